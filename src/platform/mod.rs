//! The platform shell: the only module with `cfg(target_os / target_arch)`. One small API — clock, sleep,
//! local time, ids, the journal's location, haptics, keep-awake, export — implemented for Android
//! (`android.rs`), iOS (`ios.rs`), the browser (`web.rs`) and the desktop window (`desktop.rs`); code shared by
//! the native shells is in `native.rs`. On the desktop and in a browser, sounds, speech, web vibration and the
//! web wake lock run in the webview through the cue bridge (`assets/cues.js`). On phones every cue channel
//! goes to native players instead (issue #15), which keep playing with the screen off, another app in front or
//! the phone locked, when the webview is asleep: Android's foreground service (`MainActivity.kt`,
//! `UnknotCues`/`CueService`) and iOS's audio session, audio players, speech synthesizer and local
//! notifications. The conductor hands those players a long window of cues ahead ([`CUE_WINDOW_MS`]); what
//! they hold is cancelled per channel when the session moves. The full-screen flash is drawn by the cue
//! bridge on every platform (it is the webview's screen): handed ahead to the bridge's timers, which draw it
//! on the player's overlay at the cue's instant ([`schedule_flash`]).

#[cfg(not(target_os = "android"))]
use std::cell::RefCell;

use crate::journal::Journal;
use crate::session::{CueKind, Mono, NowPlaying, RemoteAction};

pub mod native_cues;
pub mod tones;
pub mod vibration;
#[cfg(not(target_os = "android"))]
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

pub use imp::{export_file, keep_awake, local_now, new_id, now, open_journal, sleep_until, CUES, CUE_WINDOW_MS, HAPTICS};
#[cfg(not(any(target_os = "android", target_os = "ios", target_arch = "wasm32")))]
pub use desktop::{open_journal_early, prepare_webview};

/// Style rules for this platform's webview, put in the page head after `assets/app.css` (desktop and phones).
///
/// Linux (WebKitGTK): the body text is in `sans-serif`, not `system-ui`. WebKitGTK reads `system-ui` as the
/// GTK font setting's family (Cantarell by default). Where that family is not installed, as on this project's
/// test machines, it rejects fontconfig's answer and tries the stylesheet's next family, for every size and
/// weight the page uses; each try is about a hundred fontconfig matches (WebKit weighs how strongly each family
/// in fontconfig's substitution list is aliased). Home's first frame asked 29 times, 14 of them in vain; now
/// 14 times (the tab icons, drawn since, need no size of their own). Measured with `perf` over six launches
/// each (issue #16): the web process's CPU time in fontconfig and libc up to the first frame fell from 39 to
/// 18 ms (the bare hello-world: 6 ms). `sans-serif` is the family the desktop configures in fontconfig, and
/// what `system-ui` fell back to anyway.
pub const PLATFORM_CSS: &str = if cfg!(target_os = "linux") { "body { font-family: sans-serif; }" } else { "" };

/// Whether a session can be steered from outside the app here (the phones' ongoing notification): the
/// runner then asks [`take_remote_action`] for taps on it.
pub const REMOTE_CONTROL: bool = cfg!(any(target_os = "android", target_os = "ios"));

/// A session starts (`true`, inside the Start tap: Android allows a foreground service to start only from the
/// foreground) or is over (`false`). Android: the foreground service with its notification, partial wake lock
/// and native cue player runs exactly in between, and the first Start asks for the notification permission
/// (13+). iOS: the audio session is active (playing with other audio, ducking it) in between. Elsewhere
/// nothing: the desktop and the browser have no background to survive.
pub fn session_active(on: bool) {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    imp::session_active(on);
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    let _ = on;
}

/// What the ongoing notification shows (Android): called when the segment or the phase changes.
pub fn show_now_playing(playing: &NowPlaying) {
    #[cfg(target_os = "android")]
    imp::now_playing(playing);
    #[cfg(not(target_os = "android"))]
    let _ = playing;
}

/// The oldest notification button tapped and not yet acted on (Pause, Resume, End), if any.
#[cfg(target_os = "android")]
pub fn take_remote_action() -> Option<RemoteAction> {
    RemoteAction::from_code(imp::take_action())
}

/// Nothing outside the app can steer a session here (iOS shows no ongoing notification; see docs/PHONES.md).
#[cfg(not(target_os = "android"))]
pub fn take_remote_action() -> Option<RemoteAction> {
    None
}

/// The web build's journal storage (IndexedDB VFS) must be installed before launch.
#[cfg(target_arch = "wasm32")]
pub use web::{after_next_paint, first_visit, install_storage, journal_flushed, open_journal_later};

/// Set by the web build's `main` on a first visit ([`first_visit`]): the root draws the safety notes and opens
/// the journal after that first screen is painted, instead of before it. Never set elsewhere: a returning
/// runner's first screen reads the journal. A plain static, not a thread-local: it is set once, before the
/// root reads it, and the web build has one thread.
pub static JOURNAL_AFTER_FIRST_SCREEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the runner tapped "I understand" on the web page's own copy of the safety notes, drawn on a first
/// visit while the app was still loading (web/index.html): the app takes that tap as its own when it starts.
/// Only the web build draws anything before the app.
#[cfg(not(target_arch = "wasm32"))]
pub fn safety_acknowledged_before_start() -> bool {
    false
}
#[cfg(target_arch = "wasm32")]
pub use web::safety_acknowledged_before_start;

/// Only the web build opens the journal after its first screen; elsewhere the root opens it at once.
#[cfg(not(target_arch = "wasm32"))]
pub async fn after_next_paint() {}
#[cfg(not(target_arch = "wasm32"))]
pub async fn open_journal_later() -> JournalBoot {
    open_journal()
}

/// Resolves once every journal write made so far is kept by the device, so the app can say "saved" and mean
/// it: at once on phones and desktop, where a write returns only after SQLite's fsync (WAL, synchronous=FULL).
#[cfg(not(target_arch = "wasm32"))]
pub async fn journal_flushed() -> Result<(), String> {
    Ok(())
}

/// Reads a run file's facts (start, distance, time) from its bytes. Desktop and phones link the parsers in;
/// the web build loads them as a module of their own the first time ([`web::run_file_facts`]), so its first
/// download does not carry them.
#[cfg(not(target_arch = "wasm32"))]
pub async fn run_file_facts(bytes: &[u8]) -> Result<crate::journal::RunFileFacts, String> {
    unknot_run_file::read(bytes)
}
#[cfg(target_arch = "wasm32")]
pub use web::run_file_facts;

/// A journal file found where exports go, offered for import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub name: String,
    pub path: String,
}

/// Journal files (`.json`, `.csv`) in the exports folder, newest first (none on the web build, which imports
/// a picked file). Phones need this: in Dioxus 0.7.10 `<input type=file>` hands no files to the app on
/// Android and iOS.
pub fn import_files() -> (Option<String>, Vec<ImportFile>) {
    files_in_exports(JOURNAL_EXTENSIONS)
}

/// Run files (`.gpx`, `.fit`, any case) in the exports folder, newest first: what the run log offers beside
/// the document picker, as Settings does for journal files. Kept apart from [`import_files`]: a run file is
/// not a journal and goes to a different import.
pub fn run_files() -> (Option<String>, Vec<ImportFile>) {
    files_in_exports(RUN_FILE_EXTENSIONS)
}

/// What a journal import reads, by extension (compared without case).
pub const JOURNAL_EXTENSIONS: &[&str] = &["json", "csv"];
/// What a run import reads, by extension (compared without case): a watch's GPX or FIT file.
pub const RUN_FILE_EXTENSIONS: &[&str] = &["gpx", "fit"];

fn files_in_exports(extensions: &[&str]) -> (Option<String>, Vec<ImportFile>) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        match imp::exports_dir() {
            Ok(dir) => (Some(dir.display().to_string()), native::files_in(&dir, extensions)),
            Err(_) => (None, Vec::new()),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = extensions;
        (None, Vec::new())
    }
}

/// The files in `dir` whose extension is one of `extensions` (without case), newest first.
#[cfg(not(target_arch = "wasm32"))]
pub use native::files_in;

/// Whether Settings imports through the system's document picker ([`pick_import_file`]) rather than an
/// `<input type=file>`, which Dioxus 0.7.10 leaves empty on Android and iOS (dioxus issues #3720, #3849):
/// Android's `ACTION_OPEN_DOCUMENT`, iOS's `UIDocumentPickerViewController`. The exports-folder listing
/// ([`import_files`]) stays beside it as a fallback.
pub const NATIVE_FILE_PICKER: bool = cfg!(any(target_os = "android", target_os = "ios"));

/// The largest file an import reads. A journal export is a few MB at most, so a bigger file is not one of
/// ours, and reading it whole would only cost the phone memory. The same cap as Android's picker
/// (`UnknotFiles.MAX_BYTES` in `mobile/android/MainActivity.kt`; `tests/import_picker.rs` keeps them equal).
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// What the iOS document picker offers, as Uniform Type Identifiers: JSON, CSV, and plain text (some apps
/// save CSV under it) — the same files as the MIME types Android's picker offers. Which format a file is,
/// the import decides from its content, never from its type or name.
pub const IMPORT_UTIS: &[&str] = &["public.json", "public.comma-separated-values-text", "public.plain-text"];

/// Reads a file to import as text: refused, before the importer sees it, if it is larger than
/// [`MAX_IMPORT_BYTES`] or is not UTF-8 text. The reason is in plain words.
pub fn read_import_text(path: &std::path::Path) -> Result<String, String> {
    let bytes = read_capped(path, "a journal export")?;
    String::from_utf8(bytes).map_err(|_| "it is not a text file; a journal export is JSON or CSV text".to_string())
}

/// Reads a run file (GPX text or binary FIT) whole as bytes: refused, before the run import sees it, if it is
/// larger than [`MAX_IMPORT_BYTES`]. Whether it is a run at all, the import decides from its content.
pub fn read_run_bytes(path: &std::path::Path) -> Result<Vec<u8>, String> {
    read_capped(path, "a run file")
}

/// Reads at most [`MAX_IMPORT_BYTES`] of `path`; `what` names what such a file would be, for the refusal.
fn read_capped(path: &std::path::Path, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_large = || format!("it is larger than {} MB, too large to be {what}", MAX_IMPORT_BYTES / (1024 * 1024));
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if file.metadata().map_err(|e| e.to_string())?.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    // Read at most one byte past the cap: a file that grows while it is read is refused all the same.
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Turns a document picker's answer into [`pick_import_file`]'s: nothing picked (cancelled) is `Ok(None)`;
/// a picked file is its name and text ([`read_import_text`]), or why it could not be read — worded like
/// Android's picker errors, so both phones say the same.
pub fn read_picked(picked: Option<&std::path::Path>) -> Result<Option<(String, String)>, String> {
    let Some(path) = picked else { return Ok(None) };
    let name = path.file_name().map_or_else(|| "the file".to_string(), |n| n.to_string_lossy().into_owned());
    match read_import_text(path) {
        Ok(text) => Ok(Some((name, text))),
        Err(why) => Err(format!("Could not read {name}: {why}")),
    }
}

/// [`read_picked`] for a run file: the picked file's name and bytes ([`read_run_bytes`]), `Ok(None)` for a
/// cancel, or why it could not be read, in the same words.
pub fn read_picked_run_file(picked: Option<&std::path::Path>) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(path) = picked else { return Ok(None) };
    let name = path.file_name().map_or_else(|| "the file".to_string(), |n| n.to_string_lossy().into_owned());
    match read_run_bytes(path) {
        Ok(bytes) => Ok(Some((name, bytes))),
        Err(why) => Err(format!("Could not read {name}: {why}")),
    }
}

/// Lets the user pick a journal file with the system's document picker and reads it: `Ok(None)` if they
/// cancelled. Only where [`NATIVE_FILE_PICKER`] is true. What it returns goes to the same import as every
/// other path (Settings' `import_text`), which checks the whole file first and changes nothing if it refuses.
pub async fn pick_import_file() -> Result<Option<(String, String)>, String> {
    #[cfg(target_os = "android")]
    {
        // Drop an answer left over from a picker whose screen was closed before it came.
        while android::take_import().is_some() {}
        android::pick_import();
        loop {
            sleep_until(now().plus(250)).await;
            if let Some([outcome, name, text]) = android::take_import() {
                return match outcome.as_str() {
                    "ok" => Ok(Some((name, text))),
                    "cancelled" => Ok(None),
                    _ => Err(format!("Could not read {name}: {text}")),
                };
            }
        }
    }
    #[cfg(target_os = "ios")]
    {
        ios::pick_import().await
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    Err("This device imports through the file chooser.".into())
}

/// What the iOS document picker offers for a run file, as Uniform Type Identifiers: GPX (declared by the app
/// in Info.plist's `UTImportedTypeDeclarations`, since iOS itself does not know it), XML (some apps save
/// GPX under it) and `public.data`, because a FIT file has no type iOS knows: with it every file can be
/// picked, and the run import decides from the content. The counterpart of Android's [`RUN_FILE_MIME_TYPES`].
pub const RUN_FILE_UTIS: &[&str] = &["com.topografix.gpx", "public.xml", "public.data"];

/// What Android's picker offers for a run file (`UnknotFiles.pickRunFile` in `mobile/android/MainActivity.kt`;
/// `tests/import_picker.rs` keeps the two lists equal): GPX's and FIT's own MIME types, and the generic ones
/// that file managers and cloud drives give them.
pub const RUN_FILE_MIME_TYPES: &[&str] =
    &["application/gpx+xml", "application/vnd.ant.fit", "application/octet-stream", "application/xml", "text/xml"];

/// Lets the user pick a run file (GPX or FIT) with the system's document picker and reads it as bytes:
/// `Ok(None)` if they cancelled. Only where [`NATIVE_FILE_PICKER`] is true. Same cap and wording as
/// [`pick_import_file`]; the bytes go to the same run import as a file from `<input type=file>`.
pub async fn pick_run_file() -> Result<Option<(String, Vec<u8>)>, String> {
    #[cfg(target_os = "android")]
    {
        // Drop an answer left over from a picker whose screen was closed before it came.
        while android::take_run_file().is_some() {}
        android::pick_run_file();
        loop {
            sleep_until(now().plus(250)).await;
            if let Some(picked) = android::take_run_file() {
                return match picked.outcome.as_str() {
                    "ok" => Ok(Some((picked.name, picked.bytes))),
                    "cancelled" => Ok(None),
                    _ => Err(format!("Could not read {}: {}", picked.name, picked.why)),
                };
            }
        }
    }
    #[cfg(target_os = "ios")]
    {
        ios::pick_run_file().await
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    Err("This device imports through the file chooser.".into())
}

/// Reads a run file offered by [`run_files`], with the same checks as a picked one ([`read_run_bytes`]).
pub fn read_run_file_at(path: &str) -> Result<Vec<u8>, String> {
    read_run_bytes(std::path::Path::new(path)).map_err(|why| format!("cannot read {path}: {why}"))
}

/// Reads a file offered by [`import_files`], with the same checks as a picked file ([`read_import_text`]).
pub fn read_import_file(path: &str) -> Result<String, String> {
    read_import_text(std::path::Path::new(path)).map_err(|why| format!("cannot read {path}: {why}"))
}

/// With `UNKNOT_TRACE` set, prints `what` to stderr with the milliseconds since the process started (native
/// shells): where start-up and a session's wake-ups go, without a profiler. Otherwise one cached check.
pub fn trace(what: impl FnOnce() -> String) {
    #[cfg(not(target_arch = "wasm32"))]
    native::trace(what);
    #[cfg(target_arch = "wasm32")]
    let _ = what;
}

/// The JavaScript cue bridge, evaluated once in the webview at start-up (see [`cue_bridge_js`]): `assets/cues.js`
/// without its comment lines and indentation (build.rs).
pub const CUE_BRIDGE_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/cues.js"));

/// Whether the bridge suspends the webview's audio context between cues: on the desktop, where WebKitGTK's
/// running context wakes the web process ~900 times a second even in silence (issue #16). Not in the
/// browser, whose journeys record tones through a stand-in context; phones play cues natively.
const SUSPEND_AUDIO_WHEN_QUIET: bool = cfg!(not(any(target_os = "android", target_os = "ios", target_arch = "wasm32")));

/// The sample rate the bridge asks of the webview's audio context (0: the engine's own, 44.1 or 48 kHz). On
/// the desktop 16 kHz: WebKitGTK's GStreamer source pushes one 128-frame buffer per render quantum while the
/// context runs, so its threads wake in proportion to the rate — a session measured 105 wake-ups/s of them at
/// the default rate, 38 at 16 kHz (issue #16). The cue tones are sines of at most 1.4 kHz (a test holds every
/// tone under a fifth of this rate), far below its 8 kHz limit, so they sound the same; GStreamer resamples
/// for the sound card.
pub const AUDIO_SAMPLE_RATE: u32 = if SUSPEND_AUDIO_WHEN_QUIET { 16_000 } else { 0 };

/// The cue bridge with this platform's settings, as one script.
pub fn cue_bridge_js() -> String {
    format!(
        "{CUE_BRIDGE_JS}\nwindow.unknot.configure({{ suspendWhenQuiet: {SUSPEND_AUDIO_WHEN_QUIET}, sampleRate: {AUDIO_SAMPLE_RATE} }});"
    )
}

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

#[cfg(not(target_os = "android"))]
thread_local! {
    /// Cues handed to the vibrator and not yet felt: web and Android play one pattern at a time, so every call
    /// carries all of them.
    static HAPTIC_QUEUE: RefCell<HapticQueue> = RefCell::new(HapticQueue::default());
}

/// Vibrates `kind` at `at` (now, or ahead where the platform's vibrator keeps time: [`CUES`]), together with
/// every cue queued before it and not yet felt.
pub fn schedule_haptic(now: Mono, kind: CueKind, at: Mono) {
    // Android: the foreground service's player vibrates each cue at its instant, one waveform per cue.
    #[cfg(target_os = "android")]
    {
        let _ = now;
        imp::schedule(crate::session::Channel::Haptic, kind, at);
    }
    #[cfg(not(target_os = "android"))]
    {
        let pending = HAPTIC_QUEUE.with(|q| q.borrow_mut().add(now, kind, at).to_vec());
        imp::vibrate(now, at, &pending);
        // iOS: also noted, to become a notification if the app goes to the background before its instant.
        #[cfg(target_os = "ios")]
        imp::queued(crate::session::Channel::Haptic, kind, at);
    }
}

/// Waits until a flash the bridge drew at this instant has been painted (the web build, whose bridge draws
/// flashes on its own timers); at once elsewhere.
pub async fn flash_painted() {
    #[cfg(target_arch = "wasm32")]
    imp::flash_painted().await;
}

/// Plays at once what the bridge's timers hold for now or earlier (the web build's vibrations and flashes):
/// the runner calls it first at every wake-up.
pub fn play_due_cues() {
    imp::play_due_cues();
}

/// Stops what the vibrator is playing and drops what is queued (pause, skip, back, end).
pub fn cancel_haptics() {
    #[cfg(target_os = "android")]
    imp::cancel(crate::session::Channel::Haptic);
    #[cfg(not(target_os = "android"))]
    {
        HAPTIC_QUEUE.with(|q| q.borrow_mut().clear());
        imp::cancel_vibration();
        #[cfg(target_os = "ios")]
        imp::cancel(crate::session::Channel::Haptic);
    }
}

/// Plays a cue's tones through the webview's Web Audio at `at` (`now` or later), on the audio clock (so a
/// stalled UI thread cannot make them late). The tones come from the cue table; the bridge knows no cue by name.
pub fn schedule_sound(kind: CueKind, now: Mono, at: Mono) {
    // Phones: a native player, awake with the screen off (the webview's Web Audio is not).
    #[cfg(any(target_os = "android", target_os = "ios"))]
    {
        let _ = now;
        imp::schedule(crate::session::Channel::Sound, kind, at);
    }
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    bridge_sound(kind, now, at);
}

#[cfg(not(any(target_os = "android", target_os = "ios")))]
fn bridge_sound(kind: CueKind, now: Mono, at: Mono) {
    let tones = serde_json::to_string(kind.spec().tones).unwrap_or_else(|_| "[]".into());
    // In the browser the app's clock is the page's own `performance.now()`: the bridge counts the delay from
    // `now`, so the time the call takes to arrive is not added. A webview's page clock is not the shell's.
    let origin = if cfg!(target_arch = "wasm32") { BridgeArg::Num(now.0 as f64) } else { BridgeArg::Null };
    bridge_call("sound", &[BridgeArg::Json(&tones), BridgeArg::Num(at.since(now) as f64), BridgeArg::Str(kind.name()), origin]);
}

/// Draws `kind`'s full-screen flash (and its word, from the cue table) at `at` (`now` or later) on the player's
/// overlay, from a timer of the cue bridge: the app's wake-up and re-render are not between the instant and
/// the flash. Every platform draws it in its webview; a phone's native player has no screen.
pub fn schedule_flash(now: Mono, kind: CueKind, at: Mono) {
    let word = match kind.spec().screen {
        crate::session::Screen::Flash { word } => word,
        crate::session::Screen::Pulse | crate::session::Screen::Still => None,
    };
    // In the browser, a direct call with the page's clock as origin (as for vibration).
    #[cfg(target_arch = "wasm32")]
    web::flash(now, kind, word, at);
    // A webview's page clock is not the shell's: the delay counts from the call's arrival (never early).
    #[cfg(not(target_arch = "wasm32"))]
    bridge_call(
        "flashAt",
        &[
            BridgeArg::Str(kind.name()),
            word.map_or(BridgeArg::Null, BridgeArg::Str),
            BridgeArg::Num(at.since(now) as f64),
            BridgeArg::Null,
            BridgeArg::Num(crate::session::LATE_CUE_LIMIT_MS as f64),
        ],
    );
}

/// Drops the flashes handed to the bridge and not yet drawn (pause, skip, back, hold, end).
pub fn cancel_flashes() {
    bridge_call("cancelFlashes", &[]);
}

/// Says `text` now with the device's own offline voice, if it has one.
pub fn say(text: &str) {
    // Phones: Android's TextToSpeech / iOS's AVSpeechSynthesizer (an Android webview may have no
    // speechSynthesis at all), with a tone where the phone has no voice.
    #[cfg(any(target_os = "android", target_os = "ios"))]
    imp::say(text);
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    bridge_call("say", &[BridgeArg::Str(text)]);
}

/// Stops speaking.
pub fn stop_speaking() {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    imp::stop_speaking();
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    bridge_call("stopSpeaking", &[]);
}

/// Cancels sounds scheduled ahead and not yet started (pause, skip, back, end).
pub fn cancel_sounds() {
    #[cfg(any(target_os = "android", target_os = "ios"))]
    imp::cancel(crate::session::Channel::Sound);
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    bridge_call("cancelSounds", &[]);
}

/// Scrolls the page to its top (a new screen). In the browser directly, not through an `eval` per navigation.
pub fn scroll_to_top() {
    #[cfg(target_arch = "wasm32")]
    web::scroll_to_top();
    #[cfg(not(target_arch = "wasm32"))]
    let _ = dioxus::document::eval("window.scrollTo(0, 0)");
}

/// An argument of a cue-bridge call.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BridgeArg<'a> {
    Num(f64),
    Str(&'a str),
    /// Already JSON (a cue's tones). Phones play sound natively, never through the bridge.
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    Json(&'a str),
    Null,
}

/// Calls `window.unknot[method](...args)` in the webview, fire and forget. In the browser, where the app runs
/// in the page itself, a direct call: an `eval` compiles a new script each time (a cue's sound carried its
/// numbers in its source, so every cue compiled one) and keeps a channel and its Rust side until the garbage
/// collector finalises them — work and memory per cue, every session (issue #16). In a webview, the only way
/// in is an `eval` of the call.
pub(crate) fn bridge_call(method: &str, args: &[BridgeArg]) {
    #[cfg(target_arch = "wasm32")]
    web::bridge_call(method, args);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let args: Vec<String> = args
            .iter()
            .map(|a| match a {
                BridgeArg::Num(n) => n.to_string(),
                BridgeArg::Str(s) => serde_json::to_string(s).unwrap_or_else(|_| "null".into()),
                #[cfg(not(any(target_os = "android", target_os = "ios")))]
                BridgeArg::Json(j) => (*j).to_string(),
                BridgeArg::Null => "null".into(),
            })
            .collect();
        let _ = dioxus::document::eval(&format!("window.unknot && window.unknot.{method}({})", args.join(", ")));
    }
}

/// Calls `f` (in the component's scope) each time the page becomes visible again, for as long as the calling
/// component lives: the listener is removed with it, so nothing outlives a session. In the browser a
/// listener of the app's own; in a webview, a script that listens and reports through an `eval` channel.
pub fn use_page_visible(f: impl FnMut() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        // Not an `eval` per player: that compiled a script and kept a channel every session.
        dioxus::prelude::use_hook(move || {
            // The listener runs outside Dioxus: `f` is run in this component's scope, as an event handler is.
            let runtime = dioxus::core::Runtime::current();
            let scope = dioxus::core::current_scope_id();
            let mut f = f;
            std::rc::Rc::new(web::watch_visible(move || runtime.in_scope(scope, &mut f)))
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use dioxus::prelude::*;
        let mut f = f;
        let watch = use_hook(move || {
            let mut watch = document::eval(
                "const wake = () => { if (document.visibilityState === 'visible') dioxus.send(1); };
                 document.addEventListener('visibilitychange', wake);
                 await dioxus.recv();
                 document.removeEventListener('visibilitychange', wake);",
            );
            spawn(async move {
                while watch.recv::<i32>().await.is_ok() {
                    f();
                }
            });
            watch
        });
        // The script removes its listener and ends when told the component is gone.
        use_drop(move || {
            let _ = watch.send(());
        });
    }
}

/// Lets the webview start audio: must run inside the user's Start tap.
pub fn unlock_audio() {
    bridge_call("unlock", &[]);
}

/// Calls `f` when the app returns to the foreground on a phone (tao `Resumed`); the web and desktop
/// webviews report this through `visibilitychange`, which the player watches itself.
#[cfg(any(target_os = "android", target_os = "ios"))]
/// Going to the background is also where iOS turns the coming cues into notifications (it plays no haptics
/// there), and coming back where it withdraws them.
pub fn use_app_resumed(mut f: impl FnMut() + 'static) {
    use dioxus::mobile::tao::event::Event;
    dioxus::mobile::use_wry_event_handler(move |event, _| match event {
        Event::Resumed => {
            #[cfg(target_os = "ios")]
            imp::in_background(false);
            f();
        }
        Event::Suspended => {
            #[cfg(target_os = "ios")]
            imp::in_background(true);
        }
        _ => {}
    });
}

/// Calls `f` when the app returns to the foreground on a phone; elsewhere `visibilitychange` covers it.
#[cfg(not(any(target_os = "android", target_os = "ios")))]
pub fn use_app_resumed(_f: impl FnMut() + 'static) {}
