//! The database's identity: a random id the migrations made, which every search index records at its
//! rebuild, so an index built from another database (a fresh database pointed at an old index) is noticed.

use crate::error::{ApiError, ApiResult};
use sea_orm::{ConnectionTrait, EntityTrait};

/// The database's identity.
pub async fn database_id(conn: &impl ConnectionTrait) -> ApiResult<String> {
    let row = entities::database_identity::Entity::find()
        .one(conn)
        .await?
        .ok_or_else(|| {
            tracing::error!("the database has no identity row: are its migrations applied?");
            ApiError::Internal
        })?;
    Ok(row.id.to_string())
}
