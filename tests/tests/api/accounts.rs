//! An account's life as admins manage it: finding accounts, temporary passwords that must be changed at the
//! next login, deactivation and reactivation, and the last active admin, who stays.

use entities::values::{City, Role};
use lode_api::domain::accounts::{self, NewAccount};
use lode_api::domain::write::{Change, Store};
use lode_api::live::SeatHub;
use lode_tests::{TestApp, code_of, db_tests, id_of};
use serde_json::{Value, json};

const LOGIN: &str = "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token mustChangePassword account { email mustChangePassword } } }";
const SET_TEMPORARY: &str = "mutation($id: ID!, $p: String!) { setTemporaryPassword(input: { accountId: $id, password: $p }) { account { id mustChangePassword active } } }";
const CHANGE: &str = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { changed } }";
const DEACTIVATE: &str = "mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { id active deactivatedAt } } }";
const REACTIVATE: &str = "mutation($id: ID!) { reactivateAccount(input: { accountId: $id }) { account { id active deactivatedAt } } }";
const ME: &str = "{ me { id email mustChangePassword } }";

/// A login's whole answer.
async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.graphql_as(None, LOGIN, json!({ "e": email, "p": password }))
        .await
}

/// The token of a login that must succeed.
async fn token_of(app: &TestApp, email: &str, password: &str) -> String {
    let answer = login(app, email, password).await;
    answer["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{email} logs in: {answer:#}"))
        .to_owned()
}

/// The global id of the account a token signs in.
async fn account_id(app: &TestApp, token: &str) -> String {
    id_of(&app.data_as(Some(token), ME, json!({})).await["me"])
}

/// The first error's code of an operation sent with a token.
async fn refusal(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> String {
    let answer = app.graphql_as(token, query, variables).await;
    code_of(&answer["errors"][0]).to_owned()
}

/// An account's row as the admins' list answers it, found by its address.
async fn listed(app: &TestApp, email: &str) -> Value {
    let list = app
        .data(
            "query($e: String!) { accounts(filter: { emailContains: $e }) { nodes { id email role active deactivatedAt mustChangePassword } } }",
            json!({ "e": email }),
        )
        .await;
    list["accounts"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("{email} is listed: {list:#}"))
}

db_tests! {
    async fn a_temporary_password_signs_in_to_a_session_that_may_only_choose_a_new_one(app) {
        let email = "coordinator@gent.test";
        let old_session = app.account(email, Role::Coordinator, &[City::Gent], None).await;
        let id = account_id(&app, &old_session).await;

        let weak = app.graphql(SET_TEMPORARY, json!({ "id": id, "p": "welkom123456" })).await;
        assert_eq!(code_of(&weak["errors"][0]), "VALIDATION", "{weak:#}");
        assert_eq!(weak["errors"][0]["extensions"]["field"], "password");
        let own = account_id(&app, &app.admin_token).await;
        let refused = app.graphql(SET_TEMPORARY, json!({ "id": own, "p": "tijdelijk-fietspad-42" })).await;
        assert_eq!(code_of(&refused["errors"][0]), "VALIDATION", "an admin's own password goes through changePassword: {refused:#}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "accountId");

        let set = app.data(SET_TEMPORARY, json!({ "id": id, "p": "tijdelijk-fietspad-42" })).await;
        assert_eq!(set["setTemporaryPassword"]["account"], json!({ "id": id, "mustChangePassword": true, "active": true }));
        assert_eq!(refusal(&app, Some(&old_session), ME, json!({})).await, "UNAUTHENTICATED", "every session of the account ended");
        assert_eq!(code_of(&login(&app, email, lode_tests::TEST_PASSWORD).await["errors"][0]), "UNAUTHENTICATED", "the old password is gone");

        let signed_in = login(&app, email, "tijdelijk-fietspad-42").await;
        assert_eq!(signed_in["data"]["login"]["mustChangePassword"], true, "{signed_in:#}");
        assert_eq!(signed_in["data"]["login"]["account"]["mustChangePassword"], true);
        let temporary = signed_in["data"]["login"]["token"].as_str().expect("a token").to_owned();

        // The session reads its own account, and nothing else: not even what the public reads.
        assert_eq!(app.data_as(Some(&temporary), ME, json!({})).await["me"]["mustChangePassword"], true);
        for (query, variables) in [
            ("{ events { totalCount } }", json!({})),
            ("{ auditLog { totalCount } }", json!({})),
            ("{ x: __typename events { totalCount } }", json!({})),
            ("mutation { createEvent(input: { title: \"Nieuw\", format: WORKSHOP, startsAt: \"2030-03-01T09:00:00Z\", endsAt: \"2030-03-01T11:00:00Z\", cities: [GENT] }) { event { id } } }", json!({})),
            ("mutation { revokeSessions(input: {}) { ended } }", json!({})),
        ] {
            let answer = app.graphql_as(Some(&temporary), query, variables).await;
            assert_eq!(code_of(&answer["errors"][0]), "PASSWORD_CHANGE_REQUIRED", "{query}: {answer:#}");
            assert!(!answer.to_string().contains("totalCount\":"), "nothing was answered: {answer:#}");
        }
        let csv = app
            .client
            .get(format!("{}/events/{}/attendees.csv", app.address, app.open_event("Open sessie", 10).await))
            .bearer_auth(&temporary)
            .send()
            .await
            .expect("an answer");
        assert_eq!(csv.status().as_u16(), 403);
        let body: Value = csv.json().await.expect("JSON");
        assert_eq!(code_of(&body["errors"][0]), "PASSWORD_CHANGE_REQUIRED");

        // The new password must differ from the temporary one, and be strong.
        for (new, field) in [("tijdelijk-fietspad-42", "newPassword"), ("welkom123456", "newPassword")] {
            let answer = app.graphql_as(Some(&temporary), CHANGE, json!({ "c": "tijdelijk-fietspad-42", "n": new })).await;
            assert_eq!(code_of(&answer["errors"][0]), "VALIDATION", "{new}: {answer:#}");
            assert_eq!(answer["errors"][0]["extensions"]["field"], field);
        }
        app.data_as(Some(&temporary), CHANGE, json!({ "c": "tijdelijk-fietspad-42", "n": "eigen-gekozen-zinnetje" })).await;
        assert_eq!(refusal(&app, Some(&temporary), ME, json!({})).await, "UNAUTHENTICATED", "the change ended the session");
        assert_eq!(code_of(&login(&app, email, "tijdelijk-fietspad-42").await["errors"][0]), "UNAUTHENTICATED");

        let fresh = login(&app, email, "eigen-gekozen-zinnetje").await;
        assert_eq!(fresh["data"]["login"]["mustChangePassword"], false, "{fresh:#}");
        let fresh = fresh["data"]["login"]["token"].as_str().expect("a token");
        app.data_as(Some(fresh), "{ auditLog { totalCount } }", json!({})).await;
        assert_eq!(listed(&app, email).await["mustChangePassword"], false);

        let log = app.data("{ auditLog(filter: { action: \"setTemporaryPassword\" }) { nodes { subjectId actorRole } } }", json!({})).await;
        assert_eq!(log["auditLog"]["nodes"], json!([{ "subjectId": lode_tests::uuid_of(&id).to_string(), "actorRole": "ADMIN" }]));
        let changes = app.data("{ auditLog(filter: { action: \"changePassword\" }) { nodes { subjectId actorRole } } }", json!({})).await;
        assert_eq!(changes["auditLog"]["nodes"], json!([{ "subjectId": lode_tests::uuid_of(&id).to_string(), "actorRole": "COORDINATOR" }]));
    }

    async fn an_account_an_admin_creates_starts_with_a_temporary_password_when_told(app) {
        let create = "mutation($e: String!, $t: Boolean!) { createAccount(input: { email: $e, password: \"eerste-fietspad-wachtwoord\", role: COORDINATOR, cities: [BRUGGE], mustChangePassword: $t }) { account { mustChangePassword } } }";
        let default = app.data("mutation { createAccount(input: { email: \"nieuw@brugge.test\", password: \"eerste-fietspad-wachtwoord\", role: COORDINATOR, cities: [BRUGGE] }) { account { mustChangePassword } } }", json!({})).await;
        assert_eq!(default["createAccount"]["account"]["mustChangePassword"], false);
        assert_eq!(login(&app, "nieuw@brugge.test", "eerste-fietspad-wachtwoord").await["data"]["login"]["mustChangePassword"], false);
        let told = app.data(create, json!({ "e": "tijdelijk@brugge.test", "t": true })).await;
        assert_eq!(told["createAccount"]["account"]["mustChangePassword"], true);
        let signed_in = login(&app, "tijdelijk@brugge.test", "eerste-fietspad-wachtwoord").await;
        assert_eq!(signed_in["data"]["login"]["mustChangePassword"], true);
        let token = signed_in["data"]["login"]["token"].as_str().expect("a token");
        assert_eq!(refusal(&app, Some(token), "{ events { totalCount } }", json!({})).await, "PASSWORD_CHANGE_REQUIRED");
    }

    async fn a_deactivated_account_signs_in_no_more_and_its_partner_stays(app) {
        let partner = app.approved_partner("Fietsdata", "COMPANY").await;
        let email = "lid@fietsdata.test";
        let session = app.account(email, Role::Partner, &[], Some(&partner)).await;
        let id = account_id(&app, &session).await;

        let deactivated = app.data(DEACTIVATE, json!({ "id": id })).await;
        assert_eq!(deactivated["deactivateAccount"]["account"]["active"], false);
        assert!(deactivated["deactivateAccount"]["account"]["deactivatedAt"].is_string());
        assert_eq!(refusal(&app, Some(&session), ME, json!({})).await, "UNAUTHENTICATED", "its session ended");
        let right = login(&app, email, lode_tests::TEST_PASSWORD).await;
        let wrong = login(&app, email, "niet-het-juiste-wachtwoord").await;
        assert_eq!(right["errors"][0]["message"], wrong["errors"][0]["message"], "the same answer as a wrong password: {right:#}");
        assert_eq!(code_of(&right["errors"][0]), "UNAUTHENTICATED");
        assert!(right["data"].is_null() || right["data"]["login"].is_null());

        let again = app.graphql(DEACTIVATE, json!({ "id": id })).await;
        assert_eq!(code_of(&again["errors"][0]), "CONFLICT", "{again:#}");
        let row = listed(&app, email).await;
        assert_eq!((row["active"].clone(), row["deactivatedAt"].is_string()), (json!(false), true));
        let still = app.data("query($id: ID!) { partner(id: $id) { name status } }", json!({ "id": partner })).await;
        assert_eq!(still["partner"], json!({ "name": "Fietsdata", "status": "APPROVED" }), "the partner stays as it was");

        let back = app.data(REACTIVATE, json!({ "id": id })).await;
        assert_eq!(back["reactivateAccount"]["account"], json!({ "id": id, "active": true, "deactivatedAt": null }));
        let token = token_of(&app, email, lode_tests::TEST_PASSWORD).await;
        assert_eq!(app.data_as(Some(&token), ME, json!({})).await["me"]["email"], email, "it signs in again with its password");
        let twice = app.graphql(REACTIVATE, json!({ "id": id })).await;
        assert_eq!(code_of(&twice["errors"][0]), "CONFLICT");

        let log = app.data("{ auditLog(filter: { action: \"deactivateAccount\" }) { totalCount } r: auditLog(filter: { action: \"reactivateAccount\" }) { totalCount } }", json!({})).await;
        assert_eq!((log["auditLog"]["totalCount"].clone(), log["r"]["totalCount"].clone()), (json!(1), json!(1)), "what failed left no entry");
    }

    async fn an_admin_keeps_their_own_account_and_the_last_active_admin_stays(app) {
        let own = account_id(&app, &app.admin_token).await;
        let refused = app.graphql(DEACTIVATE, json!({ "id": own })).await;
        assert_eq!(code_of(&refused["errors"][0]), "CONFLICT", "{refused:#}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "accountId");

        // Two admins deactivating each other at once, when no other admin is active: one goes, never both.
        // Each round, a new pair first deactivates the admin left from before (the test's admin at first).
        let mut left = (own, app.admin_token.clone());
        for round in 0..3 {
            let x = app.account(&format!("x{round}@lode.test"), Role::Admin, &[], None).await;
            let y = app.account(&format!("y{round}@lode.test"), Role::Admin, &[], None).await;
            app.data_as(Some(&x), DEACTIVATE, json!({ "id": left.0 })).await;
            let (x_id, y_id) = (account_id(&app, &x).await, account_id(&app, &y).await);
            let (by_x, by_y) = tokio::join!(
                app.graphql_as(Some(&x), DEACTIVATE, json!({ "id": y_id })),
                app.graphql_as(Some(&y), DEACTIVATE, json!({ "id": x_id })),
            );
            let passed = [&by_x, &by_y].iter().filter(|a| a.get("errors").is_none()).count();
            assert_eq!(passed, 1, "round {round}: exactly one passes: {by_x:#} {by_y:#}");
            let refused = if by_x.get("errors").is_some() { &by_x } else { &by_y };
            assert_eq!(code_of(&refused["errors"][0]), "UNAUTHENTICATED", "round {round}: the other's session ended: {refused:#}");
            assert_eq!(active_admins(&app).await, 1, "round {round}: one active admin is left");
            left = if by_x.get("errors").is_none() { (x_id, x) } else { (y_id, y) };
        }
        assert_eq!(refusal(&app, Some(&app.admin_token), ME, json!({})).await, "UNAUTHENTICATED", "a deactivated admin's session ended");

        // The last active admin cannot delete their account either: deactivated admins do not count.
        let leaving = app.graphql_as(Some(&left.1), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        assert_eq!(code_of(&leaving["errors"][0]), "CONFLICT", "{leaving:#}");
        assert_eq!(app.data_as(Some(&left.1), ME, json!({})).await["me"]["id"], json!(left.0));
    }

    async fn a_change_let_in_before_its_account_was_deactivated_writes_nothing(app) {
        // Two requests let in (their sessions checked) just before an admin deactivates their accounts:
        // what the request would then write is refused inside its transaction.
        let coordinator = app.account("laat@gent.test", Role::Coordinator, &[City::Gent], None).await;
        let admin = app.account("laat@lode.test", Role::Admin, &[], None).await;
        let let_in = |token: String| {
            let db = app.db.clone();
            async move { accounts::viewer_for_token(&db, &token).await.expect("a read").expect("a live session") }
        };
        let (coordinator_viewer, admin_viewer) = (let_in(coordinator.clone()).await, let_in(admin.clone()).await);
        for token in [&coordinator, &admin] {
            let id = account_id(&app, token).await;
            app.data(DEACTIVATE, json!({ "id": id })).await;
        }

        let store = Store::new(app.db.clone(), SeatHub::default());
        let new = NewAccount {
            email: "binnengesmokkeld@lode.test".to_owned(),
            password: "een-lang-wachtwoord-1".to_owned(),
            role: Role::Admin,
            partner_id: None,
            cities: Vec::new(),
            must_change_password: false,
            language: entities::values::Language::Nl,
        };
        let created = accounts::create_account(&store, &Change::by(admin_viewer, "createAccount"), new).await;
        assert_eq!(created.expect_err("the admin is deactivated").code(), "UNAUTHENTICATED");
        let own = coordinator_viewer.own_account().expect("signed in");
        let ended = accounts::revoke_sessions(&store, &Change::by(coordinator_viewer, "revokeSessions"), own).await;
        assert_eq!(ended.expect_err("the coordinator is deactivated").code(), "UNAUTHENTICATED");

        let found = app.data("query($e: String!) { accounts(filter: { emailContains: $e }) { totalCount } }", json!({ "e": "binnengesmokkeld" })).await;
        assert_eq!(found["accounts"]["totalCount"], 0, "no account was made");
        let log = app.data("{ a: auditLog(filter: { action: \"createAccount\" }) { totalCount } r: auditLog(filter: { action: \"revokeSessions\" }) { totalCount } }", json!({})).await;
        assert_eq!((log["a"]["totalCount"].as_u64(), log["r"]["totalCount"].as_u64()), (Some(0), Some(0)), "nothing logged: {log:#}");
    }

    async fn a_login_racing_a_temporary_password_keeps_no_usable_session(app) {
        let email = "haastig@gent.test";
        let first = app.account(email, Role::Coordinator, &[City::Gent], None).await;
        let id = account_id(&app, &first).await;
        for round in 0..6 {
            let temporary = format!("tijdelijk-fietspad-{round}{round}");
            let (logged_in, set) = tokio::join!(
                login(&app, email, lode_tests::TEST_PASSWORD),
                app.graphql(SET_TEMPORARY, json!({ "id": id, "p": temporary })),
            );
            assert!(set.get("errors").is_none(), "{set:#}");
            // A login with the old password either committed first, and its session was ended with the
            // others, or it was refused: none signs in to the temporary password's session.
            if let Some(token) = logged_in["data"]["login"]["token"].as_str() {
                assert_eq!(logged_in["data"]["login"]["mustChangePassword"], false);
                let code = refusal(&app, Some(token), "{ auditLog { totalCount } }", json!({})).await;
                assert_eq!(code, "UNAUTHENTICATED", "round {round}: the session was ended");
            } else {
                assert_eq!(code_of(&logged_in["errors"][0]), "UNAUTHENTICATED", "{logged_in:#}");
            }
            // Back to the password the next round logs in with.
            let session = token_of(&app, email, &temporary).await;
            app.data_as(Some(&session), CHANGE, json!({ "c": temporary, "n": format!("tussendoor-{round}-fietspad") })).await;
            let session = token_of(&app, email, &format!("tussendoor-{round}-fietspad")).await;
            app.data_as(Some(&session), CHANGE, json!({ "c": format!("tussendoor-{round}-fietspad"), "n": lode_tests::TEST_PASSWORD })).await;
        }
    }

    async fn admins_find_accounts_by_address_and_role_and_nobody_else_lists_them(app) {
        let partner = app.approved_partner("Fietsdata", "COMPANY").await;
        let gent = app.account("an.gent@stad.test", Role::Coordinator, &[City::Gent], None).await;
        let partner_member = app.account("lid_een@fietsdata.test", Role::Partner, &[], Some(&partner)).await;
        app.account("lid2een@fietsdata.test", Role::Partner, &[], Some(&partner)).await;
        app.account("bo.brugge@stad.test", Role::Coordinator, &[City::Brugge], None).await;

        let query = "query($f: AccountFilter, $first: Int, $after: String) { accounts(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id email role cities partner { id } active deactivatedAt mustChangePassword createdAt } } }";
        let emails = |answer: &Value| -> Vec<String> {
            answer["accounts"]["nodes"].as_array().expect("nodes").iter().map(|n| n["email"].as_str().expect("an e-mail").to_owned()).collect()
        };
        let all = app.data(query, json!({})).await;
        let everyone = emails(&all);
        let mut sorted = everyone.clone();
        sorted.sort();
        assert_eq!(everyone, sorted, "by e-mail address");
        assert_eq!(all["accounts"]["totalCount"].as_u64(), Some(everyone.len() as u64));
        assert!(everyone.contains(&"admin@lode.test".to_owned()));

        let stad = app.data(query, json!({ "f": { "emailContains": "STAD.test" } })).await;
        assert_eq!(emails(&stad), ["an.gent@stad.test", "bo.brugge@stad.test"], "in any case");
        let coordinators = app.data(query, json!({ "f": { "role": "COORDINATOR" } })).await;
        assert_eq!(emails(&coordinators), ["an.gent@stad.test", "bo.brugge@stad.test"]);
        let members = app.data(query, json!({ "f": { "role": "PARTNER", "emailContains": "fietsdata" } })).await;
        assert_eq!(members["accounts"]["nodes"][0]["partner"]["id"], json!(partner));
        assert_eq!(members["accounts"]["totalCount"], 2);
        let literal = app.data(query, json!({ "f": { "emailContains": "lid_" } })).await;
        assert_eq!(emails(&literal), ["lid_een@fietsdata.test"], "`_` is a character, not a wildcard");
        let none = app.data(query, json!({ "f": { "emailContains": "%" } })).await;
        assert_eq!(none["accounts"]["totalCount"], 0, "`%` too");
        let gent_row = &stad["accounts"]["nodes"][0];
        assert_eq!((gent_row["role"].clone(), gent_row["cities"].clone(), gent_row["active"].clone(), gent_row["mustChangePassword"].clone()), (json!("COORDINATOR"), json!(["GENT"]), json!(true), json!(false)));
        assert!(gent_row["createdAt"].is_string() && gent_row["deactivatedAt"].is_null());

        // Two at a time, the pages add up to the whole list.
        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = app.data(query, json!({ "first": 2, "after": after })).await;
            paged.extend(emails(&page));
            if page["accounts"]["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["accounts"]["pageInfo"]["endCursor"].as_str().map(str::to_owned);
        }
        assert_eq!(paged, everyone);

        for (token, code) in [(None, "UNAUTHENTICATED"), (Some(gent.as_str()), "FORBIDDEN"), (Some(partner_member.as_str()), "FORBIDDEN")] {
            let answer = app.graphql_as(token, query, json!({})).await;
            assert_eq!(code_of(&answer["errors"][0]), code, "{answer:#}");
            assert!(!answer.to_string().contains("@stad.test"), "no address leaks: {answer:#}");
        }
    }
}

/// How many active admin accounts the database holds, read behind the API's back.
async fn active_admins(app: &TestApp) -> u64 {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    entities::account::Entity::find()
        .filter(entities::account::Column::Role.eq(Role::Admin))
        .filter(entities::account::Column::DeactivatedAt.is_null())
        .count(&app.db)
        .await
        .expect("a count")
}
