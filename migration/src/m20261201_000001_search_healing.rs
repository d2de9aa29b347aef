//! What keeps search healthy across processes and restores: the database's identity, which every search
//! index records at its rebuild (an index built from another database is noticed and rebuilt), and the
//! relay that holds each claimed outbox row (so a claim can be renewed by its holder alone).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the database identity and the outbox claim holder.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DatabaseIdentity {
    Table,
    Id,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SearchOutbox {
    Table,
    ClaimedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DatabaseIdentity::Table)
                    .col(uuid(DatabaseIdentity::Id).primary_key())
                    .col(timestamp_with_time_zone(DatabaseIdentity::CreatedAt))
                    .take(),
            )
            .await?;
        // Random, made once per database: a copy of the database keeps it, another database has its own.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(DatabaseIdentity::Table)
                    .columns([DatabaseIdentity::Id, DatabaseIdentity::CreatedAt])
                    .values_panic([uuid::Uuid::new_v4().into(), chrono::Utc::now().into()])
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SearchOutbox::Table)
                    .add_column(uuid_null(SearchOutbox::ClaimedBy))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SearchOutbox::Table)
                    .drop_column(SearchOutbox::ClaimedBy)
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(DatabaseIdentity::Table).to_owned())
            .await
    }

    /// All or nothing on SQLite too: a run cut short leaves no half-made identity or column behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
