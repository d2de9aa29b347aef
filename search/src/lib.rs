//! LODE's search: the public search documents, the engines that index and query them, and the contract
//! every engine honours.
//!
//! Two engines implement [`SearchEngine`]: [`embedded::EmbeddedEngine`] (tantivy, persisted on disk, the
//! default) and [`meili::MeiliEngine`] (a Meilisearch server). Both index one [`SearchDocument`] per public
//! record in a single index, so one query ranks every kind of record together, facets count across kinds,
//! and a rebuild swaps one index atomically. Both use the same [`text`] rules for typos, prefixes and
//! highlights, so they answer alike.

pub mod document;
pub mod embedded;
pub mod meili;
pub mod text;

pub use document::{
    Facet, FacetValue, Hit, Kind, SearchDocument, SearchFilter, SearchRequest, SearchResults,
};

use async_trait::async_trait;

/// Why a search engine call failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine could not be reached or did not answer in time; worth retrying later.
    #[error("the search engine is unavailable: {0}")]
    Unavailable(String),
    /// The engine refused the work; retrying the same work will not help.
    #[error("the search engine refused the work: {0}")]
    Rejected(String),
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

    /// Builds a fresh index from `documents` and swaps it in for the live one in one step, so search never
    /// answers from a half-built index.
    async fn rebuild(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError>;

    /// Runs a search.
    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError>;
}
