//! Calendars: one event's `.ics` and the filterable feed, parsed back with an iCalendar parser.

use chrono::{TimeZone, Utc};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventStatus};
use lode_tests::{TestApp, db_tests};
use serde_json::json;

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
