//! Answering a survey: a partner's member answers for the organisation (one answer per partner, changed as
//! often as the survey stays open); anyone else answers with an e-mail address, and the answer counts once
//! the link sent there is followed (one answer per address). The answers are checked against the survey's
//! questions, and the respondent agrees to the survey's consent text by its version.
//!
//! The confirmation link's one-time token is made when its message is composed ([`issue_confirmation`]),
//! as an account's are, and only its SHA-256 is kept on the answer; answering again before confirming
//! replaces the answer, ends the link sent before and sends a new one.

use super::access::Actor;
use super::account_tokens::{new_token, token_hash};
use super::terms::SURVEY_CONSENT_VERSION;
use super::validate;
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult};
use entities::values::{
    City, DomainScores, Language, PartnerStatus, QuestionKind, StakeholderType, SurveyAnswer,
    SurveyAnswers, SurveyQuestion,
};
use entities::{partner, survey, survey_response};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use std::collections::HashSet;
use uuid::Uuid;

/// The longest free-text answer.
pub const MAX_TEXT_ANSWER: usize = 5_000;

/// How long a confirmation link works.
pub const CONFIRMATION_LIFETIME: chrono::Duration = chrono::Duration::days(7);

/// Someone who answers without a partner profile: their address and who they are.
#[derive(Debug, Clone)]
pub struct EmailRespondent {
    /// The address the confirmation goes to.
    pub email: String,
    /// Their stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// Their city, if one of LODE's.
    pub city: Option<City>,
}

/// A respondent's answers and agreements, as given.
#[derive(Debug, Clone)]
pub struct Response {
    /// The language answered in.
    pub language: Language,
    /// One answer per question answered.
    pub answers: Vec<SurveyAnswer>,
    /// The version of the consent text agreed to: the current one.
    pub consent_version: String,
    /// Whether free text may be published, without a name.
    pub publish_text: bool,
    /// Whether the team may ask for a conversation.
    pub may_contact: bool,
}

/// Saves a partner's answer to a survey, given by one of its members: the first one, or a new version of
/// it while the survey takes answers. Only an approved partner answers (the team vouched for who it is),
/// and its answer counts at once; its stakeholder type and city are the partner's.
pub async fn answer_for_partner(
    db: &Store,
    change: &Change,
    actor: &Actor,
    survey_id: Uuid,
    response: Response,
) -> ApiResult<survey_response::Model> {
    let partner_id = actor.partner_id.ok_or_else(|| {
        ApiError::Forbidden("only a partner's member answers for a partner".into())
    })?;
    check_consent(&response.consent_version)?;
    let txn = begin_write(db, change).await?;
    let survey = open_survey(&txn, survey_id).await?;
    let mut response = response;
    let answers = checked_answers(&survey.questions.0, std::mem::take(&mut response.answers))?;
    // Shared, so an erasure waits for the answer (and then takes it out) or goes first.
    let partner = partner::Entity::find_by_id(partner_id)
        .lock_shared()
        .one(&txn)
        .await?
        .filter(|p| p.erased_at.is_none())
        .ok_or_else(|| ApiError::not_found("partner"))?;
    if partner.status != PartnerStatus::Approved {
        return Err(ApiError::Forbidden(
            "a partner answers once the team has approved it".into(),
        ));
    }
    let existing = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .filter(survey_response::Column::PartnerId.eq(partner_id))
        .lock_exclusive()
        .one(&txn)
        .await?;
    let at = now();
    let is_new = existing.is_none();
    let respondent = Respondent {
        partner_id: Some(partner_id),
        email: None,
        stakeholder_type: partner.stakeholder_type,
        city: partner.home_city,
    };
    let mut row = respondent.answer(existing, survey_id, response, answers, at);
    row.account_id = Some(actor.account_id);
    row.confirmed_at = row.confirmed_at.or(Some(at));
    let saved = save(&txn, row, is_new).await?;
    // The entry names the survey: the answer itself is the respondent's.
    txn.commit(Some(survey_id)).await?;
    Ok(saved)
}

/// Saves the answer of someone without a partner profile, who gave an e-mail address: it waits, uncounted,
/// until the link sent there is followed ([`confirm`]). Answering again with the same address before that
/// replaces the answer and sends a new link (the ones sent before stop working, and those still waiting are
/// not sent). Once confirmed, the address has answered: another answer from it changes nothing, and the
/// caller is told the same as ever, so nobody learns whether an address answered. A partner's member
/// answers for the partner instead. Returns the answer saved, none when nothing changed.
pub async fn answer_by_email(
    db: &Store,
    change: &Change,
    survey_id: Uuid,
    respondent: EmailRespondent,
    response: Response,
) -> ApiResult<Option<survey_response::Model>> {
    validate::email("email", &respondent.email)?;
    let email = respondent.email.trim().to_lowercase();
    check_consent(&response.consent_version)?;
    let txn = begin_write(db, change).await?;
    if txn.viewer().and_then(|v| v.own_partner()).is_some() {
        return Err(ApiError::Forbidden(
            "a partner's member answers for the partner (answerSurvey), not by e-mail".into(),
        ));
    }
    let survey = open_survey(&txn, survey_id).await?;
    let mut response = response;
    let answers = checked_answers(&survey.questions.0, std::mem::take(&mut response.answers))?;
    let existing = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .filter(survey_response::Column::Email.eq(email.as_str()))
        .lock_exclusive()
        .one(&txn)
        .await?;
    // Dropped unwritten: the same answer as for a new address.
    if existing
        .as_ref()
        .is_some_and(|row| row.confirmed_at.is_some())
    {
        return Ok(None);
    }
    if let Some(row) = &existing {
        // The confirmations still waiting would carry a link the next one ends.
        super::notices::survey_confirmations_withdrawn(&txn, row.id).await?;
    }
    let is_new = existing.is_none();
    let who = Respondent {
        partner_id: None,
        email: Some(email),
        stakeholder_type: respondent.stakeholder_type,
        city: respondent.city,
    };
    let mut row = who.answer(existing, survey_id, response, answers, now());
    // The link sent before would confirm answers its holder may not have given.
    row.confirm_token_hash = None;
    row.confirm_token_expires_at = None;
    let saved = save(&txn, row, is_new).await?;
    super::notices::survey_answer_to_confirm(&txn, saved.id).await?;
    // The entry names the survey: the answer and its address are the respondent's.
    txn.commit(Some(survey_id)).await?;
    Ok(Some(saved))
}

/// Deletes the answers given with an address that were never confirmed and no longer can be: given (or
/// last changed) more than [`CONFIRMATION_LIFETIME`] before `at`, when their link lapsed. Until then the
/// address is kept only so that its link can work; afterwards nothing needs it, so neither the address nor
/// the answer stays (its messages go with it, `ON DELETE CASCADE`). The mail relay calls it from time to
/// time; it is LODE's own housekeeping, no one's change, so it is not audited. Returns how many went.
pub async fn forget_lapsed(
    conn: &impl sea_orm::ConnectionTrait,
    at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<u64> {
    use sea_orm::Condition;
    let deleted = survey_response::Entity::delete_many()
        .filter(survey_response::Column::ConfirmedAt.is_null())
        .filter(survey_response::Column::Email.is_not_null())
        .filter(survey_response::Column::UpdatedAt.lt(at - CONFIRMATION_LIFETIME))
        // A link made before links lived a week from the answer works to its own end.
        .filter(
            Condition::any()
                .add(survey_response::Column::ConfirmTokenExpiresAt.is_null())
                .add(survey_response::Column::ConfirmTokenExpiresAt.lt(at)),
        )
        .exec(conn)
        .await?;
    Ok(deleted.rows_affected)
}

/// Who answers, as the answer records them.
struct Respondent {
    /// The partner answered for.
    partner_id: Option<Uuid>,
    /// The address answered with.
    email: Option<String>,
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// The city, if one of LODE's.
    city: Option<City>,
}

impl Respondent {
    /// The answer as it is to be stored: `existing` with the new answers and agreements, or a new, not yet
    /// confirmed one to `survey_id`.
    fn answer(
        self,
        existing: Option<survey_response::Model>,
        survey_id: Uuid,
        response: Response,
        answers: SurveyAnswers,
        at: chrono::DateTime<chrono::Utc>,
    ) -> survey_response::Model {
        let mut row = existing.unwrap_or_else(|| survey_response::Model {
            id: new_id(),
            survey_id,
            partner_id: self.partner_id,
            account_id: None,
            email: self.email,
            language: response.language,
            stakeholder_type: self.stakeholder_type,
            city: self.city,
            answers: SurveyAnswers::default(),
            consent_version: String::new(),
            publish_text: false,
            may_contact: false,
            confirmed_at: None,
            confirm_token_hash: None,
            confirm_token_expires_at: None,
            created_at: at,
            updated_at: at,
        });
        row.language = response.language;
        row.stakeholder_type = self.stakeholder_type;
        row.city = self.city;
        row.answers = answers;
        row.consent_version = response.consent_version;
        row.publish_text = response.publish_text;
        row.may_contact = response.may_contact;
        row
    }
}

/// Writes an answer: a new row, or a new version of one (with a later `updated_at`).
async fn save(
    txn: &Write<'_>,
    mut row: survey_response::Model,
    is_new: bool,
) -> ApiResult<survey_response::Model> {
    if is_new {
        return Ok(row.into_active_model().reset_all().insert(txn).await?);
    }
    row.updated_at = changed_after(row.updated_at);
    Ok(row.into_active_model().reset_all().update(txn).await?)
}

/// Makes the one-time token of an answer's confirmation link and keeps its hash on the answer (replacing
/// the one before, which stops working); the token goes into the message being composed and nowhere else.
/// The link works until [`CONFIRMATION_LIFETIME`] after the answer was given, however late or often its
/// message is composed (a mail server refusing for days does not keep the address longer: see
/// [`forget_lapsed`]). The relay's own connection writes it, as it writes an account's tokens. None when the
/// answer is gone or changed meanwhile (its own message carries its link).
pub async fn issue_confirmation(
    conn: &impl sea_orm::ConnectionTrait,
    response_id: Uuid,
) -> ApiResult<Option<String>> {
    let Some(response) = survey_response::Entity::find_by_id(response_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let token = new_token();
    let stored = survey_response::Entity::update_many()
        .col_expr(
            survey_response::Column::ConfirmTokenHash,
            Expr::value(token_hash(&token)),
        )
        .col_expr(
            survey_response::Column::ConfirmTokenExpiresAt,
            Expr::value(response.updated_at + CONFIRMATION_LIFETIME),
        )
        .filter(survey_response::Column::Id.eq(response_id))
        // Answered again meanwhile: that answer's own message carries its link.
        .filter(survey_response::Column::UpdatedAt.eq(response.updated_at))
        .exec(conn)
        .await?;
    Ok((stored.rows_affected > 0).then_some(token))
}

/// Confirms an answer by the token of its link: from now on it counts, if its survey still takes answers
/// (`CONFLICT` once it closed: published results and applied scores do not change under the team). The
/// token works once and for [`CONFIRMATION_LIFETIME`]; an unknown, used or expired one answers
/// `INVALID_TOKEN`. Returns the survey.
pub async fn confirm(db: &Store, change: &Change, token: &str) -> ApiResult<survey::Model> {
    let hash = token_hash(token.trim());
    let txn = begin_write(db, change).await?;
    let survey_id = survey_response::Entity::find()
        .filter(survey_response::Column::ConfirmTokenHash.eq(hash.as_str()))
        .one(&txn)
        .await?
        .ok_or(ApiError::InvalidToken)?
        .survey_id;
    // The survey first, then the answer, in the order an answer takes them.
    let survey = survey::Entity::find_by_id(survey_id)
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("survey"))?;
    let mut row = survey_response::Entity::find()
        .filter(survey_response::Column::ConfirmTokenHash.eq(hash.as_str()))
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|r| r.confirm_token_expires_at.is_some_and(|at| at > now()))
        .ok_or(ApiError::InvalidToken)?;
    if !super::surveys::takes_answers(&survey, now()) {
        return Err(ApiError::conflict(
            None,
            "this survey takes no answers any more, so the answer cannot count",
        ));
    }
    row.confirmed_at = Some(now());
    row.confirm_token_hash = None;
    row.confirm_token_expires_at = None;
    row.updated_at = changed_after(row.updated_at);
    row.into_active_model().reset_all().update(&txn).await?;
    txn.commit(Some(survey_id)).await?;
    Ok(survey)
}

/// The answer a partner gave to a survey, if any.
pub async fn partner_answer(
    conn: &impl sea_orm::ConnectionTrait,
    survey_id: Uuid,
    partner_id: Uuid,
) -> ApiResult<Option<survey_response::Model>> {
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .filter(survey_response::Column::PartnerId.eq(partner_id))
        .one(conn)
        .await?)
}

/// Refuses a consent to any text but the current one.
fn check_consent(version: &str) -> ApiResult<()> {
    if version == SURVEY_CONSENT_VERSION {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "consentVersion",
            format!(
                "agree to the survey's current consent text, version {SURVEY_CONSENT_VERSION} (read it through the survey's `consentText`)"
            ),
        ))
    }
}

/// The survey, locked against a change of its questions while the answer is written, if it takes answers
/// now.
async fn open_survey(txn: &Write<'_>, survey_id: Uuid) -> ApiResult<survey::Model> {
    let survey = survey::Entity::find_by_id(survey_id)
        .lock_shared()
        .one(txn)
        .await?
        .filter(|s| s.is_public() || txn.viewer().is_some_and(|v| v.is_team()))
        .ok_or_else(|| ApiError::not_found("survey"))?;
    if !super::surveys::takes_answers(&survey, now()) {
        return Err(ApiError::conflict(
            Some("surveyId"),
            "this survey does not take answers now: it is not open, or not between its open and close times",
        ));
    }
    Ok(survey)
}

/// Checks answers against the questions and returns them as stored, in the questions' order: each names a
/// question of the survey once and gives what its kind asks for; an answer that says nothing is left out;
/// every required question is answered, and at least one question.
pub fn checked_answers(
    questions: &[SurveyQuestion],
    given: Vec<SurveyAnswer>,
) -> ApiResult<SurveyAnswers> {
    // An answer that says nothing (no choice, number, text or domain scored) is no answer, whatever its kind.
    let given: Vec<SurveyAnswer> = given
        .into_iter()
        .map(|mut a| {
            a.text = a.text.map(|t| validate::tidy(&t)).filter(|t| !t.is_empty());
            a
        })
        .filter(|a| {
            !(a.choices.is_empty() && a.scale.is_none() && a.text.is_none() && a.domains.is_empty())
        })
        .collect();
    let mut seen = HashSet::new();
    for (n, answer) in given.iter().enumerate() {
        let field = format!("answers[{n}]");
        if !seen.insert(answer.question_id) {
            return Err(ApiError::invalid(field, "a question is answered twice"));
        }
        let question = questions
            .iter()
            .find(|q| q.id == answer.question_id)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("{field}.questionId"),
                    "the survey has no such question (read the survey again: its questions may have changed)",
                )
            })?;
        check_answer(&field, question, answer)?;
    }
    let mut stored = given;
    if let Some((n, missing)) = questions
        .iter()
        .enumerate()
        .find(|(_, q)| q.required && !stored.iter().any(|a| a.question_id == q.id))
    {
        return Err(ApiError::invalid(
            "answers",
            format!("question {} is required: {}", n + 1, missing.prompt),
        ));
    }
    if stored.is_empty() {
        return Err(ApiError::invalid("answers", "answer at least one question"));
    }
    stored.sort_by_key(|a| questions.iter().position(|q| q.id == a.question_id));
    Ok(SurveyAnswers(stored))
}

/// Checks one answer against its question's kind.
fn check_answer(field: &str, question: &SurveyQuestion, answer: &SurveyAnswer) -> ApiResult<()> {
    let only = |what: &str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(ApiError::invalid(
                field,
                format!(
                    "a {} question is answered with {what} only",
                    question.kind.to_value()
                ),
            ))
        }
    };
    let nothing_else = |choices: bool, scale: bool, text: bool, domains: bool| {
        (choices || answer.choices.is_empty())
            && (scale || answer.scale.is_none())
            && (text || answer.text.is_none())
            && (domains || answer.domains.is_empty())
    };
    match question.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            only("choices", nothing_else(true, false, false, false))?;
            let single = question.kind == QuestionKind::SingleChoice;
            if answer.choices.is_empty() || (single && answer.choices.len() > 1) {
                return Err(ApiError::invalid(
                    format!("{field}.choices"),
                    if single {
                        "choose one option"
                    } else {
                        "choose at least one option"
                    },
                ));
            }
            let mut chosen = HashSet::new();
            for &choice in &answer.choices {
                if usize::from(choice) >= question.options.len() || !chosen.insert(choice) {
                    return Err(ApiError::invalid(
                        format!("{field}.choices"),
                        format!(
                            "choose among options 0 to {}, each once",
                            question.options.len() - 1
                        ),
                    ));
                }
            }
        }
        QuestionKind::Scale => {
            only("a scale", nothing_else(false, true, false, false))?;
            match answer.scale {
                Some(n) if (1..=5).contains(&n) => {}
                _ => {
                    return Err(ApiError::invalid(
                        format!("{field}.scale"),
                        "give a number from 1 to 5",
                    ));
                }
            }
        }
        QuestionKind::FreeText => {
            only("a text", nothing_else(false, false, true, false))?;
            let text = answer.text.as_deref().unwrap_or("");
            validate::text(&format!("{field}.text"), text, MAX_TEXT_ANSWER)?;
        }
        QuestionKind::ValueDomains => {
            only(
                "value-domain scores",
                nothing_else(false, false, false, true),
            )?;
            let mut scored = HashSet::new();
            for (k, scores) in answer.domains.iter().enumerate() {
                let at = format!("{field}.domains[{k}]");
                if !question.value_domain_ids.contains(&scores.value_domain_id)
                    || !scored.insert(scores.value_domain_id)
                {
                    return Err(ApiError::invalid(
                        format!("{at}.valueDomainId"),
                        "score each of the question's value domains once",
                    ));
                }
                check_scores(&at, scores)?;
            }
        }
    }
    Ok(())
}

/// Each score given is 1 to 5 (none: no opinion).
fn check_scores(field: &str, scores: &DomainScores) -> ApiResult<()> {
    for (name, score) in [
        ("economicValue", scores.economic_value),
        ("societalValue", scores.societal_value),
        ("dataReadiness", scores.data_readiness),
    ] {
        if let Some(n) = score
            && !(1..=5).contains(&n)
        {
            return Err(ApiError::invalid(
                format!("{field}.{name}"),
                "give a score from 1 to 5, or none for no opinion",
            ));
        }
    }
    Ok(())
}
