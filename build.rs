//! Embeds every file under `content/` into the binary: writes `$OUT_DIR/content_bundle.rs`, a list of
//! `(path, text)` pairs that `content::bundled_sources()` includes. A new routine file is picked up by
//! dropping it into `content/routines/`; no list to keep in sync by hand. The drawings of the positions
//! (`content/positions/<id>.svg`, issue #17) are embedded the same way.

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
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }

    let mut out = String::from("&[\n");
    for (rel, abs) in files {
        out.push_str(&format!("    ({rel:?}, include_str!({abs:?})),\n"));
    }
    out.push_str("]\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("content_bundle.rs");
    fs::write(dest, out).expect("write content bundle");
}
