//! `GET /surveys/{id}/answers.csv`: a survey's confirmed answers as a spreadsheet, one row per answer, for
//! the team. Who may download it and which answers it holds are the rules' (`domain::survey_export`);
//! this lays out the file.
//!
//! The columns are named for a script to map and stay the same while the questions keep their order:
//! `respondent` (1, 2, 3… in the order the answers were first given: never an id, a partner, an account
//! or an address), `stakeholder_type`, `city`, `language`, then per question `q{n}` (its place in the
//! survey, from 1), or for a value-domain question three columns per domain,
//! `q{n}_{domain slug}_economic_value`, `…_societal_value` and `…_data_readiness`. A choice is written as
//! its option's Dutch label (several joined by `"; "`), a scale as its number, a score of no opinion and a
//! question left blank as an empty cell. The file is written the one way every spreadsheet is
//! ([`super::csv`]: quoted, CRLF, a byte order mark, every cell [`inert`](super::csv::inert)).

use super::answer::{api_error_response, invalid_response};
use super::caller::download_caller;
use super::csv as sheet;
use super::state::AppState;
use crate::domain::survey_export::{self, AnonymousAnswer, SurveyAnswerList};
use crate::graphql::ids::{self, Kind};
use axum::extract::{Path, Request, State};
use axum::response::Response;
use entities::values::{DomainScores, QuestionKind, SurveyAnswer, SurveyQuestion};
use sea_orm::ActiveEnum;
use std::collections::HashMap;
use uuid::Uuid;

/// The columns before the questions', in order.
pub const RESPONDENT_COLUMNS: [&str; 4] = ["respondent", "stakeholder_type", "city", "language"];

/// One of a domain's scores, read from its answer.
type Score = fn(&DomainScores) -> Option<i16>;

/// The three scores a value-domain question asks for each domain, as its columns end, in order.
const SCORES: [(&str, Score); 3] = [
    ("economic_value", |s| s.economic_value),
    ("societal_value", |s| s.societal_value),
    ("data_readiness", |s| s.data_readiness),
];

/// The header: [`RESPONDENT_COLUMNS`], then each question's columns in the survey's order. A domain is
/// named by its slug, or by its id once deleted (its scores are still in the answers).
pub fn columns(questions: &[SurveyQuestion], slugs: &HashMap<Uuid, String>) -> Vec<String> {
    let mut columns: Vec<String> = RESPONDENT_COLUMNS.map(str::to_owned).into();
    for (n, question) in (1..).zip(questions) {
        if question.kind != QuestionKind::ValueDomains {
            columns.push(format!("q{n}"));
            continue;
        }
        for domain in &question.value_domain_ids {
            let name = slugs
                .get(domain)
                .cloned()
                .unwrap_or_else(|| domain.to_string());
            columns.extend(SCORES.map(|(score, _)| format!("q{n}_{name}_{score}")));
        }
    }
    columns
}

/// The cells of one answer, the `respondent`-th of the file (from 1), in the order of [`columns`].
pub fn cells(
    respondent: usize,
    questions: &[SurveyQuestion],
    answer: &AnonymousAnswer,
) -> Vec<String> {
    let mut cells = vec![
        respondent.to_string(),
        answer.stakeholder_type.to_value(),
        answer.city.map(|city| city.to_value()).unwrap_or_default(),
        answer.language.to_value(),
    ];
    for question in questions {
        let given = answer
            .answers
            .0
            .iter()
            .find(|given| given.question_id == question.id);
        question_cells(question, given, &mut cells);
    }
    cells
}

/// The cells of one question, as many as [`columns`] gives it, empty where nothing was given.
fn question_cells(
    question: &SurveyQuestion,
    given: Option<&SurveyAnswer>,
    cells: &mut Vec<String>,
) {
    match question.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            // In the question's order rather than the order ticked, so equal answers read alike.
            let chosen: Vec<&str> = question
                .options
                .iter()
                .zip(0u16..)
                .filter(|(_, at)| given.is_some_and(|g| g.choices.contains(at)))
                .map(|(option, _)| option.label.as_str())
                .collect();
            cells.push(chosen.join("; "));
        }
        QuestionKind::Scale => cells.push(
            given
                .and_then(|g| g.scale)
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        // The team reads every text, those not agreed to be published too (as the results show them).
        QuestionKind::FreeText => {
            cells.push(given.and_then(|g| g.text.clone()).unwrap_or_default());
        }
        QuestionKind::ValueDomains => {
            for domain in &question.value_domain_ids {
                let scores =
                    given.and_then(|g| g.domains.iter().find(|s| s.value_domain_id == *domain));
                cells.extend(SCORES.map(|(_, score)| {
                    scores
                        .and_then(score)
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                }));
            }
        }
    }
}

/// The file: the header and a row per confirmed answer.
pub fn csv_file(list: &SurveyAnswerList) -> Result<Vec<u8>, csv::Error> {
    let questions = &list.survey.questions.0;
    sheet::file(
        columns(questions, &list.value_domain_slugs),
        (1..)
            .zip(&list.answers)
            .map(|(respondent, answer)| cells(respondent, questions, answer)),
    )
}

/// `GET /surveys/{id}/answers.csv` (the survey's global id), with `Authorization: Bearer <token>`: the
/// survey's confirmed answers, anonymous, for the team; each download is audited.
pub async fn survey_answers(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let caller = match download_caller(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return refusal,
    };
    let survey_id = match ids::decode("id", &async_graphql::ID(id), Kind::Survey) {
        Ok(survey_id) => survey_id,
        Err(_) => return invalid_response("id", "id is not the id of a survey"),
    };
    let list = match survey_export::download(&state.store, &caller.viewer, survey_id).await {
        Ok(list) => list,
        Err(err) => return api_error_response(&err),
    };
    sheet::download(
        &sheet::file_name("survey-answers", &list.survey.slug),
        csv_file(&list),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::csv::BOM;
    use entities::survey;
    use entities::values::{
        ChoiceOption, City, Language, StakeholderType, SurveyAnswers, SurveyQuestions,
        SurveyStatus, SurveyWeighting,
    };

    fn question(n: u128, kind: QuestionKind) -> SurveyQuestion {
        let option = |label: &str| ChoiceOption {
            label: label.to_owned(),
            label_en: format!("{label} (en)"),
        };
        let choice = matches!(
            kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        );
        SurveyQuestion {
            id: Uuid::from_u128(n),
            kind,
            prompt: format!("Vraag {n}"),
            prompt_en: String::new(),
            options: if choice {
                vec![option("Mobiliteit"), option("Milieu"), option("=Energie")]
            } else {
                Vec::new()
            },
            value_domain_ids: if kind == QuestionKind::ValueDomains {
                vec![Uuid::from_u128(100), Uuid::from_u128(200)]
            } else {
                Vec::new()
            },
            required: false,
        }
    }

    /// One question of each kind, in the survey's order; the value-domain question asks about domains 100
    /// (slug `mobiliteit`) and 200 (deleted since).
    fn questions() -> Vec<SurveyQuestion> {
        vec![
            question(1, QuestionKind::SingleChoice),
            question(2, QuestionKind::MultipleChoice),
            question(3, QuestionKind::Scale),
            question(4, QuestionKind::FreeText),
            question(5, QuestionKind::ValueDomains),
        ]
    }

    fn given(n: u128) -> SurveyAnswer {
        SurveyAnswer {
            question_id: Uuid::from_u128(n),
            choices: Vec::new(),
            scale: None,
            text: None,
            domains: Vec::new(),
        }
    }

    fn full_answer() -> AnonymousAnswer {
        AnonymousAnswer {
            stakeholder_type: StakeholderType::Citizen,
            city: Some(City::Brugge),
            language: Language::En,
            // Not in the survey's order, and the choices not in the options' order.
            answers: SurveyAnswers(vec![
                SurveyAnswer {
                    domains: vec![DomainScores {
                        value_domain_id: Uuid::from_u128(200),
                        economic_value: Some(2),
                        societal_value: None,
                        data_readiness: Some(5),
                    }],
                    ..given(5)
                },
                SurveyAnswer {
                    text: Some("=HYPERLINK(\"x\")".to_owned()),
                    ..given(4)
                },
                SurveyAnswer {
                    choices: vec![1],
                    ..given(1)
                },
                SurveyAnswer {
                    choices: vec![2, 0],
                    ..given(2)
                },
                SurveyAnswer {
                    scale: Some(4),
                    ..given(3)
                },
            ]),
        }
    }

    #[test]
    fn the_columns_are_numbered_by_question_and_named_by_domain() {
        let slugs = HashMap::from([(Uuid::from_u128(100), "mobiliteit".to_owned())]);
        let deleted = Uuid::from_u128(200);
        assert_eq!(
            columns(&questions(), &slugs),
            [
                "respondent",
                "stakeholder_type",
                "city",
                "language",
                "q1",
                "q2",
                "q3",
                "q4",
                "q5_mobiliteit_economic_value",
                "q5_mobiliteit_societal_value",
                "q5_mobiliteit_data_readiness",
                &format!("q5_{deleted}_economic_value"),
                &format!("q5_{deleted}_societal_value"),
                &format!("q5_{deleted}_data_readiness"),
            ]
        );
    }

    #[test]
    fn each_kind_of_answer_fills_its_cells() {
        assert_eq!(
            cells(3, &questions(), &full_answer()),
            [
                "3",
                "CITIZEN",
                "BRUGGE",
                "EN",
                "Milieu",
                // The Dutch labels, in the question's order.
                "Mobiliteit; =Energie",
                "4",
                "=HYPERLINK(\"x\")",
                // Domain 100 was not scored; domain 200's societal value is no opinion.
                "",
                "",
                "",
                "2",
                "",
                "5",
            ],
            "the cells as built; the file makes them inert"
        );
    }

    #[test]
    fn a_blank_answer_leaves_every_question_cell_empty() {
        let blank = AnonymousAnswer {
            stakeholder_type: StakeholderType::Company,
            city: None,
            language: Language::Nl,
            answers: SurveyAnswers::default(),
        };
        let cells = cells(1, &questions(), &blank);
        assert_eq!(cells[..4], ["1", "COMPANY", "", "NL"]);
        assert_eq!(cells.len(), columns(&questions(), &HashMap::new()).len());
        assert!(cells[4..].iter().all(String::is_empty), "{cells:?}");
    }

    #[test]
    fn the_file_holds_a_row_per_answer_and_no_cell_runs_as_a_formula() {
        let list = SurveyAnswerList {
            survey: survey_with(questions()),
            value_domain_slugs: HashMap::new(),
            answers: vec![full_answer(), full_answer()],
        };
        let file = csv_file(&list).expect("the file is written");
        assert!(file.starts_with(BOM));
        let text = std::str::from_utf8(&file[BOM.len()..]).expect("UTF-8");
        let rows: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert!(rows[1].starts_with("\"1\",\"CITIZEN\",\"BRUGGE\",\"EN\",\"Milieu\""));
        assert!(rows[2].starts_with("\"2\","), "numbered in the order read");
        assert!(
            rows[1].contains("\"Mobiliteit; =Energie\",\"4\",\"'=HYPERLINK(\"\"x\"\")\""),
            "only a cell that begins like a formula is changed: {text}"
        );
    }

    /// An open survey asking `questions`.
    fn survey_with(questions: Vec<SurveyQuestion>) -> survey::Model {
        let at = "2026-07-05T17:00:00Z".parse().unwrap();
        survey::Model {
            id: Uuid::from_u128(9),
            slug: "marktbevraging-2027".to_owned(),
            title: "Marktbevraging 2027".to_owned(),
            title_en: String::new(),
            introduction: String::new(),
            introduction_en: String::new(),
            status: SurveyStatus::Open,
            opens_at: None,
            closes_at: None,
            questions: SurveyQuestions(questions),
            min_answers: 10,
            weighting: SurveyWeighting::EqualPerStakeholderType,
            results_published_at: None,
            created_at: at,
            updated_at: at,
        }
    }
}
