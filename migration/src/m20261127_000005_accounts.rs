//! Accounts and sessions, the audit log, consent records, who submitted a story, and when a partner was
//! erased.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds what accounts, authorization and privacy need.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
    ErasedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuccessStory {
    Table,
    SubmittedByPartnerId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    PartnerId,
    Cities,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Session {
    Table,
    Id,
    AccountId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEntry {
    Table,
    Id,
    At,
    ActorId,
    ActorRole,
    Action,
    SubjectId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Consent {
    Table,
    Id,
    AccountId,
    PartnerId,
    Purpose,
    TextVersion,
    GivenAt,
    WithdrawnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Partner::Table)
                    .add_column(timestamp_with_time_zone_null(Partner::ErasedAt))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SuccessStory::Table)
                    .add_column(uuid_null(SuccessStory::SubmittedByPartnerId))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(uuid(Account::Id).primary_key())
                    .col(string_len_uniq(Account::Email, 254))
                    .col(string(Account::PasswordHash))
                    .col(string_len(Account::Role, 32))
                    .col(uuid_null(Account::PartnerId))
                    .col(json_binary(Account::Cities))
                    .col(timestamp_with_time_zone(Account::CreatedAt))
                    .col(timestamp_with_time_zone(Account::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Account::Table, Account::PartnerId)
                            .to(Partner::Table, Partner::Id)
                            .on_delete(ForeignKeyAction::NoAction),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(uuid(Session::Id).primary_key())
                    .col(uuid(Session::AccountId))
                    .col(string_len_uniq(Session::TokenHash, 64))
                    .col(timestamp_with_time_zone(Session::CreatedAt))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Session::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Session::Table, Session::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEntry::Table)
                    .col(uuid(AuditEntry::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditEntry::At))
                    // No foreign key: the log outlives the accounts it names.
                    .col(uuid_null(AuditEntry::ActorId))
                    .col(string_len_null(AuditEntry::ActorRole, 32))
                    .col(string_len(AuditEntry::Action, 64))
                    .col(uuid_null(AuditEntry::SubjectId))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_entry_subject")
                    .table(AuditEntry::Table)
                    .col(AuditEntry::SubjectId)
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Consent::Table)
                    .col(uuid(Consent::Id).primary_key())
                    .col(uuid(Consent::AccountId))
                    .col(uuid_null(Consent::PartnerId))
                    .col(string_len(Consent::Purpose, 32))
                    .col(string_len(Consent::TextVersion, 32))
                    .col(timestamp_with_time_zone(Consent::GivenAt))
                    .col(timestamp_with_time_zone_null(Consent::WithdrawnAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Consent::Table, Consent::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Consent::Table.into_iden(),
            AuditEntry::Table.into_iden(),
            Session::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(SuccessStory::Table)
                    .drop_column(SuccessStory::SubmittedByPartnerId)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Partner::Table)
                    .drop_column(Partner::ErasedAt)
                    .take(),
            )
            .await
    }
}
