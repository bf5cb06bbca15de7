//! Property tests for the library entry point: `Engine::extract` never panics, and every span
//! it reports is valid for the input it was given (char boundaries, `input[start..end]` is the
//! reported text, code point offsets agree with Python-style indexing).
//!
//! Case counts are kept small enough for the whole file to run in well under 20 s in a debug
//! build; raise them with `PROPTEST_CASES=…` for a longer soak.

use std::sync::OnceLock;

use kutip::Engine;
use kutip::output::Document;
use kutip::text::Span;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::load(true, &[]) {
        Ok(e) => e,
        Err(errors) => panic!("built-in rules do not load: {errors:?}"),
    })
}

/// 4096 cases per property (about 6 s in a debug build); `PROPTEST_CASES` overrides it.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096);
    Config { cases, max_shrink_iters: 4000, ..Config::default() }
}

/// Python-style code point index of byte offset `byte`.
fn code_points(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// Checks one span of `input`; `what` names it in failure messages. Returns the spanned text.
fn check_span<'a>(input: &'a str, span: &Span, what: &str) -> Result<&'a str, TestCaseError> {
    prop_assert!(span.start <= span.end, "{what}: start {} > end {}", span.start, span.end);
    prop_assert!(span.end <= input.len(), "{what}: end {} beyond input length {}", span.end, input.len());
    prop_assert!(input.is_char_boundary(span.start), "{what}: start {} is not a char boundary", span.start);
    prop_assert!(input.is_char_boundary(span.end), "{what}: end {} is not a char boundary", span.end);
    prop_assert_eq!(span.char_start, code_points(input, span.start), "{}: char_start", what);
    prop_assert_eq!(span.char_end, code_points(input, span.end), "{}: char_end", what);
    Ok(&input[span.start..span.end])
}

fn check_document(input: &str, doc: &Document) -> Result<(), TestCaseError> {
    prop_assert_eq!(&*doc.schema, "kutip/1");
    prop_assert_eq!(doc.document.as_str(), "p");
    let paragraphs = input.split('\n').filter(|l| !l.trim().is_empty()).count();
    for (i, q) in doc.quotes.iter().enumerate() {
        let text = check_span(input, &q.span, &format!("quote {i}"))?;
        prop_assert_eq!(text, q.text.as_str(), "quote {}: input[start..end] != text", i);
        prop_assert!(!q.text.contains('\n'), "quote {} crosses a line: {:?}", i, q.text);
        prop_assert!(q.paragraph < paragraphs.max(1), "quote {}: paragraph {} of {}", i, q.paragraph, paragraphs);
        if let Some(cue) = &q.cue {
            let t = check_span(input, &cue.span, &format!("quote {i} cue"))?;
            prop_assert_eq!(t, cue.text.as_str(), "quote {}: cue text differs from its span", i);
        }
        if let Some(src) = &q.source {
            let t = check_span(input, &src.span, &format!("quote {i} source"))?;
            prop_assert_eq!(t, src.name.as_str(), "quote {}: source name differs from its span", i);
        }
        if let Some(sp) = &q.speaker
            && let Some(span) = &sp.span
        {
            let t = check_span(input, span, &format!("quote {i} speaker"))?;
            if let Some(m) = &sp.mention {
                prop_assert_eq!(t, m.as_str(), "quote {}: speaker mention differs from its span", i);
            }
        }
    }
    Ok(())
}

fn marks() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["“", "”", "\"", "„", "«", "»", "‘", "’", "'", "“", "”", "\"", "“", "\""])
}

fn punct() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        ",", ".", ". ", ", ", "!", "?", ";", ":", "…", "...", "—", "-", "(", ")", "(39)", "[", "]", ",", ".",
    ])
}

fn spaces() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", " ", " ", "\n", "\n\n", "\r\n", "\t", "\u{a0}", "\u{2011}", "\u{200b}", "\u{feff}", "  ",
    ])
}

fn cues() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "kata",
        "ujarnya",
        "ujar",
        "katanya",
        "mengatakan",
        "mengatakan bahwa",
        "menurut",
        "menyatakan",
        "bahwa",
        "tambahnya",
        "jelasnya",
        "kata dia",
        "ujar dia",
        "said",
        "says",
        "told",
        "according to",
        "added",
        "he said",
        "she said",
        "said that",
        "told Reuters",
        "seperti dikutip dari AFP",
        "dikutip Antara",
        "ia",
        "dia",
        "beliau",
        "he",
        "she",
        "they",
        "Menteri",
        "Menlu",
        "Presiden",
        "juru bicara",
        "the minister",
        "spokesman",
        "tersebut",
        "itu",
        "Baca Juga:",
        "Dr.",
        "Prof.",
        "M.",
        "Jl.",
        "U.S.",
    ])
}

fn names() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Budi Santoso",
        "Sergei Lavrov",
        "Yvan Gil",
        "Díaz-Canel",
        "Joko Widodo",
        "Sri Mulyani",
        "Ahmad",
        "Lavrov",
        "Gil",
        "Menteri Luar Negeri Rusia Sergei Lavrov",
        "Presiden Joko Widodo",
        "police spokesman John Smith",
        "Ñuñez",
        "Łukasz",
        "Ömer",
        "Ángela",
        "Dang Thị",
        "Müller",
        "Zoë",
        "İlham",
        "Σωκράτης",
        "Ольга",
        "محمد",
        "李明",
        "ia",
        "dia",
        "he",
        "she",
    ])
}

fn words() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "kami",
        "siap",
        "membantu",
        "pemerintah",
        "akan",
        "terus",
        "negosiasi",
        "harga",
        "naik",
        "1.5",
        "persen",
        "2024",
        "Rp10.000",
        "yang",
        "dan",
        "di",
        "kerja",
        "sama",
        "the",
        "government",
        "will",
        "continue",
        "talks",
        "prices",
        "rose",
        "of",
        "and",
        "we",
        "are",
        "ready",
        "to",
        "help",
    ])
}

/// Characters that have broken text pipelines before: controls, the masking placeholders,
/// combining marks, ligatures, astral letters, separators that are not ASCII whitespace.
fn oddities() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ﬁ", "é", "ß", "ǅ", "𝔘", "😀", "\u{301}", "\u{0}", "\u{2}", "\u{3}", "\u{1}", "\u{7f}", "\u{85}", "\u{2028}",
        "\u{2029}", "\u{202e}", "\u{a0}", "\u{2011}", "\u{200b}", "\u{feff}", "İ", "ẞ", "Σ",
    ])
}

/// Pieces that news text and hostile text are made of, weighted towards what the pipeline
/// reacts to: quote marks, cue words, names, punctuation, line breaks.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => marks().prop_map(str::to_string),
        3 => punct().prop_map(str::to_string),
        3 => spaces().prop_map(str::to_string),
        4 => cues().prop_map(str::to_string),
        3 => names().prop_map(str::to_string),
        5 => words().prop_map(str::to_string),
        2 => oddities().prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,8}",
    ]
}

/// A string assembled from pieces, with a space between most of them so cue words stay words.
fn newsish() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::weighted(0.7)), 0..80).prop_map(|parts| {
        let mut s = String::new();
        for (p, space) in parts {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// A run of 1..12 plain words, now and then with a hostile piece among them.
fn clause() -> impl Strategy<Value = String> {
    let word =
        prop_oneof![16 => words().prop_map(str::to_string), 1 => oddities().prop_map(str::to_string), 1 => piece()];
    prop::collection::vec(word, 1..12).prop_map(|w| w.join(" "))
}

/// Templates close to the shapes the rules look for, with hostile pieces spliced in.
fn templated() -> impl Strategy<Value = String> {
    let shape = prop::sample::select(vec![
        "{O}{W}{C}{O2} {K} {N}.",
        "{O}{W}{C}{O2} {K} {N}. {O}{W}{C}{O2}",
        "{O}{W}{C}{O2} {K} {N}{C}{O}{W}{O2}",
        "{N} {K}, {W}.",
        "{N} {K} bahwa {W}.",
        "{N} said {W}.",
        "{N} told Reuters {W}.",
        "According to {N}, {W}.",
        "Menurut {N}, {W}.",
        "{O}{W}\n\n{W}{C}{O2} {K} {N}.",
        "{O}{W}{C}{O2} {K} {N}.\n{O}{W}{C}{O2}\n{N} {K}.",
        "{W}{C}{O2} {K} {N}.",
        "{O}{W}{C}{O2}, {K} {N} seperti dikutip dari AFP.",
        "{N} {K}, {O}{W}{C}{O2}",
        "{X} {O}{W}{C}{O2} {K} {N}. {X}",
    ]);
    let closer = prop_oneof![3 => Just(None), 1 => marks().prop_map(Some)];
    (shape, marks(), closer, clause(), clause(), punct(), cues(), names(), piece()).prop_map(
        |(shape, o, o2, w, w2, c, k, n, x)| {
            // Mostly the matching closer; sometimes any mark, to unbalance the pairs.
            let o2 = o2.unwrap_or(match o {
                "“" => "”",
                "„" => "“",
                "«" => "»",
                "‘" => "’",
                other => other,
            });
            shape
                .replacen("{W}", &w, 1)
                .replace("{W}", &w2)
                .replace("{O2}", o2)
                .replace("{O}", o)
                .replace("{C}", c)
                .replace("{K}", k)
                .replace("{N}", n)
                .replace("{X}", &x)
        },
    )
}

/// The slot DFAs bind what the regex's captures bind, for every match of every rule: on the
/// text as given and on each masked sentence the pipeline would match.
fn check_slots(input: &str) -> Result<(), TestCaseError> {
    let rules = engine().rules();
    let mut sentences = vec![input.to_string()];
    for p in kutip::text::paragraphs(input) {
        for lang in [kutip::lang::Lang::Id, kutip::lang::Lang::En] {
            let c = kutip::detect::candidates(rules, input, p.clone(), lang);
            let base = c.paragraph.range.start;
            sentences.extend(c.sentences.iter().map(|s| c.masked[s.start - base..s.end - base].to_string()));
        }
    }
    for sentence in &sentences {
        for rule in &rules.rules {
            for m in rule.regex().find_iter(sentence) {
                let (fast, slow) = (rule.bind(sentence, m.range()), rule.captures(sentence, m.range()));
                prop_assert_eq!(fast, slow, "{} on {:?}", rule.id, sentence);
            }
        }
    }
    Ok(())
}

/// The paragraphs of every fixture text, and every word in them: real news layout for
/// [`shuffled_news`] to disturb.
fn fixture_text() -> &'static (Vec<String>, Vec<String>) {
    static TEXT: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    TEXT.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paragraphs = Vec::new();
        for dir in ["seeds", "en", "id", "mixed"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")) {
                let text = std::fs::read_to_string(file).unwrap();
                paragraphs.extend(text.split('\n').filter(|p| !p.trim().is_empty()).map(str::to_string));
            }
        }
        let words = paragraphs.iter().flat_map(|p| p.split_whitespace()).map(str::to_string).collect();
        (paragraphs, words)
    })
}

/// One to three consecutive fixture paragraphs with some words swapped for words from
/// anywhere in the fixtures: news layout with word orders no fixture has ("According -
/// him, …" once panicked, a cue word read as a dateline).
fn shuffled_news() -> impl Strategy<Value = String> {
    let swaps = prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..24);
    (any::<prop::sample::Index>(), 1..=3usize, swaps).prop_map(|(at, n, swaps)| {
        let (paragraphs, words) = fixture_text();
        let start = at.index(paragraphs.len());
        let text = paragraphs[start..(start + n).min(paragraphs.len())].join("\n\n");
        let mut tokens: Vec<&str> = text.split(' ').collect();
        for (i, w) in swaps {
            let slot = i.index(tokens.len());
            tokens[slot] = &words[w.index(words.len())];
        }
        tokens.join(" ")
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn extract_spans_are_valid_on_shuffled_news(s in shuffled_news()) {
        let doc = engine().extract(&s, "p");
        check_document(&s, &doc)?;
    }

    #[test]
    fn slot_dfas_agree_with_captures_on_templated_text(s in templated()) {
        check_slots(&s)?;
    }

    #[test]
    fn slot_dfas_agree_with_captures_on_quote_heavy_text(s in newsish()) {
        check_slots(&s)?;
    }

    #[test]
    fn extract_never_panics_on_arbitrary_strings(s in "\\PC{0,200}|.{0,200}|[\\s\\S]{0,200}") {
        let doc = engine().extract(&s, "p");
        check_document(&s, &doc)?;
    }

    #[test]
    fn extract_spans_are_valid_on_quote_heavy_text(s in newsish()) {
        let doc = engine().extract(&s, "p");
        check_document(&s, &doc)?;
    }

    #[test]
    fn extract_spans_are_valid_on_templated_text(s in templated()) {
        let doc = engine().extract(&s, "p");
        check_document(&s, &doc)?;
    }
}

/// Fixed inputs that once looked risky: kept as plain tests so they run on every `cargo test`.
#[test]
fn extract_handles_degenerate_inputs() {
    let cases = [
        "",
        "\n",
        "“",
        "”",
        "\"",
        "“”",
        "”“",
        "\"\"\"\"",
        "“ ” kata Budi.",
        "«»«»«»",
        "„Kami siap“ kata Budi Santoso.",
        "kata",
        "ujarnya.",
        "said.",
        "According to",
        "\u{a0}“\u{a0}Kami\u{a0}”\u{a0}kata\u{a0}Budi.",
        "“Kami siap membantu,” kata Budi\u{2011}Santoso.",
        "(39)",
        "( )",
        "(",
        "Riyanto ( ) mengatakan bahwa harga naik.",
        "\u{2}\u{3}\u{1}“Kami” kata Budi.",
        "“Kami siap membantu,\n\nkata Budi Santoso.”",
        "\u{feff}“Kami siap membantu,” kata Budi Santoso.",
        // A cue word read as a dateline ("CITY - "), and a speaker that is only brackets: both
        // once panicked on word-shuffled news.
        "According - him, the plan will slow the work.",
        "Menurut (52), sewa kios naik dua kali lipat. Ia menyebut aturan itu “mencekik pedagang”.",
    ];
    for s in cases {
        let doc = engine().extract(s, "p");
        if let Err(e) = check_document(s, &doc) {
            panic!("{s:?}: {e}");
        }
    }
}

/// The properties above are only worth something if the generated text reaches the rules:
/// a fixed-seed sample must produce quotes of every kind, speakers, cues and sources.
#[test]
fn generators_reach_the_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut docs, mut with_quotes, mut kinds, mut speakers, mut sources) =
        (0, 0, std::collections::BTreeSet::new(), 0, 0);
    let strategies: [BoxedStrategy<String>; 2] = [newsish().boxed(), templated().boxed()];
    for strategy in &strategies {
        for _ in 0..400 {
            let s = match strategy.new_tree(&mut runner) {
                Ok(tree) => tree.current(),
                Err(e) => panic!("strategy failed: {e}"),
            };
            let doc = engine().extract(&s, "p");
            docs += 1;
            with_quotes += usize::from(!doc.quotes.is_empty());
            for q in &doc.quotes {
                kinds.insert(format!("{:?}", q.kind));
                speakers += usize::from(q.speaker.as_ref().is_some_and(|s| s.name.is_some()));
                sources += usize::from(q.source.is_some());
            }
        }
    }
    eprintln!(
        "{docs} documents, {with_quotes} with quotes, kinds {kinds:?}, {speakers} named speakers, {sources} sources"
    );
    assert!(with_quotes * 10 >= docs, "only {with_quotes} of {docs} generated documents gave a quote");
    assert!(kinds.len() >= 2, "generated documents only gave {kinds:?}");
    assert!(speakers > 0 && sources > 0, "{speakers} named speakers, {sources} sources");
}

/// Seconds `engine().extract` takes on `text`.
fn seconds(text: &str) -> f64 {
    let started = std::time::Instant::now();
    let doc = engine().extract(text, "p");
    let took = started.elapsed().as_secs_f64();
    if let Err(e) = check_document(text, &doc) {
        panic!("{e}");
    }
    took
}

/// Fails when quadrupling the input costs more than 8x the time (linear work costs 4x).
fn assert_linear(what: &str, make: impl Fn(usize) -> String, n: usize) {
    let (small, large) = (make(n), make(4 * n));
    let _ = seconds(&make(n / 10)); // warm up (lazy statics)
    let (a, b) = (seconds(&small), seconds(&large));
    eprintln!("{what}: {} bytes {a:.2} s, {} bytes {b:.2} s, ratio {:.1}", small.len(), large.len(), b / a.max(1e-6));
    assert!(b < 8.0 * a.max(0.05), "{what} is superlinear: 4x the input took {:.1}x the time", b / a.max(1e-6));
}

/// Complexity guard for `text::segment::sentences`: a `.` once made it scan back over the
/// whole dotted run before it, so one long dotted token ("a.a.a.…", a dotted URL or number)
/// cost O(n²). Timed, so not part of the default run (speed is checked by benchmarks): run it
/// with `cargo test --release --test props -- --ignored`.
#[test]
#[ignore = "timed complexity guard; run with --ignored"]
fn long_dotted_token_is_linear() {
    assert_linear("dotted token", |n| format!("Kata dia {} selesai.", "a.".repeat(n)), 2_500);
}

/// Complexity guard for the pipeline's loop over quotes no rule claimed: each once searched the
/// paragraph's sentences from the start, so one long paragraph of unattributed quotes cost
/// O(quotes × sentences). Timed, so run only with `--ignored`, as above.
#[test]
#[ignore = "timed complexity guard; run with --ignored"]
fn many_unclaimed_quotes_in_one_paragraph_is_linear() {
    assert_linear("unclaimed quotes", |n| "Dia datang. “Satu dua tiga empat.” ".repeat(n), 5_000);
}

/// Complexity guard for attributing many quotes in one sentence (a paragraph whose stops the
/// scraper lost): each quote once searched the whole sentence for outlet credits and the
/// paragraph's quote list from the start. Timed, so run only with `--ignored`, as above.
#[test]
#[ignore = "timed complexity guard; run with --ignored"]
fn many_attributed_quotes_in_one_sentence_is_linear() {
    assert_linear("attributed quotes", |n| format!("Warga senang{}.", " “Satu dua,” kata Budi".repeat(n)), 3_000);
}
