//! Which e-mail an account receives, and in which language: the account page sets both; the one-click link
//! of a message turns off its topic without signing in (`mail::unsubscribe` checks the link's token).
//! Messages without a topic (a door code, a cancellation) always go.

use super::access::Actor;
use super::write::{Change, Store, begin_write};
use crate::clock::{changed_after, now};
use crate::error::{ApiError, ApiResult};
use entities::values::{Language, MailTopic};
use entities::{account, mail_opt_out};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// The audit log's name for a topic turned off from a message's link (nobody signed in).
pub const UNSUBSCRIBE: &str = "unsubscribeByLink";

/// An account's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// The language LODE writes in.
    pub language: Language,
    /// The topics turned off.
    pub topics_off: Vec<MailTopic>,
}

/// An account's choices as stored.
pub async fn of(conn: &impl ConnectionTrait, account_id: Uuid) -> ApiResult<Preferences> {
    let found = account::Entity::find_by_id(account_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let topics_off = mail_opt_out::Entity::find()
        .filter(mail_opt_out::Column::AccountId.eq(account_id))
        .order_by_asc(mail_opt_out::Column::Topic)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| row.topic)
        .collect();
    Ok(Preferences {
        language: found.language,
        topics_off,
    })
}

/// Sets the signed-in account's language and the topics it turns off (each as given; `None` leaves it).
pub async fn set(
    db: &Store,
    change: &Change,
    actor: &Actor,
    language: Option<Language>,
    topics_off: Option<Vec<MailTopic>>,
) -> ApiResult<Preferences> {
    let txn = begin_write(db, change).await?;
    let found = account::Entity::find_by_id(actor.account_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    if let Some(language) = language
        && language != found.language
    {
        let at = changed_after(found.updated_at);
        let mut row = found.into_active_model();
        row.language = Set(language);
        row.updated_at = Set(at);
        row.update(&txn).await?;
    }
    if let Some(topics) = topics_off {
        mail_opt_out::Entity::delete_many()
            .filter(mail_opt_out::Column::AccountId.eq(actor.account_id))
            .filter(mail_opt_out::Column::Topic.is_not_in(topics.clone()))
            .exec(&txn)
            .await?;
        for topic in topics {
            turn_off(&txn, actor.account_id, topic).await?;
        }
    }
    let preferences = of(&txn, actor.account_id).await?;
    txn.commit(Some(actor.account_id)).await?;
    Ok(preferences)
}

/// Turns one topic off for an account, from a message's one-click link (its token already checked). An
/// account that no longer exists is `NOT_FOUND`; turning off a topic twice changes nothing.
pub async fn unsubscribe(
    db: &Store,
    change: &Change,
    account_id: Uuid,
    topic: MailTopic,
) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    if account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found("account"));
    }
    turn_off(&txn, account_id, topic).await?;
    txn.commit(Some(account_id)).await
}

async fn turn_off(
    txn: &super::write::Write<'_>,
    account_id: Uuid,
    topic: MailTopic,
) -> ApiResult<()> {
    mail_opt_out::Entity::insert(mail_opt_out::ActiveModel {
        account_id: Set(account_id),
        topic: Set(topic),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([mail_opt_out::Column::AccountId, mail_opt_out::Column::Topic])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}
