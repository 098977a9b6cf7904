//! Upgrades keep every row: a journal written by each earlier schema version (a fixture file under
//! `tests/fixtures/`) opens, migrates to `SCHEMA_VERSION` and still holds exactly what it held.
//!
//! ============================================================================================================
//! WHEN YOU RAISE `SCHEMA_VERSION` (add a migration in src/journal/store.rs), ADD A FIXTURE FOR THE NEW VERSION:
//!   1. Copy the new migration's SQL into this file as `V<n>_SQL` (frozen: it is history, never edit it later)
//!      and add a `make_v<n>` step to `make_fixtures` that builds a journal of that version with a few rows of
//!      every table, including awkward text (emoji, RTL, HTML, SQL metacharacters).
//!   2. Run `CARGO_TARGET_DIR=/var/tmp/unknot-target cargo test --test journal_migrations make_fixtures -- --ignored`
//!      It only writes fixtures that do not exist yet; existing ones are never regenerated.
//!   3. Commit `tests/fixtures/journal-v<n>.sqlite` and add a test that checks its rows after opening.
//!
//! `a_fixture_exists_for_every_schema_version` fails until step 3 is done, on purpose: an upgrade that has not
//! been tried on real old data is how journals get lost.
//!
//! ============================================================================================================

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OpenFlags};
use tempfile::TempDir;
use unknot::content::{bundled, RoutineDraft, Routine};
use unknot::journal::{keys, Durability, Journal, Note, Opened, Run, RunKind, SessionRecord, UserRoutine, SCHEMA_VERSION};
use unknot::session::SessionSettings;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(version: i64) -> PathBuf {
    Path::new(FIXTURES).join(format!("journal-v{version}.sqlite"))
}

// ---------------------------------------------------------------------------------------------------------------
// The schema as each version created it: frozen copies of MIGRATIONS[i] from src/journal/store.rs.

/// Version 1: app settings.
const V1_SQL: &str = "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;";

/// Version 2: the recovery log.
const V2_SQL: &str = "CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        routine_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        ended_ms INTEGER NOT NULL,
        completed REAL NOT NULL CHECK (completed BETWEEN 0 AND 1)
    ) STRICT;
    CREATE INDEX sessions_by_end ON sessions (ended_ms);
    CREATE TABLE notes (
        id TEXT PRIMARY KEY NOT NULL,
        created_at TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        session_id TEXT,
        feel INTEGER NOT NULL CHECK (feel BETWEEN 1 AND 5),
        rpe INTEGER CHECK (rpe BETWEEN 1 AND 10),
        text TEXT NOT NULL CHECK (length(text) <= 10000)
    ) STRICT;
    CREATE INDEX notes_by_time ON notes (created_ms);
    CREATE TABLE soreness (
        note_id TEXT NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        area TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
        PRIMARY KEY (note_id, area)
    ) STRICT, WITHOUT ROWID;";

/// Version 3: what a session actually did.
const V3_SQL: &str = "ALTER TABLE sessions ADD COLUMN worked_secs INTEGER CHECK (worked_secs BETWEEN 0 AND 86400);
    ALTER TABLE sessions ADD COLUMN held_secs INTEGER NOT NULL DEFAULT 0 CHECK (held_secs BETWEEN 0 AND 86400);
    ALTER TABLE sessions ADD COLUMN skipped_steps TEXT NOT NULL DEFAULT '[]';";

/// Version 4: routines of the runner's own, stars, and the routine each session ran.
const V4_SQL: &str = "CREATE TABLE routines (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE favourites (
        routine_id TEXT PRIMARY KEY NOT NULL,
        starred_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE session_routines (
        session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        body TEXT NOT NULL
    ) STRICT;";

/// Version 5: runs.
const V5_SQL: &str = "CREATE TABLE runs (
        id TEXT PRIMARY KEY NOT NULL,
        started_at TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('easy', 'long', 'workout', 'race')),
        distance_m INTEGER NOT NULL CHECK (distance_m BETWEEN 1 AND 1000000),
        duration_secs INTEGER NOT NULL CHECK (duration_secs BETWEEN 1 AND 604800),
        effort INTEGER CHECK (effort BETWEEN 1 AND 10),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 10000),
        source TEXT
    ) STRICT;
    CREATE INDEX runs_by_start ON runs (started_ms);";

// ---------------------------------------------------------------------------------------------------------------
// What the fixtures hold.

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn fixture_session_settings() -> SessionSettings {
    SessionSettings { prep_secs: 15, switch_secs: 8, rest_secs: 0, ..SessionSettings::default() }
}

const FIXTURE_SETTINGS_JSON: &str =
    r#"{"scale":"standard","prep_secs":15,"switch_secs":8,"rest_secs":0,"cues":{"haptics":true,"sound":true,"flash":true}}"#;

#[test]
fn settings_written_before_voice_and_pace_read_with_their_defaults() {
    let read: SessionSettings = serde_json::from_str(FIXTURE_SETTINGS_JSON).unwrap();
    assert_eq!(read, fixture_session_settings());
    assert!(read.cues.voice);
    assert_eq!(read.pace, unknot::session::Pace::Off);
}

fn v1_settings() -> Vec<(&'static str, String)> {
    vec![
        (keys::SAFETY_ACKNOWLEDGED, "1".to_string()),
        // As the v1/v2 app wrote them (before the voice and pace settings existed).
        (keys::SESSION_SETTINGS, FIXTURE_SETTINGS_JSON.to_string()),
        ("first_started_at", "2024-03-30T06:45:12+01:00".to_string()),
    ]
}

fn v2_settings() -> Vec<(&'static str, String)> {
    let mut s = v1_settings();
    s.push(("last_routine", "post-run-calves-feet".to_string()));
    s
}

fn v2_sessions() -> Vec<SessionRecord> {
    vec![
        SessionRecord {
            id: "6f0c1f7e-0000-4000-8000-000000000001".into(),
            routine_id: "post-run-calves-feet".into(),
            started_at: t("2024-04-02T19:03:11.250+02:00"),
            ended_at: t("2024-04-02T19:15:40.750+02:00"),
            completed: 1.0,
            worked_secs: None,
            held_secs: 0,
            skipped_steps: Vec::new(),
        },
        SessionRecord {
            id: "6f0c1f7e-0000-4000-8000-000000000002".into(),
            routine_id: "glutes-ball".into(),
            started_at: t("2024-04-05T07:00:00-04:00"),
            ended_at: t("2024-04-05T07:04:30-04:00"),
            completed: 0.375,
            worked_secs: None,
            held_secs: 0,
            skipped_steps: Vec::new(),
        },
    ]
}

/// Sessions as the v3 store wrote them: minutes massaged, holds, skipped steps (titles with awkward text).
fn v3_sessions() -> Vec<SessionRecord> {
    vec![
        SessionRecord {
            id: "6f0c1f7e-0000-4000-8000-000000000003".into(),
            routine_id: "post-run-lower-body".into(),
            started_at: t("2026-11-28T18:00:00+01:00"),
            ended_at: t("2026-11-28T18:14:30+01:00"),
            completed: 0.62,
            worked_secs: Some(460),
            held_secs: 40,
            skipped_steps: vec!["Quads — \"slow\" 🏃".into(), "שלום <b>hamstrings</b>'; --".into()],
        },
        SessionRecord {
            id: "6f0c1f7e-0000-4000-8000-000000000004".into(),
            routine_id: "feet-ball".into(),
            started_at: t("2026-11-29T07:10:00-05:00"),
            ended_at: t("2026-11-29T07:16:00-05:00"),
            completed: 1.0,
            worked_secs: Some(300),
            held_secs: 0,
            skipped_steps: Vec::new(),
        },
    ]
}

fn v2_notes() -> Vec<Note> {
    let soreness = |pairs: &[(&str, u8)]| pairs.iter().map(|&(a, l)| (a.to_string(), l)).collect::<BTreeMap<_, _>>();
    vec![
        Note {
            id: "a1-emoji".into(),
            created_at: t("2024-04-02T19:16:02.123+02:00"),
            updated_at: t("2024-04-02T19:20:00+02:00"),
            session_id: Some("6f0c1f7e-0000-4000-8000-000000000001".into()),
            feel: 4,
            rpe: Some(7),
            text: "Tempo run 🏃‍♀️💨 calves 🔥 but feeling good 👍🏽\nsecond line".into(),
            soreness: soreness(&[("calves", 6), ("feet", 2)]),
        },
        Note {
            id: "a2-rtl".into(),
            created_at: t("2024-04-03T08:00:00+03:00"),
            updated_at: t("2024-04-03T08:00:00+03:00"),
            session_id: None,
            feel: 2,
            rpe: None,
            text: "\u{202B}שריר התאומים כואב אחרי הריצה\u{202C} — عضلة الساق مشدودة \u{200F}".into(),
            soreness: soreness(&[("calves", 8), ("hamstrings", 0)]),
        },
        Note {
            id: "a3-html".into(),
            created_at: t("2024-04-04T21:30:00-07:00"),
            updated_at: t("2024-04-06T10:00:00-07:00"),
            session_id: None,
            feel: 3,
            rpe: Some(1),
            text: "<script>alert(document.cookie)</script><img src=x onerror=\"alert(1)\"> &amp; &lt;b&gt;".into(),
            soreness: soreness(&[]),
        },
        Note {
            id: "a4-sql'; DROP TABLE notes; --".into(),
            created_at: t("2024-04-05T07:05:00-04:00"),
            updated_at: t("2024-04-05T07:05:00-04:00"),
            session_id: Some("6f0c1f7e-0000-4000-8000-000000000002".into()),
            feel: 5,
            rpe: Some(10),
            text: "'; DROP TABLE notes; -- \" OR 1=1; DELETE FROM soreness; /* % _ \\ */".into(),
            soreness: soreness(&[("glutes", 10), ("hip-flexors", 3), ("upper-back", 1)]),
        },
        Note {
            id: "a5-long".into(),
            created_at: t("2024-04-07T12:00:00Z"),
            updated_at: t("2024-04-07T12:00:00Z"),
            session_id: None,
            feel: 1,
            rpe: Some(9),
            text: "🦵é中".chars().cycle().take(10_000).collect(),
            soreness: soreness(&[("quads", 9)]),
        },
    ]
}

/// The v4 fixture's routines of the runner's own: a copy of a bundled one with awkward text, and one built
/// from two steps of different tools.
fn v4_routines() -> Vec<UserRoutine> {
    let lib = bundled();
    let mut copy = RoutineDraft::copy_of(lib.routines.get("calves-roller").unwrap(), "my-fixture-copy".into());
    copy.name = "Calves 🏃 שלום <b>tight</b> '; --".into();
    copy.set_seconds(0, 90);
    let mut mixed = RoutineDraft::blank("my-fixture-mixed".into());
    mixed.name = "Feet then glutes".into();
    let templates = lib.step_templates();
    mixed.add(templates.iter().find(|t| t.routine.id == "feet-ball").unwrap());
    mixed.add(templates.iter().find(|t| t.routine.id == "glutes-roller").unwrap());
    mixed.set_rest(15);
    // Written before steps named a drawing of their position (issue #17): the fixture's steps have none,
    // and still load.
    let before_drawings = |mut r: Routine| {
        r.steps.iter_mut().for_each(|s| s.position = None);
        r
    };
    vec![
        UserRoutine { routine: before_drawings(copy.to_routine(lib)), updated_at: t("2024-06-01T07:00:00+02:00") },
        UserRoutine { routine: before_drawings(mixed.to_routine(lib)), updated_at: t("2024-06-02T19:30:00-04:00") },
    ]
}

/// Stars: a bundled routine and one of the runner's own.
const V4_FAVOURITES: [&str; 2] = ["calves-roller", "my-fixture-mixed"];

/// A v3 session's snapshot: the routine as it ran (the v4 store writes one with each session).
fn v4_snapshot() -> (String, Routine) {
    (v3_sessions()[0].id.clone(), v4_routines()[0].routine.clone())
}

// ---------------------------------------------------------------------------------------------------------------
/// The v5 fixture's runs: one logged by hand (with a note in another script and an offset), one read from
/// a watch's file.
fn v5_runs() -> Vec<Run> {
    vec![
        Run {
            id: "run-1717315200".into(),
            started_at: t("2024-06-02T08:00:00+00:00"),
            kind: RunKind::Long,
            distance_m: 24_150,
            duration_secs: 2 * 3600 + 12 * 60 + 5,
            effort: None,
            note: String::new(),
            source: Some("Sunday_Long_Run.gpx".into()),
        },
        Run {
            id: "run-hand-1".into(),
            started_at: t("2024-06-04T18:30:00+09:30"),
            kind: RunKind::Workout,
            distance_m: 10_000,
            duration_secs: 45 * 60,
            effort: Some(8),
            note: "6×800 m, ふくらはぎ tight".into(),
            source: None,
        },
    ]
}

// Making the fixtures (run once per new version; see the top of the file).

/// Builds a journal file of one version with `build`, the way the app did (WAL mode), and closes it cleanly
/// so the single file is complete; copies it into tests/fixtures unless that fixture exists already.
fn make_fixture(version: i64, build: impl FnOnce(&Connection)) {
    let target = fixture(version);
    if target.exists() {
        eprintln!("{} exists; fixtures are never regenerated", target.display());
        return;
    }
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("journal.sqlite3");
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    build(&conn);
    conn.pragma_update(None, "user_version", version).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    conn.close().unwrap();
    assert!(!dir.path().join("journal.sqlite3-wal").exists(), "the WAL was checkpointed on close");
    fs::create_dir_all(FIXTURES).unwrap();
    fs::copy(&path, &target).unwrap();
    eprintln!("wrote {}", target.display());
}

fn insert_settings(conn: &Connection, settings: &[(&str, String)]) {
    for (k, v) in settings {
        conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![k, v]).unwrap();
    }
}

#[test]
#[ignore = "writes tests/fixtures; run by hand when SCHEMA_VERSION rises"]
fn make_fixtures() {
    // v1: the settings table only.
    make_fixture(1, |conn| {
        conn.execute_batch(V1_SQL).unwrap();
        insert_settings(conn, &v1_settings());
    });
    // v2: settings plus sessions, notes and soreness, written the way the v2 store wrote them.
    make_fixture(2, |conn| {
        conn.execute_batch(V1_SQL).unwrap();
        conn.execute_batch(V2_SQL).unwrap();
        write_v2_rows(conn);
    });
    // v3: the v2 rows carried over (their new columns at the defaults), plus sessions with the new columns.
    make_fixture(3, |conn| {
        conn.execute_batch(V1_SQL).unwrap();
        conn.execute_batch(V2_SQL).unwrap();
        conn.execute_batch(V3_SQL).unwrap();
        write_v2_rows(conn);
        write_v3_sessions(conn);
    });
    // v4: the v3 rows, plus routines of the runner's own, stars, and a session's snapshot.
    make_fixture(4, |conn| {
        for sql in [V1_SQL, V2_SQL, V3_SQL, V4_SQL] {
            conn.execute_batch(sql).unwrap();
        }
        write_v2_rows(conn);
        write_v3_sessions(conn);
        write_v4_rows(conn);
    });
    // v5: the v4 rows, plus runs.
    make_fixture(5, |conn| {
        for sql in [V1_SQL, V2_SQL, V3_SQL, V4_SQL, V5_SQL] {
            conn.execute_batch(sql).unwrap();
        }
        write_v2_rows(conn);
        write_v3_sessions(conn);
        write_v4_rows(conn);
        for r in v5_runs() {
            conn.execute(
                "INSERT INTO runs (id, started_at, started_ms, kind, distance_m, duration_secs, effort, note, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    r.id,
                    r.started_at.to_rfc3339(),
                    r.started_at.timestamp_millis(),
                    r.kind.word(),
                    r.distance_m,
                    r.duration_secs,
                    r.effort,
                    r.note,
                    r.source
                ],
            )
            .unwrap();
        }
    });
}

/// The v4 fixture's routines of the runner's own, stars and a session's snapshot.
fn write_v4_rows(conn: &Connection) {
    for r in v4_routines() {
        conn.execute(
            "INSERT INTO routines (id, name, body, updated_at, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                r.routine.id,
                r.routine.name,
                serde_json::to_string(&r.routine).unwrap(),
                r.updated_at.to_rfc3339(),
                r.updated_at.timestamp_millis()
            ],
        )
        .unwrap();
    }
    for id in V4_FAVOURITES {
        conn.execute("INSERT INTO favourites (routine_id, starred_at) VALUES (?1, '2024-06-03T08:00:00+00:00')", [id])
            .unwrap();
    }
    let (session_id, routine) = v4_snapshot();
    conn.execute(
        "INSERT INTO session_routines (session_id, body) VALUES (?1, ?2)",
        params![session_id, serde_json::to_string(&routine).unwrap()],
    )
    .unwrap();
}

/// The v3 fixture's own sessions, with the columns v3 added.
fn write_v3_sessions(conn: &Connection) {
    for s in v3_sessions() {
        conn.execute(
            "INSERT INTO sessions (id, routine_id, started_at, ended_at, ended_ms, completed, worked_secs, held_secs, skipped_steps)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.id,
                s.routine_id,
                s.started_at.to_rfc3339(),
                s.ended_at.to_rfc3339(),
                s.ended_at.timestamp_millis(),
                s.completed,
                s.worked_secs,
                s.held_secs,
                serde_json::to_string(&s.skipped_steps).unwrap()
            ],
        )
        .unwrap();
    }
}

/// The settings, sessions, notes and soreness of the v2 fixture, written the way the v2 store wrote them.
fn write_v2_rows(conn: &Connection) {
    insert_settings(conn, &v2_settings());
    for s in v2_sessions() {
        conn.execute(
            "INSERT INTO sessions (id, routine_id, started_at, ended_at, ended_ms, completed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                s.id,
                s.routine_id,
                s.started_at.to_rfc3339(),
                s.ended_at.to_rfc3339(),
                s.ended_at.timestamp_millis(),
                s.completed
            ],
        )
        .unwrap();
    }
    for n in v2_notes() {
        conn.execute(
            "INSERT INTO notes (id, created_at, created_ms, updated_at, session_id, feel, rpe, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                n.id,
                n.created_at.to_rfc3339(),
                n.created_at.timestamp_millis(),
                n.updated_at.to_rfc3339(),
                n.session_id,
                n.feel,
                n.rpe,
                n.text
            ],
        )
        .unwrap();
        for (area, level) in &n.soreness {
            conn.execute("INSERT INTO soreness (note_id, area, level) VALUES (?1, ?2, ?3)", params![n.id, area, level])
                .unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/// A copy of the fixture in a temp dir: the committed file is never opened by the app code.
fn copy_of(version: i64) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("journal.sqlite3");
    fs::copy(fixture(version), &path).unwrap_or_else(|e| panic!("fixture for v{version}: {e}"));
    (dir, path)
}

/// Every table's rows, read straight from the file (columns in table order, rows sorted).
type Dump = BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>;

fn dump(path: &Path) -> Dump {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let columns = columns_of(&conn, &table);
            let rows = rows_of(&conn, &table, &columns);
            (table, (columns, rows))
        })
        .collect()
}

fn columns_of(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn rows_of(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {list}")).unwrap();
    let n = columns.len();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn header_user_version(bytes: &[u8]) -> i64 {
    i64::from(i32::from_be_bytes(bytes[60..64].try_into().unwrap()))
}

fn assert_same_notes(actual: &[Note], expected: &[Note]) {
    assert_eq!(actual, expected);
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(a.created_at.to_rfc3339(), e.created_at.to_rfc3339(), "{}", e.id);
        assert_eq!(a.updated_at.to_rfc3339(), e.updated_at.to_rfc3339(), "{}", e.id);
    }
}

fn by_id(mut notes: Vec<Note>) -> Vec<Note> {
    notes.sort_by(|a, b| a.id.cmp(&b.id));
    notes
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

/// Raising SCHEMA_VERSION without adding a fixture fails here (see the top of this file).
#[test]
fn a_fixture_exists_for_every_schema_version() {
    for version in 1..=SCHEMA_VERSION {
        let path = fixture(version);
        let bytes = fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}). SCHEMA_VERSION is {SCHEMA_VERSION}: every version needs a fixture; see the top \
                 of tests/journal_migrations.rs",
                path.display()
            )
        });
        assert!(bytes.starts_with(b"SQLite format 3\0"), "{} is not a SQLite file", path.display());
        assert_eq!(header_user_version(&bytes), version, "{} has the wrong user_version", path.display());
        for companion in ["-wal", "-shm", "-journal"] {
            let stray = PathBuf::from(format!("{}{companion}", path.display()));
            assert!(!stray.exists(), "{} must not exist: fixtures are single, complete files", stray.display());
        }
    }
    assert!(!fixture(SCHEMA_VERSION + 1).exists(), "a fixture newer than SCHEMA_VERSION: did a migration get lost?");
}

#[test]
fn every_fixture_migrates_to_the_current_schema_and_keeps_every_row() {
    for version in 1..=SCHEMA_VERSION {
        let committed = fs::read(fixture(version)).unwrap();
        let (_dir, path) = copy_of(version);
        let before = dump(&path);
        assert!(!before.is_empty(), "v{version}: the fixture has tables");
        for (table, (_, rows)) in &before {
            assert!(!rows.is_empty(), "v{version}: fixture table {table} should have rows to carry over");
        }

        let (journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
        let expected = Opened::Existing { migrated_from: (version < SCHEMA_VERSION).then_some(version) };
        assert_eq!(opened, expected, "v{version}");
        assert_eq!(journal.user_version().unwrap(), SCHEMA_VERSION, "v{version}");
        assert_eq!(journal.integrity_check().unwrap(), "ok", "v{version}");
        drop(journal);

        // Every table of the old version still has every row, value for value, in the columns it had.
        let conn = Connection::open(&path).unwrap();
        for (table, (columns, rows)) in &before {
            let now_columns = columns_of(&conn, table);
            for c in columns {
                assert!(now_columns.contains(c), "v{version}: column {table}.{c} disappeared");
            }
            let count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0)).unwrap();
            assert_eq!(count as usize, rows.len(), "v{version}: row count of {table}");
            assert_eq!(&rows_of(&conn, table, columns), rows, "v{version}: rows of {table}");
        }
        drop(conn);

        // Opening again finds nothing to migrate and changes nothing.
        let after_first = dump(&path);
        let (_, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
        assert_eq!(opened, Opened::Existing { migrated_from: None }, "v{version}, second open");
        assert_eq!(dump(&path), after_first, "v{version}: a second open changed rows");

        assert_eq!(fs::read(fixture(version)).unwrap(), committed, "v{version}: the committed fixture was modified");
    }
}

#[test]
fn v3_journal_keeps_what_each_session_did() {
    let (_dir, path) = copy_of(3);
    let (journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: (SCHEMA_VERSION > 3).then_some(3) });
    let mut sessions = journal.sessions().unwrap();
    sessions.sort_by(|a, b| a.id.cmp(&b.id));
    let mut expected = v2_sessions();
    expected.extend(v3_sessions());
    assert_eq!(sessions, expected);
    assert_same_notes(&by_id(journal.all_notes().unwrap()), &by_id(v2_notes()));
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn v4_journal_keeps_routines_stars_and_snapshots() {
    let (_dir, path) = copy_of(4);
    let (mut journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: (SCHEMA_VERSION > 4).then_some(4) });
    let mut expected = v4_routines();
    expected.sort_by(|a, b| a.routine.name.cmp(&b.routine.name));
    assert_eq!(journal.routines().unwrap(), expected);
    for r in v4_routines() {
        let read = journal.routine(&r.routine.id).unwrap().expect("routine present");
        assert_eq!(read.updated_at.to_rfc3339(), r.updated_at.to_rfc3339());
        assert_eq!(read, r);
    }
    assert_eq!(journal.favourites().unwrap(), V4_FAVOURITES.iter().map(|s| s.to_string()).collect());
    let (session_id, routine) = v4_snapshot();
    assert_eq!(journal.session_routine(&session_id).unwrap(), Some(routine.clone()));
    // The notes and sessions of older versions are all there too.
    assert_same_notes(&by_id(journal.all_notes().unwrap()), &by_id(v2_notes()));
    assert_eq!(journal.sessions().unwrap().len(), v2_sessions().len() + v3_sessions().len());
    // Deleting a routine a session ran leaves that session's snapshot as it was.
    journal.delete_routine(&routine.id).unwrap().expect("it was there");
    assert_eq!(journal.session_routine(&session_id).unwrap(), Some(routine));
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn v5_journal_keeps_runs() {
    let (_dir, path) = copy_of(5);
    let (mut journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: (SCHEMA_VERSION > 5).then_some(5) });
    let mut expected = v5_runs();
    expected.sort_by_key(|r| std::cmp::Reverse(r.started_at));
    let runs = journal.runs().unwrap();
    assert_eq!(runs, expected);
    for (read, written) in runs.iter().zip(&expected) {
        assert_eq!(read.started_at.to_rfc3339(), written.started_at.to_rfc3339(), "the offset is kept");
    }
    // Everything of older versions is there too.
    assert_same_notes(&by_id(journal.all_notes().unwrap()), &by_id(v2_notes()));
    assert_eq!(journal.routines().unwrap().len(), v4_routines().len());
    assert_eq!(journal.favourites().unwrap(), V4_FAVOURITES.iter().map(|s| s.to_string()).collect());
    // Saving a run with a stored id replaces it; deleting gives it back.
    let mut edited = expected[0].clone();
    edited.effort = Some(5);
    journal.save_run(&edited).unwrap();
    assert_eq!(journal.runs().unwrap().len(), expected.len());
    assert_eq!(journal.delete_run(&edited.id).unwrap(), Some(edited));
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}

#[test]
fn v1_journal_migrates_and_keeps_its_settings() {
    let (dir, path) = copy_of(1);
    let (mut journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: Some(1) });
    assert_eq!(journal.user_version().unwrap(), SCHEMA_VERSION);
    for (key, value) in v1_settings() {
        assert_eq!(journal.setting(key).unwrap().as_deref(), Some(value.as_str()), "setting {key}");
    }
    let stored = journal.setting(keys::SESSION_SETTINGS).unwrap().unwrap();
    let parsed: SessionSettings = serde_json::from_str(&stored).expect("old session settings still parse");
    assert_eq!(parsed, fixture_session_settings());

    // The new tables are there, empty, and work.
    assert_eq!(journal.note_count().unwrap(), 0);
    assert!(journal.sessions().unwrap().is_empty());
    let note = v2_notes().remove(0);
    journal.save_note(&note).unwrap();
    journal.record_session(&v2_sessions()[0]).unwrap();
    assert_eq!(journal.note(&note.id).unwrap(), Some(note.clone()));
    drop(journal);

    let settings_rows: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(settings_rows as usize, v1_settings().len());
    let (journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: None });
    assert_eq!(journal.note_count().unwrap(), 1);
    assert_eq!(journal.integrity_check().unwrap(), "ok");
    drop(dir);
}

#[test]
fn v2_journal_keeps_every_note_session_and_setting() {
    let (_dir, path) = copy_of(2);
    let (mut journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    let expected = Opened::Existing { migrated_from: (SCHEMA_VERSION > 2).then_some(2) };
    assert_eq!(opened, expected);

    assert_eq!(journal.note_count().unwrap(), v2_notes().len() as i64);
    assert_same_notes(&by_id(journal.all_notes().unwrap()), &by_id(v2_notes()));
    for n in v2_notes() {
        assert_same_notes(&[journal.note(&n.id).unwrap().expect("note present")], &[n]);
    }
    let mut sessions = journal.sessions().unwrap();
    sessions.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(sessions, v2_sessions());
    for (key, value) in v2_settings() {
        assert_eq!(journal.setting(key).unwrap().as_deref(), Some(value.as_str()), "setting {key}");
    }
    // The queries see the old rows as they would new ones.
    assert_eq!(
        journal.soreness_by_day("calves", NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()).unwrap(),
        vec![(NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(), 6.0), (NaiveDate::from_ymd_opt(2024, 4, 3).unwrap(), 8.0)]
    );
    assert_eq!(journal.latest_note().unwrap().unwrap().id, "a5-long");

    // Old notes can be edited and deleted like new ones.
    let old = journal.note("a2-rtl").unwrap().unwrap();
    let mut draft = old.as_draft();
    draft.text.push_str(" ✓");
    let edited = old.edited(draft, t("2024-05-01T09:00:00+03:00")).unwrap();
    journal.save_note(&edited).unwrap();
    assert_eq!(journal.note("a2-rtl").unwrap(), Some(edited));
    let gone = journal.delete_note("a4-sql'; DROP TABLE notes; --").unwrap().unwrap();
    assert_eq!(gone.soreness.len(), 3);
    assert_eq!(journal.note_count().unwrap(), v2_notes().len() as i64 - 1);
    assert_eq!(journal.integrity_check().unwrap(), "ok");
}
