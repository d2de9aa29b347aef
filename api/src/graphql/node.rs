//! Relay's `Node` interface: any record by its global id.

use super::accounts::Account;
use super::datasets::Dataset;
use super::events::{CoCreationEvent, Registration};
use super::ids::{self, Kind};
use super::loaders::{AccountById, MemberById, RegistrationById};
use super::partners::Partner;
use super::pilot_cases::{PilotCase, PilotCaseMember};
use super::stories::SuccessStory;
use super::surveys::Survey;
use super::value_domains::ValueDomain;
use super::{load_one, load_visible, viewer, visible_members};
use crate::domain::access::SeenBy;
use crate::error::{ApiError, ApiResult};
use async_graphql::{Context, ID, Interface, Object};
use entities::{dataset, event, partner, pilot_case, success_story, survey, value_domain};
use uuid::Uuid;

/// The most ids `nodes` takes at once.
pub const MAX_NODES: usize = 100;

/// A record with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The record's global id."))]
pub enum Node {
    /// A value domain.
    ValueDomain(ValueDomain),
    /// A pilot case.
    PilotCase(PilotCase),
    /// A partner's place in a pilot case.
    PilotCaseMember(PilotCaseMember),
    /// A partner.
    Partner(Partner),
    /// A co-creation event.
    CoCreationEvent(CoCreationEvent),
    /// A registration for an event.
    Registration(Registration),
    /// A success story.
    SuccessStory(SuccessStory),
    /// A dataset.
    Dataset(Dataset),
    /// A person's account.
    Account(Account),
    /// A survey.
    Survey(Survey),
}

/// Reads the record behind a global id, or none when no record has it or the viewer may not see it.
async fn find(ctx: &Context<'_>, field: &str, id: &ID) -> ApiResult<Option<Node>> {
    let (kind, uuid) = ids::decode_any(field, id)?;
    find_kind(ctx, kind, uuid).await
}

/// Reads the record of a kind by its UUID, or none when no record has it or the viewer may not see it
/// (`node`, and the record an audit entry is about). Each kind loads through the request's data loader,
/// so a page of lookups costs one query per kind.
pub(super) async fn find_kind(
    ctx: &Context<'_>,
    kind: Kind,
    uuid: Uuid,
) -> ApiResult<Option<Node>> {
    let viewer = viewer(ctx);
    Ok(match kind {
        Kind::ValueDomain => load_visible::<value_domain::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::ValueDomain(ValueDomain(m))),
        Kind::PilotCase => load_visible::<pilot_case::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::PilotCase(PilotCase(m))),
        Kind::Partner => load_visible::<partner::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::Partner(Partner(m))),
        Kind::CoCreationEvent => load_visible::<event::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::CoCreationEvent(CoCreationEvent(m))),
        Kind::SuccessStory => load_visible::<success_story::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::SuccessStory(SuccessStory(m))),
        Kind::Dataset => load_visible::<dataset::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::Dataset(Dataset(m))),
        Kind::PilotCaseMember => match load_one(ctx, MemberById(uuid)).await? {
            Some(member) => visible_members(ctx, vec![member])
                .await?
                .pop()
                .map(Node::PilotCaseMember),
            None => None,
        },
        Kind::Registration => load_one(ctx, RegistrationById(uuid))
            .await?
            .filter(|m| m.seen_by(viewer))
            .map(|m| Node::Registration(Registration(m))),
        // A registration's people are read through it, where it is seen: no way of their own.
        Kind::RegistrationPerson => None,
        // A survey's contacts are read through it, by the team: no way of their own.
        Kind::SurveyContact => None,
        Kind::Account => load_one(ctx, AccountById(uuid))
            .await?
            .filter(|m| m.seen_by(viewer))
            .map(|m| Node::Account(Account(m))),
        Kind::Survey => load_visible::<survey::Entity>(ctx, Some(uuid))
            .await?
            .map(|m| Node::Survey(Survey(m))),
    })
}

/// The `node` and `nodes` queries.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any record by its global id; null when no record has that id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> ApiResult<Option<Node>> {
        find(ctx, "id", &id).await
    }

    /// Records by their global ids, in the same order; null where no record has the id. At most 100 ids.
    #[graphql(complexity = "ids.len().max(1) * child_complexity")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids.")] ids: Vec<ID>,
    ) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::invalid(
                "ids",
                format!("ids takes at most {MAX_NODES} ids"),
            ));
        }
        let lookups = ids.iter().map(|id| find(ctx, "ids", id));
        futures_util::future::try_join_all(lookups).await
    }
}
