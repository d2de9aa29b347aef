//! `pilot_case_member`: a partner's place in a pilot case.

use crate::values::{MemberRole, MemberStatus};
use sea_orm::entity::prelude::*;

/// A membership row; one per partner per case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilot_case_member")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The case.
    pub pilot_case_id: Uuid,
    /// The partner.
    pub partner_id: Uuid,
    /// The partner's role in the case.
    pub role: MemberRole,
    /// Whether the partner has said yes.
    pub status: MemberStatus,
    /// When the partner was invited: the row's creation, or the last invitation after a decline or a
    /// withdrawal.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
