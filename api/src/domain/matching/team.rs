//! Suggesting a team for a case: a few partners that together cover the needed capabilities and every
//! strand of the quadruple helix the case wants, starting from the partners already on it.

use super::{CaseProfile, Match, PartnerProfile, fit, is_local, normalize::same, score};
use entities::values::StakeholderType;

/// How much filling a wanted stakeholder type counts against covering capabilities (all of them count 1).
pub const DIVERSITY_GAIN: f64 = 0.25;
/// How much a home in one of the case's cities counts.
pub const LOCAL_GAIN: f64 = 0.05;
/// How much the partner's own score counts, to choose between otherwise equal partners.
pub const SCORE_GAIN: f64 = 0.05;

/// A suggested team: the members who accepted already, and the partners proposed beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// The case's accepted members the suggestion starts from, in the order given, with their fit.
    pub accepted: Vec<Match>,
    /// The partners proposed beside them, in the order they were chosen (never an accepted member).
    pub members: Vec<Match>,
    /// The share of the needed capabilities (by weight) the accepted members and the proposed partners
    /// cover together, 0 to 1.
    pub coverage: f64,
    /// Needed capabilities nobody covers, accepted member or proposed partner.
    pub uncovered_capabilities: Vec<String>,
    /// Wanted stakeholder types neither the case's members nor the team bring.
    pub uncovered_types: Vec<StakeholderType>,
}

/// Chooses up to `size` partners beside the case's accepted members (`accepted`), one at a time (a greedy weighted set cover with a diversity term):
/// each step takes the partner with the largest gain: the weight of needed capabilities it newly covers
/// (as a share of all), plus [`DIVERSITY_GAIN`] when it brings a wanted stakeholder type still missing,
/// plus small terms for a home in the case's cities and its own score; ties go to the lower partner id.
/// The accepted members count from the start: the capabilities they cover are covered and the stakeholder
/// types they bring are present, and none of them is proposed again (`partners` may include them).
///
/// What it guarantees:
/// - every wanted stakeholder type missing from the case is in the team whenever the team is large enough
///   and a candidate of that type exists: once the places left are as many as the types missing, only
///   partners of a missing type are taken;
/// - on capabilities alone, greedy choice covers at least 1 − 1/e (63%) of the weight the best team of the
///   same size could cover (the classic bound for maximum coverage), less whatever the diversity rule
///   gives up for the quadruple helix;
/// - the same data give the same team.
pub fn suggest_team(
    case: &CaseProfile,
    accepted: &[PartnerProfile],
    partners: &[PartnerProfile],
    size: usize,
) -> Team {
    let needs = &case.capabilities[..case.capabilities.len().min(64)];
    let total: f64 = needs.iter().map(|n| f64::from(n.weight)).sum();
    // What a partner covers, as a bit per need.
    let mask_of = |p: &PartnerProfile| {
        needs.iter().enumerate().fold(0u64, |mask, (i, need)| {
            if p.capabilities.iter().any(|c| same(c, &need.terms)) {
                mask | (1 << i)
            } else {
                mask
            }
        })
    };
    let covers: Vec<u64> = partners.iter().map(mask_of).collect();
    let fits: Vec<f64> = partners.iter().map(|p| fit(case, p)).collect();
    let mut missing: Vec<StakeholderType> = case
        .wanted_types
        .iter()
        .copied()
        .filter(|t| !case.present_types.contains(t))
        .filter(|t| accepted.iter().all(|a| a.stakeholder_type != *t))
        .collect();
    let mut covered = accepted.iter().map(mask_of).fold(0u64, |all, m| all | m);
    let on_case = |p: &PartnerProfile| accepted.iter().any(|a| a.id == p.id);
    let mut chosen: Vec<usize> = Vec::new();

    for step in 0..size {
        let must_diversify = !missing.is_empty() && size - step <= missing.len();
        let mut best: Option<(f64, usize)> = None;
        for (i, partner) in partners.iter().enumerate() {
            let fills_type = missing.contains(&partner.stakeholder_type);
            if chosen.contains(&i) || on_case(partner) || (must_diversify && !fills_type) {
                continue;
            }
            let new = covers[i] & !covered;
            let new_weight: f64 = needs
                .iter()
                .enumerate()
                .filter(|(n, _)| new & (1 << n) != 0)
                .map(|(_, need)| f64::from(need.weight))
                .sum();
            let gain = if total > 0.0 { new_weight / total } else { 0.0 }
                + if fills_type { DIVERSITY_GAIN } else { 0.0 }
                + if is_local(case, partner) {
                    LOCAL_GAIN
                } else {
                    0.0
                }
                + SCORE_GAIN * fits[i];
            let better = match best {
                None => true,
                Some((best_gain, j)) => {
                    gain > best_gain || (gain == best_gain && partner.id < partners[j].id)
                }
            };
            if better {
                best = Some((gain, i));
            }
        }
        let Some((_, pick)) = best else { break };
        covered |= covers[pick];
        missing.retain(|t| *t != partners[pick].stakeholder_type);
        chosen.push(pick);
    }

    let covered_weight: f64 = needs
        .iter()
        .enumerate()
        .filter(|(n, _)| covered & (1 << n) != 0)
        .map(|(_, need)| f64::from(need.weight))
        .sum();
    Team {
        accepted: accepted.iter().map(|a| score(case, a)).collect(),
        members: chosen.iter().map(|&i| score(case, &partners[i])).collect(),
        coverage: if total > 0.0 {
            covered_weight / total
        } else {
            1.0
        },
        uncovered_capabilities: needs
            .iter()
            .enumerate()
            .filter(|(n, _)| covered & (1 << n) == 0)
            .map(|(_, need)| need.label.clone())
            .collect(),
        uncovered_types: missing,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Need, normalize::terms};
    use super::*;
    use uuid::Uuid;

    fn partner(n: u128, capabilities: &[&str], t: StakeholderType) -> PartnerProfile {
        PartnerProfile {
            capabilities: capabilities.iter().map(|c| terms(c)).collect(),
            ..PartnerProfile::new(Uuid::from_u128(n), t)
        }
    }

    #[test]
    fn the_team_covers_capabilities_and_every_wanted_type() {
        let case = CaseProfile {
            capabilities: vec![
                Need::new("luchtkwaliteit", 5),
                Need::new("gis", 3),
                Need::new("onderwijs", 2),
            ],
            wanted_types: vec![
                StakeholderType::Company,
                StakeholderType::Citizen,
                StakeholderType::EducationResearch,
            ],
            ..CaseProfile::default()
        };
        let partners = vec![
            partner(1, &["air quality", "maps"], StakeholderType::Company),
            partner(2, &["luchtkwaliteit"], StakeholderType::Company),
            partner(3, &["scholen"], StakeholderType::EducationResearch),
            partner(4, &[], StakeholderType::Citizen),
            partner(5, &["GIS"], StakeholderType::Government),
        ];
        let team = suggest_team(&case, &[], &partners, 3);
        let ids: Vec<u128> = team
            .members
            .iter()
            .map(|m| m.partner_id.as_u128())
            .collect();
        assert_eq!(
            ids,
            [1, 3, 4],
            "full coverage first, then the types still missing"
        );
        assert_eq!(team.coverage, 1.0);
        assert!(team.uncovered_types.is_empty() && team.uncovered_capabilities.is_empty());

        let small = suggest_team(&case, &[], &partners, 1);
        assert_eq!(small.uncovered_capabilities, ["onderwijs"]);
        assert_eq!(small.uncovered_types.len(), 2);
    }

    fn gis_and_mobility_case() -> CaseProfile {
        CaseProfile {
            capabilities: vec![
                Need::new("gis", 3),
                Need::new("mobiliteit", 3),
                Need::new("onderwijs", 2),
            ],
            wanted_types: vec![StakeholderType::Government, StakeholderType::Citizen],
            ..CaseProfile::default()
        }
    }

    #[test]
    fn accepted_members_count_for_coverage_and_types_and_are_not_proposed_again() {
        let case = gis_and_mobility_case();
        let on_case = partner(1, &["GIS", "mobility"], StakeholderType::Government);
        let partners = vec![
            on_case.clone(),
            partner(2, &["gis", "mobiliteit"], StakeholderType::Government),
            partner(3, &["scholen"], StakeholderType::Company),
            partner(4, &[], StakeholderType::Citizen),
        ];
        let team = suggest_team(&case, std::slice::from_ref(&on_case), &partners, 2);
        let accepted: Vec<u128> = team
            .accepted
            .iter()
            .map(|m| m.partner_id.as_u128())
            .collect();
        assert_eq!(
            accepted,
            [1],
            "the accepted member is named as already there"
        );
        assert_eq!(
            team.accepted[0].breakdown.capabilities_covered,
            ["gis", "mobiliteit"],
            "with what it covers"
        );
        let mut ids: Vec<u128> = team
            .members
            .iter()
            .map(|m| m.partner_id.as_u128())
            .collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            [3, 4],
            "only what is missing is proposed: education and a citizen, not a second GIS partner"
        );
        assert_eq!(team.coverage, 1.0);
        assert!(team.uncovered_capabilities.is_empty());
        assert!(team.uncovered_types.is_empty());
    }

    #[test]
    fn what_accepted_members_cover_is_not_reported_uncovered() {
        let case = gis_and_mobility_case();
        let on_case = partner(1, &["GIS", "mobility"], StakeholderType::Government);
        let without = suggest_team(&case, &[], &[], 3);
        assert_eq!(
            without.uncovered_capabilities,
            ["gis", "mobiliteit", "onderwijs"]
        );
        let with = suggest_team(&case, &[on_case], &[], 3);
        assert!(with.members.is_empty(), "nobody else to propose");
        assert_eq!(with.uncovered_capabilities, ["onderwijs"]);
        assert_eq!(with.coverage, 0.75);
        assert_eq!(with.uncovered_types, [StakeholderType::Citizen]);
    }
}
