//! `co_creation_event`: a co-creation event (cocreatie-sessie, workshop) that partners sign up for.

use crate::values::{Cities, EventFormat, EventStatus, StakeholderTypes, WaitlistPolicy};
use sea_orm::entity::prelude::*;

/// A co-creation event row. Instants are stored in UTC and shown in Europe/Brussels.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "co_creation_event")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The event's title.
    pub title: String,
    /// What happens (Markdown).
    pub description: String,
    /// The kind of event.
    pub format: EventFormat,
    /// Where the event stands.
    pub status: EventStatus,
    /// When it starts.
    pub starts_at: DateTimeUtc,
    /// When it ends.
    pub ends_at: DateTimeUtc,
    /// The venue's name.
    pub venue: Option<String>,
    /// The venue's address.
    pub address: Option<String>,
    /// The link for online participation.
    pub online_url: Option<String>,
    /// How many seats there are, in people; none means no limit.
    pub capacity: Option<i32>,
    /// How many people one registration may bring (1 to 20, never above the capacity).
    pub max_people_per_registration: i32,
    /// How the waitlist gives freed seats to registrations of several people.
    pub waitlist_policy: WaitlistPolicy,
    /// When sign-ups open; none means as soon as it is published.
    pub registration_opens_at: Option<DateTimeUtc>,
    /// When sign-ups close; none means when the event starts.
    pub registration_closes_at: Option<DateTimeUtc>,
    /// The pilot case the event serves.
    pub pilot_case_id: Option<Uuid>,
    /// The value domain the event serves.
    pub value_domain_id: Option<Uuid>,
    /// The cities the event belongs to.
    pub cities: Cities,
    /// The stakeholder types the event is meant for.
    pub audience: StakeholderTypes,
    /// Raised by every change, for calendar clients (iCalendar `SEQUENCE`).
    pub sequence: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the public may see this event (its status is one of [`EventStatus::PUBLIC`]).
    pub fn is_public(&self) -> bool {
        self.status.is_public()
    }
}

/// The events the public may see, as a query condition: the same statuses as [`Model::is_public`].
pub fn public() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in(EventStatus::PUBLIC.iter().copied())
}
