//! The spreadsheets served beside GraphQL (an event's attendee list, a survey's answers): one way to write
//! a CSV file, make its cells safe, name it and hand it out.
//!
//! A file is RFC 4180 CSV, written by the `csv` crate (commas, every field quoted, CRLF line ends), in UTF-8
//! beginning with a byte order mark: without it, Excel on Windows reads a CSV file in the system's legacy
//! code page and turns every accented name ("Université Gent", "Café Zoë") into mojibake; with it, Excel,
//! LibreOffice, Numbers and Google Sheets all read UTF-8 (most CSV readers, the `csv` crate's among them,
//! skip the mark; Python opens the file as `utf-8-sig`).
//!
//! Every cell, the header's too, passes [`inert`], so no stored text runs as a formula in the spreadsheet
//! that opens it.

use super::answer::api_error_response;
use crate::error::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;

/// The UTF-8 byte order mark a file begins with, so Excel reads it as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// Writes one row, every cell made [`inert`] first.
fn write_row<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = impl AsRef<str>>,
) -> Result<(), csv::Error> {
    for cell in cells {
        writer.write_field(inert(cell.as_ref()).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// A file: the byte order mark, the header, then the rows.
pub fn file<R>(
    header: impl IntoIterator<Item = impl AsRef<str>>,
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, csv::Error>
where
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    // Every field in quotes: Excel with Belgian or Dutch settings splits an opened file on `;`, and a
    // name such as `Acme;=cmd|…` would otherwise put a formula in a cell of its own.
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(BOM.to_vec());
    write_row(&mut writer, header)?;
    for row in rows {
        write_row(&mut writer, row)?;
    }
    writer
        .into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// A file's name: `prefix` (ours, a constant such as `attendees`), a hyphen and the record's slug, kept to
/// lower-case letters, digits and hyphens, so the name needs no quoting rules and no client can read a
/// path or a second parameter into it; just `prefix` when nothing of the slug is left.
pub fn file_name(prefix: &str, slug: &str) -> String {
    let safe: String = slug
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            (c.is_ascii_alphanumeric() || c == '-').then_some(c)
        })
        .take(80)
        .collect();
    match safe.trim_matches('-') {
        "" => format!("{prefix}.csv"),
        safe => format!("{prefix}-{safe}.csv"),
    }
}

/// The answer carrying a file named `name` (from [`file_name`]): a download (`Content-Disposition:
/// attachment`), never stored by a cache or the browser (it holds personal data, or answers that are the
/// team's only). A file that could not be written answers `INTERNAL`, the log saying why.
pub fn download(name: &str, file: Result<Vec<u8>, csv::Error>) -> Response {
    let body = match file {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = %err, file = name, "writing a CSV file failed");
            return api_error_response(&ApiError::Internal);
        }
    };
    let mut answer = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        body,
    )
        .into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

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
            file_name("attendees", "cocreatie-parkeersensoren"),
            "attendees-cocreatie-parkeersensoren.csv"
        );
        assert_eq!(
            file_name("attendees", "../../etc\"; filename=x.exe"),
            "attendees-etcfilenamexexe.csv"
        );
        assert_eq!(file_name("attendees", "Été"), "attendees-t.csv");
        assert_eq!(file_name("attendees", "---"), "attendees.csv");
        assert_eq!(
            file_name("survey-answers", &"a".repeat(300)).len(),
            "survey-answers-.csv".len() + 80
        );
    }

    #[test]
    fn the_file_begins_with_a_bom_and_every_cell_is_quoted_and_inert() {
        let file = file(["a", "=b"], [vec!["-1".to_owned(), "x;y".to_owned()]]).unwrap();
        assert!(file.starts_with(BOM));
        let text = std::str::from_utf8(&file[BOM.len()..]).unwrap();
        assert_eq!(text, "\"a\",\"'=b\"\r\n\"'-1\",\"x;y\"\r\n");
    }
}
