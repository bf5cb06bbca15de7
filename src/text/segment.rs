use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::{Q_CLOSE, Q_OPEN};

/// A non-empty line of the input. News pages put one paragraph on a line; attribution rarely
/// crosses one, so the paragraph is the unit everything later works in.
#[derive(Clone, Debug)]
pub struct Paragraph {
    pub index: usize,
    pub range: Range<usize>,
}

pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            let s = start + lead;
            out.push(Paragraph { index: out.len(), range: s..s + trimmed.len() });
        }
        start += line.len();
    }
    out
}

/// Abbreviations after which a period does not end a sentence (lowercased, without the dot).
const ABBREV: &[&str] = &[
    "dr", "drs", "dra", "prof", "h", "hj", "ir", "jl", "no", "rp", "st", "mr", "mrs", "ms", "sen", "rep", "gov", "gen",
    "lt", "col", "jr", "sr", "dll", "dsb", "kec", "kab", "insp", "brig", "maj", "capt", "sgt", "vs", "etc", "inc",
    "cmdr", "cdr", "adm", "supt", "det", "cpl", "pvt", "rev", "hon",
    // "kh", "rr", "rm": Islamic and Javanese titles before a name ("KH. Ahmad", "Rr. Sri").
    "corp", "ltd", "co", "u.s", "a.m", "p.m", "pol", "tbk", "pte", "bhd", "kh", "drg", "rr", "rm",
    // Months before a day ("in the six weeks to Dec. 3").
    "jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// A dateline opening a paragraph: "JAKARTA, KOMPAS.com - ", "MANILA (Reuters) - ", "YANGON — ",
/// "BORNEOTREND.COM- ", "OSLO, March 19 (Reuters) - ". A place (up to three words), perhaps an
/// outlet or a date after a comma, perhaps an outlet in brackets, then a dash; or a place in
/// capitals and a colon ("KUALA LUMPUR: ", CNA's style; four letters at least, so that "KPK: …"
/// stays). It belongs to no sentence: a claim or speaker never starts with it.
#[allow(clippy::expect_used)]
static DATELINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"^(?:[A-Z][A-Za-z0-9.]*(?:[ \t][A-Z][A-Za-z.]*){0,2}",
        r"(?:[ \t]*,[ \t]*[A-Za-z][A-Za-z0-9.]*(?:[ \t][A-Z0-9][A-Za-z0-9.]*){0,2})?",
        r"(?:[ \t]*\([A-Z][A-Za-z .]{1,30}\))?[ \t]*(?:--?|–|—)[ \t]+",
        r"|[A-Z][A-Z.]{3,}(?:[ \t][A-Z][A-Z.]+){0,2}:[ \t]+)",
    ))
    .expect("constant pattern")
});

/// `text` without the dateline that opens it ("Lerengsari (ANTARA) - Ratusan petani …").
pub fn after_dateline(text: &str) -> &str {
    &text[dateline(text).len()..]
}

/// The dateline that opens `text` ("TEMPO.CO, Jakarta - "), or "".
pub fn dateline(text: &str) -> &str {
    &text[..DATELINE.find(text).map_or(0, |m| m.end())]
}

/// Splits a masked paragraph into sentences (absolute byte ranges, trimmed). `original` is the
/// same paragraph unmasked: a quote that ends in `.”` ends a sentence too. `cue` tells a
/// reporting verb that follows a quote ("said", "kata").
pub fn sentences(masked: &str, original: &str, base: usize, cue: &dyn Fn(&str) -> bool) -> Vec<Range<usize>> {
    let b = masked.as_bytes();
    let mut out = Vec::new();
    let mut start = masked.len() - after_dateline(masked).len();
    let mut i = start;
    while i < b.len() {
        // Straight to the next byte that may end a sentence.
        match b[i..].iter().position(|&c| matches!(c, b'.' | b'!' | b'?' | Q_CLOSE)) {
            Some(p) => i += p,
            None => break,
        }
        let c = b[i];
        let ends = match c {
            b'.' => !abbreviation(masked, i),
            b'!' | b'?' => true,
            Q_CLOSE => original[..i + 1].trim_end_matches(['”', '"', '»']).ends_with(['.', '!', '?']),
            _ => false,
        };
        if ends {
            let mut j = i + 1;
            while j < b.len() && (b[j] == b'.' || b[j] == b'!' || b[j] == b'?') {
                j += 1;
            }
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            // "“Who pays?” Co told Reuters.": after a question or exclamation in marks, a short
            // tail with no quote of its own is the attribution, not a new sentence; so is a longer
            // one with a reporting verb among its first words ("“Why?” Datuk Seri Anwar said to
            // supporters on Sunday night …").
            let asked = c == Q_CLOSE && !original[..i + 1].trim_end_matches(['”', '"', '»']).ends_with('.');
            // "… menolak rencana itu.Warga lalu …": a scraper dropped the space after the stop.
            let glued = k == j && c == b'.' && glued_sentence(&masked[..i], &masked[j..]);
            if (k > j || glued)
                && k < b.len()
                && starts_sentence(&masked[k..])
                && !(asked && attribution_tail(&masked[k..], cue))
            {
                push_trimmed(&mut out, masked, start, j, base);
                start = k;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, masked, start, b.len(), base);
    out
}

/// Whether a full stop with no space after it ends a sentence: a word of three lower-case
/// letters or more before it, a capitalised word after it ("itu.Warga"; not "Kompas.com",
/// "A.Rahman").
fn glued_sentence(before: &str, after: &str) -> bool {
    let word = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    let mut next = after.chars();
    word.chars().count() >= 3
        && word.chars().all(char::is_lowercase)
        && next.next().is_some_and(char::is_uppercase)
        && next.next().is_some_and(char::is_lowercase)
}

/// Whether `rest` opens with a sentence holding no quote mark that is short (at most six words)
/// or has a `cue` among its first six words.
fn attribution_tail(rest: &str, cue: &dyn Fn(&str) -> bool) -> bool {
    let end = rest.find(['.', '!', '?', '\n', Q_OPEN as char]).unwrap_or(rest.len());
    let mut words = rest[..end].split_whitespace();
    !rest[end..].starts_with(Q_OPEN as char)
        && (rest[..end].split_whitespace().count() <= 6 || words.by_ref().take(6).any(|w| cue(w.trim_end_matches(','))))
}

fn starts_sentence(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) if c as u32 == Q_OPEN as u32 => true,
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || c == '(' || c == '[',
        None => false,
    }
}

fn abbreviation(masked: &str, dot: usize) -> bool {
    // Abbreviations are short: look back a few characters only, so a long run of letters and
    // dots ("a.a.a.…") costs linear time, not quadratic.
    let mut from = dot.saturating_sub(16);
    while !masked.is_char_boundary(from) {
        from -= 1;
    }
    let before = &masked[from..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital is an initial ("M. Iqbal"); digits before a dot are a list or a date.
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        return first.is_uppercase();
    }
    // "U.N.", "a.m.": a period inside the word marks an abbreviation; inside a number ("pukul
    // 13.00.", "Rp 1.200.") it does not, and the last one ends the sentence.
    word.contains('.') && word.contains(char::is_alphabetic) || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push_trimmed(out: &mut Vec<Range<usize>>, masked: &str, s: usize, e: usize, base: usize) {
    let slice = &masked[s..e];
    let t = slice.trim();
    if t.is_empty() {
        return;
    }
    let lead = slice.len() - slice.trim_start().len();
    out.push(base + s + lead..base + s + lead + t.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(p: &str) -> Vec<&str> {
        sentences(p, p, 0, &|_| false).into_iter().map(|r| &p[r]).collect()
    }

    #[test]
    fn a_short_tail_after_a_question_in_marks_is_its_attribution() {
        let masked = |o: &str| crate::text::mask(o, 0, &crate::text::pair_quotes(o, 0));
        let o = "\"Why?\" Ramon Co told Reuters. The port reopened on Monday.";
        let got: Vec<&str> = sentences(&masked(o), o, 0, &|_| false).into_iter().map(|r| &o[r]).collect();
        assert_eq!(got, vec!["\"Why?\" Ramon Co told Reuters.", "The port reopened on Monday."]);
        let o = "\"Why?\" The port that had been closed since June reopened on Monday.";
        assert_eq!(sentences(&masked(o), o, 0, &|w| w == "said").len(), 2, "a long sentence after it is its own");
    }

    #[test]
    fn splits_on_period_before_capital() {
        assert_eq!(split("Satu dua. Tiga empat."), vec!["Satu dua.", "Tiga empat."]);
    }

    #[test]
    fn keeps_initials_and_titles() {
        assert_eq!(
            split("Brig. Gen. M. Iqbal said so. Then he left."),
            vec!["Brig. Gen. M. Iqbal said so.", "Then he left."]
        );
    }

    #[test]
    fn keeps_abbreviated_months_and_company_forms() {
        assert_eq!(
            split("Sales fell in the six weeks to Dec. 3, Arden Pte. Ltd. said. Then it rained."),
            vec!["Sales fell in the six weeks to Dec. 3, Arden Pte. Ltd. said.", "Then it rained."]
        );
    }

    #[test]
    fn glued_stop_ends_a_sentence() {
        assert_eq!(
            split("Ia menolak rencana itu.Warga lalu pulang."),
            vec!["Ia menolak rencana itu.", "Warga lalu pulang."]
        );
        assert_eq!(split("Dikutip dari Kompas.com Senin."), vec!["Dikutip dari Kompas.com Senin."]);
    }

    #[test]
    fn number_with_a_dot_ends_a_sentence() {
        assert_eq!(split("Ia tiba pukul 13.00. Ia lalu pergi."), vec!["Ia tiba pukul 13.00.", "Ia lalu pergi."]);
        assert_eq!(split("Wakil Dr. Budi datang."), vec!["Wakil Dr. Budi datang."]);
        assert_eq!(split("Bupati Rr. Sri Lestari datang."), vec!["Bupati Rr. Sri Lestari datang."]);
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        assert_eq!(split("Harga naik 1.5 persen. kata dia."), vec!["Harga naik 1.5 persen. kata dia."]);
    }

    #[test]
    fn datelines_open_no_sentence() {
        assert_eq!(split("JAKARTA, KOMPAS.com - Harga naik. Lalu turun."), vec!["Harga naik.", "Lalu turun."]);
        assert_eq!(split("KUALA LUMPUR: Harga naik."), vec!["Harga naik."]);
        assert_eq!(split("KPK: Harga naik."), vec!["KPK: Harga naik."]);
        assert_eq!(
            split("MANILA (Reuters) - Thousands fled, officials said."),
            vec!["Thousands fled, officials said."]
        );
        assert_eq!(split("YANGON — Pelatih itu puas."), vec!["Pelatih itu puas."]);
        assert_eq!(
            split("OSLO, March 19 (Reuters) - The bank kept rates on hold but said it could cut."),
            vec!["The bank kept rates on hold but said it could cut."]
        );
        assert_eq!(split("BORNEOTREND.COM- Kemlu mengungkap kondisi."), vec!["Kemlu mengungkap kondisi."]);
        // A dash later in a sentence is not a dateline.
        assert_eq!(
            split("Harga beras di Jakarta - kata dia - naik."),
            vec!["Harga beras di Jakarta - kata dia - naik."]
        );
    }

    #[test]
    fn paragraphs_skip_blank_lines() {
        let p = paragraphs("a\n\n  b c  \r\nd");
        let text = "a\n\n  b c  \r\nd";
        let got: Vec<&str> = p.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(got, vec!["a", "b c", "d"]);
    }
}
