//! Shared test helpers: one engine per test binary, and insta settings that keep every
//! snapshot in the top-level `snapshots/` directory.
#![allow(dead_code)]

use std::path::PathBuf;

use kutip::Engine;
use once_cell::sync::Lazy;

pub static ENGINE: Lazy<Engine> = Lazy::new(|| match Engine::load(true, &[]) {
    Ok(e) => e,
    Err(errors) => panic!("built-in rules do not compile: {errors:#?}"),
});

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `f` with snapshots stored under `snapshots/<dir>/`.
pub fn with_snapshots(dir: &str, f: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots").join(dir));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f);
}

/// One line per quote, the way a person scans output:
/// `line:col  rule  «quote» — speaker [mention, resolution] (cue) [source]`.
pub fn render(text: &str, doc: &kutip::output::Document) -> String {
    let mut out = format!("language: {}\n", doc.language);
    for q in &doc.quotes {
        let line = text[..q.span.start].matches('\n').count() + 1;
        let col = text[..q.span.start].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let speaker = match &q.speaker {
            Some(s) => format!(
                "{} [{}, {:?}{}]",
                s.name.as_deref().unwrap_or("?"),
                s.mention.as_deref().unwrap_or("-"),
                s.resolution,
                s.title.as_deref().map(|t| format!(", title: {t}")).unwrap_or_default()
            ),
            None => "?".into(),
        };
        let cue = q.cue.as_ref().map(|c| format!(" ({})", c.text)).unwrap_or_default();
        let source = q.source.as_ref().map(|s| format!(" [source: {}]", s.name)).unwrap_or_default();
        out.push_str(&format!("{line}:{col}  {:?} {}  «{}» — {speaker}{cue}{source}\n", q.kind, q.rule, q.text));
    }
    out
}
