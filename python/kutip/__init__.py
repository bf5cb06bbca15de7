"""kutip: attributed quotes and claims from Indonesian and English news.

The Rust engine of the ``kutip`` command line, as a Python extension. Every result is exactly
the JSON contract (``kutip/1``) of ``kutip extract --format json`` for one document, as a dict::

    >>> import kutip
    >>> ex = kutip.Extractor()
    >>> doc = ex.extract("“Kami siap membantu,” kata Budi Santoso.", "example")
    >>> doc["quotes"][0]["speaker"]["name"]
    'Budi Santoso'

* :class:`Extractor` compiles the rules once; :meth:`Extractor.extract` does one document,
  :meth:`Extractor.extract_many` a stream of them on a Rust thread pool with the GIL released.
* :func:`to_records` flattens results to one row per quote (:data:`RECORD_COLUMNS`), ready for
  ``pandas.DataFrame`` or a Spark DataFrame.
* :class:`RuleError` is raised for rule files that do not load; its message is the CLI's.
* :class:`Audit` is ``kutip audit``'s who-said-what aggregation: fed with results (or straight
  from :meth:`Extractor.audit_many`), mergeable across parts of a corpus, and finished into the
  CLI's ``--format json`` report by the same Rust code (``examples/spark_audit.py`` runs it on
  Spark).

Offsets: ``span.start``/``span.end`` count UTF-8 bytes (as in the CLI); ``span.char_start`` and
``span.char_end`` count code points, so ``text[q["span"]["char_start"]:q["span"]["char_end"]]``
is the quote in the Python ``str`` that was passed in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kutip._kutip import AUDIT_SCHEMA, RECORD_COLUMNS, SCHEMA, RuleError, __version__, set_cache_mb
from kutip._kutip import Audit as _Audit
from kutip._kutip import Engine as _Engine

__all__ = [
    "AUDIT_SCHEMA",
    "RECORD_COLUMNS",
    "SCHEMA",
    "Audit",
    "Extractor",
    "RuleError",
    "__version__",
    "iter_records",
    "set_cache_mb",
    "to_records",
]

#: Languages :class:`Extractor` accepts: detect per paragraph, or force one.
LANGS = ("auto", "id", "en")

#: Documents handed to the thread pool at once by :meth:`Extractor.extract_many` (the CLI's
#: batch size): enough to keep every core busy, few enough to keep memory flat on any stream.
BATCH_DOCS = 512
#: ... or fewer documents when they hold this many characters together.
BATCH_CHARS = 16 << 20



def _type_name(value: object) -> str:
    return type(value).__name__


class Extractor:
    """Compiled kutip rules: extracts quotes and claims from documents.

    Args:
        rules: Directories (or single files) of TOML rule files, searched recursively for
            ``*.toml``, as the CLI's repeated ``--rules DIR``. A single path is taken as a
            one-element list. They add rules, or replace built-in ones with the same id.
        lang: ``"auto"`` (detect each paragraph's language, the default), ``"id"`` or ``"en"``
            (force it), as the CLI's ``--lang``.
        default_rules: Load the built-in rules too (``False`` is the CLI's
            ``--no-default-rules``).

    Raises:
        RuleError: A rule file does not parse or compile; ``str(err)`` is the CLI's
            diagnostics text for the same rules.
        ValueError: ``lang`` is not one of ``"auto"``, ``"id"``, ``"en"``.
        TypeError: An argument has the wrong type.

    Rules are compiled once, here; the object is then safe to share between threads (calls
    release the GIL, so threads really run in parallel). It pickles as its configuration only
    (rule paths, lang, default_rules) and recompiles on unpickling, so it can travel in a Spark
    closure; rule paths must then exist on the workers too.
    """

    __slots__ = ("_default_rules", "_engine", "_lang", "_rules")

    def __init__(
        self,
        rules: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] = (),
        lang: str = "auto",
        default_rules: bool = True,
    ) -> None:
        if isinstance(rules, (str, os.PathLike)):
            rules = [rules]
        elif isinstance(rules, bytes):
            raise TypeError("rules must be paths (str or os.PathLike), not bytes")
        paths: list[str] = []
        for r in rules:
            if not isinstance(r, (str, os.PathLike)):
                raise TypeError(f"rules must hold paths (str or os.PathLike), not {_type_name(r)}")
            p = os.fspath(r)
            if not isinstance(p, str):
                raise TypeError(f"rules must hold str paths, not {_type_name(p)}")
            paths.append(p)
        if not isinstance(lang, str):
            raise TypeError(f"lang must be str, not {_type_name(lang)}")
        if lang not in LANGS:
            raise ValueError(f'lang must be "auto", "id" or "en", not {lang!r}')
        if not isinstance(default_rules, bool):
            raise TypeError(f"default_rules must be bool, not {_type_name(default_rules)}")
        self._rules = tuple(paths)
        self._lang = lang
        self._default_rules = default_rules
        self._engine = _Engine(list(paths), lang, default_rules)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule paths given, as str (what a pickle carries)."""
        return self._rules

    @property
    def lang(self) -> str:
        """``"auto"``, ``"id"`` or ``"en"``."""
        return self._lang

    @property
    def default_rules(self) -> bool:
        """Whether the built-in rules are loaded."""
        return self._default_rules

    @property
    def rule_count(self) -> int:
        """How many rules were compiled (built-in and user rules, after overrides)."""
        return self._engine.rule_count

    def __repr__(self) -> str:
        return (
            f"kutip.Extractor(rules={list(self._rules)!r}, lang={self._lang!r}, default_rules={self._default_rules!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        """The configuration only: rule paths, lang, default_rules (never compiled rules)."""
        return {"rules": list(self._rules), "lang": self._lang, "default_rules": self._default_rules}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        """Recompiles the rules from a :meth:`__getstate__` configuration."""
        Extractor.__init__(self, state["rules"], state["lang"], state["default_rules"])

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as ``Extractor(rules, lang, default_rules)``: small, rebuilt on loading."""
        return (type(self), (list(self._rules), self._lang, self._default_rules))

    def extract(self, text: str, document: str | None = None) -> dict[str, Any]:
        """Extracts every quote and claim of one document.

        Args:
            text: The document's text (a whole article: paragraphs separated by line breaks).
            document: Its name, copied to the result's ``document`` field. ``None`` gives
                ``"-"``, the CLI's name for standard input.

        Returns:
            The document's ``kutip/1`` dict, field for field what ``kutip extract --format
            json`` prints for it: ``schema``, ``document``, ``language`` and ``quotes``.

        Raises:
            TypeError: ``text`` or ``document`` is not a str.
            UnicodeEncodeError: ``text`` holds a lone surrogate (it has no UTF-8 form).
            RuntimeError: The engine failed on this input (a bug: please report the input).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {_type_name(text)}")
        if document is None:
            document = "-"
        elif not isinstance(document, str):
            raise TypeError(f"document must be str or None, not {_type_name(document)}")
        return self._engine.extract(text, document)

    def extract_many(
        self, items: Iterable[str | tuple[str | int, str]], jobs: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Extracts a stream of documents in parallel; yields their results in input order.

        Args:
            items: Any iterable (a list, a generator, a Spark partition). Each item is either
                a ``str`` (the text; its document name is then its 0-based position in
                ``items``, as a str: ``"0"``, ``"1"``, ...), or a ``(document, text)`` pair
                (tuple or list) whose ``document`` is a str or an int (written as a str, like
                a number id in the CLI's JSONL input).
            jobs: Threads extracting (a pool kept per value, made on first use); ``None``
                (default) uses all cores (or ``RAYON_NUM_THREADS``). The calling thread turns
                finished batches into dicts meanwhile.

        Yields:
            One ``kutip/1`` dict per item, as :meth:`extract` returns, in input order.

        Items are read lazily in batches of up to :data:`BATCH_DOCS` documents (or
        :data:`BATCH_CHARS` characters); each batch is extracted on a Rust thread pool with
        the GIL released, the next batch already running while the results of one are
        yielded (so at most two batches are held: memory stays flat on a stream of any
        length). A bad item raises (TypeError, or ValueError for a malformed pair) when the
        reading reaches it, one batch ahead of the results yielded.
        """
        jobs = _check_jobs(jobs)
        engine = self._engine
        # One batch in flight: batch k+1 is extracted on the pool (no GIL) while batch k's
        # results are turned into dicts and yielded here.
        pending = None
        for batch in _batches(items):
            started = engine.submit(batch, jobs)
            if pending is not None:
                yield from pending.results()
            pending = started
        if pending is not None:
            yield from pending.results()

    def audit_many(
        self, items: Iterable[str | tuple[str | int, str]], audit: Audit | None = None, jobs: int | None = None
    ) -> Audit:
        """Extracts a stream of documents and folds them into an :class:`Audit`.

        The same as ``audit.add_many(self.extract_many(items, jobs))``, without building a dict
        per document: the results go from the Rust threads into the audit directly (about the
        cost of extraction alone).

        Args:
            items: As :meth:`extract_many`: texts, or ``(document, text)`` pairs.
            audit: The audit to add to (documents are numbered on from its last one); ``None``
                starts a new one, ``Audit()``.
            jobs: As :meth:`extract_many`.

        Returns:
            ``audit`` (or the new one), with every item added in input order.
        """
        jobs = _check_jobs(jobs)
        if audit is None:
            audit = Audit()
        elif not isinstance(audit, Audit):
            raise TypeError(f"audit must be a kutip.Audit or None, not {_type_name(audit)}")
        engine = self._engine
        pending = None
        for batch in _batches(items):
            started = engine.submit(batch, jobs)
            if pending is not None:
                pending.add_to(audit._native)
            pending = started
        if pending is not None:
            pending.add_to(audit._native)
        return audit


class Audit:
    """Who said what across documents: the aggregation behind ``kutip audit``.

    Args:
        speaker: Also keep every quote of this speaker, as the CLI's ``--speaker NAME``: the
            report then has ``speaker_quotes``.
        segment: The part of the corpus the documents added belong to (default 0). Only needed
            to merge audits of several parts: give each part its own segment number, in corpus
            order (a Spark partition's index, a file's position in the listing).

    Feed it results, in corpus order, with :meth:`add` / :meth:`add_many` (or let
    :meth:`Extractor.audit_many` extract into it), then :meth:`report` gives exactly the dict
    that ``json.loads`` makes of ``kutip audit --format json`` over the same documents, and
    :meth:`report_json` the text itself. Memory grows with distinct speakers, not documents.

    Audits of separate parts of a corpus combine with :meth:`merge`, in any order and grouping:
    every quote keeps its (segment, document, quote) position, so each speaker's three sample
    quotes and the order of first appearance are the corpus order's whatever order the parts
    meet in. :meth:`split` cuts an audit into one piece per speaker key plus one for the corpus
    totals, for a group-by-speaker job (``reduceByKey`` in ``examples/spark_audit.py``). The
    merge rules themselves (a one-word name joins the one longer name it starts or ends;
    ambiguous surnames stay apart) run once, in :meth:`report`, in Rust: the CLI's code.

    An Audit pickles as its :meth:`to_bytes` (JSON text of schema :data:`AUDIT_SCHEMA`); the
    bytes are read back by the same kutip version. Not thread-safe: one thread at a time.
    """

    __slots__ = ("_native",)

    def __init__(self, speaker: str | None = None, segment: int = 0) -> None:
        if speaker is not None and not isinstance(speaker, str):
            raise TypeError(f"speaker must be str or None, not {_type_name(speaker)}")
        if isinstance(segment, bool) or not isinstance(segment, int):
            raise TypeError(f"segment must be an int, not {_type_name(segment)}")
        if segment < 0:
            raise ValueError(f"segment must be 0 or more, not {segment}")
        self._native = _Audit(speaker, segment)

    @classmethod
    def _wrap(cls, native: Any) -> Audit:
        audit = cls.__new__(cls)
        audit._native = native
        return audit

    @property
    def documents(self) -> int:
        """Documents added (in this audit and every audit merged into it)."""
        return self._native.documents

    @property
    def quotes(self) -> int:
        """Quotes seen, with or without a resolved speaker."""
        return self._native.quotes

    @property
    def speaker_keys(self) -> int:
        """Distinct speaker keys (folded canonical names) before one-word names are merged."""
        return self._native.speaker_keys

    def __repr__(self) -> str:
        return f"<kutip.Audit: {self.documents} documents, {self.quotes} quotes, {self.speaker_keys} speaker keys>"

    def add(self, document: Mapping[str, Any], position: tuple[int, int] | None = None) -> None:
        """Adds one document's result, the next one in corpus order.

        Args:
            document: A ``kutip/1`` result dict, as :meth:`Extractor.extract` returns (or an
                element of ``kutip extract --format json`` loaded with ``json.load``).
            position: ``(segment, number)``: where the document is in the corpus, for
                documents added out of order (numbers need not be consecutive, but must be
                distinct). By default, the one after the last document added.

        Raises:
            TypeError: ``document`` is not a mapping.
            ValueError: It is not a ``kutip/1`` result (a field missing or of the wrong type).
        """
        if not isinstance(document, Mapping):
            raise TypeError(f"document must be a kutip result dict, not {_type_name(document)}")
        if position is not None:
            position = _check_position(position)
        self._native.add_json(json.dumps(document, ensure_ascii=False), position)

    def add_lines(self, lines: Iterable[str], position: tuple[int, int] | None = None) -> None:
        """Adds one document given as its lines of ``kutip extract --format jsonl`` output.

        Args:
            lines: The document's lines, in order (str, one quote each, all with the same
                ``document``), as ``kutip audit --from`` regroups consecutive lines. A document
                with no quotes has no lines, and is not counted (as with ``--from``).
            position: As in :meth:`add`.

        Raises:
            ValueError: A line is not a kutip quote line, or the lines name two documents.
        """
        if isinstance(lines, str):
            raise TypeError("lines must be an iterable of str lines, not one str")
        lines = list(lines)
        for line in lines:
            if not isinstance(line, str):
                raise TypeError(f"lines must hold str, not {_type_name(line)}")
        if position is not None:
            position = _check_position(position)
        self._native.add_lines(lines, position)

    def add_many(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Adds results in order: ``for d in documents: self.add(d)``."""
        for d in documents:
            self.add(d)

    def merge(self, other: Audit) -> None:
        """Adds the counts and quotes of ``other``, the audit of another part of the corpus.

        The parts must not share a document (give each its own ``segment``); ``other`` is left
        as it was. Raises ValueError when the two were made for different ``speaker`` names.
        """
        if not isinstance(other, Audit):
            raise TypeError(f"other must be a kutip.Audit, not {_type_name(other)}")
        self._native.merge(other._native)

    def split(self) -> list[tuple[str | None, Audit]]:
        """The audit in pieces that :meth:`merge` back into it.

        Returns:
            ``(None, totals)`` first (documents, quotes, unresolved quotes, outlets), then one
            ``(key, piece)`` per speaker key, the folded canonical name (``"díaz-canel"`` and
            ``"Diaz-Canel"`` share the key ``"diaz canel"``). Merging the pieces of each key
            from every part of a corpus, then all of those into one ``Audit(speaker)``, gives
            the audit of the whole corpus. The audit itself is left as it was.
        """
        return [(key, Audit._wrap(piece)) for key, piece in self._native.split()]

    def report(self) -> dict[str, Any]:
        """The report: what ``json.loads`` makes of ``kutip audit --format json``.

        Computed afresh at each call (the audit can go on growing): surnames merged into the
        one full name they belong to, speakers by quotes (most first), then name.
        """
        return self._native.report()

    def report_json(self) -> str:
        """The report as JSON text, byte for byte what ``kutip audit --format json`` prints."""
        return self._native.report_json()

    def to_bytes(self) -> bytes:
        """The audit as UTF-8 JSON (schema :data:`AUDIT_SCHEMA`), for :meth:`from_bytes`."""
        return self._native.to_json().encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes | str) -> Audit:
        """An audit back from :meth:`to_bytes`. Raises ValueError for anything else."""
        if isinstance(data, (bytes, bytearray, memoryview)):
            data = bytes(data).decode("utf-8")
        elif not isinstance(data, str):
            raise TypeError(f"data must be bytes or str, not {_type_name(data)}")
        return cls._wrap(_Audit.from_json(data))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as :meth:`to_bytes`."""
        return (Audit.from_bytes, (self.to_bytes(),))


def _check_position(position: object) -> tuple[int, int]:
    if not isinstance(position, (tuple, list)) or len(position) != 2:
        raise TypeError("position must be a (segment, number) pair of ints")
    segment, number = position
    for v in (segment, number):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"position must be a (segment, number) pair of ints, not holding {_type_name(v)}")
        if v < 0:
            raise ValueError(f"position values must be 0 or more, not {v}")
    return (segment, number)


def _batches(items: Iterable[object]) -> Iterator[list[tuple[str, str]]]:
    """``items`` checked and grouped: lists of up to BATCH_DOCS pairs (or BATCH_CHARS chars)."""
    batch: list[tuple[str, str]] = []
    chars = 0
    for index, item in enumerate(items):
        pair = _item(item, index)
        batch.append(pair)
        chars += len(pair[1])
        if len(batch) >= BATCH_DOCS or chars >= BATCH_CHARS:
            yield batch
            batch = []
            chars = 0
    if batch:
        yield batch


def _check_jobs(jobs: object) -> int:
    """``jobs`` as the pool size the engine takes (0: all cores)."""
    if jobs is None:
        return 0
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError(f"jobs must be a positive int or None, not {_type_name(jobs)}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    return jobs


def _item(item: object, index: int) -> tuple[str, str]:
    """One :meth:`Extractor.extract_many` item as ``(document, text)``."""
    if isinstance(item, str):
        return (str(index), item)
    if isinstance(item, (tuple, list)):
        if len(item) != 2:
            raise ValueError(f"item {index}: a pair must be (document, text), got {len(item)} values")
        document, text = item
        if isinstance(document, int) and not isinstance(document, bool):
            document = str(document)
        if not isinstance(document, str):
            raise TypeError(f"item {index}: document must be str or int, not {_type_name(document)}")
        if not isinstance(text, str):
            raise TypeError(f"item {index}: text must be str, not {_type_name(text)}")
        return (document, text)
    raise TypeError(f"item {index}: expected str or a (document, text) pair, not {_type_name(item)}")


def iter_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Like :func:`to_records`, lazily: one row at a time (for a stream or a Spark partition)."""
    if isinstance(results, Mapping):
        results = [results]
    for doc in results:
        if not isinstance(doc, Mapping) or "quotes" not in doc:
            raise TypeError(f"expected kutip result dicts (with 'quotes'), not {_type_name(doc)}")
        document = doc.get("document")
        for q in doc["quotes"]:
            speaker = q.get("speaker") or {}
            cue = q.get("cue")
            source = q.get("source")
            span = q["span"]
            yield {
                "document": document,
                "kind": q["kind"],
                "text": q["text"],
                "speaker_name": speaker.get("name"),
                "speaker_mention": speaker.get("mention"),
                "speaker_title": speaker.get("title"),
                "speaker_resolution": speaker.get("resolution"),
                "cue": cue["text"] if cue else None,
                "source": source["name"] if source else None,
                "start": span["start"],
                "end": span["end"],
                "char_start": span["char_start"],
                "char_end": span["char_end"],
                "rule": q["rule"],
                "language": q["language"],
                "paragraph": q["paragraph"],
            }


def to_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flattens results to rows: one dict per quote, keys :data:`RECORD_COLUMNS` in order.

    Args:
        results: Documents as :meth:`Extractor.extract` / :meth:`Extractor.extract_many` give
            them (an iterable of dicts, or one dict); a ``kutip extract --format json`` array
            loaded with ``json.load`` works too. Lines of ``--format jsonl`` are quotes, not
            documents: wrap each as ``{"document": line["document"], "quotes": [line]}``.

    Returns:
        A list of rows; documents with no quotes give none. Columns: ``document``; the quote's
        ``kind`` (direct, indirect, mixed), ``text``, ``rule``, ``language`` (id or en) and
        ``paragraph``; ``speaker_name``, ``speaker_mention``, ``speaker_title`` and
        ``speaker_resolution`` (explicit, anaphora, unresolved; all None when no speaker);
        ``cue`` (its text) and ``source`` (the outlet's name), None when absent; ``start`` and
        ``end`` (UTF-8 byte offsets) and ``char_start``, ``char_end`` (str offsets) of the
        quote. ``pandas.DataFrame(kutip.to_records(results), columns=kutip.RECORD_COLUMNS)``
        keeps the column order even when there are no rows.
    """
    return list(iter_records(results))
