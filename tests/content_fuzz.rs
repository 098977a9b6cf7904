//! Fuzzing the content parser with proptest: any text in place of a content file — arbitrary strings, and the
//! real files with random characters inserted, removed or replaced — never panics; every error names a file
//! and a field, and a line it reports exists in that file; a bundle that is accepted keeps the library's
//! invariant (every reference resolves).
//!
//! `cargo test` runs a bounded number of cases; a longer run is `PROPTEST_CASES=20000 cargo test --release
//! --test content_fuzz`.

use proptest::prelude::*;
use unknot::content::{bundled_sources, Library, Source};

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 96;
    }
    config
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Remove(usize, usize),
}

fn mutated(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Remove(at, n) => {
                let at = at % chars.len().max(1);
                let end = (at + n).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop_oneof!["[\\[\\]=\"\n#a-z0-9 ]{1,6}", any::<String>()]).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Remove(at, n)),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_content_file_is_validated_without_panicking_and_errors_point_inside_it(
        which in any::<prop::sample::Index>(),
        replacement in prop_oneof![any::<String>().prop_map(Err), prop::collection::vec(edit(), 1..6).prop_map(Ok)],
    ) {
        let sources = bundled_sources();
        let target = which.index(sources.len());
        let text = match &replacement {
            Err(s) => s.clone(),
            Ok(edits) => mutated(sources[target].text, edits),
        };
        let files: Vec<Source> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| if i == target { Source { path: s.path, text: &text } } else { *s })
            .collect();
        match Library::from_sources(&files) {
            Ok(lib) => {
                for r in lib.routines.all() {
                    for s in &r.steps {
                        prop_assert!(lib.areas.get(&s.area).is_some());
                        prop_assert!(s.position.as_deref().is_some_and(|p| lib.positions.get(p).is_some()));
                    }
                    prop_assert!(lib.methods.get(&r.tool).is_some());
                }
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert!(!e.file.is_empty() && !e.field.is_empty() && !e.problem.is_empty(), "{:?}", e);
                    if let Some(line) = e.field.strip_prefix("line ").and_then(|l| l.parse::<usize>().ok()) {
                        let file = files.iter().find(|s| s.path == e.file).unwrap();
                        let lines = file.text.matches('\n').count() + 1;
                        prop_assert!((1..=lines).contains(&line), "{} has {} lines; error at {}", e.file, lines, line);
                    }
                }
            }
        }
    }
}
