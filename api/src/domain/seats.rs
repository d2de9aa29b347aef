//! An event's seats: which registrations hold one, whether one more fits, and giving freed seats to whoever
//! waits. Both the events (whose capacity changes) and the sign-ups (which take and free seats) use these.

use super::write::Write;
use crate::clock::now;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::values::{RegistrationStatus, StakeholderType};
use entities::{event, event_quota, partner, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The largest capacity an event may have.
pub const MAX_CAPACITY: i32 = 100_000;

/// Statuses that hold a seat.
pub const SEATED: [RegistrationStatus; 2] =
    [RegistrationStatus::Confirmed, RegistrationStatus::Attended];

/// The waiting registrations of these events, in the order they are promoted: first come, first served,
/// ties by id. A registration's place on the waitlist is its place in this order among its event's.
pub fn waiting_in_order(event_ids: impl IntoIterator<Item = Uuid>) -> Select<registration::Entity> {
    registration::Entity::find()
        .filter(registration::Column::EventId.is_in(event_ids))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
}

/// Seated registrations of an event per stakeholder type.
pub(super) async fn seated_by_type(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> ApiResult<HashMap<StakeholderType, i64>> {
    let seated: Vec<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::PartnerId)
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in(SEATED))
        .into_tuple()
        .all(conn)
        .await?;
    let types: Vec<StakeholderType> = partner::Entity::find()
        .select_only()
        .column(partner::Column::StakeholderType)
        .filter(partner::Column::Id.is_in(seated))
        .into_tuple()
        .all(conn)
        .await?;
    let mut counts = HashMap::new();
    for kind in types {
        *counts.entry(kind).or_default() += 1;
    }
    Ok(counts)
}

/// Whether one more partner of `kind` gets a seat now, given the seats taken and the quotas.
pub(super) fn has_seat(
    event: &event::Model,
    quotas: &[event_quota::Model],
    seated: &HashMap<StakeholderType, i64>,
    kind: StakeholderType,
    now: DateTime<Utc>,
) -> bool {
    let Some(capacity) = event.capacity else {
        return true;
    };
    let taken: i64 = seated.values().sum();
    let of = |t: StakeholderType| seated.get(&t).copied().unwrap_or(0);
    if let Some(quota) = quotas.iter().find(|q| q.stakeholder_type == kind)
        && let Some(max) = quota.max_seats
        && of(kind) >= i64::from(max)
    {
        return false;
    }
    // Seats kept for other types, until their reservation ends, are not free for this one.
    let closes = event.registration_closes_at.unwrap_or(event.starts_at);
    let kept: i64 = quotas
        .iter()
        .filter(|q| q.stakeholder_type != kind && now < q.reserved_until.unwrap_or(closes))
        .map(|q| (i64::from(q.reserved_seats.unwrap_or(0)) - of(q.stakeholder_type)).max(0))
        .sum();
    taken + kept < i64::from(capacity)
}

/// Confirms waitlisted registrations, first come first served, as long as seats (and quotas) allow: after a
/// seat is freed, quotas change or the capacity grows. Says how many were confirmed.
pub(super) async fn fill_freed_seats(txn: &Write<'_>, event: &event::Model) -> ApiResult<u32> {
    let quotas = event_quota::Entity::find()
        .filter(event_quota::Column::EventId.eq(event.id))
        .all(txn)
        .await?;
    let waiting = waiting_in_order([event.id]).all(txn).await?;
    let types: HashMap<Uuid, StakeholderType> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(waiting.iter().map(|r| r.partner_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.stakeholder_type))
        .collect();
    let mut seated = seated_by_type(txn, event.id).await?;
    let now = now();
    let mut promoted = 0;
    for mut waiting in waiting {
        let Some(&kind) = types.get(&waiting.partner_id) else {
            continue;
        };
        if !has_seat(event, &quotas, &seated, kind, now) {
            continue;
        }
        waiting.status = RegistrationStatus::Confirmed;
        waiting.updated_at = now;
        waiting.into_active_model().reset_all().update(txn).await?;
        *seated.entry(kind).or_default() += 1;
        promoted += 1;
    }
    Ok(promoted)
}

/// How many seats an event has given out (confirmed or attended).
pub async fn seats_taken(conn: &impl ConnectionTrait, event_id: Uuid) -> ApiResult<u64> {
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in(SEATED))
        .count(conn)
        .await?)
}
