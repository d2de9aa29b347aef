//! What every handler shares.

use crate::domain::write::Store;
use crate::graphql::LodeSchema;
use crate::indexing::SharedEngine;
use sea_orm::DatabaseConnection;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// What every handler shares: the schema, the database and search engine behind it, and the settings the
/// handlers read themselves.
#[derive(Clone)]
pub struct AppState {
    /// The GraphQL schema.
    pub schema: LodeSchema,
    /// The database.
    pub db: DatabaseConnection,
    /// The database as the rules read and write it, for the handlers that call them directly (the
    /// attendee lists).
    pub store: Store,
    /// The search engine (for `/ready`).
    pub engine: SharedEngine,
    /// Whether GraphiQL is served (it is where introspection is on).
    pub graphiql: bool,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[IpAddr]>,
    /// Where messages are written, listed at `/dev/mail`: in development without an SMTP server only.
    pub dev_mail_dir: Option<PathBuf>,
}
