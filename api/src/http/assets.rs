//! The web front end, built into the binary so `lode` is all there is to run.

use axum::http::header;
use axum::response::{Html, IntoResponse};

/// The page.
pub async fn index() -> Html<&'static str> {
    Html(include_str!("../../../frontend/index.html"))
}

/// Its script.
pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../../frontend/app.js"),
    )
}

/// Its style sheet.
pub async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../../frontend/style.css"),
    )
}
