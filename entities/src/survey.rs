//! `survey`: a market survey (marktbevraging) that asks the open-data community what it wants to do with
//! open data, and whose answers score the value domains.

use crate::values::{SurveyQuestions, SurveyStatus, SurveyWeighting};
use sea_orm::entity::prelude::*;

/// A survey row. Its questions are stored with it, as JSON: they are read and written as a whole, and
/// fixed (but for their wording) once the first answer is in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key: the survey's short public link.
    #[sea_orm(unique)]
    pub slug: String,
    /// The title, in Dutch.
    pub title: String,
    /// The title in English; empty when it has none.
    pub title_en: String,
    /// What the survey is for (Markdown), in Dutch.
    pub introduction: String,
    /// The introduction in English; empty when it has none.
    pub introduction_en: String,
    /// Where the survey stands.
    pub status: SurveyStatus,
    /// From when an open survey takes answers; none: from when it opens.
    pub opens_at: Option<DateTimeUtc>,
    /// Until when an open survey takes answers; none: until it is closed.
    pub closes_at: Option<DateTimeUtc>,
    /// The questions, in order.
    pub questions: SurveyQuestions,
    /// The number of answers a value domain's score needs before a score is suggested for it.
    pub min_answers: i32,
    /// How the suggested scores weigh the answers.
    pub weighting: SurveyWeighting,
    /// When the team published the results (anyone may read them since); none: the team's only.
    pub results_published_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: the answers are read by survey id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the public may see this survey (its status is one of [`SurveyStatus::PUBLIC`]).
    pub fn is_public(&self) -> bool {
        self.status.is_public()
    }
}

/// The surveys the public may see, as a query condition: the same statuses as [`Model::is_public`].
pub fn public() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in(SurveyStatus::PUBLIC.iter().copied())
}
