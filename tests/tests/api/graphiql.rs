//! The Content-Security-Policy on every answer, and GraphiQL served by LODE itself (its page and the files
//! it loads, all from the same origin).

use lode_api::config::ApiOptions;
use lode_tests::{Backend, TestApp, db_tests, test_options, test_relay_settings};
use serde_json::json;

/// The policy every answer carries.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The policy header of an answer.
fn policy_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The values of every `attribute="…"` in a page.
fn attribute_values<'a>(page: &'a str, attribute: &str) -> Vec<&'a str> {
    let marker = format!(" {attribute}=\"");
    page.match_indices(&marker)
        .filter_map(|(at, _)| page[at + marker.len()..].split('"').next())
        .collect()
}

/// A server with introspection, and so GraphiQL, off.
async fn without_graphiql(backend: Backend) -> Option<TestApp> {
    let options = ApiOptions {
        introspection: false,
        ..test_options()
    };
    TestApp::spawn_with(backend, test_relay_settings(), options).await
}

db_tests! {
    async fn every_answer_carries_the_content_security_policy(app) {
        for path in [
            "/", "/js/main.js", "/css/base.css", "/js/nergens.js", "/health", "/ready", "/events.ics", "/events/onbekend.ics",
            "/events.ics?city=PARIJS", "/graphql/ws", "/graphiql/graphiql.min.js", "/graphiql/onbekend.js",
            "/nergens",
        ] {
            let response = app.get(path).await;
            assert_eq!(policy_of(&response).as_deref(), Some(POLICY), "{path} ({})", response.status());
        }
        let query = app.client.post(format!("{}/graphql", app.address)).json(&json!({ "query": "{ __typename }" })).send().await.expect("an answer");
        assert_eq!(policy_of(&query).as_deref(), Some(POLICY), "POST /graphql");
        let refused = app.client.post(format!("{}/graphql", app.address)).body("query=x").send().await.expect("an answer");
        assert_eq!(refused.status(), 415);
        assert_eq!(policy_of(&refused).as_deref(), Some(POLICY), "a refused POST /graphql");
        // GraphiQL's page allows one thing more: the fonts its style sheet carries as data: URLs.
        let graphiql = app.browse("/graphql").await;
        assert_eq!(policy_of(&graphiql), Some(format!("{POLICY}; font-src 'self' data:")), "GET /graphql");
    }

    async fn graphiql_loads_only_its_own_files_with_their_types(app) {
        let response = app.browse("/graphql").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().expect("a type").starts_with("text/html"));
        let page = response.text().await.expect("a page");
        assert!(!page.contains("<style") && !page.contains(" style="), "no inline style");
        assert_eq!(page.matches("<script").count(), page.matches("<script src=\"/").count(), "no inline script");
        assert!(!page.contains(" on"), "no inline event handler");

        let scripts = attribute_values(&page, "src");
        let links = attribute_values(&page, "href");
        assert_eq!(scripts, ["/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js",
            "/graphiql/graphiql.min.js", "/graphiql/graphiql.js"]);
        assert_eq!(links, ["data:,", "/graphiql/graphiql.min.css", "/graphiql/page.css"]);
        for path in scripts.iter().chain(&links).filter(|p| p.starts_with('/')) {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            let kind = if path.ends_with(".js") { "text/javascript; charset=utf-8" } else { "text/css; charset=utf-8" };
            assert_eq!(response.headers()["content-type"], kind, "{path}");
            assert_eq!(response.headers()["x-content-type-options"], "nosniff", "{path}");
            let body = response.bytes().await.expect("a body");
            assert!(body.len() > 100, "{path} has content");
            assert!(!String::from_utf8_lossy(&body).contains("unpkg.com"), "{path} loads nothing from a CDN");
        }
        assert_eq!(app.get("/graphiql/%2e%2e%2fCargo.toml").await.status(), 404);
        assert_eq!(app.get("/graphiql/LICENSE.react").await.status(), 404, "only the page's files are served");
    }
}

db_tests! {
    spawn with without_graphiql;

    async fn without_introspection_graphiql_and_its_files_are_not_served(app) {
        // A browser is answered in JSON like any client: here, that a GET needs a query.
        let browsed = app.browse("/graphql").await;
        assert_eq!(browsed.status(), 400);
        assert_eq!(browsed.headers()["content-type"], "application/json");
        let body: serde_json::Value = browsed.json().await.expect("JSON");
        assert_eq!(body["errors"][0]["extensions"]["field"], "query");
        assert_eq!(app.get("/graphiql/graphiql.min.js").await.status(), 404);
        assert_eq!(app.get("/graphiql/graphiql.js").await.status(), 404);
    }
}
