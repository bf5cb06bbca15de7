//! `kutip extract`: inputs in, documents out, in input order, in bounded batches so memory
//! stays flat on a corpus of any size. One bad document is reported on stderr and skipped;
//! every other document is still written (exit 1 at the end).

use std::collections::{HashSet, VecDeque};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use rayon::prelude::*;

use super::{ExtractArgs, InputArgs, InputKind};
use crate::output::{Document, Writer};
use crate::pipeline::Engine;

/// Documents held at once: enough to keep every core busy, few enough to keep memory flat.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 16 << 20;

/// The UTF-8 byte order mark some editors put first in a file. Extraction never sees it (rule
/// anchors and boilerplate prefixes would trip over it), and every offset is moved past it
/// afterwards, so offsets still index the file as given: its bytes, or its code points when
/// decoded as plain UTF-8 (where the mark is U+FEFF, one code point).
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One document to extract, or the reason it could not be read.
pub struct Job {
    pub name: String,
    pub text: Result<String, String>,
    /// The input started with a byte order mark that `text` leaves out.
    pub bom: bool,
}

impl Job {
    fn failed(name: impl Into<String>, message: impl Into<String>) -> Job {
        Job { name: name.into(), text: Err(message.into()), bom: false }
    }

    /// A job from raw input bytes: decoded, or the reason they are not text.
    fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Job {
        match decode(bytes) {
            Ok((text, bom)) => Job { name: name.into(), text: Ok(text), bom },
            Err(e) => Job::failed(name, e),
        }
    }
}

/// Where extracted documents go: the output writer for `extract`, the aggregator for `audit`.
pub trait Sink {
    fn begin(&mut self) -> io::Result<()>;
    /// One document, with the text it was extracted from.
    fn document(&mut self, doc: &Document, text: &str) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()>;
}

impl<W: Write> Sink for Writer<W> {
    fn begin(&mut self) -> io::Result<()> {
        Writer::begin(self)
    }
    fn document(&mut self, doc: &Document, _text: &str) -> io::Result<()> {
        self.write(doc)
    }
    fn finish(&mut self) -> io::Result<()> {
        Writer::finish(self)
    }
}

pub fn run(args: &ExtractArgs) -> i32 {
    let engine = match super::load_engine(&args.rules) {
        Ok(e) => e.with_lang(args.lang.lang()),
        Err(code) => return code,
    };
    // The engine lives until the process exits: leaking it spares the exit from freeing every
    // compiled automaton and lazy-DFA cache one by one (2% of the instructions of a 2 MB run).
    let engine: &'static crate::Engine = Box::leak(Box::new(engine));
    let stdout = io::stdout().lock();
    let mut writer = Writer::new(io::BufWriter::with_capacity(1 << 16, stdout), args.format);
    drive(engine, &args.input, &mut writer)
}

/// Reads every input of `input`, extracts in parallel batches and hands each document to
/// `sink` in input order. Returns the exit code: 0, 1 when some input failed, 2 when the
/// output could not be written.
pub fn drive<S: Sink>(engine: &Engine, input: &InputArgs, sink: &mut S) -> i32 {
    let args = input;
    crate::rules::cache::set_budget(args.cache_mb.saturating_mul(1 << 20));
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("kutip: error: cannot start {} worker threads: {e}", args.jobs.unwrap_or(0));
            return 2;
        }
    };
    let mut run = Run {
        engine,
        pool: &pool,
        sink,
        failed: 0,
        docs: 0,
        bytes: 0,
        started: Instant::now(),
        progress: !args.quiet && io::stderr().is_terminal(),
        last_progress: Instant::now(),
    };
    let result = (|| -> io::Result<()> {
        run.sink.begin()?;
        if pool.current_num_threads() > 1 {
            // Three things at once: a reader thread reads and parses batches, the pool extracts
            // up to two of them, and this thread writes the oldest in input order. Done one after
            // the other, the cores would wait while one thread parses or writes.
            std::thread::scope(|threads| {
                let (tx, rx) = mpsc::sync_channel::<Vec<Job>>(1);
                let reader = threads.spawn(move || {
                    read_batches(args, &mut |batch| tx.send(batch).map_err(|_| io::ErrorKind::BrokenPipe.into()))
                });
                let written = pool.in_place_scope(|pool_scope| {
                    let mut in_flight: VecDeque<mpsc::Receiver<Extracted>> = VecDeque::new();
                    let mut write_oldest = |in_flight: &mut VecDeque<mpsc::Receiver<Extracted>>| -> io::Result<()> {
                        let Some(done) = in_flight.pop_front() else { return Ok(()) };
                        let (jobs, results) = done
                            .recv()
                            .map_err(|_| io::Error::other("a batch was lost (an extraction thread stopped)"))?;
                        run.write(&jobs, results)
                    };
                    for batch in rx {
                        let (done_tx, done_rx) = mpsc::sync_channel(1);
                        pool_scope.spawn(move |_| {
                            let results = extract_all(engine, &batch);
                            let _ = done_tx.send((batch, results));
                        });
                        in_flight.push_back(done_rx);
                        if in_flight.len() >= 2 {
                            write_oldest(&mut in_flight)?;
                        }
                    }
                    while !in_flight.is_empty() {
                        write_oldest(&mut in_flight)?;
                    }
                    Ok(())
                });
                // When writing failed the reader stops at its next batch (its channel is closed).
                let read = reader.join().unwrap_or_else(|_| Err(io::Error::other("the input reader panicked")));
                written.and(read)
            })?;
        } else {
            read_batches(args, &mut |batch| run.batch(batch))?;
        }
        run.sink.finish()
    })();
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("kutip: error: cannot write output: {e}");
            2
        }
        Ok(()) => i32::from(run.failed > 0),
    }
}

struct Run<'a, S: Sink> {
    engine: &'a Engine,
    pool: &'a rayon::ThreadPool,
    sink: &'a mut S,
    failed: usize,
    docs: usize,
    bytes: usize,
    started: Instant,
    progress: bool,
    last_progress: Instant,
}

impl<S: Sink> Run<'_, S> {
    fn fail(&mut self, name: &str, message: &str) {
        self.failed += 1;
        eprintln!("kutip: error: {name}: {message}");
    }

    /// Extracts a batch in parallel and writes it in input order.
    fn batch(&mut self, jobs: Vec<Job>) -> io::Result<()> {
        let results = self.pool.install(|| extract_all(self.engine, &jobs));
        self.write(&jobs, results)
    }

    /// Writes a batch's results in input order.
    fn write(&mut self, jobs: &[Job], results: Vec<Result<Document, String>>) -> io::Result<()> {
        for (job, result) in jobs.iter().zip(results) {
            match result {
                Ok(doc) => {
                    self.docs += 1;
                    self.bytes += job.text.as_ref().map_or(0, String::len);
                    let text = job.text.as_deref().unwrap_or("");
                    // The spans were moved past the byte order mark; so is the text the sink sees.
                    let text = if job.bom { std::borrow::Cow::Owned(format!("\u{feff}{text}")) } else { text.into() };
                    self.sink.document(&doc, &text)?;
                }
                Err(e) => self.fail(&job.name, &e),
            }
        }
        self.show_progress();
        Ok(())
    }

    fn show_progress(&mut self) {
        if !self.progress || self.last_progress.elapsed().as_millis() < 500 {
            return;
        }
        self.last_progress = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        eprint!("\rkutip: {} documents, {mb:.1} MB, {:.1} MB/s, {} failed   ", self.docs, mb / secs, self.failed);
    }
}

/// A batch and its results, in input order.
type Extracted = (Vec<Job>, Vec<Result<Document, String>>);

/// Every job of a batch extracted, in parallel on the current pool, in input order. A panic in
/// one document is that document's error, not the run's.
fn extract_all(engine: &Engine, jobs: &[Job]) -> Vec<Result<Document, String>> {
    jobs.par_iter()
        .map(|job| match &job.text {
            Ok(text) => catch_unwind(AssertUnwindSafe(|| engine.extract(text, &job.name)))
                .map(|mut doc| {
                    if job.bom {
                        doc.shift(BOM.len(), 1);
                    }
                    doc
                })
                .map_err(|_| "internal error while extracting (please report this input)".to_string()),
            Err(e) => Err(e.clone()),
        })
        .collect()
}

/// Reads every input of `input`, in order, into batches of jobs handed to `emit`. An input that
/// cannot be opened or read becomes a failed job, reported with the others.
fn read_batches(input: &InputArgs, emit: &mut dyn FnMut(Vec<Job>) -> io::Result<()>) -> io::Result<()> {
    let mut batches = Batches { jobs: Vec::new(), bytes: 0, emit };
    let stdin_only = input.paths.is_empty() || input.paths.iter().all(|p| p == Path::new("-"));
    match input.input {
        InputKind::Text if stdin_only => batches.push(stdin_job())?,
        InputKind::Text => {
            for job in input.paths.iter().flat_map(|path| text_jobs(path)) {
                batches.push(job)?;
            }
        }
        InputKind::Jsonl if stdin_only => jsonl("-", BufReader::new(io::stdin().lock()), input, &mut batches)?,
        InputKind::Jsonl => {
            for path in &input.paths {
                let name = path.display().to_string();
                if path == Path::new("-") {
                    jsonl("-", BufReader::new(io::stdin().lock()), input, &mut batches)?;
                    continue;
                }
                match std::fs::File::open(path) {
                    Ok(f) => jsonl(&name, BufReader::with_capacity(1 << 20, f), input, &mut batches)?,
                    Err(e) => batches.push(Job::failed(name, format!("cannot open: {e}")))?,
                }
            }
        }
    }
    batches.flush()
}

/// Jobs gathered into batches of at most [`BATCH_DOCS`] documents or [`BATCH_BYTES`] of text.
struct Batches<'e> {
    jobs: Vec<Job>,
    bytes: usize,
    emit: &'e mut dyn FnMut(Vec<Job>) -> io::Result<()>,
}

impl Batches<'_> {
    fn push(&mut self, job: Job) -> io::Result<()> {
        self.bytes += job.text.as_ref().map_or(0, String::len);
        self.jobs.push(job);
        if self.jobs.len() >= BATCH_DOCS || self.bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.bytes = 0;
        match self.jobs.is_empty() {
            true => Ok(()),
            false => (self.emit)(std::mem::take(&mut self.jobs)),
        }
    }
}

/// Streams a JSONL corpus: each line one document; a bad line is reported by line number.
fn jsonl(name: &str, mut reader: impl BufRead, args: &InputArgs, batches: &mut Batches) -> io::Result<()> {
    let mut line_no = 0;
    let mut raw = Vec::new();
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return batches.push(Job::failed(name, format!("cannot read: {e}"))),
        }
        line_no += 1;
        if line_no == 1 && raw.starts_with(BOM) {
            raw.drain(..BOM.len());
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        batches.push(corpus_line(name, line_no, &raw, &args.id_field, &args.text_field))?;
    }
    Ok(())
}

/// One corpus line as a job, named by its id (or `FILE:LINE` when it has none).
pub fn corpus_line(file: &str, line: usize, raw: &[u8], id_field: &str, text_field: &str) -> Job {
    let here = format!("{file}:{line}");
    let value: serde_json::Value = match serde_json::from_slice(raw) {
        Ok(v) => v,
        Err(e) => return Job::failed(here, format!("not a JSON document: {e}")),
    };
    let name = match value.get(id_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => here.clone(),
    };
    // The error line names the job; add FILE:LINE when the job is named by its id instead.
    let at = if name == here { String::new() } else { format!("{here}: ") };
    let text = match value.get(text_field) {
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{at}field \"{text_field}\" is not a string")),
        None => Err(format!("{at}no \"{text_field}\" field (choose it with --text-field)")),
    };
    Job { name, text, bom: false }
}

/// Standard input as one document.
fn stdin_job() -> Job {
    let mut buf = Vec::new();
    match io::stdin().lock().read_to_end(&mut buf) {
        Ok(_) => Job::from_bytes("-", buf),
        Err(e) => Job::failed("-", format!("cannot read: {e}")),
    }
}

/// The documents a path stands for: the file itself, or every `*.txt` under a directory.
pub fn text_jobs(path: &Path) -> Vec<Job> {
    let name = path.display().to_string();
    if path == Path::new("-") {
        return vec![stdin_job()];
    }
    if path.is_dir() {
        let mut found = Vec::new();
        collect_txt(path, &mut found, &mut HashSet::new());
        found.sort_by(|a, b| a.0.cmp(&b.0));
        if found.is_empty() {
            return vec![Job::failed(name, "directory holds no *.txt files")];
        }
        return found
            .into_iter()
            .map(|(p, error)| match error {
                Some(e) => Job::failed(p.display().to_string(), e),
                None => read_job(&p),
            })
            .collect();
    }
    vec![read_job(path)]
}

/// Every `*.txt` under `dir`, and every directory that could not be listed (with the reason).
/// A directory reached twice (a symlink loop, or two links to one place) is read once.
fn collect_txt(dir: &Path, out: &mut Vec<(PathBuf, Option<String>)>, seen: &mut HashSet<PathBuf>) {
    if !seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push((dir.to_path_buf(), Some(format!("cannot read directory: {e}"))));
            return;
        }
    };
    for entry in entries {
        let p = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                out.push((dir.to_path_buf(), Some(format!("cannot read directory: {e}"))));
                continue;
            }
        };
        if p.is_dir() {
            collect_txt(&p, out, seen);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push((p, None));
        }
    }
}

fn read_job(path: &Path) -> Job {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => Job::from_bytes(name, bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Job::failed(name, "no such file or directory"),
        Err(e) => Job::failed(name, format!("cannot read: {e}")),
    }
}

/// Text as UTF-8 without a leading byte order mark (and whether there was one), or why not:
/// empty, binary (a NUL byte), UTF-16, or an invalid byte (with its offset in the input).
pub fn decode(mut bytes: Vec<u8>) -> Result<(String, bool), String> {
    let bom = bytes.starts_with(BOM);
    if bom {
        bytes.drain(..BOM.len());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty document".into());
    }
    if !bom && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
        return Err("UTF-16 text (it starts with a UTF-16 byte order mark); convert the file to UTF-8".into());
    }
    let skipped = if bom { BOM.len() } else { 0 };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {}), not text", at + skipped));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, bom)),
        Err(e) => Err(format!(
            "invalid UTF-8 at byte offset {}; convert the file to UTF-8",
            e.utf8_error().valid_up_to() + skipped
        )),
    }
}
