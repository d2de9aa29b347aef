//! Matching over the database: reading the profiles, leaving out who must be left out, and the "not
//! interested" marks.

use super::normalize::{same, terms};
use super::team::{Team, suggest_team};
use super::{CaseProfile, Match, Need, PartnerProfile, rank, score};
use crate::clock::now;
use crate::domain::write::{Change, Store, begin_write};
use crate::error::{ApiError, ApiResult};
use entities::values::Texts;
use entities::values::{
    City, MemberStatus, PartnerStatus, PilotCasePhase, RegistrationStatus, StakeholderType,
};
use entities::{
    case_disinterest, dataset, partner, partner_interest, pilot_case, pilot_case_dataset,
    pilot_case_member, registration, value_domain,
};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Which partners a ranking considers. By default only approved partners that are not on the case, did not
/// decline it and did not mark it "not interested".
#[derive(Debug, Clone, Default)]
pub struct MatchOptions {
    /// Only these stakeholder types.
    pub stakeholder_types: Option<Vec<StakeholderType>>,
    /// Only partners from this city.
    pub home_city: Option<City>,
    /// Also partners already invited to or on the case.
    pub include_members: bool,
    /// Also partners that declined the case or marked it "not interested".
    pub include_declined: bool,
}

/// A case, its profile, and who stands where with it.
struct CaseView {
    model: pilot_case::Model,
    profile: CaseProfile,
    /// Invited or accepted.
    members: HashSet<Uuid>,
    /// Accepted, in the order they were invited.
    accepted: Vec<Uuid>,
    declined: HashSet<Uuid>,
}

/// Reads a case's profile and its members.
async fn case_view(db: &impl ConnectionTrait, case_id: Uuid) -> ApiResult<CaseView> {
    let model = pilot_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("pilot case"))?;
    let domain_name = value_domain::Entity::find_by_id(model.value_domain_id)
        .one(db)
        .await?
        .map(|d| d.name)
        .unwrap_or_default();
    let dataset_ids: Vec<Uuid> = pilot_case_dataset::Entity::find()
        .filter(pilot_case_dataset::Column::PilotCaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.dataset_id)
        .collect();
    let datasets: Vec<Need> = dataset::Entity::find()
        .filter(dataset::Column::Id.is_in(dataset_ids))
        .order_by_asc(dataset::Column::Title)
        .all(db)
        .await?
        .iter()
        .map(|d| Need::new(&d.title, 1))
        .collect();
    let members = pilot_case_member::Entity::find()
        .filter(pilot_case_member::Column::PilotCaseId.eq(case_id))
        .order_by_asc(pilot_case_member::Column::CreatedAt)
        .order_by_asc(pilot_case_member::Column::Id)
        .all(db)
        .await?;
    let member_partners = partner::Entity::find()
        .filter(partner::Column::Id.is_in(members.iter().map(|m| m.partner_id)))
        .all(db)
        .await?;
    let type_of: HashMap<Uuid, StakeholderType> = member_partners
        .iter()
        .map(|p| (p.id, p.stakeholder_type))
        .collect();
    let present_types = members
        .iter()
        .filter(|m| m.status.is_on_case())
        .filter_map(|m| type_of.get(&m.partner_id).copied())
        .collect();
    let mut declined: HashSet<Uuid> = members
        .iter()
        .filter(|m| m.status == MemberStatus::Declined)
        .map(|m| m.partner_id)
        .collect();
    declined.extend(
        case_disinterest::Entity::find()
            .filter(case_disinterest::Column::PilotCaseId.eq(case_id))
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.partner_id),
    );
    let profile = CaseProfile {
        id: model.id,
        capabilities: model
            .needed_capabilities
            .0
            .iter()
            .map(|c| Need::new(&c.name, u32::try_from(c.weight).unwrap_or(1)))
            .collect(),
        // A case's datasets are the data it needs and the data it makes available.
        data_needed: datasets.clone(),
        data_produced: datasets,
        value_domain_id: model.value_domain_id,
        value_domain_name: domain_name,
        cities: model.cities.0.clone(),
        wanted_types: model.wanted_stakeholder_types.0.clone(),
        present_types,
    };
    let accepted = members
        .iter()
        .filter(|m| m.status == MemberStatus::Accepted)
        .map(|m| m.partner_id)
        .collect();
    let members = members
        .iter()
        .filter(|m| m.status.is_on_case())
        .map(|m| m.partner_id)
        .collect();
    Ok(CaseView {
        model,
        profile,
        members,
        accepted,
        declined,
    })
}

/// Which partners' profiles to read.
enum Candidates<'a> {
    /// The approved partners, only of these stakeholder types and from this city when given.
    Approved {
        types: Option<&'a [StakeholderType]>,
        city: Option<City>,
    },
    /// These partners, approved or not: a few (a case's accepted members, one partner).
    Only(&'a [Uuid]),
}

impl Candidates<'_> {
    /// Every approved partner.
    const APPROVED: Candidates<'static> = Candidates::Approved {
        types: None,
        city: None,
    };

    /// The condition on `partner` that selects them.
    fn condition(&self) -> Condition {
        match self {
            Candidates::Approved { types, city } => Condition::all()
                .add(partner::Column::Status.eq(PartnerStatus::Approved))
                .add_option(
                    types.map(|t| partner::Column::StakeholderType.is_in(t.iter().copied())),
                )
                .add_option(city.map(|c| partner::Column::HomeCity.eq(c))),
            Candidates::Only(ids) => {
                Condition::all().add(partner::Column::Id.is_in(ids.iter().copied()))
            }
        }
    }

    /// Their ids, as a subquery: the rows of the related tables are selected by it rather than by a list of
    /// ids, which would outgrow the database's limit on parameters with tens of thousands of partners.
    fn ids(&self) -> SelectStatement {
        Query::select()
            .column(partner::Column::Id)
            .from(partner::Entity)
            .cond_where(self.condition())
            .to_owned()
    }
}

/// The columns of `partner` a profile reads.
type ProfileRow = (Uuid, StakeholderType, Option<City>, Texts, Texts, Texts);

/// The profiles of the candidates, by id: three statements however many there are, reading only the columns
/// matching uses.
async fn partner_profiles(
    db: &impl ConnectionTrait,
    candidates: &Candidates<'_>,
) -> ApiResult<Vec<PartnerProfile>> {
    let rows: Vec<ProfileRow> = partner::Entity::find()
        .select_only()
        .columns([
            partner::Column::Id,
            partner::Column::StakeholderType,
            partner::Column::HomeCity,
            partner::Column::Capabilities,
            partner::Column::DataOffered,
            partner::Column::DataNeeded,
        ])
        .filter(candidates.condition())
        .order_by_asc(partner::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut interests: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (partner_id, domain_id) in partner_interest::Entity::find()
        .select_only()
        .columns([
            partner_interest::Column::PartnerId,
            partner_interest::Column::ValueDomainId,
        ])
        .filter(partner_interest::Column::PartnerId.in_subquery(candidates.ids()))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
    {
        interests.entry(partner_id).or_default().push(domain_id);
    }
    let attended: HashMap<Uuid, i64> = registration::Entity::find()
        .select_only()
        .column(registration::Column::PartnerId)
        .column_as(registration::Column::Id.count(), "attended")
        .filter(registration::Column::Status.eq(RegistrationStatus::Attended))
        .filter(registration::Column::PartnerId.in_subquery(candidates.ids()))
        .group_by(registration::Column::PartnerId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // Tags repeat across partners (most are picked from the matching vocabulary): each is read once.
    let mut known: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut terms_of = |tag: &String| -> BTreeSet<String> {
        if let Some(found) = known.get(tag) {
            return found.clone();
        }
        let found = terms(tag);
        known.insert(tag.clone(), found.clone());
        found
    };
    Ok(rows
        .into_iter()
        .map(
            |(id, stakeholder_type, home_city, capabilities, data_offered, data_needed)| {
                PartnerProfile {
                    id,
                    stakeholder_type,
                    home_city,
                    capabilities: capabilities.0.iter().map(&mut terms_of).collect(),
                    data_offered: data_offered
                        .0
                        .into_iter()
                        .map(|t| {
                            let found = terms_of(&t);
                            (t, found)
                        })
                        .collect(),
                    data_needed: data_needed
                        .0
                        .into_iter()
                        .map(|t| {
                            let found = terms_of(&t);
                            (t, found)
                        })
                        .collect(),
                    interests: interests.remove(&id).unwrap_or_default(),
                    events_attended: u32::try_from(attended.get(&id).copied().unwrap_or(0))
                        .unwrap_or(u32::MAX),
                }
            },
        )
        .collect())
}

/// Partners ranked for a case, with their scores and reasons.
pub async fn match_partners(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    limit: usize,
    options: &MatchOptions,
) -> ApiResult<Vec<Match>> {
    let view = case_view(db, case_id).await?;
    let candidates = Candidates::Approved {
        types: options.stakeholder_types.as_deref(),
        city: options.home_city,
    };
    let partners: Vec<PartnerProfile> = partner_profiles(db, &candidates)
        .await?
        .into_iter()
        .filter(|p| options.include_members || !view.members.contains(&p.id))
        .filter(|p| options.include_declined || !view.declined.contains(&p.id))
        .collect();
    Ok(rank(&view.profile, &partners, limit))
}

/// A suggested team for a case: it starts from the case's accepted members (whatever their partner's
/// status now) and proposes partners among those a default ranking considers.
pub async fn team(db: &impl ConnectionTrait, case_id: Uuid, size: usize) -> ApiResult<Team> {
    let view = case_view(db, case_id).await?;
    let mut accepted = partner_profiles(db, &Candidates::Only(&view.accepted)).await?;
    // In the order they were invited, not by id.
    accepted.sort_by_key(|p| view.accepted.iter().position(|id| *id == p.id));
    let partners: Vec<PartnerProfile> = partner_profiles(db, &Candidates::APPROVED)
        .await?
        .into_iter()
        .filter(|p| !view.members.contains(&p.id) && !view.declined.contains(&p.id))
        .collect();
    Ok(suggest_team(&view.profile, &accepted, &partners, size))
}

/// Open cases that fit a partner, best first: not the ones it is on, declined or is not interested in.
pub async fn matching_cases(
    db: &impl ConnectionTrait,
    partner_id: Uuid,
    limit: usize,
) -> ApiResult<Vec<(pilot_case::Model, Match)>> {
    let profile = partner_profiles(db, &Candidates::Only(&[partner_id]))
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("partner"))?;
    let cases = pilot_case::Entity::find()
        .filter(
            pilot_case::Column::Phase
                .is_not_in([PilotCasePhase::Completed, PilotCasePhase::Stopped]),
        )
        .order_by_asc(pilot_case::Column::Id)
        .all(db)
        .await?;
    let mut found = Vec::new();
    for case in cases {
        let view = case_view(db, case.id).await?;
        if view.members.contains(&partner_id) || view.declined.contains(&partner_id) {
            continue;
        }
        found.push((view.model, score(&view.profile, &profile)));
    }
    found.sort_by(|a, b| {
        b.1.score
            .total_cmp(&a.1.score)
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    found.truncate(limit);
    Ok(found)
}

/// One partner offering data another needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataMatch {
    /// The partner offering the data.
    pub provider: Uuid,
    /// The partner needing it.
    pub seeker: Uuid,
    /// What the provider offers that the seeker needs, as the provider wrote it.
    pub data: Vec<String>,
}

/// Pairs of approved partners where one offers data the other needs, most data first.
pub async fn data_matches(db: &impl ConnectionTrait, limit: usize) -> ApiResult<Vec<DataMatch>> {
    let partners = partner_profiles(db, &Candidates::APPROVED).await?;
    let mut pairs: BTreeMap<(Uuid, Uuid), Vec<String>> = BTreeMap::new();
    for seeker in &partners {
        for provider in partners.iter().filter(|p| p.id != seeker.id) {
            for (label, offered) in &provider.data_offered {
                if seeker
                    .data_needed
                    .iter()
                    .any(|(_, needed)| same(offered, needed))
                {
                    pairs
                        .entry((provider.id, seeker.id))
                        .or_default()
                        .push(label.clone());
                }
            }
        }
    }
    let mut matches: Vec<DataMatch> = pairs
        .into_iter()
        .map(|((provider, seeker), data)| DataMatch {
            provider,
            seeker,
            data,
        })
        .collect();
    matches.sort_by(|a, b| {
        b.data
            .len()
            .cmp(&a.data.len())
            .then_with(|| (a.provider, a.seeker).cmp(&(b.provider, b.seeker)))
    });
    matches.truncate(limit);
    Ok(matches)
}

/// Records whether a partner is interested in a case; "not interested" keeps it out of that case's matches.
pub async fn set_interest(
    db: &Store,
    change: &Change,
    case_id: Uuid,
    partner_id: Uuid,
    interested: bool,
) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    if pilot_case::Entity::find_by_id(case_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ApiError::invalid(
            "pilotCaseId",
            "no pilot case has this id",
        ));
    }
    if partner::Entity::find_by_id(partner_id)
        .one(&txn)
        .await?
        .is_none()
    {
        return Err(ApiError::invalid("partnerId", "no partner has this id"));
    }
    if interested {
        case_disinterest::Entity::delete_by_id((case_id, partner_id))
            .exec(&txn)
            .await?;
    } else {
        let mark = case_disinterest::ActiveModel {
            pilot_case_id: Set(case_id),
            partner_id: Set(partner_id),
            created_at: Set(now()),
        };
        case_disinterest::Entity::insert(mark)
            .on_conflict_do_nothing_on([
                case_disinterest::Column::PilotCaseId,
                case_disinterest::Column::PartnerId,
            ])
            .exec(&txn)
            .await?;
    }
    txn.commit(Some(case_id)).await?;
    Ok(())
}
