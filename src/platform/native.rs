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

/// See [`super::trace`]. Times count from `UNKNOT_TRACE`'s value when it is a number (milliseconds since the
/// epoch, e.g. `UNKNOT_TRACE=$(date +%s%3N)` as the launcher starts the app), else from the process's start
/// as /proc gives it (to 10 ms), else from the first call.
pub fn trace(what: impl FnOnce() -> String) {
    static ON: OnceLock<Option<f64>> = OnceLock::new();
    let Some(start) = *ON.get_or_init(|| {
        let value = std::env::var("UNKNOT_TRACE").ok()?;
        let given = value.parse::<f64>().ok().filter(|ms| *ms > 1e12);
        Some(given.or_else(process_start_ms).unwrap_or_else(wall_ms))
    }) else {
        return;
    };
    eprintln!("[unknot {:7.1} ms] {}", wall_ms() - start, what());
}

/// Milliseconds since the epoch.
fn wall_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// When this process started, in [`wall_ms`]: boot time (/proc/stat `btime`, whole seconds) would be too
/// coarse, so it is the clock now minus the process's age (uptime − start time in clock ticks).
fn process_start_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) — starttime is field 22 overall.
    let after = stat.rsplit_once(')')?.1;
    let start_ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    // Linux's USER_HZ is 100 on every architecture the app ships for.
    let age_ms = (uptime - start_ticks / 100.0) * 1000.0;
    Some(wall_ms() - age_ms)
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

/// The journal being opened on its own thread since the start of `main` (desktop): see [`open_early`].
/// (Phones open it in the first render: their data folder comes from the activity or the app's sandbox.)
#[cfg(not(any(target_os = "android", target_os = "ios")))]
static OPENING: std::sync::Mutex<Option<std::thread::JoinHandle<JournalBoot>>> = std::sync::Mutex::new(None);

/// Starts opening `<dir>/journal.sqlite3` on a thread of its own, so that opening and checking it (a
/// `quick_check` that grows with the journal; creating it on a first run) happens while the window and
/// WebKit's processes start — about 250 ms on the desktop before the first render asks for it — instead
/// of inside that render. [`take_early`] hands the result over.
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub fn open_early(dir: std::path::PathBuf) {
    let handle = std::thread::Builder::new().name("journal-open".into()).spawn(move || open_journal_in(&dir));
    if let (Ok(handle), Ok(mut slot)) = (handle, OPENING.lock()) {
        *slot = Some(handle);
    }
}

/// The journal [`open_early`] opened, waiting for it if it is not done yet; `None` if it was never started
/// (or its thread panicked: the caller then opens it itself and sees the error).
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub fn take_early() -> Option<JournalBoot> {
    let handle = OPENING.lock().ok()?.take()?;
    handle.join().ok()
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
    crate::sort::sort_by_key(&mut files, |f| std::cmp::Reverse(f.0));
    files.into_iter().map(|(_, f)| f).collect()
}
