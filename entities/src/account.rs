//! `account`: a person who signs in. Personal data: the e-mail address is never public, never indexed.

use crate::values::{Cities, Language, Role};
use sea_orm::entity::prelude::*;

/// An account row. Its `Debug` shows neither the e-mail address nor the password hash.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The e-mail address signed in with, in lower case.
    #[sea_orm(unique)]
    pub email: String,
    /// The Argon2id hash of the password, as a PHC string.
    pub password_hash: String,
    /// What the account may do.
    pub role: Role,
    /// The partner organisation a `PARTNER` account belongs to.
    pub partner_id: Option<Uuid>,
    /// The cities a `COORDINATOR` manages.
    pub cities: Cities,
    /// When an admin deactivated the account: it signs in no more. `None` while it is active.
    pub deactivated_at: Option<DateTimeUtc>,
    /// Whether its password is a temporary one an admin set: a session signed in with it may only choose a
    /// new password.
    pub must_change_password: bool,
    /// The language LODE writes to it in (its e-mail).
    pub language: Language,
    /// When its holder showed the address is theirs (the link of the message sent at sign-up, or a password
    /// reset); an account an admin, the command line or the demo made counts as confirmed from its
    /// creation. Until then, LODE sends it no message but those two.
    pub email_confirmed_at: Option<DateTimeUtc>,
    /// When a member of its partner invited a colleague by this address, until the colleague accepts (chooses
    /// a password with the invitation's link). While it is set, the account is an invitation, not a member:
    /// nobody signs in to it, and LODE writes it nothing but the invitation.
    pub invited_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are read by id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("account::Model")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}
