//! A real SMTP server for the tests that send e-mail: [`SmtpServer::start`] runs `tests/smtp/server.py`
//! (aiosmtpd, from PyPI) on 127.0.0.1, in a temporary folder of its own where it keeps every message it
//! accepts; the test reads them back as [`Received`] messages, parsed by `mail-parser`.
//!
//! The Python that runs it is `LODE_AIOSMTPD_PYTHON` (`.ci/run` installs aiosmtpd in a virtual
//! environment of its own and sets it), else `python3`; without aiosmtpd the test is skipped
//! ([`crate::skip_because`]), except under `CI=true`, where it fails.
//!
//! A test makes the server refuse ([`SmtpServer::set_reply`], [`SmtpServer::set_rcpt_reply`]), go away
//! ([`SmtpServer::stop`]) and come back on the same port ([`SmtpServer::restart`]). The server exits
//! when its standard input closes, so it never outlives the test binary, even one that is killed.

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The aiosmtpd version `.ci/run` installs, named in the skip's reason.
pub const AIOSMTPD_VERSION: &str = "1.4.6";

/// How long the server may take to start listening (Python's start and aiosmtpd's import).
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// How often [`SmtpServer::wait_for`] looks at the folder again.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// A running SMTP server on 127.0.0.1 and the folder where it keeps what it receives. Dropping it kills
/// the server and removes the folder (kept, and named, when the test is failing).
#[derive(Debug)]
pub struct SmtpServer {
    python: PathBuf,
    directory: PathBuf,
    port: u16,
    child: Option<Child>,
}

/// One message the server accepted: its envelope, and the message itself.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope's sender (`MAIL FROM`), empty for a null reverse path.
    pub envelope_from: String,
    /// The envelope's recipients (`RCPT TO`), in the order given.
    pub envelope_to: Vec<String>,
    /// The message as parsed; its raw bytes are [`Message::raw_message`].
    pub message: Message<'static>,
}

/// An attachment of a [`Received`] message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment<'a> {
    /// Its file name (`Content-Disposition`'s `filename`, or `Content-Type`'s `name`).
    pub name: Option<&'a str>,
    /// Its media type without parameters, lowercase (`text/calendar`).
    pub content_type: String,
    /// Its contents, decoded from the transfer encoding.
    pub bytes: &'a [u8],
}

impl SmtpServer {
    /// Starts a server on a free port, with a new empty folder. `None` when aiosmtpd is missing here:
    /// the test is then skipped (and fails under `CI=true`), and the caller returns at once.
    ///
    /// Panics when aiosmtpd is there but the server does not start.
    pub fn start() -> Option<SmtpServer> {
        let python = match aiosmtpd_python() {
            Ok(python) => python.clone(),
            Err(reason) => {
                crate::skip_because(reason);
                return None;
            }
        };
        let directory = new_directory();
        let mut server = SmtpServer {
            python,
            directory,
            port: 0,
            child: None,
        };
        server.launch();
        Some(server)
    }

    /// The port it listens on (the same across [`SmtpServer::restart`]).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's address for an SMTP client: `smtp://127.0.0.1:PORT` (plain SMTP, no TLS, no AUTH).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The folder where the messages are kept (`N.eml` and its envelope `N.json`) with the server's log
    /// (`server.log`).
    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// Every message accepted so far, in the order they arrived.
    pub fn messages(&self) -> Vec<Received> {
        let mut names: Vec<String> = fs::read_dir(&self.directory)
            .unwrap_or_else(|err| panic!("{} can be read: {err}", self.directory.display()))
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            // A name starting with `.` is one still being written.
            .filter(|name| name.ends_with(".eml") && !name.starts_with('.'))
            .collect();
        names.sort();
        names
            .iter()
            .map(|name| read_message(&self.directory, name.trim_end_matches(".eml")))
            .collect()
    }

    /// Waits until at least `count` messages have arrived, and returns them all. Panics, with the
    /// server's log, when they have not after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{count} messages expected at the SMTP server within {timeout:?}, {} arrived; its log:\n{}",
                    messages.len(),
                    self.log()
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Makes the server answer every `DATA` with `reply` (such as `451 4.3.0 try later` or
    /// `550 5.1.1 no such user`) instead of accepting the message; `None` accepts again.
    pub fn set_reply(&self, reply: Option<&str>) {
        self.set_control("reply", reply);
    }

    /// Makes the server answer every `RCPT TO` with `reply` instead of accepting the recipient; `None`
    /// accepts again.
    pub fn set_rcpt_reply(&self, reply: Option<&str>) {
        self.set_control("reply-rcpt", reply);
    }

    /// Kills the server: its port is closed until [`SmtpServer::restart`]. Messages already kept stay.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Killed already if it has exited; the wait reaps it and frees the port either way.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port, over the same folder (stopping it first if it runs),
    /// so a client configured with [`SmtpServer::url`] reaches it again.
    pub fn restart(&mut self) {
        self.stop();
        self.launch();
    }

    /// The server's log (aiosmtpd's warnings and errors), for a failure's message.
    pub fn log(&self) -> String {
        fs::read_to_string(self.directory.join("server.log")).unwrap_or_default()
    }

    /// Writes the control file `name` (atomically: the server reads it at every command), or removes it.
    fn set_control(&self, name: &str, reply: Option<&str>) {
        let path = self.directory.join(name);
        match reply {
            Some(reply) => {
                let code = reply.get(..3).unwrap_or_default();
                assert!(
                    code.bytes().all(|b| b.is_ascii_digit())
                        && matches!(reply.as_bytes().get(3), None | Some(b' '))
                        && !reply.contains(['\r', '\n']),
                    "an SMTP reply is one line starting with a three-digit code: {reply:?}"
                );
                let temporary = self.directory.join(format!(".{name}.tmp"));
                fs::write(&temporary, format!("{reply}\n")).expect("the control file is written");
                fs::rename(&temporary, &path).expect("the control file is renamed into place");
            }
            None => match fs::remove_file(&path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => panic!("{} can be removed: {err}", path.display()),
            },
        }
    }

    /// Runs `server.py` on `self.port` (0 the first time: a free one, kept after) and waits until it
    /// listens.
    fn launch(&mut self) {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("smtp/server.py");
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.directory.join("server.log"))
            .expect("the SMTP server's log can be created");
        let mut child = Command::new(&self.python)
            .arg(&script)
            .arg(self.port.to_string())
            .arg(&self.directory)
            // No __pycache__ in the repository; the log as it is written.
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONUNBUFFERED", "1")
            // Held open by `child` (Rust's pipes are close-on-exec, so no other child inherits it):
            // the server exits when it closes.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|err| panic!("{} starts: {err}", self.python.display()));
        let stdout = child.stdout.take().expect("its standard output is piped");
        let (first_line, listening) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = first_line.send(lines.next());
            // Read on until it exits, so nothing it prints later meets a closed pipe.
            for _ in lines {}
        });
        let line = match listening.recv_timeout(START_TIMEOUT) {
            Ok(Some(Ok(line))) => line,
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the SMTP server did not start ({outcome:?}) on port {}; its log:\n{}",
                    self.port,
                    self.log()
                );
            }
        };
        let port = line
            .strip_prefix("listening 127.0.0.1:")
            .and_then(|port| port.trim().parse::<u16>().ok())
            .unwrap_or_else(|| panic!("the SMTP server's first line names its port: {line:?}"));
        assert!(
            self.port == 0 || self.port == port,
            "the SMTP server came back on port {port}, not {}",
            self.port
        );
        self.port = port;
        self.child = Some(child);
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!(
                "the SMTP server's messages and log are kept in {}",
                self.directory.display()
            );
        } else {
            let _ = fs::remove_dir_all(&self.directory);
        }
    }
}

/// The messages of `messages` sent to `address` (an envelope recipient).
pub fn addressed_to(messages: &[Received], address: &str) -> Vec<Received> {
    messages
        .iter()
        .filter(|m| m.envelope_to.iter().any(|t| t == address))
        .cloned()
        .collect()
}

impl Received {
    /// The `Subject`, decoded.
    pub fn subject(&self) -> Option<&str> {
        self.message.subject()
    }

    /// The addresses of the `To` header.
    pub fn to(&self) -> Vec<String> {
        self.message
            .to()
            .map(|to| {
                to.iter()
                    .filter_map(|addr| addr.address())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first header named `name` (any case), unfolded and trimmed but not decoded
    /// (`List-Unsubscribe`, say).
    pub fn header(&self, name: &str) -> Option<String> {
        self.message
            .headers_raw()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| {
                value
                    .replace("\r\n", "")
                    .replace('\n', "")
                    .trim()
                    .to_owned()
            })
    }

    /// The message's `text/plain` body, decoded: not an attachment, and not a text made from HTML.
    pub fn text(&self) -> Option<&str> {
        self.message
            .text_bodies()
            .find(|part| matches!(part.body, PartType::Text(_)) && is_type(part, "text", "plain"))
            .and_then(MessagePart::text_contents)
    }

    /// The message's `text/html` body, decoded: not an attachment, and not HTML made from text.
    pub fn html(&self) -> Option<&str> {
        self.message
            .html_bodies()
            .find(|part| matches!(part.body, PartType::Html(_)))
            .and_then(MessagePart::text_contents)
    }

    /// The one-time token of the message's link to a front-end page (`#/wachtwoord?token=…` under the test
    /// server's public address), found in both its parts: the same link in the text and in the HTML.
    pub fn link_token(&self, page: &str) -> String {
        let text = self.text().expect("a plain text part");
        let marker = format!("http://lode.test/#/{page}?token=");
        let start = text
            .find(&marker)
            .unwrap_or_else(|| panic!("a link to {page}: {text}"))
            + marker.len();
        let token: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        assert!(token.len() > 40, "a long random token: {token}");
        // minijinja writes `/` as `&#x2f;` in HTML, which a browser reads back.
        let html = self.html().expect("an HTML part").replace("&#x2f;", "/");
        assert!(
            html.contains(&format!("{marker}{token}")),
            "the same link in HTML: {html}"
        );
        token
    }

    /// The message's attachments, in order.
    pub fn attachments(&self) -> Vec<Attachment<'_>> {
        self.message
            .attachments()
            .map(|part| Attachment {
                name: part.attachment_name(),
                content_type: part
                    .content_type()
                    .map(|t| match t.subtype() {
                        Some(subtype) => format!("{}/{subtype}", t.ctype()),
                        None => t.ctype().to_owned(),
                    })
                    .unwrap_or_else(|| "text/plain".to_owned())
                    .to_ascii_lowercase(),
                bytes: part.contents(),
            })
            .collect()
    }
}

/// Whether `part` is of the media type `kind/subtype` (a part without a `Content-Type` is `text/plain`).
fn is_type(part: &MessagePart<'_>, kind: &str, subtype: &str) -> bool {
    match part.content_type() {
        Some(t) => {
            t.ctype().eq_ignore_ascii_case(kind)
                && t.subtype().is_some_and(|s| s.eq_ignore_ascii_case(subtype))
        }
        None => kind == "text" && subtype == "plain",
    }
}

/// The message kept as `stem.eml`, with its envelope from `stem.json`.
fn read_message(directory: &Path, stem: &str) -> Received {
    let envelope_path = directory.join(format!("{stem}.json"));
    let envelope: serde_json::Value = serde_json::from_slice(
        &fs::read(&envelope_path)
            .unwrap_or_else(|err| panic!("{} can be read: {err}", envelope_path.display())),
    )
    .unwrap_or_else(|err| panic!("{} holds JSON: {err}", envelope_path.display()));
    let raw_path = directory.join(format!("{stem}.eml"));
    let raw = fs::read(&raw_path)
        .unwrap_or_else(|err| panic!("{} can be read: {err}", raw_path.display()));
    let message = MessageParser::default()
        .parse(&raw)
        .unwrap_or_else(|| panic!("{} is a message", raw_path.display()))
        .into_owned();
    Received {
        envelope_from: envelope["mail_from"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        envelope_to: envelope["rcpt_tos"]
            .as_array()
            .map(|to| {
                to.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        message,
    }
}

/// The Python with aiosmtpd, or why there is none.
fn aiosmtpd_python() -> &'static Result<PathBuf, String> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let python = PathBuf::from(
            std::env::var("LODE_AIOSMTPD_PYTHON").unwrap_or_else(|_| "python3".to_owned()),
        );
        let works = Command::new(&python)
            .args(["-c", "import aiosmtpd.smtp"])
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success());
        if works {
            Ok(python)
        } else {
            Err(format!(
                "aiosmtpd is not installed for {} (pip install aiosmtpd=={AIOSMTPD_VERSION}, or set LODE_AIOSMTPD_PYTHON)",
                python.display()
            ))
        }
    })
}

/// A new empty folder for one server's messages.
fn new_directory() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let directory = std::env::temp_dir().join(format!(
        "lode-smtp-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    // Left over from an earlier process with the same id.
    let _ = fs::remove_dir_all(&directory);
    fs::create_dir_all(&directory)
        .unwrap_or_else(|err| panic!("{} can be created: {err}", directory.display()));
    directory
}
