//! `success_story`: a published account (succesverhaal) of what open data made possible.

use crate::values::{City, ImpactFigures, StoryStatus};
use sea_orm::entity::prelude::*;

/// A success story row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "success_story")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The story's title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The story (Markdown).
    pub body: String,
    /// Where the story stands.
    pub status: StoryStatus,
    /// When it was (last) published.
    pub published_at: Option<DateTimeUtc>,
    /// The pilot case it tells about.
    pub pilot_case_id: Option<Uuid>,
    /// The value domain it belongs to.
    pub value_domain_id: Option<Uuid>,
    /// Measured results.
    pub impact_figures: ImpactFigures,
    /// The city it happened in; none when both or neither.
    pub city: Option<City>,
    /// The partner that submitted the story for review, when a partner wrote it.
    pub submitted_by_partner_id: Option<Uuid>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the public may see this success story (its status is one of [`StoryStatus::PUBLIC`]).
    pub fn is_public(&self) -> bool {
        self.status.is_public()
    }
}

/// The success stories the public may see, as a query condition: the same statuses as [`Model::is_public`].
pub fn public() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in(StoryStatus::PUBLIC.iter().copied())
}
