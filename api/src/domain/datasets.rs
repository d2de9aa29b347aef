//! Datasets: the open data that cases use and stories reuse.

use super::page::ListOrder;
use super::record::{Record, record_fields, same_accessors};
use super::validate::{self, tidy};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::dataset::{Column, Entity, Model};
use entities::values::Theme;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

record_fields! {
    /// The fields of a dataset a client can set; `None` leaves a field as it is.
    pub struct DatasetFields for Model {
        /// The title.
        title: String = |v| tidy(v),
        /// Who publishes it.
        publisher: String = |v| tidy(v),
        /// Where it is published.
        url: String = |v| tidy(v),
        /// Its licence.
        licence: String = |v| tidy(v),
        /// Its theme.
        theme: Theme = |v| *v,
    }
    outside the row {
        /// A chosen slug; by default one is made from the title.
        slug: String,
    }
}

impl Record for Entity {
    type Fields = DatasetFields;
    const KIND: &'static str = "dataset";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::Dataset);

    same_accessors!(DatasetFields, title);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            title: String::new(),
            publisher: String::new(),
            url: String::new(),
            licence: String::new(),
            theme: Theme::Gove,
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &DatasetFields) {
        fields.apply_to(model);
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("title", &model.title, validate::MAX_TITLE)?;
        validate::required_line("publisher", &model.publisher, validate::MAX_SHORT)?;
        validate::url("url", &model.url)?;
        validate::required_line("licence", &model.licence, validate::MAX_SHORT)
    }
}

/// Which datasets a list shows.
#[derive(Debug, Default, Clone)]
pub struct DatasetFilter {
    /// Only these themes.
    pub theme: Option<Vec<Theme>>,
    /// Only this publisher (exact name).
    pub publisher: Option<String>,
}

/// What a list of datasets can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetSort {
    /// By title.
    Title,
    /// By publisher.
    Publisher,
    /// By creation time.
    CreatedAt,
}

/// The rows a filter selects.
pub fn select(filter: &DatasetFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(theme) = &filter.theme {
        query = query.filter(Column::Theme.is_in(theme.iter().copied()));
    }
    if let Some(publisher) = &filter.publisher {
        query = query.filter(Column::Publisher.eq(publisher.trim()));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: DatasetSort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        DatasetSort::Title => ("title", Column::Title),
        DatasetSort::Publisher => ("publisher", Column::Publisher),
        DatasetSort::CreatedAt => ("created", Column::CreatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}
