//! `kutip eval`: scores extraction against an annotated sample in the gold format of
//! `FORMAT.md` (one JSON document per line with `quotes`: kind, content, start/end in code
//! points, speaker, speaker_aliases, cue, source).
//!
//! The scoring follows the shared scorer exactly, so figures agree to three decimals: spans
//! match at token-Jaccard >= 0.5 (greedy, best overlap first), a speaker is right when its
//! normalised tokens equal the gold name or an alias, or one is a token-suffix of the other.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::output::{Document, QuoteKind};

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    pub id: String,
    #[serde(default)]
    pub lang: Option<String>,
    pub text: String,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub kind: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_aliases: Vec<String>,
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A prediction reduced to what is scored.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub kind: QuoteKind,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub source: Option<String>,
    pub rule: String,
}

impl Predicted {
    pub fn from_document(doc: &Document) -> Vec<Predicted> {
        doc.quotes
            .iter()
            .map(|q| Predicted {
                kind: q.kind,
                start: q.span.char_start,
                end: q.span.char_end,
                speaker: q.speaker.as_ref().and_then(|s| s.name.clone().or(s.mention.clone())),
                source: q.source.as_ref().map(|s| s.name.clone()),
                rule: q.rule.clone(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Figures {
    #[serde(rename = "P")]
    pub p: f64,
    #[serde(rename = "R")]
    pub r: f64,
    #[serde(rename = "F1")]
    pub f1: f64,
    pub e2e_f1: f64,
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocRow {
    pub id: String,
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
    pub e2e: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleRow {
    pub true_positives: usize,
    pub false_positives: usize,
    pub wrong_speaker: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Evaluation {
    pub all: Figures,
    pub direct: Figures,
    pub indirect: Figures,
    pub speaker_acc: f64,
    pub source_acc: Option<f64>,
    pub per_document: Vec<DocRow>,
    /// Per rule id: matched quotes, false positives, matched quotes with the wrong speaker.
    pub per_rule: BTreeMap<String, RuleRow>,
    /// Gold quotes no prediction matched, counted by their cue word.
    pub missed_by_cue: BTreeMap<String, usize>,
    /// Speakers the score accepts only as a shorter token-suffix of the gold name (see
    /// [`cut_short`]).
    #[serde(default)]
    pub short_names: Vec<ShortName>,
}

/// A matched quote whose speaker is a name cut short: "Chan Siu-ling" for "Ivy Chan Siu-ling",
/// "Pelabuhan Bahari" for "Otoritas Pelabuhan Bahari". The score counts it right, as it counts a surname.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShortName {
    pub document: String,
    pub gold: String,
    pub predicted: String,
}

#[derive(Default)]
struct Counts {
    tp: usize,
    pred: usize,
    gold: usize,
    tp_e2e: usize,
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 { tp as f64 / pred as f64 } else { 0.0 };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Counts {
    fn figures(&self) -> Figures {
        let (p, r, f1) = prf(self.tp, self.pred, self.gold);
        let (_, _, e2e_f1) = prf(self.tp_e2e, self.pred, self.gold);
        Figures { p, r, f1, e2e_f1, tp: self.tp, pred: self.pred, gold: self.gold }
    }
}

/// Token start positions (in code points) of `\w+` runs inside `[start, end)` of `chars`.
fn tokset(chars: &[char], start: usize, end: usize) -> HashSet<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = HashSet::new();
    let end = end.min(chars.len());
    let mut i = start.min(end);
    while i < end {
        if word(chars[i]) && (i == start || !word(chars[i - 1])) {
            out.insert(i);
        }
        i += 1;
    }
    out
}

fn jaccard(a: &HashSet<usize>, b: &HashSet<usize>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.union(b).count() as f64
}

const TITLES: &[&str] = &[
    "presiden",
    "wakil",
    "menteri",
    "menlu",
    "luar",
    "negeri",
    "duta",
    "besar",
    "juru",
    "bicara",
    "jubir",
    "kepala",
    "direktur",
    "gubernur",
    "bupati",
    "wali",
    "kota",
    "ketua",
    "sekretaris",
    "jenderal",
    "pejabat",
    "kapolri",
    "kapolda",
    "kapolres",
    "panglima",
    "tni",
    "polri",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "h.",
    "hj.",
    "ir.",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "sang",
    "si",
    "president",
    "minister",
    "foreign",
    "prime",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "chief",
    "executive",
    "ceo",
    "the",
    "official",
    "ambassador",
    "deputy",
    "director",
    "governor",
    "mayor",
];

fn norm(s: &str) -> String {
    let stripped: String = s.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
    let lower = stripped.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' || c.is_whitespace() || c == '-' { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_tokens(s: &str) -> Vec<String> {
    let toks: Vec<String> = norm(s).replace('-', " ").split_whitespace().map(str::to_string).collect();
    let core: Vec<String> = toks.iter().filter(|t| !TITLES.contains(&t.as_str())).cloned().collect();
    if core.is_empty() { toks } else { core }
}

pub fn speaker_ok(pred: Option<&str>, gold: Option<&str>, aliases: &[String]) -> bool {
    let Some(gold) = gold else { return pred.is_none_or(str::is_empty) };
    let Some(pred) = pred.filter(|p| !p.is_empty()) else { return false };
    let p = name_tokens(pred);
    for g in std::iter::once(gold).chain(aliases.iter().map(String::as_str)) {
        let gt = name_tokens(g);
        if gt.is_empty() {
            continue;
        }
        if p == gt {
            return true;
        }
        let n = p.len().min(gt.len());
        if n > 0 && p[p.len() - n..] == gt[gt.len() - n..] && (p.len() == n || gt.len() == n) {
            return true;
        }
    }
    false
}

/// Whether an accepted speaker is shorter than the gold name and equal to neither it nor an
/// alias: the suffix rule that accepts a surname for the full name also accepts canonical names
/// that lost words ("Chan Siu-ling"), which a user of the output would read as wrong. A surname the
/// gold lists as an alias is no loss.
pub fn cut_short(pred: &str, gold: &str, aliases: &[String]) -> bool {
    let p = name_tokens(pred);
    p.len() < name_tokens(gold).len()
        && std::iter::once(gold).chain(aliases.iter().map(String::as_str)).all(|g| name_tokens(g) != p)
}

fn source_ok(pred: Option<&str>, gold: &str) -> bool {
    let Some(pred) = pred.filter(|p| !p.is_empty()) else { return false };
    let (p, g) = (norm(pred), norm(gold));
    p == g || g.contains(&p) || p.contains(&g)
}

fn bucket(kind: &str) -> &'static str {
    if kind == "indirect" { "indirect" } else { "direct" }
}

/// Scores predictions (per gold document, same order) against the gold documents.
pub fn score(gold: &[GoldDoc], predicted: &[Vec<Predicted>]) -> Evaluation {
    let mut counts: BTreeMap<&str, Counts> =
        ["all", "direct", "indirect"].into_iter().map(|k| (k, Counts::default())).collect();
    let mut ev = Evaluation::default();
    let (mut spk_ok, mut spk_n, mut src_ok, mut src_n) = (0, 0, 0, 0);
    for (g, preds) in gold.iter().zip(predicted) {
        let chars: Vec<char> = g.text.chars().collect();
        let gsets: Vec<HashSet<usize>> = g.quotes.iter().map(|q| tokset(&chars, q.start, q.end)).collect();
        let psets: Vec<HashSet<usize>> = preds.iter().map(|q| tokset(&chars, q.start, q.end)).collect();
        let mut pairs = Vec::new();
        for (i, gs) in gsets.iter().enumerate() {
            for (j, ps) in psets.iter().enumerate() {
                let jv = jaccard(gs, ps);
                if jv >= 0.5 {
                    pairs.push((jv, i, j));
                }
            }
        }
        // Descending by (overlap, gold index, prediction index), as Python sorts the tuples.
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
        let (mut gused, mut pused) = (HashSet::new(), HashSet::new());
        let mut row = DocRow { id: g.id.clone(), pred: preds.len(), gold: g.quotes.len(), ..DocRow::default() };
        for (_, i, j) in pairs {
            if gused.contains(&i) || pused.contains(&j) {
                continue;
            }
            gused.insert(i);
            pused.insert(j);
            let (gq, pq) = (&g.quotes[i], &preds[j]);
            let ok = speaker_ok(pq.speaker.as_deref(), gq.speaker.as_deref(), &gq.speaker_aliases);
            if ok
                && let (Some(predicted), Some(name)) = (pq.speaker.as_deref(), gq.speaker.as_deref())
                && cut_short(predicted, name, &gq.speaker_aliases)
            {
                let (document, gold, predicted) = (g.id.clone(), name.to_string(), predicted.to_string());
                ev.short_names.push(ShortName { document, gold, predicted });
            }
            spk_n += 1;
            spk_ok += usize::from(ok);
            if let Some(src) = gq.source.as_deref().filter(|s| !s.is_empty()) {
                src_n += 1;
                src_ok += usize::from(source_ok(pq.source.as_deref(), src));
            }
            for k in ["all", bucket(&gq.kind)] {
                if let Some(c) = counts.get_mut(k) {
                    c.tp += 1;
                    c.tp_e2e += usize::from(ok);
                }
            }
            row.tp += 1;
            row.e2e += usize::from(ok);
            let r = ev.per_rule.entry(pq.rule.clone()).or_default();
            r.true_positives += 1;
            r.wrong_speaker += usize::from(!ok);
        }
        for q in &g.quotes {
            for k in ["all", bucket(&q.kind)] {
                if let Some(c) = counts.get_mut(k) {
                    c.gold += 1;
                }
            }
        }
        for (i, q) in g.quotes.iter().enumerate() {
            if !gused.contains(&i) {
                *ev.missed_by_cue
                    .entry(q.cue.clone().unwrap_or_else(|| "(none)".into()).to_lowercase())
                    .or_default() += 1;
            }
        }
        for (j, q) in preds.iter().enumerate() {
            let kind = match q.kind {
                QuoteKind::Indirect => "indirect",
                _ => "direct",
            };
            for k in ["all", kind] {
                if let Some(c) = counts.get_mut(k) {
                    c.pred += 1;
                }
            }
            if !pused.contains(&j) {
                ev.per_rule.entry(q.rule.clone()).or_default().false_positives += 1;
            }
        }
        ev.per_document.push(row);
    }
    let fig = |k: &str| counts.get(k).map(Counts::figures).unwrap_or_default();
    ev.all = fig("all");
    ev.direct = fig("direct");
    ev.indirect = fig("indirect");
    ev.speaker_acc = if spk_n > 0 { spk_ok as f64 / spk_n as f64 } else { 0.0 };
    ev.source_acc = (src_n > 0).then(|| src_ok as f64 / src_n as f64);
    ev
}

/// The figures a regression check compares, by name.
pub fn headline(ev: &Evaluation) -> Vec<(&'static str, f64)> {
    let mut out = vec![
        ("all.F1", ev.all.f1),
        ("all.e2e_F1", ev.all.e2e_f1),
        ("direct.F1", ev.direct.f1),
        ("indirect.F1", ev.indirect.f1),
        ("speaker_acc", ev.speaker_acc),
    ];
    if let Some(s) = ev.source_acc {
        out.push(("source_acc", s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_matching_follows_the_shared_scorer() {
        assert!(speaker_ok(Some("Lavrov"), Some("Sergei Lavrov"), &[]));
        assert!(speaker_ok(Some("Menteri Luar Negeri Rusia Sergei Lavrov"), Some("Sergei Lavrov"), &[]));
        assert!(speaker_ok(Some("Diaz-Canel"), Some("Miguel Díaz-Canel"), &[]));
        assert!(!speaker_ok(Some("Putin"), Some("Sergei Lavrov"), &[]));
        assert!(speaker_ok(None, None, &[]));
    }

    #[test]
    fn names_cut_short_are_told_from_surnames_and_aliases() {
        assert!(cut_short("Chan Siu-ling", "Ivy Chan Siu-ling", &[]));
        assert!(cut_short("Pelabuhan Bahari", "Otoritas Pelabuhan Bahari", &[]));
        assert!(!cut_short("Ivy Chan Siu-ling", "Ivy Chan Siu-ling", &[]));
        assert!(!cut_short("Chan", "Ivy Chan Siu-ling", &["Chan".into()]));
        // Title words the scorer drops are no loss.
        assert!(!cut_short("Lavrov", "Menteri Lavrov", &[]));
    }

    #[test]
    fn tokens_are_word_starts() {
        let chars: Vec<char> = "Kami siap, kata dia.".chars().collect();
        let t = tokset(&chars, 0, 9);
        assert_eq!(t.len(), 2);
    }
}
