//! Demo data (being written).
/// Loads the demo data set when the database holds no value domain yet; returns whether it loaded.
pub async fn load_if_empty(_db: &sea_orm::DatabaseConnection) -> crate::error::ApiResult<bool> {
    Ok(false)
}
