//! The audit log: who changed what, and when. Entries name accounts and records by id, never by personal
//! data, so erasing a person leaves the log intact and clean.

use super::access::Viewer;
use super::page::ListOrder;
use super::{new_id, now};
use crate::error::ApiResult;
use entities::audit_entry::{Column, Entity, Model};
use sea_orm::ActiveModelTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select};
use uuid::Uuid;

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
