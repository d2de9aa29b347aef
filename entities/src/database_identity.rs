//! `database_identity`: one random id per database, made by the migrations. Every search index records the
//! id of the database it was built from, so an index left from another database is noticed and rebuilt.

use sea_orm::entity::prelude::*;

/// The database's identity; one row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "database_identity")]
pub struct Model {
    /// The random id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// When the database was created.
    pub created_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
