//! iOS: haptics through `UIImpactFeedbackGenerator` / `UINotificationFeedbackGenerator` (objc2-ui-kit, main
//! thread only — the Dioxus event loop runs there), keep-awake through `UIApplication.idleTimerDisabled`,
//! data in Library/Application Support inside the app's sandbox (`dirs::data_dir()`), exports in Documents
//! (visible in the Files app because Info.plist sets `UIFileSharingEnabled` and
//! `LSSupportsOpeningDocumentsInPlace`).

use objc2::{MainThreadMarker, MainThreadOnly};
use objc2_ui_kit::{
    UIApplication, UIImpactFeedbackGenerator, UIImpactFeedbackStyle, UINotificationFeedbackGenerator,
    UINotificationFeedbackType,
};

pub use super::native::{local_now, new_id, now, sleep_until};
use super::{Haptics, JournalBoot};
use crate::session::CueKind;

pub const HAPTICS: Haptics = Haptics::Native;
/// UIKit's feedback generators play immediately; nothing can be queued ahead.
pub const HAPTICS_AHEAD: bool = false;

pub fn open_journal() -> JournalBoot {
    match dirs::data_dir() {
        Some(dir) => super::native::open_journal_in(&dir),
        None => JournalBoot {
            journal: None,
            notice: Some("iOS did not give the app its data folder; the journal is unavailable.".into()),
            location: "unknown".into(),
        },
    }
}

fn impact(mtm: MainThreadMarker, style: UIImpactFeedbackStyle, times: u32) {
    // `initWithStyle:` is deprecated since iOS 17.5 in favour of `initWithStyle:forView:`, which older iPhones
    // lack; the app supports iOS 13+, so the old initialiser stays.
    #[allow(deprecated)]
    let generator = UIImpactFeedbackGenerator::initWithStyle(UIImpactFeedbackGenerator::alloc(mtm), style);
    for _ in 0..times {
        generator.impactOccurred();
    }
}

/// Plays each cue's impact now: UIKit feedback generators cannot be scheduled ahead (`HAPTICS_AHEAD` is
/// false), so the runner calls this at each cue's instant and the pattern's timings are not used.
pub fn play_haptic_pattern(_pattern: &[u64], kinds: &[CueKind]) {
    for &kind in kinds {
        play_haptic(kind);
    }
}

fn play_haptic(kind: CueKind) {
    // UIKit feedback generators must be used on the main thread; elsewhere there is nothing to do safely.
    let Some(mtm) = MainThreadMarker::new() else { return };
    match kind {
        CueKind::GetReadyTick | CueKind::EndTick => impact(mtm, UIImpactFeedbackStyle::Light, 1),
        CueKind::Start => impact(mtm, UIImpactFeedbackStyle::Heavy, 1),
        CueKind::Halfway => impact(mtm, UIImpactFeedbackStyle::Soft, 1),
        CueKind::SwitchSides => impact(mtm, UIImpactFeedbackStyle::Medium, 2),
        CueKind::Done => {
            let generator = UINotificationFeedbackGenerator::new(mtm);
            generator.notificationOccurred(UINotificationFeedbackType::Success);
        }
    }
}

pub fn cancel_haptics() {}

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
