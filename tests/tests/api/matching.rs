//! Partner matching through the API, on the demo data.

use lode_tests::{code_of, db_tests, id_of};
use serde_json::json;

async fn demo_case(app: &lode_tests::TestApp) -> String {
    assert!(
        lode_api::demo::load_if_empty(&app.db)
            .await
            .expect("the demo data loads")
    );
    let data = app
        .data(
            "{ pilotCases(first: 1, filter: { phase: [RUNNING] }) { nodes { id } } }",
            json!({}),
        )
        .await;
    id_of(&data["pilotCases"]["nodes"][0])
}

db_tests! {
    async fn partners_are_ranked_with_reasons_and_members_left_out(app) {
        let case = demo_case(&app).await;
        let query = "query($c: ID!, $f: MatchFilter) { matchPartners(pilotCaseId: $c, first: 100, filter: $f) {
            score partner { id status memberships { pilotCase { id } status } } breakdown { capabilities reasons } } }";
        let data = app.data(query, json!({ "c": case })).await;
        let matches = data["matchPartners"].as_array().expect("matches").clone();
        assert!(!matches.is_empty());
        let scores: Vec<f64> = matches.iter().map(|m| m["score"].as_f64().expect("a score")).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first");
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
        assert!(matches[0]["breakdown"]["reasons"].as_array().is_some_and(|r| !r.is_empty()), "the best match says why");
        for m in &matches {
            assert_eq!(m["partner"]["status"], "APPROVED");
            let on_case = m["partner"]["memberships"].as_array().expect("memberships").iter().any(|ms| ms["pilotCase"]["id"] == case);
            assert!(!on_case, "partners on the case or that declined it are left out");
        }
        assert_eq!(app.data(query, json!({ "c": case })).await, data, "the same data give the same ranking");

        let top = id_of(&matches[0]["partner"]);
        let answer = app
            .data("mutation($c: ID!, $p: ID!) { setCaseInterest(input: { pilotCaseId: $c, partnerId: $p, interested: false }) { interested } }", json!({ "c": case, "p": top }))
            .await;
        assert_eq!(answer["setCaseInterest"]["interested"], false);
        let after = app.data(query, json!({ "c": case })).await;
        assert!(after["matchPartners"].as_array().expect("matches").iter().all(|m| id_of(&m["partner"]) != top), "not interested is respected");
        let asked = app.data(query, json!({ "c": case, "f": { "includeDeclined": true } })).await;
        assert!(asked["matchPartners"].as_array().expect("matches").iter().any(|m| id_of(&m["partner"]) == top), "unless the filter asks");

        let wrong = app.error("query($c: ID!) { matchPartners(pilotCaseId: $c, first: 0) { score } }", json!({ "c": case })).await;
        assert_eq!(code_of(&wrong), "VALIDATION");
    }

    async fn a_team_covers_the_case_and_says_what_is_missing(app) {
        let case = demo_case(&app).await;
        let data = app
            .data("query($c: ID!) { suggestTeam(pilotCaseId: $c, size: 4) { coverage uncoveredCapabilities uncoveredStakeholderTypes members { partner { id stakeholderType } score } } }", json!({ "c": case }))
            .await;
        let team = &data["suggestTeam"];
        assert_eq!(team["members"].as_array().map(Vec::len), Some(4));
        assert!(team["coverage"].as_f64() > Some(0.5), "{team:#}");
        let one = app
            .data("query($c: ID!) { suggestTeam(pilotCaseId: $c, size: 1) { coverage uncoveredCapabilities } }", json!({ "c": case }))
            .await;
        assert!(one["suggestTeam"]["coverage"].as_f64() <= team["coverage"].as_f64(), "a bigger team covers at least as much");
    }

    async fn partners_see_their_cases_and_data_meets_data(app) {
        let case = demo_case(&app).await;
        let data = app.data("query($c: ID!) { matchPartners(pilotCaseId: $c, first: 1) { partner { id } } }", json!({ "c": case })).await;
        let partner = id_of(&data["matchPartners"][0]["partner"]);
        let cases = app
            .data("query($p: ID!) { matchingCases(partnerId: $p) { score pilotCase { id phase } breakdown { reasons } } }", json!({ "p": partner }))
            .await;
        assert!(cases["matchingCases"].as_array().expect("cases").iter().any(|c| c["pilotCase"]["id"] == case));
        let pairs = app.data("{ dataMatches { provider { id dataOffered } seeker { id dataNeeded } data } }", json!({})).await;
        let pairs = pairs["dataMatches"].as_array().expect("pairs");
        assert!(!pairs.is_empty(), "the demo partners offer data others need");
        for pair in pairs {
            assert_ne!(pair["provider"]["id"], pair["seeker"]["id"]);
            for item in pair["data"].as_array().expect("data") {
                assert!(pair["provider"]["dataOffered"].as_array().expect("offered").contains(item));
            }
        }
    }
}
