//! `dataset`: an open dataset that cases use and stories reuse.

use crate::values::Theme;
use sea_orm::entity::prelude::*;

/// A dataset row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The dataset's title.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// Where it is published.
    pub url: String,
    /// Its licence ("CC0-1.0", "Modellicentie Gratis Hergebruik").
    pub licence: String,
    /// Its DCAT-AP theme.
    pub theme: Theme,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
