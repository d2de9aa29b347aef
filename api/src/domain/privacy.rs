//! Privacy (GDPR): consent records, a copy of everything stored about a person, and erasure.
//!
//! Erasing a partner removes its personal data (contact, accounts with their sessions and consents,
//! interests, case preferences) and anonymises its profile in the same transaction; the search index
//! follows through the outbox, by id. What must stay for the programme's figures stays, anonymised: the
//! partner's registrations (so attendance per stakeholder type still adds up) and its place in pilot cases.
//! Once an erasure commits, SQLite's write-ahead log is truncated, so no older copy of the rows stays on disk.

use super::access::Actor;
use super::audit;
use super::{begin_write, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::indexing::outbox;
use entities::values::{ConsentPurpose, PartnerStatus, Role, Texts};
use entities::{
    account, audit_entry, case_disinterest, consent, idempotency_key, partner, partner_contact,
    partner_interest, pilot_case_member, registration, session, success_story,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use uuid::Uuid;

/// The name an erased partner's profile keeps.
pub const ERASED_NAME: &str = "Erased partner";

/// An account's consent records, newest first.
pub async fn consents(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
) -> ApiResult<Vec<consent::Model>> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .order_by_desc(consent::Column::GivenAt)
        .order_by_desc(consent::Column::Id)
        .all(conn)
        .await?)
}

/// Records that the account agrees to a purpose under a version of its text. Agreeing again to the same
/// version changes nothing; agreeing to a new version supersedes (withdraws) the old record.
pub async fn give_consent(
    db: &DatabaseConnection,
    actor: &Actor,
    purpose: ConsentPurpose,
    text_version: &str,
) -> ApiResult<consent::Model> {
    super::validate::required_text("textVersion", text_version, 32)?;
    let text_version = super::validate::tidy(text_version);
    let txn = begin_write(db).await?;
    let active = active_consents(&txn, actor.account_id, purpose).await?;
    if let Some(same) = active.iter().find(|c| c.text_version == text_version) {
        return Ok(same.clone());
    }
    withdraw(&txn, &active).await?;
    let saved = consent::Model {
        id: new_id(),
        account_id: actor.account_id,
        partner_id: actor.partner_id,
        purpose,
        text_version,
        given_at: now(),
        withdrawn_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    audit::commit(txn, Some(saved.id)).await?;
    Ok(saved)
}

/// Withdraws the account's consent to a purpose; says which records were withdrawn (none if there was no
/// consent to withdraw).
pub async fn withdraw_consent(
    db: &DatabaseConnection,
    actor: &Actor,
    purpose: ConsentPurpose,
) -> ApiResult<Vec<consent::Model>> {
    if purpose == ConsentPurpose::Terms {
        return Err(ApiError::conflict(
            Some("purpose"),
            "the terms of use cannot be withdrawn on their own: delete the account instead",
        ));
    }
    let txn = begin_write(db).await?;
    let active = active_consents(&txn, actor.account_id, purpose).await?;
    let withdrawn = withdraw(&txn, &active).await?;
    audit::commit(txn, Some(actor.account_id)).await?;
    Ok(withdrawn)
}

async fn active_consents(
    txn: &DatabaseTransaction,
    account_id: Uuid,
    purpose: ConsentPurpose,
) -> ApiResult<Vec<consent::Model>> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .filter(consent::Column::Purpose.eq(purpose))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(txn)
        .await?)
}

async fn withdraw(
    txn: &DatabaseTransaction,
    records: &[consent::Model],
) -> ApiResult<Vec<consent::Model>> {
    let mut withdrawn = Vec::with_capacity(records.len());
    let now = now();
    for record in records {
        let mut active = record.clone().into_active_model();
        active.withdrawn_at = Set(Some(now));
        withdrawn.push(active.update(txn).await?);
    }
    Ok(withdrawn)
}

/// Every row of `E` whose `column` is `value`, as JSON objects named by column.
async fn rows_json<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    value: Uuid,
) -> ApiResult<Vec<Value>> {
    Ok(E::find()
        .filter(column.eq(value))
        .into_json()
        .all(conn)
        .await?)
}

/// Everything stored about the caller's account and (for a partner's member) organisation, as JSON: the
/// account (without its password hash), sessions (without token hashes), consents, the changes the account
/// made, and the partner's profile, contact, interests, memberships, registrations, preferences and
/// submitted stories.
pub async fn export(db: &DatabaseConnection, actor: &Actor) -> ApiResult<Value> {
    let mut account = account::Entity::find_by_id(actor.account_id)
        .into_json()
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    if let Some(fields) = account.as_object_mut() {
        fields.remove("password_hash");
    }
    let mut sessions =
        rows_json::<session::Entity>(db, session::Column::AccountId, actor.account_id).await?;
    for s in &mut sessions {
        if let Some(fields) = s.as_object_mut() {
            fields.remove("token_hash");
        }
    }
    let mut export = json!({
        "exportedAt": now(),
        "account": account,
        "sessions": sessions,
        "consents": rows_json::<consent::Entity>(db, consent::Column::AccountId, actor.account_id).await?,
        "changesMade": rows_json::<audit_entry::Entity>(db, audit_entry::Column::ActorId, actor.account_id).await?,
    });
    if let Some(partner_id) = actor.partner_id {
        export["partner"] = json!({
            "profile": partner::Entity::find_by_id(partner_id).into_json().one(db).await?,
            "contact": partner_contact::Entity::find_by_id(partner_id).into_json().one(db).await?,
            "interests": rows_json::<partner_interest::Entity>(db, partner_interest::Column::PartnerId, partner_id).await?,
            "memberships": rows_json::<pilot_case_member::Entity>(db, pilot_case_member::Column::PartnerId, partner_id).await?,
            "registrations": rows_json::<registration::Entity>(db, registration::Column::PartnerId, partner_id).await?,
            "notInterestedIn": rows_json::<case_disinterest::Entity>(db, case_disinterest::Column::PartnerId, partner_id).await?,
            "submittedStories": rows_json::<success_story::Entity>(db, success_story::Column::SubmittedByPartnerId, partner_id).await?,
        });
    }
    Ok(export)
}

/// Erases a partner's personal data and anonymises its profile, in one transaction (see the module's doc).
/// Erasing an erased partner changes nothing.
pub async fn erase_partner(db: &DatabaseConnection, partner_id: Uuid) -> ApiResult<partner::Model> {
    let txn = begin_write(db).await?;
    let erased = erase_partner_in(&txn, partner_id).await?;
    audit::commit(txn, Some(partner_id)).await?;
    crate::db::truncate_wal_after_erasure(db).await;
    Ok(erased)
}

async fn erase_partner_in(
    txn: &DatabaseTransaction,
    partner_id: Uuid,
) -> ApiResult<partner::Model> {
    let found = partner::Entity::find_by_id(partner_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found("partner"))?;
    if found.erased_at.is_some() {
        return Ok(found);
    }
    partner_contact::Entity::delete_by_id(partner_id)
        .exec(txn)
        .await?;
    let members: Vec<Uuid> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::PartnerId.eq(partner_id))
        .into_tuple()
        .all(txn)
        .await?;
    delete_accounts(txn, &members).await?;
    partner_interest::Entity::delete_many()
        .filter(partner_interest::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    case_disinterest::Entity::delete_many()
        .filter(case_disinterest::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    let now = now();
    let mut active = found.into_active_model();
    active.slug = Set(format!("erased-{}", partner_id.simple()));
    active.name = Set(ERASED_NAME.to_owned());
    active.description = Set(String::new());
    active.website = Set(None);
    active.home_city = Set(None);
    active.capabilities = Set(Texts::default());
    active.data_offered = Set(Texts::default());
    active.data_needed = Set(Texts::default());
    active.status = Set(PartnerStatus::Archived);
    active.erased_at = Set(Some(now));
    active.updated_at = Set(now);
    let erased = active.update(txn).await?;
    // The relay finds the partner no longer public and deletes its document from every index.
    outbox::enqueue(txn, search::Kind::Partner, partner_id).await?;
    Ok(erased)
}

async fn delete_accounts(txn: &DatabaseTransaction, ids: &[Uuid]) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    session::Entity::delete_many()
        .filter(session::Column::AccountId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    consent::Entity::delete_many()
        .filter(consent::Column::AccountId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    account::Entity::delete_many()
        .filter(account::Column::Id.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Deletes the caller's account, with its sessions and consents. When it was the last account of its
/// partner, the partner is erased too. The last admin cannot leave (nobody could manage LODE after).
pub async fn delete_account(db: &DatabaseConnection, actor: &Actor) -> ApiResult<()> {
    let txn = begin_write(db).await?;
    if actor.role == Role::Admin {
        // The admins' rows are locked (on PostgreSQL), so two admins leaving at once cannot both pass.
        let admins: Vec<Uuid> = account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .filter(account::Column::Role.eq(Role::Admin))
            .lock_exclusive()
            .into_tuple()
            .all(&txn)
            .await?;
        if admins.len() <= 1 {
            return Err(ApiError::conflict(
                None,
                "the last admin account cannot be deleted: make another admin first",
            ));
        }
    }
    delete_accounts(&txn, &[actor.account_id]).await?;
    if let Some(partner_id) = actor.partner_id {
        let others = account::Entity::find()
            .filter(account::Column::PartnerId.eq(partner_id))
            .count(&txn)
            .await?;
        if others == 0 {
            erase_partner_in(&txn, partner_id).await?;
        }
    }
    audit::commit(txn, Some(actor.account_id)).await?;
    crate::db::truncate_wal_after_erasure(db).await;
    Ok(())
}
