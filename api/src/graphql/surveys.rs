//! `Survey` (marktbevraging): its type, its results, its queries and mutations, and answering it.

use super::accounts::TermsLanguage;
use super::connection::{SurveyConnection, page_request, wants_total};
use super::ids::{self, Kind};
use super::value_domains::ValueDomain;
use super::{DeleteInput, DeletePayload, change, db, load_visible, lookup, rate_limit};
use super::{Edited, set_status, update, values_of, viewer};
use crate::domain::survey_answers::{self, EmailRespondent, Response};
use crate::domain::survey_contacts;
use crate::domain::survey_results::{
    self, DomainResult, MIN_PUBLIC_GROUP, QuestionResult, ScoreSummary, Tally,
};
use crate::domain::surveys::{self as domain, QuestionFields, SurveyFields};
use crate::domain::{page, privacy, record, terms};
use crate::error::{ApiError, ApiResult};
use crate::limits::Limited;
use crate::markdown;
use async_graphql::{
    ComplexObject, Context, ID, InputObject, InputType, Object, SimpleObject, Value,
};
use chrono::{DateTime, Utc};
use entities::survey::{self, Column, Entity};
use entities::values::{
    ChoiceOption, City, DomainScores, Language, QuestionKind, StakeholderType, SurveyAnswer,
    SurveyQuestion, SurveyStatus, SurveyWeighting,
};
use entities::{survey_response, value_domain};
use sea_orm::QueryFilter;
use uuid::Uuid;

/// A survey (marktbevraging): what the team asks the open-data community, whose answers score the value
/// domains.
#[derive(Clone)]
pub struct Survey(pub survey::Model);

/// A survey (marktbevraging): what the team asks the open-data community, whose answers score the value
/// domains.
#[Object]
impl Survey {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Survey, self.0.id)
    }
    /// The unique, human-readable key: what the survey's short public link names.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The title, in Dutch.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The title in English; empty when it has none.
    async fn title_en(&self) -> &str {
        &self.0.title_en
    }
    /// What the survey is for (Markdown), in Dutch.
    async fn introduction(&self) -> &str {
        &self.0.introduction
    }
    /// `introduction` as sanitised HTML, ready to insert into a page.
    async fn introduction_html(&self) -> String {
        markdown::to_html(&self.0.introduction)
    }
    /// The introduction in English (Markdown); empty when it has none.
    async fn introduction_en(&self) -> &str {
        &self.0.introduction_en
    }
    /// `introductionEn` as sanitised HTML, ready to insert into a page.
    async fn introduction_en_html(&self) -> String {
        markdown::to_html(&self.0.introduction_en)
    }
    /// Where the survey stands.
    async fn status(&self) -> SurveyStatus {
        self.0.status
    }
    /// The statuses it may move to next through `setSurveyStatus`.
    async fn next_statuses(&self) -> Vec<SurveyStatus> {
        record::next_statuses::<Entity>(&self.0, crate::clock::now())
    }
    /// From when an open survey takes answers; null: from when it opens.
    async fn opens_at(&self) -> Option<DateTime<Utc>> {
        self.0.opens_at
    }
    /// Until when an open survey takes answers; null: until it is closed.
    async fn closes_at(&self) -> Option<DateTime<Utc>> {
        self.0.closes_at
    }
    /// Whether it takes answers now: open, and between its open and close times.
    async fn takes_answers(&self) -> bool {
        domain::takes_answers(&self.0, crate::clock::now())
    }
    /// The questions, in order.
    async fn questions(&self) -> Vec<Question> {
        self.0.questions.0.iter().cloned().map(Question).collect()
    }
    /// Whether anyone has answered, so that the questions are fixed but for their wording.
    async fn questions_fixed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        domain::has_answers(db(ctx), self.0.id).await
    }
    /// The number of answers a value domain's score needs before a score is suggested.
    async fn min_answers(&self) -> i32 {
        self.0.min_answers
    }
    /// How the suggested scores weigh the answers.
    async fn weighting(&self) -> SurveyWeighting {
        self.0.weighting
    }
    /// When the team published the results; null while they are the team's only.
    async fn results_published_at(&self) -> Option<DateTime<Utc>> {
        self.0.results_published_at
    }
    /// The text a respondent agrees to, with its version, which `answerSurvey` names.
    async fn consent(
        &self,
        #[graphql(
            desc = "The language to read it in.",
            default_with = "TermsLanguage::Nl"
        )]
        language: TermsLanguage,
    ) -> SurveyConsent {
        SurveyConsent { language }
    }
    /// What the answers add up to: for the team, and for anyone once the results are published (then
    /// without the free texts their writers did not agree to publish, and without the breakdowns of groups
    /// of fewer than five respondents). Null for anyone else.
    async fn results(&self, ctx: &Context<'_>) -> ApiResult<Option<SurveyResults>> {
        let team = viewer(ctx).is_team();
        if !team && self.0.results_published_at.is_none() {
            return Ok(None);
        }
        let results = survey_results::results(db(ctx), &self.0).await?;
        let shown = Shown::for_viewer(&results, team);
        Ok(Some(SurveyResults { results, shown }))
    }
    /// The respondents who agreed to be contacted and still can be, in the order they answered, as far as
    /// `filter` allows: the team's only (null for anyone else), to invite them to a conversation
    /// (`inviteSurveyRespondents`).
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which respondents.")] filter: Option<SurveyContactFilter>,
    ) -> ApiResult<Option<Vec<SurveyContact>>> {
        if !viewer(ctx).is_team() {
            return Ok(None);
        }
        let filter = match filter {
            Some(filter) => filter.into_domain()?,
            None => survey_contacts::ContactFilter::default(),
        };
        Ok(Some(
            survey_contacts::contacts(db(ctx), &self.0, &filter)
                .await?
                .into_iter()
                .map(SurveyContact)
                .collect(),
        ))
    }
    /// The answer the signed-in member's partner gave; null when it gave none, or for anyone not a
    /// partner's member.
    async fn my_answer(&self, ctx: &Context<'_>) -> ApiResult<Option<SurveyResponse>> {
        let Some(partner_id) = viewer(ctx).own_partner() else {
            return Ok(None);
        };
        Ok(
            survey_answers::partner_answer(db(ctx), self.0.id, partner_id)
                .await?
                .map(SurveyResponse),
        )
    }
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The text a survey's respondent agrees to, in one language.
pub struct SurveyConsent {
    language: TermsLanguage,
}

/// The text a survey's respondent agrees to, in one language.
#[Object]
impl SurveyConsent {
    /// The version, which `answerSurvey`'s `consentVersion` names.
    async fn version(&self) -> &'static str {
        terms::SURVEY_CONSENT_VERSION
    }
    /// The text (Markdown).
    async fn text(&self) -> &'static str {
        terms::survey_consent(self.language.into())
    }
    /// `text` as sanitised HTML, ready to insert into a page.
    async fn text_html(&self) -> String {
        markdown::to_html(terms::survey_consent(self.language.into()))
    }
}

/// A survey question.
#[derive(Clone)]
pub struct Question(pub SurveyQuestion);

/// A survey question.
#[Object(name = "SurveyQuestion")]
impl Question {
    /// The question's id within its survey, which an answer names.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What kind of answer it asks for.
    async fn kind(&self) -> QuestionKind {
        self.0.kind
    }
    /// The question, in Dutch.
    async fn prompt(&self) -> &str {
        &self.0.prompt
    }
    /// The question in English; empty when it has none.
    async fn prompt_en(&self) -> &str {
        &self.0.prompt_en
    }
    /// The options of a choice question, in order; an answer names them by position, from 0.
    async fn options(&self) -> Vec<SurveyOption> {
        self.0
            .options
            .iter()
            .map(|o| SurveyOption {
                label: o.label.clone(),
                label_en: o.label_en.clone(),
            })
            .collect()
    }
    /// The ids of the value domains a `VALUE_DOMAINS` question asks about, in order, as stored: those
    /// deleted or archived since included (what the team's editor sends back unchanged).
    async fn value_domain_ids(&self) -> Vec<ID> {
        self.0
            .value_domain_ids
            .iter()
            .map(|id| ids::encode(Kind::ValueDomain, *id))
            .collect()
    }
    /// The value domains a `VALUE_DOMAINS` question asks about, in order, as far as the viewer sees them.
    async fn value_domains(&self, ctx: &Context<'_>) -> ApiResult<Vec<ValueDomain>> {
        let mut out = Vec::new();
        for id in &self.0.value_domain_ids {
            if let Some(found) = load_visible::<value_domain::Entity>(ctx, Some(*id)).await? {
                out.push(ValueDomain(found));
            }
        }
        Ok(out)
    }
    /// Whether an answer must answer it.
    async fn required(&self) -> bool {
        self.0.required
    }
}

/// One option of a choice question.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "SurveyOptionInput")]
pub struct SurveyOption {
    /// The option, in Dutch.
    label: String,
    /// The option in English; empty when it has none.
    #[graphql(default)]
    label_en: String,
}

/// A respondent's answer to a survey.
pub struct SurveyResponse(survey_response::Model);

/// A respondent's answer to a survey.
#[Object]
impl SurveyResponse {
    /// The language it was answered in.
    async fn language(&self) -> Language {
        self.0.language
    }
    /// The answers, one per question answered, in the survey's order.
    async fn answers(&self) -> Vec<SurveyAnswerValue> {
        self.0
            .answers
            .0
            .iter()
            .map(|a| SurveyAnswerValue {
                question_id: ID(a.question_id.to_string()),
                choices: a.choices.iter().map(|&c| i32::from(c)).collect(),
                scale: a.scale,
                text: a.text.clone(),
                domains: a.domains.iter().map(|&d| d.into()).collect(),
            })
            .collect()
    }
    /// Whether the respondent agreed to publication of their free text.
    async fn publish_text(&self) -> bool {
        self.0.publish_text
    }
    /// Whether the respondent agreed to be contacted for a conversation.
    async fn may_contact(&self) -> bool {
        self.0.may_contact
    }
    /// When it started to count.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One answer as given.
#[derive(SimpleObject)]
pub struct SurveyAnswerValue {
    /// The question answered.
    question_id: ID,
    /// The positions of the options chosen.
    choices: Vec<i32>,
    /// The number given on a scale.
    scale: Option<i16>,
    /// The text written.
    text: Option<String>,
    /// The scores given to the value domains.
    domains: Vec<DomainScoresValue>,
}

/// One respondent's scores for one value domain; null is "no opinion".
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "DomainScoresInput")]
pub struct DomainScoresValue {
    /// The value domain.
    value_domain_id: ID,
    /// Its economic value, 1 to 5; null: no opinion.
    economic_value: Option<i16>,
    /// Its societal value, 1 to 5; null: no opinion.
    societal_value: Option<i16>,
    /// How ready its data are, 1 to 5; null: no opinion.
    data_readiness: Option<i16>,
}

impl From<DomainScores> for DomainScoresValue {
    fn from(s: DomainScores) -> Self {
        Self {
            value_domain_id: ids::encode(Kind::ValueDomain, s.value_domain_id),
            economic_value: s.economic_value,
            societal_value: s.societal_value,
            data_readiness: s.data_readiness,
        }
    }
}

/// What a survey's answers add up to.
pub struct SurveyResults {
    results: survey_results::SurveyResults,
    shown: Shown,
}

/// What of the results a viewer reads. The team reads everything. Anyone else reads the free texts their
/// writers agreed to publish, and a breakdown by stakeholder type (or by city) only when every such group
/// has at least [`MIN_PUBLIC_GROUP`] respondents: a smaller one would show what its few respondents
/// answered, directly or by subtracting the others from the total.
#[derive(Clone, Copy)]
struct Shown {
    team: bool,
    types: bool,
    cities: bool,
}

impl Shown {
    fn for_viewer(results: &survey_results::SurveyResults, team: bool) -> Self {
        let respondents = &results.respondents;
        Self {
            team,
            types: team
                || respondents
                    .by_stakeholder_type
                    .values()
                    .all(|&n| n >= MIN_PUBLIC_GROUP),
            cities: team || respondents.by_city.values().all(|&n| n >= MIN_PUBLIC_GROUP),
        }
    }
}

/// What a survey's answers add up to. Only confirmed answers count.
#[Object]
impl SurveyResults {
    /// The confirmed answers, broken down by stakeholder type and city.
    async fn respondents(&self) -> TallyValue {
        TallyValue::new(&self.results.respondents, self.shown)
    }
    /// Answers still waiting for their address to be confirmed: not counted. Many of them may be an
    /// attempt to stuff the ballot. The team's only (null for anyone else): its changes would tell whether
    /// an address had answered.
    async fn unconfirmed(&self) -> Option<u32> {
        self.shown.team.then_some(self.results.unconfirmed)
    }
    /// The number of answers a score needs for a suggestion.
    async fn min_answers(&self) -> i32 {
        self.results.min_answers
    }
    /// How the suggested scores weigh the answers.
    async fn weighting(&self) -> SurveyWeighting {
        self.results.weighting
    }
    /// Each question's results, in the survey's order.
    async fn questions(&self) -> Vec<QuestionResultValue> {
        self.results
            .questions
            .iter()
            .map(|q| QuestionResultValue::new(q, self.shown))
            .collect()
    }
    /// Every value domain asked about, with its scores and suggestions.
    async fn value_domains(&self) -> Vec<DomainResultValue> {
        self.results
            .domains()
            .into_iter()
            .map(|d| DomainResultValue::new(d, self.shown))
            .collect()
    }
}

/// A count, in all and broken down by stakeholder type and by city.
#[derive(SimpleObject, Clone)]
#[graphql(name = "SurveyTally")]
pub struct TallyValue {
    /// In all.
    total: u32,
    /// Per stakeholder type (types with none left out; empty to anyone but the team unless every type has
    /// five respondents or more).
    by_stakeholder_type: Vec<StakeholderTypeCount>,
    /// Per city (cities with none left out; null: none of LODE's cities; empty to anyone but the team
    /// unless every city has five respondents or more).
    by_city: Vec<CityCount>,
}

/// A count for one stakeholder type.
#[derive(SimpleObject, Clone)]
pub struct StakeholderTypeCount {
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// How many.
    count: u32,
}

/// A count for one city.
#[derive(SimpleObject, Clone)]
pub struct CityCount {
    /// The city; null: none of LODE's cities.
    city: Option<City>,
    /// How many.
    count: u32,
}

impl TallyValue {
    /// A count as the viewer may read it (see [`Shown`]).
    fn new(t: &Tally, shown: Shown) -> Self {
        Self {
            total: t.total,
            by_stakeholder_type: t
                .by_stakeholder_type
                .iter()
                .filter(|_| shown.types)
                .map(|(&stakeholder_type, &count)| StakeholderTypeCount {
                    stakeholder_type,
                    count,
                })
                .collect(),
            by_city: t
                .by_city
                .iter()
                .filter(|_| shown.cities)
                .map(|(&city, &count)| CityCount { city, count })
                .collect(),
        }
    }
}

/// What one question's answers add up to; the parts its kind does not use are empty.
#[derive(SimpleObject)]
#[graphql(name = "SurveyQuestionResult")]
pub struct QuestionResultValue {
    /// The question.
    question: Question,
    /// How many respondents answered it.
    answered: TallyValue,
    /// How many chose each option, in the question's order.
    options: Vec<TallyValue>,
    /// How many gave each number of a scale: 1 first, 5 last.
    scale: Vec<TallyValue>,
    /// The mean of the numbers given on a scale.
    scale_mean: Option<f64>,
    /// The free texts written: all for the team, the public only those their writers agreed to publish.
    texts: Vec<TextAnswerValue>,
    /// The value domains asked about, in the question's order.
    value_domains: Vec<DomainResultValue>,
}

impl QuestionResultValue {
    fn new(q: &QuestionResult, shown: Shown) -> Self {
        Self {
            question: Question(q.question.clone()),
            answered: TallyValue::new(&q.answered, shown),
            options: q
                .options
                .iter()
                .map(|t| TallyValue::new(t, shown))
                .collect(),
            scale: if q.question.kind == QuestionKind::Scale {
                q.scale.iter().map(|t| TallyValue::new(t, shown)).collect()
            } else {
                Vec::new()
            },
            scale_mean: q.scale_mean,
            texts: q
                .texts
                .iter()
                .filter(|t| shown.team || t.publishable)
                .map(|t| TextAnswerValue {
                    text: t.text.clone(),
                    stakeholder_type: shown.types.then_some(t.stakeholder_type),
                    publishable: t.publishable,
                })
                .collect(),
            value_domains: q
                .domains
                .iter()
                .map(|d| DomainResultValue::new(d, shown))
                .collect(),
        }
    }
}

/// One free-text answer, without its writer.
#[derive(SimpleObject)]
#[graphql(name = "SurveyTextAnswer")]
pub struct TextAnswerValue {
    /// What was written.
    text: String,
    /// The writer's stakeholder type; null to anyone but the team when a stakeholder type has too few
    /// respondents to be shown.
    stakeholder_type: Option<StakeholderType>,
    /// Whether the writer agreed to its publication.
    publishable: bool,
}

/// What a survey's answers say of one value domain.
#[derive(SimpleObject)]
#[graphql(name = "SurveyDomainResult", complex)]
pub struct DomainResultValue {
    #[graphql(skip)]
    value_domain_id: Uuid,
    /// Its economic value.
    economic_value: ScoreSummaryValue,
    /// Its societal value.
    societal_value: ScoreSummaryValue,
    /// How ready its data are.
    data_readiness: ScoreSummaryValue,
    /// How many answers its scores rest on (the most of the three).
    answer_count: u32,
}

#[ComplexObject]
impl DomainResultValue {
    /// The value domain; null when the viewer may not see it (archived), or it was deleted.
    async fn value_domain(&self, ctx: &Context<'_>) -> ApiResult<Option<ValueDomain>> {
        Ok(
            load_visible::<value_domain::Entity>(ctx, Some(self.value_domain_id))
                .await?
                .map(ValueDomain),
        )
    }
}

impl DomainResultValue {
    /// A domain's result as the viewer may read it (see [`Shown`]).
    fn new(d: &DomainResult, shown: Shown) -> Self {
        Self {
            value_domain_id: d.value_domain_id,
            economic_value: ScoreSummaryValue::new(&d.economic_value, shown),
            societal_value: ScoreSummaryValue::new(&d.societal_value, shown),
            data_readiness: ScoreSummaryValue::new(&d.data_readiness, shown),
            answer_count: d.answer_count(),
        }
    }
}

/// The answers given to one of a value domain's scores.
#[derive(SimpleObject)]
#[graphql(name = "SurveyScoreSummary")]
pub struct ScoreSummaryValue {
    /// The answers that gave a score.
    n: u32,
    /// The answers that said "no opinion".
    no_opinion: u32,
    /// How many gave each score: 1 first, 5 last.
    counts: Vec<TallyValue>,
    /// The plain mean of the scores given.
    mean: Option<f64>,
    /// Their standard deviation (over the scores given, as a whole population).
    spread: Option<f64>,
    /// The mean per stakeholder type.
    by_stakeholder_type: Vec<StakeholderTypeMean>,
    /// The mean the suggestion rests on, weighted as the survey says (null to anyone but the team when the
    /// breakdown by stakeholder type is not shown: it would tell a small group's mean).
    weighted_mean: Option<f64>,
    /// The suggested score, 1 to 5: the weighted mean rounded half up, once `n` reaches the survey's
    /// `minAnswers`; null before.
    suggested: Option<i16>,
}

/// The answers of one stakeholder type to a score.
#[derive(SimpleObject)]
pub struct StakeholderTypeMean {
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// Its answers that gave a score.
    n: u32,
    /// Their mean.
    mean: f64,
}

impl ScoreSummaryValue {
    /// A score's summary as the viewer may read it (see [`Shown`]): the means per stakeholder type, and
    /// the weighted mean made of them, only with the breakdown by stakeholder type.
    fn new(s: &ScoreSummary, shown: Shown) -> Self {
        Self {
            n: s.n,
            no_opinion: s.no_opinion,
            counts: s.counts.iter().map(|t| TallyValue::new(t, shown)).collect(),
            mean: s.mean,
            spread: s.spread,
            by_stakeholder_type: s
                .by_stakeholder_type
                .iter()
                .filter(|_| shown.types)
                .map(|(&stakeholder_type, &(n, mean))| StakeholderTypeMean {
                    stakeholder_type,
                    n,
                    mean,
                })
                .collect(),
            weighted_mean: s.weighted_mean.filter(|_| shown.types),
            suggested: s.suggested,
        }
    }
}

/// Which surveys to list.
#[derive(InputObject, Default)]
#[graphql(name = "SurveyFilter")]
pub struct SurveyFilterInput {
    /// Only surveys with one of these statuses.
    status: Option<Vec<SurveyStatus>>,
}

/// Survey queries.
#[derive(Default)]
pub struct SurveyQuery;

#[Object]
impl SurveyQuery {
    /// Surveys, a page at a time, the newest first: open and closed ones for everyone, drafts too for the
    /// team.
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    async fn surveys(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which surveys to list.")] filter: Option<SurveyFilterInput>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<SurveyConnection> {
        let filter = domain::SurveyFilter {
            status: filter.unwrap_or_default().status,
        };
        let mut select = domain::select(&filter);
        if !viewer(ctx).is_team() {
            select = select.filter(survey::public());
        }
        let request = page_request(first, after, last, before);
        let page = page::fetch(
            db(ctx),
            select,
            Column::Id,
            domain::order(),
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(SurveyConnection::from_page(page, Survey))
    }

    /// One survey, by id or by slug (its short link).
    async fn survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey's id.")] id: Option<ID>,
        #[graphql(desc = "The survey's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<Survey>> {
        lookup::<Entity>(ctx, Kind::Survey, id, slug)
            .await
            .map(|m| Some(Survey(m)))
    }
}

/// A question as the team writes it.
#[derive(InputObject)]
pub struct SurveyQuestionInput {
    /// The id of a question the survey already has, to keep it (and its answers); leave it out for a new
    /// question.
    id: Option<ID>,
    /// What kind of answer it asks for.
    kind: QuestionKind,
    /// The question, in Dutch.
    prompt: String,
    /// The question in English.
    #[graphql(default)]
    prompt_en: String,
    /// The options of a choice question (2 to 30), in order.
    #[graphql(default)]
    options: Vec<SurveyOption>,
    /// The value domains a `VALUE_DOMAINS` question asks about (1 to 30), in order.
    #[graphql(default)]
    value_domain_ids: Vec<ID>,
    /// Whether an answer must answer it.
    #[graphql(default)]
    required: bool,
}

impl TryFrom<SurveyQuestionInput> for QuestionFields {
    type Error = ApiError;
    fn try_from(input: SurveyQuestionInput) -> ApiResult<Self> {
        Ok(Self {
            id: input
                .id
                .map(|id| {
                    Uuid::try_parse(id.as_str())
                        .map_err(|_| ApiError::invalid("questions.id", "not a question's id"))
                })
                .transpose()?,
            kind: input.kind,
            prompt: input.prompt,
            prompt_en: input.prompt_en,
            options: input
                .options
                .into_iter()
                .map(|o| ChoiceOption {
                    label: o.label,
                    label_en: o.label_en,
                })
                .collect(),
            value_domain_ids: ids::decode_all(
                "questions.valueDomainIds",
                &input.value_domain_ids,
                Kind::ValueDomain,
            )?,
            required: input.required,
        })
    }
}

/// The questions given, as the domain takes them.
fn questions_of(input: Option<Vec<SurveyQuestionInput>>) -> ApiResult<Option<Vec<QuestionFields>>> {
    input
        .map(|qs| qs.into_iter().map(QuestionFields::try_from).collect())
        .transpose()
}

/// A new survey; it starts as a `DRAFT`.
#[derive(InputObject)]
pub struct CreateSurveyInput {
    /// A slug of your choice (the short public link); by default one is made from the title.
    slug: Option<String>,
    /// The title, in Dutch.
    title: String,
    /// The title in English.
    #[graphql(default)]
    title_en: String,
    /// What the survey is for (Markdown), in Dutch.
    #[graphql(default)]
    introduction: String,
    /// The introduction in English (Markdown).
    #[graphql(default)]
    introduction_en: String,
    /// From when an open survey takes answers.
    opens_at: Option<DateTime<Utc>>,
    /// Until when an open survey takes answers.
    closes_at: Option<DateTime<Utc>>,
    /// The questions, in order.
    #[graphql(default)]
    questions: Vec<SurveyQuestionInput>,
    /// The number of answers a score needs before one is suggested (default 10).
    min_answers: Option<i32>,
    /// How the suggested scores weigh the answers (default: each stakeholder type the same).
    weighting: Option<SurveyWeighting>,
}

impl TryFrom<CreateSurveyInput> for SurveyFields {
    type Error = ApiError;
    fn try_from(input: CreateSurveyInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: Some(input.title),
            title_en: Some(input.title_en),
            introduction: Some(input.introduction),
            introduction_en: Some(input.introduction_en),
            opens_at: Some(input.opens_at),
            closes_at: Some(input.closes_at),
            min_answers: input.min_answers,
            weighting: input.weighting,
            questions: questions_of(Some(input.questions))?,
        })
    }
}

/// Changes to a survey: fields left out stay as they are. Once it has answers, its questions may change
/// only in their wording.
#[derive(InputObject)]
pub struct UpdateSurveyInput {
    /// The survey to change.
    id: ID,
    /// The `updatedAt` you read the survey at, sent back exactly as read. If the survey has changed since,
    /// nothing is saved and a `CONFLICT` answers, with its current values in `extensions.current`.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (the old short link stops working).
    slug: Option<String>,
    /// The title, in Dutch.
    title: Option<String>,
    /// The title in English.
    title_en: Option<String>,
    /// The introduction (Markdown), in Dutch.
    introduction: Option<String>,
    /// The introduction in English.
    introduction_en: Option<String>,
    /// From when an open survey takes answers (null: from when it opens).
    #[graphql(default)]
    opens_at: async_graphql::MaybeUndefined<DateTime<Utc>>,
    /// Until when an open survey takes answers (null: until it is closed).
    #[graphql(default)]
    closes_at: async_graphql::MaybeUndefined<DateTime<Utc>>,
    /// All the questions, in order, replacing those it has.
    questions: Option<Vec<SurveyQuestionInput>>,
    /// The number of answers a score needs before one is suggested.
    min_answers: Option<i32>,
    /// How the suggested scores weigh the answers.
    weighting: Option<SurveyWeighting>,
}

impl TryFrom<UpdateSurveyInput> for SurveyFields {
    type Error = ApiError;
    fn try_from(input: UpdateSurveyInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: input.title,
            title_en: input.title_en,
            introduction: input.introduction,
            introduction_en: input.introduction_en,
            opens_at: ids::maybe(input.opens_at),
            closes_at: ids::maybe(input.closes_at),
            min_answers: input.min_answers,
            weighting: input.weighting,
            questions: questions_of(input.questions)?,
        })
    }
}

impl Edited for Entity {
    async fn current_values(_: &Context<'_>, s: survey::Model) -> ApiResult<Value> {
        let input = UpdateSurveyInput {
            id: ids::encode(Kind::Survey, s.id),
            expected_updated_at: None,
            slug: Some(s.slug),
            title: Some(s.title),
            title_en: Some(s.title_en),
            introduction: Some(s.introduction),
            introduction_en: Some(s.introduction_en),
            opens_at: Some(s.opens_at).into(),
            closes_at: Some(s.closes_at).into(),
            questions: Some(
                s.questions
                    .0
                    .into_iter()
                    .map(|q| SurveyQuestionInput {
                        id: Some(ID(q.id.to_string())),
                        kind: q.kind,
                        prompt: q.prompt,
                        prompt_en: q.prompt_en,
                        options: q
                            .options
                            .into_iter()
                            .map(|o| SurveyOption {
                                label: o.label,
                                label_en: o.label_en,
                            })
                            .collect(),
                        value_domain_ids: q
                            .value_domain_ids
                            .into_iter()
                            .map(|id| ids::encode(Kind::ValueDomain, id))
                            .collect(),
                        required: q.required,
                    })
                    .collect(),
            ),
            min_answers: Some(s.min_answers),
            weighting: Some(s.weighting),
        };
        Ok(values_of(
            input,
            [
                ("status", s.status.to_value()),
                ("updatedAt", s.updated_at.to_value()),
            ],
        ))
    }
}

/// A status move for a survey: open a draft, close an open survey, open a closed one again.
#[derive(InputObject)]
pub struct SetSurveyStatusInput {
    /// The survey to move.
    id: ID,
    /// The `updatedAt` you read the survey at (see `updateSurvey`).
    expected_updated_at: Option<DateTime<Utc>>,
    /// The status to move to.
    status: SurveyStatus,
}

/// Publishing a survey's results, or taking them back.
#[derive(InputObject)]
pub struct PublishSurveyResultsInput {
    /// The survey.
    id: ID,
    /// True: anyone may read the results (without the free texts not agreed to); false: the team's only.
    published: bool,
}

/// The survey to copy for next year.
#[derive(InputObject)]
pub struct CopySurveyInput {
    /// The survey to copy.
    id: ID,
}

/// What a survey mutation returns.
#[derive(SimpleObject)]
pub struct SurveyPayload {
    /// The survey as it now is.
    survey: Survey,
}

impl From<survey::Model> for SurveyPayload {
    fn from(model: survey::Model) -> Self {
        Self {
            survey: Survey(model),
        }
    }
}

/// An answer to one question.
#[derive(InputObject)]
pub struct SurveyAnswerInput {
    /// The question answered (its `id`).
    question_id: ID,
    /// For a choice question: the positions of the options chosen, from 0 (one for a single choice).
    #[graphql(default)]
    choices: Vec<i32>,
    /// For a scale: a number from 1 to 5.
    scale: Option<i16>,
    /// For a free-text question: the text.
    text: Option<String>,
    /// For a value-domain question: the scores of each value domain scored (null scores: no opinion).
    #[graphql(default)]
    domains: Vec<DomainScoresValue>,
}

impl TryFrom<SurveyAnswerInput> for SurveyAnswer {
    type Error = ApiError;
    fn try_from(input: SurveyAnswerInput) -> ApiResult<Self> {
        Ok(Self {
            question_id: Uuid::try_parse(input.question_id.as_str())
                .map_err(|_| ApiError::invalid("answers.questionId", "not a question's id"))?,
            choices: input
                .choices
                .into_iter()
                .map(|c| {
                    u16::try_from(c).map_err(|_| {
                        ApiError::invalid("answers.choices", "not an option's position")
                    })
                })
                .collect::<ApiResult<_>>()?,
            scale: input.scale,
            text: input.text,
            domains: input
                .domains
                .into_iter()
                .map(|d| {
                    Ok(DomainScores {
                        value_domain_id: ids::decode(
                            "answers.domains.valueDomainId",
                            &d.value_domain_id,
                            Kind::ValueDomain,
                        )?,
                        economic_value: d.economic_value,
                        societal_value: d.societal_value,
                        data_readiness: d.data_readiness,
                    })
                })
                .collect::<ApiResult<_>>()?,
        })
    }
}

/// A respondent's answers and agreements, as the domain takes them, from either way of answering.
fn response_of(
    language: Language,
    answers: Vec<SurveyAnswerInput>,
    consent_version: String,
    publish_text: bool,
    may_contact: bool,
) -> ApiResult<Response> {
    Ok(Response {
        language,
        answers: answers
            .into_iter()
            .map(SurveyAnswer::try_from)
            .collect::<ApiResult<Vec<_>>>()?,
        consent_version,
        publish_text,
        may_contact,
    })
}

/// A partner's answer to a survey, given by one of its members.
#[derive(InputObject)]
pub struct AnswerSurveyInput {
    /// The survey.
    survey_id: ID,
    /// The language answered in.
    language: Language,
    /// One answer per question answered; every required question must be answered.
    answers: Vec<SurveyAnswerInput>,
    /// The version of the survey's consent text agreed to (`Survey.consent.version`).
    consent_version: String,
    /// Whether the free-text answers may be published, without a name.
    #[graphql(default)]
    publish_text: bool,
    /// Whether the team may ask for a conversation about the answers.
    #[graphql(default)]
    may_contact: bool,
}

/// The answer of someone without a partner profile, who gives an e-mail address: it counts once the
/// link sent there is followed (`confirmSurveyAnswer`).
#[derive(InputObject)]
pub struct AnswerSurveyByEmailInput {
    /// The survey.
    survey_id: ID,
    /// The address the confirmation link goes to; one answer per address.
    email: String,
    /// The respondent's stakeholder type.
    stakeholder_type: StakeholderType,
    /// The respondent's city, if one of LODE's.
    city: Option<City>,
    /// The language answered in (and of the confirmation message).
    language: Language,
    /// One answer per question answered; every required question must be answered.
    answers: Vec<SurveyAnswerInput>,
    /// The version of the survey's consent text agreed to (`Survey.consent.version`).
    consent_version: String,
    /// Whether the free-text answers may be published, without a name.
    #[graphql(default)]
    publish_text: bool,
    /// Whether the team may ask for a conversation about the answers, at this address.
    #[graphql(default)]
    may_contact: bool,
}

/// What answering by e-mail returns: nothing of the answer, which is the address's holder's.
#[derive(SimpleObject)]
pub struct AnswerSurveyByEmailPayload {
    /// Always true, whatever happened: the link that makes the answer count is on its way to the address,
    /// unless the address answered this survey already (then nothing changed, and nobody may learn that).
    confirmation_sent: bool,
}

/// The token of an answer's confirmation link.
#[derive(InputObject)]
pub struct ConfirmSurveyAnswerInput {
    /// The token the link carries.
    token: String,
}

/// What confirming an answer returns.
#[derive(SimpleObject)]
pub struct ConfirmSurveyAnswerPayload {
    /// The survey answered.
    survey: Survey,
}

/// What answering a survey returns.
#[derive(SimpleObject)]
pub struct AnswerSurveyPayload {
    /// The answer as saved.
    answer: SurveyResponse,
}

/// Applying a survey's suggested scores to value domains.
#[derive(InputObject)]
pub struct ApplySurveyScoresInput {
    /// The survey.
    survey_id: ID,
    /// Only these value domains (each must be asked about); left out: every domain with a suggestion.
    value_domain_ids: Option<Vec<ID>>,
}

/// What applying a survey's scores returns.
#[derive(SimpleObject)]
pub struct ApplySurveyScoresPayload {
    /// The value domains whose scores were set, as they now are.
    value_domains: Vec<ValueDomain>,
}

/// Which of a survey's contactable respondents to list; a list left out or empty allows any.
#[derive(InputObject)]
pub struct SurveyContactFilter {
    /// Of these stakeholder types.
    stakeholder_type: Option<Vec<StakeholderType>>,
    /// Of these cities.
    city: Option<Vec<City>>,
    /// That chose one of `choices` in this choice question.
    question_id: Option<ID>,
    /// The options (by position, from 0) of `questionId`, any of which the respondent chose.
    choices: Option<Vec<u16>>,
}

impl SurveyContactFilter {
    /// The domain's filter.
    fn into_domain(self) -> ApiResult<survey_contacts::ContactFilter> {
        let chose = match (self.question_id, self.choices) {
            (None, None) => None,
            (Some(question), Some(choices)) if !choices.is_empty() => {
                let question = Uuid::try_parse(question.as_str()).map_err(|_| {
                    ApiError::invalid("questionId", "questionId is not a question's id")
                })?;
                Some((question, choices))
            }
            _ => {
                return Err(ApiError::invalid(
                    "choices",
                    "a filter on answers names a question and at least one of its options",
                ));
            }
        };
        Ok(survey_contacts::ContactFilter {
            stakeholder_types: self.stakeholder_type.unwrap_or_default(),
            cities: self.city.unwrap_or_default(),
            chose,
        })
    }
}

/// A survey's respondent who agreed to be contacted: the partner that answered, or the address someone
/// answered with (the team's only).
pub struct SurveyContact(survey_contacts::Contact);

/// A survey's respondent who agreed to be contacted: the partner that answered, or the address someone
/// answered with (the team's only).
#[Object]
impl SurveyContact {
    /// The respondent's id, to invite it (`inviteSurveyRespondents`).
    async fn id(&self) -> ID {
        ids::encode(Kind::SurveyContact, self.0.response.id)
    }
    /// The partner that answered; null for someone who answered with an address.
    async fn partner(&self) -> Option<super::partners::Partner> {
        self.0.partner.clone().map(super::partners::Partner)
    }
    /// The address someone without a partner profile answered with; null for a partner.
    async fn email(&self) -> Option<&str> {
        self.0.response.email.as_deref()
    }
    /// The respondent's stakeholder type.
    async fn stakeholder_type(&self) -> StakeholderType {
        self.0.response.stakeholder_type
    }
    /// The respondent's city; null for neither.
    async fn city(&self) -> Option<City> {
        self.0.response.city
    }
    /// When the answer came to count.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.response.confirmed_at
    }
}

/// Inviting a survey's respondents to a conversation.
#[derive(InputObject)]
pub struct InviteSurveyRespondentsInput {
    /// The survey.
    survey_id: ID,
    /// The conversation: an interview or a focus group, published and still to come.
    event_id: ID,
    /// The respondents (`Survey.contacts`), each of whom agreed to be contacted.
    respondent_ids: Vec<ID>,
}

/// What inviting respondents to a conversation did.
#[derive(SimpleObject)]
pub struct InviteSurveyRespondentsPayload {
    /// How many were newly invited (one invited to the event before is not written to again).
    invited: u32,
}

/// Erasing the address someone answered surveys with, at their request.
#[derive(InputObject)]
pub struct EraseSurveyRespondentInput {
    /// The address.
    email: String,
}

/// What erasing a survey respondent's address did.
#[derive(SimpleObject)]
pub struct EraseSurveyRespondentPayload {
    /// How many answers the address had: the confirmed ones stay without it, anonymous; the others went.
    answers: u64,
}

/// Survey mutations.
#[derive(Default)]
pub struct SurveyMutation;

#[Object]
impl SurveyMutation {
    /// Creates a survey, as a draft (the team).
    async fn create_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new survey.")] input: CreateSurveyInput,
    ) -> ApiResult<SurveyPayload> {
        viewer(ctx).require_team("write surveys")?;
        let fields = SurveyFields::try_from(input)?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), fields).await?;
        Ok(saved.into())
    }

    /// Changes a survey (the team). Once it has answers, its questions may change only in their wording.
    async fn update_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateSurveyInput,
    ) -> ApiResult<SurveyPayload> {
        viewer(ctx).require_team("write surveys")?;
        let id = ids::decode("id", &input.id, Kind::Survey)?;
        let expected = input.expected_updated_at;
        let fields = SurveyFields::try_from(input)?;
        let saved = update::<Entity>(ctx, id, expected, fields).await?;
        Ok(saved.into())
    }

    /// Moves a survey: `DRAFT` to `OPEN` (once it has a question), `OPEN` to `CLOSED` and back (the team).
    async fn set_survey_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetSurveyStatusInput,
    ) -> ApiResult<SurveyPayload> {
        viewer(ctx).require_team("write surveys")?;
        let id = ids::decode("id", &input.id, Kind::Survey)?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.status).await?;
        Ok(saved.into())
    }

    /// Copies a survey for next year: a new draft with its texts, settings and questions (the team).
    async fn copy_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey to copy.")] input: CopySurveyInput,
    ) -> ApiResult<SurveyPayload> {
        viewer(ctx).require_team("write surveys")?;
        let id = ids::decode("id", &input.id, Kind::Survey)?;
        Ok(domain::copy(db(ctx), &change(ctx), id).await?.into())
    }

    /// Publishes a survey's results, or takes them back (the team).
    async fn publish_survey_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey and the choice.")] input: PublishSurveyResultsInput,
    ) -> ApiResult<SurveyPayload> {
        viewer(ctx).require_team("publish survey results")?;
        let id = ids::decode("id", &input.id, Kind::Survey)?;
        Ok(
            domain::publish_results(db(ctx), &change(ctx), id, input.published)
                .await?
                .into(),
        )
    }

    /// Deletes a survey nobody has answered (the team).
    async fn delete_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        viewer(ctx).require_team("write surveys")?;
        let id = ids::decode("id", &input.id, Kind::Survey)?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }

    /// Answers a survey for the signed-in member's partner, or changes its answer while the survey takes
    /// answers (`CONFLICT` otherwise). It counts at once. Only a member of an approved partner answers
    /// (`FORBIDDEN` otherwise).
    async fn answer_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] input: AnswerSurveyInput,
    ) -> ApiResult<AnswerSurveyPayload> {
        let actor = viewer(ctx).actor()?.clone();
        let survey_id = ids::decode("surveyId", &input.survey_id, Kind::Survey)?;
        let response = response_of(
            input.language,
            input.answers,
            input.consent_version,
            input.publish_text,
            input.may_contact,
        )?;
        let saved =
            survey_answers::answer_for_partner(db(ctx), &change(ctx), &actor, survey_id, response)
                .await?;
        Ok(AnswerSurveyPayload {
            answer: SurveyResponse(saved),
        })
    }

    /// Answers a survey without a partner profile, with an e-mail address (anyone but a partner's member,
    /// who answers for the partner). The answer counts once the link sent to the address is followed;
    /// answering again before that replaces it and sends a new link. Limited like `signUp`, per network
    /// and per address.
    async fn answer_survey_by_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answer.")] input: AnswerSurveyByEmailInput,
    ) -> ApiResult<AnswerSurveyByEmailPayload> {
        rate_limit(
            ctx,
            Limited::SignUp,
            Some(&input.email.trim().to_lowercase()),
        )?;
        let survey_id = ids::decode("surveyId", &input.survey_id, Kind::Survey)?;
        let response = response_of(
            input.language,
            input.answers,
            input.consent_version,
            input.publish_text,
            input.may_contact,
        )?;
        let respondent = EmailRespondent {
            email: input.email,
            stakeholder_type: input.stakeholder_type,
            city: input.city,
        };
        survey_answers::answer_by_email(db(ctx), &change(ctx), survey_id, respondent, response)
            .await?;
        Ok(AnswerSurveyByEmailPayload {
            confirmation_sent: true,
        })
    }

    /// Confirms an answer given by e-mail, with the token of the link sent to its address: from now on it
    /// counts. A token works once, for a week; otherwise `INVALID_TOKEN`. Once the survey takes no answers,
    /// `CONFLICT`: its results do not change any more.
    async fn confirm_survey_answer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The link's token.")] input: ConfirmSurveyAnswerInput,
    ) -> ApiResult<ConfirmSurveyAnswerPayload> {
        rate_limit(ctx, Limited::Login, None)?;
        let survey = survey_answers::confirm(db(ctx), &change(ctx), &input.token).await?;
        Ok(ConfirmSurveyAnswerPayload {
            survey: Survey(survey),
        })
    }

    /// Applies a survey's suggested scores to its value domains (admins): each score with a suggestion
    /// takes it, and the domain records the survey, the moment and the number of answers; its priority
    /// follows.
    async fn apply_survey_scores(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey, and which domains.")] input: ApplySurveyScoresInput,
    ) -> ApiResult<ApplySurveyScoresPayload> {
        viewer(ctx).require_admin("change value domains")?;
        let survey_id = ids::decode("surveyId", &input.survey_id, Kind::Survey)?;
        let only = ids::decode_all_optional(
            "valueDomainIds",
            input.value_domain_ids.as_deref(),
            Kind::ValueDomain,
        )?;
        let applied =
            survey_results::apply_scores(db(ctx), &change(ctx), survey_id, only.as_deref()).await?;
        Ok(ApplySurveyScoresPayload {
            value_domains: applied.value_domains.into_iter().map(ValueDomain).collect(),
        })
    }

    /// Invites respondents who agreed to be contacted to a conversation (the team that manages the event):
    /// a partner's members, or the address someone answered with, whose message proposes a partner profile
    /// first. Each is invited to an event once.
    async fn invite_survey_respondents(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The survey, the event and the respondents.")]
        input: InviteSurveyRespondentsInput,
    ) -> ApiResult<InviteSurveyRespondentsPayload> {
        let viewer = viewer(ctx);
        viewer.require_team("invite survey respondents")?;
        let survey_id = ids::decode("surveyId", &input.survey_id, Kind::Survey)?;
        let event_id = ids::decode("eventId", &input.event_id, Kind::CoCreationEvent)?;
        let respondents =
            ids::decode_all("respondentIds", &input.respondent_ids, Kind::SurveyContact)?;
        let invited = survey_contacts::invite(
            db(ctx),
            &change(ctx),
            viewer,
            survey_id,
            event_id,
            &respondents,
        )
        .await?;
        Ok(InviteSurveyRespondentsPayload { invited })
    }

    /// Erases the address someone answered surveys with, at their request (admins; such a respondent has
    /// no account to erase it with): each confirmed answer stays, anonymous (no address, no wish to be
    /// contacted, not what it wrote in its own words); each unconfirmed one goes.
    async fn erase_survey_respondent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address.")] input: EraseSurveyRespondentInput,
    ) -> ApiResult<EraseSurveyRespondentPayload> {
        viewer(ctx).require_admin("erase survey respondents")?;
        crate::domain::validate::email("email", &input.email)?;
        let answers = privacy::erase_survey_respondent(db(ctx), &change(ctx), &input.email).await?;
        Ok(EraseSurveyRespondentPayload { answers })
    }
}
