//! Runs in the journal: read from a watch's GPX or FIT file, logged by hand, exported and imported like notes.
//! Hostile files are refused with an error that names what is wrong, and nothing changes.

use chrono::{DateTime, FixedOffset};
use unknot::journal::{read_run_file, run_from_file, Journal, Note, Run, RunKind};

const GPX: &[u8] = include_bytes!("fixtures/thursday-long-run.gpx");
/// The FIT SDK's example activity, as shipped with the fitparser crate's tests (MIT).
const FIT: &[u8] = include_bytes!("fixtures/sdk-activity.fit");

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn a_gpx_track_gives_its_start_distance_and_time() {
    let s = read_run_file(GPX, FixedOffset::east_opt(3600).unwrap()).unwrap();
    assert_eq!(s.format, "GPX");
    assert_eq!(s.started_at.to_rfc3339(), "2026-11-19T08:00:00+01:00", "shown in the runner's offset");
    assert_eq!(s.duration_secs, 6336);
    assert!((19_000..19_400).contains(&s.distance_m), "{} m", s.distance_m);
    let run = run_from_file("thursday-long-run.gpx", GPX, utc()).unwrap();
    assert_eq!(run.kind, RunKind::Long, "19 km is a long run");
    assert_eq!(run.id, "run-1795071600");
    assert_eq!(run.source.as_deref(), Some("thursday-long-run.gpx"));
}

#[test]
fn a_fit_activity_gives_its_session() {
    let s = read_run_file(FIT, utc()).unwrap();
    assert_eq!(s.format, "FIT");
    assert!(s.distance_m > 0 && s.duration_secs > 0, "{s:?}");
}

#[test]
fn hostile_run_files_are_refused_with_what_is_wrong() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "empty"),
        (b"\x00\x01\x02 not a run".to_vec(), "neither a FIT file nor GPX"),
        (b"{\"format\":\"unknot-journal\"}".to_vec(), "neither a FIT file nor GPX"),
        (GPX[..GPX.len() / 2].to_vec(), "GPX file cannot be read"),
        (
            br#"<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="51" lon="0"/><trkpt lat="51.01" lon="0"/></trkseg></trk></gpx>"#.to_vec(),
            "no track points with times",
        ),
        (
            br#"<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="51" lon="0"><time>2026-11-19T07:00:00Z</time></trkpt></trkseg></trk></gpx>"#.to_vec(),
            "at least two points",
        ),
        (
            br#"<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="51" lon="0"><time>2026-11-19T07:00:00Z</time></trkpt><trkpt lat="51" lon="0"><time>2026-11-19T07:00:00Z</time></trkpt></trkseg></trk></gpx>"#.to_vec(),
            "distance is 0 m",
        ),
        ({
            let mut f = FIT.to_vec();
            let mid = f.len() / 2;
            f[mid] ^= 0xff;
            f
        }, "FIT file cannot be read"),
        (FIT[..40].to_vec(), "FIT file cannot be read"),
    ];
    for (bytes, expected) in cases {
        let err = read_run_file(&bytes, utc()).expect_err(expected);
        assert!(err.contains(expected), "{expected:?} not in {err:?}");
    }
}

fn easy_run(id: &str, at: &str) -> Run {
    Run {
        id: id.into(),
        started_at: t(at),
        kind: RunKind::Easy,
        distance_m: 8_000,
        duration_secs: 44 * 60,
        effort: Some(4),
        note: "felt fine".into(),
        source: None,
    }
}

#[test]
fn runs_export_and_import_like_notes_and_twice_adds_nothing() {
    let mut j = Journal::open_in_memory().unwrap();
    j.save_run(&easy_run("run-a", "2026-11-17T18:00:00+01:00")).unwrap();
    j.save_run(&run_from_file("thursday-long-run.gpx", GPX, utc()).unwrap()).unwrap();
    let json = j.export_json(t("2026-11-20T10:00:00+00:00")).unwrap();
    assert!(json.contains("\"version\": 4"), "format version 4");

    let mut other = Journal::open_in_memory().unwrap();
    let first = other.import_json(&json, &["calves"]).unwrap();
    assert_eq!(first.runs_added, 2);
    assert!(first.to_string().contains("2 runs added"), "{first}");
    let again = other.import_json(&json, &["calves"]).unwrap();
    assert_eq!(again.runs_added, 0, "importing twice adds nothing");
    assert_eq!(other.runs().unwrap(), j.runs().unwrap());
}

#[test]
fn a_hostile_run_in_an_import_is_refused_with_its_place_and_nothing_changes() {
    let mut j = Journal::open_in_memory().unwrap();
    j.save_run(&easy_run("run-a", "2026-11-17T18:00:00+01:00")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&j.export_json(t("2026-11-20T10:00:00+00:00")).unwrap()).unwrap();
    json["runs"][0]["distance_m"] = serde_json::json!(0);
    json["notes"] = serde_json::json!([{
        "id": "n1", "created_at": "2026-11-18T08:00:00+00:00", "updated_at": "2026-11-18T08:00:00+00:00",
        "feel": 3, "soreness": {"calves": 6}
    }]);
    let mut fresh = Journal::open_in_memory().unwrap();
    let err = fresh.import_json(&json.to_string(), &["calves"]).unwrap_err().to_string();
    assert!(err.contains("runs[0].distance_m"), "{err}");
    assert!(fresh.runs().unwrap().is_empty() && fresh.note_count().unwrap() == 0, "nothing changed");

    json["runs"][0]["distance_m"] = serde_json::json!(8000);
    json["runs"][0]["kind"] = serde_json::json!("sprint");
    let err = fresh.import_json(&json.to_string(), &["calves"]).unwrap_err().to_string();
    assert!(err.contains("sprint"), "{err}");
    assert_eq!(fresh.note_count().unwrap(), 0);
}

#[test]
fn a_version_3_file_without_runs_still_imports() {
    let v3 = r#"{"format":"unknot-journal","version":3,"exported_at":"2026-01-01T00:00:00+00:00","notes":[
        {"id":"n1","created_at":"2026-01-01T08:00:00+00:00","updated_at":"2026-01-01T08:00:00+00:00","feel":4,"soreness":{"calves":3}}]}"#;
    let mut j = Journal::open_in_memory().unwrap();
    let report = j.import_json(v3, &["calves"]).unwrap();
    assert_eq!((report.added, report.runs_added), (1, 0));
    let _: Option<Note> = j.note("n1").unwrap();
}

#[test]
fn the_store_refuses_a_run_that_breaks_the_rules() {
    let mut j = Journal::open_in_memory().unwrap();
    let mut bad = easy_run("run-a", "2026-11-17T18:00:00+01:00");
    bad.effort = Some(11);
    let err = j.save_run(&bad).unwrap_err().to_string();
    assert!(err.contains("effort"), "{err}");
    assert!(j.runs().unwrap().is_empty());
}

/// A watch's file damaged anywhere — bytes replaced, cut short, or random bytes behind a FIT header — is
/// read or refused, never a panic: on the web the parsers run in their own wasm module, where a panic would
/// be a trap, and on phones a panic aborts the app.
/// A FIT header whose size byte says more than the file holds, or less than a header can be: `fitparser`
/// panicked on these (the first is a case the property test below found), which aborts the app. Each is
/// refused by the framing check with a reason, and so is a second part that is cut short.
#[test]
fn fit_files_with_impossible_framing_are_refused_not_panicked_on() {
    let mut cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![92, 16, 100, 0, 245, 2, 0, 0, 46, 70, 73, 84, 64, 0], "cut short"),
        ([&[1u8, 16, 100, 0, 0, 0, 0, 0][..], b".FIT", &[0, 0, 0, 0]].concat(), "at least 12"),
        ([&[0u8, 16, 100, 0, 0, 0, 0, 0][..], b".FIT", &[0, 0]].concat(), "at least 12"),
    ];
    let mut chained = FIT.to_vec();
    chained.extend_from_slice(&FIT[..20]);
    cases.push((chained, "cut short"));
    let mut trailing = FIT.to_vec();
    trailing.extend_from_slice(b"padding");
    cases.push((trailing, "not another FIT part"));
    for (bytes, why) in cases {
        let err = run_from_file("damaged.fit", &bytes, utc()).unwrap_err();
        assert!(err.contains(why), "{bytes:?}: {err}");
    }
    // Two whole parts back to back are one FIT file, as the protocol allows.
    let twice = [FIT, FIT].concat();
    assert!(run_from_file("twice.fit", &twice, utc()).is_ok());
}

mod damaged_files {
    use super::*;
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        let mut config = ProptestConfig::default();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            config.cases = 64;
        }
        config
    }

    fn damaged(original: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
        (prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12), any::<prop::sample::Index>(), any::<bool>())
            .prop_map(move |(edits, cut, shorten)| {
                let mut bytes = original.to_vec();
                for (at, byte) in edits {
                    let i = at.index(bytes.len());
                    bytes[i] = byte;
                }
                if shorten {
                    bytes.truncate(cut.index(bytes.len()).max(1));
                }
                bytes
            })
    }

    fn check(bytes: &[u8]) {
        if let Ok(run) = run_from_file("damaged", bytes, utc()) {
            assert!(run.problems().is_empty(), "{run:?}");
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn a_damaged_fit_file_is_read_or_refused(bytes in damaged(FIT)) {
            check(&bytes);
        }

        #[test]
        fn a_damaged_gpx_file_is_read_or_refused(bytes in damaged(GPX)) {
            check(&bytes);
        }

        #[test]
        fn random_bytes_behind_a_fit_header_are_refused_or_read(tail in prop::collection::vec(any::<u8>(), 0..400)) {
            let mut bytes = FIT[..14].to_vec();
            bytes.extend(tail);
            check(&bytes);
        }
    }
}

// ---- The run form (issue #17): the quick log and the run page read what was typed by the same rules.

use unknot::journal::{km_input, RunField, RunForm};

/// A FIT file's run: its start has seconds and its own offset, its distance metres, which the form shows
/// coarser (minutes, kilometres).
fn fit_run() -> Run {
    let mut run = run_from_file("Morning_Run.fit", FIT, FixedOffset::east_opt(7200).unwrap()).unwrap();
    run.started_at = t("2026-11-19T08:02:37+02:00");
    run.distance_m = 8234;
    run
}

#[test]
fn a_run_opened_and_saved_untouched_is_the_same_run_to_the_second_and_metre() {
    let run = fit_run();
    let form = RunForm::of(&run);
    assert_eq!(form.distance, "8.234");
    let now = t("2026-11-20T19:00:00+01:00");
    let saved = form.to_run(Some(&run), || unreachable!("an edited run keeps its id"), now).unwrap();
    assert_eq!(saved, run);
}

#[test]
fn a_corrected_run_keeps_its_id_and_source_and_takes_the_new_values() {
    let run = fit_run();
    let mut form = RunForm::of(&run);
    form.kind = RunKind::Workout;
    form.effort = "7".into();
    form.distance = "10,5".into();
    form.started = "2026-11-19T07:30".into();
    let now = t("2026-11-20T19:00:00+01:00");
    let saved = form.to_run(Some(&run), || unreachable!(), now).unwrap();
    assert_eq!((saved.id.as_str(), saved.source.as_deref()), (run.id.as_str(), run.source.as_deref()));
    assert_eq!((saved.kind, saved.effort, saved.distance_m), (RunKind::Workout, Some(7), 10_500));
    assert_eq!(saved.started_at, t("2026-11-19T07:30:00+01:00"), "a typed start is read in the offset of now");
    assert_eq!(saved.duration_secs, run.duration_secs);
}

#[test]
fn each_problem_names_its_field_and_nothing_comes_out() {
    let now = t("2026-11-20T19:00:00+01:00");
    let form = RunForm {
        kind: RunKind::Easy,
        started: "2026-11-21T08:00".into(),
        distance: "8..2".into(),
        time: "45:99".into(),
        effort: "11".into(),
        note: "x".repeat(10_001),
    };
    let problems = form.to_run(None, || "r1".into(), now).unwrap_err();
    let fields: Vec<RunField> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [RunField::Started, RunField::Distance, RunField::Time, RunField::Effort], "{problems:?}");
    assert!(problems[1].sentence().starts_with("Distance: \"8..2\" is not a distance"), "{}", problems[1].sentence());
    // An empty field is asked for, not quoted back as "" (which read as a bug).
    let empty = RunForm { started: "2026-11-20T08:00".into(), distance: " ".into(), time: "".into(), effort: "".into(), note: "".into(), ..form.clone() };
    let problems = empty.to_run(None, || "r1".into(), now).unwrap_err();
    let sentences: Vec<String> = problems.iter().map(|p| p.sentence()).collect();
    assert_eq!(sentences, ["Distance: how far was it? In kilometres, like 8.2.", "Time: how long did it take? Like 45, 45:10 or 1:52:03."]);
    // Once the fields read, the store's own rules still apply, and name the field too.
    let form = RunForm { started: "2026-11-20T08:00".into(), distance: "8".into(), time: "45".into(), effort: "".into(), ..form };
    let problems = form.to_run(None, || "r1".into(), now).unwrap_err();
    assert_eq!(problems.iter().map(|p| p.field).collect::<Vec<_>>(), [RunField::Note], "{problems:?}");
}

#[test]
fn distances_show_to_the_metre() {
    for (m, shown) in [(8234, "8.234"), (21_100, "21.1"), (10_000, "10"), (400, "0.4"), (1, "0.001")] {
        assert_eq!(km_input(m), shown);
        assert_eq!(unknot::journal::parse_km(shown).unwrap(), m, "{shown} reads back");
    }
}
