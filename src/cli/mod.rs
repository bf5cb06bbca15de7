//! The command line: argument definitions and one module per subcommand. Exit codes follow
//! ripgrep: 0 success, 1 some input failed (the rest was still written), 2 bad usage or bad
//! rule files.

/// `println!` that treats a closed pipe (`kutip rules list | head`) as the end of the run
/// instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => { $crate::cli::say_line(format_args!($($arg)*)) };
}

pub mod audit;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod rules;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
use crate::output::Format;

#[derive(Parser, Debug)]
#[command(
    name = "kutip",
    version,
    about = "Extract attributed quotes and claims from Indonesian and English news.",
    long_about = "kutip reads news text (scraped pages with menus and 'Baca Juga' lines, clean text, or \
JSONL corpora) and writes every direct quote and indirect claim with its speaker, reporting cue, \
source outlet and offsets, as JSON.\n\n\
Examples:\n  kutip extract article.txt\n  kutip extract --format text news/\n  \
cat corpus.jsonl | kutip extract --input jsonl --format jsonl > quotes.jsonl\n  \
kutip extract --rules my-rules/ article.txt"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract quotes and claims from files, directories (*.txt, recursively) or standard input.
    Extract(ExtractArgs),
    /// Who said what across a corpus: speakers merged across documents, their quotes by kind,
    /// documents, outlets and roles; as a table, CSV, JSON or a self-contained HTML report.
    Audit(audit::AuditArgs),
    /// Work with rule files: list the rules in force, check files for mistakes, run their examples.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show every decision on one text: language, quote marks, cue words, each rule tried and
    /// why it matched or not, and how each speaker was resolved.
    Explain(explain::ExplainArgs),
    /// Score extraction against an annotated sample (gold JSONL, see docs/rules.md) and compare
    /// with an earlier run.
    Eval(eval::EvalArgs),
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Every rule in force: id, language, kind, priority, where it comes from, description.
    List(RuleArgs),
    /// Validate rule files without extracting anything; every problem is reported, exit 2 if any.
    Check {
        /// Rule directories or files (default: only the built-in rules).
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
    /// Run every rule's examples through the whole engine; exit 1 if one fails.
    Test(RuleArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Each file is one document.
    Text,
    /// Each line is one JSON document with an id and a text field (streamed).
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Auto,
    Id,
    En,
}

impl LangArg {
    pub fn lang(self) -> Option<crate::lang::Lang> {
        match self {
            LangArg::Auto => None,
            LangArg::Id => Some(crate::lang::Lang::Id),
            LangArg::En => Some(crate::lang::Lang::En),
        }
    }
}

/// `--format` of the commands that report to people or to tools.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Loads the rules a command runs with, or prints why not (exit 2).
pub fn load_engine(args: &RuleArgs) -> Result<crate::Engine, i32> {
    let engine =
        crate::Engine::load(!args.no_default_rules, &args.rules).map_err(|errors| report_rule_errors(&errors))?;
    Ok(if args.no_prefilter { engine.without_prefilter() } else { engine })
}

#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// A directory (or file) of TOML rule files: adds rules, or replaces a built-in one with
    /// the same id. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Use only the rules given with --rules.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Try every rule on every sentence, not only where its cue words occur. Slower, same
    /// output: for checking that a new rule's cue lexicon does not hide a match.
    #[arg(long)]
    pub no_prefilter: bool,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    #[command(flatten)]
    pub input: InputArgs,
    /// Language of the input; auto detects it per paragraph.
    #[arg(long, value_enum, default_value = "auto")]
    pub lang: LangArg,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Where documents come from, shared by `extract` and `audit`.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files or directories to read; '-' or nothing reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// What the inputs hold.
    #[arg(long, value_enum, default_value = "text")]
    pub input: InputKind,
    /// With --input jsonl: the field holding each document's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// With --input jsonl: the field holding each document's text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// Documents processed in parallel (default: all cores). Output order is input order.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Never print progress (it is shown on a terminal for long runs).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Memory each job keeps for the matchers' caches, in MB. The automata learn states from the
    /// text they read and keep them; past this much, the largest are dropped and relearnt, so
    /// memory stays flat on any text. The default runs real news at full speed; 64 holds a job
    /// near 200 MB on varied pages, and runs them two to four times slower.
    #[arg(long, value_name = "MB", default_value_t = crate::rules::cache::DEFAULT_BUDGET >> 20)]
    pub cache_mb: usize,
}

/// Runs the command; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Rules(RulesCommand::List(args)) => rules::list(&args),
        Command::Rules(RulesCommand::Check { dirs }) => rules::check(&dirs),
        Command::Rules(RulesCommand::Test(args)) => rules::test(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Eval(args) => eval::run(&args),
    }
}

/// Prints rule-file diagnostics and returns exit code 2.
pub fn report_rule_errors(errors: &[Diagnostic]) -> i32 {
    for e in errors {
        eprintln!("{e}");
    }
    eprintln!("kutip: {} error(s) in rule files; fix them or run without --rules", errors.len());
    2
}

pub fn say_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("kutip: error: cannot write output: {e}");
        std::process::exit(2);
    }
}
