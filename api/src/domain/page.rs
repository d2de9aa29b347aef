//! Keyset pagination for every list: a page is read after (or before) the position of a cursor, so pages stay
//! stable while records are added, and each page costs one indexed query whatever its depth.

use crate::error::{ApiError, ApiResult};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ColumnType, Condition, ConnectionTrait, EntityTrait, ModelTrait,
    Order as SqlOrder, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Value,
    sea_query::NullOrdering,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;

/// Which page of a list to read, in Relay's terms: `first` after a cursor, or `last` before one.
#[derive(Debug, Default, Clone)]
pub struct PageRequest {
    /// How many records from the start (or after `after`).
    pub first: Option<i32>,
    /// The cursor to read after.
    pub after: Option<String>,
    /// How many records from the end (or before `before`).
    pub last: Option<i32>,
    /// The cursor to read before.
    pub before: Option<String>,
}

/// The order of a list: a column, the name clients know it by, and a direction. Ties are broken by id, and
/// empty values sort last.
#[derive(Debug, Clone, Copy)]
pub struct ListOrder<C> {
    /// The name of the ordering, stored in cursors so a cursor cannot be used with another ordering.
    pub name: &'static str,
    /// The column sorted on.
    pub column: C,
    /// Largest first.
    pub descending: bool,
}

/// One page of records, each with its cursor.
#[derive(Debug)]
pub struct Page<M> {
    /// The records and their cursors, in list order.
    pub rows: Vec<(String, M)>,
    /// Whether records come before this page.
    pub has_previous: bool,
    /// Whether records come after this page.
    pub has_next: bool,
    /// How many records the whole list holds, when asked for.
    pub total: Option<u64>,
}

/// The position of a record in a list, as the client sees it: opaque base64 text.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    #[serde(rename = "o")]
    order: String,
    #[serde(rename = "v")]
    value: SortValue,
    #[serde(rename = "i")]
    id: Uuid,
}

/// A sort column's value inside a cursor.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "t", content = "v")]
enum SortValue {
    Null,
    Text(String),
    Int(i64),
    Instant(DateTime<Utc>),
    Date(NaiveDate),
}

impl SortValue {
    fn from_value(value: Value) -> Self {
        match value {
            Value::String(Some(s)) => Self::Text(s),
            Value::SmallInt(Some(i)) => Self::Int(i.into()),
            Value::Int(Some(i)) => Self::Int(i.into()),
            Value::BigInt(Some(i)) => Self::Int(i),
            Value::ChronoDateTimeUtc(Some(t)) => Self::Instant(t),
            Value::ChronoDate(Some(d)) => Self::Date(d),
            _ => Self::Null,
        }
    }

    /// Whether the value can stand in a column of this type.
    fn fits(&self, column_type: &ColumnType) -> bool {
        match self {
            Self::Null => true,
            Self::Text(_) => matches!(column_type, ColumnType::String(_) | ColumnType::Text),
            Self::Int(_) => matches!(
                column_type,
                ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger
            ),
            Self::Instant(_) => matches!(column_type, ColumnType::TimestampWithTimeZone),
            Self::Date(_) => matches!(column_type, ColumnType::Date),
        }
    }

    fn into_value(self) -> Option<Value> {
        match self {
            Self::Null => None,
            Self::Text(s) => Some(s.into()),
            Self::Int(i) => Some(i.into()),
            Self::Instant(t) => Some(t.into()),
            Self::Date(d) => Some(d.into()),
        }
    }
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).expect("a cursor always serialises"))
    }

    fn decode(field: &str, text: &str, order: &str, column: impl ColumnTrait) -> ApiResult<Self> {
        let invalid = || {
            ApiError::invalid(
                field,
                format!("{field} is not a cursor of this list in this order"),
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        let cursor: Self = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if cursor.order != order || !cursor.value.fits(column.def().get_column_type()) {
            return Err(invalid());
        }
        Ok(cursor)
    }
}

/// A page size within bounds.
fn page_size(field: &str, requested: i32) -> ApiResult<u64> {
    u64::try_from(requested)
        .ok()
        .filter(|n| *n <= MAX_PAGE_SIZE)
        .ok_or_else(|| {
            ApiError::invalid(
                field,
                format!("{field} must be between 0 and {MAX_PAGE_SIZE}"),
            )
        })
}

/// The records strictly after (`forward`) or before the cursor, in the list's order (nulls last).
fn beyond<C: ColumnTrait>(
    column: C,
    id_column: C,
    descending: bool,
    cursor: Cursor,
    forward: bool,
) -> Condition {
    // Moving forward through an ascending list, or backward through a descending one, means "greater".
    let greater = forward != descending;
    let past = |col: C, value: Value| {
        if greater {
            col.gt(value)
        } else {
            col.lt(value)
        }
    };
    let id_past = past(id_column, cursor.id.into());
    match (cursor.value.into_value(), forward) {
        (Some(value), true) => Condition::any()
            .add(past(column, value.clone()))
            .add(Condition::all().add(column.eq(value)).add(id_past))
            .add(column.is_null()),
        (Some(value), false) => Condition::any()
            .add(
                Condition::all()
                    .add(past(column, value.clone()))
                    .add(column.is_not_null()),
            )
            .add(Condition::all().add(column.eq(value)).add(id_past)),
        (None, true) => Condition::all().add(column.is_null()).add(id_past),
        (None, false) => Condition::any()
            .add(column.is_not_null())
            .add(Condition::all().add(column.is_null()).add(id_past)),
    }
}

/// Reads one page of `select` in the given order. The total is counted only when `with_total` is set.
pub async fn fetch<E>(
    conn: &impl ConnectionTrait,
    select: Select<E>,
    id_column: E::Column,
    order: ListOrder<E::Column>,
    request: &PageRequest,
    with_total: bool,
) -> ApiResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    if request.first.is_some() && request.last.is_some() {
        return Err(ApiError::invalid("last", "give first or last, not both"));
    }
    if request.first.is_some() && request.before.is_some() {
        return Err(ApiError::invalid(
            "before",
            "before goes with last, not with first",
        ));
    }
    if request.after.is_some() && request.before.is_some() {
        return Err(ApiError::invalid(
            "before",
            "give after or before, not both",
        ));
    }
    if request.last.is_some() && request.after.is_some() {
        return Err(ApiError::invalid(
            "after",
            "after goes with first, not with last",
        ));
    }
    let forward = request.last.is_none() && request.before.is_none();
    let size = match (request.first, request.last) {
        (Some(first), _) => page_size("first", first)?,
        (_, Some(last)) => page_size("last", last)?,
        _ => DEFAULT_PAGE_SIZE,
    };
    // A cursor names its list and ordering, and its value must have the type of the sorted column.
    let ordering = format!("{}.{}", E::default().table_name(), order.name);
    let cursor = match (&request.after, &request.before) {
        (Some(after), _) => Some(Cursor::decode("after", after, &ordering, order.column)?),
        (_, Some(before)) => Some(Cursor::decode("before", before, &ordering, order.column)?),
        _ => None,
    };

    let total = if with_total {
        Some(select.clone().count(conn).await?)
    } else {
        None
    };

    let had_cursor = cursor.is_some();
    let mut query = select;
    if let Some(cursor) = cursor {
        query = query.filter(beyond(
            order.column,
            id_column,
            order.descending,
            cursor,
            forward,
        ));
    }
    // A backward page is read in reverse order (empty values first) and turned around below.
    let ascending = forward != order.descending;
    let sql_order = if ascending {
        SqlOrder::Asc
    } else {
        SqlOrder::Desc
    };
    let nulls = if forward {
        NullOrdering::Last
    } else {
        NullOrdering::First
    };
    let mut models = query
        .order_by_with_nulls(order.column, sql_order.clone(), nulls)
        .order_by(id_column, sql_order)
        .limit(size + 1)
        .all(conn)
        .await?;
    let more = models.len() as u64 > size;
    models.truncate(size as usize);
    if !forward {
        models.reverse();
    }

    let rows = models
        .into_iter()
        .map(|model| {
            let id = match model.get(id_column) {
                Value::Uuid(Some(id)) => id,
                _ => Uuid::nil(),
            };
            let cursor = Cursor {
                order: ordering.clone(),
                value: SortValue::from_value(model.get(order.column)),
                id,
            };
            (cursor.encode(), model)
        })
        .collect();
    let (has_previous, has_next) = if forward {
        (had_cursor, more)
    } else {
        (more, had_cursor)
    };
    Ok(Page {
        rows,
        has_previous,
        has_next,
        total,
    })
}
