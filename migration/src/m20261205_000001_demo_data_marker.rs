//! Whether a database holds the demo data: `lode reset-demo` empties only a database that does, so no
//! setting or flag can make it empty one that holds a city's own records.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `database_identity.holds_demo_data`, true where the demo data was loaded before.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DatabaseIdentity {
    Table,
    HoldsDemoData,
}

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Email,
}

/// The demo data's admin account (`lode_api::demo::DEMO_ACCOUNTS`), which only the demo data makes: before
/// this migration, its presence was how a database holding the demo data was told.
const DEMO_ADMIN: &str = "admin@lode.example";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DatabaseIdentity::Table)
                    .add_column(boolean(DatabaseIdentity::HoldsDemoData).default(false))
                    .take(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(DatabaseIdentity::Table)
                    .value(DatabaseIdentity::HoldsDemoData, true)
                    .and_where(Expr::exists(
                        Query::select()
                            .expr(Expr::val(1))
                            .from(Account::Table)
                            .and_where(Expr::col(Account::Email).eq(DEMO_ADMIN))
                            .take(),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DatabaseIdentity::Table)
                    .drop_column(DatabaseIdentity::HoldsDemoData)
                    .take(),
            )
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
