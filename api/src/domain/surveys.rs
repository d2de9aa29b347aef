//! Surveys (marktbevraging): what the team asks the open-data community, and the rules of its questions.
//!
//! A survey is written as a draft, opened for answers, and closed. Its questions are written as a whole
//! (`SurveyFields::questions`); once the first answer is in they are fixed but for their wording, since a
//! question changed under its answers would corrupt the results ([`check_frozen`]). Answering is
//! `survey_answers.rs`; what the answers add up to, and the scores they suggest, `survey_results.rs`.

use super::links;
use super::page::ListOrder;
use super::record::{HasStatus, Record, record_fields, same_accessors};
use super::validate::{self, tidy};
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{new_id, now};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use entities::survey::{Column, Entity, Model};
use entities::values::{
    ChoiceOption, QuestionKind, SurveyQuestion, SurveyQuestions, SurveyStatus, SurveyWeighting,
};
use entities::{survey_response, value_domain};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    Select,
};
use uuid::Uuid;

/// The most questions a survey asks.
pub const MAX_QUESTIONS: usize = 100;
/// The most options a choice question offers.
pub const MAX_OPTIONS: usize = 30;
/// The most value domains one question asks about.
pub const MAX_QUESTION_DOMAINS: usize = 30;
/// The number of answers a score needs before one is suggested, unless the team sets another.
pub const DEFAULT_MIN_ANSWERS: i32 = 10;

record_fields! {
    /// The fields of a survey a client can set; `None` leaves a field as it is, `Some(None)` clears it.
    pub struct SurveyFields for Model {
        /// The title, in Dutch.
        title: String = |v| tidy(v),
        /// The title in English (empty: none).
        title_en: String = |v| tidy(v),
        /// The introduction (Markdown), in Dutch.
        introduction: String = |v| tidy(v),
        /// The introduction in English (empty: none).
        introduction_en: String = |v| tidy(v),
        /// From when an open survey takes answers.
        opens_at: Option<DateTime<Utc>> = |v| *v,
        /// Until when an open survey takes answers.
        closes_at: Option<DateTime<Utc>> = |v| *v,
        /// The answers a score needs before one is suggested.
        min_answers: i32 = |v| *v,
        /// How the suggested scores weigh the answers.
        weighting: SurveyWeighting = |v| *v,
    }
    outside the row {
        /// A chosen slug (the short public link); by default one is made from the title.
        slug: String,
        /// The questions, in order: all of them, replacing those the survey had.
        questions: Vec<QuestionFields>,
    }
}

/// A question as a client writes it. One that keeps its `id` stays the same question (its answers stay
/// its); one without is new.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct QuestionFields {
    /// The question's id, for a question the survey already has.
    pub id: Option<Uuid>,
    /// What kind of answer it asks for.
    pub kind: QuestionKind,
    /// The question, in Dutch.
    pub prompt: String,
    /// The question in English (empty: none).
    #[serde(default)]
    pub prompt_en: String,
    /// The options of a choice question.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// The value domains a `VALUE_DOMAINS` question asks about.
    #[serde(default)]
    pub value_domain_ids: Vec<Uuid>,
    /// Whether an answer must answer it.
    #[serde(default)]
    pub required: bool,
}

impl QuestionFields {
    /// The question as stored: tidied, with a new id when it has none, and only the parts its kind uses.
    fn stored(&self) -> SurveyQuestion {
        let choice = matches!(
            self.kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        );
        SurveyQuestion {
            id: self.id.unwrap_or_else(new_id),
            kind: self.kind,
            prompt: tidy(&self.prompt),
            prompt_en: tidy(&self.prompt_en),
            options: if choice {
                self.options
                    .iter()
                    .map(|o| ChoiceOption {
                        label: tidy(&o.label),
                        label_en: tidy(&o.label_en),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            value_domain_ids: if self.kind == QuestionKind::ValueDomains {
                self.value_domain_ids.clone()
            } else {
                Vec::new()
            },
            required: self.required,
        }
    }
}

impl Record for Entity {
    type Fields = SurveyFields;
    const KIND: &'static str = "survey";
    // A survey is found from the surveys page and its short link, not through search.
    const SEARCH_KIND: Option<search::Kind> = None;

    same_accessors!(SurveyFields, title);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            title: String::new(),
            title_en: String::new(),
            introduction: String::new(),
            introduction_en: String::new(),
            status: SurveyStatus::Draft,
            opens_at: None,
            closes_at: None,
            questions: SurveyQuestions::default(),
            min_answers: DEFAULT_MIN_ANSWERS,
            weighting: SurveyWeighting::EqualPerStakeholderType,
            results_published_at: None,
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &SurveyFields) {
        fields.apply_to(model);
        if let Some(questions) = &fields.questions {
            model.questions =
                SurveyQuestions(questions.iter().map(QuestionFields::stored).collect());
        }
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("title", &model.title, validate::MAX_TITLE)?;
        validate::line("titleEn", &model.title_en, validate::MAX_TITLE)?;
        validate::text("introduction", &model.introduction, validate::MAX_BODY)?;
        validate::text("introductionEn", &model.introduction_en, validate::MAX_BODY)?;
        if let Some(at) = model.opens_at {
            validate::instant("opensAt", at)?;
        }
        if let Some(at) = model.closes_at {
            validate::instant("closesAt", at)?;
        }
        if let (Some(opens), Some(closes)) = (model.opens_at, model.closes_at)
            && closes <= opens
        {
            return Err(ApiError::invalid(
                "closesAt",
                "a survey closes after it opens",
            ));
        }
        validate::within("minAnswers", model.min_answers.into(), 1, 10_000)?;
        if model.status == SurveyStatus::Open && model.questions.0.is_empty() {
            return Err(ApiError::invalid(
                "questions",
                "an open survey keeps at least one question",
            ));
        }
        validate_questions(&model.questions.0)
    }
    async fn check_references(conn: &Write<'_>, model: &Model) -> ApiResult<()> {
        let named: Vec<Uuid> = model
            .questions
            .0
            .iter()
            .flat_map(|q| q.value_domain_ids.iter().copied())
            .collect();
        links::existing::<value_domain::Entity>(
            conn,
            value_domain::Column::Id,
            &named,
            "questions.valueDomainIds",
            "value domain",
        )
        .await?;
        Ok(())
    }
    async fn after_update(conn: &Write<'_>, before: &Model, after: &Model) -> ApiResult<()> {
        if before.questions == after.questions || !has_answers(conn, before.id).await? {
            return Ok(());
        }
        check_frozen(&before.questions.0, &after.questions.0)
    }
}

impl HasStatus for Entity {
    type Status = SurveyStatus;
    const STATUS_FIELD: &'static str = "status";
    fn status(model: &Model) -> SurveyStatus {
        model.status
    }
    fn set_status(model: &mut Model, status: SurveyStatus, _now: DateTime<Utc>) {
        model.status = status;
    }
    fn check_status_move(model: &Model, to: SurveyStatus, _now: DateTime<Utc>) -> ApiResult<()> {
        if to == SurveyStatus::Open && model.questions.0.is_empty() {
            return Err(ApiError::invalid(
                "status",
                "a survey opens once it has a question",
            ));
        }
        Ok(())
    }
}

/// Checks a survey's questions: each has its wording and what its kind needs, and no id is used twice.
fn validate_questions(questions: &[SurveyQuestion]) -> ApiResult<()> {
    if questions.len() > MAX_QUESTIONS {
        return Err(ApiError::invalid(
            "questions",
            format!("a survey asks at most {MAX_QUESTIONS} questions"),
        ));
    }
    for (n, q) in questions.iter().enumerate() {
        let field = format!("questions[{n}]");
        validate::required_line(&format!("{field}.prompt"), &q.prompt, validate::MAX_SUMMARY)?;
        validate::line(
            &format!("{field}.promptEn"),
            &q.prompt_en,
            validate::MAX_SUMMARY,
        )?;
        if questions[..n].iter().any(|other| other.id == q.id) {
            return Err(ApiError::invalid(
                format!("{field}.id"),
                "two questions have the same id",
            ));
        }
        match q.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                if !(2..=MAX_OPTIONS).contains(&q.options.len()) {
                    return Err(ApiError::invalid(
                        format!("{field}.options"),
                        format!("a choice question offers 2 to {MAX_OPTIONS} options"),
                    ));
                }
                for (k, option) in q.options.iter().enumerate() {
                    let at = format!("{field}.options[{k}]");
                    validate::required_line(
                        &format!("{at}.label"),
                        &option.label,
                        validate::MAX_SHORT,
                    )?;
                    validate::line(
                        &format!("{at}.labelEn"),
                        &option.label_en,
                        validate::MAX_SHORT,
                    )?;
                }
            }
            QuestionKind::ValueDomains => {
                let ids = &q.value_domain_ids;
                if !(1..=MAX_QUESTION_DOMAINS).contains(&ids.len()) {
                    return Err(ApiError::invalid(
                        format!("{field}.valueDomainIds"),
                        format!(
                            "a value-domain question asks about 1 to {MAX_QUESTION_DOMAINS} value domains"
                        ),
                    ));
                }
                if ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id)) {
                    return Err(ApiError::invalid(
                        format!("{field}.valueDomainIds"),
                        "a value domain is named twice",
                    ));
                }
            }
            QuestionKind::Scale | QuestionKind::FreeText => {}
        }
    }
    Ok(())
}

/// Refuses a change to questions that have answers, beyond their wording: the same questions, in the same
/// order, of the same kinds, with as many options, the same value domains and the same `required`.
pub fn check_frozen(before: &[SurveyQuestion], after: &[SurveyQuestion]) -> ApiResult<()> {
    let same_shape = before.len() == after.len()
        && before.iter().zip(after).all(|(b, a)| {
            b.id == a.id
                && b.kind == a.kind
                && b.options.len() == a.options.len()
                && b.value_domain_ids == a.value_domain_ids
                && b.required == a.required
        });
    if same_shape {
        Ok(())
    } else {
        Err(ApiError::conflict(
            Some("questions"),
            "this survey has answers, so its questions are fixed: only their wording (and that of their options) may change",
        ))
    }
}

/// Whether anyone has answered the survey (confirmed or not).
pub async fn has_answers(conn: &impl sea_orm::ConnectionTrait, survey_id: Uuid) -> ApiResult<bool> {
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .count(conn)
        .await?
        > 0)
}

/// Whether an open survey takes answers at `at`: it is `OPEN`, and `at` lies between its open and close
/// times.
pub fn takes_answers(survey: &Model, at: DateTime<Utc>) -> bool {
    survey.status == SurveyStatus::Open
        && survey.opens_at.is_none_or(|opens| opens <= at)
        && survey.closes_at.is_none_or(|closes| at < closes)
}

/// Copies a survey for next year: a new draft with the same texts, settings and questions (new ids),
/// without its times, answers or published results.
pub async fn copy(db: &Store, change: &Change, id: Uuid) -> ApiResult<Model> {
    let txn = begin_write(db, change).await?;
    let original = Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("survey"))?;
    let questions = original
        .questions
        .0
        .iter()
        .map(|q| QuestionFields {
            id: None,
            kind: q.kind,
            prompt: q.prompt.clone(),
            prompt_en: q.prompt_en.clone(),
            options: q.options.clone(),
            value_domain_ids: q.value_domain_ids.clone(),
            required: q.required,
        })
        .collect();
    let fields = SurveyFields {
        title: Some(original.title),
        title_en: Some(original.title_en),
        introduction: Some(original.introduction),
        introduction_en: Some(original.introduction_en),
        opens_at: None,
        closes_at: None,
        min_answers: Some(original.min_answers),
        weighting: Some(original.weighting),
        slug: None,
        questions: Some(questions),
    };
    let saved = super::record::create_in::<Entity>(&txn, fields).await?;
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// Publishes a survey's results (anyone may read them since), or takes them back to the team.
pub async fn publish_results(
    db: &Store,
    change: &Change,
    id: Uuid,
    published: bool,
) -> ApiResult<Model> {
    let txn = begin_write(db, change).await?;
    let mut model = super::record::find_for_update::<Entity>(&txn, id).await?;
    if published && model.status == SurveyStatus::Draft {
        return Err(ApiError::invalid(
            "published",
            "a draft survey has no results to publish",
        ));
    }
    model.results_published_at = match (published, model.results_published_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now()),
        (false, _) => None,
    };
    model.updated_at = crate::clock::changed_after(model.updated_at);
    let saved = model.into_active_model().reset_all().update(&txn).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

/// Which surveys a list shows.
#[derive(Debug, Default, Clone)]
pub struct SurveyFilter {
    /// Only these statuses.
    pub status: Option<Vec<SurveyStatus>>,
}

/// The rows a filter selects.
pub fn select(filter: &SurveyFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.is_in(status.iter().copied()));
    }
    query
}

/// The list order of surveys: the newest first.
pub fn order() -> ListOrder<Column> {
    ListOrder {
        name: "created",
        column: Column::CreatedAt,
        descending: true,
    }
}
