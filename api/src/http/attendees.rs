//! `GET /events/{id}/attendees.csv`: an event's attendee list as a spreadsheet, for the door and the
//! badges. Who may download it and what it holds are the rules' (`domain::attendees`); this writes the
//! file.
//!
//! The file is RFC 4180 CSV, written by the `csv` crate (commas, fields quoted where needed, CRLF line
//! ends), in UTF-8 beginning with a byte order mark: without it, Excel on Windows reads a CSV file in the
//! system's legacy code page and turns every accented name ("Université Gent", "Café Zoë") into mojibake;
//! with it, Excel, LibreOffice, Numbers and Google Sheets all read UTF-8 (most CSV readers, the `csv`
//! crate's among them, skip the mark; Python opens the file as `utf-8-sig`). Times are Brussels local
//! time (`2026-12-05 19:03`), which spreadsheets take as dates.
//!
//! Every cell passes [`inert`], so no stored text runs as a formula in the spreadsheet that opens it.

use super::answer::{api_error_response, invalid_response};
use super::caller::download_caller;
use super::state::AppState;
use crate::domain::attendees::{self, Attendee, AttendeeList};
use crate::graphql::ids::{self, Kind};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use sea_orm::ActiveEnum;
use std::borrow::Cow;

/// The UTF-8 byte order mark the file begins with, so Excel reads it as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection): `=`,
/// `+`, `-` and `@` start one (and their full-width forms, which some spreadsheets read alike), and a tab,
/// carriage return or line feed before them is skipped by some importers.
const FORMULA_STARTS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// A cell as a spreadsheet may show it without running it: one that begins like a formula, after any
/// spaces, gets a leading `'`, so it begins like text instead; any other is left as it is.
pub fn inert(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

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

/// Writes one row, every cell made [`inert`] first.
fn write_row<'a, W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<(), csv::Error> {
    for cell in cells {
        writer.write_field(inert(cell).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// The file: the byte order mark, the header and a row per person of each registration.
pub fn csv_file(attendees: &[Attendee]) -> Result<Vec<u8>, csv::Error> {
    // Every field in quotes: Excel with Belgian or Dutch settings splits an opened file on `;`, and a
    // name such as `Acme;=cmd|…` would otherwise put a formula in a cell of its own.
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(BOM.to_vec());
    write_row(&mut writer, COLUMNS)?;
    for attendee in attendees {
        write_row(&mut writer, cells(attendee).iter().map(String::as_str))?;
    }
    writer
        .into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// The file's name, from the event's slug: only lower-case letters, digits and hyphens, so the name needs
/// no quoting rules and no client can read a path or a second parameter into it.
pub fn file_name(slug: &str) -> String {
    let safe: String = slug
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            (c.is_ascii_alphanumeric() || c == '-').then_some(c)
        })
        .take(80)
        .collect();
    let safe = safe.trim_matches('-');
    let safe = if safe.is_empty() { "event" } else { safe };
    format!("attendees-{safe}.csv")
}

/// The answer carrying the file: a download (`Content-Disposition: attachment`), never stored by a cache
/// or the browser (it holds personal data).
fn download(list: &AttendeeList, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file_name(&list.event.slug));
    let mut answer = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        body,
    )
        .into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    answer
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
    match csv_file(&list.attendees) {
        Ok(body) => download(&list, body),
        Err(err) => {
            tracing::error!(error = %err, "writing an attendee list failed");
            api_error_response(&crate::error::ApiError::Internal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entities::values::{RegistrationStatus, StakeholderType};

    #[test]
    fn a_cell_that_begins_like_a_formula_is_made_text() {
        for cell in [
            "=HYPERLINK(\"http://evil.example\",\"klik\")",
            "+32 9 123 45 67",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\r=1+1",
            "\n=1+1",
            "  =1+1",
            "\u{FF1D}1+1",
            "=",
        ] {
            assert_eq!(inert(cell), format!("'{cell}"), "{cell:?}");
        }
    }

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

    #[test]
    fn any_other_cell_is_left_as_it_is() {
        for cell in [
            "",
            "Buurtdata vzw",
            "Université Gent",
            "3",
            "2026-12-05 19:03",
            "a=b",
            "'quoted",
            "K7M2PX9Q",
        ] {
            assert!(
                matches!(inert(cell), Cow::Borrowed(same) if same == cell),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn the_file_name_keeps_only_what_is_safe() {
        assert_eq!(
            file_name("cocreatie-parkeersensoren"),
            "attendees-cocreatie-parkeersensoren.csv"
        );
        assert_eq!(
            file_name("../../etc\"; filename=x.exe"),
            "attendees-etcfilenamexexe.csv"
        );
        assert_eq!(file_name("Été"), "attendees-t.csv");
        assert_eq!(file_name("---"), "attendees-event.csv");
        assert_eq!(
            file_name(&"a".repeat(300)).len(),
            "attendees-.csv".len() + 80
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
