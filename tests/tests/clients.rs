//! LODE as GraphQL clients and tools see it: the scripts of `tests/clients/*.test.mjs`, run by Node's test
//! runner against a server started here (its address in `LODE_URL`). `audit.test.mjs` runs every server
//! audit of the GraphQL-over-HTTP spec (graphql-http's `serverAudits`): a MUST or SHOULD that does not
//! pass fails it; a MAY that does not pass is printed here (`MAY not met, <id>: …`).
//! `relay-and-apollo.test.mjs` compiles the operations of `tests/clients/relay` with relay-compiler
//! against the committed `schema.graphql`, and runs what it generates through Apollo Client 4 (paging
//! merged by `relayStylePagination`, union members matched by the served `possibleTypes`, persisted
//! queries over GET, errors, and a subscription over graphql-ws).
//!
//! Each test needs Node.js and the folder's packages (`npm ci --prefix tests/clients`); without them it is
//! skipped (named, with the reason, in the summary the test binary prints at its end), except under
//! `CI=true`, where it fails.

use lode_tests::node::{self, missing_node, node_test, summary_of, test_files_in};
use lode_tests::{TestApp, run_to_end, skip_because};

/// The folder of the client tests, from the repository's root.
const CLIENTS: &str = "tests/clients";

/// The scripts in `tests/clients`, each with the packages it imports. Listed by name, so a script that is
/// deleted or renamed fails [`every_client_test_is_run`] instead of no longer running.
const CLIENT_TESTS: [(&str, &[&str]); 2] = [
    ("audit.test.mjs", &["graphql-http", "graphql"]),
    (
        "relay-and-apollo.test.mjs",
        &[
            "@apollo/client",
            "graphql",
            "graphql-ws",
            "relay-compiler",
            "rxjs",
            "ws",
        ],
    ),
];

/// Runs the script `name` against a fresh server with the demo data (skipped without Node.js or its
/// packages; the demo partner's credentials in `LODE_PARTNER_EMAIL` and `LODE_PARTNER_PASSWORD`), prints
/// its counts and every line of its report that holds `notable`, and fails unless it passes with at least
/// `least` tests passed.
async fn run_client_test(name: &str, notable: &str, least: u32) {
    let (_, packages) = CLIENT_TESTS
        .iter()
        .find(|(script, _)| *script == name)
        .unwrap_or_else(|| panic!("{name} is listed in CLIENT_TESTS"));
    if let Some(reason) = missing_node(CLIENTS, packages) {
        skip_because(&reason);
        return;
    }
    let app = TestApp::with_demo_data().await;
    let partner = lode_api::demo::DEMO_ACCOUNTS
        .iter()
        .find(|account| account.role == entities::values::Role::Partner)
        .expect("a demo partner account");
    let mut command = node_test(CLIENTS, &[name]);
    command
        .env("LODE_URL", &app.address)
        .env("LODE_PARTNER_EMAIL", partner.email)
        .env("LODE_PARTNER_PASSWORD", partner.password);
    let output = run_to_end(command).await;
    let (summary, passed) = summary_of(&output);
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{name}: {summary}");
    for line in report.lines().filter(|line| line.contains(notable)) {
        println!("  {}", line.trim());
    }
    assert!(
        output.status.success(),
        "{name} failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = passed.unwrap_or_else(|| panic!("a count of passed tests from {name}"));
    assert!(passed >= least, "only {passed} tests of {name} ran");
}

#[test]
fn every_client_test_is_run() {
    let mut listed: Vec<&str> = CLIENT_TESTS.iter().map(|(name, _)| *name).collect();
    listed.sort_unstable();
    assert_eq!(
        test_files_in(&node::folder(CLIENTS)),
        listed,
        "tests/clients holds exactly the scripts listed in CLIENT_TESTS"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_passes_the_graphql_over_http_audits() {
    // graphql-http 1.23.1 has 61 server audits, and the script one test of its own.
    run_client_test("audit.test.mjs", "MAY not met", 62).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_compiles_the_operations_and_apollo_client_runs_them() {
    run_client_test("relay-and-apollo.test.mjs", "✖", 8).await;
}
