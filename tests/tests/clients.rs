//! LODE as GraphQL clients and tools see it: the scripts of `tests/clients/*.test.mjs`, run by Node's test
//! runner against a server started here (its address in `LODE_URL`). `audit.test.mjs` runs every server
//! audit of the GraphQL-over-HTTP spec (graphql-http's `serverAudits`): a MUST or SHOULD that does not
//! pass fails it; a MAY that does not pass is printed here (`MAY not met, <id>: …`).
//!
//! Each test needs Node.js and the folder's packages (`npm ci --prefix tests/clients`); without them it is
//! skipped (named, with the reason, in the summary the test binary prints at its end), except under
//! `CI=true`, where it fails.

use lode_tests::node::{self, missing_node, node_test, summary_of, test_files_in};
use lode_tests::{Backend, TestApp, run_to_end, skip_because};

/// The folder of the client tests, from the repository's root.
const CLIENTS: &str = "tests/clients";

/// The scripts in `tests/clients`, each with the packages it imports. Listed by name, so a script that is
/// deleted or renamed fails [`every_client_test_is_run`] instead of no longer running.
const CLIENT_TESTS: [(&str, &[&str]); 1] = [("audit.test.mjs", &["graphql-http", "graphql"])];

/// Runs the script `name` against a fresh server (skipped without Node.js or its packages), prints its
/// counts and every line of its report that holds `notable`, and fails unless it passes with at least
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
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let mut command = node_test(CLIENTS, &[name]);
    command.env("LODE_URL", &app.address);
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
