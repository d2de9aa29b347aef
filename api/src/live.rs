//! Live seat counts: every change to an event's sign-ups is announced, and subscribers hear it in every
//! `lode` process. On PostgreSQL the announcement is a `NOTIFY` that each process `LISTEN`s for (so a
//! sign-up on one process reaches a subscriber on another); on SQLite, which one process owns, it goes
//! straight to the local subscribers.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::time::Duration;
use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL channel the announcements travel on.
const CHANNEL: &str = "lode_event_seats";

/// Fans announcements out to the subscribers of this process.
#[derive(Clone)]
pub struct SeatHub {
    sender: broadcast::Sender<Uuid>,
}

impl Default for SeatHub {
    fn default() -> Self {
        // Subscribers that fall behind skip to the latest counts, which is all they need.
        Self {
            sender: broadcast::channel(1024).0,
        }
    }
}

impl SeatHub {
    /// Receives the ids of events whose sign-ups changed.
    pub fn subscribe(&self) -> broadcast::Receiver<Uuid> {
        self.sender.subscribe()
    }

    /// Announces that an event's sign-ups changed (after the change committed).
    pub async fn announce(&self, db: &DatabaseConnection, event_id: Uuid) {
        match db.get_database_backend() {
            DbBackend::Postgres => {
                let notify = Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), event_id.to_string().into()],
                );
                if let Err(err) = db.execute_raw(notify).await {
                    tracing::warn!(error = %err, "could not announce a seat change");
                }
            }
            _ => {
                let _ = self.sender.send(event_id);
            }
        }
    }

    /// On PostgreSQL, forwards every process's announcements to this process's subscribers, reconnecting
    /// when the connection drops. Returns once the first `LISTEN` is in place (or after [`LISTEN_WAIT`],
    /// with a warning, while the database cannot be reached), so a process hears every announcement made
    /// after it starts serving. Does nothing on SQLite.
    pub async fn listen(&self, db: &DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let pool = db.get_postgres_connection_pool().clone();
        let sender = self.sender.clone();
        let (ready_tx, ready) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let mut ready_tx = Some(ready_tx);
            loop {
                match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(mut listener) => match listener.listen(CHANNEL).await {
                        Ok(()) => {
                            if let Some(ready_tx) = ready_tx.take() {
                                let _ = ready_tx.send(());
                            }
                            while let Ok(notification) = listener.recv().await {
                                if let Ok(id) = Uuid::parse_str(notification.payload()) {
                                    let _ = sender.send(id);
                                }
                            }
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "cannot listen for seat changes; retrying")
                        }
                    },
                    Err(err) => {
                        tracing::warn!(error = %err, "cannot listen for seat changes; retrying")
                    }
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        if tokio::time::timeout(LISTEN_WAIT, ready).await.is_err() {
            tracing::warn!(
                "not yet listening for seat changes; live counts from other processes may miss some"
            );
        }
        Some(task)
    }
}

/// How long a starting process waits for its first `LISTEN`.
pub const LISTEN_WAIT: Duration = Duration::from_secs(30);
