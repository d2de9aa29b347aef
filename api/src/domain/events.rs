//! Co-creation events (cocreatie-sessies): when and where they happen, for whom, and how many can come.

use super::filter::json_array_contains;
use super::links;
use super::page::ListOrder;
use super::record::{HasStatus, Record, record_fields, same_accessors};
use super::seats::{self, MAX_CAPACITY};
use super::validate::{self, tidy, tidy_optional, tidy_set};
use super::write::Write;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use entities::event::{Column, Entity, Model};
use entities::values::{
    Cities, City, EventFormat, EventStatus, StakeholderType, StakeholderTypes, WaitlistPolicy,
};
use entities::{pilot_case, value_domain};
use sea_orm::{ActiveEnum, ColumnTrait, DbBackend, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

/// How many people one registration may bring unless the event says otherwise.
pub const DEFAULT_PEOPLE_PER_REGISTRATION: i32 = 2;
/// The most people one registration may bring at any event.
pub const MAX_PEOPLE_PER_REGISTRATION: i32 = 20;

record_fields! {
    /// The fields of an event a client can set; `None` leaves a field as it is, `Some(None)` clears it.
    pub struct EventFields for Model {
        /// The title.
        title: String = |v| tidy(v),
        /// What happens (Markdown).
        description: String = |v| tidy(v),
        /// The kind of event.
        format: EventFormat = |v| *v,
        /// When it starts.
        starts_at: DateTime<Utc> = |v| *v,
        /// When it ends.
        ends_at: DateTime<Utc> = |v| *v,
        /// The venue's name.
        venue: Option<String> = |v| tidy_optional(v),
        /// The venue's address.
        address: Option<String> = |v| tidy_optional(v),
        /// The online link.
        online_url: Option<String> = |v| tidy_optional(v),
        /// The number of seats, in people; none means no limit.
        capacity: Option<i32> = |v| *v,
        /// How many people one registration may bring.
        max_people_per_registration: i32 = |v| *v,
        /// How the waitlist gives freed seats to registrations of several people.
        waitlist_policy: WaitlistPolicy = |v| *v,
        /// When sign-ups open.
        registration_opens_at: Option<DateTime<Utc>> = |v| *v,
        /// When sign-ups close.
        registration_closes_at: Option<DateTime<Utc>> = |v| *v,
        /// The pilot case it serves.
        pilot_case_id: Option<Uuid> = |v| *v,
        /// The value domain it serves.
        value_domain_id: Option<Uuid> = |v| *v,
        /// The cities it belongs to (at least one).
        cities: Vec<City> = |v| Cities(tidy_set(v)),
        /// The stakeholder types it is meant for.
        audience: Vec<StakeholderType> = |v| StakeholderTypes(tidy_set(v)),
    }
    outside the row {
        /// A chosen slug; by default one is made from the title.
        slug: String,
    }
}

impl Record for Entity {
    type Fields = EventFields;
    const KIND: &'static str = "event";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::Event);

    same_accessors!(EventFields, title);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            title: String::new(),
            description: String::new(),
            format: EventFormat::Workshop,
            status: EventStatus::Draft,
            starts_at: now,
            ends_at: now,
            venue: None,
            address: None,
            online_url: None,
            capacity: None,
            max_people_per_registration: DEFAULT_PEOPLE_PER_REGISTRATION,
            waitlist_policy: WaitlistPolicy::WholeParty,
            registration_opens_at: None,
            registration_closes_at: None,
            pilot_case_id: None,
            value_domain_id: None,
            cities: Cities::default(),
            audience: StakeholderTypes::default(),
            sequence: 0,
            created_at: now,
            updated_at: now,
        }
    }
    /// Every change raises the sequence number, so calendar clients replace their copy.
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
        model.sequence += 1;
    }
    fn apply(model: &mut Model, fields: &EventFields) {
        fields.apply_to(model);
        // Left unsaid, the limit per registration follows a smaller capacity down, so an event of one seat
        // needs no second field; said, it is checked against the capacity (`validate`).
        if fields.max_people_per_registration.is_none()
            && let Some(capacity) = model.capacity
        {
            model.max_people_per_registration =
                model.max_people_per_registration.min(capacity.max(1));
        }
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("title", &model.title, validate::MAX_TITLE)?;
        validate::text("description", &model.description, validate::MAX_BODY)?;
        validate::instant("startsAt", model.starts_at)?;
        validate::instant("endsAt", model.ends_at)?;
        if model.ends_at <= model.starts_at {
            return Err(ApiError::invalid("endsAt", "endsAt must be after startsAt"));
        }
        validate::optional_line("venue", model.venue.as_deref(), validate::MAX_SHORT)?;
        validate::optional_line("address", model.address.as_deref(), validate::MAX_SHORT)?;
        if let Some(url) = &model.online_url {
            validate::url("onlineUrl", url)?;
        }
        if model.status != EventStatus::Draft && model.venue.is_none() && model.online_url.is_none()
        {
            return Err(ApiError::invalid(
                "venue",
                "an event that is not a draft needs a venue or an online link",
            ));
        }
        if let Some(capacity) = model.capacity {
            validate::within("capacity", capacity.into(), 0, MAX_CAPACITY.into())?;
        }
        validate::within(
            "maxPeoplePerRegistration",
            model.max_people_per_registration.into(),
            1,
            MAX_PEOPLE_PER_REGISTRATION.into(),
        )?;
        // A registration larger than the event could never be seated (an event of no seats takes one).
        if let Some(capacity) = model.capacity
            && model.max_people_per_registration > capacity.max(1)
        {
            return Err(ApiError::invalid(
                "maxPeoplePerRegistration",
                format!(
                    "one registration may bring at most the capacity: {}",
                    capacity.max(1)
                ),
            ));
        }
        // Sign-ups close when given, else when the event starts; they must open before that.
        let closes = model.registration_closes_at.unwrap_or(model.starts_at);
        if let Some(closes) = model.registration_closes_at {
            validate::instant("registrationClosesAt", closes)?;
            if closes > model.ends_at {
                return Err(ApiError::invalid(
                    "registrationClosesAt",
                    "registration must close before the event ends",
                ));
            }
        }
        if let Some(opens) = model.registration_opens_at {
            validate::instant("registrationOpensAt", opens)?;
            if opens >= closes {
                return Err(ApiError::invalid(
                    "registrationOpensAt",
                    "registration must open before it closes (or, without a closing time, before the event starts)",
                ));
            }
        }
        if model.cities.0.is_empty() {
            return Err(ApiError::invalid(
                "cities",
                "an event belongs to at least one city",
            ));
        }
        Ok(())
    }
    async fn save_links(conn: &Write<'_>, id: Uuid, _fields: &EventFields) -> ApiResult<()> {
        // A larger capacity (or a capacity taken away) gives seats to whoever waits; subscribers hear the
        // new counts.
        if let Some(event) = Entity::find_by_id(id).one(conn).await? {
            seats::fill_freed_seats(conn, &event).await?;
            conn.seats_changed(id);
        }
        Ok(())
    }
    fn check_change(before: &Model) -> ApiResult<()> {
        if matches!(
            before.status,
            EventStatus::Cancelled | EventStatus::Completed
        ) {
            return Err(ApiError::conflict(
                Some("status"),
                "a cancelled or completed event can no longer be changed",
            ));
        }
        Ok(())
    }
    async fn after_update(conn: &Write<'_>, before: &Model, after: &Model) -> ApiResult<()> {
        super::notices::event_changed(conn, before, after).await
    }
    async fn check_references(conn: &Write<'_>, model: &Model) -> ApiResult<()> {
        if let Some(id) = model.pilot_case_id {
            links::existing::<pilot_case::Entity>(
                conn,
                pilot_case::Column::Id,
                &[id],
                "pilotCaseId",
                "pilot case",
            )
            .await?;
        }
        if let Some(id) = model.value_domain_id {
            links::existing::<value_domain::Entity>(
                conn,
                value_domain::Column::Id,
                &[id],
                "valueDomainId",
                "value domain",
            )
            .await?;
        }
        if let Some(capacity) = model.capacity {
            let taken = seats::seats_taken(conn, model.id).await?;
            if u64::try_from(capacity).unwrap_or(0) < taken {
                return Err(ApiError::conflict(
                    Some("capacity"),
                    format!("{taken} seats are taken already: the capacity cannot go below that"),
                ));
            }
        }
        Ok(())
    }
}

impl HasStatus for Entity {
    type Status = EventStatus;
    const STATUS_FIELD: &'static str = "status";
    fn status(model: &Model) -> EventStatus {
        model.status
    }
    fn set_status(model: &mut Model, status: EventStatus, _now: DateTime<Utc>) {
        model.status = status;
    }
    async fn after_status_move(
        conn: &Write<'_>,
        model: &Model,
        from: EventStatus,
    ) -> ApiResult<()> {
        if model.status == EventStatus::Cancelled && from != EventStatus::Cancelled {
            super::notices::event_cancelled(conn, model).await?;
        }
        Ok(())
    }
    fn check_status_move(model: &Model, to: EventStatus, now: DateTime<Utc>) -> ApiResult<()> {
        if to == EventStatus::Completed && now < model.starts_at {
            return Err(ApiError::conflict(
                Some("status"),
                "an event can be marked completed only once it has started",
            ));
        }
        Ok(())
    }
}

/// Which events a list shows.
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    /// Only these statuses.
    pub status: Option<Vec<EventStatus>>,
    /// Only these formats.
    pub format: Option<Vec<EventFormat>>,
    /// Only events in this city.
    pub city: Option<City>,
    /// Only events meant for this stakeholder type.
    pub audience: Option<StakeholderType>,
    /// Only events of this pilot case.
    pub pilot_case_id: Option<Uuid>,
    /// Only events of this value domain.
    pub value_domain_id: Option<Uuid>,
    /// Only events starting at or after this instant.
    pub starts_from: Option<DateTime<Utc>>,
    /// Only events starting before this instant.
    pub starts_before: Option<DateTime<Utc>>,
}

/// What a list of events can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSort {
    /// By start.
    StartsAt,
    /// By title.
    Title,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The rows a filter selects.
pub fn select(backend: DbBackend, filter: &EventFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.is_in(status.iter().copied()));
    }
    if let Some(format) = &filter.format {
        query = query.filter(Column::Format.is_in(format.iter().copied()));
    }
    if let Some(city) = filter.city {
        query = query.filter(json_array_contains(
            backend,
            Column::Cities,
            &city.to_value(),
        ));
    }
    if let Some(audience) = filter.audience {
        query = query.filter(json_array_contains(
            backend,
            Column::Audience,
            &audience.to_value(),
        ));
    }
    if let Some(id) = filter.pilot_case_id {
        query = query.filter(Column::PilotCaseId.eq(id));
    }
    if let Some(id) = filter.value_domain_id {
        query = query.filter(Column::ValueDomainId.eq(id));
    }
    if let Some(from) = filter.starts_from {
        query = query.filter(Column::StartsAt.gte(from));
    }
    if let Some(before) = filter.starts_before {
        query = query.filter(Column::StartsAt.lt(before));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: EventSort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        EventSort::StartsAt => ("starts", Column::StartsAt),
        EventSort::Title => ("title", Column::Title),
        EventSort::CreatedAt => ("created", Column::CreatedAt),
        EventSort::UpdatedAt => ("updated", Column::UpdatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}
