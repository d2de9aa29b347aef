//! The `lode` command: `serve` (the default), `migrate`, `reindex`, `reset-demo`, `create-admin` and
//! `export-schema`.

use clap::{Parser, Subcommand};
use entities::values::Role;
use lode_api::app::{App, AppSettings};
use lode_api::config::{Mode, Overrides, Settings};
use lode_api::demo;
use lode_api::domain::accounts;
use lode_api::domain::write::{Change, Store};
use lode_api::live::SeatHub;
use lode_api::telemetry::{self, LogFormat};
use lode_api::{db, graphql, indexing};
use std::path::PathBuf;
use std::process::ExitCode;

/// Serving a request allocates many small values that live as long as the request: mimalloc hands them out
/// and takes them back at a fraction of the system allocator's cost (`bench/run.py` measures the difference).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Empties the database and loads the demo data again, then rebuilds the search index: for trying LODE
    /// anew. Only a database that `lode serve` filled with the demo data, and never in production mode; any
    /// other database is left as it is. Every session ends: the accounts are made anew.
    ResetDemo {
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
    let format = match LogFormat::from_env() {
        Ok(format) => format,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    if let Err(err) = telemetry::init(format, std::io::stdout, terminal) {
        eprintln!("cannot set up the logs: {err}");
        return ExitCode::FAILURE;
    }
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
                    // The admin typed it themselves.
                    must_change_password: false,
                    language: entities::values::Language::Nl,
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
            reindex(&settings, &db).await
        }
        Command::ResetDemo { data_dir } => {
            let settings = load(Overrides {
                data_dir,
                ..Overrides::default()
            })?;
            if settings.mode == Mode::Production {
                return Err(
                    "production mode: the demo data is never loaded, so reset-demo refuses"
                        .to_owned(),
                );
            }
            let db = open(&settings).await?;
            demo::reset(&db)
                .await
                .map_err(|e| format!("cannot reset the demo data: {e}"))?;
            reindex(&settings, &db).await?;
            tracing::info!(
                "the demo data is back; the demo accounts are those `lode serve` prints"
            );
            db.close()
                .await
                .map_err(|e| format!("closing the database failed: {e}"))
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
            let app = App::build(AppSettings::from(settings))
                .await
                .map_err(|e| e.to_string())?;
            // Installed before the server says it listens: see `shutdown_signal`.
            let shutdown = shutdown_signal();
            app.serve(shutdown).await;
            Ok(())
        }
    }
}

/// Rebuilds the search index from the database and swaps it in.
async fn reindex(settings: &Settings, db: &sea_orm::DatabaseConnection) -> Result<(), String> {
    let engine = indexing::open_engine(settings)
        .map_err(|e| format!("cannot open the search engine: {e}"))?;
    let report = indexing::reindex::reindex(db, engine.as_ref())
        .await
        .map_err(|_| "the rebuild failed (see the log above)".to_owned())?;
    tracing::info!(
        documents = report.documents,
        requeued = report.requeued,
        "rebuilt the search index; changes made meanwhile are queued for the relay"
    );
    Ok(())
}

/// Reads the settings and prints them (without secrets).
fn load(overrides: Overrides) -> Result<Settings, String> {
    let settings = Settings::load(&overrides).map_err(|e| format!("invalid configuration: {e}"))?;
    tracing::info!("settings: {}", settings.describe());
    Ok(settings)
}

/// Opens the configured database and brings its schema up to date.
async fn open(settings: &Settings) -> Result<sea_orm::DatabaseConnection, String> {
    db::open(settings).await.map_err(|e| e.to_string())
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
