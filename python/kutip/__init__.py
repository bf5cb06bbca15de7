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

Offsets: ``span.start``/``span.end`` count UTF-8 bytes (as in the CLI); ``span.char_start`` and
``span.char_end`` count code points, so ``text[q["span"]["char_start"]:q["span"]["char_end"]]``
is the quote in the Python ``str`` that was passed in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kutip._kutip import RECORD_COLUMNS, SCHEMA, RuleError, __version__
from kutip._kutip import Engine as _Engine

__all__ = [
    "RECORD_COLUMNS",
    "SCHEMA",
    "Extractor",
    "RuleError",
    "__version__",
    "iter_records",
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
