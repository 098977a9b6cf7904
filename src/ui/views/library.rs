use dioxus::prelude::*;

use crate::ui::components::{PageHeader, SafetyBlock};
use crate::ui::{library, Route};

/// The library index: benefits, professional techniques, self-massage methods, safety.
#[component]
pub fn Library() -> Element {
    let lib = library();
    rsx! {
        PageHeader { title: "Library" }
        section { "aria-labelledby": "benefits",
            h2 { id: "benefits", "Why massage helps runners" }
            ul { class: "link-list",
                for b in lib.benefits.all().iter() {
                    li { Link { to: Route::BenefitPage { id: b.id.clone() }, span { class: "link-title", "{b.title}" } span { class: "meta", "{b.summary}" } } }
                }
            }
        }
        section { "aria-labelledby": "techniques",
            h2 { id: "techniques", "Techniques a therapist uses" }
            ul { class: "link-list",
                for t in lib.techniques.all().iter() {
                    li { Link { to: Route::TechniquePage { id: t.id.clone() }, span { class: "link-title", "{t.name}" } span { class: "meta", "{t.summary}" } } }
                }
            }
        }
        section { "aria-labelledby": "methods",
            h2 { id: "methods", "Do it yourself" }
            ul { class: "link-list",
                for m in lib.methods.all().iter() {
                    li { Link { to: Route::MethodPage { id: m.id.clone() }, span { class: "link-title", "{m.name}" } span { class: "meta", "{m.summary}" } } }
                }
            }
        }
        section { "aria-labelledby": "safety",
            h2 { id: "safety", "Safety" }
            ul { class: "link-list",
                li { Link { to: Route::SafetyPage {}, span { class: "link-title", "When not to massage" } span { class: "meta", "Where not to roll, when to stop, when to see a clinician" } } }
            }
        }
    }
}

#[component]
pub fn BenefitPage(id: String) -> Element {
    let Some(b) = library().benefits.get(&id) else { return missing() };
    rsx! {
        PageHeader { title: b.title.clone(), back: Route::Library {}, back_label: "Library" }
        p { class: "lead", "{b.summary}" }
        p { "{b.detail}" }
        section { class: "card evidence", "aria-labelledby": "evidence",
            h2 { id: "evidence", "What the evidence says" }
            p { "{b.evidence}" }
        }
    }
}

#[component]
pub fn TechniquePage(id: String) -> Element {
    let lib = library();
    let Some(t) = lib.techniques.get(&id) else { return missing() };
    rsx! {
        PageHeader { title: t.name.clone(), back: Route::Library {}, back_label: "Library" }
        p { class: "lead", "{t.summary}" }
        section { "aria-labelledby": "what", h2 { id: "what", "What it is" } p { "{t.what}" } }
        section { "aria-labelledby": "feels", h2 { id: "feels", "How it feels" } p { "{t.how_it_feels}" } }
        section { "aria-labelledby": "why", h2 { id: "why", "Why runners use it" } p { "{t.why_for_runners}" } }
        section { "aria-labelledby": "where", h2 { id: "where", "Where on a runner" }
            ul { class: "tags", for a in t.areas.iter() { li { "{lib.area_name(a)}" } } }
        }
        section { class: "card caution", "aria-labelledby": "cautions",
            h2 { id: "cautions", "Cautions" }
            ul { for c in t.cautions.iter() { li { "{c}" } } }
        }
    }
}

#[component]
pub fn MethodPage(id: String) -> Element {
    let lib = library();
    let Some(m) = lib.methods.get(&id) else { return missing() };
    let routines = lib.routines_matching(&crate::content::RoutineFilter { tool: Some(m.id.clone()), ..Default::default() });
    rsx! {
        PageHeader { title: m.name.clone(), back: Route::Library {}, back_label: "Library" }
        p { class: "lead", "{m.summary}" }
        section { "aria-labelledby": "howto", h2 { id: "howto", "How to" }
            ol { for s in m.how_to.iter() { li { "{s}" } } }
        }
        section { "aria-labelledby": "pressure", h2 { id: "pressure", "Pressure" } p { "{m.pressure}" } }
        section { "aria-labelledby": "pace", h2 { id: "pace", "Pace" } p { "{m.pace}" } }
        section { class: "card caution", "aria-labelledby": "cautions",
            h2 { id: "cautions", "Cautions" }
            ul { for c in m.cautions.iter() { li { "{c}" } } }
        }
        section { "aria-labelledby": "guided", h2 { id: "guided", "Guided routines" }
            ul { class: "link-list",
                for r in routines { li { Link { to: Route::RoutineDetail { id: r.id.clone() }, "{r.name}" } } }
            }
        }
    }
}

#[component]
pub fn SafetyPage() -> Element {
    rsx! {
        PageHeader { title: "Safety", back: Route::Library {}, back_label: "Library" }
        for s in library().safety.all().iter() {
            SafetyBlock { section: s.clone() }
        }
    }
}

fn missing() -> Element {
    rsx! {
        PageHeader { title: "Not found", back: Route::Library {}, back_label: "Library" }
        p { "This page is not in the library." }
    }
}
