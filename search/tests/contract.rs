//! The contract every search engine honours, run against the embedded engine always and against a real
//! Meilisearch when `MEILI_URL` is set (otherwise those halves are skipped, and named in the summary the
//! test binary prints at its end).

use search::embedded::EmbeddedEngine;
use search::meili::MeiliEngine;
use search::{
    IndexState, Kind, SearchDocument, SearchEngine, SearchError, SearchFilter, SearchRequest, stale,
};
use uuid::Uuid;

/// The Meilisearch server to test against, if one is configured.
fn meili_url() -> Option<String> {
    std::env::var("MEILI_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A document of a kind, with a title and optional other fields.
fn doc(kind: Kind, title: &str) -> SearchDocument {
    let record_id = Uuid::now_v7();
    SearchDocument {
        id: kind.document_id(record_id),
        kind,
        record_id,
        slug: title.to_lowercase().replace(' ', "-"),
        title: title.to_owned(),
        summary: String::new(),
        body: String::new(),
        tags: Vec::new(),
        cities: vec!["GENT".to_owned()],
        stakeholder_types: Vec::new(),
        value_domain_ids: Vec::new(),
        status: "PUBLISHED".to_owned(),
        starts_at: None,
    }
}

/// The database the tests' indexes are built from.
const DATABASE: &str = "0190c4e2-contract-tests";

fn ask(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_owned(),
        filter: SearchFilter::default(),
        offset: 0,
        limit: 20,
    }
}

/// The ids of the hits, best first.
async fn ids(engine: &dyn SearchEngine, request: SearchRequest) -> Vec<String> {
    let results = engine.search(&request).await.expect("the search runs");
    results.hits.into_iter().map(|hit| hit.id).collect()
}

/// An engine for one test, removed afterwards.
struct Subject {
    engine: Box<dyn SearchEngine>,
    meili: Option<MeiliEngine>,
    _dir: Option<tempfile::TempDir>,
}

impl Subject {
    async fn embedded() -> Subject {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let engine = EmbeddedEngine::open(dir.path().join("search")).expect("the index opens");
        engine.prepare().await.expect("prepared");
        // A new folder holds no index yet: it is built, empty, before use.
        engine
            .rebuild(Vec::new(), DATABASE)
            .await
            .expect("built empty");
        Subject {
            engine: Box::new(engine),
            meili: None,
            _dir: Some(dir),
        }
    }

    async fn meili() -> Option<Subject> {
        let Some(url) = meili_url() else {
            lode_skip::skip_unless_configured(
                "no Meilisearch server to test against (MEILI_URL is not set)",
            );
            return None;
        };
        let key = std::env::var("MEILI_API_KEY").ok();
        let prefix = format!("lode_test_{}_", Uuid::now_v7().simple());
        let engine = MeiliEngine::new(&url, key.as_deref(), &prefix).expect("a client");
        engine.prepare().await.expect("the index is prepared");
        let cleanup = MeiliEngine::new(&url, key.as_deref(), &prefix).expect("a client");
        Some(Subject {
            engine: Box::new(engine),
            meili: Some(cleanup),
            _dir: None,
        })
    }

    async fn finish(self) {
        if let Some(meili) = self.meili {
            let _ = meili.drop_index().await;
        }
    }
}

macro_rules! contract {
    ($(async fn $name:ident($engine:ident) $body:block)*) => {
        $(
            mod $name {
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn embedded() {
                    let subject = Subject::embedded().await;
                    {
                        let $engine: &dyn SearchEngine = subject.engine.as_ref();
                        $body
                    }
                    subject.finish().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn meilisearch() {
                    let Some(subject) = Subject::meili().await else { return };
                    {
                        let $engine: &dyn SearchEngine = subject.engine.as_ref();
                        $body
                    }
                    subject.finish().await;
                }
            }
        )*
    };
}

contract! {
    async fn typos_prefixes_accents_and_synonyms_match(engine) {
        let mobility = doc(Kind::ValueDomain, "Mobiliteit in de binnenstad");
        let energy = doc(Kind::ValueDomain, "Énergie en klimaat");
        let mut bikes = doc(Kind::Dataset, "Telpunten");
        bikes.tags = vec!["bike".to_owned()];
        let short = doc(Kind::Dataset, "Gent");
        engine.upsert(vec![mobility.clone(), energy.clone(), bikes.clone(), short.clone()]).await.expect("indexed");

        assert_eq!(ids(engine, ask("mobilteit ")).await, [mobility.id.as_str()], "one typo from five letters");
        assert_eq!(ids(engine, ask("mobilitiet ")).await, [mobility.id.as_str()], "a swap counts as one typo");
        assert_eq!(ids(engine, ask("mobilit")).await, [mobility.id.as_str()], "the last word is a prefix");
        assert_eq!(ids(engine, ask("energie ")).await, [energy.id.as_str()], "accents are ignored");
        assert_eq!(ids(engine, ask("ÉNERGIE ")).await, [energy.id.as_str()]);
        assert_eq!(ids(engine, ask("fiets ")).await, [bikes.id.as_str()], "Dutch finds the English synonym");
        assert!(ids(engine, ask("gnet ")).await.is_empty(), "four letters allow no typo");
        assert_eq!(ids(engine, ask("mobiliteit binnenstad ")).await, [mobility.id.as_str()], "every word must match");
        assert_eq!(ids(engine, ask("mobiliteit energie ")).await, [mobility.id.as_str()], "no record has both: the last word is dropped");
        assert_eq!(ids(engine, ask("energie mobiliteit ")).await, [energy.id.as_str()]);
        assert_eq!(ids(engine, ask("telpunten for fiets ")).await, [bikes.id.as_str()], "a stop word need not match");
        assert!(ids(engine, ask("the xyzzy ")).await.is_empty(), "a stop word alone is never what is left");
        // A record with more of the words than another is no reason to keep both: the longest run of the
        // query's first words that some record has, and only the records that have it.
        let inner = doc(Kind::PilotCase, "Mobiliteit binnenstad");
        engine.upsert(vec![inner.clone()]).await.expect("indexed");
        let found = engine.search(&ask("mobiliteit binnenstad energie ")).await.expect("searched");
        let mut both = vec![inner.id.as_str(), mobility.id.as_str()];
        both.sort_unstable();
        let mut hits: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
        hits.sort_unstable();
        assert_eq!((hits, found.total), (both, 2), "mobiliteit and binnenstad: both records have them");
    }

    async fn filters_select_and_facets_count(engine) {
        let mut ghent_event = doc(Kind::Event, "Workshop luchtkwaliteit");
        ghent_event.starts_at = Some(2_000_000_000);
        ghent_event.stakeholder_types = vec!["CITIZEN".to_owned()];
        let mut bruges_event = doc(Kind::Event, "Hackathon luchtkwaliteit");
        bruges_event.cities = vec!["BRUGGE".to_owned()];
        bruges_event.starts_at = Some(2_100_000_000);
        let domain = Uuid::now_v7().to_string();
        let mut case = doc(Kind::PilotCase, "Luchtkwaliteit aan scholen");
        case.value_domain_ids = vec![domain.clone()];
        case.status = "RUNNING".to_owned();
        case.cities = vec!["GENT".to_owned(), "BRUGGE".to_owned()];
        engine.upsert(vec![ghent_event.clone(), bruges_event.clone(), case.clone()]).await.expect("indexed");

        let mut request = ask("luchtkwaliteit");
        request.filter.kinds = vec![Kind::Event];
        let found = ids(engine, request.clone()).await;
        assert_eq!(found.len(), 2);
        request.filter.cities = vec!["BRUGGE".to_owned()];
        assert_eq!(ids(engine, request.clone()).await, [bruges_event.id.as_str()]);
        let mut request = ask("luchtkwaliteit");
        request.filter.starts_from = Some(2_050_000_000);
        assert_eq!(ids(engine, request).await, [bruges_event.id.as_str()]);
        let mut request = ask("");
        request.filter.starts_before = Some(2_050_000_000);
        assert_eq!(ids(engine, request).await, [ghent_event.id.as_str()]);
        let mut request = ask("");
        request.filter.value_domain_ids = vec![domain];
        request.filter.statuses = vec!["RUNNING".to_owned()];
        assert_eq!(ids(engine, request).await, [case.id.as_str()]);
        let mut request = ask("");
        request.filter.stakeholder_types = vec!["CITIZEN".to_owned()];
        assert_eq!(ids(engine, request).await, [ghent_event.id.as_str()]);

        let results = engine.search(&ask("luchtkwaliteit")).await.expect("the search runs");
        assert_eq!(results.total, 3);
        let facet = |field: &str| {
            results.facets.iter().find(|f| f.field == field).expect("the facet").values.iter()
                .map(|v| (v.value.clone(), v.count)).collect::<Vec<_>>()
        };
        assert_eq!(facet("kind"), [("EVENT".to_owned(), 2), ("PILOT_CASE".to_owned(), 1)]);
        assert_eq!(facet("cities"), [("BRUGGE".to_owned(), 2), ("GENT".to_owned(), 2)]);
    }

    async fn highlights_mark_matches_and_escape_the_rest(engine) {
        let mut story = doc(Kind::SuccessStory, "<script>alert(1)</script> Luchtkwaliteit");
        story.body = format!("{} De sensoren meten fijnstof. {}", "Inleiding ".repeat(40), "Slot ".repeat(40));
        engine.upsert(vec![story.clone()]).await.expect("indexed");
        let results = engine.search(&ask("sensoren luchtkwaliteit")).await.expect("the search runs");
        let hit = &results.hits[0];
        let field = |name: &str| hit.highlights.iter().find(|(f, _)| f == name).map(|(_, h)| h.clone()).expect(name);
        assert_eq!(field("title"), "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Luchtkwaliteit</mark>");
        let body = field("body");
        assert!(body.contains("<mark>sensoren</mark>") && body.starts_with('…') && body.ends_with('…'), "{body}");
        assert!(!body.replace("<mark>", "").replace("</mark>", "").contains('<'));
    }

    async fn replacing_and_deleting_take_effect(engine) {
        let mut partner = doc(Kind::Partner, "Fietsersbond");
        engine.upsert(vec![partner.clone()]).await.expect("indexed");
        partner.title = "Wandelvereniging".to_owned();
        engine.upsert(vec![partner.clone()]).await.expect("replaced");
        assert!(ids(engine, ask("fietsersbond ")).await.is_empty(), "the old text is gone");
        assert_eq!(ids(engine, ask("wandelvereniging ")).await, [partner.id.as_str()]);
        engine.delete(vec![partner.id.clone()]).await.expect("deleted");
        assert!(ids(engine, ask("wandelvereniging ")).await.is_empty());
        assert_eq!(engine.search(&ask("")).await.expect("runs").total, 0);
    }

    async fn paging_and_rebuilding(engine) {
        let docs: Vec<SearchDocument> = (0..7).map(|n| doc(Kind::Dataset, &format!("Dataset nummer {n}"))).collect();
        engine.upsert(docs.clone()).await.expect("indexed");
        let mut seen = Vec::new();
        for page in 0..3 {
            let request = SearchRequest { offset: page * 3, limit: 3, ..ask("dataset") };
            let results = engine.search(&request).await.expect("runs");
            assert_eq!(results.total, 7);
            seen.extend(results.hits.into_iter().map(|h| h.id));
        }
        seen.sort();
        let mut all: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
        all.sort();
        assert_eq!(seen, all);

        let replacement = doc(Kind::Dataset, "Nieuwe bron");
        engine.rebuild(vec![replacement.clone()], DATABASE).await.expect("rebuilt");
        assert_eq!(engine.search(&ask("")).await.expect("runs").total, 1);
        assert_eq!(ids(engine, ask("nieuwe bron")).await, [replacement.id.as_str()]);
        engine.upsert(vec![doc(Kind::Dataset, "Na de herbouw")]).await.expect("writes go on after a rebuild");
        assert_eq!(engine.search(&ask("")).await.expect("runs").total, 2);
    }

    async fn a_rebuild_records_its_database_and_a_stale_index_answers_stale_until_rebuilt(engine) {
        let kept = doc(Kind::Dataset, "Parkeerplaatsen");
        engine.rebuild(vec![kept.clone()], "database-a").await.expect("rebuilt");
        assert_eq!(engine.built_for().await.expect("readable"), Some("database-a".to_owned()));
        assert_eq!(engine.document_ids().await.expect("listed"), [kept.id.as_str()], "the marker is no document");
        let all = engine.search(&ask("")).await.expect("runs");
        assert_eq!(all.total, 1, "searches never find the marker");
        let kinds = all.facets.iter().find(|f| f.field == "kind").expect("the kind facet");
        assert_eq!(kinds.values.len(), 1, "nor count it");

        engine.mark_stale(stale::OTHER_DATABASE);
        assert_eq!(engine.state(), IndexState::Stale(stale::OTHER_DATABASE.to_owned()));
        match engine.search(&ask("parkeerplaatsen")).await {
            Err(SearchError::Stale(reason)) => assert_eq!(reason, stale::OTHER_DATABASE),
            other => panic!("a stale index must not answer: {other:?}"),
        }
        engine.rebuild(vec![kept.clone()], "database-b").await.expect("rebuilt");
        assert_eq!(engine.state(), IndexState::Ready);
        assert_eq!(engine.built_for().await.expect("readable"), Some("database-b".to_owned()));
        assert_eq!(ids(engine, ask("parkeerplaatsen")).await, [kept.id.as_str()]);
    }
}

/// A Meilisearch rebuild that fails leaves no index of its own behind (each retry would otherwise add a full
/// copy), and the live index keeps answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_meilisearch_rebuild_leaves_no_index_behind() {
    let Some(url) = meili_url() else {
        lode_skip::skip_unless_configured(
            "no Meilisearch server to test against (MEILI_URL is not set)",
        );
        return;
    };
    let key = std::env::var("MEILI_API_KEY").ok();
    let prefix = format!("lode_test_{}_", Uuid::now_v7().simple());
    let engine = MeiliEngine::new(&url, key.as_deref(), &prefix).expect("a client");
    engine.prepare().await.expect("the index is prepared");
    let kept = doc(Kind::Dataset, "Parkeerplaatsen");
    engine
        .rebuild(vec![kept.clone()], DATABASE)
        .await
        .expect("built");
    // Meilisearch refuses this id, after the rebuild's index was made.
    let mut refused = doc(Kind::Dataset, "Geweigerd");
    refused.id = "not a valid id!".to_owned();
    let failed = engine.rebuild(vec![refused], DATABASE).await;
    assert!(failed.is_err(), "{failed:?}");

    let client = meilisearch_sdk::client::Client::new(url, key).expect("a client");
    let left: Vec<String> = meilisearch_sdk::indexes::IndexesQuery::new(&client)
        .with_limit(1000)
        .execute()
        .await
        .expect("the indexes are listed")
        .results
        .into_iter()
        .map(|index| index.uid)
        .filter(|uid| uid.starts_with(&prefix) && uid.contains("_rebuild_"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "indexes left behind");
    assert_eq!(ids(&engine, ask("parkeerplaatsen")).await, [kept.id]);
    let _ = engine.drop_index().await;
}
