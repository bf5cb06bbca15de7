//! Turns a merged [`RuleSet`] into matchers: each template is expanded (lexicons become
//! word-bounded alternations, macros are inlined, `{slot:ref}` becomes a named group) and
//! compiled once; the words of every cue lexicon go into one Aho-Corasick automaton, the
//! prefilter that keeps most sentences away from the regexes (a DFA: it reads every body
//! paragraph, and with this many patterns runs several times faster than the NFA).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, PatternID};

use super::cache::{self, Key};
use super::load::{Origin, RuleSet};
use super::model::{Example, Kind};
use super::slots::Slots;
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::text::Boilerplate;
use crate::text::Q_OPEN;

/// Compiled size limit for one rule's regex: generous for real rules, and it stops a hostile
/// pattern (`(a{100}){100}{100}`) before it eats memory or time.
pub const REGEX_SIZE_LIMIT: usize = 2 << 20;
const MAX_MACRO_DEPTH: usize = 8;
/// Lazy DFA cache per rule and thread: large enough that a rule does not thrash its cache and
/// fall back to the slow NFA simulation on ordinary news text (the sum of all caches is bounded
/// by [`cache::trim`]).
const DFA_CACHE: usize = 16 << 20;
/// The group names a template may bind.
pub const SLOTS: &[&str] = &["quote", "content", "speaker", "cue", "source"];

pub struct CompiledRule {
    pub id: String,
    pub lang: Lang,
    pub kind: Kind,
    pub priority: i32,
    pub clause: bool,
    /// The claim is the previous sentence (see `RuleDef::previous`).
    pub previous: bool,
    /// The speaker owns a possessive -nya (see `RuleDef::possessive`).
    pub possessive: bool,
    pub description: String,
    pub template: String,
    /// The template expanded to a regular expression.
    pub pattern: String,
    /// Its compiled form (see [`CompiledRule::regex`]).
    built: OnceLock<Built>,
    /// Binds the slots of a match without the backtracker (see [`super::slots`]); built when
    /// the rule first matches.
    pub slots: OnceLock<Option<Slots>>,
    /// Index of the cue lexicon whose words must occur for this rule to be tried.
    pub trigger: Option<usize>,
    /// Where the template needs those words (see [`CueSides`]).
    pub sides: CueSides,
    pub origin: usize,
    pub overrides: bool,
    pub examples: Vec<Example>,
}

/// What a template fixes right next to its cue, read from the text around `{cue:…}`: a comma
/// before it (`{content},\s*{cue:…}`), a comma after it (`{cue:…}\s*,`), the sentence start
/// (`^{cue:…}`), and on which side its quote opens (`{quote}` before or after the cue; the
/// quote slot always starts with [`Q_OPEN`]). A sentence whose cue words all lack it cannot
/// match, so the rule skips it unread, like a sentence without the cue words: most tries of
/// the post-posed and mid-sentence rules fail just there, and most tries of a direct rule fail
/// on a quote standing on the cue's other side.
#[derive(Clone, Copy, Debug, Default)]
pub struct CueSides {
    comma_before: bool,
    comma_after: bool,
    opens: bool,
    quote_before: bool,
    quote_after: bool,
}

impl CueSides {
    fn of(template: &str) -> CueSides {
        let Some(at) = template.find("{cue:") else { return CueSides::default() };
        let before = &template[..at];
        let after = template[at..].find('}').map_or("", |end| &template[at + end + 1..]);
        let before_bare = before.strip_suffix(r"\s*").or_else(|| before.strip_suffix(r"\s+")).unwrap_or(before);
        let after_bare = after.strip_prefix(r"\s*").or_else(|| after.strip_prefix(r"\s+")).unwrap_or(after);
        CueSides {
            quote_before: before.contains("{quote}"),
            quote_after: after.contains("{quote}"),
            comma_before: before_bare.ends_with(',') && !before_bare.ends_with(r"\,"),
            // A comma that a quantifier makes optional ("\s*,?") is not needed.
            comma_after: after_bare.starts_with(',') && !after_bare[1..].starts_with(['?', '*', '{']),
            opens: before == "^",
        }
    }

    /// Whether the template fixes nothing next to its cue (most do not).
    pub fn free(self) -> bool {
        !(self.comma_before || self.comma_after || self.opens || self.quote_before || self.quote_after)
    }

    /// Whether the cue word at `cue` (offsets into `masked`, a paragraph) stands as the template
    /// needs, in `sentence` (offsets into `masked` too).
    pub fn admit(self, masked: &str, sentence: Range<usize>, cue: Range<usize>) -> bool {
        let opens_in = |r: Range<usize>| masked.as_bytes().get(r).is_some_and(|b| b.contains(&Q_OPEN));
        (!self.comma_before || masked[..cue.start].trim_end().ends_with(','))
            && (!self.comma_after || masked[cue.end..].trim_start().starts_with(','))
            // A cue before the sentence start (a dateline's "According -") does not open it.
            && (!self.opens || masked.get(sentence.start..cue.start).is_some_and(|s| s.trim().is_empty()))
            && (!self.quote_before || opens_in(sentence.start..cue.start))
            && (!self.quote_after || opens_in(cue.end..sentence.end))
    }
}

/// A rule's regex and what it binds.
struct Built {
    regex: Regex,
    /// Where each thread keeps the regex's search cache.
    key: Key,
    /// The template binds a quote: sentences without one are skipped unread.
    needs_quote: bool,
}

impl Built {
    /// Compiles an expanded template and checks its slots against its kind: `Err` with the
    /// diagnostic's code and message.
    fn new(pattern: &str, kind: Kind, previous: bool, possessive: bool) -> Result<Built, (&'static str, String)> {
        let regex = meta::Builder::new()
            .configure(
                // Its defaults are the `regex` crate's: leftmost-first, UTF-8-safe empty matches.
                meta::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)).hybrid_cache_capacity(DFA_CACHE),
            )
            .syntax(syntax::Config::new().nest_limit(64))
            .build(pattern)
            .map_err(|e| match e.size_limit() {
                Some(limit) => ("K209", format!("template compiles to more than {limit} bytes; simplify it")),
                None => {
                    let why = e.syntax_error().map_or_else(|| e.to_string(), ToString::to_string);
                    ("K209", format!("invalid regular expression: {}", last_line(&why)))
                }
            })?;
        let names: Vec<&str> = regex.group_info().pattern_names(PatternID::ZERO).flatten().collect();
        let need = match kind {
            Kind::Direct => "quote",
            Kind::Indirect if previous => "cue",
            Kind::Indirect => "content",
            Kind::Source => "source",
        };
        let problem = if previous && (kind != Kind::Indirect || names.contains(&"content")) {
            Some(
                "`previous = true` is for indirect rules without a `{content}` slot: the claim is the sentence before"
                    .into(),
            )
        } else if possessive && names.contains(&"speaker") {
            Some("`possessive = true` is for rules without a `{speaker}` slot: the speaker owns the -nya".into())
        } else if let Some(bad) = names.iter().find(|n| !SLOTS.contains(n)) {
            Some(format!("unknown slot `{bad}` (slots are {})", SLOTS.join(", ")))
        } else if !names.contains(&need) {
            Some(format!("a {:?} rule needs a `{{{need}}}` slot", kind).to_lowercase())
        } else if kind != Kind::Source && !names.contains(&"cue") {
            Some("a direct or indirect rule needs a `{cue:LEXICON}` slot".to_string())
        } else if regex.is_match("") {
            Some("template can match the empty string".to_string())
        } else {
            None
        };
        match problem {
            Some(msg) => Err(("K210", msg)),
            None => Ok(Built { needs_quote: names.contains(&"quote"), regex, key: Key::regex() }),
        }
    }
}

impl CompiledRule {
    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            // Only built-in templates get here unbuilt; `builtin_rules_build` checks them.
            Built::new(&self.pattern, self.kind, self.previous, self.possessive)
                .unwrap_or_else(|(_, msg)| panic!("built-in rule {}: {msg}", self.id))
        })
    }

    /// The rule's regex, for tests and benchmarks: its own searches use a cache of its own,
    /// outside the budget of [`cache::trim`].
    pub fn regex(&self) -> &Regex {
        &self.built().regex
    }

    /// Runs `f` with the rule's regex and this thread's cache for it.
    pub fn with_regex<R>(&self, f: impl FnOnce(&Regex, &mut meta::Cache) -> R) -> R {
        let built = self.built();
        cache::with_regex(&built.key, &built.regex, |c| f(&built.regex, c))
    }

    /// The first match in `text` that starts at or after `from`.
    pub fn find_at(&self, text: &str, from: usize) -> Option<Range<usize>> {
        self.with_regex(|re, c| re.search_with(c, &Input::new(text).range(from..)).map(|m| m.range()))
    }

    /// The template binds a quote: sentences without one are skipped unread.
    pub fn needs_quote(&self) -> bool {
        self.built().needs_quote
    }
}

pub struct Compiled {
    /// Sorted by priority, highest first; equal priorities keep file order.
    pub rules: Vec<CompiledRule>,
    pub prefilter: AhoCorasick,
    /// For each prefilter pattern, the trigger lexicons it belongs to.
    pub pattern_triggers: Vec<Vec<usize>>,
    /// For each prefilter pattern, whether it is a whole lexicon word (not only part of a phrase).
    pub whole_word: Vec<bool>,
    /// Gate rules by the prefilter (off only to check that gating changes nothing).
    pub gate: bool,
    pub trigger_names: Vec<String>,
    /// Lowercased words of every language's lexicons, for the lookups attribution makes
    /// (titles, pronouns): indexed by [`Lang`], then by name ("titles"). An array, since
    /// attribution asks for a lexicon about a million times per 6 MB of news.
    pub words: [HashMap<String, Words, Fnv>; 2],
    pub boilerplate: Boilerplate,
    pub origins: Vec<Origin>,
}

impl Compiled {
    /// Whether the lexicon `name` of language `lang` ("titles" of `id`) has `word`, in any case.
    pub fn has(&self, lang: Lang, name: &str, word: &str) -> bool {
        self.lexicon(lang, name).has(word)
    }

    /// Whether `word` is a reporting verb that follows a quote ("said", "kata"): the `cue`
    /// lexicon in English, `cue-post` in Indonesian.
    pub fn post_cue(&self, lang: Lang, word: &str) -> bool {
        self.has(lang, "cue", word) || self.has(lang, "cue-post", word)
    }

    /// Whether the lexicon has `word` followed by a full stop ("Dr" for "Dr.").
    pub fn has_abbreviation(&self, lang: Lang, name: &str, word: &str) -> bool {
        self.lexicon(lang, name).has_abbreviation(word)
    }

    /// The lexicon `name` of `lang`, found once for code that asks it about many words (empty
    /// when the rule set has no such lexicon).
    pub fn lexicon(&self, lang: Lang, name: &str) -> Lexicon<'_> {
        Lexicon(self.words[lang as usize].get(name))
    }
}

/// One lexicon's lowercased words; see [`Compiled::lexicon`]. The default is empty.
#[derive(Clone, Copy, Default)]
pub struct Lexicon<'a>(Option<&'a Words>);

/// A lexicon's words, lowercased, as bytes.
pub struct Words {
    set: HashSet<Box<[u8]>, Fnv>,
    /// The longest word's length in bytes: most tokens attribution asks about are longer than
    /// every pronoun or title, and need no lowercasing or hashing.
    longest: usize,
}

impl Words {
    fn new(list: &[String]) -> Words {
        let set: HashSet<Box<[u8]>, Fnv> = list.iter().map(|w| w.to_lowercase().into_bytes().into()).collect();
        let longest = set.iter().map(|w| w.len()).max().unwrap_or(0);
        Words { set, longest }
    }
}

impl Lexicon<'_> {
    pub fn has(self, word: &str) -> bool {
        Lexicon::any(&[self], word, "")
    }

    pub fn has_abbreviation(self, word: &str) -> bool {
        Lexicon::any(&[self], word, ".")
    }

    /// Whether one of `lexicons` has `word` followed by `suffix`, lowercased once for all.
    pub fn any(lexicons: &[Lexicon<'_>], word: &str, suffix: &str) -> bool {
        // Attribution asks this for every token it reads. Lowercasing ASCII keeps the length, so
        // an ASCII word longer than every entry is in none.
        let len = word.len() + suffix.len();
        let ascii = word.is_ascii();
        if lexicons.iter().all(|l| l.0.is_none_or(|w| ascii && len > w.longest)) {
            return false;
        }
        let mut buf = [0u8; 32];
        let low = crate::text::lowercase(word, suffix, &mut buf);
        lexicons.iter().any(|l| l.0.is_some_and(|words| words.set.contains(low.as_ref())))
    }
}

/// FNV-1a: lexicon lookups hash short words millions of times, where SipHash's defence against
/// crafted keys buys nothing (the keys are the rule files' own words).
#[derive(Clone, Copy, Default)]
pub struct Fnv;

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

pub struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// A byte slice's length prefix, in one step instead of eight.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x0100_0000_01b3);
    }
}

struct Ctx<'a> {
    set: &'a RuleSet,
    words: HashMap<String, Vec<String>>,
}

pub fn compile(set: RuleSet) -> Result<Compiled, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut ctx = Ctx { set: &set, words: HashMap::new() };
    for (id, def) in &set.lexicons {
        let mut stack = Vec::new();
        if let Err(msg) = lexicon_words(&mut ctx, id, &mut stack) {
            let o = &set.origins[def.origin];
            errors.push(Diagnostic::new("K203", &o.path, msg).at(&o.text, find_key(&o.text, id)));
        }
    }
    // The built-in rules' expanded templates, when a user's files join them: a built-in rule
    // whose template still expands to the same regex is one the test suite checks.
    let builtin_only = set.origins.iter().all(|o| o.builtin);
    let checked: HashMap<String, String> = if builtin_only {
        HashMap::new()
    } else {
        super::load::load(true, &[])
            .ok()
            .and_then(|builtins| compile(builtins).ok())
            .map(|c| c.rules.into_iter().map(|r| (r.id, r.pattern)).collect())
            .unwrap_or_default()
    };
    let mut rules = Vec::new();
    let mut trigger_names: Vec<String> = Vec::new();
    for r in &set.rules {
        let o = &set.origins[r.origin];
        let tpl = r.def.template.get_ref();
        let base = value_start(&o.text, r.def.template.span());
        if let Some((span, msg)) = syntax_error(tpl) {
            errors.push(Diagnostic::new("K209", &o.path, msg).at(&o.text, base + span.start..base + span.end));
            continue;
        }
        let mut expanded = String::new();
        let mut cue_lex = None;
        if let Err((span, msg)) = expand(&mut ctx, tpl, 0, &mut expanded, &mut cue_lex, true) {
            errors.push(Diagnostic::new("K203", &o.path, msg).at(&o.text, base + span.start..base + span.end));
            continue;
        }
        let pattern = narrow_classes(&expanded);
        // A template the test suite checks (a built-in rule, expanded as without the user's
        // files) is built when a sentence first needs it: building every regex is most of
        // start-up, and a monolingual input never needs the other language's rules. Any other
        // (the user's rules, and built-in ones that use the user's lexicons or macros) is built
        // now, to report mistakes before any input is read.
        let built = OnceLock::new();
        let known = builtin_only || o.builtin && checked.get(r.def.id.get_ref()) == Some(&pattern);
        if !known {
            match Built::new(&pattern, r.def.kind, r.def.previous, r.def.possessive) {
                Ok(b) => {
                    let _ = built.set(b);
                }
                Err((code, msg)) => {
                    errors.push(Diagnostic::new(code, &o.path, msg).at(&o.text, base..base + tpl.len()));
                    continue;
                }
            }
        }
        let trigger = cue_lex.map(|name: String| match trigger_names.iter().position(|n| n == &name) {
            Some(i) => i,
            None => {
                trigger_names.push(name);
                trigger_names.len() - 1
            }
        });
        rules.push(CompiledRule {
            id: r.def.id.get_ref().clone(),
            lang: Lang::parse(r.def.language.get_ref()).unwrap_or(Lang::Id),
            kind: r.def.kind,
            priority: r.def.priority,
            clause: r.def.clause,
            previous: r.def.previous,
            possessive: r.def.possessive,
            description: r.def.description.clone(),
            template: tpl.clone(),
            slots: OnceLock::new(),
            pattern,
            built,
            trigger,
            sides: CueSides::of(tpl),
            origin: r.origin,
            overrides: r.overrides,
            examples: r.def.examples.clone(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    rules.sort_by_key(|r| std::cmp::Reverse(r.priority));

    // One prefilter pattern per distinct word, mapped to every trigger lexicon that has it. The
    // prefilter must find every sentence a rule could match: a phrase ("seperti dikatakan") is
    // also entered by its longest (rarest) word, since the rule lets any run of white space (two
    // spaces, a no-break space) join its words; and only ASCII is folded, as the automaton folds only
    // ASCII ("Élysée" stays as written).
    let mut by_word: BTreeMap<String, (Vec<usize>, bool)> = BTreeMap::new();
    for (i, name) in trigger_names.iter().enumerate() {
        for w in ctx.words.get(name).into_iter().flatten() {
            let rarest = w.split(' ').max_by_key(|p| p.len()).unwrap_or(w);
            for (key, whole) in [(w.as_str(), true), (rarest, rarest == w)] {
                let entry = by_word.entry(key.to_ascii_lowercase()).or_default();
                if !entry.0.contains(&i) {
                    entry.0.push(i);
                }
                entry.1 |= whole;
            }
        }
    }
    let mut patterns = Vec::with_capacity(by_word.len());
    let (mut pattern_triggers, mut whole_word) = (Vec::new(), Vec::new());
    for (word, (triggers, whole)) in by_word {
        patterns.push(word);
        pattern_triggers.push(triggers);
        whole_word.push(whole);
    }
    let prefilter = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
        .map_err(|e| vec![Diagnostic::new("K209", "<rules>", format!("cannot build the cue prefilter: {e}"))])?;
    let mut words: [HashMap<String, Words, Fnv>; 2] = Default::default();
    for (id, list) in &ctx.words {
        let (ns, name) = id.split_once('/').unwrap_or(("", id));
        // A common lexicon ("common/outlets") is looked up from either language.
        let langs = match ns {
            "common" => vec![Lang::Id, Lang::En],
            _ => Lang::parse(ns).into_iter().collect(),
        };
        for lang in langs {
            words[lang as usize].insert(name.to_string(), Words::new(list));
        }
    }
    Ok(Compiled {
        rules,
        prefilter,
        pattern_triggers,
        whole_word,
        gate: true,
        trigger_names,
        words,
        boilerplate: Boilerplate::new(&set.boilerplate, &set.credits),
        origins: set.origins.clone(),
    })
}

fn last_line(s: &str) -> String {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

/// Byte offset where a TOML string value's text starts, past its opening quotes.
fn value_start(file: &str, span: Range<usize>) -> usize {
    let raw = file.get(span.clone()).unwrap_or("");
    if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
        let after = span.start + 3;
        if file[after..].starts_with('\n') { after + 1 } else { after }
    } else {
        span.start + 1
    }
}

/// Where a table key such as `[lexicon."id/a"]` names `id`, or its first mention.
fn find_key(file: &str, id: &str) -> Range<usize> {
    let header = format!("\"{id}\"]");
    match file.find(&header) {
        Some(p) => p + 1..p + 1 + id.len(),
        None => file.find(id).map_or(0..0, |p| p..p + id.len()),
    }
}

fn lexicon_words(ctx: &mut Ctx, id: &str, stack: &mut Vec<String>) -> Result<Vec<String>, String> {
    if let Some(w) = ctx.words.get(id) {
        return Ok(w.clone());
    }
    if stack.iter().any(|s| s == id) {
        return Err(format!("lexicon `{id}` extends itself ({} -> {id})", stack.join(" -> ")));
    }
    let def = ctx
        .set
        .lexicons
        .get(id)
        .ok_or_else(|| format!("unknown lexicon `{id}`{}", suggest(ctx.set.lexicons.keys(), id)))?;
    let def = def.def.clone();
    stack.push(id.to_string());
    let suffixes: Vec<String> = if def.suffixes.is_empty() { vec![String::new()] } else { def.suffixes.clone() };
    let mut out: Vec<String> = Vec::new();
    for w in &def.words {
        for s in &suffixes {
            out.push(format!("{w}{s}"));
        }
    }
    for parent in &def.extends {
        let words = lexicon_words(ctx, parent.get_ref(), stack)?;
        for w in words {
            for s in &suffixes {
                out.push(format!("{w}{s}"));
            }
        }
    }
    stack.pop();
    if def.capitalized {
        let capitals: Vec<String> = out
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            })
            .collect();
        out.extend(capitals);
    }
    out.retain(|w| !w.trim().is_empty());
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    ctx.words.insert(id.to_string(), out.clone());
    Ok(out)
}

fn suggest<'a>(names: impl Iterator<Item = &'a String>, id: &str) -> String {
    let best = names.min_by_key(|n| edit_distance(n, id));
    match best {
        Some(b) if edit_distance(b, id) <= 3 => format!("; did you mean `{b}`?"),
        _ => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A lexicon as a regex: its words, longest first, between ASCII word boundaries (Unicode `\b`
/// is 25 times slower and cue words are ASCII). Case-sensitive on purpose: "Said" is a name,
/// "said" a cue; a template wraps a reference in `(?i:…)` where a capital is expected.
fn lexicon_regex(words: &[String]) -> String {
    // A boundary only where the word has a word character at that edge: "Brig." ends in a
    // period, and `\b` after it would demand a letter next.
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let edge = |c: Option<char>| if alnum(c) { r"(?-u:\b)" } else { "" };
    // Single words with a word character at both edges share one pair of boundaries, so the
    // alternation is all literals and compiles to a trie: a capture search then walks one
    // path per position instead of trying every word in turn.
    let plain = |w: &&String| !w.contains(' ') && alnum(w.chars().next()) && alnum(w.chars().last());
    let (simple, other): (Vec<&String>, Vec<&String>) = words.iter().partition(plain);
    // The rest (several words, edges of punctuation) go first: they are the longer forms.
    let mut alts: Vec<String> = other
        .iter()
        .map(|w| {
            format!("{}{}{}", edge(w.chars().next()), regex::escape(w).replace(' ', r"\s+"), edge(w.chars().last()))
        })
        .collect();
    if !simple.is_empty() {
        let trie: Vec<String> = simple.iter().map(|w| regex::escape(w)).collect();
        alts.push(format!(r"(?-u:\b)(?:{})(?-u:\b)", trie.join("|")));
    }
    format!("(?:{})", alts.join("|"))
}

/// Whitespace as the rules read it: ASCII, NEL and the no-break space. The text stage turns
/// every other Unicode space into ASCII spaces (see [`crate::text::mask`]), so this is `\s` on
/// the text the rules search.
const SPACE: &str = r"\t-\r\x20\x{85}\x{A0}";

/// Rewrites `\s` to [`SPACE`] and `\d` to ASCII digits, inside character classes and out.
///
/// Why: a lazy DFA's transition table has one column per class of bytes the pattern tells
/// apart, rounded up to a power of two. Unicode `\s` and `\d` split the bytes of multibyte
/// characters into some fifty classes that news text never needs (the digits of other scripts,
/// the typographic spaces), which took the big templates past 128 columns: every state cost
/// twice the memory, and the caches held half as many. Other escapes and `\\` pass unchanged.
fn narrow_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    // How deep inside `[…]` the scan is (classes nest: `[a[b]]`).
    let mut depth = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if depth > 0 => out.push_str(SPACE),
                Some('s') => out.push_str(&format!("[{SPACE}]")),
                Some('S') if depth == 0 => out.push_str(&format!("[^{SPACE}]")),
                Some('d') if depth > 0 => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' => {
                out.push('[');
                if depth > 0 && chars.peek() == Some(&':') {
                    // A POSIX class, `[:alpha:]`: copied whole.
                    for p in chars.by_ref() {
                        out.push(p);
                        if p == ']' {
                            break;
                        }
                    }
                    continue;
                }
                depth += 1;
                // `[^` and a `]` right after the opening are part of the class, not its end.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Expands `tpl` into `out`. `{slot}` / `{slot:ref}` bind a named group (templates only);
/// `{ref}` inlines a lexicon or macro. Errors carry the byte range of the reference.
fn expand(
    ctx: &mut Ctx,
    tpl: &str,
    depth: usize,
    out: &mut String,
    cue_lex: &mut Option<String>,
    top: bool,
) -> Result<(), (Range<usize>, String)> {
    if depth > MAX_MACRO_DEPTH {
        return Err((0..tpl.len(), format!("macros nest deeper than {MAX_MACRO_DEPTH} levels (a cycle?)")));
    }
    let mut i = 0;
    let bytes = tpl.as_bytes();
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' && i + 1 < bytes.len() {
            let n = tpl[i + 1..].chars().next().map_or(1, char::len_utf8);
            let mut end = i + 1 + n;
            // `\p{Lu}`, `\x{01}`: the braces belong to the escape, not to a reference.
            if matches!(bytes[i + 1], b'p' | b'P' | b'x' | b'u' | b'U') && bytes.get(end) == Some(&b'{') {
                end = tpl[end..].find('}').map_or(tpl.len(), |p| end + p + 1);
            }
            out.push_str(&tpl[i..end]);
            i = end;
            continue;
        }
        if c == b'{' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let Some(close) = tpl[i..].find('}') else {
                return Err((i..tpl.len(), "unclosed `{` reference".to_string()));
            };
            let span = i..i + close + 1;
            let inner = &tpl[i + 1..i + close];
            let (slot, reference) = match inner.split_once(':') {
                Some((s, r)) => (Some(s), Some(r)),
                None if SLOTS.contains(&inner) => (Some(inner), None),
                None => (None, Some(inner)),
            };
            if let Some(slot) = slot {
                if !top {
                    return Err((span, format!("slot `{slot}` inside a macro; bind slots in the rule's template")));
                }
                if !SLOTS.contains(&slot) {
                    return Err((span, format!("unknown slot `{slot}` (slots are {})", SLOTS.join(", "))));
                }
                out.push_str(&format!("(?P<{slot}>"));
            } else {
                out.push_str("(?:");
            }
            match (slot, reference) {
                (Some("quote"), None) => out.push_str(r"\x{02}[\x{01}]*\x{03}?"),
                (Some("content"), None) => out.push_str(r".+?"),
                (Some(s), None) => return Err((span, format!("slot `{s}` needs a lexicon or macro: `{{{s}:ID}}`"))),
                (_, Some(r)) => {
                    if ctx.set.lexicons.contains_key(r) {
                        let words = lexicon_words(ctx, r, &mut Vec::new()).map_err(|m| (span.clone(), m))?;
                        if words.is_empty() {
                            return Err((span, format!("lexicon `{r}` has no words")));
                        }
                        out.push_str(&lexicon_regex(&words));
                        if slot == Some("cue") {
                            *cue_lex = Some(r.to_string());
                        }
                    } else if let Some(m) = ctx.set.macros.get(r) {
                        let pattern = m.def.pattern.get_ref().clone();
                        let mut sub = String::new();
                        expand(ctx, &pattern, depth + 1, &mut sub, &mut None, false)
                            .map_err(|(_, msg)| (span.clone(), format!("in macro `{r}`: {msg}")))?;
                        out.push_str(&sub);
                    } else {
                        let names: Vec<&String> = ctx.set.lexicons.keys().chain(ctx.set.macros.keys()).collect();
                        return Err((span, format!("unknown lexicon or macro `{r}`{}", suggest(names.into_iter(), r))));
                    }
                }
                // Without `:` a name is a slot or a reference, never neither.
                (None, None) => {}
            }
            out.push(')');
            i = span.end;
            continue;
        }
        let n = tpl[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&tpl[i..i + n]);
        i += n;
    }
    Ok(())
}

/// Parses a template as a regular expression with each `{reference}` blanked to letters of
/// the same length, so a syntax error's column points inside the template as written.
fn syntax_error(tpl: &str) -> Option<(Range<usize>, String)> {
    let mut blanked = String::with_capacity(tpl.len());
    let bytes = tpl.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let n = tpl[i + 1..].chars().next().map_or(1, char::len_utf8);
            let mut end = i + 1 + n;
            if matches!(bytes[i + 1], b'p' | b'P' | b'x' | b'u' | b'U') && bytes.get(end) == Some(&b'{') {
                end = tpl[end..].find('}').map_or(tpl.len(), |p| end + p + 1);
            }
            blanked.push_str(&tpl[i..end]);
            i = end;
        } else if bytes[i] == b'{' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let end = tpl[i..].find('}').map_or(tpl.len(), |p| i + p + 1);
            blanked.push_str(&"a".repeat(end - i));
            i = end;
        } else {
            let n = tpl[i..].chars().next().map_or(1, char::len_utf8);
            blanked.push_str(&tpl[i..i + n]);
            i += n;
        }
    }
    match regex_syntax::ast::parse::ParserBuilder::new().nest_limit(64).build().parse(&blanked) {
        Ok(_) => None,
        Err(e) => {
            let span = e.span();
            Some((
                span.start.offset..span.end.offset.max(span.start.offset + 1),
                format!("invalid regular expression: {}", e.kind()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Built, CueSides, narrow_classes};

    #[test]
    fn cue_sides_are_read_from_the_template() {
        let sides = |t: &str| {
            let s = CueSides::of(t);
            (s.comma_before, s.comma_after, s.opens)
        };
        assert_eq!(sides(r"^{content},\s*{cue:en/cue-inverted}\s+{speaker:en/speaker-next}"), (true, false, false));
        assert_eq!(
            sides(r"^(?P<content>[^,]+?,\s*{speaker:en/speaker}\s+{cue:en/cue}\s*,\s*[a-z].*?)$"),
            (false, true, false)
        );
        assert_eq!(sides(r"^{cue:id/cue-lead}\s*,\s*{content}$"), (false, true, true));
        assert_eq!(sides(r"{quote}\s*,?\s*{cue:id/cue-post-nya}"), (false, false, false));
        assert_eq!(sides(r"{speaker:id/speaker}\s+{cue:id/cue-men}\s*[,:]?\s+{content}"), (false, false, false));
        let post = CueSides::of(r"^{content},\s*{cue:en/cue}");
        let text = "Prices rose, said the minister. Prices said nothing.";
        assert!(post.admit(text, 0..31, 13..17));
        assert!(!post.admit(text, 32..52, 39..43));
        let quoted = |t: &str| {
            let s = CueSides::of(t);
            (s.quote_before, s.quote_after)
        };
        assert_eq!(quoted(r"{quote}\s*,?\s*{cue:id/cue-post-nya}"), (true, false));
        assert_eq!(quoted(r"{speaker:id/speaker}\s+{cue:id/cue-men}\s*[:,]?\s*{quote}"), (false, true));
        let pre = CueSides::of(r"{speaker:en/speaker}\s+{cue:en/cue}\s*:\s*{quote}");
        let masked = "He said: \x02\x01\x01\x03 She said so.";
        assert!(pre.admit(masked, 0..13, 3..7));
        assert!(!pre.admit(masked, 14..26, 18..22));
    }

    #[test]
    fn classes_are_narrowed_to_news_text() {
        let sp = r"\t-\r\x20\x{85}\x{A0}";
        assert_eq!(narrow_classes(r"a\s+b"), format!("a[{sp}]+b"));
        assert_eq!(narrow_classes(r"[^\s,]*"), format!("[^{sp},]*"));
        assert_eq!(narrow_classes(r"\(\d{1,3}\)"), r"\([0-9]{1,3}\)");
        assert_eq!(narrow_classes(r"[\d.]+\S"), format!("[0-9.]+[^{sp}]"));
        // Escaped backslashes, other escapes, a `]` opening a class, POSIX classes and nested
        // classes are copied as they are.
        for same in [r"\\s", r"\x{A0}\p{Lu}\bq", r"[]\[]x", r"[^]a]", r"[[:alpha:]\]]", r"[a[b]]"] {
            assert_eq!(narrow_classes(same), same);
        }
        // Inside a class after a POSIX class, and after a nested class, `\s` is still in a class.
        assert_eq!(narrow_classes(r"[[:alpha:]\s]"), format!("[[:alpha:]{sp}]"));
        assert_eq!(narrow_classes(r"[a[b]\s]\s"), format!("[a[b]{sp}][{sp}]"));
        // The rewritten pattern reads text as the Unicode classes would, once the text stage has
        // turned typographic spaces into ASCII ones.
        let re = regex::Regex::new(&narrow_classes(r"^kata\s+\S+\s\(\d+\)$")).unwrap();
        assert!(re.is_match("kata\u{A0}Budi (45)"));
        assert!(!re.is_match("kata Budi (٤٥)"));
        let masked = crate::text::mask("kata\u{2009}Budi\u{202F}(45)", 0, &[]);
        assert_eq!(masked, "kata   Budi   (45)");
    }

    /// Built-in rules are compiled when first needed, so this is where a mistake in one shows.
    #[test]
    fn builtin_rules_build() {
        let rules = crate::rules::build(true, &[]).unwrap_or_else(|_| panic!("built-in rules load"));
        for r in &rules.rules {
            if let Err((code, msg)) = Built::new(&r.pattern, r.kind, r.previous, r.possessive) {
                panic!("{}: {code} {msg}", r.id);
            }
        }
    }
}
