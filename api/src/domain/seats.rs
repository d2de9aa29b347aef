//! An event's seats, counted in people: which registrations hold seats, whether a registration's people
//! fit, and giving freed seats to whoever waits, as the event's waitlist policy says. Both the events
//! (whose capacity changes) and the sign-ups (which take and free seats) use these.
//!
//! A registration takes as many seats as it brings people (`registration.people`). The waitlist keeps its
//! order, first come first served; a registration is promoted only when all its people fit. Under
//! [`WaitlistPolicy::WholeParty`] the first registration that waits for seats holds everyone behind it
//! back; under [`WaitlistPolicy::FillFreeSeats`] those behind it whose people fit are promoted past it.
//! Either way a registration held back only by its own stakeholder type's limit (`maxSeats`) waits for
//! its type, not for seats, and holds nobody back; nor does one that brings more people than the event
//! has seats (after a lowered capacity), which no freed seat could ever seat. Nor is anyone held back from
//! the seats kept for their own type (`reservedSeats`): those are no seats the waiting party could take.

use super::write::Write;
use crate::clock::now;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::values::{RegistrationStatus, StakeholderType, WaitlistPolicy};
use entities::{event, event_quota, partner, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The largest capacity an event may have.
pub const MAX_CAPACITY: i32 = 100_000;

/// Statuses that hold seats.
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

/// Seated people of an event per stakeholder type.
pub(super) async fn seated_by_type(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> ApiResult<HashMap<StakeholderType, i64>> {
    let seated: Vec<(Uuid, i32)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::PartnerId)
        .column(registration::Column::People)
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in(SEATED))
        .into_tuple()
        .all(conn)
        .await?;
    let types = types_of(conn, seated.iter().map(|(partner, _)| *partner)).await?;
    let mut counts = HashMap::new();
    for (partner, people) in seated {
        if let Some(&kind) = types.get(&partner) {
            *counts.entry(kind).or_default() += i64::from(people);
        }
    }
    Ok(counts)
}

/// The stakeholder types of these partners.
async fn types_of(
    conn: &impl ConnectionTrait,
    partners: impl IntoIterator<Item = Uuid>,
) -> ApiResult<HashMap<Uuid, StakeholderType>> {
    let rows: Vec<(Uuid, StakeholderType)> = partner::Entity::find()
        .select_only()
        .column(partner::Column::Id)
        .column(partner::Column::StakeholderType)
        .filter(partner::Column::Id.is_in(partners))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Whether a registration's people fit now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// They all have seats.
    Fits,
    /// Their stakeholder type's limit (`maxSeats`) leaves no room for them: they wait for their type.
    TypeFull,
    /// Too few seats are free for them (or kept for other types): they wait for seats.
    NoRoom,
    /// They are more than the event has seats: no freed seat can ever seat them.
    Never,
}

/// Whether `party` more people of `kind` get seats now, given the seats taken and the quotas.
pub(super) fn fit(
    event: &event::Model,
    quotas: &[event_quota::Model],
    seated: &HashMap<StakeholderType, i64>,
    kind: StakeholderType,
    party: i64,
    now: DateTime<Utc>,
) -> Fit {
    let Some(capacity) = event.capacity else {
        return Fit::Fits;
    };
    let capacity = i64::from(capacity);
    if party > capacity {
        return Fit::Never;
    }
    let taken: i64 = seated.values().sum();
    let of = |t: StakeholderType| seated.get(&t).copied().unwrap_or(0);
    if let Some(quota) = quotas.iter().find(|q| q.stakeholder_type == kind)
        && let Some(max) = quota.max_seats
        && of(kind) + party > i64::from(max)
    {
        return Fit::TypeFull;
    }
    // Seats kept for other types, until their reservation ends, are not free for this one.
    let closes = event.registration_closes_at.unwrap_or(event.starts_at);
    let kept: i64 = quotas
        .iter()
        .filter(|q| q.stakeholder_type != kind && now < q.reserved_until.unwrap_or(closes))
        .map(|q| (i64::from(q.reserved_seats.unwrap_or(0)) - of(q.stakeholder_type)).max(0))
        .sum();
    if taken + kept + party <= capacity {
        Fit::Fits
    } else {
        Fit::NoRoom
    }
}

/// Whether `party` more people of `kind` all take seats still kept for their type, which nobody of
/// another type could take.
fn within_reserved(
    event: &event::Model,
    quotas: &[event_quota::Model],
    seated: &HashMap<StakeholderType, i64>,
    kind: StakeholderType,
    party: i64,
    now: DateTime<Utc>,
) -> bool {
    let closes = event.registration_closes_at.unwrap_or(event.starts_at);
    quotas.iter().any(|q| {
        q.stakeholder_type == kind
            && now < q.reserved_until.unwrap_or(closes)
            && seated.get(&kind).copied().unwrap_or(0) + party
                <= i64::from(q.reserved_seats.unwrap_or(0))
    })
}

/// Whether, under the event's policy, a registration waiting for seats holds back `party` people of
/// `kind` who sign up now (see the module's doc). Called once every promotion the policy allows has been
/// made: whatever still waits for seats then is ahead of a newcomer.
pub(super) async fn queue_held(
    conn: &impl ConnectionTrait,
    event: &event::Model,
    quotas: &[event_quota::Model],
    seated: &HashMap<StakeholderType, i64>,
    (kind, party): (StakeholderType, i64),
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    if event.waitlist_policy != WaitlistPolicy::WholeParty
        || within_reserved(event, quotas, seated, kind, party, now)
    {
        return Ok(false);
    }
    let waiting = waiting_in_order([event.id]).all(conn).await?;
    let types = types_of(conn, waiting.iter().map(|r| r.partner_id)).await?;
    Ok(waiting.iter().any(|r| {
        types.get(&r.partner_id).is_some_and(|&kind| {
            !matches!(
                fit(event, quotas, seated, kind, i64::from(r.people), now),
                Fit::TypeFull | Fit::Never
            )
        })
    }))
}

/// Confirms waitlisted registrations in order, as far as seats (and quotas) and the event's waitlist
/// policy allow: after seats are freed, quotas change or the capacity changes. Says how many were
/// confirmed.
pub(super) async fn fill_freed_seats(txn: &Write<'_>, event: &event::Model) -> ApiResult<u32> {
    let quotas = event_quota::Entity::find()
        .filter(event_quota::Column::EventId.eq(event.id))
        .all(txn)
        .await?;
    let waiting = waiting_in_order([event.id]).all(txn).await?;
    let types = types_of(txn, waiting.iter().map(|r| r.partner_id)).await?;
    let mut seated = seated_by_type(txn, event.id).await?;
    let now = now();
    let mut promoted = 0;
    // Under `WHOLE_PARTY`, once a party waits for seats, those behind it take only seats kept for them.
    let mut held = false;
    for mut waiting in waiting {
        let Some(&kind) = types.get(&waiting.partner_id) else {
            continue;
        };
        let party = i64::from(waiting.people);
        match fit(event, &quotas, &seated, kind, party, now) {
            Fit::Fits => {
                if held && !within_reserved(event, &quotas, &seated, kind, party, now) {
                    continue;
                }
            }
            Fit::TypeFull | Fit::Never => continue,
            Fit::NoRoom => {
                held |= event.waitlist_policy == WaitlistPolicy::WholeParty;
                continue;
            }
        }
        waiting.status = RegistrationStatus::Confirmed;
        waiting.updated_at = now;
        let promoted_row = waiting.into_active_model().reset_all().update(txn).await?;
        super::notices::seated(txn, &promoted_row, true).await?;
        *seated.entry(kind).or_default() += party;
        promoted += 1;
    }
    Ok(promoted)
}

/// How many seats an event has given out: the people of its confirmed and attended registrations.
pub async fn seats_taken(conn: &impl ConnectionTrait, event_id: Uuid) -> ApiResult<u64> {
    let people: Vec<i32> = registration::Entity::find()
        .select_only()
        .column(registration::Column::People)
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in(SEATED))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(people
        .into_iter()
        .map(|p| u64::try_from(p).unwrap_or(0))
        .sum())
}
