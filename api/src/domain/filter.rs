//! Filter pieces that several lists share.

use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, QuerySelect, QueryTrait,
    sea_query::{Expr, IntoColumnRef},
};

/// True where the JSON array in `column` holds `item` (a vocabulary word such as `GENT`). The two databases
/// spell this differently (and number their placeholders differently: `$n` on PostgreSQL, `?` in order on
/// SQLite); both answer it without reading the rows into the application.
pub fn json_array_contains(backend: DbBackend, column: impl IntoColumnRef, item: &str) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_exprs(
            "$1 @> $2::jsonb",
            [
                Expr::col(column),
                Expr::val(serde_json::json!([item]).to_string()),
            ],
        ),
        _ => Expr::cust_with_exprs(
            "EXISTS (SELECT 1 FROM json_each(?) WHERE json_each.value = ?)",
            [Expr::col(column), Expr::val(item)],
        ),
    }
}

/// True where `column` is among the `select_column` values of link table `L` whose `where_column` is `value`:
/// `partner.id IN (SELECT partner_id FROM partner_interest WHERE value_domain_id = …)`.
pub fn linked_to<L: EntityTrait>(
    column: impl ColumnTrait,
    select_column: L::Column,
    where_column: L::Column,
    value: uuid::Uuid,
) -> Expr {
    column.in_subquery(
        sea_orm::QueryFilter::filter(
            L::find().select_only().column(select_column),
            where_column.eq(value),
        )
        .into_query(),
    )
}
