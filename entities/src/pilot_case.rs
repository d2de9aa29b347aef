//! `pilot_case`: one of the worked-out pilot cases (pilootcase).

use crate::values::{Cities, NeededCapabilities, PilotCasePhase, StakeholderTypes, Texts};
use sea_orm::entity::prelude::*;

/// A pilot case row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilot_case")]
pub struct Model {
    /// UUIDv7 primary key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique, human-readable key for URLs.
    #[sea_orm(unique)]
    pub slug: String,
    /// The case's title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The full description (Markdown).
    pub description: String,
    /// The value domain the case belongs to.
    pub value_domain_id: Uuid,
    /// The cities taking part.
    pub cities: Cities,
    /// Where the case stands.
    pub phase: PilotCasePhase,
    /// The case's goals, one per line.
    pub goals: Texts,
    /// First day of the case.
    pub start_date: Option<Date>,
    /// Last day of the case.
    pub end_date: Option<Date>,
    /// Capabilities the case needs, with weights.
    pub needed_capabilities: NeededCapabilities,
    /// Stakeholder types the case wants at the table.
    pub wanted_stakeholder_types: StakeholderTypes,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: related rows are loaded in batches by the API's data loaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
