//! Pilot case members: the team invites an approved partner to a case (and may withdraw the invitation
//! while it is open), and the partner says yes or no.

use super::lifecycle::check_move;
use super::record::check_unchanged;
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use entities::values::{MemberRole, MemberStatus, PilotCasePhase};
use entities::{pilot_case, pilot_case_member};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

/// Invites a partner to a case in a role. The case must be open, the partner approved and not on the case
/// yet; a partner that declined before, or whose invitation was withdrawn, is invited again.
pub async fn invite(
    db: &Store,
    change: &Change,
    pilot_case_id: Uuid,
    partner_id: Uuid,
    role: MemberRole,
) -> ApiResult<pilot_case_member::Model> {
    let already_member = || {
        ApiError::conflict(
            Some("partnerId"),
            "this partner is already a member of this pilot case",
        )
    };
    let txn = begin_write(db, change).await?;
    // Shared locks: neither the case nor the partner can change status until the invitation is written.
    let case = pilot_case::Entity::find_by_id(pilot_case_id)
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::invalid("pilotCaseId", "no pilot case has this id"))?;
    if matches!(
        case.phase,
        PilotCasePhase::Completed | PilotCasePhase::Stopped
    ) {
        return Err(ApiError::conflict(
            Some("pilotCaseId"),
            "this pilot case is closed: nobody can join it any more",
        ));
    }
    super::partners::approved(&txn, partner_id, "be invited to a pilot case").await?;
    let already = pilot_case_member::Entity::find()
        .filter(pilot_case_member::Column::PilotCaseId.eq(pilot_case_id))
        .filter(pilot_case_member::Column::PartnerId.eq(partner_id))
        .lock_exclusive()
        .one(&txn)
        .await?;
    let now = now();
    let member = match already {
        Some(member) if member.status.is_on_case() => return Err(already_member()),
        Some(mut earlier) => {
            earlier.status = MemberStatus::Invited;
            earlier.role = role;
            // `createdAt` says when the partner was invited: this time.
            earlier.created_at = now;
            earlier.updated_at = changed_after(earlier.updated_at);
            earlier.into_active_model().reset_all().update(&txn).await?
        }
        None => pilot_case_member::Model {
            id: new_id(),
            pilot_case_id,
            partner_id,
            role,
            status: MemberStatus::Invited,
            created_at: now,
            updated_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(&txn)
        .await
        .map_err(|err| match ApiError::from(err) {
            // A simultaneous invitation of the same partner won the race.
            ApiError::Conflict { .. } => already_member(),
            other => other,
        })?,
    };
    super::notices::invited(&txn, &member).await?;
    txn.commit(Some(member.id)).await?;
    Ok(member)
}

/// A membership, locked until the transaction ends, unless it changed since the `updatedAt` the client
/// read (`expected`, see [`check_unchanged`]).
async fn locked_unchanged(
    txn: &Write<'_>,
    member_id: Uuid,
    expected: Option<DateTime<Utc>>,
) -> ApiResult<pilot_case_member::Model> {
    let member = pilot_case_member::Entity::find_by_id(member_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found("pilot case member"))?;
    check_unchanged(
        txn,
        "pilot case member",
        member_id,
        member.updated_at,
        expected,
    )
    .await?;
    Ok(member)
}

/// Changes a member's role or answer, as far as the membership lifecycle allows, unless the membership has
/// changed since the `updatedAt` the client read (`expected`, see [`check_unchanged`]).
pub async fn change(
    db: &Store,
    change: &Change,
    member_id: Uuid,
    expected: Option<DateTime<Utc>>,
    role: Option<MemberRole>,
    status: Option<MemberStatus>,
) -> ApiResult<pilot_case_member::Model> {
    let txn = begin_write(db, change).await?;
    let mut member = locked_unchanged(&txn, member_id, expected).await?;
    let from = member.status;
    if let Some(to) = status
        && to != member.status
    {
        // Withdrawing has its own change, which says more plainly what is refused.
        if to == MemberStatus::Withdrawn {
            return Err(ApiError::invalid(
                "status",
                "an invitation is withdrawn with withdrawInvitation",
            ));
        }
        check_move("membership", "status", member.status, to)?;
        member.status = to;
    }
    if let Some(role) = role {
        member.role = role;
    }
    member.updated_at = changed_after(member.updated_at);
    let saved = member.into_active_model().reset_all().update(&txn).await?;
    if saved.status != from {
        super::notices::answered(&txn, &saved).await?;
    }
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// Withdraws an open invitation (`INVITED`): the partner no longer sees it as open and may be invited
/// again later. An invitation already answered or withdrawn is refused with a `CONFLICT`, as is one
/// changed since the `updatedAt` the client read (`expected`, see [`check_unchanged`]).
pub async fn withdraw(
    db: &Store,
    change: &Change,
    member_id: Uuid,
    expected: Option<DateTime<Utc>>,
) -> ApiResult<pilot_case_member::Model> {
    let txn = begin_write(db, change).await?;
    // A page that still shows an earlier invitation must not withdraw the one made since.
    let mut member = locked_unchanged(&txn, member_id, expected).await?;
    if member.status != MemberStatus::Invited {
        return Err(ApiError::conflict(
            Some("id"),
            format!(
                "this invitation is not open any more (its status is {})",
                member.status.to_value()
            ),
        ));
    }
    member.status = MemberStatus::Withdrawn;
    member.updated_at = changed_after(member.updated_at);
    let saved = member.into_active_model().reset_all().update(&txn).await?;
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// Takes a partner off a case.
pub async fn remove(db: &Store, change: &Change, member_id: Uuid) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    let deleted = pilot_case_member::Entity::delete_by_id(member_id)
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(ApiError::not_found("pilot case member"));
    }
    txn.commit(Some(member_id)).await
}
