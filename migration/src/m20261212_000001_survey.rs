//! The market survey (marktbevraging): `survey`, its respondents' answers (`survey_response`), and where a
//! value domain's scores came from (`value_domain.scores_*`).
//!
//! A survey keeps its questions with it, as JSON: they are written as a whole and fixed, but for their
//! wording, once the first answer is in. A response belongs to a partner (one per partner and survey) or to
//! an e-mail address (one per address and survey); an erasure clears those and keeps the anonymous answers,
//! so a partner erased or an account deleted leaves the response with neither (`ON DELETE SET NULL`).
//! A survey with answers cannot be deleted, so the scores applied from it always say where they came from.

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
    CreatedAt,
    UpdatedAt,
}

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
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
