//! The search outbox: one row per record whose search document must be sent to the search engine.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the search outbox.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SearchOutbox {
    Table,
    Kind,
    RecordId,
    Version,
    QueuedAt,
    NextAttemptAt,
    ClaimedUntil,
    Attempts,
    FailedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchOutbox::Table)
                    .col(string_len(SearchOutbox::Kind, 32))
                    .col(uuid(SearchOutbox::RecordId))
                    .col(big_integer(SearchOutbox::Version))
                    .col(timestamp_with_time_zone(SearchOutbox::QueuedAt))
                    .col(timestamp_with_time_zone(SearchOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(SearchOutbox::ClaimedUntil))
                    .col(integer(SearchOutbox::Attempts))
                    .col(timestamp_with_time_zone_null(SearchOutbox::FailedAt))
                    .primary_key(
                        Index::create()
                            .col(SearchOutbox::Kind)
                            .col(SearchOutbox::RecordId),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_search_outbox_due")
                    .table(SearchOutbox::Table)
                    .col(SearchOutbox::NextAttemptAt)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchOutbox::Table).to_owned())
            .await
    }
}
