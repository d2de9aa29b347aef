//! `event_quota`: seats of an event set apart for, or limited to, one stakeholder type.

use crate::values::StakeholderType;
use sea_orm::entity::prelude::*;

/// A quota of one stakeholder type at one event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_quota")]
pub struct Model {
    /// The event.
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: Uuid,
    /// The stakeholder type.
    #[sea_orm(primary_key, auto_increment = false)]
    pub stakeholder_type: StakeholderType,
    /// At most this many confirmed seats for the type.
    pub max_seats: Option<i32>,
    /// This many seats are kept for the type (others cannot take them) until `reserved_until`.
    pub reserved_seats: Option<i32>,
    /// Until when the reserved seats are kept; none means until registration closes.
    pub reserved_until: Option<DateTimeUtc>,
}

/// No relations are declared: quotas are read by event.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
