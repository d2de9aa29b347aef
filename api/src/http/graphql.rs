//! GraphQL over HTTP: queries and mutations at `POST /graphql` (a request or a batch), subscriptions over
//! a WebSocket at `/graphql/ws` (graphql-ws). Both sign their caller in through [`super::caller`].

use super::answer::error_response;
use super::caller::{Authorization, caller_of, client_address};
use super::state::AppState;
use crate::config::REQUEST_TIMEOUT;
use crate::graphql::execute_batch;
use crate::graphql::live::ConnectionSubscriptions;
use crate::graphql::shape::OverWebSocket;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{BatchRequest, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::net::SocketAddr;
use tracing::Instrument;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How much of a too-large body is read before the connection is given up.
pub const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;
/// The most operations one batch request may hold.
pub const MAX_BATCH: usize = 10;

/// The refusal of a body over [`MAX_BODY_BYTES`].
fn too_large() -> Response {
    error_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
    )
}

/// The body length a request declares in `Content-Length`, if it declares one. A larger declared body
/// is refused before a byte of it is read.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads a body to its end (at most [`MAX_DRAINED_BYTES`] of it) and throws it away.
async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    let mut total = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        total = total.saturating_add(chunk.len());
        if total > MAX_DRAINED_BYTES {
            break;
        }
    }
}

/// Reads a request body of at most [`MAX_BODY_BYTES`]. A larger body is still read (and thrown away) up to
/// [`MAX_DRAINED_BYTES`], so that the client, still sending, receives the refusal instead of a reset
/// connection; beyond that the connection is given up.
async fn read_body(body: Body) -> Result<Bytes, Response> {
    let mut stream = body.into_data_stream();
    let mut kept = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "the request body could not be read",
            )
        })?;
        total = total.saturating_add(chunk.len());
        if total <= MAX_BODY_BYTES {
            kept.extend_from_slice(&chunk);
        } else if total > MAX_DRAINED_BYTES {
            return Err(too_large());
        }
    }
    if total > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(Bytes::from(kept))
}

/// Executes a GraphQL request or a batch of at most [`MAX_BATCH`] operations, as the account its bearer
/// token signs in (or anonymously).
pub async fn post(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    // JSON only: a browser cannot send it from another site without asking first, so no page elsewhere
    // can post a mutation in a visitor's name.
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "send the GraphQL request as JSON (Content-Type: application/json)",
        );
    }
    if let Some(length) = declared_length(headers)
        && length > MAX_BODY_BYTES as u64
    {
        // A client that waits for `100 Continue` has sent nothing yet, and will not after a refusal.
        let waiting = headers.contains_key(header::EXPECT);
        if length <= MAX_DRAINED_BYTES as u64 && !waiting {
            // The client may still be sending: the rest is read away beside the answer, so that it
            // receives the refusal instead of a reset connection.
            tokio::spawn(tokio::time::timeout(REQUEST_TIMEOUT, drain(body)));
        }
        return too_large();
    }
    let body = match read_body(body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let request: BatchRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "the body is not a GraphQL request: send JSON with a \"query\" (and optional \"variables\")",
            );
        }
    };
    if let BatchRequest::Batch(operations) = &request
        && operations.len() > MAX_BATCH
    {
        return error_response(
            StatusCode::BAD_REQUEST,
            "BATCH_TOO_LARGE",
            &format!("a batch may hold at most {MAX_BATCH} operations"),
        );
    }
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| client_address(info.0.ip(), headers, &state.trusted_proxies))
        .unwrap_or_default();
    let caller = match caller_of(&state.db, Authorization::of_headers(headers), address).await {
        Ok(caller) => caller,
        Err(refusal) => return refusal.into_response(),
    };
    let response = execute_batch(&state.schema, &state.db, &caller, request).await;
    // Answers may hold personal data: no cache keeps them.
    ([(header::CACHE_CONTROL, "no-store")], Json(response)).into_response()
}

/// GraphQL subscriptions over WebSocket (graphql-ws); queries and mutations go to `POST /graphql`. A client
/// signs in by sending `{"authorization": "Bearer <token>"}` as the `connection_init` payload; a refused
/// sign-in closes the socket with the refusal's code and message as the reason.
pub async fn websocket(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let address = client_address(peer.ip(), &headers, &state.trusted_proxies);
    let span = tracing::Span::current();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // A subscription is a small message; a WebSocket takes no more than a request body.
        .max_message_size(MAX_BODY_BYTES)
        .on_upgrade(move |stream| {
            let db = state.db.clone();
            GraphQLWebSocket::new(stream, state.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let caller = caller_of(&db, Authorization::of_payload(&payload), address)
                        .await
                        .map_err(|refusal| refusal.for_websocket())?;
                    let mut data = Data::default();
                    data.insert(caller.viewer);
                    data.insert(caller.address);
                    data.insert(OverWebSocket);
                    data.insert(ConnectionSubscriptions::default());
                    Ok(data)
                })
                .serve()
                // The socket's log lines carry the span of the request that opened it, and each
                // subscription's its own operation's span beneath (see `telemetry::OperationName`).
                .instrument(span)
        })
}
