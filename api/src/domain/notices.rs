//! What a change tells the people it concerns: the messages each change writes into the mail outbox, in its
//! own transaction (`mail::outbox`), so a change and its messages are stored together or not at all. The
//! relay composes and sends them later; this module only decides who hears of what.

use super::access::{Viewer, role_manages};
use super::accounts::actor_of;
use super::seats;
use super::write::Write;
use crate::error::ApiResult;
use crate::mail::notice::{EventChange, Notice};
use crate::mail::outbox;
use chrono::{DateTime, Utc};
use entities::values::{
    Cities, City, EventStatus, MemberStatus, PartnerStatus, RegistrationStatus, Role, StoryStatus,
};
use entities::{
    account, event, partner, pilot_case, pilot_case_member, registration, success_story,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
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
    .await?;
    Ok(())
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
    outbox::to_partner(txn, registration.partner_id, &notice, None).await?;
    Ok(())
}

/// A registration was cancelled (by its partner or by the team).
pub(super) async fn cancelled(
    txn: &Write<'_>,
    registration: &registration::Model,
) -> ApiResult<()> {
    let notice = Notice::RegistrationCancelled {
        registration_id: registration.id,
    };
    outbox::drop_reminders(txn, registration.id).await?;
    outbox::to_partner(txn, registration.partner_id, &notice, None).await?;
    Ok(())
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
        let seated: Vec<Uuid> = registration::Entity::find()
            .select_only()
            .column(registration::Column::Id)
            .filter(registration::Column::EventId.eq(after.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .into_tuple()
            .all(txn)
            .await?;
        outbox::reconsider_reminders(txn, &seated).await?;
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

/// Someone answered a survey with an e-mail address: the address gets the link that makes the answer count.
pub(super) async fn survey_answer_to_confirm(txn: &Write<'_>, response_id: Uuid) -> ApiResult<()> {
    outbox::to_respondent(txn, response_id, &Notice::SurveyAnswerConfirmation, None).await?;
    Ok(())
}

/// An answer by e-mail was given again before it was confirmed: the confirmations still waiting for it
/// are not sent (their link would not work once the new message's is made).
pub(super) async fn survey_confirmations_withdrawn(
    txn: &Write<'_>,
    response_id: Uuid,
) -> ApiResult<()> {
    outbox::drop_waiting_for_respondent(txn, response_id).await
}

/// Someone signed up: the new account gets the link that confirms its address.
pub(super) async fn address_to_confirm(txn: &Write<'_>, account_id: Uuid) -> ApiResult<()> {
    outbox::to_account(txn, account_id, &Notice::AddressConfirmation, None).await?;
    Ok(())
}

/// Someone asked for a new password: the account gets the link to choose one, once within a `window`
/// (a number of the period), however often it was asked.
pub(super) async fn password_reset(
    txn: &Write<'_>,
    account_id: Uuid,
    window: i64,
) -> ApiResult<()> {
    let once = format!("password_reset:{account_id}:{window}");
    outbox::to_account(txn, account_id, &Notice::PasswordReset, Some(once)).await?;
    Ok(())
}

/// A member invited a colleague: the invitation's account gets the link to accept.
pub(super) async fn member_invitation(
    txn: &Write<'_>,
    invitation: &account::Model,
    partner_id: Uuid,
    invited_by: Uuid,
) -> ApiResult<()> {
    let notice = Notice::MemberInvitation {
        partner_id,
        invited_by,
    };
    outbox::to_account(txn, invitation.id, &notice, None).await?;
    Ok(())
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

/// What a team member's daily digest tells, for the records they manage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Digest {
    /// Partners that signed up in the period.
    pub new_partners: u64,
    /// Partners waiting for approval now.
    pub partners_waiting: u64,
    /// Success stories waiting for review now.
    pub stories_in_review: u64,
    /// Invitations to pilot cases answered in the period.
    pub invitations_answered: u64,
}

impl Digest {
    /// Whether there is nothing to tell (then no digest goes).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The digest of a team member (admin or coordinator) for the period from `since`: an admin hears of every
/// record; a coordinator of the partners of their cities (and those of no city: someone must approve them),
/// the stories and pilot cases they manage ([`Viewer::stories_managed`], [`Viewer::pilot_cases_managed`]).
/// Anyone else hears nothing.
pub async fn digest(
    conn: &impl ConnectionTrait,
    account: &account::Model,
    since: DateTime<Utc>,
) -> ApiResult<Digest> {
    let actor = actor_of(account);
    let partners = match actor.role {
        Role::Admin => Condition::all(),
        Role::Coordinator => Condition::any()
            .add(partner::Column::HomeCity.is_null())
            .add(partner::Column::HomeCity.is_in(actor.cities.iter().copied())),
        Role::Partner => return Ok(Digest::default()),
    };
    let viewer = Viewer::Signed(actor);
    let new_partners = partner::Entity::find()
        .filter(partners.clone())
        .filter(partner::Column::CreatedAt.gte(since))
        .filter(partner::Column::ErasedAt.is_null())
        .count(conn)
        .await?;
    let partners_waiting = partner::Entity::find()
        .filter(partners)
        .filter(partner::Column::Status.eq(PartnerStatus::Pending))
        .count(conn)
        .await?;
    let stories_in_review = success_story::Entity::find()
        .filter(viewer.stories_managed())
        .filter(success_story::Column::Status.eq(StoryStatus::InReview))
        .count(conn)
        .await?;
    let cases: Vec<Uuid> = pilot_case::Entity::find()
        .select_only()
        .column(pilot_case::Column::Id)
        .filter(viewer.pilot_cases_managed(conn.get_database_backend()))
        .into_tuple()
        .all(conn)
        .await?;
    let invitations_answered = pilot_case_member::Entity::find()
        .filter(pilot_case_member::Column::PilotCaseId.is_in(cases))
        .filter(
            pilot_case_member::Column::Status
                .is_in([MemberStatus::Accepted, MemberStatus::Declined]),
        )
        .filter(pilot_case_member::Column::UpdatedAt.gte(since))
        .count(conn)
        .await?;
    Ok(Digest {
        new_partners,
        partners_waiting,
        stories_in_review,
        invitations_answered,
    })
}

/// A partner is invited to a pilot case: its members hear which case, in which role, and that they answer
/// in Mijn LODE.
pub(super) async fn invited(txn: &Write<'_>, member: &pilot_case_member::Model) -> ApiResult<()> {
    let notice = Notice::CaseInvitation {
        member_id: member.id,
        invited_at: member.created_at,
    };
    outbox::to_partner(txn, member.partner_id, &notice, None).await?;
    Ok(())
}

/// A partner accepted or declined (or left) a pilot case: the team that manages the case hears of it (its
/// admins, and the coordinators of its cities, as [`role_manages`] says), except whoever recorded the
/// answer themselves.
pub(super) async fn answered(txn: &Write<'_>, member: &pilot_case_member::Model) -> ApiResult<()> {
    let accepted = match member.status {
        MemberStatus::Accepted => true,
        MemberStatus::Declined => false,
        MemberStatus::Invited | MemberStatus::Withdrawn => return Ok(()),
    };
    let Some(case) = pilot_case::Entity::find_by_id(member.pilot_case_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let notice = Notice::CaseAnswered {
        member_id: member.id,
        accepted,
    };
    let author = txn.viewer().and_then(Viewer::account_id);
    for account_id in team_managing(txn, &case.cities.0).await? {
        if Some(account_id) != author {
            outbox::to_account(txn, account_id, &notice, None).await?;
        }
    }
    Ok(())
}

/// The active team accounts that manage a record of these cities.
async fn team_managing(txn: &Write<'_>, cities: &[City]) -> ApiResult<Vec<Uuid>> {
    let team: Vec<(Uuid, Role, Cities)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Role)
        .column(account::Column::Cities)
        .filter(account::Column::Role.is_in([Role::Admin, Role::Coordinator]))
        .filter(account::Column::DeactivatedAt.is_null())
        .order_by_asc(account::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    Ok(team
        .into_iter()
        .filter(|(_, role, own)| role_manages(*role, &own.0, cities))
        .map(|(id, _, _)| id)
        .collect())
}

/// A partner is approved: its members hear that they take part now. Always sent (no topic).
pub(super) async fn partner_approved(txn: &Write<'_>, partner_id: Uuid) -> ApiResult<()> {
    outbox::to_partner(
        txn,
        partner_id,
        &Notice::PartnerApproved { partner_id },
        None,
    )
    .await?;
    Ok(())
}

/// A partner is refused: its members hear why. Always sent (no topic).
pub(super) async fn partner_refused(txn: &Write<'_>, partner_id: Uuid) -> ApiResult<()> {
    outbox::to_partner(
        txn,
        partner_id,
        &Notice::PartnerRefused { partner_id },
        None,
    )
    .await?;
    Ok(())
}

/// A story a partner submitted is published: that partner's members hear of it, once per story (taking it
/// back and publishing it again tells nobody a second time). A story the team wrote tells nobody.
pub(super) async fn story_published(
    txn: &Write<'_>,
    story: &success_story::Model,
) -> ApiResult<()> {
    let Some(partner_id) = story.submitted_by_partner_id else {
        return Ok(());
    };
    let once = format!("story_published:{}", story.id);
    outbox::to_partner(
        txn,
        partner_id,
        &Notice::StoryPublished { story_id: story.id },
        Some(&once),
    )
    .await?;
    Ok(())
}

/// Invites a survey's respondent to a conversation (an interview or a focus group): its partner's members,
/// or the address it answered with. Once per partner (or answer) and event, however often the team asks;
/// answers whether the invitation is new.
pub async fn conversation_invitation(
    txn: &Write<'_>,
    contact: &super::survey_contacts::Contact,
    event_id: Uuid,
    survey_id: Uuid,
) -> ApiResult<bool> {
    let notice = Notice::ConversationInvitation {
        event_id,
        survey_id,
        response_id: contact.response.id,
    };
    // A partner is invited once to an event, whichever of its answers the team picked.
    match &contact.partner {
        Some(partner) => {
            let once = format!("conversation:{event_id}:partner:{}", partner.id);
            outbox::to_partner(txn, partner.id, &notice, Some(&once)).await
        }
        None => {
            let once = format!("conversation:{event_id}:{}", contact.response.id);
            outbox::to_respondent(txn, contact.response.id, &notice, Some(once)).await
        }
    }
}
