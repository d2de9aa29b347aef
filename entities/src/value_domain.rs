//! `value_domain`: a meerwaardegebied, a theme where open data adds value.

use crate::values::{Themes, ValueDomainStatus};
use sea_orm::entity::prelude::*;

/// A value domain row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "value_domain")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The domain's name.
    pub name: String,
    /// What the domain covers (Markdown).
    pub description: String,
    /// DCAT-AP themes the domain touches.
    pub themes: Themes,
    /// Where the domain stands.
    pub status: ValueDomainStatus,
    /// Expected economic value, 1 to 5.
    pub economic_value: i16,
    /// Expected societal value, 1 to 5.
    pub societal_value: i16,
    /// How ready the data is, 1 to 5.
    pub data_readiness: i16,
    /// Derived from the three scores (0 to 100); the database checks it agrees with them.
    pub priority_score: i32,
    /// The survey whose suggested scores were last applied; none when the scores were typed in by hand.
    pub scores_survey_id: Option<Uuid>,
    /// When the scores were last set, from a survey or by hand; none for scores set before that was
    /// recorded.
    pub scores_set_at: Option<DateTimeUtc>,
    /// How many answers the applied scores rest on (the most of the three scores); none when typed in.
    pub scores_answer_count: Option<i32>,
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
    /// Whether the public may see this value domain (its status is one of [`ValueDomainStatus::PUBLIC`]).
    pub fn is_public(&self) -> bool {
        self.status.is_public()
    }
}

/// The value domains the public may see, as a query condition: the same statuses as [`Model::is_public`].
pub fn public() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in(ValueDomainStatus::PUBLIC.iter().copied())
}
