//! Refuses queries whose shape is the attack: nested too deep, too many aliases (the same costly field
//! asked for thousands of times) or too many fields. It measures the parsed document before validation,
//! whose field-merging check would otherwise spend time quadratic in the number of fields.
//!
//! Introspection (`__schema`, `__type`) is left out of the depth: its standard query nests fifteen levels
//! of type references, and tools such as GraphiQL need it.
//!
//! It also keeps the WebSocket to subscriptions (see [`OverWebSocket`]).

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, ServerError, ServerResult, Variables};
use async_graphql::{Name, Positioned};

use std::collections::HashMap;
use std::sync::Arc;

/// The deepest a query's data fields may nest.
pub const MAX_DEPTH: usize = 12;
/// The most aliases one request may use.
pub const MAX_ALIASES: usize = 50;
/// The most fields one request may write, counting each written field once.
pub const MAX_FIELDS: usize = 1000;
/// The most fields one request may select once its fragments are spread where they are used.
pub const MAX_EXPANDED_FIELDS: usize = 5000;

/// Marks the requests of a WebSocket connection, which may only subscribe: a query or mutation there would
/// run with the viewer fixed when the connection opened, past a logout or a revoked session.
#[derive(Debug, Clone, Copy)]
pub struct OverWebSocket;

/// The schema extension that measures depth and counts aliases and fields.
pub struct QueryShape;

impl ExtensionFactory for QueryShape {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryShape)
    }
}

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// The depth (data fields only) and the size (every field, fragments expanded) of a selection set.
#[derive(Debug, Clone, Copy, Default)]
struct Extent {
    depth: usize,
    fields: usize,
}

impl Extent {
    fn max_with(self, other: Extent) -> Extent {
        Extent {
            depth: self.depth.max(other.depth),
            fields: self.fields.saturating_add(other.fields),
        }
    }
}

/// Measures selection sets as validation and execution will see them, with fragments expanded. Each
/// fragment is measured once and remembered, so the work grows with the size of the document however
/// often fragments are spread (a kilobyte of nested spreads can stand for billions of fields); a cycle of
/// fragments counts as too deep.
struct Measure<'a> {
    fragments: &'a Fragments,
    known: HashMap<&'a str, Extent>,
    measuring: Vec<&'a str>,
}

impl<'a> Measure<'a> {
    fn new(fragments: &'a Fragments) -> Self {
        Self {
            fragments,
            known: HashMap::new(),
            measuring: Vec::new(),
        }
    }

    /// The largest extent of any operation in the document.
    fn document(document: &'a ExecutableDocument) -> Extent {
        let mut measure = Measure::new(&document.fragments);
        document
            .operations
            .iter()
            .map(|(_, op)| measure.of(&op.node.selection_set.node))
            .fold(Extent::default(), Extent::max_with)
    }

    fn of(&mut self, set: &'a SelectionSet) -> Extent {
        let mut extent = Extent::default();
        for item in &set.items {
            let part = match &item.node {
                Selection::Field(field) => {
                    let below = self.of(&field.node.selection_set.node);
                    Extent {
                        // Introspection nests type references deeply and is left out of the depth.
                        depth: if field.node.name.node.starts_with("__") {
                            0
                        } else {
                            below.depth + 1
                        },
                        fields: below.fields.saturating_add(1),
                    }
                }
                Selection::InlineFragment(fragment) => self.of(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            extent = extent.max_with(part);
        }
        extent
    }

    fn fragment(&mut self, name: &'a str) -> Extent {
        if let Some(&extent) = self.known.get(name) {
            return extent;
        }
        if self.measuring.contains(&name) {
            return Extent {
                depth: MAX_DEPTH + 1,
                fields: MAX_EXPANDED_FIELDS + 1,
            };
        }
        let Some(fragment) = self.fragments.get(name) else {
            // Validation reports an unknown fragment.
            return Extent::default();
        };
        self.measuring.push(name);
        let extent = self.of(&fragment.node.selection_set.node);
        self.measuring.pop();
        self.known.insert(name, extent);
        extent
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
        _variables: &Variables,
        _next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // This parses the document itself instead of handing it on: async-graphql's own check after
        // parsing follows fragment spreads without remembering them, and a kilobyte of nested spreads
        // keeps it busy for minutes. The parser stops runaway nesting; `Measure` does the rest.
        let document = async_graphql::parser::parse_query(query)?;
        if ctx.data_opt::<OverWebSocket>().is_some()
            && document
                .operations
                .iter()
                .any(|(_, op)| op.node.ty != OperationType::Subscription)
        {
            return Err(refusal(
                "VALIDATION",
                "the WebSocket carries subscriptions only: send queries and mutations to POST /graphql"
                    .to_owned(),
            ));
        }
        let extent = Measure::document(&document);
        if extent.depth > MAX_DEPTH {
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
        if extent.fields > MAX_EXPANDED_FIELDS {
            return Err(refusal(
                "QUERY_TOO_COMPLEX",
                format!(
                    "with its fragments spread, the query selects more than {MAX_EXPANDED_FIELDS} fields"
                ),
            ));
        }
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose fragments each spread the next one `width` times, `levels` deep.
    fn bomb(levels: usize, width: usize) -> String {
        let spreads = |next: usize| -> String {
            (0..width)
                .map(|n| format!("a{n} {{ ...F{next} }} "))
                .collect()
        };
        let mut document = format!("{{ {} }}", spreads(1));
        for level in 1..levels {
            document.push_str(&format!(
                " fragment F{level} on Query {{ {} }}",
                spreads(level + 1)
            ));
        }
        document.push_str(&format!(" fragment F{levels} on Query {{ x }}"));
        document
    }

    #[test]
    fn fragments_are_measured_once_however_often_they_are_spread() {
        let document = async_graphql::parser::parse_query(bomb(11, 6)).expect("it parses");
        let started = std::time::Instant::now();
        let extent = Measure::document(&document);
        println!("measured in {:?}", started.elapsed());
        assert_eq!(extent.depth, 12);
        assert!(extent.fields > MAX_EXPANDED_FIELDS);
    }
}
