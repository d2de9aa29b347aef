//! Creating, reading, changing, moving and deleting records, and their relations.

use entities::values::{City, Role};
use lode_tests::{code_of, db_tests, id_of};
use serde_json::json;

db_tests! {
    async fn a_value_domain_is_created_read_changed_and_deleted(app) {
        let created = app
            .data(
                "mutation { createValueDomain(input: { name: \"Énergie & Klimaat\", economicValue: 5, societalValue: 4, dataReadiness: 1, themes: [ENER, ENVI, ENER] }) {
                    valueDomain { id slug name status priorityScore themes } } }",
                json!({}),
            )
            .await;
        let domain = &created["createValueDomain"]["valueDomain"];
        assert_eq!(domain["slug"], "energie-klimaat");
        assert_eq!(domain["status"], "CANDIDATE");
        assert_eq!(domain["priorityScore"], (2 * 5 + 2 * 4 + 1 - 5) * 5);
        assert_eq!(domain["themes"], json!(["ENER", "ENVI"]));
        let id = id_of(domain);

        let by_slug = app.data("{ valueDomain(slug: \"energie-klimaat\") { id name } }", json!({})).await;
        assert_eq!(by_slug["valueDomain"]["id"], id);

        let updated = app
            .data(
                "mutation($id: ID!) { updateValueDomain(input: { id: $id, dataReadiness: 5 }) { valueDomain { name dataReadiness priorityScore } } }",
                json!({ "id": id }),
            )
            .await;
        let domain = &updated["updateValueDomain"]["valueDomain"];
        assert_eq!(domain["name"], "Énergie & Klimaat", "fields left out stay as they were");
        assert_eq!(domain["priorityScore"], (2 * 5 + 2 * 4 + 5 - 5) * 5);

        let deleted = app
            .data("mutation($id: ID!) { deleteValueDomain(input: { id: $id }) { deletedId } }", json!({ "id": id }))
            .await;
        assert_eq!(deleted["deleteValueDomain"]["deletedId"], id);
        let gone = app.error("query($id: ID!) { valueDomain(id: $id) { id } }", json!({ "id": id })).await;
        assert_eq!(code_of(&gone), "NOT_FOUND");
    }

    async fn a_partial_update_changes_only_what_it_names_and_null_clears(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let created = app
            .data(
                "mutation($domain: ID!) { createPilotCase(input: { title: \"Werven in beeld\", valueDomainId: $domain, cities: [GENT, BRUGGE],
                    startDate: \"2026-01-05\", endDate: \"2026-06-30\", goals: [\"Sneller inzicht\"],
                    neededCapabilities: [{ name: \"GIS\", weight: 5 }], wantedStakeholderTypes: [GOVERNMENT, COMPANY] }) {
                    pilotCase { id phase } } }",
                json!({ "domain": domain }),
            )
            .await;
        let id = id_of(&created["createPilotCase"]["pilotCase"]);
        assert_eq!(created["createPilotCase"]["pilotCase"]["phase"], "PROPOSED");

        let updated = app
            .data(
                "mutation($id: ID!) { updatePilotCase(input: { id: $id, summary: \"Kort\", startDate: null }) {
                    pilotCase { title summary startDate endDate cities goals neededCapabilities { name weight } } } }",
                json!({ "id": id }),
            )
            .await;
        let case = &updated["updatePilotCase"]["pilotCase"];
        assert_eq!(case["title"], "Werven in beeld");
        assert_eq!(case["summary"], "Kort");
        assert_eq!(case["startDate"], serde_json::Value::Null);
        assert_eq!(case["endDate"], "2026-06-30");
        assert_eq!(case["cities"], json!(["GENT", "BRUGGE"]));
        assert_eq!(case["neededCapabilities"], json!([{ "name": "GIS", "weight": 5 }]));
    }

    async fn relations_resolve_both_ways(app) {
        let domain = app.value_domain("Luchtkwaliteit").await;
        let dataset = app
            .data(
                "mutation { createDataset(input: { title: \"Luchtmetingen\", publisher: \"Stad Gent\", url: \"https://data.example.org/lucht\", licence: \"CC0-1.0\", theme: ENVI }) { dataset { id } } }",
                json!({}),
            )
            .await;
        let dataset = id_of(&dataset["createDataset"]["dataset"]);
        let case = app
            .data(
                "mutation($d: ID!, $ds: ID!) { createPilotCase(input: { title: \"Lucht in real time\", valueDomainId: $d, cities: [GENT], datasetIds: [$ds] }) { pilotCase { id } } }",
                json!({ "d": domain, "ds": dataset }),
            )
            .await;
        let case = id_of(&case["createPilotCase"]["pilotCase"]);
        let partner = app.approved_partner("Sensorlab bv", "COMPANY").await;
        app.data(
            "mutation($p: ID!, $d: ID!) { updatePartner(input: { id: $p, interestIds: [$d] }) { partner { id } } }",
            json!({ "p": partner, "d": domain }),
        )
        .await;
        let event = app.event("Sensoren-workshop", "2030-03-01T17:00:00Z", "2030-03-01T19:00:00Z", json!({ "pilotCaseId": case, "valueDomainId": domain })).await;
        let story = app
            .data(
                "mutation($c: ID!, $p: ID!, $ds: ID!) { createSuccessStory(input: { title: \"Schonere lucht aan school\", pilotCaseId: $c, partnerIds: [$p], datasetIds: [$ds],
                    impactFigures: [{ label: \"Scholen\", value: \"12\" }] }) { successStory { id } } }",
                json!({ "c": case, "p": partner, "ds": dataset }),
            )
            .await;
        let story = id_of(&story["createSuccessStory"]["successStory"]);
        let member = app
            .data(
                "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DATA_PROVIDER }) { member { id status } } }",
                json!({ "c": case, "p": partner }),
            )
            .await;
        assert_eq!(member["invitePartnerToCase"]["member"]["status"], "INVITED");

        let from_case = app
            .data(
                "query($id: ID!) { pilotCase(id: $id) { valueDomain { id } datasets { id } events { id } successStories { id } members { partner { id } role status } } }",
                json!({ "id": case }),
            )
            .await;
        let c = &from_case["pilotCase"];
        assert_eq!(c["valueDomain"]["id"], domain);
        assert_eq!(c["datasets"][0]["id"], dataset);
        assert_eq!(c["events"][0]["id"], event);
        assert_eq!(c["successStories"][0]["id"], story);
        assert_eq!(c["members"], json!([{ "partner": { "id": partner }, "role": "DATA_PROVIDER", "status": "INVITED" }]));

        let from_domain = app
            .data(
                "query($id: ID!) { valueDomain(id: $id) { pilotCases { id } events { id } interestedPartners { id } } }",
                json!({ "id": domain }),
            )
            .await;
        assert_eq!(from_domain["valueDomain"]["pilotCases"][0]["id"], case);
        assert_eq!(from_domain["valueDomain"]["events"][0]["id"], event);
        assert_eq!(from_domain["valueDomain"]["interestedPartners"][0]["id"], partner);

        let from_partner = app
            .data(
                "query($id: ID!) { partner(id: $id) { interests { id } memberships { pilotCase { id } } successStories { id } } }",
                json!({ "id": partner }),
            )
            .await;
        assert_eq!(from_partner["partner"]["interests"][0]["id"], domain);
        assert_eq!(from_partner["partner"]["memberships"][0]["pilotCase"]["id"], case);
        assert_eq!(from_partner["partner"]["successStories"][0]["id"], story);

        let from_dataset = app
            .data(
                "query($id: ID!) { dataset(id: $id) { pilotCases { id } successStories { id } } }",
                json!({ "id": dataset }),
            )
            .await;
        assert_eq!(from_dataset["dataset"]["pilotCases"][0]["id"], case);
        assert_eq!(from_dataset["dataset"]["successStories"][0]["id"], story);

        let from_story = app
            .data(
                "query($id: ID!) { successStory(id: $id) { pilotCase { id } partners { id } datasets { id } impactFigures { label value } } }",
                json!({ "id": story }),
            )
            .await;
        assert_eq!(from_story["successStory"]["partners"][0]["id"], partner);
        assert_eq!(from_story["successStory"]["impactFigures"], json!([{ "label": "Scholen", "value": "12" }]));
    }

    async fn node_finds_any_record_by_its_global_id(app) {
        let domain = app.value_domain("Wonen").await;
        let partner = app.approved_partner("Buurtwerk vzw", "CIVIC_ORGANISATION").await;
        let data = app
            .data(
                "query($ids: [ID!]!, $one: ID!) {
                    node(id: $one) { __typename id ... on ValueDomain { name } }
                    nodes(ids: $ids) { __typename id } }",
                json!({ "one": domain, "ids": [partner, domain] }),
            )
            .await;
        assert_eq!(data["node"], json!({ "__typename": "ValueDomain", "id": domain, "name": "Wonen" }));
        assert_eq!(data["nodes"][0], json!({ "__typename": "Partner", "id": partner }));
        assert_eq!(data["nodes"][1]["__typename"], "ValueDomain");
    }

    async fn the_lifecycle_allows_its_moves_and_refuses_the_others(app) {
        let domain = app.value_domain("Economie").await;
        let selected = app
            .data("mutation($id: ID!) { setValueDomainStatus(input: { id: $id, status: SELECTED }) { valueDomain { status } } }", json!({ "id": domain }))
            .await;
        assert_eq!(selected["setValueDomainStatus"]["valueDomain"]["status"], "SELECTED");

        let case = app.pilot_case("Handel in data", &domain).await;
        let refused = app
            .error("mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: RUNNING }) { pilotCase { phase } } }", json!({ "id": case }))
            .await;
        assert_eq!(code_of(&refused), "CONFLICT");
        assert_eq!(refused["extensions"]["field"], "phase");
        assert_eq!(refused["message"], "a pilot case cannot move from PROPOSED to RUNNING (allowed: PREPARING, STOPPED)");
        let moved = app
            .data("mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: PREPARING }) { pilotCase { phase } } }", json!({ "id": case }))
            .await;
        assert_eq!(moved["setPilotCasePhase"]["pilotCase"]["phase"], "PREPARING");

        let story = app
            .data("mutation { createSuccessStory(input: { title: \"Open data, open deuren\" }) { successStory { id publishedAt } } }", json!({}))
            .await;
        let story_id = id_of(&story["createSuccessStory"]["successStory"]);
        assert!(story["createSuccessStory"]["successStory"]["publishedAt"].is_null());
        let set_story = "mutation($id: ID!, $s: StoryStatus!) { setSuccessStoryStatus(input: { id: $id, status: $s }) { successStory { status publishedAt } } }";
        let unreviewed = app.error(set_story, json!({ "id": story_id, "s": "PUBLISHED" })).await;
        assert_eq!(code_of(&unreviewed), "CONFLICT", "every story is reviewed before it is published");
        app.data(set_story, json!({ "id": story_id, "s": "IN_REVIEW" })).await;
        let published = app.data(set_story, json!({ "id": story_id, "s": "PUBLISHED" })).await;
        assert_eq!(published["setSuccessStoryStatus"]["successStory"]["status"], "PUBLISHED");
        assert!(published["setSuccessStoryStatus"]["successStory"]["publishedAt"].is_string());

        let future = app.event("Later", "2031-01-01T10:00:00Z", "2031-01-01T12:00:00Z", json!({})).await;
        app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { status } } }", json!({ "id": future })).await;
        let early = app
            .error("mutation($id: ID!) { setEventStatus(input: { id: $id, status: COMPLETED }) { event { status } } }", json!({ "id": future }))
            .await;
        assert_eq!(code_of(&early), "CONFLICT");
        assert_eq!(early["message"], "an event can be marked completed only once it has started");
    }

    async fn only_approved_partners_are_invited_and_only_once(app) {
        let domain = app.value_domain("Onderwijs").await;
        let case = app.pilot_case("Bomen volgen", &domain).await;
        let pending = app
            .data("mutation { createPartner(input: { name: \"Nieuwe school\", stakeholderType: EDUCATION_RESEARCH }) { partner { id status } } }", json!({}))
            .await;
        assert_eq!(pending["createPartner"]["partner"]["status"], "PENDING");
        let pending = id_of(&pending["createPartner"]["partner"]);
        let invite = "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: END_USER }) { member { id status } } }";
        let refused = app.error(invite, json!({ "c": case, "p": pending })).await;
        assert_eq!(code_of(&refused), "CONFLICT");

        let school = app.approved_partner("Basisschool De Linde", "EDUCATION_RESEARCH").await;
        let member = app.data(invite, json!({ "c": case, "p": school })).await;
        let member_id = id_of(&member["invitePartnerToCase"]["member"]);
        assert_eq!(code_of(&app.error(invite, json!({ "c": case, "p": school })).await), "CONFLICT");

        let accepted = app
            .data("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { status } } }", json!({ "id": member_id }))
            .await;
        assert_eq!(accepted["updatePilotCaseMember"]["member"]["status"], "ACCEPTED");
        let back = app
            .error("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: INVITED }) { member { status } } }", json!({ "id": member_id }))
            .await;
        assert_eq!(code_of(&back), "CONFLICT");

        app.data("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: DECLINED }) { member { status } } }", json!({ "id": member_id })).await;
        let again = app.data(invite, json!({ "c": case, "p": school })).await;
        assert_eq!(again["invitePartnerToCase"]["member"], json!({ "id": member_id, "status": "INVITED" }), "a declined partner is invited again");

        app.data("mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: STOPPED }) { pilotCase { phase } } }", json!({ "id": case })).await;
        let other = app.approved_partner("Stadsarchief", "GOVERNMENT").await;
        let closed = app.error(invite, json!({ "c": case, "p": other })).await;
        assert_eq!(code_of(&closed), "CONFLICT");
        assert_eq!(closed["extensions"]["field"], "pilotCaseId");
    }

    async fn an_open_invitation_is_withdrawn_once_and_no_longer_open_to_the_partner(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let case = app.pilot_case("Deelfietsen", &domain).await;
        let partner = app.approved_partner("Fietsdelers", "COMPANY").await;
        let token = app.account("fiets@lode.test", Role::Partner, &[], Some(&partner)).await;
        let invite = "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DEVELOPER }) { member { id status } } }";
        let member = app.data(invite, json!({ "c": case, "p": partner })).await;
        let member_id = id_of(&member["invitePartnerToCase"]["member"]);
        let open_to_partner = || async {
            let mine = app.data_as(Some(&token), "{ me { partner { memberships { id status } } } }", json!({})).await;
            mine["me"]["partner"]["memberships"].as_array().expect("memberships").iter().filter(|m| m["status"] == "INVITED").count()
        };
        assert_eq!(open_to_partner().await, 1);
        let team_sees = app
            .data("query($id: ID!) { pilotCase(id: $id) { members { id role status createdAt partner { id } } } }", json!({ "id": case }))
            .await;
        let open = &team_sees["pilotCase"]["members"][0];
        assert_eq!((&open["status"], &open["role"]), (&json!("INVITED"), &json!("DEVELOPER")), "who, which role and since when: {open:#}");
        assert!(open["createdAt"].is_string());

        let withdraw = "mutation($id: ID!) { withdrawInvitation(input: { id: $id }) { member { id status } } }";
        // Read before the invitation changed, a withdrawal is refused with what the invitation is now.
        let read_at = app.data("query($id: ID!) { node(id: $id) { ... on PilotCaseMember { updatedAt } } }", json!({ "id": member_id })).await["node"]["updatedAt"].clone();
        app.data("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, role: LEAD }) { member { role } } }", json!({ "id": member_id })).await;
        let stale = app
            .error("mutation($id: ID!, $at: DateTime!) { withdrawInvitation(input: { id: $id, expectedUpdatedAt: $at }) { member { id } } }", json!({ "id": member_id, "at": read_at }))
            .await;
        assert_eq!(code_of(&stale), "CONFLICT", "{stale:#}");
        assert_eq!(stale["extensions"]["current"]["role"], "LEAD", "{stale:#}");
        let withdrawn = app.data(withdraw, json!({ "id": member_id })).await;
        assert_eq!(withdrawn["withdrawInvitation"]["member"], json!({ "id": member_id, "status": "WITHDRAWN" }));
        assert_eq!(open_to_partner().await, 0, "a withdrawn invitation is not open to the partner");
        let again = app.error(withdraw, json!({ "id": member_id })).await;
        assert_eq!(code_of(&again), "CONFLICT", "only an open invitation is withdrawn: {again:#}");
        let answer = app
            .graphql_as(Some(&token), "mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { status } } }", json!({ "id": member_id }))
            .await;
        assert_eq!(code_of(&answer["errors"][0]), "CONFLICT", "a withdrawn invitation cannot be accepted");
        let logged = app.data("query($a: String!) { auditLog(filter: { action: $a }) { totalCount } }", json!({ "a": "withdrawInvitation" })).await;
        assert_eq!(logged["auditLog"]["totalCount"], 1);

        let reinvited = app.data(invite, json!({ "c": case, "p": partner })).await;
        assert_eq!(reinvited["invitePartnerToCase"]["member"], json!({ "id": member_id, "status": "INVITED" }), "the partner may be invited again");
        assert_eq!(open_to_partner().await, 1);
        let by_update = app
            .error("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: WITHDRAWN }) { member { status } } }", json!({ "id": member_id }))
            .await;
        assert_eq!(code_of(&by_update), "VALIDATION", "withdrawing has its own mutation: {by_update:#}");
        app.data("mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { status } } }", json!({ "id": member_id }))
            .await;
        let accepted = app.error(withdraw, json!({ "id": member_id })).await;
        assert_eq!(code_of(&accepted), "CONFLICT", "an accepted invitation is no longer open");
        let brugge = app.account("brugge@lode.test", Role::Coordinator, &[City::Brugge], None).await;
        let refused = app.graphql_as(Some(&brugge), withdraw, json!({ "id": member_id })).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN", "only those who manage the case");
    }

    async fn a_partners_contact_is_stored_apart_and_never_returned(app) {
        let created = app
            .graphql(
                "mutation { createPartner(input: { name: \"Fietsersbond Brugge\", stakeholderType: CIVIC_ORGANISATION,
                    contact: { name: \"An Voorbeeld\", email: \"an.voorbeeld@example.org\", phone: \"+32 50 12 34 56\" } }) {
                    partner { id name } } }",
                json!({}),
            )
            .await;
        assert!(created.get("errors").is_none(), "{created:#}");
        let id = id_of(&created["data"]["createPartner"]["partner"]);
        let everything = app
            .graphql(
                "query($id: ID!) { partner(id: $id) { id slug name stakeholderType description website homeCity capabilities dataOffered dataNeeded status } partners { nodes { id name } } node(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await
            .to_string();
        assert!(!everything.contains("an.voorbeeld@example.org"));
        assert!(!everything.contains("An Voorbeeld"));

        let contacts = contact_emails(&app.db).await;
        assert_eq!(contacts, vec!["an.voorbeeld@example.org".to_owned()]);

        let bad = app
            .error(
                "mutation($id: ID!) { updatePartner(input: { id: $id, contact: { name: \"X\", email: \"not-an-address\" } }) { partner { id } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(code_of(&bad), "VALIDATION");
        assert_eq!(bad["extensions"]["field"], "contact.email");
    }
}

/// The e-mail addresses stored in the contact table, read behind the API's back.
async fn contact_emails(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT email FROM partner_contact",
        ))
        .await
        .expect("the contact table can be read");
    rows.iter()
        .map(|row| row.try_get::<String>("", "email").expect("an email column"))
        .collect()
}
