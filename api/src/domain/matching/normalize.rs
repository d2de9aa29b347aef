//! Comparing free tags typed by people: "Luchtkwaliteit", "air-quality" and "luchtmetingen" must meet.
//!
//! A tag is lower-cased, its accents folded and its punctuation dropped; a tag that names a concept of the
//! vocabulary search uses too (`search/vocabulary.txt`, [`search::vocabulary`]) becomes that concept; otherwise it becomes its words,
//! each reduced by a small Dutch/English stemmer and mapped to a concept where one matches. No network and
//! no model: the same tags always give the same terms.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Lower-case, accents folded, runs of anything but letters and digits turned into single spaces.
pub fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A simple stemmer for Dutch and English plurals and verb forms: enough to let "sensoren", "sensors" and
/// "sensor" meet, without a dictionary.
pub fn stem(word: &str) -> String {
    let suffixes = ["ingen", "ing", "en", "es", "s"];
    for suffix in suffixes {
        if let Some(base) = word.strip_suffix(suffix)
            && base.chars().count() >= 4
        {
            return base.to_owned();
        }
    }
    word.to_owned()
}

/// Every written form of every concept, folded and stemmed, mapped to the concept's name.
fn concepts() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for concept in matching_concepts() {
            let name = fold(concept.name);
            for form in concept
                .ways
                .iter()
                .map(|way| fold(way))
                .filter(|f| !f.is_empty())
            {
                table.insert(form.clone(), name.clone());
                table.insert(stem_phrase(&form), name.clone());
            }
        }
        table
    })
}

/// A language the concepts' labels are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelLanguage {
    /// Nederlands: the concepts' names.
    Dutch,
    /// English.
    English,
}

/// The concepts' labels in a language, in the order the vocabulary lists them: the vocabulary a form
/// suggests for tags, so that a partner's capabilities and a case's needs meet. Each label names its
/// concept, so a tag picked in one language meets the same tag picked in the other.
pub fn concept_labels(language: LabelLanguage) -> &'static [&'static str] {
    static DUTCH: OnceLock<Vec<&'static str>> = OnceLock::new();
    static ENGLISH: OnceLock<Vec<&'static str>> = OnceLock::new();
    match language {
        LabelLanguage::Dutch => DUTCH.get_or_init(|| matching_concepts().map(|c| c.name).collect()),
        LabelLanguage::English => {
            ENGLISH.get_or_init(|| matching_concepts().map(|c| c.english).collect())
        }
    }
}

/// The vocabulary's concepts that matching uses: all but those for search only.
fn matching_concepts() -> impl Iterator<Item = &'static search::vocabulary::Concept> {
    search::vocabulary::concepts()
        .iter()
        .filter(|c| !c.search_only)
}

fn stem_phrase(phrase: &str) -> String {
    phrase.split(' ').map(stem).collect::<Vec<_>>().join(" ")
}

/// The terms of one tag: the concepts it names (a whole tag, or a run of up to three of its words, such as
/// "air quality" in "real-time air quality"), and the stems of its other words.
pub fn terms(tag: &str) -> BTreeSet<String> {
    let folded = fold(tag);
    let table = concepts();
    let lookup = |phrase: &str| {
        table
            .get(phrase)
            .or_else(|| table.get(&stem_phrase(phrase)))
            .cloned()
    };
    if let Some(concept) = lookup(&folded) {
        return BTreeSet::from([concept]);
    }
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < words.len() {
        // The longest run of words starting here that names a concept.
        let run = (1..=3.min(words.len() - i))
            .rev()
            .find_map(|n| lookup(&words[i..i + n].join(" ")).map(|c| (n, c)));
        match run {
            Some((n, concept)) => {
                found.insert(concept);
                i += n;
            }
            None => {
                if words[i].chars().count() > 2 {
                    found.insert(stem(words[i]));
                }
                i += 1;
            }
        }
    }
    found
}

/// Whether two tags meet: they share a concept, or (for tags outside the concept list) every term of the
/// shorter one.
pub fn same(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().all(|t| large.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_concept_meet() {
        let dutch = terms("Luchtkwaliteit");
        for other in ["air-quality", "AIR QUALITY", "luchtmetingen", "Fijnstof"] {
            assert!(same(&dutch, &terms(other)), "{other}");
        }
        assert!(same(&terms("IoT sensors"), &terms("sensoren")));
        assert!(same(&terms("fietstellingen"), &terms("bike counts")));
        assert!(!same(&terms("luchtkwaliteit"), &terms("wegenwerken")));
        assert!(same(
            &terms("real-time air quality"),
            &terms("luchtmetingen")
        ));
    }

    #[test]
    fn unknown_tags_meet_by_their_stemmed_words() {
        assert!(same(
            &terms("Kadastrale percelen"),
            &terms("kadastrale percelen data")
        ));
        assert!(!same(&terms("kadastrale percelen"), &terms("bodemkaart")));
    }

    #[test]
    fn every_concept_has_a_label_in_each_language_that_names_it() {
        let dutch = concept_labels(LabelLanguage::Dutch);
        let english = concept_labels(LabelLanguage::English);
        assert_eq!(dutch.len(), english.len());
        assert!(dutch.len() > 20, "the vocabulary is read");
        for (nl, en) in dutch.iter().zip(english) {
            assert_eq!(terms(nl), BTreeSet::from([fold(nl)]), "{nl}");
            assert_eq!(terms(en), BTreeSet::from([fold(nl)]), "{en} names {nl}");
        }
        assert_eq!(english[0], "air quality");
    }

    #[test]
    fn folding_drops_case_accents_and_punctuation() {
        assert_eq!(
            fold("  Énergie-Coöperatie!! Gent "),
            "energie cooperatie gent"
        );
    }
}
