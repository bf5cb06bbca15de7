"""The Python API gives exactly the CLI's JSON (`kutip extract --format json`), field by field."""

from __future__ import annotations

import json

import kutip
import pytest
from conftest import ROOT, fixture_files, read_text

FIXTURES = fixture_files()


def test_there_are_fixtures():
    assert len(FIXTURES) >= 10, FIXTURES


@pytest.mark.parametrize("path", FIXTURES)
def test_fixture_equals_cli(path, extractor, cli_json):
    [expected] = cli_json(path)
    got = extractor.extract(read_text(path), path)
    assert got == expected
    # The same keys in the same order as the CLI prints them.
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("path", FIXTURES)
def test_offsets_index_the_python_str(path, extractor):
    text = read_text(path)
    data = text.encode("utf-8")
    for q in extractor.extract(text, path)["quotes"]:
        spans = [(q["span"], q["text"])]
        if q["cue"]:
            spans.append((q["cue"]["span"], q["cue"]["text"]))
        if q["source"]:
            spans.append((q["source"]["span"], None))
        if q["speaker"] and q["speaker"]["span"]:
            spans.append((q["speaker"]["span"], None))
        for span, want in spans:
            by_char = text[span["char_start"] : span["char_end"]]
            by_byte = data[span["start"] : span["end"]].decode("utf-8")
            assert by_char == by_byte
            if want is not None:
                assert by_char == want


def test_files_the_cli_refuses_are_not_compared(run_cli):
    # Only fixtures the CLI reads as documents have a Python str to compare; check the split.
    for path in fixture_files(readable_only=False):
        proc = run_cli("extract", "--format", "json", path)
        assert (proc.returncode == 0) == (path in FIXTURES), (path, proc.stderr.decode())


def test_whole_fixture_tree_equals_cli_through_extract_many(extractor, cli_json):
    expected = cli_json(*FIXTURES)
    names = [d["document"] for d in expected]
    assert names == FIXTURES
    pairs = [(name, read_text(name)) for name in names]
    for jobs in (1, 2, None):
        assert list(extractor.extract_many(pairs, jobs=jobs)) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_forced_language_equals_cli(lang, cli_json):
    ex = kutip.Extractor(lang=lang)
    for path in FIXTURES:
        [expected] = cli_json("--lang", lang, path)
        assert ex.extract(read_text(path), path) == expected, path


def test_user_rules_equal_cli(cli_json):
    # The rule files of the repository as user rules, without the built-in copies.
    rules_arg = str(ROOT / "rules")
    ex = kutip.Extractor(rules=[rules_arg], default_rules=False)
    for path in FIXTURES[:6]:
        [expected] = cli_json("--no-default-rules", "--rules", rules_arg, path)
        assert ex.extract(read_text(path), path) == expected, path


def test_byte_order_mark_is_handled_as_the_cli_does(tmp_path, extractor, run_cli):
    body = read_text("tests/fixtures/id/01-quote-cue-speaker.txt")
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    proc = run_cli("extract", "--format", "json", str(f))
    assert proc.returncode == 0, proc.stderr.decode()
    [expected] = json.loads(proc.stdout)
    text = f.read_bytes().decode("utf-8")  # U+FEFF kept, as open(..., encoding="utf-8") keeps it
    got = extractor.extract(text, str(f))
    assert got == expected
    assert got["quotes"]
    for q in got["quotes"]:
        assert text[q["span"]["char_start"] : q["span"]["char_end"]] == q["text"]


def test_jsonl_corpus_equals_cli_jsonl(tmp_path, extractor, run_cli):
    lines = []
    for i, path in enumerate(FIXTURES):
        lines.append(json.dumps({"id": f"doc-{i}", "text": read_text(path)}, ensure_ascii=False))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("extract", "--input", "jsonl", "--format", "jsonl", str(corpus))
    assert proc.returncode == 0, proc.stderr.decode()
    cli_rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    docs = extractor.extract_many((f"doc-{i}", read_text(p)) for i, p in enumerate(FIXTURES))
    py_rows = [{"schema": d["schema"], "document": d["document"], **q} for d in docs for q in d["quotes"]]
    assert py_rows == cli_rows
    # to_records of both sides agree too.
    assert kutip.to_records({"document": r["document"], "quotes": [r]} for r in cli_rows) == kutip.to_records(
        extractor.extract_many((f"doc-{i}", read_text(p)) for i, p in enumerate(FIXTURES))
    )
