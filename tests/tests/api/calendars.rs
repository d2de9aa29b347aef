//! Calendars: one event's `.ics` and the filterable feed, parsed back with iCalendar parsers (the
//! `icalendar` crate's, and `calcard`'s for a second, independent reading of hostile text).

use chrono::{TimeZone, Utc};
use entities::values::{City, Role};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use lode_tests::{TestApp, db_tests, id_of};
use serde_json::json;
use std::collections::BTreeMap;

async fn calendar(app: &TestApp, path: &str) -> icalendar::Calendar {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("a type")
            .starts_with("text/calendar")
    );
    response
        .text()
        .await
        .expect("a body")
        .parse()
        .expect("valid iCalendar")
}

fn start(event: &icalendar::Event) -> chrono::DateTime<Utc> {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("a UTC start, not {other:?}"),
    }
}

async fn publish(app: &TestApp, id: &str) {
    app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": id })).await;
}

db_tests! {
    async fn summer_and_winter_events_keep_their_brussels_hour(app) {
        // 19:00 in Brussels: 17:00 UTC in summer time, 18:00 UTC in winter time.
        let summer = app.event("Zomeravond", "2030-07-04T17:00:00Z", "2030-07-04T19:00:00Z",
            json!({ "onlineUrl": "https://meet.example.org/zomer" })).await;
        let winter = app.event("Winteravond", "2030-01-10T18:00:00Z", "2030-01-10T20:00:00Z", json!({ "cities": ["BRUGGE"] })).await;
        publish(&app, &summer).await;
        publish(&app, &winter).await;
        let local = app.data("query($id: ID!) { node(id: $id) { ... on CoCreationEvent { startsAtLocal slug } } }", json!({ "id": summer })).await;
        assert_eq!(local["node"]["startsAtLocal"], "2030-07-04T19:00:00+02:00");
        let slug = local["node"]["slug"].as_str().expect("a slug").to_owned();

        let one = calendar(&app, &format!("/events/{slug}.ics")).await;
        assert_eq!(one.property_value("PRODID"), Some("-//LODE//Co-creation events//NL"));
        assert_eq!(one.property_value("VERSION"), Some("2.0"));
        let entry = one.events().next().expect("one event");
        let brussels = chrono_tz::Europe::Brussels;
        assert_eq!(start(entry), brussels.with_ymd_and_hms(2030, 7, 4, 19, 0, 0).single().expect("a time").with_timezone(&Utc));
        assert!(entry.get_url().is_some_and(|u| u.ends_with(&format!("#/events/{slug}"))), "links back to the event");
        assert!(entry.get_description().is_some_and(|d| d.contains("https://meet.example.org/zomer")), "carries the online link");
        assert_eq!(entry.get_status(), Some(EventStatus::Confirmed));
        let uid = entry.get_uid().expect("a UID").to_owned();
        let sequence = entry.get_sequence().expect("a sequence");

        let feed = calendar(&app, "/events.ics").await;
        let starts: Vec<_> = feed.events().map(start).collect();
        assert_eq!(starts, [
            brussels.with_ymd_and_hms(2030, 1, 10, 19, 0, 0).single().expect("a time").with_timezone(&Utc),
            brussels.with_ymd_and_hms(2030, 7, 4, 19, 0, 0).single().expect("a time").with_timezone(&Utc),
        ]);
        assert_eq!(calendar(&app, "/events.ics?city=BRUGGE").await.events().count(), 1);
        assert_eq!(calendar(&app, "/events.ics?pilotCase=onbekend").await.events().count(), 0);

        app.data("mutation($id: ID!) { updateEvent(input: { id: $id, title: \"Zomeravond (nieuwe zaal)\" }) { event { id } } }", json!({ "id": summer })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: CANCELLED }) { event { id } } }", json!({ "id": summer })).await;
        let changed = calendar(&app, &format!("/events/{slug}.ics")).await;
        let entry = changed.events().next().expect("one event");
        assert_eq!(entry.get_uid(), Some(uid.as_str()), "the UID stays");
        assert!(entry.get_sequence() > Some(sequence), "SEQUENCE rises with each change");
        assert_eq!(entry.get_status(), Some(EventStatus::Cancelled));

        let draft = app.event("Nog geheim", "2030-03-01T10:00:00Z", "2030-03-01T12:00:00Z", json!({})).await;
        let draft_slug = app.data("query($id: ID!) { node(id: $id) { ... on CoCreationEvent { slug } } }", json!({ "id": draft })).await;
        let hidden = app.get(&format!("/events/{}.ics", draft_slug["node"]["slug"].as_str().expect("a slug"))).await;
        assert_eq!(hidden.status(), 404, "a draft has no public calendar");
        assert_eq!(app.get("/events.ics?city=PARIJS").await.status(), 400);
    }
}

/// What a calendar says about one event, as a parser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    summary: String,
    description: String,
    location: Option<String>,
    url: String,
    /// The names of its properties, sorted: nothing may be slipped in.
    properties: Vec<String>,
}

/// A calendar as a parser reads it: its name, the names of its own properties, and its events by `UID`.
#[derive(Debug, PartialEq, Eq)]
struct Read {
    name: Option<String>,
    x_wr_calname: Option<String>,
    properties: Vec<String>,
    events: BTreeMap<String, Entry>,
}

/// The properties of the calendar itself.
const CALENDAR_PROPERTIES: [&str; 5] = ["CALSCALE", "NAME", "PRODID", "VERSION", "X-WR-CALNAME"];

/// The properties of every event (`LOCATION` where it has a place).
fn event_properties(located: bool) -> Vec<String> {
    let mut names = vec![
        "DESCRIPTION",
        "DTEND",
        "DTSTAMP",
        "DTSTART",
        "LAST-MODIFIED",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "UID",
        "URL",
    ];
    if located {
        names.push("LOCATION");
    }
    names.sort_unstable();
    names.into_iter().map(str::to_owned).collect()
}

/// Reads a calendar with the `icalendar` crate's parser.
fn read_with_icalendar(body: &str) -> Read {
    let calendar: icalendar::Calendar = body
        .parse()
        .unwrap_or_else(|err| panic!("icalendar cannot read it: {err}\n{body}"));
    let mut events = BTreeMap::new();
    for component in &calendar.components {
        let icalendar::CalendarComponent::Event(event) = component else {
            panic!("icalendar found a component that is not an event: {component:?}");
        };
        let mut properties: Vec<String> = event.properties().keys().cloned().collect();
        properties.extend(event.multi_properties().keys().cloned());
        properties.sort_unstable();
        assert!(
            event.components().is_empty(),
            "no component inside an event"
        );
        let entry = Entry {
            summary: event.get_summary().expect("a SUMMARY").to_owned(),
            description: event.get_description().expect("a DESCRIPTION").to_owned(),
            location: event.get_location().map(str::to_owned),
            url: event.get_url().expect("a URL").to_owned(),
            properties,
        };
        let uid = event.get_uid().expect("a UID").to_owned();
        assert!(
            events.insert(uid.clone(), entry).is_none(),
            "the UID {uid} comes twice"
        );
    }
    let mut properties: Vec<String> = calendar
        .properties
        .iter()
        .map(|p| p.key().to_owned())
        .collect();
    properties.sort_unstable();
    Read {
        name: calendar.property_value("NAME").map(str::to_owned),
        x_wr_calname: calendar.property_value("X-WR-CALNAME").map(str::to_owned),
        properties,
        events,
    }
}

/// Reads a calendar with the `calcard` crate's parser (a lenient one, as calendar clients are: the strict
/// reading is [`fetch_well_formed`]'s, line by line).
fn read_with_calcard(body: &str) -> Read {
    use calcard::icalendar::{ICalendarComponent, ICalendarComponentType, ICalendarProperty};
    let mut parser = calcard::Parser::new(body);
    let calendar = match parser.entry() {
        calcard::Entry::ICalendar(calendar) => calendar,
        other => panic!("calcard cannot read it: {other:?}\n{body}"),
    };
    assert!(
        matches!(parser.entry(), calcard::Entry::Eof),
        "nothing follows the calendar"
    );
    let one = |component: &ICalendarComponent, property: ICalendarProperty| -> Option<String> {
        let mut found = component.entries.iter().filter(|e| e.name == property);
        let entry = found.next()?;
        assert!(found.next().is_none(), "{property:?} comes twice");
        assert_eq!(entry.values.len(), 1, "one value in {entry:?}");
        Some(
            entry.values[0]
                .as_text()
                .unwrap_or_else(|| panic!("a text in {entry:?}"))
                .to_owned(),
        )
    };
    let names = |component: &ICalendarComponent| -> Vec<String> {
        let mut names: Vec<String> = component
            .entries
            .iter()
            .map(|e| e.name.as_str().to_owned())
            .collect();
        names.sort_unstable();
        names
    };
    let (root, children) = calendar.components.split_first().expect("a VCALENDAR");
    assert_eq!(root.component_type, ICalendarComponentType::VCalendar);
    assert_eq!(
        root.component_ids.len(),
        children.len(),
        "every component sits in the calendar"
    );
    let mut events = BTreeMap::new();
    for event in children {
        assert_eq!(
            event.component_type,
            ICalendarComponentType::VEvent,
            "only events: {event:?}"
        );
        assert!(
            event.component_ids.is_empty(),
            "no component inside an event"
        );
        let entry = Entry {
            summary: one(event, ICalendarProperty::Summary).expect("a SUMMARY"),
            description: one(event, ICalendarProperty::Description).expect("a DESCRIPTION"),
            location: one(event, ICalendarProperty::Location),
            url: one(event, ICalendarProperty::Url).expect("a URL"),
            properties: names(event),
        };
        let uid = one(event, ICalendarProperty::Uid).expect("a UID");
        assert!(
            events.insert(uid.clone(), entry).is_none(),
            "the UID {uid} comes twice"
        );
    }
    Read {
        name: one(root, ICalendarProperty::Name),
        x_wr_calname: one(root, ICalendarProperty::Other("X-WR-CALNAME".to_owned())),
        properties: names(root),
        events,
    }
}

/// Fetches a calendar and checks its lines as RFC 5545 §3.1 has them: each ends in CRLF (no bare CR or LF
/// anywhere), holds no control character but the tab, and is at most 75 octets long.
async fn fetch_well_formed(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let body = response.text().await.expect("a body");
    assert!(body.ends_with("\r\n"), "{path} ends with CRLF");
    for line in body.split_terminator("\r\n") {
        assert!(
            !line.contains(['\r', '\n']),
            "a bare line break in {path}: {line:?}"
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in {path}: {line:?}"
        );
        assert!(
            line.len() <= 75,
            "a line over 75 octets in {path}: {line:?}"
        );
    }
    body
}

/// Sets an event's text fields straight in the database, as data stored before today's validation (or
/// by another program) would be.
async fn store_behind_the_api(
    app: &TestApp,
    id: &str,
    change: impl FnOnce(&mut entities::event::Model),
) {
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
    let mut row = entities::event::Entity::find_by_id(lode_tests::uuid_of(id))
        .one(&app.db)
        .await
        .expect("read")
        .expect("the event");
    change(&mut row);
    row.into_active_model()
        .reset_all()
        .update(&app.db)
        .await
        .expect("stored");
}

db_tests! {
    async fn hostile_text_comes_back_exactly_from_every_calendar(app) {
        let coordinator = app.account("coordinator@gent.test", Role::Coordinator, &[City::Gent], None).await;
        let domain = app.value_domain("Mobiliteit, lucht; en \\ meer").await;
        let case = app.pilot_case("Slimme luchtmeting", &domain).await;
        let slugs = app.data("query($d: ID!, $c: ID!) { d: node(id: $d) { ... on ValueDomain { slug } } c: node(id: $c) { ... on PilotCase { slug } } }",
            json!({ "d": domain, "c": case })).await;
        let (domain_slug, case_slug) = (slugs["d"]["slug"].as_str().expect("a slug").to_owned(), slugs["c"]["slug"].as_str().expect("a slug").to_owned());

        // A: everything a coordinator may write through the API.
        let title_a = "Data, koffie; en \\ backslash: \"citaat\" — café Ærø 北京 🚲 een titel die over de rand van één regel loopt";
        let description_a = "Eerste regel\r\nTweede regel\rDerde; regel, met \\n letterlijk en \\\\ dubbel\n\tingesprongen\n\
            END:VEVENT\nBEGIN:VEVENT\nUID:evil@lode\nSUMMARY:Log in at https://evil.example\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nSUMMARY:nog een\r\nEND:VEVENT";
        let created = app.data_as(Some(&coordinator),
            "mutation($input: CreateCoCreationEventInput!) { createEvent(input: $input) { event { id slug } } }",
            json!({ "input": {
                "title": title_a, "description": description_a, "format": "WORKSHOP",
                "startsAt": "2030-05-01T16:00:00Z", "endsAt": "2030-05-01T18:00:00Z", "cities": ["GENT"],
                "venue": "Zaal 1; verdieping 2, De Krook \\ Gent", "address": "Miriam Makebaplein 1, 9000 Gent",
                "onlineUrl": "https://meet.example.org/kamer?a=1,2;b=3", "pilotCaseId": case, "valueDomainId": domain,
            } })).await;
        let a = id_of(&created["createEvent"]["event"]);
        let slug_a = created["createEvent"]["event"]["slug"].as_str().expect("a slug").to_owned();
        app.data_as(Some(&coordinator), "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": a })).await;

        // B: line breaks and control characters in the one-line fields, stored behind the API's back.
        let description_b = "Letterlijk \\n, \\; en \\, blijven staan";
        let b = app.event("Gewone titel", "2030-06-01T16:00:00Z", "2030-06-01T18:00:00Z", json!({ "description": description_b })).await;
        publish(&app, &b).await;
        store_behind_the_api(&app, &b, |row| {
            row.title = "Gewone titel\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@lode\r\nSUMMARY:Log in at https://evil.example\r\nEND:VEVENT\rX-EVIL:1\n\u{1b}[31mrood\u{7}\u{7f}\u{85}einde".to_owned();
            row.venue = Some("Zaal\r\nLOCATION:elders;\\,".to_owned());
            row.address = Some("Straat 1\rBEGIN:VALARM".to_owned());
            row.online_url = Some("https://evil.example/\r\nEND:VEVENT".to_owned());
        }).await;
        let slug_b = app.data("query($id: ID!) { node(id: $id) { ... on CoCreationEvent { slug } } }", json!({ "id": b })).await["node"]["slug"]
            .as_str().expect("a slug").to_owned();

        // C: in Bruges, with a slug that is no slug, which only the feed shows (in its link).
        let c = app.event("Brugse avond", "2030-07-01T16:00:00Z", "2030-07-01T18:00:00Z", json!({ "cities": ["BRUGGE"] })).await;
        publish(&app, &c).await;
        store_behind_the_api(&app, &c, |row| row.slug = "c\r\nEND:VEVENT;x,y\u{1b}".to_owned()).await;

        let base = &app.address;
        let expected: BTreeMap<String, Entry> = [
            (&a, Entry {
                summary: title_a.to_owned(),
                description: format!("Eerste regel\nTweede regel\nDerde; regel, met \\n letterlijk en \\\\ dubbel\n\tingesprongen\n\
                    END:VEVENT\nBEGIN:VEVENT\nUID:evil@lode\nSUMMARY:Log in at https://evil.example\nEND:VEVENT\n\
                    BEGIN:VEVENT\nSUMMARY:nog een\nEND:VEVENT\n\nOnline: https://meet.example.org/kamer?a=1,2;b=3\n\n{base}/#/events/{slug_a}"),
                location: Some("Zaal 1; verdieping 2, De Krook \\ Gent, Miriam Makebaplein 1, 9000 Gent".to_owned()),
                url: format!("{base}/#/events/{slug_a}"),
                properties: event_properties(true),
            }),
            (&b, Entry {
                summary: "Gewone titel\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@lode\nSUMMARY:Log in at https://evil.example\nEND:VEVENT\nX-EVIL:1\n[31mroodeinde".to_owned(),
                description: format!("{description_b}\n\nOnline: https://evil.example/\nEND:VEVENT\n\n{base}/#/events/{slug_b}"),
                location: Some("Zaal\nLOCATION:elders;\\,, Straat 1\nBEGIN:VALARM".to_owned()),
                url: format!("{base}/#/events/{slug_b}"),
                properties: event_properties(true),
            }),
            // A link drops line breaks and tabs (as URL parsers do) and percent-encodes other control characters.
        (&c, Entry {
                summary: "Brugse avond".to_owned(),
                description: format!("{base}/#/events/cEND:VEVENT;x,y%1B"),
                location: Some("De Krook".to_owned()),
                url: format!("{base}/#/events/cEND:VEVENT;x,y%1B"),
                properties: event_properties(true),
            }),
        ]
        .into_iter()
        .map(|(id, entry)| (format!("{}@lode", lode_tests::uuid_of(id)), entry))
        .collect();
        let uid = |id: &str| format!("{}@lode", lode_tests::uuid_of(id));

        let feed_name = "LODE co-creation events";
        let calendars = [
            (format!("/events/{slug_a}.ics"), expected[&uid(&a)].summary.clone(), vec![&a]),
            (format!("/events/{slug_b}.ics"), expected[&uid(&b)].summary.clone(), vec![&b]),
            ("/events.ics".to_owned(), feed_name.to_owned(), vec![&a, &b, &c]),
            ("/events.ics?city=GENT".to_owned(), feed_name.to_owned(), vec![&a, &b]),
            ("/events.ics?city=BRUGGE".to_owned(), feed_name.to_owned(), vec![&c]),
            (format!("/events.ics?pilotCase={case_slug}"), feed_name.to_owned(), vec![&a]),
            (format!("/events.ics?valueDomain={domain_slug}"), feed_name.to_owned(), vec![&a]),
            (format!("/events.ics?city=BRUGGE&pilotCase={case_slug}"), feed_name.to_owned(), vec![]),
        ];
        for (path, name, ids) in calendars {
            let body = fetch_well_formed(&app, &path).await;
            assert_eq!(body.matches("\r\nBEGIN:VEVENT\r\n").count(), ids.len(), "{path}: VEVENTs in\n{body}");
            let want = Read {
                name: Some(name.clone()),
                x_wr_calname: Some(name),
                properties: CALENDAR_PROPERTIES.map(str::to_owned).to_vec(),
                events: ids.iter().map(|id| (uid(id), expected[&uid(id)].clone())).collect(),
            };
            assert_eq!(read_with_icalendar(&body), want, "icalendar reads {path}:\n{body}");
            assert_eq!(read_with_calcard(&body), want, "calcard reads {path}:\n{body}");
        }
    }

    async fn calendars_refuse_a_nul_byte_in_their_parameters(app) {
        for path in [
            "/events/%00.ics",
            "/events/zomer%00avond.ics",
            "/events.ics?pilotCase=%00",
            "/events.ics?valueDomain=a%00b",
            "/events.ics?city=GENT&pilotCase=x%0D%0Ay",
        ] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 400, "{path}");
            let body: serde_json::Value = response.json().await.expect("a JSON error");
            assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION", "{path}: {body}");
            let field = body["errors"][0]["extensions"]["field"].as_str().expect("a field");
            assert!(["slug", "pilotCase", "valueDomain"].contains(&field), "{path}: {body}");
        }
        assert_eq!(app.get("/events/onbekend.ics").await.status(), 404, "an unknown slug is still not found");
        assert_eq!(app.get("/events.ics?pilotCase=onbekend").await.status(), 200, "an unknown case gives an empty feed");
    }

    async fn a_registrations_own_calendar_carries_its_door_code_for_its_partner_only(app) {
        let event = app.event("Deursessie", "2030-09-12T17:00:00Z", "2030-09-12T19:00:00Z", json!({})).await;
        publish(&app, &event).await;
        let partner = app.approved_partner("Sleuteldata", "COMPANY").await;
        let other = app.approved_partner("Buurdata", "COMPANY").await;
        let member = app.account("lid@sleuteldata.test", Role::Partner, &[], Some(&partner)).await;
        let stranger = app.account("lid@buurdata.test", Role::Partner, &[], Some(&other)).await;
        let registered = app
            .data_as(Some(&member), "mutation($e: ID!) { registerForEvent(input: { eventId: $e }) { registration { id code codeQr } } }", json!({ "e": event }))
            .await;
        let registration = &registered["registerForEvent"]["registration"];
        let code = registration["code"].as_str().expect("a door code");
        let path = format!("/registrations/{}.ics", registration["id"].as_str().expect("an id"));

        // The member's calendar: the public entry's UID, so it takes that one's place, with the code.
        let own = app.client.get(format!("{}{path}", app.address)).bearer_auth(&member).send().await.expect("an answer");
        assert_eq!(own.status(), 200);
        assert_eq!(own.headers()["cache-control"], "no-store");
        let own: icalendar::Calendar = own.text().await.expect("a body").parse().expect("valid iCalendar");
        let entry = own.events().next().expect("one event");
        let description = entry.get_description().expect("a description");
        assert!(description.contains(&format!("door code: {code}")), "{description}");
        assert!(description.contains("confirmed"), "{description}");
        let slug = app.data("query($id: ID!) { event(id: $id) { slug } }", json!({ "id": event })).await["event"]["slug"].as_str().expect("a slug").to_owned();
        let public = calendar(&app, &format!("/events/{slug}.ics")).await;
        let public_entry = public.events().next().expect("one event");
        assert_eq!(entry.get_uid(), public_entry.get_uid());
        assert!(!public_entry.get_description().unwrap_or_default().contains(code), "the public calendar has no door code");

        // Nobody else's: another partner's member and a stranger to LODE are told nothing more than "no".
        let theirs = app.client.get(format!("{}{path}", app.address)).bearer_auth(&stranger).send().await.expect("an answer");
        assert_eq!(theirs.status(), 404);
        assert!(!theirs.text().await.expect("a body").contains(code));
        let anonymous = app.get(&path).await;
        assert_eq!(anonymous.status(), 401);
        assert_eq!(app.get("/registrations/garbage.ics").await.status(), 401);
        let malformed = app.client.get(format!("{}/registrations/garbage.ics", app.address)).bearer_auth(&member).send().await.expect("an answer");
        assert_eq!(malformed.status(), 400, "a malformed id is told apart, as everywhere");

        // Cancelled: the entry says so, holds no code, and is newer than the copy a calendar has.
        let before = entry.get_last_modified().expect("a LAST-MODIFIED");
        app.data_as(Some(&member), "mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { id } } }", json!({ "id": registration["id"] })).await;
        let cancelled = app.client.get(format!("{}{path}", app.address)).bearer_auth(&member).send().await.expect("an answer");
        let cancelled: icalendar::Calendar = cancelled.text().await.expect("a body").parse().expect("valid iCalendar");
        let cancelled = cancelled.events().next().expect("one event");
        assert_eq!(cancelled.get_status(), Some(EventStatus::Cancelled));
        assert!(!cancelled.get_description().unwrap_or_default().contains(code), "no door code once cancelled");
        let changed = app.data("query($id: ID!) { node(id: $id) { ... on Registration { updatedAt } } }", json!({ "id": registration["id"] })).await;
        let changed: chrono::DateTime<Utc> = changed["node"]["updatedAt"].as_str().expect("a time").parse().expect("an instant");
        let modified = cancelled.get_last_modified().expect("a LAST-MODIFIED");
        assert_eq!(modified.timestamp(), changed.timestamp(), "the registration's change dates the entry");
        assert!(modified >= before && cancelled.get_timestamp() == Some(modified));

        // The code as a QR code: a square of modules, in the sizes QR codes come in (21, 25, … modules).
        let rows: Vec<&str> = registration["codeQr"].as_array().expect("rows").iter().map(|r| r.as_str().expect("a row")).collect();
        assert!(rows.len() >= 21 && (rows.len() - 21).is_multiple_of(4), "{} rows", rows.len());
        assert!(rows.iter().all(|r| r.len() == rows.len() && r.chars().all(|c| c == '0' || c == '1')));
        // Drawn as a page draws it (four light modules around it, each module 4 pixels), a QR decoder
        // reads the door code back.
        let (scale, quiet) = (4, 4);
        let side = (rows.len() + 2 * quiet) * scale;
        let dark = |x: usize, y: usize| {
            let (column, row) = ((x / scale).checked_sub(quiet), (y / scale).checked_sub(quiet));
            matches!((column, row), (Some(c), Some(r)) if rows.get(r).and_then(|line| line.as_bytes().get(c)) == Some(&b'1'))
        };
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| if dark(x, y) { 0 } else { 255 });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        let (_, content) = grids[0].decode().expect("it decodes");
        assert_eq!(content, code);
    }
}
