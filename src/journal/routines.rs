//! Routines of the runner's own, their stars, and what each past session ran, in the journal (schema v4).
//!
//! Invariants: a routine the store has acknowledged is never lost, like a note (same transactions, same
//! migrations, same corruption handling: the whole file is set aside, never deleted); every routine that
//! crosses in — from the builder, an import or the store itself — passes
//! [`crate::content::Library::check_user_routine`], the rules of the bundled routines; and a session keeps
//! the routine as it ran (a snapshot), so editing or deleting a routine never makes history unreadable.
//! A row that no longer reads back as a valid routine is left out of listings, never fatal.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::model::{id_problem, time_problem, SessionRecord};
use super::store::{insert_session, Journal};
use super::JournalError;
use crate::content::{self, Routine};

/// Schema version 4: routines of the runner's own (the routine as JSON, in the content's own field names),
/// stars on any routine (bundled ids too, so no foreign key), and the routine each session ran.
pub const V4_SQL: &str = "CREATE TABLE routines (
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

/// A routine the runner built, with when it was last saved (import keeps the newer copy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRoutine {
    pub routine: Routine,
    pub updated_at: DateTime<FixedOffset>,
}

/// The routine a past session ran, as it was then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRoutine {
    pub session_id: String,
    pub routine: Routine,
}

/// What deleting a routine took away, so Undo can put it back exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedRoutine {
    pub saved: UserRoutine,
    pub was_favourite: bool,
}

/// Why a routine of the runner's own cannot be kept, as `(field, problem)` pairs (field: `name`,
/// `step[1].seconds`, `updated_at`); empty when it can.
pub fn routine_problems(r: &UserRoutine) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = match content::bundled().check_user_routine(&r.routine) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|e| (e.field, e.problem)).collect(),
    };
    if let Some(problem) = time_problem(&r.updated_at) {
        out.push(("updated_at".into(), problem));
    }
    out
}

/// Why a session's routine snapshot cannot be kept (the same rules; a bundled id is allowed).
pub(crate) fn snapshot_problems(s: &SessionRoutine) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = match content::bundled().check_routine_snapshot(&s.routine) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|e| (format!("routine.{}", e.field), e.problem)).collect(),
    };
    if let Some(problem) = id_problem(&s.session_id) {
        out.insert(0, ("session_id".into(), problem));
    }
    out
}

fn invalid(problems: Vec<(String, String)>) -> JournalError {
    JournalError::InvalidRoutine(problems.into_iter().map(|(f, p)| format!("{f}: {p}")).collect())
}

impl Journal {
    /// Saves a routine of the runner's own (new, or replacing the one with its id) in one transaction.
    pub fn save_routine(&mut self, r: &UserRoutine) -> Result<(), JournalError> {
        let problems = routine_problems(r);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        self.in_transaction(|tx| upsert_routine(tx, r))
    }

    /// The runner's readable routines, by name.
    pub fn routines(&self) -> Result<Vec<UserRoutine>, JournalError> {
        let mut stmt = self.conn().prepare_cached("SELECT body, updated_at FROM routines ORDER BY name, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (body, at) = row?;
            if let Some(r) = read_routine(&body, &at) {
                out.push(r);
            }
        }
        Ok(out)
    }

    pub fn routine(&self, id: &str) -> Result<Option<UserRoutine>, JournalError> {
        load_routine(self.conn(), id)
    }

    /// Deletes a routine of the runner's own and its star; returns both so Undo can restore them. Sessions
    /// that ran it keep their snapshots.
    pub fn delete_routine(&mut self, id: &str) -> Result<Option<DeletedRoutine>, JournalError> {
        self.in_transaction(|tx| {
            let saved = load_routine(tx, id)?;
            let was_favourite = tx.execute("DELETE FROM favourites WHERE routine_id = ?1", [id])? > 0;
            tx.execute("DELETE FROM routines WHERE id = ?1", [id])?;
            Ok(saved.map(|saved| DeletedRoutine { saved, was_favourite }))
        })
    }

    /// Puts back what [`Journal::delete_routine`] took away.
    pub fn restore_routine(&mut self, deleted: &DeletedRoutine, now: DateTime<FixedOffset>) -> Result<(), JournalError> {
        let problems = routine_problems(&deleted.saved);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        self.in_transaction(|tx| {
            upsert_routine(tx, &deleted.saved)?;
            if deleted.was_favourite {
                star(tx, &deleted.saved.routine.id, now)?;
            }
            Ok(())
        })
    }

    /// Ids of the starred routines.
    pub fn favourites(&self) -> Result<BTreeSet<String>, JournalError> {
        let mut stmt = self.conn().prepare_cached("SELECT routine_id FROM favourites")?;
        // Inserted one by one, not collected: collecting into a BTreeSet sorts with a copy of the standard
        // stable sort of its own (wasm size, src/sort.rs).
        let mut ids = BTreeSet::new();
        for id in stmt.query_map([], |r| r.get::<_, String>(0))? {
            ids.insert(id?);
        }
        Ok(ids)
    }

    /// Stars (or unstars) a routine, bundled or the runner's own.
    pub fn set_favourite(&mut self, routine_id: &str, on: bool, now: DateTime<FixedOffset>) -> Result<(), JournalError> {
        if let Some(problem) = id_problem(routine_id) {
            return Err(invalid(vec![("routine_id".into(), problem)]));
        }
        if on {
            star(self.conn(), routine_id, now)
        } else {
            self.conn().execute("DELETE FROM favourites WHERE routine_id = ?1", [routine_id])?;
            Ok(())
        }
    }

    /// Records a finished session with the routine it ran, in one transaction.
    pub fn record_session_with_routine(&mut self, s: &SessionRecord, routine: &Routine) -> Result<(), JournalError> {
        let problems = s.problems();
        if !problems.is_empty() {
            return Err(JournalError::InvalidSession(problems));
        }
        let snapshot = SessionRoutine { session_id: s.id.clone(), routine: routine.clone() };
        let problems = snapshot_problems(&snapshot);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        self.in_transaction(|tx| {
            insert_session(tx, s)?;
            insert_snapshot(tx, &snapshot)
        })
    }

    /// The routine a past session ran, as it was then (None for sessions recorded before v4).
    pub fn session_routine(&self, session_id: &str) -> Result<Option<Routine>, JournalError> {
        let body: Option<String> = self
            .conn()
            .query_row("SELECT body FROM session_routines WHERE session_id = ?1", [session_id], |r| r.get(0))
            .optional()?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Every readable snapshot, for export.
    pub fn session_routines(&self) -> Result<Vec<SessionRoutine>, JournalError> {
        let mut stmt = self.conn().prepare_cached("SELECT session_id, body FROM session_routines ORDER BY session_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (session_id, body) = row?;
            if let Ok(routine) = serde_json::from_str(&body) {
                out.push(SessionRoutine { session_id, routine });
            }
        }
        Ok(out)
    }
}

pub(crate) fn upsert_routine(conn: &Connection, r: &UserRoutine) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO routines (id, name, body, updated_at, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body,
           updated_at = excluded.updated_at, updated_ms = excluded.updated_ms",
        params![
            r.routine.id,
            r.routine.name,
            serde_json::to_string(&r.routine).expect("a routine always serialises"),
            r.updated_at.to_rfc3339(),
            r.updated_at.timestamp_millis()
        ],
    )?;
    Ok(())
}

pub(crate) fn star(conn: &Connection, routine_id: &str, now: DateTime<FixedOffset>) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO favourites (routine_id, starred_at) VALUES (?1, ?2) ON CONFLICT (routine_id) DO NOTHING",
        params![routine_id, now.to_rfc3339()],
    )?;
    Ok(())
}

/// Keeps the first snapshot of a session: what it ran does not change afterwards.
pub(crate) fn insert_snapshot(conn: &Connection, s: &SessionRoutine) -> Result<(), JournalError> {
    conn.execute(
        "INSERT INTO session_routines (session_id, body) VALUES (?1, ?2) ON CONFLICT (session_id) DO NOTHING",
        params![s.session_id, serde_json::to_string(&s.routine).expect("a routine always serialises")],
    )?;
    Ok(())
}

pub(crate) fn load_routine(conn: &Connection, id: &str) -> Result<Option<UserRoutine>, JournalError> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT body, updated_at FROM routines WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(body, at)| read_routine(&body, &at)))
}

/// A stored routine, if it still reads back and keeps the rules (a row damaged on disk is passed over, and
/// listed by [`Journal::damaged_rows`]).
fn read_routine(body: &str, updated_at: &str) -> Option<UserRoutine> {
    routine_row(body, updated_at).ok()
}

/// A routine row's body and date as a routine that keeps the rules, or why not.
pub(crate) fn routine_row(body: &str, updated_at: &str) -> Result<UserRoutine, String> {
    let routine: Routine = serde_json::from_str(body).map_err(|e| format!("body: {e}"))?;
    let updated_at = DateTime::parse_from_rfc3339(updated_at).map_err(|e| format!("updated_at: {e}"))?;
    let r = UserRoutine { routine, updated_at };
    match routine_problems(&r).first() {
        None => Ok(r),
        Some((field, problem)) => Err(format!("{field}: {problem}")),
    }
}
