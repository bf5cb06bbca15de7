//! What a speaker mention is: a pronoun, a role alone ("Menlu", "Menteri tersebut", "the
//! minister"), or a name with its title split off ("Menteri Luar Negeri Rusia | Sergei Lavrov").

use std::borrow::Cow;
use std::ops::Range;

use crate::lang::Lang;
use crate::rules::Compiled;
use crate::rules::compile::Lexicon;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mention {
    Pronoun,
    /// A role with no name: resolved to the person first introduced with that role.
    Role {
        title: String,
    },
    Name {
        name: String,
        title: Option<String>,
    },
}

/// Title words: the rule files' `titles`, which templates use to find roles, and `title-parts`,
/// the institution and rank words inside a title ("Kepala Badan **Pangan Nasional** Arief …")
/// that only the name splitter needs; kept out of the templates, they cost no automaton size.
#[derive(Clone, Copy)]
struct TitleWords<'a>(Lexicon<'a>, Lexicon<'a>);

impl TitleWords<'_> {
    fn of(rules: &Compiled, lang: Lang) -> TitleWords<'_> {
        TitleWords(rules.lexicon(lang, "titles"), rules.lexicon(lang, "title-parts"))
    }

    fn has(self, word: &str) -> bool {
        Lexicon::any(&[self.0, self.1], word, "")
    }

    fn has_abbreviation(self, word: &str) -> bool {
        Lexicon::any(&[self.0, self.1], word, ".")
    }

    /// A title word or a speaker head noun ("Warga", "pedagang", "kepolisian"): what a title or
    /// description before a name is made of.
    fn has_or_head(self, heads: Lexicon<'_>, word: &str) -> bool {
        Lexicon::any(&[self.0, self.1, heads], word, "")
    }

    /// Whether `text` opens with a title word or a head noun, which may be two words ("Salah
    /// satu pedagang") or carry an owner's -nya ("Sekretarisnya, Rina Halim").
    fn opens(self, heads: Lexicon<'_>, text: &str) -> bool {
        let mut words = text.split(' ').map(|w| w.trim_end_matches(','));
        let first = words.next().unwrap_or("");
        self.has_or_head(heads, first)
            || first.strip_suffix("nya").is_some_and(|w| self.has_or_head(heads, w))
            || words.next().is_some_and(|second| heads.has(&format!("{first} {second}")))
    }

    /// Whether `text` opens with a title or head noun, perhaps after an article or "one" and one
    /// modifier: "A spokesman for the firm", "One resident", "A former manager at the plant".
    fn describes(self, heads: Lexicon<'_>, text: &str) -> bool {
        self.opens(heads, text)
            || match text.split_once(' ') {
                Some((article, rest)) if ["a", "an", "the", "one"].iter().any(|a| article.eq_ignore_ascii_case(a)) => {
                    self.opens(heads, rest) || rest.split_once(' ').is_some_and(|(_, r)| self.opens(heads, r))
                }
                _ => false,
            }
    }
}

/// Words that end a speaker mention: what follows them is circumstance, not the speaker
/// ("sumber resmi di Jakarta", "police spokesman X at a press conference").
pub fn trim_mention(rules: &Compiled, lang: Lang, text: &str, in_phrase: bool) -> Range<usize> {
    // "Thursday, President Joko Widodo": a date opening the mention is circumstance; so is the
    // end of a phrase before the subject ("In the town | of Ende, John Carter", "At a shelter in
    // | Atambua, Yosefina Bere"), which the mention opens with `in_phrase`.
    let stop = rules.lexicon(lang, "speaker-stop");
    let masked = mask_list_commas(rules, lang, text);
    let text = &*masked;
    let start = match text.split_once(", ") {
        Some((first, _))
            if rules.has(lang, "days", first)
                || in_phrase
                || first.split(' ').next().is_some_and(|w| w == "of" || w == "for") =>
        {
            first.len() + 2
        }
        _ => 0,
    };
    let text = &text[start..];
    // "Seorang pedagang di Pasar Kramat, Joko Susilo (52)", "Indonesia's tourism
    // minister, Tomi Wirawan": a name after the comma is who the description (opening or
    // ending with a title) describes, so its circumstance words do not end the mention.
    let (titles, heads) = (TitleWords::of(rules, lang), rules.lexicon(lang, "speaker-heads"));
    let appositive = text.rsplit_once(", ").is_some_and(|(description, name)| {
        (titles.describes(heads, description)
            || description.rsplit(' ').next().is_some_and(|w| titles.has_or_head(heads, w)))
            && name.starts_with(char::is_uppercase)
            && !name.split(' ').any(|t| stop.has(t.trim_end_matches(',')))
            && !says_where(rules, lang, name)
    });
    // "An engineer at a cement plant in the Tuban estate", "Seorang petugas di pelabuhan":
    // an indefinite description is who it describes, phrases and all, up to a relative clause
    // ("yang enggan disebut namanya"); so is one that a demonstrative closes ("pedagang sayur di
    // Pasar Baru itu"), and a bare head noun with where it works ("Economists at Dunmore
    // Capital", "Officials from the ministry", "Sumber dari tim SAR").
    let mut words = text.split(' ');
    let grouped = words.next().is_some_and(|w| heads.has(w))
        && words.next().is_some_and(|w| match lang {
            Lang::En => matches!(w, "at" | "from" | "with" | "of"),
            _ => matches!(w, "dari" | "di"),
        });
    let indefinite = indefinite_opening(text)
        || grouped
        || text.rsplit(' ').next().is_some_and(|w| rules.has(lang, "demonstratives", w))
            && !text.split(' ').any(|w| w == "yang");
    let bodies = rules.lexicon(lang, "bodies");
    let mut end = text.len();
    let mut pos = 0;
    let mut prev = "";
    for (i, tok) in text.split(' ').enumerate() {
        // "People familiar with the matter": the phrase describes who speaks; "Co-founder and
        // CEO X": "and" joins two titles; "Trade and Industry Minister X", "the Fisheries
        // and Ports Management Council": capitals joined by "and" that run on to a title or
        // a body's head noun are one title or one name.
        // So are capitals joined by "and" after a body's head noun: "Federation of Bakers and
        // Confectioners", or in a title's portfolio: "Minister for Fisheries and Marine Resources".
        let joined = || {
            let capital_or_of = |w: &&str| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "for");
            let before: Vec<&str> = text[..pos].split(' ').rev().skip(1).take_while(capital_or_of).collect();
            let portfolio = before
                .iter()
                .position(|w| matches!(*w, "of" | "for"))
                .is_some_and(|at| before[at + 1..].iter().any(|w| titles.has(w)));
            prev.starts_with(char::is_uppercase)
                && (text[pos + tok.len()..]
                    .split(' ')
                    .skip(1)
                    .take_while(|w| w.starts_with(char::is_uppercase))
                    .any(|w| titles.has(w) || bodies.has(w))
                    || portfolio
                    || before.iter().any(|w| bodies.has(w)))
        };
        // "Tom and Greta Lind": a first name, "and", and a full name ending the mention are a
        // couple or siblings who speak together.
        let couple = || {
            let rest: Vec<&str> = text[pos + tok.len()..].split_whitespace().collect();
            prev.starts_with(char::is_uppercase)
                && !titles.has(prev)
                && rest.len() == 2
                && rest.iter().all(|w| w.starts_with(char::is_uppercase) && !titles.has(w) && !bodies.has(w))
        };
        let described = matches!(prev, "familiar" | "involved" | "close" | "briefed")
            || matches!(tok, "and" | "dan") && (titles.has(prev) || joined() || couple());
        // "A councillor who voted against", "some tenants who signed the petition": in
        // English a relative clause right after a description's head noun ("council member"
        // is one) says which, to the mention's end (en/which-clause kept it short); after a name
        // it is circumstance, and "who spoke to the BBC" names the channel.
        if lang == Lang::En && tok == "who" {
            let mut clause = text[pos + tok.len()..].split(' ').skip(1);
            let channel = match (clause.next(), clause.next()) {
                (Some("told"), _) => true,
                (Some("spoke" | "talked"), to) => matches!(to, None | Some("to")),
                _ => false,
            };
            let before = text[..pos].trim_end();
            // The last two words, for a two-word head ("Council members who …").
            let pair = before.rfind(' ').map(|i| &before[before[..i].rfind(' ').map_or(0, |j| j + 1)..]);
            let head = heads.has(prev) || rules.has(lang, "person-roles", prev) || pair.is_some_and(|p| heads.has(p));
            if head && !channel {
                break;
            }
        }
        let relative = matches!(tok, "who" | "which" | "that") || indefinite && rules.has(lang, "relatives", tok);
        // "Provinsi Kepulauan Lintang Suparmi": capitalised mid-mention, a stop word ("seraya",
        // "while") is part of a name; a day is still the date.
        let stops = stop.has(tok) && (tok.starts_with(char::is_lowercase) || rules.has(lang, "days", tok));
        if i > 0 && (relative || !appositive && !indefinite && !described) && stops {
            end = pos.min(end);
            break;
        }
        pos += tok.len() + 1;
        prev = tok;
    }
    let head = &text[..end];
    let trimmed = head.trim_start();
    let lead = head.len() - trimmed.len();
    let kept = trimmed.trim_end().trim_end_matches([',', '.', ';', ':']).trim_end();
    start + lead..start + lead + kept.len()
}

/// "Peneliti Lembaga Kajian Hukum (LKH)|, Rina Marlina,| menilai": a name of two to
/// five capitalised words between commas right after a mention that opens with a title is who
/// the mention names, as is an acronym after an organisation's description ("The UN food
/// agency|, WFP,|"); the rule's gap had taken it.
pub fn widen_to_apposition(rules: &Compiled, lang: Lang, text: &str, span: Range<usize>) -> Range<usize> {
    // "the agency's deputy director| for operations|, Mr Lim Wei Jie": a short phrase may finish
    // the role before the comma.
    let rest = &text[span.end..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let phrase = match line.split_once(", ") {
        Some((p, _)) if [" for ", " of ", " at ", " in "].iter().any(|s| p.starts_with(s)) => p,
        _ => "",
    };
    if phrase.split(' ').count() > 4 || phrase.contains(['.', ';', ':']) {
        return span;
    }
    let role_end = span.end + phrase.len();
    let Some(after) = line[phrase.len()..].strip_prefix(", ") else { return span };
    // The name runs to the next comma, or ends the sentence ("…,” said the agency's deputy
    // director, Mr Lim Wei Jie.").
    let end = match after.find(',') {
        Some(end) => end,
        None => {
            let end = after.find(['.', '!', '?']).unwrap_or(after.len());
            if !after[end..].trim_start_matches(['.', '!', '?']).is_empty() && !after[end..].starts_with(". ") {
                return span;
            }
            end
        }
    };
    // "Brenwick's lawyer, Mirela Dunst of the Northside Legal Centre,": where the person
    // works may follow the name, inside the commas.
    let name = &after[..end];
    let name = [" of ", " at ", " from "].iter().filter_map(|p| name.find(p)).min().map_or(name, |at| &name[..at]);
    let (titles, heads, places) =
        (TitleWords::of(rules, lang), rules.lexicon(lang, "speaker-heads"), rules.lexicon(lang, "places"));
    let words: Vec<&str> = name.split(' ').filter(|w| !(w.starts_with('(') && w.ends_with(')'))).collect();
    // An honorific may open the name ("Mr Lim Wei Jie").
    let honorific = words.first().is_some_and(|w| titles.has_abbreviation(w) || titles.has(w));
    let words = &words[usize::from(honorific)..];
    let named = (2..=5).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !words.iter().any(|w| titles.has_or_head(heads, w) || places.has(w) || rules.has(lang, "days", w));
    // "the agency's deputy director", "the port authority's director": an owner's possessive may
    // open the mention.
    let mention = &text[span.start..role_end];
    let role = match mention.find("'s ").or_else(|| mention.find("’s ")) {
        Some(at) if mention[..at].split(' ').count() <= 4 => mention[at..].split_once(' ').map_or(mention, |(_, r)| r),
        _ => mention,
    };
    // "The UN food agency|, WFP,| said": an organisation's description, then its acronym.
    let body = words.len() == 1
        && acronym(words[0])
        && role.rsplit(' ').next().is_some_and(|w| w.starts_with(char::is_lowercase) && heads.has(w));
    if named && titles.describes(heads, role) || body { span.start..role_end + 2 + name.len() } else { span }
}

/// "Harbour manager| Ross Kemp| insisted …": a mention that ends in a title or head noun,
/// followed straight by a name of two or more capitalised words (or one, after a body's head),
/// is that person's or body's description (the rule's speaker slot stopped at the head); the
/// name joins the mention.
pub fn widen_to_name(rules: &Compiled, lang: Lang, text: &str, span: Range<usize>) -> Range<usize> {
    let (titles, heads, places) =
        (TitleWords::of(rules, lang), rules.lexicon(lang, "speaker-heads"), rules.lexicon(lang, "places"));
    let last = text[span.clone()].rsplit(' ').next().unwrap_or("");
    let Some(rest) = text[span.end..].strip_prefix(' ') else { return span };
    if !last.starts_with(char::is_lowercase) || !titles.has_or_head(heads, last) {
        return span;
    }
    let (mut end, mut words) = (span.end, 0);
    for w in rest.split(' ') {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let name = bare.starts_with(char::is_uppercase)
            && !titles.has(bare)
            && !places.has(bare)
            && !rules.has(lang, "days", bare)
            && !rules.has(lang, "months", bare);
        if !name {
            break;
        }
        words += 1;
        end += 1 + bare.len();
        if bare.len() < w.len() {
            break;
        }
    }
    // One word is a name after a body's head ("state weather bureau Pagasa", "news agency
    // Bernama"); after a person's title it may be a place or a word of the claim.
    let body = heads.has(last) && !titles.has(last);
    if words >= 2 || words == 1 && body { span.start..end } else { span }
}

/// "Juru bicara | Kementerian Luar Negeri Dimas Hakim": title words that a rule's speaker slot
/// left just before it (a description has a word limit) belong to the mention. `floor` is where
/// the sentence starts.
pub fn widen_to_titles(rules: &Compiled, lang: Lang, text: &str, span: Range<usize>, floor: usize) -> Range<usize> {
    let (titles, heads) = (TitleWords::of(rules, lang), rules.lexicon(lang, "speaker-heads"));
    let mut start = span.start;
    while let Some(before) = text[floor..start].strip_suffix(' ') {
        let word = &before[before.rfind(' ').map_or(0, |i| i + 1)..];
        // "Pengamat kepolisian | Bambang Rukminto": a head noun inside a title, too.
        if word.is_empty() || !titles.has_or_head(heads, word) {
            break;
        }
        start -= word.len() + 1;
    }
    start..span.end
}

/// "The Royal Institute of Chemists in | Scotland warned …": a speaker slot holding only the place
/// after "in", where a body's capitalised name opens the sentence, names that body's branch
/// there. `floor` is where the sentence starts.
pub fn widen_to_located_body(lang: Lang, text: &str, span: Range<usize>, floor: usize) -> Range<usize> {
    let capitalised = |w: &str| w.starts_with(char::is_uppercase);
    let Some(owner) = text[floor.min(span.start)..span.start].strip_suffix(" in ") else { return span };
    let body = owner.trim_start();
    let body = body.strip_prefix("The ").unwrap_or(body);
    let words: Vec<&str> = body.split(' ').collect();
    let located = lang == Lang::En
        && text[span.clone()].split(' ').all(capitalised)
        && words.len() >= 2
        && words.first().is_some_and(|w| capitalised(w))
        && words.last().is_some_and(|w| capitalised(w))
        && words.iter().all(|w| capitalised(w) || matches!(*w, "of" | "for" | "and"));
    if located { span.start - " in ".len() - body.len()..span.end } else { span }
}

/// "Ravi Menon, joint secretary (transport), Government of Kerala, said": a speaker slot holding
/// only the last of the descriptions in apposition after a name that opens the sentence: the
/// mention is that name. Each description between opens in lower case and is short. `floor` is
/// where the sentence starts.
pub fn widen_to_opening_name(
    rules: &Compiled,
    lang: Lang,
    text: &str,
    span: Range<usize>,
    floor: usize,
) -> Range<usize> {
    let Some(before) = text.get(floor.min(span.start)..span.start).and_then(|b| b.strip_suffix(", ")) else {
        return span;
    };
    let mut parts = before.split(", ");
    let name = parts.next().unwrap_or("");
    let words: Vec<&str> = name.split(' ').collect();
    let descriptions: Vec<&str> = parts.collect();
    // Not a phrase of place ("In Tabora, the regional capital, Mayor X said").
    let named = (2..=5).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !rules.has(lang, "sentence-prepositions", words[0])
        && matches!(classify(rules, lang, name), Mention::Name { title: None, .. });
    let described = !descriptions.is_empty()
        && descriptions.len() <= 3
        && descriptions.iter().all(|d| d.starts_with(char::is_lowercase) && d.split(' ').count() <= 6);
    // The slot names a body, not a titled person of its own ("Mayor X").
    let slot = &text[span.clone()];
    let person = match classify(rules, lang, slot) {
        Mention::Name { name, title: Some(_) } => name.starts_with(char::is_uppercase),
        _ => false,
    };
    let body = slot.starts_with(char::is_uppercase) && !person;
    let start = floor.min(span.start);
    if named && described && body { start..start + name.len() } else { span }
}

/// "Ajudan presiden tersebut", "the minister": a role that points back to someone already in
/// the story, by a demonstrative or the definite article.
pub fn points_back(rules: &Compiled, lang: Lang, mention: &str) -> bool {
    let mut words = mention.split_whitespace();
    let first = words.next().is_some_and(|w| w.eq_ignore_ascii_case("the") || w.eq_ignore_ascii_case("sang"));
    first || words.last().is_some_and(|w| rules.has(lang, "demonstratives", w))
}

/// "The bank's statement" → "The bank": the owner of a document named by its possessive.
fn document_owner<'m>(rules: &Compiled, lang: Lang, mention: &'m str) -> Option<&'m str> {
    let (owner, noun) = mention.rsplit_once(' ')?;
    let owner = owner.strip_suffix("'s").or_else(|| owner.strip_suffix("’s"))?;
    (rules.has(lang, "document-nouns", noun) && !owner.is_empty()).then_some(owner)
}

/// "The company", "the hospital trust", "perusahaan tersebut": a mention that points back to an
/// organisation by its kind. Returns the kind word: English puts it last, Indonesian first.
pub fn organisation_kind<'m>(rules: &Compiled, lang: Lang, mention: &'m str) -> Option<&'m str> {
    // "The council's report" speaks for the council.
    let mention = document_owner(rules, lang, mention).unwrap_or(mention);
    let words: Vec<&str> = mention.split_whitespace().collect();
    // "the Orlund Statistics Authority" is a name, not a mention pointing back; "the Belgian
    // chipmaker" is one, its kind in lower case.
    let described = words.last().is_some_and(|w| !w.starts_with(char::is_uppercase));
    // "their union" is the union named before, as "the union" is; but "his spokesman" is not
    // the man named before, so only kinds of organisation take an owner's determiner.
    let owned = words.first().is_some_and(|w| ["its", "their"].iter().any(|d| w.eq_ignore_ascii_case(d)));
    if words.len() > 4 || !described || !(owned || points_back(rules, lang, mention)) {
        return None;
    }
    let kinds = [rules.lexicon(lang, "bodies"), rules.lexicon(lang, "company-kinds")];
    [words.last(), words.first()].into_iter().flatten().copied().find(|w| Lexicon::any(&kinds, w, ""))
}

/// "The authorities", "Polisi": a speaker named by group nouns alone, which "he" or "ia" does
/// not point back to.
pub fn is_group(rules: &Compiled, lang: Lang, name: &str) -> bool {
    let mut words = name.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("the")).peekable();
    let heads = rules.lexicon(lang, "speaker-heads");
    // "Seorang petugas": one person, though "seorang" opens descriptions as a head word does.
    words.peek().is_some_and(|w| !indefinite_article(w)) && words.all(|w| heads.has(w))
}

/// Whether [`classify`] could find a title in `run`: only when one of its words is a title, a
/// place or a category word. Checked first because most runs of capitals have none.
pub fn may_have_title(rules: &Compiled, lang: Lang, run: &str) -> bool {
    let (titles, places, categories) =
        (TitleWords::of(rules, lang), rules.lexicon(lang, "places"), rules.lexicon(lang, "appositive-heads"));
    let known = |w: &str| titles.has(w) || places.has(w) || categories.has(w);
    run.split_whitespace().any(|t| {
        let (comma, bare) = (t.trim_end_matches(','), t.trim_end_matches([',', '.']));
        known(bare)
            || titles.has_abbreviation(bare)
            || bare.len() < t.len() && (known(t) || comma.len() < t.len() && known(comma))
    })
}

pub fn classify(rules: &Compiled, lang: Lang, text: &str) -> Mention {
    let masked = mask_list_commas(rules, lang, text);
    match classify_plain(rules, lang, &masked) {
        Mention::Name { name, title } => Mention::Name { name: unmask(name), title: title.map(unmask) },
        Mention::Role { title } => Mention::Role { title: unmask(title) },
        Mention::Pronoun => Mention::Pronoun,
    }
}

/// "petani di Lembah Sari, Jawa Tengah": what follows the comma after a description is a region,
/// not the name of the person described, when it ends in a known place word.
fn says_where(rules: &Compiled, lang: Lang, after: &str) -> bool {
    after.rsplit(' ').next().is_some_and(|w| rules.has(lang, "places", w))
}

/// Stands in for a comma inside a listed name, one byte like the comma so spans stay valid.
const LIST_COMMA: char = '\x1f';

/// "Dinas Perikanan, Kelautan, dan Pesisir", "Badan Riset, Inovasi, dan Teknologi": an
/// Indonesian body that lists its fields, with the final ", dan" that standard spelling puts
/// before the last, is one name; its commas are masked so that nothing splits the mention there
/// as it would an apposition ("Kapolres Merauke, AKBP X") or a date ("X, Senin").
fn mask_list_commas<'t>(rules: &Compiled, lang: Lang, text: &'t str) -> Cow<'t, str> {
    if lang == Lang::En {
        return mask_english_list(rules, text);
    }
    if !text.contains(", dan ") {
        return Cow::Borrowed(text);
    }
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    let mut masked = text.to_string();
    for (at, _) in text.match_indices(", dan ") {
        if !text[at + 6..].starts_with(char::is_uppercase) {
            continue;
        }
        // Walk back over the items between commas while each is capitalised words only; the
        // first item is the capitalised words that end the segment before the first comma.
        let mut commas = vec![at];
        let mut end = at;
        while let Some(comma) = text[..end].rfind(", ") {
            if !text[comma + 2..end].split(' ').all(capital) {
                break;
            }
            commas.push(comma);
            end = comma;
        }
        let first = text[..end].rsplit(' ').next().is_some_and(capital);
        if commas.len() >= 2 && first {
            for c in commas {
                masked.replace_range(c..c + 1, LIST_COMMA.encode_utf8(&mut [0; 1]));
            }
        }
    }
    Cow::Owned(masked)
}

/// "Department for Energy, Water and Mines", "Survey, Mapping and Geodesy Agency": an English
/// body that lists its fields with commas and a final "and" (no comma before it) is one name,
/// when a body's head noun ends it or opens its portfolio before "for" or "of". Its commas are
/// masked as in Indonesian.
fn mask_english_list<'t>(rules: &Compiled, text: &'t str) -> Cow<'t, str> {
    let Some(and) = text.rfind(" and ") else { return Cow::Borrowed(text) };
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    if !text[and + 5..].split(' ').all(capital) {
        return Cow::Borrowed(text);
    }
    let mut commas = Vec::new();
    let mut end = and;
    while let Some(comma) = text[..end].rfind(", ")
        && text[comma + 2..end].split(' ').all(capital)
    {
        commas.push(comma);
        end = comma;
    }
    let bodies = rules.lexicon(Lang::En, "bodies");
    let portfolio = [" for ", " of "].iter().find_map(|j| text[..end].rsplit_once(j)).is_some_and(|(body, first)| {
        first.split(' ').all(capital) && body.rsplit(' ').next().is_some_and(|w| bodies.has(w))
    });
    if commas.is_empty() || !(portfolio || text.rsplit(' ').next().is_some_and(|w| bodies.has(w))) {
        return Cow::Borrowed(text);
    }
    let mut masked = text.to_string();
    for c in commas {
        masked.replace_range(c..c + 1, LIST_COMMA.encode_utf8(&mut [0; 1]));
    }
    Cow::Owned(masked)
}

fn unmask(text: String) -> String {
    if text.contains(LIST_COMMA) { text.replace(LIST_COMMA, ",") } else { text }
}

fn classify_plain(rules: &Compiled, lang: Lang, text: &str) -> Mention {
    if rules.has(lang, "pronouns", text) {
        return Mention::Pronoun;
    }
    // "dr. Andi Pratama, Sp.PD", "Siti Rahayu, M.Si.": academic degrees follow the name.
    let degrees = rules.lexicon(lang, "degrees");
    let degree = |part: &str| {
        let bare = part.trim_end_matches('.');
        let first = bare.split('.').next().unwrap_or("");
        degrees.has(first) && (bare.contains('.') || first.len() >= 2)
    };
    let mut text = text;
    while let Some((name, last)) = text.rsplit_once(", ")
        && degree(last)
    {
        text = name;
    }
    let lex = |name| rules.lexicon(lang, name);
    let (titles, places, heads, categories) =
        (TitleWords::of(rules, lang), lex("places"), lex("speaker-heads"), lex("appositive-heads"));
    // "a statement from the Ministry of Trade", "data dari BPS": a document speaks for its author.
    let mut words = text.split(' ');
    let first = words.next().unwrap_or("");
    let (noun, prep) = match first {
        "a" | "A" | "an" | "An" | "the" | "The" => (words.next().unwrap_or(""), words.next().unwrap_or("")),
        _ => (first, words.next().unwrap_or("")),
    };
    if rules.has(lang, "document-nouns", noun) && matches!(prep, "from" | "by" | "of" | "dari" | "oleh") {
        let author = text.split_once(&format!(" {prep} ")).map_or("", |(_, a)| a);
        let body = author.trim_start_matches("the ");
        if author.starts_with(|c: char| c.is_uppercase() || c == 't') {
            return match classify(rules, lang, author) {
                Mention::Name { name, title } => Mention::Name { name, title },
                _ => Mention::Name { name: body.to_string(), title: None },
            };
        }
    }
    // "The bank's statement", "Germany's report": the document speaks for its owner.
    if let Some(owner) = document_owner(rules, lang, text) {
        return classify(rules, lang, owner);
    }
    // "(analyst) Leila Hasibuan of the Jakarta Urban Mobility Forum": a person of a body, named
    // before it; not "Secretary of State X", "Bank of England Governor X" or "Royal College of
    // Surgeons" (a body's head noun ends the words before "of").
    if let Some((person, body)) = text.split_once(" of ")
        && body.starts_with(|c: char| c.is_uppercase() || c == 't')
        && let Mention::Name { name, title } = classify(rules, lang, person)
    {
        let plain = |w: &str| {
            w.starts_with(char::is_uppercase) && !titles.has_or_head(heads, w) && !places.has(w) && !acronym(w)
        };
        if name.split(' ').count() >= 2
            && name.split(' ').all(plain)
            && !name.rsplit(' ').next().is_some_and(|w| lex("bodies").has(w))
        {
            let of = format!("of {body}");
            return Mention::Name { name, title: Some(title.map_or(of.clone(), |t| format!("{t} {of}"))) };
        }
    }
    // "Deputy chairman of the KPK, Alexander Marwata": a role, a comma, then the name.
    // "Warga Kebayoran Lama, Siti Aminah": a description, a comma, then the name.
    let has_title = |s: &str| {
        titles.opens(heads, s) || s.split_whitespace().any(|t| titles.has_or_head(heads, t.trim_end_matches(',')))
    };
    if let Some((role, name)) = text.rsplit_once(", ")
        && (name.starts_with(char::is_uppercase)
            || titles.has_abbreviation(name.split(' ').next().unwrap_or("").trim_end_matches('.')))
        && !role.is_empty()
        && has_title(role)
        && !says_where(rules, lang, name)
        && let Mention::Name { name, title } = classify(rules, lang, name)
    {
        let title = Some(title.map_or(role.to_string(), |t| format!("{role}, {t}")));
        return Mention::Name { name, title };
    }
    // "Tumpak, Thursday": what follows the comma is circumstance, not a second name; but
    // "Separately, Reuters reported …" and "At Waverley station, Ana Lim said …": a connective
    // or a place opening the sentence and its comma come before the name.
    if let Some((first, rest)) = text.split_once(", ") {
        let opening = first.split_once(' ').is_some_and(|(w, _)| rules.has(lang, "sentence-prepositions", w))
            && rest.starts_with(char::is_uppercase);
        let named = if rules.has(lang, "connectives", first) || opening { rest } else { first };
        return classify(rules, lang, named);
    }
    // Nicknames in quote marks ("Joko “Jokowi” Widodo") are not part of the canonical name,
    // unless a description goes by it ("akun berjuluk “Si Kancil”").
    const MARKS: [char; 5] = ['“', '"', '”', '‘', '’'];
    let (mut prev, mut nickname) = ("", false);
    let mut tokens: Vec<&str> = Vec::new();
    for t in text.split_whitespace() {
        let opens = t.starts_with(MARKS) || t.starts_with('\'');
        nickname |= opens && rules.has(lang, "known-as", prev);
        if nickname || !opens {
            tokens.push(t.trim_end_matches(',').trim_matches(MARKS));
        }
        nickname &= !t.trim_end_matches(',').ends_with(MARKS);
        prev = t;
    }
    if let Some(last) = tokens.last_mut() {
        *last = last.trim_end_matches('.');
    }
    // "But Anton", "Namun Lavrov", "Menurut Mujiono": a capitalised connective or citing word
    // opening the sentence is not a name.
    let openers = [rules.lexicon(lang, "connectives"), rules.lexicon(lang, "according")];
    while tokens.len() > 1 && Lexicon::any(&openers, tokens[0], "") {
        tokens.remove(0);
    }
    // "Wagiman (52 tahun)": an age written with its unit qualifies the name like "(52)".
    if let Some(i) = tokens.windows(2).position(|w| w[0].starts_with('(') && w[1] == "tahun)") {
        tokens.drain(i..i + 2);
    }
    // "Partai Demokrasi Indonesia Perjuangan (PDI-P) Megawati Soekarnoputri": a body's acronym in
    // brackets ends the body, and the name comes after it; the title keeps the acronym, by which
    // the office may be named later ("Kapolda menuturkan, …").
    let bracket = |t: &str| t.len() > 2 && t.starts_with('(') && t.ends_with(')');
    let acronym_at = tokens.iter().rposition(|t| bracket(t) && !t[1..t.len() - 1].bytes().all(|b| b.is_ascii_digit()));
    // "Dinas Kesehatan (Dinkes) Kabupaten Sukamaju": an administrative unit right after the
    // acronym opens the body's region, not a name; the splitter below reads the region.
    let unit = |t: &str| rules.has(lang, "admin-units", t);
    let plain = |t: &&str| t.starts_with(char::is_uppercase) && !titles.has(t) && !places.has(t) && !acronym(t);
    // "Manajer Persik FC Dodi Saputra": after a title, a word marking an organisation ends the
    // organisation's name after a plain word of it, when what follows can only be a person's
    // name (no word of a body's name: "Kestrel Power Networks" is one body).
    let marks = lex("organisation-marks");
    let body_words = [marks, lex("organisation-heads"), lex("institutions"), lex("bodies")];
    let person = |t: &&str| plain(t) && !Lexicon::any(&body_words, t, "");
    let mark_at = || {
        (2..tokens.len().saturating_sub(1)).find(|&b| {
            marks.has(tokens[b])
                && plain(&tokens[b - 1])
                && tokens[..b - 1].iter().any(|t| titles.has(t))
                && tokens[b + 1..].iter().all(person)
        })
    };
    if let Some(b) = acronym_at.filter(|&b| b > 0 && !tokens.get(b + 1).is_some_and(|t| unit(t))).or_else(mark_at)
        && tokens[b + 1..].iter().any(plain)
        && let Mention::Name { name, title } = classify(rules, lang, &tokens[b + 1..].join(" "))
    {
        let body = tokens[..=b].join(" ");
        // "Badan Penanggulangan Bencana Daerah (BPBD) Muara Jati Rina Halim": a regional
        // body's acronym is followed by its region, as "BPBD Muara Jati …" would be.
        let acronym = tokens[b].trim_start_matches('(').trim_end_matches(')');
        let (name, title) = match (title.is_none() && bracket(tokens[b]) && rules.has(lang, "regional-titles", acronym))
            .then(|| classify(rules, lang, &format!("{acronym} {}", tokens[b + 1..].join(" "))))
        {
            Some(Mention::Name { name: n, title: Some(t) }) => match t.strip_prefix(acronym).map(str::trim_start) {
                Some(region) if !region.is_empty() => (n, Some(region.to_string())),
                _ => (name, title),
            },
            _ => (name, title),
        };
        return Mention::Name { name, title: Some(title.map_or(body.clone(), |t| format!("{body} {t}"))) };
    }
    // Ages and acronyms in brackets qualify the name without being part of it: "Riyanto (39)",
    // "Kementerian Luar Negeri (Kemlu) RI"; so does an age before it ("8-year-old Ana Ruiz").
    let age =
        |t: &str| t.strip_suffix("-year-old").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    tokens.retain(|t| !bracket(t) && !age(t));
    let demonstrative = tokens.last().is_some_and(|t| rules.has(lang, "demonstratives", t));
    if demonstrative {
        tokens.pop();
    }
    // "Petugas bernama Rudi Hartono (35) itu": a description, then the person's own name.
    if let Some(at) = tokens.iter().position(|t| rules.has(lang, "named-as", t))
        && at > 0
        && at + 1 < tokens.len()
        && tokens[at + 1..].iter().all(|t| t.starts_with(char::is_uppercase))
    {
        return Mention::Name { name: tokens[at + 1..].join(" "), title: Some(tokens[..at].join(" ")) };
    }
    // Nothing left (brackets alone: "Menurut (52), …" in a page cut mid-sentence): the text as is.
    if tokens.is_empty() {
        return Mention::Name { name: text.to_string(), title: None };
    }
    // "The Coastal Fisheries and Ports Management Council", "the Ministry of Trade", "the Centre
    // for Coastal Safety", "National Rivers Authority": three capitals or more, perhaps joined
    // by "and", "of", "for" or "the", name a body when a body's head noun ends them or comes
    // before "of" or "for", whatever title words they hold, and no person's role follows ("Bank of
    // England Governor X" names the governor).
    let bodies = lex("bodies");
    let joiner = |t: &str| matches!(t, "of" | "and" | "for" | "the");
    let named = if matches!(tokens[0], "the" | "The") { &tokens[1..] } else { &tokens[..] };
    // "Norway's National Data Protection Office": the owner's possessive is no part of the name.
    let owned = named.len() > 3 && ["'s", "’s", "'S", "’S"].iter().any(|p| named[0].ends_with(p));
    let named = if owned { &named[1..] } else { named };
    let head =
        named.iter().position(|t| matches!(*t, "of" | "for")).unwrap_or(named.len()).checked_sub(1).map(|h| named[h]);
    if !demonstrative
        && named.len() >= 3
        && head.is_some_and(|t| bodies.has(t))
        && named.iter().all(|t| t.starts_with(char::is_uppercase) || joiner(t))
        && !named.iter().any(|t| rules.has(lang, "person-roles", t))
    {
        return Mention::Name { name: named.join(" "), title: None };
    }
    // "Brigjen Pol. X": a title word may be written abbreviated, with its full stop.
    let is_title =
        |t: &str| titles.has(t) || titles.has_abbreviation(t) || t.strip_suffix('.').is_some_and(|b| titles.has(b));
    let first_lower = tokens.first().is_some_and(|t| t.chars().next().is_some_and(char::is_lowercase));
    // "Police", "the authorities": a group, which names itself rather than a person's role.
    let article = |t: &&str| t.eq_ignore_ascii_case("the") || t.eq_ignore_ascii_case("sang");
    // "the spokesman", "the minister": a role pointing back to a person named earlier; "the
    // police" is a group speaking for itself.
    let person_role =
        |t: &str| !heads.has(t) || rules.has(lang, "person-roles", t) || rules.has(lang, "professions", t);
    if tokens.len() >= 2
        && article(&tokens[0])
        && tokens[1..].iter().all(|t| is_title(t))
        && tokens.last().is_some_and(|t| person_role(t))
    {
        return Mention::Role { title: tokens[1..].join(" ") };
    }
    // "hakim ketua menilai …", "kapolres menjelaskan …": a bare title in lower case is the
    // office-holder named before, like "the judge".
    if lang == Lang::Id && first_lower && tokens.len() <= 3 && tokens.iter().all(|t| is_title(t)) {
        return Mention::Role { title: tokens.join(" ") };
    }
    let joined = tokens.join(" ");
    if is_group(rules, lang, &joined) {
        return Mention::Name { name: joined, title: None };
    }
    // "kantor berita negara itu Interfax", "situs … Flight Radar": a category, then the name.
    if first_lower {
        let named = tokens.iter().rev().take_while(|t| t.chars().next().is_some_and(char::is_uppercase)).count();
        let category =
            categories.has(tokens[0]) || tokens.len() > 1 && categories.has(&format!("{} {}", tokens[0], tokens[1]));
        if named > 0 && named < tokens.len() && category {
            let split = tokens.len() - named;
            return Mention::Name { name: tokens[split..].join(" "), title: Some(tokens[..split].join(" ")) };
        }
    }
    // "the Asahi newspaper", "the Kyodo news agency": an outlet's name, then its kind.
    let named = if matches!(tokens[0], "the" | "The") { &tokens[1..] } else { &tokens[..] };
    for kind_words in [1, 2] {
        if named.len() > kind_words {
            let (name, kind) = named.split_at(named.len() - kind_words);
            if rules.has(lang, "outlet-kinds", &kind.join(" "))
                && name.iter().all(|t| t.starts_with(char::is_uppercase))
            {
                return Mention::Name { name: name.join(" "), title: Some(kind.join(" ")) };
            }
        }
    }
    // "Dimas Hakim", "Andi Hakim": a title word that ends the run right after a name word is a
    // surname; titles come before the name.
    let name_word = |t: &str| {
        t.chars().next().is_some_and(char::is_uppercase)
            && !is_title(t)
            && !acronym(t)
            && !places.has(t)
            && !heads.has(t)
    };
    // "Dinas Pertanian dan Pangan Kabupaten Lerengsari": one word after an administrative unit is
    // its region (two after a region prefix: "Kabupaten Kepulauan Lintang"); with no office a
    // person holds in the run, it is a body in that region.
    let regional = |t: &str| rules.has(lang, "regional-titles", t);
    let n = tokens.len();
    let in_region = n >= 3 && unit(tokens[n - 2])
        || n >= 4 && unit(tokens[n - 3]) && rules.has(lang, "region-prefixes", tokens[n - 2]);
    let officer = |t: &str| rules.has(lang, "office-heads", t) || regional(t) && !unit(t);
    if in_region && tokens[0].starts_with(char::is_uppercase) && !tokens.iter().any(|t| officer(t)) {
        return Mention::Name { name: tokens.join(" "), title: None };
    }
    // "Badan Pangan Daerah", "Otoritas Jasa Keuangan", "Serikat Nelayan Teluk Biru": capitals opened
    // by a body's word, with no office a person holds among them, are that body, not a title
    // and a name.
    let body_word = |t: &str| rules.has(lang, "institutions", t) || rules.has(lang, "organisation-heads", t);
    if n >= 2
        && body_word(tokens[0])
        && tokens.iter().all(|t| t.starts_with(char::is_uppercase) || matches!(*t, "dan" | "&"))
        && !tokens.iter().any(|t| officer(t) && !acronym(t))
    {
        return Mention::Name { name: tokens.join(" "), title: None };
    }
    let surname_last = tokens.len() >= 2 && name_word(tokens[tokens.len() - 2]);
    let titled = if surname_last { tokens.len() - 1 } else { tokens.len() };
    // Words in lower case after a title word belong to the title ("Pengamat kepolisian Bambang
    // Rukminto", "Koordinator aksi Abdul Halim"): a name is capitalised. Opening the run, a head
    // noun names a body ("kantor Díaz-Canel"). "of" and "for" open a portfolio, read below.
    let portfolio = |i: usize| {
        matches!(tokens[i], "of" | "for") && tokens.get(i + 1).is_some_and(|t| t.starts_with(char::is_uppercase))
    };
    let in_title: Vec<bool> = (0..tokens.len())
        .scan(false, |after_title, i| {
            let t = tokens[i];
            *after_title = is_title(t) || *after_title && t.starts_with(char::is_lowercase) && !portfolio(i);
            Some(*after_title)
        })
        .collect();
    let title_at = |i: usize| in_title[i];
    let last_title = (0..titled).rev().find(|&i| title_at(i));
    let Some(i) = last_title else {
        if demonstrative && !tokens.is_empty() {
            return Mention::Role { title: tokens.join(" ") };
        }
        // "terdakwa Bonar Sitompul": a person's head noun in lower case, then the name.
        let lower = tokens.iter().take_while(|t| t.starts_with(char::is_lowercase)).count();
        // "weather bureau PAGASA": a body's acronym after its head noun, too.
        let acronym_after =
            |h: &str| matches!(tokens[lower..], [t] if acronym(t)) && !rules.has(lang, "person-roles", h);
        if (1..tokens.len()).contains(&lower)
            && heads.has(tokens[lower - 1])
            && !bodies.has(tokens[lower - 1])
            && (tokens[lower..].iter().all(|t| name_word(t)) || acronym_after(tokens[lower - 1]))
        {
            return Mention::Name { name: tokens[lower..].join(" "), title: Some(tokens[..lower].join(" ")) };
        }
        // "oposisi Venezuela Juan Guaido" lost its title word to the lowercase break; the
        // place still belongs to the title, not the name.
        let lead = tokens.iter().take_while(|t| places.has(t)).count();
        if lead > 0 && tokens.len() - lead >= 2 {
            return Mention::Name { name: tokens[lead..].join(" "), title: Some(tokens[..lead].join(" ")) };
        }
        return Mention::Name { name: tokens.join(" "), title: None };
    };
    // "sumber resmi", "A senior official", "Seorang pejabat senior militer Myanmar": a
    // description is its own name, even when it has a title word or opens the sentence; but
    // "police spokesman Ahmad Ramadhan" names the person after the title. A place or an acronym
    // after the title belongs to the description, not to a name.
    let named_after = tokens[i + 1..]
        .iter()
        .any(|t| t.chars().next().is_some_and(char::is_uppercase) && !places.has(t) && !acronym(t));
    let indefinite = indefinite_opening(text);
    let described = first_lower || heads.has(tokens[0]) || indefinite;
    // "An engineer at a cement plant in the Tuban estate": an indefinite names nobody after it.
    if indefinite || described && !named_after && (heads.has(tokens[0]) || !is_title(tokens[0])) && tokens[0] != "the" {
        // "penyerang berusia 27 tahun itu", "pelatih asal Brasil tersebut": a demonstrative makes
        // the description a role pointing back to someone named before.
        if demonstrative && !indefinite {
            return Mention::Role { title: tokens.join(" ") };
        }
        return Mention::Name { name: tokens.join(" "), title: None };
    }
    // "BPBD Karang Sari": a regional body's acronym opening the run, then a region of one or
    // two words and no more, names the body ("BPBD Karang Sari Budi Santoso" names a person).
    if i == 0
        && tokens.len() <= 3
        && regional(tokens[0])
        && acronym(tokens[0])
        && tokens[1..].iter().all(|t| name_word(t))
    {
        return Mention::Name { name: tokens.join(" "), title: None };
    }
    let mut split = i + 1;
    // "Bupati Trenggalek Mochammad Nur Arifin", "Kepala Dinas Kabupaten Garut Iwan
    // Setiawan": a regional title or an administrative unit is followed by its region, a word
    // no lexicon can list. After a title it is taken only when a name of two words or more
    // remains; after a unit ("Provinsi", "Kota"), which always names its region, a one-word name
    // may remain. A region prefix ("Kepulauan Lintang", "Nusa Indah") takes one more word.
    let region_after = |at: usize| {
        // "Kepala Desa Budi Widodo": after an id/unit-offices word a unit is an office, and the
        // name may follow it.
        let office = at >= 2 && rules.has(lang, "unit-offices", tokens[at - 2]);
        // A regional body's acronym ("DPRD", "RSUD") names its region even when no name
        // follows: "Direktur RSUD Sukamaju" is a role.
        let names = match (unit(tokens[at - 1]) && !office, acronym(tokens[at - 1])) {
            (_, true) => 0,
            (true, _) => 1,
            _ => 2,
        };
        let fits = |words: usize| tokens.len() >= at + words + names && name_word(tokens[at]) && !regional(tokens[at]);
        match tokens.get(at).is_some_and(|t| rules.has(lang, "region-prefixes", t)) {
            true if fits(2) => 2,
            _ if fits(1) => 1,
            _ => 0,
        }
    };
    if regional(tokens[i]) {
        split += region_after(split);
    }
    // "Ketua Komisi C DPRD …": the letter after a lettered unit says which one; it is no initial.
    let lettered = |at: usize| {
        at > 0
            && tokens[at].len() == 1
            && tokens[at].starts_with(|c: char| c.is_ascii_uppercase())
            && rules.has(lang, "lettered-units", tokens[at - 1])
    };
    while split + 1 < tokens.len()
        && (places.has(tokens[split]) || acronym(tokens[split]) || regional(tokens[split]) || lettered(split))
    {
        split += 1;
        if regional(tokens[split - 1]) {
            split += region_after(split);
        }
    }
    // "Minister of State for Housing Tan Mei Ling": a portfolio joined by "of" or "for"
    // belongs to the title, as long as a name of two words or more remains after it.
    while split + 1 < tokens.len()
        && matches!(tokens[split], "of" | "for")
        && tokens[split + 1].starts_with(char::is_uppercase)
        && tokens.len() - (split + 2) >= 2
    {
        split += 2;
        while tokens.len() - split > 2 && is_title(tokens[split]) {
            split += 1;
        }
    }
    // "The World Health Organization": what follows the last title word is a body's head noun,
    // so the whole run names the body.
    let body = |t: &str| !person_role(t) || bodies.has(t);
    if split < tokens.len() && tokens[split..].iter().all(|t| body(t)) {
        let body: Vec<&str> = tokens.iter().copied().filter(|t| *t != "the" && *t != "The").collect();
        return Mention::Name { name: body.join(" "), title: None };
    }
    // "Pelatih Thailand", "Wakil Ketua Umum PSSI": a title and its place or body, nobody's name;
    // unless the name came first ("Doni Primanto Deputi Gubernur BI").
    let named = tokens[split.min(tokens.len())..].iter().any(|t| !places.has(t) && !acronym(t));
    if !named && !demonstrative {
        let lead = tokens.iter().take_while(|t| name_word(t)).count();
        if lead >= 2 && tokens.get(lead).is_some_and(|t| t.starts_with(char::is_uppercase)) {
            return Mention::Name { name: tokens[..lead].join(" "), title: Some(tokens[lead..].join(" ")) };
        }
    }
    if split >= tokens.len() || demonstrative || !named {
        // "The national disaster agency": a group names itself; only a person's role points back.
        // "Badan Pusat Statistik": title words opened by a public body's word
        // name the body.
        let body_first = rules.has(lang, "institutions", tokens[0]);
        // "The NDRRMC": an acronym that is no role or title ("the CEO", "the MP") names a body.
        let body_acronym = |t: &str| acronym(t) && !is_title(t) && !rules.has(lang, "person-roles", t);
        // "The NEA": the article is no part of a body's acronym.
        if let [the, last] = tokens[..]
            && article(&the)
            && body_acronym(last)
        {
            return Mention::Name { name: last.to_string(), title: None };
        }
        if !demonstrative && (body_first || tokens.last().is_some_and(|t| !person_role(t) || body_acronym(t))) {
            return Mention::Name { name: tokens.join(" "), title: None };
        }
        return Mention::Role { title: tokens.join(" ") };
    }
    let title: Vec<&str> = tokens[..split].iter().copied().filter(|t| *t != "the" && *t != "The").collect();
    Mention::Name {
        name: tokens[split..].join(" "),
        title: if title.is_empty() { None } else { Some(title.join(" ")) },
    }
}

/// "A"/"an", "Seorang": a description that names nobody after it.
pub fn indefinite_article(word: &str) -> bool {
    matches!(word, "A" | "An" | "a" | "an" | "Seorang" | "seorang")
}

/// A mention that opens with an indefinite article, or with "one" before a lower-case word ("One
/// nurse at …"; "One Nation leader X" is a party's name), and names nobody in apposition
/// ("Seorang nelayan yang selamat, Darman Lakoro (41)," is Darman Lakoro).
fn indefinite_opening(mention: &str) -> bool {
    let mut words = mention.split_whitespace();
    let opens = match words.next() {
        Some("One" | "one") => words.next().is_some_and(|n| n.starts_with(char::is_lowercase)),
        Some(w) => indefinite_article(w),
        None => false,
    };
    opens && !mention.split(", ").skip(1).any(|part| part.starts_with(char::is_uppercase))
}

/// "PSSI", "PDI-P", "BNPB": capitals, perhaps with hyphens or dots; with digits "U-23", "G20".
fn acronym(t: &str) -> bool {
    let upper = t.chars().filter(|c| c.is_uppercase()).count();
    (upper >= 2 || upper == 1 && t.chars().any(|c| c.is_ascii_digit()))
        && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == '.')
}
