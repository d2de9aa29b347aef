//! Who sends a request: the one way from what a request presents to sign in to its [`Caller`], for
//! GraphQL over GET and POST and the attendee lists (their `Authorization` header) and the WebSocket (its
//! `connection_init` payload) alike.

use super::answer::{api_error_response, error_response};
use super::state::AppState;
use crate::domain::access::Viewer;
use crate::domain::accounts;
use crate::error::ApiError;
use crate::graphql::Caller;
use crate::limits::ClientAddress;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::net::{IpAddr, SocketAddr};

/// What a request presents to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authorization<'a> {
    /// Nothing: the request is anonymous.
    Absent,
    /// A value, which must be `Bearer <token>`.
    Given(&'a str),
    /// A value that is not text (bytes outside visible ASCII in a header, a number in a payload).
    Unreadable,
}

impl<'a> Authorization<'a> {
    /// A request's `Authorization` header.
    pub fn of_headers(headers: &'a HeaderMap) -> Self {
        match headers.get(header::AUTHORIZATION) {
            None => Self::Absent,
            Some(value) => value.to_str().map_or(Self::Unreadable, Self::Given),
        }
    }

    /// A WebSocket's `connection_init` payload: its `authorization` (or `Authorization`) field; null
    /// counts as absent.
    pub fn of_payload(payload: &'a serde_json::Value) -> Self {
        match payload
            .get("authorization")
            .or_else(|| payload.get("Authorization"))
            .filter(|value| !value.is_null())
        {
            None => Self::Absent,
            Some(value) => value.as_str().map_or(Self::Unreadable, Self::Given),
        }
    }

    /// The bearer token presented: none when nothing is, a refusal for anything but `Bearer <token>`
    /// (the scheme in any case). Such a value is refused rather than taken as anonymous: a client that
    /// meant to sign in must hear that it did not.
    pub fn bearer_token(self) -> Result<Option<&'a str>, SignInRefusal> {
        match self {
            Self::Absent => Ok(None),
            Self::Given(value) => bearer_of(value).map(Some).ok_or(SignInRefusal::Malformed),
            Self::Unreadable => Err(SignInRefusal::Malformed),
        }
    }
}

/// The token of an `Authorization` value, which must be `Bearer <token>` (the scheme in any case).
fn bearer_of(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

/// Why a request could not be signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    /// What it presented is not `Bearer <token>`.
    Malformed,
    /// The token signs nobody in: unknown, expired or revoked.
    UnknownToken,
    /// The sessions could not be read (the database failed; the log says why).
    Unavailable,
}

impl SignInRefusal {
    /// The stable error code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Malformed | Self::UnknownToken => "UNAUTHENTICATED",
            Self::Unavailable => "UNAVAILABLE",
        }
    }

    /// What the client is told.
    pub fn message(self) -> &'static str {
        match self {
            Self::Malformed => {
                "the Authorization header must be `Bearer <token>`, with a token from login"
            }
            Self::UnknownToken => "the bearer token is unknown, expired or revoked: log in again",
            Self::Unavailable => {
                "the service cannot check your session right now: try again shortly"
            }
        }
    }

    /// The HTTP status of the refusal.
    pub fn status(self) -> StatusCode {
        match self {
            Self::Malformed | Self::UnknownToken => StatusCode::UNAUTHORIZED,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The refusal as a WebSocket's `connection_init` answers it: the socket is closed (with
    /// [`SignInRefusal::close_code`]) with the code and message as its reason (graphql-ws has no error
    /// message for a refused sign-in).
    pub fn for_websocket(self) -> async_graphql::Error {
        async_graphql::Error::new(format!("{}: {}", self.code(), self.message()))
    }

    /// The code a WebSocket is closed with on this refusal: graphql-ws's 4403 Forbidden for a token that
    /// signs nobody in, and 1013 Try Again Later when the sessions cannot be read (a graphql-ws client
    /// retries both: a new token may come from a login, the database may come back).
    pub fn close_code(self) -> u16 {
        match self {
            Self::Malformed | Self::UnknownToken => 4403,
            Self::Unavailable => 1013,
        }
    }
}

impl IntoResponse for SignInRefusal {
    fn into_response(self) -> Response {
        error_response(self.status(), self.code(), self.message())
    }
}

/// The caller of a request from what it presented to sign in and its client's address: anonymous when it
/// presented nothing, the account a valid bearer token signs in, else a refusal.
pub async fn caller_of(
    db: &DatabaseConnection,
    authorization: Authorization<'_>,
    address: ClientAddress,
) -> Result<Caller, SignInRefusal> {
    let token = authorization.bearer_token()?;
    let viewer = match token {
        None => Viewer::Anonymous,
        Some(token) => match accounts::viewer_for_token(db, token).await {
            Ok(Some(viewer)) => viewer,
            Ok(None) => return Err(SignInRefusal::UnknownToken),
            // The cause is logged where the database error became an API error.
            Err(_) => return Err(SignInRefusal::Unavailable),
        },
    };
    Ok(Caller {
        viewer,
        token: token.map(str::to_owned),
        address,
    })
}

/// The caller of an HTTP request, from its `Authorization` header and its client's address (the peer
/// the server loop recorded, through [`client_address`]); a refusal is answered as its response.
pub async fn caller_for(state: &AppState, parts: &Parts) -> Result<Caller, Response> {
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| client_address(info.0.ip(), &parts.headers, &state.trusted_proxies))
        .unwrap_or_default();
    caller_of(
        &state.db,
        Authorization::of_headers(&parts.headers),
        address,
    )
    .await
    .map_err(IntoResponse::into_response)
}

/// The caller of a download served beside GraphQL (an attendee list, a registration's calendar), as
/// [`caller_for`] finds it; a session signed in with a temporary password may only choose a new one, and
/// is refused with `PASSWORD_CHANGE_REQUIRED` as GraphQL refuses it.
pub async fn download_caller(state: &AppState, parts: &Parts) -> Result<Caller, Response> {
    let caller = caller_for(state, parts).await?;
    if caller.viewer.must_change_password() {
        return Err(api_error_response(&ApiError::PasswordChangeRequired));
    }
    Ok(caller)
}

/// The client's address: the peer's, or, when the peer is a trusted reverse proxy, the last address in
/// `X-Forwarded-For` that is not one of the trusted proxies (the ones before it could be made up).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> ClientAddress {
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::json;

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

    #[test]
    fn every_refusal_fits_a_websocket_close_frame() {
        // A close frame's reason holds at most 123 bytes (RFC 6455, 5.5: 125 less the code's two).
        for refusal in [
            SignInRefusal::Malformed,
            SignInRefusal::UnknownToken,
            SignInRefusal::Unavailable,
        ] {
            let reason = refusal.for_websocket().message;
            assert!(reason.len() <= 123, "{reason:?} is {} bytes", reason.len());
            assert!(reason.starts_with(refusal.code()), "{reason}");
        }
        assert_eq!(SignInRefusal::UnknownToken.close_code(), 4403);
    }

    #[test]
    fn a_header_and_a_payload_are_read_by_the_same_rule() {
        for (value, token) in [
            ("Bearer abc", Some("abc")),
            ("bearer abc", Some("abc")),
            ("BEARER  abc ", Some("abc")),
            ("Bearer", None),
            ("Bearer a b", None),
            ("Token abc", None),
            ("abc", None),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            let payload = json!({ "authorization": value });
            for presented in [
                Authorization::of_headers(&headers),
                Authorization::of_payload(&payload),
            ] {
                assert_eq!(
                    presented.bearer_token().ok(),
                    token.map(Some),
                    "{value:?} as {presented:?}"
                );
            }
        }
        let absent = [json!({}), json!({ "authorization": null }), json!(null)];
        for payload in &absent {
            assert_eq!(Authorization::of_payload(payload).bearer_token(), Ok(None));
        }
        assert_eq!(
            Authorization::of_payload(&json!({ "Authorization": "Bearer abc" })).bearer_token(),
            Ok(Some("abc"))
        );
        assert_eq!(
            Authorization::of_payload(&json!({ "authorization": 42 })).bearer_token(),
            Err(SignInRefusal::Malformed)
        );
        assert_eq!(
            Authorization::of_headers(&HeaderMap::new()).bearer_token(),
            Ok(None)
        );
    }
}
