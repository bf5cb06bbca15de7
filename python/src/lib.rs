//! `kutip._kutip`: the native half of the Python package `kutip` (python/kutip/).
//!
//! It holds one compiled [`kutip::Engine`] and runs it with the GIL released: one document on
//! the calling thread ([`Engine::extract`]) or batches on a rayon pool ([`Engine::submit`], one
//! batch running while Python converts the previous one's results).
//! Each document comes back as the dict that `json.loads` would make of the CLI's JSON for it:
//! [`to_python`] is a serde serializer into Python objects, driven by the same `Serialize`
//! implementations as the CLI's serde_json output, so the Python API cannot drift from the
//! CLI's contract (python/tests compares the two on every fixture).
//!
//! [`Audit`] holds a [`kutip::audit::Audit`]: `kutip audit`'s who-said-what aggregation, fed
//! with documents (JSON text, or a batch straight from [`Engine::submit`] with no dicts made),
//! merged with other partial audits, sent as JSON, and finished into the CLI's JSON report by the
//! same Rust code as `kutip audit --format json`.
//!
//! Argument checking that gives users friendly messages (types, `lang`, `jobs`) is done once in
//! Python; this module checks again and raises TypeError / ValueError rather than panicking.

mod to_python;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use kutip::audit::{ExtractedLine, extracted_document};
use kutip::diag::Diagnostic;
use kutip::lang::Lang;
use kutip::output::Document;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

create_exception!(
    kutip,
    RuleError,
    PyException,
    "A rule file could not be loaded or compiled. `str(err)` is exactly the diagnostics text the \
     CLI prints for the same rules (`path:line:col: error[K2xx]: ...` with caret lines, one \
     diagnostic after another); `err.diagnostics` holds them as dicts."
);

/// Compiled rules, shared by every thread; plus rayon pools by size, built on first use.
#[pyclass(module = "kutip._kutip", name = "Engine", frozen)]
struct Engine {
    engine: Arc<kutip::Engine>,
    /// `(process id, threads, pool)`: a pool made before a `fork()` has no threads in the
    /// child, so a pool is only reused in the process that built it.
    pools: Mutex<Vec<(u32, usize, Arc<rayon::ThreadPool>)>>,
}

fn parse_lang(lang: &str) -> PyResult<Option<Lang>> {
    match lang {
        "auto" => Ok(None),
        other => Lang::parse(other)
            .map(Some)
            .ok_or_else(|| PyValueError::new_err(format!("lang must be \"auto\", \"id\" or \"en\", not {other:?}"))),
    }
}

fn rule_error(py: Python<'_>, errors: &[Diagnostic]) -> PyErr {
    let text = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    let err = RuleError::new_err(text);
    let diagnostics = PyList::empty(py);
    for d in errors {
        let item = PyDict::new(py);
        let filled = (|| -> PyResult<()> {
            item.set_item("code", d.code)?;
            item.set_item("path", &d.path)?;
            item.set_item("message", &d.message)?;
            item.set_item("line", d.at.as_ref().map(|a| a.line))?;
            item.set_item("col", d.at.as_ref().map(|a| a.col))?;
            item.set_item("text", d.to_string())?;
            diagnostics.append(item)
        })();
        if let Err(e) = filled {
            return e;
        }
    }
    if let Err(e) = err.value(py).setattr("diagnostics", diagnostics) {
        return e;
    }
    err
}

/// One document, or the message of an internal error (a panic, caught).
///
/// A leading byte order mark (U+FEFF, what `open(path, encoding="utf-8")` leaves first in a
/// file saved with one) is treated as `kutip extract FILE` treats it: the engine never sees it,
/// and every offset is moved past it, so offsets still index the str that was passed in.
fn extract_doc(engine: &kutip::Engine, text: &str, document: &str) -> Result<Document, String> {
    let (body, bom) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    catch_unwind(AssertUnwindSafe(|| engine.extract(body, document)))
        .map_err(|_| format!("internal error while extracting {document:?} (please report this input)"))
        .map(|mut doc| {
            if bom {
                doc.shift('\u{FEFF}'.len_utf8(), 1);
            }
            doc
        })
}

fn as_str<'a>(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<&'a str> {
    let s = value.cast::<PyString>().map_err(|_| {
        let type_name = value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{what} must be str, not {type_name}"))
    })?;
    // A str holding a lone surrogate has no UTF-8 form: UnicodeEncodeError (a ValueError).
    s.to_str()
}

#[pymethods]
impl Engine {
    /// Engine(rules, lang, default_rules): compiles the built-in rules (unless `default_rules`
    /// is false) plus every `*.toml` under each of `rules`. Raises RuleError.
    #[new]
    #[pyo3(signature = (rules, lang = "auto", default_rules = true))]
    fn new(py: Python<'_>, rules: Vec<PathBuf>, lang: &str, default_rules: bool) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let loaded = py.detach(|| kutip::Engine::load(default_rules, &rules));
        match loaded {
            Ok(engine) => Ok(Engine { engine: Arc::new(engine.with_lang(lang)), pools: Mutex::new(Vec::new()) }),
            Err(errors) => Err(rule_error(py, &errors)),
        }
    }

    /// extract(text, document) -> dict: the document's `kutip/1` dict (one element of the
    /// CLI's `--format json` array). Runs with the GIL released.
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        document: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = as_str(text, "text")?;
        let document = as_str(document, "document")?;
        let engine = &self.engine;
        let doc = py.detach(|| extract_doc(engine, text, document)).map_err(PyRuntimeError::new_err)?;
        to_python::to_python(py, &doc)
    }

    /// submit(items, jobs) -> Pending: starts extracting a batch of `(document, text)` str
    /// tuples on `jobs` threads (0: all cores) and returns at once; `Pending.results()` waits
    /// for it. The texts are copied first, so the batch runs while Python goes on (converting
    /// the previous batch's results: `extract_many` keeps one batch in flight this way).
    fn submit(&self, items: &Bound<'_, PyList>, jobs: usize) -> PyResult<Pending> {
        let mut owned: Vec<(String, String)> = Vec::with_capacity(items.len());
        for item in items.iter() {
            let pair = item
                .cast_into::<PyTuple>()
                .map_err(|_| PyTypeError::new_err("items must be (document, text) tuples"))?;
            if pair.len() != 2 {
                return Err(PyTypeError::new_err("items must be (document, text) tuples"));
            }
            let document = as_str(&pair.get_item(0)?, "document")?.to_owned();
            let text = as_str(&pair.get_item(1)?, "text")?.to_owned();
            owned.push((document, text));
        }
        let pool = self.pool(jobs)?;
        let engine = Arc::clone(&self.engine);
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        pool.spawn(move || {
            let docs: Batch = owned.par_iter().map(|(document, text)| extract_doc(&engine, text, document)).collect();
            // The receiver is gone when the caller stopped iterating: nothing to deliver.
            let _ = tx.send(docs);
        });
        Ok(Pending { rx: Mutex::new(Some(rx)) })
    }

    /// The number of compiled rules (for repr and sanity checks).
    #[getter]
    fn rule_count(&self) -> usize {
        self.engine.rules().rules.len()
    }
}

/// A batch's documents, or the error message of each that failed.
type Batch = Vec<Result<Document, String>>;

/// A batch started by `Engine.submit`.
#[pyclass(module = "kutip._kutip", name = "Pending", frozen)]
struct Pending {
    rx: Mutex<Option<std::sync::mpsc::Receiver<Batch>>>,
}

#[pymethods]
impl Pending {
    /// results() -> list[dict]: waits for the batch (GIL released) and gives its documents'
    /// dicts in input order. Once only.
    fn results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let docs = self.wait(py)?;
        let out = PyList::empty(py);
        for doc in docs {
            out.append(to_python::to_python(py, &doc.map_err(PyRuntimeError::new_err)?)?)?;
        }
        Ok(out)
    }

    /// add_to(audit): waits for the batch and adds its documents to `audit` in input order,
    /// with no dicts made (GIL released). Once only, like `results`; when a document failed,
    /// raises RuntimeError and adds none of the batch.
    fn add_to(&self, py: Python<'_>, audit: &Bound<'_, Audit>) -> PyResult<()> {
        let docs = self.wait(py)?.into_iter().collect::<Result<Vec<Document>, String>>();
        let docs = docs.map_err(PyRuntimeError::new_err)?;
        let mut audit = audit.try_borrow_mut()?;
        let audit = &mut audit.audit;
        py.detach(|| {
            for doc in &docs {
                audit.add(doc, None);
            }
        });
        Ok(())
    }
}

impl Pending {
    fn wait(&self, py: Python<'_>) -> PyResult<Batch> {
        let rx = self
            .rx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("these results were already taken"))?;
        py.detach(move || rx.recv())
            .map_err(|_| PyRuntimeError::new_err("a kutip worker thread stopped without results"))
    }
}

/// `kutip audit`'s aggregation, in Rust (python/kutip/__init__.py wraps it as `kutip.Audit`).
#[pyclass(module = "kutip._kutip", name = "Audit")]
struct Audit {
    audit: kutip::audit::Audit,
}

#[pymethods]
impl Audit {
    /// Audit(speaker, segment): empty; `speaker` keeps every quote of that speaker (the CLI's
    /// `--speaker`); documents added are numbered within `segment`.
    #[new]
    #[pyo3(signature = (speaker = None, segment = 0))]
    fn new(speaker: Option<&str>, segment: u64) -> Self {
        Audit { audit: kutip::audit::Audit::new(speaker, 0).with_segment(segment) }
    }

    /// add_json(document, position): one document's `kutip/1` JSON text (an element of
    /// `kutip extract --format json`); `position` an optional (segment, number) pair.
    #[pyo3(signature = (document, position = None))]
    fn add_json(&mut self, py: Python<'_>, document: &str, position: Option<(u64, u64)>) -> PyResult<()> {
        let doc: Document = py
            .detach(|| serde_json::from_str(document))
            .map_err(|e| PyValueError::new_err(format!("not a kutip/1 document: {e}")))?;
        let audit = &mut self.audit;
        py.detach(|| match position {
            Some(at) => audit.add_at(at, &doc, None),
            None => audit.add(&doc, None),
        });
        Ok(())
    }

    /// add_lines(lines, position): one document given as its `kutip extract --format jsonl`
    /// lines (str each, all naming the same document), as `kutip audit --from` regroups them.
    #[pyo3(signature = (lines, position = None))]
    fn add_lines(&mut self, py: Python<'_>, lines: Vec<String>, position: Option<(u64, u64)>) -> PyResult<()> {
        let audit = &mut self.audit;
        py.detach(|| {
            let parsed = lines.iter().map(|l| ExtractedLine::parse(l)).collect::<Result<Vec<_>, _>>()?;
            if let Some(other) = parsed.iter().find(|l| l.document != parsed[0].document) {
                return Err(format!(
                    "the lines of one document name two ({:?} and {:?})",
                    parsed[0].document, other.document
                ));
            }
            if let Some(doc) = extracted_document(parsed) {
                match position {
                    Some(at) => audit.add_at(at, &doc, None),
                    None => audit.add(&doc, None),
                }
            }
            Ok(())
        })
        .map_err(PyValueError::new_err)
    }

    /// merge(other): adds a copy of `other`'s counts (another part of the corpus).
    fn merge(&mut self, py: Python<'_>, other: &Bound<'_, Audit>) -> PyResult<()> {
        let theirs = other.try_borrow()?.audit.clone();
        let audit = &mut self.audit;
        py.detach(|| audit.merge(theirs)).map_err(PyValueError::new_err)
    }

    /// split() -> list[tuple[str | None, Audit]]: the totals part (key None), then one part per
    /// speaker key.
    fn split(&self, py: Python<'_>) -> PyResult<Vec<(Option<String>, Audit)>> {
        let audit = self.audit.clone();
        let parts = py.detach(|| audit.split());
        Ok(parts.into_iter().map(|(k, audit)| (k, Audit { audit })).collect())
    }

    /// to_json() -> str: the partial audit (schema "kutip-audit-partial/1").
    fn to_json(&self, py: Python<'_>) -> String {
        let audit = &self.audit;
        py.detach(|| audit.to_json())
    }

    /// from_json(text) -> Audit: a `to_json` text back. Raises ValueError.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Audit> {
        let audit = py.detach(|| kutip::audit::Audit::from_json(text)).map_err(PyValueError::new_err)?;
        Ok(Audit { audit })
    }

    /// report() -> dict: what `json.loads` makes of `kutip audit --format json`.
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let audit = self.audit.clone();
        let report = py.detach(|| audit.finish());
        to_python::to_python(py, &report)
    }

    /// report_json() -> str: exactly what `kutip audit --format json` prints.
    fn report_json(&self, py: Python<'_>) -> PyResult<String> {
        let audit = self.audit.clone();
        let text = py.detach(|| {
            let mut out = Vec::new();
            kutip::audit::render::json(&audit.finish(), &mut out).map(|()| out)
        });
        let text = text.map_err(|e| PyRuntimeError::new_err(format!("cannot render the report: {e}")))?;
        String::from_utf8(text).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Documents added (in every part merged in).
    #[getter]
    fn documents(&self) -> usize {
        self.audit.documents()
    }

    /// Quotes seen, attributed or not.
    #[getter]
    fn quotes(&self) -> usize {
        self.audit.quotes()
    }

    /// Distinct speaker keys, before one-word names are merged.
    #[getter]
    fn speaker_keys(&self) -> usize {
        self.audit.speaker_keys()
    }
}

impl Engine {
    fn pool(&self, jobs: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        let pid = std::process::id();
        let mut pools = self.pools.lock().unwrap_or_else(|e| e.into_inner());
        pools.retain(|(p, _, _)| *p == pid);
        if let Some((_, _, pool)) = pools.iter().find(|(_, n, _)| *n == jobs) {
            return Ok(pool.clone());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("kutip-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start {jobs} worker threads: {e}")))?;
        let pool = Arc::new(pool);
        pools.push((pid, jobs, pool.clone()));
        Ok(pool)
    }
}

/// set_cache_mb(mb): the memory each worker thread keeps for the matchers' caches, in MB, for
/// every Extractor in the process (the CLI's `--cache-mb`; default 128). Lower caps memory on
/// varied text at a cost in speed; the results never change.
#[pyfunction]
fn set_cache_mb(mb: usize) {
    kutip::rules::cache::set_budget(mb.saturating_mul(1 << 20));
}

#[pymodule]
fn _kutip(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Pending>()?;
    m.add_class::<Audit>()?;
    m.add_function(wrap_pyfunction!(set_cache_mb, m)?)?;
    m.add("AUDIT_SCHEMA", kutip::audit::PARTIAL_SCHEMA)?;
    m.add("RuleError", m.py().get_type::<RuleError>())?;
    m.add("SCHEMA", kutip::output::SCHEMA)?;
    // The flat record columns are the CLI's `--format csv` columns: one list, kept in Rust.
    m.add("RECORD_COLUMNS", pyo3::types::PyTuple::new(m.py(), kutip::output::CSV_COLUMNS)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
