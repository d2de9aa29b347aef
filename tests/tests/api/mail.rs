//! E-mail through the outbox, received by a real SMTP server (aiosmtpd, `lode_tests::smtp`): every message
//! once, to the right members, in their language, with its attachment; the waitlist's promotion; event
//! changes and cancellations; reminders (also across a restart); one-click unsubscribe; an SMTP server that
//! is down, refuses or asks to try later; two processes sharing the outbox; an erased partner; invitations
//! to pilot cases and their answers (to the team), a partner's approval or refusal, a published story.

use chrono::{Duration as Span, Utc};
use lode_api::mail::outbox;
use lode_tests::smtp::{Received, addressed_to};
use lode_tests::{Mailing, TestApp, code_of, db_tests, uuid_of};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

const REGISTER: &str = "mutation($e: ID!, $p: ID, $people: [String!]) { registerForEvent(input: { eventId: $e, partnerId: $p, people: $people }) { registration { id status code } } }";
const CANCEL: &str =
    "mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { status } } }";
const PREFERENCES: &str = "mutation($input: SetMailPreferencesInput!) { setMailPreferences(input: $input) { language topics { topic on } } }";
const INVITE: &str = "mutation($c: ID!, $p: ID!, $role: MemberRole!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: $role }) { member { id } } }";
const ANSWER: &str = "mutation($id: ID!, $status: MemberStatus!) { updatePilotCaseMember(input: { id: $id, status: $status }) { member { status } } }";
const WITHDRAW: &str =
    "mutation($id: ID!) { withdrawInvitation(input: { id: $id }) { member { status } } }";
const UPDATE_VENUE: &str = "mutation($id: ID!, $venue: String) { updateEvent(input: { id: $id, venue: $venue }) { event { id } } }";

/// How long a test waits for messages it expects.
const WAIT: Duration = Duration::from_secs(30);

/// A partner with members (address, language), returning the partner's id and the members' tokens.
async fn partner_with(
    app: &TestApp,
    name: &str,
    members: &[(&str, &str)],
) -> (String, Vec<String>) {
    let partner = app.approved_partner(name, "COMPANY").await;
    let mut tokens = Vec::new();
    for (email, language) in members {
        let token = app
            .account(email, entities::values::Role::Partner, &[], Some(&partner))
            .await;
        app.data_as(
            Some(&token),
            PREFERENCES,
            json!({ "input": { "language": language } }),
        )
        .await;
        tokens.push(token);
    }
    (partner, tokens)
}

/// A published event starting in ten days, with these seats, at De Krook.
async fn event(app: &TestApp, title: &str, capacity: i32) -> String {
    let starts = Utc::now() + Span::days(10);
    published(app, title, starts, capacity).await
}

/// A published event starting at `starts`, for two hours.
async fn published(
    app: &TestApp,
    title: &str,
    starts: chrono::DateTime<Utc>,
    capacity: i32,
) -> String {
    let event = app
        .event(
            title,
            &starts.to_rfc3339(),
            &(starts + Span::hours(2)).to_rfc3339(),
            json!({ "capacity": capacity, "venue": "De Krook" }),
        )
        .await;
    app.data(
        "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }",
        json!({ "id": event }),
    )
    .await;
    event
}

async fn register(app: &TestApp, event: &str, partner: &str, people: &[&str]) -> Value {
    app.data(
        REGISTER,
        json!({ "e": event, "p": partner, "people": people }),
    )
    .await["registerForEvent"]["registration"]
        .clone()
}

fn subjects(messages: &[Received]) -> Vec<String> {
    let mut all: Vec<String> = messages
        .iter()
        .map(|m| m.subject().unwrap_or_default().to_owned())
        .collect();
    all.sort();
    all
}

/// Sets an account's language (the test admin's too, through its own token).
async fn speaks(app: &TestApp, token: &str, language: &str) {
    app.data_as(
        Some(token),
        PREFERENCES,
        json!({ "input": { "language": language } }),
    )
    .await;
}

/// A pilot case in Ghent, with its global id and slug.
async fn case_in_ghent(app: &TestApp, title: &str) -> (String, String) {
    let domain = app.value_domain(&format!("Domein van {title}")).await;
    let case = app.pilot_case(title, &domain).await;
    let found = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on PilotCase { slug } } }",
            json!({ "id": case }),
        )
        .await;
    let slug = found["node"]["slug"].as_str().expect("a slug").to_owned();
    (case, slug)
}

async fn invite(app: &TestApp, case: &str, partner: &str, role: &str) -> String {
    let data = app
        .data(INVITE, json!({ "c": case, "p": partner, "role": role }))
        .await;
    data["invitePartnerToCase"]["member"]["id"]
        .as_str()
        .expect("a membership")
        .to_owned()
}

/// A pending partner (as after signing up) with members, returning its id.
async fn pending_partner(app: &TestApp, name: &str, members: &[(&str, &str)]) -> String {
    let data = app
        .data(
            "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
            json!({ "input": { "name": name, "stakeholderType": "CITIZEN" } }),
        )
        .await;
    let partner = data["createPartner"]["partner"]["id"]
        .as_str()
        .expect("a partner")
        .to_owned();
    for (email, language) in members {
        let token = app
            .account(email, entities::values::Role::Partner, &[], Some(&partner))
            .await;
        speaks(app, &token, language).await;
    }
    partner
}

db_tests! {
    spawn or skip with Mailing::start;

    async fn an_invitation_tells_the_partner_s_members_and_their_answer_the_team_of_the_case(m) {
        let Mailing { smtp, app } = &m;
        use entities::values::{City, Role};
        let (partner, tokens) = partner_with(app, "Parkeerdata", &[("an@parkeer.test", "NL"), ("bo@parkeer.test", "EN")]).await;
        partner_with(app, "Niet uitgenodigd", &[("lid@niet.test", "NL")]).await;
        let gent = app.account("coord@gent.test", Role::Coordinator, &[City::Gent], None).await;
        let brugge = app.account("coord@brugge.test", Role::Coordinator, &[City::Brugge], None).await;
        speaks(app, &gent, "NL").await;
        speaks(app, &brugge, "NL").await;
        speaks(app, &app.admin_token, "EN").await;
        let (case, slug) = case_in_ghent(app, "Slimme <parking>").await;
        let member = invite(app, &case, &partner, "DATA_PROVIDER").await;

        smtp.wait_for(2, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 2, "{:?}", subjects(&messages));
        let dutch = &addressed_to(&messages, "an@parkeer.test")[0];
        let english = &addressed_to(&messages, "bo@parkeer.test")[0];
        assert_eq!(dutch.subject(), Some("Uitnodiging: Slimme <parking>"));
        assert_eq!(english.subject(), Some("Invitation: Slimme <parking>"));
        let text = dutch.text().unwrap_or_default();
        assert!(text.contains("Hallo Parkeerdata,") && text.contains("als Dataleverancier"), "{text}");
        assert!(text.contains("Zeg ja of nee in Mijn LODE: http://lode.test/#/mijn"), "{text}");
        assert!(text.contains(&format!("http://lode.test/#/cases/{slug}")), "{text}");
        assert!(english.text().unwrap_or_default().contains("as Data provider"));
        let html = english.html().unwrap_or_default();
        assert!(html.contains("Slimme &lt;parking&gt;") && !html.contains("<parking>"), "escaped: {html}");
        // Invitations are a topic one may turn off.
        assert!(dutch.header("List-Unsubscribe").is_some());

        // The partner answers: the team of the case hears of it (the admin and Ghent's coordinator), the
        // partner's members and Bruges' coordinator do not.
        app.data_as(Some(&tokens[1]), ANSWER, json!({ "id": member, "status": "ACCEPTED" })).await;
        smtp.wait_for(4, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 4, "{:?}", subjects(&messages));
        assert!(addressed_to(&messages, "lid@niet.test").is_empty());
        assert!(addressed_to(&messages, "coord@brugge.test").is_empty(), "not Bruges' case");
        assert_eq!(addressed_to(&messages, "an@parkeer.test").len(), 1);
        let coordinator = &addressed_to(&messages, "coord@gent.test")[0];
        let admin = &addressed_to(&messages, "admin@lode.test")[0];
        assert_eq!(coordinator.subject(), Some("Doet mee: Parkeerdata – Slimme <parking>"));
        assert_eq!(admin.subject(), Some("Taking part: Parkeerdata – Slimme <parking>"));
        let text = coordinator.text().unwrap_or_default();
        assert!(text.starts_with("Hallo,") && !text.contains("Hallo Parkeerdata"), "no partner to greet: {text}");
        assert!(text.contains(&format!("http://lode.test/#/team/cases/{slug}")), "{text}");
        assert!(text.contains("projectteam") && !text.contains("je organisatie partner is"), "the team's footer: {text}");
        let html = admin.html().unwrap_or_default();
        assert!(html.contains("on the project team") && !html.contains("your organisation is a partner"), "{html}");
        assert!(admin.header("List-Unsubscribe").is_some());

        // Leaving later is an answer too; a coordinator who records it is not told what they did.
        app.data_as(Some(&gent), ANSWER, json!({ "id": member, "status": "DECLINED" })).await;
        smtp.wait_for(5, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 5, "{:?}", subjects(&messages));
        assert_eq!(subjects(&addressed_to(&messages, "admin@lode.test")), ["Declined: Parkeerdata – Slimme <parking>", "Taking part: Parkeerdata – Slimme <parking>"]);
        assert_eq!(addressed_to(&messages, "coord@gent.test").len(), 1);
    }

    async fn a_withdrawn_or_renewed_invitation_sends_only_what_still_stands(m) {
        let Mailing { mut smtp, app } = m;
        let (withdrawn, _) = partner_with(&app, "Ingetrokken", &[("weg@ingetrokken.test", "NL")]).await;
        let (renewed, _) = partner_with(&app, "Opnieuw", &[("nog@opnieuw.test", "EN")]).await;
        let (case, _) = case_in_ghent(&app, "Wachtende case").await;
        smtp.stop();
        let member = invite(&app, &case, &withdrawn, "LEAD").await;
        app.data(WITHDRAW, json!({ "id": member })).await;
        let again = invite(&app, &case, &renewed, "LEAD").await;
        app.data(WITHDRAW, json!({ "id": again })).await;
        invite(&app, &case, &renewed, "END_USER").await;
        smtp.restart();
        smtp.wait_for(1, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1, "{:?}", subjects(&messages));
        assert_eq!(messages[0].envelope_to, ["nog@opnieuw.test"]);
        assert!(messages[0].text().unwrap_or_default().contains("as End user"), "the invitation that stands");
    }

    async fn an_approval_and_a_refusal_tell_the_partner_s_members_whatever_they_turned_off(m) {
        let Mailing { smtp, app } = &m;
        let approved = pending_partner(app, "Goedgekeurd", &[("ja@goed.test", "NL"), ("yes@goed.test", "EN")]).await;
        let refused = pending_partner(app, "Geweigerd bv", &[("nee@geweigerd.test", "EN")]).await;
        pending_partner(app, "Wacht nog", &[("wacht@nog.test", "NL")]).await;
        let all_off = json!({ "input": { "topicsOff": ["REMINDERS", "EVENT_UPDATES", "CASES", "STORIES", "DIGEST"] } });
        let token = app.account("stil@goed.test", entities::values::Role::Partner, &[], Some(&approved)).await;
        app.data_as(Some(&token), PREFERENCES, all_off).await;
        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }", json!({ "id": approved })).await;
        app.data("mutation($id: ID!, $reason: String!) { refusePartner(input: { id: $id, reason: $reason }) { partner { status } } }",
            json!({ "id": refused, "reason": "Geen open data in jullie plan <yet>" })).await;
        smtp.wait_for(4, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 4, "{:?}", subjects(&messages));
        assert!(addressed_to(&messages, "wacht@nog.test").is_empty());
        assert_eq!(addressed_to(&messages, "ja@goed.test")[0].subject(), Some("Welkom bij LODE: Goedgekeurd is goedgekeurd"));
        assert_eq!(addressed_to(&messages, "yes@goed.test")[0].subject(), Some("Welcome to LODE: Goedgekeurd is approved"));
        assert_eq!(addressed_to(&messages, "stil@goed.test").len(), 1, "an approval has no topic to turn off");
        let welcome = &addressed_to(&messages, "yes@goed.test")[0];
        assert!(welcome.text().unwrap_or_default().contains("http://lode.test/#/partners/goedgekeurd"), "{:?}", welcome.text());
        assert_eq!(welcome.header("List-Unsubscribe"), None);
        let refusal = &addressed_to(&messages, "nee@geweigerd.test")[0];
        assert_eq!(refusal.subject(), Some("Your application to LODE: Geweigerd bv"));
        assert!(refusal.text().unwrap_or_default().contains("Geen open data in jullie plan <yet>"));
        assert!(refusal.html().unwrap_or_default().contains("Geen open data in jullie plan &lt;yet&gt;"));
        assert_eq!(refusal.header("List-Unsubscribe"), None);
    }

    async fn a_published_story_tells_the_partner_that_submitted_it_once(m) {
        let Mailing { smtp, app } = &m;
        let (_, tokens) = partner_with(app, "Verteller", &[("schrijf@verteller.test", "NL"), ("write@verteller.test", "EN")]).await;
        let (other, _) = partner_with(app, "Meegenoemd", &[("ook@meegenoemd.test", "NL")]).await;
        let submitted = app.data_as(Some(&tokens[0]),
            "mutation($input: CreateSuccessStoryInput!) { submitSuccessStory(input: $input) { successStory { id slug } } }",
            json!({ "input": { "title": "Minder fijnstof", "summary": "Sensoren", "partnerIds": [other] } })).await;
        let story = submitted["submitSuccessStory"]["successStory"].clone();
        let status = "mutation($id: ID!, $s: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $s }) { successStory { status } } }";
        // A story the team wrote tells nobody.
        let own = app.data("mutation { createSuccessStory(input: { title: \"Van het team\", partnerIds: [] }) { successStory { id } } }", json!({})).await;
        let own = own["createSuccessStory"]["successStory"]["id"].clone();
        app.data(status, json!({ "id": own, "s": "IN_REVIEW" })).await;
        app.data(status, json!({ "id": own, "s": "PUBLISHED" })).await;
        app.data(status, json!({ "id": story["id"], "s": "PUBLISHED" })).await;
        smtp.wait_for(2, WAIT).await;
        // Taken back and published again: nobody is told twice.
        app.data(status, json!({ "id": story["id"], "s": "DRAFT" })).await;
        app.data(status, json!({ "id": story["id"], "s": "IN_REVIEW" })).await;
        app.data(status, json!({ "id": story["id"], "s": "PUBLISHED" })).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 2, "{:?}", subjects(&messages));
        assert!(addressed_to(&messages, "ook@meegenoemd.test").is_empty(), "only the partner that submitted it");
        assert_eq!(addressed_to(&messages, "schrijf@verteller.test")[0].subject(), Some("Gepubliceerd: Minder fijnstof"));
        let english = &addressed_to(&messages, "write@verteller.test")[0];
        assert_eq!(english.subject(), Some("Published: Minder fijnstof"));
        let slug = story["slug"].as_str().expect("a slug");
        assert!(english.text().unwrap_or_default().contains(&format!("http://lode.test/#/verhalen/{slug}")));
        assert!(english.header("List-Unsubscribe").is_some(), "stories are a topic");
    }

    async fn a_confirmation_reaches_every_member_once_in_their_language_with_the_door_code_and_the_event(m) {
        let Mailing { smtp, app } = &m;
        let (partner, _) = partner_with(app, "Data & Co", &[("an@dataco.test", "NL"), ("bo@dataco.test", "EN")]).await;
        let event = event(app, "Open data <café>", 10).await;
        let registration = register(app, &event, &partner, &["An", "Bo"]).await;
        assert_eq!(registration["status"], "CONFIRMED");
        let code = registration["code"].as_str().expect("a door code").to_owned();

        smtp.wait_for(2, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 2, "{:?}", subjects(&messages));
        let dutch = &addressed_to(&messages, "an@dataco.test")[0];
        let english = &addressed_to(&messages, "bo@dataco.test")[0];
        assert_eq!(dutch.subject(), Some("Ingeschreven: Open data <café>"));
        assert_eq!(english.subject(), Some("Registered: Open data <café>"));
        assert_eq!(dutch.to(), ["an@dataco.test"]);
        for message in [dutch, english] {
            let text = message.text().expect("a plain text part");
            assert!(text.contains(&code), "{text}");
            assert!(text.contains("An, Bo"), "the people coming: {text}");
            let html = message.html().expect("an HTML part");
            assert!(html.contains(&code));
            assert!(html.contains("Open data &lt;café&gt;"), "escaped in HTML: {html}");
            assert!(!html.contains("<café>"));
            // A door code is a message one cannot turn off: no unsubscribe link.
            assert_eq!(message.header("List-Unsubscribe"), None);
            let attachments = message.attachments();
            let calendar = attachments.iter().find(|a| a.content_type == "text/calendar").expect("an .ics attachment");
            let text = std::str::from_utf8(calendar.bytes).expect("UTF-8");
            let parsed: icalendar::Calendar = text.parse().expect("the .ics parses");
            let entry = parsed.components.iter().find_map(|c| c.as_event()).expect("an event");
            use icalendar::Component;
            assert_eq!(entry.get_summary(), Some("Open data <café>"));
            assert!(entry.get_description().is_some_and(|d| d.contains(&code)), "the door code in the calendar");
        }
        assert!(dutch.text().unwrap_or_default().contains("Wanneer:"));
        assert!(english.text().unwrap_or_default().contains("When:"));
        // Times in Brussels, in the reader's language: the Dutch weekday names are lower case.
        assert!(["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"].iter().any(|d| dutch.text().unwrap_or_default().contains(d)));
    }

    async fn a_cancellation_promotes_the_waiting_party_with_exactly_one_message(m) {
        let Mailing { smtp, app } = &m;
        let (first, _) = partner_with(app, "Eerste", &[("een@eerste.test", "NL")]).await;
        let (second, _) = partner_with(app, "Tweede", &[("twee@tweede.test", "EN")]).await;
        let event = event(app, "Kleine zaal", 1).await;
        let seated = register(app, &event, &first, &["Els"]).await;
        let waiting = register(app, &event, &second, &["Wim"]).await;
        assert_eq!(waiting["status"], "WAITLISTED");
        smtp.wait_for(2, WAIT).await;
        app.data(CANCEL, json!({ "id": seated["id"] })).await;
        smtp.wait_for(4, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(subjects(&addressed_to(&messages, "een@eerste.test")), ["Ingeschreven: Kleine zaal", "Inschrijving geannuleerd: Kleine zaal"]);
        assert_eq!(subjects(&addressed_to(&messages, "twee@tweede.test")), ["On the waitlist: Kleine zaal", "You have a seat: Kleine zaal"]);
        let waitlisted = addressed_to(&messages, "twee@tweede.test").into_iter().find(|m| m.subject() == Some("On the waitlist: Kleine zaal")).expect("the waitlist message");
        assert!(waitlisted.text().unwrap_or_default().contains("in place 1"));
        assert!(waitlisted.attachments().is_empty(), "no door code, no calendar while waiting");
        let promoted = addressed_to(&messages, "twee@tweede.test").into_iter().find(|m| m.subject() == Some("You have a seat: Kleine zaal")).expect("the promotion");
        assert_eq!(promoted.attachments().len(), 1, "the door code's calendar");
    }

    async fn signing_up_again_after_cancelling_schedules_one_reminder_and_a_moved_event_reconsiders_it(m) {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let Mailing { smtp, app } = &m;
        let (partner, _) = partner_with(app, "Twijfelaar", &[("ik@twijfel.test", "NL")]).await;
        let event = event(app, "Twijfel", 10).await;
        let first = register(app, &event, &partner, &["Ik"]).await;
        app.data(CANCEL, json!({ "id": first["id"] })).await;
        register(app, &event, &partner, &["Ik"]).await;
        // The first confirmation may find its seats cancelled already when it is composed, and be dropped.
        smtp.wait_for(2, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let before = smtp.messages().len();
        let open_reminders = || async {
            entities::mail_outbox::Entity::find()
                .filter(entities::mail_outbox::Column::Kind.eq("event_reminder"))
                .filter(entities::mail_outbox::Column::SentAt.is_null())
                .filter(entities::mail_outbox::Column::DroppedAt.is_null())
                .all(&app.db).await.expect("rows")
        };
        let reminders = open_reminders().await;
        assert_eq!(reminders.len(), 1, "the cancelled seating's reminder was dropped");
        let due = reminders[0].due_at;
        assert!(due > Utc::now() + Span::days(8), "a day before the event, ten days off");
        // The event moves two days earlier: its reminder is due a day before the new time.
        let starts = Utc::now() + Span::days(8);
        app.data("mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateEvent(input: { id: $id, startsAt: $s, endsAt: $e }) { event { id } } }",
            json!({ "id": event, "s": starts.to_rfc3339(), "e": (starts + Span::hours(2)).to_rfc3339() })).await;
        smtp.wait_for(before + 1, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let reminders = open_reminders().await;
        assert_eq!(reminders.len(), 1);
        let expected = starts - Span::days(1);
        assert!((reminders[0].due_at - expected).num_seconds().abs() <= 1, "{} is not {expected}", reminders[0].due_at);
    }

    async fn a_moved_or_cancelled_event_tells_those_registered_what_changed(m) {
        let Mailing { smtp, app } = &m;
        let (partner, _) = partner_with(app, "Verhuisd", &[("lid@verhuisd.test", "NL")]).await;
        let (_, _) = partner_with(app, "Niet ingeschreven", &[("lid@niet.test", "NL")]).await;
        let event = event(app, "Verhuisd event", 10).await;
        register(app, &event, &partner, &["Lid"]).await;
        smtp.wait_for(1, WAIT).await;
        // A change to its description tells nobody; a new venue does.
        app.data("mutation($id: ID!) { updateEvent(input: { id: $id, description: \"Meer uitleg\" }) { event { id } } }", json!({ "id": event })).await;
        app.data(UPDATE_VENUE, json!({ "id": event, "venue": "Het Pand" })).await;
        smtp.wait_for(2, WAIT).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: CANCELLED }) { event { status } } }", json!({ "id": event })).await;
        smtp.wait_for(3, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert!(addressed_to(&messages, "lid@niet.test").is_empty(), "only those registered hear of it");
        assert_eq!(subjects(&messages), ["Afgelast: Verhuisd event", "Gewijzigd: Verhuisd event", "Ingeschreven: Verhuisd event"]);
        let changed = messages.iter().find(|m| m.subject() == Some("Gewijzigd: Verhuisd event")).expect("the change");
        let text = changed.text().unwrap_or_default();
        assert!(text.contains("Was: De Krook") && text.contains("Nu: Het Pand"), "old and new: {text}");
        let link = changed.header("List-Unsubscribe").expect("a change can be turned off");
        assert!(link.starts_with("<http://lode.test/mail/unsubscribe?"), "{link}");
        assert_eq!(changed.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    }

    async fn the_one_click_link_turns_off_its_topic_for_its_member_only_without_signing_in(m) {
        let Mailing { smtp, app } = &m;
        let (partner, tokens) = partner_with(app, "Afmelder", &[("weg@afmelder.test", "NL"), ("blijft@afmelder.test", "NL")]).await;
        let event = event(app, "Afmeldbaar", 10).await;
        register(app, &event, &partner, &["A"]).await;
        app.data(UPDATE_VENUE, json!({ "id": event, "venue": "Zaal 1" })).await;
        smtp.wait_for(4, WAIT).await;
        let change = addressed_to(&smtp.messages(), "weg@afmelder.test").into_iter().find(|m| m.subject().is_some_and(|s| s.starts_with("Gewijzigd"))).expect("a change");
        let link = change.header("List-Unsubscribe").expect("a link");
        let link = link.trim_start_matches('<').trim_end_matches('>').replace("http://lode.test", &app.address);
        // In the HTML part too, as an attribute's escaped value (minijinja escapes `/` and `&`).
        let html = change.html().unwrap_or_default().replace("&#x2f;", "/").replace("&amp;", "&");
        assert!(html.contains(&format!("href=\"{}\"", link.replace(&app.address, "http://lode.test"))), "{html}");

        // Opening the link (or a scanner following it) turns nothing off: it asks.
        let opened = app.client.get(&link).send().await.expect("an answer");
        assert_eq!(opened.status(), 200);
        assert!(opened.text().await.unwrap_or_default().contains("<form method=\"post\">"));
        let prefs = "{ mailPreferences { topics { topic on } } }";
        let on = |data: &Value| data["mailPreferences"]["topics"].as_array().expect("topics").iter().find(|t| t["topic"] == "EVENT_UPDATES").map(|t| t["on"].clone());
        assert_eq!(on(&app.data_as(Some(&tokens[0]), prefs, json!({})).await), Some(json!(true)));
        // A forged token turns nothing off.
        let forged = app.client.post(link.replace("token=", "token=x")).body("List-Unsubscribe=One-Click").send().await.expect("an answer");
        assert_eq!(forged.status(), 400);
        assert_eq!(on(&app.data_as(Some(&tokens[0]), prefs, json!({})).await), Some(json!(true)));
        // The one click, as a mail client sends it (RFC 8058).
        let clicked = app.client.post(&link)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click").send().await.expect("an answer");
        assert_eq!(clicked.status(), 200);
        assert_eq!(on(&app.data_as(Some(&tokens[0]), prefs, json!({})).await), Some(json!(false)));
        assert_eq!(on(&app.data_as(Some(&tokens[1]), prefs, json!({})).await), Some(json!(true)), "only the link's member");

        app.data(UPDATE_VENUE, json!({ "id": event, "venue": "Zaal 2" })).await;
        smtp.wait_for(5, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(addressed_to(&messages, "weg@afmelder.test").len(), 2, "no more changes to the member who left");
        assert_eq!(addressed_to(&messages, "blijft@afmelder.test").len(), 3);
    }

    async fn with_the_smtp_server_down_a_thousand_changes_make_a_thousand_messages_once_it_is_back(m) {
        let Mailing { mut smtp, app } = m;
        let (partner, _) = partner_with(&app, "Geduldig", &[("wacht@geduldig.test", "NL")]).await;
        let event = event(&app, "Vaak verhuisd", 10).await;
        register(&app, &event, &partner, &["W"]).await;
        smtp.wait_for(1, WAIT).await;
        // The server keeps a message before its relay hears it was accepted: stopped in between, the relay
        // would send it again. Stopped once the relay recorded it.
        app.wait_for_mail(WAIT).await;
        smtp.stop();
        for n in 0..1000 {
            app.data(UPDATE_VENUE, json!({ "id": event, "venue": format!("Zaal {n}") })).await;
        }
        let waiting = app.data("{ mailStatus { pending failed } }", json!({})).await;
        assert!(waiting["mailStatus"]["pending"].as_u64().is_some_and(|p| p > 0), "{waiting}");
        smtp.restart();
        smtp.wait_for(1001, Duration::from_secs(120)).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1001);
        let ids: HashSet<String> = messages.iter().filter_map(|m| m.header("Message-ID")).collect();
        assert_eq!(ids.len(), 1001, "none twice");
        let status = app.data("{ mailStatus { pending failed } }", json!({})).await;
        assert_eq!(status["mailStatus"], json!({ "pending": 0, "failed": 0 }));
    }

    async fn two_processes_on_one_database_never_both_send_a_message(m) {
        let Mailing { smtp, app } = &m;
        let beside = app.spawn_beside().await;
        let (partner, _) = partner_with(app, "Gedeeld", &[("een@gedeeld.test", "NL"), ("twee@gedeeld.test", "EN")]).await;
        let event = event(app, "Gedeeld event", 10).await;
        register(app, &event, &partner, &["G"]).await;
        for n in 0..150 {
            let server = if n % 2 == 0 { app } else { &beside };
            server.data(UPDATE_VENUE, json!({ "id": event, "venue": format!("Zaal {n}") })).await;
        }
        smtp.wait_for(302, Duration::from_secs(60)).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        let ids: HashSet<String> = messages.iter().filter_map(|m| m.header("Message-ID")).collect();
        assert_eq!((messages.len(), ids.len()), (302, 302));
    }

    async fn a_refused_message_is_set_aside_and_one_asked_to_wait_goes_later(m) {
        let Mailing { smtp, app } = &m;
        let (partner, _) = partner_with(app, "Geweigerd", &[("nee@geweigerd.test", "NL")]).await;
        let event = event(app, "Geweigerd event", 10).await;
        smtp.set_reply(Some("550 5.1.1 mailbox unavailable"));
        register(app, &event, &partner, &["N"]).await;
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let status = app.data("{ mailStatus { failed } }", json!({})).await;
            if status["mailStatus"]["failed"] == 1 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "set aside after repeated refusals: {status}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(smtp.messages().is_empty());
        // 4xx: tried again until the server takes it.
        smtp.set_reply(Some("451 4.3.0 try again later"));
        app.data(UPDATE_VENUE, json!({ "id": event, "venue": "Later" })).await;
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let asked = entities::mail_outbox::Entity::find()
                .filter(entities::mail_outbox::Column::LastError.eq("451"))
                .filter(entities::mail_outbox::Column::SentAt.is_null())
                .all(&app.db).await.expect("rows");
            if !asked.is_empty() {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the server was asked and said 451");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        smtp.set_reply(None);
        let messages = smtp.wait_for(1, WAIT).await;
        assert_eq!(messages[0].subject(), Some("Gewijzigd: Geweigerd event"));
        app.wait_for_mail(WAIT).await;
        assert_eq!(smtp.messages().len(), 1);
        // The team sees the status; a partner does not.
        let token = app.account("kijker@geweigerd.test", entities::values::Role::Partner, &[], Some(&partner)).await;
        let refused = app.graphql_as(Some(&token), "{ mailStatus { failed } }", json!({})).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN");
        let ready: Value = app.get("/ready").await.json().await.expect("JSON");
        assert_eq!(ready["mail"]["failed"], 1);
    }

    async fn the_daily_digest_tells_each_team_member_of_what_they_manage_and_nothing_when_there_is_nothing(m) {
        use entities::values::{City, Role};
        let Mailing { smtp, app } = &m;
        app.account("gent@stad.test", Role::Coordinator, &[City::Gent], None).await;
        app.account("brugge@stad.test", Role::Coordinator, &[City::Brugge], None).await;
        app.data(
            "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { status } } }",
            json!({ "input": { "name": "Nieuw in Gent", "stakeholderType": "COMPANY", "homeCity": "GENT" } }),
        )
        .await;
        // Yesterday's schedule: the digest it makes is due now (the relay keeps tomorrow's scheduled).
        let hour = chrono::NaiveTime::from_hms_opt(7, 0, 0).expect("a time");
        let written = outbox::schedule_digests(&app.db, Utc::now() - Span::days(1), hour).await.expect("scheduled");
        assert_eq!(written, 3, "the admin and both coordinators");
        smtp.wait_for(2, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        let mut recipients: Vec<String> = messages.iter().flat_map(|m| m.envelope_to.clone()).collect();
        recipients.sort();
        assert_eq!(recipients, ["admin@lode.test", "gent@stad.test"], "Bruges has nothing to hear of");
        let gent = &addressed_to(&messages, "gent@stad.test")[0];
        assert_eq!(gent.subject(), Some("Dagelijks overzicht van LODE"));
        let text = gent.text().unwrap_or_default();
        assert!(text.contains("Nieuwe partners ingeschreven: 1") && text.contains("Partners die wachten op goedkeuring: 1"), "{text}");
        assert!(gent.header("List-Unsubscribe").is_some(), "the digest can be turned off");
        assert!(!gent.html().unwrap_or_default().contains("partner is van LODE"), "a team member is told why as a team member");
        // Scheduling again writes nothing twice.
        assert_eq!(outbox::schedule_digests(&app.db, Utc::now() - Span::days(1), hour).await.expect("scheduled"), 0);
        // Today's schedule: tomorrow's digests wait.
        outbox::schedule_digests(&app.db, Utc::now(), hour).await.expect("scheduled");
        let status = app.data("{ mailStatus { scheduled } }", json!({})).await;
        assert_eq!(status["mailStatus"]["scheduled"], 3, "tomorrow's digests wait: {status}");
    }

    async fn an_erased_partner_receives_nothing_more(m) {
        let Mailing { mut smtp, app } = m;
        let (gone, _) = partner_with(&app, "Vertrokken", &[("weg@vertrokken.test", "NL")]).await;
        let (stays, _) = partner_with(&app, "Blijver", &[("hier@blijver.test", "NL")]).await;
        let event = event(&app, "Na het wissen", 10).await;
        smtp.stop();
        register(&app, &event, &gone, &["Weg"]).await;
        register(&app, &event, &stays, &["Hier"]).await;
        app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { storiesToReview { id } } }", json!({ "id": gone })).await;
        smtp.restart();
        smtp.wait_for(1, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].envelope_to, ["hier@blijver.test"]);
        let rows: Vec<entities::mail_outbox::Model> = {
            use sea_orm::EntityTrait;
            entities::mail_outbox::Entity::find().all(&app.db).await.expect("rows")
        };
        assert!(rows.iter().all(|r| r.account_id != Some(uuid_of(&gone))), "the erased partner's messages went with its accounts");
    }
}

db_tests! {
    spawn or skip with |backend| async move { Mailing::start_with(backend, |s| s.reminder_before = Duration::from_secs(3600)).await };

    async fn a_reminder_goes_before_the_event_even_after_a_restart(m) {
        let Mailing { smtp, app } = &m;
        let (partner, _) = partner_with(app, "Vergeetachtig", &[("ik@vergeet.test", "EN")]).await;
        // Starts just over an hour from now: the reminder (an hour before) is due in ten seconds.
        let starts = Utc::now() + Span::seconds(3600 + 10);
        let event = published(app, "Bijna", starts, 5).await;
        register(app, &event, &partner, &["Ik"]).await;
        smtp.wait_for(1, WAIT).await;
        // The process that scheduled it stops (its relay first finishes the messages in hand, as at a
        // shutdown: one stopped while it held the reminder's claim would keep it for the claim's minute);
        // another one, started later, sends it.
        app.stop_relay().await;
        app.stop_server();
        let beside = app.spawn_beside().await;
        let messages = smtp.wait_for(2, WAIT).await;
        beside.wait_for_mail(WAIT).await;
        assert_eq!(subjects(&messages), ["Registered: Bijna", "Reminder: Bijna"]);
        assert_eq!(smtp.messages().len(), 2);
    }
}

db_tests! {
    async fn without_an_smtp_server_messages_are_written_as_files_and_listed_in_development_only(app) {
        let (partner, _) = partner_with(&app, "Nieuwkomer", &[("ik@nieuw.test", "NL")]).await;
        let event = event(&app, "Eerste <stap>", 10).await;
        register(&app, &event, &partner, &["Ik"]).await;
        app.wait_for_mail(WAIT).await;
        let files: Vec<String> = std::fs::read_dir(&app.mail.files_dir)
            .expect("the mail folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".eml"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");

        let page = app.get("/dev/mail").await;
        assert_eq!(page.status(), 200);
        // ammonia escapes spaces too (`&#32;`).
        let html = page.text().await.expect("a page").replace("&#32;", " ");
        assert!(html.contains("ik@nieuw.test"), "{html}");
        assert!(html.contains("Ingeschreven: Eerste &lt;stap&gt;"), "escaped: {html}");
        let file = app.get(&format!("/dev/mail/{}", files[0])).await;
        assert_eq!(file.status(), 200);
        assert!(file.text().await.expect("the message").contains("Subject: "));
        for wrong in ["/dev/mail/..%2F..%2FCargo.toml", "/dev/mail/lode.db", "/dev/mail/x.eml"] {
            assert_eq!(app.get(wrong).await.status(), 404, "{wrong}");
        }

        // Production (or an SMTP server) has no such page.
        let production = TestApp::spawn_with(
            app.backend,
            lode_tests::test_relay_settings(),
            lode_api::config::ApiOptions { production: true, dev_mail_dir: None, ..lode_tests::test_options() },
        )
        .await
        .expect("a server");
        assert_eq!(production.get("/dev/mail").await.status(), 404);
    }
}
