/// Decides which paragraphs are article body. Menus, tickers, headlines, captions, "Baca Juga"
/// links and share prompts are not: no rule ever sees them.
///
/// Two signals: line prefixes from the rule files (`[boilerplate] prefixes`), and the shape of
/// the line: body paragraphs end like sentences, have several words and are not mostly digits.
#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    pub prefixes: Vec<String>,
}

impl Boilerplate {
    pub fn is_body(&self, para: &str) -> bool {
        let lower_prefix: String = para.chars().take(40).collect::<String>().to_lowercase();
        // A prefix is a whole word or phrase: "follow" catches "Follow us", not "Following the arrests".
        let starts = |p: &str| {
            lower_prefix.starts_with(p)
                && (!p.ends_with(char::is_alphanumeric) || !lower_prefix[p.len()..].starts_with(char::is_alphanumeric))
        };
        if self.prefixes.iter().any(|p| starts(p)) {
            return false;
        }
        let words = para.split_whitespace().count();
        let has_mark = para.contains(['"', '“', '”', '„', '«']);
        if words < 4 && !has_mark {
            return false;
        }
        let ends_like_sentence = para.trim_end().ends_with(['.', '!', '?', '"', '”', '’', '»', ')', '…', ':', ',']);
        if !ends_like_sentence && words < 25 {
            return false;
        }
        let digits = para.bytes().filter(u8::is_ascii_digit).count();
        let letters = para.chars().filter(|c| c.is_alphabetic()).count();
        digits * 2 < letters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp() -> Boilerplate {
        Boilerplate { prefixes: vec!["baca juga".into()] }
    }

    #[test]
    fn menus_tickers_and_headlines_are_not_body() {
        let b = bp();
        assert!(!b.is_body("Menu"));
        assert!(!b.is_body("• LQ45926,77   5,31   0.58%"));
        assert!(!b.is_body("Baca Juga: Drone bawah laut dan udara jadi fitur kapal perang Rusia"));
        assert!(!b.is_body("Imbangi Tekanan AS dan NATO di Eropa Timur, Rusia Makin Mesra dengan Kuba"));
        assert!(b.is_body("Lavrov menambahkan, Rusia akan terus melanjutkan negosiasi."));
        let follow = Boilerplate { prefixes: vec!["follow".into()] };
        assert!(!follow.is_body("Follow kami di Google News untuk berita terbaru hari ini."));
        assert!(follow.is_body("Following the arrests, police raised the alert level, Anton said."));
    }
}
