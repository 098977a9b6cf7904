//! Launch only: pick the platform's configuration and start the app (the journal is opened by `ui::App`
//! through the platform layer).

#[cfg(feature = "desktop")]
fn main() {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    unknot::platform::trace(|| "main".into());
    // Before any thread starts: it sets environment variables for WebKit.
    unknot::platform::prepare_webview();
    // The journal opens while the window and WebKit start; the first render takes it from there.
    unknot::platform::open_journal_early();
    let window = WindowBuilder::new()
        .with_title("Unknot")
        // A phone-sized window: the layout is mobile-first.
        .with_inner_size(LogicalSize::new(430.0, 900.0))
        .with_min_inner_size(LogicalSize::new(320.0, 560.0));
    // The stylesheet in the page from the start: the first frame with content is styled.
    let config = Config::new()
        .with_window(window)
        .with_menu(None)
        .with_disable_context_menu(true)
        .with_custom_head(unknot::ui::page_head());
    dioxus::LaunchBuilder::desktop().with_cfg(config).launch(unknot::ui::App);
}

#[cfg(all(feature = "mobile", not(feature = "desktop")))]
fn main() {
    // The page dioxus-desktop serves has its own viewport meta without `viewport-fit=cover`; the one in
    // `page_head` comes after it, so from the first paint the app draws under the notch and home indicator;
    // the stylesheet is there from the first paint too.
    let config = dioxus::mobile::Config::new().with_custom_head(unknot::ui::page_head());
    dioxus::LaunchBuilder::mobile().with_cfg(config).launch(phone::Root);
}

/// Phones: the app under a router history that Android's back button can drive (dioxus issue #5155).
///
/// dioxus-desktop (which runs the phones too) gives the router an in-memory history, so the webview itself
/// never has a page to go back to and `WebView.canGoBack()` is always false: wry's back handling never
/// fires and Android leaves the app from any screen. Here the same in-memory history is wrapped so that
/// (1) the webview always knows whether there is a screen to go back to, through
/// `window.unknotNative.back()`, which `mobile/android/MainActivity.kt` calls on every back press, and
/// (2) a back press taken from outside the router still re-renders it (the router's `updater` callback).
/// At the first screen `back()` returns false and the activity goes to the background. On iOS nothing
/// calls the bridge; it costs one idle script.
#[cfg(all(feature = "mobile", not(feature = "desktop")))]
mod phone {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::sync::Arc;

    use dioxus::document::Eval;
    use dioxus::history::{History, MemoryHistory};
    use dioxus::prelude::*;

    /// `back()` answers from the last state Rust reported, and sends "back" when it says yes. While the
    /// player's touch lock is up (`.lock-overlay`, ui/views/player.rs) it swallows the press: the lock
    /// promises that a pocket or a knee cannot end a routine, and the back gesture is a touch too. The
    /// script never returns, so its channel to Rust stays open for the life of the page.
    const BACK_BRIDGE_JS: &str = r#"
        let canGoBack = false;
        window.unknotNative = window.unknotNative || {};
        window.unknotNative.back = function () {
            if (document.querySelector(".lock-overlay")) return true;
            if (!canGoBack) return false;
            dioxus.send("back");
            return true;
        };
        for (;;) { canGoBack = (await dioxus.recv()) === true; }
    "#;

    #[component]
    pub fn Root() -> Element {
        use_hook(|| {
            let history = Rc::new(BackHistory::default());
            // Shadows dioxus-desktop's history, which it provides above the app's root component.
            provide_context(history.clone() as Rc<dyn History>);
            spawn(listen_for_back(history));
        });
        rsx! { unknot::ui::App {} }
    }

    async fn listen_for_back(history: Rc<BackHistory>) {
        let mut bridge = document::eval(BACK_BRIDGE_JS);
        history.connect(bridge);
        while let Ok(message) = bridge.recv::<String>().await {
            if message == "back" {
                history.back_pressed();
            }
        }
    }

    /// dioxus-desktop's `MemoryHistory`, reporting `can_go_back` to the webview after every change.
    #[derive(Default)]
    struct BackHistory {
        memory: MemoryHistory,
        /// Re-renders the router; set by the router when it starts.
        router: RefCell<Option<Arc<dyn Fn() + Send + Sync>>>,
        webview: Cell<Option<Eval>>,
    }

    impl BackHistory {
        fn connect(&self, bridge: Eval) {
            self.webview.set(Some(bridge));
            self.report();
        }

        fn report(&self) {
            if let Some(bridge) = self.webview.get() {
                let _ = bridge.send(self.memory.can_go_back());
            }
        }

        /// A back press from Android: one screen back, as the router's own `go_back` would do.
        fn back_pressed(&self) {
            if self.memory.can_go_back() {
                self.memory.go_back();
                let rerender = self.router.borrow().clone();
                if let Some(rerender) = rerender {
                    rerender();
                }
            }
            self.report();
        }
    }

    impl History for BackHistory {
        fn current_route(&self) -> String {
            self.memory.current_route()
        }

        fn current_prefix(&self) -> Option<String> {
            self.memory.current_prefix()
        }

        fn can_go_back(&self) -> bool {
            self.memory.can_go_back()
        }

        fn go_back(&self) {
            self.memory.go_back();
            self.report();
        }

        fn can_go_forward(&self) -> bool {
            self.memory.can_go_forward()
        }

        fn go_forward(&self) {
            self.memory.go_forward();
            self.report();
        }

        fn push(&self, route: String) {
            self.memory.push(route);
            self.report();
        }

        fn replace(&self, path: String) {
            self.memory.replace(path);
        }

        fn updater(&self, callback: Arc<dyn Fn() + Send + Sync>) {
            *self.router.borrow_mut() = Some(callback);
        }
    }
}

#[cfg(all(feature = "web", not(any(feature = "desktop", feature = "mobile"))))]
fn main() {
    // Without this a panic in the browser shows only as "unreachable" (wasm has no stderr). scripts/build-web.sh
    // builds with panics that abort at once, which never reach a hook (scripts/web-cargo.sh); a build without
    // that flag, such as `dx build --platform web`, writes the message here.
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&format!("Unknot panicked: {info}").into())));
    // The IndexedDB-backed SQLite VFS must be registered before the journal opens: here, before the first
    // screen, for a returning runner (whose Home reads the journal); after it on a first visit, whose first
    // screen is the safety notes (the root opens the journal once they are painted).
    wasm_bindgen_futures::spawn_local(async {
        if unknot::platform::first_visit().await {
            unknot::platform::JOURNAL_AFTER_FIRST_SCREEN.store(true, std::sync::atomic::Ordering::Relaxed);
        } else if let Err(e) = unknot::platform::install_storage().await {
            web_sys::console::error_1(&format!("journal storage unavailable: {e}").into());
        }
        dioxus::LaunchBuilder::web().launch(unknot::ui::App);
    });
}

#[cfg(not(any(feature = "desktop", feature = "mobile", feature = "web")))]
fn main() {
    eprintln!("build with one of the features: desktop (default), web, mobile");
}
