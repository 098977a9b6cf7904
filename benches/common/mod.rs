//! Shared by the journal benchmarks: a journal file at scale (10,000 notes), opened the way the desktop and
//! phone shells open it (`Durability::NATIVE`: WAL + synchronous=FULL), in its own temp dir on a real disk.

#![allow(dead_code)] // each bench binary uses part of this

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Duration as Span, FixedOffset, TimeZone};
use unknot::journal::transfer::{ExportFile, FORMAT_NAME, FORMAT_VERSION};
use unknot::journal::{Durability, Journal, Note};

pub const NOTES: usize = 10_000;
/// The notes are spread evenly over this many days before [`now`] (≈ 14 a day; ≈ 1,230 in a 90-day window).
pub const SPAN_DAYS: i64 = 730;
const AREAS: [&str; 6] = ["calves", "hamstrings", "quads", "glutes", "feet", "adductors"];

/// A fixed "now", so every run builds the same data.
pub fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2026, 11, 20, 19, 0, 0).unwrap()
}

/// A realistic note: 1–3 sore areas, a feel, usually an RPE, and a sentence or two of text.
pub fn note(i: usize, at: DateTime<FixedOffset>) -> Note {
    let mut soreness = std::collections::BTreeMap::new();
    for k in 0..=(i % 3) {
        soreness.insert(AREAS[(i + 2 * k) % AREAS.len()].to_string(), ((i * 7 + k * 3) % 11) as u8);
    }
    Note {
        id: format!("bench-note-{i:06}"),
        created_at: at,
        updated_at: at,
        session_id: None,
        feel: (i % 5 + 1) as u8,
        rpe: if i % 4 == 0 { None } else { Some((i % 10 + 1) as u8) },
        text: format!(
            "Run {i}: easy 8 km, calves tight on the hills. Rolled for ten minutes afterwards; felt looser by the evening."
        ),
        soreness,
    }
}

/// `n` notes, oldest first, evenly spread over [`SPAN_DAYS`] up to [`now`].
pub fn notes(n: usize) -> Vec<Note> {
    let step = Span::seconds(SPAN_DAYS * 86_400 / n as i64);
    let first = now() - Span::days(SPAN_DAYS);
    (0..n).map(|i| note(i, first + step * (i as i32 + 1))).collect()
}

/// The notes as an Unknot JSON export (what "Export JSON" writes and "Import" reads).
pub fn export_text(notes: Vec<Note>) -> String {
    let file = ExportFile {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        exported_at: now(),
        sessions: vec![],
        notes,
        damaged: vec![],
        routines: vec![],
        favourites: vec![],
        session_routines: vec![],
        runs: vec![],
    };
    serde_json::to_string_pretty(&file).unwrap()
}

/// Every body area id of the bundled library (what the app passes to import).
pub fn known_areas() -> Vec<String> {
    unknot::content::Library::bundled().unwrap().areas.all().iter().map(|a| a.id.clone()).collect()
}

/// Opens `dir/journal.sqlite3` as the desktop shell does.
pub fn open(dir: &Path) -> Journal {
    Journal::open(&dir.join("journal.sqlite3"), Durability::NATIVE).unwrap().0
}

/// A journal file holding [`NOTES`] notes (loaded through one import transaction).
pub fn journal_at_scale(dir: &Path) -> Journal {
    let mut journal = open(dir);
    let known = known_areas();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let report = journal.import_json(&export_text(notes(NOTES)), &known).unwrap();
    assert_eq!(report.added as usize, NOTES);
    journal
}

/// A temp dir on the same disk as the user's data would be (not a RAM-backed /tmp, where fsync is free).
pub fn temp_dir() -> tempfile::TempDir {
    let base = std::env::var_os("UNKNOT_BENCH_TMP").map(std::path::PathBuf::from).unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&base).unwrap();
    tempfile::Builder::new().prefix("unknot-bench-").tempdir_in(base).unwrap()
}

/// Percentiles (nearest rank) of a set of durations, in milliseconds.
pub struct Stats {
    pub n: usize,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
    pub mean: f64,
}

pub fn stats(samples: &[Duration]) -> Stats {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let rank = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    Stats { n: ms.len(), p50: rank(0.50), p90: rank(0.90), p99: rank(0.99), max: ms[ms.len() - 1], mean: ms.iter().sum::<f64>() / ms.len() as f64 }
}

impl Stats {
    pub fn json(&self) -> String {
        format!(
            r#"{{"n": {}, "p50_ms": {:.4}, "p90_ms": {:.4}, "p99_ms": {:.4}, "max_ms": {:.4}, "mean_ms": {:.4}}}"#,
            self.n, self.p50, self.p90, self.p99, self.max, self.mean
        )
    }
}

/// Writes `json` to `$UNKNOT_BENCH_OUT/<name>.json` when scripts/bench.sh asks for it.
pub fn write_result(name: &str, json: &str) {
    if let Some(dir) = std::env::var_os("UNKNOT_BENCH_OUT") {
        let path = Path::new(&dir).join(format!("{name}.json"));
        std::fs::write(&path, json).unwrap();
        println!("wrote {}", path.display());
    }
}

/// Where each page of `size` notes starts, newest first (walks the whole history once): the cursor to hand
/// `notes_page` for page `i` is `starts[i]`.
pub fn page_starts(journal: &unknot::journal::Journal, size: u32) -> Vec<Option<unknot::journal::NoteCursor>> {
    let mut starts = vec![None];
    loop {
        let page = journal.notes_page(size, starts.last().unwrap().as_ref()).unwrap();
        match page.next {
            Some(next) if !page.notes.is_empty() => starts.push(Some(next)),
            _ => break,
        }
    }
    // A page that ends at the oldest note still hands a cursor; the page after it is empty.
    if journal.notes_page(size, starts.last().unwrap().as_ref()).unwrap().notes.is_empty() {
        starts.pop();
    }
    starts
}
