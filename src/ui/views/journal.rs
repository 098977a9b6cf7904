use chrono::{Days, NaiveDate};
use dioxus::prelude::*;

use crate::journal::{feel_label, DamagedRow, Note};
use crate::ui::components::{format_duration, Chip, ConfirmDialog, Message, PageHeader};
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
    // Undo is offered while this screen is shown, as a phone's snackbar is: leaving it is moving on.
    use_drop(move || deleted.set(None));

    rsx! {
        PageHeader { title: "Journal" }
        if let Some(why) = state.journal_unavailable.read().as_deref() {
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
            Link { class: "btn secondary", to: Route::LoadOverviewPage {}, "Soreness and training load" }
        }
        super::runs::RecentRuns {}
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
                        p { class: "meta",
                            match row.table.as_str() {
                                "sessions" => "A session",
                                "routines" => "A routine of your own",
                                "runs" => "A run",
                                _ => "A note",
                            }
                        }
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

/// Soreness per area over 7/30/90 days — every logged area at once, one small chart each on the same scale —
/// and sessions per week, drawn as SVG with tables for screen readers. The charts' coordinates are chosen so
/// that their labels are at least 12 px on a 320 px wide phone.
#[component]
fn Trends() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut days = use_signal(|| 30u64);
    let areas = state.read(|j| j.logged_areas()).unwrap_or_default();
    // The day of the latest write (or of the start): a note logged after midnight is on the chart, as it is
    // in Home's suggestions, the runs' weeks and the load overview.
    let today = state.as_of.read().date_naive();
    let since = today - Days::new(days() - 1);
    let weeks = state.read(|j| j.sessions_per_week(today, 8)).unwrap_or_default();
    let charts: Vec<(String, Vec<(NaiveDate, f64)>)> = areas
        .iter()
        .map(|a| (a.clone(), state.read(|j| j.soreness_by_day(a, since)).unwrap_or_default()))
        .collect();
    let max_week = weeks.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let bar_w = (CHART_W - 8.0) / weeks.len().max(1) as f64;

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
                p { class: "meta", "0 = none, 10 = worst; each dot is a day's average." }
                div { class: "small-multiples",
                    for (area, series) in charts {
                        AreaTrend { key: "{area}", name: lib.area_name(&area).to_string(), series, since, today }
                    }
                }
            }
        }
        section { class: "card", "aria-labelledby": "weekly",
            h2 { id: "weekly", "Sessions per week" }
            svg { class: "chart bars", view_box: "0 0 {CHART_W} 110", role: "img",
                "aria-label": "Sessions in each of the last 8 weeks: {weeks.iter().map(|(_, c)| c.to_string()).collect::<Vec<_>>().join(\", \")}",
                for (i, (monday, count)) in weeks.iter().enumerate() {
                    rect { class: "bar-rect", x: "{4.0 + i as f64 * bar_w + 4.0}", width: "{bar_w - 8.0}",
                        y: "{86.0 - *count as f64 / max_week as f64 * 66.0}", height: "{*count as f64 / max_week as f64 * 66.0}",
                        title { "Week of {monday.format(SHORT_DATE)}: {count}" }
                    }
                    // Every other week labelled, so the dates never run into each other.
                    if i % 2 == 1 || i + 1 == weeks.len() {
                        text { class: "axis", x: "{4.0 + (i as f64 + 0.5) * bar_w}", y: "106", "text-anchor": "middle", "{monday.format(WEEK_LABEL)}" }
                    }
                    if *count > 0 {
                        text { class: "axis", x: "{4.0 + (i as f64 + 0.5) * bar_w}", y: "{82.0 - *count as f64 / max_week as f64 * 66.0}", "text-anchor": "middle", "{count}" }
                    }
                }
            }
        }
    }
}

/// Width of a chart in SVG units: about the width of a card on a 320 px phone, so one unit is about one
/// pixel there and more on larger screens (labels are 13 units).
const CHART_W: f64 = 256.0;

/// One area's soreness by day, on the shared 0–10 scale.
#[component]
fn AreaTrend(name: String, series: Vec<(NaiveDate, f64)>, since: NaiveDate, today: NaiveDate) -> Element {
    const H: f64 = 96.0;
    let span = (today - since).num_days().max(1) as f64;
    let x = |d: NaiveDate| 22.0 + (d - since).num_days() as f64 / span * (CHART_W - 30.0);
    let y = |v: f64| 8.0 + (10.0 - v) / 10.0 * (H - 28.0);
    let points: Vec<(f64, f64, NaiveDate, f64)> = series.iter().map(|&(d, v)| (x(d), y(v), d, v)).collect();
    let line = points.iter().map(|(px, py, _, _)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ");
    let latest = series.last().map(|(d, v)| format!("latest {v:.0}/10 on {}", d.format(SHORT_DATE)));
    rsx! {
        figure { class: "area-trend",
            figcaption {
                strong { "{name}" }
                span { class: "meta", " · " if let Some(l) = &latest { "{l}" } else { "no readings in this period" } }
            }
            svg { class: "chart", view_box: "0 0 {CHART_W} {H}", role: "img",
                "aria-label": "Soreness of {name} from {since.format(SHORT_DATE)} to {today.format(SHORT_DATE)}",
                for v in [0.0, 5.0, 10.0] {
                    line { class: "grid", x1: "22", x2: "{CHART_W - 8.0}", y1: "{y(v)}", y2: "{y(v)}" }
                    text { class: "axis", x: "2", y: "{y(v) + 4.5}", "{v}" }
                }
                if points.len() > 1 { polyline { class: "series", points: "{line}" } }
                for (px, py, d, v) in points.iter() {
                    circle { class: "dot", cx: "{px:.1}", cy: "{py:.1}", r: "4",
                        title { "{d.format(SHORT_DATE)}: {v:.1}" }
                    }
                }
                text { class: "axis", x: "22", y: "{H - 4.0}", "{since.format(SHORT_DATE)}" }
                text { class: "axis end", x: "{CHART_W - 8.0}", y: "{H - 4.0}", "text-anchor": "end", "{today.format(SHORT_DATE)}" }
            }
            // In a box that clips it: a table is as wide as its cells, whatever width it is given (200 % text).
            div { class: "sr-only", table {
                caption { "{name}: average soreness by day" }
                tbody { for (_, _, d, v) in points.iter() { tr { td { "{d}" } td { "{v:.1}" } } } }
            } }
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
    let session = note
        .session_id
        .as_ref()
        .and_then(|sid| state.read(|j| j.sessions()).ok()?.into_iter().find(|s| &s.id == sid));
    // What the session actually did: minutes massaged (when known), the share of the routine, what was skipped.
    // The routine is named as the session ran it: editing or deleting it later leaves this line as it was.
    let after = session.map(|s| {
        let name = state.session_routine(&s.id).map_or_else(|| "a routine".to_string(), |r| r.name);
        let percent = (s.completed * 100.0).round();
        let summary = match s.worked_secs {
            Some(secs) => format!("After {name}: {} of massage, {percent}% of the routine.", format_duration(u64::from(secs))),
            None => format!("After {name} ({percent}% done)."),
        };
        (summary, s.held_secs, s.skipped_steps)
    });
    let mut deleted = state.deleted;
    rsx! {
        PageHeader { title: note.created_at.format(NOTE_TITLE_FORMAT).to_string(), back: Route::Journal {}, back_label: "Journal" }
        section { class: "card",
            p { class: "big-feel", "Feel {note.feel}/5 · {feel_label(note.feel)}" }
            if let Some(rpe) = note.rpe { p { "Run effort: RPE {rpe}/10" } }
            if let Some((summary, held, skipped)) = after {
                p { class: "meta", "{summary}" }
                if held > 0 { p { class: "meta", "Held {format_duration(u64::from(held))} longer on tender spots." } }
                if !skipped.is_empty() { p { class: "meta", "Skipped: {skipped.join(\", \")}." } }
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
                            state.leave_to(nav, Route::Journal {});
                        }
                    }
                },
                "Delete"
            }
        }
    }
}
