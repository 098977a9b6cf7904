//! What a phone's document picker hands over, up to the import (issue #15): the file the user picked is read
//! under the size cap as UTF-8 text and goes to the same `Journal::import_file` as every other import path, so
//! a hostile file is refused with a plain reason and nothing changes; a cancel reads nothing. The iOS picker's
//! offered types and the cap agree with Android's picker (`UnknotFiles` in `mobile/android/MainActivity.kt`).
//! The UIKit and JNI calls around this cannot run here (no Xcode, no NDK): see docs/PHONES.md's device checklist.

use std::io::Write;

use tempfile::TempDir;
use unknot::journal::{Durability, Journal};
use unknot::platform::{read_import_file, read_picked, IMPORT_UTIS, MAX_IMPORT_BYTES};

const AREAS: &[&str] = &["calves", "quads", "feet"];
const KOTLIN: &str = include_str!("../mobile/android/MainActivity.kt");

fn journal(dir: &TempDir) -> Journal {
    Journal::open(&dir.path().join("journal.sqlite3"), Durability::NATIVE).unwrap().0
}

/// A file as the picker leaves it: in a folder of its own, under the name the user saw.
fn picked(dir: &TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const ONE_NOTE: &str = r#"{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[{"id":"n1","created_at":"2024-06-01T10:00:00Z","updated_at":"2024-06-01T10:00:00Z","feel":3,"text":"easy 5k"}]}"#;

#[test]
fn a_cancel_reads_nothing() {
    assert_eq!(read_picked(None), Ok(None));
}

#[test]
fn a_picked_export_reaches_the_import_once_under_its_own_name() {
    let dir = TempDir::new().unwrap();
    let mut j = journal(&dir);
    let path = picked(&dir, "unknot-journal-2024-06-01-1200.json", ONE_NOTE.as_bytes());
    let (name, text) = read_picked(Some(&path)).unwrap().unwrap();
    assert_eq!(name, "unknot-journal-2024-06-01-1200.json");
    assert_eq!(text, ONE_NOTE);
    j.import_file(&text, AREAS).unwrap();
    assert_eq!(j.note_count().unwrap(), 1);
    // Picking the same file again adds nothing.
    let (_, again) = read_picked(Some(&path)).unwrap().unwrap();
    j.import_file(&again, AREAS).unwrap();
    assert_eq!(j.note_count().unwrap(), 1);
}

#[test]
fn a_hostile_picked_file_is_refused_by_the_import_in_plain_words_and_nothing_changes() {
    let dir = TempDir::new().unwrap();
    let mut j = journal(&dir);
    j.import_file(ONE_NOTE, AREAS).unwrap();
    let before = j.export_json(chrono::DateTime::parse_from_rfc3339("2024-07-01T00:00:00Z").unwrap()).unwrap();
    let hostile = r#"{"format":"unknot-journal","version":1,"exported_at":"2024-06-01T12:00:00Z","notes":[{"id":"n2","created_at":"2024-06-01T10:00:00Z","updated_at":"2024-06-01T10:00:00Z","feel":3},{"id":"n3","created_at":"+10000-01-01T00:00:00Z","updated_at":"+10000-01-01T00:00:00Z","feel":3}]}"#;
    let path = picked(&dir, "journal.json", hostile.as_bytes());
    let (_, text) = read_picked(Some(&path)).unwrap().unwrap();
    let err = j.import_file(&text, AREAS).unwrap_err().to_string();
    assert!(err.contains("10000"), "the reason names the bad value: {err}");
    let after = j.export_json(chrono::DateTime::parse_from_rfc3339("2024-07-01T00:00:00Z").unwrap()).unwrap();
    assert_eq!(before, after, "a refused file changes nothing, not even its valid notes");
}

#[test]
fn a_file_over_the_cap_is_refused_before_it_is_read_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("huge.json");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"{").unwrap();
    // Sparse where the file system allows: the size is what counts.
    f.set_len(MAX_IMPORT_BYTES + 1).unwrap();
    drop(f);
    let err = read_picked(Some(&path)).unwrap_err();
    assert_eq!(err, "Could not read huge.json: it is larger than 32 MB, too large to be a journal export");
    assert!(read_import_file(&path.display().to_string()).unwrap_err().contains("too large"));
    // Exactly at the cap is still read.
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(MAX_IMPORT_BYTES).unwrap();
    assert_eq!(read_picked(Some(&path)).unwrap().unwrap().1.len() as u64, MAX_IMPORT_BYTES);
}

#[test]
fn a_file_that_is_not_text_is_refused_with_a_reason() {
    let dir = TempDir::new().unwrap();
    let path = picked(&dir, "photo.json", &[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00]);
    assert_eq!(
        read_picked(Some(&path)).unwrap_err(),
        "Could not read photo.json: it is not a text file; a journal export is JSON or CSV text"
    );
}

#[test]
fn a_picked_file_that_is_gone_says_so() {
    let dir = TempDir::new().unwrap();
    let err = read_picked(Some(&dir.path().join("vanished.csv"))).unwrap_err();
    assert!(err.starts_with("Could not read vanished.csv: "), "{err}");
}

#[test]
fn both_pickers_share_the_size_cap() {
    let mb = MAX_IMPORT_BYTES / (1024 * 1024);
    assert_eq!(mb * 1024 * 1024, MAX_IMPORT_BYTES);
    assert!(KOTLIN.contains(&format!("MAX_BYTES = {mb}L * 1024 * 1024")), "UnknotFiles.MAX_BYTES differs from MAX_IMPORT_BYTES");
}

#[test]
fn both_pickers_offer_the_same_kinds_of_file() {
    // Android's MIME types and the Uniform Type Identifier iOS gives each.
    let uti = |mime: &str| match mime {
        "application/json" => "public.json",
        "text/csv" | "text/comma-separated-values" => "public.comma-separated-values-text",
        "text/plain" => "public.plain-text",
        other => panic!("Android's picker offers {other}, which has no counterpart here"),
    };
    let line = KOTLIN.lines().find(|l| l.contains("EXTRA_MIME_TYPES")).expect("UnknotFiles.pickImport's MIME types");
    let mimes: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
    assert!(!mimes.is_empty(), "{line}");
    let mut from_android: Vec<&str> = mimes.iter().map(|m| uti(m)).collect();
    from_android.sort_unstable();
    from_android.dedup();
    let mut ios = IMPORT_UTIS.to_vec();
    ios.sort_unstable();
    assert_eq!(from_android, ios);
}

// ---- Run files (issue #17): the same picker, but bytes — a FIT file is binary — and a run import behind it.

use unknot::journal::run_from_file;
use unknot::platform::{files_in, read_picked_run_file, read_run_file_at, JOURNAL_EXTENSIONS, RUN_FILE_EXTENSIONS, RUN_FILE_MIME_TYPES, RUN_FILE_UTIS};

const FIT: &[u8] = include_bytes!("fixtures/sdk-activity.fit");
const GPX: &[u8] = include_bytes!("fixtures/thursday-long-run.gpx");
const INFO_PLIST: &str = include_str!("../mobile/ios/Info.plist");

fn utc() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(0).unwrap()
}

#[test]
fn a_cancelled_run_picker_reads_nothing() {
    assert_eq!(read_picked_run_file(None), Ok(None));
}

#[test]
fn a_picked_binary_fit_file_reaches_the_run_import_byte_for_byte_once() {
    assert!(String::from_utf8(FIT.to_vec()).is_err(), "the fixture must be binary for this test to mean anything");
    let dir = TempDir::new().unwrap();
    let mut j = journal(&dir);
    let path = picked(&dir, "Morning_Run.FIT", FIT);
    let (name, bytes) = read_picked_run_file(Some(&path)).unwrap().unwrap();
    assert_eq!(name, "Morning_Run.FIT");
    assert_eq!(bytes, FIT, "not one byte changed on the way");
    let run = run_from_file(&name, &bytes, utc()).unwrap();
    j.save_run(&run).unwrap();
    // The same file again is the same run (matched by id): still one.
    let (_, again) = read_picked_run_file(Some(&path)).unwrap().unwrap();
    j.save_run(&run_from_file(&name, &again, utc()).unwrap()).unwrap();
    assert_eq!(j.runs().unwrap().len(), 1);
    // A GPX file (text) takes the same path.
    let gpx = picked(&dir, "thursday.gpx", GPX);
    let (name, bytes) = read_picked_run_file(Some(&gpx)).unwrap().unwrap();
    j.save_run(&run_from_file(&name, &bytes, utc()).unwrap()).unwrap();
    assert_eq!(j.runs().unwrap().len(), 2);
}

#[test]
fn a_hostile_run_file_is_refused_in_plain_words_and_nothing_changes() {
    let dir = TempDir::new().unwrap();
    let mut j = journal(&dir);
    j.save_run(&run_from_file("thursday.gpx", GPX, utc()).unwrap()).unwrap();
    let before = j.runs().unwrap();
    let mut cut_fit = FIT.to_vec();
    cut_fit.truncate(40);
    for (name, bytes) in [
        ("evil.gpx", b"<gpx><trk><trkseg><trkpt lat=\"91\" lon=\"0\"/>".to_vec()),
        ("cut.fit", cut_fit),
        ("photo.fit", vec![0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00]),
        ("journal.fit", ONE_NOTE.as_bytes().to_vec()),
    ] {
        let path = picked(&dir, name, &bytes);
        let (name, bytes) = read_picked_run_file(Some(&path)).unwrap().unwrap();
        let err = run_from_file(&name, &bytes, utc()).unwrap_err();
        assert!(!err.is_empty() && !err.contains("panicked"), "{name}: {err}");
        assert_eq!(j.runs().unwrap(), before, "{name} changed the journal");
    }
}

#[test]
fn a_run_file_over_the_cap_is_refused_before_it_is_read_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("huge.fit");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_IMPORT_BYTES + 1).unwrap();
    drop(f);
    assert_eq!(read_picked_run_file(Some(&path)).unwrap_err(), "Could not read huge.fit: it is larger than 32 MB, too large to be a run file");
    assert!(read_run_file_at(&path.display().to_string()).unwrap_err().contains("too large to be a run file"));
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(MAX_IMPORT_BYTES).unwrap();
    assert_eq!(read_picked_run_file(Some(&path)).unwrap().unwrap().1.len() as u64, MAX_IMPORT_BYTES);
}

#[test]
fn the_exports_folder_offers_run_files_and_journal_files_apart_whatever_their_case() {
    let dir = TempDir::new().unwrap();
    for name in ["a.json", "B.CSV", "Run.GPX", "watch.fit", "notes.txt", "fit", "x.gpx.txt"] {
        std::fs::write(dir.path().join(name), "x").unwrap();
    }
    std::fs::create_dir(dir.path().join("folder.gpx")).unwrap();
    let names = |exts| {
        let mut n: Vec<String> = files_in(dir.path(), exts).into_iter().map(|f| f.name).collect();
        n.sort();
        n
    };
    assert_eq!(names(JOURNAL_EXTENSIONS), ["B.CSV", "a.json"]);
    assert_eq!(names(RUN_FILE_EXTENSIONS), ["Run.GPX", "watch.fit"]);
}

#[test]
fn both_run_pickers_offer_the_same_kinds_of_file() {
    // Android's MIME types (as MainActivity.kt has them) are the Rust list, and each has its iOS type.
    let line = KOTLIN.lines().find(|l| l.contains("EXTRA_MIME_TYPES") && l.contains("gpx")).expect("UnknotFiles.pickRunFile's MIME types");
    let mimes: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
    assert_eq!(mimes, RUN_FILE_MIME_TYPES);
    let uti = |mime: &str| match mime {
        "application/gpx+xml" => "com.topografix.gpx",
        "application/xml" | "text/xml" => "public.xml",
        // FIT has no type iOS knows: any file, told by its content.
        "application/vnd.ant.fit" | "application/octet-stream" => "public.data",
        other => panic!("Android's run picker offers {other}, which has no counterpart here"),
    };
    let mut from_android: Vec<&str> = mimes.iter().map(|m| uti(m)).collect();
    from_android.sort_unstable();
    from_android.dedup();
    let mut ios = RUN_FILE_UTIS.to_vec();
    ios.sort_unstable();
    assert_eq!(from_android, ios);
    // iOS knows no GPX type of its own: the app declares it, or the picker would not know .gpx by it.
    let declared = INFO_PLIST.split("<key>UTImportedTypeDeclarations</key>").nth(1).expect("Info.plist declares imported types");
    assert!(declared.contains("<string>com.topografix.gpx</string>") && declared.contains("<string>gpx</string>"), "{declared}");
}
