//! `database_identity`: one random id per database, made by the migrations. Every search index records the
//! id of the database it was built from, so an index left from another database is noticed and rebuilt. It
//! also says whether the database holds the demo data.

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
    /// Whether it holds the demo data (loaded by `lode serve` on an empty database): only such a database
    /// may be emptied by `lode reset-demo`.
    pub holds_demo_data: bool,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
