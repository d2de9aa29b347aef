//! Text rules shared by every engine: how words are folded, how many typos a word may have, which words
//! are synonyms, and how matches are highlighted safely.

use std::collections::HashMap;
use std::sync::OnceLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// The tokenizer name under which [`analyzer`] is registered in the embedded index.
pub const ANALYZER: &str = "lode_folded";

/// Splits text into words, lower-cases them and folds accents ("Énergie" → "energie"), the same for
/// Dutch, English and French.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The folded words of a text, with their byte ranges in it.
pub fn words_with_offsets(text: &str) -> Vec<(String, usize, usize)> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        let token = stream.token();
        words.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    words
}

/// One word of a query and how loosely it may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The folded word.
    pub text: String,
    /// How many typos (edits, a swap of neighbours counting as one) it may have.
    pub typos: u8,
    /// Whether it may be the start of a longer word (the last word of a query still being typed).
    pub prefix: bool,
}

/// Meilisearch's default typo budget: none below 5 letters, one from 5, two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The little words of Dutch and English that say nothing of what a record is about: a query need not find
/// them ("data on energy use" finds "energieverbruik"), though a record that has them still ranks a little
/// higher on the embedded engine; Meilisearch is asked without them ([`spelled_queries`]). A query of
/// nothing but stop words looks for them.
pub const STOP_WORDS: &[&str] = &[
    "a", "aan", "about", "als", "an", "and", "at", "bij", "by", "de", "den", "der", "des", "een",
    "en", "for", "from", "het", "in", "into", "is", "met", "naar", "of", "om", "on", "ons", "onze",
    "op", "or", "over", "te", "ter", "the", "to", "tot", "uit", "van", "voor", "with",
];

/// Whether a (folded) word is one of the [`STOP_WORDS`].
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The most words of a query that count; like Meilisearch, later words are ignored.
pub const MAX_QUERY_WORDS: usize = 10;

/// The words of a query (at most [`MAX_QUERY_WORDS`]). The last one is a prefix unless the query ends with
/// a space.
pub fn query_words(query: &str) -> Vec<QueryWord> {
    let mut words = words_with_offsets(query);
    words.truncate(MAX_QUERY_WORDS);
    let ends_open = !query.ends_with(char::is_whitespace);
    let count = words.len();
    words
        .into_iter()
        .enumerate()
        .map(|(i, (text, _, _))| QueryWord {
            typos: typo_budget(&text),
            prefix: ends_open && i + 1 == count,
            text,
        })
        .collect()
}

/// A phrase folded as the index folds text: its words, lower-cased and accents folded, joined by single
/// spaces ("Air-Quality" → "air quality").
pub fn fold_phrase(phrase: &str) -> String {
    words_with_offsets(phrase)
        .into_iter()
        .map(|(word, _, _)| word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The most words a phrase of the vocabulary may have to be recognised in a query.
pub const MAX_PHRASE_WORDS: usize = 4;

/// Every way of every concept of the vocabulary, folded, with the other ways of its concept.
fn synonym_table() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::new();
        for concept in crate::vocabulary::concepts() {
            let mut group: Vec<String> = concept.ways.iter().map(|w| fold_phrase(w)).collect();
            group.retain(|w| !w.is_empty() && w.split(' ').count() <= MAX_PHRASE_WORDS);
            group.dedup();
            for way in &group {
                let others = group.iter().filter(|other| *other != way).cloned();
                table.entry(way.clone()).or_default().extend(others);
            }
        }
        table
    })
}

/// The phrases that mean the same as `phrase` (folded: words joined by single spaces), not including
/// itself; a phrase may be one word or several ("air quality").
pub fn synonyms(phrase: &str) -> &'static [String] {
    synonym_table()
        .get(phrase)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Every synonym group, each phrase with its synonyms (the shape Meilisearch's setting takes).
pub fn synonym_groups() -> &'static HashMap<String, Vec<String>> {
    synonym_table()
}

/// A run of a query's words that counts as one: a single word, or several that the vocabulary knows as
/// one phrase ("air quality", "public transport"), with the phrases that mean the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The first word's place in the query.
    pub start: usize,
    /// The place after the last word.
    pub end: usize,
    /// The phrases that mean the same (each one word or several).
    pub synonyms: &'static [String],
    /// The vocabulary's phrase the run spells, typos corrected; none for a word the vocabulary does not
    /// know.
    pub spelled: Option<&'static str>,
}

/// The query's words in runs, longest phrase of the vocabulary first: `air qualty data` is "air quality"
/// (with its typo, by the words' own typo rules) and "data"; a word the vocabulary does not know is a run of
/// its own, without synonyms.
pub fn spans(words: &[QueryWord]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let longest = (1..=MAX_PHRASE_WORDS.min(words.len() - start))
            .rev()
            .find_map(|len| closest_phrase(&words[start..start + len]).map(|found| (len, found)));
        let (len, spelled, synonyms) = match longest {
            Some((len, (phrase, synonyms))) => (len, Some(phrase), synonyms),
            None => (1, None, &[][..]),
        };
        spans.push(Span {
            start,
            end: start + len,
            synonyms,
            spelled,
        });
        start += len;
    }
    spans
}

/// The shortest single word whose typos still find the vocabulary's word it is closest to.
const MIN_TYPO_LOOKUP_CHARS: usize = 8;

/// The vocabulary's phrase a run of query words spells, exactly or else with the fewest typos, with its
/// synonyms, the run being a phrase or a word of [`MIN_TYPO_LOOKUP_CHARS`] letters or more (ties go to the
/// phrase first in alphabetical order, so the answer never varies).
fn closest_phrase(run: &[QueryWord]) -> Option<(&'static str, &'static [String])> {
    let exact = run
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some((phrase, synonyms)) = synonym_table().get_key_value(&exact) {
        return Some((phrase.as_str(), synonyms.as_slice()));
    }
    // A single short word with a typo is too often another word ("wealth" is not "health").
    if let [word] = run
        && word.text.chars().count() < MIN_TYPO_LOOKUP_CHARS
    {
        return None;
    }
    synonym_table()
        .iter()
        .filter_map(|(phrase, synonyms)| Some((phrase_typos(run, phrase)?, phrase, synonyms)))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, phrase, synonyms)| (phrase.as_str(), synonyms.as_slice()))
}

/// Whether a run of a query is a single stop word the vocabulary knows no synonyms of: it need not match.
pub fn is_stop_span(words: &[QueryWord], span: &Span) -> bool {
    span.end == span.start + 1 && span.synonyms.is_empty() && is_stop_word(&words[span.start].text)
}

/// How many runs of a query to ask for in turn when no record has them all: every run, then one fewer from
/// the end at a time, as long as a run that is not a stop word is left.
pub fn kept_runs(words: &[QueryWord], spans: &[Span]) -> Vec<usize> {
    let mut kept = vec![spans.len()];
    kept.extend(
        (1..spans.len())
            .rev()
            .filter(|&k| spans[..k].iter().any(|span| !is_stop_span(words, span))),
    );
    kept
}

/// The queries to send, in turn, to an engine that searches text as given (Meilisearch), so that it finds
/// what the embedded engine finds: the query's runs ([`kept_runs`]) without its stop words (which need not
/// match; all of them when the query is nothing else), each run that spells a phrase of the vocabulary with
/// typos written as the vocabulary writes it ("air qualty" → "air quality"), since its synonyms match only
/// the exact phrase; other words stay as typed, folded. Only the query's own last word, typed without a
/// closing space, stays a prefix: every other query ends with a space.
pub fn spelled_queries(query: &str) -> Vec<String> {
    let words = query_words(query);
    let spans = spans(&words);
    let only_stop_words = spans.iter().all(|span| is_stop_span(&words, span));
    let runs: Vec<Option<String>> = spans
        .iter()
        .map(|span| {
            if !only_stop_words && is_stop_span(&words, span) {
                return None;
            }
            Some(match span.spelled {
                Some(phrase) => phrase.to_owned(),
                None => words[span.start..span.end]
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            })
        })
        .collect();
    let mut queries: Vec<String> = Vec::new();
    for k in kept_runs(&words, &spans) {
        let kept: Vec<&str> = runs[..k].iter().flatten().map(String::as_str).collect();
        let mut text = kept.join(" ");
        let open_end = k == spans.len()
            && runs.last().is_some_and(Option::is_some)
            && !query.ends_with(char::is_whitespace);
        if !text.is_empty() && !open_end {
            text.push(' ');
        }
        // Dropping a stop word leaves the same query: asked once.
        if queries.last() != Some(&text) {
            queries.push(text);
        }
    }
    queries
}

/// How many typos a run of query words has against a phrase, word for word by each word's typo budget (the
/// phrase spelled out whole: no prefix); `None` when it is not that phrase.
fn phrase_typos(run: &[QueryWord], phrase: &str) -> Option<usize> {
    let words: Vec<&str> = phrase.split(' ').collect();
    if words.len() != run.len() {
        return None;
    }
    run.iter().zip(&words).try_fold(0, |total, (query, word)| {
        let typos = strsim::damerau_levenshtein(&query.text, word);
        (typos <= usize::from(query.typos)).then_some(total + typos)
    })
}

/// A query to offer as "did you mean" when one found nothing: each word the vocabulary does not know
/// replaced by its closest word there, within one typo more than the word's own budget (a word of five
/// letters or more; "polusion" → "pollution"). `None` when no word changes.
pub fn suggestion(query: &str) -> Option<String> {
    let known: Vec<&str> = synonym_table()
        .keys()
        .flat_map(|phrase| phrase.split(' '))
        .collect();
    let mut changed = false;
    let words: Vec<String> = query_words(query)
        .into_iter()
        .map(|word| {
            if word.text.chars().count() < MIN_PART_CHARS || known.contains(&word.text.as_str()) {
                return word.text;
            }
            let reach = usize::from(word.typos) + 1;
            let closest = known
                .iter()
                .map(|candidate| {
                    (
                        strsim::damerau_levenshtein(&word.text, candidate),
                        *candidate,
                    )
                })
                .filter(|(distance, _)| *distance <= reach)
                .min();
            match closest {
                Some((_, candidate)) => {
                    changed = true;
                    candidate.to_owned()
                }
                None => word.text,
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// The shortest word a query matches inside a longer one, and the shortest part of a compound indexed.
pub const MIN_PART_CHARS: usize = 5;

/// The parts of a long folded word by which a person may look for it: every ending of at least
/// [`MIN_PART_CHARS`] letters that starts after its first three ("stadsgebouwen" → "sgebouwen",
/// "gebouwen", …, "ouwen"), so a query word finds the compounds it begins or ends ("gebouwen",
/// "geluid" in "omgevingsgeluidsmetingen" as the start of an ending). Short words have none.
pub fn compound_parts(word: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let count = starts.len();
    let last = count.saturating_sub(MIN_PART_CHARS);
    (3..=last)
        .filter(move |_| count >= MIN_PART_CHARS + 3)
        .map(move |i| &word[starts[i]..])
}

/// Whether a folded word of a document matches a query word, by the shared typo and prefix rules, or is
/// one of its synonyms.
pub fn matches(query: &QueryWord, word: &str) -> bool {
    if word == query.text || synonyms(&query.text).iter().any(|s| s == word) {
        return true;
    }
    if query.prefix && word.starts_with(&query.text) {
        return true;
    }
    if query.typos == 0 {
        return false;
    }
    let budget = usize::from(query.typos);
    // Words whose lengths differ by more than the budget are that many edits apart at least: most words of a
    // document, which the distance itself (quadratic in the lengths) then need not be worked out for.
    let (query_chars, word_chars) = (query.text.chars().count(), word.chars().count());
    if query_chars.abs_diff(word_chars) <= budget
        && strsim::damerau_levenshtein(&query.text, word) <= budget
    {
        return true;
    }
    // A prefix with typos: compare with the start of the word, as long as the query word.
    query.prefix && word_chars + budget >= query_chars && {
        let start: String = word.chars().take(query_chars).collect();
        strsim::damerau_levenshtein(&query.text, &start) <= budget
    }
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// How many words a cropped snippet shows.
pub const CROP_WORDS: usize = 24;

/// The text with every word that matches the query wrapped in `<mark>…</mark>`, everything else escaped,
/// and, when `crop` is set, cut to [`CROP_WORDS`] words around the first match. `None` when nothing matches.
pub fn highlight(text: &str, query: &[QueryWord], crop: bool) -> Option<String> {
    let words = words_with_offsets(text);
    let matched: Vec<bool> = words
        .iter()
        .map(|(w, _, _)| query.iter().any(|q| matches(q, w)))
        .collect();
    let first = matched.iter().position(|m| *m)?;
    let (from_word, to_word) = if crop && words.len() > CROP_WORDS {
        let start = first
            .saturating_sub(CROP_WORDS / 4)
            .min(words.len() - CROP_WORDS);
        (start, start + CROP_WORDS)
    } else {
        (0, words.len())
    };
    let start = if from_word == 0 {
        0
    } else {
        words[from_word].1
    };
    let end = if to_word == words.len() {
        text.len()
    } else {
        words[to_word - 1].2
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = start;
    for i in from_word..to_word {
        let (_, from, to) = words[i];
        if matched[i] {
            out.push_str(&escape_html(&text[cursor..from]));
            out.push_str("<mark>");
            out.push_str(&escape_html(&text[from..to]));
            out.push_str("</mark>");
            cursor = to;
        }
    }
    out.push_str(&escape_html(&text[cursor..end]));
    if end < text.len() {
        out.push('…');
    }
    Some(out)
}

/// The highlights of a document for a query: title and tags whole, summary and body cropped.
pub fn highlights(doc: &crate::SearchDocument, query: &[QueryWord]) -> Vec<(String, String)> {
    let tags = doc.tags.join(", ");
    [
        ("title", doc.title.as_str(), false),
        ("summary", &doc.summary, true),
        ("body", &doc.body, true),
        ("tags", &tags, false),
    ]
    .into_iter()
    .filter_map(|(field, text, crop)| highlight(text, query, crop).map(|h| (field.to_owned(), h)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_lower_cased() {
        let words: Vec<String> = words_with_offsets("Énergie-Coöperatie Gent")
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(words, ["energie", "cooperatie", "gent"]);
    }

    #[test]
    fn the_typo_budget_grows_with_the_word() {
        assert_eq!(
            (
                typo_budget("gent"),
                typo_budget("brugge"),
                typo_budget("mobiliteit")
            ),
            (0, 1, 2)
        );
    }

    #[test]
    fn typos_prefixes_and_synonyms_match() {
        let q = query_words("mobilit");
        assert!(q[0].prefix);
        assert!(matches(&q[0], "mobiliteit"));
        let q = query_words("mobiliteti ");
        assert!(!q[0].prefix);
        assert!(matches(&q[0], "mobiliteit"));
        let q = query_words("fiets ");
        assert!(matches(&q[0], "bike"));
        let q = query_words("gnet ");
        assert!(!matches(&q[0], "gent"), "four letters allow no typo");
    }

    #[test]
    fn a_typo_in_a_phrase_of_the_vocabulary_is_put_right_and_later_runs_are_dropped_in_turn() {
        assert_eq!(
            spelled_queries("Air qualty Overpoort Gentbrugge"),
            [
                "air quality overpoort gentbrugge",
                "air quality overpoort ",
                "air quality "
            ]
        );
        assert_eq!(
            spelled_queries("fiets de xyzzy"),
            ["fiets xyzzy", "fiets "],
            "stop words are left out, and a query is asked once"
        );
        assert_eq!(
            spelled_queries("mobiliteit the"),
            ["mobiliteit "],
            "a stop word typed last makes no prefix"
        );
        assert_eq!(spelled_queries("polution"), ["pollution"]);
        assert_eq!(
            spelled_queries("wealth "),
            ["wealth "],
            "a short word keeps its typo"
        );
        assert_eq!(spelled_queries("  "), [""]);
        assert_eq!(
            spelled_queries("the xyzzy"),
            ["xyzzy"],
            "never only stop words when there is more"
        );
        assert_eq!(
            spelled_queries("de en "),
            ["de en "],
            "nothing but stop words: they are the query"
        );
    }

    #[test]
    fn phrases_of_the_vocabulary_are_found_in_a_query_with_their_typos() {
        let words = query_words("Air qualty data Overpoort");
        let spans = spans(&words);
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(0, 2), (2, 3), (3, 4)]
        );
        assert!(spans[0].synonyms.iter().any(|s| s == "luchtkwaliteit"));
        assert!(spans[0].synonyms.iter().any(|s| s == "fijnstof"));
        assert!(
            spans[1].synonyms.iter().any(|s| s == "gegevens"),
            "one word has its synonyms too"
        );
        assert!(spans[2].synonyms.is_empty());
        let transport = spans_of("openbaar vervoer ");
        assert_eq!(transport.len(), 1);
        assert!(
            transport[0]
                .synonyms
                .iter()
                .any(|s| s == "public transport")
        );
        assert_eq!(
            spans_of("co-creation")[0].end,
            2,
            "punctuation splits words, as in the index"
        );
    }

    fn spans_of(query: &str) -> Vec<Span> {
        spans(&query_words(query))
    }

    #[test]
    fn long_words_are_found_by_the_parts_they_begin_and_end_with() {
        let parts: Vec<&str> = compound_parts("stadsgebouwen").collect();
        assert!(parts.contains(&"gebouwen") && parts.contains(&"sgebouwen"));
        assert_eq!(parts.last(), Some(&"ouwen"));
        assert!(
            !parts.contains(&"stadsgebouwen"),
            "the word itself is indexed already"
        );
        assert!(
            compound_parts("geluid").next().is_none(),
            "short words have no parts"
        );
        let parts: Vec<&str> = compound_parts("omgevingsgeluidsmetingen").collect();
        assert!(parts.iter().any(|p| p.starts_with("geluid")));
        assert!(
            compound_parts("éénrichtingsverkeer").all(|p| !p.is_empty()),
            "letters, not bytes"
        );
    }

    #[test]
    fn a_query_beyond_its_typos_is_offered_the_closest_words_of_the_vocabulary() {
        assert_eq!(suggestion("polusion").as_deref(), Some("pollution"));
        assert_eq!(
            suggestion("Luchtkwalitijt gent").as_deref(),
            Some("luchtkwaliteit gent")
        );
        assert_eq!(suggestion("pollution"), None, "a known word stays");
        assert_eq!(suggestion("xyzzy plugh"), None, "nothing close");
        assert_eq!(suggestion("bkie"), None, "short words are left");
    }

    #[test]
    fn only_the_first_words_of_a_long_query_count() {
        assert_eq!(query_words(&"woord ".repeat(50)).len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn highlights_escape_everything_but_the_marks() {
        let q = query_words("lucht ");
        let h = highlight("<b>Lucht</b> & \"meer\"", &q, false).unwrap();
        assert_eq!(
            h,
            "&lt;b&gt;<mark>Lucht</mark>&lt;/b&gt; &amp; &quot;meer&quot;"
        );
    }

    #[test]
    fn long_texts_are_cropped_around_the_first_match() {
        let text = format!("{} sensoren {}", "woord ".repeat(50), "ander ".repeat(50));
        let h = highlight(&text, &query_words("sensoren "), true).unwrap();
        assert!(h.starts_with('…') && h.ends_with('…'));
        assert!(h.contains("<mark>sensoren</mark>"));
        assert!(h.split_whitespace().count() <= CROP_WORDS + 2);
    }
}
