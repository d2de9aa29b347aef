//! The relay: a background task that sends the documents of changed records to the search engine.
//!
//! It claims due rows from the outbox, reads the current public document of each record (or learns that
//! it has none, and deletes it from the index), sends them, and records the versions sent once the engine
//! confirms. While the engine is unreachable it backs off and tries again, and the API keeps working; a
//! record the engine keeps refusing is set aside after a few attempts and counted in the status.

use super::outbox::Claim;
use super::{documents, outbox};
use crate::domain::now;
use crate::error::ApiError;
use sea_orm::DatabaseConnection;
use search::{Kind, SearchEngine, SearchError};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How the relay paces itself.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// The most records sent in one round.
    pub batch: u64,
    /// How long an idle relay waits before looking again.
    pub idle_poll: Duration,
    /// The first wait after the engine could not be reached; it doubles up to `max_backoff`.
    pub first_backoff: Duration,
    /// The longest wait between attempts to reach the engine.
    pub max_backoff: Duration,
    /// Refusals after which a record is set aside.
    pub max_attempts: i32,
    /// How long a claim keeps other relays off a record.
    pub claim_hold: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            batch: 200,
            idle_poll: Duration::from_millis(100),
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
            max_attempts: 5,
            claim_hold: Duration::from_secs(300),
        }
    }
}

/// How a round went.
enum Round {
    /// Nothing was due.
    Idle,
    /// Documents went out.
    Sent,
}

/// Why a round stopped early.
enum Stop {
    /// The engine could not be reached.
    Unreachable,
    /// The database failed; already logged.
    Database,
}

impl From<ApiError> for Stop {
    fn from(_: ApiError) -> Self {
        Stop::Database
    }
}

/// Starts the relay; it runs until the task is aborted.
pub fn spawn(
    db: DatabaseConnection,
    engine: Arc<dyn SearchEngine>,
    settings: RelaySettings,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        Relay {
            db,
            engine,
            settings,
        }
        .run()
        .await
    })
}

struct Relay {
    db: DatabaseConnection,
    engine: Arc<dyn SearchEngine>,
    settings: RelaySettings,
}

impl Relay {
    async fn run(self) {
        let mut backoff: Option<Duration> = None;
        let mut prepared = false;
        loop {
            let outcome = if prepared {
                self.round().await
            } else {
                match self.engine.prepare().await {
                    Ok(()) => {
                        prepared = true;
                        continue;
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "the search engine is not ready yet");
                        Err(Stop::Unreachable)
                    }
                }
            };
            match outcome {
                Ok(Round::Idle) => {
                    backoff = None;
                    tokio::time::sleep(self.settings.idle_poll).await;
                }
                Ok(Round::Sent) => backoff = None,
                Err(Stop::Unreachable) => {
                    let wait = backoff.map_or(self.settings.first_backoff, |b| {
                        (b * 2).min(self.settings.max_backoff)
                    });
                    backoff = Some(wait);
                    tokio::time::sleep(wait).await;
                }
                Err(Stop::Database) => tokio::time::sleep(self.settings.idle_poll * 10).await,
            }
        }
    }

    /// Claims due records and sends them.
    async fn round(&self) -> Result<Round, Stop> {
        let claims = outbox::claim(&self.db, self.settings.batch, self.settings.claim_hold).await?;
        if claims.is_empty() {
            return Ok(Round::Idle);
        }
        match self.send(&claims).await {
            Ok(()) => {
                outbox::sent(&self.db, &claims).await?;
                Ok(Round::Sent)
            }
            Err(SearchError::Unavailable(reason)) => {
                tracing::warn!(%reason, records = claims.len(), "the search engine is unreachable; retrying later");
                outbox::release(&self.db, &claims, now()).await?;
                Err(Stop::Unreachable)
            }
            Err(SearchError::Rejected(reason)) => {
                tracing::warn!(%reason, "the search engine refused a batch; sending its records one by one");
                self.one_by_one(&claims).await
            }
        }
    }

    /// Sends records one at a time, so a refused one does not hold up the others.
    async fn one_by_one(&self, claims: &[Claim]) -> Result<Round, Stop> {
        for (i, claim) in claims.iter().enumerate() {
            match self.send(std::slice::from_ref(claim)).await {
                Ok(()) => outbox::sent(&self.db, std::slice::from_ref(claim)).await?,
                Err(SearchError::Rejected(reason)) => {
                    tracing::error!(%reason, kind = claim.kind.as_str(), record = %claim.record_id, "the search engine refused a document");
                    outbox::refused(
                        &self.db,
                        claim,
                        self.settings.max_attempts,
                        self.settings.max_backoff,
                    )
                    .await?;
                }
                Err(SearchError::Unavailable(_)) => {
                    outbox::release(&self.db, &claims[i..], now()).await?;
                    return Err(Stop::Unreachable);
                }
            }
        }
        Ok(Round::Sent)
    }

    /// Sends the current documents of the claimed records, and deletes those without a public document.
    async fn send(&self, claims: &[Claim]) -> Result<(), SearchError> {
        let mut by_kind: BTreeMap<Kind, Vec<Uuid>> = BTreeMap::new();
        for claim in claims {
            by_kind.entry(claim.kind).or_default().push(claim.record_id);
        }
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (kind, ids) in by_kind {
            let docs = documents::documents(&self.db, kind, Some(&ids))
                .await
                .map_err(|_| {
                    SearchError::Unavailable("the database could not be read".to_owned())
                })?;
            let public: HashSet<Uuid> = docs.iter().map(|d| d.record_id).collect();
            deletes.extend(
                ids.iter()
                    .filter(|id| !public.contains(id))
                    .map(|id| kind.document_id(*id)),
            );
            upserts.extend(docs);
        }
        self.engine.upsert(upserts).await?;
        self.engine.delete(deletes).await
    }
}
