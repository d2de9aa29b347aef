//! The vocabulary search and matching share (`vocabulary.txt`): concepts, each with the ways people write it
//! in Dutch and English. Search treats the ways of a concept as synonyms; matching turns a tag that names a
//! concept into that concept.

use std::sync::OnceLock;

/// One concept of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// Its name: its Dutch label.
    pub name: &'static str,
    /// Its English label.
    pub english: &'static str,
    /// Every way of writing it, as the file gives them, the two labels first.
    pub ways: Vec<&'static str>,
    /// Whether it is for search only: too general a word for matching's tags ("stad | city").
    pub search_only: bool,
}

/// The concepts of `vocabulary.txt`, in the order it lists them. A line that is not `name | english: ways`
/// is left out (the vocabulary's test finds none).
pub fn concepts() -> &'static [Concept] {
    static CONCEPTS: OnceLock<Vec<Concept>> = OnceLock::new();
    CONCEPTS.get_or_init(|| {
        include_str!("../vocabulary.txt")
            .lines()
            .filter_map(parse_line)
            .collect()
    })
}

/// One line of the file as a concept; `None` for a comment, a blank line, or a line out of form.
fn parse_line(line: &'static str) -> Option<Concept> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (labels, ways) = line.split_once(':')?;
    let (name, english) = labels.split_once('|')?;
    let english = english.trim();
    let (english, search_only) = match english.strip_suffix("[search only]") {
        Some(label) => (label.trim(), true),
        None => (english, false),
    };
    let name = name.trim();
    if name.is_empty() || english.is_empty() {
        return None;
    }
    let mut all = vec![name, english];
    for way in ways.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if !all.contains(&way) {
            all.push(way);
        }
    }
    Some(Concept {
        name,
        english,
        ways: all,
        search_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_phrase;
    use std::collections::HashMap;

    #[test]
    fn every_line_is_a_concept_and_no_way_belongs_to_two() {
        let lines: Vec<&str> = include_str!("../vocabulary.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect();
        assert_eq!(concepts().len(), lines.len(), "a line out of form");
        assert!(concepts().len() >= 30, "the whole vocabulary is read");
        let stad = concepts().iter().find(|c| c.name == "stad").expect("stad");
        assert!(stad.search_only && stad.english == "city");
        assert!(!concepts()[0].search_only);
        let mut owner: HashMap<String, &str> = HashMap::new();
        for concept in concepts() {
            assert!(concept.ways.len() >= 2, "{} has ways", concept.name);
            for way in &concept.ways {
                let folded = fold_phrase(way);
                assert!(
                    !folded.is_empty(),
                    "{way:?} in {} folds to words",
                    concept.name
                );
                if let Some(other) = owner.insert(folded.clone(), concept.name)
                    && other != concept.name
                {
                    panic!("{folded:?} is a way of both {other} and {}", concept.name);
                }
            }
        }
    }

    #[test]
    fn the_issue_s_pairs_are_one_concept_each() {
        let concept_of = |way: &str| {
            concepts()
                .iter()
                .find(|c| c.ways.iter().any(|w| fold_phrase(w) == fold_phrase(way)))
                .map(|c| c.name)
        };
        for group in [
            &["air quality", "luchtkwaliteit"][..],
            &["road works", "wegenwerken"],
            &["bike", "fiets"],
            &["noise", "geluidshinder"],
            &["public transport", "openbaar vervoer"],
            &["particulate matter", "fijnstof", "PM10"],
        ] {
            let first = concept_of(group[0]);
            assert!(first.is_some(), "{} is in the vocabulary", group[0]);
            for way in &group[1..] {
                assert_eq!(
                    concept_of(way),
                    first,
                    "{way} and {} are one concept",
                    group[0]
                );
            }
        }
    }
}
