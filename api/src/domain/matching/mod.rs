//! Partner matching for the pilot cases: an explainable score for every partner, a suggested team, the
//! reverse view for partners, and partners whose data meet.
//!
//! The scoring works on profiles held in memory ([`CaseProfile`], [`PartnerProfile`]), so ranking is a pure,
//! deterministic function: the same data give the same ranking, ties broken by partner id.

pub mod normalize;
pub mod profiles;
pub mod team;

use entities::values::{City, StakeholderType};
use normalize::{same, terms};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a pilot case looks for.
#[derive(Debug, Clone, Default)]
pub struct CaseProfile {
    /// The case's id.
    pub id: Uuid,
    /// Capabilities it needs: the name as typed, its terms, and its weight (1–5).
    pub capabilities: Vec<Need>,
    /// Data it needs (its datasets and needs for data, as terms).
    pub data_needed: Vec<Need>,
    /// Data it produces or makes available (its datasets, as terms).
    pub data_produced: Vec<Need>,
    /// The value domain it belongs to.
    pub value_domain_id: Uuid,
    /// The value domain's name, for reasons.
    pub value_domain_name: String,
    /// The cities it runs in.
    pub cities: Vec<City>,
    /// The stakeholder types it wants at the table.
    pub wanted_types: Vec<StakeholderType>,
    /// The stakeholder types its members (invited or accepted) already bring.
    pub present_types: Vec<StakeholderType>,
}

/// One need of a case, as typed and as terms.
#[derive(Debug, Clone, Default)]
pub struct Need {
    /// As typed.
    pub label: String,
    /// Its normalised terms.
    pub terms: BTreeSet<String>,
    /// How much it matters (1–5).
    pub weight: u32,
}

impl Need {
    /// A need from a tag and a weight.
    pub fn new(label: &str, weight: u32) -> Need {
        Need {
            label: label.to_owned(),
            terms: terms(label),
            weight,
        }
    }
}

/// What a partner brings.
#[derive(Debug, Clone)]
pub struct PartnerProfile {
    /// The partner's id.
    pub id: Uuid,
    /// Its stakeholder type.
    pub stakeholder_type: StakeholderType,
    /// Its home city.
    pub home_city: Option<City>,
    /// Its capabilities, as terms.
    pub capabilities: Vec<BTreeSet<String>>,
    /// The data it offers, as typed and as terms.
    pub data_offered: Vec<(String, BTreeSet<String>)>,
    /// The data it needs, as typed and as terms.
    pub data_needed: Vec<(String, BTreeSet<String>)>,
    /// The value domains it is interested in.
    pub interests: Vec<Uuid>,
    /// Events it attended.
    pub events_attended: u32,
}

impl PartnerProfile {
    /// A partner of a stakeholder type about which nothing else is known yet.
    pub fn new(id: Uuid, stakeholder_type: StakeholderType) -> PartnerProfile {
        PartnerProfile {
            id,
            stakeholder_type,
            home_city: None,
            capabilities: Vec::new(),
            data_offered: Vec::new(),
            data_needed: Vec::new(),
            interests: Vec::new(),
            events_attended: 0,
        }
    }
}

/// How much each part counts in the score (they add up to 1).
pub mod weights {
    /// The needed capabilities the partner covers, by weight.
    pub const CAPABILITIES: f64 = 0.40;
    /// The data the case needs that the partner offers.
    pub const DATA_OFFERED: f64 = 0.15;
    /// The data the case produces that the partner needs.
    pub const DATA_NEEDED: f64 = 0.05;
    /// Interest in the case's value domain.
    pub const INTEREST: f64 = 0.15;
    /// A stakeholder type the case wants and lacks (half for one it wants but has).
    pub const STAKEHOLDER: f64 = 0.15;
    /// A home in one of the case's cities.
    pub const CITY: f64 = 0.05;
    /// Engagement so far: events attended (three or more count fully).
    pub const ENGAGEMENT: f64 = 0.05;
}

/// Why a partner scores what it scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// Weighted share of the needed capabilities covered (0–1).
    pub capabilities: f64,
    /// The needed capabilities covered.
    pub capabilities_covered: Vec<String>,
    /// Share of the data the case needs that the partner offers (0–1).
    pub data_offered: f64,
    /// Share of the data the case produces that the partner needs (0–1).
    pub data_needed: f64,
    /// Whether the partner is interested in the case's value domain.
    pub interested: bool,
    /// 1 for a wanted type the case lacks, 0.5 for a wanted type it has, 0 otherwise.
    pub stakeholder: f64,
    /// Whether the partner is based in one of the case's cities.
    pub local: bool,
    /// Engagement so far (0–1).
    pub engagement: f64,
    /// The reasons, in plain language.
    pub reasons: Vec<String>,
}

/// A partner's fit with a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The partner.
    pub partner_id: Uuid,
    /// The score, 0 to 1.
    pub score: f64,
    /// How the score came about.
    pub breakdown: Breakdown,
}

/// The share (by weight) of needs met, and which ones.
fn coverage(needs: &[Need], met: impl Fn(&BTreeSet<String>) -> bool) -> (f64, Vec<&Need>) {
    let total: u32 = needs.iter().map(|n| n.weight).sum();
    if total == 0 {
        return (0.0, Vec::new());
    }
    let covered: Vec<&Need> = needs.iter().filter(|n| met(&n.terms)).collect();
    (
        f64::from(covered.iter().map(|n| n.weight).sum::<u32>()) / f64::from(total),
        covered,
    )
}

/// The share (by weight) of needs met, without saying which: the cheap form for ranking many partners.
fn share(needs: &[Need], met: impl Fn(&BTreeSet<String>) -> bool) -> f64 {
    let (mut total, mut covered) = (0u32, 0u32);
    for need in needs {
        total += need.weight;
        if met(&need.terms) {
            covered += need.weight;
        }
    }
    if total == 0 {
        0.0
    } else {
        f64::from(covered) / f64::from(total)
    }
}

fn labels(needs: &[&Need]) -> String {
    needs
        .iter()
        .map(|n| n.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn stakeholder_fit(case: &CaseProfile, partner: &PartnerProfile) -> f64 {
    match (
        case.wanted_types.contains(&partner.stakeholder_type),
        case.present_types.contains(&partner.stakeholder_type),
    ) {
        (true, false) => 1.0,
        (true, true) => 0.5,
        _ => 0.0,
    }
}

fn is_local(case: &CaseProfile, partner: &PartnerProfile) -> bool {
    partner
        .home_city
        .is_some_and(|city| case.cities.contains(&city))
}

fn engagement(partner: &PartnerProfile) -> f64 {
    (f64::from(partner.events_attended) / 3.0).min(1.0)
}

/// Adds up the parts by their weights, rounded to four decimals so that equal fits compare equal.
#[allow(clippy::too_many_arguments)]
fn weighted(
    capabilities: f64,
    data_offered: f64,
    data_needed: f64,
    interested: bool,
    stakeholder: f64,
    local: bool,
    engagement: f64,
) -> f64 {
    let score = weights::CAPABILITIES * capabilities
        + weights::DATA_OFFERED * data_offered
        + weights::DATA_NEEDED * data_needed
        + weights::INTEREST * f64::from(u8::from(interested))
        + weights::STAKEHOLDER * stakeholder
        + weights::CITY * f64::from(u8::from(local))
        + weights::ENGAGEMENT * engagement;
    (score * 10_000.0).round() / 10_000.0
}

/// A partner's score for a case, without the breakdown: what ranking many partners needs.
pub fn fit(case: &CaseProfile, partner: &PartnerProfile) -> f64 {
    weighted(
        share(&case.capabilities, |need| {
            partner.capabilities.iter().any(|c| same(c, need))
        }),
        share(&case.data_needed, |need| {
            partner.data_offered.iter().any(|(_, d)| same(d, need))
        }),
        share(&case.data_produced, |need| {
            partner.data_needed.iter().any(|(_, d)| same(d, need))
        }),
        partner.interests.contains(&case.value_domain_id),
        stakeholder_fit(case, partner),
        is_local(case, partner),
        engagement(partner),
    )
}

/// Scores one partner for one case, with the breakdown and the reasons.
pub fn score(case: &CaseProfile, partner: &PartnerProfile) -> Match {
    let (capabilities, covered) = coverage(&case.capabilities, |need| {
        partner.capabilities.iter().any(|c| same(c, need))
    });
    let (data_offered, offered) = coverage(&case.data_needed, |need| {
        partner.data_offered.iter().any(|(_, d)| same(d, need))
    });
    let (data_needed, needed) = coverage(&case.data_produced, |need| {
        partner.data_needed.iter().any(|(_, d)| same(d, need))
    });
    let interested = partner.interests.contains(&case.value_domain_id);
    let stakeholder = stakeholder_fit(case, partner);
    let local = is_local(case, partner);
    let engagement = engagement(partner);

    let mut reasons = Vec::new();
    if !covered.is_empty() {
        reasons.push(format!(
            "covers {} of the {} capabilities this case needs: {}",
            covered.len(),
            case.capabilities.len(),
            labels(&covered)
        ));
    }
    if !offered.is_empty() {
        reasons.push(format!(
            "offers {}, which this case needs",
            labels(&offered)
        ));
    }
    if !needed.is_empty() {
        reasons.push(format!(
            "needs {}, which this case makes available",
            labels(&needed)
        ));
    }
    if interested {
        reasons.push(format!("is interested in {}", case.value_domain_name));
    }
    if stakeholder == 1.0 {
        reasons.push(format!(
            "brings a {} voice this case still lacks",
            type_words(partner.stakeholder_type)
        ));
    }
    if local && let Some(city) = partner.home_city {
        reasons.push(format!(
            "is based in {}, where this case runs",
            city_name(city)
        ));
    }
    if partner.events_attended > 0 {
        let plural = if partner.events_attended == 1 {
            ""
        } else {
            "s"
        };
        reasons.push(format!(
            "attended {} co-creation event{plural}",
            partner.events_attended
        ));
    }
    Match {
        partner_id: partner.id,
        score: weighted(
            capabilities,
            data_offered,
            data_needed,
            interested,
            stakeholder,
            local,
            engagement,
        ),
        breakdown: Breakdown {
            capabilities,
            capabilities_covered: covered.iter().map(|n| n.label.clone()).collect(),
            data_offered,
            data_needed,
            interested,
            stakeholder,
            local,
            engagement,
            reasons,
        },
    }
}

fn type_words(t: StakeholderType) -> &'static str {
    match t {
        StakeholderType::Citizen => "citizen's",
        StakeholderType::CivicOrganisation => "civil-society",
        StakeholderType::Government => "government",
        StakeholderType::Company => "business",
        StakeholderType::EducationResearch => "education and research",
    }
}

fn city_name(city: City) -> &'static str {
    match city {
        City::Gent => "Ghent",
        City::Brugge => "Bruges",
    }
}

/// Ranks partners for a case, best first; equal scores in partner-id order. Keeps the best `limit`, and
/// explains only those.
pub fn rank(case: &CaseProfile, partners: &[PartnerProfile], limit: usize) -> Vec<Match> {
    let mut fits: Vec<(f64, usize)> = partners
        .iter()
        .enumerate()
        .map(|(i, p)| (fit(case, p), i))
        .collect();
    let order = |a: &(f64, usize), b: &(f64, usize)| {
        b.0.total_cmp(&a.0)
            .then_with(|| partners[a.1].id.cmp(&partners[b.1].id))
    };
    if fits.len() > limit {
        fits.select_nth_unstable_by(limit, order);
        fits.truncate(limit);
    }
    fits.sort_by(order);
    fits.into_iter()
        .map(|(_, i)| score(case, &partners[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> CaseProfile {
        CaseProfile {
            id: Uuid::nil(),
            capabilities: vec![
                Need::new("luchtkwaliteit", 5),
                Need::new("datavisualisatie", 2),
            ],
            data_needed: vec![Need::new("real-time air quality", 1)],
            value_domain_id: Uuid::from_u128(1),
            value_domain_name: "Luchtkwaliteit".to_owned(),
            cities: vec![City::Gent],
            wanted_types: vec![StakeholderType::Company, StakeholderType::Citizen],
            present_types: vec![StakeholderType::Company],
            ..CaseProfile::default()
        }
    }

    fn partner(
        n: u128,
        capabilities: &[&str],
        stakeholder_type: StakeholderType,
    ) -> PartnerProfile {
        PartnerProfile {
            capabilities: capabilities.iter().map(|c| terms(c)).collect(),
            ..PartnerProfile::new(Uuid::from_u128(n), stakeholder_type)
        }
    }

    #[test]
    fn the_score_adds_up_its_parts_and_explains_them() {
        let mut p = partner(7, &["Air quality", "dashboards"], StakeholderType::Citizen);
        p.interests = vec![Uuid::from_u128(1)];
        p.home_city = Some(City::Gent);
        p.data_offered = vec![("luchtmetingen".to_owned(), terms("luchtmetingen"))];
        p.events_attended = 3;
        let m = score(&case(), &p);
        assert_eq!(m.breakdown.capabilities, 1.0);
        assert_eq!(m.score, 1.0 - weights::DATA_NEEDED);
        assert!(
            m.breakdown
                .reasons
                .iter()
                .any(|r| r == "offers real-time air quality, which this case needs")
        );
        assert!(
            m.breakdown
                .reasons
                .iter()
                .any(|r| r.contains("citizen's voice this case still lacks"))
        );
    }

    #[test]
    fn ties_are_broken_by_partner_id_and_the_ranking_is_stable() {
        let partners: Vec<PartnerProfile> = (0..50)
            .rev()
            .map(|n| partner(n, &["luchtkwaliteit"], StakeholderType::Government))
            .collect();
        let first = rank(&case(), &partners, 10);
        assert_eq!(first, rank(&case(), &partners, 10));
        let ids: Vec<u128> = first.iter().map(|m| m.partner_id.as_u128()).collect();
        assert_eq!(ids, (0..10).collect::<Vec<_>>());
    }
}
