//! Validation of the content files (parsing is in `source.rs`). Every defect becomes a [`ContentError`] that names the file
//! and the field (`content/routines/x.toml: step[2].seconds: 400 is outside 10–300`); all defects are
//! collected, not just the first, so an editor can fix a file in one go.
//!
//! Every text field has a length limit ([`NAME_CHARS`], [`LINE_CHARS`], [`PROSE_CHARS`]; ids [`ID_CHARS`]) and
//! is checked for claims the evidence does not support ([`OVERCLAIMS`]); a syntax error names the line on which
//! it starts, counted from 1.

use std::collections::HashSet;
use std::fmt;

use super::model::*;

/// Shortest and longest time a step may ask for, per side.
pub const STEP_SECONDS: std::ops::RangeInclusive<u32> = 10..=300;
/// Rest between steps a routine may ask for (the same range as the runner's own setting).
pub const REST_SECONDS: std::ops::RangeInclusive<u32> = 0..=30;
/// Most steps a routine may have: more than a long session's worth, few enough that a session record can
/// name every one it skipped.
pub const MAX_STEPS: usize = 40;
/// Seconds per stroke for the pace cue: slower than 10 s is not a rhythm anyone follows.
pub const PACE_SECS: std::ops::RangeInclusive<u32> = 1..=10;

/// Longest name or title (headings, buttons, list rows), in characters.
pub const NAME_CHARS: usize = 60;
/// Longest one-line text: summaries, list items, tempo, feel, tender spot, muscles.
pub const LINE_CHARS: usize = 300;
/// Longest paragraph: details, evidence, what a technique is, how to do a step.
pub const PROSE_CHARS: usize = 800;
/// Longest id.
pub const ID_CHARS: usize = 40;
/// Wording that claims more than the evidence supports (PRODUCT.md, "What the evidence says"), lowercase.
pub const OVERCLAIMS: &[&str] =
    &["breaks up fascia", "break up fascia", "flush toxins", "flushes toxins", "lengthens the it band"];

/// The limit for a text field, from its name (the last part of its path, without an index).
fn limit_for(field: &str) -> usize {
    let name = field.rsplit('.').next().unwrap_or(field);
    let name = name.split('[').next().unwrap_or(name);
    match name {
        "name" | "title" | "tool_name" => NAME_CHARS,
        "detail" | "evidence" | "what" | "how_it_feels" | "why_for_runners" | "do" | "pressure" | "pace" => PROSE_CHARS,
        _ => LINE_CHARS,
    }
}

/// The line (from 1) on which byte `offset` of `text` lies.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// Path of the file, relative to the crate root (`content/areas.toml`).
    pub file: String,
    /// The field, as a path into the file (`step[2].seconds`), or `line N` for a syntax error.
    pub field: String,
    pub problem: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.field, self.problem)
    }
}

/// Every defect found in a content bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the content:", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

/// Field-level checks for one file.
pub(crate) struct Checker<'a> {
    pub file: &'a str,
    pub errors: &'a mut Vec<ContentError>,
}

impl Checker<'_> {
    pub fn fail(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.errors.push(ContentError { file: self.file.to_string(), field: field.into(), problem: problem.into() });
    }

    /// A text that must not be empty, must keep within its field's limit, and must not over-claim.
    pub fn text(&mut self, field: impl Into<String>, value: &str) {
        let field = field.into();
        let limit = limit_for(&field);
        let chars = value.chars().count();
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        } else if chars > limit {
            self.fail(field, format!("is {chars} characters long; the limit is {limit}"));
        } else if let Some(claim) = OVERCLAIMS.iter().find(|c| crate::text::lowercase(value).contains(*c)) {
            self.fail(field, format!("says \"{claim}\", which the evidence does not support (see PRODUCT.md)"));
        }
    }

    /// A list that must hold at least one item, each non-empty.
    pub fn list(&mut self, field: &str, values: &[String]) {
        if values.is_empty() {
            self.fail(field, "must list at least one item");
        }
        self.items(field, values);
    }

    /// A list that may be empty, but whose items must not be.
    pub fn items(&mut self, field: &str, values: &[String]) {
        for (i, v) in values.iter().enumerate() {
            self.text(format!("{field}[{i}]"), v);
        }
    }

    /// A new id: well-formed and not seen before among its kind.
    pub fn id(&mut self, field: &str, id: &str, seen: &mut HashSet<String>) {
        if id.is_empty() {
            self.fail(field, "must not be empty");
        } else if id.chars().count() > ID_CHARS {
            self.fail(field, format!("is {} characters long; the limit is {ID_CHARS}", id.chars().count()));
        } else if !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            self.fail(field, format!("\"{id}\" must be lowercase kebab-case (a-z, 0-9, -)"));
        } else if !seen.insert(id.to_string()) {
            self.fail(field, format!("duplicate id \"{id}\""));
        }
    }

    /// A reference to an id of another kind.
    pub fn reference(&mut self, field: &str, id: &str, known: &HashSet<String>, kind: &str) {
        if !known.contains(id) {
            self.fail(field, format!("unknown {kind} \"{id}\""));
        }
    }
}

pub(crate) fn check_area(c: &mut Checker, i: usize, a: &Area, seen: &mut HashSet<String>) {
    c.id(&format!("area[{i}].id"), &a.id, seen);
    c.text(format!("area[{i}].name"), &a.name);
    if a.side_word.is_empty() || !a.side_word.chars().all(|ch| ch.is_ascii_lowercase()) || a.side_word.len() > 12 {
        c.fail(format!("area[{i}].side_word"), format!("\"{}\" must be one lowercase word, such as \"leg\" or \"side\"", a.side_word));
    }
    c.text(format!("area[{i}].muscles"), &a.muscles);
    c.text(format!("area[{i}].summary"), &a.summary);
}

pub(crate) fn check_benefit(c: &mut Checker, i: usize, b: &Benefit, seen: &mut HashSet<String>) {
    c.id(&format!("benefit[{i}].id"), &b.id, seen);
    c.text(format!("benefit[{i}].title"), &b.title);
    c.text(format!("benefit[{i}].summary"), &b.summary);
    c.text(format!("benefit[{i}].detail"), &b.detail);
    c.text(format!("benefit[{i}].evidence"), &b.evidence);
}

pub(crate) fn check_technique(
    c: &mut Checker,
    i: usize,
    t: &Technique,
    seen: &mut HashSet<String>,
    areas: &HashSet<String>,
) {
    let p = format!("technique[{i}]");
    c.id(&format!("{p}.id"), &t.id, seen);
    c.text(format!("{p}.name"), &t.name);
    c.text(format!("{p}.summary"), &t.summary);
    c.text(format!("{p}.what"), &t.what);
    c.text(format!("{p}.how_it_feels"), &t.how_it_feels);
    c.text(format!("{p}.why_for_runners"), &t.why_for_runners);
    c.list(&format!("{p}.areas"), &t.areas);
    for (j, a) in t.areas.iter().enumerate() {
        c.reference(&format!("{p}.areas[{j}]"), a, areas, "area");
    }
    c.list(&format!("{p}.cautions"), &t.cautions);
}

pub(crate) fn check_method(c: &mut Checker, i: usize, m: &Method, seen: &mut HashSet<String>) {
    let p = format!("method[{i}]");
    c.id(&format!("{p}.id"), &m.id, seen);
    c.text(format!("{p}.name"), &m.name);
    c.text(format!("{p}.tool_name"), &m.tool_name);
    c.text(format!("{p}.summary"), &m.summary);
    c.list(&format!("{p}.how_to"), &m.how_to);
    c.text(format!("{p}.pressure"), &m.pressure);
    c.text(format!("{p}.pace"), &m.pace);
    c.list(&format!("{p}.cautions"), &m.cautions);
}

pub(crate) fn check_safety(
    c: &mut Checker,
    i: usize,
    s: &SafetySection,
    seen: &mut HashSet<String>,
    areas: &HashSet<String>,
) {
    let p = format!("section[{i}]");
    c.id(&format!("{p}.id"), &s.id, seen);
    c.text(format!("{p}.title"), &s.title);
    c.list(&format!("{p}.items"), &s.items);
    for (j, a) in s.areas.iter().enumerate() {
        c.reference(&format!("{p}.areas[{j}]"), a, areas, "area");
    }
}

pub(crate) struct Known<'a> {
    pub areas: &'a HashSet<String>,
    pub techniques: &'a HashSet<String>,
    pub tools: &'a HashSet<String>,
    /// Ids of the drawings under `content/positions/`.
    pub positions: &'a HashSet<String>,
}

/// Where the drawings of the positions live, and how their files end.
pub const POSITIONS_DIR: &str = "content/positions/";

/// A drawing of a position: an id from its file name, one `<svg>` element with a `<title>`, strokes in
/// `currentColor` (no colour of its own, so it follows the theme), and nothing that runs or loads (it is
/// put into the page as it is).
pub(crate) fn check_position(c: &mut Checker, text: &str, seen: &mut HashSet<String>) -> Option<Position> {
    let id = c.file.trim_start_matches(POSITIONS_DIR).trim_end_matches(".svg").to_string();
    let before = c.errors.len();
    c.id("file", &id, seen);
    let body = text.trim();
    if !body.starts_with("<svg") || !body.ends_with("</svg>") || body.matches("<svg").count() != 1 {
        c.fail("svg", "must be one <svg> element");
    } else if !body.contains("viewBox=") {
        c.fail("svg", "needs a viewBox, so it scales to any size");
    }
    let lower = body.to_lowercase();
    // An event handler attribute: ` on` then letters then `=` (prose in the title, "on the roller", is fine).
    let handler = lower.match_indices(" on").any(|(at, _)| {
        let rest = &lower[at + 3..];
        let name = rest.chars().take_while(|ch| ch.is_ascii_alphabetic()).count();
        name > 0 && rest[name..].trim_start().starts_with('=')
    });
    if let Some(bad) = ["<script", "javascript:", "href", "<foreignobject", "<style"].iter().find(|b| lower.contains(*b)) {
        c.fail("svg", format!("must not contain \"{bad}\" (a drawing is shown as it is, so nothing in it may run or load)"));
    } else if handler {
        c.fail("svg", "must not have an event handler (on…=): a drawing is shown as it is, so nothing in it may run");
    }
    if !lower.contains("currentcolor") {
        c.fail("svg", "must draw in currentColor, so it follows light and dark mode");
    } else if lower.contains('#') || lower.contains("rgb(") {
        c.fail("svg", "must not set a colour of its own (draw in currentColor, so it follows light and dark mode)");
    }
    let title = body.split_once("<title>").and_then(|(_, rest)| rest.split_once("</title>")).map(|(t, _)| t.trim().to_string());
    match &title {
        None => c.fail("<title>", "needs a <title> saying what the drawing shows"),
        Some(t) => c.text("<title>", t),
    }
    (c.errors.len() == before).then(|| Position { id, title: title.unwrap_or_default(), svg: body.to_string() })
}

/// A bundled routine: its id is its file name.
pub(crate) fn check_routine(c: &mut Checker, r: &Routine, seen: &mut HashSet<String>, known: &Known) {
    c.id("id", &r.id, seen);
    let stem = c.file.rsplit('/').next().unwrap_or(c.file).trim_end_matches(".toml");
    if !r.id.is_empty() && r.id != stem {
        c.fail("id", format!("\"{}\" must match the file name \"{stem}\"", r.id));
    }
    for (i, s) in r.steps.iter().enumerate() {
        if s.position.is_none() {
            c.fail(format!("step[{i}].position"), format!("every bundled step needs a drawing: position = \"<id>\" naming {POSITIONS_DIR}<id>.svg"));
        }
    }
    check_routine_body(c, r, known);
}

/// Everything about a routine but where its id comes from: the rules bundled routines and the runner's own
/// share (issue #14).
pub(crate) fn check_routine_body(c: &mut Checker, r: &Routine, known: &Known) {
    c.text("name", &r.name);
    c.text("summary", &r.summary);
    c.reference("tool", &r.tool, known.tools, "tool");
    c.list("areas", &r.areas);
    for (j, a) in r.areas.iter().enumerate() {
        c.reference(&format!("areas[{j}]"), a, known.areas, "area");
    }
    c.list("needs", &r.needs);
    c.items("cautions", &r.cautions);
    if r.steps.is_empty() {
        c.fail("step", "a routine needs at least one [[step]]");
    } else if r.steps.len() > MAX_STEPS {
        c.fail("step", format!("a routine may have at most {MAX_STEPS} steps (this one has {})", r.steps.len()));
    }
    if let Some(rest) = r.rest_secs.filter(|s| !REST_SECONDS.contains(s)) {
        c.fail("rest_secs", format!("{rest} is outside {}–{}", REST_SECONDS.start(), REST_SECONDS.end()));
    }
    for (i, s) in r.steps.iter().enumerate() {
        let p = format!("step[{i}]");
        c.text(format!("{p}.title"), &s.title);
        c.reference(&format!("{p}.area"), &s.area, known.areas, "area");
        if !STEP_SECONDS.contains(&s.seconds) {
            c.fail(
                format!("{p}.seconds"),
                format!("{} is outside {}–{}", s.seconds, STEP_SECONDS.start(), STEP_SECONDS.end()),
            );
        }
        if let Some(t) = &s.technique {
            c.reference(&format!("{p}.technique"), t, known.techniques, "technique");
        }
        if let Some(t) = &s.tool {
            c.reference(&format!("{p}.tool"), t, known.tools, "tool");
        }
        if let Some(pos) = s.position.as_deref().filter(|pos| !known.positions.contains(*pos)) {
            c.fail(format!("{p}.position"), format!("unknown position \"{pos}\": there is no {POSITIONS_DIR}{pos}.svg"));
        }
        c.text(format!("{p}.do"), &s.instruction);
        c.text(format!("{p}.feel"), &s.feel);
        c.text(format!("{p}.tempo"), &s.tempo);
        if let Some(pace) = s.pace_secs {
            if !PACE_SECS.contains(&pace) {
                c.fail(format!("{p}.pace_secs"), format!("{pace} is outside {}–{}", PACE_SECS.start(), PACE_SECS.end()));
            }
        }
        c.text(format!("{p}.tender_spot"), &s.tender_spot);
    }
}
