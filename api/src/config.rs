//! Settings: defaults, then an optional `lode.toml` (or the file named by `LODE_CONFIG`), then `LODE_*`
//! environment variables and `DATABASE_URL`, then the command line.

use crate::limits::RateLimitSettings;
use crate::mail::MailSettings;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// How long one request may take; also how long a request waits for a database connection or for
/// SQLite's write lock.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The default response budget: the most bytes (estimated as JSON) one HTTP response may hold, all the
/// operations of a batch together (see `graphql::budget`).
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// The default bound on one WebSocket connection's subscriptions at once.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 20;
/// The default bound on one client's subscriptions at once, over all its connections.
pub const MAX_SUBSCRIPTIONS_PER_CLIENT: usize = 100;

/// A value that must never be printed or logged (a database URL may hold a password).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// LODE's settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// The address to listen on.
    pub host: String,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// Where the embedded database (and later the embedded search index) live.
    pub data_dir: PathBuf,
    /// A database URL (`postgres://…` or `sqlite://…`); by default a SQLite file in `data_dir`.
    pub database_url: Option<Secret>,
    /// Whether to load the demo data set into an empty database.
    pub demo: bool,
    /// A Meilisearch server to search with; without one, the embedded engine in `data_dir/search` is used.
    pub meili_url: Option<String>,
    /// The Meilisearch API key: one scoped to LODE's indexes, never the master key.
    pub meili_api_key: Option<Secret>,
    /// The prefix of LODE's Meilisearch index names.
    pub meili_index_prefix: String,
    /// `development` (the default) or `production`.
    pub mode: Mode,
    /// Whether clients may introspect the schema and get field suggestions in errors; by default on in
    /// development and off in production.
    pub introspection: Option<bool>,
    /// The web origins (`https://lode.gent.be`) whose pages may call the API from a browser; none by default.
    pub cors_origins: Vec<String>,
    /// Request headers those pages may send besides the defaults (`http::CORS_HEADERS`): a client's own,
    /// such as `x-client-id`; none by default.
    pub cors_headers: Vec<String>,
    /// The reverse proxies in front of LODE (their IP addresses): from them, the client's address is read
    /// from `X-Forwarded-For`; from anyone else that header is ignored.
    pub trusted_proxies: Vec<String>,
    /// How long a login lasts, in hours.
    pub session_hours: u32,
    /// Login attempts allowed per minute, per client address and per account (0: no limit).
    pub logins_per_minute: u32,
    /// Sign-ups allowed per hour, per client address and per e-mail address (0: no limit).
    pub sign_ups_per_hour: u32,
    /// Event sign-ups allowed per minute, per client address and per account (0: no limit).
    pub event_sign_ups_per_minute: u32,
    /// The SMTP server LODE sends e-mail through (`smtp://host:25`, `smtp://user:password@host:587?tls=required`
    /// for STARTTLS, `smtps://user:password@host:465`); without one, messages are written as `.eml` files
    /// under `data_dir/mail`.
    pub smtp_url: Option<Secret>,
    /// The sender of LODE's e-mail.
    pub mail_from: String,
    /// The front end's public address, which links in e-mail point to; by default `http://host:port/`.
    pub public_url: Option<String>,
    /// How many hours before an event its reminder goes out.
    pub reminder_hours: u32,
    /// At which hour (0 to 23, in Brussels) the team's daily digest goes out.
    pub digest_hour: u32,
}

/// How the server presents itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Introspection, field suggestions and GraphiQL on.
    #[default]
    Development,
    /// Introspection, suggestions and GraphiQL off unless asked for; strict transport security on.
    Production,
}

/// What the API needs to know of the settings.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// Whether the server runs in production mode.
    pub production: bool,
    /// Whether the schema can be introspected (and errors suggest field names).
    pub introspection: bool,
    /// The origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// The request headers their pages may send besides the defaults.
    pub cors_headers: Vec<String>,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a login lasts.
    pub session_lifetime: Duration,
    /// The rate limits.
    pub rate_limits: RateLimitSettings,
    /// The most bytes one GraphQL response may hold.
    pub max_response_bytes: usize,
    /// The most subscriptions one WebSocket connection may hold at once.
    pub max_subscriptions_per_connection: usize,
    /// The most subscriptions one client address may hold at once, over all its connections.
    pub max_subscriptions_per_client: usize,
    /// Where messages are written and listed at `/dev/mail`: in development without an SMTP server only.
    pub dev_mail_dir: Option<PathBuf>,
}

impl Default for ApiOptions {
    fn default() -> Self {
        Settings::default().api_options()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            demo: true,
            meili_url: None,
            meili_api_key: None,
            meili_index_prefix: "lode_".to_owned(),
            mode: Mode::Development,
            introspection: None,
            cors_origins: Vec::new(),
            cors_headers: Vec::new(),
            trusted_proxies: Vec::new(),
            session_hours: 72,
            logins_per_minute: RateLimitSettings::default().logins_per_minute,
            sign_ups_per_hour: RateLimitSettings::default().sign_ups_per_hour,
            event_sign_ups_per_minute: RateLimitSettings::default().event_sign_ups_per_minute,
            smtp_url: None,
            mail_from: "LODE <lode@localhost>".to_owned(),
            public_url: None,
            reminder_hours: 24,
            digest_hour: 7,
        }
    }
}

/// Settings given on the command line, which win over every other source.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--port`.
    pub port: Option<u16>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--no-demo`.
    pub no_demo: bool,
}

impl Settings {
    /// Reads the settings from every source, in order of precedence.
    pub fn load(overrides: &Overrides) -> Result<Self, Box<figment::Error>> {
        let file = std::env::var("LODE_CONFIG").unwrap_or_else(|_| "lode.toml".to_owned());
        let mut settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("LODE_").ignore(&["CONFIG"]))
            .merge(Env::raw().only(&["DATABASE_URL", "MEILI_URL", "MEILI_API_KEY"]))
            .extract()
            .map_err(Box::new)?;
        if let Some(port) = overrides.port {
            settings.port = port;
        }
        if let Some(dir) = &overrides.data_dir {
            settings.data_dir = dir.clone();
        }
        if overrides.no_demo {
            settings.demo = false;
        }
        Ok(settings)
    }

    /// The database to use: the configured URL, or the embedded SQLite file.
    pub fn database_url(&self) -> Secret {
        self.database_url.clone().unwrap_or_else(|| {
            Secret::new(format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("lode.db").display()
            ))
        })
    }

    /// What to print at start: every setting, with the database named only by its kind and place and no
    /// key shown.
    pub fn describe(&self) -> String {
        let search = match &self.meili_url {
            Some(url) => format!(
                "Meilisearch at {} (indexes {}*, {})",
                redact(url),
                self.meili_index_prefix,
                if self.meili_api_key.is_some() {
                    "with an API key"
                } else {
                    "without an API key"
                }
            ),
            None => format!("embedded in {}", self.search_dir().display()),
        };
        format!(
            "{} mode, listen {}:{}, data dir {}, database {}, search {search}, mail {}, demo data {}, CORS origins [{}], CORS headers beside the defaults [{}]",
            if self.mode == Mode::Production {
                "production"
            } else {
                "development"
            },
            self.host,
            self.port,
            self.data_dir.display(),
            redact(self.database_url().expose()),
            match &self.smtp_url {
                Some(url) => format!("through {}", redact(url.expose())),
                None => format!("written to {}", self.mail_dir().display()),
            },
            if self.demo && self.mode == Mode::Development {
                "on"
            } else {
                "off"
            },
            self.cors_origins.join(", "),
            self.cors_headers.join(", ")
        )
    }

    /// The API's share of the settings.
    pub fn api_options(&self) -> ApiOptions {
        ApiOptions {
            production: self.mode == Mode::Production,
            introspection: self.introspection.unwrap_or(self.mode == Mode::Development),
            cors_origins: self.cors_origins.clone(),
            cors_headers: self.cors_headers.clone(),
            trusted_proxies: self
                .trusted_proxies
                .iter()
                .filter_map(|p| match p.trim().parse() {
                    Ok(address) => Some(address),
                    Err(_) => {
                        tracing::warn!(
                            proxy = p,
                            "a trusted proxy is not an IP address and is ignored"
                        );
                        None
                    }
                })
                .collect(),
            session_lifetime: Duration::from_secs(u64::from(self.session_hours.max(1)) * 3600),
            rate_limits: RateLimitSettings {
                logins_per_minute: self.logins_per_minute,
                sign_ups_per_hour: self.sign_ups_per_hour,
                event_sign_ups_per_minute: self.event_sign_ups_per_minute,
            },
            max_response_bytes: MAX_RESPONSE_BYTES,
            max_subscriptions_per_connection: MAX_SUBSCRIPTIONS_PER_CONNECTION,
            max_subscriptions_per_client: MAX_SUBSCRIPTIONS_PER_CLIENT,
            dev_mail_dir: (self.mode == Mode::Development && self.smtp_url.is_none())
                .then(|| self.mail_dir()),
        }
    }

    /// Where the embedded search index lives.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    /// Where messages are written without an SMTP server.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// How LODE sends e-mail.
    pub fn mail_settings(&self) -> MailSettings {
        MailSettings {
            smtp_url: self.smtp_url.clone(),
            files_dir: self.mail_dir(),
            from: self.mail_from.clone(),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}:{}/", self.host, self.port)),
            reminder_before: Duration::from_secs(u64::from(self.reminder_hours) * 3600),
            digest_at: chrono::NaiveTime::from_hms_opt(self.digest_hour.min(23), 0, 0)
                .unwrap_or_default(),
            relay: crate::mail::relay::RelaySettings::default(),
        }
    }
}

/// A database URL without its user, password and options: `postgres://127.0.0.1:5432/lode`.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => format!(
            "{}://{}{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed
                .port()
                .map(|port| format!(":{port}"))
                .unwrap_or_default(),
            parsed.path()
        ),
        _ => url.split('?').next().unwrap_or_default().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("postgres://lode:hunter2@db/lode");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        let settings = Settings {
            database_url: Some(secret),
            ..Settings::default()
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert!(!settings.describe().contains("hunter2"));
        assert!(settings.describe().contains("postgres://db/lode"));
    }

    #[test]
    fn the_default_database_is_a_sqlite_file_in_the_data_dir() {
        let settings = Settings {
            data_dir: PathBuf::from("/tmp/lode-x"),
            ..Settings::default()
        };
        assert_eq!(
            settings.database_url().expose(),
            "sqlite:///tmp/lode-x/lode.db?mode=rwc"
        );
    }
}
