//! Takes the user guide's screenshots into `docs/screenshots/` (shown in README.md): starts LODE with the
//! demo data as the browser tests do, and runs `frontend/tools/screenshots.mjs`, which drives Chromium over
//! the pages each role works on. Needs Node.js, `npm ci --prefix frontend` and Debian's Chromium (or
//! `LODE_CHROMIUM`). Run it with `cargo run -p lode-tests --bin screenshots`.

use lode_tests::TestApp;
use lode_tests::browser::{browser_environment, chromium};
use lode_tests::node::{folder, missing_node};
use std::process::{Command, ExitCode};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let chromium = chromium();
    if let Some(reason) = missing_node("frontend", &["playwright-core"]) {
        eprintln!("cannot take the screenshots: {reason}");
        return ExitCode::FAILURE;
    }
    if !chromium.is_file() {
        eprintln!(
            "cannot take the screenshots: Chromium is not at {} (apt-get install chromium, or set LODE_CHROMIUM)",
            chromium.display()
        );
        return ExitCode::FAILURE;
    }
    let app = TestApp::with_demo_data().await;
    let out = folder("docs/screenshots");
    let mut command = Command::new("node");
    command
        .current_dir(folder("frontend"))
        .arg("tools/screenshots.mjs")
        .env("LODE_SCREENSHOTS", &out);
    browser_environment(&mut command, &app, &chromium);
    let status = lode_tests::run_to_end(command).await.status;
    if status.success() {
        println!("the screenshots are in {}", out.display());
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
