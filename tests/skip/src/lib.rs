//! Skipping a test that needs an outside program or service missing here (PostgreSQL, Meilisearch,
//! schemathesis, aiosmtpd, Node.js and Chromium), so that the skip is seen. libtest has no way to mark a test
//! ignored once it runs, and prints "ok" for a test that returned early; so every skip is recorded here,
//! and when the test binary exits, after libtest's `test result:` line, a closing summary names each
//! skipped test and why, on standard error, outside the output capture:
//!
//! ```text
//! test result: ok. 8 passed; 0 failed; 0 ignored; 0 measured; 172 filtered out; finished in 7.40s
//!
//! skipped 2 tests in this binary (counted as passed above, they did not run):
//!   PostgreSQL is unreachable at postgres://postgres@127.0.0.1:5432/postgres: live::a::postgres, live::b::postgres
//! ```
//!
//! Under `CI=true` a missing program fails the test instead ([`skip_because`]), except a service CI
//! need not have ([`skip_unless_configured`]).

use std::io::Write;
use std::sync::{Mutex, Once};

/// One skipped test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The test's name, as libtest names it (`module::test`).
    pub test: String,
    /// Why it was skipped.
    pub reason: String,
}

/// The tests skipped so far in this binary.
static SKIPPED: Mutex<Vec<Skipped>> = Mutex::new(Vec::new());

/// Whether this is a CI run, where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips the running test, which needs an outside program that is missing here: it is named in the
/// closing summary. Under `CI=true` the test fails instead.
///
/// The caller returns from the test right after.
pub fn skip_because(reason: &str) {
    assert!(!in_ci(), "{reason}, and CI=true");
    record(reason);
}

/// Skips the running test, which needs an outside service that only runs where it is configured (a
/// Meilisearch server, say): it is named in the closing summary, in CI too.
///
/// The caller returns from the test right after.
pub fn skip_unless_configured(reason: &str) {
    record(reason);
}

/// The tests skipped so far in this binary, in order.
pub fn skipped() -> Vec<Skipped> {
    SKIPPED.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Notes the running test as skipped, and makes sure the summary is printed at exit.
fn record(reason: &str) {
    // libtest runs each test on a thread named after it.
    let test = std::thread::current()
        .name()
        .unwrap_or("a test on an unnamed thread")
        .to_owned();
    eprintln!("notice: {reason}; {test} is skipped");
    SKIPPED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Skipped {
            test,
            reason: reason.to_owned(),
        });
    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        // SAFETY: `print_summary` is a plain function that stays valid for the whole process, as
        // `atexit` requires; it only reads the list and writes to standard error.
        let registered = unsafe { libc::atexit(print_summary) };
        if registered != 0 {
            eprintln!("warning: the summary of skipped tests cannot be printed at exit");
        }
    });
}

/// The closing summary: how many tests were skipped, and which, grouped by reason; none when none was.
pub fn summary(skipped: &[Skipped]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for skip in skipped {
        match reasons
            .iter_mut()
            .find(|(reason, _)| *reason == skip.reason)
        {
            Some((_, tests)) => tests.push(&skip.test),
            None => reasons.push((&skip.reason, vec![&skip.test])),
        }
    }
    let count = skipped.len();
    let mut text = format!(
        "skipped {count} {} in this binary (counted as passed above, {} not run):",
        if count == 1 { "test" } else { "tests" },
        if count == 1 { "it did" } else { "they did" },
    );
    for (reason, mut tests) in reasons {
        tests.sort_unstable();
        text.push_str(&format!("\n  {reason}: {}", tests.join(", ")));
    }
    Some(text)
}

/// Prints the summary to standard error as the process exits, after libtest's own closing lines. Nothing
/// here may panic (a panic in an exit hook aborts the process): a failed write (standard error closed, or
/// a pipe whose reader is gone, as in `cargo test 2>&1 | head`) is let go.
extern "C" fn print_summary() {
    if let Some(text) = summary(&skipped()) {
        let _ = writeln!(std::io::stderr(), "\n{text}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(test: &str, reason: &str) -> Skipped {
        Skipped {
            test: test.to_owned(),
            reason: reason.to_owned(),
        }
    }

    #[test]
    fn the_summary_groups_the_skipped_tests_by_reason() {
        assert_eq!(summary(&[]), None);
        let skipped = [
            skip("live::b::postgres", "PostgreSQL is unreachable"),
            skip("contract::meili", "MEILI_URL is not set"),
            skip("live::a::postgres", "PostgreSQL is unreachable"),
        ];
        assert_eq!(
            summary(&skipped).as_deref(),
            Some(
                "skipped 3 tests in this binary (counted as passed above, they did not run):\n  \
                 PostgreSQL is unreachable: live::a::postgres, live::b::postgres\n  \
                 MEILI_URL is not set: contract::meili"
            )
        );
    }
}
