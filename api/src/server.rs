//! The HTTP server: GraphQL (and GraphiQL) at `/graphql`, health checks, and the front end at `/`.

use crate::assets;
use crate::calendar;
use crate::config::ApiOptions;
use crate::domain::access::Viewer;
use crate::domain::accounts;
use crate::graphql::live::ConnectionSubscriptions;
use crate::graphql::shape::OverWebSocket;
use crate::graphql::{Caller, LodeSchema, build_schema, execute_batch};
use crate::indexing::{SharedEngine, documents, outbox};
use crate::limits::ClientAddress;
use crate::live::SeatHub;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{BatchRequest, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, Request, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use search::IndexState;
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How much of a too-large body is read before the connection is given up.
pub const MAX_DRAINED_BYTES: usize = 64 * 1024 * 1024;
/// The most operations one batch request may hold.
pub const MAX_BATCH: usize = 10;
/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The Content-Security-Policy of every answer: scripts, styles and connections from the site itself only
/// (no inline script, style or handler), nothing framed, no plugins, forms only to the site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'; form-action 'self'";

/// How long a client may take to send a request's headers (and an idle connection stays open): a
/// client that trickles its headers byte by byte must not hold a connection for minutes.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the router on the listener until `shutdown` resolves, then lets the requests in flight finish
/// (for at most [`REQUEST_TIMEOUT`]). HTTP/1.1 only (a reverse proxy speaks HTTP/2 to browsers), so that
/// every connection is timed from its first byte: one that does not finish its headers within
/// [`HEADER_TIMEOUT`] is closed. Each request knows its peer's address (for rate limits).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    // Every connection task holds a receiver; when all are dropped, every connection has ended.
    let (stopping, stop) = tokio::sync::watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_connection_error(&error) => continue,
                Err(error) => {
                    // Out of file descriptors, most likely: wait for some to be given back.
                    tracing::error!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        );
        let connection = builder
            .serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(service),
            )
            .with_upgrades();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                ended = connection.as_mut() => {
                    if let Err(error) = ended {
                        tracing::debug!(%error, "a connection ended with an error");
                    }
                    return;
                }
                _ = stop.changed() => connection.as_mut().graceful_shutdown(),
            }
            if let Err(error) = connection.await {
                tracing::debug!(%error, "a connection ended with an error");
            }
        });
    }
    // New connections are refused from here on, not left waiting in the backlog.
    drop(listener);
    drop(stop);
    let _ = stopping.send(());
    if tokio::time::timeout(REQUEST_TIMEOUT, stopping.closed())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still busy at shutdown and were closed");
    }
}

/// Whether an accept error concerns only the connection being accepted (not the listener).
fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// What every handler shares.
#[derive(Clone)]
struct AppState {
    schema: LodeSchema,
    db: DatabaseConnection,
    engine: SharedEngine,
    graphiql: bool,
    trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
}

/// The whole application over one database, search engine and seat hub (the relay that feeds the engine
/// and the listener that feeds the hub run beside it: see [`crate::indexing::relay`] and [`crate::live`]).
/// Serve it with [`serve`], so rate limits know each client's address.
pub fn router(
    db: DatabaseConnection,
    engine: SharedEngine,
    seats: SeatHub,
    options: &ApiOptions,
) -> Router {
    let schema = build_schema(db.clone(), engine.clone(), seats, options);
    let state = AppState {
        schema,
        db,
        engine,
        graphiql: options.introspection,
        trusted_proxies: options.trusted_proxies.clone().into(),
    };
    let router = Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/graphql/ws", get(subscriptions))
        .route("/graphiql/{file}", get(graphiql_asset))
        .route("/events.ics", get(events_feed))
        .route("/events/{file}", get(event_file))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/", get(assets::index))
        .route("/js/{*path}", get(assets::script))
        .route("/css/{*path}", get(assets::style_sheet));
    guarded(router, options, REQUEST_TIMEOUT).with_state(state)
}

/// The layers around every route, from the inside out: the time limit, panics answered as 500, CORS (so a
/// page of an allowed origin can read those answers too), tracing, and outermost the security headers, so
/// that every answer carries them, also the 408, the 500 and a CORS preflight's, which the inner layers
/// write themselves.
fn guarded<S: Clone + Send + Sync + 'static>(
    mut router: Router<S>,
    options: &ApiOptions,
    timeout: Duration,
) -> Router<S> {
    router = router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error",
            )
        }));
    if let Some(cors) = cors(&options.cors_origins) {
        router = router.layer(cors);
    }
    router = router
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ));
    if options.production {
        // Production runs behind TLS: browsers should never fall back to plain HTTP.
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
}

/// An error answer in the GraphQL response shape, for requests that never reach the schema.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

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

/// The CORS layer for the configured origins; none when no origin is configured, so browsers keep
/// pages elsewhere from reading any answer.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(
            |origin| match HeaderValue::from_str(origin.trim_end_matches('/')) {
                Ok(value) => Some(value),
                Err(_) => {
                    tracing::warn!(
                        origin,
                        "a CORS origin is not a valid header value and is ignored"
                    );
                    None
                }
            },
        )
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
            .max_age(Duration::from_secs(600)),
    )
}

/// The token of an `Authorization` value, which must be `Bearer <token>` (the scheme in any case). Any
/// other value is refused rather than taken as anonymous: a client that meant to sign in must hear that
/// it did not.
fn bearer_of(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

/// An `Authorization` header that is not `Bearer <token>`.
struct MalformedAuthorization;

impl IntoResponse for MalformedAuthorization {
    fn into_response(self) -> Response {
        error_response(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "the Authorization header must be `Bearer <token>`, with a token from login",
        )
    }
}

/// The bearer token of a request: none without an `Authorization` header, an error for a header that
/// is not `Bearer <token>`.
fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, MalformedAuthorization> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(bearer_of)
        .map(Some)
        .ok_or(MalformedAuthorization)
}

/// The client's address: the peer's, or, when the peer is a trusted reverse proxy, the last address in
/// `X-Forwarded-For` that is not one of the trusted proxies (the ones before it could be made up).
fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> ClientAddress {
    if !trusted.contains(&peer) {
        return ClientAddress(peer);
    }
    let forwarded = headers
        .get_all(HeaderName::from_static("x-forwarded-for"))
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => client = address,
            Ok(address) => return ClientAddress(address),
            Err(_) => break,
        }
    }
    ClientAddress(client)
}

/// The answer to a token that signs nobody in.
fn bad_token() -> Response {
    error_response(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        "the bearer token is unknown, expired or revoked: log in again",
    )
}

/// Who a token signs in: anonymous without one, a refusal when it signs nobody in.
async fn viewer_of(db: &DatabaseConnection, token: Option<&str>) -> Result<Viewer, Response> {
    let Some(token) = token else {
        return Ok(Viewer::Anonymous);
    };
    match accounts::viewer_for_token(db, token).await {
        Ok(Some(viewer)) => Ok(viewer),
        Ok(None) => Err(bad_token()),
        Err(_) => Err(error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "the service cannot check your session right now: try again shortly",
        )),
    }
}

/// Executes a GraphQL request or a batch of at most [`MAX_BATCH`] operations, as the account its bearer
/// token signs in (or anonymously).
async fn graphql(State(state): State<AppState>, request: Request) -> Response {
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
    let token = match bearer_token(headers) {
        Ok(token) => token,
        Err(refusal) => return refusal.into_response(),
    };
    let viewer = match viewer_of(&state.db, token).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    let caller = Caller {
        viewer,
        token: token.map(str::to_owned),
        address: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| client_address(info.0.ip(), headers, &state.trusted_proxies))
            .unwrap_or_default(),
    };
    let response = execute_batch(&state.schema, &state.db, &caller, request).await;
    // Answers may hold personal data: no cache keeps them.
    ([(header::CACHE_CONTROL, "no-store")], Json(response)).into_response()
}

/// GraphQL subscriptions over WebSocket (graphql-ws); queries and mutations go to `POST /graphql`. A client
/// signs in by sending `{"authorization": "Bearer <token>"}` as the `connection_init` payload.
async fn subscriptions(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let address = client_address(peer.ip(), &headers, &state.trusted_proxies);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // A subscription is a small message; a WebSocket takes no more than a request body.
        .max_message_size(MAX_BODY_BYTES)
        .on_upgrade(move |stream| {
            let db = state.db.clone();
            GraphQLWebSocket::new(stream, state.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let authorization = payload
                        .get("authorization")
                        .or_else(|| payload.get("Authorization"))
                        .filter(|v| !v.is_null());
                    let token = match authorization {
                        None => None,
                        Some(value) => Some(value.as_str().and_then(bearer_of).ok_or_else(|| {
                            async_graphql::Error::new(
                                "the authorization must be `Bearer <token>`, with a token from login",
                            )
                        })?),
                    };
                    let viewer = viewer_of(&db, token).await.map_err(|refusal| {
                        async_graphql::Error::new(if refusal.status() == StatusCode::UNAUTHORIZED {
                            "the bearer token is unknown, expired or revoked: log in again"
                        } else {
                            "the service cannot check your session right now: try again shortly"
                        })
                    })?;
                    let mut data = Data::default();
                    data.insert(viewer);
                    data.insert(address);
                    data.insert(OverWebSocket);
                    data.insert(ConnectionSubscriptions::default());
                    Ok(data)
                })
                .serve()
        })
}

/// Where the front end lives, for the links in calendars: the request's own host, if it is one (only its
/// host and port are kept), else `localhost`.
fn base_url(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|host| url::Url::parse(&format!("http://{host}")).ok())
        .map_or_else(
            || "http://localhost".to_owned(),
            |url| url.origin().ascii_serialization(),
        )
}

/// The answer to a calendar request that failed: a bad parameter is the client's, anything else ours.
fn calendar_error(err: &crate::error::ApiError) -> Response {
    match err {
        crate::error::ApiError::Validation { field, message } => {
            let body = json!({ "errors": [{ "message": message, "extensions": { "code": "VALIDATION", "field": field } }] });
            (StatusCode::BAD_REQUEST, Json(body)).into_response()
        }
        _ => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "internal error",
        ),
    }
}

/// An iCalendar answer.
fn ics(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `GET /events/{slug}.ics`: one event's calendar entry.
async fn event_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(slug) = file.strip_suffix(".ics") else {
        return error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file");
    };
    match calendar::event_calendar(&state.db, slug, &base_url(&headers)).await {
        Ok(Some(body)) => ics(body),
        Ok(None) => error_response(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no public event has this slug",
        ),
        Err(err) => calendar_error(&err),
    }
}

/// The filters of the calendar feed.
#[derive(serde::Deserialize)]
struct FeedQuery {
    /// `GENT` or `BRUGGE`.
    city: Option<String>,
    /// A pilot case's slug.
    #[serde(rename = "pilotCase")]
    pilot_case: Option<String>,
    /// A value domain's slug.
    #[serde(rename = "valueDomain")]
    value_domain: Option<String>,
}

/// `GET /events.ics?city=&pilotCase=&valueDomain=`: a feed of public events.
async fn events_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<FeedQuery>,
) -> Response {
    let city = match query.city.as_deref() {
        None => None,
        Some("GENT") => Some(entities::values::City::Gent),
        Some("BRUGGE") => Some(entities::values::City::Brugge),
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "city must be GENT or BRUGGE",
            );
        }
    };
    let filter = calendar::FeedFilter {
        city,
        pilot_case: query.pilot_case,
        value_domain: query.value_domain,
    };
    match calendar::feed(&state.db, &filter, &base_url(&headers)).await {
        Ok(body) => ics(body),
        Err(err) => calendar_error(&err),
    }
}

/// The GraphiQL explorer, where introspection is on (without it, GraphiQL knows nothing).
async fn graphiql(State(state): State<AppState>) -> Response {
    if !state.graphiql {
        return error_response(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "GraphiQL is off on this server: POST GraphQL requests to /graphql",
        );
    }
    crate::graphiql::page()
}

/// `GET /graphiql/{file}`: the scripts and styles of the GraphiQL page, where GraphiQL is on.
async fn graphiql_asset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    match crate::graphiql::asset(&file) {
        Some(asset) if state.graphiql => asset,
        _ => error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file"),
    }
}

/// Alive: the process answers.
async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the database answers, with LODE's schema there and fully migrated. Also tells how far the search
/// index lags behind (which does not make the service unready: the API works meanwhile).
async fn ready(State(state): State<AppState>) -> Response {
    if let Err(not_ready) = crate::db::check_ready(&state.db).await {
        let body = json!({ "status": "unavailable", "database": not_ready.status(), "detail": not_ready.detail() });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    let search = search_readiness(&state).await;
    Json(json!({ "status": "ready", "database": "ok", "search": search })).into_response()
}

/// The `search` part of `/ready`: the index's state and how far it lags behind the database. A stale
/// index (being rebuilt) does not make the service unready: everything but search works meanwhile, and
/// taking every process out of rotation while a shared index rebuilds would stop the whole API.
async fn search_readiness(state: &AppState) -> serde_json::Value {
    let mut search = json!({ "engine": state.engine.name() });
    let rebuilding = match state.engine.state() {
        IndexState::Ready => {
            search["status"] = json!("ready");
            false
        }
        IndexState::Stale(reason) => {
            search["status"] = json!("rebuilding");
            search["reason"] = json!(reason);
            true
        }
    };
    if let Ok(status) = outbox::status(&state.db).await {
        search["pendingUpdates"] = json!(status.pending);
        search["oldestPendingSeconds"] = json!(status.oldest_pending.map(|d| d.as_secs_f64()));
        search["failedUpdates"] = json!(status.failed);
        search["abandonedClaims"] = json!(status.abandoned_claims);
        // What the index lacks: while it is rebuilt, every public record; else the records waiting.
        let behind = if rebuilding {
            documents::public_count(&state.db).await.ok()
        } else {
            Some(status.pending)
        };
        search["recordsBehind"] = json!(behind);
    }
    search
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    /// The security headers every answer must carry.
    const SECURITY_HEADERS: [(&str, &str); 5] = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
    ];

    async fn panics() -> StatusCode {
        panic!("a handler that panics, on purpose")
    }

    #[tokio::test]
    async fn answers_written_by_the_layers_carry_the_security_headers_too() {
        let options = ApiOptions {
            production: true,
            cors_origins: vec!["https://lode.gent.example".to_owned()],
            ..ApiOptions::default()
        };
        let routes = Router::new()
            .route("/never", get(std::future::pending::<()>))
            .route("/panics", get(panics));
        // A time limit that has passed by the time anything could answer, for a handler that never does.
        let app = guarded(routes, &options, Duration::from_millis(1));
        let request = |method: Method, path: &str| {
            axum::http::Request::builder()
                .method(method)
                .uri(path)
                .header("origin", "https://lode.gent.example")
                .header("access-control-request-method", "POST")
                .body(Body::empty())
                .unwrap()
        };
        for (method, path, status) in [
            (Method::GET, "/never", StatusCode::REQUEST_TIMEOUT),
            (Method::GET, "/panics", StatusCode::INTERNAL_SERVER_ERROR),
            (Method::OPTIONS, "/never", StatusCode::OK),
            (Method::GET, "/nowhere", StatusCode::NOT_FOUND),
            (Method::DELETE, "/never", StatusCode::METHOD_NOT_ALLOWED),
        ] {
            let answer = app.clone().oneshot(request(method, path)).await.unwrap();
            assert_eq!(answer.status(), status, "{path}");
            let headers = answer.headers();
            for (name, value) in SECURITY_HEADERS {
                assert_eq!(
                    headers.get(name).and_then(|v| v.to_str().ok()),
                    Some(value),
                    "{name} on the {status} of {path}"
                );
            }
            assert!(
                headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
                "{status} of {path}"
            );
            assert_eq!(
                headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
                Some(&HeaderValue::from_static("https://lode.gent.example")),
                "a page of an allowed origin can read the {status} of {path}"
            );
        }
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_client_address_comes_from_a_trusted_proxy_only() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let trusted = [proxy];
        let spoofed = forwarded("198.51.100.9, 203.0.113.7");
        assert_eq!(
            client_address(proxy, &spoofed, &trusted).0,
            client,
            "the hop the proxy saw"
        );
        let stranger: IpAddr = "192.0.2.5".parse().unwrap();
        assert_eq!(
            client_address(stranger, &spoofed, &trusted).0,
            stranger,
            "nobody else is believed"
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted).0, proxy);
        assert_eq!(
            client_address(proxy, &forwarded("not an address"), &trusted).0,
            proxy
        );
    }
}
