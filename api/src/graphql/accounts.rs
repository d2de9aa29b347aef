//! Accounts, sessions, consent, personal data and the audit log: types, queries and mutations.

use super::change;
use super::connection::{AccountConnection, AuditEntryConnection, page_request, wants_total};
use super::ids::{self, Kind};
use super::loaders::AccountById;
use super::node::Node;
use super::partners::{ContactInput, Partner, PartnerAccount};
use super::stories::SuccessStory;
use super::{
    BearerToken, DeletePayload, SessionLifetime, db, load_one, load_optional, load_visible,
    rate_limit, viewer,
};
use crate::domain::matching::normalize::LabelLanguage;
use crate::domain::{accounts as domain, audit as audit_log, colleagues, page, privacy, terms};
use crate::error::{ApiError, ApiResult};
use crate::limits::Limited;
use crate::markdown;
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::values::{City, ConsentPurpose, Language, Role, StakeholderType};
use entities::{account, audit_entry, consent, partner};
use sea_orm::{ConnectionTrait, QueryFilter};
use uuid::Uuid;

/// A person's account.
#[derive(Clone)]
pub struct Account(pub account::Model);

/// A person's account.
#[Object]
impl Account {
    /// The account's global id.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::Account, self.0.id)
    }
    /// The e-mail address it signs in with (shown only to the account itself and to admins).
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// What the account may do.
    async fn role(&self) -> Role {
        self.0.role
    }
    /// The partner organisation of a `PARTNER` account.
    async fn partner(&self, ctx: &Context<'_>) -> ApiResult<Option<Partner>> {
        Ok(load_optional::<partner::Entity>(ctx, self.0.partner_id)
            .await?
            .map(Partner))
    }
    /// The cities a `COORDINATOR` manages.
    async fn cities(&self) -> &[City] {
        &self.0.cities.0
    }
    /// What the account agreed to, newest first.
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn consents(&self, ctx: &Context<'_>) -> ApiResult<Vec<Consent>> {
        Ok(privacy::consents(db(ctx), self.0.id)
            .await?
            .into_iter()
            .map(Consent)
            .collect())
    }
    /// Whether the account signs in: false once an admin deactivated it, and for an invitation not yet
    /// accepted (`invitedAt`).
    async fn active(&self) -> bool {
        self.0.deactivated_at.is_none() && self.0.invited_at.is_none()
    }
    /// When an admin deactivated the account; null while it is active.
    async fn deactivated_at(&self) -> Option<DateTime<Utc>> {
        self.0.deactivated_at
    }
    /// Whether its password is a temporary one an admin set: signed in with it, the account may only
    /// choose a new password (`changePassword`).
    async fn must_change_password(&self) -> bool {
        self.0.must_change_password
    }
    /// When its holder confirmed the e-mail address (the link sent at sign-up, or a password reset); null
    /// until then, and LODE sends the account no message but those two. An account the team made counts
    /// as confirmed from its creation.
    async fn email_confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.email_confirmed_at
    }
    /// When a member of its partner invited this address, while the colleague has not accepted yet (chosen
    /// a password with the invitation's link): until then nobody signs in to it. Null for every other
    /// account.
    async fn invited_at(&self) -> Option<DateTime<Utc>> {
        self.0.invited_at
    }
    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A consent record: what a person agreed to, under which version of the text, and when.
pub struct Consent(pub consent::Model);

/// A consent record: what a person agreed to, under which version of the text, and when.
#[Object]
impl Consent {
    /// What was agreed to.
    async fn purpose(&self) -> ConsentPurpose {
        self.0.purpose
    }
    /// The version of the text that was shown.
    async fn text_version(&self) -> &str {
        &self.0.text_version
    }
    /// When it was given.
    async fn given_at(&self) -> DateTime<Utc> {
        self.0.given_at
    }
    /// When it was withdrawn (or superseded by a newer version).
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at
    }
    /// Whether it still holds.
    async fn active(&self) -> bool {
        self.0.withdrawn_at.is_none()
    }
}

/// An entry of the audit log: who changed what, and when.
#[derive(Clone)]
pub struct AuditEntry(pub audit_entry::Model);

/// An entry of the audit log: who changed what, and when.
#[Object]
impl AuditEntry {
    /// When the change was made.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The account that made it (its global id); none when an anonymous caller signed up.
    async fn actor_id(&self) -> Option<ID> {
        self.0.actor_id.map(|id| ids::encode(Kind::Account, id))
    }
    /// The actor's role at the time.
    async fn actor_role(&self) -> Option<Role> {
        self.0.actor_role
    }
    /// What was done: the mutation's name (`createEvent`), or an audited read's (`downloadAttendeeList`,
    /// a download of an event's attendee list).
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The UUID of the record changed, when there is one.
    async fn subject_id(&self) -> Option<Uuid> {
        self.0.subject_id
    }
    /// The kind of record the entry is about, told by its action; null for an action the log does not
    /// know.
    async fn record_kind(&self) -> Option<AuditRecordKind> {
        audit_log::kind_of(&self.0.action).map(AuditRecordKind::from)
    }
    /// The account that made the change, as far as the viewer may know it; null for an anonymous caller.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<AuditAccount>> {
        match self.0.actor_id {
            Some(id) => AuditAccount::load(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }
    /// The record changed, when it still exists and the viewer may see it (an account only by its holder:
    /// see `subjectAccount`).
    async fn subject(&self, ctx: &Context<'_>) -> ApiResult<Option<Node>> {
        let (Some(id), Some(kind)) = (self.0.subject_id, audit_log::kind_of(&self.0.action)) else {
            return Ok(None);
        };
        super::node::find_kind(ctx, node_kind(kind), id).await
    }
    /// The account an account's entry is about (made, signed in, given a new password), as far as the
    /// viewer may know it; null for other entries, and once the account is deleted.
    async fn subject_account(&self, ctx: &Context<'_>) -> ApiResult<Option<AuditAccount>> {
        let kind = audit_log::kind_of(&self.0.action);
        let (Some(id), Some(audit_log::RecordKind::Account)) = (self.0.subject_id, kind) else {
            return Ok(None);
        };
        let account = load_one(ctx, AccountById(id)).await?;
        Ok(account.map(|account| AuditAccount {
            id,
            account: Some(account),
        }))
    }
}

/// The GraphQL type of a kind of record in the log.
fn node_kind(kind: audit_log::RecordKind) -> Kind {
    use audit_log::RecordKind as Of;
    match kind {
        Of::ValueDomain => Kind::ValueDomain,
        Of::PilotCase => Kind::PilotCase,
        Of::PilotCaseMember => Kind::PilotCaseMember,
        Of::Partner => Kind::Partner,
        Of::Event => Kind::CoCreationEvent,
        Of::Registration => Kind::Registration,
        Of::SuccessStory => Kind::SuccessStory,
        Of::Dataset => Kind::Dataset,
        Of::Account => Kind::Account,
        Of::Survey => Kind::Survey,
    }
}

/// An account as the audit log names it: to an admin by its e-mail address; to a coordinator by its role,
/// cities and partner organisation only, which the team sees anyway (an address is its holder's and the
/// admins' alone).
pub struct AuditAccount {
    /// The account's id, kept in the log after the account is deleted.
    id: Uuid,
    /// The account, while it exists.
    account: Option<account::Model>,
}

impl AuditAccount {
    /// The account with this id, whether or not it still exists.
    async fn load(ctx: &Context<'_>, id: Uuid) -> ApiResult<Self> {
        let account = load_one(ctx, AccountById(id)).await?;
        Ok(Self { id, account })
    }
}

/// An account as the audit log names it: to an admin by its e-mail address; to a coordinator by its role,
/// cities and partner organisation only.
#[Object]
impl AuditAccount {
    /// The account's global id (to list its entries with `AuditFilter.actorId`).
    async fn id(&self) -> ID {
        ids::encode(Kind::Account, self.id)
    }
    /// Whether it is the viewer's own account.
    async fn is_viewer(&self, ctx: &Context<'_>) -> bool {
        viewer(ctx).account_id() == Some(self.id)
    }
    /// Whether the account still exists (a person may delete their own).
    async fn exists(&self) -> bool {
        self.account.is_some()
    }
    /// What the account may do now; null once it is deleted.
    async fn role(&self) -> Option<Role> {
        self.account.as_ref().map(|a| a.role)
    }
    /// Its e-mail address: for admins and the account itself only.
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        let viewer = viewer(ctx);
        let allowed = viewer.is_admin() || viewer.account_id() == Some(self.id);
        self.account
            .as_ref()
            .filter(|_| allowed)
            .map(|a| a.email.as_str())
    }
    /// The partner organisation of a `PARTNER` account, when the viewer sees it.
    async fn partner(&self, ctx: &Context<'_>) -> ApiResult<Option<Partner>> {
        let partner_id = self.account.as_ref().and_then(|a| a.partner_id);
        Ok(load_visible::<partner::Entity>(ctx, partner_id)
            .await?
            .map(Partner))
    }
    /// The cities a `COORDINATOR` manages.
    async fn cities(&self) -> &[City] {
        self.account.as_ref().map_or(&[], |a| &a.cities.0)
    }
}

/// The kinds of record an audit entry can be about.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "audit_log::RecordKind")]
pub enum AuditRecordKind {
    /// A value domain.
    ValueDomain,
    /// A pilot case (a partner's interest in it included).
    PilotCase,
    /// A partner's place in a pilot case: an invitation and its answer.
    PilotCaseMember,
    /// A partner organisation.
    Partner,
    /// A co-creation event (its quotas, no-shows and attendee-list downloads included).
    Event,
    /// A registration for an event, and its check-in.
    Registration,
    /// A success story.
    SuccessStory,
    /// A dataset.
    Dataset,
    /// An account: signing up and in, passwords, sessions and consents.
    Account,
    /// A survey (its answers included: an entry names the survey, never the respondent's answer).
    Survey,
}

/// An action the audit log records, and the kind of record its entries are about.
#[derive(SimpleObject)]
pub struct AuditAction {
    /// The action: a mutation's name (`createEvent`), or an audited read's (`downloadAttendeeList`).
    name: &'static str,
    /// The kind of record its entries are about.
    record_kind: AuditRecordKind,
}

/// Which audit entries to list.
#[derive(InputObject, Default)]
pub struct AuditFilter {
    /// Only changes by this account.
    actor_id: Option<ID>,
    /// Only changes by the account that signs in with this e-mail address (admins only: the team's
    /// coordinators see no addresses).
    actor_email: Option<String>,
    /// Only changes by accounts that had this role at the time.
    actor_role: Option<Role>,
    /// Only changes to the record with this UUID.
    subject_id: Option<Uuid>,
    /// Only changes to this kind of record.
    record_kind: Option<AuditRecordKind>,
    /// Only this action (a mutation's name, or `downloadAttendeeList`).
    action: Option<String>,
    /// Only changes made at or after this instant.
    at_from: Option<DateTime<Utc>>,
    /// Only changes made before this instant.
    at_before: Option<DateTime<Utc>>,
}

impl TryFrom<AuditFilter> for audit_log::AuditFilter {
    type Error = ApiError;
    fn try_from(filter: AuditFilter) -> ApiResult<Self> {
        Ok(Self {
            actor_id: ids::decode_optional(
                "filter.actorId",
                filter.actor_id.as_ref(),
                Kind::Account,
            )?,
            actor_email: filter.actor_email,
            actor_role: filter.actor_role,
            subject_id: filter.subject_id,
            record_kind: filter.record_kind.map(Into::into),
            action: filter.action,
            at_from: filter.at_from,
            at_before: filter.at_before,
        })
    }
}

/// Which accounts to list.
#[derive(InputObject, Default)]
pub struct AccountFilter {
    /// Only the accounts whose e-mail address holds this text, in any case.
    email_contains: Option<String>,
    /// Only the accounts of this role.
    role: Option<Role>,
}

impl From<AccountFilter> for domain::AccountFilter {
    fn from(filter: AccountFilter) -> Self {
        Self {
            email_contains: filter.email_contains,
            role: filter.role,
        }
    }
}

/// Account queries.
#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The current terms of use and privacy notice, which `signUp` asks to accept (by their `version`).
    async fn terms(
        &self,
        #[graphql(
            desc = "The language to read them in.",
            default_with = "TermsLanguage::Nl"
        )]
        language: TermsLanguage,
    ) -> Terms {
        Terms { language }
    }
    /// The signed-in account; null when nobody is signed in.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Option<Account>> {
        match viewer(ctx).account_id() {
            Some(id) => domain::find(db(ctx), id).await.map(|a| Some(Account(a))),
            None => Ok(None),
        }
    }

    /// Every account, by e-mail address (admins only): to find the one to give a temporary password, to
    /// deactivate or to reactivate.
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    async fn accounts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which accounts to list.")] filter: Option<AccountFilter>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<AccountConnection> {
        viewer(ctx).require_admin("list accounts")?;
        let filter: domain::AccountFilter = filter.unwrap_or_default().into();
        let page = page::fetch(
            db(ctx),
            domain::select(&filter),
            account::Column::Id,
            domain::by_email(),
            &page_request(first, after, last, before),
            wants_total(ctx),
        )
        .await?;
        Ok(AccountConnection::from_page(page, Account))
    }

    /// Everything stored about the signed-in account and its partner organisation, as JSON (the GDPR's
    /// right of access).
    async fn export_my_data(&self, ctx: &Context<'_>) -> ApiResult<Json<serde_json::Value>> {
        let actor = viewer(ctx).actor()?;
        privacy::export(db(ctx), actor).await.map(Json)
    }

    /// The audit log, newest first: all of it for admins; for coordinators, the entries about the records
    /// of their cities (pilot cases, events, success stories, and those events' registrations and those
    /// cases' memberships).
    #[graphql(complexity = "super::connection::cost(first, last, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which entries to list.")] filter: Option<AuditFilter>,
        #[graphql(desc = "How many to return from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return those after this cursor.")] after: Option<String>,
        #[graphql(desc = "How many to return from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return those before this cursor.")] before: Option<String>,
    ) -> ApiResult<AuditEntryConnection> {
        viewer(ctx).require_team("read the audit log")?;
        let filter: audit_log::AuditFilter = filter.unwrap_or_default().try_into()?;
        if filter.actor_email.is_some() {
            // Otherwise a coordinator could learn who signs in with an address by the entries it finds.
            viewer(ctx).require_admin("look up the audit log by e-mail address")?;
        }
        let request = page_request(first, after, last, before);
        let readable = audit_log::readable_by(db(ctx).get_database_backend(), viewer(ctx));
        let page = page::fetch(
            db(ctx),
            audit_log::select(&filter).filter(readable),
            audit_entry::Column::Id,
            audit_log::newest_first(),
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(AuditEntryConnection::from_page(page, AuditEntry))
    }

    /// Every action the audit log records, with the kind of record its entries are about (for the team's
    /// filters).
    #[graphql(complexity = "super::connection::unpaged_cost(child_complexity)")]
    async fn audit_actions(&self, ctx: &Context<'_>) -> ApiResult<Vec<AuditAction>> {
        viewer(ctx).require_team("read the audit log")?;
        Ok(audit_log::ACTIONS
            .iter()
            .map(|&(name, kind)| AuditAction {
                name,
                record_kind: kind.into(),
            })
            .collect())
    }
}

/// A language LODE writes its texts in: the terms, and the labels of the matching vocabulary.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TermsLanguage {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

/// The terms of use and privacy notice, in one language.
pub struct Terms {
    language: TermsLanguage,
}

/// The terms of use and privacy notice, in one language.
#[Object]
impl Terms {
    /// The version: what `signUp`'s `termsVersion` names, and the consent records.
    async fn version(&self) -> &'static str {
        terms::CURRENT_VERSION
    }
    /// The language of `text`.
    async fn language(&self) -> TermsLanguage {
        self.language
    }
    /// The text (Markdown).
    async fn text(&self) -> &'static str {
        terms::text(self.language.into())
    }
    /// `text` as sanitised HTML, ready to insert into a page.
    async fn text_html(&self) -> String {
        markdown::to_html(terms::text(self.language.into()))
    }
}

impl From<TermsLanguage> for LabelLanguage {
    fn from(language: TermsLanguage) -> Self {
        match language {
            TermsLanguage::Nl => Self::Dutch,
            TermsLanguage::En => Self::English,
        }
    }
}

impl From<TermsLanguage> for terms::TermsLanguage {
    fn from(language: TermsLanguage) -> Self {
        match language {
            TermsLanguage::Nl => Self::Dutch,
            TermsLanguage::En => Self::English,
        }
    }
}

/// Signing up: a login, the organisation (or citizen) it is for, its contact, and the terms accepted.
#[derive(InputObject)]
pub struct SignUpInput {
    /// The e-mail address to sign in with.
    email: String,
    /// The password: 12 to 256 characters, and not easy to guess (common and breached passwords are refused).
    #[graphql(secret)]
    password: String,
    /// The organisation's name, or the citizen's.
    partner_name: String,
    /// Its strand of the quadruple helix.
    stakeholder_type: StakeholderType,
    /// What it does (Markdown).
    #[graphql(default)]
    description: String,
    /// Ghent, Bruges, or none for elsewhere.
    home_city: Option<City>,
    /// Its website.
    website: Option<String>,
    /// What it can do, as free tags (the words of `matchingVocabulary` match best): matching proposes it to
    /// the pilot cases that need them.
    #[graphql(default)]
    capabilities: Vec<String>,
    /// Data it can offer, as free tags.
    #[graphql(default)]
    data_offered: Vec<String>,
    /// Data it needs, as free tags.
    #[graphql(default)]
    data_needed: Vec<String>,
    /// The value domains it is interested in.
    #[graphql(default)]
    interest_ids: Vec<ID>,
    /// The contact person (private: seen only by the team and the partner's own members).
    contact: ContactInput,
    /// The version of the terms of use and privacy notice accepted (`terms.version`).
    terms_version: String,
    /// The language LODE writes to the new account in (its e-mail): the one the form was filled in.
    #[graphql(default_with = "Language::Nl")]
    language: Language,
}

impl TryFrom<SignUpInput> for domain::SignUp {
    type Error = ApiError;
    fn try_from(input: SignUpInput) -> ApiResult<Self> {
        Ok(Self {
            email: input.email,
            password: input.password,
            partner_name: input.partner_name,
            stakeholder_type: input.stakeholder_type,
            description: input.description,
            home_city: input.home_city,
            website: input.website,
            capabilities: input.capabilities,
            data_offered: input.data_offered,
            data_needed: input.data_needed,
            interest_ids: ids::decode_all("interestIds", &input.interest_ids, Kind::ValueDomain)?,
            contact: input.contact.into(),
            terms_version: input.terms_version,
            language: input.language,
        })
    }
}

/// What `signUp` returns: the same answer whether or not the address already had an account.
#[derive(SimpleObject)]
pub struct SignUpPayload {
    /// What happens next.
    message: String,
}

/// Logging in.
#[derive(InputObject)]
pub struct LoginInput {
    /// The e-mail address.
    email: String,
    /// The password.
    #[graphql(secret)]
    password: String,
}

/// A new session.
#[derive(SimpleObject)]
pub struct LoginPayload {
    /// The bearer token: send it as `Authorization: Bearer <token>`. It is shown only now.
    token: String,
    /// When it stops working.
    expires_at: DateTime<Utc>,
    /// The account signed in.
    account: Account,
    /// Whether the password signed in with was a temporary one: the session may then only choose a new
    /// password (`changePassword`, which ends it: log in again with the new one); anything else is refused
    /// with `PASSWORD_CHANGE_REQUIRED`.
    must_change_password: bool,
}

/// What `logout` returns.
#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// Whether a session was ended.
    ended: bool,
}

/// A new account, made by an admin.
#[derive(InputObject)]
pub struct CreateAccountInput {
    /// The e-mail address to sign in with.
    email: String,
    /// The first password: 12 to 256 characters, and not easy to guess.
    #[graphql(secret)]
    password: String,
    /// What the account may do.
    role: Role,
    /// The partner organisation of a `PARTNER` account.
    partner_id: Option<ID>,
    /// The cities of a `COORDINATOR` account.
    #[graphql(default)]
    cities: Vec<City>,
    /// Whether the first password is a temporary one: its holder must then choose a new one at their first
    /// login, so that only they know it (the team's accounts page always asks for this).
    #[graphql(default = false)]
    must_change_password: bool,
    /// The language LODE writes to the account in (its e-mail); Dutch unless given.
    #[graphql(default_with = "Language::Nl")]
    language: Language,
}

impl TryFrom<CreateAccountInput> for domain::NewAccount {
    type Error = ApiError;
    fn try_from(input: CreateAccountInput) -> ApiResult<Self> {
        Ok(Self {
            email: input.email,
            password: input.password,
            role: input.role,
            partner_id: ids::decode_optional(
                "partnerId",
                input.partner_id.as_ref(),
                Kind::Partner,
            )?,
            cities: input.cities,
            must_change_password: input.must_change_password,
            language: input.language,
        })
    }
}

/// What `createAccount`, `setTemporaryPassword`, `deactivateAccount` and `reactivateAccount` return.
#[derive(SimpleObject)]
pub struct AccountPayload {
    /// The account.
    account: Account,
}

/// A new password for your account.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    /// The password now.
    #[graphql(secret)]
    current_password: String,
    /// The new password: 12 to 256 characters, and not easy to guess.
    #[graphql(secret)]
    new_password: String,
}

/// What `changePassword` returns.
#[derive(SimpleObject)]
pub struct ChangePasswordPayload {
    /// Always true: the password changed and every session ended; log in again.
    changed: bool,
}

/// A temporary password for an account.
#[derive(InputObject)]
pub struct SetTemporaryPasswordInput {
    /// The account (not your own: change that with `changePassword`).
    account_id: ID,
    /// The temporary password: 12 to 256 characters, and not easy to guess. Tell it to the account's
    /// holder, who must choose a new one when signing in with it.
    #[graphql(secret)]
    password: String,
}

/// The account to deactivate or reactivate.
#[derive(InputObject)]
pub struct AccountIdInput {
    /// The account.
    account_id: ID,
}

/// A colleague to invite to a partner's organisation.
#[derive(InputObject)]
pub struct InvitePartnerMemberInput {
    /// The partner (your own).
    partner_id: ID,
    /// The colleague's e-mail address.
    email: String,
    /// The language of the invitation and of LODE's later messages to the colleague; by default yours.
    language: Option<Language>,
}

/// What `invitePartnerMember` returns.
#[derive(SimpleObject)]
pub struct InvitePartnerMemberPayload {
    /// The invitation: one of the partner's accounts, with `invitedAt` set until it is accepted.
    account: PartnerAccount,
    /// Whether a message goes to the address now: false when the invitation's last one went less than five
    /// minutes ago.
    sent: bool,
}

/// An invitation to withdraw.
#[derive(InputObject)]
pub struct WithdrawMemberInvitationInput {
    /// The invitation's account (one of `Partner.accounts` with `invitedAt` set).
    account_id: ID,
}

/// Accepting an invitation to a partner's organisation with the token of its message.
#[derive(InputObject)]
pub struct AcceptMemberInvitationInput {
    /// The token from the message's link (`#/uitnodiging?token=…`).
    #[graphql(secret)]
    token: String,
    /// The password to sign in with: 12 to 256 characters, and not easy to guess.
    #[graphql(secret)]
    password: String,
    /// The version of the terms of use and privacy notice accepted: the current one (`terms`).
    terms_version: String,
}

/// What `acceptMemberInvitation` returns.
#[derive(SimpleObject)]
pub struct AcceptMemberInvitationPayload {
    /// Always true: the account signs in for its partner now, with the password chosen.
    accepted: bool,
}

/// A member account to take off its partner.
#[derive(InputObject)]
pub struct RemovePartnerMemberInput {
    /// The account (one of `Partner.accounts`).
    account_id: ID,
}

/// The account whose sessions to end.
#[derive(InputObject)]
pub struct RevokeSessionsInput {
    /// The account; by default your own.
    account_id: Option<ID>,
}

/// What `revokeSessions` returns.
#[derive(SimpleObject)]
pub struct RevokeSessionsPayload {
    /// How many sessions were ended.
    ended: u64,
}

/// Giving consent.
#[derive(InputObject)]
pub struct GiveConsentInput {
    /// What to agree to.
    purpose: ConsentPurpose,
    /// The version of the text shown.
    text_version: String,
}

/// Withdrawing consent.
#[derive(InputObject)]
pub struct WithdrawConsentInput {
    /// What to withdraw consent for.
    purpose: ConsentPurpose,
}

/// What the consent mutations return.
#[derive(SimpleObject)]
pub struct ConsentPayload {
    /// The records given or withdrawn.
    consents: Vec<Consent>,
}

/// The partner to erase.
#[derive(InputObject)]
pub struct ErasePartnerInput {
    /// The partner.
    partner_id: ID,
}

/// What `erasePartner` returns.
#[derive(SimpleObject)]
pub struct ErasePartnerPayload {
    /// The partner's anonymised profile.
    partner: Partner,
    /// The success stories the partner was taken out of: they listed it, or their text named it or its
    /// contact person (those mentions now read `[erased]`). Read them again: they may still tell who it
    /// was in other words.
    stories_to_review: Vec<SuccessStory>,
}

/// What `deleteMyAccount` returns.
#[derive(SimpleObject)]
pub struct DeleteMyAccountPayload {
    /// The id of the deleted account.
    deleted_id: ID,
}

/// Asking for a link to choose a new password.
#[derive(InputObject)]
pub struct RequestPasswordResetInput {
    /// The e-mail address of the account.
    email: String,
}

/// What `requestPasswordReset` returns, whatever the address.
#[derive(SimpleObject)]
pub struct RequestPasswordResetPayload {
    /// The same words for every address: whether it has an account is not told.
    message: String,
}

/// Choosing a new password with the token of a password reset message.
#[derive(InputObject)]
pub struct ResetPasswordInput {
    /// The token from the message's link (`#/wachtwoord?token=…`).
    #[graphql(secret)]
    token: String,
    /// The new password: 12 to 256 characters, and not easy to guess.
    #[graphql(secret)]
    new_password: String,
}

/// What `resetPassword` returns.
#[derive(SimpleObject)]
pub struct ResetPasswordPayload {
    /// Always true: the password changed and every session of the account ended; log in with the new one.
    changed: bool,
}

/// Confirming an e-mail address with the token of the message sent at sign-up.
#[derive(InputObject)]
pub struct ConfirmEmailInput {
    /// The token from the message's link (`#/bevestigen?token=…`).
    #[graphql(secret)]
    token: String,
}

/// What `confirmEmail` returns.
#[derive(SimpleObject)]
pub struct ConfirmEmailPayload {
    /// Always true: the address is confirmed.
    confirmed: bool,
}

/// Account mutations.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Signs up: creates an account and a `PENDING` partner profile, which the team approves, and sends a
    /// message whose link confirms the address (`confirmEmail`). Log in afterwards. The answer is the same whether or not the address already had an account.
    async fn sign_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sign-up.")] input: SignUpInput,
    ) -> ApiResult<SignUpPayload> {
        // Per client address, and per address signed up (so one inbox cannot be flooded from many).
        let account_key = input.email.trim().to_lowercase();
        rate_limit(ctx, Limited::SignUp, Some(&account_key))?;
        domain::sign_up(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(SignUpPayload {
            message: "If this address had no account yet, it has one now: log in with it, and confirm the address with the link we sent to it. The project team will review your partner profile.".to_owned(),
        })
    }

    /// Logs in and returns a bearer token. A wrong address or password gets one and the same answer.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The credentials.")] input: LoginInput,
    ) -> ApiResult<LoginPayload> {
        let account_key = input.email.trim().to_lowercase();
        rate_limit(ctx, Limited::Login, Some(&account_key))?;
        let lifetime = ctx.data_unchecked::<SessionLifetime>().0;
        // The login writes its own audit entry, with the account signing in as its actor.
        let session = domain::login(db(ctx), &input.email, input.password, lifetime).await?;
        super::remember_sign_in(ctx, &account_key);
        Ok(LoginPayload {
            token: session.token,
            expires_at: session.expires_at,
            must_change_password: session.account.must_change_password,
            account: Account(session.account),
        })
    }

    /// Asks for a message with a link to choose a new password (`resetPassword`), valid for one hour. The
    /// answer is the same whether or not the address has an active account; only an active account gets
    /// the message, at most one every five minutes. Limited like `login`.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address.")] input: RequestPasswordResetInput,
    ) -> ApiResult<RequestPasswordResetPayload> {
        let account_key = input.email.trim().to_lowercase();
        rate_limit(ctx, Limited::Login, Some(&account_key))?;
        domain::request_password_reset(db(ctx), &change(ctx), &input.email).await?;
        Ok(RequestPasswordResetPayload {
            message: "If this address has an active account, a message with a link to choose a new password is on its way. The link works for one hour.".to_owned(),
        })
    }

    /// Chooses a new password with the token of a password reset message: the token works once and for one
    /// hour (`INVALID_TOKEN` when it is unknown, expired or used). Every session of the account ends; log
    /// in with the new password. A temporary password is one no longer, and the address counts as
    /// confirmed.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token and the new password.")] input: ResetPasswordInput,
    ) -> ApiResult<ResetPasswordPayload> {
        // Per client address: a token cannot be guessed, but nobody needs to try many.
        rate_limit(ctx, Limited::Login, None)?;
        domain::reset_password(db(ctx), &input.token, input.new_password).await?;
        Ok(ResetPasswordPayload { changed: true })
    }

    /// Confirms the e-mail address of an account that signed up, with the token of the message sent then
    /// (`INVALID_TOKEN` when it is unknown, expired or used).
    async fn confirm_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token.")] input: ConfirmEmailInput,
    ) -> ApiResult<ConfirmEmailPayload> {
        rate_limit(ctx, Limited::Login, None)?;
        domain::confirm_email(db(ctx), &input.token).await?;
        Ok(ConfirmEmailPayload { confirmed: true })
    }

    /// Ends the session of the token this request came with.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<LogoutPayload> {
        viewer(ctx).own_account()?;
        if let Some(BearerToken(token)) = ctx.data_opt::<BearerToken>() {
            domain::logout(db(ctx), &change(ctx), token).await?;
        }
        Ok(LogoutPayload { ended: true })
    }

    /// Creates an account (admins only): a coordinator for their cities, a member for a partner, or
    /// another admin. With `mustChangePassword`, its password is a temporary one.
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: CreateAccountInput,
    ) -> ApiResult<AccountPayload> {
        viewer(ctx).require_admin("create accounts")?;
        let account = domain::create_account(db(ctx), &change(ctx), input.try_into()?).await?;
        Ok(AccountPayload {
            account: Account(account),
        })
    }

    /// Changes your password and ends every session of your account, this one included: log in again. The
    /// new password must differ from the current one; after a temporary password, this is the one thing a
    /// session may do.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The passwords.")] input: ChangePasswordInput,
    ) -> ApiResult<ChangePasswordPayload> {
        let account_id = viewer(ctx).own_account()?;
        // Guessing the current password here costs the same allowance as guessing it at login.
        rate_limit(ctx, Limited::Login, Some(&account_id.to_string()))?;
        domain::change_password(
            db(ctx),
            &change(ctx),
            account_id,
            input.current_password,
            input.new_password,
        )
        .await?;
        Ok(ChangePasswordPayload { changed: true })
    }

    /// Sets a temporary password on an account (admins only) and ends every session of it: signed in with
    /// it, the account may only choose a new password.
    async fn set_temporary_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account and its temporary password.")]
        input: SetTemporaryPasswordInput,
    ) -> ApiResult<AccountPayload> {
        let admin = viewer(ctx).require_admin("set temporary passwords")?;
        let id = ids::decode("accountId", &input.account_id, Kind::Account)?;
        let account =
            domain::set_temporary_password(db(ctx), &change(ctx), admin, id, input.password)
                .await?;
        Ok(AccountPayload {
            account: Account(account),
        })
    }

    /// Deactivates an account (admins only): it signs in no more, and every session of it ends. A
    /// partner's member leaves the partner as it is. Not your own account, nor the last active admin.
    async fn deactivate_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account.")] input: AccountIdInput,
    ) -> ApiResult<AccountPayload> {
        let admin = viewer(ctx).require_admin("deactivate accounts")?;
        let id = ids::decode("accountId", &input.account_id, Kind::Account)?;
        let account = domain::deactivate(db(ctx), &change(ctx), admin, id).await?;
        Ok(AccountPayload {
            account: Account(account),
        })
    }

    /// Reactivates a deactivated account (admins only): it signs in again, with the password it had.
    async fn reactivate_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account.")] input: AccountIdInput,
    ) -> ApiResult<AccountPayload> {
        let admin = viewer(ctx).require_admin("reactivate accounts")?;
        let id = ids::decode("accountId", &input.account_id, Kind::Account)?;
        let account = domain::reactivate(db(ctx), &change(ctx), admin, id).await?;
        Ok(AccountPayload {
            account: Account(account),
        })
    }

    /// Ends every session of an account: your own, or (for admins) anyone's.
    async fn revoke_sessions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Whose sessions.")] input: RevokeSessionsInput,
    ) -> ApiResult<RevokeSessionsPayload> {
        let me = viewer(ctx).actor()?.account_id;
        let target = match input.account_id {
            Some(id) => ids::decode("accountId", &id, Kind::Account)?,
            None => me,
        };
        if target != me {
            viewer(ctx).require_admin("end other accounts' sessions")?;
        }
        let ended = domain::revoke_sessions(db(ctx), &change(ctx), target).await?;
        Ok(RevokeSessionsPayload { ended })
    }

    /// Records your consent to a purpose, under the version of the text you were shown.
    async fn give_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consent.")] input: GiveConsentInput,
    ) -> ApiResult<ConsentPayload> {
        let actor = viewer(ctx).actor()?;
        let given = privacy::give_consent(
            db(ctx),
            &change(ctx),
            actor,
            input.purpose,
            &input.text_version,
        )
        .await?;
        Ok(ConsentPayload {
            consents: vec![Consent(given)],
        })
    }

    /// Withdraws your consent to a purpose.
    async fn withdraw_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to withdraw.")] input: WithdrawConsentInput,
    ) -> ApiResult<ConsentPayload> {
        let actor = viewer(ctx).actor()?;
        let withdrawn =
            privacy::withdraw_consent(db(ctx), &change(ctx), actor, input.purpose).await?;
        Ok(ConsentPayload {
            consents: withdrawn.into_iter().map(Consent).collect(),
        })
    }

    /// Erases a partner's personal data (admins only): its contact and accounts go, its profile is
    /// anonymised and leaves every search index; anonymised registrations stay for attendance counts. It is
    /// taken out of the success stories too (links, and mentions of its name or contact in their text),
    /// which the answer lists for the team to read again.
    async fn erase_partner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner.")] input: ErasePartnerInput,
    ) -> ApiResult<ErasePartnerPayload> {
        viewer(ctx).require_admin("erase partners")?;
        let id = ids::decode("partnerId", &input.partner_id, Kind::Partner)?;
        let erased = privacy::erase_partner(db(ctx), &change(ctx), id).await?;
        Ok(ErasePartnerPayload {
            partner: Partner(erased.partner),
            stories_to_review: erased
                .stories_to_review
                .into_iter()
                .map(SuccessStory)
                .collect(),
        })
    }

    /// Deletes your account with its sessions and consents; when it was your partner's last account, the
    /// partner is erased too (see `erasePartner`).
    async fn delete_my_account(&self, ctx: &Context<'_>) -> ApiResult<DeleteMyAccountPayload> {
        let actor = viewer(ctx).actor()?;
        privacy::delete_account(db(ctx), &change(ctx), actor).await?;
        Ok(DeleteMyAccountPayload {
            deleted_id: ids::encode(Kind::Account, actor.account_id),
        })
    }

    /// Invites a colleague to sign in for your partner (its own members, once the team approved it): LODE
    /// writes to the address a link that is good for a week, with which the colleague chooses a password
    /// and accepts the terms (`acceptMemberInvitation`). Until then the invitation is one of `Partner.accounts`
    /// with `invitedAt` set (when its last message went). Inviting its address again sends the message again
    /// once five minutes have passed since the last (`sent` says whether this one went). `CONFLICT` when
    /// the address is a member already or has an account elsewhere (an account belongs to one partner), when
    /// the partner is not approved, or has 10 open invitations; `RATE_LIMITED` past 30 invitations of yours
    /// in a day, and as `signUp` is limited.
    async fn invite_partner_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The colleague to invite.")] input: InvitePartnerMemberInput,
    ) -> ApiResult<InvitePartnerMemberPayload> {
        let partner_id = ids::decode("partnerId", &input.partner_id, Kind::Partner)?;
        let actor = viewer(ctx).require_member(partner_id, "invite colleagues to this partner")?;
        // Per client address, and per address invited (so one inbox cannot be flooded from many).
        let account_key = input.email.trim().to_lowercase();
        rate_limit(ctx, Limited::SignUp, Some(&account_key))?;
        let invitation = colleagues::invite(
            db(ctx),
            &change(ctx),
            actor,
            partner_id,
            &input.email,
            input.language,
        )
        .await?;
        Ok(InvitePartnerMemberPayload {
            account: PartnerAccount::new(invitation.account, Some(actor.account_id)),
            sent: invitation.sent,
        })
    }

    /// Withdraws an invitation not yet accepted (the partner's own members and admins): its link works no
    /// more. `CONFLICT` when it was accepted meanwhile (the account is a member: `removePartnerMember`).
    async fn withdraw_member_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation.")] input: WithdrawMemberInvitationInput,
    ) -> ApiResult<DeletePayload> {
        let (partner_id, id) = partners_account(
            ctx,
            &input.account_id,
            "withdraw this partner's invitations",
        )
        .await?;
        colleagues::withdraw(db(ctx), &change(ctx), partner_id, id).await?;
        Ok(DeletePayload {
            deleted_id: input.account_id,
        })
    }

    /// Accepts an invitation to a partner's organisation with the token of its message, choosing a password
    /// and accepting the current terms: the token works once and for a week (`INVALID_TOKEN` when it is
    /// unknown, expired or used, or the invitation was withdrawn). Log in afterwards.
    async fn accept_member_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token, the password and the terms accepted.")]
        input: AcceptMemberInvitationInput,
    ) -> ApiResult<AcceptMemberInvitationPayload> {
        rate_limit(ctx, Limited::Login, None)?;
        colleagues::accept(db(ctx), &input.token, input.password, &input.terms_version).await?;
        Ok(AcceptMemberInvitationPayload { accepted: true })
    }

    /// Removes a member account from its partner (the partner's own members and admins): the account is
    /// deleted with its sessions and consents; the partner and its other members stay. The partner's last
    /// active member cannot be removed (`CONFLICT`): that member may delete their own account instead. An
    /// open invitation is withdrawn with `withdrawMemberInvitation` (`CONFLICT` here).
    async fn remove_partner_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The member account.")] input: RemovePartnerMemberInput,
    ) -> ApiResult<DeletePayload> {
        let (partner_id, id) =
            partners_account(ctx, &input.account_id, "remove this partner's members").await?;
        privacy::remove_partner_member(db(ctx), &change(ctx), partner_id, id).await?;
        Ok(DeletePayload {
            deleted_id: input.account_id,
        })
    }
}

/// The partner and the id of one of its accounts, for a change to it that the partner's own members and
/// admins may make (`what` names the change in a refusal): a member acts on its own partner's accounts
/// only, an admin on anyone's.
async fn partners_account(
    ctx: &Context<'_>,
    account_id: &ID,
    what: &str,
) -> ApiResult<(Uuid, Uuid)> {
    let viewer = viewer(ctx);
    viewer.actor()?;
    let id = ids::decode("accountId", account_id, Kind::Account)?;
    if viewer.own_partner().is_none() {
        viewer.require_admin(what)?;
    }
    let partner_id = domain::find(db(ctx), id)
        .await?
        .partner_id
        .ok_or_else(|| ApiError::not_found("account of a partner"))?;
    viewer.require_member_or_admin(partner_id, what)?;
    Ok((partner_id, id))
}
