//! The preview of a Markdown text while it is being written: the same rendering the record's `…Html`
//! field will answer once it is saved, so the editor shows exactly what readers will see.

use super::viewer;
use crate::domain::validate;
use crate::error::ApiResult;
use crate::markdown;
use async_graphql::{Context, Object};

/// The preview query.
#[derive(Default)]
pub struct PreviewQuery;

#[Object]
impl PreviewQuery {
    /// A Markdown text rendered to sanitised HTML by the rules of every `…Html` field (a description, a
    /// story's body), for an editor's preview. Signed-in accounts only; at most as long as a body may be.
    async fn markdown_preview(&self, ctx: &Context<'_>, markdown: String) -> ApiResult<String> {
        viewer(ctx).actor()?;
        validate::text("markdown", &markdown, validate::MAX_BODY)?;
        Ok(markdown::to_html(&markdown))
    }
}
