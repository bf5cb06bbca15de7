"""Type stubs of kutip: attributed quotes and claims from Indonesian and English news."""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Literal, NotRequired, TypedDict

__version__: Final[str]
#: The contract's version tag, the ``schema`` field of every result: ``"kutip/1"``.
SCHEMA: Final[str]
LANGS: Final[tuple[str, ...]]
BATCH_DOCS: Final[int]
BATCH_CHARS: Final[int]
RECORD_COLUMNS: Final[tuple[str, ...]]
#: The version tag of :meth:`Audit.to_bytes`: ``"kutip-audit-partial/1"``.
AUDIT_SCHEMA: Final[str]

class Span(TypedDict):
    """Offsets: ``start``/``end`` in UTF-8 bytes, ``char_start``/``char_end`` in str indices."""

    start: int
    end: int
    char_start: int
    char_end: int

class Speaker(TypedDict):
    """Who said it: canonical name, the mention as written, title, how it was resolved."""

    name: str | None
    mention: str | None
    title: str | None
    resolution: Literal["explicit", "anaphora", "unresolved"]
    span: Span | None

class Cue(TypedDict):
    """The reporting verb or phrase ("kata", "said", "menurut")."""

    text: str
    span: Span

class Source(TypedDict):
    """The outlet a quote was taken from ("seperti dikutip dari AFP")."""

    name: str
    span: Span

class Quote(TypedDict):
    """One quote or claim."""

    kind: Literal["direct", "indirect", "mixed"]
    text: str
    span: Span
    speaker: Speaker | None
    cue: Cue | None
    source: Source | None
    language: Literal["id", "en"]
    rule: str
    paragraph: int

class Document(TypedDict):
    """One document's result: what ``kutip extract --format json`` prints for it."""

    schema: str
    document: str
    language: Literal["id", "en", "mixed"]
    quotes: list[Quote]

class Diagnostic(TypedDict):
    """One rule-file problem, as carried by :attr:`RuleError.diagnostics`."""

    code: str
    path: str
    message: str
    line: int | None
    col: int | None
    text: str

class RuleError(Exception):
    """A rule file could not be loaded or compiled; ``str(err)`` is the CLI's diagnostics."""

    diagnostics: list[Diagnostic]

class Extractor:
    """Compiled kutip rules: extracts quotes and claims from documents (thread-safe, picklable)."""

    def __init__(
        self,
        rules: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] = (),
        lang: Literal["auto", "id", "en"] = "auto",
        default_rules: bool = True,
    ) -> None: ...
    @property
    def rules(self) -> tuple[str, ...]: ...
    @property
    def lang(self) -> str: ...
    @property
    def default_rules(self) -> bool: ...
    @property
    def rule_count(self) -> int: ...
    def __getstate__(self) -> dict[str, Any]: ...
    def __setstate__(self, state: Mapping[str, Any]) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def extract(self, text: str, document: str | None = None) -> Document:
        """One document's quotes and claims, as the CLI's JSON for it."""
    def extract_many(
        self, items: Iterable[str | tuple[str | int, str] | list[str | int]], jobs: int | None = None
    ) -> Iterator[Document]:
        """Documents in parallel (GIL released), results in input order."""
    def audit_many(
        self,
        items: Iterable[str | tuple[str | int, str] | list[str | int]],
        audit: Audit | None = None,
        jobs: int | None = None,
    ) -> Audit:
        """Documents in parallel, folded into ``audit`` (or a new one) in input order, no dicts made."""

class Record(TypedDict):
    """One row of :func:`to_records`: a quote, flattened."""

    document: str
    kind: str
    text: str
    speaker_name: str | None
    speaker_mention: str | None
    speaker_title: str | None
    speaker_resolution: str | None
    cue: str | None
    source: str | None
    start: int
    end: int
    char_start: int
    char_end: int
    rule: str
    language: str
    paragraph: int

def set_cache_mb(mb: int) -> None:
    """Memory each worker thread keeps for the matchers' caches, in MB (the CLI's ``--cache-mb``)."""

def iter_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> Iterator[Record]:
    """:func:`to_records`, lazily."""

def to_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> list[Record]:
    """One row per quote, keys :data:`RECORD_COLUMNS`, ready for ``pandas.DataFrame``."""

class AuditQuote(TypedDict):
    """A quote in an audit report (a sample, or one of ``speaker_quotes``)."""

    document: str
    kind: Literal["direct", "indirect", "mixed"]
    text: str
    start: int
    end: int
    char_start: int
    char_end: int
    cue: str | None
    source: str | None
    rule: str

class AuditSpeaker(TypedDict):
    """One speaker of an audit report; ``outlets`` are ``[name, count]`` pairs."""

    speaker: str
    aliases: list[str]
    roles: list[str]
    quotes: int
    direct: int
    indirect: int
    mixed: int
    documents: int
    outlets: list[list[str | int]]
    samples: list[AuditQuote]
    ambiguous_with: NotRequired[list[str]]

class AuditTotals(TypedDict):
    documents: int
    quotes: int
    speakers: int
    unresolved_quotes: int
    unresolved_share: float

class AuditReport(TypedDict):
    """What ``kutip audit --format json`` prints (``schema`` ``"kutip-audit/1"``)."""

    schema: str
    totals: AuditTotals
    top_outlets: list[list[str | int]]
    speakers: list[AuditSpeaker]
    speaker_quotes: NotRequired[list[AuditQuote]]

class Audit:
    """``kutip audit``'s who-said-what aggregation: fed in corpus order, mergeable, picklable."""

    def __init__(self, speaker: str | None = None, segment: int = 0) -> None: ...
    @property
    def documents(self) -> int: ...
    @property
    def quotes(self) -> int: ...
    @property
    def speaker_keys(self) -> int: ...
    def add(self, document: Mapping[str, Any], position: tuple[int, int] | None = None) -> None:
        """One ``kutip/1`` result, the next in corpus order (or at ``(segment, number)``)."""
    def add_lines(self, lines: Iterable[str], position: tuple[int, int] | None = None) -> None:
        """One document as its ``kutip extract --format jsonl`` lines (as ``kutip audit --from``)."""
    def add_many(self, documents: Iterable[Mapping[str, Any]]) -> None: ...
    def merge(self, other: Audit) -> None:
        """Adds the audit of another part of the corpus (any order; ``other`` unchanged)."""
    def split(self) -> list[tuple[str | None, Audit]]:
        """``(None, totals)``, then ``(speaker key, piece)`` per speaker: pieces that merge back."""
    def report(self) -> AuditReport:
        """``json.loads`` of ``kutip audit --format json``."""
    def report_json(self) -> str:
        """Exactly the text of ``kutip audit --format json``."""
    def to_bytes(self) -> bytes: ...
    @classmethod
    def from_bytes(cls, data: bytes | str) -> Audit: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
