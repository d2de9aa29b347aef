//! A partner's members inviting colleagues to sign in for their organisation.
//!
//! An invitation is an account of the partner with `invited_at` set: its password is a random secret nobody
//! was told, so nobody signs in to it, and LODE writes it nothing but the invitation, whose link carries a
//! one-time token (`account_tokens::Purpose::Invitation`, made when the message is composed). The colleague
//! accepts by choosing a password and accepting the terms ([`accept`]); from then on the account is a member
//! like any other. Until then it counts as no member (it is not among those who hear of the partner's
//! registrations, nor among the members who keep the partner when another leaves), and a member withdraws
//! it as they remove a member (`privacy::remove_partner_member`).

use super::access::Actor;
use super::account_tokens::{self, Purpose, new_token};
use super::accounts::{
    NewRow, account_by_email, begin_token_change, check_password, check_terms_version,
    consent_to_terms, end_sessions, hash_password, insert_account, normalize_email, save,
    token_change,
};
use super::notices;
use super::write::{Change, Store, begin_write};
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use entities::values::{Language, PartnerStatus, Role};
use entities::{account, partner};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

/// How many invitations a partner may have open at once: each writes to an address of the inviter's
/// choosing, so a member cannot have LODE write to many.
pub const MAX_OPEN_INVITATIONS: u64 = 10;

/// How long one invitation waits before it is sent again: inviting the same address again within it sends
/// nothing more.
const RESEND_EVERY_SECONDS: i64 = 5 * 60;

/// Invites a colleague by address to sign in for an approved partner (its members and admins, checked by the
/// caller), in the language given or else the inviter's. Inviting an open invitation's address again sends
/// its message again (at most once in five minutes). Refused with `CONFLICT` when the address is already
/// one of the partner's members, or has an account elsewhere (an account belongs to one partner), when the
/// partner is not approved (until the team has looked at it, it has LODE write to nobody) or has
/// [`MAX_OPEN_INVITATIONS`] open.
pub async fn invite(
    db: &Store,
    change: &Change,
    inviter: &Actor,
    partner_id: Uuid,
    email: &str,
    language: Option<Language>,
) -> ApiResult<account::Model> {
    let email = normalize_email("email", email)?;
    // A password nobody is told: the invitation signs in only once its colleague chose their own.
    let secret = hash_password(new_token()).await?;
    let txn = begin_write(db, change).await?;
    // Locked, so that two invitations at once cannot both pass the count of open ones.
    let found = partner::Entity::find_by_id(partner_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|p| p.erased_at.is_none())
        .ok_or_else(|| ApiError::not_found("partner"))?;
    if found.status != PartnerStatus::Approved {
        return Err(ApiError::conflict(
            Some("partnerId"),
            "a partner invites colleagues once the project team has approved it",
        ));
    }
    let window = now().timestamp() / RESEND_EVERY_SECONDS;
    if let Some(existing) = account_by_email(&txn, &email).await? {
        return match (existing.partner_id, existing.invited_at) {
            (Some(theirs), Some(_)) if theirs == partner_id => {
                notices::member_invitation(&txn, &existing, inviter.account_id, window).await?;
                txn.commit(Some(existing.id)).await?;
                Ok(existing)
            }
            (Some(theirs), None) if theirs == partner_id => Err(ApiError::conflict(
                Some("email"),
                "this address is already one of the partner's members",
            )),
            _ => Err(ApiError::conflict(
                Some("email"),
                "this address has an account already, and an account belongs to one partner",
            )),
        };
    }
    let open = account::Entity::find()
        .filter(account::Column::PartnerId.eq(partner_id))
        .filter(account::Column::InvitedAt.is_not_null())
        .count(&txn)
        .await?;
    if open >= MAX_OPEN_INVITATIONS {
        return Err(ApiError::conflict(
            Some("email"),
            format!(
                "the partner has {MAX_OPEN_INVITATIONS} open invitations: withdraw one, or wait until one is accepted"
            ),
        ));
    }
    let language = match language {
        Some(language) => language,
        None => account::Entity::find_by_id(inviter.account_id)
            .one(&txn)
            .await?
            .map_or(Language::Nl, |a| a.language),
    };
    let invitation = insert_account(
        &txn,
        NewRow {
            email,
            password_hash: secret,
            role: Role::Partner,
            partner_id: Some(partner_id),
            cities: Vec::new(),
            must_change_password: false,
            language,
            email_confirmed_at: None,
            invited_at: Some(now()),
        },
    )
    .await?;
    notices::member_invitation(&txn, &invitation, inviter.account_id, window).await?;
    txn.commit(Some(invitation.id)).await?;
    Ok(invitation)
}

/// Accepts an invitation with the token of its message: checks the token (`INVALID_TOKEN` when it is
/// unknown, expired or used, or the invitation was withdrawn or accepted), the password (the rules of
/// `accounts::check_password`) and the terms' version (the current one), then sets the password, records
/// the consent to the terms, and makes the account a member whose address is confirmed (the link came to
/// it). Log in afterwards.
pub async fn accept(
    db: &Store,
    token: &str,
    password: String,
    terms_version: &str,
) -> ApiResult<()> {
    check_terms_version(terms_version)?;
    let (account, change) =
        token_change(db, token, Purpose::Invitation, "acceptInvitation").await?;
    check_password("password", &password, &account.email).await?;
    let hash = hash_password(password).await?;
    let txn = begin_token_change(db, &change).await?;
    let used = account_tokens::take(&txn, token, Purpose::Invitation).await?;
    let found = account::Entity::find_by_id(used.account_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|a| a.invited_at.is_some() && a.deactivated_at.is_none())
        .ok_or(ApiError::InvalidToken)?;
    let mut row = found.into_active_model();
    row.password_hash = Set(hash);
    row.invited_at = Set(None);
    row.email_confirmed_at = Set(Some(now()));
    let member = save(&txn, row).await?;
    // None were opened, but a session is never older than the password it was opened with.
    end_sessions(&txn, member.id).await?;
    consent_to_terms(&txn, &member, terms_version).await?;
    txn.commit(Some(member.id)).await
}
