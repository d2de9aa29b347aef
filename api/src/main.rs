//! The `lode` command: `serve` (the default), `migrate`, `reindex`, `create-admin` and `export-schema`.

use clap::{Parser, Subcommand};
use entities::values::Role;
use lode_api::config::{Mode, Overrides, Settings};
use lode_api::domain::accounts;
use lode_api::domain::write::{Change, Store};
use lode_api::indexing::relay::RelaySettings;
use lode_api::live::SeatHub;
use lode_api::{db, demo, graphql, indexing, server};
use std::path::PathBuf;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// LODE: the backend of the Ghent–Bruges open-data co-creation programme.
#[derive(Parser)]
#[command(name = "lode", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Starts the API, GraphiQL and the front end (the default).
    Serve {
        /// The port to listen on (0 picks a free one) [env: LODE_PORT, default 8080].
        #[arg(long)]
        port: Option<u16>,
        /// Where the embedded database lives [env: LODE_DATA_DIR, default ./data].
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Do not load the demo data into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Applies the database migrations and exits.
    Migrate {
        /// Where the embedded database lives [env: LODE_DATA_DIR, default ./data].
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Rebuilds the search index from the database and swaps it in, without a gap in search; works beside
    /// a running server, which switches to the new index.
    Reindex {
        /// Where the embedded database and search index live [env: LODE_DATA_DIR, default ./data].
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Creates an admin account (the first one, say). The password comes from `LODE_ADMIN_PASSWORD`, or
    /// else from the first line of standard input.
    CreateAdmin {
        /// The admin's e-mail address.
        #[arg(long)]
        email: String,
        /// Where the embedded database lives [env: LODE_DATA_DIR, default ./data].
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Prints the GraphQL schema (SDL), or writes it to a file.
    ExportSchema {
        /// The file to write, e.g. schema.graphql.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run(Cli::parse().command.unwrap_or(Command::Serve {
        port: None,
        data_dir: None,
        no_demo: false,
    }))
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::ExportSchema { out } => {
            let sdl = graphql::sdl();
            match out {
                Some(path) => std::fs::write(&path, sdl)
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => {
                    print!("{sdl}");
                    Ok(())
                }
            }
        }
        Command::Migrate { data_dir } => {
            let settings = load(Overrides {
                data_dir,
                ..Overrides::default()
            })?;
            let db = open(&settings).await?;
            tracing::info!("migrations applied");
            db.close()
                .await
                .map_err(|e| format!("closing the database failed: {e}"))
        }
        Command::CreateAdmin { email, data_dir } => {
            let settings = load(Overrides {
                data_dir,
                ..Overrides::default()
            })?;
            let password = match std::env::var("LODE_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    eprintln!(
                        "password for {email} (12 to 256 characters, not easy to guess), then Enter:"
                    );
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .map_err(|e| format!("cannot read the password: {e}"))?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let db = open(&settings).await?;
            let store = Store::new(db, SeatHub::default());
            let created = accounts::create_account(
                &store,
                &Change::unaudited("the first admin, made on the command line"),
                accounts::NewAccount {
                    email,
                    password,
                    role: Role::Admin,
                    partner_id: None,
                    cities: Vec::new(),
                },
            )
            .await
            .map_err(|e| format!("cannot create the admin account: {e}"))?;
            tracing::info!(account = %created.id, "admin account created");
            Ok(())
        }
        Command::Reindex { data_dir } => {
            let settings = load(Overrides {
                data_dir,
                ..Overrides::default()
            })?;
            let db = open(&settings).await?;
            let engine = indexing::open_engine(&settings)
                .map_err(|e| format!("cannot open the search engine: {e}"))?;
            let report = indexing::reindex::reindex(&db, engine.as_ref())
                .await
                .map_err(|_| "the rebuild failed (see the log above)".to_owned())?;
            tracing::info!(
                documents = report.documents,
                requeued = report.requeued,
                "rebuilt the search index; changes made meanwhile are queued for the relay"
            );
            Ok(())
        }
        Command::Serve {
            port,
            data_dir,
            no_demo,
        } => {
            let settings = load(Overrides {
                port,
                data_dir,
                no_demo,
            })?;
            let db = open(&settings).await?;
            let production = settings.mode == Mode::Production;
            if production && settings.demo {
                tracing::info!("production mode: the demo data set is never loaded");
            }
            if settings.demo
                && !production
                && demo::load_if_empty(&db)
                    .await
                    .map_err(|e| format!("loading the demo data failed: {e}"))?
            {
                tracing::info!("loaded the demo data set (fictional Ghent and Bruges records)");
            }
            if demo::has_accounts(&db).await.unwrap_or(false) {
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
            let engine = indexing::open_engine(&settings)
                .map_err(|e| format!("cannot open the search engine: {e}"))?;
            // Before listening, so no search is answered from an index found wanting; the relay then
            // rebuilds it in the background (and checks again if the engine could not be asked now).
            let checked = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                indexing::reindex::verify(&db, engine.as_ref()),
            )
            .await;
            match &checked {
                Ok(Ok(search::IndexState::Ready)) => {}
                Ok(Ok(search::IndexState::Stale(reason))) => tracing::warn!(
                    reason,
                    "the search index will be rebuilt from the database; search answers UNAVAILABLE until then"
                ),
                Ok(Err(_)) | Err(_) => tracing::warn!(
                    "the search index could not be checked yet; the relay checks it once the engine answers"
                ),
            }
            // Checked once is enough; the relay checks only if this check could not be made.
            let relay_settings = RelaySettings {
                check_at_start: !matches!(checked, Ok(Ok(_))),
                ..RelaySettings::default()
            };
            let relay = indexing::relay::spawn(db.clone(), engine.clone(), relay_settings);
            let listener = tokio::net::TcpListener::bind((settings.host.as_str(), settings.port))
                .await
                .map_err(|e| {
                    format!("cannot listen on {}:{}: {e}", settings.host, settings.port)
                })?;
            let address = listener.local_addr().map_err(|e| e.to_string())?;
            let shutdown = shutdown_signal();
            tracing::info!(
                "LODE is listening on http://{address}/ (GraphiQL at http://{address}/graphql)"
            );
            let seats = SeatHub::default();
            let seat_listener = seats.listen(&db).await;
            let router = server::router(db.clone(), engine, seats, &settings.api_options());
            server::serve(listener, router, shutdown).await;
            // Whatever the relay had not sent yet stays in the outbox for the next start.
            relay.abort();
            if let Some(seat_listener) = seat_listener {
                seat_listener.abort();
            }
            // On SQLite, nothing erased may stay behind in the write-ahead log.
            if let Err(err) = db::close(db).await {
                tracing::warn!(error = %err, "closing the database failed");
            }
            tracing::info!("stopped");
            Ok(())
        }
    }
}

/// Reads the settings and prints them (without secrets).
fn load(overrides: Overrides) -> Result<Settings, String> {
    let settings = Settings::load(&overrides).map_err(|e| format!("invalid configuration: {e}"))?;
    tracing::info!("settings: {}", settings.describe());
    Ok(settings)
}

/// Connects to the configured database (creating the data directory for SQLite) and migrates it.
async fn open(settings: &Settings) -> Result<sea_orm::DatabaseConnection, String> {
    if settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", settings.data_dir.display()))?;
    }
    let db = db::connect(settings.database_url().expose())
        .await
        .map_err(|_| {
            format!(
                "cannot connect to the database {}",
                lode_api::config::redact(settings.database_url().expose())
            )
        })?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("migrating the database failed: {e}"))?;
    Ok(db)
}

/// Resolves on ctrl-c or SIGTERM, so in-flight requests finish before the process exits. The handlers are
/// installed at once, not when the future is first polled: a stop signal sent as soon as the server says it
/// listens still stops it cleanly (closing the database) instead of killing it.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let handlers = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (interrupt, terminate) = handlers;
            let wait = |handler: Option<tokio::signal::unix::Signal>| async move {
                match handler {
                    Some(mut handler) => {
                        handler.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
    }
}
