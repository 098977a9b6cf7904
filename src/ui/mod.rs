//! The Dioxus UI: routes, the tab layout, shared state, and the screens in `views/`. Thin over the core:
//! views read [`AppState`] from context and call into `content`, `session` and `journal`; they never open
//! files or read clocks (the shell does that in event handlers and in the session runner).

mod body_map;
mod components;
pub mod icons;
pub mod runner;
mod state;
pub mod views;

use dioxus::prelude::*;

pub use state::{library, AppState, Trail};
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
            let state = if crate::platform::JOURNAL_AFTER_FIRST_SCREEN.load(std::sync::atomic::Ordering::Relaxed) {
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

/// Keeps [`AppState::trail`] as the address changes: every screen calls it (the tab bar's layout, and the
/// player, which is outside it).
pub(crate) fn use_trail(route: Route) {
    let mut trail = use_context::<AppState>().trail;
    use_effect(use_reactive!(|route| trail.write().arrive(route)));
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
    use_trail(route.clone());
    rsx! {
        div { class: "app",
            main { class: "screen", id: "screen",
                // Keyed by the address: a screen for one thing (a run, a note, a routine of one's own) reached
                // straight from the same screen for another is made anew, so its form starts from the new
                // thing's values and never keeps the previous one's, which Save would write over the new one.
                // No link in the app goes that way today; this keeps any future one safe. Dioxus honours a
                // key only in a list: a list of one.
                for shown in std::iter::once(route.clone()) {
                    Fragment { key: "{shown}", Outlet::<Route> {} }
                }
            }
            nav { class: "tabbar", "aria-label": "Main",
                for (target, label, icon) in [
                    (Route::Home {}, "Home", icons::HOME),
                    (Route::Routines {}, "Routines", icons::PLAY),
                    (Route::Library {}, "Library", icons::LIBRARY),
                    (Route::Journal {}, "Journal", icons::JOURNAL),
                    (Route::Settings {}, "Settings", icons::SETTINGS),
                ] {
                    Link {
                        to: target.clone(),
                        class: if tab == Some(label) { "tab active" } else { "tab" },
                        icons::Icon { d: icon }
                        span { class: "tab-label", "{label}" }
                    }
                }
            }
        }
    }
}

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
