//! Checks on single input values. Each returns a `VALIDATION` error naming the field in the client's spelling.

use crate::error::{ApiError, ApiResult};

/// The longest title or name.
pub const MAX_TITLE: usize = 200;
/// The longest summary.
pub const MAX_SUMMARY: usize = 1_000;
/// The longest Markdown body or description.
pub const MAX_BODY: usize = 100_000;
/// The longest short text (venue, publisher, licence, tag).
pub const MAX_SHORT: usize = 300;
/// The most entries in a list input.
pub const MAX_LIST: usize = 100;

/// A required text: not blank after trimming, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("{field} must not be empty"),
        ));
    }
    text(field, value, max)
}

/// A text of at most `max` characters, without control characters (line breaks and tabs are fine).
pub fn text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ApiError::invalid(
            field,
            format!("{field} contains control characters"),
        ));
    }
    let length = value.chars().count();
    if length > max {
        return Err(ApiError::invalid(
            field,
            format!("{field} is {length} characters long; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// An optional text of at most `max` characters, not blank when given.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> ApiResult<()> {
    value.map_or(Ok(()), |v| required_text(field, v, max))
}

/// An absolute http(s) URL.
pub fn url(field: &str, value: &str) -> ApiResult<()> {
    text(field, value, 2_000)?;
    match url::Url::parse(value) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(())
        }
        _ => Err(ApiError::invalid(
            field,
            format!("{field} must be an absolute http or https URL"),
        )),
    }
}

/// A whole number within `min..=max`.
pub fn within(field: &str, value: i64, min: i64, max: i64) -> ApiResult<()> {
    if value < min || value > max {
        return Err(ApiError::invalid(
            field,
            format!("{field} must be between {min} and {max}, not {value}"),
        ));
    }
    Ok(())
}

/// The years a date or instant may fall in: enough for the programme's past and future, and within what
/// both databases store.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A date within [`YEARS`].
pub fn date(field: &str, value: chrono::NaiveDate) -> ApiResult<()> {
    use chrono::Datelike;
    if !YEARS.contains(&value.year()) {
        return Err(ApiError::invalid(
            field,
            format!(
                "{field} must fall between the years {} and {}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    Ok(())
}

/// An instant within [`YEARS`].
pub fn instant(field: &str, value: chrono::DateTime<chrono::Utc>) -> ApiResult<()> {
    date(field, value.date_naive())
}

/// A list of at most [`MAX_LIST`] entries.
pub fn list_len<T>(field: &str, items: &[T]) -> ApiResult<()> {
    if items.len() > MAX_LIST {
        return Err(ApiError::invalid(
            field,
            format!(
                "{field} has {} entries; at most {MAX_LIST} are allowed",
                items.len()
            ),
        ));
    }
    Ok(())
}

/// A list of non-blank tags, each at most [`MAX_SHORT`] characters.
pub fn tags(field: &str, items: &[String]) -> ApiResult<()> {
    list_len(field, items)?;
    items
        .iter()
        .try_for_each(|tag| required_text(field, tag, MAX_SHORT))
}

/// An e-mail address of the plain `local@domain.tld` form.
pub fn email(field: &str, value: &str) -> ApiResult<()> {
    text(field, value, 254)?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        }
        None => false,
    };
    if !valid {
        return Err(ApiError::invalid(
            field,
            format!("{field} is not an e-mail address"),
        ));
    }
    Ok(())
}

/// A phone number: digits, spaces and `+ ( ) - . /`, with at least six digits.
pub fn phone(field: &str, value: &str) -> ApiResult<()> {
    text(field, value, 40)?;
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-./".contains(c));
    if !allowed || value.chars().filter(char::is_ascii_digit).count() < 6 {
        return Err(ApiError::invalid(
            field,
            format!("{field} is not a phone number"),
        ));
    }
    Ok(())
}

/// Trims surrounding white space; the form every text is stored in.
pub fn tidy(value: &str) -> String {
    value.trim().to_owned()
}

/// Trims every tag and drops repeats (case-insensitively), keeping the first spelling.
pub fn tidy_tags(items: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| seen.insert(tag.to_lowercase()))
        .collect()
}

/// Sorts and deduplicates a set of enum values, the form sets are stored in.
pub fn tidy_set<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_overlong_texts_are_refused_with_their_field() {
        assert_eq!(
            required_text("title", "  ", 10).unwrap_err().field(),
            Some("title")
        );
        assert!(required_text("title", "Luchtkwaliteit", 10).is_err());
        assert!(required_text("title", "Luchtkwal", 10).is_ok());
        assert!(text("title", "nul\u{0}byte", 20).is_err());
        assert!(text("body", "line\nbreak\ttab", 20).is_ok());
    }

    #[test]
    fn only_absolute_web_urls_pass() {
        assert!(url("website", "https://data.stad.gent/").is_ok());
        assert!(url("website", "javascript:alert(1)").is_err());
        assert!(url("website", "/relative").is_err());
    }

    #[test]
    fn e_mail_and_phone_shapes() {
        assert!(email("email", "an@example.org").is_ok());
        assert!(email("email", "an@@example.org").is_err());
        assert!(email("email", "an example@x.org").is_err());
        assert!(phone("phone", "+32 9 123 45 67").is_ok());
        assert!(phone("phone", "call me").is_err());
    }
}
