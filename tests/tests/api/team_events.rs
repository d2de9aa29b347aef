//! What the team's event pages read and change beyond the event's own fields: its quotas per stakeholder
//! type (read back by the team only, changed from the version read like every other edit), the status
//! moves its lifecycle allows now (`nextStatuses`), and whether the viewer may change it
//! (`viewerCanUpdate`, also a filter of `events`).

use chrono::{Duration, Utc};
use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests};
use serde_json::{Value, json};

/// An event's quotas and version, as the asker may read them.
const QUOTAS: &str = "query($id: ID!) { event(id: $id) { quotas { stakeholderType maxSeats reservedSeats reservedUntil } updatedAt } }";

/// Sets an event's quotas from the version read.
const SET_QUOTAS: &str = "mutation($id: ID!, $read: DateTime, $quotas: [EventQuotaInput!]!) {
    setEventQuotas(input: { eventId: $id, expectedUpdatedAt: $read, quotas: $quotas }) {
        event { updatedAt quotas { stakeholderType maxSeats reservedSeats } } } }";

/// Moves an event to another status.
const SET_STATUS: &str = "mutation($id: ID!, $status: EventStatus!) { setEventStatus(input: { id: $id, status: $status }) { event { status nextStatuses } } }";

/// The statuses an event may move to now.
const NEXT: &str = "query($id: ID!) { event(id: $id) { status nextStatuses } }";

/// When the event last changed, as the admin reads it.
async fn updated_at(app: &TestApp, event: &str) -> String {
    let data = app.data(QUOTAS, json!({ "id": event })).await;
    data["event"]["updatedAt"]
        .as_str()
        .expect("an updatedAt")
        .to_owned()
}

/// The statuses the event may move to now, as the public reads them.
async fn next_statuses(app: &TestApp, event: &str) -> Value {
    app.data(NEXT, json!({ "id": event })).await["event"]["nextStatuses"].clone()
}

db_tests! {
    async fn the_team_reads_an_events_quotas_back_in_the_types_order_and_nobody_else_does(app) {
        let event = app.open_event("Quotasessie", 10).await;
        let until = (Utc::now() + Duration::days(3)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let read = updated_at(&app, &event).await;
        let saved = app
            .data(
                SET_QUOTAS,
                json!({ "id": event, "read": read, "quotas": [
                    { "stakeholderType": "EDUCATION_RESEARCH", "maxSeats": 2 },
                    { "stakeholderType": "CITIZEN", "reservedSeats": 3, "reservedUntil": until },
                ] }),
            )
            .await;
        assert_ne!(saved["setEventQuotas"]["event"]["updatedAt"], json!(read), "a change to the quotas moves updatedAt");

        let coordinator = app.account("coordinator@brugge.example", Role::Coordinator, &[City::Brugge], None).await;
        let seen = app.data_as(Some(&coordinator), QUOTAS, json!({ "id": event })).await;
        let quotas = &seen["event"]["quotas"];
        assert_eq!(quotas[0]["stakeholderType"], "CITIZEN", "the types' order, not the stored names': {quotas:#}");
        assert_eq!(quotas[0]["reservedSeats"], 3);
        assert_eq!(quotas[0]["maxSeats"], Value::Null);
        let kept = quotas[0]["reservedUntil"].as_str().expect("a time");
        assert_eq!(chrono::DateTime::parse_from_rfc3339(kept).expect("RFC 3339"), chrono::DateTime::parse_from_rfc3339(&until).expect("RFC 3339"));
        assert_eq!(quotas[1], json!({ "stakeholderType": "EDUCATION_RESEARCH", "maxSeats": 2, "reservedSeats": null, "reservedUntil": null }));

        let partner = app.approved_partner("Quotapartner", "CITIZEN").await;
        let member = app.account("lid@quotapartner.example", Role::Partner, &[], Some(&partner)).await;
        for token in [None, Some(member.as_str())] {
            let answer = app.data_as(token, QUOTAS, json!({ "id": event })).await;
            assert_eq!(answer["event"]["quotas"], Value::Null, "the team's only");
        }
    }

    async fn quotas_and_fields_refuse_a_change_made_from_an_old_read_either_way(app) {
        let event = app.open_event("Quotasessie", 10).await;
        let read = updated_at(&app, &event).await;
        app.data(SET_QUOTAS, json!({ "id": event, "read": read, "quotas": [{ "stakeholderType": "COMPANY", "maxSeats": 4 }] })).await;
        let changed = updated_at(&app, &event).await;

        // A form read before the quotas changed may not save its fields over them unseen.
        let stale = app
            .error(
                "mutation($id: ID!, $read: DateTime) { updateEvent(input: { id: $id, expectedUpdatedAt: $read, title: \"Oud\" }) { event { id } } }",
                json!({ "id": event, "read": read }),
            )
            .await;
        assert_eq!(code_of(&stale), "CONFLICT");
        assert_eq!(stale["extensions"]["field"], "expectedUpdatedAt");
        let current = &stale["extensions"]["current"];
        assert_eq!(current["quotas"], json!([{ "stakeholderType": "COMPANY", "maxSeats": 4, "reservedSeats": null, "reservedUntil": null }]));
        assert_eq!(current["title"], "Quotasessie");
        assert_eq!(current["updatedAt"], json!(changed));

        // Nor its quotas over a change of the fields.
        app.data("mutation($id: ID!) { updateEvent(input: { id: $id, capacity: 12 }) { event { id } } }", json!({ "id": event })).await;
        let again = app.error(SET_QUOTAS, json!({ "id": event, "read": changed, "quotas": [] })).await;
        assert_eq!(code_of(&again), "CONFLICT");
        assert_eq!(again["extensions"]["field"], "expectedUpdatedAt");
        assert!(again["message"].as_str().unwrap_or_default().contains("this event has changed since you read it"), "{again:#}");
        assert_eq!(again["extensions"]["current"]["capacity"], 12);
        assert_eq!(again["extensions"]["current"]["quotas"][0]["maxSeats"], 4, "nothing was saved");

        // From the current version it goes through; without a version it applies to whatever is there.
        let now = updated_at(&app, &event).await;
        let cleared = app.data(SET_QUOTAS, json!({ "id": event, "read": now, "quotas": [] })).await;
        assert_eq!(cleared["setEventQuotas"]["event"]["quotas"], json!([]));
        app.data(SET_QUOTAS, json!({ "id": event, "quotas": [{ "stakeholderType": "CITIZEN", "maxSeats": 1 }] })).await;

        // A cancelled event's quotas no longer change, as none of its fields do.
        app.data(SET_STATUS, json!({ "id": event, "status": "CANCELLED" })).await;
        let cancelled = app.error(SET_QUOTAS, json!({ "id": event, "quotas": [] })).await;
        assert_eq!(code_of(&cancelled), "CONFLICT");
        assert_eq!(cancelled["extensions"]["field"], "status");
    }

    async fn next_statuses_are_the_moves_the_lifecycle_allows_now(app) {
        let event = app.event("Levensloop", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        assert_eq!(next_statuses(&app, &event).await, json!(["PUBLISHED", "CANCELLED"]));
        let published = app.data(SET_STATUS, json!({ "id": event, "status": "PUBLISHED" })).await;
        assert_eq!(published["setEventStatus"]["event"]["nextStatuses"], json!(["CANCELLED"]), "not completed before it starts");
        let refused = app.error(SET_STATUS, json!({ "id": event, "status": "COMPLETED" })).await;
        assert_eq!(code_of(&refused), "CONFLICT", "the move left out is the one refused");

        let started = (Utc::now() - Duration::hours(1)).to_rfc3339();
        let ends = (Utc::now() + Duration::hours(1)).to_rfc3339();
        app.data(
            "mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateEvent(input: { id: $id, startsAt: $s, endsAt: $e }) { event { id } } }",
            json!({ "id": event, "s": started, "e": ends }),
        )
        .await;
        assert_eq!(next_statuses(&app, &event).await, json!(["CANCELLED", "COMPLETED"]));
        let completed = app.data(SET_STATUS, json!({ "id": event, "status": "COMPLETED" })).await;
        assert_eq!(completed["setEventStatus"]["event"], json!({ "status": "COMPLETED", "nextStatuses": [] }), "a completed event moves no more");
    }

    async fn only_those_who_manage_an_event_are_told_they_may_change_it_and_offered_its_moves(app) {
        let ghent = app.event("Gentse sessie", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        let bruges = app.event("Brugse sessie", "2031-03-02T18:00:00Z", "2031-03-02T20:00:00Z", json!({ "cities": ["BRUGGE"] })).await;
        let both = app.event("Gedeelde sessie", "2031-03-03T18:00:00Z", "2031-03-03T20:00:00Z", json!({ "cities": ["BRUGGE", "GENT"] })).await;
        for id in [&ghent, &bruges, &both] {
            app.data(SET_STATUS, json!({ "id": id, "status": "PUBLISHED" })).await;
        }
        let coordinator = app.account("coordinator@gent.example", Role::Coordinator, &[City::Gent], None).await;
        let partner = app.approved_partner("Kijker", "CITIZEN").await;
        let member = app.account("lid@kijker.example", Role::Partner, &[], Some(&partner)).await;
        let coordinator = Some(coordinator.as_str());
        let admin = Some(app.admin_token.as_str());

        let may = json!({ "viewerCanUpdate": true, "nextStatuses": ["CANCELLED"] });
        let may_not = json!({ "viewerCanUpdate": false, "nextStatuses": [] });
        assert_eq!(may_change(&app, coordinator, &ghent).await, may);
        assert_eq!(may_change(&app, coordinator, &both).await, may, "one of its cities is enough");
        assert_eq!(may_change(&app, coordinator, &bruges).await, may_not, "another city's event");
        assert_eq!(may_change(&app, admin, &bruges).await, may);
        assert_eq!(may_change(&app, Some(&member), &ghent).await, may_not);
        assert_eq!(may_change(&app, None, &ghent).await, may_not);

        // The list of the events one may change applies the same rule.
        assert_eq!(changeable(&app, coordinator, true).await, ["Gentse sessie", "Gedeelde sessie"]);
        assert_eq!(changeable(&app, coordinator, false).await, ["Brugse sessie"]);
        assert_eq!(changeable(&app, admin, true).await.len(), 3);
        assert!(changeable(&app, admin, false).await.is_empty(), "an admin may change every event");
        assert_eq!(changeable(&app, None, false).await.len(), 3, "the public may change none");
        assert!(changeable(&app, None, true).await.is_empty(), "the public changes no event");
        assert!(changeable(&app, Some(&member), true).await.is_empty());
    }
}

/// Whether the viewer may change the event, and the moves it is offered.
async fn may_change(app: &TestApp, token: Option<&str>, event: &str) -> Value {
    let data = app
        .data_as(
            token,
            "query($id: ID!) { event(id: $id) { viewerCanUpdate nextStatuses } }",
            json!({ "id": event }),
        )
        .await;
    data["event"].clone()
}

/// The titles of the events of 2031 that the viewer may change (`managed`), or may not.
async fn changeable(app: &TestApp, token: Option<&str>, managed: bool) -> Vec<String> {
    let data = app
        .data_as(
            token,
            "query($m: Boolean!) { events(filter: { viewerCanUpdate: $m, startsFrom: \"2031-01-01T00:00:00Z\" }, first: 10) { nodes { title } } }",
            json!({ "m": managed }),
        )
        .await;
    data["events"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|node| node["title"].as_str().expect("a title").to_owned())
        .collect()
}
