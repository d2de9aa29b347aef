//! Connecting to the database and bringing its schema up to date.

use crate::server::REQUEST_TIMEOUT;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, RuntimeErr,
    SqliteTransactionMode, TransactionOptions,
};
use std::sync::OnceLock;
use std::time::Duration;

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

/// How every write transaction begins. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`), so
/// concurrent writers wait for each other instead of failing with "database is locked" when a transaction
/// that began by reading tries to write.
pub const WRITE_TRANSACTION: TransactionOptions = TransactionOptions {
    isolation_level: None,
    access_mode: None,
    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
};

/// How often a checkpoint that other connections kept from finishing is tried again.
const CHECKPOINT_TRIES: u32 = 3;
/// How long one checkpoint waits for other connections (2 s). It holds the write lock meanwhile, so it
/// must not wait as long as a request may (the pool's busy timeout): every write would wait with it.
const CHECKPOINT_WAIT: &str = "PRAGMA busy_timeout = 2000";
/// The pool's busy timeout, [`REQUEST_TIMEOUT`], given back to the connection after a checkpoint.
const POOL_WAIT: &str = "PRAGMA busy_timeout = 30000";
const _: () = assert!(REQUEST_TIMEOUT.as_millis() == 30_000);

/// On SQLite, copies the write-ahead log (`lode.db-wal`) into the database file and truncates the log to
/// nothing. Deleted rows are overwritten in the file (`secure_delete`), but until a checkpoint the log still
/// holds the pages they were written in: after an erasure, and at shutdown, this removes that copy. It
/// runs on a connection of its own that waits at most 2 s ([`CHECKPOINT_WAIT`]) for the others to finish their
/// reads and writes, and tries again when they still kept it from finishing. Says whether the log is empty
/// now. PostgreSQL's write-ahead log is the database server's to recycle: nothing to do there.
pub async fn truncate_wal(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use sea_orm::sqlx::{Connection, Row};
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(true);
    }
    let mut connection = db
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::Internal(e.to_string())))?;
    let sql = |text: &'static str| sea_orm::sqlx::query(text);
    let run = async {
        sql(CHECKPOINT_WAIT).execute(&mut *connection).await?;
        for attempt in 1..=CHECKPOINT_TRIES {
            // One row: whether the checkpoint was kept from finishing, the log's frames, the frames copied.
            let row = sql("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&mut *connection)
                .await?;
            if row.try_get::<i32, _>(0)? == 0 {
                return Ok(true);
            }
            tokio::time::sleep(Duration::from_millis(50) * attempt).await;
        }
        Ok(false)
    };
    let outcome: Result<bool, sea_orm::sqlx::Error> = run.await;
    // The connection goes back to the pool with the pool's own busy timeout.
    let restored = sql(POOL_WAIT).execute(&mut *connection).await;
    if restored.is_err() {
        // A connection whose timeout is unknown is not given back.
        let _ = connection.detach().close().await;
    }
    outcome.map_err(|e| DbErr::Custom(e.to_string()))
}

/// [`truncate_wal`] after personal data was erased: a log that stays busy or fails is reported to the
/// operators (the erasure itself has been committed), and truncated at the next erasure or at shutdown.
pub async fn truncate_wal_after_erasure(db: &DatabaseConnection) {
    match truncate_wal(db).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            "the write-ahead log could not be truncated after an erasure: other connections kept it busy; it is truncated at the next erasure or at shutdown"
        ),
        Err(err) => {
            tracing::warn!(error = %err, "the write-ahead log could not be truncated after an erasure")
        }
    }
}

/// Closes the database at shutdown: on SQLite the write-ahead log is truncated first, so nothing erased
/// stays behind in it, and closing the last connection then removes the log.
pub async fn close(db: DatabaseConnection) -> Result<(), DbErr> {
    match truncate_wal(&db).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!("the write-ahead log stayed busy at shutdown"),
        Err(err) => {
            tracing::warn!(error = %err, "the write-ahead log could not be truncated at shutdown")
        }
    }
    db.close().await
}

/// Why the database is not ready to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// It does not answer LODE's query: no connection in time, a connection lost, or a failure other than
    /// a missing schema.
    Unreachable,
    /// It answers, but none of LODE's migrations are recorded: a database dropped and created anew, say.
    SchemaMissing,
    /// Some of the migrations this binary knows are not applied.
    SchemaBehind {
        /// How many of them are applied.
        applied: usize,
        /// How many this binary knows.
        known: usize,
    },
}

impl NotReady {
    /// The word `/ready` reports for the database.
    pub fn status(&self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::SchemaMissing => "schema missing",
            Self::SchemaBehind { .. } => "schema behind",
        }
    }

    /// What the operators should know.
    pub fn detail(&self) -> String {
        match self {
            Self::Unreachable => {
                "the database does not answer LODE's queries; the log says why".to_owned()
            }
            Self::SchemaMissing => {
                "the database answers but has no LODE schema: restart lode or run `lode migrate`"
                    .to_owned()
            }
            Self::SchemaBehind { applied, known } => format!(
                "the database schema is behind: {applied} of {known} migrations applied; restart lode or run `lode migrate`"
            ),
        }
    }
}

/// The names of the migrations this binary knows.
fn known_migrations() -> &'static [String] {
    static KNOWN: OnceLock<Vec<String>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    })
}

/// Whether the database answers with LODE's schema there and fully migrated: one small query (the versions
/// of the applied migrations, compared with those this binary knows), cheap enough for `/ready` to be
/// polled. A migration applied by a newer binary does not make it unready.
pub async fn check_ready(db: &DatabaseConnection) -> Result<(), NotReady> {
    let applied = Query::select()
        .column(Alias::new("version"))
        .from(Migrator::migration_table_name())
        .to_owned();
    match db.query_all(&applied).await {
        Ok(rows) => {
            let applied: Vec<String> = rows
                .iter()
                .filter_map(|row| row.try_get_by_index(0).ok())
                .collect();
            let known = known_migrations();
            let done = known.iter().filter(|k| applied.contains(k)).count();
            match done {
                _ if done == known.len() => Ok(()),
                0 => Err(NotReady::SchemaMissing),
                _ => Err(NotReady::SchemaBehind {
                    applied: done,
                    known: known.len(),
                }),
            }
        }
        Err(err) if is_missing_table(&err) => Err(NotReady::SchemaMissing),
        // No connection to be had in time, a connection lost, or any other failure: the database does not
        // answer LODE's queries, whether or not it would answer a ping.
        Err(err) => {
            tracing::warn!(error = %err, "the readiness check's query failed");
            Err(NotReady::Unreachable)
        }
    }
}

/// Whether the readiness query failed because the migrations' table does not exist: SQLite's "no such
/// table" naming it, PostgreSQL's SQLSTATE 42P01 (undefined_table; the query reads no other table).
fn is_missing_table(err: &DbErr) -> bool {
    let (DbErr::Query(RuntimeErr::SqlxError(err)) | DbErr::Exec(RuntimeErr::SqlxError(err))) = err
    else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(err) = err.as_ref() else {
        return false;
    };
    if err
        .try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return err.code().as_deref() == Some("42P01");
    }
    err.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
        .is_some()
        && err
            .message()
            .strip_prefix("no such table: ")
            .is_some_and(|table| table == Migrator::migration_table_name().to_string())
}

/// Whether the database answers, with its schema fully migrated.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    check_ready(db).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnAcquireErr, Statement};

    #[tokio::test]
    async fn only_a_missing_table_means_a_missing_schema() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let missing = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT version FROM seaql_migrations",
            ))
            .await
            .unwrap_err();
        assert!(is_missing_table(&missing), "{missing}");
        // A table of that name that cannot be read (it overflows), and a missing table of another name.
        db.execute_unprepared(
            "CREATE VIEW seaql_migrations AS SELECT abs(-9223372036854775808) AS version",
        )
        .await
        .unwrap();
        db.execute_unprepared("CREATE VIEW elsewhere AS SELECT version FROM gone")
            .await
            .unwrap();
        for query in [
            "SELECT version FROM seaql_migrations",
            "SELECT version FROM elsewhere",
        ] {
            let other = db
                .query_all_raw(Statement::from_string(DbBackend::Sqlite, query))
                .await
                .unwrap_err();
            assert!(!is_missing_table(&other), "{other}");
        }
        let busy = DbErr::ConnectionAcquire(ConnAcquireErr::Timeout);
        assert!(
            !is_missing_table(&busy),
            "a pool with no connection to spare"
        );
        assert_eq!(
            check_ready(&db).await,
            Err(NotReady::Unreachable),
            "the database answers a ping, but not the query"
        );
    }
}
