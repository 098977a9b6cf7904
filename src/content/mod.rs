//! The bundled technique library: benefits, techniques, self-massage methods, body areas, safety notes and
//! guided routines, written as TOML under `content/` and compiled into the app by `build.rs`: it parses and
//! validates the files (failing the build with errors that name file and field) and writes the typed
//! [`Content`] in postcard's compact form, which [`Library::bundled`] decodes and indexes at start-up. The app
//! holds no TOML parser; the tests parse the TOML through [`Library::from_sources`] (feature
//! `content-source`).
//!
//! Invariant: a [`Library`] only exists if every file parsed and validated — every id is unique within its
//! kind and every reference (area, technique, tool) resolves — so lookups by an id taken from the library
//! never fail. Pure: no I/O, no clock, no UI.

mod bundle;
mod catalog;
mod draft;
mod model;
#[cfg(feature = "content-source")]
mod source;
mod suggest;
// Its checks run only where the TOML is parsed (build.rs, and the tests through `content-source`); the app
// uses its error types and limits.
#[cfg_attr(not(feature = "content-source"), allow(dead_code))]
mod validate;

use std::collections::{HashMap, HashSet};

pub use bundle::Content;
pub use model::*;
pub use catalog::{Catalog, Shelf, StepTemplate, USER_ROUTINE_FILE, USER_ROUTINE_PREFIX};
pub use draft::{user_routine_id, RoutineDraft, DEFAULT_REST_SECS, DEFAULT_SUMMARY};
pub use suggest::{rank, readings, suggest, suggest_from, MassageDone, Ranked, Recent, RunDone, SorenessReading, Suggestion, HALF_LIFE_HOURS, RECENT_DAYS, RUN_LOAD_HOURS};
pub use validate::{
    ContentError, ContentErrors, ID_CHARS, LINE_CHARS, MAX_STEPS, NAME_CHARS, OVERCLAIMS, PACE_SECS, PROSE_CHARS,
    POSITIONS_DIR, REST_SECONDS, STEP_SECONDS,
};
#[cfg(feature = "content-source")]
pub use source::Source;

use validate::{Checker, Known};

/// The bundled content, compiled by `build.rs`.
const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/content.postcard"));

/// The files under `content/` as written, embedded by `build.rs` for the tests (the app carries only the
/// compiled form).
#[cfg(feature = "content-source")]
pub fn bundled_sources() -> Vec<Source<'static>> {
    const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/content_bundle.rs"));
    FILES.iter().map(|&(path, text)| Source { path, text }).collect()
}

/// Items of one kind, in file order, with an index by id.
#[derive(Debug, Clone)]
pub struct Indexed<T> {
    items: Vec<T>,
    by_id: HashMap<String, usize>,
}

impl<T> Indexed<T> {
    fn new(items: Vec<T>, id: impl Fn(&T) -> &str) -> Self {
        let by_id = items.iter().enumerate().map(|(i, t)| (id(t).to_string(), i)).collect();
        Indexed { items, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.by_id.get(id).map(|&i| &self.items[i])
    }

    pub fn all(&self) -> &[T] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Which routines to list: every `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutineFilter {
    pub tool: Option<String>,
    pub timing: Option<Timing>,
    pub area: Option<String>,
    /// All routines, only the runner's own, or only the starred ones (see [`Catalog`]).
    pub shelf: Shelf,
}

#[derive(Debug, Clone)]
pub struct Library {
    pub areas: Indexed<Area>,
    pub benefits: Indexed<Benefit>,
    pub techniques: Indexed<Technique>,
    pub methods: Indexed<Method>,
    pub safety: Indexed<SafetySection>,
    pub routines: Indexed<Routine>,
    /// The drawings of the positions steps name (`content/positions/<id>.svg`), by file name.
    pub positions: Indexed<Position>,
}

/// The bundled library, decoded and indexed once per process. It was validated when the app was built
/// (build.rs), so this only panics in a build that was tampered with.
pub fn bundled() -> &'static Library {
    static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| Library::bundled().unwrap_or_else(|e| panic!("bundled content is invalid: {e}")))
}

impl Library {
    /// The library built into the app: decodes what `build.rs` compiled from `content/` and indexes it. It
    /// was validated when the app was built, so this fails only for a build that was tampered with.
    pub fn bundled() -> Result<Library, ContentErrors> {
        let content: Content = postcard::from_bytes(COMPILED).map_err(|e| {
            ContentErrors(vec![ContentError {
                file: "content (compiled by build.rs)".into(),
                field: "file".into(),
                problem: format!("cannot be decoded: {e}"),
            }])
        })?;
        Ok(Library::from_content(content))
    }

    /// Parses and validates a set of content files, reporting every defect.
    #[cfg(feature = "content-source")]
    pub fn from_sources(sources: &[Source]) -> Result<Library, ContentErrors> {
        source::content_from_sources(sources).map(Library::from_content)
    }

    /// Indexes content that has been validated.
    fn from_content(c: Content) -> Library {
        Library {
            areas: Indexed::new(c.areas, |a| &a.id),
            benefits: Indexed::new(c.benefits, |b| &b.id),
            techniques: Indexed::new(c.techniques, |t| &t.id),
            methods: Indexed::new(c.methods, |m| &m.id),
            safety: Indexed::new(c.safety, |s| &s.id),
            routines: Indexed::new(c.routines, |r| &r.id),
            positions: Indexed::new(c.positions, |p| &p.id),
        }
    }

    /// Routines that pass the filter. With an area, ordered by fit: routines whose main area it is first,
    /// then by how much of the work is on it; otherwise by name.
    /// (The bundled library has no shelves: [`RoutineFilter::shelf`] is for [`Catalog`].)
    pub fn routines_matching(&self, filter: &RoutineFilter) -> Vec<&Routine> {
        matching(self.routines.all().iter(), filter)
    }

    /// A routine of the runner's own checked by the rules of the bundled ones (durations, known areas,
    /// techniques and tools, at least one step, text limits), with errors in the same words, the file being
    /// [`USER_ROUTINE_FILE`] and the field a path into the routine (`step[1].seconds`). Its id must be
    /// well-formed and must not be a bundled routine's.
    pub fn check_user_routine(&self, r: &Routine) -> Result<(), ContentErrors> {
        let mut errors = Vec::new();
        let mut c = Checker { file: USER_ROUTINE_FILE, errors: &mut errors };
        c.id("id", &r.id, &mut HashSet::new());
        if self.routines.get(&r.id).is_some() {
            c.fail("id", format!("\"{}\" is the id of a bundled routine", r.id));
        }
        self.check_routine_rules(&mut c, r);
        if errors.is_empty() { Ok(()) } else { Err(ContentErrors(errors)) }
    }

    /// A routine as a past session ran it (bundled or the runner's own): the same rules, any well-formed id.
    pub fn check_routine_snapshot(&self, r: &Routine) -> Result<(), ContentErrors> {
        let mut errors = Vec::new();
        let mut c = Checker { file: USER_ROUTINE_FILE, errors: &mut errors };
        c.id("id", &r.id, &mut HashSet::new());
        self.check_routine_rules(&mut c, r);
        if errors.is_empty() { Ok(()) } else { Err(ContentErrors(errors)) }
    }

    fn check_routine_rules(&self, c: &mut Checker, r: &Routine) {
        let areas: HashSet<String> = self.areas.all().iter().map(|a| a.id.clone()).collect();
        let techniques: HashSet<String> = self.techniques.all().iter().map(|t| t.id.clone()).collect();
        let tools: HashSet<String> = self.methods.all().iter().map(|m| m.id.clone()).collect();
        let positions: HashSet<String> = self.positions.all().iter().map(|p| p.id.clone()).collect();
        validate::check_routine_body(c, r, &Known { areas: &areas, techniques: &techniques, tools: &tools, positions: &positions });
    }

    /// Every bundled step, as a template for the builder, in routine order (routines by name).
    pub fn step_templates(&self) -> Vec<StepTemplate<'_>> {
        self.routines
            .all()
            .iter()
            .flat_map(|r| r.steps.iter().enumerate().map(move |(index, step)| StepTemplate { routine: r, index, step }))
            .collect()
    }
}

/// Routines of `all` that pass the tool, timing and area parts of the filter; with an area, by fit.
pub(crate) fn matching<'a>(all: impl Iterator<Item = &'a Routine>, filter: &RoutineFilter) -> Vec<&'a Routine> {
    {
        let mut found: Vec<&Routine> = all
            .filter(|r| filter.tool.as_ref().is_none_or(|t| r.tools().contains(&t.as_str())))
            .filter(|r| match filter.timing {
                None => true,
                // A routine for any time suits both before and after a run.
                Some(t) => r.timing == t || r.timing == Timing::Any,
            })
            .filter(|r| filter.area.as_ref().is_none_or(|a| r.seconds_on(a) > 0 || r.areas.contains(a)))
            .collect();
        if let Some(area) = &filter.area {
            crate::sort::sort_by_key(&mut found, |r| {
                let rank = r.areas.iter().position(|a| a == area).unwrap_or(usize::MAX);
                let share = r.seconds_on(area) * 1000 / r.work_seconds().max(1);
                (rank, std::cmp::Reverse(share), r.name.clone())
            });
        }
        found
    }
}

impl Library {
    /// Safety sections to show on a routine's page: those tied to an area it touches.
    pub fn safety_for(&self, routine: &Routine) -> Vec<&SafetySection> {
        self.safety
            .all()
            .iter()
            .filter(|s| s.areas.iter().any(|a| routine.areas.contains(a) || routine.seconds_on(a) > 0))
            .collect()
    }

    /// What one side of an area is called ("leg", "foot", "side"), for the player's words.
    pub fn side_word(&self, area: &str) -> Option<&str> {
        self.areas.get(area).map(|a| a.side_word.as_str())
    }

    /// Safety sections written for one body area (shown when a runner picks it).
    pub fn safety_for_area(&self, area: &str) -> Vec<&SafetySection> {
        self.safety.all().iter().filter(|s| s.areas.iter().any(|a| a == area)).collect()
    }

    /// Techniques that name this area as a place they are used on a runner.
    pub fn techniques_for_area(&self, area: &str) -> Vec<&Technique> {
        self.techniques.all().iter().filter(|t| t.areas.iter().any(|a| a == area)).collect()
    }

    /// Display name of an area id (the id itself if unknown, e.g. from an imported note).
    pub fn area_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.areas.get(id).map_or(id, |a| a.name.as_str())
    }
}
