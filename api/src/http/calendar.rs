//! Calendars over HTTP: one event, or a feed of public events filtered by city, pilot case or value
//! domain, for calendar clients to subscribe to; and a registration's own calendar, with its door code, for
//! those who read the registration (its partner's members, and the team, which runs the door). The
//! documents themselves, and how every value in them is escaped, are `crate::ics`'s.

use super::answer::{api_error_response, error_response, invalid_response};
use super::caller::download_caller;
use super::state::AppState;
use crate::domain::access::{SeenBy, Viewer};
use crate::domain::events::{self as domain, EventFilter};
use crate::domain::validate;
use crate::error::ApiResult;
use crate::graphql::ids::{self, Kind};
use crate::ics;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::values::{City, EventStatus};
use entities::{event, pilot_case, registration, value_domain};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Which events a feed holds.
#[derive(Debug, Default, Clone)]
pub struct FeedFilter {
    /// Only events in this city.
    pub city: Option<City>,
    /// Only events of the pilot case with this slug.
    pub pilot_case: Option<String>,
    /// Only events of the value domain with this slug.
    pub value_domain: Option<String>,
}

/// The longest slug a calendar is asked for.
const MAX_SLUG: usize = 100;

/// The calendar of one public event, by slug; none for an unknown slug or a draft. A slug with control
/// characters is refused (`VALIDATION`), before the database sees it.
pub async fn event_calendar(
    db: &DatabaseConnection,
    slug: &str,
    base_url: &str,
) -> ApiResult<Option<String>> {
    validate::line("slug", slug, MAX_SLUG)?;
    let found = event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?;
    Ok(found
        .filter(event::Model::is_public)
        .map(|model| ics::event(&model, base_url)))
}

/// The calendar of one registration, for those who see it (its partner's members, and the team): its
/// event's entry, under the same `UID` as the public one so that it takes that one's place in a calendar,
/// with the door code and where the registration stands opening the description. None for an unknown
/// registration or one the viewer may not see. Never public: the door code lets its holder in.
pub async fn registration_calendar(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    base_url: &str,
) -> ApiResult<Option<String>> {
    let Some(found) = registration::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.seen_by(viewer))
    else {
        return Ok(None);
    };
    let Some(model) = event::Entity::find_by_id(found.event_id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(ics::registration(&found, &model, base_url)))
}

/// The feed of public events, oldest first; an unknown case or domain slug gives an empty feed, one with
/// control characters is refused (`VALIDATION`).
pub async fn feed(
    db: &DatabaseConnection,
    filter: &FeedFilter,
    base_url: &str,
) -> ApiResult<String> {
    for (field, slug) in [
        ("pilotCase", &filter.pilot_case),
        ("valueDomain", &filter.value_domain),
    ] {
        if let Some(slug) = slug {
            validate::line(field, slug, MAX_SLUG)?;
        }
    }
    let mut events = EventFilter {
        status: Some(EventStatus::PUBLIC.to_vec()),
        city: filter.city,
        ..EventFilter::default()
    };
    let mut unknown = false;
    if let Some(slug) = &filter.pilot_case {
        let case = pilot_case::Entity::find()
            .filter(pilot_case::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?;
        unknown |= case.is_none();
        events.pilot_case_id = case.map(|c| c.id);
    }
    if let Some(slug) = &filter.value_domain {
        let domain = value_domain::Entity::find()
            .filter(value_domain::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?;
        unknown |= domain.is_none();
        events.value_domain_id = domain.map(|d| d.id);
    }
    let rows = if unknown {
        Vec::new()
    } else {
        domain::select(db.get_database_backend(), &events)
            .order_by_asc(event::Column::StartsAt)
            .all(db)
            .await?
    };
    Ok(ics::feed(&rows, base_url))
}

/// Where the front end lives, for the links in calendars: the request's own host, if it is one (only its
/// host and port are kept), else `localhost`.
fn base_url(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|host| url::Url::parse(&format!("http://{host}")).ok())
        .map_or_else(
            || "http://localhost".to_owned(),
            |url| url.origin().ascii_serialization(),
        )
}

/// An iCalendar answer.
fn ics(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `GET /events/{slug}.ics`: one event's calendar entry.
pub async fn event_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(slug) = file.strip_suffix(".ics") else {
        return error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file");
    };
    match event_calendar(&state.db, slug, &base_url(&headers)).await {
        Ok(Some(body)) => ics(body),
        Ok(None) => error_response(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no public event has this slug",
        ),
        Err(err) => api_error_response(&err),
    }
}

/// The filters of the calendar feed, as the query string names them.
#[derive(serde::Deserialize)]
pub struct FeedQuery {
    /// `GENT` or `BRUGGE`.
    city: Option<String>,
    /// A pilot case's slug.
    #[serde(rename = "pilotCase")]
    pilot_case: Option<String>,
    /// A value domain's slug.
    #[serde(rename = "valueDomain")]
    value_domain: Option<String>,
}

/// `GET /events.ics?city=&pilotCase=&valueDomain=`: a feed of public events.
pub async fn events_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<FeedQuery>,
) -> Response {
    let city = match query.city.as_deref() {
        None => None,
        Some("GENT") => Some(City::Gent),
        Some("BRUGGE") => Some(City::Brugge),
        Some(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "city must be GENT or BRUGGE",
            );
        }
    };
    let filter = FeedFilter {
        city,
        pilot_case: query.pilot_case,
        value_domain: query.value_domain,
    };
    match feed(&state.db, &filter, &base_url(&headers)).await {
        Ok(body) => ics(body),
        Err(err) => api_error_response(&err),
    }
}

/// `GET /registrations/{id}.ics` (the registration's global id), with `Authorization: Bearer <token>`:
/// the registration's own calendar ([`registration_calendar`]), never stored by a cache.
pub async fn registration_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let caller = match download_caller(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return refusal,
    };
    if caller.viewer.account_id().is_none() {
        return api_error_response(&crate::error::ApiError::Unauthenticated(
            "sign in to read your registration's calendar".to_owned(),
        ));
    }
    let not_found = || error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "no such registration");
    let Some(id) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let Ok(id) = ids::decode("id", &async_graphql::ID(id.to_owned()), Kind::Registration) else {
        return invalid_response("id", "id is not the id of a registration");
    };
    match registration_calendar(&state.db, &caller.viewer, id, &base_url(&parts.headers)).await {
        Ok(Some(body)) => {
            let mut answer = ics(body);
            answer
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            answer
        }
        Ok(None) => not_found(),
        Err(err) => api_error_response(&err),
    }
}
