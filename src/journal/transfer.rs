//! Export and import of the journal. JSON is the lossless, versioned format; CSV (one row per note, a
//! column per body area) is for spreadsheets and can be imported back.
//!
//! Import is all-or-nothing: the whole file is parsed and every note checked before anything is written,
//! the writes happen in one transaction, and notes are matched by their stable id, so importing the same
//! file twice adds nothing the second time. Any problem is reported with its line or field and changes
//! nothing.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::model::{Note, SessionRecord};
use super::store::{insert_session, load_note, upsert_note, Journal};
use super::JournalError;

pub const FORMAT_NAME: &str = "unknot-journal";
pub const FORMAT_VERSION: u32 = 1;
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
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} added, {} updated, {} skipped", self.added, self.updated, self.skipped)
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
                n.id.clone(),
                n.created_at.to_rfc3339(),
                n.updated_at.to_rfc3339(),
                n.session_id.clone().unwrap_or_default(),
                n.feel.to_string(),
                n.rpe.map(|r| r.to_string()).unwrap_or_default(),
                n.text.clone(),
            ];
            row.extend(columns.iter().map(|a| n.soreness.get(a).map(|l| l.to_string()).unwrap_or_default()));
            w.write_record(&row).map_err(|e| JournalError::Io(e.into()))?;
        }
        let bytes = w.into_inner().map_err(|e| JournalError::Io(std::io::Error::other(e.to_string())))?;
        Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings is UTF-8"))
    }

    /// Imports a JSON export. `known_areas` are the body area ids soreness may be logged for.
    pub fn import_json(&mut self, text: &str, known_areas: &[&str]) -> Result<ImportReport, JournalError> {
        let file: ExportFile = serde_json::from_str(text)
            .map_err(|e| import_error(format!("line {}, column {}", e.line(), e.column()), e))?;
        if file.format != FORMAT_NAME {
            return Err(import_error("format", format!("\"{}\" is not an Unknot journal export", file.format)));
        }
        if file.version > FORMAT_VERSION {
            return Err(import_error(
                "version",
                format!("version {} comes from a newer Unknot; this one reads up to {FORMAT_VERSION}", file.version),
            ));
        }
        for (i, s) in file.sessions.iter().enumerate() {
            if s.id.trim().is_empty() || s.routine_id.trim().is_empty() {
                return Err(import_error(format!("sessions[{i}]"), "id and routine_id must not be empty"));
            }
            if !(0.0..=1.0).contains(&s.completed) {
                return Err(import_error(format!("sessions[{i}].completed"), "must be between 0 and 1"));
            }
        }
        let located: Vec<(String, Note)> =
            file.notes.into_iter().enumerate().map(|(i, n)| (format!("notes[{i}]"), n)).collect();
        self.import_notes(located, &file.sessions, known_areas)
    }

    /// Imports a CSV export (the columns of [`CSV_COLUMNS`], then one column per area).
    pub fn import_csv(&mut self, text: &str, known_areas: &[&str]) -> Result<ImportReport, JournalError> {
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
        let mut notes = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = record.as_ref().ok().and_then(|r| r.position()).map_or(i as u64 + 2, |p| p.line());
            let at = |col: &str| format!("line {line}, column {col}");
            let record = record.map_err(|e| import_error(format!("line {line}"), e))?;
            let field = |idx: usize| record.get(idx).unwrap_or("").to_string();
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
                id: field(0).trim().to_string(),
                created_at: time(1)?,
                updated_at: time(2)?,
                session_id: Some(field(3).trim().to_string()).filter(|s| !s.is_empty()),
                feel: number(4, "feel")?.ok_or_else(|| import_error(at("feel"), "is required"))?,
                rpe: number(5, "rpe")?,
                text: field(6),
                soreness,
            };
            notes.push((format!("line {line}"), note));
        }
        self.import_notes(notes, &[], known_areas)
    }

    fn import_notes(
        &mut self,
        notes: Vec<(String, Note)>,
        sessions: &[SessionRecord],
        known_areas: &[&str],
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
                    Some(existing) if note.updated_at > existing.updated_at => {
                        upsert_note(tx, note)?;
                        report.updated += 1;
                    }
                    Some(_) => report.skipped += 1,
                }
            }
            Ok(report)
        })
    }
}
