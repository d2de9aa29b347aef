//! The service around the schema: health, readiness, GraphiQL, the front end, and the demo data.

use lode_tests::{Backend, TestApp, db_tests};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, JsonValue, Statement};
use serde_json::{Value, json};

/// `/ready`'s status and body.
async fn ready(app: &TestApp) -> (u16, Value) {
    let answer = app.get("/ready").await;
    let status = answer.status().as_u16();
    (status, answer.json().await.expect("JSON"))
}

/// Drops every table of the server's database behind its back, as if the database had been dropped and
/// created anew.
async fn drop_every_table(app: &TestApp) {
    if app.backend == Backend::Postgres {
        for sql in ["DROP SCHEMA public CASCADE", "CREATE SCHEMA public"] {
            app.db
                .execute_unprepared(sql)
                .await
                .expect("the schema is dropped");
        }
        return;
    }
    let tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid DESC";
    // Tables that others still refer to are dropped in a later round, once those are gone.
    for _ in 0..10 {
        let names = JsonValue::find_by_statement(Statement::from_string(DbBackend::Sqlite, tables))
            .all(&app.db)
            .await
            .expect("the tables");
        if names.is_empty() {
            return;
        }
        for name in names {
            let name = name["name"].as_str().expect("a table name").to_owned();
            let _ = app
                .db
                .execute_unprepared(&format!("DROP TABLE \"{name}\""))
                .await;
        }
    }
    panic!("the tables could not all be dropped");
}

db_tests! {
    async fn health_readiness_graphiql_and_the_front_end_answer(app) {
        let health: serde_json::Value = app.get("/health").await.json().await.expect("JSON");
        assert_eq!(health["status"], "ok");
        let ready: serde_json::Value = app.get("/ready").await.json().await.expect("JSON");
        assert_eq!(ready["database"], "ok");
        let graphiql = app.browse("/graphql").await.text().await.expect("a page");
        assert!(graphiql.to_lowercase().contains("graphiql"));
        let page = app.get("/").await;
        assert_eq!(page.headers()["x-content-type-options"], "nosniff");
        assert!(page.text().await.expect("a page").contains("/js/main.js"));
        assert_eq!(app.get("/js/main.js").await.status(), 200);
    }

    async fn readiness_says_when_the_schema_is_behind_or_missing(app) {
        let (status, body) = ready(&app).await;
        assert_eq!((status, &body["database"]), (200, &json!("ok")), "{body}");

        // The last migration is no longer recorded, as in a database restored from before it.
        app.db
            .execute_unprepared("DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)")
            .await
            .expect("a migration is forgotten");
        let (status, body) = ready(&app).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["status"], "unavailable");
        assert_eq!(body["database"], "schema behind");
        assert!(body["detail"].as_str().expect("a detail").contains("migrations applied"), "{body}");

        // The database dropped and created anew behind the server's back.
        drop_every_table(&app).await;
        let (status, body) = ready(&app).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["database"], "schema missing");
        assert!(body["detail"].as_str().expect("a detail").contains("no LODE schema"), "{body}");
    }

    async fn readiness_says_schema_missing_only_when_the_migrations_table_is(app) {
        // The migrations' table is there, but reading it fails: the database answers a ping, not the query.
        let breaks: &[&str] = match app.backend {
            Backend::Postgres => &["ALTER TABLE seaql_migrations RENAME COLUMN version TO renamed"],
            Backend::Sqlite => &[
                "ALTER TABLE seaql_migrations RENAME TO seaql_migrations_kept",
                "CREATE VIEW seaql_migrations AS SELECT abs(-9223372036854775808) AS version",
            ],
        };
        for sql in breaks {
            app.db.execute_unprepared(sql).await.expect("the table is broken");
        }
        let (status, body) = ready(&app).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["database"], "unreachable", "no schema is missing: {body}");
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
