//! Stage 2, language. Input: a body paragraph. Output: `id` or `en`.
//!
//! The one choice: a stop-word count decides almost every paragraph at hundreds of MB/s; lingua
//! (Indonesian and English models only) is asked only when the count is too close to call,
//! because it runs at about 1.4 MB/s.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use once_cell::sync::Lazy;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

const ID_WORDS: &[&str] = &[
    "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan", "pada", "dalam", "adalah", "ke",
    "juga", "kata", "bahwa", "mereka", "telah", "sudah", "oleh", "atau", "karena", "kami", "kita", "saya", "ada",
    "tersebut", "dia", "ia", "para", "menurut", "ujarnya", "bisa", "tak", "belum", "harus", "lebih", "kembali",
    "pekan", "depan", "tahun", "hari", "sebagai", "hingga", "agar", "masih", "bagi", "saat", "namun", "tetapi",
    "sejak", "setelah", "sebelum", "kepada", "terhadap", "seperti", "menjadi", "bukan", "hanya", "secara", "serta",
    "dapat", "sangat", "pihak", "saja", "terus", "lalu", "jika", "kalau", "antara", "yakni", "yaitu",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said", "as", "by", "are", "it", "he",
    "at", "from", "has", "have", "be", "were", "his", "this", "will", "we", "they", "not", "an", "would", "their",
    "who", "which", "been", "she", "her", "its",
];

/// Both lists as words packed into a u64 each (a stop word has at most 8 letters), sorted: a
/// lookup is a short binary search over integers, with nothing hashed or allocated.
static STOP_WORDS: Lazy<Vec<(u64, Lang)>> = Lazy::new(|| {
    let id = ID_WORDS.iter().map(|w| (pack(w.as_bytes()), Lang::Id));
    let mut all: Vec<(u64, Lang)> = id.chain(EN_WORDS.iter().map(|w| (pack(w.as_bytes()), Lang::En))).collect();
    all.sort_unstable();
    all
});

/// Up to 8 bytes of an ASCII word, lowercased, as one integer.
fn pack(word: &[u8]) -> u64 {
    word.iter().fold(0u64, |acc, b| acc << 8 | u64::from(b.to_ascii_lowercase()))
}

static DETECTOR: Lazy<LanguageDetector> =
    Lazy::new(|| LanguageDetectorBuilder::from_languages(&[Language::English, Language::Indonesian]).build());

/// How many bytes of a paragraph the stop-word count reads: enough for a verdict, and it keeps
/// a 100 MB single-line document from costing more than its first sentences.
const SAMPLE: usize = 2000;

/// Language of one paragraph: stop words, else lingua.
pub fn detect(paragraph: &str) -> Lang {
    quick(paragraph).unwrap_or_else(|| lingua(paragraph))
}

/// Languages of a document's paragraphs: each paragraph by its stop words. The ones too close
/// to call (short lines, names and numbers) take the document's language when the clear ones
/// agree; in a document that mixes both, lingua decides each unclear paragraph, and in one with
/// no clear paragraph at all, lingua decides once for the whole.
pub fn detect_all(paragraphs: &[&str]) -> Vec<Lang> {
    let quick: Vec<Option<Lang>> = paragraphs.iter().map(|p| quick(p)).collect();
    let (mut id, mut en) = (0usize, 0usize);
    for (p, l) in paragraphs.iter().zip(&quick) {
        match l {
            Some(Lang::Id) => id += p.len(),
            Some(Lang::En) => en += p.len(),
            None => {}
        }
    }
    let default = match (id > 0, en > 0) {
        (true, false) => Some(Lang::Id),
        (false, true) => Some(Lang::En),
        (true, true) => None,
        (false, false) => Some(lingua(&paragraphs.join("\n"))),
    };
    quick.into_iter().zip(paragraphs).map(|(l, p)| l.or(default).unwrap_or_else(|| lingua(p))).collect()
}

fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn lingua(text: &str) -> Lang {
    match DETECTOR.detect_language_of(sample(text)) {
        Some(Language::English) => Lang::En,
        _ => Lang::Id,
    }
}

/// The stop-word verdict alone: `None` when the counts are too close to call.
pub fn quick(paragraph: &str) -> Option<Lang> {
    let sample = sample(paragraph);
    let (mut id, mut en) = (0usize, 0usize);
    for word in sample.as_bytes().split(|b| !b.is_ascii_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 8) {
        let key = pack(word);
        match STOP_WORDS.binary_search_by_key(&key, |&(k, _)| k).map(|i| STOP_WORDS[i].1) {
            Ok(Lang::Id) => id += 1,
            Ok(Lang::En) => en += 1,
            Err(_) => {}
        }
    }
    // A clear margin: an Indonesian sentence may name an English institution ("Institute for
    // Development of Economics and Finance"), an English one an Indonesian party.
    let clear = |win: usize, lose: usize| win >= 2 && win >= 2 * lose + 2;
    if clear(id, en) {
        return Some(Lang::Id);
    }
    if clear(en, id) {
        return Some(Lang::En);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_fit_the_packed_lookup() {
        assert!(
            ID_WORDS
                .iter()
                .chain(EN_WORDS)
                .all(|w| (1..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn stop_words_decide_clear_cases() {
        assert_eq!(detect("Menteri itu mengatakan bahwa pertemuan tersebut membahas kerja sama."), Lang::Id);
        assert_eq!(detect("The minister said that the meeting was about cooperation with the region."), Lang::En);
    }

    #[test]
    fn lingua_decides_short_ambiguous_text() {
        assert_eq!(detect("Ekonomi tumbuh pesat tahun depan."), Lang::Id);
    }

    #[test]
    fn unclear_paragraphs_take_the_document_language() {
        let langs = detect_all(&["Kompas.com", "Menteri itu mengatakan bahwa pertemuan tersebut membahas kerja sama."]);
        assert_eq!(langs, vec![Lang::Id, Lang::Id]);
    }
}
