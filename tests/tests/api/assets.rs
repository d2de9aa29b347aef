//! The front end's files: the page, every script under `frontend/js` and every style sheet under
//! `frontend/css` are served from the binary with their content type and the same bytes as on disk, each
//! with a strong entity tag that a browser revalidates; nothing else is served, whatever the path.

use lode_api::http::{CACHE_CONTROL, CSS, HTML, JAVASCRIPT};
use lode_tests::{Backend, TestApp};
use std::collections::HashMap;
use std::io::{Read, Write};
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

/// The front end's folder.
fn frontend() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend")
}

/// A response's header as text ("" when it is missing).
fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

/// A GET request to a path with an `If-None-Match` header.
async fn get_if_none_match(app: &TestApp, path: &str, tags: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .header("if-none-match", tags)
        .send()
        .await
        .expect("the server answers")
}

/// Sends `GET {target}` over a plain TCP connection, exactly as written: no URL parser stands between,
/// so `..` and `%2f` reach the server (a client such as reqwest resolves them before sending). Returns
/// the status and the body.
async fn raw_get(app: &TestApp, target: &str) -> (u16, Vec<u8>) {
    let host = app
        .address
        .strip_prefix("http://")
        .expect("an http address")
        .to_owned();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&host).expect("the server accepts");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("a read timeout");
        stream
            .write_all(request.as_bytes())
            .expect("the request is sent");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("the server answers");
        answer
    })
    .await
    .expect("the request ran");
    let end_of_head = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("an answer with a head");
    let head = String::from_utf8_lossy(&answer[..end_of_head]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    (status, answer[end_of_head + 4..].to_vec())
}

/// Whether `haystack` holds `needle`.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_script_and_style_sheet_is_served_with_its_type_and_a_stable_strong_tag() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let frontend = frontend();
    let page = app.get("/").await.text().await.expect("the page");
    // Tags by file: different bytes, different tags.
    let mut tags: HashMap<String, Vec<u8>> = HashMap::new();
    for (folder, extension, content_type, at_least) in
        [("js", ".js", JAVASCRIPT, 20), ("css", ".css", CSS, 2)]
    {
        let files = files_below(&frontend.join(folder));
        assert!(
            files.len() >= at_least,
            "only {} files under frontend/{folder}",
            files.len()
        );
        for (name, path) in files {
            let url = format!("/{folder}/{name}");
            // Every file of the folder is served as its type, so the folder may hold nothing else.
            assert!(
                name.ends_with(extension),
                "frontend/{folder} holds only {extension} files: {name}"
            );
            let response = app.get(&url).await;
            assert_eq!(response.status(), 200, "{url}");
            assert_eq!(header(&response, "content-type"), content_type, "{url}");
            assert_eq!(header(&response, "cache-control"), CACHE_CONTROL, "{url}");
            let tag = header(&response, "etag").to_owned();
            let hex = tag
                .strip_prefix('"')
                .and_then(|tag| tag.strip_suffix('"'))
                .unwrap_or_else(|| panic!("{url}: a strong, quoted tag, not {tag:?}"));
            assert!(
                hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
                "{url}: a SHA-256 in hex, not {tag}"
            );
            let served = response.bytes().await.expect("a body");
            let on_disk = std::fs::read(&path).expect("the file on disk");
            assert!(served == on_disk, "{url} is served as it is on disk");
            assert_eq!(
                header(&app.get(&url).await, "etag"),
                tag,
                "{url}: the same tag each time"
            );
            if let Some(other) = tags.insert(tag.clone(), on_disk.clone()) {
                assert!(other == on_disk, "{url}: a tag of its own");
            }
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
async fn the_page_is_served_with_a_stable_strong_tag() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), HTML);
    assert_eq!(header(&response, "cache-control"), CACHE_CONTROL);
    let tag = header(&response, "etag").to_owned();
    assert!(
        tag.len() == 66 && tag.starts_with('"') && tag.ends_with('"'),
        "a strong, quoted SHA-256, not {tag:?}"
    );
    let served = response.bytes().await.expect("a body");
    let on_disk = std::fs::read(frontend().join("index.html")).expect("the page on disk");
    assert!(served == on_disk, "the page is served as it is on disk");
    assert_eq!(
        header(&app.get("/").await, "etag"),
        tag,
        "the same tag each time"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_the_browser_holds_is_answered_not_modified_without_a_body() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let other_tag = header(&app.get("/js/api.js").await, "etag").to_owned();
    for url in ["/", "/js/main.js", "/js/pages/home.js", "/css/base.css"] {
        let first = app.get(url).await;
        let tag = header(&first, "etag").to_owned();
        let body = first.bytes().await.expect("a body");
        assert!(!body.is_empty(), "{url} has a body");

        for held in [
            tag.clone(),
            format!("W/{tag}"),
            format!("\"0000\", {tag}"),
            "*".to_owned(),
        ] {
            let again = get_if_none_match(&app, url, &held).await;
            assert_eq!(again.status(), 304, "{url} with If-None-Match: {held}");
            assert_eq!(header(&again, "etag"), tag, "{url}: a 304 names the tag");
            assert_eq!(header(&again, "cache-control"), CACHE_CONTROL, "{url}");
            let empty = again.bytes().await.expect("an answer");
            assert!(empty.is_empty(), "{url}: a 304 has no body");
        }

        for stale in [
            "\"0000\"".to_owned(),
            other_tag.clone(),
            tag.replace('"', ""),
        ] {
            let changed = get_if_none_match(&app, url, &stale).await;
            assert_eq!(changed.status(), 200, "{url} with If-None-Match: {stale}");
            assert_eq!(header(&changed, "etag"), tag, "{url}");
            assert!(
                changed.bytes().await.expect("a body") == body,
                "{url}: the whole file again"
            );
        }
    }
    let missing = get_if_none_match(&app, "/js/nergens.js", "*").await;
    assert_eq!(
        missing.status(),
        404,
        "a file that does not exist is never held"
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
        "/app.js",
        "/style.css",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_that_climbs_out_of_its_folder_is_not_found() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let frontend = frontend();
    let first_line = |path: PathBuf| -> Vec<u8> {
        let text = std::fs::read(&path).expect("the file on disk");
        text.split(|b| *b == b'\n')
            .find(|line| !line.is_empty())
            .expect("a line with text")
            .to_vec()
    };
    // Each target as the server receives it, and the file on disk it would climb to.
    for (target, climbs_to) in [
        ("/js/../index.html", "index.html"),
        ("/js/..%2findex.html", "index.html"),
        ("/js/%2e%2e/index.html", "index.html"),
        ("/js/%2e%2e%2findex.html", "index.html"),
        ("/js/..%5cindex.html", "index.html"),
        ("/js/..%2fcss%2fbase.css", "css/base.css"),
        ("/css/..%2fjs%2fmain.js", "js/main.js"),
        ("/css/..%2f..%2fCargo.toml", "../Cargo.toml"),
        (
            "/js/..%2f..%2fapi%2fsrc%2fhttp%2fassets.rs",
            "../api/src/http/assets.rs",
        ),
        ("/js/%2fetc%2fpasswd", "/etc/passwd"),
        ("/js/..", "index.html"),
        ("/js/%2e%2e%2f", "index.html"),
    ] {
        let (status, body) = raw_get(&app, target).await;
        assert_eq!(status, 404, "{target}");
        let leaked = first_line(frontend.join(climbs_to));
        assert!(
            !holds(&body, &leaked) && !holds(&body, b"<!doctype html>"),
            "{target} gives away nothing of {climbs_to}"
        );
    }
    // The raw target reaches the server as written: through a URL parser the same target is resolved
    // to /js/main.js before it is sent.
    let (status, body) = raw_get(&app, "/js/main.js").await;
    assert_eq!(status, 200);
    assert!(body == std::fs::read(frontend.join("js/main.js")).expect("main.js"));
    assert_eq!(raw_get(&app, "/js/pages/../main.js").await.0, 404);
    assert_eq!(app.get("/js/pages/../main.js").await.status(), 200);
}
