//! Indexes that match the lists' filters and orders, so a page is read in order from the index and costs the
//! same with a thousand partners as with a hundred thousand: partners by stakeholder type and status by name
//! (and by status alone, the public list), events by status by start.

use sea_orm_migration::prelude::*;

/// Adds the indexes the partner and event lists page on.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
    Name,
    StakeholderType,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum CoCreationEvent {
    Table,
    Id,
    Status,
    StartsAt,
}

const PARTNER_TYPE_STATUS_NAME: &str = "ix_partner_type_status_name";
const PARTNER_STATUS_NAME: &str = "ix_partner_status_name";
const EVENT_STATUS_STARTS_AT: &str = "ix_event_status_starts_at";

/// The indexes, each with its columns: equality filters first, then the order and the id that breaks its ties.
fn indexes() -> [IndexCreateStatement; 3] {
    [
        Index::create()
            .name(PARTNER_TYPE_STATUS_NAME)
            .table(Partner::Table)
            .col(Partner::StakeholderType)
            .col(Partner::Status)
            .col(Partner::Name)
            .col(Partner::Id)
            .take(),
        Index::create()
            .name(PARTNER_STATUS_NAME)
            .table(Partner::Table)
            .col(Partner::Status)
            .col(Partner::Name)
            .col(Partner::Id)
            .take(),
        Index::create()
            .name(EVENT_STATUS_STARTS_AT)
            .table(CoCreationEvent::Table)
            .col(CoCreationEvent::Status)
            .col(CoCreationEvent::StartsAt)
            .col(CoCreationEvent::Id)
            .take(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for statement in indexes() {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (PARTNER_TYPE_STATUS_NAME, Partner::Table.into_iden()),
            (PARTNER_STATUS_NAME, Partner::Table.into_iden()),
            (EVENT_STATUS_STARTS_AT, CoCreationEvent::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
