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

import android.os.Bundle
import android.webkit.WebView
import androidx.activity.OnBackPressedCallback

typealias BuildConfig = app.unknot.recovery.BuildConfig

class MainActivity : WryActivity() {
    private var webView: WebView? = null

    // Turn off WryActivity.onKeyDown's WebView.canGoBack() handling: back presses reach the dispatcher below.
    override val handleBackNavigation: Boolean = false

    override fun onWebViewCreate(webView: WebView) {
        this.webView = webView
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        onBackPressedDispatcher.addCallback(this, object : OnBackPressedCallback(true) {
            override fun handleOnBackPressed() {
                goBackOrLeave()
            }
        })
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
