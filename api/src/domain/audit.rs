//! The audit log: who changed what, and when. Entries name accounts and records by id, never by personal
//! data, so erasing a person leaves the log intact and clean.
//!
//! A mutation runs its domain call [`as_change`]; every write transaction commits through [`commit`], which
//! writes the entry inside that same transaction. A change and its entry are stored together or not at all.

use super::access::Viewer;
use super::page::ListOrder;
use super::{new_id, now};
use crate::error::ApiResult;
use entities::audit_entry::{Column, Entity, Model};
use sea_orm::ActiveModelTrait;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    Select,
};
use std::future::Future;
use uuid::Uuid;

tokio::task_local! {
    /// The change in progress, while a mutation's domain call runs.
    static CHANGE: Change;
}

/// A change in progress: who makes it, and which mutation.
#[derive(Debug, Clone)]
pub struct Change {
    /// Who makes it.
    pub viewer: Viewer,
    /// The mutation's name (`createEvent`).
    pub action: String,
}

/// Runs `work` as `change`: each transaction it commits through [`commit`] records the change.
pub async fn as_change<F: Future>(change: Change, work: F) -> F::Output {
    CHANGE.scope(change, work).await
}

/// Commits a write transaction. Inside [`as_change`], the audit entry for the change to `subject` is
/// written first, in the same transaction.
pub async fn commit(txn: DatabaseTransaction, subject: Option<Uuid>) -> ApiResult<()> {
    if let Ok(change) = CHANGE.try_with(Change::clone) {
        record(&txn, &change.viewer, &change.action, subject).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Records that the viewer did `action` (a mutation's name) to the record `subject`.
pub async fn record(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &str,
    subject: Option<Uuid>,
) -> ApiResult<()> {
    let (actor_id, actor_role) = match viewer {
        Viewer::Signed(actor) => (Some(actor.account_id), Some(actor.role)),
        Viewer::Anonymous => (None, None),
    };
    Model {
        id: new_id(),
        at: now(),
        actor_id,
        actor_role,
        action: action.to_owned(),
        subject_id: subject,
    }
    .into_active_model()
    .reset_all()
    .insert(conn)
    .await?;
    Ok(())
}

/// Which entries to list.
#[derive(Debug, Default)]
pub struct AuditFilter {
    /// Only changes by this account.
    pub actor_id: Option<Uuid>,
    /// Only changes to this record.
    pub subject_id: Option<Uuid>,
    /// Only this action.
    pub action: Option<String>,
}

/// The entries matching a filter.
pub fn select(filter: &AuditFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(id) = filter.actor_id {
        query = query.filter(Column::ActorId.eq(id));
    }
    if let Some(id) = filter.subject_id {
        query = query.filter(Column::SubjectId.eq(id));
    }
    if let Some(action) = &filter.action {
        query = query.filter(Column::Action.eq(action.as_str()));
    }
    query
}

/// Newest first: ids are UUIDv7, so they sort by time.
pub fn newest_first() -> ListOrder<Column> {
    ListOrder {
        name: "at",
        column: Column::At,
        descending: true,
    }
}
