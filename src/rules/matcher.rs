//! Runs the compiled rules on one sentence of a masked paragraph and keeps the matches that do
//! not fight: the highest-priority rule claims a quote or a clause first.

use std::ops::Range;

use super::compile::Compiled;
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
}

/// Why a rule did or did not produce a match on a sentence (for `explain`).
#[derive(Clone, Debug)]
pub enum Trial {
    Skipped,
    NoMatch,
    Matched(RuleMatch),
    Dropped(RuleMatch, &'static str),
}

/// Tries every rule of the paragraph's language whose cue words occur in sentence `si` of `c`
/// (the rest are skipped unread), and keeps the matches that do not fight.
pub fn match_sentence(
    rules: &Compiled,
    doc: &str,
    c: &Candidates,
    si: usize,
    mut trace: Option<&mut Vec<(usize, Trial)>>,
) -> Vec<RuleMatch> {
    let (lang, quotes, masked, base) = (c.lang, &c.quotes, &c.masked, c.paragraph.range.start);
    let (sentence, hits) = (c.sentences[si].clone(), &c.hits[si]);
    let text = &masked[sentence.start - base..sentence.end - base];
    let off = sentence.start;
    let mut accepted: Vec<RuleMatch> = Vec::new();
    let cues = &c.cues[si];
    for (ri, rule) in rules.rules.iter().enumerate() {
        if rule.lang != lang || rule.kind == Kind::Source {
            continue;
        }
        // Every word of the rule's cue lexicon in the sentence is taken by a match of higher
        // priority: a match of this rule would reuse one and be dropped, so skip it (`explain`
        // still tries it, to show the clash).
        let taken = |t: usize| {
            let mut mine = cues.iter().filter(|(_, p)| rules.pattern_triggers[*p].contains(&t)).peekable();
            mine.peek().is_some() && mine.all(|(cue, _)| accepted.iter().any(|a| a.cue.as_ref() == Some(cue)))
        };
        if trace.is_none() && !accepted.is_empty() && rule.trigger.is_some_and(taken) {
            continue;
        }
        let no_quote = rule.needs_quote && !text.as_bytes().contains(&crate::text::Q_OPEN);
        if no_quote || rule.trigger.is_some_and(|t| !hits.get(t).copied().unwrap_or(false)) {
            if let Some(t) = trace.as_deref_mut() {
                t.push((ri, Trial::Skipped));
            }
            continue;
        }
        let mut any = false;
        for found in rule.regex.find_iter(text) {
            any = true;
            let [quote, content, speaker, cue, _] =
                rule.bind(text, found.range()).map(|r| r.map(|r| r.start + off..r.end + off));
            let m = RuleMatch { rule: ri, kind: rule.kind, quote, content, speaker, cue };
            if let Some(q) = m.quote.as_ref().and_then(|r| quote_at(quotes, r))
                && scare_quote(&doc[q.content.clone()])
            {
                if let Some(t) = trace.as_deref_mut() {
                    t.push((
                        ri,
                        Trial::Dropped(
                            m.clone(),
                            "a short quote without closing punctuation is a scare quote or a nickname",
                        ),
                    ));
                }
                continue;
            }
            let claimed = m.quote.clone().or_else(|| m.content.clone()).unwrap_or(0..0);
            let clash = accepted.iter().any(|a| {
                let other = a.quote.clone().or_else(|| a.content.clone()).unwrap_or(0..0);
                let overlap = claimed.start < other.end && other.start < claimed.end;
                // A direct quote claimed earlier may sit inside a later clause (a mixed quote);
                // any other overlap means two rules read the same words two ways.
                let nested_quote = a.kind == Kind::Direct
                    && m.kind == Kind::Indirect
                    && claimed.start <= other.start
                    && other.end <= claimed.end
                    && claimed != other;
                overlap && !nested_quote || a.cue.as_ref().zip(m.cue.as_ref()).is_some_and(|(x, y)| x == y)
            });
            if let Some(t) = trace.as_deref_mut() {
                t.push((
                    ri,
                    if clash {
                        Trial::Dropped(m.clone(), "a higher-priority rule already claimed these words")
                    } else {
                        Trial::Matched(m.clone())
                    },
                ));
            }
            if !clash {
                accepted.push(m);
            }
        }
        if !any && let Some(t) = trace.as_deref_mut() {
            t.push((ri, Trial::NoMatch));
        }
    }
    accepted
}

/// The quote mark pair a direct match bound, found by the start of its region.
pub fn quote_at<'q>(quotes: &'q [QuoteMark], region: &Range<usize>) -> Option<&'q QuoteMark> {
    quotes.iter().find(|q| q.outer.start == region.start)
}

/// "disebut sebagai “pertukaran pendapat”", "Joko “Jokowi” Widodo": one or two words with no
/// punctuation of their own are a term or a nickname, not speech, even next to a cue.
/// A quote whose words are all capitalised is a title ("Platform Ekonomi dan Keuangan
/// Indonesia Menuju 2025"), not speech.
pub fn scare_quote(content: &str) -> bool {
    let punctuated = content.trim_end().ends_with([',', '.', '!', '?', '…']);
    let words = content.split_whitespace().count();
    let title_case = content.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || matches!(w, "dan" | "di" | "ke" | "dari" | "of" | "and" | "the" | "in")
    });
    !punctuated && (words <= 2 || title_case)
}
