//! The HTTP server: GraphQL (and GraphiQL) at `/graphql`, calendars, attendee lists and survey answers as
//! spreadsheets, health checks, and the front end at `/`, behind the layers every answer passes through.

mod answer;
mod assets;
mod attendees;
mod calendar;
mod caller;
mod csv;
mod graphiql;
mod graphql;
mod health;
mod mail;
mod media;
mod possible_types;
mod request_id;
mod security;
mod serve;
mod state;
mod survey_answers;

pub use assets::{CACHE_CONTROL, CSS, HTML, JAVASCRIPT};
pub use graphql::{ANONYMOUS_MAX_AGE_SECONDS, MAX_BATCH, MAX_BODY_BYTES};
pub use request_id::REQUEST_ID_HEADER;
pub use security::{CONTENT_SECURITY_POLICY, CORS_HEADERS};
pub use serve::HEADER_TIMEOUT;
pub(crate) use serve::serve;

use crate::config::{ApiOptions, REQUEST_TIMEOUT};
use crate::domain::write::Store;
use crate::graphql::build_schema;
use crate::indexing::SharedEngine;
use crate::live::SeatHub;
use answer::error_response;
use axum::Router;
use axum::body::Body;
use axum::http::StatusCode;
use axum::routing::get;
use sea_orm::DatabaseConnection;
use state::AppState;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The whole application over one database, search engine and seat hub (the relay that feeds the engine
/// and the listener that feeds the hub run beside it: see [`crate::indexing::relay`] and [`crate::live`]).
/// Served with [`serve`], so rate limits know each client's address; [`crate::app::App`] puts it all
/// together.
pub(crate) fn router(
    db: DatabaseConnection,
    engine: SharedEngine,
    seats: SeatHub,
    options: &ApiOptions,
) -> Router {
    let store = Store::new(db.clone(), seats.clone());
    let schema = build_schema(db.clone(), engine.clone(), seats, options);
    let state = AppState {
        schema,
        store,
        db,
        engine,
        graphiql: options.introspection,
        trusted_proxies: options.trusted_proxies.clone().into(),
        dev_mail_dir: options.dev_mail_dir.clone(),
    };
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(graphql::websocket))
        .route(
            "/graphql/possible-types.json",
            get(possible_types::possible_types),
        )
        .route("/graphiql/{file}", get(graphiql::explorer_file))
        .route("/events.ics", get(calendar::events_feed))
        .route("/events/{file}", get(calendar::event_file))
        .route("/events/{id}/attendees.csv", get(attendees::attendee_list))
        .route(
            "/surveys/{id}/answers.csv",
            get(survey_answers::survey_answers),
        )
        .route("/registrations/{file}", get(calendar::registration_file))
        .route("/mail/unsubscribe", get(mail::ask).post(mail::unsubscribe))
        .route("/dev/mail", get(mail::outbox_files))
        .route("/dev/mail/{file}", get(mail::outbox_file))
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/", get(assets::index))
        .route("/js/{*path}", get(assets::script))
        .route("/css/{*path}", get(assets::style_sheet));
    guarded(router, options, REQUEST_TIMEOUT).with_state(state)
}

/// The layers around every route, from the inside out: the time limit, panics answered as 500, CORS (so a
/// page of an allowed origin can read those answers too), tracing (each request in its own span), the
/// request id, and outermost the security headers, so that every answer carries them and its request id,
/// also the 408, the 500 and a CORS preflight's, which the inner layers write themselves.
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
    if let Some(cors) = security::cors(&options.cors_origins, &options.cors_headers) {
        router = router.layer(cors);
    }
    router = router
        .layer(TraceLayer::new_for_http().make_span_with(request_id::request_span::<Body>))
        .layer(axum::middleware::from_fn(request_id::with_request_id));
    security::with_security_headers(router, options.production)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Method, header};
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
            assert!(
                headers.contains_key(REQUEST_ID_HEADER),
                "the {status} of {path} names its request"
            );
            assert_eq!(
                headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
                Some(&HeaderValue::from_static("https://lode.gent.example")),
                "a page of an allowed origin can read the {status} of {path}"
            );
        }
    }
}
