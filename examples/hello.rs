//! A bare Dioxus app, the yardstick for Unknot's start-up, memory and size figures (scripts/bench.sh):
//! the same Dioxus version and features as the app, the same window (430×900, no menu), and nothing else.
//!   desktop: cargo build --release --example hello
//!   web:     cargo build --release --example hello --target wasm32-unknown-unknown --no-default-features --features web

#![cfg_attr(not(any(feature = "desktop", feature = "web")), allow(dead_code, unused_imports))]

use dioxus::prelude::*;

#[cfg(feature = "desktop")]
fn main() {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    let window = WindowBuilder::new()
        .with_title("Hello")
        .with_inner_size(LogicalSize::new(430.0, 900.0))
        .with_min_inner_size(LogicalSize::new(320.0, 560.0));
    let config = Config::new().with_window(window).with_menu(None).with_disable_context_menu(true);
    dioxus::LaunchBuilder::desktop().with_cfg(config).launch(App);
}

#[cfg(all(feature = "web", not(feature = "desktop")))]
fn main() {
    dioxus::LaunchBuilder::web().launch(App);
}

#[cfg(not(any(feature = "desktop", feature = "web")))]
fn main() {
    eprintln!("build with the desktop (default) or web feature");
}

#[component]
fn App() -> Element {
    rsx! {
        main {
            h1 { "Hello, world!" }
            p { "A bare Dioxus app." }
        }
    }
}
