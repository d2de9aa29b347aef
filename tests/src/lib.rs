//! The test harness: [`TestApp::spawn`] starts the real LODE server on a free port over a fresh database
//! (a SQLite file under `data/test`, or a new PostgreSQL database), and talks to it over HTTP.
//!
//! [`db_tests!`] declares each test twice, once per database. The PostgreSQL half needs a server at
//! `LODE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`); without one it is
//! skipped ([`skip_because`]: named in the summary the test binary prints at its end), except under
//! `CI=true`, where it fails.

use async_trait::async_trait;
use entities::values::{City, Role};
use lode_api::app::{App, AppSettings, MailRelayHandle, RelayHandle};
use lode_api::config::{ApiOptions, Secret, Settings};
use lode_api::domain::accounts::{self, NewAccount};
use lode_api::domain::write::{Change, Store};
use lode_api::indexing::relay::RelaySettings;
use lode_api::indexing::{SharedEngine, outbox};
use lode_api::limits::RateLimitSettings;
use lode_api::live::SeatHub;
use lode_api::mail::MailSettings;
use lode_api::mail::relay::RelaySettings as MailRelaySettings;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use search::embedded::EmbeddedEngine;
use search::meili::MeiliEngine;
use search::{IndexState, SearchDocument, SearchEngine, SearchError, SearchRequest, SearchResults};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// A WebSocket to the server (see [`TestApp::websocket`]).
pub type WebSocket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next text message on a WebSocket, as JSON (within 10 s; pings and other frames are passed over).
pub async fn next_json(socket: &mut WebSocket) -> Value {
    use futures_util::StreamExt;
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("the socket stays open")
            .expect("a valid message");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (the embedded default).
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// A running server over a fresh database, and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The HTTP client.
    pub client: reqwest::Client,
    /// The database the server uses (for checks behind the API's back).
    pub db: DatabaseConnection,
    /// The database the test runs on.
    pub backend: Backend,
    statements: Arc<AtomicUsize>,
    server: tokio::task::JoinHandle<()>,
    relay: RelayHandle,
    mail_relay: MailRelayHandle,
    /// The database URL, for a second server on the same database.
    url: String,
    /// The search engine, behind a switch that can cut it off.
    pub search: Arc<Switchable>,
    /// Where the search index lives.
    location: SearchLocation,
    /// The bearer token of an admin account, which [`TestApp::graphql`] sends.
    pub admin_token: String,
    /// How the server sends e-mail (a second server beside it sends the same way).
    pub mail: MailSettings,
    /// The settings the server runs with.
    options: ApiOptions,
    cleanup: Cleanup,
    search_cleanup: SearchCleanup,
}

/// What to remove of the search index when the test ends.
enum SearchCleanup {
    /// Another server over the same index removes it.
    Nothing,
    Folder(PathBuf),
    MeiliIndex {
        url: String,
        key: Option<String>,
        prefix: String,
    },
}

/// Where a test's search index lives.
#[derive(Clone, Debug)]
pub enum SearchLocation {
    /// The embedded engine's folder.
    Folder(PathBuf),
    /// A Meilisearch server and the prefix of the test's indexes.
    Meili {
        /// The server.
        url: String,
        /// Its API key.
        key: Option<String>,
        /// The index name prefix.
        prefix: String,
    },
}

impl SearchLocation {
    /// Opens an engine over the index, as a `lode` process starting would.
    pub fn open(&self) -> SharedEngine {
        match self {
            SearchLocation::Folder(folder) => {
                Arc::new(EmbeddedEngine::open(folder).expect("the embedded index opens"))
            }
            SearchLocation::Meili { url, key, prefix } => Arc::new(
                MeiliEngine::new(url, key.as_deref(), prefix).expect("a Meilisearch client"),
            ),
        }
    }
}

/// A search engine that can be made unreachable, to test what happens while it is down, or replaced, as a
/// restarted process would open it again.
pub struct Switchable {
    inner: RwLock<SharedEngine>,
    down: AtomicBool,
}

impl Switchable {
    /// The engine behind the switch.
    pub fn inner(&self) -> SharedEngine {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Puts another engine behind the switch, and returns once nothing uses the one before (so an
    /// embedded index's files and locks are let go).
    pub async fn replace(&self, engine: SharedEngine) {
        let before = Arc::downgrade(&std::mem::replace(
            &mut *self.inner.write().unwrap_or_else(|p| p.into_inner()),
            engine,
        ));
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while before.strong_count() > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the engine before is still in use"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Cuts the engine off (every call fails as unreachable) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), SearchError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(SearchError::Unavailable("cut off by the test".to_owned()));
        }
        Ok(())
    }
}

#[async_trait]
impl SearchEngine for Switchable {
    fn name(&self) -> &'static str {
        self.inner().name()
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        self.check()?;
        self.inner().prepare().await
    }
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), SearchError> {
        self.check()?;
        self.inner().upsert(documents).await
    }
    async fn delete(&self, ids: Vec<String>) -> Result<(), SearchError> {
        self.check()?;
        self.inner().delete(ids).await
    }
    async fn rebuild(
        &self,
        documents: Vec<SearchDocument>,
        database: &str,
    ) -> Result<(), SearchError> {
        self.check()?;
        self.inner().rebuild(documents, database).await
    }
    async fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.check()?;
        self.inner().search(request).await
    }
    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        self.check()?;
        self.inner().built_for().await
    }
    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        self.check()?;
        self.inner().document_ids().await
    }
    fn state(&self) -> IndexState {
        self.inner().state()
    }
    fn mark_stale(&self, reason: &str) {
        self.inner().mark_stale(reason);
    }
}

/// An engine that answers nothing: what a test's server has while its index is let go.
struct Unreachable(&'static str);

#[async_trait]
impl SearchEngine for Unreachable {
    fn name(&self) -> &'static str {
        self.0
    }
    async fn prepare(&self) -> Result<(), SearchError> {
        Err(gone())
    }
    async fn upsert(&self, _: Vec<SearchDocument>) -> Result<(), SearchError> {
        Err(gone())
    }
    async fn delete(&self, _: Vec<String>) -> Result<(), SearchError> {
        Err(gone())
    }
    async fn rebuild(&self, _: Vec<SearchDocument>, _: &str) -> Result<(), SearchError> {
        Err(gone())
    }
    async fn search(&self, _: &SearchRequest) -> Result<SearchResults, SearchError> {
        Err(gone())
    }
    async fn built_for(&self) -> Result<Option<String>, SearchError> {
        Err(gone())
    }
    async fn document_ids(&self) -> Result<Vec<String>, SearchError> {
        Err(gone())
    }
    fn state(&self) -> IndexState {
        IndexState::Ready
    }
    fn mark_stale(&self, _: &str) {}
}

fn gone() -> SearchError {
    SearchError::Unavailable("the index is let go by the test".to_owned())
}

/// Where a fresh search index for one test lives: Meilisearch when `MEILI_URL` is set, else the embedded
/// engine's folder.
fn test_location(id: &str) -> SearchLocation {
    if let Some(url) = std::env::var("MEILI_URL")
        .ok()
        .filter(|url| !url.is_empty())
    {
        SearchLocation::Meili {
            url,
            key: std::env::var("MEILI_API_KEY").ok(),
            prefix: format!("lode_test_{id}_"),
        }
    } else {
        SearchLocation::Folder(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../data/test/{id}-search")),
        )
    }
}

/// What to remove of a test's own search index.
fn cleanup_of(location: &SearchLocation) -> SearchCleanup {
    match location.clone() {
        SearchLocation::Folder(folder) => SearchCleanup::Folder(folder),
        SearchLocation::Meili { url, key, prefix } => {
            SearchCleanup::MeiliIndex { url, key, prefix }
        }
    }
}

/// How a test server sends e-mail: to the SMTP server at `smtp_url`, else as `.eml` files into a folder of
/// its own under `data/test` (removed with the test's database); links point to `http://lode.test/`, and the
/// mail relay is quick to notice work and to retry.
pub fn test_mail_settings(smtp_url: Option<&str>) -> MailSettings {
    MailSettings {
        smtp_url: smtp_url.map(Secret::new),
        files_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../data/test")
            .join(format!("mail-{}", uuid::Uuid::now_v7().simple())),
        from: "LODE <lode@lode.test>".to_owned(),
        public_url: "http://lode.test/".to_owned(),
        reminder_before: Duration::from_secs(24 * 3600),
        digest_at: chrono::NaiveTime::from_hms_opt(7, 0, 0).expect("a time"),
        relay: MailRelaySettings {
            idle_poll: Duration::from_millis(10),
            first_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(200),
            ..MailRelaySettings::default()
        },
    }
}

/// A test server that sends its e-mail to a real SMTP server of its own (`smtp::SmtpServer`).
pub struct Mailing {
    /// The SMTP server the messages reach.
    pub smtp: smtp::SmtpServer,
    /// The server under test.
    pub app: TestApp,
}

impl Mailing {
    /// Starts both, with the test mail settings; none (the test is skipped) without aiosmtpd or the
    /// database.
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |_| {}).await
    }

    /// Starts both, with the test mail settings as `adjust` changes them.
    pub async fn start_with(
        backend: Backend,
        adjust: impl FnOnce(&mut MailSettings),
    ) -> Option<Self> {
        let smtp = smtp::SmtpServer::start()?;
        let mut settings = test_mail_settings(Some(&smtp.url()));
        adjust(&mut settings);
        let app = TestApp::spawn_with_mail(backend, settings).await?;
        Some(Self { smtp, app })
    }
}

/// Relay pacing for tests: quick to notice work and quick to retry.
pub fn test_relay_settings() -> RelaySettings {
    RelaySettings {
        idle_poll: Duration::from_millis(10),
        first_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(100),
        ..RelaySettings::default()
    }
}

/// What to remove when the test ends.
enum Cleanup {
    /// Another server over the same database removes it.
    Nothing,
    SqliteFile(PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
}

/// The PostgreSQL server the tests create their databases on.
fn postgres_admin_url() -> String {
    std::env::var("LODE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub mod browser;
pub mod node;
pub mod smtp;

pub use lode_skip::{in_ci, skip_because};

/// The most log lines kept for [`logged`].
const KEPT_LOG_LINES: usize = 20_000;

/// The latest log lines of every server in this test binary.
static LOG_LINES: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// Where the servers' logs go: the test's own output (shown when it fails), and [`LOG_LINES`].
#[derive(Clone, Copy)]
struct TestLog;

impl std::io::Write for TestLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(bytes);
        print!("{text}");
        let mut lines = LOG_LINES.lock().unwrap_or_else(|p| p.into_inner());
        for line in text.lines() {
            if lines.len() == KEPT_LOG_LINES {
                lines.pop_front();
            }
            lines.push_back(line.to_owned());
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for TestLog {
    type Writer = TestLog;
    fn make_writer(&'a self) -> TestLog {
        *self
    }
}

/// Sets up the logs once per test binary, as `lode` does (`LODE_LOG_FORMAT`, `RUST_LOG`), writing to
/// [`TestLog`].
fn init_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let format = lode_api::telemetry::LogFormat::from_env().expect("a valid LODE_LOG_FORMAT");
        // Another subscriber set up by the test itself wins.
        let _ = lode_api::telemetry::init(format, TestLog, false);
    });
}

/// The log lines of this test binary's servers that hold `needle` (a request id, say), oldest first.
pub fn logged(needle: &str) -> Vec<String> {
    LOG_LINES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .filter(|line| line.contains(needle))
        .cloned()
        .collect()
}

/// Runs an outside program to its end, off the runtime's worker threads, so the server keeps answering it.
pub async fn run_to_end(mut command: std::process::Command) -> std::process::Output {
    let program = command.get_program().to_string_lossy().into_owned();
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the program ran")
        .unwrap_or_else(|err| panic!("{program} did not start: {err}"))
}

impl TestApp {
    /// Starts the server on SQLite with the demo data loaded and indexed (with the test settings of
    /// [`TestApp::spawn`]: no rate limits, and the test admin beside the demo accounts).
    pub async fn with_demo_data() -> TestApp {
        let app = Self::spawn(Backend::Sqlite)
            .await
            .expect("SQLite always runs");
        lode_api::demo::load_if_empty(&app.db)
            .await
            .expect("the demo data loads");
        app.wait_for_index(Duration::from_secs(60)).await;
        app
    }

    /// [`TestApp::with_demo_data`], sending its e-mail as `mail` says.
    pub async fn with_demo_data_and_mail(mail: MailSettings) -> TestApp {
        let app = Self::spawn_with_mail(Backend::Sqlite, mail)
            .await
            .expect("SQLite always runs");
        lode_api::demo::load_if_empty(&app.db)
            .await
            .expect("the demo data loads");
        app.wait_for_index(Duration::from_secs(60)).await;
        app
    }

    /// Starts the server over a fresh, migrated, empty database, with one admin account and no rate
    /// limits. `None` when PostgreSQL is asked for but unreachable outside CI (a warning is printed).
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, test_relay_settings(), test_options()).await
    }

    /// [`TestApp::spawn`], with the search relay paced as given.
    pub async fn spawn_with_relay(
        backend: Backend,
        relay_settings: RelaySettings,
    ) -> Option<TestApp> {
        Self::spawn_with(backend, relay_settings, test_options()).await
    }

    /// [`TestApp::spawn`], with the search relay paced and the server configured as given.
    pub async fn spawn_with(
        backend: Backend,
        relay_settings: RelaySettings,
        options: ApiOptions,
    ) -> Option<TestApp> {
        let location = test_location(&uuid::Uuid::now_v7().simple().to_string());
        let cleanup = cleanup_of(&location);
        Self::spawn_full(backend, relay_settings, options, location, None, cleanup).await
    }

    /// Starts a server over a fresh database and the search index at `location`, left by another server
    /// (which removes it at its end): as `lode serve` pointed at an old index.
    pub async fn spawn_over(backend: Backend, location: SearchLocation) -> Option<TestApp> {
        Self::spawn_full(
            backend,
            test_relay_settings(),
            test_options(),
            location,
            None,
            SearchCleanup::Nothing,
        )
        .await
    }

    /// Starts a server over a fresh database and the given search engine.
    pub async fn spawn_with_engine(backend: Backend, engine: SharedEngine) -> Option<TestApp> {
        let location = test_location(&uuid::Uuid::now_v7().simple().to_string());
        Self::spawn_full(
            backend,
            test_relay_settings(),
            test_options(),
            location,
            Some(engine),
            SearchCleanup::Nothing,
        )
        .await
    }

    async fn spawn_full(
        backend: Backend,
        relay_settings: RelaySettings,
        options: ApiOptions,
        location: SearchLocation,
        engine: Option<SharedEngine>,
        search_cleanup: SearchCleanup,
    ) -> Option<TestApp> {
        Self::spawn_mailing(
            backend,
            relay_settings,
            options,
            location,
            engine,
            search_cleanup,
            test_mail_settings(None),
        )
        .await
    }

    /// Starts the server over a fresh database, sending e-mail to the SMTP server `smtp_url` (see
    /// [`smtp::SmtpServer`]), with the mail relay quick to notice work and to retry.
    pub async fn spawn_with_mail(backend: Backend, mail: MailSettings) -> Option<TestApp> {
        let location = test_location(&uuid::Uuid::now_v7().simple().to_string());
        let cleanup = cleanup_of(&location);
        Self::spawn_mailing(
            backend,
            test_relay_settings(),
            test_options(),
            location,
            None,
            cleanup,
            mail,
        )
        .await
    }

    async fn spawn_mailing(
        backend: Backend,
        relay_settings: RelaySettings,
        mut options: ApiOptions,
        location: SearchLocation,
        engine: Option<SharedEngine>,
        search_cleanup: SearchCleanup,
        mail: MailSettings,
    ) -> Option<TestApp> {
        // The development page lists the test's own folder, never `./data/mail`.
        if options.dev_mail_dir.is_some() {
            options.dev_mail_dir = mail.smtp_url.is_none().then(|| mail.files_dir.clone());
        }
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/test");
                std::fs::create_dir_all(&dir).expect("the test data directory can be created");
                let file = dir.join(format!("{}.db", uuid::Uuid::now_v7().simple()));
                (
                    format!("sqlite://{}?mode=rwc", file.display()),
                    Cleanup::SqliteFile(file),
                )
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                // Where PostgreSQL must be there, a busy machine gets time to answer; elsewhere a missing
                // server is noticed quickly.
                let wait = Duration::from_secs(if in_ci() { 30 } else { 5 });
                let admin = match tokio::time::timeout(wait, Database::connect(&admin_url)).await {
                    Ok(Ok(admin)) => admin,
                    _ => {
                        skip_because(&format!("PostgreSQL is unreachable at {admin_url}"));
                        return None;
                    }
                };
                let name = format!("lode_test_{}", uuid::Uuid::now_v7().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("a test database can be created");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(base, _)| base);
                (
                    format!("{base}/{name}"),
                    Cleanup::PostgresDatabase { admin_url, name },
                )
            }
        };

        let engine = engine.unwrap_or_else(|| location.open());
        let search = Arc::new(Switchable {
            inner: RwLock::new(engine),
            down: AtomicBool::new(false),
        });
        let statements = Arc::new(AtomicUsize::new(0));
        let Started {
            db,
            address,
            relay,
            mail_relay,
            server,
        } = start(
            &url,
            search.clone(),
            relay_settings,
            options.clone(),
            statements.clone(),
            mail.clone(),
        )
        .await;
        if !matches!(search_cleanup, SearchCleanup::Nothing) {
            // The test's own new index is found missing at start and built (empty) by the relay: tests
            // start from a ready index.
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            while search.state() != IndexState::Ready {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the new index was not built within 60 s"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        let admin_token = sign_in(&db, "admin@lode.test", Role::Admin, &[], None).await;
        Some(TestApp {
            address,
            client: reqwest::Client::new(),
            db,
            backend,
            statements,
            server,
            relay,
            mail_relay,
            url,
            search,
            location,
            admin_token,
            mail,
            options,
            cleanup,
            search_cleanup,
        })
    }

    /// A second server over the same database and search engine, as a second `lode` process would be.
    pub async fn spawn_beside(&self) -> TestApp {
        let statements = Arc::new(AtomicUsize::new(0));
        let Started {
            db,
            address,
            relay,
            mail_relay,
            server,
        } = start(
            &self.url,
            self.search.clone(),
            test_relay_settings(),
            self.options.clone(),
            statements.clone(),
            self.mail.clone(),
        )
        .await;
        TestApp {
            address,
            client: reqwest::Client::new(),
            db,
            backend: self.backend,
            statements,
            server,
            relay,
            mail_relay,
            url: self.url.clone(),
            search: self.search.clone(),
            location: self.location.clone(),
            admin_token: self.admin_token.clone(),
            mail: self.mail.clone(),
            options: self.options.clone(),
            cleanup: Cleanup::Nothing,
            search_cleanup: SearchCleanup::Nothing,
        }
    }

    /// The URL of the server's database, for a program run beside it (the benchmark's data generator).
    pub fn database_url(&self) -> &str {
        &self.url
    }

    /// The SQLite database file the server uses (its write-ahead log and shared-memory index lie beside it,
    /// with `-wal` and `-shm`); `None` on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        match &self.cleanup {
            Cleanup::SqliteFile(file) => Some(file),
            _ => None,
        }
    }

    /// Where the search index lives.
    pub fn search_location(&self) -> SearchLocation {
        self.location.clone()
    }

    /// Stops the relay and lets go of the search index (its files and locks), as a stopped process would;
    /// searches answer as unreachable until [`TestApp::reopen_search`].
    pub async fn release_search(&self) {
        self.stop_relay().await;
        self.search
            .replace(Arc::new(Unreachable(self.search.name())))
            .await;
    }

    /// Opens the search index again (after [`TestApp::release_search`]) and checks it against the
    /// database, as `lode serve` starting over it does before it listens; the relay, which rebuilds an
    /// index found wanting, is not started yet (see [`TestApp::start_relay`]).
    pub async fn reopen_search(&self) {
        self.search.replace(self.location.open()).await;
        let _ = lode_api::indexing::reindex::verify(&self.db, self.search.as_ref()).await;
    }

    /// Starts a new relay (after [`TestApp::stop_relay`] or [`TestApp::release_search`]), as a new process
    /// would.
    pub fn start_relay(&mut self) {
        self.relay.restart();
    }

    /// Runs a GraphQL operation as the admin and returns the whole response (`data` and `errors`).
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_as(Some(&self.admin_token), query, variables)
            .await
    }

    /// Runs a GraphQL operation with a bearer token (or none: anonymously) and returns the whole response.
    pub async fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("the answer is JSON")
    }

    /// Runs a GraphQL operation as the admin that must succeed and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        self.data_as(Some(&self.admin_token), query, variables)
            .await
    }

    /// Runs a GraphQL operation with a bearer token (or none) that must succeed and returns its `data`.
    pub async fn data_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let response = self.graphql_as(token, query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }

    /// Runs a GraphQL operation as the admin that must fail and returns its first error.
    pub async fn error(&self, query: &str, variables: Value) -> Value {
        let response = self.graphql(query, variables).await;
        response["errors"][0].clone()
    }

    /// Creates an account straight through the domain and returns a bearer token for it.
    pub async fn account(
        &self,
        email: &str,
        role: Role,
        cities: &[City],
        partner_global_id: Option<&str>,
    ) -> String {
        let partner = partner_global_id.map(|id| {
            lode_api::graphql::ids::decode(
                "partnerId",
                &async_graphql::ID(id.to_owned()),
                lode_api::graphql::ids::Kind::Partner,
            )
            .expect("a partner id")
        });
        sign_in(&self.db, email, role, cities, partner).await
    }

    /// Opens a WebSocket to `/graphql/ws` speaking graphql-ws (`graphql-transport-ws`), before its
    /// `connection_init`.
    pub async fn websocket(&self) -> WebSocket {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut request = format!("{}/graphql/ws", self.address.replace("http://", "ws://"))
            .into_client_request()
            .expect("a request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().expect("a header"),
        );
        tokio_tungstenite::connect_async(request)
            .await
            .expect("the socket opens")
            .0
    }

    /// Sends a raw body to `/graphql`.
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}/graphql", self.address))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// A GET request to a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    /// A GET request to a path as a browser navigating sends it (its `Accept` prefers HTML): how
    /// GraphiQL's page is asked for at `/graphql`.
    pub async fn browse(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header(
                "accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .send()
            .await
            .expect("the server answers")
    }

    /// Waits until the search index has caught up with every change and is not being rebuilt (at most
    /// `limit`), and says how long that took.
    pub async fn wait_for_index(&self, limit: Duration) -> Duration {
        let start = std::time::Instant::now();
        loop {
            let status = outbox::status(&self.db)
                .await
                .expect("the outbox can be read");
            if status.pending == 0 && self.search.state() == IndexState::Ready {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < limit,
                "the index did not catch up within {limit:?}: {status:?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until the mail outbox has nothing left due (sent, dropped or set aside), so a count of the
    /// messages that arrived is final (at most `limit`).
    pub async fn wait_for_mail(&self, limit: Duration) {
        let start = std::time::Instant::now();
        loop {
            let status = lode_api::mail::outbox::status(&self.db)
                .await
                .expect("the mail outbox can be read");
            if status.pending == 0 {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "the mail outbox did not empty within {limit:?}: {status:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the search relay and the mail relay for good, and returns once they have stopped. Counting
    /// statements needs it: the relays' polling and the tail of a last round (a `COMMIT` that lands after
    /// the outbox reads empty) would otherwise be counted with the requests'.
    pub async fn stop_relay(&self) {
        self.relay.stop().await;
        self.mail_relay.stop().await;
    }

    /// Stops the server and its background tasks (both relays), as a process that ends; the database and
    /// the search index stay for a server started beside it ([`TestApp::spawn_beside`]).
    pub fn stop_server(&self) {
        self.relay.abort();
        self.mail_relay.abort();
        self.server.abort();
    }

    /// Starts counting SQL statements from zero.
    pub fn reset_statement_count(&self) {
        self.statements.store(0, Ordering::SeqCst);
    }

    /// SQL statements run since the last reset: every statement on the server's database, so stop the
    /// relay ([`TestApp::stop_relay`]) first.
    pub fn statement_count(&self) -> usize {
        self.statements.load(Ordering::SeqCst)
    }

    /// Creates a value domain and returns its global id.
    pub async fn value_domain(&self, name: &str) -> String {
        let data = self
            .data(
                "mutation($input: CreateValueDomainInput!) { createValueDomain(input: $input) { valueDomain { id } } }",
                json!({ "input": { "name": name, "economicValue": 3, "societalValue": 4, "dataReadiness": 2, "themes": ["ENVI"] } }),
            )
            .await;
        id_of(&data["createValueDomain"]["valueDomain"])
    }

    /// Creates a pilot case in a domain and returns its global id.
    pub async fn pilot_case(&self, title: &str, domain: &str) -> String {
        let data = self
            .data(
                "mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { id } } }",
                json!({ "input": { "title": title, "valueDomainId": domain, "cities": ["GENT"] } }),
            )
            .await;
        id_of(&data["createPilotCase"]["pilotCase"])
    }

    /// Creates an approved partner and returns its global id.
    pub async fn approved_partner(&self, name: &str, stakeholder_type: &str) -> String {
        let data = self
            .data(
                "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
                json!({ "input": { "name": name, "stakeholderType": stakeholder_type, "homeCity": "GENT" } }),
            )
            .await;
        let id = id_of(&data["createPartner"]["partner"]);
        self.data(
            "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }",
            json!({ "id": id }),
        )
        .await;
        id
    }

    /// Creates `count` approved partners of one stakeholder type straight through the domain rules (faster
    /// than a request each) and returns their global ids.
    pub async fn approved_partners(
        &self,
        count: usize,
        kind: entities::values::StakeholderType,
    ) -> Vec<String> {
        use lode_api::domain::partners::PartnerFields;
        use lode_api::domain::record;
        let store = Store::new(self.db.clone(), SeatHub::default());
        let mut ids = Vec::new();
        for n in 0..count {
            let fields = PartnerFields {
                name: Some(format!("Deelnemer {n}")),
                stakeholder_type: Some(kind),
                ..PartnerFields::default()
            };
            let partner = record::create::<entities::partner::Entity>(&store, &FIXTURES, fields)
                .await
                .expect("a partner");
            record::set_status::<entities::partner::Entity>(
                &store,
                &FIXTURES,
                partner.id,
                None,
                entities::values::PartnerStatus::Approved,
            )
            .await
            .expect("approved");
            ids.push(
                lode_api::graphql::ids::encode(lode_api::graphql::ids::Kind::Partner, partner.id).0,
            );
        }
        ids
    }

    /// Creates a published event in a week, open for sign-ups now, and returns its global id.
    pub async fn open_event(&self, title: &str, capacity: i32) -> String {
        let starts = chrono::Utc::now() + chrono::Duration::days(7);
        let ends = starts + chrono::Duration::hours(2);
        let event = self
            .event(
                title,
                &starts.to_rfc3339(),
                &ends.to_rfc3339(),
                json!({ "capacity": capacity }),
            )
            .await;
        self.data(
            "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }",
            json!({ "id": event }),
        )
        .await;
        event
    }

    /// Creates a draft event and returns its global id.
    pub async fn event(&self, title: &str, starts_at: &str, ends_at: &str, extra: Value) -> String {
        let mut input = json!({
            "title": title, "format": "WORKSHOP", "startsAt": starts_at, "endsAt": ends_at,
            "cities": ["GENT"], "venue": "De Krook", "capacity": 20
        });
        if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
            input.extend(extra.clone());
        }
        let data = self
            .data(
                "mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id } } }",
                json!({ "input": input }),
            )
            .await;
        id_of(&data["createEvent"]["event"])
    }
}

/// The password of every account the tests create.
pub const TEST_PASSWORD: &str = "test-password-123";

/// Server settings for tests: no rate limits (the sign-up tests send hundreds of requests from one address).
pub fn test_options() -> ApiOptions {
    ApiOptions {
        rate_limits: RateLimitSettings {
            logins_per_minute: 0,
            sign_ups_per_hour: 0,
            event_sign_ups_per_minute: 0,
        },
        ..ApiOptions::default()
    }
}

/// A server started by [`start`].
struct Started {
    db: DatabaseConnection,
    address: String,
    relay: RelayHandle,
    mail_relay: MailRelayHandle,
    server: tokio::task::JoinHandle<()>,
}

/// Starts a server over the database at `url` and the given search engine, as `lode serve` does
/// ([`App::build`]), on a free port, counting every SQL statement it runs in `statements`.
async fn start(
    url: &str,
    search: Arc<Switchable>,
    relay: RelaySettings,
    api: ApiOptions,
    statements: Arc<AtomicUsize>,
    mail: MailSettings,
) -> Started {
    init_logs();
    let settings = Settings {
        host: "127.0.0.1".to_owned(),
        port: 0,
        database_url: Some(Secret::new(url)),
        demo: false,
        ..Settings::default()
    };
    let app = App::build(AppSettings {
        api,
        relay,
        mail,
        engine: Some(search),
        on_statement: Some(Arc::new(move |info| {
            statements.fetch_add(1, Ordering::SeqCst);
            if std::env::var("LODE_TEST_PRINT_SQL").is_ok() {
                eprintln!(
                    "SQL {}",
                    info.statement.sql.chars().take(160).collect::<String>()
                );
            }
        })),
        ..AppSettings::from(settings)
    })
    .await
    .expect("the server starts");
    Started {
        db: app.db().clone(),
        address: format!("http://{}", app.address()),
        relay: app.relay(),
        mail_relay: app.mail_relay(),
        server: tokio::spawn(app.serve(std::future::pending())),
    }
}

/// A test's own records, made straight through the domain rules: nobody's change, so no audit entries.
const FIXTURES: Change = Change::unaudited("a test's fixtures");

/// Creates an account and logs it in; returns its bearer token.
async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    role: Role,
    cities: &[City],
    partner_id: Option<uuid::Uuid>,
) -> String {
    let store = Store::new(db.clone(), SeatHub::default());
    accounts::create_account(
        &store,
        &FIXTURES,
        NewAccount {
            email: email.to_owned(),
            password: TEST_PASSWORD.to_owned(),
            role,
            partner_id,
            cities: cities.to_vec(),
            must_change_password: false,
            language: entities::values::Language::Nl,
        },
    )
    .await
    .expect("the account is created");
    accounts::login(
        &store,
        email,
        TEST_PASSWORD.to_owned(),
        Duration::from_secs(3600),
    )
    .await
    .expect("the account logs in")
    .token
}

/// The `id` of a record in a response.
pub fn id_of(record: &Value) -> String {
    record["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {record:#}"))
        .to_owned()
}

/// The record UUID behind a global id.
pub fn uuid_of(global_id: &str) -> uuid::Uuid {
    lode_api::graphql::ids::decode_any("id", &async_graphql::ID(global_id.to_owned()))
        .expect("a global id")
        .1
}

/// The `extensions.code` of an error.
pub fn code_of(error: &Value) -> &str {
    error["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {error:#}"))
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The relay first: left running, it could write the index back or work on a database being
        // dropped. The app goes with its server task; its other background tasks stop with it.
        self.relay.abort();
        self.mail_relay.abort();
        self.server.abort();
        match &self.search_cleanup {
            SearchCleanup::Nothing => {}
            SearchCleanup::Folder(folder) => {
                let _ = std::fs::remove_dir_all(folder);
            }
            SearchCleanup::MeiliIndex { url, key, prefix } => {
                let (url, key, prefix) = (url.clone(), key.clone(), prefix.clone());
                // Drop runs outside async code; a short-lived runtime on its own thread removes the index.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let (Ok(runtime), Ok(meili)) =
                        (runtime, MeiliEngine::new(&url, key.as_deref(), &prefix))
                    {
                        let _ = runtime.block_on(meili.drop_index());
                    }
                })
                .join();
            }
        }
        if !matches!(self.cleanup, Cleanup::Nothing) {
            let _ = std::fs::remove_dir_all(&self.mail.files_dir);
        }
        match &self.cleanup {
            Cleanup::Nothing => {}
            Cleanup::SqliteFile(file) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside async code; a short-lived runtime on its own thread removes the database.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(runtime) = runtime {
                        runtime.block_on(async {
                            if let Ok(admin) = Database::connect(&admin_url).await {
                                let _ = admin
                                    .execute_unprepared(&format!(
                                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                    ))
                                    .await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// Declares each test twice, as `name::sqlite` and `name::postgres`, each on a fresh server and database.
/// By default the server is [`TestApp::spawn`]'s; `spawn with f;` first starts it with `f(backend)`.
///
/// ```ignore
/// db_tests! {
///     async fn a_value_domain_can_be_created(app) { … }
/// }
/// ```
#[macro_export]
macro_rules! db_tests {
    (spawn with $spawn:expr; $(async fn $name:ident($app:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let $app = ($spawn)($crate::Backend::Sqlite).await.expect("SQLite always runs");
                    $body
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some($app) = ($spawn)($crate::Backend::Postgres).await else { return };
                    $body
                }
            }
        )*
    };
    // For a server that needs more than a database (an SMTP server): on SQLite too, a `None` is a skip the
    // spawn has already named.
    (spawn or skip with $spawn:expr; $(async fn $name:ident($app:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let Some($app) = ($spawn)($crate::Backend::Sqlite).await else { return };
                    $body
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some($app) = ($spawn)($crate::Backend::Postgres).await else { return };
                    $body
                }
            }
        )*
    };
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        $crate::db_tests! { spawn with $crate::TestApp::spawn; $(async fn $name($app) $body)* }
    };
}
