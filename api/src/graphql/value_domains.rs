//! `ValueDomain` (meerwaardegebied): its type, queries and mutations.

use super::change;
use super::connection::{OrderDirection, ValueDomainConnection, page_request, wants_total};
use super::ids::{self, Kind};
use super::loaders::{CasesOfDomain, EventsOfDomain, PartnersInterestedIn, StoriesOfDomain};
use super::surveys::Survey;
use super::{DeleteInput, DeletePayload, db, load_many, load_visible, lookup};
use super::{Edited, set_status, update, values_of, viewer};
use super::{
    events::CoCreationEvent, partners::Partner, pilot_cases::PilotCase, stories::SuccessStory,
};
use crate::domain::lifecycle::Lifecycle;
use crate::domain::value_domains::{self as domain, ValueDomainFields, ValueDomainSort};
use crate::domain::{page, record};
use crate::error::ApiResult;
use crate::markdown;
use async_graphql::{Context, Enum, ID, InputObject, InputType, Object, SimpleObject, Value};
use chrono::{DateTime, Utc};
use entities::survey;
use entities::value_domain::{self, Column, Entity};
use entities::values::{Theme, ValueDomainStatus};
use sea_orm::{ConnectionTrait, QueryFilter};

/// A value domain (meerwaardegebied): a theme where open data makes a real economic and societal difference.
#[derive(Clone)]
pub struct ValueDomain(pub value_domain::Model);

/// A value domain (meerwaardegebied): a theme where open data makes a real economic and societal difference.
#[Object]
impl ValueDomain {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::ValueDomain, self.0.id)
    }
    /// The unique, human-readable key for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The domain's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What the domain covers (Markdown).
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// `description` as HTML, rendered from its Markdown and sanitised, ready to insert into a page: headings
    /// start at `h2`, raw HTML shows as text, images keep only their alternative text, and links go only to
    /// `http`, `https` and `mailto` URLs, with `rel="noopener noreferrer nofollow"`.
    async fn description_html(&self) -> String {
        markdown::to_html(&self.0.description)
    }
    /// The EU DCAT-AP data themes it touches.
    async fn themes(&self) -> &[Theme] {
        &self.0.themes.0
    }
    /// Where the domain stands in the programme's choice.
    async fn status(&self) -> ValueDomainStatus {
        self.0.status
    }
    /// The statuses the domain may move to next through `setValueDomainStatus`, as its lifecycle allows.
    async fn next_statuses(&self) -> Vec<ValueDomainStatus> {
        self.0.status.allowed_moves().to_vec()
    }
    /// Expected economic value, 1 (low) to 5 (high).
    async fn economic_value(&self) -> i16 {
        self.0.economic_value
    }
    /// Expected societal value, 1 (low) to 5 (high).
    async fn societal_value(&self) -> i16 {
        self.0.societal_value
    }
    /// How ready the data is, 1 (not yet) to 5 (open and usable).
    async fn data_readiness(&self) -> i16 {
        self.0.data_readiness
    }
    /// Priority, 0 to 100: economic and societal value weigh double, data readiness single.
    async fn priority_score(&self) -> i32 {
        self.0.priority_score
    }
    /// Where the three scores came from: a survey's suggestions (`applySurveyScores`), or typed in by hand.
    async fn scores_source(&self) -> ScoresSource {
        ScoresSource {
            survey_id: self.0.scores_survey_id,
            set_at: self.0.scores_set_at,
            answer_count: self.0.scores_answer_count,
        }
    }
    /// The pilot cases in this domain.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn pilot_cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<PilotCase>> {
        Ok(load_many(ctx, CasesOfDomain(self.0.id))
            .await?
            .into_iter()
            .map(PilotCase)
            .collect())
    }
    /// The co-creation events about this domain.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn events(&self, ctx: &Context<'_>) -> ApiResult<Vec<CoCreationEvent>> {
        Ok(load_many(ctx, EventsOfDomain(self.0.id))
            .await?
            .into_iter()
            .map(CoCreationEvent)
            .collect())
    }
    /// The success stories in this domain.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn success_stories(&self, ctx: &Context<'_>) -> ApiResult<Vec<SuccessStory>> {
        Ok(load_many(ctx, StoriesOfDomain(self.0.id))
            .await?
            .into_iter()
            .map(SuccessStory)
            .collect())
    }
    /// The partners interested in this domain.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn interested_partners(&self, ctx: &Context<'_>) -> ApiResult<Vec<Partner>> {
        Ok(load_many(ctx, PartnersInterestedIn(self.0.id))
            .await?
            .into_iter()
            .map(Partner)
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

/// Where a value domain's scores came from.
pub struct ScoresSource {
    survey_id: Option<uuid::Uuid>,
    set_at: Option<DateTime<Utc>>,
    answer_count: Option<i32>,
}

/// Where a value domain's scores came from.
#[Object]
impl ScoresSource {
    /// True when the scores were typed in by hand, false when they are a survey's suggestions.
    async fn by_hand(&self) -> bool {
        self.survey_id.is_none()
    }
    /// The survey whose suggested scores were applied; null when they were typed in by hand (or the
    /// viewer may not see the survey).
    async fn survey(&self, ctx: &Context<'_>) -> ApiResult<Option<Survey>> {
        Ok(load_visible::<survey::Entity>(ctx, self.survey_id)
            .await?
            .map(Survey))
    }
    /// When they were set; null for scores set before this was recorded.
    async fn set_at(&self) -> Option<DateTime<Utc>> {
        self.set_at
    }
    /// How many answers a survey's scores rest on (the most of the three); null when typed in by hand.
    async fn answer_count(&self) -> Option<i32> {
        self.answer_count
    }
}

/// Which value domains to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "ValueDomainFilter")]
pub struct ValueDomainFilterInput {
    /// Only domains with one of these statuses.
    status: Option<Vec<ValueDomainStatus>>,
    /// Only domains touching this theme.
    theme: Option<Theme>,
}

impl From<ValueDomainFilterInput> for domain::ValueDomainFilter {
    fn from(filter: ValueDomainFilterInput) -> Self {
        Self {
            status: filter.status,
            theme: filter.theme,
        }
    }
}

/// What value domains can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ValueDomainSort")]
pub enum ValueDomainOrderField {
    /// By name.
    Name,
    /// By priority score.
    Priority,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The order of a list of value domains.
#[derive(InputObject)]
pub struct ValueDomainOrder {
    /// What to order by.
    field: ValueDomainOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Value domain queries.
#[derive(Default)]
pub struct ValueDomainQuery;

#[Object]
impl ValueDomainQuery {
    /// Value domains, a page at a time (by default the highest priority first).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn value_domains(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which domains to list.")] filter: Option<ValueDomainFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<ValueDomainOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<ValueDomainConnection> {
        let filter = domain::ValueDomainFilter::from(filter.unwrap_or_default());
        let order = order_by.map_or(domain::order(ValueDomainSort::Priority, true), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let db = db(ctx);
        let select = domain::select(db.get_database_backend(), &filter)
            .filter(viewer(ctx).value_domains_seen());
        let request = page_request(first, after, last, before);
        let page = page::fetch(db, select, Column::Id, order, &request, wants_total(ctx)).await?;
        Ok(ValueDomainConnection::from_page(page, ValueDomain))
    }

    /// One value domain, by id or by slug.
    async fn value_domain(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The domain's id.")] id: Option<ID>,
        #[graphql(desc = "The domain's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<ValueDomain>> {
        lookup::<Entity>(ctx, Kind::ValueDomain, id, slug)
            .await
            .map(|m| Some(ValueDomain(m)))
    }
}

/// A new value domain; it starts as a `CANDIDATE`.
#[derive(InputObject)]
pub struct CreateValueDomainInput {
    /// A slug of your choice; by default one is made from the name.
    slug: Option<String>,
    /// The name.
    name: String,
    /// What it covers (Markdown).
    #[graphql(default)]
    description: String,
    /// The DCAT-AP themes it touches.
    #[graphql(default)]
    themes: Vec<Theme>,
    /// Expected economic value, 1 to 5.
    economic_value: i16,
    /// Expected societal value, 1 to 5.
    societal_value: i16,
    /// How ready the data is, 1 to 5.
    data_readiness: i16,
}

impl From<CreateValueDomainInput> for ValueDomainFields {
    fn from(input: CreateValueDomainInput) -> Self {
        Self {
            slug: input.slug,
            name: Some(input.name),
            description: Some(input.description),
            themes: Some(input.themes),
            economic_value: Some(input.economic_value),
            societal_value: Some(input.societal_value),
            data_readiness: Some(input.data_readiness),
        }
    }
}

/// Changes to a value domain: fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateValueDomainInput {
    /// The domain to change.
    id: ID,
    /// The `updatedAt` you read the domain at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the domain has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the domain now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (links with the old one stop working).
    slug: Option<String>,
    /// The name.
    name: Option<String>,
    /// What it covers (Markdown).
    description: Option<String>,
    /// The DCAT-AP themes it touches.
    themes: Option<Vec<Theme>>,
    /// Expected economic value, 1 to 5.
    economic_value: Option<i16>,
    /// Expected societal value, 1 to 5.
    societal_value: Option<i16>,
    /// How ready the data is, 1 to 5.
    data_readiness: Option<i16>,
}

/// The changes asked for (the input's `id` names the domain to change).
impl From<UpdateValueDomainInput> for ValueDomainFields {
    fn from(input: UpdateValueDomainInput) -> Self {
        Self {
            slug: input.slug,
            name: input.name,
            description: input.description,
            themes: input.themes,
            economic_value: input.economic_value,
            societal_value: input.societal_value,
            data_readiness: input.data_readiness,
        }
    }
}

impl Edited for Entity {
    async fn current_values(_: &Context<'_>, domain: value_domain::Model) -> ApiResult<Value> {
        let input = UpdateValueDomainInput {
            id: ids::encode(Kind::ValueDomain, domain.id),
            expected_updated_at: None,
            slug: Some(domain.slug),
            name: Some(domain.name),
            description: Some(domain.description),
            themes: Some(domain.themes.0),
            economic_value: Some(domain.economic_value),
            societal_value: Some(domain.societal_value),
            data_readiness: Some(domain.data_readiness),
        };
        Ok(values_of(
            input,
            [
                ("status", domain.status.to_value()),
                ("updatedAt", domain.updated_at.to_value()),
            ],
        ))
    }
}

/// A status move for a value domain (select it, archive it, or take it back to candidate).
#[derive(InputObject)]
pub struct SetValueDomainStatusInput {
    /// The domain to move.
    id: ID,
    /// The `updatedAt` you read the domain at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the domain has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the domain now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The status to move to.
    status: ValueDomainStatus,
}

/// What a value domain mutation returns.
#[derive(SimpleObject)]
pub struct ValueDomainPayload {
    /// The value domain as it now is.
    value_domain: ValueDomain,
}

impl From<value_domain::Model> for ValueDomainPayload {
    fn from(model: value_domain::Model) -> Self {
        Self {
            value_domain: ValueDomain(model),
        }
    }
}

/// Value domain mutations.
#[derive(Default)]
pub struct ValueDomainMutation;

#[Object]
impl ValueDomainMutation {
    /// Creates a value domain.
    async fn create_value_domain(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new domain.")] input: CreateValueDomainInput,
    ) -> ApiResult<ValueDomainPayload> {
        viewer(ctx).require_admin("change value domains")?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.into()).await?;
        Ok(saved.into())
    }

    /// Changes a value domain's fields.
    async fn update_value_domain(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateValueDomainInput,
    ) -> ApiResult<ValueDomainPayload> {
        viewer(ctx).require_admin("change value domains")?;
        let id = ids::decode("id", &input.id, Kind::ValueDomain)?;
        let saved = update::<Entity>(ctx, id, input.expected_updated_at, input.into()).await?;
        Ok(saved.into())
    }

    /// Moves a value domain to another status: `CANDIDATE` ⇄ `SELECTED`, either to `ARCHIVED`, and back to
    /// `CANDIDATE`.
    async fn set_value_domain_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetValueDomainStatusInput,
    ) -> ApiResult<ValueDomainPayload> {
        viewer(ctx).require_admin("change value domains")?;
        let id = ids::decode("id", &input.id, Kind::ValueDomain)?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.status).await?;
        Ok(saved.into())
    }

    /// Deletes a value domain that nothing refers to any more (otherwise archive it).
    async fn delete_value_domain(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The domain to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        viewer(ctx).require_admin("change value domains")?;
        let id = ids::decode("id", &input.id, Kind::ValueDomain)?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}
