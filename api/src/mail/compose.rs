//! Composing a message when it is due: the notice's records read again, the recipient's address and
//! language read from the account, and the subject, plain text and HTML rendered from the templates in
//! `templates/` (minijinja, which escapes every value it writes into the HTML ones). Times are shown in
//! Europe/Brussels; every link points into the front end.
//!
//! A notice that no longer applies (the recipient turned its topic off, the account is gone, a registration
//! was cancelled before its reminder, an invitation was withdrawn before its message went) is dropped; a
//! reminder whose event moved later waits for its new time.
//!
//! Most messages go to a partner's members, greeted by their organisation's name; a message for the team
//! ([`Audience::Team`]) goes to admins and coordinators, who belong to no partner, and says why they
//! receive it in its own words.

use super::notice::{Audience, EventChange, Notice};
use super::outbox;
use super::unsubscribe;
use crate::domain::access::role_manages;
use crate::domain::account_tokens::{self, Purpose};
use crate::domain::survey_answers;
use crate::error::ApiResult;
use crate::ics;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Brussels;
use entities::values::{
    EventStatus, Language, MemberRole, MemberStatus, PartnerStatus, RegistrationStatus, Role,
    StoryStatus,
};
use entities::{
    account, event, mail_outbox, partner, partner_refusal, pilot_case, pilot_case_member,
    registration, registration_person, success_story, survey, survey_response,
};
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use minijinja::{Environment, UndefinedBehavior};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::time::Duration;
use uuid::Uuid;

/// What becomes of a due row.
#[derive(Debug)]
pub enum Composed {
    /// A message to hand to the server.
    Message(Box<Message>),
    /// It no longer applies, for this reason (no personal data in it).
    Drop(&'static str),
    /// It is not due yet after all: a reminder whose event moved later.
    Postpone(DateTime<Utc>),
}

/// Turns due rows into messages.
pub struct Composer {
    templates: Environment<'static>,
    from: Mailbox,
    public_url: String,
    reminder_before: Duration,
}

/// Every template, by name: `<language>/<kind>.txt` (blocks `subject` and `body`) and `.html` (block
/// `body` in its language's `layout.html`).
macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),+]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "nl/layout.html",
    "en/layout.html",
    "nl/registration_confirmed.txt",
    "nl/registration_confirmed.html",
    "en/registration_confirmed.txt",
    "en/registration_confirmed.html",
    "nl/registration_waitlisted.txt",
    "nl/registration_waitlisted.html",
    "en/registration_waitlisted.txt",
    "en/registration_waitlisted.html",
    "nl/registration_promoted.txt",
    "nl/registration_promoted.html",
    "en/registration_promoted.txt",
    "en/registration_promoted.html",
    "nl/registration_cancelled.txt",
    "nl/registration_cancelled.html",
    "en/registration_cancelled.txt",
    "en/registration_cancelled.html",
    "nl/event_changed.txt",
    "nl/event_changed.html",
    "en/event_changed.txt",
    "en/event_changed.html",
    "nl/event_cancelled.txt",
    "nl/event_cancelled.html",
    "en/event_cancelled.txt",
    "en/event_cancelled.html",
    "nl/event_reminder.txt",
    "nl/event_reminder.html",
    "en/event_reminder.txt",
    "en/event_reminder.html",
    "nl/team_digest.txt",
    "nl/team_digest.html",
    "en/team_digest.txt",
    "en/team_digest.html",
    "nl/case_invitation.txt",
    "nl/case_invitation.html",
    "en/case_invitation.txt",
    "en/case_invitation.html",
    "nl/case_answered.txt",
    "nl/case_answered.html",
    "en/case_answered.txt",
    "en/case_answered.html",
    "nl/partner_approved.txt",
    "nl/partner_approved.html",
    "en/partner_approved.txt",
    "en/partner_approved.html",
    "nl/partner_refused.txt",
    "nl/partner_refused.html",
    "en/partner_refused.txt",
    "en/partner_refused.html",
    "nl/story_published.txt",
    "nl/story_published.html",
    "en/story_published.txt",
    "en/story_published.html",
    "nl/password_reset.txt",
    "nl/password_reset.html",
    "en/password_reset.txt",
    "en/password_reset.html",
    "nl/address_confirmation.txt",
    "nl/address_confirmation.html",
    "en/address_confirmation.txt",
    "en/address_confirmation.html",
    "nl/member_invitation.txt",
    "nl/member_invitation.html",
    "en/member_invitation.txt",
    "en/member_invitation.html",
    "nl/survey_answer_confirmation.txt",
    "nl/survey_answer_confirmation.html",
    "en/survey_answer_confirmation.txt",
    "en/survey_answer_confirmation.html",
    "nl/conversation_invitation.txt",
    "nl/conversation_invitation.html",
    "en/conversation_invitation.txt",
    "en/conversation_invitation.html",
];

/// What the templates read.
#[derive(Serialize)]
struct Context {
    /// The front end's address.
    site: String,
    /// Where the recipient manages their messages.
    preferences: String,
    /// The one-click unsubscribe link, for a message with a topic.
    unsubscribe: Option<String>,
    /// Whether the recipient is on the team: no partner to greet, and the team's reason in the footer.
    team: bool,
    /// The recipient's organisation.
    partner: Option<String>,
    /// The recipient's organisation's public page, once it is approved.
    profile: Option<String>,
    /// Why the recipient's organisation was refused.
    refusal: Option<String>,
    /// The pilot case the message is about.
    case: Option<CaseContext>,
    /// The success story the message is about.
    story: Option<StoryContext>,
    /// The event the message is about.
    event: Option<EventContext>,
    /// The registration the message is about.
    registration: Option<RegistrationContext>,
    /// What changed about the event.
    changes: Vec<ChangeContext>,
    /// A team member's digest.
    digest: Option<crate::domain::notices::Digest>,
    /// The team's workspace.
    workspace: String,
    /// The link with a one-time token (a password reset, an address confirmation, an invitation).
    link: Option<String>,
    /// The address of the member who invited the recipient to their organisation.
    inviter: Option<String>,
    /// The title of the survey the message is about, in the recipient's language.
    survey: Option<String>,
    /// The partner profile proposed to a survey's respondent, filled in with what its answer says.
    join: Option<String>,
}

#[derive(Serialize)]
struct EventContext {
    title: String,
    when: String,
    venue: Option<String>,
    address: Option<String>,
    online_url: Option<String>,
    link: String,
}

#[derive(Serialize)]
struct RegistrationContext {
    code: Option<String>,
    people: Vec<String>,
    position: Option<u32>,
    /// Mijn LODE, where the registration is.
    link: String,
}

#[derive(Serialize)]
struct CaseContext {
    title: String,
    /// The partner's role in it, in the recipient's language.
    role: String,
    /// The case's public page.
    link: String,
    /// The case's page for the team.
    manage: String,
    /// The partner that answered (for the team).
    partner: Option<String>,
    /// Whether it said yes (for the team).
    accepted: Option<bool>,
}

#[derive(Serialize)]
struct StoryContext {
    title: String,
    /// Its public page.
    link: String,
}

#[derive(Serialize)]
struct ChangeContext {
    /// `time`, `venue`, `address` or `online_url`.
    what: &'static str,
    before: String,
    after: String,
}

impl Composer {
    /// The composer for the sender `from` and the front end at `public_url`. Fails on a sender that is not
    /// an address, or a template that does not parse.
    pub fn new(from: &str, public_url: &str, reminder_before: Duration) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the mail sender {from:?} is not an address: {e}"))?;
        let mut templates = Environment::new();
        // A value the context lacks is a fault of the template, not an empty string in a message.
        templates.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            templates
                .add_template(name, source)
                .map_err(|e| format!("the mail template {name} does not parse: {e}"))?;
        }
        let public_url = if public_url.ends_with('/') {
            public_url.to_owned()
        } else {
            format!("{public_url}/")
        };
        match url::Url::parse(&public_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
            _ => {
                return Err(format!(
                    "LODE_PUBLIC_URL must be the front end's http(s) address, not {public_url:?}"
                ));
            }
        }
        Ok(Self {
            templates,
            from,
            public_url,
            reminder_before,
        })
    }

    /// The message a due row makes now, or why none.
    pub async fn compose(
        &self,
        db: &impl ConnectionTrait,
        row: &mail_outbox::Model,
    ) -> ApiResult<Composed> {
        let Ok(notice) = serde_json::from_str::<Notice>(&row.payload) else {
            return Ok(Composed::Drop(
                "its payload is not a notice this version knows",
            ));
        };
        let Some(account_id) = row.account_id else {
            return match (row.survey_response_id, &notice) {
                (Some(response_id), Notice::SurveyAnswerConfirmation) => {
                    self.compose_for_respondent(db, row, response_id).await
                }
                (
                    Some(response_id),
                    Notice::ConversationInvitation {
                        event_id,
                        survey_id,
                        ..
                    },
                ) => {
                    self.compose_invitation_for_respondent(
                        db,
                        row,
                        response_id,
                        *event_id,
                        *survey_id,
                    )
                    .await
                }
                _ => Ok(Composed::Drop("the message has no recipient it can go to")),
            };
        };
        let Some(account) = account::Entity::find_by_id(account_id).one(db).await? else {
            return Ok(Composed::Drop("the account is gone"));
        };
        if account.deactivated_at.is_some() {
            return Ok(Composed::Drop("the account is deactivated"));
        }
        // Nothing personal goes to an address that may be mistyped.
        if account.email_confirmed_at.is_none() && !notice.goes_unconfirmed() {
            return Ok(Composed::Drop("the address is not confirmed"));
        }
        let partner = match account.partner_id {
            Some(id) => partner::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        if partner.as_ref().is_some_and(|p| p.erased_at.is_some()) {
            return Ok(Composed::Drop("the partner was erased"));
        }
        match notice.audience() {
            Audience::Partner if partner.is_none() => {
                return Ok(Composed::Drop("the account belongs to no partner any more"));
            }
            Audience::Team if !matches!(account.role, Role::Admin | Role::Coordinator) => {
                return Ok(Composed::Drop("the account is not on the team any more"));
            }
            Audience::Partner | Audience::Team | Audience::Account | Audience::Respondent => {}
        }
        if outbox::opted_out(db, account.id, &notice).await? {
            return Ok(Composed::Drop("the recipient turned these messages off"));
        }
        let Ok(to) = account.email.parse::<lettre::Address>() else {
            return Ok(Composed::Drop("the account's address cannot be written to"));
        };
        let language = account.language;
        let mut context = Context {
            team: notice.audience() == Audience::Team,
            partner: partner.as_ref().map(|p| p.name.clone()),
            ..self.context()
        };
        if let Some(topic) = notice.topic() {
            let key = unsubscribe::key(db).await?;
            context.unsubscribe =
                Some(unsubscribe::link(&self.public_url, &key, account.id, topic));
        }
        let mut calendar = None;
        match &notice {
            Notice::RegistrationConfirmed { registration_id }
            | Notice::RegistrationPromoted { registration_id }
            | Notice::RegistrationWaitlisted {
                registration_id, ..
            }
            | Notice::RegistrationCancelled { registration_id }
            | Notice::EventReminder { registration_id } => {
                let Some(found) = registration::Entity::find_by_id(*registration_id)
                    .one(db)
                    .await?
                else {
                    return Ok(Composed::Drop("the registration is gone"));
                };
                if Some(found.partner_id) != account.partner_id {
                    return Ok(Composed::Drop("the account left the partner"));
                }
                let Some(model) = event::Entity::find_by_id(found.event_id).one(db).await? else {
                    return Ok(Composed::Drop("the event is gone"));
                };
                let seated = matches!(
                    found.status,
                    RegistrationStatus::Confirmed | RegistrationStatus::Attended
                );
                match &notice {
                    Notice::RegistrationConfirmed { .. } | Notice::RegistrationPromoted { .. }
                        if !seated =>
                    {
                        return Ok(Composed::Drop("the registration holds no seats any more"));
                    }
                    Notice::RegistrationWaitlisted { .. }
                        if found.status != RegistrationStatus::Waitlisted =>
                    {
                        return Ok(Composed::Drop("the registration waits no more"));
                    }
                    Notice::EventReminder { .. } => {
                        if let Some(verdict) = self.reminder_verdict(row, &found, &model) {
                            return Ok(verdict);
                        }
                    }
                    _ => {}
                }
                let people = registration_person::Entity::find()
                    .filter(registration_person::Column::RegistrationId.eq(found.id))
                    .order_by_asc(registration_person::Column::Position)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|p| p.name)
                    .collect();
                let position = match &notice {
                    Notice::RegistrationWaitlisted { position, .. } => Some(*position),
                    _ => None,
                };
                context.registration = Some(RegistrationContext {
                    code: found.code.clone().filter(|_| seated),
                    people,
                    position,
                    link: format!("{}#/mijn", self.public_url),
                });
                if seated {
                    calendar = Some(ics::registration(&found, &model, &self.public_url));
                }
                context.event = Some(self.event_context(&model, language));
            }
            Notice::TeamDigest { .. } => {}
            Notice::EventChanged { event_id, .. } | Notice::EventCancelled { event_id } => {
                let Some(model) = event::Entity::find_by_id(*event_id).one(db).await? else {
                    return Ok(Composed::Drop("the event is gone"));
                };
                let registered = match account.partner_id {
                    Some(partner_id) => {
                        registration::Entity::find()
                            .filter(registration::Column::EventId.eq(model.id))
                            .filter(registration::Column::PartnerId.eq(partner_id))
                            .one(db)
                            .await?
                    }
                    None => None,
                };
                let Some(found) = registered.filter(|r| {
                    matches!(
                        r.status,
                        RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
                    )
                }) else {
                    return Ok(Composed::Drop("the partner is no longer registered"));
                };
                if let Notice::EventChanged { changes, .. } = &notice {
                    context.changes = changes
                        .iter()
                        .map(|c| change_context(c, language))
                        .collect();
                }
                calendar = Some(ics::registration(&found, &model, &self.public_url));
                context.event = Some(self.event_context(&model, language));
            }
            Notice::CaseInvitation {
                member_id,
                invited_at,
            } => {
                let Some(member) = pilot_case_member::Entity::find_by_id(*member_id)
                    .one(db)
                    .await?
                else {
                    return Ok(Composed::Drop("the invitation is gone"));
                };
                if Some(member.partner_id) != account.partner_id {
                    return Ok(Composed::Drop("the account left the partner"));
                }
                if member.status != MemberStatus::Invited {
                    return Ok(Composed::Drop("the invitation was answered or withdrawn"));
                }
                if member.created_at != *invited_at {
                    return Ok(Composed::Drop("a later invitation replaced it"));
                }
                let Some(case) = pilot_case::Entity::find_by_id(member.pilot_case_id)
                    .one(db)
                    .await?
                else {
                    return Ok(Composed::Drop("the pilot case is gone"));
                };
                context.case = Some(self.case_context(&case, &member, language, None));
            }
            Notice::CaseAnswered {
                member_id,
                accepted,
            } => {
                let Some(member) = pilot_case_member::Entity::find_by_id(*member_id)
                    .one(db)
                    .await?
                else {
                    return Ok(Composed::Drop("the membership is gone"));
                };
                let answer = if *accepted {
                    MemberStatus::Accepted
                } else {
                    MemberStatus::Declined
                };
                if member.status != answer {
                    return Ok(Composed::Drop("the answer changed since"));
                }
                let Some(case) = pilot_case::Entity::find_by_id(member.pilot_case_id)
                    .one(db)
                    .await?
                else {
                    return Ok(Composed::Drop("the pilot case is gone"));
                };
                if !role_manages(account.role, &account.cities.0, &case.cities.0) {
                    return Ok(Composed::Drop("the account no longer manages the case"));
                }
                let Some(answering) = partner::Entity::find_by_id(member.partner_id)
                    .one(db)
                    .await?
                    .filter(|p| p.erased_at.is_none())
                else {
                    return Ok(Composed::Drop("the partner is gone"));
                };
                context.case = Some(self.case_context(
                    &case,
                    &member,
                    language,
                    Some((answering.name, *accepted)),
                ));
            }
            Notice::PartnerApproved { partner_id } | Notice::PartnerRefused { partner_id } => {
                let Some(theirs) = partner.as_ref().filter(|p| p.id == *partner_id) else {
                    return Ok(Composed::Drop("the account left the partner"));
                };
                if let Notice::PartnerApproved { .. } = &notice {
                    if theirs.status != PartnerStatus::Approved {
                        return Ok(Composed::Drop("the partner is no longer approved"));
                    }
                    context.profile = Some(self.link(&format!("/partners/{}", theirs.slug)));
                } else {
                    let refusal = match theirs.status {
                        PartnerStatus::Refused => {
                            partner_refusal::Entity::find_by_id(theirs.id)
                                .one(db)
                                .await?
                        }
                        _ => None,
                    };
                    let Some(refusal) = refusal else {
                        return Ok(Composed::Drop("the partner is no longer refused"));
                    };
                    context.refusal = Some(refusal.reason);
                }
            }
            Notice::StoryPublished { story_id } => {
                let Some(story) = success_story::Entity::find_by_id(*story_id).one(db).await?
                else {
                    return Ok(Composed::Drop("the story is gone"));
                };
                if story.submitted_by_partner_id.is_none()
                    || story.submitted_by_partner_id != account.partner_id
                {
                    return Ok(Composed::Drop("the account left the partner"));
                }
                if story.status != StoryStatus::Published {
                    return Ok(Composed::Drop("the story is no longer published"));
                }
                context.story = Some(StoryContext {
                    link: self.link(&format!("/verhalen/{}", story.slug)),
                    title: story.title,
                });
            }
            Notice::PasswordReset => {
                let token = account_tokens::issue(db, account.id, Purpose::PasswordReset).await?;
                context.link = Some(token_link(&self.public_url, "wachtwoord", &token));
            }
            Notice::AddressConfirmation => {
                if account.email_confirmed_at.is_some() {
                    return Ok(Composed::Drop("the address is confirmed already"));
                }
                let token =
                    account_tokens::issue(db, account.id, Purpose::AddressConfirmation).await?;
                context.link = Some(token_link(&self.public_url, "bevestigen", &token));
            }
            Notice::SurveyAnswerConfirmation => {
                return Ok(Composed::Drop("the message is for a survey's respondent"));
            }
            Notice::ConversationInvitation {
                event_id,
                survey_id,
                response_id,
            } => {
                // The partner's answer still asks to be contacted, and the partner still takes part.
                let asks = survey_response::Entity::find_by_id(*response_id)
                    .one(db)
                    .await?
                    .is_some_and(|r| {
                        r.confirmed_at.is_some()
                            && r.may_contact
                            && r.partner_id.is_some()
                            && r.partner_id == account.partner_id
                    });
                if !asks {
                    return Ok(Composed::Drop("the answer no longer asks to be contacted"));
                }
                if partner
                    .as_ref()
                    .is_none_or(|p| p.status != PartnerStatus::Approved)
                {
                    return Ok(Composed::Drop("the partner is no longer approved"));
                }
                let Some((event, survey)) = self
                    .conversation(db, *event_id, *survey_id, language)
                    .await?
                else {
                    return Ok(Composed::Drop("the conversation is no longer to come"));
                };
                context.event = Some(event);
                context.survey = Some(survey);
            }
            Notice::MemberInvitation {
                partner_id,
                invited_by,
            } => {
                let Some(invited_at) = account.invited_at else {
                    return Ok(Composed::Drop("the invitation was accepted"));
                };
                if invited_at <= crate::clock::now() - Purpose::Invitation.lifetime() {
                    return Ok(Composed::Drop("the invitation lapsed"));
                }
                if account.partner_id != Some(*partner_id) {
                    return Ok(Composed::Drop("the invitation is for another partner"));
                }
                if partner
                    .as_ref()
                    .is_none_or(|p| p.status != PartnerStatus::Approved)
                {
                    return Ok(Composed::Drop("the partner is no longer approved"));
                }
                // Named while still one of the partner's members.
                context.inviter = account::Entity::find_by_id(*invited_by)
                    .one(db)
                    .await?
                    .filter(|inviter| inviter.partner_id == Some(*partner_id))
                    .map(|inviter| inviter.email);
                let token = account_tokens::issue(db, account.id, Purpose::Invitation).await?;
                context.link = Some(token_link(&self.public_url, "uitnodiging", &token));
            }
        }
        let kind = notice.kind();
        if let Notice::TeamDigest { .. } = &notice {
            let since = row.due_at - chrono::Duration::days(1);
            let digest = crate::domain::notices::digest(db, &account, since).await?;
            if digest.is_empty() {
                return Ok(Composed::Drop("nothing to tell"));
            }
            context.digest = Some(digest);
        }
        self.message(row, to, language, kind, &context, calendar)
    }

    /// The message to someone who answered a survey by e-mail: the link that confirms the answer, while
    /// the answer waits for it and its survey takes answers. The link's token is made here, and only its
    /// hash kept on the answer.
    async fn compose_for_respondent(
        &self,
        db: &impl ConnectionTrait,
        row: &mail_outbox::Model,
        response_id: Uuid,
    ) -> ApiResult<Composed> {
        let Some(response) = survey_response::Entity::find_by_id(response_id)
            .one(db)
            .await?
        else {
            return Ok(Composed::Drop("the answer is gone"));
        };
        if response.confirmed_at.is_some() {
            return Ok(Composed::Drop("the answer is confirmed already"));
        }
        // Only the newest message carries a link: composing an older one would end the newer one's.
        let newer = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::SurveyResponseId.eq(response.id))
            .filter(mail_outbox::Column::Id.gt(row.id))
            .count(db)
            .await?;
        if newer > 0 {
            return Ok(Composed::Drop("a newer message carries the link"));
        }
        let Some(Ok(to)) = response.email.as_deref().map(str::parse::<lettre::Address>) else {
            return Ok(Composed::Drop("the answer's address cannot be written to"));
        };
        let Some(survey) = survey::Entity::find_by_id(response.survey_id)
            .one(db)
            .await?
        else {
            return Ok(Composed::Drop("the survey is gone"));
        };
        if !crate::domain::surveys::takes_answers(&survey, crate::clock::now()) {
            return Ok(Composed::Drop("the survey takes no answers any more"));
        }
        if response.updated_at + survey_answers::CONFIRMATION_LIFETIME <= crate::clock::now() {
            return Ok(Composed::Drop("the answer's link lapsed"));
        }
        let Some(token) = survey_answers::issue_confirmation(db, response.id).await? else {
            return Ok(Composed::Drop("the answer changed or went meanwhile"));
        };
        let language = response.language;
        let title = match language {
            Language::En if !survey.title_en.is_empty() => survey.title_en,
            _ => survey.title,
        };
        let context = Context {
            link: Some(token_link(&self.public_url, "bevraging-bevestigen", &token)),
            survey: Some(title),
            ..self.context()
        };
        let kind = Notice::SurveyAnswerConfirmation.kind();
        self.message(row, to, language, kind, &context, None)
    }

    /// The invitation to a conversation for someone who answered a survey with an address: while the answer
    /// counts and still asks to be contacted, and the event is to come. It proposes a partner profile,
    /// filled in with what the answer says of its respondent: only a partner signs up for an event.
    async fn compose_invitation_for_respondent(
        &self,
        db: &impl ConnectionTrait,
        row: &mail_outbox::Model,
        response_id: Uuid,
        event_id: Uuid,
        survey_id: Uuid,
    ) -> ApiResult<Composed> {
        let Some(response) = survey_response::Entity::find_by_id(response_id)
            .one(db)
            .await?
        else {
            return Ok(Composed::Drop("the answer is gone"));
        };
        if response.confirmed_at.is_none() || !response.may_contact {
            return Ok(Composed::Drop("the answer no longer asks to be contacted"));
        }
        let Some(Ok(to)) = response.email.as_deref().map(str::parse::<lettre::Address>) else {
            return Ok(Composed::Drop("the answer's address cannot be written to"));
        };
        let language = response.language;
        let Some((event, survey)) = self.conversation(db, event_id, survey_id, language).await?
        else {
            return Ok(Composed::Drop("the conversation is no longer to come"));
        };
        let mut join = format!(
            "/word-partner?type={}",
            response.stakeholder_type.to_value()
        );
        if let Some(city) = response.city {
            join.push_str(&format!("&stad={}", city.to_value()));
        }
        let context = Context {
            event: Some(event),
            survey: Some(survey),
            join: Some(self.link(&join)),
            ..self.context()
        };
        let kind = Notice::ConversationInvitation {
            event_id,
            survey_id,
            response_id,
        }
        .kind();
        self.message(row, to, language, kind, &context, None)
    }

    /// What an invitation to a conversation tells: the event, while it is published and to come, and the
    /// survey's title in the recipient's language; none once either is gone or the event is not on.
    async fn conversation(
        &self,
        db: &impl ConnectionTrait,
        event_id: Uuid,
        survey_id: Uuid,
        language: Language,
    ) -> ApiResult<Option<(EventContext, String)>> {
        let Some(model) = event::Entity::find_by_id(event_id).one(db).await? else {
            return Ok(None);
        };
        if model.status != EventStatus::Published || model.starts_at <= crate::clock::now() {
            return Ok(None);
        }
        let Some(survey) = survey::Entity::find_by_id(survey_id).one(db).await? else {
            return Ok(None);
        };
        let title = match language {
            Language::En if !survey.title_en.is_empty() => survey.title_en,
            _ => survey.title,
        };
        Ok(Some((self.event_context(&model, language), title)))
    }

    /// Renders a kind of message for its recipient and builds it: its one-click unsubscribe headers when
    /// the context has that link, and the event's calendar as an attachment when there is one.
    fn message(
        &self,
        row: &mail_outbox::Model,
        to: lettre::Address,
        language: Language,
        kind: &str,
        context: &Context,
        calendar: Option<String>,
    ) -> ApiResult<Composed> {
        let (subject, text, html) = self
            .render(language, kind, context)
            .map_err(|e| super::internal(format!("the {kind} template failed: {e}")))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(one_line(&subject))
            .message_id(Some(format!("<{}@lode>", row.id)))
            .date_now();
        if let Some(link) = &context.unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{link}>")))
                .header(ListUnsubscribePost);
        }
        let alternative = MultiPart::alternative_plain_html(text, html);
        let message = match calendar {
            Some(calendar) => builder.multipart(
                MultiPart::mixed().multipart(alternative).singlepart(
                    Attachment::new("event.ics".to_owned()).body(
                        calendar,
                        ContentType::parse("text/calendar; charset=utf-8")
                            .expect("a fixed content type parses"),
                    ),
                ),
            ),
            None => builder.multipart(alternative),
        }
        .map_err(|e| super::internal(format!("the {kind} message did not build: {e}")))?;
        Ok(Composed::Message(Box::new(message)))
    }

    /// Whether a reminder goes now: none for a registration that holds no seats, an event that is not on
    /// or has begun, or seats given after the reminder's time (their confirmation just went); later when
    /// the event is further off than the reminder's lead.
    fn reminder_verdict(
        &self,
        row: &mail_outbox::Model,
        found: &registration::Model,
        model: &event::Model,
    ) -> Option<Composed> {
        let lead = chrono::Duration::from_std(self.reminder_before).unwrap_or_default();
        let at = model.starts_at - lead;
        let now = crate::clock::now();
        if found.status != RegistrationStatus::Confirmed {
            Some(Composed::Drop("the registration holds no seats any more"))
        } else if model.status != EventStatus::Published {
            Some(Composed::Drop("the event is not on"))
        } else if now >= model.starts_at {
            Some(Composed::Drop("the event has begun"))
        } else if row.created_at >= at {
            Some(Composed::Drop("seats given after the reminder's time"))
        } else if now < at {
            Some(Composed::Postpone(at))
        } else {
            None
        }
    }

    /// What every message's templates read (the site, the recipient's choices, the team's workspace), with
    /// nothing yet about a record.
    fn context(&self) -> Context {
        Context {
            site: self.public_url.clone(),
            preferences: format!("{}#/mijn", self.public_url),
            unsubscribe: None,
            team: false,
            partner: None,
            profile: None,
            refusal: None,
            case: None,
            story: None,
            event: None,
            registration: None,
            changes: Vec::new(),
            digest: None,
            workspace: format!("{}#/team", self.public_url),
            link: None,
            inviter: None,
            survey: None,
            join: None,
        }
    }

    /// A page of the front end: `route` is the part after `#` (`/cases/slug`).
    fn link(&self, route: &str) -> String {
        front_end_link(&self.public_url, route)
    }

    /// What the templates read of a pilot case and a partner's place in it; `answer` is the partner that
    /// answered and whether it said yes, for the team.
    fn case_context(
        &self,
        case: &pilot_case::Model,
        member: &pilot_case_member::Model,
        language: Language,
        answer: Option<(String, bool)>,
    ) -> CaseContext {
        let (partner, accepted) = answer.unzip();
        CaseContext {
            title: case.title.clone(),
            role: role_label(member.role, language).to_owned(),
            link: self.link(&format!("/cases/{}", case.slug)),
            manage: self.link(&format!("/team/cases/{}", case.slug)),
            partner,
            accepted,
        }
    }

    fn event_context(&self, model: &event::Model, language: Language) -> EventContext {
        EventContext {
            title: model.title.clone(),
            when: span(model.starts_at, model.ends_at, language),
            venue: model.venue.clone(),
            address: model.address.clone(),
            online_url: model.online_url.clone(),
            link: front_end_link(&self.public_url, &format!("/events/{}", model.slug)),
        }
    }

    /// The subject, plain text and HTML of a kind of message.
    fn render(
        &self,
        language: Language,
        kind: &str,
        context: &Context,
    ) -> Result<(String, String, String), minijinja::Error> {
        let lang = match language {
            Language::Nl => "nl",
            Language::En => "en",
        };
        let mut text = self
            .templates
            .get_template(&format!("{lang}/{kind}.txt"))?
            .render_captured(context)?;
        let subject = text.with_state_mut(|state| state.render_block("subject"))?;
        let body = text.with_state_mut(|state| state.render_block("body"))?;
        let html = self
            .templates
            .get_template(&format!("{lang}/{kind}.html"))?
            .render(context)?;
        Ok((
            subject.trim().to_owned(),
            body.trim().to_owned() + "\n",
            html,
        ))
    }
}

/// A subject on one line: a stored title holds no line break, but a header must never get one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page in the front end: `route` is its hash route (`/events/slug`), whose slug the URL escapes.
fn front_end_link(public_url: &str, route: &str) -> String {
    let mut url = url::Url::parse(public_url)
        .or_else(|_| url::Url::parse("http://localhost/"))
        .expect("a fixed URL parses");
    url.set_fragment(Some(route));
    url.into()
}

/// A partner's role in a pilot case, as the front end names it.
fn role_label(role: MemberRole, language: Language) -> &'static str {
    match (role, language) {
        (MemberRole::Lead, Language::Nl) => "Trekker",
        (MemberRole::Lead, Language::En) => "Lead",
        (MemberRole::DataProvider, Language::Nl) => "Dataleverancier",
        (MemberRole::DataProvider, Language::En) => "Data provider",
        (MemberRole::Developer, Language::Nl) => "Ontwikkelaar",
        (MemberRole::Developer, Language::En) => "Developer",
        (MemberRole::DomainExpert, Language::Nl) => "Domeinexpert",
        (MemberRole::DomainExpert, Language::En) => "Domain expert",
        (MemberRole::EndUser, Language::Nl) => "Eindgebruiker",
        (MemberRole::EndUser, Language::En) => "End user",
    }
}

/// A front-end page that takes a one-time token: `#/wachtwoord?token=…`. The token is URL-safe base64.
fn token_link(public_url: &str, page: &str, token: &str) -> String {
    format!("{public_url}#/{page}?token={token}")
}

fn change_context(change: &EventChange, language: Language) -> ChangeContext {
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
    match change {
        EventChange::Time {
            starts_before,
            ends_before,
            starts_after,
            ends_after,
        } => ChangeContext {
            what: "time",
            before: span(*starts_before, *ends_before, language),
            after: span(*starts_after, *ends_after, language),
        },
        EventChange::Venue { before, after } => ChangeContext {
            what: "venue",
            before: text(before),
            after: text(after),
        },
        EventChange::Address { before, after } => ChangeContext {
            what: "address",
            before: text(before),
            after: text(after),
        },
        EventChange::OnlineUrl { before, after } => ChangeContext {
            what: "online_url",
            before: text(before),
            after: text(after),
        },
    }
}

/// When an event takes place, in Brussels and the recipient's language: "dinsdag 7 juli 2026, 19:00–21:00",
/// or both days in full when it spans more than one.
pub fn span(starts: DateTime<Utc>, ends: DateTime<Utc>, language: Language) -> String {
    let (start, end) = (
        starts.with_timezone(&Brussels),
        ends.with_timezone(&Brussels),
    );
    let day = |at: &DateTime<chrono_tz::Tz>| {
        let weekday = at.weekday().num_days_from_monday() as usize;
        let month = at.month0() as usize;
        match language {
            Language::Nl => format!(
                "{} {} {} {}",
                NL_DAYS[weekday],
                at.day(),
                NL_MONTHS[month],
                at.year()
            ),
            Language::En => format!(
                "{} {} {} {}",
                EN_DAYS[weekday],
                at.day(),
                EN_MONTHS[month],
                at.year()
            ),
        }
    };
    if start.date_naive() == end.date_naive() {
        format!(
            "{}, {}–{}",
            day(&start),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            day(&start),
            start.format("%H:%M"),
            day(&end),
            end.format("%H:%M")
        )
    }
}

const NL_DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const NL_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `List-Unsubscribe` (RFC 2369): the one-click link, in angle brackets.
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the link works with one `POST`.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_shown_in_brussels_in_the_reader_s_language() {
        // 17:00 UTC is 19:00 in Brussels in summer.
        let starts = Utc.with_ymd_and_hms(2026, 7, 7, 17, 0, 0).unwrap();
        let ends = Utc.with_ymd_and_hms(2026, 7, 7, 19, 0, 0).unwrap();
        assert_eq!(
            span(starts, ends, Language::Nl),
            "dinsdag 7 juli 2026, 19:00–21:00"
        );
        assert_eq!(
            span(starts, ends, Language::En),
            "Tuesday 7 July 2026, 19:00–21:00"
        );
        // And 18:00 in winter.
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 17, 0, 0).unwrap();
        assert!(span(winter, winter, Language::Nl).ends_with("18:00–18:00"));
    }

    #[test]
    fn every_template_parses() {
        Composer::new(
            "LODE <lode@example.org>",
            "http://localhost:8080/",
            Duration::from_secs(1),
        )
        .expect("templates parse");
    }

    #[test]
    fn a_subject_stays_on_one_line() {
        assert_eq!(
            one_line("Inschrijving\r\nBcc: x@y"),
            "Inschrijving Bcc: x@y"
        );
    }
}
