//! Field errors by the GraphQL spec: a failed nullable field is `null` in `data` (not left out), a failed
//! non-null field makes its nearest nullable ancestor `null`, and each error comes once, with its path and
//! its code.

use lode_tests::{Backend, TestApp, code_of, db_tests};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Makes every read of a table fail (an internal error).
async fn drop_table(app: &TestApp, table: &str) {
    let drop = match app.backend {
        Backend::Postgres => format!("DROP TABLE {table} CASCADE"),
        Backend::Sqlite => format!("DROP TABLE {table}"),
    };
    app.db
        .execute_unprepared(&drop)
        .await
        .expect("the table is dropped");
}

/// Makes every read of the registrations fail, so the non-null `seatsTaken` of any event fails while the
/// rest of the event reads fine.
async fn break_registrations(app: &TestApp) {
    drop_table(app, "registration").await;
}

/// The errors of a response, as (path, code) pairs.
fn errors(response: &Value) -> Vec<(Value, String)> {
    response["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors: {response:#}"))
        .iter()
        .map(|e| (e["path"].clone(), code_of(e).to_owned()))
        .collect()
}

db_tests! {
    async fn a_failed_nullable_root_field_is_null_beside_the_others(app) {
        let response = app
            .graphql_as(None, r#"{ x: __typename e: event(slug: "nope") { id } }"#, json!({}))
            .await;
        assert_eq!(response["data"], json!({ "x": "Query", "e": null }), "{response:#}");
        assert_eq!(errors(&response), vec![(json!(["e"]), "NOT_FOUND".to_owned())]);
    }

    async fn root_fields_that_all_fail_answer_an_object_of_nulls(app) {
        let response = app
            .graphql_as(
                None,
                r#"{ e: event(slug: "nope") { id } p: partner(slug: "nope") { id } d: dataset(id: "garbage!") { id } }"#,
                json!({}),
            )
            .await;
        assert_eq!(response["data"], json!({ "e": null, "p": null, "d": null }), "{response:#}");
        let mut found = errors(&response);
        found.sort_by_key(|(path, _)| path.to_string());
        assert_eq!(
            found,
            vec![
                (json!(["d"]), "VALIDATION".to_owned()),
                (json!(["e"]), "NOT_FOUND".to_owned()),
                (json!(["p"]), "NOT_FOUND".to_owned()),
            ]
        );
    }

    async fn a_failed_non_null_root_field_makes_data_null(app) {
        let response = app
            .graphql_as(None, "{ x: __typename log: auditLog { totalCount } }", json!({}))
            .await;
        assert_eq!(response["data"], Value::Null, "{response:#}");
        assert_eq!(errors(&response), vec![(json!(["log"]), "UNAUTHENTICATED".to_owned())]);
    }

    async fn a_failed_item_of_a_list_of_nullable_items_is_null_and_the_others_stay(app) {
        let event = app.open_event("Datadag", 10).await;
        let dataset = app
            .data(
                r#"mutation { createDataset(input: { title: "Fietstellingen", publisher: "Stad Gent", url: "https://data.example.org/f", licence: "CC0-1.0", theme: TRAN }) { dataset { id } } }"#,
                json!({}),
            )
            .await["createDataset"]["dataset"]["id"]
            .clone();
        break_registrations(&app).await;
        let response = app
            .graphql_as(
                None,
                "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on CoCreationEvent { title seatsTaken } ... on Dataset { title } } }",
                json!({ "ids": [event, dataset, event] }),
            )
            .await;
        assert_eq!(
            response["data"],
            json!({ "nodes": [null, { "id": dataset, "title": "Fietstellingen" }, null] }),
            "{response:#}"
        );
        let mut found = errors(&response);
        found.sort_by_key(|(path, _)| path.to_string());
        assert_eq!(
            found,
            vec![
                (json!(["nodes", 0, "seatsTaken"]), "INTERNAL".to_owned()),
                (json!(["nodes", 2, "seatsTaken"]), "INTERNAL".to_owned()),
            ]
        );
    }

    async fn a_failed_nullable_field_in_a_record_is_null_and_the_record_stays(app) {
        let event = app.open_event("Datadag", 10).await;
        break_registrations(&app).await;
        let response = app
            .graphql_as(None, "query($id: ID!) { event(id: $id) { title seatsLeft } }", json!({ "id": event }))
            .await;
        assert_eq!(response["data"], json!({ "event": { "title": "Datadag", "seatsLeft": null } }), "{response:#}");
        assert_eq!(errors(&response), vec![(json!(["event", "seatsLeft"]), "INTERNAL".to_owned())]);
    }

    async fn a_chain_of_non_null_fields_is_null_up_to_the_nearest_nullable_one(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let case = app.pilot_case("Slimme parkings", &domain).await;
        let starts = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
        let ends = (chrono::Utc::now() + chrono::Duration::days(8)).to_rfc3339();
        app.event("Parkeerdag", &starts, &ends, json!({ "pilotCaseId": case })).await;
        break_registrations(&app).await;
        // `seatsTaken: Int!` in `events: [CoCreationEvent!]!` in the nullable `pilotCase`.
        let response = app
            .graphql(
                "query($id: ID!) { x: __typename pilotCase(id: $id) { title events { title seatsTaken } } }",
                json!({ "id": case }),
            )
            .await;
        assert_eq!(response["data"], json!({ "x": "Query", "pilotCase": null }), "{response:#}");
        assert_eq!(
            errors(&response),
            vec![(json!(["pilotCase", "events", 0, "seatsTaken"]), "INTERNAL".to_owned())]
        );
    }

    async fn a_failed_mutation_field_follows_the_same_rules(app) {
        // A nullable field of a mutation's answer is null, the rest of the answer stays.
        drop_table(&app, "partner_contact").await;
        let response = app
            .graphql(
                r#"mutation { createPartner(input: { name: "Fietsambassade", stakeholderType: GOVERNMENT }) { partner { name contact { name } } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            response["data"],
            json!({ "createPartner": { "partner": { "name": "Fietsambassade", "contact": null } } }),
            "{response:#}"
        );
        assert_eq!(
            errors(&response),
            vec![(json!(["createPartner", "partner", "contact"]), "INTERNAL".to_owned())]
        );

        // A failed mutation (its payload is non-null) makes `data` null; the one before it is done.
        let create = |title: &str, url: &str| {
            format!(r#"createDataset(input: {{ title: "{title}", publisher: "Stad Gent", url: "{url}", licence: "CC0-1.0", theme: TRAN }}) {{ dataset {{ id }} }}"#)
        };
        let response = app
            .graphql(
                &format!("mutation {{ a: {} b: {} }}", create("Tellingen", "https://data.example.org/t"), create("Kapot", "geen url")),
                json!({}),
            )
            .await;
        assert_eq!(response["data"], Value::Null, "{response:#}");
        assert_eq!(errors(&response), vec![(json!(["b"]), "VALIDATION".to_owned())]);
        let first = app.data(r#"{ dataset(slug: "tellingen") { title } }"#, json!({})).await;
        assert_eq!(first["dataset"]["title"], "Tellingen", "the first mutation ran: {first:#}");
    }
}
