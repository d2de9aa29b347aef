//! The service around the schema: health, readiness, GraphiQL, the front end, and the demo data.

use lode_tests::db_tests;
use serde_json::json;

db_tests! {
    async fn health_readiness_graphiql_and_the_front_end_answer(app) {
        let health: serde_json::Value = app.get("/health").await.json().await.expect("JSON");
        assert_eq!(health["status"], "ok");
        let ready: serde_json::Value = app.get("/ready").await.json().await.expect("JSON");
        assert_eq!(ready["database"], "ok");
        let graphiql = app.get("/graphql").await.text().await.expect("a page");
        assert!(graphiql.to_lowercase().contains("graphiql"));
        let page = app.get("/").await;
        assert_eq!(page.headers()["x-content-type-options"], "nosniff");
        assert!(page.text().await.expect("a page").contains("/app.js"));
        assert_eq!(app.get("/app.js").await.status(), 200);
    }

    async fn the_demo_data_loads_once_and_passes_every_rule(app) {
        assert!(lode_api::demo::load_if_empty(&app.db).await.expect("the demo data loads"));
        assert!(!lode_api::demo::load_if_empty(&app.db).await.expect("a second call is harmless"), "loads only into an empty database");
        let counts = app
            .data(
                "{ valueDomains { totalCount } pilotCases { totalCount } partners { totalCount } events { totalCount }
                   successStories { totalCount } datasets { totalCount }
                   published: successStories(filter: { status: [PUBLISHED] }) { totalCount }
                   upcoming: events(filter: { status: [PUBLISHED] }) { totalCount } }",
                json!({}),
            )
            .await;
        assert!(counts["valueDomains"]["totalCount"].as_u64() >= Some(6));
        assert_eq!(counts["pilotCases"]["totalCount"], 2);
        assert!(counts["partners"]["totalCount"].as_u64() >= Some(40));
        assert!(counts["events"]["totalCount"].as_u64() >= Some(8));
        assert!(counts["successStories"]["totalCount"].as_u64() >= Some(4));
        assert!(counts["datasets"]["totalCount"].as_u64() >= Some(10));
        assert!(counts["published"]["totalCount"].as_u64() >= Some(3));
        assert!(counts["upcoming"]["totalCount"].as_u64() >= Some(1));
        let types = app.data("{ partners(first: 100) { nodes { stakeholderType } } }", json!({})).await;
        for wanted in ["CITIZEN", "CIVIC_ORGANISATION", "GOVERNMENT", "COMPANY", "EDUCATION_RESEARCH"] {
            assert!(types.to_string().contains(wanted), "the demo partners include a {wanted}");
        }
    }
}
