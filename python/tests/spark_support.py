"""What the two Spark tests share: their skip marks, the generated corpus on disk as JSONL and
Parquet, running an example as a user would, and the rule-error check."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import kutip
import pytest
from conftest import ROOT
from corpus import write_jsonl

#: Spark tests start a JVM: they run only with KUTIP_SPARK=1 (scripts/ci-python.sh) and pyspark.
MARKS = [
    pytest.mark.spark,
    pytest.mark.skipif(os.environ.get("KUTIP_SPARK") != "1", reason="set KUTIP_SPARK=1 to run the Spark test"),
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed"),
]


def write_corpus(base: Path, docs: list[tuple[str, str]], **parquet_options) -> tuple[Path, Path, float]:
    """`docs` as corpus.jsonl and corpus.parquet under `base` (pyarrow's `write_table` options
    passed on); returns (jsonl, parquet, MB of text)."""
    jsonl = base / "corpus.jsonl"
    write_jsonl(docs, jsonl)
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    parquet = base / "corpus.parquet"
    table = pa.table({"id": [d for d, _ in docs], "text": [t for _, t in docs]})
    pq.write_table(table, parquet, **parquet_options)
    return jsonl, parquet, sum(len(t.encode("utf-8")) for _, t in docs) / 1e6


def run_example(example: Path, *args: str, timeout: int = 900) -> tuple[subprocess.CompletedProcess, float]:
    """Runs `example` with `args` from the repository root, the Spark workers on this Python;
    returns the finished process and its wall seconds."""
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(example), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc, time.perf_counter() - started


def assert_rule_error(example: Path, tmp_path: Path, *args: str) -> None:
    """A broken rule directory: exit 2 and the CLI's diagnostic on stderr, before any Spark work."""
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "x.toml").write_text("[[rule]]\nid = \n", encoding="utf-8")
    proc, _ = run_example(example, *args, "--rules", str(bad), timeout=300)
    assert proc.returncode == 2
    with pytest.raises(kutip.RuleError) as info:
        kutip.Extractor(rules=[bad])
    assert proc.stderr.strip() == str(info.value)
    assert proc.stdout == ""
