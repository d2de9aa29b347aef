//! `GET /events/{id}/attendees.csv`: an event's attendee list as a spreadsheet, for the door and the
//! badges. Who may download it and what it holds are the rules' (`domain::attendees`); this writes the
//! file.
//!
//! The file is written the one way every spreadsheet is ([`super::csv`]: quoted, CRLF, a byte order mark,
//! every cell [`inert`](super::csv::inert)). Times are Brussels local time (`2026-12-05 19:03`), which spreadsheets take as dates.

use super::answer::{api_error_response, invalid_response};
use super::caller::download_caller;
use super::csv as sheet;
use super::state::AppState;
use crate::domain::attendees::{self, Attendee};
use crate::graphql::ids::{self, Kind};
use axum::extract::{Path, Request, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use sea_orm::ActiveEnum;

/// The columns, in order: stable names, for mail merges and badge templates to map. One row per person;
/// `name` (the person's) came last, so files read by position before it keep their columns.
pub const COLUMNS: [&str; 9] = [
    "code",
    "status",
    "waitlist_position",
    "partner",
    "stakeholder_type",
    "contact_person",
    "registered_at",
    "checked_in_at",
    "name",
];

/// An instant as Brussels local time, to the minute.
fn local(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Brussels)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// One person's cells, in the order of [`COLUMNS`].
fn cells(attendee: &Attendee) -> [String; 9] {
    [
        attendee.code.clone().unwrap_or_default(),
        attendee.status.to_value(),
        attendee
            .waitlist_position
            .map(|place| place.to_string())
            .unwrap_or_default(),
        attendee.partner.clone(),
        attendee.stakeholder_type.to_value(),
        attendee.contact_person.clone().unwrap_or_default(),
        local(attendee.registered_at),
        attendee.checked_in_at.map(local).unwrap_or_default(),
        attendee.name.clone(),
    ]
}

/// The file: the header and a row per person of each registration.
pub fn csv_file(attendees: &[Attendee]) -> Result<Vec<u8>, csv::Error> {
    sheet::file(COLUMNS, attendees.iter().map(cells))
}

/// `GET /events/{id}/attendees.csv` (the event's global id), with `Authorization: Bearer <token>`: the
/// event's attendee list, for admins and the coordinators who manage it; each download is audited.
pub async fn attendee_list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let caller = match download_caller(&state, &parts).await {
        Ok(caller) => caller,
        Err(refusal) => return refusal,
    };
    let event_id = match ids::decode("id", &async_graphql::ID(id), Kind::CoCreationEvent) {
        Ok(event_id) => event_id,
        Err(_) => return invalid_response("id", "id is not the id of an event"),
    };
    let list = match attendees::download(&state.store, &caller.viewer, event_id).await {
        Ok(list) => list,
        Err(err) => return api_error_response(&err),
    };
    sheet::download(
        &sheet::file_name("attendees", &list.event.slug),
        csv_file(&list.attendees),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::csv::BOM;
    use entities::values::{RegistrationStatus, StakeholderType};

    #[test]
    fn a_formula_after_a_semicolon_stays_inside_its_quoted_cell() {
        let mut attendee = sample();
        attendee.partner = "Acme;=cmd|' /C calc'!A0;x".to_owned();
        let file = csv_file(&[attendee]).expect("the file is written");
        let file = &file[BOM.len()..];
        let text = std::str::from_utf8(file).expect("UTF-8");
        assert!(
            text.contains("\"Acme;=cmd|' /C calc'!A0;x\""),
            "a spreadsheet splitting on `;` keeps the quoted cell whole: {text}"
        );
        assert!(
            text.lines().skip(1).all(|row| row.starts_with('"')),
            "every cell is quoted: {text}"
        );
    }

    /// A waitlisted registration of a partner whose name is a formula.
    fn sample() -> Attendee {
        Attendee {
            code: Some("K7M2PX9Q".to_owned()),
            status: RegistrationStatus::Waitlisted,
            waitlist_position: Some(2),
            partner: "=cmd|' /C calc'!A0".to_owned(),
            stakeholder_type: StakeholderType::Company,
            contact_person: Some("Noor, \"de\" Smet".to_owned()),
            registered_at: "2026-07-05T17:00:00Z".parse().unwrap(),
            checked_in_at: None,
            name: "+Jan Peeters".to_owned(),
            position: 1,
        }
    }

    #[test]
    fn the_file_begins_with_a_bom_and_every_cell_is_inert() {
        let file = csv_file(&[sample()]).unwrap();
        assert!(file.starts_with(BOM));
        let text = std::str::from_utf8(&file[BOM.len()..]).unwrap();
        assert_eq!(
            text,
            "\"code\",\"status\",\"waitlist_position\",\"partner\",\"stakeholder_type\",\"contact_person\",\"registered_at\",\"checked_in_at\",\"name\"\r\n\
             \"K7M2PX9Q\",\"WAITLISTED\",\"2\",\"'=cmd|' /C calc'!A0\",\"COMPANY\",\"Noor, \"\"de\"\" Smet\",\"2026-07-05 19:00\",\"\",\"'+Jan Peeters\"\r\n"
        );
    }
}
