//! Signing up for events through the API: seats, the waitlist, quotas, idempotency, check-in, no-shows,
//! and exactly the capacity under 500 simultaneous sign-ups.

use chrono::{Duration, Utc};
use entities::values::Role;
use lode_tests::{TestApp, code_of, db_tests, id_of};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($e: ID!, $p: ID, $k: String) { registerForEvent(input: { eventId: $e, partnerId: $p, idempotencyKey: $k }) {
    registration { id status code waitlistPosition } } }";

const CHECK_IN: &str = "mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { status checkedInAt } } }";

async fn register(app: &TestApp, event: &str, partner: &str) -> Value {
    app.data(REGISTER, json!({ "e": event, "p": partner }))
        .await["registerForEvent"]["registration"]
        .clone()
}

async fn counts(app: &TestApp, event: &str) -> Value {
    app.data(
        "query($id: ID!) { event(id: $id) { seatsTaken seatsLeft waitlistLength } }",
        json!({ "id": event }),
    )
    .await["event"]
        .clone()
}

db_tests! {
    async fn five_hundred_simultaneous_sign_ups_for_ten_seats_confirm_exactly_ten(app) {
        let event = app.open_event("Inschrijfsessie", 10).await;
        let people = app.approved_partners(500, entities::values::StakeholderType::Citizen).await;
        let requests = people.iter().map(|partner| {
            let (client, address, event) = (app.client.clone(), app.address.clone(), event.clone());
            let token = app.admin_token.clone();
            let body = json!({ "query": REGISTER, "variables": { "e": event, "p": partner } });
            async move {
                let answer: Value = client.post(format!("{address}/graphql")).bearer_auth(token).json(&body).send().await.expect("sent").json().await.expect("JSON");
                assert!(answer.get("errors").is_none(), "every sign-up is answered: {answer}");
                answer["data"]["registerForEvent"]["registration"].clone()
            }
        });
        let answers = futures_util::future::join_all(requests).await;
        let confirmed = answers.iter().filter(|a| a["status"] == "CONFIRMED").count();
        let waitlisted = answers.iter().filter(|a| a["status"] == "WAITLISTED").count();
        assert_eq!((confirmed, waitlisted), (10, 490), "exactly the capacity, the rest waits");
        assert_eq!(counts(&app, &event).await, json!({ "seatsTaken": 10, "seatsLeft": 0, "waitlistLength": 490 }));
        let data = app
            .data("query($id: ID!) { event(id: $id) { registrations { status waitlistPosition } } }", json!({ "id": event }))
            .await;
        let mut positions: Vec<u64> = data["event"]["registrations"].as_array().expect("registrations").iter()
            .filter_map(|r| r["waitlistPosition"].as_u64()).collect();
        positions.sort_unstable();
        assert_eq!(positions, (1..=490).collect::<Vec<u64>>(), "one queue, in order, without gaps");
    }

    async fn cancelling_promotes_the_next_and_capacity_changes_follow(app) {
        let event = app.open_event("Inschrijfsessie", 2).await;
        let people = app.approved_partners(4, entities::values::StakeholderType::Company).await;
        let mut regs = Vec::new();
        for p in &people {
            regs.push(register(&app, &event, p).await);
        }
        let statuses: Vec<&str> = regs.iter().map(|r| r["status"].as_str().expect("status")).collect();
        assert_eq!(statuses, ["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]);
        assert_eq!(regs[3]["waitlistPosition"], 2);

        let cancel = "mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { status } } }";
        let first = app.account("first@partner.test", Role::Partner, &[], Some(&people[0])).await;
        let second = app.account("second@partner.test", Role::Partner, &[], Some(&people[1])).await;
        let not_theirs = app.graphql_as(Some(&second), cancel, json!({ "id": id_of(&regs[0]) })).await;
        assert_eq!(code_of(&not_theirs["errors"][0]), "FORBIDDEN", "nobody cancels someone else's registration");
        app.data_as(Some(&first), cancel, json!({ "id": id_of(&regs[0]) })).await;
        let promoted = app.data("query($id: ID!) { node(id: $id) { ... on Registration { status waitlistPosition } } }", json!({ "id": id_of(&regs[2]) })).await;
        assert_eq!(promoted["node"], json!({ "status": "CONFIRMED", "waitlistPosition": null }), "the first waiting partner got the seat");
        assert_eq!(counts(&app, &event).await, json!({ "seatsTaken": 2, "seatsLeft": 0, "waitlistLength": 1 }));

        let lower = app.error("mutation($id: ID!) { updateEvent(input: { id: $id, capacity: 1 }) { event { id } } }", json!({ "id": event })).await;
        assert_eq!(code_of(&lower), "CONFLICT");
        assert_eq!(lower["extensions"]["field"], "capacity");
        app.data("mutation($id: ID!) { updateEvent(input: { id: $id, capacity: 5 }) { event { id } } }", json!({ "id": event })).await;
        assert_eq!(counts(&app, &event).await, json!({ "seatsTaken": 3, "seatsLeft": 2, "waitlistLength": 0 }), "a raise seats whoever waits");

        let again = register(&app, &event, &people[0]).await;
        assert_eq!(again["status"], "CONFIRMED", "a cancelled partner may sign up again");
    }

    async fn signing_up_twice_or_with_the_same_key_gives_the_first_answer(app) {
        let event = app.open_event("Inschrijfsessie", 10).await;
        let people = app.approved_partners(2, entities::values::StakeholderType::Government).await;
        let first = register(&app, &event, &people[0]).await;
        assert_eq!(register(&app, &event, &people[0]).await, first, "no second registration");
        let keyed = app.data(REGISTER, json!({ "e": event, "p": people[1], "k": "verzoek-42" })).await;
        let repeat = app.data(REGISTER, json!({ "e": event, "p": people[1], "k": "verzoek-42" })).await;
        assert_eq!(keyed, repeat);
        let reused = app.error(REGISTER, json!({ "e": event, "p": people[0], "k": "verzoek-42" })).await;
        assert_eq!(code_of(&reused), "CONFLICT");
        assert_eq!(reused["extensions"]["field"], "idempotencyKey");
        assert_eq!(counts(&app, &event).await["seatsTaken"], 2);
        let nobody = app.graphql_as(None, REGISTER, json!({ "e": event, "p": people[0] })).await;
        assert_eq!(code_of(&nobody["errors"][0]), "UNAUTHENTICATED", "signing up takes an account");
        let unnamed = app.error(REGISTER, json!({ "e": event })).await;
        assert_eq!(code_of(&unnamed), "VALIDATION", "the team names the partner it signs up");
        assert_eq!(unnamed["extensions"]["field"], "partnerId");
    }

    async fn quotas_keep_the_table_balanced(app) {
        use entities::values::StakeholderType::{Citizen, Company, Government};
        let event = app.open_event("Inschrijfsessie", 4).await;
        let until = (Utc::now() + Duration::days(3)).to_rfc3339();
        app.data(
            "mutation($id: ID!, $until: DateTime) { setEventQuotas(input: { eventId: $id, quotas: [
                { stakeholderType: COMPANY, maxSeats: 1 }, { stakeholderType: CITIZEN, reservedSeats: 2, reservedUntil: $until }] }) { event { id } } }",
            json!({ "id": event, "until": until }),
        )
        .await;
        let companies = app.approved_partners(2, Company).await;
        let officials = app.approved_partners(2, Government).await;
        let citizens = app.approved_partners(2, Citizen).await;
        assert_eq!(register(&app, &event, &companies[0]).await["status"], "CONFIRMED");
        assert_eq!(register(&app, &event, &companies[1]).await["status"], "WAITLISTED", "at most one company");
        assert_eq!(register(&app, &event, &officials[0]).await["status"], "CONFIRMED");
        assert_eq!(register(&app, &event, &officials[1]).await["status"], "WAITLISTED", "two seats are kept for citizens");
        assert_eq!(register(&app, &event, &citizens[0]).await["status"], "CONFIRMED");
        assert_eq!(register(&app, &event, &citizens[1]).await["status"], "CONFIRMED");
        assert_eq!(counts(&app, &event).await, json!({ "seatsTaken": 4, "seatsLeft": 0, "waitlistLength": 2 }));
    }

    async fn check_in_no_shows_and_bad_sign_ups_each_get_their_error(app) {
        let event = app.open_event("Inschrijfsessie", 5).await;
        let people = app.approved_partners(3, entities::values::StakeholderType::EducationResearch).await;
        let first = register(&app, &event, &people[0]).await;
        register(&app, &event, &people[1]).await;
        let code = first["code"].as_str().expect("a code").to_lowercase();
        assert_eq!(app.data(CHECK_IN, json!({ "e": event, "c": code })).await["checkIn"]["registration"]["status"], "ATTENDED");
        assert_eq!(code_of(&app.error(CHECK_IN, json!({ "e": event, "c": code })).await), "CONFLICT", "a code works once");
        assert_eq!(code_of(&app.error(CHECK_IN, json!({ "e": event, "c": "NOPE2345" })).await), "NOT_FOUND");

        let no_shows = "mutation($e: ID!) { markNoShows(input: { eventId: $e }) { marked } }";
        assert_eq!(code_of(&app.error(no_shows, json!({ "e": event })).await), "CONFLICT", "not before the event ends");

        let draft = app.event("Nog niet open", "2031-01-01T10:00:00Z", "2031-01-01T12:00:00Z", json!({})).await;
        assert_eq!(code_of(&app.error(REGISTER, json!({ "e": draft, "p": people[2] })).await), "CONFLICT");
        let unknown = app.error(REGISTER, json!({ "e": event, "p": "UGFydG5lcjowMTkwMDAwMDAwMDA3MDAwODAwMDAwMDAwMDAwMDAwMA" })).await;
        assert_eq!(code_of(&unknown), "VALIDATION");
        let later = app.event("Later open", "2031-01-01T10:00:00Z", "2031-01-01T12:00:00Z", json!({ "registrationOpensAt": "2030-12-01T00:00:00Z" })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": later })).await;
        let closed = app.error(REGISTER, json!({ "e": later, "p": people[2] })).await;
        assert_eq!(code_of(&closed), "CONFLICT");
        assert_eq!(closed["message"], "sign-ups for this event have not opened yet");

        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: CANCELLED }) { event { id } } }", json!({ "id": event })).await;
        assert_eq!(app.error(REGISTER, json!({ "e": event, "p": people[2] })).await["message"], "this event is cancelled");
        let told = app.data("query($id: ID!) { node(id: $id) { ... on Registration { eventCancelled } } }", json!({ "id": id_of(&first) })).await;
        assert_eq!(told["node"]["eventCancelled"], true, "registered partners see that it was called off");

        // Move a second event into the past, as if it had taken place, to mark its no-shows.
        let past = app.open_event("Inschrijfsessie", 5).await;
        register(&app, &past, &people[2]).await;
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
        let uuid = lode_api::graphql::ids::decode("id", &async_graphql_id(&past), lode_api::graphql::ids::Kind::CoCreationEvent).expect("an event id");
        let mut row = entities::event::Entity::find_by_id(uuid).one(&app.db).await.expect("read").expect("the event");
        row.starts_at = Utc::now() - Duration::days(30);
        row.ends_at = row.starts_at + Duration::hours(2);
        row.registration_opens_at = None;
        row.registration_closes_at = None;
        row.into_active_model().reset_all().update(&app.db).await.expect("moved into the past");
        let marked = app.data(no_shows, json!({ "e": past })).await;
        assert_eq!(marked["markNoShows"]["marked"], 1);
        let attendance = app.data("query($id: ID!) { event(id: $id) { attendance { stakeholderType attended noShow } } }", json!({ "id": event })).await;
        assert_eq!(attendance["event"]["attendance"], json!([{ "stakeholderType": "EDUCATION_RESEARCH", "attended": 1, "noShow": 0 }]));
        let missed = app.data("query($id: ID!) { event(id: $id) { attendance { stakeholderType attended noShow } } }", json!({ "id": past })).await;
        assert_eq!(missed["event"]["attendance"], json!([{ "stakeholderType": "EDUCATION_RESEARCH", "attended": 0, "noShow": 1 }]));
    }

    async fn the_door_refuses_a_code_for_another_event_and_names_it(app) {
        let door = app.open_event("Deur vandaag", 5).await;
        let next_week = app.event("Cocreatie mobiliteit", "2031-03-14T18:30:00Z", "2031-03-14T20:30:00Z", json!({})).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": next_week })).await;
        let people = app.approved_partners(2, entities::values::StakeholderType::Company).await;
        let here = register(&app, &door, &people[0]).await;
        let elsewhere = register(&app, &next_week, &people[1]).await;

        let refused = app.error(CHECK_IN, json!({ "e": door, "c": elsewhere["code"] })).await;
        assert_eq!(code_of(&refused), "WRONG_EVENT", "{refused:#}");
        assert_eq!(refused["extensions"]["field"], "code");
        let (starts_at, starts_at_local) = start_of(&app, &next_week).await;
        assert_eq!(refused["extensions"]["event"], json!({
            "id": next_week, "title": "Cocreatie mobiliteit", "startsAt": starts_at, "startsAtLocal": starts_at_local,
        }));
        assert_eq!(starts_at_local, "2031-03-14T19:30:00+01:00");
        assert_eq!(
            refused["message"],
            "this code is for another event: \"Cocreatie mobiliteit\", on Friday 14 March 2031 at 19:30 (Brussels time)",
            "the message names the event and its day"
        );
        let still = app.data("query($id: ID!) { node(id: $id) { ... on Registration { status checkedInAt } } }", json!({ "id": id_of(&elsewhere) })).await;
        assert_eq!(still["node"], json!({ "status": "CONFIRMED", "checkedInAt": null }), "a refused code checks nobody in");

        let welcomed = app.data(CHECK_IN, json!({ "e": door, "c": here["code"] })).await;
        assert_eq!(welcomed["checkIn"]["registration"]["status"], "ATTENDED");
        assert!(welcomed["checkIn"]["registration"]["checkedInAt"].is_string(), "the time of arrival is kept");
        let at_the_other_door = app.error(CHECK_IN, json!({ "e": next_week, "c": here["code"] })).await;
        assert_eq!(code_of(&at_the_other_door), "WRONG_EVENT", "also once checked in");
        assert_eq!(at_the_other_door["extensions"]["event"]["title"], "Deur vandaag");

        let unknown = lode_api::graphql::ids::encode(lode_api::graphql::ids::Kind::CoCreationEvent, uuid::Uuid::now_v7()).0;
        assert_eq!(code_of(&app.error(CHECK_IN, json!({ "e": unknown, "c": here["code"] })).await), "NOT_FOUND");
        let not_an_event = app.error(CHECK_IN, json!({ "e": people[0], "c": here["code"] })).await;
        assert_eq!((code_of(&not_an_event), &not_an_event["extensions"]["field"]), ("VALIDATION", &json!("eventId")));
        let brugge = app.account("brugge@stad.test", Role::Coordinator, &[entities::values::City::Brugge], None).await;
        let foreign = app.graphql_as(Some(&brugge), CHECK_IN, json!({ "e": door, "c": elsewhere["code"] })).await;
        assert_eq!(code_of(&foreign["errors"][0]), "FORBIDDEN", "another city's coordinator keeps no door here");
    }
}

/// When an event starts, and its start in Brussels, as the API gives them.
async fn start_of(app: &TestApp, event: &str) -> (String, String) {
    let data = app
        .data(
            "query($id: ID!) { event(id: $id) { startsAt startsAtLocal } }",
            json!({ "id": event }),
        )
        .await;
    let text = |field: &str| data["event"][field].as_str().expect("a time").to_owned();
    (text("startsAt"), text("startsAtLocal"))
}

fn async_graphql_id(id: &str) -> async_graphql::ID {
    async_graphql::ID(id.to_owned())
}
