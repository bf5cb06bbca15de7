//! The search caches of every rule's regex and every slot piece's lazy DFA: one set per
//! thread, under one memory budget.
//!
//! Why: a lazy DFA learns states from the text it reads and keeps them in its cache, up to a
//! cap per regex. Sixty rules and a few hundred slot pieces each growing to their own cap added
//! up to 380 MB on text unlike any met before, and the sum kept growing with the corpus. Here
//! every cache lives in its thread's store, and [`trim`], called after each document, drops the
//! largest once their sum passes the budget: they regrow from the next document on, at the cost
//! of relearning the states that text needs. On news the caches settle under the default budget
//! and are rarely dropped. Dropping a cache never changes a match, only its speed.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::meta::{Cache as RegexCache, Regex};

/// The cache memory a thread may hold before [`trim`] drops some (see [`set_budget`]): the
/// eval sets' real pages, repeated, run as fast under it as with no budget.
pub const DEFAULT_BUDGET: usize = 128 << 20;

static BUDGET: AtomicUsize = AtomicUsize::new(DEFAULT_BUDGET);
static NEXT_REGEX: AtomicUsize = AtomicUsize::new(0);
static NEXT_DFA: AtomicUsize = AtomicUsize::new(0);

/// Sets the cache memory each thread may hold, in bytes, for every engine in the process.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// A regex's or a DFA's place in every thread's store, unique in the process.
#[derive(Debug)]
pub struct Key(usize);

impl Key {
    pub fn regex() -> Key {
        Key(NEXT_REGEX.fetch_add(1, Ordering::Relaxed))
    }

    pub fn dfa() -> Key {
        Key(NEXT_DFA.fetch_add(1, Ordering::Relaxed))
    }
}

#[derive(Default)]
struct Store {
    regexes: Vec<Option<Box<RegexCache>>>,
    dfas: Vec<Option<Box<DfaCache>>>,
}

#[derive(Clone, Copy)]
enum Slot {
    Regex(usize),
    Dfa(usize),
}

impl Store {
    /// Every cache held, with the bytes it holds.
    fn sizes(&self) -> impl Iterator<Item = (usize, Slot)> + '_ {
        let regexes = self.regexes.iter().enumerate();
        let dfas = self.dfas.iter().enumerate();
        regexes
            .filter_map(|(i, c)| Some((c.as_ref()?.memory_usage(), Slot::Regex(i))))
            .chain(dfas.filter_map(|(i, c)| Some((c.as_ref()?.memory_usage(), Slot::Dfa(i)))))
    }
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

/// Takes the cache at `key` out of `slots` (a new one from `create` when there is none), so
/// that `f` runs with the store unborrowed: a search may bind slots, which search again.
fn with<C, R>(
    key: &Key,
    slots: fn(&mut Store) -> &mut Vec<Option<Box<C>>>,
    create: impl FnOnce() -> C,
    f: impl FnOnce(&mut C) -> R,
) -> R {
    let taken = STORE.with_borrow_mut(|s| slots(s).get_mut(key.0).and_then(Option::take));
    let mut cache = taken.unwrap_or_else(|| Box::new(create()));
    let out = f(&mut cache);
    STORE.with_borrow_mut(|s| {
        let v = slots(s);
        if v.len() <= key.0 {
            v.resize_with(key.0 + 1, || None);
        }
        v[key.0] = Some(cache);
    });
    out
}

/// Runs `f` with this thread's cache for `regex`.
pub fn with_regex<R>(key: &Key, regex: &Regex, f: impl FnOnce(&mut RegexCache) -> R) -> R {
    with(key, |s| &mut s.regexes, || regex.create_cache(), f)
}

/// Runs `f` with this thread's cache for `dfa`.
pub fn with_dfa<R>(key: &Key, dfa: &DFA, f: impl FnOnce(&mut DfaCache) -> R) -> R {
    with(key, |s| &mut s.dfas, || dfa.create_cache(), f)
}

/// Drops this thread's largest caches until together they hold no more than the budget: the
/// largest are the automata that the text keeps adding states to, and dropping one of them
/// leaves the others' learned states in place.
pub fn trim() {
    let budget = BUDGET.load(Ordering::Relaxed);
    STORE.with_borrow_mut(|s| {
        let mut held: usize = s.sizes().map(|(size, _)| size).sum();
        if held <= budget {
            return;
        }
        let mut sizes: Vec<(usize, Slot)> = s.sizes().collect();
        sizes.sort_unstable_by_key(|&(size, _)| std::cmp::Reverse(size));
        for (size, slot) in sizes {
            if held <= budget {
                break;
            }
            match slot {
                Slot::Regex(i) => s.regexes[i] = None,
                Slot::Dfa(i) => s.dfas[i] = None,
            }
            held -= size;
        }
    });
}
