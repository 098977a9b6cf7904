//! A damaged journal file is set aside (renamed, byte for byte, never deleted) and a fresh journal started;
//! a journal from a newer app is refused and left exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Duration, FixedOffset};
use tempfile::TempDir;
use unknot::journal::{Durability, Journal, JournalError, Note, Opened, SCHEMA_VERSION};

const DB: &str = "journal.sqlite3";
/// Something else the user keeps next to the journal; it must never be touched.
const BYSTANDER: &str = "unknot-export-2024-05-01.json";

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-05-01T07:00:00+02:00").unwrap()
}

fn sample_note(i: usize) -> Note {
    let created = t0() + Duration::minutes(37 * i as i64);
    Note {
        id: format!("note-{i:04}"),
        created_at: created,
        updated_at: created,
        session_id: None,
        feel: (i % 5) as u8 + 1,
        rpe: Some((i % 10) as u8 + 1),
        // Short enough that no note needs an overflow page: every page of the file is a b-tree page.
        text: format!("run {i}: calves tight, 🏃 {}", "easy miles ".repeat(i % 12)),
        soreness: [("calves".to_string(), (i % 11) as u8), ("feet".to_string(), (i % 7) as u8)].into(),
    }
}

/// A closed, healthy journal with enough notes for many pages, plus a bystander file. Built once per size
/// (every save is a durable transaction, which is slow) and copied from then on.
fn healthy(dir: &Path, notes: usize) -> PathBuf {
    static BUILT: Mutex<BTreeMap<usize, Vec<u8>>> = Mutex::new(BTreeMap::new());
    let path = dir.join(DB);
    let bytes = BUILT.lock().unwrap().get(&notes).cloned();
    match bytes {
        Some(bytes) => fs::write(&path, bytes).unwrap(),
        None => {
            let (mut journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
            assert_eq!(opened, Opened::Fresh);
            journal.set_setting("safety_acknowledged", "1").unwrap();
            for i in 0..notes {
                journal.save_note(&sample_note(i)).unwrap();
            }
            assert_eq!(journal.integrity_check().unwrap(), "ok");
            drop(journal);
            BUILT.lock().unwrap().insert(notes, fs::read(&path).unwrap());
        }
    }
    fs::write(dir.join(BYSTANDER), br#"{"format":"unknot-journal"}"#).unwrap();
    let names: Vec<String> = listing(dir).into_keys().collect();
    assert_eq!(names, [DB.to_string(), BYSTANDER.to_string()], "a cleanly closed journal is one file");
    path
}

fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Compares file contents without dumping megabytes of bytes on failure.
fn assert_bytes(actual: &[u8], expected: &[u8], what: &str) {
    if actual != expected {
        let first = actual.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(actual.len().min(expected.len()));
        panic!("{what}: {} bytes, expected {}; first difference at offset {first}", actual.len(), expected.len());
    }
}

fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => n as usize,
    }
}

fn flip(bytes: &mut [u8], range: std::ops::Range<usize>) {
    for b in &mut bytes[range] {
        *b ^= 0xFF;
    }
}

/// Opens the damaged journal at `dir/DB` and checks everything the recovery promises.
fn assert_recovers(dir: &Path, what: &str) {
    let path = dir.join(DB);
    let before = listing(dir);
    let damaged = before.get(DB).cloned().unwrap_or_else(|| panic!("{what}: no journal file"));

    let result = std::panic::catch_unwind(|| Journal::open(&path, Durability::NATIVE));
    let (mut journal, opened) = match result {
        Ok(Ok(ok)) => ok,
        Ok(Err(e)) => panic!("{what}: open failed instead of recovering: {e}"),
        Err(_) => panic!("{what}: open panicked"),
    };
    let (set_aside, reason) = match opened {
        Opened::Recovered { set_aside, reason } => (set_aside, reason),
        other => panic!("{what}: expected Recovered, got {other:?}"),
    };
    assert!(!reason.trim().is_empty(), "{what}: a reason is given");
    assert_eq!(set_aside.parent(), Some(dir), "{what}: set aside next to the journal");
    let aside_name = set_aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(aside_name.starts_with(&format!("{DB}.corrupt-")), "{what}: set-aside name {aside_name}");
    assert_bytes(&fs::read(&set_aside).unwrap(), &damaged, &format!("{what}: the set-aside file has exactly the damaged bytes"));

    // The new journal is empty and works.
    assert_eq!(journal.note_count().unwrap(), 0, "{what}");
    assert!(journal.all_notes().unwrap().is_empty(), "{what}");
    assert!(journal.sessions().unwrap().is_empty(), "{what}");
    assert_eq!(journal.setting("safety_acknowledged").unwrap(), None, "{what}");
    assert_eq!(journal.user_version().unwrap(), SCHEMA_VERSION, "{what}");
    let fresh = sample_note(9999);
    journal.save_note(&fresh).unwrap();
    assert_eq!(journal.note(&fresh.id).unwrap().as_ref(), Some(&fresh), "{what}");
    assert_eq!(journal.integrity_check().unwrap(), "ok", "{what}");
    drop(journal);

    // Nothing was deleted: every file that was there is still there (the journal and its companions under
    // the set-aside name) with the same bytes, and the only new file is the fresh journal.
    let after = listing(dir);
    for (name, bytes) in &before {
        let now_named = match name.strip_prefix(DB) {
            Some(suffix) => format!("{aside_name}{suffix}"),
            None => name.clone(),
        };
        match after.get(&now_named) {
            // The -shm is SQLite's shared-memory index of the WAL, rewritten by any reader; it must still be
            // there, but only the database and its -wal must be byte-identical.
            Some(_) if name.ends_with("-shm") => {}
            Some(now) => assert_bytes(now, bytes, &format!("{what}: {name} (now {now_named})")),
            None => panic!("{what}: {name} is gone (expected as {now_named}); files now: {:?}", after.keys()),
        }
    }
    assert_eq!(after.len(), before.len() + 1, "{what}: files before {:?}, after {:?}", before.keys(), after.keys());
    assert!(after.contains_key(DB), "{what}: a fresh journal file exists");

    // It reopens as an ordinary journal with the new note in it.
    let (journal, opened) = Journal::open(&path, Durability::NATIVE).unwrap();
    assert_eq!(opened, Opened::Existing { migrated_from: None }, "{what}");
    assert_eq!(journal.note_count().unwrap(), 1, "{what}");
}

/// Builds a healthy journal, damages its file with `damage`, and checks the recovery.
fn damaged_case(what: &str, damage: impl FnOnce(&mut Vec<u8>)) {
    let dir = TempDir::new().unwrap();
    let path = healthy(dir.path(), 300);
    let mut bytes = fs::read(&path).unwrap();
    let original = bytes.clone();
    damage(&mut bytes);
    assert_ne!(bytes, original, "{what}: the damage changed something");
    fs::write(&path, &bytes).unwrap();
    assert_recovers(dir.path(), what);
}

#[test]
fn header_damage_is_set_aside() {
    damaged_case("magic, one byte", |b| b[0] ^= 0x20); // "SQLite" → "sQLite"
    damaged_case("magic, all 16 bytes", |b| flip(b, 0..16));
    damaged_case("page size field", |b| b[16..18].copy_from_slice(&[0x03, 0x00]));
    damaged_case("read format version", |b| b[19] = 0xFD);
    damaged_case("payload fractions", |b| flip(b, 21..24));
    damaged_case("whole first 100 bytes", |b| flip(b, 0..100));
}

#[test]
fn btree_page_damage_is_set_aside() {
    let dir = TempDir::new().unwrap();
    let bytes = fs::read(healthy(dir.path(), 300)).unwrap();
    let size = page_size(&bytes);
    let pages = bytes.len() / size;
    assert_eq!(bytes.len() % size, 0);
    assert!(pages >= 8, "the test journal should span several pages, has {pages}");
    let mut ks = vec![1, 2, 3, pages / 2, pages - 2, pages - 1];
    ks.dedup();
    for k in ks {
        damaged_case(&format!("page header of page {} of {pages}", k + 1), |b| flip(b, size * k..size * k + 8));
    }
}

#[test]
fn truncated_files_are_set_aside() {
    damaged_case("truncated to half", |b| {
        let half = b.len() / 2;
        b.truncate(half)
    });
    damaged_case("truncated to half plus a bit (not a page multiple)", |b| {
        let len = b.len() / 2 + 1234;
        b.truncate(len)
    });
    damaged_case("truncated to one page plus 100 bytes", |b| {
        let len = page_size(b) + 100;
        b.truncate(len)
    });
    // Cut by less than a page: SQLite reads the missing tail of the last page as zeros and quick_check does
    // not always notice, which would silently change the notes stored at the end of that page.
    for cut in [1, 2, 5, 13, 100, 4000] {
        damaged_case(&format!("last {cut} bytes cut off"), |b| {
            let len = b.len() - cut;
            b.truncate(len)
        });
    }
    damaged_case("truncated to 100 bytes (header only)", |b| b.truncate(100));
    damaged_case("truncated to 10 bytes", |b| b.truncate(10));
}

#[test]
fn zero_length_file_is_set_aside() {
    damaged_case("zero-length", |b| b.clear());
}

#[test]
fn text_file_in_place_of_the_journal_is_set_aside() {
    damaged_case("short text", |b| *b = b"not a database\n".to_vec());
    damaged_case("long text", |b| *b = "Dear diary, my calves hurt. 🏃\n".repeat(500).into_bytes());
    damaged_case("an export saved over the journal", |b| {
        *b = br#"{"format":"unknot-journal","version":1,"exported_at":"2024-05-01T07:00:00Z","notes":[]}"#.to_vec()
    });
    damaged_case("random bytes", |b| {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for byte in b.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *byte = x as u8;
        }
    });
}

/// Copies the journal's files as they are right now (while it is open): what a crash would leave behind.
fn crash_image(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let src = PathBuf::from(format!("{}{suffix}", from.display()));
        if src.exists() {
            fs::copy(&src, to.join(format!("{DB}{suffix}"))).unwrap();
        }
    }
}

/// A crashed journal (main file plus an un-checkpointed `-wal`) whose main file is then damaged.
fn crashed_then_damaged(what: &str, damage: impl FnOnce(&mut Vec<u8>)) {
    let live = TempDir::new().unwrap();
    let live_path = healthy(live.path(), 300);
    let (mut journal, _) = Journal::open(&live_path, Durability::NATIVE).unwrap();
    for i in 300..340 {
        journal.save_note(&sample_note(i)).unwrap();
    }
    let dir = TempDir::new().unwrap();
    crash_image(&live_path, dir.path());
    drop(journal);
    fs::write(dir.path().join(BYSTANDER), b"{}").unwrap();
    let wal = dir.path().join(format!("{DB}-wal"));
    assert!(fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false), "{what}: the crash image has a WAL");

    let path = dir.path().join(DB);
    let mut bytes = fs::read(&path).unwrap();
    damage(&mut bytes);
    fs::write(&path, &bytes).unwrap();
    assert_recovers(dir.path(), what);
}

#[test]
fn damaged_journal_with_a_wal_is_set_aside_with_its_companions() {
    // (Damage to page 1 would not do: page 1 changes with every commit, so the WAL holds a good copy of it.)
    // Page 2 is the settings table, which the later writes (in the WAL) do not touch.
    crashed_then_damaged("page 2 flipped, WAL present", |b| {
        let size = page_size(b);
        flip(b, size..size + 8)
    });
}

#[test]
fn two_recoveries_keep_both_set_aside_files() {
    let dir = TempDir::new().unwrap();
    let path = healthy(dir.path(), 20);
    fs::write(&path, b"first damage").unwrap();
    let (journal, first) = Journal::open(&path, Durability::NATIVE).unwrap();
    drop(journal);
    fs::write(&path, b"second damage").unwrap();
    let (journal, second) = Journal::open(&path, Durability::NATIVE).unwrap();
    drop(journal);
    let (Opened::Recovered { set_aside: a, .. }, Opened::Recovered { set_aside: b, .. }) = (first, second) else {
        panic!("both opens should recover");
    };
    assert_ne!(a, b);
    assert_eq!(fs::read(&a).unwrap(), b"first damage");
    assert_eq!(fs::read(&b).unwrap(), b"second damage");
    assert_eq!(listing(dir.path()).len(), 4, "journal, bystander and two set-aside files");
}

// ---------------------------------------------------------------------------------------------------------------
// A journal from a newer app

fn set_user_version(path: &Path, version: i64) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    conn
}

fn assert_too_new(dir: &Path, found: i64, what: &str) {
    let before = listing(dir);
    let err = match Journal::open(&dir.join(DB), Durability::NATIVE) {
        Err(e) => e,
        Ok((_, opened)) => panic!("{what}: a newer journal must be refused, got {opened:?}"),
    };
    match &err {
        JournalError::TooNew { found: f, supported } => {
            assert_eq!((*f, *supported), (found, SCHEMA_VERSION), "{what}");
        }
        other => panic!("{what}: expected TooNew, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("newer version"), "{what}: message says a newer version wrote it: {message}");
    assert!(message.contains("has not been changed"), "{what}: {message}");
    let after = listing(dir);
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "{what}: same files");
    for (name, bytes) in &before {
        // The -shm is SQLite's shared-memory index (rebuilt at will); everything else must be byte-identical.
        if !name.ends_with("-shm") {
            assert_bytes(&after[name], bytes, &format!("{what}: {name} was modified"));
        }
    }
}

#[test]
fn newer_journal_is_refused_and_untouched() {
    for version in [SCHEMA_VERSION + 1, SCHEMA_VERSION + 7, i32::MAX as i64] {
        let dir = TempDir::new().unwrap();
        let path = healthy(dir.path(), 50);
        drop(set_user_version(&path, version));
        assert_too_new(dir.path(), version, &format!("user_version {version}"));
        // Refusing twice is the same as refusing once.
        assert_too_new(dir.path(), version, &format!("user_version {version}, again"));
    }
}

#[test]
fn newer_journal_with_a_wal_is_refused_and_untouched() {
    let live = TempDir::new().unwrap();
    let live_path = healthy(live.path(), 50);
    // The newer app bumped the version and wrote more, then crashed: all of that is still in the WAL.
    let conn = set_user_version(&live_path, SCHEMA_VERSION + 1);
    conn.execute("INSERT INTO settings (key, value) VALUES ('from_the_future', 'yes')", []).unwrap();
    let dir = TempDir::new().unwrap();
    crash_image(&live_path, dir.path());
    drop(conn);
    assert!(dir.path().join(format!("{DB}-wal")).exists());
    assert_too_new(dir.path(), SCHEMA_VERSION + 1, "newer journal with WAL");
}
