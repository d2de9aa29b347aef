//! The Markdown fields (descriptions, a story's body) as HTML that is safe to put into any page: rendered
//! by pulldown-cmark (CommonMark, with tables and strikethrough), then sanitised by ammonia to the few
//! elements that rendering makes. Every client shows the same result, and none needs a sanitiser of its own.
//!
//! What a text may use: headings, paragraphs and line breaks, emphasis, strong and struck-through text,
//! inline code and code blocks, block quotes, lists, tables, rules and links. What it may not:
//! - raw HTML: shown as the text it is, never as markup. Besides safety, this keeps the time bounded:
//!   html5ever's tree building is quadratic in how deeply elements nest (20,000 nested `<ul><li>` take 10 s),
//!   and a description may hold 100,000 characters;
//! - images: an image from another site would tell that site who reads the page (and the front end's
//!   Content-Security-Policy would block it anyway); the image's alternative text stays;
//! - links other than absolute `http`, `https` and `mailto` URLs: the link keeps its text and loses its
//!   target. Every link gets `rel="noopener noreferrer nofollow"`.

use ammonia::{Builder, UrlRelative};
use lru::LruCache;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// The Markdown extensions on top of CommonMark.
const EXTENSIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// The deepest nesting of elements kept; anything deeper keeps its text without its element. No real text
/// nests this deep, and a bound keeps hostile nesting (a line of 50,000 `>`) from costing the sanitiser
/// seconds (see the module's comment).
const MAX_DEPTH: usize = 32;

/// The elements rendering may make, once images and raw HTML are out. `h1` is not among them: headings
/// start at `h2` (see [`heading`]).
const ELEMENTS: [&str; 24] = [
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// The sanitiser, built once: only [`ELEMENTS`], only the attributes links and numbered lists need, and only
/// absolute URLs of the allowed schemes.
static SANITISER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from(ELEMENTS))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Texts at least this long are rendered once and their HTML kept ([`RENDERED`]): below it a render costs
/// microseconds, above it up to tens of milliseconds (a 100,000-character text), and a query that asks for
/// the same long text under fifty aliases, or through `nodes` with one id a hundred times, would otherwise
/// render it each time.
const KEPT_FROM_BYTES: usize = 4 * 1024;
/// How many long texts' HTML is kept: at most some 200 KB each, so a few megabytes in all.
const KEPT_TEXTS: usize = 32;

/// The HTML of the long texts rendered last, by the SHA-256 of their Markdown.
static RENDERED: LazyLock<Mutex<LruCache<[u8; 32], Arc<str>>>> = LazyLock::new(|| {
    Mutex::new(LruCache::new(
        NonZeroUsize::new(KEPT_TEXTS).unwrap_or(NonZeroUsize::MIN),
    ))
});

/// A Markdown text as sanitised HTML (empty for an empty text), see [`render`]; a long text is rendered
/// once while it stays among the [`KEPT_TEXTS`] used last.
pub fn to_html(markdown: &str) -> String {
    if markdown.len() < KEPT_FROM_BYTES {
        return render(markdown);
    }
    let key: [u8; 32] = Sha256::digest(markdown.as_bytes()).into();
    let kept = RENDERED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    if let Some(html) = kept {
        return html.to_string();
    }
    let html = render(markdown);
    RENDERED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .put(key, Arc::from(html.as_str()));
    html
}

/// A Markdown text as the words a reader sees, for the search index: no `##`, `**` or link targets, so
/// that a hit's snippet reads as the page does. Blocks end in a line break; raw HTML stays as the text the
/// page shows it as; an image leaves its alternative text. Linear in the text's length.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, EXTENSIONS) {
        match event {
            Event::Text(words)
            | Event::Code(words)
            | Event::Html(words)
            | Event::InlineHtml(words) => text.push_str(&words),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak | Event::Rule => text.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_),
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// A Markdown text as sanitised HTML. Never fails: whatever the text, the answer is HTML with only the
/// elements and attributes listed above. Linear in the text's length.
fn render(markdown: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, EXTENSIONS).collect();
    let top = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(HeadingLevel::H1);
    // Whether each open element was kept, so its end is kept or left out alike.
    let mut open: Vec<bool> = Vec::new();
    let safe = events.into_iter().filter_map(|event| match event {
        Event::Start(tag) => {
            let keep = open.len() < MAX_DEPTH && !matches!(tag, Tag::Image { .. });
            open.push(keep);
            keep.then(|| Event::Start(start(tag, top)))
        }
        Event::End(end) => open
            .pop()
            .unwrap_or(false)
            .then(|| Event::End(finish(end, top))),
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, safe);
    SANITISER.clean(&html).to_string()
}

/// An element's start as rendered: a heading moved to its level on the page, a block of raw HTML a
/// paragraph (its HTML comes as text).
fn start(tag: Tag<'_>, top: HeadingLevel) -> Tag<'_> {
    match tag {
        Tag::Heading { level, .. } => Tag::Heading {
            level: heading(level, top),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        },
        Tag::HtmlBlock => Tag::Paragraph,
        other => other,
    }
}

/// An element's end, to match [`start`].
fn finish(end: TagEnd, top: HeadingLevel) -> TagEnd {
    match end {
        TagEnd::Heading(level) => TagEnd::Heading(heading(level, top)),
        TagEnd::HtmlBlock => TagEnd::Paragraph,
        other => other,
    }
}

/// A heading's level on the page. A text's highest heading becomes `h2`, the others keep their distance
/// below it (down to `h6`): the page's `h1` is the record's title, and the text sits beside the page's own
/// sections (`h2`), so its headings must not compete with the title nor skip a level below it, whether its
/// author started at `#` or at `##`.
fn heading(level: HeadingLevel, top: HeadingLevel) -> HeadingLevel {
    let depth = (level as usize).saturating_sub(top as usize);
    match depth {
        0 => HeadingLevel::H2,
        1 => HeadingLevel::H3,
        2 => HeadingLevel::H4,
        3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::{KEPT_FROM_BYTES, RENDERED, render, to_html, to_text};
    use sha2::{Digest, Sha256};

    /// Runs `to_html` on a thread with a small stack (the server's worker threads have 2 MiB), so a
    /// recursion over the nesting would overflow here first.
    fn on_small_stack(markdown: String) -> String {
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || to_html(&markdown))
            .expect("a thread starts")
            .join()
            .expect("rendering does not panic")
    }

    /// How deeply the elements of some HTML nest.
    fn depth(html: &str) -> usize {
        let (mut now, mut most) = (0usize, 0usize);
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            if rest.starts_with('/') {
                now = now.saturating_sub(1);
            } else if !rest.starts_with("br") && !rest.starts_with("hr") {
                now += 1;
                most = most.max(now);
            }
        }
        most
    }

    /// Checks that every element and attribute of some HTML is one rendering may make, and every link
    /// target an absolute URL of an allowed scheme. Every `<` in the HTML starts a tag (a `<` in text is
    /// written `&lt;`), so reading tags from one `<` to its `>` (outside quoted values) reads them all.
    fn only_what_rendering_makes(html: &str, input: &str) {
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            rest = rest.strip_prefix('/').unwrap_or(rest);
            let name_ends = rest
                .find([' ', '>'])
                .unwrap_or_else(|| panic!("{input:?}: an unclosed tag in {html:?}"));
            let name = &rest[..name_ends];
            assert!(
                super::ELEMENTS.contains(&name),
                "{input:?}: <{name}> in {html:?}"
            );
            rest = &rest[name_ends..];
            loop {
                rest = rest.trim_start_matches(' ');
                if let Some(after) = rest.strip_prefix('>') {
                    rest = after;
                    break;
                }
                let (attribute, after) = rest.split_once("=\"").unwrap_or_else(|| {
                    panic!("{input:?}: an attribute without a value in {html:?}")
                });
                let (value, after) = after
                    .split_once('"')
                    .unwrap_or_else(|| panic!("{input:?}: an unclosed value in {html:?}"));
                rest = after;
                match (name, attribute) {
                    ("a", "href") => {
                        let target = value.replace("&amp;", "&").to_ascii_lowercase();
                        assert!(
                            ["http://", "https://", "mailto:"]
                                .iter()
                                .any(|scheme| target.starts_with(scheme)),
                            "{input:?}: a link to {value:?}"
                        );
                    }
                    ("a", "rel") => assert_eq!(value, "noopener noreferrer nofollow"),
                    ("a", "title") | ("ol", "start") => {}
                    _ => panic!("{input:?}: {attribute} on <{name}> in {html:?}"),
                }
            }
        }
    }

    #[test]
    fn renders_the_markdown_the_demo_texts_use() {
        let html = to_html(
            "## De vraag\nOuders willen weten hoe de lucht *nu* is.\n\n**Programma**\n- 14.00 Welkom\n- 14.20 Meten\n\n1. Kiezen\n2. Plaatsen",
        );
        assert_eq!(
            html,
            "<h2>De vraag</h2>\n<p>Ouders willen weten hoe de lucht <em>nu</em> is.</p>\n\
             <p><strong>Programma</strong></p>\n<ul>\n<li>14.00 Welkom</li>\n<li>14.20 Meten</li>\n</ul>\n\
             <ol>\n<li>Kiezen</li>\n<li>Plaatsen</li>\n</ol>\n"
        );
        assert_eq!(to_html(""), "");
    }

    #[test]
    fn renders_quotes_code_tables_rules_and_struck_text() {
        let html = to_html(
            "> geciteerd\n\n`code` en ~~weg~~\n\n```rust\nfn main() {}\n```\n\n---\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n3. drie\n4. vier",
        );
        assert_eq!(
            html,
            "<blockquote>\n<p>geciteerd</p>\n</blockquote>\n<p><code>code</code> en <del>weg</del></p>\n\
             <pre><code>fn main() {}\n</code></pre>\n<hr>\n\
             <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n\
             <ol start=\"3\">\n<li>drie</li>\n<li>vier</li>\n</ol>\n",
            "the language's class and the columns' inline styles are left out"
        );
    }

    #[test]
    fn the_highest_heading_becomes_h2_and_the_others_keep_their_distance() {
        assert_eq!(
            to_html("# Een\n## Twee\n###### Zes"),
            "<h2>Een</h2>\n<h3>Twee</h3>\n<h6>Zes</h6>\n"
        );
        assert_eq!(
            to_html("### Drie\n#### Vier"),
            "<h2>Drie</h2>\n<h3>Vier</h3>\n"
        );
        assert!(!to_html("# Titel\n\nSetext\n======").contains("<h1"));
    }

    #[test]
    fn links_keep_only_http_https_and_mailto_targets() {
        assert_eq!(
            to_html("[LODE](https://lode.example/a?b=1&c=2 \"titel\")"),
            "<p><a href=\"https://lode.example/a?b=1&amp;c=2\" title=\"titel\" rel=\"noopener noreferrer nofollow\">LODE</a></p>\n"
        );
        assert_eq!(
            to_html("<mailto:info@lode.example> en <http://lode.example>"),
            "<p><a href=\"mailto:info@lode.example\" rel=\"noopener noreferrer nofollow\">mailto:info@lode.example</a> \
             en <a href=\"http://lode.example\" rel=\"noopener noreferrer nofollow\">http://lode.example</a></p>\n"
        );
        for target in [
            "/partners/luchtpuls",
            "#/partners/luchtpuls",
            "//evil.example/",
            "ftp://files.example/",
            "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            let html = to_html(&format!("[tekst](<{target}>)"));
            assert!(!html.contains("href"), "{target}: {html}");
            assert!(
                html.contains(">tekst</a>"),
                "{target}: the text stays: {html}"
            );
        }
    }

    #[test]
    fn images_leave_their_alternative_text_only() {
        assert_eq!(
            to_html("Kijk: ![een *kaart*](https://tracker.example/pixel.png \"t\")"),
            "<p>Kijk: een <em>kaart</em></p>\n"
        );
        assert_eq!(to_html("![x](javascript:alert(1))"), "<p>x</p>\n");
    }

    #[test]
    fn hostile_input_comes_out_as_harmless_text() {
        let vectors = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">a</a>",
            "<p style=\"background:url(javascript:alert(1))\">p</p>",
            "<!-- <script>alert(1)</script> -->",
            "<![CDATA[<script>alert(1)</script>]]>",
            "<div>\n*nog markdown?*\n</div>",
            "text <b onmouseover=alert(1)>vet</b> text",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&#60;script&#62;alert(1)&#60;/script&#62;",
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](javascript&colon;alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](java\tscript:alert(1))",
            "[a](<java\nscript:alert(1)>)",
            "[a](%6A%61vascript:alert(1))",
            "[a](\u{0}javascript:alert(1))",
            "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<javascript:alert(1)>",
            "[a][r]\n\n[r]: javascript:alert(1)",
            "[a](https://x.example/\" onmouseover=\"alert(1))",
            "[a](https://x.example/ \"\\\" onmouseover=\\\"alert(1)\")",
            "``<script>alert(1)</script>``",
            "```\n</code></pre><script>alert(1)</script>\n```",
            "| <img src=x onerror=alert(1)> |\n|---|\n| <script>alert(1)</script> |",
            "# <script>alert(1)</script>",
            "<style>*{display:none}</style>",
            "<form action=https://evil.example><input name=p></form>",
            "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
            "<base href=https://evil.example/>",
        ];
        for vector in vectors {
            only_what_rendering_makes(&to_html(vector), vector);
        }
        assert_eq!(
            to_html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
            "raw HTML reads as the text it is"
        );
        assert_eq!(
            to_html("text <b onmouseover=alert(1)>vet</b>"),
            "<p>text &lt;b onmouseover=alert(1)&gt;vet&lt;/b&gt;</p>\n"
        );
        assert_eq!(
            to_html("&#60;b&#62; en &amp;lt;"),
            "<p>&lt;b&gt; en &amp;lt;</p>\n",
            "an entity is a character, not markup, and is not decoded twice"
        );
    }

    #[test]
    fn deep_nesting_neither_overflows_the_stack_nor_nests_without_bound() {
        // Each is about the longest a description may be (100,000 characters).
        let hostile = [
            ">".repeat(100_000) + " diep",
            "- ".repeat(50_000) + "diep",
            "1. ".repeat(33_000) + "diep",
            "> - ".repeat(25_000) + "diep",
            "*".repeat(50_000) + "diep" + &"*".repeat(50_000),
            "*a **b ".repeat(7_000) + "diep" + &" b** a*".repeat(7_000),
            "[".repeat(50_000) + "diep" + &"](https://x.example)".repeat(2_000),
            "~~a ".repeat(12_000) + "diep" + &" a~~".repeat(12_000),
            "<div>".repeat(20_000) + "diep",
            "<ul><li>".repeat(12_000) + "diep",
            (0..300)
                .map(|i| format!("{}- diep\n", "  ".repeat(i)))
                .collect::<String>(),
        ];
        for markdown in hostile {
            let start = markdown.chars().take(12).collect::<String>();
            let html = on_small_stack(markdown);
            assert!(html.contains("diep"), "{start}…: the text stays");
            only_what_rendering_makes(&html, &start);
            assert!(
                depth(&html) <= super::MAX_DEPTH,
                "{start}…: nested {} deep",
                depth(&html)
            );
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for markdown in [
            "\u{0}",
            "\r\n\r\n\r",
            "\u{feff}# kop",
            "\u{202e}omgekeerd",
            "| a |\n|---|\n| b | c | d |",
            "[^voetnoot]\n\n[^voetnoot]: geen voetnoten",
            "- [ ] geen taken",
            "$x^2$",
            "\\",
            "``",
            "<",
            "&",
            "&#xFFFFFFFF; &#0; &#xD800;",
            "[](<>)",
        ] {
            only_what_rendering_makes(&on_small_stack(markdown.to_owned()), markdown);
        }
    }

    #[test]
    fn a_long_text_is_rendered_once_and_answered_alike_after() {
        let long = format!("## Kop\n\n{}", "Een **lange** beschrijving. ".repeat(300));
        assert!(long.len() >= KEPT_FROM_BYTES);
        let first = to_html(&long);
        assert_eq!(first, render(&long));
        let key: [u8; 32] = Sha256::digest(long.as_bytes()).into();
        assert!(
            RENDERED.lock().unwrap().contains(&key),
            "the HTML of a long text is kept"
        );
        assert_eq!(to_html(&long), first, "and answered the same from there");
        let short = "Kort *genoeg*.";
        let short_key: [u8; 32] = Sha256::digest(short.as_bytes()).into();
        assert_eq!(to_html(short), render(short));
        assert!(
            !RENDERED.lock().unwrap().contains(&short_key),
            "a short one is not kept"
        );
    }

    #[test]
    fn the_search_index_gets_the_words_a_reader_sees() {
        let text = to_text(
            "## De vraag\n\n**Geannuleerd.** Zie [de kaart](https://lode.example/k) en `PM10`.\n\n- fiets\n- auto\n\n<b>ruw</b> ![luchtfoto](x.png)",
        );
        assert_eq!(
            text,
            "De vraag\nGeannuleerd. Zie de kaart en PM10.\nfiets\nauto\n<b>ruw</b> luchtfoto"
        );
    }
}
