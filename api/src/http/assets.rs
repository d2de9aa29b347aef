//! The front end's files, built into the binary (debug builds too, so `cargo run` reads nothing from disk):
//! the page at `/`, its ES modules under `/js/` and its style sheets under `/css/`, each with its content
//! type. Any other name under those paths is not found: only the files of those folders are embedded, and
//! a name is looked up among them, never on disk.
//!
//! The page loads about forty files. Each answer carries a strong `ETag` (the SHA-256 of its bytes) and
//! `Cache-Control: no-cache`: a browser keeps the files, asks again on each load with `If-None-Match`, and
//! gets an empty `304 Not Modified` until a new release changes a file, which it then fetches at once.

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::LazyLock;

/// The content type of the page.
pub const HTML: &str = "text/html; charset=utf-8";
/// The content type of a script (an ES module).
pub const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
/// The content type of a style sheet.
pub const CSS: &str = "text/css; charset=utf-8";
/// How a browser may keep a file: only after asking whether it changed.
pub const CACHE_CONTROL: &str = "no-cache";

/// Every file under `frontend/js`, by its path below it (`pages/home.js`). The folder holds only
/// scripts (tests/tests/api/assets.rs checks that every file in it is served as one).
#[derive(RustEmbed)]
#[folder = "../frontend/js/"]
struct Scripts;

/// Every file under `frontend/css`, by its path below it (`base.css`); only style sheets, as [`Scripts`].
#[derive(RustEmbed)]
#[folder = "../frontend/css/"]
struct StyleSheets;

/// The page.
const PAGE: &str = include_str!("../../../frontend/index.html");

/// The page's entity tag, computed once.
static PAGE_TAG: LazyLock<String> = LazyLock::new(|| entity_tag(Sha256::digest(PAGE).into()));

/// The page.
pub async fn index(request: HeaderMap) -> Response {
    answer(&request, &PAGE_TAG, HTML, Cow::Borrowed(PAGE.as_bytes()))
}

/// A script under `/js/`.
pub async fn script(Path(path): Path<String>, request: HeaderMap) -> Response {
    embedded::<Scripts>(&path, &request, JAVASCRIPT)
}

/// A style sheet under `/css/`.
pub async fn style_sheet(Path(path): Path<String>, request: HeaderMap) -> Response {
    embedded::<StyleSheets>(&path, &request, CSS)
}

/// The embedded file at `path`, served as `content_type`; else 404.
fn embedded<Files: RustEmbed>(
    path: &str,
    request: &HeaderMap,
    content_type: &'static str,
) -> Response {
    match Files::get(path) {
        Some(file) => answer(
            request,
            &entity_tag(file.metadata.sha256_hash()),
            content_type,
            file.data,
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A file's answer: `304 Not Modified` without a body when the request's `If-None-Match` names its tag,
/// else the file; both with the tag and the cache rule. (Also the answer of `/graphql/possible-types.json`,
/// which changes only with a release too.)
pub(super) fn answer(
    request: &HeaderMap,
    tag: &str,
    content_type: &'static str,
    body: Cow<'static, [u8]>,
) -> Response {
    let validators = [
        (header::ETAG, tag.to_owned()),
        (header::CACHE_CONTROL, CACHE_CONTROL.to_owned()),
    ];
    if already_held(request, tag) {
        (StatusCode::NOT_MODIFIED, validators).into_response()
    } else {
        (validators, [(header::CONTENT_TYPE, content_type)], body).into_response()
    }
}

/// Whether the request's `If-None-Match` names `tag` or `*` (compared weakly, as the header asks: a
/// `W/` prefix is ignored).
fn already_held(request: &HeaderMap, tag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|held| held == "*" || held.strip_prefix("W/").unwrap_or(held) == tag)
}

/// A strong entity tag from a SHA-256 hash: its hex digits, quoted.
pub(super) fn entity_tag(sha256: [u8; 32]) -> String {
    let mut tag = String::with_capacity(2 + 2 * sha256.len());
    tag.push('"');
    for byte in sha256 {
        // Writing to a String cannot fail.
        let _ = write!(tag, "{byte:02x}");
    }
    tag.push('"');
    tag
}
