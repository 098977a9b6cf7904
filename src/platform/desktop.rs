//! The desktop window (Linux WebKitGTK, macOS, Windows): no vibration motor, nothing to keep awake beyond
//! what the OS does; data in `dirs::data_dir()/unknot`, exports in `~/Documents/Unknot`.
//! `UNKNOT_DATA_DIR` overrides the data directory (tests and the desktop smoke run use a temp dir).

use std::path::PathBuf;

pub use super::native::{local_now, new_id, now, sleep_until};
use super::{Haptics, JournalBoot};
use super::vibration::Pulse;
use crate::session::{ChannelTiming, Mono, PlatformCues};

pub const HAPTICS: Haptics = Haptics::None;
/// No vibration motor; sound is scheduled ahead on the webview's Web Audio clock, the flash on the cue
/// bridge's timers in the webview.
pub const CUES: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Absent, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
/// How far ahead cues are handed over: the webview's Web Audio clock, which runs while the window is open.
pub const CUE_WINDOW_MS: u64 = crate::session::LOOKAHEAD_MS;

pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("UNKNOT_DATA_DIR") {
        return PathBuf::from(dir);
    }
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join("unknot")
}

/// The journal, opened by [`open_journal_early`] if `main` started it, else here and now.
pub fn open_journal() -> JournalBoot {
    super::native::take_early().unwrap_or_else(|| super::native::open_journal_in(&data_dir()))
}

/// Starts opening the journal on its own thread while the window and webview start (called first thing in
/// `main`), so the first screen does not wait for it.
pub fn open_journal_early() {
    super::native::open_early(data_dir());
}

pub fn vibrate(_now: Mono, _at: Mono, _pending: &[Pulse]) {}

/// Nothing is held back here that the app's wake-up could delay: no vibrator, and the webview's flash timers
/// run in another process than the app.
pub fn play_due_cues() {}

pub fn cancel_vibration() {}

pub fn keep_awake(_on: bool) {}

/// Where exports go and imports are looked for: `~/Documents/Unknot` (or `$UNKNOT_DATA_DIR/exports`).
pub fn exports_dir() -> Result<PathBuf, String> {
    Ok(match std::env::var_os("UNKNOT_DATA_DIR") {
        Some(d) => PathBuf::from(d).join("exports"),
        None => dirs::document_dir().or_else(dirs::home_dir).unwrap_or_else(std::env::temp_dir).join("Unknot"),
    })
}

pub fn export_file(name: &str, _mime: &str, contents: &str) -> Result<String, String> {
    super::native::write_export(&exports_dir()?, name, contents)
}
