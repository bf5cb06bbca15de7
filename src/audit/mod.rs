//! `kutip audit`: who said what across a corpus. Documents stream through [`Audit::add`] and
//! only per-speaker totals are kept (plus a few sample quotes and, for the HTML report, the
//! first documents), so memory grows with the number of distinct speakers, not documents.
//!
//! Merging: speakers are keyed by their canonical name, case and accents folded ("Díaz-Canel" =
//! "Diaz-Canel"). At the end a one-word speaker ("Lavrov") joins the one longer name in the
//! corpus that starts or ends with that word ("Sergei Lavrov"); when two longer names qualify
//! ("Joko Widodo", "Budi Widodo"), nothing is merged and the entry says it is ambiguous.
//!
//! Partial audits: an [`Audit`] is also the partial state of a distributed audit. Each part of
//! a corpus is audited on its own, in its own *segment* ([`Audit::with_segment`]: segment
//! numbers give the parts' order in the corpus), the partial audits travel as JSON
//! ([`Audit::to_json`]) and [`Audit::merge`] combines them, in any order and grouping: every
//! quote carries its position (segment, document, quote), so "the first three samples" and
//! "first seen" mean corpus order however the parts were combined. [`Audit::split`] cuts an
//! audit into one part per speaker key plus one for the corpus totals, for a group-by-speaker
//! job (examples/spark_audit.py). [`Audit::finish`] stays the one place where one-word names
//! are merged and speakers ordered, so a merged audit finishes to exactly the report of one
//! pass over the whole corpus.

pub mod render;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::attrib::canon::fold;
use crate::output::{Document, Quote, QuoteKind, Resolution};

/// How many sample quotes each speaker keeps.
const SAMPLES: usize = 3;

/// The version tag of [`Audit::to_json`]; [`Audit::from_json`] refuses any other.
pub const PARTIAL_SCHEMA: &str = "kutip-audit-partial/1";

/// Where a quote is: (segment, document in the segment, quote in the document). Their order
/// is corpus order. Serialised as a three-number array.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct At(u64, u64, u64);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteRef {
    pub document: String,
    pub kind: QuoteKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub cue: Option<String>,
    pub source: Option<String>,
    pub rule: String,
}

impl QuoteRef {
    fn new(document: &str, q: &Quote) -> QuoteRef {
        QuoteRef {
            document: document.to_string(),
            kind: q.kind,
            text: q.text.clone(),
            start: q.span.start,
            end: q.span.end,
            char_start: q.span.char_start,
            char_end: q.span.char_end,
            cue: q.cue.as_ref().map(|c| c.text.clone()),
            source: q.source.as_ref().map(|s| s.name.clone()),
            rule: q.rule.clone(),
        }
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Acc {
    names: BTreeMap<String, usize>,
    roles: BTreeMap<String, usize>,
    direct: usize,
    indirect: usize,
    mixed: usize,
    documents: usize,
    /// Where this speaker was first quoted: speakers are considered in this order.
    first: At,
    /// The (segment, document) last counted in `documents`.
    last_document: Option<(u64, u64)>,
    outlets: BTreeMap<String, usize>,
    /// The first [`SAMPLES`] quotes, in corpus order.
    samples: Vec<(At, QuoteRef)>,
    /// Every quote, only for the speaker asked for with `--speaker`.
    quotes: Vec<(At, QuoteRef)>,
}

impl Acc {
    fn total(&self) -> usize {
        self.direct + self.indirect + self.mixed
    }

    /// Adds `other`'s counts and quotes; the samples stay the first ones in corpus order.
    fn absorb(&mut self, other: Acc) {
        for (k, v) in other.names {
            *self.names.entry(k).or_default() += v;
        }
        for (k, v) in other.roles {
            *self.roles.entry(k).or_default() += v;
        }
        for (k, v) in other.outlets {
            *self.outlets.entry(k).or_default() += v;
        }
        self.direct += other.direct;
        self.indirect += other.indirect;
        self.mixed += other.mixed;
        // Two partial audits never share a document. Two forms of a name merged by `finish`
        // rarely do: inside one document the engine already gives every form of a name one
        // canonical name. So the counts add up.
        self.documents += other.documents;
        self.first = self.first.min(other.first);
        self.last_document = self.last_document.max(other.last_document);
        self.samples.extend(other.samples);
        self.samples.sort_by_key(|(at, _)| *at);
        self.samples.truncate(SAMPLES);
        self.quotes.extend(other.quotes);
    }
}

/// A document kept for the HTML report: its text (when known) and its quotes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocView {
    pub document: String,
    pub text: Option<String>,
    pub quotes: Vec<(QuoteRef, Option<String>)>,
}

/// Who said what, folded document by document; also a partial audit of one part of a corpus
/// (see the module documentation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Audit {
    /// By speaker key ([`key`]).
    speakers: BTreeMap<String, Acc>,
    documents: usize,
    quotes: usize,
    unresolved: usize,
    outlets: BTreeMap<String, usize>,
    speaker_filter: Option<String>,
    keep_documents: usize,
    /// The first `keep_documents` documents in corpus order, by (segment, document).
    kept: Vec<((u64, u64), DocView)>,
    /// The (segment, document) position [`Audit::add`] gives the next document.
    next: (u64, u64),
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SpeakerEntry {
    pub speaker: String,
    /// Every form of the name merged into this entry.
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub quotes: usize,
    pub direct: usize,
    pub indirect: usize,
    pub mixed: usize,
    pub documents: usize,
    /// Outlets this speaker was quoted through, most frequent first, with counts.
    pub outlets: Vec<(String, usize)>,
    pub samples: Vec<QuoteRef>,
    /// Set when a one-word name could belong to more than one person in the corpus.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ambiguous_with: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    pub documents: usize,
    pub quotes: usize,
    pub speakers: usize,
    pub unresolved_quotes: usize,
    pub unresolved_share: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub totals: Totals,
    pub top_outlets: Vec<(String, usize)>,
    pub speakers: Vec<SpeakerEntry>,
    /// With `--speaker`: every quote of that speaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_quotes: Option<Vec<QuoteRef>>,
    /// Documents shown in the HTML report, and how many more were left out.
    #[serde(skip)]
    pub documents: Vec<DocView>,
    #[serde(skip)]
    pub documents_left_out: usize,
}

/// [`Audit::to_json`]'s form: the audit under a version tag.
#[derive(Serialize)]
struct WireOut<'a> {
    schema: &'a str,
    audit: &'a Audit,
}

#[derive(Deserialize)]
struct WireIn {
    schema: String,
    audit: Audit,
}

impl Audit {
    /// `speaker`: keep every quote of this speaker (`--speaker`); `keep_documents`: how many
    /// documents to keep whole for the HTML report.
    pub fn new(speaker: Option<&str>, keep_documents: usize) -> Audit {
        Audit {
            speakers: BTreeMap::new(),
            documents: 0,
            quotes: 0,
            unresolved: 0,
            outlets: BTreeMap::new(),
            speaker_filter: speaker.map(key),
            keep_documents,
            kept: Vec::new(),
            next: (0, 0),
        }
    }

    /// Documents added from now on are numbered from the start of `segment` (0 by default):
    /// give each part of a corpus its own segment, numbered in corpus order, before merging.
    pub fn with_segment(mut self, segment: u64) -> Audit {
        self.next = (segment, 0);
        self
    }

    /// Adds one extracted document, the next one in corpus order; `text` is its input when
    /// known (for the HTML view).
    pub fn add(&mut self, doc: &Document, text: Option<&str>) {
        self.add_at(self.next, doc, text);
    }

    /// Adds one extracted document at a given (segment, document number) position in the
    /// corpus, when documents arrive out of order; positions must be distinct. [`Audit::add`]
    /// goes on from the one after it.
    pub fn add_at(&mut self, position: (u64, u64), doc: &Document, text: Option<&str>) {
        self.next = (position.0, position.1.saturating_add(1));
        self.documents += 1;
        let keep = self.keep_documents > 0
            && (self.kept.len() < self.keep_documents || self.kept.last().is_some_and(|(p, _)| *p > position));
        let mut view = keep.then(|| DocView {
            document: doc.document.clone(),
            text: text.map(str::to_string),
            quotes: Vec::new(),
        });
        for (n, q) in doc.quotes.iter().enumerate() {
            let at = At(position.0, position.1, n as u64);
            self.quotes += 1;
            if let Some(src) = &q.source {
                *self.outlets.entry(src.name.clone()).or_default() += 1;
            }
            let named =
                q.speaker.as_ref().filter(|s| s.resolution != Resolution::Unresolved).and_then(|s| s.name.clone());
            if let Some(v) = view.as_mut() {
                v.quotes.push((QuoteRef::new(&doc.document, q), named.clone()));
            }
            let Some(name) = named else {
                self.unresolved += 1;
                continue;
            };
            let k = key(&name);
            let keep_quote = self.speaker_filter.as_ref().is_some_and(|f| could_be(f, &k));
            let acc = self.speakers.entry(k).or_insert_with(|| Acc { first: at, ..Acc::default() });
            *acc.names.entry(name).or_default() += 1;
            if let Some(t) = q.speaker.as_ref().and_then(|s| s.title.clone()) {
                *acc.roles.entry(t).or_default() += 1;
            }
            match q.kind {
                QuoteKind::Direct => acc.direct += 1,
                QuoteKind::Indirect => acc.indirect += 1,
                QuoteKind::Mixed => acc.mixed += 1,
            }
            if acc.last_document != Some(position) {
                acc.last_document = Some(position);
                acc.documents += 1;
            }
            if let Some(src) = &q.source {
                *acc.outlets.entry(src.name.clone()).or_default() += 1;
            }
            acc.first = acc.first.min(at);
            if acc.samples.len() < SAMPLES || acc.samples.last().is_some_and(|(last, _)| *last > at) {
                acc.samples.push((at, QuoteRef::new(&doc.document, q)));
                acc.samples.sort_by_key(|(at, _)| *at);
                acc.samples.truncate(SAMPLES);
            }
            if keep_quote {
                acc.quotes.push((at, QuoteRef::new(&doc.document, q)));
            }
        }
        if let Some(v) = view {
            let i = self.kept.partition_point(|(p, _)| *p < position);
            self.kept.insert(i, (position, v));
            self.kept.truncate(self.keep_documents);
        }
    }

    /// Adds the partial audit of another part of the corpus. Parts may be merged in any order
    /// and grouping (each quote keeps its position), but must not share a document: give each
    /// part its own segment ([`Audit::with_segment`]). Fails, changing nothing, when the two
    /// were made for different `--speaker` names.
    pub fn merge(&mut self, other: Audit) -> Result<(), String> {
        if self.speaker_filter != other.speaker_filter {
            return Err(format!(
                "cannot merge audits made for different speakers ({:?} and {:?})",
                self.speaker_filter, other.speaker_filter
            ));
        }
        for (k, acc) in other.speakers {
            match self.speakers.get_mut(&k) {
                Some(mine) => mine.absorb(acc),
                None => {
                    self.speakers.insert(k, acc);
                }
            }
        }
        self.documents += other.documents;
        self.quotes += other.quotes;
        self.unresolved += other.unresolved;
        for (k, v) in other.outlets {
            *self.outlets.entry(k).or_default() += v;
        }
        self.keep_documents = self.keep_documents.max(other.keep_documents);
        self.kept.extend(other.kept);
        self.kept.sort_by_key(|(p, _)| *p);
        self.kept.truncate(self.keep_documents);
        self.next = self.next.max(other.next);
        Ok(())
    }

    /// Cuts the audit into parts that [`Audit::merge`] back into it: first `(None, part)` with
    /// the corpus totals (documents, quotes, unresolved quotes, outlets, kept documents), then
    /// `(Some(key), part)` for each speaker key ([`key`]: the folded canonical name), in key
    /// order. Merging parts of the same key from every part of a corpus, then all of those,
    /// gives the audit of the whole corpus (a group-by-speaker job).
    pub fn split(self) -> Vec<(Option<String>, Audit)> {
        let empty = Audit {
            speakers: BTreeMap::new(),
            documents: 0,
            quotes: 0,
            unresolved: 0,
            outlets: BTreeMap::new(),
            speaker_filter: self.speaker_filter.clone(),
            keep_documents: self.keep_documents,
            kept: Vec::new(),
            next: self.next,
        };
        let mut parts = Vec::with_capacity(self.speakers.len() + 1);
        for (k, acc) in self.speakers {
            let mut part = empty.clone();
            part.speakers.insert(k.clone(), acc);
            parts.push((Some(k), part));
        }
        let totals = Audit {
            documents: self.documents,
            quotes: self.quotes,
            unresolved: self.unresolved,
            outlets: self.outlets,
            kept: self.kept,
            ..empty
        };
        parts.insert(0, (None, totals));
        parts
    }

    /// How many documents were added (in every part merged in).
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// How many quotes were seen, attributed or not.
    pub fn quotes(&self) -> usize {
        self.quotes
    }

    /// How many speaker keys (before one-word names are merged) the audit holds.
    pub fn speaker_keys(&self) -> usize {
        self.speakers.len()
    }

    /// The audit as JSON text (under [`PARTIAL_SCHEMA`]), to send a partial audit elsewhere.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&WireOut { schema: PARTIAL_SCHEMA, audit: self })
            .unwrap_or_else(|e| unreachable!("an audit always serialises: {e}"))
    }

    /// An audit from [`Audit::to_json`] text.
    pub fn from_json(json: &str) -> Result<Audit, String> {
        let wire: WireIn = serde_json::from_str(json).map_err(|e| format!("not a kutip partial audit: {e}"))?;
        if wire.schema != PARTIAL_SCHEMA {
            return Err(format!("a partial audit of schema {:?}; this kutip reads {PARTIAL_SCHEMA:?}", wire.schema));
        }
        Ok(wire.audit)
    }

    /// Merges one-word names into the longer name they belong to and orders the speakers.
    pub fn finish(self) -> Report {
        // First-seen order: the order of ambiguous names, and the order forms are merged in.
        let mut accs: Vec<(String, Acc)> = self.speakers.into_iter().collect();
        accs.sort_by_key(|(_, acc)| acc.first);
        let long: Vec<usize> = (0..accs.len()).filter(|&i| accs[i].0.contains(' ')).collect();
        let mut merged_into: Vec<(usize, usize)> = Vec::new();
        let mut ambiguous: HashMap<usize, Vec<String>> = HashMap::new();
        for i in 0..accs.len() {
            let k = &accs[i].0;
            if k.contains(' ') {
                continue;
            }
            let owners: Vec<usize> = long
                .iter()
                .copied()
                .filter(|&j| {
                    let words: Vec<&str> = accs[j].0.split(' ').collect();
                    words.first() == Some(&k.as_str()) || words.last() == Some(&k.as_str())
                })
                .collect();
            match owners.as_slice() {
                [one] => merged_into.push((i, *one)),
                [] => {}
                many => {
                    ambiguous.insert(i, many.iter().map(|&j| display_name(&accs[j].1)).collect());
                }
            }
        }
        let mut gone = vec![false; accs.len()];
        for &(from, to) in &merged_into {
            let acc = std::mem::take(&mut accs[from].1);
            accs[to].1.absorb(acc);
            gone[from] = true;
        }
        let mut entries: Vec<SpeakerEntry> = Vec::new();
        let mut speaker_quotes: Option<Vec<(At, QuoteRef)>> = None;
        for (i, (k, acc)) in accs.into_iter().enumerate() {
            if gone[i] {
                continue;
            }
            if self.speaker_filter.as_ref().is_some_and(|f| f == &k || (!f.contains(' ') && could_be(f, &k))) {
                speaker_quotes.get_or_insert_with(Vec::new).extend(acc.quotes.iter().cloned());
            }
            entries.push(SpeakerEntry {
                speaker: display_name(&acc),
                aliases: acc.names.keys().cloned().collect(),
                roles: by_count(&acc.roles).into_iter().map(|(r, _)| r).collect(),
                quotes: acc.total(),
                direct: acc.direct,
                indirect: acc.indirect,
                mixed: acc.mixed,
                documents: acc.documents.min(self.documents),
                outlets: by_count(&acc.outlets),
                samples: acc.samples.into_iter().map(|(_, q)| q).collect(),
                ambiguous_with: ambiguous.remove(&i),
            });
        }
        entries.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.speaker.cmp(&b.speaker)));
        let speaker_quotes = speaker_quotes.map(|mut list| {
            list.sort_by(|(at_a, a), (at_b, b)| {
                a.document.cmp(&b.document).then(a.start.cmp(&b.start)).then(at_a.cmp(at_b))
            });
            list.into_iter().map(|(_, q)| q).collect()
        });
        let left_out = self.documents.saturating_sub(self.kept.len());
        Report {
            schema: "kutip-audit/1".into(),
            totals: Totals {
                documents: self.documents,
                quotes: self.quotes,
                speakers: entries.len(),
                unresolved_quotes: self.unresolved,
                unresolved_share: if self.quotes > 0 { self.unresolved as f64 / self.quotes as f64 } else { 0.0 },
            },
            top_outlets: by_count(&self.outlets).into_iter().take(20).collect(),
            speakers: entries,
            speaker_quotes,
            documents: self.kept.into_iter().map(|(_, d)| d).collect(),
            documents_left_out: left_out,
        }
    }
}

/// One line of `kutip extract --format jsonl`: a quote and the name of its document.
#[derive(Debug, Clone, Deserialize)]
pub struct ExtractedLine {
    pub document: String,
    #[serde(flatten)]
    pub quote: Quote,
}

impl ExtractedLine {
    pub fn parse(line: &str) -> Result<ExtractedLine, String> {
        serde_json::from_str(line).map_err(|e| format!("not a kutip quote line: {e}"))
    }
}

/// The document that consecutive `extract --format jsonl` lines of one document stand for (as
/// `kutip audit --from` regroups them): their quotes in order, the first one's language.
/// `None` for no lines.
pub fn extracted_document(lines: Vec<ExtractedLine>) -> Option<Document> {
    let first = lines.first()?;
    let mut doc = Document {
        schema: crate::output::SCHEMA.to_string(),
        document: first.document.clone(),
        language: first.quote.language.clone(),
        quotes: Vec::with_capacity(lines.len()),
    };
    doc.quotes.extend(lines.into_iter().map(|l| l.quote));
    Some(doc)
}

/// The merge key of a name: folded (case, accents), hyphens and spaces normalised.
pub fn key(name: &str) -> String {
    fold(name).replace('-', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `filter` (a key) could name the speaker keyed `k`: equal, or one of its words.
fn could_be(filter: &str, k: &str) -> bool {
    filter == k || k.split(' ').any(|w| w == filter) || filter.split(' ').any(|w| w == k)
}

fn display_name(acc: &Acc) -> String {
    acc.names
        .iter()
        // The longest, most frequent form; among equals the one with accents ("Díaz-Canel"
        // over "Diaz-Canel"), which carries more of the spelling.
        .max_by_key(|(n, c)| {
            (
                n.split_whitespace().count(),
                **c,
                n.chars().filter(|ch| !ch.is_ascii()).count(),
                std::cmp::Reverse((*n).clone()),
            )
        })
        .map(|(n, _)| n.clone())
        .unwrap_or_default()
}

fn by_count(map: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
