//! The terms of use and privacy notice someone signing up accepts: their current version and text, in Dutch
//! and English. The consent a sign-up records names this version, so the text a person read is the text
//! they agreed to; a new text gets a new version here.

/// The version of the current terms (`consent.text_version` of a sign-up).
pub const CURRENT_VERSION: &str = "2026-11";

/// The languages the terms are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsLanguage {
    /// Nederlands.
    Dutch,
    /// English.
    English,
}

/// The current terms' text (Markdown) in a language.
pub fn text(language: TermsLanguage) -> &'static str {
    match language {
        TermsLanguage::Dutch => include_str!("nl.md"),
        TermsLanguage::English => include_str!("en.md"),
    }
}

/// The version of the current text a survey's respondent agrees to (`survey_response.consent_version`).
pub const SURVEY_CONSENT_VERSION: &str = "2026-12.1";

/// The current text a survey's respondent agrees to (Markdown), in a language: what is kept of an answer,
/// who reads it, and what an erasure leaves.
pub fn survey_consent(language: TermsLanguage) -> &'static str {
    match language {
        TermsLanguage::Dutch => include_str!("survey-nl.md"),
        TermsLanguage::English => include_str!("survey-en.md"),
    }
}
