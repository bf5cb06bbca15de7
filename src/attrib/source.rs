//! The outlet a quote came through, read only from the quote's own sentence ("seperti dikutip
//! dari AFP", "told Reuters") and never from its content: a source is not carried to the next
//! "ujarnya" quote.

use std::ops::Range;

use crate::lang::Lang;
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
            for found in rule.regex().find_iter(text) {
                let [.., Some(m)] = rule.bind(text, found.range()) else { continue };
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
