//! Stage 5, attribution. Input: the quotes the rules found, in document order. Output: each
//! quote's speaker (explicit, by anaphora, or unresolved) with a canonical name.
//!
//! The one choice, from the sieve systems (see ATTRIBUTION notes): an explicit name at the cue
//! wins; a pronoun or `-nya` goes to the most recent *speaker*, not the most recent name, and
//! only falls back to the nearest titled name when nobody has spoken yet.

pub mod canon;
pub mod source;
pub mod speaker;

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::lang::Lang;
use crate::output::{QuoteKind, Resolution};
use crate::rules::Compiled;
use crate::rules::compile::Lexicon;
use canon::{Keep, People};
use speaker::Mention;

/// A quote or claim before attribution.
#[derive(Clone, Debug)]
pub struct Found {
    pub kind: QuoteKind,
    pub content: Range<usize>,
    pub speaker: Option<Range<usize>>,
    pub cue: Option<Range<usize>>,
    pub rule: String,
    pub lang: Lang,
    pub paragraph: usize,
    pub sentence: Range<usize>,
    /// Takes its speaker from this earlier quote (split quote, continuation paragraph).
    pub inherit: Option<usize>,
    /// Its speaker owns a possessive -nya (a rule with `possessive = true`).
    pub possessive: bool,
    pub source: Option<(String, Range<usize>)>,
}

#[derive(Clone, Debug)]
pub struct Attribution {
    pub person: Option<usize>,
    /// The description or role text when no person could be named from it.
    pub name: Option<String>,
    pub mention: Option<(String, Option<Range<usize>>)>,
    pub title: Option<String>,
    pub resolution: Resolution,
    /// How the speaker was found, for `kutip explain`.
    pub why: String,
}

/// A run of capitalised words in running text. A titled name ("Menteri Luar Negeri Venezuela
/// Yvan Gil mengadakan ...") introduces a person that later surnames, roles and pronouns refer
/// to; an untitled one only completes a one-word speaker's name.
#[derive(Clone, Debug)]
pub struct Intro {
    pub at: usize,
    pub lang: Lang,
    /// The run, in document offsets.
    pub span: Range<usize>,
    /// Its name and title, read up front only when a word of it may be a title: most runs have
    /// none, and their names are rarely needed. The title is empty when an age alone marks a
    /// person ("Mara Tull, 61,").
    pub titled: Option<(String, String)>,
    /// A description in apposition besides that title ("Dr Ilse Marten, a seismologist at …,"):
    /// a second title, which a later "the seismologist" finds.
    pub role: Option<String>,
    /// It opens its sentence (after at most a connective and a comma: "Sementara itu, …"): the
    /// subject, whom the next sentence's "ia" or "he" most likely means.
    pub subject: bool,
    /// It opens its sentence, titled or not: a known person's name there is the subject too.
    pub opens: bool,
}

/// A name and its title.
type Named = (String, Option<String>);

impl Intro {
    /// The run as a name (`None` when it reads as a pronoun or a role) and its title.
    fn named(&self, rules: &Compiled, doc: &str) -> Option<Named> {
        if let Some((name, title)) = &self.titled {
            return Some((name.clone(), Some(title.clone())));
        }
        match speaker::classify(rules, self.lang, &doc[self.span.clone()]) {
            Mention::Name { name, title } => Some((name, title)),
            _ => None,
        }
    }
}

#[allow(clippy::expect_used)]
static NAME_RUN: Lazy<Regex> = Lazy::new(|| {
    // Latin letters only (with Latin-1 and Extended-A/B accents): names in id/en news are Latin
    // script, and full Unicode classes make the automaton ten times larger. Digits may follow
    // the capital ("Timnas U-23 Anwar Hakim" is one run).
    Regex::new(concat!(
        r"[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}][0-9A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}'’‑–-]*\.?",
        r"(?:\s+(?:[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}][0-9A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}'’‑–-]*\.?",
        r"|(?:dan|of|for)\s+[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}][A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}'’‑–-]*",
        r"|\([A-Z0-9][A-Za-z0-9.-]*\)))+"
    ))
    .expect("constant pattern")
});

/// A sum written with a currency before its digits: "RM86mil", "Rp5", "US$12".
fn amount(token: &str) -> bool {
    let digits = token.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    matches!(&token[..digits], "Rp" | "RM" | "US$" | "S$" | "A$" | "HK$" | "$" | "€" | "£")
}

/// Titled names in one sentence of `masked` (a paragraph starting at document offset `base`),
/// skipping `skip` ranges (quotes and claims: a name inside a claim is not its speaker).
pub fn intros(
    rules: &Compiled,
    lang: Lang,
    masked: &str,
    base: usize,
    sentence: Range<usize>,
    skip: &[Range<usize>],
    out: &mut Vec<Intro>,
) {
    let text = &masked[sentence.start - base..sentence.end - base];
    // "Bonar sendiri hanya tersenyum.": one capitalised word opening the sentence is no
    // run, but names the subject when it is a known person's name (resolve decides).
    let word = text.split(' ').next().unwrap_or("");
    if word.len() >= 3
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.bytes().skip(1).all(|b| b.is_ascii_lowercase())
        && text[word.len()..].trim_start().starts_with(|c: char| c.is_lowercase())
        && !rules.has(lang, "connectives", word)
        // "The minister blamed …": an article is nobody's name ("The" would find "The government").
        && !word.eq_ignore_ascii_case("the")
        && !speaker::indefinite_article(word)
    {
        let at = sentence.start;
        out.push(Intro { at, lang, span: at..at + word.len(), titled: None, role: None, subject: false, opens: true });
    }
    for m in NAME_RUN.find_iter(text) {
        // "Opposition leader Peter Dutton", "police spokeswoman Ana Cruz": title words in lower
        // case before the capitals belong to the run.
        let found = m.start();
        let mut m = speaker::widen_to_titles(rules, lang, text, m.range(), 0);
        // "Festival director Ana Holt", "Coastal Fishers Association secretary …": in English a
        // capitalised run opening the sentence right before the title words modifies the title
        // (a body, a field), and is no run of its own.
        if lang == Lang::En
            && m.start < found
            && let Some(first) = text[..m.start].strip_suffix(' ')
            && modifies_title(rules, lang, first)
        {
            m.start = 0;
            // Intros come in text order: this sentence's so far lie inside the title.
            out.truncate(out.partition_point(|i| i.at < sentence.start));
        }
        // "fined Jomride RM86mil": an amount of money ends the run, and a single word left is no run.
        if let Some(i) = text[m.clone()].find(|c: char| c.is_ascii_digit())
            && let Some(sp) = text[m.start..m.start + i].rfind(' ')
            && amount(&text[m.start + sp + 1..m.end])
        {
            m.end = m.start + sp;
            if !text[m.clone()].contains(' ') {
                continue;
            }
        }
        // "For Ana Lim, 41, a nurse, …", "Bagi Siti (40), …": a preposition opening the
        // sentence is no part of the name after it.
        if let Some((first, _)) = text[m.clone()].split_once(' ')
            && rules.has(lang, "sentence-prepositions", first)
        {
            m.start += first.len() + 1;
        }
        let run = &text[m.clone()];
        let at = sentence.start + m.start;
        // "nelayan Dukuh X, Desa Y, Kecamatan Z": a run opened by an administrative unit is a
        // place, never a person introduced.
        if skip.iter().any(|r| r.start <= at && at < r.end)
            || run.split(' ').next().is_some_and(|w| rules.has(lang, "admin-units", w))
        {
            continue;
        }
        let span = at..sentence.start + m.end;
        let titled = match speaker::may_have_title(rules, lang, run) {
            true => match speaker::classify(rules, lang, run) {
                Mention::Name { name, title: Some(title) } => Some((name, title)),
                Mention::Name { title: None, .. } => None,
                _ => continue,
            },
            false => None,
        };
        let before = text[..m.start].trim_end();
        // "Salah satu pedagang, Rohani (52), mengaku …": a description, then the name it
        // describes between commas, whom the description titles.
        // "Namun, Ketua Yayasan X, Siti Aminah, S.Pd.,": the description is what follows an opening
        // connective.
        let described = before
            .strip_suffix(',')
            .map(|d| d.rsplit_once(", ").map_or(d, |(_, d)| d))
            .filter(|d| text[m.end..].trim_start().starts_with(',') && describes(rules, lang, d));
        // A subject opens its sentence, perhaps after a connective ("Sementara itu, …", "Salah
        // satunya X (38), …"); it needs a full name: a one-word "name" after title words is as
        // often the end of an institution ("Badan Pusat Statistik menunjukkan …").
        // So does a name after a phrase of circumstance that opens the sentence with a
        // preposition ("Outside the clinic on a recent afternoon, Ana Ruiz, 34, was …").
        let opens = before.is_empty()
            || rules.has(lang, "sentence-prepositions", before)
            || before.ends_with(',')
                && before.split_whitespace().count() <= 3
                && !before.chars().skip(1).any(char::is_uppercase)
            || rules.has(lang, "connectives", before)
            || fronted(rules, lang, before);
        // "Hal senada diungkapkan Yuliani (41), pemilik warung …": the agent of a passive cue is
        // who the sentence puts forward, as a subject would be.
        let agent = before.rsplit(' ').next().is_some_and(|w| rules.has(lang, "cue-di-frame", w));
        let opens = opens || agent;
        // "Darto (51), tukang parkir yang bertugas di sana, melihat …": the description may
        // follow the name opening the sentence, up to a word that ends a speaker mention.
        let stop = rules.lexicon(lang, "speaker-stop");
        let described = described.map(str::trim).or_else(|| {
            let rest = text[m.end..].trim_start().strip_prefix(',')?;
            // After a passive cue the description may end the sentence.
            let d = match rest.split_once(',') {
                Some((d, _)) => d,
                None if agent => rest.trim_end().trim_end_matches('.'),
                None => return None,
            };
            let d = d.trim();
            let end = d.split(' ').take_while(|w| !stop.has(w)).map(|w| w.len() + 1).sum::<usize>();
            let d = d[..end.saturating_sub(1).min(d.len())].trim();
            (opens && describes(rules, lang, d)).then_some(d)
        });
        // "Mara Tull, 61, has run …", "Riyanto (39) masih …": an age marks a person, the
        // subject whom the next "she" or "ia" means, though no title names her; so does one
        // that ends its sentence ("Berbeda dengan Bagas Pranata (27). Ia …").
        let closes = text[m.end..].trim() == ".";
        let aged = || {
            let age = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
            let after = text[m.end..].trim_start().strip_prefix(',').and_then(|r| r.split_once(','));
            after.is_some_and(|(a, _)| age(a.trim()))
                || run.strip_suffix(')').and_then(|r| r.rsplit_once('(')).is_some_and(|(_, a)| age(a))
        };
        // "a seismologist at …": the role without its article.
        let described = described.map(|d| match d.split_once(' ') {
            Some(("a" | "an" | "the", role)) if lang == Lang::En => role,
            _ => d,
        });
        let role = described.filter(|_| titled.is_some()).map(str::to_string);
        let titled = match (titled, described) {
            (None, Some(d)) => match speaker::classify(rules, lang, run) {
                Mention::Name { name, .. } => Some((name, d.to_string())),
                _ => None,
            },
            (None, None) if (opens || closes) && aged() => match speaker::classify(rules, lang, run) {
                Mention::Name { name, .. } => Some((name, String::new())),
                _ => None,
            },
            (titled, _) => titled,
        };
        // A one-word name is the subject only with an age ("Hal serupa diungkapkan Tarmi (55), …").
        let subject = titled.as_ref().is_some_and(|(name, _)| {
            described.is_some() || opens && (name.contains(' ') || aged()) || closes && aged()
        });
        out.push(Intro { at, lang, span, titled, role, subject, opens });
    }
}

/// Whether `before`, what opens a sentence before a mention, is a phrase of circumstance with
/// a preposition ("Outside the clinic on a recent afternoon,", "Dalam rapat di Senayan, Jakarta,
/// pada Senin, 3 Maret,"): the mention after it is the sentence's subject. Past the first comma
/// only places and dates may follow.
fn fronted(rules: &Compiled, lang: Lang, before: &str) -> bool {
    let Some(phrase) = before.strip_suffix(',') else { return false };
    let mut parts = phrase.split(',');
    let opening = parts.next().and_then(|p| p.split(' ').next());
    let circumstance = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || rules.has(lang, "sentence-prepositions", w)
    };
    opening.is_some_and(|w| rules.has(lang, "sentence-prepositions", w))
        && parts.all(|p| p.split_whitespace().all(circumstance))
}

/// "Salah satu pedagang", "Warga setempat", "Pelatih PSIS Semarang": a short description
/// headed by a speaker noun or a title.
fn describes(rules: &Compiled, lang: Lang, text: &str) -> bool {
    let heads = [rules.lexicon(lang, "speaker-heads"), rules.lexicon(lang, "titles")];
    let mut words: Vec<&str> = text.split_whitespace().collect();
    // "Adapun kuasa hukum tergugat, X,": a connective opens the sentence, not the description;
    // "X, a seismologist at …,", "Marwick Air's chief executive, X,": an article or a
    // possessive opens an English one.
    if words.len() > 1 && rules.has(lang, "connectives", words[0]) {
        words.remove(0);
    }
    let possessive = |w: &&str| w.ends_with("'s") || w.ends_with("’s");
    if lang == Lang::En {
        let owner = words.iter().take(3).position(possessive).map_or(0, |i| i + 1);
        let article = words.get(owner).is_some_and(|w| matches!(*w, "a" | "an" | "the"));
        words.drain(..(owner + usize::from(article)).min(words.len().saturating_sub(1)));
    }
    let head = words.first().is_some_and(|w| Lexicon::any(&heads, w, ""))
        || words.len() >= 2 && heads[0].has(&format!("{} {}", words[0], words[1]));
    // "Kepala Seksi Pengendalian Dinas Lingkungan Hidup dan Kehutanan Kabupaten X, Name,": a
    // title in capitals may run long; a lower-case description that long is a clause.
    let capitalised = || words.iter().all(|w| w.starts_with(char::is_uppercase) || joins_title(w));
    head && (words.len() <= 5 || capitalised())
}

/// An Indonesian word shaped like a verb with one of `prefixes` ("membatalkan", "ditutup"), long
/// enough not to be a short root ("meja").
pub fn verb_form(w: &str, prefixes: &[&str]) -> bool {
    w.len() >= 6 && w.get(..2).is_some_and(|h| prefixes.iter().any(|p| h.eq_ignore_ascii_case(p)))
}

/// Whether `word` joins the capitals of a long title or a body's name ("Dinas Lingkungan Hidup dan
/// Kehutanan", "State Minister for Fisheries and Marine Resources").
pub fn joins_title(word: &str) -> bool {
    matches!(word, "of" | "for" | "and" | "dan")
}

/// Whether `words`, opening a sentence right before lowercase title words, name what the title
/// belongs to: up to five capitalised words (joined perhaps by "of" or "and"), not a
/// connective ("However"), a day or a month ("On Monday police spokesman …").
fn modifies_title(rules: &Compiled, lang: Lang, words: &str) -> bool {
    let list: Vec<&str> = words.split(' ').collect();
    let joiner = |w: &str| matches!(w, "of" | "and" | "for");
    list.len() <= 5
        && list.first().is_some_and(|w| w.starts_with(char::is_uppercase) && !rules.has(lang, "connectives", w))
        && list.iter().all(|w| {
            (w.starts_with(char::is_uppercase) || joiner(w))
                && !w.ends_with(',')
                && !rules.has(lang, "days", w)
                && !rules.has(lang, "months", w)
        })
}

pub fn resolve<'r>(
    rules: &'r Compiled,
    doc: &str,
    found: &[Found],
    intros: &[Intro],
) -> (Vec<Attribution>, People<'r>) {
    let mut people = People::new(Keep::of(rules));
    let mut out: Vec<Attribution> = Vec::with_capacity(found.len());
    // The most recent speaker of any kind (for -nya, "they"), and the most recent one named
    // like a person (for "he", "ia", "beliau": a group such as "the authorities" is not "he").
    let mut last: Option<usize> = None;
    let mut last_person: Option<usize> = None;
    let mut spoken: Vec<usize> = Vec::new();
    let mut next_intro = 0;
    let mut last_intro: Option<usize> = None;
    // The titled subject of a sentence since the last quote: "Kepala Badan Pangan Arief Adi
    // memastikan pasokan aman. Dia menuturkan, …" introduces who speaks next.
    let mut new_subject: Option<usize> = None;
    // The intro of a one-word name opening a sentence since the last quote (see below).
    let mut word_subject: Option<usize> = None;
    for (fi, f) in found.iter().enumerate() {
        // A pronoun's antecedent comes before its sentence: names later in the same sentence
        // ("Ia mengaku mendengar dari Bupati Cianjur bahwa …") are not candidates yet.
        while next_intro < intros.len() && intros[next_intro].at < f.sentence.start {
            // Only a titled name introduces a person on its own; an untitled run of capitals
            // may be a place or an event, and only completes a speaker's name (below).
            let intro = &intros[next_intro];
            let since = fi.checked_sub(1).is_none_or(|j| intro.at >= found[j].content.end);
            if let Some((name, title)) = &intro.titled {
                last_intro = Some(people.link(name, Some(title)));
                if let Some(role) = &intro.role {
                    people.link(name, Some(role));
                }
                if intro.subject && since {
                    (new_subject, word_subject) = (last_intro, None);
                }
            } else if intro.opens && since {
                // "Bonar sendiri hanya tersenyum. “…,” katanya": perhaps a known
                // person's name opening its sentence; looked up only if a quote needs it (below).
                word_subject = Some(next_intro);
            }
            next_intro += 1;
        }
        // A pronoun or a cue that carries the speaker wants the subject: a one-word name opening
        // a sentence makes that person the subject when it is known, as a speaker or as a full
        // name met earlier ("terdakwa Bonar Sitompul").
        let wants_subject = f.inherit.is_none()
            && f.speaker.as_ref().is_none_or(|sp| rules.has(f.lang, "pronouns", doc[sp.clone()].trim()));
        if let Some(wi) = word_subject.filter(|_| wants_subject) {
            let (intro, word) = (&intros[wi], &doc[intros[wi].span.clone()]);
            let met = intros[..wi]
                .iter()
                .rev()
                .map(|i| &doc[i.span.clone()])
                .find(|run| run.contains(' ') && run.split(' ').any(|w| w == word));
            let named = |run: &str| match speaker::classify(rules, intro.lang, run) {
                Mention::Name { name, title } if name.split(' ').any(|w| w == word) => Some((name, title)),
                _ => None,
            };
            new_subject = people
                .known(word)
                .or_else(|| met.and_then(named).map(|(name, title)| people.link(&name, title.as_deref())))
                .or(new_subject);
        }
        let pick = |candidates: &[(Option<usize>, &'static str)]| {
            candidates
                .iter()
                .find(|(p, _)| p.is_some())
                .map_or((None, "nobody spoke or was introduced before"), |&(p, w)| (p, w))
        };
        let a = if let Some(j) = f.inherit.filter(|&j| j < out.len()) {
            Attribution {
                mention: None,
                why: format!(
                    "takes the speaker of the quote at byte {} (it continues that quote, or its sentence named the speaker inside that claim)",
                    found[j].content.start
                ),
                ..out[j].clone()
            }
        } else if let Some(sp) = &f.speaker {
            // "X council leader Ana Roe said …, but warned that …": both verbs have one subject;
            // a rule that read less of it takes the longest reading from the same start.
            let same = |g: &&Found| g.sentence == f.sentence;
            let longest = found[..fi]
                .iter()
                .rev()
                .take_while(same)
                .chain(found[fi + 1..].iter().take_while(same))
                .filter_map(|g| g.speaker.clone())
                .filter(|g| g.start == sp.start)
                .max_by_key(|g| g.end);
            let sp = longest.filter(|g| g.end > sp.end).unwrap_or_else(|| sp.clone());
            let sp = speaker::widen_to_titles(rules, f.lang, doc, sp, f.sentence.start);
            let sp = speaker::widen_to_apposition(rules, f.lang, doc, sp);
            let sp = speaker::widen_to_name(rules, f.lang, doc, sp);
            let sp = speaker::widen_to_located_body(f.lang, doc, sp, f.sentence.start);
            let sp = speaker::widen_to_opening_name(rules, f.lang, doc, sp, f.sentence.start);
            // A preposition just before the mention ("in Atambua, Yosefina …") means its first
            // part ends that phrase.
            let before = doc[f.sentence.start.min(sp.start)..sp.start].trim_end();
            let in_phrase = rules.has(f.lang, "speaker-stop", &before[before.rfind(' ').map_or(0, |i| i + 1)..]);
            let kept = speaker::trim_mention(rules, f.lang, &doc[sp.clone()], in_phrase);
            let span = sp.start + kept.start..sp.start + kept.end;
            let raw = &doc[span.clone()];
            // The mention opens its sentence ("They said …").
            let opens = doc[f.sentence.start.min(span.start)..span.start].trim().is_empty();
            // Opening the sentence or after the quote or claim ("…,” the statement said).
            let post_posed = opens || doc[..span.start].trim_end().ends_with([',', '”', '"', '’']);
            let organisation = speaker::organisation_kind(rules, f.lang, raw)
                .and_then(|kind| organisation(rules, f.lang, doc, span.start, kind));
            let mention = Some((raw.to_string(), Some(span.clone())));
            if let Some(name) = organisation {
                Attribution {
                    person: Some(people.link(&name, None)),
                    name: None,
                    mention,
                    title: None,
                    resolution: Resolution::Anaphora,
                    why: format!("`{raw}` -> the latest organisation of that kind named before: `{name}`"),
                }
            } else if let Some(j) = post_posed
                .then(|| document_named_before(rules, f.lang, doc, raw, &found[..fi.min(out.len())]))
                .flatten()
            {
                Attribution {
                    mention,
                    resolution: Resolution::Anaphora,
                    why: format!("`{raw}` -> the speaker of the quote whose sentence named that document"),
                    ..out[j].clone()
                }
            } else {
                match speaker::classify(rules, f.lang, raw) {
                    Mention::Pronoun if rules.has(f.lang, "pronouns-plural", raw) => {
                        // "Kestrel Foods will close the plant, it said": after its claim, the
                        // pronoun means the organisation the claim opens with.
                        let claim = f.content.end <= span.start && f.content.start == f.sentence.start;
                        // "Dalam rapat itu, mereka menilai …": after a phrase of circumstance
                        // the pronoun opens its clause.
                        let opens = opens
                            || fronted(rules, f.lang, doc[f.sentence.start.min(span.start)..span.start].trim_end());
                        let body = opens
                            .then(|| subject_organisation(rules, f.lang, doc, f.sentence.start))
                            .or_else(|| claim.then(|| sentence_organisation(rules, f.lang, &doc[f.content.clone()])))
                            .flatten()
                            .map(|name| people.link(&name, None));
                        // Unless the sentence before holds a quote: its speaker is the one meant.
                        let spoke_before = fi > 0
                            && doc
                                .get(found[fi - 1].sentence.end..f.sentence.start)
                                .is_none_or(|gap| gap.trim().is_empty());
                        // Before anyone has spoken, a sentence between may describe what the
                        // group did ("Ratusan buruh … berunjuk rasa …. Aksi itu …. Mereka
                        // menuntut …"): the group that opened the sentence before that.
                        let group = (opens && body.is_none() && !spoke_before)
                            .then(|| {
                                let prev = previous_sentence(doc, f.sentence.start);
                                let before = || previous_sentence(doc, prev.as_ptr() as usize - doc.as_ptr() as usize);
                                subject_group(rules, f.lang, prev).or_else(|| {
                                    last.is_none().then(|| subject_group(rules, f.lang, before())).flatten()
                                })
                            })
                            .flatten()
                            .map(|name| people.link(&name, None));
                        let (p, why) = pick(&[
                            (body, "the organisation that opened the sentence before"),
                            (group, "the group that opened the sentence before"),
                            (last, "the most recent speaker"),
                            (last_intro, "the most recent titled name"),
                        ]);
                        anaphora(p, mention, format!("pronoun `{raw}` -> {why}"))
                    }
                    Mention::Pronoun => {
                        let (p, why) = pick(&[
                            (new_subject, "the titled subject of a sentence since the last quote"),
                            (last_person, "the most recent speaker named like a person"),
                            (last_intro, "the most recent titled name"),
                        ]);
                        anaphora(p, mention, format!("pronoun `{raw}` -> {why}"))
                    }
                    Mention::Role { title } => {
                        // The person introduced with that title; else, for a role that points back
                        // ("Ajudan presiden tersebut", "the minister"), the latest person who spoke.
                        // A body's word alone ("majelis", "the board") is the body, not the
                        // person whose title holds it ("Ketua Majelis Hakim X").
                        let words: Vec<&str> =
                            title.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("the")).collect();
                        let bodies = [rules.lexicon(f.lang, "institutions"), rules.lexicon(f.lang, "bodies")];
                        let body = matches!(words[..], [w] if Lexicon::any(&bodies, w, ""));
                        let points_back = speaker::points_back(rules, f.lang, raw);
                        // Only to someone with a role of their own: "the minister" is not the
                        // fisherman who spoke last.
                        let titled = |p: &usize| !people.people[*p].titles.is_empty();
                        let found = (!body)
                            .then(|| people.by_role(&title, &spoken))
                            .flatten()
                            .map(|p| (p, "the latest speaker or person introduced with that title"))
                            .or_else(|| {
                                // "Hal yang sama dialami Yosef Rumengan (41). Petani asal Kakas itu
                                // mengatakan, …": whom the sentence before put forward.
                                new_subject.filter(|_| points_back).map(|p| {
                                    (p, "nobody was introduced with it; the mention points back, to the subject introduced since the last quote")
                                })
                            })
                            .or_else(|| {
                                last_person.filter(|p| titled(p) && points_back).map(|p| {
                                    (p, "nobody was introduced with it; the mention points back, to the most recent speaker named like a person")
                                })
                            });
                        match found {
                            Some((p, why)) => Attribution {
                                person: Some(p),
                                name: None,
                                mention,
                                title: Some(title.clone()),
                                resolution: Resolution::Anaphora,
                                why: format!("role `{title}` -> {why}"),
                            },
                            None => match named_after(rules, f.lang, intros, f.content.end, &title) {
                                // "The prime minister said …" in a standfirst, and "Prime Minister
                                // Lara Hemsby told parliament …" only in the body.
                                Some((name, with)) => Attribution {
                                    person: Some(people.link(name, Some(with))),
                                    name: None,
                                    mention,
                                    title: Some(title.clone()),
                                    resolution: Resolution::Anaphora,
                                    why: format!(
                                        "role `{title}` -> nobody before had it; the first name after the quote introduced with it"
                                    ),
                                },
                                None => Attribution {
                                    person: None,
                                    name: Some(raw.to_string()),
                                    mention,
                                    title: Some(title.clone()),
                                    resolution: Resolution::Explicit,
                                    why: format!("role `{title}`: nobody was introduced with it, kept as written"),
                                },
                            },
                        }
                    }
                    Mention::Name { name, title } => {
                        let p = people.link(&name, title.as_deref());
                        let why = match people.people[p].names.len() {
                            1 => format!("name `{name}`, first mention"),
                            _ => {
                                format!(
                                    "name `{name}` linked to `{}` (a shared name token)",
                                    people.people[p].canonical()
                                )
                            }
                        };
                        Attribution {
                            person: Some(p),
                            name: None,
                            mention,
                            title,
                            resolution: Resolution::Explicit,
                            why,
                        }
                    }
                }
            }
        } else {
            let cue = f.cue.as_ref().map(|c| &doc[c.clone()]).unwrap_or("");
            let mention = cue.to_lowercase().ends_with("nya").then(|| ("-nya".to_string(), None));
            let person_cue = cue
                .rsplit_once(' ')
                .is_some_and(|(_, w)| rules.has(f.lang, "pronouns", w) && !rules.has(f.lang, "pronouns-plural", w));
            // A frame ("Hal itu ditegaskannya") points back at the subject of the sentence it
            // attributes: the first titled name in it, before any earlier speaker.
            let subject = (f.content.end <= f.sentence.start)
                .then(|| intros.iter().find(|i| i.titled.is_some() && f.content.start <= i.at && i.at < f.content.end))
                .flatten();
            // "Festival director X defended the schedule, saying …": a participle's subject is
            // the titled name that opens its own sentence, before the claim.
            let own = (f.sentence.start < f.content.start)
                .then(|| {
                    intros.iter().find(|i| {
                        i.titled.is_some() && i.subject && f.sentence.start <= i.at && i.span.end <= f.content.start
                    })
                })
                .flatten();
            // "terkait pernyataannya yang menyebut …": -nya owns the statement, and points to the
            // person last named, if named after the quote before.
            let since = fi.checked_sub(1).map_or(0, |j| found[j].content.end);
            let owner = f
                .possessive
                .then(|| {
                    intros
                        .iter()
                        .rev()
                        .take_while(|i| i.at >= since)
                        .find(|i| i.at < f.content.start && i.titled.is_some())
                })
                .flatten();
            let mut link = |i: Option<&Intro>| {
                i.and_then(|i| i.titled.as_ref()).map(|(name, title)| people.link(name, Some(title)))
            };
            let (subject, owner, own) = (link(subject), link(owner), link(own));
            let group = (f.sentence.start < f.content.start)
                .then(|| subject_group(rules, f.lang, &doc[f.sentence.start..f.content.start]))
                .flatten()
                .map(|name| people.link(&name, None));
            let (p, why) = pick(&[
                (subject, "the titled name in the sentence the frame attributes"),
                (own, "the titled subject of the claim's own sentence"),
                (group, "the group that opens the sentence"),
                (owner, "the titled name that owns the possessive -nya, named since the quote before"),
                (new_subject, "the titled subject of a sentence since the last quote"),
                // "Menurut dia": a singular pronoun in the cue means a person, not a group.
                (person_cue.then_some(last_person).flatten(), "the most recent speaker named like a person"),
                (last, "the most recent speaker"),
                (last_intro, "the most recent titled name"),
            ]);
            // "A county judge struck the law down, ruling that …" opening the story: an indefinite
            // subject with a title is whom the body names later with it ("Judge X wrote …").
            let later = || {
                let mut words = doc[f.sentence.clone()].split_whitespace();
                words.next().is_some_and(speaker::indefinite_article).then_some(())?;
                let title = words.take(4).find(|w| rules.has(f.lang, "titles", w))?;
                named_after(rules, f.lang, intros, f.content.end, title)
            };
            let (p, why) = match (p, p.is_none().then(later).flatten()) {
                (None, Some((name, with))) => (
                    Some(people.link(name, Some(with))),
                    "nobody before; an indefinite titled subject, named after the quote with that title",
                ),
                _ => (p, why),
            };
            anaphora(p, mention, format!("speaker carried by the cue `{cue}` -> {why}"))
        };
        (new_subject, word_subject) = (None, None);
        if let Some(p) = a.person {
            spoken.push(p);
            last = a.person;
            let named = a.person.map(|p| people.people[p].canonical()).unwrap_or("");
            if named.chars().next().is_some_and(char::is_uppercase) && !speaker::is_group(rules, f.lang, named) {
                last_person = a.person;
            }
        }
        out.push(a);
    }
    complete_names(rules, doc, &mut people, intros);
    (out, people)
}

/// The organisation that "the university" or "the company" (`kind`) points back to: the latest
/// name before `end` (quotes and claims included: "Kestrel Foods will close …, the union said")
/// that opens or ends with the kind word ("Farrow University", "Bank of Orlund"); else, for a
/// kind that names seldom hold ("company", "club"), one that follows a kind word ("agritech
/// startup Tanilestari"), else one that opens or ends with a word marking an organisation
/// ("Kestrel Foods", "PT Sinar Abadi"). Only the first and last words count: "Farrow University
/// Vice-Chancellor Maria Lind" is a person. A name that goes on with "of" ends its own words
/// before it ("Harbour Pilots Association of Orlund").
fn organisation(rules: &Compiled, lang: Lang, doc: &str, end: usize, kind: &str) -> Option<String> {
    let names = org_names(&doc[..end]);
    let edges = |name: &[&str], test: &dyn Fn(&str) -> bool| {
        let before_of = name.iter().position(|w| *w == "of").filter(|&i| i > 0).map(|i| name[i - 1]);
        name.len() >= 2 && [name.first(), name.last(), before_of.as_ref()].into_iter().flatten().any(|w| test(w))
    };
    if let Some((_, name)) = names.iter().rev().find(|(_, n)| edges(n, &|w| w.eq_ignore_ascii_case(kind))) {
        return Some(name.join(" "));
    }
    let kinds = rules.lexicon(lang, "company-kinds");
    if !kinds.has(kind) {
        return None;
    }
    let marks = rules.lexicon(lang, "organisation-marks");
    let after_kind = |at: usize| doc[..at].trim_end().rsplit(' ').next().is_some_and(|w| kinds.has(w));
    let latest = |test: &dyn Fn(&OrgName) -> bool| names.iter().rev().find(|n| test(n)).map(|(_, n)| n.join(" "));
    latest(&|(at, _)| after_kind(*at)).or_else(|| latest(&|(_, n)| edges(n, &|w| marks.has(w))))
}

/// "In a statement, the firm said …. “…,” the statement said.", "Dalam siaran pers, dinas itu
/// menyebut …. Pernyataan tersebut juga …": a document pointed back to (the article, or a
/// demonstrative after it) speaks for whoever spoke in the latest earlier sentence that named
/// it. Returns that quote's index in `earlier`.
fn document_named_before(rules: &Compiled, lang: Lang, doc: &str, mention: &str, earlier: &[Found]) -> Option<usize> {
    let noun = match mention.split(' ').collect::<Vec<_>>()[..] {
        [the, noun] if the.eq_ignore_ascii_case("the") => noun,
        [noun, this] if rules.has(lang, "demonstratives", this) => noun,
        _ => return None,
    };
    if !rules.has(lang, "document-nouns", noun) {
        return None;
    }
    let named = |sentence: &str| sentence.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case(noun));
    earlier.iter().rposition(|f| f.speaker.is_some() && named(&doc[f.sentence.clone()]))
}

/// The sentence that ends before `start`, without its closing punctuation or quote mark, nor
/// the dateline that may open its paragraph.
fn previous_sentence(doc: &str, start: usize) -> &str {
    let before = doc[..start].trim_end().trim_end_matches(['.', '!', '?', '"', '”']);
    crate::text::after_dateline(before[before.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1)..].trim_start())
}

/// "The Tenants' Association rejected the plan. They said …", "PPT menolak rencana itu. Mereka
/// menilai …": the organisation named as the subject of the sentence before `start` (the run of
/// capitals just before its first lower-case word), which a plural pronoun opening the next
/// sentence points to. A run is an organisation by one of its words (see `<lang>/bodies`,
/// `<lang>/organisation-marks`, `<lang>/organisation-heads`).
fn subject_organisation(rules: &Compiled, lang: Lang, doc: &str, start: usize) -> Option<String> {
    sentence_organisation(rules, lang, previous_sentence(doc, start))
}

/// The organisation named as the subject of `prev` (see [`subject_organisation`]).
fn sentence_organisation(rules: &Compiled, lang: Lang, prev: &str) -> Option<String> {
    // The subject's run ends where the first lower-case word (its verb) begins; an acronym in
    // brackets may stand between ("Paguyuban Petani (PPT) menolak").
    let words: Vec<&str> = prev.split_whitespace().collect();
    // "of", "and" between capitals join a name ("The Port of Kelso's Harbour Board").
    let joins = |i: usize| {
        matches!(words[i], "of" | "and" | "&" | "dan")
            && words.get(i + 1).is_some_and(|w| w.starts_with(char::is_uppercase))
    };
    let verb = (0..words.len())
        .find(|&i| words[i].starts_with(char::is_lowercase) && !joins(i))
        .map(|i| words[i].as_ptr() as usize - prev.as_ptr() as usize)?;
    let subject = &prev[..verb];
    let lexicons = ["bodies", "organisation-marks", "organisation-heads"].map(|l| rules.lexicon(lang, l));
    let organisation = |name: &[&str]| name.len() >= 2 && name.iter().any(|w| Lexicon::any(&lexicons, w, ""));
    // "Ratusan nelayan yang tergabung dalam Aliansi X berunjuk rasa.": a group that belongs to
    // a body, named right after the phrase that says so, speaks as the body.
    if let Some(name) = member_of(rules, lang, prev) {
        return organisation(&name).then(|| name.join(" "));
    }
    let (_, name) = org_names(subject).pop()?;
    let mut after = subject[subject.rfind(name.last()?)?..].split_whitespace().skip(1);
    if after.any(|w| !(w.starts_with('(') && w.ends_with(')'))) {
        return None;
    }
    organisation(&name).then(|| name.join(" "))
}

/// "Ratusan nelayan dari Pulau Sebira berunjuk rasa. Mereka meminta …", "Dozens of nurses from
/// Kell Hospital walked out. They said …": a group opening `sentence` (a
/// `<lang>/group-quantities` word, a head noun, and perhaps where it is from) is who a plural
/// pronoun opening the next sentence means, or who a participle later in the sentence reports
/// ("…, demanding that …"). The group is named without its quantity. A body named after its
/// kind ("Environmental group Green Coast blamed …, claiming that …") is that body.
fn subject_group(rules: &Compiled, lang: Lang, sentence: &str) -> Option<String> {
    let quantities = rules.lexicon(lang, "group-quantities");
    let words: Vec<&str> = sentence.split_whitespace().take(10).collect();
    let Some(n) = (1..=2).rev().find(|&n| n < words.len() && quantities.has(&words[..n].join(" "))) else {
        return kind_named(rules, lang, sentence);
    };
    // "Dozens of dock workers": up to two lower-case words may come before the head noun.
    let h = (n..words.len().min(n + 3))
        .take_while(|&h| words[h].starts_with(char::is_lowercase))
        .find(|&h| rules.has(lang, "speaker-heads", words[h].trim_end_matches(',')))?;
    // "Ratusan buruh pabrik gula berunjuk rasa …": in Indonesian up to two lower-case words after
    // the head modify it, up to a verb ("menggelar", "berunjuk", "ditangkap") or a word that ends
    // a mention ("yang", "di").
    let modifier = |w: &str| {
        lang == Lang::Id
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !verb_form(w, &["me", "be", "di", "te"])
            && !rules.has(lang, "speaker-stop", w)
            && !rules.has(lang, "clause-markers", w)
    };
    let h =
        if words[h].ends_with(',') { h } else { h + words[h + 1..].iter().take(2).take_while(|w| modifier(w)).count() };
    let mut group: Vec<&str> = words[n..=h].iter().map(|w| w.trim_end_matches(',')).collect();
    // Where the group is from, with a preposition ("from Kell Hospital") or without ("nelayan
    // Desa Sukaraja"), unless a comma ends the head.
    let from = words.get(h + 1).filter(|&&w| matches!(w, "dari" | "asal" | "from" | "of" | "at"));
    let at = h + 1 + usize::from(from.is_some());
    let place: Vec<&str> =
        words[at.min(words.len())..].iter().take_while(|w| w.starts_with(char::is_uppercase)).copied().collect();
    if !place.is_empty() && !words[h].ends_with(',') {
        group.extend(from);
        group.extend(place.iter().map(|w| w.trim_end_matches(',')));
    }
    Some(group.join(" "))
}

/// "Environmental group Green Coast": at most two modifiers, a lower-case head noun of
/// `<lang>/speaker-heads`, then a name with no title word in it (see [`org_names`]); the name.
fn kind_named(rules: &Compiled, lang: Lang, sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().take(4).collect();
    let h = (1..words.len().min(3))
        .find(|&h| words[h].starts_with(char::is_lowercase) && rules.has(lang, "speaker-heads", words[h]))?;
    let at = words.get(h + 1)?.as_ptr() as usize - sentence.as_ptr() as usize;
    let (start, name) = org_names(&sentence[at..]).into_iter().next()?;
    (start == 0 && !name.iter().any(|w| rules.has(lang, "titles", w))).then(|| name.join(" "))
}

/// The run of capitals right after a phrase of `<lang>/membership` that starts within the first
/// nine words of `sentence` ("yang tergabung dalam", "members of").
fn member_of<'s>(rules: &Compiled, lang: Lang, sentence: &'s str) -> Option<Vec<&'s str>> {
    let membership = rules.lexicon(lang, "membership");
    let words: Vec<&str> = sentence.split_whitespace().take(12).collect();
    (0..words.len().min(9)).find_map(|i| {
        let n = (1..=3).rev().find(|&n| i + n <= words.len() && membership.has(&words[i..i + n].join(" ")))?;
        let rest = words.get(i + n)?;
        let at = rest.as_ptr() as usize - sentence.as_ptr() as usize;
        let (start, name) = org_names(&sentence[at..]).into_iter().next()?;
        (start == 0).then_some(name)
    })
}

/// The first titled name introduced after `from` whose title holds the head word of `role`
/// ("minister" of "the emergency services minister"), or who is given that very role in
/// apposition ("Direktur RSUD Sukamaju, dr. Andi Wijaya,"), with that title: who a role nobody
/// held before means when the name comes later (a standfirst, then the body).
fn named_after<'i>(
    rules: &Compiled,
    lang: Lang,
    intros: &'i [Intro],
    from: usize,
    role: &str,
) -> Option<(&'i str, &'i str)> {
    let head = role.rsplit(' ').next()?;
    // A role opened by a title word is a person's ("Chief executive"), not a body's name.
    let first = role.split(' ').find(|w| !matches!(*w, "the" | "The")).unwrap_or("");
    let person = rules.has(lang, "titles", first);
    let suffix = format!(" {}", role.to_lowercase());
    intros.iter().filter(|i| i.at >= from).find_map(|i| {
        let (name, title) = i.titled.as_ref()?;
        if let Some(given) = i.role.as_deref().filter(|r| r.eq_ignore_ascii_case(role)) {
            return Some((name.as_str(), given));
        }
        // "Kepala Bidang Kepesertaan BPJS Ketenagakerjaan" works for the body "BPJS Ketenagakerjaan";
        // she is not the body ("Skylark's chief executive" is the chief executive).
        let member = !person && role.contains(' ') && title.to_lowercase().ends_with(&suffix);
        (!member && title.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case(head)))
            .then_some((name.as_str(), title.as_str()))
    })
}

/// A name's start and its words.
type OrgName<'t> = (usize, Vec<&'t str>);

/// Runs of capitalised words in `text`, joined by "and", "of" or "&" ("Transport and Public
/// Works Ministry", "Bank of Orlund"), without a leading "The", each with its start.
fn org_names(text: &str) -> Vec<OrgName<'_>> {
    let mut names: Vec<OrgName> = Vec::new();
    let mut current: Option<OrgName> = None;
    let mut line_end = 0;
    for (at, word) in text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)) {
        // A name does not run across lines (a menu above a headline is no name).
        if text[line_end..at].contains('\n')
            && let Some(run) = current.take()
        {
            names.push(run);
        }
        line_end = at + word.len();
        let bare = word.trim_end_matches([',', '.', ';', ':', ')', '"', '”', '’']);
        let capital = bare.starts_with(char::is_uppercase);
        let joiner = matches!(bare, "and" | "of" | "&" | "dan") && current.is_some();
        if current.is_none() && bare == "The" {
            continue;
        }
        if capital || joiner {
            current.get_or_insert((at, Vec::new())).1.push(bare);
        } else if let Some(run) = current.take() {
            names.push(run);
        }
        // A word that ends in punctuation ends the run.
        if bare.len() != word.len()
            && let Some(run) = current.take()
        {
            names.push(run);
        }
    }
    names.extend(current);
    for (_, run) in &mut names {
        while run.last().is_some_and(|w| matches!(*w, "and" | "of" | "&" | "dan")) {
            run.pop();
        }
    }
    names.retain(|(_, run)| !run.is_empty());
    names
}

/// A speaker named by one word ("Rahmat") takes the full name the article gives elsewhere
/// ("Pelatih tim nasional bola voli Rahmat Hidayat"), when that word begins or ends it.
fn complete_names(rules: &Compiled, doc: &str, people: &mut People, intros: &[Intro]) {
    // Each run read at most once, and only when a one-word speaker's name is one of its words:
    // its words folded, then (rarely) its name, if of two words or more, with its first and
    // last words folded.
    let mut words: Vec<Option<Vec<String>>> = vec![None; intros.len()];
    let mut named: Vec<Option<Option<(Named, String, String)>>> = vec![None; intros.len()];
    let keep = people.keep;
    for person in &mut people.people {
        // A name of several words makes the canonical name several words long.
        if person.names.iter().any(|n| n.split_whitespace().nth(1).is_some()) {
            continue;
        }
        let canonical = person.canonical();
        if canonical.contains(' ') || canonical.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let key = canon::fold(canonical);
        let full = (0..intros.len()).find_map(|j| {
            let run = words[j].get_or_insert_with(|| {
                doc[intros[j].span.clone()]
                    .split_whitespace()
                    .flat_map(|w| [w, w.trim_end_matches(','), w.trim_end_matches([',', '.'])])
                    .map(canon::fold)
                    .collect()
            });
            if !run.contains(&key) {
                return None;
            }
            let entry = named[j].get_or_insert_with(|| {
                let (name, title) = intros[j].named(rules, doc)?;
                let words: Vec<String> = name.split_whitespace().map(canon::fold).collect();
                let (first, last) = (words.first()?.clone(), words.last()?.clone());
                (words.len() >= 2).then_some(((name, title), first, last))
            });
            entry.as_ref().filter(|(_, first, last)| *first == key || *last == key).map(|(n, _, _)| n.clone())
        });
        if let Some((name, title)) = full {
            person.add_name(&name, keep);
            person.titles.extend(title);
        }
    }
}

fn anaphora(target: Option<usize>, mention: Option<(String, Option<Range<usize>>)>, why: String) -> Attribution {
    Attribution {
        person: target,
        name: None,
        mention,
        title: None,
        resolution: if target.is_some() { Resolution::Anaphora } else { Resolution::Unresolved },
        why,
    }
}
