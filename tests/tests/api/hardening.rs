//! Hostile requests against a server configured as in production: each is refused with its code, and the
//! server stays healthy.

use lode_api::config::ApiOptions;
use lode_api::limits::RateLimitSettings;
use lode_tests::{Backend, TestApp, code_of, db_tests, test_relay_settings};
use serde_json::{Value, json};
use std::time::Duration;

const ALLOWED_ORIGIN: &str = "https://lode.gent.example";

/// Production settings: introspection off, the default rate limits, one allowed web origin.
async fn production(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        production: true,
        introspection: false,
        cors_origins: vec![ALLOWED_ORIGIN.to_owned()],
        rate_limits: RateLimitSettings::default(),
        ..ApiOptions::default()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

async fn raw(app: &TestApp, body: String) -> (u16, Value) {
    let response = app.post_raw(body).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// A query nested `levels` deep.
fn nested(levels: usize) -> String {
    let pairs = levels / 2;
    format!(
        "{{ {}__typename{} }}",
        "pilotCases { nodes { valueDomain { ".repeat(pairs),
        " } } }".repeat(pairs)
    )
}

async fn still_healthy(app: &TestApp) {
    assert_eq!(app.get("/health").await.status(), 200);
    let data = app.data("{ valueDomains { totalCount } }", json!({})).await;
    assert!(data["valueDomains"]["totalCount"].is_u64());
}

async fn hostile_queries(app: TestApp) {
    let deep = app.graphql(&nested(50), json!({})).await;
    assert_eq!(code_of(&deep["errors"][0]), "QUERY_TOO_DEEP");

    let aliases: String = (0..10_000).map(|n| format!("a{n}: __typename ")).collect();
    let aliased = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(code_of(&aliased["errors"][0]), "TOO_MANY_ALIASES");

    // Fragments that each spread the next one six times: a kilobyte that expands to 6^12 paths.
    let spreads =
        |next: usize| -> String { (0..6).map(|n| format!("a{n} {{ ...F{next} }} ")).collect() };
    let mut bomb = format!("{{ {} }}", spreads(1));
    for level in 1..12 {
        bomb.push_str(&format!(
            " fragment F{level} on Query {{ {} }}",
            spreads(level + 1)
        ));
    }
    bomb.push_str(" fragment F12 on Query { x }");
    let exploded = app.graphql(&bomb, json!({})).await;
    assert_eq!(
        code_of(&exploded["errors"][0]),
        "QUERY_TOO_DEEP",
        "measured without expanding: {exploded:#}"
    );

    let fields = "__typename ".repeat(2_000);
    let wide = app.graphql(&format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(code_of(&wide["errors"][0]), "QUERY_TOO_COMPLEX");

    let costly = app
        .graphql(
            "{ events(first: 100) { nodes { registrations { id status code createdAt updatedAt } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        code_of(&costly["errors"][0]),
        "QUERY_TOO_COMPLEX",
        "first: 100 counts a hundred times"
    );
    let modest = app
        .graphql(
            "{ events(first: 10) { nodes { registrations { id status code createdAt updatedAt } } } }",
            json!({}),
        )
        .await;
    assert!(
        modest.get("errors").is_none(),
        "a page of ten is fine: {modest:#}"
    );

    let operation = json!({ "query": "{ __typename }" });
    let batch = Value::Array(vec![operation; 1_000]);
    let (status, answer) = raw(&app, batch.to_string()).await;
    assert_eq!(
        (status, code_of(&answer["errors"][0])),
        (400, "BATCH_TOO_LARGE")
    );

    let huge = format!(
        "{{\"query\": \"{{ __typename }}\", \"variables\": {{ \"x\": \"{}\" }} }}",
        "x".repeat(20 * 1024 * 1024)
    );
    let (status, answer) = raw(&app, huge).await;
    assert_eq!(
        (status, code_of(&answer["errors"][0])),
        (413, "PAYLOAD_TOO_LARGE")
    );

    let introspection = app
        .graphql("{ __schema { types { name } } }", json!({}))
        .await;
    assert!(
        introspection["data"]["__schema"].is_null()
            && !introspection.to_string().contains("ValueDomain"),
        "introspection reveals nothing in production: {introspection:#}"
    );
    let typo = app
        .graphql("{ valueDomain { id } valueDomainz }", json!({}))
        .await;
    let message = typo["errors"][0]["message"].as_str().expect("a message");
    assert!(
        !message.contains("Did you mean"),
        "no field suggestions in production: {message}"
    );
    let browsed = app.browse("/graphql").await;
    assert_eq!(
        browsed.headers()["content-type"],
        "application/json",
        "GraphiQL is off in production: a browser is answered in JSON"
    );
    assert_eq!(
        app.get("/graphiql/graphiql.min.js").await.status(),
        404,
        "nor are GraphiQL's files served"
    );

    for answer in [&deep, &aliased, &costly, &typo] {
        let text = answer.to_string().to_lowercase();
        for leak in ["panicked", "backtrace", "select ", "sqlx", ".rs:"] {
            assert!(!text.contains(leak), "no internals in answers: {text}");
        }
    }
    still_healthy(&app).await;
}

async fn guessing_passwords(app: TestApp) {
    let login = "mutation($p: String!) { login(input: { email: \"admin@lode.test\", password: $p }) { token } }";
    let mut codes = Vec::new();
    let mut retry_after = Vec::new();
    let started = std::time::Instant::now();
    for attempt in 0..100 {
        let answer = app
            .graphql_as(None, login, json!({ "p": format!("geraden-{attempt}") }))
            .await;
        codes.push(code_of(&answer["errors"][0]).to_owned());
        retry_after.extend(answer["errors"][0]["extensions"]["retryAfterSeconds"].as_u64());
    }
    let limits = RateLimitSettings::default();
    // The allowance refills by one attempt every `refill`: a slow machine may earn an attempt or two on the way.
    let refill = Duration::from_secs(60) / limits.logins_per_minute;
    let earned = (started.elapsed().as_secs_f64() / refill.as_secs_f64()) as usize;
    let allowed = limits.logins_per_minute as usize;
    let tried = codes.iter().filter(|c| *c == "UNAUTHENTICATED").count();
    let limited = codes.iter().filter(|c| *c == "RATE_LIMITED").count();
    assert!(
        (allowed..=allowed + earned).contains(&tried),
        "{tried} tried: {codes:?}"
    );
    assert_eq!(
        tried + limited,
        100,
        "every attempt is answered with one of the two codes"
    );
    assert_eq!(
        retry_after.len(),
        limited,
        "each refusal says when to try again"
    );
    assert!(retry_after.iter().all(|s| (1..=60).contains(s)));
    let right = app
        .graphql_as(None, login, json!({ "p": lode_tests::TEST_PASSWORD }))
        .await;
    let refused = right["errors"][0]["extensions"]["code"] == "RATE_LIMITED";
    assert!(
        refused || started.elapsed() >= refill,
        "the right password waits too, so guessing gains nothing: {right}"
    );

    let sign_up = "mutation($e: String!) { signUp(input: { email: $e, password: \"lang-genoeg-wachtwoord\", partnerName: \"Spam\", stakeholderType: CITIZEN, contact: { name: \"S\", email: \"s@spam.test\" }, termsVersion: \"2026-11\" }) { message } }";
    let mut refused = 0;
    for n in 0..=limits.sign_ups_per_hour {
        let answer = app
            .graphql_as(None, sign_up, json!({ "e": format!("spam{n}@spam.test") }))
            .await;
        if answer.get("errors").is_some() {
            assert_eq!(code_of(&answer["errors"][0]), "RATE_LIMITED");
            refused += 1;
        }
    }
    assert_eq!(
        refused, 1,
        "one address makes at most {} accounts an hour",
        limits.sign_ups_per_hour
    );
    still_healthy(&app).await;
}

async fn browsers_and_headers(app: TestApp) {
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
    };
    let allowed = preflight(ALLOWED_ORIGIN).await.expect("an answer");
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some(ALLOWED_ORIGIN)
    );
    let other = preflight("https://elders.example")
        .await
        .expect("an answer");
    assert!(
        other.headers().get("access-control-allow-origin").is_none(),
        "other sites are not allowed"
    );
    // The answers the layers and the router write themselves carry the security headers too.
    let nowhere = app.get("/nowhere").await;
    let wrong_method = app
        .client
        .delete(format!("{}/graphql", app.address))
        .send()
        .await
        .expect("an answer");
    for (what, answer) in [
        ("a preflight", &allowed),
        ("a refused preflight", &other),
        ("a 404", &nowhere),
        ("a 405", &wrong_method),
    ] {
        for (name, value) in [
            (
                "content-security-policy",
                lode_api::http::CONTENT_SECURITY_POLICY,
            ),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            (
                "strict-transport-security",
                "max-age=31536000; includeSubDomains",
            ),
        ] {
            assert_eq!(
                answer.headers().get(name).and_then(|v| v.to_str().ok()),
                Some(value),
                "{name} on {what} ({})",
                answer.status()
            );
        }
    }
    assert_eq!(
        (nowhere.status().as_u16(), wrong_method.status().as_u16()),
        (404, 405)
    );

    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .expect("an answer");
    let headers = response.headers();
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
        (
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ),
    ] {
        assert_eq!(
            headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }

    let bad_token = app
        .graphql_as(Some("lode_not-a-real-token"), "{ __typename }", json!({}))
        .await;
    assert_eq!(
        code_of(&bad_token["errors"][0]),
        "UNAUTHENTICATED",
        "an unknown token is refused, not ignored"
    );
}

db_tests! {
    spawn with production;

    async fn hostile_queries_are_refused_with_their_codes(app) {
        hostile_queries(app).await;
    }

    async fn guessing_passwords_and_mass_sign_ups_are_rate_limited(app) {
        guessing_passwords(app).await;
    }

    async fn only_configured_origins_and_safe_headers(app) {
        browsers_and_headers(app).await;
    }
}

/// A server behind a reverse proxy on this machine, with a login limit of two a minute.
async fn behind_a_proxy(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        trusted_proxies: vec!["127.0.0.1".parse().expect("an address")],
        rate_limits: RateLimitSettings {
            logins_per_minute: 2,
            ..RateLimitSettings::default()
        },
        ..ApiOptions::default()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    spawn with behind_a_proxy;

    async fn behind_a_trusted_proxy_each_client_has_its_own_allowance(app) {
        let login = "mutation($e: String!) { login(input: { email: $e, password: \"geraden-wachtwoord\" }) { token } }";
        let attempt = |client: &'static str, email: &'static str| {
            let request = app
                .client
                .post(format!("{}/graphql", app.address))
                .header("x-forwarded-for", client)
                .json(&json!({ "query": login, "variables": { "e": email } }));
            async move { request.send().await.expect("an answer").json::<Value>().await.expect("JSON") }
        };
        let mut codes = Vec::new();
        for _ in 0..3 {
            codes.push(code_of(&attempt("198.51.100.1", "a@x.test").await["errors"][0]).to_owned());
        }
        assert_eq!(codes, ["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"], "one client and account, their own allowance");
        let other = attempt("198.51.100.2", "a@x.test").await;
        assert_eq!(code_of(&other["errors"][0]), "UNAUTHENTICATED", "another client behind the same proxy is not held back");
        let another_account = attempt("198.51.100.1", "b@x.test").await;
        assert_eq!(code_of(&another_account["errors"][0]), "UNAUTHENTICATED", "nor the client for another account");
    }

    async fn strangers_guessing_from_many_addresses_do_not_lock_the_owner_out(app) {
        let per_pair = 2;
        let ceiling = per_pair * lode_api::limits::LOGIN_CEILING;
        let login = "mutation($p: String!) { login(input: { email: \"admin@lode.test\", password: $p }) { token } }";
        let attempt = |client: String, password: &'static str| {
            let request = app
                .client
                .post(format!("{}/graphql", app.address))
                .header("x-forwarded-for", client)
                .json(&json!({ "query": login, "variables": { "p": password } }));
            async move { request.send().await.expect("an answer").json::<Value>().await.expect("JSON") }
        };
        let started = std::time::Instant::now();
        // The owner signed in from home before.
        let home = "198.51.100.7".to_owned();
        let owner = attempt(home.clone(), lode_tests::TEST_PASSWORD).await;
        assert!(owner["data"]["login"]["token"].is_string(), "{owner}");
        // Strangers, each from an address of its own, guess until the account's ceiling stops them.
        let mut guessed = 0;
        let mut stopped = false;
        'strangers: for stranger in 1..=250 {
            for n in 0..=per_pair {
                let answer = attempt(format!("203.0.113.{stranger}"), "geraden-wachtwoord").await;
                match code_of(&answer["errors"][0]) {
                    "UNAUTHENTICATED" => guessed += 1,
                    "RATE_LIMITED" if n == 0 => {
                        stopped = true;
                        break 'strangers;
                    }
                    "RATE_LIMITED" => break,
                    other => panic!("stranger {stranger}: {other}"),
                }
            }
        }
        assert!(stopped, "the account's ceiling stops strangers from new addresses");
        // The account's allowance refills by one attempt every `refill`: a slow machine may earn a few meanwhile.
        let refill = Duration::from_secs(60) / ceiling;
        let earned = (started.elapsed().as_secs_f64() / refill.as_secs_f64()) as u32;
        assert!(
            (ceiling - 1..=ceiling - 1 + earned).contains(&guessed),
            "strangers guessed {guessed} times, the account allows {ceiling} a minute (the owner took one)"
        );
        for _ in 0..per_pair - 1 {
            let owner = attempt(home.clone(), lode_tests::TEST_PASSWORD).await;
            assert!(owner["data"]["login"]["token"].is_string(), "the owner's own address still gets in: {owner}");
        }
    }
}
