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
    // Reporting words after a quote: often the only Indonesian words outside an English one.
    "ujar", "ungkap", "tulis", "lanjut", "tambah", "jelas", "tutur", "imbuh", "papar", "ucap", "tegas", "katanya",
    "jelasnya", "tuturnya", "imbuhnya", "tegasnya", "ucapnya", "tulisnya",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said", "as", "by", "are", "it", "he",
    "at", "from", "has", "have", "be", "were", "his", "this", "will", "we", "they", "not", "an", "would", "their",
    "who", "which", "been", "she", "her", "its", "says", "told", "added",
];

/// Both lists as words packed into a u64 each (a stop word has at most 8 letters), in an
/// open-addressing table a quarter full: a lookup is a multiply and a probe or two, with nothing
/// hashed byte by byte or allocated. Every paragraph's every word is looked up.
static STOP_WORDS: Lazy<StopWords> = Lazy::new(|| {
    let id = ID_WORDS.iter().map(|w| (w, Lang::Id));
    let mut table = StopWords { slots: vec![(0, Lang::Id); 1 << STOP_BITS] };
    for (w, lang) in id.chain(EN_WORDS.iter().map(|w| (w, Lang::En))) {
        let key = pack(w.as_bytes());
        let i = table.slot(key);
        table.slots[i] = (key, lang);
    }
    table
});

const STOP_BITS: u32 = 9;

struct StopWords {
    /// `(packed word, language)`; 0 is an empty slot (no word packs to 0).
    slots: Vec<(u64, Lang)>,
}

impl StopWords {
    /// Where `key` is, or the empty slot where it would go.
    fn slot(&self, key: u64) -> usize {
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - STOP_BITS)) as usize;
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & ((1 << STOP_BITS) - 1);
        }
        i
    }

    fn get(&self, key: u64) -> Option<Lang> {
        let (k, lang) = self.slots[self.slot(key)];
        (k == key).then_some(lang)
    }
}

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
/// agree; in a document that mixes both, an unclear paragraph goes by the words outside its
/// quote marks if they lean one way, else lingua decides it; in one with no clear paragraph at
/// all, lingua decides once for the whole.
pub fn detect_all(paragraphs: &[&str]) -> Vec<Lang> {
    let counts: Vec<Counts> = paragraphs.iter().map(|p| Counts::of(p)).collect();
    let quick: Vec<Option<Lang>> = counts.iter().map(Counts::verdict).collect();
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
    quick
        .into_iter()
        .zip(&counts)
        .zip(paragraphs)
        .map(|((l, c), p)| l.or(default).or_else(|| c.outside.lean()).unwrap_or_else(|| lingua(p)))
        .collect()
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
    Counts::of(paragraph).verdict()
}

/// Stop words of each language, in a whole paragraph and outside its quote marks.
#[derive(Default)]
struct Counts {
    all: Tally,
    outside: Tally,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    id: usize,
    en: usize,
}

impl Tally {
    /// A clear margin: an Indonesian sentence may name an English institution ("Institute for
    /// Development of Economics and Finance"), an English one an Indonesian party.
    fn clear(self) -> Option<Lang> {
        let clear = |win: usize, lose: usize| win >= 2 && win >= 2 * lose + 2;
        if clear(self.id, self.en) {
            Some(Lang::Id)
        } else if clear(self.en, self.id) {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn add(&mut self, lang: Lang) {
        match lang {
            Lang::Id => self.id += 1,
            Lang::En => self.en += 1,
        }
    }

    fn lean(self) -> Option<Lang> {
        match self.id.cmp(&self.en) {
            std::cmp::Ordering::Greater => Some(Lang::Id),
            std::cmp::Ordering::Less => Some(Lang::En),
            std::cmp::Ordering::Equal => None,
        }
    }
}

impl Counts {
    fn of(paragraph: &str) -> Counts {
        let bytes = sample(paragraph).as_bytes();
        let mut counts = Counts::default();
        let (mut inside, mut marks) = (false, 0usize);
        // The current word packed as it is read (see `pack`), and its length.
        let (mut key, mut len) = (0u64, 0usize);
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_alphabetic() {
                key = key << 8 | u64::from(b.to_ascii_lowercase());
                len += 1;
                continue;
            }
            if len > 0 {
                counts.add(key, len, inside);
                (key, len) = (0, 0);
            }
            // Straight marks and both curly ones (“…”, and Kompas's ”…”) switch sides.
            if b == b'"'
                || b == 0xE2 && bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x9C | 0x9D))
            {
                inside = !inside;
                marks += 1;
            }
        }
        counts.add(key, len, inside);
        // Unpaired marks (a scraper's cut) leave no telling which words were quoted.
        if marks % 2 == 1 {
            counts.outside = counts.all;
        }
        counts
    }

    /// Counts a word given packed (`key`) with its length: stop words have 1 to 8 letters.
    fn add(&mut self, key: u64, len: usize, inside: bool) {
        if !(1..=8).contains(&len) {
            return;
        }
        if let Some(lang) = STOP_WORDS.get(key) {
            self.all.add(lang);
            if !inside {
                self.outside.add(lang);
            }
        }
    }

    /// The rules read the attribution, which lies outside the quote marks: its words decide
    /// when they are clear. An English statement quoted with "…,” tulis X" is an Indonesian
    /// paragraph. When the words outside lean against what the whole says, it is unclear.
    fn verdict(&self) -> Option<Lang> {
        if let Some(l) = self.outside.clear() {
            return Some(l);
        }
        let all = self.all.clear();
        match self.outside.lean() {
            Some(lean) if all.is_some_and(|l| l != lean) => None,
            _ => all,
        }
    }
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
    fn the_words_outside_quote_marks_decide() {
        let english_quote =
            "“We sincerely apologise to our users. The update did not perform as expected and we have rolled it back,”";
        assert_eq!(quick(&format!("{english_quote} tulis perusahaan itu.")), Some(Lang::Id));
        let named = format!("{english_quote} tulis Arcline Pay.");
        assert_eq!(quick(&named), None, "the attribution leans Indonesian, the quote English");
        let doc = ["Perusahaan itu meminta maaf kepada para pengguna di Indonesia.", &named];
        assert_eq!(detect_all(&doc), vec![Lang::Id, Lang::Id]);
        let mixed = [
            "Perusahaan itu meminta maaf kepada para pengguna di Indonesia.",
            "The company said that it was sorry.",
            &named,
        ];
        assert_eq!(detect_all(&mixed)[2], Lang::Id, "in a mixed document the words outside lean the way");
        let indonesian_quote =
            "\"Kami akan memeriksa semua data yang ada di sistem itu,\" the minister told reporters on Monday.";
        assert_eq!(quick(indonesian_quote), Some(Lang::En));
        // A cut mark leaves nothing outside to trust: the whole paragraph decides.
        assert_eq!(quick("“Kami akan memeriksa semua data yang ada di sistem itu, kata dia."), Some(Lang::Id));
    }

    #[test]
    fn unclear_paragraphs_take_the_document_language() {
        let langs = detect_all(&["Kompas.com", "Menteri itu mengatakan bahwa pertemuan tersebut membahas kerja sama."]);
        assert_eq!(langs, vec![Lang::Id, Lang::Id]);
    }
}
