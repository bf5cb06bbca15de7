//! `kutip explain`: every decision on one text, for a person in a terminal or a tool (JSON).

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use super::{LangArg, ReportFormat, RuleArgs, load_engine};
use crate::output::text_line;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The text to explain (or use --file, or pipe it on standard input).
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Read the text from a file.
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with = "text")]
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto")]
    pub lang: LangArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Also list the rules skipped because none of their cue words occur (where the template needs them).
    #[arg(long)]
    pub all_rules: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

pub fn run(args: &ExplainArgs) -> i32 {
    let text = match (&args.text, &args.file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => {
            match std::fs::read(f).map_err(|e| e.to_string()).and_then(super::extract::decode).map(|(t, _)| t) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("kutip: error: {}: {e}", f.display());
                    return 1;
                }
            }
        }
        (None, None) => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                eprintln!("kutip: error: cannot read standard input: {e}");
                return 1;
            }
            match super::extract::decode(buf).map(|(t, _)| t) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("kutip: error: -: {e}");
                    return 1;
                }
            }
        }
    };
    let engine = match load_engine(&args.rules) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let (doc, trace) = engine.explain(&text, args.lang.lang());
    if args.format == ReportFormat::Json {
        let out = serde_json::json!({ "document": doc, "trace": trace });
        say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return 0;
    }
    say!("document language: {}", doc.language);
    for p in &trace.paragraphs {
        if !p.body {
            say!("\nparagraph {}: boilerplate, skipped  | {}", p.index, p.text);
            continue;
        }
        say!("\nparagraph {} [{}]  | {}", p.index, p.language.unwrap_or("?"), p.text);
        for q in &p.quote_marks {
            say!("  quote marks: «{q}»");
        }
        for s in &p.sentences {
            say!("  sentence: {}", s.text);
            if s.cue_lexicons.is_empty() {
                say!("    no cue word: no rule is tried");
                continue;
            }
            say!("    cue words from: {}", s.cue_lexicons.join(", "));
            let mut skipped = 0;
            for r in &s.rules {
                if r.outcome.starts_with("skipped") && !args.all_rules {
                    skipped += 1;
                    continue;
                }
                let slots: Vec<String> = r.slots.iter().map(|(k, v)| format!("{k}=«{v}»")).collect();
                let line = format!("    {:<32} {} {}", r.rule, r.outcome, slots.join(" "));
                say!("{}", line.trim_end());
            }
            if skipped > 0 {
                say!(
                    "    ({skipped} rules skipped: none of their cue words occur where needed; --all-rules lists them)"
                );
            }
        }
        for u in &p.unclaimed_quotes {
            say!("  unclaimed quote {u}");
        }
    }
    say!("\nspeakers:");
    for a in &trace.attributions {
        say!("  {a}");
    }
    say!("\nresult:");
    for q in &doc.quotes {
        say!("  {}", text_line("text", q));
    }
    0
}
