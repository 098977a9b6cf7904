//! Runs in the journal (schema v5): logged by hand or read from a watch's file (see [`super::run_file`]).
//!
//! Invariants: a run the store has acknowledged is never lost, like a note (one transaction per write, same
//! migrations, same corruption handling); every run that crosses in passes [`Run::problems`]; runs are
//! matched by id, so saving or importing the same run twice keeps one. A row that no longer reads back as a
//! valid run is left out of listings, never fatal.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection};

use super::run::{Run, RunKind};
use super::store::Journal;
use super::JournalError;

/// Schema version 5: runs. `kind` is the [`RunKind`] word; `started_ms` orders and filters by time.
pub const V5_SQL: &str = "CREATE TABLE runs (
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

impl Journal {
    /// Inserts a run or replaces the one with the same id, in one transaction.
    pub fn save_run(&mut self, run: &Run) -> Result<(), JournalError> {
        check(run)?;
        self.in_transaction(|tx| upsert_run(tx, run))
    }

    /// Deletes a run and returns it (for Undo).
    pub fn delete_run(&mut self, id: &str) -> Result<Option<Run>, JournalError> {
        self.in_transaction(|tx| {
            let run = load_run(tx, id)?;
            tx.execute("DELETE FROM runs WHERE id = ?1", [id])?;
            Ok(run)
        })
    }

    /// The run with this id, if it is there and reads back.
    pub fn run(&self, id: &str) -> Result<Option<Run>, JournalError> {
        load_run(self.conn(), id)
    }

    /// Every readable run, latest first.
    pub fn runs(&self) -> Result<Vec<Run>, JournalError> {
        self.runs_where("1", &[])
    }

    /// Readable runs that started at or after `since`, latest first.
    pub fn runs_since(&self, since: DateTime<FixedOffset>) -> Result<Vec<Run>, JournalError> {
        self.runs_where("started_ms >= ?1", &[&since.timestamp_millis()])
    }

    fn runs_where(&self, condition: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Run>, JournalError> {
        let mut stmt = self.conn().prepare_cached(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE {condition} ORDER BY started_ms DESC, id"))?;
        let mut rows = stmt.query(args)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            if let Ok(run) = read_run(row, 0) {
                out.push(run);
            }
        }
        Ok(out)
    }
}

pub(crate) fn check(run: &Run) -> Result<(), JournalError> {
    let problems = run.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(JournalError::InvalidRun(problems.iter().map(ToString::to_string).collect()))
    }
}

pub(crate) const RUN_COLUMNS: &str = "id, started_at, kind, distance_m, duration_secs, effort, note, source";

pub(crate) fn upsert_run(conn: &Connection, run: &Run) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO runs (id, started_at, started_ms, kind, distance_m, duration_secs, effort, note, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, started_ms = excluded.started_ms,
           kind = excluded.kind, distance_m = excluded.distance_m, duration_secs = excluded.duration_secs,
           effort = excluded.effort, note = excluded.note, source = excluded.source",
        params![
            run.id,
            run.started_at.to_rfc3339(),
            run.started_at.timestamp_millis(),
            run.kind.word(),
            run.distance_m,
            run.duration_secs,
            run.effort,
            run.note,
            run.source
        ],
    )?;
    Ok(())
}

pub(crate) fn load_run(conn: &Connection, id: &str) -> Result<Option<Run>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    Ok(rows.next()?.and_then(|row| read_run(row, 0).ok()))
}

/// A run row (its [`RUN_COLUMNS`] from column `first` on), or why it cannot be read back as a run that keeps
/// the rules.
pub(crate) fn read_run(r: &rusqlite::Row, first: usize) -> Result<Run, String> {
    let why = |column: &str, e: rusqlite::Error| format!("{column}: {e}");
    let started: String = r.get(first + 1).map_err(|e| why("started_at", e))?;
    let kind: String = r.get(first + 2).map_err(|e| why("kind", e))?;
    let run = Run {
        id: r.get(first).map_err(|e| why("id", e))?,
        started_at: DateTime::parse_from_rfc3339(&started).map_err(|e| format!("started_at: {e}"))?,
        kind: RunKind::from_word(&kind).ok_or_else(|| format!("kind: {kind:?} is not a kind of run"))?,
        distance_m: r.get(first + 3).map_err(|e| why("distance_m", e))?,
        duration_secs: r.get(first + 4).map_err(|e| why("duration_secs", e))?,
        effort: r.get(first + 5).map_err(|e| why("effort", e))?,
        note: r.get(first + 6).map_err(|e| why("note", e))?,
        source: r.get(first + 7).map_err(|e| why("source", e))?,
    };
    match run.problems().first() {
        None => Ok(run),
        Some(p) => Err(p.to_string()),
    }
}
