//! Reads the demo data files and creates their records as a client's requests would: through the
//! domain functions, one record, sign-up or status move at a time.
//!
//! Each record in a data file is the domain's own description of a change (`EventFields` and the
//! like) beside a few demo keys: the short key other records name it by, the status it reaches,
//! its dates in days from today, and the records it links to by their keys. A field the domain
//! gains can be given a value in the files at once; a key no field has is refused, so a misspelt one
//! never goes unnoticed.

use super::DEMO_ACCOUNTS;
use crate::clock::now;
use crate::domain::accounts::{self, NewAccount};
use crate::domain::datasets::DatasetFields;
use crate::domain::events::EventFields;
use crate::domain::lifecycle;
use crate::domain::members;
use crate::domain::partners::PartnerFields;
use crate::domain::pilot_cases::PilotCaseFields;
use crate::domain::record::{self, HasStatus, ModelOf};
use crate::domain::registrations::{self, SignUp};
use crate::domain::stories::StoryFields;
use crate::domain::value_domains::ValueDomainFields;
use crate::domain::write::{Change, Store};
use crate::error::{ApiError, ApiResult};
use crate::live::SeatHub;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Brussels;
use entities::values::{
    EventStatus, MemberRole, MemberStatus, PartnerStatus, PilotCasePhase, RegistrationStatus,
    StoryStatus, ValueDomainStatus,
};
use entities::{dataset, event, partner, pilot_case, success_story, value_domain};
use sea_orm::{ActiveEnum, ActiveModelTrait, DatabaseConnection, IntoActiveModel};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// How many records of each kind were loaded, for the log.
pub(super) struct Loaded {
    /// Value domains.
    pub value_domains: usize,
    /// Datasets.
    pub datasets: usize,
    /// Pilot cases.
    pub pilot_cases: usize,
    /// Partners.
    pub partners: usize,
    /// Co-creation events.
    pub events: usize,
    /// Sign-ups for the events.
    pub registrations: usize,
    /// Success stories.
    pub stories: usize,
}

/// The demo data is loaded by nobody in particular: it writes no audit entries.
const DEMO_DATA: Change = Change::unaudited("the demo data");

/// Reads the data files and creates every record; the database must hold none of them yet.
pub(super) async fn load(db: &DatabaseConnection) -> ApiResult<Loaded> {
    let data = DemoData::read()?;
    let store = Store::new(db.clone(), SeatHub::default());
    let db = &store;
    // Dates are planned in local time: "in three weeks, on a Saturday at 9:00" in Brussels.
    let today = now().with_timezone(&Brussels).date_naive();
    let domains = load_value_domains(db, &data.value_domains).await?;
    let datasets = load_datasets(db, &data.datasets).await?;
    let cases = load_pilot_cases(db, today, &data.pilot_cases, &domains, &datasets).await?;
    let partners = load_partners(db, &data.partners, &domains).await?;
    load_members(db, &data.pilot_cases, &cases, &partners).await?;
    let registrations = load_events(db, today, &data.events, &domains, &cases, &partners).await?;
    load_stories(db, &data.stories, &domains, &datasets, &cases, &partners).await?;
    load_accounts(db, &partners).await?;
    Ok(Loaded {
        value_domains: data.value_domains.len(),
        datasets: data.datasets.len(),
        pilot_cases: data.pilot_cases.len(),
        partners: data.partners.len(),
        events: data.events.len(),
        registrations,
        stories: data.stories.len(),
    })
}

// -------------------------------------------------------------------------------------------------
// The data files.
// -------------------------------------------------------------------------------------------------

/// The keys of a record that no field of its kind has (a misspelling, or a field since removed).
type Unknown = BTreeMap<String, toml::Value>;

/// A record as a data file gives it.
trait Seed: DeserializeOwned {
    /// The keys its kind has no field for.
    fn unknown(&self) -> &Unknown;
}

/// Implements [`Seed`] for records that collect unknown keys in their `unknown` field.
macro_rules! seeds {
    ($($seed:ty),+) => {
        $(impl Seed for $seed {
            fn unknown(&self) -> &Unknown {
                &self.unknown
            }
        })+
    };
}

/// The demo data set, as its files give it.
struct DemoData {
    value_domains: Vec<ValueDomainSeed>,
    datasets: Vec<DatasetSeed>,
    pilot_cases: Vec<PilotCaseSeed>,
    partners: Vec<PartnerSeed>,
    events: Vec<EventSeed>,
    stories: Vec<StorySeed>,
}

impl DemoData {
    /// Reads the data files, which are built into the program.
    fn read() -> ApiResult<Self> {
        Ok(Self {
            value_domains: read(
                "value_domains.toml",
                "value_domain",
                include_str!("data/value_domains.toml"),
            )?,
            datasets: read(
                "datasets.toml",
                "dataset",
                include_str!("data/datasets.toml"),
            )?,
            pilot_cases: read(
                "pilot_cases.toml",
                "pilot_case",
                include_str!("data/pilot_cases.toml"),
            )?,
            partners: read(
                "partners.toml",
                "partner",
                include_str!("data/partners.toml"),
            )?,
            events: read("events.toml", "event", include_str!("data/events.toml"))?,
            stories: read("stories.toml", "story", include_str!("data/stories.toml"))?,
        })
    }
}

/// The records of a data file: its `[[table]]` entries.
fn read<T: Seed>(file: &str, table: &str, text: &str) -> ApiResult<Vec<T>> {
    let mut tables: BTreeMap<String, Vec<T>> =
        toml::from_str(text).map_err(|err| broken(format!("{file}: {}", err.message())))?;
    let records = tables
        .remove(table)
        .ok_or_else(|| broken(format!("{file} has no [[{table}]] entries")))?;
    if let Some(other) = tables.keys().next() {
        return Err(broken(format!(
            "{file} has [[{other}]] entries; it holds [[{table}]]"
        )));
    }
    for (number, record) in records.iter().enumerate() {
        if let Some(key) = record.unknown().keys().next() {
            return Err(broken(format!(
                "{file}: [[{table}]] number {} has \"{key}\", which no field of a {table} has",
                number + 1
            )));
        }
    }
    Ok(records)
}

/// A fault in the data files, not a client's error; the message says where to look.
fn broken(message: String) -> ApiError {
    ApiError::invalid("demo", format!("the demo data is broken: {message}"))
}

/// A value domain, and the status it reaches.
#[derive(Deserialize)]
struct ValueDomainSeed {
    key: String,
    status: ValueDomainStatus,
    #[serde(flatten)]
    fields: ValueDomainFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// A dataset.
#[derive(Deserialize)]
struct DatasetSeed {
    key: String,
    #[serde(flatten)]
    fields: DatasetFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// A pilot case, the phase it reaches, and the partners invited to it.
#[derive(Deserialize)]
struct PilotCaseSeed {
    key: String,
    /// The key of its value domain.
    value_domain: String,
    /// Its first and last day, in days from today.
    first_day: Option<i64>,
    last_day: Option<i64>,
    /// The keys of the datasets it uses.
    #[serde(default)]
    datasets: Vec<String>,
    phase: PilotCasePhase,
    #[serde(default)]
    members: Vec<MemberSeed>,
    #[serde(flatten)]
    fields: PilotCaseFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// A partner invited to a pilot case, in a role, and its answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberSeed {
    partner: String,
    role: MemberRole,
    answer: MemberStatus,
}

/// A partner, with its private contact among its fields, and the status it reaches.
#[derive(Deserialize)]
struct PartnerSeed {
    key: String,
    /// The keys of the value domains it is interested in.
    #[serde(default)]
    interests: Vec<String>,
    status: PartnerStatus,
    #[serde(flatten)]
    fields: PartnerFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// A co-creation event: when it is planned, the status it reaches, and its sign-ups.
#[derive(Deserialize)]
struct EventSeed {
    /// It falls on the first `weekday` on or after this many days from today.
    day: i64,
    weekday: Weekday,
    /// Its local start time in Brussels, and its length.
    starts: NaiveTime,
    minutes: i64,
    sign_ups: Option<SignUpWindow>,
    /// The keys of the pilot case and the value domain it serves.
    pilot_case: Option<String>,
    value_domain: Option<String>,
    status: EventStatus,
    /// Partners in the order they sign up, and where each registration ends.
    #[serde(default)]
    registrations: Vec<RegistrationSeed>,
    #[serde(flatten)]
    fields: EventFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// When sign-ups for an event open and close.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignUpWindow {
    /// They open this many days before the event's day, at 9:00.
    open_days_before: i64,
    /// They close this many hours before it starts.
    close_hours_before: i64,
}

/// A partner's sign-up for an event, and where it ends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationSeed {
    partner: String,
    status: RegistrationStatus,
}

/// A success story, the records it links to, and the status it reaches.
#[derive(Deserialize)]
struct StorySeed {
    /// The keys of the pilot case and the value domain it belongs to.
    pilot_case: Option<String>,
    value_domain: Option<String>,
    /// The keys of the partners involved and the datasets reused.
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    datasets: Vec<String>,
    status: StoryStatus,
    #[serde(flatten)]
    fields: StoryFields,
    #[serde(flatten)]
    unknown: Unknown,
}

seeds!(
    ValueDomainSeed,
    DatasetSeed,
    PilotCaseSeed,
    PartnerSeed,
    EventSeed,
    StorySeed
);

// -------------------------------------------------------------------------------------------------
// Loading.
// -------------------------------------------------------------------------------------------------

/// The ids of created records by their key in the data files, so later records can name them.
struct Keys {
    kind: &'static str,
    ids: HashMap<String, Uuid>,
}

impl Keys {
    /// No records yet of `kind` (for messages).
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            ids: HashMap::new(),
        }
    }

    /// Remembers a created record's key; a key given twice is refused.
    fn insert(&mut self, key: &str, id: Uuid) -> ApiResult<()> {
        if self.ids.insert(key.to_owned(), id).is_some() {
            return Err(broken(format!("two {}s have the key \"{key}\"", self.kind)));
        }
        Ok(())
    }

    /// The id of the record with `key`.
    fn get(&self, key: &str) -> ApiResult<Uuid> {
        self.ids
            .get(key)
            .copied()
            .ok_or_else(|| broken(format!("it names an unknown {} \"{key}\"", self.kind)))
    }

    /// The id of the record with `key`, if a key is given.
    fn get_opt(&self, key: Option<&String>) -> ApiResult<Option<Uuid>> {
        key.map(|key| self.get(key)).transpose()
    }

    /// The ids of the records with `keys`.
    fn get_all(&self, keys: &[String]) -> ApiResult<Vec<Uuid>> {
        keys.iter().map(|key| self.get(key)).collect()
    }
}

/// Moves a record along its lifecycle to `to`, one allowed move at a time, the shortest way; returns
/// the record as it then is.
async fn move_to<R>(db: &Store, record: ModelOf<R>, to: R::Status) -> ApiResult<ModelOf<R>>
where
    R: HasStatus,
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let from = R::status(&record);
    let moves = lifecycle::route(from, to).ok_or_else(|| {
        broken(format!(
            "no way leads a {} from {} to {}",
            R::KIND,
            from.to_value(),
            to.to_value()
        ))
    })?;
    let mut moved = record;
    for status in moves {
        moved = record::set_status::<R>(db, &DEMO_DATA, R::id(&moved), status).await?;
    }
    Ok(moved)
}

/// Creates the value domains and moves them to their status.
async fn load_value_domains(db: &Store, seeds: &[ValueDomainSeed]) -> ApiResult<Keys> {
    let mut keys = Keys::new("value domain");
    for seed in seeds {
        let created =
            record::create::<value_domain::Entity>(db, &DEMO_DATA, seed.fields.clone()).await?;
        let id = created.id;
        move_to::<value_domain::Entity>(db, created, seed.status).await?;
        keys.insert(&seed.key, id)?;
    }
    Ok(keys)
}

/// Creates the datasets.
async fn load_datasets(db: &Store, seeds: &[DatasetSeed]) -> ApiResult<Keys> {
    let mut keys = Keys::new("dataset");
    for seed in seeds {
        let created =
            record::create::<dataset::Entity>(db, &DEMO_DATA, seed.fields.clone()).await?;
        keys.insert(&seed.key, created.id)?;
    }
    Ok(keys)
}

/// Creates the pilot cases, with their datasets, and moves them to their phase.
async fn load_pilot_cases(
    db: &Store,
    today: NaiveDate,
    seeds: &[PilotCaseSeed],
    domains: &Keys,
    datasets: &Keys,
) -> ApiResult<Keys> {
    let mut keys = Keys::new("pilot case");
    for seed in seeds {
        let fields = PilotCaseFields {
            value_domain_id: Some(domains.get(&seed.value_domain)?),
            start_date: Some(seed.first_day.map(|days| today + Duration::days(days))),
            end_date: Some(seed.last_day.map(|days| today + Duration::days(days))),
            dataset_ids: Some(datasets.get_all(&seed.datasets)?),
            ..seed.fields.clone()
        };
        let created = record::create::<pilot_case::Entity>(db, &DEMO_DATA, fields).await?;
        let id = created.id;
        move_to::<pilot_case::Entity>(db, created, seed.phase).await?;
        keys.insert(&seed.key, id)?;
    }
    Ok(keys)
}

/// Creates the partners, with their contacts and interests, and moves them to their status.
async fn load_partners(db: &Store, seeds: &[PartnerSeed], domains: &Keys) -> ApiResult<Keys> {
    let mut keys = Keys::new("partner");
    for seed in seeds {
        let fields = PartnerFields {
            interest_ids: Some(domains.get_all(&seed.interests)?),
            ..seed.fields.clone()
        };
        let created = record::create::<partner::Entity>(db, &DEMO_DATA, fields).await?;
        let id = created.id;
        move_to::<partner::Entity>(db, created, seed.status).await?;
        keys.insert(&seed.key, id)?;
    }
    Ok(keys)
}

/// Invites each case's partners and records their answers (partners must be approved by now).
async fn load_members(
    db: &Store,
    seeds: &[PilotCaseSeed],
    cases: &Keys,
    partners: &Keys,
) -> ApiResult<()> {
    for seed in seeds {
        let case_id = cases.get(&seed.key)?;
        for member in &seed.members {
            let invited = members::invite(
                db,
                &DEMO_DATA,
                case_id,
                partners.get(&member.partner)?,
                member.role,
            )
            .await?;
            if member.answer != MemberStatus::Invited {
                members::change(db, &DEMO_DATA, invited.id, None, Some(member.answer)).await?;
            }
        }
    }
    Ok(())
}

/// When an event takes place and takes sign-ups.
#[derive(Clone, Copy)]
struct Schedule {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    registration_opens_at: Option<DateTime<Utc>>,
    registration_closes_at: Option<DateTime<Utc>>,
}

impl Schedule {
    /// The schedule an event's data plans, counted from `today`.
    fn planned(seed: &EventSeed, today: NaiveDate) -> ApiResult<Self> {
        let day = day_on(today, seed.day, seed.weekday);
        let starts_at = brussels(day, seed.starts)?;
        let (opens, closes) = match &seed.sign_ups {
            Some(window) => (
                Some(brussels(
                    day - Duration::days(window.open_days_before),
                    NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
                )?),
                Some(starts_at - Duration::hours(window.close_hours_before)),
            ),
            None => (None, None),
        };
        Ok(Self {
            starts_at,
            ends_at: starts_at + Duration::minutes(seed.minutes),
            registration_opens_at: opens,
            registration_closes_at: closes,
        })
    }

    /// Whether sign-ups have closed at `now` (without a closing time, they close when it starts).
    fn sign_ups_closed(&self, now: DateTime<Utc>) -> bool {
        now >= self.registration_closes_at.unwrap_or(self.starts_at)
    }

    /// The same event a day from `now`, open for sign-ups until it starts.
    fn tomorrow(&self, now: DateTime<Utc>) -> Self {
        let starts_at = now + Duration::days(1);
        Self {
            starts_at,
            ends_at: starts_at + (self.ends_at - self.starts_at),
            registration_opens_at: None,
            registration_closes_at: None,
        }
    }

    /// `fields` with this schedule.
    fn onto(self, fields: EventFields) -> EventFields {
        EventFields {
            starts_at: Some(self.starts_at),
            ends_at: Some(self.ends_at),
            registration_opens_at: Some(self.registration_opens_at),
            registration_closes_at: Some(self.registration_closes_at),
            ..fields
        }
    }
}

/// The first `weekday` on or after the day `offset` days from `today`.
fn day_on(today: NaiveDate, offset: i64, weekday: Weekday) -> NaiveDate {
    let day = today + Duration::days(offset);
    let ahead = (i64::from(weekday.num_days_from_monday())
        - i64::from(day.weekday().num_days_from_monday()))
    .rem_euclid(7);
    day + Duration::days(ahead)
}

/// A wall-clock time in Brussels on `day`, as a UTC instant.
fn brussels(day: NaiveDate, time: NaiveTime) -> ApiResult<DateTime<Utc>> {
    // The earlier instant when the clock goes back; none in the hour the clock skips.
    Brussels
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|instant| instant.with_timezone(&Utc))
        .ok_or_else(|| {
            ApiError::invalid(
                "startsAt",
                format!("{day} {} is no time in Brussels", time.format("%H:%M")),
            )
        })
}

/// Creates the events, takes their sign-ups and moves them to their status; returns how many sign-ups
/// it took.
async fn load_events(
    db: &Store,
    today: NaiveDate,
    seeds: &[EventSeed],
    domains: &Keys,
    cases: &Keys,
    partners: &Keys,
) -> ApiResult<usize> {
    let mut signed_up = 0;
    for seed in seeds {
        let planned = Schedule::planned(seed, today)?;
        let now = now();
        // An event whose sign-ups have closed took them earlier: it takes them as if it were tomorrow,
        // and then moves to its planned time.
        let earlier = !seed.registrations.is_empty() && planned.sign_ups_closed(now);
        let schedule = if earlier {
            planned.tomorrow(now)
        } else {
            planned
        };
        let fields = EventFields {
            pilot_case_id: Some(cases.get_opt(seed.pilot_case.as_ref())?),
            value_domain_id: Some(domains.get_opt(seed.value_domain.as_ref())?),
            ..schedule.onto(seed.fields.clone())
        };
        let mut event = record::create::<event::Entity>(db, &DEMO_DATA, fields).await?;
        if !seed.registrations.is_empty() {
            // Sign-ups need a published event.
            event = move_to::<event::Entity>(db, event, EventStatus::Published).await?;
            for registration in &seed.registrations {
                let partner_id = partners.get(&registration.partner)?;
                sign_up(db, event.id, partner_id, registration).await?;
                signed_up += 1;
            }
            if earlier {
                event = record::update::<event::Entity>(
                    db,
                    &DEMO_DATA,
                    event.id,
                    planned.onto(EventFields::default()),
                )
                .await?;
            }
        }
        let event = move_to::<event::Entity>(db, event, seed.status).await?;
        if seed
            .registrations
            .iter()
            .any(|registration| registration.status == RegistrationStatus::NoShow)
        {
            registrations::mark_no_shows(db, &DEMO_DATA, event.id).await?;
        }
    }
    Ok(signed_up)
}

/// Signs a partner up for an event, and takes the registration where the data says it ends: checked in,
/// cancelled, or left as it is (a no-show is marked once the event is over).
async fn sign_up(
    db: &Store,
    event_id: Uuid,
    partner_id: Uuid,
    seed: &RegistrationSeed,
) -> ApiResult<()> {
    let request = SignUp {
        event_id,
        partner_id,
        idempotency_key: None,
    };
    let registration = registrations::register(db, &DEMO_DATA, &request).await?;
    // The seats decide who waits: the data must agree with them.
    let expected = match seed.status {
        RegistrationStatus::Waitlisted => Some(RegistrationStatus::Waitlisted),
        RegistrationStatus::Cancelled => None,
        _ => Some(RegistrationStatus::Confirmed),
    };
    if expected.is_some_and(|expected| expected != registration.status) {
        return Err(broken(format!(
            "\"{}\" signs up as {} where a seat decides {}",
            seed.partner,
            seed.status.to_value(),
            registration.status.to_value()
        )));
    }
    match seed.status {
        RegistrationStatus::Attended => {
            let code = registration.code.unwrap_or_default();
            registrations::check_in(db, &DEMO_DATA, &code).await?;
        }
        RegistrationStatus::Cancelled => {
            registrations::cancel(db, &DEMO_DATA, registration.id, Some(partner_id)).await?;
        }
        RegistrationStatus::Confirmed
        | RegistrationStatus::Waitlisted
        | RegistrationStatus::NoShow => {}
    }
    Ok(())
}

/// Creates the success stories, with their partners and datasets, and moves them to their status.
async fn load_stories(
    db: &Store,
    seeds: &[StorySeed],
    domains: &Keys,
    datasets: &Keys,
    cases: &Keys,
    partners: &Keys,
) -> ApiResult<()> {
    for seed in seeds {
        let fields = StoryFields {
            pilot_case_id: Some(cases.get_opt(seed.pilot_case.as_ref())?),
            value_domain_id: Some(domains.get_opt(seed.value_domain.as_ref())?),
            partner_ids: Some(partners.get_all(&seed.partners)?),
            dataset_ids: Some(datasets.get_all(&seed.datasets)?),
            ..seed.fields.clone()
        };
        let created = record::create::<success_story::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<success_story::Entity>(db, created, seed.status).await?;
    }
    Ok(())
}

/// Creates the demo accounts.
async fn load_accounts(db: &Store, partners: &Keys) -> ApiResult<()> {
    for account in DEMO_ACCOUNTS {
        accounts::create_account(
            db,
            &DEMO_DATA,
            NewAccount {
                email: account.email.to_owned(),
                password: account.password.to_owned(),
                role: account.role,
                partner_id: account.partner.map(|key| partners.get(key)).transpose()?,
                cities: account.cities.to_vec(),
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_read_without_unknown_keys() {
        let data = DemoData::read().expect("the demo data reads");
        assert!(!data.events.is_empty() && !data.partners.is_empty());
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        let err = read::<DatasetSeed>(
            "datasets.toml",
            "dataset",
            "[[dataset]]\nkey = \"x\"\ntitle = \"X\"\ntitel = \"X\"\n",
        )
        .err()
        .expect("refused");
        assert!(err.to_string().contains("\"titel\""), "{err}");
    }

    #[test]
    fn an_event_falls_on_its_weekday() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("a day"); // a Monday
        assert_eq!(
            day_on(today, 0, Weekday::Mon),
            today,
            "the day itself when it is that weekday"
        );
        assert_eq!(day_on(today, 1, Weekday::Mon), today + Duration::days(7));
        assert_eq!(day_on(today, -75, Weekday::Thu).weekday(), Weekday::Thu);
    }
}
