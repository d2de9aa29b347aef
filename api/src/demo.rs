//! The demo data set: a lifelike but wholly fictional picture of LODE in Ghent and Bruges, for
//! trying the API and the front end on a fresh database.
//!
//! It holds value domains, datasets, two pilot cases with their members, partners with their
//! contacts, co-creation events with sign-ups, success stories, and one account per role (see
//! [`DEMO_ACCOUNTS`]; they exist only with the demo data). Every record goes through the
//! domain functions, so validation, lifecycles and slugs apply exactly as they do for a client's
//! records. People, organisations, addresses, e-mail addresses and URLs are invented (reserved
//! `example` domains), and events are placed relative to today, so the demo always has past
//! sessions and upcoming ones.

use crate::clock::{new_id, now};
use crate::domain::accounts::{self, NewAccount};
use crate::domain::datasets::DatasetFields;
use crate::domain::events::EventFields;
use crate::domain::lifecycle::Lifecycle;
use crate::domain::members;
use crate::domain::partners::{ContactFields, PartnerFields};
use crate::domain::pilot_cases::PilotCaseFields;
use crate::domain::record::{self, HasStatus};
use crate::domain::stories::StoryFields;
use crate::domain::value_domains::ValueDomainFields;
use crate::domain::write::{Change, Store};
use crate::error::{ApiError, ApiResult};
use crate::live::SeatHub;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Brussels;
use entities::values::City::{Brugge, Gent};
use entities::values::MemberRole::{DataProvider, Developer, DomainExpert, EndUser, Lead};
use entities::values::MemberStatus::{Accepted, Declined, Invited};
use entities::values::RegistrationStatus::{Attended, Confirmed, NoShow, Waitlisted};
use entities::values::StakeholderType::{
    Citizen, CivicOrganisation, Company, EducationResearch, Government,
};
use entities::values::{
    City, EventFormat, EventStatus, ImpactFigure, MemberRole, MemberStatus, NeededCapability,
    PartnerStatus, PilotCasePhase, RegistrationStatus, Role, StakeholderType, StoryStatus, Theme,
    ValueDomainStatus,
};
use entities::{
    account, dataset, event, partner, pilot_case, registration, success_story, value_domain,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Loads the demo data set when the database holds no value domain yet; returns whether it loaded.
///
/// The records are written one by one through the domain functions, not in one transaction:
/// should a step fail, the records before it stay, and the next start sees a non-empty database
/// and leaves it alone.
pub async fn load_if_empty(db: &DatabaseConnection) -> ApiResult<bool> {
    if value_domain::Entity::find().one(db).await?.is_some() {
        return Ok(false);
    }
    let store = Store::new(db.clone(), SeatHub::default());
    let db = &store;
    // Dates are planned in local time: "in three weeks, on a Saturday at 9:00" in Brussels.
    let today = now().with_timezone(&Brussels).date_naive();
    let domains = load_value_domains(db).await?;
    let datasets = load_datasets(db).await?;
    let cases = load_pilot_cases(db, today, &domains, &datasets).await?;
    let partners = load_partners(db, &domains).await?;
    load_members(db, &cases, &partners).await?;
    let registrations = load_events(db, today, &domains, &cases, &partners).await?;
    load_stories(db, &domains, &datasets, &cases, &partners).await?;
    load_accounts(db, &partners).await?;
    tracing::info!(
        value_domains = DOMAINS.len(),
        datasets = DATASETS.len(),
        pilot_cases = CASES.len(),
        partners = PARTNERS.len(),
        events = EVENTS.len(),
        registrations,
        success_stories = STORIES.len(),
        "loaded the demo data set"
    );
    Ok(true)
}

/// A demo account.
pub struct DemoAccount {
    /// The e-mail address to log in with.
    pub email: &'static str,
    /// Its password, printed at start: it exists only with the demo data.
    pub password: &'static str,
    /// What it may do.
    pub role: Role,
    /// The cities of a coordinator.
    cities: &'static [City],
    /// The key of a partner member's partner.
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

/// The demo data is loaded by nobody in particular: it writes no audit entries.
const DEMO_DATA: Change = Change::unaudited("the demo data");

/// Whether the demo accounts exist (so they can be printed at start).
pub async fn has_accounts(db: &DatabaseConnection) -> ApiResult<bool> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(DEMO_ACCOUNTS[0].email))
        .one(db)
        .await?
        .is_some())
}

async fn load_accounts(db: &Store, partners: &Ids) -> ApiResult<()> {
    for seed in DEMO_ACCOUNTS {
        accounts::create_account(
            db,
            &DEMO_DATA,
            NewAccount {
                email: seed.email.to_owned(),
                password: seed.password.to_owned(),
                role: seed.role,
                partner_id: seed.partner.map(|key| partners.get(key)).transpose()?,
                cities: seed.cities.to_vec(),
            },
        )
        .await?;
    }
    Ok(())
}

// -------------------------------------------------------------------------------------------------
// The records, as tables. Records refer to each other by the short keys given here.
// -------------------------------------------------------------------------------------------------

/// A value domain to create.
struct DomainSeed {
    key: &'static str,
    name: &'static str,
    description: &'static str,
    themes: &'static [Theme],
    /// Economic value, societal value and data readiness, each 1 to 5.
    scores: (i16, i16, i16),
    status: ValueDomainStatus,
}

const DOMAINS: &[DomainSeed] = &[
    DomainSeed {
        key: "lucht",
        name: "Luchtkwaliteit en gezondheid",
        description: "Hoe gezond is de lucht in onze straten? Het stedelijk meetnet, sensoren van \
                      start-ups en burgers en verkeersdata samen geven een fijnmaziger en snellere \
                      kijk op fijnstof (PM2,5 en PM10) en stikstofdioxide (NO₂).\n\n\
                      Aandacht gaat vooral naar schoolomgevingen en buurten langs drukke \
                      invalswegen.",
        themes: &[Theme::Envi, Theme::Heal],
        scores: (3, 5, 4),
        status: ValueDomainStatus::Selected,
    },
    DomainSeed {
        key: "mobiliteit",
        name: "Mobiliteit en verkeer",
        description: "Wegenwerken, evenementen, verkeerstellingen en parkeerbezetting: wie vooraf \
                      weet wat er op straat gebeurt, plant beter. Hulpdiensten, vervoerders, \
                      handelaars en bewoners vragen snellere en bruikbaardere data over hinder in \
                      beide steden.",
        themes: &[Theme::Tran, Theme::Regi],
        scores: (4, 4, 4),
        status: ValueDomainStatus::Selected,
    },
    DomainSeed {
        key: "wonen",
        name: "Wonen en buurt",
        description: "Buurtorganisaties willen jaarlijks zien hoe het aanbod aan koop- en \
                      huurwoningen in hun wijk evolueert, en hoe dat zich verhoudt tot leegstand \
                      en renovatie. De data zit vandaag verspreid en is zelden per wijk \
                      beschikbaar.",
        themes: &[Theme::Soci, Theme::Regi],
        scores: (2, 5, 2),
        status: ValueDomainStatus::Candidate,
    },
    DomainSeed {
        key: "energie",
        name: "Energie en klimaat",
        description: "Energieverbruik van stadsgebouwen, zonnepotentieel van daken en \
                      warmtenetten: open data kan energiecoöperaties, bewoners en installateurs \
                      helpen om de klimaatdoelen van beide steden sneller te halen.",
        themes: &[Theme::Ener, Theme::Envi],
        scores: (4, 4, 3),
        status: ValueDomainStatus::Candidate,
    },
    DomainSeed {
        key: "groen",
        name: "Onderwijs en groen",
        description: "Leerlingen en leerkrachten gebruiken het boombestand en andere groendata om \
                      te leren hoe hun stad verandert: welke bomen bijkomen of verdwijnen, waar \
                      hittestress het grootst is en hoe groen hun schoolbuurt is.",
        themes: &[Theme::Educ, Theme::Envi],
        scores: (2, 4, 4),
        status: ValueDomainStatus::Candidate,
    },
    DomainSeed {
        key: "economie",
        name: "Economie en handel",
        description: "Leegstand, passantentellingen en vergunningen voor handelszaken als basis \
                      voor beleid rond winkelstraten.\n\n\
                      Na de marktbevraging niet weerhouden als apart meerwaardegebied: de vragen \
                      van handelaars lopen mee in *Mobiliteit en verkeer*.",
        themes: &[Theme::Econ],
        scores: (4, 2, 2),
        status: ValueDomainStatus::Archived,
    },
];

/// A dataset to create.
struct DatasetSeed {
    key: &'static str,
    title: &'static str,
    publisher: &'static str,
    url: &'static str,
    licence: &'static str,
    theme: Theme,
}

/// The Flemish model licence most city datasets use.
const MGH: &str = "Modellicentie Gratis Hergebruik v1.0";

const DATASETS: &[DatasetSeed] = &[
    DatasetSeed {
        key: "lucht-meetnet",
        title: "Luchtkwaliteit: meetstations en sensornetwerk (NO₂, PM2,5, PM10)",
        publisher: "Stad Gent",
        url: "https://data.example.org/gent/luchtkwaliteit-meetnet",
        licence: MGH,
        theme: Theme::Envi,
    },
    DatasetSeed {
        key: "fijnstof-live",
        title: "Fijnstof real-time, elke vijf minuten",
        publisher: "Luchtpuls bv",
        url: "https://data.example.org/luchtpuls/fijnstof-realtime",
        licence: "CC BY 4.0",
        theme: Theme::Envi,
    },
    DatasetSeed {
        key: "verkeerstellingen",
        title: "Verkeerstellingen fietsers en motorvoertuigen",
        publisher: "Stad Gent",
        url: "https://data.example.org/gent/verkeerstellingen",
        licence: MGH,
        theme: Theme::Tran,
    },
    DatasetSeed {
        key: "wegenwerken",
        title: "Geplande wegenwerken en innames van het openbaar domein",
        publisher: "Stad Gent",
        url: "https://data.example.org/gent/wegenwerken-innames",
        licence: MGH,
        theme: Theme::Tran,
    },
    DatasetSeed {
        key: "evenementen",
        title: "Evenementen en innames openbaar domein Brugge",
        publisher: "Stad Brugge",
        url: "https://data.example.org/brugge/evenementen-innames",
        licence: MGH,
        theme: Theme::Regi,
    },
    DatasetSeed {
        key: "parkeren",
        title: "Bezetting van de parkings (real-time)",
        publisher: "Stad Brugge",
        url: "https://data.example.org/brugge/parkeerbezetting",
        licence: "CC0 1.0",
        theme: Theme::Tran,
    },
    DatasetSeed {
        key: "bomen",
        title: "Boombestand: bomen op openbaar domein",
        publisher: "Stad Gent",
        url: "https://data.example.org/gent/boombestand",
        licence: MGH,
        theme: Theme::Envi,
    },
    DatasetSeed {
        key: "woningmarkt",
        title: "Woningaanbod te koop en te huur per wijk (jaarcijfers)",
        publisher: "Stad Gent",
        url: "https://data.example.org/gent/woningaanbod-per-wijk",
        licence: MGH,
        theme: Theme::Soci,
    },
    DatasetSeed {
        key: "energie-gebouwen",
        title: "Energieverbruik van stadsgebouwen (maandelijks)",
        publisher: "Stad Brugge",
        url: "https://data.example.org/brugge/energieverbruik-stadsgebouwen",
        licence: MGH,
        theme: Theme::Ener,
    },
    DatasetSeed {
        key: "leegstand",
        title: "Leegstaande handelspanden per winkelstraat",
        publisher: "Stad Brugge",
        url: "https://data.example.org/brugge/leegstand-handelspanden",
        licence: "CC BY 4.0",
        theme: Theme::Econ,
    },
];

/// A pilot case to create, with the partners invited to it.
struct CaseSeed {
    key: &'static str,
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    value_domain: &'static str,
    cities: &'static [City],
    goals: &'static [&'static str],
    /// First and last day, in days from today.
    days: (i64, i64),
    /// Needed capabilities and their weights (1 to 5).
    capabilities: &'static [(&'static str, i32)],
    wanted: &'static [StakeholderType],
    datasets: &'static [&'static str],
    phase: PilotCasePhase,
    /// Partner, role, and the partner's answer to the invitation.
    members: &'static [(&'static str, MemberRole, MemberStatus)],
}

const CASES: &[CaseSeed] = &[
    CaseSeed {
        key: "lucht-live",
        title: "Real-time luchtkwaliteit in Gentse schoolomgevingen",
        summary: "Een Gentse start-up meet al fijnstof, maar de data komt pas een dag later vrij. \
                  Samen met de stad, scholen en onderzoekers maken we luchtkwaliteitsdata \
                  real-time beschikbaar als open data, met een dashboard voor ouders en scholen.",
        description: "## De vraag\n\
                      Luchtpuls bv meet fijnstof en NO₂ met een eigen sensornetwerk, maar \
                      publiceert de metingen vandaag één keer per dag. Ouders en scholen willen \
                      weten hoe de lucht aan de schoolpoort is *nu*, en de stad wil de metingen \
                      naast haar eigen meetstations kunnen leggen.\n\n\
                      ## Aanpak\n\
                      1. Tien schoolomgevingen kiezen, samen met ouders en scholen.\n\
                      2. Sensoren plaatsen en kalibreren tegen de referentiestations.\n\
                      3. Eén open API voor sensordata en stedelijk meetnet, volgens OSLO.\n\
                      4. Een dashboard dat leerlingen, ouders en leerkrachten zelf lezen.\n\n\
                      ## Voor het draaiboek\n\
                      Wat we leren over datakwaliteit, kalibratie, privacy en afspraken met een \
                      private data-aanbieder, gaat in het draaiboek voor andere steden.",
        value_domain: "lucht",
        cities: &[Gent],
        goals: &[
            "Luchtkwaliteit van tien schoolomgevingen elke vijf minuten als open data",
            "Sensordata en stedelijk meetnet samen in één open API (OSLO)",
            "Een dashboard dat ouders, leerkrachten en leerlingen zelf kunnen lezen",
            "Afspraken met private data-aanbieders vastleggen in het draaiboek",
        ],
        days: (-120, 240),
        capabilities: &[
            ("IoT sensors", 5),
            ("luchtkwaliteit", 5),
            ("real-time dataverwerking", 4),
            ("datavisualisatie", 4),
            ("kalibratie van sensoren", 3),
            ("communicatie met scholen", 3),
            ("privacy en GDPR", 2),
        ],
        wanted: &[
            Company,
            EducationResearch,
            Government,
            CivicOrganisation,
            Citizen,
        ],
        datasets: &["lucht-meetnet", "fijnstof-live", "verkeerstellingen"],
        phase: PilotCasePhase::Running,
        members: &[
            ("milieu-gent", Lead, Accepted),
            ("luchtpuls", DataProvider, Accepted),
            ("stadsdata-gent", DataProvider, Accepted),
            ("datadraad", Developer, Accepted),
            ("vizuelo", Developer, Invited),
            ("stadslucht", DomainExpert, Accepted),
            ("adem-vrij", EndUser, Accepted),
            ("schoolstraten", EndUser, Accepted),
            ("de-linde", EndUser, Accepted),
            ("lotte", DataProvider, Invited),
            ("handelsradar", EndUser, Declined),
        ],
    },
    CaseSeed {
        key: "hinder-inzicht",
        title: "Sneller inzicht in wegenwerken en evenementen",
        summary: "Hulpdiensten, handelaars, vervoerders en bewoners willen vroeger weten waar de \
                  straat openligt of afgesloten is voor een evenement. Brugge en Gent bundelen hun \
                  data over wegenwerken en innames in één open, actuele stroom.",
        description: "## De vraag\n\
                      Een overheidsdienst wil sneller zicht op geplande wegenwerken en \
                      evenementen. Vandaag zit die informatie in verschillende systemen, in elk \
                      van beide steden anders, en komt ze vaak pas kort vooraf naar buiten.\n\n\
                      ## Aanpak\n\
                      1. Een gemeenschappelijk datamodel voor werken, innames en evenementen.\n\
                      2. Eén open API die wijzigingen binnen het uur doorgeeft.\n\
                      3. Een hinderkaart, getest met handelaars, fietsers en hulpdiensten.\n\n\
                      ## Voor het draaiboek\n\
                      Hoe twee steden één datastroom onderhouden, en wie waarvoor verantwoordelijk \
                      is.",
        value_domain: "mobiliteit",
        cities: &[Brugge, Gent],
        goals: &[
            "Wegenwerken en evenementen van beide steden in één open API",
            "Hinder minstens drie maanden vooraf zichtbaar voor handelaars en bewoners",
            "Wijzigingen binnen het uur beschikbaar voor hulpdiensten en vervoerders",
            "Een stappenplan voor andere steden in het draaiboek",
        ],
        days: (30, 330),
        capabilities: &[
            ("GIS", 5),
            ("API-ontwikkeling", 5),
            ("open standaarden (OSLO)", 4),
            ("mobiliteit", 4),
            ("datavisualisatie", 3),
            ("gebruikersonderzoek", 3),
        ],
        wanted: &[Government, Company, CivicOrganisation, EducationResearch],
        datasets: &[
            "wegenwerken",
            "evenementen",
            "verkeerstellingen",
            "parkeren",
        ],
        phase: PilotCasePhase::Preparing,
        members: &[
            ("databeheer-brugge", Lead, Accepted),
            ("evenementen-brugge", DataProvider, Accepted),
            ("wegen-gent", DataProvider, Accepted),
            ("kaartwerk", Developer, Accepted),
            ("datalab-hwv", Developer, Accepted),
            ("handelaars-brugge", EndUser, Accepted),
            ("kustland", EndUser, Invited),
            ("route-relief", EndUser, Invited),
            ("mobilab", DomainExpert, Invited),
            ("trappers", EndUser, Declined),
        ],
    },
];

/// A partner to create, with its private contact: name, e-mail and phone.
struct PartnerSeed {
    key: &'static str,
    name: &'static str,
    kind: StakeholderType,
    city: Option<City>,
    website: Option<&'static str>,
    description: &'static str,
    capabilities: &'static [&'static str],
    offered: &'static [&'static str],
    needed: &'static [&'static str],
    /// Keys of the value domains the partner is interested in.
    interests: &'static [&'static str],
    contact: (&'static str, &'static str, Option<&'static str>),
    status: PartnerStatus,
}

const PARTNERS: &[PartnerSeed] = &[
    // Companies.
    PartnerSeed {
        key: "luchtpuls",
        name: "Luchtpuls bv",
        kind: Company,
        city: Some(Gent),
        website: Some("https://www.luchtpuls.example"),
        description: "Gentse start-up die met kleine, gekalibreerde sensoren fijnstof en NO₂ meet \
                      op schoolpleinen en drukke kruispunten, en haar metingen real-time wil \
                      openstellen.",
        capabilities: &["IoT sensors", "luchtkwaliteit", "kalibratie van sensoren"],
        offered: &["fijnstofmetingen (PM2,5 en PM10)", "NO₂-metingen"],
        needed: &[
            "verkeerstellingen",
            "weerdata real-time",
            "locaties schoolomgevingen",
        ],
        interests: &["lucht", "mobiliteit"],
        contact: (
            "Femke Van Hoorebeke",
            "femke.vanhoorebeke@example.org",
            Some("+32 9 000 14 21"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "kaartwerk",
        name: "Kaartwerk bv",
        kind: Company,
        city: Some(Brugge),
        website: Some("https://www.kaartwerk.example"),
        description: "Brugs GIS-bureau dat kaarten, geodatadiensten en routeplanners bouwt voor \
                      gemeenten en nutsbedrijven.",
        capabilities: &[
            "GIS",
            "kaartvisualisatie",
            "open standaarden (OSLO)",
            "API-ontwikkeling",
        ],
        offered: &["basiskaart als vector tiles"],
        needed: &["wegenwerken", "evenementen en innames", "parkeerbezetting"],
        interests: &["mobiliteit", "wonen"],
        contact: (
            "Joren Vandewalle",
            "joren.vandewalle@example.org",
            Some("+32 50 00 31 07"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "datadraad",
        name: "Datadraad bv",
        kind: Company,
        city: Some(Gent),
        website: Some("https://www.datadraad.example"),
        description: "Kleine data-engineeringstudio: datapijplijnen, open API's en hosting voor \
                      overheden en vzw's.",
        capabilities: &[
            "API-ontwikkeling",
            "real-time dataverwerking",
            "data pipelines",
            "cloud hosting",
        ],
        offered: &[],
        needed: &["luchtkwaliteit", "verkeerstellingen"],
        interests: &["lucht", "mobiliteit", "energie"],
        contact: ("Arne Wittevrongel", "arne.wittevrongel@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "vizuelo",
        name: "Vizuelo bv",
        kind: Company,
        city: Some(Gent),
        website: Some("https://www.vizuelo.example"),
        description: "Ontwerpbureau voor datavisualisatie en dashboards dat cijfers leesbaar maakt \
                      voor een breed publiek.",
        capabilities: &[
            "datavisualisatie",
            "dashboards",
            "UX-design",
            "toegankelijkheid (WCAG)",
        ],
        offered: &[],
        needed: &["luchtkwaliteit", "woningaanbod per wijk"],
        interests: &["lucht", "wonen", "groen"],
        contact: ("Hanne Moerman", "hanne.moerman@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "fietsteller",
        name: "Fietsteller bv",
        kind: Company,
        city: Some(Brugge),
        website: Some("https://www.fietsteller.example"),
        description: "Plaatst telslangen en slimme camera's die fietsers en voetgangers anoniem \
                      tellen.",
        capabilities: &["verkeerstellingen", "computer vision", "IoT sensors"],
        offered: &["fietstellingen per kwartier", "voetgangerstellingen"],
        needed: &["wegenwerken", "evenementen en innames"],
        interests: &["mobiliteit"],
        contact: (
            "Bram Debusschere",
            "bram.debusschere@example.org",
            Some("+32 50 00 72 18"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "warmtekaart",
        name: "Warmtekaart bv",
        kind: Company,
        city: Some(Gent),
        website: Some("https://www.warmtekaart.example"),
        description: "Maakt warmtescans en renovatieadvies per straat op basis van luchtfoto's en \
                      energiedata.",
        capabilities: &["energieanalyse", "thermografie", "machine learning"],
        offered: &["warmteverliesscore per dak"],
        needed: &["energieverbruik stadsgebouwen", "zonnepotentieel daken"],
        interests: &["energie", "wonen"],
        contact: ("Ine Callewaert", "ine.callewaert@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "handelsradar",
        name: "Handelsradar bv",
        kind: Company,
        city: Some(Brugge),
        website: Some("https://www.handelsradar.example"),
        description: "Meet passantenstromen in winkelstraten en adviseert handelaars en \
                      centrummanagers.",
        capabilities: &["passantentellingen", "marktanalyse"],
        offered: &["passantentellingen winkelstraten"],
        needed: &[
            "leegstand handelspanden",
            "evenementen en innames",
            "wegenwerken",
        ],
        interests: &["economie", "mobiliteit"],
        contact: (
            "Wout Vanneste",
            "wout.vanneste@example.org",
            Some("+32 50 00 45 90"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "route-relief",
        name: "Route Reliëf bv",
        kind: Company,
        city: None,
        website: Some("https://www.routerelief.example"),
        description: "Platform voor stadsdistributie met cargofietsen en elektrische bestelwagens, \
                      actief in Vlaamse centrumsteden.",
        capabilities: &["routeplanning", "optimalisatie", "stadslogistiek"],
        offered: &["geanonimiseerde leverroutes"],
        needed: &[
            "wegenwerken",
            "evenementen en innames",
            "venstertijden voetgangerszones",
        ],
        interests: &["mobiliteit", "economie"],
        contact: ("Elise Goethals", "elise.goethals@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "groeipunt",
        name: "Groeipunt Software bv",
        kind: Company,
        city: Some(Brugge),
        website: None,
        description: "Bouwt mobiele apps voor lokale besturen en wil een meldingsapp maken voor \
                      hinder in de buurt.",
        capabilities: &["mobiele apps", "API-ontwikkeling"],
        offered: &[],
        needed: &["wegenwerken", "evenementen en innames"],
        interests: &["mobiliteit"],
        contact: ("Tibo Verhaeghe", "tibo.verhaeghe@example.org", None),
        status: PartnerStatus::Pending,
    },
    PartnerSeed {
        key: "sensorwolk",
        name: "Sensorwolk nv",
        kind: Company,
        city: None,
        website: None,
        description: "Beheerde een LoRaWAN-netwerk voor sensoren in Vlaamse steden; heeft haar \
                      activiteiten stopgezet.",
        capabilities: &["LoRaWAN", "IoT sensors", "device management"],
        offered: &["sensordata uit het LoRaWAN-netwerk"],
        needed: &[],
        interests: &["lucht", "energie"],
        contact: ("Koen Maes", "koen.maes@example.org", None),
        status: PartnerStatus::Archived,
    },
    // Civic organisations, associations and non-profits.
    PartnerSeed {
        key: "buurtwerk-muide",
        name: "Buurtwerk Muide vzw",
        kind: CivicOrganisation,
        city: Some(Gent),
        website: Some("https://www.buurtwerkmuide.example"),
        description: "Buurtwerking in de Muide en Meulestede die bewoners ondersteunt rond wonen, \
                      armoede en participatie.",
        capabilities: &["buurtwerking", "participatie"],
        offered: &["bewonersbevragingen"],
        needed: &["woningaanbod per wijk", "huurprijzen per wijk", "leegstand"],
        interests: &["wonen"],
        contact: (
            "Yasmina Bouzid",
            "yasmina.bouzid@example.org",
            Some("+32 9 000 58 33"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "adem-vrij",
        name: "Adem Vrij Gent vzw",
        kind: CivicOrganisation,
        city: Some(Gent),
        website: Some("https://www.ademvrij.example"),
        description: "Burgerbeweging die met sensoren op vensterbanken de luchtkwaliteit meet en \
                      bewoners informeert.",
        capabilities: &["citizen science", "burgerparticipatie", "campagnes"],
        offered: &["fijnstofmetingen van burgers"],
        needed: &["luchtkwaliteit", "verkeerstellingen"],
        interests: &["lucht", "mobiliteit"],
        contact: ("Stijn Rombaut", "stijn.rombaut@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "trappers",
        name: "Trappers Brugge vzw",
        kind: CivicOrganisation,
        city: Some(Brugge),
        website: Some("https://www.trappersbrugge.example"),
        description: "Belangenvereniging van fietsers in Brugge en omgeving.",
        capabilities: &["mobiliteit", "lokale kennis van fietsroutes"],
        offered: &["meldingen van gevaarlijke punten"],
        needed: &["wegenwerken", "verkeerstellingen", "omleidingen"],
        interests: &["mobiliteit"],
        contact: ("Griet Desmet", "griet.desmet@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "schoolstraten",
        name: "Ouderplatform Schoolstraten vzw",
        kind: CivicOrganisation,
        city: Some(Gent),
        website: None,
        description: "Ouders die ijveren voor veilige en gezonde schoolomgevingen en meer \
                      schoolstraten.",
        capabilities: &["communicatie met scholen", "burgerparticipatie"],
        offered: &[],
        needed: &["luchtkwaliteit", "verkeerstellingen"],
        interests: &["lucht", "mobiliteit", "groen"],
        contact: (
            "Jasper Lievens",
            "jasper.lievens@example.org",
            Some("+32 470 00 12 45"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "handelaars-brugge",
        name: "Handelaarsvereniging Brugse Binnenstad vzw",
        kind: CivicOrganisation,
        city: Some(Brugge),
        website: Some("https://www.brugsebinnenstad.example"),
        description: "Vertegenwoordigt zo'n tweehonderd winkels en horecazaken in de Brugse \
                      binnenstad.",
        capabilities: &["netwerk van handelaars", "communicatie"],
        offered: &[],
        needed: &[
            "wegenwerken",
            "evenementen en innames",
            "passantentellingen",
            "parkeerbezetting",
        ],
        interests: &["economie", "mobiliteit"],
        contact: (
            "Marijke Coppens",
            "marijke.coppens@example.org",
            Some("+32 50 00 88 12"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "open-data-gilde",
        name: "Open Data Gilde vzw",
        kind: CivicOrganisation,
        city: None,
        website: Some("https://www.opendatagilde.example"),
        description: "Vrijwilligersnetwerk dat hackathons, datacafés en opleidingen rond open data \
                      organiseert in heel Vlaanderen.",
        capabilities: &[
            "hackathons",
            "community building",
            "open data advocacy",
            "datavisualisatie",
        ],
        offered: &[],
        needed: &["catalogus open datasets"],
        interests: &["lucht", "mobiliteit", "wonen", "energie", "groen"],
        contact: ("Niels Vercruysse", "niels.vercruysse@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "energiebuurt",
        name: "Energiebuurt Brugge cv",
        kind: CivicOrganisation,
        city: Some(Brugge),
        website: Some("https://www.energiebuurt.example"),
        description: "Burgercoöperatie die zonnepanelen op gedeelde daken legt en buren helpt \
                      energie te besparen.",
        capabilities: &["energiecoöperatie", "burgerparticipatie"],
        offered: &["productiedata zonnepanelen"],
        needed: &["zonnepotentieel daken", "energieverbruik stadsgebouwen"],
        interests: &["energie"],
        contact: (
            "Dirk Van Steenkiste",
            "dirk.vansteenkiste@example.org",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "bomenwacht",
        name: "Bomenwacht Gent vzw",
        kind: CivicOrganisation,
        city: Some(Gent),
        website: None,
        description: "Vrijwilligers die de bomen in de stad opvolgen, nieuwe aanplant voorstellen \
                      en kappingen signaleren.",
        capabilities: &["boomkennis", "veldwerk"],
        offered: &["bomenmeldingen van vrijwilligers"],
        needed: &["boombestand", "kapvergunningen"],
        interests: &["groen"],
        contact: ("Anouk Dhondt", "anouk.dhondt@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "bev",
        name: "Beroepsvereniging Evenementenmakers Vlaanderen vzw",
        kind: CivicOrganisation,
        city: None,
        website: None,
        description: "Beroepsorganisatie van organisatoren van festivals, markten en \
                      sportevenementen.",
        capabilities: &["evenementenorganisatie"],
        offered: &["evenementenkalender van de leden"],
        needed: &["wegenwerken", "innames openbaar domein"],
        interests: &["mobiliteit", "economie"],
        contact: ("Laurens Ghekiere", "laurens.ghekiere@example.org", None),
        status: PartnerStatus::Pending,
    },
    // City and other government services.
    PartnerSeed {
        key: "stadsdata-gent",
        name: "Stad Gent – Cel Stadsdata",
        kind: Government,
        city: Some(Gent),
        website: Some("https://www.gent.example/stadsdata"),
        description: "Beheert het open dataportaal van de stad en begeleidt diensten bij het \
                      publiceren van datasets.",
        capabilities: &[
            "open data publicatie",
            "datakwaliteit",
            "open standaarden (OSLO)",
        ],
        offered: &[
            "catalogus open datasets Gent",
            "boombestand",
            "verkeerstellingen",
        ],
        needed: &["zicht op hergebruikers"],
        interests: &["lucht", "mobiliteit", "wonen", "energie", "groen"],
        contact: (
            "Veerle Van Damme",
            "veerle.vandamme@example.org",
            Some("+32 9 000 20 00"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "milieu-gent",
        name: "Stad Gent – Dienst Milieu en Klimaat",
        kind: Government,
        city: Some(Gent),
        website: Some("https://www.gent.example/milieu-en-klimaat"),
        description: "Volgt de luchtkwaliteit in de stad op en voert het klimaatplan uit.",
        capabilities: &["luchtkwaliteit", "beleidsadvies", "projectleiding"],
        offered: &["metingen van de luchtmeetstations"],
        needed: &["fijnstof real-time", "sensordata van burgers"],
        interests: &["lucht", "energie"],
        contact: (
            "Tom Vanderstraeten",
            "tom.vanderstraeten@example.org",
            Some("+32 9 000 20 41"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "wegen-gent",
        name: "Stad Gent – Team Wegen en Verkeer",
        kind: Government,
        city: Some(Gent),
        website: None,
        description: "Plant en coördineert wegenwerken en verkeersmaatregelen in Gent.",
        capabilities: &["mobiliteit", "planning van wegenwerken"],
        offered: &["geplande wegenwerken", "verkeerstellingen"],
        needed: &["evenementen en innames", "hinderberichten"],
        interests: &["mobiliteit"],
        contact: ("Karen De Wilde", "karen.dewilde@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "databeheer-brugge",
        name: "Stad Brugge – Team Databeheer",
        kind: Government,
        city: Some(Brugge),
        website: Some("https://www.brugge.example/databeheer"),
        description: "Het datateam van de stad: beheert de stedelijke datasets, het open \
                      dataportaal en de samenwerking met Gent in LODE.",
        capabilities: &[
            "open data publicatie",
            "data-architectuur",
            "projectleiding",
        ],
        offered: &["catalogus open datasets Brugge", "parkeerbezetting"],
        needed: &["zicht op hergebruikers"],
        interests: &["mobiliteit", "economie", "energie", "wonen"],
        contact: (
            "Pieter Devriendt",
            "pieter.devriendt@example.org",
            Some("+32 50 00 10 10"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "evenementen-brugge",
        name: "Stad Brugge – Dienst Evenementen en Innames",
        kind: Government,
        city: Some(Brugge),
        website: None,
        description: "Vergunt evenementen, markten en innames van het openbaar domein.",
        capabilities: &["vergunningen", "evenementenplanning"],
        offered: &["evenementenkalender", "innames openbaar domein"],
        needed: &["geplande wegenwerken"],
        interests: &["mobiliteit", "economie"],
        contact: ("Sarah Bultinck", "sarah.bultinck@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "groendienst-brugge",
        name: "Stad Brugge – Groendienst",
        kind: Government,
        city: Some(Brugge),
        website: None,
        description: "Beheert parken, bomen en ander groen in Brugge en de deelgemeenten.",
        capabilities: &["groenbeheer"],
        offered: &["bomeninventaris Brugge"],
        needed: &["meldingen van burgers"],
        interests: &["groen"],
        contact: ("Geert Vandenberghe", "geert.vandenberghe@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "steunpunt-wvl",
        name: "Provinciaal Datasteunpunt West-Vlaanderen",
        kind: Government,
        city: None,
        website: Some("https://www.datasteunpunt.example"),
        description: "Helpt gemeenten in de provincie bij het delen van data en bij regionale \
                      analyses.",
        capabilities: &["regionale analyses", "opleiding"],
        offered: &["regionale mobiliteitsindicatoren"],
        needed: &["gemeentelijke open data"],
        interests: &["mobiliteit", "energie", "wonen"],
        contact: ("Evelien Dewaele", "evelien.dewaele@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "kustland",
        name: "Hulpverleningszone Kustland",
        kind: Government,
        city: None,
        website: None,
        description: "Brandweer- en ambulancezone voor Brugge en de omliggende gemeenten, die \
                      afsluitingen en omleidingen sneller wil kennen.",
        capabilities: &["incidentrespons", "routeplanning"],
        offered: &[],
        needed: &[
            "wegenwerken",
            "evenementen en innames",
            "afsluitingen real-time",
        ],
        interests: &["mobiliteit"],
        contact: (
            "Filip Vermeersch",
            "filip.vermeersch@example.org",
            Some("+32 50 00 99 01"),
        ),
        status: PartnerStatus::Approved,
    },
    // Education and research.
    PartnerSeed {
        key: "datalab-hwv",
        name: "Hogeschool Westvlaanderen Datalab",
        kind: EducationResearch,
        city: Some(Brugge),
        website: Some("https://datalab.hogeschool-westvlaanderen.example"),
        description: "Onderzoeks- en onderwijslab waar studenten werken aan echte datavragen van \
                      steden en bedrijven.",
        capabilities: &[
            "data science",
            "API-ontwikkeling",
            "studentenprojecten",
            "datavisualisatie",
        ],
        offered: &[],
        needed: &[
            "wegenwerken",
            "parkeerbezetting",
            "energieverbruik stadsgebouwen",
        ],
        interests: &["mobiliteit", "energie"],
        contact: ("Lien Vanhecke", "lien.vanhecke@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "stadslucht",
        name: "Universiteit Scheldeland – Onderzoeksgroep Stadslucht",
        kind: EducationResearch,
        city: Some(Gent),
        website: Some("https://stadslucht.scheldeland.example"),
        description: "Onderzoekt luchtverontreiniging en gezondheid in steden en valideert \
                      goedkope sensoren tegen referentiestations.",
        capabilities: &[
            "luchtkwaliteit",
            "kalibratie van sensoren",
            "statistiek",
            "gezondheidsonderzoek",
        ],
        offered: &["kalibratiemodellen voor sensoren"],
        needed: &["fijnstof real-time", "verkeerstellingen"],
        interests: &["lucht"],
        contact: (
            "Mathias Van de Velde",
            "mathias.vandevelde@example.org",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "de-linde",
        name: "Stedelijke Basisschool De Linde",
        kind: EducationResearch,
        city: Some(Gent),
        website: None,
        description: "Basisschool met een schoolstraat; de leerlingen van het vijfde leerjaar \
                      volgen de bomen in hun buurt op.",
        capabilities: &["educatieve projecten"],
        offered: &[],
        needed: &["boombestand", "luchtkwaliteit"],
        interests: &["groen", "lucht"],
        contact: (
            "Katrien Demeulemeester",
            "katrien.demeulemeester@example.org",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "zandvoorde",
        name: "Campus Zandvoorde Secundair",
        kind: EducationResearch,
        city: Some(Brugge),
        website: None,
        description: "Secundaire school met een STEM-richting die met leerlingen sensoren bouwt en \
                      data analyseert.",
        capabilities: &["STEM-onderwijs", "sensoren bouwen"],
        offered: &[],
        needed: &[
            "boombestand",
            "luchtkwaliteit",
            "energieverbruik stadsgebouwen",
        ],
        interests: &["groen", "energie", "lucht"],
        contact: ("Bart Opsomer", "bart.opsomer@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "mobilab",
        name: "Mobiliteitslab Noordzee",
        kind: EducationResearch,
        city: None,
        website: Some("https://www.mobilab-noordzee.example"),
        description: "Onafhankelijk onderzoekscentrum voor mobiliteit en logistiek aan de kust.",
        capabilities: &[
            "mobiliteitsonderzoek",
            "verkeersmodellen",
            "gebruikersonderzoek",
        ],
        offered: &["verkeersmodel regio Brugge"],
        needed: &["verkeerstellingen", "wegenwerken"],
        interests: &["mobiliteit"],
        contact: ("Charlotte Verbeke", "charlotte.verbeke@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "energietransitie",
        name: "Kenniscentrum Energietransitie Vlaanderen",
        kind: EducationResearch,
        city: None,
        website: Some("https://www.energietransitie.example"),
        description: "Onderzoekt hoe steden en burgers samen hun energieverbruik kunnen verlagen.",
        capabilities: &["energieanalyse", "beleidsonderzoek"],
        offered: &["energiekaarten per wijk"],
        needed: &["energieverbruik stadsgebouwen"],
        interests: &["energie", "wonen"],
        contact: ("Ruben Vlaeminck", "ruben.vlaeminck@example.org", None),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "datawijs",
        name: "CVO Datawijs Gent",
        kind: EducationResearch,
        city: Some(Gent),
        website: Some("https://www.cvodatawijs.example"),
        description: "Centrum voor volwassenenonderwijs met opleidingen datageletterdheid voor \
                      buurtwerkers en ambtenaren.",
        capabilities: &["opleiding datageletterdheid", "workshops"],
        offered: &[],
        needed: &["voorbeelddatasets voor lessen"],
        interests: &["wonen", "groen"],
        contact: ("Ilse Beernaert", "ilse.beernaert@example.org", None),
        status: PartnerStatus::Approved,
    },
    // Citizens: the partner is the person, so the contact is too.
    PartnerSeed {
        key: "lotte",
        name: "Lotte Verstraete",
        kind: Citizen,
        city: Some(Gent),
        website: None,
        description: "Ingenieur en burgerwetenschapper die al drie jaar fijnstof meet met een \
                      sensor op haar balkon in Sint-Amandsberg.",
        capabilities: &["citizen science", "Python"],
        offered: &["fijnstofmetingen balkonsensor"],
        needed: &["luchtkwaliteit"],
        interests: &["lucht"],
        contact: (
            "Lotte Verstraete",
            "lotte.verstraete@voorbeeld.example",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "ruben",
        name: "Ruben De Cock",
        kind: Citizen,
        city: Some(Brugge),
        website: None,
        description: "Hobbyontwikkelaar die een app wil bouwen met vrije parkeerplaatsen en \
                      evenementen in Brugge.",
        capabilities: &["app-ontwikkeling"],
        offered: &[],
        needed: &["parkeerbezetting", "evenementen en innames"],
        interests: &["mobiliteit"],
        contact: ("Ruben De Cock", "ruben.decock@voorbeeld.example", None),
        status: PartnerStatus::Pending,
    },
    PartnerSeed {
        key: "nora",
        name: "Nora El Amrani",
        kind: Citizen,
        city: Some(Gent),
        website: None,
        description: "Mama van twee in Ledeberg en actief in de schoolstraatwerking; wil weten hoe \
                      gezond de lucht aan de schoolpoort is.",
        capabilities: &["buurtnetwerk"],
        offered: &[],
        needed: &["luchtkwaliteit", "verkeerstellingen"],
        interests: &["lucht", "mobiliteit"],
        contact: (
            "Nora El Amrani",
            "nora.elamrani@voorbeeld.example",
            Some("+32 470 00 98 76"),
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "pieter-jan",
        name: "Pieter-Jan Vanhoutte",
        kind: Citizen,
        city: Some(Brugge),
        website: Some("https://fietsenin.brugge-blog.example"),
        description: "Fietst dagelijks van Sint-Kruis naar het station en schrijft een blog over \
                      fietsen in Brugge.",
        capabilities: &["blog", "fotografie"],
        offered: &[],
        needed: &["wegenwerken", "verkeerstellingen"],
        interests: &["mobiliteit"],
        contact: (
            "Pieter-Jan Vanhoutte",
            "pj.vanhoutte@voorbeeld.example",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "sofie",
        name: "Sofie Lambrechts",
        kind: Citizen,
        city: None,
        website: None,
        description: "Freelance datajournalist die schrijft over wonen en klimaat in Vlaamse \
                      steden.",
        capabilities: &["datajournalistiek", "datavisualisatie"],
        offered: &[],
        needed: &[
            "woningaanbod per wijk",
            "energieverbruik stadsgebouwen",
            "luchtkwaliteit",
        ],
        interests: &["wonen", "energie", "lucht"],
        contact: (
            "Sofie Lambrechts",
            "sofie.lambrechts@voorbeeld.example",
            None,
        ),
        status: PartnerStatus::Approved,
    },
    PartnerSeed {
        key: "mehmet",
        name: "Mehmet Yildiz",
        kind: Citizen,
        city: Some(Gent),
        website: None,
        description: "Gepensioneerd tuinarchitect en vrijwilliger bij de Bomenwacht, die elke \
                      straatboom in de Brugse Poort kent.",
        capabilities: &["boomkennis"],
        offered: &["foto's en metingen van straatbomen"],
        needed: &["boombestand"],
        interests: &["groen"],
        contact: ("Mehmet Yildiz", "mehmet.yildiz@voorbeeld.example", None),
        status: PartnerStatus::Approved,
    },
];

/// A co-creation event to create, with its sign-ups.
struct EventSeed {
    title: &'static str,
    description: &'static str,
    format: EventFormat,
    /// The first such weekday on or after this many days from today.
    on: (i64, Weekday),
    /// Local start time (hour, minute) in Brussels, and the length in minutes.
    start: (u32, u32),
    minutes: i64,
    /// The venue's name and address.
    venue: Option<(&'static str, &'static str)>,
    online_url: Option<&'static str>,
    capacity: Option<i32>,
    /// Sign-ups open this many days before the event day (at 9:00) and close this many hours
    /// before the start.
    registration: Option<(i64, i64)>,
    pilot_case: Option<&'static str>,
    value_domain: Option<&'static str>,
    cities: &'static [City],
    audience: &'static [StakeholderType],
    status: EventStatus,
    registrations: &'static [(&'static str, RegistrationStatus)],
}

/// Every stakeholder type.
const EVERYONE: &[StakeholderType] = &[
    Citizen,
    CivicOrganisation,
    Government,
    Company,
    EducationResearch,
];

/// A fictional meeting place in Ghent, used by more than one event.
const LUCHTBALLON: (&str, &str) = ("Buurthuis De Luchtballon", "Voorbeeldstraat 12, 9000 Gent");

const EVENTS: &[EventSeed] = &[
    EventSeed {
        title: "Kick-off cocreatie: real-time luchtkwaliteit rond Gentse scholen",
        description: "De eerste cocreatiesessie van de pilootcase. We leggen de vragen van scholen \
                      en ouders naast de metingen van Luchtpuls en het stedelijk meetnet, en \
                      kiezen de tien schoolomgevingen waar we starten.\n\n\
                      **Programma**\n\
                      - 14.00 Welkom en toelichting bij LODE\n\
                      - 14.20 Wat meten we vandaag al?\n\
                      - 15.00 Tafelgesprekken: noden van scholen, ouders en onderzoekers\n\
                      - 16.30 Keuze van de schoolomgevingen en volgende stappen",
        format: EventFormat::Workshop,
        on: (-75, Weekday::Thu),
        start: (14, 0),
        minutes: 180,
        venue: Some(LUCHTBALLON),
        online_url: None,
        capacity: Some(40),
        registration: Some((30, 48)),
        pilot_case: Some("lucht-live"),
        value_domain: Some("lucht"),
        cities: &[Gent],
        audience: EVERYONE,
        status: EventStatus::Completed,
        registrations: &[
            ("milieu-gent", Attended),
            ("luchtpuls", Attended),
            ("stadsdata-gent", Attended),
            ("datadraad", Attended),
            ("stadslucht", Attended),
            ("adem-vrij", Attended),
            ("schoolstraten", Attended),
            ("lotte", Attended),
            ("nora", Attended),
            ("vizuelo", NoShow),
            ("handelsradar", NoShow),
        ],
    },
    EventSeed {
        title: "Focusgroep: hinder door wegenwerken en evenementen",
        description: "Wie heeft welke informatie over wegenwerken en evenementen nodig, en hoe \
                      vroeg? In kleine groep overlopen we de noden van hulpdiensten, handelaars, \
                      vervoerders en fietsers, als start van de tweede pilootcase.",
        format: EventFormat::FocusGroup,
        on: (-40, Weekday::Tue),
        start: (9, 30),
        minutes: 150,
        venue: Some(("Vergaderzaal Het Pakhuis", "Voorbeeldkaai 5, 8000 Brugge")),
        online_url: None,
        capacity: Some(15),
        registration: Some((21, 72)),
        pilot_case: Some("hinder-inzicht"),
        value_domain: Some("mobiliteit"),
        cities: &[Brugge, Gent],
        audience: &[Government, Company, CivicOrganisation],
        status: EventStatus::Completed,
        registrations: &[
            ("databeheer-brugge", Attended),
            ("evenementen-brugge", Attended),
            ("wegen-gent", Attended),
            ("handelaars-brugge", Attended),
            ("route-relief", Attended),
            ("kustland", Attended),
            ("fietsteller", Attended),
            ("trappers", NoShow),
        ],
    },
    EventSeed {
        title: "Webinar: het boombestand in de klas",
        description: "Hoe volg je met leerlingen op hoe het bomenbestand van je stad evolueert? \
                      Een leerkracht en de Bomenwacht tonen hoe ze het aanpakken, en we overlopen \
                      de datasets die je vrij kunt gebruiken.",
        format: EventFormat::Webinar,
        on: (-20, Weekday::Wed),
        start: (19, 0),
        minutes: 90,
        venue: None,
        online_url: Some("https://meet.example.org/lode/boombestand-in-de-klas"),
        capacity: Some(300),
        registration: Some((28, 2)),
        pilot_case: None,
        value_domain: Some("groen"),
        cities: &[Gent, Brugge],
        audience: &[EducationResearch, Citizen, CivicOrganisation],
        status: EventStatus::Completed,
        registrations: &[
            ("de-linde", Attended),
            ("zandvoorde", Attended),
            ("bomenwacht", Attended),
            ("groendienst-brugge", Attended),
            ("stadsdata-gent", Attended),
            ("mehmet", Attended),
            ("datawijs", Attended),
            ("sofie", NoShow),
        ],
    },
    EventSeed {
        title: "Fietstocht langs de sensorlocaties",
        description: "**Geannuleerd.** Door de heraanleg van de route kunnen we niet veilig langs \
                      alle sensorlocaties fietsen. We plannen een nieuwe datum na de hackathon.",
        format: EventFormat::Other,
        on: (5, Weekday::Sun),
        start: (10, 0),
        minutes: 180,
        venue: Some(LUCHTBALLON),
        online_url: None,
        capacity: Some(25),
        registration: Some((21, 24)),
        pilot_case: Some("lucht-live"),
        value_domain: Some("lucht"),
        cities: &[Gent],
        audience: &[Citizen, CivicOrganisation],
        status: EventStatus::Cancelled,
        registrations: &[
            ("nora", RegistrationStatus::Cancelled),
            ("adem-vrij", RegistrationStatus::Cancelled),
            ("mehmet", RegistrationStatus::Cancelled),
        ],
    },
    EventSeed {
        title: "Cocreatiesessie: een hinderkaart voor handelaars",
        description: "We testen een eerste schets van de hinderkaart met handelaars, vervoerders \
                      en fietsers. Wat moet je zien, hoe ver vooraf, en via welk kanaal? Kleine \
                      groep, zodat iedereen aan het woord komt.",
        format: EventFormat::Workshop,
        on: (10, Weekday::Mon),
        start: (19, 0),
        minutes: 150,
        venue: Some(("Stadshal Zuid, zaal 2", "Voorbeeldplein 3, 8000 Brugge")),
        online_url: None,
        capacity: Some(8),
        registration: Some((21, 24)),
        pilot_case: Some("hinder-inzicht"),
        value_domain: Some("mobiliteit"),
        cities: &[Brugge],
        audience: &[CivicOrganisation, Company, Citizen],
        status: EventStatus::Published,
        // Eight seats, all taken: the last two to sign up wait for a place.
        registrations: &[
            ("handelaars-brugge", Confirmed),
            ("handelsradar", Confirmed),
            ("kaartwerk", Confirmed),
            ("route-relief", Confirmed),
            ("evenementen-brugge", Confirmed),
            ("fietsteller", Confirmed),
            ("trappers", Confirmed),
            ("pieter-jan", Confirmed),
            ("datalab-hwv", Waitlisted),
            ("mobilab", Waitlisted),
        ],
    },
    EventSeed {
        title: "Hackathon: luchtkwaliteit live op de kaart",
        description: "Twee dagen bouwen met de nieuwe real-time luchtkwaliteitsdata: dashboards, \
                      meldingen voor ouders, lespakketten. Data, mentors en maaltijden zijn \
                      voorzien; de beste ideeën krijgen een plek in de pilootcase.",
        format: EventFormat::Hackathon,
        on: (21, Weekday::Sat),
        start: (9, 0),
        minutes: 32 * 60,
        venue: Some(("De Datahal", "Voorbeeldkaai 30, 9000 Gent")),
        online_url: None,
        capacity: Some(60),
        registration: Some((30, 48)),
        pilot_case: Some("lucht-live"),
        value_domain: Some("lucht"),
        cities: &[Gent],
        audience: &[Company, EducationResearch, Citizen, CivicOrganisation],
        status: EventStatus::Published,
        registrations: &[
            ("luchtpuls", Confirmed),
            ("datadraad", Confirmed),
            ("vizuelo", Confirmed),
            ("open-data-gilde", Confirmed),
            ("stadslucht", Confirmed),
            ("datalab-hwv", Confirmed),
            ("zandvoorde", Confirmed),
            ("lotte", Confirmed),
            ("sofie", Confirmed),
            ("adem-vrij", Confirmed),
        ],
    },
    EventSeed {
        title: "Infosessie: resultaten van de marktbevraging en de volgende stappen",
        description: "Wat vertelden burgers, organisaties, bedrijven en onderzoekers ons in de \
                      marktbevraging? We stellen de resultaten voor, de gekozen meerwaardegebieden \
                      en de stand van beide pilootcases. Ter plaatse of online.",
        format: EventFormat::InfoSession,
        on: (35, Weekday::Thu),
        start: (19, 30),
        minutes: 120,
        venue: Some(("Concertzaal Het Klokhuis", "Voorbeeldlaan 1, 8000 Brugge")),
        online_url: Some("https://meet.example.org/lode/infosessie"),
        capacity: Some(120),
        registration: Some((42, 24)),
        pilot_case: None,
        value_domain: None,
        cities: &[Brugge, Gent],
        audience: EVERYONE,
        status: EventStatus::Published,
        registrations: &[
            ("open-data-gilde", Confirmed),
            ("steunpunt-wvl", Confirmed),
            ("energiebuurt", Confirmed),
            ("buurtwerk-muide", Confirmed),
            ("warmtekaart", Confirmed),
            ("pieter-jan", Confirmed),
            ("energietransitie", Confirmed),
        ],
    },
    EventSeed {
        title: "Workshop: woningmarktdata per wijk",
        description: "Welke cijfers over koop- en huurwoningen hebben buurtorganisaties nodig, en \
                      op welk niveau? Locatie volgt.",
        format: EventFormat::Workshop,
        on: (60, Weekday::Tue),
        start: (19, 0),
        minutes: 150,
        venue: None,
        online_url: None,
        capacity: Some(25),
        registration: Some((30, 24)),
        pilot_case: None,
        value_domain: Some("wonen"),
        cities: &[Gent],
        audience: &[CivicOrganisation, Citizen, Government, EducationResearch],
        status: EventStatus::Draft,
        registrations: &[],
    },
];

/// A success story to create.
struct StorySeed {
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    pilot_case: Option<&'static str>,
    value_domain: Option<&'static str>,
    city: Option<City>,
    /// What was measured, and the figure.
    impact: &'static [(&'static str, &'static str)],
    partners: &'static [&'static str],
    datasets: &'static [&'static str],
    status: StoryStatus,
}

const STORIES: &[StorySeed] = &[
    StorySeed {
        title: "Fijnstof aan de schoolpoort, elke vijf minuten",
        summary: "In de eerste maanden van de pilootcase meten tien Gentse schoolomgevingen \
                  fijnstof en NO₂ bijna real-time. Ouders en leerkrachten volgen het op een \
                  eenvoudig dashboard, en de data is open voor iedereen.",
        body: "Luchtpuls bv had sensoren, de stad had meetstations, en ouders hadden vragen. Wat \
               ontbrak, was een manier om die drie samen te brengen.\n\n\
               Na de kick-off kozen ouders en scholen samen tien schoolomgevingen. De \
               onderzoeksgroep Stadslucht kalibreerde de sensoren tegen de referentiestations, \
               Datadraad bouwde de open API en de stad publiceert de metingen nu naast die van \
               haar eigen meetnet.\n\n\
               > \"We zien nu wanneer de piek valt, en dat is net bij het brengen.\" \u{2014} een \
               ouder uit het Ouderplatform Schoolstraten",
        pilot_case: Some("lucht-live"),
        value_domain: Some("lucht"),
        city: Some(Gent),
        impact: &[
            ("Schoolomgevingen met sensoren", "10"),
            ("Meetfrequentie", "elke 5 minuten"),
            (
                "Tijd van meting tot open data",
                "minder dan 2 minuten (was 24 uur)",
            ),
            ("Unieke bezoekers van het dashboard per maand", "3.200"),
        ],
        partners: &[
            "luchtpuls",
            "milieu-gent",
            "stadslucht",
            "schoolstraten",
            "datadraad",
        ],
        datasets: &["lucht-meetnet", "fijnstof-live"],
        status: StoryStatus::Published,
    },
    StorySeed {
        title: "Leerlingen van De Linde houden het boombestand bij",
        summary: "Het vijfde leerjaar van een Gentse basisschool controleerde een schooljaar lang \
                  de straatbomen in de buurt en gaf correcties door aan de stad.",
        body: "Met een tablet, een meetlint en het open boombestand trokken de leerlingen elke \
               maand de wijk in. Ze vergeleken wat ze zagen met wat de dataset zei: soort, \
               stamomtrek, plantjaar.\n\n\
               Vrijwilligers van de Bomenwacht hielpen met het herkennen van soorten; de Cel \
               Stadsdata verwerkte de correcties. Het lespakket is nu vrij beschikbaar voor andere \
               scholen.",
        pilot_case: None,
        value_domain: Some("groen"),
        city: Some(Gent),
        impact: &[
            ("Leerlingen betrokken", "46"),
            ("Bomen gecontroleerd", "1.240"),
            ("Correcties doorgegeven aan de stad", "57"),
            ("Scholen die het lespakket willen gebruiken", "12"),
        ],
        partners: &["de-linde", "bomenwacht", "stadsdata-gent", "mehmet"],
        datasets: &["bomen"],
        status: StoryStatus::Published,
    },
    StorySeed {
        title: "Vrije parkeerplaatsen live in de Brugse routeplanner",
        summary: "Kaartwerk bv koppelde de open data over de bezetting van de Brugse parkings aan \
                  haar routeplanner. Bezoekers rijden meteen naar een parking met plaats.",
        body: "De bezetting van de parkings was al open data, maar weinig diensten gebruikten ze. \
               Kaartwerk bouwde ze in haar routeplanner in, samen met de evenementenkalender: bij \
               een markt of evenement stuurt de planner bezoekers naar een parking aan de rand.\n\n\
               De Handelaarsvereniging verspreidde de planner bij haar leden; het Team Databeheer \
               van de stad maakte de dataset stabieler en beter gedocumenteerd.",
        pilot_case: None,
        value_domain: Some("mobiliteit"),
        city: Some(Brugge),
        impact: &[
            ("Parkings met live bezetting", "7"),
            ("Opvragingen van de open API per dag", "48.000"),
            ("Minder zoekverkeer in de binnenstad (schatting)", "6 %"),
        ],
        partners: &["kaartwerk", "databeheer-brugge", "handelaars-brugge"],
        datasets: &["parkeren", "evenementen"],
        status: StoryStatus::Published,
    },
    StorySeed {
        title: "Buurtwerk Muide brengt het woningaanbod in de wijk in kaart",
        summary: "Met de jaarcijfers over koop- en huurwoningen per wijk maakt een \
                  buurtorganisatie zelf een jaarlijks wijkrapport, samen met vrijwilligers.",
        body: "Buurtwerk Muide wilde al lang weten hoe het woningaanbod in de wijk evolueert. Met \
               de open jaarcijfers en een opleiding datageletterdheid van CVO Datawijs maken \
               vrijwilligers nu zelf een wijkrapport.\n\n\
               *Dit verhaal wordt nog nagelezen door de betrokken partners.*",
        pilot_case: None,
        value_domain: Some("wonen"),
        city: Some(Gent),
        impact: &[("Wijkrapporten", "3"), ("Vrijwilligers opgeleid", "14")],
        partners: &["buurtwerk-muide", "datawijs", "sofie"],
        datasets: &["woningmarkt"],
        status: StoryStatus::InReview,
    },
];

// -------------------------------------------------------------------------------------------------
// Loading.
// -------------------------------------------------------------------------------------------------

/// The ids of created records by their demo key, so later records can point to them.
struct Ids {
    kind: &'static str,
    by_key: HashMap<&'static str, Uuid>,
}

impl Ids {
    /// An empty map for records of `kind` (for messages).
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            by_key: HashMap::new(),
        }
    }

    /// The id of the record with `key`.
    fn get(&self, key: &str) -> ApiResult<Uuid> {
        // A typo in the tables above, not a client error; the message says where to look.
        self.by_key.get(key).copied().ok_or_else(|| {
            ApiError::invalid(
                "demo",
                format!("the demo data names an unknown {} \"{key}\"", self.kind),
            )
        })
    }

    /// The id of the record with `key`, if a key is given.
    fn get_opt(&self, key: Option<&str>) -> ApiResult<Option<Uuid>> {
        key.map(|key| self.get(key)).transpose()
    }

    /// The ids of the records with `keys`.
    fn get_all(&self, keys: &[&str]) -> ApiResult<Vec<Uuid>> {
        keys.iter().map(|key| self.get(key)).collect()
    }
}

/// Owned copies of a table's texts.
fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// The status moves, allowed by the lifecycle, that take a new record to a status.
trait Route: Lifecycle {
    /// The moves from the status a record is created with to `self`.
    fn route(self) -> &'static [Self];
}

impl Route for ValueDomainStatus {
    fn route(self) -> &'static [Self] {
        match self {
            Self::Candidate => &[],
            Self::Selected => &[Self::Selected],
            Self::Archived => &[Self::Archived],
        }
    }
}

impl Route for PilotCasePhase {
    fn route(self) -> &'static [Self] {
        use PilotCasePhase::*;
        match self {
            Proposed => &[],
            Preparing => &[Preparing],
            Running => &[Preparing, Running],
            Evaluating => &[Preparing, Running, Evaluating],
            Completed => &[Preparing, Running, Evaluating, Completed],
            Stopped => &[Stopped],
        }
    }
}

impl Route for PartnerStatus {
    fn route(self) -> &'static [Self] {
        match self {
            Self::Pending => &[],
            Self::Approved => &[Self::Approved],
            // Partners leave after having taken part.
            Self::Archived => &[Self::Approved, Self::Archived],
        }
    }
}

impl Route for EventStatus {
    fn route(self) -> &'static [Self] {
        match self {
            Self::Draft => &[],
            Self::Published => &[Self::Published],
            Self::Completed => &[Self::Published, Self::Completed],
            // Called off after people had signed up.
            Self::Cancelled => &[Self::Published, Self::Cancelled],
        }
    }
}

impl Route for StoryStatus {
    fn route(self) -> &'static [Self] {
        match self {
            Self::Draft => &[],
            Self::InReview => &[Self::InReview],
            Self::Published => &[Self::InReview, Self::Published],
        }
    }
}

/// Moves a new record to `to`, one allowed step at a time.
async fn move_to<R>(db: &Store, id: Uuid, to: R::Status) -> ApiResult<()>
where
    R: HasStatus,
    R::Status: Route,
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    for &step in to.route() {
        record::set_status::<R>(db, &DEMO_DATA, id, step).await?;
    }
    Ok(())
}

/// The first `weekday` on or after the day `offset` days from `today`.
fn day_on(today: NaiveDate, (offset, weekday): (i64, Weekday)) -> NaiveDate {
    let day = today + Duration::days(offset);
    let ahead = (i64::from(weekday.num_days_from_monday())
        - i64::from(day.weekday().num_days_from_monday()))
    .rem_euclid(7);
    day + Duration::days(ahead)
}

/// A wall-clock time in Brussels on `day`, as a UTC instant.
fn brussels(day: NaiveDate, (hour, minute): (u32, u32)) -> ApiResult<DateTime<Utc>> {
    day.and_hms_opt(hour, minute, 0)
        // The earlier instant when the clock goes back; none in the hour the clock skips.
        .and_then(|local| Brussels.from_local_datetime(&local).earliest())
        .map(|instant| instant.with_timezone(&Utc))
        .ok_or_else(|| {
            ApiError::invalid(
                "startsAt",
                format!("{day} {hour:02}:{minute:02} is no time in Brussels"),
            )
        })
}

/// Creates the value domains and gives them their status.
async fn load_value_domains(db: &Store) -> ApiResult<Ids> {
    let mut ids = Ids::new("value domain");
    for seed in DOMAINS {
        let (economic, societal, readiness) = seed.scores;
        let fields = ValueDomainFields {
            name: Some(seed.name.to_owned()),
            description: Some(seed.description.to_owned()),
            themes: Some(seed.themes.to_vec()),
            economic_value: Some(economic),
            societal_value: Some(societal),
            data_readiness: Some(readiness),
            ..Default::default()
        };
        let created = record::create::<value_domain::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<value_domain::Entity>(db, created.id, seed.status).await?;
        ids.by_key.insert(seed.key, created.id);
    }
    Ok(ids)
}

/// Creates the datasets.
async fn load_datasets(db: &Store) -> ApiResult<Ids> {
    let mut ids = Ids::new("dataset");
    for seed in DATASETS {
        let fields = DatasetFields {
            title: Some(seed.title.to_owned()),
            publisher: Some(seed.publisher.to_owned()),
            url: Some(seed.url.to_owned()),
            licence: Some(seed.licence.to_owned()),
            theme: Some(seed.theme),
            ..Default::default()
        };
        let created = record::create::<dataset::Entity>(db, &DEMO_DATA, fields).await?;
        ids.by_key.insert(seed.key, created.id);
    }
    Ok(ids)
}

/// Creates the pilot cases, with their datasets, and moves them to their phase.
async fn load_pilot_cases(
    db: &Store,
    today: NaiveDate,
    domains: &Ids,
    datasets: &Ids,
) -> ApiResult<Ids> {
    let mut ids = Ids::new("pilot case");
    for seed in CASES {
        let (first, last) = seed.days;
        let fields = PilotCaseFields {
            title: Some(seed.title.to_owned()),
            summary: Some(seed.summary.to_owned()),
            description: Some(seed.description.to_owned()),
            value_domain_id: Some(domains.get(seed.value_domain)?),
            cities: Some(seed.cities.to_vec()),
            goals: Some(strings(seed.goals)),
            start_date: Some(Some(today + Duration::days(first))),
            end_date: Some(Some(today + Duration::days(last))),
            needed_capabilities: Some(
                seed.capabilities
                    .iter()
                    .map(|&(name, weight)| NeededCapability {
                        name: name.to_owned(),
                        weight,
                    })
                    .collect(),
            ),
            wanted_stakeholder_types: Some(seed.wanted.to_vec()),
            dataset_ids: Some(datasets.get_all(seed.datasets)?),
            ..Default::default()
        };
        let created = record::create::<pilot_case::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<pilot_case::Entity>(db, created.id, seed.phase).await?;
        ids.by_key.insert(seed.key, created.id);
    }
    Ok(ids)
}

/// Creates the partners, with their contacts and interests, and gives them their status.
async fn load_partners(db: &Store, domains: &Ids) -> ApiResult<Ids> {
    let mut ids = Ids::new("partner");
    for seed in PARTNERS {
        let (name, email, phone) = seed.contact;
        let fields = PartnerFields {
            name: Some(seed.name.to_owned()),
            stakeholder_type: Some(seed.kind),
            description: Some(seed.description.to_owned()),
            website: Some(seed.website.map(str::to_owned)),
            home_city: Some(seed.city),
            capabilities: Some(strings(seed.capabilities)),
            data_offered: Some(strings(seed.offered)),
            data_needed: Some(strings(seed.needed)),
            interest_ids: Some(domains.get_all(seed.interests)?),
            contact: Some(Some(ContactFields {
                name: name.to_owned(),
                email: email.to_owned(),
                phone: phone.map(str::to_owned),
            })),
            ..Default::default()
        };
        let created = record::create::<partner::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<partner::Entity>(db, created.id, seed.status).await?;
        ids.by_key.insert(seed.key, created.id);
    }
    Ok(ids)
}

/// Invites each case's partners and records their answers (partners must be approved by now).
async fn load_members(db: &Store, cases: &Ids, partners: &Ids) -> ApiResult<()> {
    for seed in CASES {
        let case_id = cases.get(seed.key)?;
        for &(partner, role, answer) in seed.members {
            let member =
                members::invite(db, &DEMO_DATA, case_id, partners.get(partner)?, role).await?;
            if answer != MemberStatus::Invited {
                members::change(db, &DEMO_DATA, member.id, None, Some(answer)).await?;
            }
        }
    }
    Ok(())
}

/// Creates the events and their sign-ups; returns how many sign-ups it wrote.
async fn load_events(
    db: &Store,
    today: NaiveDate,
    domains: &Ids,
    cases: &Ids,
    partners: &Ids,
) -> ApiResult<usize> {
    let mut registrations = 0;
    for seed in EVENTS {
        let day = day_on(today, seed.on);
        let starts_at = brussels(day, seed.start)?;
        let window = match seed.registration {
            Some((days_before, hours_before)) => Some((
                brussels(day - Duration::days(days_before), (9, 0))?,
                starts_at - Duration::hours(hours_before),
            )),
            None => None,
        };
        let fields = EventFields {
            title: Some(seed.title.to_owned()),
            description: Some(seed.description.to_owned()),
            format: Some(seed.format),
            starts_at: Some(starts_at),
            ends_at: Some(starts_at + Duration::minutes(seed.minutes)),
            venue: Some(seed.venue.map(|(name, _)| name.to_owned())),
            address: Some(seed.venue.map(|(_, address)| address.to_owned())),
            online_url: Some(seed.online_url.map(str::to_owned)),
            capacity: Some(seed.capacity),
            registration_opens_at: Some(window.map(|(opens, _)| opens)),
            registration_closes_at: Some(window.map(|(_, closes)| closes)),
            pilot_case_id: Some(cases.get_opt(seed.pilot_case)?),
            value_domain_id: Some(domains.get_opt(seed.value_domain)?),
            cities: Some(seed.cities.to_vec()),
            audience: Some(seed.audience.to_vec()),
            ..Default::default()
        };
        let created = record::create::<event::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<event::Entity>(db, created.id, seed.status).await?;

        // Sign-ups trickle in after registration opens, a few hours apart; none lies in the future.
        let now = now();
        let mut signed_up_at = window.map_or(now, |(opens, _)| opens);
        for &(partner, status) in seed.registrations {
            signed_up_at = (signed_up_at + Duration::hours(5)).min(now);
            registration::Model {
                id: new_id(),
                event_id: created.id,
                partner_id: partners.get(partner)?,
                status,
                code: Some(crate::domain::registrations::new_code()),
                created_at: signed_up_at,
                updated_at: signed_up_at,
            }
            .into_active_model()
            .reset_all()
            .insert(db)
            .await?;
            registrations += 1;
        }
    }
    Ok(registrations)
}

/// Creates the success stories, with their partners and datasets, and gives them their status.
async fn load_stories(
    db: &Store,
    domains: &Ids,
    datasets: &Ids,
    cases: &Ids,
    partners: &Ids,
) -> ApiResult<()> {
    for seed in STORIES {
        let fields = StoryFields {
            title: Some(seed.title.to_owned()),
            summary: Some(seed.summary.to_owned()),
            body: Some(seed.body.to_owned()),
            pilot_case_id: Some(cases.get_opt(seed.pilot_case)?),
            value_domain_id: Some(domains.get_opt(seed.value_domain)?),
            impact_figures: Some(
                seed.impact
                    .iter()
                    .map(|&(label, value)| ImpactFigure {
                        label: label.to_owned(),
                        value: value.to_owned(),
                    })
                    .collect(),
            ),
            city: Some(seed.city),
            partner_ids: Some(partners.get_all(seed.partners)?),
            dataset_ids: Some(datasets.get_all(seed.datasets)?),
            ..Default::default()
        };
        let created = record::create::<success_story::Entity>(db, &DEMO_DATA, fields).await?;
        move_to::<success_story::Entity>(db, created.id, seed.status).await?;
    }
    Ok(())
}
