//! LODE's table models: one sea-orm entity per table, and the value types stored in their columns.
//!
//! Nothing here knows about requests or rules; the API's domain modules hold those. The enums double as
//! GraphQL enums so that the stored vocabulary and the public one cannot drift apart.

pub mod account;
pub mod audit_entry;
pub mod case_disinterest;
pub mod consent;
pub mod database_identity;
pub mod dataset;
pub mod event;
pub mod event_quota;
pub mod idempotency_key;
pub mod partner;
pub mod partner_contact;
pub mod partner_interest;
pub mod pilot_case;
pub mod pilot_case_dataset;
pub mod pilot_case_member;
pub mod registration;
pub mod search_outbox;
pub mod session;
pub mod success_story;
pub mod success_story_dataset;
pub mod success_story_partner;
pub mod value_domain;
pub mod values;
