//! The schema as a contract: the committed `schema.graphql` is the schema, and everything in it is described.

#[test]
fn the_committed_schema_file_is_the_schema() {
    let committed = include_str!("../../schema.graphql");
    assert!(
        committed == lode_api::graphql::sdl(),
        "schema.graphql is out of date: run `cargo run -- export-schema --out schema.graphql`"
    );
}

#[tokio::test]
async fn every_type_field_and_value_has_a_description() {
    let schema = lode_api::graphql::schema_builder().finish();
    let response = schema
        .execute(
            "{ __schema { types { name kind description
                fields { name description } inputFields { name description } enumValues { name description } } } }",
        )
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.into_json().expect("JSON");
    let mut missing = Vec::new();
    for ty in data["__schema"]["types"].as_array().expect("types") {
        let name = ty["name"].as_str().expect("a name");
        let builtin =
            name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name);
        if builtin {
            continue;
        }
        if ty["description"].as_str().is_none_or(str::is_empty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for member in ty[list].as_array().into_iter().flatten() {
                if member["description"].as_str().is_none_or(str::is_empty) {
                    missing.push(format!("{name}.{}", member["name"].as_str().unwrap_or("?")));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:?}");
}

/// Personal data leaves the API only through these fields, each behind a rule that `tests/api/access.rs`
/// checks: a partner's contact (the team and the partner's own members), an account's e-mail address
/// (its holder's own, through `me` or `node`, and for admins every account's), which the audit log names
/// its actors by under the same rule (`tests/api/audit_log.rs`), a partner's accounts' addresses
/// (`Partner.accounts`: its own members and admins), and the addresses of a survey's respondents who agreed
/// to be contacted (`Survey.contacts`: the team only, null for anyone else, `tests/api/survey_conversations.rs`).
const GATED_PERSONAL_FIELDS: &[&str] = &[
    "Account.email",
    "AuditAccount.email",
    "Partner.contact",
    "PartnerAccount.email",
    "PartnerContact.email",
    "PartnerContact.phone",
    "Survey.contacts",
    "SurveyContact.email",
];

/// Fields whose names sound personal but that answer no personal data: when an account's address was
/// confirmed (a time, on `Account`, which only its holder and admins read), the mutation that confirms it
/// (which answers `confirmed` only), the mutation that answers a survey with an address (which answers
/// `confirmationSent` only, the same whatever the address), and whether a survey's respondent agreed to be
/// contacted (a yes or no, on the answer only its partner's own members read, `Survey.myAnswer`).
const NAMED_BUT_NOT_PERSONAL: &[&str] = &[
    "Account.emailConfirmedAt",
    "Mutation.answerSurveyByEmail",
    "Mutation.confirmEmail",
    "SurveyResponse.mayContact",
];

#[tokio::test]
async fn personal_data_leaves_only_through_the_gated_fields() {
    let schema = lode_api::graphql::schema_builder().finish();
    let response = schema
        .execute("{ __schema { types { name kind fields { name } } } }")
        .await;
    let data = response.data.into_json().expect("JSON");
    let mut found = Vec::new();
    for ty in data["__schema"]["types"].as_array().expect("types") {
        for field in ty["fields"].as_array().into_iter().flatten() {
            let name = field["name"].as_str().unwrap_or_default();
            let lower = name.to_lowercase();
            if ["contact", "email", "phone"]
                .iter()
                .any(|p| lower.contains(p))
            {
                found.push(format!("{}.{name}", ty["name"].as_str().unwrap_or("?")));
            }
        }
    }
    found.sort();
    for allowed in NAMED_BUT_NOT_PERSONAL {
        assert!(
            found.contains(&(*allowed).to_owned()),
            "{allowed} is still a field"
        );
    }
    found.retain(|f| !NAMED_BUT_NOT_PERSONAL.contains(&f.as_str()));
    assert_eq!(
        found, GATED_PERSONAL_FIELDS,
        "a new field carries personal data: give it a rule, test it, and list it here"
    );
}
