//! The HTTP server: GraphQL (and GraphiQL) at `/graphql`, health checks, and the front end at `/`.

use crate::calendar;
use crate::config::ApiOptions;
use crate::domain::access::Viewer;
use crate::domain::accounts;
use crate::graphql::shape::OverWebSocket;
use crate::graphql::{Caller, LodeSchema, build_schema, execute_batch};
use crate::indexing::{SharedEngine, documents, outbox};
use crate::limits::ClientAddress;
use crate::live::SeatHub;
use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql::{BatchRequest, Data};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, Request, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
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
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()`, so rate limits know each client's
/// address.
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
    let mut router = Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route("/graphql/ws", get(subscriptions))
        .route("/events.ics", get(events_feed))
        .route("/events/{file}", get(event_file))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/", get(frontend::index))
        .route("/app.js", get(frontend::script))
        .route("/style.css", get(frontend::style))
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
        ));
    if options.production {
        // Production runs behind TLS: browsers should never fall back to plain HTTP.
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    if let Some(cors) = cors(&options.cors_origins) {
        router = router.layer(cors);
    }
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error",
            )
        }))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// An error answer in the GraphQL response shape, for requests that never reach the schema.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

/// Reads a request body of at most [`MAX_BODY_BYTES`]. A larger body is still read (and thrown away) up to
/// [`MAX_DRAINED_BYTES`], so that the client, still sending, receives the refusal instead of a reset
/// connection; beyond that the connection is given up.
async fn read_body(body: Body) -> Result<Bytes, Response> {
    let too_large = || {
        error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
        )
    };
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

/// The bearer token of a request, if it has an `Authorization: Bearer …` header.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
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
    let token = bearer_token(headers);
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
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            let db = state.db.clone();
            GraphQLWebSocket::new(stream, state.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let token = payload
                        .get("authorization")
                        .or_else(|| payload.get("Authorization"))
                        .and_then(|v| v.as_str())
                        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v).trim().to_owned());
                    let viewer = match token {
                        None => Viewer::Anonymous,
                        Some(token) => match accounts::viewer_for_token(&db, &token).await {
                            Ok(Some(viewer)) => viewer,
                            _ => {
                                return Err(async_graphql::Error::new(
                                    "the bearer token is unknown, expired or revoked: log in again",
                                ));
                            }
                        },
                    };
                    let mut data = Data::default();
                    data.insert(viewer);
                    data.insert(OverWebSocket);
                    Ok(data)
                })
                .serve()
        })
}

/// Where the front end lives, for the links in calendars: the request's own host.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
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
        Err(_) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "internal error",
        ),
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
        Err(_) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "internal error",
        ),
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
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .title("LODE GraphQL")
            .finish(),
    )
    .into_response()
}

/// Alive: the process answers.
async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the database answers. Also tells how far the search index lags behind (which does not make the
/// service unready: the API works meanwhile).
async fn ready(State(state): State<AppState>) -> Response {
    if !crate::db::is_ready(&state.db).await {
        let body = json!({ "status": "unavailable", "database": "unreachable" });
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

/// The web front end, built into the binary so `lode` is all there is to run.
mod frontend {
    use axum::http::header;
    use axum::response::{Html, IntoResponse};

    /// The page.
    pub async fn index() -> Html<&'static str> {
        Html(include_str!("../../frontend/index.html"))
    }

    /// Its script.
    pub async fn script() -> impl IntoResponse {
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            include_str!("../../frontend/app.js"),
        )
    }

    /// Its style sheet.
    pub async fn style() -> impl IntoResponse {
        (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
            include_str!("../../frontend/style.css"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
