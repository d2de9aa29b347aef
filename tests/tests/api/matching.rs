//! Partner matching through the API, on the demo data and at scale.

use entities::partner;
use entities::values::{City, PartnerStatus, StakeholderType, Texts};
use lode_tests::{TestApp, code_of, db_tests, id_of, uuid_of};
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

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

/// An approved partner of Ghent with its capabilities; returns its global id.
async fn partner_with(
    app: &TestApp,
    name: &str,
    stakeholder_type: &str,
    capabilities: &[&str],
) -> String {
    let data = app
        .data(
            "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
            json!({ "input": { "name": name, "stakeholderType": stakeholder_type, "homeCity": "GENT", "capabilities": capabilities } }),
        )
        .await;
    let id = id_of(&data["createPartner"]["partner"]);
    app.data(
        "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }",
        json!({ "id": id }),
    )
    .await;
    id
}

/// The global ids of the partners in a list of matches.
fn partner_ids(matches: &Value) -> Vec<String> {
    matches
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| id_of(&m["partner"]))
        .collect()
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

    async fn accepted_members_count_for_the_suggested_team(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let created = app
            .data(
                "mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { id } } }",
                json!({ "input": {
                    "title": "Veilige schoolroutes", "valueDomainId": domain, "cities": ["GENT"],
                    "neededCapabilities": [{ "name": "GIS", "weight": 3 }, { "name": "mobiliteit", "weight": 3 }, { "name": "onderwijs", "weight": 2 }],
                    "wantedStakeholderTypes": ["GOVERNMENT", "CITIZEN"],
                } }),
            )
            .await;
        let case = id_of(&created["createPilotCase"]["pilotCase"]);
        let maps = partner_with(&app, "Kaarten en Verkeer", "GOVERNMENT", &["GIS", "mobility"]).await;
        let second_maps = partner_with(&app, "Tweede Kaartenbureau", "GOVERNMENT", &["geodata", "verkeer"]).await;
        let school = partner_with(&app, "Scholengroep", "COMPANY", &["scholen"]).await;
        let citizens = partner_with(&app, "Buurtcomite", "CITIZEN", &[]).await;
        let invited = app
            .data(
                "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DATA_PROVIDER }) { member { id } } }",
                json!({ "c": case, "p": maps }),
            )
            .await;
        let member = id_of(&invited["invitePartnerToCase"]["member"]);
        let suggest = |size: i32| {
            let app = &app;
            let case = case.clone();
            async move {
                app.data(
                    "query($c: ID!, $n: Int!) { suggestTeam(pilotCaseId: $c, size: $n) {
                        acceptedMembers { partner { id } breakdown { capabilitiesCovered } }
                        members { partner { id } }
                        coverage uncoveredCapabilities uncoveredStakeholderTypes } }",
                    json!({ "c": case, "n": size }),
                )
                .await["suggestTeam"]
                    .clone()
            }
        };

        let only_invited = suggest(1).await;
        assert_eq!(only_invited["acceptedMembers"], json!([]), "an invitation not yet accepted is no member yet");
        assert_eq!(only_invited["uncoveredCapabilities"], json!(["GIS", "mobiliteit", "onderwijs"]), "{only_invited:#}");
        assert!(!partner_ids(&only_invited["members"]).contains(&maps), "an invited partner is not proposed");

        app.data("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { status } } }", json!({ "id": member }))
            .await;
        let team = suggest(1).await;
        assert_eq!(partner_ids(&team["acceptedMembers"]), std::slice::from_ref(&maps), "the accepted member is named as already there: {team:#}");
        assert_eq!(team["acceptedMembers"][0]["breakdown"]["capabilitiesCovered"], json!(["GIS", "mobiliteit"]));
        assert_eq!(team["uncoveredCapabilities"], json!(["onderwijs"]), "what the accepted member covers is covered");
        assert_eq!(team["coverage"], json!(0.75));
        assert_eq!(partner_ids(&team["members"]), std::slice::from_ref(&citizens), "the one place goes to the stakeholder type still missing");
        assert_eq!(team["uncoveredStakeholderTypes"], json!([]));

        let larger = suggest(3).await;
        let proposed = partner_ids(&larger["members"]);
        assert!(!proposed.contains(&maps), "an accepted member is never proposed again");
        let mut first_two = proposed[..2].to_vec();
        first_two.sort();
        let mut missing = vec![citizens, school];
        missing.sort();
        assert_eq!(first_two, missing, "first what is still missing: {larger:#}");
        assert_eq!(larger["coverage"], json!(1.0));
        assert_eq!(larger["uncoveredCapabilities"], json!([]));
        assert_eq!(proposed.get(2), Some(&second_maps), "a second partner for what is covered comes last");
    }

    async fn matching_and_the_search_index_read_more_partners_than_one_statement_may_name(app) {
        // More approved partners than SQLite lets one statement bind parameters (32,766), so a ranking or a
        // rebuild of the search index that named them all in a list would fail here, as they did on
        // PostgreSQL past 65,535.
        const PARTNERS: usize = 33_000;
        let domain = app.value_domain("Mobiliteit").await;
        let created = app
            .data(
                "mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { id } } }",
                json!({ "input": {
                    "title": "Fietstellingen", "valueDomainId": domain, "cities": ["BRUGGE"],
                    "neededCapabilities": [{ "name": "fietstellingen", "weight": 5 }, { "name": "GIS", "weight": 2 }],
                    "wantedStakeholderTypes": ["CITIZEN"],
                } }),
            )
            .await;
        let case = id_of(&created["createPilotCase"]["pilotCase"]);
        let best = partner_with(&app, "Fietsersbond", "CITIZEN", &["fietstellingen", "GIS"]).await;
        app.data(
            "mutation($id: ID!, $d: ID!) { updatePartner(input: { id: $id, interestIds: [$d] }) { partner { id } } }",
            json!({ "id": best, "d": domain }),
        )
        .await;
        let now = chrono::Utc::now();
        let rows: Vec<partner::ActiveModel> = (0..PARTNERS)
            .map(|n| partner::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                slug: Set(format!("partner-{n}")),
                name: Set(format!("Partner {n}")),
                stakeholder_type: Set(StakeholderType::Company),
                description: Set(String::new()),
                website: Set(None),
                home_city: Set(Some(City::Gent)),
                capabilities: Set(Texts(vec!["communicatie".to_owned()])),
                data_offered: Set(Texts(Vec::new())),
                data_needed: Set(Texts(Vec::new())),
                status: Set(PartnerStatus::Approved),
                erased_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .collect();
        for batch in rows.chunks(1_000) {
            partner::Entity::insert_many(batch.to_vec()).exec(&app.db).await.expect("the partners are stored");
        }
        // The search relay reads the new records too: let it finish and stop, so only the request counts.
        app.wait_for_index(std::time::Duration::from_secs(30)).await;
        app.stop_relay().await;
        app.reset_statement_count();
        let ranked = app
            .data("query($c: ID!) { matchPartners(pilotCaseId: $c, first: 3) { score partner { id } } }", json!({ "c": case }))
            .await;
        let statements = app.statement_count();
        assert_eq!(ranked["matchPartners"].as_array().map(Vec::len), Some(3));
        assert_eq!(id_of(&ranked["matchPartners"][0]["partner"]), best, "the one partner that fits ranks first");
        // The session, the case's profile (7), the partners' profiles (3) and the three partners shown.
        assert!(statements <= 12, "a ranking of {PARTNERS} partners ran {statements} statements");
        let team = app
            .data("query($c: ID!) { suggestTeam(pilotCaseId: $c, size: 2) { members { partner { id } } } }", json!({ "c": case }))
            .await;
        assert_eq!(team["suggestTeam"]["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(id_of(&team["suggestTeam"]["members"][0]["partner"]), best);
        let documents = lode_api::indexing::documents::documents(&app.db, search::Kind::Partner, None)
            .await
            .expect("every partner's search document is made");
        assert_eq!(documents.len(), PARTNERS + 1, "one document for every public partner");
        let interested = documents.iter().find(|d| d.record_id == uuid_of(&best)).expect("the fitting partner's document");
        assert_eq!(interested.value_domain_ids, [uuid_of(&domain).to_string()], "with its interests");
    }

    async fn the_ranking_filters_by_stakeholder_type_and_city(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let case = app.pilot_case("Deelfietsen", &domain).await;
        let citizen = partner_with(&app, "Buurtfietsers", "CITIZEN", &["fietstellingen"]).await;
        let company = partner_with(&app, "Fietsdata bv", "COMPANY", &["fietstellingen"]).await;
        let elsewhere = app
            .data(
                "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
                json!({ "input": { "name": "Fietsers Brugge", "stakeholderType": "CITIZEN", "homeCity": "BRUGGE", "capabilities": ["fietstellingen"] } }),
            )
            .await;
        let elsewhere = id_of(&elsewhere["createPartner"]["partner"]);
        app.data(
            "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }",
            json!({ "id": elsewhere }),
        )
        .await;
        let query = "query($c: ID!, $f: MatchFilter) { matchPartners(pilotCaseId: $c, first: 100, filter: $f) { partner { id } } }";
        let ranked = |filter: Value| {
            let app = &app;
            let case = case.clone();
            async move {
                let mut ids = partner_ids(&app.data(query, json!({ "c": case, "f": filter })).await["matchPartners"]);
                ids.sort();
                ids
            }
        };
        let mut all = vec![citizen.clone(), company.clone(), elsewhere.clone()];
        all.sort();
        assert_eq!(ranked(json!({})).await, all);
        let mut citizens = vec![citizen.clone(), elsewhere.clone()];
        citizens.sort();
        assert_eq!(ranked(json!({ "stakeholderTypes": ["CITIZEN"] })).await, citizens);
        let mut in_ghent = vec![citizen.clone(), company.clone()];
        in_ghent.sort();
        assert_eq!(ranked(json!({ "homeCity": "GENT" })).await, in_ghent);
        assert_eq!(ranked(json!({ "stakeholderTypes": ["CITIZEN"], "homeCity": "BRUGGE" })).await, [elsewhere]);
        assert_eq!(ranked(json!({ "stakeholderTypes": [] })).await, Vec::<String>::new(), "no type: nobody");
    }
}
