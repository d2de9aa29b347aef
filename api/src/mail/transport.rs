//! Handing a message over: to an SMTP server (lettre's pooled transport, plain, STARTTLS or TLS as the URL
//! says), or, without one, as an `.eml` file into a folder, where a newcomer finds what LODE would have
//! sent. What went wrong is sorted the way the relay acts on it ([`SendError`]).

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long handing one message over may take (connecting, TLS, every command) before the server counts
/// as unreachable: well within a claim's lease, so no other relay takes the message over meanwhile. The
/// relay bounds the whole conversation with it; lettre's own timeout bounds the connection.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder.
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The server could not be reached (or the folder written): every message waits.
    Unreachable(String),
    /// The server answered 4xx: this message is tried again later.
    Transient(String),
    /// The server answered 5xx: this message is refused, and set aside once refused too often.
    Permanent(String),
}

impl Transport {
    /// The SMTP server at `url`, or the folder `files` without one. A malformed URL is an error that
    /// names no secret.
    pub fn open(url: Option<&str>, files: &Path) -> Result<Self, String> {
        match url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|builder| Self::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()))
                .map_err(|e| {
                    format!("LODE_SMTP_URL is not an SMTP URL (smtp:// or smtps://): {e}")
                }),
            None => {
                std::fs::create_dir_all(files)
                    .map_err(|e| format!("cannot make {}: {e}", files.display()))?;
                Ok(Self::Files(
                    AsyncFileTransport::<Tokio1Executor>::new(files),
                    files.to_owned(),
                ))
            }
        }
    }

    /// What it is, for the log: the server's host and port, or the folder.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "an SMTP server".to_owned(),
            Self::Files(_, folder) => format!(".eml files in {}", folder.display()),
        }
    }

    /// Hands a message over.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        match self {
            Self::Smtp(smtp) => smtp.send(message.clone()).await.map(drop).map_err(|e| {
                // The reply code only: the server's text may repeat the address.
                let code = e.status().map(|code| code.to_string());
                match code {
                    Some(code) if e.is_transient() => SendError::Transient(code),
                    Some(code) if e.is_permanent() => SendError::Permanent(code),
                    _ => SendError::Unreachable(kind_of(&e)),
                }
            }),
            Self::Files(files, _) => files
                .send(message.clone())
                .await
                .map(drop)
                .map_err(|e| SendError::Unreachable(format!("writing the message failed: {e}"))),
        }
    }
}

/// What kind of failure an SMTP error without a reply code was, without its text.
fn kind_of(error: &lettre::transport::smtp::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_tls() {
        "TLS failed".to_owned()
    } else {
        "connection failed".to_owned()
    }
}
