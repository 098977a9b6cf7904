//! Routines of the runner's own in the journal (schema v4, export format 3): saved durably and read back
//! after a reopen, edited, deleted and restored with their star, kept with the sessions that ran them, carried
//! through export and import (twice adds nothing; older files still import), and a hostile routine in a file
//! refused with its field named and nothing changed.

use chrono::{DateTime, FixedOffset};
use tempfile::TempDir;
use unknot::content::{bundled, user_routine_id, RoutineDraft};
use unknot::journal::{Durability, Journal, JournalError, SessionRecord, UserRoutine};

const AREAS: &[&str] = &["calves", "feet", "quads", "hamstrings", "glutes", "adductors", "hip-flexors", "outer-thigh", "shins", "upper-back"];

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn mine(id: &str, name: &str, at: &str) -> UserRoutine {
    let lib = bundled();
    let mut draft = RoutineDraft::blank(user_routine_id(id));
    draft.name = name.into();
    let templates = lib.step_templates();
    draft.add(templates.iter().find(|t| t.routine.id == "calves-ball").unwrap());
    draft.add(templates.iter().find(|t| t.routine.id == "feet-ball").unwrap());
    draft.set_seconds(1, 40);
    UserRoutine { routine: draft.to_routine(lib), updated_at: t(at) }
}

fn session(id: &str, routine_id: &str) -> SessionRecord {
    SessionRecord {
        id: id.into(),
        routine_id: routine_id.into(),
        started_at: t("2026-11-20T18:00:00+01:00"),
        ended_at: t("2026-11-20T18:06:00+01:00"),
        completed: 1.0,
        worked_secs: Some(300),
        held_secs: 0,
        skipped_steps: vec![],
    }
}

fn open(dir: &TempDir) -> Journal {
    Journal::open(&dir.path().join("journal.sqlite3"), Durability::NATIVE).unwrap().0
}

#[test]
fn a_saved_routine_survives_a_reopen_an_edit_and_a_delete_with_undo() {
    let dir = TempDir::new().unwrap();
    let mut j = open(&dir);
    let r = mine("one", "Calves then feet 🏃", "2026-11-20T08:00:00+01:00");
    j.save_routine(&r).unwrap();
    j.set_favourite(&r.routine.id, true, t("2026-11-20T08:01:00+01:00")).unwrap();
    j.set_favourite("calves-roller", true, t("2026-11-20T08:02:00+01:00")).unwrap();
    drop(j);

    let mut j = open(&dir);
    assert_eq!(j.routines().unwrap(), vec![r.clone()]);
    assert_eq!(j.favourites().unwrap().into_iter().collect::<Vec<_>>(), ["calves-roller", r.routine.id.as_str()]);

    // A session ran it; then the routine was renamed and later deleted: the session still reads as it ran.
    j.record_session_with_routine(&session("s1", &r.routine.id), &r.routine).unwrap();
    let mut edited = r.clone();
    edited.routine.name = "Renamed".into();
    edited.routine.steps.remove(0);
    edited.updated_at = t("2026-11-21T08:00:00+01:00");
    j.save_routine(&edited).unwrap();
    assert_eq!(j.routine(&r.routine.id).unwrap(), Some(edited.clone()));
    assert_eq!(j.session_routine("s1").unwrap(), Some(r.routine.clone()));

    let gone = j.delete_routine(&r.routine.id).unwrap().expect("it was there");
    assert!(gone.was_favourite);
    assert!(j.routines().unwrap().is_empty());
    assert!(!j.favourites().unwrap().contains(&r.routine.id));
    assert_eq!(j.session_routine("s1").unwrap(), Some(r.routine.clone()), "history keeps its snapshot");
    j.restore_routine(&gone, t("2026-11-21T09:00:00+01:00")).unwrap();
    drop(j);
    let j = open(&dir);
    assert_eq!(j.routines().unwrap(), vec![edited]);
    assert!(j.favourites().unwrap().contains(&r.routine.id), "Undo brings the star back too");
    assert_eq!(j.integrity_check().unwrap(), "ok");
}

#[test]
fn the_store_refuses_a_routine_that_breaks_the_rules_and_names_the_field() {
    let mut j = Journal::open_in_memory().unwrap();
    let mut r = mine("bad", "Bad", "2026-11-20T08:00:00+01:00");
    r.routine.steps[1].seconds = 5;
    let e = j.save_routine(&r).unwrap_err();
    assert!(matches!(&e, JournalError::InvalidRoutine(p) if p == &["step[1].seconds: 5 is outside 10–300"]), "{e}");
    r.routine.steps[1].seconds = 30;
    r.routine.id = "calves-roller".into();
    assert!(j.save_routine(&r).is_err(), "a bundled routine's id");
    assert!(j.routines().unwrap().is_empty());
}

#[test]
fn export_and_import_carry_routines_stars_and_snapshots_and_twice_adds_nothing() {
    let mut j = Journal::open_in_memory().unwrap();
    let r = mine("exp", "Exported", "2026-11-20T08:00:00+01:00");
    j.save_routine(&r).unwrap();
    j.set_favourite(&r.routine.id, true, t("2026-11-20T08:01:00+01:00")).unwrap();
    j.record_session_with_routine(&session("s1", &r.routine.id), &r.routine).unwrap();
    let json = j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["version"], 4, "routines since version 3; runs since 4");

    j.wipe().unwrap();
    assert!(j.routines().unwrap().is_empty() && j.favourites().unwrap().is_empty());
    assert_eq!(j.session_routine("s1").unwrap(), None);
    let report = j.import_file(&json, AREAS).unwrap();
    assert_eq!((report.routines_added, report.routines_updated), (1, 0));
    assert!(report.to_string().ends_with("; 1 routine added"), "{report}");
    let again = j.import_file(&json, AREAS).unwrap();
    assert_eq!((again.added, again.routines_added, again.routines_updated), (0, 0, 0));
    assert_eq!(j.routines().unwrap(), vec![r.clone()]);
    assert_eq!(j.favourites().unwrap().len(), 1);
    assert_eq!(j.session_routine("s1").unwrap(), Some(r.routine.clone()));
    assert_eq!(j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap(), json, "the round trip is exact");

    // A newer copy of the routine replaces the one here; an older one does not.
    let mut newer: serde_json::Value = file.clone();
    newer["routines"][0]["routine"]["name"] = "Exported, then renamed".into();
    newer["routines"][0]["updated_at"] = "2026-11-23T08:00:00+01:00".into();
    let report = j.import_file(&newer.to_string(), AREAS).unwrap();
    assert_eq!(report.routines_updated, 1);
    assert_eq!(j.routines().unwrap()[0].routine.name, "Exported, then renamed");
}

#[test]
fn a_hostile_routine_in_a_file_is_refused_with_its_field_and_nothing_changes() {
    let mut j = Journal::open_in_memory().unwrap();
    let r = mine("ok", "Fine", "2026-11-20T08:00:00+01:00");
    j.save_routine(&r).unwrap();
    let json = j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    let before = j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap();

    type Break = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Break)> = vec![
        ("routines[1].routine.step[0].seconds", Box::new(|f| {
            let mut extra = f["routines"][0].clone();
            extra["routine"]["id"] = "my-other".into();
            extra["routine"]["step"][0]["seconds"] = 100000.into();
            f["routines"].as_array_mut().unwrap().push(extra);
        })),
        ("routines[0].routine.step[1].area", Box::new(|f| f["routines"][0]["routine"]["step"][1]["area"] = "<script>".into())),
        ("routines[0].routine.name", Box::new(|f| f["routines"][0]["routine"]["name"] = "x".repeat(5000).into())),
        ("routines[0].routine.id", Box::new(|f| f["routines"][0]["routine"]["id"] = "calves-roller".into())),
        ("routines[0].routine.step", Box::new(|f| f["routines"][0]["routine"]["step"] = serde_json::json!([]))),
        ("routines[0].routine.summary", Box::new(|f| f["routines"][0]["routine"]["summary"] = "Flushes toxins from the calf.".into())),
        ("favourites[0]", Box::new(|f| f["favourites"] = serde_json::json!(["bad\u{202e}id"]))),
    ];
    j.wipe().unwrap();
    let empty = j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap();
    for (field, break_it) in cases {
        let mut bad = file.clone();
        break_it(&mut bad);
        let e = j.import_file(&bad.to_string(), AREAS).unwrap_err();
        assert!(e.to_string().contains(&format!("Import failed, nothing was changed: {field}")), "{field}: {e}");
        assert_eq!(j.export_json(t("2026-11-22T10:00:00+01:00")).unwrap(), empty, "{field}: something changed");
    }
    // An unknown field inside a routine is named by serde, with its line.
    let mut bad = file.clone();
    bad["routines"][0]["routine"]["run_shell"] = "rm -rf /".into();
    let e = j.import_file(&bad.to_string(), AREAS).unwrap_err();
    assert!(e.to_string().contains("unknown field `run_shell`"), "{e}");
    assert_ne!(before, empty);
}

#[test]
fn files_of_format_versions_one_and_two_still_import() {
    let mut j = Journal::open_in_memory().unwrap();
    for version in [1, 2] {
        let file = serde_json::json!({
            "format": "unknot-journal", "version": version, "exported_at": "2024-06-01T12:00:00Z",
            "sessions": [], "notes": [{ "id": format!("n{version}"), "created_at": "2024-05-01T08:00:00+02:00",
                "updated_at": "2024-05-01T08:00:00+02:00", "session_id": null, "feel": 4, "rpe": null, "text": "", "soreness": {} }]
        });
        let report = j.import_file(&file.to_string(), AREAS).unwrap();
        assert_eq!((report.added, report.routines_added), (1, 0), "version {version}");
    }
    assert_eq!(j.note_count().unwrap(), 2);
}
