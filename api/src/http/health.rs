//! `GET /health` (the process answers) and `GET /ready` (the database answers with LODE's schema; how far
//! search lags behind; how many messages wait in the mail outbox).

use super::state::AppState;
use crate::indexing::{documents, outbox};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use search::IndexState;
use serde_json::json;

/// Alive: the process answers.
pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the database answers, with LODE's schema there and fully migrated. Also tells how far the search
/// index lags behind (which does not make the service unready: the API works meanwhile).
pub async fn ready(State(state): State<AppState>) -> Response {
    if let Err(not_ready) = crate::db::check_ready(&state.db).await {
        let body = json!({ "status": "unavailable", "database": not_ready.status(), "detail": not_ready.detail() });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    }
    let search = search_readiness(&state).await;
    let mail = match crate::mail::outbox::status(&state.db).await {
        Ok(status) => json!({
            "pending": status.pending,
            "oldestPendingSeconds": status.oldest_pending.map(|d| d.as_secs_f64()),
            "failed": status.failed,
            "scheduled": status.scheduled,
        }),
        Err(_) => json!(null),
    };
    Json(json!({ "status": "ready", "database": "ok", "search": search, "mail": mail }))
        .into_response()
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
