//! What accounts and limits cost, through the real HTTP server on SQLite: a login (Argon2id), a query with
//! and without a bearer token, and refusing hostile queries. Reports medians:
//! `cargo bench -p lode-tests --bench auth`.

use lode_tests::{Backend, TEST_PASSWORD, TestApp};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The median time of `runs` calls of `call`.
async fn median<F, Fut>(runs: usize, mut call: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Value>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let answer = call().await;
        times.push(start.elapsed());
        std::hint::black_box(answer);
    }
    times.sort();
    times[runs / 2]
}

#[tokio::main]
async fn main() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let login = "mutation($p: String!) { login(input: { email: \"admin@lode.test\", password: $p }) { token } }";
    let logins = median(30, || {
        app.graphql_as(None, login, json!({ "p": TEST_PASSWORD }))
    })
    .await;
    let query = "{ valueDomains(first: 5) { totalCount nodes { name } } }";
    let anonymous = median(500, || app.graphql_as(None, query, json!({}))).await;
    let signed_in = median(500, || app.graphql(query, json!({}))).await;
    println!("login (Argon2id verify and a new session): median {logins:.2?}");
    println!(
        "a small query: median {anonymous:.2?} anonymous, {signed_in:.2?} with a bearer token ({:.2}x)",
        signed_in.as_secs_f64() / anonymous.as_secs_f64()
    );

    let aliases: String = (0..10_000).map(|n| format!("a{n}: __typename ")).collect();
    let aliased = format!("{{ {aliases} }}");
    let deep = format!(
        "{{ {}__typename{} }}",
        "pilotCases { nodes { valueDomain { ".repeat(25),
        " } } }".repeat(25)
    );
    let batch = Value::Array(vec![json!({ "query": "{ __typename }" }); 1_000]).to_string();
    let refused_aliases = median(50, || app.graphql(&aliased, json!({}))).await;
    let refused_deep = median(50, || app.graphql(&deep, json!({}))).await;
    let refused_batch = median(50, || async {
        app.post_raw(batch.clone())
            .await
            .json::<Value>()
            .await
            .expect("JSON")
    })
    .await;
    println!(
        "refusing: 10,000 aliases median {refused_aliases:.2?}, depth 50 median {refused_deep:.2?}, a 1,000-operation batch median {refused_batch:.2?}"
    );
}
