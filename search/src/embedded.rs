//! The embedded engine: a tantivy index on disk, the default when no Meilisearch is configured.
//!
//! The live index lives in a generation directory under the engine's folder, named by the `CURRENT` file.
//! A rebuild writes a new generation beside it (with the id of the database it was built from), in a
//! temporary directory renamed to a time-ordered generation name once complete, and then replaces `CURRENT` (write and rename, so the switch is atomic on disk) and the in-memory handle; searches
//! in flight finish on the old generation. Every call first reads `CURRENT`, so a server switches to a
//! generation `lode reindex` built beside it (one caller checks the new generation, without the lock and off
//! the async workers, while the others answer from the generation in use), and notices an index deleted from
//! under it. A missing or
//! unreadable index makes the engine stale, never stops it.

use crate::document::{FACET_FIELDS, sorted_facet};
use crate::text::{self, ANALYZER, QueryWord, Span};
use crate::{
    Hit, IndexState, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults,
    Trust, stale,
};
use async_trait::async_trait;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Collector, Count, DocSetCollector, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{
    AllQuery, AutomatonWeight, BooleanQuery, BoostQuery, DfaWrapper, EnableScoring, FuzzyTermQuery,
    Occur, PhraseQuery, Query, RangeQuery, TermQuery, Weight,
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
    /// The parts of the long words of the text fields ([`text::compound_parts`]), so a word is found inside
    /// a compound.
    parts: Field,
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
        // Positions, so a phrase of the vocabulary matches as a phrase ("air quality", not "air" and
        // "quality" anywhere in the field).
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let parts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        );
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED),
            document: builder.add_text_field("document", STORED),
            title: builder.add_text_field("title", text.clone()),
            summary: builder.add_text_field("summary", text.clone()),
            body: builder.add_text_field("body", text.clone()),
            tags: builder.add_text_field("tags", text),
            parts: builder.add_text_field("parts", parts),
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
        out.add_text(self.parts, doc.compound_parts());
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

/// One generation of the index: readable at once, writable from its first write on, so a process that only
/// rebuilds (`lode reindex` beside a running server) never takes the live generation's writer lock.
struct Generation {
    name: String,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
}

impl Generation {
    fn with_index(name: &str, dir: PathBuf, index: Index) -> tantivy::Result<Generation> {
        index.tokenizers().register(ANALYZER, text::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Generation {
            name: name.to_owned(),
            dir,
            index,
            reader,
            writer: Mutex::new(None),
        })
    }

    /// Creates a new, empty generation.
    fn create(folder: &Path, name: &str) -> tantivy::Result<Generation> {
        let dir = folder.join(name);
        std::fs::create_dir_all(&dir)?;
        let directory = tantivy::directory::MmapDirectory::open(&dir)?;
        let index = Index::create(directory, Fields::schema().0, Default::default())?;
        Self::with_index(name, dir, index)
    }

    /// Opens a generation this process has just built and closed, without validating it again.
    fn open_built(folder: &Path, name: &str) -> tantivy::Result<Generation> {
        let dir = folder.join(name);
        let directory = tantivy::directory::MmapDirectory::open(&dir)?;
        Self::with_index(name, dir, Index::open(directory)?)
    }

    /// Opens an existing generation and makes sure it can be read: its layout, the checksums of its files,
    /// and a search over every document.
    fn open(folder: &Path, name: &str) -> Result<Generation, String> {
        if !is_generation_name(name) {
            return Err(format!("CURRENT names no generation: {name:?}"));
        }
        let dir = folder.join(name);
        // Damaged files can make the index library panic rather than fail; either way it is unreadable.
        std::panic::catch_unwind(|| -> tantivy::Result<Result<Generation, String>> {
            let directory = tantivy::directory::MmapDirectory::open(&dir)?;
            let index = Index::open(directory)?;
            if index.schema() != Fields::schema().0 {
                return Ok(Err("its fields differ from this version's".to_owned()));
            }
            let damaged = index.validate_checksum()?;
            if !damaged.is_empty() {
                return Ok(Err(format!("{} damaged files", damaged.len())));
            }
            let generation = Self::with_index(name, dir.clone(), index)?;
            generation.reader.searcher().search(&AllQuery, &Count)?;
            Ok(Ok(generation))
        })
        .map_err(|_| "reading it panicked".to_owned())?
        .map_err(|e| e.to_string())?
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
        let writer = match &mut *writer {
            Some(writer) => writer,
            empty => empty.insert(self.index.writer(WRITER_HEAP_BYTES)?),
        };
        if let Err(err) = change(writer) {
            writer.rollback()?;
            return Err(err);
        }
        writer.commit()?;
        self.reader.reload()
    }

    /// Lets go of the writer (and its lock), so another process may write this generation.
    fn close_writer(&self) {
        if let Some(writer) = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
        {
            let _ = writer.wait_merging_threads();
        }
    }

    /// The database this generation was built from, if it records one.
    fn built_for(&self) -> std::io::Result<Option<String>> {
        match std::fs::read_to_string(self.dir.join(BUILT_FOR)) {
            Ok(id) => Ok(Some(id.trim().to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The generation a process uses: the name `CURRENT` gave when last read, and the generation if it could be
/// opened.
#[derive(Default)]
struct Live {
    name: Option<String>,
    generation: Option<Arc<Generation>>,
}

/// The embedded search engine.
pub struct EmbeddedEngine {
    folder: PathBuf,
    fields: Fields,
    live: RwLock<Live>,
    /// Held by the one caller that opens a new generation; the others answer from the live one meanwhile.
    switching: Mutex<()>,
    trust: Trust,
}

/// The file naming the live generation.
const CURRENT: &str = "CURRENT";
/// The file, in a generation, naming the database it was built from.
const BUILT_FOR: &str = "DATABASE";

fn unavailable(err: impl std::fmt::Display) -> SearchError {
    SearchError::Unavailable(err.to_string())
}

/// How index work failed: the index is damaged (and must be rebuilt), or something passing went wrong.
enum Failure {
    Damaged(String),
    Passing(String),
}

impl From<tantivy::TantivyError> for Failure {
    fn from(err: tantivy::TantivyError) -> Failure {
        use tantivy::TantivyError as E;
        let damaged = match &err {
            E::DataCorruption(_)
            | E::OpenReadError(_)
            | E::OpenDirectoryError(_)
            | E::IncompatibleIndex(_)
            | E::DeserializeError(_)
            | E::SchemaError(_) => true,
            // The generation's directory is gone (deleted from under the process).
            E::OpenWriteError(tantivy::directory::error::OpenWriteError::IoError {
                io_error,
                ..
            }) => io_error.kind() == std::io::ErrorKind::NotFound,
            E::LockFailure(tantivy::directory::error::LockError::IoError(io), _) => {
                io.kind() == std::io::ErrorKind::NotFound
            }
            E::IoError(io) => matches!(
                io.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::UnexpectedEof
            ),
            _ => false,
        };
        if damaged {
            Failure::Damaged(err.to_string())
        } else {
            Failure::Passing(err.to_string())
        }
    }
}

impl EmbeddedEngine {
    /// Opens the engine's index under `folder`, creating the folder if needed. A missing or unreadable index
    /// does not stop it: the engine then reports itself stale ([`SearchEngine::state`]) until it is rebuilt.
    pub fn open(folder: impl Into<PathBuf>) -> Result<EmbeddedEngine, SearchError> {
        let folder = folder.into();
        std::fs::create_dir_all(&folder).map_err(unavailable)?;
        let engine = EmbeddedEngine {
            folder,
            fields: Fields::schema().1,
            live: RwLock::new(Live::default()),
            switching: Mutex::new(()),
            trust: Trust::default(),
        };
        if let Some(generation) = engine.refresh() {
            // Left over from rebuilds that were cut short or replaced before this start.
            remove_generations_before(&engine.folder, &generation.name, &generation.name);
        }
        remove_abandoned_builds(&engine.folder);
        Ok(engine)
    }

    /// The live generation, after following `CURRENT`: a generation another process built (`lode reindex`)
    /// is switched to, and an index deleted from under the process is noticed. `None` when there is no
    /// readable generation (the engine is then stale).
    fn refresh(&self) -> Option<Arc<Generation>> {
        let Ok(named) = self.read_current() else {
            return None;
        };
        {
            let live = self.live.read().unwrap_or_else(|p| p.into_inner());
            if live.name == named {
                if named.is_none() {
                    self.trust.distrust(stale::MISSING);
                }
                return live.generation.clone();
            }
        }
        // One caller switches; searches meanwhile answer from the generation in use.
        let _switching = match self.switching.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                return self
                    .live
                    .read()
                    .unwrap_or_else(|p| p.into_inner())
                    .generation
                    .clone();
            }
        };
        // Validating a generation reads all of it: done before taking the lock, off the async workers.
        let opened = named
            .as_deref()
            .map(|name| off_workers(|| Generation::open(&self.folder, name)));
        let mut live = self.live.write().unwrap_or_else(|p| p.into_inner());
        // Read again under the lock: a rebuild in this process writes `CURRENT` only while holding it, so
        // a name read before that rebuild cannot switch the process back to the generation it replaced.
        let Ok(named_now) = self.read_current() else {
            return None;
        };
        if live.name == named_now {
            return live.generation.clone();
        }
        if named_now != named {
            // `CURRENT` moved on meanwhile: the next call takes the newer generation up.
            return live.generation.clone();
        }
        let (Some(name), Some(opened)) = (named, opened) else {
            if live.generation.is_some() {
                tracing::warn!(folder = %self.folder.display(), "the search index was deleted");
            }
            *live = Live::default();
            self.trust.distrust(stale::MISSING);
            return None;
        };
        let left = live.name.clone();
        match opened {
            Ok(generation) => {
                let generation = Arc::new(generation);
                *live = Live {
                    name: Some(name.clone()),
                    generation: Some(generation.clone()),
                };
                // A new generation comes only from a complete rebuild.
                self.trust.restore();
                if let Some(left) = left {
                    remove_generations_before(&self.folder, &left, &name);
                }
                Some(generation)
            }
            Err(reason) => {
                tracing::warn!(generation = %name, %reason, "the search index cannot be read");
                *live = Live {
                    name: Some(name),
                    generation: None,
                };
                self.trust.distrust(stale::UNREADABLE);
                None
            }
        }
    }

    /// The generation `CURRENT` names (`None` when there is no index); an unreadable `CURRENT` makes the
    /// engine stale.
    fn read_current(&self) -> std::io::Result<Option<String>> {
        match std::fs::read_to_string(self.folder.join(CURRENT)) {
            Ok(name) => Ok(Some(name.trim().to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => {
                tracing::warn!(error = %e, "the search index's CURRENT file cannot be read");
                self.trust.distrust(stale::UNREADABLE);
                Err(e)
            }
        }
    }

    /// The live generation, or the error of an index that has none.
    fn generation(&self) -> Result<Arc<Generation>, SearchError> {
        self.refresh().ok_or_else(|| {
            self.trust
                .check()
                .err()
                .unwrap_or_else(|| SearchError::Stale(stale::MISSING.to_owned()))
        })
    }

    /// Runs blocking index work off the async runtime, and marks the index stale when the work finds it
    /// damaged (unless a rebuild elsewhere replaced it meanwhile: then the work is simply tried again).
    async fn blocking<T: Send + 'static>(
        &self,
        generation: &Generation,
        work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, SearchError> {
        let failure = match tokio::task::spawn_blocking(work).await {
            Ok(Ok(done)) => return Ok(done),
            Ok(Err(failure)) => failure,
            Err(join) if join.is_panic() => Failure::Damaged("index work panicked".to_owned()),
            Err(join) => Failure::Passing(join.to_string()),
        };
        let failure = match failure {
            // Whatever the error, a generation whose directory is gone must be rebuilt.
            Failure::Passing(reason) if !generation.dir.is_dir() => Failure::Damaged(reason),
            failure => failure,
        };
        match failure {
            Failure::Passing(reason) => Err(SearchError::Unavailable(reason)),
            Failure::Damaged(reason) => {
                if self
                    .refresh()
                    .is_some_and(|live| live.name != generation.name)
                {
                    return Err(SearchError::Unavailable(
                        "the index was replaced meanwhile".to_owned(),
                    ));
                }
                tracing::warn!(generation = %generation.name, %reason, "the search index is damaged");
                self.trust.distrust(stale::UNREADABLE);
                Err(SearchError::Stale(stale::UNREADABLE.to_owned()))
            }
        }
    }

    /// The query for the runs `spans` of the query's `words` (see [`text::spans`]) and the request's
    /// filters.
    fn query(
        &self,
        request: &SearchRequest,
        words: &[QueryWord],
        spans: &[Span],
        automata: &mut Automata,
    ) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Each run of words must match: as typed, or as a phrase of the vocabulary that means the same; a stop
        // word need not, unless the query has nothing else.
        let only_stop_words = spans.iter().all(|span| text::is_stop_span(words, span));
        for span in spans {
            let typed: Vec<(Occur, Box<dyn Query>)> = words[span.start..span.end]
                .iter()
                .map(|word| (Occur::Must, self.word_query(word, automata)))
                .collect();
            let mut either: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Should, Box::new(BooleanQuery::new(typed)))];
            for synonym in span.synonyms {
                either.push((Occur::Should, self.synonym_query(synonym)));
            }
            let occur = if !only_stop_words && text::is_stop_span(words, span) {
                Occur::Should
            } else {
                Occur::Must
            };
            clauses.push((occur, Box::new(BooleanQuery::new(either))));
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

/// How much a synonym counts beside the word typed: a record with the very word ranks first.
const SYNONYM_WEIGHT: f32 = 0.3;

impl EmbeddedEngine {
    /// What one word of a query matches, in any searched field: the word itself (scoring most), with its
    /// typos, as the start of a longer word (the last word of a query still being typed with its typos,
    /// any other word of five letters or more as typed), or as a part of a compound. Its synonyms are its
    /// run's ([`text::spans`]).
    fn word_query(&self, word: &QueryWord, automata: &mut Automata) -> Box<dyn Query> {
        let f = self.fields;
        let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let long_enough = word.text.chars().count() >= text::MIN_PART_CHARS;
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
                    boosted(automata.fuzzy(field, &word.text, word.typos, true), weight),
                ));
            } else {
                if word.typos > 0 {
                    either.push((
                        Occur::Should,
                        boosted(automata.fuzzy(field, &word.text, word.typos, false), weight),
                    ));
                }
                if long_enough {
                    either.push((
                        Occur::Should,
                        boosted(automata.fuzzy(field, &word.text, 0, true), weight * 0.5),
                    ));
                }
            }
        }
        if long_enough {
            either.push((
                Occur::Should,
                boosted(automata.fuzzy(f.parts, &word.text, 0, true), 0.5),
            ));
        }
        Box::new(BooleanQuery::new(either))
    }

    /// What a synonym of a run of words matches in any searched field: its word, or its words as a phrase.
    fn synonym_query(&self, synonym: &str) -> Box<dyn Query> {
        let f = self.fields;
        let words: Vec<&str> = synonym.split(' ').collect();
        let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, weight) in f.searched() {
            let terms: Vec<Term> = words
                .iter()
                .map(|word| Term::from_field_text(field, word))
                .collect();
            let query: Box<dyn Query> = match terms.as_slice() {
                [term] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            either.push((Occur::Should, boosted(query, weight * SYNONYM_WEIGHT)));
        }
        Box::new(BooleanQuery::new(either))
    }
}

/// Runs blocking work on an async worker without holding up the tasks queued on it (they move to another
/// worker); run as is outside a multi-threaded runtime.
fn off_workers<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

fn boosted(query: impl Query, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}

/// The Levenshtein automata of one search, each built once for its word, typos and kind (a prefix or the
/// whole word): a query word is looked for in every searched field, and again in the shorter queries tried
/// when the whole one finds nothing, and building an automaton costs about as much as matching it.
#[derive(Default)]
struct Automata(HashMap<(String, u8, bool), Arc<DfaWrapper>>);

impl Automata {
    /// The terms of `field` within `typos` of `text` (or of a start of them, for a `prefix`), transposed
    /// letters counting as one typo.
    fn fuzzy(&mut self, field: Field, text: &str, typos: u8, prefix: bool) -> Box<dyn Query> {
        let key = (text.to_owned(), typos, prefix);
        if let Some(automaton) = self.0.get(&key) {
            return Box::new(SharedAutomaton {
                field,
                automaton: Arc::clone(automaton),
            });
        }
        let term = Term::from_field_text(field, text);
        let query = if prefix {
            FuzzyTermQuery::new_prefix(term, typos, true)
        } else {
            FuzzyTermQuery::new(term, typos, true)
        };
        match query.automaton() {
            Ok(automaton) => {
                let automaton = Arc::new(automaton);
                self.0.insert(key, Arc::clone(&automaton));
                Box::new(SharedAutomaton { field, automaton })
            }
            // Too many typos for an automaton: the query reports it when it runs.
            Err(_) => Box::new(query),
        }
    }
}

/// The terms of one field an automaton accepts, the automaton shared with other fields' queries.
#[derive(Clone)]
struct SharedAutomaton {
    field: Field,
    automaton: Arc<DfaWrapper>,
}

impl std::fmt::Debug for SharedAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedAutomaton")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl Query for SharedAutomaton {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<DfaWrapper>::new(
            self.field,
            Arc::clone(&self.automaton),
        )))
    }
}

fn new_generation_name() -> String {
    format!("generation-{}", uuid::Uuid::now_v7().simple())
}

/// Whether a name is a generation's: `generation-` and a time-ordered id, so names sort by age.
fn is_generation_name(name: &str) -> bool {
    name.strip_prefix("generation-").is_some_and(|id| {
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Removes the generations older than both `left` (the one a process switches away from) and `to` (the one
/// it switches to), and never the one `CURRENT` names now. The generation left is removed only at the next
/// switch, so another process still reading it (a server, while `lode reindex` swaps) is not disturbed; a
/// generation being built has no generation name yet, and one that finished later has a newer name, so
/// neither is touched, whichever process switched last.
fn remove_generations_before(folder: &Path, left: &str, to: &str) {
    let below = left.min(to);
    let current = std::fs::read_to_string(folder.join(CURRENT))
        .map(|name| name.trim().to_owned())
        .ok();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if is_generation_name(&entry_name)
            && entry_name.as_str() < below
            && current.as_deref() != Some(entry_name.as_str())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// How old a build's directory must be to count as abandoned (its process died mid-rebuild): far longer
/// than any rebuild takes, so one under way in another process is never touched.
const ABANDONED_BUILD: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes the directories of builds started more than [`ABANDONED_BUILD`] ago (named by a time-ordered
/// id), which a process killed mid-rebuild leaves behind.
fn remove_abandoned_builds(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let started = name
            .strip_prefix("building-")
            .and_then(|id| uuid::Uuid::parse_str(id).ok())
            .and_then(|id| id.get_timestamp())
            .map(|at| {
                let (seconds, nanos) = at.to_unix();
                std::time::UNIX_EPOCH + std::time::Duration::new(seconds, nanos)
            });
        if started.is_some_and(|at| now.duration_since(at).unwrap_or_default() > ABANDONED_BUILD) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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
        let live = self.generation()?;
        let fields = self.fields;
        let docs = documents
            .iter()
            .map(|d| fields.tantivy_document(d).map(|t| (d.id.clone(), t)))
            .collect::<Result<Vec<_>, _>>()?;
        let generation = live.clone();
        self.blocking(&live, move || {
            generation.write(|writer| {
                for (id, doc) in docs {
                    writer.delete_term(Term::from_field_text(fields.id, &id));
                    writer.add_document(doc)?;
                }
                Ok(())
            })?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        let live = self.generation()?;
        let fields = self.fields;
        let generation = live.clone();
        self.blocking(&live, move || {
            generation.write(|writer| {
                for id in ids {
                    writer.delete_term(Term::from_field_text(fields.id, &id));
                }
                Ok(())
            })?;
            Ok(())
        })
        .await
    }

    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError> {
        let fields = self.fields;
        let docs = documents
            .iter()
            .map(|d| fields.tantivy_document(d))
            .collect::<Result<Vec<_>, _>>()?;
        let (folder, database) = (self.folder.clone(), database.to_owned());
        let (name, fresh) = tokio::task::spawn_blocking(move || -> tantivy::Result<_> {
            // Built under a name no cleanup touches, and named a generation only once complete: names then
            // follow the order in which builds finish, so one finishing later is never "older".
            let building = format!("building-{}", uuid::Uuid::now_v7().simple());
            let generation = Generation::create(&folder, &building)?;
            generation.write(|writer| {
                for doc in docs {
                    writer.add_document(doc)?;
                }
                Ok(())
            })?;
            // Written before `CURRENT` names the generation, so a live generation always says what it holds.
            std::fs::write(generation.dir.join(BUILT_FOR), &database)?;
            // Another process may be the one to write it next (the server, after `lode reindex`).
            generation.close_writer();
            let built = generation.dir.clone();
            drop(generation);
            let name = new_generation_name();
            std::fs::rename(&built, folder.join(&name))?;
            let generation = Generation::open_built(&folder, &name)?;
            Ok((name, generation))
        })
        .await
        .map_err(unavailable)?
        .map_err(unavailable)?;
        let left = {
            let mut live = self.live.write().unwrap_or_else(|p| p.into_inner());
            write_current(&self.folder, &name).map_err(unavailable)?;
            std::mem::replace(
                &mut *live,
                Live {
                    name: Some(name.clone()),
                    generation: Some(Arc::new(fresh)),
                },
            )
        };
        self.trust.restore();
        // Searches in flight finish on the generation left; it is removed at the next switch.
        if let Some(left) = left.name {
            remove_generations_before(&self.folder, &left, &name);
        }
        Ok(())
    }

    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let live = self.generation()?;
        self.trust.check()?;
        let words = text::query_words(&request.query);
        let spans = text::spans(&words);
        // Every run of words first; when no record has them all, the last runs are dropped one at a time
        // until some record matches (`text::kept_runs`, as Meilisearch is asked too).
        let mut automata = Automata::default();
        let all = self.query(request, &words, &spans, &mut automata);
        let fewer: Vec<Box<dyn Query>> = text::kept_runs(&words, &spans)
            .into_iter()
            .skip(1)
            .map(|kept| self.query(request, &words, &spans[..kept], &mut automata))
            .collect();
        let fields = self.fields;
        let (offset, limit) = (request.offset, request.limit);
        let generation = live.clone();
        self.blocking(&live, move || {
            let searcher = generation.reader.searcher();
            let run = |query: &dyn Query| {
                let top = TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score();
                searcher.search(query, &(top, Count, FacetCounter))
            };
            let mut found = run(&*all)?;
            for query in &fewer {
                if found.1 > 0 {
                    break;
                }
                found = run(&**query)?;
            }
            let (top, total, facet_counts) = found;
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

    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        match self.refresh() {
            Some(live) => live.built_for().map_err(unavailable),
            None => Ok(None),
        }
    }

    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        let Some(live) = self.refresh() else {
            return Ok(Vec::new());
        };
        let fields = self.fields;
        let generation = live.clone();
        self.blocking(&live, move || {
            let searcher = generation.reader.searcher();
            let mut ids = Vec::new();
            for address in searcher.search(&AllQuery, &DocSetCollector)? {
                let stored: TantivyDocument = searcher.doc(address)?;
                if let Some(id) = stored.get_first(fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_owned());
                }
            }
            Ok(ids)
        })
        .await
    }

    fn state(&self) -> IndexState {
        // Notices a deleted index or a generation built elsewhere even while nothing else asks.
        self.refresh();
        self.trust.state()
    }

    fn mark_stale(&self, reason: &str) {
        self.trust.distrust(reason);
    }
}

fn stored_document(
    searcher: &tantivy::Searcher,
    fields: Fields,
    address: DocAddress,
) -> Result<SearchDocument, Failure> {
    let stored: TantivyDocument = searcher.doc(address)?;
    let json = stored
        .get_first(fields.document)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    serde_json::from_str(json).map_err(|e| Failure::Damaged(e.to_string()))
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
