//! The benchmark's data generator (`bench-data`, run by `bench/run.py`) on both databases: a small data set
//! of the same shape, which the API then serves, with sessions that sign its accounts in.

use lode_tests::{TestApp, db_tests};
use serde_json::{Value, json};

/// Runs `bench-data` with small sizes into the server's database; returns the fixtures it wrote.
async fn generate(app: &TestApp) -> Value {
    let folder = tempfile_dir();
    let out = folder.join("fixtures.json");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bench-data"));
    command.env("DATABASE_URL", app.database_url()).args([
        "--partners",
        "36",
        "--cases",
        "4",
        "--events",
        "12",
        "--registrations",
        "30",
        "--domains",
        "3",
        "--datasets",
        "4",
        "--members",
        "3",
        "--today",
        "2030-01-15",
        "--out",
    ]);
    command.arg(&out);
    let output = lode_tests::run_to_end(command).await;
    assert!(
        output.status.success(),
        "bench-data failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fixtures = serde_json::from_slice(&std::fs::read(&out).expect("the fixtures are written"))
        .expect("JSON");
    std::fs::remove_dir_all(&folder).ok();
    fixtures
}

/// A fresh folder under the system's temporary folder.
fn tempfile_dir() -> std::path::PathBuf {
    let folder =
        std::env::temp_dir().join(format!("lode-bench-data-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    folder
}

db_tests! {
    async fn the_benchmark_data_set_is_made_on_either_database_and_served(app) {
        let fixtures = generate(&app).await;
        let team = app
            .data("{ partners(first: 100) { totalCount } pilotCases { totalCount } events(first: 100) { totalCount } valueDomains { totalCount } }", json!({}))
            .await;
        assert_eq!(team["partners"]["totalCount"], 36, "the team sees every partner");
        assert_eq!(team["pilotCases"]["totalCount"], 4);
        assert_eq!(team["events"]["totalCount"], 12);
        assert_eq!(team["valueDomains"]["totalCount"], 3);
        // Partner N is approved unless N is a multiple of 12: the public sees 33 of 36.
        let public = app.data_as(None, "{ partners(first: 100) { totalCount } }", json!({})).await;
        assert_eq!(public["partners"]["totalCount"], 33);
        let one = app.data_as(None, "{ partner(slug: \"partner-1\") { name interests { name } } }", json!({})).await;
        assert!(one["partner"]["name"].is_string(), "{one}");

        let admin = fixtures["admin_token"].as_str().expect("an admin token");
        let me = app.data_as(Some(admin), "{ me { role } }", json!({})).await;
        assert_eq!(me["me"]["role"], "ADMIN", "the admin's session signs it in");
        let case = fixtures["case_ids"][0].as_str().expect("a case id");
        let ranked = app
            .data_as(Some(admin), "query($c: ID!) { matchPartners(pilotCaseId: $c, first: 5) { score } }", json!({ "c": case }))
            .await;
        assert_eq!(ranked["matchPartners"].as_array().map(Vec::len), Some(5));
    }
}
