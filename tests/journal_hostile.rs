//! Hostile input, met as a runner would meet it: files from other tools and from an attacker, dates from
//! another millennium, spreadsheet formulas, files cut short, rows the store cannot read back. Nothing of it
//! may break the journal: what is accepted reads back and round-trips exactly, what is refused changes nothing
//! and says where and why in plain words, and a row that cannot be read is shown as damaged, never fatal.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use tempfile::TempDir;
use unknot::journal::transfer::{neutralise_cell, restore_cell, CSV_COLUMNS};
use unknot::journal::{Durability, ImportReport, Journal, JournalError, Note, Opened, SessionRecord, MAX_ID_CHARS};

const AREAS: &[&str] = &["calves", "quads", "feet"];

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn fresh() -> (TempDir, Journal) {
    let dir = TempDir::new().unwrap();
    let (journal, opened) = Journal::open(&dir.path().join("journal.sqlite3"), Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Fresh);
    (dir, journal)
}

fn note(id: &str, at: &str, text: &str) -> Note {
    Note {
        id: id.into(),
        created_at: t(at),
        updated_at: t(at),
        session_id: None,
        feel: 3,
        rpe: Some(5),
        text: text.into(),
        soreness: [("calves".to_string(), 4)].into(),
    }
}

fn import_err(r: Result<ImportReport, JournalError>) -> (String, String) {
    match r {
        Err(JournalError::Import(e)) => (e.location, e.problem),
        other => panic!("expected the import to be refused, got {other:?}"),
    }
}

fn one_note_file(created: &str, updated: &str) -> String {
    format!(
        r#"{{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[{{"id":"x","created_at":"{created}","updated_at":"{updated}","feel":3}}]}}"#
    )
}

// ---- 1. One rule for every value that crosses in -----------------------------------------------------------

#[test]
fn a_date_outside_1970_to_2200_is_refused_in_plain_words_and_the_journal_keeps_working() {
    let (_dir, mut journal) = fresh();
    // The file from the issue: year 10000 used to report "1 added" and then brick listing, export and delete.
    for (created, year) in [
        ("+10000-01-01T00:00:00Z", "10000"),
        ("-0001-01-01T00:00:00Z", "-1"),
        ("0000-01-01T00:00:00Z", "0"),
        ("1969-12-31T23:59:59Z", "1969"),
        ("2201-01-01T00:00:00Z", "2201"),
    ] {
        let r = journal.import_json(&one_note_file(created, created), AREAS);
        let (location, problem) = match r {
            Err(JournalError::Import(e)) => (e.location, e.problem),
            // chrono cannot parse every one of these: then it is a parse error, which is fine too.
            Err(other) => panic!("{created}: {other}"),
            Ok(report) => panic!("{created} was accepted: {report}"),
        };
        if location.starts_with("notes[0]") {
            assert!(problem.contains(year) && problem.contains("1970") && problem.contains("2200"), "{created}: {problem}");
        }
        assert_eq!(journal.note_count().unwrap(), 0);
    }
    // The edges are in.
    let edges = one_note_file("1970-01-01T00:00:00Z", "2200-12-31T23:59:59.999999999+00:00");
    assert_eq!(journal.import_json(&edges, AREAS).unwrap().added, 1);
    let listed = journal.all_notes().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].updated_at.to_rfc3339(), "2200-12-31T23:59:59.999999999+00:00");
    journal.export_json(t("2024-06-01T12:00:00Z")).unwrap();
    assert!(journal.delete_note("x").unwrap().is_some());

    // Session dates too, and the form and store refuse what import refuses.
    let file = r#"{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[],
        "sessions":[{"id":"s","routine_id":"calves-roller","started_at":"1900-01-01T00:00:00Z","ended_at":"1900-01-01T00:10:00Z","completed":1.0}]}"#;
    let (location, problem) = import_err(journal.import_json(file, AREAS));
    assert_eq!(location, "sessions[0].started_at");
    assert!(problem.contains("1900"), "{problem}");
    let late = note("late", "2201-03-01T08:00:00+01:00", "");
    assert!(matches!(journal.save_note(&late), Err(JournalError::Invalid(_))));
    let s = SessionRecord { id: "s".into(), routine_id: "r".into(), started_at: t("1969-01-01T00:00:00Z"), ended_at: t("2024-01-01T00:00:00Z"), completed: 1.0, worked_secs: None, held_secs: 0, skipped_steps: Vec::new() };
    let e = journal.record_session(&s).unwrap_err();
    assert!(e.to_string().contains("started_at") && e.to_string().contains("1969"), "{e}");
    assert!(journal.sessions().unwrap().is_empty());
}

#[test]
fn ids_have_limits_and_no_kind_of_id_may_appear_twice_in_a_file() {
    let (_dir, mut journal) = fresh();
    let with_id = |id: &str| {
        let n = note(id, "2024-05-01T08:00:00Z", "");
        format!(
            r#"{{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[{}]}}"#,
            serde_json::to_string(&n).unwrap()
        )
    };
    for bad in ["x".repeat(MAX_ID_CHARS + 1), "a\nb".into(), "tab\there".into(), "zero\u{200B}width".into(), " padded".into(), "\u{202E}evil".into()] {
        let (location, problem) = import_err(journal.import_json(&with_id(&bad), AREAS));
        assert_eq!(location, "notes[0]", "{bad:?}");
        assert!(problem.starts_with("id "), "{bad:?}: {problem}");
    }
    let longest = "é".repeat(MAX_ID_CHARS);
    assert_eq!(journal.import_json(&with_id(&longest), AREAS).unwrap().added, 1);
    assert_eq!(journal.import_json(&with_id("=HYPERLINK(\"x\") 'quoted' 🏃"), AREAS).unwrap().added, 1);

    let session = |id: &str| format!(r#"{{"id":"{id}","routine_id":"calves-roller","started_at":"2024-05-01T08:00:00Z","ended_at":"2024-05-01T08:10:00Z","completed":1.0}}"#);
    let twice = format!(
        r#"{{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[],"sessions":[{},{}]}}"#,
        session("s1"),
        session("s1")
    );
    let before = journal.all_notes().unwrap();
    let (location, problem) = import_err(journal.import_json(&twice, AREAS));
    assert_eq!(location, "sessions[1].id");
    assert!(problem.contains("twice"), "{problem}");
    assert!(journal.sessions().unwrap().is_empty());
    assert_eq!(journal.all_notes().unwrap(), before);

    // A body area named twice in one note's soreness (a plain map would keep the last silently).
    let twice_area = r#"{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[
        {"id":"a","created_at":"2024-05-01T08:00:00Z","updated_at":"2024-05-01T08:00:00Z","feel":3,"soreness":{"calves":2,"calves":9}}]}"#;
    let (location, problem) = import_err(journal.import_json(twice_area, AREAS));
    assert!(location.starts_with("line 2"), "{location}");
    assert!(problem.contains("\"calves\" appears twice"), "{problem}");

    let v0 = r#"{"format":"unknot-journal","version":0,"exported_at":"2024-06-01T12:00:00Z","notes":[]}"#;
    assert_eq!(import_err(journal.import_json(v0, AREAS)).0, "version");
}

// ---- The read path never bricks -----------------------------------------------------------------------------

fn with_unreadable_rows() -> (TempDir, PathBuf, Journal) {
    let (dir, mut journal) = fresh();
    journal.save_note(&note("good", "2024-05-01T08:00:00+02:00", "fine")).unwrap();
    drop(journal);
    let path = dir.path().join("journal.sqlite3");
    // What an older version let in, or the disk damaged: a date the reader cannot parse, text that is not
    // UTF-8, a session from before 1970.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO notes (id, created_at, created_ms, updated_at, session_id, feel, rpe, text)
           VALUES ('x', '+10000-01-01T00:00:00+00:00', 253402300800000, '+10000-01-01T00:00:00+00:00', NULL, 3, NULL, '');
         INSERT INTO soreness (note_id, area, level) VALUES ('x', 'calves', 2);
         INSERT INTO notes (id, created_at, created_ms, updated_at, session_id, feel, rpe, text)
           VALUES ('bad-utf8', '2024-05-02T08:00:00Z', 1714636800000, '2024-05-02T08:00:00Z', NULL, 2, NULL, CAST(x'fffe41' AS TEXT));
         INSERT INTO sessions (id, routine_id, started_at, ended_at, ended_ms, completed)
           VALUES ('old', 'calves-roller', '1900-01-01T00:00:00Z', '1900-01-01T00:10:00Z', -2208988200000, 1.0);
         INSERT INTO routines (id, name, body, updated_at, updated_ms)
           VALUES ('mine-1', 'Half-written', '{ half a routine', '2024-05-03T08:00:00Z', 1714723200000);
         INSERT INTO runs (id, started_at, started_ms, kind, distance_m, duration_secs, effort, note, source)
           VALUES ('run-x', 'last Tuesday', 1714636800000, 'easy', 5000, 1500, NULL, '', NULL);",
    )
    .unwrap();
    drop(conn);
    let (journal, _) = Journal::open(&path, Durability::NATIVE).unwrap();
    (dir, path, journal)
}

#[test]
fn a_row_that_cannot_be_read_is_shown_as_damaged_and_listing_export_and_delete_keep_working() {
    let (_dir, _path, mut journal) = with_unreadable_rows();
    let listed = journal.all_notes().unwrap();
    assert_eq!(listed.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["good"]);
    assert!(journal.sessions().unwrap().is_empty());
    assert!(journal.latest_note().unwrap().is_some());

    assert!(journal.routines().unwrap().is_empty());
    assert!(journal.runs().unwrap().is_empty());

    let damaged = journal.damaged_rows().unwrap();
    assert_eq!(damaged.len(), 5, "{damaged:#?}");
    let routine = damaged.iter().find(|d| d.table == "routines").expect("the half-written routine is listed");
    assert_eq!(routine.columns["name"], "Half-written");
    assert!(routine.problem.starts_with("body:"), "{}", routine.problem);
    let run = damaged.iter().find(|d| d.table == "runs").expect("the run with an unreadable start is listed");
    assert_eq!(run.columns["started_at"], "last Tuesday");
    assert!(run.problem.starts_with("started_at"), "{}", run.problem);
    let x = damaged.iter().find(|d| d.columns.get("id").map(String::as_str) == Some("x")).unwrap();
    assert_eq!(x.table, "notes");
    assert_eq!(x.columns["created_at"], "+10000-01-01T00:00:00+00:00");
    assert_eq!(x.columns["soreness"], "calves=2");
    assert!(x.problem.contains("created_at"), "{}", x.problem);
    let utf8 = damaged.iter().find(|d| d.columns.get("id").map(String::as_str) == Some("bad-utf8")).unwrap();
    assert!(utf8.columns["text"].ends_with('A'), "{:?}", utf8.columns["text"]);
    let old = damaged.iter().find(|d| d.table == "sessions").unwrap();
    assert!(old.problem.contains("1900"), "{}", old.problem);
    assert!(matches!(journal.note("x"), Err(JournalError::Damaged(_))));

    // Export keeps every row: readable notes as notes, the rest raw.
    let json = journal.export_json(t("2024-06-01T12:00:00Z")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["notes"].as_array().unwrap().len(), 1);
    assert_eq!(value["damaged"].as_array().unwrap().len(), 5);
    let csv = journal.export_csv(AREAS).unwrap();
    assert_eq!(csv.lines().count(), 2);

    // That export imports elsewhere: the readable note goes in, the damaged rows are named and left out.
    let (_other, mut elsewhere) = fresh();
    let report = elsewhere.import_json(&json, AREAS).unwrap();
    assert_eq!((report.added, report.damaged_left_out), (1, 5));
    assert!(report.to_string().contains("5 damaged rows in the file left out"), "{report}");

    // Delete works: by id (the issue's "x"), and by row for the rest.
    assert_eq!(journal.delete_note("x").unwrap(), None);
    for row in journal.damaged_rows().unwrap() {
        journal.delete_damaged(&row).unwrap();
    }
    assert!(journal.damaged_rows().unwrap().is_empty());
    assert_eq!(journal.note_count().unwrap(), 1);
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn importing_a_readable_copy_repairs_a_damaged_note() {
    let (_dir, _path, mut journal) = with_unreadable_rows();
    let repaired = note("x", "2024-05-03T08:00:00Z", "repaired");
    let file = format!(
        r#"{{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[{}]}}"#,
        serde_json::to_string(&repaired).unwrap()
    );
    let report = journal.import_json(&file, AREAS).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(journal.note("x").unwrap().unwrap().text, "repaired");
}

// ---- 2. Files as other tools write them -----------------------------------------------------------------------

fn sample() -> (TempDir, Journal, Vec<Note>) {
    let (dir, mut journal) = fresh();
    let mut notes = Vec::new();
    for (i, text) in ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tleading tab", "\rleading CR", "'already quoted", "''two", "plain", "multi\nline\r\ntext, \"quoted\""]
        .into_iter()
        .enumerate()
    {
        let mut n = note(&format!("{}id-{i}", ["=", "+", "-", "@", "", "'"][i % 6]), &format!("2024-05-{:02}T08:00:00+02:00", i + 1), text);
        n.session_id = (i % 2 == 0).then(|| format!("=HYPERLINK(\"http://evil/{i}\")"));
        journal.save_note(&n).unwrap();
        notes.push(n);
    }
    (dir, journal, notes)
}

#[test]
fn csv_export_cannot_run_a_formula_in_a_spreadsheet_and_still_round_trips_exactly() {
    let (_dir, journal, notes) = sample();
    let csv = journal.export_csv(AREAS).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a spreadsheet would run {cell:?}");
        }
    }
    let (_other, mut restored) = fresh();
    assert_eq!(restored.import_csv(&csv, AREAS).unwrap().added, notes.len() as u32);
    let mut got = restored.all_notes().unwrap();
    let mut want = notes.clone();
    got.sort_by(|a, b| a.id.cmp(&b.id));
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(got, want);
    assert_eq!(restored.export_csv(AREAS).unwrap(), csv);
    for cell in ["=x", "'", "''", "", "a=b", "-", "\t"] {
        assert_eq!(restore_cell(&neutralise_cell(cell)), cell);
    }
}

#[test]
fn byte_order_marks_and_crlf_are_accepted_in_both_formats_and_content_decides_the_format() {
    let (_dir, journal, notes) = sample();
    let json = journal.export_json(t("2024-06-01T12:00:00Z")).unwrap();
    let csv = journal.export_csv(AREAS).unwrap();
    // JSON escapes line breaks inside strings, so every raw \n is a line end.
    let crlf = |s: &str| s.replace('\n', "\r\n");
    for (what, file) in [
        ("JSON with BOM", format!("\u{FEFF}{json}")),
        ("JSON with BOM and CRLF", format!("\u{FEFF}{}", crlf(&json))),
        ("JSON with leading white space", format!("\n  {json}")),
        ("CSV with BOM", format!("\u{FEFF}{csv}")),
    ] {
        let (_other, mut restored) = fresh();
        let report = restored.import_file(&file, AREAS).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(report.added, notes.len() as u32, "{what}");
    }
    // A CSV whose row ends are CRLF (as spreadsheets write) but whose text keeps its own line breaks.
    let header = format!("{},calves", CSV_COLUMNS.join(","));
    let file = format!("\u{FEFF}{header}\r\nn1,2024-05-01T08:00:00Z,2024-05-01T08:00:00Z,,3,,\"two\nlines\",2\r\n");
    let (_other, mut restored) = fresh();
    assert_eq!(restored.import_file(&file, AREAS).unwrap().added, 1);
    assert_eq!(restored.note("n1").unwrap().unwrap().text, "two\nlines");
}

#[test]
fn a_csv_cut_short_or_malformed_is_refused_with_the_right_line() {
    let (_dir, mut journal) = fresh();
    let header = format!("{},calves", CSV_COLUMNS.join(","));
    let row = |id: &str, feel: &str, text: &str| format!("{id},2024-05-01T08:00:00Z,2024-05-01T08:00:00Z,,{feel},,{text},2");

    // Cut off inside a quoted field: refused, at the line where that field opens.
    let cut = format!("{header}\n{}\n{}", row("a", "3", "ok"), row("b", "3", "\"this note was cut"));
    let cut = &cut[..cut.len() - 2];
    let (location, problem) = import_err(journal.import_csv(cut, AREAS));
    assert_eq!(location, "line 3");
    assert!(problem.contains("cut short"), "{problem}");

    // After a note with line breaks, the error still points at the file's own line.
    let multi = format!("{header}\n{}\n{}\n", row("a", "3", "\"one\ntwo\nthree\""), row("b", "9", "x"));
    let (location, problem) = import_err(journal.import_csv(&multi, AREAS));
    assert_eq!(location, "line 5");
    assert!(problem.contains("feel") && problem.contains('9'), "{problem}");
    let short = format!("{header}\n{}\nb,2024-05-01T08:00:00Z\n", row("a", "3", "\"one\r\ntwo\""));
    assert_eq!(import_err(journal.import_csv(&short, AREAS)).0, "line 4");
    let bad_cell = format!("{header}\n{}\n{}\n", row("a", "3", "\"one\ntwo\""), row("b", "3", "x").replace(",2", ",sore"));
    assert_eq!(import_err(journal.import_csv(&bad_cell, AREAS)).0, "line 4, column calves");

    // A header naming an area twice.
    let twice = format!("{header},calves\n{}\n", row("a", "3", "x") + ",3");
    let (location, problem) = import_err(journal.import_csv(&twice, AREAS));
    assert_eq!(location, "line 1");
    assert!(problem.contains("\"calves\" appears twice"), "{problem}");
    assert_eq!(journal.note_count().unwrap(), 0);
}

// ---- 5. A first start killed early ------------------------------------------------------------------------------

#[test]
fn a_first_start_killed_early_is_not_reported_as_damaged() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("journal.sqlite3");
    // What a start killed while creating the journal leaves behind: the half-made file under its temporary name.
    std::fs::write(dir.path().join("journal.sqlite3.creating"), b"").unwrap();
    let (journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Fresh);
    drop(journal);
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["journal.sqlite3"], "no temporary or set-aside file is left");
    // And the journal made that way is complete: it reopens as an existing journal of the current schema.
    let (_journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: None });
}
