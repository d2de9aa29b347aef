//! Telling people what happened: the mail outbox, each account's language and the kinds of message it
//! turned off, and the key that signs unsubscribe links.
//!
//! `mail_outbox` holds one row per message to one account, written in the transaction of the change it
//! tells of. A row names its recipient by account (the address is read when the message is sent), so an
//! account deleted, or a partner erased, takes its messages with it (`ON DELETE CASCADE`). Reminders and
//! digests are rows due later; `dedupe_key` keeps one of each.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the mail outbox and what it needs.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
    Language,
}

#[derive(DeriveIden, Clone, Copy)]
enum MailOutbox {
    Table,
    Id,
    AccountId,
    Kind,
    Payload,
    DedupeKey,
    CreatedAt,
    DueAt,
    NextAttemptAt,
    Attempts,
    ClaimedBy,
    ClaimedUntil,
    SentAt,
    FailedAt,
    DroppedAt,
    LastError,
}

#[derive(DeriveIden, Clone, Copy)]
enum MailOptOut {
    Table,
    AccountId,
    Topic,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MailKey {
    Table,
    Id,
    Secret,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .add_column(string_len(Account::Language, 8).default("NL"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(uuid(MailOutbox::Id).primary_key())
                    .col(uuid(MailOutbox::AccountId))
                    .col(string_len(MailOutbox::Kind, 40))
                    .col(text(MailOutbox::Payload))
                    .col(string_len_null(MailOutbox::DedupeKey, 200).unique_key())
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone(MailOutbox::DueAt))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(uuid_null(MailOutbox::ClaimedBy))
                    .col(timestamp_with_time_zone_null(MailOutbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::FailedAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::DroppedAt))
                    .col(string_len_null(MailOutbox::LastError, 200))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailOutbox::Table, MailOutbox::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        // What a relay asks for: the rows still to send, by when they may go.
        manager
            .create_index(
                Index::create()
                    .name("ix_mail_outbox_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .col(MailOutbox::FailedAt)
                    .col(MailOutbox::DroppedAt)
                    .col(MailOutbox::NextAttemptAt)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_mail_outbox_account")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::AccountId)
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailOptOut::Table)
                    .col(uuid(MailOptOut::AccountId))
                    .col(string_len(MailOptOut::Topic, 32))
                    .col(timestamp_with_time_zone(MailOptOut::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(MailOptOut::AccountId)
                            .col(MailOptOut::Topic),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MailOptOut::Table, MailOptOut::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailKey::Table)
                    .col(integer(MailKey::Id).primary_key())
                    .col(string_len(MailKey::Secret, 128))
                    .col(timestamp_with_time_zone(MailKey::CreatedAt))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MailKey::Table.into_iden(),
            MailOptOut::Table.into_iden(),
            MailOutbox::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Account::Table)
                    .drop_column(Account::Language)
                    .take(),
            )
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
