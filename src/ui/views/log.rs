use std::collections::BTreeMap;

use dioxus::prelude::*;

use crate::journal::{feel_label, note_time, Note, NoteDraft, MAX_TEXT_CHARS, NOTE_TIME_INPUT};
use crate::ui::components::{focus_next_frame, PageHeader};
use crate::ui::icons::{self, Icon};
use crate::ui::{library, AppState, Route};

/// Log a note from the Journal tab.
#[component]
pub fn LogNote() -> Element {
    rsx! {
        PageHeader { title: "How do you feel?", back: Route::Journal {}, back_label: "Journal" }
        NoteForm { existing: None, session_id: None, areas: Vec::<String>::new() }
    }
}

/// The quick log after a session: soreness for the areas the routine touched comes first.
#[component]
pub fn LogAfterSession(session_id: String) -> Element {
    let state = use_context::<AppState>();
    // The routine as the session ran it (it may have been edited or deleted since).
    let areas: Vec<String> = state
        .session_routine(&session_id)
        .map(|r| {
            let mut areas = r.areas.clone();
            for s in &r.steps {
                if !areas.contains(&s.area) {
                    areas.push(s.area.clone());
                }
            }
            areas
        })
        .unwrap_or_default();
    rsx! {
        PageHeader { title: "How do you feel?", back: Route::Home {}, back_label: "Skip" }
        NoteForm { existing: None, session_id: Some(session_id.clone()), areas }
    }
}

#[component]
pub fn NoteEdit(id: String) -> Element {
    let state = use_context::<AppState>();
    let note = state.read(|j| j.note(&id)).ok().flatten();
    rsx! {
        PageHeader { title: "Edit note", back: Route::NoteDetail { id: id.clone() }, back_label: "Note" }
        match note {
            Some(n) => rsx! { NoteForm { areas: n.soreness.keys().cloned().collect::<Vec<_>>(), session_id: n.session_id.clone(), existing: Some(n) } },
            None => rsx! { p { "This note no longer exists." } },
        }
    }
}

/// The log form: soreness per area (0–10), overall feel (1–5), optional run effort (RPE 1–10), free text.
/// Raw text is kept for the number fields so that a bad value can be shown with its message; nothing is
/// saved until every field is valid.
#[component]
fn NoteForm(existing: Option<Note>, session_id: Option<String>, areas: Vec<String>) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    let initial = existing.as_ref().map(Note::as_draft);
    let mut soreness = use_signal(|| {
        let mut rows: Vec<(String, String)> = areas.iter().map(|a| (a.clone(), "0".to_string())).collect();
        if let Some(d) = &initial {
            rows = d.soreness.iter().map(|(a, l)| (a.clone(), l.to_string())).collect();
        }
        rows
    });
    let mut feel = use_signal(|| initial.as_ref().map_or(3, |d| d.feel));
    let mut rpe = use_signal(|| initial.as_ref().and_then(|d| d.rpe).map(|r| r.to_string()).unwrap_or_default());
    let mut text = use_signal(|| initial.as_ref().map(|d| d.text.clone()).unwrap_or_default());
    let mut problems = use_signal(Vec::<String>::new);
    // When it was felt: now for a new note (editable, to log yesterday's legs), the note's own time when editing.
    // Read once, when the form opens (like an event handler would), not on every render.
    let opened_at = use_hook(crate::platform::local_now);
    let when_shown = use_hook(|| existing.as_ref().map_or(opened_at, |n| n.created_at).format(NOTE_TIME_INPUT).to_string());
    let mut when = use_signal(|| when_shown.clone());
    // Typed text is not written back into the fields on each render (`initial_value`, not `value`): on a busy
    // phone an older input event's value would overwrite newer keystrokes.
    let text_shown = use_hook(|| text.peek().clone());

    let save = {
        let state = state.clone();
        let when_shown = when_shown.clone();
        let existing = existing.clone();
        let session_id = session_id.clone();
        move |_| {
            let mut errs = Vec::new();
            let mut levels = BTreeMap::new();
            for (area, raw) in soreness.read().iter() {
                match raw.trim().parse::<u8>() {
                    Ok(v) => {
                        levels.insert(area.clone(), v);
                    }
                    Err(_) => errs.push(format!(
                        "Soreness for {} must be a whole number from 0 to 10.",
                        crate::text::lowercase(lib.area_name(area))
                    )),
                }
            }
            let rpe_value = match rpe.read().trim() {
                "" => None,
                raw => match raw.parse::<u8>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        errs.push("Run effort must be a whole number from 1 to 10, or left empty.".into());
                        None
                    }
                },
            };
            let now = crate::platform::local_now();
            let changed = *when.read() != when_shown;
            let felt_at = match note_time(&when.read(), now) {
                // Left as shown: the note keeps its exact time (now, to the second, or the edited note's own).
                Ok(_) if !changed => None,
                Ok(at) => Some(at),
                Err(why) => {
                    errs.push(format!("Date and time: {why}."));
                    None
                }
            };
            let draft = NoteDraft { session_id: session_id.clone(), feel: feel(), rpe: rpe_value, text: text(), soreness: levels };
            errs.extend(draft.problems().iter().map(|p| {
                let s = crate::text::uppercase_first(&p.to_string());
                if s.is_empty() { s } else { s + "." }
            }));
            if !errs.is_empty() {
                problems.set(errs);
                return;
            }
            let note = match &existing {
                Some(old) => old.edited(draft, now),
                None => draft.into_note(crate::platform::new_id(), now),
            }
            .map(|mut note| {
                if let Some(at) = felt_at {
                    note.created_at = at;
                }
                note
            });
            match note.map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>()) {
                Ok(note) => match state.write(|j| j.save_note(&note)) {
                    // Shown as saved only once the device keeps it (the web build stores it a moment later).
                    Ok(()) => {
                        let state = state.clone();
                        spawn(async move {
                            match crate::platform::journal_flushed().await {
                                Ok(()) => {
                                    problems.set(Vec::new());
                                    state.leave_to(nav, Route::NoteDetail { id: note.id.clone() });
                                }
                                Err(e) => problems.set(vec![format!("Not saved: {e}")]),
                            }
                        });
                    }
                    Err(e) => problems.set(vec![format!("Not saved: {e}")]),
                },
                Err(ps) => problems.set(ps),
            }
        }
    };

    let listed: Vec<String> = soreness.read().iter().map(|(a, _)| a.clone()).collect();
    let chars = text.read().chars().count();
    rsx! {
        form { class: "note-form", onsubmit: move |e| { e.prevent_default(); },
            fieldset { class: "card",
                // The scale under the legend, not in it: a legend of two lines at a phone's width sits across the
                // fieldset's top border.
                legend { "Soreness" }
                p { class: "meta", "0 = none, 10 = worst" }
                for (i, (area, raw)) in soreness.read().iter().enumerate() {
                    div { class: "soreness-row", key: "{area}",
                        label { r#for: "sore-{area}", "{lib.area_name(area)}" }
                        button { r#type: "button", class: "round", "aria-label": "Less sore: {lib.area_name(area)}",
                            onclick: move |_| { let mut s = soreness.write(); let v = s[i].1.trim().parse::<u8>().unwrap_or(0); s[i].1 = v.saturating_sub(1).to_string(); },
                            "−"
                        }
                        input { id: "sore-{area}", class: "number", r#type: "number", inputmode: "numeric", min: "0", max: "10",
                            "aria-label": "{lib.area_name(area)} soreness, 0 to 10",
                            value: "{raw}",
                            oninput: move |e| soreness.write()[i].1 = e.value(),
                        }
                        button { r#type: "button", class: "round", "aria-label": "More sore: {lib.area_name(area)}",
                            onclick: move |_| { let mut s = soreness.write(); let v = s[i].1.trim().parse::<u8>().unwrap_or(0); s[i].1 = v.saturating_add(1).min(10).to_string(); },
                            "+"
                        }
                        button { r#type: "button", class: "linkish", "aria-label": "Remove {lib.area_name(area)}",
                            // The button goes with its row: focus moves to the area picker, not to the page's top.
                            onclick: move |_| {
                                soreness.write().remove(i);
                                focus_next_frame("add-area");
                            },
                            Icon { d: icons::CROSS }
                        }
                    }
                }
                label { class: "select-label",
                    "Add an area"
                    // A new element after each change, back at "Choose…": the browser would otherwise keep the
                    // selected index, which after the list shrinks points at the next area (shown as if chosen),
                    // and picking that one would not fire a change at all. A key only replaces an element in a
                    // list, hence the list of one.
                    for shown in std::iter::once(listed.len()) {
                        select {
                            key: "{shown}",
                            id: "add-area",
                            "aria-label": "Add an area",
                            value: "",
                            onchange: move |e| {
                                let v = e.value();
                                if !v.is_empty() && !soreness.read().iter().any(|(a, _)| *a == v) {
                                    soreness.write().push((v, "0".into()));
                                }
                            },
                            option { value: "", "Choose…" }
                            for a in lib.areas.all().iter().filter(|a| !listed.contains(&a.id)) {
                                option { value: "{a.id}", "{a.name}" }
                            }
                        }
                    }
                }
            }
            fieldset { class: "card",
                legend { "Overall feel" }
                div { class: "feel-row", role: "radiogroup", "aria-label": "Overall feel",
                    for v in 1u8..=5 {
                        button {
                            r#type: "button",
                            role: "radio",
                            class: if feel() == v { "feel on" } else { "feel" },
                            "aria-checked": if feel() == v { "true" } else { "false" },
                            "aria-label": "{v} of 5, {feel_label(v)}",
                            onclick: move |_| feel.set(v),
                            span { class: "feel-num", "{v}" }
                            span { class: "feel-word", "{feel_label(v)}" }
                        }
                    }
                }
            }
            fieldset { class: "card",
                legend { "Run effort (optional)" }
                // The words above the box, as in the run form (an inline label wrapped around the box).
                label { class: "select-label", r#for: "rpe",
                    "RPE 1–10 (1 = very easy, 10 = all out)"
                    input { id: "rpe", class: "number", r#type: "number", inputmode: "numeric", min: "1", max: "10",
                        placeholder: "—", value: "{rpe}", oninput: move |e| rpe.set(e.value()) }
                }
            }
            fieldset { class: "card",
                legend { "Note" }
                textarea { id: "note-text", "aria-label": "Note", rows: "4", placeholder: "Anything worth remembering: the run, a tight spot, sleep…",
                    initial_value: "{text_shown}", oninput: move |e| text.set(e.value()) }
                p { class: if chars > MAX_TEXT_CHARS { "meta over" } else { "meta" }, "{chars} / {MAX_TEXT_CHARS} characters" }
            }
            // Last: usually left at "now"; changed to log how the legs felt yesterday.
            fieldset { class: "card",
                legend { "When" }
                label { class: "select-label", r#for: "note-when",
                    "Date and time you felt this"
                    input { id: "note-when", class: "when", r#type: "datetime-local",
                        max: "{opened_at.format(NOTE_TIME_INPUT)}",
                        initial_value: "{when_shown}", oninput: move |e| when.set(e.value()) }
                }
            }
            if !problems.read().is_empty() {
                div { class: "form-errors", role: "alert",
                    p { strong { "Not saved yet:" } }
                    ul { for p in problems.read().iter() { li { "{p}" } } }
                }
            }
            button { r#type: "button", class: "btn primary big wide", onclick: save, "Save note" }
        }
    }
}
