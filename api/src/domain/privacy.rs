//! Privacy (GDPR): consent records, a copy of everything stored about a person, and erasure.
//!
//! Erasing a partner removes its personal data (contact, accounts with their sessions and consents,
//! interests, case preferences, the names of the people its registrations bring) and anonymises its profile
//! in the same transaction; the search index follows through the outbox, by id. What must stay for the
//! programme's figures stays, anonymised: the partner's registrations with their people, each named
//! [`ERASED_PERSON`] (so attendance in people per stakeholder type still adds up), and its place in pilot
//! cases, and its survey answers, with nothing that links them to it.
//!
//! Success stories are other people's text about the partner. Erasure takes the partner out of them: its
//! links to stories go, and wherever a story's title, summary, body or impact figures name its people (the
//! contact's name, e-mail address and phone number, the members' e-mail addresses), or, in the stories it
//! was linked to or submitted, the organisation (its name and slug), the mention reads [`ERASED_MENTION`]
//! (a citizen's name is a person's: it goes everywhere); the stories are re-indexed and each gets an
//! audit entry. What a story says of the
//! partner in other words no rule can find, so the stories touched are named to the team to read again.
//! Once an erasure commits, SQLite's write-ahead log is truncated, so no older copy of the rows stays on disk.

use super::access::Actor;
use super::write::{Change, Store, Write, begin_write};
use crate::clock::{changed_after, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::indexing::outbox;
use entities::values::{ConsentPurpose, PartnerStatus, Role, StakeholderType, Texts};
use entities::{
    account, audit_entry, case_disinterest, consent, idempotency_key, mail_outbox, partner,
    partner_contact, partner_interest, partner_refusal, pilot_case_member, registration,
    registration_person, session, success_story, success_story_partner, survey_response,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use uuid::Uuid;

/// The name an erased partner's profile keeps.
pub const ERASED_NAME: &str = "Erased partner";
/// The name each person of an erased partner's registrations keeps.
pub const ERASED_PERSON: &str = "Erased person";
/// What a success story says where it named an erased partner or its contact person.
pub const ERASED_MENTION: &str = "[erased]";
/// The shortest name looked for in stories: shorter ones would match ordinary words.
const MIN_MENTION_CHARS: usize = 3;

/// An account's consent records, newest first.
pub async fn consents(
    conn: &impl ConnectionTrait,
    account_id: Uuid,
) -> ApiResult<Vec<consent::Model>> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .order_by_desc(consent::Column::GivenAt)
        .order_by_desc(consent::Column::Id)
        .all(conn)
        .await?)
}

/// Records that the account agrees to a purpose under a version of its text. Agreeing again to the same
/// version changes nothing; agreeing to a new version supersedes (withdraws) the old record.
pub async fn give_consent(
    db: &Store,
    change: &Change,
    actor: &Actor,
    purpose: ConsentPurpose,
    text_version: &str,
) -> ApiResult<consent::Model> {
    super::validate::required_line("textVersion", text_version, 32)?;
    let text_version = super::validate::tidy(text_version);
    // The terms exist in one version: a consent to them names the text that was shown.
    if purpose == ConsentPurpose::Terms && text_version != super::terms::CURRENT_VERSION {
        return Err(ApiError::invalid(
            "textVersion",
            format!(
                "accept the current terms, version {} (read them through `terms`)",
                super::terms::CURRENT_VERSION
            ),
        ));
    }
    let txn = begin_write(db, change).await?;
    let active = active_consents(&txn, actor.account_id, purpose).await?;
    if let Some(same) = active.iter().find(|c| c.text_version == text_version) {
        return Ok(same.clone());
    }
    withdraw(&txn, &active).await?;
    let saved = consent::Model {
        id: new_id(),
        account_id: actor.account_id,
        partner_id: actor.partner_id,
        purpose,
        text_version,
        given_at: now(),
        withdrawn_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    txn.commit(Some(saved.id)).await?;
    Ok(saved)
}

/// Withdraws the account's consent to a purpose; says which records were withdrawn (none if there was no
/// consent to withdraw).
pub async fn withdraw_consent(
    db: &Store,
    change: &Change,
    actor: &Actor,
    purpose: ConsentPurpose,
) -> ApiResult<Vec<consent::Model>> {
    if purpose == ConsentPurpose::Terms {
        return Err(ApiError::conflict(
            Some("purpose"),
            "the terms of use cannot be withdrawn on their own: delete the account instead",
        ));
    }
    let txn = begin_write(db, change).await?;
    let active = active_consents(&txn, actor.account_id, purpose).await?;
    let withdrawn = withdraw(&txn, &active).await?;
    txn.commit(Some(actor.account_id)).await?;
    Ok(withdrawn)
}

async fn active_consents(
    txn: &Write<'_>,
    account_id: Uuid,
    purpose: ConsentPurpose,
) -> ApiResult<Vec<consent::Model>> {
    Ok(consent::Entity::find()
        .filter(consent::Column::AccountId.eq(account_id))
        .filter(consent::Column::Purpose.eq(purpose))
        .filter(consent::Column::WithdrawnAt.is_null())
        .all(txn)
        .await?)
}

async fn withdraw(txn: &Write<'_>, records: &[consent::Model]) -> ApiResult<Vec<consent::Model>> {
    let mut withdrawn = Vec::with_capacity(records.len());
    let now = now();
    for record in records {
        let mut active = record.clone().into_active_model();
        active.withdrawn_at = Set(Some(now));
        withdrawn.push(active.update(txn).await?);
    }
    Ok(withdrawn)
}

/// Every row of `E` whose `column` is `value`, as JSON objects named by column.
async fn rows_json<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    value: Uuid,
) -> ApiResult<Vec<Value>> {
    Ok(E::find()
        .filter(column.eq(value))
        .into_json()
        .all(conn)
        .await?)
}

/// Everything stored about the caller's account and (for a partner's member) organisation, as JSON: the
/// account (without its password hash), sessions (without token hashes), consents, the changes the account
/// made, and the partner's profile, contact, interests, memberships, registrations with the people they
/// name, preferences, submitted stories and survey answers.
pub async fn export(db: &impl ConnectionTrait, actor: &Actor) -> ApiResult<Value> {
    let mut account = account::Entity::find_by_id(actor.account_id)
        .into_json()
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    if let Some(fields) = account.as_object_mut() {
        fields.remove("password_hash");
    }
    let mut sessions =
        rows_json::<session::Entity>(db, session::Column::AccountId, actor.account_id).await?;
    for s in &mut sessions {
        if let Some(fields) = s.as_object_mut() {
            fields.remove("token_hash");
        }
    }
    let mut export = json!({
        "exportedAt": now(),
        "account": account,
        "sessions": sessions,
        "consents": rows_json::<consent::Entity>(db, consent::Column::AccountId, actor.account_id).await?,
        "changesMade": rows_json::<audit_entry::Entity>(db, audit_entry::Column::ActorId, actor.account_id).await?,
    });
    if let Some(partner_id) = actor.partner_id {
        export["partner"] = json!({
            "profile": partner::Entity::find_by_id(partner_id).into_json().one(db).await?,
            "contact": partner_contact::Entity::find_by_id(partner_id).into_json().one(db).await?,
            "refusal": partner_refusal::Entity::find_by_id(partner_id).into_json().one(db).await?,
            "interests": rows_json::<partner_interest::Entity>(db, partner_interest::Column::PartnerId, partner_id).await?,
            "memberships": rows_json::<pilot_case_member::Entity>(db, pilot_case_member::Column::PartnerId, partner_id).await?,
            "registrations": rows_json::<registration::Entity>(db, registration::Column::PartnerId, partner_id).await?,
            "registrationPeople": registration_person::Entity::find()
                .filter(registration_person::Column::RegistrationId.in_subquery(registrations_of(partner_id)))
                .into_json()
                .all(db)
                .await?,
            "notInterestedIn": rows_json::<case_disinterest::Entity>(db, case_disinterest::Column::PartnerId, partner_id).await?,
            "submittedStories": rows_json::<success_story::Entity>(db, success_story::Column::SubmittedByPartnerId, partner_id).await?,
            "surveyAnswers": rows_json::<survey_response::Entity>(db, survey_response::Column::PartnerId, partner_id).await?,
        });
    }
    Ok(export)
}

/// The ids of a partner's registrations, as a subquery.
fn registrations_of(partner_id: Uuid) -> sea_orm::sea_query::SelectStatement {
    registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .filter(registration::Column::PartnerId.eq(partner_id))
        .into_query()
}

/// What an erasure did.
pub struct Erasure {
    /// The partner's anonymised profile.
    pub partner: partner::Model,
    /// The success stories it was taken out of (see the module's doc), for the team to read again.
    pub stories_to_review: Vec<success_story::Model>,
}

/// Erases a partner's personal data and anonymises its profile, in one transaction (see the module's doc).
/// Erasing an erased partner changes nothing.
pub async fn erase_partner(db: &Store, change: &Change, partner_id: Uuid) -> ApiResult<Erasure> {
    let txn = begin_write(db, change).await?;
    let erased = erase_partner_in(&txn, partner_id).await?;
    txn.commit(Some(partner_id)).await?;
    db.truncate_wal_after_erasure().await;
    Ok(erased)
}

async fn erase_partner_in(txn: &Write<'_>, partner_id: Uuid) -> ApiResult<Erasure> {
    let found = partner::Entity::find_by_id(partner_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found("partner"))?;
    if found.erased_at.is_some() {
        return Ok(Erasure {
            partner: found,
            stories_to_review: Vec::new(),
        });
    }
    let members: Vec<(Uuid, String)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Email)
        .filter(account::Column::PartnerId.eq(partner_id))
        .into_tuple()
        .all(txn)
        .await?;
    // Every way the partner is named in LODE, read before it goes: the organisation, by its name and its
    // slug (the links to its page in stories' Markdown), and the people, by the contact's name, e-mail and
    // phone and the members' e-mail addresses. A citizen's name is a person's.
    let mut organisation = vec![found.name.clone(), found.slug.clone()];
    let mut people = Vec::new();
    if let Some(contact) = partner_contact::Entity::find_by_id(partner_id)
        .one(txn)
        .await?
    {
        people.extend([contact.name, contact.email]);
        people.extend(contact.phone);
    }
    people.extend(members.iter().map(|(_, email)| email.clone()));
    if found.stakeholder_type == StakeholderType::Citizen {
        people.append(&mut organisation);
    }
    let stories_to_review = take_out_of_stories(txn, partner_id, &organisation, &people).await?;
    partner_contact::Entity::delete_by_id(partner_id)
        .exec(txn)
        .await?;
    // The team's reason for a refusal may name the people behind the partner.
    partner_refusal::Entity::delete_by_id(partner_id)
        .exec(txn)
        .await?;
    let members: Vec<Uuid> = members.into_iter().map(|(id, _)| id).collect();
    delete_accounts(txn, &members).await?;
    partner_interest::Entity::delete_many()
        .filter(partner_interest::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    case_disinterest::Entity::delete_many()
        .filter(case_disinterest::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    // Its survey answers stay, anonymous: nothing links them to the partner, nor invites it to talk, and
    // what it wrote in its own words goes (it may name people).
    let answered = survey_response::Entity::find()
        .filter(survey_response::Column::PartnerId.eq(partner_id))
        .all(txn)
        .await?;
    for response in answered {
        keep_anonymous(txn, response).await?;
    }
    // The people its registrations bring keep their places and check-ins (attendance counts them), not
    // their names.
    registration_person::Entity::update_many()
        .col_expr(
            registration_person::Column::Name,
            sea_orm::sea_query::Expr::val(ERASED_PERSON),
        )
        .filter(
            registration_person::Column::RegistrationId.in_subquery(registrations_of(partner_id)),
        )
        .exec(txn)
        .await?;
    let now = now();
    let updated_at = changed_after(found.updated_at);
    let mut active = found.into_active_model();
    active.slug = Set(format!("erased-{}", partner_id.simple()));
    active.name = Set(ERASED_NAME.to_owned());
    active.description = Set(String::new());
    active.website = Set(None);
    active.home_city = Set(None);
    active.capabilities = Set(Texts::default());
    active.data_offered = Set(Texts::default());
    active.data_needed = Set(Texts::default());
    active.status = Set(PartnerStatus::Archived);
    active.erased_at = Set(Some(now));
    active.updated_at = Set(updated_at);
    let erased = active.update(txn).await?;
    // The relay finds the partner no longer public and deletes its document from every index.
    outbox::enqueue(txn, search::Kind::Partner, partner_id).await?;
    Ok(Erasure {
        partner: erased,
        stories_to_review,
    })
}

/// Takes a partner out of the success stories (see the module's doc): its links go, a story it submitted
/// no longer says so, and every mention of `people` in any story's text reads [`ERASED_MENTION`], as does
/// every mention of the `organisation` in the stories the partner was linked to or submitted (elsewhere its
/// name may be words of their own: a partner called "Open Data"). A slug that spells one of them is made
/// anew. Each story changed is re-indexed and gets an audit entry; they are returned, oldest first.
async fn take_out_of_stories(
    txn: &Write<'_>,
    partner_id: Uuid,
    organisation: &[String],
    people: &[String],
) -> ApiResult<Vec<success_story::Model>> {
    let linked: Vec<Uuid> = success_story_partner::Entity::find()
        .select_only()
        .column(success_story_partner::Column::SuccessStoryId)
        .filter(success_story_partner::Column::PartnerId.eq(partner_id))
        .into_tuple()
        .all(txn)
        .await?;
    success_story_partner::Entity::delete_many()
        .filter(success_story_partner::Column::PartnerId.eq(partner_id))
        .exec(txn)
        .await?;
    let anywhere = Mentions::of(people)?;
    let involved = Mentions::of(&[people, organisation].concat())?;
    // Erasures are rare and stories few: each is read and matched here, the same on both databases
    // (case-insensitive matching of any script is not the same in SQLite and PostgreSQL).
    let stories = success_story::Entity::find()
        .order_by_asc(success_story::Column::Id)
        .lock_exclusive()
        .all(txn)
        .await?;
    let mut changed = Vec::new();
    for story in stories {
        let submitted = story.submitted_by_partner_id == Some(partner_id);
        let linked = linked.contains(&story.id);
        let mentions = if submitted || linked {
            &involved
        } else {
            &anywhere
        };
        let mut edited = story.clone();
        let in_slug = mentions.in_slug(&story.slug);
        let mut named = in_slug;
        use super::validate::{MAX_BODY, MAX_SHORT, MAX_SUMMARY, MAX_TITLE};
        let mut texts: Vec<(&mut String, usize)> = vec![
            (&mut edited.title, MAX_TITLE),
            (&mut edited.summary, MAX_SUMMARY),
            (&mut edited.body, MAX_BODY),
        ];
        for figure in &mut edited.impact_figures.0 {
            texts.push((&mut figure.label, MAX_SHORT));
            texts.push((&mut figure.value, MAX_SHORT));
        }
        for (text, max) in texts {
            if let Some(redacted) = mentions.redact(text) {
                *text = fit_after_redaction(text, redacted, max);
                named = true;
            }
        }
        if !named && !submitted && !linked {
            continue;
        }
        if submitted {
            edited.submitted_by_partner_id = None;
        }
        warn_if_against_rules(&edited);
        if in_slug {
            // From the title as it now reads, without a name the title spelled otherwise ("Claes-Bouw").
            // Scrubbed before it is cut to length, so "erased" never pushes it past the limit.
            let base =
                super::slug::from_title(&mentions.scrub_slug(&::slug::slugify(&edited.title)));
            edited.slug = super::slug::first_free::<success_story::Entity>(
                txn,
                success_story::Column::Slug,
                &base,
            )
            .await?;
        }
        edited.updated_at = changed_after(story.updated_at);
        let saved = edited.into_active_model().reset_all().update(txn).await?;
        outbox::enqueue(txn, search::Kind::SuccessStory, saved.id).await?;
        txn.also_changed(saved.id).await?;
        changed.push(saved);
    }
    Ok(changed)
}

/// A redacted text, cut to `max` characters when the replacement (which can be longer than what it
/// replaced) made it too long, so the team can still edit the story; what is cut ends in "…". A text that
/// was too long before (written under older rules) is left whole: nothing of it is lost.
fn fit_after_redaction(original: &str, mut redacted: String, max: usize) -> String {
    if original.chars().count() <= max {
        fit(&mut redacted, max);
    }
    redacted
}

/// A story written under older rules may break today's for other reasons: the erasure goes ahead all the
/// same (the team reads the story again anyway), and the operators are told which.
fn warn_if_against_rules(story: &success_story::Model) {
    if let Err(err) = <success_story::Entity as super::record::Record>::validate(story) {
        tracing::warn!(story = %story.id, field = ?err.field(), "a success story taken out of an erasure does not pass today's text rules");
    }
}

/// Cuts a text to at most `max` characters, ending in "…" when it is cut.
fn fit(text: &mut String, max: usize) {
    if text.chars().count() <= max {
        return;
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    *text = format!("{}…", kept.trim_end());
}

/// The ways a partner is named, found in text case-insensitively as whole words.
struct Mentions {
    /// One pattern per name, in Unicode's composed form (NFC), where a space matches any run of white
    /// space.
    patterns: Vec<regex::Regex>,
    /// The names as slugs, to find them in a story's slug.
    slugs: Vec<String>,
}

impl Mentions {
    fn of(names: &[String]) -> ApiResult<Self> {
        let mut names: Vec<String> = names
            .iter()
            .map(|n| n.trim().nfc().collect::<String>())
            .filter(|n| n.chars().count() >= MIN_MENTION_CHARS)
            .collect();
        names.sort();
        names.dedup();
        let patterns = names
            .iter()
            .map(|name| {
                // Words meet across any white space or dash: "Van Damme" is also "Van-Damme".
                let words: Vec<String> = name
                    .split(|c: char| {
                        c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}')
                    })
                    .filter(|word| !word.is_empty())
                    .map(regex::escape)
                    .collect();
                regex::RegexBuilder::new(&words.join(r"[\s\p{Pd}]+"))
                    .case_insensitive(true)
                    .build()
                    .map_err(|err| {
                        tracing::error!(%err, "a name of an erased partner made no pattern");
                        ApiError::Internal
                    })
            })
            .collect::<ApiResult<_>>()?;
        let slugs = names
            .iter()
            .map(|n| super::slug::from_title(n))
            .filter(|s| s.len() >= MIN_MENTION_CHARS && s != "record")
            .collect();
        Ok(Self { patterns, slugs })
    }

    /// The text (in its composed form) with every mention replaced by [`ERASED_MENTION`]; `None` when it
    /// names nobody. Mentions that overlap (a name and a longer one) become one.
    fn redact(&self, text: &str) -> Option<String> {
        if self.patterns.is_empty() {
            return None;
        }
        let text: String = text.nfc().collect();
        let mut found = Vec::new();
        for pattern in &self.patterns {
            let mut at = 0;
            while let Some(hit) = pattern.find_at(&text, at) {
                if is_whole_words(&text, hit.range()) {
                    found.push(hit.range());
                }
                // On from the next character, not from the match's end: a match refused as part of a
                // longer word may overlap one that stands alone ("Jan Jan" in "Bojan Jan Jan").
                at = hit.start() + text[hit.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if found.is_empty() {
            return None;
        }
        found.sort_by_key(|range| range.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(found.len());
        for range in found {
            match merged.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for range in merged {
            out.push_str(&text[copied..range.start]);
            out.push_str(ERASED_MENTION);
            copied = range.end;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// Whether a slug spells one of the names, as whole words.
    fn in_slug(&self, slug: &str) -> bool {
        let slug = format!("-{slug}-");
        self.slugs.iter().any(|s| slug.contains(&format!("-{s}-")))
    }

    /// The slug with every name it spells, as whole words, replaced by `erased`.
    fn scrub_slug(&self, slug: &str) -> String {
        let mut words: Vec<&str> = slug.split('-').collect();
        for name in &self.slugs {
            let name: Vec<&str> = name.split('-').collect();
            let mut at = 0;
            while at + name.len() <= words.len() {
                if words[at..at + name.len()] == name[..] {
                    words.splice(at..at + name.len(), ["erased"]);
                }
                at += 1;
            }
        }
        words.join("-")
    }
}

/// A letter, a digit or a combining mark (which belongs to the letter before it).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether `range` of `text` stands as whole words: a match that starts (ends) with a word character does
/// not continue one before (after) it. "Anna" is not in "Annapolis", nor in "Anna̲".
fn is_whole_words(text: &str, range: std::ops::Range<usize>) -> bool {
    let found = &text[range.clone()];
    let joins_before = found.chars().next().is_some_and(is_word_char)
        && text[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char);
    let joins_after = found.chars().next_back().is_some_and(is_word_char)
        && text[range.end..].chars().next().is_some_and(is_word_char);
    !joins_before && !joins_after
}

/// Deletes accounts with their sessions and consents (their tokens and messages go with them).
pub(super) async fn delete_accounts(txn: &Write<'_>, ids: &[Uuid]) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    session::Entity::delete_many()
        .filter(session::Column::AccountId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    consent::Entity::delete_many()
        .filter(consent::Column::AccountId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    account::Entity::delete_many()
        .filter(account::Column::Id.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Deletes the caller's account, with its sessions and consents. When it was the last active account of its
/// partner, the partner is erased too. The last active admin cannot leave (nobody could manage LODE after).
pub async fn delete_account(db: &Store, change: &Change, actor: &Actor) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    if actor.role == Role::Admin {
        // The active admins' rows are locked (on PostgreSQL), so two admins leaving at once (or one leaving
        // while another is deactivated) cannot both pass; a deactivated admin manages nothing.
        let admins = super::accounts::lock_active_admins(&txn).await?;
        if admins.len() <= 1 {
            return Err(ApiError::conflict(
                None,
                "the last admin account cannot be deleted: make another admin first",
            ));
        }
    }
    if let Some(partner_id) = actor.partner_id {
        // The partner's row is locked (on PostgreSQL), so its last two members leaving at once cannot
        // each leave the erasure to the other.
        partner::Entity::find_by_id(partner_id)
            .lock_exclusive()
            .one(&txn)
            .await?;
        // Counted as `remove_partner_member` counts them: a deactivated account or an invitation not yet
        // accepted signs in for nobody, so the last active member leaving erases the partner (and those
        // accounts with it).
        let others = account::Entity::find()
            .filter(account::Column::PartnerId.eq(partner_id))
            .filter(account::Column::Id.ne(actor.account_id))
            .filter(account::Column::DeactivatedAt.is_null())
            .filter(account::Column::InvitedAt.is_null())
            .count(&txn)
            .await?;
        if others == 0 {
            // Before the account goes: the erasure reads its e-mail address to take it out of the stories
            // (and deletes it).
            erase_partner_in(&txn, partner_id).await?;
        }
    }
    delete_accounts(&txn, &[actor.account_id]).await?;
    txn.commit(Some(actor.account_id)).await?;
    db.truncate_wal_after_erasure().await;
    Ok(())
}

/// One of a partner's accounts (a member's or an invitation's), locked after the partner's row: the order in
/// which every change to a partner's accounts takes them. `NOT_FOUND` when it is not the partner's.
pub(super) async fn lock_partners_account(
    txn: &Write<'_>,
    partner_id: Uuid,
    account_id: Uuid,
) -> ApiResult<account::Model> {
    partner::Entity::find_by_id(partner_id)
        .lock_exclusive()
        .one(txn)
        .await?;
    account::Entity::find_by_id(account_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .filter(|a| a.partner_id == Some(partner_id))
        .ok_or_else(|| ApiError::not_found("account of this partner"))
}

/// Removes a member's account from its partner (for the partner's own members and admins, checked by the
/// caller): the account goes with its sessions and consents, the partner stays. Refused with `CONFLICT` for an
/// open invitation (`colleagues::withdraw` withdraws one), and when
/// no other active account of the partner would be left to sign in for it (its last member leaves through
/// `deleteMyAccount`, which erases the partner, or the team erases it).
pub async fn remove_partner_member(
    db: &Store,
    change: &Change,
    partner_id: Uuid,
    account_id: Uuid,
) -> ApiResult<()> {
    let txn = begin_write(db, change).await?;
    // The partner's row is locked (on PostgreSQL), so two members removing each other at once cannot both
    // pass the count below.
    let found = lock_partners_account(&txn, partner_id, account_id).await?;
    if found.invited_at.is_some() {
        return Err(ApiError::conflict(
            Some("accountId"),
            "this account is an open invitation, not a member: withdraw it with withdrawMemberInvitation",
        ));
    }
    let others = account::Entity::find()
        .filter(account::Column::PartnerId.eq(partner_id))
        .filter(account::Column::Id.ne(account_id))
        .filter(account::Column::DeactivatedAt.is_null())
        .filter(account::Column::InvitedAt.is_null())
        .count(&txn)
        .await?;
    if others == 0 {
        return Err(ApiError::conflict(
            Some("accountId"),
            "the partner's last active member cannot be removed: that member may delete their own account instead",
        ));
    }
    delete_accounts(&txn, &[account_id]).await?;
    txn.commit(Some(account_id)).await?;
    db.truncate_wal_after_erasure().await;
    Ok(())
}

/// Keeps a survey answer without anything that links it to the person or organisation that gave it: no
/// partner, member or address, no wish to be contacted, and not what it wrote in its own words (it may name
/// people). An answer of nothing but its own words is deleted: nothing is left to keep.
async fn keep_anonymous(txn: &Write<'_>, mut response: survey_response::Model) -> ApiResult<()> {
    // Its messages go, sent ones too: each went out under a Message-ID that the recipient's mailbox pairs
    // with their address.
    mail_outbox::Entity::delete_many()
        .filter(mail_outbox::Column::SurveyResponseId.eq(response.id))
        .exec(txn)
        .await?;
    response.partner_id = None;
    response.account_id = None;
    response.email = None;
    response.confirm_token_hash = None;
    response.confirm_token_expires_at = None;
    response.may_contact = false;
    response.publish_text = false;
    response.answers.0.retain_mut(|answer| {
        answer.text = None;
        !(answer.choices.is_empty() && answer.scale.is_none() && answer.domains.is_empty())
    });
    if response.answers.0.is_empty() {
        response.into_active_model().delete(txn).await?;
    } else {
        response.updated_at = changed_after(response.updated_at);
        response.into_active_model().reset_all().update(txn).await?;
    }
    Ok(())
}

/// Erases an address given to answer surveys, at the request of the person it belongs to, who has no
/// account to do it with (the caller checks that an admin asks): each confirmed answer stays, anonymous, as a partner's does after
/// an erasure ([`keep_anonymous`]); each one never confirmed goes, with the message waiting for it.
/// Answers how many answers the address had; an address nobody answered with answers 0. The audit entry
/// names no record: the address is what goes. A message already on its way when the erasure commits still
/// goes; and the address, now unknown, may answer a survey again.
pub async fn erase_survey_respondent(db: &Store, change: &Change, email: &str) -> ApiResult<u64> {
    let email = email.trim().to_lowercase();
    let txn = begin_write(db, change).await?;
    let answered = survey_response::Entity::find()
        .filter(survey_response::Column::Email.eq(email.as_str()))
        // In one order, so that two changes over the same answers never wait on each other.
        .order_by_asc(survey_response::Column::Id)
        .lock_exclusive()
        .all(&txn)
        .await?;
    let count = answered.len() as u64;
    for response in answered {
        if response.confirmed_at.is_some() {
            keep_anonymous(&txn, response).await?;
        } else {
            response.into_active_model().delete(&txn).await?;
        }
    }
    txn.commit(None).await?;
    db.truncate_wal_after_erasure().await;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_whole_words_in_any_case() {
        let names = [
            "Élise Van Damme".to_owned(),
            "elise@privaat.test".to_owned(),
            "Al".to_owned(),
        ];
        let mentions = Mentions::of(&names).unwrap();
        assert_eq!(
            mentions.redact("Met ÉLISE VAN DAMME (elise@privaat.test) en Al."),
            Some("Met [erased] ([erased]) en Al.".to_owned()),
            "names too short to tell apart from words are left"
        );
        assert_eq!(mentions.redact("De Élise Van Dammestraat"), None);
        assert_eq!(mentions.redact("Niemand"), None);
        assert!(mentions.in_slug("met-elise-van-damme-2"));
        assert!(!mentions.in_slug("elise-van-dammestraat"));
        assert_eq!(
            mentions.scrub_slug("elise-van-damme-en-elise-van-damme-elise-van-dammestraat"),
            "erased-en-erased-elise-van-dammestraat"
        );
    }

    fn mentions_of(names: &[&str]) -> Mentions {
        Mentions::of(&names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn a_match_refused_as_part_of_a_word_hides_no_other() {
        let mentions = mentions_of(&["Claes Bouw", "Claes"]);
        assert_eq!(
            mentions.redact("Claes bouwt mee"),
            Some("[erased] bouwt mee".to_owned())
        );
        assert_eq!(
            mentions.redact("Claes Bouw, ofwel Claes."),
            Some("[erased], ofwel [erased].".to_owned())
        );
        assert_eq!(
            mentions_of(&["Jan Jan"]).redact("Bojan Jan Jan"),
            Some("Bojan [erased]".to_owned())
        );
        assert_eq!(
            mentions_of(&["Elise Van", "Van Damme"]).redact("Elise Van Damme meet."),
            Some("[erased] meet.".to_owned()),
            "overlapping names make one mention"
        );
    }

    #[test]
    fn names_match_in_composed_form_across_any_white_space() {
        let mentions = mentions_of(&["Élise Van Damme", "elise-van-damme"]);
        for written in [
            "E\u{301}lise Van Damme",
            "Élise\u{A0}Van\u{202F}Damme",
            "élise  van\n\tdamme",
        ] {
            assert_eq!(
                mentions.redact(&format!("Met {written}.")),
                Some("Met [erased].".to_owned()),
                "{written:?}"
            );
        }
        assert_eq!(
            mentions_of(&["E\u{301}lise Van Damme"]).redact("Met Élise Van Damme."),
            Some("Met [erased].".to_owned()),
            "a name stored decomposed"
        );
        assert_eq!(
            mentions.redact("ÉliseVan Damme"),
            None,
            "no space is no space"
        );
        assert_eq!(
            mentions.redact("[Élise](#/partners/elise-van-damme)"),
            Some("[Élise](#/partners/[erased])".to_owned()),
            "the partner's slug, in a link to its page"
        );
        assert_eq!(
            mentions_of(&["Anna"]).redact("Anna\u{332} en Anna\u{301}s"),
            None,
            "a combining mark belongs to the word"
        );
    }

    #[test]
    fn a_text_made_longer_is_cut_to_the_rules() {
        let mut title = format!("[erased]{}", " telt".repeat(39));
        fit(&mut title, 200);
        assert_eq!(title.chars().count(), 199);
        assert!(title.ends_with("telt…"), "{title}");
        let mut short = "Zo blijft het".to_owned();
        fit(&mut short, 13);
        assert_eq!(short, "Zo blijft het");
    }

    #[test]
    fn words_of_a_name_meet_across_white_space_or_a_dash() {
        let mentions = Mentions::of(&["Elise Van Damme".to_owned(), "Ann-Sofie Claes".to_owned()])
            .expect("patterns");
        for text in [
            "Elise Van-Damme vertelt",
            "Ann Sofie Claes vertelt",
            "Ann–Sofie Claes vertelt",
        ] {
            let redacted = mentions.redact(text).expect("a mention");
            assert!(redacted.starts_with(ERASED_MENTION), "{text}: {redacted}");
        }
    }

    #[test]
    fn only_what_a_redaction_made_too_long_is_cut() {
        let original = format!("Jan{}", " telt".repeat(39));
        let redacted = original.replacen("Jan", "[erased]", 1);
        assert_eq!(
            fit_after_redaction(&original, redacted, 200)
                .chars()
                .count(),
            199
        );
        // Too long already under older rules: kept whole, nothing of the story is lost.
        let old = format!("Jan{}", " telt".repeat(60));
        let redacted = old.replacen("Jan", "[erased]", 1);
        assert_eq!(fit_after_redaction(&old, redacted.clone(), 200), redacted);
    }
}
