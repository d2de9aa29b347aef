//! GraphQL over HTTP: queries at `GET /graphql` (GraphiQL's page there for a browser), queries and
//! mutations at `POST /graphql` (a request or a batch), subscriptions over a WebSocket at `/graphql/ws`
//! (graphql-ws). All sign their caller in through [`super::caller`].
//!
//! Answers follow the GraphQL-over-HTTP spec: `application/graphql-response+json` (statuses that tell
//! an unexecuted request) or `application/json` (status 200 for every GraphQL response), whichever the
//! `Accept` header prefers ([`super::media`]); Apollo's automatic persisted queries are answered by
//! [`crate::graphql::persisted`].

use super::answer::{error_response, invalid_response};
use super::caller::{Authorization, SignInRefusal, caller_for, caller_of, client_address};
use super::media::{Media, negotiate};
use super::state::AppState;
use crate::config::REQUEST_TIMEOUT;
use crate::graphql::budget::RESPONSE_TOO_LARGE;
use crate::graphql::live::ConnectionSubscriptions;
use crate::graphql::persisted;
use crate::graphql::shape::{METHOD_NOT_ALLOWED, OverGet, OverWebSocket};
use crate::graphql::{BearerToken, execute_batch};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{
    BatchRequest, BatchResponse, Data, Request, Response as GraphQLResponse, Variables,
};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::ws::Message;
use axum::extract::{ConnectInfo, Request as HttpRequest, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
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

/// How long a shared cache may keep an anonymous GET's answer, in seconds. Anonymous answers hold only
/// what the public may see, which changes at the pace of people editing records: a minute old is fresh
/// enough for a list of events, and a client that needs the seat counts of this moment subscribes to
/// them. Longer would show a just-published change to some visitors and not to others for longer.
pub const ANONYMOUS_MAX_AGE_SECONDS: u64 = 60;

/// The `Cache-Control` of an answer to an unknown persisted query's hash, as Apollo Server sends it: no
/// cache may answer the next request with it, for the text registered meanwhile must be found.
const PERSISTED_QUERY_NOT_FOUND_CACHING: &str = "private, no-cache, must-revalidate";

/// The refusal of an `Accept` header that names none of the media types offered.
fn not_acceptable(offered: &[Media]) -> Response {
    let names: Vec<&str> = offered.iter().map(|media| media.essence()).collect();
    error_response(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        &format!("this endpoint answers with {}", names.join(" or ")),
    )
}

/// A refusal written by this layer, sent as the media type the client accepts; no cache keeps it.
fn refused(mut response: Response, media: Media) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, media.content_type());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Why a POST's body or a GET's query string is not a GraphQL request.
#[derive(Debug)]
enum NotARequest {
    /// The body is not JSON, or not an object (or a non-empty array of them).
    NotJson,
    /// A batch of more than [`MAX_BATCH`] operations.
    BatchTooLarge,
    /// A parameter of the wrong type, given twice, or (`query`) missing: which, and what is wrong.
    Parameter(&'static str, String),
}

impl IntoResponse for NotARequest {
    fn into_response(self) -> Response {
        match self {
            Self::NotJson => error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "the body is not a GraphQL request: send JSON with a \"query\" (and optional \"variables\")",
            ),
            Self::BatchTooLarge => error_response(
                StatusCode::BAD_REQUEST,
                "BATCH_TOO_LARGE",
                &format!("a batch may hold at most {MAX_BATCH} operations"),
            ),
            Self::Parameter(field, message) => invalid_response(field, &message),
        }
    }
}

/// A parameter of the wrong type (or missing).
fn wrong(field: &'static str, message: &str) -> NotARequest {
    NotARequest::Parameter(field, message.to_owned())
}

/// A GraphQL request from its parameters (a POST's JSON object, or a GET's query parameters read as
/// one), each of the type the GraphQL-over-HTTP spec gives it; null counts as absent. A request needs a
/// `query`, unless it names a persisted query in its `extensions`.
fn request_of(
    parameters: serde_json::Map<String, serde_json::Value>,
) -> Result<Request, NotARequest> {
    use serde_json::Value as Json;
    let present = |name: &str| parameters.get(name).filter(|value| !value.is_null());
    let query = match present("query") {
        None => None,
        Some(Json::String(query)) => Some(query.clone()),
        Some(_) => return Err(wrong("query", "query must be a string")),
    };
    let operation_name = match present("operationName") {
        None => None,
        Some(Json::String(name)) => Some(name.clone()),
        Some(_) => return Err(wrong("operationName", "operationName must be a string")),
    };
    let variables = match present("variables") {
        None => Variables::default(),
        Some(variables @ Json::Object(_)) => Variables::from_json(variables.clone()),
        Some(_) => return Err(wrong("variables", "variables must be an object")),
    };
    let mut extensions = async_graphql::Extensions::default();
    match present("extensions") {
        None => {}
        Some(Json::Object(fields)) => {
            for (name, value) in fields {
                let value = async_graphql::Value::from_json(value.clone()).map_err(|_| {
                    wrong("extensions", "extensions must be an object of JSON values")
                })?;
                extensions.0.insert(name.clone(), value);
            }
        }
        Some(_) => return Err(wrong("extensions", "extensions must be an object")),
    }
    if query.is_none() && !extensions.0.contains_key("persistedQuery") {
        return Err(wrong(
            "query",
            "a GraphQL request needs a query (or extensions.persistedQuery with its hash)",
        ));
    }
    let mut request = Request::new(query.unwrap_or_default()).variables(variables);
    request.operation_name = operation_name;
    request.extensions = extensions;
    Ok(request)
}

/// A POST's body as a GraphQL request, or a batch of them (a non-empty JSON array).
fn batch_of(body: &[u8]) -> Result<BatchRequest, NotARequest> {
    let object = |value: serde_json::Value| match value {
        serde_json::Value::Object(parameters) => request_of(parameters),
        _ => Err(NotARequest::NotJson),
    };
    match serde_json::from_slice(body).map_err(|_| NotARequest::NotJson)? {
        serde_json::Value::Array(operations) => {
            if operations.is_empty() {
                return Err(NotARequest::NotJson);
            }
            if operations.len() > MAX_BATCH {
                return Err(NotARequest::BatchTooLarge);
            }
            Ok(BatchRequest::Batch(
                operations
                    .into_iter()
                    .map(object)
                    .collect::<Result<_, _>>()?,
            ))
        }
        value => Ok(BatchRequest::Single(object(value)?)),
    }
}

/// A GET's query string as a GraphQL request: `query`, `operationName`, and `variables` and
/// `extensions` as JSON text. A parameter given twice is refused: a cache and the server could read
/// different ones.
fn get_request_of(query_string: &str) -> Result<Request, NotARequest> {
    let mut parameters = serde_json::Map::new();
    for (name, value) in url::form_urlencoded::parse(query_string.as_bytes()) {
        let (name, value) = match name.as_ref() {
            "query" => ("query", serde_json::Value::String(value.into_owned())),
            "operationName" => (
                "operationName",
                serde_json::Value::String(value.into_owned()),
            ),
            "variables" => ("variables", json_parameter("variables", &value)?),
            "extensions" => ("extensions", json_parameter("extensions", &value)?),
            // Other parameters (a cache-buster, say) are not the request's.
            _ => continue,
        };
        if parameters.insert(name.to_owned(), value).is_some() {
            return Err(wrong(name, &format!("{name} is given more than once")));
        }
    }
    request_of(parameters)
}

/// A GET's parameter that holds JSON.
fn json_parameter(name: &'static str, text: &str) -> Result<serde_json::Value, NotARequest> {
    serde_json::from_str(text)
        .map_err(|_| wrong(name, &format!("{name} must be a JSON object, URL-encoded")))
}

/// Whether a response is one of a request that was not executed: it has errors, no data, and none of its
/// errors belongs to a field (a parse, validation or variable error, an unknown operation, a refusal of
/// the query's shape or method). A field error that nulls the whole `data` has its path; an answer
/// dropped for its size ran, and says so by its code.
fn not_executed(response: &GraphQLResponse) -> bool {
    !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|error| error.path.is_empty())
        && !has_code(response, RESPONSE_TOO_LARGE)
}

/// Whether a response has an error with this code.
fn has_code(response: &GraphQLResponse, code: &str) -> bool {
    response.errors.iter().any(|error| {
        error
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("code"))
            .is_some_and(|value| *value == async_graphql::Value::from(code))
    })
}

/// A response as JSON in the media type asked for: an unexecuted request's response has no `data` in
/// `application/graphql-response+json`, and `data: null` in `application/json`, as it always had.
fn body_of(response: &GraphQLResponse, media: Media) -> serde_json::Value {
    let mut body = serde_json::to_value(response).unwrap_or_default();
    if media == Media::GraphQLResponse
        && not_executed(response)
        && let Some(fields) = body.as_object_mut()
    {
        fields.remove("data");
    }
    body
}

/// How an answer may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caching {
    /// Never kept: a POST, or a request with an `Authorization` header.
    Never,
    /// An anonymous GET: kept for [`ANONYMOUS_MAX_AGE_SECONDS`] when it has no errors.
    AnonymousGet,
}

/// The answer to an executed request or batch: its status, media type and caching.
///
/// In `application/json`, every response has status 200. In `application/graphql-response+json`, a
/// response of a request that was not executed has 400 (and no `data`), or 404 for an unknown persisted
/// query's hash (as Apollo Router answers; Apollo Client reads the error from the body of either); one
/// with `data`, null or not, has 200. Whatever the type, a mutation refused over GET has 405 with
/// `Allow: POST`, and the answer to an unknown hash must not be cached, for the text is sent next. A
/// batch has 200, each response shaped by its type.
fn answer(response: BatchResponse, media: Media, caching: Caching) -> Response {
    let (status, body, mut cache_control) = match &response {
        BatchResponse::Single(one) => {
            let not_executed = not_executed(one);
            let status = if not_executed && has_code(one, METHOD_NOT_ALLOWED) {
                StatusCode::METHOD_NOT_ALLOWED
            } else if media == Media::Json || !not_executed {
                StatusCode::OK
            } else if has_code(one, persisted::NOT_FOUND) {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::BAD_REQUEST
            };
            let cache_control = if not_executed && has_code(one, persisted::NOT_FOUND) {
                PERSISTED_QUERY_NOT_FOUND_CACHING.to_owned()
            } else if caching == Caching::AnonymousGet && one.errors.is_empty() {
                format!("public, max-age={ANONYMOUS_MAX_AGE_SECONDS}")
            } else {
                "no-store".to_owned()
            };
            (status, body_of(one, media), cache_control)
        }
        BatchResponse::Batch(many) => (
            StatusCode::OK,
            serde_json::Value::Array(many.iter().map(|one| body_of(one, media)).collect()),
            "no-store".to_owned(),
        ),
    };
    let mut answer = (status, Json(body)).into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CONTENT_TYPE, media.content_type());
    if status == StatusCode::METHOD_NOT_ALLOWED {
        headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
        cache_control = "no-store".to_owned();
    }
    if let Ok(value) = HeaderValue::from_str(&cache_control) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    answer
}

/// Adds what every answer of `GET /graphql` says about caching: it differs by `Accept` (JSON or the
/// page) and by `Authorization` (a shared cache may otherwise answer a signed-in request with an
/// anonymous answer, `public` allowing it), and nothing but a cacheable answer is kept.
fn for_get(mut answer: Response) -> Response {
    let headers = answer.headers_mut();
    headers.append(
        header::VARY,
        HeaderValue::from_static("Accept, Authorization"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    answer
}

/// The media types `POST /graphql` answers with, in order of preference (JSON first, as before).
const POST_MEDIA: [Media; 2] = [Media::Json, Media::GraphQLResponse];
/// The media types `GET /graphql` answers with: also GraphiQL's page, for a browser that prefers HTML.
const GET_MEDIA: [Media; 3] = [Media::Json, Media::GraphQLResponse, Media::Html];

/// `POST /graphql`: executes a GraphQL request or a batch of at most [`MAX_BATCH`] operations, as the
/// account its bearer token signs in (or anonymously), answering in the JSON type its `Accept` prefers.
pub async fn post(State(state): State<AppState>, request: HttpRequest) -> Response {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let Some(media) = negotiate(headers, &POST_MEDIA) else {
        return not_acceptable(&POST_MEDIA);
    };
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
        return refused(
            error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "VALIDATION",
                "send the GraphQL request as JSON (Content-Type: application/json)",
            ),
            media,
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
        return refused(too_large(), media);
    }
    let body = match read_body(body).await {
        Ok(body) => body,
        Err(refusal) => return refused(refusal, media),
    };
    let request = match batch_of(&body) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal.into_response(), media),
    };
    let caller = match caller_for(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return refused(refusal, media),
    };
    let response = execute_batch(&state.schema, &state.db, &caller, request).await;
    // Answers may hold personal data: no cache keeps them.
    answer(response, media, Caching::Never)
}

/// `GET /graphql`: GraphiQL's page for a browser that prefers HTML; otherwise executes the query given in
/// the URL (`query`, `operationName`, `variables`, `extensions`) like a POST, but only a query: a
/// mutation is refused with 405, never executed (a link or an image on any page can send a GET). An
/// anonymous answer without errors may be cached for [`ANONYMOUS_MAX_AGE_SECONDS`].
pub async fn get(State(state): State<AppState>, request: HttpRequest) -> Response {
    let (parts, _) = request.into_parts();
    // Without GraphiQL, a browser's GET is answered in JSON like any other client's.
    let offered: &[Media] = if state.graphiql {
        &GET_MEDIA
    } else {
        &POST_MEDIA
    };
    let media = match negotiate(&parts.headers, offered) {
        Some(Media::Html) => return for_get(super::graphiql::explorer()),
        Some(media) => media,
        None => return for_get(not_acceptable(offered)),
    };
    // No length check of its own: hyper refuses a URI over 64 KiB with 414 before it gets here.
    let query_string = parts.uri.query().unwrap_or_default();
    let request = match get_request_of(query_string) {
        Ok(request) => request,
        Err(refusal) => return for_get(refused(refusal.into_response(), media)),
    };
    let caller = match caller_for(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return for_get(refused(refusal, media)),
    };
    let response = execute_batch(
        &state.schema,
        &state.db,
        &caller,
        BatchRequest::Single(request.data(OverGet)),
    )
    .await;
    // Whatever its token signs in, a request that sends one is the caller's own.
    let caching = if parts.headers.contains_key(header::AUTHORIZATION) {
        Caching::Never
    } else {
        Caching::AnonymousGet
    };
    for_get(answer(response, media, caching))
}

/// GraphQL subscriptions over WebSocket (graphql-ws); queries and mutations go to `/graphql`. A client
/// signs in by sending `{"authorization": "Bearer <token>"}` as the `connection_init` payload; a refused
/// sign-in closes the socket with [`SignInRefusal::close_code`] (4403 Forbidden for a token that signs
/// nobody in, as graphql-ws asks) and the refusal's code and message as the reason.
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
        .on_upgrade(move |socket| {
            let db = state.db.clone();
            // async-graphql closes a socket whose `connection_init` is refused with 1002 (protocol
            // error); the refusal is kept here so that its close frame gets the refusal's own code.
            let refusal: Arc<Mutex<Option<SignInRefusal>>> = Arc::default();
            let refused = refusal.clone();
            let (sink, stream) = socket.split();
            let sink = sink.with(move |message| {
                futures_util::future::ready(Ok::<_, axum::Error>(with_close_code(
                    message, &refusal,
                )))
            });
            GraphQLWebSocket::new_with_pair(sink, stream, state.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let caller = caller_of(&db, Authorization::of_payload(&payload), address)
                        .await
                        .map_err(|refusal| {
                            *refused.lock().unwrap_or_else(|p| p.into_inner()) = Some(refusal);
                            refusal.for_websocket()
                        })?;
                    let mut data = Data::default();
                    // For subscriptions to check again, at each change, that the session still holds.
                    if let Some(token) = caller.token {
                        data.insert(BearerToken(token));
                    }
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

/// A message on its way to the client: the close frame after a refused sign-in gets the refusal's close
/// code; everything else goes as it is.
fn with_close_code(message: Message, refusal: &Mutex<Option<SignInRefusal>>) -> Message {
    match message {
        Message::Close(Some(mut frame)) => {
            if let Some(refusal) = *refusal.lock().unwrap_or_else(|p| p.into_inner()) {
                frame.code = refusal.close_code();
            }
            Message::Close(Some(frame))
        }
        message => message,
    }
}
