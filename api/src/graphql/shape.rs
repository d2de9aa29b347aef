//! Refuses queries whose sheer size is the attack: too many aliases (the same costly field asked for
//! thousands of times) or too many fields. It counts the parsed document before validation, whose
//! field-merging check would otherwise spend time quadratic in the number of fields.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, ServerError, ServerResult, Variables};
use std::sync::Arc;

/// The most aliases one request may use.
pub const MAX_ALIASES: usize = 50;
/// The most fields one request may select, counting each written field once.
pub const MAX_FIELDS: usize = 1000;

/// The schema extension that counts aliases and fields.
pub struct QueryShape;

impl ExtensionFactory for QueryShape {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryShape)
    }
}

#[derive(Default)]
struct Counts {
    aliases: usize,
    fields: usize,
}

impl Counts {
    fn add(&mut self, set: &SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    self.fields += 1;
                    self.aliases += usize::from(field.node.alias.is_some());
                    self.add(&field.node.selection_set.node);
                }
                Selection::InlineFragment(fragment) => self.add(&fragment.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }

    fn of(document: &ExecutableDocument) -> Self {
        let mut counts = Counts::default();
        for (_, operation) in document.operations.iter() {
            counts.add(&operation.node.selection_set.node);
        }
        for fragment in document.fragments.values() {
            counts.add(&fragment.node.selection_set.node);
        }
        counts
    }
}

/// An error with its code already set.
fn refusal(code: &str, message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

#[async_trait::async_trait]
impl Extension for QueryShape {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let counts = Counts::of(&document);
        if counts.aliases > MAX_ALIASES {
            return Err(refusal(
                "TOO_MANY_ALIASES",
                format!(
                    "the query uses {} aliases; at most {MAX_ALIASES} are allowed",
                    counts.aliases
                ),
            ));
        }
        if counts.fields > MAX_FIELDS {
            return Err(refusal(
                "QUERY_TOO_COMPLEX",
                format!(
                    "the query selects {} fields; at most {MAX_FIELDS} are allowed",
                    counts.fields
                ),
            ));
        }
        Ok(document)
    }
}
