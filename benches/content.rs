//! Start-up cost of the content library: parsing every embedded TOML file, validating every reference and
//! building the id indexes — what `Library::bundled()` does once when the app starts. Goal: ≤ 1 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use unknot::content::Library;

fn content(c: &mut Criterion) {
    c.bench_function("content/load_and_index", |b| b.iter(|| black_box(Library::bundled().unwrap())));
}

criterion_group!(benches, content);
criterion_main!(benches);
