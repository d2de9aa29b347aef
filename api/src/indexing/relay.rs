//! The relay: a background task that sends the documents of changed records to the search engine.
//!
//! It claims due rows from the outbox, reads the current public document of each record (or learns that
//! it has none, and deletes it from the index), sends them, and records the versions sent once the engine
//! confirms. While the engine is unreachable it backs off and tries again, and the API keeps working; a
//! record the engine keeps refusing is set aside after a few attempts and counted in the status.
//!
//! It also keeps the index whole: at start it checks the index against the database
//! ([`reindex::check`]; unless `lode serve` just did, and while the check fails it sends records and
//! tries the check again later), and whenever the index is stale (missing, damaged, built from another database,
//! out of step, or found broken while running) it rebuilds it before anything else; searches answer
//! "being rebuilt" meanwhile. Its claims on outbox rows last a short lease, renewed while it works on them,
//! so a killed process's claims lapse within seconds.

use super::outbox::Claim;
use super::reindex::{self, RebuildError};
use super::{documents, outbox};
use crate::clock::now;
use crate::error::ApiError;
use sea_orm::DatabaseConnection;
use search::{IndexState, Kind, SearchEngine, SearchError};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
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
    /// How long a claim keeps other relays off a record unless renewed; the relay renews it every third
    /// of this while it works, so this bounds how long a killed process's records wait.
    pub claim_hold: Duration,
    /// Whether the relay checks the index against the database before its first round; `lode serve`
    /// turns it off when it has just checked the index itself.
    pub check_at_start: bool,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            batch: 200,
            idle_poll: Duration::from_millis(100),
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
            max_attempts: 5,
            claim_hold: Duration::from_secs(10),
            check_at_start: true,
        }
    }
}

/// How a round went.
enum Round {
    /// Nothing was due.
    Idle,
    /// Documents went out (or the index was checked or rebuilt).
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
            id: Uuid::now_v7(),
        }
        .run()
        .await
    })
}

struct Relay {
    db: DatabaseConnection,
    engine: Arc<dyn SearchEngine>,
    settings: RelaySettings,
    /// Names this relay's claims.
    id: Uuid,
}

impl Relay {
    async fn run(self) {
        let mut backoff: Option<Duration> = None;
        let mut prepared = false;
        // When the index is to be checked next; a check that fails is tried again later, with records sent
        // meanwhile, so an engine that cannot list its documents still gets every change.
        let mut check_due = self.settings.check_at_start.then(Instant::now);
        let mut check_wait = self.settings.first_backoff;
        loop {
            let outcome = if !prepared {
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
            } else if check_due.is_some_and(|due| Instant::now() >= due) {
                match self.check().await {
                    Ok(round) => {
                        check_due = None;
                        Ok(round)
                    }
                    Err(_) => {
                        check_due = Some(Instant::now() + check_wait);
                        check_wait = (check_wait * 2).min(self.settings.max_backoff);
                        Ok(Round::Sent)
                    }
                }
            } else if let IndexState::Stale(reason) = self.engine.state() {
                self.heal(&reason).await
            } else {
                self.round().await
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

    /// Checks the index against the database, and marks it stale if it must be rebuilt.
    async fn check(&self) -> Result<Round, Stop> {
        match reindex::verify(&self.db, self.engine.as_ref()).await {
            Ok(_) => Ok(Round::Sent),
            Err(err) => Err(self.stopped(err, "checking the search index failed")),
        }
    }

    /// Rebuilds a stale index from the database.
    async fn heal(&self, reason: &str) -> Result<Round, Stop> {
        tracing::warn!(
            reason,
            "rebuilding the search index from the database; search answers UNAVAILABLE meanwhile"
        );
        match reindex::rebuild(&self.db, self.engine.as_ref()).await {
            Ok(report) => {
                tracing::info!(
                    documents = report.documents,
                    "rebuilt the search index; search answers again"
                );
                Ok(Round::Sent)
            }
            Err(err) => {
                Err(self.stopped(err, "rebuilding the search index failed; retrying later"))
            }
        }
    }

    fn stopped(&self, err: RebuildError, what: &'static str) -> Stop {
        match err {
            RebuildError::Database(_) => Stop::Database,
            RebuildError::Engine(err) => {
                tracing::warn!(error = %err, "{what}");
                Stop::Unreachable
            }
        }
    }

    /// Claims due records and sends them, renewing the claims while the work lasts. A claim that lapsed
    /// (the relay stalled, or the database refused the renewals for most of a lease) may be another
    /// relay's by now: the round ends before sending more, and whatever it may still have written is
    /// sent again by the outbox ([`outbox::release`]).
    async fn round(&self) -> Result<Round, Stop> {
        let hold = self.settings.claim_hold;
        let claimed_at = Instant::now();
        let claims = outbox::claim(&self.db, self.settings.batch, hold, self.id).await?;
        if claims.is_empty() {
            return Ok(Round::Idle);
        }
        // The claims not yet settled; the outbox is written under this lock, so a renewal never counts a
        // claim the relay is settling.
        let open = Mutex::new(claims.clone());
        let renewing = async {
            let mut renewed_at = claimed_at;
            loop {
                tokio::time::sleep(hold / 3).await;
                let open = open.lock().await;
                let asked_at = Instant::now();
                match outbox::renew(&self.db, &open, self.id, hold).await {
                    Ok(true) => renewed_at = asked_at,
                    Ok(false) => {
                        tracing::warn!(
                            "the relay's claims lapsed and were taken over; ending the round"
                        );
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "renewing the relay's claims failed; they may lapse");
                        if renewed_at.elapsed() >= hold * 2 / 3 {
                            return;
                        }
                    }
                }
            }
        };
        tokio::select! {
            outcome = self.deliver(&claims, &open) => outcome,
            () = renewing => {
                let open = open.lock().await.clone();
                outbox::release(&self.db, &open, self.id, now()).await?;
                Ok(Round::Sent)
            }
        }
    }

    /// Sends claimed records and records the outcome.
    async fn deliver(
        &self,
        claims: &[Claim],
        open_claims: &Mutex<Vec<Claim>>,
    ) -> Result<Round, Stop> {
        let outcome = self.send(claims).await;
        let mut open = open_claims.lock().await;
        let settled = match outcome {
            Ok(()) => {
                outbox::sent(&self.db, claims, self.id).await?;
                Ok(Round::Sent)
            }
            Err(Failed::Lost) => {
                tracing::warn!("the relay's claims lapsed and were taken over; ending the round");
                outbox::release(&self.db, claims, self.id, now()).await?;
                Ok(Round::Sent)
            }
            Err(Failed::Engine(SearchError::Unavailable(reason))) => {
                tracing::warn!(%reason, records = claims.len(), "the search engine is unreachable; retrying later");
                outbox::release(&self.db, claims, self.id, now()).await?;
                Err(Stop::Unreachable)
            }
            Err(Failed::Engine(SearchError::Stale(reason))) => {
                // The next round rebuilds the index first; the records go out after it.
                tracing::warn!(%reason, "the search index must be rebuilt");
                outbox::release(&self.db, claims, self.id, now()).await?;
                Ok(Round::Sent)
            }
            Err(Failed::Engine(SearchError::Rejected(reason))) => {
                tracing::warn!(%reason, "the search engine refused a batch; sending its records one by one");
                drop(open);
                return self.one_by_one(claims, open_claims).await;
            }
        };
        open.clear();
        settled
    }

    /// Sends records one at a time, so a refused one does not hold up the others.
    async fn one_by_one(&self, claims: &[Claim], open: &Mutex<Vec<Claim>>) -> Result<Round, Stop> {
        for (i, claim) in claims.iter().enumerate() {
            let outcome = self.send(std::slice::from_ref(claim)).await;
            let mut open = open.lock().await;
            match outcome {
                Ok(()) => outbox::sent(&self.db, std::slice::from_ref(claim), self.id).await?,
                Err(Failed::Engine(SearchError::Rejected(reason))) => {
                    tracing::error!(%reason, kind = claim.kind.as_str(), record = %claim.record_id, "the search engine refused a document");
                    outbox::refused(
                        &self.db,
                        claim,
                        self.id,
                        self.settings.max_attempts,
                        self.settings.max_backoff,
                    )
                    .await?;
                }
                Err(Failed::Engine(SearchError::Unavailable(_))) => {
                    outbox::release(&self.db, &claims[i..], self.id, now()).await?;
                    open.clear();
                    return Err(Stop::Unreachable);
                }
                Err(Failed::Engine(SearchError::Stale(_)) | Failed::Lost) => {
                    outbox::release(&self.db, &claims[i..], self.id, now()).await?;
                    open.clear();
                    return Ok(Round::Sent);
                }
            }
            open.retain(|c| c != claim);
        }
        Ok(Round::Sent)
    }

    /// Sends the current documents of the claimed records, and deletes those without a public document.
    /// Before writing it makes sure the relay still holds every claim: one that lapsed may have been taken
    /// over and a newer document sent meanwhile.
    async fn send(&self, claims: &[Claim]) -> Result<(), Failed> {
        let mut by_kind: BTreeMap<Kind, Vec<Uuid>> = BTreeMap::new();
        for claim in claims {
            by_kind.entry(claim.kind).or_default().push(claim.record_id);
        }
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (kind, ids) in by_kind {
            let docs = documents::documents(&self.db, kind, Some(&ids))
                .await
                .map_err(|_| unreadable())?;
            let public: HashSet<Uuid> = docs.iter().map(|d| d.record_id).collect();
            deletes.extend(
                ids.iter()
                    .filter(|id| !public.contains(id))
                    .map(|id| kind.document_id(*id)),
            );
            upserts.extend(docs);
        }
        let held = outbox::renew(&self.db, claims, self.id, self.settings.claim_hold)
            .await
            .map_err(|_| unreadable())?;
        if !held {
            return Err(Failed::Lost);
        }
        self.engine.upsert(upserts).await.map_err(Failed::Engine)?;
        self.engine.delete(deletes).await.map_err(Failed::Engine)
    }
}

/// Why sending a batch failed.
enum Failed {
    /// The engine failed.
    Engine(SearchError),
    /// A claim lapsed and another relay took it over: its document is that relay's to send.
    Lost,
}

fn unreadable() -> Failed {
    Failed::Engine(SearchError::Unavailable(
        "the database could not be read".to_owned(),
    ))
}
