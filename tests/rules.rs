//! The built-in rules' own examples, run through the whole engine (the same runner as
//! `kutip rules test`).

mod common;

#[test]
fn every_builtin_rule_example_holds() {
    let report = kutip::rules::examples::run(&common::ENGINE, "");
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), failures.join("\n"));
    assert!(report.passed > 40, "only {} examples ran", report.passed);
}

#[test]
fn every_builtin_rule_has_a_positive_example_and_a_guardrail() {
    for rule in &common::ENGINE.rules().rules {
        let guardrails = rule.examples.iter().filter(|e| e.expect.as_deref() == Some("none")).count();
        let positives = rule.examples.len() - guardrails;
        assert!(positives >= 1, "{} has no positive example", rule.id);
        assert!(guardrails >= 1 || rule.kind == kutip::rules::Kind::Source, "{} has no guardrail", rule.id);
    }
}

/// `explain` names the step that dropped a match, not only the rules that matched.
#[test]
fn explain_says_why_a_match_left_no_quote() {
    let text = "Kepala Bulog Rizal Ramdhani, Senin (3/2), menyampaikan apresiasi kepada petani.";
    let (doc, trace) = common::ENGINE.explain(text, None);
    assert!(doc.quotes.is_empty());
    let trials: Vec<&kutip::pipeline::RuleTrial> =
        trace.paragraphs.iter().flat_map(|p| &p.sentences).flat_map(|s| &s.rules).collect();
    let dropped = trials.iter().find(|t| t.rule == "id/claim-speaker-cue").expect("the rule was tried");
    assert!(dropped.outcome.contains("noun phrase"), "{}", dropped.outcome);
    assert_eq!(dropped.slots.get("content").map(String::as_str), Some("apresiasi kepada petani"));
}
