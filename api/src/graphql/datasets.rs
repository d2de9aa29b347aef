//! `Dataset`: its type, queries and mutations.

use super::change;
use super::connection::{DatasetConnection, OrderDirection, page_request, wants_total};
use super::ids::{self, Kind};
use super::loaders::{CasesOfDataset, StoriesOfDataset};
use super::{DeleteInput, DeletePayload, db, load_many, lookup};
use super::{Edited, update, values_of, viewer};
use super::{pilot_cases::PilotCase, stories::SuccessStory};
use crate::domain::datasets::{self as domain, DatasetFields, DatasetSort};
use crate::domain::{page, record};
use crate::error::ApiResult;
use async_graphql::{Context, Enum, ID, InputObject, InputType, Object, SimpleObject, Value};
use chrono::{DateTime, Utc};
use entities::dataset::{self, Column, Entity};
use entities::values::Theme;

/// An open dataset that pilot cases use and success stories reuse.
#[derive(Clone)]
pub struct Dataset(pub dataset::Model);

/// An open dataset that pilot cases use and success stories reuse.
#[Object]
impl Dataset {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Dataset, self.0.id)
    }
    /// The unique, human-readable key for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Who publishes it.
    async fn publisher(&self) -> &str {
        &self.0.publisher
    }
    /// Where it is published.
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// Its licence.
    async fn licence(&self) -> &str {
        &self.0.licence
    }
    /// Its DCAT-AP theme.
    async fn theme(&self) -> Theme {
        self.0.theme
    }
    /// The pilot cases using it.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn pilot_cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<PilotCase>> {
        Ok(load_many(ctx, CasesOfDataset(self.0.id))
            .await?
            .into_iter()
            .map(PilotCase)
            .collect())
    }
    /// The success stories that reused it.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn success_stories(&self, ctx: &Context<'_>) -> ApiResult<Vec<SuccessStory>> {
        Ok(load_many(ctx, StoriesOfDataset(self.0.id))
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

/// Which datasets to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "DatasetFilter")]
pub struct DatasetFilterInput {
    /// Only datasets with one of these themes.
    theme: Option<Vec<Theme>>,
    /// Only datasets of this publisher (its exact name).
    publisher: Option<String>,
}

impl From<DatasetFilterInput> for domain::DatasetFilter {
    fn from(filter: DatasetFilterInput) -> Self {
        Self {
            theme: filter.theme,
            publisher: filter.publisher,
        }
    }
}

/// What datasets can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "DatasetSort")]
pub enum DatasetOrderField {
    /// By title.
    Title,
    /// By publisher.
    Publisher,
    /// By creation time.
    CreatedAt,
}

/// The order of a list of datasets.
#[derive(InputObject)]
pub struct DatasetOrder {
    /// What to order by.
    field: DatasetOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Dataset queries.
#[derive(Default)]
pub struct DatasetQuery;

#[Object]
impl DatasetQuery {
    /// Datasets, a page at a time (by default by title).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn datasets(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which datasets to list.")] filter: Option<DatasetFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<DatasetOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<DatasetConnection> {
        let filter = domain::DatasetFilter::from(filter.unwrap_or_default());
        let order = order_by.map_or(domain::order(DatasetSort::Title, false), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let request = page_request(first, after, last, before);
        let page = page::fetch(
            db(ctx),
            domain::select(&filter),
            Column::Id,
            order,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(DatasetConnection::from_page(page, Dataset))
    }

    /// One dataset, by id or by slug.
    async fn dataset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The dataset's id.")] id: Option<ID>,
        #[graphql(desc = "The dataset's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<Dataset>> {
        lookup::<Entity>(ctx, Kind::Dataset, id, slug)
            .await
            .map(|m| Some(Dataset(m)))
    }
}

/// A new dataset.
#[derive(InputObject)]
pub struct CreateDatasetInput {
    /// A slug of your choice; by default one is made from the title.
    slug: Option<String>,
    /// The title.
    title: String,
    /// Who publishes it.
    publisher: String,
    /// Where it is published (an http or https URL).
    url: String,
    /// Its licence.
    licence: String,
    /// Its DCAT-AP theme.
    theme: Theme,
}

impl From<CreateDatasetInput> for DatasetFields {
    fn from(input: CreateDatasetInput) -> Self {
        Self {
            slug: input.slug,
            title: Some(input.title),
            publisher: Some(input.publisher),
            url: Some(input.url),
            licence: Some(input.licence),
            theme: Some(input.theme),
        }
    }
}

/// Changes to a dataset: fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateDatasetInput {
    /// The dataset to change.
    id: ID,
    /// The `updatedAt` you read the dataset at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the dataset has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the dataset now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug.
    slug: Option<String>,
    /// The title.
    title: Option<String>,
    /// Who publishes it.
    publisher: Option<String>,
    /// Where it is published (an http or https URL).
    url: Option<String>,
    /// Its licence.
    licence: Option<String>,
    /// Its DCAT-AP theme.
    theme: Option<Theme>,
}

/// The changes asked for (the input's `id` names the dataset to change).
impl From<UpdateDatasetInput> for DatasetFields {
    fn from(input: UpdateDatasetInput) -> Self {
        Self {
            slug: input.slug,
            title: input.title,
            publisher: input.publisher,
            url: input.url,
            licence: input.licence,
            theme: input.theme,
        }
    }
}

impl Edited for Entity {
    async fn current_values(_: &Context<'_>, dataset: dataset::Model) -> ApiResult<Value> {
        let input = UpdateDatasetInput {
            id: ids::encode(Kind::Dataset, dataset.id),
            expected_updated_at: None,
            slug: Some(dataset.slug),
            title: Some(dataset.title),
            publisher: Some(dataset.publisher),
            url: Some(dataset.url),
            licence: Some(dataset.licence),
            theme: Some(dataset.theme),
        };
        Ok(values_of(
            input,
            [("updatedAt", dataset.updated_at.to_value())],
        ))
    }
}

/// What a dataset mutation returns.
#[derive(SimpleObject)]
pub struct DatasetPayload {
    /// The dataset as it now is.
    dataset: Dataset,
}

impl From<dataset::Model> for DatasetPayload {
    fn from(model: dataset::Model) -> Self {
        Self {
            dataset: Dataset(model),
        }
    }
}

/// Dataset mutations.
#[derive(Default)]
pub struct DatasetMutation;

#[Object]
impl DatasetMutation {
    /// Adds a dataset.
    async fn create_dataset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new dataset.")] input: CreateDatasetInput,
    ) -> ApiResult<DatasetPayload> {
        viewer(ctx).require_team("change the dataset catalogue")?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.into()).await?;
        Ok(saved.into())
    }

    /// Changes a dataset's fields.
    async fn update_dataset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateDatasetInput,
    ) -> ApiResult<DatasetPayload> {
        viewer(ctx).require_team("change the dataset catalogue")?;
        let id = ids::decode("id", &input.id, Kind::Dataset)?;
        let saved = update::<Entity>(ctx, id, input.expected_updated_at, input.into()).await?;
        Ok(saved.into())
    }

    /// Deletes a dataset; it disappears from the cases and stories that linked it.
    async fn delete_dataset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The dataset to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        viewer(ctx).require_team("change the dataset catalogue")?;
        let id = ids::decode("id", &input.id, Kind::Dataset)?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}
