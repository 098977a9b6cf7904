//! The SQLite store. Rules (ARCHITECTURE.md "Journal"): every write is one transaction that is durable
//! when it returns (WAL + synchronous=FULL on phones and desktop); migrations run on `PRAGMA user_version`,
//! each in one transaction, and keep every row; a database written by a newer app is refused and left
//! untouched; a corrupt file is renamed to `*.corrupt-<timestamp>` — never deleted — and a fresh one started.
//! A new journal is built under a temporary name and renamed into place complete, so a first start killed
//! early leaves no half-made file to be mistaken for a damaged journal.
//!
//! Reading never bricks: a row that cannot be read back, or that breaks the rules of [`super::model`] (written
//! by an older version with looser rules, or damaged on disk), is left out of listings and export and reported
//! by [`Journal::damaged_rows`] with its raw contents, and can still be deleted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::model::{Note, SessionRecord};
use super::JournalError;

/// The schema version this app writes. Add a migration (and a fixture under `tests/fixtures/`) to raise it.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Ordered migrations: entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: app settings (first start, safety notes seen, session settings).
    "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;",
    // 2: the recovery log.
    "CREATE TABLE sessions (
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
    ) STRICT, WITHOUT ROWID;",
    // 3: what a session actually did: minutes massaged (NULL: not known for older rows), time added with
    // "Hold here", and the titles of skipped steps (a JSON array).
    "ALTER TABLE sessions ADD COLUMN worked_secs INTEGER CHECK (worked_secs BETWEEN 0 AND 86400);
    ALTER TABLE sessions ADD COLUMN held_secs INTEGER NOT NULL DEFAULT 0 CHECK (held_secs BETWEEN 0 AND 86400);
    ALTER TABLE sessions ADD COLUMN skipped_steps TEXT NOT NULL DEFAULT '[]';",
    // 4: routines of the runner's own, stars, and the routine each session ran (see journal/routines.rs).
    super::routines::V4_SQL,
    // 5: runs, logged by hand or read from a watch's GPX or FIT file (see journal/runs.rs).
    super::runs::V5_SQL,
];

/// How hard the store may lean on the file system: WAL and fsync on native, weaker on the web build's
/// IndexedDB VFS (which needs `synchronous=OFF` and has no shared memory for WAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Durability {
    pub wal: bool,
    pub synchronous_full: bool,
}

impl Durability {
    pub const NATIVE: Durability = Durability { wal: true, synchronous_full: true };
}

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// A new, empty journal.
    Fresh,
    /// An existing journal (migrated if it was older).
    Existing { migrated_from: Option<i64> },
    /// The file was unreadable; it was moved here and a new journal started.
    Recovered { set_aside: PathBuf, reason: String },
}

/// A row that cannot be read back as a note, session, routine of the runner's own or run: shown as damaged,
/// exported raw, deletable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DamagedRow {
    /// `notes`, `sessions`, `routines` or `runs`.
    pub table: String,
    /// SQLite's row id: the one handle that works whatever the id column holds.
    pub rowid: i64,
    /// Why it cannot be read, in words.
    pub problem: String,
    /// Every column as text: invalid UTF-8 replaced, blobs as `x'..'` hex, NULL as `NULL`; a note's soreness
    /// as `area=level` pairs.
    pub columns: BTreeMap<String, String>,
}

pub struct Journal {
    conn: Connection,
}

/// Where a page of history ends: the last row it read, in the order of [`Journal::notes_page`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCursor {
    created_ms: i64,
    id: String,
}

/// One page of history, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct NotesPage {
    pub notes: Vec<Note>,
    /// Where the next page starts; `None` once the oldest note has been read.
    pub next: Option<NoteCursor>,
}

impl Journal {
    /// Opens (or creates) the journal at `path`, setting a corrupt file aside.
    pub fn open(path: &Path, durability: Durability) -> Result<(Journal, Opened), JournalError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let existed = path.exists();
        if !existed {
            create_complete(path, durability)?;
            let journal = Journal::open_checked(path, durability)?;
            return Ok((journal, Opened::Fresh));
        }
        if std::fs::metadata(path)?.len() == 0 {
            // SQLite would treat an empty file as an empty database, but a journal does not shrink to
            // nothing on its own: keep the evidence and start over.
            let set_aside = set_aside(path)?;
            let mut journal = Journal::open_checked(path, durability)?;
            journal.migrate()?;
            return Ok((journal, Opened::Recovered { set_aside, reason: "the file was empty".into() }));
        }
        match Journal::open_checked(path, durability) {
            Ok(mut journal) => {
                let before = journal.user_version()?;
                journal.migrate()?;
                let opened = match (before > 0, before < SCHEMA_VERSION) {
                    (false, _) => Opened::Fresh,
                    (true, true) => Opened::Existing { migrated_from: Some(before) },
                    (true, false) => Opened::Existing { migrated_from: None },
                };
                Ok((journal, opened))
            }
            Err(JournalError::Corrupt(reason)) => {
                let set_aside = set_aside(path)?;
                let mut journal = Journal::open_checked(path, durability)?;
                journal.migrate()?;
                Ok((journal, Opened::Recovered { set_aside, reason }))
            }
            Err(e) => Err(e),
        }
    }

    /// Opens a journal in a SQLite VFS that is not the file system (the web build's IndexedDB store), where
    /// files cannot be renamed: the caller deals with a `Corrupt` error by choosing a new name.
    pub fn open_in_vfs(name: &str, durability: Durability) -> Result<(Journal, Opened), JournalError> {
        let mut journal = Journal::open_checked(Path::new(name), durability)?;
        let before = journal.user_version()?;
        journal.migrate()?;
        let opened = match before {
            0 => Opened::Fresh,
            v if v < SCHEMA_VERSION => Opened::Existing { migrated_from: Some(v) },
            _ => Opened::Existing { migrated_from: None },
        };
        Ok((journal, opened))
    }

    /// A journal that lives only in memory (tests, previews).
    pub fn open_in_memory() -> Result<Journal, JournalError> {
        let mut journal = Journal { conn: Connection::open_in_memory()? };
        journal.conn.pragma_update(None, "foreign_keys", "ON")?;
        journal.migrate()?;
        Ok(journal)
    }

    /// Opens the file, refuses a newer schema before touching anything, checks integrity, sets pragmas.
    fn open_checked(path: &Path, durability: Durability) -> Result<Journal, JournalError> {
        let had_wal = PathBuf::from(format!("{}-wal", path.display())).exists();
        let conn = Connection::open(path).map_err(classify)?;
        // Until the checks pass, closing must not write: SQLite would otherwise checkpoint an existing `-wal`
        // into a file we refuse (too new) or set aside (corrupt), and delete the `-wal`.
        if had_wal {
            conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        }
        let journal = Journal { conn };
        let version = journal.user_version().map_err(|e| match e {
            JournalError::Sqlite(e) => classify(e),
            e => e,
        })?;
        if version > SCHEMA_VERSION {
            return Err(JournalError::TooNew { found: version, supported: SCHEMA_VERSION });
        }
        // A file cut short by less than a page reads as zeros where it was cut, which quick_check often misses.
        // (Not with a -wal: a checkpoint interrupted by a full disk can leave a partial page the WAL still holds.)
        let page_size = journal.conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0));
        if let (false, Ok(meta), Ok(page_size @ 1..)) = (had_wal, std::fs::metadata(path), page_size) {
            if meta.len() % page_size as u64 != 0 {
                return Err(JournalError::Corrupt(format!(
                    "the file is {} bytes long, not a whole number of {page_size}-byte pages",
                    meta.len()
                )));
            }
        }
        let check: String = journal.conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(classify)?;
        if check != "ok" {
            return Err(JournalError::Corrupt(format!("integrity check failed: {check}")));
        }
        if had_wal {
            journal.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        }
        if durability.wal {
            let mode: String = journal.conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(classify)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(JournalError::Sqlite(rusqlite::Error::InvalidQuery));
            }
        }
        journal.conn.pragma_update(None, "synchronous", if durability.synchronous_full { "FULL" } else { "OFF" })?;
        journal.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(journal)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn user_version(&self) -> Result<i64, JournalError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), JournalError> {
        let from = self.user_version()?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn integrity_check(&self) -> Result<String, JournalError> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    // ---- settings ----

    pub fn setting(&self, key: &str) -> Result<Option<String>, JournalError> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), JournalError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    // ---- sessions ----

    pub fn record_session(&self, s: &SessionRecord) -> Result<(), JournalError> {
        let problems = s.problems();
        if !problems.is_empty() {
            return Err(JournalError::InvalidSession(problems));
        }
        insert_session(&self.conn, s)?;
        Ok(())
    }

    /// Every readable session, latest first (see [`Journal::damaged_rows`] for the others).
    pub fn sessions(&self) -> Result<Vec<SessionRecord>, JournalError> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM sessions ORDER BY ended_ms DESC"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            if let Ok(s) = read_session(row) {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Sessions finished in each of the `weeks` weeks ending with the one holding `today` (weeks start on
    /// Monday, local dates), oldest first.
    pub fn sessions_per_week(&self, today: NaiveDate, weeks: u32) -> Result<Vec<(NaiveDate, u32)>, JournalError> {
        use chrono::Datelike;
        let this_monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
        let first = this_monday - chrono::Days::new(7 * u64::from(weeks.saturating_sub(1)));
        let mut counts = vec![0u32; weeks as usize];
        let mut stmt = self.conn.prepare_cached("SELECT substr(ended_at, 1, 10) FROM sessions WHERE substr(ended_at, 1, 10) >= ?1")?;
        let days = stmt.query_map([first.to_string()], |r| r.get::<_, String>(0))?;
        for day in days {
            if let Ok(d) = NaiveDate::parse_from_str(&day?, "%Y-%m-%d") {
                let week = (d - first).num_days() / 7;
                if let Some(c) = usize::try_from(week).ok().and_then(|w| counts.get_mut(w)) {
                    *c += 1;
                }
            }
        }
        Ok(counts.into_iter().enumerate().map(|(i, c)| (first + chrono::Days::new(7 * i as u64), c)).collect())
    }

    // ---- notes ----

    /// Inserts a new note or replaces the one with the same id, in one transaction.
    pub fn save_note(&mut self, note: &Note) -> Result<(), JournalError> {
        let problems = note.problems();
        if !problems.is_empty() {
            return Err(JournalError::Invalid(problems));
        }
        let tx = self.conn.transaction()?;
        upsert_note(&tx, note)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a note and returns it, so the caller can offer undo (by saving it again). A damaged note is
    /// deleted too, and `None` returned.
    pub fn delete_note(&mut self, id: &str) -> Result<Option<Note>, JournalError> {
        let tx = self.conn.transaction()?;
        let note = load_note(&tx, id)?.and_then(Result::ok);
        tx.execute("DELETE FROM notes WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(note)
    }

    /// The note with this id; [`JournalError::Damaged`] if it is there but cannot be read back.
    pub fn note(&self, id: &str) -> Result<Option<Note>, JournalError> {
        load_note(&self.conn, id)?.transpose().map_err(JournalError::Damaged)
    }

    /// Rows of the journal that cannot be read back as notes, sessions, routines or runs, with their raw
    /// contents.
    pub fn damaged_rows(&self) -> Result<Vec<DamagedRow>, JournalError> {
        let mut out = Vec::new();
        let mut soreness = self.conn.prepare_cached(
            "SELECT area, level FROM soreness WHERE note_id = (SELECT id FROM notes WHERE rowid = ?1) ORDER BY area",
        )?;
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {NOTE_COLUMNS} FROM notes ORDER BY created_ms DESC, rowid"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Err(problem) = read_note(&self.conn, row) {
                let rowid: i64 = row.get(0)?;
                let mut columns = raw_columns(row)?;
                let mut pairs = Vec::new();
                let mut levels = soreness.query([rowid])?;
                while let Some(level) = levels.next()? {
                    pairs.push(format!("{}={}", raw(level.get_ref(0)?), raw(level.get_ref(1)?)));
                }
                columns.insert("soreness".into(), pairs.join("; "));
                out.push(DamagedRow { table: "notes".into(), rowid, problem, columns });
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM sessions ORDER BY ended_ms DESC, rowid"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Err(problem) = read_session(row) {
                out.push(DamagedRow { table: "sessions".into(), rowid: row.get(0)?, problem, columns: raw_columns(row)? });
            }
        }
        let mut stmt = self.conn.prepare_cached("SELECT rowid, id, name, body, updated_at FROM routines ORDER BY updated_ms DESC, rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text = |i: usize, column: &str| row.get::<_, String>(i).map_err(|e| format!("{column}: {e}"));
            let readable = text(3, "body").and_then(|body| text(4, "updated_at").and_then(|at| super::routines::routine_row(&body, &at)));
            if let Err(problem) = readable {
                out.push(DamagedRow { table: "routines".into(), rowid: row.get(0)?, problem, columns: raw_columns(row)? });
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT rowid, {} FROM runs ORDER BY started_ms DESC, rowid", super::runs::RUN_COLUMNS))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Err(problem) = super::runs::read_run(row, 1) {
                out.push(DamagedRow { table: "runs".into(), rowid: row.get(0)?, problem, columns: raw_columns(row)? });
            }
        }
        Ok(out)
    }

    /// Deletes a row listed by [`Journal::damaged_rows`] (a note's soreness goes with it).
    pub fn delete_damaged(&mut self, row: &DamagedRow) -> Result<(), JournalError> {
        let sql = match row.table.as_str() {
            "notes" => "DELETE FROM notes WHERE rowid = ?1",
            "sessions" => "DELETE FROM sessions WHERE rowid = ?1",
            "routines" => "DELETE FROM routines WHERE rowid = ?1",
            "runs" => "DELETE FROM runs WHERE rowid = ?1",
            other => return Err(JournalError::Damaged(format!("no table {other:?} holds journal rows"))),
        };
        self.in_transaction(|tx| {
            tx.execute(sql, [row.rowid])?;
            Ok(())
        })
    }

    pub fn note_count(&self) -> Result<i64, JournalError> {
        Ok(self.conn.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?)
    }

    /// Newest first: up to `limit` readable notes that come after `after` (from the start with `None`), and
    /// where the next page starts. Keyset paging: a page seeks to its place through `notes_by_time` and reads
    /// only its own rows, so the last page of a long history costs what the first does. A damaged row is passed
    /// over here (and listed by [`Journal::damaged_rows`]); it still moves the cursor on.
    pub fn notes_page(&self, limit: u32, after: Option<&NoteCursor>) -> Result<NotesPage, JournalError> {
        let mut stmt = self.conn.prepare_cached(&notes_page_sql())?;
        let (ms, id) = after.map_or((i64::MAX, ""), |c| (c.created_ms, c.id.as_str()));
        let mut rows = stmt.query(params![ms, id])?;
        let mut page = NotesPage { notes: Vec::new(), next: None };
        while page.notes.len() < limit as usize {
            let Some(row) = rows.next()? else {
                page.next = None;
                return Ok(page);
            };
            page.next = Some(NoteCursor { created_ms: row.get(8)?, id: row.get(1)? });
            if let Ok(note) = read_note(&self.conn, row) {
                page.notes.push(note);
            }
        }
        Ok(page)
    }

    /// The newest `limit` readable notes: the first page.
    pub fn latest_notes(&self, limit: u32) -> Result<Vec<Note>, JournalError> {
        Ok(self.notes_page(limit, None)?.notes)
    }

    pub fn all_notes(&self) -> Result<Vec<Note>, JournalError> {
        self.latest_notes(u32::MAX)
    }

    pub fn latest_note(&self) -> Result<Option<Note>, JournalError> {
        Ok(self.latest_notes(1)?.into_iter().next())
    }

    /// Daily average soreness of `area` from `since` (a local date) on, oldest first.
    pub fn soreness_by_day(&self, area: &str, since: NaiveDate) -> Result<Vec<(NaiveDate, f64)>, JournalError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(n.created_at, 1, 10) AS day, avg(s.level) FROM soreness s JOIN notes n ON n.id = s.note_id
             WHERE s.area = ?1 AND day >= ?2 GROUP BY day ORDER BY day",
        )?;
        let rows = stmt.query_map(params![area, since.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (day, avg) = row?;
            if let Ok(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                out.push((d, avg));
            }
        }
        Ok(out)
    }

    /// Areas that have any soreness reading, most logged first.
    pub fn logged_areas(&self) -> Result<Vec<String>, JournalError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT area FROM soreness GROUP BY area ORDER BY count(*) DESC, area")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes every note, session, run, routine of the runner's own and star (settings stay). Used by "Delete all
    /// journal data" in Settings.
    pub fn wipe(&mut self) -> Result<(), JournalError> {
        self.in_transaction(|tx| {
            tx.execute_batch(
                "DELETE FROM soreness; DELETE FROM notes; DELETE FROM session_routines; DELETE FROM sessions;
                 DELETE FROM routines; DELETE FROM favourites; DELETE FROM runs;",
            )?;
            Ok(())
        })
    }

    /// Runs `f` inside one transaction; any error rolls everything back.
    pub(crate) fn in_transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

pub(crate) fn insert_session(conn: &Connection, s: &SessionRecord) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO sessions (id, routine_id, started_at, ended_at, ended_ms, completed, worked_secs, held_secs, skipped_steps)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET routine_id = excluded.routine_id, started_at = excluded.started_at,
           ended_at = excluded.ended_at, ended_ms = excluded.ended_ms, completed = excluded.completed,
           worked_secs = excluded.worked_secs, held_secs = excluded.held_secs, skipped_steps = excluded.skipped_steps",
        params![
            s.id,
            s.routine_id,
            s.started_at.to_rfc3339(),
            s.ended_at.to_rfc3339(),
            s.ended_at.timestamp_millis(),
            s.completed.clamp(0.0, 1.0),
            s.worked_secs,
            s.held_secs,
            serde_json::to_string(&s.skipped_steps).expect("a list of strings always serialises")
        ],
    )?;
    Ok(())
}

pub(crate) fn upsert_note(conn: &Connection, note: &Note) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO notes (id, created_at, created_ms, updated_at, session_id, feel, rpe, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, created_ms = excluded.created_ms,
           updated_at = excluded.updated_at, session_id = excluded.session_id, feel = excluded.feel,
           rpe = excluded.rpe, text = excluded.text",
        params![
            note.id,
            note.created_at.to_rfc3339(),
            note.created_at.timestamp_millis(),
            note.updated_at.to_rfc3339(),
            note.session_id,
            note.feel,
            note.rpe,
            note.text
        ],
    )?;
    conn.execute("DELETE FROM soreness WHERE note_id = ?1", [&note.id])?;
    let mut stmt = conn.prepare_cached("INSERT INTO soreness (note_id, area, level) VALUES (?1, ?2, ?3)")?;
    for (area, level) in &note.soreness {
        stmt.execute(params![note.id, area, level])?;
    }
    Ok(())
}

const NOTE_COLUMNS: &str = "rowid, id, created_at, updated_at, session_id, feel, rpe, text";
const SESSION_COLUMNS: &str = "rowid, id, routine_id, started_at, ended_at, completed, worked_secs, held_secs, skipped_steps";

/// The query behind [`Journal::notes_page`]: newest instant first, ties by id. `created_ms <= ?1` lets SQLite
/// seek in `notes_by_time`; the rest drops the rows up to and including the cursor within its millisecond.
fn notes_page_sql() -> String {
    format!(
        "SELECT {NOTE_COLUMNS}, created_ms FROM notes WHERE created_ms <= ?1 AND (created_ms < ?1 OR id > ?2) \
         ORDER BY created_ms DESC, id"
    )
}

/// The note with this id: `None` if there is none, `Some(Err(why))` if it is there but cannot be read back.
pub(crate) fn load_note(conn: &Connection, id: &str) -> Result<Option<Result<Note, String>>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    Ok(rows.next()?.map(|row| read_note(conn, row)))
}

/// A note row (in [`NOTE_COLUMNS`] order) with its soreness, or why it cannot be read back as a note that
/// keeps the rules.
fn read_note(conn: &Connection, r: &rusqlite::Row) -> Result<Note, String> {
    let why = |column: &str, e: rusqlite::Error| format!("{column}: {e}");
    let mut note = Note {
        id: r.get(1).map_err(|e| why("id", e))?,
        created_at: read_time(r, 2).map_err(|e| why("created_at", e))?,
        updated_at: read_time(r, 3).map_err(|e| why("updated_at", e))?,
        session_id: r.get(4).map_err(|e| why("session_id", e))?,
        feel: r.get(5).map_err(|e| why("feel", e))?,
        rpe: r.get(6).map_err(|e| why("rpe", e))?,
        text: r.get(7).map_err(|e| why("text", e))?,
        soreness: BTreeMap::new(),
    };
    let rowid: i64 = r.get(0).map_err(|e| why("rowid", e))?;
    let read_soreness = || -> rusqlite::Result<BTreeMap<String, u8>> {
        let mut stmt = conn.prepare_cached(
            "SELECT area, level FROM soreness WHERE note_id = (SELECT id FROM notes WHERE rowid = ?1)",
        )?;
        // Inserted one by one, not collected: collecting into a BTreeMap sorts with a copy of the standard
        // stable sort of its own (wasm size, src/sort.rs). Same map: a repeated area keeps its last level.
        let mut levels = BTreeMap::new();
        for row in stmt.query_map([rowid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)))? {
            let (area, level) = row?;
            levels.insert(area, level);
        }
        Ok(levels)
    };
    note.soreness = read_soreness().map_err(|e| why("soreness", e))?;
    let problems: Vec<String> = note.problems().iter().map(ToString::to_string).collect();
    if problems.is_empty() {
        Ok(note)
    } else {
        Err(problems.join("; "))
    }
}

/// A session row (in [`SESSION_COLUMNS`] order), or why it cannot be read back as one that keeps the rules.
fn read_session(r: &rusqlite::Row) -> Result<SessionRecord, String> {
    let why = |column: &str, e: rusqlite::Error| format!("{column}: {e}");
    let s = SessionRecord {
        id: r.get(1).map_err(|e| why("id", e))?,
        routine_id: r.get(2).map_err(|e| why("routine_id", e))?,
        started_at: read_time(r, 3).map_err(|e| why("started_at", e))?,
        ended_at: read_time(r, 4).map_err(|e| why("ended_at", e))?,
        completed: r.get(5).map_err(|e| why("completed", e))?,
        worked_secs: r.get(6).map_err(|e| why("worked_secs", e))?,
        held_secs: r.get(7).map_err(|e| why("held_secs", e))?,
        skipped_steps: {
            let text: String = r.get(8).map_err(|e| why("skipped_steps", e))?;
            serde_json::from_str(&text).map_err(|e| format!("skipped_steps: {e}"))?
        },
    };
    let problems: Vec<String> = s.problems().iter().map(|(f, p)| format!("{f}: {p}")).collect();
    if problems.is_empty() {
        Ok(s)
    } else {
        Err(problems.join("; "))
    }
}

fn read_time(r: &rusqlite::Row, idx: usize) -> rusqlite::Result<DateTime<FixedOffset>> {
    let text = r.get_ref(idx)?.as_str()?;
    DateTime::parse_from_rfc3339(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, format!("{text:?} is not a date: {e}").into())
    })
}

/// Every column of a row but the first (the rowid), by name, as text.
fn raw_columns(r: &rusqlite::Row) -> Result<BTreeMap<String, String>, JournalError> {
    let names: Vec<String> = r.as_ref().column_names().map(str::to_string).collect();
    let mut out = BTreeMap::new();
    for (i, name) in names.iter().enumerate().skip(1) {
        out.insert(name.to_string(), raw(r.get_ref(i)?));
    }
    Ok(out)
}

fn raw(v: ValueRef) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// Builds a new, empty journal at `path` under a temporary name and renames it into place once complete
/// (durably): a start killed half-way leaves only the temporary file, which holds nothing and is replaced.
fn create_complete(path: &Path, durability: Durability) -> Result<(), JournalError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "journal".into());
    let temp = path.with_file_name(format!("{name}.creating"));
    for suffix in ["", "-wal", "-shm", "-journal"] {
        // Only ever an empty schema from a start that was killed: nothing of the runner's is in it.
        let leftover = PathBuf::from(format!("{}{suffix}", temp.display()));
        if leftover.exists() {
            std::fs::remove_file(&leftover)?;
        }
    }
    {
        let mut journal = Journal::open_checked(&temp, durability)?;
        journal.migrate()?;
        if durability.wal {
            journal.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
    }
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", temp.display()));
        if companion.exists() && std::fs::metadata(&companion)?.len() == 0 {
            std::fs::remove_file(&companion)?;
        }
    }
    std::fs::File::open(&temp)?.sync_all()?;
    std::fs::rename(&temp, path)?;
    if let Some(dir) = path.parent() {
        // Makes the rename itself durable (a directory opens read-only on Unix; elsewhere this may fail).
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Maps "this is not a readable database" errors to [`JournalError::Corrupt`].
fn classify(e: rusqlite::Error) -> JournalError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match e.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => JournalError::Corrupt(e.to_string()),
        _ => JournalError::Sqlite(e),
    }
}

/// Renames the database (and its `-wal` / `-shm` companions) to `<name>.corrupt-<UTC timestamp>`; never
/// deletes. Returns the new path of the database file.
fn set_aside(path: &Path) -> Result<PathBuf, JournalError> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "journal".into());
    let mut target = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
    }
    std::fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            std::fs::rename(&companion, PathBuf::from(format!("{}{suffix}", target.display())))?;
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page seeks in the index and sorts only within a millisecond: no scan of the table, no sort of it all.
    #[test]
    fn notes_page_seeks_through_the_index() {
        let journal = Journal::open_in_memory().unwrap();
        let mut stmt = journal.conn.prepare(&format!("EXPLAIN QUERY PLAN {}", notes_page_sql())).unwrap();
        let plan: Vec<String> = stmt.query_map(params![0, ""], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
        let plan = plan.join("\n");
        assert!(plan.contains("SEARCH notes USING INDEX notes_by_time (created_ms<?)"), "{plan}");
        assert!(!plan.contains("SCAN notes"), "{plan}");
        assert!(!plan.contains("USE TEMP B-TREE FOR ORDER BY"), "{plan}");
    }
}
