//! Partner matching: ranked partners for a case, a suggested team, cases for a partner, and data matches.

use super::accounts::TermsLanguage;
use super::change;
use super::ids::{self, Kind};
use super::viewer;
use super::{db, load_required, partners::Partner, pilot_cases::PilotCase};
use crate::domain::matching::profiles::{self, MatchOptions};
use crate::domain::matching::{Breakdown, Match, normalize};
use crate::error::{ApiError, ApiResult};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entities::values::{City, StakeholderType};
use entities::{partner, pilot_case};
use uuid::Uuid;

/// Why a partner and a case fit, part by part.
#[derive(SimpleObject)]
pub struct MatchBreakdown {
    /// Share of the case's needed capabilities the partner covers, by weight (0–1).
    capabilities: f64,
    /// The needed capabilities it covers.
    capabilities_covered: Vec<String>,
    /// Share of the data the case needs that the partner offers (0–1).
    data_offered: f64,
    /// Share of the data the case makes available that the partner needs (0–1).
    data_needed: f64,
    /// Whether the partner is interested in the case's value domain.
    interested: bool,
    /// 1 when the partner brings a wanted stakeholder type the case lacks, 0.5 for a wanted type it has.
    stakeholder_fit: f64,
    /// Whether the partner is based in one of the case's cities.
    local: bool,
    /// Engagement so far, from the events attended (0–1).
    engagement: f64,
    /// The reasons, in plain language.
    reasons: Vec<String>,
}

impl From<Breakdown> for MatchBreakdown {
    fn from(b: Breakdown) -> Self {
        Self {
            capabilities: b.capabilities,
            capabilities_covered: b.capabilities_covered,
            data_offered: b.data_offered,
            data_needed: b.data_needed,
            interested: b.interested,
            stakeholder_fit: b.stakeholder,
            local: b.local,
            engagement: b.engagement,
            reasons: b.reasons,
        }
    }
}

/// A partner ranked for a case.
pub struct PartnerMatch(Match);

/// A partner ranked for a case.
#[Object]
impl PartnerMatch {
    /// The partner.
    async fn partner(&self, ctx: &Context<'_>) -> ApiResult<Partner> {
        load_required::<partner::Entity>(ctx, self.0.partner_id)
            .await
            .map(Partner)
    }
    /// How well it fits, from 0 to 1 (see the weights in the breakdown's description).
    async fn score(&self) -> f64 {
        self.0.score
    }
    /// Why: capabilities 40%, data offered 15%, data needed 5%, interest 15%, stakeholder type 15%, city 5%,
    /// engagement 5%.
    async fn breakdown(&self) -> MatchBreakdown {
        self.0.breakdown.clone().into()
    }
}

/// A case that fits a partner.
pub struct CaseMatch {
    case: pilot_case::Model,
    fit: Match,
}

/// A case that fits a partner.
#[Object]
impl CaseMatch {
    /// The case.
    async fn pilot_case(&self) -> PilotCase {
        PilotCase(self.case.clone())
    }
    /// How well the partner fits it, from 0 to 1.
    async fn score(&self) -> f64 {
        self.fit.score
    }
    /// Why.
    async fn breakdown(&self) -> MatchBreakdown {
        self.fit.breakdown.clone().into()
    }
}

/// A suggested team for a case: the members who accepted already, and the partners proposed beside them.
#[derive(SimpleObject)]
pub struct TeamSuggestion {
    /// The case's accepted members, already on the team, in the order they were invited, each with how it
    /// fits: what they cover counts in `coverage` and is not listed as uncovered.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    accepted_members: Vec<PartnerMatch>,
    /// The partners proposed beside the accepted members, in the order they were chosen; never one
    /// already on the case (accepted or invited), nor one that declined it.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    members: Vec<PartnerMatch>,
    /// The share of the needed capabilities (by weight) the accepted members and the proposed partners
    /// cover together, 0 to 1.
    coverage: f64,
    /// Needed capabilities neither the accepted members nor the proposed partners cover.
    uncovered_capabilities: Vec<String>,
    /// Wanted stakeholder types neither the case's members nor the team bring.
    uncovered_stakeholder_types: Vec<StakeholderType>,
}

/// One partner offering data another needs.
pub struct DataMatch(profiles::DataMatch);

/// One partner offering data another needs.
#[Object]
impl DataMatch {
    /// The partner offering the data.
    async fn provider(&self, ctx: &Context<'_>) -> ApiResult<Partner> {
        load_required::<partner::Entity>(ctx, self.0.provider)
            .await
            .map(Partner)
    }
    /// The partner needing it.
    async fn seeker(&self, ctx: &Context<'_>) -> ApiResult<Partner> {
        load_required::<partner::Entity>(ctx, self.0.seeker)
            .await
            .map(Partner)
    }
    /// What the provider offers that the seeker needs.
    async fn data(&self) -> &[String] {
        &self.0.data
    }
}

/// Which partners a ranking considers.
#[derive(InputObject, Default)]
pub struct MatchFilter {
    /// Only these stakeholder types.
    stakeholder_types: Option<Vec<StakeholderType>>,
    /// Only partners from this city.
    home_city: Option<City>,
    /// Also partners already invited to or on the case.
    #[graphql(default)]
    include_members: bool,
    /// Also partners that declined the case or said it does not interest them.
    #[graphql(default)]
    include_declined: bool,
}

impl From<MatchFilter> for MatchOptions {
    fn from(filter: MatchFilter) -> Self {
        Self {
            stakeholder_types: filter.stakeholder_types,
            home_city: filter.home_city,
            include_members: filter.include_members,
            include_declined: filter.include_declined,
        }
    }
}

/// Whether a partner is interested in a case.
#[derive(InputObject)]
pub struct SetCaseInterestInput {
    /// The case.
    pilot_case_id: ID,
    /// The partner.
    partner_id: ID,
    /// `false` marks the case "not interested": it no longer ranks the partner; `true` takes that back.
    interested: bool,
}

/// What `setCaseInterest` returns.
#[derive(SimpleObject)]
pub struct CaseInterestPayload {
    /// Whether the partner is now interested.
    interested: bool,
}

fn bounded(field: &str, value: i32, max: i32) -> ApiResult<usize> {
    if !(1..=max).contains(&value) {
        return Err(ApiError::invalid(
            field,
            format!("{field} must be between 1 and {max}"),
        ));
    }
    Ok(value as usize)
}

fn case_id(id: &ID) -> ApiResult<Uuid> {
    ids::decode("pilotCaseId", id, Kind::PilotCase)
}

/// Matching queries.
#[derive(Default)]
pub struct MatchingQuery;

#[Object]
impl MatchingQuery {
    /// The words matching knows as one concept whichever way they are written (Dutch or English), one
    /// label per concept in the language asked for: what a form suggests for capabilities, data offered
    /// and needed, and a case's needed capabilities. A tag picked in one language meets the same tag
    /// picked in the other. Other tags are welcome too; these just meet best.
    async fn matching_vocabulary(
        &self,
        #[graphql(
            desc = "The language of the labels: the client's (Dutch unless said).",
            default_with = "TermsLanguage::Nl"
        )]
        language: TermsLanguage,
    ) -> Vec<&'static str> {
        normalize::concept_labels(language.into()).to_vec()
    }
    /// (For the team.) Partners ranked for a pilot case, best first, with their scores and reasons. Approved partners only,
    /// leaving out those on the case, those that declined it and those not interested, unless the filter
    /// asks for them.
    #[graphql(complexity = "super::connection::cost(Some(first), None, child_complexity)")]
    async fn match_partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case.")] pilot_case_id: ID,
        #[graphql(desc = "How many partners (1 to 100).", default = 10)] first: i32,
        #[graphql(desc = "Which partners to consider.")] filter: Option<MatchFilter>,
    ) -> ApiResult<Vec<PartnerMatch>> {
        viewer(ctx).require_team("rank partners")?;
        let options = MatchOptions::from(filter.unwrap_or_default());
        let matches = profiles::match_partners(
            db(ctx),
            case_id(&pilot_case_id)?,
            bounded("first", first, 100)?,
            &options,
        )
        .await?;
        Ok(matches.into_iter().map(PartnerMatch).collect())
    }

    /// (For the team.) A suggested team for a pilot case. It starts from the case's accepted members, whose
    /// capabilities and stakeholder types count as already there, and proposes up to `size` more partners
    /// that together with them cover as many needed capabilities as possible and every wanted stakeholder
    /// type, preferring partners from the case's cities.
    async fn suggest_team(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case.")] pilot_case_id: ID,
        #[graphql(desc = "How many partners to propose beside the accepted members (1 to 20).")]
        size: i32,
    ) -> ApiResult<TeamSuggestion> {
        viewer(ctx).require_team("suggest teams")?;
        let team = profiles::team(
            db(ctx),
            case_id(&pilot_case_id)?,
            bounded("size", size, 20)?,
        )
        .await?;
        Ok(TeamSuggestion {
            accepted_members: team.accepted.into_iter().map(PartnerMatch).collect(),
            members: team.members.into_iter().map(PartnerMatch).collect(),
            coverage: team.coverage,
            uncovered_capabilities: team.uncovered_capabilities,
            uncovered_stakeholder_types: team.uncovered_types,
        })
    }

    /// Open pilot cases that fit a partner, best first (for the team and the partner's own members).
    #[graphql(complexity = "super::connection::cost(Some(first), None, child_complexity)")]
    async fn matching_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner.")] partner_id: ID,
        #[graphql(desc = "How many cases (1 to 100).", default = 10)] first: i32,
    ) -> ApiResult<Vec<CaseMatch>> {
        let partner = ids::decode("partnerId", &partner_id, Kind::Partner)?;
        if !viewer(ctx).sees_private_of(partner) {
            viewer(ctx).actor()?;
            return Err(ApiError::Forbidden(
                "your account may not see another partner's matches".to_owned(),
            ));
        }
        let found =
            profiles::matching_cases(db(ctx), partner, bounded("first", first, 100)?).await?;
        Ok(found
            .into_iter()
            .map(|(case, fit)| CaseMatch { case, fit })
            .collect())
    }

    /// (For the team.) Pairs of approved partners where one offers data the other needs, most data first.
    #[graphql(complexity = "super::connection::cost(Some(first), None, child_complexity)")]
    async fn data_matches(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many pairs (1 to 100).", default = 20)] first: i32,
    ) -> ApiResult<Vec<DataMatch>> {
        viewer(ctx).require_team("list data matches")?;
        let found = profiles::data_matches(db(ctx), bounded("first", first, 100)?).await?;
        Ok(found.into_iter().map(DataMatch).collect())
    }
}

/// Matching mutations.
#[derive(Default)]
pub struct MatchingMutation;

#[Object]
impl MatchingMutation {
    /// Records whether a partner is interested in a pilot case; "not interested" keeps the partner out of
    /// that case's rankings and team suggestions.
    async fn set_case_interest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner's answer.")] input: SetCaseInterestInput,
    ) -> ApiResult<CaseInterestPayload> {
        let partner = ids::decode("partnerId", &input.partner_id, Kind::Partner)?;
        viewer(ctx).require_member_or_admin(partner, "answer for this partner")?;
        let case = case_id(&input.pilot_case_id)?;
        profiles::set_interest(db(ctx), &change(ctx), case, partner, input.interested).await?;
        Ok(CaseInterestPayload {
            interested: input.interested,
        })
    }
}
