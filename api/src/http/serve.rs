//! The server loop: HTTP/1.1 connections on a listener, each timed from its first byte, and a graceful
//! stop.

use crate::config::REQUEST_TIMEOUT;
use axum::Router;
use axum::extract::ConnectInfo;
use std::time::Duration;

/// How long a client may take to send a request's headers (and an idle connection stays open): a
/// client that trickles its headers byte by byte must not hold a connection for minutes.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the router on the listener until `shutdown` resolves, then lets the requests in flight finish
/// (for at most [`REQUEST_TIMEOUT`]). HTTP/1.1 only (a reverse proxy speaks HTTP/2 to browsers), so that
/// every connection is timed from its first byte: one that does not finish its headers within
/// [`HEADER_TIMEOUT`] is closed. Each request knows its peer's address (for rate limits).
pub(crate) async fn serve(
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
