//! A routine being built in the app (the builder's state) and how it becomes a [`Routine`]. Pure: the caller
//! hands in the id (random) and the library.
//!
//! Invariant: what the runner is not asked for — the tool, the areas, what is needed — is derived from the
//! steps by [`RoutineDraft::to_routine`], and every edit the builder offers keeps its value in range (seconds
//! within [`STEP_SECONDS`], rest within [`REST_SECONDS`], steps from the library), so a draft with a name, a
//! description and at least one step gives a routine that passes [`Library::check_user_routine`] and builds
//! a plan (`tests/builder.rs` checks both over random drafts).

use super::{Library, Routine, Sides, Step, StepTemplate, Timing, NAME_CHARS, REST_SECONDS, STEP_SECONDS, USER_ROUTINE_PREFIX};

/// Rest between steps in a draft that was given none (the builder gives a new routine, and a copy of a routine
/// without a rest of its own, the rest chosen in Settings): the default setting's.
pub const DEFAULT_REST_SECS: u32 = 5;
/// What a new routine says about itself until the runner writes something else.
pub const DEFAULT_SUMMARY: &str = "A routine of my own.";

#[derive(Debug, Clone, PartialEq)]
pub struct RoutineDraft {
    /// Kept through edits (a copy or a new routine gets a new one).
    pub id: String,
    pub name: String,
    pub summary: String,
    pub timing: Timing,
    pub rest_secs: u32,
    /// Kept from a copied routine (they are about its areas); a new routine has none of its own — the safety
    /// notes of its areas are shown with it all the same.
    pub cautions: Vec<String>,
    pub steps: Vec<Step>,
}

/// An id for a new routine of the runner's own, from any random text (a UUID): lowercase kebab-case, within
/// the id limit, starting with [`USER_ROUTINE_PREFIX`] so it can never be a content file's.
pub fn user_routine_id(random: &str) -> String {
    let tail: String = random
        .chars()
        .filter_map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => Some(c),
            _ => None,
        })
        .take(super::ID_CHARS - USER_ROUTINE_PREFIX.len())
        .collect();
    format!("{USER_ROUTINE_PREFIX}{}", if tail.is_empty() { "routine" } else { &tail })
}

/// `base` with `tail` after it, `base` cut short so that the whole is within the name limit.
fn with_tail(base: &str, tail: &str) -> String {
    let keep = NAME_CHARS.saturating_sub(tail.chars().count());
    format!("{}{tail}", base.chars().take(keep).collect::<String>())
}

impl RoutineDraft {
    /// An empty routine: no name, no steps.
    pub fn blank(id: String) -> RoutineDraft {
        RoutineDraft {
            id,
            name: String::new(),
            summary: DEFAULT_SUMMARY.into(),
            timing: Timing::Any,
            rest_secs: DEFAULT_REST_SECS,
            cautions: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// "Copy and change": every step of `source` (with its tool written out), under a new id and name.
    pub fn copy_of(source: &Routine, id: String) -> RoutineDraft {
        let name: String = format!("My {}", crate::text::lowercase_first(&source.name)).chars().take(NAME_CHARS).collect();
        RoutineDraft {
            id,
            name,
            summary: source.summary.clone(),
            timing: source.timing,
            rest_secs: source.rest_secs.unwrap_or(DEFAULT_REST_SECS),
            cautions: source.cautions.clone(),
            steps: source
                .steps
                .iter()
                .map(|s| Step { tool: Some(s.tool.clone().unwrap_or_else(|| source.tool.clone())), ..s.clone() })
                .collect(),
        }
    }

    /// "Copy and change" of a routine of the runner's own: the same, under a new id, named "… (copy)" so the
    /// two are told apart in lists.
    pub fn duplicate_of(source: &Routine, id: String) -> RoutineDraft {
        RoutineDraft { id, name: with_tail(&source.name, " (copy)"), ..RoutineDraft::editing(source) }
    }

    /// The name, made different from every one of `taken` (the runner's own routines) by a number: a second
    /// copy of the same routine is "My quads on the foam roller (2)", so the two are told apart in lists. Within
    /// the length limit.
    pub fn named_apart_from(mut self, taken: &[&str]) -> RoutineDraft {
        let base = self.name.clone();
        let mut n = 2;
        while taken.contains(&self.name.as_str()) {
            self.name = with_tail(&base, &format!(" ({n})"));
            n += 1;
        }
        self
    }

    /// A saved routine of the runner's own, to edit.
    pub fn editing(r: &Routine) -> RoutineDraft {
        RoutineDraft {
            id: r.id.clone(),
            name: r.name.clone(),
            summary: r.summary.clone(),
            timing: r.timing,
            rest_secs: r.rest_secs.unwrap_or(DEFAULT_REST_SECS),
            cautions: r.cautions.clone(),
            steps: r.steps.iter().map(|s| Step { tool: Some(s.tool.clone().unwrap_or_else(|| r.tool.clone())), ..s.clone() }).collect(),
        }
    }

    /// Adds a bundled step at the end.
    pub fn add(&mut self, template: &StepTemplate) {
        self.steps.push(template.to_step());
    }

    /// Swaps step `i` with the one before it; false (nothing changed) for the first step.
    pub fn move_up(&mut self, i: usize) -> bool {
        if i == 0 || i >= self.steps.len() {
            return false;
        }
        self.steps.swap(i - 1, i);
        true
    }

    /// Swaps step `i` with the one after it; false (nothing changed) for the last step.
    pub fn move_down(&mut self, i: usize) -> bool {
        if i + 1 >= self.steps.len() {
            return false;
        }
        self.steps.swap(i, i + 1);
        true
    }

    pub fn remove(&mut self, i: usize) -> Option<Step> {
        (i < self.steps.len()).then(|| self.steps.remove(i))
    }

    /// Seconds of step `i` (per side for a two-sided step), kept within [`STEP_SECONDS`].
    pub fn set_seconds(&mut self, i: usize, seconds: u32) {
        if let Some(s) = self.steps.get_mut(i) {
            s.seconds = seconds.clamp(*STEP_SECONDS.start(), *STEP_SECONDS.end());
        }
    }

    pub fn set_sides(&mut self, i: usize, sides: Sides) {
        if let Some(s) = self.steps.get_mut(i) {
            s.sides = sides;
        }
    }

    pub fn set_rest(&mut self, secs: u32) {
        self.rest_secs = secs.clamp(*REST_SECONDS.start(), *REST_SECONDS.end());
    }

    /// The routine this draft describes. The tool is the one most of the work is done with (the first such),
    /// the areas those of the steps in order of work, and what is needed each tool's name.
    pub fn to_routine(&self, lib: &Library) -> Routine {
        let tool_of = |s: &Step| s.tool.clone().unwrap_or_else(|| lib.methods.all().first().map(|m| m.id.clone()).unwrap_or_default());
        let mut tools: Vec<(String, u32)> = Vec::new();
        let mut areas: Vec<(String, u32)> = Vec::new();
        for s in &self.steps {
            for (list, key) in [(&mut tools, tool_of(s)), (&mut areas, s.area.clone())] {
                match list.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, secs)) => *secs += s.work_seconds(),
                    None => list.push((key, s.work_seconds())),
                }
            }
        }
        let tool = tools.iter().max_by_key(|(_, secs)| *secs).map(|(t, _)| t.clone()).unwrap_or_else(|| {
            lib.methods.all().first().map(|m| m.id.clone()).unwrap_or_default()
        });
        // Stable: the first of equal ones stays first.
        let mut by_work = areas.clone();
        crate::sort::sort_by_key(&mut by_work, |(_, secs)| std::cmp::Reverse(*secs));
        let needs = tools
            .iter()
            .map(|(t, _)| lib.methods.get(t).map_or_else(|| t.clone(), |m| m.tool_name.clone()))
            .collect();
        Routine {
            id: self.id.clone(),
            name: self.name.trim().to_string(),
            summary: self.summary.trim().to_string(),
            tool,
            timing: self.timing,
            areas: by_work.into_iter().map(|(a, _)| a).collect(),
            needs,
            cautions: self.cautions.clone(),
            rest_secs: Some(self.rest_secs),
            steps: self
                .steps
                .iter()
                .map(|s| Step { title: s.title.trim().to_string(), ..s.clone() })
                .collect(),
        }
    }
}
