//! Runs: the quick log (type, distance, time, effort, note) or a GPX / FIT file a watch wrote, the list of
//! recent runs, and one area's soreness beside weekly distance.

use chrono::NaiveDate;
use dioxus::prelude::*;

use crate::journal::{format_km, run_from_facts, RunForm, RunFormProblem, RunKind, NOTE_TIME_INPUT};
use crate::ui::components::{Chip, Message, PageHeader};
use crate::ui::{library, AppState, Route};

/// Log a run in seconds, or read one from a watch's file.
#[component]
pub fn LogRun() -> Element {
    let state = use_context::<AppState>();
    let nav = use_navigator();
    let opened_at = use_hook(crate::platform::local_now);
    let mut kind = use_signal(|| RunKind::Easy);
    let mut distance = use_signal(String::new);
    let mut duration = use_signal(String::new);
    let mut effort = use_signal(String::new);
    let mut note = use_signal(String::new);
    let mut when = use_signal(|| opened_at.format(NOTE_TIME_INPUT).to_string());
    let mut problems = use_signal(Vec::<String>::new);
    let mut message = use_signal(|| None::<String>);
    // Bumped after each file so the input is recreated: choosing the same file again must work.
    let mut picks = use_signal(|| 0u32);

    let save = {
        let state = state.clone();
        move |_| {
            // The same rules as the run page (`RunForm`), so a run is checked the same way wherever it is typed.
            let form = RunForm { kind: kind(), started: when(), distance: distance(), time: duration(), effort: effort(), note: note() };
            let run = match form.to_run(None, crate::platform::new_id, crate::platform::local_now()) {
                Ok(run) => run,
                Err(found) => {
                    problems.set(found.iter().map(RunFormProblem::sentence).collect());
                    return;
                }
            };
            match state.write(|j| j.save_run(&run)) {
                Ok(()) => {
                    problems.set(Vec::new());
                    nav.replace(Route::Home {});
                }
                Err(e) => problems.set(vec![format!("Not saved: {e}")]),
            }
        }
    };
    // The run just imported (or found imported before), for the link to its page.
    let mut imported = use_signal(|| None::<String>);
    // A watch's file is read whole, checked, and saved in one step; a bad file changes nothing. Where it comes
    // from (the file input, the phone's document picker, the exports folder) is `run_file_bytes`'s business.
    let import = {
        let state = state.clone();
        move |source: RunFileSource| {
            let state = state.clone();
            async move {
                picks += 1;
                let (name, bytes) = match run_file_bytes(source).await {
                    Ok(Some(file)) => file,
                    Ok(None) => return,
                    Err(e) => {
                        message.set(Some(e));
                        return;
                    }
                };
                let offset = *crate::platform::local_now().offset();
                let facts = crate::platform::run_file_facts(&bytes).await;
                let result = facts.and_then(|facts| run_from_facts(&name, facts, offset)).and_then(|run| {
                    let existed = state.read(|j| j.run(&run.id)).ok().flatten().is_some();
                    state.write(|j| j.save_run(&run)).map(|()| (run, existed))
                });
                imported.set(result.as_ref().ok().map(|(run, _)| run.id.clone()));
                message.set(Some(match result {
                    Ok((_, true)) => format!("The file {name} was imported before; nothing was added."),
                    Ok((run, false)) => format!(
                        "Imported {name}: {} of {} on {}.",
                        run.kind.with_article(),
                        run.summary(),
                        run.started_at.format("%a %-d %b, %H:%M")
                    ),
                    Err(e) => format!("The file {name} was not imported, nothing was changed: {e}"),
                }));
            }
        }
    };
    let (exports_dir, found) = crate::platform::run_files();
    let chars = note.read().chars().count();
    rsx! {
        PageHeader { title: "Log a run", back: Route::Journal {}, back_label: "Journal" }
        section { class: "card", "aria-labelledby": "from-file",
            h2 { id: "from-file", "From your watch" }
            p { class: "meta", "A GPX or FIT file your watch or its app exported. It stays on this device." }
            if crate::platform::NATIVE_FILE_PICKER {
                // The system's document picker (Android, iOS): the webview's file input hands the app no file there.
                button { class: "btn secondary", onclick: { let import = import.clone(); move |_| import(RunFileSource::Picker) },
                    "Import a run file (GPX or FIT)" }
            } else {
                label { class: "btn secondary file-button",
                    "Import a run file (GPX or FIT)"
                    for seq in std::iter::once(picks()) {
                        input { key: "{seq}", r#type: "file", accept: ".gpx,.fit,application/gpx+xml,application/octet-stream", "aria-label": "Import a run file",
                            onchange: { let import = import.clone(); move |evt: FormEvent| import(RunFileSource::Input(evt.files().into_iter().next())) } }
                    }
                }
            }
            if let Some(dir) = exports_dir {
                details { class: "import-files",
                    summary { "Import from {dir}" }
                    if found.is_empty() {
                        p { class: "meta", "No .gpx or .fit files there yet. Copy one from your watch into that folder." }
                    }
                    ul { class: "link-list",
                        for f in found {
                            li { key: "{f.path}",
                                button { class: "btn secondary wide", "aria-label": "Import {f.name}",
                                    onclick: { let import = import.clone(); let f = f.clone(); move |_| import(RunFileSource::Folder(f.clone())) },
                                    "{f.name}" }
                            }
                        }
                    }
                }
            }
            if let Some(m) = message() {
                div { class: "result", role: "status",
                    Message { text: m }
                    if let Some(id) = imported() {
                        Link { class: "btn secondary", to: Route::RunPage { id }, "Set its type and effort" }
                    }
                }
            }
        }
        form { class: "note-form", onsubmit: move |e| { e.prevent_default(); },
            fieldset { class: "card",
                legend { "Type of run" }
                div { class: "chip-row", role: "group", "aria-label": "Type of run",
                    for k in RunKind::ALL {
                        Chip { label: k.label(), pressed: kind() == k, onclick: move |_| kind.set(k) }
                    }
                }
                label { class: "select-label", r#for: "run-distance",
                    "Distance (km)"
                    input { id: "run-distance", class: "number wide-number", r#type: "text", inputmode: "decimal", placeholder: "8.0",
                        value: "{distance}", oninput: move |e| distance.set(e.value()) }
                }
                label { class: "select-label", r#for: "run-time",
                    "Time (minutes, or h:mm:ss)"
                    input { id: "run-time", class: "number wide-number", r#type: "text", inputmode: "numeric", placeholder: "45:00",
                        value: "{duration}", oninput: move |e| duration.set(e.value()) }
                }
                label { class: "select-label", r#for: "run-effort",
                    "Effort, RPE 1–10 (optional)"
                    input { id: "run-effort", class: "number", r#type: "number", inputmode: "numeric", min: "1", max: "10", placeholder: "—",
                        value: "{effort}", oninput: move |e| effort.set(e.value()) }
                }
                label { class: "select-label", r#for: "run-when",
                    "Started"
                    input { id: "run-when", class: "when", r#type: "datetime-local", max: "{opened_at.format(NOTE_TIME_INPUT)}",
                        value: "{when}", oninput: move |e| when.set(e.value()) }
                }
                textarea { id: "run-note", "aria-label": "Run note", rows: "2", placeholder: "Hills, a niggle, the weather…",
                    initial_value: "{note}", oninput: move |e| note.set(e.value()) }
                p { class: "meta", "{chars} characters" }
            }
            if !problems.read().is_empty() {
                div { class: "form-errors", role: "alert",
                    p { strong { "Not saved yet:" } }
                    ul { for p in problems.read().iter() { li { "{p}" } } }
                }
            }
            button { r#type: "button", class: "btn primary big wide", onclick: save, "Save run" }
        }
    }
}

/// Where a run file comes from: the page's file input (browser, desktop), the system's document picker
/// (phones), or the exports folder (desktop and phones).
enum RunFileSource {
    Input(Option<dioxus::html::FileData>),
    Picker,
    Folder(crate::platform::ImportFile),
}

/// The chosen file's name and bytes, `Ok(None)` when nothing was chosen, or why it could not be read.
async fn run_file_bytes(source: RunFileSource) -> Result<Option<(String, Vec<u8>)>, String> {
    match source {
        RunFileSource::Input(None) => Ok(None),
        RunFileSource::Input(Some(file)) => {
            let name = file.name();
            file.read_bytes().await.map(|b| Some((name.clone(), b.to_vec()))).map_err(|e| format!("Could not read {name}: {e}"))
        }
        RunFileSource::Picker => crate::platform::pick_run_file().await,
        RunFileSource::Folder(f) => crate::platform::read_run_file_at(&f.path).map(|bytes| Some((f.name, bytes))),
    }
}

/// The runs of the Journal tab: the latest first, with a way to log one.
#[component]
pub fn RecentRuns() -> Element {
    let state = use_context::<AppState>();
    let runs = state.read(|j| j.runs()).unwrap_or_default();
    rsx! {
        section { class: "card", "aria-labelledby": "runs",
            h2 { id: "runs", "Runs" }
            if runs.is_empty() {
                p { class: "empty", "No runs yet. Log one by hand or import a file from your watch." }
            }
            ul { class: "link-list runs",
                for r in runs.iter().take(10) {
                    li { key: "{r.id}",
                        // The whole line opens the run: its type and effort are corrected there.
                        Link { to: Route::RunPage { id: r.id.clone() },
                            strong { "{r.started_at.format(\"%a %-d %b\")}" }
                            " · {r.kind.label()} · {r.summary()}"
                            if let Some(e) = r.effort { " · effort {e}/10" }
                        }
                    }
                }
            }
            Link { class: "btn secondary", to: Route::LogRun {}, "Log a run" }
        }
    }
}

/// One area: its soreness each week beside the week's distance, over eight weeks (a table: readable at
/// 320 px and by a screen reader as it is).
#[component]
pub fn AreaTrendPage(id: String) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let name = lib.area_name(&id).to_string();
    let today = state.as_of.read().date_naive();
    // The same weekly figures as the all-areas screen (`journal::load_overview`), for this one area.
    let overview = state.read(|j| j.load_overview(today, 8)).unwrap_or_default();
    let sore_weeks = overview.areas.iter().find(|a| a.area == id).map(|a| a.soreness.clone()).unwrap_or_default();
    let rows: Vec<(NaiveDate, u32, Option<f64>)> = overview
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (w.monday, w.metres, sore_weeks.get(i).copied().flatten()))
        .collect();
    let max_km = rows.iter().map(|(_, m, _)| *m).max().unwrap_or(0).max(1);
    rsx! {
        PageHeader { title: "{name}", back: Route::Home {}, back_label: "Home" }
        section { class: "card", "aria-labelledby": "load",
            h2 { id: "load", "Soreness beside weekly distance" }
            p { class: "meta", "Highest soreness logged each week (0–10) and the kilometres you ran that week." }
            table { class: "load-table",
                thead { tr { th { scope: "col", "Week of" } th { scope: "col", "Soreness" } th { scope: "col", "Distance" } } }
                tbody {
                    for (monday, metres, sore) in rows.iter() {
                        tr { key: "{monday}",
                            th { scope: "row", "{monday.format(\"%-d %b\")}" }
                            td { match sore { Some(v) => rsx! { span { class: "sore-cell", "{v:.0}/10" } }, None => rsx! { span { class: "meta", "—" } } } }
                            td {
                                span { class: "km-bar", style: "width: {(*metres as f64 / max_km as f64 * 100.0).round()}%", "aria-hidden": "true" }
                                span { " {format_km(*metres)}" }
                            }
                        }
                    }
                }
            }
            Link { class: "btn secondary", to: Route::LoadOverviewPage {}, "All areas beside your training load" }
            Link { class: "btn secondary", to: Route::Journal {}, "All trends in the Journal" }
        }
    }
}
