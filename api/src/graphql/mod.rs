//! The GraphQL schema: one module per kind of record, each with its type, its queries and its mutations,
//! merged into one schema. Resolvers stay thin: they translate arguments and call `crate::domain`.

pub mod accounts;
pub mod batching;
pub mod budget;
pub mod connection;
pub mod datasets;
pub mod errors;
pub mod events;
pub mod ids;
pub mod live;
pub mod loaders;
pub mod mail;
pub mod matching;
pub mod node;
pub mod nulls;
pub mod partners;
pub mod password_change;
pub mod persisted;
pub mod pilot_cases;
pub mod preview;
pub mod search;
pub mod shape;
pub mod stories;
pub mod surveys;
pub mod value_domains;

use crate::config::ApiOptions;
use crate::domain::access::{SeenBy, Viewer};
use crate::domain::record::{self, HasStatus, ModelOf, Record};
use crate::domain::write::{Change, Store};
use crate::error::{ApiError, ApiResult};
use crate::indexing::SharedEngine;
use crate::limits::{ClientAddress, Limited, RateLimits};
use crate::live::SeatHub;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{
    BatchRequest, BatchResponse, Context, ID, InputType, MergedObject, Name, Request, Response,
    Schema, SchemaBuilder, SimpleObject, Value,
};
use chrono::{DateTime, Utc};
use entities::{partner, pilot_case_member};
use ids::Kind;
use loaders::{ById, DbLoader};
use pilot_cases::PilotCaseMember;
use sea_orm::{ActiveModelTrait, DatabaseConnection, IntoActiveModel};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

/// Every query.
#[derive(MergedObject, Default)]
// The root types carry the names that clients and their tools expect: `Query`, `Mutation`, `Subscription`.
#[graphql(name = "Query")]
pub struct QueryRoot(
    node::NodeQuery,
    value_domains::ValueDomainQuery,
    pilot_cases::PilotCaseQuery,
    partners::PartnerQuery,
    events::EventQuery,
    stories::StoryQuery,
    datasets::DatasetQuery,
    surveys::SurveyQuery,
    search::SearchQuery,
    matching::MatchingQuery,
    accounts::AccountQuery,
    mail::MailQuery,
    preview::PreviewQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    value_domains::ValueDomainMutation,
    pilot_cases::PilotCaseMutation,
    partners::PartnerMutation,
    events::EventMutation,
    stories::StoryMutation,
    datasets::DatasetMutation,
    surveys::SurveyMutation,
    matching::MatchingMutation,
    accounts::AccountMutation,
    mail::MailMutation,
);

/// LODE's GraphQL schema.
pub type LodeSchema = Schema<QueryRoot, MutationRoot, live::SubscriptionRoot>;

/// The most a query may cost: each field costs 1, and a list's fields count once per record it may hold
/// (its `first` or `last`, see [`connection::cost`]).
pub const MAX_COMPLEXITY: usize = 25_000;

/// The schema's shape and limits, without the data it serves (enough to print its SDL).
pub fn schema_builder() -> SchemaBuilder<QueryRoot, MutationRoot, live::SubscriptionRoot> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    // First, so that what the other extensions log carries the operation's span.
    .extension(crate::telemetry::OperationName)
    .extension(errors::ErrorCodes)
    // Within `ErrorCodes`, so that the errors of the fields it answers with null get their codes too.
    .extension(nulls::NullOnError)
    .extension(persisted::PersistedQueries::default())
    .extension(shape::QueryShape)
    .extension(live::SubscriptionQuota)
    // Within `NullOnError`, which answers a refused field with null and reports its error once.
    .extension(password_change::PasswordChangeFirst)
    .limit_complexity(MAX_COMPLEXITY)
}

/// A request's data loader. It batches but keeps no cache: a mutation's later fields must see what its
/// earlier fields changed.
type Loaders = DataLoader<DbLoader>;

/// The schema, serving the given database, search engine and live seat counts.
pub fn build_schema(
    db: DatabaseConnection,
    engine: SharedEngine,
    seats: SeatHub,
    options: &ApiOptions,
) -> LodeSchema {
    let mut builder = schema_builder()
        .data(Store::new(db, seats.clone()))
        .data(engine)
        .data(seats)
        .data(RateLimits::new(&options.rate_limits))
        .data(SessionLifetime(options.session_lifetime))
        .data(live::SubscriptionLimits::new(
            options.max_subscriptions_per_connection,
            options.max_subscriptions_per_client,
        ))
        .extension(budget::ResponseBudget {
            max_bytes: options.max_response_bytes,
        });
    if !options.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// How long a login lasts.
#[derive(Clone, Copy)]
pub struct SessionLifetime(pub Duration);

/// The bearer token a request came with, for `logout`.
#[derive(Clone)]
pub struct BearerToken(pub String);

/// Who sent the request.
pub(crate) fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    static ANONYMOUS: Viewer = Viewer::Anonymous;
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}

/// Takes one attempt at a rate-limited operation from the allowance of the client's address and account.
fn rate_limit(ctx: &Context<'_>, operation: Limited, account: Option<&str>) -> ApiResult<()> {
    let address = ctx.data_opt::<ClientAddress>().copied().unwrap_or_default();
    ctx.data_unchecked::<RateLimits>()
        .check(operation, address, account)
}

/// Remembers that the account signed in from the client's network (see [`RateLimits::remember_sign_in`]).
fn remember_sign_in(ctx: &Context<'_>, account: &str) {
    let address = ctx.data_opt::<ClientAddress>().copied().unwrap_or_default();
    ctx.data_unchecked::<RateLimits>()
        .remember_sign_in(address, account);
}

/// The change a mutation makes: by the viewer, named after the mutation (`createEvent`). Its write
/// transaction writes the audit entry when it commits.
fn change(ctx: &Context<'_>) -> Change {
    Change::by(viewer(ctx).clone(), ctx.field().name())
}

/// Who sent a request and from where.
#[derive(Clone, Default)]
pub struct Caller {
    /// The signed-in account, or nobody.
    pub viewer: Viewer,
    /// The bearer token it came with.
    pub token: Option<String>,
    /// The client's address.
    pub address: ClientAddress,
}

/// Executes one request with its own data loader: batches never cross from one request (and so one caller)
/// to another, and each level of the response costs one query per relation.
pub async fn execute(
    schema: &LodeSchema,
    db: &DatabaseConnection,
    caller: &Caller,
    request: Request,
    spent: budget::Spent,
) -> Response {
    let tasks = batching::RequestTasks::default();
    let loader: Loaders =
        DataLoader::new(DbLoader::new(db.clone()), tasks.spawner()).delay(Duration::ZERO);
    let mut request = request
        .data(spent)
        .data(loader)
        .data(caller.viewer.clone())
        .data(caller.address);
    if let Some(token) = &caller.token {
        request = request.data(BearerToken(token.clone()));
    }
    tasks.drive(schema.execute(request)).await
}

/// Executes a single request or a batch, each operation with its own data loader and all of them
/// within one response budget.
pub async fn execute_batch(
    schema: &LodeSchema,
    db: &DatabaseConnection,
    caller: &Caller,
    request: BatchRequest,
) -> BatchResponse {
    let spent = budget::Spent::default();
    match request {
        BatchRequest::Single(one) => {
            BatchResponse::Single(execute(schema, db, caller, one, spent).await)
        }
        // Each operation runs in a span of its own, with its name (see `telemetry::OperationName`).
        BatchRequest::Batch(many) => BatchResponse::Batch(
            futures_util::future::join_all(
                many.into_iter()
                    .map(|one| execute(schema, db, caller, one, spent.clone())),
            )
            .await,
        ),
    }
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    schema_builder().finish().sdl()
}

/// Every interface and union of the schema with the object types that may stand for it: the map Apollo
/// Client takes as `possibleTypes` to match fragments on them (`... on Partner` in a search hit). Read
/// from the schema itself by introspection, so it never falls behind; sorted, for a stable answer.
pub async fn possible_types() -> BTreeMap<String, Vec<String>> {
    let response = schema_builder()
        .finish()
        .execute("{ __schema { types { name possibleTypes { name } } } }")
        .await;
    let data = response.data.into_json().unwrap_or_default();
    let mut map = BTreeMap::new();
    for ty in data["__schema"]["types"].as_array().into_iter().flatten() {
        // Only interfaces and unions have possible types: other kinds answer null.
        let (Some(name), Some(members)) = (ty["name"].as_str(), ty["possibleTypes"].as_array())
        else {
            continue;
        };
        let mut members: Vec<String> = members
            .iter()
            .filter_map(|member| member["name"].as_str().map(str::to_owned))
            .collect();
        members.sort();
        map.insert(name.to_owned(), members);
    }
    map
}

/// The database of the request, as the rules see it.
fn db<'a>(ctx: &Context<'a>) -> &'a Store {
    ctx.data_unchecked::<Store>()
}

/// The record behind a key, through the request's data loader.
async fn load_one<K>(ctx: &Context<'_>, key: K) -> ApiResult<Option<<DbLoader as Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    DbLoader: Loader<K, Error = ApiError>,
{
    ctx.data_unchecked::<Loaders>().load_one(key).await
}

/// The records behind a one-to-many or many-to-many key that the viewer may see, through the request's
/// data loader. Every nested list of records goes through here (or, for memberships, through
/// [`load_members`]), so none can forget the viewer's rights: a kind of record without its rule
/// ([`SeenBy`]) cannot be loaded as a list at all.
async fn load_many<K, V>(ctx: &Context<'_>, key: K) -> ApiResult<Vec<V>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    V: SeenBy + Send + Sync + Clone + 'static,
    DbLoader: Loader<K, Value = Vec<V>, Error = ApiError>,
{
    let viewer = viewer(ctx);
    let mut records = load_one(ctx, key).await?.unwrap_or_default();
    records.retain(|record| record.seen_by(viewer));
    Ok(records)
}

/// The partners' places in pilot cases behind a key that the viewer may see, in the order loaded.
async fn load_members<K>(ctx: &Context<'_>, key: K) -> ApiResult<Vec<PilotCaseMember>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    DbLoader: Loader<K, Value = Vec<pilot_case_member::Model>, Error = ApiError>,
{
    let members = load_one(ctx, key).await?.unwrap_or_default();
    visible_members(ctx, members).await
}

/// Those of `members` the viewer may see ([`Viewer::sees_member`]), in the order given. Only the partners
/// whose places the public could see are loaded, and none for the team, who sees every place; each place
/// keeps the partner loaded for it.
async fn visible_members(
    ctx: &Context<'_>,
    members: Vec<pilot_case_member::Model>,
) -> ApiResult<Vec<PilotCaseMember>> {
    let viewer = viewer(ctx);
    if viewer.is_team() {
        return Ok(members
            .into_iter()
            .map(|m| PilotCaseMember(m, None))
            .collect());
    }
    let partner_ids = members
        .iter()
        .filter(|m| m.status.is_public())
        .map(|m| ById::<partner::Entity>::new(m.partner_id));
    let partners = ctx
        .data_unchecked::<Loaders>()
        .load_many(partner_ids)
        .await?;
    Ok(members
        .into_iter()
        .filter_map(|m| {
            let partner = partners.get(&ById::new(m.partner_id));
            viewer
                .sees_member(&m, partner)
                .then(|| PilotCaseMember(m, partner.cloned()))
        })
        .collect())
}

/// A record by id, which must exist (a foreign key guarantees it).
async fn load_required<R>(ctx: &Context<'_>, id: uuid::Uuid) -> ApiResult<ModelOf<R>>
where
    R: Record + Send + Sync + 'static,
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync + 'static,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    load_one(ctx, loaders::ById::<R>::new(id))
        .await?
        .ok_or_else(|| {
            tracing::error!(%id, kind = R::KIND, "a referenced record is missing");
            ApiError::Internal
        })
}

/// A record by id, if it is given and exists, whoever asks: for a record the viewer reaches through one
/// they see already (an account's own partner).
async fn load_optional<R>(
    ctx: &Context<'_>,
    id: Option<uuid::Uuid>,
) -> ApiResult<Option<ModelOf<R>>>
where
    R: Record + Send + Sync + 'static,
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync + 'static,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    match id {
        Some(id) => load_one(ctx, loaders::ById::<R>::new(id)).await,
        None => Ok(None),
    }
}

/// A record by id, if it is given, exists and the viewer may see it ([`SeenBy`]): a record's one related
/// record of another kind, and `node`.
async fn load_visible<R>(ctx: &Context<'_>, id: Option<uuid::Uuid>) -> ApiResult<Option<ModelOf<R>>>
where
    R: Record + Send + Sync + 'static,
    R::Model: IntoActiveModel<R::ActiveModel> + SeenBy + Clone + Send + Sync + 'static,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    Ok(load_optional::<R>(ctx, id)
        .await?
        .filter(|record| record.seen_by(viewer(ctx))))
}

/// The record a mutation acts on, for its rule to look at.
async fn current<R: Record>(ctx: &Context<'_>, id: uuid::Uuid) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    record::find::<R>(db(ctx), id)
        .await?
        .ok_or_else(|| ApiError::not_found(R::KIND))
}

/// A kind of record that mutations edit in place (`update…`, and the status moves of those with a status):
/// what a client is shown when its change is refused because the record changed since it read it.
trait Edited: Record
where
    Self::Model: IntoActiveModel<Self::ActiveModel> + Clone + Send + Sync,
    Self::ActiveModel: ActiveModelTrait<Entity = Self> + From<Self::Model> + Send + Sync,
{
    /// The record's current values as the viewer may see them, keyed as its `update…` input names them,
    /// with its status and `updatedAt` ([`values_of`]): what a form needs to show what changed
    /// and keep what its user typed.
    fn current_values(
        ctx: &Context<'_>,
        model: ModelOf<Self>,
    ) -> impl Future<Output = ApiResult<Value>> + Send;
}

/// Changes a record's fields as this request's mutation ([`record::update`]); a change refused because the
/// record changed since `expected` comes with the record's current values ([`with_current`]).
async fn update<R: Edited>(
    ctx: &Context<'_>,
    id: uuid::Uuid,
    expected: Option<DateTime<Utc>>,
    fields: R::Fields,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let result = record::update::<R>(db(ctx), &change(ctx), id, expected, fields).await;
    with_current(result, async {
        R::current_values(ctx, current::<R>(ctx, id).await?).await
    })
    .await
}

/// Moves a record to another status as this request's mutation ([`record::set_status`]); a move refused
/// because the record changed since `expected` comes with the record's current values ([`with_current`]).
async fn set_status<R: Edited + HasStatus>(
    ctx: &Context<'_>,
    id: uuid::Uuid,
    expected: Option<DateTime<Utc>>,
    to: R::Status,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let result = record::set_status::<R>(db(ctx), &change(ctx), id, expected, to).await;
    with_current(result, async {
        R::current_values(ctx, current::<R>(ctx, id).await?).await
    })
    .await
}

/// Gives a change refused because the record changed since its client read it ([`ApiError::Changed`]) the
/// record's current values, `current`, read after the refusal (so they may be newer still; a record
/// deleted since answers `NOT_FOUND`). Any other result is returned as it is, and `current` never runs.
async fn with_current<T>(
    result: ApiResult<T>,
    current: impl Future<Output = ApiResult<Value>>,
) -> ApiResult<T> {
    match result {
        Err(changed @ ApiError::Changed { .. }) => {
            let values = current.await?.into_json().map_err(|err| {
                tracing::error!(%err, "a record's current values are not JSON");
                ApiError::Internal
            })?;
            Err(changed.with_current(values))
        }
        other => other,
    }
}

/// A record's current values for a refused change's `extensions.current`: its `update…` input filled from
/// the record (so a form finds each value under the name it sends it by), without `expectedUpdatedAt`,
/// then the fields in `more` (its status, its `updatedAt`).
fn values_of(
    input: impl InputType,
    more: impl IntoIterator<Item = (&'static str, Value)>,
) -> Value {
    let mut values = match input.to_value() {
        Value::Object(values) => values,
        _ => Default::default(),
    };
    values.shift_remove("expectedUpdatedAt");
    values.extend(
        more.into_iter()
            .map(|(name, value)| (Name::new(name), value)),
    );
    Value::Object(values)
}

/// A record by global id or by slug (exactly one of them), for the singular lookups.
async fn lookup<R: Record>(
    ctx: &Context<'_>,
    kind: Kind,
    id: Option<ID>,
    slug: Option<String>,
) -> ApiResult<ModelOf<R>>
where
    R::Model: IntoActiveModel<R::ActiveModel> + SeenBy + Clone + Send + Sync,
    R::ActiveModel: ActiveModelTrait<Entity = R> + From<R::Model> + Send + Sync,
{
    let found = match (id, slug) {
        (Some(id), None) => record::find::<R>(db(ctx), ids::decode("id", &id, kind)?).await?,
        (None, Some(slug)) => record::find_by_slug::<R>(db(ctx), &slug).await?,
        _ => return Err(ApiError::invalid("id", "give either id or slug")),
    };
    // One the viewer may not see is answered as one that does not exist.
    found
        .filter(|m| m.seen_by(viewer(ctx)))
        .ok_or_else(|| ApiError::not_found(R::KIND))
}

/// The input of every `delete…` mutation.
#[derive(async_graphql::InputObject)]
pub struct DeleteInput {
    /// The id of the record to delete.
    pub id: ID,
}

/// What a `delete…` mutation returns.
#[derive(SimpleObject)]
pub struct DeletePayload {
    /// The id of the deleted record.
    pub deleted_id: ID,
}
