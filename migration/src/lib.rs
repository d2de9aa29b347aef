//! LODE's database migrations, for SQLite and PostgreSQL alike. `lode migrate` and this crate's own
//! command line (`cargo run -p migration -- up`) both apply them.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_records;
mod m20261127_000002_create_search_outbox;
mod m20261127_000003_create_case_disinterest;
mod m20261127_000004_event_signups;
mod m20261127_000005_accounts;
mod m20261201_000001_search_healing;
mod m20261202_000001_search_outbox_status_indexes;
mod m20261203_000001_registration_checked_in_at;
mod m20261204_000001_account_lifecycle;
mod m20261205_000001_demo_data_marker;
mod m20261206_000001_partner_refusal;
mod m20261207_000001_registration_people;
mod m20261208_000001_idempotency_request;
mod m20261209_000001_mail;
mod m20261210_000001_password_reset;
mod m20261211_000001_member_invitation;
mod m20261212_000001_survey;
mod m20261213_000001_list_indexes;

/// Every migration, in the order they apply.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_records::Migration),
            Box::new(m20261127_000002_create_search_outbox::Migration),
            Box::new(m20261127_000003_create_case_disinterest::Migration),
            Box::new(m20261127_000004_event_signups::Migration),
            Box::new(m20261127_000005_accounts::Migration),
            Box::new(m20261201_000001_search_healing::Migration),
            Box::new(m20261202_000001_search_outbox_status_indexes::Migration),
            Box::new(m20261203_000001_registration_checked_in_at::Migration),
            Box::new(m20261204_000001_account_lifecycle::Migration),
            Box::new(m20261205_000001_demo_data_marker::Migration),
            Box::new(m20261206_000001_partner_refusal::Migration),
            Box::new(m20261207_000001_registration_people::Migration),
            Box::new(m20261208_000001_idempotency_request::Migration),
            Box::new(m20261209_000001_mail::Migration),
            Box::new(m20261210_000001_password_reset::Migration),
            Box::new(m20261211_000001_member_invitation::Migration),
            Box::new(m20261212_000001_survey::Migration),
            Box::new(m20261213_000001_list_indexes::Migration),
        ]
    }
}
