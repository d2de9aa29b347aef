//! Field errors as the GraphQL spec handles them ("Handling Field Errors"): a failed nullable field is
//! `null`, and a failed non-null field makes its nearest nullable ancestor `null` (a field, or an item of
//! a list whose items may be null), or `data` itself when there is none up to the root. Each error is
//! reported once in `errors`, with its path.
//!
//! async-graphql 7 instead leaves a failed field out of its object, and answers `data: null` when no root
//! field is left: a client with a normalised cache (Apollo's `errorPolicy: 'all'`, Relay) then reads a
//! missing field instead of `null`, and loses the other root fields' data.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::{QueryPathNode, QueryPathSegment, Response, ServerError, ServerResult, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The schema extension that answers failed fields with `null` by the spec's rule.
pub struct NullOnError;

impl ExtensionFactory for NullOnError {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Nulls::default())
    }
}

/// One operation's failures (async-graphql creates the extension anew for every operation; a
/// subscription's events are resolved one after another, each in its own `execute`).
#[derive(Default)]
struct Nulls {
    failures: Mutex<Failures>,
}

/// What went wrong so far in the operation being executed.
#[derive(Default)]
struct Failures {
    /// The errors of the positions answered `null`, for the response's `errors`.
    errors: Vec<ServerError>,
    /// The positions (by path, the root as [`ROOT`]) with a non-null position directly beneath them that
    /// is `null` by an error: each of them must be `null` in turn.
    broken: HashSet<String>,
    /// The declared types of the list fields being resolved, by path, for their items: async-graphql
    /// reports the type of an item of a `Vec` as non-null even when it is an `Option`.
    lists: HashMap<String, String>,
}

/// The key of the root in [`Failures::broken`] (no field's path is empty).
const ROOT: &str = "";

impl Failures {
    /// Whether the position (a field, or an item of a list) may not be null.
    fn is_non_null(&self, position: &QueryPathNode<'_>, return_type: &str) -> bool {
        let mut depth = 0;
        let mut field = position;
        while let QueryPathSegment::Index(_) = field.segment {
            let Some(parent) = field.parent else {
                return true;
            };
            depth += 1;
            field = parent;
        }
        if depth == 0 {
            return return_type.ends_with('!');
        }
        let Some(mut ty) = self.lists.get(&field.to_string()).map(String::as_str) else {
            return true;
        };
        for _ in 0..depth {
            let list = ty.strip_suffix('!').unwrap_or(ty);
            match list.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                Some(item) => ty = item,
                None => return true,
            }
        }
        ty.ends_with('!')
    }
}

impl Nulls {
    fn failures(&self) -> MutexGuard<'_, Failures> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl Extension for Nulls {
    /// Adds the errors of the positions answered `null`, and makes `data` null when a non-null root field
    /// failed.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let failures = std::mem::take(&mut *self.failures());
        if response.data == Value::Null {
            // Dropped whole by an extension within (the response budget): its own errors say why, and the
            // fields that failed are in no answer.
            return response;
        }
        if failures.broken.contains(ROOT) {
            response.data = Value::Null;
        }
        response.errors.extend(failures.errors);
        response
    }

    /// Answers a failed position with `null`: its own error, or a non-null position directly beneath it
    /// answered `null` (hooks nest, so those beneath have finished). A non-null position answered `null`
    /// passes the failure to the position above it.
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let position = info.path_node;
        let return_type = info.return_type;
        let list = (matches!(position.segment, QueryPathSegment::Name(_))
            && return_type.starts_with('['))
        .then(|| {
            let key = position.to_string();
            self.failures()
                .lists
                .insert(key.clone(), return_type.to_owned());
            key
        });
        let resolved = next.run(ctx, info).await;
        let mut failures = self.failures();
        let broken_beneath =
            !failures.broken.is_empty() && failures.broken.remove(&position.to_string());
        if let Some(key) = list {
            failures.lists.remove(&key);
        }
        match resolved {
            Ok(value) if !broken_beneath => return Ok(value),
            Ok(_) => {}
            Err(error) => failures.errors.push(error),
        }
        if failures.is_non_null(position, return_type) {
            let above = position
                .parent
                .map_or_else(|| ROOT.to_owned(), ToString::to_string);
            failures.broken.insert(above);
        }
        Ok(Some(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, Object, Schema, Subscription};
    use futures_util::{Stream, StreamExt};
    use serde_json::{Value as Json, json};

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

    struct Query;

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
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

    struct Subscription;

    #[Subscription]
    impl Subscription {
        /// Two items, the second failing.
        async fn items(&self) -> impl Stream<Item = Item> {
            futures_util::stream::iter([Item { fails: false }, Item { fails: true }])
        }
    }

    fn schema() -> Schema<Query, EmptyMutation, Subscription> {
        Schema::build(Query, EmptyMutation, Subscription)
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
}
