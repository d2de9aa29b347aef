//! Live seat counts over graphql-ws: every sign-up reaches subscribers, also those of another process.

use futures_util::SinkExt;
use lode_tests::{Backend, TestApp, code_of, db_tests};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

type Socket = lode_tests::WebSocket;

const REGISTER: &str = "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { status code } } }";

/// Subscribes to an event's seats with the graphql-ws protocol, anonymously.
async fn subscribe(app: &TestApp, event: &str) -> Socket {
    subscribe_as(app, event, None).await
}

/// Opens a graphql-ws connection, signed in with a bearer token (or not).
async fn connect(app: &TestApp, token: Option<&str>) -> Socket {
    init(app, json!(token.map(|t| format!("Bearer {t}")))).await
}

/// Opens a graphql-ws connection with this `authorization` in its `connection_init` payload.
async fn init(app: &TestApp, authorization: Value) -> Socket {
    let mut socket = app.websocket().await;
    socket
        .send(Message::Text(
            json!({ "type": "connection_init", "payload": { "authorization": authorization } })
                .to_string()
                .into(),
        ))
        .await
        .expect("sent");
    socket
}

/// The code and reason the server closed a socket with after its `connection_init`.
async fn close_frame(socket: &mut Socket) -> (u16, String) {
    use futures_util::StreamExt;
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("an answer within 10 s");
        match message {
            Some(Ok(Message::Close(Some(frame)))) => {
                return (u16::from(frame.code), frame.reason.to_string());
            }
            Some(Ok(Message::Close(None))) | None => panic!("closed without a code"),
            Some(Ok(Message::Text(text))) => panic!("the socket stayed open: {text}"),
            Some(Ok(_)) => {}
            Some(Err(err)) => panic!("the socket failed: {err}"),
        }
    }
}

/// A `POST /graphql` with this `Authorization` header: its status and answer.
async fn post_with(app: &TestApp, authorization: &str) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("authorization", authorization)
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

/// Subscribes to an event's seats, signed in with a bearer token (or not).
async fn subscribe_as(app: &TestApp, event: &str, token: Option<&str>) -> Socket {
    let mut socket = connect(app, token).await;
    let query = "subscription($e: ID!) { eventSeatsChanged(eventId: $e) { seatsTaken seatsLeft waitlistLength arrived } }";
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": { "e": event } } });
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("sent");
    socket
}

/// The next seat counts pushed on the socket.
async fn next_seats(socket: &mut Socket) -> Value {
    let message = next_message(socket).await;
    match message["type"].as_str() {
        Some("next") if message["payload"].get("errors").is_none() => {
            message["payload"]["data"]["eventSeatsChanged"].clone()
        }
        _ => panic!("the subscription failed: {message}"),
    }
}

/// The next `next` or `error` message on the socket.
async fn next_message(socket: &mut Socket) -> Value {
    loop {
        let message = lode_tests::next_json(socket).await;
        if matches!(message["type"].as_str(), Some("next" | "error")) {
            return message;
        }
    }
}

db_tests! {
    async fn every_sign_up_reaches_the_subscribers(app) {
        let event = app.open_event("Live", 1).await;
        let people = [app.approved_partner("Een", "CITIZEN").await, app.approved_partner("Twee", "CITIZEN").await];
        let mut socket = subscribe(&app, &event).await;
        assert_eq!(next_seats(&mut socket).await, json!({ "seatsTaken": 0, "seatsLeft": 1, "waitlistLength": 0, "arrived": 0 }), "the counts now");
        let first = app.data(REGISTER, json!({ "e": event, "p": people[0] })).await;
        assert_eq!(next_seats(&mut socket).await, json!({ "seatsTaken": 1, "seatsLeft": 0, "waitlistLength": 0, "arrived": 0 }));
        app.data(REGISTER, json!({ "e": event, "p": people[1] })).await;
        assert_eq!(next_seats(&mut socket).await, json!({ "seatsTaken": 1, "seatsLeft": 0, "waitlistLength": 1, "arrived": 0 }));
        // A check-in leaves the seats as they were, and reaches the doors that follow the event all the same.
        let code = &first["registerForEvent"]["registration"]["code"];
        app.data(
            "mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status } } }",
            json!({ "e": event, "c": code }),
        )
        .await;
        assert_eq!(next_seats(&mut socket).await, json!({ "seatsTaken": 1, "seatsLeft": 0, "waitlistLength": 1, "arrived": 1 }));
    }

    async fn a_draft_event_is_followed_only_by_the_team(app) {
        let draft = app.event("Nog geheim", "2030-05-01T09:00:00Z", "2030-05-01T11:00:00Z", json!({})).await;
        let mut anonymous = subscribe(&app, &draft).await;
        let refused = next_message(&mut anonymous).await;
        assert_eq!(refused["payload"]["data"], Value::Null, "{refused}");
        assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND", "a draft looks like nothing: {refused}");
        let mut team = subscribe_as(&app, &draft, Some(&app.admin_token)).await;
        assert_eq!(next_seats(&mut team).await["seatsTaken"], 0, "signed in through connection_init");
    }

    async fn the_websocket_signs_in_by_the_same_rules_as_a_post(app) {
        let draft = app.event("Nog geheim", "2030-05-01T09:00:00Z", "2030-05-01T11:00:00Z", json!({})).await;
        // The scheme in any case, as in the Authorization header.
        let mut team = init(&app, json!(format!("bearer {}", app.admin_token))).await;
        let query = "subscription($e: ID!) { eventSeatsChanged(eventId: $e) { seatsTaken seatsLeft waitlistLength } }";
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": { "e": draft } } });
        team.send(Message::Text(subscribe.to_string().into())).await.expect("sent");
        assert_eq!(next_seats(&mut team).await["seatsTaken"], 0, "signed in with a lower-case scheme");

        // A token that signs nobody in, and a value that is not `Bearer <token>`.
        let (status, answer) = post_with(&app, "Bearer not-a-token").await;
        assert_eq!((status, code_of(&answer["errors"][0])), (401, "UNAUTHENTICATED"), "{answer}");
        // graphql-ws closes a refused connection with 4403 Forbidden; the reason keeps the code.
        let mut socket = init(&app, json!("Bearer not-a-token")).await;
        let (code, reason) = close_frame(&mut socket).await;
        assert_eq!(code, 4403, "{reason}");
        assert!(reason.starts_with("UNAUTHENTICATED: the bearer token is unknown"), "{reason}");
        let mut socket = init(&app, json!("Token abc")).await;
        let (code, reason) = close_frame(&mut socket).await;
        assert_eq!(code, 4403, "{reason}");
        assert!(reason.starts_with("UNAUTHENTICATED: the Authorization header must be"), "{reason}");

        // The sessions cannot be read: the service is unavailable, the token is not called bad.
        app.db.execute_unprepared("DROP TABLE session").await.expect("the sessions are gone");
        let (status, answer) = post_with(&app, &format!("Bearer {}", app.admin_token)).await;
        assert_eq!((status, code_of(&answer["errors"][0])), (503, "UNAVAILABLE"), "{answer}");
        let mut socket = connect(&app, Some(&app.admin_token)).await;
        let (code, reason) = close_frame(&mut socket).await;
        assert_eq!(code, 1013, "try again later: {reason}");
        assert!(reason.starts_with("UNAVAILABLE: the service cannot check your session"), "{reason}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_on_one_process_reaches_a_subscriber_on_another() {
    let Some(first) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let second = first.spawn_beside().await;
    let event = first.open_event("Live", 5).await;
    let partner = first.approved_partner("Elders", "COMPANY").await;
    let mut socket = subscribe(&second, &event).await;
    assert_eq!(next_seats(&mut socket).await["seatsTaken"], 0);
    first
        .data(REGISTER, json!({ "e": event, "p": partner }))
        .await;
    assert_eq!(
        next_seats(&mut socket).await["seatsTaken"],
        1,
        "PostgreSQL's NOTIFY carried it across"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_websocket_carries_subscriptions_only() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let mut socket = connect(&app, Some(&app.admin_token)).await;
    for (id, query) in [
        ("1", "{ events { nodes { seatsTaken } } }"),
        (
            "2",
            "mutation { createValueDomain(input: { name: \"Via de socket\", economicValue: 1, societalValue: 1, dataReadiness: 1 }) { valueDomain { id } } }",
        ),
    ] {
        let subscribe = json!({ "id": id, "type": "subscribe", "payload": { "query": query } });
        socket
            .send(Message::Text(subscribe.to_string().into()))
            .await
            .expect("sent");
        let refused = next_message(&mut socket).await;
        assert_eq!(refused["id"], id);
        let errors = if refused["type"] == "error" {
            &refused["payload"]
        } else {
            &refused["payload"]["errors"]
        };
        assert_eq!(errors[0]["extensions"]["code"], "VALIDATION", "{refused}");
    }
    let domains = app.data("{ valueDomains { totalCount } }", json!({})).await;
    assert_eq!(
        domains["valueDomains"]["totalCount"], 0,
        "nothing was created over the socket"
    );
}
