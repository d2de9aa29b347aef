//! `registration_person`: one person a registration brings to its event. Names are personal data: the
//! registration's partner and the team read them, the public never; erasing the partner erases them.

use sea_orm::entity::prelude::*;

/// A person of a registration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_person")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The registration.
    pub registration_id: Uuid,
    /// The person's place in the registration, from 1; unique within it.
    pub position: i32,
    /// The person's name.
    pub name: String,
    /// When the person checked in at the door; none before.
    pub checked_in_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: people are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
