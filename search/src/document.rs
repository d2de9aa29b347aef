//! What is indexed and what a search asks and answers, the same for every engine.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of record that are searchable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// A value domain.
    ValueDomain,
    /// A pilot case.
    PilotCase,
    /// A partner.
    Partner,
    /// A co-creation event.
    Event,
    /// A success story.
    SuccessStory,
    /// A dataset.
    Dataset,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::ValueDomain,
        Kind::PilotCase,
        Kind::Partner,
        Kind::Event,
        Kind::SuccessStory,
        Kind::Dataset,
    ];

    /// The kind's name in documents and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ValueDomain => "VALUE_DOMAIN",
            Kind::PilotCase => "PILOT_CASE",
            Kind::Partner => "PARTNER",
            Kind::Event => "EVENT",
            Kind::SuccessStory => "SUCCESS_STORY",
            Kind::Dataset => "DATASET",
        }
    }

    /// The kind with this name.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The document id of a record of this kind: unique across kinds.
    pub fn document_id(self, record_id: Uuid) -> String {
        format!("{}-{}", self.as_str().to_lowercase(), record_id.simple())
    }
}

/// The public face of one record, as indexed. Only what the public may see goes in: never a draft, never a
/// contact, e-mail address or phone number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// Unique across kinds: see [`Kind::document_id`].
    pub id: String,
    /// The kind of record.
    pub kind: Kind,
    /// The record's id.
    pub record_id: Uuid,
    /// The record's slug.
    pub slug: String,
    /// The title or name.
    pub title: String,
    /// A sentence or two.
    pub summary: String,
    /// The long text (Markdown as written).
    pub body: String,
    /// Short words that describe it: themes, capabilities, data offered and needed, goals, formats.
    pub tags: Vec<String>,
    /// The cities it belongs to (`GENT`, `BRUGGE`).
    pub cities: Vec<String>,
    /// The stakeholder types it concerns (a partner's own, an event's audience, a case's wanted types).
    pub stakeholder_types: Vec<String>,
    /// The value domains it belongs to (UUIDs).
    pub value_domain_ids: Vec<String>,
    /// Its status or phase.
    pub status: String,
    /// For events: when it starts, in seconds since 1970 (UTC).
    pub starts_at: Option<i64>,
}

/// Which documents a search may return; every condition given must hold, and within one condition any of
/// the values may match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilter {
    /// Only these kinds.
    pub kinds: Vec<Kind>,
    /// Only these cities.
    pub cities: Vec<String>,
    /// Only these stakeholder types.
    pub stakeholder_types: Vec<String>,
    /// Only these value domains (UUIDs).
    pub value_domain_ids: Vec<String>,
    /// Only these statuses or phases.
    pub statuses: Vec<String>,
    /// Only events starting at or after this time (seconds since 1970).
    pub starts_from: Option<i64>,
    /// Only events starting before this time (seconds since 1970).
    pub starts_before: Option<i64>,
}

/// A search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// What the person typed; empty lists everything the filter allows.
    pub query: String,
    /// Which documents may match.
    pub filter: SearchFilter,
    /// How many hits to skip.
    pub offset: usize,
    /// How many hits to return.
    pub limit: usize,
}

/// One hit, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document id.
    pub id: String,
    /// The kind of record.
    pub kind: Kind,
    /// The record's id.
    pub record_id: Uuid,
    /// Matched words in context, per field (`title`, `summary`, `body`, `tags`): HTML-escaped text in which
    /// only `<mark>` and `</mark>` are markup.
    pub highlights: Vec<(String, String)>,
}

/// How many matching documents have each value of one filterable field.
#[derive(Debug, Clone, PartialEq)]
pub struct Facet {
    /// The field (`kind`, `cities`, `stakeholder_types`, `value_domain_ids`, `status`).
    pub field: String,
    /// The values with their counts, most frequent first.
    pub values: Vec<FacetValue>,
}

/// One value of a facet and its count.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// How many matching documents have it.
    pub count: u64,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// How many documents match in all.
    pub total: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts per value of every filterable field, over all matching documents.
    pub facets: Vec<Facet>,
}

/// The fields that facets count and filters test, as named in documents.
pub const FACET_FIELDS: [&str; 5] = [
    "kind",
    "cities",
    "stakeholder_types",
    "value_domain_ids",
    "status",
];

/// The most parts of compounds one document holds ([`SearchDocument::compound_parts`]).
pub const MAX_PARTS: usize = 2_000;

impl SearchDocument {
    /// The parts of the long words of its text (title, summary, body and tags), by which a word is found
    /// inside a compound ([`crate::text::compound_parts`]), as one text: both engines index it. Each part
    /// once, and at most [`MAX_PARTS`] of them, so a long text does not make a document many times larger.
    pub fn compound_parts(&self) -> String {
        let texts = [&self.title, &self.summary, &self.body]
            .into_iter()
            .chain(&self.tags);
        let words: Vec<String> = texts
            .flat_map(|text| {
                crate::text::words_with_offsets(text)
                    .into_iter()
                    .map(|(w, _, _)| w)
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut parts: Vec<&str> = Vec::new();
        for part in words.iter().flat_map(|w| crate::text::compound_parts(w)) {
            if parts.len() == MAX_PARTS {
                break;
            }
            if seen.insert(part) {
                parts.push(part);
            }
        }
        parts.join(" ")
    }

    /// The document's values of a facet field.
    pub fn facet_values(&self, field: &str) -> Vec<String> {
        match field {
            "kind" => vec![self.kind.as_str().to_owned()],
            "cities" => self.cities.clone(),
            "stakeholder_types" => self.stakeholder_types.clone(),
            "value_domain_ids" => self.value_domain_ids.clone(),
            "status" => vec![self.status.clone()],
            _ => Vec::new(),
        }
    }
}

/// Orders facet values most frequent first, then by value, and drops empty ones.
pub fn sorted_facet(field: &str, counts: impl IntoIterator<Item = (String, u64)>) -> Facet {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    Facet {
        field: field.to_owned(),
        values,
    }
}
