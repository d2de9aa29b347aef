//! Sign-up throughput: 500 partners sign up at once for an event with 10 seats, through the real HTTP
//! server, on SQLite and on PostgreSQL. Reports sign-ups per second and the median and 99th-percentile
//! latency: `cargo bench -p lode-tests --bench signups`.

use lode_tests::{Backend, TestApp};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const REGISTER: &str = "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { status } } }";

async fn run(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        println!("{backend:?}: skipped (no database)");
        return;
    };
    let starts = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let ends =
        (chrono::Utc::now() + chrono::Duration::days(3) + chrono::Duration::hours(2)).to_rfc3339();
    let event = app
        .event("Drukke sessie", &starts, &ends, json!({ "capacity": 10 }))
        .await;
    app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": event })).await;
    let partners = app
        .approved_partners(500, entities::values::StakeholderType::Citizen)
        .await;
    let started = Instant::now();
    let requests = partners.iter().map(|partner| {
        let (client, address, event) = (app.client.clone(), app.address.clone(), event.clone());
        let token = app.admin_token.clone();
        let body = json!({ "query": REGISTER, "variables": { "e": event, "p": partner } });
        async move {
            let sent = Instant::now();
            let answer: Value = client
                .post(format!("{address}/graphql"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("sent")
                .json()
                .await
                .expect("JSON");
            (
                sent.elapsed(),
                answer["data"]["registerForEvent"]["registration"]["status"]
                    .as_str()
                    .unwrap_or("error")
                    .to_owned(),
            )
        }
    });
    let results = futures_util::future::join_all(requests).await;
    let total = started.elapsed();
    let confirmed = results.iter().filter(|(_, s)| s == "CONFIRMED").count();
    assert_eq!(confirmed, 10, "exactly the capacity");
    let mut latencies: Vec<Duration> = results.into_iter().map(|(t, _)| t).collect();
    latencies.sort();
    println!(
        "{backend:?}: 500 simultaneous sign-ups for 10 seats in {total:.2?}: {:.0} sign-ups/s, latency p50 {:.2?}, p99 {:.2?}",
        500.0 / total.as_secs_f64(),
        latencies[latencies.len() / 2],
        latencies[(latencies.len() * 99) / 100 - 1]
    );
}

#[tokio::main]
async fn main() {
    run(Backend::Sqlite).await;
    run(Backend::Postgres).await;
}
