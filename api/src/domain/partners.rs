//! Partners: the organisations and people taking part, their public profile and their private contact.

use super::filter::linked_to;
use super::lifecycle::check_move;
use super::links;
use super::page::ListOrder;
use super::record;
use super::record::{HasStatus, Record, record_fields, same_accessors};
use super::validate::{self, tidy, tidy_optional, tidy_tags};
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, now};
use crate::error::{ApiError, ApiResult};
use crate::indexing::outbox;
use chrono::{DateTime, Utc};
use entities::partner::{Column, Entity, Model};
use entities::values::{City, PartnerStatus, StakeholderType, Texts};
use entities::{partner_contact, partner_interest, partner_refusal, value_domain};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Select,
};
use uuid::Uuid;

/// A partner's contact person. Personal data: stored apart from the profile, never shown publicly, and
/// never printed (its `Debug` hides the values).
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFields {
    /// The contact person's name.
    pub name: String,
    /// The contact's e-mail address.
    pub email: String,
    /// The contact's phone number.
    pub phone: Option<String>,
}

impl std::fmt::Debug for ContactFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactFields([personal data])")
    }
}

record_fields! {
    /// The fields of a partner a client can set; `None` leaves a field as it is.
    pub struct PartnerFields for Model {
        /// The name.
        name: String = |v| tidy(v),
        /// The strand of the quadruple helix.
        stakeholder_type: StakeholderType = |v| *v,
        /// What the partner does (Markdown).
        description: String = |v| tidy(v),
        /// The website; `Some(None)` clears it.
        website: Option<String> = |v| tidy_optional(v),
        /// Ghent, Bruges, or `Some(None)` for elsewhere.
        home_city: Option<City> = |v| *v,
        /// What the partner can do.
        capabilities: Vec<String> = |v| Texts(tidy_tags(v)),
        /// Data the partner can offer.
        data_offered: Vec<String> = |v| Texts(tidy_tags(v)),
        /// Data the partner needs.
        data_needed: Vec<String> = |v| Texts(tidy_tags(v)),
    }
    outside the row {
        /// A chosen slug; by default one is made from the name.
        slug: String,
        /// Value domains the partner is interested in (replaces the current set).
        interest_ids: Vec<Uuid>,
        /// The contact; `Some(None)` removes it.
        contact: Option<ContactFields>,
    }
}

impl Record for Entity {
    type Fields = PartnerFields;
    const KIND: &'static str = "partner";
    const SEARCH_KIND: Option<search::Kind> = Some(search::Kind::Partner);

    same_accessors!(PartnerFields, name);

    fn blank(id: Uuid, now: DateTime<Utc>) -> Model {
        Model {
            id,
            slug: String::new(),
            name: String::new(),
            stakeholder_type: StakeholderType::Citizen,
            description: String::new(),
            website: None,
            home_city: None,
            capabilities: Texts::default(),
            data_offered: Texts::default(),
            data_needed: Texts::default(),
            status: PartnerStatus::Pending,
            erased_at: None,
            created_at: now,
            updated_at: now,
        }
    }
    fn touch(model: &mut Model, now: DateTime<Utc>) {
        model.updated_at = now;
    }
    fn apply(model: &mut Model, fields: &PartnerFields) {
        fields.apply_to(model);
    }
    fn validate(model: &Model) -> ApiResult<()> {
        validate::name("name", &model.name, validate::MAX_TITLE)?;
        validate::text("description", &model.description, validate::MAX_BODY)?;
        if let Some(website) = &model.website {
            validate::url("website", website)?;
        }
        validate::tags("capabilities", &model.capabilities.0)?;
        validate::tags("dataOffered", &model.data_offered.0)?;
        validate::tags("dataNeeded", &model.data_needed.0)
    }
    fn check_change(before: &Model) -> ApiResult<()> {
        refuse_erased(before)
    }
    fn check_fields(fields: &PartnerFields) -> ApiResult<()> {
        match &fields.contact {
            Some(Some(contact)) => validate_contact(contact),
            _ => Ok(()),
        }
    }
    async fn save_links(conn: &Write<'_>, id: Uuid, fields: &PartnerFields) -> ApiResult<()> {
        if let Some(ids) = &fields.interest_ids {
            let ids = links::existing::<value_domain::Entity>(
                conn,
                value_domain::Column::Id,
                ids,
                "interestIds",
                "value domain",
            )
            .await?;
            links::replace::<partner_interest::Entity>(
                conn,
                partner_interest::Column::PartnerId,
                id,
                partner_interest::Column::ValueDomainId,
                &ids,
            )
            .await?;
        }
        match &fields.contact {
            None => {}
            Some(None) => {
                partner_contact::Entity::delete_by_id(id).exec(conn).await?;
            }
            Some(Some(contact)) => save_contact(conn, id, contact).await?,
        }
        Ok(())
    }
}

/// Checks a contact before anything is written.
pub fn validate_contact(contact: &ContactFields) -> ApiResult<()> {
    validate::name("contact.name", &contact.name, validate::MAX_TITLE)?;
    validate::email("contact.email", contact.email.trim())?;
    if let Some(phone) = &contact.phone {
        validate::phone("contact.phone", phone.trim())?;
    }
    Ok(())
}

/// Writes (or replaces) a partner's contact.
async fn save_contact(
    conn: &Write<'_>,
    partner_id: Uuid,
    contact: &ContactFields,
) -> ApiResult<()> {
    let row = partner_contact::Model {
        partner_id,
        name: tidy(&contact.name),
        email: tidy(&contact.email),
        phone: contact.phone.as_deref().map(tidy),
        updated_at: crate::clock::now(),
    };
    let exists = partner_contact::Entity::find_by_id(partner_id)
        .one(conn)
        .await?
        .is_some();
    let active = row.into_active_model().reset_all();
    if exists {
        active.update(conn).await?;
    } else {
        active.insert(conn).await?;
    }
    Ok(())
}

impl HasStatus for Entity {
    type Status = PartnerStatus;
    const STATUS_FIELD: &'static str = "status";
    fn status(model: &Model) -> PartnerStatus {
        model.status
    }
    fn set_status(model: &mut Model, status: PartnerStatus, _now: DateTime<Utc>) {
        model.status = status;
    }
    fn check_status_move(model: &Model, to: PartnerStatus, _now: DateTime<Utc>) -> ApiResult<()> {
        if to == PartnerStatus::Refused {
            // The partner is owed the reason: only `refuse` moves a partner there.
            return Err(ApiError::invalid(
                "status",
                "a refusal needs its reason: refuse a partner with refusePartner",
            ));
        }
        refuse_erased(model)
    }
    async fn after_status_move(
        txn: &Write<'_>,
        model: &Model,
        from: PartnerStatus,
    ) -> ApiResult<()> {
        // The reason is owed to the partner only while it stands refused: it may name people.
        if from == PartnerStatus::Refused && model.status != PartnerStatus::Refused {
            partner_refusal::Entity::delete_by_id(model.id)
                .exec(txn)
                .await?;
        }
        if model.status == PartnerStatus::Approved && from != PartnerStatus::Approved {
            super::notices::partner_approved(txn, model.id).await?;
        }
        Ok(())
    }
}

/// An erased partner stays as it is: only its anonymised trace is left.
fn refuse_erased(model: &Model) -> ApiResult<()> {
    if model.erased_at.is_some() {
        return Err(ApiError::conflict(
            None,
            "this partner's data was erased; its anonymised profile cannot change",
        ));
    }
    Ok(())
}

/// Which partners a list shows.
#[derive(Debug, Default, Clone)]
pub struct PartnerFilter {
    /// Only these statuses.
    pub status: Option<Vec<PartnerStatus>>,
    /// Only these stakeholder types.
    pub stakeholder_type: Option<Vec<StakeholderType>>,
    /// Only partners from this city.
    pub home_city: Option<City>,
    /// Only partners interested in this value domain.
    pub interest_id: Option<Uuid>,
}

/// What a list of partners can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerSort {
    /// By name.
    Name,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The rows a filter selects.
pub fn select(filter: &PartnerFilter) -> Select<Entity> {
    let mut query = Entity::find();
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.is_in(status.iter().copied()));
    }
    if let Some(types) = &filter.stakeholder_type {
        query = query.filter(Column::StakeholderType.is_in(types.iter().copied()));
    }
    if let Some(city) = filter.home_city {
        query = query.filter(Column::HomeCity.eq(city));
    }
    if let Some(id) = filter.interest_id {
        query = query.filter(linked_to::<partner_interest::Entity>(
            Column::Id,
            partner_interest::Column::PartnerId,
            partner_interest::Column::ValueDomainId,
            id,
        ));
    }
    query
}

/// The list order for a sort key.
pub fn order(sort: PartnerSort, descending: bool) -> ListOrder<Column> {
    let (name, column) = match sort {
        PartnerSort::Name => ("name", Column::Name),
        PartnerSort::CreatedAt => ("created", Column::CreatedAt),
        PartnerSort::UpdatedAt => ("updated", Column::UpdatedAt),
    };
    ListOrder {
        name,
        column,
        descending,
    }
}

/// An approved partner, read under a shared lock so its status cannot change until the caller's
/// transaction ends; `doing` says what only approved partners may do, for the refusal.
pub async fn approved(txn: &Write<'_>, id: Uuid, doing: &str) -> ApiResult<Model> {
    let partner = Entity::find_by_id(id)
        .lock_shared()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::invalid("partnerId", "no partner has this id"))?;
    if partner.status != PartnerStatus::Approved {
        return Err(ApiError::conflict(
            Some("partnerId"),
            format!("only approved partners can {doing}"),
        ));
    }
    Ok(partner)
}

/// The longest reason for a refusal, in characters.
pub const MAX_REFUSAL_REASON: usize = 2_000;

/// Refuses a pending partner with a reason its members read (and the team; never the public, never the
/// search index). The reason may name people, so it is kept apart from the profile, in `partner_refusal`,
/// and erased with the partner's personal data; it goes when the partner leaves `REFUSED`.
pub async fn refuse(
    db: &Store,
    change: &Change,
    id: Uuid,
    expected: Option<DateTime<Utc>>,
    reason: &str,
) -> ApiResult<Model> {
    let reason = tidy(reason);
    validate::text("reason", &reason, MAX_REFUSAL_REASON)?;
    if reason.is_empty() {
        return Err(ApiError::invalid(
            "reason",
            "say why the partner is refused: the partner reads it",
        ));
    }
    let txn = begin_write(db, change).await?;
    let mut model = record::find_for_update::<Entity>(&txn, id).await?;
    record::check_unchanged(&txn, Entity::KIND, id, model.updated_at, expected).await?;
    check_move(Entity::KIND, "status", model.status, PartnerStatus::Refused)?;
    refuse_erased(&model)?;
    let now = now();
    model.status = PartnerStatus::Refused;
    model.updated_at = changed_after(model.updated_at);
    let saved = model.into_active_model().reset_all().update(&txn).await?;
    partner_refusal::Model {
        partner_id: id,
        reason,
        refused_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    super::notices::partner_refused(&txn, id).await?;
    outbox::enqueue(&txn, search::Kind::Partner, id).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}
