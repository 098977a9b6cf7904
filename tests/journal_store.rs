//! The journal store against a real file: notes survive a round trip byte for byte, the rules are enforced
//! before anything is written, queries order and aggregate as documented, and export/import is lossless,
//! idempotent and all-or-nothing (a rejected file changes nothing and says where the problem is).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use tempfile::TempDir;
use unknot::journal::model::NoteProblem;
use unknot::journal::transfer::CSV_COLUMNS;
use unknot::journal::{
    keys, Durability, ImportError, ImportReport, Journal, JournalError, Note, Opened, SessionRecord, MAX_TEXT_CHARS,
};

const AREAS: &[&str] = &[
    "calves", "shins", "quads", "hamstrings", "adductors", "glutes", "hip-flexors", "lateral-thigh", "feet", "upper-back",
];

/// Texts a runner (or a hostile file) might put in a note.
const HOSTILE_TEXTS: &[&str] = &[
    "Calves tight 🏃‍♀️🔥 after the 10k 👍🏽 — 🦵🏿",
    "\u{202B}שריר התאומים כואב\u{202C} — عضلة الساق مشدودة جدا \u{200F}!",
    "<script>alert('pwned')</script><b onclick=\"x()\">bold</b> &amp; &lt;",
    "'; DROP TABLE notes; --",
    "Robert\"); DELETE FROM soreness WHERE 1=1; -- ' OR '1'='1",
    "line one\nline two\r\nline three\ttab, \"quoted\", comma,",
    "  leading and trailing spaces  ",
    "e\u{301} combining, zero\u{200D}width, \u{FEFF}bom",
    "",
];

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("bad test time {s}: {e}"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join("journal.sqlite3")
}

fn open(dir: &TempDir) -> Journal {
    let (journal, _) = Journal::open(&db_path(dir), Durability::NATIVE).expect("journal opens");
    journal
}

fn fresh() -> (TempDir, Journal) {
    let dir = TempDir::new().unwrap();
    let (journal, opened) = Journal::open(&db_path(&dir), Durability::NATIVE).expect("journal opens");
    assert_eq!(opened, Opened::Fresh);
    (dir, journal)
}

fn note(id: &str, created: &str, feel: u8, rpe: Option<u8>, text: &str, soreness: &[(&str, u8)]) -> Note {
    Note {
        id: id.into(),
        created_at: t(created),
        updated_at: t(created),
        session_id: None,
        feel,
        rpe,
        text: text.into(),
        soreness: soreness.iter().map(|&(a, l)| (a.to_string(), l)).collect(),
    }
}

fn session(id: &str, started: &str, ended: &str, completed: f64) -> SessionRecord {
    SessionRecord {
        id: id.into(),
        routine_id: "calves-roller".into(),
        started_at: t(started),
        ended_at: t(ended),
        completed,
        worked_secs: None,
        held_secs: 0,
        skipped_steps: Vec::new(),
    }
}

/// `Note: PartialEq` compares instants only (chrono ignores the offset), so check the offsets too.
fn assert_same(actual: &Note, expected: &Note) {
    assert_eq!(actual, expected);
    assert_eq!(actual.created_at.to_rfc3339(), expected.created_at.to_rfc3339(), "created_at offset of {}", expected.id);
    assert_eq!(actual.updated_at.to_rfc3339(), expected.updated_at.to_rfc3339(), "updated_at offset of {}", expected.id);
}

fn assert_same_all(actual: &[Note], expected: &[Note]) {
    assert_eq!(actual.len(), expected.len(), "note count");
    for (a, e) in actual.iter().zip(expected) {
        assert_same(a, e);
    }
}

fn assert_same_sessions(actual: &[SessionRecord], expected: &[SessionRecord]) {
    assert_eq!(actual, expected);
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(a.started_at.to_rfc3339(), e.started_at.to_rfc3339());
        assert_eq!(a.ended_at.to_rfc3339(), e.ended_at.to_rfc3339());
    }
}

/// A varied set of notes: hostile texts, several offsets, sub-second times, sessions, soreness 0 and 10.
fn sample_notes() -> Vec<Note> {
    let offsets = ["+00:00", "+02:00", "-05:00", "+05:45", "-03:30", "+09:00", "+13:00", "-11:00", "+01:00"];
    HOSTILE_TEXTS
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let created = format!("2024-05-{:02}T07:{:02}:{:02}.{:03}{}", i + 1, i * 3, i * 7, i * 111, offsets[i % offsets.len()]);
            let mut n = note(
                &format!("note-{i}-ü"),
                &created,
                (i % 5) as u8 + 1,
                if i % 3 == 0 { None } else { Some((i % 10) as u8 + 1) },
                text,
                &[],
            );
            n.updated_at = n.created_at + chrono::Duration::minutes(i as i64);
            n.session_id = (i % 2 == 0).then(|| format!("session-{i}"));
            n.soreness.insert(AREAS[i % AREAS.len()].into(), (i % 11) as u8);
            if i % 2 == 1 {
                n.soreness.insert("feet".into(), 10);
                n.soreness.insert("upper-back".into(), 0);
            }
            n
        })
        .collect()
}

fn sample_sessions() -> Vec<SessionRecord> {
    vec![
        session("session-0", "2024-05-01T06:00:00+02:00", "2024-05-01T06:12:30.5+02:00", 1.0),
        session("session-2", "2024-05-03T18:00:00-05:00", "2024-05-03T18:07:00-05:00", 0.42),
        session("session-4", "2024-05-05T21:00:00+05:45", "2024-05-05T21:09:59+05:45", 0.0),
    ]
}

fn sorted_by_id(mut notes: Vec<Note>) -> Vec<Note> {
    notes.sort_by(|a, b| a.id.cmp(&b.id));
    notes
}

// ---------------------------------------------------------------------------------------------------------------
// Notes

#[test]
fn notes_round_trip_exactly_and_survive_reopening() {
    let (dir, mut journal) = fresh();
    let mut notes = sample_notes();
    // A NUL inside the text must not cut it short (SQLite's length() stops at NUL; storage must not).
    notes.push(note("nul", "2024-06-01T00:00:00Z", 3, Some(5), "before\0after", &[("calves", 4)]));
    for n in &notes {
        journal.save_note(n).expect("valid note saves");
    }
    for n in &notes {
        let loaded = journal.note(&n.id).unwrap().unwrap_or_else(|| panic!("note {} missing", n.id));
        assert_same(&loaded, n);
    }
    assert_eq!(journal.note_count().unwrap(), notes.len() as i64);
    assert_eq!(journal.note("no-such-id").unwrap(), None);
    assert_eq!(journal.note("'; DROP TABLE notes; --").unwrap(), None);

    drop(journal);
    let (journal, opened) = Journal::open(&db_path(&dir), Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: None });
    let all = sorted_by_id(journal.all_notes().unwrap());
    assert_same_all(&all, &sorted_by_id(notes.clone()));
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn invalid_notes_are_rejected_and_nothing_is_saved() {
    let (_dir, mut journal) = fresh();
    let keep = note("keep", "2024-05-01T08:00:00+02:00", 4, Some(6), "kept as is", &[("calves", 3)]);
    journal.save_note(&keep).unwrap();

    let base = note("new", "2024-05-02T08:00:00+02:00", 3, Some(5), "fine", &[("quads", 2)]);
    let long_ascii = "a".repeat(MAX_TEXT_CHARS + 1);
    let long_multibyte: String = "🏃é中".chars().cycle().take(MAX_TEXT_CHARS + 1).collect();
    type Case = (&'static str, Box<dyn Fn(&mut Note)>, Box<dyn Fn(&NoteProblem) -> bool>);
    let cases: Vec<Case> = vec![
        ("feel 0", Box::new(|n| n.feel = 0), Box::new(|p| *p == NoteProblem::Feel(0))),
        ("feel 6", Box::new(|n| n.feel = 6), Box::new(|p| *p == NoteProblem::Feel(6))),
        ("rpe 0", Box::new(|n| n.rpe = Some(0)), Box::new(|p| *p == NoteProblem::Rpe(0))),
        ("rpe 11", Box::new(|n| n.rpe = Some(11)), Box::new(|p| *p == NoteProblem::Rpe(11))),
        (
            "soreness 11",
            Box::new(|n| {
                n.soreness.insert("calves".into(), 11);
            }),
            Box::new(|p| *p == NoteProblem::Soreness { area: "calves".into(), level: 11 }),
        ),
        (
            "10,001 ASCII chars",
            Box::new(move |n| n.text = long_ascii.clone()),
            Box::new(|p| *p == NoteProblem::TextTooLong { chars: MAX_TEXT_CHARS + 1 }),
        ),
        (
            "10,001 multi-byte chars",
            Box::new(move |n| n.text = long_multibyte.clone()),
            Box::new(|p| *p == NoteProblem::TextTooLong { chars: MAX_TEXT_CHARS + 1 }),
        ),
        ("blank id", Box::new(|n| n.id = "  ".into()), Box::new(|p| *p == NoteProblem::EmptyId)),
    ];
    for (name, break_it, expected) in &cases {
        // As a new note...
        let mut bad = base.clone();
        break_it(&mut bad);
        match journal.save_note(&bad) {
            Err(JournalError::Invalid(problems)) => {
                assert!(problems.iter().any(expected), "{name}: unexpected problems {problems:?}");
                let msg = JournalError::Invalid(problems).to_string();
                assert!(!msg.is_empty(), "{name}: the problem must be explained");
            }
            other => panic!("{name}: expected Err(Invalid), got {other:?}"),
        }
        assert_eq!(journal.note(&bad.id).unwrap(), None, "{name}: nothing saved");
        // ...and as an edit of an existing note, which must stay as it was.
        let mut bad_edit = keep.clone();
        break_it(&mut bad_edit);
        if bad_edit.id == keep.id {
            assert!(matches!(journal.save_note(&bad_edit), Err(JournalError::Invalid(_))), "{name} (edit)");
        }
        assert_same(&journal.note(&keep.id).unwrap().unwrap(), &keep);
        assert_eq!(journal.note_count().unwrap(), 1, "{name}: count unchanged");
    }
    assert_eq!(journal.logged_areas().unwrap(), vec!["calves".to_string()]);

    // The limit is inclusive and counts characters, not bytes.
    for (id, text) in [
        ("max-ascii", "x".repeat(MAX_TEXT_CHARS)),
        ("max-multibyte", "🏃é中ש😀a".chars().cycle().take(MAX_TEXT_CHARS).collect::<String>()),
    ] {
        assert_eq!(text.chars().count(), MAX_TEXT_CHARS);
        let mut ok = base.clone();
        ok.id = id.into();
        ok.text = text;
        journal.save_note(&ok).unwrap_or_else(|e| panic!("{id}: exactly {MAX_TEXT_CHARS} chars must save: {e}"));
        assert_same(&journal.note(id).unwrap().unwrap(), &ok);
    }
    assert!("🏃é中ש😀a".chars().cycle().take(MAX_TEXT_CHARS).collect::<String>().len() > MAX_TEXT_CHARS * 2);
    // The boundary values themselves are fine.
    let mut edge = base.clone();
    edge.id = "edges".into();
    edge.feel = 5;
    edge.rpe = Some(10);
    edge.soreness = [("calves".to_string(), 10u8), ("quads".to_string(), 0u8)].into();
    journal.save_note(&edge).unwrap();
    edge.feel = 1;
    edge.rpe = Some(1);
    journal.save_note(&edge).unwrap();
    assert_same(&journal.note("edges").unwrap().unwrap(), &edge);
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn editing_keeps_id_and_created_at() {
    let (dir, mut journal) = fresh();
    let original = note("edit-me", "2024-05-01T07:00:00-05:00", 2, Some(8), "before", &[("calves", 7), ("shins", 3)]);
    journal.save_note(&original).unwrap();

    let mut draft = original.as_draft();
    draft.text = "after ✍️ <i>edited</i>".into();
    draft.feel = 4;
    draft.rpe = None;
    draft.soreness = [("quads".to_string(), 1u8)].into();
    let later = t("2024-05-03T21:15:00+02:00");
    let edited = original.edited(draft, later).unwrap();
    assert_eq!(edited.id, original.id);
    journal.save_note(&edited).unwrap();
    drop(journal);

    let journal = open(&dir);
    let loaded = journal.note("edit-me").unwrap().unwrap();
    assert_same(&loaded, &edited);
    assert_eq!(loaded.created_at.to_rfc3339(), original.created_at.to_rfc3339());
    assert_eq!(loaded.updated_at.to_rfc3339(), later.to_rfc3339());
    assert_eq!(loaded.soreness, BTreeMap::from([("quads".to_string(), 1u8)]), "old soreness rows are replaced");
    assert_eq!(journal.note_count().unwrap(), 1);
    assert_eq!(journal.logged_areas().unwrap(), vec!["quads".to_string()]);
}

#[test]
fn delete_returns_the_note_and_saving_it_again_undoes() {
    let (dir, mut journal) = fresh();
    let a = note("a", "2024-05-01T07:00:00+01:00", 3, Some(4), "first 🦶", &[("feet", 5), ("calves", 2)]);
    let mut b = note("b", "2024-05-02T07:00:00+01:00", 4, None, "second", &[("feet", 1)]);
    b.session_id = Some("s-1".into());
    journal.save_note(&a).unwrap();
    journal.save_note(&b).unwrap();

    let deleted = journal.delete_note("a").unwrap().expect("delete returns the note");
    assert_same(&deleted, &a);
    assert_eq!(journal.note("a").unwrap(), None);
    assert_eq!(journal.note_count().unwrap(), 1);
    assert_eq!(journal.logged_areas().unwrap(), vec!["feet".to_string()], "its soreness rows went with it");
    assert_eq!(journal.soreness_by_day("calves", d("2024-01-01")).unwrap(), vec![]);
    assert_eq!(journal.delete_note("a").unwrap(), None, "deleting twice finds nothing");
    assert_eq!(journal.delete_note("never-existed").unwrap(), None);

    journal.save_note(&deleted).unwrap(); // undo
    drop(journal);
    let journal = open(&dir);
    assert_same(&journal.note("a").unwrap().unwrap(), &a);
    assert_same(&journal.note("b").unwrap().unwrap(), &b);
    assert_eq!(journal.note_count().unwrap(), 2);
}

#[test]
fn notes_page_is_newest_first_and_pages_cover_everything_once() {
    let (_dir, mut journal) = fresh();
    // Instants (UTC) decide the order, not the local clock reading: 10:00+09:00 is 01:00Z.
    let mut notes = vec![
        note("tokyo", "2024-05-01T10:00:00+09:00", 3, None, "01:00Z", &[]),
        note("london", "2024-05-01T05:00:00+00:00", 3, None, "05:00Z", &[]),
        note("ny", "2024-05-01T02:00:00-04:00", 3, None, "06:00Z", &[]),
        // Same instant, different offsets: ties are broken by id.
        note("tie-b", "2024-05-01T12:00:00+02:00", 3, None, "10:00Z", &[]),
        note("tie-a", "2024-05-01T10:00:00+00:00", 3, None, "10:00Z", &[]),
    ];
    // Plus a pile inserted out of order.
    for i in 0..20u32 {
        let k = (i * 7) % 20; // a permutation of 0..20
        notes.push(note(
            &format!("n{k:02}"),
            &format!("2024-06-{:02}T12:00:00+02:00", k + 1),
            (k % 5 + 1) as u8,
            None,
            "",
            &[("calves", (k % 11) as u8)],
        ));
    }
    for n in &notes {
        journal.save_note(n).unwrap();
    }
    let mut expected = notes.clone();
    expected.sort_by(|a, b| b.created_at.timestamp_millis().cmp(&a.created_at.timestamp_millis()).then(a.id.cmp(&b.id)));
    let all = journal.all_notes().unwrap();
    assert_same_all(&all, &expected);
    let tail: Vec<&str> = all.iter().rev().take(5).map(|n| n.id.as_str()).collect();
    assert_eq!(tail, ["tokyo", "london", "ny", "tie-b", "tie-a"]);

    let mut paged = Vec::new();
    let mut after = None;
    let mut pages = 0;
    loop {
        let page = journal.notes_page(7, after.as_ref()).unwrap();
        assert!(page.notes.len() <= 7);
        paged.extend(page.notes);
        pages += 1;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_same_all(&paged, &expected);
    assert_eq!(pages, 4, "25 notes: three full pages and a short one");
    // A page that starts inside a tie (same millisecond) goes on with the next id, not the next millisecond.
    let to_tie = journal.notes_page(21, None).unwrap();
    assert_eq!(to_tie.notes.last().unwrap().id, "tie-a");
    let rest = journal.notes_page(7, to_tie.next.as_ref()).unwrap();
    let rest: Vec<&str> = rest.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(rest, ["tie-b", "ny", "london", "tokyo"], "last page is short");
    assert!(journal.notes_page(0, None).unwrap().notes.is_empty());
    assert_same(&journal.latest_note().unwrap().unwrap(), &expected[0]);
    assert_same_all(&journal.latest_notes(3).unwrap(), &expected[..3]);
    // Soreness comes along with paged notes.
    assert_eq!(journal.latest_notes(1).unwrap()[0].soreness, expected[0].soreness);
}

#[test]
fn soreness_by_day_averages_per_local_day() {
    let (_dir, mut journal) = fresh();
    let notes = [
        note("old", "2024-04-30T09:00:00+00:00", 3, None, "", &[("calves", 9)]),
        note("m1", "2024-05-01T07:00:00+02:00", 3, None, "", &[("calves", 2), ("quads", 8)]),
        note("m2", "2024-05-01T21:00:00+02:00", 3, None, "", &[("calves", 7)]),
        note("m3", "2024-05-01T22:00:00+02:00", 3, None, "", &[("calves", 0)]),
        // 23:30 local on the 2nd is already the 3rd in UTC: it counts for the runner's day, the 2nd.
        note("late", "2024-05-02T23:30:00-05:00", 3, None, "", &[("calves", 6)]),
        note("quads-only", "2024-05-03T08:00:00+00:00", 3, None, "", &[("quads", 4)]),
        note("none", "2024-05-04T08:00:00+00:00", 3, None, "no soreness", &[]),
        note("e1", "2024-05-05T08:00:00+00:00", 3, None, "", &[("calves", 10)]),
    ];
    for n in &notes {
        journal.save_note(n).unwrap();
    }
    let calves = journal.soreness_by_day("calves", d("2024-05-01")).unwrap();
    assert_eq!(calves, vec![(d("2024-05-01"), 3.0), (d("2024-05-02"), 6.0), (d("2024-05-05"), 10.0)]);
    let all_calves = journal.soreness_by_day("calves", d("2000-01-01")).unwrap();
    assert_eq!(all_calves.first(), Some(&(d("2024-04-30"), 9.0)));
    assert_eq!(journal.soreness_by_day("quads", d("2024-05-01")).unwrap(), vec![(d("2024-05-01"), 8.0), (d("2024-05-03"), 4.0)]);
    assert_eq!(journal.soreness_by_day("calves", d("2024-05-06")).unwrap(), vec![]);
    assert_eq!(journal.soreness_by_day("glutes", d("2000-01-01")).unwrap(), vec![]);
    assert_eq!(journal.soreness_by_day("'; DROP TABLE soreness; --", d("2000-01-01")).unwrap(), vec![]);
    assert_eq!(journal.logged_areas().unwrap(), vec!["calves".to_string(), "quads".to_string()]);
}

#[test]
fn sessions_per_week_counts_local_weeks_starting_monday() {
    let (_dir, journal) = fresh();
    // today = Wednesday 2024-05-15; 4 weeks → Mondays 04-22, 04-29, 05-06, 05-13.
    let ends = [
        ("before", "2024-04-21T10:00:00+00:00"),        // Sunday before the window
        ("w0-mon", "2024-04-22T00:10:00+02:00"),        // Monday just after midnight local (Sunday in UTC)
        ("w0-sun", "2024-04-28T23:50:00+00:00"),
        ("w1-local-sun", "2024-05-05T23:30:00-04:00"), // Sunday local, Monday in UTC
        ("w3-a", "2024-05-13T07:00:00+00:00"),
        ("w3-b", "2024-05-13T19:00:00+00:00"),
        ("w3-today", "2024-05-15T06:00:00+00:00"),
    ];
    for (id, end) in ends {
        let end = t(end);
        journal
            .record_session(&SessionRecord {
                id: id.into(),
                routine_id: "post-run-calves-feet".into(),
                started_at: end - chrono::Duration::minutes(10),
                ended_at: end,
                completed: 0.75,
                worked_secs: None,
                held_secs: 0,
                skipped_steps: Vec::new(),
            })
            .unwrap();
    }
    let weeks = journal.sessions_per_week(d("2024-05-15"), 4).unwrap();
    assert_eq!(
        weeks,
        vec![(d("2024-04-22"), 2), (d("2024-04-29"), 1), (d("2024-05-06"), 0), (d("2024-05-13"), 3)]
    );
    // Any day of the week gives the same weeks.
    assert_eq!(journal.sessions_per_week(d("2024-05-19"), 4).unwrap(), weeks, "Sunday");
    assert_eq!(journal.sessions_per_week(d("2024-05-13"), 4).unwrap(), weeks, "Monday");
    assert_eq!(journal.sessions_per_week(d("2024-05-15"), 1).unwrap(), vec![(d("2024-05-13"), 3)]);
    assert_eq!(journal.sessions_per_week(d("2024-05-15"), 0).unwrap(), vec![]);

    // Recording the same session again replaces it (no double count); sessions() is newest first.
    let mut again = journal.sessions().unwrap().into_iter().find(|s| s.id == "w3-a").unwrap();
    again.completed = 1.0;
    journal.record_session(&again).unwrap();
    assert_eq!(journal.sessions_per_week(d("2024-05-15"), 4).unwrap(), weeks);
    let sessions = journal.sessions().unwrap();
    assert_eq!(sessions.len(), ends.len());
    assert_eq!(sessions[0].id, "w3-today");
    assert!(sessions.windows(2).all(|w| w[0].ended_at >= w[1].ended_at));
    assert_eq!(sessions.iter().find(|s| s.id == "w3-a").unwrap().completed, 1.0);
}

#[test]
fn settings_get_and_set() {
    let (dir, journal) = fresh();
    assert_eq!(journal.setting(keys::SAFETY_ACKNOWLEDGED).unwrap(), None);
    journal.set_setting(keys::SAFETY_ACKNOWLEDGED, "1").unwrap();
    let json = r#"{"pace":"slow","note":"'; DROP TABLE settings; -- 🏃"}"#;
    journal.set_setting(keys::SESSION_SETTINGS, json).unwrap();
    journal.set_setting(keys::SESSION_SETTINGS, "{}").unwrap();
    journal.set_setting(keys::SESSION_SETTINGS, json).unwrap();
    journal.set_setting("empty", "").unwrap();
    drop(journal);

    let journal = open(&dir);
    assert_eq!(journal.setting(keys::SAFETY_ACKNOWLEDGED).unwrap().as_deref(), Some("1"));
    assert_eq!(journal.setting(keys::SESSION_SETTINGS).unwrap().as_deref(), Some(json));
    assert_eq!(journal.setting("empty").unwrap().as_deref(), Some(""));
    assert_eq!(journal.setting("missing").unwrap(), None);
}

// ---------------------------------------------------------------------------------------------------------------
// Export and import

fn filled() -> (TempDir, Journal, Vec<Note>, Vec<SessionRecord>) {
    let (dir, mut journal) = fresh();
    let notes = sample_notes();
    let sessions = sample_sessions();
    for n in &notes {
        journal.save_note(n).unwrap();
    }
    for s in &sessions {
        journal.record_session(s).unwrap();
    }
    (dir, journal, notes, sessions)
}

#[test]
fn json_export_wipe_import_gives_identical_notes_and_is_idempotent() {
    let (_dir, journal, notes, sessions) = filled();
    let exported = journal.export_json(t("2024-06-01T12:00:00+02:00")).unwrap();
    let before_notes = journal.all_notes().unwrap();
    let before_sessions = journal.sessions().unwrap();
    drop(journal);

    // "Wipe": a new, empty journal elsewhere.
    let (other_dir, mut restored) = fresh();
    let report = restored.import_json(&exported, AREAS).unwrap();
    assert_eq!(report, ImportReport { added: notes.len() as u32, updated: 0, skipped: 0, ..Default::default() });
    assert_same_all(&restored.all_notes().unwrap(), &before_notes);
    assert_same_all(&sorted_by_id(restored.all_notes().unwrap()), &sorted_by_id(notes.clone()));
    assert_same_sessions(&restored.sessions().unwrap(), &before_sessions);
    assert_eq!(before_sessions.len(), sessions.len());

    // Importing the same file again changes nothing.
    let again = restored.import_json(&exported, AREAS).unwrap();
    assert_eq!(again, ImportReport { added: 0, updated: 0, skipped: notes.len() as u32, ..Default::default() });
    assert_eq!(restored.note_count().unwrap(), notes.len() as i64);
    assert_eq!(restored.sessions().unwrap().len(), sessions.len());
    assert_same_all(&restored.all_notes().unwrap(), &before_notes);

    // A copy edited later wins; a copy that is older (or as old) does not.
    let mut file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let target = notes[3].id.clone();
    let stale = notes[4].id.clone();
    for n in file["notes"].as_array_mut().unwrap() {
        if n["id"] == target.as_str() {
            n["text"] = "edited on the other phone 📱".into();
            n["updated_at"] = "2030-01-01T00:00:00+01:00".into();
        } else if n["id"] == stale.as_str() {
            n["text"] = "stale copy must not win".into();
            n["updated_at"] = "2000-01-01T00:00:00+00:00".into();
        }
    }
    let edited = serde_json::to_string(&file).unwrap();
    let report = restored.import_json(&edited, AREAS).unwrap();
    assert_eq!(report, ImportReport { added: 0, updated: 1, skipped: notes.len() as u32 - 1, ..Default::default() });
    let now = restored.note(&target).unwrap().unwrap();
    assert_eq!(now.text, "edited on the other phone 📱");
    assert_eq!(now.updated_at.to_rfc3339(), "2030-01-01T00:00:00+01:00");
    assert_eq!(now.created_at.to_rfc3339(), notes[3].created_at.to_rfc3339());
    assert_same(&restored.note(&stale).unwrap().unwrap(), &notes[4]);

    // And the import is on disk.
    drop(restored);
    let reopened = open(&other_dir);
    assert_eq!(reopened.note_count().unwrap(), notes.len() as i64);
    assert_eq!(reopened.note(&target).unwrap().unwrap().text, "edited on the other phone 📱");
}

#[test]
fn csv_export_import_round_trip() {
    let (_dir, journal, notes, _) = filled();
    // "feet" and "upper-back" are not asked for: they get columns of their own after these.
    let csv = journal.export_csv(&["calves", "quads", "glutes"]).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with(&CSV_COLUMNS.join(",")), "header: {header}");
    assert!(header.contains("calves,quads,glutes"), "header: {header}");
    for extra in ["feet", "upper-back"] {
        assert!(header.split(',').any(|h| h == extra), "{extra} column missing: {header}");
    }
    let before = journal.all_notes().unwrap();
    drop(journal);

    let (_other, mut restored) = fresh();
    let report = restored.import_csv(&csv, AREAS).unwrap();
    assert_eq!(report, ImportReport { added: notes.len() as u32, updated: 0, skipped: 0, ..Default::default() });
    assert_same_all(&restored.all_notes().unwrap(), &before);
    assert_eq!(restored.import_csv(&csv, AREAS).unwrap(), ImportReport { added: 0, updated: 0, skipped: notes.len() as u32, ..Default::default() });
    assert_same_all(&restored.all_notes().unwrap(), &before);
    // A CSV export re-imported as CSV from the restored journal is the same file.
    assert_eq!(restored.export_csv(&["calves", "quads", "glutes"]).unwrap(), csv);
}

/// The journal's whole visible state, to prove a rejected import changed nothing.
fn snapshot(journal: &Journal) -> (Vec<Note>, Vec<SessionRecord>) {
    (journal.all_notes().unwrap(), journal.sessions().unwrap())
}

fn expect_rejected(
    journal: &Journal,
    before: &(Vec<Note>, Vec<SessionRecord>),
    what: &str,
    result: Result<ImportReport, JournalError>,
    location_has: &[&str],
    problem_has: &[&str],
) {
    let err = match result {
        Err(JournalError::Import(e)) => e,
        other => panic!("{what}: expected Err(Import), got {other:?}"),
    };
    let ImportError { location, problem } = &err;
    for part in location_has {
        assert!(location.contains(part), "{what}: location {location:?} should mention {part:?} (problem: {problem})");
    }
    for part in problem_has {
        assert!(problem.contains(part), "{what}: problem {problem:?} should mention {part:?}");
    }
    let shown = JournalError::Import(err.clone()).to_string();
    assert!(shown.contains("nothing was changed") && shown.contains(location.as_str()), "{what}: message {shown:?}");
    let after = snapshot(journal);
    assert_same_all(&after.0, &before.0);
    assert_same_sessions(&after.1, &before.1);
}

#[test]
fn hostile_json_imports_change_nothing_and_say_where() {
    let (_dir, mut journal, _, _) = filled();
    let good = journal.export_json(t("2024-06-01T12:00:00Z")).unwrap();
    let before = snapshot(&journal);
    let base: serde_json::Value = serde_json::from_str(&good).unwrap();
    // Every hostile file also carries a brand-new valid note first, so a partial write would show.
    let fresh_note = serde_json::to_value(note("brand-new", "2024-06-02T08:00:00Z", 4, None, "new", &[("calves", 1)])).unwrap();
    let with_notes = |notes: Vec<serde_json::Value>| {
        let mut f = base.clone();
        f["notes"] = serde_json::Value::Array(notes);
        serde_json::to_string_pretty(&f).unwrap()
    };
    let existing: Vec<serde_json::Value> = base["notes"].as_array().unwrap().clone();

    // Malformed JSON: a stray line 4.
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(3, "  oops this is not json,");
    let malformed = lines.join("\n");
    let r = journal.import_json(&malformed, AREAS);
    expect_rejected(&journal, &before, "malformed", r, &["line 4", "column"], &[]);

    let r = journal.import_json(&good[..good.len() / 2], AREAS);
    expect_rejected(&journal, &before, "truncated", r, &["line", "column"], &[]);
    let r = journal.import_json("", AREAS);
    expect_rejected(&journal, &before, "empty", r, &["line 1"], &[]);
    let r = journal.import_json("null", AREAS);
    expect_rejected(&journal, &before, "null", r, &["line 1"], &[]);

    // Wrong format name.
    let mut f = base.clone();
    f["format"] = "someone-elses-journal".into();
    f["notes"] = serde_json::Value::Array(vec![fresh_note.clone()]);
    let r = journal.import_json(&f.to_string(), AREAS);
    expect_rejected(&journal, &before, "format", r, &["format"], &["someone-elses-journal"]);

    // Newer version.
    let mut f = base.clone();
    f["version"] = (unknot::journal::transfer::FORMAT_VERSION + 1).into();
    f["notes"] = serde_json::Value::Array(vec![fresh_note.clone()]);
    let r = journal.import_json(&f.to_string(), AREAS);
    expect_rejected(&journal, &before, "version", r, &["version"], &["newer"]);

    // feel 9 in notes[1] (an existing note, made newer so it would otherwise update).
    let mut bad = existing[0].clone();
    bad["feel"] = 9.into();
    bad["updated_at"] = "2031-01-01T00:00:00Z".into();
    let r = journal.import_json(&with_notes(vec![fresh_note.clone(), bad, existing[1].clone()]), AREAS);
    expect_rejected(&journal, &before, "feel 9", r, &["notes[1]"], &["feel", "9"]);

    // Out of range for the type at all: a parse error with line and column.
    let mut bad = existing[0].clone();
    bad["feel"] = 300.into();
    let r = journal.import_json(&with_notes(vec![fresh_note.clone(), bad]), AREAS);
    expect_rejected(&journal, &before, "feel 300", r, &["line", "column"], &[]);

    // rpe 11 and soreness 11 and a too-long text, each in notes[2].
    for (field, value) in [
        ("rpe", serde_json::json!(11)),
        ("soreness", serde_json::json!({"calves": 11})),
        ("text", serde_json::json!("x".repeat(MAX_TEXT_CHARS + 1))),
        ("id", serde_json::json!("")),
    ] {
        let mut bad = existing[2].clone();
        bad[field] = value;
        let r = journal.import_json(&with_notes(vec![fresh_note.clone(), existing[1].clone(), bad]), AREAS);
        expect_rejected(&journal, &before, field, r, &["notes[2]"], &[]);
    }

    // Unknown body area.
    let mut bad = existing[1].clone();
    bad["soreness"] = serde_json::json!({"calves": 2, "elbows": 3});
    let r = journal.import_json(&with_notes(vec![fresh_note.clone(), bad]), AREAS);
    expect_rejected(&journal, &before, "unknown area", r, &["notes[1]", "soreness"], &["elbows"]);

    // The same id twice in one file.
    let mut twin = fresh_note.clone();
    twin["text"] = "a different body".into();
    let r = journal.import_json(&with_notes(vec![fresh_note.clone(), existing[0].clone(), twin]), AREAS);
    expect_rejected(&journal, &before, "duplicate id", r, &["notes[2]"], &["brand-new"]);

    // Unknown fields are refused, not silently dropped.
    let mut bad = existing[0].clone();
    bad["mood"] = "happy".into();
    let r = journal.import_json(&with_notes(vec![fresh_note.clone(), bad]), AREAS);
    expect_rejected(&journal, &before, "unknown field", r, &["line", "column"], &["mood"]);

    // A bad session is refused too, with the notes.
    let mut f = base.clone();
    f["notes"] = serde_json::Value::Array(vec![fresh_note.clone()]);
    f["sessions"][1]["completed"] = 1.5.into();
    let r = journal.import_json(&f.to_string(), AREAS);
    expect_rejected(&journal, &before, "session completed", r, &["sessions[1]"], &[]);

    assert_eq!(journal.note("brand-new").unwrap(), None);
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn hostile_csv_imports_change_nothing_and_say_where() {
    let (_dir, mut journal, _, _) = filled();
    let before = snapshot(&journal);
    let header = format!("{},calves,quads", CSV_COLUMNS.join(","));
    let good_row = "csv-new,2024-06-02T08:00:00+02:00,2024-06-02T08:00:00+02:00,,4,5,fine,3,";

    let r = journal.import_csv(&format!("id,created,updated,feel\n{good_row}\n"), AREAS);
    expect_rejected(&journal, &before, "bad header", r, &["line 1"], &["id,created_at"]);
    let r = journal.import_csv("", AREAS);
    expect_rejected(&journal, &before, "empty csv", r, &["line 1"], &[]);

    // A non-number in the soreness column "quads" on line 3 (line 2 is fine and new).
    let bad_line3 = "csv-two,2024-06-03T08:00:00+02:00,2024-06-03T08:00:00+02:00,,3,,meh,2,very sore";
    let r = journal.import_csv(&format!("{header}\n{good_row}\n{bad_line3}\n"), AREAS);
    expect_rejected(&journal, &before, "soreness text", r, &["line 3", "quads"], &["very sore"]);

    let cases = [
        ("feel 9", "csv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,9,,meh,2,", vec!["line 3"]),
        ("soreness 11", "csv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,3,,meh,11,", vec!["line 3"]),
        ("soreness -1", "csv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,3,,meh,-1,", vec!["line 3", "calves"]),
        ("no feel", "csv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,,,meh,2,", vec!["line 3", "feel"]),
        ("bad date", "csv-two,yesterday,2024-06-03T08:00:00Z,,3,,meh,2,", vec!["line 3", "created_at"]),
        ("rpe word", "csv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,3,hard,meh,2,", vec!["line 3", "rpe"]),
        ("short row", "csv-two,2024-06-03T08:00:00Z", vec!["line 3"]),
        ("duplicate id", "csv-new,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,3,,meh,2,", vec!["line 3"]),
    ];
    for (what, row, location) in cases {
        let r = journal.import_csv(&format!("{header}\n{good_row}\n{row}\n"), AREAS);
        expect_rejected(&journal, &before, what, r, &location, &[]);
    }

    // An unknown area column.
    let r = journal.import_csv(
        &format!("{},calves,elbows\n{good_row}\ncsv-two,2024-06-03T08:00:00Z,2024-06-03T08:00:00Z,,3,,meh,,4\n", CSV_COLUMNS.join(",")),
        AREAS,
    );
    expect_rejected(&journal, &before, "unknown area", r, &["line 3"], &["elbows"]);

    assert_eq!(journal.note("csv-new").unwrap(), None);
    // And the good row alone does go in, so the cases above failed for the reason given.
    let report = journal.import_csv(&format!("{header}\n{good_row}\n"), AREAS).unwrap();
    assert_eq!(report, ImportReport { added: 1, updated: 0, skipped: 0, ..Default::default() });
    assert_eq!(journal.note("csv-new").unwrap().unwrap().soreness, BTreeMap::from([("calves".to_string(), 3u8)]));
}

#[test]
fn what_a_session_did_round_trips_and_version_1_files_still_import() {
    let (_d, journal) = fresh();
    let mut s = session("did-1", "2026-11-28T18:00:00+01:00", "2026-11-28T18:12:00+01:00", 0.5);
    s.worked_secs = Some(275);
    s.held_secs = 20;
    s.skipped_steps = vec!["Quads — slow 🏃".into(), "Hamstrings".into()];
    journal.record_session(&s).unwrap();
    assert_eq!(journal.sessions().unwrap(), vec![s.clone()]);
    let file = journal.export_json(t("2026-11-29T08:00:00+01:00")).unwrap();
    let (_d2, mut other) = fresh();
    other.import_json(&file, AREAS).unwrap();
    assert_eq!(other.sessions().unwrap(), vec![s.clone()]);

    // A file written by the version before (format 1): no new fields; it imports, their values unknown.
    let mut old: serde_json::Value = serde_json::from_str(&file).unwrap();
    old["version"] = 1.into();
    old["sessions"][0]["id"] = "old-1".into();
    for field in ["worked_secs", "held_secs", "skipped_steps"] {
        old["sessions"][0].as_object_mut().unwrap().remove(field);
    }
    let (_d3, mut third) = fresh();
    third.import_json(&old.to_string(), AREAS).unwrap();
    let got = third.sessions().unwrap();
    assert_eq!(got[0].worked_secs, None);
    assert_eq!(got[0].held_secs, 0);
    assert!(got[0].skipped_steps.is_empty());

    // A hostile value is refused with its field named, and nothing changes.
    let mut bad: serde_json::Value = serde_json::from_str(&file).unwrap();
    bad["sessions"][0]["id"] = "bad-1".into();
    bad["sessions"][0]["skipped_steps"] = serde_json::json!(["ok", "line\nbreak"]);
    let err = third.import_json(&bad.to_string(), AREAS).unwrap_err().to_string();
    assert!(err.contains("skipped_steps"), "{err}");
    assert_eq!(third.sessions().unwrap().len(), 1);
}

#[test]
fn a_note_can_be_dated_in_the_past_but_never_in_the_future() {
    use unknot::journal::note_time;
    let now = t("2026-11-30T07:30:45+01:00");
    assert_eq!(note_time("2026-11-29T18:30", now).unwrap(), t("2026-11-29T18:30:00+01:00"));
    assert_eq!(note_time("2026-11-30T07:30", now).unwrap(), t("2026-11-30T07:30:00+01:00"), "this minute is not the future");
    assert!(note_time("2026-11-30T07:31", now).unwrap_err().contains("future"));
    assert!(note_time("1969-12-31T23:00", now).unwrap_err().contains("1969"));
    assert!(note_time("yesterday", now).unwrap_err().contains("not a date"));
    assert!(note_time("", now).is_err());
}
