//! A GraphQL fuzz run: schemathesis reads the schema by introspection, generates queries and mutations for
//! every field (valid and invalid arguments alike) and sends them, as an admin, to a running server with
//! the demo data. Any 5xx answer, any error coded `INTERNAL`, any error without a code, or a server that
//! stops answering fails the run (see `tests/fuzz/lode_checks.py`).
//!
//! Needs schemathesis (from PyPI): `LODE_SCHEMATHESIS` names the program, else `schemathesis` on the
//! `PATH`. Without it the test is skipped (named in the summary the test binary prints at its end),
//! except under `CI=true`, where it fails.
//! `LODE_FUZZ_EXAMPLES` sets the cases per field (25 by default).

use lode_tests::{TestApp, run_to_end, skip_because};
use std::path::PathBuf;
use std::process::Command;

/// Mutations left out: they would end the session the fuzzer itself runs with.
const LEFT_OUT: &[&str] = &[
    "logout",
    "revokeSessions",
    "changePassword",
    "deleteMyAccount",
];

fn schemathesis() -> Option<String> {
    let program = std::env::var("LODE_SCHEMATHESIS").unwrap_or_else(|_| "schemathesis".to_owned());
    let works = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(program)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_queries_never_make_the_server_fail() {
    let Some(program) = schemathesis() else {
        skip_because(
            "schemathesis is not installed (pip install schemathesis, or set LODE_SCHEMATHESIS)",
        );
        return;
    };
    let app = TestApp::with_demo_data().await;
    let examples = std::env::var("LODE_FUZZ_EXAMPLES").unwrap_or_else(|_| "25".to_owned());
    let checks = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    // schemathesis keeps a cache where it runs: somewhere outside the repository.
    let workdir = std::env::temp_dir().join("lode-fuzz");
    std::fs::create_dir_all(&workdir).expect("a working directory");
    let mut command = Command::new(program);
    command
        .current_dir(&workdir)
        .env("SCHEMATHESIS_HOOKS", "lode_checks")
        .env("PYTHONPATH", &checks)
        .args(["run", &format!("{}/graphql", app.address)])
        .args([
            "--exclude-checks",
            "all",
            "--checks",
            "lode_never_fails_on_its_side",
        ])
        .args([
            "--max-examples",
            &examples,
            "--seed",
            "20261127",
            "--no-shrink",
        ])
        .args(["--generation-database", "none", "--no-color"])
        .args(["-H", &format!("Authorization: Bearer {}", app.admin_token)]);
    for name in LEFT_OUT {
        command.args(["--exclude-name", &format!("Mutation.{name}")]);
    }
    let output = run_to_end(command).await;
    let report = String::from_utf8_lossy(&output.stdout);
    let summary: Vec<&str> = report
        .lines()
        .filter(|line| line.contains("generated") || line.contains("Tested:"))
        .collect();
    println!("GraphQL fuzz run: {}", summary.join("; ").trim());
    assert!(
        output.status.success(),
        "the fuzz run found failures:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let generated: u64 = summary
        .iter()
        .find_map(|line| line.split_whitespace().next()?.parse().ok())
        .expect("a count of generated cases");
    assert!(
        generated > 100,
        "the fuzzer generated only {generated} cases"
    );
    assert_eq!(
        app.get("/health").await.status(),
        200,
        "the server still answers"
    );
}
