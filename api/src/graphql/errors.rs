//! Gives every error in a GraphQL response a stable `extensions.code`, and makes sure no error text that
//! did not come from our own error type reaches the client.

use crate::error::ApiError;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextRequest, NextSubscribe,
};
use async_graphql::{Response, ServerError, Value};
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
    let mut current = None;
    let (code, field) = if let Some(api) = error.source::<ApiError>() {
        match api {
            ApiError::RateLimited {
                retry_after_seconds,
            } => retry_after = Some(*retry_after_seconds),
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
    if let Some(values) = current {
        extensions.set("current", values);
    }
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
}
