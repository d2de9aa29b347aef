//! `PilotCase` (pilootcase) and its members: types, queries and mutations.

use super::change;
use super::connection::{OrderDirection, PilotCaseConnection, page_request, wants_total};
use super::ids::{self, Kind, maybe};
use super::loaders::{DatasetsOfCase, EventsOfCase, MembersOfCase, StoriesOfCase};
use super::{
    DeleteInput, DeletePayload, current, db, load_many, load_members, load_required, lookup, viewer,
};
use super::{Edited, set_status, update, values_of, with_current};
use super::{
    datasets::Dataset, events::CoCreationEvent, partners::Partner, stories::SuccessStory,
    value_domains::ValueDomain,
};
use crate::domain::lifecycle::Lifecycle;
use crate::domain::pilot_cases::{self as domain, PilotCaseFields, PilotCaseSort};
use crate::domain::{members, page, record};
use crate::error::{ApiError, ApiResult};
use crate::markdown;
use async_graphql::{
    Context, Enum, ID, InputObject, InputType, MaybeUndefined, Object, SimpleObject, Value,
};
use chrono::{DateTime, NaiveDate, Utc};
use entities::pilot_case::{self, Column, Entity};
use entities::values::{
    City, MemberRole, MemberStatus, NeededCapability, PilotCasePhase, StakeholderType,
};
use entities::{partner, pilot_case_member, value_domain};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};

/// A pilot case (pilootcase): one of the cases worked out in practice with partners.
#[derive(Clone)]
pub struct PilotCase(pub pilot_case::Model);

/// A pilot case (pilootcase): one of the cases worked out in practice with partners.
#[Object]
impl PilotCase {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::PilotCase, self.0.id)
    }
    /// The unique, human-readable key for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// One or two sentences.
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// The full description (Markdown).
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// `description` as HTML, rendered from its Markdown and sanitised, ready to insert into a page: headings
    /// start at `h2`, raw HTML shows as text, images keep only their alternative text, and links go only to
    /// `http`, `https` and `mailto` URLs, with `rel="noopener noreferrer nofollow"`.
    async fn description_html(&self) -> String {
        markdown::to_html(&self.0.description)
    }
    /// The value domain the case belongs to.
    async fn value_domain(&self, ctx: &Context<'_>) -> ApiResult<ValueDomain> {
        load_required::<value_domain::Entity>(ctx, self.0.value_domain_id)
            .await
            .map(ValueDomain)
    }
    /// The cities taking part.
    async fn cities(&self) -> &[City] {
        &self.0.cities.0
    }
    /// Where the case stands.
    async fn phase(&self) -> PilotCasePhase {
        self.0.phase
    }
    /// The phases the viewer may move the case to now (see `setPilotCasePhase`), as its lifecycle allows:
    /// for admins and the coordinators of one of its cities; empty for everyone else, and for a case that
    /// is completed or stopped.
    async fn next_phases(&self, ctx: &Context<'_>) -> Vec<PilotCasePhase> {
        if viewer(ctx).manages(&self.0.cities.0) {
            self.0.phase.allowed_moves().to_vec()
        } else {
            Vec::new()
        }
    }
    /// Whether the viewer may change the case (its fields, phase and members): admins, and the
    /// coordinators of one of its cities.
    async fn viewer_can_update(&self, ctx: &Context<'_>) -> bool {
        viewer(ctx).manages(&self.0.cities.0)
    }
    /// The case's goals.
    async fn goals(&self) -> &[String] {
        &self.0.goals.0
    }
    /// The first day of the case.
    async fn start_date(&self) -> Option<NaiveDate> {
        self.0.start_date
    }
    /// The last day of the case.
    async fn end_date(&self) -> Option<NaiveDate> {
        self.0.end_date
    }
    /// The capabilities the case needs, with their weights.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn needed_capabilities(&self) -> &[NeededCapability] {
        &self.0.needed_capabilities.0
    }
    /// The stakeholder types the case wants at the table.
    async fn wanted_stakeholder_types(&self) -> &[StakeholderType] {
        &self.0.wanted_stakeholder_types.0
    }
    /// The datasets the case uses.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn datasets(&self, ctx: &Context<'_>) -> ApiResult<Vec<Dataset>> {
        Ok(load_many(ctx, DatasetsOfCase(self.0.id))
            .await?
            .into_iter()
            .map(Dataset)
            .collect())
    }
    /// The partners on the case, with their roles and answers: for the public, the approved partners who
    /// accepted; for a partner's members, also their own invitation; for the team, everyone.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<PilotCaseMember>> {
        load_members(ctx, MembersOfCase(self.0.id)).await
    }
    /// The co-creation events of the case.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn events(&self, ctx: &Context<'_>) -> ApiResult<Vec<CoCreationEvent>> {
        Ok(load_many(ctx, EventsOfCase(self.0.id))
            .await?
            .into_iter()
            .map(CoCreationEvent)
            .collect())
    }
    /// The success stories of the case.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn success_stories(&self, ctx: &Context<'_>) -> ApiResult<Vec<SuccessStory>> {
        Ok(load_many(ctx, StoriesOfCase(self.0.id))
            .await?
            .into_iter()
            .map(SuccessStory)
            .collect())
    }
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A partner's place in a pilot case, with its partner when that was read already (to see whether the
/// viewer may see the place), so the partner is not read twice.
#[derive(Clone)]
pub struct PilotCaseMember(pub pilot_case_member::Model, pub Option<partner::Model>);

/// A partner's place in a pilot case.
#[Object]
impl PilotCaseMember {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::PilotCaseMember, self.0.id)
    }
    /// The case.
    async fn pilot_case(&self, ctx: &Context<'_>) -> ApiResult<PilotCase> {
        load_required::<Entity>(ctx, self.0.pilot_case_id)
            .await
            .map(PilotCase)
    }
    /// The partner.
    async fn partner(&self, ctx: &Context<'_>) -> ApiResult<Partner> {
        if let Some(partner) = &self.1 {
            return Ok(Partner(partner.clone()));
        }
        load_required::<partner::Entity>(ctx, self.0.partner_id)
            .await
            .map(Partner)
    }
    /// The partner's role in the case.
    async fn role(&self) -> MemberRole {
        self.0.role
    }
    /// Whether the partner has said yes.
    async fn status(&self) -> MemberStatus {
        self.0.status
    }
    /// When the partner was invited (for a partner invited again after declining or a withdrawal, the
    /// last invitation): with `status: INVITED`, how long the invitation has been open.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the membership last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A membership and its case, for the rules about changing it.
async fn membership(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> ApiResult<(pilot_case_member::Model, pilot_case::Model)> {
    let member = pilot_case_member::Entity::find_by_id(id)
        .one(db(ctx))
        .await?
        .ok_or_else(|| ApiError::not_found("pilot case member"))?;
    let case = current::<Entity>(ctx, member.pilot_case_id).await?;
    Ok((member, case))
}

/// Which pilot cases to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "PilotCaseFilter")]
pub struct PilotCaseFilterInput {
    /// Only cases in one of these phases.
    phase: Option<Vec<PilotCasePhase>>,
    /// Only cases in this city.
    city: Option<City>,
    /// Only cases of this value domain.
    value_domain_id: Option<ID>,
    /// Only the cases the viewer may change (`true`: see `PilotCase.viewerCanUpdate`), or only those it may
    /// not (`false`).
    viewer_can_update: Option<bool>,
}

impl TryFrom<PilotCaseFilterInput> for domain::PilotCaseFilter {
    type Error = ApiError;
    fn try_from(filter: PilotCaseFilterInput) -> ApiResult<Self> {
        Ok(Self {
            phase: filter.phase,
            city: filter.city,
            value_domain_id: ids::decode_optional(
                "filter.valueDomainId",
                filter.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?,
        })
    }
}

/// What pilot cases can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "PilotCaseSort")]
pub enum PilotCaseOrderField {
    /// By title.
    Title,
    /// By start date (cases without one last).
    StartDate,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The order of a list of pilot cases.
#[derive(InputObject)]
pub struct PilotCaseOrder {
    /// What to order by.
    field: PilotCaseOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Pilot case queries.
#[derive(Default)]
pub struct PilotCaseQuery;

#[Object]
impl PilotCaseQuery {
    /// Pilot cases, a page at a time (by default by title).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn pilot_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cases to list.")] filter: Option<PilotCaseFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<PilotCaseOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<PilotCaseConnection> {
        let filter = filter.unwrap_or_default();
        let managed = filter.viewer_can_update;
        let filter: domain::PilotCaseFilter = filter.try_into()?;
        let order = order_by.map_or(domain::order(PilotCaseSort::Title, false), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let db = db(ctx);
        let backend = db.get_database_backend();
        let mut select = domain::select(backend, &filter);
        if let Some(managed) = managed {
            let condition = viewer(ctx).pilot_cases_managed(backend);
            select = select.filter(if managed { condition } else { condition.not() });
        }
        let request = page_request(first, after, last, before);
        let page = page::fetch(db, select, Column::Id, order, &request, wants_total(ctx)).await?;
        Ok(PilotCaseConnection::from_page(page, PilotCase))
    }

    /// One pilot case, by id or by slug.
    async fn pilot_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case's id.")] id: Option<ID>,
        #[graphql(desc = "The case's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<PilotCase>> {
        lookup::<Entity>(ctx, Kind::PilotCase, id, slug)
            .await
            .map(|m| Some(PilotCase(m)))
    }
}

/// A new pilot case; it starts in the `PROPOSED` phase.
#[derive(InputObject)]
pub struct CreatePilotCaseInput {
    /// A slug of your choice; by default one is made from the title.
    slug: Option<String>,
    /// The title.
    title: String,
    /// One or two sentences.
    #[graphql(default)]
    summary: String,
    /// The full description (Markdown).
    #[graphql(default)]
    description: String,
    /// The value domain the case belongs to.
    value_domain_id: ID,
    /// The cities taking part (at least one).
    cities: Vec<City>,
    /// The case's goals.
    #[graphql(default)]
    goals: Vec<String>,
    /// The first day.
    start_date: Option<NaiveDate>,
    /// The last day.
    end_date: Option<NaiveDate>,
    /// The capabilities the case needs, with weights 1 to 5.
    #[graphql(default)]
    needed_capabilities: Vec<NeededCapability>,
    /// The stakeholder types the case wants at the table.
    #[graphql(default)]
    wanted_stakeholder_types: Vec<StakeholderType>,
    /// The datasets the case uses.
    #[graphql(default)]
    dataset_ids: Vec<ID>,
}

impl TryFrom<CreatePilotCaseInput> for PilotCaseFields {
    type Error = ApiError;
    fn try_from(input: CreatePilotCaseInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: Some(input.title),
            summary: Some(input.summary),
            description: Some(input.description),
            value_domain_id: Some(ids::decode(
                "valueDomainId",
                &input.value_domain_id,
                Kind::ValueDomain,
            )?),
            cities: Some(input.cities),
            goals: Some(input.goals),
            start_date: Some(input.start_date),
            end_date: Some(input.end_date),
            needed_capabilities: Some(input.needed_capabilities),
            wanted_stakeholder_types: Some(input.wanted_stakeholder_types),
            dataset_ids: Some(ids::decode_all(
                "datasetIds",
                &input.dataset_ids,
                Kind::Dataset,
            )?),
        })
    }
}

/// Changes to a pilot case: fields left out stay as they are; `null` clears a date.
#[derive(InputObject)]
pub struct UpdatePilotCaseInput {
    /// The case to change.
    id: ID,
    /// The `updatedAt` you read the case at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the case has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the case now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (links with the old one stop working).
    slug: Option<String>,
    /// The title.
    title: Option<String>,
    /// One or two sentences.
    summary: Option<String>,
    /// The full description (Markdown).
    description: Option<String>,
    /// The value domain the case belongs to.
    value_domain_id: Option<ID>,
    /// The cities taking part (at least one).
    cities: Option<Vec<City>>,
    /// The case's goals.
    goals: Option<Vec<String>>,
    /// The first day.
    start_date: MaybeUndefined<NaiveDate>,
    /// The last day.
    end_date: MaybeUndefined<NaiveDate>,
    /// The capabilities the case needs, with weights 1 to 5.
    needed_capabilities: Option<Vec<NeededCapability>>,
    /// The stakeholder types the case wants at the table.
    wanted_stakeholder_types: Option<Vec<StakeholderType>>,
    /// The datasets the case uses (replaces the current set).
    dataset_ids: Option<Vec<ID>>,
}

/// The changes asked for (the input's `id` names the case to change).
impl TryFrom<UpdatePilotCaseInput> for PilotCaseFields {
    type Error = ApiError;
    fn try_from(input: UpdatePilotCaseInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: input.title,
            summary: input.summary,
            description: input.description,
            value_domain_id: ids::decode_optional(
                "valueDomainId",
                input.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?,
            cities: input.cities,
            goals: input.goals,
            start_date: maybe(input.start_date),
            end_date: maybe(input.end_date),
            needed_capabilities: input.needed_capabilities,
            wanted_stakeholder_types: input.wanted_stakeholder_types,
            dataset_ids: ids::decode_all_optional(
                "datasetIds",
                input.dataset_ids.as_deref(),
                Kind::Dataset,
            )?,
        })
    }
}

impl Edited for Entity {
    async fn current_values(ctx: &Context<'_>, case: pilot_case::Model) -> ApiResult<Value> {
        let datasets: Vec<entities::dataset::Model> =
            load_many(ctx, DatasetsOfCase(case.id)).await?;
        let input = UpdatePilotCaseInput {
            id: ids::encode(Kind::PilotCase, case.id),
            expected_updated_at: None,
            slug: Some(case.slug),
            title: Some(case.title),
            summary: Some(case.summary),
            description: Some(case.description),
            value_domain_id: Some(ids::encode(Kind::ValueDomain, case.value_domain_id)),
            cities: Some(case.cities.0),
            goals: Some(case.goals.0),
            start_date: Some(case.start_date).into(),
            end_date: Some(case.end_date).into(),
            needed_capabilities: Some(case.needed_capabilities.0),
            wanted_stakeholder_types: Some(case.wanted_stakeholder_types.0),
            dataset_ids: Some(
                datasets
                    .iter()
                    .map(|d| ids::encode(Kind::Dataset, d.id))
                    .collect(),
            ),
        };
        Ok(values_of(
            input,
            [
                ("phase", case.phase.to_value()),
                ("updatedAt", case.updated_at.to_value()),
            ],
        ))
    }
}

/// A phase move for a pilot case: one phase forward (`PROPOSED` → `PREPARING` → `RUNNING` → `EVALUATING` →
/// `COMPLETED`), back from `EVALUATING` to `RUNNING`, or to `STOPPED` from any open phase.
#[derive(InputObject)]
pub struct SetPilotCasePhaseInput {
    /// The case to move.
    id: ID,
    /// The `updatedAt` you read the case at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the case has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the case now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The phase to move to.
    phase: PilotCasePhase,
}

/// An invitation of a partner to a pilot case.
#[derive(InputObject)]
pub struct InvitePartnerToCaseInput {
    /// The case.
    pilot_case_id: ID,
    /// The partner (it must be approved).
    partner_id: ID,
    /// The role offered.
    role: MemberRole,
}

/// Changes to a membership: a new role, or the partner's answer (`ACCEPTED` or `DECLINED`; a declined
/// partner comes back through `invitePartnerToCase`).
#[derive(InputObject)]
pub struct UpdatePilotCaseMemberInput {
    /// The membership.
    id: ID,
    /// The `updatedAt` you read the membership at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the membership has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the membership now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The new role.
    role: Option<MemberRole>,
    /// The new status.
    status: Option<MemberStatus>,
}

/// An open invitation to withdraw.
#[derive(InputObject)]
pub struct WithdrawInvitationInput {
    /// The membership whose invitation is withdrawn (its status must be `INVITED`).
    id: ID,
    /// The `updatedAt` you read the membership at, sent back exactly as read. If it has changed since
    /// (withdrawn and made again, say), nothing is withdrawn and a `CONFLICT` answers, with its current
    /// values in `extensions.current`. Optional, as on `updatePilotCaseMember`.
    expected_updated_at: Option<DateTime<Utc>>,
}

/// A membership's current values, for the `CONFLICT` of a change made from an old read.
async fn current_membership(ctx: &Context<'_>, id: uuid::Uuid) -> ApiResult<Value> {
    let (member, _) = membership(ctx, id).await?;
    let input = UpdatePilotCaseMemberInput {
        id: ids::encode(Kind::PilotCaseMember, member.id),
        expected_updated_at: None,
        role: Some(member.role),
        status: Some(member.status),
    };
    Ok(values_of(
        input,
        [("updatedAt", member.updated_at.to_value())],
    ))
}

/// What a pilot case mutation returns.
#[derive(SimpleObject)]
pub struct PilotCasePayload {
    /// The pilot case as it now is.
    pilot_case: PilotCase,
}

impl From<pilot_case::Model> for PilotCasePayload {
    fn from(model: pilot_case::Model) -> Self {
        Self {
            pilot_case: PilotCase(model),
        }
    }
}

/// What a membership mutation returns.
#[derive(SimpleObject)]
pub struct PilotCaseMemberPayload {
    /// The membership as it now is.
    member: PilotCaseMember,
}

impl From<pilot_case_member::Model> for PilotCaseMemberPayload {
    fn from(model: pilot_case_member::Model) -> Self {
        Self {
            member: PilotCaseMember(model, None),
        }
    }
}

/// Pilot case mutations.
#[derive(Default)]
pub struct PilotCaseMutation;

#[Object]
impl PilotCaseMutation {
    /// Creates a pilot case.
    async fn create_pilot_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new case.")] input: CreatePilotCaseInput,
    ) -> ApiResult<PilotCasePayload> {
        viewer(ctx).require_creator(&input.cities, "create pilot cases for these cities")?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Changes a pilot case's fields.
    async fn update_pilot_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdatePilotCaseInput,
    ) -> ApiResult<PilotCasePayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCase)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_editor(
            &before.cities.0,
            input.cities.as_deref(),
            "change this pilot case",
        )?;
        let expected = input.expected_updated_at;
        let saved = update::<Entity>(ctx, id, expected, input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Moves a pilot case to another phase, as its lifecycle allows.
    async fn set_pilot_case_phase(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetPilotCasePhaseInput,
    ) -> ApiResult<PilotCasePayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCase)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&before.cities.0, "move this pilot case")?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.phase).await?;
        Ok(saved.into())
    }

    /// Deletes a pilot case that no event or story refers to (otherwise stop it).
    async fn delete_pilot_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCase)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&before.cities.0, "delete this pilot case")?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }

    /// Invites an approved partner to an open pilot case; the membership starts as `INVITED`. Inviting a
    /// partner that declined before invites it again.
    async fn invite_partner_to_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation.")] input: InvitePartnerToCaseInput,
    ) -> ApiResult<PilotCaseMemberPayload> {
        let case_id = ids::decode("pilotCaseId", &input.pilot_case_id, Kind::PilotCase)?;
        let partner_id = ids::decode("partnerId", &input.partner_id, Kind::Partner)?;
        let case = current::<Entity>(ctx, case_id).await?;
        viewer(ctx).require_manager(&case.cities.0, "invite partners to this pilot case")?;
        let member =
            members::invite(db(ctx), &change(ctx), case_id, partner_id, input.role).await?;
        Ok(member.into())
    }

    /// Changes a membership's role or records the partner's answer.
    async fn update_pilot_case_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdatePilotCaseMemberInput,
    ) -> ApiResult<PilotCaseMemberPayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCaseMember)?;
        let (member, case) = membership(ctx, id).await?;
        let viewer = viewer(ctx);
        // The case's managers change roles and may record an answer given to them; the partner answers
        // its own invitation.
        let answers_own = viewer.is_member_of(member.partner_id)
            && input.role.is_none()
            && input
                .status
                .is_some_and(|s| matches!(s, MemberStatus::Accepted | MemberStatus::Declined));
        if !answers_own {
            viewer.require_manager(&case.cities.0, "change this membership")?;
        }
        let result = members::change(
            db(ctx),
            &change(ctx),
            id,
            input.expected_updated_at,
            input.role,
            input.status,
        )
        .await;
        let changed = with_current(result, current_membership(ctx, id)).await?;
        Ok(changed.into())
    }

    /// Withdraws an open invitation (status `INVITED`) to a pilot case: the membership becomes `WITHDRAWN`,
    /// the partner no longer sees an open invitation, and `invitePartnerToCase` may invite it again. For
    /// those who manage the case; an invitation already answered or withdrawn is refused with `CONFLICT`.
    async fn withdraw_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation.")] input: WithdrawInvitationInput,
    ) -> ApiResult<PilotCaseMemberPayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCaseMember)?;
        let (_, case) = membership(ctx, id).await?;
        viewer(ctx).require_manager(&case.cities.0, "withdraw invitations to this pilot case")?;
        let result = members::withdraw(db(ctx), &change(ctx), id, input.expected_updated_at).await;
        Ok(with_current(result, current_membership(ctx, id))
            .await?
            .into())
    }

    /// Takes a partner off a pilot case.
    async fn remove_pilot_case_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership to remove.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        let id = ids::decode("id", &input.id, Kind::PilotCaseMember)?;
        let (_, case) = membership(ctx, id).await?;
        viewer(ctx).require_manager(&case.cities.0, "take partners off this pilot case")?;
        members::remove(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}
