//! Connecting to the database and bringing its schema up to date.

use crate::server::REQUEST_TIMEOUT;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Connects to a `sqlite://` or `postgres://` URL. SQLite runs in WAL mode with a busy timeout and foreign
/// keys on, so readers never block the writer and writers queue instead of failing. A burst of requests
/// waits for a connection, or for SQLite's write lock, as long as a request may take at all
/// ([`REQUEST_TIMEOUT`]). Deleted rows are
/// overwritten with zeros (`secure_delete`), so erased personal data does not linger in the file.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 16 })
        .acquire_timeout(REQUEST_TIMEOUT)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(REQUEST_TIMEOUT)
                .foreign_keys(true)
                .pragma("secure_delete", "ON")
        });
    Database::connect(options).await
}

/// Applies every migration not yet applied.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
