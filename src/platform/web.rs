//! The browser build. Clock: `performance.now()` (std's `Instant` panics on wasm32). The journal lives in
//! IndexedDB through sqlite-wasm-vfs's "relaxed-idb" VFS, installed by `main` before launch: rusqlite runs the
//! same code as on phones, but writes reach IndexedDB asynchronously after commit (`synchronous=OFF` is
//! required by that VFS). So a save is acknowledged only after [`journal_flushed`]: the VFS hands IndexedDB
//! its writes one transaction at a time, in order, and that waits for one more, empty, transaction behind
//! them. A damaged database is kept under its name and a new one started under another; localStorage
//! remembers which is current.

use chrono::{DateTime, FixedOffset, Local};
use wasm_bindgen::JsCast;

use super::{Haptics, JournalBoot, SafetyMarker};
use crate::journal::{Durability, Journal, JournalError, DETAILS_MARK};
use super::vibration::{w3c_pattern, Pulse};
use crate::session::{ChannelTiming, CueKind, Mono, PlatformCues, LATE_CUE_LIMIT_MS};

pub const HAPTICS: Haptics = Haptics::WebVibrate;
/// Vibration is handed to the bridge ahead of time and fired by a JavaScript timer at the cue's instant, with
/// a pattern that starts with the buzz: never as a pattern with a leading wait (Chromium steps a pattern's
/// waits from main-thread timers, and a later call cancelled steps a stall had delayed: lost cues, measured
/// in issue #11), and not from the app's own wake-up (which adds the app's work to every cue on a slow
/// phone: BENCHMARKS.md). Sound is scheduled ahead on the Web Audio clock. The flash is handed ahead to the
/// bridge the same way as vibration, whose timer draws it on the player's overlay at the cue's instant: not
/// drawn by the app's re-render after its wake-up (issue #16: p99 29.8 ms late at 4x throttling).
pub const CUES: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Ahead, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
/// How far ahead cues are handed over: a page in the background is throttled whatever is queued, so a short window cancels least.
pub const CUE_WINDOW_MS: u64 = crate::session::LOOKAHEAD_MS;
const WEB: Durability = Durability { wal: false, synchronous_full: false };
const CURRENT_DB_KEY: &str = "unknot.journal.current";
const DEFAULT_DB: &str = "unknot-journal.sqlite3";

fn window() -> web_sys::Window {
    web_sys::window().expect("running in a browser window")
}

pub fn now() -> Mono {
    Mono(window().performance().map_or(0.0, |p| p.now()) as u64)
}

pub async fn sleep_until(deadline: Mono) {
    let wait = deadline.since(now());
    if wait == 0 {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), wait as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn local_now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

pub fn new_id() -> String {
    window().crypto().map(|c| c.random_uuid()).unwrap_or_else(|_| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// The relaxed-idb VFS needs these three from its host.
pub struct Os;

impl rsqlite_vfs::OsCallback for Os {
    fn sleep(_dur: std::time::Duration) {}
    fn random(buf: &mut [u8]) {
        for b in buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    fn epoch_timestamp_in_ms() -> i64 {
        js_sys::Date::now() as i64
    }
}

thread_local! {
    /// Why the IndexedDB storage could not be set up, if it could not: `open_journal` tells the user.
    static STORAGE_ERROR: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// The VFS's handle, for [`journal_flushed`].
    static STORAGE: std::cell::RefCell<Option<sqlite_wasm_vfs::relaxed_idb::RelaxedIdbUtil>> =
        const { std::cell::RefCell::new(None) };
}

/// A name no journal has: deleting it is the empty IndexedDB transaction [`journal_flushed`] waits for.
const FLUSH_BARRIER: &str = "unknot-flush-barrier";

/// Resolves once every write committed so far has been stored by IndexedDB (its transactions complete; they
/// then outlive the tab and the browser being killed). The VFS queues its IndexedDB transactions and runs them
/// one after another, so the completion of one queued behind them means they are done. In memory (storage
/// unavailable, which the user has been told) there is nothing to wait for.
pub async fn journal_flushed() -> Result<(), String> {
    let barrier = STORAGE.with(|s| s.borrow().as_ref().map(|util| util.delete_db(FLUSH_BARRIER)));
    match barrier {
        None => Ok(()),
        Some(Ok(done)) => done.await.map_err(|e| format!("this browser's storage did not confirm the write: {e}")),
        Some(Err(e)) => Err(format!("this browser's storage did not take the write: {e}")),
    }
}

/// Whether this browser has never kept a journal for the app: no IndexedDB database of the journal's VFS
/// ("relaxed-idb"), as the page found at its start (`unknotFirstVisit` in web/index.html). Then the first
/// screen is the safety notes, which need nothing from the journal, and the journal can open after it.
/// Unsure (an old browser without `indexedDB.databases()`, an error) counts as not a first visit.
pub async fn first_visit() -> bool {
    // Asked by the page before anything else (web/index.html), so the page's own first screen and the app
    // follow one answer, and the app does not wait for the same question twice.
    let Ok(answer) = js_sys::Reflect::get(&window(), &"unknotFirstVisit".into()) else { return false };
    let Ok(promise) = answer.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok_and(|first| first.is_truthy())
}

/// `window.unknotAcknowledgedBeforeStart`, set by web/index.html when "I understand" is tapped on the page's
/// own first screen, before the app had started.
pub fn safety_acknowledged_before_start() -> bool {
    js_sys::Reflect::get(&window(), &"unknotAcknowledgedBeforeStart".into()).is_ok_and(|v| v.is_truthy())
}

/// Resolves once the page has painted the frame after this call (an animation frame, then a task).
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let next_task = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = window().set_timeout_with_callback(resolve.unchecked_ref());
        });
        let _ = window().request_animation_frame(next_task.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Installs the storage (if it fails the user is told, as at a normal start) and opens the journal.
pub async fn open_journal_later() -> JournalBoot {
    if let Err(e) = install_storage().await {
        web_sys::console::error_1(&format!("journal storage unavailable: {e}").into());
    }
    open_journal()
}

/// Registers the IndexedDB-backed VFS as SQLite's default; must finish before `open_journal`. On failure
/// the journal still opens (in memory) and the user is told that notes will not be kept.
pub async fn install_storage() -> Result<(), String> {
    let cfg = sqlite_wasm_vfs::relaxed_idb::RelaxedIdbCfg::default();
    match sqlite_wasm_vfs::relaxed_idb::install::<Os>(&cfg, true).await {
        Ok(util) => {
            STORAGE.with(|s| *s.borrow_mut() = Some(util));
            Ok(())
        }
        Err(e) => {
            let e = format!("{e:?}");
            STORAGE_ERROR.with(|s| *s.borrow_mut() = Some(e.clone()));
            Err(e)
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

const SAFETY_KEY: &str = "unknot.safety.acknowledged";

/// Set whenever the journal opens in this browser's storage: web/index.html reads it while the page is parsed
/// to tell a first visit (draw the safety notes at once, in the first paint) from a returning one (draw
/// nothing before the app), without waiting for `indexedDB.databases()`.
const JOURNAL_KEPT_KEY: &str = "unknot.journal.kept";

fn mark_journal_kept() {
    if let Some(s) = storage() {
        let _ = s.set_item(JOURNAL_KEPT_KEY, "1");
    }
}

/// Reads (with `None`) or sets the safety acknowledgement kept in localStorage; whether it is (now) set.
pub fn safety_flag(set: Option<bool>) -> bool {
    let Some(s) = storage() else { return false };
    match set {
        Some(_) => s.set_item(SAFETY_KEY, "1").is_ok(),
        None => s.get_item(SAFETY_KEY).ok().flatten().is_some_and(|v| v == "1"),
    }
}

/// What to say when the journal cannot be opened, with the technical detail behind "Details".
fn cannot_open(e: &JournalError) -> String {
    format!(
        "Your journal could not be opened, so notes cannot be saved or shown for now. Nothing in it was changed. \
         Reloading the page may help.{DETAILS_MARK}{}",
        crate::journal::technical(e)
    )
}

pub fn open_journal() -> JournalBoot {
    let boot = |journal, notice, location| JournalBoot { journal, notice, location, safety_marker: SafetyMarker::LocalStorage };
    if let Some(why) = STORAGE_ERROR.with(|s| s.borrow().clone()) {
        // SQLite's default VFS here is memory: the app works, but nothing outlives the page.
        return match Journal::open_in_vfs(DEFAULT_DB, WEB) {
            Ok((journal, _)) => boot(
                Some(journal),
                Some(format!(
                    "This browser would not give Unknot its storage, so notes you save now will be lost when you close \
                     the page. Export them first.{DETAILS_MARK}{why}"
                )),
                "memory only (this browser's storage is unavailable)".into(),
            ),
            Err(e) => boot(None, Some(cannot_open(&e)), "none".into()),
        };
    }
    let name = storage().and_then(|s| s.get_item(CURRENT_DB_KEY).ok().flatten()).unwrap_or_else(|| DEFAULT_DB.into());
    let location = format!("this browser's storage (IndexedDB, \"{name}\")");
    match Journal::open_in_vfs(&name, WEB) {
        Ok((journal, _)) => {
            mark_journal_kept();
            boot(Some(journal), None, location)
        }
        Err(JournalError::Corrupt(reason)) => {
            let fresh = format!("unknot-journal-{}.sqlite3", js_sys::Date::now() as u64);
            if let Some(s) = storage() {
                let _ = s.set_item(CURRENT_DB_KEY, &fresh);
            }
            let location = format!("this browser's storage (IndexedDB, \"{fresh}\")");
            match Journal::open_in_vfs(&fresh, WEB) {
                Ok((journal, _)) => {
                    mark_journal_kept();
                    boot(
                        Some(journal),
                        Some(format!(
                            "Your journal could not be read, so a new, empty journal was started. The old one was kept, \
                             untouched, as \"{name}\" in this browser's storage.{DETAILS_MARK}{reason}"
                        )),
                        location,
                    )
                }
                Err(e) => boot(None, Some(cannot_open(&e)), location),
            }
        }
        Err(e @ JournalError::TooNew { .. }) => boot(None, Some(e.to_string()), location),
        Err(e) => boot(None, Some(cannot_open(&e)), location),
    }
}

/// Hands the bridge, for the instant `at`, the pattern of every pulse still to be felt from then, by the W3C
/// rules (first entry vibrates): its timer calls `navigator.vibrate` at `at`. `Mono` is this page's
/// `performance.now()` in whole ms, so `now` is the origin the bridge counts the delay from. A direct call,
/// not `eval` (which compiles a script per call: milliseconds on a slow phone).
pub fn vibrate(now: Mono, at: Mono, pending: &[Pulse]) {
    let pattern = w3c_pattern(at.max(now), pending);
    if pattern.is_empty() {
        return;
    }
    let array = js_sys::Array::new();
    for ms in pattern {
        array.push(&wasm_bindgen::JsValue::from_f64(ms as f64));
    }
    let args = js_sys::Array::of3(&array, &(at.since(now) as f64).into(), &(now.0 as f64).into());
    call_bridge("vibrateAt", &args);
}

/// Hands the bridge a flash of `kind` (its name and word from the cue table) to draw at `at` on the player's
/// overlay; as for [`vibrate`], `now` is the origin the bridge counts the delay from. A flash its timer
/// reaches more than [`LATE_CUE_LIMIT_MS`] late (a page the browser kept asleep) is dropped, as the engine
/// drops stale cues.
pub fn flash(now: Mono, kind: CueKind, word: Option<&str>, at: Mono) {
    let word = word.map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from_str);
    let args = js_sys::Array::of5(
        &kind.name().into(),
        &word,
        &(at.since(now) as f64).into(),
        &(now.0 as f64).into(),
        &(LATE_CUE_LIMIT_MS as f64).into(),
    );
    call_bridge("flashAt", &args);
}

/// Resolves once the frame that paints a flash the bridge has just drawn has gone out; at once if none is
/// waiting (`flashPainted` in the bridge: never longer than 100 ms, and not at all in a hidden page).
pub async fn flash_painted() {
    let waiting = call_bridge("flashPainted", &js_sys::Array::new());
    if let Some(promise) = waiting.and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Plays what the bridge holds for this instant or before (vibrations, then flashes), now: called first when
/// the app wakes, so a timer queued behind the app's own wake-up at the same instant does not wait for the
/// app's work.
pub fn play_due_cues() {
    call_bridge("flushDue", &js_sys::Array::new());
}

/// [`super::bridge_call`] in the page: the arguments as JavaScript values, the method called directly.
pub(super) fn bridge_call(method: &str, args: &[super::BridgeArg]) {
    use super::BridgeArg;
    use wasm_bindgen::JsValue;
    let array = js_sys::Array::new();
    for arg in args {
        array.push(&match arg {
            BridgeArg::Num(n) => JsValue::from_f64(*n),
            BridgeArg::Str(s) => JsValue::from_str(s),
            BridgeArg::Json(j) => js_sys::JSON::parse(j).unwrap_or(JsValue::NULL),
            BridgeArg::Null => JsValue::NULL,
        });
    }
    call_bridge(method, &array);
}

/// Calls `window.unknot[method](...args)` directly (the bridge is installed at start-up; before that, nothing).
/// Calls `window.unknot[method](...args)`; what it returned, if the bridge is there and the call did not throw.
fn call_bridge(method: &str, args: &js_sys::Array) -> Option<wasm_bindgen::JsValue> {
    let bridge = js_sys::Reflect::get(&window(), &"unknot".into()).ok()?;
    let function = js_sys::Reflect::get(&bridge, &method.into()).ok()?;
    function.dyn_ref::<js_sys::Function>()?.apply(&bridge, args).ok()
}

/// A `visibilitychange` listener of the app's, removed from the document when dropped.
pub struct VisibleWatch {
    listener: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for VisibleWatch {
    fn drop(&mut self) {
        if let Some(document) = window().document() {
            let _ = document.remove_event_listener_with_callback("visibilitychange", self.listener.as_ref().unchecked_ref());
        }
    }
}

/// Calls `f` each time the page becomes visible again, until the returned watch is dropped.
pub fn watch_visible(mut f: impl FnMut() + 'static) -> VisibleWatch {
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if window().document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible) {
            f();
        }
    });
    if let Some(document) = window().document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    }
    VisibleWatch { listener }
}

pub fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

pub fn cancel_vibration() {
    call_bridge("cancelVibration", &js_sys::Array::new());
}

pub fn keep_awake(on: bool) {
    call_bridge("keepAwake", &js_sys::Array::of1(&on.into()));
}

/// A download of the file, through the browser.
pub fn export_file(name: &str, mime: &str, contents: &str) -> Result<String, String> {
    // The contents as a string argument, not inside a script's source (a whole journal compiled as code).
    call_bridge("download", &js_sys::Array::of3(&name.into(), &mime.into(), &contents.into()));
    Ok(format!("your browser's downloads, as {name}"))
}

// The run-file parsers (GPX, FIT: crates/run-file) are a wasm module of their own, fetched the first time a
// runner imports a file rather than with the app (the FIT profile alone is over half a megabyte). The page's
// service worker caches it with the rest, so importing works offline. The bytes are copied before the first
// await: a view into the app's memory would go stale if that memory grew meanwhile.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let reader;
export function readRunFile(bytes) {
  const copy = bytes.slice();
  if (!reader) {
    // This snippet is served as pkg/snippets/unknot-<hash>/inline0.js, beside pkg/run-file/.
    const url = new URL("../../run-file/unknot_run_file.js", import.meta.url).href;
    reader = import(url).then(async (m) => { await m.default(); return m; });
    reader.catch(() => { reader = undefined; });
  }
  return reader.then((m) => m.read_run_file(copy));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = readRunFile)]
    fn read_run_file_js(bytes: &[u8]) -> js_sys::Promise;
}

/// Reads a run file's facts with the run-file module, loading it first if this is the first import.
pub async fn run_file_facts(bytes: &[u8]) -> Result<unknot_run_file::RunFileFacts, String> {
    use unknot_run_file::RunFileFacts;
    // The module refuses these too; checked here so a huge file is not copied across for nothing.
    if let Some(problem) = unknot_run_file::too_large(bytes.len()) {
        return Err(problem);
    }
    let answer = wasm_bindgen_futures::JsFuture::from(read_run_file_js(bytes)).await.map_err(|e| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default();
        format!("the run-file reader did not load or stopped ({why})")
    })?;
    let encoded = js_sys::Uint8Array::new(&answer).to_vec();
    postcard::from_bytes::<Result<RunFileFacts, String>>(&encoded)
        .map_err(|e| format!("the run-file reader gave an answer this app cannot read ({e})"))?
}
