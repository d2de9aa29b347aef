//! The audit log: who changed what, and when. Entries name accounts and records by id, never by personal
//! data, so erasing a person leaves the log intact and clean.
//!
//! Entries are written by the commit of a change's write transaction ([`super::write::Write::commit`]),
//! inside that same transaction: a change and its entry are stored together or not at all. A read worth
//! auditing (a download of an event's attendee list, [`super::attendees::DOWNLOAD`]) goes the same way, in
//! a write transaction that changes nothing but its entry.

use super::access::Viewer;
use super::filter::json_array_contains;
use super::page::ListOrder;
use crate::clock::{new_id, now};
use chrono::{DateTime, Utc};
use entities::audit_entry::{ActiveModel, Column, Entity, Model};
use entities::values::Role;
use entities::{event, pilot_case, pilot_case_member, registration, success_story};
use sea_orm::sea_query::{Condition, IntoColumnRef, SelectStatement};
use sea_orm::{ActiveEnum, ActiveModelTrait as _};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

/// The entry saying that the viewer did `action` (a mutation's name, or an audited read's) to the record
/// `subject`, for the commit of the change's write transaction to insert.
pub(super) fn entry(viewer: &Viewer, action: &str, subject: Option<Uuid>) -> ActiveModel {
    let (actor_id, actor_role) = match viewer {
        Viewer::Signed(actor) => (Some(actor.account_id), Some(actor.role)),
        Viewer::Anonymous => (None, None),
    };
    Model {
        id: new_id(),
        at: now(),
        actor_id,
        actor_role,
        action: action.to_owned(),
        subject_id: subject,
    }
    .into_active_model()
    .reset_all()
}

/// Which entries to list.
#[derive(Debug, Default)]
pub struct AuditFilter {
    /// Only changes by this account.
    pub actor_id: Option<Uuid>,
    /// Only changes to this record.
    pub subject_id: Option<Uuid>,
    /// Only this action.
    pub action: Option<String>,
}

/// The entries matching a filter.
pub fn select(filter: &AuditFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(id) = filter.actor_id {
        query = query.filter(Column::ActorId.eq(id));
    }
    if let Some(id) = filter.subject_id {
        query = query.filter(Column::SubjectId.eq(id));
    }
    if let Some(action) = &filter.action {
        query = query.filter(Column::Action.eq(action.as_str()));
    }
    query
}

/// The entries a viewer may read, as a query condition (so paging and counts follow it): every entry for
/// an admin; for a coordinator, the entries about records of their cities (pilot cases, events and success
/// stories of those cities, a story of no single city included, with those events' registrations and
/// those cases' memberships); none for anyone else. A record's city is read from the record itself, so
/// entries about records of no city (value domains, partners, datasets, accounts) or since deleted are
/// the admins' only.
pub fn readable_by(backend: DbBackend, viewer: &Viewer) -> Condition {
    let nobody = Condition::all().add(Column::Id.is_null());
    let Viewer::Signed(actor) = viewer else {
        return nobody;
    };
    match actor.role {
        Role::Admin => Condition::all(),
        Role::Partner => nobody,
        Role::Coordinator => {
            let of_cities = |column: sea_orm::sea_query::ColumnRef| {
                actor.cities.iter().fold(Condition::any(), |any, city| {
                    any.add(json_array_contains(
                        backend,
                        column.clone(),
                        &city.to_value(),
                    ))
                })
            };
            let cases = pilot_case::Entity::find()
                .select_only()
                .column(pilot_case::Column::Id)
                .filter(of_cities(pilot_case::Column::Cities.into_column_ref()))
                .into_query();
            let events = event::Entity::find()
                .select_only()
                .column(event::Column::Id)
                .filter(of_cities(event::Column::Cities.into_column_ref()))
                .into_query();
            let stories = success_story::Entity::find()
                .select_only()
                .column(success_story::Column::Id)
                .filter(
                    Condition::any()
                        .add(success_story::Column::City.is_null())
                        .add(success_story::Column::City.is_in(actor.cities.iter().copied())),
                )
                .into_query();
            let registrations = registration::Entity::find()
                .select_only()
                .column(registration::Column::Id)
                .filter(registration::Column::EventId.in_subquery(events.clone()))
                .into_query();
            let members = pilot_case_member::Entity::find()
                .select_only()
                .column(pilot_case_member::Column::Id)
                .filter(pilot_case_member::Column::PilotCaseId.in_subquery(cases.clone()))
                .into_query();
            [cases, events, stories, registrations, members]
                .into_iter()
                .fold(Condition::any(), |any, records: SelectStatement| {
                    any.add(Column::SubjectId.in_subquery(records))
                })
        }
    }
}

/// The actions recorded about a record that leave it as it was: an audited read of an event's attendee
/// list, and marking its no-shows (which changes its registrations). Neither is the change that made a
/// client's version of the record stale.
const LEAVE_SUBJECT_AS_IT_WAS: [&str; 2] = [super::attendees::DOWNLOAD, "markNoShows"];

/// The latest change to the record `subject` made after `since` (the version a client read) that
/// `viewer` may read ([`readable_by`]), if any: who changed it last, for the message of a change refused
/// because the record changed since it was read. One lookup by the indexed `subject_id`.
pub(super) async fn last_change_seen_by(
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    subject: Uuid,
    since: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    select(&AuditFilter {
        subject_id: Some(subject),
        ..AuditFilter::default()
    })
    .filter(Column::At.gt(since))
    .filter(Column::Action.is_not_in(LEAVE_SUBJECT_AS_IT_WAS))
    .filter(readable_by(conn.get_database_backend(), viewer))
    .order_by_desc(Column::At)
    .order_by_desc(Column::Id)
    .one(conn)
    .await
}

/// Newest first: ids are UUIDv7, so they sort by time.
pub fn newest_first() -> ListOrder<Column> {
    ListOrder {
        name: "at",
        column: Column::At,
        descending: true,
    }
}
