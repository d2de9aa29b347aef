//! The HTTP server: GraphQL (and GraphiQL) at `/graphql`, health checks, and the front end at `/`.

use crate::calendar;
use crate::graphql::{LodeSchema, build_schema, execute_batch};
use crate::indexing::{SharedEngine, outbox};
use crate::live::SeatHub;
use async_graphql::BatchRequest;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::GraphQLSubscription;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use serde_json::json;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
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
}

/// The whole application over one database, search engine and seat hub (the relay that feeds the engine
/// and the listener that feeds the hub run beside it: see [`crate::indexing::relay`] and [`crate::live`]).
pub fn router(db: DatabaseConnection, engine: SharedEngine, seats: SeatHub) -> Router {
    let schema = build_schema(db.clone(), engine.clone(), seats);
    let subscriptions = GraphQLSubscription::new(schema.clone());
    let state = AppState { schema, db, engine };
    Router::new()
        .route("/graphql", get(graphiql).post(graphql))
        .route_service("/graphql/ws", subscriptions)
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

/// Executes a GraphQL request or a batch of at most [`MAX_BATCH`] operations.
async fn graphql(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
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
            "VALIDATION",
            &format!("a batch may hold at most {MAX_BATCH} operations"),
        );
    }
    Json(execute_batch(&state.schema, &state.db, request).await).into_response()
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

/// The GraphiQL explorer.
async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("LODE GraphQL")
            .finish(),
    )
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
    let search = match outbox::status(&state.db).await {
        Ok(status) => json!({
            "engine": state.engine.name(),
            "pendingUpdates": status.pending,
            "oldestPendingSeconds": status.oldest_pending.map(|d| d.as_secs_f64()),
            "failedUpdates": status.failed,
        }),
        Err(_) => json!({ "engine": state.engine.name() }),
    };
    Json(json!({ "status": "ready", "database": "ok", "search": search })).into_response()
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
