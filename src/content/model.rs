//! The content types, exactly as they appear in the TOML files under `content/` (see `content/SCHEMA.md`).
//! `deny_unknown_fields` everywhere: a misspelt field name is an error that names it, not silently ignored.
//! `Serialize` as well: `build.rs` compiles the content into the app in this shape (see `bundle.rs`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub muscles: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub detail: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub what: String,
    pub how_it_feels: String,
    pub why_for_runners: String,
    pub areas: Vec<String>,
    pub cautions: Vec<String>,
}

/// A self-massage method; its id is the `tool` a routine names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: String,
    pub name: String,
    pub tool_name: String,
    pub summary: String,
    pub how_to: Vec<String>,
    pub pressure: String,
    pub pace: String,
    pub cautions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetySection {
    pub id: String,
    pub title: String,
    pub items: Vec<String>,
    /// Also shown on the page of every routine that touches one of these areas.
    #[serde(default)]
    pub areas: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    PreRun,
    PostRun,
    Any,
}

impl Timing {
    pub const ALL: [Timing; 3] = [Timing::PreRun, Timing::PostRun, Timing::Any];

    pub fn label(self) -> &'static str {
        match self {
            Timing::PreRun => "Pre-run",
            Timing::PostRun => "Post-run",
            Timing::Any => "Any time",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Timing::PreRun => "pre-run",
            Timing::PostRun => "post-run",
            Timing::Any => "any",
        }
    }
}

/// Whether a step is done once per leg (left, then right) or once for both / the midline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sides {
    Each,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    pub area: String,
    pub sides: Sides,
    /// Per side when `sides = "each"`.
    pub seconds: u32,
    #[serde(default)]
    pub technique: Option<String>,
    #[serde(rename = "do")]
    pub instruction: String,
    pub feel: String,
    pub tempo: String,
    /// Seconds per stroke that `tempo` describes (its middle), for the optional pace cue; absent for a
    /// step held still.
    #[serde(default)]
    pub pace_secs: Option<u32>,
    pub tender_spot: String,
}

impl Step {
    /// Work time of the step as written (both sides), before any scaling.
    pub fn work_seconds(&self) -> u32 {
        match self.sides {
            Sides::Each => self.seconds * 2,
            Sides::None => self.seconds,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub tool: String,
    pub timing: Timing,
    pub areas: Vec<String>,
    pub needs: Vec<String>,
    #[serde(default)]
    pub cautions: Vec<String>,
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
}

impl Routine {
    /// Work time as written, without get-ready, switch or rest time.
    pub fn work_seconds(&self) -> u32 {
        self.steps.iter().map(Step::work_seconds).sum()
    }

    /// Seconds of work on `area`; how well the routine fits someone sore there.
    pub fn seconds_on(&self, area: &str) -> u32 {
        self.steps.iter().filter(|s| s.area == area).map(Step::work_seconds).sum()
    }
}
