//! The closing summary, as a test binary prints it: this binary runs itself again with one test that
//! skips, and reads what it printed.

use std::process::Command;

/// Set in the run started by the test below: only there does [`skips_when_run_by_the_summary_test`] skip.
const CHILD: &str = "LODE_SKIP_SUMMARY_CHILD";

#[test]
fn skips_when_run_by_the_summary_test() {
    if std::env::var_os(CHILD).is_some() {
        lode_skip::skip_because("a program this test needs is missing");
    }
}

#[test]
fn a_skipped_test_is_named_after_the_test_result_line() {
    let binary = std::env::current_exe().expect("this test binary");
    // Both streams into one, to see the order in which they were written.
    let output = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" --exact skips_when_run_by_the_summary_test 2>&1")
        .arg(&binary)
        .env(CHILD, "1")
        .env_remove("CI")
        .output()
        .expect("the test binary runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", quoted(&said));
    let result = said
        .find("test result: ok. 1 passed")
        .unwrap_or_else(|| panic!("no result line in\n{}", quoted(&said)));
    let summary = said
        .find("skipped 1 test in this binary (counted as passed above, it did not run):\n  a program this test needs is missing: skips_when_run_by_the_summary_test")
        .unwrap_or_else(|| panic!("no summary in\n{}", quoted(&said)));
    assert!(
        result < summary,
        "the summary comes last:\n{}",
        quoted(&said)
    );
}

#[test]
fn a_summary_that_cannot_be_written_does_not_fail_the_run() {
    let binary = std::env::current_exe().expect("this test binary");
    // Standard error into a pipe nobody reads, as in `cargo test 2>&1 | head` once `head` has quit.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(binary)
        .args(["--exact", "skips_when_run_by_the_summary_test"])
        .env(CHILD, "1")
        .env_remove("CI")
        .stderr(writer)
        .output()
        .expect("the test binary runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{:?}, having said\n{}",
        output.status,
        quoted(&said)
    );
}

/// A child test binary's output, each line marked as quoted: a failure message that repeats it must not
/// hold lines that look like this binary's own `test result:` line or skip summary to whoever counts them.
fn quoted(said: &str) -> String {
    said.lines().map(|line| format!("  | {line}\n")).collect()
}

#[test]
fn under_ci_a_skip_fails_the_test() {
    let binary = std::env::current_exe().expect("this test binary");
    let output = Command::new(binary)
        .args(["--exact", "skips_when_run_by_the_summary_test"])
        .env(CHILD, "1")
        .env("CI", "true")
        .output()
        .expect("the test binary runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{}", quoted(&said));
    assert!(said.contains("and CI=true"), "{}", quoted(&said));
}
