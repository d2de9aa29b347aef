//! `partner`: an organisation or person taking part. Its public profile only: the contact lives in
//! `partner_contact`, so no query on this table can leak personal data.

use crate::values::{City, PartnerStatus, StakeholderType, Texts};
use sea_orm::entity::prelude::*;

/// A partner's public profile.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The partner's name.
    pub name: String,
    /// Which strand of the quadruple helix the partner belongs to.
    pub stakeholder_type: StakeholderType,
    /// What the partner does (Markdown).
    pub description: String,
    /// The partner's website.
    pub website: Option<String>,
    /// Ghent or Bruges, or none for partners from elsewhere.
    pub home_city: Option<City>,
    /// What the partner can do, as free tags.
    pub capabilities: Texts,
    /// Data the partner can offer, as free tags.
    pub data_offered: Texts,
    /// Data the partner needs, as free tags.
    pub data_needed: Texts,
    /// Whether the team has approved the partner.
    pub status: PartnerStatus,
    /// When the partner's personal data was erased; its anonymised profile stays for attendance counts.
    pub erased_at: Option<DateTimeUtc>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the public may see this partner's profile (its status is one of [`PartnerStatus::PUBLIC`]).
    pub fn is_public(&self) -> bool {
        self.status.is_public()
    }
}

/// The partners' profiles the public may see, as a query condition: the same statuses as [`Model::is_public`].
pub fn public() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in(PartnerStatus::PUBLIC.iter().copied())
}
