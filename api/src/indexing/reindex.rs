//! Rebuilding the whole index from the database, without a moment in which search is empty and without
//! losing the changes made while it runs.

use super::{documents, outbox};
use crate::domain::now;
use crate::error::{ApiError, ApiResult};
use sea_orm::DatabaseConnection;
use search::{Kind, SearchEngine};

/// How far before the rebuild's start changes are sent again: a transaction that began before the start
/// may commit after the snapshot was read.
const MARGIN: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReindexReport {
    /// Documents in the new index.
    pub documents: usize,
    /// Records changed during the rebuild, marked to be sent again.
    pub requeued: u64,
}

/// Reads every public document, has the engine build a fresh index and swap it in, then marks every record
/// that changed since shortly before the start, so the relay brings the new index up to date.
pub async fn reindex(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> ApiResult<ReindexReport> {
    let since = now() - MARGIN;
    let mut all = Vec::new();
    for kind in Kind::ALL {
        all.extend(documents::documents(db, kind, None).await?);
    }
    let count = all.len();
    engine.prepare().await.map_err(engine_failed)?;
    engine.rebuild(all).await.map_err(engine_failed)?;
    let requeued = outbox::requeue_changed_since(db, since).await?;
    Ok(ReindexReport {
        documents: count,
        requeued,
    })
}

fn engine_failed(err: search::SearchError) -> ApiError {
    tracing::error!(error = %err, "the search engine failed during a rebuild");
    ApiError::Internal
}
