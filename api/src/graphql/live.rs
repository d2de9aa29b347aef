//! Subscriptions (graphql-ws at `/graphql/ws`): live seat counts of an event.

use super::ids::{self, Kind};
use crate::domain::registrations;
use crate::error::{ApiError, ApiResult};
use crate::live::SeatHub;
use async_graphql::{Context, ID, SimpleObject, Subscription};
use entities::event;
use futures_util::Stream;
use sea_orm::DatabaseConnection;
use sea_orm::EntityTrait;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

/// An event's seats at one moment.
#[derive(SimpleObject, Clone, PartialEq)]
pub struct EventSeats {
    /// The event.
    event_id: ID,
    /// Seats given out.
    seats_taken: u64,
    /// Seats still free; none when the event has no limit.
    seats_left: Option<u64>,
    /// Partners waiting for a seat.
    waitlist_length: u64,
}

async fn read(db: &DatabaseConnection, event_id: Uuid) -> ApiResult<EventSeats> {
    let (capacity, taken, waiting) = registrations::seat_counts(db, event_id).await?;
    Ok(EventSeats {
        event_id: ids::encode(Kind::CoCreationEvent, event_id),
        seats_taken: taken,
        seats_left: capacity.map(|c| u64::try_from(c).unwrap_or(0).saturating_sub(taken)),
        waitlist_length: waiting,
    })
}

/// Every subscription.
#[derive(Default)]
pub struct SubscriptionRoot;

/// Every subscription (graphql-ws at `/graphql/ws`).
#[Subscription]
impl SubscriptionRoot {
    /// An event's seats now, and again after every change to its sign-ups, from any `lode` process. Sign in
    /// through the `connection_init` payload (`{"authorization": "Bearer <token>"}`) to follow a draft.
    async fn event_seats_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event.")] event_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = EventSeats> + use<>> {
        let id = ids::decode("eventId", &event_id, Kind::CoCreationEvent)?;
        let db = ctx.data_unchecked::<DatabaseConnection>().clone();
        let visible = event::Entity::find_by_id(id)
            .one(&db)
            .await
            .map_err(ApiError::from)?
            .is_some_and(|e| super::viewer(ctx).sees_event(&e));
        if !visible {
            return Err(ApiError::not_found("event").into());
        }
        let changes = ctx.data_unchecked::<SeatHub>().subscribe();
        let first = read(&db, id).await?;
        Ok(futures_util::stream::unfold(
            (db, changes, Some(first), None::<EventSeats>),
            move |(db, mut changes, pending, last)| async move {
                if let Some(seats) = pending {
                    return Some((seats.clone(), (db, changes, None, Some(seats))));
                }
                loop {
                    match changes.recv().await {
                        Ok(changed) if changed != id => continue,
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return None,
                    }
                    let Ok(seats) = read(&db, id).await else {
                        continue;
                    };
                    // Several announcements may carry the same counts: send each count once.
                    if last.as_ref() != Some(&seats) {
                        return Some((seats.clone(), (db, changes, None, Some(seats))));
                    }
                }
            },
        ))
    }
}
