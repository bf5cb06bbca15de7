"""A generated news corpus for the tests and the benchmark: small documents made of the
paragraphs (one line each: mostly one to three sentences) of tests/fixtures/**/*.txt.

Deterministic for a given (n, seed). Each document is 1-6 consecutive paragraphs of one
fixture (so anaphora and continuations still have their antecedents), and one in five gets a
paragraph of another fixture appended. Ids are ``doc-000000`` ... in order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_readable(data: bytes) -> str | None:
    """The text `kutip extract FILE` extracts from a file's bytes (a byte order mark kept, as
    Python's "utf-8" codec keeps it), or None for a file the CLI refuses: empty or blank,
    UTF-16, binary (a NUL byte) or invalid UTF-8. Such files have no Python str to compare."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    if not body.strip(b" \t\n\r\x0b\x0c") or b"\x00" in body:
        return None
    if body is data and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def fixture_paragraphs() -> list[list[str]]:
    """The non-empty lines of every fixture, one list per fixture (sorted by path)."""
    out = []
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        text = cli_readable(path.read_bytes())
        if text is None:
            continue
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        lines = [line for line in text.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


def make_corpus(n: int, seed: int = 2024) -> list[tuple[str, str]]:
    """n ``(id, text)`` documents."""
    rng = random.Random(seed)
    fixtures = fixture_paragraphs()
    docs = []
    for i in range(n):
        lines = rng.choice(fixtures)
        start = rng.randrange(len(lines))
        paragraphs = lines[start : start + rng.randint(1, 6)]
        if rng.random() < 0.2:
            paragraphs.append(rng.choice(rng.choice(fixtures)))
        docs.append((f"doc-{i:06d}", "\n\n".join(paragraphs)))
    return docs


def write_jsonl(docs: list[tuple[str, str]], path: Path) -> int:
    """Writes ``{"id", "text"}`` lines; returns the file's size in bytes."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n" for doc_id, text in docs)
    return path.stat().st_size
