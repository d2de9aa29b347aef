//! What LODE keeps of someone who answered a survey with an address: an answer never confirmed goes, with its
//! address, once its link can no longer make it count; and an admin erases an address at the request of the
//! person it belongs to (who has no account to do it with), keeping that person's confirmed answers
//! anonymous.

use super::surveys::{BY_EMAIL, CONFIRM, Survey, answer, by_email, open_survey, scores};
use chrono::{Duration, Utc};
use entities::survey_response;
use lode_api::domain::survey_answers::{forget_lapsed, issue_confirmation};
use lode_tests::{TestApp, code_of, db_tests};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// How long a test waits for the messages it expects.
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The answers given with `email`.
async fn answers_of(app: &TestApp, email: &str) -> Vec<survey_response::Model> {
    survey_response::Entity::find()
        .filter(survey_response::Column::Email.eq(email))
        .all(&app.db)
        .await
        .expect("answers")
}

/// Confirms the answer given with `email`, as its link would (once its message went, so that no link made
/// by the relay replaces this one).
async fn confirm(app: &TestApp, email: &str) {
    app.wait_for_mail(WAIT).await;
    let row = answers_of(app, email).await.pop().expect("an answer");
    let token = issue_confirmation(&app.db, row.id)
        .await
        .expect("the answer is read")
        .expect("a token");
    app.data_as(None, CONFIRM, json!({ "t": token })).await;
}

/// How many confirmed and unconfirmed answers a survey has, as the team reads them.
async fn counted(app: &TestApp, s: &Survey) -> (i64, i64) {
    let data = app
        .data(
            "query($id: ID!) { survey(id: $id) { results { unconfirmed respondents { total } } } }",
            json!({ "id": s.id }),
        )
        .await;
    let results = &data["survey"]["results"];
    (
        results["respondents"]["total"].as_i64().expect("a count"),
        results["unconfirmed"].as_i64().expect("a count"),
    )
}

db_tests! {
    async fn an_answer_never_confirmed_goes_with_its_address_once_its_link_lapsed(app) {
        let d = app.value_domain("Mobiliteit").await;
        let s = open_survey(&app, &[&d], 1).await;
        app.data_as(None, BY_EMAIL, by_email(&s, "wacht@example.org", &d, 2, "NL")).await;
        app.data_as(None, BY_EMAIL, by_email(&s, "bevestigd@example.org", &d, 4, "NL")).await;
        confirm(&app, "bevestigd@example.org").await;
        assert_eq!(counted(&app, &s).await, (1, 1));

        // A link works a week from the answer, however late or often its message is composed again (a mail
        // server refusing for days keeps the address no longer).
        let waiting = answers_of(&app, "wacht@example.org").await.pop().expect("an answer");
        issue_confirmation(&app.db, waiting.id).await.expect("the answer is read").expect("a token");
        let reissued = answers_of(&app, "wacht@example.org").await.pop().expect("an answer");
        assert_eq!(reissued.confirm_token_expires_at, Some(waiting.updated_at + Duration::days(7)));

        // Within its link's week nothing goes; after it, the answer that never counted goes with its address.
        assert_eq!(forget_lapsed(&app.db, Utc::now() + Duration::days(6)).await.expect("a sweep"), 0);
        assert_eq!(forget_lapsed(&app.db, Utc::now() + Duration::days(8)).await.expect("a sweep"), 1);
        assert!(answers_of(&app, "wacht@example.org").await.is_empty(), "the unconfirmed answer and its address are gone");
        assert_eq!(answers_of(&app, "bevestigd@example.org").await.len(), 1, "a confirmed answer stays");
        assert_eq!(counted(&app, &s).await, (1, 0));

        // An answer whose message never went has no link: it goes once it is older than a link lives.
        app.data_as(None, BY_EMAIL, by_email(&s, "stil@example.org", &d, 3, "NL")).await;
        app.wait_for_mail(WAIT).await;
        survey_response::Entity::update_many()
            .col_expr(survey_response::Column::ConfirmTokenExpiresAt, sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None))
            .filter(survey_response::Column::Email.eq("stil@example.org"))
            .exec(&app.db)
            .await
            .expect("the link is taken away");
        assert_eq!(forget_lapsed(&app.db, Utc::now() + Duration::days(6)).await.expect("a sweep"), 0);
        assert_eq!(forget_lapsed(&app.db, Utc::now() + Duration::days(8)).await.expect("a sweep"), 1);
        assert!(answers_of(&app, "stil@example.org").await.is_empty());
        assert_eq!(counted(&app, &s).await, (1, 0), "the confirmed answer still counts");
    }

    async fn the_mail_relay_sweeps_the_lapsed_answers_from_its_start(app) {
        let d = app.value_domain("Mobiliteit").await;
        let s = open_survey(&app, &[&d], 1).await;
        app.data_as(None, BY_EMAIL, by_email(&s, "vergeten@example.org", &d, 2, "NL")).await;
        app.wait_for_mail(WAIT).await;
        // Given eight days ago, its link made then: both lapsed.
        let eight_days_ago = Utc::now() - Duration::days(8);
        survey_response::Entity::update_many()
            .col_expr(survey_response::Column::UpdatedAt, sea_orm::sea_query::Expr::value(eight_days_ago))
            .col_expr(survey_response::Column::ConfirmTokenExpiresAt, sea_orm::sea_query::Expr::value(eight_days_ago + Duration::days(7)))
            .filter(survey_response::Column::Email.eq("vergeten@example.org"))
            .exec(&app.db)
            .await
            .expect("the answer is made old");
        // A process that starts sweeps at once, then every few minutes.
        let _beside = app.spawn_beside().await;
        let deadline = std::time::Instant::now() + WAIT;
        while !answers_of(&app, "vergeten@example.org").await.is_empty() {
            assert!(std::time::Instant::now() < deadline, "the relay deleted the lapsed answer");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    async fn an_admin_erases_an_address_and_its_confirmed_answers_stay_anonymous(app) {
        let d = app.value_domain("Mobiliteit").await;
        let first = open_survey(&app, &[&d], 1).await;
        let second = open_survey(&app, &[&d], 1).await;
        // In the first survey the address answered in its own words, agreed to be contacted, and confirmed.
        let mut given = answer(&first, 1, &[0, 2], 4, Some(("Ik ben Noor Peeters van de Veldstraat", true)), json!([scores(&d, Some(5), None, Some(2))]));
        let input = given["input"].as_object_mut().expect("an input");
        input.insert("email".into(), json!("noor@example.org"));
        input.insert("stakeholderType".into(), json!("CITIZEN"));
        input.insert("mayContact".into(), json!(true));
        app.data_as(None, BY_EMAIL, given).await;
        confirm(&app, "noor@example.org").await;
        // In the second it did not confirm (yet).
        app.data_as(None, BY_EMAIL, by_email(&second, "noor@example.org", &d, 2, "NL")).await;
        app.wait_for_mail(WAIT).await;
        assert_eq!(counted(&app, &first).await, (1, 0));
        assert_eq!(counted(&app, &second).await, (0, 1));

        const ERASE: &str = "mutation($e: String!) { eraseSurveyRespondent(input: { email: $e }) { answers } }";
        let coordinator = app.account("cas@gent.example", entities::values::Role::Coordinator, &[entities::values::City::Gent], None).await;
        let refused = app.graphql_as(Some(&coordinator), ERASE, json!({ "e": "noor@example.org" })).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN");
        let bad = app.graphql(ERASE, json!({ "e": "geen adres" })).await;
        assert_eq!(code_of(&bad["errors"][0]), "VALIDATION");

        let erased = app.data(ERASE, json!({ "e": "Noor@Example.org" })).await;
        assert_eq!(erased["eraseSurveyRespondent"]["answers"], 2);
        assert!(answers_of(&app, "noor@example.org").await.is_empty(), "the address is nowhere");
        let rows = survey_response::Entity::find().all(&app.db).await.expect("answers");
        assert_eq!(rows.len(), 1, "the unconfirmed answer went, the confirmed one stayed");
        let kept = &rows[0];
        assert!(kept.email.is_none() && kept.partner_id.is_none() && kept.account_id.is_none());
        assert!(!kept.may_contact && !kept.publish_text, "no wish to talk, nothing to publish");
        assert!(kept.answers.0.iter().all(|a| a.text.is_none()), "its own words went: they may name people");
        assert_eq!(kept.answers.0.len(), 4, "its choices, scale and scores stay");
        assert_eq!(counted(&app, &first).await, (1, 0), "the anonymous answer still counts");
        assert_eq!(counted(&app, &second).await, (0, 0));
        assert_eq!(
            entities::mail_outbox::Entity::find().all(&app.db).await.expect("rows").iter().filter(|r| r.survey_response_id.is_some()).count(),
            0,
            "no message names an answer of the address any more, not even one sent (its Message-ID is in the mailbox)"
        );
        assert!(kept.confirm_token_hash.is_none() && kept.confirm_token_expires_at.is_none());

        // The erasure is audited, naming no record; an address nobody answered with erases nothing.
        let audit = app.data("{ auditLog(filter: { action: \"eraseSurveyRespondent\" }) { nodes { action subjectId } } }", json!({})).await;
        assert_eq!(audit["auditLog"]["nodes"].as_array().expect("entries").len(), 1);
        assert_eq!(audit["auditLog"]["nodes"][0]["subjectId"], serde_json::Value::Null);
        let none = app.data(ERASE, json!({ "e": "niemand@example.org" })).await;
        assert_eq!(none["eraseSurveyRespondent"]["answers"], 0);
    }
}
