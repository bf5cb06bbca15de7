//! Who is who inside one document: each explicit mention joins the person whose name shares a
//! token with it, so "Lavrov" after "Sergei Lavrov" (or before it) is one person, and the
//! longest form seen becomes the canonical name.

use std::collections::{BTreeSet, HashMap};

use crate::lang::Lang;
use crate::rules::Compiled;
use crate::rules::compile::{Fnv, Lexicon};

/// Lowercase, accents off: "Díaz-Canel" and "Diaz-Canel" are one token.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            '‑' | '–' => '-',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

fn tokens(name: &str) -> Vec<String> {
    fold(name).split([' ', '-']).filter(|t| t.len() > 1).map(str::to_string).collect()
}

#[derive(Clone, Debug, Default)]
pub struct Person {
    pub names: Vec<String>,
    pub titles: Vec<String>,
    /// `tokens` and `fold` of each of `names`, kept because every new mention is compared with
    /// them all.
    tokens: Vec<Vec<String>>,
    folded: Vec<String>,
    /// [`Person::canonical`] as the index of the longest name and where it is cut (`None`:
    /// nowhere), kept up to date as names are added: every quote asks for it, and a person may
    /// gather many names.
    canonical: (usize, Option<usize>),
}

impl Person {
    /// `keep`: what a shorter form does not cut off ("I Wayan", "Teuku", a body's name).
    pub fn add_name(&mut self, name: &str, keep: Keep) {
        if !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_string());
            self.tokens.push(tokens(name));
            self.folded.push(fold(name));
            let key = |n: &str| (n.split_whitespace().count(), n.len());
            let (longest, cut) = self.canonical;
            if self.names.len() == 1 || key(name) >= key(&self.names[longest]) {
                self.canonical = self.find_canonical(keep);
            } else if !self.names[longest].starts_with(char::is_lowercase) {
                // A shorter form can only cut the longest earlier: at a word it shares.
                let new = &self.tokens[self.names.len() - 1];
                let shares = |word: &str| tokens(word).iter().any(|t| new.contains(t));
                if let Some(at) = cut_at(&self.names[longest], cut, shares, keep, !self.titles.is_empty()) {
                    self.canonical.1 = Some(at);
                }
            }
        }
    }

    /// The longest form, trimmed on the left to where a shorter form's given name begins:
    /// title words the splitter did not know drop off ("Asia Pasifik Rina Wulandari" once
    /// "Rina" is seen). A shared surname trims nothing ("Sri Mulyani Indrawati", "Indrawati").
    pub fn canonical(&self) -> &str {
        let (i, cut) = self.canonical;
        self.names.get(i).map_or("", |n| &n[cut.unwrap_or(0)..])
    }

    fn find_canonical(&self, keep: Keep) -> (usize, Option<usize>) {
        let Some((i, longest)) =
            self.names.iter().enumerate().max_by_key(|(_, n)| (n.split_whitespace().count(), n.len()))
        else {
            return (0, None);
        };
        if longest.starts_with(char::is_lowercase) {
            return (i, None);
        }
        let others: Vec<&String> =
            self.names.iter().zip(&self.tokens).filter(|(n, _)| *n != longest).flat_map(|(_, t)| t).collect();
        let shares = |word: &str| tokens(word).iter().any(|t| others.contains(&t));
        (i, cut_at(longest, None, shares, keep, !self.titles.is_empty()))
    }
}

/// What a shorter form of a name does not cut off the longest (see [`cut_at`]).
#[derive(Clone, Copy, Default)]
pub struct Keep<'r> {
    /// Given names that open a person's own name and are no title: "I Wayan", "Teuku", "Daniel".
    given: [Lexicon<'r>; 2],
    /// Words that open a body's name ("Badan", "Serikat", "PT"): the words after them are the
    /// body's, not a person's name after unknown title words.
    bodies: [Lexicon<'r>; 3],
    /// Regional titles, whose acronyms open a regional body's name ("BPBD Karangsari Raya").
    regional: Lexicon<'r>,
}

impl<'r> Keep<'r> {
    pub fn of(rules: &'r Compiled) -> Keep<'r> {
        let id = |name| rules.lexicon(Lang::Id, name);
        Keep {
            given: [id("given-names"), rules.lexicon(Lang::En, "given-names")],
            bodies: [id("institutions"), id("organisation-heads"), id("organisation-marks")],
            regional: id("regional-titles"),
        }
    }

    /// Whether a shorter form sharing word `at` leaves the name whole: a body's name named
    /// without its opening word ("Lintang" of "PT Lintang Samudra Jaya"), or deeper in when no
    /// title came with it (with one, "Chief Economist | PT Arta Sekuritas Kirana Wijayakusuma", the
    /// company's words are title words the splitter did not know); or a name whose words from
    /// `at` hold a joiner or a particle ("… Mineral dan Batubara", "Rosmaida br Sitorus"), as a
    /// person's own name does not.
    fn whole(&self, words: &[&str], at: usize, titled: bool) -> bool {
        const JOINERS: [&str; 14] =
            ["and", "of", "for", "dan", "&", "br", "boru", "bin", "binti", "van", "von", "de", "del", "da"];
        let first = words.first().copied().unwrap_or("");
        let body = Lexicon::any(&self.bodies, first, "")
            || first.len() > 2 && first.bytes().all(|b| b.is_ascii_uppercase()) && self.regional.has(first);
        body && (at == 1 || !titled) || words[at..].iter().any(|w| JOINERS.contains(w))
    }
}

/// The byte offset of the first word of `name` (not its last) that `shares` a token, if it
/// comes before `before`; 0 (the whole name) when the words before it are all given names
/// ("I Wayan Suarta" stays whole when "Suarta" is seen), when it is a Hong Kong surname before
/// a hyphenated given name ("Ivy Chan Siu-ling": "Ivy" is an English given name), and for a
/// body or a name with a particle (see [`Keep::whole`]).
fn cut_at(name: &str, before: Option<usize>, shares: impl Fn(&str) -> bool, keep: Keep, titled: bool) -> Option<usize> {
    let words: Vec<&str> = name.split(' ').collect();
    let hyphenated = |w: &str| w.split_once('-').is_some_and(|(_, b)| b.starts_with(char::is_lowercase));
    let mut offset = 0;
    for (w, word) in words.iter().enumerate() {
        if before.is_some_and(|b| offset >= b) {
            return None;
        }
        if w + 1 < words.len() && shares(word) {
            let given = words[..w].iter().all(|x| Lexicon::any(&keep.given, x, ""));
            let hong_kong = w + 2 == words.len() && hyphenated(words[w + 1]);
            return Some(if given || hong_kong || keep.whole(&words, w, titled) { 0 } else { offset });
        }
        offset += word.len() + 1;
    }
    None
}

#[derive(Default)]
pub struct People<'r> {
    pub people: Vec<Person>,
    /// Who has a name with this token, and who has a name that folds to this: linking a mention
    /// reads only them, however many people the document names (a file of many articles read as
    /// one document may name thousands). FNV-hashed: a document draws no random keys.
    by_token: HashMap<String, BTreeSet<usize>, Fnv>,
    by_folded: HashMap<String, BTreeSet<usize>, Fnv>,
    /// What no shorter form cuts off (see [`Person::add_name`]).
    pub keep: Keep<'r>,
}

impl<'r> People<'r> {
    pub fn new(keep: Keep<'r>) -> People<'r> {
        People { keep, ..People::default() }
    }

    /// The person `name` refers to, created if new. Descriptions ("sumber resmi") link only to
    /// the same description.
    pub fn link(&mut self, name: &str, title: Option<&str>) -> usize {
        let toks = tokens(name);
        let folded = fold(name);
        // "the council", "The ministry": a body named earlier by its head noun ("Harbridge District
        // Council"), the latest one that has it.
        if let Some(("the" | "The", rest)) = name.split_once(' ')
            && !rest.contains(' ')
            && rest.starts_with(char::is_lowercase)
        {
            let head = fold(rest);
            let named = |p: &Person| {
                p.names.iter().zip(&p.tokens).any(|(n, t)| n.starts_with(char::is_uppercase) && t.last() == Some(&head))
            };
            if let Some(i) = self.people.iter().rposition(named) {
                self.people[i].add_name(name, self.keep);
                return i;
            }
        }
        let descriptive = name.chars().next().is_some_and(char::is_lowercase);
        // Only people sharing a token or the folded name can match (below).
        let mut candidates: Vec<usize> = toks.iter().filter_map(|t| self.by_token.get(t)).flatten().copied().collect();
        candidates.extend(self.by_folded.get(&folded).into_iter().flatten());
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates.into_iter().rev().find(|&i| {
            let p = &self.people[i];
            p.names.iter().zip(&p.tokens).zip(&p.folded).any(|((n, other), n_folded)| {
                if descriptive || n.chars().next().is_some_and(char::is_lowercase) {
                    return *n_folded == folded;
                }
                // One word links to any name that has it ("Lavrov", "Budi"); two longer names are
                // one person only when one holds all the other's words: "Joko Widodo" and
                // "Budi Widodo" are two people.
                let (short, long) = if toks.len() <= other.len() { (&toks, other) } else { (other, &toks) };
                !short.is_empty() && short.iter().all(|t| long.contains(t))
            })
        });
        let i = found.unwrap_or_else(|| {
            self.people.push(Person::default());
            self.people.len() - 1
        });
        let p = &mut self.people[i];
        p.add_name(name, self.keep);
        for t in toks {
            self.by_token.entry(t).or_default().insert(i);
        }
        self.by_folded.entry(folded).or_default().insert(i);
        if let Some(t) = title.filter(|t| !t.is_empty())
            && !p.titles.iter().any(|x| x == t)
        {
            p.titles.push(t.to_string());
        }
        i
    }

    /// The person already known by the one-word name `name` ("Bonar" after "Bonar Sitompul"), the
    /// latest one; nobody is created.
    pub fn known(&self, name: &str) -> Option<usize> {
        let [token] = &tokens(name)[..] else { return None };
        let named = |i: &usize| self.people[*i].names.iter().any(|n| n.starts_with(char::is_uppercase));
        self.by_token.get(token)?.iter().copied().filter(named).max()
    }

    /// The person a role refers to ("Menteri tersebut" → the person titled "Menteri Luar Negeri
    /// Venezuela"): the most recent *speaker* with that title word, else the most recent
    /// person introduced with it. `spoken` lists speakers in order.
    ///
    /// Capitalised words after the head ("politikus Partai Merah itu") must be in that
    /// title too: they name whose the role is, and another party's politician is someone else.
    pub fn by_role(&self, role: &str, spoken: &[usize]) -> Option<usize> {
        let mut words = role.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("the"));
        let head = fold(words.next()?);
        let qualifiers: Vec<String> = words.filter(|w| w.starts_with(char::is_uppercase)).map(fold).collect();
        let has = |i: usize| {
            // "Kapolda" is in "Kepala Kepolisian Daerah (Kapolda) Sulawesi Barat".
            self.people[i].titles.iter().any(|t| {
                let folded = fold(t);
                let title: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
                title.contains(&head.as_str()) && qualifiers.iter().all(|q| title.contains(&q.as_str()))
            })
        };
        spoken.iter().rev().copied().find(|&i| has(i)).or_else(|| (0..self.people.len()).rev().find(|&i| has(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surname_links_to_full_name() {
        let mut p = People::default();
        let a = p.link("Sergei Lavrov", Some("Menteri Luar Negeri Rusia"));
        let b = p.link("Lavrov", None);
        assert_eq!(a, b);
        assert_eq!(p.people[a].canonical(), "Sergei Lavrov");
    }

    #[test]
    fn a_role_that_names_a_party_needs_it_in_the_title() {
        let mut p = People::default();
        let a = p.link("Ruslan Tandiabang", Some("Politikus Partai Merah"));
        let b = p.link("Sinta Dewi", Some("Ketua Komisi V"));
        assert_eq!(p.by_role("politikus Partai Merah itu", &[a, b]), Some(a));
        assert_eq!(p.by_role("politikus itu", &[a, b]), Some(a));
        assert_eq!(p.by_role("politikus Partai Biru itu", &[a, b]), None);
    }

    #[test]
    fn a_definite_head_noun_links_to_the_body_named_earlier() {
        let mut p = People::default();
        let council = p.link("Harbridge District Council", None);
        p.link("Owen Price", Some("Local councillor"));
        assert_eq!(p.link("The council", None), council);
        assert_eq!(p.link("the council", None), council);
        assert_eq!(p.people[council].canonical(), "Harbridge District Council");
        assert_ne!(p.link("the ministry", None), council);
    }

    #[test]
    fn canonical_drops_unknown_title_words() {
        let mut p = People::default();
        let a = p.link("Asia Pasifik Rina Wulandari", None);
        p.link("Rina", None);
        assert_eq!(p.people[a].canonical(), "Rina Wulandari");
    }

    #[test]
    fn given_names_stay_when_the_rest_of_the_name_is_used() {
        let rules = crate::rules::build(true, &[]).unwrap_or_else(|_| panic!("built-in rules load"));
        let mut p = People::new(Keep::of(&rules));
        let a = p.link("I Wayan Suarta Dana", None);
        assert_eq!(p.link("Suarta", None), a);
        assert_eq!(p.people[a].canonical(), "I Wayan Suarta Dana");
        // Title words the splitter did not know still drop off.
        let b = p.link("Asia Pasifik Rina Wulandari", None);
        p.link("Rina", None);
        assert_eq!(p.people[b].canonical(), "Rina Wulandari");
        // An English given name, before a Chinese name or a Hong Kong one.
        for (name, later) in [("Ethan Goh Kah Seng", "Goh"), ("Fiona Wu Ka-yan", "Wu")] {
            let c = p.link(name, None);
            p.link(later, None);
            assert_eq!(p.people[c].canonical(), name);
        }
    }

    #[test]
    fn a_body_keeps_its_whole_name() {
        let rules = crate::rules::build(true, &[]).unwrap_or_else(|_| panic!("built-in rules load"));
        let mut p = People::new(Keep::of(&rules));
        for (name, later) in [
            ("PT Lintang Samudra Jaya", "Lintang Samudra"),
            ("Serikat Nelayan Teluk Biru", "Teluk Biru"),
            ("National Union of Harbour Pilots", "the Union of Harbour Pilots"),
        ] {
            let c = p.link(name, None);
            p.link(later, None);
            assert_eq!(p.people[c].canonical(), name);
        }
        // With a person's title, a company's words before the name are title words.
        let e = p.link("PT Arta Sekuritas Rosalina Tambunan", Some("Kepala Riset"));
        p.link("Rosalina", None);
        assert_eq!(p.people[e].canonical(), "Rosalina Tambunan");
        // A joiner before the later mention is no body's: "Haji dan Umrah" was a title.
        let d = p.link("Haji dan Umrah Lestari Wening", None);
        p.link("Lestari", None);
        assert_eq!(p.people[d].canonical(), "Lestari Wening");
    }

    #[test]
    fn accents_do_not_split_and_roles_resolve() {
        let mut p = People::default();
        let a = p.link("Miguel Díaz-Canel", Some("Presiden Kuba"));
        assert_eq!(p.link("Diaz-Canel", None), a);
        assert_eq!(p.by_role("Presiden", &[]), Some(a));
        assert_ne!(p.link("Vladimir Putin", None), a);
    }

    #[test]
    fn a_shared_surname_does_not_make_one_person() {
        let mut p = People::default();
        let joko = p.link("Joko Widodo", Some("Presiden"));
        let budi = p.link("Budi Widodo", Some("Kepala Desa"));
        assert_ne!(joko, budi);
        assert_eq!(p.link("Budi", None), budi);
    }
}
