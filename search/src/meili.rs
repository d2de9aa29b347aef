//! The Meilisearch engine, used when `MEILI_URL` is set. Its settings are declared here and applied before
//! any document; documents are written in tasks whose completion is awaited (only ever from the background
//! relay and from `lode reindex`, never inside a request).
//!
//! Beside the records, the index holds one marker document (`kind` `DATABASE`) naming the database it was
//! rebuilt from; searches and listings leave it out. A refused API key is reported as unavailability, with
//! a log line saying what to fix.

use crate::document::{FACET_FIELDS, sorted_facet};
use crate::text;
use crate::{
    Hit, IndexState, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults,
    Trust, stale,
};
use async_trait::async_trait;
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::documents::DocumentsQuery;
use meilisearch_sdk::errors::{Error, ErrorCode, ErrorType};
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{
    MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use std::time::Duration;

/// How often a task's status is asked for.
const TASK_POLL: Duration = Duration::from_millis(50);
/// How long a task may take before the work counts as failed (and is retried later).
const TASK_TIMEOUT: Duration = Duration::from_secs(60);

/// The id of the marker document naming the database the index was rebuilt from.
const MARKER_ID: &str = "lode-database";
/// The marker document's `kind`, which no record has.
const MARKER_KIND: &str = "DATABASE";
/// The filter that leaves the marker document out.
const NOT_MARKER: &str = "kind != \"DATABASE\"";

/// The marker document.
#[derive(serde::Serialize, serde::Deserialize)]
struct Marker {
    id: String,
    kind: String,
    database: String,
    /// The form of the documents the index holds ([`DOCUMENT_FORMAT`]); 0 in an index built before it
    /// was recorded.
    #[serde(default)]
    format: u32,
}

/// The form of the documents: raised when what a document holds changes (2: the parts of compounds, an
/// event's value domain and pilot case), so an index built before is rebuilt rather than searched.
const DOCUMENT_FORMAT: u32 = 2;

/// A search document as Meilisearch holds it: with the parts of its compounds, searched last, so a word is
/// found inside a compound as on the embedded engine.
#[derive(serde::Serialize)]
struct Indexed<'a> {
    #[serde(flatten)]
    document: &'a SearchDocument,
    parts: String,
}

/// The documents as Meilisearch holds them.
fn indexed(documents: &[SearchDocument]) -> Vec<Indexed<'_>> {
    documents
        .iter()
        .map(|document| Indexed {
            document,
            parts: document.compound_parts(),
        })
        .collect()
}

/// A document's id alone.
#[derive(serde::Deserialize)]
struct IdOnly {
    id: String,
}

/// A search engine backed by a Meilisearch server.
pub struct MeiliEngine {
    client: Client,
    index: String,
    trust: Trust,
}

fn classify(err: Error) -> SearchError {
    let status = match &err {
        Error::Meilisearch(e) if e.error_type == ErrorType::Auth => Some(0),
        Error::MeilisearchCommunication(e) => Some(e.status_code),
        _ => None,
    };
    if matches!(status, Some(0 | 401 | 403)) {
        // Not a fault of the request: the key is wrong or lacks a right, and retrying helps once it is fixed.
        tracing::error!(
            error = %err,
            "Meilisearch refused the API key: set MEILI_API_KEY to a key for the indexes named with \
             LODE's prefix, with the actions search, documents.*, indexes.*, settings.*, tasks.get and \
             indexes.swap (see the README)"
        );
        return SearchError::Unavailable("Meilisearch refused the API key".to_owned());
    }
    match err {
        Error::Meilisearch(e) => SearchError::Rejected(e.error_message),
        other => SearchError::Unavailable(other.to_string()),
    }
}

/// Whether an error says the index does not exist.
fn index_not_found(err: &Error) -> bool {
    matches!(err, Error::Meilisearch(e) if e.error_code == ErrorCode::IndexNotFound)
}

/// Quotes a value for a Meilisearch filter expression.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

impl MeiliEngine {
    /// An engine over the server at `url`, with an API key scoped to LODE's indexes; all its indexes are
    /// named with `prefix` (`lode_` by default).
    pub fn new(url: &str, api_key: Option<&str>, prefix: &str) -> Result<MeiliEngine, SearchError> {
        let client = Client::new(url, api_key).map_err(classify)?;
        Ok(MeiliEngine {
            client,
            index: format!("{prefix}records"),
            trust: Trust::default(),
        })
    }

    /// The index settings: what is searched (in rank order), filtered and counted, and how typos count.
    fn settings() -> Settings {
        Settings::new()
            .with_searchable_attributes(["title", "tags", "summary", "body", "parts"])
            .with_filterable_attributes(FACET_FIELDS.into_iter().chain(["starts_at"]))
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                min_word_size_for_typos: Some(MinWordSizeForTypos {
                    one_typo: Some(5),
                    two_typos: Some(9),
                }),
                ..Default::default()
            })
            .with_synonyms(text::synonym_groups().clone())
            // Exactness before attribute: a record with the very word typed ranks above one that has only
            // its synonym, in whatever field, as on the embedded engine.
            .with_ranking_rules([
                "words",
                "typo",
                "proximity",
                "exactness",
                "attribute",
                "sort",
            ])
            .with_pagination(PaginationSetting {
                max_total_hits: 100_000,
            })
    }

    /// Waits for a task and reports its failure.
    async fn finish(&self, task: Result<TaskInfo, Error>) -> Result<(), SearchError> {
        let task = task
            .map_err(classify)?
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
            .await
            .map_err(classify)?;
        if task.is_failure() {
            return Err(SearchError::Rejected(task.unwrap_failure().error_message));
        }
        Ok(())
    }

    /// Creates an index (if missing) and applies the settings to it.
    /// Fills the index `fresh` with `documents` and the database marker, and swaps it with the live one.
    async fn build_and_swap(
        &self,
        fresh: &str,
        documents: &[SearchDocument],
        database: &str,
    ) -> Result<(), SearchError> {
        self.create_with_settings(fresh).await?;
        for chunk in documents.chunks(1_000) {
            self.finish(
                self.client
                    .index(fresh)
                    .add_or_replace(&indexed(chunk), Some("id"))
                    .await,
            )
            .await?;
        }
        // In the fresh index, so it is swapped in together with the documents it describes.
        let marker = Marker {
            id: MARKER_ID.to_owned(),
            kind: MARKER_KIND.to_owned(),
            database: database.to_owned(),
            format: DOCUMENT_FORMAT,
        };
        self.finish(
            self.client
                .index(fresh)
                .add_or_replace(&[marker], Some("id"))
                .await,
        )
        .await?;
        self.prepare().await?;
        let swap = SwapIndexes {
            indexes: (self.index.clone(), fresh.to_owned()),
            rename: None,
        };
        self.client.swap_indexes([&swap]).await.map_err(classify)?;
        // A key scoped to LODE's indexes cannot read the swap task, which belongs to no index; but a task on
        // an index runs after the swap that touches it, so one on the live index marks the swap's end.
        let barrier = ["lode-swap-barrier"];
        self.finish(
            self.client
                .index(&self.index)
                .delete_documents(&barrier)
                .await,
        )
        .await?;
        Ok(())
    }

    async fn create_with_settings(&self, uid: &str) -> Result<(), SearchError> {
        if self.client.get_index(uid).await.is_err() {
            let created = self.client.create_index(uid, Some("id")).await;
            // Another process may have created it meanwhile: that is fine.
            if let Err(SearchError::Unavailable(e)) = self.finish(created).await {
                return Err(SearchError::Unavailable(e));
            }
        }
        self.finish(self.client.index(uid).set_settings(&Self::settings()).await)
            .await
    }

    /// The filter expression for a request: built from typed values only, every value quoted; the marker
    /// document is always left out.
    fn filter(request: &SearchRequest) -> String {
        let f = &request.filter;
        let kinds: Vec<String> = f.kinds.iter().map(|k| k.as_str().to_owned()).collect();
        let mut parts: Vec<String> = vec![NOT_MARKER.to_owned()];
        parts.extend(
            [
                ("kind", &kinds),
                ("cities", &f.cities),
                ("stakeholder_types", &f.stakeholder_types),
                ("value_domain_ids", &f.value_domain_ids),
                ("status", &f.statuses),
            ]
            .into_iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(field, values)| {
                format!(
                    "{field} IN [{}]",
                    values
                        .iter()
                        .map(|v| quoted(v))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        );
        if let Some(from) = f.starts_from {
            parts.push(format!("starts_at >= {from}"));
        }
        if let Some(before) = f.starts_before {
            parts.push(format!("starts_at < {before}"));
        }
        parts.join(" AND ")
    }

    /// Deletes the whole index (used by tests to clean up).
    pub async fn drop_index(&self) -> Result<(), SearchError> {
        self.finish(self.client.index(&self.index).delete().await)
            .await
    }
}

#[async_trait]
impl SearchEngine for MeiliEngine {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        self.create_with_settings(&self.index).await
    }

    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        if documents.is_empty() {
            return Ok(());
        }
        self.finish(
            self.client
                .index(&self.index)
                .add_or_replace(&indexed(&documents), Some("id"))
                .await,
        )
        .await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.finish(self.client.index(&self.index).delete_documents(&ids).await)
            .await
    }

    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError> {
        let fresh = format!("{}_rebuild_{}", self.index, uuid::Uuid::now_v7().simple());
        if let Err(err) = self.build_and_swap(&fresh, &documents, database).await {
            // Each attempt makes a full index of its own: one that failed must not stay behind.
            if let Err(e) = self.finish(self.client.index(&fresh).delete().await).await {
                tracing::warn!(error = %e, index = %fresh, "a failed rebuild's index could not be removed");
            }
            return Err(err);
        }
        // After the swap the fresh name holds the old documents. The new index is live whatever happens
        // to them: a failed removal is only logged.
        if let Err(e) = self.finish(self.client.index(&fresh).delete().await).await {
            tracing::warn!(error = %e, index = %fresh, "the index replaced by a rebuild could not be removed");
        }
        self.trust.restore();
        Ok(())
    }

    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.trust.check()?;
        let index = self.client.index(&self.index);
        let filter = Self::filter(request);
        // Every run of words must match, as on the embedded engine; when no record has them all, the last
        // runs are dropped one at a time until some record matches. Meilisearch's synonyms match only the
        // phrase as the vocabulary spells it, so a typo in one is put right first.
        let mut found = None;
        for text in text::spelled_queries(&request.query) {
            let mut query = index.search();
            query
                .with_query(&text)
                .with_offset(request.offset)
                .with_limit(request.limit)
                .with_matching_strategy(MatchingStrategies::ALL)
                .with_facets(Selectors::Some(&FACET_FIELDS))
                .with_filter(&filter);
            let answer = query.execute::<SearchDocument>().await;
            let none = matches!(&answer, Ok(r) if r.estimated_total_hits.unwrap_or_default() == 0);
            found = Some(answer);
            if !none {
                break;
            }
        }
        let Some(found) = found else {
            return Err(SearchError::Unavailable("no query was sent".to_owned()));
        };
        let results = match found {
            Ok(results) => results,
            // Deleted, or not made yet: an empty answer would be wrong, so it waits for its rebuild.
            Err(err) if index_not_found(&err) => {
                self.trust.distrust(stale::MISSING);
                return Err(SearchError::Stale(stale::MISSING.to_owned()));
            }
            // The filters are built from typed values and the settings make them valid; refused, the index
            // lost its settings (deleted, then made bare by a write).
            Err(Error::Meilisearch(e))
                if matches!(
                    e.error_code,
                    ErrorCode::InvalidSearchFilter | ErrorCode::InvalidSearchFacets
                ) =>
            {
                tracing::warn!(error = %e, "the Meilisearch index lacks LODE's settings");
                self.trust.distrust(stale::MISSING);
                return Err(SearchError::Stale(stale::MISSING.to_owned()));
            }
            Err(other) => return Err(classify(other)),
        };
        let words = text::query_words(&request.query);
        let hits = results
            .hits
            .into_iter()
            .map(|hit| Hit {
                highlights: text::highlights(&hit.result, &words),
                id: hit.result.id,
                kind: hit.result.kind,
                record_id: hit.result.record_id,
            })
            .collect();
        let distribution = results.facet_distribution.unwrap_or_default();
        let facets = FACET_FIELDS
            .iter()
            .map(|field| {
                let counts = distribution.get(*field).cloned().unwrap_or_default();
                sorted_facet(
                    field,
                    counts
                        .into_iter()
                        .map(|(value, count)| (value, count as u64)),
                )
            })
            .collect();
        Ok(SearchResults {
            total: results.estimated_total_hits.unwrap_or_default() as u64,
            hits,
            facets,
        })
    }

    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        match self
            .client
            .index(&self.index)
            .get_document::<Marker>(MARKER_ID)
            .await
        {
            Ok(marker) if marker.format == DOCUMENT_FORMAT => Ok(Some(marker.database)),
            // Documents of an older form: as if there were no index, which is rebuilt.
            Ok(_) => Ok(None),
            Err(Error::Meilisearch(e))
                if matches!(
                    e.error_code,
                    ErrorCode::IndexNotFound | ErrorCode::DocumentNotFound
                ) =>
            {
                Ok(None)
            }
            Err(other) => Err(classify(other)),
        }
    }

    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        const PAGE: usize = 1_000;
        let index = self.client.index(&self.index);
        let mut ids = Vec::new();
        loop {
            let page = match DocumentsQuery::new(&index)
                .with_fields(["id"])
                .with_filter(NOT_MARKER)
                .with_offset(ids.len())
                .with_limit(PAGE)
                .execute::<IdOnly>()
                .await
            {
                Ok(page) => page,
                Err(err) if index_not_found(&err) => return Ok(Vec::new()),
                // A bare index (made by a write after it was deleted) cannot filter: it is no index of ours.
                Err(Error::Meilisearch(e)) if e.error_code == ErrorCode::InvalidDocumentFilter => {
                    return Err(SearchError::Stale(stale::MISSING.to_owned()));
                }
                Err(other) => return Err(classify(other)),
            };
            let count = page.results.len();
            ids.extend(page.results.into_iter().map(|doc| doc.id));
            if count < PAGE {
                return Ok(ids);
            }
        }
    }

    fn state(&self) -> IndexState {
        self.trust.state()
    }

    fn mark_stale(&self, reason: &str) {
        self.trust.distrust(reason);
    }
}
