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
    assert_eq!(widodo.ambiguous_with.as_ref().map(Vec::len), Some(2));
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
