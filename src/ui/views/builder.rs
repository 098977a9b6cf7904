//! The routine builder (issue #14): a routine of the runner's own, from scratch or copied from a bundled one,
//! made of bundled steps (each a template) whose seconds, sides and names can be changed, in any order, with
//! a rest between steps, and its live total time.
//!
//! Saving checks the routine by the bundled routines' rules ([`Library::check_user_routine`]) and shows each
//! problem next to its field (and all of them in an alert); nothing is saved while any remains. Reordering is
//! by Up and Down buttons named after their step (a thumb and a screen reader both use them); steps are keyed,
//! so the button that was pressed keeps focus as its step moves. One column that reflows: it fits 320 px and
//! 200 % text.

use dioxus::prelude::*;

use crate::content::{user_routine_id, ContentError, Library, Routine, RoutineDraft, Sides, StepTemplate, Timing, REST_SECONDS, STEP_SECONDS};
use crate::journal::UserRoutine;
use crate::text::plural;
use crate::session::Plan;
use crate::ui::components::{focus_next_frame, format_duration, Chip, FieldError, PageHeader, Stepper};
use crate::ui::icons::{self, Icon};
use crate::ui::{library, AppState, Route};

/// A new routine, from nothing.
#[component]
pub fn RoutineNew() -> Element {
    let state = use_context::<AppState>();
    let draft = use_hook(|| {
        let mut draft = RoutineDraft::blank(user_routine_id(&crate::platform::new_id()));
        // The rest the runner has chosen in Settings, to start from.
        draft.set_rest(state.settings.peek().rest_secs);
        draft
    });
    rsx! { Builder { start: draft, title: "New routine", existing: false } }
}

/// "Copy and change": a bundled routine's steps under a new id, to change freely.
#[component]
pub fn RoutineCopy(id: String) -> Element {
    let state = use_context::<AppState>();
    let source = state.routine(&id);
    let draft = use_hook(|| {
        let id = user_routine_id(&crate::platform::new_id());
        let yours = state.user_routines();
        let taken: Vec<&str> = yours.iter().map(|r| r.name.as_str()).collect();
        // A bundled routine becomes "My …"; one of the runner's own is duplicated as "… (copy)"; either numbered
        // if the runner already has a routine of that name.
        source.as_ref().map(|r| {
            if library().routines.get(&r.id).is_none() {
                return RoutineDraft::duplicate_of(r, id).named_apart_from(&taken);
            }
            let mut draft = RoutineDraft::copy_of(r, id);
            // A bundled routine without a rest of its own rests as Settings say: its copy starts with that rest,
            // so the copy's total is the one the routine's page showed (it started at 5 s whatever Settings said).
            if r.rest_secs.is_none() {
                draft.set_rest(state.settings.peek().rest_secs);
            }
            draft.named_apart_from(&taken)
        })
    });
    match draft {
        Some(draft) => rsx! { Builder { start: draft, title: "Copy and change", existing: false } },
        None => rsx! { PageHeader { title: "Routine not found", back: Route::Routines {}, back_label: "Routines" } },
    }
}

/// A routine of the runner's own, to change.
#[component]
pub fn RoutineEdit(id: String) -> Element {
    let state = use_context::<AppState>();
    let saved = state.read(|j| j.routine(&id)).ok().flatten();
    match saved {
        Some(saved) => rsx! { Builder { start: RoutineDraft::editing(&saved.routine), title: "Edit routine", existing: true } },
        None => rsx! {
            PageHeader { title: "Routine not found", back: Route::Routines {}, back_label: "Routines" }
            p { "This routine no longer exists." }
        },
    }
}

/// The content rules' problems as the builder shows them. With no steps yet, the one problem is that: the tool,
/// areas and needs the rules also find missing are derived from the steps (the runner is never asked for
/// them), and the rules' own wording ("[[step]]") is the content files'.
fn in_the_builders_words(errors: Vec<ContentError>, routine: &Routine) -> Vec<ContentError> {
    if !routine.steps.is_empty() {
        return errors;
    }
    let derived = |field: &str| ["tool", "areas", "needs"].iter().any(|d| field == *d || field.starts_with(&format!("{d}[")));
    errors
        .into_iter()
        .filter(|e| !derived(&e.field))
        .map(|e| if e.field == "step" { ContentError { problem: "add at least one, under Add a step below".into(), ..e } } else { e })
        .collect()
}

/// The problems of `errors` that belong to `field` (exactly, or a part of it: `step[1]` for `step[1].title`).
fn problems_for<'a>(errors: &'a [ContentError], field: &str) -> Vec<&'a str> {
    errors.iter().filter(|e| e.field == field).map(|e| e.problem.as_str()).collect()
}

#[component]
fn Builder(start: RoutineDraft, title: String, existing: bool) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    let mut draft = use_signal(|| start.clone());
    // Stable keys for the steps, moved with them: a moved step keeps its DOM nodes (and the focus).
    let mut keys = use_signal(|| (0..start.steps.len() as u64).collect::<Vec<u64>>());
    let mut next_key = use_signal(|| start.steps.len() as u64);
    // Problems are shown from the first Save on, then kept up to date as the runner fixes them.
    let mut tried = use_signal(|| false);
    let mut area = use_signal(|| start.steps.first().map(|s| s.area.clone()).unwrap_or_else(|| "calves".into()));
    let settings = *state.settings.read();

    let current = draft.read().clone();
    let routine = current.to_routine(lib);
    let errors: Vec<ContentError> = match lib.check_user_routine(&routine) {
        Ok(()) => Vec::new(),
        Err(e) => e.0,
    };
    let shown_errors: Vec<ContentError> = if tried() { in_the_builders_words(errors.clone(), &routine) } else { Vec::new() };
    let total = (!routine.steps.is_empty()).then(|| Plan::build(&routine, &settings).total_ms / 1000);
    let step_count = routine.steps.len();
    let back = if existing { Route::RoutineDetail { id: current.id.clone() } } else { Route::Routines {} };

    let save = {
        let state = state.clone();
        move |_| {
            tried.set(true);
            let routine = draft.read().to_routine(lib);
            if lib.check_user_routine(&routine).is_err() {
                focus_next_frame("builder-problems");
                return;
            }
            let id = routine.id.clone();
            let saved = UserRoutine { routine, updated_at: crate::platform::local_now() };
            match state.write(|j| j.save_routine(&saved)) {
                Ok(()) => {
                    state.leave_to(nav, Route::RoutineDetail { id });
                }
                Err(e) => {
                    let mut notice = state.notice;
                    notice.set(Some(format!("The routine could not be saved. {e}")));
                }
            }
        }
    };

    let name_invalid = !problems_for(&shown_errors, "name").is_empty();
    let summary_invalid = !problems_for(&shown_errors, "summary").is_empty();
    let name_problems = problems_for(&shown_errors, "name").into_iter().map(String::from).collect::<Vec<_>>();
    let summary_problems = problems_for(&shown_errors, "summary").into_iter().map(String::from).collect::<Vec<_>>();
    let step_problems = problems_for(&shown_errors, "step").into_iter().map(String::from).collect::<Vec<_>>();

    rsx! {
        PageHeader { title: title.clone(), back, back_label: if existing { "Routine" } else { "Routines" } }
        form { class: "builder", onsubmit: move |e| e.prevent_default(),
            if !shown_errors.is_empty() {
                div { class: "form-errors", id: "builder-problems", role: "alert", tabindex: "-1",
                    p {
                        "{plural(shown_errors.len() as u64, \"problem\", \"problems\")} to fix before saving:"
                    }
                    ul { for e in shown_errors.iter() { li { "{describe_field(&e.field, &routine)}: {e.problem}" } } }
                }
            }
            label { class: "select-label", r#for: "routine-name", "Name" }
            input { id: "routine-name", class: "text", r#type: "text", initial_value: "{current.name}",
                placeholder: "For example: Calves before the track",
                "aria-invalid": if name_invalid { "true" } else { "false" },
                "aria-describedby": "routine-name-error",
                oninput: move |e| draft.write().name = e.value() }
            FieldError { id: "routine-name-error", problems: name_problems }
            label { class: "select-label", r#for: "routine-summary", "Description" }
            input { id: "routine-summary", class: "text", r#type: "text", initial_value: "{current.summary}",
                "aria-invalid": if summary_invalid { "true" } else { "false" },
                "aria-describedby": "routine-summary-error",
                oninput: move |e| draft.write().summary = e.value() }
            FieldError { id: "routine-summary-error", problems: summary_problems }
            div { class: "chip-row", role: "group", "aria-label": "When",
                for t in Timing::ALL {
                    Chip { label: t.label(), pressed: current.timing == t, onclick: move |_| draft.write().timing = t }
                }
            }
            Stepper { label: "Rest between steps", value: current.rest_secs, min: *REST_SECONDS.start(), max: *REST_SECONDS.end(), step: 5, unit: "s",
                onchange: move |v| draft.write().set_rest(v) }
            p { class: "builder-total", role: "status", "aria-live": "polite",
                match total {
                    Some(secs) => rsx! {
                        "Total {format_duration(secs)} · {plural(step_count as u64, \"step\", \"steps\")}"
                    },
                    None => rsx! { "No steps yet" },
                }
            }
            section { "aria-labelledby": "builder-steps",
                h2 { id: "builder-steps", "Steps" }
                FieldError { id: "builder-steps-error", problems: step_problems }
                ol { class: "builder-steps",
                    for (i, (key, step)) in keys.read().iter().copied().zip(current.steps.iter().cloned()).enumerate() {
                        li { key: "{key}", class: "card builder-step",
                            h3 { "{i + 1}. {step.title}" }
                            p { class: "meta",
                                "{lib.area_name(&step.area)} · "
                                "{step.tool.as_deref().and_then(|t| lib.methods.get(t)).map_or(\"\", |m| m.tool_name.as_str())}"
                            }
                            label { class: "select-label", r#for: "step-{key}-title", "Name of step {i + 1}" }
                            input { id: "step-{key}-title", class: "text", r#type: "text", initial_value: "{step.title}",
                                "aria-describedby": "step-{key}-title-error",
                                oninput: move |e| if let Some(s) = draft.write().steps.get_mut(i) { s.title = e.value() } }
                            FieldError { id: "step-{key}-title-error",
                                problems: problems_for(&shown_errors, &format!("step[{i}].title")).into_iter().map(String::from).collect::<Vec<_>>() }
                            div { class: "chip-row", role: "group", "aria-label": "Sides for {step.title}",
                                Chip { label: "Each side", pressed: step.sides == Sides::Each, onclick: move |_| draft.write().set_sides(i, Sides::Each) }
                                Chip { label: "Both at once", pressed: step.sides == Sides::None, onclick: move |_| draft.write().set_sides(i, Sides::None) }
                            }
                            Stepper {
                                label: if step.sides == Sides::Each { format!("Seconds per side for {}", step.title) } else { format!("Seconds for {}", step.title) },
                                value: step.seconds, min: *STEP_SECONDS.start(), max: *STEP_SECONDS.end(), step: 5, unit: "s",
                                onchange: move |v| draft.write().set_seconds(i, v),
                            }
                            FieldError { id: "step-{key}-seconds-error",
                                problems: problems_for(&shown_errors, &format!("step[{i}].seconds")).into_iter().map(String::from).collect::<Vec<_>>() }
                            div { class: "actions step-actions",
                                button { r#type: "button", class: "btn secondary", disabled: i == 0, id: "step-{key}-up",
                                    "aria-label": "Move {step.title} up",
                                    onclick: move |_| if draft.write().move_up(i) { keys.write().swap(i - 1, i); keep_focus(key, "up") },
                                    Icon { d: icons::ARROW_UP } "Up" }
                                button { r#type: "button", class: "btn secondary", disabled: i + 1 == step_count, id: "step-{key}-down",
                                    "aria-label": "Move {step.title} down",
                                    onclick: move |_| if draft.write().move_down(i) { keys.write().swap(i, i + 1); keep_focus(key, "down") },
                                    Icon { d: icons::ARROW_DOWN } "Down" }
                                button { r#type: "button", class: "btn danger",
                                    "aria-label": "Remove {step.title}",
                                    onclick: move |_| if draft.write().remove(i).is_some() { keys.write().remove(i); },
                                    "Remove" }
                            }
                        }
                    }
                }
            }
            AddStep {
                area: area(),
                on_area: move |a: String| area.set(a),
                on_add: move |template_key: String| {
                    if let Some(t) = lib.step_templates().iter().find(|t| t.key() == template_key) {
                        draft.write().add(t);
                        let k = next_key();
                        next_key.set(k + 1);
                        keys.write().push(k);
                    }
                },
            }
            div { class: "actions",
                button { r#type: "button", class: "btn primary big wide", onclick: save, "Save routine" }
            }
        }
    }
}

/// After a move, focus stays on the step's button that was pressed; when the step reached the end and that
/// button turned disabled (a disabled button drops focus), on its other move button instead.
fn keep_focus(key: u64, pressed: &str) {
    let other = if pressed == "up" { "down" } else { "up" };
    let _ = document::eval(&format!(
        "requestAnimationFrame(() => {{ const b = document.getElementById('step-{key}-{pressed}'); \
         (b && !b.disabled ? b : document.getElementById('step-{key}-{other}'))?.focus(); }})"
    ));
}

/// A field path of the rules (`step[1].seconds`) in the runner's words ("Step 2, seconds").
fn describe_field(field: &str, routine: &Routine) -> String {
    if let Some(rest) = field.strip_prefix("step[") {
        if let Some((n, tail)) = rest.split_once(']') {
            if let Ok(i) = n.parse::<usize>() {
                let what = tail.trim_start_matches('.').replace('_', " ");
                let title = routine.steps.get(i).map(|s| s.title.as_str()).unwrap_or_default();
                return format!("Step {} ({title}){}", i + 1, if what.is_empty() { String::new() } else { format!(", {what}") });
            }
        }
    }
    match field {
        "name" => "Name".into(),
        "summary" => "Description".into(),
        "step" => "Steps".into(),
        "rest_secs" => "Rest between steps".into(),
        other => other.replace('_', " "),
    }
}

/// Steps of the library to add, for one body area at a time (the list of every step is long).
#[component]
fn AddStep(area: String, on_area: EventHandler<String>, on_add: EventHandler<String>) -> Element {
    let lib = library();
    let templates = unique_templates(lib, &area);
    rsx! {
        section { class: "card add-step", "aria-labelledby": "add-step",
            h2 { id: "add-step", "Add a step" }
            label { class: "select-label",
                "Body area"
                select {
                    "aria-label": "Steps for body area",
                    onchange: move |e| on_area.call(e.value()),
                    for a in lib.areas.all().iter() {
                        option { value: "{a.id}", selected: a.id == area, "{a.name}" }
                    }
                }
            }
            if templates.is_empty() {
                p { class: "meta", "No step in the library works on this area yet." }
            }
            ul { class: "link-list template-list",
                for t in templates {
                    li { key: "{t.key()}",
                        // The button's name is what it does; the details beside it are read after it.
                        button { r#type: "button", class: "template",
                            "aria-label": "Add {t.step.title}, from {t.routine.name}",
                            "aria-describedby": "template-{t.key()}",
                            onclick: { let k = t.key(); move |_| on_add.call(k.clone()) },
                            span { class: "routine-name", span { "aria-hidden": "true", "+ " } "{t.step.title}" }
                        }
                        span { class: "meta", id: "template-{t.key()}",
                            "{lib.methods.get(t.tool()).map_or(\"\", |m| m.tool_name.as_str())} · "
                            match t.step.sides {
                                Sides::Each => format!("{} per side", format_duration(u64::from(t.step.seconds))),
                                Sides::None => format_duration(u64::from(t.step.seconds)),
                            }
                            " · from {t.routine.name}"
                        }
                    }
                }
            }
        }
    }
}

/// The library's steps on `area`, each once (the same step written into two routines is offered once).
fn unique_templates<'a>(lib: &'a Library, area: &str) -> Vec<StepTemplate<'a>> {
    let mut seen = std::collections::HashSet::new();
    lib.step_templates()
        .into_iter()
        .filter(|t| t.step.area == area)
        .filter(|t| seen.insert((t.step.title.clone(), t.step.instruction.clone())))
        .collect()
}
