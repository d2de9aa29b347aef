//! The demo data set: a lifelike but wholly fictional picture of LODE in Ghent and Bruges, for
//! trying the API and the front end on a fresh database.
//!
//! It holds value domains, datasets, two pilot cases with their members, partners with their
//! contacts, co-creation events with sign-ups, success stories, and one account per role (see
//! [`DEMO_ACCOUNTS`]; they exist only with the demo data). The records are data, in the TOML files
//! under `demo/data/`, one file per kind; [`load_if_empty`] reads them and creates every record,
//! sign-up and status move through the same domain functions a client's requests go through, so
//! validation, lifecycles, seats and slugs apply exactly as they do for a client. People,
//! organisations, addresses, e-mail addresses and URLs are invented (reserved `example` domains), and
//! events are placed relative to today, so the demo always has past sessions and upcoming ones.
//! [`reset`] (`lode reset-demo`) empties the data tables and loads the data set again.

mod load;
mod plan;
mod survey;

use crate::domain::write::{Change, Store, Write, begin_write};
use crate::error::{ApiError, ApiResult};
use crate::live::SeatHub;
use entities::values::City::{Brugge, Gent};
use entities::values::{City, Role};
use entities::{account, database_identity};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

/// Loads the demo data set when the database holds no value domain yet; returns whether it loaded.
///
/// The database is first marked as holding the demo data (`database_identity.holds_demo_data`), which
/// lets [`reset`] empty it. The data files are read and checked whole first, so a fault in them writes
/// nothing. The records are then written one by one through the domain functions, not in one
/// transaction: should the domain refuse a step, the records before it stay, the next start sees a
/// non-empty database and leaves it alone, and `lode reset-demo` loads the demo data whole.
pub async fn load_if_empty(db: &DatabaseConnection) -> ApiResult<bool> {
    if entities::value_domain::Entity::find()
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let plan = load::plan_for_today()?;
    let store = Store::new(db.clone(), SeatHub::default());
    let marking = Change::unaudited("marking the database as holding the demo data");
    let txn = begin_write(&store, &marking).await?;
    mark_as_demo(&txn).await?;
    txn.commit(None).await?;
    let loaded = load::load(&store, &plan).await?;
    log_loaded(&loaded);
    Ok(true)
}

/// Says what was loaded.
fn log_loaded(loaded: &load::Loaded) {
    tracing::info!(
        value_domains = loaded.value_domains,
        datasets = loaded.datasets,
        pilot_cases = loaded.pilot_cases,
        partners = loaded.partners,
        events = loaded.events,
        registrations = loaded.registrations,
        success_stories = loaded.stories,
        survey_answers = loaded.survey_answers,
        value_domains_scored_by_the_survey = loaded.domains_scored,
        "loaded the demo data set"
    );
}

/// Empties every data table (records, accounts and their sessions, the audit log, the search outbox) and
/// loads the demo data set again, as a fresh start would: for trying LODE anew after playing with it. The
/// search index is the caller's to rebuild (`lode reset-demo` does).
///
/// Only a database that holds the demo data ([`load_if_empty`] marked it) is emptied: any other is left as
/// it is, with a `CONFLICT`, whatever the settings say. The mark is read and the tables emptied in one
/// transaction; the demo data is then loaded as [`load_if_empty`] loads it, record by record through the
/// domain, so that its rules hold for it. Should a step of that fail, the database keeps its mark and a
/// second reset loads the demo data whole.
pub async fn reset(db: &DatabaseConnection) -> ApiResult<()> {
    // The data files are read and checked before anything is emptied.
    let plan = load::plan_for_today()?;
    let store = Store::new(db.clone(), SeatHub::default());
    // Nobody's change to the programme: the audit log goes too.
    let emptying = Change::unaudited("resetting the demo data");
    let txn = begin_write(&store, &emptying).await?;
    let identity = database_identity::Entity::find()
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(None, "the database has no identity row: run `lode migrate`")
        })?;
    if !identity.holds_demo_data {
        return Err(ApiError::conflict(
            None,
            "the database holds no demo data, only its own records: reset-demo empties only a database \
             that `lode serve` filled with the demo data",
        ));
    }
    for table in DATA_TABLES {
        txn.execute(&Query::delete().from_table(Alias::new(*table)).to_owned())
            .await?;
    }
    txn.commit(None).await?;
    let loaded = load::load(&store, &plan).await?;
    log_loaded(&loaded);
    Ok(())
}

/// Marks the database as holding the demo data.
async fn mark_as_demo(txn: &Write<'_>) -> ApiResult<()> {
    set_mark(txn, true).await
}

/// Records that the database holds real data, whatever it once held: `lode serve` in production mode or
/// with `--no-demo` says so at every start, and [`reset`] then leaves the database alone.
pub async fn forget(db: &DatabaseConnection) -> ApiResult<()> {
    let store = Store::new(db.clone(), SeatHub::default());
    let change = Change::unaudited("marking the database as holding real data");
    let txn = begin_write(&store, &change).await?;
    set_mark(&txn, false).await?;
    txn.commit(None).await
}

/// Sets the mark that says whether the database holds the demo data.
async fn set_mark(txn: &Write<'_>, demo: bool) -> ApiResult<()> {
    database_identity::Entity::update_many()
        .col_expr(database_identity::Column::HoldsDemoData, demo.into())
        .exec(txn)
        .await?;
    Ok(())
}

/// Every data table, those that name others first: what [`reset`] empties. The migrations' bookkeeping
/// (`seaql_migrations`), the database's identity (`database_identity`, which its search index records) and
/// the key that signs unsubscribe links (`mail_key`) are not data and stay.
pub const DATA_TABLES: &[&str] = &[
    "registration_person",
    "registration",
    "event_quota",
    "idempotency_key",
    "case_disinterest",
    "partner_interest",
    "pilot_case_dataset",
    "success_story_dataset",
    "success_story_partner",
    "pilot_case_member",
    "partner_contact",
    "partner_refusal",
    "consent",
    "account_token",
    "mail_outbox",
    "mail_opt_out",
    "survey_response",
    "survey",
    "session",
    "account",
    "success_story",
    "co_creation_event",
    "pilot_case",
    "partner",
    "dataset",
    "value_domain",
    "audit_entry",
    "search_outbox",
];

/// A demo account.
pub struct DemoAccount {
    /// The e-mail address to log in with.
    pub email: &'static str,
    /// Its password, printed at start: it exists only with the demo data.
    pub password: &'static str,
    /// What it may do.
    pub role: Role,
    /// The cities of a coordinator.
    pub cities: &'static [City],
    /// The key of a partner member's partner in the data files.
    partner: Option<&'static str>,
}

/// One account per role, to try what each may see and do.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@lode.example",
        password: "demo-admin-lode",
        role: Role::Admin,
        cities: &[],
        partner: None,
    },
    DemoAccount {
        email: "coordinator.gent@lode.example",
        password: "demo-gent-lode",
        role: Role::Coordinator,
        cities: &[Gent],
        partner: None,
    },
    DemoAccount {
        email: "coordinator.brugge@lode.example",
        password: "demo-brugge-lode",
        role: Role::Coordinator,
        cities: &[Brugge],
        partner: None,
    },
    DemoAccount {
        email: "femke@luchtpuls.example",
        password: "demo-partner-lode",
        role: Role::Partner,
        cities: &[],
        partner: Some("luchtpuls"),
    },
];

/// Whether the demo accounts exist (so they can be printed at start).
pub async fn has_accounts(db: &DatabaseConnection) -> ApiResult<bool> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(DEMO_ACCOUNTS[0].email))
        .one(db)
        .await?
        .is_some())
}
