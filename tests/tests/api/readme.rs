//! The README's GraphQL examples run as written against the demo data.

use lode_tests::db_tests;
use serde_json::json;

/// The ```graphql blocks of the README.
fn examples() -> Vec<String> {
    include_str!("../../../README.md")
        .split("```graphql\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap_or_default().to_owned())
        .collect()
}

db_tests! {
    async fn the_readme_examples_run_as_written(app) {
        assert!(lode_api::demo::load_if_empty(&app.db).await.expect("the demo data loads"));
        app.wait_for_index(std::time::Duration::from_secs(60)).await;
        let examples = examples();
        assert!(examples.len() >= 4, "the README shows its examples");
        for example in &examples {
            let data = app.data(example, json!({})).await;
            assert!(data.as_object().is_some_and(|fields| fields.values().all(|v| !v.is_null())), "{example} gave {data:#}");
        }
        let login = app.data(&examples[0], json!({})).await;
        assert_eq!(login["login"]["account"]["role"], "ADMIN", "the demo admin logs in");
        let upcoming = app.data(&examples[1], json!({})).await;
        assert!(upcoming["events"]["totalCount"].as_u64() >= Some(1), "the demo has upcoming events in Ghent");
        let found = app.data(&examples[4], json!({})).await;
        assert!(found["search"]["totalCount"].as_u64() >= Some(1), "the search example finds demo records");
    }
}
