//! The status moves a record offers (`nextStatuses` on stories, value domains and partners): each answer is
//! what its lifecycle allows from where the record stands now, and each status offered is one the move
//! mutation takes.

use entities::values::{City, Role};
use lode_tests::{db_tests, id_of};
use serde_json::{Value, json};

/// The statuses in a `nextStatuses` answer.
fn statuses(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list of statuses")
        .iter()
        .map(|s| s.as_str().expect("a status"))
        .collect()
}

db_tests! {
    async fn a_story_offers_its_moves_only_to_those_who_may_change_it(app) {
        let create = "mutation($t: String!, $c: City) { createSuccessStory(input: { title: $t, city: $c }) { successStory { id } } }";
        let mut stories = Vec::new();
        for (title, city) in [("Gents verhaal", json!("GENT")), ("Brugs verhaal", json!("BRUGGE")), ("Gedeeld verhaal", json!(null))] {
            let created = app.data(create, json!({ "t": title, "c": city })).await;
            stories.push(id_of(&created["createSuccessStory"]["successStory"]));
        }
        let tokens = [
            ("Bruges", Some(app.account("brugge@lode.test", Role::Coordinator, &[City::Brugge], None).await)),
            ("Ghent", Some(app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await)),
            ("admin", Some(app.admin_token.clone())),
        ];
        let rights = "query($id: ID!) { node(id: $id) { ... on SuccessStory { viewerCanUpdate nextStatuses } } }";
        let list = "query($mine: Boolean) { successStories(filter: { viewerCanUpdate: $mine }, first: 100) { totalCount nodes { title } } }";
        for (who, token) in &tokens {
            // A coordinator manages their city's story and the one of no single city.
            let may = |index: usize| match *who {
                "Bruges" => index != 0,
                "Ghent" => index != 1,
                _ => true,
            };
            for (index, story) in stories.iter().enumerate() {
                let answer = app.data_as(token.as_deref(), rights, json!({ "id": story })).await;
                let moves = if may(index) { json!(["IN_REVIEW"]) } else { json!([]) };
                assert_eq!(answer["node"], json!({ "viewerCanUpdate": may(index), "nextStatuses": moves }), "{who}, story {index}");
                let moved = app
                    .graphql_as(token.as_deref(), "mutation($id: ID!) { setSuccessStoryStatus(input: { id: $id, status: IN_REVIEW }) { successStory { status } } }", json!({ "id": story }))
                    .await;
                assert_eq!(moved.get("errors").is_none(), may(index), "what is offered is what the API allows: {who}, story {index}: {moved:#}");
                if may(index) {
                    app.data("mutation($id: ID!) { setSuccessStoryStatus(input: { id: $id, status: DRAFT }) { successStory { status } } }", json!({ "id": story })).await;
                }
            }
            for mine in [true, false] {
                let listed = app.data_as(token.as_deref(), list, json!({ "mine": mine })).await;
                let titles: Vec<&str> = listed["successStories"]["nodes"].as_array().expect("nodes").iter().filter_map(|n| n["title"].as_str()).collect();
                let expected = (0..3).filter(|&i| may(i) == mine).count();
                assert_eq!((titles.len(), listed["successStories"]["totalCount"].as_u64()), (expected, Some(expected as u64)), "{who}, viewerCanUpdate: {mine}: {titles:?}");
            }
        }
    }

    async fn a_story_offers_review_then_publication_then_a_way_back(app) {
        let created = app
            .data(
                "mutation { createSuccessStory(input: { title: \"Zitbanken die tellen\" }) { successStory { id status nextStatuses } } }",
                json!({}),
            )
            .await;
        let story = &created["createSuccessStory"]["successStory"];
        assert_eq!(story["status"], "DRAFT");
        assert_eq!(statuses(&story["nextStatuses"]), ["IN_REVIEW"]);
        let id = id_of(story);

        // Each move is one the story offered, and each answer offers the next ones.
        let steps = [
            ("IN_REVIEW", vec!["DRAFT", "PUBLISHED"]),
            ("PUBLISHED", vec!["DRAFT"]),
            ("DRAFT", vec!["IN_REVIEW"]),
        ];
        let mut offered: Vec<String> = vec!["IN_REVIEW".to_owned()];
        for (to, next) in steps {
            assert!(offered.iter().any(|s| s == to), "{to} is offered: {offered:?}");
            let moved = app
                .data(
                    "mutation($id: ID!, $to: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $to }) { successStory { status nextStatuses } } }",
                    json!({ "id": id, "to": to }),
                )
                .await;
            let story = &moved["setSuccessStoryStatus"]["successStory"];
            assert_eq!(story["status"], to);
            assert_eq!(statuses(&story["nextStatuses"]), next, "after the move to {to}");
            offered = next.iter().map(|s| s.to_string()).collect();
        }
    }

    async fn a_value_domain_offers_its_lifecycles_moves(app) {
        let id = app.value_domain("Zachte mobiliteit").await;
        let read = app
            .data("query($id: ID!) { valueDomain(id: $id) { status nextStatuses } }", json!({ "id": id }))
            .await;
        assert_eq!(read["valueDomain"]["status"], "CANDIDATE");
        assert_eq!(statuses(&read["valueDomain"]["nextStatuses"]), ["SELECTED", "ARCHIVED"]);
        let moved = app
            .data(
                "mutation($id: ID!) { setValueDomainStatus(input: { id: $id, status: ARCHIVED }) { valueDomain { nextStatuses } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(statuses(&moved["setValueDomainStatus"]["valueDomain"]["nextStatuses"]), ["CANDIDATE"]);
    }

    async fn a_partner_offers_approval_or_refusal_and_nothing_once_erased(app) {
        let created = app
            .data(
                "mutation { createPartner(input: { name: \"Buurtlabo\", stakeholderType: CIVIC_ORGANISATION }) { partner { id status nextStatuses } } }",
                json!({}),
            )
            .await;
        let partner = &created["createPartner"]["partner"];
        assert_eq!(partner["status"], "PENDING");
        assert_eq!(statuses(&partner["nextStatuses"]), ["APPROVED", "REFUSED", "ARCHIVED"]);
        let id = id_of(partner);

        let approved = app
            .data(
                "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { nextStatuses } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(statuses(&approved["setPartnerStatus"]["partner"]["nextStatuses"]), ["ARCHIVED"]);

        let erased = app
            .data(
                "mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { status nextStatuses } } }",
                json!({ "id": id }),
            )
            .await;
        let partner = &erased["erasePartner"]["partner"];
        assert_eq!(partner["status"], "ARCHIVED");
        assert!(statuses(&partner["nextStatuses"]).is_empty(), "an erased partner moves no more");
        // The lifecycle alone would allow APPROVED; the API refuses it, as the empty list said.
        let refused = app
            .error(
                "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { status } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(refused["extensions"]["code"], "CONFLICT");
    }
}
