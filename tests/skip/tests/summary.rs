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
    assert!(output.status.success(), "{said}");
    let result = said.find("test result: ok. 1 passed").expect(&said);
    let summary = said
        .find("skipped 1 test in this binary (counted as passed above, it did not run):\n  a program this test needs is missing: skips_when_run_by_the_summary_test")
        .expect(&said);
    assert!(result < summary, "the summary comes last: {said}");
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
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("and CI=true"));
}
