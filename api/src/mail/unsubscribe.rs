//! One-click unsubscribe (RFC 8058): every message of a [`MailTopic`] carries a link that turns off that
//! topic for its recipient, without signing in. The link names the account and the topic and carries a
//! token only LODE can make: SHA-256 over a secret kept in the database (made once, [`ensure_key`]), the
//! account and the topic. A token turns off one topic of one account, and nothing else.

use super::MailTopic;
use crate::clock::now;
use crate::error::ApiResult;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entities::mail_key;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveEnum, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Makes the signing key once per database; every process reads the same one. Called at start.
pub async fn ensure_key(db: &DatabaseConnection) -> ApiResult<()> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| super::internal(format!("no randomness for the mail key: {e}")))?;
    let row = mail_key::ActiveModel {
        id: Set(1),
        secret: Set(secret.iter().map(|b| format!("{b:02x}")).collect()),
        created_at: Set(now()),
    };
    mail_key::Entity::insert(row)
        .on_conflict(
            OnConflict::column(mail_key::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The signing key.
pub async fn key(db: &impl ConnectionTrait) -> ApiResult<String> {
    mail_key::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|row| row.secret)
        .ok_or_else(|| super::internal("the mail key is missing"))
}

/// The token that turns `topic` off for `account_id`.
pub fn token(key: &str, account_id: Uuid, topic: MailTopic) -> String {
    let mut hash = Sha256::new();
    hash.update(key.as_bytes());
    hash.update(b"\0");
    hash.update(account_id.as_bytes());
    hash.update(b"\0");
    hash.update(topic_name(topic).as_bytes());
    URL_SAFE_NO_PAD.encode(&hash.finalize()[..24])
}

/// Whether `token` is the one for this account and topic, compared in constant time.
pub fn verify(key: &str, account_id: Uuid, topic: MailTopic, token: &str) -> bool {
    let expected = self::token(key, account_id, topic);
    expected.len() == token.len()
        && expected
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// A topic's name in links: its stored name (`REMINDERS`).
pub fn topic_name(topic: MailTopic) -> String {
    topic.to_value()
}

/// The topic named in a link.
pub fn parse_topic(name: &str) -> Option<MailTopic> {
    MailTopic::try_from_value(&name.to_owned()).ok()
}

/// The unsubscribe link of a message: the API's own address (`public_url` serves both), which answers a
/// `POST` by turning the topic off and a `GET` with a page that asks first.
pub fn link(public_url: &str, key: &str, account_id: Uuid, topic: MailTopic) -> String {
    let mut url = url::Url::parse(public_url)
        .or_else(|_| url::Url::parse("http://localhost/"))
        .expect("a fixed URL parses");
    url.set_path("/mail/unsubscribe");
    url.query_pairs_mut()
        .append_pair("account", &account_id.to_string())
        .append_pair("topic", &topic_name(topic))
        .append_pair("token", &token(key, account_id, topic));
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn a_token_turns_off_one_topic_of_one_account() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let t = token("k", a, MailTopic::Reminders);
        assert!(verify("k", a, MailTopic::Reminders, &t));
        assert!(!verify("k", b, MailTopic::Reminders, &t));
        assert!(!verify("k", a, MailTopic::Digest, &t));
        assert!(!verify("other", a, MailTopic::Reminders, &t));
        assert!(!verify("k", a, MailTopic::Reminders, &t[1..]));
    }

    #[test]
    fn every_topic_has_a_name_that_reads_back() {
        for topic in MailTopic::iter() {
            assert_eq!(parse_topic(&topic_name(topic)), Some(topic));
        }
        assert_eq!(parse_topic("reminders"), None);
    }
}
