//! `partner_contact`: the private contact person of a partner. Personal data: never public, never indexed.

use sea_orm::entity::prelude::*;

/// A partner's contact; at most one per partner. Its `Debug` shows only the partner id.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_contact")]
pub struct Model {
    /// The partner this contact belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: Uuid,
    /// The contact person's name.
    pub name: String,
    /// The contact's e-mail address.
    pub email: String,
    /// The contact's phone number.
    pub phone: Option<String>,
    /// When the contact last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: the contact is read by partner id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("partner_contact::Model")
            .field("partner_id", &self.partner_id)
            .finish_non_exhaustive()
    }
}
