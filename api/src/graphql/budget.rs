//! A response-size budget: the cost limit bounds how many records a query may ask for, but records differ
//! in size and lists without paging count by an estimate. This extension adds up what a response holds
//! while it is being resolved and stops the request once it passes the budget, so no query, however it
//! slips past the cost limit, can build a response of hundreds of megabytes.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::{ErrorExtensionValues, Response, ServerError, ServerResult, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The default budget: the most bytes (estimated as JSON) one response may hold.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

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
            spent: AtomicUsize::new(0),
            exceeded: AtomicBool::new(false),
        })
    }
}

/// One request's budget (async-graphql creates the extension anew for every request).
struct Budget {
    max_bytes: usize,
    /// Set for queries and mutations; a subscription's events are small and many, and each is sent on
    /// its own, so they are not added up.
    counting: AtomicBool,
    spent: AtomicUsize,
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
        extensions.set("code", "RESPONSE_TOO_LARGE");
        error.extensions = Some(extensions);
        error
    }
}

/// What a resolved value adds to the response by itself: scalars their text, lists of scalars their
/// items; objects and lists of objects add only their punctuation, since each of their fields is resolved
/// (and counted) on its own.
fn own_size(value: &Value) -> usize {
    match value {
        Value::Null | Value::Boolean(_) => 5,
        Value::Number(_) => 20,
        Value::String(text) => text.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::Binary(bytes) => bytes.len() * 2,
        Value::List(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(_) | Value::List(_) => 2,
                scalar => own_size(scalar) + 1,
            })
            .sum::<usize>()
            .saturating_add(2),
        Value::Object(_) => 2,
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
        if !self.counting.load(Ordering::Relaxed) {
            return next.run(ctx, info).await;
        }
        if self.exceeded.load(Ordering::Relaxed) {
            return Err(self.refusal());
        }
        let key = info.alias.unwrap_or(info.name).len() + 4;
        let value = next.run(ctx, info).await?;
        let size = key + value.as_ref().map_or(5, own_size);
        if self.spent.fetch_add(size, Ordering::Relaxed) + size > self.max_bytes {
            self.exceeded.store(true, Ordering::Relaxed);
            return Err(self.refusal());
        }
        Ok(value)
    }
}
