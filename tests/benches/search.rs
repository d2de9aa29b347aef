//! Search figures on 10,000 demo-like records: latency of the GraphQL `search` query (median and 99th
//! percentile over many queries) and the time from a mutation to its record being found.
//!
//! `cargo bench -p lode-tests --bench search` measures the embedded engine; with `MEILI_URL` (and
//! `MEILI_API_KEY`) set it measures Meilisearch. Figures depend on the machine: compare them within one run.

use entities::values::{City, EventFormat, StakeholderType, Theme};
use lode_api::domain::datasets::DatasetFields;
use lode_api::domain::events::EventFields;
use lode_api::domain::partners::PartnerFields;
use lode_api::domain::record;
use lode_api::domain::stories::StoryFields;
use lode_api::domain::value_domains::ValueDomainFields;
use lode_api::domain::write::{Change, Store};
use lode_api::indexing::relay::RelaySettings;
use lode_api::live::SeatHub;
use lode_tests::{Backend, TestApp};
use search::{SearchEngine, SearchRequest};
use serde_json::json;
use std::time::{Duration, Instant};

const WORDS: [&str; 24] = [
    "luchtkwaliteit",
    "mobiliteit",
    "fiets",
    "parkeren",
    "energie",
    "klimaat",
    "wonen",
    "buurt",
    "bomen",
    "onderwijs",
    "sensoren",
    "verkeer",
    "gezondheid",
    "handel",
    "toerisme",
    "water",
    "afval",
    "geluid",
    "wegenwerken",
    "evenementen",
    "open data",
    "dashboard",
    "kaart",
    "meting",
];
const QUERIES: [&str; 12] = [
    "luchtkwaliteit",
    "mobilitiet",
    "fiets",
    "energ",
    "klimaat buurt",
    "sensoren gent",
    "wegenwerk",
    "bomen onderwijs",
    "dashbord",
    "geluid meting",
    "open data kaart",
    "toeris",
];

fn title(n: usize) -> String {
    format!(
        "{} en {} {n}",
        WORDS[n % WORDS.len()],
        WORDS[(n / 7) % WORDS.len()]
    )
}

fn body(n: usize) -> String {
    (0..40)
        .map(|i| WORDS[(n * 3 + i * 5) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn load(app: &TestApp) {
    let store = Store::new(app.db.clone(), SeatHub::default());
    let db = &store;
    let fixtures = Change::unaudited("the benchmark's records");
    for n in 0..1_000 {
        record::create::<entities::value_domain::Entity>(
            db,
            &fixtures,
            ValueDomainFields {
                name: Some(title(n)),
                description: Some(body(n)),
                themes: Some(vec![Theme::Envi, Theme::Tran]),
                economic_value: Some(3),
                societal_value: Some(4),
                data_readiness: Some(2),
                ..Default::default()
            },
        )
        .await
        .expect("a value domain");
    }
    for n in 0..2_000 {
        let partner = record::create::<entities::partner::Entity>(
            db,
            &fixtures,
            PartnerFields {
                name: Some(title(n + 1_000)),
                description: Some(body(n)),
                stakeholder_type: Some([StakeholderType::Company, StakeholderType::Citizen][n % 2]),
                home_city: Some(Some([City::Gent, City::Brugge][n % 2])),
                capabilities: Some(vec![WORDS[n % WORDS.len()].to_owned()]),
                ..Default::default()
            },
        )
        .await
        .expect("a partner");
        record::set_status::<entities::partner::Entity>(
            db,
            &fixtures,
            partner.id,
            None,
            entities::values::PartnerStatus::Approved,
        )
        .await
        .expect("approved");
    }
    let start = chrono::Utc::now() + chrono::Duration::days(30);
    for n in 0..3_000 {
        let event = record::create::<entities::event::Entity>(
            db,
            &fixtures,
            EventFields {
                title: Some(title(n + 3_000)),
                description: Some(body(n)),
                format: Some(EventFormat::Workshop),
                starts_at: Some(start + chrono::Duration::hours(n as i64)),
                ends_at: Some(start + chrono::Duration::hours(n as i64 + 2)),
                venue: Some(Some("De Krook".to_owned())),
                cities: Some(vec![City::Gent]),
                ..Default::default()
            },
        )
        .await
        .expect("an event");
        record::set_status::<entities::event::Entity>(
            db,
            &fixtures,
            event.id,
            None,
            entities::values::EventStatus::Published,
        )
        .await
        .expect("published");
    }
    for n in 0..2_000 {
        let story = record::create::<entities::success_story::Entity>(
            db,
            &fixtures,
            StoryFields {
                title: Some(title(n + 6_000)),
                summary: Some(body(n + 1)),
                body: Some(body(n)),
                ..Default::default()
            },
        )
        .await
        .expect("a story");
        for status in [
            entities::values::StoryStatus::InReview,
            entities::values::StoryStatus::Published,
        ] {
            record::set_status::<entities::success_story::Entity>(
                db, &fixtures, story.id, None, status,
            )
            .await
            .expect("moved");
        }
    }
    for n in 0..2_000 {
        record::create::<entities::dataset::Entity>(
            db,
            &fixtures,
            DatasetFields {
                title: Some(title(n + 8_000)),
                publisher: Some("Stad Gent".to_owned()),
                url: Some("https://data.example.org/set".to_owned()),
                licence: Some("CC0-1.0".to_owned()),
                theme: Some(Theme::Tran),
                ..Default::default()
            },
        )
        .await
        .expect("a dataset");
    }
}

#[tokio::main]
async fn main() {
    // The relay paced as in production, so the time to searchable is what users see.
    let app = TestApp::spawn_with_relay(Backend::Sqlite, RelaySettings::default())
        .await
        .expect("SQLite always runs");
    let engine = app.search.name();
    let loading = Instant::now();
    load(&app).await;
    app.wait_for_index(Duration::from_secs(900)).await;
    let indexed = app
        .search
        .search(&SearchRequest {
            limit: 1,
            ..SearchRequest::default()
        })
        .await
        .expect("answers");
    println!(
        "engine: {engine}; {} records indexed in {:.1?} (written one by one through the API's rules)",
        indexed.total,
        loading.elapsed()
    );

    let query = "query($q: String!) { search(query: $q, first: 20) { totalCount edges { kind highlights { field snippet } node { ... on Dataset { id title } ... on Partner { id name } ... on CoCreationEvent { id title } ... on SuccessStory { id title } ... on ValueDomain { id name } } } facets { field values { value count } } } }";
    for q in QUERIES {
        app.data(query, json!({ "q": q })).await;
    }
    let mut latencies = Vec::new();
    for round in 0..50 {
        for q in QUERIES {
            let started = Instant::now();
            let data = app.data(query, json!({ "q": q })).await;
            latencies.push(started.elapsed());
            if round == 0 {
                assert!(
                    data["search"]["totalCount"].as_u64() > Some(0),
                    "{q} finds something"
                );
            }
        }
    }
    latencies.sort();
    println!(
        "GraphQL search over HTTP, {} queries: p50 {:.2?}, p99 {:.2?}",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );

    let mut visible = Vec::new();
    for n in 0..30 {
        let word = format!("zoekbaar{n}x{}", uuid::Uuid::now_v7().simple());
        let started = Instant::now();
        app.data(
            "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Brugge\", url: \"https://data.example.org/n\", licence: \"CC0-1.0\", theme: ECON }) { dataset { id } } }",
            json!({ "t": word }),
        )
        .await;
        let request = SearchRequest {
            query: format!("{word} "),
            limit: 1,
            ..SearchRequest::default()
        };
        loop {
            if app.search.search(&request).await.expect("answers").total == 1 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the new record became searchable"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        visible.push(started.elapsed());
    }
    visible.sort();
    println!(
        "mutation to searchable, {} mutations: p50 {:.2?}, p99 {:.2?}",
        visible.len(),
        percentile(&visible, 0.5),
        percentile(&visible, 0.99)
    );
}
