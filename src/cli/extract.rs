//! `kutip extract`: inputs in, documents out, in input order, in bounded batches so memory
//! stays flat on a corpus of any size. One bad document is reported on stderr and skipped;
//! every other document is still written (exit 1 at the end).

use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::{ExtractArgs, InputKind, LangArg};
use crate::lang::Lang;
use crate::output::{Document, Writer};
use crate::pipeline::Engine;

/// Documents held at once: enough to keep every core busy, few enough to keep memory flat.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 16 << 20;

/// One document to extract, or the reason it could not be read.
pub struct Job {
    pub name: String,
    pub text: Result<String, String>,
}

pub fn run(args: &ExtractArgs) -> i32 {
    let lang = match args.lang {
        LangArg::Auto => None,
        LangArg::Id => Some(Lang::Id),
        LangArg::En => Some(Lang::En),
    };
    let engine = match Engine::load(!args.rules.no_default_rules, &args.rules.rules) {
        Ok(e) => e.with_lang(lang),
        Err(errors) => return super::report_rule_errors(&errors),
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("kutip: error: cannot start {} worker threads: {e}", args.jobs.unwrap_or(0));
            return 2;
        }
    };
    let stdout = io::stdout().lock();
    let mut run = Run {
        engine: &engine,
        pool: &pool,
        writer: Writer::new(io::BufWriter::with_capacity(1 << 16, stdout), args.format),
        failed: 0,
        docs: 0,
        bytes: 0,
        started: Instant::now(),
        progress: !args.quiet && io::stderr().is_terminal(),
        last_progress: Instant::now(),
    };
    let result = (|| -> io::Result<()> {
        run.writer.begin()?;
        let stdin_only = args.paths.is_empty() || args.paths.iter().all(|p| p == Path::new("-"));
        match args.input {
            InputKind::Text if stdin_only => {
                let mut buf = Vec::new();
                let job = match io::stdin().lock().read_to_end(&mut buf) {
                    Ok(_) => Job { name: "-".into(), text: decode(buf) },
                    Err(e) => Job { name: "-".into(), text: Err(format!("cannot read: {e}")) },
                };
                run.batch(vec![job])?;
            }
            InputKind::Text => {
                let mut batch = Vec::new();
                let mut size = 0;
                for path in &args.paths {
                    for job in text_jobs(path) {
                        size += job.text.as_ref().map_or(0, String::len);
                        batch.push(job);
                        if batch.len() >= BATCH_DOCS || size >= BATCH_BYTES {
                            run.batch(std::mem::take(&mut batch))?;
                            size = 0;
                        }
                    }
                }
                run.batch(batch)?;
            }
            InputKind::Jsonl if stdin_only => run.jsonl("-", BufReader::new(io::stdin().lock()), args)?,
            InputKind::Jsonl => {
                for path in &args.paths {
                    let name = path.display().to_string();
                    match std::fs::File::open(path) {
                        Ok(f) => run.jsonl(&name, BufReader::with_capacity(1 << 20, f), args)?,
                        Err(e) => run.fail(&name, &format!("cannot open: {e}")),
                    }
                }
            }
        }
        run.writer.finish()
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

struct Run<'a, W: Write> {
    engine: &'a Engine,
    pool: &'a rayon::ThreadPool,
    writer: Writer<W>,
    failed: usize,
    docs: usize,
    bytes: usize,
    started: Instant,
    progress: bool,
    last_progress: Instant,
}

impl<W: Write> Run<'_, W> {
    fn fail(&mut self, name: &str, message: &str) {
        self.failed += 1;
        eprintln!("kutip: error: {name}: {message}");
    }

    /// Extracts a batch in parallel and writes it in input order.
    fn batch(&mut self, jobs: Vec<Job>) -> io::Result<()> {
        let engine = self.engine;
        let results: Vec<Result<Document, String>> = self.pool.install(|| {
            jobs.par_iter()
                .map(|job| match &job.text {
                    Ok(text) => catch_unwind(AssertUnwindSafe(|| engine.extract(text, &job.name)))
                        .map_err(|_| "internal error while extracting (please report this input)".to_string()),
                    Err(e) => Err(e.clone()),
                })
                .collect()
        });
        for (job, result) in jobs.iter().zip(results) {
            match result {
                Ok(doc) => {
                    self.docs += 1;
                    self.bytes += job.text.as_ref().map_or(0, String::len);
                    self.writer.write(&doc)?;
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

    /// Streams a JSONL corpus: each line one document; a bad line is reported by line number.
    fn jsonl(&mut self, name: &str, mut reader: impl BufRead, args: &ExtractArgs) -> io::Result<()> {
        let mut batch = Vec::new();
        let mut size = 0;
        let mut line_no = 0;
        let mut raw = Vec::new();
        loop {
            raw.clear();
            match reader.read_until(b'\n', &mut raw) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    self.fail(name, &format!("cannot read: {e}"));
                    break;
                }
            }
            line_no += 1;
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let job = corpus_line(name, line_no, &raw, &args.id_field, &args.text_field);
            size += job.text.as_ref().map_or(0, String::len);
            batch.push(job);
            if batch.len() >= BATCH_DOCS || size >= BATCH_BYTES {
                self.batch(std::mem::take(&mut batch))?;
                size = 0;
            }
        }
        self.batch(batch)
    }
}

/// One corpus line as a job, named by its id (or `FILE:LINE` when it has none).
pub fn corpus_line(file: &str, line: usize, raw: &[u8], id_field: &str, text_field: &str) -> Job {
    let here = format!("{file}:{line}");
    let value: serde_json::Value = match serde_json::from_slice(raw) {
        Ok(v) => v,
        Err(e) => return Job { name: here, text: Err(format!("not a JSON document: {e}")) },
    };
    let name = match value.get(id_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => here.clone(),
    };
    let text = match value.get(text_field) {
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{here}: field \"{text_field}\" is not a string")),
        None => Err(format!("{here}: no \"{text_field}\" field (choose it with --text-field)")),
    };
    Job { name, text }
}

/// The documents a path stands for: the file itself, or every `*.txt` under a directory.
pub fn text_jobs(path: &Path) -> Vec<Job> {
    let name = path.display().to_string();
    if path == Path::new("-") {
        let mut buf = Vec::new();
        return vec![match io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => Job { name, text: decode(buf) },
            Err(e) => Job { name, text: Err(format!("cannot read: {e}")) },
        }];
    }
    if path.is_dir() {
        let mut files = Vec::new();
        collect_txt(path, &mut files);
        files.sort();
        if files.is_empty() {
            return vec![Job { name, text: Err("directory holds no *.txt files".into()) }];
        }
        return files.into_iter().map(|f| read_job(&f)).collect();
    }
    vec![read_job(path)]
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect_txt(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn read_job(path: &Path) -> Job {
    let name = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => decode(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err("no such file or directory".into()),
        Err(e) => Err(format!("cannot read: {e}")),
    };
    Job { name, text }
}

/// Text as UTF-8, or why not: empty, binary (a NUL byte) or an invalid byte (with its offset).
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty document".into());
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {at}), not text"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        format!("invalid UTF-8 at byte offset {}; convert the file to UTF-8", e.utf8_error().valid_up_to())
    })
}
