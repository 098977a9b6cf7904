//! Prints the first screen of a first visit — the safety notes, exactly as the app's first render draws them
//! (`App` in its opening state, rendered by dioxus-ssr) — as HTML. `scripts/build-web.sh` puts it into the web
//! page (web/index.html), which shows it on a first visit while the wasm is still loading and compiling, and
//! hides it in the frame the app's own first screen is added. It must be rendered by the app's code, never
//! written by hand, so the two cannot differ (journey (s) compares them).
//!   cargo run --example first_screen_html > first-screen.html
//! An example because it needs dioxus-ssr, a dev-dependency; it is not part of any app build.

use chrono::DateTime;
use dioxus::prelude::*;
use dioxus_core::{ScopeId, VirtualDom};
use unknot::platform::SafetyMarker;
use unknot::ui::{App, AppState};

fn main() {
    let dom = VirtualDom::new(App);
    // Nothing on the first screen shows the time; any fixed instant keeps the output reproducible.
    let any_instant = DateTime::parse_from_rfc3339("2026-01-01T12:00:00+00:00").expect("a valid instant");
    let state = dom.in_scope(ScopeId::ROOT, || AppState::opening(SafetyMarker::None, any_instant));
    dom.provide_root_context(state);
    let mut dom = dom;
    dom.rebuild_in_place();
    let html = dioxus_ssr::render(&dom);
    assert!(html.contains("I understand"), "the first screen of a first visit is the safety notes: {html}");
    println!("{html}");
}
