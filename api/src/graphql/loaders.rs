//! Batched loading of related records. Each key type names one relation; the resolvers of a whole response
//! ask for their related records by key, and each relation costs one query (two through a link table),
//! however many records the page holds.

use crate::domain::record::Record;
use crate::error::ApiError;
use async_graphql::dataloader::Loader;
use entities::*;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use uuid::Uuid;

/// Loads related records from the database, in batches.
pub struct DbLoader {
    db: DatabaseConnection,
}

impl DbLoader {
    /// A loader over this connection.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// A record of kind `E` by id.
pub struct ById<E>(pub Uuid, PhantomData<fn() -> E>);

impl<E> ById<E> {
    /// The key for the record with this id.
    pub fn new(id: Uuid) -> Self {
        Self(id, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        Self::new(self.0)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<E> Loader<ById<E>> for DbLoader
where
    E: Record + Send + Sync + 'static,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone + Send + Sync + 'static,
    E::ActiveModel: ActiveModelTrait<Entity = E> + From<E::Model> + Send + Sync,
{
    type Value = E::Model;
    type Error = ApiError;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, ApiError> {
        let rows = E::find()
            .filter(E::id_column().is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| (ById::new(E::id(&row)), row))
            .collect())
    }
}

/// Declares a key for one row of `$table` by its id, for the kinds that are no [`Record`] (accounts,
/// registrations, memberships), which [`ById`] cannot load.
macro_rules! row_by_id {
    ($(#[$doc:meta])* $key:ident => $table:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Loader<$key> for DbLoader {
            type Value = $table::Model;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, ApiError> {
                let rows = $table::Entity::find()
                    .filter($table::Column::Id.is_in(keys.iter().map(|k| k.0)))
                    .all(&self.db)
                    .await?;
                Ok(rows.into_iter().map(|row| ($key(row.id), row)).collect())
            }
        }
    };
}

row_by_id!(
    /// An account by id.
    AccountById => account
);
row_by_id!(
    /// A registration by id.
    RegistrationById => registration
);
row_by_id!(
    /// A partner's place in a pilot case by id.
    MemberById => pilot_case_member
);

/// A partner's private contact, by partner id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactOfPartner(pub Uuid);

impl Loader<ContactOfPartner> for DbLoader {
    type Value = partner_contact::Model;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ContactOfPartner],
    ) -> Result<HashMap<ContactOfPartner, partner_contact::Model>, ApiError> {
        let rows = partner_contact::Entity::find()
            .filter(partner_contact::Column::PartnerId.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| (ContactOfPartner(row.partner_id), row))
            .collect())
    }
}

/// Why the team refused a partner, by partner id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefusalOfPartner(pub Uuid);

impl Loader<RefusalOfPartner> for DbLoader {
    type Value = partner_refusal::Model;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[RefusalOfPartner],
    ) -> Result<HashMap<RefusalOfPartner, partner_refusal::Model>, ApiError> {
        let rows = partner_refusal::Entity::find()
            .filter(partner_refusal::Column::PartnerId.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| (RefusalOfPartner(row.partner_id), row))
            .collect())
    }
}

/// Declares a key for the rows of `$table` whose `$field` is the key's id (one-to-many).
macro_rules! children {
    ($(#[$doc:meta])* $key:ident => $table:ident . $field:ident ($column:ident), ordered by $order:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Loader<$key> for DbLoader {
            type Value = Vec<$table::Model>;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, ApiError> {
                let rows = $table::Entity::find()
                    .filter($table::Column::$column.is_in(keys.iter().map(|k| k.0)))
                    .order_by_asc($table::Column::$order)
                    .order_by_asc($table::Column::Id)
                    .all(&self.db)
                    .await?;
                let mut groups: HashMap<$key, Self::Value> = HashMap::new();
                for row in rows {
                    let parent: Option<Uuid> = row.$field.into();
                    if let Some(parent) = parent {
                        groups.entry($key(parent)).or_default().push(row);
                    }
                }
                Ok(groups)
            }
        }
    };
}

/// Declares a key for the `$target` rows linked to the key's id through link table `$link` (many-to-many).
macro_rules! linked {
    ($(#[$doc:meta])* $key:ident => $target:ident via $link:ident . $owner:ident ($owner_column:ident) -> $other:ident, ordered by $order:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub Uuid);

        impl Loader<$key> for DbLoader {
            type Value = Vec<$target::Model>;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, ApiError> {
                let links = $link::Entity::find()
                    .filter($link::Column::$owner_column.is_in(keys.iter().map(|k| k.0)))
                    .all(&self.db)
                    .await?;
                let targets = $target::Entity::find()
                    .filter($target::Column::Id.is_in(links.iter().map(|l| l.$other)))
                    .order_by_asc($target::Column::$order)
                    .order_by_asc($target::Column::Id)
                    .all(&self.db)
                    .await?;
                let position: HashMap<Uuid, usize> =
                    targets.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
                let mut groups: HashMap<$key, Vec<usize>> = HashMap::new();
                for link in &links {
                    if let Some(&i) = position.get(&link.$other) {
                        groups.entry($key(link.$owner)).or_default().push(i);
                    }
                }
                Ok(groups
                    .into_iter()
                    .map(|(key, mut indexes)| {
                        indexes.sort_unstable();
                        (key, indexes.into_iter().map(|i| targets[i].clone()).collect())
                    })
                    .collect())
            }
        }
    };
}

children!(
    /// The pilot cases of a value domain.
    CasesOfDomain => pilot_case.value_domain_id(ValueDomainId), ordered by Title
);
children!(
    /// The events of a pilot case.
    EventsOfCase => event.pilot_case_id(PilotCaseId), ordered by StartsAt
);
children!(
    /// The events of a value domain.
    EventsOfDomain => event.value_domain_id(ValueDomainId), ordered by StartsAt
);
children!(
    /// The success stories of a pilot case.
    StoriesOfCase => success_story.pilot_case_id(PilotCaseId), ordered by CreatedAt
);
children!(
    /// The success stories of a value domain.
    StoriesOfDomain => success_story.value_domain_id(ValueDomainId), ordered by CreatedAt
);
children!(
    /// The members of a pilot case.
    MembersOfCase => pilot_case_member.pilot_case_id(PilotCaseId), ordered by CreatedAt
);
children!(
    /// A partner's memberships of pilot cases.
    MembershipsOfPartner => pilot_case_member.partner_id(PartnerId), ordered by CreatedAt
);
children!(
    /// The registrations for an event.
    RegistrationsOfEvent => registration.event_id(EventId), ordered by CreatedAt
);
children!(
    /// The people a registration brings, in their order.
    PeopleOfRegistration => registration_person.registration_id(RegistrationId), ordered by Position
);
children!(
    /// A partner's registrations.
    RegistrationsOfPartner => registration.partner_id(PartnerId), ordered by CreatedAt
);

children!(
    /// A partner's member accounts.
    AccountsOfPartner => account.partner_id(PartnerId), ordered by Email
);

linked!(
    /// The datasets a pilot case uses.
    DatasetsOfCase => dataset via pilot_case_dataset.pilot_case_id(PilotCaseId) -> dataset_id, ordered by Title
);
linked!(
    /// The pilot cases using a dataset.
    CasesOfDataset => pilot_case via pilot_case_dataset.dataset_id(DatasetId) -> pilot_case_id, ordered by Title
);
linked!(
    /// The value domains a partner is interested in.
    InterestsOfPartner => value_domain via partner_interest.partner_id(PartnerId) -> value_domain_id, ordered by Name
);
linked!(
    /// The partners interested in a value domain.
    PartnersInterestedIn => partner via partner_interest.value_domain_id(ValueDomainId) -> partner_id, ordered by Name
);
linked!(
    /// The partners involved in a success story.
    PartnersOfStory => partner via success_story_partner.success_story_id(SuccessStoryId) -> partner_id, ordered by Name
);
linked!(
    /// The success stories a partner was involved in.
    StoriesOfPartner => success_story via success_story_partner.partner_id(PartnerId) -> success_story_id, ordered by CreatedAt
);
linked!(
    /// The datasets a success story reused.
    DatasetsOfStory => dataset via success_story_dataset.success_story_id(SuccessStoryId) -> dataset_id, ordered by Title
);
linked!(
    /// The success stories that reused a dataset.
    StoriesOfDataset => success_story via success_story_dataset.dataset_id(DatasetId) -> success_story_id, ordered by CreatedAt
);

/// How an event's registrations divide over the statuses.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignUpsOfEvent(pub Uuid);

/// An event's registrations counted per status.
#[derive(Clone, Default)]
pub struct SignUpCounts {
    /// The people of confirmed or attended registrations: seats given out.
    pub seated: u64,
    /// Registrations waiting for seats.
    pub waitlisted: u64,
}

impl Loader<SignUpsOfEvent> for DbLoader {
    type Value = SignUpCounts;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[SignUpsOfEvent],
    ) -> Result<HashMap<SignUpsOfEvent, SignUpCounts>, ApiError> {
        use entities::values::RegistrationStatus;
        use sea_orm::QuerySelect;
        let rows: Vec<(Uuid, RegistrationStatus, i64, i64)> = registration::Entity::find()
            .select_only()
            .column(registration::Column::EventId)
            .column(registration::Column::Status)
            .column_as(registration::Column::Id.count(), "count")
            .column_as(registration::Column::People.sum(), "people")
            .filter(registration::Column::EventId.is_in(keys.iter().map(|k| k.0)))
            .group_by(registration::Column::EventId)
            .group_by(registration::Column::Status)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts: HashMap<SignUpsOfEvent, SignUpCounts> = HashMap::new();
        for (event, status, count, people) in rows {
            let entry = counts.entry(SignUpsOfEvent(event)).or_default();
            let count = u64::try_from(count).unwrap_or(0);
            match status {
                RegistrationStatus::Confirmed | RegistrationStatus::Attended => {
                    entry.seated += u64::try_from(people).unwrap_or(0)
                }
                RegistrationStatus::Waitlisted => entry.waitlisted += count,
                _ => {}
            }
        }
        Ok(counts)
    }
}

/// The waitlist of an event: each waiting registration's place (1 is next).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct WaitlistOfEvent(pub Uuid);

impl Loader<WaitlistOfEvent> for DbLoader {
    type Value = HashMap<Uuid, u64>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[WaitlistOfEvent],
    ) -> Result<HashMap<WaitlistOfEvent, Self::Value>, ApiError> {
        // The same order promotion follows.
        let waiting = crate::domain::seats::waiting_in_order(keys.iter().map(|k| k.0))
            .all(&self.db)
            .await?;
        let mut lists: HashMap<WaitlistOfEvent, Self::Value> = HashMap::new();
        for row in waiting {
            let list = lists.entry(WaitlistOfEvent(row.event_id)).or_default();
            let place = list.len() as u64 + 1;
            list.insert(row.id, place);
        }
        Ok(lists)
    }
}

/// An event's seat quotas, one per stakeholder type that has one, in the order of the types.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuotasOfEvent(pub Uuid);

impl Loader<QuotasOfEvent> for DbLoader {
    type Value = Vec<event_quota::Model>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[QuotasOfEvent],
    ) -> Result<HashMap<QuotasOfEvent, Self::Value>, ApiError> {
        let rows = event_quota::Entity::find()
            .filter(event_quota::Column::EventId.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await?;
        let mut groups: HashMap<QuotasOfEvent, Self::Value> = HashMap::new();
        for row in rows {
            groups
                .entry(QuotasOfEvent(row.event_id))
                .or_default()
                .push(row);
        }
        // The types' own order, not their stored names' alphabetical one: the same on either database.
        for quotas in groups.values_mut() {
            quotas.sort_by_key(|quota| quota.stakeholder_type);
        }
        Ok(groups)
    }
}
