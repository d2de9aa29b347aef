//! The market survey (marktbevraging): `survey`, its respondents' answers (`survey_response`), and where a
//! value domain's scores came from (`value_domain.scores_*`).
//!
//! A survey keeps its questions with it, as JSON: they are written as a whole and fixed, but for their
//! wording, once the first answer is in. A response belongs to a partner (one per partner and survey) or to
//! an e-mail address (one per address and survey); an erasure clears those and keeps the anonymous answers,
//! so a partner erased or an account deleted leaves the response with neither (`ON DELETE SET NULL`).
//! A survey with answers cannot be deleted, so the scores applied from it always say where they came from.
//!
//! Someone without a partner profile answers with an e-mail address, and the answer counts once the link
//! sent to it is followed: only the SHA-256 of that link's one-time token is kept
//! (`survey_response.confirm_token_hash`). The message goes through the mail outbox, whose row now names
//! either an account or such a response (`mail_outbox.survey_response_id`; `account_id` may be empty). A
//! column cannot lose its `NOT NULL` on SQLite, so there the outbox is built again, its rows copied.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `survey`, `survey_response` and the value domains' score provenance.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Survey {
    Table,
    Id,
    Slug,
    Title,
    TitleEn,
    Introduction,
    IntroductionEn,
    Status,
    OpensAt,
    ClosesAt,
    Questions,
    MinAnswers,
    Weighting,
    ResultsPublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SurveyResponse {
    Table,
    Id,
    SurveyId,
    PartnerId,
    AccountId,
    Email,
    Language,
    StakeholderType,
    City,
    Answers,
    ConsentVersion,
    PublishText,
    MayContact,
    ConfirmedAt,
    ConfirmTokenHash,
    ConfirmTokenExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MailOutbox {
    Table,
    Id,
    AccountId,
    SurveyResponseId,
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

/// The outbox being built again, before it takes the old one's name.
#[derive(DeriveIden, Clone, Copy)]
enum MailOutboxNext {
    Table,
}

/// The columns both forms of the outbox have, copied from one to the other.
const OUTBOX_COLUMNS: &str = "id, account_id, kind, payload, dedupe_key, created_at, due_at, next_attempt_at, attempts, claimed_by, claimed_until, sent_at, failed_at, dropped_at, last_error";

#[derive(DeriveIden, Clone, Copy)]
enum ValueDomain {
    Table,
    ScoresSurveyId,
    ScoresSetAt,
    ScoresAnswerCount,
}

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Account {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Survey::Table)
                    .col(pk_uuid(Survey::Id))
                    .col(string_uniq(Survey::Slug))
                    .col(string(Survey::Title))
                    .col(string(Survey::TitleEn))
                    .col(text(Survey::Introduction))
                    .col(text(Survey::IntroductionEn))
                    .col(string_len(Survey::Status, 32))
                    .col(timestamp_with_time_zone_null(Survey::OpensAt))
                    .col(timestamp_with_time_zone_null(Survey::ClosesAt))
                    .col(json_binary(Survey::Questions))
                    .col(integer(Survey::MinAnswers).check(Expr::col(Survey::MinAnswers).gte(1)))
                    .col(string_len(Survey::Weighting, 32))
                    .col(timestamp_with_time_zone_null(Survey::ResultsPublishedAt))
                    .col(timestamp_with_time_zone(Survey::CreatedAt))
                    .col(timestamp_with_time_zone(Survey::UpdatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SurveyResponse::Table)
                    .col(pk_uuid(SurveyResponse::Id))
                    .col(uuid(SurveyResponse::SurveyId))
                    .col(uuid_null(SurveyResponse::PartnerId))
                    .col(uuid_null(SurveyResponse::AccountId))
                    .col(string_len_null(SurveyResponse::Email, 254))
                    .col(string_len(SurveyResponse::Language, 32))
                    .col(string_len(SurveyResponse::StakeholderType, 32))
                    .col(string_len_null(SurveyResponse::City, 32))
                    .col(json_binary(SurveyResponse::Answers))
                    .col(string_len(SurveyResponse::ConsentVersion, 64))
                    .col(boolean(SurveyResponse::PublishText))
                    .col(boolean(SurveyResponse::MayContact))
                    .col(timestamp_with_time_zone_null(SurveyResponse::ConfirmedAt))
                    .col(string_len_null(SurveyResponse::ConfirmTokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone_null(
                        SurveyResponse::ConfirmTokenExpiresAt,
                    ))
                    .col(timestamp_with_time_zone(SurveyResponse::CreatedAt))
                    .col(timestamp_with_time_zone(SurveyResponse::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SurveyResponse::Table, SurveyResponse::SurveyId)
                            .to(Survey::Table, Survey::Id)
                            // NO ACTION: a survey with answers is not deleted (see the module's doc).
                            .on_delete(ForeignKeyAction::NoAction),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SurveyResponse::Table, SurveyResponse::PartnerId)
                            .to(Partner::Table, Partner::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SurveyResponse::Table, SurveyResponse::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .take(),
            )
            .await?;
        // One answer per partner and per address in each survey (NULLs, the erased, never collide).
        for (name, column) in [
            ("ux_survey_response_partner", SurveyResponse::PartnerId),
            ("ux_survey_response_email", SurveyResponse::Email),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SurveyResponse::Table)
                        .col(SurveyResponse::SurveyId)
                        .col(column)
                        .unique()
                        .take(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_survey_response_account")
                    .table(SurveyResponse::Table)
                    .col(SurveyResponse::AccountId)
                    .take(),
            )
            .await?;
        // No foreign key: SQLite can neither add one to a table nor drop a column that has one. A survey
        // whose scores were applied has answers, and a survey with answers cannot be deleted.
        for column in [
            uuid_null(ValueDomain::ScoresSurveyId),
            timestamp_with_time_zone_null(ValueDomain::ScoresSetAt),
            integer_null(ValueDomain::ScoresAnswerCount),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ValueDomain::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }
        rebuild_outbox(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild_outbox(manager, false).await?;
        for column in [
            ValueDomain::ScoresAnswerCount,
            ValueDomain::ScoresSetAt,
            ValueDomain::ScoresSurveyId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ValueDomain::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SurveyResponse::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(Survey::Table).take())
            .await
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Lets a mail outbox row name a survey's respondent instead of an account (`to_responses`), or takes that
/// back (dropping the rows to respondents). PostgreSQL changes the table in place; SQLite, which cannot drop
/// a column's `NOT NULL`, gets the table built again with its rows copied.
async fn rebuild_outbox(manager: &SchemaManager<'_>, to_responses: bool) -> Result<(), DbErr> {
    if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
        let db = manager.get_connection();
        let statements: &[&str] = if to_responses {
            &[
                "ALTER TABLE mail_outbox ALTER COLUMN account_id DROP NOT NULL",
                "ALTER TABLE mail_outbox ADD COLUMN survey_response_id uuid NULL REFERENCES survey_response (id) ON DELETE CASCADE",
                "ALTER TABLE mail_outbox ADD CONSTRAINT ck_mail_outbox_one_recipient CHECK ((account_id IS NULL) <> (survey_response_id IS NULL))",
                "CREATE INDEX ix_mail_outbox_survey_response ON mail_outbox (survey_response_id)",
            ]
        } else {
            &[
                "DELETE FROM mail_outbox WHERE account_id IS NULL",
                "DROP INDEX ix_mail_outbox_survey_response",
                "ALTER TABLE mail_outbox DROP CONSTRAINT ck_mail_outbox_one_recipient",
                "ALTER TABLE mail_outbox DROP COLUMN survey_response_id",
                "ALTER TABLE mail_outbox ALTER COLUMN account_id SET NOT NULL",
            ]
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        return Ok(());
    }
    let mut table = Table::create();
    table
        .table(MailOutboxNext::Table)
        .col(uuid(MailOutbox::Id).primary_key());
    if to_responses {
        table
            .col(uuid_null(MailOutbox::AccountId))
            .col(uuid_null(MailOutbox::SurveyResponseId))
            .foreign_key(
                ForeignKey::create()
                    .from(MailOutboxNext::Table, MailOutbox::SurveyResponseId)
                    .to(SurveyResponse::Table, SurveyResponse::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            // One recipient or the other.
            .check(Expr::cust(
                "(account_id IS NULL) <> (survey_response_id IS NULL)",
            ));
    } else {
        table.col(uuid(MailOutbox::AccountId));
    }
    table
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
                .from(MailOutboxNext::Table, MailOutbox::AccountId)
                .to(Account::Table, Account::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    manager.create_table(table.take()).await?;
    let keep = if to_responses {
        ""
    } else {
        " WHERE account_id IS NOT NULL"
    };
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "INSERT INTO mail_outbox_next ({OUTBOX_COLUMNS}) SELECT {OUTBOX_COLUMNS} FROM mail_outbox{keep}"
        ))
        .await?;
    manager
        .drop_table(Table::drop().table(MailOutbox::Table).take())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table(MailOutboxNext::Table, MailOutbox::Table)
                .take(),
        )
        .await?;
    // The indexes went with the old table: what a relay asks for (the rows still to send, by when they may
    // go), and the rows of a recipient.
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
    if to_responses {
        manager
            .create_index(
                Index::create()
                    .name("ix_mail_outbox_survey_response")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SurveyResponseId)
                    .take(),
            )
            .await?;
    }
    Ok(())
}
