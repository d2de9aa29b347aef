//! Field errors as the GraphQL spec handles them ("Handling Field Errors"): a failed nullable field is
//! `null`, and a failed non-null field makes its nearest nullable ancestor `null` (a field, or an item of
//! a list whose items may be null), or `data` itself when there is none up to the root, after which no
//! further root field runs (a later mutation would change what its caller never sees). Each error is
//! reported once in `errors`, with its path.
//!
//! async-graphql 7 instead leaves a failed field out of its object, and answers `data: null` when no root
//! field is left: a client with a normalised cache (Apollo's `errorPolicy: 'all'`, Relay) then reads a
//! missing field instead of `null`, and loses the other root fields' data.
//!
//! How: the `resolve` hook answers every failed field with `null` and notes its error. A non-null field
//! answered `null` leaves a mark on the position above it, which that position's own hook (a field's, or
//! for an item of a list, the list field's, which knows the items' type) settles when it finishes: hooks
//! nest, so those beneath have finished by then. Since async-graphql resolves a field asked for twice
//! (through two fragments, say) twice and keeps whichever value came first, the positions answered `null`
//! are also noted and set to `null` in `data` once the operation is done. While nothing fails, a field
//! pays two atomic reads; once something has, the fields that were running meanwhile also take a lock.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::{
    PathSegment, QueryPathNode, QueryPathSegment, Response, ServerError, ServerResult, Value,
};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The schema extension that answers failed fields with `null` by the spec's rule.
pub struct NullOnError;

impl ExtensionFactory for NullOnError {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Nulls::default())
    }
}

/// One step of a position's path: a field's response key, or an index in a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

/// A position in the response, from the root.
type Path = Vec<Step>;

/// The path of a position.
fn path_of(node: &QueryPathNode<'_>) -> Path {
    let mut path = Vec::new();
    let mut next = Some(node);
    while let Some(node) = next {
        path.push(match node.segment {
            QueryPathSegment::Name(key) => Step::Key(key.to_owned()),
            QueryPathSegment::Index(index) => Step::Index(index),
        });
        next = node.parent;
    }
    path.reverse();
    path
}

/// The type of the positions `depth` list levels beneath a field of type `field_type` (`[[Item!]]!` at
/// depth 2 is `Item!`).
fn type_at(field_type: &str, depth: usize) -> &str {
    let mut ty = field_type;
    for _ in 0..depth {
        let list = ty.strip_suffix('!').unwrap_or(ty);
        ty = list
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(list);
    }
    ty
}

/// One operation's failures (async-graphql creates the extension anew for every operation; a
/// subscription's events are executed one after another, each in its own `execute`, because a
/// subscription has exactly one root field: `shape.rs` refuses more).
#[derive(Default)]
struct Nulls {
    /// Raised by every mark left and every failure, so that a field's hook can tell, without locking,
    /// whether anything beneath it failed while it ran.
    changes: AtomicUsize,
    /// Whether a non-null root field is `null`, which makes `data` null.
    root_broken: AtomicBool,
    failures: Mutex<Failures>,
}

/// What went wrong so far in the operation being executed.
#[derive(Default)]
struct Failures {
    /// The errors of the fields answered `null`.
    errors: Vec<ServerError>,
    /// Positions that must be `null` because a non-null position directly beneath them is: each is settled
    /// by the hook of the field it is (or, for a list's item, of the list field).
    marks: Vec<Path>,
    /// The positions answered `null`, to be set so in `data` at the end.
    nulled: Vec<Path>,
}

impl Nulls {
    fn failures(&self) -> MutexGuard<'_, Failures> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Settles a field that failed (`failed`) or under which something failed: the marks it owns make
    /// it, or items of its list, `null`. Answers whether the field itself is `null`; a non-null one then
    /// leaves its mark on the position above it.
    fn settle(&self, field: &QueryPathNode<'_>, field_type: &str, failed: bool) -> bool {
        let path = path_of(field);
        let mut failures = self.failures();
        let owned: Vec<Path> = failures
            .marks
            .extract_if(.., |mark| {
                mark.starts_with(&path)
                    && mark[path.len()..]
                        .iter()
                        .all(|step| matches!(step, Step::Index(_)))
            })
            .collect();
        let mut null = failed;
        for mut position in owned {
            // Up through the lists' items to the nearest one that may be null, or to the field itself.
            while position.len() > path.len() {
                if !type_at(field_type, position.len() - path.len()).ends_with('!') {
                    break;
                }
                position.pop();
            }
            if position.len() == path.len() {
                null = true;
            } else {
                failures.nulled.push(position);
            }
        }
        if !null {
            return false;
        }
        if field_type.ends_with('!') {
            match path.split_last() {
                Some((_, above)) if !above.is_empty() => failures.marks.push(above.to_vec()),
                _ => self.root_broken.store(true, Ordering::Release),
            }
            self.changes.fetch_add(1, Ordering::AcqRel);
        }
        failures.nulled.push(path);
        true
    }
}

/// Sets the value at `path` to `null`, if `data` still has it (an ancestor may be `null` already).
fn set_null(data: &mut Value, path: &[Step]) {
    let Some((last, above)) = path.split_last() else {
        return;
    };
    let mut value = data;
    for step in above {
        value = match (step, value) {
            (Step::Key(key), Value::Object(fields)) => match fields.get_mut(key.as_str()) {
                Some(value) => value,
                None => return,
            },
            (Step::Index(index), Value::List(items)) => match items.get_mut(*index) {
                Some(value) => value,
                None => return,
            },
            _ => return,
        };
    }
    match (last, value) {
        (Step::Key(key), Value::Object(fields)) => {
            if let Some(value) = fields.get_mut(key.as_str()) {
                *value = Value::Null;
            }
        }
        (Step::Index(index), Value::List(items)) => {
            if let Some(value) = items.get_mut(*index) {
                *value = Value::Null;
            }
        }
        _ => {}
    }
}

#[async_trait::async_trait]
impl Extension for Nulls {
    /// Sets the positions answered `null` in `data` (or `data` itself when a non-null root field is),
    /// and adds their errors, each once.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let failures = std::mem::take(&mut *self.failures());
        let root_broken = self.root_broken.swap(false, Ordering::AcqRel);
        if response.data == Value::Null {
            // Dropped whole by an extension within (the response budget): its own errors say why, and the
            // fields that failed are in no answer.
            return response;
        }
        if root_broken {
            response.data = Value::Null;
        } else {
            for path in &failures.nulled {
                set_null(&mut response.data, path);
            }
        }
        // A field asked for twice runs twice, and may fail twice in the same way.
        let mut seen: HashSet<(Path, String)> = HashSet::new();
        response
            .errors
            .extend(failures.errors.into_iter().filter(|error| {
                let path = error
                    .path
                    .iter()
                    .map(|segment| match segment {
                        PathSegment::Field(key) => Step::Key(key.clone()),
                        PathSegment::Index(index) => Step::Index(*index),
                    })
                    .collect();
                seen.insert((path, error.message.clone()))
            }));
        response
    }

    /// Answers a failed field with `null`, and settles the marks it owns once something beneath it
    /// failed ([`Nulls::settle`]). Once a non-null root field is `null`, later root fields do not run.
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let position = info.path_node;
        // An item of a list: the list field's hook settles it, knowing the items' type (async-graphql
        // reports the item of a `Vec<Option<T>>` as non-null).
        if matches!(position.segment, QueryPathSegment::Index(_)) {
            return next.run(ctx, info).await;
        }
        if position.parent.is_none() && self.root_broken.load(Ordering::Acquire) {
            return Ok(Some(Value::Null));
        }
        let return_type = info.return_type;
        let before = self.changes.load(Ordering::Acquire);
        let resolved = next.run(ctx, info).await;
        let failed = match resolved {
            Ok(value) if self.changes.load(Ordering::Acquire) == before => return Ok(value),
            Ok(value) => Err(value),
            Err(mut error) => {
                // async-graphql leaves the path out of some errors (a field selected on an interface).
                if error.path.is_empty() {
                    error.path = path_of(position)
                        .into_iter()
                        .map(|step| match step {
                            Step::Key(key) => PathSegment::Field(key),
                            Step::Index(index) => PathSegment::Index(index),
                        })
                        .collect();
                }
                self.failures().errors.push(error);
                self.changes.fetch_add(1, Ordering::AcqRel);
                Ok(())
            }
        };
        match failed {
            Err(value) if !self.settle(position, return_type, false) => Ok(value),
            Err(_) => Ok(Some(Value::Null)),
            Ok(()) => {
                self.settle(position, return_type, true);
                Ok(Some(Value::Null))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{Context, Interface, Object, Schema, Subscription};
    use futures_util::{Stream, StreamExt};
    use serde_json::{Value as Json, json};
    use std::sync::atomic::AtomicUsize;

    /// A record whose fields fail on demand.
    struct Item {
        fails: bool,
    }

    #[Object]
    impl Item {
        async fn fine(&self) -> i32 {
            1
        }
        /// Non-null, failing when the item fails.
        async fn required(&self) -> async_graphql::Result<i32> {
            if self.fails {
                Err("required failed".into())
            } else {
                Ok(2)
            }
        }
        /// Nullable, failing when the item fails.
        async fn optional(&self) -> async_graphql::Result<Option<i32>> {
            if self.fails {
                Err("optional failed".into())
            } else {
                Ok(Some(3))
            }
        }
        /// A non-null record beneath, failing like this one.
        async fn inner(&self) -> Item {
            Item { fails: self.fails }
        }
        /// A nullable record beneath, failing like this one.
        async fn maybe_inner(&self) -> Option<Item> {
            Some(Item { fails: self.fails })
        }
    }

    /// An interface over [`Item`], whose `required` fails with it.
    #[derive(Interface)]
    #[graphql(field(name = "required", ty = "i32"))]
    enum Named {
        Item(Item),
    }

    struct Query;

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
        }
        /// `[Named!]`: the second fails.
        async fn named(&self) -> Option<Vec<Named>> {
            Some(vec![
                Named::Item(Item { fails: false }),
                Named::Item(Item { fails: true }),
            ])
        }
        async fn nullable_fails(&self) -> async_graphql::Result<Option<i32>> {
            Err("nullable failed".into())
        }
        async fn required_fails(&self) -> async_graphql::Result<i32> {
            Err("required failed".into())
        }
        async fn item(&self, fails: bool) -> Option<Item> {
            Some(Item { fails })
        }
        async fn required_item(&self, fails: bool) -> Item {
            Item { fails }
        }
        /// `[Item]!`: the second item fails.
        async fn nullable_items(&self) -> Vec<Option<Item>> {
            vec![Some(Item { fails: false }), Some(Item { fails: true })]
        }
        /// `[Item!]`: the second item fails.
        async fn required_items(&self) -> Option<Vec<Item>> {
            Some(vec![Item { fails: false }, Item { fails: true }])
        }
        /// `[[Item!]]!`: the second list's only item fails.
        async fn nested_lists(&self) -> Vec<Option<Vec<Item>>> {
            vec![
                Some(vec![Item { fails: false }]),
                Some(vec![Item { fails: true }]),
            ]
        }
    }

    /// Mutations that fail, or count how often they ran.
    struct Mutation;

    #[Object]
    impl Mutation {
        /// Non-null, always failing.
        async fn fail(&self) -> async_graphql::Result<i32> {
            Err("mutation failed".into())
        }
        /// Non-null, counting its runs.
        async fn count(&self, ctx: &Context<'_>) -> i32 {
            let runs = ctx.data_unchecked::<Arc<AtomicUsize>>();
            i32::try_from(runs.fetch_add(1, Ordering::SeqCst) + 1).unwrap()
        }
    }

    struct Subscription;

    #[Subscription]
    impl Subscription {
        /// Two items, the second failing.
        async fn items(&self) -> impl Stream<Item = Item> {
            futures_util::stream::iter([Item { fails: false }, Item { fails: true }])
        }
    }

    fn schema() -> Schema<Query, Mutation, Subscription> {
        schema_counting(Arc::default())
    }

    fn schema_counting(runs: Arc<AtomicUsize>) -> Schema<Query, Mutation, Subscription> {
        Schema::build(Query, Mutation, Subscription)
            .data(runs)
            .extension(NullOnError)
            .finish()
    }

    /// The response as JSON, and its errors as (message, path) pairs.
    async fn run(query: &str) -> (Json, Vec<(String, Json)>) {
        let response = schema().execute(query).await;
        answer(response)
    }

    fn answer(response: Response) -> (Json, Vec<(String, Json)>) {
        let errors = response
            .errors
            .iter()
            .map(|e| (e.message.clone(), serde_json::to_value(&e.path).unwrap()))
            .collect();
        (response.data.into_json().unwrap(), errors)
    }

    #[tokio::test]
    async fn a_failed_nullable_field_is_null_beside_the_others() {
        let (data, errors) = run("{ ok nullableFails }").await;
        assert_eq!(data, json!({ "ok": 1, "nullableFails": null }));
        assert_eq!(
            errors,
            vec![("nullable failed".to_owned(), json!(["nullableFails"]))]
        );
    }

    #[tokio::test]
    async fn root_fields_that_all_fail_leave_an_object_of_nulls() {
        let (data, errors) = run("{ a: nullableFails b: nullableFails }").await;
        assert_eq!(data, json!({ "a": null, "b": null }));
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[tokio::test]
    async fn a_failed_non_null_root_field_makes_data_null() {
        let (data, errors) = run("{ ok requiredFails }").await;
        assert_eq!(data, Json::Null);
        assert_eq!(
            errors,
            vec![("required failed".to_owned(), json!(["requiredFails"]))]
        );
    }

    #[tokio::test]
    async fn a_failed_non_null_field_makes_its_nullable_parent_null() {
        let (data, errors) = run(
            "{ bad: item(fails: true) { fine required } good: item(fails: false) { fine required } }",
        )
        .await;
        assert_eq!(
            data,
            json!({ "bad": null, "good": { "fine": 1, "required": 2 } })
        );
        assert_eq!(
            errors,
            vec![("required failed".to_owned(), json!(["bad", "required"]))]
        );
    }

    #[tokio::test]
    async fn a_failed_nullable_field_keeps_its_parent() {
        let (data, _) = run("{ item(fails: true) { fine optional } }").await;
        assert_eq!(data, json!({ "item": { "fine": 1, "optional": null } }));
    }

    #[tokio::test]
    async fn a_chain_of_non_null_fields_is_null_up_to_the_nearest_nullable_one() {
        let (data, errors) =
            run("{ item(fails: true) { fine maybeInner { fine inner { inner { required } } } } }")
                .await;
        assert_eq!(data, json!({ "item": { "fine": 1, "maybeInner": null } }));
        assert_eq!(
            errors,
            vec![(
                "required failed".to_owned(),
                json!(["item", "maybeInner", "inner", "inner", "required"])
            )]
        );
    }

    #[tokio::test]
    async fn a_chain_of_non_null_fields_to_the_root_makes_data_null() {
        let (data, errors) = run("{ ok requiredItem(fails: true) { inner { required } } }").await;
        assert_eq!(data, Json::Null);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[tokio::test]
    async fn a_failed_item_of_a_list_of_nullable_items_is_null() {
        let (data, errors) = run("{ nullableItems { fine required } }").await;
        assert_eq!(
            data,
            json!({ "nullableItems": [{ "fine": 1, "required": 2 }, null] })
        );
        assert_eq!(
            errors,
            vec![(
                "required failed".to_owned(),
                json!(["nullableItems", 1, "required"])
            )]
        );
    }

    #[tokio::test]
    async fn a_failed_item_of_a_list_of_non_null_items_makes_the_list_null() {
        let (data, _) = run("{ ok requiredItems { required } }").await;
        assert_eq!(data, json!({ "ok": 1, "requiredItems": null }));
        let (data, _) = run("{ nestedLists { required } }").await;
        assert_eq!(data, json!({ "nestedLists": [[{ "required": 2 }], null] }));
    }

    #[tokio::test]
    async fn every_error_is_reported_once() {
        let (data, errors) =
            run("{ item(fails: true) { optional maybeInner { optional required } } }").await;
        assert_eq!(
            data,
            json!({ "item": { "optional": null, "maybeInner": null } })
        );
        let mut paths: Vec<String> = errors.iter().map(|(_, path)| path.to_string()).collect();
        paths.sort();
        assert_eq!(
            paths,
            vec![
                r#"["item","maybeInner","optional"]"#,
                r#"["item","maybeInner","required"]"#,
                r#"["item","optional"]"#,
            ]
        );
    }

    #[tokio::test]
    async fn each_event_of_a_subscription_is_answered_by_the_same_rule() {
        let responses: Vec<Response> = schema()
            .execute_stream("subscription { items { fine optional maybeInner { required } } }")
            .collect()
            .await;
        let answers: Vec<_> = responses.into_iter().map(answer).collect();
        assert_eq!(
            answers[0],
            (
                json!({ "items": { "fine": 1, "optional": 3, "maybeInner": { "required": 2 } } }),
                vec![]
            )
        );
        assert_eq!(
            answers[1].0,
            json!({ "items": { "fine": 1, "optional": null, "maybeInner": null } })
        );
        assert_eq!(answers[1].1.len(), 2, "{:?}", answers[1].1);
        let (data, errors) = answer(
            schema()
                .execute_stream("subscription { items { required } }")
                .collect::<Vec<_>>()
                .await
                .remove(1),
        );
        assert_eq!(data, Json::Null, "a non-null root field failed");
        assert_eq!(errors.len(), 1);
    }

    #[tokio::test]
    async fn a_field_asked_for_twice_is_null_when_either_time_fails() {
        for query in [
            "{ item(fails: true) { fine } item(fails: true) { required } }",
            "{ item(fails: true) { required } item(fails: true) { fine } }",
            "{ ...A ...B } fragment A on Query { item(fails: true) { fine } } \
             fragment B on Query { item(fails: true) { required } }",
        ] {
            let (data, errors) = run(query).await;
            assert_eq!(data, json!({ "item": null }), "{query}");
            assert_eq!(
                errors,
                vec![("required failed".to_owned(), json!(["item", "required"]))],
                "{query}"
            );
        }
    }

    #[tokio::test]
    async fn a_list_asked_for_twice_nulls_the_same_items() {
        let (data, _) = run("{ ok nullableItems { fine } nullableItems { required } }").await;
        assert_eq!(
            data,
            json!({ "ok": 1, "nullableItems": [{ "fine": 1, "required": 2 }, null] })
        );
        let (data, _) = run("{ ok requiredItems { fine } requiredItems { required } }").await;
        assert_eq!(data, json!({ "ok": 1, "requiredItems": null }));
    }

    #[tokio::test]
    async fn the_same_error_twice_is_reported_once() {
        let (_, errors) =
            run("{ item(fails: true) { optional ...F } } fragment F on Item { optional }").await;
        assert_eq!(
            errors,
            vec![("optional failed".to_owned(), json!(["item", "optional"]))]
        );
    }

    #[tokio::test]
    async fn no_mutation_runs_after_one_nulled_data() {
        let runs = Arc::new(AtomicUsize::new(0));
        let response = schema_counting(runs.clone())
            .execute("mutation { a: count b: fail c: count }")
            .await;
        let (data, errors) = answer(response);
        assert_eq!(data, Json::Null);
        assert_eq!(errors, vec![("mutation failed".to_owned(), json!(["b"]))]);
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the mutation after the failed one did not run"
        );
    }

    #[tokio::test]
    async fn a_field_of_an_interface_fails_once_with_its_path() {
        let (data, errors) = run("{ ok named { required ... on Item { required } } }").await;
        assert_eq!(data, json!({ "ok": 1, "named": null }));
        assert_eq!(
            errors,
            vec![(
                "required failed".to_owned(),
                json!(["named", 1, "required"])
            )]
        );
    }
}
