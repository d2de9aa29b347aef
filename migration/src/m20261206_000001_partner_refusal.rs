//! Why the team refused a partner: a table apart from the public profile, since the reason may name people.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `partner_refusal`, one row per refused partner.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerRefusal {
    Table,
    PartnerId,
    Reason,
    RefusedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PartnerRefusal::Table)
                    .col(pk_uuid(PartnerRefusal::PartnerId))
                    .col(text(PartnerRefusal::Reason))
                    .col(timestamp_with_time_zone(PartnerRefusal::RefusedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partner_refusal_partner_id")
                            .from(PartnerRefusal::Table, PartnerRefusal::PartnerId)
                            .to(Partner::Table, Partner::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PartnerRefusal::Table).take())
            .await
    }
}
