//! `mail_opt_out`: a kind of message an account chose not to receive (one row per account and topic).
//! Messages without a topic (a door code, a password reset) always go.

use crate::values::MailTopic;
use sea_orm::entity::prelude::*;

/// An account's "no more of these".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_opt_out")]
pub struct Model {
    /// The account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: Uuid,
    /// The kind of message turned off.
    #[sea_orm(primary_key, auto_increment = false)]
    pub topic: MailTopic,
    /// When it was turned off.
    pub created_at: DateTimeUtc,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
