//! Android: haptics through `Vibrator` / `VibrationEffect.createWaveform` over JNI (`jni` 0.21 +
//! `ndk-context`; framework classes resolve from any attached thread), keep-awake with
//! `FLAG_KEEP_SCREEN_ON` set on the UI thread through wry's `dispatch`, data in `Context.getFilesDir()`
//! (`dirs` knows nothing on Android), exports in `getExternalFilesDir(null)`: Android/data/<app id>/files,
//! reachable over USB from a computer; Android 11+ hides that folder from the phone's own Files app.

use jni::objects::{JObject, JValue};
use jni::JNIEnv;
use jni::JavaVM;

pub use super::native::{local_now, new_id, now, sleep_until};
use super::{Haptics, JournalBoot};
use super::vibration::{android_waveform, Pulse};
use crate::session::{ChannelTiming, Mono, PlatformCues};

pub const HAPTICS: Haptics = Haptics::Native;
/// The system vibrator service plays a waveform's leading wait itself, so cues are handed over ahead and a
/// stalled UI thread cannot delay them; sound is scheduled ahead on the webview's Web Audio clock.
pub const CUES: PlatformCues = PlatformCues { haptic: ChannelTiming::Ahead, sound: ChannelTiming::Ahead };
/// `AudioAttributes.USAGE_ALARM`: a timer's cues. A vibration without attributes has "unknown" usage, which
/// Battery Saver and the media-vibration setting silence (AOSP `VibrationSettings`).
const USAGE_ALARM: i32 = 4;
/// `AudioAttributes.CONTENT_TYPE_SONIFICATION`.
const CONTENT_TYPE_SONIFICATION: i32 = 4;
/// `WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON`.
const FLAG_KEEP_SCREEN_ON: i32 = 0x80;
/// Local references one platform call may hold at once (JNI guarantees 16 without asking).
const LOCAL_REFS: i32 = 16;

/// Runs `f` with a JNI env attached to this thread and the app's Activity; a Java exception is cleared and
/// reported as `None`.
fn with_activity<R>(f: impl FnOnce(&mut JNIEnv, &JObject) -> jni::errors::Result<R>) -> Option<R> {
    let ctx = ndk_context::android_context();
    // SAFETY: tao initialises ndk-context with the process's JavaVM and the Activity before our code runs.
    let vm = unsafe { JavaVM::from_raw(ctx.vm().cast()) }.ok()?;
    let mut env = vm.attach_current_thread().ok()?;
    // SAFETY: a global reference to the Activity that lives as long as the process.
    let activity = unsafe { JObject::from_raw(ctx.context().cast()) };
    // jni 0.21's `attach_current_thread` detaches again when the guard drops, which frees the call's local
    // references on most threads; on a thread that was already attached (the UI thread) nothing is freed,
    // so a local frame releases them when the call ends instead of letting them pile up with every cue.
    match env.with_local_frame(LOCAL_REFS, |env| f(env, &activity)) {
        Ok(r) => Some(r),
        Err(_) => {
            let _ = env.exception_clear();
            None
        }
    }
}

fn dir_path(env: &mut JNIEnv, activity: &JObject, method: &str, sig: &str, args: &[JValue]) -> jni::errors::Result<String> {
    let file = env.call_method(activity, method, sig, args)?.l()?;
    let path = env.call_method(&file, "getAbsolutePath", "()Ljava/lang/String;", &[])?.l()?;
    Ok(env.get_string(&path.into())?.into())
}

fn files_dir() -> Option<std::path::PathBuf> {
    with_activity(|env, a| dir_path(env, a, "getFilesDir", "()Ljava/io/File;", &[])).map(Into::into)
}

pub fn open_journal() -> JournalBoot {
    match files_dir() {
        Some(dir) => super::native::open_journal_in(&dir),
        None => JournalBoot {
            journal: None,
            notice: Some("Android did not give the app its data folder; the journal is unavailable.".into()),
            location: "unknown".into(),
            safety_marker: super::SafetyMarker::None,
        },
    }
}

fn vibrator<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> jni::errors::Result<JObject<'a>> {
    let name = env.new_string("vibrator")?;
    env.call_method(activity, "getSystemService", "(Ljava/lang/String;)Ljava/lang/Object;", &[JValue::Object(&name)])?.l()
}

fn alarm_attributes<'a>(env: &mut JNIEnv<'a>) -> jni::errors::Result<JObject<'a>> {
    let builder = env.new_object("android/media/AudioAttributes$Builder", "()V", &[])?;
    env.call_method(&builder, "setUsage", "(I)Landroid/media/AudioAttributes$Builder;", &[JValue::Int(USAGE_ALARM)])?;
    env.call_method(
        &builder,
        "setContentType",
        "(I)Landroid/media/AudioAttributes$Builder;",
        &[JValue::Int(CONTENT_TYPE_SONIFICATION)],
    )?;
    env.call_method(&builder, "build", "()Landroid/media/AudioAttributes;", &[])?.l()
}

/// Hands every pulse still to be felt to the vibrator as one waveform (off-first timings, amplitudes where
/// the motor has amplitude control); the service plays the leading wait itself.
pub fn vibrate(now: Mono, _at: Mono, pending: &[Pulse]) {
    let Some((timings, amplitudes)) = android_waveform(now, pending) else { return };
    with_activity(|env, activity| {
        let vib = vibrator(env, activity)?;
        let timing_array = env.new_long_array(timings.len() as i32)?;
        env.set_long_array_region(&timing_array, 0, &timings)?;
        let amplitude_control = env.call_method(&vib, "hasAmplitudeControl", "()Z", &[])?.z()?;
        let effect = if amplitude_control {
            let amplitude_array = env.new_int_array(amplitudes.len() as i32)?;
            env.set_int_array_region(&amplitude_array, 0, &amplitudes)?;
            // createWaveform(long[] timings, int[] amplitudes, int repeat): -1 = play once.
            env.call_static_method(
                "android/os/VibrationEffect",
                "createWaveform",
                "([J[II)Landroid/os/VibrationEffect;",
                &[JValue::Object(&timing_array), JValue::Object(&amplitude_array), JValue::Int(-1)],
            )?
        } else {
            // createWaveform(long[] timings, int repeat): off/on pairs starting with "off".
            env.call_static_method(
                "android/os/VibrationEffect",
                "createWaveform",
                "([JI)Landroid/os/VibrationEffect;",
                &[JValue::Object(&timing_array), JValue::Int(-1)],
            )?
        }
        .l()?;
        let attributes = alarm_attributes(env)?;
        env.call_method(
            &vib,
            "vibrate",
            "(Landroid/os/VibrationEffect;Landroid/media/AudioAttributes;)V",
            &[JValue::Object(&effect), JValue::Object(&attributes)],
        )?;
        Ok(())
    });
}

/// Nothing is held back here: the vibrator (or the instant's own call) plays each cue on time.
pub fn play_due_haptics() {}

pub fn cancel_vibration() {
    with_activity(|env, activity| {
        let vib = vibrator(env, activity)?;
        env.call_method(&vib, "cancel", "()V", &[])?;
        Ok(())
    });
}

pub fn keep_awake(on: bool) {
    // Window flags may only be changed on the UI thread.
    dioxus::mobile::wry::prelude::dispatch(move |env, activity, _webview| {
        let set = env.with_local_frame(LOCAL_REFS, |env| -> jni::errors::Result<()> {
            let window = env.call_method(activity, "getWindow", "()Landroid/view/Window;", &[])?.l()?;
            let method = if on { "addFlags" } else { "clearFlags" };
            env.call_method(&window, method, "(I)V", &[JValue::Int(FLAG_KEEP_SCREEN_ON)])?;
            Ok(())
        });
        if set.is_err() {
            let _ = env.exception_clear();
        }
    });
}

/// Where exports go and imports are looked for: the app's external files folder.
pub fn exports_dir() -> Result<std::path::PathBuf, String> {
    with_activity(|env, a| dir_path(env, a, "getExternalFilesDir", "(Ljava/lang/String;)Ljava/io/File;", &[JValue::Object(&JObject::null())]))
        .map(std::path::PathBuf::from)
        .or_else(|| files_dir().map(|d| d.join("exports")))
        .ok_or_else(|| "Android did not give the app a folder for exports".to_string())
}

pub fn export_file(name: &str, _mime: &str, contents: &str) -> Result<String, String> {
    super::native::write_export(&exports_dir()?, name, contents)
}
