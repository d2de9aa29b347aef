//! The search outbox: one row per record that ever changed, with the version last written and the version
//! last sent to the search engine; a row is pending while they differ.

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
    SentVersion,
    ChangedAt,
    PendingSince,
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
                    .col(big_integer(SearchOutbox::SentVersion))
                    .col(timestamp_with_time_zone(SearchOutbox::ChangedAt))
                    .col(timestamp_with_time_zone(SearchOutbox::PendingSince))
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
