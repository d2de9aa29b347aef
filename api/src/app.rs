//! Starting LODE: the one way from the settings to a running service, for `lode serve` and the tests
//! alike. [`App::build`] opens and migrates the database, loads the demo data where asked, opens and checks
//! the search index, starts the background tasks (the search relay, the mail relay and the seat listener) and builds the
//! router on a bound listener; [`App::serve`] serves it until asked to stop, then stops them. A new
//! background task is started in [`App::build`] and stopped in [`App::serve`], and nowhere else.

use crate::config::{ApiOptions, Mode, Secret, Settings};
use crate::db::{self, OpenError};
use crate::demo;
use crate::error::ApiError;
use crate::http;
use crate::indexing::relay::{self, RelaySettings};
use crate::indexing::{self, SharedEngine, reindex};
use crate::live::SeatHub;
use crate::mail::compose::Composer;
use crate::mail::transport::Transport;
use crate::mail::{self, MailSettings};
use sea_orm::DatabaseConnection;
use search::{IndexState, SearchError};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::RuntimeFlavor;
use tokio::task::JoinHandle;

/// How long a starting server waits for the search index check before it listens anyway (the relay then
/// checks once the engine answers).
const INDEX_CHECK_WAIT: Duration = Duration::from_secs(10);

/// The longest [`RelayHandle::abort`] waits for the relay to stop.
const ABORT_WAIT: Duration = Duration::from_secs(5);

/// Called with every SQL statement the application runs (the tests count them).
pub type StatementObserver = Arc<dyn Fn(&sea_orm::metric::Info<'_>) + Send + Sync>;

/// Everything [`App::build`] needs: the settings, and how the parts are put together. `From<Settings>`
/// gives what `lode serve` runs with; a test changes what it needs.
#[derive(Clone)]
pub struct AppSettings {
    /// The settings: database, search engine, listen address, demo data.
    pub settings: Settings,
    /// What the API needs of them (by default [`Settings::api_options`]).
    pub api: ApiOptions,
    /// How the search relay paces itself (whether it checks the index at start is decided by
    /// [`App::build`]).
    pub relay: RelaySettings,
    /// A search engine to use instead of the one the settings name: one shared with another server, or
    /// one a test can cut off.
    pub engine: Option<SharedEngine>,
    /// Called with every SQL statement the application runs.
    pub on_statement: Option<StatementObserver>,
    /// How e-mail is sent (by default [`Settings::mail_settings`]).
    pub mail: MailSettings,
}

impl From<Settings> for AppSettings {
    fn from(settings: Settings) -> Self {
        Self {
            api: settings.api_options(),
            mail: settings.mail_settings(),
            settings,
            relay: RelaySettings::default(),
            engine: None,
            on_statement: None,
        }
    }
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] OpenError),
    /// The demo data could not be loaded.
    #[error("loading the demo data failed: {0}")]
    Demo(ApiError),
    /// The search engine could not be opened.
    #[error("cannot open the search engine: {0}")]
    Search(SearchError),
    /// E-mail cannot be sent as the settings say (a malformed SMTP URL or sender, a folder that cannot be
    /// made).
    #[error("cannot send e-mail: {0}")]
    Mail(String),
    /// The address could not be listened on.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// `host:port`.
        address: String,
        /// Why not.
        source: std::io::Error,
    },
}

/// A task that runs as long as its owner: dropping it stops the task.
struct Background(JoinHandle<()>);

impl Drop for Background {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The search relay of a running application (see [`crate::indexing::relay`]). It stops when the last
/// handle to it is dropped.
#[derive(Clone)]
pub struct RelayHandle(Arc<RelayTask>);

struct RelayTask {
    db: DatabaseConnection,
    engine: SharedEngine,
    settings: RelaySettings,
    task: Mutex<Background>,
}

impl RelayHandle {
    fn start(db: DatabaseConnection, engine: SharedEngine, settings: RelaySettings) -> Self {
        let task = relay::spawn(db.clone(), engine.clone(), settings.clone());
        Self(Arc::new(RelayTask {
            db,
            engine,
            settings,
            task: Mutex::new(Background(task)),
        }))
    }

    fn task(&self) -> std::sync::MutexGuard<'_, Background> {
        self.0.task.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stops the relay without awaiting anything, for code that cannot (a `Drop`): where the runtime has
    /// other threads, on which the relay may be running right now, it waits (a moment at most) until the
    /// relay has stopped. Whatever it had not sent stays in the outbox.
    pub fn abort(&self) {
        let task = self.task();
        task.0.abort();
        // On a single-threaded runtime nothing else runs while this does: the relay never runs again.
        let alone = tokio::runtime::Handle::try_current()
            .is_ok_and(|runtime| runtime.runtime_flavor() == RuntimeFlavor::CurrentThread);
        let deadline = std::time::Instant::now() + ABORT_WAIT;
        while !alone && !task.0.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Stops the relay, and returns once it has stopped. Whatever it had not sent stays in the outbox.
    pub async fn stop(&self) {
        self.task().0.abort();
        while !self.task().0.is_finished() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Stops the relay and starts a new one, as a new process's relay would start: it checks the index
    /// against the database first.
    pub fn restart(&self) {
        let settings = RelaySettings {
            check_at_start: true,
            ..self.0.settings.clone()
        };
        let fresh = relay::spawn(self.0.db.clone(), self.0.engine.clone(), settings);
        // The relay before is stopped as it is dropped.
        *self.task() = Background(fresh);
    }
}

/// LODE, built and ready to serve: its database, search engine and background tasks, and the router on
/// a bound listener.
pub struct App {
    db: DatabaseConnection,
    relay: RelayHandle,
    mail_relay: MailRelayHandle,
    seat_listener: Option<Background>,
    listener: tokio::net::TcpListener,
    address: SocketAddr,
    router: axum::Router,
}

impl App {
    /// Opens and migrates the database, loads the demo data (outside production, into an empty database,
    /// when the settings ask for it), opens the search engine and checks its index against the database,
    /// starts the search relay and the seat listener, builds the router and binds the listener.
    #[tracing::instrument(name = "start", skip_all)]
    pub async fn build(settings: AppSettings) -> Result<App, StartError> {
        let AppSettings {
            settings,
            api,
            relay,
            engine,
            on_statement,
            mail,
        } = settings;
        let mut db = db::open(&settings).await?;
        if let Some(observe) = on_statement {
            db.set_metric_callback(move |info| observe(info));
        }
        load_demo(&db, &settings).await?;
        let engine = match engine {
            Some(engine) => engine,
            None => indexing::open_engine(&settings).map_err(StartError::Search)?,
        };
        let checked = check_index(&db, &engine).await;
        // Checked once is enough; the relay checks only if this check could not be made.
        let relay = RelayHandle::start(
            db.clone(),
            engine.clone(),
            RelaySettings {
                check_at_start: !checked,
                ..relay
            },
        );
        let production = settings.mode == Mode::Production;
        if production && settings.public_url.is_none() {
            return Err(StartError::Mail(
                "production mode needs the front end's public address for the links in e-mail: set LODE_PUBLIC_URL".to_owned(),
            ));
        }
        let mail_relay = start_mail(&db, mail, production).await?;
        let seats = SeatHub::default();
        let seat_listener = seats.listen(&db).await.map(Background);
        let router = http::router(db.clone(), engine, seats, &api);
        let listener = tokio::net::TcpListener::bind((settings.host.as_str(), settings.port))
            .await
            .map_err(|source| StartError::Listen {
                address: format!("{}:{}", settings.host, settings.port),
                source,
            })?;
        let address = listener.local_addr().map_err(|source| StartError::Listen {
            address: format!("{}:{}", settings.host, settings.port),
            source,
        })?;
        Ok(App {
            db,
            relay,
            mail_relay,
            seat_listener,
            listener,
            address,
            router,
        })
    }

    /// The address it listens on (with the port picked, when the settings asked for port 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its database.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Its search relay.
    pub fn relay(&self) -> RelayHandle {
        self.relay.clone()
    }

    /// Its mail relay.
    pub fn mail_relay(&self) -> MailRelayHandle {
        self.mail_relay.clone()
    }

    /// Serves until `shutdown` resolves and the requests in flight have finished, then stops the
    /// background tasks and closes the database. Whatever the relay had not sent stays in the outbox for
    /// the next start.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send) {
        let App {
            db,
            relay,
            mail_relay,
            seat_listener,
            listener,
            address,
            router,
        } = self;
        tracing::info!(
            "LODE is listening on http://{address}/ (GraphiQL at http://{address}/graphql)"
        );
        http::serve(listener, router, shutdown).await;
        relay.stop().await;
        mail_relay.stop().await;
        drop((relay, seat_listener));
        // On SQLite, nothing erased may stay behind in the write-ahead log.
        if let Err(err) = db::close(db).await {
            tracing::warn!(error = %err, "closing the database failed");
        }
        tracing::info!("stopped");
    }
}

/// The mail relay of a running application (see [`crate::mail::relay`]). It stops when the last handle to
/// it is dropped; [`MailRelayHandle::stop`] lets the messages it is handing over finish first.
#[derive(Clone)]
pub struct MailRelayHandle(Arc<MailRelayTask>);

struct MailRelayTask {
    stop: tokio::sync::watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for MailRelayTask {
    fn drop(&mut self) {
        if let Some(task) = self
            .task
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            task.abort();
        }
    }
}

impl MailRelayHandle {
    fn take(&self) -> Option<JoinHandle<()>> {
        self.0.task.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Asks the relay to claim nothing more, waits (a bounded while) for the messages it is handing over,
    /// so none the server accepted goes unrecorded and is sent again after the next start, then stops it.
    pub async fn stop(&self) {
        let _ = self.0.stop.send(true);
        let Some(mut task) = self.take() else {
            return;
        };
        let wait = mail::transport::SMTP_TIMEOUT + Duration::from_secs(5);
        if tokio::time::timeout(wait, &mut task).await.is_err() {
            tracing::warn!(
                "the mail relay did not stop in time; its messages in hand are sent again later"
            );
            task.abort();
        }
    }

    /// Stops the relay at once, as a process that is killed: whatever it had not recorded is sent again
    /// by a relay after it.
    pub fn abort(&self) {
        if let Some(task) = self.take() {
            task.abort();
        }
    }
}

/// Starts the mail relay: it sends through the SMTP server the settings name, or writes `.eml` files (never
/// in production, where messages written to a folder would reach nobody).
async fn start_mail(
    db: &DatabaseConnection,
    mail: MailSettings,
    production: bool,
) -> Result<MailRelayHandle, StartError> {
    if production && mail.smtp_url.is_none() {
        return Err(StartError::Mail(
            "production mode sends e-mail through an SMTP server: set LODE_SMTP_URL".to_owned(),
        ));
    }
    mail::unsubscribe::ensure_key(db)
        .await
        .map_err(|e| StartError::Mail(e.to_string()))?;
    let transport = Transport::open(mail.smtp_url.as_ref().map(Secret::expose), &mail.files_dir)
        .map_err(StartError::Mail)?;
    let composer = Composer::new(&mail.from, &mail.public_url, mail.reminder_before)
        .map_err(StartError::Mail)?;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let task = mail::relay::spawn(
        db.clone(),
        transport,
        Arc::new(composer),
        mail.relay,
        mail.digest_at,
        stopping,
    );
    Ok(MailRelayHandle(Arc::new(MailRelayTask {
        stop,
        task: Mutex::new(Some(task)),
    })))
}

/// Loads the demo data set into an empty database where the settings ask for it (never in production),
/// records that a database started on real data holds no demo data, and warns loudly whenever demo
/// accounts exist.
#[tracing::instrument(skip_all)]
async fn load_demo(db: &DatabaseConnection, settings: &Settings) -> Result<(), StartError> {
    let production = settings.mode == Mode::Production;
    if production && settings.demo {
        tracing::info!("production mode: the demo data set is never loaded");
    }
    if production || !settings.demo {
        // Real data: `lode reset-demo` must never empty this database, whatever it once held.
        demo::forget(db).await.map_err(StartError::Demo)?;
    }
    if settings.demo && !production && demo::load_if_empty(db).await.map_err(StartError::Demo)? {
        tracing::info!("loaded the demo data set (fictional Ghent and Bruges records)");
    }
    if demo::has_accounts(db).await.unwrap_or(false) {
        tracing::warn!(
            "demo accounts exist (for trying LODE only; never in production, start with --no-demo on real data):"
        );
        for account in demo::DEMO_ACCOUNTS {
            tracing::warn!(
                "  {:<12} {:<34} password {}",
                format!("{:?}", account.role).to_uppercase(),
                account.email,
                account.password
            );
        }
    }
    Ok(())
}

/// Checks the search index against the database before the server listens, so no search is answered
/// from an index found wanting (the relay then rebuilds it in the background). Says whether the check
/// could be made.
#[tracing::instrument(skip_all)]
async fn check_index(db: &DatabaseConnection, engine: &SharedEngine) -> bool {
    let checked =
        tokio::time::timeout(INDEX_CHECK_WAIT, reindex::verify(db, engine.as_ref())).await;
    match &checked {
        Ok(Ok(IndexState::Ready)) => {}
        Ok(Ok(IndexState::Stale(reason))) => tracing::warn!(
            reason,
            "the search index will be rebuilt from the database; search answers UNAVAILABLE until then"
        ),
        Ok(Err(_)) | Err(_) => tracing::warn!(
            "the search index could not be checked yet; the relay checks it once the engine answers"
        ),
    }
    matches!(checked, Ok(Ok(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_aborted_relay_has_stopped_when_abort_returns() {
        let folder =
            std::env::temp_dir().join(format!("lode-abort-{}", uuid::Uuid::now_v7().simple()));
        let engine: SharedEngine =
            Arc::new(search::embedded::EmbeddedEngine::open(&folder).expect("an index folder"));
        let db = sea_orm::Database::connect("sqlite::memory:")
            .await
            .expect("SQLite in memory");
        // Caught at different points of its work.
        for pause in 0..20 {
            let relay = RelayHandle::start(db.clone(), engine.clone(), RelaySettings::default());
            tokio::time::sleep(Duration::from_millis(pause)).await;
            relay.abort();
            assert!(relay.task().0.is_finished(), "after {pause} ms");
        }
        drop(engine);
        let _ = std::fs::remove_dir_all(folder);
    }
}
