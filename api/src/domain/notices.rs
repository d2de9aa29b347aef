//! What a change tells the people it concerns: the messages each change writes into the mail outbox, in its
//! own transaction (`mail::outbox`), so a change and its messages are stored together or not at all. The
//! relay composes and sends them later; this module only decides who hears of what.

use super::seats;
use super::write::Write;
use crate::error::ApiResult;
use crate::mail::notice::{EventChange, Notice};
use crate::mail::outbox;
use entities::values::{EventStatus, RegistrationStatus};
use entities::{event, registration};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// A registration holds seats now, newly signed up or `promoted` from the waitlist: its partner's members
/// get the door code, and a reminder is scheduled before the event (one per seating, see
/// [`crate::mail::compose`] for when it goes).
pub(super) async fn seated(
    txn: &Write<'_>,
    registration: &registration::Model,
    promoted: bool,
) -> ApiResult<()> {
    let registration_id = registration.id;
    let notice = if promoted {
        Notice::RegistrationPromoted { registration_id }
    } else {
        Notice::RegistrationConfirmed { registration_id }
    };
    outbox::to_partner(txn, registration.partner_id, &notice, None).await?;
    let once = format!(
        "reminder:{registration_id}:{}",
        registration.updated_at.timestamp_micros()
    );
    outbox::to_partner(
        txn,
        registration.partner_id,
        &Notice::EventReminder { registration_id },
        Some(&once),
    )
    .await
}

/// A registration waits for seats: its partner's members learn their place in the queue.
pub(super) async fn waitlisted(
    txn: &Write<'_>,
    registration: &registration::Model,
) -> ApiResult<()> {
    let queue: Vec<Uuid> = seats::waiting_in_order([registration.event_id])
        .select_only()
        .column(registration::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    let position = queue
        .iter()
        .position(|id| *id == registration.id)
        .map_or(queue.len(), |i| i + 1);
    let notice = Notice::RegistrationWaitlisted {
        registration_id: registration.id,
        position: u32::try_from(position).unwrap_or(u32::MAX),
    };
    outbox::to_partner(txn, registration.partner_id, &notice, None).await
}

/// A registration was cancelled (by its partner or by the team).
pub(super) async fn cancelled(
    txn: &Write<'_>,
    registration: &registration::Model,
) -> ApiResult<()> {
    let notice = Notice::RegistrationCancelled {
        registration_id: registration.id,
    };
    outbox::to_partner(txn, registration.partner_id, &notice, None).await
}

/// An event changed: those registered (seated or waiting) hear what changed of when and where it takes
/// place. Other changes (its description, say) send nothing; neither does a change to an event not
/// published.
pub(super) async fn event_changed(
    txn: &Write<'_>,
    before: &event::Model,
    after: &event::Model,
) -> ApiResult<()> {
    if after.status != EventStatus::Published {
        return Ok(());
    }
    let mut changes = Vec::new();
    if before.starts_at != after.starts_at || before.ends_at != after.ends_at {
        changes.push(EventChange::Time {
            starts_before: before.starts_at,
            ends_before: before.ends_at,
            starts_after: after.starts_at,
            ends_after: after.ends_at,
        });
    }
    if before.venue != after.venue {
        changes.push(EventChange::Venue {
            before: before.venue.clone(),
            after: after.venue.clone(),
        });
    }
    if before.address != after.address {
        changes.push(EventChange::Address {
            before: before.address.clone(),
            after: after.address.clone(),
        });
    }
    if before.online_url != after.online_url {
        changes.push(EventChange::OnlineUrl {
            before: before.online_url.clone(),
            after: after.online_url.clone(),
        });
    }
    if changes.is_empty() {
        return Ok(());
    }
    let notice = Notice::EventChanged {
        event_id: after.id,
        changes,
    };
    for partner_id in registered(txn, after.id).await? {
        outbox::to_partner(txn, partner_id, &notice, None).await?;
    }
    Ok(())
}

/// An event was cancelled: those registered (seated or waiting) hear of it.
pub(super) async fn event_cancelled(txn: &Write<'_>, model: &event::Model) -> ApiResult<()> {
    let notice = Notice::EventCancelled { event_id: model.id };
    for partner_id in registered(txn, model.id).await? {
        outbox::to_partner(txn, partner_id, &notice, None).await?;
    }
    Ok(())
}

/// Someone signed up: the new account gets the link that confirms its address.
pub(super) async fn address_to_confirm(txn: &Write<'_>, account_id: Uuid) -> ApiResult<()> {
    outbox::to_account(txn, account_id, &Notice::AddressConfirmation, None).await
}

/// Someone asked for a new password: the account gets the link to choose one, once within a `window`
/// (a number of the period), however often it was asked.
pub(super) async fn password_reset(
    txn: &Write<'_>,
    account_id: Uuid,
    window: i64,
) -> ApiResult<()> {
    let once = format!("password_reset:{account_id}:{window}");
    outbox::to_account(txn, account_id, &Notice::PasswordReset, Some(once)).await
}

/// The partners with a registration that holds or waits for seats at an event.
async fn registered(txn: &Write<'_>, event_id: Uuid) -> ApiResult<Vec<Uuid>> {
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::PartnerId)
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
        ]))
        .into_tuple()
        .all(txn)
        .await?)
}
