//! Global ids: every record's `id` is an opaque string naming its type and UUID, so `node(id:)` can find any
//! record and an id of one type is never mistaken for another's.

use crate::error::{ApiError, ApiResult};
use async_graphql::{ID, MaybeUndefined};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

/// The types that have global ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ValueDomain`.
    ValueDomain,
    /// `PilotCase`.
    PilotCase,
    /// `PilotCaseMember`.
    PilotCaseMember,
    /// `Partner`.
    Partner,
    /// `CoCreationEvent`.
    CoCreationEvent,
    /// `Registration`.
    Registration,
    /// `RegistrationPerson`: reached through its registration only, never by `node`.
    RegistrationPerson,
    /// `SuccessStory`.
    SuccessStory,
    /// `Dataset`.
    Dataset,
    /// `Account`.
    Account,
    /// `Survey`.
    Survey,
    /// `SurveyContact`: a survey's respondent who agreed to be contacted, reached through its survey only,
    /// never by `node`.
    SurveyContact,
}

impl Kind {
    const ALL: [Kind; 12] = [
        Kind::ValueDomain,
        Kind::PilotCase,
        Kind::PilotCaseMember,
        Kind::Partner,
        Kind::CoCreationEvent,
        Kind::Registration,
        Kind::RegistrationPerson,
        Kind::SuccessStory,
        Kind::Dataset,
        Kind::Account,
        Kind::Survey,
        Kind::SurveyContact,
    ];

    /// The GraphQL type name.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::ValueDomain => "ValueDomain",
            Kind::PilotCase => "PilotCase",
            Kind::PilotCaseMember => "PilotCaseMember",
            Kind::Partner => "Partner",
            Kind::CoCreationEvent => "CoCreationEvent",
            Kind::Registration => "Registration",
            Kind::RegistrationPerson => "RegistrationPerson",
            Kind::SuccessStory => "SuccessStory",
            Kind::Dataset => "Dataset",
            Kind::Account => "Account",
            Kind::Survey => "Survey",
            Kind::SurveyContact => "SurveyContact",
        }
    }
}

/// The global id of a record.
pub fn encode(kind: Kind, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{}", kind.type_name(), id.simple())))
}

/// Reads any global id.
pub fn decode_any(field: &str, id: &ID) -> ApiResult<(Kind, Uuid)> {
    let malformed = || ApiError::invalid(field, format!("{field} is not a valid id"));
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_str())
        .map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (name, uuid) = text.split_once(':').ok_or_else(malformed)?;
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.type_name() == name)
        .ok_or_else(malformed)?;
    let uuid = Uuid::try_parse(uuid).map_err(|_| malformed())?;
    Ok((kind, uuid))
}

/// Reads a global id that must be of the given type.
pub fn decode(field: &str, id: &ID, expected: Kind) -> ApiResult<Uuid> {
    let (kind, uuid) = decode_any(field, id)?;
    if kind != expected {
        return Err(ApiError::invalid(
            field,
            format!(
                "{field} is the id of a {}, not of a {}",
                kind.type_name(),
                expected.type_name()
            ),
        ));
    }
    Ok(uuid)
}

/// Reads a list of global ids of one type.
pub fn decode_all(field: &str, ids: &[ID], expected: Kind) -> ApiResult<Vec<Uuid>> {
    ids.iter().map(|id| decode(field, id, expected)).collect()
}

/// Reads an optional id: none given stays none.
pub fn decode_optional(field: &str, id: Option<&ID>, expected: Kind) -> ApiResult<Option<Uuid>> {
    id.map(|id| decode(field, id, expected)).transpose()
}

/// Reads an optional list of ids: none given stays none.
pub fn decode_all_optional(
    field: &str,
    ids: Option<&[ID]>,
    expected: Kind,
) -> ApiResult<Option<Vec<Uuid>>> {
    ids.map(|ids| decode_all(field, ids, expected)).transpose()
}

/// Reads an optional, clearable id of an update input: absent leaves it, `null` clears it.
pub fn decode_maybe(
    field: &str,
    id: MaybeUndefined<ID>,
    expected: Kind,
) -> ApiResult<Option<Option<Uuid>>> {
    match id {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(id) => decode(field, &id, expected).map(|u| Some(Some(u))),
    }
}

/// An update input's clearable field: absent leaves it, `null` clears it.
pub fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_keep_their_type() {
        let uuid = Uuid::now_v7();
        let id = encode(Kind::PilotCase, uuid);
        assert_eq!(decode("id", &id, Kind::PilotCase).unwrap(), uuid);
        let err = decode("id", &id, Kind::Partner).unwrap_err();
        assert_eq!(err.field(), Some("id"));
    }

    #[test]
    fn malformed_ids_are_validation_errors() {
        for bad in [
            "",
            "not base64!",
            "UGFydG5lcjp4",
            &URL_SAFE_NO_PAD.encode("Unknown:0190"),
        ] {
            let err = decode_any("id", &ID(bad.to_owned())).unwrap_err();
            assert_eq!(err.code(), "VALIDATION", "{bad}");
        }
    }
}
