//! The one place that turns a record into its public search document, or decides it has none. Only what the
//! public may see goes in (each kind's rule in `entities`: `event::Model::is_public`, `event::public()`):
//! drafts, pending partners and every contact detail stay out.

use crate::error::ApiResult;
use crate::markdown;
use entities::values::Theme;
use entities::{
    dataset, event, partner, partner_interest, pilot_case, success_story, value_domain,
};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, QueryTrait, Select,
};
use search::{Kind, SearchDocument};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A theme as the words people search for.
fn theme_words(theme: Theme) -> &'static str {
    match theme {
        Theme::Agri => "landbouw voeding agriculture food",
        Theme::Econ => "economie financien economy finance",
        Theme::Educ => "onderwijs cultuur sport education culture",
        Theme::Ener => "energie energy",
        Theme::Envi => "milieu omgeving environment",
        Theme::Gove => "overheid government",
        Theme::Heal => "gezondheid health",
        Theme::Intr => "internationaal international",
        Theme::Just => "justitie veiligheid justice safety",
        Theme::Regi => "regio stad regions cities",
        Theme::Soci => "bevolking samenleving society population",
        Theme::Tech => "wetenschap technologie science technology",
        Theme::Tran => "vervoer mobiliteit transport",
    }
}

fn document(kind: Kind, record_id: Uuid, slug: &str, title: &str) -> SearchDocument {
    SearchDocument {
        id: kind.document_id(record_id),
        kind,
        record_id,
        slug: slug.to_owned(),
        title: title.to_owned(),
        summary: String::new(),
        body: String::new(),
        tags: Vec::new(),
        cities: Vec::new(),
        stakeholder_types: Vec::new(),
        value_domain_ids: Vec::new(),
        status: String::new(),
        starts_at: None,
    }
}

fn words<T: ActiveEnum<Value = String>>(values: &[T]) -> Vec<String> {
    values.iter().map(ActiveEnum::to_value).collect()
}

fn value_domain_document(m: value_domain::Model) -> Option<SearchDocument> {
    m.is_public().then(|| SearchDocument {
        body: markdown::to_text(&m.description),
        tags: m
            .themes
            .0
            .iter()
            .map(|t| theme_words(*t).to_owned())
            .collect(),
        value_domain_ids: vec![m.id.to_string()],
        status: m.status.to_value(),
        ..document(Kind::ValueDomain, m.id, &m.slug, &m.name)
    })
}

fn pilot_case_document(m: pilot_case::Model) -> Option<SearchDocument> {
    Some(SearchDocument {
        summary: m.summary.clone(),
        body: [markdown::to_text(&m.description), m.goals.0.join("\n")].join("\n\n"),
        tags: m
            .needed_capabilities
            .0
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        cities: words(&m.cities.0),
        stakeholder_types: words(&m.wanted_stakeholder_types.0),
        value_domain_ids: vec![m.value_domain_id.to_string()],
        status: m.phase.to_value(),
        ..document(Kind::PilotCase, m.id, &m.slug, &m.title)
    })
}

/// A partner's public profile only: its contact lives in another table and is never read here.
fn partner_document(m: partner::Model, interests: &[Uuid]) -> Option<SearchDocument> {
    m.is_public().then(|| SearchDocument {
        body: markdown::to_text(&m.description),
        tags: [
            m.capabilities.0.as_slice(),
            &m.data_offered.0,
            &m.data_needed.0,
        ]
        .concat(),
        cities: m.home_city.iter().map(ActiveEnum::to_value).collect(),
        stakeholder_types: vec![m.stakeholder_type.to_value()],
        value_domain_ids: interests.iter().map(Uuid::to_string).collect(),
        status: m.status.to_value(),
        ..document(Kind::Partner, m.id, &m.slug, &m.name)
    })
}

/// An event's document; `names` gives the public value domains' names and pilot cases' titles by id, so an
/// event is found by the words of what it belongs to.
fn event_document(m: event::Model, names: &HashMap<Uuid, String>) -> Option<SearchDocument> {
    let belongs_to = [m.value_domain_id, m.pilot_case_id]
        .into_iter()
        .flatten()
        .filter_map(|id| names.get(&id).cloned());
    m.is_public().then(|| SearchDocument {
        body: markdown::to_text(&m.description),
        tags: [Some(m.format.to_value()), m.venue.clone()]
            .into_iter()
            .flatten()
            .chain(belongs_to)
            .collect(),
        cities: words(&m.cities.0),
        stakeholder_types: words(&m.audience.0),
        value_domain_ids: m.value_domain_id.iter().map(Uuid::to_string).collect(),
        status: m.status.to_value(),
        starts_at: Some(m.starts_at.timestamp()),
        ..document(Kind::Event, m.id, &m.slug, &m.title)
    })
}

fn story_document(m: success_story::Model) -> Option<SearchDocument> {
    m.is_public().then(|| SearchDocument {
        summary: m.summary.clone(),
        body: markdown::to_text(&m.body),
        tags: m.impact_figures.0.iter().map(|f| f.label.clone()).collect(),
        cities: m.city.iter().map(ActiveEnum::to_value).collect(),
        value_domain_ids: m.value_domain_id.iter().map(Uuid::to_string).collect(),
        status: m.status.to_value(),
        ..document(Kind::SuccessStory, m.id, &m.slug, &m.title)
    })
}

fn dataset_document(m: dataset::Model) -> Option<SearchDocument> {
    Some(SearchDocument {
        summary: m.publisher.clone(),
        tags: vec![m.licence.clone(), theme_words(m.theme).to_owned()],
        status: "AVAILABLE".to_owned(),
        ..document(Kind::Dataset, m.id, &m.slug, &m.title)
    })
}

/// The names of the public value domains (a proposed one stays out of the index) and the titles of the
/// pilot cases (all public) the events belong to, by id.
async fn names_of_links(
    conn: &impl ConnectionTrait,
    events: &[event::Model],
) -> ApiResult<HashMap<Uuid, String>> {
    // Each once: thousands of events share a few dozen domains and a few hundred cases.
    let domains: HashSet<Uuid> = events.iter().filter_map(|e| e.value_domain_id).collect();
    let cases: HashSet<Uuid> = events.iter().filter_map(|e| e.pilot_case_id).collect();
    let mut names = HashMap::new();
    if !domains.is_empty() {
        for d in value_domain::Entity::find()
            .filter(value_domain::Column::Id.is_in(domains))
            .filter(value_domain::public())
            .all(conn)
            .await?
        {
            names.insert(d.id, d.name);
        }
    }
    if !cases.is_empty() {
        for c in pilot_case::Entity::find()
            .filter(pilot_case::Column::Id.is_in(cases))
            .all(conn)
            .await?
        {
            names.insert(c.id, c.title);
        }
    }
    Ok(names)
}

/// Rows of `E`: those with the given ids, or all of them.
fn rows<E: EntityTrait>(id: E::Column, ids: Option<&[Uuid]>) -> Select<E> {
    match ids {
        Some(ids) => E::find().filter(id.is_in(ids.iter().copied())),
        None => E::find(),
    }
}

/// The public documents of records of one kind: of the given ids (a missing one has no public document and
/// must leave the index), or of every record.
pub async fn documents(
    conn: &impl ConnectionTrait,
    kind: Kind,
    ids: Option<&[Uuid]>,
) -> ApiResult<Vec<SearchDocument>> {
    Ok(match kind {
        Kind::ValueDomain => rows::<value_domain::Entity>(value_domain::Column::Id, ids)
            .all(conn)
            .await?
            .into_iter()
            .filter_map(value_domain_document)
            .collect(),
        Kind::PilotCase => rows::<pilot_case::Entity>(pilot_case::Column::Id, ids)
            .all(conn)
            .await?
            .into_iter()
            .filter_map(pilot_case_document)
            .collect(),
        Kind::Partner => {
            let public =
                rows::<partner::Entity>(partner::Column::Id, ids).filter(partner::public());
            let partners = public.clone().all(conn).await?;
            // The links of the same partners, by a subquery: a list of their ids would outgrow the
            // databases' limit on parameters when every partner is indexed again.
            let links = partner_interest::Entity::find()
                .filter(
                    partner_interest::Column::PartnerId.in_subquery(
                        public
                            .select_only()
                            .column(partner::Column::Id)
                            .into_query(),
                    ),
                )
                .all(conn)
                .await?;
            let mut interests: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
            for link in links {
                interests
                    .entry(link.partner_id)
                    .or_default()
                    .push(link.value_domain_id);
            }
            partners
                .into_iter()
                .filter_map(|p| {
                    let own = interests.remove(&p.id).unwrap_or_default();
                    partner_document(p, &own)
                })
                .collect()
        }
        Kind::Event => {
            let events = rows::<event::Entity>(event::Column::Id, ids)
                .filter(event::public())
                .all(conn)
                .await?;
            let names = names_of_links(conn, &events).await?;
            events
                .into_iter()
                .filter_map(|e| event_document(e, &names))
                .collect()
        }
        Kind::SuccessStory => rows::<success_story::Entity>(success_story::Column::Id, ids)
            .all(conn)
            .await?
            .into_iter()
            .filter_map(story_document)
            .collect(),
        Kind::Dataset => rows::<dataset::Entity>(dataset::Column::Id, ids)
            .all(conn)
            .await?
            .into_iter()
            .filter_map(dataset_document)
            .collect(),
    })
}

/// How many records have a public document: as many as a complete index holds.
pub async fn public_count(conn: &impl ConnectionTrait) -> ApiResult<u64> {
    Ok(value_domain::Entity::find()
        .filter(value_domain::public())
        .count(conn)
        .await?
        + pilot_case::Entity::find().count(conn).await?
        + partner::Entity::find()
            .filter(partner::public())
            .count(conn)
            .await?
        + event::Entity::find()
            .filter(event::public())
            .count(conn)
            .await?
        + success_story::Entity::find()
            .filter(success_story::public())
            .count(conn)
            .await?
        + dataset::Entity::find().count(conn).await?)
}

/// The document ids of the records that have a public document (the same records [`public_count`]
/// counts), reading only their ids.
pub async fn public_document_ids(conn: &impl ConnectionTrait) -> ApiResult<Vec<String>> {
    let mut ids: Vec<(Kind, Vec<Uuid>)> = Vec::new();
    ids.push((
        Kind::ValueDomain,
        value_domain::Entity::find()
            .select_only()
            .column(value_domain::Column::Id)
            .filter(value_domain::public())
            .into_tuple()
            .all(conn)
            .await?,
    ));
    ids.push((
        Kind::PilotCase,
        pilot_case::Entity::find()
            .select_only()
            .column(pilot_case::Column::Id)
            .into_tuple()
            .all(conn)
            .await?,
    ));
    ids.push((
        Kind::Partner,
        partner::Entity::find()
            .select_only()
            .column(partner::Column::Id)
            .filter(partner::public())
            .into_tuple()
            .all(conn)
            .await?,
    ));
    ids.push((
        Kind::Event,
        event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .filter(event::public())
            .into_tuple()
            .all(conn)
            .await?,
    ));
    ids.push((
        Kind::SuccessStory,
        success_story::Entity::find()
            .select_only()
            .column(success_story::Column::Id)
            .filter(success_story::public())
            .into_tuple()
            .all(conn)
            .await?,
    ));
    ids.push((
        Kind::Dataset,
        dataset::Entity::find()
            .select_only()
            .column(dataset::Column::Id)
            .into_tuple()
            .all(conn)
            .await?,
    ));
    Ok(ids
        .into_iter()
        .flat_map(|(kind, ids)| ids.into_iter().map(move |id| kind.document_id(id)))
        .collect())
}
