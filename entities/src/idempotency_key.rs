//! `idempotency_key`: the sign-ups a client asked for under a key, so the same request sent again gets the
//! first answer.

use sea_orm::entity::prelude::*;

/// One key and the sign-up it made.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
pub struct Model {
    /// The client's key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The partner signed up.
    pub partner_id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// The registration it made.
    pub registration_id: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
    /// A digest (SHA-256, hex) of what else the request asked for: the people it named, so the key sent
    /// again with other people is another request. None for keys kept from before it was recorded.
    pub request_digest: Option<String>,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
