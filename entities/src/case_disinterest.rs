//! `case_disinterest`: a partner said a pilot case does not interest it.

use sea_orm::entity::prelude::*;

/// One "not interested" mark.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_disinterest")]
pub struct Model {
    /// The case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub pilot_case_id: Uuid,
    /// The partner.
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: Uuid,
    /// When the partner said so.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: marks are read by case or by partner.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
