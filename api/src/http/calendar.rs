//! Calendars (iCalendar, RFC 5545): one event, or a feed of public events filtered by city, pilot case or
//! value domain, for calendar clients to subscribe to; and a registration's own calendar, with its door
//! code, for those who read the registration (its partner's members, and the team, which runs the door).
//!
//! Times are written as UTC instants (`DTSTART:20260705T170000Z`), which every client shows in its own
//! time zone: 19:00 in Brussels in summer and winter alike, with no time-zone table to keep up to date.
//! `UID`s are stable per event, `SEQUENCE` rises with every change, and a cancelled event says so.
//!
//! Every text value goes through [`text`] and then the icalendar crate's own TEXT escaping (RFC 5545
//! §3.3.11: backslash, semicolon, comma and newline), calendar-level properties included, so no stored text
//! can end a property or start a component. Links are built with the `url` crate, which percent-encodes
//! whatever does not belong in a URI.

use super::answer::{api_error_response, error_response, invalid_response};
use super::caller::download_caller;
use super::state::AppState;
use crate::domain::access::{SeenBy, Viewer};
use crate::domain::events::{self as domain, EventFilter};
use crate::domain::validate;
use crate::error::ApiResult;
use crate::graphql::ids::{self, Kind};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::values::{City, EventStatus, RegistrationStatus};
use entities::{event, pilot_case, registration, value_domain};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus as IcsStatus, Property};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Which events a feed holds.
#[derive(Debug, Default, Clone)]
pub struct FeedFilter {
    /// Only events in this city.
    pub city: Option<City>,
    /// Only events of the pilot case with this slug.
    pub pilot_case: Option<String>,
    /// Only events of the value domain with this slug.
    pub value_domain: Option<String>,
}

/// The longest slug a calendar is asked for.
const MAX_SLUG: usize = 100;

/// A text value as a calendar carries it: every line break (CRLF, or a bare CR, which strict parsers read
/// as the end of the line) becomes a newline, which the icalendar crate escapes as `\n`; every other
/// control character but the tab, which RFC 5545 allows in TEXT, is left out.
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The link to an event's page in the front end at `base_url`; the slug goes in the fragment,
/// percent-encoded where it must be.
fn link(base_url: &str, slug: &str) -> String {
    let mut url = url::Url::parse(base_url)
        .or_else(|_| url::Url::parse("http://localhost"))
        .expect("a fixed URL parses");
    url.set_fragment(Some(&format!("/events/{slug}")));
    url.into()
}

/// One event as a calendar entry; `base_url` is where the front end lives. `about_you` opens the
/// description: what a registration's own calendar adds (its door code and status).
fn entry(model: &event::Model, base_url: &str, about_you: Option<&str>) -> Event {
    let link = link(base_url, &model.slug);
    let mut description = match about_you {
        Some(note) => format!("{note}\n\n{}", model.description),
        None => model.description.clone(),
    };
    if let Some(online) = &model.online_url {
        description = format!("{description}\n\nOnline: {online}")
            .trim()
            .to_owned();
    }
    description = format!("{description}\n\n{link}").trim().to_owned();
    let location = [model.venue.as_deref(), model.address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let location = match (&model.online_url, location.is_empty()) {
        (Some(online), true) => online.clone(),
        _ => location,
    };
    let mut entry = Event::new();
    entry
        .uid(&format!("{}@lode", model.id))
        .summary(&text(&model.title))
        .description(&text(&description))
        .starts(model.starts_at)
        .ends(model.ends_at)
        .timestamp(model.updated_at)
        .last_modified(model.updated_at)
        .sequence(u32::try_from(model.sequence).unwrap_or(0))
        .url(&link)
        .status(if model.status == EventStatus::Cancelled {
            IcsStatus::Cancelled
        } else {
            IcsStatus::Confirmed
        });
    if !location.is_empty() {
        entry.location(&text(&location));
    }
    entry.done()
}

/// A calendar named `name` holding these entries.
fn calendar(name: &str, entries: impl IntoIterator<Item = Event>) -> String {
    let name = text(name);
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//LODE//Co-creation events//NL"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        // The crate escapes only the properties it knows as TEXT, and `NAME` (RFC 7986) is not among
        // them: saying its type makes the crate escape it (`Calendar::name` would write it raw).
        .append_property(
            Property::new("NAME", name.as_str())
                .add_parameter("VALUE", "TEXT")
                .done(),
        )
        .append_property(Property::new("X-WR-CALNAME", name.as_str()));
    for entry in entries {
        calendar.push(entry);
    }
    calendar.done().to_string()
}

/// The calendar of one public event, by slug; none for an unknown slug or a draft. A slug with control
/// characters is refused (`VALIDATION`), before the database sees it.
pub async fn event_calendar(
    db: &DatabaseConnection,
    slug: &str,
    base_url: &str,
) -> ApiResult<Option<String>> {
    validate::line("slug", slug, MAX_SLUG)?;
    let found = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?;
    Ok(found
        .filter(event::Model::is_public)
        .map(|model| calendar(&model.title, [entry(&model, base_url, None)])))
}

/// The calendar of one registration, for those who see it (its partner's members, and the team): its
/// event's entry, under the same `UID` as the public one so that it takes that one's place in a calendar,
/// with the door code and where the registration stands opening the description. None for an unknown
/// registration or one the viewer may not see. Never public: the door code lets its holder in.
pub async fn registration_calendar(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    base_url: &str,
) -> ApiResult<Option<String>> {
    let Some(found) = registration::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.seen_by(viewer))
    else {
        return Ok(None);
    };
    let Some(model) = event::Entity::find_by_id(found.event_id).one(db).await? else {
        return Ok(None);
    };
    let changed = found.updated_at.max(model.updated_at);
    let standing = match found.status {
        RegistrationStatus::Confirmed => "bevestigd / confirmed",
        RegistrationStatus::Waitlisted => "op de wachtlijst / on the waitlist",
        RegistrationStatus::Cancelled => "geannuleerd / cancelled",
        RegistrationStatus::Attended => "aangemeld aan de deur / checked in",
        RegistrationStatus::NoShow => "niet gekomen / did not come",
    };
    let mut note = format!("Inschrijving / registration: {standing}");
    let seated = matches!(
        found.status,
        RegistrationStatus::Confirmed | RegistrationStatus::Attended
    );
    if let Some(code) = found.code.as_deref().filter(|_| seated) {
        note = format!("Deurcode / door code: {code}\n{note}");
    }
    let mut entry = entry(&model, base_url, Some(&note));
    // The entry says where the registration stands, and changes when it does: a calendar that already
    // holds the public entry, or an older copy of this one, takes the newer.
    entry.timestamp(changed).last_modified(changed);
    match found.status {
        RegistrationStatus::Cancelled => {
            entry.status(IcsStatus::Cancelled);
        }
        RegistrationStatus::Waitlisted if model.status != EventStatus::Cancelled => {
            entry.status(IcsStatus::Tentative);
        }
        _ => {}
    }
    Ok(Some(calendar(&model.title, [entry])))
}

/// The feed of public events, oldest first; an unknown case or domain slug gives an empty feed, one with
/// control characters is refused (`VALIDATION`).
pub async fn feed(
    db: &DatabaseConnection,
    filter: &FeedFilter,
    base_url: &str,
) -> ApiResult<String> {
    for (field, slug) in [
        ("pilotCase", &filter.pilot_case),
        ("valueDomain", &filter.value_domain),
    ] {
        if let Some(slug) = slug {
            validate::line(field, slug, MAX_SLUG)?;
        }
    }
    let mut events = EventFilter {
        status: Some(EventStatus::PUBLIC.to_vec()),
        city: filter.city,
        ..EventFilter::default()
    };
    let mut unknown = false;
    if let Some(slug) = &filter.pilot_case {
        let case = pilot_case::Entity::find()
            .filter(pilot_case::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?;
        unknown |= case.is_none();
        events.pilot_case_id = case.map(|c| c.id);
    }
    if let Some(slug) = &filter.value_domain {
        let domain = value_domain::Entity::find()
            .filter(value_domain::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?;
        unknown |= domain.is_none();
        events.value_domain_id = domain.map(|d| d.id);
    }
    let rows = if unknown {
        Vec::new()
    } else {
        domain::select(db.get_database_backend(), &events)
            .order_by_asc(event::Column::StartsAt)
            .all(db)
            .await?
    };
    Ok(calendar(
        "LODE co-creation events",
        rows.iter().map(|model| entry(model, base_url, None)),
    ))
}

/// Where the front end lives, for the links in calendars: the request's own host, if it is one (only its
/// host and port are kept), else `localhost`.
fn base_url(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|host| url::Url::parse(&format!("http://{host}")).ok())
        .map_or_else(
            || "http://localhost".to_owned(),
            |url| url.origin().ascii_serialization(),
        )
}

/// An iCalendar answer.
fn ics(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `GET /events/{slug}.ics`: one event's calendar entry.
pub async fn event_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(slug) = file.strip_suffix(".ics") else {
        return error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file");
    };
    match event_calendar(&state.db, slug, &base_url(&headers)).await {
        Ok(Some(body)) => ics(body),
        Ok(None) => error_response(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no public event has this slug",
        ),
        Err(err) => api_error_response(&err),
    }
}

/// The filters of the calendar feed, as the query string names them.
#[derive(serde::Deserialize)]
pub struct FeedQuery {
    /// `GENT` or `BRUGGE`.
    city: Option<String>,
    /// A pilot case's slug.
    #[serde(rename = "pilotCase")]
    pilot_case: Option<String>,
    /// A value domain's slug.
    #[serde(rename = "valueDomain")]
    value_domain: Option<String>,
}

/// `GET /events.ics?city=&pilotCase=&valueDomain=`: a feed of public events.
pub async fn events_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<FeedQuery>,
) -> Response {
    let city = match query.city.as_deref() {
        None => None,
        Some("GENT") => Some(City::Gent),
        Some("BRUGGE") => Some(City::Brugge),
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "city must be GENT or BRUGGE",
            );
        }
    };
    let filter = FeedFilter {
        city,
        pilot_case: query.pilot_case,
        value_domain: query.value_domain,
    };
    match feed(&state.db, &filter, &base_url(&headers)).await {
        Ok(body) => ics(body),
        Err(err) => api_error_response(&err),
    }
}

/// `GET /registrations/{id}.ics` (the registration's global id), with `Authorization: Bearer <token>`:
/// the registration's own calendar ([`registration_calendar`]), never stored by a cache.
pub async fn registration_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let caller = match download_caller(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return refusal,
    };
    if caller.viewer.account_id().is_none() {
        return api_error_response(&crate::error::ApiError::Unauthenticated(
            "sign in to read your registration's calendar".to_owned(),
        ));
    }
    let not_found = || error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such registration");
    let Some(id) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let Ok(id) = ids::decode("id", &async_graphql::ID(id.to_owned()), Kind::Registration) else {
        return invalid_response("id", "id is not the id of a registration");
    };
    match registration_calendar(&state.db, &caller.viewer, id, &base_url(&parts.headers)).await {
        Ok(Some(body)) => {
            let mut answer = ics(body);
            answer
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            answer
        }
        Ok(None) => not_found(),
        Err(err) => api_error_response(&err),
    }
}
