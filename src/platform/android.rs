//! Android: cues — vibration (`VibrationEffect.createWaveform`), sound (`AudioTrack`), speech
//! (`TextToSpeech`) — played by a foreground service of type mediaPlayback with a partial wake lock and an
//! ongoing notification (Pause/Resume, End), written in Kotlin in `mobile/android/MainActivity.kt` (class
//! `UnknotCues` and `CueService`) and reached over JNI (`jni` 0.21 + `ndk-context`; the app's classes through
//! its class loader). The service runs from the Start tap to the end of the session; the conductor hands it
//! a minute of cues ahead, so cues keep coming with the screen off and another app in front, and cancels a
//! channel when the session moves. Notification taps are queued there and taken by the runner. Keep-awake with
//! `FLAG_KEEP_SCREEN_ON` set on the UI thread through wry's `dispatch`, data in `Context.getFilesDir()`
//! (`dirs` knows nothing on Android), exports in `getExternalFilesDir(null)`: Android/data/<app id>/files,
//! reachable over USB from a computer; Android 11+ hides that folder from the phone's own Files app.

use jni::objects::{JByteArray, JClass, JObject, JObjectArray, JString, JValue, JValueOwned};
use jni::JNIEnv;
use jni::JavaVM;

pub use super::native::{local_now, new_id, now, sleep_until};
use super::{Haptics, JournalBoot};
use super::tones::{pcm16, SAMPLE_RATE};
use super::vibration::{android_waveform, pulses};
use crate::session::{Channel, ChannelTiming, CueKind, Mono, NowPlaying, PlatformCues, NATIVE_WINDOW_MS};

pub const HAPTICS: Haptics = Haptics::Native;
/// Vibration and sound are played by the foreground service's own thread (`UnknotCues` in MainActivity.kt),
/// on its own clock, whether or not the webview or the app's UI thread is awake: both are handed ahead, a
/// minute at a time. The flash is drawn by the webview's cue bridge, handed ahead to its timers with the same
/// window (a flash whose timer the sleeping webview delays past the late-cue limit is dropped, not drawn).
pub const CUES: PlatformCues =
    PlatformCues { haptic: ChannelTiming::Ahead, sound: ChannelTiming::Ahead, flash: ChannelTiming::Ahead };
pub const CUE_WINDOW_MS: u64 = NATIVE_WINDOW_MS;
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


/// The Kotlin side of the native cue player and of the document pickers (`mobile/android/MainActivity.kt`).
/// Every call into them goes through [`app_call`] with one of these names, so that `scripts/check-jni.py` can
/// find each method and JNI signature used here and check that the Kotlin declares it (`@JvmStatic`, same
/// parameter and return types); `mobile/android/unknot-jni.pro` keeps them through release minification.
const CUES_CLASS: &str = "dev.dioxus.main.UnknotCues";
const FILES_CLASS: &str = "dev.dioxus.main.UnknotFiles";

/// Calls static `method` of the app's class `class` with the arguments `args` builds, and reads its result
/// with `ret`. App classes are found only through the app's class loader: `FindClass` on a thread attached
/// from native code searches the system loader, which knows the framework only.
fn app_call<R>(
    class: &str,
    method: &str,
    sig: &str,
    args: impl for<'l> FnOnce(&mut JNIEnv<'l>, &JObject) -> jni::errors::Result<Vec<Arg<'l>>>,
    ret: impl for<'l> FnOnce(&mut JNIEnv<'l>, JValueOwned<'l>) -> jni::errors::Result<R>,
) -> Option<R> {
    with_activity(|env, activity| {
        let loader = env.call_method(activity, "getClassLoader", "()Ljava/lang/ClassLoader;", &[])?.l()?;
        let name = env.new_string(class)?;
        let class = env.call_method(&loader, "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;", &[JValue::Object(&name)])?.l()?;
        let class = JClass::from(class);
        let owned = args(env, activity)?;
        let values: Vec<JValue> = owned.iter().map(Arg::value).collect();
        let result = env.call_static_method(&class, method, sig, &values)?;
        ret(env, result)
    })
}

/// [`app_call`] of a method that returns nothing.
fn cues_call(method: &str, sig: &str, args: impl for<'l> FnOnce(&mut JNIEnv<'l>, &JObject) -> jni::errors::Result<Vec<Arg<'l>>>) {
    app_call(CUES_CLASS, method, sig, args, |_, _| Ok(()));
}

/// An argument of a JNI call, owned until the call is made.
enum Arg<'a> {
    Int(i32),
    Long(i64),
    Bool(bool),
    Object(JObject<'a>),
}

impl Arg<'_> {
    fn value(&self) -> JValue<'_, '_> {
        match self {
            Arg::Int(i) => JValue::Int(*i),
            Arg::Long(l) => JValue::Long(*l),
            Arg::Bool(b) => JValue::Bool(u8::from(*b)),
            Arg::Object(o) => JValue::Object(o),
        }
    }
}

/// The channel numbers `UnknotCues` knows (`CHANNEL_*` there).
fn channel_code(channel: Channel) -> i32 {
    match channel {
        Channel::Haptic => 0,
        Channel::Sound => 1,
        Channel::Voice => 2,
        // Drawn by the webview's cue bridge (`platform::schedule_flash`): never handed to UnknotCues.
        Channel::Flash => unreachable!("the flash is the webview's, not the foreground service's"),
    }
}

/// The cue numbers `UnknotCues` stores each cue's waveform and sound under: the index in `CueKind::ALL`.
fn kind_code(kind: CueKind) -> i32 {
    CueKind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as i32
}

/// Hands every cue kind's waveform (from the cue table, converted by Android's rules in `vibration.rs`) and
/// sound (PCM from `tones.rs`) to the native player once per session, so a scheduled cue is a number.
fn define_cues() {
    for kind in CueKind::ALL {
        let Some((timings, amplitudes)) = android_waveform(Mono(0), &pulses(kind, Mono(0))) else { continue };
        let pcm = pcm16(kind.spec().tones);
        cues_call("define", "(I[J[I[SI)V", |env, _| {
            let t = env.new_long_array(timings.len() as i32)?;
            env.set_long_array_region(&t, 0, &timings)?;
            let a = env.new_int_array(amplitudes.len() as i32)?;
            env.set_int_array_region(&a, 0, &amplitudes)?;
            let p = env.new_short_array(pcm.len() as i32)?;
            env.set_short_array_region(&p, 0, &pcm)?;
            Ok(vec![Arg::Int(kind_code(kind)), Arg::Object(t.into()), Arg::Object(a.into()), Arg::Object(p.into()), Arg::Int(SAMPLE_RATE as i32)])
        });
    }
}

/// Starts (inside the Start tap) or stops the foreground service: notification, partial wake lock, audio
/// focus and the native player's thread. The first start on Android 13+ also asks, with a sentence why, for
/// permission to show the notification; the session runs whatever the answer.
pub fn session_active(on: bool) {
    if on {
        define_cues();
        cues_call("begin", "(Landroid/app/Activity;)V", |env, activity| Ok(vec![Arg::Object(env.new_local_ref(activity)?)]));
    } else {
        cues_call("finish", "()V", |_, _| Ok(vec![]));
    }
}

/// Queues `kind` on `channel` in the native player, to play at `at` on its own clock. The delay is taken
/// from a fresh reading of the clock, just before the hand-over.
pub fn schedule(channel: Channel, kind: CueKind, at: Mono) {
    let delay = at.since(now()) as i64;
    cues_call("schedule", "(IIJ)V", |_, _| Ok(vec![Arg::Int(channel_code(channel)), Arg::Int(kind_code(kind)), Arg::Long(delay)]));
}

/// Drops what the native player holds for `channel` and has not begun (and stops speaking, for the voice).
pub fn cancel(channel: Channel) {
    cues_call("cancel", "(I)V", |_, _| Ok(vec![Arg::Int(channel_code(channel))]));
}

/// Says `text` through `TextToSpeech` (offline voices), or plays a tone where the phone has none.
pub fn say(text: &str) {
    cues_call("speak", "(Ljava/lang/String;)V", |env, _| Ok(vec![Arg::Object(env.new_string(text)?.into())]));
}

pub fn stop_speaking() {
    cancel(Channel::Voice);
}

/// Updates the ongoing notification: routine, step and side, a countdown to the segment's end, and Pause or
/// Resume with End.
pub fn now_playing(playing: &NowPlaying) {
    cues_call("nowPlaying", "(Ljava/lang/String;Ljava/lang/String;JZ)V", |env, _| {
        Ok(vec![
            Arg::Object(env.new_string(&playing.routine)?.into()),
            Arg::Object(env.new_string(&playing.detail)?.into()),
            Arg::Long(playing.ends_in_ms as i64),
            Arg::Bool(playing.paused),
        ])
    });
}

/// The oldest notification action not yet taken (`RemoteAction::code`), 0 for none.
pub fn take_action() -> i32 {
    app_call(CUES_CLASS, "takeAction", "()I", |_, _| Ok(vec![]), |_, v| v.i()).unwrap_or(0)
}

/// Nothing is held back here that the app's wake-up could delay: the native player plays each cue on time,
/// and the webview's flash timers do not wait for the app's thread.
pub fn play_due_cues() {}

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

/// Writes the export to the exports folder (always there, whatever happens next), then opens the system's
/// "save as" (`ACTION_CREATE_DOCUMENT`) so the user can also put a copy where they choose: Downloads, a
/// cloud drive, another app. Cancelling that costs nothing.
pub fn export_file(name: &str, mime: &str, contents: &str) -> Result<String, String> {
    let place = super::native::write_export(&exports_dir()?, name, contents)?;
    app_call(
        FILES_CLASS,
        "createExport",
        "(Landroid/app/Activity;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V",
        |env, activity| {
            Ok(vec![
                Arg::Object(env.new_local_ref(activity)?),
                Arg::Object(env.new_string(name)?.into()),
                Arg::Object(env.new_string(mime)?.into()),
                Arg::Object(env.new_string(contents)?.into()),
            ])
        },
        |_, _| Ok(()),
    );
    Ok(place)
}

/// Opens the system's document picker (`ACTION_OPEN_DOCUMENT`) for a journal file to import.
pub fn pick_import() {
    app_call(FILES_CLASS, "pickImport", "(Landroid/app/Activity;)V", |env, activity| Ok(vec![Arg::Object(env.new_local_ref(activity)?)]), |_, _| Ok(()));
}

/// The picker's answer once there is one: `[outcome, name, text]` (see `UnknotFiles` in MainActivity.kt).
pub fn take_import() -> Option<[String; 3]> {
    app_call(
        FILES_CLASS,
        "takeResult",
        "()[Ljava/lang/String;",
        |_, _| Ok(vec![]),
        three_strings,
    )
    .flatten()
}

/// A picker's answer as Kotlin hands it over: `null` (none yet), or a `String[3]`.
fn three_strings<'l>(env: &mut JNIEnv<'l>, value: JValueOwned<'l>) -> jni::errors::Result<Option<[String; 3]>> {
    let array = JObjectArray::from(value.l()?);
    if array.is_null() {
        return Ok(None);
    }
    let mut out: [String; 3] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        let item = JString::from(env.get_object_array_element(&array, i as i32)?);
        *slot = env.get_string(&item)?.into();
    }
    Ok(Some(out))
}

/// Opens the system's document picker (`ACTION_OPEN_DOCUMENT`) for a run file (GPX or FIT) to import.
pub fn pick_run_file() {
    app_call(FILES_CLASS, "pickRunFile", "(Landroid/app/Activity;)V", |env, activity| Ok(vec![Arg::Object(env.new_local_ref(activity)?)]), |_, _| Ok(()));
}

/// A run-file picker's answer (see `UnknotFiles.takeRunFile` in MainActivity.kt).
pub struct PickedRunFile {
    /// "ok", "cancelled" or "error".
    pub outcome: String,
    pub name: String,
    /// Why it could not be read ("error" only).
    pub why: String,
    /// The file's contents ("ok" only): a FIT file is binary, so it crosses as a Java byte[], not a string.
    pub bytes: Vec<u8>,
}

/// The run-file picker's answer once there is one. Two calls, both on this thread: `takeRunFile` moves the
/// oldest answer's bytes aside and returns its words; `takeRunFileBytes` hands over those bytes.
pub fn take_run_file() -> Option<PickedRunFile> {
    let [outcome, name, why] = app_call(
        FILES_CLASS,
        "takeRunFile",
        "()[Ljava/lang/String;",
        |_, _| Ok(vec![]),
        three_strings,
    )
    .flatten()?;
    let bytes = app_call(FILES_CLASS, "takeRunFileBytes", "()[B", |_, _| Ok(vec![]), |env, value| {
        let array = JByteArray::from(value.l()?);
        if array.is_null() {
            return Ok(Vec::new());
        }
        env.convert_byte_array(&array)
    });
    Some(match bytes {
        Some(bytes) => PickedRunFile { outcome, name, why, bytes },
        // The words came but not the bytes: never import an empty file as if it were the picked one.
        None => PickedRunFile { outcome: "error".into(), name, why: "its contents could not be handed to the app".into(), bytes: Vec::new() },
    })
}
