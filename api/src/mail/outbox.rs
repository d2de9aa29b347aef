//! The mail outbox: one row per message to one account. A change writes its rows inside its own
//! transaction ([`to_partner`], [`to_account`]); a relay claims due rows (on PostgreSQL with `FOR UPDATE
//! SKIP LOCKED`, so several processes share the work; SQLite lets one writer in at a time), and marks each
//! sent once the SMTP server accepted it, failed after the server refused it too often, or dropped when it
//! no longer applies.
//!
//! A claim names its relay and lasts a lease, renewed before each message goes out; only the holder
//! completes or releases it, so two relays never both send a message. A process that dies stops renewing,
//! and its claims lapse within one lease for another relay to take over.

use super::notice::Notice;
use crate::clock::{new_id, now};
use crate::db::WRITE_TRANSACTION;
use crate::domain::write::Write;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::mail_outbox::{ActiveModel, Column, Entity, Model};
use entities::values::Role;
use entities::{account, mail_opt_out};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::time::Duration;
use uuid::Uuid;

/// What the outbox holds, for `mailStatus` and `/ready`.
#[derive(Debug, Clone, PartialEq)]
pub struct MailStatus {
    /// Messages due and not yet sent.
    pub pending: u64,
    /// How long the oldest of them has been due.
    pub oldest_pending: Option<Duration>,
    /// Messages set aside after the server refused them too often.
    pub failed: u64,
    /// Messages due later (reminders).
    pub scheduled: u64,
}

/// A message to every active member of a partner, in the caller's transaction. With a `once` key, each
/// member gets only the first message ever written under it (see [`to_account`]). Answers whether any
/// member's message was written.
pub async fn to_partner(
    txn: &Write<'_>,
    partner_id: Uuid,
    notice: &Notice,
    once: Option<&str>,
) -> ApiResult<bool> {
    let members: Vec<Uuid> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::PartnerId.eq(partner_id))
        .filter(account::Column::DeactivatedAt.is_null())
        // An invitation not yet accepted hears of nothing but itself.
        .filter(account::Column::InvitedAt.is_null())
        .order_by_asc(account::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    let mut written = false;
    for account_id in members {
        let key = once.map(|key| format!("{key}:{account_id}"));
        written |= to_account(txn, account_id, notice, key).await?;
    }
    Ok(written)
}

/// A message to one account, in the caller's transaction. With a `once` key, only the first message
/// under that key is ever written (a reminder is scheduled once per registration). Answers whether it was
/// written.
pub async fn to_account(
    txn: &Write<'_>,
    account_id: Uuid,
    notice: &Notice,
    once: Option<String>,
) -> ApiResult<bool> {
    write(txn, Some(account_id), None, notice, once).await
}

/// A message to someone who answered a survey with an e-mail address and has no account: the response
/// names the address, read when the message goes. With a `once` key, as [`to_account`]. Answers whether it
/// was written.
pub async fn to_respondent(
    txn: &Write<'_>,
    response_id: Uuid,
    notice: &Notice,
    once: Option<String>,
) -> ApiResult<bool> {
    write(txn, None, Some(response_id), notice, once).await
}

/// Drops the messages to a survey's respondent that still wait and no relay holds (or whose holder's lease
/// lapsed), in the caller's transaction. One a relay holds may still go; its link then does not work, as
/// the newest message's does (see `compose.rs`).
pub async fn drop_waiting_for_respondent(txn: &Write<'_>, response_id: Uuid) -> ApiResult<()> {
    Entity::update_many()
        .col_expr(Column::DroppedAt, Expr::value(now()))
        .col_expr(
            Column::LastError,
            Expr::value("a newer answer sent a newer link"),
        )
        .filter(Column::SurveyResponseId.eq(response_id))
        .filter(Column::SentAt.is_null())
        .filter(Column::FailedAt.is_null())
        .filter(Column::DroppedAt.is_null())
        .filter(
            Condition::any()
                .add(Column::ClaimedUntil.is_null())
                .add(Column::ClaimedUntil.lt(now())),
        )
        .exec(txn)
        .await?;
    Ok(())
}

/// Writes one message's row, to an account or to a survey's respondent; false when its `once` key was
/// written before.
async fn write(
    txn: &Write<'_>,
    account_id: Option<Uuid>,
    survey_response_id: Option<Uuid>,
    notice: &Notice,
    once: Option<String>,
) -> ApiResult<bool> {
    let now = now();
    let row = ActiveModel {
        id: Set(new_id()),
        account_id: Set(account_id),
        survey_response_id: Set(survey_response_id),
        kind: Set(notice.kind().to_owned()),
        payload: Set(serde_json::to_string(notice)
            .map_err(|e| super::internal(format!("a notice did not serialise: {e}")))?),
        dedupe_key: Set(once),
        created_at: Set(now),
        due_at: Set(now),
        next_attempt_at: Set(now),
        attempts: Set(0),
        claimed_by: Set(None),
        claimed_until: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        dropped_at: Set(None),
        last_error: Set(None),
    };
    let written = Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(written > 0)
}

/// Schedules the next daily digest of every active team account (admins and coordinators): one row per
/// account and day, due at `hour` in Brussels on the first such moment after `at`. Written once whatever
/// the number of relays calling it (the row's key is the account and day), and nobody's change: no audit
/// entry. The digest is composed when due, and dropped when it has nothing to tell.
pub async fn schedule_digests(
    db: &DatabaseConnection,
    at: DateTime<Utc>,
    hour: chrono::NaiveTime,
) -> ApiResult<u64> {
    let (day, due) = next_digest(at, hour);
    let team: Vec<Uuid> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::Role.is_in([Role::Admin, Role::Coordinator]))
        .filter(account::Column::DeactivatedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let notice = Notice::TeamDigest { day };
    let payload = serde_json::to_string(&notice)
        .map_err(|e| super::internal(format!("a notice did not serialise: {e}")))?;
    let mut written = 0;
    for account_id in team {
        let row = ActiveModel {
            id: Set(new_id()),
            account_id: Set(Some(account_id)),
            survey_response_id: Set(None),
            kind: Set(notice.kind().to_owned()),
            payload: Set(payload.clone()),
            dedupe_key: Set(Some(format!("digest:{account_id}:{day}"))),
            created_at: Set(now()),
            due_at: Set(due),
            next_attempt_at: Set(due),
            attempts: Set(0),
            claimed_by: Set(None),
            claimed_until: Set(None),
            sent_at: Set(None),
            failed_at: Set(None),
            dropped_at: Set(None),
            last_error: Set(None),
        };
        written += Entity::insert(row)
            .on_conflict(
                OnConflict::column(Column::DedupeKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(written)
}

/// The day and moment of the first digest after `at`: `hour` in Brussels, today or tomorrow.
pub fn next_digest(
    at: DateTime<Utc>,
    hour: chrono::NaiveTime,
) -> (chrono::NaiveDate, DateTime<Utc>) {
    use chrono::TimeZone;
    use chrono_tz::Europe::Brussels;
    let local = at.with_timezone(&Brussels);
    let mut day = local.date_naive();
    loop {
        // The hour may not exist on the day the clocks go forward: the next moment that does.
        let due = Brussels
            .from_local_datetime(&day.and_time(hour))
            .earliest()
            .map(|t| t.with_timezone(&Utc));
        match due {
            Some(due) if due > at => return (day, due),
            _ => day = day.succ_opt().unwrap_or(day),
        }
    }
}

/// The reminder rows of a registration (their key begins with the registration's id, see
/// `domain::notices::seated`).
fn reminders_of(registration_ids: &[Uuid]) -> Condition {
    registration_ids.iter().fold(Condition::any(), |any, id| {
        any.add(Column::DedupeKey.starts_with(format!("reminder:{id}:")))
    })
}

/// Drops the open reminders of a cancelled registration, in the cancellation's transaction.
pub async fn drop_reminders(txn: &Write<'_>, registration_id: Uuid) -> ApiResult<()> {
    Entity::update_many()
        .col_expr(Column::DroppedAt, Expr::val(Some(now())))
        .col_expr(
            Column::LastError,
            Expr::val(Some("the registration was cancelled".to_owned())),
        )
        .filter(open())
        .filter(reminders_of(&[registration_id]))
        .exec(txn)
        .await?;
    Ok(())
}

/// Makes the open reminders of these registrations due now, in the change's transaction: their event moved,
/// and the relay decides again when each goes (it postpones one that is early).
pub async fn reconsider_reminders(txn: &Write<'_>, registration_ids: &[Uuid]) -> ApiResult<()> {
    if registration_ids.is_empty() {
        return Ok(());
    }
    let now = now();
    Entity::update_many()
        .col_expr(Column::DueAt, Expr::val(now))
        .col_expr(Column::NextAttemptAt, Expr::val(now))
        .filter(open())
        .filter(reminders_of(registration_ids))
        .exec(txn)
        .await?;
    Ok(())
}

/// Whether an account turned off the messages of a notice's topic.
pub async fn opted_out(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
    notice: &Notice,
) -> ApiResult<bool> {
    let Some(topic) = notice.topic() else {
        return Ok(false);
    };
    Ok(mail_opt_out::Entity::find_by_id((account_id, topic))
        .count(conn)
        .await?
        > 0)
}

/// A write transaction for the outbox's own bookkeeping: claims, leases, outcomes. Nobody changes a record
/// here, so no audit entry is written.
async fn begin_bookkeeping(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(WRITE_TRANSACTION).await
}

/// Rows still to send.
fn open() -> Condition {
    Condition::all()
        .add(Column::SentAt.is_null())
        .add(Column::FailedAt.is_null())
        .add(Column::DroppedAt.is_null())
}

/// Rows a relay may claim now: open, due, and held by nobody.
fn claimable(now: DateTime<Utc>) -> Condition {
    open().add(Column::NextAttemptAt.lte(now)).add(
        Condition::any()
            .add(Column::ClaimedUntil.is_null())
            .add(Column::ClaimedUntil.lt(now)),
    )
}

/// Claims up to `limit` due messages for the relay `relay`, for a lease of `hold`, oldest due first.
pub async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    hold: Duration,
    relay: Uuid,
) -> ApiResult<Vec<Model>> {
    let now = now();
    // A cheap look first, so an idle relay does not take the write lock.
    if Entity::find().filter(claimable(now)).count(db).await? == 0 {
        return Ok(Vec::new());
    }
    let txn = begin_bookkeeping(db).await?;
    let rows: Vec<Model> = Entity::find()
        .filter(claimable(now))
        .order_by_asc(Column::NextAttemptAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    if !rows.is_empty() {
        Entity::update_many()
            .col_expr(Column::ClaimedBy, Expr::val(Some(relay)))
            .col_expr(Column::ClaimedUntil, Expr::val(Some(now + hold)))
            .filter(Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// Extends the relay's lease on one message to `hold` from now; false when the relay no longer holds it
/// (its claim lapsed and another relay took it over, or it was settled): it must not be sent.
pub async fn renew(
    db: &DatabaseConnection,
    id: Uuid,
    relay: Uuid,
    hold: Duration,
) -> ApiResult<bool> {
    let renewed = Entity::update_many()
        .col_expr(Column::ClaimedUntil, Expr::val(Some(now() + hold)))
        .filter(Column::Id.eq(id))
        .filter(Column::ClaimedBy.eq(relay))
        .filter(open())
        .exec(db)
        .await?
        .rows_affected;
    Ok(renewed == 1)
}

/// Settles a message the relay holds, with the columns `settle` sets; the claim ends with it.
async fn settle(
    db: &DatabaseConnection,
    id: Uuid,
    relay: Uuid,
    columns: Vec<(Column, Expr)>,
) -> ApiResult<()> {
    let mut update = Entity::update_many()
        .col_expr(Column::ClaimedBy, Expr::val(None::<Uuid>))
        .col_expr(Column::ClaimedUntil, Expr::val(None::<DateTime<Utc>>));
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    update
        .filter(Column::Id.eq(id))
        .filter(Column::ClaimedBy.eq(relay))
        .exec(db)
        .await?;
    Ok(())
}

/// The server accepted the message: recorded whoever holds its claim now (a relay that lost its claim
/// while the server accepted the message records it all the same, so the relay that took it over finds it
/// sent when it renews, and does not send it again).
pub async fn sent(db: &DatabaseConnection, id: Uuid) -> ApiResult<()> {
    Entity::update_many()
        .col_expr(Column::SentAt, Expr::val(Some(now())))
        .col_expr(Column::ClaimedBy, Expr::val(None::<Uuid>))
        .col_expr(Column::ClaimedUntil, Expr::val(None::<DateTime<Utc>>))
        .filter(Column::Id.eq(id))
        .filter(Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The message no longer applies (`why` says why, without personal data); it is never sent.
pub async fn dropped(db: &DatabaseConnection, id: Uuid, relay: Uuid, why: &str) -> ApiResult<()> {
    settle(
        db,
        id,
        relay,
        vec![
            (Column::DroppedAt, Expr::val(Some(now()))),
            (Column::LastError, Expr::val(Some(why.to_owned()))),
        ],
    )
    .await
}

/// The message is not due yet after all (an event moved later): it waits until `at`.
pub async fn postpone(
    db: &DatabaseConnection,
    id: Uuid,
    relay: Uuid,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    settle(
        db,
        id,
        relay,
        vec![
            (Column::DueAt, Expr::val(at)),
            (Column::NextAttemptAt, Expr::val(at)),
        ],
    )
    .await
}

/// Lets go of a message that could not go now (the server is down, or answered 4xx); it is tried again
/// at `retry_at`. `reply` is the server's reply code, when it gave one.
pub async fn retry_later(
    db: &DatabaseConnection,
    id: Uuid,
    relay: Uuid,
    retry_at: DateTime<Utc>,
    reply: Option<&str>,
) -> ApiResult<()> {
    let mut columns = vec![(Column::NextAttemptAt, Expr::val(retry_at))];
    if let Some(reply) = reply {
        columns.push((Column::LastError, Expr::val(Some(reply.to_owned()))));
    }
    settle(db, id, relay, columns).await
}

/// Counts a refusal of the server (5xx): tried again at `retry_at`, and set aside after `max_attempts`.
pub async fn refused(
    db: &DatabaseConnection,
    row: &Model,
    relay: Uuid,
    max_attempts: i32,
    retry_at: DateTime<Utc>,
    reply: &str,
) -> ApiResult<()> {
    let attempts = row.attempts.saturating_add(1);
    let mut columns = vec![
        (Column::Attempts, Expr::val(attempts)),
        (Column::LastError, Expr::val(Some(reply.to_owned()))),
        (Column::NextAttemptAt, Expr::val(retry_at)),
    ];
    if attempts >= max_attempts {
        columns.push((Column::FailedAt, Expr::val(Some(now()))));
    }
    settle(db, row.id, relay, columns).await
}

/// The outbox's depth: messages due and waiting, the age of the oldest, those set aside and those
/// scheduled for later.
pub async fn status(db: &impl ConnectionTrait) -> ApiResult<MailStatus> {
    let now = now();
    let due = open().add(Column::DueAt.lte(now));
    let pending = Entity::find().filter(due.clone()).count(db).await?;
    let oldest: Option<DateTime<Utc>> = Entity::find()
        .select_only()
        .column(Column::DueAt)
        .filter(due)
        .order_by_asc(Column::DueAt)
        .into_tuple()
        .one(db)
        .await?;
    let failed = Entity::find()
        .filter(Column::FailedAt.is_not_null())
        .count(db)
        .await?;
    let scheduled = Entity::find()
        .filter(open().add(Column::DueAt.gt(now)))
        .count(db)
        .await?;
    Ok(MailStatus {
        pending,
        oldest_pending: oldest.map(|t| (now - t).to_std().unwrap_or_default()),
        failed,
        scheduled,
    })
}
