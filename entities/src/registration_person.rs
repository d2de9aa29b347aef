//! `registration_person`: one person a registration brings to its event. Names are personal data: the
//! registration's partner and the team read them, the public never; erasing the partner erases them.

use sea_orm::entity::prelude::*;

/// A person of a registration. Its `Debug` leaves the name out, so no log line can carry it.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
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

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("registration_person::Model")
            .field("id", &self.id)
            .field("registration_id", &self.registration_id)
            .field("position", &self.position)
            .field("name", &"[personal data]")
            .field("checked_in_at", &self.checked_in_at)
            .field("created_at", &self.created_at)
            .finish()
    }
}
