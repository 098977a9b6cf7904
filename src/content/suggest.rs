//! Home's suggestion: which routine to offer now, from the local hour and the latest soreness log.
//! Pure: the caller passes the hour and the latest readings.

use super::{Library, Routine, RoutineFilter, Timing};

/// Soreness at or above this (0–10) makes an area the reason for the suggestion.
pub const SORE_ENOUGH: u8 = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'a> {
    pub routine: &'a Routine,
    /// One short line saying why this routine, for the Home screen.
    pub reason: String,
}

/// Picks a routine: the best fit for the sorest recent area if any is sore enough, else a pre-run routine in
/// the morning and a post-run one later in the day.
pub fn suggest<'a>(lib: &'a Library, local_hour: u32, latest_soreness: &[(String, u8)]) -> Option<Suggestion<'a>> {
    let timing = if (5..11).contains(&local_hour) { Timing::PreRun } else { Timing::PostRun };
    let sorest = latest_soreness.iter().filter(|(_, level)| *level >= SORE_ENOUGH).max_by_key(|(_, level)| *level);
    if let Some((area, level)) = sorest {
        let filter = RoutineFilter { area: Some(area.clone()), ..Default::default() };
        if let Some(r) = lib.routines_matching(&filter).into_iter().next() {
            let reason = format!("Your last log had {} at {level}/10.", lib.area_name(area).to_lowercase());
            return Some(Suggestion { routine: r, reason });
        }
    }
    let filter = RoutineFilter { timing: Some(timing), ..Default::default() };
    let candidates = lib.routines_matching(&filter);
    // Prefer a routine written for this moment (not "any time"), and a short one: this is the quick path.
    let best = candidates
        .iter()
        .filter(|r| r.timing == timing)
        .min_by_key(|r| r.work_seconds())
        .or_else(|| candidates.first())?;
    let reason = match timing {
        Timing::PreRun => "Morning: a short activation before you head out.".to_string(),
        _ => "After a run: ease your legs down.".to_string(),
    };
    Some(Suggestion { routine: best, reason })
}
