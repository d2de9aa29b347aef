//! The programme's records: value domains, pilot cases and their members, partners and their contacts,
//! co-creation events and registrations, success stories, datasets, and the links between them.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates every table of the first release.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ValueDomain {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Themes,
    Status,
    EconomicValue,
    SocietalValue,
    DataReadiness,
    PriorityScore,
}

#[derive(DeriveIden, Clone, Copy)]
enum PilotCase {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Description,
    ValueDomainId,
    Cities,
    Phase,
    Goals,
    StartDate,
    EndDate,
    NeededCapabilities,
    WantedStakeholderTypes,
}

#[derive(DeriveIden, Clone, Copy)]
enum Partner {
    Table,
    Id,
    Slug,
    Name,
    StakeholderType,
    Description,
    Website,
    HomeCity,
    Capabilities,
    DataOffered,
    DataNeeded,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerContact {
    Table,
    PartnerId,
    Name,
    Email,
    Phone,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PilotCaseMember {
    Table,
    Id,
    PilotCaseId,
    PartnerId,
    Role,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum Dataset {
    Table,
    Id,
    Slug,
    Title,
    Publisher,
    Url,
    Licence,
    Theme,
}

#[derive(DeriveIden, Clone, Copy)]
enum CoCreationEvent {
    Table,
    Id,
    Slug,
    Title,
    Description,
    Format,
    Status,
    StartsAt,
    EndsAt,
    Venue,
    Address,
    OnlineUrl,
    Capacity,
    RegistrationOpensAt,
    RegistrationClosesAt,
    PilotCaseId,
    ValueDomainId,
    Cities,
    Audience,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registration {
    Table,
    Id,
    EventId,
    PartnerId,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuccessStory {
    Table,
    Id,
    Slug,
    Title,
    Summary,
    Body,
    Status,
    PublishedAt,
    PilotCaseId,
    ValueDomainId,
    ImpactFigures,
    City,
}

#[derive(DeriveIden, Clone, Copy)]
enum PilotCaseDataset {
    Table,
    PilotCaseId,
    DatasetId,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerInterest {
    Table,
    PartnerId,
    ValueDomainId,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuccessStoryPartner {
    Table,
    SuccessStoryId,
    PartnerId,
}

#[derive(DeriveIden, Clone, Copy)]
enum SuccessStoryDataset {
    Table,
    SuccessStoryId,
    DatasetId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Timestamps {
    CreatedAt,
    UpdatedAt,
}

/// A record table: its columns follow, with `created_at` and `updated_at` (UTC instants, set by the API).
fn record_table(table: impl IntoIden + 'static) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(timestamp_with_time_zone(Timestamps::CreatedAt))
        .col(timestamp_with_time_zone(Timestamps::UpdatedAt))
        .take()
}

/// A score column limited to 1..=5.
fn score(col: impl IntoIden + Clone) -> ColumnDef {
    small_integer(col.clone())
        .check(Expr::col(col).between(1, 5))
        .take()
}

/// A foreign key from `table.col` to `target.id`.
fn fk(
    table: impl IntoIden + Clone + 'static,
    col: impl IntoIden + 'static,
    target: impl IntoIden + 'static,
    target_id: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(target, target_id)
        .on_delete(on_delete)
        .take()
}

/// An index on one column, named after it.
fn index(
    name: &str,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(col).take()
}

/// A link table with a composite primary key, cascading away with either side.
fn link_table(
    table: impl IntoIden + Clone + 'static,
    left: (
        impl IntoIden + Clone + 'static,
        impl IntoIden + Clone + 'static,
        impl IntoIden + Clone + 'static,
    ),
    right: (
        impl IntoIden + Clone + 'static,
        impl IntoIden + Clone + 'static,
        impl IntoIden + Clone + 'static,
    ),
) -> TableCreateStatement {
    Table::create()
        .table(table.clone())
        .col(uuid(left.0.clone()))
        .col(uuid(right.0.clone()))
        .primary_key(Index::create().col(left.0.clone()).col(right.0.clone()))
        .foreign_key(&mut fk(
            table.clone(),
            left.0,
            left.1,
            left.2,
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut fk(
            table,
            right.0,
            right.1,
            right.2,
            ForeignKeyAction::Cascade,
        ))
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // NO ACTION rather than RESTRICT: the same refusal, but SQLite reports it as a foreign-key error (787)
        // instead of a trigger error, so both databases tell the API the same thing.
        let restrict = ForeignKeyAction::NoAction;

        manager
            .create_table(
                record_table(ValueDomain::Table)
                    .col(pk_uuid(ValueDomain::Id))
                    .col(string_uniq(ValueDomain::Slug))
                    .col(string(ValueDomain::Name))
                    .col(text(ValueDomain::Description))
                    .col(json_binary(ValueDomain::Themes))
                    .col(string_len(ValueDomain::Status, 32))
                    .col(score(ValueDomain::EconomicValue))
                    .col(score(ValueDomain::SocietalValue))
                    .col(score(ValueDomain::DataReadiness))
                    // Derived by the API from the three scores; the check keeps it from ever disagreeing.
                    .col(integer(ValueDomain::PriorityScore).check(Expr::cust(
                        "priority_score = (2 * economic_value + 2 * societal_value + data_readiness - 5) * 5",
                    )))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(Dataset::Table)
                    .col(pk_uuid(Dataset::Id))
                    .col(string_uniq(Dataset::Slug))
                    .col(string(Dataset::Title))
                    .col(string(Dataset::Publisher))
                    .col(text(Dataset::Url))
                    .col(string(Dataset::Licence))
                    .col(string_len(Dataset::Theme, 32))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(PilotCase::Table)
                    .col(pk_uuid(PilotCase::Id))
                    .col(string_uniq(PilotCase::Slug))
                    .col(string(PilotCase::Title))
                    .col(text(PilotCase::Summary))
                    .col(text(PilotCase::Description))
                    .col(uuid(PilotCase::ValueDomainId))
                    .col(json_binary(PilotCase::Cities))
                    .col(string_len(PilotCase::Phase, 32))
                    .col(json_binary(PilotCase::Goals))
                    .col(date_null(PilotCase::StartDate))
                    .col(date_null(PilotCase::EndDate))
                    .col(json_binary(PilotCase::NeededCapabilities))
                    .col(json_binary(PilotCase::WantedStakeholderTypes))
                    .foreign_key(&mut fk(
                        PilotCase::Table,
                        PilotCase::ValueDomainId,
                        ValueDomain::Table,
                        ValueDomain::Id,
                        restrict,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(Partner::Table)
                    .col(pk_uuid(Partner::Id))
                    .col(string_uniq(Partner::Slug))
                    .col(string(Partner::Name))
                    .col(string_len(Partner::StakeholderType, 32))
                    .col(text(Partner::Description))
                    .col(text_null(Partner::Website))
                    .col(string_len_null(Partner::HomeCity, 32))
                    .col(json_binary(Partner::Capabilities))
                    .col(json_binary(Partner::DataOffered))
                    .col(json_binary(Partner::DataNeeded))
                    .col(string_len(Partner::Status, 32))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PartnerContact::Table)
                    .col(pk_uuid(PartnerContact::PartnerId))
                    .col(string(PartnerContact::Name))
                    .col(string(PartnerContact::Email))
                    .col(string_null(PartnerContact::Phone))
                    .col(timestamp_with_time_zone(PartnerContact::UpdatedAt))
                    .foreign_key(&mut fk(
                        PartnerContact::Table,
                        PartnerContact::PartnerId,
                        Partner::Table,
                        Partner::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(PilotCaseMember::Table)
                    .col(pk_uuid(PilotCaseMember::Id))
                    .col(uuid(PilotCaseMember::PilotCaseId))
                    .col(uuid(PilotCaseMember::PartnerId))
                    .col(string_len(PilotCaseMember::Role, 32))
                    .col(string_len(PilotCaseMember::Status, 32))
                    .foreign_key(&mut fk(
                        PilotCaseMember::Table,
                        PilotCaseMember::PilotCaseId,
                        PilotCase::Table,
                        PilotCase::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        PilotCaseMember::Table,
                        PilotCaseMember::PartnerId,
                        Partner::Table,
                        Partner::Id,
                        restrict,
                    ))
                    .index(
                        Index::create()
                            .name("uq_pilot_case_member_case_partner")
                            .col(PilotCaseMember::PilotCaseId)
                            .col(PilotCaseMember::PartnerId)
                            .unique(),
                    )
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(CoCreationEvent::Table)
                    .col(pk_uuid(CoCreationEvent::Id))
                    .col(string_uniq(CoCreationEvent::Slug))
                    .col(string(CoCreationEvent::Title))
                    .col(text(CoCreationEvent::Description))
                    .col(string_len(CoCreationEvent::Format, 32))
                    .col(string_len(CoCreationEvent::Status, 32))
                    .col(timestamp_with_time_zone(CoCreationEvent::StartsAt))
                    .col(timestamp_with_time_zone(CoCreationEvent::EndsAt))
                    .col(string_null(CoCreationEvent::Venue))
                    .col(string_null(CoCreationEvent::Address))
                    .col(text_null(CoCreationEvent::OnlineUrl))
                    .col(
                        integer_null(CoCreationEvent::Capacity)
                            .check(Expr::col(CoCreationEvent::Capacity).gte(0)),
                    )
                    .col(timestamp_with_time_zone_null(
                        CoCreationEvent::RegistrationOpensAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        CoCreationEvent::RegistrationClosesAt,
                    ))
                    .col(uuid_null(CoCreationEvent::PilotCaseId))
                    .col(uuid_null(CoCreationEvent::ValueDomainId))
                    .col(json_binary(CoCreationEvent::Cities))
                    .col(json_binary(CoCreationEvent::Audience))
                    .foreign_key(&mut fk(
                        CoCreationEvent::Table,
                        CoCreationEvent::PilotCaseId,
                        PilotCase::Table,
                        PilotCase::Id,
                        restrict,
                    ))
                    .foreign_key(&mut fk(
                        CoCreationEvent::Table,
                        CoCreationEvent::ValueDomainId,
                        ValueDomain::Table,
                        ValueDomain::Id,
                        restrict,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(Registration::Table)
                    .col(pk_uuid(Registration::Id))
                    .col(uuid(Registration::EventId))
                    .col(uuid(Registration::PartnerId))
                    .col(string_len(Registration::Status, 32))
                    .foreign_key(&mut fk(
                        Registration::Table,
                        Registration::EventId,
                        CoCreationEvent::Table,
                        CoCreationEvent::Id,
                        restrict,
                    ))
                    .foreign_key(&mut fk(
                        Registration::Table,
                        Registration::PartnerId,
                        Partner::Table,
                        Partner::Id,
                        restrict,
                    ))
                    .index(
                        Index::create()
                            .name("uq_registration_event_partner")
                            .col(Registration::EventId)
                            .col(Registration::PartnerId)
                            .unique(),
                    )
                    .take(),
            )
            .await?;

        manager
            .create_table(
                record_table(SuccessStory::Table)
                    .col(pk_uuid(SuccessStory::Id))
                    .col(string_uniq(SuccessStory::Slug))
                    .col(string(SuccessStory::Title))
                    .col(text(SuccessStory::Summary))
                    .col(text(SuccessStory::Body))
                    .col(string_len(SuccessStory::Status, 32))
                    .col(timestamp_with_time_zone_null(SuccessStory::PublishedAt))
                    .col(uuid_null(SuccessStory::PilotCaseId))
                    .col(uuid_null(SuccessStory::ValueDomainId))
                    .col(json_binary(SuccessStory::ImpactFigures))
                    .col(string_len_null(SuccessStory::City, 32))
                    .foreign_key(&mut fk(
                        SuccessStory::Table,
                        SuccessStory::PilotCaseId,
                        PilotCase::Table,
                        PilotCase::Id,
                        restrict,
                    ))
                    .foreign_key(&mut fk(
                        SuccessStory::Table,
                        SuccessStory::ValueDomainId,
                        ValueDomain::Table,
                        ValueDomain::Id,
                        restrict,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(link_table(
                PilotCaseDataset::Table,
                (
                    PilotCaseDataset::PilotCaseId,
                    PilotCase::Table,
                    PilotCase::Id,
                ),
                (PilotCaseDataset::DatasetId, Dataset::Table, Dataset::Id),
            ))
            .await?;
        manager
            .create_table(link_table(
                PartnerInterest::Table,
                (PartnerInterest::PartnerId, Partner::Table, Partner::Id),
                (
                    PartnerInterest::ValueDomainId,
                    ValueDomain::Table,
                    ValueDomain::Id,
                ),
            ))
            .await?;
        manager
            .create_table(link_table(
                SuccessStoryPartner::Table,
                (
                    SuccessStoryPartner::SuccessStoryId,
                    SuccessStory::Table,
                    SuccessStory::Id,
                ),
                (SuccessStoryPartner::PartnerId, Partner::Table, Partner::Id),
            ))
            .await?;
        manager
            .create_table(link_table(
                SuccessStoryDataset::Table,
                (
                    SuccessStoryDataset::SuccessStoryId,
                    SuccessStory::Table,
                    SuccessStory::Id,
                ),
                (SuccessStoryDataset::DatasetId, Dataset::Table, Dataset::Id),
            ))
            .await?;

        // Foreign keys are looked up from both sides by the data loaders; list filters sort and filter on these.
        for statement in [
            index(
                "ix_pilot_case_value_domain",
                PilotCase::Table,
                PilotCase::ValueDomainId,
            ),
            index(
                "ix_member_partner",
                PilotCaseMember::Table,
                PilotCaseMember::PartnerId,
            ),
            index(
                "ix_event_pilot_case",
                CoCreationEvent::Table,
                CoCreationEvent::PilotCaseId,
            ),
            index(
                "ix_event_value_domain",
                CoCreationEvent::Table,
                CoCreationEvent::ValueDomainId,
            ),
            index(
                "ix_event_starts_at",
                CoCreationEvent::Table,
                CoCreationEvent::StartsAt,
            ),
            index(
                "ix_registration_partner",
                Registration::Table,
                Registration::PartnerId,
            ),
            index(
                "ix_story_pilot_case",
                SuccessStory::Table,
                SuccessStory::PilotCaseId,
            ),
            index(
                "ix_story_value_domain",
                SuccessStory::Table,
                SuccessStory::ValueDomainId,
            ),
            index(
                "ix_case_dataset_dataset",
                PilotCaseDataset::Table,
                PilotCaseDataset::DatasetId,
            ),
            index(
                "ix_interest_value_domain",
                PartnerInterest::Table,
                PartnerInterest::ValueDomainId,
            ),
            index(
                "ix_story_partner_partner",
                SuccessStoryPartner::Table,
                SuccessStoryPartner::PartnerId,
            ),
            index(
                "ix_story_dataset_dataset",
                SuccessStoryDataset::Table,
                SuccessStoryDataset::DatasetId,
            ),
        ] {
            manager.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SuccessStoryDataset::Table.into_iden(),
            SuccessStoryPartner::Table.into_iden(),
            PartnerInterest::Table.into_iden(),
            PilotCaseDataset::Table.into_iden(),
            SuccessStory::Table.into_iden(),
            Registration::Table.into_iden(),
            CoCreationEvent::Table.into_iden(),
            PilotCaseMember::Table.into_iden(),
            PartnerContact::Table.into_iden(),
            Partner::Table.into_iden(),
            PilotCase::Table.into_iden(),
            Dataset::Table.into_iden(),
            ValueDomain::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
