//! `account_token`: a one-time token a message carries (a password reset, an address confirmation). Only
//! its SHA-256 is stored; the token itself is in the message and nowhere else.

use sea_orm::entity::prelude::*;

/// A token row. Its `Debug` does not show the hash.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_token")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The account it acts for.
    pub account_id: Uuid,
    /// What it does: `password_reset` or `address_confirmation`.
    pub purpose: String,
    /// The SHA-256 of the token, in hex.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// When it was made (its message composed).
    pub created_at: DateTimeUtc,
    /// When it stops working.
    pub expires_at: DateTimeUtc,
    /// When it was used; it works once.
    pub used_at: Option<DateTimeUtc>,
}

/// No relations are declared: related rows are read by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("account_token::Model")
            .field("id", &self.id)
            .field("purpose", &self.purpose)
            .finish_non_exhaustive()
    }
}
