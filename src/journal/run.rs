//! What a run in the journal is, and the rules it must keep. Pure: ids and times are handed in by the caller.
//!
//! Invariant: [`Run::problems`] is the one gate for every run that crosses into the journal — the run form,
//! a GPX or FIT file read by [`super::run_file`], JSON import and the store itself — and it accepts exactly
//! what the store can write and read back unchanged (the same id, date and text rules as a note).

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::model::{id_problem, time_problem, MAX_TEXT_CHARS, RPE};

/// Longest run the journal keeps, in metres (an ultra of 1000 km is already beyond any single run).
pub const MAX_DISTANCE_M: u32 = 1_000_000;
/// Longest run the journal keeps, in seconds (a week).
pub const MAX_RUN_SECS: u32 = 7 * 24 * 3600;

/// What kind of run it was: what a runner's training plan calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    Easy,
    Long,
    Workout,
    Race,
}

impl RunKind {
    pub const ALL: [RunKind; 4] = [RunKind::Easy, RunKind::Long, RunKind::Workout, RunKind::Race];

    /// The word in the journal, in a sentence ("Sunday's long run"): also its stored form.
    pub fn word(self) -> &'static str {
        match self {
            RunKind::Easy => "easy",
            RunKind::Long => "long",
            RunKind::Workout => "workout",
            RunKind::Race => "race",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunKind::Easy => "Easy",
            RunKind::Long => "Long",
            RunKind::Workout => "Workout",
            RunKind::Race => "Race",
        }
    }

    pub fn from_word(word: &str) -> Option<RunKind> {
        RunKind::ALL.into_iter().find(|k| k.word() == word)
    }

    /// How hard the legs were loaded, as a factor on distance: a race or a workout tires more per kilometre.
    pub fn load_factor(self) -> f64 {
        match self {
            RunKind::Easy => 1.0,
            RunKind::Long => 1.3,
            RunKind::Workout => 1.5,
            RunKind::Race => 1.8,
        }
    }

    /// "long run", "workout", "race": the run named in a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            RunKind::Easy => "easy run",
            RunKind::Long => "long run",
            RunKind::Workout => "workout",
            RunKind::Race => "race",
        }
    }

    /// "an easy run", "a long run": the noun with its article, for the start of a phrase.
    pub fn with_article(self) -> &'static str {
        match self {
            RunKind::Easy => "an easy run",
            RunKind::Long => "a long run",
            RunKind::Workout => "a workout",
            RunKind::Race => "a race",
        }
    }
}

/// A run, logged by hand or read from a file a watch wrote. `id` is stable: it survives export and import,
/// and a file's run is named by its start (`run-<unix seconds>`), so importing the same file twice adds
/// nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub id: String,
    /// When the run started, local time with its offset.
    pub started_at: DateTime<FixedOffset>,
    pub kind: RunKind,
    /// Metres.
    pub distance_m: u32,
    /// Seconds moving (or elapsed, for a file that does not tell).
    pub duration_secs: u32,
    /// How hard it felt, RPE 1–10.
    #[serde(default)]
    pub effort: Option<u8>,
    #[serde(default)]
    pub note: String,
    /// The file it was read from, if any ("Morning_Run.gpx").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunProblem {
    pub field: &'static str,
    pub problem: String,
}

impl fmt::Display for RunProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl Run {
    /// Every rule the run breaks; empty when the store can keep it.
    pub fn problems(&self) -> Vec<RunProblem> {
        let mut out = Vec::new();
        let mut push = |field, problem: String| out.push(RunProblem { field, problem });
        if let Some(p) = id_problem(&self.id) {
            push("id", p);
        }
        if let Some(p) = time_problem(&self.started_at) {
            push("started_at", p);
        }
        if self.distance_m == 0 || self.distance_m > MAX_DISTANCE_M {
            push("distance_m", format!("must be 1 to {MAX_DISTANCE_M} metres (got {})", self.distance_m));
        }
        if self.duration_secs == 0 || self.duration_secs > MAX_RUN_SECS {
            push("duration_secs", format!("must be 1 to {MAX_RUN_SECS} seconds (got {})", self.duration_secs));
        }
        if let Some(e) = self.effort.filter(|e| !RPE.contains(e)) {
            push("effort", format!("must be 1–10 (got {e})"));
        }
        let chars = self.note.chars().count();
        if chars > MAX_TEXT_CHARS {
            push("note", format!("is {chars} characters long; the limit is {MAX_TEXT_CHARS}"));
        }
        if let Some(p) = self.source.as_deref().and_then(|s| {
            if s.chars().count() > 200 || s.chars().any(char::is_control) {
                Some("must be a file name of at most 200 characters without control characters".to_string())
            } else {
                None
            }
        }) {
            push("source", p);
        }
        out
    }

    pub fn distance_km(&self) -> f64 {
        f64::from(self.distance_m) / 1000.0
    }

    /// "8.2 km · 45:10", for lists.
    pub fn summary(&self) -> String {
        format!("{} · {}", format_km(self.distance_m), format_run_time(self.duration_secs))
    }
}

/// "8.2 km", "21.1 km", "0.4 km".
pub fn format_km(metres: u32) -> String {
    format!("{:.1} km", f64::from(metres) / 1000.0)
}

/// "45:10", "1:52:03".
pub fn format_run_time(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A duration as a runner types it: "45", "45:10" or "1:52:03" (minutes; minutes:seconds;
/// hours:minutes:seconds), in seconds; an error in plain words otherwise.
pub fn parse_run_time(input: &str) -> Result<u32, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("how long did it take? Like 45, 45:10 or 1:52:03".into());
    }
    let parts: Vec<&str> = input.split(':').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse::<u32>().ok()).collect();
    let bad = || format!("\"{input}\" is not a time like 45, 45:10 or 1:52:03");
    let nums = nums.ok_or_else(bad)?;
    let secs = match nums[..] {
        [m] => m.checked_mul(60),
        [m, s] if s < 60 => m.checked_mul(60).and_then(|x| x.checked_add(s)),
        [h, m, s] if m < 60 && s < 60 => h.checked_mul(3600).and_then(|x| x.checked_add(m * 60 + s)),
        _ => None,
    }
    .ok_or_else(bad)?;
    if secs == 0 || secs > MAX_RUN_SECS {
        return Err(format!("a run lasts between 1 second and {} hours", MAX_RUN_SECS / 3600));
    }
    Ok(secs)
}

/// A distance as a runner types it, in kilometres ("8.2", "8,2", "21.1 km"), in metres.
pub fn parse_km(input: &str) -> Result<u32, String> {
    if input.trim().is_empty() {
        return Err("how far was it? In kilometres, like 8.2".into());
    }
    let cleaned = input.trim().trim_end_matches("km").trim().replace(',', ".");
    let km: f64 = cleaned.parse().map_err(|_| format!("\"{}\" is not a distance in kilometres", input.trim()))?;
    if !km.is_finite() || km <= 0.0 || km * 1000.0 > f64::from(MAX_DISTANCE_M) {
        return Err(format!("a run is more than 0 and at most {} km", MAX_DISTANCE_M / 1000));
    }
    Ok((km * 1000.0).round() as u32)
}
