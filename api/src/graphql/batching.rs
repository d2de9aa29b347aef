//! Runs a request together with its data loader's fetches, in one task.
//!
//! A data loader collects the keys that sibling resolvers ask for and fetches them in one query. Left to a
//! timer, the batch closes after a fixed delay, and a busy machine splits one level's keys over several
//! queries. Here the loader's fetches run only when the request itself is waiting: by then every sibling has
//! asked for its key, so each level of a response costs one query per relation, whatever the page size or
//! the load on the machine.

use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt};
use futures_util::task::ArcWake;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use tracing::Instrument;

/// The fetches a request's data loader has asked to run.
#[derive(Clone, Default)]
pub struct RequestTasks {
    queued: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
}

impl RequestTasks {
    /// The spawner to give the data loader: it queues fetches instead of starting them. A fetch runs in the
    /// span it was asked for in (its operation's), so what it logs names the operation.
    pub fn spawner(&self) -> impl Fn(BoxFuture<'static, ()>) + Send + Sync + 'static {
        let queued = self.queued.clone();
        move |task| {
            queued
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(Box::pin(task.instrument(tracing::Span::current())))
        }
    }

    fn take_queued(&self) -> Vec<BoxFuture<'static, ()>> {
        std::mem::take(
            &mut *self
                .queued
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// Drives `request` to completion, running the queued fetches whenever it waits.
    pub async fn drive<F: Future>(self, request: F) -> F::Output {
        let mut request = pin!(request);
        let mut running = FuturesUnordered::new();
        poll_fn(|cx| {
            loop {
                // A request that wakes itself while being polled is only yielding (a long list polls its
                // items in turns): poll it again before its keys are fetched, so one level stays one batch.
                let mut yielded = 0;
                loop {
                    let watch = Arc::new(SelfWake {
                        woken: AtomicBool::new(false),
                        outer: cx.waker().clone(),
                    });
                    let waker = futures_util::task::waker(watch.clone());
                    if let Poll::Ready(output) =
                        request.as_mut().poll(&mut Context::from_waker(&waker))
                    {
                        return Poll::Ready(output);
                    }
                    if !watch.woken.load(Ordering::SeqCst) {
                        break;
                    }
                    yielded += 1;
                    if yielded == MAX_YIELDS {
                        // Give the runtime its turn (and the request a fresh budget); it is woken already.
                        return Poll::Pending;
                    }
                }
                let queued = self.take_queued();
                let started = !queued.is_empty();
                running.extend(queued);
                let mut finished = false;
                while let Poll::Ready(Some(())) = running.poll_next_unpin(cx) {
                    finished = true;
                }
                // A finished fetch may have answered the request, and a new fetch must get its first poll:
                // go round again; otherwise everything waits on a waker that wakes this task.
                if !started && !finished {
                    return Poll::Pending;
                }
            }
        })
        .await
    }
}

/// How often a yielding request is polled again in a row before the runtime gets its turn.
const MAX_YIELDS: usize = 64;

/// A waker that notes whether it was woken, and passes the wake on.
struct SelfWake {
    woken: AtomicBool,
    outer: Waker,
}

impl ArcWake for SelfWake {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.woken.store(true, Ordering::SeqCst);
        arc_self.outer.wake_by_ref();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn queued_tasks_run_only_while_the_request_waits() {
        let tasks = RequestTasks::default();
        let spawn = tasks.spawner();
        let (tx, rx) = tokio::sync::oneshot::channel::<u32>();
        let log = Arc::new(Mutex::new(Vec::new()));
        let request_log = log.clone();
        let request = async move {
            let task_log = request_log.clone();
            spawn(Box::pin(async move {
                task_log.lock().unwrap().push("fetch");
                let _ = tx.send(7);
            }));
            request_log.lock().unwrap().push("asked");
            rx.await.unwrap_or_default()
        };
        assert_eq!(tasks.drive(request).await, 7);
        assert_eq!(*log.lock().unwrap(), ["asked", "fetch"]);
    }

    #[tokio::test]
    async fn a_fetch_runs_in_the_span_it_was_asked_for_in() {
        let _spans = tracing::subscriber::set_default(tracing_subscriber::registry());
        let tasks = RequestTasks::default();
        let spawn = tasks.spawner();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let request = async move {
            spawn(Box::pin(async move {
                let span = tracing::Span::current();
                let _ = tx.send(span.metadata().map(|meta| meta.name()));
            }));
            rx.await.ok().flatten()
        }
        .instrument(tracing::error_span!("operation"));
        assert_eq!(tasks.drive(request).await, Some("operation"));
    }
}
