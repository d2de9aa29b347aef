//! What creating, changing, moving and deleting a record has in common, written once. Each kind of record
//! says how its fields apply and what makes it valid; these functions do the rest in one transaction:
//! check, pick a slug, write, link, commit.
//!
//! A change may say which version of the record it was made from (the `updatedAt` its client read): a
//! record that has changed since is left as it is ([`check_unchanged`], optimistic concurrency), and every
//! change gives the record a new `updatedAt` ([`crate::clock::changed_after`]).

use super::access::Viewer;
use super::audit;
use super::lifecycle::{Lifecycle, check_move};
use super::slug;
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::indexing::outbox;
use chrono::{DateTime, Utc};
use entities::audit_entry;
use entities::values::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, ModelTrait,
    QueryFilter, QuerySelect,
};
use std::future::Future;
use uuid::Uuid;

/// Writes the accessors that every record kind spells the same way: the `id` and `slug` columns, the id,
/// the slug, the field its slug is made from, and when it last changed.
macro_rules! same_accessors {
    ($fields:ty, $title:ident) => {
        fn id_column() -> Column {
            Column::Id
        }
        fn slug_column() -> Column {
            Column::Slug
        }
        fn id(model: &Model) -> Uuid {
            model.id
        }
        fn title(model: &Model) -> &str {
            &model.$title
        }
        fn chosen_slug(fields: &$fields) -> Option<&str> {
            fields.slug.as_deref()
        }
        fn set_slug(model: &mut Model, slug: String) {
            model.slug = slug;
        }
        fn updated_at(model: &Model) -> chrono::DateTime<chrono::Utc> {
            model.updated_at
        }
    };
}
pub(crate) use same_accessors;

/// Declares the fields a client can set on a kind of record, each once: the struct that describes a
/// change (every field an `Option`: `None` leaves it as it is, and `Some(None)` clears an optional one) and
/// its `apply_to`, which writes the fields given into the row in the form they are stored in.
///
/// A column is written `name: Type = |value| stored,`: the type a client gives, and how that value is
/// stored (trimmed, deduplicated). Fields kept outside the row (the chosen slug, links to other records,
/// a contact) follow under `outside the row`; the record's own code writes them.
///
/// The struct also reads from the demo data files (serde), so a new field can be given a value there
/// without further code.
macro_rules! record_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $model:ty {
            $( $(#[$column_meta:meta])* $column:ident : $column_type:ty = |$value:ident| $stored:expr, )*
        }
        outside the row {
            $( $(#[$other_meta:meta])* $other:ident : $other_type:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Default, Clone, serde::Deserialize)]
        #[serde(default)]
        pub struct $name {
            $( $(#[$column_meta])* pub $column: Option<$column_type>, )*
            $( $(#[$other_meta])* pub $other: Option<$other_type>, )*
        }

        impl $name {
            /// Writes the columns given into the row, in the form they are stored in.
            pub fn apply_to(&self, model: &mut $model) {
                $( if let Some($value) = &self.$column { model.$column = $stored; } )*
            }
        }
    };
}
pub(crate) use record_fields;

/// The table row of a record kind.
pub type ModelOf<R> = <R as EntityTrait>::Model;

/// A kind of record with a slug, a title and editable fields.
pub trait Record: EntityTrait
where
    Self::Model: IntoActiveModel<Self::ActiveModel> + Clone + Send + Sync,
    Self::ActiveModel: ActiveModelTrait<Entity = Self> + From<Self::Model> + Send + Sync,
{
    /// The fields a client can set; `None` leaves a field as it is.
    type Fields: Send + Sync;
    /// The record's name in messages ("pilot case").
    const KIND: &'static str;
    /// The record's kind in the search index; none for a kind that is not searched.
    const SEARCH_KIND: Option<search::Kind>;

    /// The primary-key column.
    fn id_column() -> Self::Column;
    /// The slug column.
    fn slug_column() -> Self::Column;
    /// A record with every field at its starting value, before the client's fields apply.
    fn blank(id: Uuid, now: DateTime<Utc>) -> Self::Model;
    /// The record's id.
    fn id(model: &Self::Model) -> Uuid;
    /// The text its slug is made from.
    fn title(model: &Self::Model) -> &str;
    /// The slug the client chose, if any.
    fn chosen_slug(fields: &Self::Fields) -> Option<&str>;
    /// Sets the slug.
    fn set_slug(model: &mut Self::Model, slug: String);
    /// When the record last changed (`updated_at`).
    fn updated_at(model: &Self::Model) -> DateTime<Utc>;
    /// Sets `updated_at` to `at` (a new value: [`changed_after`] the last one), and whatever else every
    /// change moves (an event's sequence).
    fn touch(model: &mut Self::Model, at: DateTime<Utc>);
    /// Applies the client's fields, tidied (trimmed, deduplicated), and derives what follows from them.
    fn apply(model: &mut Self::Model, fields: &Self::Fields);
    /// Checks the whole record as it would be stored.
    fn validate(model: &Self::Model) -> ApiResult<()>;

    /// Checks that the record, as it stands, may still be changed at all (a completed event may not).
    fn check_change(_before: &Self::Model) -> ApiResult<()> {
        Ok(())
    }

    /// Checks inputs that are stored outside the row (a partner's contact), before anything is written.
    fn check_fields(_fields: &Self::Fields) -> ApiResult<()> {
        Ok(())
    }

    /// Checks that the records this one points to exist.
    fn check_references(
        _conn: &Write<'_>,
        _model: &Self::Model,
    ) -> impl Future<Output = ApiResult<()>> + Send {
        async { Ok(()) }
    }

    /// Writes what goes with a change outside the row, in the change's transaction, once the row is saved:
    /// an event whose time or place changed tells those registered. `before` is the record as it was.
    fn after_update(
        _conn: &Write<'_>,
        _before: &Self::Model,
        _after: &Self::Model,
    ) -> impl Future<Output = ApiResult<()>> + Send {
        async { Ok(()) }
    }

    /// Writes the links given in the fields (many-to-many), once the record exists.
    fn save_links(
        _conn: &Write<'_>,
        _id: Uuid,
        _fields: &Self::Fields,
    ) -> impl Future<Output = ApiResult<()>> + Send {
        async { Ok(()) }
    }
}

/// A record kind whose status follows a lifecycle.
pub trait HasStatus: Record
where
    Self::Model: IntoActiveModel<Self::ActiveModel> + Clone + Send + Sync,
    Self::ActiveModel: ActiveModelTrait<Entity = Self> + From<Self::Model> + Send + Sync,
{
    /// The status type.
    type Status: Lifecycle + Send + Sync;
    /// The status field's name in the API (`status`, `phase`).
    const STATUS_FIELD: &'static str;
    /// The current status.
    fn status(model: &Self::Model) -> Self::Status;
    /// Sets the status and whatever goes with it (a story's publication date).
    fn set_status(model: &mut Self::Model, status: Self::Status, now: DateTime<Utc>);
    /// Writes what goes with a move outside the row, in the move's transaction, once the row is saved: a
    /// partner leaving `REFUSED` takes its refusal's reason with it. `from` is where the record stood.
    fn after_status_move(
        _conn: &Write<'_>,
        _model: &Self::Model,
        _from: Self::Status,
    ) -> impl Future<Output = ApiResult<()>> + Send {
        async { Ok(()) }
    }
    /// Further conditions on a move, beyond the lifecycle (an event completes only once it has started).
    fn check_status_move(
        _model: &Self::Model,
        _to: Self::Status,
        _now: DateTime<Utc>,
    ) -> ApiResult<()> {
        Ok(())
    }
}

/// Marks a record's search document for the relay to build again, in the change's transaction, when its kind
/// is searched.
async fn reindex<R: Record>(txn: &Write<'_>, id: Uuid) -> ApiResult<()>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    match R::SEARCH_KIND {
        Some(kind) => outbox::enqueue(txn, kind, id).await,
        None => Ok(()),
    }
}

/// Finds a record by id.
pub async fn find<R: Record>(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<ModelOf<R>>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    Ok(R::find().filter(R::id_column().eq(id)).one(conn).await?)
}

/// Finds a record by slug.
pub async fn find_by_slug<R: Record>(
    conn: &impl ConnectionTrait,
    slug: &str,
) -> ApiResult<Option<ModelOf<R>>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    Ok(R::find()
        .filter(R::slug_column().eq(slug))
        .one(conn)
        .await?)
}

/// Reads a record inside a write transaction, locking its row on PostgreSQL (SQLite's write transaction
/// already holds the whole database), so concurrent changes apply one after the other.
pub(super) async fn find_for_update<R: Record>(txn: &Write<'_>, id: Uuid) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    R::find()
        .filter(R::id_column().eq(id))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found(R::KIND))
}

/// Refuses a change to a record that has changed since its client read it: `expected` is the `updatedAt`
/// the client read (none: the change applies to whatever the record holds), `updated_at` the record's, read
/// in the change's write transaction with the row locked (see [`find_for_update`]), so of two changes made
/// from the same version only the first passes, on either database. Nothing is written then; the refusal
/// says when the record last changed and, from the audit log as far as the caller may read it, through
/// which mutation and by whom.
pub async fn check_unchanged(
    txn: &Write<'_>,
    kind: &str,
    id: Uuid,
    updated_at: DateTime<Utc>,
    expected: Option<DateTime<Utc>>,
) -> ApiResult<()> {
    let Some(read) = expected else {
        return Ok(());
    };
    if read == updated_at {
        return Ok(());
    }
    let last = match txn.viewer() {
        Some(viewer) => audit::last_change_seen_by(txn, viewer, id, read)
            .await?
            .map(|entry| {
                format!(
                    " Its last recorded change: {}.",
                    last_change(viewer, &entry)
                )
            }),
        None => None,
    };
    Err(ApiError::Changed {
        message: format!(
            "this {kind} has changed since you read it: you read the version of {}, it now holds that of {}.{} Nothing was saved: apply your changes to its current values and send its new updatedAt as expectedUpdatedAt.",
            read.to_rfc3339(),
            updated_at.to_rfc3339(),
            last.unwrap_or_default(),
        ),
        current: None,
    })
}

/// An audit entry in words, for the viewer: the mutation, who made it (you, or an account's role) and when.
fn last_change(viewer: &Viewer, entry: &audit_entry::Model) -> String {
    let you = matches!(viewer, Viewer::Signed(actor) if Some(actor.account_id) == entry.actor_id);
    let who = match entry.actor_role {
        _ if you => "you",
        Some(Role::Admin) => "an admin",
        Some(Role::Coordinator) => "a coordinator",
        Some(Role::Partner) => "a partner's member",
        None => "someone not signed in",
    };
    format!("{} by {who} at {}", entry.action, entry.at.to_rfc3339())
}

/// Creates a record from the client's fields.
pub async fn create<R: Record>(
    db: &Store,
    change: &Change,
    fields: R::Fields,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let txn = begin_write(db, change).await?;
    let saved = create_in::<R>(&txn, fields).await?;
    txn.commit(Some(R::id(&saved))).await?;
    Ok(saved)
}

/// Creates a record inside a write transaction that the caller commits (with whatever else it writes).
pub async fn create_in<R: Record>(txn: &Write<'_>, fields: R::Fields) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let mut model = R::blank(new_id(), now());
    R::apply(&mut model, &fields);
    R::validate(&model)?;
    R::check_fields(&fields)?;
    if let Some(chosen) = R::chosen_slug(&fields) {
        slug::check("slug", chosen)?;
    }
    R::check_references(txn, &model).await?;
    let slug = match R::chosen_slug(&fields) {
        Some(chosen) => {
            slug::ensure_free::<R>(txn, R::slug_column(), chosen).await?;
            chosen.to_owned()
        }
        None => {
            slug::first_free::<R>(txn, R::slug_column(), &slug::from_title(R::title(&model)))
                .await?
        }
    };
    R::set_slug(&mut model, slug);
    let saved = R::ActiveModel::from(model).reset_all().insert(txn).await?;
    R::save_links(txn, R::id(&saved), &fields).await?;
    reindex::<R>(txn, R::id(&saved)).await?;
    Ok(saved)
}

/// Changes the fields the client gave and leaves the others as they are, unless the record has changed
/// since the `updatedAt` the client read (`expected`, see [`check_unchanged`]).
pub async fn update<R: Record>(
    db: &Store,
    change: &Change,
    id: Uuid,
    expected: Option<DateTime<Utc>>,
    fields: R::Fields,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    R::check_fields(&fields)?;
    if let Some(chosen) = R::chosen_slug(&fields) {
        slug::check("slug", chosen)?;
    }
    let txn = begin_write(db, change).await?;
    let mut model = find_for_update::<R>(&txn, id).await?;
    check_unchanged(&txn, R::KIND, id, R::updated_at(&model), expected).await?;
    let current_slug = model.get(R::slug_column());
    R::check_change(&model)?;
    let before = model.clone();
    R::apply(&mut model, &fields);
    R::validate(&model)?;
    R::check_references(&txn, &model).await?;
    if let Some(chosen) = R::chosen_slug(&fields)
        && current_slug != chosen.into()
    {
        slug::ensure_free::<R>(&txn, R::slug_column(), chosen).await?;
        R::set_slug(&mut model, chosen.to_owned());
    }
    let at = changed_after(R::updated_at(&model));
    R::touch(&mut model, at);
    let saved = R::ActiveModel::from(model).reset_all().update(&txn).await?;
    R::save_links(&txn, id, &fields).await?;
    R::after_update(&txn, &before, &saved).await?;
    reindex::<R>(&txn, id).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

/// Moves a record to another status, if its lifecycle allows and the record has not changed since the
/// `updatedAt` the client read (`expected`, see [`check_unchanged`]).
pub async fn set_status<R: HasStatus>(
    db: &Store,
    change: &Change,
    id: Uuid,
    expected: Option<DateTime<Utc>>,
    to: R::Status,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let txn = begin_write(db, change).await?;
    let mut model = find_for_update::<R>(&txn, id).await?;
    check_unchanged(&txn, R::KIND, id, R::updated_at(&model), expected).await?;
    let now = now();
    let from = R::status(&model);
    check_move(R::KIND, R::STATUS_FIELD, from, to)?;
    R::check_status_move(&model, to, now)?;
    R::set_status(&mut model, to, now);
    R::validate(&model)?;
    let at = changed_after(R::updated_at(&model));
    R::touch(&mut model, at);
    let saved = R::ActiveModel::from(model).reset_all().update(&txn).await?;
    R::after_status_move(&txn, &saved, from).await?;
    reindex::<R>(&txn, id).await?;
    txn.commit(Some(id)).await?;
    Ok(saved)
}

/// The statuses a record may move to at `now`: those its lifecycle allows from where it stands that also
/// meet the kind's further conditions ([`HasStatus::check_status_move`]), the same two checks
/// [`set_status`] makes, so a client offers exactly the moves it would accept (the record's own
/// validation, an event's venue say, still answers for its fields).
pub fn next_statuses<R: HasStatus>(model: &ModelOf<R>, now: DateTime<Utc>) -> Vec<R::Status>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    R::status(model)
        .allowed_moves()
        .iter()
        .copied()
        .filter(|&to| R::check_status_move(model, to, now).is_ok())
        .collect()
}

/// Deletes a record. One that other records still point to is refused, and nothing changes.
pub async fn delete<R: Record>(db: &Store, change: &Change, id: Uuid) -> ApiResult<()>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let txn = begin_write(db, change).await?;
    let deleted = R::delete_many()
        .filter(R::id_column().eq(id))
        .exec(&txn)
        .await
        .map_err(|err| match ApiError::from(err) {
            ApiError::Conflict { .. } => ApiError::conflict(
                None,
                format!(
                    "this {} is still referred to by other records; remove those references first (or archive it where its lifecycle allows)",
                    R::KIND
                ),
            ),
            other => other,
        })?;
    if deleted.rows_affected == 0 {
        return Err(ApiError::not_found(R::KIND));
    }
    reindex::<R>(&txn, id).await?;
    txn.commit(Some(id)).await?;
    Ok(())
}
