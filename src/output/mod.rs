//! Stage 6, output. The `kutip/1` JSON contract (field names are a promise to users: add
//! fields, never rename) and its renderings: JSON, JSON Lines, and text for people.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::text::Span;

pub const SCHEMA: &str = "kutip/1";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Document {
    pub schema: String,
    pub document: String,
    /// `id`, `en`, or `mixed` when both languages carry a real share of the body.
    pub language: String,
    pub quotes: Vec<Quote>,
}

impl Document {
    /// Moves every offset by `bytes` bytes and `chars` code points: the input started with
    /// something (a byte order mark) that the text given to the engine left out.
    pub fn shift(&mut self, bytes: usize, chars: usize) {
        let by = |s: &mut Span| {
            s.start += bytes;
            s.end += bytes;
            s.char_start += chars;
            s.char_end += chars;
        };
        for q in &mut self.quotes {
            by(&mut q.span);
            if let Some(span) = q.speaker.as_mut().and_then(|s| s.span.as_mut()) {
                by(span);
            }
            if let Some(cue) = &mut q.cue {
                by(&mut cue.span);
            }
            if let Some(source) = &mut q.source {
                by(&mut source.span);
            }
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    pub text: String,
    pub span: Span,
    pub speaker: Option<Speaker>,
    pub cue: Option<Cue>,
    pub source: Option<Source>,
    pub language: String,
    pub rule: String,
    pub paragraph: usize,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    Explicit,
    Anaphora,
    Unresolved,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Speaker {
    /// Canonical name: the longest form of this person's name seen in the document.
    pub name: Option<String>,
    /// As written at this quote ("Lavrov", "-nya", "ia", "he"); null for a continuation.
    pub mention: Option<String>,
    pub title: Option<String>,
    pub resolution: Resolution,
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cue {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Source {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON array of documents, pretty-printed.
    Json,
    /// One quote per line, each with its `document`.
    Jsonl,
    /// For people: one quote per line with speaker, cue and source.
    Text,
    /// One row per quote with the fields flattened (RFC 4180), for pandas and spreadsheets.
    Csv,
}

/// The columns of `--format csv`, in order (the Python package's `to_records` has the same).
pub const CSV_COLUMNS: &[&str] = &[
    "document",
    "kind",
    "text",
    "speaker_name",
    "speaker_mention",
    "speaker_title",
    "speaker_resolution",
    "cue",
    "source",
    "start",
    "end",
    "char_start",
    "char_end",
    "rule",
    "language",
    "paragraph",
];

/// One quote as CSV fields, in [`CSV_COLUMNS`] order.
pub fn csv_row(document: &str, q: &Quote) -> Vec<String> {
    let speaker = q.speaker.as_ref();
    let opt = |s: Option<&String>| s.cloned().unwrap_or_default();
    vec![
        document.to_string(),
        kind_name(q.kind).to_string(),
        q.text.clone(),
        opt(speaker.and_then(|s| s.name.as_ref())),
        opt(speaker.and_then(|s| s.mention.as_ref())),
        opt(speaker.and_then(|s| s.title.as_ref())),
        speaker.map(|s| format!("{:?}", s.resolution).to_lowercase()).unwrap_or_default(),
        opt(q.cue.as_ref().map(|c| &c.text)),
        opt(q.source.as_ref().map(|s| &s.name)),
        q.span.start.to_string(),
        q.span.end.to_string(),
        q.span.char_start.to_string(),
        q.span.char_end.to_string(),
        q.rule.clone(),
        q.language.clone(),
        q.paragraph.to_string(),
    ]
}

#[derive(Serialize)]
struct QuoteLine<'a> {
    schema: &'static str,
    document: &'a str,
    #[serde(flatten)]
    quote: &'a Quote,
}

/// Writes documents one at a time, so a corpus is never held in memory.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format) -> Self {
        Writer { out, format, written: 0 }
    }

    pub fn begin(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Csv => self.csv_line(CSV_COLUMNS.iter().map(|c| c.to_string()).collect()),
            _ => Ok(()),
        }
    }

    fn csv_line(&mut self, fields: Vec<String>) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new().from_writer(&mut self.out);
        w.write_record(&fields)?;
        w.flush()
    }

    pub fn write(&mut self, doc: &Document) -> io::Result<()> {
        match self.format {
            Format::Json => {
                self.out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut self.out, doc)?;
            }
            Format::Jsonl => {
                for q in &doc.quotes {
                    serde_json::to_writer(
                        &mut self.out,
                        &QuoteLine { schema: SCHEMA, document: &doc.document, quote: q },
                    )?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::Text => {
                for q in &doc.quotes {
                    writeln!(self.out, "{}", text_line(&doc.document, q))?;
                }
            }
            Format::Csv => {
                for q in &doc.quotes {
                    self.csv_line(csv_row(&doc.document, q))?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    pub fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// `document:paragraph  rule  «quote» — speaker (cue) [source]`: what a person scans.
pub fn text_line(document: &str, q: &Quote) -> String {
    let speaker =
        q.speaker.as_ref().and_then(|s| s.name.clone().or_else(|| s.mention.clone())).unwrap_or_else(|| "?".into());
    let cue = q.cue.as_ref().map(|c| format!(" ({})", c.text)).unwrap_or_default();
    let source = q.source.as_ref().map(|s| format!(" [{}]", s.name)).unwrap_or_default();
    format!("{document}:{}  {:<8} {}  «{}» — {speaker}{cue}{source}", q.paragraph, kind_name(q.kind), q.rule, q.text)
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}
