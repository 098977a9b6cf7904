//! The notes model: what a recovery note and a finished session are, and the rules a note must keep.
//! Pure: ids and times are handed in by the caller.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub const FEEL: std::ops::RangeInclusive<u8> = 1..=5;
pub const RPE: std::ops::RangeInclusive<u8> = 1..=10;
pub const SORENESS: std::ops::RangeInclusive<u8> = 0..=10;
/// Longest note text, in characters (not bytes: emoji and non-Latin scripts count one each).
pub const MAX_TEXT_CHARS: usize = 10_000;

/// A recovery note. `id` is stable: it survives export and import, which is what makes import idempotent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    /// Local time with its offset, as the runner saw the clock.
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// The finished session this note is about, if any.
    #[serde(default)]
    pub session_id: Option<String>,
    /// Overall feel, 1 (awful) – 5 (great).
    pub feel: u8,
    /// Effort of the run, RPE 1–10.
    #[serde(default)]
    pub rpe: Option<u8>,
    #[serde(default)]
    pub text: String,
    /// Soreness 0–10 per body area id.
    #[serde(default)]
    pub soreness: BTreeMap<String, u8>,
}

/// What the log form collects; becomes a [`Note`] once checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoteDraft {
    pub session_id: Option<String>,
    pub feel: u8,
    pub rpe: Option<u8>,
    pub text: String,
    pub soreness: BTreeMap<String, u8>,
}

/// A guided session that was run, recorded when it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRecord {
    pub id: String,
    pub routine_id: String,
    pub started_at: DateTime<FixedOffset>,
    pub ended_at: DateTime<FixedOffset>,
    /// Share of the plan's work time reached, 0.0–1.0.
    pub completed: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteProblem {
    Feel(u8),
    Rpe(u8),
    Soreness { area: String, level: u8 },
    TextTooLong { chars: usize },
    EmptyId,
}

impl fmt::Display for NoteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteProblem::Feel(v) => write!(f, "feel must be 1–5 (got {v})"),
            NoteProblem::Rpe(v) => write!(f, "run effort (RPE) must be 1–10 (got {v})"),
            NoteProblem::Soreness { area, level } => write!(f, "soreness for {area} must be 0–10 (got {level})"),
            NoteProblem::TextTooLong { chars } => {
                write!(f, "the note is {chars} characters long; the limit is {MAX_TEXT_CHARS}")
            }
            NoteProblem::EmptyId => write!(f, "the note has no id"),
        }
    }
}

impl NoteDraft {
    /// Every rule the draft breaks; empty when it can be saved.
    pub fn problems(&self) -> Vec<NoteProblem> {
        let mut out = Vec::new();
        if !FEEL.contains(&self.feel) {
            out.push(NoteProblem::Feel(self.feel));
        }
        if let Some(rpe) = self.rpe.filter(|r| !RPE.contains(r)) {
            out.push(NoteProblem::Rpe(rpe));
        }
        for (area, &level) in &self.soreness {
            if !SORENESS.contains(&level) {
                out.push(NoteProblem::Soreness { area: area.clone(), level });
            }
        }
        let chars = self.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            out.push(NoteProblem::TextTooLong { chars });
        }
        out
    }

    /// A new note from this draft, or every problem it has.
    pub fn into_note(self, id: String, now: DateTime<FixedOffset>) -> Result<Note, Vec<NoteProblem>> {
        let note = Note {
            id,
            created_at: now,
            updated_at: now,
            session_id: self.session_id,
            feel: self.feel,
            rpe: self.rpe,
            text: self.text,
            soreness: self.soreness,
        };
        let problems = note.problems();
        if problems.is_empty() {
            Ok(note)
        } else {
            Err(problems)
        }
    }
}

impl Note {
    pub fn problems(&self) -> Vec<NoteProblem> {
        let mut out = self.as_draft().problems();
        if self.id.trim().is_empty() {
            out.push(NoteProblem::EmptyId);
        }
        out
    }

    /// The editable part of the note, for the edit form.
    pub fn as_draft(&self) -> NoteDraft {
        NoteDraft {
            session_id: self.session_id.clone(),
            feel: self.feel,
            rpe: self.rpe,
            text: self.text.clone(),
            soreness: self.soreness.clone(),
        }
    }

    /// This note with the draft's contents, keeping id and creation time.
    pub fn edited(&self, draft: NoteDraft, now: DateTime<FixedOffset>) -> Result<Note, Vec<NoteProblem>> {
        let mut note = draft.into_note(self.id.clone(), self.created_at)?;
        note.updated_at = now;
        Ok(note)
    }

    /// The highest soreness in the note, with its area.
    pub fn sorest(&self) -> Option<(&str, u8)> {
        self.soreness.iter().max_by_key(|(_, &l)| l).map(|(a, &l)| (a.as_str(), l))
    }
}

pub fn feel_label(feel: u8) -> &'static str {
    match feel {
        1 => "Awful",
        2 => "Rough",
        3 => "Okay",
        4 => "Good",
        5 => "Great",
        _ => "—",
    }
}
