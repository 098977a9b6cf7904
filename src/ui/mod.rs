//! The Dioxus UI: routes, the tab layout, shared state, and the screens in `views/`. Thin over the core:
//! views read [`AppState`] from context and call into `content`, `session` and `journal`; they never open
//! files or read clocks (the shell does that in event handlers and in the session runner).

mod body_map;
mod components;
pub mod runner;
mod state;
pub mod views;

use dioxus::prelude::*;

pub use state::{library, AppState};
use views::*;

/// The app's CSS, inlined: `asset!` paths only resolve when bundled by `dx`, and the web and desktop builds
/// here are not, so inlining is the one way that works in every build. It goes into the page's head before
/// the app starts (`main.rs` for desktop and phones, `scripts/build-web.sh` into the web page), so the first
/// frame with content is already styled: a style element added by the app arrives a moment after its
/// content (dioxus queues it as an effect; on desktop through a script evaluated in the webview).
pub const APP_CSS: &str = include_str!("../../assets/app.css");

/// The head for desktop and phone webviews: the stylesheet, and the viewport drawn under the notch and home
/// indicator (app.css's env(safe-area-inset-*) padding keeps the content clear of them).
pub fn page_head() -> String {
    format!(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<style>{APP_CSS}{}</style>",
        crate::platform::PLATFORM_CSS
    )
}

#[derive(Routable, Clone, PartialEq, Debug)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Home {},
        #[route("/routines")]
        Routines {},
        #[route("/routines/:id")]
        RoutineDetail { id: String },
        #[route("/builder/new")]
        RoutineNew {},
        #[route("/builder/copy/:id")]
        RoutineCopy { id: String },
        #[route("/builder/edit/:id")]
        RoutineEdit { id: String },
        #[route("/library")]
        Library {},
        #[route("/library/benefits/:id")]
        BenefitPage { id: String },
        #[route("/library/techniques/:id")]
        TechniquePage { id: String },
        #[route("/library/methods/:id")]
        MethodPage { id: String },
        #[route("/library/safety")]
        SafetyPage {},
        #[route("/journal")]
        Journal {},
        #[route("/journal/log")]
        LogNote {},
        #[route("/journal/log/:session_id")]
        LogAfterSession { session_id: String },
        #[route("/journal/notes/:id")]
        NoteDetail { id: String },
        #[route("/journal/notes/:id/edit")]
        NoteEdit { id: String },
        #[route("/journal/runs/new")]
        LogRun {},
        #[route("/journal/runs/:id")]
        RunPage { id: String },
        #[route("/journal/areas/:id")]
        AreaTrendPage { id: String },
        #[route("/journal/load")]
        LoadOverviewPage {},
        #[route("/settings")]
        Settings {},
    #[end_layout]
    #[route("/session/:id")]
    Player { id: String },
    #[route("/:..rest")]
    NotFound { rest: Vec<String> },
}

/// The root component. Opens the journal through the platform layer unless a test provided an
/// [`AppState`] already.
#[component]
pub fn App() -> Element {
    let state = use_hook(|| {
        try_consume_context::<AppState>().unwrap_or_else(|| {
            let state = if crate::platform::JOURNAL_AFTER_FIRST_SCREEN.with(|later| later.get()) {
                // A first visit in a browser: nothing to read yet, and the safety notes need nothing from the
                // journal, so they are drawn first and the journal opens behind them.
                let state = AppState::opening(crate::platform::SafetyMarker::LocalStorage, crate::platform::local_now());
                let opening = state.clone();
                spawn(async move {
                    crate::platform::after_next_paint().await;
                    opening.attach(crate::platform::open_journal_later().await);
                });
                state
            } else {
                crate::platform::trace(|| "app: first render, taking the journal".into());
                let boot = crate::platform::open_journal();
                crate::platform::trace(|| "app: journal open".into());
                AppState::new(boot, crate::platform::local_now())
            };
            // A first visit in a browser whose page drew the safety notes before the app had loaded, and was
            // tapped: the same acknowledgement as the app's own button ("Opening your journal…" until ready).
            if crate::platform::safety_acknowledged_before_start() {
                state.acknowledge_safety();
            }
            state
        })
    });
    crate::platform::trace(|| "app: render".into());
    use_context_provider(|| state.clone());
    use_hook(|| {
        let _ = document::eval(&crate::platform::cue_bridge_js());
    });
    rsx! {
        document::Title { "Unknot" }
        // The safety notes come before any screen, whatever the address (the player too); a notice comes
        // before everything else, in the dialog or above the screen.
        if !state.safety_acknowledged() {
            components::SafetyGate {}
        } else if state.journal_ready() {
            components::NoticeBox {}
            Router::<Route> {}
        } else {
            // Only if the notes were acknowledged within the moment the journal takes to open.
            p { class: "loading", role: "status", "Opening your journal…" }
        }
    }
}

/// The layout for every screen but the player: content above, the tab bar below.
#[component]
fn Shell() -> Element {
    let route = use_route::<Route>();
    let tab = route.tab();
    // A new screen starts at its top, as on a phone, not at the previous screen's scroll position.
    use_effect(use_reactive!(|route| {
        let _ = route;
        crate::platform::scroll_to_top();
    }));
    rsx! {
        div { class: "app",
            main { class: "screen", id: "screen", Outlet::<Route> {} }
            nav { class: "tabbar", "aria-label": "Main",
                for (target, label, icon) in [
                    (Route::Home {}, "Home", TAB_HOME),
                    (Route::Routines {}, "Routines", components::PLAY_ICON),
                    (Route::Library {}, "Library", TAB_LIBRARY),
                    (Route::Journal {}, "Journal", TAB_JOURNAL),
                    (Route::Settings {}, "Settings", TAB_SETTINGS),
                ] {
                    Link {
                        to: target.clone(),
                        class: if tab == Some(label) { "tab active" } else { "tab" },
                        components::Icon { d: icon }
                        span { class: "tab-label", "{label}" }
                    }
                }
            }
        }
    }
}

/// The tabs' icons (24 × 24, filled; the settings gear's hole is its own, reversed subpath): a house, an
/// open book, a pencil and a gear; the Routines tab has the player's play triangle.
const TAB_HOME: &str = "M12 3 2 12h3v9h5v-6h4v6h5v-9h3z";
const TAB_LIBRARY: &str = "M2 5c3-1 7-1 9.2 1v14C9 18.5 5 18.5 2 19.5zM22 5c-3-1-7-1-9.2 1v14c2.2-1.5 6.2-1.5 9.2-.5z";
const TAB_JOURNAL: &str = "M3 21l1.2-5.2L15.5 4.5l4 4L8.2 19.8zM16.9 3.1l1.4-1.4 4 4-1.4 1.4z";
const TAB_SETTINGS: &str = "M9.8 4.9 10.4 1.6 13.6 1.6 14.2 4.9 15.5 5.5 18.2 3.5 20.5 5.8 18.5 8.5 19.1 9.8 22.4 10.4 \
     22.4 13.6 19.1 14.2 18.5 15.5 20.5 18.2 18.2 20.5 15.5 18.5 14.2 19.1 13.6 22.4 10.4 22.4 9.8 19.1 8.5 18.5 5.8 20.5 \
     3.5 18.2 5.5 15.5 4.9 14.2 1.6 13.6 1.6 10.4 4.9 9.8 5.5 8.5 3.5 5.8 5.8 3.5 8.5 5.5zM15.2 12a3.2 3.2 0 1 0-6.4 \
     0a3.2 3.2 0 1 0 6.4 0z";

impl Route {
    /// The tab a screen belongs to.
    pub fn tab(&self) -> Option<&'static str> {
        Some(match self {
            Route::Home {} => "Home",
            Route::Routines {}
            | Route::RoutineDetail { .. }
            | Route::RoutineNew {}
            | Route::RoutineCopy { .. }
            | Route::RoutineEdit { .. } => "Routines",
            Route::Library {}
            | Route::BenefitPage { .. }
            | Route::TechniquePage { .. }
            | Route::MethodPage { .. }
            | Route::SafetyPage {} => "Library",
            Route::Journal {}
            | Route::LogNote {}
            | Route::LogAfterSession { .. }
            | Route::NoteDetail { .. }
            | Route::NoteEdit { .. }
            | Route::LogRun {}
            | Route::RunPage { .. }
            | Route::AreaTrendPage { .. }
            | Route::LoadOverviewPage {} => "Journal",
            Route::Settings {} => "Settings",
            Route::Player { .. } | Route::NotFound { .. } => return None,
        })
    }
}

#[component]
fn NotFound(rest: Vec<String>) -> Element {
    rsx! {
        div { class: "app",
            main { class: "screen",
                h1 { "Nothing here" }
                p { "This page does not exist." }
                Link { to: Route::Home {}, class: "btn primary", "Go home" }
            }
        }
    }
}
