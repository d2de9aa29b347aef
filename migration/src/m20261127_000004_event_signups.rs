//! Sign-ups: registration codes, seat quotas per stakeholder type, idempotency keys, and an event sequence
//! number for calendars.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds what sign-ups need.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CoCreationEvent {
    Table,
    Id,
    Sequence,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registration {
    Table,
    Id,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum EventQuota {
    Table,
    EventId,
    StakeholderType,
    MaxSeats,
    ReservedSeats,
    ReservedUntil,
}

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKey {
    Table,
    Key,
    PartnerId,
    EventId,
    RegistrationId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CoCreationEvent::Table)
                    .add_column(integer(CoCreationEvent::Sequence).default(0))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .add_column(string_len_null(Registration::Code, 16))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_registration_code")
                    .table(Registration::Table)
                    .col(Registration::Code)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventQuota::Table)
                    .col(uuid(EventQuota::EventId))
                    .col(string_len(EventQuota::StakeholderType, 32))
                    .col(integer_null(EventQuota::MaxSeats))
                    .col(integer_null(EventQuota::ReservedSeats))
                    .col(timestamp_with_time_zone_null(EventQuota::ReservedUntil))
                    .primary_key(
                        Index::create()
                            .col(EventQuota::EventId)
                            .col(EventQuota::StakeholderType),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventQuota::Table, EventQuota::EventId)
                            .to(CoCreationEvent::Table, CoCreationEvent::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKey::Table)
                    .col(string_len(IdempotencyKey::Key, 200).primary_key())
                    .col(uuid(IdempotencyKey::PartnerId))
                    .col(uuid(IdempotencyKey::EventId))
                    .col(uuid(IdempotencyKey::RegistrationId))
                    .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdempotencyKey::Table, IdempotencyKey::RegistrationId)
                            .to(Registration::Table, Registration::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IdempotencyKey::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EventQuota::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_registration_code")
                    .table(Registration::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .drop_column(Registration::Code)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CoCreationEvent::Table)
                    .drop_column(CoCreationEvent::Sequence)
                    .take(),
            )
            .await
    }
}
