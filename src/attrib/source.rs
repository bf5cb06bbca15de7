//! The outlet a quote came through, read only from the quote's own sentence ("seperti dikutip
//! dari AFP", "told Reuters") and never from its content: a source is not carried to the next
//! "ujarnya" quote.

use std::ops::Range;

use crate::lang::Lang;
use crate::rules::{Compiled, Kind};

pub fn find(
    rules: &Compiled,
    lang: Lang,
    masked: &str,
    base: usize,
    sentence: Range<usize>,
    content: &Range<usize>,
) -> Option<(usize, Range<usize>)> {
    let text = &masked[sentence.start - base..sentence.end - base];
    for (ri, rule) in rules.rules.iter().enumerate() {
        if rule.kind != Kind::Source || rule.lang != lang {
            continue;
        }
        for found in rule.regex.find_iter(text) {
            let [.., Some(m)] = rule.bind(text, found.range()) else { continue };
            let span = m.start + sentence.start..m.end + sentence.start;
            if span.start < content.end && content.start < span.end {
                continue;
            }
            let trimmed = text[m].trim_end_matches(['.', ',', ';', ':']);
            return Some((ri, span.start..span.start + trimmed.len()));
        }
    }
    None
}
