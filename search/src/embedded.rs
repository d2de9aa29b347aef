//! The embedded engine: a tantivy index on disk, the default when no Meilisearch is configured.
//!
//! The live index lives in a generation directory under the engine's folder, named by the `CURRENT` file.
//! A rebuild writes a new generation beside it and then replaces `CURRENT` (write and rename, so the switch
//! is atomic on disk) and the in-memory handle; searches in flight finish on the old generation.

use crate::document::{FACET_FIELDS, sorted_facet};
use crate::text::{self, ANALYZER, QueryWord};
use crate::{Hit, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults};
use async_trait::async_trait;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader,
    TantivyDocument, Term,
};

/// Memory for the index writer.
const WRITER_HEAP_BYTES: usize = 50_000_000;

/// The index's fields.
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    document: Field,
    title: Field,
    summary: Field,
    body: Field,
    tags: Field,
    kind: Field,
    cities: Field,
    stakeholder_types: Field,
    value_domain_ids: Field,
    status: Field,
    starts_at: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED),
            document: builder.add_text_field("document", STORED),
            title: builder.add_text_field("title", text.clone()),
            summary: builder.add_text_field("summary", text.clone()),
            body: builder.add_text_field("body", text.clone()),
            tags: builder.add_text_field("tags", text),
            kind: builder.add_text_field("kind", STRING | FAST),
            cities: builder.add_text_field("cities", STRING | FAST),
            stakeholder_types: builder.add_text_field("stakeholder_types", STRING | FAST),
            value_domain_ids: builder.add_text_field("value_domain_ids", STRING | FAST),
            status: builder.add_text_field("status", STRING | FAST),
            starts_at: builder.add_i64_field("starts_at", INDEXED | FAST),
        };
        (builder.build(), fields)
    }

    /// The text fields a query searches, with their weights: a match in the title counts most.
    fn searched(&self) -> [(Field, f32); 4] {
        [
            (self.title, 3.0),
            (self.tags, 2.0),
            (self.summary, 1.5),
            (self.body, 1.0),
        ]
    }

    fn facet(&self, name: &str) -> Field {
        match name {
            "kind" => self.kind,
            "cities" => self.cities,
            "stakeholder_types" => self.stakeholder_types,
            "value_domain_ids" => self.value_domain_ids,
            _ => self.status,
        }
    }

    fn tantivy_document(self, doc: &SearchDocument) -> Result<TantivyDocument, SearchError> {
        let json = serde_json::to_string(doc).map_err(|e| SearchError::Rejected(e.to_string()))?;
        let mut out = TantivyDocument::default();
        out.add_text(self.id, &doc.id);
        out.add_text(self.document, json);
        out.add_text(self.title, &doc.title);
        out.add_text(self.summary, &doc.summary);
        out.add_text(self.body, &doc.body);
        for tag in &doc.tags {
            out.add_text(self.tags, tag);
        }
        for field in FACET_FIELDS {
            for value in doc.facet_values(field) {
                out.add_text(self.facet(field), value);
            }
        }
        if let Some(starts_at) = doc.starts_at {
            out.add_i64(self.starts_at, starts_at);
        }
        Ok(out)
    }
}

/// One generation of the index, open for reading and writing.
struct Generation {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
}

impl Generation {
    fn open(dir: &Path) -> tantivy::Result<Generation> {
        std::fs::create_dir_all(dir)?;
        let (schema, _) = Fields::schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        index.tokenizers().register(ANALYZER, text::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = Mutex::new(index.writer(WRITER_HEAP_BYTES)?);
        Ok(Generation { reader, writer })
    }

    /// Applies a change and makes it searchable.
    fn write(
        &self,
        change: impl FnOnce(&IndexWriter) -> tantivy::Result<()>,
    ) -> tantivy::Result<()> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Err(err) = change(&writer) {
            writer.rollback()?;
            return Err(err);
        }
        writer.commit()?;
        self.reader.reload()
    }
}

/// The embedded search engine.
pub struct EmbeddedEngine {
    folder: PathBuf,
    fields: Fields,
    live: RwLock<Arc<Generation>>,
}

/// The file naming the live generation.
const CURRENT: &str = "CURRENT";

fn unavailable(err: impl std::fmt::Display) -> SearchError {
    SearchError::Unavailable(err.to_string())
}

impl EmbeddedEngine {
    /// Opens (or creates) the engine's index under `folder`.
    pub fn open(folder: impl Into<PathBuf>) -> Result<EmbeddedEngine, SearchError> {
        let folder = folder.into();
        std::fs::create_dir_all(&folder).map_err(unavailable)?;
        let name = match std::fs::read_to_string(folder.join(CURRENT)) {
            Ok(name) => name.trim().to_owned(),
            Err(_) => {
                let name = new_generation_name();
                write_current(&folder, &name).map_err(unavailable)?;
                name
            }
        };
        let generation = Generation::open(&folder.join(&name)).map_err(unavailable)?;
        Ok(EmbeddedEngine {
            folder,
            fields: Fields::schema().1,
            live: RwLock::new(Arc::new(generation)),
        })
    }

    fn live(&self) -> Arc<Generation> {
        self.live
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Runs blocking index work off the async runtime.
    async fn blocking<T: Send + 'static>(
        work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(unavailable)?
    }

    fn query(&self, request: &SearchRequest, words: &[QueryWord]) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, weight) in f.searched() {
                let term = Term::from_field_text(field, &word.text);
                // The exact word scores by relevance; typos and prefixes only let a document in.
                either.push((
                    Occur::Should,
                    boosted(
                        TermQuery::new(term.clone(), IndexRecordOption::WithFreqs),
                        weight * 2.0,
                    ),
                ));
                if word.prefix {
                    either.push((
                        Occur::Should,
                        boosted(FuzzyTermQuery::new_prefix(term, word.typos, true), weight),
                    ));
                } else if word.typos > 0 {
                    either.push((
                        Occur::Should,
                        boosted(FuzzyTermQuery::new(term, word.typos, true), weight),
                    ));
                }
                for synonym in text::synonyms(&word.text) {
                    let term = Term::from_field_text(field, synonym);
                    either.push((
                        Occur::Should,
                        boosted(TermQuery::new(term, IndexRecordOption::WithFreqs), weight),
                    ));
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        if words.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let filter = &request.filter;
        let kinds: Vec<String> = filter.kinds.iter().map(|k| k.as_str().to_owned()).collect();
        for (field, values) in [
            (f.kind, &kinds),
            (f.cities, &filter.cities),
            (f.stakeholder_types, &filter.stakeholder_types),
            (f.value_domain_ids, &filter.value_domain_ids),
            (f.status, &filter.statuses),
        ] {
            if values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if filter.starts_from.is_some() || filter.starts_before.is_some() {
            let lower = filter.starts_from.map_or(Bound::Unbounded, |t| {
                Bound::Included(Term::from_field_i64(f.starts_at, t))
            });
            let upper = filter.starts_before.map_or(Bound::Unbounded, |t| {
                Bound::Excluded(Term::from_field_i64(f.starts_at, t))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

fn boosted(query: impl Query, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}

fn new_generation_name() -> String {
    format!("generation-{}", uuid::Uuid::now_v7().simple())
}

/// Points `CURRENT` at a generation: written beside it and renamed over it, so a crash leaves either name.
fn write_current(folder: &Path, name: &str) -> std::io::Result<()> {
    let temporary = folder.join(format!("{CURRENT}.next"));
    std::fs::write(&temporary, name)?;
    std::fs::rename(temporary, folder.join(CURRENT))
}

#[async_trait]
impl SearchEngine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        Ok(())
    }

    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        let live = self.live();
        let fields = self.fields;
        let docs = documents
            .iter()
            .map(|d| fields.tantivy_document(d).map(|t| (d.id.clone(), t)))
            .collect::<Result<Vec<_>, _>>()?;
        Self::blocking(move || {
            live.write(|writer| {
                for (id, doc) in docs {
                    writer.delete_term(Term::from_field_text(fields.id, &id));
                    writer.add_document(doc)?;
                }
                Ok(())
            })
            .map_err(unavailable)
        })
        .await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        let live = self.live();
        let fields = self.fields;
        Self::blocking(move || {
            live.write(|writer| {
                for id in ids {
                    writer.delete_term(Term::from_field_text(fields.id, &id));
                }
                Ok(())
            })
            .map_err(unavailable)
        })
        .await
    }

    async fn rebuild(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        let name = new_generation_name();
        let dir = self.folder.join(&name);
        let fields = self.fields;
        let docs = documents
            .iter()
            .map(|d| fields.tantivy_document(d))
            .collect::<Result<Vec<_>, _>>()?;
        let fresh = Self::blocking(move || {
            let generation = Generation::open(&dir).map_err(unavailable)?;
            generation
                .write(|writer| {
                    for doc in docs {
                        writer.add_document(doc)?;
                    }
                    Ok(())
                })
                .map_err(unavailable)?;
            Ok(generation)
        })
        .await?;
        write_current(&self.folder, &name).map_err(unavailable)?;
        let old = std::mem::replace(
            &mut *self.live.write().unwrap_or_else(|p| p.into_inner()),
            Arc::new(fresh),
        );
        // The old generation's files go once nothing reads them; what cannot be removed now is removed at
        // the next rebuild.
        drop(old);
        if let Ok(entries) = std::fs::read_dir(&self.folder) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() && entry.file_name().to_string_lossy() != name {
                    let _ = std::fs::remove_dir_all(path);
                }
            }
        }
        Ok(())
    }

    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let live = self.live();
        let words = text::query_words(&request.query);
        let query = self.query(request, &words);
        let fields = self.fields;
        let (offset, limit) = (request.offset, request.limit);
        Self::blocking(move || {
            let searcher = live.reader.searcher();
            let top = TopDocs::with_limit(limit.max(1))
                .and_offset(offset)
                .order_by_score();
            let (top, total, facet_counts) = searcher
                .search(&*query, &(top, Count, FacetCounter))
                .map_err(unavailable)?;
            let mut hits = Vec::new();
            for (_, address) in top.into_iter().take(limit) {
                let doc = stored_document(&searcher, fields, address)?;
                hits.push(Hit {
                    highlights: text::highlights(&doc, &words),
                    id: doc.id,
                    kind: doc.kind,
                    record_id: doc.record_id,
                });
            }
            let facets = FACET_FIELDS
                .iter()
                .map(|field| {
                    sorted_facet(field, facet_counts.get(*field).cloned().unwrap_or_default())
                })
                .collect();
            Ok(SearchResults {
                total: total as u64,
                hits,
                facets,
            })
        })
        .await
    }
}

fn stored_document(
    searcher: &tantivy::Searcher,
    fields: Fields,
    address: DocAddress,
) -> Result<SearchDocument, SearchError> {
    let stored: TantivyDocument = searcher.doc(address).map_err(unavailable)?;
    let json = stored
        .get_first(fields.document)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    serde_json::from_str(json).map_err(unavailable)
}

/// Counts, over every matching document, how many have each value of each facet field.
struct FacetCounter;

/// Per field, per value, a count.
type FacetCounts = HashMap<String, HashMap<String, u64>>;

struct SegmentFacetCounter {
    columns: Vec<(&'static str, StrColumn, Vec<u64>)>,
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentFacetCounter> {
        let mut columns = Vec::new();
        for field in FACET_FIELDS {
            if let Some(column) = segment.fast_fields().str(field)? {
                let terms = column.num_terms();
                columns.push((field, column, vec![0; terms]));
            }
        }
        Ok(SegmentFacetCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut merged = FacetCounts::new();
        for fruit in fruits {
            for (field, values) in fruit {
                let counts = merged.entry(field).or_default();
                for (value, count) in values {
                    *counts.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, column, counts) in &mut self.columns {
            for ord in column.term_ords(doc) {
                if let Some(count) = counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut fruit = FacetCounts::new();
        for (field, column, counts) in self.columns {
            let values = fruit.entry(field.to_owned()).or_default();
            let mut value = String::new();
            for (ord, count) in counts.into_iter().enumerate() {
                if count > 0 && column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                    *values.entry(value.clone()).or_default() += count;
                }
            }
        }
        fruit
    }
}
