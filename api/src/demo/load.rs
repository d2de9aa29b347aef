//! Creates the records of the demo data's plan as a client's requests would: through the domain
//! functions, one record, sign-up or status move at a time. The plan was read and checked whole
//! before (see [`super::plan`]): every record it names exists by the time it is named.

use super::DEMO_ACCOUNTS;
use super::plan::{self, EMBEDDED, Plan, Ref};
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
use crate::domain::write::{Change, Store};
use crate::error::ApiResult;
use chrono_tz::Europe::Brussels;
use entities::values::{EventStatus, MemberStatus, RegistrationStatus, ValueDomainStatus};
use entities::{dataset, event, partner, pilot_case, success_story, value_domain};
use sea_orm::{ActiveEnum, ActiveModelTrait, IntoActiveModel};
use std::marker::PhantomData;
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
    /// Answers to the market survey.
    pub survey_answers: usize,
    /// Value domains scored by the survey.
    pub domains_scored: usize,
}

/// The demo data is loaded by nobody in particular: it writes no audit entries.
const DEMO_DATA: Change = Change::unaudited("the demo data");

/// The demo data set as planned for today: the data files read and checked whole, nothing written yet.
pub(super) fn plan_for_today() -> ApiResult<Plan> {
    // Dates are planned in local time: "in three weeks, on a Saturday at 9:00" in Brussels.
    let today = now().with_timezone(&Brussels).date_naive();
    Plan::read(&EMBEDDED, DEMO_ACCOUNTS, today)
}

/// Creates every record of a plan; the database must hold none of them yet.
pub(super) async fn load(store: &Store, plan: &Plan) -> ApiResult<Loaded> {
    let survey = load_plan(store, plan).await?;
    Ok(Loaded {
        survey_answers: survey.answers,
        domains_scored: survey.domains_scored,
        value_domains: plan.value_domains.len(),
        datasets: plan.datasets.len(),
        pilot_cases: plan.pilot_cases.len(),
        partners: plan.partners.len(),
        events: plan.events.len(),
        registrations: plan.registrations(),
        stories: plan.stories.len(),
    })
}

/// Creates the records of a plan, each kind after the kinds it names, and then the market survey.
async fn load_plan(db: &Store, plan: &Plan) -> ApiResult<super::survey::LoadedSurvey> {
    let domains = load_value_domains(db, &plan.value_domains).await?;
    let datasets = load_datasets(db, &plan.datasets).await?;
    let cases = load_pilot_cases(db, &plan.pilot_cases, &domains, &datasets).await?;
    let partners = load_partners(db, &plan.partners, &domains).await?;
    load_members(db, &plan.pilot_cases, &cases, &partners).await?;
    load_events(db, &plan.events, &domains, &cases, &partners).await?;
    load_stories(db, &plan.stories, &domains, &datasets, &cases, &partners).await?;
    load_accounts(db, &plan.accounts, &partners).await?;
    // The survey asks about the domains still in the running, around the scores the files give them.
    let asked: Vec<(Uuid, [f64; 3])> = plan
        .value_domains
        .iter()
        .enumerate()
        .filter(|(_, d)| d.status != ValueDomainStatus::Archived)
        .map(|(n, d)| {
            let score = |s: Option<i16>| f64::from(s.unwrap_or(3));
            (
                domains.ids[n],
                [
                    score(d.fields.economic_value),
                    score(d.fields.societal_value),
                    score(d.fields.data_readiness),
                ],
            )
        })
        .collect();
    super::survey::load(db, &DEMO_DATA, &asked).await
}

/// The ids of the created records of a kind `K`, in the order of their file, for the records that
/// name them.
struct Ids<K> {
    ids: Vec<Uuid>,
    of: PhantomData<fn() -> K>,
}

impl<K> Ids<K> {
    /// None yet.
    fn new() -> Self {
        Self {
            ids: Vec::new(),
            of: PhantomData,
        }
    }

    /// Remembers the next record's id.
    fn push(&mut self, id: Uuid) {
        self.ids.push(id);
    }

    /// The id of a record the plan names (every record of the kind is created by now).
    fn of(&self, record: Ref<K>) -> Uuid {
        self.ids[record.index()]
    }

    /// The id of the record the plan names, if it names one.
    fn of_opt(&self, record: Option<Ref<K>>) -> Option<Uuid> {
        record.map(|record| self.of(record))
    }

    /// The ids of the records the plan names.
    fn of_all(&self, records: &[Ref<K>]) -> Vec<Uuid> {
        records.iter().map(|&record| self.of(record)).collect()
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
        plan::broken(format!(
            "no way leads a {} from {} to {}",
            R::KIND,
            from.to_value(),
            to.to_value()
        ))
    })?;
    let mut moved = record;
    for status in moves {
        moved = record::set_status::<R>(db, &DEMO_DATA, R::id(&moved), None, status).await?;
    }
    Ok(moved)
}

/// Creates the value domains and moves them to their status.
async fn load_value_domains(
    db: &Store,
    planned: &[plan::ValueDomain],
) -> ApiResult<Ids<value_domain::Entity>> {
    let mut ids = Ids::new();
    for domain in planned {
        let created =
            record::create::<value_domain::Entity>(db, &DEMO_DATA, domain.fields.clone()).await?;
        ids.push(created.id);
        move_to::<value_domain::Entity>(db, created, domain.status).await?;
    }
    Ok(ids)
}

/// Creates the datasets.
async fn load_datasets(db: &Store, planned: &[DatasetFields]) -> ApiResult<Ids<dataset::Entity>> {
    let mut ids = Ids::new();
    for fields in planned {
        let created = record::create::<dataset::Entity>(db, &DEMO_DATA, fields.clone()).await?;
        ids.push(created.id);
    }
    Ok(ids)
}

/// Creates the pilot cases, with their datasets, and moves them to their phase.
async fn load_pilot_cases(
    db: &Store,
    planned: &[plan::PilotCase],
    domains: &Ids<value_domain::Entity>,
    datasets: &Ids<dataset::Entity>,
) -> ApiResult<Ids<pilot_case::Entity>> {
    let mut ids = Ids::new();
    for case in planned {
        let fields = PilotCaseFields {
            value_domain_id: Some(domains.of(case.value_domain)),
            dataset_ids: Some(datasets.of_all(&case.datasets)),
            ..case.fields.clone()
        };
        let created = record::create::<pilot_case::Entity>(db, &DEMO_DATA, fields).await?;
        ids.push(created.id);
        move_to::<pilot_case::Entity>(db, created, case.phase).await?;
    }
    Ok(ids)
}

/// Creates the partners, with their contacts and interests, and moves them to their status.
async fn load_partners(
    db: &Store,
    planned: &[plan::Partner],
    domains: &Ids<value_domain::Entity>,
) -> ApiResult<Ids<partner::Entity>> {
    let mut ids = Ids::new();
    for partner in planned {
        let fields = PartnerFields {
            interest_ids: Some(domains.of_all(&partner.interests)),
            ..partner.fields.clone()
        };
        let created = record::create::<partner::Entity>(db, &DEMO_DATA, fields).await?;
        ids.push(created.id);
        move_to::<partner::Entity>(db, created, partner.status).await?;
    }
    Ok(ids)
}

/// Invites each case's partners and records their answers (partners must be approved by now).
async fn load_members(
    db: &Store,
    planned: &[plan::PilotCase],
    cases: &Ids<pilot_case::Entity>,
    partners: &Ids<partner::Entity>,
) -> ApiResult<()> {
    for (case, case_id) in planned.iter().zip(&cases.ids) {
        for member in &case.members {
            let invited = members::invite(
                db,
                &DEMO_DATA,
                *case_id,
                partners.of(member.partner),
                member.role,
            )
            .await?;
            if member.answer != MemberStatus::Invited {
                members::change(db, &DEMO_DATA, invited.id, None, None, Some(member.answer))
                    .await?;
            }
        }
    }
    Ok(())
}

/// Creates the events, takes their sign-ups and moves them to their status.
async fn load_events(
    db: &Store,
    events: &[plan::Event],
    domains: &Ids<value_domain::Entity>,
    cases: &Ids<pilot_case::Entity>,
    partners: &Ids<partner::Entity>,
) -> ApiResult<()> {
    for planned in events {
        let now = now();
        // An event whose sign-ups have closed took them earlier: it takes them as if it were tomorrow,
        // and then moves to its planned time.
        let earlier = !planned.registrations.is_empty() && planned.schedule.sign_ups_closed(now);
        let schedule = if earlier {
            planned.schedule.tomorrow(now).ok_or_else(|| {
                planned
                    .at
                    .broken("\"minutes\": its length puts its end outside the calendar")
            })?
        } else {
            planned.schedule
        };
        let fields = EventFields {
            pilot_case_id: Some(cases.of_opt(planned.pilot_case)),
            value_domain_id: Some(domains.of_opt(planned.value_domain)),
            ..schedule.onto(planned.fields.clone())
        };
        let mut event = record::create::<event::Entity>(db, &DEMO_DATA, fields).await?;
        if planned.status != EventStatus::Draft {
            // As a real event is: published before it takes sign-ups, and before it is cancelled or
            // completed.
            event = move_to::<event::Entity>(db, event, EventStatus::Published).await?;
        }
        for registration in &planned.registrations {
            sign_up(db, planned, event.id, partners, registration).await?;
        }
        if earlier {
            event = record::update::<event::Entity>(
                db,
                &DEMO_DATA,
                event.id,
                None,
                planned.schedule.onto(EventFields::default()),
            )
            .await?;
        }
        let event = move_to::<event::Entity>(db, event, planned.status).await?;
        if planned
            .registrations
            .iter()
            .any(|registration| registration.status == RegistrationStatus::NoShow)
        {
            // The plan has no registration left confirmed beside a no-show: this marks exactly those.
            registrations::mark_no_shows(db, &DEMO_DATA, event.id).await?;
        }
    }
    Ok(())
}

/// Signs a partner up for an event, and takes the registration where the data says it ends: checked in,
/// cancelled, or left as it is (a no-show is marked once the event is over).
async fn sign_up(
    db: &Store,
    planned: &plan::Event,
    event_id: Uuid,
    partners: &Ids<partner::Entity>,
    registration: &plan::Registration,
) -> ApiResult<()> {
    let partner_id = partners.of(registration.partner);
    let request = SignUp {
        event_id,
        partner_id,
        idempotency_key: None,
        people: None,
    };
    let signed_up = registrations::register(db, &DEMO_DATA, &request).await?;
    // The seats decide who waits: the data must agree with them.
    let expected = match registration.status {
        RegistrationStatus::Waitlisted => Some(RegistrationStatus::Waitlisted),
        RegistrationStatus::Cancelled => None,
        _ => Some(RegistrationStatus::Confirmed),
    };
    if expected.is_some_and(|expected| expected != signed_up.status) {
        return Err(planned.at.broken(format!(
            "\"registrations\": \"{}\" signs up as {} where a seat decides {}",
            registration.key,
            registration.status.to_value(),
            signed_up.status.to_value()
        )));
    }
    match registration.status {
        RegistrationStatus::Attended => {
            let code = signed_up.code.unwrap_or_default();
            registrations::check_in(db, &DEMO_DATA, event_id, &code, None).await?;
        }
        RegistrationStatus::Cancelled => {
            registrations::cancel(db, &DEMO_DATA, signed_up.id, Some(partner_id)).await?;
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
    planned: &[plan::Story],
    domains: &Ids<value_domain::Entity>,
    datasets: &Ids<dataset::Entity>,
    cases: &Ids<pilot_case::Entity>,
    partners: &Ids<partner::Entity>,
) -> ApiResult<()> {
    for story in planned {
        let fields = StoryFields {
            pilot_case_id: Some(cases.of_opt(story.pilot_case)),
            value_domain_id: Some(domains.of_opt(story.value_domain)),
            partner_ids: Some(partners.of_all(&story.partners)),
            dataset_ids: Some(datasets.of_all(&story.datasets)),
            ..story.fields.clone()
        };
        let created = record::create::<success_story::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<success_story::Entity>(db, created, story.status).await?;
    }
    Ok(())
}

/// Creates the demo accounts.
async fn load_accounts(
    db: &Store,
    demo_accounts: &[plan::Account],
    partners: &Ids<partner::Entity>,
) -> ApiResult<()> {
    for planned in demo_accounts {
        let account = planned.account;
        accounts::create_account(
            db,
            &DEMO_DATA,
            NewAccount {
                email: account.email.to_owned(),
                password: account.password.to_owned(),
                role: account.role,
                partner_id: partners.of_opt(planned.partner),
                cities: account.cities.to_vec(),
                must_change_password: false,
                language: entities::values::Language::Nl,
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::plan::Files;
    use crate::live::SeatHub;
    use sea_orm::EntityTrait;

    /// A cancelled event and a completed one, neither with sign-ups.
    const WITHOUT_SIGN_UPS: &str = r#"
[[event]]
title = "Fietstocht langs de sensorlocaties"
description = "Geannuleerd."
format = "OTHER"
day = 5
weekday = "sunday"
starts = "10:00"
minutes = 180
venue = "Buurthuis De Luchtballon"
cities = ["GENT"]
status = "CANCELLED"

[[event]]
title = "Wandeling langs de sensorlocaties"
description = "Voorbij."
format = "OTHER"
day = -5
weekday = "sunday"
starts = "10:00"
minutes = 180
venue = "Buurthuis De Luchtballon"
cities = ["GENT"]
status = "COMPLETED"
"#;

    #[tokio::test]
    async fn an_event_is_published_before_it_is_cancelled_or_completed() {
        let dir = std::env::temp_dir().join(format!("lode-demo-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let url = format!("sqlite://{}?mode=rwc", dir.join("lode.db").display());
        let db = crate::db::connect(&url).await.expect("connects");
        crate::db::migrate(&db).await.expect("migrates");
        let today = now().with_timezone(&Brussels).date_naive();
        let files = Files {
            events: WITHOUT_SIGN_UPS,
            ..EMBEDDED
        };
        let plan = Plan::read(&files, &[], today)
            .map_err(|err| err.to_string())
            .expect("the data reads");
        let store = Store::new(db.clone(), SeatHub::default());
        load_plan(&store, &plan).await.expect("the data loads");
        let events = event::Entity::find().all(&db).await.expect("the events");
        assert_eq!(events.len(), 2);
        for event in events {
            assert_eq!(
                event.sequence, 2,
                "{}: created, published, then {:?}",
                event.title, event.status
            );
        }
        db.close().await.expect("closes");
        let _ = std::fs::remove_dir_all(dir);
    }
}
