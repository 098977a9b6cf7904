//! Home's suggestions: which routines to offer now, each with a reason a runner can check. [`rank`] reads
//! the recent notes, runs and sessions and the time of day; [`suggest_from`] (the time of day and the latest
//! note alone) is its last resort. Pure: the caller passes everything, `now` included; no clock, no I/O.
//!
//! Routines of the runner's own count like bundled ones, and a starred routine that fits the moment comes
//! before any other that fits (the runner has said it works for their legs).

use chrono::{DateTime, FixedOffset};

use super::{Catalog, Library, Routine, RoutineFilter, Timing};

/// Soreness at or above this (0–10) makes an area the reason for the suggestion.
pub const SORE_ENOUGH: u8 = 4;

/// After a run with nothing logged to go on: the areas that take a runner's load first, in order (the seed
/// article starts with the calves and feet, then the thighs).
pub const POST_RUN_FIRST: [&str; 4] = ["calves", "feet", "hamstrings", "quads"];

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'a> {
    pub routine: &'a Routine,
    /// One short line saying why this routine, for the Home screen.
    pub reason: String,
}

/// Picks a routine: the best fit for the sorest recent area that has a routine, if any is sore enough; else
/// a pre-run routine in the morning and, later in the day, a post-run one for the areas of
/// [`POST_RUN_FIRST`] (calves and feet first).
pub fn suggest<'a>(lib: &'a Library, local_hour: u32, latest_soreness: &[(String, u8)]) -> Option<Suggestion<'a>> {
    suggest_from(&Catalog::bundled(lib), local_hour, latest_soreness)
}

/// [`suggest`] over every routine of the catalog, favourites first among those that fit.
pub fn suggest_from<'a>(
    catalog: &Catalog<'a>,
    local_hour: u32,
    latest_soreness: &[(String, u8)],
) -> Option<Suggestion<'a>> {
    let lib = catalog.library;
    let favourite_first = |found: Vec<&'a Routine>| -> Option<&'a Routine> {
        found.iter().find(|r| catalog.is_favourite(&r.id)).or(found.first()).copied()
    };
    let timing = if (5..11).contains(&local_hour) { Timing::PreRun } else { Timing::PostRun };
    let mut sore: Vec<&(String, u8)> = latest_soreness.iter().filter(|(_, level)| *level >= SORE_ENOUGH).collect();
    // Sorest first; an area without routines (the shins) gives way to the next sore one.
    crate::sort::sort_by_key(&mut sore, |(area, level)| (std::cmp::Reverse(*level), area.clone()));
    for (area, level) in sore {
        let filter = RoutineFilter { area: Some(area.clone()), ..Default::default() };
        if let Some(r) = favourite_first(catalog.routines_matching(&filter)) {
            let reason = format!("Your last log had {} at {level}/10.", crate::text::lowercase(lib.area_name(area)));
            return Some(Suggestion { routine: r, reason });
        }
    }
    let filter = RoutineFilter { timing: Some(timing), ..Default::default() };
    let candidates = catalog.routines_matching(&filter);
    let favourite = candidates
        .iter()
        .filter(|r| catalog.is_favourite(&r.id))
        .min_by_key(|r| (r.timing != timing, r.work_seconds()));
    if let Some(r) = favourite {
        return Some(Suggestion { routine: r, reason: "One of your favourites, for this time of day.".to_string() });
    }
    // Prefer a routine written for this moment (not "any time"); after a run, one for the areas that take the
    // load first; then a short one: this is the quick path.
    let load_rank = |r: &Routine| {
        let first = r.areas.first().map(String::as_str).unwrap_or_default();
        POST_RUN_FIRST.iter().position(|a| *a == first).unwrap_or(POST_RUN_FIRST.len())
    };
    let best = candidates
        .iter()
        .filter(|r| r.timing == timing)
        .min_by_key(|r| (if timing == Timing::PostRun { load_rank(r) } else { 0 }, r.work_seconds()))
        .or_else(|| candidates.first())?;
    let reason = match timing {
        Timing::PreRun => "Morning: a short activation before you head out.".to_string(),
        _ if load_rank(best) < 2 => "After a run: your calves and feet took the most load. Ease them down.".to_string(),
        _ => "After a run: ease your legs down.".to_string(),
    };
    Some(Suggestion { routine: best, reason })
}

// ---------------------------------------------------------------------------------------------------------------
// Suggestions that explain themselves: from the recent notes, runs and sessions.


/// How far back soreness and runs count, in days.
pub const RECENT_DAYS: i64 = 7;
/// A run loads the legs for this long: after it, its areas are suggested even with nothing logged.
pub const RUN_LOAD_HOURS: i64 = 72;
/// Soreness (and a run's load) counts half after this many hours: more recent weighs more.
pub const HALF_LIFE_HOURS: f64 = 48.0;

/// A soreness level from a note (0–10), with when it was logged.
#[derive(Debug, Clone, PartialEq)]
pub struct SorenessReading {
    pub at: DateTime<FixedOffset>,
    pub area: String,
    pub level: u8,
}

/// A run, as the suggestion needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunDone {
    pub at: DateTime<FixedOffset>,
    /// The run in a sentence: "long run", "workout".
    pub noun: String,
    pub distance_m: u32,
    /// How hard it loaded the legs per kilometre (easy 1.0 … race 1.8).
    pub load_factor: f64,
}

/// A guided session that ran, with the areas its routine worked.
#[derive(Debug, Clone, PartialEq)]
pub struct MassageDone {
    pub at: DateTime<FixedOffset>,
    pub areas: Vec<String>,
}

/// What [`rank`] reads: everything recent, and now (handed in; never read from a clock).
#[derive(Debug, Clone, Copy)]
pub struct Recent<'r> {
    pub now: DateTime<FixedOffset>,
    pub soreness: &'r [SorenessReading],
    pub runs: &'r [RunDone],
    pub massages: &'r [MassageDone],
}

/// Why an area leads: soreness in the notes always comes before a run's load, which comes before the time of
/// day (compared in this order).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct AreaWeight {
    soreness: f64,
    load: f64,
}

fn hours_between(earlier: &DateTime<FixedOffset>, later: &DateTime<FixedOffset>) -> f64 {
    (*later - *earlier).num_seconds() as f64 / 3600.0
}

fn decay(hours: f64) -> f64 {
    0.5f64.powf(hours.max(0.0) / HALF_LIFE_HOURS)
}

/// "today's", "yesterday's", "Sunday's": a day a runner can check against their week.
fn day_word(at: &DateTime<FixedOffset>, now: &DateTime<FixedOffset>) -> String {
    let (day, today) = (at.with_timezone(now.offset()).date_naive(), now.date_naive());
    match (today - day).num_days() {
        0 => "today's".into(),
        1 => "yesterday's".into(),
        _ => format!("{}'s", day.format("%A")),
    }
}

fn number_word(n: usize) -> String {
    match n {
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        5 => "five".into(),
        6 => "six".into(),
        7 => "seven".into(),
        n => n.to_string(),
    }
}

impl Recent<'_> {
    fn in_window(&self, at: &DateTime<FixedOffset>, hours: i64) -> bool {
        let age = hours_between(at, &self.now);
        (0.0..=hours as f64).contains(&age)
    }

    /// Each logged area's weight from soreness: every reading above 0 in the last [`RECENT_DAYS`], halved
    /// every [`HALF_LIFE_HOURS`]. Any reading above 0 gives a weight above 0.
    fn soreness_weight(&self, area: &str) -> f64 {
        self.soreness
            .iter()
            .filter(|r| r.area == area && r.level > 0 && self.in_window(&r.at, RECENT_DAYS * 24))
            .map(|r| f64::from(r.level) * decay(hours_between(&r.at, &self.now)))
            .sum()
    }

    /// The run that loaded `area` most in the last [`RUN_LOAD_HOURS`], with its load (halved if the area
    /// was massaged since).
    fn run_load(&self, area: &str) -> Option<(&RunDone, f64)> {
        let share = match POST_RUN_FIRST.iter().position(|a| *a == area)? {
            0 => 1.0,
            1 => 0.9,
            2 => 0.8,
            _ => 0.7,
        };
        self.runs
            .iter()
            .filter(|r| self.in_window(&r.at, RUN_LOAD_HOURS))
            .map(|r| {
                let mut load = f64::from(r.distance_m) / 1000.0 * r.load_factor * decay(hours_between(&r.at, &self.now)) * share;
                if self.massaged_since(area, &r.at) {
                    load *= 0.5;
                }
                (r, load)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    fn massaged_since(&self, area: &str, at: &DateTime<FixedOffset>) -> bool {
        self.massages.iter().any(|m| m.at >= *at && m.at <= self.now && m.areas.iter().any(|a| a == area))
    }

    fn weight(&self, area: &str) -> AreaWeight {
        AreaWeight { soreness: self.soreness_weight(area), load: self.run_load(area).map_or(0.0, |(_, l)| l) }
    }

    /// The one-line reason for an area that is sore: its latest level, on how many days running, and the
    /// run before it ("Calves 6/10 two days running after Sunday's long run.").
    fn soreness_reason(&self, area: &str, name: &str) -> Option<String> {
        let mut readings: Vec<&SorenessReading> = self
            .soreness
            .iter()
            .filter(|r| r.area == area && r.level > 0 && self.in_window(&r.at, RECENT_DAYS * 24))
            .collect();
        crate::sort::sort_by_key(&mut readings, |r| r.at);
        let latest = *readings.last()?;
        // Consecutive days, counting back from the latest reading's day.
        // Extended (inserted one by one), not collected: collecting sorts with a copy of the standard stable
        // sort of its own (wasm size, src/sort.rs).
        let mut days = std::collections::BTreeSet::new();
        days.extend(readings.iter().map(|r| r.at.with_timezone(self.now.offset()).date_naive()));
        let mut run_of_days = 1;
        let mut day = latest.at.with_timezone(self.now.offset()).date_naive();
        while let Some(previous) = day.pred_opt().filter(|d| days.contains(d)) {
            run_of_days += 1;
            day = previous;
        }
        let first_day_start = day.and_hms_opt(0, 0, 0).and_then(|d| d.and_local_timezone(*self.now.offset()).single());
        let when = if run_of_days > 1 {
            format!(" {} days running", number_word(run_of_days))
        } else {
            format!(" in {} note", day_word(&latest.at, &self.now))
        };
        // The latest run in the three days before the soreness began.
        let before = self
            .runs
            .iter()
            .filter(|r| first_day_start.is_some_and(|start| r.at <= latest.at && hours_between(&r.at, &start) <= 72.0))
            .max_by_key(|r| r.at);
        let after = before.map(|r| format!(" after {} {}", day_word(&r.at, &self.now), r.noun)).unwrap_or_default();
        Some(format!("{name} {}/10{when}{after}.", latest.level))
    }

    /// The one-line reason for an area a recent run loaded and nothing was logged about.
    fn load_reason(&self, area: &str, name: &str) -> Option<String> {
        let (run, _) = self.run_load(area)?;
        let day = day_word(&run.at, &self.now);
        let km = f64::from(run.distance_m) / 1000.0;
        let lower = crate::text::lowercase(name);
        Some(if self.massaged_since(area, &run.at) {
            format!("Your {lower} again after {day} {} ({km:.1} km): a second pass helps.", run.noun)
        } else if hours_between(&run.at, &self.now) >= 24.0 {
            format!("You have not rolled your {lower} since {day} {} ({km:.1} km).", run.noun)
        } else {
            format!("{name} took the most load in {day} {} ({km:.1} km).", run.noun)
        })
    }
}

/// A routine to offer, with why: a line the runner can check against their notes and runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<'a> {
    pub routine: &'a Routine,
    /// The body area it is offered for (`None`: for the time of day).
    pub area: Option<String>,
    pub reason: String,
}

/// Routines ranked for right now, best first, each with its reason; at most one per area, and each routine
/// once. Pure: everything (now included) is handed in.
///
/// Guarantees (tested as properties in `tests/suggest.rs`):
/// - an area with any soreness (above 0) in the notes of the last [`RECENT_DAYS`] comes before every area with
///   none; among sore areas, more soreness and more recent soreness weigh more (halved every
///   [`HALF_LIFE_HOURS`]);
/// - after a run in the last [`RUN_LOAD_HOURS`] with no soreness to go on, the areas of [`POST_RUN_FIRST`]
///   follow, calves and feet first, by the run's load (distance × kind), halved for an area massaged since;
/// - a sore area without routines (the shins) gives way to the next;
/// - for each area the best fit is offered, a starred routine first when one fits;
/// - the time of day's routine (as [`suggest_from`] with nothing logged) closes the list.
pub fn rank<'a>(catalog: &Catalog<'a>, recent: &Recent) -> Vec<Ranked<'a>> {
    let lib = catalog.library;
    let favourite_first = |found: Vec<&'a Routine>| -> Option<&'a Routine> {
        found.iter().find(|r| catalog.is_favourite(&r.id)).or(found.first()).copied()
    };
    let mut areas: Vec<(&str, AreaWeight)> = lib
        .areas
        .all()
        .iter()
        .map(|a| (a.id.as_str(), recent.weight(&a.id)))
        .filter(|(_, w)| w.soreness > 0.0 || w.load > 0.0)
        .collect();
    // Heaviest first; the area list's own order breaks ties (a stable sort).
    crate::sort::sort_by(&mut areas, |a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<Ranked<'a>> = Vec::new();
    for (area, weight) in areas {
        let filter = RoutineFilter { area: Some(area.to_string()), ..Default::default() };
        let Some(routine) = favourite_first(catalog.routines_matching(&filter)) else { continue };
        if out.iter().any(|r| r.routine.id == routine.id) {
            continue;
        }
        let name = lib.area_name(area);
        let reason = if weight.soreness > 0.0 { recent.soreness_reason(area, name) } else { recent.load_reason(area, name) };
        if let Some(reason) = reason {
            out.push(Ranked { routine, area: Some(area.to_string()), reason });
        }
    }
    let hour = chrono::Timelike::hour(&recent.now);
    if let Some(s) = suggest_from(catalog, hour, &[]) {
        if !out.iter().any(|r| r.routine.id == s.routine.id) {
            out.push(Ranked { routine: s.routine, area: None, reason: s.reason });
        }
    }
    out
}

/// The inputs of [`rank`] from a time and the readings of notes: `(when, area, level)` triples.
pub fn readings<'n>(notes: impl IntoIterator<Item = (DateTime<FixedOffset>, &'n std::collections::BTreeMap<String, u8>)>) -> Vec<SorenessReading> {
    notes
        .into_iter()
        .flat_map(|(at, levels)| levels.iter().map(move |(area, &level)| SorenessReading { at, area: area.clone(), level }))
        .collect()
}
