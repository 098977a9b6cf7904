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

import android.content.res.Configuration
import android.os.Bundle
import android.webkit.WebView
import androidx.activity.OnBackPressedCallback
import kotlin.math.roundToInt

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
