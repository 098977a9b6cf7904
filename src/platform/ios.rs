//! iOS: haptics through prepared `UIImpactFeedbackGenerator`s fired at each buzz's instant (objc2-ui-kit, main
//! thread only — the Dioxus event loop runs there), keep-awake through `UIApplication.idleTimerDisabled`,
//! data in Library/Application Support inside the app's sandbox (`dirs::data_dir()`), exports in Documents
//! (visible in the Files app because Info.plist sets `UIFileSharingEnabled` and
//! `LSSupportsOpeningDocumentsInPlace`).
//!
//! Cues with the screen off (issue #15): while a session runs the `AVAudioSession` is active in `.playback`
//! (heard with the ringer switch off and with the phone locked, with `UIBackgroundModes` `audio` in
//! Info.plist) and `.mixWithOthers` (music keeps playing), ducking other audio around each cue
//! (`.duckOthers`); tones are prepared `AVAudioPlayer`s started with `playAtTime:` on the audio device's
//! clock, a minute ahead; speech is `AVSpeechSynthesizer` (offline voices; a tone where there is none).
//! Between cues a silent loop keeps the audio session playing, so iOS keeps the app — and its cue timers —
//! running in the background (docs/PHONES.md says why and what App Review may ask). iOS plays no haptics in
//! the background: when the app leaves the foreground, the coming cues become local notifications with
//! sound (at most 64, see `native_cues.rs`), withdrawn on pause, skip, back, end and on return.
//!
//! Files (issue #15): export writes to Documents, then opens the share sheet; import opens
//! `UIDocumentPickerViewController` (JSON, CSV, plain text; for a run, GPX or any file — FIT has no type iOS
//! knows — read as bytes) in import mode, so iOS hands the app a copy in its
//! own tmp folder (no security-scoped access to hold), which is read under the size cap, deleted, and given to
//! the same import as every other path (`super::read_picked`). Invariant: a picker's answer reaches the
//! import at most once, a cancel imports nothing and says nothing, and the picker and its delegate are only
//! ever touched on the main thread. The Documents listing in Settings stays as a fallback.

use std::cell::RefCell;

use dioxus::core::Task;
use std::cell::Cell;

use block2::RcBlock;
use objc2::rc::Retained;
use objc2::runtime::{Bool, NSObject, NSObjectProtocol, ProtocolObject};
use objc2::{define_class, msg_send, AnyThread, DefinedClass, MainThreadMarker, MainThreadOnly};
use objc2_avf_audio::{
    AVAudioPlayer, AVAudioSession, AVAudioSessionCategoryOptions, AVAudioSessionCategoryPlayback,
    AVAudioSessionSetActiveOptions, AVSpeechBoundary, AVSpeechSynthesisVoice, AVSpeechSynthesizer, AVSpeechUtterance,
};
use objc2::runtime::AnyObject;
use objc2_foundation::{NSArray, NSData, NSError, NSString, NSURL};
use objc2_ui_kit::{
    UIActivityViewController, UIApplication, UIDocumentPickerDelegate, UIDocumentPickerViewController, UIImpactFeedbackGenerator,
    UIImpactFeedbackStyle, UIViewController,
};
#[allow(deprecated)] // The picker's mode: see `pick_import` for why the iOS 13 initialiser is used.
use objc2_ui_kit::UIDocumentPickerMode;
use objc2_user_notifications::{
    UNAuthorizationOptions, UNMutableNotificationContent, UNNotificationRequest, UNNotificationSound,
    UNTimeIntervalNotificationTrigger, UNUserNotificationCenter,
};

pub use super::native::{local_now, new_id, now, sleep_until};
use super::native_cues::{alert_text, NativeQueue};
use super::tones::{silence_wav, wav};
use super::vibration::{ios_impact, ImpactWeight, Pulse};
use super::{Haptics, JournalBoot};
use crate::session::{Channel, ChannelTiming, CueKind, Mono, PlatformCues, NATIVE_WINDOW_MS};

pub const HAPTICS: Haptics = Haptics::Native;
/// Sound is queued on the audio device's clock a minute ahead. UIKit's feedback generators play immediately
/// and cannot be queued: each buzz is fired at its instant by a timer of the app's own; the haptic channel is
/// handed over ahead all the same so that, should the app go to the background, its coming cues can become
/// notifications. The flash is drawn by the webview's cue bridge, handed ahead to its timers with the same
/// window (a flash whose timer the sleeping webview delays past the late-cue limit is dropped, not drawn).
pub const CUES: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Ahead, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
pub const CUE_WINDOW_MS: u64 = NATIVE_WINDOW_MS;
/// Other audio is ducked from just before a cue's sound until this long after it ends.
const DUCK_TAIL_MS: u64 = 300;

thread_local! {
    /// One generator per style, created once and kept `prepare()`d so its Taptic Engine is spun up when a
    /// cue fires (a fresh generator's first impact can be late or missing).
    static GENERATORS: RefCell<Vec<(isize, Retained<UIImpactFeedbackGenerator>)>> = const { RefCell::new(Vec::new()) };
    /// Buzzes waiting for their instant.
    static WAITING: RefCell<Vec<Task>> = const { RefCell::new(Vec::new()) };
    /// What has been handed to the native players and is still to come (for the background notifications).
    static QUEUE: RefCell<NativeQueue> = RefCell::new(NativeQueue::default());
    /// Tone players started with `playAtTime:`, with their cue's instant, and the ducking timers.
    static PLAYERS: RefCell<Vec<(Mono, Retained<AVAudioPlayer>, Task)>> = const { RefCell::new(Vec::new()) };
    /// The silent loop that keeps the audio session playing between cues.
    static KEEP_ALIVE: RefCell<Option<Retained<AVAudioPlayer>>> = const { RefCell::new(None) };
    static SPEECH: RefCell<Option<Retained<AVSpeechSynthesizer>>> = const { RefCell::new(None) };
    static BACKGROUND: Cell<bool> = const { Cell::new(false) };
    /// Until when other audio is ducked.
    static DUCKED_UNTIL: Cell<Option<Mono>> = const { Cell::new(None) };
}

pub fn open_journal() -> JournalBoot {
    match dirs::data_dir() {
        Some(dir) => super::native::open_journal_in(&dir),
        None => JournalBoot {
            journal: None,
            notice: Some("iOS did not give the app its data folder; the journal is unavailable.".into()),
            location: "unknown".into(),
            safety_marker: super::SafetyMarker::None,
        },
    }
}

fn generator(mtm: MainThreadMarker, style: UIImpactFeedbackStyle) -> Retained<UIImpactFeedbackGenerator> {
    GENERATORS.with(|all| {
        let mut all = all.borrow_mut();
        if let Some((_, g)) = all.iter().find(|(s, _)| *s == style.0) {
            return g.clone();
        }
        // `initWithStyle:` is deprecated since iOS 17.5 in favour of `initWithStyle:forView:`, which older
        // iPhones lack; the app supports iOS 13+, so the old initialiser stays.
        #[allow(deprecated)]
        let g = UIImpactFeedbackGenerator::initWithStyle(UIImpactFeedbackGenerator::alloc(mtm), style);
        g.prepare();
        all.push((style.0, g.clone()));
        g
    })
}

fn impact(pulse: Pulse) {
    // UIKit feedback generators must be used on the main thread; elsewhere there is nothing to do safely.
    let Some(mtm) = MainThreadMarker::new() else { return };
    let (weight, intensity) = ios_impact(&pulse);
    let style = match weight {
        ImpactWeight::Heavy => UIImpactFeedbackStyle::Heavy,
        ImpactWeight::Medium => UIImpactFeedbackStyle::Medium,
        ImpactWeight::Light => UIImpactFeedbackStyle::Light,
    };
    let g = generator(mtm, style);
    g.impactOccurredWithIntensity(intensity);
    // Ready for the next cue.
    g.prepare();
}

/// Fires each pulse still to come at its own instant (a multi-buzz cue keeps its spacing). `pending` is
/// every pulse not yet felt, so what was waiting is replaced, not doubled.
pub fn vibrate(now: Mono, _at: Mono, pending: &[Pulse]) {
    cancel_vibration();
    let tasks: Vec<Task> = pending
        .iter()
        .filter(|p| p.start >= now)
        .map(|&p| {
            dioxus::prelude::spawn(async move {
                sleep_until(p.start).await;
                impact(p);
            })
        })
        .collect();
    WAITING.with(|w| *w.borrow_mut() = tasks);
}

/// Nothing is held back here that the app's wake-up could delay: the impact timers and the audio player
/// play each cue on time, and the webview's flash timers do not wait for the app's thread.
pub fn play_due_cues() {}

pub fn cancel_vibration() {
    for task in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        task.cancel();
    }
}

pub fn keep_awake(on: bool) {
    if let Some(mtm) = MainThreadMarker::new() {
        UIApplication::sharedApplication(mtm).setIdleTimerDisabled(on);
    }
}

/// Where exports go and imports are looked for: Documents, visible in the Files app.
pub fn exports_dir() -> Result<std::path::PathBuf, String> {
    dirs::document_dir().ok_or_else(|| "iOS did not give the app a Documents folder".to_string())
}

/// Writes the export to Documents (always there, in the Files app), then opens the share sheet with it, so
/// the user can also save it to Files, AirDrop it or send it to another app; dismissing the sheet costs
/// nothing.
pub fn export_file(name: &str, _mime: &str, contents: &str) -> Result<String, String> {
    let place = super::native::write_export(&exports_dir()?, name, contents)?;
    share(&place);
    Ok(place)
}

/// The view controller to present a sheet from: the key window's root, or whatever it already presents
/// (UIKit refuses to present from a controller that is presenting another).
fn presenter(mtm: MainThreadMarker) -> Option<Retained<UIViewController>> {
    #[allow(deprecated)] // keyWindow: the app has one window in one scene.
    let mut top = UIApplication::sharedApplication(mtm).keyWindow()?.rootViewController()?;
    while let Some(next) = top.presentedViewController() {
        top = next;
    }
    Some(top)
}

/// Presents `UIActivityViewController` for the file at `path` over the app's window (main thread only).
fn share(path: &str) {
    let Some(mtm) = MainThreadMarker::new() else { return };
    let Some(root) = presenter(mtm) else { return };
    let url = NSURL::fileURLWithPath(&NSString::from_str(path));
    let items = NSArray::<AnyObject>::from_retained_slice(&[Retained::into_super(Retained::into_super(url))]);
    // SAFETY: the items are NSURLs, which the share sheet accepts; no custom activities.
    let sheet = unsafe { UIActivityViewController::initWithActivityItems_applicationActivities(UIActivityViewController::alloc(mtm), &items, None) };
    // On iPad the sheet is a popover and must be anchored, or UIKit raises an exception.
    if let Some(popover) = sheet.popoverPresentationController() {
        popover.setSourceView(root.view().as_deref());
    }
    root.presentViewController_animated_completion(&sheet, true, None);
}

/// Where a picker's answer goes: the picked file's path, or `None` for a cancel.
type PickerAnswer = tokio::sync::oneshot::Sender<Option<std::path::PathBuf>>;

/// The document picker's delegate. It holds the one-shot channel its picker answers through, so an answer
/// can be given once only. The picker keeps its delegate weakly: [`pick_import`], waiting for the answer,
/// holds the strong reference, so the delegate lives exactly as long as someone waits for it.
struct PickerIvars {
    answer: RefCell<Option<PickerAnswer>>,
}

define_class!(
    // SAFETY: NSObject has no subclassing requirements, and `ImportPickerDelegate` does not implement Drop.
    #[unsafe(super(NSObject))]
    #[thread_kind = MainThreadOnly]
    #[name = "UnknotImportPickerDelegate"]
    #[ivars = PickerIvars]
    struct ImportPickerDelegate;

    unsafe impl NSObjectProtocol for ImportPickerDelegate {}

    unsafe impl UIDocumentPickerDelegate for ImportPickerDelegate {
        #[unsafe(method(documentPicker:didPickDocumentsAtURLs:))]
        fn picked(&self, _controller: &UIDocumentPickerViewController, urls: &NSArray<NSURL>) {
            // Multiple selection is off: one URL, a file URL of the copy in the app's tmp folder.
            let path = urls.firstObject().and_then(|url| url.path()).map(|p| std::path::PathBuf::from(p.to_string()));
            self.answer(path);
        }

        #[unsafe(method(documentPickerWasCancelled:))]
        fn cancelled(&self, _controller: &UIDocumentPickerViewController) {
            self.answer(None);
        }
    }
);

impl ImportPickerDelegate {
    fn new(mtm: MainThreadMarker, answer: PickerAnswer) -> Retained<Self> {
        let this = mtm.alloc::<Self>().set_ivars(PickerIvars { answer: RefCell::new(Some(answer)) });
        // SAFETY: NSObject's designated initialiser on a freshly allocated object.
        unsafe { msg_send![super(this), init] }
    }

    /// Sends the picker's answer, once: UIKit calls one of the two methods per presentation.
    fn answer(&self, path: Option<std::path::PathBuf>) {
        if let Some(answer) = self.ivars().answer.borrow_mut().take() {
            // The receiver is gone only if the waiting task was dropped; nothing is waiting then.
            let _ = answer.send(path);
        }
    }
}

/// Opens `UIDocumentPickerViewController` over the app and waits for the user: the picked file's name and
/// text, `Ok(None)` if they cancelled, or why the file could not be read. Must be called on the main
/// thread, where Dioxus runs the app's event handlers on iOS.
pub async fn pick_import() -> Result<Option<(String, String)>, String> {
    let picked = pick_document(super::IMPORT_UTIS).await?;
    let result = super::read_picked(picked.as_deref());
    forget_copy(picked);
    result
}

/// [`pick_import`] for a run file (GPX or FIT, [`super::RUN_FILE_UTIS`]): its name and bytes.
pub async fn pick_run_file() -> Result<Option<(String, Vec<u8>)>, String> {
    let picked = pick_document(super::RUN_FILE_UTIS).await?;
    let result = super::read_picked_run_file(picked.as_deref());
    forget_copy(picked);
    result
}

/// The copy iOS made for the app (tmp/<bundle id>-Inbox): once read it is not needed, imported or not.
fn forget_copy(picked: Option<std::path::PathBuf>) {
    if let Some(copy) = picked {
        let _ = std::fs::remove_file(copy);
    }
}

/// Presents the document picker in import mode for files of the types `utis` and waits: the path of the
/// copy iOS hands the app, or `None` for a cancel.
async fn pick_document(utis: &[&str]) -> Result<Option<std::path::PathBuf>, String> {
    let mtm = MainThreadMarker::new().ok_or("The file picker can only be opened from the app's screen.")?;
    let presenter = presenter(mtm).ok_or("The app has no window to show the file picker over.")?;
    let types: Vec<Retained<NSString>> = utis.iter().map(|t| NSString::from_str(t)).collect();
    let types = NSArray::from_retained_slice(&types);
    // `initWithDocumentTypes:inMode:` is deprecated since iOS 14 in favour of
    // `initForOpeningContentTypes:asCopy:`, which iOS 13 lacks; the app supports iOS 13+, so the old
    // initialiser stays. Import mode hands over a copy inside the app's sandbox, like `asCopy: true`.
    #[allow(deprecated)]
    let picker = UIDocumentPickerViewController::initWithDocumentTypes_inMode(mtm.alloc(), &types, UIDocumentPickerMode::Import);
    picker.setAllowsMultipleSelection(false);
    let (answer, answered) = tokio::sync::oneshot::channel();
    let delegate = ImportPickerDelegate::new(mtm, answer);
    picker.setDelegate(Some(ProtocolObject::from_ref(&*delegate)));
    presenter.presentViewController_animated_completion(&picker, true, None);
    // `delegate` is held across the wait (see `ImportPickerDelegate`); a sender that is gone reads as a cancel.
    let picked = answered.await.unwrap_or(None);
    drop(delegate);
    Ok(picked)
}

/// The audio session for a session: `.playback`, mixing with other audio; ducking it when `duck`.
fn set_audio(active: bool, duck: bool) {
    // SAFETY: AVAudioSession's shared instance and its category constant exist on every supported iOS; the
    // errors are returned, not thrown.
    unsafe {
        let session = AVAudioSession::sharedInstance();
        if active {
            let mut options = AVAudioSessionCategoryOptions::MixWithOthers;
            if duck {
                options |= AVAudioSessionCategoryOptions::DuckOthers;
            }
            if let Some(category) = AVAudioSessionCategoryPlayback {
                let _ = session.setCategory_withOptions_error(category, options);
            }
            // (Re)activating applies the options: other audio ducks, or comes back up.
            let _ = session.setActive_error(true);
        } else {
            let _ = session.setActive_withOptions_error(false, AVAudioSessionSetActiveOptions::NotifyOthersOnDeactivation);
        }
    }
}

fn player(wav: &[u8]) -> Option<Retained<AVAudioPlayer>> {
    let data = NSData::with_bytes(wav);
    // SAFETY: initWithData:error: with an in-memory WAVE file; the error is returned, not thrown.
    let player = unsafe { AVAudioPlayer::initWithData_error(AVAudioPlayer::alloc(), &data) }.ok()?;
    // SAFETY: plain property calls on a player we own.
    unsafe { player.prepareToPlay() };
    Some(player)
}

/// A session starts (in the Start tap) or is over.
pub fn session_active(on: bool) {
    if on {
        set_audio(true, false);
        // Asked once by iOS itself (later calls return the first answer): notifications with sound stand in for
        // the haptic cues while the app is in the background. The session runs whatever the answer.
        let done = RcBlock::new(|_granted: Bool, _error: *mut NSError| {});
        UNUserNotificationCenter::currentNotificationCenter()
            .requestAuthorizationWithOptions_completionHandler(UNAuthorizationOptions::Sound | UNAuthorizationOptions::Alert, &done);
        if let Some(silence) = player(&silence_wav(1000)) {
            // SAFETY: property calls and play on a player we own.
            unsafe {
                silence.setNumberOfLoops(-1);
                silence.setVolume(0.0);
                silence.play();
            }
            KEEP_ALIVE.with(|k| *k.borrow_mut() = Some(silence));
        }
    } else {
        cancel(Channel::Haptic);
        cancel(Channel::Sound);
        stop_speaking();
        if let Some(silence) = KEEP_ALIVE.with(|k| k.borrow_mut().take()) {
            // SAFETY: stop on a player we own.
            unsafe { silence.stop() };
        }
        UNUserNotificationCenter::currentNotificationCenter().removeAllPendingNotificationRequests();
        set_audio(false, false);
    }
}

/// A cue handed ahead on `channel` (haptic: already given to the impact timers; sound: played here).
pub fn schedule(channel: Channel, kind: CueKind, at: Mono) {
    if channel == Channel::Sound {
        play_at(kind, at);
    }
    queued(channel, kind, at);
}

/// Notes a cue handed to a channel, for the background notifications.
pub fn queued(channel: Channel, kind: CueKind, at: Mono) {
    let now = now();
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.prune(now);
        q.schedule(channel, kind, at);
    });
    if BACKGROUND.get() {
        sync_alerts();
    }
}

/// Starts `kind`'s tones at `at` on the audio device's clock, ducking other audio around them.
fn play_at(kind: CueKind, at: Mono) {
    let Some(player) = player(&wav(kind.spec().tones)) else { return };
    let delay = at.since(now());
    // SAFETY: property calls and playAtTime: on a player we own; deviceCurrentTime is in seconds.
    let ok = unsafe { player.playAtTime(player.deviceCurrentTime() + delay as f64 / 1000.0) };
    if !ok {
        return;
    }
    let end = at.plus(u64::from(kind.spec().tones.iter().map(|t| t.at_ms + t.len_ms).max().unwrap_or(0)));
    // Duck from just before the cue to a moment after it; a cue inside another's tail extends it.
    let duck = dioxus::prelude::spawn(async move {
        sleep_until(Mono(at.0.saturating_sub(50))).await;
        let until = end.plus(DUCK_TAIL_MS);
        if DUCKED_UNTIL.get().is_none() {
            set_audio(true, true);
        }
        DUCKED_UNTIL.set(Some(DUCKED_UNTIL.get().map_or(until, |u| u.max(until))));
        sleep_until(until).await;
        if DUCKED_UNTIL.get().is_some_and(|u| u <= now()) {
            DUCKED_UNTIL.set(None);
            set_audio(true, false);
        }
    });
    PLAYERS.with(|p| {
        let mut p = p.borrow_mut();
        // Forget players long finished.
        let now = now();
        p.retain(|(t, _, _)| t.plus(5_000) > now);
        p.push((at, player, duck));
    });
}

/// Drops what `channel` holds and has not begun.
pub fn cancel(channel: Channel) {
    if channel == Channel::Sound {
        let now = now();
        for (at, player, duck) in PLAYERS.with(|p| std::mem::take(&mut *p.borrow_mut())) {
            if at > now {
                // SAFETY: stop on a player we own: a player waiting for its playAtTime: instant never starts.
                unsafe { player.stop() };
                duck.cancel();
            }
        }
        if DUCKED_UNTIL.take().is_some() {
            set_audio(true, false);
        }
    }
    QUEUE.with(|q| q.borrow_mut().cancel(channel));
    if BACKGROUND.get() {
        sync_alerts();
    }
}

/// The app leaves (`true`) or returns to (`false`) the foreground: the coming cues become notifications, or
/// are withdrawn (the app plays them itself again).
pub fn in_background(background: bool) {
    BACKGROUND.set(background);
    if background {
        sync_alerts();
    } else {
        UNUserNotificationCenter::currentNotificationCenter().removeAllPendingNotificationRequests();
    }
}

/// Replaces the pending notifications with the coming cues' (the app has no others).
fn sync_alerts() {
    let center = UNUserNotificationCenter::currentNotificationCenter();
    center.removeAllPendingNotificationRequests();
    let now = now();
    for (i, alert) in QUEUE.with(|q| q.borrow().alerts(now)).into_iter().enumerate() {
        let content = UNMutableNotificationContent::new();
        content.setTitle(&NSString::from_str("Unknot"));
        content.setBody(&NSString::from_str(alert_text(alert.kind)));
        content.setSound(Some(&UNNotificationSound::defaultSound()));
        // The trigger's interval must be above zero.
        let trigger = UNTimeIntervalNotificationTrigger::triggerWithTimeInterval_repeats((alert.in_ms.max(100)) as f64 / 1000.0, false);
        let id = NSString::from_str(&format!("unknot-cue-{i}"));
        let request = UNNotificationRequest::requestWithIdentifier_content_trigger(&id, &content, Some(&trigger));
        center.addNotificationRequest_withCompletionHandler(&request, None);
    }
}

/// Says `text` with the phone's offline voice for its language, or sounds the start tone where it has none.
pub fn say(text: &str) {
    // SAFETY: AVSpeechSynthesisVoice/Utterance/Synthesizer constructors and speakUtterance:, on the main
    // thread where the app runs.
    unsafe {
        let Some(voice) = AVSpeechSynthesisVoice::voiceWithLanguage(None) else {
            play_at(CueKind::Start, now());
            return;
        };
        let utterance = AVSpeechUtterance::speechUtteranceWithString(&NSString::from_str(text));
        utterance.setVoice(Some(&voice));
        let synth = SPEECH.with(|s| s.borrow_mut().get_or_insert_with(|| AVSpeechSynthesizer::new()).clone());
        synth.speakUtterance(&utterance);
    }
}

pub fn stop_speaking() {
    if let Some(synth) = SPEECH.with(|s| s.borrow().clone()) {
        // SAFETY: stopSpeakingAtBoundary: on a synthesizer we own.
        unsafe { synth.stopSpeakingAtBoundary(AVSpeechBoundary::Immediate) };
    }
}
