//! Requests shaped to kill or exhaust the server: documents and variables nested thousands of levels deep,
//! lists inside lists that multiply a response, NUL characters, malformed credentials, slow or oversized
//! requests and subscription floods. Each is refused with its code and the server stays healthy.

use futures_util::{SinkExt, StreamExt};
use lode_api::config::ApiOptions;
use lode_tests::{Backend, TestApp, code_of, db_tests, test_options, test_relay_settings};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

async fn still_healthy(app: &TestApp) {
    assert_eq!(app.get("/health").await.status(), 200);
    let data = app.data("{ valueDomains { totalCount } }", json!({})).await;
    assert!(data["valueDomains"]["totalCount"].is_u64());
}

/// The status and JSON answer of a raw request body.
async fn raw(app: &TestApp, body: String) -> (u16, Value) {
    let response = app.post_raw(body).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

db_tests! {
    async fn values_nested_thousands_deep_are_refused_before_anything_recurses(app) {
        // A list literal 2,000 deep (about 4 KB) and an object literal 1,500 deep, as the probe sent them;
        // 500 deep, which the parser still takes and which overflowed the stack of a debug build.
        let list = |depth: usize| {
            format!(
                "{{ events(filter: {{ status: {}PUBLISHED{} }}) {{ totalCount }} }}",
                "[".repeat(depth),
                "]".repeat(depth)
            )
        };
        let object = |depth: usize| {
            format!(
                "{{ events(filter: {}1{}) {{ totalCount }} }}",
                "{ a: ".repeat(depth),
                "}".repeat(depth)
            )
        };
        let selections = format!("{{ {}__typename{} }}", "a { ".repeat(3_000), " }".repeat(3_000));
        // An unclosed block string: the parser reads `""` and then the lists, and so must the check.
        let quoted = format!(
            "{{ events(filter: {{ status: [\"\"\"\"{}PUBLISHED{}] }}) {{ totalCount }} }}",
            "[".repeat(500),
            "]".repeat(500)
        );
        // Spreads that each spread the next: one bracket deep, but every walk of the document follows
        // them, used or not.
        let chain = |first: &str| {
            let mut text = first.to_owned();
            for n in 0..20_000 {
                text.push_str(&format!(" fragment a{n} on Query {{ ...a{} }}", n + 1));
            }
            text.push_str(" fragment a20000 on Query { __typename }");
            text
        };
        let documents = [
            list(2_000),
            list(500),
            object(1_500),
            object(500),
            selections,
            quoted,
            chain("{ ...a0 }"),
            chain("{ __typename }"),
        ];
        for document in &documents {
            let answer = app.graphql(document, json!({})).await;
            assert_eq!(code_of(&answer["errors"][0]), "QUERY_TOO_DEEP", "{answer:#}");
        }

        // Variables: JSON deeper than the body parser follows is not a GraphQL request at all; within
        // that, deeper than the variable limit is refused by name.
        let mut value = json!("PUBLISHED");
        for _ in 0..100 {
            value = json!([value]);
        }
        let query = "query($s: [EventStatus!]) { events(filter: { status: $s }) { totalCount } }";
        let answer = app.graphql(query, json!({ "s": value })).await;
        assert_eq!(code_of(&answer["errors"][0]), "QUERY_TOO_DEEP", "{answer:#}");
        assert!(answer["errors"][0]["message"].as_str().is_some_and(|m| m.contains("$s")));
        let deep_json = format!(
            "{{\"query\": \"{{ __typename }}\", \"variables\": {{ \"v\": {}1{} }} }}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (status, answer) = raw(&app, deep_json).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (400, "VALIDATION"));

        // The standard introspection query (graphql-js's, as clients and tools send it) is within every limit.
        let standard = app.graphql(include_str!("../../fixtures/introspection.graphql"), json!({})).await;
        assert!(standard.get("errors").is_none() && standard["data"]["__schema"].is_object(), "{standard:#}");
        // A real query, its introspection included, is far from the limit.
        let fine = app
            .graphql("{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }", json!({}))
            .await;
        assert!(fine.get("errors").is_none(), "{fine:#}");
        still_healthy(&app).await;
    }

    async fn lists_without_paging_count_in_the_cost(app) {
        let nested = "{valueDomains(first:100){nodes{interestedPartners{interests{interestedPartners{interests{pilotCases{description}}}}}}}}";
        assert_eq!(nested.len(), 119);
        let answer = app.graphql(nested, json!({})).await;
        assert_eq!(code_of(&answer["errors"][0]), "QUERY_TOO_COMPLEX", "{answer:#}");
        let two_levels = "{ pilotCases(first: 100) { nodes { members { partner { interests { name } } } } } }";
        let answer = app.graphql(two_levels, json!({})).await;
        assert_eq!(code_of(&answer["errors"][0]), "QUERY_TOO_COMPLEX", "each unpaged list counts 20 records: {answer:#}");
        // What the README shows still fits.
        let everyday = "{ valueDomains(filter: { status: [SELECTED] }) { nodes { name priorityScore themes pilotCases { title phase neededCapabilities { name weight } } interestedPartners { name stakeholderType } } } }";
        let answer = app.graphql(everyday, json!({})).await;
        assert!(answer.get("errors").is_none(), "{answer:#}");
    }

    async fn a_nul_character_is_refused_as_bad_input_everywhere(app) {
        let event = app.open_event("Open dag", 10).await;
        let attempts = [
            ("{ event(slug: \"open\\u0000dag\") { id } }", json!({}), "slug"),
            ("query($s: String) { pilotCase(slug: $s) { id } }", json!({ "s": "a\u{0}b" }), "s"),
            ("query($s: String) { partner(slug: $s) { id } }", json!({ "s": "\u{0}" }), "s"),
            ("query($s: String) { valueDomain(slug: $s) { id } }", json!({ "s": "x\u{0}" }), "s"),
            ("query($s: String) { successStory(slug: $s) { id } }", json!({ "s": "x\u{0}" }), "s"),
            ("query($s: String) { dataset(slug: $s) { id } }", json!({ "s": "x\u{0}" }), "s"),
            ("mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { id } } }", json!({ "e": event, "c": "AB\u{0}CD" }), "c"),
            ("{ search(query: \"fiets\\u0000\") { totalCount } }", json!({}), "query"),
            ("mutation($e: ID!, $t: String) { updateEvent(input: { id: $e, title: $t }) { event { id } } }", json!({ "e": event, "t": "x\u{0}" }), "t"),
            ("query($f: PartnerFilter) { partners(filter: $f) { totalCount } }", json!({ "f": { "city\u{0}": "GENT" } }), "f"),
        ];
        for (query, variables, field) in attempts {
            let answer = app.graphql(query, variables).await;
            let error = &answer["errors"][0];
            assert_eq!(code_of(error), "VALIDATION", "{query}: {answer:#}");
            assert_eq!(error["extensions"]["field"], field, "{query}: {answer:#}");
        }
        still_healthy(&app).await;
    }

    async fn a_malformed_authorization_header_is_refused_not_ignored(app) {
        for value in ["Bearer", "Bearer ", "Token abc", "Basic YWRtaW46YWRtaW4=", "abc", "Bearer a b"] {
            let response = app
                .client
                .post(format!("{}/graphql", app.address))
                .header("authorization", value)
                .json(&json!({ "query": "{ __typename }" }))
                .send()
                .await
                .expect("an answer");
            assert_eq!(response.status(), 401, "{value:?}");
            let answer: Value = response.json().await.expect("JSON");
            assert_eq!(code_of(&answer["errors"][0]), "UNAUTHENTICATED", "{value:?}");
        }
        // Over the WebSocket too: an authorization that is not `Bearer <token>` ends the connection.
        for authorization in [json!(42), json!("Token abc"), json!("Bearer")] {
            let mut socket = app.websocket().await;
            let init = json!({ "type": "connection_init", "payload": { "authorization": authorization } });
            socket.send(Message::Text(init.to_string().into())).await.expect("sent");
            let answer = tokio::time::timeout(Duration::from_secs(10), socket.next())
                .await
                .expect("an answer within 10 s");
            assert!(
                matches!(answer, None | Some(Ok(Message::Close(_)))),
                "{authorization}: {answer:?}"
            );
        }
        let lower_case = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("authorization", format!("bearer {}", app.admin_token))
            .json(&json!({ "query": "{ me { email } }" }))
            .send()
            .await
            .expect("an answer");
        let answer: Value = lower_case.json().await.expect("JSON");
        assert_eq!(answer["data"]["me"]["email"], "admin@lode.test", "the scheme is case-insensitive: {answer:#}");
    }
}

/// A server whose responses may hold at most 4 KiB.
async fn small_budget(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        max_response_bytes: 4 * 1024,
        ..test_options()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    spawn with small_budget;

    async fn a_response_past_its_budget_is_refused_whole(app) {
        let long = "x".repeat(900);
        for n in 0..8 {
            app.data(
                "mutation($n: String!, $d: String!) { createValueDomain(input: { name: $n, description: $d, themes: [TRAN], economicValue: 3, societalValue: 3, dataReadiness: 3 }) { valueDomain { id } } }",
                json!({ "n": format!("Domein {n}"), "d": long }),
            )
            .await;
        }
        // A mutation's answer is never cut: its change is made, and its client must hear so.
        let longer = "y".repeat(6_000);
        let created = app
            .data(
                "mutation($d: String!) { createValueDomain(input: { name: \"Groot\", description: $d, economicValue: 3, societalValue: 3, dataReadiness: 3 }) { valueDomain { slug description } } }",
                json!({ "d": longer }),
            )
            .await;
        assert_eq!(created["createValueDomain"]["valueDomain"]["description"], longer.as_str());
        let read_back = app.graphql("{ valueDomain(slug: \"groot\") { description } }", json!({})).await;
        assert_eq!(code_of(&read_back["errors"][0]), "RESPONSE_TOO_LARGE", "{read_back:#}");
        // The operations of a batch share one budget.
        let operation = json!({ "query": "{ valueDomains(first: 3) { nodes { name description } } }" });
        let (status, batch) = raw(&app, json!([operation, operation]).to_string()).await;
        assert_eq!(status, 200);
        let refused = batch
            .as_array()
            .expect("a batch answer")
            .iter()
            .filter(|answer| code_of(&answer["errors"][0]) == "RESPONSE_TOO_LARGE")
            .count();
        assert!(refused >= 1, "two answers of 3 KB pass 4 KB together: {batch:#}");
        let small = app.graphql("{ valueDomains(first: 3) { nodes { name } } }", json!({})).await;
        assert!(small.get("errors").is_none(), "a small answer passes: {small:#}");
        let large = app.graphql("{ valueDomains(first: 8) { nodes { name description } } }", json!({})).await;
        assert_eq!(code_of(&large["errors"][0]), "RESPONSE_TOO_LARGE", "{large:#}");
        assert_eq!(large["errors"].as_array().map(Vec::len), Some(1), "one error, not one per field");
        assert!(large["data"].is_null(), "no half answer: {large:#}");
        // It ran: a client that asks for graphql-response+json reads a 200 with `data: null`, not a 400.
        let asked = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": "{ valueDomains(first: 8) { nodes { name description } } }" }))
            .send()
            .await
            .expect("an answer");
        assert_eq!(asked.status(), 200);
        let asked: serde_json::Value = asked.json().await.expect("JSON");
        assert!(asked.get("data").is_some_and(serde_json::Value::is_null), "{asked:#}");
        assert_eq!(code_of(&asked["errors"][0]), "RESPONSE_TOO_LARGE");
        still_healthy(&app).await;
    }
}

/// Writes bytes on a fresh connection and reads what comes back until the answer holds `until` or the
/// server closes the connection (or 30 s pass); returns the answer and how long it took.
async fn exchange(app: &TestApp, bytes: &[u8], until: Option<&str>) -> (String, Duration) {
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    let started = Instant::now();
    stream.write_all(bytes).await.expect("written");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).await.unwrap_or(0);
            answer.extend_from_slice(&chunk[..n]);
            let done = until.is_some_and(|text| String::from_utf8_lossy(&answer).contains(text));
            if n == 0 || done {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "an answer within 30 s");
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut_off_and_an_oversized_declared_body_is_refused_at_once() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");

    // Headers that never end: the server closes the connection after its header timeout, not after
    // minutes (the read above gives up at 30 s).
    let (_, waited) = exchange(
        &app,
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: a",
        None,
    )
    .await;
    assert!(
        waited >= lode_api::http::HEADER_TIMEOUT - Duration::from_secs(1),
        "closed by the header timeout, not before: {waited:?}"
    );

    // Declared and none of it sent: refused without waiting for the body (which took 30 s, then 408).
    for length in ["100000000", "2000000"] {
        let request = format!(
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        );
        let (answer, waited) = exchange(&app, request.as_bytes(), Some("PAYLOAD_TOO_LARGE")).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(
            waited < lode_api::config::REQUEST_TIMEOUT,
            "at once, not at the request timeout: {waited:?}"
        );
    }
    still_healthy(&app).await;
}

type Socket = lode_tests::WebSocket;

/// A graphql-ws connection, acknowledged.
async fn connect(app: &TestApp) -> Socket {
    let mut socket = app.websocket().await;
    let init = json!({ "type": "connection_init", "payload": {} });
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .expect("sent");
    assert_eq!(next(&mut socket).await["type"], "connection_ack");
    socket
}

/// The next protocol message on the socket.
async fn next(socket: &mut Socket) -> Value {
    lode_tests::next_json(socket).await
}

/// Subscribes to an event's seats under `id`; the first answer: its counts, or its refusal.
async fn subscribe(socket: &mut Socket, id: &str, event: &str) -> Value {
    let query = "subscription($e: ID!) { eventSeatsChanged(eventId: $e) { seatsTaken } }";
    let message = json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": { "e": event } } });
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("sent");
    loop {
        // Other subscriptions' messages (a refused one's `complete`) are passed over.
        let answer = next(socket).await;
        if answer["id"] == id && answer["type"] != "complete" {
            return answer;
        }
    }
}

fn refused(answer: &Value) -> bool {
    answer["payload"]["errors"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
}

/// A server that allows 3 subscriptions per connection and 5 per client.
async fn few_subscriptions(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        max_subscriptions_per_connection: 3,
        max_subscriptions_per_client: 5,
        ..test_options()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    spawn with few_subscriptions;

    async fn subscriptions_are_bounded_per_connection_and_per_client(app) {
        let event = app.open_event("Live", 10).await;
        let mut first = connect(&app).await;

        // One subscription, one root field: several would be streams of their own.
        let twice = "subscription($e: ID!) { eventSeatsChanged(eventId: $e) { seatsTaken } again: eventSeatsChanged(eventId: $e) { seatsLeft } }";
        let message = json!({ "id": "two", "type": "subscribe", "payload": { "query": twice, "variables": { "e": event } } });
        first.send(Message::Text(message.to_string().into())).await.expect("sent");
        let answer = next(&mut first).await;
        assert_eq!(answer["payload"]["errors"][0]["extensions"]["code"], "VALIDATION", "{answer}");
        // Once it is complete, its place is free again.
        assert_eq!(next(&mut first).await["type"], "complete");
        for n in 0..3 {
            let answer = subscribe(&mut first, &format!("a{n}"), &event).await;
            assert!(!refused(&answer), "{answer}");
        }
        assert!(refused(&subscribe(&mut first, "a3", &event).await), "the fourth on one connection");

        let mut second = connect(&app).await;
        for n in 0..2 {
            assert!(!refused(&subscribe(&mut second, &format!("b{n}"), &event).await));
        }
        assert!(refused(&subscribe(&mut second, "b2", &event).await), "the sixth of one client");

        // Ending one gives its place back.
        let complete = json!({ "id": "a0", "type": "complete" });
        first.send(Message::Text(complete.to_string().into())).await.expect("sent");
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut n = 0;
        loop {
            n += 1;
            let answer = subscribe(&mut second, &format!("c{n}"), &event).await;
            if !refused(&answer) {
                break;
            }
            assert!(Instant::now() < deadline, "the place came back");
        }
        still_healthy(&app).await;
    }
}

/// Generated documents and variables, deep and wide, against one server: every answer is a GraphQL
/// answer (data, or errors with a code), and the server never falls over. A stack overflow would abort
/// this whole test binary, so a crash cannot pass unnoticed.
#[test]
fn generated_deep_and_wide_documents_and_variables_never_crash_the_server() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// A GraphQL input value nested as the shape says: `true` a list, `false` an object.
    fn value_text(shape: &[bool], leaf: &str) -> String {
        let mut text = String::new();
        for &list in shape {
            text.push_str(if list { "[" } else { "{ a: " });
        }
        text.push_str(leaf);
        for &list in shape.iter().rev() {
            text.push_str(if list { "]" } else { " }" });
        }
        text
    }
    /// A JSON value nested the same way.
    fn value_json(shape: &[bool], leaf: Value) -> Value {
        shape.iter().rev().fold(leaf, |inner, &list| {
            if list {
                json!([inner])
            } else {
                json!({ "a": inner })
            }
        })
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let app = runtime
        .block_on(TestApp::spawn(Backend::Sqlite))
        .expect("SQLite always runs");
    let leaves = prop_oneof![
        Just("1".to_owned()),
        Just("PUBLISHED".to_owned()),
        Just("\"x\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
        Just("$v".to_owned()),
    ];
    // Nesting of one kind (lists in lists, objects in objects) or mixed, up to past the parser's own
    // limit; one kind all the way down is what recursed deepest.
    let shapes = (0usize..3_000, 0u8..3, any::<u64>()).prop_map(|(depth, kind, seed)| {
        (0..depth)
            .map(|level| match kind {
                0 => true,
                1 => false,
                _ => (seed.rotate_left(level as u32 % 64) & 1) == 1,
            })
            .collect::<Vec<bool>>()
    });
    let strategy = (
        shapes,
        // Mostly within the shape limits, so the value reaches validation and execution.
        prop_oneof![4 => 0usize..6, 1 => 6usize..400],
        prop_oneof![4 => 0usize..50, 1 => 50usize..1_500],
        leaves,
        prop::collection::vec(any::<bool>(), 0..200),
        prop_oneof![
            Just(json!("x")),
            Just(json!("\u{0}")),
            Just(json!(1)),
            Just(json!(null))
        ],
        0usize..3_000,
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 96,
        max_shrink_iters: 32,
        failure_persistence: None,
        ..Config::default()
    });
    let known = [
        "QUERY_TOO_DEEP",
        "QUERY_TOO_COMPLEX",
        "TOO_MANY_ALIASES",
        "VALIDATION",
        "RESPONSE_TOO_LARGE",
        "NOT_FOUND",
    ];
    let outcome = runner.run(
        &strategy,
        |(shape, selection_depth, width, leaf, variable_shape, variable_leaf, chain, quotes)| {
            let mut argument = value_text(&shape, &leaf);
            if quotes {
                // An unclosed block string before the value: the parser reads `""` and goes on.
                argument = format!("[\"\"\"\"{argument}]");
            }
            let fields: String = (0..width).map(|n| format!("f{n}: __typename ")).collect();
            let mut document = format!(
                "query($v: [EventStatus!]) {{ {}events(filter: {{ status: {argument} }}) {{ totalCount }} {fields}{} }}",
                "pilotCases { nodes { ".repeat(selection_depth),
                " } }".repeat(selection_depth),
            );
            for n in 0..chain {
                document.push_str(&format!(" fragment F{n} on Query {{ ...F{} }}", n + 1));
            }
            let variables = json!({ "v": value_json(&variable_shape, variable_leaf) });
            let body = json!({ "query": document, "variables": variables }).to_string();
            let (status, answer) = runtime.block_on(raw(&app, body));
            prop_assert!(matches!(status, 200 | 400), "HTTP {status}: {answer}");
            if let Some(errors) = answer["errors"].as_array() {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(known.contains(&code_of(error)), "{error}");
                }
            } else {
                prop_assert!(answer["data"].is_object(), "{answer}");
            }
            Ok(())
        },
    );
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    runtime.block_on(still_healthy(&app));
}
