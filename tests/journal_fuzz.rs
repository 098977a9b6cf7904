//! Fuzzing the journal's importers with proptest: arbitrary bytes, and valid exports with random bytes
//! inserted, removed or replaced, go through `import_file` (which picks JSON or CSV by content), `import_json`
//! and `import_csv`. For every input: no panic; a refused file changes nothing; an accepted file leaves a
//! journal with no damaged rows whose JSON and CSV exports re-import into an empty journal identically.
//! Generated notes check the other direction: the store accepts exactly what the rules accept, and what it
//! accepts reads back and round-trips through both formats unchanged.
//!
//! `cargo test` runs a bounded number of cases; a longer run is
//! `PROPTEST_CASES=20000 cargo test --release --test journal_fuzz --test content_fuzz`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;
use unknot::journal::{Journal, JournalError, Note, SessionRecord};

const AREAS: &[&str] = &["calves", "quads", "feet", "upper-back"];

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 96;
    }
    config
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A small journal holding a bit of everything an import could collide with.
fn seeded() -> Journal {
    let mut journal = Journal::open_in_memory().unwrap();
    for (i, text) in ["=1+1", "plain", "multi\nline, \"quoted\""].iter().enumerate() {
        let at = t(&format!("2024-05-0{}T08:00:00+02:00", i + 1));
        journal
            .save_note(&Note {
                id: format!("seed-{i}"),
                created_at: at,
                updated_at: at,
                session_id: (i == 0).then(|| "s-0".to_string()),
                feel: 3,
                rpe: Some(4),
                text: text.to_string(),
                soreness: [("calves".to_string(), i as u8)].into(),
            })
            .unwrap();
    }
    journal
        .record_session(&SessionRecord {
            id: "s-0".into(),
            routine_id: "calves-roller".into(),
            started_at: t("2024-05-01T07:50:00+02:00"),
            ended_at: t("2024-05-01T07:58:00+02:00"),
            completed: 0.5,
            worked_secs: None,
            held_secs: 0,
            skipped_steps: Vec::new(),
        })
        .unwrap();
    journal
}

fn seed_exports() -> (String, String) {
    let journal = seeded();
    (journal.export_json(t("2024-06-01T12:00:00Z")).unwrap(), journal.export_csv(AREAS).unwrap())
}

/// A record with its two dates as written (chrono's `==` ignores the offset).
type WithDates<T> = Vec<(T, String, String)>;

/// Everything visible in a journal, with offsets.
fn snapshot(journal: &Journal) -> (WithDates<Note>, WithDates<SessionRecord>) {
    let mut notes: Vec<_> = journal
        .all_notes()
        .unwrap()
        .into_iter()
        .map(|n| {
            let (c, u) = (n.created_at.to_rfc3339(), n.updated_at.to_rfc3339());
            (n, c, u)
        })
        .collect();
    notes.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut sessions: Vec<_> = journal
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| {
            let (a, b) = (s.started_at.to_rfc3339(), s.ended_at.to_rfc3339());
            (s, a, b)
        })
        .collect();
    sessions.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    (notes, sessions)
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Replace(usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..16).prop_map(|(at, n)| Edit::Remove(at, n)),
        (any::<usize>(), prop::sample::select(b"{}[]\",:\n\r\t0-9+=@'\xEF\xBB\xBFe".to_vec())).prop_map(|(at, b)| Edit::Replace(at, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> String {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Remove(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Replace(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
            Edit::Truncate(at) => bytes.truncate(at % len),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Which input a case feeds the importers.
fn input() -> impl Strategy<Value = String> {
    let (json, csv) = seed_exports();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        any::<String>(),
        prop::collection::vec(edit(), 1..5).prop_map(move |e| apply(json.clone().into_bytes(), &e)),
        prop::collection::vec(edit(), 1..5).prop_map(move |e| apply(csv.clone().into_bytes(), &e)),
    ]
}

/// The properties every import must keep, whatever the input.
fn check_import(input: &str, import: impl Fn(&mut Journal, &str) -> Result<unknot::journal::ImportReport, JournalError>) -> Result<(), TestCaseError> {
    let mut journal = seeded();
    let before = snapshot(&journal);
    match import(&mut journal, input) {
        Err(JournalError::Import(e)) => {
            prop_assert_eq!(snapshot(&journal), before, "a refused file changed the journal ({})", e);
            prop_assert!(!e.location.is_empty() && !e.problem.is_empty());
        }
        Err(other) => prop_assert!(false, "not an import error: {}", other),
        Ok(_) => {
            prop_assert!(journal.damaged_rows().unwrap().is_empty(), "an accepted file left a damaged row");
            let after = snapshot(&journal);
            let json = journal.export_json(t("2024-06-01T12:00:00Z")).unwrap();
            let mut again = Journal::open_in_memory().unwrap();
            again.import_json(&json, AREAS).map_err(|e| TestCaseError::fail(format!("own JSON export refused: {e}")))?;
            prop_assert_eq!(snapshot(&again), after.clone(), "JSON round trip");
            let csv = journal.export_csv(AREAS).unwrap();
            let mut again = Journal::open_in_memory().unwrap();
            again.import_csv(&csv, AREAS).map_err(|e| TestCaseError::fail(format!("own CSV export refused: {e}")))?;
            prop_assert_eq!(snapshot(&again).0, after.0, "CSV round trip");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_file_either_imports_completely_and_round_trips_or_changes_nothing(input in input()) {
        check_import(&input, |j, s| j.import_file(s, AREAS))?;
        check_import(&input, |j, s| j.import_json(s, AREAS))?;
        check_import(&input, |j, s| j.import_csv(s, AREAS))?;
    }
}

// ---- Generated notes -----------------------------------------------------------------------------------------

fn any_time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    // Seconds from 1960 to 2210, so both edges of 1970–2200 are crossed; offsets up to ±14 h in minutes.
    (-315_619_200i64..7_605_000_000, 0u32..1_000_000_000, -14 * 60..=14 * 60i32).prop_map(|(secs, nanos, minutes)| {
        let offset = FixedOffset::east_opt(minutes * 60).unwrap();
        offset.timestamp_opt(secs, nanos).unwrap()
    })
}

fn any_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,40}",
        "[=+@'\\-\t\r ]?[\\PC]{0,30}",
        any::<String>(),
        "x{95,105}",
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[=+\\-@\t\r']?[^\u{0}]{0,80}",
        any::<String>(),
        "(\"|,|\r\n|\n|\r| |'|=)*",
    ]
}

fn any_note() -> impl Strategy<Value = Note> {
    (
        any_id(),
        any_time(),
        any_time(),
        prop::option::of(any_id()),
        0u8..=6,
        prop::option::of(0u8..=11),
        any_text(),
        prop::collection::btree_map(prop::sample::select(AREAS.to_vec()), 0u8..=11, 0..4),
    )
        .prop_map(|(id, created_at, updated_at, session_id, feel, rpe, text, soreness)| Note {
            id,
            created_at,
            updated_at,
            session_id,
            feel,
            rpe,
            text,
            soreness: soreness.into_iter().map(|(a, l)| (a.to_string(), l)).collect::<BTreeMap<_, _>>(),
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_store_accepts_exactly_what_the_rules_accept_and_it_round_trips(notes in prop::collection::vec(any_note(), 1..6)) {
        let mut journal = Journal::open_in_memory().unwrap();
        let mut kept: BTreeMap<String, Note> = BTreeMap::new();
        for note in &notes {
            let saved = journal.save_note(note);
            prop_assert_eq!(saved.is_ok(), note.problems().is_empty(), "{:?}: {:?}", note, saved.err());
            if saved.is_ok() {
                kept.insert(note.id.clone(), note.clone());
            }
        }
        prop_assert!(journal.damaged_rows().unwrap().is_empty());
        let listed = snapshot(&journal).0;
        let expected: Vec<_> = kept.values().map(|n| (n.clone(), n.created_at.to_rfc3339(), n.updated_at.to_rfc3339())).collect();
        prop_assert_eq!(&listed, &expected);
        check_import(&journal.export_json(t("2024-06-01T12:00:00Z")).unwrap(), |j, s| {
            j.wipe()?;
            j.import_json(s, AREAS)
        })?;
        let csv = journal.export_csv(AREAS).unwrap();
        let mut again = Journal::open_in_memory().unwrap();
        again.import_csv(&csv, AREAS).map_err(|e| TestCaseError::fail(format!("CSV export refused: {e}\n{csv}")))?;
        prop_assert_eq!(snapshot(&again).0, expected);
    }
}
