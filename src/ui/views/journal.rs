use chrono::{Days, NaiveDate};
use dioxus::prelude::*;

use crate::journal::{feel_label, DamagedRow, Note};
use crate::ui::components::{Chip, ConfirmDialog, Message, PageHeader};
use crate::ui::{library, AppState, Route};

const PAGE: u32 = 50;
const TIME_FORMAT: &str = "%H:%M";
const DAY_FORMAT: &str = "%A %-d %B %Y";
const NOTE_TITLE_FORMAT: &str = "%a %-d %b %Y, %H:%M";
const SHORT_DATE: &str = "%-d %b";
const WEEK_LABEL: &str = "%-d/%-m";

/// History by day, soreness trends, sessions per week, and Undo after a delete.
#[component]
pub fn Journal() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut shown = use_signal(|| PAGE);
    let notes = state.read(|j| j.latest_notes(shown()));
    let total = state.read(|j| j.note_count()).unwrap_or(0);
    let mut deleted = state.deleted;

    rsx! {
        PageHeader { title: "Journal" }
        if let Some(why) = state.journal_unavailable.as_deref() {
            div { class: "notice", role: "alert", div { class: "notice-body", Message { text: why.to_string() } } }
        }
        if let Some(note) = deleted.read().clone() {
            div { class: "toast", role: "status",
                span { "Note deleted." }
                button {
                    class: "btn secondary",
                    onclick: {
                        let state = state.clone();
                        move |_| {
                            if state.write(|j| j.save_note(&note)).is_ok() {
                                deleted.set(None);
                            }
                        }
                    },
                    "Undo"
                }
            }
        }
        div { class: "actions",
            Link { class: "btn primary big", to: Route::LogNote {}, "Log how you feel" }
        }
        Trends {}
        DamagedRows {}
        section { "aria-labelledby": "history",
            h2 { id: "history", "History" }
            match notes {
                Err(e) => rsx! { div { role: "alert", Message { text: e } } },
                Ok(notes) if notes.is_empty() => rsx! {
                    p { class: "empty", "No notes yet. After a session you will be asked how you feel; you can also log any time." }
                },
                Ok(notes) => rsx! {
                    for (day, group) in by_day(&notes) {
                        h3 { class: "day", "{day.format(DAY_FORMAT)}" }
                        ul { class: "note-list",
                            for n in group {
                                li {
                                    Link { class: "note-card", to: Route::NoteDetail { id: n.id.clone() },
                                        span { class: "note-time", "{n.created_at.format(TIME_FORMAT)}" }
                                        span { class: "note-feel", "Feel {n.feel}/5 · {feel_label(n.feel)}" }
                                        if let Some((area, level)) = n.sorest() {
                                            span { class: "meta", "Sorest: {lib.area_name(area)} {level}/10" }
                                        }
                                        if !n.text.is_empty() {
                                            span { class: "note-text", "{preview(&n.text)}" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    if i64::from(shown()) < total {
                        button { class: "btn secondary wide", onclick: move |_| shown += PAGE, "Show older notes" }
                    }
                },
            }
        }
    }
}

/// Rows of the journal that cannot be read back: said plainly, with their raw contents behind "Details";
/// kept in the JSON export, and deletable one by one (after a confirmation).
#[component]
fn DamagedRows() -> Element {
    let state = use_context::<AppState>();
    let rows = state.read(|j| j.damaged_rows()).unwrap_or_default();
    let mut confirm = use_signal(|| None::<DamagedRow>);
    if rows.is_empty() {
        return rsx! {};
    }
    let count = rows.len();
    rsx! {
        section { class: "card damaged", "aria-labelledby": "damaged",
            h2 { id: "damaged", "Damaged entries ({count})" }
            p { "These entries of your journal cannot be read back, so they are not in the history or the charts. They are kept as they are, and Settings › Export JSON includes them in full." }
            ul { class: "damaged-list",
                for row in rows {
                    li {
                        p { class: "meta", if row.table == "sessions" { "A session" } else { "A note" } }
                        details {
                            summary { "Details" }
                            p { class: "detail", "{row.problem}" }
                            dl { class: "detail",
                                for (column, value) in row.columns.iter() {
                                    dt { "{column}" }
                                    dd { "{value}" }
                                }
                            }
                        }
                        button {
                            class: "btn secondary",
                            onclick: { let row = row.clone(); move |_| confirm.set(Some(row.clone())) },
                            "Delete this entry"
                        }
                    }
                }
            }
            if let Some(row) = confirm() {
                ConfirmDialog {
                    title: "Delete this damaged entry?",
                    body: "It cannot be undone. Export JSON first if you may want its contents.",
                    cancel_label: "Keep it",
                    confirm_label: "Delete",
                    on_cancel: move |_| confirm.set(None),
                    on_confirm: {
                        let state = state.clone();
                        move |_| {
                            if let Err(e) = state.write(|j| j.delete_damaged(&row)) {
                                // Say so: a delete that silently did nothing would look like success.
                                let mut notice = state.notice;
                                notice.set(Some(format!("The damaged entry could not be deleted. {e}")));
                            }
                            confirm.set(None);
                        }
                    },
                }
            }
        }
    }
}

fn preview(text: &str) -> String {
    let mut s: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        s.push('…');
    }
    s
}

fn by_day(notes: &[Note]) -> Vec<(NaiveDate, Vec<&Note>)> {
    let mut out: Vec<(NaiveDate, Vec<&Note>)> = Vec::new();
    for n in notes {
        let day = n.created_at.date_naive();
        match out.last_mut() {
            Some((d, group)) if *d == day => group.push(n),
            _ => out.push((day, vec![n])),
        }
    }
    out
}

/// Soreness per area over 7/30/90 days and sessions per week, drawn as SVG with a table for screen readers.
#[component]
fn Trends() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut days = use_signal(|| 30u64);
    let areas = state.read(|j| j.logged_areas()).unwrap_or_default();
    let mut chosen = use_signal(|| None::<String>);
    let area = chosen().filter(|a| areas.contains(a)).or_else(|| areas.first().cloned());
    let today = state.started.read().date_naive();
    let since = today - Days::new(days() - 1);
    let series = area.as_ref().map(|a| state.read(|j| j.soreness_by_day(a, since)).unwrap_or_default()).unwrap_or_default();
    let weeks = state.read(|j| j.sessions_per_week(today, 8)).unwrap_or_default();

    const W: f64 = 320.0;
    const H: f64 = 140.0;
    let span = (days() - 1).max(1) as f64;
    let x = |d: NaiveDate| 24.0 + (d - since).num_days() as f64 / span * (W - 32.0);
    let y = |v: f64| 8.0 + (10.0 - v) / 10.0 * (H - 24.0);
    let points: Vec<(f64, f64, NaiveDate, f64)> = series.iter().map(|&(d, v)| (x(d), y(v), d, v)).collect();
    let line = points.iter().map(|(px, py, _, _)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ");
    let max_week = weeks.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);

    rsx! {
        section { class: "card", "aria-labelledby": "trend",
            h2 { id: "trend", "Soreness over time" }
            if areas.is_empty() {
                p { class: "empty", "Log soreness to see a trend per body area." }
            } else {
                div { class: "chip-row", role: "group", "aria-label": "Period",
                    for d in [7u64, 30, 90] {
                        Chip { label: format!("{d} days"), pressed: days() == d, onclick: move |_| days.set(d) }
                    }
                }
                div { class: "chip-row", role: "group", "aria-label": "Body area",
                    for a in areas.iter() {
                        Chip {
                            label: lib.area_name(a).to_string(),
                            pressed: area.as_deref() == Some(a.as_str()),
                            onclick: { let a = a.clone(); move |_| chosen.set(Some(a.clone())) },
                        }
                    }
                }
                svg { class: "chart", view_box: "0 0 {W} {H}", role: "img",
                    "aria-label": "Soreness of {lib.area_name(area.as_deref().unwrap_or(\"\"))} over the last {days()} days",
                    for v in [0.0, 5.0, 10.0] {
                        line { class: "grid", x1: "24", x2: "{W - 8.0}", y1: "{y(v)}", y2: "{y(v)}" }
                        text { class: "axis", x: "4", y: "{y(v) + 4.0}", "{v}" }
                    }
                    if points.len() > 1 { polyline { class: "series", points: "{line}" } }
                    for (px, py, d, v) in points.iter() {
                        circle { class: "dot", cx: "{px:.1}", cy: "{py:.1}", r: "4",
                            title { "{d.format(SHORT_DATE)}: {v:.1}" }
                        }
                    }
                    text { class: "axis", x: "24", y: "{H - 2.0}", "{since.format(SHORT_DATE)}" }
                    text { class: "axis end", x: "{W - 8.0}", y: "{H - 2.0}", "text-anchor": "end", "{today.format(SHORT_DATE)}" }
                }
                if points.is_empty() { p { class: "meta", "No readings for this area in the last {days()} days." } }
                table { class: "sr-only",
                    caption { "Average soreness by day" }
                    tbody { for (_, _, d, v) in points.iter() { tr { td { "{d}" } td { "{v:.1}" } } } }
                }
            }
        }
        section { class: "card", "aria-labelledby": "weekly",
            h2 { id: "weekly", "Sessions per week" }
            svg { class: "chart bars", view_box: "0 0 {W} 100", role: "img",
                "aria-label": "Sessions in each of the last 8 weeks: {weeks.iter().map(|(_, c)| c.to_string()).collect::<Vec<_>>().join(\", \")}",
                for (i, (monday, count)) in weeks.iter().enumerate() {
                    rect { class: "bar-rect", x: "{8.0 + i as f64 * 39.0}", width: "28",
                        y: "{80.0 - *count as f64 / max_week as f64 * 70.0}", height: "{*count as f64 / max_week as f64 * 70.0}",
                        title { "Week of {monday.format(SHORT_DATE)}: {count}" }
                    }
                    text { class: "axis", x: "{22.0 + i as f64 * 39.0}", y: "95", "text-anchor": "middle", "{monday.format(WEEK_LABEL)}" }
                    if *count > 0 {
                        text { class: "axis", x: "{22.0 + i as f64 * 39.0}", y: "{76.0 - *count as f64 / max_week as f64 * 70.0}", "text-anchor": "middle", "{count}" }
                    }
                }
            }
        }
    }
}

/// One note in full, with Edit and Delete (undo is offered on the Journal screen).
#[component]
pub fn NoteDetail(id: String) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    let note = state.read(|j| j.note(&id));
    let note = match note {
        Ok(Some(n)) => n,
        Ok(None) => return rsx! { PageHeader { title: "Note", back: Route::Journal {}, back_label: "Journal" } p { "This note no longer exists." } },
        Err(e) => return rsx! { PageHeader { title: "Note", back: Route::Journal {}, back_label: "Journal" } div { role: "alert", Message { text: e } } },
    };
    let routine = note
        .session_id
        .as_ref()
        .and_then(|sid| state.read(|j| j.sessions()).ok()?.into_iter().find(|s| &s.id == sid))
        .and_then(|s| lib.routines.get(&s.routine_id).map(|r| (r.name.clone(), s.completed)));
    let mut deleted = state.deleted;
    rsx! {
        PageHeader { title: note.created_at.format(NOTE_TITLE_FORMAT).to_string(), back: Route::Journal {}, back_label: "Journal" }
        section { class: "card",
            p { class: "big-feel", "Feel {note.feel}/5 · {feel_label(note.feel)}" }
            if let Some(rpe) = note.rpe { p { "Run effort: RPE {rpe}/10" } }
            if let Some((name, completed)) = routine {
                p { class: "meta", "After {name} ({(completed * 100.0).round()}% done)" }
            }
            if note.updated_at != note.created_at {
                p { class: "meta", "Edited {note.updated_at.format(NOTE_TITLE_FORMAT)}" }
            }
        }
        if !note.soreness.is_empty() {
            section { class: "card", "aria-labelledby": "sore",
                h2 { id: "sore", "Soreness" }
                ul { class: "soreness-list",
                    for (area, level) in note.soreness.iter() {
                        li { span { "{lib.area_name(area)}" } meter { min: "0", max: "10", value: "{level}", "aria-label": "{lib.area_name(area)}" } span { "{level}/10" } }
                    }
                }
            }
        }
        if !note.text.is_empty() {
            section { class: "card", "aria-labelledby": "text",
                h2 { id: "text", "Note" }
                p { class: "note-body", "{note.text}" }
            }
        }
        div { class: "actions",
            Link { class: "btn secondary", to: Route::NoteEdit { id: note.id.clone() }, "Edit" }
            button {
                class: "btn danger",
                onclick: {
                    let state = state.clone();
                    let id = note.id.clone();
                    move |_| {
                        if let Ok(Some(gone)) = state.write(|j| j.delete_note(&id)) {
                            deleted.set(Some(gone));
                            nav.replace(Route::Journal {});
                        }
                    }
                },
                "Delete"
            }
        }
    }
}
