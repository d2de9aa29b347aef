//! Calendars (iCalendar, RFC 5545): one event, or a feed of public events filtered by city, pilot case or
//! value domain, for calendar clients to subscribe to.
//!
//! Times are written as UTC instants (`DTSTART:20260705T170000Z`), which every client shows in its own
//! time zone: 19:00 in Brussels in summer and winter alike, with no time-zone table to keep up to date.
//! `UID`s are stable per event, `SEQUENCE` rises with every change, and a cancelled event says so.

use crate::domain::events::{self as domain, EventFilter};
use crate::error::ApiResult;
use crate::indexing::documents::event_is_public;
use entities::values::{City, EventStatus};
use entities::{event, pilot_case, value_domain};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus as IcsStatus, Property};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

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

/// One event as a calendar entry; `base_url` is where the front end lives.
fn entry(model: &event::Model, base_url: &str) -> Event {
    let link = format!("{base_url}/#/events/{}", model.slug);
    let mut description = model.description.clone();
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
        .summary(&model.title)
        .description(&description)
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
        entry.location(&location);
    }
    entry.done()
}

fn calendar(name: &str, events: &[event::Model], base_url: &str) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//LODE//Co-creation events//NL"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name(name);
    for model in events {
        calendar.push(entry(model, base_url));
    }
    calendar.done().to_string()
}

/// The calendar of one public event, by slug; none for an unknown slug or a draft.
pub async fn event_calendar(
    db: &DatabaseConnection,
    slug: &str,
    base_url: &str,
) -> ApiResult<Option<String>> {
    let found = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?;
    Ok(found
        .filter(|model| event_is_public(model.status))
        .map(|model| calendar(&model.title.clone(), &[model], base_url)))
}

/// The feed of public events, oldest first; an unknown case or domain slug gives an empty feed.
pub async fn feed(
    db: &DatabaseConnection,
    filter: &FeedFilter,
    base_url: &str,
) -> ApiResult<String> {
    let mut events = EventFilter {
        status: Some(vec![
            EventStatus::Published,
            EventStatus::Cancelled,
            EventStatus::Completed,
        ]),
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
    Ok(calendar("LODE co-creation events", &rows, base_url))
}
