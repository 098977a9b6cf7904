//! The bare Dioxus app of `examples/hello.rs` with one line of text that changes once a second: the floor
//! under what a session's once-a-second countdown can cost the desktop webview (scripts/bench-wakeups.sh
//! counts its wake-ups against the hello-world's, issue #16). Same window, same Dioxus features; its only
//! work is a tokio timer a second apart and one text edit each time, as the app's runner does between cues.
//! The webview is set up as the app sets it up (`platform::prepare_webview`: on a machine without a GPU the
//! page is painted on the CPU), so the floor is measured in the app's conditions.
//!   cargo build --release --example tick

#![cfg_attr(not(feature = "desktop"), allow(dead_code, unused_imports))]

use dioxus::prelude::*;

#[cfg(feature = "desktop")]
fn main() {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    unknot::platform::prepare_webview();
    let window = WindowBuilder::new()
        .with_title("Tick")
        .with_inner_size(LogicalSize::new(430.0, 900.0))
        .with_min_inner_size(LogicalSize::new(320.0, 560.0));
    let config = Config::new().with_window(window).with_menu(None).with_disable_context_menu(true);
    dioxus::LaunchBuilder::desktop().with_cfg(config).launch(App);
}

#[cfg(not(feature = "desktop"))]
fn main() {
    eprintln!("build with the desktop (default) feature");
}

#[component]
fn App() -> Element {
    let mut seconds = use_signal(|| 0u64);
    #[cfg(feature = "desktop")]
    use_future(move || async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            seconds += 1;
        }
    });
    rsx! {
        main {
            h1 { "Hello, world!" }
            p { "A bare Dioxus app." }
            p { "{seconds} s" }
        }
    }
}
