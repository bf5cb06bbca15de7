//! Every rule carries its own examples (positive ones with the expected quote, speaker, cue and
//! source; guardrails with `expect = "none"`). This runner checks them against the whole
//! engine; `kutip rules test` and `cargo test` both call it, so users' rules and the built-in
//! ones are held to the same test.

use std::fmt;

use super::model::Kind;
use crate::lang::Lang;
use crate::output::Quote;
use crate::pipeline::Engine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub path: String,
    pub example: usize,
    pub text: String,
    pub expected: String,
    pub got: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FAIL {} example {} ({})", self.rule, self.example + 1, self.path)?;
        writeln!(f, "  text:     {}", self.text)?;
        writeln!(f, "  expected: {}", self.expected)?;
        write!(f, "  got:      {}", self.got)
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

/// Runs the examples of every rule whose id starts with `only` (all when empty).
pub fn run(engine: &Engine, only: &str) -> Report {
    let rules = engine.rules();
    let mut report = Report::default();
    for rule in rules.rules.iter().filter(|r| r.id.starts_with(only)) {
        let path = rules.origins.get(rule.origin).map_or_else(String::new, |o| o.path.clone());
        for (i, ex) in rule.examples.iter().enumerate() {
            let doc = engine.extract_as(&ex.text, "example", Some(rule.lang));
            let fail = |expected: String, got: String| Failure {
                rule: rule.id.clone(),
                path: path.clone(),
                example: i,
                text: ex.text.clone(),
                expected,
                got,
            };
            let got_all = || doc.quotes.iter().map(describe).collect::<Vec<_>>().join("; ");
            if ex.expect.as_deref() == Some("none") {
                let fired = match rule.kind {
                    Kind::Source => doc.quotes.iter().find(|q| q.source.is_some()),
                    _ => doc.quotes.iter().find(|q| q.rule == rule.id),
                };
                match fired {
                    Some(q) => report.failures.push(fail("no match (guardrail)".into(), describe(q))),
                    None => report.passed += 1,
                }
                continue;
            }
            let candidate = doc.quotes.iter().find(|q| {
                (rule.kind == Kind::Source || q.rule == rule.id) && ex.quote.as_ref().is_none_or(|t| &q.text == t)
            });
            let Some(q) = candidate else {
                let want = ex.quote.as_deref().map_or("a match".to_string(), |t| format!("«{t}»"));
                report.failures.push(fail(
                    format!("{want} from {}", rule.id),
                    if doc.quotes.is_empty() { "nothing".into() } else { got_all() },
                ));
                continue;
            };
            let speaker = q.speaker.as_ref().and_then(|s| s.name.clone().or(s.mention.clone()));
            let mut wrong = Vec::new();
            if let Some(want) = &ex.speaker
                && !speaker.as_deref().is_some_and(|s| s == want || s.ends_with(&format!(" {want}")))
            {
                wrong.push(format!("speaker {want:?}"));
            }
            if let Some(want) = &ex.cue
                && q.cue.as_ref().map(|c| c.text.as_str()) != Some(want.as_str())
            {
                wrong.push(format!("cue {want:?}"));
            }
            let source = q.source.as_ref().map(|s| s.name.as_str());
            match (&ex.source, rule.kind) {
                (Some(want), _) if source != Some(want.as_str()) => wrong.push(format!("source {want:?}")),
                // A source rule's example without a source is a guardrail for the outlet.
                (None, Kind::Source) if source.is_some() => wrong.push("no source".into()),
                _ => {}
            }
            if wrong.is_empty() {
                report.passed += 1;
            } else {
                report.failures.push(fail(wrong.join(", "), describe(q)));
            }
        }
    }
    report
}

fn describe(q: &Quote) -> String {
    let speaker = q.speaker.as_ref().and_then(|s| s.name.clone().or(s.mention.clone())).unwrap_or_else(|| "?".into());
    let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
    let source = q.source.as_ref().map_or("-", |s| s.name.as_str());
    format!("«{}» speaker={speaker} cue={cue} source={source} rule={}", q.text, q.rule)
}

/// The language a rule's examples are read in.
pub fn lang_of(id: &str) -> Option<Lang> {
    Lang::parse(id.split('/').next().unwrap_or(""))
}
