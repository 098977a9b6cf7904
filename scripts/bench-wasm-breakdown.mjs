#!/usr/bin/env node
// Where the web build's wasm bytes go: section sizes, and the code section's function bodies grouped by the
// crate (or C library) they come from, read from the wasm's name section.
//   node scripts/bench-wasm-breakdown.mjs <file.wasm>      -> JSON on stdout
// scripts/bench.sh runs it on a copy of the release wasm built with symbols kept (strip=false) and put through
// the same wasm-bindgen + wasm-opt -Oz steps with -g, so the code is the same as shipped but the functions
// still have names. Function names without a Rust path are C: SQLite and sqlite-wasm-rs's libc shim.
import fs from "node:fs";

const buf = fs.readFileSync(process.argv[2]);
let i = 8;
const leb = () => {
  let r = 0, s = 0, b;
  do { b = buf[i++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
  return r;
};
const SECTION = { 0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount" };
const sections = {};
const bodies = [];
const names = new Map();
let importedFunctions = 0;
while (i < buf.length) {
  const id = buf[i++];
  const len = leb();
  const end = i + len;
  let name = SECTION[id] ?? `section ${id}`;
  if (id === 0) {
    const nl = leb();
    name = `custom "${buf.subarray(i, i + nl).toString()}"`;
    i += nl;
    if (name === 'custom "name"') {
      while (i < end) {
        const sub = buf[i++];
        const sl = leb();
        const subEnd = i + sl;
        if (sub === 1) {
          const n = leb();
          for (let k = 0; k < n; k++) { const idx = leb(); const l = leb(); names.set(idx, buf.subarray(i, i + l).toString()); i += l; }
        }
        i = subEnd;
      }
    }
  } else if (id === 2) {
    const n = leb();
    for (let k = 0; k < n; k++) {
      for (let part = 0; part < 2; part++) { const l = leb(); i += l; } // module and field names
      const kind = buf[i++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { i++; const fl = buf[i++]; leb(); if (fl & 1) leb(); }
      else if (kind === 2) { const fl = buf[i++]; leb(); if (fl & 1) leb(); }
      else if (kind === 3) i += 2;
      else leb();
    }
  } else if (id === 10) {
    const n = leb();
    for (let k = 0; k < n; k++) { const size = leb(); bodies.push(size); i += size; }
  }
  sections[name] = (sections[name] ?? 0) + len;
  i = end;
}

/** The crate a (demangled) Rust function name belongs to: the first path segment, or a trait's crate. */
function origin(name) {
  if (!name) return "(unnamed)";
  const m = name.match(/(?:^|[<\s&*(])([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  return "C: SQLite + libc shim";
}
const GROUPS = [
  ["SQLite (C, with sqlite-wasm-rs's libc shim)", (c) => c.startsWith("C:")],
  ["SQLite bindings and VFS (rusqlite, sqlite-wasm-rs/-vfs, rsqlite-vfs, IndexedDB)", (c) => /^(rusqlite|libsqlite3_sys|sqlite_wasm_rs|sqlite_wasm_vfs|rsqlite_vfs|indexed_db|idb)/.test(c)],
  ["the app (unknot)", (c) => c === "unknot"],
  ["Dioxus (core, web, router, signals, hot-patch wrappers, …)", (c) => /^(dioxus|subsecond|generational_box|warnings|manganis|const_serialize|longest_increasing)/.test(c)],
  ["Rust std (core, alloc, std, compiler_builtins, hashbrown, demangling)", (c) => /^(core|alloc|std|compiler_builtins|hashbrown|rustc_demangle|dlmalloc|panic_|addr2line|gimli|miniz)/.test(c)],
  ["content and export formats (toml, serde, serde_json, csv)", (c) => /^(toml|toml_parser|toml_datetime|winnow|serde|serde_core|serde_json|csv|csv_core|ryu|itoa|memchr)/.test(c)],
  ["chrono", (c) => /^chrono/.test(c)],
  ["wasm-bindgen, js-sys, web-sys", (c) => /^(wasm_bindgen|js_sys|web_sys|wasm_bindgen_futures)/.test(c)],
];
const byCrate = new Map();
bodies.forEach((size, k) => {
  const c = origin(names.get(importedFunctions + k));
  byCrate.set(c, (byCrate.get(c) ?? 0) + size);
});
const groups = Object.fromEntries(GROUPS.map(([g]) => [g, 0]));
groups.other = 0;
for (const [c, size] of byCrate) {
  const g = GROUPS.find(([, test]) => test(c));
  groups[g ? g[0] : "other"] += size;
}
const crates = [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([crate, bytes]) => ({ crate, bytes }));
console.log(JSON.stringify({
  file: process.argv[2],
  bytes: buf.length,
  sections,
  code_bodies: bodies.reduce((a, b) => a + b, 0),
  named_functions: names.size,
  functions: bodies.length,
  code_by_group: Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1])),
  top_crates: crates,
}, null, 1));
