//! The recovery journal: the notes model ([`model`], pure) and its SQLite store ([`store`], [`transfer`]).
//!
//! Invariant: a note the store has acknowledged (a `save_note` that returned `Ok`) is never lost — not by a
//! crash, not by an upgrade, not by an import; an unreadable database is set aside, never deleted.

pub mod model;
pub mod store;
pub mod transfer;

pub use model::{feel_label, Note, NoteDraft, NoteProblem, SessionRecord, MAX_TEXT_CHARS};
pub use store::{Durability, Journal, Opened, SCHEMA_VERSION};
pub use transfer::{ExportFile, ImportError, ImportReport};

use std::fmt;

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
    /// An import file was rejected; nothing was changed.
    Import(ImportError),
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Corrupt(why) => write!(f, "the journal file is damaged ({why})"),
            JournalError::TooNew { found, supported } => write!(
                f,
                "this journal was written by a newer version of Unknot (schema {found}; this version reads up to \
                 {supported}). Update the app to open it; the file has not been changed."
            ),
            JournalError::Invalid(problems) => {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", list.join("; "))
            }
            JournalError::Import(e) => write!(f, "import failed, nothing was changed: {e}"),
            JournalError::Sqlite(e) => write!(f, "database error: {e}"),
            JournalError::Io(e) => write!(f, "file error: {e}"),
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
