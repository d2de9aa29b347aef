//! The audit log as the team's page reads it: every action with its kind of record, the filters (who,
//! which kind of record, when), who acted as far as each viewer may know it, and the record an entry is
//! about.

use chrono::{Duration, Utc};
use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests, id_of, uuid_of};
use serde_json::{Value, json};

/// Every entry of the log a filter lets through for a viewer, with who acted and what it is about.
const LOG: &str = "query($f: AuditFilter) { auditLog(filter: $f, first: 100) { totalCount nodes {
    action recordKind actorRole subjectId at
    actor { id isViewer exists role email cities partner { name } }
    subjectAccount { email isViewer }
    subject { __typename ... on CoCreationEvent { slug } ... on Registration { event { slug } partner { name } } ... on PilotCase { slug } }
} } }";

/// The log's entries a filter lets through, as `viewer` (none: the admin).
async fn entries(app: &TestApp, viewer: Option<&str>, filter: Value) -> Vec<Value> {
    let token = viewer.unwrap_or(&app.admin_token);
    let data = app.data_as(Some(token), LOG, json!({ "f": filter })).await;
    let log = &data["auditLog"];
    let nodes = log["nodes"].as_array().expect("nodes").clone();
    assert_eq!(
        log["totalCount"].as_u64(),
        Some(nodes.len() as u64),
        "one page holds them all"
    );
    nodes
}

/// The actions of entries.
fn actions(nodes: &[Value]) -> Vec<&str> {
    nodes
        .iter()
        .map(|n| n["action"].as_str().unwrap_or_default())
        .collect()
}

db_tests! {
    async fn every_mutation_is_an_action_of_the_log_with_its_kind_of_record(app) {
        let data = app
            .data("{ __type(name: \"Mutation\") { fields { name } } auditActions { name recordKind } }", json!({}))
            .await;
        let known: Vec<&str> = data["auditActions"].as_array().expect("actions").iter().map(|a| a["name"].as_str().unwrap_or_default()).collect();
        for field in data["__type"]["fields"].as_array().expect("fields") {
            let name = field["name"].as_str().expect("a name");
            assert!(known.contains(&name), "the mutation {name} has no kind of record in domain::audit::ACTIONS");
        }
        let download = data["auditActions"].as_array().expect("actions").iter().find(|a| a["name"] == "downloadAttendeeList");
        assert_eq!(download.map(|a| a["recordKind"].clone()), Some(json!("EVENT")), "an audited read is an action too");

        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let partner = app.approved_partner("Lezer", "CITIZEN").await;
        let member = app.account("lid@lezer.test", Role::Partner, &[], Some(&partner)).await;
        assert_eq!(app.data_as(Some(&gent), "{ auditActions { name } }", json!({})).await["auditActions"].as_array().map(Vec::len), Some(known.len()));
        let refused = app.graphql_as(Some(&member), "{ auditActions { name } }", json!({})).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN", "the actions are the team's, like the log");
    }

    async fn the_log_is_filtered_by_who_which_kind_of_record_and_when(app) {
        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let starts = Utc::now() + Duration::days(10);
        let ends = starts + Duration::hours(2);
        let event = app.event("Gefilterd event", &starts.to_rfc3339(), &ends.to_rfc3339(), json!({})).await;
        app.data_as(Some(&gent), "mutation($id: ID!) { updateEvent(input: { id: $id, venue: \"Het Pand\" }) { event { id } } }", json!({ "id": event })).await;
        let domain = app.value_domain("Filterdomein").await;
        app.pilot_case("Gefilterde case", &domain).await;

        let events = entries(&app, None, json!({ "recordKind": "EVENT" })).await;
        assert_eq!(actions(&events), ["updateEvent", "createEvent"], "newest first, only the event's");
        assert!(events.iter().all(|e| e["recordKind"] == "EVENT"));
        assert_eq!(actions(&entries(&app, None, json!({ "recordKind": "PILOT_CASE" })).await), ["createPilotCase"]);
        // The coordinator signed in before changing the event.
        assert_eq!(actions(&entries(&app, None, json!({ "actorRole": "COORDINATOR" })).await), ["updateEvent", "login"]);
        assert_eq!(actions(&entries(&app, None, json!({ "actorEmail": " Gent@Lode.test " })).await), ["updateEvent", "login"], "an address as typed");
        assert!(entries(&app, None, json!({ "actorEmail": "niemand@lode.test" })).await.is_empty(), "an address nobody has finds nothing");

        // Time: the window [from, before) around now holds every entry; one that ended before them, none.
        let now = Utc::now();
        let window = json!({ "atFrom": (now - Duration::hours(1)).to_rfc3339(), "atBefore": (now + Duration::hours(1)).to_rfc3339() });
        let all = entries(&app, None, json!({})).await;
        assert!(all.len() >= 4, "createValueDomain, createPilotCase, the event's two and the logins");
        assert_eq!(entries(&app, None, window).await.len(), all.len());
        assert!(entries(&app, None, json!({ "atBefore": (now - Duration::hours(1)).to_rfc3339() })).await.is_empty());
        assert!(entries(&app, None, json!({ "atFrom": (now + Duration::hours(1)).to_rfc3339() })).await.is_empty());
        let together = json!({ "recordKind": "EVENT", "actorRole": "ADMIN", "atFrom": (now - Duration::hours(1)).to_rfc3339() });
        assert_eq!(actions(&entries(&app, None, together).await), ["createEvent"], "the filters hold together");

        // A coordinator may not look up an address: the entries found would tell who signs in with it.
        let probe = app.graphql_as(Some(&gent), LOG, json!({ "f": { "actorEmail": "gent@lode.test" } })).await;
        assert_eq!(code_of(&probe["errors"][0]), "FORBIDDEN");
        assert_eq!(actions(&entries(&app, Some(&gent), json!({ "actorRole": "COORDINATOR" })).await), ["updateEvent"], "but a role, yes");
    }

    async fn who_acted_is_told_to_each_viewer_only_as_far_as_they_may_know(app) {
        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let partner = app.approved_partner("Stille Lezers", "CITIZEN").await;
        let member = app.account("lid@stille-lezers.test", Role::Partner, &[], Some(&partner)).await;
        let event = app.open_event("Open avond", 10).await;
        let slug = app.data("query($id: ID!) { node(id: $id) { ... on CoCreationEvent { slug } } }", json!({ "id": event })).await["node"]["slug"].clone();
        let registered = app
            .data_as(Some(&member), "mutation($e: ID!) { registerForEvent(input: { eventId: $e }) { registration { id } } }", json!({ "e": event }))
            .await;
        let registration = id_of(&registered["registerForEvent"]["registration"]);
        app.data_as(Some(&gent), "mutation($id: ID!) { updateEvent(input: { id: $id, venue: \"Het Pand\" }) { event { id } } }", json!({ "id": event })).await;

        let filter = json!({ "action": "registerForEvent" });
        let [for_gent] = entries(&app, Some(&gent), filter.clone()).await.try_into().expect("one entry");
        assert_eq!(for_gent["actor"]["email"], Value::Null, "a coordinator learns no member's address");
        assert_eq!(for_gent["actor"]["partner"]["name"], "Stille Lezers", "but which partner, as the team sees anyway");
        assert_eq!((for_gent["actor"]["role"].clone(), for_gent["actor"]["isViewer"].clone()), (json!("PARTNER"), json!(false)));
        assert_eq!(for_gent["recordKind"], "REGISTRATION");
        assert_eq!(for_gent["subjectId"], uuid_of(&registration).to_string());
        assert_eq!(for_gent["subject"]["__typename"], "Registration");
        assert_eq!(for_gent["subject"]["event"]["slug"], slug, "the record, for its team page");
        assert_eq!(for_gent["subject"]["partner"]["name"], "Stille Lezers");
        let [for_admin] = entries(&app, None, filter).await.try_into().expect("one entry");
        assert_eq!(for_admin["actor"]["email"], "lid@stille-lezers.test", "an admin sees who by address");
        assert_eq!(for_admin["actor"]["id"], for_gent["actor"]["id"]);

        let [own] = entries(&app, Some(&gent), json!({ "action": "updateEvent" })).await.try_into().expect("one entry");
        assert_eq!((own["actor"]["isViewer"].clone(), own["actor"]["email"].clone()), (json!(true), json!("gent@lode.test")), "your own entry names you");
        assert_eq!(own["actor"]["cities"], json!(["GENT"]));
        assert_eq!(own["subject"]["slug"], slug);
        let by_actor = entries(&app, Some(&gent), json!({ "actorId": own["actor"]["id"] })).await;
        assert_eq!(actions(&by_actor), ["updateEvent"], "one account's entries by its id");

        // An account's entries name the account: to an admin by its address.
        app.data(
            "mutation { createAccount(input: { email: \"nieuw@lode.test\", password: \"een-lang-wachtwoord-voor-nieuw\", role: COORDINATOR, cities: [BRUGGE] }) { account { id } } }",
            json!({}),
        )
        .await;
        let [made] = entries(&app, None, json!({ "recordKind": "ACCOUNT", "action": "createAccount" })).await.try_into().expect("one entry");
        assert_eq!(made["subjectAccount"]["email"], "nieuw@lode.test");
        assert_eq!(made["subject"], Value::Null, "an account is no record the admin reads as a node");
        assert!(entries(&app, Some(&gent), json!({ "recordKind": "ACCOUNT" })).await.is_empty(), "accounts are the admins' only");

        // Once the record is gone, its entries stay, with its kind and no record.
        app.data("mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { id } } }", json!({ "id": registration })).await;
        let cancelled = entries(&app, None, json!({ "subjectId": uuid_of(&registration).to_string() })).await;
        assert_eq!(actions(&cancelled), ["cancelRegistration", "registerForEvent"], "one record's history");
    }

    async fn a_coordinator_reads_only_the_entries_of_their_cities_records_through_every_filter(app) {
        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let starts = Utc::now() + Duration::days(3);
        let ends = starts + Duration::hours(2);
        let ghent = app.event("Gents event", &starts.to_rfc3339(), &ends.to_rfc3339(), json!({ "cities": ["GENT"] })).await;
        let bruges = app.event("Brugs event", &starts.to_rfc3339(), &ends.to_rfc3339(), json!({ "cities": ["BRUGGE"] })).await;
        for event in [&ghent, &bruges] {
            app.data("mutation($id: ID!) { updateEvent(input: { id: $id, venue: \"Elders\" }) { event { id } } }", json!({ "id": event })).await;
        }
        let subjects = |nodes: Vec<Value>| nodes.iter().map(|n| n["subjectId"].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>();
        let ghent_id = uuid_of(&ghent).to_string();
        let bruges_id = uuid_of(&bruges).to_string();
        for filter in [json!({}), json!({ "recordKind": "EVENT" }), json!({ "actorRole": "ADMIN" }), json!({ "action": "updateEvent" })] {
            let seen = subjects(entries(&app, Some(&gent), filter.clone()).await);
            assert!(seen.contains(&ghent_id), "Ghent's event through {filter}");
            assert!(!seen.contains(&bruges_id), "no entry of Bruges' event through {filter}");
            assert!(subjects(entries(&app, None, filter.clone()).await).contains(&bruges_id), "the admin reads it through {filter}");
        }
        assert!(entries(&app, Some(&gent), json!({ "subjectId": bruges_id })).await.is_empty(), "not even by its id");
    }
}
