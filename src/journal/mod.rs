//! The recovery journal: the notes and runs models ([`model`], [`run`], [`run_file`], [`run_form`]: pure) and its SQLite
//! store ([`store`], [`routines`], [`runs`], [`transfer`]), and soreness against training load ([`load`]).
//!
//! Invariant: a note the store has acknowledged (a `save_note` that returned `Ok`) is never lost — not by a
//! crash, not by an upgrade, not by an import; an unreadable database is set aside, never deleted; and a row
//! that cannot be read back is reported as damaged (and exported raw), never fatal to listing, export or
//! delete. Every value that crosses in passes the rules of [`model`], which accept only what the store can
//! read back.

pub mod load;
pub mod model;
pub mod routines;
pub mod run;
pub mod run_file;
pub mod run_form;
pub mod runs;
pub mod store;
pub mod transfer;

pub use load::{load_overview, monday_of, AreaWeeks, LoadOverview, WeekLoad};
pub use model::{
    feel_label, note_time, Note, NoteDraft, NoteProblem, SessionRecord, MAX_ID_CHARS, MAX_TEXT_CHARS, NOTE_TIME_INPUT, YEARS,
};
pub use run::{format_km, format_run_time, parse_km, parse_run_time, Run, RunKind, RunProblem};
#[cfg(not(target_arch = "wasm32"))]
pub use run_file::{read_run_file, run_from_file};
pub use run_file::{run_from_facts, summary_from_facts, RunFileFacts, RunFileSummary};
pub use run_form::{km_input, RunField, RunForm, RunFormProblem};
pub use routines::{routine_problems, DeletedRoutine, SessionRoutine, UserRoutine};
pub use store::{DamagedRow, Durability, Journal, NoteCursor, NotesPage, Opened, SCHEMA_VERSION};
pub use transfer::{ExportFile, ImportError, ImportReport};

use std::fmt;

/// Where an error message's plain words end and its technical detail begins: the UI shows what follows
/// behind a "Details" control (`"The journal could not be saved.\nDetails: disk I/O error"`).
pub const DETAILS_MARK: &str = "\nDetails: ";

/// Splits a message at [`DETAILS_MARK`] into its plain words and its technical detail.
pub fn split_details(message: &str) -> (&str, Option<&str>) {
    match message.split_once(DETAILS_MARK) {
        Some((plain, detail)) => (plain, Some(detail)),
        None => (message, None),
    }
}

/// Settings keys kept in the journal's `settings` table.
pub mod keys {
    /// "1" once the safety notes have been acknowledged on first start.
    pub const SAFETY_ACKNOWLEDGED: &str = "safety_acknowledged";
    /// JSON of [`crate::session::SessionSettings`].
    pub const SESSION_SETTINGS: &str = "session_settings";
}

#[derive(Debug)]
pub enum JournalError {
    /// The file is not a readable SQLite database (it is set aside by `Journal::open`).
    Corrupt(String),
    /// The database was written by a newer version of the app; it is left untouched.
    TooNew { found: i64, supported: i64 },
    /// A note breaks the rules; nothing was saved.
    Invalid(Vec<NoteProblem>),
    /// A session record breaks the rules (`(field, problem)`); nothing was saved.
    InvalidSession(Vec<(&'static str, String)>),
    /// A routine (or a session's snapshot of one) breaks the rules, as `field: problem`; nothing was saved.
    InvalidRoutine(Vec<String>),
    /// A run breaks the rules, as `field: problem`; nothing was saved.
    InvalidRun(Vec<String>),
    /// A note is in the journal but cannot be read back (see `Journal::damaged_rows`).
    Damaged(String),
    /// An import file was rejected; nothing was changed.
    Import(ImportError),
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
}

/// The whole message of an error on one line (plain words, then the detail), for a "Details" section.
pub fn technical(e: &JournalError) -> String {
    e.to_string().replace(DETAILS_MARK, " — ")
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Corrupt(why) => write!(f, "The journal file is damaged.{DETAILS_MARK}{why}"),
            JournalError::TooNew { found, supported } => write!(
                f,
                "This journal was written by a newer version of Unknot. Update the app to open it; the file has not \
                 been changed.{DETAILS_MARK}Schema version {found}; this version reads up to {supported}."
            ),
            JournalError::Invalid(problems) => {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", list.join("; "))
            }
            JournalError::InvalidSession(problems) => {
                let list: Vec<String> = problems.iter().map(|(field, p)| format!("{field}: {p}")).collect();
                write!(f, "The session breaks the journal's rules: {}", list.join("; "))
            }
            JournalError::InvalidRoutine(problems) => {
                write!(f, "The routine breaks the rules of a routine: {}", problems.join("; "))
            }
            JournalError::InvalidRun(problems) => write!(f, "The run breaks the journal's rules: {}", problems.join("; ")),
            JournalError::Damaged(why) => write!(
                f,
                "This note is damaged and cannot be shown. It is listed under damaged notes in the Journal, where it \
                 can be exported or deleted.{DETAILS_MARK}{why}"
            ),
            JournalError::Import(e) => write!(f, "Import failed, nothing was changed: {e}"),
            JournalError::Sqlite(e) => write!(f, "The journal could not be read or written.{DETAILS_MARK}SQLite: {e}"),
            JournalError::Io(e) => write!(f, "A file could not be read or written.{DETAILS_MARK}{e}"),
        }
    }
}

impl std::error::Error for JournalError {}

impl From<rusqlite::Error> for JournalError {
    fn from(e: rusqlite::Error) -> Self {
        JournalError::Sqlite(e)
    }
}

impl From<std::io::Error> for JournalError {
    fn from(e: std::io::Error) -> Self {
        JournalError::Io(e)
    }
}
