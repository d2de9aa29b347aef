//! Success stories (succesverhalen): what open data made possible, reviewed by the team before they are public.

use super::links;
use super::page::ListOrder;
use super::record::{self, HasStatus, Record, record_fields, same_accessors};
use super::validate::{self, tidy};
use super::write::{Change, Store, Write, begin_write};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::success_story::{Column, Entity, Model};
use entities::values::{City, ImpactFigure, ImpactFigures, StoryStatus};
use entities::{
    dataset, partner, pilot_case, success_story_dataset, success_story_partner, value_domain,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, Set,
};
use uuid::Uuid;

record_fields! {
    /// The fields of a success story a client can set; `None` leaves a field as it is, `Some(None)` clears
    /// it.
    pub struct StoryFields for Model {
        /// The title.
        title: String = |v| tidy(v),
        /// One or two sentences.
        summary: String = |v| tidy(v),
        /// The story (Markdown).
        body: String = |v| tidy(v),
        /// The pilot case it tells about.
        pilot_case_id: Option<Uuid> = |v| *v,
        /// The value domain it belongs to.
        value_domain_id: Option<Uuid> = |v| *v,
        /// Measured results.
        impact_figures: Vec<ImpactFigure> = |v| ImpactFigures(
            v.iter()
                .map(|f| ImpactFigure {
                    label: tidy(&f.label),
                    value: tidy(&f.value),
                })
                .collect(),
        ),
        /// The city it happened in.
        city: Option<City> = |v| *v,
    }
    outside the row {
        /// A chosen slug; by default one is made from the title.
        slug: String,
        /// The partners involved (replaces the current set).
        partner_ids: Vec<Uuid>,
        /// The datasets reused (replaces the current set).
        dataset_ids: Vec<Uuid>,
    }
}

impl Record for Entity {
    type Fields = StoryFields;
    const KIND: &'static str = "success story";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::SuccessStory);

    same_accessors!(StoryFields, title);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            title: String::new(),
            summary: String::new(),
            body: String::new(),
            status: StoryStatus::Draft,
            published_at: None,
            pilot_case_id: None,
            value_domain_id: None,
            impact_figures: ImpactFigures::default(),
            city: None,
            submitted_by_partner_id: None,
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &StoryFields) {
        fields.apply_to(model);
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("title", &model.title, validate::MAX_TITLE)?;
        validate::text("summary", &model.summary, validate::MAX_SUMMARY)?;
        validate::text("body", &model.body, validate::MAX_BODY)?;
        validate::list_len("impactFigures", &model.impact_figures.0)?;
        for figure in &model.impact_figures.0 {
            validate::required_line("impactFigures", &figure.label, validate::MAX_SHORT)?;
            validate::required_line("impactFigures", &figure.value, validate::MAX_SHORT)?;
        }
        Ok(())
    }
    async fn check_references(conn: &Write<'_>, model: &Model) -> ApiResult<()> {
        if let Some(id) = model.pilot_case_id {
            links::existing::<pilot_case::Entity>(
                conn,
                pilot_case::Column::Id,
                &[id],
                "pilotCaseId",
                "pilot case",
            )
            .await?;
        }
        if let Some(id) = model.value_domain_id {
            links::existing::<value_domain::Entity>(
                conn,
                value_domain::Column::Id,
                &[id],
                "valueDomainId",
                "value domain",
            )
            .await?;
        }
        Ok(())
    }
    async fn save_links(conn: &Write<'_>, id: Uuid, fields: &StoryFields) -> ApiResult<()> {
        if let Some(ids) = &fields.partner_ids {
            let ids = links::existing::<partner::Entity>(
                conn,
                partner::Column::Id,
                ids,
                "partnerIds",
                "partner",
            )
            .await?;
            links::replace::<success_story_partner::Entity>(
                conn,
                success_story_partner::Column::SuccessStoryId,
                id,
                success_story_partner::Column::PartnerId,
                &ids,
            )
            .await?;
        }
        if let Some(ids) = &fields.dataset_ids {
            let ids = links::existing::<dataset::Entity>(
                conn,
                dataset::Column::Id,
                ids,
                "datasetIds",
                "dataset",
            )
            .await?;
            links::replace::<success_story_dataset::Entity>(
                conn,
                success_story_dataset::Column::SuccessStoryId,
                id,
                success_story_dataset::Column::DatasetId,
                &ids,
            )
            .await?;
        }
        Ok(())
    }
}

impl HasStatus for Entity {
    type Status = StoryStatus;
    const STATUS_FIELD: &'static str = "status";
    fn status(model: &Model) -> StoryStatus {
        model.status
    }
    /// Publishing stamps the publication time; taking a story back clears it.
    fn set_status(model: &mut Model, status: StoryStatus, now: DateTime<Utc>) {
        model.status = status;
        model.published_at = (status == StoryStatus::Published).then_some(now);
    }
    async fn after_status_move(txn: &Write<'_>, model: &Model, from: StoryStatus) -> ApiResult<()> {
        if model.status == StoryStatus::Published && from != StoryStatus::Published {
            super::notices::story_published(txn, model).await?;
        }
        Ok(())
    }
}

/// Which success stories a list shows.
#[derive(Debug, Default, Clone)]
pub struct StoryFilter {
    /// Only these statuses.
    pub status: Option<Vec<StoryStatus>>,
    /// Only stories from this city.
    pub city: Option<City>,
    /// Only stories of this pilot case.
    pub pilot_case_id: Option<Uuid>,
    /// Only stories of this value domain.
    pub value_domain_id: Option<Uuid>,
    /// Only stories published at or after this instant.
    pub published_from: Option<DateTime<Utc>>,
    /// Only stories published before this instant.
    pub published_before: Option<DateTime<Utc>>,
}

/// What a list of success stories can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorySort {
    /// By publication time (unpublished last).
    PublishedAt,
    /// By title.
    Title,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The rows a filter selects.
pub fn select(filter: &StoryFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.is_in(status.iter().copied()));
    }
    if let Some(city) = filter.city {
        query = query.filter(Column::City.eq(city));
    }
    if let Some(id) = filter.pilot_case_id {
        query = query.filter(Column::PilotCaseId.eq(id));
    }
    if let Some(id) = filter.value_domain_id {
        query = query.filter(Column::ValueDomainId.eq(id));
    }
    if let Some(from) = filter.published_from {
        query = query.filter(Column::PublishedAt.gte(from));
    }
    if let Some(before) = filter.published_before {
        query = query.filter(Column::PublishedAt.lt(before));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: StorySort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        StorySort::PublishedAt => ("published", Column::PublishedAt),
        StorySort::Title => ("title", Column::Title),
        StorySort::CreatedAt => ("created", Column::CreatedAt),
        StorySort::UpdatedAt => ("updated", Column::UpdatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}

/// Creates a story a partner wrote, already submitted for the team's review (`IN_REVIEW`), with the partner
/// among those involved.
pub async fn submit(
    db: &Store,
    change: &Change,
    partner_id: Uuid,
    mut fields: StoryFields,
) -> ApiResult<Model> {
    let mut partners = fields.partner_ids.take().unwrap_or_default();
    if !partners.contains(&partner_id) {
        partners.push(partner_id);
    }
    fields.partner_ids = Some(partners);
    let txn = begin_write(db, change).await?;
    let created = record::create_in::<Entity>(&txn, fields).await?;
    let mut active = created.into_active_model();
    active.status = Set(StoryStatus::InReview);
    active.submitted_by_partner_id = Set(Some(partner_id));
    let saved = active.update(&txn).await?;
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}
