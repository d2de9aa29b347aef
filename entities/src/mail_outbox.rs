//! `mail_outbox`: one message to one account (or to one survey respondent without an account), written in
//! the transaction of the change it tells of, and sent later by the mail relay. The recipient is named by
//! account or response, and the address read when the message goes, so a deleted account (an erased
//! partner's) or response takes its messages with it. `payload` holds the ids the
//! message is about (and what changed, for an event moved): never an address or a secret.

use sea_orm::entity::prelude::*;

/// One message's state. Pending while `sent_at`, `failed_at` and `dropped_at` are all empty.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    /// UUIDv7 primary key; also the message's `Message-ID`, so a copy sent twice is known as one.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The recipient, when it is an account.
    pub account_id: Option<Uuid>,
    /// The recipient, when it is someone who answered a survey by e-mail (the address is the response's).
    pub survey_response_id: Option<Uuid>,
    /// The kind of message (`registration_confirmed`, …).
    pub kind: String,
    /// What the message is about, as JSON.
    pub payload: String,
    /// One message per key at most (`reminder:<registration>`): scheduled messages are written once.
    pub dedupe_key: Option<String>,
    /// When the change that made it happened.
    pub created_at: DateTimeUtc,
    /// When it is due: now for most, later for a reminder or a digest.
    pub due_at: DateTimeUtc,
    /// When the next attempt may start (after `due_at`, later after a failure).
    pub next_attempt_at: DateTimeUtc,
    /// Attempts that failed since it was written.
    pub attempts: i32,
    /// The relay holding it; only that relay sends it, renews, completes or releases the claim.
    pub claimed_by: Option<Uuid>,
    /// Until when the claim holds unless renewed.
    pub claimed_until: Option<DateTimeUtc>,
    /// When the SMTP server accepted it.
    pub sent_at: Option<DateTimeUtc>,
    /// When it was set aside after the server refused it too often.
    pub failed_at: Option<DateTimeUtc>,
    /// When it was found no longer to apply (the recipient turned such messages off, the registration was
    /// cancelled before its reminder, …).
    pub dropped_at: Option<DateTimeUtc>,
    /// The server's last refusal (its reply code and text, never an address), or why it was dropped.
    pub last_error: Option<String>,
}

/// No relations are declared: the account is read by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
