//! Home's suggestion: which routine to offer now, from the local hour and the latest soreness log.
//! Pure: the caller passes the hour and the latest readings.
//!
//! Routines of the runner's own count like bundled ones, and a starred routine that fits the moment comes
//! before any other that fits (the runner has said it works for their legs).

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
    sore.sort_by_key(|(area, level)| (std::cmp::Reverse(*level), area.clone()));
    for (area, level) in sore {
        let filter = RoutineFilter { area: Some(area.clone()), ..Default::default() };
        if let Some(r) = favourite_first(catalog.routines_matching(&filter)) {
            let reason = format!("Your last log had {} at {level}/10.", lib.area_name(area).to_lowercase());
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
