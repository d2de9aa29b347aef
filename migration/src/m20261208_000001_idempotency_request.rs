//! What a sign-up sent under an idempotency key asked for, so the key sent again with another request (other
//! people) is refused instead of answered as the first. Keys kept from before hold none: they are compared
//! by partner and event only, as before.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `idempotency_key.request_digest`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum IdempotencyKey {
    Table,
    RequestDigest,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyKey::Table)
                    .add_column(text_null(IdempotencyKey::RequestDigest))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyKey::Table)
                    .drop_column(IdempotencyKey::RequestDigest)
                    .take(),
            )
            .await
    }
}
