//! What a survey's answers add up to: counts per question, broken down by stakeholder type and city, and
//! for each value domain asked about the mean and spread of its three scores and the score they suggest.
//!
//! Only confirmed answers count; those still waiting for their address to be confirmed are counted apart, so
//! the team sees an attempt to stuff the ballot. A suggested score is the (weighted) mean of the answers that
//! gave a score ("no opinion" left out), rounded half up to the 1–5 scale, and is offered only from the
//! survey's `min_answers`. By default each stakeholder type that answered weighs the same, whatever the
//! number of its answers (the mean of the means per type); the team may choose the plain mean instead.
//!
//! [`tally`] is a pure function of the questions and the answers, so its figures can be checked on answers
//! whose means are known; [`results`] reads them, and [`apply_scores`] writes the suggestions into the value
//! domains, saying where they came from.

use super::write::{Change, Store, begin_write};
use crate::clock::{changed_after, now};
use crate::error::{ApiError, ApiResult};
use crate::indexing::outbox;
use entities::values::{
    City, DomainScores, QuestionKind, StakeholderType, SurveyAnswers, SurveyQuestion,
    SurveyWeighting,
};
use entities::{survey, survey_response, value_domain};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The fewest respondents a group of a breakdown (a stakeholder type, a city) needs before anyone but the
/// team reads its counts and means: fewer could show what one respondent answered.
pub const MIN_PUBLIC_GROUP: u32 = 5;

/// One counted respondent, as the results see it: no name, no address.
#[derive(Debug, Clone)]
pub struct Respondent {
    /// Their stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// Their city, if one of LODE's.
    pub city: Option<City>,
    /// Their answers.
    pub answers: SurveyAnswers,
    /// Whether they agreed to publication of their free text.
    pub publish_text: bool,
}

/// A count, in all and broken down by stakeholder type and by city (`None`: no city of LODE's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// In all.
    pub total: u32,
    /// Per stakeholder type, in the vocabulary's order; types with none left out.
    pub by_stakeholder_type: BTreeMap<StakeholderType, u32>,
    /// Per city; cities with none left out.
    pub by_city: BTreeMap<Option<City>, u32>,
}

impl Tally {
    fn count(&mut self, who: &Respondent) {
        self.total += 1;
        *self
            .by_stakeholder_type
            .entry(who.stakeholder_type)
            .or_default() += 1;
        *self.by_city.entry(who.city).or_default() += 1;
    }
}

/// One free-text answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAnswer {
    /// What was written.
    pub text: String,
    /// The writer's stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// Whether the writer agreed to its publication.
    pub publishable: bool,
}

/// The answers given to one of a value domain's scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreSummary {
    /// The answers that gave a score (1 to 5).
    pub n: u32,
    /// The answers that said "no opinion".
    pub no_opinion: u32,
    /// How many gave each score: `counts[0]` gave 1, … `counts[4]` gave 5.
    pub counts: [Tally; 5],
    /// The plain mean of the scores given.
    pub mean: Option<f64>,
    /// Their standard deviation (of the scores given, as a population).
    pub spread: Option<f64>,
    /// The mean per stakeholder type: its answers and their mean.
    pub by_stakeholder_type: BTreeMap<StakeholderType, (u32, f64)>,
    /// The mean the suggestion rests on, weighted as the survey says.
    pub weighted_mean: Option<f64>,
    /// The suggested score: the weighted mean rounded half up, from the survey's `min_answers`.
    pub suggested: Option<i16>,
}

/// What a survey's answers say of one value domain.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainResult {
    /// The value domain.
    pub value_domain_id: Uuid,
    /// Its economic value.
    pub economic_value: ScoreSummary,
    /// Its societal value.
    pub societal_value: ScoreSummary,
    /// How ready its data are.
    pub data_readiness: ScoreSummary,
}

impl DomainResult {
    /// How many answers the domain's scores rest on: the most of its three.
    pub fn answer_count(&self) -> u32 {
        self.economic_value
            .n
            .max(self.societal_value.n)
            .max(self.data_readiness.n)
    }
}

/// What one question's answers add up to; the parts its kind does not use stay empty.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    /// The question.
    pub question: SurveyQuestion,
    /// How many respondents answered it.
    pub answered: Tally,
    /// How many chose each option, in the question's order.
    pub options: Vec<Tally>,
    /// How many gave each number of a scale, 1 to 5.
    pub scale: [Tally; 5],
    /// The mean of the numbers given on a scale.
    pub scale_mean: Option<f64>,
    /// The free texts written.
    pub texts: Vec<TextAnswer>,
    /// The value domains asked about, in the question's order.
    pub domains: Vec<DomainResult>,
}

/// What a survey's answers add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyResults {
    /// The confirmed answers, broken down by stakeholder type and city.
    pub respondents: Tally,
    /// Answers still waiting for their address to be confirmed: not counted.
    pub unconfirmed: u32,
    /// The number of answers a score needs for a suggestion.
    pub min_answers: i32,
    /// How the suggestions weigh the answers.
    pub weighting: SurveyWeighting,
    /// Each question's results, in the survey's order.
    pub questions: Vec<QuestionResult>,
}

impl SurveyResults {
    /// Every value domain's result, over all questions that asked about it, by domain; a domain asked
    /// about in two questions keeps the first.
    pub fn domains(&self) -> Vec<&DomainResult> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for domain in self.questions.iter().flat_map(|q| q.domains.iter()) {
            if !seen.contains(&domain.value_domain_id) {
                seen.push(domain.value_domain_id);
                out.push(domain);
            }
        }
        out
    }
}

/// Adds up the answers of `respondents` to `questions`.
pub fn tally(
    questions: &[SurveyQuestion],
    respondents: &[Respondent],
    unconfirmed: u32,
    min_answers: i32,
    weighting: SurveyWeighting,
) -> SurveyResults {
    let mut everyone = Tally::default();
    for who in respondents {
        everyone.count(who);
    }
    let questions = questions
        .iter()
        .map(|q| question_result(q, respondents, min_answers, weighting))
        .collect();
    SurveyResults {
        respondents: everyone,
        unconfirmed,
        min_answers,
        weighting,
        questions,
    }
}

fn question_result(
    question: &SurveyQuestion,
    respondents: &[Respondent],
    min_answers: i32,
    weighting: SurveyWeighting,
) -> QuestionResult {
    let mut result = QuestionResult {
        question: question.clone(),
        answered: Tally::default(),
        options: vec![Tally::default(); question.options.len()],
        scale: Default::default(),
        scale_mean: None,
        texts: Vec::new(),
        domains: Vec::new(),
    };
    let mut scale_sum = 0i64;
    let mut domain_scores: Vec<Vec<(&Respondent, DomainScores)>> =
        vec![Vec::new(); question.value_domain_ids.len()];
    for who in respondents {
        let Some(answer) = who.answers.0.iter().find(|a| a.question_id == question.id) else {
            continue;
        };
        result.answered.count(who);
        match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                for &choice in &answer.choices {
                    if let Some(tally) = result.options.get_mut(usize::from(choice)) {
                        tally.count(who);
                    }
                }
            }
            QuestionKind::Scale => {
                if let Some(n) = answer.scale.filter(|n| (1..=5).contains(n)) {
                    result.scale[n as usize - 1].count(who);
                    scale_sum += i64::from(n);
                }
            }
            QuestionKind::FreeText => {
                if let Some(text) = answer.text.as_ref().filter(|t| !t.is_empty()) {
                    result.texts.push(TextAnswer {
                        text: text.clone(),
                        stakeholder_type: who.stakeholder_type,
                        publishable: who.publish_text,
                    });
                }
            }
            QuestionKind::ValueDomains => {
                for scores in &answer.domains {
                    if let Some(at) = question
                        .value_domain_ids
                        .iter()
                        .position(|id| *id == scores.value_domain_id)
                    {
                        domain_scores[at].push((who, *scores));
                    }
                }
            }
        }
    }
    let scored: u32 = result.scale.iter().map(|t| t.total).sum();
    if scored > 0 {
        result.scale_mean = Some(scale_sum as f64 / f64::from(scored));
    }
    result.domains = question
        .value_domain_ids
        .iter()
        .zip(domain_scores)
        .map(|(&value_domain_id, given)| DomainResult {
            value_domain_id,
            economic_value: summarise(&given, |s| s.economic_value, min_answers, weighting),
            societal_value: summarise(&given, |s| s.societal_value, min_answers, weighting),
            data_readiness: summarise(&given, |s| s.data_readiness, min_answers, weighting),
        })
        .collect();
    result
}

/// Sums up one score of a value domain over the answers that gave it.
fn summarise(
    given: &[(&Respondent, DomainScores)],
    score: impl Fn(&DomainScores) -> Option<i16>,
    min_answers: i32,
    weighting: SurveyWeighting,
) -> ScoreSummary {
    let mut summary = ScoreSummary::default();
    let mut values = Vec::new();
    let mut per_type: BTreeMap<StakeholderType, (u32, i64)> = BTreeMap::new();
    for (who, scores) in given {
        match score(scores).filter(|n| (1..=5).contains(n)) {
            Some(n) => {
                summary.counts[n as usize - 1].count(who);
                values.push(f64::from(n));
                let entry = per_type.entry(who.stakeholder_type).or_default();
                entry.0 += 1;
                entry.1 += i64::from(n);
            }
            None => summary.no_opinion += 1,
        }
    }
    summary.n = values.len() as u32;
    if values.is_empty() {
        return summary;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    summary.mean = Some(mean);
    summary.spread = Some((values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt());
    summary.by_stakeholder_type = per_type
        .iter()
        .map(|(&t, &(count, sum))| (t, (count, sum as f64 / f64::from(count))))
        .collect();
    let weighted = match weighting {
        SurveyWeighting::EqualPerAnswer => mean,
        SurveyWeighting::EqualPerStakeholderType => {
            summary
                .by_stakeholder_type
                .values()
                .map(|(_, m)| m)
                .sum::<f64>()
                / summary.by_stakeholder_type.len() as f64
        }
    };
    summary.weighted_mean = Some(weighted);
    if i64::from(summary.n) >= i64::from(min_answers) {
        summary.suggested = Some(round_half_up(weighted));
    }
    summary
}

/// Rounds a mean on the 1–5 scale half up (2.5 becomes 3), forgiving the last bits of floating point that
/// a mean such as 7/3 + 1/6 may carry.
pub fn round_half_up(mean: f64) -> i16 {
    ((mean + 0.5 + 1e-9).floor() as i16).clamp(1, 5)
}

/// A survey's answers as the results and the answers' download read them: the confirmed ones, in the
/// order they were first given (by id: UUIDv7), and how many still wait for their address to be confirmed.
pub(super) async fn confirmed_answers(
    conn: &impl ConnectionTrait,
    survey_id: Uuid,
) -> ApiResult<(Vec<survey_response::Model>, u32)> {
    let rows: Vec<survey_response::Model> = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_response::Column::Id)
        .all(conn)
        .await?;
    let (confirmed, unconfirmed): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.confirmed_at.is_some());
    Ok((confirmed, unconfirmed.len() as u32))
}

/// Reads a survey's answers and adds them up.
pub async fn results(
    conn: &impl ConnectionTrait,
    survey: &survey::Model,
) -> ApiResult<SurveyResults> {
    let (confirmed, unconfirmed) = confirmed_answers(conn, survey.id).await?;
    let respondents: Vec<Respondent> = confirmed
        .into_iter()
        .map(|r| Respondent {
            stakeholder_type: r.stakeholder_type,
            city: r.city,
            answers: r.answers,
            publish_text: r.publish_text,
        })
        .collect();
    Ok(tally(
        &survey.questions.0,
        &respondents,
        unconfirmed,
        survey.min_answers,
        survey.weighting,
    ))
}

/// What applying a survey's scores changed.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The value domains whose scores were set, as they now are.
    pub value_domains: Vec<value_domain::Model>,
}

/// Applies a survey's suggested scores to its value domains (or to those of `only`): each score that has a
/// suggestion takes it, the others stay, and the domain records the survey, the moment and the answers it
/// rests on; its priority follows. One change, audited on each domain changed. A domain
/// without any suggestion is left alone; naming one is refused.
pub async fn apply_scores(
    db: &Store,
    change: &Change,
    survey_id: Uuid,
    only: Option<&[Uuid]>,
) -> ApiResult<Applied> {
    let txn = begin_write(db, change).await?;
    let survey = survey::Entity::find_by_id(survey_id)
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("survey"))?;
    let results = results(&txn, &survey).await?;
    let domains = results.domains();
    if let Some(only) = only
        && let Some(missing) = only
            .iter()
            .find(|id| !domains.iter().any(|d| d.value_domain_id == **id))
    {
        return Err(ApiError::invalid(
            "valueDomainIds",
            format!("the survey asks nothing about value domain {missing}"),
        ));
    }
    let at = now();
    let mut changed = Vec::new();
    // Locked in the order of their ids, so two changes over the same domains never wait on each other.
    let mut domains = domains;
    domains.sort_by_key(|d| d.value_domain_id);
    for domain in domains {
        if only.is_some_and(|only| !only.contains(&domain.value_domain_id)) {
            continue;
        }
        let suggested = [
            domain.economic_value.suggested,
            domain.societal_value.suggested,
            domain.data_readiness.suggested,
        ];
        if suggested.iter().all(Option::is_none) {
            if only.is_some() {
                return Err(ApiError::invalid(
                    "valueDomainIds",
                    format!(
                        "value domain {} has fewer than {} answers for every score: nothing to apply",
                        domain.value_domain_id, survey.min_answers
                    ),
                ));
            }
            continue;
        }
        let Some(mut model) = value_domain::Entity::find_by_id(domain.value_domain_id)
            .lock_exclusive()
            .one(&txn)
            .await?
        else {
            continue;
        };
        if let Some(score) = suggested[0] {
            model.economic_value = score;
        }
        if let Some(score) = suggested[1] {
            model.societal_value = score;
        }
        if let Some(score) = suggested[2] {
            model.data_readiness = score;
        }
        model.priority_score = super::value_domains::priority_score(
            model.economic_value,
            model.societal_value,
            model.data_readiness,
        );
        model.scores_survey_id = Some(survey.id);
        model.scores_set_at = Some(at);
        model.scores_answer_count = Some(domain.answer_count() as i32);
        model.updated_at = changed_after(model.updated_at);
        let saved = model.into_active_model().reset_all().update(&txn).await?;
        outbox::enqueue(&txn, search::Kind::ValueDomain, saved.id).await?;
        changed.push(saved);
    }
    let Some((last, others)) = changed.split_last() else {
        return Err(ApiError::invalid(
            "surveyId",
            format!(
                "no value domain has {} answers for a score yet: nothing to apply",
                survey.min_answers
            ),
        ));
    };
    // Each domain's history shows the change; the domain names the survey.
    for domain in others {
        txn.also_changed(domain.id).await?;
    }
    txn.commit(Some(last.id)).await?;
    Ok(Applied {
        value_domains: changed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use StakeholderType::*;
    use entities::values::{ChoiceOption, SurveyAnswer};

    fn domain_question(domains: &[Uuid]) -> SurveyQuestion {
        SurveyQuestion {
            id: Uuid::from_u128(1),
            kind: QuestionKind::ValueDomains,
            prompt: "Hoe waardevol?".into(),
            prompt_en: String::new(),
            options: Vec::new(),
            value_domain_ids: domains.to_vec(),
            required: false,
        }
    }

    fn scoring(t: StakeholderType, domain: Uuid, economic: Option<i16>) -> Respondent {
        Respondent {
            stakeholder_type: t,
            city: Some(City::Gent),
            answers: SurveyAnswers(vec![SurveyAnswer {
                question_id: Uuid::from_u128(1),
                choices: Vec::new(),
                scale: None,
                text: None,
                domains: vec![DomainScores {
                    value_domain_id: domain,
                    economic_value: economic,
                    societal_value: Some(3),
                    data_readiness: None,
                }],
            }]),
            publish_text: false,
        }
    }

    #[test]
    fn each_stakeholder_type_weighs_the_same_and_no_opinion_is_left_out() {
        let d = Uuid::from_u128(7);
        // Four companies give 5, one citizen gives 1, one citizen has no opinion.
        let mut answers: Vec<Respondent> = (0..4).map(|_| scoring(Company, d, Some(5))).collect();
        answers.push(scoring(Citizen, d, Some(1)));
        answers.push(scoring(Citizen, d, None));
        let q = [domain_question(&[d])];
        let weighted = tally(&q, &answers, 0, 5, SurveyWeighting::EqualPerStakeholderType);
        let e = &weighted.questions[0].domains[0].economic_value;
        assert_eq!((e.n, e.no_opinion), (5, 1));
        assert_eq!(e.mean, Some(4.2));
        // (5 + 1) / 2: each type counts once.
        assert_eq!(e.weighted_mean, Some(3.0));
        assert_eq!(e.suggested, Some(3));
        assert_eq!(e.by_stakeholder_type[&Company], (4, 5.0));
        assert_eq!(e.counts[4].by_stakeholder_type[&Company], 4);
        // Population standard deviation of 5, 5, 5, 5, 1 (mean 4.2): sqrt((4 * 0.8² + 3.2²) / 5) = 1.6.
        assert!((e.spread.unwrap() - 1.6).abs() < 1e-12);
        let plain = tally(&q, &answers, 0, 5, SurveyWeighting::EqualPerAnswer);
        let e = &plain.questions[0].domains[0].economic_value;
        assert_eq!((e.weighted_mean, e.suggested), (Some(4.2), Some(4)));
        // The data readiness was nobody's opinion: no mean, nothing suggested.
        let r = &plain.questions[0].domains[0].data_readiness;
        assert_eq!((r.n, r.no_opinion, r.mean, r.suggested), (0, 6, None, None));
    }

    #[test]
    fn a_score_is_suggested_only_from_the_minimum_number_of_answers() {
        let d = Uuid::from_u128(7);
        let answers: Vec<Respondent> = (0..9).map(|_| scoring(Company, d, Some(4))).collect();
        let q = [domain_question(&[d])];
        let few = tally(&q, &answers, 3, 10, SurveyWeighting::EqualPerAnswer);
        assert_eq!(few.questions[0].domains[0].economic_value.suggested, None);
        assert_eq!(few.unconfirmed, 3);
        let enough = tally(&q, &answers, 0, 9, SurveyWeighting::EqualPerAnswer);
        assert_eq!(
            enough.questions[0].domains[0].economic_value.suggested,
            Some(4)
        );
        assert_eq!(enough.questions[0].domains[0].answer_count(), 9);
    }

    #[test]
    fn half_rounds_up() {
        assert_eq!(round_half_up(2.5), 3);
        assert_eq!(round_half_up(2.4999), 2);
        assert_eq!(round_half_up(7.0 / 3.0 + 1.0 / 6.0), 3);
        assert_eq!(round_half_up(4.5), 5);
        assert_eq!(round_half_up(1.0), 1);
    }

    #[test]
    fn choices_and_scales_are_counted_per_type_and_city() {
        let q = SurveyQuestion {
            id: Uuid::from_u128(2),
            kind: QuestionKind::MultipleChoice,
            prompt: "Welke?".into(),
            prompt_en: String::new(),
            options: vec![
                ChoiceOption {
                    label: "a".into(),
                    label_en: String::new(),
                },
                ChoiceOption {
                    label: "b".into(),
                    label_en: String::new(),
                },
            ],
            value_domain_ids: Vec::new(),
            required: false,
        };
        let answer = |t, city, choices: Vec<u16>| Respondent {
            stakeholder_type: t,
            city,
            answers: SurveyAnswers(vec![SurveyAnswer {
                question_id: Uuid::from_u128(2),
                choices,
                scale: None,
                text: None,
                domains: Vec::new(),
            }]),
            publish_text: false,
        };
        let people = [
            answer(Citizen, Some(City::Gent), vec![0, 1]),
            answer(Company, Some(City::Brugge), vec![1]),
            answer(Company, None, vec![1]),
        ];
        let r = tally(&[q], &people, 0, 10, SurveyWeighting::EqualPerAnswer);
        let options = &r.questions[0].options;
        assert_eq!((options[0].total, options[1].total), (1, 3));
        assert_eq!(options[1].by_stakeholder_type[&Company], 2);
        assert_eq!(options[1].by_city[&None], 1);
        assert_eq!(options[1].by_city[&Some(City::Gent)], 1);
        assert_eq!(r.respondents.total, 3);
        assert_eq!(r.questions[0].answered.total, 3);
    }
}
