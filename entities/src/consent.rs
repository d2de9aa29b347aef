//! `consent`: what a person agreed to, for which partner, under which version of the text, and when they
//! withdrew it.

use crate::values::ConsentPurpose;
use sea_orm::entity::prelude::*;

/// A consent record. Giving consent again after withdrawing it adds a new row, so the history stays.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consent")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The person who agreed.
    pub account_id: Uuid,
    /// The partner organisation they agreed for, when they belong to one.
    pub partner_id: Option<Uuid>,
    /// What they agreed to.
    pub purpose: ConsentPurpose,
    /// The version of the text they were shown.
    pub text_version: String,
    /// When they agreed.
    pub given_at: DateTimeUtc,
    /// When they withdrew it.
    pub withdrawn_at: Option<DateTimeUtc>,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
