//! The platform shell: the only module with `cfg(target_os / target_arch)`. One small API — clock, sleep,
//! local time, ids, the journal's location, haptics, keep-awake, export — implemented for Android
//! (`android.rs`), iOS (`ios.rs`), the browser (`web.rs`) and the desktop window (`desktop.rs`); code shared by
//! the native shells is in `native.rs`. Sounds, web vibration and the web wake lock run in the webview through
//! the cue bridge (`assets/cues.js`), which works the same in every webview.

use crate::journal::Journal;
use crate::session::CueKind;

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

pub use imp::{
    export_file, keep_awake, local_now, new_id, now, open_journal, play_haptic_pattern, sleep_until, HAPTICS,
    HAPTICS_AHEAD,
};

/// The web build's journal storage (IndexedDB VFS) must be installed before launch.
#[cfg(target_arch = "wasm32")]
pub use web::install_storage;

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

/// The journal as the app found it at start-up.
pub struct JournalBoot {
    /// `None` if it could not be opened (e.g. written by a newer app): the journal screens say why.
    pub journal: Option<Journal>,
    /// Something the user must be told once: a damaged file set aside, or why the journal is unavailable.
    pub notice: Option<String>,
    /// Where the journal lives, for Settings.
    pub location: String,
}

/// The vibration pattern of each cue, as `navigator.vibrate` and Android's `createWaveform` take it:
/// alternating off/on milliseconds, starting with "off" (so a pattern can begin after a wait).
pub fn haptic_pattern(kind: CueKind) -> &'static [u64] {
    match kind {
        CueKind::GetReadyTick => &[0, 15],
        CueKind::Start => &[0, 60],
        CueKind::Halfway => &[0, 25],
        CueKind::SwitchSides => &[0, 40, 80, 40],
        CueKind::EndTick => &[0, 15],
        CueKind::Done => &[0, 30, 60, 30, 60, 120],
    }
}

/// Plays a cue's sound through the webview's Web Audio, `delay_ms` from now on the audio clock (so a stalled
/// UI thread cannot make it late).
pub fn play_sound(kind: CueKind, delay_ms: u64) {
    bridge(&format!("sound({:?}, {delay_ms})", kind.name()));
}

/// Speaks a step's name (the "start" cue is a long beep and the step's name), if the device has a voice.
pub fn say(text: &str) {
    if let Ok(json) = serde_json::to_string(text) {
        bridge(&format!("say({json})"));
    }
}

/// Cancels sounds scheduled ahead and not yet started (pause, skip, back, end).
pub fn cancel_sounds() {
    bridge("cancelSounds()");
}

/// One vibration pattern, from `now`, that plays every given cue at its instant: off/on milliseconds starting
/// with the wait until the first cue. A new vibration call replaces the one still playing, so cues handed over
/// ahead travel together, and a cue that has already begun (instant before `now`) is carried on from where it
/// is. `cues` must be sorted by instant.
pub fn combined_haptic_pattern(now: crate::session::Mono, cues: &[(CueKind, crate::session::Mono)]) -> Vec<u64> {
    let Some(&(_, first)) = cues.first() else { return Vec::new() };
    let base = first.min(now);
    let mut full = Vec::new();
    let mut cursor = base;
    for &(kind, at) in cues {
        let at = at.max(cursor);
        full.push(at.since(cursor)); // off until this cue (follows the previous cue's final "on")
        let cue_pattern = &haptic_pattern(kind)[1..]; // on, off, on, ...
        full.extend_from_slice(cue_pattern);
        cursor = at.plus(cue_pattern.iter().sum());
    }
    // Drop what has already played before `now`, keeping the off/on alternation (starting with "off").
    let mut skip = now.since(base);
    let mut out = Vec::new();
    for (i, &ms) in full.iter().enumerate() {
        if skip >= ms {
            skip -= ms;
            continue;
        }
        if out.is_empty() && i % 2 == 1 {
            out.push(0); // landed inside an "on": start with a zero wait
        }
        out.push(ms - skip);
        out.extend_from_slice(&full[i + 1..]);
        break;
    }
    // Nothing left to feel.
    if out.iter().skip(1).step_by(2).all(|&on| on == 0) {
        return Vec::new();
    }
    out
}

/// Runs a cue-bridge call in the webview (fire and forget).
pub(crate) fn bridge(call: &str) {
    let _ = dioxus::document::eval(&format!("window.unknot && window.unknot.{call}"));
}

/// Lets the webview start audio: must run inside the user's Start tap.
pub fn unlock_audio() {
    bridge("unlock()");
}

/// Stops a vibration pattern that is still playing (pause, skip, back, end).
pub fn cancel_haptics() {
    imp::cancel_haptics();
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
