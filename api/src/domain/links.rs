//! Many-to-many links (a case's datasets, a partner's interests, a story's partners and datasets): checked
//! against the records they name and replaced as a whole inside the caller's transaction.

use super::write::Write;
use crate::error::{ApiError, ApiResult};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Query,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Checks that every id names an existing record of `E`; the ids come back deduplicated, in order.
pub async fn existing<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    id_column: E::Column,
    ids: &[Uuid],
    field: &str,
    kind: &str,
) -> ApiResult<Vec<Uuid>>
where
    E::Model: Send + Sync,
{
    let unique: Vec<Uuid> = ids
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if unique.is_empty() {
        return Ok(unique);
    }
    crate::domain::validate::list_len(field, &unique)?;
    let found = E::find()
        .filter(id_column.is_in(unique.clone()))
        .count(conn)
        .await?;
    if found != unique.len() as u64 {
        return Err(ApiError::invalid(
            field,
            format!("{field} names a {kind} that does not exist"),
        ));
    }
    Ok(unique)
}

/// Replaces the links of `owner` in link table `L` by links to `targets`, inside the change's write.
pub async fn replace<L: EntityTrait>(
    conn: &Write<'_>,
    owner_column: L::Column,
    owner: Uuid,
    target_column: L::Column,
    targets: &[Uuid],
) -> ApiResult<()> {
    L::delete_many()
        .filter(owner_column.eq(owner))
        .exec(conn)
        .await?;
    if targets.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert();
    insert
        .into_table(L::default())
        .columns([owner_column, target_column]);
    for target in targets {
        insert.values_panic([owner.into(), (*target).into()]);
    }
    conn.execute(&insert).await?;
    Ok(())
}
