//! Soreness against training load: every logged area's soreness week by week, under the distance and the
//! number of runs of the same weeks, over 4, 8 or 12 weeks.
//!
//! Layout: the weeks come in blocks of four columns (small multiples that stack on a phone and sit side by side
//! on a wider screen), every number written out and each area named on its own line, so it fits 320 px at
//! 200 % text with no sideways scrolling; the bars repeat the numbers, never replace them. Screen readers get
//! one table of the same numbers instead.

use chrono::NaiveDate;
use dioxus::prelude::*;

use crate::journal::{format_km, AreaWeeks, LoadOverview, WeekLoad};
use crate::ui::components::{Chip, Message, PageHeader};
use crate::ui::{library, AppState, Route};

/// Weeks in one block of columns: four fit a 320 px phone at 200 % text.
const BLOCK: usize = 4;

/// Distance in a column: whole kilometres from 10 on, one decimal below, so it fits a narrow column.
fn short_km(metres: u32) -> String {
    let km = f64::from(metres) / 1000.0;
    if km >= 10.0 {
        format!("{km:.0}")
    } else {
        format!("{km:.1}")
    }
}

fn short_sore(level: Option<f64>) -> String {
    level.map_or_else(|| "—".to_string(), |v| format!("{v:.0}"))
}

/// All areas' soreness beside weekly distance and runs, over 4, 8 or 12 weeks.
#[component]
pub fn LoadOverviewPage() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let mut weeks = use_signal(|| 8u32);
    let today = state.as_of.read().date_naive();
    let overview = state.read(|j| j.load_overview(today, weeks()));
    let body = match overview {
        Err(e) => rsx! { div { role: "alert", Message { text: e } } },
        Ok(o) => {
            let name = |a: &AreaWeeks| lib.area_name(&a.area).to_string();
            let shown: Vec<(String, AreaWeeks)> = o.areas.iter().filter(|a| a.has_readings()).map(|a| (name(a), a.clone())).collect();
            let quiet: Vec<String> = o.areas.iter().filter(|a| !a.has_readings()).map(name).collect();
            let total_runs: u32 = o.weeks.iter().map(|w| w.runs).sum();
            rsx! {
                if total_runs == 0 {
                    p { class: "empty", "No runs in these weeks. "
                        Link { to: Route::LogRun {}, "Log a run" }
                        " or import one from your watch to see your distance here."
                    }
                }
                if o.areas.is_empty() {
                    p { class: "empty", "No soreness logged yet. Log how you feel to see it beside your runs." }
                } else if shown.is_empty() {
                    p { class: "empty", "No soreness logged in these weeks." }
                }
                LoadBlocks { overview: o.clone(), areas: shown.clone() }
                if !quiet.is_empty() && !shown.is_empty() {
                    p { class: "meta", "No soreness logged in these weeks for: {quiet.join(\", \")}." }
                }
                LoadTable { overview: o.clone(), areas: shown.clone() }
                if !shown.is_empty() {
                    h2 { id: "one-area", "One area, week by week" }
                    ul { class: "area-links", "aria-labelledby": "one-area",
                        for (n, a) in shown.iter() {
                            li { key: "{a.area}", Link { class: "trend-link", to: Route::AreaTrendPage { id: a.area.clone() }, "{n}" } }
                        }
                    }
                }
            }
        }
    };
    rsx! {
        PageHeader { title: "Training load", back: Route::Journal {}, back_label: "Journal" }
        section { class: "card", "aria-labelledby": "load-weeks",
            h2 { id: "load-weeks", class: "sr-only", "Weeks shown" }
            div { class: "chip-row", role: "group", "aria-label": "Weeks shown",
                for n in [4u32, 8, 12] {
                    Chip { label: format!("{n} weeks"), pressed: weeks() == n, onclick: move |_| weeks.set(n) }
                }
            }
            p { class: "meta", "Each column is a week, Monday to Sunday; the last is this week. Distance in km. Soreness 0–10: the worst day that week; — means no note rated it." }
            {body}
        }
    }
}

/// The visual blocks of four weeks (hidden from screen readers, who get [`LoadTable`]).
#[component]
fn LoadBlocks(overview: LoadOverview, areas: Vec<(String, AreaWeeks)>) -> Element {
    let max_m = overview.weeks.iter().map(|w| w.metres).max().unwrap_or(0).max(1);
    let blocks: Vec<(usize, &[WeekLoad])> = overview.weeks.chunks(BLOCK).enumerate().map(|(i, c)| (i * BLOCK, c)).collect();
    rsx! {
        div { class: "load-blocks", "aria-hidden": "true",
            for (start, weeks) in blocks {
                div { class: "load-block", key: "{start}",
                    div { class: "load-strip load-weeks",
                        for w in weeks.iter() {
                            span { class: "load-week", span { "{w.monday.format(\"%-d\")}" } span { "{w.monday.format(\"%b\")}" } }
                        }
                    }
                    p { class: "load-label", "Distance, km" }
                    div { class: "load-strip",
                        for w in weeks.iter() {
                            span { class: "load-cell",
                                span { class: "load-bar-box", span { class: "load-bar", style: "height: {pct(w.metres, max_m)}%" } }
                                span { class: "load-num", "{short_km(w.metres)}" }
                            }
                        }
                    }
                    p { class: "load-label", "Runs" }
                    div { class: "load-strip",
                        for w in weeks.iter() { span { class: "load-num", "{w.runs}" } }
                    }
                    for (name, a) in areas.iter() {
                        p { class: "load-label", "{name}" }
                        div { class: "load-strip",
                            for level in a.soreness[start..start + weeks.len()].iter() {
                                span { class: "load-cell",
                                    span { class: "load-bar-box", span { class: "load-bar sore", style: "height: {level.map_or(0.0, |v| (v * 10.0).round())}%" } }
                                    span { class: "load-num", "{short_sore(*level)}" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pct(metres: u32, max: u32) -> f64 {
    (f64::from(metres) / f64::from(max) * 100.0).round()
}

/// The same numbers as one table, for screen readers: a row per week.
#[component]
fn LoadTable(overview: LoadOverview, areas: Vec<(String, AreaWeeks)>) -> Element {
    let first: Option<NaiveDate> = overview.weeks.first().map(|w| w.monday);
    let last: Option<NaiveDate> = overview.weeks.last().map(|w| w.monday);
    let span = match (first, last) {
        (Some(f), Some(l)) => format!("weeks of {} to {}", f.format("%-d %B"), l.format("%-d %B %Y")),
        _ => String::new(),
    };
    rsx! {
        // In a box that clips it: a table is as wide as its cells, whatever width it is given.
        div { class: "sr-only", table {
            caption { "Distance, runs and highest soreness (0 to 10) per week, {span}" }
            thead {
                tr {
                    th { scope: "col", "Week of" }
                    th { scope: "col", "Distance" }
                    th { scope: "col", "Runs" }
                    for (name, _) in areas.iter() { th { scope: "col", "{name} soreness" } }
                }
            }
            tbody {
                for (i, w) in overview.weeks.iter().enumerate() {
                    tr { key: "{w.monday}",
                        th { scope: "row", "{w.monday.format(\"%-d %B\")}" }
                        td { "{format_km(w.metres)}" }
                        td { "{w.runs}" }
                        for (_, a) in areas.iter() {
                            td { match a.soreness[i] { Some(v) => format!("{v:.0} out of 10"), None => "no note".to_string() } }
                        }
                    }
                }
            }
        } }
    }
}
