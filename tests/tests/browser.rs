//! The front end's checks: its modules type-checked by `tsc --noEmit -p frontend`; its GraphQL operations
//! validated against `schema.graphql`, its Dutch and English texts compared and its files kept under 600
//! lines (`frontend/tests/checks/*.test.mjs`, one test here each); and the front end in a real browser:
//! `frontend/tests/*.test.mjs`, run by Node's test runner, drive Chromium through playwright-core against a
//! server started here with the demo data.
//!
//! Each test needs Node.js and only the front end's packages it uses (`npm ci --prefix frontend`):
//! TypeScript for the type check, graphql-js for the operations, playwright-core and axe-core, with
//! Chromium (Debian's `chromium`; `LODE_CHROMIUM` names another binary), for the browser. Without them the
//! test is skipped (named, with the reason, in the summary the test binary prints at its end), except under `CI=true`, where it fails.

use lode_tests::node::{self, missing_node, node_test, summary_of, test_files_in};
use lode_tests::{TestApp, run_to_end, skip_because};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The front end's folder, from the repository's root.
const FRONTEND: &str = "frontend";

/// The checks in `frontend/tests/checks`, each with the front end's packages it imports. Listed by name,
/// so a check that is deleted or renamed fails [`every_check_of_the_front_end_is_run`] instead of no
/// longer running.
const CHECKS: [(&str, &[&str]); 3] = [
    ("operations.test.mjs", &["graphql"]),
    ("texts.test.mjs", &[]),
    ("size.test.mjs", &[]),
];

/// The browser tests in `frontend/tests`, by name (as [`CHECKS`]).
const BROWSER_TESTS: &[&str] = &[
    "door.test.mjs",
    "events.test.mjs",
    "frontend.test.mjs",
    "graphiql.test.mjs",
    "guide.test.mjs",
    "mail.test.mjs",
    "partner-account.test.mjs",
    "partner-portal.test.mjs",
    "passwords.test.mjs",
    "surveys.test.mjs",
    "team-accounts.test.mjs",
    "team-cases.test.mjs",
    "team-content.test.mjs",
    "team-dashboard.test.mjs",
    "team-events.test.mjs",
];

/// The front end's packages the browser tests import.
const BROWSER_PACKAGES: [&str; 2] = ["playwright-core", "axe-core"];

/// The front end's folder.
fn frontend() -> PathBuf {
    node::folder(FRONTEND)
}

/// What the browser tests need and is missing here, if anything.
fn missing_browser(chromium: &Path) -> Option<String> {
    if let Some(reason) = missing_node(FRONTEND, &BROWSER_PACKAGES) {
        return Some(reason);
    }
    if !chromium.is_file() {
        return Some(format!(
            "Chromium is not at {} (apt-get install chromium, or set LODE_CHROMIUM)",
            chromium.display()
        ));
    }
    None
}

/// Runs a command in the front end's folder and fails the test with its output unless it succeeds.
fn run_in_frontend(mut command: Command, what: &str) {
    let output = command
        .current_dir(frontend())
        .env_remove("FORCE_COLOR")
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|err| panic!("{what} did not start: {err}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the check `name` of `frontend/tests/checks` with Node's test runner (skipped without Node.js or
/// the packages it imports).
fn run_check(name: &str) {
    let (_, packages) = CHECKS
        .iter()
        .find(|(check, _)| *check == name)
        .unwrap_or_else(|| panic!("{name} is listed in CHECKS"));
    if let Some(reason) = missing_node(FRONTEND, packages) {
        skip_because(&reason);
        return;
    }
    let path = format!("tests/checks/{name}");
    assert!(frontend().join(&path).is_file(), "frontend/{path} exists");
    run_in_frontend(
        node_test(FRONTEND, &[&path]),
        &format!("the front end's check frontend/{path}"),
    );
}

#[test]
fn every_check_of_the_front_end_is_run() {
    let frontend = frontend();
    let mut checks: Vec<&str> = CHECKS.iter().map(|(name, _)| *name).collect();
    checks.sort_unstable();
    assert_eq!(
        test_files_in(&frontend.join("tests/checks")),
        checks,
        "frontend/tests/checks holds exactly the checks listed in CHECKS"
    );
    let mut browser_tests = BROWSER_TESTS.to_vec();
    browser_tests.sort_unstable();
    assert_eq!(
        test_files_in(&frontend.join("tests")),
        browser_tests,
        "frontend/tests holds exactly the browser tests listed in BROWSER_TESTS"
    );
}

#[test]
fn the_front_end_type_checks() {
    if let Some(reason) = missing_node(FRONTEND, &["typescript"]) {
        skip_because(&reason);
        return;
    }
    let mut tsc = Command::new("node");
    tsc.args(["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
    run_in_frontend(tsc, "tsc --noEmit -p frontend");
}

#[test]
fn every_operation_of_the_front_end_is_valid_against_the_schema() {
    run_check("operations.test.mjs");
}

#[test]
fn the_dutch_and_english_texts_have_the_same_keys() {
    run_check("texts.test.mjs");
}

#[test]
fn no_file_of_the_front_end_is_over_600_lines() {
    run_check("size.test.mjs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_end_works_in_a_browser() {
    let chromium = lode_tests::browser::chromium();
    if let Some(reason) = missing_browser(&chromium) {
        skip_because(&reason);
        return;
    }
    // Its messages go to a real SMTP server, whose folder of received messages the tests read (the link of
    // a password reset); without aiosmtpd (a skip noted), to the folder of `.eml` files the server writes.
    let smtp = lode_tests::smtp::SmtpServer::start();
    let mail = lode_tests::test_mail_settings(smtp.as_ref().map(|s| s.url()).as_deref());
    let mail_dir = smtp
        .as_ref()
        .map_or_else(|| mail.files_dir.clone(), |s| s.directory().to_path_buf());
    let app = TestApp::with_demo_data_and_mail(mail).await;

    // The test files by name: what a folder argument means changed between Node.js versions. One file
    // at a time: the files share this server and its demo accounts.
    // `LODE_BROWSER_TESTS=a.test.mjs,b.test.mjs` runs only those files, while working on them.
    let only = std::env::var("LODE_BROWSER_TESTS").ok();
    let chosen = |name: &str| {
        only.as_deref()
            .is_none_or(|only| only.split(',').any(|o| o == name))
    };
    let files: Vec<String> = BROWSER_TESTS
        .iter()
        .filter(|name| chosen(name))
        .map(|name| format!("tests/{name}"))
        .collect();
    assert!(
        !files.is_empty(),
        "LODE_BROWSER_TESTS names browser tests of BROWSER_TESTS"
    );
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let mut command = node_test(FRONTEND, &files);
    lode_tests::browser::browser_environment(&mut command, &app, &chromium);
    command.env("LODE_MAIL_DIR", &mail_dir);
    let output = run_to_end(command).await;
    let (summary, passed) = summary_of(&output);
    println!("browser tests: {summary}");
    assert!(
        output.status.success(),
        "the browser tests failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let passed = passed.expect("a count of passed browser tests");
    if only.is_none() {
        assert!(passed >= 27, "only {passed} browser tests ran");
    }
}
