//! The front end's checks: its modules type-checked by `tsc --noEmit -p frontend`; its GraphQL operations
//! validated against `schema.graphql`, its Dutch and English texts compared and its files kept under 600
//! lines (`frontend/tests/checks/*.test.mjs`); and the front end in a real browser: `frontend/tests/*.test.mjs`,
//! run by Node's test runner, drive Chromium through playwright-core against a server started here with
//! the demo data.
//!
//! Needs Node.js, the front end's packages (`npm ci --prefix frontend`: TypeScript, graphql-js,
//! playwright-core, axe-core) and, for the browser, Chromium (Debian's `chromium`; `LODE_CHROMIUM` names
//! another binary). Without them a test prints a notice and passes, except under `CI=true`, where it fails.

use lode_tests::{TestApp, run_to_end, skip_because};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The oldest Node.js the browser tests (and playwright-core) run on.
const NODE_MAJOR: u32 = 20;

/// The front end's folder.
fn frontend() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend")
}

/// The front end's packages that its checks and browser tests run on.
const PACKAGES: [&str; 4] = ["typescript", "graphql", "playwright-core", "axe-core"];

/// What the front end's checks need that is missing here (Node.js, new enough, and the packages), if anything.
fn missing_node(frontend: &Path) -> Option<String> {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let Some(version) = version else {
        return Some("Node.js is not installed".to_owned());
    };
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < NODE_MAJOR {
        return Some(format!(
            "Node.js {version} is too old (the browser tests need {NODE_MAJOR} or newer)"
        ));
    }
    if let Some(package) = PACKAGES
        .iter()
        .find(|package| !frontend.join("node_modules").join(package).is_dir())
    {
        return Some(format!(
            "the front end's package {package} is not installed (npm ci --prefix frontend)"
        ));
    }
    None
}

/// What the browser tests need that is missing here, if anything.
fn missing(frontend: &Path, chromium: &Path) -> Option<String> {
    if let Some(reason) = missing_node(frontend) {
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

#[test]
fn the_front_end_type_checks() {
    if let Some(reason) = missing_node(&frontend()) {
        skip_because(&reason);
        return;
    }
    let mut tsc = Command::new("node");
    tsc.args(["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
    run_in_frontend(tsc, "tsc --noEmit -p frontend");
}

#[test]
fn the_front_ends_operations_texts_and_file_sizes_pass_their_checks() {
    let frontend = frontend();
    if let Some(reason) = missing_node(&frontend) {
        skip_because(&reason);
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(frontend.join("tests/checks"))
        .expect("frontend/tests/checks can be read")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "the checks are missing from frontend/tests/checks"
    );
    let mut node = Command::new("node");
    node.args(["--test", "--test-reporter=spec"]).args(&files);
    run_in_frontend(node, "the front end's checks (frontend/tests/checks)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_end_works_in_a_browser() {
    let frontend = frontend();
    let chromium = PathBuf::from(
        std::env::var("LODE_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
    );
    if let Some(reason) = missing(&frontend, &chromium) {
        skip_because(&reason);
        return;
    }
    let app = TestApp::with_demo_data().await;
    let demo_account = |role| {
        lode_api::demo::DEMO_ACCOUNTS
            .iter()
            .find(|account| account.role == role)
            .expect("a demo account for each role")
    };
    let partner = demo_account(entities::values::Role::Partner);
    let team = demo_account(entities::values::Role::Admin);

    // The test files by name: what a folder argument means changed between Node.js versions.
    let mut files: Vec<PathBuf> = std::fs::read_dir(frontend.join("tests"))
        .expect("frontend/tests can be read")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no browser tests in frontend/tests");

    let mut command = Command::new("node");
    command
        .current_dir(&frontend)
        // One file at a time: the files share this server and its demo accounts.
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(&files)
        .env_remove("FORCE_COLOR")
        .env("LODE_URL", &app.address)
        .env("LODE_CHROMIUM", &chromium)
        .env("LODE_ADMIN_TOKEN", &app.admin_token)
        .env("LODE_PARTNER_EMAIL", partner.email)
        .env("LODE_PARTNER_PASSWORD", partner.password)
        .env("LODE_TEAM_EMAIL", team.email)
        .env("LODE_TEAM_PASSWORD", team.password)
        .env("NO_COLOR", "1");
    let output = run_to_end(command).await;
    let report = String::from_utf8_lossy(&output.stdout);
    let summary: Vec<&str> = report
        .lines()
        .filter(|line| {
            line.starts_with("ℹ tests") || line.starts_with("ℹ pass") || line.starts_with("ℹ fail")
        })
        .collect();
    println!("browser tests: {}", summary.join("; "));
    assert!(
        output.status.success(),
        "the browser tests failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let passed: u32 = report
        .lines()
        .find_map(|line| line.strip_prefix("ℹ pass ")?.trim().parse().ok())
        .expect("a count of passed browser tests");
    assert!(passed >= 27, "only {passed} browser tests ran");
}
