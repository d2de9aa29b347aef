//! `Partner`: its public profile, queries and mutations. The contact person can be written but is never read
//! here: it is personal data, kept apart from the profile.

use super::change;
use super::connection::{OrderDirection, PartnerConnection, page_request, wants_total};
use super::events::Registration;
use super::ids::{self, Kind, maybe};
use super::loaders::{AccountsOfPartner, ContactOfPartner, RefusalOfPartner};
use super::loaders::{
    InterestsOfPartner, MembershipsOfPartner, RegistrationsOfPartner, StoriesOfPartner,
};
use super::pilot_cases::PilotCaseMember;
use super::{DeleteInput, DeletePayload, db, load_many, load_members, lookup};
use super::{Edited, current, load_one, set_status, update, values_of, viewer, with_current};
use super::{stories::SuccessStory, value_domains::ValueDomain};
use crate::domain::lifecycle::Lifecycle;
use crate::domain::partners::{self as domain, ContactFields, PartnerFields, PartnerSort};
use crate::domain::{page, record};
use crate::error::{ApiError, ApiResult};
use crate::markdown;
use async_graphql::{
    Context, Enum, ID, InputObject, InputType, MaybeUndefined, Object, SimpleObject, Value,
};
use chrono::{DateTime, Utc};
use entities::partner::{self, Column, Entity};
use entities::values::{City, PartnerStatus, StakeholderType};
use entities::{account, partner_contact, partner_refusal, value_domain};
use sea_orm::QueryFilter;

/// One of a partner's member accounts, as the partner's own members and admins see it.
pub struct PartnerAccount {
    account: account::Model,
    is_viewer: bool,
}

impl PartnerAccount {
    /// The account as the viewer with the account id `viewer` sees it.
    pub(super) fn new(account: account::Model, viewer: Option<uuid::Uuid>) -> Self {
        Self {
            is_viewer: Some(account.id) == viewer,
            account,
        }
    }
}

/// One of a partner's member accounts, as the partner's own members and admins see it.
#[Object]
impl PartnerAccount {
    /// The account's global id (the `accountId` of `removePartnerMember`).
    async fn id(&self) -> ID {
        ids::encode(Kind::Account, self.account.id)
    }
    /// The e-mail address it signs in with.
    async fn email(&self) -> &str {
        &self.account.email
    }
    /// Whether it signs in: false once an admin deactivated it, and for an invitation not yet accepted.
    async fn active(&self) -> bool {
        self.account.deactivated_at.is_none() && self.account.invited_at.is_none()
    }
    /// When a member invited a colleague by this address, while the invitation is not yet accepted (the
    /// colleague has not chosen a password); null for a member. `withdrawMemberInvitation` withdraws it,
    /// `invitePartnerMember` with the same address sends it again.
    async fn invited_at(&self) -> Option<DateTime<Utc>> {
        self.account.invited_at
    }
    /// Whether it is the account asking.
    async fn is_viewer(&self) -> bool {
        self.is_viewer
    }
    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.account.created_at
    }
}

/// A partner: an organisation or person taking part in the programme. Only the public profile; the contact
/// person is private.
#[derive(Clone)]
pub struct Partner(pub partner::Model);

/// A partner: an organisation or person taking part in the programme. Its contact person is private: only
/// the team and the partner's own members read it.
#[Object]
impl Partner {
    /// The global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Partner, self.0.id)
    }
    /// The unique, human-readable key for URLs.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The partner's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Which strand of the quadruple helix the partner belongs to.
    async fn stakeholder_type(&self) -> StakeholderType {
        self.0.stakeholder_type
    }
    /// What the partner does (Markdown).
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// `description` as HTML, rendered from its Markdown and sanitised, ready to insert into a page: headings
    /// start at `h2`, raw HTML shows as text, images keep only their alternative text, and links go only to
    /// `http`, `https` and `mailto` URLs, with `rel="noopener noreferrer nofollow"`.
    async fn description_html(&self) -> String {
        markdown::to_html(&self.0.description)
    }
    /// The partner's website.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// Ghent or Bruges; none for partners from elsewhere.
    async fn home_city(&self) -> Option<City> {
        self.0.home_city
    }
    /// What the partner can do.
    async fn capabilities(&self) -> &[String] {
        &self.0.capabilities.0
    }
    /// Data the partner can offer.
    async fn data_offered(&self) -> &[String] {
        &self.0.data_offered.0
    }
    /// Data the partner needs.
    async fn data_needed(&self) -> &[String] {
        &self.0.data_needed.0
    }
    /// Whether the project team has approved the partner.
    async fn status(&self) -> PartnerStatus {
        self.0.status
    }
    /// The statuses the partner may move to next, as its lifecycle allows: through `setPartnerStatus`, and
    /// `REFUSED` through `refusePartner` (a refusal needs its reason); none once its data was erased.
    async fn next_statuses(&self) -> Vec<PartnerStatus> {
        if self.0.erased_at.is_some() {
            return Vec::new();
        }
        self.0.status.allowed_moves().to_vec()
    }
    /// The value domains the partner is interested in.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn interests(&self, ctx: &Context<'_>) -> ApiResult<Vec<ValueDomain>> {
        Ok(load_many(ctx, InterestsOfPartner(self.0.id))
            .await?
            .into_iter()
            .map(ValueDomain)
            .collect())
    }
    /// The partner's places in pilot cases (as `PilotCase.members` shows them to you).
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn memberships(&self, ctx: &Context<'_>) -> ApiResult<Vec<PilotCaseMember>> {
        load_members(ctx, MembershipsOfPartner(self.0.id)).await
    }
    /// The contact person: personal data, null unless you are on the team or a member of this partner.
    async fn contact(&self, ctx: &Context<'_>) -> ApiResult<Option<PartnerContact>> {
        if !viewer(ctx).sees_private_of(self.0.id) {
            return Ok(None);
        }
        Ok(load_one(ctx, ContactOfPartner(self.0.id))
            .await?
            .map(PartnerContact))
    }
    /// Why the team refused the partner, while it is `REFUSED`: null otherwise, and null unless you are on
    /// the team or a member of this partner (the reason may name people; it is never public nor indexed).
    async fn refusal(&self, ctx: &Context<'_>) -> ApiResult<Option<PartnerRefusal>> {
        if self.0.status != PartnerStatus::Refused || !viewer(ctx).sees_private_of(self.0.id) {
            return Ok(None);
        }
        Ok(load_one(ctx, RefusalOfPartner(self.0.id))
            .await?
            .map(PartnerRefusal))
    }
    /// The partner's member accounts, by e-mail address: null unless you are an admin or a member of this
    /// partner (their addresses are personal data, not even the coordinators read them).
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn accounts(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<PartnerAccount>>> {
        let viewer = viewer(ctx);
        if !(viewer.is_admin() || viewer.is_member_of(self.0.id)) {
            return Ok(None);
        }
        let own = viewer.actor().ok().map(|a| a.account_id);
        Ok(Some(
            load_one(ctx, AccountsOfPartner(self.0.id))
                .await?
                .unwrap_or_default()
                .into_iter()
                .map(|account| PartnerAccount::new(account, own))
                .collect(),
        ))
    }
    /// When the partner's personal data was erased; its anonymised profile stays for attendance counts.
    async fn erased_at(&self) -> Option<DateTime<Utc>> {
        self.0.erased_at
    }
    /// The partner's registrations for events.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn registrations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Registration>> {
        Ok(load_many(ctx, RegistrationsOfPartner(self.0.id))
            .await?
            .into_iter()
            .map(Registration)
            .collect())
    }
    /// The success stories the partner was involved in.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn success_stories(&self, ctx: &Context<'_>) -> ApiResult<Vec<SuccessStory>> {
        Ok(load_many(ctx, StoriesOfPartner(self.0.id))
            .await?
            .into_iter()
            .map(SuccessStory)
            .collect())
    }
    /// When the record was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the record last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Which partners to list; every condition given must hold.
#[derive(InputObject, Default)]
#[graphql(name = "PartnerFilter")]
pub struct PartnerFilterInput {
    /// Only partners with one of these statuses.
    status: Option<Vec<PartnerStatus>>,
    /// Only partners of one of these stakeholder types.
    stakeholder_type: Option<Vec<StakeholderType>>,
    /// Only partners from this city.
    home_city: Option<City>,
    /// Only partners interested in this value domain.
    interest_id: Option<ID>,
}

impl TryFrom<PartnerFilterInput> for domain::PartnerFilter {
    type Error = ApiError;
    fn try_from(filter: PartnerFilterInput) -> ApiResult<Self> {
        Ok(Self {
            status: filter.status,
            stakeholder_type: filter.stakeholder_type,
            home_city: filter.home_city,
            interest_id: ids::decode_optional(
                "filter.interestId",
                filter.interest_id.as_ref(),
                Kind::ValueDomain,
            )?,
        })
    }
}

/// What partners can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "PartnerSort")]
pub enum PartnerOrderField {
    /// By name.
    Name,
    /// By creation time.
    CreatedAt,
    /// By last change.
    UpdatedAt,
}

/// The order of a list of partners.
#[derive(InputObject)]
pub struct PartnerOrder {
    /// What to order by.
    field: PartnerOrderField,
    /// Which way.
    #[graphql(default)]
    direction: OrderDirection,
}

/// Partner queries.
#[derive(Default)]
pub struct PartnerQuery;

#[Object]
impl PartnerQuery {
    /// Partners, a page at a time (by default by name).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which partners to list.")] filter: Option<PartnerFilterInput>,
        #[graphql(desc = "How to order them.")] order_by: Option<PartnerOrder>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<PartnerConnection> {
        let filter: domain::PartnerFilter = filter.unwrap_or_default().try_into()?;
        let order = order_by.map_or(domain::order(PartnerSort::Name, false), |o| {
            domain::order(o.field.into(), o.direction.descending())
        });
        let request = page_request(first, after, last, before);
        let page = page::fetch(
            db(ctx),
            domain::select(&filter).filter(viewer(ctx).partners_seen()),
            Column::Id,
            order,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(PartnerConnection::from_page(page, Partner))
    }

    /// One partner, by id or by slug.
    async fn partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner's id.")] id: Option<ID>,
        #[graphql(desc = "The partner's slug.")] slug: Option<String>,
    ) -> ApiResult<Option<Partner>> {
        lookup::<Entity>(ctx, Kind::Partner, id, slug)
            .await
            .map(|m| Some(Partner(m)))
    }
}

/// A partner's contact person. Private: never shown publicly and never indexed for search.
#[derive(InputObject)]
pub struct ContactInput {
    /// The contact person's name.
    name: String,
    /// The contact's e-mail address.
    email: String,
    /// The contact's phone number.
    phone: Option<String>,
}

impl From<ContactInput> for ContactFields {
    fn from(input: ContactInput) -> Self {
        Self {
            name: input.name,
            email: input.email,
            phone: input.phone,
        }
    }
}

/// A new partner; it starts as `PENDING` until the team approves it.
#[derive(InputObject)]
pub struct CreatePartnerInput {
    /// A slug of your choice; by default one is made from the name.
    slug: Option<String>,
    /// The name.
    name: String,
    /// Which strand of the quadruple helix it belongs to.
    stakeholder_type: StakeholderType,
    /// What the partner does (Markdown).
    #[graphql(default)]
    description: String,
    /// The website.
    website: Option<String>,
    /// Ghent or Bruges; leave out for elsewhere.
    home_city: Option<City>,
    /// What the partner can do.
    #[graphql(default)]
    capabilities: Vec<String>,
    /// Data the partner can offer.
    #[graphql(default)]
    data_offered: Vec<String>,
    /// Data the partner needs.
    #[graphql(default)]
    data_needed: Vec<String>,
    /// Value domains the partner is interested in.
    #[graphql(default)]
    interest_ids: Vec<ID>,
    /// The contact person (private).
    contact: Option<ContactInput>,
}

impl TryFrom<CreatePartnerInput> for PartnerFields {
    type Error = ApiError;
    fn try_from(input: CreatePartnerInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            name: Some(input.name),
            stakeholder_type: Some(input.stakeholder_type),
            description: Some(input.description),
            website: Some(input.website),
            home_city: Some(input.home_city),
            capabilities: Some(input.capabilities),
            data_offered: Some(input.data_offered),
            data_needed: Some(input.data_needed),
            interest_ids: Some(ids::decode_all(
                "interestIds",
                &input.interest_ids,
                Kind::ValueDomain,
            )?),
            contact: input.contact.map(|c| Some(c.into())),
        })
    }
}

/// Changes to a partner: fields left out stay as they are; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdatePartnerInput {
    /// The partner to change.
    id: ID,
    /// The `updatedAt` you read the partner at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the partner has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the partner now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// A new slug (links with the old one stop working).
    slug: Option<String>,
    /// The name.
    name: Option<String>,
    /// Which strand of the quadruple helix it belongs to.
    stakeholder_type: Option<StakeholderType>,
    /// What the partner does (Markdown).
    description: Option<String>,
    /// The website.
    website: MaybeUndefined<String>,
    /// Ghent or Bruges; `null` for elsewhere.
    home_city: MaybeUndefined<City>,
    /// What the partner can do.
    capabilities: Option<Vec<String>>,
    /// Data the partner can offer.
    data_offered: Option<Vec<String>>,
    /// Data the partner needs.
    data_needed: Option<Vec<String>>,
    /// Value domains the partner is interested in (replaces the current set).
    interest_ids: Option<Vec<ID>>,
    /// The contact person (private); `null` removes it.
    contact: MaybeUndefined<ContactInput>,
}

/// The changes asked for (the input's `id` names the partner to change).
impl TryFrom<UpdatePartnerInput> for PartnerFields {
    type Error = ApiError;
    fn try_from(input: UpdatePartnerInput) -> ApiResult<Self> {
        Ok(Self {
            slug: input.slug,
            name: input.name,
            stakeholder_type: input.stakeholder_type,
            description: input.description,
            website: maybe(input.website),
            home_city: maybe(input.home_city),
            capabilities: input.capabilities,
            data_offered: input.data_offered,
            data_needed: input.data_needed,
            interest_ids: ids::decode_all_optional(
                "interestIds",
                input.interest_ids.as_deref(),
                Kind::ValueDomain,
            )?,
            contact: maybe(input.contact).map(|c| c.map(Into::into)),
        })
    }
}

impl Edited for Entity {
    async fn current_values(ctx: &Context<'_>, partner: partner::Model) -> ApiResult<Value> {
        let interests: Vec<value_domain::Model> =
            load_many(ctx, InterestsOfPartner(partner.id)).await?;
        // Personal data, shown as `Partner.contact` shows it: to the team and the partner's own members.
        let contact = if viewer(ctx).sees_private_of(partner.id) {
            let contact = load_one(ctx, ContactOfPartner(partner.id)).await?;
            Some(contact.map(|c| ContactInput {
                name: c.name,
                email: c.email,
                phone: c.phone,
            }))
            .into()
        } else {
            MaybeUndefined::Undefined
        };
        let input = UpdatePartnerInput {
            id: ids::encode(Kind::Partner, partner.id),
            expected_updated_at: None,
            slug: Some(partner.slug),
            name: Some(partner.name),
            stakeholder_type: Some(partner.stakeholder_type),
            description: Some(partner.description),
            website: Some(partner.website).into(),
            home_city: Some(partner.home_city).into(),
            capabilities: Some(partner.capabilities.0),
            data_offered: Some(partner.data_offered.0),
            data_needed: Some(partner.data_needed.0),
            interest_ids: Some(
                interests
                    .iter()
                    .map(|d| ids::encode(Kind::ValueDomain, d.id))
                    .collect(),
            ),
            contact,
        };
        Ok(values_of(
            input,
            [
                ("status", partner.status.to_value()),
                ("updatedAt", partner.updated_at.to_value()),
            ],
        ))
    }
}

/// A status move for a partner: approve it, archive it, or bring it back.
#[derive(InputObject)]
pub struct SetPartnerStatusInput {
    /// The partner to move.
    id: ID,
    /// The `updatedAt` you read the partner at, sent back exactly as read (to the microsecond: not through
    /// a JavaScript `Date`). If the partner has changed since, nothing is saved and a `CONFLICT` answers,
    /// with its current values in `extensions.current`. Optional, so that clients written before it
    /// keep working; left out, the change applies to whatever the partner now holds. Edit forms send it.
    expected_updated_at: Option<DateTime<Utc>>,
    /// The status to move to.
    status: PartnerStatus,
}

/// What a partner mutation returns.
#[derive(SimpleObject)]
pub struct PartnerPayload {
    /// The partner as it now is.
    partner: Partner,
}

impl From<partner::Model> for PartnerPayload {
    fn from(model: partner::Model) -> Self {
        Self {
            partner: Partner(model),
        }
    }
}

/// A partner's contact person. Personal data: only the team and the partner's own members read it.
pub struct PartnerContact(partner_contact::Model);

/// A partner's contact person. Personal data: only the team and the partner's own members read it.
#[Object]
impl PartnerContact {
    /// The contact person's name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The contact's e-mail address.
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// The contact's phone number.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
}

/// Why the team refused a partner. Private: only the team and the partner's own members read it.
pub struct PartnerRefusal(partner_refusal::Model);

/// Why the team refused a partner. Private: only the team and the partner's own members read it.
#[Object]
impl PartnerRefusal {
    /// The team's reason, written for the partner.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// When the team refused the partner.
    async fn refused_at(&self) -> DateTime<Utc> {
        self.0.refused_at
    }
}

/// Refusing a pending partner, with the reason its members will read.
#[derive(InputObject)]
pub struct RefusePartnerInput {
    /// The partner to refuse.
    id: ID,
    /// The `updatedAt` you read the partner at, sent back exactly as read. If the partner has changed
    /// since, nothing is saved and a `CONFLICT` answers, with its current values in `extensions.current`.
    expected_updated_at: Option<DateTime<Utc>>,
    /// Why the partner is refused, written for the partner (required, at most 2,000 characters). Only the
    /// team and the partner's own members read it.
    reason: String,
}

/// Partner mutations.
#[derive(Default)]
pub struct PartnerMutation;

#[Object]
impl PartnerMutation {
    /// Creates a partner.
    async fn create_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new partner.")] input: CreatePartnerInput,
    ) -> ApiResult<PartnerPayload> {
        viewer(ctx).require_admin("create partners")?;
        let saved = record::create::<Entity>(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Changes a partner's profile or contact (admins, and the partner's own members; its name, slug,
    /// stakeholder type and home city only admins).
    async fn update_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdatePartnerInput,
    ) -> ApiResult<PartnerPayload> {
        let id = ids::decode("id", &input.id, Kind::Partner)?;
        viewer(ctx).require_member_or_admin(id, "change this partner")?;
        for (field, given) in [
            ("name", input.name.is_some()),
            ("slug", input.slug.is_some()),
            ("stakeholderType", input.stakeholder_type.is_some()),
            ("homeCity", !input.home_city.is_undefined()),
        ] {
            if given {
                viewer(ctx).require_partner_identity_change(field)?;
            }
        }
        let expected = input.expected_updated_at;
        let saved = update::<Entity>(ctx, id, expected, input.try_into()?).await?;
        Ok(saved.into())
    }

    /// Moves a partner to another status: `PENDING` → `APPROVED` or `ARCHIVED`, `APPROVED` ⇄ `ARCHIVED`,
    /// `REFUSED` → `APPROVED` or `ARCHIVED`. A refusal, which needs its reason, goes through `refusePartner`.
    async fn set_partner_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The move.")] input: SetPartnerStatusInput,
    ) -> ApiResult<PartnerPayload> {
        let id = ids::decode("id", &input.id, Kind::Partner)?;
        viewer(ctx).require_admin("approve or archive partners")?;
        let saved = set_status::<Entity>(ctx, id, input.expected_updated_at, input.status).await?;
        Ok(saved.into())
    }

    /// Refuses a pending partner (admins): it moves to `REFUSED`, with a reason its members read in their
    /// portal. The reason is private: the team and the partner's own members read it, nobody else.
    async fn refuse_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refusal.")] input: RefusePartnerInput,
    ) -> ApiResult<PartnerPayload> {
        let id = ids::decode("id", &input.id, Kind::Partner)?;
        viewer(ctx).require_admin("refuse partners")?;
        let refused = domain::refuse(
            db(ctx),
            &change(ctx),
            id,
            input.expected_updated_at,
            &input.reason,
        )
        .await;
        let saved = with_current(refused, async {
            Entity::current_values(ctx, current::<Entity>(ctx, id).await?).await
        })
        .await?;
        Ok(saved.into())
    }

    /// Deletes a partner that has no registrations or case memberships (otherwise archive it).
    async fn delete_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner to delete.")] input: DeleteInput,
    ) -> ApiResult<DeletePayload> {
        let id = ids::decode("id", &input.id, Kind::Partner)?;
        viewer(ctx).require_admin("delete partners")?;
        record::delete::<Entity>(db(ctx), &change(ctx), id).await?;
        Ok(DeletePayload {
            deleted_id: input.id,
        })
    }
}
