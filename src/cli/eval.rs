//! `kutip eval`: extraction scored against a user's annotated sample, with breakdowns and a
//! regression check against an earlier run.

use std::path::PathBuf;

use clap::Args;

use super::{LangArg, ReportFormat, RuleArgs, load_engine};
use crate::eval::{self, Evaluation, GoldDoc, Predicted};

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file: JSON Lines, one annotated document per line (format in docs/rules.md).
    #[arg(value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    #[arg(long, value_enum, default_value = "auto")]
    pub lang: LangArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// An earlier `kutip eval --format json` output: exit 1 when a headline figure drops by
    /// more than --tolerance.
    #[arg(long, value_name = "EVAL.json")]
    pub baseline: Option<PathBuf>,
    #[arg(long, default_value_t = 0.01)]
    pub tolerance: f64,
    #[command(flatten)]
    pub rules: RuleArgs,
}

pub fn load_gold(path: &PathBuf) -> Result<Vec<GoldDoc>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: not a gold document: {e}", path.display(), n + 1))
        })
        .collect()
}

pub fn run(args: &EvalArgs) -> i32 {
    let gold = match load_gold(&args.gold) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("kutip: error: {e}");
            return 2;
        }
    };
    let engine = match load_engine(&args.rules) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let predicted: Vec<Vec<Predicted>> =
        gold.iter().map(|g| Predicted::from_document(&engine.extract_as(&g.text, &g.id, args.lang.lang()))).collect();
    let ev = eval::score(&gold, &predicted);
    if args.format == ReportFormat::Json {
        say!("{}", serde_json::to_string_pretty(&ev).unwrap_or_default());
    } else {
        print_text(&ev);
    }
    match &args.baseline {
        None => 0,
        Some(path) => compare(&ev, path, args.tolerance),
    }
}

/// How many names cut short the text report lists.
const SHORT_NAMES_SHOWN: usize = 20;

fn print_text(ev: &Evaluation) {
    for (name, f) in [("all", &ev.all), ("direct", &ev.direct), ("indirect", &ev.indirect)] {
        say!(
            "{name:<9} P={:.3} R={:.3} F1={:.3} e2eF1={:.3} (tp={} pred={} gold={})",
            f.p,
            f.r,
            f.f1,
            f.e2e_f1,
            f.tp,
            f.pred,
            f.gold
        );
    }
    let src = ev.source_acc.map_or("n/a".to_string(), |s| format!("{s:.3}"));
    say!("speaker_acc={:.3} source_acc={src}", ev.speaker_acc);
    say!("\nper document (tp/pred/gold, end-to-end):");
    for d in &ev.per_document {
        say!("  {:<24} {}/{}/{}  e2e {}", d.id, d.tp, d.pred, d.gold, d.e2e);
    }
    say!("\nper rule (matched, false positives, wrong speaker):");
    for (rule, r) in &ev.per_rule {
        say!("  {rule:<32} {:>4} {:>4} {:>4}", r.true_positives, r.false_positives, r.wrong_speaker);
    }
    if !ev.short_names.is_empty() {
        // The score accepts these as it accepts a surname; a reader of the output would not.
        say!("\nspeakers named short of the gold name ({}; the score counts them right):", ev.short_names.len());
        for n in ev.short_names.iter().take(SHORT_NAMES_SHOWN) {
            say!("  {:<24} «{}» for «{}»", n.document, n.predicted, n.gold);
        }
        if ev.short_names.len() > SHORT_NAMES_SHOWN {
            say!("  … {} more (--format json lists them all)", ev.short_names.len() - SHORT_NAMES_SHOWN);
        }
    }
    if !ev.missed_by_cue.is_empty() {
        say!("\nmissed gold quotes by cue:");
        let mut cues: Vec<_> = ev.missed_by_cue.iter().collect();
        cues.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (cue, n) in cues {
            say!("  {cue:<24} {n}");
        }
    }
}

fn compare(ev: &Evaluation, path: &PathBuf, tolerance: f64) -> i32 {
    let base: Evaluation = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(b) => b,
        Err(e) => {
            eprintln!("kutip: error: {}: not an eval report: {e}", path.display());
            return 2;
        }
    };
    let before: std::collections::BTreeMap<_, _> = eval::headline(&base).into_iter().collect();
    let mut dropped = 0;
    eprintln!("\nagainst {}:", path.display());
    for (name, now) in eval::headline(ev) {
        let Some(was) = before.get(name) else { continue };
        let mark = if now + tolerance < *was {
            dropped += 1;
            "DROPPED"
        } else {
            ""
        };
        eprintln!("  {name:<12} {was:.3} -> {now:.3} {mark}");
    }
    if dropped > 0 {
        eprintln!("kutip: {dropped} figure(s) dropped by more than {tolerance}");
        1
    } else {
        0
    }
}
