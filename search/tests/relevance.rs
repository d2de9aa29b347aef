//! How well search finds what people look for, in Dutch and in English: the relevance set of
//! `tests/fixtures/search-relevance.json` (records, and queries judged by hand before any tuning) is indexed
//! and each query asked. For each language the test reports the share of queries with a relevant record in
//! the top three and the mean reciprocal rank of the first relevant one within ten (MRR@10), and fails
//! below 0.9 for either. It runs on the embedded engine always and on a real Meilisearch when `MEILI_URL`
//! is set (otherwise that half is skipped, and named in the summary the test binary prints at its end).

use search::embedded::EmbeddedEngine;
use search::meili::MeiliEngine;
use search::{SearchDocument, SearchEngine, SearchFilter, SearchRequest};
use serde::Deserialize;
use uuid::Uuid;

/// The least share of queries with a relevant record in the top three, and the least MRR@10, per language.
const FLOOR: f64 = 0.9;

#[derive(Deserialize)]
struct RelevanceSet {
    records: Vec<SearchDocument>,
    queries: Vec<Judged>,
}

/// A query and the ids of the records relevant to it, the most relevant first.
#[derive(Deserialize)]
struct Judged {
    language: String,
    query: String,
    relevant: Vec<String>,
    relevant_slugs: Vec<String>,
    /// The round it was written in: 0, the queries the engines were tuned on; each later round was
    /// written after the work on the rounds before it, and judged before it was first asked.
    #[serde(default)]
    round: u8,
}

fn relevance_set() -> RelevanceSet {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/search-relevance.json"
    );
    let text = std::fs::read_to_string(path).expect("the relevance set is readable");
    serde_json::from_str(&text).expect("the relevance set parses")
}

/// The figures of one language: queries, share with a relevant record in the top three, MRR@10, and the
/// queries that had none in the top three (with what came first).
struct Score {
    queries: usize,
    top3: f64,
    mrr10: f64,
    missed: Vec<String>,
}

/// Scores the given queries.
async fn score(engine: &dyn SearchEngine, judged: &[&Judged]) -> Score {
    let mut in_top3 = 0;
    let mut reciprocal = 0.0;
    let mut missed = Vec::new();
    for q in judged {
        let request = SearchRequest {
            query: q.query.clone(),
            filter: SearchFilter::default(),
            offset: 0,
            limit: 10,
        };
        let hits: Vec<String> = engine
            .search(&request)
            .await
            .expect("the search runs")
            .hits
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        match hits.iter().position(|id| q.relevant.contains(id)) {
            Some(rank) => {
                reciprocal += 1.0 / (rank as f64 + 1.0);
                if rank < 3 {
                    in_top3 += 1;
                } else {
                    missed.push(format!("{:?} (first relevant at {})", q.query, rank + 1));
                }
            }
            None => missed.push(format!("{:?} (none of {} hits)", q.query, hits.len())),
        }
    }
    let n = judged.len() as f64;
    Score {
        queries: judged.len(),
        top3: f64::from(in_top3) / n,
        mrr10: reciprocal / n,
        missed,
    }
}

/// Indexes the set, scores both languages, prints the figures (of each round of queries, and of all) and
/// holds all queries of each language to the floor.
async fn judge(engine: &dyn SearchEngine, name: &str) {
    let set = relevance_set();
    engine
        .upsert(set.records.clone())
        .await
        .expect("the records are indexed");
    let mut below = Vec::new();
    for language in ["nl", "en"] {
        let judged: Vec<&Judged> = set
            .queries
            .iter()
            .filter(|q| q.language == language)
            .collect();
        for round in 0..=judged.iter().map(|q| q.round).max().unwrap_or_default() {
            let asked: Vec<&Judged> = judged
                .iter()
                .copied()
                .filter(|q| q.round == round)
                .collect();
            let r = score(engine, &asked).await;
            println!(
                "relevance on {name}, {language}, round {round}: {} queries, top 3 {:.3}, MRR@10 {:.3}; missed: {:?}",
                r.queries, r.top3, r.mrr10, r.missed
            );
        }
        let s = score(engine, &judged).await;
        println!(
            "relevance on {name}, {language}: {} queries, top 3 {:.3}, MRR@10 {:.3}; missed: {:?}",
            s.queries, s.top3, s.mrr10, s.missed
        );
        assert!(s.queries >= 12, "the set has queries in {language}");
        if s.top3 < FLOOR || s.mrr10 < FLOOR {
            below.push(format!(
                "{language}: top 3 {:.3}, MRR@10 {:.3}, missed {:?}",
                s.top3, s.mrr10, s.missed
            ));
        }
    }
    assert!(below.is_empty(), "{name} below {FLOOR}: {below:?}");
}

#[test]
fn the_set_is_whole_its_judgements_name_its_records_and_both_languages_are_asked() {
    let set = relevance_set();
    let ids: Vec<&str> = set.records.iter().map(|r| r.id.as_str()).collect();
    for record in &set.records {
        assert_eq!(
            record.id,
            record.kind.document_id(record.record_id),
            "{}",
            record.slug
        );
    }
    for q in &set.queries {
        assert!(!q.relevant.is_empty(), "{:?} is judged", q.query);
        assert_eq!(q.relevant.len(), q.relevant_slugs.len(), "{:?}", q.query);
        for (id, slug) in q.relevant.iter().zip(&q.relevant_slugs) {
            assert!(
                ids.contains(&id.as_str()),
                "{:?} names a record of the set",
                q.query
            );
            let record = set.records.iter().find(|r| &r.id == id).expect("found");
            assert_eq!(
                &record.slug, slug,
                "{:?}: the id and the slug name one record",
                q.query
            );
        }
    }
    for language in ["nl", "en"] {
        assert!(
            set.queries
                .iter()
                .filter(|q| q.language == language)
                .count()
                >= 12
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_and_dutch_queries_find_their_records_on_the_embedded_engine() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let engine = EmbeddedEngine::open(dir.path().join("search")).expect("the index opens");
    engine.prepare().await.expect("prepared");
    engine
        .rebuild(Vec::new(), "relevance-tests")
        .await
        .expect("built empty");
    judge(&engine, "the embedded engine").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_and_dutch_queries_find_their_records_on_meilisearch() {
    let Some(url) = std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty()) else {
        lode_skip::skip_unless_configured(
            "no Meilisearch server to test against (MEILI_URL is not set)",
        );
        return;
    };
    let key = std::env::var("MEILI_API_KEY").ok();
    let prefix = format!("lode_relevance_{}_", Uuid::now_v7().simple());
    let engine = MeiliEngine::new(&url, key.as_deref(), &prefix).expect("a client");
    engine.prepare().await.expect("the index is prepared");
    engine
        .rebuild(Vec::new(), "relevance-tests")
        .await
        .expect("built empty");
    judge(&engine, "Meilisearch").await;
    let _ = engine.drop_index().await;
}
