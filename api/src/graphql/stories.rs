//! `SuccessStory` (succesverhaal): its type, queries and mutations.

use super::change;
use super::connection::{OrderDirection, SuccessStoryConnection, page_request, wants_total};
use super::ids::{self, Kind, maybe};
use super::loaders::{DatasetsOfStory, PartnersOfStory};
use super::{DeleteInput, DeletePayload, db, load_many, load_visible, lookup};
use super::{Edited, current, set_status, update, values_of, viewer};
use super::{
    datasets::Dataset, partners::Partner, pilot_cases::PilotCase, value_domains::ValueDomain,
};
use crate::domain::access::story_cities;
use crate::domain::lifecycle::Lifecycle;
use crate::domain::stories::{self as domain, StoryFields, StorySort};
use crate::domain::{page, record};
use crate::error::{ApiError, ApiResult};
use crate::markdown;
use async_graphql::{
    Context, Enum, ID, InputObject, InputType, MaybeUndefined, Object, SimpleObject, Value,
};
use chrono::{DateTime, Utc};
use entities::success_story::{self, Column, Entity};
use entities::values::{City, ImpactFigure, StoryStatus};
use entities::{pilot_case, value_domain};
use sea_orm::QueryFilter;

/// A success story (succesverhaal): what open data made possible, by whom, with which datasets.
#[derive(Clone)]
pub struct SuccessStory(pub success_story::Model);

/// A success story (succesverhaal): what open data made possible, by whom, with which datasets.
#[Object]
impl SuccessStory {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::SuccessStory, self.0.id)
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
    /// The story (Markdown).
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// `body` as HTML, rendered from its Markdown and sanitised, ready to insert into a page: headings
    /// start at `h2`, raw HTML shows as text, images keep only their alternative text, and links go only to
    /// `http`, `https` and `mailto` URLs, with `rel="noopener noreferrer nofollow"`.
    async fn body_html(&self) -> String {
        markdown::to_html(&self.0.body)
    }
    /// Where the story stands on its way to publication.
    async fn status(&self) -> StoryStatus {
        self.0.status
    }
    /// The statuses the story may move to next through `setSuccessStoryStatus`, as its lifecycle allows
    /// (a draft goes to review; a story in review is published or goes back to draft); empty for a viewer
    /// who may not move it (see `viewerCanUpdate`).
    async fn next_statuses(&self, ctx: &Context<'_>) -> Vec<StoryStatus> {
        if viewer(ctx).manages(&story_cities(&self.0)) {
            self.0.status.allowed_moves().to_vec()
        } else {
            Vec::new()
        }
    }
    /// Whether the viewer may change the story and move it along its lifecycle: admins, and coordinators
    /// of its city (every coordinator when it names no single city).
    async fn viewer_can_update(&self, ctx: &Context<'_>) -> bool {
        viewer(ctx).manages(&story_cities(&self.0))
    }
    /// When it was published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// The pilot case it tells about.
    async fn pilot_case(&self, ctx: &Context<'_>) -> ApiResult<Option<PilotCase>> {
        Ok(
            load_visible::<pilot_case::Entity>(ctx, self.0.pilot_case_id)
                .await?
                .map(PilotCase),
        )
    }
    /// The value domain it belongs to.
    async fn value_domain(&self, ctx: &Context<'_>) -> ApiResult<Option<ValueDomain>> {
        Ok(
            load_visible::<value_domain::Entity>(ctx, self.0.value_domain_id)
                .await?
                .map(ValueDomain),
        )
    }
    /// Measured results.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn impact_figures(&self) -> &[ImpactFigure] {
        &self.0.impact_figures.0
    }
    /// The city it happened in; none when both or neither.
    async fn city(&self) -> Option<City> {
        self.0.city
    }
    /// The partners involved.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn partners(&self, ctx: &Context<'_>) -> ApiResult<Vec<Partner>> {
        Ok(load_many(ctx, PartnersOfStory(self.0.id))
            .await?
            .into_iter()
            .map(Partner)
            .collect())
    }
    /// The datasets reused.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn datasets(&self, ctx: &Context<'_>) -> ApiResult<Vec<Dataset>> {
        Ok(load_many(ctx, DatasetsOfStory(self.0.id))
            .await?
            .into_iter()
            .map(Dataset)
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

/// Which success stories to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "SuccessStoryFilter")]
pub struct StoryFilterInput {
    /// Only stories with one of these statuses.
    status: Option<Vec<StoryStatus>>,
    /// Only stories from this city.
    city: Option<City>,
    /// Only stories of this pilot case.
    pilot_case_id: Option<ID>,
    /// Only stories of this value domain.
    value_domain_id: Option<ID>,
    /// Only stories published at or after this instant.
    published_from: Option<DateTime<Utc>>,
    /// Only stories published before this instant.
    published_before: Option<DateTime<Utc>>,
    /// Only the stories the viewer may change (`true`: see `SuccessStory.viewerCanUpdate`), or only those
    /// it may not (`false`).
    viewer_can_update: Option<bool>,
}

impl TryFrom<StoryFilterInput> for domain::StoryFilter {
    type Error = ApiError;
    fn try_from(filter: StoryFilterInput) -> ApiResult<Self> {
        Ok(Self {
            status: filter.status,
            city: filter.city,
            pilot_case_id: ids::decode_optional(
                "filter.pilotCaseId",
                filter.pilot_case_id.as_ref(),
                Kind::PilotCase,
            )?,
            value_domain_id: ids::decode_optional(
                "filter.valueDomainId",
                filter.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?,
            published_from: filter.published_from,
            published_before: filter.published_before,
        })
    }
}

/// What success stories can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "StorySort", name = "SuccessStoryOrderField")]
pub enum StoryOrderField {
    /// By publication time (unpublished last).
    PublishedAt,
    /// By title.
    Title,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The order of a list of success stories.
#[derive(InputObject)]
#[graphql(name = "SuccessStoryOrder")]
pub struct StoryOrder {
    /// What to order by.
    field: StoryOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Success story queries.
#[derive(Default)]
pub struct StoryQuery;

#[Object]
impl StoryQuery {
    /// Success stories, a page at a time (by default the most recently published first).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn success_stories(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which stories to list.")] filter: Option<StoryFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<StoryOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<SuccessStoryConnection> {
        let filter = filter.unwrap_or_default();
        let managed = filter.viewer_can_update;
        let filter: domain::StoryFilter = filter.try_into()?;
        let order = order_by.map_or(domain::order(StorySort::PublishedAt, true), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let mut select = domain::select(&filter).filter(viewer(ctx).stories_seen());
        if let Some(managed) = managed {
            let condition = viewer(ctx).stories_managed();
            select = select.filter(if managed { condition } else { condition.not() });
        }
        let request = page_request(first, after, last, before);
        let page = page::fetch(
            db(ctx),
            select,
            Column::Id,
            order,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(SuccessStoryConnection::from_page(page, SuccessStory))
    }

    /// One success story, by id or by slug.
    async fn success_story(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The story's id.")] id: Option<ID>,
        #[graphql(desc = "The story's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<SuccessStory>> {
        lookup::<Entity>(ctx, Kind::SuccessStory, id, slug)
            .await
            .map(|m| Some(SuccessStory(m)))
    }
}

/// A new success story; it starts as a `DRAFT`.
#[derive(InputObject)]
pub struct CreateSuccessStoryInput {
    /// A slug of your choice; by default one is made from the title.
    slug: Option<String>,
    /// The title.
    title: String,
    /// One or two sentences.
    #[graphql(default)]
    summary: String,
    /// The story (Markdown).
    #[graphql(default)]
    body: String,
    /// The pilot case it tells about.
    pilot_case_id: Option<ID>,
    /// The value domain it belongs to.
    value_domain_id: Option<ID>,
    /// Measured results.
    #[graphql(default)]
    impact_figures: Vec<ImpactFigure>,
    /// The city it happened in.
    city: Option<City>,
    /// The partners involved.
    #[graphql(default)]
    partner_ids: Vec<ID>,
    /// The datasets reused.
    #[graphql(default)]
    dataset_ids: Vec<ID>,
}

impl TryFrom<CreateSuccessStoryInput> for StoryFields {
    type Error = ApiError;
    fn try_from(input: CreateSuccessStoryInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: Some(input.title),
            summary: Some(input.summary),
            body: Some(input.body),
            pilot_case_id: Some(ids::decode_optional(
                "pilotCaseId",
                input.pilot_case_id.as_ref(),
                Kind::PilotCase,
            )?),
            value_domain_id: Some(ids::decode_optional(
                "valueDomainId",
                input.value_domain_id.as_ref(),
                Kind::ValueDomain,
            )?),
            impact_figures: Some(input.impact_figures),
            city: Some(input.city),
            partner_ids: Some(ids::decode_all(
                "partnerIds",
                &input.partner_ids,
                Kind::Partner,
            )?),
            dataset_ids: Some(ids::decode_all(
                "datasetIds",
                &input.dataset_ids,
                Kind::Dataset,
            )?),
        })
    }
}

/// Changes to a success story: fields left out stay as they are; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateSuccessStoryInput {
    /// The story to change.
    id: ID,
    /// The `updatedAt` you read the story at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the story has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the story now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (links with the old one stop working).
    slug: Option<String>,
    /// The title.
    title: Option<String>,
    /// One or two sentences.
    summary: Option<String>,
    /// The story (Markdown).
    body: Option<String>,
    /// The pilot case it tells about.
    pilot_case_id: MaybeUndefined<ID>,
    /// The value domain it belongs to.
    value_domain_id: MaybeUndefined<ID>,
    /// Measured results.
    impact_figures: Option<Vec<ImpactFigure>>,
    /// The city it happened in.
    city: MaybeUndefined<City>,
    /// The partners involved (replaces the current set).
    partner_ids: Option<Vec<ID>>,
    /// The datasets reused (replaces the current set).
    dataset_ids: Option<Vec<ID>>,
}

/// The changes asked for (the input's `id` names the story to change).
impl TryFrom<UpdateSuccessStoryInput> for StoryFields {
    type Error = ApiError;
    fn try_from(input: UpdateSuccessStoryInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            title: input.title,
            summary: input.summary,
            body: input.body,
            pilot_case_id: ids::decode_maybe("pilotCaseId", input.pilot_case_id, Kind::PilotCase)?,
            value_domain_id: ids::decode_maybe(
                "valueDomainId",
                input.value_domain_id,
                Kind::ValueDomain,
            )?,
            impact_figures: input.impact_figures,
            city: maybe(input.city),
            partner_ids: ids::decode_all_optional(
                "partnerIds",
                input.partner_ids.as_deref(),
                Kind::Partner,
            )?,
            dataset_ids: ids::decode_all_optional(
                "datasetIds",
                input.dataset_ids.as_deref(),
                Kind::Dataset,
            )?,
        })
    }
}

impl Edited for Entity {
    async fn current_values(ctx: &Context<'_>, story: success_story::Model) -> ApiResult<Value> {
        let pilot_case = load_visible::<pilot_case::Entity>(ctx, story.pilot_case_id).await?;
        let value_domain = load_visible::<value_domain::Entity>(ctx, story.value_domain_id).await?;
        let partners: Vec<entities::partner::Model> =
            load_many(ctx, PartnersOfStory(story.id)).await?;
        let datasets: Vec<entities::dataset::Model> =
            load_many(ctx, DatasetsOfStory(story.id)).await?;
        let input = UpdateSuccessStoryInput {
            id: ids::encode(Kind::SuccessStory, story.id),
            expected_updated_at: None,
            slug: Some(story.slug),
            title: Some(story.title),
            summary: Some(story.summary),
            body: Some(story.body),
            pilot_case_id: Some(pilot_case.map(|case| ids::encode(Kind::PilotCase, case.id)))
                .into(),
            value_domain_id: Some(value_domain.map(|d| ids::encode(Kind::ValueDomain, d.id)))
                .into(),
            impact_figures: Some(story.impact_figures.0),
            city: Some(story.city).into(),
            partner_ids: Some(
                partners
                    .iter()
                    .map(|p| ids::encode(Kind::Partner, p.id))
                    .collect(),
            ),
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
                ("status", story.status.to_value()),
                ("updatedAt", story.updated_at.to_value()),
            ],
        ))
    }
}

/// A status move for a success story: submit it for review, publish it, or take it back to draft.
#[derive(InputObject)]
pub struct SetSuccessStoryStatusInput {
    /// The story to move.
    id: ID,
    /// The `updatedAt` you read the story at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the story has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the story now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The status to move to.
    status: StoryStatus,
}

/// What a success story mutation returns.
#[derive(SimpleObject)]
pub struct SuccessStoryPayload {
    /// The story as it now is.
    success_story: SuccessStory,
}

impl From<success_story::Model> for SuccessStoryPayload {
    fn from(model: success_story::Model) -> Self {
        Self {
            success_story: SuccessStory(model),
        }
    }
}

/// Success story mutations.
#[derive(Default)]
pub struct StoryMutation;

#[Object]
impl StoryMutation {
    /// Creates a success story.
    async fn create_success_story(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new story.")] input: CreateSuccessStoryInput,
    ) -> ApiResult<SuccessStoryPayload> {
        viewer(ctx).require_creator(
            &input.city.into_iter().collect::<Vec<_>>(),
            "create success stories for this city",
        )?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Submits a story your partner organisation wrote for the team's review: it starts `IN_REVIEW`, with
    /// your organisation among the partners involved, and becomes public once the team publishes it.
    async fn submit_success_story(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The story.")] input: CreateSuccessStoryInput,
    ) -> ApiResult<SuccessStoryPayload> {
        let viewer = viewer(ctx);
        viewer.actor()?;
        let partner_id = viewer.own_partner().ok_or_else(|| {
            ApiError::Forbidden(
                "only a partner's members submit stories; the team creates them".to_owned(),
            )
        })?;
        let saved = domain::submit(db(ctx), &change(ctx), partner_id, input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Changes a success story's fields.
    async fn update_success_story(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateSuccessStoryInput,
    ) -> ApiResult<SuccessStoryPayload> {
        let id = ids::decode("id", &input.id, Kind::SuccessStory)?;
        let before = current::<Entity>(ctx, id).await?;
        let new_city = maybe(input.city).map(|c| c.into_iter().collect::<Vec<_>>());
        viewer(ctx).require_editor(
            &story_cities(&before),
            new_city.as_deref(),
            "change this success story",
        )?;
        let expected = input.expected_updated_at;
        let saved = update::<Entity>(ctx, id, expected, input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Moves a success story to another status: `DRAFT` → `IN_REVIEW` → `PUBLISHED` (every story is
    /// reviewed), or back to `DRAFT`.
    /// Publishing stamps `publishedAt`.
    async fn set_success_story_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetSuccessStoryStatusInput,
    ) -> ApiResult<SuccessStoryPayload> {
        let id = ids::decode("id", &input.id, Kind::SuccessStory)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&story_cities(&before), "move this success story")?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.status).await?;
        Ok(saved.into())
    }

    /// Deletes a success story.
    async fn delete_success_story(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The story to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        let id = ids::decode("id", &input.id, Kind::SuccessStory)?;
        let before = current::<Entity>(ctx, id).await?;
        viewer(ctx).require_manager(&story_cities(&before), "delete this success story")?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}
