//! `GET /graphql/possible-types.json`: every interface and union of the schema with the object types that
//! may stand for it (`{"Node": ["Account", …], "SearchRecord": […]}`), the `possibleTypes` map Apollo
//! Client needs to match fragments on them, from [`crate::graphql::possible_types`].
//!
//! It is public and served whether or not introspection is on: it describes the schema, not data, and
//! names only types every answer's `__typename` already tells (no fields, arguments or mutations), while
//! a client needs it in production too. Like the front end's files it changes only with a release, so it
//! is cached the same way: a strong `ETag`, `Cache-Control: no-cache`, and `304 Not Modified` while the
//! client holds the current one.

use super::assets::{answer, entity_tag};
use axum::http::HeaderMap;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use tokio::sync::OnceCell;

/// The content type of the answer.
const JSON: &str = "application/json";

/// The answer's entity tag and body, worked out at the first request.
static ANSWER: OnceCell<(String, Vec<u8>)> = OnceCell::const_new();

/// The schema's possible types.
pub async fn possible_types(request: HeaderMap) -> Response {
    let (tag, body) = ANSWER
        .get_or_init(|| async {
            let map = crate::graphql::possible_types().await;
            // A map of strings always serialises.
            let body = serde_json::to_vec(&map).unwrap_or_default();
            (entity_tag(Sha256::digest(&body).into()), body)
        })
        .await;
    answer(&request, tag, JSON, Cow::Borrowed(body.as_slice()))
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_schema;
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    use std::collections::BTreeMap;

    /// The interfaces and unions of the committed `schema.graphql`, with the object types that implement
    /// or belong to each, read from the SDL text itself.
    fn from_committed_sdl() -> BTreeMap<String, Vec<String>> {
        let document =
            parse_schema(include_str!("../../../schema.graphql")).expect("the SDL parses");
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let name = ty.node.name.node.to_string();
            match ty.node.kind {
                TypeKind::Interface(_) => {
                    map.entry(name).or_default();
                }
                TypeKind::Union(union) => {
                    let members = map.entry(name).or_default();
                    members.extend(union.members.iter().map(|m| m.node.to_string()));
                }
                TypeKind::Object(object) => {
                    for interface in object.implements {
                        map.entry(interface.node.to_string())
                            .or_default()
                            .push(name.clone());
                    }
                }
                _ => {}
            }
        }
        for members in map.values_mut() {
            members.sort();
        }
        map
    }

    #[tokio::test]
    async fn every_member_of_every_interface_and_union_of_the_schema_is_listed() {
        let expected = from_committed_sdl();
        assert!(
            expected["Node"].contains(&"Account".to_owned())
                && expected["SearchRecord"].contains(&"Dataset".to_owned()),
            "the SDL was read: {expected:?}"
        );
        assert_eq!(crate::graphql::possible_types().await, expected);
    }
}
