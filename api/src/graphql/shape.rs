//! Refuses queries whose shape is the attack: nested too deep, too many aliases (the same costly field
//! asked for thousands of times) or too many fields. It measures the parsed document before validation,
//! whose field-merging check would otherwise spend time quadratic in the number of fields.
//!
//! Introspection (`__schema`, `__type`) is left out of the depth: its standard query nests fifteen levels
//! of type references, and tools such as GraphiQL need it.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, ServerError, ServerResult, Variables};
use async_graphql::{Name, Positioned};
use std::collections::HashMap;
use std::sync::Arc;

/// The deepest a query's data fields may nest.
pub const MAX_DEPTH: usize = 12;
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

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// How deep a selection set nests its data fields, counting fragments where they are spread; it stops
/// counting past [`MAX_DEPTH`], which also ends a cycle of fragments.
fn depth(set: &SelectionSet, fragments: &Fragments, level: usize) -> usize {
    if level > MAX_DEPTH {
        return level;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) if field.node.name.node.starts_with("__") => level,
            Selection::Field(field) => depth(&field.node.selection_set.node, fragments, level + 1),
            Selection::InlineFragment(fragment) => {
                depth(&fragment.node.selection_set.node, fragments, level)
            }
            Selection::FragmentSpread(spread) => fragments
                .get(&spread.node.fragment_name.node)
                .map_or(level, |f| {
                    depth(&f.node.selection_set.node, fragments, level)
                }),
        })
        .max()
        .unwrap_or(level)
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
        let deepest = document
            .operations
            .iter()
            .map(|(_, op)| depth(&op.node.selection_set.node, &document.fragments, 0))
            .max()
            .unwrap_or(0);
        if deepest > MAX_DEPTH {
            return Err(refusal(
                "QUERY_TOO_DEEP",
                format!("the query nests deeper than {MAX_DEPTH} levels"),
            ));
        }
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
