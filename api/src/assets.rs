//! The front end's files, built into the binary (debug builds too, so `cargo run` reads nothing from disk):
//! the page at `/`, its ES modules under `/js/` and its style sheets under `/css/`, each with its content
//! type. Any other name under those paths is not found.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

/// The content type of a script (an ES module).
pub const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
/// The content type of a style sheet.
pub const CSS: &str = "text/css; charset=utf-8";

/// Every file under `frontend/js`, by its path below it (`pages/home.js`).
#[derive(RustEmbed)]
#[folder = "../frontend/js/"]
struct Scripts;

/// Every file under `frontend/css`, by its path below it (`base.css`).
#[derive(RustEmbed)]
#[folder = "../frontend/css/"]
struct StyleSheets;

/// The page.
pub async fn index() -> Html<&'static str> {
    Html(include_str!("../../frontend/index.html"))
}

/// A script under `/js/`.
pub async fn script(Path(path): Path<String>) -> Response {
    file::<Scripts>(&path, ".js", JAVASCRIPT)
}

/// A style sheet under `/css/`.
pub async fn style_sheet(Path(path): Path<String>) -> Response {
    file::<StyleSheets>(&path, ".css", CSS)
}

/// The embedded file at `path` when its name ends in `extension`, served as `content_type`; else 404.
fn file<Files: RustEmbed>(path: &str, extension: &str, content_type: &'static str) -> Response {
    match Files::get(path) {
        Some(file) if path.ends_with(extension) => {
            ([(header::CONTENT_TYPE, content_type)], file.data).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
