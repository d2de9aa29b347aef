//! Search that heals itself: an index that is missing, damaged, left from another database or ahead of a
//! restored one is rebuilt (search answering "being rebuilt" meanwhile, `/ready` saying so), `lode reindex`
//! runs beside a running server, a killed process's claims on the outbox lapse within seconds, and a
//! refused Meilisearch key is reported as unavailability.

use async_trait::async_trait;
use lode_api::indexing::{SharedEngine, relay};
use lode_tests::{SearchLocation, TestApp, code_of, db_tests, id_of, uuid_of};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use search::meili::MeiliEngine;
use search::{
    IndexState, Kind, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn outbox_row(app: &TestApp, record: &str) -> entities::search_outbox::Model {
    entities::search_outbox::Entity::find()
        .filter(entities::search_outbox::Column::RecordId.eq(uuid_of(record)))
        .one(&app.db)
        .await
        .expect("the outbox can be read")
        .expect("the record is in the outbox")
}

/// Well under the five minutes a killed process's claims used to hold its records back.
const PROMPTLY: Duration = Duration::from_secs(60);

async fn create_dataset(app: &TestApp, title: &str) -> String {
    let data = app
        .data(
            "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Gent\", url: \"https://data.example.org/d\", licence: \"CC0-1.0\", theme: TRAN }) { dataset { id } } }",
            json!({ "t": title }),
        )
        .await;
    id_of(&data["createDataset"]["dataset"])
}

/// The whole answer to a search, errors included.
async fn search(app: &TestApp, query: &str) -> Value {
    app.graphql(
        "query($q: String!) { search(query: $q) { totalCount edges { node { __typename ... on Dataset { id } } } } }",
        json!({ "q": query }),
    )
    .await
}

/// The records a search finds, once it answers (it may answer "being rebuilt" first) with exactly
/// `expected` hits; fails after `limit`.
async fn found_once_answered(
    app: &TestApp,
    query: &str,
    expected: usize,
    limit: Duration,
) -> Vec<String> {
    let start = Instant::now();
    loop {
        let answer = search(app, query).await;
        if answer.get("errors").is_none()
            && answer["data"]["search"]["totalCount"] == json!(expected)
        {
            let edges = answer["data"]["search"]["edges"].as_array().expect("edges");
            assert_eq!(edges.len(), expected, "a hit without its record: {answer}");
            return edges.iter().map(|edge| id_of(&edge["node"])).collect();
        }
        assert!(
            start.elapsed() < limit,
            "searching {query:?} did not find {expected} records within {limit:?}: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn ready(app: &TestApp) -> (u16, Value) {
    let response = app.get("/ready").await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

/// Asserts that search says the index is being rebuilt, and `/ready` that the service is ready but search
/// is rebuilding for `reason`, `behind` records behind.
async fn assert_rebuilding(app: &TestApp, reason: &str, behind: u64) {
    let answer = search(app, "telling").await;
    let error = &answer["errors"][0];
    assert_eq!(
        code_of(error),
        "UNAVAILABLE",
        "no wrong answer meanwhile: {answer}"
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("rebuilt")),
        "{answer}"
    );
    let (status, body) = ready(app).await;
    assert_eq!(status, 200, "the rest of the API works: {body}");
    assert_eq!(body["search"]["status"], "rebuilding", "{body}");
    assert_eq!(body["search"]["reason"], reason, "{body}");
    assert_eq!(body["search"]["recordsBehind"], behind, "{body}");
}

/// Deletes a test's index, as someone removing `<data dir>/search` (or the Meilisearch index) would.
async fn delete_index(location: &SearchLocation) {
    match location {
        SearchLocation::Folder(folder) => {
            // The running engine may write a file while the folder is being removed: remove again until
            // nothing is left.
            for attempt in 1.. {
                match std::fs::remove_dir_all(folder) {
                    Ok(()) => break,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                    Err(e)
                        if e.kind() == std::io::ErrorKind::DirectoryNotEmpty && attempt < 100 => {}
                    Err(e) => panic!("the index folder could not be deleted: {e}"),
                }
            }
        }
        SearchLocation::Meili { url, key, prefix } => MeiliEngine::new(url, key.as_deref(), prefix)
            .expect("a client")
            .drop_index()
            .await
            .expect("deleted"),
    }
}

/// Flips a byte in the middle of every index file, as a failing disk would.
fn damage_files(folder: &std::path::Path) {
    for generation in std::fs::read_dir(folder).expect("the folder").flatten() {
        if !generation.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(generation.path())
            .expect("a generation")
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") || name.starts_with('.') || name == "DATABASE" {
                continue;
            }
            let mut bytes = std::fs::read(file.path()).expect("readable");
            if let Some(middle) = bytes.len().checked_div(2).filter(|_| !bytes.is_empty()) {
                bytes[middle] ^= 0xff;
                std::fs::write(file.path(), bytes).expect("damaged");
            }
        }
    }
}

/// A document of a record the database does not have.
fn stranger(title: &str) -> SearchDocument {
    let record_id = uuid::Uuid::now_v7();
    SearchDocument {
        id: Kind::Dataset.document_id(record_id),
        kind: Kind::Dataset,
        record_id,
        slug: "vreemd".to_owned(),
        title: title.to_owned(),
        summary: String::new(),
        body: String::new(),
        tags: Vec::new(),
        cities: Vec::new(),
        stakeholder_types: Vec::new(),
        value_domain_ids: Vec::new(),
        status: "AVAILABLE".to_owned(),
        starts_at: None,
    }
}

/// An engine that takes work and never finishes it: a relay sending to it is stuck mid-claim.
struct Stuck(SharedEngine);

#[async_trait]
impl SearchEngine for Stuck {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        self.0.prepare().await
    }
    async fn upsert(&self, _: Vec<SearchDocument>) -> Result<(), SearchError> {
        std::future::pending().await
    }
    async fn delete(&self, _: Vec<String>) -> Result<(), SearchError> {
        std::future::pending().await
    }
    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError> {
        self.0.rebuild(documents, database).await
    }
    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.0.search(request).await
    }
    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        self.0.built_for().await
    }
    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        self.0.document_ids().await
    }
    fn state(&self) -> IndexState {
        self.0.state()
    }
    fn mark_stale(&self, reason: &str) {
        self.0.mark_stale(reason);
    }
}

/// An engine that cannot list its documents (so the relay's check of the index always fails) but takes
/// writes; it counts the attempts to list.
struct Unlisting(SharedEngine, Arc<std::sync::atomic::AtomicUsize>);

#[async_trait]
impl SearchEngine for Unlisting {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        self.0.prepare().await
    }
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.0.upsert(documents).await
    }
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.0.delete(ids).await
    }
    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError> {
        self.0.rebuild(documents, database).await
    }
    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.0.search(request).await
    }
    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        self.0.built_for().await
    }
    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Err(SearchError::Unavailable("listing timed out".to_owned()))
    }
    fn state(&self) -> IndexState {
        self.0.state()
    }
    fn mark_stale(&self, reason: &str) {
        self.0.mark_stale(reason);
    }
}

/// Waits until the record's change was sent.
async fn sent(app: &TestApp, record: &str) {
    let start = Instant::now();
    loop {
        let row = outbox_row(app, record).await;
        if row.sent_version == row.version {
            return;
        }
        assert!(
            start.elapsed() < PROMPTLY,
            "the record was never sent: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A server whose Meilisearch refuses its API key with `status` (401 without a key, 403 with a wrong one),
/// as Meilisearch words it.
async fn refusing_meilisearch(status: u16) -> String {
    let (code, message) = if status == 401 {
        (
            "missing_authorization_header",
            "The Authorization header is missing.",
        )
    } else {
        ("invalid_api_key", "The provided API key is invalid.")
    };
    let body = json!({ "message": message, "code": code, "type": "auth", "link": format!("https://docs.meilisearch.com/errors#{code}") });
    let router = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move {
            (
                axum::http::StatusCode::from_u16(status).expect("a status"),
                axum::Json(body),
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{address}")
}

db_tests! {
    async fn a_deleted_or_damaged_index_is_rebuilt_at_start_and_search_says_so_meanwhile(app) {
        let mut app = app;
        let dataset = create_dataset(&app, "Telling Coupure").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        let embedded = matches!(app.search_location(), SearchLocation::Folder(_));
        let damages: &[&str] = if embedded { &["deleted", "damaged"] } else { &["deleted"] };
        for damage in damages {
            app.release_search().await;
            match (*damage, app.search_location()) {
                ("damaged", SearchLocation::Folder(folder)) => damage_files(&folder),
                (_, location) => delete_index(&location).await,
            }
            app.reopen_search().await;
            let reason = if *damage == "deleted" { "missing" } else { "unreadable" };
            assert_rebuilding(&app, reason, 1).await;

            app.start_relay();
            assert_eq!(found_once_answered(&app, "telling", 1, PROMPTLY).await, [dataset.as_str()], "{damage}");
            app.wait_for_index(Duration::from_secs(30)).await;
            let (_, body) = ready(&app).await;
            assert_eq!(body["search"]["status"], "ready", "{body}");
            assert_eq!(body["search"]["recordsBehind"], 0, "{body}");
        }
    }

    async fn an_index_deleted_while_serving_is_rebuilt_without_a_restart(app) {
        let dataset = create_dataset(&app, "Telling Wondelgem").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        delete_index(&app.search_location()).await;
        assert_eq!(found_once_answered(&app, "wondelgem", 1, PROMPTLY).await, [dataset.as_str()]);
        // Deleted again, and written to before anyone searches (Meilisearch then makes a bare index).
        delete_index(&app.search_location()).await;
        let after = create_dataset(&app, "Telling Mariakerke").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(found_once_answered(&app, "mariakerke", 1, PROMPTLY).await, [after.as_str()]);
        assert_eq!(found_once_answered(&app, "telling", 2, PROMPTLY).await.len(), 2);
    }

    async fn an_index_left_from_another_database_is_rebuilt_before_it_answers(app) {
        let old = create_dataset(&app, "Oude meetreeks").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(found_once_answered(&app, "meetreeks", 1, PROMPTLY).await, [old]);
        app.release_search().await;

        // A fresh database pointed at the old index.
        let fresh = TestApp::spawn_over(app.backend, app.search_location()).await.expect("the database runs");
        assert!(found_once_answered(&fresh, "meetreeks", 0, PROMPTLY).await.is_empty(), "none of the other database's documents");
        let new = create_dataset(&fresh, "Nieuwe meetreeks").await;
        fresh.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(found_once_answered(&fresh, "meetreeks", 1, PROMPTLY).await, [new]);
    }

    async fn an_index_ahead_of_a_restored_database_is_rebuilt(app) {
        let mut app = app;
        let kept = create_dataset(&app, "Telling Brugse Poort").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        app.release_search().await;
        // The index holds a record written after the backup the database was restored from.
        let beside = app.search_location().open();
        beside.upsert(vec![stranger("Telling na de back-up")]).await.expect("written");
        drop(beside);

        app.reopen_search().await;
        assert_rebuilding(&app, "out of step with the database", 1).await;
        app.start_relay();
        assert_eq!(found_once_answered(&app, "telling", 1, PROMPTLY).await, [kept]);
        app.wait_for_index(Duration::from_secs(30)).await;
    }

    async fn lode_reindex_runs_beside_a_running_server_which_takes_up_the_new_index(app) {
        let mut app = app;
        let dataset = create_dataset(&app, "Telling Dampoort").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        // A change the index never heard of (made behind the outbox's back): only a rebuild brings it in.
        entities::dataset::Entity::update_many()
            .col_expr(entities::dataset::Column::Title, sea_orm::sea_query::Expr::value("Telling Sint-Pieters"))
            .filter(entities::dataset::Column::Id.eq(uuid_of(&dataset)))
            .exec(&app.db)
            .await
            .expect("changed");
        assert!(found_once_answered(&app, "sint-pieters", 0, PROMPTLY).await.is_empty());
        // The relay would resend the record after the rebuild anyway; without it, only the server taking up
        // the new index can find the change.
        app.stop_relay().await;

        // What `lode reindex` does, in its own process, while the server runs and holds the index.
        let beside = app.search_location().open();
        lode_api::indexing::reindex::reindex(&app.db, beside.as_ref()).await.expect("the rebuild runs beside the server");
        drop(beside);

        assert_eq!(found_once_answered(&app, "sint-pieters", 1, PROMPTLY).await, [dataset], "the server answers from the new index");
        app.start_relay();
        let after = create_dataset(&app, "Telling Muide").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(found_once_answered(&app, "muide", 1, PROMPTLY).await, [after], "and writes to it");
    }

    async fn a_killed_processs_claims_lapse_and_another_process_takes_its_records_over(app) {
        let mut app = app;
        app.stop_relay().await;
        // A process whose relay claims the record and is killed before it finishes: nothing is released.
        let stuck: SharedEngine = Arc::new(Stuck(app.search.clone()));
        let dead = relay::spawn(app.db.clone(), stuck, relay::RelaySettings { idle_poll: Duration::from_millis(10), ..relay::RelaySettings::default() });
        let dataset = create_dataset(&app, "Telling Sluizeken").await;
        let start = Instant::now();
        loop {
            let row = entities::search_outbox::Entity::find()
                .filter(entities::search_outbox::Column::RecordId.eq(uuid_of(&dataset)))
                .one(&app.db)
                .await
                .expect("the outbox can be read")
                .expect("the record is in the outbox");
            if row.claimed_until.is_some() {
                break;
            }
            assert!(start.elapsed() < PROMPTLY, "the relay never claimed the record");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        dead.abort();
        while !dead.is_finished() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }

        // `/ready` tells the lag and, once the lease lapsed unrenewed, the abandoned claim.
        let start = Instant::now();
        loop {
            let (status, body) = ready(&app).await;
            assert_eq!(status, 200);
            assert_eq!(body["search"]["pendingUpdates"], 1, "{body}");
            if body["search"]["abandonedClaims"] == 1 {
                assert!(body["search"]["oldestPendingSeconds"].as_f64() > Some(0.0), "{body}");
                break;
            }
            assert!(start.elapsed() < PROMPTLY, "the dead claim was never reported: {body}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // A new process starts and sends the record promptly.
        app.start_relay();
        assert_eq!(found_once_answered(&app, "sluizeken", 1, PROMPTLY).await, [dataset]);
        app.wait_for_index(Duration::from_secs(30)).await;
        let (_, body) = ready(&app).await;
        assert_eq!(body["search"]["abandonedClaims"], 0, "{body}");
        assert_eq!(body["search"]["pendingUpdates"], 0, "{body}");
    }

    async fn records_behind_counts_exactly_the_records_with_a_public_document(app) {
        lode_api::demo::load_if_empty(&app.db).await.expect("the demo data loads");
        let mut documents = 0;
        for kind in Kind::ALL {
            documents += lode_api::indexing::documents::documents(&app.db, kind, None).await.expect("read").len() as u64;
        }
        assert!(documents > 0);
        assert_eq!(lode_api::indexing::documents::public_count(&app.db).await.expect("counted"), documents);
    }

    async fn a_refused_meilisearch_key_answers_unavailable(app) {
        for status in [401, 403] {
            let url = refusing_meilisearch(status).await;
            let engine: SharedEngine = Arc::new(MeiliEngine::new(&url, Some("not-the-key"), "lode_").expect("a client"));
            let refused = TestApp::spawn_with_engine(app.backend, engine).await.expect("the database runs");
            let answer = search(&refused, "telling").await;
            assert_eq!(code_of(&answer["errors"][0]), "UNAVAILABLE", "HTTP {status}: {answer}");
        }
    }

    async fn a_relay_whose_claim_lapsed_and_was_taken_over_loses_it_and_its_late_write_is_sent_again(app) {
        use lode_api::indexing::outbox;
        let mut app = app;
        app.stop_relay().await;
        let dataset = create_dataset(&app, "Telling Patershol").await;
        // Relay A claims the record with a lease that lapses at once (as if it stalled past it)...
        let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let late = outbox::claim(&app.db, 10, Duration::ZERO, a).await.expect("A claims");
        assert_eq!(late.len(), 1);
        // ...and relay B takes it over, sends the current document and records it.
        let start = Instant::now();
        let taken = loop {
            let taken = outbox::claim(&app.db, 10, Duration::from_secs(60), b).await.expect("B claims");
            if !taken.is_empty() {
                break taken;
            }
            assert!(start.elapsed() < PROMPTLY, "the lapsed claim was never taken over");
            tokio::task::yield_now().await;
        };
        assert!(!outbox::renew(&app.db, &late, a, Duration::from_secs(60)).await.expect("A renews"), "A's claim is lost");
        assert!(outbox::renew(&app.db, &taken, b, Duration::from_secs(60)).await.expect("B renews"), "B holds its claim");
        outbox::sent(&app.db, &taken, b).await.expect("B records");
        assert_eq!(outbox_row(&app, &dataset).await.sent_version, outbox_row(&app, &dataset).await.version);

        // A's late write may have overwritten B's document: recording it marks the record to be sent again.
        outbox::sent(&app.db, &late, a).await.expect("A records");
        let after = outbox_row(&app, &dataset).await;
        assert!(after.sent_version < after.version, "the record is pending again: {after:?}");
        assert!(after.claimed_by.is_none(), "{after:?}");
        // Likewise when A releases or counts a refusal of a claim it lost.
        let pending = after.version;
        outbox::release(&app.db, &late, a, chrono::Utc::now()).await.expect("A releases");
        outbox::refused(&app.db, &late[0], a, 5, Duration::from_secs(1)).await.expect("A counts a refusal");
        let after = outbox_row(&app, &dataset).await;
        assert_eq!(after.version, pending + 2, "{after:?}");
        assert!(after.failed_at.is_none() && after.attempts == 0, "{after:?}");

        // The relay sends the current document once more.
        app.start_relay();
        app.wait_for_index(Duration::from_secs(30)).await;
        let done = outbox_row(&app, &dataset).await;
        assert_eq!(done.sent_version, done.version);
        assert_eq!(found_once_answered(&app, "patershol", 1, PROMPTLY).await, [dataset]);
    }

    async fn a_relay_sends_records_while_its_check_of_the_index_keeps_failing_and_skips_a_check_already_made(app) {
        let app = app;
        app.stop_relay().await;
        let lists = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let engine: SharedEngine = Arc::new(Unlisting(app.search.clone(), lists.clone()));
        let quick = relay::RelaySettings { idle_poll: Duration::from_millis(10), ..relay::RelaySettings::default() };

        // `lode serve` checked the index already: the relay does not check it again.
        let relay_after_check = relay::spawn(app.db.clone(), engine.clone(), relay::RelaySettings { check_at_start: false, ..quick.clone() });
        let first = create_dataset(&app, "Telling Brugse Poort").await;
        sent(&app, &first).await;
        relay_after_check.abort();
        assert_eq!(lists.load(std::sync::atomic::Ordering::SeqCst), 0, "the index was checked again");

        // A relay whose check keeps failing still sends every change, and checks again later.
        let relay = relay::spawn(app.db.clone(), engine, quick);
        let second = create_dataset(&app, "Telling Ekkergem").await;
        sent(&app, &second).await;
        relay.abort();
        assert!(lists.load(std::sync::atomic::Ordering::SeqCst) >= 1, "the relay checks when told to");
        assert_eq!(found_once_answered(&app, "ekkergem", 1, PROMPTLY).await, [second]);
    }

    async fn the_outbox_status_reads_are_indexed(app) {
        use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
        let backend = app.db.get_database_backend();
        let sql = match backend {
            DatabaseBackend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'search_outbox'",
            _ => "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'search_outbox'",
        };
        let names: Vec<String> = app
            .db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .expect("the indexes are listed")
            .into_iter()
            .map(|row| row.try_get::<String>("", "name").expect("a name"))
            .collect();
        for index in ["ix_search_outbox_failed_at", "ix_search_outbox_claimed_until", "ix_search_outbox_pending_since"] {
            assert!(names.iter().any(|name| name == index), "{index} missing from {names:?}");
        }
    }
}
