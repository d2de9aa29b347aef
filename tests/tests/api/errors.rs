//! Bad input: each gets its own clear error and stable code, nothing is half-written, the server stays up.

use lode_tests::{Backend, code_of, db_tests, logged};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const CREATE_CASE: &str = "mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { id slug } } }";

db_tests! {
    async fn a_failing_database_is_internal_to_the_client_and_logged_with_its_cause_request_id_and_operation(app) {
        let drop = match app.backend {
            Backend::Postgres => "DROP TABLE dataset CASCADE",
            Backend::Sqlite => "DROP TABLE dataset",
        };
        app.db.execute_unprepared(drop).await.expect("the table is dropped");
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&app.admin_token)
            .json(&json!({ "query": "query CountDatasets { datasets { totalCount } }" }))
            .send()
            .await
            .expect("an answer");
        let request_id = response.headers()["x-request-id"].to_str().expect("text").to_owned();
        let body = response.text().await.expect("a body");
        let answer: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(code_of(&answer["errors"][0]), "INTERNAL", "{answer}");
        assert!(!body.contains("dataset\"") && !body.contains("no such table") && !body.contains("does not exist"), "no database text for the client: {body}");

        let lines = logged(&request_id);
        let line = lines
            .iter()
            .find(|line| line.contains("database error"))
            .unwrap_or_else(|| panic!("no log line of request {request_id} names the database error: {lines:#?}"));
        assert!(line.contains("CountDatasets"), "the operation name: {line}");
        // The driver's own message, beneath sea-orm's, as a field of its own (text or JSON logs): only the
        // cause chain reaches it.
        let cause = ["cause=", "\"cause\":\""]
            .iter()
            .find_map(|field| line.split_once(field))
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("no cause field: {line}"));
        match app.backend {
            Backend::Sqlite => assert!(cause.starts_with("(code: 1) no such table: dataset"), "the driver's cause: {line}"),
            Backend::Postgres => assert!(cause.starts_with("relation ") && cause.contains("dataset") && cause.contains("does not exist"), "the driver's cause: {line}"),
        }
    }

    async fn a_taken_slug_is_a_conflict_and_generated_slugs_step_aside(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let first = app.data(CREATE_CASE, json!({ "input": { "title": "Slimme werven", "valueDomainId": domain, "cities": ["GENT"] } })).await;
        assert_eq!(first["createPilotCase"]["pilotCase"]["slug"], "slimme-werven");
        let second = app.data(CREATE_CASE, json!({ "input": { "title": "Slimme werven", "valueDomainId": domain, "cities": ["GENT"] } })).await;
        assert_eq!(second["createPilotCase"]["pilotCase"]["slug"], "slimme-werven-2");
        let taken = app
            .error(CREATE_CASE, json!({ "input": { "title": "Iets anders", "slug": "slimme-werven", "valueDomainId": domain, "cities": ["GENT"] } }))
            .await;
        assert_eq!(code_of(&taken), "CONFLICT");
        assert_eq!(taken["extensions"]["field"], "slug");
        let malformed = app
            .error(CREATE_CASE, json!({ "input": { "title": "X", "slug": "Hoofd Letters", "valueDomainId": domain, "cities": ["GENT"] } }))
            .await;
        assert_eq!(code_of(&malformed), "VALIDATION");
        assert_eq!(malformed["extensions"]["field"], "slug");

        // The web pages' word for a new record (`#/team/cases/nieuw`) is no record's slug.
        let reserved = app.data(CREATE_CASE, json!({ "input": { "title": "Nieuw", "valueDomainId": domain, "cities": ["GENT"] } })).await;
        assert_eq!(reserved["createPilotCase"]["pilotCase"]["slug"], "nieuw-2");
        for word in ["nieuw", "new"] {
            let chosen = app.error(CREATE_CASE, json!({ "input": { "title": "X", "slug": word, "valueDomainId": domain, "cities": ["GENT"] } })).await;
            assert_eq!((code_of(&chosen), &chosen["extensions"]["field"]), ("VALIDATION", &json!("slug")), "{chosen:#}");
        }
    }

    async fn unknown_and_malformed_ids_are_told_apart(app) {
        let domain = app.value_domain("Wonen").await;
        let case = app.pilot_case("Huurprijzen", &domain).await;
        app.data("mutation($id: ID!) { deletePilotCase(input: { id: $id }) { deletedId } }", json!({ "id": case })).await;
        let unknown = app
            .error("mutation($id: ID!) { updatePilotCase(input: { id: $id, title: \"Nieuw\" }) { pilotCase { id } } }", json!({ "id": case }))
            .await;
        assert_eq!(code_of(&unknown), "NOT_FOUND");
        let malformed = app
            .error("mutation { updatePilotCase(input: { id: \"garbage!\", title: \"Nieuw\" }) { pilotCase { id } } }", json!({}))
            .await;
        assert_eq!(code_of(&malformed), "VALIDATION");
        assert_eq!(malformed["extensions"]["field"], "id");
        let wrong_kind = app
            .error("mutation($id: ID!) { updatePilotCase(input: { id: $id, title: \"Nieuw\" }) { pilotCase { id } } }", json!({ "id": domain }))
            .await;
        assert_eq!(code_of(&wrong_kind), "VALIDATION");
        let unknown_reference = app
            .error(CREATE_CASE, json!({ "input": { "title": "Wees", "valueDomainId": case, "cities": ["GENT"] } }))
            .await;
        assert_eq!(code_of(&unknown_reference), "VALIDATION");
        assert_eq!(unknown_reference["extensions"]["field"], "valueDomainId");
        assert!(app.data("{ node(id: \"UGlsb3RDYXNlOjAxOTAwMDAwMDAwMDcwMDA4MDAwMDAwMDAwMDAwMDAw\") { id } }", json!({})).await["node"].is_null());
    }

    async fn impossible_values_are_refused_with_their_field(app) {
        let ends_before = app
            .error(
                "mutation { createEvent(input: { title: \"Omgekeerd\", format: WORKSHOP, startsAt: \"2030-05-01T12:00:00Z\", endsAt: \"2030-05-01T10:00:00Z\", cities: [GENT] }) { event { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(code_of(&ends_before), "VALIDATION");
        assert_eq!(ends_before["extensions"]["field"], "endsAt");
        let negative = app
            .error(
                "mutation { createEvent(input: { title: \"Negatief\", format: WORKSHOP, startsAt: \"2030-05-01T10:00:00Z\", endsAt: \"2030-05-01T12:00:00Z\", capacity: -1, cities: [GENT] }) { event { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(code_of(&negative), "VALIDATION");
        assert_eq!(negative["extensions"]["field"], "capacity");
        let empty = app.error("mutation { createDataset(input: { title: \"   \", publisher: \"X\", url: \"https://x.example\", licence: \"CC0\", theme: GOVE }) { dataset { id } } }", json!({})).await;
        assert_eq!(code_of(&empty), "VALIDATION");
        assert_eq!(empty["extensions"]["field"], "title");
        let long = "x".repeat(200_000);
        let too_long = app
            .error("mutation($t: String!) { createDataset(input: { title: $t, publisher: \"X\", url: \"https://x.example\", licence: \"CC0\", theme: GOVE }) { dataset { id } } }", json!({ "t": long }))
            .await;
        assert_eq!(code_of(&too_long), "VALIDATION");
        assert_eq!(too_long["extensions"]["field"], "title");
        let bad_url = app.error("mutation { createDataset(input: { title: \"T\", publisher: \"X\", url: \"javascript:alert(1)\", licence: \"CC0\", theme: GOVE }) { dataset { id } } }", json!({})).await;
        assert_eq!(bad_url["extensions"]["field"], "url");
        let nul = app.error("mutation { createDataset(input: { title: \"nul\\u0000teken\", publisher: \"X\", url: \"https://x.example\", licence: \"CC0\", theme: GOVE }) { dataset { id } } }", json!({})).await;
        assert_eq!(code_of(&nul), "VALIDATION");
        let far = app
            .error("mutation { createEvent(input: { title: \"Ver\", format: WORKSHOP, startsAt: \"9999-05-01T10:00:00Z\", endsAt: \"9999-05-01T12:00:00Z\", cities: [GENT] }) { event { id } } }", json!({}))
            .await;
        assert_eq!(far["extensions"]["field"], "startsAt");
        let opens_late = app
            .error("mutation { createEvent(input: { title: \"Laat open\", format: WORKSHOP, startsAt: \"2030-05-01T10:00:00Z\", endsAt: \"2030-05-01T12:00:00Z\", registrationOpensAt: \"2030-05-01T11:00:00Z\", cities: [GENT] }) { event { id } } }", json!({}))
            .await;
        assert_eq!(opens_late["extensions"]["field"], "registrationOpensAt");
        let count = app.data("{ datasets { totalCount } events { totalCount } }", json!({})).await;
        assert_eq!(count, json!({ "datasets": { "totalCount": 0 }, "events": { "totalCount": 0 } }));
    }

    async fn a_published_event_keeps_a_place_and_a_finished_one_is_frozen(app) {
        let event = app.event("Gedaan", "2024-03-01T09:00:00Z", "2024-03-01T11:00:00Z", json!({})).await;
        let set = "mutation($id: ID!, $s: EventStatus!) { setEventStatus(input: { id: $id, status: $s }) { event { status } } }";
        app.data(set, json!({ "id": event, "s": "PUBLISHED" })).await;
        let placeless = app
            .error("mutation($id: ID!) { updateEvent(input: { id: $id, venue: null }) { event { id } } }", json!({ "id": event }))
            .await;
        assert_eq!(code_of(&placeless), "VALIDATION");
        assert_eq!(placeless["extensions"]["field"], "venue");
        app.data(set, json!({ "id": event, "s": "COMPLETED" })).await;
        let frozen = app
            .error("mutation($id: ID!) { updateEvent(input: { id: $id, title: \"Anders\" }) { event { id } } }", json!({ "id": event }))
            .await;
        assert_eq!(code_of(&frozen), "CONFLICT");
    }

    async fn a_failed_write_leaves_nothing_behind(app) {
        let domain = app.value_domain("Energie").await;
        let unknown_dataset = "RGF0YXNldDowMTkwMDAwMDAwMDA3MDAwODAwMDAwMDAwMDAwMDAwMA";
        let refused = app
            .error(CREATE_CASE, json!({ "input": { "title": "Half", "valueDomainId": domain, "cities": ["GENT"], "datasetIds": [unknown_dataset] } }))
            .await;
        assert_eq!(code_of(&refused), "VALIDATION");
        assert_eq!(refused["extensions"]["field"], "datasetIds");
        let cases = app.data("{ pilotCases { totalCount } }", json!({})).await;
        assert_eq!(cases["pilotCases"]["totalCount"], 0, "the case was rolled back with its links");
    }

    async fn a_record_still_referred_to_is_not_deleted(app) {
        let domain = app.value_domain("Klimaat").await;
        app.pilot_case("Warmtekaart", &domain).await;
        let refused = app.error("mutation($id: ID!) { deleteValueDomain(input: { id: $id }) { deletedId } }", json!({ "id": domain })).await;
        assert_eq!(code_of(&refused), "CONFLICT");
        let message = refused["message"].as_str().expect("a message").to_lowercase();
        for leak in ["foreign", "constraint", "sql", "violat", "pilot_case"] {
            assert!(!message.contains(leak), "database text leaked: {message}");
        }
        let still = app.data("query($id: ID!) { valueDomain(id: $id) { name } }", json!({ "id": domain })).await;
        assert_eq!(still["valueDomain"]["name"], "Klimaat");
    }

    async fn oversized_bodies_batches_and_garbage_are_refused_and_the_server_stays_up(app) {
        let huge = "x".repeat(10 * 1024 * 1024);
        let body = json!({ "query": "mutation($t: String!) { createValueDomain(input: { name: $t, economicValue: 1, societalValue: 1, dataReadiness: 1 }) { valueDomain { id } } }", "variables": { "t": huge } });
        let response = app.post_raw(body.to_string()).await;
        assert_eq!(response.status(), 413);
        let answer: serde_json::Value = response.json().await.expect("a JSON error");
        assert_eq!(code_of(&answer["errors"][0]), "PAYLOAD_TOO_LARGE");

        let operation = json!({ "query": "{ valueDomains { totalCount } }" });
        let batch = serde_json::Value::Array(vec![operation.clone(); 11]);
        let response = app.post_raw(batch.to_string()).await;
        assert_eq!(response.status(), 400);
        let answer: serde_json::Value = response.json().await.expect("a JSON error");
        assert_eq!(code_of(&answer["errors"][0]), "BATCH_TOO_LARGE");
        let small_batch = serde_json::Value::Array(vec![operation; 2]);
        let answers: serde_json::Value = app.post_raw(small_batch.to_string()).await.json().await.expect("JSON");
        assert_eq!(answers.as_array().map(Vec::len), Some(2));

        let response = app.post_raw("this is not json").await;
        assert_eq!(response.status(), 400);
        let form = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("content-type", "text/plain")
            .body(r#"{"query":"mutation { createDataset(input: { title: \"x\", publisher: \"x\", url: \"https://x.example\", licence: \"x\", theme: GOVE }) { dataset { id } } }"}"#)
            .send()
            .await
            .expect("an answer");
        assert_eq!(form.status(), 415, "only JSON is accepted, so no other site can post a form here");

        let deep = format!("{{ {}__typename{} }}", "valueDomains { nodes { pilotCases { valueDomain { ".repeat(4), " } } } }".repeat(4));
        let too_deep = app.error(&deep, json!({})).await;
        assert_eq!(code_of(&too_deep), "QUERY_TOO_DEEP");

        let syntax = app.error("{ valueDomains { ", json!({})).await;
        assert_eq!(code_of(&syntax), "VALIDATION");

        assert_eq!(app.get("/health").await.status(), 200);
        assert_eq!(app.data("{ valueDomains { totalCount } }", json!({})).await["valueDomains"]["totalCount"], 0);
    }
}
