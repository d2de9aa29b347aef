//! E-mail: which messages an account receives and in which language (`mailPreferences`,
//! `setMailPreferences`), and how the outbox stands (`mailStatus`, for the team).

use super::{change, db, viewer};
use crate::domain::mail_preferences as domain;
use crate::error::ApiResult;
use crate::mail::outbox;
use async_graphql::{Context, InputObject, Object, SimpleObject};
use entities::values::{Language, MailTopic};
use sea_orm::Iterable;

/// Which e-mail an account receives.
#[derive(SimpleObject)]
pub struct MailPreferences {
    /// The language LODE writes to the account in.
    language: Language,
    /// Each kind of message that can be turned off, and whether it is on. Messages needed to take part (a
    /// registration's door code, a cancellation) always go.
    topics: Vec<MailTopicSetting>,
}

/// One kind of message, on or off.
#[derive(SimpleObject)]
pub struct MailTopicSetting {
    /// The kind of message.
    topic: MailTopic,
    /// Whether the account receives it.
    on: bool,
}

impl From<domain::Preferences> for MailPreferences {
    fn from(preferences: domain::Preferences) -> Self {
        Self {
            language: preferences.language,
            topics: MailTopic::iter()
                .map(|topic| MailTopicSetting {
                    topic,
                    on: !preferences.topics_off.contains(&topic),
                })
                .collect(),
        }
    }
}

/// How the mail outbox stands.
#[derive(SimpleObject)]
pub struct MailStatus {
    /// Messages due and not yet accepted by the mail server.
    pending: u64,
    /// How long the oldest of them has been due, in seconds.
    oldest_pending_seconds: Option<f64>,
    /// Messages set aside after the mail server refused them repeatedly.
    failed: u64,
    /// Messages due later (reminders before events).
    scheduled: u64,
}

/// E-mail queries.
#[derive(Default)]
pub struct MailQuery;

#[Object]
impl MailQuery {
    /// Your account's e-mail choices.
    async fn mail_preferences(&self, ctx: &Context<'_>) -> ApiResult<MailPreferences> {
        let actor = viewer(ctx).actor()?;
        Ok(domain::of(db(ctx), actor.account_id).await?.into())
    }

    /// How the mail outbox stands (the team only).
    async fn mail_status(&self, ctx: &Context<'_>) -> ApiResult<MailStatus> {
        viewer(ctx).require_team("read the mail status")?;
        let status = outbox::status(db(ctx)).await?;
        Ok(MailStatus {
            pending: status.pending,
            oldest_pending_seconds: status.oldest_pending.map(|d| d.as_secs_f64()),
            failed: status.failed,
            scheduled: status.scheduled,
        })
    }
}

/// New e-mail choices; a field left out stays as it is.
#[derive(InputObject)]
pub struct SetMailPreferencesInput {
    /// The language LODE writes to you in.
    language: Option<Language>,
    /// The kinds of message you turn off (every other one is on).
    topics_off: Option<Vec<MailTopic>>,
}

/// E-mail mutations.
#[derive(Default)]
pub struct MailMutation;

#[Object]
impl MailMutation {
    /// Sets your account's language and the kinds of message it receives.
    async fn set_mail_preferences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new choices.")] input: SetMailPreferencesInput,
    ) -> ApiResult<MailPreferences> {
        let actor = viewer(ctx).actor()?;
        Ok(domain::set(
            db(ctx),
            &change(ctx),
            actor,
            input.language,
            input.topics_off,
        )
        .await?
        .into())
    }
}
