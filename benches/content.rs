//! Start-up cost of the content library: decoding the content build.rs compiled (validated at build time) and
//! building the id indexes — what `Library::bundled()` does once when the app starts. Goal: ≤ 0.05 ms.
//! Beside it, for comparison only, what parsing and validating the TOML costs (what the app did before).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use unknot::content::Library;

fn content(c: &mut Criterion) {
    c.bench_function("content/load_and_index", |b| b.iter(|| black_box(Library::bundled().unwrap())));
    let sources = unknot::content::bundled_sources();
    c.bench_function("content/parse_toml_and_validate", |b| b.iter(|| black_box(Library::from_sources(&sources).unwrap())));
}

criterion_group!(benches, content);
criterion_main!(benches);
