//! Signing up for co-creation events: the people a registration brings, seats (counted in people), quotas
//! per stakeholder type, the waitlist, cancellation with promotion, check-in at the door (person by
//! person) and no-shows.
//!
//! The people's names are personal data: they are never logged, never indexed, and read only where the
//! registration is (`SeenBy for registration::Model`).
//!
//! Every change runs in one write transaction that first locks the event's row (PostgreSQL `FOR UPDATE`;
//! SQLite's write transaction holds the whole database), so sign-ups for one event are decided one at a
//! time, in the order they arrive, and capacity can never be exceeded.

use super::notices;
use super::record::{self, Record};
use super::seats::{self, MAX_CAPACITY};
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult, OtherEvent};
use chrono::{DateTime, Utc};
use entities::values::{EventStatus, RegistrationStatus, StakeholderType};
use entities::{
    event, event_quota, idempotency_key, partner, partner_contact, registration,
    registration_person,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QuerySelect, Select,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
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

/// A sign-up request. Its `Debug` counts the people's names without showing them: they are personal data.
#[derive(Clone)]
pub struct SignUp {
    /// The event.
    pub event_id: Uuid,
    /// The partner signing up.
    pub partner_id: Uuid,
    /// The client's key for this request, so a repeat gets the first answer.
    pub idempotency_key: Option<String>,
    /// The names of the people who come (1 to the event's `max_people_per_registration`); none names one
    /// person: the partner's contact person, else the partner.
    pub people: Option<Vec<String>>,
}

impl std::fmt::Debug for SignUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignUp")
            .field("event_id", &self.event_id)
            .field("partner_id", &self.partner_id)
            .field("idempotency_key", &self.idempotency_key)
            .field(
                "people",
                &self
                    .people
                    .as_ref()
                    .map(|names| format!("[{} names, personal data]", names.len())),
            )
            .finish()
    }
}

/// The longest name of a person.
pub const MAX_PERSON_NAME: usize = 200;

/// How many people one registration may bring to this event: its `maxPeoplePerRegistration`, and never more
/// than its capacity, since a larger party could never be seated (a `VALIDATION` on `people`, not a place on
/// the waitlist). An event of no seats takes nobody.
fn party_limit(event: &event::Model) -> ApiResult<usize> {
    let most = event
        .capacity
        .map_or(event.max_people_per_registration, |capacity| {
            event.max_people_per_registration.min(capacity)
        });
    match usize::try_from(most) {
        Ok(most) if most > 0 => Ok(most),
        _ => Err(ApiError::invalid(
            "people",
            "this event has no seats: nobody can sign up for it",
        )),
    }
}

/// A name as two names are compared to find the same person named twice: Unicode-composed, whitespace
/// trimmed and collapsed, and case folded (upper, then lower, so that "STRASSE" and "straße" meet too).
fn same_person_key(name: &str) -> String {
    let composed: String = name.nfc().collect();
    composed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
        .to_lowercase()
}

/// The names given, trimmed, checked one by one, for a person named twice, and against the event's limit
/// (`VALIDATION` on `people`).
fn checked_people(names: &[String], event: &event::Model) -> ApiResult<Vec<String>> {
    let most = party_limit(event)?;
    if names.is_empty() || names.len() > most {
        return Err(ApiError::invalid(
            "people",
            format!("name between 1 and {most} people for this event"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    names
        .iter()
        .map(|name| {
            super::validate::name("people", name, MAX_PERSON_NAME)?;
            if !seen.insert(same_person_key(name)) {
                return Err(ApiError::invalid(
                    "people",
                    "a person is named twice: name each person once",
                ));
            }
            Ok(name.trim().to_owned())
        })
        .collect()
}

/// What a sign-up asks for besides its partner and event, as its idempotency key keeps it: a SHA-256 (hex)
/// of the people it names, trimmed and in order (or of none named). The names stay out of the table.
fn request_digest(request: &SignUp) -> String {
    let people: Option<Vec<&str>> = request
        .people
        .as_ref()
        .map(|names| names.iter().map(|name| name.trim()).collect());
    // JSON keeps the names apart, whatever they hold.
    let text = serde_json::to_string(&people).unwrap_or_default();
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The one person a registration names when its people are not given: the partner's contact person, else
/// the partner.
async fn default_person(txn: &Write<'_>, partner: &partner::Model) -> ApiResult<String> {
    Ok(partner_contact::Entity::find_by_id(partner.id)
        .one(txn)
        .await?
        .map(|contact| contact.name)
        .unwrap_or_else(|| partner.name.clone()))
}

/// Replaces a registration's people with these, in order.
async fn save_people(
    txn: &Write<'_>,
    registration_id: Uuid,
    names: Vec<String>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    registration_person::Entity::delete_many()
        .filter(registration_person::Column::RegistrationId.eq(registration_id))
        .exec(txn)
        .await?;
    let rows = names.into_iter().zip(1..).map(|(name, position)| {
        registration_person::Model {
            id: new_id(),
            registration_id,
            position,
            name,
            checked_in_at: None,
            created_at: now,
        }
        .into_active_model()
    });
    registration_person::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Signs a partner up with the people who come: seats when they all fit (for its stakeholder type, and
/// behind whoever waits, as the event's waitlist policy says), else a place on the waitlist. A party the
/// event could never seat (more than its capacity or its `maxPeoplePerRegistration`) or naming a person
/// twice is refused (`VALIDATION` on `people`). Signing up twice returns the existing registration, with
/// its people as they were; the same idempotency key sent again returns the first answer to the same
/// request only (`IDEMPOTENCY_KEY_REUSED` for another).
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
        // Only the same request gets the first answer; a key kept from before the digest compares the rest.
        let same = earlier.partner_id == request.partner_id
            && earlier.event_id == request.event_id
            && earlier
                .request_digest
                .as_ref()
                .is_none_or(|digest| *digest == request_digest(request));
        if !same {
            return Err(ApiError::IdempotencyKeyReused(
                "this idempotencyKey was sent with another sign-up (another partner, event or people): \
                 make a new key for each new request"
                    .to_owned(),
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
    // The people are checked before anything is looked up or written: a party the event could never seat,
    // or a person named twice, is refused.
    let names = match &request.people {
        Some(names) => checked_people(names, &event)?,
        None => {
            party_limit(&event)?;
            vec![default_person(&txn, &partner).await?]
        }
    };
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
    let party = i32::try_from(names.len()).unwrap_or(i32::MAX);
    let quotas = event_quota::Entity::find()
        .filter(event_quota::Column::EventId.eq(event.id))
        .all(&txn)
        .await?;
    // Seats kept for a type until a moment now past are free now, and time frees seats in no other way:
    // whoever waits for them goes first, as after a cancellation, before the newcomer is placed.
    let reservation_ended = quotas.iter().any(|q| {
        q.reserved_seats.unwrap_or(0) > 0 && q.reserved_until.is_some_and(|until| until <= now)
    });
    if reservation_ended && seats::fill_freed_seats(&txn, &event).await? > 0 {
        txn.seats_changed(event.id);
    }
    let seated = seats::seated_by_type(&txn, event.id).await?;
    // Whoever waits is promoted as soon as the policy lets their people in, so free seats here are ones
    // nobody waiting can take; under `WHOLE_PARTY` a party waiting for seats still goes first.
    let fits = seats::fit(
        &event,
        &quotas,
        &seated,
        partner.stakeholder_type,
        party.into(),
        now,
    ) == seats::Fit::Fits;
    let newcomer = (partner.stakeholder_type, i64::from(party));
    let seat = fits && !seats::queue_held(&txn, &event, &quotas, &seated, newcomer, now).await?;
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
            again.people = party;
            again.checked_in_at = None;
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
                people: party,
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all()
            .insert(&txn)
            .await?
        }
    };
    save_people(&txn, saved.id, names, now).await?;
    if saved.status == RegistrationStatus::Confirmed {
        notices::seated(&txn, &saved, false).await?;
    } else {
        notices::waitlisted(&txn, &saved).await?;
    }
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
            request_digest: Some(request_digest(request)),
        }
        .into_active_model()
        .reset_all()
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Cancels a registration; the seats it frees (or the place it held at the head of the waitlist) go to the
/// waiting registrations the event's policy promotes, in the same transaction. `partner_id`, when given, must own the registration.
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
    // Read again under the event's lock, and locked itself: a check-in (which takes the row's lock, not the
    // event's) must not be written over.
    let mut registration = registration::Entity::find_by_id(registration_id)
        .lock_exclusive()
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
    registration.status = RegistrationStatus::Cancelled;
    registration.updated_at = now();
    let saved = registration
        .into_active_model()
        .reset_all()
        .update(&txn)
        .await?;
    notices::cancelled(&txn, &saved).await?;
    // A party leaving the head of the waitlist lets those behind it in too, under `WHOLE_PARTY`.
    seats::fill_freed_seats(&txn, &event).await?;
    txn.seats_changed(event.id);
    txn.commit(Some(registration_id)).await?;
    Ok(saved)
}

/// The registration with a code, as typed at the door (spaces and case do not matter).
fn with_code(code: &str) -> Select<registration::Entity> {
    registration::Entity::find().filter(registration::Column::Code.eq(code.trim().to_uppercase()))
}

/// Checks people in at the door of the event `event_id` by their registration's code: the people named
/// by `person_ids`, or, without them, every one of its people not yet checked in. The registration becomes
/// `ATTENDED` with its first person. A code for another event is refused with `WRONG_EVENT`, naming the
/// event it is for (the door checks in for one event: a code of last week's session, or of another room's,
/// must not count here); a code whose people have all checked in (or a person checked in already) with
/// `CONFLICT`.
pub async fn check_in(
    db: &Store,
    change: &Change,
    event_id: Uuid,
    code: &str,
    person_ids: Option<&[Uuid]>,
) -> ApiResult<registration::Model> {
    if person_ids.is_some_and(<[Uuid]>::is_empty) {
        return Err(ApiError::invalid(
            "personIds",
            "name at least one person, or leave personIds out to check everyone in",
        ));
    }
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
    if !matches!(
        registration.status,
        RegistrationStatus::Confirmed | RegistrationStatus::Attended
    ) {
        return Err(ApiError::conflict(
            Some("code"),
            "this registration has no seat",
        ));
    }
    let people = registration_person::Entity::find()
        .filter(registration_person::Column::RegistrationId.eq(registration.id))
        .all(&txn)
        .await?;
    let arriving: Vec<&registration_person::Model> = match person_ids {
        None => {
            let waiting: Vec<_> = people
                .iter()
                .filter(|p| p.checked_in_at.is_none())
                .collect();
            if waiting.is_empty() {
                return Err(ApiError::conflict(
                    Some("code"),
                    "this code was already used to check in",
                ));
            }
            waiting
        }
        Some(ids) => {
            let mut named = Vec::new();
            for id in ids {
                let person = people.iter().find(|p| p.id == *id).ok_or_else(|| {
                    ApiError::invalid("personIds", "a person named is not of this registration")
                })?;
                if person.checked_in_at.is_some() {
                    return Err(ApiError::conflict(
                        Some("personIds"),
                        "a person named has checked in already",
                    ));
                }
                if !named
                    .iter()
                    .any(|p: &&registration_person::Model| p.id == person.id)
                {
                    named.push(person);
                }
            }
            named
        }
    };
    let now = now();
    registration_person::Entity::update_many()
        .col_expr(
            registration_person::Column::CheckedInAt,
            sea_orm::sea_query::Expr::val(now),
        )
        .filter(registration_person::Column::Id.is_in(arriving.iter().map(|p| p.id)))
        .exec(&txn)
        .await?;
    registration.status = RegistrationStatus::Attended;
    registration.checked_in_at = registration.checked_in_at.or(Some(now));
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

/// The people of an event's registrations in these statuses, with their registrations' partners and
/// statuses.
async fn people_of(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
    statuses: &[RegistrationStatus],
) -> ApiResult<Vec<(registration::Model, Vec<registration_person::Model>)>> {
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in(statuses.iter().copied()))
        .all(conn)
        .await?;
    let mut people: HashMap<Uuid, Vec<registration_person::Model>> = HashMap::new();
    for person in registration_person::Entity::find()
        .filter(
            registration_person::Column::RegistrationId.is_in(registrations.iter().map(|r| r.id)),
        )
        .all(conn)
        .await?
    {
        people
            .entry(person.registration_id)
            .or_default()
            .push(person);
    }
    Ok(registrations
        .into_iter()
        .map(|r| {
            let of = people.remove(&r.id).unwrap_or_default();
            (r, of)
        })
        .collect())
}

/// How many people have checked in at an event's door so far.
pub async fn arrived(conn: &impl ConnectionTrait, event_id: Uuid) -> ApiResult<u64> {
    let attended = people_of(conn, event_id, &[RegistrationStatus::Attended]).await?;
    Ok(attended
        .iter()
        .flat_map(|(_, people)| people)
        .filter(|p| p.checked_in_at.is_some())
        .count() as u64)
}

/// Who came to an event, in people per stakeholder type: (type, attended, no-shows), in a fixed type
/// order. The people of a no-show registration missed it, and so, once the event has ended, did those of
/// an attended registration who never checked in.
pub async fn attendance(
    conn: &impl ConnectionTrait,
    event_id: Uuid,
) -> ApiResult<Vec<(StakeholderType, u64, u64)>> {
    let ended = event::Entity::find_by_id(event_id)
        .one(conn)
        .await?
        .is_some_and(|event| now() >= event.ends_at);
    let rows = people_of(
        conn,
        event_id,
        &[RegistrationStatus::Attended, RegistrationStatus::NoShow],
    )
    .await?;
    let types: HashMap<Uuid, StakeholderType> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(rows.iter().map(|(r, _)| r.partner_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.stakeholder_type))
        .collect();
    let mut counts: std::collections::BTreeMap<StakeholderType, (u64, u64)> =
        std::collections::BTreeMap::new();
    for (registration, people) in rows {
        let Some(&kind) = types.get(&registration.partner_id) else {
            continue;
        };
        let entry = counts.entry(kind).or_default();
        let came = people.iter().filter(|p| p.checked_in_at.is_some()).count() as u64;
        let missed = people.len() as u64 - came;
        entry.0 += came;
        if registration.status == RegistrationStatus::NoShow || ended {
            entry.1 += missed;
        }
    }
    Ok(counts
        .into_iter()
        .map(|(kind, (came, missed))| (kind, came, missed))
        .collect())
}
