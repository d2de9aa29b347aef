//! Who is asking, and what they may read and change. Every rule about roles is written here once; resolvers
//! ask these questions and know no role by name.
//!
//! - **Reading.** The public sees what is published. The project team (admins and coordinators) reads
//!   everything, drafts and contacts included: coordinators prepare the programme together across cities.
//!   A partner's members also see their own organisation's unpublished profile, contact, registrations,
//!   invitations and submitted stories. An account is seen by its holder and by admins only.
//! - **Changing.** Admins change everything. Coordinators change the pilot cases, events and stories of
//!   their own cities, and the shared catalogue of datasets. A partner's members change their own profile
//!   (not its name, slug, stakeholder type or home city, which the team keeps), sign up for events, answer
//!   invitations and submit stories for review.

use super::filter::json_array_contains;
use crate::error::{ApiError, ApiResult};
use entities::values::{City, Role};
use entities::{
    account, dataset, event, partner, pilot_case, pilot_case_member, registration, success_story,
    survey, value_domain,
};
use sea_orm::sea_query::Condition;
use sea_orm::{ActiveEnum, ColumnTrait, DbBackend};
use uuid::Uuid;

/// Whether an account of `role` with its `own` cities manages a record of these `cities` (see
/// [`Viewer::manages`]); also who among the team hears of a pilot case (`domain/notices.rs`).
pub fn role_manages(role: Role, own: &[City], cities: &[City]) -> bool {
    match role {
        Role::Admin => true,
        Role::Coordinator => cities.is_empty() || cities.iter().any(|c| own.contains(c)),
        Role::Partner => false,
    }
}

/// A signed-in account, as far as rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub account_id: Uuid,
    /// What it may do.
    pub role: Role,
    /// The partner organisation of a `PARTNER` account.
    pub partner_id: Option<Uuid>,
    /// The cities of a `COORDINATOR`.
    pub cities: Vec<City>,
}

/// Whoever sends a request: nobody in particular, or a signed-in account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Viewer {
    /// Not signed in: sees what is published, changes nothing.
    #[default]
    Anonymous,
    /// Signed in.
    Signed(Actor),
    /// Signed in with a temporary password an admin set: may choose a new password (`changePassword`),
    /// read its own account and sign out, and nothing else; every other operation is refused with
    /// `PASSWORD_CHANGE_REQUIRED`. It holds no rights: every rule below treats it as nobody in particular.
    ChangingPassword(Actor),
}

/// The answer when nobody is signed in.
fn sign_in_first() -> ApiError {
    ApiError::Unauthenticated("sign in first".to_owned())
}

/// The answer when the account may not do what it asked.
fn forbidden(what: &str) -> ApiError {
    ApiError::Forbidden(format!("your account may not {what}"))
}

impl Viewer {
    /// The signed-in account, or `UNAUTHENTICATED` (`PASSWORD_CHANGE_REQUIRED` for a session signed in
    /// with a temporary password).
    pub fn actor(&self) -> ApiResult<&Actor> {
        match self {
            Self::Signed(actor) => Ok(actor),
            Self::ChangingPassword(_) => Err(ApiError::PasswordChangeRequired),
            Self::Anonymous => Err(sign_in_first()),
        }
    }

    /// The signed-in account's id, if any, also while it must change its password: the account itself,
    /// for reading it (`me`), choosing a new password and signing out.
    pub fn account_id(&self) -> Option<Uuid> {
        self.who().map(|actor| actor.account_id)
    }

    /// The account signed in, with the rights it would have, whether or not it may use them yet: for the
    /// audit log's actor.
    pub fn who(&self) -> Option<&Actor> {
        match self {
            Self::Signed(actor) | Self::ChangingPassword(actor) => Some(actor),
            Self::Anonymous => None,
        }
    }

    /// The signed-in account's id, or `UNAUTHENTICATED`, also while it must change its password.
    pub fn own_account(&self) -> ApiResult<Uuid> {
        self.account_id().ok_or_else(sign_in_first)
    }

    /// Whether the session was signed in with a temporary password, and may only choose a new one.
    pub fn must_change_password(&self) -> bool {
        matches!(self, Self::ChangingPassword(_))
    }

    fn role(&self) -> Option<Role> {
        match self {
            Self::Signed(actor) => Some(actor.role),
            Self::ChangingPassword(_) | Self::Anonymous => None,
        }
    }

    /// An admin (the project team).
    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// An admin or a coordinator: reads everything.
    pub fn is_team(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Coordinator))
    }

    /// The partner organisation whose member is asking, if any.
    pub fn own_partner(&self) -> Option<Uuid> {
        match self {
            Self::Signed(actor) if actor.role == Role::Partner => actor.partner_id,
            _ => None,
        }
    }

    /// A member of this partner organisation.
    pub fn is_member_of(&self, partner_id: Uuid) -> bool {
        self.own_partner() == Some(partner_id)
    }

    /// Sees a partner's private side (contact, pending profile, registrations): the team and its members.
    pub fn sees_private_of(&self, partner_id: Uuid) -> bool {
        self.is_team() || self.is_member_of(partner_id)
    }

    /// Requires an admin.
    pub fn require_admin(&self, what: &str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if actor.role == Role::Admin {
            Ok(actor)
        } else {
            Err(forbidden(what))
        }
    }

    /// Requires an admin or a coordinator.
    pub fn require_team(&self, what: &str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if self.is_team() {
            Ok(actor)
        } else {
            Err(forbidden(what))
        }
    }

    /// Whether the account manages a record of these cities: an admin always, a coordinator when the record
    /// belongs to one of their cities. A record of no city in particular (a story of both or neither)
    /// belongs to every coordinator.
    pub fn manages(&self, cities: &[City]) -> bool {
        match self {
            Self::Signed(actor) => role_manages(actor.role, &actor.cities, cities),
            Self::ChangingPassword(_) | Self::Anonymous => false,
        }
    }

    /// Requires that the account manages a record of these cities.
    pub fn require_manager(&self, cities: &[City], what: &str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if self.manages(cities) {
            Ok(actor)
        } else {
            Err(forbidden(what))
        }
    }

    /// Requires that a record's cities may change from `before` to `after`: a coordinator may only add
    /// their own cities (so nobody hands work to a city that did not ask for it).
    pub fn require_city_change(&self, before: &[City], after: &[City]) -> ApiResult<()> {
        let actor = self.actor()?;
        if actor.role == Role::Admin {
            return Ok(());
        }
        match after
            .iter()
            .find(|c| !before.contains(c) && !actor.cities.contains(c))
        {
            Some(city) => Err(ApiError::Forbidden(format!(
                "your account may not add {} to a record: it is not one of your cities",
                sea_orm::ActiveEnum::to_value(city)
            ))),
            None => Ok(()),
        }
    }

    /// Requires that the account may create a record for these cities: an admin, or a coordinator of
    /// every one of them.
    pub fn require_creator(&self, cities: &[City], what: &str) -> ApiResult<&Actor> {
        self.require_team(what)?;
        self.require_city_change(&[], cities)?;
        self.actor()
    }

    /// Requires that the account may change a record of the cities `before`, and (when they change) give
    /// it the cities `after`.
    pub fn require_editor(
        &self,
        before: &[City],
        after: Option<&[City]>,
        what: &str,
    ) -> ApiResult<&Actor> {
        self.require_manager(before, what)?;
        if let Some(after) = after {
            self.require_city_change(before, after)?;
        }
        self.actor()
    }

    /// Requires that the account may change a partner's identity (`field`: its name, slug, stakeholder
    /// type or home city): admins only. A partner's members change the rest of their profile; these the
    /// team keeps, since they decide which seat quota a registration takes and how the partner matches.
    pub fn require_partner_identity_change(&self, field: &str) -> ApiResult<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "your account may not change the partner's {field}: the project team keeps it"
            )))
        }
    }

    /// Requires a member of this partner organisation: what only its own people do (inviting a colleague
    /// to it).
    pub fn require_member(&self, partner_id: Uuid, what: &str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if self.is_member_of(partner_id) {
            Ok(actor)
        } else {
            Err(forbidden(what))
        }
    }

    /// Requires an admin or a member of this partner organisation.
    pub fn require_member_or_admin(&self, partner_id: Uuid, what: &str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if self.is_admin() || self.is_member_of(partner_id) {
            Ok(actor)
        } else {
            Err(forbidden(what))
        }
    }

    /// The partner a sign-up, an answer or a "not interested" is for: a partner's member acts for its own
    /// organisation (naming another is refused); the team names the partner it acts for. `event_cities`
    /// limits a coordinator to their own cities' events.
    pub fn acting_partner(
        &self,
        named: Option<Uuid>,
        cities: &[City],
        what: &str,
    ) -> ApiResult<Uuid> {
        let actor = self.actor()?;
        if let Some(own) = self.own_partner() {
            return match named {
                Some(other) if other != own => Err(forbidden(what)),
                _ => Ok(own),
            };
        }
        if actor.role == Role::Partner || !self.manages(cities) {
            return Err(forbidden(what));
        }
        named.ok_or_else(|| ApiError::invalid("partnerId", "name the partner to act for"))
    }

    /// Whether the viewer sees a partner's place in a pilot case, given the partner (if loaded): the team
    /// sees every place, a partner's members their own, and everyone the public places (see
    /// `MemberStatus::PUBLIC`) of partners they see.
    pub fn sees_member(
        &self,
        member: &pilot_case_member::Model,
        partner: Option<&partner::Model>,
    ) -> bool {
        self.is_team()
            || self.is_member_of(member.partner_id)
            || (member.status.is_public() && partner.is_some_and(|p| p.seen_by(self)))
    }

    /// The pilot cases the viewer manages (see [`Viewer::manages`]), as a query condition: every case for an
    /// admin, the cases of one of their cities for a coordinator, none for anyone else. (A case always
    /// names at least one city, so the rule's "record of no city" never applies to one.)
    pub fn pilot_cases_managed(&self, backend: DbBackend) -> Condition {
        self.managed_by_cities(backend, pilot_case::Column::Id, pilot_case::Column::Cities)
    }

    /// The events the viewer manages (see [`Viewer::manages`]), as a query condition: every event for an
    /// admin, the events of one of their cities for a coordinator, none for anyone else. (An event always
    /// names at least one city.)
    pub fn events_managed(&self, backend: DbBackend) -> Condition {
        self.managed_by_cities(backend, event::Column::Id, event::Column::Cities)
    }

    /// The success stories the viewer manages (see [`Viewer::manages`], [`story_cities`]), as a query
    /// condition: every story for an admin; for a coordinator, those of one of their cities and those of no
    /// single city; none for anyone else.
    pub fn stories_managed(&self) -> Condition {
        let nobody = Condition::all().add(success_story::Column::Id.is_null());
        let Self::Signed(actor) = self else {
            return nobody;
        };
        match actor.role {
            Role::Admin => Condition::all(),
            Role::Coordinator => Condition::any()
                .add(success_story::Column::City.is_null())
                .add(success_story::Column::City.is_in(actor.cities.iter().copied())),
            Role::Partner => nobody,
        }
    }

    /// [`Viewer::manages`] as a query condition on a table whose `cities` column lists a record's cities
    /// (and whose `id` is never null, to match no row).
    fn managed_by_cities(
        &self,
        backend: DbBackend,
        id: impl ColumnTrait,
        cities: impl ColumnTrait + Copy,
    ) -> Condition {
        let nobody = Condition::all().add(id.is_null());
        let Self::Signed(actor) = self else {
            return nobody;
        };
        match actor.role {
            Role::Admin => Condition::all(),
            Role::Coordinator if actor.cities.is_empty() => nobody,
            Role::Coordinator => actor.cities.iter().fold(Condition::any(), |any, city| {
                any.add(json_array_contains(backend, cities, &city.to_value()))
            }),
            Role::Partner => nobody,
        }
    }

    /// The value domains the viewer sees, as a query condition (the rows [`SeenBy`] lets through).
    pub fn value_domains_seen(&self) -> Condition {
        if self.is_team() {
            return Condition::all();
        }
        Condition::all().add(value_domain::public())
    }

    /// The partners the viewer sees, as a query condition (the rows [`SeenBy`] lets through).
    pub fn partners_seen(&self) -> Condition {
        if self.is_team() {
            return Condition::all();
        }
        match self.own_partner() {
            Some(own) => Condition::any()
                .add(partner::public())
                .add(partner::Column::Id.eq(own)),
            None => Condition::all().add(partner::public()),
        }
    }

    /// The events the viewer sees, as a query condition (the rows [`SeenBy`] lets through).
    pub fn events_seen(&self) -> Condition {
        if self.is_team() {
            return Condition::all();
        }
        Condition::all().add(event::public())
    }

    /// The success stories the viewer sees, as a query condition (the rows [`SeenBy`] lets through).
    pub fn stories_seen(&self) -> Condition {
        if self.is_team() {
            return Condition::all();
        }
        match self.own_partner() {
            Some(own) => Condition::any()
                .add(success_story::public())
                .add(success_story::Column::SubmittedByPartnerId.eq(own)),
            None => Condition::all().add(success_story::public()),
        }
    }
}

/// A kind of record that not every viewer may see. What the public sees is each kind's rule in `entities`
/// (`event::Model::is_public`); the viewer's own rights add to it here. Every single lookup and every
/// nested list asks this one question, and the query conditions above (`Viewer::events_seen`, …) say the
/// same in SQL.
pub trait SeenBy {
    /// Whether the viewer sees this record.
    fn seen_by(&self, viewer: &Viewer) -> bool;
}

/// An archived value domain leaves the public's lists, lookups and search, but a pilot case still names the
/// domain it belongs to: nothing in a value domain is private, archiving only withdraws it from the
/// programme.
impl SeenBy for value_domain::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        self.is_public() || viewer.is_team()
    }
}

/// A partner's members also see their own profile before it is approved.
impl SeenBy for partner::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        self.is_public() || viewer.sees_private_of(self.id)
    }
}

/// Drafts are the team's.
impl SeenBy for survey::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        self.is_public() || viewer.is_team()
    }
}

/// Drafts are the team's.
impl SeenBy for event::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        self.is_public() || viewer.is_team()
    }
}

/// A partner's members also see the stories they submitted.
impl SeenBy for success_story::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        self.is_public()
            || viewer.is_team()
            || self
                .submitted_by_partner_id
                .is_some_and(|p| viewer.is_member_of(p))
    }
}

/// Every pilot case is public, in every phase.
impl SeenBy for pilot_case::Model {
    fn seen_by(&self, _viewer: &Viewer) -> bool {
        true
    }
}

/// Every dataset is public: the catalogue lists open data.
impl SeenBy for dataset::Model {
    fn seen_by(&self, _viewer: &Viewer) -> bool {
        true
    }
}

/// A registration is the partner's private side: never public.
impl SeenBy for registration::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        viewer.sees_private_of(self.partner_id)
    }
}

/// An account is its holder's alone, as through `me`: nobody else reads it as a record, admins and
/// coordinators included (admins manage accounts through their own mutations).
impl SeenBy for account::Model {
    fn seen_by(&self, viewer: &Viewer) -> bool {
        viewer.account_id() == Some(self.id)
    }
}

/// The cities a story belongs to, as rules see them: none when it names no single city.
pub fn story_cities(m: &success_story::Model) -> Vec<City> {
    m.city.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coordinator(cities: &[City]) -> Viewer {
        Viewer::Signed(Actor {
            account_id: Uuid::now_v7(),
            role: Role::Coordinator,
            partner_id: None,
            cities: cities.to_vec(),
        })
    }

    #[test]
    fn coordinators_manage_their_own_cities_only() {
        let gent = coordinator(&[City::Gent]);
        assert!(gent.manages(&[City::Gent]));
        assert!(gent.manages(&[City::Gent, City::Brugge]));
        assert!(!gent.manages(&[City::Brugge]));
        assert!(
            gent.manages(&[]),
            "a record of no single city is everyone's"
        );
        assert!(!Viewer::Anonymous.manages(&[City::Gent]));
    }

    #[test]
    fn coordinators_may_only_add_their_own_cities() {
        let gent = coordinator(&[City::Gent]);
        assert!(gent.require_city_change(&[], &[City::Gent]).is_ok());
        assert!(
            gent.require_city_change(&[City::Brugge], &[City::Brugge, City::Gent])
                .is_ok()
        );
        assert!(
            gent.require_city_change(&[City::Gent], &[City::Brugge])
                .is_err()
        );
    }

    #[test]
    fn a_partner_acts_for_its_own_organisation_only() {
        let own = Uuid::now_v7();
        let member = Viewer::Signed(Actor {
            account_id: Uuid::now_v7(),
            role: Role::Partner,
            partner_id: Some(own),
            cities: vec![],
        });
        assert_eq!(
            member.acting_partner(None, &[City::Gent], "x").ok(),
            Some(own)
        );
        assert!(
            member
                .acting_partner(Some(Uuid::now_v7()), &[City::Gent], "x")
                .is_err()
        );
        let gent = coordinator(&[City::Gent]);
        assert!(
            gent.acting_partner(Some(own), &[City::Brugge], "x")
                .is_err()
        );
        assert_eq!(
            gent.acting_partner(Some(own), &[City::Gent], "x").ok(),
            Some(own)
        );
    }
}
