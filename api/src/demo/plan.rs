//! Reads the demo data files into a plan: every record as the domain will be given it, with the records
//! it names found by their keys and its dates worked out. A fault in the files stops the load before
//! its first record is written (and the unit test that reads the files finds it).
//!
//! Each record in a data file is the domain's own description of a change (`EventFields` and the
//! like) beside a few demo keys: the short key other records name it by, the status it reaches,
//! its dates in days from today, and the records it links to by their keys. A field the domain
//! gains can be given a value in the files at once. Refused, with the file, the record and the key:
//! a key no field has (a misspelling, or a field since removed), in nested tables too; a field the
//! loader works out itself from the demo keys (an event's times, a link to another record); a number
//! out of range; a key two records share, or one that names no record.

use super::DemoAccount;
use crate::domain::datasets::DatasetFields;
use crate::domain::events::EventFields;
use crate::domain::partners::PartnerFields;
use crate::domain::pilot_cases::PilotCaseFields;
use crate::domain::stories::StoryFields;
use crate::domain::value_domains::ValueDomainFields;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Brussels;
use entities::values::{
    EventStatus, ImpactFigure, MemberRole, MemberStatus, NeededCapability, PartnerStatus,
    PilotCasePhase, RegistrationStatus, StoryStatus, ValueDomainStatus,
};
use entities::{dataset, partner, pilot_case, value_domain};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

/// The text of each data file.
pub(super) struct Files<'a> {
    /// `value_domains.toml`.
    pub value_domains: &'a str,
    /// `datasets.toml`.
    pub datasets: &'a str,
    /// `pilot_cases.toml`.
    pub pilot_cases: &'a str,
    /// `partners.toml`.
    pub partners: &'a str,
    /// `events.toml`.
    pub events: &'a str,
    /// `stories.toml`.
    pub stories: &'a str,
}

/// The data files, built into the program.
pub(super) const EMBEDDED: Files<'static> = Files {
    value_domains: include_str!("data/value_domains.toml"),
    datasets: include_str!("data/datasets.toml"),
    pilot_cases: include_str!("data/pilot_cases.toml"),
    partners: include_str!("data/partners.toml"),
    events: include_str!("data/events.toml"),
    stories: include_str!("data/stories.toml"),
};

// -------------------------------------------------------------------------------------------------
// The plan.
// -------------------------------------------------------------------------------------------------

/// The demo data set, read and checked: what to create, in the order to create it.
pub(super) struct Plan {
    /// The value domains.
    pub value_domains: Vec<ValueDomain>,
    /// The datasets.
    pub datasets: Vec<DatasetFields>,
    /// The pilot cases.
    pub pilot_cases: Vec<PilotCase>,
    /// The partners.
    pub partners: Vec<Partner>,
    /// The co-creation events.
    pub events: Vec<Event>,
    /// The success stories.
    pub stories: Vec<Story>,
    /// The demo accounts.
    pub accounts: Vec<Account>,
}

/// A value domain, and the status it reaches.
pub(super) struct ValueDomain {
    /// Its fields.
    pub fields: ValueDomainFields,
    /// The status it reaches.
    pub status: ValueDomainStatus,
}

/// A pilot case, the records it names, the phase it reaches, and the partners invited to it.
pub(super) struct PilotCase {
    /// Its fields, its dates among them; its links are given when they are created.
    pub fields: PilotCaseFields,
    /// Its value domain.
    pub value_domain: Ref<value_domain::Entity>,
    /// The datasets it uses.
    pub datasets: Vec<Ref<dataset::Entity>>,
    /// The phase it reaches.
    pub phase: PilotCasePhase,
    /// The partners invited, once every partner exists.
    pub members: Vec<Member>,
}

/// A partner invited to a pilot case, in a role, and its answer.
pub(super) struct Member {
    /// The partner.
    pub partner: Ref<partner::Entity>,
    /// Its role in the case.
    pub role: MemberRole,
    /// Its answer (`INVITED`: none yet).
    pub answer: MemberStatus,
}

/// A partner, the value domains it is interested in, and the status it reaches.
pub(super) struct Partner {
    /// Its fields, its contact among them.
    pub fields: PartnerFields,
    /// The value domains it is interested in.
    pub interests: Vec<Ref<value_domain::Entity>>,
    /// The status it reaches.
    pub status: PartnerStatus,
}

/// A co-creation event: when it is planned, the records it names, its sign-ups and the status it
/// reaches.
pub(super) struct Event {
    /// Where it stands in the data, for the faults only the domain finds.
    pub at: At,
    /// Its fields, without its schedule and links.
    pub fields: EventFields,
    /// When it takes place and takes sign-ups.
    pub schedule: Schedule,
    /// The pilot case it serves.
    pub pilot_case: Option<Ref<pilot_case::Entity>>,
    /// The value domain it serves.
    pub value_domain: Option<Ref<value_domain::Entity>>,
    /// The status it reaches.
    pub status: EventStatus,
    /// Partners in the order they sign up, and where each registration ends.
    pub registrations: Vec<Registration>,
}

/// A partner's sign-up for an event, and where it ends.
pub(super) struct Registration {
    /// The partner.
    pub partner: Ref<partner::Entity>,
    /// The partner's key, for messages.
    pub key: String,
    /// Where the registration ends.
    pub status: RegistrationStatus,
}

/// A success story, the records it names, and the status it reaches.
pub(super) struct Story {
    /// Its fields, without its links.
    pub fields: StoryFields,
    /// The pilot case it belongs to.
    pub pilot_case: Option<Ref<pilot_case::Entity>>,
    /// The value domain it belongs to.
    pub value_domain: Option<Ref<value_domain::Entity>>,
    /// The partners involved.
    pub partners: Vec<Ref<partner::Entity>>,
    /// The datasets reused.
    pub datasets: Vec<Ref<dataset::Entity>>,
    /// The status it reaches.
    pub status: StoryStatus,
}

/// A demo account, and the partner it acts for.
pub(super) struct Account {
    /// The account.
    pub account: &'static DemoAccount,
    /// The partner a partner member acts for.
    pub partner: Option<Ref<partner::Entity>>,
}

impl Plan {
    /// Reads the data files and `accounts`, finds every record named by its key, and works out every
    /// date from `today`; nothing is written yet.
    pub(super) fn read(
        files: &Files<'_>,
        accounts: &'static [DemoAccount],
        today: NaiveDate,
    ) -> ApiResult<Self> {
        let value_domains =
            records::<ValueDomainSeed>("value_domains.toml", "value_domain", files.value_domains)?;
        let datasets = records::<DatasetSeed>("datasets.toml", "dataset", files.datasets)?;
        let pilot_cases =
            records::<PilotCaseSeed>("pilot_cases.toml", "pilot_case", files.pilot_cases)?;
        let partners = records::<PartnerSeed>("partners.toml", "partner", files.partners)?;
        let events = records::<EventSeed>("events.toml", "event", files.events)?;
        let stories = records::<StorySeed>("stories.toml", "story", files.stories)?;

        let domain_keys = Keys::new("value domain", keys_of(&value_domains, |s| &s.key))?;
        let dataset_keys = Keys::new("dataset", keys_of(&datasets, |s| &s.key))?;
        let case_keys = Keys::new("pilot case", keys_of(&pilot_cases, |s| &s.key))?;
        let partner_keys = Keys::new("partner", keys_of(&partners, |s| &s.key))?;

        Ok(Self {
            value_domains: value_domains
                .into_iter()
                .map(|(_, seed)| ValueDomain {
                    fields: seed.fields,
                    status: seed.status,
                })
                .collect(),
            datasets: datasets.into_iter().map(|(_, seed)| seed.fields).collect(),
            pilot_cases: pilot_cases
                .into_iter()
                .map(|(at, seed)| {
                    PilotCase::resolve(at, seed, today, &domain_keys, &dataset_keys, &partner_keys)
                })
                .collect::<ApiResult<_>>()?,
            partners: partners
                .into_iter()
                .map(|(at, seed)| {
                    Ok(Partner {
                        interests: domain_keys.find_all(at, "interests", &seed.interests)?,
                        fields: seed.fields,
                        status: seed.status,
                    })
                })
                .collect::<ApiResult<_>>()?,
            events: events
                .into_iter()
                .map(|(at, seed)| {
                    Event::resolve(at, seed, today, &domain_keys, &case_keys, &partner_keys)
                })
                .collect::<ApiResult<_>>()?,
            stories: stories
                .into_iter()
                .map(|(at, seed)| {
                    Ok(Story {
                        pilot_case: case_keys.find_opt(
                            at,
                            "pilot_case",
                            seed.pilot_case.as_deref(),
                        )?,
                        value_domain: domain_keys.find_opt(
                            at,
                            "value_domain",
                            seed.value_domain.as_deref(),
                        )?,
                        partners: partner_keys.find_all(at, "partners", &seed.partners)?,
                        datasets: dataset_keys.find_all(at, "datasets", &seed.datasets)?,
                        fields: StoryFields {
                            impact_figures: seed.impact_figures.map(|figures| {
                                figures
                                    .into_iter()
                                    .map(ImpactFigureSeed::into_figure)
                                    .collect()
                            }),
                            ..seed.fields
                        },
                        status: seed.status,
                    })
                })
                .collect::<ApiResult<_>>()?,
            accounts: accounts
                .iter()
                .map(|account| {
                    let at = At::Account(account.email);
                    Ok(Account {
                        account,
                        partner: account
                            .partner
                            .map(|key| partner_keys.find(at, "partner", key))
                            .transpose()?,
                    })
                })
                .collect::<ApiResult<_>>()?,
        })
    }

    /// How many sign-ups the events take.
    pub(super) fn registrations(&self) -> usize {
        self.events
            .iter()
            .map(|event| event.registrations.len())
            .sum()
    }
}

impl PilotCase {
    /// The pilot case a seed describes, its dates counted from `today`.
    fn resolve(
        at: At,
        seed: PilotCaseSeed,
        today: NaiveDate,
        domains: &Keys<value_domain::Entity>,
        datasets: &Keys<dataset::Entity>,
        partners: &Keys<partner::Entity>,
    ) -> ApiResult<Self> {
        let day = |key: &str, days: Option<i64>| {
            days.map(|days| days_from(today, days).ok_or_else(|| at.out_of_range(key, days)))
                .transpose()
        };
        let member_partners = partners.find_all(
            at,
            "members",
            seed.members.iter().map(|member| member.partner.as_str()),
        )?;
        Ok(Self {
            value_domain: domains.find(at, "value_domain", &seed.value_domain)?,
            datasets: datasets.find_all(at, "datasets", &seed.datasets)?,
            fields: PilotCaseFields {
                start_date: Some(day("first_day", seed.first_day)?),
                end_date: Some(day("last_day", seed.last_day)?),
                needed_capabilities: seed.needed_capabilities.map(|capabilities| {
                    capabilities
                        .into_iter()
                        .map(CapabilitySeed::into_capability)
                        .collect()
                }),
                ..seed.fields
            },
            phase: seed.phase,
            members: seed
                .members
                .into_iter()
                .zip(member_partners)
                .map(|(member, partner)| Member {
                    partner,
                    role: member.role,
                    answer: member.answer,
                })
                .collect(),
        })
    }
}

impl Event {
    /// The event a seed describes, planned from `today`.
    fn resolve(
        at: At,
        seed: EventSeed,
        today: NaiveDate,
        domains: &Keys<value_domain::Entity>,
        cases: &Keys<pilot_case::Entity>,
        partners: &Keys<partner::Entity>,
    ) -> ApiResult<Self> {
        if !seed.registrations.is_empty() && seed.status == EventStatus::Draft {
            return Err(at.broken(
                "\"registrations\" on a DRAFT event: an event takes sign-ups only once it is published",
            ));
        }
        // The no-shows are marked after the event, and that ends every registration still confirmed.
        if seed
            .registrations
            .iter()
            .any(|r| r.status == RegistrationStatus::NoShow)
            && let Some(confirmed) = seed
                .registrations
                .iter()
                .find(|r| r.status == RegistrationStatus::Confirmed)
        {
            return Err(at.broken(format!(
                "\"registrations\": \"{}\" stays CONFIRMED beside NO_SHOW, but marking the no-shows \
                 after the event ends every confirmed registration as NO_SHOW",
                confirmed.partner
            )));
        }
        let registered = partners.find_all(
            at,
            "registrations",
            seed.registrations.iter().map(|r| r.partner.as_str()),
        )?;
        Ok(Self {
            at,
            schedule: Schedule::planned(at, &seed, today)?,
            pilot_case: cases.find_opt(at, "pilot_case", seed.pilot_case.as_deref())?,
            value_domain: domains.find_opt(at, "value_domain", seed.value_domain.as_deref())?,
            status: seed.status,
            registrations: seed
                .registrations
                .into_iter()
                .zip(registered)
                .map(|(registration, partner)| Registration {
                    partner,
                    key: registration.partner,
                    status: registration.status,
                })
                .collect(),
            fields: seed.fields,
        })
    }
}

// -------------------------------------------------------------------------------------------------
// Dates.
// -------------------------------------------------------------------------------------------------

/// When an event takes place and takes sign-ups.
#[derive(Clone, Copy)]
pub(super) struct Schedule {
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// When sign-ups open.
    pub registration_opens_at: Option<DateTime<Utc>>,
    /// When sign-ups close.
    pub registration_closes_at: Option<DateTime<Utc>>,
}

impl Schedule {
    /// The schedule an event's seed plans, counted from `today`.
    fn planned(at: At, seed: &EventSeed, today: NaiveDate) -> ApiResult<Self> {
        let day = day_on(today, seed.day, seed.weekday)
            .ok_or_else(|| at.out_of_range("day", seed.day))?;
        let starts_at = brussels(day, seed.starts).ok_or_else(|| {
            at.broken(format!(
                "\"starts\": {day} {} is no time in Brussels",
                seed.starts.format("%H:%M")
            ))
        })?;
        let ends_at = TimeDelta::try_minutes(seed.minutes)
            .and_then(|length| starts_at.checked_add_signed(length))
            .ok_or_else(|| at.out_of_range("minutes", seed.minutes))?;
        let (registration_opens_at, registration_closes_at) = match &seed.sign_ups {
            Some(window) => {
                let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
                let opens = TimeDelta::try_days(window.open_days_before)
                    .and_then(|before| day.checked_sub_signed(before))
                    .and_then(|opening_day| brussels(opening_day, nine))
                    .ok_or_else(|| {
                        at.out_of_range("sign_ups.open_days_before", window.open_days_before)
                    })?;
                let closes = TimeDelta::try_hours(window.close_hours_before)
                    .and_then(|before| starts_at.checked_sub_signed(before))
                    .ok_or_else(|| {
                        at.out_of_range("sign_ups.close_hours_before", window.close_hours_before)
                    })?;
                (Some(opens), Some(closes))
            }
            None => (None, None),
        };
        Ok(Self {
            starts_at,
            ends_at,
            registration_opens_at,
            registration_closes_at,
        })
    }

    /// Whether sign-ups have closed at `now` (without a closing time, they close when it starts).
    pub(super) fn sign_ups_closed(&self, now: DateTime<Utc>) -> bool {
        now >= self.registration_closes_at.unwrap_or(self.starts_at)
    }

    /// The same event a day from `now`, open for sign-ups until it starts; `None` past the last
    /// instant there is.
    pub(super) fn tomorrow(&self, now: DateTime<Utc>) -> Option<Self> {
        let starts_at = now.checked_add_days(Days::new(1))?;
        Some(Self {
            starts_at,
            ends_at: starts_at.checked_add_signed(self.ends_at - self.starts_at)?,
            registration_opens_at: None,
            registration_closes_at: None,
        })
    }

    /// `fields` with this schedule.
    pub(super) fn onto(self, fields: EventFields) -> EventFields {
        EventFields {
            starts_at: Some(self.starts_at),
            ends_at: Some(self.ends_at),
            registration_opens_at: Some(self.registration_opens_at),
            registration_closes_at: Some(self.registration_closes_at),
            ..fields
        }
    }
}

/// The day `days` days from `day`; `None` outside the calendar.
fn days_from(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The first `weekday` on or after the day `offset` days from `today`; `None` outside the calendar.
fn day_on(today: NaiveDate, offset: i64, weekday: Weekday) -> Option<NaiveDate> {
    let day = days_from(today, offset)?;
    day.checked_add_days(Days::new(u64::from(weekday.days_since(day.weekday()))))
}

/// A wall-clock time in Brussels on `day`, as a UTC instant; `None` in the hour the clock skips.
fn brussels(day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    // The earlier instant when the clock goes back.
    Brussels
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|instant| instant.with_timezone(&Utc))
}

// -------------------------------------------------------------------------------------------------
// Keys.
// -------------------------------------------------------------------------------------------------

/// A record named in the data by its key: its place among the records of its kind `K`, which are
/// created in the order of their file.
pub(super) struct Ref<K> {
    index: usize,
    kind: PhantomData<fn() -> K>,
}

impl<K> Ref<K> {
    /// Its place among the records of its kind, counted from 0.
    pub(super) fn index(self) -> usize {
        self.index
    }
}

impl<K> Clone for Ref<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Ref<K> {}

/// The records of a kind `K` by their key.
struct Keys<K> {
    /// The kind's name, for messages.
    kind: &'static str,
    /// Each key's record, by its place in its file.
    places: HashMap<String, usize>,
    of: PhantomData<fn() -> K>,
}

/// The place and key of each seed, for [`Keys::new`].
fn keys_of<S>(seeds: &[(At, S)], key: impl Fn(&S) -> &String) -> impl Iterator<Item = (At, &str)> {
    seeds
        .iter()
        .map(move |(at, seed)| (*at, key(seed).as_str()))
}

impl<K> Keys<K> {
    /// The keys of the records of `kind`, in their order; two records with one key are refused.
    fn new<'a>(
        kind: &'static str,
        records: impl Iterator<Item = (At, &'a str)>,
    ) -> ApiResult<Self> {
        let mut places: HashMap<String, usize> = HashMap::new();
        for (index, (at, key)) in records.enumerate() {
            if let Some(first) = places.get(key) {
                return Err(at.broken(format!(
                    "\"key\" = \"{key}\" is also the key of number {}",
                    first + 1
                )));
            }
            places.insert(key.to_owned(), index);
        }
        Ok(Self {
            kind,
            places,
            of: PhantomData,
        })
    }

    /// The record `field` of the record `at` names by `key`.
    fn find(&self, at: At, field: &str, key: &str) -> ApiResult<Ref<K>> {
        self.places
            .get(key)
            .map(|&index| Ref {
                index,
                kind: PhantomData,
            })
            .ok_or_else(|| {
                at.broken(format!(
                    "\"{field}\" names the {} \"{key}\", which no {} has as its key",
                    self.kind, self.kind
                ))
            })
    }

    /// The record `field` names, if it names one.
    fn find_opt(&self, at: At, field: &str, key: Option<&str>) -> ApiResult<Option<Ref<K>>> {
        key.map(|key| self.find(at, field, key)).transpose()
    }

    /// The records `field` names, in its order; naming one twice is refused.
    fn find_all<'a, S: AsRef<str> + ?Sized + 'a>(
        &self,
        at: At,
        field: &str,
        keys: impl IntoIterator<Item = &'a S>,
    ) -> ApiResult<Vec<Ref<K>>> {
        let mut found: Vec<Ref<K>> = Vec::new();
        for key in keys {
            let key = key.as_ref();
            let record = self.find(at, field, key)?;
            if found.iter().any(|earlier| earlier.index == record.index) {
                return Err(at.broken(format!(
                    "\"{field}\" names the {} \"{key}\" twice",
                    self.kind
                )));
            }
            found.push(record);
        }
        Ok(found)
    }
}

// -------------------------------------------------------------------------------------------------
// Reading the files.
// -------------------------------------------------------------------------------------------------

/// Where something stands in the data, for messages.
#[derive(Clone, Copy, Debug)]
pub(super) enum At {
    /// The `number`th `[[table]]` record of a data file, counted from 1.
    Record {
        /// The file's name.
        file: &'static str,
        /// The name of its records' table.
        table: &'static str,
        /// The record's number in the file, counted from 1.
        number: usize,
    },
    /// A demo account, by its e-mail address.
    Account(&'static str),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Record {
                file,
                table,
                number,
            } => write!(f, "{file}: [[{table}]] number {number}"),
            Self::Account(email) => write!(f, "the demo account {email}"),
        }
    }
}

impl At {
    /// The load's error for a fault found here.
    pub(super) fn broken(self, message: impl fmt::Display) -> ApiError {
        broken(format!("{self}: {message}"))
    }

    /// The error for a number the calendar cannot follow.
    fn out_of_range(self, key: &str, value: i64) -> ApiError {
        self.broken(format!(
            "\"{key}\" = {value} is out of range: it puts a date outside the calendar"
        ))
    }
}

/// A fault in the data files, not a client's error; the message says where to look.
pub(super) fn broken(message: String) -> ApiError {
    ApiError::invalid("demo", format!("the demo data is broken: {message}"))
}

/// The keys of a record that no field of its kind has (a misspelling, or a field since removed).
type Unknown = BTreeMap<String, toml::Value>;

/// A record as a data file gives it.
trait Seed: DeserializeOwned {
    /// The keys its kind has no field for.
    fn unknown(&self) -> &Unknown;
    /// The first field it gives that the loader works out itself from the demo keys, by name.
    fn worked_out(&self) -> Option<&'static str>;
}

/// Implements [`Seed`] for records that collect unknown keys in `unknown`, naming the fields of their
/// `fields` that the loader works out itself.
macro_rules! seeds {
    ($($seed:ty { $($worked_out:ident),* })+) => {
        $(impl Seed for $seed {
            fn unknown(&self) -> &Unknown {
                &self.unknown
            }
            fn worked_out(&self) -> Option<&'static str> {
                let given: &[(&'static str, bool)] =
                    &[$((stringify!($worked_out), self.fields.$worked_out.is_some())),*];
                given.iter().find_map(|&(name, given)| given.then_some(name))
            }
        })+
    };
}

/// The records of a data file (its `[[table]]` entries), each with where it stands.
fn records<T: Seed>(
    file: &'static str,
    table: &'static str,
    text: &str,
) -> ApiResult<Vec<(At, T)>> {
    let mut tables: BTreeMap<String, Vec<toml::Table>> = toml::from_str(text).map_err(|err| {
        let line = err
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| format!(" line {}", before.matches('\n').count() + 1))
            .unwrap_or_default();
        broken(format!("{file}{line}: {}", err.message()))
    })?;
    let records = tables
        .remove(table)
        .ok_or_else(|| broken(format!("{file} has no [[{table}]] entries")))?;
    if let Some(other) = tables.keys().next() {
        return Err(broken(format!(
            "{file} has [[{other}]] entries; it holds [[{table}]]"
        )));
    }
    records
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            let at = At::Record {
                file,
                table,
                number: index + 1,
            };
            let seed: T = record
                .try_into()
                .map_err(|err: toml::de::Error| at.broken(err.message()))?;
            if let Some(key) = seed.unknown().keys().next() {
                return Err(at.broken(format!("\"{key}\" is no field of a {table}")));
            }
            if let Some(key) = seed.worked_out() {
                return Err(at.broken(format!(
                    "\"{key}\" is worked out by the loader from the demo keys (see the file's header)"
                )));
            }
            Ok((at, seed))
        })
        .collect()
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
    /// Read here rather than in `fields`, so that a misspelt key in one is refused.
    needed_capabilities: Option<Vec<CapabilitySeed>>,
    phase: PilotCasePhase,
    #[serde(default)]
    members: Vec<MemberSeed>,
    #[serde(flatten)]
    fields: PilotCaseFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// A capability a pilot case needs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CapabilitySeed {
    name: String,
    weight: i32,
}

impl CapabilitySeed {
    /// The domain's capability.
    fn into_capability(self) -> NeededCapability {
        NeededCapability {
            name: self.name,
            weight: self.weight,
        }
    }
}

/// A partner invited to a pilot case, in a role, and its answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberSeed {
    partner: String,
    role: MemberRole,
    answer: MemberStatus,
}

/// A partner, with its private contact among its fields (which refuses a key it has no field for),
/// and the status it reaches.
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
    /// Read here rather than in `fields`, so that a misspelt key in one is refused.
    impact_figures: Option<Vec<ImpactFigureSeed>>,
    status: StoryStatus,
    #[serde(flatten)]
    fields: StoryFields,
    #[serde(flatten)]
    unknown: Unknown,
}

/// One measured result of a success story.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpactFigureSeed {
    label: String,
    value: String,
}

impl ImpactFigureSeed {
    /// The domain's impact figure.
    fn into_figure(self) -> ImpactFigure {
        ImpactFigure {
            label: self.label,
            value: self.value,
        }
    }
}

seeds! {
    ValueDomainSeed {}
    DatasetSeed {}
    PilotCaseSeed { value_domain_id, start_date, end_date, dataset_ids }
    PartnerSeed { interest_ids }
    EventSeed {
        starts_at, ends_at, registration_opens_at, registration_closes_at, pilot_case_id,
        value_domain_id
    }
    StorySeed { pilot_case_id, value_domain_id, partner_ids, dataset_ids }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DEMO_ACCOUNTS;
    use entities::values::Role;

    /// A Monday.
    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("a day")
    }

    /// A small data set that reads: one record of each kind.
    const SMALL: Files<'static> = Files {
        value_domains: "[[value_domain]]\nkey = \"lucht\"\nstatus = \"SELECTED\"\n",
        datasets: "[[dataset]]\nkey = \"meetnet\"\n",
        pilot_cases: "[[pilot_case]]\nkey = \"lucht-live\"\nvalue_domain = \"lucht\"\n\
                      phase = \"RUNNING\"\n",
        partners: "[[partner]]\nkey = \"luchtpuls\"\nstatus = \"APPROVED\"\n",
        events: "[[event]]\nday = 7\nweekday = \"monday\"\nstarts = \"14:00\"\nminutes = 60\n\
                 status = \"DRAFT\"\n",
        stories: "[[story]]\nstatus = \"DRAFT\"\n",
    };

    /// An event of [`SMALL`] with `more` keys.
    fn event(more: &str) -> String {
        format!(
            "[[event]]\nday = 7\nweekday = \"monday\"\nstarts = \"14:00\"\nminutes = 60\n{more}\n"
        )
    }

    /// Why `files` are refused.
    fn refusal(files: &Files<'_>) -> String {
        Plan::read(files, &[], monday())
            .err()
            .expect("the data is refused")
            .to_string()
    }

    /// Checks that `files` are refused with a message that holds each of `expected`.
    #[track_caller]
    fn refused(files: &Files<'_>, expected: &[&str]) {
        let message = refusal(files);
        assert!(
            message.starts_with("the demo data is broken: "),
            "{message}"
        );
        for part in expected {
            assert!(message.contains(part), "{part} in: {message}");
        }
    }

    #[test]
    fn the_data_files_read_and_every_key_names_a_record() {
        let today = crate::clock::now().with_timezone(&Brussels).date_naive();
        let plan = Plan::read(&EMBEDDED, DEMO_ACCOUNTS, today).expect("the demo data reads");
        assert_eq!(plan.pilot_cases.len(), 2);
        assert_eq!(plan.partners.len(), 40);
        assert_eq!(plan.events.len(), 8);
        assert_eq!(plan.registrations(), 57);
        assert_eq!(plan.accounts.len(), DEMO_ACCOUNTS.len());
        assert!(
            plan.accounts
                .iter()
                .any(|account| account.account.role == Role::Partner && account.partner.is_some()),
            "the partner member's account names its partner"
        );
    }

    #[test]
    fn a_small_data_set_reads() {
        assert!(Plan::read(&SMALL, &[], monday()).is_ok());
    }

    #[test]
    fn a_misspelt_key_is_refused_with_its_file_and_record() {
        refused(
            &Files {
                datasets: "[[dataset]]\nkey = \"a\"\n\n[[dataset]]\nkey = \"b\"\ntitel = \"X\"\n",
                ..SMALL
            },
            &["datasets.toml: [[dataset]] number 2: \"titel\" is no field of a dataset"],
        );
    }

    #[test]
    fn a_misspelt_key_in_a_nested_table_is_refused() {
        let events = [
            event("status = \"DRAFT\"\nsign_ups = { open_days_before = 9, close_hour_before = 2 }"),
            event(
                "status = \"PUBLISHED\"\nregistrations = [{ partner = \"luchtpuls\", statuss = \"CONFIRMED\" }]",
            ),
        ];
        for (events, key) in events.iter().zip(["close_hour_before", "statuss"]) {
            refused(
                &Files { events, ..SMALL },
                &["events.toml: [[event]] number 1", key],
            );
        }
        let case = "[[pilot_case]]\nkey = \"c\"\nvalue_domain = \"lucht\"\nphase = \"RUNNING\"\n";
        for (pilot_cases, key) in [
            (
                format!("{case}needed_capabilities = [{{ name = \"GIS\", wieght = 3 }}]"),
                "wieght",
            ),
            (
                format!(
                    "{case}members = [{{ partner = \"luchtpuls\", role = \"LEAD\", anwser = \"ACCEPTED\" }}]"
                ),
                "anwser",
            ),
        ] {
            refused(
                &Files {
                    pilot_cases: &pilot_cases,
                    ..SMALL
                },
                &["pilot_cases.toml: [[pilot_case]] number 1", key],
            );
        }
        refused(
            &Files {
                stories: "[[story]]\nstatus = \"DRAFT\"\nimpact_figures = [{ label = \"A\", valeu = \"1\" }]\n",
                ..SMALL
            },
            &["stories.toml: [[story]] number 1", "valeu"],
        );
        refused(
            &Files {
                partners: "[[partner]]\nkey = \"p\"\nstatus = \"APPROVED\"\n\
                           contact = { name = \"A\", email = \"a@example.org\", phon = \"1\" }\n",
                ..SMALL
            },
            &["partners.toml: [[partner]] number 1", "phon"],
        );
    }

    #[test]
    fn a_field_the_loader_works_out_is_refused() {
        let at = "\"2026-12-01T10:00:00Z\"";
        let id = "\"0190d9e4-0000-7000-8000-000000000000\"";
        for key in [
            format!("starts_at = {at}"),
            format!("ends_at = {at}"),
            format!("registration_opens_at = {at}"),
            format!("registration_closes_at = {at}"),
            format!("pilot_case_id = {id}"),
            format!("value_domain_id = {id}"),
        ] {
            let events = event(&format!("status = \"DRAFT\"\n{key}"));
            let name = key.split(' ').next().unwrap_or_default();
            refused(
                &Files {
                    events: &events,
                    ..SMALL
                },
                &[
                    "events.toml: [[event]] number 1",
                    &format!("\"{name}\" is worked out by the loader"),
                ],
            );
        }
        let case = "[[pilot_case]]\nkey = \"c\"\nvalue_domain = \"lucht\"\nphase = \"RUNNING\"\n";
        for key in [
            format!("value_domain_id = {id}"),
            "start_date = \"2026-12-01\"".to_owned(),
            "end_date = \"2026-12-01\"".to_owned(),
            "dataset_ids = []".to_owned(),
        ] {
            let pilot_cases = format!("{case}{key}\n");
            let name = key.split(' ').next().unwrap_or_default();
            refused(
                &Files {
                    pilot_cases: &pilot_cases,
                    ..SMALL
                },
                &[&format!(
                    "pilot_cases.toml: [[pilot_case]] number 1: \"{name}\" is worked out"
                )],
            );
        }
        refused(
            &Files {
                partners: "[[partner]]\nkey = \"p\"\nstatus = \"APPROVED\"\ninterest_ids = []\n",
                ..SMALL
            },
            &["partners.toml: [[partner]] number 1: \"interest_ids\" is worked out"],
        );
        for key in [
            format!("pilot_case_id = {id}"),
            format!("value_domain_id = {id}"),
            "partner_ids = []".to_owned(),
            "dataset_ids = []".to_owned(),
        ] {
            let stories = format!("[[story]]\nstatus = \"DRAFT\"\n{key}\n");
            let name = key.split(' ').next().unwrap_or_default();
            refused(
                &Files {
                    stories: &stories,
                    ..SMALL
                },
                &[&format!(
                    "stories.toml: [[story]] number 1: \"{name}\" is worked out"
                )],
            );
        }
    }

    #[test]
    fn a_key_two_records_share_is_refused() {
        refused(
            &Files {
                value_domains: "[[value_domain]]\nkey = \"lucht\"\nstatus = \"SELECTED\"\n\
                                [[value_domain]]\nkey = \"lucht\"\nstatus = \"CANDIDATE\"\n",
                ..SMALL
            },
            &[
                "value_domains.toml: [[value_domain]] number 2: \"key\" = \"lucht\" is also the key of number 1",
            ],
        );
    }

    #[test]
    fn a_key_that_names_no_record_is_refused() {
        let case = "[[pilot_case]]\nkey = \"c\"\nphase = \"RUNNING\"\n";
        for (pilot_cases, field) in [
            (format!("{case}value_domain = \"mist\""), "value_domain"),
            (
                format!("{case}value_domain = \"lucht\"\ndatasets = [\"meetnet\", \"mist\"]"),
                "datasets",
            ),
            (
                format!(
                    "{case}value_domain = \"lucht\"\n\
                     members = [{{ partner = \"mist\", role = \"LEAD\", answer = \"ACCEPTED\" }}]"
                ),
                "members",
            ),
        ] {
            refused(
                &Files {
                    pilot_cases: &pilot_cases,
                    ..SMALL
                },
                &[
                    &format!("pilot_cases.toml: [[pilot_case]] number 1: \"{field}\" names the"),
                    "\"mist\", which no",
                ],
            );
        }
        refused(
            &Files {
                partners: "[[partner]]\nkey = \"p\"\nstatus = \"APPROVED\"\ninterests = [\"mist\"]\n",
                ..SMALL
            },
            &["partners.toml: [[partner]] number 1: \"interests\" names the value domain \"mist\""],
        );
        for (more, field) in [
            ("status = \"DRAFT\"\npilot_case = \"mist\"", "pilot_case"),
            (
                "status = \"DRAFT\"\nvalue_domain = \"mist\"",
                "value_domain",
            ),
            (
                "status = \"PUBLISHED\"\nregistrations = [{ partner = \"mist\", status = \"CONFIRMED\" }]",
                "registrations",
            ),
        ] {
            let events = event(more);
            refused(
                &Files {
                    events: &events,
                    ..SMALL
                },
                &[&format!(
                    "events.toml: [[event]] number 1: \"{field}\" names the"
                )],
            );
        }
        for (stories, field) in [
            (
                "[[story]]\nstatus = \"DRAFT\"\npilot_case = \"mist\"\n",
                "pilot_case",
            ),
            (
                "[[story]]\nstatus = \"DRAFT\"\nvalue_domain = \"mist\"\n",
                "value_domain",
            ),
            (
                "[[story]]\nstatus = \"DRAFT\"\npartners = [\"mist\"]\n",
                "partners",
            ),
            (
                "[[story]]\nstatus = \"DRAFT\"\ndatasets = [\"mist\"]\n",
                "datasets",
            ),
        ] {
            refused(
                &Files { stories, ..SMALL },
                &[&format!(
                    "stories.toml: [[story]] number 1: \"{field}\" names the"
                )],
            );
        }
        const NOBODYS: &[DemoAccount] = &[DemoAccount {
            email: "nobodys@lode.example",
            password: "demo-nobody-lode",
            role: Role::Partner,
            cities: &[],
            partner: Some("mist"),
        }];
        let message = Plan::read(&SMALL, NOBODYS, monday())
            .err()
            .expect("refused")
            .to_string();
        assert!(
            message.contains(
                "the demo account nobodys@lode.example: \"partner\" names the partner \"mist\""
            ),
            "{message}"
        );
    }

    #[test]
    fn a_record_named_twice_in_one_list_is_refused() {
        let events = event(
            "status = \"PUBLISHED\"\nregistrations = [\n\
             { partner = \"luchtpuls\", status = \"CONFIRMED\" },\n\
             { partner = \"luchtpuls\", status = \"CANCELLED\" },\n]",
        );
        refused(
            &Files {
                events: &events,
                ..SMALL
            },
            &[
                "events.toml: [[event]] number 1: \"registrations\" names the partner \"luchtpuls\" twice",
            ],
        );
    }

    #[test]
    fn a_number_out_of_range_is_refused_where_it_stands() {
        let max = i64::MAX;
        let min = i64::MIN;
        let draft = event("status = \"DRAFT\"");
        let window = |open: i64, close: i64| {
            event(&format!(
                "status = \"DRAFT\"\n\
                 sign_ups = {{ open_days_before = {open}, close_hours_before = {close} }}"
            ))
        };
        let events = [
            (draft.replace("day = 7", &format!("day = {max}")), "day"),
            (draft.replace("day = 7", "day = 100000000"), "day"),
            (
                draft.replace("minutes = 60", &format!("minutes = {max}")),
                "minutes",
            ),
            (
                draft.replace("minutes = 60", "minutes = 1000000000000"),
                "minutes",
            ),
            (window(max, 2), "sign_ups.open_days_before"),
            (window(min, 2), "sign_ups.open_days_before"),
            (window(9, min), "sign_ups.close_hours_before"),
            (window(9, -10_000_000_000), "sign_ups.close_hours_before"),
        ];
        for (events, key) in &events {
            refused(
                &Files { events, ..SMALL },
                &[
                    &format!("events.toml: [[event]] number 1: \"{key}\" = "),
                    "is out of range",
                ],
            );
        }
        for (more, key) in [
            (format!("first_day = {max}"), "first_day"),
            (format!("last_day = {min}"), "last_day"),
            ("first_day = 1000000000".to_owned(), "first_day"),
        ] {
            let pilot_cases = format!(
                "[[pilot_case]]\nkey = \"c\"\nvalue_domain = \"lucht\"\nphase = \"RUNNING\"\n{more}\n"
            );
            refused(
                &Files {
                    pilot_cases: &pilot_cases,
                    ..SMALL
                },
                &[
                    &format!("pilot_cases.toml: [[pilot_case]] number 1: \"{key}\" = "),
                    "is out of range",
                ],
            );
        }
    }

    #[test]
    fn a_no_show_beside_a_confirmed_registration_is_refused() {
        let events = event(
            "day = -7\nstatus = \"COMPLETED\"\nregistrations = [\n\
             { partner = \"luchtpuls\", status = \"NO_SHOW\" },\n\
             { partner = \"datadraad\", status = \"CONFIRMED\" },\n]",
        )
        .replace("day = 7\n", "");
        refused(
            &Files {
                partners: "[[partner]]\nkey = \"luchtpuls\"\nstatus = \"APPROVED\"\n\
                           [[partner]]\nkey = \"datadraad\"\nstatus = \"APPROVED\"\n",
                events: &events,
                ..SMALL
            },
            &[
                "events.toml: [[event]] number 1: \"registrations\": \"datadraad\" stays CONFIRMED beside NO_SHOW",
            ],
        );
    }

    #[test]
    fn a_draft_event_takes_no_sign_ups() {
        let events = event(
            "status = \"DRAFT\"\nregistrations = [{ partner = \"luchtpuls\", status = \"CONFIRMED\" }]",
        );
        refused(
            &Files {
                events: &events,
                ..SMALL
            },
            &["events.toml: [[event]] number 1: \"registrations\" on a DRAFT event"],
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        refused(
            &Files {
                events: "[[event]]\nday = 7\nweekday = \n",
                ..SMALL
            },
            &["events.toml line 3: "],
        );
    }

    #[test]
    fn an_event_falls_on_its_weekday() {
        let today = monday();
        assert_eq!(
            day_on(today, 0, Weekday::Mon),
            Some(today),
            "the day itself when it is that weekday"
        );
        assert_eq!(
            day_on(today, 1, Weekday::Mon),
            today.checked_add_days(Days::new(7))
        );
        assert_eq!(
            day_on(today, -75, Weekday::Thu).map(|day| day.weekday()),
            Some(Weekday::Thu)
        );
        assert_eq!(day_on(today, i64::MAX, Weekday::Mon), None);
        assert_eq!(day_on(NaiveDate::MAX, 1, Weekday::Mon), None);
    }

    #[test]
    fn a_time_the_clock_skips_is_no_time_in_brussels() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).expect("the day summer time starts");
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).expect("a time");
        assert_eq!(brussels(day, half_past_two), None);
        assert!(brussels(day, NaiveTime::from_hms_opt(9, 0, 0).expect("a time")).is_some());
    }
}
