//! Shared by the desktop, Android and iOS shells: a monotonic clock from `Instant`, tokio sleep (the
//! desktop and mobile launchers run a tokio runtime), local time from chrono, uuid ids, and the journal file.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local};

use super::{JournalBoot, SafetyMarker};
use crate::journal::{Durability, Journal, JournalError, Opened, DETAILS_MARK};
use crate::session::Mono;

fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

pub fn now() -> Mono {
    Mono(origin().elapsed().as_millis() as u64)
}

pub async fn sleep_until(deadline: Mono) {
    let wait = deadline.since(now());
    if wait > 0 {
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

pub fn local_now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Opens `<dir>/journal.sqlite3` with full durability and turns every outcome into plain words for the user
/// (the technical detail after [`DETAILS_MARK`], shown behind a "Details" control).
pub fn open_journal_in(dir: &Path) -> JournalBoot {
    let path = dir.join("journal.sqlite3");
    let location = path.display().to_string();
    let safety_marker = SafetyMarker::File(dir.join("safety-acknowledged"));
    let (journal, notice) = match Journal::open(&path, Durability::NATIVE) {
        Ok((journal, Opened::Recovered { set_aside, reason })) => (
            Some(journal),
            Some(format!(
                "Your journal file could not be read, so a new, empty journal was started. The old file was kept, \
                 untouched, at {}.{DETAILS_MARK}{reason}",
                set_aside.display()
            )),
        ),
        Ok((journal, _)) => (Some(journal), None),
        Err(e @ JournalError::TooNew { .. }) => (None, Some(e.to_string())),
        Err(e) => (None, Some(format!("{}{DETAILS_MARK}{}", cannot_open(), crate::journal::technical(&e)))),
    };
    JournalBoot { journal, notice, location, safety_marker }
}

/// What to say when the journal cannot be opened for a reason the user cannot act on in the app.
pub fn cannot_open() -> &'static str {
    "Your journal could not be opened, so notes cannot be saved or shown for now. Nothing in it was changed. \
     Restarting the app or freeing some space on the device may help."
}

/// Writes an export next to the user's other documents and returns where it went.
pub fn write_export(dir: &Path, name: &str, contents: &str) -> Result<String, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path.display().to_string())
}

/// The files in `dir` whose extension is one of `extensions` (compared without case: a watch may write
/// `RUN.FIT`), newest first: what the app offers to import on platforms whose webview cannot hand a picked
/// file to the app. Folders and files without an extension are left out.
pub fn files_in(dir: &Path, extensions: &[&str]) -> Vec<super::ImportFile> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<(std::time::SystemTime, super::ImportFile)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .filter(|e| e.path().extension().is_some_and(|x| extensions.iter().any(|want| x.eq_ignore_ascii_case(want))))
        .map(|e| {
            let modified = e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            let file = super::ImportFile { name: e.file_name().to_string_lossy().into_owned(), path: e.path().display().to_string() };
            (modified, file)
        })
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    files.into_iter().map(|(_, f)| f).collect()
}
