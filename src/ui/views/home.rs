use dioxus::prelude::*;

use crate::content::{rank, Catalog};
use crate::journal::feel_label;
use crate::session::Plan;
use crate::text::lowercase;
use crate::ui::components::{format_duration, LengthChooser};
use crate::ui::icons::{self, Icon};
use crate::ui::{library, AppState, Route};

/// Home: the suggested routine for right now with its reason and a few more, the body map with this week's
/// soreness, and the latest log.
#[component]
pub fn Home() -> Element {
    let state = use_context::<AppState>();
    crate::platform::trace(|| "home: render".into());
    let lib = library();
    let settings = *state.settings.read();
    let latest = state.read(|j| j.latest_note()).ok().flatten();
    let (yours, favourites) = (state.user_routines(), state.favourites());
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    let recent = state.recent();
    let ranked = recent.with_recent(|r| rank(&catalog, r));
    let highest = recent.highest();
    let suggestion = ranked.first().cloned();
    let more: Vec<_> = ranked.iter().skip(1).take(3).cloned().collect();
    let starred = catalog.favourite_routines();
    let nav = use_navigator();
    crate::platform::trace(|| "home: journal read, ranked".into());

    rsx! {
        header { class: "page-header", h1 { "Unknot" } p { class: "tagline", "Self-massage and recovery for runners" } }
        // The runner's own picks come first: two taps from Home to their routine.
        if !starred.is_empty() {
            section { class: "card", "aria-labelledby": "favourites",
                h2 { id: "favourites", "Your favourites" }
                ul { class: "routine-list",
                    for r in starred.iter() {
                        li {
                            Link { class: "routine-card", to: Route::RoutineDetail { id: r.id.clone() },
                                span { class: "routine-name", Icon { d: icons::STAR } " {r.name}" }
                                span { class: "meta",
                                    "{format_duration(Plan::build(r, &settings).total_ms / 1000)} · "
                                    "{lib.methods.get(&r.tool).map_or(\"\", |m| m.tool_name.as_str())}"
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(s) = suggestion {
            section { class: "card hero", "aria-labelledby": "suggested",
                p { class: "eyebrow", "Suggested now" }
                h2 { id: "suggested", "{s.routine.name}" }
                p { class: "meta",
                    "{format_duration(Plan::build(s.routine, &settings).total_ms / 1000)} · "
                    "{lib.methods.get(&s.routine.tool).map_or(\"\", |m| m.tool_name.as_str())}"
                }
                p { class: "reason", "{s.reason}" }
                LengthChooser {}
                div { class: "actions",
                    button {
                        class: "btn primary big",
                        "aria-label": "Start {s.routine.name}",
                        onclick: {
                            let (state, id) = (state.clone(), s.routine.id.clone());
                            move |_| state.start(nav, &id)
                        },
                        "Start"
                    }
                    Link { class: "btn secondary", to: Route::RoutineDetail { id: s.routine.id.clone() }, "See the steps" }
                }
            }
        }
        if !more.is_empty() {
            section { class: "card", "aria-labelledby": "also",
                h2 { id: "also", "Also worth doing" }
                ul { class: "routine-list",
                    for r in more.iter() {
                        li { key: "{r.routine.id}",
                            Link { class: "routine-card", to: Route::RoutineDetail { id: r.routine.id.clone() },
                                span { class: "routine-name", "{r.routine.name}" }
                                span { class: "meta reason", "{r.reason}" }
                            }
                        }
                    }
                }
            }
        }
        section { class: "card", "aria-labelledby": "sore-spot",
            h2 { id: "sore-spot", "Where are you sore?" }
            p { class: "meta", "Tap an area for the routines that target it, best fit first." }
            crate::ui::body_map::BodyMap { highest }
        }
        section { class: "card", "aria-labelledby": "last-log",
            h2 { id: "last-log", "Recovery log" }
            match latest {
                Some(note) => rsx! {
                    p {
                        "Last note: {note.created_at.format(LAST_NOTE_FORMAT)} — feeling {lowercase(feel_label(note.feel))}"
                        if let Some((area, level)) = note.sorest() {
                            ", {lowercase(lib.area_name(area))} {level}/10"
                        }
                    }
                },
                None => rsx! { p { "No notes yet. After a session, log how your legs feel to see trends here." } },
            }
            if let Some(run) = recent.runs.first() {
                p { "Last run: {run.started_at.format(LAST_NOTE_FORMAT)} — {run.kind.noun()}, {run.summary()}" }
            }
            div { class: "actions",
                Link { class: "btn secondary", to: Route::LogNote {}, "Log how you feel" }
                Link { class: "btn secondary", to: Route::LogRun {}, "Log a run" }
                Link { class: "btn secondary", to: Route::Journal {}, "History" }
            }
        }
        section { class: "card", "aria-labelledby": "learn",
            h2 { id: "learn", "Learn" }
            ul { class: "link-list",
                for t in lib.techniques.all().iter() {
                    li { Link { to: Route::TechniquePage { id: t.id.clone() }, "{t.name}" } }
                }
            }
        }
    }
}

const LAST_NOTE_FORMAT: &str = "%a %-d %b, %H:%M";
