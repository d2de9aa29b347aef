//! GraphQL over HTTP as the standards and common clients expect it: queries over GET (and only
//! queries), answers that caches may keep only when anonymous and clean, `application/graphql-response+json`
//! with its statuses beside `application/json`, Apollo's automatic persisted queries, and the request
//! headers CORS allows.

use lode_api::config::ApiOptions;
use lode_api::graphql::persisted::sha256_hex;
use lode_tests::{Backend, TestApp, code_of, db_tests, test_options, test_relay_settings};
use serde_json::{Value, json};

/// The media type of GraphQL over HTTP.
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

const CREATE_DOMAIN: &str = "mutation Create($name: String!) { createValueDomain(input: { name: $name, economicValue: 3, societalValue: 3, dataReadiness: 3 }) { valueDomain { id } } }";

/// A `GET /graphql` with these query parameters, this `Accept` and bearer token (if any).
async fn get(
    app: &TestApp,
    parameters: &[(&str, &str)],
    accept: Option<&str>,
    token: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(parameters);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

/// A `POST /graphql` of this JSON body with this `Accept` (and bearer token, if any).
async fn post(app: &TestApp, body: &Value, accept: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept", accept)
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

/// A header of an answer, all its values joined with commas (empty when absent).
fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An answer's status, `Content-Type`, `Cache-Control` and body.
async fn read(response: reqwest::Response) -> (u16, String, String, Value) {
    let status = response.status().as_u16();
    let content_type = header(&response, "content-type");
    let caching = header(&response, "cache-control");
    let body = response.json().await.expect("a JSON answer");
    (status, content_type, caching, body)
}

/// How many value domains there are, as the team sees them.
async fn domain_count(app: &TestApp) -> u64 {
    app.data("{ valueDomains { totalCount } }", json!({})).await["valueDomains"]["totalCount"]
        .as_u64()
        .expect("a count")
}

/// A server that CORS lets `https://lode.gent.example` call, with one header of its own allowed.
async fn with_cors(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        cors_origins: vec!["https://lode.gent.example".to_owned()],
        cors_headers: vec!["x-lode-client".to_owned(), "not a header".to_owned()],
        ..test_options()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    async fn a_get_runs_a_query_for_a_client_that_accepts_json(app) {
        app.value_domain("Mobiliteit").await;
        let query = "query Count($first: Int) { valueDomains(first: $first) { totalCount nodes { name } } }";
        let response = get(&app, &[("query", query), ("variables", r#"{"first":1}"#), ("operationName", "Count")], Some("application/json"), None).await;
        let (status, content_type, _, body) = read(response).await;
        assert_eq!((status, content_type.as_str()), (200, "application/json"), "{body}");
        assert_eq!(body, json!({ "data": { "valueDomains": { "totalCount": 1, "nodes": [{ "name": "Mobiliteit" }] } } }));

        // With a bearer token too, signed in as with a POST.
        let response = get(&app, &[("query", "{ me { role } }")], Some(GRAPHQL_RESPONSE), Some(&app.admin_token)).await;
        let (status, content_type, _, body) = read(response).await;
        assert_eq!(status, 200, "{body}");
        assert!(content_type.starts_with(GRAPHQL_RESPONSE), "{content_type}");
        assert_eq!(body["data"]["me"]["role"], "ADMIN");
        let refused = get(&app, &[("query", "{ me { role } }")], None, Some("not-a-token")).await;
        assert_eq!(refused.status(), 401, "a token that signs nobody in is refused over GET as over POST");

        // Parameters that are not a request.
        for (parameters, field) in [
            (vec![], "query"),
            (vec![("query", "{ __typename }"), ("variables", "not json")], "variables"),
            (vec![("query", "{ __typename }"), ("variables", "[1]")], "variables"),
            (vec![("query", "{ __typename }"), ("query", "{ me { role } }")], "query"),
        ] {
            let (status, _, caching, body) = read(get(&app, &parameters, None, None).await).await;
            assert_eq!((status, code_of(&body["errors"][0])), (400, "VALIDATION"), "{parameters:?}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
            assert_eq!(caching, "no-store");
        }
    }

    async fn a_mutation_over_get_is_refused_with_405_and_never_runs(app) {
        let variables = json!({ "name": "Via GET" }).to_string();
        for accept in ["application/json", GRAPHQL_RESPONSE] {
            let response = get(&app, &[("query", CREATE_DOMAIN), ("variables", &variables)], Some(accept), Some(&app.admin_token)).await;
            assert_eq!(header(&response, "allow"), "POST");
            let (status, _, caching, body) = read(response).await;
            assert_eq!((status, code_of(&body["errors"][0])), (405, "METHOD_NOT_ALLOWED"), "{body}");
            assert_eq!(caching, "no-store");
        }
        // The operation that would run decides, chosen by its name as async-graphql chooses it.
        let both = format!("query Count {{ valueDomains {{ totalCount }} }} {CREATE_DOMAIN}");
        let response = get(&app, &[("query", &both), ("operationName", "Create"), ("variables", &variables)], None, Some(&app.admin_token)).await;
        assert_eq!(response.status(), 405);
        let (status, _, _, body) = read(get(&app, &[("query", &both), ("operationName", "Count")], None, Some(&app.admin_token)).await).await;
        assert_eq!((status, &body["data"]["valueDomains"]["totalCount"]), (200, &json!(0)), "{body}");
        let subscription = "subscription { eventSeatsChanged(eventId: \"x\") { seatsTaken } }";
        assert_eq!(get(&app, &[("query", subscription)], None, None).await.status(), 405);
        assert_eq!(domain_count(&app).await, 0, "no mutation ran");
        // The same mutation over POST runs.
        let created = post(&app, &json!({ "query": CREATE_DOMAIN, "variables": { "name": "Via POST" } }), "application/json", Some(&app.admin_token)).await;
        assert_eq!(created.status(), 200);
        assert_eq!(domain_count(&app).await, 1);
    }

    async fn a_browser_that_prefers_html_gets_graphiql_and_others_what_they_accept(app) {
        let page = app.browse("/graphql?query=%7B__typename%7D").await;
        assert_eq!(page.status(), 200);
        assert!(header(&page, "content-type").starts_with("text/html"));
        assert!(header(&page, "vary").contains("Accept"), "the page and the answers share a URL");
        assert!(page.text().await.expect("a page").to_lowercase().contains("graphiql"));

        // An Accept that names neither JSON type (nor `*/*`) is refused.
        let (status, _, _, body) = read(get(&app, &[("query", "{ __typename }")], Some("image/png"), None).await).await;
        assert_eq!((status, code_of(&body["errors"][0])), (406, "NOT_ACCEPTABLE"), "{body}");
        let (status, _, _, body) = read(post(&app, &json!({ "query": "{ __typename }" }), "text/html", None).await).await;
        assert_eq!((status, code_of(&body["errors"][0])), (406, "NOT_ACCEPTABLE"), "a POST never answers with a page: {body}");
        // `*/*` and no Accept at all get JSON.
        let (_, content_type, _, _) = read(get(&app, &[("query", "{ __typename }")], Some("*/*"), None).await).await;
        assert_eq!(content_type, "application/json");
        let bare = app.client.post(format!("{}/graphql", app.address)).header("content-type", "application/json").body(r#"{"query":"{ __typename }"}"#).send().await.expect("an answer");
        assert_eq!(header(&bare, "content-type"), "application/json");
    }

    async fn only_an_anonymous_get_without_errors_may_be_cached(app) {
        let query = [("query", "{ valueDomains { totalCount } }")];
        let anonymous = get(&app, &query, Some("application/json"), None).await;
        assert_eq!(header(&anonymous, "cache-control"), format!("public, max-age={}", lode_api::http::ANONYMOUS_MAX_AGE_SECONDS));
        let vary = header(&anonymous, "vary");
        assert!(vary.contains("Accept") && vary.contains("Authorization"), "{vary}");
        let signed_in = get(&app, &query, Some("application/json"), Some(&app.admin_token)).await;
        assert_eq!(header(&signed_in, "cache-control"), "no-store");
        assert!(header(&signed_in, "vary").contains("Authorization"));
        let with_errors = get(&app, &[("query", "{ valueDomain(slug: \"nergens\") { name } }")], Some("application/json"), None).await;
        assert_eq!(header(&with_errors, "cache-control"), "no-store");
        let (status, _, _, body) = read(with_errors).await;
        assert_eq!((status, code_of(&body["errors"][0])), (200, "NOT_FOUND"), "{body}");
        let posted = post(&app, &json!({ "query": query[0].1 }), "application/json", None).await;
        assert_eq!(header(&posted, "cache-control"), "no-store");
    }

    async fn graphql_response_json_tells_an_unexecuted_request_by_its_status(app) {
        let domain = app.value_domain("Energie").await;
        let cases = [
            (json!({ "query": "{ valueDomains { " }), "a parse error"),
            (json!({ "query": "{ valueDomainz { totalCount } }" }), "a validation error"),
            (json!({ "query": "query A { __typename } query B { __typename }", "operationName": "C" }), "an unknown operation"),
            (json!({ "query": "query($n: Int) { valueDomains(first: $n) { totalCount } }", "variables": { "n": "many" } }), "a variable of the wrong type"),
            (json!({ "query": "query($id: ID!) { valueDomain(id: $id) { name } }" }), "a missing variable"),
            (json!({ "query": { "not": "a string" } }), "a request that is not one"),
        ];
        for (body, what) in &cases {
            let (status, content_type, _, answer) = read(post(&app, body, GRAPHQL_RESPONSE, None).await).await;
            assert_eq!(status, 400, "{what}: {answer}");
            assert!(content_type.starts_with(GRAPHQL_RESPONSE), "{what}: {content_type}");
            assert!(answer.get("data").is_none(), "{what} has no data: {answer}");
            assert!(answer["errors"][0]["extensions"]["code"].is_string(), "{what}: {answer}");
            // application/json keeps its old answer: 200, `data: null`, except for what is not a request.
            let (status, content_type, _, answer) = read(post(&app, body, "application/json", None).await).await;
            let expected = if *what == "a request that is not one" { 400 } else { 200 };
            assert_eq!((status, content_type.as_str()), (expected, "application/json"), "{what}: {answer}");
        }
        let (_, _, _, old) = read(post(&app, &cases[0].0, "application/json", None).await).await;
        assert_eq!(old["data"], Value::Null);
        assert!(old.as_object().is_some_and(|fields| fields.contains_key("data")), "{old}");

        // Executed, with a field error: 200 with its data.
        let partly = json!({ "query": "query($id: ID!) { a: valueDomain(id: $id) { name } b: valueDomain(slug: \"nergens\") { name } }", "variables": { "id": domain } });
        let (status, _, _, answer) = read(post(&app, &partly, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["data"]["a"], json!({ "name": "Energie" }), "{answer}");
        assert!(answer["data"]["b"].is_null(), "{answer}");
        assert_eq!(code_of(&answer["errors"][0]), "NOT_FOUND");

        // Refusals before GraphQL keep their own status, in the type asked for.
        let form = app.client.post(format!("{}/graphql", app.address)).header("accept", GRAPHQL_RESPONSE).header("content-type", "text/plain").body("{}").send().await.expect("an answer");
        assert_eq!(form.status(), 415);
        assert!(header(&form, "content-type").starts_with(GRAPHQL_RESPONSE));
        let huge = json!({ "query": "{ __typename }", "variables": { "x": "x".repeat(2 * 1024 * 1024) } });
        assert_eq!(post(&app, &huge, GRAPHQL_RESPONSE, None).await.status(), 413);

        // A batch is answered as before: 200, a response per operation.
        let batch = json!([{ "query": "{ __typename }" }, { "query": "{ nergens }" }]);
        let (status, content_type, caching, answers) = read(post(&app, &batch, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, caching.as_str()), (200, "no-store"));
        assert!(content_type.starts_with(GRAPHQL_RESPONSE));
        assert!(answers[0]["data"]["__typename"].is_string() && answers[0].get("errors").is_none(), "{answers}");
        assert!(answers[1].get("data").is_none() && answers[1]["errors"].is_array(), "{answers}");
        let (status, _, _, answers) = read(post(&app, &batch, "application/json", None).await).await;
        assert_eq!((status, answers.as_array().map(Vec::len)), (200, Some(2)));
    }

    async fn persisted_queries_are_found_by_their_hash_over_post_and_get(app) {
        let query = "query Domains { valueDomains { totalCount } }";
        let hash = sha256_hex(query);
        let persisted = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
        let hash_only = json!({ "operationName": "Domains", "extensions": persisted });
        for (accept, expected) in [("application/json", 200), (GRAPHQL_RESPONSE, 404)] {
            let (status, _, caching, answer) = read(post(&app, &hash_only, accept, None).await).await;
            assert_eq!(status, expected, "{accept}: {answer}");
            assert_eq!(caching, "private, no-cache, must-revalidate");
            assert_eq!(answer["errors"][0]["message"], "PersistedQueryNotFound");
            assert_eq!(code_of(&answer["errors"][0]), "PERSISTED_QUERY_NOT_FOUND");
        }
        let extensions = persisted.to_string();
        let unknown_over_get = get(&app, &[("operationName", "Domains"), ("extensions", &extensions)], Some(GRAPHQL_RESPONSE), None).await;
        let (status, _, caching, answer) = read(unknown_over_get).await;
        assert_eq!((status, caching.as_str(), code_of(&answer["errors"][0])), (404, "private, no-cache, must-revalidate", "PERSISTED_QUERY_NOT_FOUND"));

        // Sent with its text once, the hash alone is enough, over POST and over GET.
        let registered = json!({ "query": query, "extensions": persisted });
        let (status, _, _, answer) = read(post(&app, &registered, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, &answer["data"]["valueDomains"]["totalCount"]), (200, &json!(0)), "{answer}");
        let (status, _, _, answer) = read(post(&app, &hash_only, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, &answer["data"]["valueDomains"]["totalCount"]), (200, &json!(0)), "{answer}");
        let over_get = get(&app, &[("operationName", "Domains"), ("extensions", &extensions)], Some(GRAPHQL_RESPONSE), None).await;
        let (status, _, caching, answer) = read(over_get).await;
        assert_eq!((status, &answer["data"]["valueDomains"]["totalCount"]), (200, &json!(0)), "{answer}");
        assert!(caching.starts_with("public"), "a short URL that caches: {caching}");

        // A text that is not the hash's, and another version.
        let mismatch = json!({ "query": "{ __typename }", "extensions": persisted });
        let (status, _, _, answer) = read(post(&app, &mismatch, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (400, "PERSISTED_QUERY_HASH_MISMATCH"), "{answer}");
        let version = json!({ "extensions": { "persistedQuery": { "version": 2, "sha256Hash": hash } } });
        let (status, _, _, answer) = read(post(&app, &version, GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (400, "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"), "{answer}");
    }

    async fn a_persisted_mutation_is_refused_over_get_and_a_hostile_text_is_never_kept(app) {
        let persisted = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(CREATE_DOMAIN) } });
        let registered = json!({ "query": CREATE_DOMAIN, "variables": { "name": "Eén keer" }, "extensions": persisted });
        assert_eq!(post(&app, &registered, "application/json", Some(&app.admin_token)).await.status(), 200);
        assert_eq!(domain_count(&app).await, 1);
        let extensions = persisted.to_string();
        let variables = json!({ "name": "Nog eens" }).to_string();
        let response = get(&app, &[("operationName", "Create"), ("variables", &variables), ("extensions", &extensions)], Some(GRAPHQL_RESPONSE), Some(&app.admin_token)).await;
        assert_eq!(header(&response, "allow"), "POST");
        let (status, _, _, answer) = read(response).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (405, "METHOD_NOT_ALLOWED"), "{answer}");
        assert_eq!(domain_count(&app).await, 1, "the remembered mutation did not run again");

        // Brackets nested 2,000 deep (4 KB) are refused by the query-shape check before the parser
        // recurses, with or without a hash, and the text is not remembered.
        let hostile = format!("{{ events(filter: {{ status: {}PUBLISHED{} }}) {{ totalCount }} }}", "[".repeat(2000), "]".repeat(2000));
        let persisted = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(&hostile) } });
        let (status, _, _, answer) = read(post(&app, &json!({ "query": hostile, "extensions": persisted }), GRAPHQL_RESPONSE, None).await).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (400, "QUERY_TOO_DEEP"), "{answer}");
        assert!(answer["errors"][0]["message"].as_str().is_some_and(|m| m.contains("brackets")), "{answer}");
        let (_, _, _, answer) = read(post(&app, &json!({ "extensions": persisted }), GRAPHQL_RESPONSE, None).await).await;
        assert_eq!(code_of(&answer["errors"][0]), "PERSISTED_QUERY_NOT_FOUND", "{answer}");
    }
}

db_tests! {
    spawn with with_cors;

    async fn cors_allows_the_configured_request_headers_and_keeps_its_vary(app) {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", "https://lode.gent.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-lode-client, traceparent, content-type")
            .send()
            .await
            .expect("an answer");
        assert_eq!(preflight.status(), 200);
        let allowed = header(&preflight, "access-control-allow-headers").to_lowercase();
        for name in ["content-type", "authorization", "apollographql-client-name", "apollographql-client-version", "traceparent", "tracestate", "x-lode-client"] {
            assert!(allowed.split(',').any(|h| h.trim() == name), "{name} in {allowed}");
        }
        assert!(!allowed.contains("not a header"), "{allowed}");

        let response = app
            .client
            .get(format!("{}/graphql", app.address))
            .query(&[("query", "{ __typename }")])
            .header("origin", "https://lode.gent.example")
            .header("accept", "application/json")
            .send()
            .await
            .expect("an answer");
        assert_eq!(header(&response, "access-control-allow-origin"), "https://lode.gent.example");
        let vary = header(&response, "vary").to_lowercase();
        for name in ["origin", "accept", "authorization"] {
            assert!(vary.contains(name), "{name} in {vary}");
        }
    }
}
