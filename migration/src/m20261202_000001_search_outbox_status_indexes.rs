//! Indexes for the outbox's status (`/ready`, `searchStatus`): the rows set aside, the claims whose lease
//! lapsed and the oldest pending row are then found without reading the whole table.

use sea_orm_migration::prelude::*;

/// Adds the indexes the outbox's status reads use.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchOutbox {
    Table,
    FailedAt,
    ClaimedUntil,
    PendingSince,
}

/// Each index with the column it covers.
const INDEXES: [(&str, SearchOutbox); 3] = [
    ("ix_search_outbox_failed_at", SearchOutbox::FailedAt),
    ("ix_search_outbox_claimed_until", SearchOutbox::ClaimedUntil),
    ("ix_search_outbox_pending_since", SearchOutbox::PendingSince),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SearchOutbox::Table)
                        .col(column)
                        .if_not_exists()
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(SearchOutbox::Table)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
