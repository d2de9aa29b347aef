//! LODE's table models: one sea-orm entity per table, and the value types stored in their columns.
//!
//! Nothing here knows about requests or rules; the API's domain modules hold those, with one exception that
//! every layer above shares: which rows the public may see. Each kind with such a rule lists its public
//! statuses once, beside its status type (`EventStatus::PUBLIC`), and reads that list both as a check on a
//! row (`event::Model::is_public`) and as a query condition (`event::public()`). The enums double as
//! GraphQL enums so that the stored vocabulary and the public one cannot drift apart.

pub mod account;
pub mod account_token;
pub mod audit_entry;
pub mod case_disinterest;
pub mod consent;
pub mod database_identity;
pub mod dataset;
pub mod event;
pub mod event_quota;
pub mod idempotency_key;
pub mod mail_key;
pub mod mail_opt_out;
pub mod mail_outbox;
pub mod partner;
pub mod partner_contact;
pub mod partner_interest;
pub mod partner_refusal;
pub mod pilot_case;
pub mod pilot_case_dataset;
pub mod pilot_case_member;
pub mod registration;
pub mod registration_person;
pub mod search_outbox;
pub mod session;
pub mod success_story;
pub mod success_story_dataset;
pub mod success_story_partner;
pub mod survey;
pub mod survey_response;
pub mod value_domain;
pub mod values;

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Alias, Query, SimpleExpr};
    use sea_orm::{ActiveEnum, ConnectionTrait, Database, EntityName, Iterable};

    /// Stores one row per status of `S` in a table named as `E`'s, and checks that the query condition
    /// `public` selects exactly the statuses `is_public` accepts.
    async fn check<E: EntityName + Default, S: ActiveEnum<Value = String> + Iterable>(
        public: SimpleExpr,
        is_public: fn(&S) -> bool,
    ) {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let table = E::default().table_name().to_owned();
        db.execute_unprepared(&format!("CREATE TABLE \"{table}\" (status TEXT NOT NULL)"))
            .await
            .unwrap();
        let mut expected = Vec::new();
        for status in S::iter() {
            let text = status.to_value();
            db.execute_unprepared(&format!("INSERT INTO \"{table}\" VALUES ('{text}')"))
                .await
                .unwrap();
            if is_public(&status) {
                expected.push(text);
            }
        }
        let query = Query::select()
            .column(Alias::new("status"))
            .from(Alias::new(table.as_str()))
            .and_where(public)
            .to_owned();
        let mut selected: Vec<String> = db
            .query_all(&query)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        selected.sort();
        expected.sort();
        assert_eq!(
            selected, expected,
            "{table}: the condition and the check differ"
        );
    }

    #[tokio::test]
    async fn each_public_condition_selects_exactly_the_statuses_its_check_accepts() {
        use crate::values::{EventStatus, PartnerStatus, StoryStatus, ValueDomainStatus};
        use crate::{event, partner, success_story, value_domain};
        check::<value_domain::Entity, _>(value_domain::public(), |s: &ValueDomainStatus| {
            s.is_public()
        })
        .await;
        check::<partner::Entity, _>(partner::public(), |s: &PartnerStatus| s.is_public()).await;
        check::<event::Entity, _>(event::public(), |s: &EventStatus| s.is_public()).await;
        check::<success_story::Entity, _>(success_story::public(), |s: &StoryStatus| s.is_public())
            .await;
    }
}
