//! Rule files as users write them: every kind of mistake gets a rendered diagnostic (the caret
//! is a contract, so the full output is snapshotted), hostile files are refused quickly, and
//! user rules override or disable built-in ones.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::with_snapshots;
use kutip::Engine;

fn diagnostics(path: &Path) -> String {
    match kutip::rules::build(true, &[path.to_path_buf()]) {
        Ok(_) => "no error".to_string(),
        Err(errors) => errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
    }
}

#[test]
fn every_broken_rule_file_gets_a_pointed_diagnostic() {
    let dir = PathBuf::from("tests/fixtures/bad-rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::root().join(&dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| dir.join(e.file_name()))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "only {} broken rule files", files.len());
    with_snapshots("bad-rules", || {
        for file in files {
            let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            insta::assert_snapshot!(name, diagnostics(&file));
        }
    });
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kutip-rules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// An engine with the built-in rules and one user file, `file` holding `contents`.
fn engine_with(name: &str, file: &str, contents: &str) -> Engine {
    let dir = temp_dir(name);
    std::fs::write(dir.join(file), contents).unwrap_or_else(|e| panic!("{e}"));
    Engine::load(true, &[dir]).unwrap_or_else(|e| panic!("{e:?}"))
}

fn refused_quickly(name: &str, contents: &str) -> String {
    let dir = temp_dir(name);
    let file = dir.join("hostile.toml");
    std::fs::write(&file, contents).unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let result = kutip::rules::build(true, &[file]);
    let elapsed = started.elapsed();
    // A guard against hangs, not a speed test: a hostile file must not take the tool down.
    assert!(elapsed < Duration::from_secs(10), "{name} took {elapsed:?}");
    let errors = result.err().unwrap_or_else(|| panic!("{name} was accepted"));
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[test]
fn hostile_rule_files_are_refused() {
    let huge = "# padding\n".repeat(1_100_000);
    assert!(refused_quickly("huge", &huge).contains("K204"));

    let deep = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let msg = refused_quickly("deep", &deep);
    assert!(msg.contains("recursion"), "{msg}");
    assert!(msg.lines().all(|l| l.len() < 400), "a diagnostic line is too long to read");

    let automaton = r#"
[[rule]]
id = "id/automaton"
language = "id"
kind = "direct"
description = "Compiles to a huge automaton."
template = '{quote}(?:\w{50}){50}(?:\w{50}){50}{cue:id/cue-post}'
"#;
    assert!(refused_quickly("automaton", automaton).contains("simplify it"));
}

#[test]
fn a_user_rule_overrides_a_builtin_one_by_id() {
    let engine = engine_with(
        "override",
        "override.toml",
        r#"
[[rule]]
id = "id/quote-cue-speaker"
language = "id"
kind = "direct"
priority = 100
description = "Only 'kata' after a quote."
template = '{quote}\s*,?\s*{cue:id/only-kata}\s+{speaker:id/speaker}'

[[rule.example]]
text = '"Siap," kata Budi.'
quote = "Siap,"

[[rule.example]]
text = '"Siap," ujar Budi.'
expect = "none"

[lexicon."id/only-kata"]
description = "Just kata."
words = ["kata"]
"#,
    );
    let rule =
        engine.rules().rules.iter().find(|r| r.id == "id/quote-cue-speaker").unwrap_or_else(|| panic!("missing"));
    assert!(rule.overrides);
    let doc = engine.extract("\"Kami siap,\" ujar Budi Santoso.", "t");
    assert!(doc.quotes.iter().all(|q| q.rule != "id/quote-cue-speaker"), "{:?}", doc.quotes);
    let doc = engine.extract("\"Kami siap,\" kata Budi Santoso.", "t");
    assert_eq!(doc.quotes[0].rule, "id/quote-cue-speaker");
}

#[test]
fn a_user_file_disables_a_builtin_rule() {
    let engine = engine_with("disable", "off.toml", "disable = [\"id/quote-cue-speaker\"]\n");
    assert!(engine.rules().rules.iter().all(|r| r.id != "id/quote-cue-speaker"));
    let doc = engine.extract("\"Kami siap membantu warga,\" kata Budi Santoso.", "t");
    assert!(doc.quotes.iter().all(|q| q.rule != "id/quote-cue-speaker"));
}

#[test]
fn a_user_rule_that_matches_the_empty_string_between_words_ends() {
    // `Built::new` refuses a template that matches the empty text, but this one still matches
    // nothing at every word boundary: each search must move on past it.
    let engine = engine_with(
        "empty-match",
        "empty.toml",
        r#"
[[rule]]
id = "id/user-source-maybe"
language = "id"
kind = "source"
priority = 1
description = "An outlet, or nothing at a word boundary."
template = '(?P<source>(?:Antara)?)\b'
"#,
    );
    let doc = engine.extract("Harga beras turun dua persen, kata Budi Santoso.", "t");
    assert_eq!(doc.quotes.len(), 1, "{:?}", doc.quotes);
}
