"""examples/spark_extract.py in Spark local mode gives exactly the CLI's quotes.

Runs only when pyspark is importable and KUTIP_SPARK=1 (scripts/ci-python.sh sets it): it
starts a JVM and takes a minute or two. A corpus of 24,000 small documents (fixture
paragraphs, python/tests/corpus.py) goes through `kutip extract --input jsonl --format jsonl`
and through the Spark job (as JSONL, as Parquet repartitioned, and with mapInArrow); the
Parquet rows must equal the CLI's quotes flattened by kutip.to_records, field for field.
"""

from __future__ import annotations

import json
import re

import kutip
import pytest
from conftest import ROOT
from corpus import make_corpus
from spark_support import MARKS, assert_rule_error, run_example, write_corpus

pytestmark = MARKS

DOCS = 24_000
EXAMPLE = ROOT / "examples" / "spark_extract.py"


def sort_key(row: dict) -> tuple:
    return tuple((v is None, v if v is not None else "") for v in (row[c] for c in kutip.RECORD_COLUMNS))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(jsonl path, parquet path, text MB, the CLI's rows as records)."""
    return write_corpus(tmp_path_factory.mktemp("spark"), make_corpus(DOCS))


@pytest.fixture(scope="module")
def cli_records(corpus, run_cli):
    jsonl, _, _ = corpus
    proc = run_cli("extract", "--input", "jsonl", "--format", "jsonl", "--quiet", str(jsonl))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(lines) > DOCS // 2, "the corpus should give plenty of quotes"
    return kutip.to_records({"document": q["document"], "quotes": [q]} for q in lines)


def run_spark_extract(tmp_path, *args: str) -> tuple[list[dict], float, float]:
    """Runs the example as a user would; returns (its Parquet rows, wall seconds, job seconds)."""
    out = tmp_path / "quotes.parquet"
    proc, wall = run_example(EXAMPLE, "--output", str(out), *args)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-5000:]
    found = re.search(r"kutip: wrote (\d+) quotes to .* in ([\d.]+)s", proc.stderr)
    assert found, proc.stderr[-3000:]
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.column_names == list(kutip.RECORD_COLUMNS)
    rows = table.to_pylist()
    assert int(found.group(1)) == len(rows)
    return rows, wall, float(found.group(2))


def check_and_report(rows, cli_records, mb, wall, job, label, capsys):
    assert len(rows) == len(cli_records)
    assert sorted(rows, key=sort_key) == sorted(cli_records, key=sort_key)
    with capsys.disabled():
        print(
            f"\n[kutip] spark {label}: {DOCS} docs, {mb:.2f} MB, {len(rows)} quotes; "
            f"job {job:.1f}s = {mb / job:.2f} MB/s (process wall {wall:.1f}s incl. JVM start)"
        )


def test_spark_jsonl_equals_cli(corpus, cli_records, tmp_path, capsys):
    jsonl, _, mb = corpus
    rows, wall, job = run_spark_extract(tmp_path, "--input", str(jsonl), "--master", "local[2]")
    check_and_report(rows, cli_records, mb, wall, job, "jsonl local[2]", capsys)


def test_spark_parquet_equals_cli(corpus, cli_records, tmp_path, capsys):
    _, parquet, mb = corpus
    rows, wall, job = run_spark_extract(
        tmp_path, "--input", str(parquet), "--master", "local[2]", "--partitions", "5", "--jobs-per-task", "2"
    )
    check_and_report(rows, cli_records, mb, wall, job, "parquet local[2], 5 partitions", capsys)


def test_spark_arrow_equals_cli(corpus, cli_records, tmp_path, capsys):
    jsonl, _, mb = corpus
    rows, wall, job = run_spark_extract(tmp_path, "--input", str(jsonl), "--master", "local[2]", "--arrow")
    check_and_report(rows, cli_records, mb, wall, job, "jsonl local[2] mapInArrow", capsys)


def test_spark_reports_rule_errors(tmp_path, corpus):
    jsonl, _, _ = corpus
    assert_rule_error(EXAMPLE, tmp_path, "--input", str(jsonl), "--output", str(tmp_path / "o"))
