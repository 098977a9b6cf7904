//! iOS: haptics through prepared `UIImpactFeedbackGenerator`s fired at each buzz's instant (objc2-ui-kit, main
//! thread only — the Dioxus event loop runs there), keep-awake through `UIApplication.idleTimerDisabled`,
//! data in Library/Application Support inside the app's sandbox (`dirs::data_dir()`), exports in Documents
//! (visible in the Files app because Info.plist sets `UIFileSharingEnabled` and
//! `LSSupportsOpeningDocumentsInPlace`).

use std::cell::RefCell;

use dioxus::core::Task;
use objc2::rc::Retained;
use objc2::{MainThreadMarker, MainThreadOnly};
use objc2_ui_kit::{UIApplication, UIImpactFeedbackGenerator, UIImpactFeedbackStyle};

pub use super::native::{local_now, new_id, now, sleep_until};
use super::vibration::{ios_impact, ImpactWeight, Pulse};
use super::{Haptics, JournalBoot};
use crate::session::{ChannelTiming, Mono, PlatformCues};

pub const HAPTICS: Haptics = Haptics::Native;
/// UIKit's feedback generators play immediately and cannot be queued ahead: each buzz is fired at its
/// instant from the main thread. Sound is scheduled ahead on the webview's Web Audio clock.
pub const CUES: PlatformCues = PlatformCues { haptic: ChannelTiming::AtInstant, sound: ChannelTiming::Ahead };

thread_local! {
    /// One generator per style, created once and kept `prepare()`d so its Taptic Engine is spun up when a
    /// cue fires (a fresh generator's first impact can be late or missing).
    static GENERATORS: RefCell<Vec<(isize, Retained<UIImpactFeedbackGenerator>)>> = const { RefCell::new(Vec::new()) };
    /// Buzzes waiting for their instant.
    static WAITING: RefCell<Vec<Task>> = const { RefCell::new(Vec::new()) };
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

/// Nothing is held back here: the vibrator (or the instant's own call) plays each cue on time.
pub fn play_due_haptics() {}

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

pub fn export_file(name: &str, _mime: &str, contents: &str) -> Result<String, String> {
    super::native::write_export(&exports_dir()?, name, contents)
}
