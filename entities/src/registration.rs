//! `registration`: a partner's sign-up (inschrijving) for an event.

use crate::values::RegistrationStatus;
use sea_orm::entity::prelude::*;

/// A registration row; one per partner per event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// The partner.
    pub partner_id: Uuid,
    /// Where the registration stands.
    pub status: RegistrationStatus,
    /// The short code shown at the door.
    pub code: Option<String>,
    /// When the partner's first person checked in at the door; none before (and for a registration that
    /// never did).
    pub checked_in_at: Option<DateTimeUtc>,
    /// How many people it brings: always the number of its `registration_person` rows, kept here so an
    /// event's seats are counted in one query.
    pub people: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
