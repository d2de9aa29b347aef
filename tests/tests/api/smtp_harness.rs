//! The test SMTP server (`lode_tests::smtp`) is a real one: lettre's SMTP transport sends to it over
//! TCP, and what it kept reads back whole; its refusals reach the sender as SMTP errors, and it comes
//! back on the same address after a stop.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use lode_tests::smtp::SmtpServer;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// A transport to `url`, as a sender configured with that address builds it.
fn transport(url: &str) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .expect("the server's URL is one lettre takes")
        .timeout(Some(Duration::from_secs(5)))
        .build()
}

fn mailbox(text: &str) -> Mailbox {
    text.parse().expect("a valid mailbox")
}

/// A plain message to `to`.
fn note(to: &str, subject: &str) -> Message {
    Message::builder()
        .from(mailbox("LODE <noreply@lode.test>"))
        .to(mailbox(to))
        .subject(subject)
        .body(format!("{subject}\n"))
        .expect("a valid message")
}

#[tokio::test]
async fn a_message_with_text_html_and_a_calendar_attachment_reads_back_whole() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    assert!(server.url().starts_with("smtp://127.0.0.1:"));
    assert_eq!(server.url(), format!("smtp://127.0.0.1:{}", server.port()));
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LODE//test//EN\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    let message = Message::builder()
        .from(mailbox("LODE <noreply@lode.test>"))
        .to(mailbox("Ann Peeters <ann@example.org>"))
        .bcc(mailbox("archive@lode.test"))
        .subject("Uitnodiging: café in Gent")
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            "<https://lode.test/unsubscribe/abc>".to_owned(),
        ))
        .multipart(
            MultiPart::mixed()
                .multipart(MultiPart::alternative_plain_html(
                    "Welkom in het café.\n".to_owned(),
                    "<p>Welkom in het <b>café</b>.</p>".to_owned(),
                ))
                .singlepart(
                    Attachment::new("invite.ics".to_owned()).body(
                        ics.to_owned(),
                        ContentType::parse("text/calendar; charset=utf-8; method=REQUEST")
                            .expect("a valid media type"),
                    ),
                ),
        )
        .expect("a valid message");
    transport(&server.url())
        .send(message)
        .await
        .expect("the server accepts the message");

    let received = server.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.envelope_from, "noreply@lode.test");
    // The Bcc recipient is in the envelope, not in the message.
    assert_eq!(
        mail.envelope_to,
        ["ann@example.org", "archive@lode.test"],
        "the envelope's recipients"
    );
    assert_eq!(mail.header("Bcc"), None);
    assert_eq!(mail.to(), ["ann@example.org"]);
    assert_eq!(mail.subject(), Some("Uitnodiging: café in Gent"));
    assert_eq!(
        mail.header("list-unsubscribe").as_deref(),
        Some("<https://lode.test/unsubscribe/abc>")
    );
    assert_eq!(mail.text().map(str::trim_end), Some("Welkom in het café."));
    assert_eq!(
        mail.html().map(str::trim_end),
        Some("<p>Welkom in het <b>café</b>.</p>")
    );
    let attachments = mail.attachments();
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    assert_eq!(attachments[0].name, Some("invite.ics"));
    assert_eq!(attachments[0].content_type, "text/calendar");
    assert_eq!(attachments[0].bytes, ics.as_bytes());
}

#[tokio::test]
async fn a_451_reply_is_a_transient_error_and_a_550_a_permanent_one() {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    let transport = transport(&server.url());

    server.set_reply(Some("451 4.3.0 try later"));
    let error = transport
        .send(note("ann@example.org", "Later"))
        .await
        .expect_err("a 451 to DATA fails the send");
    assert!(error.is_transient(), "{error:?}");
    assert_eq!(
        error.status().map(|code| code.to_string()).as_deref(),
        Some("451")
    );

    server.set_reply(Some("550 5.1.1 no such user"));
    let error = transport
        .send(note("ann@example.org", "Never"))
        .await
        .expect_err("a 550 to DATA fails the send");
    assert!(error.is_permanent(), "{error:?}");
    assert_eq!(
        error.status().map(|code| code.to_string()).as_deref(),
        Some("550")
    );

    server.set_reply(None);
    server.set_rcpt_reply(Some("550 5.1.1 no such user"));
    let error = transport
        .send(note("nobody@example.org", "Nobody"))
        .await
        .expect_err("a 550 to RCPT TO fails the send");
    assert!(error.is_permanent(), "{error:?}");
    assert!(server.messages().is_empty(), "nothing refused is kept");

    server.set_rcpt_reply(None);
    transport
        .send(note("ann@example.org", "Now"))
        .await
        .expect("the server accepts again");
    let received = server.wait_for(1, WAIT).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].subject(), Some("Now"));
}

#[tokio::test]
async fn after_a_stop_a_send_fails_and_after_a_restart_it_succeeds_on_the_same_url() {
    let Some(mut server) = SmtpServer::start() else {
        return;
    };
    let url = server.url();
    let transport = transport(&url);
    transport
        .send(note("ann@example.org", "Before"))
        .await
        .expect("the server accepts the first message");

    server.stop();
    let error = transport
        .send(note("ann@example.org", "While stopped"))
        .await
        .expect_err("nothing listens on a stopped server's port");
    assert!(!error.is_permanent(), "{error:?}");

    server.restart();
    assert_eq!(server.url(), url, "the server is back on the same port");
    transport
        .send(note("ann@example.org", "After"))
        .await
        .expect("the restarted server accepts the message on the same URL");
    let subjects: Vec<_> = server
        .wait_for(2, WAIT)
        .await
        .iter()
        .map(|mail| mail.subject().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        subjects,
        ["Before", "After"],
        "what was kept before the stop stays"
    );
}
