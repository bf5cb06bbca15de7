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
    "tersebut", "dia", "ia", "para", "menurut", "ujarnya", "bisa", "tak", "belum", "harus", "lebih",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said", "as", "by", "are", "it", "he",
    "at", "from", "has", "have", "be", "were", "his", "this", "will", "we", "they", "not", "an", "would", "their",
    "who", "which", "been", "she", "her", "its",
];

static DETECTOR: Lazy<LanguageDetector> =
    Lazy::new(|| LanguageDetectorBuilder::from_languages(&[Language::English, Language::Indonesian]).build());

/// How many bytes of a paragraph the stop-word count reads: enough for a verdict, and it keeps
/// a 100 MB single-line document from costing more than its first sentences.
const SAMPLE: usize = 2000;

pub fn detect(paragraph: &str) -> Lang {
    let mut end = paragraph.len().min(SAMPLE);
    while !paragraph.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &paragraph[..end];
    let (mut id, mut en) = (0usize, 0usize);
    for word in sample.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty() && w.len() <= 8) {
        let lower = word.to_ascii_lowercase();
        if ID_WORDS.contains(&lower.as_str()) {
            id += 1;
        } else if EN_WORDS.contains(&lower.as_str()) {
            en += 1;
        }
    }
    if id >= 2 && id >= 3 * en.max(1) / 2 + en {
        return Lang::Id;
    }
    if en >= 2 && en >= 3 * id.max(1) / 2 + id {
        return Lang::En;
    }
    match DETECTOR.detect_language_of(sample) {
        Some(Language::English) => Lang::En,
        _ => Lang::Id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_decide_clear_cases() {
        assert_eq!(detect("Menteri itu mengatakan bahwa pertemuan tersebut membahas kerja sama."), Lang::Id);
        assert_eq!(detect("The minister said that the meeting was about cooperation with the region."), Lang::En);
    }

    #[test]
    fn lingua_decides_short_ambiguous_text() {
        assert_eq!(detect("Ekonomi tumbuh pesat tahun depan."), Lang::Id);
    }
}
