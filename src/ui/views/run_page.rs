//! One run (`/journal/runs/:id`), reached from the Journal's list of runs and from the message after a file
//! is imported: the runner corrects what a watch's file could not tell — its type (a file is only guessed
//! easy or long) and effort (a file has none) — or anything else, and can delete it behind a confirmation.
//!
//! Invariants: saving keeps the run's id (so importing the same file again still adds nothing) and, for the
//! fields left as they were, its exact values ([`RunForm::to_run`]); nothing is saved while any field has a
//! problem, and each problem is shown next to its field; text fields are uncontrolled (`initial_value`), so
//! keystrokes are never lost to a re-render on a busy phone.

use dioxus::prelude::*;

use crate::journal::{Run, RunField, RunForm, RunFormProblem, RunKind, NOTE_TIME_INPUT};
use crate::ui::components::{Chip, ConfirmDialog, FieldError, PageHeader};
use crate::ui::{AppState, Route};

const TITLE_FORMAT: &str = "%a %-d %b %Y, %H:%M";

/// The run's page: its form, Save, and Delete.
#[component]
pub fn RunPage(id: String) -> Element {
    let state = use_context::<AppState>();
    let run = state.read(|j| j.run(&id)).ok().flatten();
    rsx! {
        PageHeader { title: "Run", back: Route::Journal {}, back_label: "Journal" }
        match run {
            // Another run's page is a new form, never this one's typed text: `Shell` keys each screen by
            // its address.
            Some(run) => rsx! { RunEditForm { run } },
            None => rsx! {
                section { class: "card",
                    p { "This run is not in your journal (it may have been deleted)." }
                    Link { class: "btn secondary", to: Route::Journal {}, "Back to the journal" }
                }
            },
        }
    }
}

/// The problems of `field`, in words, for [`FieldError`].
fn problems_of(problems: &[RunFormProblem], field: RunField) -> Vec<String> {
    problems.iter().filter(|p| p.field == field).map(|p| p.problem.clone()).collect()
}

#[component]
fn RunEditForm(run: Run) -> Element {
    let state = use_context::<AppState>();
    let nav = use_navigator();
    let opened_at = use_hook(crate::platform::local_now);
    let initial = use_hook(|| RunForm::of(&run));
    let mut form = use_signal(|| initial.clone());
    let mut problems = use_signal(Vec::<RunFormProblem>::new);
    let mut confirm_delete = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);

    let save = {
        let state = state.clone();
        let run = run.clone();
        move |_| {
            let now = crate::platform::local_now();
            // The id is the run's own: an edited run is the same run.
            match form.read().to_run(Some(&run), || run.id.clone(), now) {
                Err(found) => problems.set(found),
                Ok(edited) => match state.write(|j| j.save_run(&edited)) {
                    Ok(()) => {
                        problems.set(Vec::new());
                        state.leave_to(nav, Route::Journal {});
                    }
                    Err(e) => failure.set(Some(format!("Not saved: {e}"))),
                },
            }
        }
    };
    let delete = {
        let state = state.clone();
        let id = run.id.clone();
        move |_| {
            confirm_delete.set(false);
            match state.write(|j| j.delete_run(&id)) {
                Ok(_) => {
                    state.leave_to(nav, Route::Journal {});
                }
                // Say so: a delete that silently did nothing would look like success.
                Err(e) => failure.set(Some(format!("Not deleted: {e}"))),
            }
        }
    };

    let shown = problems.read().clone();
    let invalid = |field| if shown.iter().any(|p| p.field == field) { "true" } else { "false" };
    let others: Vec<String> = shown.iter().filter(|p| p.field == RunField::Other).map(RunFormProblem::sentence).collect();
    let kind = form.read().kind;
    let chars = form.read().note.chars().count();
    rsx! {
        section { class: "card", "aria-labelledby": "run-title",
            h2 { id: "run-title", "{run.started_at.format(TITLE_FORMAT)}" }
            p { class: "meta",
                "{run.kind.label()} · {run.summary()}"
                if let Some(e) = run.effort { " · effort {e}/10" }
            }
            if let Some(source) = run.source.as_deref() {
                p { class: "meta", "Read from {source}. A file cannot tell how hard the run felt or what kind it was: set them here." }
            }
        }
        form { class: "note-form", onsubmit: move |e| { e.prevent_default(); },
            fieldset { class: "card",
                legend { "Change this run" }
                div { class: "chip-row", role: "group", "aria-label": "Type of run",
                    for k in RunKind::ALL {
                        Chip { label: k.label(), pressed: kind == k, onclick: move |_| form.write().kind = k }
                    }
                }
                label { class: "select-label", r#for: "run-distance",
                    "Distance (km)"
                    input { id: "run-distance", class: "number wide-number", r#type: "text", inputmode: "decimal",
                        initial_value: "{initial.distance}", oninput: move |e| form.write().distance = e.value(),
                        "aria-invalid": invalid(RunField::Distance), "aria-describedby": "run-distance-error" }
                }
                FieldError { id: "run-distance-error", problems: problems_of(&shown, RunField::Distance) }
                label { class: "select-label", r#for: "run-time",
                    "Time (minutes, or h:mm:ss)"
                    input { id: "run-time", class: "number wide-number", r#type: "text", inputmode: "numeric",
                        initial_value: "{initial.time}", oninput: move |e| form.write().time = e.value(),
                        "aria-invalid": invalid(RunField::Time), "aria-describedby": "run-time-error" }
                }
                FieldError { id: "run-time-error", problems: problems_of(&shown, RunField::Time) }
                label { class: "select-label", r#for: "run-effort",
                    "Effort, RPE 1–10 (optional)"
                    input { id: "run-effort", class: "number", r#type: "number", inputmode: "numeric", min: "1", max: "10", placeholder: "—",
                        initial_value: "{initial.effort}", oninput: move |e| form.write().effort = e.value(),
                        "aria-invalid": invalid(RunField::Effort), "aria-describedby": "run-effort-error" }
                }
                FieldError { id: "run-effort-error", problems: problems_of(&shown, RunField::Effort) }
                label { class: "select-label", r#for: "run-when",
                    "Started"
                    input { id: "run-when", class: "when", r#type: "datetime-local", max: "{opened_at.format(NOTE_TIME_INPUT)}",
                        initial_value: "{initial.started}", oninput: move |e| form.write().started = e.value(),
                        "aria-invalid": invalid(RunField::Started), "aria-describedby": "run-when-error" }
                }
                FieldError { id: "run-when-error", problems: problems_of(&shown, RunField::Started) }
                textarea { id: "run-note", "aria-label": "Run note", rows: "2", placeholder: "Hills, a niggle, the weather…",
                    initial_value: "{initial.note}", oninput: move |e| form.write().note = e.value(),
                    "aria-invalid": invalid(RunField::Note), "aria-describedby": "run-note-error" }
                FieldError { id: "run-note-error", problems: problems_of(&shown, RunField::Note) }
                p { class: "meta", "{chars} characters" }
            }
            if !shown.is_empty() {
                div { class: "form-errors", role: "alert",
                    p { strong { if shown.len() == 1 { "Not saved yet: 1 problem, shown at its field." } else { "Not saved yet: {shown.len()} problems, shown at their fields." } } }
                    if !others.is_empty() { ul { for o in others { li { "{o}" } } } }
                }
            }
            if let Some(f) = failure() { div { class: "form-errors", role: "alert", p { "{f}" } } }
            button { r#type: "button", class: "btn primary big wide", onclick: save, "Save run" }
            button { r#type: "button", class: "btn secondary wide", onclick: move |_| confirm_delete.set(true), "Delete this run" }
        }
        if confirm_delete() {
            ConfirmDialog {
                title: "Delete this run?",
                body: "It is removed from your journal, its weekly distance and Home's suggestions. This cannot be undone.",
                cancel_label: "Keep it",
                confirm_label: "Delete",
                on_cancel: move |_| confirm_delete.set(false),
                on_confirm: delete,
            }
        }
    }
}
