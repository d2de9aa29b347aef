//! Node.js for the tests that run JavaScript: the front end's checks and browser tests (`frontend`), and
//! the GraphQL clients and tools run against a server (`tests/clients`). Each folder has its own
//! `package.json` and is installed with `npm ci --prefix <folder>`; a test that lacks Node.js or a package
//! is skipped ([`crate::skip_because`]), except under `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The oldest Node.js the scripts (and playwright-core) run on.
pub const NODE_MAJOR: u32 = 20;

/// A folder of the repository, by its path from the repository's root (`frontend`, `tests/clients`).
pub fn folder(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// What a Node.js script in the folder `relative` (from the repository's root) that imports `packages`
/// needs and is missing here (Node.js, new enough, and those packages of the folder), if anything.
pub fn missing_node(relative: &str, packages: &[&str]) -> Option<String> {
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
            "Node.js {version} is too old (the scripts need {NODE_MAJOR} or newer)"
        ));
    }
    let modules = folder(relative).join("node_modules");
    if let Some(package) = packages
        .iter()
        .find(|package| !modules.join(package).is_dir())
    {
        return Some(format!(
            "the package {package} of {relative} is not installed (npm ci --prefix {relative})"
        ));
    }
    None
}

/// The names of the `*.test.mjs` files directly in `folder`, sorted.
pub fn test_files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap_or_else(|err| panic!("{} can be read: {err}", folder.display()))
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    names.sort();
    names
}

/// Node's test runner on these files of the folder `relative`, one file at a time, with the spec
/// reporter and no colours.
pub fn node_test(relative: &str, files: &[&str]) -> Command {
    let mut command = Command::new("node");
    command
        .current_dir(folder(relative))
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files)
        .env_remove("FORCE_COLOR")
        .env("NO_COLOR", "1");
    command
}

/// What Node's test runner reported: the counts from its closing lines (`ℹ tests 12; ℹ pass 12; ℹ fail
/// 0`), and how many passed.
pub fn summary_of(output: &Output) -> (String, Option<u32>) {
    let report = String::from_utf8_lossy(&output.stdout);
    let counts: Vec<&str> = report
        .lines()
        .filter(|line| {
            line.starts_with("ℹ tests") || line.starts_with("ℹ pass") || line.starts_with("ℹ fail")
        })
        .collect();
    let passed = report
        .lines()
        .find_map(|line| line.strip_prefix("ℹ pass ")?.trim().parse().ok());
    (counts.join("; "), passed)
}
