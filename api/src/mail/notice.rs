//! What a message tells: one [`Notice`] per kind of message, holding the ids of the records it is about
//! (read again when the message is composed) and, for an event that changed, what changed. Stored as the
//! outbox row's payload; never an address or a secret.

use super::MailTopic;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A message's subject matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// The partner has seats: the door code, and the event as an `.ics` attachment.
    RegistrationConfirmed {
        /// The registration.
        registration_id: Uuid,
    },
    /// The partner waits for seats, at this place in the queue.
    RegistrationWaitlisted {
        /// The registration.
        registration_id: Uuid,
        /// Its place on the waitlist, from 1.
        position: u32,
    },
    /// Seats came free and the partner waiting has them now: the door code and the `.ics`.
    RegistrationPromoted {
        /// The registration.
        registration_id: Uuid,
    },
    /// The registration was cancelled.
    RegistrationCancelled {
        /// The registration.
        registration_id: Uuid,
    },
    /// An event one is registered for changed where or when it takes place.
    EventChanged {
        /// The event.
        event_id: Uuid,
        /// What changed, old and new.
        changes: Vec<EventChange>,
    },
    /// An event one is registered for was cancelled.
    EventCancelled {
        /// The event.
        event_id: Uuid,
    },
    /// The event one is registered for is coming up.
    EventReminder {
        /// The registration.
        registration_id: Uuid,
    },
    /// A team member's daily digest, due at the digest's hour of this day (in Brussels).
    TeamDigest {
        /// The day.
        day: NaiveDate,
    },
    /// The partner is invited to a pilot case: which case, in which role, and where to answer.
    CaseInvitation {
        /// The membership.
        member_id: Uuid,
        /// When it was invited (the membership's `created_at`): a later invitation of the same membership
        /// makes this one moot.
        invited_at: DateTime<Utc>,
    },
    /// To the team: a partner accepted or declined its invitation to a pilot case (or left it).
    CaseAnswered {
        /// The membership.
        member_id: Uuid,
        /// Whether it said yes.
        accepted: bool,
    },
    /// The partner is approved: it takes part now.
    PartnerApproved {
        /// The partner.
        partner_id: Uuid,
    },
    /// The partner is refused; the reason is read when the message goes (it may name people).
    PartnerRefused {
        /// The partner.
        partner_id: Uuid,
    },
    /// A story the partner submitted is published.
    StoryPublished {
        /// The story.
        story_id: Uuid,
    },
    /// Someone asked for a new password: the link to choose one. Its one-time token is made when the
    /// message is composed, never stored here.
    PasswordReset,
    /// Someone signed up: the link that confirms the address. Its token is made when composed, too.
    AddressConfirmation,
    /// A member invited a colleague to the partner's organisation: the link to accept (choose a password).
    /// Its token is made when composed, too.
    MemberInvitation {
        /// The partner.
        partner_id: Uuid,
        /// The member who invited, named in the message while still one of the partner's members.
        invited_by: Uuid,
    },
    /// To someone who answered a survey with an e-mail address: the link that makes the answer count. The
    /// outbox row names the answer; its token is made when composed.
    SurveyAnswerConfirmation,
    /// An invitation to a conversation (an interview or a focus group) for a survey's respondent who agreed
    /// to be contacted: to its partner's members, or to the address of an answer given without a profile
    /// (the row then names the answer), which proposes a partner profile first.
    ConversationInvitation {
        /// The event.
        event_id: Uuid,
        /// The survey the respondent answered.
        survey_id: Uuid,
        /// The answer that agreed to be contacted, read again when the message goes: a respondent who
        /// withdrew that wish meanwhile, or whose partner left the programme, hears nothing.
        response_id: Uuid,
    },
}

/// Who a kind of message is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The members of a partner organisation, greeted by its name.
    Partner,
    /// The project team (admins and coordinators), who belong to no partner.
    Team,
    /// Whoever holds the account, partner's member or team alike (a password reset).
    Account,
    /// Someone who answered a survey by e-mail, without an account.
    Respondent,
}

/// One changed detail of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum EventChange {
    /// When it takes place.
    Time {
        /// The start before.
        starts_before: DateTime<Utc>,
        /// The end before.
        ends_before: DateTime<Utc>,
        /// The start now.
        starts_after: DateTime<Utc>,
        /// The end now.
        ends_after: DateTime<Utc>,
    },
    /// The venue's name.
    Venue {
        /// Before.
        before: Option<String>,
        /// Now.
        after: Option<String>,
    },
    /// The venue's address.
    Address {
        /// Before.
        before: Option<String>,
        /// Now.
        after: Option<String>,
    },
    /// The link to join online.
    OnlineUrl {
        /// Before.
        before: Option<String>,
        /// Now.
        after: Option<String>,
    },
}

impl Notice {
    /// The kind's name, stored beside the payload (`registration_confirmed`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::RegistrationConfirmed { .. } => "registration_confirmed",
            Self::RegistrationWaitlisted { .. } => "registration_waitlisted",
            Self::RegistrationPromoted { .. } => "registration_promoted",
            Self::RegistrationCancelled { .. } => "registration_cancelled",
            Self::EventChanged { .. } => "event_changed",
            Self::EventCancelled { .. } => "event_cancelled",
            Self::EventReminder { .. } => "event_reminder",
            Self::TeamDigest { .. } => "team_digest",
            Self::CaseInvitation { .. } => "case_invitation",
            Self::CaseAnswered { .. } => "case_answered",
            Self::PartnerApproved { .. } => "partner_approved",
            Self::PartnerRefused { .. } => "partner_refused",
            Self::StoryPublished { .. } => "story_published",
            Self::PasswordReset => "password_reset",
            Self::AddressConfirmation => "address_confirmation",
            Self::MemberInvitation { .. } => "member_invitation",
            Self::SurveyAnswerConfirmation => "survey_answer_confirmation",
            Self::ConversationInvitation { .. } => "conversation_invitation",
        }
    }

    /// The topic an account may turn off, or none for a message it needs to take part (a door code, a
    /// cancellation).
    pub fn topic(&self) -> Option<MailTopic> {
        match self {
            Self::EventChanged { .. } => Some(MailTopic::EventUpdates),
            Self::EventReminder { .. } => Some(MailTopic::Reminders),
            Self::TeamDigest { .. } => Some(MailTopic::Digest),
            Self::CaseInvitation { .. } | Self::CaseAnswered { .. } => Some(MailTopic::Cases),
            Self::StoryPublished { .. } => Some(MailTopic::Stories),
            Self::RegistrationConfirmed { .. }
            | Self::RegistrationWaitlisted { .. }
            | Self::RegistrationPromoted { .. }
            | Self::RegistrationCancelled { .. }
            | Self::EventCancelled { .. }
            | Self::PartnerApproved { .. }
            | Self::PartnerRefused { .. }
            | Self::PasswordReset
            | Self::AddressConfirmation
            | Self::MemberInvitation { .. }
            | Self::SurveyAnswerConfirmation
            | Self::ConversationInvitation { .. } => None,
        }
    }

    /// Who the message is for: a message for the team never goes to a partner's member, nor one for a
    /// partner to the team.
    pub fn audience(&self) -> Audience {
        match self {
            Self::CaseAnswered { .. } | Self::TeamDigest { .. } => Audience::Team,
            Self::PasswordReset | Self::AddressConfirmation => Audience::Account,
            Self::SurveyAnswerConfirmation => Audience::Respondent,
            Self::RegistrationConfirmed { .. }
            | Self::RegistrationWaitlisted { .. }
            | Self::RegistrationPromoted { .. }
            | Self::RegistrationCancelled { .. }
            | Self::EventChanged { .. }
            | Self::EventCancelled { .. }
            | Self::EventReminder { .. }
            | Self::CaseInvitation { .. }
            | Self::PartnerApproved { .. }
            | Self::PartnerRefused { .. }
            | Self::StoryPublished { .. }
            | Self::MemberInvitation { .. }
            | Self::ConversationInvitation { .. } => Audience::Partner,
        }
    }

    /// Whether it goes to an address not confirmed yet: only the confirmation itself, a password reset and
    /// an invitation do, so nothing personal goes to a mistyped address.
    pub fn goes_unconfirmed(&self) -> bool {
        matches!(
            self,
            Self::PasswordReset | Self::AddressConfirmation | Self::MemberInvitation { .. }
        )
    }
}
