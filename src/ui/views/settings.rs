use dioxus::prelude::*;

use crate::session::{Pace, Scale, SessionSettings};
use crate::text::plural;
use crate::ui::components::{Chip, ConfirmDialog, Message, PageHeader, Stepper};
use crate::ui::{library, AppState, Route};

/// Cue channels, session timing, and the journal's data: export, import, delete.
#[component]
pub fn Settings() -> Element {
    let state = use_context::<AppState>();
    let settings = *state.settings.read();
    let save = {
        let state = state.clone();
        move |s: SessionSettings| state.save_settings(s)
    };
    let haptics = crate::platform::HAPTICS;
    rsx! {
        PageHeader { title: "Settings" }
        section { class: "card", "aria-labelledby": "cues",
            h2 { id: "cues", "Cues" }
            p { class: "meta", "Every cue is always shown on screen; these add feel, sound and a flash." }
            Toggle { label: "Vibration", on: settings.cues.haptics, hint: haptics.describe().to_string(),
                onchange: { let save = save.clone(); move |on| { let mut s = settings; s.cues.haptics = on; save(s) } } }
            Toggle { label: "Sound", on: settings.cues.sound, hint: "Beeps made on the device; nothing is downloaded.".to_string(),
                onchange: { let save = save.clone(); move |on| { let mut s = settings; s.cues.sound = on; save(s) } } }
            Toggle { label: "Screen flash", on: settings.cues.flash, hint: "A full-screen flash at each start, switch and finish.".to_string(),
                onchange: { let save = save.clone(); move |on| { let mut s = settings; s.cues.flash = on; save(s) } } }
            Toggle { label: "Spoken guidance", on: settings.cues.voice, hint: "Says the step and side at each start, and which side to switch to, with the device's own voice.".to_string(),
                onchange: { let save = save.clone(); move |on| { let mut s = settings; s.cues.voice = on; save(s) } } }
            h3 { id: "pace", "Pace cue" }
            div { class: "chip-row", role: "group", "aria-labelledby": "pace",
                for pace in Pace::ALL {
                    Chip { label: pace.label(), pressed: settings.pace == pace,
                        onclick: { let save = save.clone(); move |_| { let mut s = settings; s.pace = pace; save(s) } } }
                }
            }
            p { class: "meta", "One soft tick per stroke, at the step's tempo (for example every 3 s for \"one slow pass every 2–4 s\"). Steps held still have none." }
        }
        section { class: "card", "aria-labelledby": "timing",
            h2 { id: "timing", "Session length" }
            div { class: "chip-row", role: "group", "aria-label": "Length of each step",
                for scale in Scale::ALL {
                    Chip { label: scale.label(), pressed: settings.scale == scale,
                        onclick: { let save = save.clone(); move |_| { let mut s = settings; s.scale = scale; save(s) } } }
                }
            }
            p { class: "meta", "Quick halves each step, thorough adds half again (kept between 20 s and 3 min per side)." }
            Stepper { label: "Get-ready time", value: settings.prep_secs, min: *SessionSettings::PREP_SECS.start(), max: *SessionSettings::PREP_SECS.end(), step: 1, unit: "s",
                onchange: { let save = save.clone(); move |v| { let mut s = settings; s.prep_secs = v; save(s) } } }
            Stepper { label: "Switch-sides time", value: settings.switch_secs, min: *SessionSettings::SWITCH_SECS.start(), max: *SessionSettings::SWITCH_SECS.end(), step: 1, unit: "s",
                onchange: { let save = save.clone(); move |v| { let mut s = settings; s.switch_secs = v; save(s) } } }
            Stepper { label: "Rest between steps", value: settings.rest_secs, min: *SessionSettings::REST_SECS.start(), max: *SessionSettings::REST_SECS.end(), step: 1, unit: "s",
                onchange: { let save = save.clone(); move |v| { let mut s = settings; s.rest_secs = v; save(s) } } }
        }
        DataSection {}
        section { class: "card", "aria-labelledby": "about",
            h2 { id: "about", "About" }
            p { "Unknot works entirely offline. It has no account, no analytics and no network code; your journal never leaves this device unless you export it." }
            p { class: "meta", "On Android the app still asks for the Internet permission: its screen talks to its own code over a connection inside the phone (127.0.0.1), which Android counts as network use. Nothing goes out." }
            p { class: "meta", "Library: {library().routines.len()} routines, {library().techniques.len()} techniques." }
            Link { class: "btn secondary", to: Route::SafetyPage {}, "Read the safety notes again" }
        }
    }
}

#[component]
fn Toggle(label: String, on: bool, hint: String, onchange: EventHandler<bool>) -> Element {
    rsx! {
        div { class: "toggle-row",
            div {
                span { class: "toggle-label", "{label}" }
                span { class: "meta", "{hint}" }
            }
            button {
                class: if on { "switch on" } else { "switch" },
                role: "switch",
                "aria-checked": if on { "true" } else { "false" },
                "aria-label": "{label}",
                onclick: move |_| onchange.call(!on),
                span { class: "knob" }
            }
        }
    }
}

/// Export (JSON and CSV), import, and delete everything.
#[component]
fn DataSection() -> Element {
    let state = use_context::<AppState>();
    let mut message = use_signal(|| None::<String>);
    let mut confirm_wipe = use_signal(|| false);
    // Bumped after each import so the file input is recreated: choosing the same file again must work.
    let mut imports = use_signal(|| 0u32);
    let count = state.read(|j| j.note_count()).map_or(0, |n| n.max(0) as u64);
    let areas: Vec<&'static str> = library().areas.all().iter().map(|a| a.id.as_str()).collect();

    let mut export = {
        let state = state.clone();
        let areas = areas.clone();
        move |json: bool| {
            let now = crate::platform::local_now();
            let stamp = now.format("%Y-%m-%d-%H%M");
            let result = if json {
                state.read(|j| j.export_json(now)).and_then(|text| {
                    crate::platform::export_file(&format!("unknot-journal-{stamp}.json"), "application/json", &text)
                })
            } else {
                state.read(|j| j.export_csv(&areas)).and_then(|text| {
                    crate::platform::export_file(&format!("unknot-journal-{stamp}.csv"), "text/csv", &text)
                })
            };
            // The JSON file is the whole journal; the CSV file holds the notes only.
            message.set(Some(match result {
                Ok(place) if json => format!("Exported your journal (notes, sessions, runs and routines of your own) to {place}."),
                Ok(place) => format!("Exported {} to {place}.", plural(count, "note", "notes")),
                Err(e) => format!("Export failed: {e}"),
            }));
        }
    };
    // Import one journal file's text (JSON or CSV, told apart by content, never by name).
    let import_text = {
        let state = state.clone();
        let areas = areas.clone();
        move |name: String, text: String| {
            let result = state.write(|j| j.import_file(&text, &areas));
            message.set(Some(match result {
                Ok(report) => format!("Imported {name}: {report}."),
                Err(e) => e.to_string(),
            }));
        }
    };
    let (exports_dir, found) = crate::platform::import_files();
    let import = {
        let import_text = import_text.clone();
        move |evt: FormEvent| {
            let mut import_text = import_text.clone();
            async move {
                let Some(file) = evt.files().into_iter().next() else { return };
                imports += 1;
                let name = file.name();
                let text = match file.read_string().await {
                    Ok(t) => t,
                    Err(e) => {
                        message.set(Some(format!("Could not read {name}: {e}")));
                        return;
                    }
                };
                import_text(name, text);
            }
        }
    };

    rsx! {
        section { class: "card", "aria-labelledby": "data",
            h2 { id: "data", "Your journal" }
            p { class: "meta", "{plural(count, \"note\", \"notes\")}, stored at {state.journal_location}." }
            div { class: "actions",
                button { class: "btn secondary", onclick: { let mut export = export.clone(); move |_| export(true) }, "Export JSON" }
                button { class: "btn secondary", onclick: move |_| export(false), "Export CSV" }
            }
            if crate::platform::NATIVE_FILE_PICKER {
                // The system's document picker (Android, iOS): the webview's file input hands the app no file there.
                button {
                    class: "btn secondary",
                    onclick: {
                        let import_text = import_text.clone();
                        move |_| {
                            let mut import_text = import_text.clone();
                            async move {
                                match crate::platform::pick_import_file().await {
                                    Ok(Some((name, text))) => import_text(name, text),
                                    Ok(None) => {}
                                    Err(e) => message.set(Some(e)),
                                }
                            }
                        }
                    },
                    "Import a file (JSON or CSV)"
                }
            } else {
                label { class: "btn secondary file-button",
                    "Import a file (JSON or CSV)"
                    for seq in std::iter::once(imports()) {
                        input { key: "{seq}", r#type: "file", accept: ".json,.csv,application/json,text/csv", "aria-label": "Import a journal file", onchange: import.clone() }
                    }
                }
            }
            if let Some(dir) = exports_dir {
                details { class: "import-files",
                    summary { "Import from {dir}" }
                    if found.is_empty() {
                        p { class: "meta", "No .json or .csv files there yet. Exports land there; to move your journal to this device, copy an export into that folder." }
                    }
                    ul { class: "link-list",
                        for f in found {
                            li {
                                button {
                                    class: "btn secondary wide",
                                    "aria-label": "Import {f.name}",
                                    onclick: {
                                        let mut import_text = import_text.clone();
                                        let f = f.clone();
                                        move |_| match crate::platform::read_import_file(&f.path) {
                                            Ok(text) => import_text(f.name.clone(), text),
                                            Err(e) => message.set(Some(e)),
                                        }
                                    },
                                    "{f.name}"
                                }
                            }
                        }
                    }
                }
            }
            if let Some(m) = message() { div { class: "result", role: "status", Message { text: m } } }
            button { class: "btn danger", onclick: move |_| confirm_wipe.set(true), "Delete all journal data" }
            if confirm_wipe() {
                ConfirmDialog {
                    title: "Delete every note and session?",
                    body: "Your notes, sessions, own routines and favourites go. This cannot be undone. Export first if you may want them back.",
                    cancel_label: "Cancel",
                    confirm_label: "Delete everything",
                    on_cancel: move |_| confirm_wipe.set(false),
                    on_confirm: {
                        let state = state.clone();
                        move |_| {
                            confirm_wipe.set(false);
                            message.set(Some(match state.write(|j| j.wipe()) {
                                Ok(()) => "All notes, sessions and routines of your own were deleted.".to_string(),
                                Err(e) => format!("Nothing was deleted: {e}"),
                            }));
                        }
                    },
                }
            }
        }
    }
}
