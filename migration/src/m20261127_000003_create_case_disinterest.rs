//! Partners that said a pilot case does not interest them; matching leaves them out for that case.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the table of "not interested" marks.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CaseDisinterest {
    Table,
    PilotCaseId,
    PartnerId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PilotCase {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseDisinterest::Table)
                    .col(uuid(CaseDisinterest::PilotCaseId))
                    .col(uuid(CaseDisinterest::PartnerId))
                    .col(timestamp_with_time_zone(CaseDisinterest::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(CaseDisinterest::PilotCaseId)
                            .col(CaseDisinterest::PartnerId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseDisinterest::Table, CaseDisinterest::PilotCaseId)
                            .to(PilotCase::Table, PilotCase::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseDisinterest::Table, CaseDisinterest::PartnerId)
                            .to(Partner::Table, Partner::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseDisinterest::Table).to_owned())
            .await
    }
}
