//! The Markdown fields come with their HTML: rendered and sanitised by the API, so every client shows the
//! same safe result.

use lode_tests::{code_of, db_tests, id_of};
use serde_json::json;

/// A text with Markdown and with HTML that would run a script if a page took it as markup.
const HOSTILE: &str = "# Aanpak\n\
    Dit is **vet** en *schuin*, met [een link](https://lode.example/x) en [een valstrik](javascript:alert(1)).\n\
    \n\
    <script>alert(1)</script><img src=x onerror=alert(1)>\n\
    \n\
    ![pixel](https://tracker.example/p.png) <a href=\"javascript:alert(1)\" onclick=\"alert(1)\">klik</a> <!-- weg -->";

/// What every Markdown field makes of [`HOSTILE`]: the heading below the page's title, the link to an
/// http(s) URL kept with its `rel`, the script link without its target, the HTML and the comment as text, the
/// image as its alternative text.
const RENDERED: &str = "<h2>Aanpak</h2>\n\
    <p>Dit is <strong>vet</strong> en <em>schuin</em>, met \
    <a href=\"https://lode.example/x\" rel=\"noopener noreferrer nofollow\">een link</a> en \
    <a rel=\"noopener noreferrer nofollow\">een valstrik</a>.</p>\n\
    <p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;\n</p>\n\
    <p>pixel &lt;a href=\"javascript:alert(1)\" onclick=\"alert(1)\"&gt;klik&lt;/a&gt; &lt;!-- weg --&gt;</p>\n";

db_tests! {
    async fn the_preview_renders_as_the_saved_field_will_for_signed_in_accounts_only(app) {
        let preview = app
            .data("query($m: String!) { markdownPreview(markdown: $m) }", json!({ "m": HOSTILE }))
            .await;
        assert_eq!(preview["markdownPreview"], RENDERED);

        let anonymous = app
            .graphql_as(None, "query($m: String!) { markdownPreview(markdown: $m) }", json!({ "m": "**x**" }))
            .await;
        assert_eq!(code_of(&anonymous["errors"][0]), "UNAUTHENTICATED", "{anonymous:#}");

        let too_long = "x".repeat(100_001);
        let refused = app
            .graphql("query($m: String!) { markdownPreview(markdown: $m) }", json!({ "m": too_long }))
            .await;
        assert_eq!(code_of(&refused["errors"][0]), "VALIDATION", "{refused:#}");
        assert_eq!(refused["errors"][0]["extensions"]["field"], "markdown");
    }

    async fn every_markdown_field_has_its_safe_html(app) {
        let domain = app
            .data(
                "mutation($input: CreateValueDomainInput!) { createValueDomain(input: $input) { valueDomain { id } } }",
                json!({ "input": { "name": "Markdown", "description": HOSTILE, "economicValue": 3, "societalValue": 3, "dataReadiness": 3 } }),
            )
            .await;
        let domain = id_of(&domain["createValueDomain"]["valueDomain"]);
        let case = app
            .data(
                "mutation($input: CreatePilotCaseInput!) { createPilotCase(input: $input) { pilotCase { id } } }",
                json!({ "input": { "title": "Markdown", "description": HOSTILE, "valueDomainId": domain, "cities": ["GENT"] } }),
            )
            .await;
        let case = id_of(&case["createPilotCase"]["pilotCase"]);
        let partner = app
            .data(
                "mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
                json!({ "input": { "name": "Markdown", "stakeholderType": "COMPANY", "description": HOSTILE } }),
            )
            .await;
        let partner = id_of(&partner["createPartner"]["partner"]);
        let event = app
            .event(
                "Markdown",
                "2031-05-01T12:00:00Z",
                "2031-05-01T14:00:00Z",
                json!({ "description": HOSTILE }),
            )
            .await;
        let story = app
            .data(
                "mutation($input: CreateSuccessStoryInput!) { createSuccessStory(input: $input) { successStory { id } } }",
                json!({ "input": { "title": "Markdown", "body": HOSTILE } }),
            )
            .await;
        let story = id_of(&story["createSuccessStory"]["successStory"]);

        let data = app
            .data(
                "query($ids: [ID!]!) { nodes(ids: $ids) {
                    ... on ValueDomain { description descriptionHtml }
                    ... on PilotCase { description descriptionHtml }
                    ... on Partner { description descriptionHtml }
                    ... on CoCreationEvent { description descriptionHtml }
                    ... on SuccessStory { description: body descriptionHtml: bodyHtml }
                } }",
                json!({ "ids": [domain, case, partner, event, story] }),
            )
            .await;
        let nodes = data["nodes"].as_array().expect("a list");
        assert_eq!(nodes.len(), 5);
        for node in nodes {
            assert_eq!(node["description"], HOSTILE, "the Markdown stays as written");
            assert_eq!(node["descriptionHtml"], RENDERED, "{node:#}");
        }
    }
}
