//! The programme's rules, one module per kind of record. Nothing here knows about GraphQL or HTTP: the
//! resolvers in `graphql` translate requests into these calls.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod datasets;
pub mod events;
pub mod filter;
pub mod lifecycle;
pub mod links;
pub mod matching;
pub mod members;
pub mod page;
pub mod partners;
pub mod pilot_cases;
pub mod privacy;
pub mod record;
pub mod registrations;
pub mod slug;
pub mod stories;
pub mod validate;
pub mod value_domains;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use uuid::Uuid;

/// A new record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The current instant, at the microsecond precision both databases keep, so a value read back equals the
/// value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`), so
/// concurrent writers wait for each other instead of failing with "database is locked" when a transaction
/// that began by reading tries to write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
