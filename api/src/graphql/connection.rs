//! Relay cursor connections: the one shape every list in the API has.

use crate::domain::page::{DEFAULT_PAGE_SIZE, Page, PageRequest};
use async_graphql::{Context, Enum, SimpleObject};

/// Declares the connection and edge types of one record type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        /// A page of a list, with its cursors and the size of the whole list.
        #[derive(SimpleObject)]
        pub struct $connection {
            /// The records of this page, each with its cursor.
            pub edges: Vec<$edge>,
            /// The records of this page.
            pub nodes: Vec<$node>,
            /// Where this page stands in the list.
            pub page_info: PageInfo,
            /// How many records the whole list holds (with the filter applied).
            pub total_count: u64,
        }

        /// A record in a page, with its cursor.
        #[derive(SimpleObject)]
        pub struct $edge {
            /// Pass this as `after` (or `before`) to read on from here.
            pub cursor: String,
            /// The record.
            pub node: $node,
        }

        impl $connection {
            /// Wraps a page of rows, turning each row into its GraphQL type.
            pub fn from_page<M>(page: Page<M>, node: impl Fn(M) -> $node) -> Self {
                let page_info = page_info(&page);
                let total_count = page.total.unwrap_or_default();
                let edges: Vec<$edge> = page
                    .rows
                    .into_iter()
                    .map(|(cursor, row)| $edge {
                        cursor,
                        node: node(row),
                    })
                    .collect();
                Self {
                    nodes: edges.iter().map(|e| e.node.clone()).collect(),
                    edges,
                    page_info,
                    total_count,
                }
            }
        }
    };
}

connection!(
    ValueDomainConnection,
    ValueDomainEdge,
    super::value_domains::ValueDomain
);
connection!(
    PilotCaseConnection,
    PilotCaseEdge,
    super::pilot_cases::PilotCase
);
connection!(PartnerConnection, PartnerEdge, super::partners::Partner);
connection!(
    CoCreationEventConnection,
    CoCreationEventEdge,
    super::events::CoCreationEvent
);
connection!(
    SuccessStoryConnection,
    SuccessStoryEdge,
    super::stories::SuccessStory
);
connection!(DatasetConnection, DatasetEdge, super::datasets::Dataset);
connection!(AccountConnection, AccountEdge, super::accounts::Account);
connection!(SurveyConnection, SurveyEdge, super::surveys::Survey);
connection!(
    AuditEntryConnection,
    AuditEntryEdge,
    super::accounts::AuditEntry
);

/// Where a page stands, from the page itself.
fn page_info<M>(page: &Page<M>) -> PageInfo {
    PageInfo {
        has_previous_page: page.has_previous,
        has_next_page: page.has_next,
        start_cursor: page.rows.first().map(|(cursor, _)| cursor.clone()),
        end_cursor: page.rows.last().map(|(cursor, _)| cursor.clone()),
    }
}

/// Where a page stands in its list.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// Whether records come before this page.
    pub has_previous_page: bool,
    /// Whether records come after this page.
    pub has_next_page: bool,
    /// The cursor of the first record of this page.
    pub start_cursor: Option<String>,
    /// The cursor of the last record of this page.
    pub end_cursor: Option<String>,
}

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first (A to Z, oldest first).
    #[default]
    Asc,
    /// Largest first (Z to A, newest first).
    Desc,
}

impl OrderDirection {
    /// Whether the order is largest first.
    pub fn descending(self) -> bool {
        self == OrderDirection::Desc
    }
}

/// The page a list field's arguments ask for.
pub fn page_request(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> PageRequest {
    PageRequest {
        first,
        after,
        last,
        before,
    }
}

/// What a list field costs in the schema's complexity budget: its fields once per record it may return
/// (`first` or `last`, by default a default page), as GitHub's GraphQL API counts nodes.
pub fn cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let records = first.or(last).map_or(DEFAULT_PAGE_SIZE, |n| {
        u64::try_from(n.clamp(1, 100)).unwrap_or(1)
    });
    usize::try_from(records)
        .unwrap_or(1)
        .saturating_mul(child_complexity)
        .saturating_add(1)
}

/// How many records a list without paging counts for in the cost. Such lists (a domain's cases, a case's
/// members) are short in practice; one that is longer is still bounded by the response budget
/// (see [`super::budget`]).
pub const UNPAGED_LIST_RECORDS: usize = 20;

/// What a list without paging costs: its fields once for each of [`UNPAGED_LIST_RECORDS`] records.
pub fn unpaged_cost(child_complexity: usize) -> usize {
    UNPAGED_LIST_RECORDS
        .saturating_mul(child_complexity)
        .saturating_add(1)
}

/// Whether the query asks for `totalCount`, so the count query runs only when it is read.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}
