//! The audit log: who changed what, and when. Entries name accounts and records by id, never by personal
//! data, so erasing a person leaves the log intact and clean.
//!
//! Entries are written by the commit of a change's write transaction ([`super::write::Write::commit`]),
//! inside that same transaction: a change and its entry are stored together or not at all. A read worth
//! auditing (a download of an event's attendee list, [`super::attendees::DOWNLOAD`], or of a survey's
//! answers, [`super::survey_export::DOWNLOAD`]) goes the same way, in a write transaction that changes
//! nothing but its entry.

use super::access::Viewer;
use super::filter::json_array_contains;
use super::page::ListOrder;
use crate::clock::{new_id, now};
use chrono::{DateTime, Utc};
use entities::audit_entry::{ActiveModel, Column, Entity, Model};
use entities::values::Role;
use entities::{account, event, pilot_case, pilot_case_member, registration, success_story};
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
    let (actor_id, actor_role) = match viewer.who() {
        Some(actor) => (Some(actor.account_id), Some(actor.role)),
        None => (None, None),
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

/// The kinds of record an entry can be about. An entry names its record by id only; the action that made
/// it says which kind of record that is ([`ACTIONS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A value domain.
    ValueDomain,
    /// A pilot case.
    PilotCase,
    /// A partner's place in a pilot case (an invitation).
    PilotCaseMember,
    /// A partner organisation.
    Partner,
    /// A co-creation event.
    Event,
    /// A registration for an event.
    Registration,
    /// A success story.
    SuccessStory,
    /// A dataset.
    Dataset,
    /// An account, its sessions and its consents.
    Account,
    /// A survey, and the answers to it.
    Survey,
}

/// Every action the log records, with the kind of record its entry is about: each mutation (an entry's
/// subject is the record the mutation changed; `giveConsent`'s is the consent given, `logout`'s none) and
/// each audited read. A test holds it to the schema's mutations.
pub const ACTIONS: &[(&str, RecordKind)] = &[
    ("createValueDomain", RecordKind::ValueDomain),
    ("updateValueDomain", RecordKind::ValueDomain),
    ("setValueDomainStatus", RecordKind::ValueDomain),
    ("deleteValueDomain", RecordKind::ValueDomain),
    ("createPilotCase", RecordKind::PilotCase),
    ("updatePilotCase", RecordKind::PilotCase),
    ("setPilotCasePhase", RecordKind::PilotCase),
    ("deletePilotCase", RecordKind::PilotCase),
    ("setCaseInterest", RecordKind::PilotCase),
    ("invitePartnerToCase", RecordKind::PilotCaseMember),
    ("updatePilotCaseMember", RecordKind::PilotCaseMember),
    ("removePilotCaseMember", RecordKind::PilotCaseMember),
    ("withdrawInvitation", RecordKind::PilotCaseMember),
    ("createPartner", RecordKind::Partner),
    ("updatePartner", RecordKind::Partner),
    ("setPartnerStatus", RecordKind::Partner),
    ("refusePartner", RecordKind::Partner),
    ("deletePartner", RecordKind::Partner),
    ("erasePartner", RecordKind::Partner),
    ("createEvent", RecordKind::Event),
    ("updateEvent", RecordKind::Event),
    ("setEventStatus", RecordKind::Event),
    ("setEventQuotas", RecordKind::Event),
    ("markNoShows", RecordKind::Event),
    ("deleteEvent", RecordKind::Event),
    (super::attendees::DOWNLOAD, RecordKind::Event),
    ("registerForEvent", RecordKind::Registration),
    ("cancelRegistration", RecordKind::Registration),
    ("checkIn", RecordKind::Registration),
    ("createSuccessStory", RecordKind::SuccessStory),
    ("submitSuccessStory", RecordKind::SuccessStory),
    ("updateSuccessStory", RecordKind::SuccessStory),
    ("setSuccessStoryStatus", RecordKind::SuccessStory),
    ("deleteSuccessStory", RecordKind::SuccessStory),
    ("createDataset", RecordKind::Dataset),
    ("updateDataset", RecordKind::Dataset),
    ("deleteDataset", RecordKind::Dataset),
    ("createSurvey", RecordKind::Survey),
    ("updateSurvey", RecordKind::Survey),
    ("setSurveyStatus", RecordKind::Survey),
    ("copySurvey", RecordKind::Survey),
    ("publishSurveyResults", RecordKind::Survey),
    ("deleteSurvey", RecordKind::Survey),
    ("answerSurvey", RecordKind::Survey),
    ("answerSurveyByEmail", RecordKind::Survey),
    ("confirmSurveyAnswer", RecordKind::Survey),
    (super::survey_export::DOWNLOAD, RecordKind::Survey),
    // One entry on each value domain whose scores were set.
    ("applySurveyScores", RecordKind::ValueDomain),
    ("eraseSurveyRespondent", RecordKind::Survey),
    ("inviteSurveyRespondents", RecordKind::Survey),
    ("signUp", RecordKind::Account),
    ("login", RecordKind::Account),
    ("logout", RecordKind::Account),
    ("createAccount", RecordKind::Account),
    ("changePassword", RecordKind::Account),
    ("requestPasswordReset", RecordKind::Account),
    ("resetPassword", RecordKind::Account),
    ("confirmEmail", RecordKind::Account),
    ("setTemporaryPassword", RecordKind::Account),
    ("deactivateAccount", RecordKind::Account),
    ("reactivateAccount", RecordKind::Account),
    ("revokeSessions", RecordKind::Account),
    ("giveConsent", RecordKind::Account),
    ("withdrawConsent", RecordKind::Account),
    ("deleteMyAccount", RecordKind::Account),
    ("removePartnerMember", RecordKind::Account),
    ("invitePartnerMember", RecordKind::Account),
    ("acceptMemberInvitation", RecordKind::Account),
    ("withdrawMemberInvitation", RecordKind::Account),
    ("setMailPreferences", RecordKind::Account),
    (super::mail_preferences::UNSUBSCRIBE, RecordKind::Account),
];

/// The kind of record an action's entries are about; none for an action the log does not know.
pub fn kind_of(action: &str) -> Option<RecordKind> {
    ACTIONS
        .iter()
        .find(|(name, _)| *name == action)
        .map(|(_, kind)| *kind)
}

/// Which entries to list.
#[derive(Debug, Default)]
pub struct AuditFilter {
    /// Only changes by this account.
    pub actor_id: Option<Uuid>,
    /// Only changes by the account that signs in with this address (compared as it is stored: trimmed,
    /// in lower case).
    pub actor_email: Option<String>,
    /// Only changes by an account of this role at the time.
    pub actor_role: Option<Role>,
    /// Only changes to this record.
    pub subject_id: Option<Uuid>,
    /// Only changes to this kind of record.
    pub record_kind: Option<RecordKind>,
    /// Only this action.
    pub action: Option<String>,
    /// Only changes made at or after this instant.
    pub at_from: Option<DateTime<Utc>>,
    /// Only changes made before this instant.
    pub at_before: Option<DateTime<Utc>>,
}

/// The entries matching a filter.
pub fn select(filter: &AuditFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(id) = filter.actor_id {
        query = query.filter(Column::ActorId.eq(id));
    }
    if let Some(email) = &filter.actor_email {
        // An address nobody signs in with matches no entry; an erased account's entries keep no address.
        let holder = account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .filter(account::Column::Email.eq(email.trim().to_lowercase()))
            .into_query();
        query = query.filter(Column::ActorId.in_subquery(holder));
    }
    if let Some(role) = filter.actor_role {
        query = query.filter(Column::ActorRole.eq(role));
    }
    if let Some(id) = filter.subject_id {
        query = query.filter(Column::SubjectId.eq(id));
    }
    if let Some(kind) = filter.record_kind {
        let actions = ACTIONS
            .iter()
            .filter(|(_, of)| *of == kind)
            .map(|(name, _)| *name);
        query = query.filter(Column::Action.is_in(actions));
    }
    if let Some(action) = &filter.action {
        query = query.filter(Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.at_from {
        query = query.filter(Column::At.gte(from));
    }
    if let Some(before) = filter.at_before {
        query = query.filter(Column::At.lt(before));
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

/// The actions recorded about a record that leave it as it was: the audited reads (an event's attendee
/// list, a survey's answers), and marking an event's no-shows (which changes its registrations). None is
/// the change that made a client's version of the record stale.
const LEAVE_SUBJECT_AS_IT_WAS: [&str; 3] = [
    super::attendees::DOWNLOAD,
    super::survey_export::DOWNLOAD,
    "markNoShows",
];

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
