//! `search_outbox`: every record that changed, with the version last written and the version last sent to
//! the search engine. Written in the same transaction as the change itself, so no change can be lost on its
//! way to the index; a row is pending while `sent_version < version`.

use sea_orm::entity::prelude::*;

/// One record's indexing state; one row per record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    /// The kind of record (`PARTNER`, `EVENT`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// The record's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: Uuid,
    /// Raised by every change of the record.
    pub version: i64,
    /// The version whose document the engine last confirmed.
    pub sent_version: i64,
    /// When the record last changed.
    pub changed_at: DateTimeUtc,
    /// Since when the row has been pending (kept through further changes), for the age of the oldest row.
    pub pending_since: DateTimeUtc,
    /// When the next attempt may start.
    pub next_attempt_at: DateTimeUtc,
    /// Until when a relay holds this row; nobody else sends the record meanwhile.
    pub claimed_until: Option<DateTimeUtc>,
    /// The relay holding the claim; only it renews, completes or releases the claim.
    pub claimed_by: Option<Uuid>,
    /// Attempts the engine refused since the last success.
    pub attempts: i32,
    /// Set aside after being refused too often: counted in the status, sent again by the next change or
    /// reindex.
    pub failed_at: Option<DateTimeUtc>,
}

/// No relations: rows name their record by kind and id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
