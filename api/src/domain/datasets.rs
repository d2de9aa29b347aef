//! Datasets: the open data that cases use and stories reuse.

use super::page::ListOrder;
use super::record::{Record, same_accessors};
use super::validate::{self, tidy};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use entities::dataset::{Column, Entity, Model};
use entities::values::Theme;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

/// The fields of a dataset a client can set; `None` leaves a field as it is.
#[derive(Debug, Default, Clone)]
pub struct DatasetFields {
    /// A chosen slug; by default one is made from the title.
    pub slug: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// Who publishes it.
    pub publisher: Option<String>,
    /// Where it is published.
    pub url: Option<String>,
    /// Its licence.
    pub licence: Option<String>,
    /// Its theme.
    pub theme: Option<Theme>,
}

impl Record for Entity {
    type Fields = DatasetFields;
    const KIND: &'static str = "dataset";
    const SEARCH_KIND: search::Kind = search::Kind::Dataset;

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
        if let Some(v) = &fields.title {
            model.title = tidy(v);
        }
        if let Some(v) = &fields.publisher {
            model.publisher = tidy(v);
        }
        if let Some(v) = &fields.url {
            model.url = tidy(v);
        }
        if let Some(v) = &fields.licence {
            model.licence = tidy(v);
        }
        if let Some(v) = fields.theme {
            model.theme = v;
        }
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
