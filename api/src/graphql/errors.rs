//! Gives every error in a GraphQL response a stable `extensions.code`, and makes sure no error text that
//! did not come from our own error type reaches the client.

use crate::error::ApiError;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{Response, ServerError};
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
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            finish(error);
        }
        response
    }
}

/// Sets the code (and field) of one error.
fn finish(error: &mut ServerError) {
    let (code, field) = if let Some(api) = error.source::<ApiError>() {
        (api.code(), api.field().map(str::to_owned))
    } else if error.source.is_some() {
        // An error from some other library: its text may name internals, so it is logged, not shown.
        tracing::error!(message = %error.message, path = ?error.path, "unexpected error in a resolver");
        error.message = ApiError::Internal.to_string();
        (ApiError::Internal.code(), None)
    } else {
        // async-graphql's own findings about the request (syntax, unknown fields, wrong argument types, limits).
        ("VALIDATION", None)
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code);
    if let Some(field) = field {
        extensions.set("field", field);
    }
}
