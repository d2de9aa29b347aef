//! A partner's members inviting colleagues to sign in for their organisation.
//!
//! An invitation is an account of the partner with `invited_at` set: its password is a random secret nobody
//! was told, so nobody signs in to it, and LODE writes it nothing but the invitation, whose link carries a
//! one-time token (`account_tokens::Purpose::Invitation`, made when the message is composed). The colleague
//! accepts by choosing a password and accepting the terms ([`accept`]); from then on the account is a member
//! like any other. Until then it counts as no member (it is not among those who hear of the partner's
//! registrations, nor among the members who keep the partner when another leaves), and a member withdraws
//! it ([`withdraw`]). An invitation not accepted within its link's lifetime has lapsed: it is accepted no
//! more and holds its address for nobody (another partner's invitation takes the address over) until it is
//! sent again. Whoever signs up with an invitation's address takes it over at any time ([`release_address`]).

use super::access::Actor;
use super::account_tokens::{self, Purpose, new_token};
use super::accounts::{
    NewRow, account_by_email, begin_token_change, check_password, check_terms_version,
    consent_to_terms, end_sessions, hash_password, insert_account, normalize_email, save,
    token_change,
};
use super::notices;
use super::privacy::{delete_accounts, lock_partners_account};
use super::write::{Change, Store, Write, begin_write};
use crate::clock::now;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use entities::values::{Language, PartnerStatus, Role};
use entities::{account, audit_entry, partner};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// How many invitations a partner may have open at once: each writes to an address of the inviter's
/// choosing, so a member cannot have LODE write to many.
pub const MAX_OPEN_INVITATIONS: u64 = 10;

/// How many invitations (sent again or not) one member may make in a day, whatever was withdrawn meanwhile.
pub const MAX_INVITATIONS_A_DAY: u64 = 30;

/// How long an invitation waits before its message goes again: inviting its address again sooner sends
/// nothing more.
const RESEND_AFTER_MINUTES: i64 = 5;

/// An invitation made, or sent again.
pub struct Invited {
    /// The invitation's account.
    pub account: account::Model,
    /// Whether a message goes out for it now: not when its last one went less than five minutes ago.
    pub sent: bool,
}

/// Whether an invitation made at `invited_at` is still open: its link's lifetime has not passed.
fn open_since(invited_at: DateTime<Utc>) -> bool {
    invited_at > now() - Purpose::Invitation.lifetime()
}

/// Invites a colleague by address to sign in for an approved partner (its own members, checked by the
/// caller), in the language given or else the inviter's. Inviting an invitation's address again sends its
/// message again (in the language given if one is) once five minutes have passed since the last; a
/// withdrawn one made anew counts against the inviter's [`MAX_INVITATIONS_A_DAY`]. Refused with `CONFLICT` when the address is already one
/// of the partner's members or has an account elsewhere (an account belongs to one partner), when the
/// partner is not approved (until the team has looked at it, it has LODE write to nobody) or has
/// [`MAX_OPEN_INVITATIONS`] open; with `RATE_LIMITED` past [`MAX_INVITATIONS_A_DAY`] of the inviter's.
pub async fn invite(
    db: &Store,
    change: &Change,
    inviter: &Actor,
    partner_id: Uuid,
    email: &str,
    language: Option<Language>,
) -> ApiResult<Invited> {
    let email = normalize_email("email", email)?;
    // A password nobody is told: the invitation signs in only once its colleague chose their own.
    let secret = hash_password(new_token()).await?;
    let txn = begin_write(db, change).await?;
    // Locked, so that two invitations at once cannot both pass the counts below.
    lock_approved(&txn, partner_id).await?.ok_or_else(|| {
        ApiError::conflict(
            Some("partnerId"),
            "a partner invites colleagues once the project team has approved it",
        )
    })?;
    check_daily_allowance(&txn, inviter.account_id).await?;
    if let Some(found) = account_by_email(&txn, &email).await? {
        match (found.partner_id, found.invited_at) {
            (Some(theirs), Some(invited_at)) if theirs == partner_id => {
                // Sent again, a lapsed invitation is open once more, and counts as such.
                if !open_since(invited_at)
                    && open_invitations(&txn, partner_id).await? >= MAX_OPEN_INVITATIONS
                {
                    return Err(too_many_open());
                }
                // `invited_at` is when its last message was written.
                let sent = invited_at <= now() - chrono::Duration::minutes(RESEND_AFTER_MINUTES);
                let relanguaged = language.filter(|l| *l != found.language);
                if !sent && relanguaged.is_none() {
                    // Nothing changes: dropped without a commit, and no audit entry.
                    drop(txn);
                    return Ok(Invited {
                        account: found,
                        sent,
                    });
                }
                let mut row = found.into_active_model();
                if sent {
                    row.invited_at = Set(Some(now()));
                }
                if let Some(language) = relanguaged {
                    row.language = Set(language);
                }
                let account = save(&txn, row).await?;
                if sent {
                    notices::member_invitation(&txn, &account, partner_id, inviter.account_id)
                        .await?;
                }
                txn.commit(Some(account.id)).await?;
                return Ok(Invited { account, sent });
            }
            (Some(theirs), None) if theirs == partner_id => {
                return Err(ApiError::conflict(
                    Some("email"),
                    "this address is already one of the partner's members",
                ));
            }
            // Another partner's invitation that lapsed holds the address for nobody.
            (_, Some(invited_at))
                if !open_since(invited_at)
                    && delete_invitation(&txn, found.id, |a| {
                        a.invited_at.is_some_and(|at| !open_since(at))
                    })
                    .await? => {}
            _ => {
                return Err(ApiError::conflict(
                    Some("email"),
                    "this address has an account already, and an account belongs to one partner",
                ));
            }
        }
    }
    if open_invitations(&txn, partner_id).await? >= MAX_OPEN_INVITATIONS {
        return Err(too_many_open());
    }
    let language = match language {
        Some(language) => language,
        None => account::Entity::find_by_id(inviter.account_id)
            .one(&txn)
            .await?
            .map_or(Language::Nl, |a| a.language),
    };
    let account = insert_account(
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
    notices::member_invitation(&txn, &account, partner_id, inviter.account_id).await?;
    txn.commit(Some(account.id)).await?;
    Ok(Invited {
        account,
        sent: true,
    })
}

/// Refuses (`RATE_LIMITED`, until the oldest counted one is a day old) a member who made
/// [`MAX_INVITATIONS_A_DAY`] invitations in the last day, as their audit entries tell.
async fn check_daily_allowance(txn: &Write<'_>, inviter: Uuid) -> ApiResult<()> {
    let recent = audit_entry::Entity::find()
        .filter(audit_entry::Column::ActorId.eq(inviter))
        .filter(audit_entry::Column::Action.eq("invitePartnerMember"))
        .filter(audit_entry::Column::At.gt(now() - chrono::Duration::days(1)));
    if recent.clone().count(txn).await? < MAX_INVITATIONS_A_DAY {
        return Ok(());
    }
    let oldest = recent
        .order_by_asc(audit_entry::Column::At)
        .one(txn)
        .await?
        .map_or_else(now, |entry| entry.at);
    let wait = (oldest + chrono::Duration::days(1) - now()).num_seconds();
    Err(ApiError::RateLimited {
        retry_after_seconds: u64::try_from(wait).unwrap_or(0).max(1),
    })
}

/// How many of the partner's invitations are open.
async fn open_invitations(txn: &Write<'_>, partner_id: Uuid) -> ApiResult<u64> {
    Ok(account::Entity::find()
        .filter(account::Column::PartnerId.eq(partner_id))
        .filter(account::Column::InvitedAt.gt(now() - Purpose::Invitation.lifetime()))
        .count(txn)
        .await?)
}

fn too_many_open() -> ApiError {
    ApiError::conflict(
        Some("email"),
        format!(
            "the partner has {MAX_OPEN_INVITATIONS} open invitations: withdraw one, or wait until one is accepted"
        ),
    )
}

/// Deletes an invitation's account when, read again and locked, it still is one that `holds` (an
/// invitation accepted or sent again meanwhile is left as it is); answers whether it did.
async fn delete_invitation(
    txn: &Write<'_>,
    id: Uuid,
    holds: impl Fn(&account::Model) -> bool,
) -> ApiResult<bool> {
    let still = account::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .is_some_and(|a| holds(&a));
    if still {
        delete_accounts(txn, &[id]).await?;
    }
    Ok(still)
}

/// The partner's row, locked, when it is approved (and so not erased); `None` otherwise.
async fn lock_approved(txn: &Write<'_>, partner_id: Uuid) -> ApiResult<Option<partner::Model>> {
    Ok(partner::Entity::find_by_id(partner_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .filter(|p| p.status == PartnerStatus::Approved && p.erased_at.is_none()))
}

/// Accepts an invitation with the token of its message: checks the token (`INVALID_TOKEN` when it is
/// unknown, expired or used, or the invitation was withdrawn, accepted or has lapsed, or its partner is no
/// longer approved), the password (the rules of `accounts::check_password`) and the terms' version (the current
/// one), then sets the password, records the consent to the terms, and makes the account a member whose
/// address is confirmed (the link came to it). Log in afterwards.
pub async fn accept(
    db: &Store,
    token: &str,
    password: String,
    terms_version: &str,
) -> ApiResult<()> {
    check_terms_version(terms_version)?;
    let (account, change) =
        token_change(db, token, Purpose::Invitation, "acceptMemberInvitation").await?;
    let partner_id = account.partner_id.ok_or(ApiError::InvalidToken)?;
    check_password("password", &password, &account.email).await?;
    let hash = hash_password(password).await?;
    let txn = begin_token_change(db, &change).await?;
    // The partner's row, then the account's, then the token's: the order a withdrawal takes them in, so
    // the two wait for each other rather than deadlock.
    lock_approved(&txn, partner_id)
        .await?
        .ok_or(ApiError::InvalidToken)?;
    let found = account::Entity::find_by_id(account.id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|a| {
            a.invited_at.is_some_and(open_since)
                && a.deactivated_at.is_none()
                && a.partner_id == Some(partner_id)
        })
        .ok_or(ApiError::InvalidToken)?;
    account_tokens::take(&txn, token, Purpose::Invitation).await?;
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

/// Withdraws an invitation not yet accepted (for the partner's own members and admins, checked by the
/// caller): its account goes with its messages and token, so its link works no more. Refused with
/// `CONFLICT` when the account is a member (the invitation was accepted meanwhile: `removePartnerMember`
/// removes a member), `NOT_FOUND` when it is not the partner's.
pub async fn withdraw(
    db: &Store,
    change: &Change,
    partner_id: Uuid,
    account_id: Uuid,
) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    let found = lock_partners_account(&txn, partner_id, account_id).await?;
    if found.invited_at.is_none() {
        return Err(ApiError::conflict(
            Some("accountId"),
            "this account is a member, not an open invitation: it was accepted",
        ));
    }
    delete_accounts(&txn, &[account_id]).await?;
    txn.commit(Some(account_id)).await
}

/// Takes an address over from an invitation that holds it (open or lapsed), inside a sign-up: whoever signs
/// up with the address owns it (and shows it, confirming the address), and the invitation goes. Answers
/// whether one did.
pub(super) async fn release_address(txn: &Write<'_>, email: &str) -> ApiResult<bool> {
    match account_by_email(txn, email).await? {
        Some(found) if found.invited_at.is_some() => {
            delete_invitation(txn, found.id, |a| a.invited_at.is_some()).await
        }
        _ => Ok(false),
    }
}
