//! Writing: the one way a change reaches the database.
//!
//! The rules get the database as a [`Store`], which reads but begins no transaction; a change begins one
//! with [`begin_write`], naming who makes it and which mutation ([`Change`]). The [`Write`] it gets back
//! reads and writes like any connection, and has one way to finish: [`Write::commit`], which writes the
//! change's audit entry inside the transaction and, once the transaction is committed, announces the seat
//! changes it recorded. A change that skips its audit entry does not compile: the transaction inside is
//! private to this module, and dropping a [`Write`] rolls it back:
//!
//! ```compile_fail,E0616
//! # use lode_api::domain::write::{Change, Store, begin_write};
//! # async fn skip(store: &Store, change: &Change) -> lode_api::error::ApiResult<()> {
//! let txn = begin_write(store, change).await?;
//! txn.txn.commit().await?; // no way past the audit entry: the transaction is private
//! # Ok(())
//! # }
//! ```
//!
//! and the store begins no transaction of its own:
//!
//! ```compile_fail,E0599
//! # use lode_api::domain::write::Store;
//! # use sea_orm::TransactionTrait;
//! # async fn skip(store: &Store) -> Result<(), sea_orm::DbErr> {
//! let txn = store.begin().await?; // `Store` is no `TransactionTrait`
//! # Ok(())
//! # }
//! ```
//!
//! Both are sea-orm connections ([`ConnectionTrait`]), because that is what sea-orm reads through, and
//! sea-orm writes through the same trait: `model.insert(store)` compiles. So each checks every statement
//! before it reaches the database, and refuses with a [`DbErr`] what it is not for:
//!
//! - a [`Store`] runs only statements that read (`reads_only`): `INSERT … RETURNING` and the like,
//!   which sea-orm sends as queries, are refused too, and nothing it is given to execute runs;
//! - a [`Write`] runs no statement that begins or ends a transaction (`controls_a_transaction`), so
//!   its own commit stays the only one;
//! - neither runs unprepared SQL (`execute_unprepared`), more than one statement at a time, or a
//!   statement with a comment, which could hide the word it begins with.
//!
//! Helpers that write take a `&Write` rather than any connection, so passing them a store does not
//! compile. The check reads the statement's text, not the database's mind: a read that calls a function
//! with side effects (PostgreSQL's `nextval`, say) passes it. A read-only guard in the database itself
//! would need a second pool of connections, kept read-only, beside the one transactions begin on.

use super::access::Viewer;
use super::audit;
use crate::db::WRITE_TRANSACTION;
use crate::error::{ApiError, ApiResult};
use crate::live::SeatHub;
use entities::account;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait as _, ExecResult, PaginatorTrait as _,
    QueryFilter as _, QueryResult, Statement, TransactionTrait,
};
use std::sync::{Mutex, PoisonError};
use uuid::Uuid;

/// Who makes a change, and which: what its audit entry says.
#[derive(Debug, Clone)]
pub struct Change {
    author: Author,
}

#[derive(Debug, Clone)]
enum Author {
    /// Someone (signed in or not) through a mutation.
    Person {
        /// Who.
        viewer: Viewer,
        /// The mutation's name (`createEvent`).
        action: String,
    },
    /// A write that is nobody's change to the programme, and why.
    Unaudited(&'static str),
}

impl Change {
    /// A change `viewer` makes through the mutation `action` (`createEvent`): its commit writes an audit
    /// entry naming both, and the record changed. A read worth auditing (a download of personal data) is
    /// such a change too, named after the read, whose transaction writes nothing but the entry.
    pub fn by(viewer: Viewer, action: impl Into<String>) -> Self {
        Self {
            author: Author::Person {
                viewer,
                action: action.into(),
            },
        }
    }

    /// Writes that nobody makes through the API, and so write no audit entry: loading the demo data, the
    /// first admin made on the command line, a test's fixtures. `why` names them.
    pub const fn unaudited(why: &'static str) -> Self {
        Self {
            author: Author::Unaudited(why),
        }
    }
}

/// The database as the rules see it: it reads, but begins no transaction of its own, so every write goes
/// through [`begin_write`] and its audited commit. It carries the hub that tells subscribers about seat
/// changes.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    seats: SeatHub,
}

impl Store {
    /// The store over a connection; the seat changes committed through it are announced on `seats`.
    pub fn new(db: DatabaseConnection, seats: SeatHub) -> Self {
        Self { db, seats }
    }

    /// After an erasure has committed, truncates SQLite's write-ahead log (see
    /// [`crate::db::truncate_wal_after_erasure`]).
    pub async fn truncate_wal_after_erasure(&self) {
        crate::db::truncate_wal_after_erasure(&self.db).await;
    }
}

/// A write transaction that cannot forget its duties (see the module's doc). It reads and writes as a
/// [`ConnectionTrait`]; dropped without [`Write::commit`], it rolls back.
pub struct Write<'a> {
    txn: DatabaseTransaction,
    store: &'a Store,
    change: &'a Change,
    /// The events whose sign-ups changed, announced after the commit.
    seats_changed: Mutex<Vec<Uuid>>,
}

/// Begins the write transaction of a change. On SQLite it takes the write lock up front (see
/// [`WRITE_TRANSACTION`]).
///
/// A change made by a signed-in account is refused (`UNAUTHENTICATED`) when the account was deactivated
/// since its request was let in: the session was checked when the request came, and an admin may have
/// ended it while the request ran (hashing a password, waiting for the write lock).
pub async fn begin_write<'a>(store: &'a Store, change: &'a Change) -> ApiResult<Write<'a>> {
    let write = Write {
        txn: store.db.begin_with_options(WRITE_TRANSACTION).await?,
        store,
        change,
        seats_changed: Mutex::new(Vec::new()),
    };
    if let Some(actor) = write.viewer().and_then(Viewer::who) {
        still_active(&write, actor.account_id).await?;
    }
    Ok(write)
}

/// Refuses a change by an account deactivated (or deleted) since its request was let in. The row is read,
/// not locked: a deactivation that commits after this read is ordered after the change, as if the change
/// had come a moment sooner, and no lock can then take part in a deadlock. Where the order matters (the
/// last active admin), the account changes lock the admins' rows themselves.
async fn still_active(txn: &Write<'_>, account_id: Uuid) -> ApiResult<()> {
    let active = account::Entity::find_by_id(account_id)
        .filter(account::Column::DeactivatedAt.is_null())
        .count(txn)
        .await?
        > 0;
    if active {
        Ok(())
    } else {
        Err(ApiError::deactivated())
    }
}

impl Write<'_> {
    /// Who makes the change, when someone does (none for a write that is nobody's change): what the rules
    /// may tell them is theirs to read.
    pub fn viewer(&self) -> Option<&Viewer> {
        match &self.change.author {
            Author::Person { viewer, .. } => Some(viewer),
            Author::Unaudited(_) => None,
        }
    }

    /// Records that the sign-ups of an event changed: once the transaction commits, its subscribers hear of
    /// it, in every process.
    pub fn seats_changed(&self, event_id: Uuid) {
        let mut events = self
            .seats_changed
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !events.contains(&event_id) {
            events.push(event_id);
        }
    }

    /// Records that the change also changed the record `subject`, in this transaction: one change may touch
    /// several records (an erasure edits the stories that named the partner), and each gets its entry.
    pub async fn also_changed(&self, subject: Uuid) -> ApiResult<()> {
        self.write_entry(Some(subject)).await
    }

    /// Commits the change to the record `subject` (none for a change to no record, such as a logout): its
    /// audit entry is written first, in the transaction, so the change and its entry are stored together or
    /// not at all. Then the seat changes recorded are announced.
    pub async fn commit(self, subject: Option<Uuid>) -> ApiResult<()> {
        self.write_entry(subject).await?;
        let Write {
            txn,
            store,
            seats_changed,
            ..
        } = self;
        txn.commit().await?;
        let events = seats_changed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for event_id in events {
            store.seats.announce(&store.db, event_id).await;
        }
        Ok(())
    }

    /// The change's audit entry about `subject`, unless the change is not audited.
    async fn write_entry(&self, subject: Option<Uuid>) -> ApiResult<()> {
        match &self.change.author {
            Author::Person { viewer, action } => {
                audit::entry(viewer, action, subject).insert(self).await?;
                Ok(())
            }
            Author::Unaudited(why) => {
                tracing::debug!(why, "a write that is nobody's change: no audit entry");
                Ok(())
            }
        }
    }
}

/// What a connection type lets through to the database: every statement sea-orm sends through it is
/// checked first, and a refusal is the [`DbErr`] the caller gets back.
trait Gate {
    /// Checks a statement sent for its effect (`execute_raw`: sea-orm's `exec` of an update or delete).
    fn execute(sql: &str) -> Result<(), DbErr>;
    /// Checks a statement sent for its rows (`query_one_raw`, `query_all_raw`: every `SELECT`, and also
    /// sea-orm's `INSERT … RETURNING` and `UPDATE … RETURNING`).
    fn query(sql: &str) -> Result<(), DbErr>;
}

/// Why the store refused a statement.
const ONLY_READS: &str = "the store only reads: writes go through begin_write";

impl Gate for Store {
    fn execute(sql: &str) -> Result<(), DbErr> {
        Err(refused(sql, ONLY_READS))
    }

    fn query(sql: &str) -> Result<(), DbErr> {
        if reads_only(sql) {
            Ok(())
        } else {
            Err(refused(sql, ONLY_READS))
        }
    }
}

impl Gate for Write<'_> {
    fn execute(sql: &str) -> Result<(), DbErr> {
        if !one_plain_statement(sql) {
            Err(refused(
                sql,
                "a write runs one statement at a time, without comments",
            ))
        } else if controls_a_transaction(sql) {
            Err(refused(sql, "a write ends only through Write::commit"))
        } else {
            Ok(())
        }
    }

    fn query(sql: &str) -> Result<(), DbErr> {
        <Self as Gate>::execute(sql)
    }
}

/// The error of a refused statement; it names the statement's first word, not the whole statement.
fn refused(sql: &str, why: &str) -> DbErr {
    let first = words(sql).next().unwrap_or("");
    DbErr::Custom(format!("statement refused ({first}): {why}"))
}

/// The words of a statement: runs of ASCII letters, digits and `_`. A quoted name is one word
/// (`"updated_at"`), and so is a word in a string literal, which sea-orm never writes into a statement
/// (it binds every value as a parameter).
fn words(sql: &str) -> impl Iterator<Item = &str> {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
}

/// Whether `sql` is one statement without comments: nothing but white space after a `;` (SQLite runs
/// every statement of the text it is given), and no `--` or `/*` (a comment could hide the word the
/// statement begins with). sea-orm writes neither; the same characters in a string literal refuse a
/// statement that would have been harmless, rather than let a second one through.
fn one_plain_statement(sql: &str) -> bool {
    !sql.trim_end().trim_end_matches(';').contains(';')
        && !sql.contains("--")
        && !sql.contains("/*")
}

/// Whether `sql` only reads, as its text tells: one plain statement beginning with `SELECT` or `WITH`
/// (what sea-orm's `find`, `count` and paginators send) that names none of the words a statement writes
/// with: `INSERT`, `UPDATE`, `DELETE` and `MERGE` (a `WITH` may hold them on PostgreSQL; this refuses
/// `SELECT … FOR UPDATE` too, a lock belongs in a write), and `INTO` (PostgreSQL's `SELECT … INTO` makes
/// a table).
fn reads_only(sql: &str) -> bool {
    const WRITING: [&str; 5] = ["INSERT", "UPDATE", "DELETE", "MERGE", "INTO"];
    let mut words = words(sql);
    let begins_as_read = words.next().is_some_and(|first| {
        first.eq_ignore_ascii_case("SELECT") || first.eq_ignore_ascii_case("WITH")
    });
    one_plain_statement(sql)
        && begins_as_read
        && !words.any(|word| {
            WRITING
                .iter()
                .any(|writing| word.eq_ignore_ascii_case(writing))
        })
}

/// Whether `sql` begins, ends or marks a place in a transaction, by its first word: `BEGIN`, `START
/// TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`, `ABORT`, `SAVEPOINT`, `RELEASE`, `PREPARE TRANSACTION`.
fn controls_a_transaction(sql: &str) -> bool {
    const CONTROL: [&str; 9] = [
        "BEGIN",
        "START",
        "COMMIT",
        "END",
        "ROLLBACK",
        "ABORT",
        "SAVEPOINT",
        "RELEASE",
        "PREPARE",
    ];
    words(sql).next().is_some_and(|first| {
        CONTROL
            .iter()
            .any(|control| first.eq_ignore_ascii_case(control))
    })
}

/// Makes a type a sea-orm connection through the connection in one of its fields, checking each
/// statement at its [`Gate`] first. It runs no unprepared SQL, begins no transaction and commits none.
macro_rules! gated_connection {
    ($field:ident, $($type:tt)+) => {
        #[async_trait::async_trait]
        impl $($type)+ {
            fn get_database_backend(&self) -> DbBackend {
                self.$field.get_database_backend()
            }
            async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
                <Self as Gate>::execute(&stmt.sql)?;
                self.$field.execute_raw(stmt).await
            }
            async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
                Err(refused(sql, "the rules run prepared statements only"))
            }
            async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
                <Self as Gate>::query(&stmt.sql)?;
                self.$field.query_one_raw(stmt).await
            }
            async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
                <Self as Gate>::query(&stmt.sql)?;
                self.$field.query_all_raw(stmt).await
            }
            fn support_returning(&self) -> bool {
                self.$field.support_returning()
            }
            fn is_mock_connection(&self) -> bool {
                self.$field.is_mock_connection()
            }
        }
    };
}

gated_connection!(db, ConnectionTrait for Store);
gated_connection!(txn, <'a> ConnectionTrait for Write<'a>);

#[cfg(test)]
mod tests {
    use super::*;
    use entities::value_domain::{ActiveModel, Column, Entity};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Set};

    const BACKENDS: [DbBackend; 2] = [DbBackend::Sqlite, DbBackend::Postgres];

    #[test]
    fn what_sea_orm_sends_to_read_passes_the_store() {
        for backend in BACKENDS {
            let find = Entity::find()
                .filter(Column::Name.eq("Energie"))
                .build(backend);
            assert!(reads_only(&find.sql), "{}", find.sql);
            let count = Entity::find()
                .select_only()
                .column_as(Column::Id.count(), "num_items")
                .build(backend);
            assert!(reads_only(&count.sql), "{}", count.sql);
        }
        assert!(reads_only(
            "WITH recent AS (SELECT id FROM event) SELECT COUNT(*) FROM recent"
        ));
        assert!(reads_only("  select \"updated_at\" from value_domain;"));
    }

    #[test]
    fn what_sea_orm_sends_to_write_is_refused_by_the_store() {
        for backend in BACKENDS {
            let insert = Entity::insert(ActiveModel {
                name: Set("Energie".to_owned()),
                ..Default::default()
            })
            .build(backend);
            let update = Entity::update_many()
                .col_expr(Column::Name, Expr::value("Klimaat"))
                .build(backend);
            let delete = Entity::delete_many().build(backend);
            let mut writes = vec![insert, update, delete];
            if backend == DbBackend::Postgres {
                // SQLite has no row locks: sea-orm leaves the lock out there.
                writes.push(Entity::find().lock_exclusive().build(backend));
            }
            for statement in writes {
                assert!(!reads_only(&statement.sql), "{}", statement.sql);
                assert!(<Store as Gate>::query(&statement.sql).is_err());
                assert!(<Store as Gate>::execute(&statement.sql).is_err());
            }
        }
        for sql in [
            "INSERT INTO value_domain (name) VALUES ($1) RETURNING id",
            "UPDATE value_domain SET name = $1 RETURNING id",
            "WITH gone AS (DELETE FROM value_domain RETURNING id) SELECT id FROM gone",
            "SELECT * INTO copy FROM value_domain",
            "SELECT 1; DELETE FROM value_domain",
            "/* SELECT */ DELETE FROM value_domain",
            "SELECT 1 -- \nDELETE FROM value_domain",
            "PRAGMA query_only = OFF",
            "COMMIT",
            "",
        ] {
            assert!(!reads_only(sql), "{sql}");
        }
        // Reads run; what the store executes never does.
        assert!(<Store as Gate>::query("SELECT 1").is_ok());
        assert!(<Store as Gate>::execute("SELECT 1").is_err());
    }

    #[test]
    fn a_write_refuses_to_begin_or_end_a_transaction() {
        for sql in [
            "COMMIT",
            "commit;",
            "  Rollback",
            "ROLLBACK TO SAVEPOINT before",
            "SAVEPOINT before",
            "RELEASE SAVEPOINT before",
            "END",
            "ABORT",
            "BEGIN IMMEDIATE",
            "START TRANSACTION",
            "PREPARE TRANSACTION 'elsewhere'",
            "SELECT 1; COMMIT",
            "/**/COMMIT",
        ] {
            let refusal = <Write<'_> as Gate>::execute(sql).expect_err(sql);
            assert!(
                refusal.to_string().contains("statement refused"),
                "{refusal}"
            );
            assert!(<Write<'_> as Gate>::query(sql).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_write_runs_what_sea_orm_sends_to_change_records() {
        for backend in BACKENDS {
            let insert = Entity::insert(ActiveModel {
                name: Set("Energie".to_owned()),
                ..Default::default()
            })
            .build(backend);
            let update = Entity::update_many()
                .col_expr(Column::Name, Expr::value("Klimaat"))
                .filter(Column::Name.eq("Energie"))
                .build(backend);
            let delete = Entity::delete_many().build(backend);
            let locked = Entity::find().lock_exclusive().build(backend);
            for statement in [insert, update, delete, locked] {
                assert!(
                    <Write<'_> as Gate>::execute(&statement.sql).is_ok(),
                    "{}",
                    statement.sql
                );
                assert!(
                    <Write<'_> as Gate>::query(&statement.sql).is_ok(),
                    "{}",
                    statement.sql
                );
            }
        }
    }
}
