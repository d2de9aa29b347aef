//! Signing up for co-creation events: seats, quotas per stakeholder type, the waitlist, cancellation with
//! promotion, check-in at the door and no-shows.
//!
//! Every change runs in one write transaction that first locks the event's row (PostgreSQL `FOR UPDATE`;
//! SQLite's write transaction holds the whole database), so sign-ups for one event are decided one at a
//! time, in the order they arrive, and capacity can never be exceeded.

use super::record::{self, Record};
use super::seats::{self, MAX_CAPACITY};
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult, OtherEvent};
use chrono::{DateTime, Utc};
use entities::values::{EventStatus, RegistrationStatus, StakeholderType};
use entities::{event, event_quota, idempotency_key, partner, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QuerySelect, Select,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// The length of a registration code.
const CODE_LENGTH: usize = 8;

/// A new registration code: 8 characters, about 40 bits of randomness.
pub fn new_code() -> String {
    let bytes = Uuid::new_v4().into_bytes();
    bytes
        .iter()
        .take(CODE_LENGTH)
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// Locks the event for the rest of the transaction and returns it.
async fn lock_event(txn: &Write<'_>, event_id: Uuid, field: &str) -> ApiResult<event::Model> {
    event::Entity::find_by_id(event_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::invalid(field, "no event has this id"))
}

/// A sign-up request.
#[derive(Debug, Clone)]
pub struct SignUp {
    /// The event.
    pub event_id: Uuid,
    /// The partner signing up.
    pub partner_id: Uuid,
    /// The client's key for this request, so a repeat gets the first answer.
    pub idempotency_key: Option<String>,
}

/// Signs a partner up: a seat when one is free for its stakeholder type, else a place on the waitlist.
/// Signing up twice returns the existing registration.
pub async fn register(
    db: &Store,
    change: &Change,
    request: &SignUp,
) -> ApiResult<registration::Model> {
    if let Some(key) = &request.idempotency_key {
        super::validate::required_line("idempotencyKey", key, 200)?;
    }
    let txn = begin_write(db, change).await?;
    let event = lock_event(&txn, request.event_id, "eventId").await?;
    if let Some(key) = &request.idempotency_key
        && let Some(earlier) = idempotency_key::Entity::find_by_id(key.clone())
            .one(&txn)
            .await?
    {
        if earlier.partner_id != request.partner_id || earlier.event_id != request.event_id {
            return Err(ApiError::conflict(
                Some("idempotencyKey"),
                "this idempotencyKey was used for another sign-up",
            ));
        }
        let first = registration::Entity::find_by_id(earlier.registration_id)
            .one(&txn)
            .await?
            .ok_or_else(|| ApiError::not_found("registration"))?;
        return Ok(first);
    }
    let now = now();
    match event.status {
        EventStatus::Published => {}
        EventStatus::Cancelled => {
            return Err(ApiError::conflict(
                Some("eventId"),
                "this event is cancelled",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                Some("eventId"),
                "this event is not open for sign-ups",
            ));
        }
    }
    if event.registration_opens_at.is_some_and(|opens| now < opens) {
        return Err(ApiError::conflict(
            Some("eventId"),
            "sign-ups for this event have not opened yet",
        ));
    }
    if now >= event.registration_closes_at.unwrap_or(event.starts_at) {
        return Err(ApiError::conflict(
            Some("eventId"),
            "sign-ups for this event are closed",
        ));
    }
    let partner = super::partners::approved(&txn, request.partner_id, "sign up").await?;
    let existing = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::PartnerId.eq(partner.id))
        .one(&txn)
        .await?;
    if let Some(existing) = &existing
        && existing.status != RegistrationStatus::Cancelled
    {
        remember(&txn, request, existing.id).await?;
        txn.seats_changed(event.id);
        txn.commit(Some(existing.id)).await?;
        return Ok(existing.clone());
    }
    let quotas = event_quota::Entity::find()
        .filter(event_quota::Column::EventId.eq(event.id))
        .all(&txn)
        .await?;
    let seated = seats::seated_by_type(&txn, event.id).await?;
    // Whoever waits is promoted as soon as a seat fits them, so a free seat here is one nobody waiting can take.
    let seat = seats::has_seat(&event, &quotas, &seated, partner.stakeholder_type, now);
    let status = if seat {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waitlisted
    };
    let saved = match existing {
        // A cancelled registration signs up again, at the back of the queue.
        Some(mut again) => {
            again.status = status;
            again.created_at = now;
            again.updated_at = now;
            again.code = again.code.or_else(|| Some(new_code()));
            again.into_active_model().reset_all().update(&txn).await?
        }
        None => {
            registration::Model {
                id: new_id(),
                event_id: event.id,
                partner_id: partner.id,
                status,
                code: Some(new_code()),
                checked_in_at: None,
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all()
            .insert(&txn)
            .await?
        }
    };
    remember(&txn, request, saved.id).await?;
    txn.seats_changed(event.id);
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// Stores the idempotency key of a request with the registration it answered.
async fn remember(txn: &Write<'_>, request: &SignUp, registration_id: Uuid) -> ApiResult<()> {
    if let Some(key) = &request.idempotency_key {
        idempotency_key::Model {
            key: key.clone(),
            partner_id: request.partner_id,
            event_id: request.event_id,
            registration_id,
            created_at: now(),
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Cancels a registration; a freed seat goes to the first waitlisted partner it fits, in the same
/// transaction. `partner_id`, when given, must own the registration.
pub async fn cancel(
    db: &Store,
    change: &Change,
    registration_id: Uuid,
    partner_id: Option<Uuid>,
) -> ApiResult<registration::Model> {
    let txn = begin_write(db, change).await?;
    let found = registration::Entity::find_by_id(registration_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    let event = lock_event(&txn, found.event_id, "id").await?;
    // Read again under the event's lock: a concurrent change may have moved it.
    let mut registration = registration::Entity::find_by_id(registration_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    if partner_id.is_some_and(|p| p != registration.partner_id) {
        return Err(ApiError::Forbidden(
            "this registration belongs to another partner".to_owned(),
        ));
    }
    if !matches!(
        registration.status,
        RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
    ) {
        return Err(ApiError::conflict(
            Some("id"),
            "only a confirmed or waitlisted registration can be cancelled",
        ));
    }
    let freed_a_seat = registration.status == RegistrationStatus::Confirmed;
    registration.status = RegistrationStatus::Cancelled;
    registration.updated_at = now();
    let saved = registration
        .into_active_model()
        .reset_all()
        .update(&txn)
        .await?;
    if freed_a_seat {
        seats::fill_freed_seats(&txn, &event).await?;
    }
    txn.seats_changed(event.id);
    txn.commit(Some(registration_id)).await?;
    Ok(saved)
}

/// The registration with a code, as typed at the door (spaces and case do not matter).
fn with_code(code: &str) -> Select<registration::Entity> {
    registration::Entity::find().filter(registration::Column::Code.eq(code.trim().to_uppercase()))
}

/// Checks a partner in at the door of the event `event_id` by its registration code. A code for another
/// event is refused with `WRONG_EVENT`, naming the event it is for (the door checks in for one event: a
/// code of last week's session, or of another room's, must not count here).
pub async fn check_in(
    db: &Store,
    change: &Change,
    event_id: Uuid,
    code: &str,
) -> ApiResult<registration::Model> {
    let txn = begin_write(db, change).await?;
    let mut registration = with_code(code)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound("no registration has this code".to_owned()))?;
    if registration.event_id != event_id {
        let other = event::Entity::find_by_id(registration.event_id)
            .one(&txn)
            .await?
            .ok_or_else(|| ApiError::not_found("event"))?;
        return Err(ApiError::wrong_event(OtherEvent {
            id: other.id,
            title: other.title,
            starts_at: other.starts_at,
        }));
    }
    match registration.status {
        RegistrationStatus::Confirmed => {}
        RegistrationStatus::Attended => {
            return Err(ApiError::conflict(
                Some("code"),
                "this code was already used to check in",
            ));
        }
        _ => {
            return Err(ApiError::conflict(
                Some("code"),
                "this registration has no seat",
            ));
        }
    }
    let now = now();
    registration.status = RegistrationStatus::Attended;
    registration.checked_in_at = Some(now);
    registration.updated_at = now;
    let saved = registration
        .into_active_model()
        .reset_all()
        .update(&txn)
        .await?;
    txn.seats_changed(saved.event_id);
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// After an event, marks every confirmed registration that did not check in as a no-show.
pub async fn mark_no_shows(db: &Store, change: &Change, event_id: Uuid) -> ApiResult<u64> {
    let txn = begin_write(db, change).await?;
    let event = lock_event(&txn, event_id, "eventId").await?;
    if now() < event.ends_at {
        return Err(ApiError::conflict(
            Some("eventId"),
            "no-shows are known only once the event has ended",
        ));
    }
    let marked = registration::Entity::update_many()
        .col_expr(
            registration::Column::Status,
            sea_orm::sea_query::Expr::val(sea_orm::ActiveEnum::to_value(
                &RegistrationStatus::NoShow,
            )),
        )
        .col_expr(
            registration::Column::UpdatedAt,
            sea_orm::sea_query::Expr::val(now()),
        )
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.seats_changed(event_id);
    txn.commit(Some(event_id)).await?;
    Ok(marked)
}

/// A quota for one stakeholder type.
#[derive(Debug, Clone)]
pub struct Quota {
    /// The stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// At most this many seats for the type.
    pub max_seats: Option<i32>,
    /// This many seats kept for the type.
    pub reserved_seats: Option<i32>,
    /// Until when they are kept (by default until registration closes).
    pub reserved_until: Option<DateTime<Utc>>,
}

/// Replaces an event's quotas; seats a change frees go to whoever waits. Like every other change to the
/// event, it is refused when the event has changed since the `updatedAt` its client read (`expected`, see
/// [`record::check_unchanged`]) or can no longer change (cancelled, completed), and it gives the event a
/// new `updatedAt`.
pub async fn set_quotas(
    db: &Store,
    change: &Change,
    event_id: Uuid,
    expected: Option<DateTime<Utc>>,
    quotas: &[Quota],
) -> ApiResult<event::Model> {
    let mut kinds: Vec<StakeholderType> = quotas.iter().map(|q| q.stakeholder_type).collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() != quotas.len() {
        return Err(ApiError::invalid(
            "quotas",
            "give each stakeholder type at most one quota",
        ));
    }
    for quota in quotas {
        for (field, value) in [
            ("quotas.maxSeats", quota.max_seats),
            ("quotas.reservedSeats", quota.reserved_seats),
        ] {
            if let Some(value) = value {
                super::validate::within(field, value.into(), 0, MAX_CAPACITY.into())?;
            }
        }
    }
    let txn = begin_write(db, change).await?;
    let mut event = lock_event(&txn, event_id, "eventId").await?;
    record::check_unchanged(
        &txn,
        event::Entity::KIND,
        event_id,
        event.updated_at,
        expected,
    )
    .await?;
    event::Entity::check_change(&event)?;
    let reserved: i64 = quotas
        .iter()
        .map(|q| i64::from(q.reserved_seats.unwrap_or(0)))
        .sum();
    if event
        .capacity
        .is_some_and(|capacity| reserved > i64::from(capacity))
    {
        return Err(ApiError::invalid(
            "quotas",
            "the reserved seats add up to more than the capacity",
        ));
    }
    event_quota::Entity::delete_many()
        .filter(event_quota::Column::EventId.eq(event_id))
        .exec(&txn)
        .await?;
    for quota in quotas {
        event_quota::Model {
            event_id,
            stakeholder_type: quota.stakeholder_type,
            max_seats: quota.max_seats,
            reserved_seats: quota.reserved_seats,
            reserved_until: quota.reserved_until,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await?;
    }
    let at = changed_after(event.updated_at);
    event::Entity::touch(&mut event, at);
    let event = event.into_active_model().reset_all().update(&txn).await?;
    seats::fill_freed_seats(&txn, &event).await?;
    txn.seats_changed(event_id);
    txn.commit(Some(event_id)).await?;
    Ok(event)
}

/// An event's capacity, seats taken and waitlist length, read together.
pub async fn seat_counts(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> ApiResult<(Option<i32>, u64, u64)> {
    let event = event::Entity::find_by_id(event_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found("event"))?;
    let waitlisted = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        .count(conn)
        .await?;
    Ok((
        event.capacity,
        seats::seats_taken(conn, event_id).await?,
        waitlisted,
    ))
}

/// How many have checked in at an event's door so far.
pub async fn arrived(conn: &impl ConnectionTrait, event_id: Uuid) -> ApiResult<u64> {
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Attended))
        .count(conn)
        .await?)
}

/// Who came to an event, per stakeholder type: (type, attended, no-shows), in a fixed type order.
pub async fn attendance(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> ApiResult<Vec<(StakeholderType, u64, u64)>> {
    let rows = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(
            registration::Column::Status
                .is_in([RegistrationStatus::Attended, RegistrationStatus::NoShow]),
        )
        .all(conn)
        .await?;
    let types: HashMap<Uuid, StakeholderType> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(rows.iter().map(|r| r.partner_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.stakeholder_type))
        .collect();
    let mut counts: std::collections::BTreeMap<StakeholderType, (u64, u64)> =
        std::collections::BTreeMap::new();
    for row in rows {
        let Some(&kind) = types.get(&row.partner_id) else {
            continue;
        };
        let entry = counts.entry(kind).or_default();
        if row.status == RegistrationStatus::Attended {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    Ok(counts
        .into_iter()
        .map(|(kind, (came, missed))| (kind, came, missed))
        .collect())
}
