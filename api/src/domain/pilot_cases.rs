//! Pilot cases (pilootcases): the worked-out cases, their phases, needs and datasets.

use super::filter::json_array_contains;
use super::links;
use super::page::ListOrder;
use super::record::{HasStatus, Record, record_fields, same_accessors};
use super::validate::{self, tidy, tidy_set, tidy_tags};
use super::write::Write;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, NaiveDate, Utc};
use entities::pilot_case::{Column, Entity, Model};
use entities::values::{
    Cities, City, NeededCapabilities, NeededCapability, PilotCasePhase, StakeholderType,
    StakeholderTypes, Texts,
};
use entities::{dataset, pilot_case_dataset, value_domain};
use sea_orm::{ActiveEnum, ColumnTrait, DbBackend, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

record_fields! {
    /// The fields of a pilot case a client can set; `None` leaves a field as it is.
    pub struct PilotCaseFields for Model {
        /// The title.
        title: String = |v| tidy(v),
        /// One or two sentences.
        summary: String = |v| tidy(v),
        /// The full description (Markdown).
        description: String = |v| tidy(v),
        /// The value domain.
        value_domain_id: Uuid = |v| *v,
        /// The cities taking part (at least one).
        cities: Vec<City> = |v| Cities(tidy_set(v)),
        /// The goals.
        goals: Vec<String> = |v| Texts(tidy_tags(v)),
        /// First day; `Some(None)` clears it.
        start_date: Option<NaiveDate> = |v| *v,
        /// Last day; `Some(None)` clears it.
        end_date: Option<NaiveDate> = |v| *v,
        /// Capabilities needed, with weights.
        needed_capabilities: Vec<NeededCapability> = |v| NeededCapabilities(
            v.iter()
                .map(|c| NeededCapability {
                    name: tidy(&c.name),
                    weight: c.weight,
                })
                .collect(),
        ),
        /// Stakeholder types wanted at the table.
        wanted_stakeholder_types: Vec<StakeholderType> = |v| StakeholderTypes(tidy_set(v)),
    }
    outside the row {
        /// A chosen slug; by default one is made from the title.
        slug: String,
        /// The datasets the case uses (replaces the current set).
        dataset_ids: Vec<Uuid>,
    }
}

impl Record for Entity {
    type Fields = PilotCaseFields;
    const KIND: &'static str = "pilot case";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::PilotCase);

    same_accessors!(PilotCaseFields, title);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            title: String::new(),
            summary: String::new(),
            description: String::new(),
            value_domain_id: Uuid::nil(),
            cities: Cities::default(),
            phase: PilotCasePhase::Proposed,
            goals: Texts::default(),
            start_date: None,
            end_date: None,
            needed_capabilities: NeededCapabilities::default(),
            wanted_stakeholder_types: StakeholderTypes::default(),
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &PilotCaseFields) {
        fields.apply_to(model);
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("title", &model.title, validate::MAX_TITLE)?;
        validate::text("summary", &model.summary, validate::MAX_SUMMARY)?;
        validate::text("description", &model.description, validate::MAX_BODY)?;
        if model.cities.0.is_empty() {
            return Err(ApiError::invalid(
                "cities",
                "a pilot case belongs to at least one city",
            ));
        }
        validate::tags("goals", &model.goals.0)?;
        let capabilities = &model.needed_capabilities.0;
        validate::list_len("neededCapabilities", capabilities)?;
        for (i, capability) in capabilities.iter().enumerate() {
            validate::required_line("neededCapabilities", &capability.name, validate::MAX_SHORT)?;
            validate::within("neededCapabilities", capability.weight.into(), 1, 5)?;
            let name = capability.name.to_lowercase();
            if capabilities[..i]
                .iter()
                .any(|c| c.name.to_lowercase() == name)
            {
                return Err(ApiError::invalid(
                    "neededCapabilities",
                    format!("the capability \"{}\" is named twice", capability.name),
                ));
            }
        }
        if let Some(start) = model.start_date {
            validate::date("startDate", start)?;
        }
        if let Some(end) = model.end_date {
            validate::date("endDate", end)?;
        }
        if let (Some(start), Some(end)) = (model.start_date, model.end_date)
            && end < start
        {
            return Err(ApiError::invalid(
                "endDate",
                "endDate must not be before startDate",
            ));
        }
        Ok(())
    }
    async fn check_references(conn: &Write<'_>, model: &Model) -> ApiResult<()> {
        links::existing::<value_domain::Entity>(
            conn,
            value_domain::Column::Id,
            &[model.value_domain_id],
            "valueDomainId",
            "value domain",
        )
        .await
        .map(drop)
    }
    async fn save_links(conn: &Write<'_>, id: Uuid, fields: &PilotCaseFields) -> ApiResult<()> {
        if let Some(ids) = &fields.dataset_ids {
            let ids = links::existing::<dataset::Entity>(
                conn,
                dataset::Column::Id,
                ids,
                "datasetIds",
                "dataset",
            )
            .await?;
            links::replace::<pilot_case_dataset::Entity>(
                conn,
                pilot_case_dataset::Column::PilotCaseId,
                id,
                pilot_case_dataset::Column::DatasetId,
                &ids,
            )
            .await?;
        }
        Ok(())
    }
}

impl HasStatus for Entity {
    type Status = PilotCasePhase;
    const STATUS_FIELD: &'static str = "phase";
    fn status(model: &Model) -> PilotCasePhase {
        model.phase
    }
    fn set_status(model: &mut Model, phase: PilotCasePhase, _now: DateTime<Utc>) {
        model.phase = phase;
    }
}

/// Which pilot cases a list shows.
#[derive(Debug, Default, Clone)]
pub struct PilotCaseFilter {
    /// Only these phases.
    pub phase: Option<Vec<PilotCasePhase>>,
    /// Only cases in this city.
    pub city: Option<City>,
    /// Only cases of this value domain.
    pub value_domain_id: Option<Uuid>,
}

/// What a list of pilot cases can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PilotCaseSort {
    /// By title.
    Title,
    /// By start date (cases without one last).
    StartDate,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The rows a filter selects.
pub fn select(backend: DbBackend, filter: &PilotCaseFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(phase) = &filter.phase {
        query = query.filter(Column::Phase.is_in(phase.iter().copied()));
    }
    if let Some(city) = filter.city {
        query = query.filter(json_array_contains(
            backend,
            Column::Cities,
            &city.to_value(),
        ));
    }
    if let Some(id) = filter.value_domain_id {
        query = query.filter(Column::ValueDomainId.eq(id));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: PilotCaseSort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        PilotCaseSort::Title => ("title", Column::Title),
        PilotCaseSort::StartDate => ("start", Column::StartDate),
        PilotCaseSort::CreatedAt => ("created", Column::CreatedAt),
        PilotCaseSort::UpdatedAt => ("updated", Column::UpdatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}
