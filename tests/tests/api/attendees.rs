//! An event's attendee list as CSV (`GET /events/{id}/attendees.csv`), read back with the `csv` crate:
//! what it holds, that nothing in it runs as a formula, who may download it, and the audit entry of each
//! download.

use chrono::{DateTime, Duration, Utc};
use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests, id_of, uuid_of};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The UTF-8 byte order mark the file begins with.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The list's columns, in order.
const COLUMNS: [&str; 9] = [
    "code",
    "status",
    "waitlist_position",
    "partner",
    "stakeholder_type",
    "contact_person",
    "registered_at",
    "checked_in_at",
    "name",
];

/// Asks for an event's attendee list with a bearer token (or none).
async fn download(app: &TestApp, event: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .get(format!("{}/events/{event}/attendees.csv", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

/// The list's rows, read with the `csv` crate, as column-to-cell maps (after checking the header).
async fn rows(response: reqwest::Response) -> Vec<HashMap<String, String>> {
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("a body");
    assert!(bytes.starts_with(BOM), "a byte order mark, for Excel");
    // The file as downloaded: the `csv` crate, as most readers, skips the byte order mark itself.
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, COLUMNS);
    reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Signs a partner up as the admin; returns the registration.
async fn register(app: &TestApp, event: &str, partner: &str) -> Value {
    app.data(
        "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id code status } } }",
        json!({ "e": event, "p": partner }),
    )
    .await["registerForEvent"]["registration"]
        .clone()
}

/// An approved partner with a private contact; returns its id.
async fn partner_with_contact(app: &TestApp, name: &str) -> String {
    let data = app
        .data(
            "mutation($n: String!) { createPartner(input: { name: $n, stakeholderType: CIVIC_ORGANISATION,
                contact: { name: \"Noor De Smet\", email: \"noor@buurtwerk.example\", phone: \"+32 9 123 45 67\" } }) { partner { id } } }",
            json!({ "n": name }),
        )
        .await;
    let id = id_of(&data["createPartner"]["partner"]);
    app.data(
        "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }",
        json!({ "id": id }),
    )
    .await;
    id
}

/// An instant as the list writes it: Brussels local time, to the minute.
fn brussels(instant: &str) -> String {
    instant
        .parse::<DateTime<Utc>>()
        .expect("an instant")
        .with_timezone(&chrono_tz::Europe::Brussels)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The audit log's entries about downloads of the event's list, as `token` (by default the admin) reads
/// them.
async fn downloads_logged(app: &TestApp, event: &str, token: Option<&str>) -> Value {
    app.data_as(
        Some(token.unwrap_or(&app.admin_token)),
        "query($s: UUID!) { auditLog(filter: { action: \"downloadAttendeeList\", subjectId: $s }) { totalCount nodes { actorRole } } }",
        json!({ "s": uuid_of(event) }),
    )
    .await["auditLog"]
        .clone()
}

db_tests! {
    async fn the_list_holds_every_registration_and_no_cell_runs_as_a_formula(app) {
        let event = app.open_event("Cocreatie badges", 2).await;
        let attends = app.approved_partner("=HYPERLINK(\"http://evil.example\",\"klik\")", "COMPANY").await;
        let misses = partner_with_contact(&app, "Buurtwerk Muide").await;
        let first_waiting = app.approved_partner("Université Gent", "EDUCATION_RESEARCH").await;
        let cancels = app.approved_partner("-Afgemeld", "CITIZEN").await;
        let second_waiting = app.approved_partner("@Stadsdata", "GOVERNMENT").await;
        let mut codes = HashMap::new();
        for partner in [&attends, &misses, &first_waiting, &cancels, &second_waiting] {
            let registration = register(&app, &event, partner).await;
            codes.insert(partner.clone(), registration);
        }
        app.data(
            "mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { status } } }",
            json!({ "id": id_of(&codes[&cancels]) }),
        )
        .await;
        let checked_in = app
            .data(
                "mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { checkedInAt } } }",
                json!({ "e": event, "c": codes[&attends]["code"] }),
            )
            .await["checkIn"]["registration"]["checkedInAt"]
            .as_str()
            .expect("a check-in time")
            .to_owned();
        // The event took place: whoever had a seat and did not come is a no-show.
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
        let mut row = entities::event::Entity::find_by_id(uuid_of(&event)).one(&app.db).await.expect("read").expect("the event");
        row.starts_at = Utc::now() - Duration::hours(3);
        row.ends_at = Utc::now() - Duration::hours(1);
        row.into_active_model().reset_all().update(&app.db).await.expect("moved into the past");
        app.data("mutation($e: ID!) { markNoShows(input: { eventId: $e }) { marked } }", json!({ "e": event })).await;

        let response = download(&app, &event, Some(&app.admin_token)).await;
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert_eq!(headers["cache-control"], "no-store");
        let slug = app.data("query($id: ID!) { event(id: $id) { slug } }", json!({ "id": event })).await["event"]["slug"]
            .as_str().expect("a slug").to_owned();
        assert_eq!(headers["content-disposition"], format!("attachment; filename=\"attendees-{slug}.csv\"").as_str());
        let rows = rows(response).await;

        let registered = app
            .data("query($id: ID!) { event(id: $id) { registrations { code createdAt partner { id } } } }", json!({ "id": event }))
            .await;
        let registered_at: HashMap<String, String> = registered["event"]["registrations"].as_array().expect("registrations").iter()
            .map(|r| (r["partner"]["id"].as_str().expect("an id").to_owned(), brussels(r["createdAt"].as_str().expect("a time"))))
            .collect();
        let expected = [
            (&attends, "'=HYPERLINK(\"http://evil.example\",\"klik\")", "ATTENDED", "", "COMPANY", "", brussels(&checked_in)),
            (&misses, "Buurtwerk Muide", "NO_SHOW", "", "CIVIC_ORGANISATION", "Noor De Smet", String::new()),
            (&first_waiting, "Université Gent", "WAITLISTED", "1", "EDUCATION_RESEARCH", "", String::new()),
            (&cancels, "'-Afgemeld", "CANCELLED", "", "CITIZEN", "", String::new()),
            (&second_waiting, "'@Stadsdata", "WAITLISTED", "2", "GOVERNMENT", "", String::new()),
        ];
        assert_eq!(rows.len(), expected.len(), "one row per person, here one per registration: {rows:#?}");
        for (partner, name, status, place, kind, contact, arrived) in expected {
            let row = rows.iter().find(|row| row["partner"] == name).unwrap_or_else(|| panic!("{name} in {rows:#?}"));
            assert_eq!(row["code"], codes[partner]["code"].as_str().expect("a code"), "{name}");
            assert_eq!(row["status"], status, "{name}");
            assert_eq!(row["waitlist_position"], place, "{name}");
            assert_eq!(row["stakeholder_type"], kind, "{name}");
            assert_eq!(row["contact_person"], contact, "{name}");
            assert_eq!(row["registered_at"], registered_at[partner], "{name}");
            assert_eq!(row["checked_in_at"], arrived, "{name}");
            let person = if contact.is_empty() { name } else { contact };
            assert_eq!(row["name"], person, "one person by default: the contact, else the partner");
        }
        for row in &rows {
            for (column, cell) in row {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{column} would run as a formula: {cell:?}");
            }
        }
        let text = rows.iter().flat_map(|row| row.values()).cloned().collect::<Vec<_>>().join(" ");
        assert!(!text.contains("noor@buurtwerk.example") && !text.contains("123 45 67"), "no e-mail address or phone number: {text}");
    }

    async fn the_list_has_a_row_for_each_person_with_their_own_check_in(app) {
        let event = app.open_event("Cocreatie badges", 10).await;
        let partner = partner_with_contact(&app, "Buurtwerk Muide").await;
        let registration = app
            .data(
                "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p, people: [\"Bram Claes\", \"=An Peeters\"] }) { registration { code people { id } } } }",
                json!({ "e": event, "p": partner }),
            )
            .await["registerForEvent"]["registration"]
            .clone();
        let arrived = app
            .data(
                "mutation($e: ID!, $c: String!, $p: [ID!]) { checkIn(input: { eventId: $e, code: $c, personIds: $p }) { registration { people { checkedInAt } } } }",
                json!({ "e": event, "c": registration["code"], "p": [registration["people"][1]["id"]] }),
            )
            .await["checkIn"]["registration"]["people"][1]["checkedInAt"]
            .as_str()
            .expect("a check-in time")
            .to_owned();
        let rows = rows(download(&app, &event, Some(&app.admin_token)).await).await;
        let people: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|row| (row["name"].as_str(), row["contact_person"].as_str(), row["status"].as_str(), row["checked_in_at"].as_str()))
            .collect();
        let at = brussels(&arrived);
        assert_eq!(
            people,
            [("Bram Claes", "Noor De Smet", "ATTENDED", ""), ("'=An Peeters", "Noor De Smet", "ATTENDED", at.as_str())],
            "one row per person, in the registration's order, each with its own arrival"
        );
    }

    async fn only_the_events_own_team_downloads_it_and_each_download_is_audited(app) {
        let event = app.open_event("Open sessie", 20).await;
        let draft = app.event("Nog een ontwerp", "2031-02-01T09:00:00Z", "2031-02-01T11:00:00Z", json!({})).await;
        let partner = app.approved_partner("Partner A", "COMPANY").await;
        register(&app, &event, &partner).await;
        let member = app.account("lid@partner.test", Role::Partner, &[], Some(&partner)).await;
        let gent = app.account("gent@stad.test", Role::Coordinator, &[City::Gent], None).await;
        let brugge = app.account("brugge@stad.test", Role::Coordinator, &[City::Brugge], None).await;

        for (who, token, public, hidden) in [
            ("anonymous", None, 401, 404),
            ("a partner's member", Some(member.as_str()), 403, 404),
            ("another city's coordinator", Some(brugge.as_str()), 403, 403),
            ("a token that signs nobody in", Some("not-a-token"), 401, 401),
        ] {
            for (which, id, status) in [("the public event", &event, public), ("the draft", &draft, hidden)] {
                let response = download(&app, id, token).await;
                assert_eq!(response.status(), status, "{who} asking for {which}");
                assert_eq!(response.headers()["content-type"], "application/json", "{who}: an error answer");
                let body: Value = response.json().await.expect("JSON");
                let expected = match status {
                    401 => "UNAUTHENTICATED",
                    403 => "FORBIDDEN",
                    _ => "NOT_FOUND",
                };
                assert_eq!(code_of(&body["errors"][0]), expected, "{who} asking for {which}");
            }
        }
        assert_eq!(downloads_logged(&app, &event, None).await["totalCount"], 0, "a refusal is no download");

        for token in [&gent, &app.admin_token] {
            assert_eq!(rows(download(&app, &event, Some(token)).await).await.len(), 1);
        }
        assert_eq!(rows(download(&app, &draft, Some(&gent)).await).await.len(), 0, "a draft's list is the team's too");
        let logged = downloads_logged(&app, &event, None).await;
        assert_eq!(logged["totalCount"], 2, "one entry per download: {logged:#}");
        let mut roles: Vec<&str> = logged["nodes"].as_array().expect("entries").iter().filter_map(|e| e["actorRole"].as_str()).collect();
        roles.sort_unstable();
        assert_eq!(roles, ["ADMIN", "COORDINATOR"]);
        assert_eq!(
            downloads_logged(&app, &event, Some(&gent)).await["totalCount"], 2,
            "the city's coordinator reads the downloads of its event's list"
        );
        assert_eq!(downloads_logged(&app, &event, Some(&brugge)).await["totalCount"], 0);

        for (path, status) in [
            ("not-an-id".to_owned(), 400),
            (partner.clone(), 400),
            (lode_api::graphql::ids::encode(lode_api::graphql::ids::Kind::CoCreationEvent, uuid::Uuid::now_v7()).0, 404),
        ] {
            let response = download(&app, &path, Some(&app.admin_token)).await;
            assert_eq!(response.status(), status, "{path}");
        }

        // The calendars beside it still answer.
        let slug = app.data("query($id: ID!) { event(id: $id) { slug } }", json!({ "id": event })).await["event"]["slug"]
            .as_str().expect("a slug").to_owned();
        let calendar = app.get(&format!("/events/{slug}.ics")).await;
        assert_eq!(calendar.status(), 200);
        assert_eq!(app.get(&format!("/events/{slug}/attendees.ics")).await.status(), 404);
    }
}
