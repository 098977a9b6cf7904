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

/// Settings for the webview's engine, made first thing in `main` (before any thread starts, since it sets
/// environment variables, which WebKit's processes inherit).
///
/// Linux (WebKitGTK): on a machine with no GPU device (no `/dev/dri/renderD*`, or `LIBGL_ALWAYS_SOFTWARE`
/// set), WebKit would still raster the page with Skia's GPU backend — on Mesa's software GL (llvmpipe), which
/// costs far more CPU than Skia's own CPU raster: the first frame of Home took about 85 ms more CPU and
/// 130 ms more wall time from the page's first edits to its next frame that way (issue #16), and every frame
/// of a session woke the llvmpipe threads. So the page is painted on the CPU there
/// (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`); Home looks the same (screenshots differ only in anti-aliasing:
/// PSNR 52 dB, 85 of 387,000 pixels by more than 15%). Compositing is untouched (not
/// `WEBKIT_DISABLE_COMPOSITING_MODE`, which made half the launches ~450 ms slower). A machine with a GPU
/// keeps WebKit's default, and a value the user set is kept.
pub fn prepare_webview() {
    #[cfg(target_os = "linux")]
    {
        const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
        if std::env::var_os(CPU_RENDERING).is_none() && software_gl() {
            std::env::set_var(CPU_RENDERING, "1");
        }
    }
}

/// Whether GL here can only be Mesa's software renderer: no DRM render node, or software forced.
#[cfg(target_os = "linux")]
fn software_gl() -> bool {
    if std::env::var_os("LIBGL_ALWAYS_SOFTWARE").is_some_and(|v| v != "0" && !v.is_empty()) {
        return true;
    }
    let render_node = std::fs::read_dir("/dev/dri")
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false);
    !render_node
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
