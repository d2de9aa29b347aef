//! The programme's rules, one module per kind of record. Nothing here knows about GraphQL or HTTP: the
//! resolvers in `graphql` translate requests into these calls.
//!
//! The rules read through a [`write::Store`], which refuses to write, and change records only inside the
//! write transaction of a [`write::Change`] ([`write::begin_write`]), whose commit writes the audit
//! entry. They sit above the search index's bookkeeping (`crate::indexing`), which they feed through the
//! outbox and never the other way round.

pub mod access;
pub mod account_tokens;
pub mod accounts;
pub mod attendees;
pub mod audit;
pub mod colleagues;
pub mod datasets;
pub mod events;
pub mod filter;
pub mod lifecycle;
pub mod links;
pub mod mail_preferences;
pub mod matching;
pub mod members;
pub mod notices;
pub mod page;
pub mod partners;
pub mod pilot_cases;
pub mod privacy;
pub mod record;
pub mod registrations;
pub mod seats;
pub mod slug;
pub mod stories;
pub mod survey_answers;
pub mod survey_contacts;
pub mod survey_export;
pub mod survey_results;
pub mod surveys;
pub mod terms;
pub mod validate;
pub mod value_domains;
pub mod write;
