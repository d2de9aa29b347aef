//! The search outbox: which records must be (re)sent to the search engine.
//!
//! One row per record. A change raises the row's `version` in the change's own transaction; a relay claims
//! due rows (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several processes share the work), sends the
//! documents, and records the version it sent. A change made meanwhile leaves the row pending, and a
//! claim keeps other relays off the record, so the last document sent is always the latest.
//!
//! A claim names its relay and lasts a short lease, which the relay renews while it works on the rows
//! ([`renew`]); only the holder completes or releases it. A process that dies (kill -9) stops renewing, so
//! its claims lapse within one lease and another relay takes them over, while a live process's claims are
//! never taken.

use super::begin_bookkeeping;
use crate::clock::now;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::search_outbox::{Column, Entity, Model};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use search::Kind;
use std::time::Duration;
use uuid::Uuid;

/// A record a relay has claimed, at the version it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The kind of record.
    pub kind: Kind,
    /// The record's id.
    pub record_id: Uuid,
    /// The version claimed.
    pub version: i64,
}

/// What the outbox holds, for the status reports.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxStatus {
    /// Records waiting to be sent.
    pub pending: u64,
    /// How long the oldest of them has waited.
    pub oldest_pending: Option<Duration>,
    /// Records set aside after the engine refused them too often.
    pub failed: u64,
    /// Claims whose lease lapsed unrenewed: their relay died (or stalls); another takes them over.
    pub abandoned_claims: u64,
}

/// Marks a record as changed, inside the caller's transaction, with the records whose documents hold some
/// of it: an event's document holds its value domain's name and its pilot case's title, so a change of
/// those marks their events too.
pub async fn enqueue(conn: &impl ConnectionTrait, kind: Kind, record_id: Uuid) -> ApiResult<()> {
    mark(conn, kind, record_id).await?;
    let linked = match kind {
        Kind::ValueDomain => Some(entities::event::Column::ValueDomainId),
        Kind::PilotCase => Some(entities::event::Column::PilotCaseId),
        _ => None,
    };
    if let Some(link) = linked {
        let events: Vec<Uuid> = entities::event::Entity::find()
            .select_only()
            .column(entities::event::Column::Id)
            .filter(link.eq(record_id))
            .into_tuple()
            .all(conn)
            .await?;
        for event in events {
            mark(conn, Kind::Event, event).await?;
        }
    }
    Ok(())
}

/// Marks one record as changed.
async fn mark(conn: &impl ConnectionTrait, kind: Kind, record_id: Uuid) -> ApiResult<()> {
    let now = now();
    let row = entities::search_outbox::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        record_id: Set(record_id),
        version: Set(1),
        sent_version: Set(0),
        changed_at: Set(now),
        pending_since: Set(now),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        claimed_by: Set(None),
        attempts: Set(0),
        failed_at: Set(None),
    };
    // On conflict, the existing row's columns are named with the table (the new values are `excluded`).
    let was_sent =
        Expr::col((Entity, Column::SentVersion)).eq(Expr::col((Entity, Column::Version)));
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::Kind, Column::RecordId])
                .value(Column::Version, Expr::col((Entity, Column::Version)).add(1))
                .value(
                    Column::PendingSince,
                    Expr::Case(Box::new(
                        Expr::case(was_sent, Expr::val(now))
                            .finally(Expr::col((Entity, Column::PendingSince))),
                    )),
                )
                .value(Column::Attempts, 0)
                .value(Column::FailedAt, Expr::val(None::<DateTime<Utc>>))
                .update_columns([Column::ChangedAt, Column::NextAttemptAt])
                .to_owned(),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Rows that are due: pending, not set aside, not held by another relay.
fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(Expr::col(Column::SentVersion).lt(Expr::col(Column::Version)))
        .add(Column::FailedAt.is_null())
        .add(Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(Column::ClaimedUntil.is_null())
                .add(Column::ClaimedUntil.lt(now)),
        )
}

fn of(claims: &[Claim]) -> Condition {
    claims.iter().fold(Condition::any(), |any, c| {
        any.add(
            Condition::all()
                .add(Column::Kind.eq(c.kind.as_str()))
                .add(Column::RecordId.eq(c.record_id)),
        )
    })
}

/// Only the rows a relay holds.
fn held_by(relay: Uuid) -> Condition {
    Condition::all().add(Column::ClaimedBy.eq(relay))
}

/// Claims up to `limit` due records for the relay `relay`, for a lease of `hold`.
pub async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    hold: Duration,
    relay: Uuid,
) -> ApiResult<Vec<Claim>> {
    let now = now();
    // A cheap look first, so an idle relay does not take the write lock.
    if Entity::find().filter(due(now)).count(db).await? == 0 {
        return Ok(Vec::new());
    }
    let txn = begin_bookkeeping(db).await?;
    let rows: Vec<Model> = Entity::find()
        .filter(due(now))
        .order_by_asc(Column::NextAttemptAt)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    let claims: Vec<Claim> = rows
        .into_iter()
        .filter_map(|row| {
            Some(Claim {
                kind: Kind::parse(&row.kind)?,
                record_id: row.record_id,
                version: row.version,
            })
        })
        .collect();
    if !claims.is_empty() {
        let until = now + hold;
        Entity::update_many()
            .col_expr(Column::ClaimedUntil, Expr::val(Some(until)))
            .col_expr(Column::ClaimedBy, Expr::val(Some(relay)))
            .filter(of(&claims))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(claims)
}

/// Extends the lease of the claims `claims` of the relay `relay` to `hold` from now. Returns whether the
/// relay still held every one of them: a claim that lapsed and was taken over by another relay is lost,
/// and the relay must not send its document any more.
pub async fn renew(
    db: &DatabaseConnection,
    claims: &[Claim],
    relay: Uuid,
    hold: Duration,
) -> ApiResult<bool> {
    if claims.is_empty() {
        return Ok(true);
    }
    let renewed = Entity::update_many()
        .col_expr(Column::ClaimedUntil, Expr::val(Some(now() + hold)))
        .filter(of(claims))
        .filter(held_by(relay))
        .exec(db)
        .await?
        .rows_affected;
    Ok(renewed == claims.len() as u64)
}

/// Marks again the records among `claims` that the relay `relay` no longer holds: its claim lapsed and
/// another relay may have sent a newer document, which the relay's late write could have overwritten. So
/// the current document is sent once more, after that write.
async fn resend_lost(conn: &impl ConnectionTrait, claims: &[Claim], relay: Uuid) -> ApiResult<()> {
    if claims.is_empty() {
        return Ok(());
    }
    let now = now();
    let was_sent = Expr::col(Column::SentVersion).eq(Expr::col(Column::Version));
    Entity::update_many()
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .col_expr(Column::NextAttemptAt, Expr::val(now))
        .col_expr(
            Column::PendingSince,
            Expr::Case(Box::new(
                Expr::case(was_sent, Expr::val(now)).finally(Expr::col(Column::PendingSince)),
            )),
        )
        .filter(of(claims))
        .filter(
            Condition::any()
                .add(Column::ClaimedBy.is_null())
                .add(Column::ClaimedBy.ne(relay)),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Records that the engine confirmed the claimed versions, and lets go of the rows (those the relay still
/// holds: a row another relay took over is its to record, and is sent once more, see [`resend_lost`]).
pub async fn sent(db: &DatabaseConnection, claims: &[Claim], relay: Uuid) -> ApiResult<()> {
    let txn = begin_bookkeeping(db).await?;
    resend_lost(&txn, claims, relay).await?;
    for claim in claims {
        Entity::update_many()
            .col_expr(Column::SentVersion, Expr::val(claim.version))
            .col_expr(Column::ClaimedUntil, Expr::val(None::<DateTime<Utc>>))
            .col_expr(Column::ClaimedBy, Expr::val(None::<Uuid>))
            .col_expr(Column::Attempts, Expr::val(0))
            .filter(of(std::slice::from_ref(claim)))
            .filter(held_by(relay))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Lets go of rows the engine could not be reached for; they are due again at `retry_at`. Rows the relay
/// no longer holds are sent once more, see [`resend_lost`].
pub async fn release(
    db: &DatabaseConnection,
    claims: &[Claim],
    relay: Uuid,
    retry_at: DateTime<Utc>,
) -> ApiResult<()> {
    if claims.is_empty() {
        return Ok(());
    }
    let txn = begin_bookkeeping(db).await?;
    resend_lost(&txn, claims, relay).await?;
    Entity::update_many()
        .col_expr(Column::ClaimedUntil, Expr::val(None::<DateTime<Utc>>))
        .col_expr(Column::ClaimedBy, Expr::val(None::<Uuid>))
        .col_expr(Column::NextAttemptAt, Expr::val(retry_at))
        .filter(of(claims))
        .filter(held_by(relay))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Counts a refusal of the engine: the row is retried later, and set aside after `max_attempts`. A row the
/// relay no longer holds is sent once more instead, see [`resend_lost`].
pub async fn refused(
    db: &DatabaseConnection,
    claim: &Claim,
    relay: Uuid,
    max_attempts: i32,
    retry_in: Duration,
) -> ApiResult<()> {
    let now = now();
    let txn = begin_bookkeeping(db).await?;
    resend_lost(&txn, std::slice::from_ref(claim), relay).await?;
    let attempts = Expr::col(Column::Attempts).add(1);
    Entity::update_many()
        .col_expr(Column::Attempts, attempts.clone())
        .col_expr(Column::ClaimedUntil, Expr::val(None::<DateTime<Utc>>))
        .col_expr(Column::ClaimedBy, Expr::val(None::<Uuid>))
        .col_expr(Column::NextAttemptAt, Expr::val(now + retry_in))
        .col_expr(
            Column::FailedAt,
            Expr::Case(Box::new(
                Expr::case(attempts.gte(max_attempts), Expr::val(Some(now)))
                    .finally(Expr::val(None::<DateTime<Utc>>)),
            )),
        )
        .filter(of(std::slice::from_ref(claim)))
        .filter(held_by(relay))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Marks again every record that changed since `since` (used after a rebuild, whose snapshot may predate
/// them), and clears the rows set aside before it (the rebuild sent them).
///
/// One row per statement: a statement that updated many rows would lock them in the order it scans them,
/// and deadlock on PostgreSQL with a write that enqueues two of them in the other order, which then
/// fails. Holding one row at a time, this waits for such a write instead. A rebuild is rare and the rows
/// changed during it few.
pub async fn requeue_changed_since(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
) -> ApiResult<u64> {
    let changed = Condition::all().add(Column::ChangedAt.gte(since));
    let set_aside = Condition::all()
        .add(Column::ChangedAt.lt(since))
        .add(Column::FailedAt.is_not_null());
    let now = now();
    let mut requeued = 0;
    for (kind, record_id) in keys_where(db, changed.clone()).await? {
        requeued += Entity::update_many()
            .col_expr(Column::Version, Expr::col(Column::Version).add(1))
            .col_expr(Column::NextAttemptAt, Expr::val(now))
            .col_expr(Column::FailedAt, Expr::val(None::<DateTime<Utc>>))
            .col_expr(Column::Attempts, Expr::val(0))
            .filter(Column::Kind.eq(kind))
            .filter(Column::RecordId.eq(record_id))
            .filter(changed.clone())
            .exec(db)
            .await?
            .rows_affected;
    }
    for (kind, record_id) in keys_where(db, set_aside.clone()).await? {
        Entity::update_many()
            .col_expr(Column::SentVersion, Expr::col(Column::Version))
            .col_expr(Column::FailedAt, Expr::val(None::<DateTime<Utc>>))
            .col_expr(Column::Attempts, Expr::val(0))
            .filter(Column::Kind.eq(kind))
            .filter(Column::RecordId.eq(record_id))
            .filter(set_aside.clone())
            .exec(db)
            .await?;
    }
    Ok(requeued)
}

/// The keys of the outbox rows that meet `condition`, read without locking them.
async fn keys_where(
    db: &DatabaseConnection,
    condition: Condition,
) -> ApiResult<Vec<(String, Uuid)>> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Kind)
        .column(Column::RecordId)
        .filter(condition)
        .into_tuple()
        .all(db)
        .await?)
}

/// The documents of records that are pending, set aside, or changed since `since`: the index may rightly
/// differ from the database on them for now.
pub async fn in_motion(db: &impl ConnectionTrait, since: DateTime<Utc>) -> ApiResult<Vec<String>> {
    let rows: Vec<(String, Uuid)> = Entity::find()
        .select_only()
        .column(Column::Kind)
        .column(Column::RecordId)
        .filter(
            Condition::any()
                .add(Expr::col(Column::SentVersion).lt(Expr::col(Column::Version)))
                .add(Column::FailedAt.is_not_null())
                .add(Column::ChangedAt.gte(since)),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, id)| Some(Kind::parse(&kind)?.document_id(id)))
        .collect())
}

/// The outbox's depth, the age of its oldest pending row, the rows set aside and the abandoned claims.
pub async fn status(db: &impl ConnectionTrait) -> ApiResult<OutboxStatus> {
    let pending = Condition::all()
        .add(Expr::col(Column::SentVersion).lt(Expr::col(Column::Version)))
        .add(Column::FailedAt.is_null());
    let count = Entity::find().filter(pending.clone()).count(db).await?;
    let oldest: Option<DateTime<Utc>> = Entity::find()
        .select_only()
        .column(Column::PendingSince)
        .filter(pending)
        .order_by_asc(Column::PendingSince)
        .into_tuple()
        .one(db)
        .await?;
    let failed = Entity::find()
        .filter(Column::FailedAt.is_not_null())
        .count(db)
        .await?;
    let abandoned_claims = Entity::find()
        .filter(Column::ClaimedUntil.lt(now()))
        .count(db)
        .await?;
    Ok(OutboxStatus {
        pending: count,
        oldest_pending: oldest.map(|t| (now() - t).to_std().unwrap_or_default()),
        failed,
        abandoned_claims,
    })
}
