//! A forgotten password, a confirmed address and a colleague's invitation, through messages received by a
//! real SMTP server (aiosmtpd, `lode_tests::smtp`): one answer whatever the address, the message once with its
//! link, a token that works once and not after its hour, every session ended, the secret in no outbox row and
//! no log line; an address signed up with hears nothing but its confirmation (and a reset) until it is
//! confirmed; and an invitation signs in for nobody until its colleague accepts it with its link.

use chrono::{Duration as Span, Utc};
use entities::values::Role;
use entities::{account_token, mail_outbox};
use lode_tests::smtp::addressed_to;
use lode_tests::{Mailing, TEST_PASSWORD, TestApp, code_of, db_tests, id_of, logged};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::time::Duration;

const REQUEST: &str =
    "mutation($e: String!) { requestPasswordReset(input: { email: $e }) { message } }";
const RESET: &str = "mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) { changed } }";
const CONFIRM: &str = "mutation($t: String!) { confirmEmail(input: { token: $t }) { confirmed } }";
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token mustChangePassword } }";
const NEW_PASSWORD: &str = "groene-fietsbel-op-de-kaai";

/// How long a test waits for messages it expects.
const WAIT: Duration = Duration::from_secs(30);

/// What the database holds of a token: no outbox row and no token row holds it, and no log line.
async fn kept_nowhere(app: &TestApp, token: &str) {
    let rows = mail_outbox::Entity::find()
        .all(&app.db)
        .await
        .expect("the outbox reads");
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            !row.payload.contains(token),
            "the token in an outbox row: {}",
            row.payload
        );
        assert!(!row.payload.contains(&token[5..20]));
        assert!(row.last_error.unwrap_or_default().find(token).is_none());
    }
    let stored = account_token::Entity::find()
        .all(&app.db)
        .await
        .expect("the tokens read");
    assert!(
        stored
            .iter()
            .all(|t| t.token_hash != token && !t.token_hash.contains(&token[5..20]))
    );
    assert!(
        logged(token).is_empty(),
        "the token in the log: {:?}",
        logged(token)
    );
    assert!(
        logged(&token[5..20]).is_empty(),
        "part of the token in the log"
    );
}

async fn me(app: &TestApp, session: &str) -> Value {
    app.graphql_as(Some(session), "{ me { id } }", json!({}))
        .await
}

db_tests! {
    spawn or skip with Mailing::start;

    async fn a_forgotten_password_is_reset_once_with_the_link_of_the_one_message_sent(m) {
        let Mailing { smtp, app } = &m;
        let session = app.account("vergeten@lode.test", Role::Admin, &[], None).await;
        let other_session = app.data(LOGIN, json!({ "e": "vergeten@lode.test", "p": TEST_PASSWORD })).await["login"]["token"].as_str().expect("a second session").to_owned();
        let gone = app.account("gedeactiveerd@lode.test", Role::Coordinator, &[entities::values::City::Gent], None).await;
        let gone_id = id_of(&me(app, &gone).await["data"]["me"]);
        app.data("mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { id } } }", json!({ "id": gone_id })).await;

        // One answer for an account, no account, and a deactivated one; in any case.
        let known = app.graphql(REQUEST, json!({ "e": " Vergeten@LODE.test " })).await;
        let unknown = app.graphql(REQUEST, json!({ "e": "niemand@lode.test" })).await;
        let deactivated = app.graphql(REQUEST, json!({ "e": "gedeactiveerd@lode.test" })).await;
        assert!(known.get("errors").is_none(), "{known}");
        assert_eq!(known, unknown);
        assert_eq!(known, deactivated);
        // Asked again at once: still the one message.
        assert_eq!(app.graphql(REQUEST, json!({ "e": "vergeten@lode.test" })).await, known);

        smtp.wait_for(1, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 1, "one message, to the active account only");
        let message = &addressed_to(&messages, "vergeten@lode.test")[0];
        assert_eq!(message.subject(), Some("Een nieuw wachtwoord voor LODE"));
        assert_eq!(message.header("List-Unsubscribe"), None, "a reset cannot be turned off");
        let token = message.link_token("wachtwoord");
        kept_nowhere(app, &token).await;

        // A weak password is refused, and the token still works after it.
        let weak = app.graphql(RESET, json!({ "t": token, "p": "wachtwoord12" })).await;
        assert_eq!(code_of(&weak["errors"][0]), "VALIDATION");
        assert_eq!(weak["errors"][0]["extensions"]["field"], "newPassword");
        assert!(me(app, &session).await["data"]["me"].is_object(), "nothing changed yet");

        let reset = app.data(RESET, json!({ "t": token, "p": NEW_PASSWORD })).await;
        assert_eq!(reset["resetPassword"]["changed"], true);
        for old in [&session, &other_session] {
            let answer = me(app, old).await;
            assert!(answer["data"]["me"].is_null() || answer.get("errors").is_some(), "every session ended: {answer}");
        }
        let with_old = app.graphql(LOGIN, json!({ "e": "vergeten@lode.test", "p": TEST_PASSWORD })).await;
        assert_eq!(code_of(&with_old["errors"][0]), "UNAUTHENTICATED");
        let with_new = app.data(LOGIN, json!({ "e": "vergeten@lode.test", "p": NEW_PASSWORD })).await;
        assert!(with_new["login"]["token"].is_string());

        // Once only: used, unknown and mangled tokens get one answer.
        let again = app.graphql(RESET, json!({ "t": token, "p": "nog-een-ander-lang-wachtwoord" })).await;
        let unknown = app.graphql(RESET, json!({ "t": "lode_ditbestaatnietenookniemandkentdit", "p": "nog-een-ander-lang-wachtwoord" })).await;
        for refused in [&again, &unknown] {
            assert_eq!(code_of(&refused["errors"][0]), "INVALID_TOKEN", "{refused}");
            assert_eq!(refused["errors"][0]["extensions"]["field"], "token");
        }
        assert_eq!(again["errors"][0]["message"], unknown["errors"][0]["message"]);

        // The audit log: the request, and the reset by the account itself.
        let id = id_of(&me(app, with_new["login"]["token"].as_str().unwrap()).await["data"]["me"]);
        let entries = app.data("query($id: ID!) { auditLog(filter: { subjectId: $id }) { nodes { action actorId } } }", json!({ "id": lode_tests::uuid_of(&id) })).await;
        let nodes = entries["auditLog"]["nodes"].as_array().expect("nodes").clone();
        assert!(nodes.iter().any(|n| n["action"] == "requestPasswordReset"), "{entries}");
        assert!(nodes.iter().any(|n| n["action"] == "resetPassword" && n["actorId"] == json!(id)), "{entries}");
        kept_nowhere(app, &token).await;
    }

    async fn an_expired_link_is_refused_and_a_temporary_password_ends_with_a_reset(m) {
        let Mailing { smtp, app } = &m;
        let token_of_user = app.account("tijdelijk@lode.test", Role::Admin, &[], None).await;
        let id = id_of(&me(app, &token_of_user).await["data"]["me"]);
        app.data("mutation($id: ID!) { setTemporaryPassword(input: { accountId: $id, password: \"tijdelijk-fietspad-42\" }) { account { id } } }", json!({ "id": id })).await;
        app.data(REQUEST, json!({ "e": "tijdelijk@lode.test" })).await;
        let token = smtp.wait_for(1, WAIT).await[0].link_token("wachtwoord");

        // An hour later, it works no more.
        account_token::Entity::update_many()
            .col_expr(account_token::Column::ExpiresAt, (Utc::now() - Span::seconds(1)).into())
            .exec(&app.db)
            .await
            .expect("the token ages");
        let expired = app.graphql(RESET, json!({ "t": token, "p": NEW_PASSWORD })).await;
        assert_eq!(code_of(&expired["errors"][0]), "INVALID_TOKEN", "{expired}");
        let still = app.data(LOGIN, json!({ "e": "tijdelijk@lode.test", "p": "tijdelijk-fietspad-42" })).await;
        assert_eq!(still["login"]["mustChangePassword"], true, "nothing changed");

        // A fresh token (as a new message would carry) resets it, and the password is one's own again.
        let fresh = lode_api::domain::account_tokens::issue(&app.db, lode_tests::uuid_of(&id), lode_api::domain::account_tokens::Purpose::PasswordReset).await.expect("a token");
        app.data(RESET, json!({ "t": fresh, "p": NEW_PASSWORD })).await;
        let after = app.data(LOGIN, json!({ "e": "tijdelijk@lode.test", "p": NEW_PASSWORD })).await;
        assert_eq!(after["login"]["mustChangePassword"], false);
        let rows = account_token::Entity::find().filter(account_token::Column::UsedAt.is_not_null()).all(&app.db).await.expect("tokens");
        assert_eq!(rows.len(), 2, "the used one and the expired one beside it are used up");
    }

    async fn a_new_address_hears_nothing_but_its_confirmation_until_it_is_confirmed(m) {
        let Mailing { smtp, app } = &m;
        let sign_up = app.data(
            "mutation { signUp(input: { email: \"nieuw@partner.test\", password: \"een-lang-wachtwoord\", partnerName: \"Nieuwkomer\", stakeholderType: CITIZEN, contact: { name: \"Nele Nieuw\", email: \"nele@partner.test\" }, termsVersion: \"2026-11\", language: EN }) { message } }",
            json!({}),
        ).await;
        assert!(sign_up["signUp"]["message"].is_string());
        let confirmation = smtp.wait_for(1, WAIT).await[0].clone();
        assert_eq!(confirmation.subject(), Some("Confirm your e-mail address for LODE"));
        let token = confirmation.link_token("bevestigen");
        kept_nowhere(app, &token).await;

        let session = app.data(LOGIN, json!({ "e": "nieuw@partner.test", "p": "een-lang-wachtwoord" })).await["login"]["token"].as_str().expect("a session").to_owned();
        let mine = app.data_as(Some(&session), "{ me { emailConfirmedAt partner { id } } }", json!({})).await;
        assert!(mine["me"]["emailConfirmedAt"].is_null());
        let partner = id_of(&mine["me"]["partner"]);
        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }", json!({ "id": partner })).await;
        let starts = Utc::now() + Span::days(10);
        let event = app.event("Eerste kennismaking", &starts.to_rfc3339(), &(starts + Span::hours(2)).to_rfc3339(), json!({ "capacity": 10 })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": event })).await;
        let register = "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }";
        app.data(register, json!({ "e": event, "p": partner })).await;
        app.wait_for_mail(WAIT).await;
        assert_eq!(smtp.messages().len(), 1, "the door code is not sent to an address not confirmed");

        // A reset goes even so.
        app.data(REQUEST, json!({ "e": "nieuw@partner.test" })).await;
        smtp.wait_for(2, WAIT).await;
        assert_eq!(smtp.messages()[1].subject(), Some("A new password for LODE"));

        let confirmed = app.data(CONFIRM, json!({ "t": token })).await;
        assert_eq!(confirmed["confirmEmail"]["confirmed"], true);
        let twice = app.graphql(CONFIRM, json!({ "t": token })).await;
        assert_eq!(code_of(&twice["errors"][0]), "INVALID_TOKEN");
        let mine = app.data_as(Some(&session), "{ me { emailConfirmedAt } }", json!({})).await;
        assert!(mine["me"]["emailConfirmedAt"].is_string());
        let entries = app.data("{ auditLog(filter: { action: \"confirmEmail\" }) { totalCount } }", json!({})).await;
        assert_eq!(entries["auditLog"]["totalCount"], 1);

        // Now its messages go.
        let second = app.event("Tweede sessie", &starts.to_rfc3339(), &(starts + Span::hours(2)).to_rfc3339(), json!({ "capacity": 10 })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": second })).await;
        app.data(register, json!({ "e": second, "p": partner })).await;
        smtp.wait_for(3, WAIT).await;
        app.wait_for_mail(WAIT).await;
        let messages = smtp.messages();
        assert_eq!(messages.len(), 3);
        assert_eq!(messages[2].subject(), Some("Registered: Tweede sessie"));
    }

    async fn a_member_invites_a_colleague_who_accepts_with_the_link_and_signs_in_for_the_partner(m) {
        let Mailing { smtp, app } = &m;
        // A name with markup: the HTML part escapes it, the subject and the text part keep it as written.
        let partner = app.approved_partner("Fiets & <data>", "COMPANY").await;
        let member = app.account("lid@fietsdata.test", Role::Partner, &[], Some(&partner)).await;
        let invited = app.data_as(Some(&member), INVITE, json!({ "p": partner, "e": " Collega@Fietsdata.test ", "l": "EN" })).await;
        let invitation = &invited["invitePartnerMember"]["account"];
        assert_eq!(invitation["email"], "collega@fietsdata.test");
        assert!(invitation["invitedAt"].is_string());
        assert_eq!(invitation["active"], false, "an invitation signs in for nobody yet");
        let accounts = app.data_as(Some(&member), ACCOUNTS, json!({ "p": partner })).await;
        let listed = accounts["partner"]["accounts"].as_array().expect("the accounts").clone();
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().any(|a| a["email"] == "collega@fietsdata.test" && a["invitedAt"].is_string()));

        let message = smtp.wait_for(1, WAIT).await[0].clone();
        assert_eq!(message.envelope_to, vec!["collega@fietsdata.test".to_owned()]);
        assert_eq!(message.subject(), Some("You are invited to Fiets & <data> on LODE"));
        let html = message.html().expect("an HTML part");
        assert!(html.contains("<strong>Fiets &amp; &lt;data&gt;</strong>") && !html.contains("<data>"), "{html}");
        assert_eq!(message.header("List-Unsubscribe"), None, "an invitation is not a kind to turn off");
        let text = message.text().expect("a text part");
        assert!(text.contains("lid@fietsdata.test invites you to sign in for Fiets & <data> on LODE"), "the inviter is named: {text}");
        let token = message.link_token("uitnodiging");
        kept_nowhere(app, &token).await;

        // Before it is accepted: no sign-in, no reset, and inviting again at once sends nothing more.
        for password in [TEST_PASSWORD, "", "lode_"] {
            let login = app.graphql(LOGIN, json!({ "e": "collega@fietsdata.test", "p": password })).await;
            assert_eq!(code_of(&login["errors"][0]), "UNAUTHENTICATED", "{login}");
        }
        let temporary = app.graphql("mutation($id: ID!) { setTemporaryPassword(input: { accountId: $id, password: \"tijdelijk-fietspad-42\" }) { account { id } } }", json!({ "id": invitation["id"] })).await;
        assert_eq!(code_of(&temporary["errors"][0]), "CONFLICT", "the colleague chooses the password: {temporary}");
        let team_view = app.data("{ accounts(filter: { emailContains: \"collega@fietsdata\" }) { nodes { active invitedAt } } }", json!({})).await;
        assert_eq!(team_view["accounts"]["nodes"][0]["active"], false, "{team_view}");
        assert!(team_view["accounts"]["nodes"][0]["invitedAt"].is_string());
        app.data(REQUEST, json!({ "e": "collega@fietsdata.test" })).await;
        let again = app.data_as(Some(&member), INVITE, json!({ "p": partner, "e": "collega@fietsdata.test", "l": null })).await;
        assert_eq!(again["invitePartnerMember"]["account"]["id"], invitation["id"]);
        assert_eq!(again["invitePartnerMember"]["sent"], false, "its message went less than five minutes ago");
        app.wait_for_mail(WAIT).await;
        assert_eq!(smtp.messages().len(), 1, "no reset for an invitation, and one invitation in five minutes");

        // Accepting needs a good password and the current terms; the token stays good until it is used.
        let weak = app.graphql(ACCEPT, json!({ "t": token, "p": "wachtwoord12", "v": "2026-11" })).await;
        assert_eq!(code_of(&weak["errors"][0]), "VALIDATION");
        assert_eq!(weak["errors"][0]["extensions"]["field"], "password");
        let old_terms = app.graphql(ACCEPT, json!({ "t": token, "p": NEW_PASSWORD, "v": "2020-01" })).await;
        assert_eq!(code_of(&old_terms["errors"][0]), "VALIDATION");
        assert_eq!(old_terms["errors"][0]["extensions"]["field"], "termsVersion");
        let accepted = app.data(ACCEPT, json!({ "t": token, "p": NEW_PASSWORD, "v": "2026-11" })).await;
        assert_eq!(accepted["acceptMemberInvitation"]["accepted"], true);
        let twice = app.graphql(ACCEPT, json!({ "t": token, "p": NEW_PASSWORD, "v": "2026-11" })).await;
        assert_eq!(code_of(&twice["errors"][0]), "INVALID_TOKEN");

        // A member now: signs in for the partner, its address confirmed, the terms recorded.
        let session = app.data(LOGIN, json!({ "e": "collega@fietsdata.test", "p": NEW_PASSWORD })).await["login"]["token"].as_str().expect("a session").to_owned();
        let mine = app.data_as(Some(&session), "{ me { id emailConfirmedAt partner { id } consents { purpose textVersion active } } }", json!({})).await;
        assert_eq!(mine["me"]["partner"]["id"], json!(partner));
        assert!(mine["me"]["emailConfirmedAt"].is_string());
        assert_eq!(mine["me"]["consents"], json!([{ "purpose": "TERMS", "textVersion": "2026-11", "active": true }]));
        let accounts = app.data_as(Some(&session), ACCOUNTS, json!({ "p": partner })).await;
        assert!(accounts["partner"]["accounts"].as_array().expect("the accounts").iter().all(|a| a["active"] == true && a["invitedAt"].is_null()), "{accounts}");

        // A member cannot be invited again, nor an address with an account elsewhere.
        app.account("coordinator@gent.test", Role::Coordinator, &[entities::values::City::Gent], None).await;
        for (email, says) in [("collega@fietsdata.test", "already one of the partner's members"), ("coordinator@gent.test", "has an account already")] {
            let refused = app.graphql_as(Some(&member), INVITE, json!({ "p": partner, "e": email, "l": null })).await;
            assert_eq!(code_of(&refused["errors"][0]), "CONFLICT", "{refused}");
            assert!(refused["errors"][0]["message"].as_str().unwrap().contains(says), "{refused}");
        }

        // The audit log: the invitation by the member, the acceptance by the new member itself.
        let entries = app.data("query($id: ID!) { auditLog(filter: { subjectId: $id }) { nodes { action actorId } } }", json!({ "id": lode_tests::uuid_of(&id_of(&mine["me"])) })).await;
        let nodes = entries["auditLog"]["nodes"].as_array().expect("nodes").clone();
        let member_id = id_of(&me(app, &member).await["data"]["me"]);
        assert!(nodes.iter().any(|n| n["action"] == "invitePartnerMember" && n["actorId"] == json!(member_id)), "{entries}");
        assert!(nodes.iter().any(|n| n["action"] == "acceptMemberInvitation" && n["actorId"] == mine["me"]["id"]), "{entries}");
        kept_nowhere(app, &token).await;
    }

    async fn invitations_are_the_partners_own_bounded_and_withdrawn_ones_work_no_more(m) {
        let Mailing { smtp, app } = &m;
        let partner = app.approved_partner("Kaaidata", "CITIZEN").await;
        let member = app.account("lid@kaaidata.test", Role::Partner, &[], Some(&partner)).await;
        let other = app.approved_partner("Anderen", "COMPANY").await;
        let outsider = app.account("lid@anderen.test", Role::Partner, &[], Some(&other)).await;
        let invite = json!({ "p": partner, "e": "nieuw@kaaidata.test", "l": null });
        // Another partner's member, the team, and nobody signed in invite nobody to this partner.
        for (token, code) in [(Some(outsider.as_str()), "FORBIDDEN"), (Some(app.admin_token.as_str()), "FORBIDDEN"), (None, "UNAUTHENTICATED")] {
            let refused = app.graphql_as(token, INVITE, invite.clone()).await;
            assert_eq!(code_of(&refused["errors"][0]), code, "{refused}");
        }
        // A partner the team has not approved invites nobody.
        let pending = id_of(&app.data("mutation { createPartner(input: { name: \"Nog niet\", stakeholderType: CITIZEN }) { partner { id } } }", json!({})).await["createPartner"]["partner"]);
        let newcomer = app.account("lid@nognie.test", Role::Partner, &[], Some(&pending)).await;
        let refused = app.graphql_as(Some(&newcomer), INVITE, json!({ "p": pending, "e": "x@nognie.test", "l": null })).await;
        assert_eq!(code_of(&refused["errors"][0]), "CONFLICT", "{refused}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "partnerId");

        // A withdrawn invitation: its link works no more.
        let invited = app.data_as(Some(&member), INVITE, invite.clone()).await;
        assert_eq!(invited["invitePartnerMember"]["sent"], true);
        let invitation = invited["invitePartnerMember"]["account"]["id"].clone();
        let token = smtp.wait_for(1, WAIT).await[0].link_token("uitnodiging");
        let not_a_member = app.graphql_as(Some(&member), REMOVE, json!({ "id": invitation })).await;
        assert_eq!(code_of(&not_a_member["errors"][0]), "CONFLICT", "an invitation is withdrawn, not removed: {not_a_member}");
        let withdrawn = app.data_as(Some(&member), WITHDRAW, json!({ "id": invitation })).await;
        assert_eq!(withdrawn["withdrawMemberInvitation"]["deletedId"], invitation);
        let late = app.graphql(ACCEPT, json!({ "t": token, "p": NEW_PASSWORD, "v": "2026-11" })).await;
        assert_eq!(code_of(&late["errors"][0]), "INVALID_TOKEN", "{late}");
        let anew = app.data_as(Some(&member), INVITE, invite.clone()).await;
        assert_eq!(anew["invitePartnerMember"]["sent"], true, "made anew: {anew}");
        let at_once = app.data_as(Some(&member), INVITE, invite.clone()).await;
        assert_eq!(at_once["invitePartnerMember"]["sent"], false, "and sent again within five minutes: {at_once}");
        let member_id = id_of(&me(app, &member).await["data"]["me"]);
        let a_member = app.graphql_as(Some(&member), WITHDRAW, json!({ "id": member_id })).await;
        assert_eq!(code_of(&a_member["errors"][0]), "CONFLICT", "a member is not an invitation: {a_member}");

        // At most ten open at once (the one made anew among them).
        for n in 1..10 {
            app.data_as(Some(&member), INVITE, json!({ "p": partner, "e": format!("collega{n}@kaaidata.test"), "l": "NL" })).await;
        }
        let eleventh = app.graphql_as(Some(&member), INVITE, json!({ "p": partner, "e": "collega10@kaaidata.test", "l": "NL" })).await;
        assert_eq!(code_of(&eleventh["errors"][0]), "CONFLICT", "{eleventh}");
        assert!(eleventh["errors"][0]["message"].as_str().unwrap().contains("10 open invitations"));
        let messages = smtp.wait_for(11, WAIT).await;
        assert!(messages[1..].iter().all(|m| m.subject() == Some("Je bent uitgenodigd voor Kaaidata bij LODE")));

        // Its owner signing up takes an invited address over; a lapsed invitation of another partner too.
        app.data("mutation { signUp(input: { email: \"collega1@kaaidata.test\", password: \"een-lang-wachtwoord\", partnerName: \"Zelfstandig\", stakeholderType: CITIZEN, contact: { name: \"Zelf\", email: \"zelf@partner.test\" }, termsVersion: \"2026-11\" }) { message } }", json!({})).await;
        let own = app.data(LOGIN, json!({ "e": "collega1@kaaidata.test", "p": "een-lang-wachtwoord" })).await;
        assert!(own["login"]["token"].is_string(), "the sign-up's account holds the address now");
        entities::account::Entity::update_many()
            .col_expr(entities::account::Column::InvitedAt, (Utc::now() - Span::days(8)).into())
            .filter(entities::account::Column::Email.eq("collega2@kaaidata.test"))
            .exec(&app.db)
            .await
            .expect("the invitation lapses");
        let lapsed = app.data_as(Some(&outsider), INVITE, json!({ "p": other, "e": "collega2@kaaidata.test", "l": null })).await;
        assert_eq!(lapsed["invitePartnerMember"]["sent"], true, "{lapsed}");
        let still_open = app.graphql_as(Some(&outsider), INVITE, json!({ "p": other, "e": "collega3@kaaidata.test", "l": null })).await;
        assert_eq!(code_of(&still_open["errors"][0]), "CONFLICT", "an open invitation holds its address: {still_open}");

        // A partner archived: its invitations are accepted no more.
        let token = smtp.wait_for(13, WAIT).await.into_iter().rfind(|m| m.envelope_to == ["collega2@kaaidata.test"]).expect("the new invitation").link_token("uitnodiging");
        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: ARCHIVED }) { partner { status } } }", json!({ "id": other })).await;
        let archived = app.graphql(ACCEPT, json!({ "t": token, "p": NEW_PASSWORD, "v": "2026-11" })).await;
        assert_eq!(code_of(&archived["errors"][0]), "INVALID_TOKEN", "{archived}");

        // The lapsed invitation went from the partner that made it; one lapsed is accepted no more, and sent
        // again it is open once more and counts as such.
        let listed = app.data_as(Some(&member), ACCOUNTS, json!({ "p": partner })).await;
        let emails: Vec<&str> = listed["partner"]["accounts"].as_array().expect("the accounts").iter().map(|a| a["email"].as_str().unwrap()).collect();
        assert!(!emails.contains(&"collega2@kaaidata.test") && !emails.contains(&"collega1@kaaidata.test"), "{emails:?}");
        let lapse = |email: &'static str| async move {
            entities::account::Entity::update_many()
                .col_expr(entities::account::Column::InvitedAt, (Utc::now() - Span::days(8)).into())
                .filter(entities::account::Column::Email.eq(email))
                .exec(&app.db)
                .await
                .expect("the invitation lapses");
            let id = entities::account::Entity::find().filter(entities::account::Column::Email.eq(email)).one(&app.db).await.expect("reads").expect("the invitation").id;
            lode_api::domain::account_tokens::issue(&app.db, id, lode_api::domain::account_tokens::Purpose::Invitation).await.expect("a token")
        };
        let lapsed_token = lapse("collega3@kaaidata.test").await;
        let too_late = app.graphql(ACCEPT, json!({ "t": lapsed_token, "p": NEW_PASSWORD, "v": "2026-11" })).await;
        assert_eq!(code_of(&too_late["errors"][0]), "INVALID_TOKEN", "a lapsed invitation: {too_late}");
        for n in 10..13 {
            app.data_as(Some(&member), INVITE, json!({ "p": partner, "e": format!("collega{n}@kaaidata.test"), "l": null })).await;
        }
        let revived = app.graphql_as(Some(&member), INVITE, json!({ "p": partner, "e": "collega3@kaaidata.test", "l": null })).await;
        assert_eq!(code_of(&revived["errors"][0]), "CONFLICT", "ten are open: {revived}");

        // Thirty invitations a day per member, withdrawn ones included: the thirtieth goes, the next waits.
        let eleven = app.data_as(Some(&member), ACCOUNTS, json!({ "p": partner })).await["partner"]["accounts"].as_array().expect("the accounts").iter().find(|a| a["email"] == "collega12@kaaidata.test").expect("listed")["id"].clone();
        app.data_as(Some(&member), WITHDRAW, json!({ "id": eleven })).await;
        let member_uuid = lode_tests::uuid_of(&member_id);
        let made = entities::audit_entry::Entity::find()
            .filter(entities::audit_entry::Column::ActorId.eq(member_uuid))
            .filter(entities::audit_entry::Column::Action.eq("invitePartnerMember"))
            .all(&app.db)
            .await
            .expect("the audit log reads")
            .len();
        for _ in made..29 {
            entities::audit_entry::ActiveModel {
                id: sea_orm::Set(uuid::Uuid::now_v7()),
                at: sea_orm::Set(Utc::now()),
                actor_id: sea_orm::Set(Some(member_uuid)),
                actor_role: sea_orm::Set(Some(Role::Partner)),
                action: sea_orm::Set("invitePartnerMember".to_owned()),
                subject_id: sea_orm::Set(None),
            }
            .insert(&app.db)
            .await
            .expect("an audit entry");
        }
        let thirtieth = app.graphql_as(Some(&member), INVITE, json!({ "p": partner, "e": "dertig@kaaidata.test", "l": null })).await;
        assert_eq!(thirtieth["data"]["invitePartnerMember"]["sent"], true, "{thirtieth}");
        let limited = app.graphql_as(Some(&member), INVITE, json!({ "p": partner, "e": "een-en-dertig@kaaidata.test", "l": null })).await;
        assert_eq!(code_of(&limited["errors"][0]), "RATE_LIMITED", "{limited}");
        let wait = limited["errors"][0]["extensions"]["retryAfterSeconds"].as_u64();
        assert!(wait.is_some_and(|w| (86_000..=86_400).contains(&w)), "until the oldest of the day is a day old: {limited}");

        // Open invitations keep no partner: its one member is still its last, and leaving erases it with them.
        let last = app.graphql(REMOVE, json!({ "id": member_id })).await;
        assert_eq!(code_of(&last["errors"][0]), "CONFLICT", "{last}");
        app.data_as(Some(&member), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        let erased = app.data("query($id: ID!) { partner(id: $id) { erasedAt accounts { id } } }", json!({ "id": partner })).await;
        assert!(erased["partner"]["erasedAt"].is_string(), "{erased}");
        assert_eq!(erased["partner"]["accounts"], json!([]), "the invitations went with it");
    }
}

const INVITE: &str = "mutation($p: ID!, $e: String!, $l: Language) { invitePartnerMember(input: { partnerId: $p, email: $e, language: $l }) { account { id email active invitedAt } sent } }";
const ACCEPT: &str = "mutation($t: String!, $p: String!, $v: String!) { acceptMemberInvitation(input: { token: $t, password: $p, termsVersion: $v }) { accepted } }";
const ACCOUNTS: &str =
    "query($p: ID!) { partner(id: $p) { accounts { id email active invitedAt } } }";
const REMOVE: &str =
    "mutation($id: ID!) { removePartnerMember(input: { accountId: $id }) { deletedId } }";
const WITHDRAW: &str =
    "mutation($id: ID!) { withdrawMemberInvitation(input: { accountId: $id }) { deletedId } }";
