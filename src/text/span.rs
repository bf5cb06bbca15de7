use serde::{Deserialize, Serialize};

/// A span of the input: byte offsets (what Rust slices) and Unicode code point offsets (what
/// Python's `str` indexes), so that `input[start..end]` is the quoted text in both worlds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

/// Turns byte offsets into code point offsets without rescanning the document per offset:
/// a checkpoint every `STRIDE` bytes keeps memory at 1/32 of the input (a usize per 256
/// bytes) and each lookup under 256 bytes of counting (a quote takes eight lookups).
pub struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 256;

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut chars = 0usize;
        for chunk in bytes.chunks(STRIDE) {
            checkpoints.push(chars);
            chars += count_chars(chunk);
        }
        // The end of a text whose length is a multiple of STRIDE starts a block of its own.
        checkpoints.push(chars);
        CharIndex { text, checkpoints }
    }

    /// Code point offset of byte offset `byte` (which must lie on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = byte / STRIDE;
        let base = self.checkpoints.get(block).copied().unwrap_or(0);
        let from = block * STRIDE;
        base + count_chars(&self.text.as_bytes()[from..byte])
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span {
            start: range.start,
            end: range.end,
            char_start: self.char_offset(range.start),
            char_end: self.char_offset(range.end),
        }
    }
}

/// Code points in `bytes`: every byte that is not a UTF-8 continuation byte.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "“Kami” kata Díaz-Canel";
        let idx = CharIndex::new(text);
        let start = text.find("Díaz").unwrap_or(0);
        let span = idx.span(start..text.len());
        assert_eq!(span.char_start, text[..start].chars().count());
        assert_eq!(span.char_end, text.chars().count());
    }

    #[test]
    fn char_offsets_cross_checkpoints() {
        let text = "é".repeat(5000);
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_offset(9000), 4500);
        assert_eq!(idx.char_offset(text.len()), 5000);
        // A length that is a whole number of blocks: the end is in no block's count.
        let exact = "é".repeat(STRIDE);
        assert_eq!(CharIndex::new(&exact).char_offset(exact.len()), STRIDE);
    }
}
