//! `search` and `searchStatus`: one query over every public record, and how far the index lags behind.

use super::connection::PageInfo;
use super::ids::{self, Kind as IdKind};
use super::loaders::ById;
use super::{
    datasets::Dataset, db, events::CoCreationEvent, load_one, partners::Partner,
    pilot_cases::PilotCase, stories::SuccessStory, value_domains::ValueDomain,
};
use crate::error::{ApiError, ApiResult};
use crate::indexing::{SharedEngine, outbox};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Union};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use entities::values::{City, StakeholderType};
use entities::{dataset, event, partner, pilot_case, success_story, value_domain};
use search::{Kind, SearchError, SearchFilter as EngineFilter, SearchRequest};
use uuid::Uuid;

/// The longest query accepted.
pub const MAX_QUERY_CHARS: usize = 500;

/// The kinds of record a search finds.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "search::Kind")]
pub enum SearchKind {
    /// Value domains.
    ValueDomain,
    /// Pilot cases.
    PilotCase,
    /// Partners.
    Partner,
    /// Co-creation events.
    Event,
    /// Success stories.
    SuccessStory,
    /// Datasets.
    Dataset,
}

/// The statuses public records can have, across kinds.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SearchStatusValue {
    /// A value domain under consideration.
    Candidate,
    /// A chosen value domain.
    Selected,
    /// A proposed pilot case.
    Proposed,
    /// A pilot case being prepared.
    Preparing,
    /// A running pilot case.
    Running,
    /// A pilot case being evaluated.
    Evaluating,
    /// A completed pilot case or event.
    Completed,
    /// A stopped pilot case.
    Stopped,
    /// An approved partner.
    Approved,
    /// A published event or story.
    Published,
    /// A cancelled event.
    Cancelled,
    /// A dataset.
    Available,
}

impl SearchStatusValue {
    fn as_str(self) -> &'static str {
        match self {
            Self::Candidate => "CANDIDATE",
            Self::Selected => "SELECTED",
            Self::Proposed => "PROPOSED",
            Self::Preparing => "PREPARING",
            Self::Running => "RUNNING",
            Self::Evaluating => "EVALUATING",
            Self::Completed => "COMPLETED",
            Self::Stopped => "STOPPED",
            Self::Approved => "APPROVED",
            Self::Published => "PUBLISHED",
            Self::Cancelled => "CANCELLED",
            Self::Available => "AVAILABLE",
        }
    }
}

/// Which records a search may return: typed values only, so no filter syntax can be injected. Every
/// condition given must hold; within one, any value may match.
#[derive(InputObject, Default)]
pub struct SearchFilter {
    /// Only these kinds of record.
    kinds: Option<Vec<SearchKind>>,
    /// Only records of these cities.
    cities: Option<Vec<City>>,
    /// Only records concerning these stakeholder types.
    stakeholder_types: Option<Vec<StakeholderType>>,
    /// Only records of these value domains.
    value_domain_ids: Option<Vec<ID>>,
    /// Only records with these statuses.
    statuses: Option<Vec<SearchStatusValue>>,
    /// Only events starting at or after this instant.
    starts_from: Option<DateTime<Utc>>,
    /// Only events starting before this instant.
    starts_before: Option<DateTime<Utc>>,
}

impl TryFrom<SearchFilter> for EngineFilter {
    type Error = ApiError;
    fn try_from(filter: SearchFilter) -> ApiResult<Self> {
        use sea_orm::ActiveEnum;
        let value_domain_ids = filter
            .value_domain_ids
            .unwrap_or_default()
            .iter()
            .map(|id| {
                ids::decode("filter.valueDomainIds", id, IdKind::ValueDomain).map(|u| u.to_string())
            })
            .collect::<ApiResult<_>>()?;
        Ok(Self {
            kinds: filter
                .kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            cities: filter
                .cities
                .unwrap_or_default()
                .iter()
                .map(ActiveEnum::to_value)
                .collect(),
            stakeholder_types: filter
                .stakeholder_types
                .unwrap_or_default()
                .iter()
                .map(ActiveEnum::to_value)
                .collect(),
            value_domain_ids,
            statuses: filter
                .statuses
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            starts_from: filter.starts_from.map(|t| t.timestamp()),
            starts_before: filter.starts_before.map(|t| t.timestamp()),
        })
    }
}

/// A record a search found.
#[derive(Union)]
pub enum SearchRecord {
    /// A value domain.
    ValueDomain(ValueDomain),
    /// A pilot case.
    PilotCase(PilotCase),
    /// A partner.
    Partner(Partner),
    /// A co-creation event.
    CoCreationEvent(CoCreationEvent),
    /// A success story.
    SuccessStory(SuccessStory),
    /// A dataset.
    Dataset(Dataset),
}

/// A matched field in context.
#[derive(SimpleObject)]
pub struct SearchHighlight {
    /// The field: `title`, `summary`, `body` or `tags`.
    field: String,
    /// Its text, HTML-escaped, with the matched words in `<mark>…</mark>` (the only markup), cropped
    /// around the first match for long fields.
    snippet: String,
}

/// One search hit: its record, with the hit's cursor, kind and highlights.
pub struct SearchResultEdge {
    cursor: String,
    kind: Kind,
    node: SearchRecord,
    highlights: Vec<(String, String)>,
}

/// One search hit, best first: its record, with the hit's cursor, kind and highlights.
#[Object]
impl SearchResultEdge {
    /// Pass this as `after` to read on from here.
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    /// The record found.
    async fn node(&self) -> &SearchRecord {
        &self.node
    }
    /// The kind of record.
    async fn kind(&self) -> SearchKind {
        self.kind.into()
    }
    /// The matched fields in context.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn highlights(&self) -> Vec<SearchHighlight> {
        self.highlights
            .iter()
            .map(|(field, snippet)| SearchHighlight {
                field: field.clone(),
                snippet: snippet.clone(),
            })
            .collect()
    }
}

/// The record behind a hit, if the public still sees it: the index follows the database a moment later,
/// so a record may have left public view (or the database) since it was indexed.
async fn public_record(ctx: &Context<'_>, kind: Kind, id: Uuid) -> ApiResult<Option<SearchRecord>> {
    Ok(match kind {
        Kind::ValueDomain => load_one(ctx, ById::<value_domain::Entity>::new(id))
            .await?
            .filter(value_domain::Model::is_public)
            .map(|m| SearchRecord::ValueDomain(ValueDomain(m))),
        Kind::PilotCase => load_one(ctx, ById::<pilot_case::Entity>::new(id))
            .await?
            .map(|m| SearchRecord::PilotCase(PilotCase(m))),
        Kind::Partner => load_one(ctx, ById::<partner::Entity>::new(id))
            .await?
            .filter(partner::Model::is_public)
            .map(|m| SearchRecord::Partner(Partner(m))),
        Kind::Event => load_one(ctx, ById::<event::Entity>::new(id))
            .await?
            .filter(event::Model::is_public)
            .map(|m| SearchRecord::CoCreationEvent(CoCreationEvent(m))),
        Kind::SuccessStory => load_one(ctx, ById::<success_story::Entity>::new(id))
            .await?
            .filter(success_story::Model::is_public)
            .map(|m| SearchRecord::SuccessStory(SuccessStory(m))),
        Kind::Dataset => load_one(ctx, ById::<dataset::Entity>::new(id))
            .await?
            .map(|m| SearchRecord::Dataset(Dataset(m))),
    })
}

/// One value of a facet and how many hits have it.
#[derive(SimpleObject)]
pub struct SearchFacetValue {
    /// The value (a kind, city, stakeholder type, value domain id or status).
    value: String,
    /// How many hits have it.
    count: u64,
}

/// How the hits divide over the values of one filterable field.
#[derive(SimpleObject)]
pub struct SearchFacet {
    /// The field: `kind`, `cities`, `stakeholder_types`, `value_domain_ids` or `status`.
    field: String,
    /// Its values, most frequent first.
    values: Vec<SearchFacetValue>,
}

/// A page of search hits with the facets of all of them: a Relay connection.
#[derive(SimpleObject)]
pub struct SearchResultConnection {
    /// How many records match in all.
    total_count: u64,
    /// This page of hits, best first. A hit whose record left public view after it was indexed is left
    /// out, so a page may hold fewer than asked while `pageInfo` still pages on past it.
    edges: Vec<SearchResultEdge>,
    /// Counts per value of every filterable field, over all matching records.
    facets: Vec<SearchFacet>,
    /// Where this page stands.
    page_info: PageInfo,
    /// When the query found nothing: a query that finds something with the same filter (words of the
    /// vocabulary closest to those typed), to offer as "did you mean"; null otherwise.
    suggestion: Option<String>,
}

/// How far the search index lags behind the database.
#[derive(SimpleObject)]
pub struct SearchStatus {
    /// The engine in use: `embedded` or `meilisearch`.
    engine: String,
    /// Changed records not yet in the index.
    pending_updates: u64,
    /// How long the oldest of them has waited, in seconds.
    oldest_pending_seconds: Option<f64>,
    /// Records set aside after the engine refused them repeatedly.
    failed_updates: u64,
}

/// The query to offer instead of one that found nothing ([`search::text::suggestion`]), when it finds
/// something with the same filter; a failure to ask leaves it out.
async fn suggest(engine: &SharedEngine, request: &SearchRequest) -> Option<String> {
    let query = search::text::suggestion(&request.query)?;
    let again = SearchRequest {
        query: query.clone(),
        filter: request.filter.clone(),
        offset: 0,
        limit: 1,
    };
    let found = engine.search(&again).await.ok()?;
    (found.total > 0).then_some(query)
}

fn cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("search:{offset}"))
}

fn offset_after(after: &str) -> ApiResult<usize> {
    let invalid = || ApiError::invalid("after", "after is not a cursor of this search");
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(after).map_err(|_| invalid())?)
        .map_err(|_| invalid())?;
    let offset: usize = text
        .strip_prefix("search:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(invalid)?;
    Ok(offset + 1)
}

/// The search queries.
#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Searches every public record: typo tolerant, prefix matching on the last word, accents ignored;
    /// ranked, with highlighted snippets and facet counts.
    #[graphql(complexity = "super::connection::cost(first, None, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for; empty lists everything the filter allows.")]
        query: String,
        #[graphql(desc = "Which records may match.")] filter: Option<SearchFilter>,
        #[graphql(desc = "How many hits to return (at most 100; 20 when left out).")] first: Option<
            i32,
        >,
        #[graphql(desc = "Return the hits after this cursor.")] after: Option<String>,
    ) -> ApiResult<SearchResultConnection> {
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::invalid(
                "query",
                format!("query may be at most {MAX_QUERY_CHARS} characters long"),
            ));
        }
        let limit = usize::try_from(first.unwrap_or(20))
            .ok()
            .filter(|n| *n <= 100)
            .ok_or_else(|| ApiError::invalid("first", "first must be between 0 and 100"))?;
        let offset = after.as_deref().map(offset_after).transpose()?.unwrap_or(0);
        let request = SearchRequest {
            query,
            filter: filter.unwrap_or_default().try_into()?,
            offset,
            limit,
        };
        let engine = ctx.data_unchecked::<SharedEngine>();
        let results = engine.search(&request).await.map_err(|err| match err {
            SearchError::Unavailable(reason) => {
                tracing::warn!(%reason, "search is unavailable");
                ApiError::Unavailable(
                    "search is unavailable right now; try again in a moment".to_owned(),
                )
            }
            SearchError::Stale(reason) => {
                tracing::warn!(%reason, "search waits for the index to be rebuilt");
                ApiError::Unavailable(
                    "the search index is being rebuilt from the database; try again in a minute"
                        .to_owned(),
                )
            }
            SearchError::Rejected(reason) => {
                tracing::error!(%reason, "the search engine refused a query");
                ApiError::Internal
            }
        })?;
        let suggestion = if results.total == 0 {
            suggest(engine, &request).await
        } else {
            None
        };
        let count = results.hits.len();
        let records = futures_util::future::try_join_all(
            results
                .hits
                .iter()
                .map(|hit| public_record(ctx, hit.kind, hit.record_id)),
        )
        .await?;
        let edges: Vec<SearchResultEdge> = results
            .hits
            .into_iter()
            .zip(records)
            .enumerate()
            .filter_map(|(i, (hit, record))| {
                Some(SearchResultEdge {
                    cursor: cursor(offset + i),
                    kind: hit.kind,
                    node: record?,
                    highlights: hit.highlights,
                })
            })
            .collect();
        let facets = results
            .facets
            .into_iter()
            .map(|facet| SearchFacet {
                field: facet.field,
                values: facet
                    .values
                    .into_iter()
                    .map(|v| SearchFacetValue {
                        value: v.value,
                        count: v.count,
                    })
                    .collect(),
            })
            .collect();
        Ok(SearchResultConnection {
            page_info: PageInfo {
                has_previous_page: offset > 0,
                has_next_page: (offset + count) < results.total as usize,
                // `endCursor` is the position of the last hit read, whether or not its record is still
                // public: paging on from it skips no hit and repeats none, also after a page of hits that
                // were all left out.
                start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                end_cursor: (count > 0).then(|| cursor(offset + count - 1)),
            },
            total_count: results.total,
            edges,
            facets,
            suggestion,
        })
    }

    /// How far the search index lags behind the database (public, like `/ready`: counts only).
    async fn search_status(&self, ctx: &Context<'_>) -> ApiResult<SearchStatus> {
        let status = outbox::status(db(ctx)).await?;
        Ok(SearchStatus {
            engine: ctx.data_unchecked::<SharedEngine>().name().to_owned(),
            pending_updates: status.pending,
            oldest_pending_seconds: status.oldest_pending.map(|d| d.as_secs_f64()),
            failed_updates: status.failed,
        })
    }
}
