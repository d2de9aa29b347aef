//! The front end's files: every script under `frontend/js` and every style sheet under `frontend/css` is
//! served from the binary with its content type and the same bytes as on disk, and nothing else is.

use lode_api::assets::{CSS, JAVASCRIPT};
use lode_tests::{Backend, TestApp};
use std::path::{Path, PathBuf};

/// Every file below `dir`, with its path relative to `dir` (with `/` between folders).
fn files_below(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a front end folder can be read") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below the folder");
                let name: Vec<String> = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push((name.join("/"), path));
            }
        }
    }
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_script_and_style_sheet_is_served_with_its_type() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let frontend = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend");
    let page = app.get("/").await.text().await.expect("the page");
    for (folder, content_type, at_least) in [("js", JAVASCRIPT, 20), ("css", CSS, 2)] {
        let files = files_below(&frontend.join(folder));
        assert!(
            files.len() >= at_least,
            "only {} files under frontend/{folder}",
            files.len()
        );
        for (name, path) in files {
            let url = format!("/{folder}/{name}");
            let response = app.get(&url).await;
            assert_eq!(response.status(), 200, "{url}");
            assert_eq!(
                response.headers()["content-type"].to_str().ok(),
                Some(content_type),
                "{url}"
            );
            let served = response.bytes().await.expect("a body");
            let on_disk = std::fs::read(&path).expect("the file on disk");
            assert!(served == on_disk, "{url} is served as it is on disk");
            if folder == "css" {
                assert!(
                    page.contains(&format!("href=\"{url}\"")),
                    "the page links {url}"
                );
            }
        }
    }
    assert!(
        page.contains("<script type=\"module\" src=\"/js/main.js\">"),
        "the page loads its module"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_that_are_not_front_end_files_are_not_found() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    for path in [
        "/js/nergens.js",
        "/js/pages/nergens.js",
        "/js/",
        "/js/main.css",
        "/css/main.js",
        "/css/nergens.css",
        "/js/../index.html",
        "/js/%2e%2e/index.html",
        "/app.js",
        "/style.css",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}
