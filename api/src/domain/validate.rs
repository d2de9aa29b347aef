//! Checks on single input values. Each returns a `VALIDATION` error naming the field in the client's spelling.

use crate::error::{ApiError, ApiResult};
use icu_properties::props::{BidiControl, DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};

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

/// A name or title: a required one-line text ([`required_line`]) with something visible in it, and without
/// the characters that reorder the text around them (direction marks, bidirectional overrides, embeddings and
/// isolates), which can make a name read as another.
pub fn name(field: &str, value: &str, max: usize) -> ApiResult<()> {
    required_line(field, value, max)?;
    if value.chars().any(is_bidi_control) {
        return Err(ApiError::invalid(
            field,
            format!("{field} contains characters that reorder text (bidirectional controls)"),
        ));
    }
    if value.chars().all(is_invisible) {
        return Err(ApiError::invalid(
            field,
            format!("{field} has no visible characters"),
        ));
    }
    Ok(())
}

/// A required one-line text: not blank after trimming, and a [`line`].
pub fn required_line(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("{field} must not be empty"),
        ));
    }
    line(field, value, max)
}

/// An optional one-line text, not blank when given ([`required_line`]).
pub fn optional_line(field: &str, value: Option<&str>, max: usize) -> ApiResult<()> {
    value.map_or(Ok(()), |v| required_line(field, v, max))
}

/// A one-line text (a venue, an address, a tag, a key) of at most `max` characters: no control character
/// at all (no NUL, line break or tab) and no line or paragraph separator.
pub fn line(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Err(ApiError::invalid(
            field,
            format!("{field} must be one line without control characters"),
        ));
    }
    length(field, value, max)
}

/// A multi-line text (a description, a summary, a body) of at most `max` characters: line breaks (LF or
/// CRLF) and tabs are fine, NUL and every other control character are not.
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
    length(field, value, max)
}

/// At most `max` characters.
fn length(field: &str, value: &str, max: usize) -> ApiResult<()> {
    let length = value.chars().count();
    if length > max {
        return Err(ApiError::invalid(
            field,
            format!("{field} is {length} characters long; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// A character that reorders the text around it: Unicode's Bidi_Control property, that is the direction
/// marks (U+061C, U+200E, U+200F), embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    CodePointSetData::new::<BidiControl>().contains(c)
}

/// A format character (general category Cf): it shows nothing itself but changes how the text around it is
/// read, as zero-width spaces, joiners, tag characters and interlinear annotation marks do.
fn is_format(c: char) -> bool {
    CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// A character that shows nothing: white space, a format character ([`is_format`]), whatever Unicode
/// says to show nothing of where it is not supported (Default_Ignorable_Code_Point: the soft hyphen,
/// variation selectors, fillers, tag characters, …), and the blank Braille pattern.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c == '\u{2800}'
        || is_format(c)
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// An absolute http(s) URL, on one line (the URL parser would quietly drop line breaks and tabs).
pub fn url(field: &str, value: &str) -> ApiResult<()> {
    line(field, value, 2_000)?;
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

/// A list of non-blank one-line tags, each at most [`MAX_SHORT`] characters.
pub fn tags(field: &str, items: &[String]) -> ApiResult<()> {
    list_len(field, items)?;
    items
        .iter()
        .try_for_each(|tag| required_line(field, tag, MAX_SHORT))
}

/// An e-mail address of the plain `local@domain.tld` form, without white space or invisible characters
/// (a zero-width space would make a second address that reads as the first).
pub fn email(field: &str, value: &str) -> ApiResult<()> {
    line(field, value, 254)?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(|c| c.is_control() || is_invisible(c))
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
    line(field, value, 40)?;
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

/// Trims an optional text ([`tidy`]).
pub fn tidy_optional(value: &Option<String>) -> Option<String> {
    value.as_deref().map(tidy)
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
            required_line("title", "  ", 10).unwrap_err().field(),
            Some("title")
        );
        assert!(required_line("title", "Luchtkwaliteit", 10).is_err());
        assert!(required_line("title", "Luchtkwal", 10).is_ok());
        assert!(text("body", "nul\u{0}byte", 20).is_err());
        assert!(text("body", "line\nbreak\ttab", 20).is_ok());
    }

    #[test]
    fn one_line_texts_refuse_every_control_character() {
        for bad in [
            "nul\u{0}",
            "line\nbreak",
            "carriage\rreturn",
            "crlf\r\nx",
            "tab\tx",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "next line\u{85}",
            "c1\u{9b}",
            "line\u{2028}separator",
            "para\u{2029}graph",
        ] {
            let err = line("venue", bad, 100).unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                ("VALIDATION", Some("venue")),
                "{bad:?}"
            );
            assert!(name("title", bad, 100).is_err(), "{bad:?}");
            assert!(tags("goals", &[bad.to_owned()]).is_err(), "{bad:?}");
        }
        assert!(line("venue", "De Krook, Miriam Makebaplein 1; Gent", 100).is_ok());
        assert!(line("venue", "Café ‘t Hoekske — 北京 \\ ok", 100).is_ok());
        assert!(optional_line("venue", None, 100).is_ok());
        assert!(optional_line("venue", Some(" "), 100).is_err());
    }

    #[test]
    fn multi_line_texts_keep_line_breaks_and_tabs_only() {
        assert!(text("description", "één\r\ntwee\ndrie\tvier", 100).is_ok());
        for bad in [
            "nul\u{0}",
            "esc\u{1b}",
            "bell\u{7}",
            "del\u{7f}",
            "c1\u{85}",
        ] {
            let err = text("description", bad, 100).unwrap_err();
            assert_eq!(err.field(), Some("description"), "{bad:?}");
        }
    }

    #[test]
    fn names_refuse_reordering_and_invisible_characters() {
        assert!(name("name", "Stad Gent", 100).is_ok());
        assert!(
            name("name", "مدينة غنت", 100).is_ok(),
            "right-to-left letters are fine"
        );
        assert!(name("name", "Zero\u{200D}width joiner inside", 100).is_ok());
        for bad in [
            "evil\u{202E}txt.exe",
            "\u{202A}embedded",
            "\u{202D}override",
            "\u{2066}isolate\u{2069}",
            "\u{2067}x",
            "\u{2068}x",
            "\u{200E}Gent",
            "Gent\u{200F}",
            "\u{061C}غنت",
        ] {
            let err = name("name", bad, 100).unwrap_err();
            assert_eq!(err.field(), Some("name"), "{bad:?}");
        }
        for invisible in [
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{2060}\u{FEFF}",
            " \u{200B} ",
            "\u{3000}\u{00A0}",
            "\u{E0001}\u{E0041}\u{E007F}",
            "\u{E0000}",
            "\u{FE0F}\u{FE00}",
            "\u{E0100}\u{E01EF}",
            "\u{206A}\u{206F}",
            "\u{FFF9}\u{FFFA}\u{FFFB}",
            "\u{1BCA0}\u{1BCA3}",
            "\u{00AD}\u{3164}\u{2800}",
        ] {
            let err = name("title", invisible, 100).unwrap_err();
            assert_eq!(err.field(), Some("title"), "{invisible:?}");
        }
        for shown in [
            "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "\u{2764}\u{FE0F}",
            "Ca\u{0301}fe\u{0301}",
        ] {
            assert!(name("name", shown, 100).is_ok(), "{shown:?}");
        }
    }

    #[test]
    fn only_absolute_web_urls_pass() {
        assert!(url("website", "https://data.stad.gent/").is_ok());
        assert!(url("website", "javascript:alert(1)").is_err());
        assert!(url("website", "/relative").is_err());
        assert!(url("website", "https://data.example.org/a,b;c?x=1").is_ok());
        for bad in [
            "https://evil.example/\r\nX-Injected: 1",
            "https://a.example/\nb",
            "https://a.example/\tb",
        ] {
            assert_eq!(
                url("website", bad).unwrap_err().field(),
                Some("website"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn e_mail_and_phone_shapes() {
        assert!(email("email", "an@example.org").is_ok());
        assert!(email("email", "an@@example.org").is_err());
        assert!(email("email", "an example@x.org").is_err());
        assert!(email("email", "élise@gent.be").is_ok());
        for lookalike in [
            "ann\u{200B}@gent.be",
            "ann@gent\u{2060}.be",
            "\u{FEFF}ann@gent.be",
            "ann\u{00AD}@gent.be",
            "ann\u{200E}@gent.be",
            "ann\u{FE0F}@gent.be",
            "ann\u{E0061}@gent.be",
            "ann@gent.be\u{1D173}",
            "ann\u{00A0}@gent.be",
        ] {
            let err = email("contact.email", lookalike).unwrap_err();
            assert_eq!(err.field(), Some("contact.email"), "{lookalike:?}");
        }
        assert!(phone("phone", "+32 9 123 45 67").is_ok());
        assert!(phone("phone", "call me").is_err());
    }
}
