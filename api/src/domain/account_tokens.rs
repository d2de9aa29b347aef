//! One-time tokens that a message carries: a link to choose a new password, one to confirm an address, and
//! one to accept an invitation to a partner's organisation.
//!
//! A token is made when its message is composed ([`issue`], called by `mail::compose`), so no outbox row
//! and no log line ever holds it; a message composed again (after the SMTP server refused it) carries a
//! new token, and the one it carried before, which nobody received, simply expires. Only the token's
//! SHA-256 is stored, as for sessions. A token works once and within its lifetime ([`take`], inside the
//! change that uses it); using one also ends the account's other open tokens of the same purpose, so an
//! older link stops working too. An unknown, expired or used token gets one answer, `INVALID_TOKEN`.

use super::write::Write;
use crate::clock::{new_id, now};
use crate::error::{ApiError, ApiResult};
use base64::Engine as _;
use entities::account_token::{Column, Entity, Model};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What every bearer token starts with (a session's, and a message's one-time token), so a leaked one is
/// easy to recognise.
pub const TOKEN_PREFIX: &str = "lode_";

/// A new random bearer token: 256 bits from the operating system.
pub(super) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system supplies random bytes");
    format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The SHA-256 of a token, in hex, as stored.
pub(super) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a token does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Choosing a new password without the current one.
    PasswordReset,
    /// Showing that the address given at sign-up is one's own.
    AddressConfirmation,
    /// Accepting a colleague's invitation to join a partner's organisation, by choosing a password.
    Invitation,
}

impl Purpose {
    /// As stored in `account_token.purpose`.
    pub fn name(self) -> &'static str {
        match self {
            Self::PasswordReset => "password_reset",
            Self::AddressConfirmation => "address_confirmation",
            Self::Invitation => "invitation",
        }
    }

    /// How long a token works: an hour for a password (a link lying in a mailbox is a way in), a week for
    /// an address (a sign-up is often confirmed a day or two later) and for an invitation (its holder may
    /// be away; the member who invited can send it again).
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Self::PasswordReset => chrono::Duration::hours(1),
            Self::AddressConfirmation | Self::Invitation => chrono::Duration::days(7),
        }
    }
}

/// Makes a new token for an account and stores its hash; the token goes into the message being composed
/// and is kept nowhere else. The relay's own connection writes it, as it writes the outbox's bookkeeping:
/// it is part of sending a message, not a change to any record.
pub async fn issue(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
    purpose: Purpose,
) -> ApiResult<String> {
    let token = new_token();
    let now = now();
    Model {
        id: new_id(),
        account_id,
        purpose: purpose.name().to_owned(),
        token_hash: token_hash(&token),
        created_at: now,
        expires_at: now + purpose.lifetime(),
        used_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(conn)
    .await?;
    Ok(token)
}

/// The account a token works for, read without using it (to know whose change its use is); `INVALID_TOKEN`
/// when it does not work.
pub(super) async fn holder(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: Purpose,
) -> ApiResult<Uuid> {
    working(conn, token, purpose, false)
        .await
        .map(|row| row.account_id)
}

/// Uses a token inside a change: its row, locked, marked used, with every other open token of the account
/// for the same purpose; `INVALID_TOKEN` when it does not work (unknown, expired, used).
pub(super) async fn take(txn: &Write<'_>, token: &str, purpose: Purpose) -> ApiResult<Model> {
    let row = working(txn, token, purpose, true).await?;
    Entity::update_many()
        .col_expr(Column::UsedAt, now().into())
        .filter(Column::AccountId.eq(row.account_id))
        .filter(Column::Purpose.eq(purpose.name()))
        .filter(Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(row)
}

async fn working(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: Purpose,
    lock: bool,
) -> ApiResult<Model> {
    let mut query = Entity::find()
        .filter(Column::TokenHash.eq(token_hash(token.trim())))
        .filter(Column::Purpose.eq(purpose.name()));
    if lock {
        query = query.lock_exclusive();
    }
    match query.one(conn).await? {
        Some(row) if row.used_at.is_none() && row.expires_at > now() => Ok(row),
        _ => Err(ApiError::InvalidToken),
    }
}
