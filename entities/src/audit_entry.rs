//! `audit_entry`: who changed what, and when. It names accounts and records by id only, so it holds no
//! personal data of its own.

use crate::values::Role;
use sea_orm::entity::prelude::*;

/// An audit log row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    /// UUIDv7 primary key (so ids sort by time).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// When the change was made.
    pub at: DateTimeUtc,
    /// The account that made it; none for an anonymous caller (signing up).
    pub actor_id: Option<Uuid>,
    /// The actor's role at the time.
    pub actor_role: Option<Role>,
    /// What was done: the mutation's name (`createEvent`).
    pub action: String,
    /// The record changed, when there is one.
    pub subject_id: Option<Uuid>,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
