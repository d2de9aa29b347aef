//! The API's one error type. Each variant has a stable code that clients can rely on; the message is written
//! for people and never carries database text, which is logged for operators instead.

use chrono::{DateTime, Utc};
use sea_orm::{DbErr, RuntimeErr, SqlErr};
use std::error::Error;
use uuid::Uuid;

/// The event a registration code belongs to, named when the code is used at another event's door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherEvent {
    /// The event's id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
}

/// An error the API reports to its client.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The record asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// An input is not acceptable; `field` names it (in the client's spelling, e.g. `endsAt`).
    #[error("{message}")]
    Validation {
        /// The offending input field.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request clashes with the current state (a taken slug, a move the lifecycle does not allow).
    #[error("{message}")]
    Conflict {
        /// The input field at the root of the clash, when there is one.
        field: Option<String>,
        /// What clashes.
        message: String,
    },
    /// The record changed since the caller read it (the `expectedUpdatedAt` they sent is not its
    /// `updatedAt`), so nothing was saved: a `CONFLICT` on `expectedUpdatedAt`, which the API layer gives
    /// the record's current values, so a form can show what changed and keep what its user typed.
    #[error("{message}")]
    Changed {
        /// What changed, when, and by whom if the caller may know.
        message: String,
        /// The record's current values as the caller may see them (`extensions.current`), once added.
        current: Option<serde_json::Value>,
    },
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The caller must sign in first.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller signed in with a temporary password, and must choose a new one (`changePassword`) before
    /// anything else.
    #[error(
        "choose a new password first (changePassword): the one you signed in with was temporary"
    )]
    PasswordChangeRequired,
    /// A registration code used at the door of another event than its own: `event` names the event it is
    /// for, so the door can send its holder there (or tell them to come back on that day).
    #[error("{message}")]
    WrongEvent {
        /// What the client is told, naming the event.
        message: String,
        /// The event the code is for.
        event: Box<OtherEvent>,
    },
    /// An idempotency key sent again with another request than the one it was first sent with (another
    /// partner, event or people): the first answer belongs to that request only, so nothing is done. A
    /// client makes a new key for each new request.
    #[error("{0}")]
    IdempotencyKeyReused(String),
    /// A one-time token from a message (a password reset, an address confirmation) that does not work:
    /// unknown, expired or used already, one answer for all three.
    #[error("this link does not work (any more): it is unknown, expired or used already")]
    InvalidToken,
    /// Too many attempts from this address or for this account; try again after `retry_after_seconds`.
    #[error("too many attempts: try again in {retry_after_seconds} seconds")]
    RateLimited {
        /// How long to wait before the next attempt can succeed.
        retry_after_seconds: u64,
    },
    /// A service the request needs (the search engine) cannot be reached; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// Something failed on our side; the details went to the log.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    /// The stable code sent as `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "NOT_FOUND",
            Self::Validation { .. } => "VALIDATION",
            Self::Conflict { .. } | Self::Changed { .. } => "CONFLICT",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            Self::WrongEvent { .. } => "WRONG_EVENT",
            Self::IdempotencyKeyReused(_) => "IDEMPOTENCY_KEY_REUSED",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Unavailable(_) => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }

    /// The offending input field, sent as `extensions.field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            Self::Conflict { field, .. } => field.as_deref(),
            Self::WrongEvent { .. } => Some("code"),
            Self::IdempotencyKeyReused(_) => Some("idempotencyKey"),
            Self::Changed { .. } => Some("expectedUpdatedAt"),
            Self::InvalidToken => Some("token"),
            _ => None,
        }
    }

    /// A validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A conflict, optionally rooted in an input field.
    pub fn conflict(field: Option<&str>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// A registration code for `event`, used at another event's door; the message names the event and its
    /// start in Brussels time.
    pub fn wrong_event(event: OtherEvent) -> Self {
        let starts = event
            .starts_at
            .with_timezone(&chrono_tz::Europe::Brussels)
            .format("%A %-d %B %Y at %H:%M");
        Self::WrongEvent {
            message: format!(
                "this code is for another event: \"{}\", on {starts} (Brussels time)",
                event.title
            ),
            event: Box::new(event),
        }
    }

    /// The record's current values (`extensions.current`) on a [`ApiError::Changed`]; any other error is
    /// left as it is.
    pub fn with_current(self, values: serde_json::Value) -> Self {
        match self {
            Self::Changed { message, .. } => Self::Changed {
                message,
                current: Some(values),
            },
            other => other,
        }
    }

    /// The `UNAUTHENTICATED` of a request whose account was deactivated while it ran: its session ended
    /// with the deactivation.
    pub fn deactivated() -> Self {
        Self::Unauthenticated("the account was deactivated: its session has ended".to_owned())
    }

    /// A `NOT_FOUND` for a record of the given kind (`"pilot case"`).
    pub fn not_found(kind: &str) -> Self {
        Self::NotFound(format!("no {kind} has that id or slug"))
    }
}

impl From<DbErr> for ApiError {
    /// Keeps database text out of the answer: constraint violations become conflicts with a plain message,
    /// anything else is logged and reported as `INTERNAL`.
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::conflict(None, "a record with the same unique key already exists")
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::conflict(
                None,
                "the record is still linked to other records (or links to one that does not exist)",
            ),
            _ => {
                tracing::error!(
                    error = %cause_chain(&err),
                    cause = root_cause(&err).map(tracing::field::display),
                    "database error"
                );
                Self::Internal
            }
        }
    }
}

/// An error and every error beneath it ([`beneath`]), as one line for the log: `a: b: c`. A cause whose
/// text the line holds already (many errors repeat their source's text) is not repeated.
pub fn cause_chain(err: &(dyn Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut cause = beneath(err);
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cause = beneath(inner);
    }
    line
}

/// The innermost error beneath `err` (for a database error, the driver's own); none when nothing is
/// beneath it. Logged as a field of its own, it tells errors of one kind apart by their root.
pub fn root_cause<'a>(err: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    let mut cause = beneath(err)?;
    while let Some(inner) = beneath(cause) {
        cause = inner;
    }
    Some(cause)
}

/// The error beneath `err`: its `source()`, or, for sea-orm's runtime error (which names no source), the
/// driver's error it holds.
fn beneath<'a>(err: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    err.source()
        .or_else(|| match err.downcast_ref::<RuntimeErr>()? {
            RuntimeErr::SqlxError(driver) => Some(driver.as_ref() as &(dyn Error + 'static)),
            _ => None,
        })
}

/// The result of a domain operation.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{message}")]
    struct Layer {
        message: &'static str,
        #[source]
        source: Option<Box<Layer>>,
    }

    fn layer(message: &'static str, source: Option<Layer>) -> Layer {
        Layer {
            message,
            source: source.map(Box::new),
        }
    }

    #[test]
    fn the_cause_chain_names_every_cause_once() {
        let root = layer("no such table: session", None);
        let repeated = layer("Query Error: no such table: session", Some(root));
        let top = layer("reading the sessions failed", Some(repeated));
        assert_eq!(
            cause_chain(&top),
            "reading the sessions failed: Query Error: no such table: session"
        );
        assert_eq!(
            root_cause(&top).map(|root| root.to_string()).as_deref(),
            Some("no such table: session")
        );
        assert!(root_cause(&layer("alone", None)).is_none());
    }

    #[tokio::test]
    async fn a_database_errors_root_cause_is_the_drivers_own() {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
        let err = db
            .execute_unprepared("SELECT * FROM missing")
            .await
            .expect_err("no such table");
        let root = root_cause(&err).expect("a cause beneath").to_string();
        assert_eq!(root, "(code: 1) no such table: missing");
        assert!(cause_chain(&err).ends_with(&root), "{}", cause_chain(&err));
    }
}
