//! Answers written by the HTTP layer itself, for requests that never reach the schema: the GraphQL
//! response shape with an error code, as the schema's own errors have.

use crate::error::ApiError;
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

/// The answer to a request outside GraphQL whose rules refused it (or failed): the error's own code and
/// message, under the HTTP status that says the same.
pub fn api_error_response(err: &ApiError) -> Response {
    if let ApiError::Validation { field, message } = err {
        return invalid_response(field, message);
    }
    let status = match err {
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
        ApiError::Conflict { .. }
        | ApiError::Changed { .. }
        | ApiError::WrongEvent { .. }
        | ApiError::IdempotencyKeyReused(_) => StatusCode::CONFLICT,
        ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Validation { .. } | ApiError::InvalidToken => StatusCode::BAD_REQUEST,
        ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error_response(status, err.code(), &err.to_string())
}
