//! The front end in a real browser: `frontend/tests/*.test.mjs`, run by Node's test runner, drive Chromium
//! through playwright-core against a server started here with the demo data.
//!
//! Needs Node.js, the front end's test packages (`npm ci --prefix frontend`) and Chromium (Debian's
//! `chromium`; `LODE_CHROMIUM` names another binary). Without them the test is skipped
//! (named in the summary the test binary prints at its end), except under `CI=true`, where it fails.

use lode_tests::{TestApp, run_to_end, skip_because};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The oldest Node.js the browser tests (and playwright-core) run on.
const NODE_MAJOR: u32 = 20;

/// What the browser tests need that is missing here, if anything.
fn missing(frontend: &Path, chromium: &Path) -> Option<String> {
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
    if !frontend.join("node_modules/playwright-core").is_dir() {
        return Some(
            "the front end's test packages are not installed (npm ci --prefix frontend)".to_owned(),
        );
    }
    if !chromium.is_file() {
        return Some(format!(
            "Chromium is not at {} (apt-get install chromium, or set LODE_CHROMIUM)",
            chromium.display()
        ));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_end_works_in_a_browser() {
    let frontend = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend");
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
