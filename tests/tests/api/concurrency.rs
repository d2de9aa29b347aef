//! Two people editing the same record: a change sent with the `updatedAt` its client read
//! (`expectedUpdatedAt`) applies only to that version of the record. The second of two saves made from
//! one read is refused with a `CONFLICT` that carries the record's current values, and leaves the record
//! as the first save left it.

use entities::values::{City, Role};
use futures_util::future::join_all;
use lode_tests::{TestApp, code_of, db_tests, id_of};
use serde_json::{Value, json};

/// When a record last changed, read through `node` (every kind edited in place is a node).
const UPDATED_AT: &str = "query($id: ID!) { node(id: $id) {
    ... on ValueDomain { updatedAt } ... on PilotCase { updatedAt } ... on PilotCaseMember { updatedAt }
    ... on Partner { updatedAt } ... on CoCreationEvent { updatedAt } ... on SuccessStory { updatedAt }
    ... on Dataset { updatedAt } } }";

/// The `updatedAt` of a record, as the admin reads it.
async fn updated_at(app: &TestApp, id: &str) -> String {
    let data = app.data(UPDATED_AT, json!({ "id": id })).await;
    data["node"]["updatedAt"]
        .as_str()
        .unwrap_or_else(|| panic!("no updatedAt in {data:#}"))
        .to_owned()
}

/// The one record a mutation's payload holds (`{ updateEvent: { event: {…} } }` → `{…}`).
fn payload_record(data: &Value) -> &Value {
    let payload = data
        .as_object()
        .and_then(|fields| fields.values().next())
        .unwrap_or_else(|| panic!("no payload in {data:#}"));
    payload
        .as_object()
        .and_then(|fields| fields.values().next())
        .unwrap_or_else(|| panic!("no record in {payload:#}"))
}

/// Asserts that an error is the refusal of a change made from an old read, and returns its current values.
fn refused_as_stale(error: &Value, kind: &str) -> Value {
    assert_eq!(code_of(error), "CONFLICT", "{error:#}");
    assert_eq!(
        error["extensions"]["field"], "expectedUpdatedAt",
        "{error:#}"
    );
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("this {kind} has changed since you read it"))
            && message.contains("Nothing was saved"),
        "{message}"
    );
    error["extensions"]["current"].clone()
}

/// A row of the table of edit mutations: the record's kind (as messages name it) and id, a change someone
/// else makes meanwhile, the field of `current` and the value that change leaves there, and the change
/// made from the read before it.
type Edit<'a> = (&'a str, &'a str, &'a str, (&'a str, Value), &'a str);

/// Changes an event; answers with what the tests compare.
const UPDATE_EVENT: &str = "mutation($input: UpdateCoCreationEventInput!) {
    updateEvent(input: $input) { event { title venue updatedAt } } }";

db_tests! {
    async fn the_second_of_two_saves_from_one_read_is_refused_with_the_current_values(app) {
        let event = app.event("Datacafé", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        let coordinator = app.account("coordinator@gent.example", Role::Coordinator, &[City::Gent], None).await;
        // Both open the event's form.
        let read = updated_at(&app, &event).await;

        let first = app
            .data(UPDATE_EVENT, json!({ "input": { "id": event, "expectedUpdatedAt": read, "title": "Datacafé Gent" } }))
            .await;
        let first = &first["updateEvent"]["event"];
        assert_eq!(first["title"], "Datacafé Gent");
        assert_ne!(first["updatedAt"], json!(read), "a change moves updatedAt");
        // A read recorded about the event (its attendee list downloaded) is not its last change.
        let download = app
            .client
            .get(format!("{}/events/{event}/attendees.csv", app.address))
            .bearer_auth(&app.admin_token)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(download.status(), 200);

        let second = app
            .graphql_as(
                Some(&coordinator),
                UPDATE_EVENT,
                json!({ "input": { "id": event, "expectedUpdatedAt": read, "title": "Datacafé Brugge", "venue": "Het Entrepot" } }),
            )
            .await;
        assert!(second["data"].is_null(), "nothing to show: {second:#}");
        let current = refused_as_stale(&second["errors"][0], "event");
        // The form gets what the record now holds, keyed as the input names it, to show beside its own text.
        assert_eq!(current["id"], json!(event));
        assert_eq!(current["title"], "Datacafé Gent");
        assert_eq!(current["venue"], "De Krook");
        assert_eq!(current["cities"], json!(["GENT"]));
        assert_eq!(current["status"], "DRAFT");
        assert_eq!(current["updatedAt"], first["updatedAt"]);
        assert!(current.get("expectedUpdatedAt").is_none(), "{current:#}");
        // The coordinator may read the audit log of Ghent's events: the message says who changed it.
        let message = second["errors"][0]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("updateEvent by an admin at"), "{message}");

        let stored = app
            .data("query($id: ID!) { event(id: $id) { title venue updatedAt } }", json!({ "id": event }))
            .await;
        assert_eq!(stored["event"], *first, "the record holds the first change only");

        // Sent again from the current values, the second change goes through.
        let retried = app
            .data_as(
                Some(&coordinator),
                UPDATE_EVENT,
                json!({ "input": { "id": event, "expectedUpdatedAt": current["updatedAt"], "title": "Datacafé Brugge" } }),
            )
            .await;
        assert_eq!(retried["updateEvent"]["event"]["title"], "Datacafé Brugge");
        assert_eq!(retried["updateEvent"]["event"]["venue"], "De Krook");
    }

    async fn a_change_without_expected_updated_at_applies_to_whatever_the_record_holds(app) {
        let event = app.event("Datacafé", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        let read = updated_at(&app, &event).await;
        app.data(UPDATE_EVENT, json!({ "input": { "id": event, "expectedUpdatedAt": read, "title": "Eerst" } }))
            .await;
        let blind = app
            .data(UPDATE_EVENT, json!({ "input": { "id": event, "title": "Daarna" } }))
            .await;
        assert_eq!(blind["updateEvent"]["event"]["title"], "Daarna");
    }

    async fn every_change_gives_the_record_a_new_updated_at_however_fast_they_come(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let mut read = updated_at(&app, &domain).await;
        let mut seen = vec![read.clone()];
        for n in 0..25 {
            let data = app
                .data(
                    "mutation($input: UpdateValueDomainInput!) { updateValueDomain(input: $input) { valueDomain { updatedAt } } }",
                    json!({ "input": { "id": domain, "expectedUpdatedAt": read, "dataReadiness": n % 5 + 1 } }),
                )
                .await;
            read = data["updateValueDomain"]["valueDomain"]["updatedAt"]
                .as_str()
                .expect("updatedAt")
                .to_owned();
            assert!(!seen.contains(&read), "change {n} repeated an updatedAt: {read}");
            seen.push(read.clone());
        }
        let instants: Vec<chrono::DateTime<chrono::Utc>> =
            seen.iter().map(|t| t.parse().expect("an RFC 3339 instant")).collect();
        assert!(instants.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    }

    async fn of_many_saves_racing_from_one_read_exactly_one_goes_through(app) {
        let event = app.event("Datacafé", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        let read = updated_at(&app, &event).await;
        let titles: Vec<String> = (0..12).map(|n| format!("Versie {n}")).collect();
        let answers = join_all(titles.iter().map(|title| {
            app.graphql(
                UPDATE_EVENT,
                json!({ "input": { "id": event, "expectedUpdatedAt": read, "title": title } }),
            )
        }))
        .await;
        let winners: Vec<&Value> = answers.iter().filter(|a| a.get("errors").is_none()).collect();
        assert_eq!(winners.len(), 1, "{answers:#?}");
        let winner = &winners[0]["data"]["updateEvent"]["event"];
        for answer in answers.iter().filter(|a| a.get("errors").is_some()) {
            let current = refused_as_stale(&answer["errors"][0], "event");
            assert_eq!(current["title"], winner["title"]);
            assert_eq!(current["updatedAt"], winner["updatedAt"]);
        }
        let stored = app
            .data("query($id: ID!) { event(id: $id) { title sequence updatedAt } }", json!({ "id": event }))
            .await;
        assert_eq!(stored["event"]["title"], winner["title"]);
        assert_eq!(stored["event"]["updatedAt"], winner["updatedAt"]);
        assert_eq!(stored["event"]["sequence"], 1, "one change, not twelve");
    }

    async fn only_those_who_may_read_the_audit_log_are_told_who_changed_the_record(app) {
        let case = app.pilot_case("Slimme parking", &app.value_domain("Mobiliteit").await).await;
        let partner = app.approved_partner("Parkeerbedrijf", "COMPANY").await;
        let member = app.account("lid@parkeer.example", Role::Partner, &[], Some(&partner)).await;
        let invited = app
            .data(
                "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DEVELOPER }) { member { id updatedAt } } }",
                json!({ "c": case, "p": partner }),
            )
            .await;
        let membership = id_of(&invited["invitePartnerToCase"]["member"]);
        let read = invited["invitePartnerToCase"]["member"]["updatedAt"].clone();
        // The team changes the role while the partner looks at the invitation.
        app.data(
            "mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, role: LEAD }) { member { id } } }",
            json!({ "id": membership }),
        )
        .await;
        let answer = app
            .graphql_as(
                Some(&member),
                "mutation($id: ID!, $read: DateTime) { updatePilotCaseMember(input: { id: $id, expectedUpdatedAt: $read, status: ACCEPTED }) { member { status } } }",
                json!({ "id": membership, "read": read }),
            )
            .await;
        let error = &answer["errors"][0];
        let current = refused_as_stale(error, "pilot case member");
        assert_eq!(current["role"], "LEAD", "the partner sees what it is asked to accept now");
        assert_eq!(current["status"], "INVITED");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(!message.contains("updatePilotCaseMember"), "a partner reads no audit log: {message}");
    }

    async fn every_edit_mutation_refuses_a_change_made_from_an_old_read(app) {
        let domain = app.value_domain("Energie").await;
        let case = app.pilot_case("Warmtenet", &domain).await;
        let partner = app.approved_partner("Warmtebedrijf", "COMPANY").await;
        let event = app.event("Warmtecafé", "2031-03-01T18:00:00Z", "2031-03-01T20:00:00Z", json!({})).await;
        let story = app
            .data(
                "mutation { createSuccessStory(input: { title: \"Warmte voor iedereen\", city: GENT }) { successStory { id } } }",
                json!({}),
            )
            .await;
        let story = id_of(&story["createSuccessStory"]["successStory"]);
        let dataset = app
            .data(
                "mutation { createDataset(input: { title: \"Warmtekaart\", publisher: \"Stad Gent\", url: \"https://data.example.org/warmte\", licence: \"CC0-1.0\", theme: ENER }) { dataset { id } } }",
                json!({}),
            )
            .await;
        let dataset = id_of(&dataset["createDataset"]["dataset"]);
        let member = app
            .data(
                "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DEVELOPER }) { member { id } } }",
                json!({ "c": case, "p": partner }),
            )
            .await;
        let member = id_of(&member["invitePartnerToCase"]["member"]);

        let table: [Edit<'_>; 12] = [
            ("value domain", &domain,
             "updateValueDomain(input: { id: $id, description: \"Elders bewerkt\" }) { valueDomain { id } }",
             ("description", json!("Elders bewerkt")),
             "updateValueDomain(input: { id: $id, expectedUpdatedAt: $read, name: \"Oud\" }) { valueDomain { id } }"),
            ("value domain", &domain,
             "updateValueDomain(input: { id: $id, dataReadiness: 4 }) { valueDomain { id } }",
             ("dataReadiness", json!(4)),
             "setValueDomainStatus(input: { id: $id, expectedUpdatedAt: $read, status: SELECTED }) { valueDomain { id } }"),
            ("pilot case", &case,
             "updatePilotCase(input: { id: $id, summary: \"Elders bewerkt\" }) { pilotCase { id } }",
             ("summary", json!("Elders bewerkt")),
             "updatePilotCase(input: { id: $id, expectedUpdatedAt: $read, title: \"Oud\" }) { pilotCase { id } }"),
            ("pilot case", &case,
             "updatePilotCase(input: { id: $id, goals: [\"Elders bewerkt\"] }) { pilotCase { id } }",
             ("goals", json!(["Elders bewerkt"])),
             "setPilotCasePhase(input: { id: $id, expectedUpdatedAt: $read, phase: PREPARING }) { pilotCase { id } }"),
            ("pilot case member", &member,
             "updatePilotCaseMember(input: { id: $id, role: DOMAIN_EXPERT }) { member { id } }",
             ("role", json!("DOMAIN_EXPERT")),
             "updatePilotCaseMember(input: { id: $id, expectedUpdatedAt: $read, role: LEAD }) { member { id } }"),
            ("partner", &partner,
             "updatePartner(input: { id: $id, website: \"https://warmte.example\" }) { partner { id } }",
             ("website", json!("https://warmte.example")),
             "updatePartner(input: { id: $id, expectedUpdatedAt: $read, name: \"Oud\" }) { partner { id } }"),
            ("partner", &partner,
             "updatePartner(input: { id: $id, capabilities: [\"warmtepompen\"] }) { partner { id } }",
             ("capabilities", json!(["warmtepompen"])),
             "setPartnerStatus(input: { id: $id, expectedUpdatedAt: $read, status: ARCHIVED }) { partner { id } }"),
            ("event", &event,
             "updateEvent(input: { id: $id, address: \"Miriam Makebaplein 1\" }) { event { id } }",
             ("address", json!("Miriam Makebaplein 1")),
             "updateEvent(input: { id: $id, expectedUpdatedAt: $read, title: \"Oud\" }) { event { id } }"),
            ("event", &event,
             "updateEvent(input: { id: $id, capacity: null }) { event { id } }",
             ("capacity", Value::Null),
             "setEventStatus(input: { id: $id, expectedUpdatedAt: $read, status: PUBLISHED }) { event { id } }"),
            ("success story", &story,
             "updateSuccessStory(input: { id: $id, summary: \"Elders bewerkt\" }) { successStory { id } }",
             ("summary", json!("Elders bewerkt")),
             "updateSuccessStory(input: { id: $id, expectedUpdatedAt: $read, title: \"Oud\" }) { successStory { id } }"),
            ("success story", &story,
             "updateSuccessStory(input: { id: $id, datasetIds: [$dataset] }) { successStory { id } }",
             ("datasetIds", json!([dataset])),
             "setSuccessStoryStatus(input: { id: $id, expectedUpdatedAt: $read, status: IN_REVIEW }) { successStory { id } }"),
            ("dataset", &dataset,
             "updateDataset(input: { id: $id, publisher: \"Elders\" }) { dataset { id } }",
             ("publisher", json!("Elders")),
             "updateDataset(input: { id: $id, expectedUpdatedAt: $read, title: \"Oud\" }) { dataset { id } }"),
        ];
        for (kind, id, meanwhile, (field, value), stale) in table {
            let read = updated_at(&app, id).await;
            let variables = if meanwhile.contains("$dataset") { "$id: ID!, $dataset: ID!" } else { "$id: ID!" };
            app.data(
                &format!("mutation({variables}) {{ {meanwhile} }}"),
                json!({ "id": id, "dataset": dataset }),
            )
            .await;
            let changed = updated_at(&app, id).await;
            let change = format!("mutation($id: ID!, $read: DateTime) {{ {stale} }}");
            let response = app.graphql(&change, json!({ "id": id, "read": read })).await;
            let current = refused_as_stale(&response["errors"][0], kind);
            assert_eq!(current["id"], json!(id), "{stale}");
            assert_eq!(current[field], value, "{stale}: {current:#}");
            assert_eq!(current["updatedAt"], json!(changed), "{stale}");
            assert_eq!(updated_at(&app, id).await, changed, "{stale} changed nothing");

            // From the current version, the same change goes through.
            let data = app.data(&change, json!({ "id": id, "read": changed })).await;
            assert_eq!(payload_record(&data)["id"], json!(id), "{stale}");
            assert_ne!(updated_at(&app, id).await, changed, "{stale} moved updatedAt");
        }
    }
}
