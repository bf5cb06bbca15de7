//! `kutip audit`: the seeds audited as a table, CSV and JSON (snapshots), and the merge rules
//! on small fixtures: surname-only mentions, titles, accents, and two people sharing a surname.

mod common;

use common::{ENGINE, with_snapshots};
use kutip::audit::{Audit, Report, render};

fn audit_dir(dir: &str) -> Report {
    let root = common::root().join("tests/fixtures").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut audit = Audit::new(None, 0);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{e}"));
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        audit.add(&ENGINE.extract(&text, &name), Some(&text));
    }
    audit.finish()
}

fn rendered(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seeds_audit_snapshots() {
    let report = audit_dir("seeds");
    with_snapshots("audit", || {
        insta::assert_snapshot!("seeds-table", rendered(|o| render::table(&report, 120, o)));
        insta::assert_snapshot!("seeds-csv", rendered(|o| render::csv(&report, o)));
        insta::assert_snapshot!("seeds-json", rendered(|o| render::json(&report, o)));
    });
}

#[test]
fn speakers_merge_across_documents_and_only_when_unambiguous() {
    let report = audit_dir("audit");
    let find = |name: &str| {
        report
            .speakers
            .iter()
            .find(|s| s.speaker == name)
            .unwrap_or_else(|| panic!("no {name}: {:#?}", report.speakers))
    };
    // "Lavrov" in another document joins "Sergei Lavrov"; the title is kept as a role.
    let lavrov = find("Sergei Lavrov");
    assert_eq!((lavrov.quotes, lavrov.documents), (2, 2));
    assert_eq!(lavrov.roles, vec!["Menteri Luar Negeri Rusia".to_string()]);
    assert!(lavrov.aliases.contains(&"Lavrov".to_string()));
    // Accents do not split a speaker; the accented spelling is shown.
    let diaz = find("Miguel Díaz-Canel");
    assert_eq!(diaz.quotes, 2);
    // Two people with one surname stay two; the bare surname is not given to either.
    assert_eq!(find("Joko Widodo").quotes, 1);
    assert_eq!(find("Budi Widodo").quotes, 1);
    let widodo = find("Widodo");
    // The candidates in the order they were first quoted in the corpus.
    assert_eq!(widodo.ambiguous_with, Some(vec!["Joko Widodo".to_string(), "Budi Widodo".to_string()]));
}

#[test]
fn html_escapes_input_and_covers_every_quote() {
    let text = "Menteri Budi Santoso datang.\n\n\"<script>alert(1)</script> & kami siap,\" kata Budi.";
    let mut audit = Audit::new(None, 10);
    audit.add(&ENGINE.extract(text, "doc<1>"), Some(text));
    let report = audit.finish();
    let html = rendered(|o| render::html(&report, o));
    assert!(!html.contains("<script>alert"), "input text must be escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; kami siap,"));
    assert!(html.contains("doc&lt;1&gt;"));
    assert_eq!(html.matches("<mark ").count(), report.totals.quotes);
    assert!(!html.contains("http://") && !html.contains("https://"), "the report loads nothing from the network");
}

#[test]
fn speaker_listing_gives_every_quote_with_offsets() {
    let root = common::root().join("tests/fixtures/audit");
    let mut audit = Audit::new(Some("Lavrov"), 0);
    for name in ["01-lavrov.txt", "02-lavrov-surname.txt", "03-diaz-canel.txt"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        audit.add(&ENGINE.extract(&text, name), Some(&text));
    }
    let quotes = audit.finish().speaker_quotes.unwrap_or_default();
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].document, "01-lavrov.txt");
    assert!(quotes.iter().all(|q| q.end > q.start));
}

/// A corpus for the merge tests: the audit fixtures whole (surnames alone, two Widodos),
/// then documents of 1-4 consecutive paragraphs of every fixture, picked by a fixed
/// generator, some with a paragraph of another fixture appended. Extracted once.
fn merge_corpus() -> &'static [(kutip::output::Document, String)] {
    static CORPUS: std::sync::OnceLock<Vec<(kutip::output::Document, String)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files: Vec<_> = walk(&common::root().join("tests/fixtures"));
        files.sort();
        let mut fixtures: Vec<(String, Vec<String>)> = Vec::new();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            let lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
            if !lines.is_empty() {
                fixtures.push((f.display().to_string(), lines));
            }
        }
        let mut docs = Vec::new();
        for (path, lines) in fixtures.iter().filter(|(p, _)| p.contains("fixtures/audit/")) {
            let text = lines.join("\n\n");
            docs.push((ENGINE.extract(&text, path), text));
        }
        let mut seed: u64 = 0x2024;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for i in 0..240 {
            let (_, lines) = &fixtures[next(fixtures.len())];
            let start = next(lines.len());
            let mut paragraphs: Vec<&str> =
                lines[start..(start + 1 + next(4)).min(lines.len())].iter().map(String::as_str).collect();
            if next(5) == 0 {
                let (_, other) = &fixtures[next(fixtures.len())];
                paragraphs.push(&other[next(other.len())]);
            }
            let text = paragraphs.join("\n\n");
            docs.push((ENGINE.extract(&text, &format!("doc-{i:03}")), text));
        }
        docs
    })
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    out
}

/// Everything a report shows: the JSON, and the HTML (which also shows the kept documents).
fn everything(report: &Report) -> (String, String) {
    (rendered(|o| render::json(report, o)), rendered(|o| render::html(report, o)))
}

/// The audit of `docs[range]`, documents numbered within `segment`.
fn part(range: std::ops::Range<usize>, segment: u64, speaker: Option<&str>, keep: usize) -> Audit {
    let mut audit = Audit::new(speaker, keep).with_segment(segment);
    for (doc, text) in &merge_corpus()[range] {
        audit.add(doc, Some(text));
    }
    audit
}

const SETTINGS: [(Option<&str>, usize); 3] = [(None, 0), (Some("Lavrov"), 5), (Some("Widodo"), 300)];

#[test]
fn merge_corpus_has_what_merging_must_handle() {
    let report = part(0..merge_corpus().len(), 0, None, 0).finish();
    assert!(report.speakers.len() > 20, "{} speakers", report.speakers.len());
    assert!(report.speakers.iter().any(|s| s.ambiguous_with.is_some()), "an ambiguous surname");
    assert!(report.speakers.iter().any(|s| s.aliases.len() > 1), "a surname merged into a full name");
    assert!(report.speakers.iter().any(|s| s.documents > 3 && s.samples.len() == 3), "a speaker in many documents");
}

#[test]
fn two_parts_cut_anywhere_merge_to_the_one_pass_report() {
    let n = merge_corpus().len();
    for (speaker, keep) in SETTINGS {
        let whole = everything(&part(0..n, 0, speaker, keep).finish());
        for cut in 0..=n {
            let (a, b) = (part(0..cut, 0, speaker, keep), part(cut..n, 1, speaker, keep));
            let mut ab = a.clone();
            ab.merge(b.clone()).unwrap_or_else(|e| panic!("{e}"));
            assert!(everything(&ab.finish()) == whole, "cut at {cut}, merged a+b, speaker {speaker:?}");
            let mut ba = b;
            ba.merge(a).unwrap_or_else(|e| panic!("{e}"));
            assert!(everything(&ba.finish()) == whole, "cut at {cut}, merged b+a, speaker {speaker:?}");
        }
    }
}

#[test]
fn partial_audits_survive_json() {
    let audit = part(0..merge_corpus().len(), 3, Some("Lavrov"), 7);
    let again = Audit::from_json(&audit.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.to_json(), audit.to_json());
    assert!(everything(&again.finish()) == everything(&audit.finish()));
    assert!(Audit::from_json("{}").is_err());
    let other_version = audit_json_with_schema("kutip-audit-partial/0");
    let err = Audit::from_json(&other_version).err().unwrap_or_default();
    assert!(err.contains("kutip-audit-partial/0"), "{err}");
}

fn audit_json_with_schema(schema: &str) -> String {
    let json = Audit::new(None, 0).to_json();
    json.replace(kutip::audit::PARTIAL_SCHEMA, schema)
}

#[test]
fn audits_for_different_speakers_do_not_merge() {
    let mut a = Audit::new(Some("Lavrov"), 0);
    assert!(a.merge(Audit::new(None, 0)).is_err());
    assert!(a.merge(Audit::new(Some("lavrov"), 0)).is_ok(), "the same key");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 48, ..Default::default() })]

    /// The group-by-speaker job in miniature: the corpus cut into parts, each part's audit
    /// split by speaker key and sent through JSON, the pieces of each key merged in a shuffled
    /// order, then all keys merged into an empty audit: the one-pass report, exactly.
    #[test]
    fn split_by_speaker_and_merged_in_any_order_equals_one_pass(
        cuts in proptest::collection::vec(0usize..1000, 0..8),
        order in proptest::collection::vec(proptest::num::u64::ANY, 64),
        setting in 0usize..SETTINGS.len(),
    ) {
        let (speaker, keep) = SETTINGS[setting];
        let n = merge_corpus().len();
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c * n / 1000).collect();
        bounds.extend([0, n]);
        bounds.sort_unstable();
        let mut groups: std::collections::BTreeMap<Option<String>, Vec<Audit>> = Default::default();
        for (segment, w) in bounds.windows(2).enumerate() {
            for (k, piece) in part(w[0]..w[1], segment as u64, speaker, keep).split() {
                let piece = Audit::from_json(&piece.to_json()).map_err(proptest::test_runner::TestCaseError::fail)?;
                groups.entry(k).or_default().push(piece);
            }
        }
        let mut total = Audit::new(speaker, keep);
        let mut turn = 0;
        for (_, mut pieces) in groups {
            // A shuffle driven by `order`: which pieces meet first differs from case to case.
            for i in (1..pieces.len()).rev() {
                pieces.swap(i, (order[turn % order.len()] % (i as u64 + 1)) as usize);
                turn += 1;
            }
            let mut merged = pieces.pop().unwrap_or_else(|| Audit::new(speaker, keep));
            while let Some(p) = pieces.pop() {
                merged.merge(p).map_err(proptest::test_runner::TestCaseError::fail)?;
            }
            total.merge(merged).map_err(proptest::test_runner::TestCaseError::fail)?;
        }
        let whole = everything(&part(0..n, 0, speaker, keep).finish());
        proptest::prop_assert!(everything(&total.finish()) == whole);
    }
}

/// `kutip audit --from`: extract's JSONL lines regrouped by document give the audit of the
/// documents; a line that is not a quote is named by its line number and the rest audited.
#[test]
fn audit_from_extract_lines_equals_audit_of_the_documents() {
    let docs: Vec<&kutip::output::Document> =
        merge_corpus().iter().map(|(d, _)| d).filter(|d| !d.quotes.is_empty()).take(40).collect();
    let mut lines = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        for q in &doc.quotes {
            let mut line = serde_json::to_value(q).unwrap_or_else(|e| panic!("{e}"));
            line["document"] = serde_json::Value::String(doc.document.clone());
            lines.push(line.to_string());
        }
        if i == 3 {
            lines.push("{\"document\": \"broken\"}".to_string());
        }
    }
    let bad_line = lines.iter().position(|l| l.contains("broken")).unwrap_or_default() + 1;
    let path = std::env::temp_dir().join(format!("kutip-audit-from-{}.jsonl", std::process::id()));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kutip"))
        .args(["audit", "--format", "json", "--from"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!(".jsonl:{bad_line}: not a kutip quote line")), "{stderr}");
    let mut audit = Audit::new(None, 0);
    for doc in &docs {
        audit.add(doc, None);
    }
    assert_eq!(String::from_utf8_lossy(&out.stdout), rendered(|o| render::json(&audit.finish(), o)));
}
