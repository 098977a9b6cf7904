//! The content types, exactly as they appear in the TOML files under `content/` (see `content/SCHEMA.md`).
//! `deny_unknown_fields` everywhere: a misspelt field name is an error that names it, not silently ignored.
//! `Serialize` as well: `build.rs` compiles the content into the app in this shape (see `bundle.rs`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    /// What one side of this area is called when the player says which side ("leg", "foot", "side").
    pub side_word: String,
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

/// A step of a routine. Serialised (JSON in the journal and in exports) with the same field names as the TOML.
/// Absent options are written out as `null` rather than skipped: the compiled content (postcard, build.rs) is
/// positional and cannot skip a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    pub area: String,
    pub sides: Sides,
    /// The drawing of the body position on the tool: the id of `content/positions/<id>.svg`. Every bundled
    /// step names one; a routine saved before drawings existed has none (and still loads).
    #[serde(default)]
    pub position: Option<String>,
    /// Per side when `sides = "each"`.
    pub seconds: u32,
    #[serde(default)]
    pub technique: Option<String>,
    /// The tool this step uses when it is not the routine's own (a routine of your own may mix steps of
    /// several routines); absent in bundled content.
    #[serde(default)]
    pub tool: Option<String>,
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
    /// Rest between steps for this routine, in place of the runner's setting (routines of your own set it).
    #[serde(default)]
    pub rest_secs: Option<u32>,
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
}

impl Routine {
    /// Work time as written, without get-ready, switch or rest time.
    pub fn work_seconds(&self) -> u32 {
        self.steps.iter().map(Step::work_seconds).sum()
    }

    /// The tools the routine uses: its own, then any other a step names, each once.
    pub fn tools(&self) -> Vec<&str> {
        let mut tools = vec![self.tool.as_str()];
        for t in self.steps.iter().filter_map(|s| s.tool.as_deref()) {
            if !tools.contains(&t) {
                tools.push(t);
            }
        }
        tools
    }

    /// Seconds of work on `area`; how well the routine fits someone sore there.
    pub fn seconds_on(&self, area: &str) -> u32 {
        self.steps.iter().filter(|s| s.area == area).map(Step::work_seconds).sum()
    }
}

/// A line drawing of a body position on its tool (`content/positions/<id>.svg`): the SVG text, drawn in
/// `currentColor`, and its `<title>` (what the drawing shows, for a screen reader's label).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub id: String,
    pub title: String,
    pub svg: String,
}
