//! Launch only: pick the platform's configuration and start the app (the journal is opened by `ui::App`
//! through the platform layer).

#[cfg(feature = "desktop")]
fn main() {
    use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
    let window = WindowBuilder::new()
        .with_title("Unknot")
        // A phone-sized window: the layout is mobile-first.
        .with_inner_size(LogicalSize::new(430.0, 900.0))
        .with_min_inner_size(LogicalSize::new(320.0, 560.0));
    let config = Config::new().with_window(window).with_menu(None).with_disable_context_menu(true);
    dioxus::LaunchBuilder::desktop().with_cfg(config).launch(unknot::ui::App);
}

#[cfg(all(feature = "mobile", not(feature = "desktop")))]
fn main() {
    dioxus::LaunchBuilder::mobile().launch(unknot::ui::App);
}

#[cfg(all(feature = "web", not(any(feature = "desktop", feature = "mobile"))))]
fn main() {
    // The IndexedDB-backed SQLite VFS must be registered before the journal opens.
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = unknot::platform::install_storage().await {
            web_sys::console::error_1(&format!("journal storage unavailable: {e}").into());
        }
        dioxus::LaunchBuilder::web().launch(unknot::ui::App);
    });
}

#[cfg(not(any(feature = "desktop", feature = "mobile", feature = "web")))]
fn main() {
    eprintln!("build with one of the features: desktop (default), web, mobile");
}
