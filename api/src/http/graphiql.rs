//! GraphiQL, the in-browser GraphQL explorer at `GET /graphql` (for a browser, whose `Accept` prefers
//! HTML; other clients get their queries answered there), served entirely by LODE: our own page and
//! mounting script, with GraphiQL and React vendored in `api/assets/graphiql` (versions and licences in its
//! README) and built into the binary. It works offline and under the Content-Security-Policy (scripts and
//! styles from the site itself only).

use super::answer::error_response;
use super::security::CONTENT_SECURITY_POLICY;
use super::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The files the page loads, under `/graphiql/`: name, content type, contents.
const ASSETS: [(&str, &str, &[u8]); 6] = [
    (
        "graphiql.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.js"),
    ),
    (
        "page.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/page.css"),
    ),
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
];

/// The GraphiQL page, under the site's Content-Security-Policy with one addition: GraphiQL's style sheet
/// carries its fonts inline, as `data:` URLs.
fn page() -> Response {
    let policy = format!("{CONTENT_SECURITY_POLICY}; font-src 'self' data:");
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).expect("the policy is a valid header value"),
        )],
        Html(include_str!("../../assets/graphiql/index.html")),
    )
        .into_response()
}

/// A file of the page by its name under `/graphiql/`; none for any other name.
fn asset(name: &str) -> Option<Response> {
    ASSETS
        .iter()
        .find(|(file, _, _)| *file == name)
        .map(|(_, content_type, body)| {
            ([(header::CONTENT_TYPE, *content_type)], *body).into_response()
        })
}

/// `GET /graphql` for a browser, where introspection is on (without it, GraphiQL knows nothing, and
/// `GET /graphql` answers in JSON): the GraphiQL explorer.
pub fn explorer() -> Response {
    page()
}

/// `GET /graphiql/{file}`: the scripts and styles of the GraphiQL page, where GraphiQL is on.
pub async fn explorer_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    match asset(&file) {
        Some(asset) if state.graphiql => asset,
        _ => error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file"),
    }
}
