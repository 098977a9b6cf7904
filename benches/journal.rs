//! The journal at scale, with criterion: a SQLite file holding 10,000 notes in a temp dir, opened as the
//! native shells open it (WAL, synchronous=FULL). Goals: save a note ≤ 10 ms (p99, see journal_latency.rs
//! for percentiles), a history page of 50 ≤ 2 ms, a 90-day soreness trend ≤ 10 ms; export and import of
//! the 10,000 notes as JSON are reported without a goal.

mod common;

use std::hint::black_box;
use std::time::Duration;

use chrono::Days;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn journal(c: &mut Criterion) {
    let dir = common::temp_dir();
    let mut journal = common::journal_at_scale(dir.path());
    let known = common::known_areas();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let since = common::now().date_naive() - Days::new(90);

    let mut g = c.benchmark_group("journal");
    g.bench_function("notes_page_first_50_of_10k", |b| b.iter(|| black_box(journal.notes_page(50, None).unwrap())));
    // Keyset paging: the last page starts from the cursor the page before it handed on.
    let starts = common::page_starts(&journal, 50);
    assert_eq!(starts.len(), common::NOTES / 50);
    let last = starts.last().unwrap().clone();
    g.bench_function("notes_page_last_50_of_10k", |b| {
        b.iter(|| black_box(journal.notes_page(50, last.as_ref()).unwrap()))
    });
    g.bench_function("soreness_by_day_90d_of_10k", |b| {
        b.iter(|| black_box(journal.soreness_by_day("calves", since).unwrap()))
    });

    let text = journal.export_json(common::now()).unwrap();
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("export_json_10k", |b| b.iter(|| black_box(journal.export_json(common::now()).unwrap())));
    g.bench_function("import_json_10k_into_empty", |b| {
        b.iter_batched(
            || {
                let d = common::temp_dir();
                let j = common::open(d.path());
                (d, j)
            },
            |(d, mut j)| {
                black_box(j.import_json(&text, &known).unwrap());
                (d, j)
            },
            BatchSize::PerIteration,
        )
    });

    // Last, because it adds notes (a few thousand more on top of the 10,000).
    g.sample_size(50).measurement_time(Duration::from_secs(10));
    let mut i = common::NOTES;
    g.bench_function("save_note_into_10k", |b| {
        b.iter(|| {
            i += 1;
            // A minute apart, after the newest note.
            journal.save_note(&common::note(i, common::now() + chrono::Duration::minutes(i as i64))).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, journal);
criterion_main!(benches);
