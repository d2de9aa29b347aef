//! A partner's profile from sign-up on: the capabilities, data and interests a sign-up gives (and matching
//! reads), the terms it accepts, and a refusal with a reason only the team and the partner's members read.

use entities::values::{City, Role};
use lode_tests::{TestApp, code_of, db_tests, id_of};
use serde_json::{Value, json};
use std::time::Duration;

const PASSWORD: &str = "lang-genoeg-wachtwoord";

const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) { message } }";

/// A sign-up's input, for a Ghent company measuring air quality.
fn sign_up_input(email: &str, name: &str, extra: Value) -> Value {
    let mut input = json!({
        "email": email, "password": PASSWORD, "partnerName": name, "stakeholderType": "COMPANY",
        "homeCity": "GENT", "contact": { "name": "Lotte Peeters", "email": "lotte@private.test" },
        "termsVersion": "2026-11",
    });
    for (key, value) in extra.as_object().expect("an object") {
        input[key] = value.clone();
    }
    input
}

/// Signs up anonymously and returns the new partner's token, once logged in.
async fn sign_up(app: &TestApp, email: &str, name: &str, extra: Value) -> String {
    app.data_as(
        None,
        SIGN_UP,
        json!({ "input": sign_up_input(email, name, extra) }),
    )
    .await;
    let data = app
        .data_as(
            None,
            "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }",
            json!({ "e": email, "p": PASSWORD }),
        )
        .await;
    data["login"]["token"].as_str().expect("a token").to_owned()
}

/// The signed-in partner's own profile.
async fn own_partner(app: &TestApp, token: &str) -> Value {
    let data = app
        .data_as(
            Some(token),
            "{ me { partner { id status capabilities dataOffered dataNeeded website interests { name } refusal { reason refusedAt } } } }",
            json!({}),
        )
        .await;
    data["me"]["partner"].clone()
}

/// How many partners the admin sees.
async fn partner_count(app: &TestApp) -> u64 {
    app.data("{ partners { totalCount } }", json!({})).await["partners"]["totalCount"]
        .as_u64()
        .expect("a count")
}

const REFUSE: &str = "mutation($id: ID!, $reason: String!) { refusePartner(input: { id: $id, reason: $reason }) { partner { status refusal { reason } } } }";

const READ_REFUSAL: &str = "query($id: ID!) { partner(id: $id) { status refusal { reason } } }";

db_tests! {
    async fn a_partner_signed_up_with_capabilities_is_matched_once_approved(app) {
        let vocabulary = app.data_as(None, "{ matchingVocabulary }", json!({})).await;
        let words = vocabulary["matchingVocabulary"].as_array().expect("words");
        assert!(words.iter().any(|w| w == "luchtkwaliteit"), "the concepts matching knows are offered: {words:?}");

        let domain = app.value_domain("Lucht").await;
        let case = app.pilot_case("Luchtmeetnet", &domain).await;
        app.data(
            "mutation($id: ID!) { updatePilotCase(input: { id: $id, neededCapabilities: [{ name: \"air quality\", weight: 5 }] }) { pilotCase { id } } }",
            json!({ "id": case }),
        )
        .await;
        let token = sign_up(
            &app,
            "meten@lucht.test",
            "Luchtmeters",
            json!({
                "website": "https://lucht.test",
                "capabilities": ["Luchtkwaliteit", " sensoren "],
                "dataOffered": ["fijnstofmetingen"],
                "dataNeeded": ["verkeerstellingen"],
                "interestIds": [domain],
            }),
        )
        .await;
        let partner = own_partner(&app, &token).await;
        assert_eq!(partner["status"], "PENDING");
        assert_eq!(partner["capabilities"], json!(["Luchtkwaliteit", "sensoren"]), "tags are tidied");
        assert_eq!(partner["dataOffered"], json!(["fijnstofmetingen"]));
        assert_eq!(partner["dataNeeded"], json!(["verkeerstellingen"]));
        assert_eq!(partner["website"], "https://lucht.test");
        assert_eq!(partner["interests"], json!([{ "name": "Lucht" }]));
        let id = id_of(&partner);

        let matches = "query($c: ID!) { matchPartners(pilotCaseId: $c, first: 100) { partner { id } breakdown { capabilities } } }";
        let before = app.data(matches, json!({ "c": case })).await;
        assert!(before["matchPartners"].as_array().expect("matches").iter().all(|m| id_of(&m["partner"]) != id), "a pending partner is not proposed");

        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": id })).await;
        let after = app.data(matches, json!({ "c": case })).await;
        let found = after["matchPartners"].as_array().expect("matches").iter().find(|m| id_of(&m["partner"]) == id).cloned();
        let found = found.expect("the approved partner is proposed for a case needing what it can do");
        assert!(found["breakdown"]["capabilities"].as_f64().expect("a score") > 0.0, "its capability meets the need: {found}");
    }

    async fn the_matching_vocabulary_answers_in_the_clients_language(app) {
        let query = "query($l: TermsLanguage!) { asked: matchingVocabulary(language: $l) unsaid: matchingVocabulary }";
        let words = |data: &Value, field: &str| -> Vec<String> {
            data[field].as_array().expect("words").iter().map(|w| w.as_str().expect("a word").to_owned()).collect()
        };
        let nl = app.data_as(None, query, json!({ "l": "NL" })).await;
        let en = app.data_as(None, query, json!({ "l": "EN" })).await;
        let (dutch, english) = (words(&nl, "asked"), words(&en, "asked"));
        assert_eq!(words(&nl, "unsaid"), dutch, "Dutch unless asked otherwise");
        assert_eq!(dutch.len(), english.len(), "one label per concept in each language");
        for (word, language) in [("luchtkwaliteit", &dutch), ("mobiliteit", &dutch), ("onderwijs", &dutch)] {
            assert!(language.iter().any(|w| w == word), "{word} in Dutch: {language:?}");
        }
        for (word, language) in [("air quality", &english), ("mobility", &english), ("education", &english)] {
            assert!(language.iter().any(|w| w == word), "{word} in English: {language:?}");
        }
        for dutch_only in ["luchtkwaliteit", "mobiliteit", "onderwijs", "gezondheid"] {
            assert!(!english.iter().any(|w| w == dutch_only), "no Dutch label for English clients: {english:?}");
        }
        let wrong = app.graphql_as(None, "{ matchingVocabulary(language: FR) }", json!({})).await;
        assert_eq!(code_of(&wrong["errors"][0]), "VALIDATION", "only the languages LODE writes in: {wrong}");

        // A tag picked from the English list meets the case's need written in Dutch.
        let domain = app.value_domain("Onderwijs").await;
        let case = app.pilot_case("Klasmetingen", &domain).await;
        app.data(
            "mutation($id: ID!) { updatePilotCase(input: { id: $id, neededCapabilities: [{ name: \"onderwijs\", weight: 5 }] }) { pilotCase { id } } }",
            json!({ "id": case }),
        )
        .await;
        let partner = app.approved_partner("Schoolnet", "EDUCATION_RESEARCH").await;
        app.data(
            "mutation($id: ID!) { updatePartner(input: { id: $id, capabilities: [\"education\"] }) { partner { id } } }",
            json!({ "id": partner }),
        )
        .await;
        let matches = app.data("query($c: ID!) { matchPartners(pilotCaseId: $c, first: 100) { partner { id } breakdown { capabilities } } }", json!({ "c": case })).await;
        let found = matches["matchPartners"].as_array().expect("matches").iter().find(|m| id_of(&m["partner"]) == partner).cloned().expect("the partner is proposed");
        assert_eq!(found["breakdown"]["capabilities"].as_f64(), Some(1.0), "{found}");
    }

    async fn the_terms_are_served_in_both_languages_and_a_sign_up_accepts_the_current_ones(app) {
        let query = "query($l: TermsLanguage!) { terms(language: $l) { version language text textHtml } }";
        let nl = app.data_as(None, query, json!({ "l": "NL" })).await["terms"].clone();
        let en = app.data_as(None, query, json!({ "l": "EN" })).await["terms"].clone();
        assert_eq!(nl["version"], "2026-11");
        assert_eq!(nl["version"], en["version"]);
        assert!(nl["text"].as_str().expect("a text").contains("privacyverklaring"));
        assert!(en["text"].as_str().expect("a text").contains("privacy notice"));
        assert!(en["textHtml"].as_str().expect("HTML").contains("<h2>"));

        let old = app
            .graphql_as(None, SIGN_UP, json!({ "input": sign_up_input("oud@terms.test", "Oud", json!({ "termsVersion": "2020-01" })) }))
            .await;
        assert_eq!(code_of(&old["errors"][0]), "VALIDATION");
        assert_eq!(old["errors"][0]["extensions"]["field"], "termsVersion");

        let token = sign_up(&app, "nieuw@terms.test", "Nieuw", json!({})).await;
        let me = app.data_as(Some(&token), "{ me { consents { purpose textVersion } } }", json!({})).await;
        assert_eq!(me["me"]["consents"], json!([{ "purpose": "TERMS", "textVersion": "2026-11" }]), "the consent names the version served");
    }

    async fn a_sign_up_with_bad_capabilities_or_interests_is_refused_and_saves_nothing(app) {
        let before = partner_count(&app).await;
        let cases = [
            (json!({ "capabilities": ["lucht\u{0}kwaliteit"] }), "capabilities"),
            (json!({ "dataOffered": ["x".repeat(301)] }), "dataOffered"),
            (json!({ "dataNeeded": vec!["tag"; 101].iter().enumerate().map(|(i, t)| format!("{t}{i}")).collect::<Vec<_>>() }), "dataNeeded"),
            (json!({ "interestIds": ["not-an-id"] }), "interestIds"),
            (json!({ "website": "javascript:alert(1)" }), "website"),
        ];
        for (i, (extra, field)) in cases.into_iter().enumerate() {
            let input = sign_up_input(&format!("fout{i}@partner.test"), "Foutief", extra);
            let answer = app.graphql_as(None, SIGN_UP, json!({ "input": input })).await;
            assert_eq!(code_of(&answer["errors"][0]), "VALIDATION", "{field}: {answer}");
            assert_eq!(answer["errors"][0]["extensions"]["field"], field, "{answer}");
        }
        let unknown = app.value_domain("Weg te doen").await;
        app.data("mutation($id: ID!) { deleteValueDomain(input: { id: $id }) { deletedId } }", json!({ "id": unknown })).await;
        let input = sign_up_input("onbekend@partner.test", "Onbekend", json!({ "interestIds": [unknown] }));
        let answer = app.graphql_as(None, SIGN_UP, json!({ "input": input })).await;
        assert_eq!(code_of(&answer["errors"][0]), "VALIDATION", "{answer}");
        assert_eq!(answer["errors"][0]["extensions"]["field"], "interestIds");
        assert_eq!(partner_count(&app).await, before, "no refused sign-up left a partner");
    }

    async fn a_refused_partner_reads_the_reason_and_nobody_else_outside_the_team(app) {
        let token = sign_up(&app, "weigering@partner.test", "Te weigeren", json!({})).await;
        let id = id_of(&own_partner(&app, &token).await);

        let empty = app.error(REFUSE, json!({ "id": id, "reason": "  " })).await;
        assert_eq!(code_of(&empty), "VALIDATION");
        assert_eq!(empty["extensions"]["field"], "reason");
        let long = app.error(REFUSE, json!({ "id": id, "reason": "x".repeat(2_001) })).await;
        assert_eq!(long["extensions"]["field"], "reason");
        let bare = app.error("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: REFUSED }) { partner { id } } }", json!({ "id": id })).await;
        assert_eq!(code_of(&bare), "VALIDATION", "a refusal without a reason is refused: {bare}");
        assert_eq!(bare["extensions"]["field"], "status");
        let as_partner = app.graphql_as(Some(&token), REFUSE, json!({ "id": id, "reason": "Zelf" })).await;
        assert_eq!(code_of(&as_partner["errors"][0]), "FORBIDDEN");
        assert_eq!(own_partner(&app, &token).await["status"], "PENDING", "nothing changed yet");

        let reason = "Jullie werken niet in Gent of Brugge; vraag Jan Janssens om raad.";
        let refused = app.data(REFUSE, json!({ "id": id, "reason": format!("  {reason}\n") })).await;
        assert_eq!(refused["refusePartner"]["partner"], json!({ "status": "REFUSED", "refusal": { "reason": reason } }));

        let own = own_partner(&app, &token).await;
        assert_eq!(own["status"], "REFUSED");
        assert_eq!(own["refusal"]["reason"], reason, "the partner's own members read the reason");
        let coordinator = app.account("coordinator@refusal.test", Role::Coordinator, &[City::Brugge], None).await;
        let seen = app.data_as(Some(&coordinator), READ_REFUSAL, json!({ "id": id })).await;
        assert_eq!(seen["partner"]["refusal"]["reason"], reason, "the team reads it");
        let other = app.approved_partner("Buren", "CITIZEN").await;
        let neighbour = app.account("buur@refusal.test", Role::Partner, &[], Some(&other)).await;
        let answer = app.graphql_as(Some(&neighbour), READ_REFUSAL, json!({ "id": id })).await;
        assert_eq!(answer["data"]["partner"], Value::Null, "another partner sees nothing: {answer}");
        let answer = app.graphql_as(None, READ_REFUSAL, json!({ "id": id })).await;
        assert_eq!(answer["data"]["partner"], Value::Null, "the public sees nothing: {answer}");

        let again = app.error(REFUSE, json!({ "id": id, "reason": "Nog eens" })).await;
        assert_eq!(code_of(&again), "CONFLICT", "only a pending partner is refused");
        let log = app
            .data("{ auditLog(first: 100, filter: { action: \"refusePartner\" }) { nodes { action recordKind } } }", json!({}))
            .await;
        assert_eq!(log["auditLog"]["nodes"], json!([{ "action": "refusePartner", "recordKind": "PARTNER" }]), "the refusal is audited once");

        let approved = app
            .data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status refusal { reason } } } }", json!({ "id": id }))
            .await;
        assert_eq!(approved["setPartnerStatus"]["partner"], json!({ "status": "APPROVED", "refusal": null }), "the team may change its mind");
        let rows = <entities::partner_refusal::Entity as sea_orm::EntityTrait>::find().all(&app.db).await.expect("the refusals");
        assert!(rows.is_empty(), "the reason went with the refusal: {rows:?}");

        // Approved, the partner is public and searchable; the reason that named a person is nowhere.
        app.wait_for_index(Duration::from_secs(30)).await;
        let found = app.data_as(None, "{ search(query: \"weigeren\") { totalCount } }", json!({})).await;
        assert!(found["search"]["totalCount"].as_u64() >= Some(1), "the partner is indexed: {found}");
        let hits = app.data_as(None, "{ search(query: \"Janssens\") { totalCount } }", json!({})).await;
        assert_eq!(hits["search"]["totalCount"], 0, "the reason is never indexed");
    }

    async fn erasing_a_refused_partner_erases_the_reason(app) {
        let token = sign_up(&app, "wissen@partner.test", "Te wissen", json!({})).await;
        let id = id_of(&own_partner(&app, &token).await);
        app.data(REFUSE, json!({ "id": id, "reason": "Vraag het aan Mieke Vermeulen-Wisbaar." })).await;
        app.data("mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { id } } }", json!({ "id": id })).await;
        let rows = <entities::partner_refusal::Entity as sea_orm::EntityTrait>::find().all(&app.db).await.expect("the refusals");
        assert!(rows.is_empty(), "the reason went with the partner's personal data");
    }

    async fn a_partner_member_edits_the_profile_but_not_the_status(app) {
        let token = sign_up(&app, "profiel@partner.test", "Profielbouwers", json!({})).await;
        let id = id_of(&own_partner(&app, &token).await);
        let saved = app
            .data_as(
                Some(&token),
                "mutation($id: ID!) { updatePartner(input: { id: $id, description: \"Wij meten fijnstof.\", capabilities: [\"gis\"], dataNeeded: [\"bomen\"], contact: { name: \"Nieuwe contactpersoon\", email: \"nieuw@private.test\" } }) { partner { description capabilities dataNeeded contact { name } } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            saved["updatePartner"]["partner"],
            json!({ "description": "Wij meten fijnstof.", "capabilities": ["gis"], "dataNeeded": ["bomen"], "contact": { "name": "Nieuwe contactpersoon" } })
        );
        let answer = app
            .graphql_as(Some(&token), "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": id }))
            .await;
        assert_eq!(code_of(&answer["errors"][0]), "FORBIDDEN");

        // Its name, slug, type and city decide its seat quota and its matching: the team keeps them.
        for change in ["name: \"Andere naam\"", "slug: \"andere-naam\"", "stakeholderType: CITIZEN", "homeCity: BRUGGE", "homeCity: null"] {
            let refused = app
                .graphql_as(Some(&token), &format!("mutation($id: ID!) {{ updatePartner(input: {{ id: $id, {change} }}) {{ partner {{ id }} }} }}"), json!({ "id": id }))
                .await;
            assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN", "{change}: {refused:#}");
        }
        let kept = app.data("query($id: ID!) { node(id: $id) { ... on Partner { name stakeholderType homeCity description } } }", json!({ "id": id })).await;
        assert_eq!(kept["node"]["name"], "Profielbouwers");
        assert_eq!(kept["node"]["description"], "Wij meten fijnstof.", "nothing else changed either");
        let renamed = app.data("mutation($id: ID!) { updatePartner(input: { id: $id, name: \"Profielbouwers vzw\" }) { partner { name } } }", json!({ "id": id })).await;
        assert_eq!(renamed["updatePartner"]["partner"]["name"], "Profielbouwers vzw", "an admin may");
    }
}
