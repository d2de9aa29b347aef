//! Only a write transaction writes: the domain's store refuses every statement that is not a read, and a
//! write transaction refuses to end itself other than through its audited commit. Each refusal happens
//! before the statement reaches the database, which is left as it was.

use entities::value_domain;
use entities::values::Theme;
use lode_api::domain::record;
use lode_api::domain::value_domains::ValueDomainFields;
use lode_api::domain::write::{Change, Store, begin_write};
use lode_api::live::SeatHub;
use lode_tests::{TestApp, db_tests};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Statement,
};

/// The test's own records: nobody's change.
const FIXTURES: Change = Change::unaudited("a test's fixtures");

/// A store over the test's database, as the rules get it, holding one value domain.
async fn store_with_a_value_domain(app: &TestApp) -> (Store, value_domain::Model) {
    let store = Store::new(app.db.clone(), SeatHub::default());
    let domain = record::create::<value_domain::Entity>(
        &store,
        &FIXTURES,
        ValueDomainFields {
            name: Some("Energie".to_owned()),
            description: Some("Warmte en stroom".to_owned()),
            themes: Some(vec![Theme::Ener]),
            economic_value: Some(3),
            societal_value: Some(4),
            data_readiness: Some(2),
            ..Default::default()
        },
    )
    .await
    .expect("a value domain");
    (store, domain)
}

/// Every value domain, read behind the rules' back.
async fn value_domains(app: &TestApp) -> Vec<value_domain::Model> {
    value_domain::Entity::find()
        .all(&app.db)
        .await
        .expect("the value domains can be read")
}

/// Asserts that a statement was refused by the store, not by the database.
fn refused_by_the_store<T: std::fmt::Debug>(outcome: Result<T, DbErr>, what: &str) {
    let refusal = outcome.expect_err(what);
    assert!(
        refusal
            .to_string()
            .contains("writes go through begin_write"),
        "{what}: {refusal}"
    );
}

db_tests! {
    async fn the_store_refuses_every_write_and_leaves_the_table_as_it_was(app) {
        let (store, domain) = store_with_a_value_domain(&app).await;
        let before = value_domains(&app).await;
        let backend = store.get_database_backend();

        let mut copy = domain.clone().into_active_model().reset_all();
        copy.id = sea_orm::Set(lode_api::clock::new_id());
        copy.slug = sea_orm::Set("een-kopie".to_owned());
        refused_by_the_store(copy.insert(&store).await, "an insert");

        let mut renamed = domain.clone().into_active_model();
        renamed.name = sea_orm::Set("Klimaat".to_owned());
        refused_by_the_store(renamed.update(&store).await, "an update");

        refused_by_the_store(
            value_domain::Entity::update_many()
                .col_expr(value_domain::Column::Name, Expr::value("Klimaat"))
                .filter(value_domain::Column::Id.eq(domain.id))
                .exec(&store)
                .await,
            "an update of many",
        );
        refused_by_the_store(
            value_domain::Entity::delete_by_id(domain.id).exec(&store).await,
            "a delete",
        );
        refused_by_the_store(
            store
                .execute_raw(Statement::from_string(backend, "DELETE FROM value_domain"))
                .await,
            "a raw statement",
        );
        refused_by_the_store(
            store
                .query_all_raw(Statement::from_string(
                    backend,
                    "DELETE FROM value_domain RETURNING id",
                ))
                .await,
            "a raw statement sent as a query",
        );
        refused_by_the_store(
            store
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT id FROM value_domain; DELETE FROM value_domain",
                ))
                .await,
            "a read followed by a write",
        );
        let unprepared = store
            .execute_unprepared("DELETE FROM value_domain")
            .await
            .expect_err("unprepared SQL");
        assert!(unprepared.to_string().contains("prepared statements only"), "{unprepared}");

        assert_eq!(value_domains(&app).await, before, "the table is as it was");
        // Reads still run.
        let found = value_domain::Entity::find_by_id(domain.id)
            .one(&store)
            .await
            .expect("a read runs");
        assert_eq!(found, Some(domain));
    }

    async fn a_write_cannot_commit_itself(app) {
        let (store, domain) = store_with_a_value_domain(&app).await;
        let before = value_domains(&app).await;
        let backend = store.get_database_backend();

        let change = FIXTURES;
        let txn = begin_write(&store, &change).await.expect("a write begins");
        let mut renamed = domain.clone().into_active_model();
        renamed.name = sea_orm::Set("Klimaat".to_owned());
        renamed.update(&txn).await.expect("the write changes the record");
        for sql in ["COMMIT", "END", "ROLLBACK", "SAVEPOINT halfway", "SELECT 1; COMMIT"] {
            let raw = txn.execute_raw(Statement::from_string(backend, sql)).await;
            assert!(raw.expect_err(sql).to_string().contains("statement refused"));
            let query = txn.query_all_raw(Statement::from_string(backend, sql)).await;
            assert!(query.expect_err(sql).to_string().contains("statement refused"));
            let unprepared = txn.execute_unprepared(sql).await;
            assert!(unprepared.expect_err(sql).to_string().contains("statement refused"));
        }
        // The transaction is still open and whole: it sees its own change, and dropping it rolls the
        // change back, since nothing committed it.
        let inside = value_domain::Entity::find_by_id(domain.id)
            .one(&txn)
            .await
            .expect("the write still reads")
            .expect("the record");
        assert_eq!(inside.name, "Klimaat");
        drop(txn);
        assert_eq!(value_domains(&app).await, before, "nothing was committed");
    }
}
