"""Type stubs of kutip: attributed quotes and claims from Indonesian and English news."""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Literal, TypedDict

__version__: Final[str]
#: The contract's version tag, the ``schema`` field of every result: ``"kutip/1"``.
SCHEMA: Final[str]
LANGS: Final[tuple[str, ...]]
BATCH_DOCS: Final[int]
BATCH_CHARS: Final[int]
RECORD_COLUMNS: Final[tuple[str, ...]]

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

def iter_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> Iterator[Record]:
    """:func:`to_records`, lazily."""

def to_records(results: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> list[Record]:
    """One row per quote, keys :data:`RECORD_COLUMNS`, ready for ``pandas.DataFrame``."""
