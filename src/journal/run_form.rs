//! The run form as the runner typed it — type, start, distance, time, effort, note — and the one place that
//! turns it into a [`Run`], for both the quick log (`LogRun`) and the run page that edits a run (`RunPage`).
//! Pure: the caller hands in `now` and the id.
//!
//! Invariants: every problem is tied to the field that caused it ([`RunField`]), in plain words, so a form can
//! show it next to that field; a run that comes out has passed [`Run::problems`]; and a form opened on a run
//! and saved untouched gives back that very run — its start to the second, its distance to the metre, its
//! id and source — so opening and saving an imported run never changes it (the form shows minutes and
//! kilometres, which are coarser than a watch's file).

use chrono::{DateTime, FixedOffset};

use super::model::{note_time, NOTE_TIME_INPUT};
use super::run::{format_run_time, parse_km, parse_run_time, Run, RunKind};

/// A field of the run form: where a problem is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunField {
    Started,
    Distance,
    Time,
    Effort,
    Note,
    /// A rule the form has no field for (a damaged id or file name): shown with the form as a whole.
    Other,
}

impl RunField {
    /// The field as its label names it, to begin a problem in a list ("Distance: …").
    pub fn label(self) -> &'static str {
        match self {
            RunField::Started => "Date and time",
            RunField::Distance => "Distance",
            RunField::Time => "Time",
            RunField::Effort => "Effort",
            RunField::Note => "Note",
            RunField::Other => "Run",
        }
    }

    /// The field a [`Run::problems`] entry belongs to.
    fn of_rule(field: &str) -> RunField {
        match field {
            "started_at" => RunField::Started,
            "distance_m" => RunField::Distance,
            "duration_secs" => RunField::Time,
            "effort" => RunField::Effort,
            "note" => RunField::Note,
            _ => RunField::Other,
        }
    }
}

/// One thing to fix before the run can be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFormProblem {
    pub field: RunField,
    /// Plain words, without the field's name: "\"8..2\" is not a distance in kilometres".
    pub problem: String,
}

impl RunFormProblem {
    /// "Distance: "8..2" is not a distance in kilometres." — for a list of every problem.
    pub fn sentence(&self) -> String {
        format!("{}: {}.", self.field.label(), self.problem)
    }
}

/// What the form's fields hold, as text (except the type, which is picked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunForm {
    pub kind: RunKind,
    /// In [`NOTE_TIME_INPUT`] form, as a `datetime-local` input gives it.
    pub started: String,
    /// Kilometres.
    pub distance: String,
    /// Minutes, m:ss or h:mm:ss.
    pub time: String,
    /// 1–10, or empty.
    pub effort: String,
    pub note: String,
}

impl RunForm {
    /// The form opened on `run`: what it shows to be corrected.
    pub fn of(run: &Run) -> RunForm {
        RunForm {
            kind: run.kind,
            started: run.started_at.format(NOTE_TIME_INPUT).to_string(),
            distance: km_input(run.distance_m),
            time: format_run_time(run.duration_secs),
            effort: run.effort.map(|e| e.to_string()).unwrap_or_default(),
            note: run.note.clone(),
        }
    }

    /// The run this form describes, or every problem with it. `kept` is the run the form was opened on (the
    /// run page): its id and source are kept, and so is its exact start when the start field still shows it
    /// (the field has minutes, a watch's file has seconds and its own offset). Without `kept` (the quick
    /// log), the run gets `new_id` and no source. The start is read in `now`'s offset and may not be later
    /// than `now`.
    pub fn to_run(&self, kept: Option<&Run>, new_id: impl FnOnce() -> String, now: DateTime<FixedOffset>) -> Result<Run, Vec<RunFormProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field, problem: String| problems.push(RunFormProblem { field, problem });
        let unchanged = |shown: String, typed: &str| shown == typed.trim();
        let started_at = match kept {
            Some(run) if unchanged(run.started_at.format(NOTE_TIME_INPUT).to_string(), &self.started) => Some(run.started_at),
            _ => note_time(&self.started, now).map_err(|e| problem(RunField::Started, e)).ok(),
        };
        let distance_m = match kept {
            Some(run) if unchanged(km_input(run.distance_m), &self.distance) => Some(run.distance_m),
            _ => parse_km(&self.distance).map_err(|e| problem(RunField::Distance, e)).ok(),
        };
        let duration_secs = parse_run_time(&self.time).map_err(|e| problem(RunField::Time, e)).ok();
        let effort = match self.effort.trim() {
            "" => Some(None),
            raw => match raw.parse::<u8>() {
                Ok(e) if (1..=10).contains(&e) => Some(Some(e)),
                _ => {
                    problem(RunField::Effort, "must be a whole number from 1 to 10, or left empty".into());
                    None
                }
            },
        };
        let (Some(started_at), Some(distance_m), Some(duration_secs), Some(effort)) = (started_at, distance_m, duration_secs, effort) else {
            return Err(problems);
        };
        let run = Run {
            id: kept.map_or_else(new_id, |r| r.id.clone()),
            started_at,
            kind: self.kind,
            distance_m,
            duration_secs,
            effort,
            note: self.note.clone(),
            source: kept.and_then(|r| r.source.clone()),
        };
        let broken = run.problems();
        if broken.is_empty() {
            Ok(run)
        } else {
            Err(broken.into_iter().map(|p| RunFormProblem { field: RunField::of_rule(p.field), problem: p.problem }).collect())
        }
    }
}

/// A distance as the form shows it, to the metre and no finer: "8.234", "21.1", "10".
pub fn km_input(metres: u32) -> String {
    let text = format!("{}.{:03}", metres / 1000, metres % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
