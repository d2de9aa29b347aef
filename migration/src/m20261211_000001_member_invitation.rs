//! A colleague invited to a partner's organisation: `account.invited_at`.
//!
//! A member invites a colleague by address; the invitation is an account of the partner that nobody can
//! sign in to yet (its password is a random secret nobody knows) until the colleague follows the link of
//! the invitation's message and chooses a password. `invited_at` says when it was invited, and is cleared
//! when the invitation is accepted: while it is set, the account counts as no member (it signs in for
//! nobody, and LODE writes it nothing but the invitation).

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `account.invited_at`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    InvitedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .add_column(timestamp_with_time_zone_null(Account::InvitedAt))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .drop_column(Account::InvitedAt)
                    .take(),
            )
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
