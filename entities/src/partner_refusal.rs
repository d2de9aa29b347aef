//! `partner_refusal`: why the team refused a partner's sign-up. Kept apart from the public profile, like the
//! contact: it may name people, so only the team and the partner's own members read it, and it is never
//! indexed.

use sea_orm::entity::prelude::*;

/// The reason a refused partner reads; at most one per partner, there while the partner is `REFUSED`. Its
/// `Debug` shows only the partner id.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_refusal")]
pub struct Model {
    /// The partner refused.
    #[sea_orm(primary_key, auto_increment = false)]
    pub partner_id: Uuid,
    /// The team's reason, for the partner to read.
    pub reason: String,
    /// When the team refused the partner.
    pub refused_at: DateTimeUtc,
}

/// No relations are declared: the refusal is read by partner id.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("partner_refusal::Model")
            .field("partner_id", &self.partner_id)
            .finish_non_exhaustive()
    }
}
