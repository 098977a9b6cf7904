package dev.dioxus.main

// Unknot's Android activity, used through Dioxus.toml `[application] android_main_activity`.
//
// dx 0.7.10 copies this file verbatim (it renders its own MainActivity.kt.hbs with Handlebars, but not a
// custom one), into app/src/main/kotlin/dev/dioxus/main/ of the generated Gradle project. So:
// - the package stays dev.dioxus.main: the manifest, wry's generated Kotlin (WryActivity, RustWebView, Logger)
//   and the JNI symbols in libmain.so all use it;
// - the template's `typealias BuildConfig = {{application_id}}.BuildConfig` is written out with our app id,
//   because Gradle generates BuildConfig in the namespace `app.unknot.recovery` while wry's Logger.kt looks
//   it up in dev.dioxus.main. It must match `[bundle] identifier` (scripts/check-mobile.sh checks).
//
// The back button (dioxus issue #5155): wry's WryActivity only goes back when WebView.canGoBack(), but the
// Dioxus router keeps its history in Rust (a MemoryHistory), so the webview never has a page to go back to
// and Android leaves the app from any screen. Instead, every back press asks the app: the mobile launcher
// (src/main.rs) installs `window.unknotNative.back()`, which returns true and takes the router back one
// screen when there is one (or just returns true while the player's touch lock is up). When it returns anything else (first screen, or the page not loaded yet), the
// app goes to the background like any Android app at its first screen. moveTaskToBack keeps the process
// and a running routine alive; finish() would end the activity, which tao cannot start again in-process.
//
// Configuration changes (dark mode, font or display size, language, split screen, a foldable): the manifest's
// configChanges lists them all, so Android keeps this activity and calls onConfigurationChanged instead of
// recreating it (a recreated activity ends the app: tao cannot start again in-process). The WebView then
// gets the new configuration like any view; for dark mode it re-reads the theme's isLightTheme (the theme is
// AppCompat DayNight, see the manifest) and updates prefers-color-scheme. Whether the activity's theme has
// already been switched to its night variant when the WebView hears of the change depends on the order in
// which Android and AppCompat apply it, so when the night bit flips we hand the WebView the configuration
// once more, on the next turn of the UI thread, when the theme is certain to be up to date.
//
// Text size: a WebView does not follow the system font scale by itself (its text zoom stays at 100%), so the
// runner's font-size setting would be ignored. We set the text zoom from the font scale when the WebView is
// made and whenever the setting changes; the page sizes everything in rem from a percentage root
// (assets/app.css), so the whole UI grows with it.
//
// Below MainActivity: the native side of cues with the screen off (issue #15) — UnknotCues (the cue player
// the Rust conductor hands its schedule to, speech, audio focus, the notification's state and actions),
// CueService (the foreground service of type mediaPlayback that keeps the process, the player and a partial
// wake lock alive for the length of a session) — and UnknotFiles (the system's document pickers). They live in
// this file because dx copies only this one Kotlin file into the app (see docs/PHONES.md, "Native code").
// Every method Rust calls over JNI is annotated @JvmStatic and checked against src/platform/*.rs by
// scripts/check-jni.py; mobile/android/unknot-jni.pro keeps them through release minification.

import android.Manifest
import android.app.Activity
import android.app.AlertDialog
import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.app.Service
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.content.pm.ServiceInfo
import android.content.res.Configuration
import android.graphics.drawable.Icon
import android.media.AudioAttributes
import android.media.AudioFocusRequest
import android.media.AudioFormat
import android.media.AudioManager
import android.media.AudioTrack
import android.media.ToneGenerator
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.os.Handler
import android.os.HandlerThread
import android.os.IBinder
import android.os.PowerManager
import android.os.SystemClock
import android.os.VibrationEffect
import android.os.Vibrator
import android.os.VibratorManager
import android.provider.OpenableColumns
import android.speech.tts.TextToSpeech
import android.speech.tts.UtteranceProgressListener
import android.webkit.WebView
import android.widget.Toast
import androidx.activity.OnBackPressedCallback
import kotlin.math.roundToInt
import java.util.Locale
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue

typealias BuildConfig = app.unknot.recovery.BuildConfig

class MainActivity : WryActivity() {
    private var webView: WebView? = null
    private var nightMode = Configuration.UI_MODE_NIGHT_UNDEFINED

    // Turn off WryActivity.onKeyDown's WebView.canGoBack() handling: back presses reach the dispatcher below.
    override val handleBackNavigation: Boolean = false

    override fun onWebViewCreate(webView: WebView) {
        this.webView = webView
        followFontScale(webView, resources.configuration)
    }

    private fun followFontScale(view: WebView, config: Configuration) {
        val zoom = (config.fontScale * 100f).roundToInt().coerceIn(50, 300)
        if (view.settings.textZoom != zoom) view.settings.textZoom = zoom
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        nightMode = resources.configuration.uiMode and Configuration.UI_MODE_NIGHT_MASK
        onBackPressedDispatcher.addCallback(this, object : OnBackPressedCallback(true) {
            override fun handleOnBackPressed() {
                goBackOrLeave()
            }
        })
    }

    override fun onConfigurationChanged(newConfig: Configuration) {
        super.onConfigurationChanged(newConfig)
        webView?.let { followFontScale(it, newConfig) }
        val night = newConfig.uiMode and Configuration.UI_MODE_NIGHT_MASK
        if (night == nightMode) return
        nightMode = night
        val view = webView ?: return
        // The page's CSS follows prefers-color-scheme; no reload, nothing else in the page is touched.
        view.post { view.dispatchConfigurationChanged(resources.configuration) }
    }

    // The document pickers (UnknotFiles) are started from this activity and answer here.
    @Deprecated("Activity Result API needs registration before onStart; the pickers are opened on demand")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        if (!UnknotFiles.onResult(this, requestCode, resultCode, data)) {
            @Suppress("DEPRECATION")
            super.onActivityResult(requestCode, resultCode, data)
        }
    }

    private fun goBackOrLeave() {
        val view = webView
        if (view == null) {
            moveTaskToBack(true)
            return
        }
        // Runs on the UI thread; the result is the JSON of the script's value ("true", "false", "null").
        view.evaluateJavascript(ASK_APP_TO_GO_BACK) { handled ->
            if (handled != "true") {
                moveTaskToBack(true)
            }
        }
    }

    private companion object {
        const val ASK_APP_TO_GO_BACK =
            "(function(){try{var n=window.unknotNative;return !!(n&&n.back&&n.back());}catch(e){return false;}})()"
    }
}


/**
 * The native cue player. Rust hands it the coming cues — a minute ahead, each a channel, a cue number and a
 * delay — and it plays them on its own HandlerThread at their instants, on the uptime clock (the same
 * CLOCK_MONOTONIC as Rust's Instant), whether or not the WebView or the app's UI thread is awake. A cancel
 * drops what a channel holds and has not begun (pause, skip, back, end). Each cue's vibration waveform and
 * sound (PCM, generated in Rust from the one cue table) are handed over once per session by define().
 *
 * Invariants: nothing plays after cancel() of its channel or after finish(); audio focus is held only while
 * a cue or speech is sounding, as AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK (music ducks briefly, never stops); a
 * notification action pauses or ends the cues here at once and is queued for the session engine, which takes
 * it with takeAction() — the engine stays the one owner of the session's state.
 */
object UnknotCues {
    const val CHANNEL_HAPTIC = 0
    const val CHANNEL_SOUND = 1
    const val CHANNEL_VOICE = 2

    // RemoteAction::code in src/session/remote.rs.
    const val ACTION_NONE = 0
    const val ACTION_PAUSE = 1
    const val ACTION_RESUME = 2
    const val ACTION_END = 3

    private const val ASKED_NOTIFICATIONS = "asked-notifications"
    private const val NOTIFICATION_REQUEST = 15
    const val WHY_NOTIFICATIONS =
        "While a routine runs, Unknot shows the step and the time left in a notification, with Pause and End " +
            "buttons, so you can follow it with the screen locked or another app open. The routine and its " +
            "cues run either way."

    private class CueData(val timings: LongArray, val amplitudes: IntArray, val pcm: ShortArray, val rate: Int) {
        var track: AudioTrack? = null
    }

    /** What the notification shows; read by CueService. */
    class Playing(val title: String, val detail: String, val endsAt: Long, val leftMs: Long, val paused: Boolean)

    private val thread = HandlerThread("unknot-cues").apply { start() }
    private val handler = Handler(thread.looper)
    // One token per channel, so a cancel removes exactly that channel's pending cues.
    private val tokens = arrayOf(Any(), Any(), Any())
    private val focusToken = Any()
    private val cues = ConcurrentHashMap<Int, CueData>()
    private val actions = ConcurrentLinkedQueue<Int>()
    @Volatile private var app: Context? = null
    @Volatile var playing: Playing? = null
        private set

    // Touched on the player thread only.
    private var tts: TextToSpeech? = null
    private var voice = false
    private var focus: AudioFocusRequest? = null

    private val cueAttributes: AudioAttributes = AudioAttributes.Builder()
        .setUsage(AudioAttributes.USAGE_MEDIA)
        .setContentType(AudioAttributes.CONTENT_TYPE_SONIFICATION)
        .build()

    // A vibration without attributes has "unknown" usage, which Battery Saver and the media-vibration
    // setting silence (AOSP VibrationSettings); alarm usage is a timer's, and is let through.
    private val vibrationAttributes: AudioAttributes = AudioAttributes.Builder()
        .setUsage(AudioAttributes.USAGE_ALARM)
        .setContentType(AudioAttributes.CONTENT_TYPE_SONIFICATION)
        .build()

    /** A cue's waveform (off-first timings, amplitudes) and sound (16-bit mono PCM at [sampleRate]). */
    @JvmStatic
    fun define(kind: Int, timings: LongArray, amplitudes: IntArray, pcm: ShortArray, sampleRate: Int) {
        handler.post { cues.put(kind, CueData(timings, amplitudes, pcm, sampleRate))?.track?.release() }
    }

    /** A session starts, inside the Start tap: the foreground service, the voice, the notification permission. */
    @JvmStatic
    fun begin(activity: Activity) {
        val context = activity.applicationContext
        app = context
        actions.clear()
        playing = null
        askForNotificationsOnce(activity)
        // Android 12+ lets an app start a foreground service only while it is in the foreground: this call
        // comes from the Start tap.
        context.startForegroundService(Intent(context, CueService::class.java))
        handler.post {
            if (tts == null) {
                tts = TextToSpeech(context) { status ->
                    handler.post { voice = status == TextToSpeech.SUCCESS && hasVoice() }
                }
            }
        }
    }

    /** The session is over (done, ended, or the player left): silence, release, stop the service. */
    @JvmStatic
    fun finish() {
        for (token in tokens) handler.removeCallbacksAndMessages(token)
        actions.clear()
        playing = null
        app?.let { it.stopService(Intent(it, CueService::class.java)) }
        handler.post {
            tts?.stop()
            tts?.shutdown()
            tts = null
            voice = false
            releaseFocus()
            for (cue in cues.values) {
                cue.track?.release()
                cue.track = null
            }
        }
    }

    /** Plays cue [kind] on [channel] in [delayMs] from now. */
    @JvmStatic
    fun schedule(channel: Int, kind: Int, delayMs: Long) {
        if (channel !in tokens.indices) return
        val at = SystemClock.uptimeMillis() + delayMs.coerceAtLeast(0)
        handler.postAtTime({ play(channel, kind) }, tokens[channel], at)
    }

    /** Drops what [channel] holds and has not begun; for the voice, stops speaking. */
    @JvmStatic
    fun cancel(channel: Int) {
        if (channel !in tokens.indices) return
        handler.removeCallbacksAndMessages(tokens[channel])
        if (channel == CHANNEL_VOICE) handler.post { tts?.stop() }
    }

    /** Says [text] now with the phone's offline voice, or sounds a tone where it has none. */
    @JvmStatic
    fun speak(text: String) {
        handler.postAtTime({
            val engine = tts
            if (!takeFocus()) {
                // A phone call (or another app holding exclusive focus): say nothing over it.
            } else if (engine != null && voice) {
                engine.setAudioAttributes(cueAttributes)
                engine.speak(text, TextToSpeech.QUEUE_FLUSH, null, "unknot-cue")
            } else {
                // No voice installed (or not ready yet): a short tone, so the moment is not lost.
                val tone = ToneGenerator(AudioManager.STREAM_MUSIC, 80)
                tone.startTone(ToneGenerator.TONE_PROP_ACK, 150)
                handler.postDelayed({ tone.release() }, 500)
            }
        }, tokens[CHANNEL_VOICE], SystemClock.uptimeMillis())
    }

    /** What the notification shows: routine, step and side, the time left in this part, paused or not. */
    @JvmStatic
    fun nowPlaying(title: String, detail: String, endsInMs: Long, paused: Boolean) {
        playing = Playing(title, detail, System.currentTimeMillis() + endsInMs, endsInMs, paused)
        app?.let { CueService.refresh(it) }
    }

    /** The oldest notification action not yet taken by the session engine, ACTION_NONE if there is none. */
    @JvmStatic
    fun takeAction(): Int = actions.poll() ?: ACTION_NONE

    /** A notification button: act on the cues here at once (the app may be asleep), then tell the engine. */
    fun remote(context: Context, action: Int) {
        if (action == ACTION_PAUSE || action == ACTION_END) {
            for (token in tokens) handler.removeCallbacksAndMessages(token)
            handler.post { tts?.stop() }
        }
        actions.add(action)
        val now = playing
        if (now != null && action != ACTION_END) {
            val paused = action == ACTION_PAUSE
            val left = if (now.paused) now.leftMs else (now.endsAt - System.currentTimeMillis()).coerceAtLeast(0)
            playing = Playing(now.title, now.detail, System.currentTimeMillis() + left, left, paused)
            CueService.refresh(context)
        }
    }

    private fun play(channel: Int, kind: Int) {
        val context = app ?: return
        val cue = cues[kind] ?: return
        when (channel) {
            CHANNEL_HAPTIC -> vibrate(context, cue)
            CHANNEL_SOUND -> sound(cue)
        }
    }

    private fun vibrate(context: Context, cue: CueData) {
        val vibrator: Vibrator = if (Build.VERSION.SDK_INT >= 31) {
            context.getSystemService(VibratorManager::class.java).defaultVibrator
        } else {
            @Suppress("DEPRECATION")
            context.getSystemService(Context.VIBRATOR_SERVICE) as Vibrator
        }
        val effect = if (vibrator.hasAmplitudeControl()) {
            VibrationEffect.createWaveform(cue.timings, cue.amplitudes, -1)
        } else {
            VibrationEffect.createWaveform(cue.timings, -1)
        }
        @Suppress("DEPRECATION")
        vibrator.vibrate(effect, vibrationAttributes)
    }

    private fun sound(cue: CueData) {
        val track = cue.track ?: AudioTrack.Builder()
            .setAudioAttributes(cueAttributes)
            .setAudioFormat(
                AudioFormat.Builder()
                    .setEncoding(AudioFormat.ENCODING_PCM_16BIT)
                    .setSampleRate(cue.rate)
                    .setChannelMask(AudioFormat.CHANNEL_OUT_MONO)
                    .build()
            )
            .setTransferMode(AudioTrack.MODE_STATIC)
            .setBufferSizeInBytes(cue.pcm.size * 2)
            .build()
            .also {
                it.write(cue.pcm, 0, cue.pcm.size)
                cue.track = it
            }
        // Refused during a phone call: the cue is not played over the call (the vibration still is).
        if (!takeFocus()) return
        if (track.playState != AudioTrack.PLAYSTATE_STOPPED) track.stop()
        track.reloadStaticData()
        track.play()
        // Give the focus back shortly after the sound ends, unless another cue takes it first.
        val lengthMs = cue.pcm.size * 1000L / cue.rate
        handler.removeCallbacksAndMessages(focusToken)
        handler.postAtTime({ releaseFocus() }, focusToken, SystemClock.uptimeMillis() + lengthMs + 300)
    }

    // Music and podcasts duck for a cue instead of stopping (AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK). False when
    // the system refuses (a phone call holds the focus).
    private fun takeFocus(): Boolean {
        val context = app ?: return false
        handler.removeCallbacksAndMessages(focusToken)
        if (focus != null) return true
        val request = AudioFocusRequest.Builder(AudioManager.AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK)
            .setAudioAttributes(cueAttributes)
            .setOnAudioFocusChangeListener { }
            .build()
        val granted = context.getSystemService(AudioManager::class.java).requestAudioFocus(request)
        if (granted != AudioManager.AUDIOFOCUS_REQUEST_GRANTED) return false
        focus = request
        return true
    }

    private fun releaseFocus() {
        val request = focus ?: return
        app?.getSystemService(AudioManager::class.java)?.abandonAudioFocusRequest(request)
        focus = null
    }

    private fun hasVoice(): Boolean {
        val engine = tts ?: return false
        engine.setOnUtteranceProgressListener(object : UtteranceProgressListener() {
            override fun onStart(utteranceId: String?) {}
            override fun onDone(utteranceId: String?) {
                handler.postAtTime({ releaseFocus() }, focusToken, SystemClock.uptimeMillis() + 300)
            }
            @Deprecated("Deprecated in Java")
            override fun onError(utteranceId: String?) {
                handler.postAtTime({ releaseFocus() }, focusToken, SystemClock.uptimeMillis() + 300)
            }
        })
        val available = engine.isLanguageAvailable(Locale.getDefault())
        if (available >= TextToSpeech.LANG_AVAILABLE) {
            engine.setLanguage(Locale.getDefault())
            return true
        }
        return engine.isLanguageAvailable(Locale.ENGLISH) >= TextToSpeech.LANG_AVAILABLE &&
            engine.setLanguage(Locale.ENGLISH) >= TextToSpeech.LANG_AVAILABLE
    }

    // Android 13+ shows no notification without POST_NOTIFICATIONS. Asked once, at the first Start, after a
    // sentence saying why; the routine runs whatever the answer (the service still keeps the cues going).
    private fun askForNotificationsOnce(activity: Activity) {
        if (Build.VERSION.SDK_INT < 33) return
        if (activity.checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED) return
        val prefs = activity.getSharedPreferences("unknot", Context.MODE_PRIVATE)
        if (prefs.getBoolean(ASKED_NOTIFICATIONS, false)) return
        prefs.edit().putBoolean(ASKED_NOTIFICATIONS, true).apply()
        activity.runOnUiThread {
            AlertDialog.Builder(activity)
                .setTitle("Show the routine in a notification?")
                .setMessage(WHY_NOTIFICATIONS)
                .setPositiveButton("Continue") { _, _ ->
                    activity.requestPermissions(arrayOf(Manifest.permission.POST_NOTIFICATIONS), NOTIFICATION_REQUEST)
                }
                .setNegativeButton("Not now", null)
                .show()
        }
    }
}

/**
 * The foreground service (type mediaPlayback: the cues are audible content) that runs for the length of a
 * session: it keeps the process — and with it UnknotCues's player and the Rust session loop — running with
 * the screen off or another app in front (Android also ignores the vibrations of a background app without
 * one), holds a partial wake lock, and shows the ongoing notification with Pause/Resume and End.
 * Started by UnknotCues.begin() from the Start tap, stopped by finish(); ends with the app's task when the
 * app is swiped away (onTaskRemoved: the manifest's stopWithTask is false so that the player is silenced
 * here first, instead of the system stopping the service with cues still queued on the player's thread).
 */
class CueService : Service() {
    private var wakeLock: PowerManager.WakeLock? = null

    override fun onBind(intent: Intent?): IBinder? = null

    override fun onCreate() {
        super.onCreate()
        val channel = NotificationChannel(CHANNEL, "Routine in progress", NotificationManager.IMPORTANCE_LOW)
        channel.description = "The running routine's step and time left, with Pause and End"
        channel.setShowBadge(false)
        getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
        // Held only while the service runs, i.e. while a session runs; the timeout is a backstop should the
        // service somehow outlive its session.
        wakeLock = getSystemService(PowerManager::class.java)
            .newWakeLock(PowerManager.PARTIAL_WAKE_LOCK, "unknot:session")
            .apply {
                setReferenceCounted(false)
                acquire(MAX_SESSION_MS)
            }
    }

    override fun onStartCommand(intent: Intent?, flags: Int, startId: Int): Int {
        when (intent?.action) {
            ACTION_PAUSE -> UnknotCues.remote(this, UnknotCues.ACTION_PAUSE)
            ACTION_RESUME -> UnknotCues.remote(this, UnknotCues.ACTION_RESUME)
            ACTION_END -> UnknotCues.remote(this, UnknotCues.ACTION_END)
        }
        val notification = build(this)
        if (Build.VERSION.SDK_INT >= 29) {
            startForeground(NOTIFICATION_ID, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_MEDIA_PLAYBACK)
        } else {
            startForeground(NOTIFICATION_ID, notification)
        }
        // Not restarted by the system after a kill: a session cannot be resumed without the app.
        return START_NOT_STICKY
    }

    override fun onTaskRemoved(rootIntent: Intent?) {
        // Swiped away from Recents: the session ends with the app (nothing is written mid-session, so the
        // journal is untouched).
        UnknotCues.finish()
        stopSelf()
        super.onTaskRemoved(rootIntent)
    }

    override fun onDestroy() {
        wakeLock?.let { if (it.isHeld) it.release() }
        wakeLock = null
        super.onDestroy()
    }

    companion object {
        const val CHANNEL = "session"
        const val NOTIFICATION_ID = 15
        const val ACTION_PAUSE = "app.unknot.recovery.PAUSE"
        const val ACTION_RESUME = "app.unknot.recovery.RESUME"
        const val ACTION_END = "app.unknot.recovery.END"
        const val MAX_SESSION_MS = 4L * 60 * 60 * 1000

        /** Redraws the notification with UnknotCues.playing (does nothing without POST_NOTIFICATIONS). */
        fun refresh(context: Context) {
            if (UnknotCues.playing == null) return
            context.getSystemService(NotificationManager::class.java).notify(NOTIFICATION_ID, build(context))
        }

        fun build(context: Context): Notification {
            val now = UnknotCues.playing
            val builder = Notification.Builder(context, CHANNEL)
                .setSmallIcon(android.R.drawable.ic_media_play)
                .setOngoing(true)
                .setOnlyAlertOnce(true)
                .setCategory(Notification.CATEGORY_STOPWATCH)
                .setVisibility(Notification.VISIBILITY_PUBLIC)
                .setContentIntent(openApp(context))
            if (now == null) {
                return builder.setContentTitle("Unknot").setContentText("Starting the routine").build()
            }
            builder.setContentTitle(now.title)
            if (now.paused) {
                val secs = (now.leftMs + 999) / 1000
                val left = String.format(Locale.ROOT, "%d:%02d", secs / 60, secs % 60)
                builder.setContentText("Paused · ${now.detail} · $left left")
                    .setShowWhen(false)
                    .addAction(action(context, ACTION_RESUME, android.R.drawable.ic_media_play, "Resume", 2))
            } else {
                // The system counts down to the end of this part by itself: no update every second.
                builder.setContentText(now.detail)
                    .setWhen(now.endsAt)
                    .setShowWhen(true)
                    .setUsesChronometer(true)
                    .setChronometerCountDown(true)
                    .addAction(action(context, ACTION_PAUSE, android.R.drawable.ic_media_pause, "Pause", 1))
            }
            return builder.addAction(action(context, ACTION_END, android.R.drawable.ic_menu_close_clear_cancel, "End", 3)).build()
        }

        private fun action(context: Context, name: String, icon: Int, label: String, code: Int): Notification.Action {
            val intent = Intent(context, CueService::class.java).setAction(name)
            val pending = PendingIntent.getService(
                context, code, intent, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT
            )
            return Notification.Action.Builder(Icon.createWithResource(context, icon), label, pending).build()
        }

        // A tap on the notification brings the app back as it was (the player, in the same state).
        private fun openApp(context: Context): PendingIntent? {
            val launch = context.packageManager.getLaunchIntentForPackage(context.packageName) ?: return null
            launch.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_RESET_TASK_IF_NEEDED)
            return PendingIntent.getActivity(
                context, 0, launch, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT
            )
        }
    }
}

/**
 * The system's document pickers, because Dioxus 0.7.10 hands no file from <input type=file> to the app on
 * Android (dioxus issues #3720, #3849): import through ACTION_OPEN_DOCUMENT, export through
 * ACTION_CREATE_DOCUMENT (the user picks where: Downloads, a cloud drive, ...). An import's outcome is queued
 * for Rust, which takes it with takeResult(): [outcome, name, text] where outcome is "ok" (text: the file's
 * contents), "cancelled" or "error" (text: why). An export's outcome is shown here, in a toast: the copy in
 * the app's exports folder has already been written by Rust, so nothing waits for it.
 * A run file (GPX or FIT, picked with pickRunFile) is binary, so it is never turned into text: its outcome is
 * queued apart, takeRunFile() gives [outcome, name, why] and moves its bytes aside, and takeRunFileBytes()
 * hands those bytes over as a byte[] (Rust calls the two in turn from one thread). Both kinds of file are
 * read under the same cap, also when the provider does not say the size.
 */
object UnknotFiles {
    private const val REQUEST_IMPORT = 1501
    private const val REQUEST_EXPORT = 1502
    private const val REQUEST_RUN_FILE = 1503
    // A journal export is a few MB at most; a bigger file is not one of ours.
    private const val MAX_BYTES = 32L * 1024 * 1024
    private val results = ConcurrentLinkedQueue<Array<String>>()
    private class RunFile(val words: Array<String>, val bytes: ByteArray)
    private val runResults = ConcurrentLinkedQueue<RunFile>()
    @Volatile private var takenRunBytes: ByteArray = ByteArray(0)
    @Volatile private var pendingExport: String? = null

    @JvmStatic
    fun pickImport(activity: Activity) {
        val intent = Intent(Intent.ACTION_OPEN_DOCUMENT)
            .addCategory(Intent.CATEGORY_OPENABLE)
            .setType("*/*")
            .putExtra(Intent.EXTRA_MIME_TYPES, arrayOf("application/json", "text/csv", "text/comma-separated-values", "text/plain"))
        activity.runOnUiThread {
            @Suppress("DEPRECATION")
            activity.startActivityForResult(intent, REQUEST_IMPORT)
        }
    }

    @JvmStatic
    fun pickRunFile(activity: Activity) {
        // GPX has its own MIME type; FIT's is rarely known, so providers give it application/octet-stream.
        val intent = Intent(Intent.ACTION_OPEN_DOCUMENT)
            .addCategory(Intent.CATEGORY_OPENABLE)
            .setType("*/*")
            .putExtra(Intent.EXTRA_MIME_TYPES, arrayOf("application/gpx+xml", "application/vnd.ant.fit", "application/octet-stream", "application/xml", "text/xml"))
        activity.runOnUiThread {
            @Suppress("DEPRECATION")
            activity.startActivityForResult(intent, REQUEST_RUN_FILE)
        }
    }

    @JvmStatic
    fun takeRunFile(): Array<String>? {
        val picked = runResults.poll() ?: return null
        takenRunBytes = picked.bytes
        return picked.words
    }

    @JvmStatic
    fun takeRunFileBytes(): ByteArray {
        val bytes = takenRunBytes
        takenRunBytes = ByteArray(0)
        return bytes
    }

    @JvmStatic
    fun createExport(activity: Activity, name: String, mime: String, contents: String) {
        pendingExport = contents
        val intent = Intent(Intent.ACTION_CREATE_DOCUMENT)
            .addCategory(Intent.CATEGORY_OPENABLE)
            .setType(mime)
            .putExtra(Intent.EXTRA_TITLE, name)
        activity.runOnUiThread {
            @Suppress("DEPRECATION")
            activity.startActivityForResult(intent, REQUEST_EXPORT)
        }
    }

    @JvmStatic
    fun takeResult(): Array<String>? = results.poll()

    fun onResult(activity: Activity, requestCode: Int, resultCode: Int, data: Intent?): Boolean {
        if (requestCode != REQUEST_IMPORT && requestCode != REQUEST_EXPORT && requestCode != REQUEST_RUN_FILE) return false
        val uri = data?.data
        if (resultCode != Activity.RESULT_OK || uri == null) {
            if (requestCode == REQUEST_IMPORT) results.add(arrayOf("cancelled", "", ""))
            if (requestCode == REQUEST_RUN_FILE) runResults.add(RunFile(arrayOf("cancelled", "", ""), ByteArray(0)))
            pendingExport = null
            return true
        }
        val resolver = activity.contentResolver
        // Off the UI thread: a cloud provider may take a while.
        Thread {
            val name = displayName(activity, uri)
            try {
                if (requestCode == REQUEST_IMPORT) {
                    val text = readCapped(activity, uri, name, "a journal export").toString(Charsets.UTF_8)
                    results.add(arrayOf("ok", name, text))
                } else if (requestCode == REQUEST_RUN_FILE) {
                    runResults.add(RunFile(arrayOf("ok", name, ""), readCapped(activity, uri, name, "a run file")))
                } else {
                    val contents = pendingExport ?: ""
                    pendingExport = null
                    resolver.openOutputStream(uri, "wt")?.use { it.write(contents.toByteArray(Charsets.UTF_8)) }
                        ?: throw IllegalStateException("$name could not be written")
                    activity.runOnUiThread { Toast.makeText(activity, "Saved $name", Toast.LENGTH_SHORT).show() }
                }
            } catch (e: Exception) {
                val why = e.message ?: e.toString()
                when (requestCode) {
                    REQUEST_IMPORT -> results.add(arrayOf("error", name, why))
                    REQUEST_RUN_FILE -> runResults.add(RunFile(arrayOf("error", name, why), ByteArray(0)))
                    else -> activity.runOnUiThread { Toast.makeText(activity, "Could not save $name: $why", Toast.LENGTH_LONG).show() }
                }
            }
        }.start()
        return true
    }

    // Reads at most MAX_BYTES + 1 bytes: a provider that does not tell the size (or tells it wrong) cannot
    // make the app read a huge file whole.
    private fun readCapped(activity: Activity, uri: Uri, name: String, what: String): ByteArray {
        val resolver = activity.contentResolver
        val tooLarge = "it is larger than ${MAX_BYTES / (1024 * 1024)} MB, too large to be $what"
        val size = resolver.query(uri, arrayOf(OpenableColumns.SIZE), null, null, null)?.use {
            if (it.moveToFirst() && !it.isNull(0)) it.getLong(0) else -1L
        } ?: -1L
        if (size > MAX_BYTES) throw IllegalArgumentException(tooLarge)
        val stream = resolver.openInputStream(uri) ?: throw IllegalStateException("$name could not be opened")
        val out = java.io.ByteArrayOutputStream()
        stream.use {
            val buffer = ByteArray(64 * 1024)
            var total = 0L
            while (true) {
                val n = it.read(buffer)
                if (n < 0) break
                total += n
                if (total > MAX_BYTES) throw IllegalArgumentException(tooLarge)
                out.write(buffer, 0, n)
            }
        }
        return out.toByteArray()
    }

    private fun displayName(activity: Activity, uri: Uri): String =
        activity.contentResolver.query(uri, arrayOf(OpenableColumns.DISPLAY_NAME), null, null, null)?.use {
            if (it.moveToFirst() && !it.isNull(0)) it.getString(0) else null
        } ?: (uri.lastPathSegment ?: "the file")
}
