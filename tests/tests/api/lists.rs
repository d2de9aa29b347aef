//! Lists: keyset paging both ways, filters, ordering, limits, and a bounded number of SQL statements.

use lode_tests::{code_of, db_tests, id_of};
use serde_json::{Value, json};

const DATASETS_PAGE: &str = "query($first: Int, $after: String, $last: Int, $before: String) {
    datasets(first: $first, after: $after, last: $last, before: $before, orderBy: { field: TITLE }) {
        totalCount nodes { title } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

fn titles(page: &Value) -> Vec<String> {
    page["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["title"].as_str().expect("a title").to_owned())
        .collect()
}

db_tests! {
    async fn paging_forward_and_backward_visits_every_record_once(app) {
        let mut expected = Vec::new();
        for n in [5, 3, 7, 1, 6, 2, 4] {
            let title = format!("Dataset {n}");
            app.data(
                "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Brugge\", url: \"https://data.example.org/x\", licence: \"CC-BY-4.0\", theme: GOVE }) { dataset { id } } }",
                json!({ "t": title }),
            )
            .await;
            expected.push(title);
        }
        expected.sort();

        let mut seen = Vec::new();
        let mut after = Value::Null;
        loop {
            let data = app.data(DATASETS_PAGE, json!({ "first": 3, "after": after })).await;
            let page = &data["datasets"];
            assert_eq!(page["totalCount"], 7);
            seen.extend(titles(page));
            if !page["pageInfo"]["hasNextPage"].as_bool().expect("hasNextPage") {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(seen, expected);

        let mut seen_backward = Vec::new();
        let mut before = Value::Null;
        loop {
            let data = app.data(DATASETS_PAGE, json!({ "last": 3, "before": before })).await;
            let page = &data["datasets"];
            let mut titles = titles(page);
            titles.append(&mut seen_backward);
            seen_backward = titles;
            if !page["pageInfo"]["hasPreviousPage"].as_bool().expect("hasPreviousPage") {
                break;
            }
            before = page["pageInfo"]["startCursor"].clone();
        }
        assert_eq!(seen_backward, expected);
    }

    async fn stories_page_newest_first_with_the_unpublished_last_both_ways(app) {
        let set = "mutation($id: ID!, $s: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $s }) { successStory { id } } }";
        let mut published = Vec::new();
        for n in 0..4 {
            let data = app
                .data("mutation($t: String!) { createSuccessStory(input: { title: $t }) { successStory { id } } }", json!({ "t": format!("Verhaal {n}") }))
                .await;
            let id = id_of(&data["createSuccessStory"]["successStory"]);
            if n % 2 == 0 {
                app.data(set, json!({ "id": id, "s": "IN_REVIEW" })).await;
                app.data(set, json!({ "id": id, "s": "PUBLISHED" })).await;
                published.push(id);
            }
        }
        let query = "query($first: Int, $after: String, $last: Int, $before: String) {
            successStories(first: $first, after: $after, last: $last, before: $before) {
                nodes { id publishedAt } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
        let mut forward = Vec::new();
        let mut after = Value::Null;
        loop {
            let data = app.data(query, json!({ "first": 1, "after": after })).await;
            let page = &data["successStories"];
            forward.extend(page["nodes"].as_array().expect("nodes").iter().cloned());
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(forward.len(), 4);
        assert_eq!(forward[0]["id"], published[1], "the latest publication comes first");
        assert_eq!(forward[1]["id"], published[0]);
        assert!(forward[2]["publishedAt"].is_null() && forward[3]["publishedAt"].is_null(), "unpublished last");

        let mut backward = Vec::new();
        let mut before = Value::Null;
        loop {
            let data = app.data(query, json!({ "last": 3, "before": before })).await;
            let page = &data["successStories"];
            let mut nodes = page["nodes"].as_array().expect("nodes").clone();
            nodes.append(&mut backward);
            backward = nodes;
            if page["pageInfo"]["hasPreviousPage"] != true {
                break;
            }
            before = page["pageInfo"]["startCursor"].clone();
        }
        assert_eq!(backward, forward, "paging back gives the same order");
    }

    async fn page_sizes_and_cursors_are_checked(app) {
        let too_big = app.error("{ partners(first: 101) { totalCount } }", json!({})).await;
        assert_eq!(code_of(&too_big), "VALIDATION");
        assert_eq!(too_big["extensions"]["field"], "first");
        let both = app.error("{ partners(first: 1, last: 1) { totalCount } }", json!({})).await;
        assert_eq!(code_of(&both), "VALIDATION");
        let forged = app.error("{ partners(first: 1, after: \"bm9wZQ\") { totalCount } }", json!({})).await;
        assert_eq!(code_of(&forged), "VALIDATION");
        assert_eq!(forged["extensions"]["field"], "after");
        let both = app.error("{ partners(after: \"x\", before: \"y\") { totalCount } }", json!({})).await;
        assert_eq!(code_of(&both), "VALIDATION");

        app.approved_partner("Een", "CITIZEN").await;
        app.approved_partner("Twee", "CITIZEN").await;
        let data = app.data("{ partners(first: 1) { pageInfo { endCursor } } }", json!({})).await;
        let partner_cursor = data["partners"]["pageInfo"]["endCursor"].clone();
        let elsewhere = app
            .error("query($c: String) { datasets(first: 1, after: $c, orderBy: { field: CREATED_AT }) { totalCount } }", json!({ "c": partner_cursor }))
            .await;
        assert_eq!(code_of(&elsewhere), "VALIDATION", "a cursor of one list is refused by another");
        let other_order = app
            .error("query($c: String) { partners(first: 1, after: $c, orderBy: { field: CREATED_AT }) { totalCount } }", json!({ "c": partner_cursor }))
            .await;
        assert_eq!(code_of(&other_order), "VALIDATION", "and by another order of the same list");
    }

    async fn filters_select_by_status_city_type_domain_and_date(app) {
        let mobility = app.value_domain("Mobiliteit").await;
        let health = app.value_domain("Gezondheid").await;
        let ghent_case = app.pilot_case("Gent case", &mobility).await;
        app.data(
            "mutation($d: ID!) { createPilotCase(input: { title: \"Brugge case\", valueDomainId: $d, cities: [BRUGGE] }) { pilotCase { id } } }",
            json!({ "d": health }),
        )
        .await;
        let in_ghent = app.data("{ pilotCases(filter: { city: GENT }) { nodes { id } } }", json!({})).await;
        assert_eq!(in_ghent["pilotCases"]["nodes"], json!([{ "id": ghent_case }]));
        let of_domain = app
            .data("query($d: ID!) { pilotCases(filter: { valueDomainId: $d }) { totalCount } }", json!({ "d": health }))
            .await;
        assert_eq!(of_domain["pilotCases"]["totalCount"], 1);

        let early = app.event("Vroeg", "2030-01-10T09:00:00Z", "2030-01-10T11:00:00Z", json!({ "cities": ["BRUGGE"], "audience": ["CITIZEN"] })).await;
        let late = app.event("Laat", "2030-06-10T09:00:00Z", "2030-06-10T11:00:00Z", json!({ "cities": ["GENT", "BRUGGE"] })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": late })).await;
        let published = app.data("{ events(filter: { status: [PUBLISHED] }) { nodes { id } } }", json!({})).await;
        assert_eq!(published["events"]["nodes"], json!([{ "id": late }]));
        let in_bruges = app.data("{ events(filter: { city: BRUGGE }) { nodes { id } } }", json!({})).await;
        assert_eq!(in_bruges["events"]["nodes"], json!([{ "id": early }, { "id": late }]));
        let for_citizens = app.data("{ events(filter: { audience: CITIZEN }) { nodes { id } } }", json!({})).await;
        assert_eq!(for_citizens["events"]["nodes"], json!([{ "id": early }]));
        let from_march = app
            .data("{ events(filter: { startsFrom: \"2030-03-01T00:00:00Z\" }) { nodes { id } } }", json!({}))
            .await;
        assert_eq!(from_march["events"]["nodes"], json!([{ "id": late }]));
        let newest_first = app
            .data("{ events(orderBy: { field: STARTS_AT, direction: DESC }) { nodes { id } } }", json!({}))
            .await;
        assert_eq!(newest_first["events"]["nodes"], json!([{ "id": late }, { "id": early }]));

        let company = app.approved_partner("Data bv", "COMPANY").await;
        app.approved_partner("Een burger", "CITIZEN").await;
        app.data("mutation($p: ID!, $d: ID!) { updatePartner(input: { id: $p, interestIds: [$d] }) { partner { id } } }", json!({ "p": company, "d": health })).await;
        let companies = app.data("{ partners(filter: { stakeholderType: [COMPANY] }) { nodes { id } } }", json!({})).await;
        assert_eq!(companies["partners"]["nodes"], json!([{ "id": company }]));
        let interested = app
            .data("query($d: ID!) { partners(filter: { interestId: $d, status: [APPROVED] }) { nodes { id } } }", json!({ "d": health }))
            .await;
        assert_eq!(interested["partners"]["nodes"], json!([{ "id": company }]));
    }

    async fn value_domains_list_the_highest_priority_first(app) {
        for (name, score) in [("Laag", 1), ("Hoog", 5), ("Midden", 3)] {
            app.data(
                "mutation($n: String!, $s: Int!) { createValueDomain(input: { name: $n, economicValue: $s, societalValue: $s, dataReadiness: $s }) { valueDomain { id } } }",
                json!({ "n": name, "s": score }),
            )
            .await;
        }
        let data = app.data("{ valueDomains { nodes { name priorityScore } } }", json!({})).await;
        let names: Vec<&str> = data["valueDomains"]["nodes"].as_array().expect("nodes").iter().map(|n| n["name"].as_str().expect("name")).collect();
        assert_eq!(names, ["Hoog", "Midden", "Laag"]);
        let by_name = app.data("{ valueDomains(orderBy: { field: NAME, direction: DESC }) { nodes { name } } }", json!({})).await;
        assert_eq!(by_name["valueDomains"]["nodes"][0]["name"], "Midden");
    }

    async fn a_page_of_events_with_case_and_domain_costs_a_few_statements_at_any_size(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let mut cases = Vec::new();
        for n in 0..5 {
            cases.push(app.pilot_case(&format!("Case {n}"), &domain).await);
        }
        for n in 0..50 {
            let starts = format!("2030-02-{:02}T09:00:00Z", n % 28 + 1);
            let ends = format!("2030-02-{:02}T11:00:00Z", n % 28 + 1);
            app.event(&format!("Event {n}"), &starts, &ends, json!({ "pilotCaseId": cases[n % 5], "valueDomainId": domain })).await;
        }
        let query = "query($first: Int!) { events(first: $first) { totalCount nodes { id title pilotCase { id title valueDomain { id name } } valueDomain { id name } } } }";

        // The search relay reads the new events too: let it finish and stop, so only the requests count.
        app.wait_for_index(std::time::Duration::from_secs(30)).await;
        app.stop_relay().await;
        app.reset_statement_count();
        let small = app.data(query, json!({ "first": 10 })).await;
        let statements_for_10 = app.statement_count();
        app.reset_statement_count();
        let large = app.data(query, json!({ "first": 50 })).await;
        let statements_for_50 = app.statement_count();

        assert_eq!(small["events"]["nodes"].as_array().map(Vec::len), Some(10));
        assert_eq!(large["events"]["nodes"].as_array().map(Vec::len), Some(50));
        assert!(large["events"]["nodes"].as_array().expect("nodes").iter().all(|e| e["pilotCase"]["valueDomain"]["id"] == domain));
        println!("SQL statements for a page of 50 events with pilot case and value domain: {statements_for_50}");
        // One statement finds who the bearer token signs in; then the count, the page, the pilot cases and the
        // value domains. The value domains take one statement per level (events', then pilot cases'), or one
        // for both when the pilot cases arrive before the first level's fetch has started: 5 or 6 in all, with
        // 10 events or with 50.
        assert!(statements_for_10 <= 6, "a page of 10 ran {statements_for_10} statements");
        assert!(statements_for_50 <= 6, "a page of 50 ran {statements_for_50} statements");
        let _ = id_of(&large["events"]["nodes"][0]);
    }
}
