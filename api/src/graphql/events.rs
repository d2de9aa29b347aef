//! `CoCreationEvent` (cocreatie-sessie) and `Registration`: types, queries and mutations.

use super::change;
use super::connection::{CoCreationEventConnection, OrderDirection, page_request, wants_total};
use super::ids::{self, Kind, maybe};
use super::loaders::{
    PeopleOfRegistration, QuotasOfEvent, RegistrationsOfEvent, SignUpsOfEvent, WaitlistOfEvent,
};
use super::{
    DeleteInput, DeletePayload, db, load_many, load_one, load_required, load_visible, lookup,
};
use super::{Edited, current, rate_limit, set_status, update, values_of, viewer, with_current};
use super::{partners::Partner, pilot_cases::PilotCase, value_domains::ValueDomain};
use crate::clock::now;
use crate::domain::access::SeenBy;
use crate::domain::events::{self as domain, EventFields, EventSort};
use crate::domain::registrations::{self, Quota, SignUp};
use crate::domain::{page, record};
use crate::error::{ApiError, ApiResult};
use crate::limits::Limited;
use crate::markdown;
use async_graphql::{
    Context, Enum, ID, InputObject, InputType, MaybeUndefined, Object, SimpleObject, Value,
};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use entities::event::{self, Column, Entity};
use entities::values::{
    City, EventFormat, EventStatus, RegistrationStatus, StakeholderType, WaitlistPolicy,
};
use entities::{event_quota, partner, pilot_case, registration, registration_person, value_domain};
use sea_orm::EntityTrait;
use sea_orm::{ConnectionTrait, QueryFilter};

/// The time zone events are shown in.
pub const EVENT_TIME_ZONE: &str = "Europe/Brussels";

/// A co-creation event (cocreatie-sessie, workshop) that partners sign up for.
#[derive(Clone)]
pub struct CoCreationEvent(pub event::Model);

/// An instant as local time in Brussels, with its offset (`2026-03-28T19:00:00+01:00`).
pub(super) fn brussels(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Brussels).to_rfc3339()
}

/// A co-creation event (cocreatie-sessie, workshop) that partners sign up for.
#[Object]
impl CoCreationEvent {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::CoCreationEvent, self.0.id)
    }
    /// The unique, human-readable key for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// What happens (Markdown).
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// `description` as HTML, rendered from its Markdown and sanitised, ready to insert into a page: headings
    /// start at `h2`, raw HTML shows as text, images keep only their alternative text, and links go only to
    /// `http`, `https` and `mailto` URLs, with `rel="noopener noreferrer nofollow"`.
    async fn description_html(&self) -> String {
        markdown::to_html(&self.0.description)
    }
    /// The kind of event.
    async fn format(&self) -> EventFormat {
        self.0.format
    }
    /// Where the event stands.
    async fn status(&self) -> EventStatus {
        self.0.status
    }
    /// When it starts (UTC).
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// When it ends (UTC).
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// The time zone the event is shown in: always `Europe/Brussels`.
    async fn time_zone(&self) -> &'static str {
        EVENT_TIME_ZONE
    }
    /// When it starts, in Brussels local time with its offset.
    async fn starts_at_local(&self) -> String {
        brussels(self.0.starts_at)
    }
    /// When it ends, in Brussels local time with its offset.
    async fn ends_at_local(&self) -> String {
        brussels(self.0.ends_at)
    }
    /// The venue's name.
    async fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }
    /// The venue's address.
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// The link for online participation.
    async fn online_url(&self) -> Option<&str> {
        self.0.online_url.as_deref()
    }
    /// How many seats there are, in people; none means no limit.
    async fn capacity(&self) -> Option<i32> {
        self.0.capacity
    }
    /// How many people one registration may bring (1 to 20, never above the capacity).
    async fn max_people_per_registration(&self) -> i32 {
        self.0.max_people_per_registration
    }
    /// How the waitlist gives freed seats to registrations of several people.
    async fn waitlist_policy(&self) -> WaitlistPolicy {
        self.0.waitlist_policy
    }
    /// When sign-ups open; none means as soon as the event is published.
    async fn registration_opens_at(&self) -> Option<DateTime<Utc>> {
        self.0.registration_opens_at
    }
    /// When sign-ups close; none means when the event starts.
    async fn registration_closes_at(&self) -> Option<DateTime<Utc>> {
        self.0.registration_closes_at
    }
    /// The pilot case the event serves.
    async fn pilot_case(&self, ctx: &Context<'_>) -> ApiResult<Option<PilotCase>> {
        Ok(
            load_visible::<pilot_case::Entity>(ctx, self.0.pilot_case_id)
                .await?
                .map(PilotCase),
        )
    }
    /// The value domain the event serves.
    async fn value_domain(&self, ctx: &Context<'_>) -> ApiResult<Option<ValueDomain>> {
        Ok(
            load_visible::<value_domain::Entity>(ctx, self.0.value_domain_id)
                .await?
                .map(ValueDomain),
        )
    }
    /// The cities the event belongs to.
    async fn cities(&self) -> &[City] {
        &self.0.cities.0
    }
    /// The stakeholder types the event is meant for.
    async fn audience(&self) -> &[StakeholderType] {
        &self.0.audience.0
    }
    /// Seats given out: the people of confirmed or attended registrations.
    async fn seats_taken(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(load_one(ctx, SignUpsOfEvent(self.0.id))
            .await?
            .unwrap_or_default()
            .seated)
    }
    /// Seats still free, in people; none when the event has no limit.
    async fn seats_left(&self, ctx: &Context<'_>) -> ApiResult<Option<u64>> {
        let taken = load_one(ctx, SignUpsOfEvent(self.0.id))
            .await?
            .unwrap_or_default()
            .seated;
        Ok(self
            .0
            .capacity
            .map(|c| u64::try_from(c).unwrap_or(0).saturating_sub(taken)))
    }
    /// Registrations waiting for seats.
    async fn waitlist_length(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(load_one(ctx, SignUpsOfEvent(self.0.id))
            .await?
            .unwrap_or_default()
            .waitlisted)
    }
    /// Who came, in people per stakeholder type (from check-ins and no-shows).
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn attendance(&self, ctx: &Context<'_>) -> ApiResult<Vec<AttendanceCount>> {
        Ok(registrations::attendance(db(ctx), self.0.id)
            .await?
            .into_iter()
            .map(|(stakeholder_type, attended, no_show)| AttendanceCount {
                stakeholder_type,
                attended,
                no_show,
            })
            .collect())
    }
    /// The statuses the viewer may move the event to now with `setEventStatus`, as its lifecycle allows: a
    /// draft may be published or cancelled, a published event cancelled or, once it has started,
    /// completed. For admins and the coordinators of one of its cities; empty for everyone else, and for
    /// an event that is cancelled or completed.
    async fn next_statuses(&self, ctx: &Context<'_>) -> Vec<EventStatus> {
        if viewer(ctx).manages(&self.0.cities.0) {
            record::next_statuses::<Entity>(&self.0, now())
        } else {
            Vec::new()
        }
    }
    /// Whether the viewer may change the event (its fields, status and quotas) and run its registrations
    /// (check-in, no-shows, the attendee list): admins, and the coordinators of one of its cities.
    async fn viewer_can_update(&self, ctx: &Context<'_>) -> bool {
        viewer(ctx).manages(&self.0.cities.0)
    }
    /// The seat quotas per stakeholder type (`setEventQuotas`), in the order of the types; a type without
    /// one shares the seats left. The team's only: null for everyone else.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn quotas(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<EventQuota>>> {
        if !viewer(ctx).is_team() {
            return Ok(None);
        }
        Ok(Some(
            load_one(ctx, QuotasOfEvent(self.0.id))
                .await?
                .unwrap_or_default()
                .into_iter()
                .map(EventQuota::from)
                .collect(),
        ))
    }
    /// Raised by every change (the iCalendar `SEQUENCE`).
    async fn sequence(&self) -> i32 {
        self.0.sequence
    }
    /// The registrations for this event: all of them for the team, your own organisation's for a
    /// partner's members, none for the public.
    #[graphql(complexity = "50 * child_complexity")]
    async fn registrations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Registration>> {
        Ok(load_many(ctx, RegistrationsOfEvent(self.0.id))
            .await?
            .into_iter()
            .map(Registration)
            .collect())
    }
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A partner's registration (inschrijving) for an event.
#[derive(Clone)]
pub struct Registration(pub registration::Model);

/// A partner's registration (inschrijving) for an event.
#[Object]
impl Registration {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Registration, self.0.id)
    }
    /// The event.
    async fn event(&self, ctx: &Context<'_>) -> ApiResult<CoCreationEvent> {
        load_required::<Entity>(ctx, self.0.event_id)
            .await
            .map(CoCreationEvent)
    }
    /// The partner.
    async fn partner(&self, ctx: &Context<'_>) -> ApiResult<Partner> {
        load_required::<partner::Entity>(ctx, self.0.partner_id)
            .await
            .map(Partner)
    }
    /// Where the registration stands.
    async fn status(&self) -> RegistrationStatus {
        self.0.status
    }
    /// The short code to show at the door.
    async fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }
    /// `code` as a QR code, for a phone's camera at the door: its rows of modules, top to bottom, each a
    /// string of `1` (dark) and `0` (light), without the quiet zone (draw four light modules around it);
    /// none without a code.
    async fn code_qr(&self) -> ApiResult<Option<Vec<String>>> {
        self.0.code.as_deref().map(qr_rows).transpose()
    }
    /// When the partner's first person checked in at the door; none before.
    async fn checked_in_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_in_at
    }
    /// How many people it brings: the seats it takes.
    async fn people_count(&self) -> i32 {
        self.0.people
    }
    /// The people it brings, in the order named. Their names are personal data, seen only where the
    /// registration is: by its partner's members and the team.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn people(&self, ctx: &Context<'_>) -> ApiResult<Vec<RegistrationPerson>> {
        Ok(load_one(ctx, PeopleOfRegistration(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(RegistrationPerson)
            .collect())
    }
    /// The place on the waitlist (1 is next); none when not waiting.
    async fn waitlist_position(&self, ctx: &Context<'_>) -> ApiResult<Option<u64>> {
        if self.0.status != RegistrationStatus::Waitlisted {
            return Ok(None);
        }
        let waitlist = load_one(ctx, WaitlistOfEvent(self.0.event_id))
            .await?
            .unwrap_or_default();
        Ok(waitlist.get(&self.0.id).copied())
    }
    /// Whether the event was called off.
    async fn event_cancelled(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let event = load_required::<Entity>(ctx, self.0.event_id).await?;
        Ok(event.status == EventStatus::Cancelled)
    }
    /// When the partner signed up.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the registration last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One person a registration brings.
#[derive(Clone)]
pub struct RegistrationPerson(pub registration_person::Model);

/// One person a registration brings to its event.
#[Object]
impl RegistrationPerson {
    /// The id, for `checkIn`'s `personIds`.
    async fn id(&self) -> ID {
        ids::encode(Kind::RegistrationPerson, self.0.id)
    }
    /// The person's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// When the person checked in at the door; none before.
    async fn checked_in_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_in_at
    }
}

/// A text as the rows of a QR code's modules (see `Registration.codeQr`).
fn qr_rows(text: &str) -> ApiResult<Vec<String>> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|err| {
        tracing::error!(error = %err, "a door code does not fit a QR code");
        ApiError::Internal
    })?;
    let width = code.width();
    Ok(code
        .to_colors()
        .chunks(width)
        .map(|row| {
            row.iter()
                .map(|module| match module {
                    qrcode::Color::Dark => '1',
                    qrcode::Color::Light => '0',
                })
                .collect()
        })
        .collect())
}

/// Which events to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "CoCreationEventFilter")]
pub struct EventFilterInput {
    /// Only events with one of these statuses.
    status: Option<Vec<EventStatus>>,
    /// Only events of one of these formats.
    format: Option<Vec<EventFormat>>,
    /// Only events in this city.
    city: Option<City>,
    /// Only events meant for this stakeholder type.
    audience: Option<StakeholderType>,
    /// Only events of this pilot case.
    pilot_case_id: Option<ID>,
    /// Only events of this value domain.
    value_domain_id: Option<ID>,
    /// Only events starting at or after this instant.
    starts_from: Option<DateTime<Utc>>,
    /// Only events starting before this instant.
    starts_before: Option<DateTime<Utc>>,
    /// Only the events the viewer may change (`true`: see `CoCreationEvent.viewerCanUpdate`), or only
    /// those it may not (`false`).
    viewer_can_update: Option<bool>,
}

impl TryFrom<EventFilterInput> for domain::EventFilter {
    type Error = ApiError;
    fn try_from(filter: EventFilterInput) -> ApiResult<Self> {
        Ok(Self {
            status: filter.status,
            format: filter.format,
            city: filter.city,
            audience: filter.audience,
            pilot_case_id: ids::decode_optional(
                "filter.pilotCaseId",
                filter.pilot_case_id.as_ref(),
                Kind::PilotCase,
            )?,
            value_domain_id: ids::decode_optional(
                "filter.valueDomainId",
                filter.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?,
            starts_from: filter.starts_from,
            starts_before: filter.starts_before,
        })
    }
}

/// What events can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "EventSort", name = "CoCreationEventOrderField")]
pub enum EventOrderField {
    /// By start.
    StartsAt,
    /// By title.
    Title,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The order of a list of events.
#[derive(InputObject)]
#[graphql(name = "CoCreationEventOrder")]
pub struct EventOrder {
    /// What to order by.
    field: EventOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Event queries.
#[derive(Default)]
pub struct EventQuery;

#[Object]
impl EventQuery {
    /// Co-creation events, a page at a time (by default by start, soonest first).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to list.")] filter: Option<EventFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<EventOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<CoCreationEventConnection> {
        let filter = filter.unwrap_or_default();
        let managed = filter.viewer_can_update;
        let filter: domain::EventFilter = filter.try_into()?;
        let order = order_by.map_or(domain::order(EventSort::StartsAt, false), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let db = db(ctx);
        let backend = db.get_database_backend();
        let mut select = domain::select(backend, &filter).filter(viewer(ctx).events_seen());
        if let Some(managed) = managed {
            let condition = viewer(ctx).events_managed(backend);
            select = select.filter(if managed { condition } else { condition.not() });
        }
        let request = page_request(first, after, last, before);
        let page = page::fetch(db, select, Column::Id, order, &request, wants_total(ctx)).await?;
        Ok(CoCreationEventConnection::from_page(page, CoCreationEvent))
    }

    /// One co-creation event, by id or by slug.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's id.")] id: Option<ID>,
        #[graphql(desc = "The event's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<CoCreationEvent>> {
        lookup::<Entity>(ctx, Kind::CoCreationEvent, id, slug)
            .await
            .map(|m| Some(CoCreationEvent(m)))
    }
}

/// A new co-creation event; it starts as a `DRAFT`.
#[derive(InputObject)]
#[graphql(name = "CreateCoCreationEventInput")]
pub struct CreateEventInput {
    /// A slug of your choice; by default one is made from the title.
    slug: Option<String>,
    /// The title.
    title: String,
    /// What happens (Markdown).
    #[graphql(default)]
    description: String,
    /// The kind of event.
    format: EventFormat,
    /// When it starts.
    starts_at: DateTime<Utc>,
    /// When it ends (after it starts).
    ends_at: DateTime<Utc>,
    /// The venue's name.
    venue: Option<String>,
    /// The venue's address.
    address: Option<String>,
    /// The link for online participation.
    online_url: Option<String>,
    /// How many seats there are, in people (0 to 100000); leave out for no limit.
    capacity: Option<i32>,
    /// How many people one registration may bring (1 to 20, never above the capacity); by default 2, or
    /// the capacity when that is smaller.
    max_people_per_registration: Option<i32>,
    /// How the waitlist gives freed seats to registrations of several people; by default `WHOLE_PARTY`.
    waitlist_policy: Option<WaitlistPolicy>,
    /// When sign-ups open.
    registration_opens_at: Option<DateTime<Utc>>,
    /// When sign-ups close (before the event ends).
    registration_closes_at: Option<DateTime<Utc>>,
    /// The pilot case the event serves.
    pilot_case_id: Option<ID>,
    /// The value domain the event serves.
    value_domain_id: Option<ID>,
    /// The cities the event belongs to (at least one).
    cities: Vec<City>,
    /// The stakeholder types it is meant for.
    #[graphql(default)]
    audience: Vec<StakeholderType>,
}

impl TryFrom<CreateEventInput> for EventFields {
    type Error = ApiError;
    fn try_from(input: CreateEventInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: Some(input.title),
            description: Some(input.description),
            format: Some(input.format),
            starts_at: Some(input.starts_at),
            ends_at: Some(input.ends_at),
            venue: Some(input.venue),
            address: Some(input.address),
            online_url: Some(input.online_url),
            capacity: Some(input.capacity),
            max_people_per_registration: input.max_people_per_registration,
            waitlist_policy: input.waitlist_policy,
            registration_opens_at: Some(input.registration_opens_at),
            registration_closes_at: Some(input.registration_closes_at),
            pilot_case_id: Some(ids::decode_optional(
                "pilotCaseId",
                input.pilot_case_id.as_ref(),
                Kind::PilotCase,
            )?),
            value_domain_id: Some(ids::decode_optional(
                "valueDomainId",
                input.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?),
            cities: Some(input.cities),
            audience: Some(input.audience),
        })
    }
}

/// Changes to an event: fields left out stay as they are; `null` clears an optional one.
#[derive(InputObject)]
#[graphql(name = "UpdateCoCreationEventInput")]
pub struct UpdateEventInput {
    /// The event to change.
    id: ID,
    /// The `updatedAt` you read the event at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the event has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the event now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (links with the old one stop working).
    slug: Option<String>,
    /// The title.
    title: Option<String>,
    /// What happens (Markdown).
    description: Option<String>,
    /// The kind of event.
    format: Option<EventFormat>,
    /// When it starts.
    starts_at: Option<DateTime<Utc>>,
    /// When it ends.
    ends_at: Option<DateTime<Utc>>,
    /// The venue's name.
    venue: MaybeUndefined<String>,
    /// The venue's address.
    address: MaybeUndefined<String>,
    /// The link for online participation.
    online_url: MaybeUndefined<String>,
    /// How many seats there are, in people; `null` for no limit. Lowered below
    /// `maxPeoplePerRegistration` without that field, the limit follows it down.
    capacity: MaybeUndefined<i32>,
    /// How many people one registration may bring (1 to 20, never above the capacity).
    max_people_per_registration: Option<i32>,
    /// How the waitlist gives freed seats to registrations of several people.
    waitlist_policy: Option<WaitlistPolicy>,
    /// When sign-ups open.
    registration_opens_at: MaybeUndefined<DateTime<Utc>>,
    /// When sign-ups close.
    registration_closes_at: MaybeUndefined<DateTime<Utc>>,
    /// The pilot case the event serves.
    pilot_case_id: MaybeUndefined<ID>,
    /// The value domain the event serves.
    value_domain_id: MaybeUndefined<ID>,
    /// The cities the event belongs to (at least one).
    cities: Option<Vec<City>>,
    /// The stakeholder types it is meant for.
    audience: Option<Vec<StakeholderType>>,
}

/// The changes asked for (the input's `id` names the event to change).
impl TryFrom<UpdateEventInput> for EventFields {
    type Error = ApiError;
    fn try_from(input: UpdateEventInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: input.title,
            description: input.description,
            format: input.format,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            venue: maybe(input.venue),
            address: maybe(input.address),
            online_url: maybe(input.online_url),
            capacity: maybe(input.capacity),
            max_people_per_registration: input.max_people_per_registration,
            waitlist_policy: input.waitlist_policy,
            registration_opens_at: maybe(input.registration_opens_at),
            registration_closes_at: maybe(input.registration_closes_at),
            pilot_case_id: ids::decode_maybe("pilotCaseId", input.pilot_case_id, Kind::PilotCase)?,
            value_domain_id: ids::decode_maybe(
                "valueDomainId",
                input.value_domain_id,
                Kind::ValueDomain,
            )?,
            cities: input.cities,
            audience: input.audience,
        })
    }
}

impl Edited for Entity {
    /// The event's fields as `updateEvent` names them, its quotas as `setEventQuotas` does (for the team),
    /// its status and its `updatedAt`.
    async fn current_values(ctx: &Context<'_>, event: event::Model) -> ApiResult<Value> {
        let pilot_case = load_visible::<pilot_case::Entity>(ctx, event.pilot_case_id).await?;
        let value_domain = load_visible::<value_domain::Entity>(ctx, event.value_domain_id).await?;
        let quotas = if viewer(ctx).is_team() {
            let quotas = load_one(ctx, QuotasOfEvent(event.id)).await?;
            let quotas: Vec<EventQuotaInput> = quotas
                .unwrap_or_default()
                .into_iter()
                .map(EventQuotaInput::from)
                .collect();
            quotas.to_value()
        } else {
            Value::Null
        };
        let input = UpdateEventInput {
            id: ids::encode(Kind::CoCreationEvent, event.id),
            expected_updated_at: None,
            slug: Some(event.slug),
            title: Some(event.title),
            description: Some(event.description),
            format: Some(event.format),
            starts_at: Some(event.starts_at),
            ends_at: Some(event.ends_at),
            venue: Some(event.venue).into(),
            address: Some(event.address).into(),
            online_url: Some(event.online_url).into(),
            capacity: Some(event.capacity).into(),
            max_people_per_registration: Some(event.max_people_per_registration),
            waitlist_policy: Some(event.waitlist_policy),
            registration_opens_at: Some(event.registration_opens_at).into(),
            registration_closes_at: Some(event.registration_closes_at).into(),
            pilot_case_id: Some(pilot_case.map(|case| ids::encode(Kind::PilotCase, case.id)))
                .into(),
            value_domain_id: Some(value_domain.map(|d| ids::encode(Kind::ValueDomain, d.id)))
                .into(),
            cities: Some(event.cities.0),
            audience: Some(event.audience.0),
        };
        Ok(values_of(
            input,
            [
                ("quotas", quotas),
                ("status", event.status.to_value()),
                ("updatedAt", event.updated_at.to_value()),
            ],
        ))
    }
}

/// A status move for an event: publish a draft (it needs a venue or an online link), cancel it, or mark it
/// completed once it has started.
#[derive(InputObject)]
#[graphql(name = "SetCoCreationEventStatusInput")]
pub struct SetEventStatusInput {
    /// The event to move.
    id: ID,
    /// The `updatedAt` you read the event at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the event has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the event now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The status to move to.
    status: EventStatus,
}

/// What an event mutation returns.
#[derive(SimpleObject)]
#[graphql(name = "CoCreationEventPayload")]
pub struct EventPayload {
    /// The event as it now is.
    event: CoCreationEvent,
}

impl From<event::Model> for EventPayload {
    fn from(model: event::Model) -> Self {
        Self {
            event: CoCreationEvent(model),
        }
    }
}

/// Event mutations.
#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Creates a co-creation event.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new event.")] input: CreateEventInput,
    ) -> ApiResult<EventPayload> {
        viewer(ctx).require_creator(&input.cities, "create events for these cities")?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Changes an event's fields.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateEventInput,
    ) -> ApiResult<EventPayload> {
        let id = ids::decode("id", &input.id, Kind::CoCreationEvent)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_editor(
            &before.cities.0,
            input.cities.as_deref(),
            "change this event",
        )?;
        let expected = input.expected_updated_at;
        let event = update::<Entity>(ctx, id, expected, input.try_into()?).await?;
        Ok(event.into())
    }

    /// Moves an event to another status, as its lifecycle allows.
    async fn set_event_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetEventStatusInput,
    ) -> ApiResult<EventPayload> {
        let id = ids::decode("id", &input.id, Kind::CoCreationEvent)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&before.cities.0, "move this event")?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.status).await?;
        Ok(saved.into())
    }

    /// Signs a partner up for a published event inside its registration window, with the people who come:
    /// seats when they all fit (for its stakeholder type, and behind whoever waits, as the event's
    /// `waitlistPolicy` says), else a place on the waitlist. A party the event could never seat (more than
    /// its capacity or `maxPeoplePerRegistration`) or naming a person twice is refused (`VALIDATION` on
    /// `people`). Signing up twice returns the existing registration; the same `idempotencyKey` sent again
    /// with the same request returns the first answer, and with another request is refused
    /// (`IDEMPOTENCY_KEY_REUSED`).
    async fn register_for_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sign-up.")] input: RegisterForEventInput,
    ) -> ApiResult<RegistrationPayload> {
        let event_id = ids::decode("eventId", &input.event_id, Kind::CoCreationEvent)?;
        let named = input
            .partner_id
            .as_ref()
            .map(|id| ids::decode("partnerId", id, Kind::Partner))
            .transpose()?;
        let viewer = viewer(ctx);
        let account = viewer.actor()?.account_id.to_string();
        rate_limit(ctx, Limited::EventSignUp, Some(&account))?;
        let event = current::<Entity>(ctx, event_id)
            .await
            .ok()
            .filter(|e| e.seen_by(viewer))
            .ok_or_else(|| ApiError::not_found("event"))?;
        let partner_id = viewer.acting_partner(named, &event.cities.0, "sign up for this event")?;
        let request = SignUp {
            event_id,
            partner_id,
            idempotency_key: input.idempotency_key,
            people: input.people,
        };
        let registration = registrations::register(db(ctx), &change(ctx), &request).await?;
        Ok(registration.into())
    }

    /// Cancels a registration (your own organisation's, or, for the event's managers, anyone's); the seats
    /// it frees go to the waiting registrations the event's `waitlistPolicy` promotes.
    async fn cancel_registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The registration to cancel.")] input: CancelRegistrationInput,
    ) -> ApiResult<RegistrationPayload> {
        let id = ids::decode("id", &input.id, Kind::Registration)?;
        let viewer = viewer(ctx);
        viewer.actor()?;
        let (found, event) = registration_and_event(ctx, id).await?;
        // A partner's members cancel their own; the event's managers cancel anyone's.
        let owner = if viewer.manages(&event.cities.0) {
            None
        } else if viewer.is_member_of(found.partner_id) {
            Some(found.partner_id)
        } else {
            return Err(ApiError::Forbidden(
                "your account may not cancel this registration".to_owned(),
            ));
        };
        let registration = registrations::cancel(db(ctx), &change(ctx), id, owner).await?;
        Ok(registration.into())
    }

    /// Checks people in at the door of an event with their registration's code: those of `personIds`, or
    /// without it everyone of the registration not yet checked in; the registration becomes `ATTENDED` with
    /// its first person. A code for another event is refused with `WRONG_EVENT`, whose message and
    /// `extensions.event` (`id`, `title`, `startsAt`, `startsAtLocal`) name the event it is for; a code
    /// whose people have all checked in, or a person named who has, with `CONFLICT`.
    async fn check_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event and the code shown at the door.")] input: CheckInInput,
    ) -> ApiResult<RegistrationPayload> {
        let event_id = ids::decode("eventId", &input.event_id, Kind::CoCreationEvent)?;
        let viewer = viewer(ctx);
        viewer.require_team("check partners in")?;
        let event = current::<Entity>(ctx, event_id).await?;
        viewer.require_manager(&event.cities.0, "check partners in at this event")?;
        // The team sees every event (`SeenBy`), so the event a wrong code names is never hidden from it.
        let person_ids = input
            .person_ids
            .as_deref()
            .map(|ids| ids::decode_all("personIds", ids, Kind::RegistrationPerson))
            .transpose()?;
        let registration = registrations::check_in(
            db(ctx),
            &change(ctx),
            event_id,
            &input.code,
            person_ids.as_deref(),
        )
        .await?;
        Ok(registration.into())
    }

    /// After an event, marks every confirmed registration that did not check in as `NO_SHOW`.
    async fn mark_no_shows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] input: MarkNoShowsInput,
    ) -> ApiResult<MarkNoShowsPayload> {
        let id = ids::decode("eventId", &input.event_id, Kind::CoCreationEvent)?;
        let event = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&event.cities.0, "mark no-shows for this event")?;
        let marked = registrations::mark_no_shows(db(ctx), &change(ctx), id).await?;
        Ok(MarkNoShowsPayload { marked })
    }

    /// Sets an event's seat quotas per stakeholder type (replacing the ones it had). A change to the event
    /// like any other: it gives the event a new `updatedAt`, and one made from an old read is refused
    /// (`expectedUpdatedAt`).
    async fn set_event_quotas(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The quotas.")] input: SetEventQuotasInput,
    ) -> ApiResult<EventPayload> {
        let id = ids::decode("eventId", &input.event_id, Kind::CoCreationEvent)?;
        let event = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&event.cities.0, "set this event's quotas")?;
        let quotas: Vec<Quota> = input.quotas.into_iter().map(Quota::from).collect();
        let result = registrations::set_quotas(
            db(ctx),
            &change(ctx),
            id,
            input.expected_updated_at,
            &quotas,
        )
        .await;
        let event = with_current(result, async {
            Entity::current_values(ctx, current::<Entity>(ctx, id).await?).await
        })
        .await?;
        Ok(event.into())
    }

    /// Deletes an event nobody registered for (otherwise cancel it).
    async fn delete_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        let id = ids::decode("id", &input.id, Kind::CoCreationEvent)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&before.cities.0, "delete this event")?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}

/// A registration and its event, for the rules about changing it.
async fn registration_and_event(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> ApiResult<(registration::Model, event::Model)> {
    let found = registration::Entity::find_by_id(id)
        .one(db(ctx))
        .await?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    let event = current::<Entity>(ctx, found.event_id).await?;
    Ok((found, event))
}

/// A sign-up for an event.
#[derive(InputObject)]
pub struct RegisterForEventInput {
    /// The event.
    event_id: ID,
    /// The partner to sign up: by default your own organisation; the team names the partner.
    partner_id: Option<ID>,
    /// A key of your choice for this request: sending the same request again with it returns the first
    /// answer; another request with it is refused (`IDEMPOTENCY_KEY_REUSED`).
    idempotency_key: Option<String>,
    /// The names of the people who come, one line each, each person once (1 to the event's
    /// `maxPeoplePerRegistration`, and never more than its capacity); by default one person: your
    /// organisation's contact person, else your organisation.
    people: Option<Vec<String>>,
}

/// A registration code shown at the door of an event.
#[derive(InputObject)]
pub struct CheckInInput {
    /// The event the door checks in for: a code for another event is refused (`WRONG_EVENT`).
    event_id: ID,
    /// The code.
    code: String,
    /// The people of the registration who arrive; by default everyone not yet checked in.
    person_ids: Option<Vec<ID>>,
}

/// The event whose no-shows to mark.
#[derive(InputObject)]
pub struct MarkNoShowsInput {
    /// The event.
    event_id: ID,
}

/// What `markNoShows` returns.
#[derive(SimpleObject)]
pub struct MarkNoShowsPayload {
    /// How many registrations became `NO_SHOW`.
    marked: u64,
}

/// A quota of seats for one stakeholder type.
#[derive(InputObject)]
pub struct EventQuotaInput {
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// At most this many seats for the type.
    max_seats: Option<i32>,
    /// This many seats kept for the type, which others cannot take.
    reserved_seats: Option<i32>,
    /// Until when they are kept (by default until registration closes).
    reserved_until: Option<DateTime<Utc>>,
}

/// A stored quota as `setEventQuotas` takes it, for a refused change's current values.
impl From<event_quota::Model> for EventQuotaInput {
    fn from(quota: event_quota::Model) -> Self {
        Self {
            stakeholder_type: quota.stakeholder_type,
            max_seats: quota.max_seats,
            reserved_seats: quota.reserved_seats,
            reserved_until: quota.reserved_until,
        }
    }
}

impl From<EventQuotaInput> for Quota {
    fn from(input: EventQuotaInput) -> Self {
        Self {
            stakeholder_type: input.stakeholder_type,
            max_seats: input.max_seats,
            reserved_seats: input.reserved_seats,
            reserved_until: input.reserved_until,
        }
    }
}

/// An event's quotas.
#[derive(InputObject)]
pub struct SetEventQuotasInput {
    /// The event.
    event_id: ID,
    /// The `updatedAt` you read the event at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the event has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values (its quotas among them) in `extensions.current`. Optional, so that clients
    /// written before it keep working; left out, the quotas replace whatever the event now has. Edit
    /// forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// One quota per stakeholder type; types without one share the remaining seats.
    quotas: Vec<EventQuotaInput>,
}

/// What a registration mutation returns.
#[derive(SimpleObject)]
pub struct RegistrationPayload {
    /// The registration as it now is.
    registration: Registration,
}

impl From<registration::Model> for RegistrationPayload {
    fn from(model: registration::Model) -> Self {
        Self {
            registration: Registration(model),
        }
    }
}

/// A quota of seats for one stakeholder type at an event.
#[derive(SimpleObject)]
pub struct EventQuota {
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// At most this many seats for the type; none means no limit of its own.
    max_seats: Option<i32>,
    /// This many seats kept for the type, which others cannot take.
    reserved_seats: Option<i32>,
    /// Until when they are kept; none means until registration closes.
    reserved_until: Option<DateTime<Utc>>,
}

impl From<event_quota::Model> for EventQuota {
    fn from(quota: event_quota::Model) -> Self {
        Self {
            stakeholder_type: quota.stakeholder_type,
            max_seats: quota.max_seats,
            reserved_seats: quota.reserved_seats,
            reserved_until: quota.reserved_until,
        }
    }
}

/// Attendance of one stakeholder type at an event.
#[derive(SimpleObject)]
pub struct AttendanceCount {
    /// The stakeholder type.
    stakeholder_type: StakeholderType,
    /// People of this type who checked in.
    attended: u64,
    /// People of this type who had a seat but did not come (once the event has ended, also those of a
    /// registration that came without them).
    no_show: u64,
}

/// A registration to cancel.
#[derive(InputObject)]
pub struct CancelRegistrationInput {
    /// The registration.
    id: ID,
}
