"""examples/spark_audit.py in Spark local mode prints exactly `kutip audit --format json`.

Runs only when pyspark is importable and KUTIP_SPARK=1 (scripts/ci-python.sh sets it), like
test_spark.py. On the generated corpus of 24,000 documents (python/tests/corpus.py), as JSONL
and as Parquet, cut into several input splits (--split-mb 1) so that speakers are merged across
partitions by reduceByKey; with --speaker; with --from an extract JSONL output; and on the seed
and audit fixtures: the report file must equal the CLI's output text, byte for byte.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, fixture_files, read_text
from corpus import make_corpus, write_jsonl
from spark_support import MARKS, assert_rule_error, run_example, write_corpus

pytestmark = MARKS

DOCS = 24_000
EXAMPLE = ROOT / "examples" / "spark_audit.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(jsonl path, parquet path, text MB)."""
    # Several row groups, stored plainly (the repetitive generated text would compress to
    # under 1 MB), so that --split-mb 1 gives several input splits.
    options = {"row_group_size": 2_000, "compression": "none", "use_dictionary": False}
    return write_corpus(tmp_path_factory.mktemp("spark-audit"), make_corpus(DOCS), **options)


@pytest.fixture(scope="module")
def cli_report(corpus, run_cli):
    """The CLI's `audit --format json` text for the corpus."""
    jsonl, _, _ = corpus
    proc = run_cli("audit", "--input", "jsonl", "--format", "json", "--quiet", str(jsonl))
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode("utf-8")
    report = json.loads(text)
    assert report["totals"]["documents"] == DOCS
    assert len(report["speakers"]) > 50, "the corpus should have plenty of speakers"
    assert any(s["ambiguous_with"] for s in report["speakers"] if "ambiguous_with" in s), "an ambiguous surname"
    assert any(len(s["aliases"]) > 1 for s in report["speakers"]), "a surname merged into a full name"
    return text


def run_spark_audit(tmp_path, *args: str, stdout: bool = False) -> tuple[str, float, float, int]:
    """Runs the example as a user would; returns (its report text, wall seconds, job seconds,
    documents audited). The report is read from --output, or from standard output."""
    out = tmp_path / "audit.json"
    proc, wall = run_example(EXAMPLE, *([] if stdout else ["--output", str(out)]), "--master", "local[2]", *args)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-5000:]
    found = re.search(
        r"kutip: audited (\d+) documents, \d+ quotes, \d+ speaker keys from (\d+) input partitions in ([\d.]+)s",
        proc.stderr,
    )
    assert found, proc.stderr[-3000:]
    if "--split-mb" in args:
        assert int(found.group(2)) >= 4, "speakers are merged across several partitions"
    if stdout:
        report = proc.stdout
    else:
        assert proc.stdout == "", "the report goes to --output only"
        report = out.read_text(encoding="utf-8")
    return report, wall, float(found.group(3)), int(found.group(1))


def check(got: str, expected: str) -> None:
    assert json.loads(got) == json.loads(expected)
    assert got == expected, "the same text as the CLI's"


def report_speed(capsys, label, mb, wall, job):
    with capsys.disabled():
        print(
            f"\n[kutip] spark audit {label}: {DOCS} docs, {mb:.2f} MB; job {job:.1f}s = {mb / job:.2f} MB/s "
            f"(process wall {wall:.1f}s incl. JVM start)"
        )


def test_spark_audit_jsonl_equals_cli(corpus, cli_report, tmp_path, capsys):
    jsonl, _, mb = corpus
    got, wall, job, docs = run_spark_audit(tmp_path, "--input", str(jsonl), "--split-mb", "1")
    assert docs == DOCS
    check(got, cli_report)
    report_speed(capsys, "jsonl local[2], 1 MB splits", mb, wall, job)


def test_spark_audit_parquet_with_speaker_equals_cli(corpus, cli_report, run_cli, tmp_path, capsys):
    _, parquet, mb = corpus
    jsonl = corpus[0]
    # A surname that names several speakers' entries: its quotes come from many documents.
    top = json.loads(cli_report)["speakers"][0]["speaker"]
    surname = top.split()[-1]
    proc = run_cli("audit", "--input", "jsonl", "--format", "json", "--quiet", "--speaker", surname, str(jsonl))
    assert proc.returncode == 0, proc.stderr.decode()
    expected = proc.stdout.decode("utf-8")
    assert len(json.loads(expected)["speaker_quotes"]) > 10
    got, wall, job, _ = run_spark_audit(tmp_path, "--input", str(parquet), "--split-mb", "1", "--speaker", surname)
    check(got, expected)
    report_speed(capsys, f"parquet local[2], 1 MB splits, --speaker {surname}", mb, wall, job)


def test_spark_audit_from_extract_jsonl_equals_cli(corpus, run_cli, tmp_path, capsys):
    jsonl, _, _ = corpus
    quotes = tmp_path / "quotes.jsonl"
    proc = run_cli("extract", "--input", "jsonl", "--format", "jsonl", "--quiet", str(jsonl))
    assert proc.returncode == 0, proc.stderr.decode()
    quotes.write_bytes(proc.stdout)
    proc = run_cli("audit", "--from", str(quotes), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    expected = proc.stdout.decode("utf-8")
    # 1 MB splits of the quote lines: some documents' lines fall in two splits.
    size = quotes.stat().st_size
    assert size > 3_000_000, size
    got, wall, job, _ = run_spark_audit(tmp_path, "--from", str(quotes), "--split-mb", "1")
    check(got, expected)
    report_speed(capsys, f"--from {size / 1e6:.1f} MB of quote lines, 1 MB splits", size / 1e6, wall, job)


def test_spark_audit_of_the_fixtures_equals_cli(run_cli, tmp_path):
    """The seeds and the audit fixtures (a surname alone, two Widodos), each as a document
    named by its path: the CLI audits the files themselves."""
    paths = [p for p in fixture_files() if p.startswith(("tests/fixtures/seeds/", "tests/fixtures/audit/"))]
    assert len(paths) >= 10
    corpus = tmp_path / "fixtures.jsonl"
    write_jsonl([(p, read_text(p)) for p in paths], corpus)
    proc = run_cli("audit", "--format", "json", *paths)
    assert proc.returncode == 0, proc.stderr.decode()
    expected = proc.stdout.decode("utf-8")
    assert json.loads(expected)["totals"]["documents"] == len(paths)
    # Standard output holds the report and nothing else (Spark logs to stderr).
    got, _, _, _ = run_spark_audit(tmp_path, "--input", str(corpus), stdout=True)
    check(got, expected)


def test_spark_audit_reports_rule_errors(tmp_path, corpus):
    jsonl, _, _ = corpus
    assert_rule_error(EXAMPLE, tmp_path, "--input", str(jsonl))


def test_spark_audit_help():
    proc = subprocess.run([sys.executable, str(EXAMPLE), "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert "--from" in proc.stdout and "--speaker" in proc.stdout and "--split-mb" in proc.stdout
