//! The demo data's market survey: the 2023 marktbevraging, closed, with a few hundred fictional answers
//! (every approved partner's, and those of people who answered with an address of `example.org`), its
//! results published and its suggested scores applied to the value domains, so the results page and the
//! value domains' provenance can be seen right after a first start.
//!
//! The answers are made up by a fixed pseudo-random sequence, so every start makes the same ones: each
//! stakeholder type leans its own way (companies see more economic value, citizens more societal value,
//! governments know the data better), and about one score in eight is "no opinion". They are checked
//! against the questions as any answer is, and written as already confirmed: no message goes out.

use crate::clock::new_id;
use crate::domain::record;
use crate::domain::survey_answers::checked_answers;
use crate::domain::survey_results;
use crate::domain::surveys::{self, QuestionFields, SurveyFields};
use crate::domain::terms::SURVEY_CONSENT_VERSION;
use crate::domain::write::{Change, Store, begin_write};
use crate::error::ApiResult;
use chrono::{DateTime, TimeZone, Utc};
use entities::values::{
    ChoiceOption, City, DomainScores, Language, PartnerStatus, QuestionKind, StakeholderType,
    SurveyAnswer, SurveyStatus,
};
use entities::{partner, survey, survey_response};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// How many people answered with an e-mail address, beside the partners.
pub(super) const EMAIL_RESPONDENTS: usize = 260;

/// What the demo data's survey leaves, for the log.
pub(super) struct LoadedSurvey {
    /// The answers.
    pub answers: usize,
    /// The value domains its scores were applied to.
    pub domains_scored: usize,
}

/// The free texts the fictional respondents write, and whether each agreed to its publication.
const TEXTS: &[(&str, bool)] = &[
    (
        "Realtime bezetting van de fietsenstallingen aan de stations.",
        true,
    ),
    (
        "Luchtmetingen per straat, niet alleen per meetstation.",
        true,
    ),
    ("Een overzicht van leegstaande panden per wijk.", false),
    ("Open data over energieverbruik van scholen.", true),
    (
        "Betere documentatie bij de datasets, met voorbeelden.",
        true,
    ),
    (
        "Historische verkeerstellingen, minstens vijf jaar terug.",
        true,
    ),
    (
        "Ik wil weten waar de hitte het grootst is in mijn buurt.",
        false,
    ),
    ("Data over wachttijden bij De Lijn.", true),
    ("Een API voor de parkeerbezetting in Brugge.", true),
    ("Meer data over bomen en groen per wijk.", false),
];

/// A small, fixed pseudo-random sequence (xorshift), so every load makes the same answers.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A whole number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number between -1 and 1.
    fn unit(&mut self) -> f64 {
        (self.below(2001) as f64 - 1000.0) / 1000.0
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// A stakeholder type for someone without a profile: mostly citizens.
fn respondent_type(seq: &mut Sequence) -> StakeholderType {
    match seq.below(100) {
        0..45 => StakeholderType::Citizen,
        45..65 => StakeholderType::Company,
        65..80 => StakeholderType::CivicOrganisation,
        80..90 => StakeholderType::EducationResearch,
        _ => StakeholderType::Government,
    }
}

/// A city for someone without a profile.
fn respondent_city(seq: &mut Sequence) -> Option<City> {
    match seq.below(100) {
        0..55 => Some(City::Gent),
        55..90 => Some(City::Brugge),
        _ => None,
    }
}

/// How a stakeholder type leans on the three scores.
fn lean(kind: StakeholderType) -> [f64; 3] {
    match kind {
        StakeholderType::Company => [1.0, -0.5, 0.0],
        StakeholderType::Citizen => [-0.5, 0.5, -0.5],
        StakeholderType::CivicOrganisation => [-0.5, 0.7, 0.0],
        StakeholderType::Government => [0.0, 0.0, 0.7],
        StakeholderType::EducationResearch => [0.3, 0.3, 0.3],
    }
}

/// A score around `base`, or none ("no opinion") one time in eight.
fn score(seq: &mut Sequence, base: f64) -> Option<i16> {
    if seq.one_in(8) {
        return None;
    }
    Some(((base + 1.4 * seq.unit()).round() as i16).clamp(1, 5))
}

/// The survey's questions; the value-domain question asks about `domains`.
fn questions(domains: &[Uuid]) -> Vec<QuestionFields> {
    let option = |label: &str, label_en: &str| ChoiceOption {
        label: label.to_owned(),
        label_en: label_en.to_owned(),
    };
    let question = |kind, prompt: &str, prompt_en: &str, required| QuestionFields {
        id: None,
        kind,
        prompt: prompt.to_owned(),
        prompt_en: prompt_en.to_owned(),
        options: Vec::new(),
        value_domain_ids: Vec::new(),
        required,
    };
    vec![
        QuestionFields {
            options: vec![
                option("Ja, regelmatig", "Yes, regularly"),
                option("Af en toe", "Now and then"),
                option("Nog niet", "Not yet"),
            ],
            ..question(
                QuestionKind::SingleChoice,
                "Gebruik je vandaag open data van Gent of Brugge?",
                "Do you use open data of Ghent or Bruges today?",
                true,
            )
        },
        QuestionFields {
            options: vec![
                option("Mobiliteit", "Mobility"),
                option("Lucht en milieu", "Air and environment"),
                option("Wonen", "Housing"),
                option("Energie", "Energy"),
                option("Toerisme en handel", "Tourism and trade"),
            ],
            ..question(
                QuestionKind::MultipleChoice,
                "Over welke thema's mis je data?",
                "On which themes do you miss data?",
                false,
            )
        },
        question(
            QuestionKind::Scale,
            "Hoe tevreden ben je over het open-data-aanbod van de steden?",
            "How satisfied are you with the cities' open data?",
            true,
        ),
        question(
            QuestionKind::FreeText,
            "Wat zou je met open data willen doen?",
            "What would you like to do with open data?",
            false,
        ),
        QuestionFields {
            value_domain_ids: domains.to_vec(),
            ..question(
                QuestionKind::ValueDomains,
                "Hoeveel economische en maatschappelijke waarde zie je in deze thema's, en hoe klaar zijn de data?",
                "How much economic and societal value do you see in these themes, and how ready are the data?",
                false,
            )
        },
    ]
}

/// One fictional respondent's answers to the questions of `survey`; `bases` are each asked domain's
/// typical scores.
fn answers(
    seq: &mut Sequence,
    survey: &survey::Model,
    kind: StakeholderType,
    bases: &[(Uuid, [f64; 3])],
) -> (Vec<SurveyAnswer>, bool) {
    let q = &survey.questions.0;
    let blank = |question: &entities::values::SurveyQuestion| SurveyAnswer {
        question_id: question.id,
        choices: Vec::new(),
        scale: None,
        text: None,
        domains: Vec::new(),
    };
    let mut given = Vec::new();
    let uses = match kind {
        StakeholderType::Company | StakeholderType::EducationResearch => seq.below(2),
        _ => seq.below(3),
    };
    given.push(SurveyAnswer {
        choices: vec![uses as u16],
        ..blank(&q[0])
    });
    let mut missing: Vec<u16> = (0..5).filter(|_| seq.one_in(3)).collect();
    if missing.is_empty() {
        missing.push(seq.below(5) as u16);
    }
    given.push(SurveyAnswer {
        choices: missing,
        ..blank(&q[1])
    });
    given.push(SurveyAnswer {
        scale: Some(((2.8 + 1.5 * seq.unit()).round() as i16).clamp(1, 5)),
        ..blank(&q[2])
    });
    let mut publish = false;
    if seq.one_in(3) {
        let (text, agreed) = TEXTS[seq.below(TEXTS.len() as u64) as usize];
        publish = agreed;
        given.push(SurveyAnswer {
            text: Some(text.to_owned()),
            ..blank(&q[3])
        });
    }
    let leaning = lean(kind);
    let mut domains = Vec::new();
    for (id, base) in bases {
        // One in ten skips a domain altogether.
        if seq.one_in(10) {
            continue;
        }
        domains.push(DomainScores {
            value_domain_id: *id,
            economic_value: score(seq, base[0] + leaning[0]),
            societal_value: score(seq, base[1] + leaning[1]),
            data_readiness: score(seq, base[2] + leaning[2]),
        });
    }
    if !domains.is_empty() {
        given.push(SurveyAnswer {
            domains,
            ..blank(&q[4])
        });
    }
    (given, publish)
}

/// A moment of 2023, in UTC.
fn in_2023(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, month, day, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Creates the survey, its answers, publishes its results and applies its scores to the value domains
/// `domains` (with their typical scores); the partners must exist.
pub(super) async fn load(
    db: &Store,
    change: &Change,
    domains: &[(Uuid, [f64; 3])],
) -> ApiResult<LoadedSurvey> {
    let ids: Vec<Uuid> = domains.iter().map(|(id, _)| *id).collect();
    let fields = SurveyFields {
        slug: Some("marktbevraging-2023".to_owned()),
        title: Some("Marktbevraging open data 2023".to_owned()),
        title_en: Some("Open data market survey 2023".to_owned()),
        introduction: Some(
            "Wat wil jij met open data doen? Met deze bevraging peilden Gent en Brugge naar de thema's \
             waar open data het meeste verschil maakt. De antwoorden bepaalden de **meerwaardegebieden** \
             van LODE."
                .to_owned(),
        ),
        introduction_en: Some(
            "What would you do with open data? With this survey Ghent and Bruges asked which themes open \
             data makes the most difference in. The answers chose LODE's **value domains**."
                .to_owned(),
        ),
        opens_at: Some(Some(in_2023(3, 1))),
        closes_at: Some(Some(in_2023(5, 1))),
        min_answers: Some(surveys::DEFAULT_MIN_ANSWERS),
        weighting: None,
        questions: Some(questions(&ids)),
    };
    let created = record::create::<survey::Entity>(db, change, fields).await?;
    let opened =
        record::set_status::<survey::Entity>(db, change, created.id, None, SurveyStatus::Open)
            .await?;
    let partners = partner::Entity::find()
        .filter(partner::Column::Status.eq(PartnerStatus::Approved))
        .order_by_asc(partner::Column::Slug)
        .all(db)
        .await?;
    let mut seq = Sequence(0x4c4f_4445_2023_0301);
    let txn = begin_write(db, change).await?;
    let respondents = partners
        .iter()
        .map(|p| (Some(p.id), None, p.stakeholder_type, p.home_city))
        .chain((0..EMAIL_RESPONDENTS).map(|n| {
            let kind = respondent_type(&mut seq);
            let city = respondent_city(&mut seq);
            (
                None,
                Some(format!("deelnemer-{n:03}@example.org")),
                kind,
                city,
            )
        }))
        .collect::<Vec<_>>();
    for (n, (partner_id, email, kind, city)) in respondents.iter().enumerate() {
        let (given, publish_text) = answers(&mut seq, &opened, *kind, domains);
        let answered = in_2023(3, 1) + chrono::Duration::minutes(n as i64 * 233);
        survey_response::Model {
            id: new_id(),
            survey_id: opened.id,
            partner_id: *partner_id,
            account_id: None,
            email: email.clone(),
            language: if seq.one_in(6) {
                Language::En
            } else {
                Language::Nl
            },
            stakeholder_type: *kind,
            city: *city,
            answers: checked_answers(&opened.questions.0, given)?,
            consent_version: SURVEY_CONSENT_VERSION.to_owned(),
            publish_text,
            may_contact: seq.one_in(4),
            confirmed_at: Some(answered),
            confirm_token_hash: None,
            confirm_token_expires_at: None,
            created_at: answered,
            updated_at: answered,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await?;
    }
    txn.commit(None).await?;
    record::set_status::<survey::Entity>(db, change, opened.id, None, SurveyStatus::Closed).await?;
    surveys::publish_results(db, change, opened.id, true).await?;
    let applied = survey_results::apply_scores(db, change, opened.id, None).await?;
    Ok(LoadedSurvey {
        answers: respondents.len(),
        domains_scored: applied.value_domains.len(),
    })
}
