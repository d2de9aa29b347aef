//! Request ids: every request gets a fresh id, sent back as `x-request-id` so a user can quote it, and a
//! span that every log line of the request carries (its id, method and path; see
//! [`crate::telemetry::request_span`]).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Span;

/// The header the request id is sent back in.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id. Always made here: one a client sends is not taken, so no client can put text of its
/// own in the logs or make two requests look like one.
#[derive(Debug, Clone, Copy)]
pub struct RequestId(uuid::Uuid);

/// Gives the request its id and sends the id back with the answer, whoever writes the answer.
pub async fn with_request_id(mut request: Request, next: Next) -> Response {
    let id = RequestId(uuid::Uuid::now_v7());
    request.extensions_mut().insert(id);
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id.0.to_string()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// The span of a request, for the trace layer (see [`crate::telemetry::request_span`]).
pub fn request_span<B>(request: &axum::http::Request<B>) -> Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.to_string())
        .unwrap_or_default();
    crate::telemetry::request_span(&id, request.method().as_str(), request.uri().path())
}
