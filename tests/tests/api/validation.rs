//! Text inputs: every field of every create and update mutation, and of the sign-ups, follows the rule of
//! its kind (a one-line text, a name or title, a multi-line text), and a refusal names its field.

use lode_tests::{TestApp, code_of, db_tests, id_of};
use serde_json::{Value, json};

/// A mutation that takes one `input`, with the fields of a valid input.
struct Mutation {
    name: &'static str,
    input_type: &'static str,
    base: Value,
}

impl Mutation {
    /// The mutation with `changes` laid over its valid input.
    fn with(&self, changes: Value) -> (String, Value) {
        let mut input = self.base.clone();
        if let (Some(input), Some(changes)) = (input.as_object_mut(), changes.as_object()) {
            input.extend(changes.clone());
        }
        let query = format!(
            "mutation($input: {}!) {{ {}(input: $input) {{ __typename }} }}",
            self.input_type, self.name
        );
        (query, json!({ "input": input }))
    }
}

/// Sends a mutation (as the admin, or anonymously) and requires a `VALIDATION` refusal naming `field`.
async fn refused(app: &TestApp, admin: bool, mutation: &Mutation, changes: Value, field: &str) {
    let (query, variables) = mutation.with(changes.clone());
    let token = admin.then_some(app.admin_token.as_str());
    let response = app.graphql_as(token, &query, variables).await;
    let error = &response["errors"][0];
    assert!(
        error.is_object(),
        "{} with {changes} was accepted: {response:#}",
        mutation.name
    );
    assert_eq!(
        (code_of(error), error["extensions"]["field"].as_str()),
        ("VALIDATION", Some(field)),
        "{} with {changes}: {response:#}",
        mutation.name
    );
}

/// Sends a mutation as the admin and requires it to pass.
async fn accepted(app: &TestApp, mutation: &Mutation, changes: Value) {
    let (query, variables) = mutation.with(changes);
    app.data(&query, variables).await;
}

/// The mutations with text inputs, each with a valid input (and the ids they need).
async fn mutations(app: &TestApp) -> Vec<Mutation> {
    let domain = app.value_domain("Mobiliteit").await;
    let case = app.pilot_case("Fietstellingen", &domain).await;
    let partner = app
        .approved_partner("Fietsersbond", "CIVIC_ORGANISATION")
        .await;
    let event = app.open_event("Fietsavond", 10).await;
    let story = app.data(
        "mutation($input: CreateSuccessStoryInput!) { createSuccessStory(input: $input) { successStory { id } } }",
        json!({ "input": { "title": "Meer fietsers" } }),
    ).await;
    let story = id_of(&story["createSuccessStory"]["successStory"]);
    let event_input = json!({
        "title": "Workshop", "format": "WORKSHOP", "startsAt": "2030-01-01T10:00:00Z",
        "endsAt": "2030-01-01T12:00:00Z", "cities": ["GENT"], "venue": "De Krook",
    });
    vec![
        Mutation {
            name: "createValueDomain",
            input_type: "CreateValueDomainInput",
            base: json!({
            "name": "Lucht", "economicValue": 3, "societalValue": 4, "dataReadiness": 2, "themes": ["ENVI"] }),
        },
        Mutation {
            name: "createPilotCase",
            input_type: "CreatePilotCaseInput",
            base: json!({
            "title": "Luchtmeting", "valueDomainId": domain, "cities": ["GENT"] }),
        },
        Mutation {
            name: "updatePilotCase",
            input_type: "UpdatePilotCaseInput",
            base: json!({ "id": case }),
        },
        Mutation {
            name: "createPartner",
            input_type: "CreatePartnerInput",
            base: json!({
            "name": "Databureau", "stakeholderType": "COMPANY", "homeCity": "GENT" }),
        },
        Mutation {
            name: "updatePartner",
            input_type: "UpdatePartnerInput",
            base: json!({ "id": partner }),
        },
        Mutation {
            name: "createEvent",
            input_type: "CreateCoCreationEventInput",
            base: event_input,
        },
        Mutation {
            name: "updateEvent",
            input_type: "UpdateCoCreationEventInput",
            base: json!({ "id": event }),
        },
        Mutation {
            name: "createSuccessStory",
            input_type: "CreateSuccessStoryInput",
            base: json!({ "title": "Schonere lucht" }),
        },
        Mutation {
            name: "updateSuccessStory",
            input_type: "UpdateSuccessStoryInput",
            base: json!({ "id": story }),
        },
        Mutation {
            name: "createDataset",
            input_type: "CreateDatasetInput",
            base: json!({
            "title": "Fietstellingen", "publisher": "Stad Gent", "url": "https://data.example.org/fiets",
            "licence": "CC0-1.0", "theme": "TRAN" }),
        },
        Mutation {
            name: "signUp",
            input_type: "SignUpInput",
            base: json!({
            "email": "nieuw@burgers.test", "password": "lang-genoeg-wachtwoord", "partnerName": "Buurtcomité",
            "stakeholderType": "CITIZEN", "contact": { "name": "Nele", "email": "nele@burgers.test" }, "termsVersion": "2026-11" }),
        },
        Mutation {
            name: "giveConsent",
            input_type: "GiveConsentInput",
            base: json!({ "purpose": "NEWSLETTER", "textVersion": "2026-01" }),
        },
        Mutation {
            name: "createAccount",
            input_type: "CreateAccountInput",
            base: json!({
            "email": "coordinator@gent.test", "password": "lang-genoeg-wachtwoord", "role": "COORDINATOR", "cities": ["GENT"] }),
        },
        Mutation {
            name: "registerForEvent",
            input_type: "RegisterForEventInput",
            base: json!({ "eventId": event, "partnerId": partner }),
        },
    ]
}

fn find<'a>(mutations: &'a [Mutation], name: &str) -> &'a Mutation {
    mutations
        .iter()
        .find(|m| m.name == name)
        .expect("a mutation of the table")
}

db_tests! {
    async fn one_line_fields_refuse_control_characters_and_line_breaks(app) {
        let all = mutations(&app).await;
        let cases = [
            ("createEvent", json!({ "title": "Titel\r\nEND:VEVENT\r\nBEGIN:VEVENT" }), "title"),
            ("createEvent", json!({ "venue": "De\tKrook" }), "venue"),
            ("createEvent", json!({ "address": "Straat 1\nGent" }), "address"),
            ("createEvent", json!({ "onlineUrl": "https://meet.example.org/\r\nX-Evil: 1" }), "onlineUrl"),
            ("updateEvent", json!({ "venue": "Zaal\rB" }), "venue"),
            ("updateEvent", json!({ "onlineUrl": "https://meet.example.org/a\nb" }), "onlineUrl"),
            ("createDataset", json!({ "publisher": "Stad\u{85}Gent" }), "publisher"),
            ("createDataset", json!({ "licence": "CC0\u{0}" }), "licence"),
            ("createDataset", json!({ "url": "https://data.example.org/\tfiets" }), "url"),
            ("createPartner", json!({ "capabilities": ["data\nanalyse"] }), "capabilities"),
            ("createPartner", json!({ "dataOffered": ["tellingen\u{2028}2025"] }), "dataOffered"),
            ("updatePartner", json!({ "dataNeeded": ["esc\u{1b}[31m"] }), "dataNeeded"),
            ("updatePartner", json!({ "website": "https://fietsersbond.example/\r\nb" }), "website"),
            ("updatePartner", json!({ "contact": { "name": "Ann\nPeeters", "email": "ann@fiets.test" } }), "contact.name"),
            ("updatePartner", json!({ "contact": { "name": "Ann", "email": "ann@fiets.test", "phone": "+32 9\u{0}123 45 67" } }), "contact.phone"),
            ("createPilotCase", json!({ "goals": ["schonere\u{7f}lucht"] }), "goals"),
            ("updatePilotCase", json!({ "neededCapabilities": [{ "name": "sensor\tdata", "weight": 3 }] }), "neededCapabilities"),
            ("createSuccessStory", json!({ "impactFigures": [{ "label": "fiet\nsers", "value": "12%" }] }), "impactFigures"),
            // A NUL is refused where the request arrives, naming the input field inside the list.
            ("createSuccessStory", json!({ "impactFigures": [{ "label": "fietsers", "value": "12\u{0}%" }] }), "impactFigures.value"),
            ("updateSuccessStory", json!({ "title": "Titel\u{2029}twee" }), "title"),
            ("signUp", json!({ "partnerName": "Spam\nBEGIN:VEVENT" }), "partnerName"),
            ("signUp", json!({ "termsVersion": "2026\u{0}" }), "termsVersion"),
            ("signUp", json!({ "contact": { "name": "Nele", "email": "nele@burgers\n.test" } }), "contact.email"),
            ("giveConsent", json!({ "textVersion": "2026\n01" }), "textVersion"),
            ("registerForEvent", json!({ "idempotencyKey": "sleutel\u{0}" }), "idempotencyKey"),
        ];
        for (name, changes, field) in cases {
            refused(&app, name != "signUp", find(&all, name), changes, field).await;
        }
    }

    async fn names_and_titles_refuse_reordering_and_invisible_characters(app) {
        let all = mutations(&app).await;
        let cases = [
            ("createValueDomain", json!({ "name": "Lucht\u{202E}tiewlak" }), "name"),
            ("createPartner", json!({ "name": "\u{2066}Databureau\u{2069}" }), "name"),
            ("createDataset", json!({ "title": "\u{202B}Fietstellingen" }), "title"),
            ("createEvent", json!({ "title": "Workshop\u{202D}" }), "title"),
            ("signUp", json!({ "partnerName": "exe.\u{202E}fdp" }), "partnerName"),
            ("updatePartner", json!({ "contact": { "name": "Ann\u{202E}", "email": "ann@fiets.test" } }), "contact.name"),
            ("createPilotCase", json!({ "title": "\u{200B}\u{200D}" }), "title"),
            ("createEvent", json!({ "title": "\u{2060}\u{FEFF}" }), "title"),
            ("updatePartner", json!({ "name": "\u{200C}" }), "name"),
            ("updateSuccessStory", json!({ "title": " \u{200B} " }), "title"),
            ("signUp", json!({ "partnerName": "\u{200B}\u{3000}\u{200B}" }), "partnerName"),
        ];
        for (name, changes, field) in cases {
            refused(&app, name != "signUp", find(&all, name), changes, field).await;
        }
        // Right-to-left letters and a joiner inside a word are text like any other.
        accepted(&app, find(&all, "createPartner"), json!({ "name": "مدينة غنت" })).await;
        accepted(&app, find(&all, "createValueDomain"), json!({ "name": "Zorg\u{200D}data" })).await;
    }

    async fn multi_line_fields_keep_line_breaks_and_refuse_other_control_characters(app) {
        let all = mutations(&app).await;
        let cases = [
            ("createEvent", json!({ "description": "Kleur\u{1b}[31m" }), "description"),
            ("createSuccessStory", json!({ "body": "nul\u{0}byte" }), "body"),
            ("updatePilotCase", json!({ "summary": "bel\u{7}" }), "summary"),
            ("createValueDomain", json!({ "description": "c1\u{9b}" }), "description"),
            ("signUp", json!({ "description": "nul\u{0}" }), "description"),
        ];
        for (name, changes, field) in cases {
            refused(&app, name != "signUp", find(&all, name), changes, field).await;
        }
        accepted(&app, find(&all, "createEvent"), json!({ "description": "Eerste regel\r\nTweede\n\tingesprongen" })).await;
        accepted(&app, find(&all, "updatePartner"), json!({ "description": "Wij tellen\nfietsers." })).await;
    }

    async fn direction_marks_and_every_invisible_character_are_refused_where_they_deceive(app) {
        let all = mutations(&app).await;
        let cases = [
            // Direction marks reorder a name as overrides do.
            ("createPartner", json!({ "name": "\u{200E}Databureau" }), "name"),
            ("signUp", json!({ "partnerName": "Buurt\u{200F}comité" }), "partnerName"),
            ("createValueDomain", json!({ "name": "\u{061C}Lucht" }), "name"),
            // Names of only tag characters, variation selectors, deprecated format characters,
            // interlinear annotation marks or shorthand format controls show nothing.
            ("createPilotCase", json!({ "title": "\u{E0001}\u{E0041}\u{E007F}" }), "title"),
            ("createEvent", json!({ "title": "\u{FE0F}\u{E0100}" }), "title"),
            ("updateSuccessStory", json!({ "title": "\u{206A}\u{FFF9}\u{1BCA0}" }), "title"),
            // An address with an invisible character reads as another one.
            ("createAccount", json!({ "email": "coordinator\u{200B}@gent.test" }), "email"),
            ("signUp", json!({ "email": "nieuw@burgers\u{2060}.test" }), "email"),
            ("signUp", json!({ "contact": { "name": "Nele", "email": "nele\u{FEFF}@burgers.test" } }), "contact.email"),
            ("updatePartner", json!({ "contact": { "name": "Ann", "email": "ann\u{E0061}@fiets.test" } }), "contact.email"),
        ];
        for (name, changes, field) in cases {
            refused(&app, name != "signUp", find(&all, name), changes, field).await;
        }
        accepted(&app, find(&all, "createAccount"), json!({})).await;
        // The same address with a zero-width space is no second account.
        refused(&app, true, find(&all, "createAccount"), json!({ "email": "coordinator@gent\u{200B}.test" }), "email").await;
        // A flag written with tag characters, and an emoji with its presentation selector, show.
        accepted(&app, find(&all, "createPartner"), json!({ "name": "Buurtwerk \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}\u{2764}\u{FE0F}" })).await;
    }
}
