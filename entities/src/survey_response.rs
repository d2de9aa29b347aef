//! `survey_response`: one respondent's answers to a survey. Personal data: it names its partner and the
//! member who answered, or the address of someone who answered without a partner profile. An erasure
//! removes those and keeps the anonymous answers, which the results go on counting.

use crate::values::{City, Language, StakeholderType, SurveyAnswers};
use sea_orm::entity::prelude::*;

/// A response row: one per partner, or one per e-mail address, and survey. Its `Debug` leaves out the
/// address and the answers.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_response")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The survey answered.
    pub survey_id: Uuid,
    /// The partner a member answered for; none for an answer by e-mail, or once erased.
    pub partner_id: Option<Uuid>,
    /// The member who last saved the partner's answer; none once the account is gone.
    pub account_id: Option<Uuid>,
    /// The address of someone who answered without a partner profile (lower case); none once erased.
    pub email: Option<String>,
    /// The language it was answered in.
    pub language: Language,
    /// The respondent's stakeholder type (the partner's, or the one the respondent chose).
    pub stakeholder_type: StakeholderType,
    /// The respondent's city, if one of LODE's.
    pub city: Option<City>,
    /// The answers.
    pub answers: SurveyAnswers,
    /// The version of the survey's consent text the respondent agreed to.
    pub consent_version: String,
    /// Whether the respondent agreed to publication of their free text.
    pub publish_text: bool,
    /// Whether the respondent agreed to be contacted for a conversation.
    pub may_contact: bool,
    /// When the answer started to count: at once for a partner's, when its address was confirmed for one
    /// by e-mail. Unconfirmed answers are counted apart.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The SHA-256 (hex) of the one-time token in the confirmation link last sent; none once used.
    pub confirm_token_hash: Option<String>,
    /// When that token stops working.
    pub confirm_token_expires_at: Option<DateTimeUtc>,
    /// When it was first given.
    pub created_at: DateTimeUtc,
    /// When it last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: responses are read by survey.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("survey_response::Model")
            .field("id", &self.id)
            .field("survey_id", &self.survey_id)
            .field("partner_id", &self.partner_id)
            .field("confirmed_at", &self.confirmed_at)
            .finish_non_exhaustive()
    }
}
