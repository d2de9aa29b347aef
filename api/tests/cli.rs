//! The `lode` command's account tool: the first admin comes from `lode create-admin`, never from a default.

use lode_api::domain::accounts;
use lode_api::domain::write::Store;
use lode_api::live::SeatHub;
use std::process::Command;
use std::time::Duration;

fn create_admin(data_dir: &std::path::Path, email: &str, password: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(["create-admin", "--email", email, "--data-dir"])
        .arg(data_dir)
        .env("LODE_ADMIN_PASSWORD", password)
        .env_remove("DATABASE_URL")
        .output()
        .expect("lode runs")
}

#[tokio::test]
async fn create_admin_makes_an_admin_who_can_log_in_and_refuses_a_weak_or_taken_one() {
    let dir = std::env::temp_dir().join(format!("lode-cli-{}", uuid::Uuid::now_v7().simple()));
    let weak = create_admin(&dir, "ann@gent.example", "kort");
    assert!(!weak.status.success(), "a short password is refused");
    let common = create_admin(&dir, "ann@gent.example", "Password1234");
    assert!(!common.status.success(), "a common password is refused");
    let said = String::from_utf8_lossy(&common.stdout).into_owned()
        + &String::from_utf8_lossy(&common.stderr);
    assert!(said.contains("too easy to guess"), "and says why: {said}");
    let made = create_admin(&dir, "Ann@Gent.example", "een-lang-genoeg-wachtwoord");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let again = create_admin(&dir, "ann@gent.example", "een-ander-lang-wachtwoord");
    assert!(!again.status.success(), "the address is taken");

    let url = format!("sqlite://{}?mode=rw", dir.join("lode.db").display());
    let db = lode_api::db::connect(&url)
        .await
        .expect("the database opens");
    let store = Store::new(db.clone(), SeatHub::default());
    let session = accounts::login(
        &store,
        "ann@gent.example",
        "een-lang-genoeg-wachtwoord".to_owned(),
        Duration::from_secs(60),
    )
    .await
    .expect("the admin logs in");
    assert_eq!(session.account.role, entities::values::Role::Admin);
    assert!(accounts::has_admin(&db).await.expect("a count"));
    db.close().await.ok();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_clean_stop_leaves_no_write_ahead_log_behind() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Instant;

    let dir = std::env::temp_dir().join(format!("lode-stop-{}", uuid::Uuid::now_v7().simple()));
    let mut server = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(["serve", "--port", "0", "--no-demo", "--data-dir"])
        .arg(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("MEILI_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("lode serve starts");
    let pid = server.id().to_string();
    let signal = |name: &str| {
        Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("kill runs")
    };
    let (lines, said) = mpsc::channel();
    let stdout = server.stdout.take().expect("its output");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match said.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) if line.contains("LODE is listening") => break,
            Ok(_) => {}
            Err(_) => {
                signal("-KILL");
                panic!("lode serve did not start listening");
            }
        }
    }
    let wal = dir.join("lode.db-wal");
    assert!(
        wal.metadata().is_ok_and(|m| m.len() > 0),
        "the running server writes to its log"
    );

    assert!(signal("-TERM").success());
    let (exited, exit) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = exited.send(server.wait());
    });
    let Ok(Ok(status)) = exit.recv_timeout(Duration::from_secs(60)) else {
        signal("-KILL");
        panic!("lode serve did not stop on SIGTERM");
    };
    assert!(status.success(), "a clean stop: {status}");
    assert!(
        wal.metadata().map_or(true, |m| m.len() == 0),
        "the write-ahead log is emptied at shutdown, so nothing erased stays in it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends `POST /graphql` with this body over a plain connection; returns the answer's head and body.
fn post_graphql(address: &str, body: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    (head.to_owned(), body.to_owned())
}

/// A `lode serve` process, killed when the test ends, also when it fails before stopping it.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn json_logs_are_one_object_a_line_and_a_requests_lines_carry_its_id_and_operation() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Instant;

    let dir = std::env::temp_dir().join(format!("lode-json-{}", uuid::Uuid::now_v7().simple()));
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_lode"))
            .args(["serve", "--port", "0", "--no-demo", "--data-dir"])
            .arg(&dir)
            .env_remove("DATABASE_URL")
            .env_remove("MEILI_URL")
            .env("LODE_LOG_FORMAT", "json")
            // The lines at the end of each request and of each operation are debug lines.
            .env(
                "RUST_LOG",
                "info,tower_http=debug,lode_api::telemetry=debug",
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("lode serve starts"),
    );
    let pid = server.0.id().to_string();
    let signal = |name: &str| {
        Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("kill runs")
    };
    let (lines, said) = mpsc::channel();
    let stdout = server.0.stdout.take().expect("its output");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut seen: Vec<serde_json::Value> = Vec::new();
    let mut next = |deadline: Instant| -> serde_json::Value {
        let Ok(line) = said.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            panic!("lode serve said nothing more; so far: {seen:#?}");
        };
        let parsed: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|err| panic!("a log line that is not JSON ({err}): {line}"));
        seen.push(parsed.clone());
        parsed
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let address = loop {
        let line = next(deadline);
        let message = line["fields"]["message"].as_str().unwrap_or_default();
        if let Some(rest) = message.strip_prefix("LODE is listening on http://") {
            break rest.split('/').next().expect("an address").to_owned();
        }
    };

    let (head, body) = post_graphql(&address, r#"{"query":"query Ping { __typename }"}"#);
    assert!(body.contains(r#""__typename":"Query""#), "{head}\n{body}");
    let request_id = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("x-request-id")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no x-request-id in {head}"));
    // The line that ends the operation: in the operation's span, beneath the request's.
    let deadline = Instant::now() + Duration::from_secs(30);
    let line = loop {
        let line = next(deadline);
        if line["spans"][0]["request_id"] == request_id.as_str()
            && line["fields"]["message"] == "finished operation"
        {
            break line;
        }
    };
    assert_eq!(line["span"]["name"], "operation", "{line}");
    assert_eq!(line["span"]["operation"], "Ping", "{line}");
    assert_eq!(line["spans"][0]["name"], "request", "{line}");
    assert_eq!(line["spans"][0]["path"], "/graphql", "{line}");
    // The line that ends the request (the one that starts it comes before the document is read).
    let line = loop {
        let line = next(deadline);
        if line["span"]["request_id"] == request_id.as_str()
            && line["fields"]["message"] == "finished processing request"
        {
            break line;
        }
    };
    assert_eq!(line["span"]["name"], "request", "{line}");
    assert_eq!(line["span"]["path"], "/graphql", "{line}");

    assert!(signal("-TERM").success());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if next(deadline)["fields"]["message"] == "stopped" {
            break;
        }
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `lode` with these arguments over the SQLite database in `data_dir`, in development mode.
fn lode(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("MEILI_URL")
        .env_remove("LODE_MODE")
        .output()
        .expect("lode runs")
}

/// What a run of `lode` said, on either stream.
fn said(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[tokio::test]
async fn reset_demo_refuses_other_data_and_brings_the_demo_back_with_its_index() {
    use lode_api::demo::DEMO_ACCOUNTS;
    use lode_api::indexing::documents::public_document_ids;
    use search::SearchEngine;
    use std::collections::BTreeSet;

    let help = Command::new(env!("CARGO_BIN_EXE_lode"))
        .arg("--help")
        .output()
        .expect("lode runs");
    assert!(
        said(&help).contains("reset-demo"),
        "lode --help names it: {}",
        said(&help)
    );

    let dir = std::env::temp_dir().join(format!("lode-reset-{}", uuid::Uuid::now_v7().simple()));
    let made = create_admin(&dir, "ann@gent.example", "een-lang-genoeg-wachtwoord");
    assert!(made.status.success(), "{}", said(&made));
    let url = format!("sqlite://{}?mode=rw", dir.join("lode.db").display());
    let log_in = |email: &'static str, password: &'static str| {
        let url = url.clone();
        async move {
            let db = lode_api::db::connect(&url)
                .await
                .expect("the database opens");
            let store = Store::new(db.clone(), SeatHub::default());
            let session =
                accounts::login(&store, email, password.to_owned(), Duration::from_secs(60)).await;
            db.close().await.ok();
            session.is_ok()
        }
    };

    let refused = lode(&dir, &["reset-demo"]);
    assert!(!refused.status.success(), "no demo data here");
    assert!(
        said(&refused).contains("holds no demo data"),
        "and says why: {}",
        said(&refused)
    );
    assert!(
        log_in("ann@gent.example", "een-lang-genoeg-wachtwoord").await,
        "nothing changed"
    );
    let no_such_flag = lode(&dir, &["reset-demo", "--yes"]);
    assert!(
        !no_such_flag.status.success(),
        "no flag empties a database of other data: {}",
        said(&no_such_flag)
    );

    // `lode serve` on a database without records loads the demo data beside the admin made before, and
    // marks the database as holding it.
    let db = lode_api::db::connect(&url)
        .await
        .expect("the database opens");
    assert!(lode_api::demo::load_if_empty(&db).await.expect("loads"));
    db.close().await.ok();
    let production = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(["reset-demo", "--data-dir"])
        .arg(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("MEILI_URL")
        .env("LODE_MODE", "production")
        .output()
        .expect("lode runs");
    assert!(
        !production.status.success(),
        "never in production: {}",
        said(&production)
    );
    assert!(log_in("ann@gent.example", "een-lang-genoeg-wachtwoord").await);

    let reset = lode(&dir, &["reset-demo"]);
    assert!(reset.status.success(), "{}", said(&reset));
    assert!(
        !log_in("ann@gent.example", "een-lang-genoeg-wachtwoord").await,
        "everything that was there is gone"
    );
    for demo in DEMO_ACCOUNTS {
        assert!(log_in(demo.email, demo.password).await, "{}", demo.email);
    }

    // The search index was rebuilt: it holds exactly the demo's public records.
    let db = lode_api::db::connect(&url)
        .await
        .expect("the database opens");
    let public: BTreeSet<String> = public_document_ids(&db)
        .await
        .expect("the public records")
        .into_iter()
        .collect();
    db.close().await.ok();
    let engine =
        search::embedded::EmbeddedEngine::open(dir.join("search")).expect("the index opens");
    let indexed: BTreeSet<String> = engine
        .document_ids()
        .await
        .expect("the indexed documents")
        .into_iter()
        .collect();
    drop(engine);
    assert!(!public.is_empty(), "the demo has public records");
    assert_eq!(indexed, public);

    // It still holds the demo data: a second reset brings it back again.
    let again = lode(&dir, &["reset-demo"]);
    assert!(again.status.success(), "{}", said(&again));
    assert!(log_in(DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password).await);
    let _ = std::fs::remove_dir_all(&dir);
}
