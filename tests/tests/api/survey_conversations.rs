//! From the survey to the conversations: the team lists the respondents who agreed to be contacted,
//! filtered by stakeholder type, city and answer, and invites them to an interview or a focus group in one
//! step; a partner's members and an address each get the invitation once, the address with a partner
//! profile proposed first, filled in with what its answer says.

use super::surveys::{ANSWER, BY_EMAIL, CONFIRM, answer, by_email, member, open_survey, scores};
use lode_tests::{Mailing, code_of, db_tests};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

/// How long a test waits for the messages it expects.
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

const CONTACTS: &str = "query($id: ID!, $f: SurveyContactFilter) { survey(id: $id) { contacts(filter: $f) { id email stakeholderType city partner { name } } } }";
const INVITE: &str = "mutation($s: ID!, $e: ID!, $r: [ID!]!) { inviteSurveyRespondents(input: { surveyId: $s, eventId: $e, respondentIds: $r }) { invited } }";

/// Who a list of contacts names: the partner's name or the address.
fn named(data: &Value) -> Vec<String> {
    data["survey"]["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| {
            c["partner"]["name"]
                .as_str()
                .or(c["email"].as_str())
                .expect("a name or an address")
                .to_owned()
        })
        .collect()
}

db_tests! {
    spawn or skip with Mailing::start;

    async fn respondents_who_agreed_are_listed_by_answer_type_and_city_and_invited_to_a_conversation_once(m) {
        let Mailing { smtp, app } = &m;
        let d = app.value_domain("Mobiliteit").await;
        let s = open_survey(app, &[&d], 1).await;
        // A company in Ghent that chose the first option and may be contacted; one that may not.
        let willing = member(app, "Databedrijf", "COMPANY", "GENT").await;
        let mut given = answer(&s, 0, &[0], 4, None, json!([scores(&d, Some(4), None, None)]));
        given["input"]["mayContact"] = json!(true);
        app.data_as(Some(&willing), ANSWER, given).await;
        let unwilling = member(app, "Stil bedrijf", "COMPANY", "GENT").await;
        app.data_as(Some(&unwilling), ANSWER, answer(&s, 0, &[0], 4, None, json!([]))).await;
        // A citizen of Bruges with an address, who chose the second option, may be contacted and confirmed.
        let mut citizen = by_email(&s, "burger@example.org", &d, 3, "NL");
        citizen["input"]["mayContact"] = json!(true);
        citizen["input"]["answers"][0]["choices"] = json!([1]);
        app.data_as(None, BY_EMAIL, citizen).await;
        let token = smtp.wait_for(1, WAIT).await[0].link_token("bevraging-bevestigen");
        app.data_as(None, CONFIRM, json!({ "t": token })).await;
        // Another address that may be contacted but never confirmed: not a contact.
        let mut waiting = by_email(&s, "wacht@example.org", &d, 3, "NL");
        waiting["input"]["mayContact"] = json!(true);
        app.data_as(None, BY_EMAIL, waiting).await;
        app.wait_for_mail(WAIT).await;

        let all = app.data(CONTACTS, json!({ "id": s.id })).await;
        assert_eq!(named(&all), ["Databedrijf", "burger@example.org"], "those who agreed and count, in the order they answered");
        let citizens = app.data(CONTACTS, json!({ "id": s.id, "f": { "stakeholderType": ["CITIZEN"] } })).await;
        assert_eq!(named(&citizens), ["burger@example.org"]);
        let ghent = app.data(CONTACTS, json!({ "id": s.id, "f": { "city": ["GENT"] } })).await;
        assert_eq!(named(&ghent), ["Databedrijf"]);
        let chose_first = app.data(CONTACTS, json!({ "id": s.id, "f": { "questionId": s.q[0], "choices": [0] } })).await;
        assert_eq!(named(&chose_first), ["Databedrijf"]);
        let half = app.graphql(CONTACTS, json!({ "id": s.id, "f": { "questionId": s.q[0] } })).await;
        assert_eq!(code_of(&half["errors"][0]), "VALIDATION");
        // Nobody but the team reads them.
        let public = app.data_as(None, CONTACTS, json!({ "id": s.id })).await;
        assert_eq!(public["survey"]["contacts"], Value::Null);
        let partner = app.data_as(Some(&willing), CONTACTS, json!({ "id": s.id })).await;
        assert_eq!(partner["survey"]["contacts"], Value::Null);

        // A conversation: an interview, published and still to come.
        let interview = app.event("Gesprek <b>open data</b> & co", "2030-05-05T09:00:00Z", "2030-05-05T10:00:00Z", json!({ "format": "INTERVIEW" })).await;
        let ids: Vec<Value> = all["survey"]["contacts"].as_array().expect("contacts").iter().map(|c| c["id"].clone()).collect();
        let draft = app.graphql(INVITE, json!({ "s": s.id, "e": interview, "r": ids })).await;
        assert_eq!(code_of(&draft["errors"][0]), "VALIDATION", "a draft event is not yet a conversation to invite to");
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": interview })).await;
        let workshop = app.open_event("Workshop", 20).await;
        let wrong = app.graphql(INVITE, json!({ "s": s.id, "e": workshop, "r": ids })).await;
        assert_eq!(code_of(&wrong["errors"][0]), "VALIDATION", "a workshop is no conversation");

        let before = smtp.messages().len();
        let invited = app.data(INVITE, json!({ "s": s.id, "e": interview, "r": ids })).await;
        assert_eq!(invited["inviteSurveyRespondents"]["invited"], 2);
        let again = app.data(INVITE, json!({ "s": s.id, "e": interview, "r": ids })).await;
        assert_eq!(again["inviteSurveyRespondents"]["invited"], 0, "each is invited once");
        let messages = smtp.wait_for(before + 2, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages: Vec<_> = messages.into_iter().skip(before).collect();
        assert_eq!(smtp.messages().len(), before + 2, "one message each, however often the team asks");
        let to_partner = messages.iter().find(|m| m.to() == ["databedrijf@lode.test"]).expect("the partner's member is invited");
        assert_eq!(to_partner.subject(), Some("Uitnodiging voor een gesprek: Gesprek <b>open data</b> & co"));
        assert!(!to_partner.text().expect("a text").contains("word-partner"), "a partner needs no profile");
        let to_citizen = messages.iter().find(|m| m.to() == ["burger@example.org"]).expect("the address is invited");
        let text = to_citizen.text().expect("a text");
        assert!(text.contains("#/word-partner?type=CITIZEN&stad=BRUGGE"), "a partner profile is proposed, filled in: {text}");
        assert!(text.contains("#/events/"), "the conversation's page: {text}");
        let html = to_citizen.html().expect("an HTML part");
        assert!(html.contains("met dit adres beantwoordde") && !html.contains("je organisatie partner is"), "the footer says why the address hears from LODE: {html}");
        assert!(to_partner.html().expect("an HTML part").contains("je organisatie de bevraging beantwoordde"));
        assert!(html.contains("Gesprek &lt;b&gt;open data&lt;&#x2f;b&gt; &amp; co") && !html.contains("<b>open data"), "the title is escaped in HTML: {html}");

        // A partner that withdraws its wish to be contacted hears of no later conversation.
        let mut withdrawn = answer(&s, 0, &[0], 4, None, json!([scores(&d, Some(4), None, None)]));
        withdrawn["input"]["mayContact"] = json!(false);
        let focus = app.event("Focusgroep", "2030-06-06T09:00:00Z", "2030-06-06T10:00:00Z", json!({ "format": "FOCUS_GROUP" })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": focus })).await;
        // Invited while it still agreed, withdrawn before the message went: the message is dropped.
        app.stop_relay().await;
        app.data(INVITE, json!({ "s": s.id, "e": focus, "r": [ids[0].clone()] })).await;
        app.data_as(Some(&willing), ANSWER, withdrawn).await;
        let composer = lode_api::mail::compose::Composer::new("LODE <lode@example.org>", "http://localhost:8080/", std::time::Duration::from_secs(3600)).expect("a composer");
        let waiting: Vec<_> = entities::mail_outbox::Entity::find().all(&app.db).await.expect("rows").into_iter().filter(|r| r.kind == "conversation_invitation" && r.sent_at.is_none()).collect();
        assert_eq!(waiting.len(), 1, "the invitation waits");
        assert!(
            matches!(composer.compose(&app.db, &waiting[0]).await.expect("composed"), lode_api::mail::compose::Composed::Drop(_)),
            "a partner that no longer asks to be contacted is not written to"
        );
        let after = app.data(CONTACTS, json!({ "id": s.id })).await;
        assert_eq!(named(&after), ["burger@example.org"], "nor listed");

        // Someone not among the contacts is refused, and the invitations are audited on the survey.
        let unknown = app.graphql(INVITE, json!({ "s": s.id, "e": interview, "r": [lode_api::graphql::ids::encode(lode_api::graphql::ids::Kind::SurveyContact, uuid::Uuid::now_v7())] })).await;
        assert_eq!(code_of(&unknown["errors"][0]), "VALIDATION");
        let audit = app.data("{ auditLog(filter: { action: \"inviteSurveyRespondents\" }) { totalCount } }", json!({})).await;
        assert_eq!(audit["auditLog"]["totalCount"], 3);
        let odd = app.graphql(CONTACTS, json!({ "id": s.id, "f": { "questionId": s.q[2], "choices": [0] } })).await;
        assert_eq!(code_of(&odd["errors"][0]), "VALIDATION", "a scale question is not filtered on by option");
    }
}
