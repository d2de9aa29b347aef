//! Gives every error in a GraphQL response a stable `extensions.code`, and makes sure no error text that
//! did not come from our own error type reaches the client.

use super::ids::{self, Kind};
use crate::error::{ApiError, OtherEvent};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe,
};
use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, ScalarType as _, Value};
use async_graphql::{Response, ServerError};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use std::sync::Arc;

/// The schema extension that finishes every response's errors.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        finish_all(next.run(ctx).await)
    }

    /// Subscriptions answer with a stream of responses: each is finished the same way.
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        Box::pin(next.run(ctx, stream).map(finish_all))
    }
}

/// Finishes every error of a response.
fn finish_all(mut response: Response) -> Response {
    for error in &mut response.errors {
        finish(error);
    }
    response
}

/// Sets the code (and field) of one error, unless it came with its code.
fn finish(error: &mut ServerError) {
    if error
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("code").is_some())
    {
        return;
    }
    let mut retry_after = None;
    let mut event = None;
    let mut current = None;
    let (code, field) = if let Some(api) = error.source::<ApiError>() {
        match api {
            ApiError::RateLimited {
                retry_after_seconds,
            } => retry_after = Some(*retry_after_seconds),
            ApiError::WrongEvent { event: other, .. } => event = Some(named(other)),
            ApiError::Changed {
                current: Some(values),
                ..
            } => current = Value::from_json(values.clone()).ok(),
            _ => {}
        }
        (api.code(), api.field().map(str::to_owned))
    } else if error.source.is_some() {
        // An error from some other library: its text may name internals, so it is logged, not shown.
        tracing::error!(message = %error.message, path = ?error.path, "unexpected error in a resolver");
        error.message = ApiError::Internal.to_string();
        (ApiError::Internal.code(), None)
    } else {
        // async-graphql's own findings about the request: its limits, then syntax, unknown fields and
        // wrong argument types.
        if let Some(explained) = explain_date_time(&error.message) {
            error.message = explained;
        }
        (limit_code(&error.message).unwrap_or("VALIDATION"), None)
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code);
    if let Some(field) = field {
        extensions.set("field", field);
    }
    if let Some(seconds) = retry_after {
        extensions.set("retryAfterSeconds", seconds);
    }
    if let Some(event) = event {
        extensions.set("event", event);
    }
    if let Some(values) = current {
        extensions.set("current", values);
    }
}

/// The event a `WRONG_EVENT` names, as `extensions.event`: its global id, its title, and its start in UTC
/// (as the schema's `DateTime` writes it) and in Brussels local time (as the event's `startsAtLocal`).
fn named(event: &OtherEvent) -> Value {
    let mut fields = IndexMap::new();
    fields.insert(
        Name::new("id"),
        Value::from(ids::encode(Kind::CoCreationEvent, event.id).0),
    );
    fields.insert(Name::new("title"), Value::from(event.title.as_str()));
    fields.insert(Name::new("startsAt"), event.starts_at.to_value());
    fields.insert(
        Name::new("startsAtLocal"),
        Value::from(super::events::brussels(event.starts_at)),
    );
    Value::Object(fields)
}

/// async-graphql's words for a `DateTime` it cannot read, such as one typed without its offset.
const DATE_TIME_REFUSED: &str = "Failed to parse \"DateTime\"";

/// The message for a `DateTime` that does not read, saying what is expected: people type the time on
/// the clock in Brussels and leave out the offset, which says which instant that is.
fn explain_date_time(message: &str) -> Option<String> {
    let detail = message.strip_prefix(DATE_TIME_REFUSED)?;
    Some(format!(
        "a DateTime is an instant in RFC 3339, with its offset from UTC: 2026-12-01T10:00:00+01:00 is 10:00 \
         in Brussels in winter (+02:00 in summer), 2026-12-01T09:00:00Z the same instant in \
         UTC; this one could not be read{detail}"
    ))
}

/// The code of a query refused by one of the schema's limits, known by async-graphql's message for it.
fn limit_code(message: &str) -> Option<&'static str> {
    match message {
        "Query is too complex." => Some("QUERY_TOO_COMPLEX"),
        // The parser stops on a document nested deeper than it will recurse (before `QueryShape` sees it).
        m if m.ends_with("recursion limit exceeded.") => Some("QUERY_TOO_DEEP"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_set_where_the_error_was_made_is_left_alone() {
        // As the persisted queries' refusal: Apollo Client reads both the message and the code.
        let mut error = ServerError::new("PersistedQueryNotFound", None);
        let mut extensions = async_graphql::ErrorExtensionValues::default();
        extensions.set("code", "PERSISTED_QUERY_NOT_FOUND");
        error.extensions = Some(extensions);
        finish(&mut error);
        assert_eq!(error.message, "PersistedQueryNotFound");
        assert_eq!(
            error.extensions.as_ref().and_then(|e| e.get("code")),
            Some(&Value::from("PERSISTED_QUERY_NOT_FOUND"))
        );
        let mut plain = ServerError::new("Unknown field", None);
        finish(&mut plain);
        assert_eq!(
            plain.extensions.as_ref().and_then(|e| e.get("code")),
            Some(&Value::from("VALIDATION"))
        );
    }

    #[tokio::test]
    async fn a_date_time_without_its_offset_is_refused_saying_what_is_expected() {
        use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
        use chrono::{DateTime, Utc};

        struct Query;

        #[Object]
        impl Query {
            async fn after(&self, from: DateTime<Utc>) -> String {
                from.to_rfc3339()
            }
        }

        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .extension(ErrorCodes)
            .finish();
        let literal = schema
            .execute(r#"{ after(from: "2026-12-01T10:00") }"#)
            .await;
        let variable = schema
            .execute(
                async_graphql::Request::new("query($f: DateTime!) { after(from: $f) }").variables(
                    async_graphql::Variables::from_json(
                        serde_json::json!({ "f": "1 december 10u" }),
                    ),
                ),
            )
            .await;
        for response in [literal, variable] {
            let error = &response.errors[0];
            assert!(
                error
                    .message
                    .contains("2026-12-01T10:00:00+01:00 is 10:00 in Brussels"),
                "{}",
                error.message
            );
            assert_eq!(
                error.extensions.as_ref().and_then(|e| e.get("code")),
                Some(&Value::from("VALIDATION"))
            );
        }
        let fine = schema
            .execute(r#"{ after(from: "2026-12-01T10:00:00+01:00") }"#)
            .await;
        assert!(fine.errors.is_empty(), "{:?}", fine.errors);
    }
}
