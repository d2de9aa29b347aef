//! Accounts and sessions: signing up, logging in and out, and turning a bearer token back into a [`Viewer`];
//! and the admins' side of an account's life: finding accounts, setting a temporary password, deactivating
//! and reactivating.
//!
//! Passwords are hashed with Argon2id (OWASP's parameters, the crate's defaults). A session is an opaque
//! random token; only its SHA-256 is stored, so sessions can be revoked server-side and a copy of the
//! database lets nobody in. Errors never tell whether an e-mail address has an account.
//!
//! A deactivated account signs in no more (its login is answered as a wrong password) and its sessions
//! stop working. A temporary password an admin set signs in to a session that may only choose a new
//! password ([`Viewer::ChangingPassword`]). Both changes end every session of the account in their own
//! transaction, and a login checks both in the transaction that writes its session, so a login racing
//! either keeps no session with more rights than the account has now.

use super::access::{Actor, Viewer};
use super::account_tokens::{self, Purpose, new_token, token_hash};
use super::page::ListOrder;
use super::partners::{ContactFields, PartnerFields};
use super::write::{Change, Store, Write, begin_write};
use super::{colleagues, notices, record, terms, validate};
use crate::clock::{new_id, now};
use crate::error::{ApiError, ApiResult};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};
use entities::values::{Cities, City, ConsentPurpose, Language, Role, StakeholderType};
use entities::{account, consent, partner, session};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};
use std::sync::OnceLock;
use std::time::Duration;
use uuid::Uuid;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (hashing cost grows with length).
pub const MAX_PASSWORD_CHARS: usize = 256;
pub use super::account_tokens::TOKEN_PREFIX;

/// The one answer to a failed login, whatever failed.
fn wrong_credentials() -> ApiError {
    ApiError::Unauthenticated("the e-mail address or the password is wrong".to_owned())
}

/// An e-mail address as stored: trimmed and in lower case.
pub fn normalize_email(field: &str, raw: &str) -> ApiResult<String> {
    let email = raw.trim().to_lowercase();
    validate::email(field, &email)?;
    Ok(email)
}

/// The lowest strength a new password must reach, on zxcvbn's scale of 0 to 4: 3 takes an estimated
/// 10^8 guesses or more, beyond an online attack and slow offline against Argon2id.
pub const MIN_PASSWORD_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Checks a new password: 12 to 256 characters, and not easy to guess. The strength is estimated offline
/// (zxcvbn, with its bundled lists of common and breached passwords, words, names and keyboard patterns,
/// and the account's own e-mail address); a weak password is refused with the estimator's advice.
pub async fn check_password(field: &str, password: &str, email: &str) -> ApiResult<()> {
    let chars = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
        return Err(ApiError::invalid(
            field,
            format!("{field} must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters long"),
        ));
    }
    let (password, email) = (password.to_owned(), email.to_owned());
    // The estimate takes milliseconds, more on a long password: off the async threads.
    let weakness = tokio::task::spawn_blocking(move || weakness(&password, &email))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "the password strength estimate failed");
            ApiError::Internal
        })?;
    match weakness {
        Some(advice) => Err(ApiError::invalid(
            field,
            format!("{field} is too easy to guess: {advice}"),
        )),
        None => Ok(()),
    }
}

/// Why a password is too easy to guess, with advice on a better one; `None` when it is strong enough.
fn weakness(password: &str, email: &str) -> Option<String> {
    let name = email.split('@').next().unwrap_or_default();
    let estimate = zxcvbn::zxcvbn(password, &[email, name]);
    if estimate.score() >= MIN_PASSWORD_SCORE {
        return None;
    }
    let mut advice: Vec<String> = Vec::new();
    if let Some(feedback) = estimate.feedback() {
        advice.extend(feedback.warning().map(|w| w.to_string()));
        advice.extend(feedback.suggestions().iter().map(ToString::to_string));
    }
    if advice.is_empty() {
        advice.push("Add another word or two. Uncommon words are better.".to_owned());
    }
    Some(advice.join(" "))
}

/// Hashes a password with Argon2id, off the async threads (it takes tens of milliseconds on purpose).
pub async fn hash_password(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "hashing a password failed");
        ApiError::Internal
    })?
    .map_err(|err| {
        tracing::error!(%err, "a password could not be hashed");
        ApiError::Internal
    })
}

/// A hash of a password nobody knows, checked against when an address has no account, so that a login for
/// an unknown address takes as long as one for a known address.
async fn decoy_hash() -> ApiResult<&'static str> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return Ok(hash);
    }
    let hash = hash_password(new_token()).await?;
    Ok(DECOY.get_or_init(|| hash))
}

/// Whether a password matches a stored hash.
async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// An account to create.
pub struct NewAccount {
    /// The e-mail address to sign in with.
    pub email: String,
    /// The password.
    pub password: String,
    /// What the account may do.
    pub role: Role,
    /// The partner organisation of a `PARTNER` account.
    pub partner_id: Option<Uuid>,
    /// The cities of a `COORDINATOR`.
    pub cities: Vec<City>,
    /// Whether the password is a temporary one, which the account's holder must change at their first
    /// login (an admin made it up for them).
    pub must_change_password: bool,
    /// The language LODE writes to the account in.
    pub language: Language,
}

/// Creates an account (for the team, a command or the demo). A taken address is a `CONFLICT`: only admins
/// create accounts this way, so the answer tells no outsider anything.
pub async fn create_account(
    db: &Store,
    change: &Change,
    new: NewAccount,
) -> ApiResult<account::Model> {
    let email = normalize_email("email", &new.email)?;
    check_password("password", &new.password, &email).await?;
    match new.role {
        Role::Partner if new.partner_id.is_none() => {
            return Err(ApiError::invalid(
                "partnerId",
                "a PARTNER account belongs to a partner: give partnerId",
            ));
        }
        Role::Coordinator if new.cities.is_empty() => {
            return Err(ApiError::invalid(
                "cities",
                "a COORDINATOR account needs at least one city",
            ));
        }
        _ => {}
    }
    let password_hash = hash_password(new.password).await?;
    let txn = begin_write(db, change).await?;
    if let Some(partner_id) = new.partner_id {
        if new.role != Role::Partner {
            return Err(ApiError::invalid(
                "partnerId",
                "only a PARTNER account belongs to a partner",
            ));
        }
        let found = partner::Entity::find_by_id(partner_id).one(&txn).await?;
        if found.is_none_or(|p| p.erased_at.is_some()) {
            return Err(ApiError::invalid("partnerId", "no such partner"));
        }
    }
    if account_by_email(&txn, &email).await?.is_some() {
        return Err(ApiError::conflict(
            Some("email"),
            "an account with this e-mail address exists",
        ));
    }
    let cities = if new.role == Role::Coordinator {
        validate::tidy_set(&new.cities)
    } else {
        Vec::new()
    };
    let saved = insert_account(
        &txn,
        NewRow {
            email,
            password_hash,
            role: new.role,
            partner_id: new.partner_id,
            cities,
            must_change_password: new.must_change_password,
            language: new.language,
            // The team, the command line or the demo made it for this address.
            email_confirmed_at: Some(now()),
            invited_at: None,
        },
    )
    .await?;
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

pub(super) async fn account_by_email(
    conn: &impl ConnectionTrait,
    email: &str,
) -> ApiResult<Option<account::Model>> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .one(conn)
        .await?)
}

/// The values of a new account row.
pub(super) struct NewRow {
    pub(super) email: String,
    pub(super) password_hash: String,
    pub(super) role: Role,
    pub(super) partner_id: Option<Uuid>,
    pub(super) cities: Vec<City>,
    pub(super) must_change_password: bool,
    pub(super) language: Language,
    /// When the address counts as confirmed: at once for an account the team makes, never yet for a
    /// sign-up.
    pub(super) email_confirmed_at: Option<DateTime<Utc>>,
    /// When a member invited it, for an invitation not yet accepted; `None` for every other account.
    pub(super) invited_at: Option<DateTime<Utc>>,
}

/// Inserts a new account row.
pub(super) async fn insert_account(conn: &Write<'_>, new: NewRow) -> ApiResult<account::Model> {
    let now = now();
    let row = account::Model {
        id: new_id(),
        email: new.email,
        password_hash: new.password_hash,
        role: new.role,
        partner_id: new.partner_id,
        cities: Cities(new.cities),
        deactivated_at: None,
        must_change_password: new.must_change_password,
        language: new.language,
        email_confirmed_at: new.email_confirmed_at,
        invited_at: new.invited_at,
        created_at: now,
        updated_at: now,
    };
    Ok(row.into_active_model().reset_all().insert(conn).await?)
}

/// What someone signing up gives: their login, their organisation's profile, its contact, and the version
/// of the terms they accepted.
pub struct SignUp {
    /// The e-mail address to sign in with.
    pub email: String,
    /// The password.
    pub password: String,
    /// The organisation's (or the citizen's) name.
    pub partner_name: String,
    /// Its strand of the quadruple helix.
    pub stakeholder_type: StakeholderType,
    /// What it does.
    pub description: String,
    /// Ghent, Bruges, or elsewhere.
    pub home_city: Option<City>,
    /// Its website.
    pub website: Option<String>,
    /// What it can do.
    pub capabilities: Vec<String>,
    /// Data it can offer.
    pub data_offered: Vec<String>,
    /// Data it needs.
    pub data_needed: Vec<String>,
    /// The value domains it is interested in.
    pub interest_ids: Vec<Uuid>,
    /// The contact person.
    pub contact: ContactFields,
    /// The version of the terms of use and privacy notice accepted.
    pub terms_version: String,
    /// The language LODE writes to the new account in.
    pub language: Language,
}

/// Signs someone up: a `PENDING` partner with its contact, a `PARTNER` account, and the consent to the
/// terms, in one transaction, with the message that asks to confirm the address (until then LODE writes
/// the account nothing else but a password reset, see `mail::compose`). An address that already has an account gets the same answer and changes
/// nothing, so signing up tells nobody which addresses have accounts.
pub async fn sign_up(db: &Store, change: &Change, s: SignUp) -> ApiResult<()> {
    let email = normalize_email("email", &s.email)?;
    check_password("password", &s.password, &email).await?;
    check_terms_version(&s.terms_version)?;
    // The profile's own check would name the field `name`; the sign-up calls it `partnerName`.
    validate::name(
        "partnerName",
        &validate::tidy(&s.partner_name),
        validate::MAX_TITLE,
    )?;
    let fields = PartnerFields {
        name: Some(s.partner_name),
        stakeholder_type: Some(s.stakeholder_type),
        description: Some(s.description),
        home_city: Some(s.home_city),
        website: Some(s.website),
        capabilities: Some(s.capabilities),
        data_offered: Some(s.data_offered),
        data_needed: Some(s.data_needed),
        interest_ids: Some(s.interest_ids),
        contact: Some(Some(s.contact)),
        ..PartnerFields::default()
    };
    // Hashed before looking the address up, so both answers take as long.
    let password_hash = hash_password(s.password).await?;
    let txn = begin_write(db, change).await?;
    // An invitation holds its address for nobody against the address's owner signing up.
    colleagues::release_address(&txn, &email).await?;
    let taken = account_by_email(&txn, &email).await?.is_some();
    // The profile is checked whole (and written) either way, so a fault in it gets the same answer
    // whether or not the address has an account.
    let partner = record::create_in::<partner::Entity>(&txn, fields).await?;
    if taken {
        // Dropped without a commit, the transaction takes the profile back.
        drop(txn);
        tracing::info!("a sign-up for an address that has an account was ignored");
        return Ok(());
    }
    let account = insert_account(
        &txn,
        NewRow {
            email,
            password_hash,
            role: Role::Partner,
            partner_id: Some(partner.id),
            cities: Vec::new(),
            must_change_password: false,
            language: s.language,
            email_confirmed_at: None,
            invited_at: None,
        },
    )
    .await?;
    notices::address_to_confirm(&txn, account.id).await?;
    consent_to_terms(&txn, &account, &s.terms_version).await?;
    txn.commit(Some(account.id)).await?;
    Ok(())
}

/// Refuses (`termsVersion`) any version of the terms but the current one, which a new account accepts.
pub(super) fn check_terms_version(version: &str) -> ApiResult<()> {
    validate::required_line("termsVersion", version, 32)?;
    if version.trim() != terms::CURRENT_VERSION {
        return Err(ApiError::invalid(
            "termsVersion",
            format!(
                "accept the current terms, version {} (read them through `terms`)",
                terms::CURRENT_VERSION
            ),
        ));
    }
    Ok(())
}

/// Records an account's consent to the terms of the version it accepted (checked by
/// [`check_terms_version`]), for its partner.
pub(super) async fn consent_to_terms(
    txn: &Write<'_>,
    account: &account::Model,
    version: &str,
) -> ApiResult<()> {
    consent::Model {
        id: new_id(),
        account_id: account.id,
        partner_id: account.partner_id,
        purpose: ConsentPurpose::Terms,
        text_version: validate::tidy(version),
        given_at: now(),
        withdrawn_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// A new session.
pub struct LoggedIn {
    /// The bearer token: shown once, stored only as a hash.
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The account signed in, as the login's transaction read it: when its `must_change_password` is set,
    /// the session may only choose a new password.
    pub account: account::Model,
}

/// Logs in with an e-mail address and a password. Whatever is wrong, the answer is the same: a deactivated
/// account's too.
pub async fn login(
    db: &Store,
    email: &str,
    password: String,
    lifetime: Duration,
) -> ApiResult<LoggedIn> {
    let found = match normalize_email("email", email) {
        Ok(email) => account_by_email(db, &email).await?,
        Err(_) => None,
    };
    let hash = match &found {
        Some(account) => account.password_hash.clone(),
        None => decoy_hash().await?.to_owned(),
    };
    let matches = verify_password(password, hash).await;
    let account = match found {
        // An invitation's password is a secret nobody was told; refused all the same.
        Some(account)
            if matches && account.deactivated_at.is_none() && account.invited_at.is_none() =>
        {
            account
        }
        _ => return Err(wrong_credentials()),
    };
    let token = new_token();
    let now = now();
    let expires_at =
        now + chrono::Duration::from_std(lifetime).unwrap_or_else(|_| chrono::Duration::hours(24));
    // The account signing in is the actor, whoever the request came from.
    let change = Change::by(Viewer::Signed(actor_of(&account)), "login");
    // An account deactivated since its password was checked gets the answer a wrong password gets.
    let txn = begin_write(db, &change).await.map_err(|err| match err {
        ApiError::Unauthenticated(_) => wrong_credentials(),
        other => other,
    })?;
    // Read again, locked, in the transaction that writes the session: an admin who deactivated the account
    // or set a temporary password since the password was checked has ended every session, this one must
    // not outlive that. A password changed meanwhile is no longer the one checked.
    let account = match account::Entity::find_by_id(account.id)
        .lock_exclusive()
        .one(&txn)
        .await?
    {
        Some(locked)
            if locked.deactivated_at.is_none() && locked.password_hash == account.password_hash =>
        {
            locked
        }
        _ => return Err(wrong_credentials()),
    };
    session::Model {
        id: new_id(),
        account_id: account.id,
        token_hash: token_hash(&token),
        created_at: now,
        expires_at,
        revoked_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    txn.commit(Some(account.id)).await?;
    Ok(LoggedIn {
        token,
        expires_at,
        account,
    })
}

/// Ends the session of a token.
pub async fn logout(db: &Store, change: &Change, token: &str) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now().into())
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit(None).await
}

/// Ends every session of an account; says how many were open.
pub async fn revoke_sessions(db: &Store, change: &Change, account_id: Uuid) -> ApiResult<u64> {
    let txn = begin_write(db, change).await?;
    if account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found("account"));
    }
    let ended = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now().into())
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now()))
        .exec(&txn)
        .await?;
    txn.commit(Some(account_id)).await?;
    Ok(ended.rows_affected)
}

/// Who a bearer token signs in, in one query: `None` when the token is unknown, expired or revoked, or its
/// account deactivated. An account whose password is temporary signs in as [`Viewer::ChangingPassword`].
pub async fn viewer_for_token(db: &impl ConnectionTrait, token: &str) -> ApiResult<Option<Viewer>> {
    let live_session = session::Entity::find()
        .select_only()
        .column(session::Column::AccountId)
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now()))
        .into_query();
    let found = account::Entity::find()
        .filter(account::Column::Id.in_subquery(live_session))
        .filter(account::Column::DeactivatedAt.is_null())
        .one(db)
        .await?;
    Ok(found.map(|account| {
        if account.must_change_password {
            Viewer::ChangingPassword(actor_of(&account))
        } else {
            Viewer::Signed(actor_of(&account))
        }
    }))
}

/// The rules' view of an account.
pub fn actor_of(account: &account::Model) -> Actor {
    Actor {
        account_id: account.id,
        role: account.role,
        partner_id: account.partner_id,
        cities: account.cities.0.clone(),
    }
}

/// An account by id.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))
}

/// Whether any active admin account exists.
pub async fn has_admin(db: &impl ConnectionTrait) -> ApiResult<bool> {
    Ok(account::Entity::find()
        .filter(account::Column::Role.eq(Role::Admin))
        .filter(account::Column::DeactivatedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Changes an account's password, given the current one, and ends every session of the account (a stolen
/// token stops working with the old password). The new password must differ from the current one (a
/// temporary password an admin set is replaced by one only its holder knows); a temporary password is one
/// no longer.
pub async fn change_password(
    db: &Store,
    change: &Change,
    id: Uuid,
    current: String,
    new: String,
) -> ApiResult<()> {
    let account = find(db, id).await?;
    check_password("newPassword", &new, &account.email).await?;
    if new == current {
        return Err(ApiError::invalid(
            "newPassword",
            "newPassword must differ from the current password",
        ));
    }
    if !verify_password(current, account.password_hash.clone()).await {
        return Err(ApiError::invalid(
            "currentPassword",
            "the current password is wrong",
        ));
    }
    let hash = hash_password(new).await?;
    let txn = begin_write(db, change).await?;
    let found = account::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    // An admin may have set a temporary password, or deactivated the account, since the current password
    // was checked: that change stands.
    if found.deactivated_at.is_some() {
        return Err(ApiError::Unauthenticated(
            "the account is deactivated".to_owned(),
        ));
    }
    if found.password_hash != account.password_hash {
        return Err(ApiError::invalid(
            "currentPassword",
            "the password changed meanwhile: sign in again",
        ));
    }
    let mut active = found.into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(now());
    active.update(&txn).await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now().into())
        .filter(session::Column::AccountId.eq(id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit(Some(id)).await?;
    Ok(())
}

/// How long one account waits between two password reset messages: more requests within it send nothing
/// more, so nobody can flood a mailbox through the form.
const RESET_MESSAGE_EVERY_SECONDS: i64 = 5 * 60;

/// Asks for a message with a link to choose a new password. The answer is the same whether or not the
/// address has an active account (and takes about as long: a transaction is begun either way); only an
/// active account gets the message, at most one per [`RESET_MESSAGE_EVERY_SECONDS`]. The token is made
/// when the message is composed (`account_tokens::issue`), never stored with the request.
pub async fn request_password_reset(db: &Store, change: &Change, email: &str) -> ApiResult<()> {
    let email = normalize_email("email", email)?;
    let txn = begin_write(db, change).await?;
    // An invitation not yet accepted is accepted through its own link, which also records the terms.
    let Some(account) = account_by_email(&txn, &email)
        .await?
        .filter(|a| a.deactivated_at.is_none() && a.invited_at.is_none())
    else {
        // Dropped without a commit: nothing is written, no entry either.
        drop(txn);
        return Ok(());
    };
    let window = now().timestamp() / RESET_MESSAGE_EVERY_SECONDS;
    notices::password_reset(&txn, account.id, window).await?;
    txn.commit(Some(account.id)).await
}

/// The change a token's use is: by the account it works for, as a login is (whoever sent the request), so
/// the account finds it in its own audit entries. A deactivated account's token works no more.
pub(super) async fn token_change(
    db: &Store,
    token: &str,
    purpose: Purpose,
    action: &str,
) -> ApiResult<(account::Model, Change)> {
    let account_id = account_tokens::holder(db, token, purpose).await?;
    let account = find(db, account_id)
        .await
        .map_err(|_| ApiError::InvalidToken)?;
    if account.deactivated_at.is_some() {
        return Err(ApiError::InvalidToken);
    }
    let change = Change::by(Viewer::Signed(actor_of(&account)), action);
    Ok((account, change))
}

/// Begins a token's change; an account deactivated meanwhile gets the answer an unknown token gets.
pub(super) async fn begin_token_change<'a>(
    db: &'a Store,
    change: &'a Change,
) -> ApiResult<Write<'a>> {
    begin_write(db, change).await.map_err(|err| match err {
        ApiError::Unauthenticated(_) => ApiError::InvalidToken,
        other => other,
    })
}

/// Chooses a new password with the token of a password reset message: checks the token (`INVALID_TOKEN`
/// when it is unknown, expired or used) and the password (the rules of [`check_password`]), sets it, uses
/// the token up, ends every session of the account, and makes a temporary password one no longer. The
/// link came to the account's address, so the address counts as confirmed too.
pub async fn reset_password(db: &Store, token: &str, new: String) -> ApiResult<()> {
    let (account, change) =
        token_change(db, token, Purpose::PasswordReset, "resetPassword").await?;
    check_password("newPassword", &new, &account.email).await?;
    let hash = hash_password(new).await?;
    let txn = begin_token_change(db, &change).await?;
    let used = account_tokens::take(&txn, token, Purpose::PasswordReset).await?;
    let found = account::Entity::find_by_id(used.account_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|a| a.deactivated_at.is_none())
        .ok_or(ApiError::InvalidToken)?;
    let confirmed = found.email_confirmed_at;
    let mut row = found.into_active_model();
    row.password_hash = Set(hash);
    row.must_change_password = Set(false);
    if confirmed.is_none() {
        row.email_confirmed_at = Set(Some(now()));
    }
    save(&txn, row).await?;
    end_sessions(&txn, used.account_id).await?;
    txn.commit(Some(used.account_id)).await
}

/// Confirms an account's address with the token of the message sent at sign-up (`INVALID_TOKEN` when it
/// is unknown, expired or used). From then on LODE writes to the account about everything.
pub async fn confirm_email(db: &Store, token: &str) -> ApiResult<()> {
    let (_, change) = token_change(db, token, Purpose::AddressConfirmation, "confirmEmail").await?;
    let txn = begin_token_change(db, &change).await?;
    let used = account_tokens::take(&txn, token, Purpose::AddressConfirmation).await?;
    let found = account::Entity::find_by_id(used.account_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ApiError::InvalidToken)?;
    if found.email_confirmed_at.is_none() {
        let mut row = found.into_active_model();
        row.email_confirmed_at = Set(Some(now()));
        save(&txn, row).await?;
    }
    txn.commit(Some(used.account_id)).await
}

/// Which accounts to list.
#[derive(Debug, Default)]
pub struct AccountFilter {
    /// Only the accounts whose e-mail address holds this text (in any case).
    pub email_contains: Option<String>,
    /// Only the accounts of this role.
    pub role: Option<Role>,
}

/// The accounts matching a filter (for admins: see the `accounts` query).
pub fn select(filter: &AccountFilter) -> Select<account::Entity> {
    let mut query = account::Entity::find();
    if let Some(text) = filter
        .email_contains
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        // Addresses are stored in lower case; the text is matched literally, `%` and `_` included.
        let literal = text
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        query = query.filter(
            Expr::col(account::Column::Email)
                .like(LikeExpr::new(format!("%{literal}%")).escape('\\')),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(account::Column::Role.eq(role));
    }
    query
}

/// Accounts listed by e-mail address.
pub fn by_email() -> ListOrder<account::Column> {
    ListOrder {
        name: "email",
        column: account::Column::Email,
        descending: false,
    }
}

/// The ids of the active admin accounts, their rows locked until the transaction ends (on PostgreSQL; on
/// SQLite the write transaction holds the whole database): two changes that each leave one admin fewer
/// cannot both count the same admins.
pub(super) async fn lock_active_admins(txn: &Write<'_>) -> ApiResult<Vec<Uuid>> {
    Ok(account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::Role.eq(Role::Admin))
        .filter(account::Column::DeactivatedAt.is_null())
        // One order for every transaction that locks them: two may wait for each other, never deadlock.
        .order_by_asc(account::Column::Id)
        .lock_exclusive()
        .into_tuple()
        .all(txn)
        .await?)
}

/// Within an admin's change to an account: the account, locked, once the active admins are locked
/// ([`lock_active_admins`]) and the caller is found among them. Two admins who deactivate each other at
/// once are so taken one after the other, and the second is no longer an active admin: an admin's change
/// always leaves the caller, so at least one active admin stays. An invitation not yet accepted is refused
/// (`CONFLICT`): it has no password or sign-in of its own yet.
async fn admin_change_to(txn: &Write<'_>, admin: &Actor, id: Uuid) -> ApiResult<account::Model> {
    if !lock_active_admins(txn).await?.contains(&admin.account_id) {
        return Err(ApiError::deactivated());
    }
    let found = account::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    if found.invited_at.is_some() {
        return Err(ApiError::conflict(
            Some("accountId"),
            "an invitation not yet accepted has no password or sign-in to change: its colleague accepts it, or the partner's members withdraw it",
        ));
    }
    Ok(found)
}

/// Ends every open session of an account, inside a change's transaction.
pub(super) async fn end_sessions(txn: &Write<'_>, account_id: Uuid) -> ApiResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, now().into())
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Saves an account's changed row with a new `updated_at`.
pub(super) async fn save(
    txn: &Write<'_>,
    mut row: account::ActiveModel,
) -> ApiResult<account::Model> {
    row.updated_at = Set(now());
    Ok(row.update(txn).await?)
}

/// Sets a temporary password on another account (admins): its holder signs in with it to a session that may
/// only choose a new password. Every session of the account ends in the same transaction. Your own password
/// you change with [`change_password`].
pub async fn set_temporary_password(
    db: &Store,
    change: &Change,
    admin: &Actor,
    id: Uuid,
    password: String,
) -> ApiResult<account::Model> {
    if id == admin.account_id {
        return Err(ApiError::invalid(
            "accountId",
            "set your own password with changePassword",
        ));
    }
    let account = find(db, id).await?;
    check_password("password", &password, &account.email).await?;
    let hash = hash_password(password).await?;
    let txn = begin_write(db, change).await?;
    let target = admin_change_to(&txn, admin, id).await?;
    let mut row = target.into_active_model();
    row.password_hash = Set(hash);
    row.must_change_password = Set(true);
    let saved = save(&txn, row).await?;
    end_sessions(&txn, id).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

/// Deactivates an account (admins): it signs in no more and every session of it ends, in one transaction.
/// A partner's member leaves the partner as it is. An admin cannot deactivate their own account, so the
/// caller stays an active admin and LODE always keeps one ([`admin_change_to`]).
pub async fn deactivate(
    db: &Store,
    change: &Change,
    admin: &Actor,
    id: Uuid,
) -> ApiResult<account::Model> {
    if id == admin.account_id {
        return Err(ApiError::conflict(
            Some("accountId"),
            "you cannot deactivate your own account",
        ));
    }
    let txn = begin_write(db, change).await?;
    let target = admin_change_to(&txn, admin, id).await?;
    if target.deactivated_at.is_some() {
        return Err(ApiError::conflict(
            Some("accountId"),
            "the account is deactivated already",
        ));
    }
    let mut row = target.into_active_model();
    row.deactivated_at = Set(Some(now()));
    let saved = save(&txn, row).await?;
    end_sessions(&txn, id).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

/// Reactivates a deactivated account (admins): it signs in again, with the password it had.
pub async fn reactivate(
    db: &Store,
    change: &Change,
    admin: &Actor,
    id: Uuid,
) -> ApiResult<account::Model> {
    let txn = begin_write(db, change).await?;
    let target = admin_change_to(&txn, admin, id).await?;
    if target.deactivated_at.is_none() {
        return Err(ApiError::conflict(
            Some("accountId"),
            "the account is active already",
        ));
    }
    let mut row = target.into_active_model();
    row.deactivated_at = Set(None);
    let saved = save(&txn, row).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!token_hash(&a).contains(&a[TOKEN_PREFIX.len()..]));
    }

    #[tokio::test]
    async fn passwords_have_a_length_range() {
        let email = "ann@gent.example";
        assert!(check_password("password", "short", email).await.is_err());
        let fit = "fiets-".repeat(50);
        assert!(
            check_password("password", &fit[..MIN_PASSWORD_CHARS + 5], email)
                .await
                .is_ok()
        );
        assert!(
            check_password("password", &fit[..MAX_PASSWORD_CHARS], email)
                .await
                .is_ok()
        );
        assert!(
            check_password("password", &fit[..MAX_PASSWORD_CHARS + 1], email)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn common_and_guessable_passwords_are_refused_with_advice() {
        let email = "ann.peeters@gent.example";
        for weak in [
            "Password1234",
            "welkom123456",
            "qwertyuiop12",
            "xxxxxxxxxxxx",
            "ann.peeters@gent.example",
            "ann.peeters2026",
        ] {
            match check_password("password", weak, email).await {
                Err(ApiError::Validation { field, message }) => {
                    assert_eq!(field, "password");
                    assert!(
                        message.starts_with("password is too easy to guess: "),
                        "{message}"
                    );
                    assert!(
                        message.len() > "password is too easy to guess: ".len() + 10,
                        "advice: {message}"
                    );
                }
                other => panic!("{weak} should be refused, got {other:?}"),
            }
        }
        for strong in [
            "correct horse battery",
            "demo-admin-lode",
            "lang-genoeg-wachtwoord",
        ] {
            assert!(
                check_password("password", strong, email).await.is_ok(),
                "{strong}"
            );
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery".to_owned())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".to_owned(), hash.clone()).await);
        assert!(!verify_password("correct horse battery!".to_owned(), hash).await);
    }
}
