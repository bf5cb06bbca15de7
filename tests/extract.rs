//! Whole-document snapshots: every seed article (real scraped pages) as JSON and as readable
//! lines, and one small fixture per attribution form. Read a changed snapshot as a user would
//! read the output before accepting it.

mod common;

use common::{ENGINE, render, with_snapshots};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn name(path: &std::path::Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn seeds_json() {
    with_snapshots("seeds", || {
        insta::glob!("fixtures/seeds/*.txt", |path| {
            let text = read(path);
            let doc = ENGINE.extract(&text, &name(path));
            insta::assert_json_snapshot!(format!("{}.json", name(path)), doc);
        });
    });
}

#[test]
fn seeds_readable() {
    with_snapshots("seeds", || {
        insta::glob!("fixtures/seeds/*.txt", |path| {
            let text = read(path);
            insta::assert_snapshot!(name(path), render(&text, &ENGINE.extract(&text, &name(path))));
        });
    });
}

#[test]
fn attribution_forms() {
    for lang in ["id", "en", "mixed"] {
        with_snapshots(lang, || {
            insta::glob!(&format!("fixtures/{lang}/*.txt"), |path| {
                let text = read(path);
                insta::assert_snapshot!(name(path), render(&text, &ENGINE.extract(&text, &name(path))));
            });
        });
    }
}

#[test]
fn spans_index_the_input() {
    for dir in ["seeds", "id", "en", "mixed"] {
        let entries =
            std::fs::read_dir(common::root().join("tests/fixtures").join(dir)).into_iter().flatten().flatten();
        for entry in entries {
            let text = read(&entry.path());
            for q in ENGINE.extract(&text, "t").quotes {
                assert_eq!(&text[q.span.start..q.span.end], q.text, "{}", entry.path().display());
                assert_eq!(text[..q.span.start].chars().count(), q.span.char_start);
                assert_eq!(text[..q.span.end].chars().count(), q.span.char_end);
            }
        }
    }
}

#[test]
fn csv_rows_flatten_each_quote() {
    let path = common::root().join("tests/fixtures/id/05-sources.txt");
    let text = read(&path);
    let doc = ENGINE.extract(&text, "05-sources");
    let mut out = Vec::new();
    {
        let mut w = kutip::output::Writer::new(&mut out, kutip::output::Format::Csv);
        w.begin().and_then(|()| w.write(&doc)).and_then(|()| w.finish()).unwrap_or_else(|e| panic!("{e}"));
    }
    let csv = String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(csv.lines().count(), doc.quotes.len() + 1);
    with_snapshots("csv", || insta::assert_snapshot!("05-sources", csv));
}

/// The cue prefilter only skips work: every fixture, and each with its spaces doubled or made
/// no-break spaces (which a rule's `\s+` accepts between the words of a cue phrase), gives the
/// same output with every rule tried on every sentence.
/// Every fixture, and each with its spaces doubled or turned into no-break spaces.
fn fixture_texts() -> Vec<String> {
    let mut texts = vec![
        "Stok beras aman sampai akhir tahun, seperti  disampaikan Kepala Bulog Rizal Ramdhani.".to_string(),
        "The rally will go ahead, police spokesman Tom Hill pointed\u{a0}out on Monday.".to_string(),
    ];
    for dir in ["seeds", "id", "en", "mixed", "hostile"] {
        let entries =
            std::fs::read_dir(common::root().join("tests/fixtures").join(dir)).into_iter().flatten().flatten();
        for entry in entries.filter(|e| e.path().extension().is_some_and(|x| x == "txt")) {
            let text = read(&entry.path());
            texts.push(text.replace(' ', "  "));
            texts.push(text.replace(' ', "\u{a0}"));
            texts.push(text);
        }
    }
    assert!(texts.len() > 40, "fixtures not found");
    texts
}

#[test]
fn prefilter_changes_nothing() {
    let everything = kutip::Engine::load(true, &[]).expect("built-in rules").without_prefilter();
    for text in &fixture_texts() {
        let gated = serde_json::to_string(&ENGINE.extract(text, "t")).expect("json");
        let full = serde_json::to_string(&everything.extract(text, "t")).expect("json");
        assert_eq!(gated, full, "the prefilter changed the output of:\n{}", &text[..text.len().min(300)]);
    }
}

/// The slot DFAs (`rules::slots`) must bind exactly what the regex's captures bind, for every
/// match of every rule (tried on every sentence, cue word or not) in every fixture.
#[test]
fn slot_dfas_agree_with_captures() {
    let rules = ENGINE.rules();
    let mut checked = 0;
    for text in &fixture_texts() {
        let body: Vec<_> = kutip::text::paragraphs(text)
            .into_iter()
            .filter(|p| rules.boilerplate.is_body(&text[p.range.clone()]))
            .collect();
        let langs = kutip::lang::detect_all(&body.iter().map(|p| &text[p.range.clone()]).collect::<Vec<_>>());
        for (p, lang) in body.into_iter().zip(langs) {
            let c = kutip::detect::candidates(rules, text, p, lang);
            for s in &c.sentences {
                let sentence = &c.masked[s.start - c.paragraph.range.start..s.end - c.paragraph.range.start];
                for rule in rules.rules.iter().filter(|r| r.lang == lang) {
                    for m in rule.regex().find_iter(sentence) {
                        let (fast, slow) = (rule.bind(sentence, m.range()), rule.captures(sentence, m.range()));
                        assert_eq!(fast, slow, "{} on {sentence:?}", rule.id);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 400, "only {checked} matches checked");
}
