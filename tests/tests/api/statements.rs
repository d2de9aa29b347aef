//! No N+1: the SQL statements each of the benchmark's queries (Q1–Q4 of `bench/run.py`) costs an anonymous
//! visitor, counted on the server's connection, are few, and the same for a few records as for many.

use lode_tests::{TestApp, db_tests, id_of};
use serde_json::{Value, json};

/// Q1: a page of published events by start time, with each one's case title and value domain name.
const Q1: &str = "query($first: Int!) { events(first: $first, filter: { status: [PUBLISHED] }) {
    nodes { title startsAt pilotCase { title } valueDomain { name } } } }";
/// Q2: one partner by slug with its interests.
const Q2: &str =
    "query($slug: String!) { partner(slug: $slug) { name stakeholderType interests { name } } }";
/// Q3: a page of partners of one stakeholder type by name.
const Q3: &str = "query($first: Int!) { partners(first: $first, filter: { stakeholderType: [COMPANY] }, orderBy: { field: NAME, direction: ASC }) {
    nodes { name slug homeCity } } }";
/// Q4: a case with its members' partner names and its events.
const Q4: &str = "query($slug: String!) { pilotCase(slug: $slug) { title members { role partner { name } } events { title startsAt } } }";

/// The statements one anonymous request runs, and its data.
async fn counted(app: &TestApp, query: &str, variables: Value) -> (usize, Value) {
    app.reset_statement_count();
    let data = app.data_as(None, query, variables).await;
    (app.statement_count(), data)
}

/// The length of a list in the data.
fn len(list: &Value) -> usize {
    list.as_array().map_or(0, Vec::len)
}

/// Creates an approved company interested in the given value domains; returns its global id and slug.
async fn company(app: &TestApp, name: &str, interests: &[String]) -> (String, String) {
    let data = app
        .data(
            "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id slug } } }",
            json!({ "input": { "name": name, "stakeholderType": "COMPANY", "homeCity": "GENT", "interestIds": interests } }),
        )
        .await;
    let partner = &data["createPartner"]["partner"];
    app.data(
        "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }",
        json!({ "id": partner["id"] }),
    )
    .await;
    (
        id_of(partner),
        partner["slug"].as_str().expect("a slug").to_owned(),
    )
}

/// Creates a case with `size` accepted members and `size` published events; returns its slug.
async fn case_with(app: &TestApp, title: &str, domain: &str, size: usize) -> String {
    let case = app.pilot_case(title, domain).await;
    for n in 0..size {
        let (partner, _) = company(app, &format!("{title} partner {n}"), &[]).await;
        let invited = app
            .data(
                "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DATA_PROVIDER }) { member { id } } }",
                json!({ "c": case, "p": partner }),
            )
            .await;
        app.data(
            "mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { id } } }",
            json!({ "id": id_of(&invited["invitePartnerToCase"]["member"]) }),
        )
        .await;
        let starts = format!("2030-03-{:02}T09:00:00Z", n + 1);
        let ends = format!("2030-03-{:02}T11:00:00Z", n + 1);
        let event = app
            .event(
                &format!("{title} event {n}"),
                &starts,
                &ends,
                json!({ "pilotCaseId": case, "valueDomainId": domain }),
            )
            .await;
        app.data(
            "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }",
            json!({ "id": event }),
        )
        .await;
    }
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on PilotCase { slug } } }",
            json!({ "id": case }),
        )
        .await;
    data["node"]["slug"].as_str().expect("a slug").to_owned()
}

db_tests! {
    async fn the_benchmark_queries_cost_the_same_few_statements_for_few_records_as_for_many(app) {
        let mut domains = Vec::new();
        for name in ["Mobiliteit", "Klimaat", "Wonen", "Zorg", "Onderwijs"] {
            domains.push(app.value_domain(name).await);
        }
        let small_case = case_with(&app, "Klein", &domains[0], 1).await;
        let large_case = case_with(&app, "Groot", &domains[1], 8).await;
        let (_, one_interest) = company(&app, "Een interesse", &domains[..1]).await;
        let (_, five_interests) = company(&app, "Vijf interesses", &domains).await;
        // The search relay reads the new records too: let it finish and stop, so only the requests count.
        app.wait_for_index(std::time::Duration::from_secs(30)).await;
        app.stop_relay().await;

        let (q1_small, few) = counted(&app, Q1, json!({ "first": 2 })).await;
        let (q1_large, many) = counted(&app, Q1, json!({ "first": 9 })).await;
        assert_eq!((len(&few["events"]["nodes"]), len(&many["events"]["nodes"])), (2, 9));
        assert!(many["events"]["nodes"].as_array().expect("events").iter().all(|e| e["pilotCase"]["title"].is_string() && e["valueDomain"]["name"].is_string()));

        let (q2_small, few) = counted(&app, Q2, json!({ "slug": one_interest })).await;
        let (q2_large, many) = counted(&app, Q2, json!({ "slug": five_interests })).await;
        assert_eq!((len(&few["partner"]["interests"]), len(&many["partner"]["interests"])), (1, 5));

        let (q3_small, few) = counted(&app, Q3, json!({ "first": 2 })).await;
        let (q3_large, many) = counted(&app, Q3, json!({ "first": 11 })).await;
        assert_eq!((len(&few["partners"]["nodes"]), len(&many["partners"]["nodes"])), (2, 11));

        let (q4_small, few) = counted(&app, Q4, json!({ "slug": small_case })).await;
        let (q4_large, many) = counted(&app, Q4, json!({ "slug": large_case })).await;
        assert_eq!((len(&few["pilotCase"]["members"]), len(&many["pilotCase"]["members"])), (1, 8));
        assert_eq!(len(&many["pilotCase"]["events"]), 8);
        assert!(many["pilotCase"]["members"].as_array().expect("members").iter().all(|m| m["partner"]["name"].is_string()));

        println!("SQL statements: Q1 {q1_small}/{q1_large}, Q2 {q2_small}/{q2_large}, Q3 {q3_small}/{q3_large}, Q4 {q4_small}/{q4_large}");
        // Q1: the page, its cases and its value domains. Q2: the partner, its interests' links and their value
        // domains. Q3: the page. Q4: the case, its members, their partners (read once: to see that their
        // places are public, and for their names) and its events.
        assert_eq!([q1_small, q1_large], [3, 3], "Q1");
        assert_eq!([q2_small, q2_large], [3, 3], "Q2");
        assert_eq!([q3_small, q3_large], [1, 1], "Q3");
        assert_eq!([q4_small, q4_large], [4, 4], "Q4");
    }
}
