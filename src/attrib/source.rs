//! The outlet a quote came through, read only from the quote's own sentence ("seperti dikutip
//! dari AFP", "told Reuters") and never from its content: a source is not carried to the next
//! "ujarnya" quote.

use std::ops::Range;

use crate::lang::Lang;
use crate::rules::matcher;
use crate::rules::{Compiled, Kind};

/// Every outlet credit of one sentence, in rule order and then text order: found once however
/// many quotes the sentence holds (a paragraph of a thousand quotes is one long sentence when
/// the scraper lost its stops).
pub struct Credits(Vec<Credit>);

struct Credit {
    rule: usize,
    /// The source slot as matched, and its end without trailing punctuation.
    span: Range<usize>,
    end: usize,
}

impl Credits {
    pub fn find(rules: &Compiled, lang: Lang, masked: &str, base: usize, sentence: Range<usize>) -> Credits {
        let text = &masked[sentence.start - base..sentence.end - base];
        let mut out = Vec::new();
        for (ri, rule) in rules.rules.iter().enumerate() {
            if rule.kind != Kind::Source || rule.lang != lang {
                continue;
            }
            let mut from = 0;
            while from <= text.len()
                && let Some(found) = rule.find_at(text, from)
            {
                from = matcher::past(text, &found);
                let [.., Some(m)] = rule.bind(text, found) else { continue };
                let trimmed = text[m.clone()].trim_end_matches(['.', ',', ';', ':']);
                let span = m.start + sentence.start..m.end + sentence.start;
                out.push(Credit { rule: ri, end: span.start + trimmed.len(), span });
            }
        }
        Credits(out)
    }

    /// The first credit outside `content` (the quote or claim itself): its rule and the outlet.
    pub fn outside(&self, content: &Range<usize>) -> Option<(usize, Range<usize>)> {
        self.0
            .iter()
            .find(|c| !(c.span.start < content.end && content.start < c.span.end))
            .map(|c| (c.rule, c.span.start..c.end))
    }
}

/// "told the Echo": a newspaper called by the last word of its name takes the full name the page
/// gives it ("Dunmore Echo" in the masthead), as a surname takes a person's full name: up to three
/// capitalised words right before that word, the most found anywhere in `doc`. Any other name
/// stays as written.
pub fn full_name(doc: &str, name: &str) -> String {
    let Some(short) = name.strip_prefix("the ").filter(|s| !s.contains(' ')) else { return name.to_string() };
    let mut best: Option<(usize, usize)> = None;
    for (at, _) in doc.match_indices(short) {
        if doc[at + short.len()..].starts_with(char::is_alphanumeric) {
            continue;
        }
        let mut start = at;
        for _ in 0..3 {
            let Some(before) = doc[..start].strip_suffix(' ') else { break };
            let word = &before[before.rfind(char::is_whitespace).map_or(0, |i| i + 1)..];
            if word.is_empty() || !word.starts_with(char::is_uppercase) || !word.chars().all(char::is_alphabetic) {
                break;
            }
            start -= word.len() + 1;
        }
        if start < at && best.is_none_or(|(s, a)| at - start > a - s) {
            best = Some((start, at));
        }
    }
    best.map_or_else(|| name.to_string(), |(start, at)| doc[start..at + short.len()].to_string())
}
