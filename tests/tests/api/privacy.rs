//! Accounts and privacy: signing up and logging in without giving away who has an account, consent
//! records, a copy of one's data, and erasure that leaves the personal data nowhere.

use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests, id_of};
use sea_orm::{DbBackend, FromQueryResult, JsonValue, Statement};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const SIGN_UP: &str = "mutation($email: String!, $contact: String!) { signUp(input: {
    email: $email, password: \"lang-genoeg-wachtwoord\", partnerName: \"Lotte Peeters\", stakeholderType: CITIZEN,
    homeCity: GENT, description: \"Buurtbewoner die luchtkwaliteit meet.\",
    contact: { name: \"Lotte Peeters\", email: $contact, phone: \"+32 470 00 00 00\" }, termsVersion: \"2026-11\" }) { message } }";
const LOGIN: &str = "mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { token account { role } } }";

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.graphql_as(None, LOGIN, json!({ "email": email, "password": password }))
        .await
}

/// Every table and row of the database, as text, to look for personal data behind the API's back.
async fn every_row(app: &TestApp) -> String {
    let backend = app.db.get_database_backend();
    let tables = match backend {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    let names = JsonValue::find_by_statement(Statement::from_string(backend, tables))
        .all(&app.db)
        .await
        .expect("the tables");
    let mut dump = String::new();
    for name in names {
        let name = name["name"].as_str().expect("a table name").to_owned();
        let rows = JsonValue::find_by_statement(Statement::from_string(
            backend,
            format!("SELECT * FROM \"{name}\""),
        ))
        .all(&app.db)
        .await
        .expect("the rows");
        for row in rows {
            dump.push_str(&row.to_string());
            dump.push('\n');
        }
    }
    dump.to_lowercase()
}

async fn search_total(app: &TestApp, query: &str) -> u64 {
    app.data_as(
        None,
        "query($q: String!) { search(query: $q) { totalCount } }",
        json!({ "q": query }),
    )
    .await["search"]["totalCount"]
        .as_u64()
        .expect("a count")
}

/// Which of `needles` occur anywhere in the bytes of the SQLite database's files: the database, its
/// write-ahead log and its shared-memory index.
fn found_in_sqlite_files(file: &Path, needles: &[&str]) -> Vec<String> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(content) = std::fs::read(format!("{}{suffix}", file.display())) {
            bytes.extend(content);
        }
    }
    needles
        .iter()
        .filter(|needle| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|needle| (*needle).to_owned())
        .collect()
}

/// Creates a success story as the admin (a draft is enough: the team reads it all the same); its id.
async fn story(app: &TestApp, input: Value) -> String {
    let created = app.data("mutation($input: CreateSuccessStoryInput!) { createSuccessStory(input: $input) { successStory { id } } }", json!({ "input": input })).await;
    id_of(&created["createSuccessStory"]["successStory"])
}

/// A success story as the team reads it.
async fn read_story(app: &TestApp, id: &str) -> Value {
    app.data("query($id: ID!) { successStory(id: $id) { slug title summary body impactFigures { label value } } }", json!({ "id": id }))
        .await["successStory"]
        .clone()
}

/// Creates and approves a partner with a contact; its id.
async fn partner_with_contact(app: &TestApp, name: &str, kind: &str, contact: Value) -> String {
    let created = app.data("mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
        json!({ "input": { "name": name, "stakeholderType": kind, "homeCity": "GENT", "contact": contact } })).await;
    let partner = id_of(&created["createPartner"]["partner"]);
    app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
    partner
}

/// Erases a partner; the ids of the stories the team is told to read again.
async fn erase(app: &TestApp, partner: &str) -> Vec<String> {
    let erased = app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { storiesToReview { id } } }", json!({ "id": partner })).await;
    erased["erasePartner"]["storiesToReview"]
        .as_array()
        .expect("a list")
        .iter()
        .map(id_of)
        .collect()
}

db_tests! {
    async fn erased_personal_data_leaves_no_copy_in_the_sqlite_files(app) {
        let Some(file) = app.sqlite_file().map(Path::to_owned) else {
            eprintln!("notice: not checked on PostgreSQL: its write-ahead log and data files are the database server's to recycle (VACUUM, checkpoints); this test reads SQLite's own files");
            return;
        };
        let sign_up = "mutation($email: String!, $name: String!, $contact: String!, $phone: String!) { signUp(input: {
            email: $email, password: \"lang-genoeg-wachtwoord\", partnerName: $name, stakeholderType: CITIZEN,
            contact: { name: $name, email: $contact, phone: $phone }, termsVersion: \"2026-11\" }) { message } }";
        let people = [
            ("quirina.account@burgers.test", "Quirina Zonnebloemhart", "quirina.zonnebloemhart@geheim.test", "+32 479 81 62 37"),
            ("bartholomeus.account@burgers.test", "Bartholomeus Kwakkelstein", "bartholomeus.kwakkelstein@geheim.test", "+32 468 27 19 54"),
        ];
        let mut tokens = Vec::new();
        for (email, name, contact, phone) in people {
            app.data_as(None, sign_up, json!({ "email": email, "name": name, "contact": contact, "phone": phone })).await;
            let session = login(&app, email, "lang-genoeg-wachtwoord").await;
            tokens.push(session["data"]["login"]["token"].as_str().expect("a token").to_owned());
        }
        let needles = |(email, name, contact, phone): (&'static str, &'static str, &'static str, &'static str)| vec![email, name, contact, phone];
        let first = needles(people[0]);
        assert_eq!(found_in_sqlite_files(&file, &first), first, "the scan sees the data while it is stored");

        // An admin erases the first partner.
        let partner = id_of(&app.data_as(Some(&tokens[0]), "{ me { partner { id } } }", json!({})).await["me"]["partner"]);
        app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { name } } }", json!({ "id": partner })).await;
        assert_eq!(found_in_sqlite_files(&file, &first), Vec::<String>::new(), "erasePartner left a copy in lode.db, lode.db-wal or lode.db-shm");

        // The second partner's last member deletes the account.
        let second = needles(people[1]);
        assert_eq!(found_in_sqlite_files(&file, &second), second);
        app.data_as(Some(&tokens[1]), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        assert_eq!(found_in_sqlite_files(&file, &second), Vec::<String>::new(), "deleteMyAccount left a copy in lode.db, lode.db-wal or lode.db-shm");
    }

    async fn signing_up_and_logging_in_tell_nobody_which_addresses_have_accounts(app) {
        let first = app.data_as(None, SIGN_UP, json!({ "email": "Lotte@Burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let again = app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "iemand.anders@private.test" })).await;
        assert_eq!(first, again, "a taken address gets the same answer");
        let pending = app.data("{ partners(filter: { status: [PENDING] }) { totalCount } }", json!({})).await;
        assert_eq!(pending["partners"]["totalCount"], 1, "and nothing more is created");
        // A fault in the profile gets the same answer for a taken address as for a free one.
        let bad_profile = "mutation($e: String!) { signUp(input: { email: $e, password: \"lang-genoeg-wachtwoord\", partnerName: \"Burgers\", stakeholderType: CITIZEN, website: \"geen url\", contact: { name: \"L\", email: \"l@private.test\" }, termsVersion: \"2026-11\" }) { message } }";
        let taken = app.graphql_as(None, bad_profile, json!({ "e": "lotte@burgers.test" })).await;
        let free = app.graphql_as(None, bad_profile, json!({ "e": "nog.vrij@burgers.test" })).await;
        assert_eq!((code_of(&taken["errors"][0]), &taken["errors"][0]["extensions"]["field"]), ("VALIDATION", &json!("website")), "{taken:#}");
        assert_eq!(taken["errors"], free["errors"]);

        let wrong_password = login(&app, "lotte@burgers.test", "verkeerd-wachtwoord").await;
        let unknown_address = login(&app, "niemand@burgers.test", "verkeerd-wachtwoord").await;
        assert_eq!(code_of(&wrong_password["errors"][0]), "UNAUTHENTICATED");
        assert_eq!(wrong_password["errors"][0]["message"], unknown_address["errors"][0]["message"], "one answer for every failed login");

        let short = app.graphql_as(None, "mutation { signUp(input: { email: \"kort@burgers.test\", password: \"kort\", partnerName: \"K\", stakeholderType: CITIZEN, contact: { name: \"K\", email: \"k@private.test\" }, termsVersion: \"2026-11\" }) { message } }", json!({})).await;
        assert_eq!(code_of(&short["errors"][0]), "VALIDATION");
        assert_eq!(short["errors"][0]["extensions"]["field"], "password");

        let session = login(&app, "LOTTE@burgers.test", "lang-genoeg-wachtwoord").await;
        assert_eq!(session["data"]["login"]["account"]["role"], "PARTNER");
        let token = session["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let me = app.data_as(Some(&token), "{ me { email partner { name status contact { email } } consents { purpose textVersion active } } }", json!({})).await;
        assert_eq!(me["me"]["email"], "lotte@burgers.test");
        assert_eq!(me["me"]["partner"]["status"], "PENDING", "the team approves new partners");
        assert_eq!(me["me"]["partner"]["contact"]["email"], "lotte.peeters@private.test");
        assert_eq!(me["me"]["consents"], json!([{ "purpose": "TERMS", "textVersion": "2026-11", "active": true }]));

        app.data_as(Some(&token), "mutation { logout { ended } }", json!({})).await;
        let after = app.graphql_as(Some(&token), "{ me { email } }", json!({})).await;
        assert_eq!(code_of(&after["errors"][0]), "UNAUTHENTICATED", "a revoked token signs nobody in");
        let anonymous = app.data_as(None, "{ me { email } }", json!({})).await;
        assert_eq!(anonymous["me"], Value::Null);
    }

    async fn common_and_breached_passwords_are_refused_wherever_a_password_is_set(app) {
        let sign_up = "mutation($p: String!) { signUp(input: { email: \"zwak@burgers.test\", password: $p, partnerName: \"Zwak\", stakeholderType: CITIZEN, contact: { name: \"Z\", email: \"z@private.test\" }, termsVersion: \"2026-11\" }) { message } }";
        for common in ["Password1234", "welkom123456", "qwertyuiop12"] {
            let refused = app.graphql_as(None, sign_up, json!({ "p": common })).await;
            let error = &refused["errors"][0];
            assert_eq!(code_of(error), "VALIDATION", "{common}: {refused}");
            assert_eq!(error["extensions"]["field"], "password");
            let message = error["message"].as_str().expect("a message");
            assert!(message.starts_with("password is too easy to guess: ") && message.contains("common"), "the estimator's advice: {message}");
        }
        let pending = app.data("{ partners(filter: { status: [PENDING] }) { totalCount } }", json!({})).await;
        assert_eq!(pending["partners"]["totalCount"], 0, "nothing was signed up");

        let create = app.error("mutation { createAccount(input: { email: \"coordinator@lode.test\", password: \"Password1234\", role: COORDINATOR, cities: [GENT] }) { account { id } } }", json!({})).await;
        assert_eq!(code_of(&create), "VALIDATION");
        assert_eq!(create["extensions"]["field"], "password");

        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let token = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let change = "mutation($n: String!) { changePassword(input: { currentPassword: \"lang-genoeg-wachtwoord\", newPassword: $n }) { changed } }";
        for weak in ["welkom123456", "lotte@burgers.test"] {
            let refused = app.graphql_as(Some(&token), change, json!({ "n": weak })).await;
            assert_eq!(code_of(&refused["errors"][0]), "VALIDATION", "{weak}: {refused}");
            assert_eq!(refused["errors"][0]["extensions"]["field"], "newPassword");
        }
        assert_eq!(app.data_as(Some(&token), "{ me { email } }", json!({})).await["me"]["email"], "lotte@burgers.test", "a refused change ends no session");
    }

    async fn changing_the_password_ends_every_session(app) {
        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let token = |answer: Value| answer["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let first = token(login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await);
        let second = token(login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await);
        let change = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { changed } }";
        let wrong = app.graphql_as(Some(&first), change, json!({ "c": "niet-het-wachtwoord", "n": "een-nieuw-wachtwoord" })).await;
        assert_eq!(code_of(&wrong["errors"][0]), "VALIDATION");
        assert_eq!(wrong["errors"][0]["extensions"]["field"], "currentPassword");
        app.data_as(Some(&first), change, json!({ "c": "lang-genoeg-wachtwoord", "n": "een-nieuw-wachtwoord" })).await;
        for old in [&first, &second] {
            let refused = app.graphql_as(Some(old), "{ me { email } }", json!({})).await;
            assert_eq!(code_of(&refused["errors"][0]), "UNAUTHENTICATED", "every session ended");
        }
        assert_eq!(code_of(&login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await["errors"][0]), "UNAUTHENTICATED");
        let fresh = token(login(&app, "lotte@burgers.test", "een-nieuw-wachtwoord").await);
        assert_eq!(app.data_as(Some(&fresh), "{ me { email } }", json!({})).await["me"]["email"], "lotte@burgers.test");
    }

    async fn consent_is_recorded_with_its_version_and_withdrawn_without_losing_history(app) {
        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let token = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let give = "mutation($v: String!) { giveConsent(input: { purpose: NEWSLETTER, textVersion: $v }) { consents { purpose textVersion active } } }";
        app.data_as(Some(&token), give, json!({ "v": "v1" })).await;
        let same = app.data_as(Some(&token), give, json!({ "v": "v1" })).await;
        assert_eq!(same["giveConsent"]["consents"][0]["textVersion"], "v1");
        app.data_as(Some(&token), give, json!({ "v": "v2" })).await;
        let withdrawn = app.data_as(Some(&token), "mutation { withdrawConsent(input: { purpose: NEWSLETTER }) { consents { textVersion active } } }", json!({})).await;
        assert_eq!(withdrawn["withdrawConsent"]["consents"], json!([{ "textVersion": "v2", "active": false }]));
        let terms = app.graphql_as(Some(&token), "mutation { withdrawConsent(input: { purpose: TERMS }) { consents { active } } }", json!({})).await;
        assert_eq!(code_of(&terms["errors"][0]), "CONFLICT", "the terms go with the account");
        let unknown_terms = app.graphql_as(Some(&token), "mutation { giveConsent(input: { purpose: TERMS, textVersion: \"1999-01\" }) { consents { active } } }", json!({})).await;
        assert_eq!(code_of(&unknown_terms["errors"][0]), "VALIDATION", "only the terms that exist: {unknown_terms:#}");
        assert_eq!(unknown_terms["errors"][0]["extensions"]["field"], "textVersion");
        let history = app.data_as(Some(&token), "{ me { consents { purpose textVersion active withdrawnAt } } }", json!({})).await;
        let newsletter: Vec<&Value> = history["me"]["consents"].as_array().expect("consents").iter().filter(|c| c["purpose"] == "NEWSLETTER").collect();
        assert_eq!(newsletter.len(), 2, "v1 superseded by v2, both kept");
        assert!(newsletter.iter().all(|c| c["active"] == false && !c["withdrawnAt"].is_null()));
    }

    async fn an_erased_partner_leaves_no_personal_data_in_the_database_or_in_search(app) {
        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let session = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await;
        let token = session["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let partner = app.data_as(Some(&token), "{ me { partner { id } } }", json!({})).await;
        let partner = id_of(&partner["me"]["partner"]);
        app.data_as(Some(&token), "mutation { giveConsent(input: { purpose: EVENT_PHOTOS, textVersion: \"v1\" }) { consents { active } } }", json!({})).await;

        let export = app.data_as(Some(&token), "{ exportMyData }", json!({})).await;
        let text = export["exportMyData"].to_string();
        for expected in ["lotte@burgers.test", "lotte.peeters@private.test", "EVENT_PHOTOS", "Lotte Peeters"] {
            assert!(text.contains(expected), "the export holds {expected}: {text}");
        }
        assert!(!text.contains("argon2") && !text.contains("token_hash"), "no password or token hashes in the export");

        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
        let event = app.open_event("Meetavond", 20).await;
        let registration = app.data_as(Some(&token), "mutation($e: ID!) { registerForEvent(input: { eventId: $e }) { registration { code } } }", json!({ "e": event })).await;
        let code = registration["registerForEvent"]["registration"]["code"].as_str().expect("a code").to_owned();
        app.data("mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }", json!({ "e": event, "c": code })).await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search_total(&app, "Lotte Peeters").await, 1, "an approved partner is found");

        assert!(every_row(&app).await.contains("lotte.peeters@private.test"), "the scan sees the contact while it is stored");
        let erased = app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { name erasedAt status contact { email } } } }", json!({ "id": partner })).await;
        assert_eq!(erased["erasePartner"]["partner"]["name"], "Erased partner");
        assert_eq!(erased["erasePartner"]["partner"]["status"], "ARCHIVED");
        assert_eq!(erased["erasePartner"]["partner"]["contact"], Value::Null);
        assert!(!erased["erasePartner"]["partner"]["erasedAt"].is_null());

        let gone = app.graphql_as(Some(&token), "{ me { email } }", json!({})).await;
        assert_eq!(code_of(&gone["errors"][0]), "UNAUTHENTICATED", "the account went with the partner");
        let relogin = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await;
        assert_eq!(code_of(&relogin["errors"][0]), "UNAUTHENTICATED");

        app.wait_for_index(Duration::from_secs(30)).await;
        for needle in ["lotte.peeters@private.test", "lotte@burgers.test", "Lotte Peeters", "+32 470"] {
            assert_eq!(search_total(&app, needle).await, 0, "search finds nothing of {needle}");
        }
        let rows = every_row(&app).await;
        for needle in ["lotte.peeters@private.test", "lotte@burgers.test", "lotte peeters", "+32 470", "buurtbewoner"] {
            assert!(!rows.contains(needle), "the database still holds {needle}");
        }

        let attendance = app.data("query($id: ID!) { event(id: $id) { seatsTaken attendance { stakeholderType attended } } }", json!({ "id": event })).await;
        assert_eq!(attendance["event"]["attendance"], json!([{ "stakeholderType": "CITIZEN", "attended": 1 }]), "the anonymised registration still counts");
        let audit = app.data("query($id: UUID!) { auditLog(filter: { action: \"erasePartner\", subjectId: $id }) { totalCount } }", json!({ "id": lode_tests::uuid_of(&partner) })).await;
        assert_eq!(audit["auditLog"]["totalCount"], 1, "the erasure is recorded");
        let again = app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { name } } }", json!({ "id": partner })).await;
        assert_eq!(again["erasePartner"]["partner"]["name"], "Erased partner", "erasing twice changes nothing");
        let approve = app.error("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
        assert_eq!(code_of(&approve), "CONFLICT", "an erased partner stays erased");
    }

    async fn the_names_of_the_people_who_come_are_their_partners_and_the_teams_only(app) {
        use entities::values::{Role, StakeholderType};
        let event = app.open_event("Meetavond", 20).await;
        let partners = app.approved_partners(2, StakeholderType::Citizen).await;
        let own = app.account("eigen@partner.test", Role::Partner, &[], Some(&partners[0])).await;
        let other = app.account("ander@partner.test", Role::Partner, &[], Some(&partners[1])).await;
        let signed_up = app.data_as(Some(&own), "mutation($e: ID!) { registerForEvent(input: { eventId: $e, people: [\"Quirijn Vandenbossche\", \"Ysaline Goossenaerts\"] }) { registration { id people { name } } } }", json!({ "e": event })).await;
        let registration = id_of(&signed_up["registerForEvent"]["registration"]);
        let names = json!([{ "name": "Quirijn Vandenbossche" }, { "name": "Ysaline Goossenaerts" }]);
        assert_eq!(signed_up["registerForEvent"]["registration"]["people"], names);

        let listed = "query($e: ID!) { event(id: $e) { registrations { people { name } } } }";
        let by_id = "query($id: ID!) { node(id: $id) { ... on Registration { people { name } } } }";
        for (token, who) in [(None, "the public"), (Some(other.as_str()), "another partner")] {
            let list = app.data_as(token, listed, json!({ "e": event })).await;
            assert_eq!(list["event"]["registrations"], json!([]), "{who} sees no registration");
            let node = app.data_as(token, by_id, json!({ "id": registration })).await;
            assert_eq!(node["node"], Value::Null, "{who} reads no names");
        }
        for token in [Some(own.as_str()), Some(app.admin_token.as_str())] {
            let node = app.data_as(token, by_id, json!({ "id": registration })).await;
            assert_eq!(node["node"]["people"], names, "the partner and the team read them");
        }
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search_total(&app, "Vandenbossche").await, 0, "names are never indexed");
        assert_eq!(lode_tests::logged("Vandenbossche"), Vec::<String>::new(), "names are never logged");
        assert!(every_row(&app).await.contains("vandenbossche"), "the scan sees the names while they are stored");

        app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { name } } }", json!({ "id": partners[0] })).await;
        let node = app.data(by_id, json!({ "id": registration })).await;
        assert_eq!(node["node"]["people"], json!([{ "name": "Erased person" }, { "name": "Erased person" }]), "the people stay, for the figures, without their names");
        let rows = every_row(&app).await;
        for needle in ["vandenbossche", "goossenaerts"] {
            assert!(!rows.contains(needle), "the database still holds {needle}");
        }
        let seats = app.data("query($e: ID!) { event(id: $e) { seatsTaken } }", json!({ "e": event })).await;
        assert_eq!(seats["event"]["seatsTaken"], 2);
    }

    async fn an_erased_partner_leaves_its_success_stories_and_the_team_is_told_which_to_read_again(app) {
        let partner = app.data("mutation { createPartner(input: { name: \"Wannes Vermeulen-Dobbelaere\", stakeholderType: CITIZEN, homeCity: GENT,
            contact: { name: \"Wannes Vermeulen-Dobbelaere\", email: \"wannes.vd@privaat.test\", phone: \"+32 471 55 66 77\" } }) { partner { id } } }", json!({})).await;
        let partner = id_of(&partner["createPartner"]["partner"]);
        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
        let create = "mutation($input: CreateSuccessStoryInput!) { createSuccessStory(input: $input) { successStory { id } } }";
        let mut stories = Vec::new();
        for input in [
            // Named in its title, body and figures, and linked.
            json!({ "title": "Wannes Vermeulen-Dobbelaere telt de fietsers", "city": "GENT", "partnerIds": [partner],
                    "summary": "Een buurtbewoner telt fietsers aan de Coupure.",
                    "body": "WANNES VERMEULEN-DOBBELAERE (wannes.vd@privaat.test, +32 471 55 66 77) zette een teller op zijn vensterbank.",
                    "impactFigures": [{ "label": "Tellingen door Wannes Vermeulen-Dobbelaere", "value": "12.000" }] }),
            // Named in its text only.
            json!({ "title": "Fietstellingen worden open data", "city": "GENT", "summary": "Met dank aan wannes vermeulen-dobbelaere.", "body": "De stad publiceert de tellingen." }),
            // Linked only.
            json!({ "title": "Een jaar fietstellingen", "city": "GENT", "partnerIds": [partner], "body": "Een buurtbewoner telde mee." }),
            // Neither: left alone.
            json!({ "title": "Luchtmetingen aan de schoolpoort", "city": "GENT", "body": "Ouders meten fijnstof; Wannesstraat blijft Wannesstraat." }),
        ] {
            let created = app.data(create, json!({ "input": input })).await;
            let story = id_of(&created["createSuccessStory"]["successStory"]);
            for status in ["IN_REVIEW", "PUBLISHED"] {
                app.data("mutation($id: ID!, $s: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $s }) { successStory { id } } }", json!({ "id": story, "s": status })).await;
            }
            stories.push(story);
        }
        app.wait_for_index(Duration::from_secs(30)).await;
        let read = "query($id: ID!) { successStory(id: $id) { slug title summary body impactFigures { label value } partners { id name } updatedAt } }";
        let before = app.data_as(None, read, json!({ "id": stories[0] })).await;
        assert_eq!(before["successStory"]["partners"][0]["id"], partner.as_str(), "the story lists the partner publicly");
        assert!(before["successStory"]["slug"].as_str().expect("a slug").contains("vermeulen-dobbelaere"));
        assert_eq!(search_total(&app, "Vermeulen-Dobbelaere").await, 3, "the partner and two stories are found by name");
        let untouched = app.data(read, json!({ "id": stories[3] })).await;

        let erased = app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { name } storiesToReview { id title } } }", json!({ "id": partner })).await;
        let to_review: Vec<String> = erased["erasePartner"]["storiesToReview"].as_array().expect("a list").iter().map(id_of).collect();
        assert_eq!(to_review, stories[..3], "the team is told which stories to read again, and only those");
        assert_eq!(erased["erasePartner"]["storiesToReview"][0]["title"], "[erased] telt de fietsers");

        app.wait_for_index(Duration::from_secs(30)).await;
        for (n, story) in stories[..3].iter().enumerate() {
            for token in [None, Some(app.admin_token.as_str())] {
                let after = app.data_as(token, read, json!({ "id": story })).await;
                let text = after.to_string().to_lowercase();
                for needle in ["wannes", "vermeulen", "dobbelaere", "privaat.test", "+32 471"] {
                    assert!(!text.contains(needle), "story {n} still names the partner ({needle}): {after}");
                }
                assert_eq!(after["successStory"]["partners"], json!([]), "story {n} no longer links the partner");
            }
        }
        let first = app.data_as(None, read, json!({ "id": stories[0] })).await;
        assert_eq!(first["successStory"]["body"], "[erased] ([erased], [erased]) zette een teller op zijn vensterbank.");
        assert_eq!(first["successStory"]["impactFigures"], json!([{ "label": "Tellingen door [erased]", "value": "12.000" }]));
        assert_eq!(first["successStory"]["slug"], "erased-telt-de-fietsers", "a slug that spelled the name is made anew");
        // Every word of the names, apart: none is in the index. ("Wannes" alone finds the Wannesstraat, which
        // is no mention of the partner, and so does a query that starts with it once its other words find
        // nothing.)
        for needle in ["Vermeulen-Dobbelaere", "Vermeulen", "Dobbelaere", "privaat.test", "vd@privaat.test"] {
            assert_eq!(search_total(&app, needle).await, 0, "search finds nothing of {needle}");
        }
        assert_eq!(search_total(&app, "fietsers vensterbank").await, 1, "the story itself is still found");
        assert_eq!(app.data(read, json!({ "id": stories[3] })).await, untouched, "a story that never named the partner is left alone");

        let entries = app.data("{ auditLog(filter: { action: \"erasePartner\" }) { nodes { subjectId } } }", json!({})).await;
        let subjects: Vec<&str> = entries["auditLog"]["nodes"].as_array().expect("entries").iter().filter_map(|e| e["subjectId"].as_str()).collect();
        for story in &stories[..3] {
            assert!(subjects.contains(&lode_tests::uuid_of(story).to_string().as_str()), "each story changed has its audit entry");
        }
        assert!(subjects.contains(&lode_tests::uuid_of(&partner).to_string().as_str()));
    }

    async fn deleting_the_last_account_of_a_partner_erases_the_partner(app) {
        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let token = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let partner = id_of(&app.data_as(Some(&token), "{ me { partner { id } } }", json!({})).await["me"]["partner"]);
        app.data_as(Some(&token), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        let left = app.data("query($id: ID!) { partner(id: $id) { name erasedAt } }", json!({ "id": partner })).await;
        assert_eq!(left["partner"]["name"], "Erased partner");
        assert!(!every_row(&app).await.contains("lotte"), "nothing of the person is left");
        let last_admin = app.error("mutation { deleteMyAccount { deletedId } }", json!({})).await;
        assert_eq!(code_of(&last_admin), "CONFLICT", "the last admin stays");
    }

    async fn the_last_active_member_leaving_erases_the_partner_whatever_deactivated_accounts_remain(app) {
        let partner = app.approved_partner("Slapers", "COMPANY").await;
        let active = app.account("wakker@slapers.test", Role::Partner, &[], Some(&partner)).await;
        let asleep = app.account("slaper@slapers.test", Role::Partner, &[], Some(&partner)).await;
        let asleep_id = id_of(&app.data_as(Some(&asleep), "{ me { id } }", json!({})).await["me"]);
        app.data("mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { active } } }", json!({ "id": asleep_id })).await;
        // Removing the active member is refused: a deactivated account signs in for nobody.
        let active_id = id_of(&app.data_as(Some(&active), "{ me { id } }", json!({})).await["me"]);
        let removed = app.error("mutation($id: ID!) { removePartnerMember(input: { accountId: $id }) { deletedId } }", json!({ "id": active_id })).await;
        assert_eq!(code_of(&removed), "CONFLICT", "{removed:#}");
        // Leaving as its last active member erases the partner, and the deactivated account with it.
        app.data_as(Some(&active), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        let left = app.data("query($id: ID!) { partner(id: $id) { name erasedAt } }", json!({ "id": partner })).await;
        assert_eq!(left["partner"]["name"], "Erased partner", "{left:#}");
        assert!(!every_row(&app).await.contains("slapers.test"), "no account of it is left");
    }

    async fn the_last_member_leaving_takes_their_own_address_out_of_the_stories(app) {
        app.data_as(None, SIGN_UP, json!({ "email": "lotte@burgers.test", "contact": "lotte.peeters@private.test" })).await;
        let token = login(&app, "lotte@burgers.test", "lang-genoeg-wachtwoord").await["data"]["login"]["token"].as_str().expect("a token").to_owned();
        let told = story(&app, json!({ "title": "Fijnstof in de Brugse Poort", "body": "Vragen over de metingen? Mail lotte@burgers.test." })).await;
        app.data_as(Some(&token), "mutation { deleteMyAccount { deletedId } }", json!({})).await;
        assert_eq!(read_story(&app, &told).await["body"], "Vragen over de metingen? Mail [erased].");
        assert!(!every_row(&app).await.contains("lotte@burgers.test"), "the address is nowhere");
        let audit = app.data("query($id: UUID!) { auditLog(filter: { action: \"deleteMyAccount\", subjectId: $id }) { totalCount } }", json!({ "id": lode_tests::uuid_of(&told) })).await;
        assert_eq!(audit["auditLog"]["totalCount"], 1, "the team finds the story to read again");
    }

    async fn erasure_finds_a_name_however_it_is_written_and_the_partners_own_slug(app) {
        let partner = partner_with_contact(&app, "Élise Van Damme", "CITIZEN",
            json!({ "name": "Élise Van Damme", "email": "elise@privaat.test", "phone": "+32 470 12 34 56" })).await;
        let slug = app.data("query($id: ID!) { partner(id: $id) { slug } }", json!({ "id": partner })).await["partner"]["slug"].clone();
        assert_eq!(slug, "elise-van-damme");
        // Decomposed accents and a no-break space, a new line and a tab between the words.
        let spelled = story(&app, json!({ "title": "Fijnstof aan de telpaal", "summary": "Met E\u{301}lise\u{A0}Van\n\tDamme aan de telpaal." })).await;
        let linked = story(&app, json!({ "title": "Wie meet er mee?", "body": "Lees [haar verhaal](#/partners/elise-van-damme)." })).await;
        // The slug still spells the name, though the title no longer does.
        let slugged = story(&app, json!({ "title": "Fijnstof aan de schoolpoort", "slug": "elise-van-damme-meet-fijnstof" })).await;
        let street = story(&app, json!({ "title": "Metingen in de straat", "body": "In de Élise Van Dammestraat wordt gemeten." })).await;
        let untouched = read_story(&app, &street).await;

        assert_eq!(erase(&app, &partner).await, [spelled.clone(), linked.clone(), slugged.clone()], "only the stories that named her");
        assert_eq!(read_story(&app, &spelled).await["summary"], "Met [erased] aan de telpaal.");
        assert_eq!(read_story(&app, &linked).await["body"], "Lees [haar verhaal](#/partners/[erased]).");
        assert_eq!(read_story(&app, &slugged).await["slug"], "fijnstof-aan-de-schoolpoort", "a slug that spelled the name is made anew");
        assert_eq!(read_story(&app, &street).await, untouched, "a street named like her is not her");
    }

    async fn erasure_takes_an_organisations_name_out_of_its_own_stories_only_and_people_out_of_all(app) {
        let partner = partner_with_contact(&app, "Claes", "COMPANY",
            json!({ "name": "Claes Bouw", "email": "claes.bouw@privaat.test", "phone": "+32 9 123 45 67" })).await;
        let own = story(&app, json!({ "title": "Claes bouwt mee aan de teller", "partnerIds": [partner] })).await;
        // A title at the longest allowed that the mention makes longer.
        let long_title = format!("Claes{}", " telt".repeat(39));
        assert_eq!(long_title.chars().count(), 200);
        let long = story(&app, json!({ "title": long_title, "partnerIds": [partner] })).await;
        let other = story(&app, json!({ "title": "Familie Claes opent een winkel", "body": "Mail claes.bouw@privaat.test of bel +32 9 123 45 67." })).await;
        let unrelated = story(&app, json!({ "title": "Claes bouwt een tweede winkel" })).await;
        let untouched = read_story(&app, &unrelated).await;

        assert_eq!(erase(&app, &partner).await, [own.clone(), long.clone(), other.clone()]);
        let own = read_story(&app, &own).await;
        assert_eq!((&own["title"], &own["slug"]), (&json!("[erased] bouwt mee aan de teller"), &json!("erased-bouwt-mee-aan-de-teller")));
        let cut = read_story(&app, &long).await;
        let title = cut["title"].as_str().expect("a title");
        assert!(title.starts_with("[erased] telt") && title.ends_with('…') && title.chars().count() <= 200, "cut to the rules: {title}");
        let edit = app.graphql("mutation($id: ID!) { updateSuccessStory(input: { id: $id, summary: \"Nagelezen.\" }) { successStory { id } } }", json!({ "id": long })).await;
        assert!(edit.get("errors").is_none(), "the team can still edit the story: {edit}");
        let other = read_story(&app, &other).await;
        assert_eq!(other["title"], "Familie Claes opent een winkel", "another story's Claes is not the partner");
        assert_eq!(other["body"], "Mail [erased] of bel [erased].", "but its contact's data goes everywhere");
        assert_eq!(read_story(&app, &unrelated).await, untouched);
    }

    async fn a_partners_members_see_each_others_addresses_and_remove_one_but_never_the_last(app) {
        let partner = app.approved_partner("Bouwers", "COMPANY").await;
        let other = app.approved_partner("Anderen", "CITIZEN").await;
        let anna = app.account("anna@bouwers.test", Role::Partner, &[], Some(&partner)).await;
        let bert = app.account("bert@bouwers.test", Role::Partner, &[], Some(&partner)).await;
        let outsider = app.account("olga@anderen.test", Role::Partner, &[], Some(&other)).await;
        let coordinator = app.account("coordinator@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let members = "query($id: ID!) { partner(id: $id) { accounts { id email active isViewer } } }";
        let seen = app.data_as(Some(&anna), members, json!({ "id": partner })).await;
        let accounts = seen["partner"]["accounts"].as_array().expect("the members see the accounts").clone();
        let emails: Vec<&str> = accounts.iter().filter_map(|a| a["email"].as_str()).collect();
        assert_eq!(emails, ["anna@bouwers.test", "bert@bouwers.test"]);
        assert_eq!(accounts[0]["isViewer"], true);
        assert_eq!(accounts[1]["isViewer"], false);
        let admin_sees = app.data(members, json!({ "id": partner })).await;
        assert_eq!(admin_sees["partner"]["accounts"].as_array().map(Vec::len), Some(2), "admins see them too");
        for token in [Some(outsider.as_str()), Some(coordinator.as_str()), None] {
            let answer = app.data_as(token, members, json!({ "id": partner })).await;
            assert_eq!(answer["partner"]["accounts"], Value::Null, "nobody else reads the addresses");
        }
        let remove = "mutation($id: ID!) { removePartnerMember(input: { accountId: $id }) { deletedId } }";
        let bert_id = id_of(&accounts[1]);
        let refused = app.graphql_as(Some(&outsider), remove, json!({ "id": bert_id })).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN", "another partner's member may not");
        let removed = app.data_as(Some(&anna), remove, json!({ "id": bert_id })).await;
        assert_eq!(removed["removePartnerMember"]["deletedId"], bert_id.as_str());
        let gone = app.graphql_as(Some(&bert), "{ me { id } }", json!({})).await;
        assert!(gone["data"]["me"].is_null(), "the removed account's session ended: {gone:#}");
        assert!(!every_row(&app).await.contains("bert@bouwers.test"), "nothing of the account is left");
        let left = app.data_as(Some(&anna), members, json!({ "id": partner })).await;
        assert_eq!(left["partner"]["accounts"].as_array().map(Vec::len), Some(1));
        let last = app.graphql_as(Some(&anna), remove, json!({ "id": id_of(&accounts[0]) })).await;
        assert_eq!(code_of(&last["errors"][0]), "CONFLICT", "the last member stays: {last:#}");
        let by_admin = app.error(remove, json!({ "id": id_of(&accounts[0]) })).await;
        assert_eq!(code_of(&by_admin), "CONFLICT", "not even an admin removes the last member");
        let audit = app
            .data("query($id: UUID!) { auditLog(filter: { action: \"removePartnerMember\", subjectId: $id }) { totalCount } }", json!({ "id": lode_tests::uuid_of(&bert_id) }))
            .await;
        assert_eq!(audit["auditLog"]["totalCount"], 1, "the removal is audited");
    }
}
