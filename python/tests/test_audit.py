"""kutip.Audit: the same report as `kutip audit --format json`, and partial audits that merge
back to it however the corpus is cut and whatever order the parts meet in (what the Spark job,
examples/spark_audit.py, relies on; test_spark_audit.py runs that job)."""

from __future__ import annotations

import json
import pickle
import random

import kutip
import pytest
from conftest import fixture_files, read_text
from corpus import make_corpus

FIXTURES = fixture_files()
SEEDS = [p for p in FIXTURES if p.startswith("tests/fixtures/seeds/")]
AUDIT = [p for p in FIXTURES if p.startswith("tests/fixtures/audit/")]


@pytest.fixture(scope="module")
def fixture_docs(extractor):
    """Every readable fixture's result, in path order."""
    return list(extractor.extract_many([(p, read_text(p)) for p in FIXTURES]))


@pytest.fixture(scope="module")
def corpus_docs(extractor):
    """The audit fixtures, then 600 generated documents (python/tests/corpus.py)."""
    pairs = [(p, read_text(p)) for p in AUDIT] + make_corpus(600, seed=6)
    return list(extractor.extract_many(pairs))


def cli_audit(run_cli, *args: str) -> str:
    proc = run_cli("audit", "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("label", "paths", "speaker"),
    [
        ("seeds", SEEDS, None),
        ("audit fixtures", AUDIT, None),
        ("audit fixtures, --speaker Widodo", AUDIT, "Widodo"),
        ("every fixture", FIXTURES, None),
        ("every fixture, --speaker Lavrov", FIXTURES, "Lavrov"),
    ],
)
def test_report_equals_cli(label, paths, speaker, extractor, run_cli):
    assert paths, label
    args = ["--speaker", speaker] if speaker else []
    expected = cli_audit(run_cli, *args, *paths)
    pairs = [(p, read_text(p)) for p in paths]

    fed = kutip.Audit(speaker)
    fed.add_many(extractor.extract(text, name) for name, text in pairs)
    assert fed.report_json() == expected
    assert fed.report() == json.loads(expected)

    for jobs in (1, None):
        direct = extractor.audit_many(pairs, kutip.Audit(speaker), jobs=jobs)
        assert direct.report_json() == expected
    if speaker:
        assert fed.report()["speaker_quotes"], "the speaker is quoted"


def test_the_report_of_no_documents_equals_cli(run_cli):
    assert kutip.Audit().report_json() == cli_audit(run_cli, "--input", "jsonl", "/dev/null")


def test_cli_from_an_extract_jsonl_equals_audit_of_the_documents(fixture_docs, tmp_path, run_cli):
    lines = tmp_path / "quotes.jsonl"
    lines.write_text(
        "".join(json.dumps({"document": d["document"], **q}, ensure_ascii=False) + "\n" for d in fixture_docs for q in d["quotes"]),
        encoding="utf-8",
    )
    # --from sees only documents with quotes.
    audit = kutip.Audit()
    audit.add_many(d for d in fixture_docs if d["quotes"])
    assert audit.report_json() == cli_audit(run_cli, "--from", str(lines))


def test_add_lines_reads_extract_jsonl_lines_as_the_cli_does(fixture_docs, corpus_docs):
    docs = [d for d in fixture_docs + corpus_docs if d["quotes"]]
    by_dicts = kutip.Audit("Lavrov")
    by_dicts.add_many(docs)
    by_lines = kutip.Audit("Lavrov")
    for d in docs:
        by_lines.add_lines(json.dumps({"document": d["document"], **q}, ensure_ascii=False) for q in d["quotes"])
    assert by_lines.report_json() == by_dicts.report_json()
    by_lines.add_lines([])
    assert by_lines.documents == len(docs), "no lines, no document"
    line = json.dumps({"document": "a", **docs[0]["quotes"][0]})
    with pytest.raises(ValueError, match="name two"):
        by_lines.add_lines([line, line.replace('"document": "a"', '"document": "b"')])
    with pytest.raises(ValueError, match="not a kutip quote line"):
        by_lines.add_lines(['{"document": "a"}'])
    with pytest.raises(TypeError):
        by_lines.add_lines(line)
    assert by_lines.documents == len(docs)


def parts(docs, cuts, speaker=None):
    """Audits of docs cut at `cuts`, part i in segment i."""
    bounds = [0, *sorted(cuts), len(docs)]
    out = []
    for segment, (a, b) in enumerate(zip(bounds, bounds[1:])):
        audit = kutip.Audit(speaker, segment=segment)
        audit.add_many(docs[a:b])
        out.append(audit)
    return out


@pytest.mark.parametrize("speaker", [None, "Lavrov"])
def test_two_parts_cut_anywhere_merge_to_one_pass(corpus_docs, speaker):
    docs = corpus_docs[:120]
    whole = kutip.Audit(speaker)
    whole.add_many(docs)
    expected = whole.report_json()
    for cut in range(len(docs) + 1):
        first, second = parts(docs, [cut], speaker)
        ab = pickle.loads(pickle.dumps(first))
        ab.merge(second)
        assert ab.report_json() == expected, cut
        second.merge(first)
        assert second.report_json() == expected, cut


@pytest.mark.parametrize("seed", range(6))
def test_split_by_speaker_and_merged_in_any_order_equals_one_pass(corpus_docs, seed):
    """The Spark job in miniature: parts, pieces by speaker key (pickled), each key's pieces
    merged in a random order, then every key into one empty audit."""
    rng = random.Random(seed)
    speaker = [None, "Lavrov", "Widodo"][seed % 3]
    whole = kutip.Audit(speaker)
    whole.add_many(corpus_docs)
    cuts = [rng.randrange(len(corpus_docs) + 1) for _ in range(rng.randrange(1, 9))]
    by_key: dict[str | None, list[kutip.Audit]] = {}
    for part in parts(corpus_docs, cuts, speaker):
        for key, piece in part.split():
            by_key.setdefault(key, []).append(pickle.loads(pickle.dumps(piece)))
    assert None in by_key and len(by_key) > 30
    total = kutip.Audit(speaker)
    keys = list(by_key)
    rng.shuffle(keys)
    for key in keys:
        pieces = by_key[key]
        rng.shuffle(pieces)
        while len(pieces) > 1:  # pairs meet in a random tree, as in a shuffle's reduce
            i = rng.randrange(len(pieces) - 1)
            pieces[i].merge(pieces.pop(i + 1))
        total.merge(pieces[0])
    assert total.report_json() == whole.report_json()
    assert (total.documents, total.quotes) == (whole.documents, whole.quotes)


def test_split_pieces_are_keyed_by_folded_canonical_name(extractor):
    doc1 = extractor.extract("“Kuba berterima kasih,” kata Presiden Kuba Miguel Díaz-Canel.", "a")
    doc2 = extractor.extract("“Kami akan memperluas perdagangan,” kata Presiden Kuba Miguel Diaz-Canel.", "b")
    audit = kutip.Audit()
    audit.add_many([doc1, doc2])
    pieces = dict(audit.split())
    assert set(pieces) == {None, "miguel diaz canel"}
    assert pieces[None].documents == 2 and pieces["miguel diaz canel"].documents == 0
    [entry] = audit.report()["speakers"]
    assert entry["speaker"] == "Miguel Díaz-Canel" and entry["quotes"] == 2


def test_positions_put_documents_in_corpus_order(corpus_docs):
    docs = corpus_docs[:80]
    whole = kutip.Audit()
    whole.add_many(docs)
    shuffled = list(enumerate(docs))
    random.Random(1).shuffle(shuffled)
    audit = kutip.Audit()
    for i, doc in shuffled:
        audit.add(doc, position=(0, i * 10))  # gaps are fine; only the order counts
    assert audit.report_json() == whole.report_json()


def test_audit_many_goes_on_after_the_documents_already_added(corpus_docs, extractor):
    pairs = make_corpus(50, seed=9)
    whole = extractor.audit_many(pairs, jobs=1)
    audit = kutip.Audit()
    audit.add_many(extractor.extract(t, d) for d, t in pairs[:20])
    extractor.audit_many(pairs[20:], audit)
    assert audit.report_json() == whole.report_json()


def test_bytes_and_pickle_round_trip(corpus_docs):
    audit = kutip.Audit("Lavrov", segment=4)
    audit.add_many(corpus_docs[:50])
    data = audit.to_bytes()
    assert json.loads(data)["schema"] == kutip.AUDIT_SCHEMA == "kutip-audit-partial/1"
    for again in (kutip.Audit.from_bytes(data), kutip.Audit.from_bytes(data.decode()), pickle.loads(pickle.dumps(audit))):
        assert again.to_bytes() == data
        assert again.report() == audit.report()
    assert "50 documents" in repr(audit)


def test_errors():
    audit = kutip.Audit()
    with pytest.raises(TypeError):
        audit.add("not a dict")
    with pytest.raises(ValueError, match="not a kutip/1 document"):
        audit.add({"document": "x"})
    with pytest.raises(TypeError):
        audit.add({"document": "x"}, position=(1,))
    with pytest.raises(ValueError):
        audit.add({"document": "x"}, position=(1, -1))
    with pytest.raises(ValueError, match="not a kutip partial audit"):
        kutip.Audit.from_bytes(b"{}")
    with pytest.raises(ValueError, match="kutip-audit-partial/0"):
        kutip.Audit.from_bytes(audit.to_bytes().replace(b"partial/1", b"partial/0"))
    with pytest.raises(ValueError, match="different speakers"):
        kutip.Audit("Lavrov").merge(kutip.Audit())
    with pytest.raises(TypeError):
        audit.merge({})
    with pytest.raises(TypeError):
        kutip.Audit(speaker=3)
    with pytest.raises(ValueError):
        kutip.Audit(segment=-1)
    assert audit.documents == 0, "a failed add adds nothing"
