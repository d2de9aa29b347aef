//! Refuses queries whose shape is the attack: nested too deep, too many aliases (the same costly field
//! asked for thousands of times) or too many fields. It measures the parsed document before validation,
//! whose field-merging check would otherwise spend time quadratic in the number of fields.
//!
//! Introspection (`__schema`, `__type`) is left out of the depth: its standard query nests fifteen levels
//! of type references, and tools such as GraphiQL need it.
//!
//! Before anything recurses over a document, its text is scanned once, without recursion: brackets nested
//! deeper than [`MAX_NESTING`] (a list literal two thousand levels deep is four kilobytes) are refused
//! there, and so are variables nested deeper than [`MAX_VARIABLE_DEPTH`]. Every later walk, the parser's
//! included, then recurses a bounded number of times. NUL characters in any string are refused too: no
//! database stores them.
//!
//! It also keeps the WebSocket to subscriptions (see [`OverWebSocket`]) and a GET to queries (see
//! [`OverGet`]), and refuses an operation whose required variables are not given, before any of it runs.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
};
use async_graphql::parser::types::{
    Directive, ExecutableDocument, FragmentDefinition, OperationDefinition, OperationType,
    Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult, Value, Variables};
use async_graphql::{Name, Positioned};

use crate::telemetry::selected_operation;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The deepest a query's data fields may nest.
pub const MAX_DEPTH: usize = 12;
/// The most aliases one request may use.
pub const MAX_ALIASES: usize = 50;
/// The most fields one request may write, counting each written field once.
pub const MAX_FIELDS: usize = 1000;
/// The most fields one request may select once its fragments are spread where they are used.
pub const MAX_EXPANDED_FIELDS: usize = 5000;

/// The deepest brackets (`{`, `[`, `(`) may nest in a document's text. Far above any real query (the
/// introspection query nests about ten), far below what would exhaust a thread's stack.
pub const MAX_NESTING: usize = 64;
/// The deepest lists and objects may nest in a request's variables.
pub const MAX_VARIABLE_DEPTH: usize = 32;

/// Marks the requests of a WebSocket connection, which may only subscribe: a query or mutation there would
/// run with the viewer fixed when the connection opened, past a logout or a revoked session.
#[derive(Debug, Clone, Copy)]
pub struct OverWebSocket;

/// Marks a request sent with `GET`, which may only read: any page can make a browser send a GET (a link,
/// an image), and caches keep GETs. The operation that would run decides, chosen by the request's
/// `operationName` as async-graphql chooses it, after a persisted query's hash has become its text.
#[derive(Debug, Clone, Copy)]
pub struct OverGet;

/// The code of a mutation or subscription sent with GET (answered with HTTP 405 and `Allow: POST`).
pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";

/// The schema extension that measures depth and counts aliases and fields.
pub struct QueryShape;

impl ExtensionFactory for QueryShape {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestShape::default())
    }
}

/// One operation's check (async-graphql creates the extension anew for every operation).
#[derive(Default)]
struct RequestShape {
    /// The `operationName` the request asked for: which operation of the document would run.
    asked: Mutex<Option<String>>,
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
        let operations = document
            .operations
            .iter()
            .map(|(_, op)| measure.of(&op.node.selection_set.node))
            .fold(Extent::default(), Extent::max_with);
        // Fragments no operation uses are measured too, since validation walks their spreads as well; but
        // only a cycle, a chain of spreads too long to follow or a fragment bomb refuses them (their depth
        // alone says nothing: a fragment of introspection fields is measured here outside `__schema`).
        let unused: Vec<&str> = document
            .fragments
            .keys()
            .map(|name| name.as_str())
            .filter(|name| !measure.known.contains_key(name))
            .collect();
        let unused_refused = unused
            .into_iter()
            .any(|name| measure.fragment(name).fields > MAX_EXPANDED_FIELDS);
        Extent {
            depth: if unused_refused {
                MAX_DEPTH + 1
            } else {
                operations.depth
            },
            fields: operations.fields,
        }
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
        // A cycle of fragments, or a chain of spreads longer than any walk after this one may recurse
        // (spreads add no depth of their own, but every later walk follows them), counts as too deep.
        if self.measuring.len() >= MAX_NESTING || self.measuring.contains(&name) {
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
                // A spread is written too: a megabyte of spreads is no cheaper to check than of fields.
                Selection::FragmentSpread(_) => self.fields += 1,
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

/// How deep the brackets of a document's text nest, strings and comments left out. One pass over the
/// bytes, without recursion, so it is safe on any text, however hostile.
fn bracket_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // A block string ends at the next `"""` that is not escaped as `\"""`. Without one, the
                // parser reads `""` as an empty string and goes on after it: so does this.
                let mut end = i + 3;
                let mut closed = false;
                while end < bytes.len() {
                    if bytes[end..].starts_with(b"\\\"\"\"") {
                        end += 4;
                    } else if bytes[end..].starts_with(b"\"\"\"") {
                        end += 3;
                        closed = true;
                        break;
                    } else {
                        end += 1;
                    }
                }
                i = if closed { end } else { i + 2 };
                continue;
            }
            b'"' => {
                // A string ends at the next unescaped quote, or (unterminated, which the parser reports)
                // at the end of its line.
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
                continue;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// What is wrong with a request's variables, if anything: nesting deeper than [`MAX_VARIABLE_DEPTH`], or
/// a NUL character in a string or a key. Walks with a stack of its own, so any depth is safe.
fn variables_fault(variables: &Variables) -> Option<ServerError> {
    for (name, value) in variables.iter() {
        // Each value with its path of input fields, for a NUL to be reported where the input's own
        // validation would report it (`contact.phone`), or on the variable itself.
        let mut stack = vec![(value, 1usize, Vec::<&str>::new())];
        while let Some((value, depth, path)) = stack.pop() {
            if depth > MAX_VARIABLE_DEPTH {
                return Some(refusal(
                    "QUERY_TOO_DEEP",
                    format!("the variable ${name} nests deeper than {MAX_VARIABLE_DEPTH} levels"),
                ));
            }
            let here = || field_path(name.as_str(), &path);
            match value {
                Value::String(text) if text.contains('\0') => return Some(nul_refusal(&here())),
                Value::List(items) => {
                    stack.extend(items.iter().map(|item| (item, depth + 1, path.clone())));
                }
                Value::Object(fields) => {
                    for (key, item) in fields {
                        if key.contains('\0') {
                            return Some(nul_refusal(&here()));
                        }
                        let mut inner = path.clone();
                        inner.push(key.as_str());
                        stack.push((item, depth + 1, inner));
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The input field a path of object keys names: the keys joined by dots, or the variable or argument
/// itself when the value is not an object.
fn field_path(name: &str, path: &[&str]) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        path.join(".")
    }
}

/// The name of the first argument (or variable default) in a document that holds a NUL character. The
/// document's nesting is already bounded by [`MAX_NESTING`], so plain recursion is safe here.
fn argument_with_nul(document: &ExecutableDocument) -> Option<String> {
    /// The input field (see [`field_path`]) of a value under `name` that holds a NUL.
    fn in_value<'a>(
        value: &'a async_graphql_value::Value,
        name: &str,
        path: &mut Vec<&'a str>,
    ) -> Option<String> {
        use async_graphql_value::Value as V;
        match value {
            V::String(text) if text.contains('\0') => Some(field_path(name, path)),
            V::List(items) => items.iter().find_map(|item| in_value(item, name, path)),
            V::Object(fields) => fields.iter().find_map(|(key, item)| {
                if key.contains('\0') {
                    return Some(field_path(name, path));
                }
                path.push(key.as_str());
                let found = in_value(item, name, path);
                path.pop();
                found
            }),
            _ => None,
        }
    }
    fn in_const(value: &Value) -> bool {
        match value {
            Value::String(text) => text.contains('\0'),
            Value::List(items) => items.iter().any(in_const),
            Value::Object(fields) => fields
                .iter()
                .any(|(key, item)| key.contains('\0') || in_const(item)),
            _ => false,
        }
    }
    fn in_arguments(
        arguments: &[(Positioned<Name>, Positioned<async_graphql_value::Value>)],
    ) -> Option<String> {
        arguments
            .iter()
            .find_map(|(name, value)| in_value(&value.node, name.node.as_str(), &mut Vec::new()))
    }
    fn in_directives(directives: &[Positioned<Directive>]) -> Option<String> {
        directives
            .iter()
            .find_map(|directive| in_arguments(&directive.node.arguments))
    }
    fn in_set(set: &SelectionSet) -> Option<String> {
        set.items.iter().find_map(|item| match &item.node {
            Selection::Field(field) => in_arguments(&field.node.arguments)
                .or_else(|| in_directives(&field.node.directives))
                .or_else(|| in_set(&field.node.selection_set.node)),
            Selection::InlineFragment(fragment) => in_directives(&fragment.node.directives)
                .or_else(|| in_set(&fragment.node.selection_set.node)),
            Selection::FragmentSpread(spread) => in_directives(&spread.node.directives),
        })
    }
    document
        .operations
        .iter()
        .find_map(|(_, operation)| {
            operation
                .node
                .variable_definitions
                .iter()
                .find(|definition| {
                    definition
                        .node
                        .default_value
                        .as_ref()
                        .is_some_and(|value| in_const(&value.node))
                })
                .map(|definition| definition.node.name.node.to_string())
                .or_else(|| in_directives(&operation.node.directives))
                .or_else(|| in_set(&operation.node.selection_set.node))
        })
        .or_else(|| {
            document.fragments.values().find_map(|fragment| {
                in_directives(&fragment.node.directives)
                    .or_else(|| in_set(&fragment.node.selection_set.node))
            })
        })
}

/// The refusal of a NUL character in the input called `field`.
fn nul_refusal(field: &str) -> ServerError {
    let mut error = refusal(
        "VALIDATION",
        format!("{field}: text may not contain NUL characters"),
    );
    if let Some(extensions) = error.extensions.as_mut() {
        extensions.set("field", field);
    }
    error
}

/// An error with its code already set.
fn refusal(code: &str, message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

/// The refusal of a variable of the operation that is required (non-null) and not given without a
/// default, or given as null: the GraphQL spec's variable coercion fails before anything runs (async-graphql
/// would only find it once a field reads the variable, with part of the request run).
fn missing_variable(
    operation: &Positioned<OperationDefinition>,
    variables: &Variables,
) -> Option<ServerError> {
    operation
        .node
        .variable_definitions
        .iter()
        .find(|definition| {
            let definition = &definition.node;
            // Left out, it takes its default if it has one; given as null, it is null whatever the
            // default, which a non-null variable may not be.
            !definition.var_type.node.nullable
                && match variables.get(&definition.name.node) {
                    None => definition.default_value.is_none(),
                    Some(value) => *value == Value::Null,
                }
        })
        .map(|definition| {
            let definition = &definition.node;
            let mut error = refusal(
                "VALIDATION",
                format!(
                    "the variable ${} of type {} is required",
                    definition.name.node, definition.var_type.node
                ),
            );
            if let Some(extensions) = error.extensions.as_mut() {
                extensions.set("field", definition.name.node.as_str());
            }
            error
        })
}

#[async_trait::async_trait]
impl Extension for RequestShape {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        *self.asked.lock().unwrap_or_else(|p| p.into_inner()) = request.operation_name.clone();
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        _next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // The parser recurses into nested values without a limit of its own: the text is measured first.
        if bracket_depth(query) > MAX_NESTING {
            return Err(refusal(
                "QUERY_TOO_DEEP",
                format!("the document nests brackets deeper than {MAX_NESTING} levels"),
            ));
        }
        if let Some(fault) = variables_fault(variables) {
            return Err(fault);
        }
        // This parses the document itself instead of handing it on: async-graphql's own check after
        // parsing follows fragment spreads without remembering them, and a kilobyte of nested spreads
        // keeps it busy for minutes. `Measure` does the rest.
        let document = async_graphql::parser::parse_query(query)?;
        if let Some(field) = argument_with_nul(&document) {
            return Err(nul_refusal(&field));
        }
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
        let asked = self.asked.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let selected = selected_operation(&document, asked.as_deref()).map(|(_, op)| op);
        if let Some(operation) = selected
            && ctx.data_opt::<OverGet>().is_some()
            && operation.node.ty != OperationType::Query
        {
            return Err(refusal(
                METHOD_NOT_ALLOWED,
                format!(
                    "a {} cannot be sent with GET, which only reads: POST it to /graphql",
                    operation.node.ty
                ),
            ));
        }
        // One root field per subscription, as the GraphQL spec requires: each root field would be a
        // stream of its own, and the subscription limits count operations.
        let single_field = |set: &SelectionSet| matches!(set.items.as_slice(), [only] if matches!(only.node, Selection::Field(_)));
        if document.operations.iter().any(|(_, op)| {
            op.node.ty == OperationType::Subscription && !single_field(&op.node.selection_set.node)
        }) {
            return Err(refusal(
                "VALIDATION",
                "a subscription selects exactly one root field".to_owned(),
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
        // Last, so that a hostile shape is refused as such whatever its variables.
        if let Some(operation) = selected
            && let Some(missing) = missing_variable(operation, variables)
        {
            return Err(missing);
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
    fn bracket_depth_counts_brackets_outside_strings_and_comments() {
        assert_eq!(bracket_depth("{ a { b(x: [[1]]) } }"), 5);
        assert_eq!(bracket_depth(r#"{ a(s: "[[[[{{{{") }"#), 2);
        assert_eq!(bracket_depth("{ a(s: \"\"\" [[[ \\\"\"\" [[[ \"\"\") }"), 2);
        assert_eq!(bracket_depth("{ a # [[[[[[\n }"), 1);
        assert_eq!(bracket_depth(r#"{ a(s: "\"[[[") }"#), 2);
        assert_eq!(
            bracket_depth("]]]]{"),
            1,
            "stray closers never go below zero"
        );
        // An unclosed block string is read as the parser reads it: `""`, then what follows.
        assert_eq!(bracket_depth(r#"{ a(s: [""""[[[1]]]]) }"#), 6);
        let deep = format!("{{ a(x: {}1{}) }}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(bracket_depth(&deep), 5002);
    }

    #[test]
    fn deep_variables_and_nul_characters_are_found() {
        // Deeper than the limit (a request body cannot nest deeper than 128: the JSON parser stops it).
        let mut value = serde_json::json!("x");
        for _ in 0..200 {
            value = serde_json::json!([value]);
        }
        let deep = Variables::from_json(serde_json::json!({ "v": value }));
        let fault = variables_fault(&deep).expect("too deep");
        assert!(fault.message.contains("$v"), "{}", fault.message);
        let nul = Variables::from_json(serde_json::json!({ "w": { "a": ["ok", "b\u{0}"] } }));
        assert!(variables_fault(&nul).is_some());
        let fine = Variables::from_json(serde_json::json!({ "w": { "a": ["ok", [1, 2]] } }));
        assert!(variables_fault(&fine).is_none());
    }

    #[test]
    fn a_nul_in_any_argument_of_a_document_is_found() {
        let found = |text: &str| {
            let document = async_graphql::parser::parse_query(text).expect("it parses");
            argument_with_nul(&document)
        };
        assert_eq!(found(r#"{ a(slug: "x\u0000") }"#).as_deref(), Some("slug"));
        assert_eq!(
            found(r#"{ a { ... on T { b(filter: { q: ["y", "\u0000"] }) } } }"#).as_deref(),
            Some("q")
        );
        assert_eq!(
            found(r#"query($v: String = "\u0000") { a(x: $v) }"#).as_deref(),
            Some("v")
        );
        assert_eq!(found(r#"{ a(slug: "plain") }"#), None);
    }

    #[test]
    fn a_required_variable_must_be_given_and_not_null() {
        let missing = |text: &str, variables: serde_json::Value| {
            let document = async_graphql::parser::parse_query(text).expect("it parses");
            let (_, operation) = selected_operation(&document, None).expect("one operation");
            missing_variable(operation, &Variables::from_json(variables)).map(|e| e.message)
        };
        let required = "query($id: ID!, $n: Int) { a(id: $id, n: $n) }";
        assert!(
            missing(required, serde_json::json!({})).is_some_and(|m| m.contains("$id of type ID!"))
        );
        assert!(missing(required, serde_json::json!({ "id": null })).is_some());
        assert_eq!(
            missing(required, serde_json::json!({ "id": "x" })),
            None,
            "$n may be left out"
        );
        assert_eq!(
            missing(
                "query($id: ID! = \"x\") { a(id: $id) }",
                serde_json::json!({})
            ),
            None,
            "left out, it takes its default"
        );
        assert!(
            missing(
                "query($id: ID! = \"x\") { a(id: $id) }",
                serde_json::json!({ "id": null })
            )
            .is_some(),
            "given as null, the default does not apply"
        );
    }

    #[test]
    fn a_long_chain_of_spreads_is_too_deep_even_unused() {
        let chain = |links: usize, used: bool| {
            let mut text = if used { "{ ...a0 }" } else { "{ x }" }.to_owned();
            for n in 0..links {
                text.push_str(&format!(" fragment a{n} on Query {{ ...a{} }}", n + 1));
            }
            text.push_str(&format!(" fragment a{links} on Query {{ x }}"));
            async_graphql::parser::parse_query(text).expect("it parses")
        };
        for used in [true, false] {
            assert!(Measure::document(&chain(20_000, used)).depth > MAX_DEPTH);
            assert!(Measure::document(&chain(10, used)).depth <= MAX_DEPTH);
        }
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
