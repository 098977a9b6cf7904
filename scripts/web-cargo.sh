# Sourced by scripts/build-web.sh and scripts/bench.sh: `web_cargo build|rustc ARGS` runs cargo for a wasm32
# build the browser downloads, with the standard library compiled for it (-Zbuild-std) and panics that stop the
# module at once (-Cpanic=immediate-abort): no panic message, location or formatting code in the download. The
# app is built with panic=abort already, so a panic ends it either way; what is lost is only the message the
# panic hook in src/main.rs would write to the console (a build without these flags, such as `dx build`, still
# writes it). Measured on the app (issue #16; KB = 1024 bytes, as in BENCHMARKS.md): the wasm after wasm-opt
# 760 -> 715 KB gzip, 603 -> 570 KB brotli; a pinned nightly compiler would take 10 KB gzip more off (705 KB).
# Both flags are unstable: RUSTC_BOOTSTRAP=1 lets the project's pinned stable compiler accept them, so every build
# uses one compiler; std's source comes from rustup's rust-src component (scripts/setup.sh adds it). Check the
# size again when the toolchain changes.
# std is also built with its `optimize_for_size` feature: smaller sorts (merge sort and heapsort, still
# O(n log n)), integer formatting and float parsing, in place of the faster, larger ones; the app sorts and
# parses short lists and single fields. Measured on the app: 732,631 -> 729,107 bytes gzip (584,726 -> 581,950
# brotli).
web_cargo() {
  local subcommand=$1; shift
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo "$subcommand" -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size --target wasm32-unknown-unknown "$@"
}
