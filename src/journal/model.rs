//! The notes model: what a recovery note and a finished session are, and the rules they must keep.
//! Pure: ids and times are handed in by the caller.
//!
//! Invariant: these rules are the one gate for every value that crosses into the journal — the log form,
//! import (JSON and CSV) and the store itself all call [`Note::problems`] / [`SessionRecord::problems`] — and
//! they accept exactly what the store can write and read back unchanged: dates within [`YEARS`], ids of at
//! most [`MAX_ID_CHARS`] visible characters, text within [`MAX_TEXT_CHARS`], levels in range.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};

pub const FEEL: std::ops::RangeInclusive<u8> = 1..=5;
pub const RPE: std::ops::RangeInclusive<u8> = 1..=10;
pub const SORENESS: std::ops::RangeInclusive<u8> = 0..=10;
/// Longest note text, in characters (not bytes: emoji and non-Latin scripts count one each).
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Years a date in the journal may have (as written, in its own offset). Far wider than any real note, and
/// well inside what the store's text form (RFC 3339, four-digit years) can read back.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;
/// Longest id (note, session, routine, body area), in characters.
pub const MAX_ID_CHARS: usize = 100;

/// Why `id` cannot be an id in the journal, in plain words; `None` if it can. An id is 1–[`MAX_ID_CHARS`]
/// characters with no white space at either end and no control characters, line breaks, tabs or invisible
/// formatting characters (which could hide one id inside another, or break a CSV cell) anywhere.
pub fn id_problem(id: &str) -> Option<String> {
    let chars = id.chars().count();
    if id.trim().is_empty() {
        Some("is empty".into())
    } else if chars > MAX_ID_CHARS {
        Some(format!("is {chars} characters long; the limit is {MAX_ID_CHARS}"))
    } else if id.trim() != id {
        Some("starts or ends with a space".into())
    } else {
        id.chars()
            .find(|&c| is_invisible(c) || (c.is_whitespace() && c != ' '))
            .map(|c| format!("contains the invisible or control character {}", c.escape_unicode()))
    }
}

/// Control characters, and the formatting characters that show as nothing (zero-width, direction marks and
/// overrides, word joiners, the byte-order mark, the soft hyphen).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Why `at` cannot be a date in the journal, in plain words; `None` if it can.
pub fn time_problem(at: &DateTime<FixedOffset>) -> Option<String> {
    let year = at.year();
    (!YEARS.contains(&year)).then(|| {
        format!("the year {year} is outside the years {} to {} that a journal date may have", YEARS.start(), YEARS.end())
    })
}

/// The form's text for a note's date and time (`datetime-local`: "2026-11-29T18:30").
pub const NOTE_TIME_INPUT: &str = "%Y-%m-%dT%H:%M";

/// The date and time a runner typed for a note (in [`NOTE_TIME_INPUT`] form, seconds allowed), read in the
/// offset of `now`; an error in plain words if it is not a time, is later than `now` (a note records what
/// was felt, never what will be), or is outside [`YEARS`].
pub fn note_time(input: &str, now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    let input = input.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(input, NOTE_TIME_INPUT)
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("\"{input}\" is not a date and time"))?;
    let at = naive
        .and_local_timezone(*now.offset())
        .single()
        .ok_or_else(|| format!("\"{input}\" is not a date and time"))?;
    if let Some(problem) = time_problem(&at) {
        return Err(problem);
    }
    // Compared to the minute the form shows, so "now" itself is never in the future.
    if at.timestamp() / 60 > now.timestamp() / 60 {
        return Err(format!("{} is in the future", at.format("%-d %b %Y, %H:%M")));
    }
    Ok(at)
}

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
    #[serde(default, deserialize_with = "areas_once")]
    pub soreness: BTreeMap<String, u8>,
}

/// Reads soreness levels, refusing a body area named twice (a plain map would keep the last silently).
fn areas_once<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, u8>, D::Error> {
    struct Levels;
    impl<'de> serde::de::Visitor<'de> for Levels {
        type Value = BTreeMap<String, u8>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of body area to soreness 0–10")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((area, level)) = map.next_entry::<String, u8>()? {
                if out.contains_key(&area) {
                    return Err(serde::de::Error::custom(format!("the body area \"{area}\" appears twice")));
                }
                out.insert(area, level);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Levels)
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
    /// Share of the plan's work time that actually ran, 0.0–1.0 (skipped time does not count).
    pub completed: f64,
    /// Minutes actually massaged, in seconds (None: recorded before Unknot kept it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worked_secs: Option<u32>,
    /// Seconds added with "Hold here".
    #[serde(default)]
    pub held_secs: u32,
    /// Titles of the steps that were skipped (less than half of them ran), in routine order.
    #[serde(default)]
    pub skipped_steps: Vec<String>,
}

/// A session longer than this (in seconds of massage or of holds) is not one Unknot wrote.
pub const MAX_SESSION_SECS: u32 = 24 * 3600;
/// Step titles in a session record: as many, and as long, as a routine may have.
pub const MAX_SKIPPED_STEPS: usize = 100;
pub const MAX_STEP_TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteProblem {
    Feel(u8),
    Rpe(u8),
    Soreness { area: String, level: u8 },
    TextTooLong { chars: usize },
    EmptyId,
    /// An id (`id`, `session_id`, or a soreness area) that breaks [`id_problem`]'s rules.
    Id { field: String, problem: String },
    /// A date outside [`YEARS`].
    Time { field: &'static str, problem: String },
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
            NoteProblem::Id { field, problem } => write!(f, "{field} {problem}"),
            NoteProblem::Time { field, problem } => write!(f, "{field}: {problem}"),
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
        if let Some(problem) = self.session_id.as_deref().and_then(id_problem) {
            out.push(NoteProblem::Id { field: "session_id".into(), problem });
        }
        for (area, &level) in &self.soreness {
            if let Some(problem) = id_problem(area) {
                out.push(NoteProblem::Id { field: format!("soreness area {area:?}"), problem });
            }
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
        } else if let Some(problem) = id_problem(&self.id) {
            out.push(NoteProblem::Id { field: "id".into(), problem });
        }
        for (field, at) in [("created_at", &self.created_at), ("updated_at", &self.updated_at)] {
            if let Some(problem) = time_problem(at) {
                out.push(NoteProblem::Time { field, problem });
            }
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

impl SessionRecord {
    /// Every rule the record breaks, as `(field, problem)`; empty when the store can keep it.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, id) in [("id", &self.id), ("routine_id", &self.routine_id)] {
            if let Some(problem) = id_problem(id) {
                out.push((field, problem));
            }
        }
        for (field, at) in [("started_at", &self.started_at), ("ended_at", &self.ended_at)] {
            if let Some(problem) = time_problem(at) {
                out.push((field, problem));
            }
        }
        if !(0.0..=1.0).contains(&self.completed) {
            out.push(("completed", format!("must be between 0 and 1 (got {})", self.completed)));
        }
        if let Some(secs) = self.worked_secs.filter(|&s| s > MAX_SESSION_SECS) {
            out.push(("worked_secs", format!("must be at most {MAX_SESSION_SECS} (got {secs})")));
        }
        if self.held_secs > MAX_SESSION_SECS {
            out.push(("held_secs", format!("must be at most {MAX_SESSION_SECS} (got {})", self.held_secs)));
        }
        if self.skipped_steps.len() > MAX_SKIPPED_STEPS {
            out.push(("skipped_steps", format!("must list at most {MAX_SKIPPED_STEPS} steps (got {})", self.skipped_steps.len())));
        }
        if let Some(t) = self.skipped_steps.iter().find(|t| t.trim().is_empty() || t.chars().count() > MAX_STEP_TITLE_CHARS || t.chars().any(char::is_control)) {
            out.push(("skipped_steps", format!("a step title must be 1–{MAX_STEP_TITLE_CHARS} characters without control characters (got {:?})", t.chars().take(40).collect::<String>())));
        }
        out
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
