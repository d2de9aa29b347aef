//! `GET /graphql/possible-types.json`: Apollo Client's `possibleTypes` map, served from the schema to
//! anyone, also in production where introspection is off, and cached like the front end's files.

use lode_api::config::ApiOptions;
use lode_tests::{Backend, TestApp, db_tests, test_relay_settings};
use serde_json::{Value, json};

/// Introspection off, as in production.
async fn without_introspection(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        introspection: false,
        ..lode_tests::test_options()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    spawn with without_introspection;

    async fn the_possible_types_are_served_to_anyone_with_introspection_off_and_cached_until_they_change(app) {
        let introspection = app.graphql_as(None, "{ __schema { types { name } } }", json!({})).await;
        assert!(introspection["data"]["__schema"].is_null(), "introspection is off: {introspection:#}");

        let answer = app.get("/graphql/possible-types.json").await;
        assert_eq!(answer.status(), 200);
        let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("content-type").as_deref(), Some("application/json"));
        assert_eq!(header("cache-control").as_deref(), Some(lode_api::http::CACHE_CONTROL));
        let tag = header("etag").expect("an entity tag");
        let map: Value = answer.json().await.expect("JSON");
        assert_eq!(map, json!(lode_api::graphql::possible_types().await), "the schema's own map");
        assert!(map["Node"].as_array().expect("Node").contains(&json!("Account")), "{map:#}");
        assert_eq!(
            map["SearchRecord"],
            json!(["CoCreationEvent", "Dataset", "Partner", "PilotCase", "SuccessStory", "ValueDomain"])
        );

        let again = app
            .client
            .get(format!("{}/graphql/possible-types.json", app.address))
            .header("if-none-match", &tag)
            .send()
            .await
            .expect("an answer");
        assert_eq!(again.status(), 304, "the client holds the current map");
        assert_eq!(again.headers().get("etag").and_then(|v| v.to_str().ok()), Some(tag.as_str()));
    }
}
