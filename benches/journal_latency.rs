//! Percentiles that criterion does not give: each operation timed one by one on the 10,000-note journal
//! file (WAL, synchronous=FULL: every save waits for fsync). Prints p50/p90/p99/max and, under
//! scripts/bench.sh, writes them to $UNKNOT_BENCH_OUT/journal_latency.json.
//! Goals: save p99 ≤ 10 ms, page of 50 ≤ 2 ms, 90-day trend ≤ 10 ms. Also times a bare 4 KiB write + fsync
//! on the same disk: the floor under a durable save on this machine.

mod common;

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use chrono::Days;

fn timed(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect()
}

fn main() {
    let dir = common::temp_dir();
    let mut journal = common::journal_at_scale(dir.path());
    let since = common::now().date_naive() - Days::new(90);
    let starts = common::page_starts(&journal, 50);
    assert_eq!(starts.len(), common::NOTES / 50);

    let page_first = common::stats(&timed(500, |_| {
        black_box(journal.notes_page(50, None).unwrap());
    }));
    let page_any = common::stats(&timed(500, |i| {
        black_box(journal.notes_page(50, starts[i * 7 % starts.len()].as_ref()).unwrap());
    }));
    let page_last = common::stats(&timed(500, |_| {
        black_box(journal.notes_page(50, starts.last().unwrap().as_ref()).unwrap());
    }));
    let trend = common::stats(&timed(200, |_| {
        black_box(journal.soreness_by_day("calves", since).unwrap());
    }));
    // Saves last, so the reads above see exactly the 10,000 notes. New notes, a minute apart after the newest;
    // a few warm-up saves first, as the app has made by the time a user saves (statements cached).
    let later = |i: usize| common::now() + chrono::Duration::minutes(i as i64 + 1);
    for i in 0..20 {
        journal.save_note(&common::note(100_000 + i, later(i))).unwrap();
    }
    let save = common::stats(&timed(500, |i| journal.save_note(&common::note(200_000 + i, later(20 + i))).unwrap()));
    // The floor under every durable save: one 4 KiB write + fsync on the same disk (a commit in WAL mode with
    // synchronous=FULL fsyncs the WAL once).
    let mut file = std::fs::File::create(dir.path().join("fsync-probe")).unwrap();
    let fsync = common::stats(&timed(200, |_| {
        file.write_all(&[0u8; 4096]).unwrap();
        file.sync_all().unwrap();
    }));

    let rows = [
        ("save_note", &save),
        ("notes_page_first", &page_first),
        ("notes_page_random", &page_any),
        ("notes_page_last", &page_last),
        ("soreness_by_day_90d", &trend),
        ("fsync_4k", &fsync),
    ];
    println!("journal at scale ({} notes, WAL + synchronous=FULL, {}):", common::NOTES, dir.path().display());
    for (name, s) in &rows {
        println!(
            "  {name:<22} n={:<4} p50 {:>8.3} ms  p90 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
            s.n, s.p50, s.p90, s.p99, s.max
        );
    }
    let json: Vec<String> = rows.iter().map(|(name, s)| format!("\"{name}\": {}", s.json())).collect();
    common::write_result("journal_latency", &format!("{{{}}}\n", json.join(", ")));
}
