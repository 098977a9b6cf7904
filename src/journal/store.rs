//! The SQLite store. Rules (ARCHITECTURE.md "Journal"): every write is one transaction that is durable
//! when it returns (WAL + synchronous=FULL on phones and desktop); migrations run on `PRAGMA user_version`,
//! each in one transaction, and keep every row; a database written by a newer app is refused and left
//! untouched; a corrupt file is renamed to `*.corrupt-<timestamp>` — never deleted — and a fresh one started.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

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

pub struct Journal {
    conn: Connection,
}

impl Journal {
    /// Opens (or creates) the journal at `path`, setting a corrupt file aside.
    pub fn open(path: &Path, durability: Durability) -> Result<(Journal, Opened), JournalError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let existed = path.exists();
        if existed && std::fs::metadata(path)?.len() == 0 {
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
                let opened = match (existed && before > 0, before < SCHEMA_VERSION) {
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
        insert_session(&self.conn, s)?;
        Ok(())
    }

    pub fn sessions(&self) -> Result<Vec<SessionRecord>, JournalError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, routine_id, started_at, ended_at, completed FROM sessions ORDER BY ended_ms DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SessionRecord {
                id: r.get(0)?,
                routine_id: r.get(1)?,
                started_at: parse_time(r.get_ref(2)?.as_str()?)?,
                ended_at: parse_time(r.get_ref(3)?.as_str()?)?,
                completed: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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

    /// Deletes a note and returns it, so the caller can offer undo (by saving it again).
    pub fn delete_note(&mut self, id: &str) -> Result<Option<Note>, JournalError> {
        let tx = self.conn.transaction()?;
        let note = load_note(&tx, id)?;
        tx.execute("DELETE FROM notes WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(note)
    }

    pub fn note(&self, id: &str) -> Result<Option<Note>, JournalError> {
        load_note(&self.conn, id)
    }

    pub fn note_count(&self) -> Result<i64, JournalError> {
        Ok(self.conn.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?)
    }

    /// Newest first: `limit` notes after skipping `offset`.
    pub fn notes_page(&self, limit: u32, offset: u32) -> Result<Vec<Note>, JournalError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, created_at, updated_at, session_id, feel, rpe, text FROM notes
             ORDER BY created_ms DESC, id LIMIT ?1 OFFSET ?2",
        )?;
        let notes = stmt.query_map(params![limit, offset], note_row)?.collect::<Result<Vec<_>, _>>()?;
        self.with_soreness(notes)
    }

    pub fn all_notes(&self) -> Result<Vec<Note>, JournalError> {
        self.notes_page(u32::MAX, 0)
    }

    pub fn latest_note(&self) -> Result<Option<Note>, JournalError> {
        Ok(self.notes_page(1, 0)?.into_iter().next())
    }

    fn with_soreness(&self, mut notes: Vec<Note>) -> Result<Vec<Note>, JournalError> {
        let mut stmt = self.conn.prepare_cached("SELECT area, level FROM soreness WHERE note_id = ?1")?;
        for note in &mut notes {
            let rows = stmt.query_map([&note.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)))?;
            note.soreness = rows.collect::<Result<_, _>>()?;
        }
        Ok(notes)
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

    /// Deletes every note and session (settings stay). Used by "Delete all journal data" in Settings.
    pub fn wipe(&mut self) -> Result<(), JournalError> {
        self.in_transaction(|tx| {
            tx.execute_batch("DELETE FROM soreness; DELETE FROM notes; DELETE FROM sessions;")?;
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
        "INSERT INTO sessions (id, routine_id, started_at, ended_at, ended_ms, completed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET routine_id = excluded.routine_id, started_at = excluded.started_at,
           ended_at = excluded.ended_at, ended_ms = excluded.ended_ms, completed = excluded.completed",
        params![
            s.id,
            s.routine_id,
            s.started_at.to_rfc3339(),
            s.ended_at.to_rfc3339(),
            s.ended_at.timestamp_millis(),
            s.completed.clamp(0.0, 1.0)
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

pub(crate) fn load_note(conn: &Connection, id: &str) -> Result<Option<Note>, JournalError> {
    let note = conn
        .query_row(
            "SELECT id, created_at, updated_at, session_id, feel, rpe, text FROM notes WHERE id = ?1",
            [id],
            note_row,
        )
        .optional()?;
    let Some(mut note) = note else { return Ok(None) };
    let mut stmt = conn.prepare_cached("SELECT area, level FROM soreness WHERE note_id = ?1")?;
    note.soreness = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(Some(note))
}

fn note_row(r: &rusqlite::Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        created_at: parse_time(r.get_ref(1)?.as_str()?)?,
        updated_at: parse_time(r.get_ref(2)?.as_str()?)?,
        session_id: r.get(3)?,
        feel: r.get(4)?,
        rpe: r.get(5)?,
        text: r.get(6)?,
        soreness: Default::default(),
    })
}

fn parse_time(s: &str) -> rusqlite::Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
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
