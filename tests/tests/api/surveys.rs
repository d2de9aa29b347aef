//! The market survey: questions of every kind answered by partners, results and suggested scores on answers
//! whose means are known, scores applied to the value domains with their provenance, questions fixed once
//! answered, answers checked, and an erasure that keeps the anonymous answer.

use entities::values::Role;
use lode_tests::{Mailing, TestApp, code_of, db_tests, id_of};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

const CONSENT: &str = "2026-12.1";

/// A survey with one question of each kind (the value-domain question about `domains`), opened.
pub(super) struct Survey {
    pub(super) id: String,
    /// The questions' ids: single choice, multiple choice, scale, free text, value domains.
    pub(super) q: Vec<String>,
}

pub(super) async fn open_survey(app: &TestApp, domains: &[&str], min_answers: i32) -> Survey {
    let made = app
        .data(
            "mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { survey { id status questions { id kind } } } }",
            json!({ "input": {
                "title": "Marktbevraging 2027",
                "titleEn": "Market survey 2027",
                "introduction": "Wat wil **jij** met open data doen?",
                "minAnswers": min_answers,
                "questions": [
                    { "kind": "SINGLE_CHOICE", "prompt": "Gebruik je open data?", "promptEn": "Do you use open data?", "required": true,
                      "options": [{ "label": "Ja", "labelEn": "Yes" }, { "label": "Nee", "labelEn": "No" }] },
                    { "kind": "MULTIPLE_CHOICE", "prompt": "Welke thema's?", "options": [{ "label": "Mobiliteit" }, { "label": "Milieu" }, { "label": "Energie" }] },
                    { "kind": "SCALE", "prompt": "Hoe tevreden ben je over het aanbod?", "required": true },
                    { "kind": "FREE_TEXT", "prompt": "Welke data mis je?" },
                    { "kind": "VALUE_DOMAINS", "prompt": "Hoeveel waarde zie je in deze thema's?", "valueDomainIds": domains },
                ],
            } }),
        )
        .await;
    let survey = &made["createSurvey"]["survey"];
    assert_eq!(survey["status"], "DRAFT");
    let id = id_of(survey);
    let q = survey["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("an id").to_owned())
        .collect();
    app.data(
        "mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: OPEN }) { survey { status } } }",
        json!({ "id": id }),
    )
    .await;
    Survey { id, q }
}

/// A partner of a type and city, approved, with a member signed in; returns the member's token.
pub(super) async fn member(app: &TestApp, name: &str, kind: &str, city: &str) -> String {
    let made = app
        .data(
            "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
            json!({ "input": { "name": name, "stakeholderType": kind, "homeCity": city } }),
        )
        .await;
    let id = id_of(&made["createPartner"]["partner"]);
    app.data(
        "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }",
        json!({ "id": id }),
    )
    .await;
    let email = format!("{}@lode.test", name.to_lowercase().replace(' ', "-"));
    app.account(&email, Role::Partner, &[], Some(&id)).await
}

/// A partner's answer, with what was saved.
pub(super) const ANSWER: &str = "mutation($input: AnswerSurveyInput!) { answerSurvey(input: $input) { answer { language publishText confirmedAt answers { questionId choices scale text domains { valueDomainId economicValue societalValue dataReadiness } } } } }";

/// An answer to the survey: the choices, the scale, the text (and whether it may be published), and the
/// scores per domain.
pub(super) fn answer(
    s: &Survey,
    single: u16,
    multiple: &[u16],
    scale: i16,
    text: Option<(&str, bool)>,
    domains: Value,
) -> Value {
    let mut answers = vec![
        json!({ "questionId": s.q[0], "choices": [single] }),
        json!({ "questionId": s.q[1], "choices": multiple }),
        json!({ "questionId": s.q[2], "scale": scale }),
        json!({ "questionId": s.q[4], "domains": domains }),
    ];
    if let Some((text, _)) = text {
        answers.push(json!({ "questionId": s.q[3], "text": text }));
    }
    json!({ "input": {
        "surveyId": s.id,
        "language": "NL",
        "consentVersion": CONSENT,
        "publishText": text.is_some_and(|(_, publish)| publish),
        "answers": answers,
    } })
}

/// A domain's three scores (`None`: no opinion), as an answer gives them.
pub(super) fn scores(domain: &str, e: Option<i16>, s: Option<i16>, r: Option<i16>) -> Value {
    json!({ "valueDomainId": domain, "economicValue": e, "societalValue": s, "dataReadiness": r })
}

const RESULTS: &str = "query($id: ID!) { survey(id: $id) { results {
    respondents { total byStakeholderType { stakeholderType count } byCity { city count } }
    unconfirmed minAnswers weighting
    questions { answered { total } options { total byCity { city count } } scale { total } scaleMean texts { text publishable stakeholderType } }
    valueDomains { answerCount valueDomain { name }
      economicValue { n noOpinion mean spread weightedMean suggested byStakeholderType { stakeholderType n mean } counts { total } }
      societalValue { n noOpinion mean weightedMean suggested }
      dataReadiness { n noOpinion mean weightedMean suggested } }
} } }";

/// Four partners answer; the figures below are worked out by hand from their answers.
async fn answered(app: &TestApp) -> (Survey, String, String) {
    let d1 = app.value_domain("Mobiliteit").await;
    let d2 = app.value_domain("Energie").await;
    let s = open_survey(app, &[&d1, &d2], 3).await;
    let p1 = member(app, "Fietsdata BV", "COMPANY", "GENT").await;
    let p2 = member(app, "Geluid NV", "COMPANY", "GENT").await;
    let p3 = member(app, "Burger Brugge", "CITIZEN", "BRUGGE").await;
    let p4 = member(app, "Stad Dienst", "GOVERNMENT", "GENT").await;
    let answers = [
        (
            &p1,
            answer(
                &s,
                0,
                &[0, 2],
                4,
                Some(("Meer fietsdata", true)),
                json!([
                    scores(&d1, Some(5), Some(4), Some(2)),
                    scores(&d2, Some(2), None, Some(3))
                ]),
            ),
        ),
        (
            &p2,
            answer(
                &s,
                1,
                &[2],
                5,
                Some(("Data over geluid van <b>Jan</b>", false)),
                json!([
                    scores(&d1, Some(4), Some(4), Some(3)),
                    scores(&d2, None, Some(2), Some(3))
                ]),
            ),
        ),
        (
            &p3,
            answer(
                &s,
                0,
                &[1],
                2,
                None,
                json!([
                    scores(&d1, Some(1), Some(5), None),
                    scores(&d2, Some(3), Some(3), Some(4))
                ]),
            ),
        ),
        // First a 1 on the scale, then changed to 3: one answer per partner, the last one counts.
        (
            &p4,
            answer(
                &s,
                0,
                &[0],
                1,
                None,
                json!([scores(&d1, Some(2), Some(3), Some(4))]),
            ),
        ),
        (
            &p4,
            answer(
                &s,
                0,
                &[0],
                3,
                None,
                json!([scores(&d1, Some(2), Some(3), Some(4))]),
            ),
        ),
    ];
    for (token, variables) in answers {
        let saved = app.data_as(Some(token), ANSWER, variables).await;
        assert!(
            saved["answerSurvey"]["answer"]["confirmedAt"].is_string(),
            "a partner's answer counts at once"
        );
    }
    (s, d1, d2)
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

db_tests! {
    async fn partners_answer_every_kind_of_question_and_the_results_and_suggested_scores_are_exact(app) {
        let (s, _, _) = answered(&app).await;
        let r = app.data(RESULTS, json!({ "id": s.id })).await["survey"]["results"].clone();
        assert_eq!(r["respondents"]["total"], 4, "{r:#}");
        assert_eq!(r["unconfirmed"], 0);
        assert_eq!(r["weighting"], "EQUAL_PER_STAKEHOLDER_TYPE");
        let types = &r["respondents"]["byStakeholderType"];
        assert!(types.as_array().unwrap().contains(&json!({ "stakeholderType": "COMPANY", "count": 2 })), "{types}");
        assert!(r["respondents"]["byCity"].as_array().unwrap().contains(&json!({ "city": "BRUGGE", "count": 1 })));
        let q = &r["questions"];
        assert_eq!((q[0]["options"][0]["total"].as_u64(), q[0]["options"][1]["total"].as_u64()), (Some(3), Some(1)));
        assert!(q[0]["options"][0]["byCity"].as_array().unwrap().contains(&json!({ "city": "GENT", "count": 2 })));
        let multiple: Vec<u64> = q[1]["options"].as_array().unwrap().iter().map(|o| o["total"].as_u64().unwrap()).collect();
        assert_eq!(multiple, [2, 1, 2]);
        let scale: Vec<u64> = q[2]["scale"].as_array().unwrap().iter().map(|o| o["total"].as_u64().unwrap()).collect();
        assert_eq!(scale, [0, 1, 1, 1, 1], "4, 5, 2 and the changed 3");
        assert!(close(&q[2]["scaleMean"], 3.5));
        assert_eq!(q[3]["answered"]["total"], 2);
        assert_eq!(q[3]["texts"].as_array().unwrap().len(), 2, "the team reads every text");

        let d = &r["valueDomains"];
        let (d1, d2) = (&d[0], &d[1]);
        assert_eq!(d1["valueDomain"]["name"], "Mobiliteit");
        // Economic value of Mobiliteit: 5, 4 (companies), 1 (citizen), 2 (government). Plain mean 3; the
        // mean of the types' means (4.5 + 1 + 2) / 3 = 2.5, rounded half up: 3.
        let e = &d1["economicValue"];
        assert_eq!((e["n"].as_u64(), e["noOpinion"].as_u64()), (Some(4), Some(0)));
        assert!(close(&e["mean"], 3.0) && close(&e["weightedMean"], 2.5), "{e:#}");
        assert_eq!(e["suggested"], 3);
        assert!(close(&e["spread"], 1.5811388300841898), "sqrt(10 / 4): {e:#}");
        assert!(e["byStakeholderType"].as_array().unwrap().contains(&json!({ "stakeholderType": "COMPANY", "n": 2, "mean": 4.5 })));
        assert_eq!(e["counts"].as_array().unwrap().iter().map(|c| c["total"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 1, 0, 1, 1]);
        assert_eq!(d1["societalValue"]["suggested"], 4);
        // Data readiness: 2, 3 (companies: 2.5), no opinion (citizen), 4 (government): (2.5 + 4) / 2 = 3.25.
        let ready = &d1["dataReadiness"];
        assert_eq!((ready["n"].as_u64(), ready["noOpinion"].as_u64()), (Some(3), Some(1)));
        assert!(close(&ready["weightedMean"], 3.25));
        assert_eq!(ready["suggested"], 3);
        assert_eq!(d1["answerCount"], 4);
        // Energie: two economic scores and two societal ones, fewer than the three a suggestion needs; data
        // readiness 3, 3 (companies) and 4 (citizen): (3 + 4) / 2 = 3.5, half up: 4.
        assert_eq!(d2["economicValue"]["n"], 2);
        assert_eq!(d2["economicValue"]["suggested"], Value::Null);
        assert_eq!(d2["societalValue"]["suggested"], Value::Null);
        assert!(close(&d2["dataReadiness"]["mean"], 10.0 / 3.0));
        assert_eq!(d2["dataReadiness"]["suggested"], 4);

        // Plain means, once the team chooses them.
        app.data("mutation($id: ID!) { updateSurvey(input: { id: $id, weighting: EQUAL_PER_ANSWER }) { survey { weighting } } }", json!({ "id": s.id })).await;
        let plain = app.data(RESULTS, json!({ "id": s.id })).await["survey"]["results"].clone();
        assert_eq!(plain["weighting"], "EQUAL_PER_ANSWER");
        assert!(close(&plain["valueDomains"][0]["economicValue"]["weightedMean"], 3.0));
        assert_eq!(plain["valueDomains"][1]["dataReadiness"]["suggested"], 3, "10/3 rounds to 3");
    }

    async fn results_are_the_teams_until_published_and_then_leave_out_unpublished_texts(app) {
        let (s, _, _) = answered(&app).await;
        let outsider = member(&app, "Nieuwsgierig", "CITIZEN", "GENT").await;
        let public = "query($id: ID!) { survey(id: $id) { title resultsPublishedAt results { respondents { total } questions { texts { text } } } } }";
        for token in [None, Some(outsider.as_str())] {
            let seen = app.data_as(token, public, json!({ "id": s.id })).await;
            assert_eq!(seen["survey"]["title"], "Marktbevraging 2027", "an open survey is public");
            assert_eq!(seen["survey"]["results"], Value::Null, "results are the team's until published");
        }
        app.data("mutation($id: ID!) { publishSurveyResults(input: { id: $id, published: true }) { survey { resultsPublishedAt } } }", json!({ "id": s.id })).await;
        let seen = app.data_as(None, public, json!({ "id": s.id })).await;
        assert_eq!(seen["survey"]["results"]["respondents"]["total"], 4);
        let texts = &seen["survey"]["results"]["questions"][3]["texts"];
        assert_eq!(texts, &json!([{ "text": "Meer fietsdata" }]), "only the text its writer agreed to publish");
        // Groups of fewer than five respondents are the team's: their counts would show who answered what.
        let breakdown = "query($id: ID!) { survey(id: $id) { results { respondents { total byStakeholderType { count } byCity { count } } valueDomains { economicValue { byStakeholderType { n } } } } } }";
        let public = app.data_as(None, breakdown, json!({ "id": s.id })).await["survey"]["results"].clone();
        assert_eq!(public["respondents"]["total"], 4);
        assert_eq!((&public["respondents"]["byStakeholderType"], &public["respondents"]["byCity"]), (&json!([]), &json!([])));
        assert_eq!(public["valueDomains"][0]["economicValue"]["byStakeholderType"], json!([]));
        let unconfirmed = "query($id: ID!) { survey(id: $id) { results { unconfirmed } } }";
        assert_eq!(app.data_as(None, unconfirmed, json!({ "id": s.id })).await["survey"]["results"]["unconfirmed"], Value::Null, "the team's only");
        assert_eq!(app.data(unconfirmed, json!({ "id": s.id })).await["survey"]["results"]["unconfirmed"], 0);
        let team = app.data(breakdown, json!({ "id": s.id })).await["survey"]["results"].clone();
        assert_eq!(team["respondents"]["byStakeholderType"].as_array().unwrap().len(), 3);

        let draft = app.data("mutation { createSurvey(input: { title: \"Nog geheim\" }) { survey { id slug } } }", json!({})).await;
        let slug = draft["createSurvey"]["survey"]["slug"].as_str().unwrap().to_owned();
        let hidden = app.graphql_as(None, "query($s: String!) { survey(slug: $s) { id } }", json!({ "s": slug })).await;
        assert_eq!(code_of(&hidden["errors"][0]), "NOT_FOUND", "a draft is the team's");
        let listed = app.data_as(Some(&outsider), "{ surveys(first: 10) { nodes { title } } }", json!({})).await;
        assert_eq!(listed["surveys"]["nodes"], json!([{ "title": "Marktbevraging 2027" }]));
        let team = app.data("{ surveys(first: 10) { totalCount } }", json!({})).await;
        assert_eq!(team["surveys"]["totalCount"], 2);
    }

    async fn applying_the_suggested_scores_sets_the_value_domains_with_their_source_and_is_audited(app) {
        let (s, d1, d2) = answered(&app).await;
        let applied = app.data(
            "mutation($id: ID!) { applySurveyScores(input: { surveyId: $id }) { valueDomains { id economicValue societalValue dataReadiness priorityScore scoresSource { byHand answerCount setAt survey { id } } } } }",
            json!({ "id": s.id }),
        ).await;
        let domains = applied["applySurveyScores"]["valueDomains"].as_array().unwrap().clone();
        assert_eq!(domains.len(), 2);
        let one = domains.iter().find(|d| d["id"] == d1.as_str()).unwrap();
        assert_eq!((&one["economicValue"], &one["societalValue"], &one["dataReadiness"]), (&json!(3), &json!(4), &json!(3)));
        assert_eq!(one["priorityScore"], 60, "(2·3 + 2·4 + 3 − 5) · 5");
        assert_eq!(one["scoresSource"]["byHand"], false);
        assert_eq!(one["scoresSource"]["answerCount"], 4);
        assert_eq!(one["scoresSource"]["survey"]["id"], s.id.as_str());
        // Energie had a suggestion for its data readiness only: its other scores stay as typed in (3 and 4).
        let two = domains.iter().find(|d| d["id"] == d2.as_str()).unwrap();
        assert_eq!((&two["economicValue"], &two["societalValue"], &two["dataReadiness"]), (&json!(3), &json!(4), &json!(4)));
        assert_eq!(two["priorityScore"], 65);
        let log = app.data("{ auditLog(filter: { action: \"applySurveyScores\" }) { nodes { recordKind subject { id } } } }", json!({})).await;
        let nodes = log["auditLog"]["nodes"].as_array().unwrap();
        assert!(nodes.iter().all(|n| n["recordKind"] == "VALUE_DOMAIN"), "{log:#}");
        let mut subjects: Vec<String> = nodes.iter().map(|n| n["subject"]["id"].as_str().unwrap().to_owned()).collect();
        subjects.sort();
        let mut expected = vec![d1.clone(), d2.clone()];
        expected.sort();
        assert_eq!(subjects, expected, "one entry on each domain changed");
        // The priority list follows.
        let ranked = app.data("{ valueDomains(first: 5) { nodes { name priorityScore } } }", json!({})).await;
        assert_eq!(ranked["valueDomains"]["nodes"][0]["name"], "Energie");
        // A score typed in by hand says so.
        let typed = app.data(
            "mutation($id: ID!) { updateValueDomain(input: { id: $id, economicValue: 5 }) { valueDomain { scoresSource { byHand answerCount survey { id } setAt } } } }",
            json!({ "id": d1 }),
        ).await;
        let source = &typed["updateValueDomain"]["valueDomain"]["scoresSource"];
        assert_eq!((&source["byHand"], &source["answerCount"], &source["survey"]), (&json!(true), &Value::Null, &Value::Null));
        assert!(source["setAt"].is_string());
        // A domain the survey asks nothing about cannot be named; a survey with answers cannot be deleted.
        let other = app.value_domain("Wonen").await;
        let refused = app.error("mutation($id: ID!, $d: ID!) { applySurveyScores(input: { surveyId: $id, valueDomainIds: [$d] }) { valueDomains { id } } }", json!({ "id": s.id, "d": other })).await;
        assert_eq!(code_of(&refused), "VALIDATION");
        let kept = app.error("mutation($id: ID!) { deleteSurvey(input: { id: $id }) { deletedId } }", json!({ "id": s.id })).await;
        assert_eq!(code_of(&kept), "CONFLICT", "{kept:#}");
    }

    async fn questions_are_fixed_once_the_first_answer_is_in_but_for_their_wording(app) {
        let d1 = app.value_domain("Mobiliteit").await;
        let s = open_survey(&app, &[&d1], 10).await;
        let read = "query($id: ID!) { survey(id: $id) { questionsFixed questions { id kind prompt promptEn required options { label labelEn } valueDomains { id } } } }";
        let questions = |data: &Value| -> Vec<Value> {
            data["survey"]["questions"].as_array().unwrap().iter().map(|q| json!({
                "id": q["id"], "kind": q["kind"], "prompt": q["prompt"], "promptEn": q["promptEn"], "required": q["required"],
                "options": q["options"], "valueDomainIds": q["valueDomains"].as_array().unwrap().iter().map(|d| d["id"].clone()).collect::<Vec<_>>(),
            })).collect()
        };
        let update = "mutation($id: ID!, $q: [SurveyQuestionInput!]!) { updateSurvey(input: { id: $id, questions: $q }) { survey { questions { kind prompt } } } }";
        // Before any answer anything may change: the free-text question becomes a scale.
        let before = app.data(read, json!({ "id": s.id })).await;
        assert_eq!(before["survey"]["questionsFixed"], false);
        let mut changed = questions(&before);
        changed[3]["kind"] = json!("SCALE");
        app.data(update, json!({ "id": s.id, "q": changed })).await;
        let token = member(&app, "Eerste", "COMPANY", "GENT").await;
        app.data_as(Some(&token), ANSWER, json!({ "input": { "surveyId": s.id, "language": "EN", "consentVersion": CONSENT,
            "answers": [{ "questionId": s.q[0], "choices": [1] }, { "questionId": s.q[2], "scale": 4 }] } })).await;
        let after = app.data(read, json!({ "id": s.id })).await;
        assert_eq!(after["survey"]["questionsFixed"], true);
        // The wording may still change.
        let mut reworded = questions(&after);
        reworded[0]["prompt"] = json!("Gebruik je vandaag open data?");
        reworded[0]["options"][1]["labelEn"] = json!("Not yet");
        let saved = app.data(update, json!({ "id": s.id, "q": reworded })).await;
        assert_eq!(saved["updateSurvey"]["survey"]["questions"][0]["prompt"], "Gebruik je vandaag open data?");
        // Nothing else may.
        let mut kind = questions(&after);
        kind[2]["kind"] = json!("FREE_TEXT");
        let mut fewer = questions(&after);
        fewer.pop();
        let mut option = questions(&after);
        option[0]["options"].as_array_mut().unwrap().push(json!({ "label": "Misschien" }));
        let mut required = questions(&after);
        required[1]["required"] = json!(true);
        for attempt in [kind, fewer, option, required] {
            let refused = app.error(update, json!({ "id": s.id, "q": attempt })).await;
            assert_eq!(code_of(&refused), "CONFLICT", "{refused:#}");
        }
        let kept = app.data(read, json!({ "id": s.id })).await;
        assert_eq!(kept["survey"]["questions"].as_array().unwrap().len(), 5, "nothing was saved");
        // A copy for next year is a new draft, its questions free again.
        let copy = app.data("mutation($id: ID!) { copySurvey(input: { id: $id }) { survey { status title questionsFixed questions { id prompt } } } }", json!({ "id": s.id })).await;
        let copy = &copy["copySurvey"]["survey"];
        assert_eq!((&copy["status"], &copy["questionsFixed"]), (&json!("DRAFT"), &json!(false)));
        assert_eq!(copy["questions"][0]["prompt"], "Gebruik je vandaag open data?");
        assert_ne!(copy["questions"][0]["id"], after["survey"]["questions"][0]["id"], "new questions, new ids");
    }

    async fn answers_are_checked_against_the_questions_and_the_surveys_times(app) {
        let d1 = app.value_domain("Mobiliteit").await;
        let other = app.value_domain("Wonen").await;
        let s = open_survey(&app, &[&d1], 10).await;
        let token = member(&app, "Invuller", "COMPANY", "GENT").await;
        let good = answer(&s, 0, &[1], 3, None, json!([scores(&d1, Some(3), None, None)]));
        let with = |f: &dyn Fn(&mut Value)| { let mut v = good.clone(); f(&mut v); v };
        let cases: Vec<(&str, Value)> = vec![
            ("a required question left out", with(&|v| { v["input"]["answers"].as_array_mut().unwrap().remove(2); })),
            ("two choices for a single choice", with(&|v| v["input"]["answers"][0]["choices"] = json!([0, 1]))),
            ("an option that is not there", with(&|v| v["input"]["answers"][1]["choices"] = json!([3]))),
            ("a scale of 6", with(&|v| v["input"]["answers"][2]["scale"] = json!(6))),
            ("a text for a scale", with(&|v| v["input"]["answers"][2]["text"] = json!("veel"))),
            ("a score of 0", with(&|v| v["input"]["answers"][3]["domains"][0]["economicValue"] = json!(0))),
            ("a domain not asked about", with(&|v| v["input"]["answers"][3]["domains"][0]["valueDomainId"] = json!(other.clone()))),
            ("another consent text", with(&|v| v["input"]["consentVersion"] = json!("2020-01"))),
            ("a question twice", with(&|v| { let again = v["input"]["answers"][0].clone(); v["input"]["answers"].as_array_mut().unwrap().push(again); })),
        ];
        for (what, variables) in cases {
            let refused = app.graphql_as(Some(&token), ANSWER, variables).await;
            assert_eq!(code_of(&refused["errors"][0]), "VALIDATION", "{what}: {refused:#}");
        }
        let team = app.graphql(ANSWER, good.clone()).await;
        assert_eq!(code_of(&team["errors"][0]), "FORBIDDEN", "the team answers no survey for a partner");
        let anonymous = app.graphql_as(None, ANSWER, good.clone()).await;
        assert_eq!(code_of(&anonymous["errors"][0]), "UNAUTHENTICATED");
        app.data_as(Some(&token), ANSWER, good.clone()).await;
        // Closed: no more answers, and none changed.
        app.data("mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: CLOSED }) { survey { status } } }", json!({ "id": s.id })).await;
        let closed = app.graphql_as(Some(&token), ANSWER, good.clone()).await;
        assert_eq!(code_of(&closed["errors"][0]), "CONFLICT", "{closed:#}");
        // Open again, but past its close time.
        app.data("mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: OPEN }) { survey { status } } }", json!({ "id": s.id })).await;
        let past = app.data(
            "mutation($id: ID!) { updateSurvey(input: { id: $id, opensAt: \"2026-01-01T00:00:00Z\", closesAt: \"2026-02-01T00:00:00Z\" }) { survey { takesAnswers } } }",
            json!({ "id": s.id }),
        ).await;
        assert_eq!(past["updateSurvey"]["survey"]["takesAnswers"], false);
        let late = app.graphql_as(Some(&token), ANSWER, good).await;
        assert_eq!(code_of(&late["errors"][0]), "CONFLICT");
        let backwards = app.error("mutation($id: ID!) { updateSurvey(input: { id: $id, closesAt: \"2025-01-01T00:00:00Z\" }) { survey { id } } }", json!({ "id": s.id })).await;
        assert_eq!(code_of(&backwards), "VALIDATION", "a survey closes after it opens");
        let results = app.data(RESULTS, json!({ "id": s.id })).await;
        assert_eq!(results["survey"]["results"]["respondents"]["total"], 1, "the refused answers left nothing");
    }

    async fn a_partners_answer_is_in_its_data_and_an_erasure_keeps_it_anonymous(app) {
        let d1 = app.value_domain("Mobiliteit").await;
        let s = open_survey(&app, &[&d1], 1).await;
        let made = app.data("mutation { createPartner(input: { name: \"Te wissen vzw\", stakeholderType: CIVIC_ORGANISATION, homeCity: BRUGGE }) { partner { id } } }", json!({})).await;
        let partner = id_of(&made["createPartner"]["partner"]);
        let token = app.account("wissen@lode.test", Role::Partner, &[], Some(&partner)).await;
        let pending = app.graphql_as(Some(&token), ANSWER, answer(&s, 0, &[0], 5, None, json!([]))).await;
        assert_eq!(code_of(&pending["errors"][0]), "FORBIDDEN", "a partner answers once approved");
        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
        let mut variables = answer(&s, 0, &[0], 5, Some(("Bel me op 0470 12 34 56", true)), json!([scores(&d1, Some(5), Some(5), Some(5))]));
        variables["input"]["mayContact"] = json!(true);
        app.data_as(Some(&token), ANSWER, variables).await;
        let mine = app.data_as(Some(&token), "query($id: ID!) { survey(id: $id) { myAnswer { mayContact answers { scale } } } }", json!({ "id": s.id })).await;
        assert_eq!(mine["survey"]["myAnswer"]["mayContact"], true);
        let export = app.data_as(Some(&token), "{ exportMyData }", json!({})).await;
        assert!(export["exportMyData"].to_string().contains("Bel me op 0470 12 34 56"), "the answer is the partner's data");
        app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { id } } }", json!({ "id": partner })).await;
        let results = app.data(RESULTS, json!({ "id": s.id })).await["survey"]["results"].clone();
        assert_eq!(results["respondents"]["total"], 1, "the anonymous answer still counts");
        assert_eq!(results["questions"][3]["texts"], json!([]), "what it wrote in its own words went");
        assert_eq!(results["questions"][2]["scale"][4]["total"], 1, "its other answers stay");
        assert_eq!(results["valueDomains"][0]["economicValue"]["suggested"], 5);
        let rows = entities::survey_response::Entity::find().all(&app.db).await.expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].partner_id, rows[0].account_id, rows[0].may_contact), (None, None, false), "nothing links it to the partner");
    }
}

/// An answer by e-mail, from someone without a partner profile.
pub(super) const BY_EMAIL: &str = "mutation($input: AnswerSurveyByEmailInput!) { answerSurveyByEmail(input: $input) { confirmationSent } }";
/// Following the link that confirms an answer by e-mail.
pub(super) const CONFIRM: &str =
    "mutation($t: String!) { confirmSurveyAnswer(input: { token: $t }) { survey { id } } }";

/// How long a test waits for messages it expects.
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// An answer by e-mail: the domain's economic value, from an address.
pub(super) fn by_email(
    s: &Survey,
    email: &str,
    domain: &str,
    economic: i16,
    language: &str,
) -> Value {
    let mut answer = answer(
        s,
        0,
        &[0],
        3,
        None,
        json!([scores(domain, Some(economic), None, None)]),
    );
    let input = answer["input"].as_object_mut().expect("an input");
    input.insert("email".into(), json!(email));
    input.insert("stakeholderType".into(), json!("CITIZEN"));
    input.insert("city".into(), json!("BRUGGE"));
    input.insert("language".into(), json!(language));
    answer
}

db_tests! {
    spawn or skip with Mailing::start;

    async fn an_answer_by_e_mail_counts_once_its_link_is_followed_and_once_per_address(m) {
        let Mailing { smtp, app } = &m;
        let d1 = app.value_domain("Mobiliteit").await;
        let s = open_survey(app, &[&d1], 1).await;
        let economic = |r: &Value| r["survey"]["results"]["valueDomains"][0]["economicValue"]["n"].clone();

        // A title holding markup: the HTML part escapes it, the subject and the text keep it as written.
        app.data("mutation($id: ID!) { updateSurvey(input: { id: $id, titleEn: \"Market survey <b>2027</b> & co\" }) { survey { id } } }", json!({ "id": s.id })).await;
        app.data_as(None, BY_EMAIL, by_email(&s, "Burger@Example.org", &d1, 2, "EN")).await;
        let message = smtp.wait_for(1, WAIT).await[0].clone();
        assert_eq!(message.to(), ["burger@example.org"]);
        assert_eq!(message.subject(), Some("Confirm your answer to \"Market survey <b>2027</b> & co\""));
        assert!(message.text().expect("a text part").contains("\"Market survey <b>2027</b> & co\""));
        let html = message.html().expect("an HTML part");
        assert!(html.contains("Market survey &lt;b&gt;2027&lt;&#x2f;b&gt; &amp; co") && !html.contains("<b>2027"), "{html}");
        let first = message.link_token("bevraging-bevestigen");
        let results = app.data(RESULTS, json!({ "id": s.id })).await;
        assert_eq!(results["survey"]["results"]["unconfirmed"], 1, "waiting: counted apart");
        assert_eq!(economic(&results), 0);

        // Answering again before confirming replaces the answer and ends the first link.
        app.data_as(None, BY_EMAIL, by_email(&s, "burger@example.org", &d1, 5, "NL")).await;
        let second = smtp.wait_for(2, WAIT).await[1].clone();
        assert_eq!(second.subject(), Some("Bevestig je antwoord op \"Marktbevraging 2027\""));
        let token = second.link_token("bevraging-bevestigen");
        let stale = app.graphql_as(None, CONFIRM, json!({ "t": first })).await;
        assert_eq!(code_of(&stale["errors"][0]), "INVALID_TOKEN");
        let confirmed = app.data_as(None, CONFIRM, json!({ "t": token })).await;
        assert_eq!(confirmed["confirmSurveyAnswer"]["survey"]["id"], s.id.as_str());
        let again = app.graphql_as(None, CONFIRM, json!({ "t": token })).await;
        assert_eq!(code_of(&again["errors"][0]), "INVALID_TOKEN", "a link works once");

        let results = app.data(RESULTS, json!({ "id": s.id })).await;
        let r = &results["survey"]["results"];
        assert_eq!((&r["unconfirmed"], &r["respondents"]["total"]), (&json!(0), &json!(1)));
        assert_eq!(r["valueDomains"][0]["economicValue"]["suggested"], 5, "the second answer counts");
        assert!(r["respondents"]["byCity"].as_array().unwrap().contains(&json!({ "city": "BRUGGE", "count": 1 })));

        // One answer per address; another from it changes nothing and is told what anyone is told, so nobody
        // learns whether an address answered.
        let twice = app.data_as(None, BY_EMAIL, by_email(&s, "burger@example.org", &d1, 1, "NL")).await;
        assert_eq!(twice["answerSurveyByEmail"]["confirmationSent"], true);
        app.wait_for_mail(WAIT).await;
        assert_eq!(smtp.messages().len(), 2, "no message for an address that answered");
        let kept = app.data(RESULTS, json!({ "id": s.id })).await;
        assert_eq!(kept["survey"]["results"]["valueDomains"][0]["economicValue"]["suggested"], 5);
        // A partner's member answers for the partner, not by e-mail.
        let member = member(app, "Lid", "COMPANY", "GENT").await;
        let refused = app.graphql_as(Some(&member), BY_EMAIL, by_email(&s, "lid@example.org", &d1, 1, "NL")).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN");

        // Ballot stuffing: many addresses nobody confirms count for nothing, and show as unconfirmed.
        for n in 0..4 {
            app.data_as(None, BY_EMAIL, by_email(&s, &format!("stuffer{n}@example.org"), &d1, 1, "NL")).await;
        }
        app.wait_for_mail(WAIT).await;
        let results = app.data(RESULTS, json!({ "id": s.id })).await;
        let r = &results["survey"]["results"];
        assert_eq!((&r["unconfirmed"], &r["respondents"]["total"]), (&json!(4), &json!(1)));
        assert_eq!(r["valueDomains"][0]["economicValue"]["suggested"], 5);
        // No token and no address in an outbox row or the log.
        for row in entities::mail_outbox::Entity::find().all(&app.db).await.expect("rows") {
            assert!(!row.payload.contains(&token[5..20]) && !row.payload.contains("example.org"), "{}", row.payload);
        }
        assert!(lode_tests::logged(&token[5..20]).is_empty(), "the token in the log");
        assert!(lode_tests::logged("burger@example.org").is_empty(), "the address in the log");

        // Closed: an answer is refused, and a link sent before no longer makes one count.
        let waiting = entities::survey_response::Entity::find().all(&app.db).await.expect("rows")
            .into_iter().find(|r| r.email.as_deref() == Some("stuffer0@example.org")).expect("a waiting answer");
        let late_link = lode_api::domain::survey_answers::issue_confirmation(&app.db, waiting.id).await.expect("the answer is read").expect("a token");
        app.data("mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: CLOSED }) { survey { status } } }", json!({ "id": s.id })).await;
        let late = app.graphql_as(None, BY_EMAIL, by_email(&s, "laat@example.org", &d1, 1, "NL")).await;
        assert_eq!(code_of(&late["errors"][0]), "CONFLICT");
        let too_late = app.graphql_as(None, CONFIRM, json!({ "t": late_link })).await;
        assert_eq!(code_of(&too_late["errors"][0]), "CONFLICT", "the results do not change once closed");
        let results = app.data(RESULTS, json!({ "id": s.id })).await;
        assert_eq!(results["survey"]["results"]["respondents"]["total"], 1);
    }
}
