//! Export and import of the journal. JSON is the lossless, versioned format; CSV (one row per note, a
//! column per body area) is for spreadsheets and can be imported back.
//!
//! Import is all-or-nothing: the whole file is parsed and every note checked before anything is written,
//! the writes happen in one transaction, and notes are matched by their stable id, so importing the same
//! file twice adds nothing the second time. Any problem is reported with its line or field and changes
//! nothing.
//!
//! Files from other tools are read as they come: a UTF-8 byte-order mark and CRLF line ends are accepted in
//! both formats, and the format is told by content ([`Journal::import_file`]), never by file name. CSV cells a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) are written with a leading
//! `'` (OWASP's CSV-injection advice), as is a cell that starts with `'` itself, and the `'` is removed again
//! on import, so the round trip is exact. A CSV cut off inside a quoted field is refused, with the line where
//! that field opens; every CSV location is the line in the file, counting the lines inside quoted text.
//! Damaged rows (see [`super::store`]) go into the JSON export raw, under `damaged`; import leaves them out.
//!
//! Since version 3 a JSON export also carries the runner's own routines, their stars and the routine each
//! session ran. Each routine is checked by the rules of the bundled ones before anything is written (a bad one
//! is refused with its place, `routines[0].step[1].seconds`); routines are matched by id like notes (the newer
//! copy wins), stars and snapshots are only ever added, so importing a file twice adds nothing.
//!
//! Since version 4 a JSON export also carries the runs (see [`super::runs`]): each is checked by
//! [`super::run::Run::problems`] before anything is written (refused with its place, `runs[0].distance_m`),
//! and matched by id, so importing a file twice adds no run the second time.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::model::{id_problem, time_problem, Note, SessionRecord};
use super::routines::{insert_snapshot, load_routine, routine_problems, snapshot_problems, star, upsert_routine, SessionRoutine, UserRoutine};
use super::run::Run;
use super::runs::{load_run, upsert_run};
use super::store::{insert_session, load_note, upsert_note, DamagedRow, Journal};
use super::JournalError;

pub const FORMAT_NAME: &str = "unknot-journal";
/// 2: sessions carry `worked_secs`, `held_secs` and `skipped_steps` (version 1 files import with those
/// unknown/empty). 3: `routines`, `favourites` and `session_routines` (absent in older files: none).
/// 4: `runs` (absent in older files: none).
pub const FORMAT_VERSION: u32 = 4;
/// The fixed CSV columns; each further column is a body area id holding soreness 0–10 (blank: not logged).
pub const CSV_COLUMNS: [&str; 7] = ["id", "created_at", "updated_at", "session_id", "feel", "rpe", "text"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub sessions: Vec<SessionRecord>,
    pub notes: Vec<Note>,
    /// Rows of the exporting journal that could not be read back, raw (absent when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedRow>,
    /// The runner's own routines (version 3).
    #[serde(default)]
    pub routines: Vec<UserRoutine>,
    /// Ids of the starred routines, bundled or the runner's own (version 3).
    #[serde(default)]
    pub favourites: Vec<String>,
    /// The routine each session ran, as it was then (version 3).
    #[serde(default)]
    pub session_routines: Vec<SessionRoutine>,
    /// Runs, logged by hand or read from a watch's file (version 4).
    #[serde(default)]
    pub runs: Vec<Run>,
}

/// What a JSON file brings besides notes and sessions (nothing, for CSV and older files).
#[derive(Default)]
struct Extras<'a> {
    routines: &'a [UserRoutine],
    favourites: &'a [String],
    session_routines: &'a [SessionRoutine],
    runs: &'a [Run],
}

/// When a star brought in by an import was made is not in the file; the epoch says "unknown" (it is only
/// ever used to order stars, never shown).
fn file_time_now() -> DateTime<FixedOffset> {
    DateTime::from_timestamp(0, 0).expect("the epoch is a time").fixed_offset()
}

/// Leading characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written to CSV: a `'` in front of anything a spreadsheet would run as a formula, and of a
/// leading `'` itself, so that [`restore_cell`] can undo it exactly.
pub fn neutralise_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a CSV cell written by [`neutralise_cell`].
pub fn restore_cell(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// The text without a leading UTF-8 byte-order mark.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// The line (from 1) on which a quoted CSV field opens and never closes, if one does.
fn unclosed_quote_line(text: &str) -> Option<u64> {
    let (mut line, mut opened_at) = (1, 1);
    let (mut field_start, mut quoted) = (true, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    quoted = false;
                }
            }
        } else if matches!(c, ',' | '\n' | '\r') {
            field_start = true;
            continue;
        } else if c == '"' && field_start {
            quoted = true;
            opened_at = line;
        }
        field_start = false;
    }
    quoted.then_some(opened_at)
}

/// The line (from 1) of a byte offset into `text`.
fn line_at(text: &str, byte: u64) -> u64 {
    let end = (byte as usize).min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where: `line 4`, `notes[2].feel`, `line 7, column calves`.
    pub location: String,
    pub problem: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.problem)
    }
}

fn import_error(location: impl Into<String>, problem: impl fmt::Display) -> JournalError {
    JournalError::Import(ImportError { location: location.into(), problem: problem.to_string() })
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub added: u32,
    /// Notes already present whose imported copy was edited more recently.
    pub updated: u32,
    /// Notes already present and as new as the imported copy.
    pub skipped: u32,
    /// Damaged rows carried raw by a JSON export: kept in the file, not imported.
    pub damaged_left_out: u32,
    /// Routines of the runner's own that were new here.
    pub routines_added: u32,
    /// Routines already present whose imported copy was saved more recently.
    pub routines_updated: u32,
    /// Runs that were new here.
    pub runs_added: u32,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} added, {} updated, {} skipped", self.added, self.updated, self.skipped)?;
        match (self.routines_added, self.routines_updated) {
            (0, 0) => {}
            (1, 0) => write!(f, "; 1 routine added")?,
            (n, 0) => write!(f, "; {n} routines added")?,
            (a, u) => write!(f, "; routines: {a} added, {u} updated")?,
        }
        match self.runs_added {
            0 => {}
            1 => write!(f, "; 1 run added")?,
            n => write!(f, "; {n} runs added")?,
        }
        if self.damaged_left_out > 0 {
            write!(f, ", {} damaged rows in the file left out", self.damaged_left_out)?;
        }
        Ok(())
    }
}

impl Journal {
    pub fn export_json(&self, now: DateTime<FixedOffset>) -> Result<String, JournalError> {
        let file = ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            exported_at: now,
            sessions: self.sessions()?,
            notes: self.all_notes()?,
            damaged: self.damaged_rows()?,
            routines: self.routines()?,
            favourites: self.favourites()?.into_iter().collect(),
            session_routines: self.session_routines()?,
            runs: self.runs()?,
        };
        Ok(serde_json::to_string_pretty(&file).expect("journal data always serialises"))
    }

    /// One row per note, newest first; area columns in the order given (then any other logged area).
    pub fn export_csv(&self, areas: &[&str]) -> Result<String, JournalError> {
        let notes = self.all_notes()?;
        let mut columns: Vec<String> = areas.iter().map(|a| a.to_string()).collect();
        for note in &notes {
            for area in note.soreness.keys() {
                if !columns.contains(area) {
                    columns.push(area.clone());
                }
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let header: Vec<&str> = CSV_COLUMNS.iter().copied().chain(columns.iter().map(String::as_str)).collect();
        w.write_record(&header).map_err(|e| JournalError::Io(e.into()))?;
        for n in &notes {
            let mut row = vec![
                neutralise_cell(&n.id).into_owned(),
                n.created_at.to_rfc3339(),
                n.updated_at.to_rfc3339(),
                neutralise_cell(n.session_id.as_deref().unwrap_or_default()).into_owned(),
                n.feel.to_string(),
                n.rpe.map(|r| r.to_string()).unwrap_or_default(),
                neutralise_cell(&n.text).into_owned(),
            ];
            row.extend(columns.iter().map(|a| n.soreness.get(a).map(|l| l.to_string()).unwrap_or_default()));
            w.write_record(&row).map_err(|e| JournalError::Io(e.into()))?;
        }
        let bytes = w.into_inner().map_err(|e| JournalError::Io(std::io::Error::other(e.to_string())))?;
        Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
    }

    /// Imports a journal file of either format, told apart by its content: JSON starts with `{` or `[`
    /// (after any byte-order mark and white space); anything else is read as CSV.
    pub fn import_file(&mut self, text: &str, known_areas: &[&str]) -> Result<ImportReport, JournalError> {
        if without_bom(text).trim_start().starts_with(['{', '[']) {
            self.import_json(text, known_areas)
        } else {
            self.import_csv(text, known_areas)
        }
    }

    /// Imports a JSON export. `known_areas` are the body area ids soreness may be logged for.
    pub fn import_json(&mut self, text: &str, known_areas: &[&str]) -> Result<ImportReport, JournalError> {
        let file: ExportFile = serde_json::from_str(without_bom(text))
            .map_err(|e| import_error(format!("line {}, column {}", e.line(), e.column()), e))?;
        if file.format != FORMAT_NAME {
            return Err(import_error("format", format!("\"{}\" is not an Unknot journal export", file.format)));
        }
        if file.version == 0 {
            return Err(import_error("version", "version 0 was never written by Unknot; versions start at 1"));
        }
        if file.version > FORMAT_VERSION {
            return Err(import_error(
                "version",
                format!("version {} comes from a newer Unknot; this one reads up to {FORMAT_VERSION}", file.version),
            ));
        }
        if let Some(problem) = time_problem(&file.exported_at) {
            return Err(import_error("exported_at", problem));
        }
        let mut session_ids = HashSet::new();
        for (i, s) in file.sessions.iter().enumerate() {
            if let Some((field, problem)) = s.problems().into_iter().next() {
                return Err(import_error(format!("sessions[{i}].{field}"), problem));
            }
            if !session_ids.insert(s.id.as_str()) {
                return Err(import_error(format!("sessions[{i}].id"), format!("session id \"{}\" appears twice in the file", s.id)));
            }
        }
        let mut routine_ids = HashSet::new();
        for (i, r) in file.routines.iter().enumerate() {
            if let Some((field, problem)) = routine_problems(r).into_iter().next() {
                let field = if field == "updated_at" { field } else { format!("routine.{field}") };
                return Err(import_error(format!("routines[{i}].{field}"), problem));
            }
            if !routine_ids.insert(r.routine.id.as_str()) {
                return Err(import_error(
                    format!("routines[{i}].routine.id"),
                    format!("routine id \"{}\" appears twice in the file", r.routine.id),
                ));
            }
        }
        for (i, id) in file.favourites.iter().enumerate() {
            if let Some(problem) = id_problem(id) {
                return Err(import_error(format!("favourites[{i}]"), problem));
            }
        }
        for (i, s) in file.session_routines.iter().enumerate() {
            if let Some((field, problem)) = snapshot_problems(s).into_iter().next() {
                return Err(import_error(format!("session_routines[{i}].{field}"), problem));
            }
            if !session_ids.contains(s.session_id.as_str()) {
                return Err(import_error(
                    format!("session_routines[{i}].session_id"),
                    format!("no session \"{}\" in the file", s.session_id),
                ));
            }
        }
        let mut run_ids = HashSet::new();
        for (i, r) in file.runs.iter().enumerate() {
            if let Some(p) = r.problems().into_iter().next() {
                return Err(import_error(format!("runs[{i}].{}", p.field), p.problem));
            }
            if !run_ids.insert(r.id.as_str()) {
                return Err(import_error(format!("runs[{i}].id"), format!("run id \"{}\" appears twice in the file", r.id)));
            }
        }
        let extras = Extras {
            routines: &file.routines,
            favourites: &file.favourites,
            session_routines: &file.session_routines,
            runs: &file.runs,
        };
        let located: Vec<(String, Note)> =
            file.notes.iter().cloned().enumerate().map(|(i, n)| (format!("notes[{i}]"), n)).collect();
        let mut report = self.import_notes(located, &file.sessions, known_areas, &extras)?;
        report.damaged_left_out = file.damaged.len() as u32;
        Ok(report)
    }

    /// Imports a CSV export (the columns of [`CSV_COLUMNS`], then one column per area).
    pub fn import_csv(&mut self, text: &str, known_areas: &[&str]) -> Result<ImportReport, JournalError> {
        let text = without_bom(text);
        if let Some(line) = unclosed_quote_line(text) {
            return Err(import_error(
                format!("line {line}"),
                "a quoted field starts here and never ends: the file looks cut short",
            ));
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| import_error("line 1", e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if header.len() < CSV_COLUMNS.len() || header[..CSV_COLUMNS.len()] != CSV_COLUMNS {
            return Err(import_error("line 1", format!("the header must start with {}", CSV_COLUMNS.join(","))));
        }
        let area_columns = &header[CSV_COLUMNS.len()..];
        let mut seen = HashSet::new();
        if let Some(twice) = header.iter().find(|h| !seen.insert(h.as_str())) {
            return Err(import_error("line 1", format!("the column \"{twice}\" appears twice in the header")));
        }
        let mut notes = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(1, |p| line_at(text, p.byte()));
                let problem = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("this row has {len} cells; the header has {expected_len}")
                    }
                    _ => e.to_string(),
                };
                import_error(format!("line {line}"), problem)
            })?;
            let line = record.position().map_or(1, |p| line_at(text, p.byte()));
            let at = |col: &str| format!("line {line}, column {col}");
            let text_cell = |idx: usize| restore_cell(record.get(idx).unwrap_or("")).to_string();
            let time = |idx: usize| {
                DateTime::parse_from_rfc3339(record.get(idx).unwrap_or("").trim())
                    .map_err(|e| import_error(at(CSV_COLUMNS[idx]), format!("not a date-time: {e}")))
            };
            let number = |idx: usize, col: &str| -> Result<Option<u8>, JournalError> {
                let raw = record.get(idx).unwrap_or("").trim();
                if raw.is_empty() {
                    return Ok(None);
                }
                raw.parse::<u8>().map(Some).map_err(|_| import_error(at(col), format!("\"{raw}\" is not a whole number")))
            };
            let mut soreness = BTreeMap::new();
            for (j, area) in area_columns.iter().enumerate() {
                if let Some(level) = number(CSV_COLUMNS.len() + j, area)? {
                    soreness.insert(area.clone(), level);
                }
            }
            let note = Note {
                id: text_cell(0).trim().to_string(),
                created_at: time(1)?,
                updated_at: time(2)?,
                session_id: Some(text_cell(3).trim().to_string()).filter(|s| !s.is_empty()),
                feel: number(4, "feel")?.ok_or_else(|| import_error(at("feel"), "is required"))?,
                rpe: number(5, "rpe")?,
                text: text_cell(6),
                soreness,
            };
            notes.push((format!("line {line}"), note));
        }
        self.import_notes(notes, &[], known_areas, &Extras::default())
    }

    fn import_notes(
        &mut self,
        notes: Vec<(String, Note)>,
        sessions: &[SessionRecord],
        known_areas: &[&str],
        extras: &Extras,
    ) -> Result<ImportReport, JournalError> {
        // Check everything before writing anything.
        let mut ids = HashSet::new();
        for (at, note) in &notes {
            if let Some(problem) = note.problems().first() {
                return Err(import_error(at.clone(), problem));
            }
            if let Some(area) = note.soreness.keys().find(|a| !known_areas.contains(&a.as_str())) {
                return Err(import_error(format!("{at}, soreness"), format!("unknown body area \"{area}\"")));
            }
            if !ids.insert(note.id.as_str()) {
                return Err(import_error(at.clone(), format!("note id \"{}\" appears twice in the file", note.id)));
            }
        }
        self.in_transaction(|tx| {
            for s in sessions {
                insert_session(tx, s)?;
            }
            let mut report = ImportReport::default();
            for (_, note) in &notes {
                match load_note(tx, &note.id)? {
                    None => {
                        upsert_note(tx, note)?;
                        report.added += 1;
                    }
                    // A damaged copy in the journal is repaired by a readable one from the file.
                    Some(Err(_)) => {
                        upsert_note(tx, note)?;
                        report.updated += 1;
                    }
                    Some(Ok(existing)) if note.updated_at > existing.updated_at => {
                        upsert_note(tx, note)?;
                        report.updated += 1;
                    }
                    Some(Ok(_)) => report.skipped += 1,
                }
            }
            for r in extras.routines {
                match load_routine(tx, &r.routine.id)? {
                    None => {
                        upsert_routine(tx, r)?;
                        report.routines_added += 1;
                    }
                    Some(existing) if r.updated_at > existing.updated_at => {
                        upsert_routine(tx, r)?;
                        report.routines_updated += 1;
                    }
                    Some(_) => {}
                }
            }
            let now = file_time_now();
            for id in extras.favourites {
                star(tx, id, now)?;
            }
            for s in extras.session_routines {
                insert_snapshot(tx, s)?;
            }
            for r in extras.runs {
                // A run already here is kept as it is: the runner may have corrected its kind or effort.
                if load_run(tx, &r.id)?.is_none() {
                    upsert_run(tx, r)?;
                    report.runs_added += 1;
                }
            }
            Ok(report)
        })
    }
}
