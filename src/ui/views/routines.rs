use dioxus::prelude::*;

use crate::content::{RoutineFilter, Sides, Timing};
use crate::session::Plan;
use crate::ui::components::{format_duration, Chip, LengthChooser, PageHeader, SafetyBlock};
use crate::ui::{library, AppState, Route};

/// The routine list, filterable by tool, by pre-/post-run and by body area.
#[component]
pub fn Routines() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut filter = state.filter;
    let current = filter.read().clone();
    let settings = *state.settings.read();
    let found = lib.routines_matching(&current);

    rsx! {
        PageHeader { title: "Routines" }
        div { class: "filters", role: "group", "aria-label": "Filter routines",
            div { class: "chip-row", role: "group", "aria-label": "Tool",
                Chip { label: "All tools", pressed: current.tool.is_none(), onclick: move |_| filter.write().tool = None }
                for m in lib.methods.all().iter() {
                    Chip {
                        label: m.tool_name.clone(),
                        pressed: current.tool.as_deref() == Some(m.id.as_str()),
                        onclick: { let id = m.id.clone(); move |_| filter.write().tool = Some(id.clone()) },
                    }
                }
            }
            div { class: "chip-row", role: "group", "aria-label": "When",
                Chip { label: "Any time", pressed: current.timing.is_none(), onclick: move |_| filter.write().timing = None }
                for t in [Timing::PreRun, Timing::PostRun] {
                    Chip { label: t.label(), pressed: current.timing == Some(t), onclick: move |_| filter.write().timing = Some(t) }
                }
            }
            label { class: "select-label",
                "Body area"
                select {
                    "aria-label": "Body area",
                    value: current.area.clone().unwrap_or_default(),
                    onchange: move |e| {
                        let v = e.value();
                        filter.write().area = if v.is_empty() { None } else { Some(v) };
                    },
                    option { value: "", "All areas" }
                    for a in lib.areas.all().iter() {
                        option { value: "{a.id}", selected: current.area.as_deref() == Some(a.id.as_str()), "{a.name}" }
                    }
                }
            }
        }
        if let Some(area) = current.area.as_deref().and_then(|a| lib.areas.get(a)) {
            section { class: "card area-card", "aria-labelledby": "area-title",
                h2 { id: "area-title", "{area.name}" }
                p { "{area.summary}" }
                p { class: "meta", "{area.muscles}" }
                if found.is_empty() {
                    p { class: "lead",
                        "No routine here works on the {area.name.to_lowercase()}: read the guidance below first. "
                        "Easing the calves often helps, because they share the load."
                    }
                    button {
                        class: "btn secondary",
                        onclick: move |_| filter.set(RoutineFilter { area: Some("calves".into()), ..Default::default() }),
                        "Routines for the calves"
                    }
                }
            }
            for section in lib.safety_for_area(&area.id) {
                SafetyBlock { section: section.clone() }
            }
        }
        p { class: "meta", role: "status", "aria-live": "polite",
            "{found.len()} routine"
            if found.len() != 1 { "s" }
            if current != RoutineFilter::default() {
                " · "
                button { class: "linkish", onclick: move |_| filter.set(RoutineFilter::default()), "Clear filters" }
            }
        }
        ul { class: "routine-list",
            for r in found {
                li {
                    Link { class: "routine-card", to: Route::RoutineDetail { id: r.id.clone() },
                        span { class: "routine-name", "{r.name}" }
                        span { class: "meta",
                            "{format_duration(Plan::build(r, &settings).total_ms / 1000)} · "
                            "{lib.methods.get(&r.tool).map_or(\"\", |m| m.tool_name.as_str())} · {r.timing.label()}"
                        }
                        span { class: "routine-summary", "{r.summary}" }
                    }
                }
            }
        }
    }
}

/// A routine's page: what you need, the steps, the total time, cautions, and Start.
#[component]
pub fn RoutineDetail(id: String) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    let Some(r) = lib.routines.get(&id) else {
        return rsx! { PageHeader { title: "Routine not found", back: Route::Routines {}, back_label: "Routines" } };
    };
    let settings = *state.settings.read();
    let plan = Plan::build(r, &settings);
    let tool = lib.methods.get(&r.tool);
    rsx! {
        PageHeader { title: r.name.clone(), back: Route::Routines {}, back_label: "Routines" }
        p { class: "lead", "{r.summary}" }
        p { class: "meta",
            "Total {format_duration(plan.total_ms / 1000)} ({settings.scale.label().to_lowercase()}) · "
            "{r.timing.label()} · {r.steps.len()} step"
            if r.steps.len() != 1 { "s" }
        }
        LengthChooser {}
        button {
            class: "btn primary big wide",
            "aria-label": "Start {r.name}",
            onclick: {
                let id = r.id.clone();
                move |_| {
                    crate::platform::unlock_audio();
                    nav.push(Route::Player { id: id.clone() });
                }
            },
            "Start"
        }
        section { class: "card", "aria-labelledby": "needs",
            h2 { id: "needs", "What you need" }
            ul {
                for n in r.needs.iter() { li { "{n}" } }
            }
            if let Some(m) = tool {
                p { class: "meta", "How to use it: " Link { to: Route::MethodPage { id: m.id.clone() }, "{m.name}" } }
            }
        }
        section { "aria-labelledby": "steps",
            h2 { id: "steps", "Steps" }
            ol { class: "steps",
                for (i, step) in r.steps.iter().enumerate() {
                    li { class: "card step",
                        h3 { "{i + 1}. {step.title}" }
                        p { class: "meta",
                            "{lib.area_name(&step.area)} · "
                            match step.sides {
                                Sides::Each => format!("{} per side", format_duration(u64::from(settings.scale.apply(step.seconds)))),
                                Sides::None => format_duration(u64::from(settings.scale.apply(step.seconds))),
                            }
                        }
                        dl {
                            dt { "Do" } dd { "{step.instruction}" }
                            dt { "Feel" } dd { "{step.feel}" }
                            dt { "Tempo" } dd { "{step.tempo}" }
                            dt { "Tender spot" } dd { "{step.tender_spot}" }
                        }
                        if let Some(t) = step.technique.as_ref().and_then(|t| lib.techniques.get(t)) {
                            p { class: "meta", "Technique: " Link { to: Route::TechniquePage { id: t.id.clone() }, "{t.name}" } }
                        }
                    }
                }
            }
        }
        if !r.cautions.is_empty() {
            section { class: "card caution", "aria-labelledby": "cautions",
                h2 { id: "cautions", "Cautions" }
                ul { for c in r.cautions.iter() { li { "{c}" } } }
            }
        }
        for section in lib.safety_for(r) {
            SafetyBlock { section: section.clone() }
        }
    }
}
