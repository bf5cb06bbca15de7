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


def fixture_paragraphs() -> list[list[str]]:
    """The non-empty lines of every fixture, one list per fixture (sorted by path)."""
    out = []
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        text = path.read_bytes().decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
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
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size
