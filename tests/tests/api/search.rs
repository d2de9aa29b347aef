//! Search through the API: what the public finds, what it never finds, and an index that never loses an
//! update, whether the engine goes down or the index is rebuilt under load.

use lode_tests::{TestApp, code_of, db_tests, id_of, uuid_of};
use search::{Kind, SearchEngine, SearchRequest};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const SEARCH: &str = "query($q: String!, $filter: SearchFilter, $first: Int, $after: String) {
    search(query: $q, filter: $filter, first: $first, after: $after) {
        totalCount
        edges { cursor kind highlights { field snippet } node { __typename ... on ValueDomain { id name } ... on PilotCase { id title } ... on Partner { id name } ... on SuccessStory { id title } ... on Dataset { id title } ... on CoCreationEvent { id title } } }
        facets { field values { value count } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";

async fn search(app: &TestApp, query: &str, filter: Value) -> Value {
    app.data(SEARCH, json!({ "q": query, "filter": filter }))
        .await["search"]
        .clone()
}

fn record_ids(results: &Value) -> Vec<String> {
    results["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| id_of(&edge["node"]))
        .collect()
}

/// Every document id in the index, read from the engine itself.
async fn indexed(app: &TestApp) -> BTreeSet<String> {
    let request = SearchRequest {
        limit: 10_000,
        ..SearchRequest::default()
    };
    let results = app
        .search
        .search(&request)
        .await
        .expect("the engine answers");
    results.hits.into_iter().map(|hit| hit.id).collect()
}

async fn create_dataset(app: &TestApp, title: &str) -> String {
    let data = app
        .data(
            "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Gent\", url: \"https://data.example.org/d\", licence: \"CC0-1.0\", theme: TRAN }) { dataset { id } } }",
            json!({ "t": title }),
        )
        .await;
    id_of(&data["createDataset"]["dataset"])
}

db_tests! {
    async fn the_public_finds_published_records_and_never_private_data(app) {
        let partner = app
            .data(
                "mutation { createPartner(input: { name: \"Sensorlab Gent\", stakeholderType: COMPANY, homeCity: GENT,
                    capabilities: [\"luchtkwaliteit\", \"IoT sensoren\"],
                    contact: { name: \"Griet Geheim\", email: \"griet.geheim@example.org\", phone: \"+32 9 000 11 22\" } }) { partner { id } } }",
                json!({}),
            )
            .await;
        let partner = id_of(&partner["createPartner"]["partner"]);
        let story = app
            .data("mutation { createSuccessStory(input: { title: \"Schone lucht aan de schoolpoort\", body: \"Sensoren <b>meten</b> **fijnstof**.\" }) { successStory { id } } }", json!({}))
            .await;
        let story = id_of(&story["createSuccessStory"]["successStory"]);
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search(&app, "sensorlab", json!(null)).await["totalCount"], 0, "a pending partner is not public");
        assert_eq!(search(&app, "schoolpoort", json!(null)).await["totalCount"], 0, "a draft story is not public");

        app.data("mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }", json!({ "id": partner })).await;
        let set_story = "mutation($id: ID!, $s: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $s }) { successStory { id } } }";
        app.data(set_story, json!({ "id": story, "s": "IN_REVIEW" })).await;
        app.data(set_story, json!({ "id": story, "s": "PUBLISHED" })).await;
        app.wait_for_index(Duration::from_secs(30)).await;

        let found = search(&app, "sensorlb gen", json!(null)).await;
        assert_eq!(record_ids(&found), [partner.as_str()], "a typo and a prefix still find the partner");
        let found = search(&app, "schoolpoort", json!(null)).await;
        assert_eq!(record_ids(&found), [story.as_str()]);
        let body = found["edges"][0]["highlights"].as_array().expect("highlights").iter()
            .find(|h| h["field"] == "body").map(|h| h["snippet"].clone());
        assert_eq!(body, None, "only fields that match are highlighted");
        let found = search(&app, "fijnstof", json!(null)).await;
        assert_eq!(record_ids(&found), [story.as_str(), partner.as_str()], "the very word first, then its synonyms (luchtkwaliteit)");
        let snippet = found["edges"][0]["highlights"][0]["snippet"].as_str().expect("a snippet").to_owned();
        // The words the page shows: raw HTML as text, the Markdown's `**` gone.
        assert_eq!(snippet, "Sensoren &lt;b&gt;meten&lt;/b&gt; <mark>fijnstof</mark>.");

        for private in ["griet.geheim@example.org", "griet", "geheim", "+32 9 000 11 22", "example.org"] {
            let found = search(&app, private, json!(null)).await;
            assert_eq!(found["totalCount"], 0, "{private} is private: {found:#}");
        }

        app.data(set_story, json!({ "id": story, "s": "DRAFT" })).await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search(&app, "schoolpoort", json!(null)).await["totalCount"], 0, "back to draft leaves the results");

        let dataset = create_dataset(&app, "Fietstellingen Coupure").await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search(&app, "coupure", json!(null)).await["totalCount"], 1);
        app.data("mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedId } }", json!({ "id": dataset })).await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search(&app, "coupure", json!(null)).await["totalCount"], 0, "a deleted record is gone");
    }

    async fn an_event_is_found_by_what_it_belongs_to_and_english_finds_dutch_records(app) {
        let domain = app.value_domain("Luchtkwaliteit").await;
        let case = app.pilot_case("Schoolstraten", &domain).await;
        let starts = chrono::Utc::now() + chrono::Duration::days(7);
        let event = app.event("Werksessie", &starts.to_rfc3339(), &(starts + chrono::Duration::hours(2)).to_rfc3339(), json!({ "pilotCaseId": case, "valueDomainId": domain })).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": event })).await;
        app.wait_for_index(Duration::from_secs(30)).await;
        let events = json!({ "kinds": ["EVENT"] });
        let found = search(&app, "schoolstraten", events.clone()).await;
        assert_eq!(record_ids(&found), [event.as_str()], "by its pilot case's title: {found}");
        assert_eq!(record_ids(&search(&app, "air quality", events.clone()).await), [event.as_str()], "by its value domain's name, in English");
        assert_eq!(record_ids(&search(&app, "particulate matter", json!({ "kinds": ["VALUE_DOMAIN"] })).await), [domain.as_str()], "a phrase of the vocabulary finds its synonyms");

        // Beyond its typos, a query gets a suggestion that finds something.
        let beyond = app.data("{ search(query: \"polusion\") { totalCount suggestion } }", json!({})).await;
        assert_eq!(beyond["search"], json!({ "totalCount": 0, "suggestion": "pollution" }));
        let found = app.data("{ search(query: \"pollution\") { totalCount suggestion } }", json!({})).await;
        assert!(found["search"]["totalCount"].as_u64() >= Some(1), "{found}");
        assert_eq!(found["search"]["suggestion"], json!(null));
        let nothing = app.data("{ search(query: \"polusion\", filter: { kinds: [DATASET] }) { totalCount suggestion } }", json!({})).await;
        assert_eq!(nothing["search"]["suggestion"], json!(null), "no suggestion that would find nothing either");

        // Renamed, the case's event is found by the new title only.
        app.data("mutation($id: ID!) { updatePilotCase(input: { id: $id, title: \"Veilige schoolomgeving\" }) { pilotCase { id } } }", json!({ "id": case })).await;
        app.wait_for_index(Duration::from_secs(30)).await;
        assert_eq!(search(&app, "schoolstraten", events.clone()).await["totalCount"], 0);
        assert_eq!(record_ids(&search(&app, "schoolomgeving", events).await), [event.as_str()]);
    }

    async fn search_filters_by_typed_values_counts_facets_and_pages(app) {
        for n in 0..5 {
            create_dataset(&app, &format!("Verkeerstellingen {n}")).await;
        }
        let partner = app.approved_partner("Verkeersplatform vzw", "CIVIC_ORGANISATION").await;
        app.wait_for_index(Duration::from_secs(30)).await;

        let all = search(&app, "verkeer", json!(null)).await;
        assert_eq!(all["totalCount"], 6);
        let kinds = all["facets"].as_array().expect("facets").iter().find(|f| f["field"] == "kind").expect("kind facet").clone();
        assert_eq!(kinds["values"], json!([{ "value": "DATASET", "count": 5 }, { "value": "PARTNER", "count": 1 }]));

        let partners = search(&app, "verkeer", json!({ "kinds": ["PARTNER"], "stakeholderTypes": ["CIVIC_ORGANISATION"], "cities": ["GENT"] })).await;
        assert_eq!(record_ids(&partners), [partner]);

        let first = app.data(SEARCH, json!({ "q": "verkeerstellingen", "first": 2 })).await["search"].clone();
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        let second = app.data(SEARCH, json!({ "q": "verkeerstellingen", "first": 10, "after": first["pageInfo"]["endCursor"] })).await["search"].clone();
        let mut seen = record_ids(&first);
        seen.extend(record_ids(&second));
        assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 5, "two pages cover the five datasets once");

        let injected = app.error(SEARCH, json!({ "q": "x", "filter": { "cities": ["GENT\" OR kind = \"PARTNER"] } })).await;
        assert_eq!(code_of(&injected), "VALIDATION", "filters take typed values only");
        let status = app.data("{ searchStatus { engine pendingUpdates failedUpdates } }", json!({})).await;
        assert_eq!(status["searchStatus"]["pendingUpdates"], 0);
        assert_eq!(status["searchStatus"]["failedUpdates"], 0);
    }

    async fn a_hit_whose_record_left_public_view_is_left_out_and_paging_goes_on_past_it(app) {
        let mut kept = BTreeSet::new();
        for n in 0..3 {
            kept.insert(create_dataset(&app, &format!("Grondwaterpeilen {n}")).await);
        }
        app.wait_for_index(Duration::from_secs(30)).await;
        // The index does not follow the deletion yet: the engine still finds the deleted dataset.
        app.stop_relay().await;
        let gone = kept.pop_first().expect("a dataset");
        app.data("mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedId } }", json!({ "id": gone })).await;

        let whole = app.data(SEARCH, json!({ "q": "grondwaterpeilen", "first": 3 })).await["search"].clone();
        assert_eq!(whole["totalCount"], 3, "the engine's count: {whole:#}");
        assert_eq!(record_ids(&whole).into_iter().collect::<BTreeSet<_>>(), kept, "no null node, no deleted record");
        assert!(whole["edges"].as_array().expect("edges").iter().all(|edge| edge["kind"] == "DATASET"));
        assert_eq!(whole["pageInfo"]["hasNextPage"], false);

        // One hit a page: the page of the deleted record is empty, and its end cursor leads on.
        let (mut seen, mut pages, mut after) = (Vec::new(), 0, Value::Null);
        loop {
            let page = app.data(SEARCH, json!({ "q": "grondwaterpeilen", "first": 1, "after": after })).await["search"].clone();
            pages += 1;
            seen.extend(record_ids(&page));
            assert!(page["pageInfo"]["endCursor"].is_string(), "every page read a hit: {page:#}");
            assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 1);
            if page["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(pages, 3, "a page per hit, the deleted one's included");
        assert_eq!(seen.len(), 2, "each kept record once: {seen:?}");
        assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), kept);
    }

    async fn a_thousand_writes_while_the_engine_is_down_converge_once_it_is_back(app) {
        app.search.set_down(true);
        let mut ids = Vec::new();
        for n in 0..600 {
            ids.push(create_dataset(&app, &format!("Bron {n}")).await);
        }
        for id in &ids[..300] {
            app.data("mutation($id: ID!) { updateDataset(input: { id: $id, title: \"Bron bijgewerkt\" }) { dataset { id } } }", json!({ "id": id })).await;
        }
        for id in &ids[500..] {
            app.data("mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedId } }", json!({ "id": id })).await;
        }
        let down = app.error("{ search(query: \"bron\") { totalCount } }", json!({})).await;
        assert_eq!(code_of(&down), "UNAVAILABLE", "search says it is down; everything else kept working");
        let status = app.data("{ searchStatus { pendingUpdates oldestPendingSeconds } }", json!({})).await;
        assert_eq!(status["searchStatus"]["pendingUpdates"], 600, "every changed record waits in the outbox");
        assert!(status["searchStatus"]["oldestPendingSeconds"].as_f64() > Some(0.0));

        app.search.set_down(false);
        let took = app.wait_for_index(Duration::from_secs(120)).await;
        println!("search index converged {took:?} after the engine came back (1,000 writes, {:?})", app.backend);

        let expected: BTreeSet<String> = ids[..500].iter().map(|id| Kind::Dataset.document_id(uuid_of(id))).collect();
        assert_eq!(indexed(&app).await, expected, "0 missing, 0 deleted records left");
        let updated = search(&app, "bijgewerkt", json!(null)).await;
        assert_eq!(updated["totalCount"], 300, "0 stale: every update is in the index");
    }

    async fn two_relays_share_the_outbox_and_the_index_ends_exact(app) {
        // A second relay, as a second `lode` process on the same database and engine would run.
        let second = lode_api::indexing::relay::spawn(app.db.clone(), app.search.clone(), lode_tests::test_relay_settings());
        let mut ids = Vec::new();
        for n in 0..150 {
            ids.push(create_dataset(&app, &format!("Gedeeld {n}")).await);
        }
        for id in &ids[..75] {
            app.data("mutation($id: ID!) { updateDataset(input: { id: $id, title: \"Gedeeld herschreven\" }) { dataset { id } } }", json!({ "id": id })).await;
        }
        for id in &ids[140..] {
            app.data("mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedId } }", json!({ "id": id })).await;
        }
        app.wait_for_index(Duration::from_secs(60)).await;
        second.abort();
        let expected: BTreeSet<String> = ids[..140].iter().map(|id| Kind::Dataset.document_id(uuid_of(id))).collect();
        assert_eq!(indexed(&app).await, expected);
        assert_eq!(search(&app, "herschreven", json!(null)).await["totalCount"], 75, "the last version of each record won");
    }

    async fn a_rebuild_under_writes_loses_nothing_and_search_answers_throughout(app) {
        for n in 0..200 {
            create_dataset(&app, &format!("Voor {n}")).await;
        }
        app.wait_for_index(Duration::from_secs(60)).await;
        let writer = {
            let address = app.address.clone();
            let token = app.admin_token.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut ids = Vec::new();
                for n in 0..150 {
                    let body = json!({
                        "query": "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Brugge\", url: \"https://data.example.org/w\", licence: \"CC0-1.0\", theme: ECON }) { dataset { id } } }",
                        "variables": { "t": format!("Tijdens {n}") }
                    });
                    let answer: Value = client.post(format!("{address}/graphql")).bearer_auth(&token).json(&body).send().await.expect("sent").json().await.expect("JSON");
                    ids.push(id_of(&answer["data"]["createDataset"]["dataset"]));
                }
                ids
            })
        };
        let probing = Instant::now();
        let reindex = lode_api::indexing::reindex::reindex(&app.db, app.search.as_ref());
        tokio::pin!(reindex);
        let report = loop {
            tokio::select! {
                report = &mut reindex => break report.expect("the rebuild succeeds"),
                () = tokio::time::sleep(Duration::from_millis(5)) => {
                    let probe = search(&app, "voor", json!(null)).await;
                    assert!(probe["totalCount"].as_u64() >= Some(200), "search never answers from an empty index");
                }
            }
        };
        let written = writer.await.expect("the writer finishes");
        println!("rebuilt {} documents in {:?} while writing; {} changes requeued", report.documents, probing.elapsed(), report.requeued);
        app.wait_for_index(Duration::from_secs(60)).await;
        let in_index = indexed(&app).await;
        assert_eq!(in_index.len(), 350);
        for id in written {
            assert!(in_index.contains(&Kind::Dataset.document_id(uuid_of(&id))), "a write during the rebuild is in the index");
        }
    }
}
