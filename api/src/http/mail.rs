//! E-mail over HTTP: the one-click unsubscribe link every message of a topic carries (RFC 8058), and, in
//! development without an SMTP server, the page that lists the messages LODE wrote as `.eml` files.
//!
//! `POST /mail/unsubscribe?account=…&topic=…&token=…` (what a mail client sends, with the body
//! `List-Unsubscribe=One-Click`, or the page's own button) turns the topic off; a `GET` of the same link
//! (a person who clicked it, or a scanner that follows every link of a message) only shows a page that asks
//! first, so nothing is turned off by merely opening a message. Neither needs signing in: the token, which
//! only LODE can make, is the proof.

use super::answer::error_response;
use super::state::AppState;
use crate::domain::access::Viewer;
use crate::domain::mail_preferences::{self, UNSUBSCRIBE};
use crate::domain::write::Change;
use crate::error::ApiError;
use crate::mail::unsubscribe;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::values::MailTopic;
use std::fmt::Write as _;
use uuid::Uuid;

/// The link's query.
#[derive(serde::Deserialize)]
pub struct UnsubscribeQuery {
    account: Option<String>,
    topic: Option<String>,
    token: Option<String>,
}

/// What a link names, once its token is checked.
struct Checked {
    account_id: Uuid,
    topic: MailTopic,
}

/// Checks a link: an account, a topic and the token LODE made for both.
async fn check(state: &AppState, query: &UnsubscribeQuery) -> Result<Checked, Response> {
    let refused = || {
        page(
            StatusCode::BAD_REQUEST,
            "Deze link werkt niet / This link does not work",
            "Deze afmeldlink is onvolledig of niet van LODE. Je kan kiezen welke berichten je krijgt in Mijn LODE. / This unsubscribe link is incomplete or not LODE's. You can choose which messages you receive in My LODE.",
            false,
        )
    };
    let (Some(account), Some(topic), Some(token)) = (&query.account, &query.topic, &query.token)
    else {
        return Err(refused());
    };
    let (Ok(account_id), Some(topic)) = (account.parse::<Uuid>(), unsubscribe::parse_topic(topic))
    else {
        return Err(refused());
    };
    let key = match unsubscribe::key(&state.db).await {
        Ok(key) => key,
        Err(_) => return Err(unavailable()),
    };
    if !unsubscribe::verify(&key, account_id, topic, token) {
        return Err(refused());
    }
    Ok(Checked { account_id, topic })
}

/// `GET /mail/unsubscribe`: a page that asks before turning anything off.
pub async fn ask(State(state): State<AppState>, Query(query): Query<UnsubscribeQuery>) -> Response {
    match check(&state, &query).await {
        Ok(checked) => page(
            StatusCode::OK,
            "Afmelden / Unsubscribe",
            &format!(
                "Geen berichten meer over: {nl}? / No more messages about: {en}?",
                nl = topic_text(checked.topic).0,
                en = topic_text(checked.topic).1
            ),
            true,
        ),
        Err(refusal) => refusal,
    }
}

/// `POST /mail/unsubscribe`: turns the link's topic off for its account.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(query): Query<UnsubscribeQuery>,
) -> Response {
    let checked = match check(&state, &query).await {
        Ok(checked) => checked,
        Err(refusal) => return refusal,
    };
    let change = Change::by(Viewer::Anonymous, UNSUBSCRIBE);
    match mail_preferences::unsubscribe(&state.store, &change, checked.account_id, checked.topic)
        .await
    {
        Ok(()) => page(
            StatusCode::OK,
            "Afgemeld / Unsubscribed",
            &format!(
                "Je krijgt geen berichten meer over: {nl}. Je kan ze weer aanzetten in Mijn LODE. / You will receive no more messages about: {en}. You can turn them on again in My LODE.",
                nl = topic_text(checked.topic).0,
                en = topic_text(checked.topic).1
            ),
            false,
        ),
        // The account is gone: nothing will be sent to it any more anyway.
        Err(ApiError::NotFound(_)) => page(
            StatusCode::OK,
            "Afgemeld / Unsubscribed",
            "Dit account bestaat niet meer en krijgt geen berichten. / This account no longer exists and receives no messages.",
            false,
        ),
        Err(_) => unavailable(),
    }
}

fn unavailable() -> Response {
    error_response(
        StatusCode::SERVICE_UNAVAILABLE,
        "UNAVAILABLE",
        "try again in a moment",
    )
}

/// A topic in Dutch and English.
fn topic_text(topic: MailTopic) -> (&'static str, &'static str) {
    match topic {
        MailTopic::Reminders => ("herinneringen voor activiteiten", "reminders of events"),
        MailTopic::EventUpdates => ("wijzigingen aan activiteiten", "changes to events"),
        MailTopic::Cases => (
            "uitnodigingen voor pilootcases",
            "invitations to pilot cases",
        ),
        MailTopic::Stories => ("je succesverhalen", "your success stories"),
        MailTopic::Digest => ("het dagelijkse overzicht", "the daily digest"),
    }
}

/// A small page in both languages; with `confirm`, a button that posts to the page's own address (the
/// link, query included).
fn page(status: StatusCode, title: &str, text: &str, confirm: bool) -> Response {
    let mut body = String::new();
    let _ = write!(
        body,
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title} · LODE</title><link rel=\"stylesheet\" href=\"/css/base.css\"></head><body><main><h1>{title}</h1><p>{text}</p>",
        title = ammonia::clean_text(title),
        text = ammonia::clean_text(text)
    );
    if confirm {
        body.push_str("<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Afmelden / Unsubscribe</button></form>");
    }
    body.push_str("<p><a href=\"/#/mijn\">Mijn LODE / My LODE</a></p></main></body></html>");
    (
        status,
        [
            (header::CONTENT_TYPE, super::assets::HTML),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `GET /dev/mail` (development without an SMTP server only): the messages LODE wrote, newest first.
pub async fn outbox_files(State(state): State<AppState>) -> Response {
    let Some(folder) = &state.dev_mail_dir else {
        return error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such page");
    };
    let mut files: Vec<(std::time::SystemTime, String, String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".eml") {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            let raw = std::fs::read(entry.path()).unwrap_or_default();
            let parsed = mail_parser::MessageParser::default().parse_headers(&raw);
            let subject = parsed
                .as_ref()
                .and_then(|m| m.subject())
                .unwrap_or_default()
                .to_owned();
            let to = parsed
                .as_ref()
                .and_then(|m| m.to())
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned();
            files.push((modified, name, to, subject));
        }
    }
    files.sort_by_key(|file| std::cmp::Reverse(file.0));
    let mut body = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mail written · LODE</title><link rel=\"stylesheet\" href=\"/css/base.css\"></head><body><main><h1>Mail LODE wrote</h1><p>Without an SMTP server (LODE_SMTP_URL), LODE writes each message here instead of sending it. This page exists in development mode only.</p><table><thead><tr><th>To</th><th>Subject</th><th>File</th></tr></thead><tbody>",
    );
    for (_, name, to, subject) in files.iter().take(200) {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td><a href=\"/dev/mail/{}\">{}</a></td></tr>",
            ammonia::clean_text(to),
            ammonia::clean_text(subject),
            ammonia::clean_text(name),
            ammonia::clean_text(name)
        );
    }
    body.push_str("</tbody></table></main></body></html>");
    (
        [
            (header::CONTENT_TYPE, super::assets::HTML),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `GET /dev/mail/{file}` (development without an SMTP server only): one message as written.
pub async fn outbox_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let not_found = || error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such message");
    let Some(folder) = &state.dev_mail_dir else {
        return not_found();
    };
    // A file name of this folder only: lettre names them `<uuid>.eml`.
    let valid = file
        .strip_suffix(".eml")
        .is_some_and(|stem| stem.parse::<Uuid>().is_ok());
    if !valid {
        return not_found();
    }
    match std::fs::read(folder.join(&file)) {
        Ok(raw) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            raw,
        )
            .into_response(),
        Err(_) => not_found(),
    }
}
