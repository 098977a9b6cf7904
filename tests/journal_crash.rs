//! Crash safety: a note the store acknowledged (`save_note` returned `Ok`) survives the process being killed
//! at any moment, and the file stays a healthy database.
//!
//! The writer is this same test binary, re-run with `UNKNOT_CRASH_WRITER=<db path>` so that only
//! `crash_writer_child` runs in it. It saves notes (and edits some) in a loop and prints `ACK <id> <version>`
//! to stdout only after `save_note` returned `Ok`. The parent SIGKILLs it after a pseudo-random 5–150 ms, over
//! and over against the same file, then checks every acknowledged note is there exactly as written.
//!
//! `UNKNOT_CRASH_SEED` and `UNKNOT_CRASH_KILLS` override the seed and the number of kills.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use tempfile::TempDir;
use unknot::journal::{Durability, Journal, Note, Opened};

const WRITER_ENV: &str = "UNKNOT_CRASH_WRITER";
const RUN_ENV: &str = "UNKNOT_CRASH_RUN";
const CHILD_TEST: &str = "crash_writer_child";
const ACK: &str = "ACK ";
const DEFAULT_SEED: u64 = 0x5EED_2024_0B5E_55ED;
const DEFAULT_KILLS: u32 = 120;

/// Every few saves the writer edits an earlier note of its run (version 2), so torn updates would show.
const EDIT_EVERY: u32 = 4;

/// SplitMix64: enough randomness for kill timings, no extra crates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn note_id(run: u32, seq: u32) -> String {
    format!("r{run:04}-n{seq:06}")
}

fn parse_id(id: &str) -> Option<(u32, u32)> {
    let (run, seq) = id.strip_prefix('r')?.split_once("-n")?;
    Some((run.parse().ok()?, seq.parse().ok()?))
}

/// The exact note the writer saves for (run, seq) at `version` (1 = as created, 2 = edited). Deterministic,
/// so the parent can check contents without being told them.
fn expected_note(run: u32, seq: u32, version: u32) -> Note {
    let offsets = ["+02:00", "-05:00", "+05:45", "+00:00", "-09:30"];
    let base: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339(&format!("2024-05-01T06:00:00{}", offsets[run as usize % offsets.len()])).unwrap();
    let created_at = base + chrono::Duration::minutes(i64::from(run)) + chrono::Duration::milliseconds(i64::from(seq) * 1013);
    let mut text = format!("run {run} note {seq} v{version} 🏃‍♀️ שריר התאומים <b>ok</b> '; DROP TABLE notes; --\n");
    if seq % 13 == 5 {
        // Large enough to need several overflow pages: one transaction, many pages.
        text.extend("🦵é中 ".chars().cycle().take(9_000));
    } else {
        text.push_str(&"calves tight, easy 5k. ".repeat((seq as usize * 7919) % 40));
    }
    let areas = ["calves", "feet", "quads", "glutes", "hamstrings", "shins"];
    let soreness = if version == 1 {
        (0..=(seq % 3)).map(|i| (areas[((seq + i) % 3) as usize].to_string(), ((seq + i) % 11) as u8)).collect()
    } else {
        text.insert_str(0, "EDITED ");
        (0..=(seq % 2)).map(|i| (areas[3 + ((seq + i) % 3) as usize].to_string(), ((seq * 3 + i) % 11) as u8)).collect()
    };
    Note {
        id: note_id(run, seq),
        created_at,
        updated_at: created_at + chrono::Duration::seconds(if version == 1 { 0 } else { 3600 }),
        session_id: (seq % 5 == 0).then(|| format!("session-{run}-{seq}")),
        feel: if version == 1 { (seq % 5) as u8 + 1 } else { 5 - (seq % 5) as u8 },
        rpe: if seq % 7 == 0 { None } else { Some((seq % 10) as u8 + 1) },
        text,
        soreness,
    }
}

fn same(a: &Note, b: &Note) -> bool {
    a == b
        && a.created_at.offset() == b.created_at.offset()
        && a.updated_at.offset() == b.updated_at.offset()
}

/// The writer. Does nothing unless started by `acknowledged_notes_survive_sigkill` with `UNKNOT_CRASH_WRITER`.
#[test]
fn crash_writer_child() {
    let Ok(db) = std::env::var(WRITER_ENV) else { return };
    let run: u32 = std::env::var(RUN_ENV).expect("run number").parse().expect("run number");
    let mut out = std::io::stdout().lock();
    let (mut journal, opened) = Journal::open(Path::new(&db), Durability::NATIVE).expect("the journal opens after a crash");
    if !matches!(opened, Opened::Existing { migrated_from: None }) {
        writeln!(out, "UNEXPECTED {opened:?}").unwrap();
        out.flush().unwrap();
        panic!("after a crash the journal must open as an ordinary existing journal, got {opened:?}");
    }
    // Stop on our own eventually, in case the parent is gone.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seq = 0;
    while Instant::now() < deadline {
        let note = expected_note(run, seq, 1);
        journal.save_note(&note).expect("save_note");
        writeln!(out, "{ACK}{} 1", note.id).unwrap();
        out.flush().unwrap();
        if seq % EDIT_EVERY == EDIT_EVERY - 1 {
            let edited = expected_note(run, seq - 2, 2);
            journal.save_note(&edited).expect("save_note (edit)");
            writeln!(out, "{ACK}{} 2", edited.id).unwrap();
            out.flush().unwrap();
        }
        seq += 1;
    }
}

/// Reads a pipe to its end in a thread, keeping only complete lines (a line cut by the kill is not an ack).
fn drain<R: Read + Send + 'static>(pipe: R) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut lines = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) if buf.ends_with(b"\n") => lines.push(String::from_utf8_lossy(&buf).trim_end().to_string()),
                Ok(_) => break, // partial last line
            }
        }
        lines
    })
}

/// Checks the file: healthy, opens as an ordinary journal, every acknowledged note exactly as last
/// acknowledged (or, for the one edit that may have been in flight at the kill, as that edit wrote it), and
/// every note present is one the writer wrote, whole. Returns the number of notes checked.
fn verify(db: &Path, acked: &BTreeMap<String, u32>, when: &str) -> usize {
    let (journal, opened) = Journal::open(db, Durability::NATIVE).unwrap_or_else(|e| panic!("{when}: open failed: {e}"));
    assert_eq!(opened, Opened::Existing { migrated_from: None }, "{when}");
    assert_eq!(journal.integrity_check().unwrap(), "ok", "{when}: integrity_check");
    for (id, &version) in acked {
        let (run, seq) = parse_id(id).unwrap();
        let stored = journal.note(id).unwrap().unwrap_or_else(|| panic!("{when}: acknowledged note {id} (v{version}) is lost"));
        let ok = same(&stored, &expected_note(run, seq, version))
            || (version == 1 && same(&stored, &expected_note(run, seq, 2)));
        assert!(ok, "{when}: note {id} differs from what was acknowledged (v{version}): {stored:?}");
    }
    let all = journal.all_notes().unwrap();
    for note in &all {
        let (run, seq) = parse_id(&note.id).unwrap_or_else(|| panic!("{when}: unknown note id {}", note.id));
        assert!(
            same(note, &expected_note(run, seq, 1)) || same(note, &expected_note(run, seq, 2)),
            "{when}: note {} is not something the writer wrote: {note:?}",
            note.id
        );
    }
    assert!(all.len() >= acked.len(), "{when}: {} notes stored, {} acknowledged", all.len(), acked.len());
    acked.len()
}

#[test]
fn acknowledged_notes_survive_sigkill() {
    if std::env::var_os(WRITER_ENV).is_some() {
        return; // never nest
    }
    let seed = std::env::var("UNKNOT_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
    let kills: u32 = std::env::var("UNKNOT_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_KILLS);
    eprintln!("crash test: seed {seed}, {kills} kills (set UNKNOT_CRASH_SEED / UNKNOT_CRASH_KILLS to change)");
    let mut rng = Rng(seed);

    let dir = TempDir::new().unwrap();
    let db = dir.path().join("journal.sqlite3");
    let (journal, opened) = Journal::open(&db, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Fresh);
    drop(journal);

    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut acked: BTreeMap<String, u32> = BTreeMap::new();
    let mut acks = 0usize;
    let mut runs_with_acks = 0u32;
    let mut delays = Vec::new();
    for run in 0..kills {
        let delay = Duration::from_millis(5 + rng.next() % 146);
        delays.push(delay.as_millis() as u64);
        let mut child = Command::new(&exe)
            .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, &db)
            .env(RUN_ENV, run.to_string())
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the writer");
        let stdout = drain(child.stdout.take().unwrap());
        let stderr = drain(child.stderr.take().unwrap());
        std::thread::sleep(delay);
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "run {run}: the writer stopped by itself ({status}) before the kill:\n{}\n{}",
                stdout.join().unwrap().join("\n"),
                stderr.join().unwrap().join("\n")
            );
        }
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "run {run}: the writer should die of SIGKILL, got {status}");
        let lines = stdout.join().unwrap();
        let _ = stderr.join().unwrap();

        let mut this_run = 0;
        for line in &lines {
            if let Some(ack) = line.find(ACK).map(|at| &line[at + ACK.len()..]) {
                let (id, version) = ack.split_once(' ').expect("ACK <id> <version>");
                let version: u32 = version.parse().unwrap();
                let entry = acked.entry(id.to_string()).or_insert(version);
                *entry = (*entry).max(version);
                this_run += 1;
            }
            assert!(!line.contains("UNEXPECTED"), "run {run}: {line}");
        }
        acks += this_run;
        runs_with_acks += u32::from(this_run > 0);

        // Now and then the parent opens the file too (this also checkpoints the WAL on close), so kills land
        // on both a long WAL and a freshly checkpointed file.
        if run % 25 == 24 {
            verify(&db, &acked, &format!("after kill {}", run + 1));
        }
    }
    let checked = verify(&db, &acked, "at the end");
    let corrupt: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert!(corrupt.is_empty(), "a crash must never make the journal look corrupt: {corrupt:?}");

    let edits = acked.values().filter(|&&v| v == 2).count();
    delays.sort_unstable();
    eprintln!(
        "crash test: {kills} kills in {:.1?}; delays {}–{} ms (median {}); {acks} acknowledgements over {runs_with_acks} \
         runs; {checked} acknowledged notes checked ({edits} of them edited)",
        started.elapsed(),
        delays[0],
        delays[delays.len() - 1],
        delays[delays.len() / 2],
    );
    assert!(kills >= 100 || std::env::var_os("UNKNOT_CRASH_KILLS").is_some(), "at least 100 kills");
    assert!(runs_with_acks * 2 >= kills, "most writers should get some notes saved before the kill");
    assert!(checked >= 100, "too few notes were acknowledged to mean anything: {checked}");
}
