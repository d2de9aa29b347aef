//! The security headers every answer carries, and which other sites' pages may call the API (CORS).

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of every answer: scripts, styles and connections from the site itself only
/// (no inline script, style or handler), nothing framed, no plugins, forms only to the site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers to every answer that does not set its own: no content sniffing, no
/// referrer, no framing, its own browsing context group, the [`CONTENT_SECURITY_POLICY`], and in
/// production strict transport security.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(
    mut router: Router<S>,
    production: bool,
) -> Router<S> {
    router = router
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
    if production {
        // Production runs behind TLS: browsers should never fall back to plain HTTP.
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
}

/// The request headers a page of an allowed origin may always send: the two every GraphQL request needs
/// (`content-type`, `authorization`), and those common clients add on their own, which LODE reads nowhere
/// but whose refusal would fail the preflight and with it every request: Apollo Client's
/// `apollographql-client-name` and `-version` (when the client is given a name) and the W3C trace context
/// (`traceparent`, `tracestate`) that browser tracing adds. `LODE_CORS_HEADERS` adds more.
pub const CORS_HEADERS: [&str; 6] = [
    "content-type",
    "authorization",
    "apollographql-client-name",
    "apollographql-client-version",
    "traceparent",
    "tracestate",
];

/// The CORS layer for the configured origins, allowing [`CORS_HEADERS`] and the configured `headers`;
/// none when no origin is configured, so browsers keep pages elsewhere from reading any answer. An origin
/// or a header name that is not valid is logged and ignored.
pub fn cors(origins: &[String], headers: &[String]) -> Option<CorsLayer> {
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
    let mut allowed: Vec<HeaderName> = CORS_HEADERS
        .iter()
        .map(|name| HeaderName::from_static(name))
        .collect();
    for name in headers {
        match HeaderName::from_bytes(name.trim().as_bytes()) {
            Ok(name) if !allowed.contains(&name) => allowed.push(name),
            Ok(_) => {}
            Err(_) => tracing::warn!(
                header = name,
                "a CORS header is not a valid header name and is ignored"
            ),
        }
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers(allowed)
            .max_age(Duration::from_secs(600)),
    )
}
