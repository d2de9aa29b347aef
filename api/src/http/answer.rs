//! Answers written by the HTTP layer itself, for requests that never reach the schema: the GraphQL
//! response shape with an error code, as the schema's own errors have.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer in the GraphQL response shape.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

/// An error answer naming the offending input field, as the schema's `VALIDATION` errors do.
pub fn invalid_response(field: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": "VALIDATION", "field": field } }] });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}
