//! Which media type an answer of `/graphql` is sent as: the client's `Accept` header (media ranges with
//! q-values, RFC 9110 section 12.5.1) weighed against what the route offers.

use axum::http::{HeaderMap, HeaderValue, header};
use mime::Mime;

/// What `/graphql` can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json`: every GraphQL response with status 200, errors or not (the older way, and
    /// the default).
    Json,
    /// `application/graphql-response+json` (GraphQL over HTTP): a status of 4xx tells a request that
    /// was not executed, and such a response has no `data`.
    GraphQLResponse,
    /// `text/html`: GraphiQL's page, for a browser.
    Html,
}

impl Media {
    /// The media type without parameters.
    pub fn essence(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::GraphQLResponse => "application/graphql-response+json",
            Self::Html => "text/html",
        }
    }

    /// The `Content-Type` of an answer of this type.
    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Json => "application/json",
            Self::GraphQLResponse => "application/graphql-response+json; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        })
    }
}

/// How a media range matches a media type: `*/*`, `type/*` or the type itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Specificity {
    Any,
    Type,
    Exact,
}

/// How well a range matches `essence` (`type/subtype`), if it does.
fn specificity(range: &Mime, essence: &str) -> Option<Specificity> {
    let (kind, _) = essence.split_once('/')?;
    if range.essence_str() == essence {
        Some(Specificity::Exact)
    } else if range.type_() == mime::STAR && range.subtype() == mime::STAR {
        Some(Specificity::Any)
    } else if range.type_() == kind && range.subtype() == mime::STAR {
        Some(Specificity::Type)
    } else {
        None
    }
}

/// The media ranges of the `Accept` headers with their q-values, in the client's order; none when no
/// `Accept` is sent (or only empty ones). A range that does not parse is left out. White space around
/// `;` and `=` is allowed (RFC 9110), though the `mime` crate refuses it.
fn ranges(headers: &HeaderMap) -> Vec<(Mime, f32)> {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|range| {
            let parts: Vec<String> = range
                .split(';')
                .map(|part| match part.split_once('=') {
                    Some((name, value)) => format!("{}={}", name.trim(), value.trim()),
                    None => part.trim().to_owned(),
                })
                .collect();
            parts.join(";").parse::<Mime>().ok()
        })
        .map(|range| {
            let q = range
                .get_param("q")
                .and_then(|q| q.as_str().parse::<f32>().ok())
                .filter(|q| q.is_finite())
                .map_or(1.0, |q| q.clamp(0.0, 1.0));
            (range, q)
        })
        .collect()
}

/// How a type of `offered` stands with the client: the q-value of the most specific range that matches
/// it, how specific that range is, and where the client named it (a wildcard names nothing).
#[derive(Debug, Clone, Copy)]
struct Standing {
    q: f32,
    specificity: Specificity,
    named_at: Option<usize>,
}

impl Standing {
    /// Whether the client prefers this to `other`: a higher q-value; then a type named outright over one
    /// matched by a wildcard; then, of two named outright, the one the client named first (clients list
    /// their favourite first: Apollo Client and graphql-http name `application/graphql-response+json`
    /// before `application/json`).
    fn beats(&self, other: &Standing) -> bool {
        if self.q != other.q {
            return self.q > other.q;
        }
        if self.specificity != other.specificity {
            return self.specificity > other.specificity;
        }
        matches!((self.named_at, other.named_at), (Some(a), Some(b)) if a < b)
    }
}

/// The media type of `offered` (listed in the server's order of preference) that the `Accept` headers
/// prefer ([`Standing::beats`]); of types the client likes equally, the server's first. Without an
/// `Accept` header (or with one that names nothing readable), the first offered. `None` when the client
/// accepts none of them.
pub fn negotiate(headers: &HeaderMap, offered: &[Media]) -> Option<Media> {
    let ranges = ranges(headers);
    if ranges.is_empty() {
        return offered.first().copied();
    }
    let mut best: Option<(Standing, Media)> = None;
    for &media in offered {
        let matched = ranges
            .iter()
            .enumerate()
            .filter_map(|(at, (range, q))| Some((specificity(range, media.essence())?, *q, at)))
            // The most specific range decides; of equally specific ones, the most favourable.
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let Some((specificity, q, at)) = matched else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let standing = Standing {
            q,
            specificity,
            named_at: (specificity == Specificity::Exact).then_some(at),
        };
        if best.is_none_or(|(best, _)| standing.beats(&best)) {
            best = Some((standing, media));
        }
    }
    best.map(|(_, media)| media)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Media; 3] = [Media::Json, Media::GraphQLResponse, Media::Html];

    fn accepting(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn chosen(value: &str) -> Option<Media> {
        negotiate(&accepting(&[value]), &ALL)
    }

    #[test]
    fn without_accept_the_first_offered_is_sent() {
        assert_eq!(negotiate(&HeaderMap::new(), &ALL), Some(Media::Json));
        assert_eq!(chosen(""), Some(Media::Json));
    }

    #[test]
    fn the_highest_q_value_wins() {
        assert_eq!(
            chosen("application/graphql-response+json, application/json;q=0.9"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            chosen("application/graphql-response+json;q=0.5, application/json"),
            Some(Media::Json)
        );
        assert_eq!(
            chosen("application/json;q=0.2, application/graphql-response+json; q=0.8"),
            Some(Media::GraphQLResponse)
        );
        // A browser navigating: the page.
        assert_eq!(
            chosen("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            Some(Media::Html)
        );
        // GraphiQL's own requests.
        assert_eq!(
            chosen("application/json, multipart/mixed"),
            Some(Media::Json)
        );
    }

    #[test]
    fn a_type_named_outright_beats_a_wildcard_of_the_same_q_value() {
        assert_eq!(chosen("*/*"), Some(Media::Json));
        assert_eq!(chosen("application/*"), Some(Media::Json));
        assert_eq!(
            chosen("*/*, application/graphql-response+json"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(chosen("text/*, */*;q=0.1"), Some(Media::Html));
        // Of two named outright with the same q-value, the one the client named first.
        assert_eq!(
            chosen("application/graphql-response+json, application/json"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            chosen("application/json, application/graphql-response+json"),
            Some(Media::Json)
        );
        assert_eq!(
            negotiate(
                &accepting(&["application/graphql-response+json", "application/json"]),
                &ALL
            ),
            Some(Media::GraphQLResponse)
        );
    }

    #[test]
    fn the_most_specific_range_sets_a_types_q_value() {
        // JSON is refused outright, though `*/*` would take it.
        assert_eq!(
            chosen("application/json;q=0, */*;q=0.5"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            negotiate(&accepting(&["application/json;q=0, */*"]), &[Media::Json]),
            None
        );
    }

    #[test]
    fn nothing_acceptable_is_none() {
        assert_eq!(chosen("image/png"), None);
        assert_eq!(chosen("application/xml, text/plain;q=0.5"), None);
        assert_eq!(
            negotiate(
                &accepting(&["text/html"]),
                &[Media::Json, Media::GraphQLResponse]
            ),
            None
        );
        assert_eq!(chosen("*/*;q=0"), None);
    }

    #[test]
    fn parameters_case_and_several_headers_are_read() {
        assert_eq!(
            chosen("Application/GraphQL-Response+JSON; charset=utf-8"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            negotiate(
                &accepting(&["image/png", "application/graphql-response+json"]),
                &ALL
            ),
            Some(Media::GraphQLResponse)
        );
        // White space around `;` and `=`, as RFC 9110 allows.
        assert_eq!(
            chosen("application/graphql-response+json ;charset=utf-8"),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            chosen("application/graphql-response+json ; q = 1, application/json;q=0.5"),
            Some(Media::GraphQLResponse)
        );
        // A range that does not parse is left out; a q-value that does not parse counts as 1.
        assert_eq!(chosen("nonsense, text/html;q=abc"), Some(Media::Html));
    }
}
