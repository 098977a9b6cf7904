//! The platform shell: the only module with `cfg(target_os / target_arch)`. One small API — clock, sleep,
//! local time, ids, the journal's location, haptics, keep-awake, export — implemented for Android
//! (`android.rs`), iOS (`ios.rs`), the browser (`web.rs`) and the desktop window (`desktop.rs`); code shared by
//! the native shells is in `native.rs`. Sounds, web vibration and the web wake lock run in the webview through
//! the cue bridge (`assets/cues.js`), which works the same in every webview.

use std::cell::RefCell;

use crate::journal::Journal;
use crate::session::{CueKind, Mono};

pub mod vibration;
use vibration::HapticQueue;

#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_os = "android")]
mod android;
#[cfg(target_os = "android")]
use android as imp;

#[cfg(target_os = "ios")]
mod ios;
#[cfg(target_os = "ios")]
use ios as imp;

#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
use web as imp;

#[cfg(not(any(target_os = "android", target_os = "ios", target_arch = "wasm32")))]
mod desktop;
#[cfg(not(any(target_os = "android", target_os = "ios", target_arch = "wasm32")))]
use desktop as imp;

pub use imp::{export_file, keep_awake, local_now, new_id, now, open_journal, sleep_until, CUES, HAPTICS};

/// The web build's journal storage (IndexedDB VFS) must be installed before launch.
#[cfg(target_arch = "wasm32")]
pub use web::{install_storage, journal_flushed};

/// Resolves once every journal write made so far is kept by the device, so the app can say "saved" and mean
/// it: at once on phones and desktop, where a write returns only after SQLite's fsync (WAL, synchronous=FULL).
#[cfg(not(target_arch = "wasm32"))]
pub async fn journal_flushed() -> Result<(), String> {
    Ok(())
}

/// A journal file found where exports go, offered for import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub name: String,
    pub path: String,
}

/// Journal files in the exports folder, newest first (none on the web build, which imports a picked file).
/// Phones need this: in Dioxus 0.7.10 `<input type=file>` hands no files to the app on Android and iOS.
pub fn import_files() -> (Option<String>, Vec<ImportFile>) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        match imp::exports_dir() {
            Ok(dir) => (Some(dir.display().to_string()), native::import_files_in(&dir)),
            Err(_) => (None, Vec::new()),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        (None, Vec::new())
    }
}

/// Reads a file offered by [`import_files`].
pub fn read_import_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// The JavaScript cue bridge, evaluated once in the webview at start-up.
pub const CUE_BRIDGE_JS: &str = include_str!("../../assets/cues.js");

/// What the platform can do for haptics, in words for the Settings screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Haptics {
    /// Real vibration motor, driven natively.
    Native,
    /// `navigator.vibrate` (Android browsers; iPhones' Safari ignores it).
    WebVibrate,
    /// No vibration on this platform (the desktop window).
    None,
}

impl Haptics {
    pub fn describe(self) -> &'static str {
        match self {
            Haptics::Native => "Vibration uses the phone's haptic motor.",
            Haptics::WebVibrate => "Vibration works in browsers that support it (Chrome on Android); others stay silent.",
            Haptics::None => "This device has no vibration motor; cues still play as sound and flash.",
        }
    }
}

/// Where the safety acknowledgement is also kept, outside the journal, so that it survives a journal that
/// cannot be written (disk full, read-only, written by a newer app): the first-start dialog is not shown
/// again on every start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SafetyMarker {
    /// A small file beside the journal (phones and desktop).
    File(std::path::PathBuf),
    /// A key in this browser's localStorage (web build).
    LocalStorage,
    /// Nowhere (tests, previews).
    None,
}

impl SafetyMarker {
    /// Whether the acknowledgement was kept here.
    pub fn is_set(&self) -> bool {
        match self {
            SafetyMarker::File(path) => path.exists(),
            SafetyMarker::LocalStorage => local_storage_flag(None),
            SafetyMarker::None => false,
        }
    }

    /// Keeps the acknowledgement here.
    pub fn set(&self) -> Result<(), String> {
        match self {
            SafetyMarker::File(path) => std::fs::write(path, "1\n").map_err(|e| format!("cannot write {}: {e}", path.display())),
            SafetyMarker::LocalStorage => {
                if local_storage_flag(Some(true)) {
                    Ok(())
                } else {
                    Err("this browser's storage cannot be written".into())
                }
            }
            SafetyMarker::None => Ok(()),
        }
    }
}

/// Reads (with `None`) or sets the safety flag in localStorage; false where there is none.
fn local_storage_flag(set: Option<bool>) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web::safety_flag(set)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = set;
        false
    }
}

/// The journal as the app found it at start-up.
pub struct JournalBoot {
    /// `None` if it could not be opened (e.g. written by a newer app): the journal screens say why.
    pub journal: Option<Journal>,
    /// Something the user must be told once: a damaged file set aside, or why the journal is unavailable.
    pub notice: Option<String>,
    /// Where the journal lives, for Settings.
    pub location: String,
    /// Where the safety acknowledgement is kept when the journal cannot keep it.
    pub safety_marker: SafetyMarker,
}

thread_local! {
    /// Cues handed to the vibrator and not yet felt: web and Android play one pattern at a time, so every call
    /// carries all of them.
    static HAPTIC_QUEUE: RefCell<HapticQueue> = RefCell::new(HapticQueue::default());
}

/// Vibrates `kind` at `at` (now, or ahead where the platform's vibrator keeps time: [`CUES`]), together with
/// every cue queued before it and not yet felt.
pub fn schedule_haptic(now: Mono, kind: CueKind, at: Mono) {
    let pending = HAPTIC_QUEUE.with(|q| q.borrow_mut().add(now, kind, at).to_vec());
    imp::vibrate(now, at, &pending);
}

/// Plays at once what the haptic channel holds for now or earlier (the web bridge's timers): the runner calls
/// it first at every wake-up.
pub fn play_due_haptics() {
    imp::play_due_haptics();
}

/// Stops what the vibrator is playing and drops what is queued (pause, skip, back, end).
pub fn cancel_haptics() {
    HAPTIC_QUEUE.with(|q| q.borrow_mut().clear());
    imp::cancel_vibration();
}

/// Plays a cue's tones through the webview's Web Audio at `at` (`now` or later), on the audio clock (so a
/// stalled UI thread cannot make them late). The tones come from the cue table; the bridge knows no cue by name.
pub fn schedule_sound(kind: CueKind, now: Mono, at: Mono) {
    let tones = serde_json::to_string(kind.spec().tones).unwrap_or_else(|_| "[]".into());
    // In the browser the app's clock is the page's own `performance.now()`: the bridge counts the delay from
    // `now`, so the time the call takes to arrive is not added. A webview's page clock is not the shell's.
    let origin = if cfg!(target_arch = "wasm32") { now.0.to_string() } else { "null".to_string() };
    bridge(&format!("sound({tones}, {}, {:?}, {origin})", at.since(now), kind.name()));
}

/// Says `text` now with the device's own offline voice, if it has one.
pub fn say(text: &str) {
    if let Ok(json) = serde_json::to_string(text) {
        bridge(&format!("say({json})"));
    }
}

/// Stops speaking.
pub fn stop_speaking() {
    bridge("stopSpeaking()");
}

/// Cancels sounds scheduled ahead and not yet started (pause, skip, back, end).
pub fn cancel_sounds() {
    bridge("cancelSounds()");
}

/// Runs a cue-bridge call in the webview (fire and forget).
pub(crate) fn bridge(call: &str) {
    let _ = dioxus::document::eval(&format!("window.unknot && window.unknot.{call}"));
}

/// Lets the webview start audio: must run inside the user's Start tap.
pub fn unlock_audio() {
    bridge("unlock()");
}

/// Calls `f` when the app returns to the foreground on a phone (tao `Resumed`); the web and desktop
/// webviews report this through `visibilitychange`, which the player watches itself.
#[cfg(any(target_os = "android", target_os = "ios"))]
pub fn use_app_resumed(mut f: impl FnMut() + 'static) {
    use dioxus::mobile::tao::event::Event;
    dioxus::mobile::use_wry_event_handler(move |event, _| {
        if let Event::Resumed = event {
            f();
        }
    });
}

/// Calls `f` when the app returns to the foreground on a phone; elsewhere `visibilitychange` covers it.
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub fn use_app_resumed(_f: impl FnMut() + 'static) {}
