//! The bundled technique library: benefits, techniques, self-massage methods, body areas, safety notes and
//! guided routines, parsed from the TOML under `content/` (embedded at compile time) into typed, indexed
//! structures.
//!
//! Invariant: a [`Library`] only exists if every file parsed and validated — every id is unique within its
//! kind and every reference (area, technique, tool) resolves — so lookups by an id taken from the library
//! never fail. Pure: no I/O, no clock, no UI.

mod catalog;
mod draft;
mod model;
mod suggest;
mod validate;

use std::collections::{HashMap, HashSet};

pub use model::*;
pub use catalog::{Catalog, Shelf, StepTemplate, USER_ROUTINE_FILE, USER_ROUTINE_PREFIX};
pub use draft::{user_routine_id, RoutineDraft, DEFAULT_REST_SECS, DEFAULT_SUMMARY};
pub use suggest::{rank, readings, suggest, suggest_from, MassageDone, Ranked, Recent, RunDone, SorenessReading, Suggestion, HALF_LIFE_HOURS, RECENT_DAYS, RUN_LOAD_HOURS};
pub use validate::{
    ContentError, ContentErrors, ID_CHARS, LINE_CHARS, MAX_STEPS, NAME_CHARS, OVERCLAIMS, PACE_SECS, PROSE_CHARS,
    POSITIONS_DIR, REST_SECONDS, STEP_SECONDS,
};

use validate::{Checker, Known};

/// One content file: its path relative to the crate root, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

/// The files under `content/`, embedded by `build.rs`.
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

const AREAS: &str = "content/areas.toml";
const BENEFITS: &str = "content/benefits.toml";
const TECHNIQUES: &str = "content/techniques.toml";
const METHODS: &str = "content/methods.toml";
const SAFETY: &str = "content/safety.toml";
const ROUTINES_DIR: &str = "content/routines/";

/// The bundled library, parsed and indexed once per process. The bundle is validated by `tests/content.rs`,
/// so this only panics in a build whose tests were not run.
pub fn bundled() -> &'static Library {
    static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| Library::bundled().unwrap_or_else(|e| panic!("bundled content is invalid: {e}")))
}

impl Library {
    /// The library built into the app. The bundled files are validated by the test suite, so this only
    /// fails for a build whose tests were not run.
    pub fn bundled() -> Result<Library, ContentErrors> {
        Library::from_sources(&bundled_sources())
    }

    /// Parses and validates a set of content files, reporting every defect.
    pub fn from_sources(sources: &[Source]) -> Result<Library, ContentErrors> {
        let mut errors = Vec::new();
        let find = |path: &str, errors: &mut Vec<ContentError>| {
            let found = sources.iter().find(|s| s.path == path);
            if found.is_none() {
                errors.push(ContentError { file: path.into(), field: "file".into(), problem: "is missing".into() });
            }
            found.copied()
        };
        fn load<F, T>(src: Option<Source>, errors: &mut Vec<ContentError>, items: impl Fn(F) -> Vec<T>) -> Vec<T>
        where
            F: serde::de::DeserializeOwned,
        {
            src.and_then(|s| validate::parse::<F>(s.path, s.text, errors)).map(items).unwrap_or_default()
        }

        let areas_src = find(AREAS, &mut errors);
        let areas = load(areas_src, &mut errors, |f: AreasFile| f.area);
        let benefits_src = find(BENEFITS, &mut errors);
        let benefits = load(benefits_src, &mut errors, |f: BenefitsFile| f.benefit);
        let techniques_src = find(TECHNIQUES, &mut errors);
        let techniques = load(techniques_src, &mut errors, |f: TechniquesFile| f.technique);
        let methods_src = find(METHODS, &mut errors);
        let methods = load(methods_src, &mut errors, |f: MethodsFile| f.method);
        let safety_src = find(SAFETY, &mut errors);
        let safety = load(safety_src, &mut errors, |f: SafetyFile| f.section);

        let mut area_ids = HashSet::new();
        let mut c = Checker { file: AREAS, errors: &mut errors };
        for (i, a) in areas.iter().enumerate() {
            validate::check_area(&mut c, i, a, &mut area_ids);
        }
        let mut c = Checker { file: BENEFITS, errors: &mut errors };
        let mut seen = HashSet::new();
        for (i, b) in benefits.iter().enumerate() {
            validate::check_benefit(&mut c, i, b, &mut seen);
        }
        let mut technique_ids = HashSet::new();
        let mut c = Checker { file: TECHNIQUES, errors: &mut errors };
        for (i, t) in techniques.iter().enumerate() {
            validate::check_technique(&mut c, i, t, &mut technique_ids, &area_ids);
        }
        let mut tool_ids = HashSet::new();
        let mut c = Checker { file: METHODS, errors: &mut errors };
        for (i, m) in methods.iter().enumerate() {
            validate::check_method(&mut c, i, m, &mut tool_ids);
        }
        let mut c = Checker { file: SAFETY, errors: &mut errors };
        let mut seen = HashSet::new();
        for (i, s) in safety.iter().enumerate() {
            validate::check_safety(&mut c, i, s, &mut seen, &area_ids);
        }

        let mut position_ids = HashSet::new();
        let mut positions = Vec::new();
        for src in sources.iter().filter(|s| s.path.starts_with(POSITIONS_DIR) && s.path.ends_with(".svg")) {
            let mut c = Checker { file: src.path, errors: &mut errors };
            if let Some(p) = validate::check_position(&mut c, src.text, &mut position_ids) {
                positions.push(p);
            }
        }

        let known = Known { areas: &area_ids, techniques: &technique_ids, tools: &tool_ids, positions: &position_ids };
        let mut routine_ids = HashSet::new();
        let mut routines = Vec::new();
        for src in sources.iter().filter(|s| s.path.starts_with(ROUTINES_DIR)) {
            if let Some(r) = validate::parse::<Routine>(src.path, src.text, &mut errors) {
                validate::check_routine(&mut Checker { file: src.path, errors: &mut errors }, &r, &mut routine_ids, &known);
                routines.push(r);
            }
        }
        if routines.is_empty() && !errors.iter().any(|e| e.file.starts_with(ROUTINES_DIR)) {
            errors.push(ContentError {
                file: ROUTINES_DIR.trim_end_matches('/').into(),
                field: "file".into(),
                problem: "holds no routines".into(),
            });
        }

        if !errors.is_empty() {
            return Err(ContentErrors(errors));
        }
        routines.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Library {
            areas: Indexed::new(areas, |a| &a.id),
            benefits: Indexed::new(benefits, |b| &b.id),
            techniques: Indexed::new(techniques, |t| &t.id),
            methods: Indexed::new(methods, |m| &m.id),
            safety: Indexed::new(safety, |s| &s.id),
            routines: Indexed::new(routines, |r| &r.id),
            positions: Indexed::new(positions, |p| &p.id),
        })
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
            found.sort_by_key(|r| {
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
