//! A survey's answers one by one, for the team to read and work with in a spreadsheet: every confirmed
//! answer, anonymous.
//!
//! It is the team's only (`Viewer::is_team`), the same rule by which the results show everything: the
//! free texts, those not agreed to be published included, and groups of any size. A survey the caller may
//! not see at all (a draft) is answered as one that does not exist.
//!
//! An answer is given without what would tell who gave it: no partner, account or e-mail address, only the
//! respondent's stakeholder type, city and language beside the answers. Those still waiting for their
//! address to be confirmed are left out, as the results leave them out.
//!
//! A download is a read worth auditing, since it takes what people wrote out of LODE. It goes the way an
//! attendee list's does (`attendees.rs`): the answers are read in a write transaction ([`begin_write`])
//! that changes nothing, and its commit writes the entry, about the survey, under the action
//! [`DOWNLOAD`]. The answers are returned only once the entry is stored.

use super::access::{SeenBy, Viewer};
use super::survey_results::confirmed_answers;
use super::write::{Change, Store, begin_write};
use crate::error::{ApiError, ApiResult};
use entities::values::{City, Language, StakeholderType, SurveyAnswers};
use entities::{survey, value_domain};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The audit log's action for a download of a survey's answers.
pub const DOWNLOAD: &str = "downloadSurveyAnswers";

/// One confirmed answer, without whoever gave it. Its `Debug` leaves the answers out: a free text may
/// say who wrote it.
#[derive(Clone, PartialEq, Eq)]
pub struct AnonymousAnswer {
    /// The respondent's stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// The respondent's city, if one of LODE's.
    pub city: Option<City>,
    /// The language it was answered in.
    pub language: Language,
    /// The answers, one per question answered.
    pub answers: SurveyAnswers,
}

impl std::fmt::Debug for AnonymousAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnonymousAnswer")
            .field("stakeholder_type", &self.stakeholder_type)
            .field("city", &self.city)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// A survey's answers, as downloaded.
#[derive(Debug, Clone)]
pub struct SurveyAnswerList {
    /// The survey, with its questions in order.
    pub survey: survey::Model,
    /// The slugs of the value domains its questions ask about; a domain deleted since is missing.
    pub value_domain_slugs: HashMap<Uuid, String>,
    /// The confirmed answers, in the order they were first given.
    pub answers: Vec<AnonymousAnswer>,
}

/// The confirmed answers to the survey `survey_id`, for `viewer`: `NOT_FOUND` for a survey the viewer does
/// not see, `UNAUTHENTICATED` or `FORBIDDEN` for anyone but the team. Each download writes its audit entry
/// before the answers are returned.
pub async fn download(db: &Store, viewer: &Viewer, survey_id: Uuid) -> ApiResult<SurveyAnswerList> {
    let not_found = || ApiError::not_found("survey");
    survey::Entity::find_by_id(survey_id)
        .one(db)
        .await?
        .filter(|survey| survey.seen_by(viewer))
        .ok_or_else(not_found)?;
    viewer.require_team("download this survey's answers")?;
    let change = Change::by(viewer.clone(), DOWNLOAD);
    let txn = begin_write(db, &change).await?;
    // Read again beside its answers, so the questions the file is laid out by are those they answer.
    let survey = survey::Entity::find_by_id(survey_id)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    let (confirmed, _) = confirmed_answers(&txn, survey_id).await?;
    let asked = survey
        .questions
        .0
        .iter()
        .flat_map(|q| q.value_domain_ids.iter().copied());
    let value_domain_slugs = value_domain::Entity::find()
        .filter(value_domain::Column::Id.is_in(asked))
        .all(&txn)
        .await?
        .into_iter()
        .map(|domain| (domain.id, domain.slug))
        .collect();
    txn.commit(Some(survey_id)).await?;
    let answers = confirmed
        .into_iter()
        .map(|row| AnonymousAnswer {
            stakeholder_type: row.stakeholder_type,
            city: row.city,
            language: row.language,
            answers: row.answers,
        })
        .collect();
    Ok(SurveyAnswerList {
        survey,
        value_domain_slugs,
        answers,
    })
}
