//! Subscriptions (graphql-ws at `/graphql/ws`): live seat counts of an event.

use super::BearerToken;
use super::ids::{self, Kind};
use crate::domain::access::SeenBy;
use crate::domain::write::Store;
use crate::domain::{accounts, registrations};
use crate::error::{ApiError, ApiResult};
use crate::limits::ClientAddress;
use crate::live::SeatHub;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextSubscribe};
use async_graphql::{
    Context, ErrorExtensionValues, ID, Response, ServerError, SimpleObject, Subscription,
};
use entities::event;
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use sea_orm::EntityTrait;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

/// How many subscriptions each client holds, against the bounds per connection and per client: each
/// subscription holds a database read per change, so one client must not open them by the thousand.
pub struct SubscriptionLimits {
    per_connection: usize,
    per_client: usize,
    held: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl SubscriptionLimits {
    /// Limits with the given bounds (`0` turns a bound off).
    pub fn new(per_connection: usize, per_client: usize) -> Self {
        Self {
            per_connection,
            per_client,
            held: Arc::default(),
        }
    }

    /// Takes a place for one more subscription of this connection and client, if both have room.
    fn take(&self, connection: &ConnectionSubscriptions, client: IpAddr) -> Option<Place> {
        let taken = connection.0.fetch_add(1, Ordering::SeqCst);
        let connection_place = ConnectionPlace(connection.0.clone());
        if self.per_connection != 0 && taken >= self.per_connection {
            return None;
        }
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = held.entry(client).or_default();
        if self.per_client != 0 && *count >= self.per_client {
            return None;
        }
        *count += 1;
        Some(Place {
            _connection: connection_place,
            held: self.held.clone(),
            client,
        })
    }
}

/// One WebSocket connection's count of open subscriptions, kept in its connection data.
#[derive(Clone, Default)]
pub struct ConnectionSubscriptions(Arc<AtomicUsize>);

/// A connection's share of one subscription, given back when the subscription ends.
struct ConnectionPlace(Arc<AtomicUsize>);

impl Drop for ConnectionPlace {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One subscription's place in the limits, given back when its stream is dropped (the client completed
/// it, or the connection closed).
struct Place {
    _connection: ConnectionPlace,
    held: Arc<Mutex<HashMap<IpAddr, usize>>>,
    client: IpAddr,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = held.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.client);
            }
        }
    }
}

/// The schema extension that holds every subscription to [`SubscriptionLimits`].
pub struct SubscriptionQuota;

impl ExtensionFactory for SubscriptionQuota {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SubscriptionQuota)
    }
}

impl Extension for SubscriptionQuota {
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let (Some(limits), Some(connection)) = (
            ctx.data_opt::<SubscriptionLimits>(),
            ctx.data_opt::<ConnectionSubscriptions>(),
        ) else {
            return next.run(ctx, stream);
        };
        let client = ctx
            .data_opt::<ClientAddress>()
            .copied()
            .unwrap_or_default()
            .network();
        match limits.take(connection, client) {
            Some(place) => next
                .run(ctx, stream)
                .map(move |response| {
                    let _held = &place;
                    response
                })
                .boxed(),
            None => {
                let mut error = ServerError::new(
                    format!(
                        "too many subscriptions at once: at most {} per connection and {} per client",
                        limits.per_connection, limits.per_client
                    ),
                    None,
                );
                let mut extensions = ErrorExtensionValues::default();
                extensions.set("code", "TOO_MANY_SUBSCRIPTIONS");
                error.extensions = Some(extensions);
                futures_util::stream::once(async move { Response::from_errors(vec![error]) })
                    .boxed()
            }
        }
    }
}

/// An event's seats at one moment.
#[derive(SimpleObject, Clone, PartialEq)]
pub struct EventSeats {
    /// The event.
    event_id: ID,
    /// Seats given out, in people.
    seats_taken: u64,
    /// Seats still free, in people; none when the event has no limit.
    seats_left: Option<u64>,
    /// Registrations waiting for seats.
    waitlist_length: u64,
    /// People checked in at the door so far (a check-in leaves the seats as they were, so without this
    /// the door would not hear of it).
    arrived: u64,
}

/// Why a subscription's session no longer holds, if it does not: it was ended (a logout, revoked sessions,
/// a new or temporary password), it expired, or its account was deactivated. A database that cannot say
/// is not taken for an ended session.
async fn session_ended(db: &Store, token: &str) -> Option<ApiError> {
    match accounts::viewer_for_token(db, token).await {
        Ok(Some(viewer)) if !viewer.must_change_password() => None,
        Ok(_) => Some(ApiError::Unauthenticated(
            "the session ended: sign in again and subscribe anew".to_owned(),
        )),
        Err(_) => None,
    }
}

async fn read(db: &Store, event_id: Uuid) -> ApiResult<EventSeats> {
    let (capacity, taken, waiting) = registrations::seat_counts(db, event_id).await?;
    Ok(EventSeats {
        event_id: ids::encode(Kind::CoCreationEvent, event_id),
        seats_taken: taken,
        seats_left: capacity.map(|c| u64::try_from(c).unwrap_or(0).saturating_sub(taken)),
        waitlist_length: waiting,
        arrived: registrations::arrived(db, event_id).await?,
    })
}

/// Every subscription.
#[derive(Default)]
pub struct SubscriptionRoot;

/// Every subscription (graphql-ws at `/graphql/ws`).
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// An event's seats now, and again after every change to its sign-ups or its arrivals at the door,
    /// from any `lode` process. Sign in through the `connection_init` payload
    /// (`{"authorization": "Bearer <token>"}`) to follow a draft. A signed-in subscription ends with an
    /// `UNAUTHENTICATED` error at the first change after its session ended (a logout, revoked sessions, a
    /// deactivated account).
    async fn event_seats_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] event_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ApiResult<EventSeats>> + use<>> {
        if super::viewer(ctx).must_change_password() {
            return Err(ApiError::PasswordChangeRequired.into());
        }
        let id = ids::decode("eventId", &event_id, Kind::CoCreationEvent)?;
        let db = super::db(ctx).clone();
        // The viewer was fixed when the connection opened: the session is checked again at each change.
        let token = ctx.data_opt::<BearerToken>().map(|t| t.0.clone());
        let visible = event::Entity::find_by_id(id)
            .one(&db)
            .await
            .map_err(ApiError::from)?
            .is_some_and(|e| e.seen_by(super::viewer(ctx)));
        if !visible {
            return Err(ApiError::not_found("event").into());
        }
        let changes = ctx.data_unchecked::<SeatHub>().subscribe();
        let first = read(&db, id).await?;
        // The state: the announcements to wait for (none once the stream has said its last), the counts to
        // send first, and the counts sent last.
        Ok(futures_util::stream::unfold(
            (db, Some(changes), Some(first), None::<EventSeats>),
            move |(db, changes, pending, last)| {
                let token = token.clone();
                async move {
                    let mut changes = changes?;
                    if let Some(seats) = pending {
                        return Some((Ok(seats.clone()), (db, Some(changes), None, Some(seats))));
                    }
                    loop {
                        match changes.recv().await {
                            Ok(changed) if changed != id => continue,
                            Ok(_) | Err(RecvError::Lagged(_)) => {}
                            Err(RecvError::Closed) => return None,
                        }
                        if let Some(token) = &token
                            && let Some(ended) = session_ended(&db, token).await
                        {
                            // The error goes out, then the stream ends.
                            return Some((Err(ended), (db, None, None, last)));
                        }
                        let Ok(seats) = read(&db, id).await else {
                            continue;
                        };
                        // Several announcements may carry the same counts: send each count once.
                        if last.as_ref() != Some(&seats) {
                            return Some((
                                Ok(seats.clone()),
                                (db, Some(changes), None, Some(seats)),
                            ));
                        }
                    }
                }
            },
        ))
    }
}
