//! Slugs: the unique, human-readable keys in URLs (`/cases/slimme-luchtmeting-gent`).

use crate::error::{ApiError, ApiResult};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::ExprTrait,
};

/// The longest slug.
const MAX_SLUG: usize = 100;
/// How long a slug made from a title may get before its numeric suffix.
const MAX_GENERATED: usize = 80;
/// Words that no record's slug may be: the front end's paths use them beside slugs
/// (`#/team/cases/nieuw` makes a new case, `#/team/cases/<slug>` edits one).
const RESERVED: &[&str] = &["nieuw", "new"];

/// A slug made from a title: lower case, accents folded, words joined by `-`, cut at a word boundary.
pub fn from_title(title: &str) -> String {
    let full = slug::slugify(title);
    let mut cut = String::new();
    for word in full.split('-') {
        if !cut.is_empty() && cut.len() + 1 + word.len() > MAX_GENERATED {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(&word[..word.len().min(MAX_GENERATED)]);
    }
    if cut.is_empty() {
        "record".to_owned()
    } else {
        cut
    }
}

/// Checks a slug the client chose: lower-case letters and digits in words joined by single hyphens.
pub fn check(field: &str, slug: &str) -> ApiResult<()> {
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !well_formed {
        return Err(ApiError::invalid(
            field,
            format!(
                "{field} must be lower-case letters and digits joined by single hyphens, at most {MAX_SLUG} characters"
            ),
        ));
    }
    if RESERVED.contains(&slug) {
        return Err(ApiError::invalid(
            field,
            format!("{field} may not be \"{slug}\": the web pages use that word for a new record"),
        ));
    }
    Ok(())
}

/// The first free slug among `base`, `base-2`, `base-3`, … in the given column; a reserved word is never
/// free.
pub async fn first_free<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    base: &str,
) -> ApiResult<String> {
    let taken: Vec<String> = E::find()
        .select_only()
        .column(column)
        .filter(column.eq(base).or(column.like(format!("{base}-%"))))
        .into_tuple()
        .all(conn)
        .await?;
    if !RESERVED.contains(&base) && !taken.iter().any(|s| s == base) {
        return Ok(base.to_owned());
    }
    let suffix = (2..)
        .find(|n| !taken.iter().any(|s| *s == format!("{base}-{n}")))
        .expect("an unbounded range has a free number");
    Ok(format!("{base}-{suffix}"))
}

/// Refuses a slug the client chose when another record has it already.
pub async fn ensure_free<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    slug: &str,
) -> ApiResult<()> {
    let taken = E::find().filter(column.eq(slug)).one(conn).await?.is_some();
    if taken {
        return Err(ApiError::conflict(
            Some("slug"),
            format!("the slug \"{slug}\" is taken by another record"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_ascii_slugs() {
        assert_eq!(
            from_title("Énergie & Mobiliteit in Brugge!"),
            "energie-mobiliteit-in-brugge"
        );
        assert_eq!(from_title("   "), "record");
        assert!(from_title(&"lang woord ".repeat(40)).len() <= MAX_GENERATED);
    }

    #[test]
    fn chosen_slugs_must_be_well_formed() {
        assert!(check("slug", "slimme-luchtmeting-2").is_ok());
        for bad in [
            "",
            "Hoofdletter",
            "dubbel--streepje",
            "-rand",
            "spatie in",
            "é",
            "nieuw",
            "new",
        ] {
            assert!(check("slug", bad).is_err(), "{bad}");
        }
        assert!(check("slug", "nieuw-2").is_ok());
    }
}
