//! Keeping the search index in step with the database, which stays the source of truth: every change
//! marks its record in the outbox inside the change's own transaction ([`outbox`]); a background
//! [`relay`] sends the current public document of each marked record ([`documents`]) to the engine and
//! clears the mark only once the engine confirms; [`reindex`] rebuilds the whole index without a gap.

pub mod documents;
pub mod outbox;
pub mod reindex;
pub mod relay;
