//! `success_story_partner`: the partners involved in a success story.

use sea_orm::entity::prelude::*;

/// One link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "success_story_partner")]
pub struct Model {
    /// The story.
    #[sea_orm(primary_key, auto_increment = false)]
    pub success_story_id: Uuid,
    /// The partner.
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: Uuid,
}

/// No relations are declared: links are read by either id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
