//! Mail through the outbox to a real SMTP server (aiosmtpd), on SQLite and on PostgreSQL: how many messages
//! per second the relay hands over when 1,000 are waiting (the server was down while they were written),
//! and how long one change takes to reach the server as a message (from the mutation's request to the
//! server's file of it), median and 99th percentile over 200 changes made one at a time:
//! `LODE_AIOSMTPD_PYTHON=… cargo bench -p lode-tests --bench mail`.

use lode_tests::smtp::SmtpServer;
use lode_tests::{Backend, TestApp, test_mail_settings};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};

const UPDATE_VENUE: &str = "mutation($id: ID!, $venue: String) { updateEvent(input: { id: $id, venue: $venue }) { event { id } } }";

/// The newest message file's modification time: when the server accepted that message.
fn accepted_at(smtp: &SmtpServer, count: usize) -> SystemTime {
    let mut times: Vec<SystemTime> = std::fs::read_dir(smtp.directory())
        .expect("the server's folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .filter_map(|e| e.metadata().and_then(|m| m.modified()).ok())
        .collect();
    assert_eq!(times.len(), count);
    times.sort();
    *times.last().expect("a message")
}

async fn run(backend: Backend) {
    let Some(mut smtp) = SmtpServer::start() else {
        println!("{backend:?}: skipped (no aiosmtpd)");
        return;
    };
    let Some(app) = TestApp::spawn_with_mail(backend, test_mail_settings(Some(&smtp.url()))).await
    else {
        println!("{backend:?}: skipped (no database)");
        return;
    };
    let partner = app.approved_partner("Lezer", "COMPANY").await;
    app.account(
        "lezer@lode.test",
        entities::values::Role::Partner,
        &[],
        Some(&partner),
    )
    .await;
    let event = app.open_event("Vaak verplaatst", 10).await;
    app.data(
        "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }",
        json!({ "e": event, "p": partner }),
    )
    .await;
    smtp.wait_for(1, Duration::from_secs(30)).await;

    // Throughput: 1,000 messages waiting, handed over once the server is back.
    smtp.stop();
    for n in 0..1000 {
        app.data(
            UPDATE_VENUE,
            json!({ "id": event, "venue": format!("Zaal {n}") }),
        )
        .await;
    }
    smtp.restart();
    let started = Instant::now();
    smtp.wait_for(1001, Duration::from_secs(300)).await;
    let drained = started.elapsed();

    // Latency: one change at a time, each waited for.
    let mut latencies = Vec::new();
    for n in 0..200 {
        // From before the request: the change commits within it, and its message may go before it answers.
        let changed = SystemTime::now();
        app.data(
            UPDATE_VENUE,
            json!({ "id": event, "venue": format!("Zaal B{n}") }),
        )
        .await;
        smtp.wait_for(1002 + n, Duration::from_secs(30)).await;
        let accepted = accepted_at(&smtp, 1002 + n);
        latencies.push(accepted.duration_since(changed).unwrap_or_default());
    }
    latencies.sort();
    println!(
        "{backend:?}: 1,000 waiting messages handed over in {drained:.2?}: {:.0} messages/s; one change to its message accepted: p50 {:.1?}, p99 {:.1?} (200 changes)",
        1000.0 / drained.as_secs_f64(),
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 99 / 100],
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    run(Backend::Sqlite).await;
    run(Backend::Postgres).await;
}
