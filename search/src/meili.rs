//! The Meilisearch engine, used when `MEILI_URL` is set. Its settings are declared here and applied before
//! any document; documents are written in tasks whose completion is awaited (only ever from the background
//! relay and from `lode reindex`, never inside a request).

use crate::document::{FACET_FIELDS, sorted_facet};
use crate::text;
use crate::{Hit, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults};
use async_trait::async_trait;
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::errors::{Error, ErrorCode};
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

/// A search engine backed by a Meilisearch server.
pub struct MeiliEngine {
    client: Client,
    index: String,
}

fn classify(err: Error) -> SearchError {
    match err {
        Error::Meilisearch(e) => SearchError::Rejected(e.error_message),
        other => SearchError::Unavailable(other.to_string()),
    }
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
        })
    }

    /// The index settings: what is searched (in rank order), filtered and counted, and how typos count.
    fn settings() -> Settings {
        Settings::new()
            .with_searchable_attributes(["title", "tags", "summary", "body"])
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

    /// The filter expression for a request: built from typed values only, every value quoted.
    fn filter(request: &SearchRequest) -> String {
        let f = &request.filter;
        let kinds: Vec<String> = f.kinds.iter().map(|k| k.as_str().to_owned()).collect();
        let mut parts: Vec<String> = [
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
        })
        .collect();
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
                .add_or_replace(&documents, Some("id"))
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

    async fn rebuild(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        let fresh = format!("{}_rebuild_{}", self.index, uuid::Uuid::now_v7().simple());
        self.create_with_settings(&fresh).await?;
        for chunk in documents.chunks(1_000) {
            self.finish(
                self.client
                    .index(&fresh)
                    .add_or_replace(chunk, Some("id"))
                    .await,
            )
            .await?;
        }
        self.prepare().await?;
        let swap = SwapIndexes {
            indexes: (self.index.clone(), fresh.clone()),
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
        // After the swap the fresh name holds the old documents.
        self.finish(self.client.index(&fresh).delete().await).await
    }

    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let index = self.client.index(&self.index);
        let filter = Self::filter(request);
        let mut query = index.search();
        query
            .with_query(&request.query)
            .with_offset(request.offset)
            .with_limit(request.limit)
            // Every word must match, as in the embedded engine.
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_facets(Selectors::Some(&FACET_FIELDS));
        if !filter.is_empty() {
            query.with_filter(&filter);
        }
        let results = match query.execute::<SearchDocument>().await {
            Ok(results) => results,
            // Before the relay has prepared the index there is nothing to find yet.
            Err(Error::Meilisearch(e)) if e.error_code == ErrorCode::IndexNotFound => {
                return Ok(SearchResults::default());
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
}
