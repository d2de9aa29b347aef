//! From the survey to the conversations: the cities talk in depth with some of those who answered. The
//! team lists the respondents who agreed to be contacted, filtered by stakeholder type, city and what they
//! answered to a choice question, and invites them to an interview or a focus group in one step: a
//! partner's members hear of it as a partner's message, someone who answered with an address by a message
//! to that address, which proposes a partner profile first (only a partner signs up for an event).
//!
//! Only the team reads these respondents: who they are is personal data, shown because they asked to be
//! contacted. A respondent that is no longer contactable (its partner left, was erased or is not approved,
//! its address erased) is not listed, and an invitation to it is refused.

use super::access::Viewer;
use super::write::{Change, Store, begin_write};
use crate::error::{ApiError, ApiResult};
use entities::values::{
    City, EventFormat, EventStatus, PartnerStatus, QuestionKind, StakeholderType,
};
use entities::{event, partner, survey, survey_response};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// Which contactable respondents to list; an empty list or none allows any.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Of these stakeholder types.
    pub stakeholder_types: Vec<StakeholderType>,
    /// Of these cities.
    pub cities: Vec<City>,
    /// That chose one of these options (by position) of this choice question.
    pub chose: Option<(Uuid, Vec<u16>)>,
}

/// A respondent who agreed to be contacted: the answer, and its partner when a partner answered.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The answer.
    pub response: survey_response::Model,
    /// The partner that answered, approved; none for someone who answered with an address.
    pub partner: Option<partner::Model>,
}

/// The respondents of a survey who agreed to be contacted and still can be, in the order they answered,
/// as far as `filter` allows. The team's only (the caller checks).
pub async fn contacts(
    conn: &impl ConnectionTrait,
    survey: &survey::Model,
    filter: &ContactFilter,
) -> ApiResult<Vec<Contact>> {
    if let Some((question, options)) = &filter.chose {
        let asked = survey
            .questions
            .0
            .iter()
            .find(|q| q.id == *question)
            .filter(|q| {
                matches!(
                    q.kind,
                    QuestionKind::SingleChoice | QuestionKind::MultipleChoice
                )
            });
        let Some(asked) = asked else {
            return Err(ApiError::invalid(
                "questionId",
                "the survey has no such choice question",
            ));
        };
        if options
            .iter()
            .any(|&o| usize::from(o) >= asked.options.len())
        {
            return Err(ApiError::invalid(
                "choices",
                format!("choose among options 0 to {}", asked.options.len() - 1),
            ));
        }
    }
    let mut query = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey.id))
        .filter(survey_response::Column::ConfirmedAt.is_not_null())
        .filter(survey_response::Column::MayContact.eq(true));
    if !filter.stakeholder_types.is_empty() {
        query = query.filter(
            survey_response::Column::StakeholderType.is_in(filter.stakeholder_types.clone()),
        );
    }
    if !filter.cities.is_empty() {
        query = query.filter(survey_response::Column::City.is_in(filter.cities.clone()));
    }
    let responses = query
        .order_by_asc(survey_response::Column::ConfirmedAt)
        .order_by_asc(survey_response::Column::Id)
        .all(conn)
        .await?;
    let chosen = |response: &survey_response::Model| match &filter.chose {
        None => true,
        Some((question, options)) => response.answers.0.iter().any(|answer| {
            answer.question_id == *question && answer.choices.iter().any(|c| options.contains(c))
        }),
    };
    let partner_ids: Vec<Uuid> = responses.iter().filter_map(|r| r.partner_id).collect();
    let partners: HashMap<Uuid, partner::Model> = if partner_ids.is_empty() {
        HashMap::new()
    } else {
        partner::Entity::find()
            .filter(partner::Column::Id.is_in(partner_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    Ok(responses
        .into_iter()
        .filter(|r| chosen(r))
        .filter_map(|response| match response.partner_id {
            Some(id) => partners
                .get(&id)
                .filter(|p| p.status == PartnerStatus::Approved && p.erased_at.is_none())
                .cloned()
                .map(|partner| Contact {
                    response,
                    partner: Some(partner),
                }),
            None => response.email.is_some().then_some(Contact {
                response,
                partner: None,
            }),
        })
        .collect())
}

/// Invites respondents of a survey to a conversation: an event that is an interview or a focus group, still
/// to come and published. Each must be one the survey's contacts list; a partner (or an answer by address)
/// invited to the event before is not written to again. One change, audited on the survey. Answers how many
/// were newly invited.
pub async fn invite(
    db: &Store,
    change: &Change,
    viewer: &Viewer,
    survey_id: Uuid,
    event_id: Uuid,
    respondent_ids: &[Uuid],
) -> ApiResult<u32> {
    if respondent_ids.is_empty() {
        return Err(ApiError::invalid(
            "respondentIds",
            "name at least one respondent",
        ));
    }
    let txn = begin_write(db, change).await?;
    let survey = survey::Entity::find_by_id(survey_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("survey"))?;
    let event = event::Entity::find_by_id(event_id)
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("event"))?;
    viewer.require_manager(&event.cities.0, "invite to this event")?;
    if !matches!(
        event.format,
        EventFormat::Interview | EventFormat::FocusGroup
    ) {
        return Err(ApiError::invalid(
            "eventId",
            "a conversation is an interview or a focus group",
        ));
    }
    if event.status != EventStatus::Published || event.starts_at <= crate::clock::now() {
        return Err(ApiError::invalid(
            "eventId",
            "invite to a published event that is still to come",
        ));
    }
    let listed = contacts(&txn, &survey, &ContactFilter::default()).await?;
    let mut invited = 0;
    for (n, id) in respondent_ids.iter().enumerate() {
        let contact = listed
            .iter()
            .find(|c| c.response.id == *id)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("respondentIds[{n}]"),
                    "this respondent did not agree to be contacted, or cannot be any more",
                )
            })?;
        if super::notices::conversation_invitation(&txn, contact, event_id, survey_id).await? {
            invited += 1;
        }
    }
    txn.commit(Some(survey_id)).await?;
    Ok(invited)
}
