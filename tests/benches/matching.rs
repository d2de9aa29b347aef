//! Matching speed: ranking 100,000 partners for one case, and suggesting a team of 6 from them, on one
//! core (the code is single-threaded). Medians of repeated runs: `cargo bench -p lode-tests --bench matching`.

use entities::values::{City, StakeholderType};
use lode_api::domain::matching::normalize::terms;
use lode_api::domain::matching::team::suggest_team;
use lode_api::domain::matching::{CaseProfile, Need, PartnerProfile, rank};
use std::time::{Duration, Instant};
use uuid::Uuid;

const TAGS: [&str; 20] = [
    "luchtkwaliteit",
    "IoT sensors",
    "dashboards",
    "onderwijs",
    "GIS",
    "wegenwerken",
    "api development",
    "evenementen",
    "data analysis",
    "participatie",
    "wonen",
    "energie",
    "privacy",
    "communicatie",
    "software development",
    "research",
    "bomen",
    "fietstellingen",
    "parkeren",
    "klimaat",
];
const TYPES: [StakeholderType; 5] = [
    StakeholderType::Citizen,
    StakeholderType::CivicOrganisation,
    StakeholderType::Government,
    StakeholderType::Company,
    StakeholderType::EducationResearch,
];

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let domain = Uuid::from_u128(1);
    // Partners' tags are normalised once, when their profiles are read; ranking compares the results.
    let partners: Vec<PartnerProfile> = (0..100_000u32)
        .map(|n| {
            let n = n as usize;
            PartnerProfile {
                id: Uuid::from_u128(n as u128 + 10),
                stakeholder_type: TYPES[n % TYPES.len()],
                home_city: [Some(City::Gent), Some(City::Brugge), None][n % 3],
                capabilities: (0..3)
                    .map(|i| terms(TAGS[(n * 7 + i * 3) % TAGS.len()]))
                    .collect(),
                data_offered: vec![(TAGS[n % TAGS.len()].to_owned(), terms(TAGS[n % TAGS.len()]))],
                data_needed: vec![(
                    TAGS[(n + 5) % TAGS.len()].to_owned(),
                    terms(TAGS[(n + 5) % TAGS.len()]),
                )],
                interests: if n.is_multiple_of(4) {
                    vec![domain]
                } else {
                    Vec::new()
                },
                events_attended: (n % 5) as u32,
            }
        })
        .collect();
    let case = CaseProfile {
        id: Uuid::nil(),
        capabilities: vec![
            Need::new("luchtkwaliteit", 5),
            Need::new("sensoren", 4),
            Need::new("datavisualisatie", 3),
            Need::new("onderwijs", 2),
            Need::new("participatie", 2),
        ],
        data_needed: vec![Need::new("Luchtmetingen Gent", 1)],
        data_produced: vec![Need::new("Luchtmetingen Gent", 1)],
        value_domain_id: domain,
        value_domain_name: "Luchtkwaliteit".to_owned(),
        cities: vec![City::Gent],
        wanted_types: TYPES.to_vec(),
        present_types: vec![StakeholderType::Government],
    };

    let mut ranking = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        let top = rank(&case, &partners, 10);
        ranking.push(started.elapsed());
        assert_eq!(top.len(), 10);
    }
    let mut teams = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        let team = suggest_team(&case, &[], &partners, 6);
        teams.push(started.elapsed());
        assert_eq!(team.members.len(), 6);
        assert!(team.uncovered_types.is_empty());
    }
    println!(
        "rank 100,000 partners for one case: median {:.2?} (21 runs)",
        median(ranking)
    );
    println!(
        "suggest a team of 6 from 100,000 partners: median {:.2?} (11 runs)",
        median(teams)
    );
}
