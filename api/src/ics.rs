//! iCalendar documents (RFC 5545): one event, a feed of events, and a registration's own calendar with its
//! door code, for the calendar files the API serves and the messages that carry one.
//!
//! Times are written as UTC instants (`DTSTART:20260705T170000Z`), which every client shows in its own
//! time zone: 19:00 in Brussels in summer and winter alike, with no time-zone table to keep up to date.
//! `UID`s are stable per event, `SEQUENCE` rises with every change, and a cancelled event says so.
//!
//! Every text value goes through [`text`] and then the icalendar crate's own TEXT escaping (RFC 5545
//! §3.3.11: backslash, semicolon, comma and newline), calendar-level properties included, so no stored text
//! can end a property or start a component. Links are built with the `url` crate, which percent-encodes
//! whatever does not belong in a URI.

use entities::values::{EventStatus, RegistrationStatus};
use entities::{event, registration};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus as IcsStatus, Property};

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

/// The calendar of one event.
pub fn event(model: &event::Model, base_url: &str) -> String {
    calendar(&model.title, [entry(model, base_url, None)])
}

/// A feed of events, in the order given.
pub fn feed(models: &[event::Model], base_url: &str) -> String {
    calendar(
        "LODE co-creation events",
        models.iter().map(|model| entry(model, base_url, None)),
    )
}

/// The calendar of one registration: its event's entry, under the same `UID` as the public one so that it
/// takes that one's place in a calendar, with the door code (while it holds seats) and where the
/// registration stands opening the description. Never public: the door code lets its holder in.
pub fn registration(found: &registration::Model, model: &event::Model, base_url: &str) -> String {
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
    let mut entry = entry(model, base_url, Some(&note));
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
    calendar(&model.title, [entry])
}
