//! `kutip audit`: who said what across a corpus. Documents stream through [`Audit::add`] and
//! only per-speaker totals are kept (plus a few sample quotes and, for the HTML report, the
//! first documents), so memory grows with the number of distinct speakers, not documents.
//!
//! Merging: speakers are keyed by their canonical name, case and accents folded ("Díaz-Canel" =
//! "Diaz-Canel"). At the end a one-word speaker ("Lavrov") joins the one longer name in the
//! corpus that starts or ends with that word ("Sergei Lavrov"); when two longer names qualify
//! ("Joko Widodo", "Budi Widodo"), nothing is merged and the entry says it is ambiguous.

pub mod render;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::attrib::canon::fold;
use crate::output::{Document, Quote, QuoteKind, Resolution};

/// How many sample quotes each speaker keeps.
const SAMPLES: usize = 3;

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

#[derive(Debug, Default, Clone)]
struct Acc {
    names: BTreeMap<String, usize>,
    roles: BTreeMap<String, usize>,
    direct: usize,
    indirect: usize,
    mixed: usize,
    documents: usize,
    last_document: usize,
    outlets: BTreeMap<String, usize>,
    samples: Vec<QuoteRef>,
    /// Every quote, only for the speaker asked for with `--speaker`.
    quotes: Vec<QuoteRef>,
}

impl Acc {
    fn total(&self) -> usize {
        self.direct + self.indirect + self.mixed
    }

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
        // Inside one document the engine already gives every form of a name one canonical
        // name, so two forms merged here rarely share a document: their counts add up.
        self.documents += other.documents;
        for s in other.samples {
            if self.samples.len() < SAMPLES {
                self.samples.push(s);
            }
        }
        self.quotes.extend(other.quotes);
    }
}

/// A document kept for the HTML report: its text (when known) and its quotes.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    pub document: String,
    pub text: Option<String>,
    pub quotes: Vec<(QuoteRef, Option<String>)>,
}

pub struct Audit {
    keys: HashMap<String, usize>,
    accs: Vec<(String, Acc)>,
    documents: usize,
    quotes: usize,
    unresolved: usize,
    outlets: BTreeMap<String, usize>,
    speaker_filter: Option<String>,
    keep_documents: usize,
    kept: Vec<DocView>,
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

impl Audit {
    /// `speaker`: keep every quote of this speaker (`--speaker`); `keep_documents`: how many
    /// documents to keep whole for the HTML report.
    pub fn new(speaker: Option<&str>, keep_documents: usize) -> Audit {
        Audit {
            keys: HashMap::new(),
            accs: Vec::new(),
            documents: 0,
            quotes: 0,
            unresolved: 0,
            outlets: BTreeMap::new(),
            speaker_filter: speaker.map(key),
            keep_documents,
            kept: Vec::new(),
        }
    }

    /// Adds one extracted document; `text` is its input when known (for the HTML view).
    pub fn add(&mut self, doc: &Document, text: Option<&str>) {
        self.documents += 1;
        let doc_no = self.documents;
        let mut view = (self.kept.len() < self.keep_documents).then(|| DocView {
            document: doc.document.clone(),
            text: text.map(str::to_string),
            quotes: Vec::new(),
        });
        for q in &doc.quotes {
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
            let i = *self.keys.entry(k.clone()).or_insert_with(|| {
                self.accs.push((k.clone(), Acc::default()));
                self.accs.len() - 1
            });
            let acc = &mut self.accs[i].1;
            *acc.names.entry(name.clone()).or_default() += 1;
            if let Some(t) = q.speaker.as_ref().and_then(|s| s.title.clone()) {
                *acc.roles.entry(t).or_default() += 1;
            }
            match q.kind {
                QuoteKind::Direct => acc.direct += 1,
                QuoteKind::Indirect => acc.indirect += 1,
                QuoteKind::Mixed => acc.mixed += 1,
            }
            if acc.last_document != doc_no {
                acc.last_document = doc_no;
                acc.documents += 1;
            }
            if let Some(src) = &q.source {
                *acc.outlets.entry(src.name.clone()).or_default() += 1;
            }
            if acc.samples.len() < SAMPLES {
                acc.samples.push(QuoteRef::new(&doc.document, q));
            }
            if self.speaker_filter.as_ref().is_some_and(|f| could_be(f, &k)) {
                acc.quotes.push(QuoteRef::new(&doc.document, q));
            }
        }
        if let Some(v) = view {
            self.kept.push(v);
        }
    }

    /// Merges one-word names into the longer name they belong to and orders the speakers.
    pub fn finish(self) -> Report {
        let mut accs = self.accs;
        let long: Vec<usize> = (0..accs.len()).filter(|&i| accs[i].0.contains(' ')).collect();
        let mut merged_into: HashMap<usize, usize> = HashMap::new();
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
                [one] => {
                    merged_into.insert(i, *one);
                }
                [] => {}
                many => {
                    ambiguous.insert(i, many.iter().map(|&j| display_name(&accs[j].1)).collect());
                }
            }
        }
        for (&from, &to) in &merged_into {
            let acc = std::mem::take(&mut accs[from].1);
            accs[to].1.absorb(acc);
        }
        let mut entries: Vec<SpeakerEntry> = Vec::new();
        let mut speaker_quotes = None;
        for (i, (k, acc)) in accs.into_iter().enumerate() {
            if merged_into.contains_key(&i) {
                continue;
            }
            if self.speaker_filter.as_ref().is_some_and(|f| f == &k || (!f.contains(' ') && could_be(f, &k))) {
                let list: &mut Vec<QuoteRef> = speaker_quotes.get_or_insert_with(Vec::new);
                list.extend(acc.quotes.iter().cloned());
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
                samples: acc.samples,
                ambiguous_with: ambiguous.remove(&i),
            });
        }
        entries.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.speaker.cmp(&b.speaker)));
        if let Some(list) = speaker_quotes.as_mut() {
            list.sort_by(|a, b| a.document.cmp(&b.document).then(a.start.cmp(&b.start)));
        }
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
            documents: self.kept,
            documents_left_out: left_out,
        }
    }
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
