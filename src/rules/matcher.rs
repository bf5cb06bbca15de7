//! Runs the compiled rules on one sentence of a masked paragraph and keeps the matches that do
//! not fight: the highest-priority rule claims a quote or a clause first.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::compile::{Compiled, Fnv};
use super::model::Kind;
use crate::detect::Candidates;
use crate::text::QuoteMark;

/// One rule match, in document byte offsets.
#[derive(Clone, Debug)]
pub struct RuleMatch {
    pub rule: usize,
    pub kind: Kind,
    /// The quote region (marks included) for direct rules.
    pub quote: Option<Range<usize>>,
    pub content: Option<Range<usize>>,
    pub speaker: Option<Range<usize>>,
    pub cue: Option<Range<usize>>,
    /// The claim as `admit` trimmed it (indirect rules), so it is not worked out twice.
    pub claim: Option<Range<usize>>,
}

/// Why a rule did or did not produce a match on a sentence (for `explain`).
#[derive(Clone, Debug)]
pub enum Trial {
    Skipped,
    NoMatch,
    Matched(RuleMatch),
    Dropped(RuleMatch, &'static str),
}

/// The pipeline's test of a match before it may claim words: `Ok` with the trimmed claim (for
/// claims), or `Err` with why it would be dropped.
pub type Admit<'a> = dyn Fn(&RuleMatch) -> Result<Option<Range<usize>>, &'static str> + 'a;

/// Tries every rule of the paragraph's language whose cue words occur in sentence `si` of `c`
/// (the rest are skipped unread), and keeps the matches that `admit` accepts and that do not
/// fight.
pub fn match_sentence(
    rules: &Compiled,
    doc: &str,
    c: &Candidates,
    si: usize,
    admit: &Admit,
    mut trace: Option<&mut Vec<(usize, Trial)>>,
) -> Vec<RuleMatch> {
    let (lang, quotes, masked, base) = (c.lang, &c.quotes, &c.masked, c.paragraph.range.start);
    let (sentence, hits) = (c.sentences[si].clone(), &c.hits[si]);
    let text = &masked[sentence.start - base..sentence.end - base];
    let off = sentence.start;
    let mut accepted: Vec<RuleMatch> = Vec::new();
    let mut claims = Claims::default();
    let cues = &c.cues[si];
    let has_quote = text.as_bytes().contains(&crate::text::Q_OPEN);
    for (ri, rule) in rules.rules.iter().enumerate() {
        if rule.lang != lang || rule.kind == Kind::Source {
            continue;
        }
        // Every word of the rule's cue lexicon in the sentence is taken by a match of higher
        // priority: a match of this rule would reuse one and be dropped, so skip it (`explain`
        // still tries it, to show the clash).
        let taken = |t: usize| {
            let mut mine = cues.iter().filter(|(_, p)| rules.pattern_triggers[*p].contains(&t)).peekable();
            mine.peek().is_some() && mine.all(|(cue, _)| claims.cues.contains(cue))
        };
        if trace.is_none() && !accepted.is_empty() && rule.trigger.is_some_and(taken) {
            continue;
        }
        // The cue test first: it needs no regex, and a rule is compiled when first tried. With
        // the prefilter on, the cue word must also stand where the template needs it.
        let placed = |t: usize| {
            cues.iter().any(|(r, p)| {
                rules.pattern_triggers[*p].contains(&t)
                    && rule.sides.admit(
                        masked,
                        sentence.start - base..sentence.end - base,
                        r.start - base..r.end - base,
                    )
            })
        };
        let no_cue = rule
            .trigger
            .is_some_and(|t| !hits.get(t).copied().unwrap_or(false) || rules.gate && !rule.sides.free() && !placed(t));
        if no_cue || (!has_quote && rule.needs_quote()) {
            if let Some(t) = trace.as_deref_mut() {
                t.push((ri, Trial::Skipped));
            }
            continue;
        }
        let mut any = false;
        let mut from = 0;
        while from <= text.len()
            && let Some(found) = rule.find_at(text, from)
        {
            any = true;
            from = past(text, &found);
            let [quote, content, speaker, cue, _] =
                rule.bind(text, found.clone()).map(|r| r.map(|r| r.start + off..r.end + off));
            let mut m = RuleMatch { rule: ri, kind: rule.kind, quote, content, speaker, cue, claim: None };
            if let Some(q) = m.quote.as_ref().and_then(|r| quote_at(quotes, r))
                && (scare_quote(&doc[q.content.clone()]) || work_title(rules, lang, doc, q))
            {
                if let Some(t) = trace.as_deref_mut() {
                    t.push((
                        ri,
                        Trial::Dropped(
                            m.clone(),
                            "a short quote without closing punctuation is a scare quote or a nickname; after 'titled' or 'berjudul', a title",
                        ),
                    ));
                }
                continue;
            }
            // The cheap test first. A match the pipeline would reject (a claim that reads as a
            // noun phrase) must not claim words that a lower-priority rule reads correctly.
            let verdict = if !claims.clash(&accepted, &m) {
                admit(&m)
            } else {
                // "asked shipping lines to …, though the harbour master conceded that …": the claim as
                // admitted ends before the second attribution, and may leave the words that a
                // higher-priority rule claimed.
                admit(&m)
                    .ok()
                    .flatten()
                    .filter(|c| !claims.clash(&accepted, &RuleMatch { claim: Some(c.clone()), ..m.clone() }))
                    .map(Some)
                    .ok_or("a higher-priority rule already claimed these words")
            };
            match verdict {
                Ok(claim) => {
                    // "said the timetable would cut …, while the traders said …": a claim cut
                    // before a second attribution leaves the rest for this rule's next match.
                    if let Some(c) = &claim
                        && c.end > found.start + off
                    {
                        from = from.min(c.end - off);
                    }
                    m.claim = claim;
                    if let Some(t) = trace.as_deref_mut() {
                        t.push((ri, Trial::Matched(m.clone())));
                    }
                    claims.add(accepted.len(), &m);
                    accepted.push(m);
                }
                Err(why) => {
                    // "…, the council said, but it insisted …": a match whose cue another rule
                    // took may hold a later attribution in its words; search on after that cue.
                    if let Some(c) = &m.cue
                        && claims.cues.contains(c)
                        && c.end - off > found.start
                    {
                        from = from.min(c.end - off);
                    }
                    if let Some(t) = trace.as_deref_mut() {
                        t.push((ri, Trial::Dropped(m.clone(), why)));
                    }
                }
            }
        }
        if !any && let Some(t) = trace.as_deref_mut() {
            t.push((ri, Trial::NoMatch));
        }
    }
    accepted
}

/// The words a match claims: its quote, else its claim as admitted (a second claim cut off its
/// end is free for another rule), else its content.
fn claimed(m: &RuleMatch) -> Range<usize> {
    m.quote.clone().or_else(|| m.claim.clone()).or_else(|| m.content.clone()).unwrap_or(0..0)
}

/// What a sentence's accepted matches hold, indexed so that checking a new match costs about
/// the same however many came before: a sentence may hold thousands of quotes when a scraper
/// lost the stops of a paragraph.
#[derive(Default)]
struct Claims {
    /// Indices of accepted matches by the start of the words they claim.
    by_start: BTreeMap<usize, Vec<usize>>,
    /// The longest claim so far: one overlapping `r` starts after `r.start - longest`.
    longest: usize,
    cues: HashSet<Range<usize>, Fnv>,
}

impl Claims {
    fn add(&mut self, index: usize, m: &RuleMatch) {
        let r = claimed(m);
        self.longest = self.longest.max(r.len());
        self.by_start.entry(r.start).or_default().push(index);
        self.cues.extend(m.cue.clone());
    }

    /// Whether `m` reads words an accepted match already claimed, or reuses its cue.
    fn clash(&self, accepted: &[RuleMatch], m: &RuleMatch) -> bool {
        if m.cue.as_ref().is_some_and(|c| self.cues.contains(c)) {
            return true;
        }
        let mine = claimed(m);
        let near = self.by_start.range(mine.start.saturating_sub(self.longest)..mine.end.max(mine.start));
        near.flat_map(|(_, ix)| ix).any(|&i| {
            let (a, other) = (&accepted[i], claimed(&accepted[i]));
            let overlap = mine.start < other.end && other.start < mine.end;
            // A direct quote claimed earlier may sit inside a later clause (a mixed quote);
            // any other overlap means two rules read the same words two ways.
            let nested_quote = a.kind == Kind::Direct
                && m.kind == Kind::Indirect
                && mine.start <= other.start
                && other.end <= mine.end
                && mine != other;
            overlap && !nested_quote
        })
    }
}

/// Where the search for a rule's next match in `text` starts after `found`: past the match, and
/// past one more character when it is empty (a user's template can match the empty string at a
/// word boundary, though not in the empty text `Built::new` tries).
pub fn past(text: &str, found: &Range<usize>) -> usize {
    found.end + if found.is_empty() { text[found.end..].chars().next().map_or(1, char::len_utf8) } else { 0 }
}

/// The quote mark pair a direct match bound, found by the start of its region.
pub fn quote_at<'q>(quotes: &'q [QuoteMark], region: &Range<usize>) -> Option<&'q QuoteMark> {
    quotes.binary_search_by_key(&region.start, |q| q.outer.start).ok().map(|i| &quotes[i])
}

/// "a report titled “Rivers at Risk,”", "film berjudul “…”": the quote is the title
/// of a work, named by the word before its opening mark.
pub fn work_title(rules: &Compiled, lang: crate::lang::Lang, doc: &str, q: &QuoteMark) -> bool {
    let before = doc[..q.outer.start].trim_end();
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    rules.has(lang, "work-titles", word.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// "disebut sebagai “pertukaran pendapat”", "Joko “Jokowi” Widodo": one or two words with no
/// punctuation of their own are a term or a nickname, not speech, even next to a cue.
/// A quote whose words are all capitalised is a title ("Platform Ekonomi dan Keuangan
/// Indonesia Menuju 2025"), not speech.
pub fn scare_quote(content: &str) -> bool {
    let punctuated = content.trim_end().ends_with([',', '.', '!', '?', '…']);
    // Every quote of every page comes here: the words are read only as far as the answer needs.
    let few_words = || content.split_whitespace().nth(2).is_none();
    let title_case = || {
        content.split_whitespace().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || matches!(w, "dan" | "di" | "ke" | "dari" | "of" | "and" | "the" | "in")
        })
    };
    !punctuated && (few_words() || title_case())
}
