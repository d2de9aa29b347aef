//! `session`: a signed-in session. Only the SHA-256 of its bearer token is stored, so a copy of the database
//! signs nobody in.

use sea_orm::entity::prelude::*;

/// A session row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The account signed in.
    pub account_id: Uuid,
    /// The SHA-256 of the bearer token, in hex.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// When the session began.
    pub created_at: DateTimeUtc,
    /// When it ends by itself.
    pub expires_at: DateTimeUtc,
    /// When it was ended (logout, or every session of the account revoked).
    pub revoked_at: Option<DateTimeUtc>,
}

/// No relations are declared: sessions are read by token hash.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
