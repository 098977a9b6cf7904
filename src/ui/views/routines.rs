use dioxus::prelude::*;

use crate::content::{Catalog, RoutineFilter, Shelf, Sides, Timing};
use crate::session::Plan;
use crate::text::{lowercase, plural};
use crate::ui::components::{format_duration, Chip, LengthChooser, PageHeader, PositionDrawing, SafetyBlock};
use crate::ui::icons::{self, Icon};
use crate::ui::{library, AppState, Route};

/// The routine list, filterable by tool, by pre-/post-run and by body area.
#[component]
pub fn Routines() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut filter = state.filter;
    let current = filter.read().clone();
    let settings = *state.settings.read();
    let (yours, favourites) = (state.user_routines(), state.favourites());
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    let found = catalog.routines_matching(&current);
    // With a body area chosen (a tap on Home's map, the picker, or back from one of its routines), its card and
    // routines in view, not the filters above them, which fill a phone's screen. In the next frame: after the
    // shell's scroll to the top of a new screen.
    let area = current.area.clone();
    use_effect(use_reactive!(|area| {
        if area.is_some() {
            let _ = document::eval("requestAnimationFrame(() => document.querySelector('.area-card')?.scrollIntoView({ block: 'start' }))");
        }
    }));

    rsx! {
        PageHeader { title: "Routines" }
        DeletedRoutineToast {}
        div { class: "actions",
            Link { class: "btn primary", to: Route::RoutineNew {}, "New routine" }
        }
        div { class: "chip-row", role: "group", "aria-label": "Show",
            for shelf in Shelf::ALL {
                Chip { label: shelf.label(), pressed: current.shelf == shelf, onclick: move |_| filter.write().shelf = shelf }
            }
        }
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
                        "No routine here works on the {lowercase(&area.name)}: read the guidance below first. "
                        "Easing the calves often helps, because they share the load."
                    }
                    button {
                        class: "btn secondary",
                        onclick: move |_| filter.set(RoutineFilter { area: Some("calves".into()), ..Default::default() }),
                        "Routines for the calves"
                    }
                }
            }
        }
        p { class: "meta", role: "status", "aria-live": "polite",
            "{plural(found.len() as u64, \"routine\", \"routines\")}"
            if current != RoutineFilter::default() {
                " · "
                button { class: "linkish", onclick: move |_| filter.set(RoutineFilter::default()), "Clear filters" }
            }
        }
        if found.is_empty() && current.shelf == Shelf::Yours && yours.is_empty() {
            p { class: "empty", "You have not built a routine yet. Start a new one, or open any routine and choose Copy and change." }
        }
        if found.is_empty() && current.shelf == Shelf::Favourites && favourites.is_empty() {
            p { class: "empty", "No favourites yet. Open a routine and star it to keep it here and on Home." }
        }
        ul { class: "routine-list",
            for r in found {
                li { class: "routine-row",
                    Link { class: "routine-card", to: Route::RoutineDetail { id: r.id.clone() },
                        span { class: "routine-name",
                            "{r.name}"
                            if catalog.is_favourite(&r.id) { span { class: "star-mark", Icon { d: icons::STAR } span { class: "sr-only", ", a favourite" } } }
                            if catalog.is_yours(&r.id) { span { class: "tag", " · Yours" } }
                        }
                        span { class: "meta",
                            "{format_duration(Plan::build(r, &settings).total_ms / 1000)} · "
                            "{lib.methods.get(&r.tool).map_or(\"\", |m| m.tool_name.as_str())} · {r.timing.label()}"
                        }
                        span { class: "routine-summary", "{r.summary}" }
                    }
                }
            }
        }
        // The area's safety notes after its routines, which come first on a phone's screen (each routine's page
        // shows them too). With no routine for the area, the card above points down to them.
        if let Some(area) = current.area.as_deref() {
            for section in lib.safety_for_area(area) {
                SafetyBlock { section: section.clone() }
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
    let Some(routine) = state.routine(&id) else {
        return rsx! {
            PageHeader { title: "Routine not found", back: Route::Routines {}, back_label: "Routines" }
            p { "This routine no longer exists." }
        };
    };
    let r = &routine;
    let yours = lib.routines.get(&id).is_none();
    let favourite = state.favourites().contains(&id);
    let settings = *state.settings.read();
    let plan = Plan::build(r, &settings);
    let tool = lib.methods.get(&r.tool);
    rsx! {
        PageHeader { title: r.name.clone(), back: Route::Routines {}, back_label: "Routines" }
        p { class: "lead", "{r.summary}" }
        div { class: "actions",
            StarButton { id: r.id.clone(), name: r.name.clone(), on: favourite }
            if yours {
                Link { class: "btn secondary", to: Route::RoutineEdit { id: r.id.clone() }, "aria-label": "Edit {r.name}", "Edit" }
                button {
                    class: "btn danger",
                    "aria-label": "Delete {r.name}",
                    onclick: {
                        let state = state.clone();
                        let id = r.id.clone();
                        move |_| {
                            match state.write(|j| j.delete_routine(&id)) {
                                Ok(Some(gone)) => {
                                    let mut deleted = state.deleted_routine;
                                    deleted.set(Some(gone));
                                    state.leave_to(nav, Route::Routines {});
                                }
                                Ok(None) => {}
                                Err(e) => {
                                    let mut notice = state.notice;
                                    notice.set(Some(format!("The routine could not be deleted. {e}")));
                                }
                            }
                        }
                    },
                    "Delete"
                }
            }
            Link { class: "btn secondary", to: Route::RoutineCopy { id: r.id.clone() }, "aria-label": "Copy and change {r.name}", "Copy and change" }
        }
        p { class: "meta",
            "Total {format_duration(plan.total_ms / 1000)} ({lowercase(settings.scale.label())}) · "
            "{r.timing.label()} · {plural(r.steps.len() as u64, \"step\", \"steps\")}"
        }
        LengthChooser {}
        button {
            class: "btn primary big wide",
            "aria-label": "Start {r.name}",
            onclick: {
                let (state, id) = (state.clone(), r.id.clone());
                move |_| state.start(nav, &id)
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
                        PositionDrawing { position: step.position.clone(), class: "step-drawing" }
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

/// A star on a routine (bundled or the runner's own): a toggle button that says what it does.
#[component]
pub fn StarButton(id: String, name: String, on: bool) -> Element {
    let state = use_context::<AppState>();
    rsx! {
        button {
            class: if on { "btn secondary star on" } else { "btn secondary star" },
            "aria-pressed": if on { "true" } else { "false" },
            "aria-label": "Favourite: {name}",
            onclick: move |_| state.set_favourite(&id, !on),
            // One name whether on or off (the pressed state says which), starting with the visible word.
            Icon { d: if on { icons::STAR } else { icons::STAR_OUTLINE } }
            "Favourite"
        }
    }
}

/// "Routine deleted. Undo": puts the routine and its star back exactly.
#[component]
fn DeletedRoutineToast() -> Element {
    let state = use_context::<AppState>();
    let mut deleted = state.deleted_routine;
    // Offered while the list is shown, as a phone's snackbar is: leaving it is moving on.
    use_drop(move || deleted.set(None));
    let Some(gone) = deleted.read().clone() else { return rsx! {} };
    rsx! {
        div { class: "toast", role: "status",
            span { "Deleted {gone.saved.routine.name}." }
            button {
                class: "btn secondary",
                "aria-label": "Undo deleting {gone.saved.routine.name}",
                onclick: move |_| {
                    let now = crate::platform::local_now();
                    if state.write(|j| j.restore_routine(&gone, now)).is_ok() {
                        deleted.set(None);
                    }
                },
                "Undo"
            }
        }
    }
}
