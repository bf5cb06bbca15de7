//! Stage 3, candidates. Input: a body paragraph. Output: its quote-mark pairs, masked text,
//! sentences, and for each sentence which cue lexicons occur in it.
//!
//! The one choice: one Aho-Corasick pass over the masked paragraph finds every cue word of every
//! rule at once, so a sentence with no cue word never reaches a regex. Masking first means a
//! cue word inside a quote ("kata" in a quoted sentence) is never a cue.

use std::ops::Range;

use crate::lang::Lang;
use crate::rules::Compiled;
use crate::text::{self, Paragraph, QuoteMark};

pub struct Candidates {
    pub paragraph: Paragraph,
    pub lang: Lang,
    pub quotes: Vec<QuoteMark>,
    pub masked: String,
    pub sentences: Vec<Range<usize>>,
    /// Per sentence, per trigger lexicon: does one of its words occur?
    pub hits: Vec<Vec<bool>>,
    /// Per sentence, where its cue words are (document offsets) and the prefilter pattern each
    /// matched; empty when not gating.
    pub cues: Vec<Vec<(Range<usize>, usize)>>,
}

/// Builds the candidates of one body paragraph in language `lang`.
pub fn candidates(rules: &Compiled, doc: &str, paragraph: Paragraph, lang: Lang) -> Candidates {
    let range = paragraph.range.clone();
    let para = &doc[range.clone()];
    let mut quotes = text::pair_quotes(para, range.start);
    for q in quotes.iter_mut().filter(|q| !q.closed) {
        close_before_cue(rules, lang, doc, q);
    }
    let masked = text::mask(para, range.start, &quotes);
    let sentences = text::sentences(&masked, para, range.start, &|w| rules.post_cue(lang, w));
    let (hits, cues) = cue_hits(rules, &masked, range.start, &sentences);
    Candidates { paragraph, lang, quotes, masked, sentences, hits, cues }
}

/// A quote whose closing mark the scraper lost runs to the paragraph end and would swallow its
/// own attribution ("Taman ini gratis, kata Eri saat peresmian."). When a cue word follows a
/// comma inside it and names a speaker (a capitalised name, a pronoun, or "-nya" on the cue), the
/// mark was lost there: close the quote after that comma. "…, tanya saja petugas di loket" is
/// the quote going on.
fn close_before_cue(rules: &Compiled, lang: Lang, doc: &str, q: &mut QuoteMark) {
    let content = &doc[q.content.clone()];
    let bytes = content.as_bytes();
    for m in rules.prefilter.find_overlapping_iter(content) {
        if !rules.whole_word[m.pattern().as_usize()] {
            continue;
        }
        let after = bytes.get(m.end()).copied();
        if m.start() < 2 || after.is_some_and(|b| b.is_ascii_alphanumeric()) || !content[..m.start()].ends_with(", ") {
            continue;
        }
        let next = content[m.end()..].split_whitespace().next().unwrap_or("");
        // "katanya", "ujarnya"; "tanya" is a root word.
        let cue = &content[m.start()..m.end()];
        let named = cue.len() > 5 && cue.ends_with("nya")
            || next.starts_with(char::is_uppercase)
            || rules.has(lang, "pronouns", next.trim_end_matches([',', '.']));
        if !named {
            continue;
        }
        let end = q.content.start + m.start() - 1;
        q.outer.end = end;
        q.content.end = end;
        q.closed = true;
        return;
    }
}

type Hits = (Vec<Vec<bool>>, Vec<Vec<(Range<usize>, usize)>>);

fn cue_hits(rules: &Compiled, masked: &str, base: usize, sentences: &[Range<usize>]) -> Hits {
    let n = rules.trigger_names.len();
    let mut hits = vec![vec![!rules.gate; n]; sentences.len()];
    let mut cues = vec![Vec::new(); sentences.len()];
    if !rules.gate {
        return (hits, cues);
    }
    let bytes = masked.as_bytes();
    for m in rules.prefilter.find_overlapping_iter(masked) {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        if before.is_some_and(|b| b.is_ascii_alphanumeric()) || after.is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let at = base + m.start();
        let s = sentences.partition_point(|r| r.end <= at);
        if let Some(row) = hits.get_mut(s) {
            for &t in &rules.pattern_triggers[m.pattern().as_usize()] {
                row[t] = true;
            }
            cues[s].push((at..base + m.end(), m.pattern().as_usize()));
        }
    }
    (hits, cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote_contents(text: &str) -> Vec<String> {
        let rules = crate::rules::build(true, &[]).unwrap_or_else(|_| panic!("built-in rules load"));
        let c = candidates(&rules, text, Paragraph { index: 0, range: 0..text.len() }, Lang::Id);
        c.quotes.iter().map(|q| text[q.content.clone()].to_string()).collect()
    }

    #[test]
    fn lost_closing_mark_is_put_back_before_a_named_cue() {
        assert_eq!(quote_contents("“Taman ini gratis, kata Eri saat peresmian."), ["Taman ini gratis,"]);
        assert_eq!(quote_contents("“Taman ini gratis, katanya saat peresmian."), ["Taman ini gratis,"]);
    }

    #[test]
    fn a_cue_word_that_names_nobody_leaves_the_quote_open() {
        let text = "“Kalau bingung, tanya saja petugas di loket pendaftaran";
        assert_eq!(quote_contents(text), [&text["“".len()..]]);
    }
}
