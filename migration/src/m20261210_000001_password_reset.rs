//! Forgotten passwords and confirmed addresses: `account.email_confirmed_at`, and `account_token`, the
//! one-time tokens a message carries (a password reset, an address confirmation).
//!
//! Only a token's SHA-256 is stored, never the token: it is made when its message is composed, goes out in
//! that message, and is kept nowhere else. Each token expires, and is used at most once (`used_at`).
//! Accounts that exist already count as confirmed from their creation: an admin, the command line or the
//! demo made them, or they signed up before addresses were confirmed.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `account.email_confirmed_at` and `account_token`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
    EmailConfirmedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AccountToken {
    Table,
    Id,
    AccountId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .add_column(timestamp_with_time_zone_null(Account::EmailConfirmedAt))
                    .take(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Account::Table)
                    .value(Account::EmailConfirmedAt, Expr::col(Account::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountToken::Table)
                    .col(uuid(AccountToken::Id).primary_key())
                    .col(uuid(AccountToken::AccountId))
                    .col(string_len(AccountToken::Purpose, 32))
                    .col(string_len(AccountToken::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(AccountToken::CreatedAt))
                    .col(timestamp_with_time_zone(AccountToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountToken::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountToken::Table, AccountToken::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_account_token_account")
                    .table(AccountToken::Table)
                    .col(AccountToken::AccountId)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountToken::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .drop_column(Account::EmailConfirmedAt)
                    .take(),
            )
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
