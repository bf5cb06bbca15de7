//! `kutip rules list | check | test`: the rule-writing workflow.

use std::path::PathBuf;

use super::{RuleArgs, load_engine, report_rule_errors};
use crate::rules::examples;

pub fn list(args: &RuleArgs) -> i32 {
    let engine = match load_engine(args) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let rules = engine.rules();
    let id_width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    say!("{:<id_width$}  lang  kind      prio  from", "id");
    for r in &rules.rules {
        let origin = rules.origins.get(r.origin);
        let from = match origin {
            Some(o) if o.builtin => "built-in".to_string(),
            Some(o) if r.overrides => format!("{} (overrides built-in)", o.path),
            Some(o) => o.path.clone(),
            None => String::new(),
        };
        let kind = format!("{:?}", r.kind).to_lowercase();
        say!("{:<id_width$}  {:<4}  {kind:<8}  {:>4}  {from}", r.id, r.lang.code(), r.priority);
        say!("{:<id_width$}  {}", "", r.description);
    }
    say!("{} rules", rules.rules.len());
    0
}

pub fn check(dirs: &[PathBuf]) -> i32 {
    match crate::rules::build(true, dirs) {
        Ok(rules) => {
            let user = rules.rules.iter().filter(|r| rules.origins.get(r.origin).is_some_and(|o| !o.builtin)).count();
            say!("ok: {} rules in force ({} from the given files)", rules.rules.len(), user);
            0
        }
        Err(errors) => report_rule_errors(&errors),
    }
}

pub fn test(args: &RuleArgs) -> i32 {
    let engine = match load_engine(args) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let report = examples::run(&engine, "");
    for f in &report.failures {
        say!("{f}\n");
    }
    say!("{} passed, {} failed", report.passed, report.failures.len());
    i32::from(!report.failures.is_empty())
}
