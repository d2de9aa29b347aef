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

use super::access::Viewer;
use super::audit;
use crate::db::WRITE_TRANSACTION;
use crate::error::ApiResult;
use crate::live::SeatHub;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, Statement, TransactionTrait,
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
    /// entry naming both, and the record changed.
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
pub async fn begin_write<'a>(store: &'a Store, change: &'a Change) -> ApiResult<Write<'a>> {
    Ok(Write {
        txn: store.db.begin_with_options(WRITE_TRANSACTION).await?,
        store,
        change,
        seats_changed: Mutex::new(Vec::new()),
    })
}

impl Write<'_> {
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
                audit::record(&self.txn, viewer, action, subject).await
            }
            Author::Unaudited(why) => {
                tracing::debug!(why, "a write that is nobody's change: no audit entry");
                Ok(())
            }
        }
    }
}

/// Lets a type read and write through the connection in one of its fields, and nothing more: it begins no
/// transaction and commits none.
macro_rules! connection_through {
    ($field:ident, $($type:tt)+) => {
        #[async_trait::async_trait]
        impl $($type)+ {
            fn get_database_backend(&self) -> DbBackend {
                self.$field.get_database_backend()
            }
            async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
                self.$field.execute_raw(stmt).await
            }
            async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
                self.$field.execute_unprepared(sql).await
            }
            async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
                self.$field.query_one_raw(stmt).await
            }
            async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
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

connection_through!(db, ConnectionTrait for Store);
connection_through!(txn, <'a> ConnectionTrait for Write<'a>);
