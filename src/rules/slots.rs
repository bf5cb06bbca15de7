//! Where a rule's slots (quote, content, speaker, cue) lie inside a match, found mostly with
//! small lazy DFAs instead of the regex's captures.
//!
//! Why: the match itself is cheap (a lazy DFA), but capture groups come from the bounded
//! backtracker, which costs five to ten times more because the speaker macro is a large
//! automaton. This module gives the same answer on a smaller problem.
//!
//! How, for a template whose slots are parts of its top-level concatenation `P0 S1 P1 S2 …`
//! (a *cut* is a part index where a slot starts or ends): the regex engine ranks the parses
//! of a match prefix first, so it places each cut, left to right, at the best-ranked end of
//! the *step* (the parts since the cut before) after which the *rest* (the parts from this cut
//! on) can still match up to the match end. Two kinds of step say where that is with a DFA
//! alone. A step that repeats one character (`.+?`, `[^,]*`) ranks its ends by length, so the
//! cut is the shortest (lazy) or longest (greedy) end where the rest can begin: a first-byte
//! test of the rest, or a reverse DFA listing where it can start, finds it. Any other step's
//! best-ranked parse ends where a leftmost-first DFA says. Each cut is placed as if the rest
//! will complete, and one forward check of the last rest confirms them all: the pieces then
//! match one after the other up to the match end, so every cut was the best-ranked one that
//! completes, which is the one the engine chose. When the check fails (a step's best parse
//! leads nowhere: "Gubernur Jawa Barat X menambahkan, Sabtu (10/3), …" reads first as a title
//! followed by a name after the comma), a second pass checks each cut as it places it, and
//! takes the only end from which the rest completes when the best-ranked one does not; if
//! there are several, the regex's captures answer. Either way
//! the slots are exactly those of the captures; `tests/extract.rs` and `tests/props.rs` check
//! it on every fixture and on generated text.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::literal::Extractor;
use regex_syntax::hir::{Hir, HirKind};

use super::cache::{self, Key};
use super::compile::{CompiledRule, REGEX_SIZE_LIMIT, SLOTS};

/// Lazy DFA memory per piece, rule and thread: the pieces are small, and a DFA that needs more
/// gives up, leaving the match to the regex's captures (the sum of all caches is bounded by
/// [`cache::trim`]).
const CACHE: usize = 2 << 20;

/// The slots of one match, in the coordinates of the searched text, indexed like [`SLOTS`].
pub type Bound = [Option<Range<usize>>; SLOTS.len()];

pub struct Slots {
    /// Per slot: its index in [`SLOTS`] and the part it is.
    slots: Vec<(usize, usize)>,
    /// Part indices strictly inside the template where some slot starts or ends.
    cuts: Vec<usize>,
    /// Per cut: the parts since the cut before, run forward (they end at this cut).
    steps: Vec<Piece>,
    /// Per cut: `Some(greedy)` when its step repeats one character (`.+?`, `[^,]*`), so its
    /// parses rank by length.
    greedy: Vec<Option<bool>>,
    /// Per cut: the parts from this cut to the end (they start at this cut).
    rests: Vec<Piece>,
}

#[derive(Clone, Copy, PartialEq)]
enum Scan {
    /// Forward, reporting every match end.
    Ends,
    /// Forward, reporting the end of the parse the regex engine ranks first.
    First,
    /// In reverse from a fixed end, reporting every match start.
    Starts,
}

/// A piece of the template, compiled the first time a match needs it: a small input meets only
/// a few rules, and building every piece of every rule up front would slow start-up.
struct Piece {
    /// The template's top-level parts, shared by all its pieces (a speaker automaton's syntax
    /// tree is large, and the rests overlap), and which of them this piece is.
    parts: Arc<[Hir]>,
    range: Range<usize>,
    /// Per [`Scan`]: its DFA, built on first use, and where each thread keeps its cache.
    dfas: [OnceLock<Option<(DFA, Key)>>; 3],
    /// The forward and the reverse NFA, built on first use: `Ends` and `First` share the forward one.
    nfas: [OnceLock<Option<NFA>>; 2],
    /// The bytes every match starts with, when there are few (`,` before a cue): the test of
    /// where the rest after a repeated character can begin.
    first_bytes: OnceLock<Option<[bool; 256]>>,
}

impl Piece {
    fn new(parts: &Arc<[Hir]>, range: Range<usize>) -> Piece {
        Piece {
            parts: Arc::clone(parts),
            range,
            dfas: Default::default(),
            nfas: Default::default(),
            first_bytes: OnceLock::new(),
        }
    }

    /// The piece as one expression, built only to compile it.
    fn hir(&self) -> Hir {
        Hir::concat(self.parts[self.range.clone()].to_vec())
    }

    fn nfa(&self, reverse: bool) -> Option<&NFA> {
        self.nfas[usize::from(reverse)]
            .get_or_init(|| {
                thompson::Compiler::new()
                    .configure(
                        thompson::Config::new()
                            .reverse(reverse)
                            .which_captures(WhichCaptures::None)
                            .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
                    )
                    .build_from_hir(&self.hir())
                    .ok()
            })
            .as_ref()
    }

    fn dfa(&self, scan: Scan) -> Option<&(DFA, Key)> {
        self.dfas[scan as usize]
            .get_or_init(|| {
                let kind = if scan == Scan::First { MatchKind::LeftmostFirst } else { MatchKind::All };
                // An NFA is shared by reference counting: cloning it copies no states.
                let nfa = self.nfa(scan == Scan::Starts)?.clone();
                // A user's Unicode `\b` makes the DFA stop at non-ASCII text; those matches then
                // fall back to the regex's captures.
                let config = DFA::config().match_kind(kind).cache_capacity(CACHE).unicode_word_boundary(true);
                Some((DFA::builder().configure(config).build_from_nfa(nfa).ok()?, Key::dfa()))
            })
            .as_ref()
    }

    /// Runs the piece anchored at `from` up to `end`, calling `each` with every place a match
    /// ends (ascending) until it returns false. `None` when the DFA gave up.
    fn scan(&self, hay: &str, from: usize, end: usize, mut each: impl FnMut(usize) -> bool) -> Option<()> {
        let (dfa, key) = self.dfa(Scan::Ends)?;
        cache::with_dfa(key, dfa, |cache| {
            let bytes = hay.as_bytes();
            let input = Input::new(hay).range(from..end).anchored(Anchored::Yes);
            let mut sid = dfa.start_state_forward(cache, &input).ok()?;
            // The state reached by reading byte `at` says whether a match ends just before it.
            for (at, &b) in (from..end).zip(&bytes[from..end]) {
                sid = dfa.next_state(cache, sid, b).ok()?;
                if sid.is_tagged() {
                    if sid.is_match() {
                        if !each(at) {
                            return Some(());
                        }
                    } else if sid.is_dead() {
                        return Some(());
                    } else if sid.is_quit() {
                        return None;
                    }
                }
            }
            sid = match bytes.get(end) {
                Some(&b) => dfa.next_state(cache, sid, b),
                None => dfa.next_eoi_state(cache, sid),
            }
            .ok()?;
            if sid.is_match() {
                each(end);
            }
            Some(())
        })
    }

    /// Every place the piece, run from `from`, can end at or before `end`, added to `out`.
    fn ends(&self, hay: &str, from: usize, end: usize, out: &mut Vec<usize>) -> Option<()> {
        self.scan(hay, from, end, |at| {
            out.push(at);
            true
        })
    }

    /// The bytes every match starts with, when they are few and the piece cannot be empty.
    fn first_bytes(&self) -> Option<&[bool; 256]> {
        self.first_bytes
            .get_or_init(|| {
                let seq = Extractor::new().extract(&self.hir());
                let mut table = [false; 256];
                for lit in seq.literals()? {
                    table[usize::from(*lit.as_bytes().first()?)] = true;
                }
                Some(table)
            })
            .as_ref()
    }

    /// Whether the piece matches exactly `hay[from..end]`.
    fn spans(&self, hay: &str, from: usize, end: usize) -> Option<bool> {
        let mut hit = false;
        self.scan(hay, from, end, |at| {
            hit = at == end;
            true
        })?;
        Some(hit)
    }

    /// Every place at or after `lowest` where the piece can start and match up to `end`,
    /// descending.
    fn starts(&self, hay: &str, lowest: usize, end: usize) -> Option<Vec<usize>> {
        let (dfa, key) = self.dfa(Scan::Starts)?;
        cache::with_dfa(key, dfa, |cache| {
            let bytes = hay.as_bytes();
            let input = Input::new(hay).range(lowest..end).anchored(Anchored::Yes);
            let mut sid = dfa.start_state_reverse(cache, &input).ok()?;
            let mut out = Vec::new();
            // The state reached by reading byte `at` says whether a match starts just after it.
            for (at, &b) in (lowest..end).zip(&bytes[lowest..end]).rev() {
                sid = dfa.next_state(cache, sid, b).ok()?;
                if sid.is_tagged() {
                    if sid.is_match() {
                        out.push(at + 1);
                    } else if sid.is_dead() {
                        return Some(out);
                    } else if sid.is_quit() {
                        return None;
                    }
                }
            }
            sid = match lowest.checked_sub(1) {
                Some(i) => dfa.next_state(cache, sid, bytes[i]),
                None => dfa.next_eoi_state(cache, sid),
            }
            .ok()?;
            if sid.is_match() {
                out.push(lowest);
            }
            Some(out)
        })
    }

    /// Where the piece's first-ranked parse from `from`, within `..end`, ends.
    fn first_end(&self, hay: &str, from: usize, end: usize) -> Option<Option<usize>> {
        let (dfa, key) = self.dfa(Scan::First)?;
        let input = Input::new(hay).range(from..end).anchored(Anchored::Yes);
        cache::with_dfa(key, dfa, |cache| Some(dfa.try_search_fwd(cache, &input).ok()?.map(|m| m.offset())))
    }
}

impl Slots {
    /// `None` when a slot is not a top-level part of the template (it sits inside an
    /// alternation or a repetition): the caller then asks the regex for its captures.
    pub fn new(pattern: &str) -> Option<Slots> {
        let hir = regex_syntax::ParserBuilder::new().nest_limit(64).build().parse(pattern).ok()?;
        let HirKind::Concat(parts) = hir.kind() else { return None };
        let mut slots = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if let HirKind::Capture(c) = part.kind() {
                slots.push((SLOTS.iter().position(|s| Some(*s) == c.name.as_deref())?, i));
            }
        }
        if slots.is_empty() || count_captures(&hir) != slots.len() {
            return None;
        }
        let mut cuts: Vec<usize> =
            slots.iter().flat_map(|&(_, i)| [i, i + 1]).filter(|&c| c > 0 && c < parts.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        // Each step: the parts from the cut before (or the start) up to this cut.
        let step_ranges: Vec<Range<usize>> =
            cuts.iter().zip([0].into_iter().chain(cuts.iter().copied())).map(|(&c, from)| from..c).collect();
        let greedy = step_ranges
            .iter()
            .map(|r| match &parts[r.clone()] {
                [one] => one_char_repetition(one),
                _ => None,
            })
            .collect();
        let shared: Arc<[Hir]> = parts.clone().into();
        let steps = step_ranges.into_iter().map(|r| Piece::new(&shared, r)).collect();
        let rests = cuts.iter().map(|&c| Piece::new(&shared, c..shared.len())).collect();
        Some(Slots { slots, steps, greedy, rests, cuts })
    }

    /// The slots of the match `m` of this rule in `text`, or `None` when the DFAs cannot tell
    /// (the caller then asks the regex for its captures).
    pub fn bind(&self, text: &str, m: Range<usize>) -> Option<Bound> {
        let pos = self.place(text, &m, false).or_else(|| self.place(text, &m, true))?;
        let mut bound: Bound = Default::default();
        let at = |i: usize| if i < pos.len() { pos[i] } else { Some(m.end) };
        for &(si, i) in &self.slots {
            bound[si] = Some(at(i)?..at(i + 1)?);
        }
        Some(bound)
    }

    /// Where each part index of the match `m` lies (for the cuts). First `careless`ly: each cut
    /// goes where the engine's parse would put it *if* the rest can still match up to the match
    /// end, a proviso checked once, at the end, for all cuts together. When that fails (a step's
    /// best-ranked parse leads nowhere), again checking each cut: the best-ranked end the rest
    /// completes from, else the only one.
    fn place(&self, text: &str, m: &Range<usize>, careful: bool) -> Option<Vec<Option<usize>>> {
        let mut pos: Vec<Option<usize>> = vec![None; self.cuts.last().map_or(0, |&c| c + 1)];
        pos[0] = Some(m.start);
        let mut placed = m.start;
        let mut ends = Vec::new();
        for (k, &cut) in self.cuts.iter().enumerate() {
            let (step, rest) = (&self.steps[k], &self.rests[k]);
            let completes = |p: usize| if careful { rest.spans(text, p, m.end) } else { Some(true) };
            let chosen = match self.greedy[k] {
                // Any other step: where its first-ranked parse ends.
                None => match step.first_end(text, placed, m.end)? {
                    Some(p) if completes(p)? => p,
                    _ if careful => {
                        ends.clear();
                        step.ends(text, placed, m.end, &mut ends)?;
                        let starts = rest.starts(text, *ends.first()?, m.end)?;
                        match starts.iter().filter(|p| ends.binary_search(p).is_ok()).collect::<Vec<_>>()[..] {
                            [&only] => only,
                            _ => return None,
                        }
                    }
                    _ => return None,
                },
                Some(greedy) => {
                    ends.clear();
                    step.ends(text, placed, m.end, &mut ends)?;
                    match rest.first_bytes() {
                        // The best-ranked end where the rest can begin.
                        Some(t) => {
                            let fits = |p: usize| text.as_bytes().get(p).is_some_and(|&b| t[usize::from(b)]);
                            let mut rank = 0;
                            loop {
                                let at = if greedy { ends.len().checked_sub(rank + 1)? } else { rank };
                                let p = *ends.get(at)?;
                                rank += 1;
                                if fits(p) && completes(p)? {
                                    break p;
                                }
                            }
                        }
                        // No cheap test for where the rest begins: find all its starts at once.
                        None => {
                            let starts = rest.starts(text, *ends.first()?, m.end)?;
                            let mut fit = starts.into_iter().filter(|p| ends.binary_search(p).is_ok());
                            if greedy { fit.next()? } else { fit.next_back()? }
                        }
                    }
                }
            };
            pos[cut] = Some(chosen);
            placed = chosen;
        }
        self.rests.last().map_or(Some(true), |r| r.spans(text, placed, m.end))?.then_some(pos)
    }
}

impl CompiledRule {
    /// The slots of this rule's match `m` in `text`: by the DFAs when they can tell, else by
    /// the regex's captures.
    pub fn bind(&self, text: &str, m: Range<usize>) -> Bound {
        match self.slots.get_or_init(|| Slots::new(&self.pattern)).as_ref().and_then(|s| s.bind(text, m.clone())) {
            Some(b) => b,
            None => self.captures(text, m),
        }
    }

    /// The slots of this rule's match `m` in `text` from the regex's captures: what
    /// [`CompiledRule::bind`] must always agree with.
    pub fn captures(&self, text: &str, m: Range<usize>) -> Bound {
        let mut bound = Bound::default();
        self.with_regex(|re, cache| {
            let mut caps = re.create_captures();
            re.search_captures_with(cache, &Input::new(text).range(m.start..), &mut caps);
            for (si, name) in SLOTS.iter().enumerate() {
                bound[si] = caps.get_group_by_name(name).map(|g| g.range());
            }
        });
        bound
    }
}

/// `Some(greedy)` when `hir` (inside its capture group) repeats a pattern of exactly one
/// character: its parses then rank by length alone.
fn one_char_repetition(hir: &Hir) -> Option<bool> {
    match hir.kind() {
        HirKind::Capture(c) => one_char_repetition(&c.sub),
        HirKind::Repetition(r) if matches!(r.sub.kind(), HirKind::Class(_)) => Some(r.greedy),
        HirKind::Repetition(r) => match r.sub.kind() {
            HirKind::Literal(l) if std::str::from_utf8(&l.0).is_ok_and(|s| s.chars().count() == 1) => Some(r.greedy),
            _ => None,
        },
        _ => None,
    }
}

fn count_captures(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Capture(c) => 1 + count_captures(&c.sub),
        HirKind::Concat(xs) | HirKind::Alternation(xs) => xs.iter().map(count_captures).sum(),
        HirKind::Repetition(r) => count_captures(&r.sub),
        _ => 0,
    }
}
