//! A survey's answers as CSV (`GET /surveys/{id}/answers.csv`), read back with the `csv` crate: exactly the
//! confirmed answers, one cell per question (three per value domain), nothing that tells who answered,
//! nothing that runs as a formula, for the team only, and each download audited.

use super::surveys::{
    ANSWER, BY_EMAIL, CONFIRM, Survey, answer, by_email, member, open_survey, scores,
};
use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests, uuid_of};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The UTF-8 byte order mark the file begins with.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Asks for a survey's answers with a bearer token (or none).
async fn download(app: &TestApp, survey: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .get(format!("{}/surveys/{survey}/answers.csv", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

/// A file as downloaded: its text, its header and its rows as column-to-cell maps.
struct Sheet {
    text: String,
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

/// Reads a download back with the `csv` crate.
async fn read(response: reqwest::Response) -> Sheet {
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("a body");
    assert!(bytes.starts_with(BOM), "a byte order mark, for Excel");
    let text = String::from_utf8(bytes[BOM.len()..].to_vec()).expect("UTF-8");
    assert!(
        text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF line ends: {text:?}"
    );
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed row");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    Sheet { text, header, rows }
}

/// A record's slug.
async fn slug_of(app: &TestApp, field: &str, id: &str) -> String {
    let query = format!("query($id: ID!) {{ {field}(id: $id) {{ slug }} }}");
    app.data(&query, json!({ "id": id })).await[field]["slug"]
        .as_str()
        .expect("a slug")
        .to_owned()
}

/// The audit log's entries about downloads of the survey's answers, as the admin reads them.
async fn downloads_logged(app: &TestApp, survey: &str) -> Value {
    app.data(
        "query($s: UUID!) { auditLog(filter: { action: \"downloadSurveyAnswers\", subjectId: $s }) { totalCount nodes { actorRole recordKind } } }",
        json!({ "s": uuid_of(survey) }),
    )
    .await["auditLog"]
        .clone()
}

/// Answers by e-mail from `email` and, unless `confirmed` is false, follows the link as its message would.
async fn answer_by_email(
    app: &TestApp,
    s: &Survey,
    email: &str,
    domain: &str,
    economic: i16,
    confirmed: bool,
) {
    app.data_as(None, BY_EMAIL, by_email(s, email, domain, economic, "EN"))
        .await;
    if !confirmed {
        return;
    }
    // The relay composes the message first, with a token of its own that the one below replaces.
    app.wait_for_mail(std::time::Duration::from_secs(30)).await;
    let row = entities::survey_response::Entity::find()
        .all(&app.db)
        .await
        .expect("rows")
        .into_iter()
        .find(|r| r.email.as_deref() == Some(email))
        .expect("the answer waits");
    let token = lode_api::domain::survey_answers::issue_confirmation(&app.db, row.id)
        .await
        .expect("the answer is read")
        .expect("a token");
    app.data_as(None, CONFIRM, json!({ "t": token })).await;
}

db_tests! {
    async fn the_teams_download_holds_exactly_the_confirmed_answers_anonymous_and_inert(app) {
        let d1 = app.value_domain("Mobiliteit").await;
        let d2 = app.value_domain("Energie").await;
        let s = open_survey(&app, &[&d1, &d2], 1).await;
        let company = member(&app, "Fietsdata BV", "COMPANY", "GENT").await;
        let text = "=SOM(A1:A2) meer data over fietsen, graag";
        app.data_as(
            Some(&company),
            ANSWER,
            answer(&s, 1, &[2, 0], 4, Some((text, false)), json!([scores(&d1, Some(5), None, Some(2))])),
        )
        .await;
        answer_by_email(&app, &s, "burger@example.org", &d1, 3, true).await;
        answer_by_email(&app, &s, "wachtend@example.org", &d1, 1, false).await;
        let unconfirmed = app.data("query($id: ID!) { survey(id: $id) { results { unconfirmed respondents { total } } } }", json!({ "id": s.id })).await;
        assert_eq!(unconfirmed["survey"]["results"], json!({ "unconfirmed": 1, "respondents": { "total": 2 } }));

        let response = download(&app, &s.id, Some(&app.admin_token)).await;
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert_eq!(headers["cache-control"], "no-store");
        let slug = slug_of(&app, "survey", &s.id).await;
        assert_eq!(headers["content-disposition"], format!("attachment; filename=\"survey-answers-{slug}.csv\"").as_str());
        let sheet = read(response).await;

        let (m, e) = (slug_of(&app, "valueDomain", &d1).await, slug_of(&app, "valueDomain", &d2).await);
        let mut expected = ["respondent", "stakeholder_type", "city", "language", "q1", "q2", "q3", "q4"].map(str::to_owned).to_vec();
        for domain in [&m, &e] {
            for score in ["economic_value", "societal_value", "data_readiness"] {
                expected.push(format!("q5_{domain}_{score}"));
            }
        }
        assert_eq!(sheet.header, expected);
        let row = |cells: &[&str]| -> HashMap<String, String> {
            expected.iter().cloned().zip(cells.iter().map(|c| (*c).to_owned())).collect()
        };
        assert_eq!(
            sheet.rows,
            [
                // The partner's: a single choice, two choices in the question's order, a scale, a text made
                // inert, Mobiliteit's scores with no opinion on its societal value, Energie not scored.
                row(&["1", "COMPANY", "GENT", "NL", "Nee", "Mobiliteit; Energie", "4", &format!("'{text}"), "5", "", "2", "", "", ""]),
                // The confirmed answer by e-mail; the one still waiting is left out.
                row(&["2", "CITIZEN", "BRUGGE", "EN", "Ja", "Mobiliteit", "3", "", "3", "", "", "", "", ""]),
            ],
            "{}",
            sheet.text
        );
        for cell in sheet.rows.iter().flat_map(|row| row.values()) {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a cell would run as a formula: {cell:?}");
        }
        let partners = app.data("{ partners(first: 5) { nodes { id name } } }", json!({})).await;
        let partner = &partners["partners"]["nodes"][0];
        assert_eq!(partner["name"], "Fietsdata BV");
        let company_id = lode_tests::id_of(partner);
        for personal in ["@", "burger", "wachtend", "Fietsdata", "fietsdata-bv", &company_id, &uuid_of(&company_id).to_string()] {
            assert!(!sheet.text.contains(personal), "{personal:?} tells who answered: {}", sheet.text);
        }

        let logged = downloads_logged(&app, &s.id).await;
        assert_eq!(logged, json!({ "totalCount": 1, "nodes": [{ "actorRole": "ADMIN", "recordKind": "SURVEY" }] }));
        // The team is the city's coordinators too; each download is its own entry.
        let gent = app.account("gent@stad.test", Role::Coordinator, &[City::Gent], None).await;
        assert_eq!(read(download(&app, &s.id, Some(&gent)).await).await.rows.len(), 2);
        assert_eq!(downloads_logged(&app, &s.id).await["totalCount"], 2);
        // A download changes nothing: the survey can still be updated from the version read before it.
        let read = app.data("query($id: ID!) { survey(id: $id) { updatedAt } }", json!({ "id": s.id })).await;
        download(&app, &s.id, Some(&app.admin_token)).await;
        app.data(
            "mutation($id: ID!, $at: DateTime!) { updateSurvey(input: { id: $id, title: \"Marktbevraging 2027 (slot)\", expectedUpdatedAt: $at }) { survey { title } } }",
            json!({ "id": s.id, "at": read["survey"]["updatedAt"] }),
        )
        .await;
    }

    async fn only_the_team_downloads_a_surveys_answers(app) {
        let d1 = app.value_domain("Mobiliteit").await;
        let s = open_survey(&app, &[&d1], 1).await;
        let member = member(&app, "Nieuwsgierig", "CITIZEN", "GENT").await;
        app.data_as(Some(&member), ANSWER, answer(&s, 0, &[0], 3, None, json!([]))).await;
        let draft = lode_tests::id_of(
            &app.data("mutation { createSurvey(input: { title: \"Nog geheim\" }) { survey { id } } }", json!({})).await["createSurvey"]["survey"],
        );

        for (who, token, public, hidden) in [
            ("anonymous", None, 401, 404),
            ("a partner's member, who answered", Some(member.as_str()), 403, 404),
            ("a token that signs nobody in", Some("not-a-token"), 401, 401),
        ] {
            for (which, id, status) in [("the open survey", &s.id, public), ("the draft", &draft, hidden)] {
                let response = download(&app, id, token).await;
                assert_eq!(response.status(), status, "{who} asking for {which}");
                assert_eq!(response.headers()["content-type"], "application/json", "{who}: an error answer");
                let body: Value = response.json().await.expect("JSON");
                let expected = match status {
                    401 => "UNAUTHENTICATED",
                    403 => "FORBIDDEN",
                    _ => "NOT_FOUND",
                };
                assert_eq!(code_of(&body["errors"][0]), expected, "{who} asking for {which}");
            }
        }
        assert_eq!(downloads_logged(&app, &s.id).await["totalCount"], 0, "a refusal is no download");

        let gent = app.account("gent@stad.test", Role::Coordinator, &[City::Gent], None).await;
        let empty = read(download(&app, &draft, Some(&gent)).await).await;
        assert_eq!((empty.header.len(), empty.rows.len()), (4, 0), "a draft's answers are the team's too: none yet");

        let event = app.open_event("Geen bevraging", 5).await;
        for (path, status) in [
            ("not-an-id".to_owned(), 400),
            (event, 400),
            (lode_api::graphql::ids::encode(lode_api::graphql::ids::Kind::Survey, uuid::Uuid::now_v7()).0, 404),
        ] {
            let response = download(&app, &path, Some(&app.admin_token)).await;
            assert_eq!(response.status(), status, "{path}");
            let body: Value = response.json().await.expect("JSON");
            assert_eq!(code_of(&body["errors"][0]), if status == 400 { "VALIDATION" } else { "NOT_FOUND" }, "{path}");
        }
    }
}
