//! `bench-data`: fills a database that `lode migrate` made with the benchmark's data set (`bench/run.py` runs
//! it), and writes what the benchmark's requests need as JSON.
//!
//! ```sh
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/lode_bench \
//!   cargo run --release -p lode-tests --bin bench-data -- --partners 10000 --out fixtures.json
//! ```
//!
//! Every value follows from the record's kind and number through a fixed hash (and from `--today`, which the
//! events' times are placed around), so two databases filled with the same options hold the same records
//! with the same ids: the run on SQLite and the run on PostgreSQL read the same data. The records are
//! written with `insert_many` in batches within SQLite's 32,766 bind parameters (PostgreSQL allows
//! 65,535), in one transaction, straight into the tables: the search index is `lode reindex`'s to build
//! afterwards. The accounts and their sessions are made as the API makes them (`accounts::create_account`
//! and `accounts::login`): one admin, and one member for each of `--members` approved partners.
//!
//! The rules the benchmark's other clients rely on: slugs are `domain-N`, `dataset-N`, `case-N`,
//! `partner-N` and `event-N`, numbered from 1; partner N is approved unless N is a multiple of 12 (pending,
//! or archived when a multiple of 120), as `bench/pgbench/q2.sql` assumes; every value domain is public;
//! members of cases are approved partners.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entities::values::{
    Cities, City, EventFormat, EventStatus, Language, MemberRole, MemberStatus, NeededCapabilities,
    NeededCapability, PartnerStatus, PilotCasePhase, RegistrationStatus, Role, StakeholderType,
    StakeholderTypes, Texts, Theme, Themes, ValueDomainStatus, WaitlistPolicy,
};
use entities::{
    dataset, event, partner, partner_contact, partner_interest, pilot_case, pilot_case_dataset,
    pilot_case_member, registration, registration_person, value_domain,
};
use futures_util::{StreamExt, TryStreamExt};
use lode_api::domain::accounts::{self, NewAccount};
use lode_api::domain::write::{Change, Store};
use lode_api::graphql::ids::{self, Kind};
use lode_api::live::SeatHub;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel,
    Iterable, PaginatorTrait, TransactionTrait,
};
use serde_json::json;
use std::collections::HashSet;
use std::process::ExitCode;
use uuid::Uuid;

/// Bind parameters one statement may carry on both databases (SQLite's limit; PostgreSQL's is 65,535).
const MAX_PARAMETERS: usize = 32_766;
/// The password of every benchmark account (strong enough for LODE's check).
const PASSWORD: &str = "Kanaalfiets-Zeebrugge-2718!";
/// How long the benchmark's sessions last.
const SESSION: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);
/// The records are nobody's change: no audit entries.
const BENCH: Change = Change::unaudited("the benchmark's data set");

/// Capabilities, the matching's vocabulary (as in `tests/benches/matching.rs`).
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
/// Data partners offer and need.
const DATA: [&str; 10] = [
    "luchtmetingen",
    "fietstellingen",
    "parkeerbezetting",
    "energieverbruik",
    "afvalophaling",
    "bomeninventaris",
    "verkeerstellingen",
    "geluidsmetingen",
    "bezoekersaantallen",
    "woningmarkt",
];
/// Value domains' themes (each twice: in Ghent and in Bruges).
const DOMAINS: [&str; 25] = [
    "Mobiliteit",
    "Luchtkwaliteit",
    "Energie",
    "Wonen",
    "Water",
    "Groen",
    "Zorg",
    "Onderwijs",
    "Toerisme",
    "Erfgoed",
    "Afval",
    "Klimaat",
    "Veiligheid",
    "Cultuur",
    "Sport",
    "Economie",
    "Participatie",
    "Armoede",
    "Haven",
    "Landbouw",
    "Voeding",
    "Digitalisering",
    "Geluid",
    "Biodiversiteit",
    "Ruimtelijke ordening",
];
/// The first half of a partner's name.
const NAME_START: [&str; 20] = [
    "Open", "Slim", "Groen", "Data", "Stads", "Buurt", "Fiets", "Lucht", "Water", "Zon", "Kennis",
    "Digitaal", "Samen", "Noord", "Zuid", "Haven", "Kanaal", "Brug", "Toren", "Markt",
];
/// The second half of a partner's name.
const NAME_END: [&str; 20] = [
    "collectief",
    "lab",
    "studio",
    "werkplaats",
    "coöperatie",
    "netwerk",
    "huis",
    "atelier",
    "fabriek",
    "platform",
    "centrum",
    "kring",
    "forum",
    "vereniging",
    "bureau",
    "instituut",
    "groep",
    "initiatief",
    "hub",
    "kompas",
];
/// Contact persons' first and last names.
const FIRST_NAMES: [&str; 10] = [
    "An",
    "Bram",
    "Charlotte",
    "Dries",
    "Eline",
    "Femke",
    "Gilles",
    "Hanne",
    "Ilias",
    "Jana",
];
const LAST_NAMES: [&str; 10] = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet",
];
const TYPES: [StakeholderType; 5] = [
    StakeholderType::Citizen,
    StakeholderType::CivicOrganisation,
    StakeholderType::Government,
    StakeholderType::Company,
    StakeholderType::EducationResearch,
];
/// Stakeholder types in proportion: companies most, then civic organisations and citizens.
const TYPE_MIX: [StakeholderType; 20] = {
    use StakeholderType::*;
    [
        Company,
        Company,
        Company,
        Company,
        Company,
        Company,
        Company,
        CivicOrganisation,
        CivicOrganisation,
        CivicOrganisation,
        CivicOrganisation,
        Citizen,
        Citizen,
        Citizen,
        Citizen,
        Government,
        Government,
        Government,
        EducationResearch,
        EducationResearch,
    ]
};
const THEMES: [Theme; 8] = [
    Theme::Envi,
    Theme::Tran,
    Theme::Ener,
    Theme::Soci,
    Theme::Heal,
    Theme::Educ,
    Theme::Regi,
    Theme::Tech,
];
const FORMATS: [EventFormat; 7] = [
    EventFormat::Workshop,
    EventFormat::Hackathon,
    EventFormat::Interview,
    EventFormat::FocusGroup,
    EventFormat::InfoSession,
    EventFormat::Webinar,
    EventFormat::Other,
];
const ROLES: [MemberRole; 5] = [
    MemberRole::Lead,
    MemberRole::DataProvider,
    MemberRole::Developer,
    MemberRole::DomainExpert,
    MemberRole::EndUser,
];
const PHASES: [PilotCasePhase; 8] = [
    PilotCasePhase::Proposed,
    PilotCasePhase::Preparing,
    PilotCasePhase::Running,
    PilotCasePhase::Running,
    PilotCasePhase::Running,
    PilotCasePhase::Evaluating,
    PilotCasePhase::Completed,
    PilotCasePhase::Stopped,
];
/// Letters of registration codes, as LODE makes them (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many records of each kind to make.
struct Sizes {
    domains: u64,
    datasets: u64,
    cases: u64,
    partners: u64,
    events: u64,
    registrations: u64,
    members: u64,
}

/// The command line: the sizes, the day the events are placed around, and the JSON file to write.
struct Options {
    sizes: Sizes,
    today: NaiveDate,
    out: String,
}

/// Reads `--partners N --cases N --events N --registrations N --domains N --datasets N --members N
/// --today YYYY-MM-DD --out FILE`, each optional.
fn options() -> Result<Options, String> {
    let mut options = Options {
        sizes: Sizes {
            domains: 50,
            datasets: 100,
            cases: 300,
            partners: 10_000,
            events: 2_000,
            registrations: 20_000,
            members: 200,
        },
        today: Utc::now().date_naive(),
        out: "bench-fixtures.json".to_owned(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--partners" => options.sizes.partners = number()?,
            "--cases" => options.sizes.cases = number()?,
            "--events" => options.sizes.events = number()?,
            "--registrations" => options.sizes.registrations = number()?,
            "--domains" => options.sizes.domains = number()?,
            "--datasets" => options.sizes.datasets = number()?,
            "--members" => options.sizes.members = number()?,
            "--today" => options.today = value.parse().map_err(|e| format!("{flag}: {e}"))?,
            "--out" => options.out = value,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let s = &options.sizes;
    if s.domains == 0 || s.datasets == 0 || s.cases == 0 || s.partners < 12 || s.events == 0 {
        return Err("every size must be positive, and --partners at least 12".to_owned());
    }
    Ok(options)
}

/// A fixed 64-bit hash of a record's kind, number and a salt (SplitMix64's finaliser).
fn hash(kind: u64, n: u64, salt: u64) -> u64 {
    let mut x = kind
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(n.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(salt.wrapping_mul(0x94D0_49BB_1331_11EB));
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The record kinds, for [`hash`] and [`id`].
#[derive(Clone, Copy)]
enum K {
    Domain = 1,
    Dataset,
    Case,
    Partner,
    Event,
    Registration,
    Member,
    Person,
}

/// A number from `0..below` for a record and a salt.
fn pick(kind: K, n: u64, salt: u64, below: u64) -> u64 {
    hash(kind as u64, n, salt) % below
}

/// One of `items`, for a record and a salt.
fn one<T: Copy>(items: &[T], kind: K, n: u64, salt: u64) -> T {
    items[pick(kind, n, salt, items.len() as u64) as usize]
}

/// `count` different numbers below `len` (at most `len` of them), for a record and a salt.
fn distinct(kind: K, n: u64, salt: u64, len: u64, count: u64) -> Vec<u64> {
    let mut chosen = Vec::new();
    let mut draw = 0;
    while (chosen.len() as u64) < count.min(len) {
        let x = pick(kind, n, salt * 1_000 + draw, len);
        if !chosen.contains(&x) {
            chosen.push(x);
        }
        draw += 1;
    }
    chosen
}

/// `count` different entries of `items` (at most all of them), for a record and a salt.
fn some<T: Copy>(items: &[T], kind: K, n: u64, salt: u64, count: u64) -> Vec<T> {
    distinct(kind, n, salt, items.len() as u64, count)
        .into_iter()
        .map(|i| items[i as usize])
        .collect()
}

/// The UUIDv7 of record `n` of a kind created at `at`: its random part holds the kind and the number, so
/// it is unique, and the same on every run.
fn id(kind: K, n: u64, at: DateTime<Utc>) -> Uuid {
    let mut bytes = [0u8; 10];
    bytes[0] = kind as u8;
    bytes[1..6].copy_from_slice(&n.to_be_bytes()[3..]);
    bytes[6..].copy_from_slice(&hash(kind as u64, n, 99).to_be_bytes()[..4]);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
}

/// A sorted set, the form LODE stores sets of values in.
fn set<T: Ord + Copy>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items.dedup();
    items
}

/// Texts from string slices.
fn texts(items: &[&str]) -> Texts {
    Texts(items.iter().map(|s| (*s).to_owned()).collect())
}

/// Partner `n`'s status: approved unless `n` is a multiple of 12 (`bench/pgbench/q2.sql` relies on it).
fn partner_status(n: u64) -> PartnerStatus {
    match n {
        n if n % 120 == 0 => PartnerStatus::Archived,
        n if n % 12 == 0 => PartnerStatus::Pending,
        _ => PartnerStatus::Approved,
    }
}

/// The `k`-th approved partner's number (from 0): the numbers that are no multiple of 12, in order.
fn approved_partner(k: u64) -> u64 {
    12 * (k / 11) + k % 11 + 1
}

/// How many partners of `partners` are approved.
fn approved_count(partners: u64) -> u64 {
    partners - partners / 12
}

/// A registration code: `n` spread over the 31^8 codes by a multiplication that repeats no code.
fn code(n: u64) -> String {
    let base = CODE_ALPHABET.len() as u64;
    let mut x = (n.wrapping_mul(2_654_435_761) + 12_345) % base.pow(8);
    (0..8)
        .map(|_| {
            let c = CODE_ALPHABET[(x % base) as usize] as char;
            x /= base;
            c
        })
        .collect()
}

/// Every record of the data set, built in memory.
struct DataSet {
    domains: Vec<value_domain::Model>,
    datasets: Vec<dataset::Model>,
    cases: Vec<pilot_case::Model>,
    case_datasets: Vec<pilot_case_dataset::Model>,
    partners: Vec<partner::Model>,
    contacts: Vec<partner_contact::Model>,
    interests: Vec<partner_interest::Model>,
    members: Vec<pilot_case_member::Model>,
    events: Vec<event::Model>,
    registrations: Vec<registration::Model>,
    people: Vec<registration_person::Model>,
}

/// Builds the whole data set for `sizes`, with times around midnight (UTC) of `today`.
fn build(sizes: &Sizes, today: NaiveDate) -> DataSet {
    let base = today.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let days_ago =
        |kind: K, n: u64| base - Duration::minutes(60 + pick(kind, n, 7, 700 * 24 * 60) as i64);
    let domains: Vec<value_domain::Model> = (1..=sizes.domains)
        .map(|n| {
            let at = days_ago(K::Domain, n);
            let score = |salt| 1 + pick(K::Domain, n, salt, 5) as i16;
            let (economic, societal, readiness) = (score(1), score(2), score(3));
            let theme = DOMAINS[((n - 1) % DOMAINS.len() as u64) as usize];
            let city = if ((n - 1) / DOMAINS.len() as u64).is_multiple_of(2) {
                "Gent"
            } else {
                "Brugge"
            };
            value_domain::Model {
                id: id(K::Domain, n, at),
                slug: format!("domain-{n}"),
                name: format!("{theme} {city} {n}"),
                description: format!("Open data over {} in {city}.", theme.to_lowercase()),
                themes: Themes(set(some(
                    &THEMES,
                    K::Domain,
                    n,
                    4,
                    1 + pick(K::Domain, n, 5, 2),
                ))),
                status: if n <= 20 {
                    ValueDomainStatus::Selected
                } else {
                    ValueDomainStatus::Candidate
                },
                economic_value: economic,
                societal_value: societal,
                data_readiness: readiness,
                priority_score: (2 * i32::from(economic)
                    + 2 * i32::from(societal)
                    + i32::from(readiness)
                    - 5)
                    * 5,
                scores_survey_id: None,
                scores_set_at: None,
                scores_answer_count: None,
                created_at: at,
                updated_at: at,
            }
        })
        .collect();
    let datasets: Vec<dataset::Model> = (1..=sizes.datasets)
        .map(|n| {
            let at = days_ago(K::Dataset, n);
            dataset::Model {
                id: id(K::Dataset, n, at),
                slug: format!("dataset-{n}"),
                title: format!("{} {n}", one(&DATA, K::Dataset, n, 1)),
                publisher: one(
                    &["Stad Gent", "Stad Brugge", "Vlaamse overheid"],
                    K::Dataset,
                    n,
                    2,
                )
                .to_owned(),
                url: format!("https://data.example/dataset-{n}"),
                licence: one(
                    &["CC0-1.0", "Modellicentie Gratis Hergebruik"],
                    K::Dataset,
                    n,
                    3,
                )
                .to_owned(),
                theme: one(&THEMES, K::Dataset, n, 4),
                created_at: at,
                updated_at: at,
            }
        })
        .collect();
    let partners: Vec<partner::Model> = (1..=sizes.partners)
        .map(|n| {
            let at = days_ago(K::Partner, n);
            let name = format!(
                "{}{} {n}",
                one(&NAME_START, K::Partner, n, 1),
                one(&NAME_END, K::Partner, n, 2)
            );
            let capabilities = some(&TAGS, K::Partner, n, 3, 2 + pick(K::Partner, n, 4, 3));
            let home_city = one(
                &[
                    Some(City::Gent),
                    Some(City::Gent),
                    Some(City::Brugge),
                    Some(City::Brugge),
                    None,
                ],
                K::Partner,
                n,
                6,
            );
            let place = match home_city {
                Some(City::Gent) => "Gent",
                Some(City::Brugge) => "Brugge",
                None => "Vlaanderen",
            };
            partner::Model {
                id: id(K::Partner, n, at),
                slug: format!("partner-{n}"),
                description: format!(
                    "{name} werkt in {place} rond {} en {}, met open data over {}.",
                    capabilities[0],
                    capabilities[1],
                    one(&DATA, K::Partner, n, 7)
                ),
                name,
                stakeholder_type: one(&TYPE_MIX, K::Partner, n, 5),
                website: (n % 2 == 0).then(|| format!("https://partner-{n}.example")),
                home_city,
                capabilities: texts(&capabilities),
                data_offered: texts(&some(&DATA, K::Partner, n, 8, pick(K::Partner, n, 9, 3))),
                data_needed: texts(&some(&DATA, K::Partner, n, 10, pick(K::Partner, n, 11, 3))),
                status: partner_status(n),
                erased_at: None,
                created_at: at,
                updated_at: at,
            }
        })
        .collect();
    let contacts: Vec<partner_contact::Model> = partners
        .iter()
        .zip(1..)
        .map(|(p, n)| partner_contact::Model {
            partner_id: p.id,
            name: format!(
                "{} {}",
                one(&FIRST_NAMES, K::Person, n, 1),
                one(&LAST_NAMES, K::Person, n, 2)
            ),
            email: format!("contact-{n}@partner.example"),
            phone: (n % 2 == 1)
                .then(|| format!("+32 9 {:03} {:02} {:02}", n % 1000, n % 97, n % 89)),
            updated_at: p.updated_at,
        })
        .collect();
    let domain_ids: Vec<Uuid> = domains.iter().map(|d| d.id).collect();
    let interests = partners
        .iter()
        .zip(1..)
        .flat_map(|(p, n)| {
            some(
                &domain_ids,
                K::Partner,
                n,
                12,
                1 + pick(K::Partner, n, 13, 3),
            )
            .into_iter()
            .map(|value_domain_id| partner_interest::Model {
                partner_id: p.id,
                value_domain_id,
            })
        })
        .collect();
    let approved = approved_count(sizes.partners);
    let mut cases = Vec::new();
    let mut case_datasets = Vec::new();
    let mut members = Vec::new();
    for n in 1..=sizes.cases {
        let at = days_ago(K::Case, n);
        let domain = &domains[pick(K::Case, n, 1, sizes.domains) as usize];
        let theme = domain.name.split(' ').next().unwrap_or_default();
        let start = base.date_naive() - Duration::days(pick(K::Case, n, 2, 400) as i64);
        let case = pilot_case::Model {
            id: id(K::Case, n, at),
            slug: format!("case-{n}"),
            title: format!("{theme}: pilootcase {n}"),
            summary: format!(
                "Een pilootcase rond {} met open data.",
                theme.to_lowercase()
            ),
            description: format!(
                "## Aanpak\n\nDeze case brengt partners samen rond **{}** en {}.",
                one(&TAGS, K::Case, n, 3),
                one(&DATA, K::Case, n, 4)
            ),
            value_domain_id: domain.id,
            cities: Cities(set(some(
                &[City::Gent, City::Brugge],
                K::Case,
                n,
                5,
                1 + pick(K::Case, n, 6, 2),
            ))),
            phase: one(&PHASES, K::Case, n, 7),
            goals: texts(&["De data ontsluiten", "Een prototype testen met bewoners"]),
            start_date: Some(start),
            end_date: Some(start + Duration::days(180 + pick(K::Case, n, 8, 360) as i64)),
            needed_capabilities: NeededCapabilities(
                some(&TAGS, K::Case, n, 9, 3 + pick(K::Case, n, 10, 3))
                    .into_iter()
                    .zip(0..)
                    .map(|(name, i)| NeededCapability {
                        name: name.to_owned(),
                        weight: 1 + pick(K::Case, n, 11 + i, 5) as i32,
                    })
                    .collect(),
            ),
            wanted_stakeholder_types: StakeholderTypes(set(some(
                &TYPES,
                K::Case,
                n,
                20,
                2 + pick(K::Case, n, 21, 3),
            ))),
            created_at: at,
            updated_at: at,
        };
        let dataset_ids: Vec<Uuid> = datasets.iter().map(|d| d.id).collect();
        for dataset_id in some(&dataset_ids, K::Case, n, 22, 1 + pick(K::Case, n, 23, 3)) {
            case_datasets.push(pilot_case_dataset::Model {
                pilot_case_id: case.id,
                dataset_id,
            });
        }
        let picked = distinct(K::Case, n, 24, approved, 3 + pick(K::Case, n, 25, 6));
        for (place, k) in picked.into_iter().enumerate() {
            let m = n * 16 + place as u64;
            let partner = &partners[(approved_partner(k) - 1) as usize];
            let joined = at + Duration::days(1 + place as i64);
            members.push(pilot_case_member::Model {
                id: id(K::Member, m, joined),
                pilot_case_id: case.id,
                partner_id: partner.id,
                role: if place == 0 {
                    MemberRole::Lead
                } else {
                    one(&ROLES, K::Member, m, 1)
                },
                status: if place < 2 {
                    MemberStatus::Accepted
                } else {
                    one(
                        &[
                            MemberStatus::Accepted,
                            MemberStatus::Accepted,
                            MemberStatus::Invited,
                            MemberStatus::Declined,
                        ],
                        K::Member,
                        m,
                        2,
                    )
                },
                created_at: joined,
                updated_at: joined,
            });
        }
        cases.push(case);
    }
    let events: Vec<event::Model> = (1..=sizes.events)
        .map(|n| {
            let status = match n % 25 {
                0 | 1 => EventStatus::Draft,
                2 => EventStatus::Cancelled,
                3 | 4 => EventStatus::Completed,
                _ => EventStatus::Published,
            };
            let day = pick(K::Event, n, 1, 360) as i64;
            let hour = 8 + pick(K::Event, n, 2, 12) as i64;
            let starts_at = if status == EventStatus::Completed {
                base - Duration::days(1 + day) + Duration::hours(hour)
            } else {
                base + Duration::days(2 + day) + Duration::hours(hour)
            };
            let small = n % 5 < 2;
            let capacity = match n % 10 {
                _ if small => Some(3 + pick(K::Event, n, 3, 8) as i32),
                2 => None,
                _ => Some(20 + pick(K::Event, n, 4, 180) as i32),
            };
            let format = one(&FORMATS, K::Event, n, 5);
            let case = (pick(K::Event, n, 6, 4) != 0)
                .then(|| &cases[pick(K::Event, n, 7, sizes.cases) as usize]);
            let value_domain_id = match case {
                Some(case) => Some(case.value_domain_id),
                None => (pick(K::Event, n, 8, 5) != 0)
                    .then(|| domain_ids[pick(K::Event, n, 9, sizes.domains) as usize]),
            };
            let created =
                starts_at.min(base) - Duration::days(30 + pick(K::Event, n, 10, 60) as i64);
            let online = format == EventFormat::Webinar;
            event::Model {
                id: id(K::Event, n, created),
                slug: format!("event-{n}"),
                title: format!(
                    "{} {}: {n}",
                    one(
                        &[
                            "Werksessie",
                            "Hackathon",
                            "Gesprek",
                            "Focusgroep",
                            "Infosessie",
                            "Webinar",
                            "Wandeling"
                        ],
                        K::Event,
                        n,
                        5
                    ),
                    one(&DOMAINS, K::Event, n, 11)
                ),
                description: format!(
                    "We werken rond {} en {}.",
                    one(&TAGS, K::Event, n, 12),
                    one(&DATA, K::Event, n, 13)
                ),
                format,
                status,
                starts_at,
                ends_at: starts_at + Duration::hours(2 + pick(K::Event, n, 14, 3) as i64),
                venue: (!online).then(|| format!("Zaal {}", one(&NAME_START, K::Event, n, 15))),
                address: (!online).then(|| format!("Kouter {}, 9000 Gent", 1 + n % 200)),
                online_url: online.then(|| format!("https://meet.example/event-{n}")),
                capacity,
                max_people_per_registration: if small { 1 } else { 4 },
                waitlist_policy: WaitlistPolicy::WholeParty,
                registration_opens_at: None,
                registration_closes_at: None,
                pilot_case_id: case.map(|c| c.id),
                value_domain_id,
                cities: Cities(set(some(
                    &[City::Gent, City::Brugge],
                    K::Event,
                    n,
                    16,
                    1 + pick(K::Event, n, 17, 2),
                ))),
                audience: StakeholderTypes(set(some(
                    &TYPES,
                    K::Event,
                    n,
                    18,
                    pick(K::Event, n, 19, 4),
                ))),
                sequence: i32::from(status != EventStatus::Draft),
                created_at: created,
                updated_at: created,
            }
        })
        .collect();
    let (registrations, people) = build_registrations(sizes, &events, &partners, &contacts, base);
    DataSet {
        domains,
        datasets,
        cases,
        case_datasets,
        partners,
        contacts,
        interests,
        members,
        events,
        registrations,
        people,
    }
}

/// Registrations of approved partners for the events that are not drafts, one person each: seated while
/// the event has seats, waitlisted after; a completed event's seated ones attended (or did not show).
fn build_registrations(
    sizes: &Sizes,
    events: &[event::Model],
    partners: &[partner::Model],
    contacts: &[partner_contact::Model],
    base: DateTime<Utc>,
) -> (Vec<registration::Model>, Vec<registration_person::Model>) {
    let open: Vec<usize> = (0..events.len())
        .filter(|&i| events[i].status != EventStatus::Draft)
        .collect();
    let approved = approved_count(sizes.partners);
    let mut taken: Vec<i32> = vec![0; events.len()];
    let mut pairs = HashSet::new();
    let mut registrations = Vec::new();
    let mut people = Vec::new();
    let target = sizes.registrations.min(open.len() as u64 * approved);
    let mut r = 0;
    while (registrations.len() as u64) < target {
        r += 1;
        let index = open[pick(K::Registration, r, 1, open.len() as u64) as usize];
        let event = &events[index];
        let partner_number = approved_partner(pick(K::Registration, r, 2, approved));
        if !pairs.insert((event.id, partner_number)) {
            continue;
        }
        let at = event.created_at
            + Duration::minutes(1 + pick(K::Registration, r, 3, 20 * 24 * 60) as i64);
        let at = at.min(base);
        let cancelled = pick(K::Registration, r, 4, 20) == 0;
        let seated = !cancelled && event.capacity.is_none_or(|c| taken[index] < c);
        if seated {
            taken[index] += 1;
        }
        let status = match (cancelled, seated, event.status) {
            (true, _, _) => RegistrationStatus::Cancelled,
            (_, false, _) => RegistrationStatus::Waitlisted,
            (_, true, EventStatus::Completed) if pick(K::Registration, r, 5, 5) == 0 => {
                RegistrationStatus::NoShow
            }
            (_, true, EventStatus::Completed) => RegistrationStatus::Attended,
            _ => RegistrationStatus::Confirmed,
        };
        let checked_in_at = (status == RegistrationStatus::Attended)
            .then(|| event.starts_at + Duration::minutes(5));
        let n = registrations.len() as u64 + 1;
        let registration_id = id(K::Registration, n, at);
        people.push(registration_person::Model {
            id: id(K::Person, n, at),
            registration_id,
            position: 1,
            // As LODE names the one person of a registration that names none: the partner's contact.
            name: contacts[(partner_number - 1) as usize].name.clone(),
            checked_in_at,
            created_at: at,
        });
        registrations.push(registration::Model {
            id: registration_id,
            event_id: event.id,
            partner_id: partners[(partner_number - 1) as usize].id,
            status,
            code: Some(code(n)),
            checked_in_at,
            people: 1,
            created_at: at,
            updated_at: at,
        });
    }
    (registrations, people)
}

/// Inserts rows in batches that stay within [`MAX_PARAMETERS`].
async fn insert_all<M, A>(db: &impl ConnectionTrait, rows: Vec<M>) -> Result<(), sea_orm::DbErr>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send,
{
    let per_batch = MAX_PARAMETERS / <A::Entity as EntityTrait>::Column::iter().count();
    let mut rows = rows
        .into_iter()
        .map(|row| row.into_active_model().reset_all())
        .peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(per_batch).collect();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Writes every record of the data set in one transaction.
async fn insert(db: &DatabaseConnection, data: DataSet) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    insert_all(&txn, data.domains).await?;
    insert_all(&txn, data.datasets).await?;
    insert_all(&txn, data.cases).await?;
    insert_all(&txn, data.case_datasets).await?;
    insert_all(&txn, data.partners).await?;
    insert_all(&txn, data.contacts).await?;
    insert_all(&txn, data.interests).await?;
    insert_all(&txn, data.members).await?;
    insert_all(&txn, data.events).await?;
    insert_all(&txn, data.registrations).await?;
    insert_all(&txn, data.people).await?;
    txn.commit().await
}

/// Creates an account through the domain and signs it in, as a login does; returns its bearer token.
async fn session(
    store: &Store,
    email: String,
    role: Role,
    partner_id: Option<Uuid>,
) -> Result<String, String> {
    let new = NewAccount {
        email: email.clone(),
        password: PASSWORD.to_owned(),
        role,
        partner_id,
        cities: Vec::new(),
        must_change_password: false,
        language: Language::Nl,
    };
    accounts::create_account(store, &BENCH, new)
        .await
        .map_err(|e| format!("{email}: {e}"))?;
    let signed_in = accounts::login(store, &email, PASSWORD.to_owned(), SESSION).await;
    Ok(signed_in.map_err(|e| format!("{email}: {e}"))?.token)
}

/// Fills the database and writes the fixtures file.
async fn run(options: Options) -> Result<(), String> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set".to_owned())?;
    let db = lode_api::db::connect(&url)
        .await
        .map_err(|e| e.to_string())?;
    if value_domain::Entity::find()
        .count(&db)
        .await
        .map_err(|e| e.to_string())?
        > 0
    {
        return Err(
            "the database holds records already: give bench-data a freshly migrated one".to_owned(),
        );
    }
    let sizes = &options.sizes;
    let started = std::time::Instant::now();
    let data = build(sizes, options.today);
    let case_ids: Vec<String> = data
        .cases
        .iter()
        .map(|c| ids::encode(Kind::PilotCase, c.id).0)
        .collect();
    let published: Vec<i64> = data
        .events
        .iter()
        .filter(|e| e.status == EventStatus::Published)
        .map(|e| e.starts_at.timestamp())
        .collect();
    let member_partners: Vec<(u64, Uuid)> = (0..sizes.members.min(approved_count(sizes.partners)))
        .map(|k| {
            let number = approved_partner(
                k * (approved_count(sizes.partners) / sizes.members.max(1)).max(1),
            );
            (number, data.partners[(number - 1) as usize].id)
        })
        .collect();
    // The events the sign-ups go to: small ones that no partner with a member account (who signs up in the
    // benchmark) is registered for yet, so no sign-up meets one already made.
    let member_ids: HashSet<Uuid> = member_partners.iter().map(|(_, id)| *id).collect();
    let taken: HashSet<Uuid> = data
        .registrations
        .iter()
        .filter(|r| member_ids.contains(&r.partner_id))
        .map(|r| r.event_id)
        .collect();
    let sign_up_events: Vec<String> = data
        .events
        .iter()
        .filter(|e| e.status == EventStatus::Published && e.capacity.is_some_and(|c| c <= 10))
        .filter(|e| !taken.contains(&e.id))
        .map(|e| ids::encode(Kind::CoCreationEvent, e.id).0)
        .collect();
    let rows =
        data.partners.len() + data.events.len() + data.registrations.len() + data.members.len();
    insert(&db, data).await.map_err(|e| e.to_string())?;
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE")
            .await
            .map_err(|e| e.to_string())?;
    }
    eprintln!(
        "bench-data: {rows} partners, events, registrations and members written in {:.1?}",
        started.elapsed()
    );

    let store = Store::new(db.clone(), SeatHub::default());
    let admin = session(
        &store,
        "bench-admin@lode.example".to_owned(),
        Role::Admin,
        None,
    )
    .await?;
    let members: Vec<serde_json::Value> = futures_util::stream::iter(member_partners)
        .map(|(number, partner_id)| {
            let store = store.clone();
            async move {
                let token = session(
                    &store,
                    format!("member-{number}@partner.example"),
                    Role::Partner,
                    Some(partner_id),
                )
                .await?;
                Ok::<_, String>(json!({ "partner": format!("partner-{number}"), "token": token }))
            }
        })
        .buffered(4)
        .try_collect()
        .await?;
    let fixtures = json!({
        "today": options.today.to_string(),
        "sizes": {
            "partners": sizes.partners,
            "approved_partners": approved_count(sizes.partners),
            "cases": sizes.cases,
            "events": sizes.events,
            "registrations": sizes.registrations,
            "domains": sizes.domains,
        },
        "published_starts": [published.iter().min(), published.iter().max()],
        "stakeholder_types": TYPES.iter().map(sea_orm::ActiveEnum::to_value).collect::<Vec<_>>(),
        "tags": TAGS.iter().chain(DATA.iter()).collect::<Vec<_>>(),
        "partner_slugs": distinct(K::Partner, 0, 1, approved_count(sizes.partners), 1_000)
            .into_iter()
            .map(|k| format!("partner-{}", approved_partner(k)))
            .collect::<Vec<_>>(),
        "case_slugs": (1..=sizes.cases).map(|n| format!("case-{n}")).collect::<Vec<_>>(),
        "case_ids": case_ids,
        "sign_up_event_ids": sign_up_events,
        "admin_token": admin,
        "members": members,
    });
    std::fs::write(
        &options.out,
        serde_json::to_string_pretty(&fixtures).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", options.out))?;
    eprintln!(
        "bench-data: done in {:.1?}; fixtures in {}",
        started.elapsed(),
        options.out
    );
    db.close().await.map_err(|e| e.to_string())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let result = match options() {
        Ok(options) => run(options).await,
        Err(message) => Err(message),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-data: {message}");
            ExitCode::FAILURE
        }
    }
}
