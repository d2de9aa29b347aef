//! People, not only organisations: a registration names the people who come. An event says how many one
//! registration may bring (`max_people_per_registration`, two by default) and how its waitlist promotes
//! (`waitlist_policy`); `registration_person` holds the names, and `registration.people` their number, so
//! seats are counted in people with one query.
//!
//! Every registration made before this one person: the partner's contact person, else the partner's name.
//! Its row takes the registration's id as its own (unique in its table) and its check-in time.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the people of registrations.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CoCreationEvent {
    Table,
    Capacity,
    MaxPeoplePerRegistration,
    WaitlistPolicy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Registration {
    Table,
    Id,
    People,
}

#[derive(DeriveIden, Clone, Copy)]
enum RegistrationPerson {
    Table,
    Id,
    RegistrationId,
    Position,
    Name,
    CheckedInAt,
    CreatedAt,
}

/// One person for every registration made before people were named (see the module's doc).
const BACKFILL: &str = r#"INSERT INTO "registration_person" ("id", "registration_id", "position", "name", "checked_in_at", "created_at")
SELECT r."id", r."id", 1, COALESCE(c."name", p."name"), r."checked_in_at", r."created_at"
FROM "registration" r
JOIN "partner" p ON p."id" = r."partner_id"
LEFT JOIN "partner_contact" c ON c."partner_id" = r."partner_id""#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters a table one change at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(CoCreationEvent::Table)
                    .add_column(integer(CoCreationEvent::MaxPeoplePerRegistration).default(2))
                    .take(),
            )
            .await?;
        // An event of fewer than two seats takes one person per partner, as a new one would.
        manager
            .exec_stmt(
                Query::update()
                    .table(CoCreationEvent::Table)
                    .value(CoCreationEvent::MaxPeoplePerRegistration, 1)
                    .and_where(Expr::col(CoCreationEvent::Capacity).lt(2))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CoCreationEvent::Table)
                    .add_column(
                        string_len(CoCreationEvent::WaitlistPolicy, 32).default("WHOLE_PARTY"),
                    )
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .add_column(integer(Registration::People).default(1))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RegistrationPerson::Table)
                    .col(uuid(RegistrationPerson::Id).primary_key())
                    .col(uuid(RegistrationPerson::RegistrationId))
                    .col(integer(RegistrationPerson::Position))
                    .col(string(RegistrationPerson::Name))
                    .col(timestamp_with_time_zone_null(
                        RegistrationPerson::CheckedInAt,
                    ))
                    .col(timestamp_with_time_zone(RegistrationPerson::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RegistrationPerson::Table,
                                RegistrationPerson::RegistrationId,
                            )
                            .to(Registration::Table, Registration::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_registration_person_position")
                    .table(RegistrationPerson::Table)
                    .col(RegistrationPerson::RegistrationId)
                    .col(RegistrationPerson::Position)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RegistrationPerson::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registration::Table)
                    .drop_column(Registration::People)
                    .take(),
            )
            .await?;
        for column in [
            CoCreationEvent::WaitlistPolicy,
            CoCreationEvent::MaxPeoplePerRegistration,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CoCreationEvent::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    /// All or nothing on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
