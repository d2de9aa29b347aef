//! `lode reset-demo`'s work (`demo::reset`): every data table emptied, the demo data loaded again, and a
//! database holding other data left alone.

use entities::values::Role;
use lode_api::demo::{self, DATA_TABLES, DEMO_ACCOUNTS};
use lode_tests::{Backend, TestApp, code_of, db_tests};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// The tables of the test's database.
async fn tables(app: &TestApp) -> BTreeSet<String> {
    let sql = match app.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let backend = app.db.get_database_backend();
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("the tables")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("a name"))
        .collect()
}

/// How many rows each data table holds, but those the background work changes (sessions come with logins,
/// the search outbox empties as the relay works).
async fn counts(app: &TestApp) -> BTreeMap<&'static str, i64> {
    let backend = app.db.get_database_backend();
    let mut counts = BTreeMap::new();
    for table in DATA_TABLES
        .iter()
        .filter(|t| !["session", "search_outbox"].contains(t))
    {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("a count")
            .expect("a row");
        counts.insert(*table, row.try_get::<i64>("", "n").expect("a number"));
    }
    counts
}

/// Logs a demo account in; its token.
async fn demo_login(app: &TestApp, index: usize) -> Option<String> {
    let answer = app
        .graphql_as(
            None,
            "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }",
            json!({ "e": DEMO_ACCOUNTS[index].email, "p": DEMO_ACCOUNTS[index].password }),
        )
        .await;
    answer["data"]["login"]["token"].as_str().map(str::to_owned)
}

/// Rolls the migrations back to just before the one that adds the demo data's mark, and forward again.
async fn step_back_over_the_mark(app: &TestApp) {
    let applied = Migrator::get_applied_migrations(&app.db)
        .await
        .expect("the applied migrations");
    let names: Vec<String> = applied.iter().map(|m| m.name().to_owned()).collect();
    let mark = names
        .iter()
        .position(|n| n == "m20261205_000001_demo_data_marker")
        .expect("the mark's migration is applied");
    Migrator::down(&app.db, Some((names.len() - mark) as u32))
        .await
        .expect("back over the mark");
    Migrator::up(&app.db, None).await.expect("forward again");
}

db_tests! {
    async fn resetting_empties_every_data_table_and_loads_the_demo_again(app) {
        let expected: BTreeSet<String> = DATA_TABLES
            .iter()
            .chain(&["database_identity", "mail_key", "seaql_migrations"])
            .map(|t| (*t).to_owned())
            .collect();
        assert_eq!(tables(&app).await, expected, "every table is a data table or named as none");

        // A database of other data (here the test's admin) is never emptied.
        let refused = demo::reset(&app.db).await.expect_err("no demo data here");
        assert_eq!(refused.code(), "CONFLICT");
        assert!(refused.to_string().contains("holds no demo data"), "{refused}");
        let kept = app.data("{ me { email } }", json!({})).await;
        assert_eq!(kept["me"]["email"], "admin@lode.test", "nothing changed");

        // `lode serve` loads the demo data into a database without records, beside the admin, and marks it.
        assert!(demo::load_if_empty(&app.db).await.expect("loads"));
        assert!(!demo::load_if_empty(&app.db).await.expect("reads"), "once");
        demo::reset(&app.db).await.expect("the database holds the demo data");
        let gone = app.graphql("{ me { email } }", json!({})).await;
        assert_eq!(code_of(&gone["errors"][0]), "UNAUTHENTICATED", "the test's admin is gone with its sessions");
        let fresh = counts(&app).await;
        assert_eq!(fresh["audit_entry"], 0, "the audit log starts anew");
        assert_eq!(fresh["account"], DEMO_ACCOUNTS.len() as i64, "the demo accounts only");
        assert!(fresh["value_domain"] > 0 && fresh["co_creation_event"] > 0 && fresh["registration"] > 0);

        // Played with: a record added, an account deactivated; a reset brings it all back.
        let admin = demo_login(&app, 0).await.expect("the demo admin signs in");
        app.data_as(Some(&admin), "mutation { createValueDomain(input: { name: \"Speelgoed\", economicValue: 1, societalValue: 1, dataReadiness: 1 }) { valueDomain { id } } }", json!({})).await;
        let coordinator = app.data_as(Some(&admin), "query($e: String!) { accounts(filter: { emailContains: $e }) { nodes { id } } }", json!({ "e": DEMO_ACCOUNTS[1].email })).await;
        app.data_as(Some(&admin), "mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { active } } }", json!({ "id": coordinator["accounts"]["nodes"][0]["id"] })).await;
        assert!(demo_login(&app, 1).await.is_none());
        assert_ne!(counts(&app).await, fresh);

        demo::reset(&app.db).await.expect("the demo data is there");
        assert_eq!(counts(&app).await, fresh, "as after the first reset");
        assert!(demo_login(&app, 1).await.is_some(), "the deactivated demo account is back");
        let added = app.graphql_as(None, "{ valueDomain(slug: \"speelgoed\") { id } }", json!({})).await;
        assert_eq!(code_of(&added["errors"][0]), "NOT_FOUND", "what was added is gone: {added:#}");

        // A start on real data (production mode, or --no-demo) unmarks it for good.
        demo::forget(&app.db).await.expect("unmarks");
        assert_eq!(demo::reset(&app.db).await.expect_err("real data now").code(), "CONFLICT");
        assert!(demo_login(&app, 0).await.is_some(), "nothing was emptied");
    }

    async fn a_database_that_held_the_demo_data_before_it_was_marked_is_marked_by_its_migration(app) {
        // Before the mark, the demo's admin account was how a demo database was told.
        step_back_over_the_mark(&app).await;
        let refused = demo::reset(&app.db).await.expect_err("the test's own data");
        assert_eq!(refused.code(), "CONFLICT");

        app.account(DEMO_ACCOUNTS[0].email, Role::Admin, &[], None).await;
        step_back_over_the_mark(&app).await;
        demo::reset(&app.db).await.expect("a demo database");
        let admin = demo_login(&app, 0).await;
        assert!(admin.is_some(), "the demo data is back");
    }
}
