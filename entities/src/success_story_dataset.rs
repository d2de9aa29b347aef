//! `success_story_dataset`: the datasets a success story reused.

use sea_orm::entity::prelude::*;

/// One link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "success_story_dataset")]
pub struct Model {
    /// The story.
    #[sea_orm(primary_key, auto_increment = false)]
    pub success_story_id: Uuid,
    /// The dataset.
    #[sea_orm(primary_key, auto_increment = false)]
    pub dataset_id: Uuid,
}

/// No relations are declared: links are read by either id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
