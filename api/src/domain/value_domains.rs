//! Value domains (meerwaardegebieden): the themes where open data adds value, scored and chosen.

use super::filter::json_array_contains;
use super::page::ListOrder;
use super::record::{HasStatus, Record, record_fields, same_accessors};
use super::validate::{self, tidy};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::value_domain::{Column, Entity, Model};
use entities::values::{Theme, Themes, ValueDomainStatus};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

record_fields! {
    /// The fields of a value domain a client can set; `None` leaves a field as it is.
    pub struct ValueDomainFields for Model {
        /// The domain's name.
        name: String = |v| tidy(v),
        /// What it covers (Markdown).
        description: String = |v| tidy(v),
        /// Its DCAT-AP themes.
        themes: Vec<Theme> = |v| Themes(validate::tidy_set(v)),
        /// Expected economic value, 1 to 5.
        economic_value: i16 = |v| *v,
        /// Expected societal value, 1 to 5.
        societal_value: i16 = |v| *v,
        /// How ready the data is, 1 to 5.
        data_readiness: i16 = |v| *v,
    }
    outside the row {
        /// A chosen slug; by default one is made from the name.
        slug: String,
    }
}

/// The priority score, 0 to 100: economic and societal value weigh double, data readiness single. The
/// database checks that the stored score always equals this.
pub fn priority_score(economic_value: i16, societal_value: i16, data_readiness: i16) -> i32 {
    (2 * i32::from(economic_value) + 2 * i32::from(societal_value) + i32::from(data_readiness) - 5)
        * 5
}

impl Record for Entity {
    type Fields = ValueDomainFields;
    const KIND: &'static str = "value domain";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::ValueDomain);

    same_accessors!(ValueDomainFields, name);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            name: String::new(),
            description: String::new(),
            themes: Themes::default(),
            status: ValueDomainStatus::Candidate,
            economic_value: 3,
            societal_value: 3,
            data_readiness: 3,
            priority_score: priority_score(3, 3, 3),
            scores_survey_id: None,
            scores_set_at: Some(now),
            scores_answer_count: None,
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &ValueDomainFields) {
        let scores = |m: &Model| (m.economic_value, m.societal_value, m.data_readiness);
        let before = scores(model);
        fields.apply_to(model);
        // Scores typed in by hand say so: they no longer come from a survey.
        if scores(model) != before {
            model.scores_survey_id = None;
            model.scores_set_at = Some(crate::clock::now());
            model.scores_answer_count = None;
        }
        model.priority_score = priority_score(
            model.economic_value,
            model.societal_value,
            model.data_readiness,
        );
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("name", &model.name, validate::MAX_TITLE)?;
        validate::text("description", &model.description, validate::MAX_BODY)?;
        validate::within("economicValue", model.economic_value.into(), 1, 5)?;
        validate::within("societalValue", model.societal_value.into(), 1, 5)?;
        validate::within("dataReadiness", model.data_readiness.into(), 1, 5)
    }
}

impl HasStatus for Entity {
    type Status = ValueDomainStatus;
    const STATUS_FIELD: &'static str = "status";
    fn status(model: &Model) -> ValueDomainStatus {
        model.status
    }
    fn set_status(model: &mut Model, status: ValueDomainStatus, _now: DateTime<Utc>) {
        model.status = status;
    }
}

/// Which value domains a list shows.
#[derive(Debug, Default, Clone)]
pub struct ValueDomainFilter {
    /// Only these statuses.
    pub status: Option<Vec<ValueDomainStatus>>,
    /// Only domains touching this theme.
    pub theme: Option<Theme>,
}

/// What a list of value domains can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueDomainSort {
    /// By name.
    Name,
    /// By priority score.
    Priority,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The rows a filter selects.
pub fn select(backend: DbBackend, filter: &ValueDomainFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.is_in(status.iter().copied()));
    }
    if let Some(theme) = filter.theme {
        query = query.filter(json_array_contains(
            backend,
            Column::Themes,
            &sea_orm::ActiveEnum::to_value(&theme),
        ));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: ValueDomainSort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        ValueDomainSort::Name => ("name", Column::Name),
        ValueDomainSort::Priority => ("priority", Column::PriorityScore),
        ValueDomainSort::CreatedAt => ("created", Column::CreatedAt),
        ValueDomainSort::UpdatedAt => ("updated", Column::UpdatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}
