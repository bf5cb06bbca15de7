//! Stage 1, text. Input: the document exactly as given. Output: body paragraphs, paired quote
//! marks, a *masked* copy of each paragraph, and sentences.
//!
//! The one choice: the input is never rewritten. Quotes are hidden from later stages by masking
//! their bytes with ASCII placeholders of the same length, so every offset found in the masked
//! text is an offset into the input, and no stage can mistake a period or a cue word inside a
//! quote for attribution.

mod boilerplate;
mod quotes;
mod segment;
mod span;

pub use boilerplate::Boilerplate;
pub use quotes::{QuoteMark, pair_quotes};
pub use segment::{Paragraph, after_dateline, dateline, paragraphs, sentences};
pub use span::{CharIndex, Span};

/// Masked byte that opens a quote region (the opening mark, or the first byte of a quote whose
/// opening mark the scraper cut).
pub const Q_OPEN: u8 = 0x02;
/// Masked bytes inside a quote region.
pub const Q_BODY: u8 = 0x01;
/// Masked byte that closes a quote region (the last byte of its closing mark).
pub const Q_CLOSE: u8 = 0x03;

/// The bytes of `s` followed by `suffix`, lowercased: in `buf` when ASCII and short enough (the
/// usual case, for tests made on every word or paragraph), else allocated. Bytes, not `str`:
/// the lexicon lookups that make most calls need no UTF-8 check.
pub fn lowercase<'b>(s: &str, suffix: &str, buf: &'b mut [u8]) -> std::borrow::Cow<'b, [u8]> {
    match buf.get_mut(..s.len() + suffix.len()) {
        Some(low) if s.is_ascii() && suffix.is_ascii() => {
            low[..s.len()].copy_from_slice(s.as_bytes());
            low[s.len()..].copy_from_slice(suffix.as_bytes());
            low.make_ascii_lowercase();
            std::borrow::Cow::Borrowed(low)
        }
        _ => std::borrow::Cow::Owned((s.to_lowercase() + &suffix.to_lowercase()).into_bytes()),
    }
}

/// Copies `text` with each quote region replaced by placeholder bytes of the same length,
/// and each typographic space (U+2000–U+200A, U+202F, U+3000 …) by as many ASCII spaces as it
/// has bytes: the rules' `\s` reads only ASCII spaces, NEL and the no-break space (see
/// `rules::compile::SPACE`). The result is ASCII wherever the input was masked and the input
/// elsewhere, so it stays valid UTF-8 and byte offsets agree with the input.
pub fn mask(text: &str, base: usize, quotes: &[QuoteMark]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    // Every such space is three bytes long and starts with E1, E2 or E3 (a character's first byte).
    let mut i = 0;
    while let Some(p) = text.as_bytes()[i..].iter().position(|b| (0xE1..=0xE3).contains(b)) {
        i += p;
        if text[i..].starts_with(char::is_whitespace) {
            bytes[i..i + 3].fill(b' ');
        }
        i += 1;
    }
    for q in quotes {
        let (s, e) = (q.outer.start - base, q.outer.end - base);
        for b in &mut bytes[s..e] {
            *b = Q_BODY;
        }
        bytes[s] = Q_OPEN;
        if q.closed && e > s + 1 {
            bytes[e - 1] = Q_CLOSE;
        }
    }
    // Every masked range covers whole characters (it starts and ends on char boundaries), so
    // the bytes stay valid UTF-8; fall back to a lossy copy rather than panic if that is broken.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
