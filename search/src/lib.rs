//! LODE's search: the public search documents, the engines that index and query them, and the contract
//! every engine honours.
//!
//! Two engines implement [`SearchEngine`]: [`embedded::EmbeddedEngine`] (tantivy, persisted on disk, the
//! default) and [`meili::MeiliEngine`] (a Meilisearch server). Both index one [`SearchDocument`] per public
//! record in a single index, so one query ranks every kind of record together, facets count across kinds,
//! and a rebuild swaps one index atomically. Both use the same [`text`] rules for typos, prefixes,
//! synonyms (the concepts of the [`vocabulary`] matching uses too), parts of compounds and highlights, so
//! they answer alike.
//!
//! Every rebuild records in the index which database it was built from ([`SearchEngine::built_for`]), so an
//! index left from another database is noticed; an index that cannot be trusted (missing, damaged, built
//! for another database, out of step) is marked stale and answers [`SearchError::Stale`] until it is
//! rebuilt, rather than wrong results.

pub mod document;
pub mod embedded;
pub mod meili;
pub mod text;
pub mod vocabulary;

pub use document::{
    Facet, FacetValue, Hit, Kind, SearchDocument, SearchFilter, SearchRequest, SearchResults,
};

use async_trait::async_trait;
use std::sync::RwLock;

/// Why a search engine call failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine could not be reached or did not answer in time; worth retrying later.
    #[error("the search engine is unavailable: {0}")]
    Unavailable(String),
    /// The engine refused the work; retrying the same work will not help.
    #[error("the search engine refused the work: {0}")]
    Rejected(String),
    /// The index cannot be trusted until it is rebuilt (missing, damaged, built for another database, or
    /// out of step with it); the reason is one of the short texts of [`IndexState::Stale`].
    #[error("the search index must be rebuilt: {0}")]
    Stale(String),
}

/// Whether an engine's index can be trusted, as far as this process knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    /// It answers truthfully (it may still lag behind by the records waiting in the outbox).
    Ready,
    /// It must be rebuilt first: `missing`, `unreadable`, `built for another database` or `out of step
    /// with the database`.
    Stale(String),
}

/// The reasons an index is stale, as [`IndexState::Stale`] and `/ready` give them.
pub mod stale {
    /// There is no index (never built, or deleted).
    pub const MISSING: &str = "missing";
    /// The index cannot be read (damaged files, another layout).
    pub const UNREADABLE: &str = "unreadable";
    /// The index was built from another database (a fresh or other database pointed at an old index).
    pub const OTHER_DATABASE: &str = "built for another database";
    /// The index holds documents of records the database does not have, or lacks some it has (a database
    /// restored from a backup, say).
    pub const OUT_OF_STEP: &str = "out of step with the database";
}

/// The trust one process puts in an engine's index: shared by everything using the engine, set by whoever
/// finds the index wanting, restored by a rebuild.
#[derive(Debug, Default)]
pub struct Trust {
    stale: RwLock<Option<String>>,
}

impl Trust {
    /// The index's state.
    pub fn state(&self) -> IndexState {
        match &*self.stale.read().unwrap_or_else(|p| p.into_inner()) {
            None => IndexState::Ready,
            Some(reason) => IndexState::Stale(reason.clone()),
        }
    }

    /// Marks the index stale; it stays so until [`Trust::restore`].
    pub fn distrust(&self, reason: &str) {
        let mut stale = self.stale.write().unwrap_or_else(|p| p.into_inner());
        if stale.is_none() {
            tracing::warn!(reason, "the search index must be rebuilt");
            *stale = Some(reason.to_owned());
        }
    }

    /// Trusts the index again, after a rebuild.
    pub fn restore(&self) {
        *self.stale.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The error a stale index answers searches with, if it is stale.
    pub fn check(&self) -> Result<(), SearchError> {
        match self.state() {
            IndexState::Ready => Ok(()),
            IndexState::Stale(reason) => Err(SearchError::Stale(reason)),
        }
    }
}

/// A search engine holding the public search documents.
#[async_trait]
pub trait SearchEngine: Send + Sync {
    /// The engine's name, for status reports (`embedded`, `meilisearch`).
    fn name(&self) -> &'static str;

    /// Creates the index if needed and applies its settings, before any document is written.
    async fn prepare(&self) -> Result<(), SearchError>;

    /// Adds or replaces documents, returning once they are searchable.
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError>;

    /// Removes documents by id, returning once they are gone from results.
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError>;

    /// Builds a fresh index from `documents`, marked as built from the database `database`, and swaps it in
    /// for the live one in one step, so search never answers from a half-built index. The index is trusted
    /// again afterwards.
    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError>;

    /// Runs a search; a stale index answers [`SearchError::Stale`].
    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError>;

    /// The database the live index was last rebuilt from, or `None` when it was never rebuilt (or is
    /// missing).
    async fn built_for(&self) -> Result<Option<String>, SearchError>;

    /// The id of every document in the index.
    async fn document_ids(&self) -> Result<Vec<String>, SearchError>;

    /// Whether the index can be trusted.
    fn state(&self) -> IndexState;

    /// Marks the index stale (`reason` as in [`IndexState::Stale`]) until the next rebuild.
    fn mark_stale(&self, reason: &str);
}
