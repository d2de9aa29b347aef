//! When a registration checked in at the door, for the attendee list: its own column, so no later change
//! to the row can move it. A registration checked in before this migration gets the time it last changed,
//! which was its check-in (nothing changes an attended registration).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `registration.checked_in_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Registration {
    Table,
    Status,
    CheckedInAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .add_column(timestamp_with_time_zone_null(Registration::CheckedInAt))
                    .take(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Registration::Table)
                    .value(
                        Registration::CheckedInAt,
                        Expr::col(Registration::UpdatedAt),
                    )
                    .and_where(Expr::col(Registration::Status).eq("ATTENDED"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .drop_column(Registration::CheckedInAt)
                    .take(),
            )
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
