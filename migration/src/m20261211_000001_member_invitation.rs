//! A colleague invited to a partner's organisation: `account.invited_at`.
//!
//! A member invites a colleague by address; the invitation is an account of the partner that nobody can
//! sign in to yet (its password is a random secret nobody knows) until the colleague follows the link of
//! the invitation's message and chooses a password. `invited_at` says when it was invited, and is cleared
//! when the invitation is accepted: while it is set, the account counts as no member (it signs in for
//! nobody, and LODE writes it nothing but the invitation).
//!
//! A member's invitations of the last day are counted from the audit log: `ix_audit_entry_actor_action`
//! finds them.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `account.invited_at`, and the index of the audit entries by actor and action.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    InvitedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEntry {
    Table,
    ActorId,
    Action,
    At,
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
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_entry_actor_action")
                    .table(AuditEntry::Table)
                    .col(AuditEntry::ActorId)
                    .col(AuditEntry::Action)
                    .col(AuditEntry::At)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_audit_entry_actor_action")
                    .table(AuditEntry::Table)
                    .to_owned(),
            )
            .await?;
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
