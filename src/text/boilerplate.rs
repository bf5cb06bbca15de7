use aho_corasick::AhoCorasick;

/// Decides which paragraphs are article body. Menus, tickers, headlines, captions, "Baca Juga"
/// links and share prompts are not: no rule ever sees them.
///
/// Three signals: line prefixes from the rule files (`[boilerplate] prefixes`), photo credits
/// closing a caption (`[boilerplate] credits`: "… off the list. Photograph: X/The Guardian"), and
/// the shape of the line: body paragraphs end like sentences, have several words and are not
/// mostly digits.
#[derive(Clone, Debug)]
pub struct Boilerplate {
    /// Lowercased line prefixes, by their first byte: a line is tested only against the few
    /// that can match it (every paragraph of every document comes here).
    prefixes: Vec<Vec<String>>,
    /// The credits, searched for all at once.
    credits: AhoCorasick,
}

impl Boilerplate {
    /// `prefixes` in lower case.
    pub fn new(prefixes: &[String], credits: &[String]) -> Boilerplate {
        let mut by_first = vec![Vec::new(); 256];
        for p in prefixes.iter().filter(|p| !p.is_empty()) {
            by_first[usize::from(p.as_bytes()[0])].push(p.clone());
        }
        // A handful of short literals: building the automaton cannot fail.
        let credits = AhoCorasick::new(credits).unwrap_or_else(|e| panic!("credits automaton: {e}"));
        Boilerplate { prefixes: by_first, credits }
    }

    pub fn is_body(&self, para: &str) -> bool {
        // The first 40 characters, lowercased (on the stack when ASCII, as nearly always).
        let head = &para[..para.char_indices().nth(40).map_or(para.len(), |(i, _)| i)];
        let mut buf = [0u8; 40];
        let lower = super::lowercase(head, "", &mut buf);
        let lower_prefix = std::str::from_utf8(&lower).unwrap_or_default();
        // A prefix is a whole word or phrase: "follow" catches "Follow us", not "Following the arrests".
        let starts = |p: &str| {
            lower_prefix.starts_with(p)
                && (!p.ends_with(char::is_alphanumeric) || !lower_prefix[p.len()..].starts_with(char::is_alphanumeric))
        };
        let first = lower_prefix.as_bytes().first().map_or(0, |&b| usize::from(b));
        if self.prefixes.get(first).is_some_and(|ps| ps.iter().any(|p| starts(p))) {
            return false;
        }
        // A credit sits at the end of its caption: only the last 80 bytes are searched.
        let mut tail = para.len().saturating_sub(80);
        while !para.is_char_boundary(tail) {
            tail -= 1;
        }
        if self.credits.is_match(&para[tail..]) || ends_with_credit(para) {
            return false;
        }
        let shape = Shape::of(para);
        if shape.words < 4 && !shape.has_mark {
            return false;
        }
        let ends_like_sentence = para.trim_end().ends_with(['.', '!', '?', '"', '”', '’', '»', ')', '…', ':', ',']);
        // A line without a final stop is a headline, a caption or a menu, unless it is long, or
        // it is a standfirst: a dozen words or more in sentence case (a headline capitalises
        // most of its words).
        let standfirst = shape.words >= 12 && shape.capitalized * 2 < shape.words;
        if !ends_like_sentence && shape.words < 25 && !standfirst {
            return false;
        }
        shape.digits * 2 < shape.letters
    }

    /// Whether a line is a photo credit of its own ("Ana Ruiz for NPR", "Ana Ruiz/Getty
    /// Images"): the line just above it is a caption, whatever it says.
    pub fn is_credit_line(line: &str) -> bool {
        let line = line.trim();
        // Every line of every page comes here: the cheap test first, and words counted to seven.
        !line.ends_with(['.', '!', '?', '"', '”', ':', ','])
            && (2..=6).contains(&line.split_whitespace().take(7).count())
            && (credit(line) || line.split_once(" for ").is_some_and(|(a, b)| capitalised(a) && capitalised(b)))
    }
}

/// Whether a paragraph ends with a photo credit that no fixed phrase announces: a bracketed
/// source and photographer ("… katanya. (Suara.com/Dwi)", "… one worker said [Ana Ruiz/Al
/// Jazeera]"), or one after the caption's last sentence ("… kata seorang petugas.
/// ©2025 Kabar.com/Ana Ruiz"). Both sides are capitalised, so a date such as "(14/5)" is no
/// credit, and a body paragraph ends with its sentence, not a credit.
fn ends_with_credit(para: &str) -> bool {
    let para = para.trim_end();
    if let Some(inner) = para.strip_suffix(')').or_else(|| para.strip_suffix(']')) {
        return inner.rfind(['(', '[']).is_some_and(|open| credit(&inner[open + 1..]));
    }
    // A body paragraph ends with its sentence; a caption may end with a credit just past its
    // last sentence's stop or closing mark ("Kabar.com" holds a full stop too).
    if para.ends_with(['.', '!', '?', '"', '”']) {
        return false;
    }
    let stop = para
        .char_indices()
        .rev()
        .find(|&(at, c)| matches!(c, '.' | '!' | '?' | '"' | '”') && para[at + c.len_utf8()..].starts_with(' '));
    stop.is_some_and(|(at, c)| {
        credit(para[at + c.len_utf8()..].trim_start_matches(|c: char| c == '©' || c.is_ascii_digit() || c == ' '))
    })
}

/// "Source/Photographer": short, one slash, capitalised on both sides.
fn credit(s: &str) -> bool {
    s.len() <= 60 && s.split_once('/').is_some_and(|(a, b)| capitalised(a) && capitalised(b) && !b.contains('/'))
}

fn capitalised(s: &str) -> bool {
    s.trim_start().starts_with(char::is_uppercase)
}

/// Counts read in one pass over a paragraph (every paragraph of every document comes here).
struct Shape {
    words: usize,
    /// Words that start with a capital letter.
    capitalized: usize,
    has_mark: bool,
    digits: usize,
    letters: usize,
}

/// ASCII byte classes for [`Shape::of`]: one table lookup per byte instead of five tests (256
/// entries, so that the lookup needs no bounds check; other bytes are never looked up).
const SPACE: usize = 1;
const UPPER: usize = 2;
const DIGIT: usize = 4;
const LETTER: usize = 8;
const MARK: usize = 16;
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = (if matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') { SPACE } else { 0 }
            | if c.is_ascii_uppercase() { UPPER } else { 0 }
            | if c.is_ascii_digit() { DIGIT } else { 0 }
            | if c.is_ascii_alphabetic() { LETTER } else { 0 }
            | if c == b'"' { MARK } else { 0 }) as u8;
        b += 1;
    }
    t
};

impl Shape {
    fn of(para: &str) -> Shape {
        let mut shape = Shape { words: 0, capitalized: 0, has_mark: false, digits: 0, letters: 0 };
        // 1 when the byte or character before was a space (or there was none): a non-space
        // after it starts a word.
        let mut after_space = 1usize;
        // A byte or character that is no space (`solid` 1) after a space starts a word.
        let mut step = |solid: usize, upper: usize| {
            let starts = solid & after_space;
            shape.words += starts;
            shape.capitalized += starts & upper;
            after_space = solid ^ 1;
        };
        let bytes = para.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII (most of any news text), byte by byte without branches.
            let run = bytes[i..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - i);
            for &b in &bytes[i..i + run] {
                let class = usize::from(BYTE_CLASS[usize::from(b)]);
                step((class & SPACE) ^ SPACE, (class >> 1) & 1);
                shape.digits += (class >> 2) & 1;
                shape.letters += (class >> 3) & 1;
                shape.has_mark |= class & MARK != 0;
            }
            i += run;
            // Then one other character, decoded.
            if let Some(c) = para[i..].chars().next() {
                step(usize::from(!c.is_whitespace()), usize::from(c.is_uppercase()));
                shape.letters += usize::from(c.is_alphabetic());
                shape.has_mark |= matches!(c, '“' | '”' | '„' | '«');
                i += c.len_utf8();
            }
        }
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp() -> Boilerplate {
        Boilerplate::new(&["baca juga".into()], &["Photograph: ".into()])
    }

    #[test]
    fn menus_tickers_and_headlines_are_not_body() {
        let b = bp();
        assert!(!b.is_body("Menu"));
        assert!(!b.is_body("• LQ45926,77   5,31   0.58%"));
        assert!(!b.is_body("Baca Juga: Drone bawah laut dan udara jadi fitur kapal perang Rusia"));
        assert!(!b.is_body("Imbangi Tekanan AS dan NATO di Eropa Timur, Rusia Makin Mesra dengan Kuba"));
        assert!(b.is_body("Lavrov menambahkan, Rusia akan terus melanjutkan negosiasi."));
        // A standfirst has no final stop either, but it is a sentence: sentence case, a dozen words.
        assert!(b.is_body(
            "Presidential spokesman says that to avoid further damage, the Australian government should clarify reports"
        ));
        assert!(!b.is_body(
            "Indonesia Warns Australia It Urgently Needs To Clarify Spying Revelations After Guardian Report"
        ));
        let follow = Boilerplate::new(&["follow".into()], &[]);
        assert!(!follow.is_body("Follow kami di Google News untuk berita terbaru hari ini."));
        assert!(follow.is_body("Following the arrests, police raised the alert level, Anton said."));
    }

    #[test]
    fn a_photo_credit_closes_a_caption() {
        let b = bp();
        assert!(!b.is_body(
            "The pier at Harlow Bay, where residents say the ferry was late. Photograph: Ana Ruiz/The Guardian"
        ));
        assert!(b.is_body("The ferry was late again on Monday, residents said."));
        // Credits without a fixed phrase: bracketed source/photographer, a credit line of its own.
        assert!(!b.is_body("Warga antre air bersih di Desa Sukaraja. \"Sudah seminggu,\" katanya. (Kompas.com/Budi)"));
        assert!(!b.is_body("Idle trucks at the depot. \"Nothing moves,\" one driver said [Ana Ruiz/Reuters]"));
        assert!(b.is_body("Rapat digelar Rabu (14/5). Hasilnya diumumkan pekan depan, kata Budi (52)."));
        assert!(
            !b.is_body("Petugas menyemprot kandang. \"Sudah aman,\" kata seorang petugas. ©2025 Kabar.com/Ana Ruiz")
        );
        assert!(!b.is_body("Warga antre di posko. \"Kami lapar,\" kata seorang warga. Kabar.id/Ana Ruiz"));
        assert!(b.is_body("Harga naik 20 persen, kata Budi. Ia menyebut pasokan dari Jawa/Bali seret sejak Mei."));
        assert!(Boilerplate::is_credit_line("Ana Ruiz for NPR"));
        assert!(Boilerplate::is_credit_line("Ana Ruiz/Pictura Images"));
        assert!(!Boilerplate::is_credit_line("Asked for comment, Budi declined."));
        assert!(!Boilerplate::is_credit_line("Menu"));
    }
}
