//! Rebuilding the whole index from the database, without a moment in which search is empty and without
//! losing the changes made while it runs; and checking, at start, whether the index needs it.

use super::{documents, identity, outbox};
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use sea_orm::DatabaseConnection;
use search::{IndexState, Kind, SearchEngine, SearchError, stale};
use std::collections::BTreeSet;

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

/// Why a rebuild or a check did not finish.
#[derive(Debug)]
pub enum RebuildError {
    /// The database failed (already logged).
    Database(ApiError),
    /// The engine failed.
    Engine(SearchError),
}

impl From<ApiError> for RebuildError {
    fn from(err: ApiError) -> Self {
        RebuildError::Database(err)
    }
}

impl From<SearchError> for RebuildError {
    fn from(err: SearchError) -> Self {
        RebuildError::Engine(err)
    }
}

/// Reads every public document, has the engine build a fresh index (marked with the database's identity)
/// and swap it in, then marks every record that changed since shortly before the start, so the relay
/// brings the new index up to date.
pub async fn reindex(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> ApiResult<ReindexReport> {
    rebuild(db, engine).await.map_err(|err| match err {
        RebuildError::Database(err) => err,
        RebuildError::Engine(err) => {
            tracing::error!(error = %err, "the search engine failed during a rebuild");
            ApiError::Internal
        }
    })
}

/// [`reindex`], telling the engine's failures apart.
pub async fn rebuild(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> Result<ReindexReport, RebuildError> {
    let since = now() - MARGIN;
    let database = identity::database_id(db).await?;
    let all = public_documents(db).await?;
    let count = all.len();
    engine.prepare().await?;
    engine.rebuild(all, &database).await?;
    let requeued = outbox::requeue_changed_since(db, since).await?;
    Ok(ReindexReport {
        documents: count,
        requeued,
    })
}

async fn public_documents(db: &DatabaseConnection) -> ApiResult<Vec<search::SearchDocument>> {
    let mut all = Vec::new();
    for kind in Kind::ALL {
        all.extend(documents::documents(db, kind, None).await?);
    }
    Ok(all)
}

/// Checks the index against the database and says why it must be rebuilt, if it must: it is missing or
/// unreadable, it was built from another database, or it holds documents of records the database does not
/// have as public, or lacks some it has (a database restored from an older backup, an index that lost
/// writes). Records in motion (waiting in the outbox, set aside, or changed in the last minute) are left
/// out of the comparison, so other processes writing meanwhile do not count as a difference.
pub async fn check(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> Result<Option<&'static str>, RebuildError> {
    let database = identity::database_id(db).await?;
    // Taken before the index is read, so a record that changed while it was read counts as in motion.
    let since = now() - MARGIN;
    let built_for = match engine.built_for().await {
        Err(SearchError::Stale(_)) => return Ok(Some(stale::UNREADABLE)),
        other => other?,
    };
    let indexed: BTreeSet<String> = match engine.document_ids().await {
        Err(SearchError::Stale(_)) => return Ok(Some(stale::MISSING)),
        other => other?.into_iter().collect(),
    };
    match built_for {
        Some(id) if id == database => {}
        Some(_) => return Ok(Some(stale::OTHER_DATABASE)),
        // Never rebuilt: new, or older than the marker; an index with documents may be any database's.
        None if indexed.is_empty() => return Ok(Some(stale::MISSING)),
        None => return Ok(Some(stale::OTHER_DATABASE)),
    }
    // Read after the index, so a record the index got meanwhile is in motion or public here.
    let public: BTreeSet<String> = documents::public_document_ids(db)
        .await?
        .into_iter()
        .collect();
    let moving: BTreeSet<String> = outbox::in_motion(db, since).await?.into_iter().collect();
    let foreign = indexed
        .difference(&public)
        .filter(|id| !moving.contains(*id))
        .count();
    let lacking = public
        .difference(&indexed)
        .filter(|id| !moving.contains(*id))
        .count();
    if foreign > 0 || lacking > 0 {
        tracing::warn!(
            foreign,
            lacking,
            "the search index holds documents of records the database does not have, or lacks some it has"
        );
        return Ok(Some(stale::OUT_OF_STEP));
    }
    Ok(None)
}

/// [`check`], marking the index stale when it must be rebuilt; returns its state. The relay does this
/// first, and `lode serve` before it listens, so no search is answered from an index found wanting.
pub async fn verify(
    db: &DatabaseConnection,
    engine: &dyn SearchEngine,
) -> Result<IndexState, RebuildError> {
    if let Some(reason) = check(db, engine).await? {
        engine.mark_stale(reason);
    }
    Ok(engine.state())
}
