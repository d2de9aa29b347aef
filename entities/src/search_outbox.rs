//! `search_outbox`: records whose search document is due to be sent to the search engine. Written in the
//! same transaction as the change itself, so no change can be lost on its way to the index.

use sea_orm::entity::prelude::*;

/// One record waiting to be (re)indexed; one row per record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    /// The kind of record (`PARTNER`, `EVENT`, …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// The record's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: Uuid,
    /// Raised by every change, so a relay knows whether the record changed while it was sending.
    pub version: i64,
    /// When the record first became due (not moved by later changes), for the age of the oldest row.
    pub queued_at: DateTimeUtc,
    /// When the next attempt may start.
    pub next_attempt_at: DateTimeUtc,
    /// Until when a relay holds this row; nobody else sends the record meanwhile.
    pub claimed_until: Option<DateTimeUtc>,
    /// Attempts the engine refused.
    pub attempts: i32,
    /// Set aside after refusing too often: shown in the status, retried only by a reindex.
    pub failed_at: Option<DateTimeUtc>,
}

/// No relations: rows name their record by kind and id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
