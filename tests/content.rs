//! The bundled content validates, and each kind of defect is rejected with an error naming file and field.

use unknot::content::{bundled_sources, suggest, ContentError, Library, RoutineFilter, Source, Timing};

/// The bundle with one file's text replaced by `edit(text)`.
fn with_edit(path: &str, edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let sources = bundled_sources();
    assert!(sources.iter().any(|s| s.path == path), "no bundled file {path}");
    sources
        .iter()
        .map(|s| (s.path.to_string(), if s.path == path { edit(s.text) } else { s.text.to_string() }))
        .collect()
}

fn errors_of(files: &[(String, String)]) -> Vec<ContentError> {
    let sources: Vec<Source> = files.iter().map(|(p, t)| Source { path: p, text: t }).collect();
    match Library::from_sources(&sources) {
        Ok(_) => panic!("the defective bundle was accepted"),
        Err(e) => e.0,
    }
}

fn assert_error(errors: &[ContentError], file: &str, field: &str, problem: &str) {
    assert!(
        errors.iter().any(|e| e.file == file && e.field.contains(field) && e.problem.contains(problem)),
        "expected an error in {file} at {field} mentioning {problem:?}, got:\n{}",
        errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n")
    );
}

const CALVES: &str = "content/routines/calves-roller.toml";

#[test]
fn every_bundled_file_validates() {
    let lib = Library::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lib.benefits.len(), 5);
    assert_eq!(lib.techniques.len(), 5);
    assert_eq!(lib.methods.len(), 3);
    assert_eq!(lib.areas.len(), 10);
    assert!(lib.routines.len() >= 10, "only {} routines", lib.routines.len());
    assert!(lib.safety.len() >= 4);
    for id in ["effleurage", "petrissage", "deep-tissue", "trigger-point", "sports-massage"] {
        assert!(lib.techniques.get(id).is_some(), "technique {id} missing");
    }
    for tool in ["foam-roller", "tennis-ball", "hands"] {
        let f = RoutineFilter { tool: Some(tool.into()), ..Default::default() };
        assert!(!lib.routines_matching(&f).is_empty(), "no routine for {tool}");
    }
    for timing in [Timing::PreRun, Timing::PostRun] {
        assert!(lib.routines.all().iter().any(|r| r.timing == timing), "no {timing:?} routine");
    }
}

/// The app's library (compiled by build.rs) is exactly what the TOML says: every field of every item came
/// through the compact form. A field the serde derives skipped, or a stale build, fails here.
#[test]
fn the_compiled_library_is_the_toml() {
    let compiled = Library::bundled().unwrap();
    let parsed = Library::from_sources(&bundled_sources()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(compiled.areas.all(), parsed.areas.all());
    assert_eq!(compiled.benefits.all(), parsed.benefits.all());
    assert_eq!(compiled.techniques.all(), parsed.techniques.all());
    assert_eq!(compiled.methods.all(), parsed.methods.all());
    assert_eq!(compiled.safety.all(), parsed.safety.all());
    assert_eq!(compiled.routines.all(), parsed.routines.all());
    for r in parsed.routines.all() {
        assert_eq!(compiled.routines.get(&r.id), Some(r), "{} by id", r.id);
    }
}

#[test]
fn every_routine_file_is_in_the_bundle() {
    let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content/routines")).unwrap().count();
    let lib = Library::bundled().unwrap();
    assert_eq!(lib.routines.len(), on_disk);
}

#[test]
fn duplicate_id_is_rejected() {
    let files = with_edit("content/areas.toml", |t| t.replacen("id = \"shins\"", "id = \"calves\"", 1));
    let errors = errors_of(&files);
    assert_error(&errors, "content/areas.toml", "area[1].id", "duplicate id \"calves\"");
}

#[test]
fn unknown_area_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("area = \"calves\"", "area = \"elbows\"", 1));
    assert_error(&errors_of(&files), CALVES, "step[0].area", "unknown area \"elbows\"");
}

#[test]
fn unknown_technique_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("sides = \"each\"", "sides = \"each\"\ntechnique = \"reiki\"", 1));
    assert_error(&errors_of(&files), CALVES, "step[0].technique", "unknown technique \"reiki\"");
}

#[test]
fn unknown_tool_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("tool = \"foam-roller\"", "tool = \"massage-gun\"", 1));
    assert_error(&errors_of(&files), CALVES, "tool", "unknown tool \"massage-gun\"");
}

#[test]
fn unknown_area_in_a_technique_is_rejected() {
    let files = with_edit("content/techniques.toml", |t| t.replacen("areas = [\"calves\"", "areas = [\"wrists\"", 1));
    assert_error(&errors_of(&files), "content/techniques.toml", "technique[0].areas[0]", "unknown area \"wrists\"");
}

#[test]
fn missing_field_is_rejected() {
    let files = with_edit(CALVES, |t| {
        t.lines().filter(|l| !l.starts_with("summary =")).collect::<Vec<_>>().join("\n")
    });
    assert_error(&errors_of(&files), CALVES, "line", "missing field `summary`");
}

#[test]
fn missing_step_field_is_rejected() {
    let files = with_edit(CALVES, |t| {
        let mut seen = false;
        t.lines()
            .filter(|l| {
                let drop = l.starts_with("tempo =") && !seen;
                seen |= drop;
                !drop
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert_error(&errors_of(&files), CALVES, "line", "missing field `tempo`");
}

#[test]
fn misspelt_field_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("tempo =", "tmepo =", 1));
    assert_error(&errors_of(&files), CALVES, "line", "tmepo");
}

#[test]
fn empty_field_is_rejected() {
    let files = with_edit("content/benefits.toml", |t| {
        let start = t.find("evidence = \"").unwrap();
        let end = start + t[start..].find('\n').unwrap();
        format!("{}evidence = \"  \"{}", &t[..start], &t[end..])
    });
    assert_error(&errors_of(&files), "content/benefits.toml", "benefit[0].evidence", "must not be empty");
}

#[test]
fn empty_list_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("areas = [\"calves\"]", "areas = []", 1));
    assert_error(&errors_of(&files), CALVES, "areas", "at least one");
}

#[test]
fn step_duration_outside_10_to_300_is_rejected() {
    for bad in [9, 301, 0] {
        let files = with_edit(CALVES, |t| t.replacen("seconds = 60", &format!("seconds = {bad}"), 1));
        assert_error(&errors_of(&files), CALVES, "step[0].seconds", &format!("{bad} is outside 10–300"));
    }
    for ok in [10, 300] {
        let files = with_edit(CALVES, |t| t.replacen("seconds = 60", &format!("seconds = {ok}"), 1));
        let sources: Vec<Source> = files.iter().map(|(p, t)| Source { path: p, text: t }).collect();
        assert!(Library::from_sources(&sources).is_ok(), "{ok} s should be accepted");
    }
}

#[test]
fn routine_without_steps_is_rejected() {
    let files = with_edit(CALVES, |t| t[..t.find("[[step]]").unwrap()].to_string());
    assert_error(&errors_of(&files), CALVES, "step", "at least one [[step]]");
}

#[test]
fn routine_id_must_match_file_name() {
    let files = with_edit(CALVES, |t| t.replacen("id = \"calves-roller\"", "id = \"calf-roller\"", 1));
    assert_error(&errors_of(&files), CALVES, "id", "must match the file name");
}

#[test]
fn syntax_error_names_file_and_line() {
    let files = with_edit("content/methods.toml", |t| format!("{t}\n[[method]\nid = \"x\""));
    let errors = errors_of(&files);
    assert!(errors.iter().any(|e| e.file == "content/methods.toml" && e.field.starts_with("line ")), "{errors:?}");
}

#[test]
fn missing_file_is_reported() {
    let files: Vec<(String, String)> = with_edit(CALVES, |t| t.to_string())
        .into_iter()
        .filter(|(p, _)| p != "content/safety.toml")
        .collect();
    assert_error(&errors_of(&files), "content/safety.toml", "file", "is missing");
}

#[test]
fn error_message_reads_file_field_problem() {
    let files = with_edit(CALVES, |t| t.replacen("seconds = 60", "seconds = 400", 1));
    let e = errors_of(&files).into_iter().find(|e| e.field == "step[0].seconds").unwrap();
    assert_eq!(e.to_string(), "content/routines/calves-roller.toml: step[0].seconds: 400 is outside 10–300");
}

#[test]
fn filters_by_tool_timing_and_area() {
    let lib = Library::bundled().unwrap();
    let balls = lib.routines_matching(&RoutineFilter { tool: Some("tennis-ball".into()), ..Default::default() });
    assert!(!balls.is_empty() && balls.iter().all(|r| r.tool == "tennis-ball"));
    let pre = lib.routines_matching(&RoutineFilter { timing: Some(Timing::PreRun), ..Default::default() });
    assert!(pre.iter().all(|r| r.timing != Timing::PostRun));
    assert!(pre.iter().any(|r| r.timing == Timing::PreRun));
    let calves = lib.routines_matching(&RoutineFilter { area: Some("calves".into()), ..Default::default() });
    assert!(calves.iter().all(|r| r.seconds_on("calves") > 0 || r.areas.contains(&"calves".to_string())));
    // Ordered by fit: the routines whose main area is calves come first.
    assert_eq!(calves[0].areas[0], "calves");
    let none = lib.routines_matching(&RoutineFilter {
        tool: Some("hands".into()),
        timing: Some(Timing::PreRun),
        area: Some("upper-back".into()),
        ..Default::default()
    });
    assert!(none.is_empty());
}

#[test]
fn calf_routines_carry_the_calf_safety_note() {
    let lib = Library::bundled().unwrap();
    let r = lib.routines.get("calves-roller").unwrap();
    assert!(lib.safety_for(r).iter().any(|s| s.id == "calf-clot-warning"));
    let back = lib.routines.get("upper-back-roller").unwrap();
    assert!(lib.safety_for(back).is_empty());
}

#[test]
fn suggestion_follows_time_of_day_and_soreness() {
    let lib = Library::bundled().unwrap();
    let evening = suggest(&lib, 19, &[]).unwrap();
    assert_eq!(evening.routine.timing, Timing::PostRun);
    let morning = suggest(&lib, 7, &[]).unwrap();
    assert_eq!(morning.routine.timing, Timing::PreRun);
    let sore = suggest(&lib, 19, &[("quads".into(), 7), ("calves".into(), 2)]).unwrap();
    assert_eq!(sore.routine.areas[0], "quads");
    assert!(sore.reason.contains("7/10"));
    // Mild soreness does not override the time of day.
    let mild = suggest(&lib, 19, &[("quads".into(), 2)]).unwrap();
    assert_eq!(mild.routine.timing, Timing::PostRun);
}

#[test]
fn evidence_wording_stays_modest() {
    for s in bundled_sources() {
        let lower = s.text.to_lowercase();
        for banned in ["breaks up fascia", "break up fascia", "flush toxins", "flushes toxins", "lengthens the it band"] {
            assert!(!lower.contains(banned), "{} says {banned:?}", s.path);
        }
    }
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_starting(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line starts with {prefix}")) + 1
}

#[test]
fn a_syntax_error_at_the_start_of_a_line_names_that_line() {
    let edited = with_edit(CALVES, |t| t.replacen("tempo =", "tmepo =", 1));
    let text = &edited.iter().find(|(p, _)| p == CALVES).unwrap().1;
    let expected = format!("line {}", line_starting(text, "tmepo ="));
    let errors = errors_of(&edited);
    assert!(errors.iter().any(|e| e.file == CALVES && e.field == expected && e.problem.contains("tmepo")), "want {expected}: {errors:?}");
    // And on the very first line.
    let edited = with_edit(CALVES, |t| format!("oops\n{t}"));
    let errors = errors_of(&edited);
    assert!(errors.iter().any(|e| e.file == CALVES && e.field == "line 1"), "{errors:?}");
}

#[test]
fn every_text_field_has_a_length_limit_named_in_the_error() {
    use unknot::content::{LINE_CHARS, NAME_CHARS, PROSE_CHARS};
    let long = "a".repeat(100_000);
    // The issue's case: a 100,000-character summary.
    let files = with_edit(CALVES, |t| {
        let start = t.find("summary = \"").unwrap();
        let end = start + t[start..].find('\n').unwrap();
        format!("{}summary = \"{long}\"{}", &t[..start], &t[end..])
    });
    assert_error(&errors_of(&files), CALVES, "summary", &format!("100000 characters long; the limit is {LINE_CHARS}"));
    let cases = [
        ("name", "name", NAME_CHARS),
        ("title", "step[0].title", NAME_CHARS),
        ("do", "step[0].do", PROSE_CHARS),
        ("feel", "step[0].feel", LINE_CHARS),
        ("tempo", "step[0].tempo", LINE_CHARS),
        ("tender_spot", "step[0].tender_spot", LINE_CHARS),
    ];
    for (key, field, limit) in cases {
        let over = "b".repeat(limit + 1);
        let files = with_edit(CALVES, |t| {
            let start = t.find(&format!("\n{key} = \"")).unwrap() + 1;
            let end = start + t[start..].find('\n').unwrap();
            format!("{}{key} = \"{over}\"{}", &t[..start], &t[end..])
        });
        let errors = errors_of(&files);
        assert!(
            errors.iter().any(|e| e.file == CALVES && e.field == field && e.problem.contains(&format!("the limit is {limit}"))),
            "{field}: {errors:?}"
        );
        // Exactly at the limit is fine.
        let at = "c".repeat(limit);
        let files = with_edit(CALVES, |t| {
            let start = t.find(&format!("\n{key} = \"")).unwrap() + 1;
            let end = start + t[start..].find('\n').unwrap();
            format!("{}{key} = \"{at}\"{}", &t[..start], &t[end..])
        });
        let sources: Vec<Source> = files.iter().map(|(p, t)| Source { path: p, text: t }).collect();
        assert!(Library::from_sources(&sources).is_ok(), "{field} at {limit} characters should pass");
    }
    let files = with_edit("content/benefits.toml", |t| {
        let start = t.find("evidence = \"").unwrap();
        let end = start + t[start..].find('\n').unwrap();
        format!("{}evidence = \"{}\"{}", &t[..start], "d".repeat(PROSE_CHARS + 1), &t[end..])
    });
    assert_error(&errors_of(&files), "content/benefits.toml", "benefit[0].evidence", "the limit is");
}

#[test]
fn an_over_claim_names_the_file_and_the_field() {
    let files = with_edit(CALVES, |t| {
        let start = t.find("\nfeel = \"").unwrap() + 1;
        let end = start + t[start..].find('\n').unwrap();
        format!("{}feel = \"Rolling Breaks Up Fascia here.\"{}", &t[..start], &t[end..])
    });
    assert_error(&errors_of(&files), CALVES, "step[0].feel", "breaks up fascia");
    let files = with_edit("content/techniques.toml", |t| t.replacen("cautions = [\n  \"", "cautions = [\n  \"It flushes toxins. ", 1));
    assert_error(&errors_of(&files), "content/techniques.toml", "technique[0].cautions[0]", "flushes toxins");
}

// ---- Issue #17: a drawing of each position ----

const DRAWING: &str = "content/positions/roller-calves.svg";

#[test]
fn every_bundled_step_names_a_drawing_that_exists_and_every_drawing_is_used() {
    let lib = Library::bundled().unwrap();
    let mut used = std::collections::BTreeSet::new();
    for r in lib.routines.all() {
        for (i, s) in r.steps.iter().enumerate() {
            let id = s.position.as_deref().unwrap_or_else(|| panic!("{}: step[{i}] names no position", r.id));
            assert!(lib.positions.get(id).is_some(), "{}: step[{i}].position {id} has no drawing", r.id);
            used.insert(id);
        }
    }
    let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content/positions")).unwrap().count();
    assert_eq!(lib.positions.len(), on_disk, "every file under content/positions/ is embedded");
    assert_eq!(used.len(), lib.positions.len(), "a drawing no step names: {:?}", lib.positions.all().iter().map(|p| &p.id).filter(|id| !used.contains(id.as_str())).collect::<Vec<_>>());
    assert!((15..=25).contains(&lib.positions.len()), "{} drawings", lib.positions.len());
    // One style: a ground line, the same stroke width and round caps, currentColor, a title.
    for p in lib.positions.all() {
        for must in [r#"viewBox="0 0 160 100""#, r#"stroke="currentColor""#, r#"stroke-width="3""#, r#"stroke-linecap="round""#, r#"<path d="M6 92H154"/>"#] {
            assert!(p.svg.contains(must), "{}: lacks {must}", p.id);
        }
        assert!(!p.title.is_empty() && p.title.len() <= 100, "{}", p.id);
    }
}

#[test]
fn a_step_with_an_unknown_position_names_the_file_and_the_field() {
    let files = with_edit(CALVES, |t| t.replacen("position = \"roller-calves\"", "position = \"roller-elbows\"", 2));
    let errors = errors_of(&files);
    assert_error(&errors, CALVES, "step[0].position", "unknown position \"roller-elbows\"");
    assert_error(&errors, CALVES, "step[1].position", "content/positions/roller-elbows.svg");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        "content/routines/calves-roller.toml: step[0].position: unknown position \"roller-elbows\": there is no content/positions/roller-elbows.svg"
    );
}

#[test]
fn a_bundled_step_without_a_position_is_rejected() {
    let files = with_edit(CALVES, |t| t.replacen("position = \"roller-calves\"\n", "", 1));
    assert_error(&errors_of(&files), CALVES, "step[0].position", "needs a drawing");
}

#[test]
fn a_missing_drawing_fails_every_step_that_names_it() {
    let files: Vec<(String, String)> = with_edit(DRAWING, |t| t.to_string()).into_iter().filter(|(p, _)| p != DRAWING).collect();
    let errors = errors_of(&files);
    assert_error(&errors, CALVES, "step[2].position", "no content/positions/roller-calves.svg");
    assert_error(&errors, "content/routines/pre-run-activation.toml", "step[0].position", "roller-calves");
}

#[test]
fn a_defective_drawing_names_its_file_and_what_is_wrong() {
    for (edit, field, problem) in [
        (("stroke=\"currentColor\"", "stroke=\"#000000\""), "svg", "currentColor"),
        (("<title>", "<desc>"), "title", "needs a <title>"),
        (("<path d=\"M6 92H154\"/>", "<path d=\"M6 92H154\" onclick=\"alert(1)\"/>"), "svg", "event handler"),
        (("<path d=\"M6 92H154\"/>", "<script>alert(1)</script>"), "svg", "<script"),
        (("viewBox=\"0 0 160 100\"", "width=\"160\""), "svg", "viewBox"),
    ] {
        let files = with_edit(DRAWING, |t| t.replacen(edit.0, edit.1, 1));
        assert_error(&errors_of(&files), DRAWING, field, problem);
    }
    let files = with_edit(DRAWING, |_| "not a drawing".into());
    assert_error(&errors_of(&files), DRAWING, "svg", "one <svg> element");
    // A file name that is not an id.
    let mut files = with_edit(DRAWING, |t| t.to_string());
    let text = files.iter().find(|(p, _)| p == DRAWING).unwrap().1.clone();
    files.push(("content/positions/Roller Calves.svg".into(), text));
    assert_error(&errors_of(&files), "content/positions/Roller Calves.svg", "file", "kebab-case");
}

#[test]
fn a_routine_of_your_own_keeps_its_positions_and_loads_without_them() {
    let lib = Library::bundled().unwrap();
    let draft = unknot::content::RoutineDraft::copy_of(lib.routines.get("post-run-lower-body").unwrap(), "my-copy".into());
    let mut routine = draft.to_routine(&lib);
    let positions: Vec<_> = routine.steps.iter().map(|s| s.position.clone()).collect();
    assert_eq!(positions, lib.routines.get("post-run-lower-body").unwrap().steps.iter().map(|s| s.position.clone()).collect::<Vec<_>>());
    assert!(positions.iter().all(Option::is_some));
    // Saved as JSON with the field, and read back.
    let json = serde_json::to_string(&routine).unwrap();
    assert!(json.contains(r#""position":"roller-calves""#), "{json}");
    assert_eq!(serde_json::from_str::<unknot::content::Routine>(&json).unwrap(), routine);
    // A routine saved before drawings existed (no field) still loads and passes.
    let old = json.replace(r#""position":"roller-calves","#, "").replace(r#","position":"roller-calves""#, "");
    let old: unknot::content::Routine = serde_json::from_str(&old).unwrap();
    assert_eq!(old.steps[0].position, None);
    assert_eq!(lib.check_user_routine(&old), Ok(()));
    // A drawing that does not exist is named like a bundled one's.
    routine.steps[1].position = Some("roller-elbows".into());
    let errors = lib.check_user_routine(&routine).unwrap_err().0;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].to_string(), "your routine: step[1].position: unknown position \"roller-elbows\": there is no content/positions/roller-elbows.svg");
}
