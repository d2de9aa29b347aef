//! The attendee list of an event, for the door and the badges: every person of every registration, with
//! the registration and its partner, for the team that runs the event.
//!
//! It is the team's only: admins, and the coordinators who manage the event (`Viewer::manages`, the same
//! rule as checking in). An event the caller may not see at all is answered as one that does not exist.
//!
//! What it holds is what the door and a badge need, and no more: the code, where the registration stands,
//! the organisation's name and stakeholder type, its contact person's name (the team reads contacts, see
//! `access.rs`) and the name of the person who comes. The contact's e-mail address and
//! phone number stay out: neither is needed to let someone in or print a name, and a downloaded file
//! leaves the reach of access rules and erasure (GDPR art. 5(1)(c), data minimisation).
//!
//! A download is a read worth auditing, since it takes personal data out of LODE. It goes the one way an
//! audit entry is written: the rows are read in a write transaction ([`begin_write`]) that changes
//! nothing, and its commit writes the entry, about the event, under the action [`DOWNLOAD`]. The rows are
//! returned only once the entry is stored.

use super::access::{SeenBy, Viewer};
use super::seats;
use super::write::{Change, Store, begin_write};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use entities::values::{RegistrationStatus, StakeholderType};
use entities::{event, partner, partner_contact, registration, registration_person};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The audit log's action for a download of an event's attendee list.
pub const DOWNLOAD: &str = "downloadAttendeeList";

/// One person of a registration on the list. Its `Debug` leaves the names (the person's and the contact
/// person's) out: they are personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The code shown at the door.
    pub code: Option<String>,
    /// Where the registration stands.
    pub status: RegistrationStatus,
    /// The place on the waitlist (1 is next), for a waiting registration.
    pub waitlist_position: Option<u64>,
    /// The partner's name.
    pub partner: String,
    /// The partner's stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// The name of the partner's contact person, if it has one (an erased partner has none).
    pub contact_person: Option<String>,
    /// When the partner signed up (again, after a cancellation).
    pub registered_at: DateTime<Utc>,
    /// When the person checked in at the door.
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The person's name.
    pub name: String,
    /// The person's place in the registration, from 1 (for the order of the list).
    pub position: i32,
}

impl std::fmt::Debug for Attendee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attendee")
            .field("code", &self.code)
            .field("status", &self.status)
            .field("waitlist_position", &self.waitlist_position)
            .field("partner", &self.partner)
            .field("stakeholder_type", &self.stakeholder_type)
            .field(
                "contact_person",
                &self.contact_person.as_ref().map(|_| "[personal data]"),
            )
            .field("registered_at", &self.registered_at)
            .field("checked_in_at", &self.checked_in_at)
            .field("name", &"[personal data]")
            .field("position", &self.position)
            .finish()
    }
}

/// An event's attendee list.
#[derive(Debug, Clone)]
pub struct AttendeeList {
    /// The event.
    pub event: event::Model,
    /// The people of its registrations, by partner name (then code, then their order in the registration).
    pub attendees: Vec<Attendee>,
}

/// The attendee list of the event `event_id`, for `viewer`: `NOT_FOUND` for an event the viewer does not
/// see, `UNAUTHENTICATED` or `FORBIDDEN` for anyone but an admin or a coordinator who manages it. Each
/// download writes its audit entry before the list is returned.
pub async fn download(db: &Store, viewer: &Viewer, event_id: Uuid) -> ApiResult<AttendeeList> {
    let event = event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .filter(|event| event.seen_by(viewer))
        .ok_or_else(|| ApiError::not_found("event"))?;
    viewer.require_manager(&event.cities.0, "download this event's attendee list")?;
    let change = Change::by(viewer.clone(), DOWNLOAD);
    let txn = begin_write(db, &change).await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .all(&txn)
        .await?;
    let partner_ids = || registrations.iter().map(|r| r.partner_id);
    let partners: HashMap<Uuid, partner::Model> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(partner_ids()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let contacts: HashMap<Uuid, String> = partner_contact::Entity::find()
        .filter(partner_contact::Column::PartnerId.is_in(partner_ids()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| (c.partner_id, c.name))
        .collect();
    let mut people: HashMap<Uuid, Vec<registration_person::Model>> = HashMap::new();
    for person in registration_person::Entity::find()
        .filter(
            registration_person::Column::RegistrationId.is_in(registrations.iter().map(|r| r.id)),
        )
        .all(&txn)
        .await?
    {
        people
            .entry(person.registration_id)
            .or_default()
            .push(person);
    }
    let places: HashMap<Uuid, u64> = seats::waiting_in_order([event_id])
        .all(&txn)
        .await?
        .into_iter()
        .zip(1..)
        .map(|(waiting, place)| (waiting.id, place))
        .collect();
    txn.commit(Some(event_id)).await?;
    let mut attendees: Vec<Attendee> = Vec::new();
    for r in registrations {
        // A registration's partner is never deleted while it has one (erasure anonymises it).
        let Some(partner) = partners.get(&r.partner_id) else {
            continue;
        };
        for person in people.remove(&r.id).unwrap_or_default() {
            attendees.push(Attendee {
                waitlist_position: places.get(&r.id).copied(),
                partner: partner.name.clone(),
                stakeholder_type: partner.stakeholder_type,
                contact_person: contacts.get(&r.partner_id).cloned(),
                code: r.code.clone(),
                status: r.status,
                registered_at: r.created_at,
                checked_in_at: person.checked_in_at,
                name: person.name,
                position: person.position,
            });
        }
    }
    attendees.sort_by(|a, b| {
        (a.partner.to_lowercase(), &a.code, a.position).cmp(&(
            b.partner.to_lowercase(),
            &b.code,
            b.position,
        ))
    });
    Ok(AttendeeList { event, attendees })
}
