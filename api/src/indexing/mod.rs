//! Keeping the search index in step with the database, which stays the source of truth: every change
//! marks its record in the outbox inside the change's own transaction ([`outbox`]); a background
//! [`relay`] sends the current public document of each marked record ([`documents`]) to the engine and
//! clears the mark only once the engine confirms; [`reindex`] rebuilds the whole index without a gap. The
//! relay also heals the index: it checks it against the database at start ([`reindex::check`]) and rebuilds
//! one that is missing, damaged, built from another database ([`identity`]) or out of step.

pub mod documents;
pub mod identity;
pub mod outbox;
pub mod reindex;
pub mod relay;

use crate::config::Settings;
use crate::db::WRITE_TRANSACTION;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use search::embedded::EmbeddedEngine;
use search::meili::MeiliEngine;
use search::{SearchEngine, SearchError};
use std::sync::Arc;

/// The search engine the whole application shares.
pub type SharedEngine = Arc<dyn SearchEngine>;

/// The configured engine: Meilisearch when a URL is set, else the embedded index in the data directory.
pub fn open_engine(settings: &Settings) -> Result<SharedEngine, SearchError> {
    Ok(match &settings.meili_url {
        Some(url) => Arc::new(MeiliEngine::new(
            url,
            settings.meili_api_key.as_ref().map(|key| key.expose()),
            &settings.meili_index_prefix,
        )?),
        None => Arc::new(EmbeddedEngine::open(settings.search_dir())?),
    })
}

/// Starts a write transaction for the outbox's own bookkeeping: claims, leases, the versions sent. Nobody
/// changes a record here, so it writes no audit entry; a person's change marks the outbox inside its own
/// audited transaction instead ([`outbox::enqueue`]). Private to this module: nothing outside indexing
/// begins a transaction this way.
async fn begin_bookkeeping(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(WRITE_TRANSACTION).await
}
