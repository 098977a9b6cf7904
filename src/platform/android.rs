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
use crate::session::CueKind;

pub const HAPTICS: Haptics = Haptics::Native;
pub const HAPTICS_AHEAD: bool = true;
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
    // A local frame frees the call's local references when it ends: on a thread that stays attached (the
    // app's own threads never return to Java), they would otherwise pile up with every cue of a routine.
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
        },
    }
}

fn vibrator<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> jni::errors::Result<JObject<'a>> {
    let name = env.new_string("vibrator")?;
    env.call_method(activity, "getSystemService", "(Ljava/lang/String;)Ljava/lang/Object;", &[JValue::Object(&name)])?.l()
}

/// Vibrates with an off/on pattern starting with "off": `createWaveform` plays the leading wait itself, so
/// cues handed over ahead of time buzz on their instant even if the UI thread stalls.
pub fn play_haptic_pattern(pattern: &[u64], _kinds: &[CueKind]) {
    let timings: Vec<i64> = pattern.iter().map(|&ms| ms as i64).collect();
    with_activity(|env, activity| {
        let vib = vibrator(env, activity)?;
        let array = env.new_long_array(timings.len() as i32)?;
        env.set_long_array_region(&array, 0, &timings)?;
        // createWaveform(long[] timings, int repeat): off/on pairs starting with "off"; -1 = play once.
        let effect = env
            .call_static_method(
                "android/os/VibrationEffect",
                "createWaveform",
                "([JI)Landroid/os/VibrationEffect;",
                &[JValue::Object(&array), JValue::Int(-1)],
            )?
            .l()?;
        env.call_method(&vib, "vibrate", "(Landroid/os/VibrationEffect;)V", &[JValue::Object(&effect)])?;
        Ok(())
    });
}

pub fn cancel_haptics() {
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
