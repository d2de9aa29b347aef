//! A response-size budget: the cost limit bounds how many records a query may ask for, but records differ
//! in size and lists without paging count by an estimate. This extension adds up what a response holds
//! while it is being resolved and stops the request once it passes the budget, so no query, however it
//! slips past the cost limit, can build a response of hundreds of megabytes.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::parser::types::{Field, Selection};
use async_graphql::{ErrorExtensionValues, Response, ServerError, ServerResult, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The code of an answer dropped for its size: the operation ran, its `data` is null.
pub const RESPONSE_TOO_LARGE: &str = "RESPONSE_TOO_LARGE";
/// The bytes spent so far by one HTTP request's operations, shared by the operations of a batch (put in
/// each operation's data by [`super::execute_batch`]); an operation without it keeps its own count.
#[derive(Clone, Default)]
pub struct Spent(Arc<AtomicUsize>);

/// The schema extension that keeps each response within a byte budget.
pub struct ResponseBudget {
    /// The most bytes one response may hold.
    pub max_bytes: usize,
}

impl ExtensionFactory for ResponseBudget {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Budget {
            max_bytes: self.max_bytes,
            counting: AtomicBool::new(false),
            own: Spent::default(),
            exceeded: AtomicBool::new(false),
        })
    }
}

/// One operation's budget (async-graphql creates the extension anew for every operation).
struct Budget {
    max_bytes: usize,
    /// Set for queries and each event of a subscription, each its own answer. A mutation's answer is
    /// small and must reach its client whole (its changes are made).
    counting: AtomicBool,
    /// The count used when the request brings no shared one.
    own: Spent,
    exceeded: AtomicBool,
}

impl Budget {
    fn refusal(&self) -> ServerError {
        let mut error = ServerError::new(
            format!(
                "the response would be larger than {} MiB: ask for fewer records or fields, or page through them",
                self.max_bytes / (1024 * 1024)
            ),
            None,
        );
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", RESPONSE_TOO_LARGE);
        error.extensions = Some(extensions);
        error
    }
}

/// What a resolved value adds to the response by itself: scalars their text; objects their punctuation
/// and `__typename` fields (which async-graphql answers without resolving them); lists their punctuation,
/// since each item is resolved (and counted) on its own.
fn own_size(value: &Value, field: &Field) -> usize {
    match value {
        Value::Null | Value::Boolean(_) => 5,
        Value::Number(_) => 20,
        Value::String(text) => text.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::Binary(bytes) => bytes.len() * 2,
        Value::List(items) => items.len() + 2,
        Value::Object(_) => {
            let typenames = field
                .selection_set
                .node
                .items
                .iter()
                .filter(|item| {
                    matches!(&item.node, Selection::Field(field) if field.node.name.node == "__typename")
                })
                .count();
            2 + typenames * 40
        }
    }
}

#[async_trait::async_trait]
impl Extension for Budget {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        self.counting.store(true, Ordering::Relaxed);
        // Each event of a subscription is executed here on its own, and is an answer of its own: it
        // starts from an empty budget (an HTTP request's operations share theirs through `Spent`).
        self.own.0.store(0, Ordering::Relaxed);
        self.exceeded.store(false, Ordering::Relaxed);
        let response = next.run(ctx, operation_name).await;
        if self.exceeded.load(Ordering::Relaxed) {
            // What was built is dropped whole: a half response would look complete to a client.
            return Response::from_errors(vec![self.refusal()]);
        }
        response
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if info.path_node.parent.is_none()
            && ctx.schema_env.registry.mutation_type.as_deref() == Some(info.parent_type)
        {
            self.counting.store(false, Ordering::Relaxed);
        }
        if !self.counting.load(Ordering::Relaxed) {
            return next.run(ctx, info).await;
        }
        if self.exceeded.load(Ordering::Relaxed) {
            // The answer is replaced whole: the fields still running stop at once, cheaply. (A null, not
            // nothing: async-graphql requires a value for every item of a list.)
            return Ok(Some(Value::Null));
        }
        let spent = ctx.data_opt::<Spent>().unwrap_or(&self.own);
        let key = info.alias.unwrap_or(info.name).len() + 4;
        let field = info.field;
        let resolved = next.run(ctx, info).await;
        let size = key
            + match &resolved {
                Ok(Some(value)) => own_size(value, field),
                Ok(None) => 5,
                Err(error) => error.message.len() + 200,
            };
        if spent.0.fetch_add(size, Ordering::Relaxed) + size > self.max_bytes {
            self.exceeded.store(true, Ordering::Relaxed);
            return Ok(Some(Value::Null));
        }
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, Object, Schema, Subscription};
    use futures_util::{Stream, StreamExt};

    struct Query;

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
        }
    }

    struct Ticks;

    #[Subscription]
    impl Ticks {
        /// A hundred small events.
        async fn ticks(&self) -> impl Stream<Item = String> {
            futures_util::stream::iter((0..100).map(|n| format!("tick {n}")))
        }
    }

    #[tokio::test]
    async fn each_event_of_a_subscription_has_a_budget_of_its_own() {
        let schema = Schema::build(Query, EmptyMutation, Ticks)
            .extension(ResponseBudget { max_bytes: 200 })
            .finish();
        let events: Vec<Response> = schema
            .execute_stream("subscription { ticks }")
            .collect()
            .await;
        assert_eq!(events.len(), 100);
        let refused: Vec<usize> = (0..events.len())
            .filter(|&n| !events[n].errors.is_empty())
            .collect();
        assert!(refused.is_empty(), "events refused: {refused:?}");
        let big = Schema::build(Query, EmptyMutation, Ticks)
            .extension(ResponseBudget { max_bytes: 10 })
            .finish();
        let event = big
            .execute_stream("subscription { ticks }")
            .next()
            .await
            .expect("an event");
        assert_eq!(
            event
                .errors
                .first()
                .and_then(|e| e.extensions.as_ref())
                .and_then(|e| e.get("code")),
            Some(&Value::from(RESPONSE_TOO_LARGE)),
            "an event over the budget is still refused"
        );
    }
}
