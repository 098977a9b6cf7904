//! A run from a file a watch wrote: the file's facts (read by the `unknot-run-file` crate from GPX or FIT,
//! told apart by content, never by file name) checked against the journal's rules and made a [`Run`]. Pure:
//! facts (or, off the web, bytes) in, a [`Run`] or an error in plain words out; the caller passes the local
//! offset to show the start in.
//!
//! Invariant: a file is either read whole into a run that passes [`Run::problems`], or refused with an error
//! that names what is wrong ("the GPX file has no track points with times") — never half-read, never
//! written anywhere by this module. The run's id comes from its start (`run-<unix seconds>`), so the same
//! file imported twice names the same run and adds nothing the second time.

use chrono::{DateTime, FixedOffset};
pub use unknot_run_file::RunFileFacts;

use super::run::{Run, RunKind, MAX_DISTANCE_M, MAX_RUN_SECS};

/// What a run file held, before it becomes a [`Run`].
#[derive(Debug, Clone, PartialEq)]
pub struct RunFileSummary {
    pub started_at: DateTime<FixedOffset>,
    pub distance_m: u32,
    pub duration_secs: u32,
    /// "GPX" or "FIT".
    pub format: &'static str,
}

/// The id of the run that starts at `at`: one start, one run.
pub fn run_id_for_start(at: &DateTime<FixedOffset>) -> String {
    format!("run-{}", at.timestamp())
}

/// The kind a run read from a file is logged as until the runner says otherwise: long from 90 minutes or
/// 18 km, easy otherwise (a watch file does not say whether it was a workout).
pub fn likely_kind(distance_m: u32, duration_secs: u32) -> RunKind {
    if duration_secs >= 90 * 60 || distance_m >= 18_000 {
        RunKind::Long
    } else {
        RunKind::Easy
    }
}

/// Reads a GPX or FIT file into a summary, its start shown in `offset` (desktop and phones, which link the
/// parsers in; the web build reads the file's facts through `platform::run_file_facts` instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_run_file(bytes: &[u8], offset: FixedOffset) -> Result<RunFileSummary, String> {
    summary_from_facts(unknot_run_file::read(bytes)?, offset)
}

/// Checks a file's facts against the journal's rules for a run, and shows its start in `offset`.
pub fn summary_from_facts(facts: RunFileFacts, offset: FixedOffset) -> Result<RunFileSummary, String> {
    let format = facts.format.name();
    let started_at = DateTime::from_timestamp_millis(facts.started_at_ms)
        .ok_or_else(|| format!("the {format} file's start ({} ms after 1970) is not a date", facts.started_at_ms))?
        .with_timezone(&offset);
    if facts.distance_m == 0 || facts.distance_m > MAX_DISTANCE_M {
        return Err(format!("the {format} file's distance is {} m; a run is 1 m to {} km", facts.distance_m, MAX_DISTANCE_M / 1000));
    }
    if facts.duration_secs == 0 || facts.duration_secs > MAX_RUN_SECS {
        return Err(format!("the {format} file's run lasts {} s; a run lasts 1 s to {} hours", facts.duration_secs, MAX_RUN_SECS / 3600));
    }
    Ok(RunFileSummary { started_at, distance_m: facts.distance_m, duration_secs: facts.duration_secs, format })
}

/// The run in a file, as the journal keeps it (kind guessed by [`likely_kind`]); checked by [`Run::problems`].
#[cfg(not(target_arch = "wasm32"))]
pub fn run_from_file(name: &str, bytes: &[u8], offset: FixedOffset) -> Result<Run, String> {
    run_from_facts(name, unknot_run_file::read(bytes)?, offset)
}

/// The run a file named `name` holds, from its facts ([`unknot_run_file::read`], on the web through
/// `platform::run_file_facts`).
pub fn run_from_facts(name: &str, facts: RunFileFacts, offset: FixedOffset) -> Result<Run, String> {
    let s = summary_from_facts(facts, offset)?;
    let source: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    let run = Run {
        id: run_id_for_start(&s.started_at),
        started_at: s.started_at,
        kind: likely_kind(s.distance_m, s.duration_secs),
        distance_m: s.distance_m,
        duration_secs: s.duration_secs,
        effort: None,
        note: String::new(),
        source: Some(source),
    };
    match run.problems().first() {
        None => Ok(run),
        Some(p) => Err(format!("the run in the file breaks the journal's rules: {p}")),
    }
}
