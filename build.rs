//! Compiles the content under `content/` into the app: parses and validates every TOML file with the same
//! code the tests use (`src/content/source.rs`), and writes the typed library to `$OUT_DIR/content.postcard`
//! (postcard's compact serde form) for `Library::bundled()` to decode at start-up, so the app parses no TOML
//! and holds no TOML parser. The drawings of the positions (`content/positions/<id>.svg`) are validated
//! and compiled in the same way. A defect fails the build with errors naming file and field. Also writes
//! `$OUT_DIR/content_bundle.rs`, the files' text as `(path, text)` pairs, for the tests' `bundled_sources()`.
//! A new routine file is picked up by dropping it into `content/routines/`; a new field in the model flows
//! through the serde derives, with nothing here to change. It also writes `$OUT_DIR/cues.js`, the cue bridge
//! (`assets/cues.js`) as the app carries it: without its comment lines and indentation (see [`compact_js`]).

// The content modules are shared with the library; the build uses only part of them.
#![allow(dead_code)]

#[path = "src/content/bundle.rs"]
mod bundle;
#[path = "src/content/model.rs"]
mod model;
#[path = "src/content/source.rs"]
mod source;
#[path = "src/content/validate.rs"]
mod validate;
#[path = "src/text.rs"]
mod text;

use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let content = Path::new(&root).join("content");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=content/routines");
    println!("cargo:rerun-if-changed=content/positions");

    let mut files = Vec::new();
    for (dir, ext) in [(content.clone(), "toml"), (content.join("routines"), "toml"), (content.join("positions"), "svg")] {
        let mut entries: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        entries.sort();
        for path in entries {
            println!("cargo:rerun-if-changed={}", path.display());
            let rel = path.strip_prefix(&root).expect("inside the crate").to_string_lossy().replace('\\', "/");
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
            files.push((rel, path.to_string_lossy().into_owned(), text));
        }
    }
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");

    let sources: Vec<source::Source> = files.iter().map(|(rel, _, text)| source::Source { path: rel, text }).collect();
    let library = match source::content_from_sources(&sources) {
        Ok(library) => library,
        Err(errors) => {
            // Each on its own line, so the build's output shows them all, not only the panic's first line.
            for e in &errors.0 {
                println!("cargo:warning={e}");
            }
            panic!("{errors}");
        }
    };
    let compiled = postcard::to_allocvec(&library).expect("the content serialises");
    fs::write(Path::new(&out_dir).join("content.postcard"), compiled).expect("write the compiled content");

    println!("cargo:rerun-if-changed=assets/cues.js");
    let bridge = fs::read_to_string(Path::new(&root).join("assets/cues.js")).expect("read assets/cues.js");
    fs::write(Path::new(&out_dir).join("cues.js"), compact_js(&bridge)).expect("write the compacted cue bridge");

    let mut out = String::from("&[\n");
    for (rel, abs, _) in &files {
        out.push_str(&format!("    ({rel:?}, include_str!({abs:?})),\n"));
    }
    out.push_str("]\n");
    fs::write(Path::new(&out_dir).join("content_bundle.rs"), out).expect("write content bundle");
}

/// The cue bridge without what only its readers need: lines that are only a `//` comment, and each line's
/// indentation (about half its bytes; issue #16). Nothing else is touched — a comment after code stays, since
/// `//` may sit inside a string there. Safe for a script whose strings all end on their line, which the build
/// checks: no template literal (they may span lines) and no line continued with a backslash.
fn compact_js(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        assert!(!line.contains('`') && !line.ends_with('\\'), "assets/cues.js: a string may span lines here: {line}");
        out.push_str(line);
        out.push('\n');
    }
    out
}
