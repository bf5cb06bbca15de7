//! `kutip audit`: extraction (or an earlier `extract --format jsonl` output, `--from`) folded
//! into one entry per speaker.

use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::extract::{Sink, drive};
use super::{InputArgs, LangArg, RuleArgs, load_engine};
use crate::audit::{Audit, ExtractedLine, extracted_document, render};
use crate::output::Document;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditFormat {
    /// Aligned for a terminal.
    Table,
    Csv,
    Json,
    /// One self-contained page: speaker index with bars, documents with highlighted quotes.
    Html,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Audit an earlier `kutip extract --format jsonl` output instead of extracting again.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with = "paths")]
    pub from: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: AuditFormat,
    /// List every quote of one speaker, with document and offsets.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// How many documents the HTML report shows in full (the speaker index always covers all).
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub html_documents: usize,
    #[arg(long, value_enum, default_value = "auto")]
    pub lang: LangArg,
    #[command(flatten)]
    pub rules: RuleArgs,
}

impl Sink for Audit {
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn document(&mut self, doc: &Document, text: &str) -> io::Result<()> {
        self.add(doc, Some(text));
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub fn run(args: &AuditArgs) -> i32 {
    let keep = if args.format == AuditFormat::Html { args.html_documents } else { 0 };
    let mut audit = Audit::new(args.speaker.as_deref(), keep);
    let code = match &args.from {
        Some(path) => read_extracted(path, &mut audit),
        None => {
            let engine = match load_engine(&args.rules) {
                Ok(e) => e.with_lang(args.lang.lang()),
                Err(code) => return code,
            };
            drive(&engine, &args.input, &mut audit)
        }
    };
    if code == 2 {
        return code;
    }
    let report = audit.finish();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(120);
    let written = match args.format {
        AuditFormat::Table => render::table(&report, width, &mut out),
        AuditFormat::Csv => render::csv(&report, &mut out),
        AuditFormat::Json => render::json(&report, &mut out),
        AuditFormat::Html => render::html(&report, &mut out),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("kutip: error: cannot write output: {e}");
            2
        }
        _ => code,
    }
}

/// Reads `extract --format jsonl` lines (one quote each, with "document") and regroups them
/// by document; a line that is not such a quote is reported with its line number.
fn read_extracted(path: &PathBuf, audit: &mut Audit) -> i32 {
    let name = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("kutip: error: {name}: cannot open: {e}");
            return 1;
        }
    };
    let mut failed = 0;
    let mut current: Vec<ExtractedLine> = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kutip: error: {name}:{}: cannot read: {e}", n + 1);
                failed += 1;
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match ExtractedLine::parse(&line) {
            Ok(l) => {
                if current.first().is_some_and(|c| c.document != l.document)
                    && let Some(d) = extracted_document(std::mem::take(&mut current))
                {
                    audit.add(&d, None);
                }
                current.push(l);
            }
            Err(e) => {
                eprintln!("kutip: error: {name}:{}: {e}", n + 1);
                failed += 1;
            }
        }
    }
    if let Some(d) = extracted_document(current) {
        audit.add(&d, None);
    }
    i32::from(failed > 0)
}
