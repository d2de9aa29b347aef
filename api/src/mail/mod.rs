//! Telling people what happened, by e-mail, as reliably as the search index is kept: a change writes its
//! messages into the outbox inside its own transaction ([`outbox::enqueue`]), so a change and its messages
//! are stored together or not at all; a background [`relay`] composes each message when it is due
//! ([`compose`], from the templates in `templates/`, in the recipient's language) and hands it to the SMTP
//! server ([`transport`]), marking it sent only once the server accepted it. Several relays (one per `lode`
//! process) share the outbox through claims, so none sends a message another sent.
//!
//! A message names its recipient by account, never by address: the address is read when the message goes,
//! and an erased partner's accounts take their messages with them. Messages of a [`MailTopic`] can be turned
//! off per account, from the account page or with the one-click link every such message carries
//! ([`unsubscribe`], RFC 8058).

pub mod compose;
pub mod notice;
pub mod outbox;
pub mod relay;
pub mod transport;
pub mod unsubscribe;

use crate::config::Secret;
use std::path::PathBuf;
use std::time::Duration;

pub use entities::values::MailTopic;

/// How LODE sends e-mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The SMTP server (`smtp://host:25`, `smtp://user:password@host:587?tls=required` for STARTTLS,
    /// `smtps://user:password@host:465` for TLS); without one, messages are written as `.eml` files into
    /// `files_dir`.
    pub smtp_url: Option<Secret>,
    /// Where messages are written without an SMTP server.
    pub files_dir: PathBuf,
    /// The sender (`LODE <lode@gent.be>`).
    pub from: String,
    /// The front end's public address, which every link in a message points into (ends with `/`).
    pub public_url: String,
    /// How long before an event its reminder goes out.
    pub reminder_before: Duration,
    /// When the team's daily digest goes out, in Brussels.
    pub digest_at: chrono::NaiveTime,
    /// How the relay paces itself.
    pub relay: relay::RelaySettings,
}

/// A fault on our side in sending mail: logged (the text names no person), answered as `INTERNAL`.
fn internal(what: impl std::fmt::Display) -> crate::error::ApiError {
    tracing::error!("{what}");
    crate::error::ApiError::Internal
}
