//! The mail relay: a background task of every `lode` process that claims due messages from the outbox,
//! composes each ([`super::compose`]) and hands it to the server ([`super::transport`]).
//!
//! - Accepted: marked sent. A message is sent only while its relay holds its claim (renewed just before it
//!   goes), so two relays never both send one.
//! - The server cannot be reached: the message and the rest of the batch wait, and the relay backs off
//!   (doubling up to a bound) until it answers again. Nothing is lost meanwhile: the rows stay pending.
//! - 4xx (try later): the message is tried again after a back-off of its own.
//! - 5xx (refused): counted; after `max_attempts` refusals it is set aside (`mailStatus` counts it).
//! - No longer applies (the recipient turned the topic off, was erased, cancelled): dropped, never sent.

use super::compose::{Composed, Composer};
use super::outbox;
use super::transport::{SMTP_TIMEOUT, SendError, Transport};
use crate::clock::now;
use entities::mail_outbox::Model;
use futures_util::StreamExt as _;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use uuid::Uuid;

/// How the mail relay paces itself.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// Messages claimed at a time.
    pub batch: u64,
    /// Messages composed and sent at once.
    pub concurrency: usize,
    /// How long it waits when nothing is due.
    pub idle_poll: Duration,
    /// The first wait after a failure; each further failure doubles it, up to `max_backoff`.
    pub first_backoff: Duration,
    /// The longest wait between attempts.
    pub max_backoff: Duration,
    /// Refusals (5xx) after which a message is set aside.
    pub max_attempts: i32,
    /// How long a claim keeps other relays off a message unless renewed; it is renewed just before the
    /// message goes, so this bounds one message's composing and sending, and how long a killed process's
    /// messages wait.
    pub claim_hold: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            batch: 50,
            concurrency: 8,
            idle_poll: Duration::from_millis(500),
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            max_attempts: 3,
            claim_hold: Duration::from_secs(60),
        }
    }
}

/// Starts the relay; it runs until the task is aborted.
pub fn spawn(
    db: DatabaseConnection,
    transport: Transport,
    composer: Arc<Composer>,
    settings: RelaySettings,
    digest_at: chrono::NaiveTime,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        Arc::new(Relay {
            db,
            digest_at,
            stopping,
            transport,
            composer,
            settings,
            id: Uuid::now_v7(),
        })
        .run()
        .await
    })
}

/// How often recording a sent message is tried before giving up.
const RECORD_ATTEMPTS: u32 = 8;

/// How often the relay makes sure the next daily digests are scheduled (a new coordinator's first one too).
const DIGEST_CHECK: Duration = Duration::from_secs(60);

/// How often the relay deletes the survey answers whose confirmation link lapsed unused
/// (`survey_answers::forget_lapsed`): an address is then kept a few minutes past its link at most.
const LAPSED_CHECK: Duration = Duration::from_secs(300);

struct Relay {
    db: DatabaseConnection,
    /// When the team's digests go out.
    digest_at: chrono::NaiveTime,
    /// Set when the process stops: the relay claims nothing more.
    stopping: tokio::sync::watch::Receiver<bool>,
    transport: Transport,
    composer: Arc<Composer>,
    settings: RelaySettings,
    /// Names this relay's claims.
    id: Uuid,
}

/// How one message went.
enum Went {
    /// Settled one way or another (or not this relay's any more).
    On,
    /// The server cannot be reached: the message waits, and the relay backs off before its next batch.
    Unreachable,
}

impl Relay {
    #[tracing::instrument(name = "mail_relay", skip_all, fields(relay = %self.id))]
    async fn run(self: Arc<Self>) {
        tracing::info!(to = %self.transport.describe(), "the mail relay runs");
        let mut backoff: Option<Duration> = None;
        let mut digests_due = std::time::Instant::now();
        let mut lapsed_due = std::time::Instant::now();
        loop {
            if *self.stopping.borrow() {
                return;
            }
            if std::time::Instant::now() >= digests_due {
                match outbox::schedule_digests(&self.db, now(), self.digest_at).await {
                    Ok(_) => digests_due = std::time::Instant::now() + DIGEST_CHECK,
                    Err(err) => {
                        tracing::warn!(error = %err, "scheduling the team's digests failed")
                    }
                }
            }
            if std::time::Instant::now() >= lapsed_due {
                // Tried again at the next check, failed or not: a failing sweep must not hold up the mail.
                lapsed_due = std::time::Instant::now() + LAPSED_CHECK;
                match crate::domain::survey_answers::forget_lapsed(&self.db, now()).await {
                    Ok(0) => {}
                    Ok(forgotten) => {
                        tracing::info!(
                            forgotten,
                            "unconfirmed survey answers whose link lapsed were deleted"
                        );
                        // The addresses go from SQLite's write-ahead log too, as after an erasure.
                        crate::db::truncate_wal_after_erasure(&self.db).await;
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "deleting lapsed survey answers failed")
                    }
                }
            }
            let claimed = outbox::claim(
                &self.db,
                self.settings.batch,
                self.settings.claim_hold,
                self.id,
            )
            .await;
            let rows = match claimed {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::warn!(error = %err, "reading the mail outbox failed");
                    tokio::time::sleep(self.settings.idle_poll * 4).await;
                    continue;
                }
            };
            if rows.is_empty() {
                let mut stopping = self.stopping.clone();
                tokio::select! {
                    () = tokio::time::sleep(self.settings.idle_poll) => {}
                    _ = stopping.changed() => {}
                }
                continue;
            }
            // Several messages at once, each over a connection of the transport's pool.
            let unreachable = Arc::new(AtomicBool::new(false));
            let outcomes: Vec<Went> = futures_util::stream::iter(rows.into_iter().map(|row| {
                let relay = Arc::clone(&self);
                let unreachable = Arc::clone(&unreachable);
                async move { relay.deliver(&row, &unreachable).await }
            }))
            .buffer_unordered(self.settings.concurrency.max(1))
            .collect()
            .await;
            if outcomes
                .iter()
                .any(|went| matches!(went, Went::Unreachable))
            {
                let wait = backoff.map_or(self.settings.first_backoff, |b| {
                    (b * 2).min(self.settings.max_backoff)
                });
                backoff = Some(wait);
                tokio::time::sleep(wait).await;
            } else {
                backoff = None;
            }
        }
    }

    /// Composes and sends one claimed message, and records how it went. Once another message of the batch
    /// found the server unreachable, the rest only wait, unsent.
    async fn deliver(&self, row: &Model, unreachable: &AtomicBool) -> Went {
        if unreachable.load(Ordering::Relaxed) {
            self.wait_for_server(row).await;
            return Went::Unreachable;
        }
        let composed = match self.composer.compose(&self.db, row).await {
            Ok(composed) => composed,
            Err(err) => {
                // Counted like a refusal: a message that never composes is set aside, not retried forever.
                tracing::warn!(error = %err, message = %row.id, kind = row.kind, "composing a message failed");
                let retry_at = now() + self.backoff_for(row.attempts);
                self.settle(outbox::refused(
                    &self.db,
                    row,
                    self.id,
                    self.settings.max_attempts,
                    retry_at,
                    "composing failed",
                ))
                .await;
                return Went::On;
            }
        };
        let message = match composed {
            Composed::Message(message) => message,
            Composed::Drop(why) => {
                tracing::debug!(message = %row.id, kind = row.kind, why, "a message no longer applies");
                self.settle(outbox::dropped(&self.db, row.id, self.id, why))
                    .await;
                return Went::On;
            }
            Composed::Postpone(at) => {
                self.settle(outbox::postpone(&self.db, row.id, self.id, at))
                    .await;
                return Went::On;
            }
        };
        // Still ours? A claim that lapsed may be another relay's now, which sends the message itself.
        match outbox::renew(&self.db, row.id, self.id, self.settings.claim_hold).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(message = %row.id, "a claim lapsed and was taken over; not sending");
                return Went::On;
            }
            Err(err) => {
                tracing::warn!(error = %err, "renewing a claim failed; the message waits");
                return Went::On;
            }
        }
        // Bounded well within the lease just renewed, so no other relay takes the message over while this
        // conversation may still deliver it.
        let sent = match tokio::time::timeout(SMTP_TIMEOUT, self.transport.send(&message)).await {
            Ok(sent) => sent,
            Err(_) => Err(SendError::Unreachable("timed out".to_owned())),
        };
        match sent {
            Ok(()) => {
                tracing::debug!(message = %row.id, kind = row.kind, "sent");
                self.record_sent(row).await;
                Went::On
            }
            Err(SendError::Unreachable(reason)) => {
                tracing::warn!(%reason, "the mail server cannot be reached; messages wait");
                unreachable.store(true, Ordering::Relaxed);
                self.wait_for_server(row).await;
                Went::Unreachable
            }
            Err(SendError::Transient(code)) => {
                // Tried again after a wait that grows with the message's age (a greylisting server asks for
                // minutes), never set aside: the server will take it.
                let age = (now() - row.created_at).to_std().unwrap_or_default();
                let wait = age.clamp(self.settings.first_backoff, self.settings.max_backoff);
                tracing::info!(message = %row.id, %code, "the mail server asks to try later");
                self.settle(outbox::retry_later(
                    &self.db,
                    row.id,
                    self.id,
                    now() + wait,
                    Some(&code),
                ))
                .await;
                Went::On
            }
            Err(SendError::Permanent(code)) => {
                tracing::warn!(message = %row.id, kind = row.kind, %code, "the mail server refused a message");
                let wait = self.backoff_for(row.attempts);
                self.settle(outbox::refused(
                    &self.db,
                    row,
                    self.id,
                    self.settings.max_attempts,
                    now() + wait,
                    &code,
                ))
                .await;
                Went::On
            }
        }
    }

    /// Lets a message wait for the server to answer again.
    async fn wait_for_server(&self, row: &Model) {
        let retry_at = now() + self.settings.first_backoff;
        self.settle(outbox::retry_later(
            &self.db, row.id, self.id, retry_at, None,
        ))
        .await;
    }

    /// Records that the server accepted a message, trying again while the database refuses: a message
    /// left unrecorded would be sent a second time once its claim lapsed.
    async fn record_sent(&self, row: &Model) {
        let mut wait = self.settings.first_backoff;
        for attempt in 1..=RECORD_ATTEMPTS {
            match outbox::sent(&self.db, row.id).await {
                Ok(()) => return,
                Err(err) if attempt < RECORD_ATTEMPTS => {
                    tracing::warn!(error = %err, message = %row.id, "recording a sent message failed; trying again");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(self.settings.max_backoff);
                }
                Err(err) => {
                    tracing::error!(error = %err, message = %row.id, "a sent message could not be recorded: it may go twice")
                }
            }
        }
    }

    /// The wait before a message refused `attempts` times is tried again.
    fn backoff_for(&self, attempts: i32) -> Duration {
        let doubled = self
            .settings
            .first_backoff
            .saturating_mul(1 << attempts.clamp(0, 16));
        doubled.min(self.settings.max_backoff)
    }

    /// Records an outcome; a database failure here leaves the claim to lapse, and the message is tried
    /// again after it.
    async fn settle(
        &self,
        outcome: impl std::future::Future<Output = crate::error::ApiResult<()>>,
    ) {
        if let Err(err) = outcome.await {
            tracing::warn!(error = %err, "recording a message's outcome failed; its claim will lapse");
        }
    }
}
