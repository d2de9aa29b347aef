//! `mail_key`: the random secret that signs unsubscribe links, made once per database (one row, id 1), so
//! every `lode` process on the database signs and checks links alike.

use sea_orm::entity::prelude::*;

/// The signing key. Its `Debug` does not show the secret.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_key")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The secret, hex.
    pub secret: String,
    /// When it was made.
    pub created_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("mail_key::Model")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}
