//! The whole pipeline for one document: text -> language -> candidates -> rules -> attribution
//! -> output. [`Engine`] holds the compiled rules; it is `Sync`, so one engine serves every
//! thread of a corpus run.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::attrib::source::{self, Credits};
use crate::attrib::{self, Found};
use crate::detect::{self, Candidates};
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::output::{Cue, Document, Quote, QuoteKind, SCHEMA, Source, Speaker};
use crate::rules::compile::Lexicon;
use crate::rules::matcher::{self, RuleMatch, Trial};
use crate::rules::{self, Compiled, Kind};
use crate::text::{self, Boilerplate, CharIndex};

/// Rule ids of the two mechanisms that are not rule files: the second half of a split quote
/// ("A," kata X, "B.") and a quote paragraph continuing the previous speaker.
pub const SPLIT_QUOTE: &str = "split-quote";
pub const CONTINUATION: &str = "continuation";

pub struct Engine {
    rules: Compiled,
    lang: Option<Lang>,
}

impl Engine {
    /// The built-in rules plus `dirs` (unless `defaults` is false), compiled once.
    pub fn load(defaults: bool, dirs: &[PathBuf]) -> Result<Engine, Vec<Diagnostic>> {
        Ok(Engine { rules: rules::build(defaults, dirs)?, lang: None })
    }

    /// Forces every paragraph to one language instead of detecting it.
    pub fn with_lang(mut self, lang: Option<Lang>) -> Engine {
        self.lang = lang;
        self
    }

    /// Tries every rule on every sentence instead of only where its cue words occur: slower,
    /// and the output must be the same (tests check that the prefilter never loses a quote).
    pub fn without_prefilter(mut self) -> Engine {
        self.rules.gate = false;
        self
    }

    pub fn rules(&self) -> &Compiled {
        &self.rules
    }

    /// Extracts every quote and claim of `text`. Never fails: text with nothing attributable
    /// gives a document with no quotes.
    pub fn extract(&self, text: &str, document: &str) -> Document {
        self.extract_as(text, document, self.lang)
    }

    /// [`Engine::extract`] with the language forced (`Some`) or detected (`None`).
    pub fn extract_as(&self, text: &str, document: &str, lang: Option<Lang>) -> Document {
        let doc = self.run(text, document, lang, None);
        // Between documents, where no search holds a cache.
        crate::rules::cache::trim();
        doc
    }

    /// Extracts and records every decision on the way (for `kutip explain`).
    pub fn explain(&self, text: &str, lang: Option<Lang>) -> (Document, Trace) {
        let mut trace = Trace::default();
        let doc = self.run(text, "explain", lang.or(self.lang), Some(&mut trace));
        (doc, trace)
    }

    fn run(&self, text: &str, document: &str, lang: Option<Lang>, mut trace: Option<&mut Trace>) -> Document {
        let rules = &self.rules;
        let mut body = Vec::new();
        let paragraphs = text::paragraphs(text);
        // A caption whose credit is the next line ("Ana Ruiz for NPR") is no body either.
        let credited = |i: usize| {
            paragraphs.get(i + 1).is_some_and(|next| {
                text[paragraphs[i].range.end..next.range.start].matches('\n').count() == 1
                    && Boilerplate::is_credit_line(&text[next.range.clone()])
            })
        };
        for (i, p) in paragraphs.iter().cloned().enumerate() {
            let is_body = rules.boilerplate.is_body(&text[p.range.clone()]) && !credited(i);
            if let Some(t) = trace.as_deref_mut() {
                t.paragraphs.push(ParagraphTrace {
                    index: p.index,
                    text: clip(&text[p.range.clone()]),
                    body: is_body,
                    ..Default::default()
                });
            }
            if is_body {
                body.push(p);
            }
        }
        let langs = match lang {
            Some(l) => vec![l; body.len()],
            None => crate::lang::detect_all(&body.iter().map(|p| &text[p.range.clone()]).collect::<Vec<_>>()),
        };
        let cands: Vec<Candidates> =
            body.into_iter().zip(langs).map(|(p, l)| detect::candidates(rules, text, p, l)).collect();
        let home = home_outlet(rules, text, &cands);
        let mut found: Vec<Found> = Vec::new();
        // Parent of an inheriting quote, by the parent's content start (indices move on sorting).
        let mut parents: Vec<Option<usize>> = Vec::new();
        for (ci, c) in cands.iter().enumerate() {
            let mut first = found.len();
            let mut claimed = vec![false; c.quotes.len()];
            let mut ptrace =
                trace.as_deref_mut().and_then(|t| t.paragraphs.iter_mut().find(|p| p.index == c.paragraph.index));
            if let Some(pt) = ptrace.as_deref_mut() {
                pt.language = Some(c.lang.code());
                pt.quote_marks = c.quotes.iter().map(|q| clip(&text[q.content.clone()])).collect();
            }
            for (si, sentence) in c.sentences.iter().enumerate() {
                let mut trials = Vec::new();
                let admit = |m: &RuleMatch| match home.zip(m.speaker.as_ref()) {
                    Some((home, s)) if own_report(&text[s.clone()], home) => {
                        Err("the page's own outlet reports it (its dateline names the outlet): no quote")
                    }
                    _ => self.admit(text, c.lang, m),
                };
                let matches =
                    matcher::match_sentence(rules, text, c, si, &admit, ptrace.is_some().then_some(&mut trials));
                let credits = std::cell::OnceCell::new();
                let credits = || {
                    credits.get_or_init(|| {
                        Credits::find(rules, c.lang, &c.masked, c.paragraph.range.start, sentence.clone())
                    })
                };
                for m in matches {
                    let made = if rules.rules[m.rule].previous {
                        let before = if si > 0 {
                            Some((c, c.sentences[si - 1].clone()))
                        } else {
                            // The frame opens its paragraph: the claim ends the body paragraph before.
                            ci.checked_sub(1)
                                .map(|p| &cands[p])
                                .filter(|p| p.paragraph.index + 1 == c.paragraph.index)
                                .and_then(|p| p.sentences.last().map(|s| (p, s.clone())))
                        };
                        self.frame_claim(text, sentence, credits(), &m, before, &found)
                    } else {
                        self.found(text, c, sentence, credits(), &m, &mut claimed)
                    };
                    match made {
                        Ok(f) => {
                            // A frame that names a quote's speaker replaces its reading as a
                            // continuation (made when the quote ended the paragraph before).
                            if let Some(i) = found.iter().position(|x| x.content == f.content) {
                                found.remove(i);
                                parents.remove(i);
                                // It ended the paragraph before: this paragraph's finds moved up.
                                if i < first {
                                    first -= 1;
                                }
                            }
                            if let Some(qi) = c.quotes.iter().position(|q| q.content == f.content) {
                                claimed[qi] = true;
                            }
                            found.push(f);
                            parents.push(None);
                        }
                        Err(why) => {
                            // Tell `explain` why a match left no quote.
                            if let Some((_, t)) = trials.iter_mut().find(|(ri, t)| {
                                *ri == m.rule
                                    && matches!(t, Trial::Matched(x) if x.content == m.content && x.quote == m.quote)
                            }) {
                                *t = Trial::Dropped(m.clone(), why);
                            }
                        }
                    }
                }
                if let Some(pt) = ptrace.as_deref_mut() {
                    pt.sentences.push(sentence_trace(rules, text, c, si, &trials));
                }
            }
            // The first direct quote a rule attributed in each sentence, for split quotes.
            let mut direct_by_sentence: std::collections::HashMap<usize, usize, crate::rules::compile::Fnv> =
                Default::default();
            for (i, f) in found.iter().enumerate().skip(first) {
                if f.kind == QuoteKind::Direct {
                    direct_by_sentence.entry(f.sentence.start).or_insert(i);
                }
            }
            // Where the earliest quote of this paragraph ends: a floating quote must come after one.
            let mut earliest_end = found[first..].iter().map(|f| f.content.end).min().unwrap_or(usize::MAX);
            for (qi, q) in c.quotes.iter().enumerate() {
                if claimed[qi] {
                    continue;
                }
                let si = c.sentences.partition_point(|s| s.end <= q.outer.start);
                let Some(sentence) = c.sentences.get(si).filter(|s| s.start <= q.outer.start) else {
                    continue;
                };
                let mut note = |why: String| {
                    if let Some(pt) = ptrace.as_deref_mut() {
                        pt.unclaimed_quotes.push(format!("«{}»: {why}", clip(&text[q.content.clone()])));
                    }
                };
                // A title or term in marks ("usai diskusi “Platform Ekonomi Indonesia Menuju 2025”")
                // is no second half of the quote before it.
                if matcher::scare_quote(&text[q.content.clone()]) || matcher::work_title(rules, c.lang, text, q) {
                    note(
                        "dropped: a short or title-case quote without closing punctuation is a term or a title".into(),
                    );
                    continue;
                }
                let same_sentence = direct_by_sentence.get(&sentence.start).map(|&i| &found[i]);
                let (parent, rule) = match same_sentence {
                    Some(p) => (p, SPLIT_QUOTE),
                    // A quote that opens its paragraph, or is a sentence on its own after a quote of
                    // this paragraph, continues the speaker before it (GGT's "floating quotes").
                    None if floating(text, c, q, sentence, earliest_end) => {
                        match found
                            .iter()
                            .rev()
                            .find(|f| f.content.start < q.content.start && f.paragraph + 2 >= c.paragraph.index)
                        {
                            Some(p) => (p, CONTINUATION),
                            None => {
                                note("dropped: a floating quote with no quote before it to continue".into());
                                continue;
                            }
                        }
                    }
                    None => {
                        note("dropped: no rule attributes it and it does not continue a quote (a scare quote, term or title)".into());
                        continue;
                    }
                };
                note(format!("kept as {rule} of «{}»", clip(&text[parent.content.clone()])));
                // One interview: the second half of a split quote, or a quote after it in its
                // paragraph, came through the same outlet.
                let same_paragraph = rule == SPLIT_QUOTE || parent.paragraph == c.paragraph.index;
                let (parent_start, parent_cue, parent_source) =
                    (parent.content.start, parent.cue.clone(), parent.source.clone().filter(|_| same_paragraph));
                found.push(Found {
                    kind: QuoteKind::Direct,
                    content: q.content.clone(),
                    speaker: None,
                    cue: if rule == SPLIT_QUOTE { parent_cue } else { None },
                    rule: format!("{}/{rule}", c.lang.code()),
                    lang: c.lang,
                    paragraph: c.paragraph.index,
                    sentence: sentence.clone(),
                    inherit: None,
                    possessive: false,
                    source: parent_source,
                });
                parents.push(Some(parent_start));
                earliest_end = earliest_end.min(q.content.end);
            }
        }
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&i| (found[i].content.start, found[i].content.end));
        let mut sorted: Vec<Found> = Vec::with_capacity(found.len());
        for &i in &order {
            let mut f = found[i].clone();
            if sorted.last().is_some_and(|l: &Found| l.content == f.content) {
                continue;
            }
            f.inherit = parents[i].and_then(|start| sorted.iter().position(|p| p.content.start == start));
            // "X said that A reached Penang, which …, but warned that B": a speaker read inside the
            // claim that ends at the join before the cue is a word of that claim; the second
            // verb shares the first one's subject.
            if let (Some(sp), Some(cue), None) = (f.speaker.clone(), f.cue.clone(), f.inherit) {
                let joined = |p: &Found| {
                    let gap = text.get(p.content.end..cue.start).unwrap_or("");
                    let mut words = gap.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
                    words.next().is_some_and(|w| rules.has(f.lang, "cue-joins", w))
                        && words.all(|w| rules.has(f.lang, "pre-cue-gap", w))
                };
                let inside = |p: &Found| p.content.start <= sp.start && sp.end <= p.content.end && joined(p);
                // Only the claims of its own sentence, which sort just before it: a document of
                // many quotes is not scanned once per quote.
                let same = sorted.iter().rev().take_while(|p| p.sentence == f.sentence).position(inside);
                f.inherit = same.map(|k| sorted.len() - 1 - k);
            }
            sorted.push(f);
        }

        let mut intros = Vec::new();
        if !sorted.is_empty() {
            for c in &cands {
                let r = &c.paragraph.range;
                let first = sorted.partition_point(|f| f.content.start < r.start);
                let last = sorted.partition_point(|f| f.content.start < r.end);
                // Names inside a claim are not speakers, except in the sentence a frame ("Hal itu
                // disampaikannya") attributes: its subject is who the frame points back to.
                let skip: Vec<Range<usize>> = sorted[first..last]
                    .iter()
                    .filter(|f| f.sentence.start < f.content.end)
                    .map(|f| f.content.clone())
                    .chain(c.quotes.iter().map(|q| q.outer.clone()))
                    .collect();
                for s in &c.sentences {
                    attrib::intros(rules, c.lang, &c.masked, c.paragraph.range.start, s.clone(), &skip, &mut intros);
                }
            }
        }
        let (attributions, people) = attrib::resolve(rules, text, &sorted, &intros);
        if let Some(t) = trace {
            t.attributions = sorted
                .iter()
                .zip(&attributions)
                .map(|(f, a)| format!("«{}» ({}): {}", clip(&text[f.content.clone()]), f.rule, a.why))
                .collect();
        }

        let index = CharIndex::new(text);
        let quotes = sorted
            .iter()
            .zip(attributions)
            .map(|(f, a)| {
                let person = a.person.map(|p| &people.people[p]);
                let name = person.map(|p| p.canonical().to_string()).or(a.name.clone());
                let title = a.title.clone().or_else(|| person.and_then(|p| p.titles.first().cloned()));
                let speaker = (name.is_some() || a.mention.is_some()).then(|| Speaker {
                    name,
                    mention: a.mention.as_ref().map(|m| m.0.clone()),
                    title,
                    resolution: a.resolution,
                    span: a.mention.as_ref().and_then(|m| m.1.clone()).map(|r| index.span(r)),
                });
                // An outlet reporting for itself ("lapor Interfax", "…, Reuters reported") is both the
                // speaker and the channel the claim came through (the brief lists "lapor Interfax"
                // as a source).
                let source = f
                    .source
                    .clone()
                    .map(|(name, r)| Source { name: source::full_name(text, &name), span: index.span(r) });
                Quote {
                    kind: f.kind,
                    text: text[f.content.clone()].to_string(),
                    span: index.span(f.content.clone()),
                    speaker,
                    cue: f.cue.clone().map(|r| Cue { text: text[r.clone()].to_string(), span: index.span(r) }),
                    source,
                    language: f.lang.code().to_string(),
                    rule: f.rule.clone(),
                    paragraph: f.paragraph,
                }
            })
            .collect();
        Document {
            schema: SCHEMA.to_string(),
            document: document.to_string(),
            language: doc_language(text, &cands),
            quotes,
        }
    }

    /// Whether the matcher may keep `m`, and its trimmed claim: a claim found in its own
    /// sentence must survive [`claim_content`] (the claim of a frame sentence is checked in
    /// [`Engine::frame_claim`]).
    pub fn admit(&self, text: &str, lang: Lang, m: &RuleMatch) -> Result<Option<Range<usize>>, &'static str> {
        // "Indonesia's president on Monday ordered …", "Laporan itu pada Oktober lalu menyebutkan":
        // a day or a month, alone or after a preposition ending the speaker, is when, not who.
        let when = [self.rules.lexicon(lang, "days"), self.rules.lexicon(lang, "months")];
        let speaker = m.speaker.as_ref().map(|s| text[s.clone()].trim());
        let dated = |s: &str| {
            let mut last = s.rsplit(' ');
            let (day, before) = (last.next().unwrap_or(""), last.next());
            Lexicon::any(&when, day, "")
                && before.is_none_or(|w| w.starts_with(char::is_lowercase) && !w.ends_with(','))
        };
        if speaker.is_some_and(dated) {
            return Err("the speaker is a day or a month: the date of the statement, not who spoke");
        }
        // "The airline cancelled … but said …": an article opening the sentence is no name.
        if speaker.is_some_and(|s| matches!(s, "The" | "A" | "An")) {
            return Err("the speaker is an article alone");
        }
        // "urged the council to freeze rents for a year and demanded that …":
        // words ending in "and" are the end of a clause before a second verb, not a subject.
        if speaker.is_some_and(|s| s.rsplit(' ').next().is_some_and(|w| self.rules.has(lang, "cue-joins", w))) {
            return Err("the speaker ends with a conjunction: the words before a second verb, not a subject");
        }
        // "polisi belum mau memastikan …", "declined to say whether …": a speech act the
        // speaker held back reports nothing.
        if let (Some(sp), Some(cue)) = (&m.speaker, &m.cue)
            && sp.start < cue.start
        {
            let negations = self.rules.lexicon(lang, "negations");
            let mut before = text[sp.start..cue.start]
                .split_whitespace()
                .rev()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
            // "… yang meminta namanya tidak ditulis mengatakan": a negated passive before the
            // cue is a relative clause's, not the speech act's.
            let (next, further) = (before.next().unwrap_or(""), before.next().unwrap_or(""));
            let passive = attrib::verb_form(next, &["di"]) && lang == Lang::Id;
            // A capitalised "Not" is a name's ("the campaign group Parks Not Parking said").
            let negation = |w: &str| negations.has(w) && !w.starts_with(char::is_uppercase);
            if negation(next) || negation(further) && !passive {
                return Err("the speech act is negated or declined");
            }
        }
        if m.kind == Kind::Direct || self.rules.rules[m.rule].previous {
            return Ok(None);
        }
        // "Two roads were shut, the council said, adding that …": a participle after a cue
        // inside the clause continues the attribution; the clause ended before it.
        if let (Some(content), Some(sp), Some(cue)) = (&m.content, &m.speaker, &m.cue)
            && content.start < cue.start
            && sp.end.max(cue.end) < content.end
            && text[sp.end.max(cue.end)..content.end].trim_start().strip_prefix(',').is_some_and(|rest| {
                rest.split_whitespace().next().is_some_and(|w| self.rules.has(lang, "cue-participle", w))
            })
        {
            return Err("a participle after the attribution continues it: the clause ended before the cue");
        }
        claim_content(&self.rules, lang, text, m).map(Some)
    }

    /// The claim of a frame sentence ("Hal itu disampaikan X"): the sentence `before` it, when
    /// no quote or claim was found there and it reads as a clause.
    fn frame_claim(
        &self,
        text: &str,
        sentence: &Range<usize>,
        credits: &Credits,
        m: &RuleMatch,
        before: Option<(&Candidates, Range<usize>)>,
        found: &[Found],
    ) -> Result<Found, &'static str> {
        let rules = &self.rules;
        let (prev, range) = before.ok_or("no sentence before the frame in its paragraph or the one before")?;
        let source = credits.outside(&(0..0)).map(|(_, r)| (text[r.clone()].to_string(), r));
        let made = |kind, content| Found {
            kind,
            content,
            speaker: m.speaker.clone(),
            cue: m.cue.clone(),
            rule: rules.rules[m.rule].id.clone(),
            lang: prev.lang,
            paragraph: prev.paragraph.index,
            sentence: sentence.clone(),
            inherit: None,
            possessive: false,
            source: source.clone(),
        };
        if let Some(q) = prev.quotes.iter().find(|q| range.start <= q.outer.start && q.outer.end <= range.end) {
            // A quote that is the whole sentence before, with no cue of its own ("“…” Hal itu
            // disampaikan X."): the frame names its speaker, where the quote would otherwise
            // pass for the previous speaker's continuation.
            let bare =
                |s: &str| s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?')).is_empty();
            if !bare(&text[range.start..q.outer.start]) || !bare(&text[q.outer.end..range.end]) {
                return Err("the sentence before holds a quote and more; quote rules attribute it");
            }
            let continued = |f: &Found| f.content == q.content && f.rule.ends_with(CONTINUATION);
            if found.iter().any(|f| f.content.start < q.outer.end && q.outer.start < f.content.end && !continued(f)) {
                return Err("the quote before is already attributed");
            }
            return Ok(made(QuoteKind::Direct, q.content.clone()));
        }
        if found.iter().any(|f| f.content.start < range.end && range.start < f.content.end) {
            return Err("the sentence before already holds a quote or claim");
        }
        let content = trim_claim(text, range);
        if content.is_empty() {
            return Err("the sentence before is empty once trimmed");
        }
        if rules.rules[m.rule].clause && !looks_like_clause(rules, prev.lang, &text[content.clone()], "") {
            return Err("the sentence before does not read as a clause (clause = true)");
        }
        Ok(made(QuoteKind::Indirect, content))
    }

    fn found(
        &self,
        text: &str,
        c: &Candidates,
        sentence: &Range<usize>,
        credits: &Credits,
        m: &RuleMatch,
        claimed: &mut [bool],
    ) -> Result<Found, &'static str> {
        let rules = &self.rules;
        let rule = &rules.rules[m.rule];
        let (kind, content) = match m.kind {
            Kind::Direct => {
                let region = m.quote.clone().ok_or("the rule bound no quote")?;
                let qi = c
                    .quotes
                    .binary_search_by_key(&region.start, |q| q.outer.start)
                    .map_err(|_| "the quote slot does not start at a quote mark")?;
                claimed[qi] = true;
                (QuoteKind::Direct, c.quotes[qi].content.clone())
            }
            _ => {
                // The matcher admitted the claim, trimmed (`Engine::admit`).
                let content = m.claim.clone().ok_or("the matcher admitted no claim")?;
                // The quotes inside the claim (quotes are in text order).
                let inside = c.quotes.partition_point(|q| q.outer.start < content.start)
                    ..c.quotes.partition_point(|q| q.outer.start < content.end);
                let mixed = !inside.is_empty();
                claimed[inside].fill(true);
                (if mixed { QuoteKind::Mixed } else { QuoteKind::Indirect }, content)
            }
        };
        let exclude = m.quote.clone().unwrap_or(content.clone());
        let source = credits.outside(&exclude).map(|(_, r)| (text[r.clone()].to_string(), r));
        Ok(Found {
            kind,
            content,
            speaker: m.speaker.clone(),
            cue: m.cue.clone(),
            rule: rule.id.clone(),
            lang: c.lang,
            paragraph: c.paragraph.index,
            sentence: sentence.clone(),
            inherit: None,
            possessive: rule.possessive,
            source,
        })
    }
}

fn floating(text: &str, c: &Candidates, q: &text::QuoteMark, sentence: &Range<usize>, earliest_end: usize) -> bool {
    if text[q.content.clone()].split_whitespace().count() < 3 {
        return false;
    }
    let opens_paragraph = q.outer.start == c.paragraph.range.start;
    let whole_sentence = q.outer.start == sentence.start && text[q.outer.end..sentence.end].trim().len() <= 1;
    opens_paragraph || whole_sentence && earliest_end <= q.outer.start
}

/// The outlet that published the page, as its first dateline names it ("TEMPO.CO, Jakarta - ",
/// "Coralbay (AFP) - "), without its domain ("TEMPO", "AFP").
fn home_outlet<'t>(rules: &Compiled, text: &'t str, cands: &[Candidates]) -> Option<&'t str> {
    let (c, dateline) = cands.iter().find_map(|c| {
        let dateline = text::dateline(&text[c.paragraph.range.clone()]);
        (!dateline.is_empty()).then_some((c, dateline))
    })?;
    dateline
        .split([' ', ',', '(', ')', '-', '–', '—'])
        .find(|w| !w.is_empty() && rules.has(c.lang, "outlets", w))
        .map(outlet_stem)
}

/// An outlet's name without its web domain: "TEMPO.CO" and "Kompas.com" give "TEMPO", "Kompas".
fn outlet_stem(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// "Catatan Kompas.com menunjukkan …", "Laporan Kompas sebelumnya …", "…, Reuters reported
/// last year": a short speaker mention naming the page's own outlet is its own reporting, which is
/// no quote (FORMAT); another outlet's report is.
fn own_report(mention: &str, home: &str) -> bool {
    let words: Vec<&str> = mention.split_whitespace().collect();
    words.len() <= 3
        && words.iter().any(|w| outlet_stem(w.trim_matches(|c: char| !c.is_alphanumeric())).eq_ignore_ascii_case(home))
}

/// The claim a match binds, without the punctuation that joined it to its cue or a trailing
/// cue; an error when nothing is left or, for a `clause = true` rule, when it reads as a noun
/// phrase.
fn claim_content(rules: &Compiled, lang: Lang, text: &str, m: &RuleMatch) -> Result<Range<usize>, &'static str> {
    let mut bound = m.content.clone().ok_or("the rule bound no content")?;
    // "Two lifts were out of service, the council said, but it insisted …": a cue inside the claim joins
    // the words around it into one clause only when those after it go on with that clause.
    if let Some(cue) = &m.cue
        && bound.start < cue.start
        && cue.end < bound.end
    {
        let after = text[cue.end..bound.end].trim_start_matches([',', ' ']);
        let first = after.split(' ').next().unwrap_or("");
        if rules.has(lang, "cue-joins", first) || rules.has(lang, "clause-joins", first) {
            return Err("the words after the cue open a clause of their own, not the rest of this one");
        }
    }
    // "said the vote was unanimous and that …": the words before "and that" are the first of
    // two reported clauses, so the claim starts at the cue.
    if let Some(cue) = &m.cue
        && cue.end < bound.start
        && lang == Lang::En
        && text[cue.end..bound.start].trim_end().strip_suffix("that").is_some_and(|s| s.ends_with(" and "))
    {
        bound.start = cue.end;
    }
    // A claim read from right after its cue leaves out the "that" opening it (FORMAT), whichever
    // rule read it: in "X said …, but she added that …" the rule with "that" matched from X, so
    // the rule without it reads the second claim.
    if let Some(cue) = &m.cue
        && lang == Lang::En
        && cue.end <= bound.start
        && text[cue.end..bound.start].trim().is_empty()
        && let Some(rest) = text[bound.clone()].strip_prefix("that ")
    {
        bound.start = bound.end - rest.len();
    }
    let mut content =
        drop_trailing_cue(rules, lang, text, cut_at_second_cue(rules, lang, text, trim_claim(text, bound.clone())));
    // "announced that it would close the unit, citing rising costs and …": after a claim
    // read from its cue, an aside about why or how the speaker spoke closes it, however long.
    if let Some(cue) = &m.cue
        && cue.end <= content.start
        && let Some(comma) = last_comma(&text[content.clone()])
        && text[content.start + comma + 2..content.end].split(' ').next().is_some_and(|w| rules.has(lang, "asides", w))
    {
        content = trim_claim(text, content.start..content.start + comma);
    }
    if content.is_empty() {
        return Err("the claim is empty once its cue and punctuation are trimmed");
    }
    // "“…,” the mayor told councillors, according to AFP.": a claim before its cue that
    // holds a quote and that quote's own attribution is the quote's sentence, and its "according
    // to" names the quote's source.
    if m.cue.as_ref().is_some_and(|cue| content.end <= cue.start)
        && attributed_quote(rules, lang, &text[content.clone()])
    {
        return Err("the claim holds a quote with its own attribution");
    }
    // "Namun, menurut laporan X, sejumlah delegasi …": a connective alone before a cue inside
    // the sentence opens the sentence, and the claim is what follows the attribution.
    if let Some(cue) = &m.cue
        && content.start < cue.start
        && cue.end < content.end
        && text[content.start..cue.start]
            .trim_end()
            .strip_suffix(',')
            .is_some_and(|w| rules.has(lang, "connectives", w.trim()))
    {
        return Err("a connective alone opens the sentence before the attribution: the claim follows it");
    }
    // "warned of possible attacks": a cue with a prepositional object reports no claim.
    if m.cue.as_ref().is_some_and(|cue| cue.end <= content.start)
        && text[content.clone()].split_whitespace().next().is_some_and(|w| rules.has(lang, "object-prepositions", w))
    {
        return Err("the cue takes a prepositional object ('warned of …'), not a claim");
    }
    // "menjawab singkat ketika dihubungi.": when the speaker was asked, with nothing
    // after it, is circumstance; what was said stands elsewhere (a quote, the next sentence).
    if lang == Lang::Id
        && m.cue.as_ref().is_some_and(|cue| cue.end <= content.start)
        && !text[content.clone()].contains(',')
    {
        let mut words = text[content.clone()].split_whitespace().skip_while(|w| rules.has(lang, "manner-adverbs", w));
        if words.next().is_some_and(|w| rules.has(lang, "subordinators", w))
            && words.next().is_some_and(|w| attrib::verb_form(w, &["di"]))
        {
            return Err("the words after the cue only say when the speaker was asked, not what was said");
        }
    }
    // "Engineers said the bridge would reopen in May, but warned that …": a second reporting verb
    // between the cue and "that" owns the clause after it; the first cue's claim is elsewhere.
    if let Some(cue) = &m.cue
        && cue.end < content.start
        && cut_at_second_cue(rules, lang, text, cue.end..content.start) != (cue.end..content.start)
    {
        return Err("a second reporting verb stands between the cue and the claim");
    }
    // "said the council had refused to give a written promise that …": "said" takes no object, so
    // what stands between it and "that" is circumstance ("said on Monday that"); a clause
    // there is the claim itself, and the "that" inside it is its own.
    if let Some(cue) = &m.cue
        && cue.end < content.start
        && rules.has(lang, "cue-clausal", &text[cue.clone()])
    {
        let gap = text[cue.end..content.start].trim();
        let gap = gap.strip_suffix("that").unwrap_or(gap).trim_end();
        let first = gap.split_whitespace().next().unwrap_or("");
        let adjunct = first.is_empty()
            || rules.has(lang, "tail-start", first)
            || first.ends_with("ly")
            || !first.starts_with(char::is_lowercase);
        if !adjunct && looks_like_clause(rules, lang, gap, "") {
            return Err("the words between the cue and 'that' are a clause: the claim starts at the cue");
        }
    }
    // "…, the firm said on Monday, as it moves production abroad": a subordinate clause after the
    // attribution, its circumstance and a comma is circumstance too, not what was said ("X
    // mengatakan, saat ini …" is a claim).
    let after_attribution = m.cue.as_ref().map(|c| m.speaker.as_ref().map_or(c.end, |s| s.end.max(c.end)));
    if let Some(from) = after_attribution
        && from <= content.start
        && text[from..content.start].trim_end().ends_with(',')
        && text[from..content.start].contains(char::is_alphabetic)
        && text[content.clone()].split(' ').next().is_some_and(|w| rules.has(lang, "subordinators", w))
    {
        return Err("a subordinate clause after the attribution and a comma is circumstance, not the claim");
    }
    // "declared an incident after staff discovered that …": a subordinate clause between the
    // cue and the complementiser owns the complementiser; the cue's own claim is elsewhere.
    if let Some(cue) = &m.cue
        && cue.end < content.start
        && let Some((gap, last)) = text[cue.end..content.start].trim_end().rsplit_once(' ')
        && rules.has(lang, "directive-clauses", last)
    {
        let words: Vec<&str> = gap.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| rules.has(lang, "subordinators", w))
            && looks_like_clause(rules, lang, &words[i + 1..].join(" "), "")
        {
            return Err("a subordinate clause between the cue and 'that' owns the 'that'");
        }
    }
    // "told the inquiry the pumps had failed that week": a "that" with one word after it to the
    // sentence end is a determiner, not the complementiser opening a claim.
    if let Some(cue) = &m.cue
        && cue.end < content.start
        && text[cue.end..content.start]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| rules.has(lang, "directive-clauses", w))
        && !text[content.clone()].contains(' ')
    {
        return Err("'that' before a single word ('that week') is a determiner, not a complementiser");
    }
    // "asked visitors to keep away from any seals that come ashore": after a directive, an
    // addressee and its infinitive before "that" make it a relative pronoun inside what was
    // asked; the claim starts at the cue.
    if let Some(cue) = &m.cue
        && cue.end < content.start
        && rules.has(lang, "cue-directive", &text[cue.clone()])
        && text[cue.end..content.start].split_whitespace().any(|w| rules.has(lang, "infinitive-markers", w))
    {
        return Err(
            "the words between the directive and 'that' are its addressee and infinitive: the claim starts at the cue",
        );
    }
    // "The forum said passengers were owed refunds, Kompas.com reported.", "X said that …,
    // according to AFP": a claim that carries its own "said" (before any trimming cut it off)
    // before a report of it is the inner speaker's; the reporter is its source.
    if let Some(cue) = &m.cue
        && content.end <= cue.start
        && (rules.has(lang, "cue-report", &text[cue.clone()]) || rules.has(lang, "according", &text[cue.clone()]))
        && text[bound.clone()].split_whitespace().any(|w| rules.has(lang, "cue-clausal", w))
    {
        return Err("the outlet reports a claim that names its own speaker: the outlet is the source");
    }
    if names_term(rules, lang, text, m.cue.as_ref(), content.clone()) {
        return Err("the cue names a thing with a short term in quote marks: a name, not speech");
    }
    // "Indonesia's tourism minister, Tomi Wirawan, wrote …", "The UN food agency, WFP,
    // said …": a few words ending in a person's role or a speaker's head noun are the speaker
    // in apposition, not a claim before the attribution.
    let claim = &text[content.clone()];
    // "Site manager Oren Pratt, a civil engineer with …, told reporters that …": capitals and title
    // words alone are a titled name, the subject that a description follows. A head noun or a
    // titled name is a speaker only before the cue and with no verb.
    let last = claim.split_whitespace().next_back();
    let noun_phrase =
        || m.cue.as_ref().is_some_and(|c| content.end <= c.start) && !looks_like_clause(rules, lang, claim, "");
    // A long title joins its capitals with "for", "of", "and" ("State Minister for Fisheries
    // and Marine Resources").
    let titled_name = || {
        claim.split_whitespace().nth(12).is_none()
            && claim
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase) || rules.has(lang, "titles", w) || attrib::joins_title(w))
    };
    let head = || last.is_some_and(|w| rules.has(lang, "speaker-heads", w));
    let short = claim.split_whitespace().nth(6).is_none();
    if short && last.is_some_and(|w| rules.has(lang, "person-roles", w))
        || (short && head() || titled_name()) && noun_phrase()
    {
        return Err("the claim is a role or a titled name in apposition to the speaker");
    }
    // "demanded that landlords publish …", "asked whether …": a complementiser between the cue
    // and the claim makes the claim a clause, whatever its verb.
    let complement = m.cue.as_ref().is_some_and(|c| {
        c.end <= content.start
            && text[c.end..content.start].split_whitespace().any(|w| rules.has(lang, "directive-clauses", w))
    });
    // "said most rural clinics no longer open on Sundays": after "said" the words are a
    // clause, whether or not the test below finds a verb in them; unless they open with
    // circumstance ("said by phone") or a thing said ("mengatakan hal itu").
    let clausal = complement
        || m.cue.as_ref().is_some_and(|c| rules.has(lang, "cue-clausal", &text[c.clone()]))
            && !claim
                .split_whitespace()
                .next()
                .is_some_and(|w| rules.has(lang, "tail-start", w) || rules.has(lang, "object-nouns", w));
    if rules.rules[m.rule].clause
        && !clausal
        && !looks_like_clause(rules, lang, &text[content.clone()], m.cue.as_ref().map_or("", |c| &text[c.clone()]))
    {
        return Err("the claim has no verb form or clause marker, so it reads as a noun phrase (clause = true)");
    }
    // "The province has ordered the closure of all schools", "Jaksa menuntut terdakwa 10 tahun
    // penjara": a directive's object with no "to" / "untuk" (nor a clause: "that", "whether",
    // before the claim or opening it) is the thing ordered, not what should be done;
    // "up to 3 metres", "due to" are no infinitive (see the cue-directive lexicons). In
    // Indonesian an active meN- verb after the addressee does what "untuk" does ("menuntut
    // pemerintah membatalkan …").
    let infinitive = || {
        let words: Vec<&str> = claim.split_whitespace().collect();
        words
            .windows(2)
            .any(|w| rules.has(lang, "infinitive-markers", w[1]) && !rules.has(lang, "not-infinitive", w[0]))
            || lang == Lang::Id && words.iter().skip(1).take(3).any(|w| attrib::verb_form(w, &["me"]))
    };
    if let Some(cue) = &m.cue
        && cue.end <= content.start
        && rules.has(lang, "cue-directive", &text[cue.clone()])
        && !complement
        && !claim.split_whitespace().next().is_some_and(|w| rules.has(lang, "directive-clauses", w))
        && !infinitive()
    {
        return Err("a directive's object without 'to' is the thing ordered or urged, not a claim");
    }
    // "a nurse, who asked not to be named, said: …": asking for anonymity is no claim.
    let mut ends = claim.match_indices(' ').map(|(i, _)| i).chain([claim.len()]).skip(1).take(3);
    if ends.any(|end| rules.has(lang, "anonymity", claim[..end].trim_end_matches([',', '.']))) {
        return Err("the words after the cue ask for anonymity ('asked not to be named'): no claim");
    }
    // "…, one official said, declining to be named because …": what follows the cue says
    // how the speaker spoke; the claim, if any, came before.
    let after_cue =
        m.cue.as_ref().filter(|cue| cue.end < content.end).map(|cue| &text[cue.end.max(content.start)..content.end]);
    if after_cue
        .and_then(|s| s.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()))
        .is_some_and(|w| rules.has(lang, "asides", w))
    {
        return Err("the words after the cue are an aside about the speaker, not a claim");
    }
    // "Dinkes mencatat 486 kasus …", "Ia mengeluhkan fogging yang terlambat": such a cue takes
    // its bare complement as an object; a claim needs a comma, a colon or "bahwa" after it.
    if let Some(cue) = &m.cue
        && cue.end <= content.start
        && rules.has(lang, "cue-object", &text[cue.clone()])
        && !text[cue.end..content.start].contains([',', ':'])
        && !text[cue.end..content.start].split_whitespace().any(|w| matches!(w, "bahwa" | "kalau"))
    {
        return Err("the cue takes a noun-phrase object, and nothing marks what follows as a claim");
    }
    Ok(content)
}

/// "The council denied that residents were left alone, and said it had laid on a bus": a
/// second reporting verb joined by "and"/"but" with no subject of its own, or a participle
/// after a comma ("…, adding that …"), starts a second claim by the same speaker, so the first
/// ends before it. In Indonesian only after a comma ("…, dan menambahkan …", "…, tetapi menyebut
/// …"): without one, "dan menyebut …" may be what the reported subject did.
fn cut_at_second_cue(rules: &Compiled, lang: Lang, text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let words = s.split(' ').scan(0, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    });
    // Most words are not joins: the lexicons are asked only about short ones.
    let (joins, clause_joins) = (rules.lexicon(lang, "cue-joins"), rules.lexicon(lang, "clause-joins"));
    let is = |lexicon: Lexicon, w: &str| w.len() <= 7 && lexicon.has(w);
    // "conceded on Sunday but said …": once the circumstance is trimmed, a claim that opens with
    // the second verb belongs to that verb, not to this one.
    let mut opening = s.split_whitespace();
    if opening.next().is_some_and(|w| is(joins, w)) && opening.next().is_some_and(|w| rules.has(lang, "cue-clause", w))
    {
        return r.start..r.start;
    }
    // Indonesian cuts only after a comma, or before an act only the speaker does ("dan berjanji").
    let act = |v: &str| rules.has(lang, "joined-acts", v);
    if lang != Lang::En && !s.contains(',') && !s.split(' ').any(act) {
        return r;
    }
    // The word before, where it starts, and whether it is a join.
    let mut prev: Option<(usize, &str, bool)> = None;
    for (at, w) in words {
        // "…, and called on lawmakers to …": a cue may be two words. "…, but declined to comment"
        // is the speaker's act too, as is "… and promised to …", "… dan berjanji …" (no claim,
        // and never the reported subject's: see the joined-acts lexicons).
        let two = || s[at..].splitn(3, ' ').take(2).collect::<Vec<_>>().join(" ");
        let comma = || s[..at].trim_end().rsplit(' ').nth(1).is_some_and(|p| p.ends_with(','));
        let cue = |v: &str| rules.has(lang, "cue-clause", v) || rules.has(lang, "refusals", v);
        if let Some((join_at, _, true)) = prev
            && join_at > 0
            && [w, two().as_str()].into_iter().any(|v| (lang == Lang::En || comma()) && cue(v) || act(v))
        {
            return trim_claim(text, r.start..r.start + join_at);
        }
        // "… will help the reef recover, but fishermen warn of lost income", "… is ‘unfair’
        // as the transport minister urges drivers to …": a new subject and its own cue
        // start another attribution, which the claim does not run into.
        if at > 0 && is(clause_joins, w) && !prev.is_some_and(|(_, p, _)| rules.has(lang, "join-comparisons", p)) {
            let rest: Vec<&str> = s[at + w.len()..].split_whitespace().collect();
            let subject = rest.iter().take(6).position(|x| rules.has(lang, "cue-clause", x.trim_end_matches(',')));
            let plain = |ws: &[&str]| ws.iter().all(|x| !x.ends_with([',', '.', ';', ':']));
            if let Some(n) = subject
                && n >= 1
                && n + 1 < rest.len()
                && plain(&rest[..n])
                // "…, but she added that …": a subject pronoun is a clause marker, and a subject too.
                && rest[..n].iter().all(|x| {
                    (!rules.has(lang, "clause-markers", x) || rules.has(lang, "pronouns", x)) && !is(clause_joins, x)
                })
                && rest[n - 1].starts_with(|c: char| {
                    c.is_uppercase()
                        || ["speaker-heads", "titles", "pronouns"].iter().any(|l| rules.has(lang, l, rest[n - 1]))
                })
            {
                return trim_claim(text, r.start..r.start + at);
            }
        }
        // "argued that the depot should close first, noting that …": a participle after a
        // comma continues the attribution, and what it reports is a claim of its own; "that"
        // or a participle of `<lang>/participle-clauses` marks it as reporting ("…, adding seven
        // days to voyages" does not; nor does "insisting on …").
        let reports = || {
            let next = s[at + w.len()..].trim_start();
            next.starts_with("that ") || rules.has(lang, "participle-clauses", w) && !next.starts_with("on ")
        };
        if prev.is_some_and(|(_, p, _)| p.ends_with(',')) && rules.has(lang, "cue-participle", w) && reports() {
            return trim_claim(text, r.start..r.start + at);
        }
        // "and also said": the join stays the word before the cue.
        prev = if w == "also" && prev.is_some_and(|(_, _, join)| join) { prev } else { Some((at, w, is(joins, w))) };
    }
    r
}

/// Whether `s` holds a quote closed after a comma, question or exclamation mark and followed
/// by its attribution: a reporting verb among the next six words ("“…,” the minister told …").
fn attributed_quote(rules: &Compiled, lang: Lang, s: &str) -> bool {
    s.match_indices(['”', '"']).any(|(at, mark)| {
        s[..at].ends_with([',', '?', '!'])
            && s[at + mark.len()..].starts_with(' ')
            && s[at + mark.len()..].split_whitespace().take(6).any(|w| rules.post_cue(lang, w.trim_end_matches(',')))
    })
}

/// Where the last ", " of `s` starts (a byte search for the comma: claims are read often).
fn last_comma(s: &str) -> Option<usize> {
    let mut end = s.len();
    while let Some(at) = s[..end].rfind(',') {
        if s[at + 1..].starts_with(' ') {
            return Some(at);
        }
        end = at;
    }
    None
}

/// A claim found from its front ("Gil menulis bahwa …, ungkapnya, seperti dikutip dari AFP,
/// Selasa (4/2).") ends with attribution, not content: a second cue, the outlet, the date.
/// Cut such comma-separated segments off its end (FORMAT: no cue, no trailing date phrase).
fn drop_trailing_cue(rules: &Compiled, lang: Lang, text: &str, mut r: Range<usize>) -> Range<usize> {
    let is = |lex: &str, w: &str| rules.has(lang, lex, w.trim_end_matches([',', '.']));
    loop {
        let s = &text[r.clone()];
        let Some(comma) = last_comma(s) else { return drop_as_clause(rules, lang, text, r) };
        let tail = &s[comma + 2..];
        let count = tail.split_whitespace().count();
        let mut words = tail.split_whitespace();
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        // "…, Kompas.com reported", "…, Antara news agency reported": a short capitalised
        // attribution closing the sentence; so is "…, as quoted by Antara".
        let last = tail.split_whitespace().last().unwrap_or("");
        let named = first.starts_with(char::is_uppercase) && count <= 4 && is("cue", last);
        let attribution = is("cue-post-nya", first)
            || is("cue-post", first)
            || is("cue", first)
            || is("source-lead", first)
            || is("days", first)
            || (is("pronouns", first) && (is("cue-men", second) || is("cue", second)))
            || (is("as-lead", first) && is("source-lead", second))
            || named;
        if !attribution || count > 8 {
            return drop_as_clause(rules, lang, text, r);
        }
        r = trim_claim(text, r.start..r.start + comma);
    }
}

/// "… had attacked mosques as the pictures on social media say": a reporting clause of its own,
/// opened by a word of `<lang>/as-lead` and closed by one of `<lang>/as-cues` (not "as analysts
/// had predicted", which compares), ends the claim before it.
fn drop_as_clause(rules: &Compiled, lang: Lang, text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let words: Vec<(usize, &str)> = s
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    let last = words.last().map_or("", |(_, w)| w.trim_end_matches(['.', ',']));
    if !rules.has(lang, "as-cues", last) {
        return r;
    }
    let lead = words.iter().rev().skip(1).take(7).find(|(_, w)| rules.has(lang, "as-lead", w));
    match lead {
        Some(&(at, _)) if at > 0 => trim_claim(text, r.start..r.start + at),
        _ => r,
    }
}

/// "warga menyebut bukit itu “Gunung Tua”": after a naming verb, a claim of a few words that
/// ends in a scare quote names a thing (see the `cue-names-term` lexicon).
fn names_term(rules: &Compiled, lang: Lang, text: &str, cue: Option<&Range<usize>>, content: Range<usize>) -> bool {
    if !cue.is_some_and(|c| c.end <= content.start && rules.has(lang, "cue-names-term", &text[c.clone()])) {
        return false;
    }
    let claim = text[content].trim_end_matches(['.', ',']);
    let Some((object, term)) = claim.strip_suffix(['"', '”']).and_then(|b| b.rsplit_once(['"', '“'])) else {
        return false;
    };
    object.split_whitespace().filter(|w| *w != "sebagai").count() <= 4 && matcher::scare_quote(term)
}

/// A bare claim after a verb ("X menjelaskan …" with no comma or 'bahwa') must read as a
/// clause, or it is the verb's object: "menjelaskan persiapan pemilihan" is not a claim.
/// `cue` is the verb as written ("" when there is none).
fn looks_like_clause(rules: &Compiled, lang: Lang, claim: &str, cue: &str) -> bool {
    let words: Vec<&str> = claim.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    // "menegaskan kembali komitmen mereka untuk berkoordinasi", "menyatakan dukungan yang tak
    // tergoyahkan bagi upaya ...": a stance noun opening the claim is the verb's object, whatever
    // verbs its complement holds; unless an auxiliary follows it, making it the subject ("dukungan itu
    // sudah cukup").
    let mut rest = words.iter().skip_while(|w| rules.has(lang, "pre-cue-gap", w));
    // "komitmennya", "dukungannya": the owner's -nya keeps the noun an object.
    // "meminta maaf", "memohon bantuan": what is asked for is an object only after asking.
    let objects = rules.lexicon(lang, "object-nouns");
    let asked = match rules.has(lang, "cue-request", cue) {
        true => rules.lexicon(lang, "request-objects"),
        false => objects,
    };
    let object = |w: &str| [objects, asked].iter().any(|l| l.has(w) || l.has(w.trim_end_matches("nya")));
    if rest.next().is_some_and(|w| object(w)) {
        let mut after = rest.skip_while(|w| rules.has(lang, "demonstratives", w)).peekable();
        // "hal yang memberatkan adalah …": a relative clause, then a copula, make the noun the
        // subject of what is said.
        let relative = after.next_if(|w| rules.has(lang, "relatives", w)).is_some();
        let subject = match relative {
            true => after.take(4).any(|w| rules.has(lang, "copulas", w)),
            false => after.next().is_some_and(|w| rules.has(lang, "clause-markers", w)),
        };
        if !subject {
            return false;
        }
    }
    // "koalisi itu rapuh", "kebijakan tersebut tepat": a noun with its demonstrative, then a
    // predicate that is not a preposition or a time, is a subject and what is said of it.
    let (demonstratives, stop) = (rules.lexicon(lang, "demonstratives"), rules.lexicon(lang, "speaker-stop"));
    if lang == Lang::Id
        && words.windows(3).any(|w| {
            !demonstratives.has(w[0]) && demonstratives.has(w[1]) && !stop.has(w[2]) && !demonstratives.has(w[2])
        })
    {
        return true;
    }
    let markers = rules.lexicon(lang, "clause-markers");
    words.iter().any(|w| {
        markers.has(w)
            || match lang {
                // "tersebut" has the shape of a ter- verb but points back, like "itu".
                Lang::Id => attrib::verb_form(w, &["me", "be", "di", "te"]) && !demonstratives.has(w),
                Lang::En => w.len() >= 5 && w.get(w.len() - 2..).is_some_and(|t| t.eq_ignore_ascii_case("ed")),
            }
    })
}

/// A claim's text without the punctuation that joined it to its cue: "…, tambah Gil." gives
/// "…" (FORMAT: indirect content leaves out the final period).
fn trim_claim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let t = s.trim_end().trim_end_matches([',', '.', ';', ':']).trim_end();
    let lead = s.len() - s.trim_start().len();
    let end = r.start + t.len();
    (r.start + lead).min(end)..end
}

fn doc_language(text: &str, cands: &[Candidates]) -> String {
    let (mut id, mut en) = (0usize, 0usize);
    for c in cands {
        let n = c.paragraph.range.len();
        match c.lang {
            Lang::Id => id += n,
            Lang::En => en += n,
        }
    }
    if id + en == 0 {
        return crate::lang::detect(text).code().to_string();
    }
    let minority = id.min(en);
    if minority * 4 >= id + en && cands.len() >= 2 {
        "mixed".to_string()
    } else if id >= en {
        "id".to_string()
    } else {
        "en".to_string()
    }
}

/// Every decision of one extraction, for people (`kutip explain`) and tools (`--format json`).
#[derive(Debug, Default, Serialize)]
pub struct Trace {
    pub paragraphs: Vec<ParagraphTrace>,
    /// One line per quote: how its speaker was found.
    pub attributions: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct ParagraphTrace {
    pub index: usize,
    pub text: String,
    /// False for boilerplate (menus, tickers, headlines, "Baca Juga"): nothing is tried on it.
    pub body: bool,
    pub language: Option<&'static str>,
    pub quote_marks: Vec<String>,
    pub sentences: Vec<SentenceTrace>,
    /// Quotes no rule claimed, and what became of them.
    pub unclaimed_quotes: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct SentenceTrace {
    pub text: String,
    /// Cue lexicons with a word in this sentence (the prefilter).
    pub cue_lexicons: Vec<String>,
    pub rules: Vec<RuleTrial>,
}

#[derive(Debug, Default, Serialize)]
pub struct RuleTrial {
    pub rule: String,
    pub outcome: String,
    pub slots: std::collections::BTreeMap<&'static str, String>,
}

fn sentence_trace(rules: &Compiled, text: &str, c: &Candidates, si: usize, trials: &[(usize, Trial)]) -> SentenceTrace {
    let cue_lexicons =
        c.hits[si].iter().enumerate().filter(|(_, hit)| **hit).map(|(i, _)| rules.trigger_names[i].clone()).collect();
    let rules_tried = trials
        .iter()
        .map(|(ri, trial)| {
            let (outcome, m) = match trial {
                Trial::Skipped => (
                    "skipped: none of its cue words is in the sentence, where the template needs one".to_string(),
                    None,
                ),
                Trial::NoMatch => ("no match".to_string(), None),
                Trial::Matched(m) => ("matched".to_string(), Some(m)),
                Trial::Dropped(m, why) => (format!("dropped: {why}"), Some(m)),
            };
            let mut slots = std::collections::BTreeMap::new();
            if let Some(m) = m {
                for (name, r) in
                    [("quote", &m.quote), ("content", &m.content), ("speaker", &m.speaker), ("cue", &m.cue)]
                {
                    if let Some(r) = r {
                        slots.insert(name, clip(&text[r.clone()]));
                    }
                }
            }
            RuleTrial { rule: rules.rules[*ri].id.clone(), outcome, slots }
        })
        .collect();
    SentenceTrace { text: clip(&text[c.sentences[si].clone()]), cue_lexicons, rules: rules_tried }
}

/// Long text shortened for display, on a char boundary.
fn clip(s: &str) -> String {
    const MAX: usize = 160;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}
