//! The content as written: the TOML files under `content/`, parsed and validated into [`Content`]. Used by
//! `build.rs`, which compiles the bundled files into the app (so the app holds no TOML parser), and by the
//! tests (feature `content-source`), which check that every defect is refused with an error that names its file
//! and field.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::bundle::Content;
use super::model::*;
use super::validate::{self, line_of, Checker, ContentError, ContentErrors, Known};

/// One content file: its path relative to the crate root, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

const AREAS: &str = "content/areas.toml";
const BENEFITS: &str = "content/benefits.toml";
const TECHNIQUES: &str = "content/techniques.toml";
const METHODS: &str = "content/methods.toml";
const SAFETY: &str = "content/safety.toml";
const ROUTINES_DIR: &str = "content/routines/";

/// Parses and validates a set of content files, reporting every defect.
pub fn content_from_sources(sources: &[Source]) -> Result<Content, ContentErrors> {
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
        src.and_then(|s| parse::<F>(s.path, s.text, errors)).map(items).unwrap_or_default()
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
    for src in sources.iter().filter(|s| s.path.starts_with(validate::POSITIONS_DIR) && s.path.ends_with(".svg")) {
        let mut c = Checker { file: src.path, errors: &mut errors };
        if let Some(p) = validate::check_position(&mut c, src.text, &mut position_ids) {
            positions.push(p);
        }
    }

    let known = Known { areas: &area_ids, techniques: &technique_ids, tools: &tool_ids, positions: &position_ids };
    let mut routine_ids = HashSet::new();
    let mut routines = Vec::new();
    for src in sources.iter().filter(|s| s.path.starts_with(ROUTINES_DIR)) {
        if let Some(r) = parse::<Routine>(src.path, src.text, &mut errors) {
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
    Ok(Content { areas, benefits, techniques, methods, safety, routines, positions })
}

/// Parses one file; a syntax or shape error is reported with its line and the message naming the field.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, errors: &mut Vec<ContentError>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            errors.push(ContentError {
                file: file.to_string(),
                field: line.map_or_else(|| "file".to_string(), |l| format!("line {l}")),
                problem: e.message().trim().to_string(),
            });
            None
        }
    }
}

// File-level wrappers: each file is a table holding one array of tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreasFile {
    area: Vec<Area>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BenefitsFile {
    benefit: Vec<Benefit>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TechniquesFile {
    technique: Vec<Technique>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodsFile {
    method: Vec<Method>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SafetyFile {
    section: Vec<SafetySection>,
}
