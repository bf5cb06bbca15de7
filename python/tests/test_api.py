"""The Python API itself: arguments, pickling, extract_many's order and threads, records."""

from __future__ import annotations

import copy
import os
import pickle
import random
import time
from concurrent.futures import ThreadPoolExecutor

import kutip
import pytest
from conftest import ROOT, fixture_files, read_text
from corpus import make_corpus

TEXTS = [read_text(p) for p in fixture_files()]


def corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """n documents made of fixture paragraphs (see corpus.py)."""
    return make_corpus(n, seed)


# -- construction ---------------------------------------------------------------------------


def test_defaults(extractor):
    assert extractor.rules == ()
    assert extractor.lang == "auto"
    assert extractor.default_rules is True
    assert extractor.rule_count > 10
    assert repr(extractor) == "kutip.Extractor(rules=[], lang='auto', default_rules=True)"
    assert kutip.SCHEMA == "kutip/1"
    assert isinstance(kutip.__version__, str)


def test_bad_arguments():
    with pytest.raises(ValueError, match="lang"):
        kutip.Extractor(lang="fr")
    with pytest.raises(TypeError):
        kutip.Extractor(lang=None)
    with pytest.raises(TypeError):
        kutip.Extractor(rules=[1])
    with pytest.raises(TypeError):
        kutip.Extractor(rules=b"rules")
    with pytest.raises(TypeError):
        kutip.Extractor(default_rules="yes")


def test_single_path_and_pathlike_rules():
    ex = kutip.Extractor(rules=ROOT / "rules", default_rules=False)
    assert ex.rules == (str(ROOT / "rules"),)
    assert ex.rule_count == kutip.Extractor().rule_count


def test_no_rules_at_all_extracts_nothing():
    ex = kutip.Extractor(default_rules=False)
    assert ex.rule_count == 0
    assert ex.extract(TEXTS[0], "x")["quotes"] == []


# -- extract ----------------------------------------------------------------------------------


def test_extract_result_shape(extractor):
    doc = extractor.extract("“Kami siap membantu,” kata Budi Santoso.", "example")
    assert list(doc) == ["schema", "document", "language", "quotes"]
    assert doc["schema"] == "kutip/1" and doc["document"] == "example" and doc["language"] == "id"
    [q] = doc["quotes"]
    assert q["text"] == "Kami siap membantu,"
    assert q["speaker"]["name"] == "Budi Santoso"
    assert q["span"]["char_start"] == 1 and q["span"]["start"] == 3
    assert extractor.extract("tidak ada kutipan.")["document"] == "-"


@pytest.mark.parametrize("bad", [None, b"bytes", 3, 1.5, ["list"], object()])
def test_non_str_text_raises_type_error(extractor, bad):
    with pytest.raises(TypeError, match="text must be str"):
        extractor.extract(bad)


@pytest.mark.parametrize("bad", [b"doc", 3, ["doc"]])
def test_non_str_document_raises_type_error(extractor, bad):
    with pytest.raises(TypeError, match="document must be str"):
        extractor.extract("teks", bad)


def test_lone_surrogate_raises_value_error(extractor):
    with pytest.raises(UnicodeEncodeError):
        extractor.extract("“Kami \ud800 siap,” kata Budi.")
    with pytest.raises(UnicodeEncodeError):
        list(extractor.extract_many(["ok", "bad \udfff"]))


def test_hostile_strings_never_crash(extractor):
    rng = random.Random(1)
    alphabet = "“”«»„\"'‘’ ,.:;-—\n\r\t\u00a0\u200b\u0301\ufeffaAzZ0é🇮🇩" + "kata ujarnya said Budi "
    samples = ["", " ", "\n\n\n", "\x00", "\ufeff", "“", "”" * 50, "\r\n" * 20, "a" * 100_000]
    for t in TEXTS:
        samples.append(t[: rng.randrange(len(t) + 1)])
        cut = list(t)
        rng.shuffle(cut)
        samples.append("".join(cut[:300]))
    for _ in range(300):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randrange(200))))
    for s in samples:
        doc = extractor.extract(s, "fuzz")
        for q in doc["quotes"]:
            assert s[q["span"]["char_start"] : q["span"]["char_end"]] == q["text"]
    assert list(extractor.extract_many(samples, jobs=2)) == [
        dict(extractor.extract(s, str(i))) for i, s in enumerate(samples)
    ]


# -- pickling ---------------------------------------------------------------------------------


def test_pickle_round_trip(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "extra.toml").write_text((ROOT / "rules" / "id" / "sources.toml").read_text("utf-8"), "utf-8")
    ex = kutip.Extractor(rules=[rules], lang="id")
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(ex, protocol=protocol)
        assert len(data) < 1000, len(data)  # the configuration, never the compiled rules
        again = pickle.loads(data)
        assert type(again) is kutip.Extractor
        assert (again.rules, again.lang, again.default_rules) == (ex.rules, "id", True)
        assert again.rule_count == ex.rule_count
        for i, t in enumerate(TEXTS):
            assert again.extract(t, str(i)) == ex.extract(t, str(i))
    assert copy.deepcopy(ex).rules == ex.rules
    assert ex.__getstate__() == {"rules": [str(rules)], "lang": "id", "default_rules": True}


def test_pickle_in_a_closure_like_spark():
    try:
        import cloudpickle
    except ImportError:  # pyspark carries its own copy
        cloudpickle = pytest.importorskip("pyspark.cloudpickle")
    ex = kutip.Extractor(lang="en", default_rules=True)

    def count(texts):
        return sum(len(d["quotes"]) for d in ex.extract_many(texts, jobs=1))

    again = cloudpickle.loads(cloudpickle.dumps(count))
    assert again(TEXTS) == count(TEXTS)


def test_unpickling_with_broken_rules_raises_rule_error(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ok.toml").write_text((ROOT / "rules" / "id" / "sources.toml").read_text("utf-8"), "utf-8")
    data = pickle.dumps(kutip.Extractor(rules=[rules]))
    (rules / "ok.toml").write_text("[[rule]]\nid = \n", "utf-8")
    with pytest.raises(kutip.RuleError):
        pickle.loads(data)


# -- extract_many -----------------------------------------------------------------------------


def test_extract_many_keeps_input_order(extractor):
    docs = corpus(3000)
    expected = [extractor.extract(t, name) for name, t in docs]
    for jobs in (1, 2, 3, None):
        got = list(extractor.extract_many(iter(docs), jobs=jobs))
        assert [d["document"] for d in got] == [name for name, _ in docs]
        assert got == expected


def test_cache_budget_changes_speed_not_results(extractor):
    docs = corpus(300, seed=11)
    expected = list(extractor.extract_many(docs, jobs=2))
    try:
        # Every matcher cache is dropped after every document: each one starts cold.
        kutip.set_cache_mb(0)
        assert list(extractor.extract_many(docs, jobs=2)) == expected
    finally:
        kutip.set_cache_mb(128)
    with pytest.raises(OverflowError):
        kutip.set_cache_mb(-1)


def test_extract_many_item_forms(extractor):
    t0, t1, t2 = TEXTS[:3]
    got = list(extractor.extract_many([t0, ("named", t1), [42, t2]]))
    assert [d["document"] for d in got] == ["0", "named", "42"]
    assert got[0] == extractor.extract(t0, "0")
    assert got[2] == extractor.extract(t2, "42")
    assert list(extractor.extract_many([])) == []
    assert list(extractor.extract_many(t for t in ())) == []


@pytest.mark.parametrize(
    ("item", "error"),
    [
        (None, TypeError),
        (b"x", TypeError),
        (("a",), ValueError),
        (("a", "b", "c"), ValueError),
        ((None, "t"), TypeError),
        (("d", None), TypeError),
        (("d", b"t"), TypeError),
        ((True, "t"), TypeError),
    ],
)
def test_extract_many_bad_items(extractor, item, error):
    with pytest.raises(error, match="item 1"):
        list(extractor.extract_many(["ok", item]))


@pytest.mark.parametrize(("jobs", "error"), [(0, ValueError), (-1, ValueError), ("2", TypeError), (1.0, TypeError)])
def test_extract_many_bad_jobs(extractor, jobs, error):
    with pytest.raises(error, match="jobs"):
        list(extractor.extract_many(["x"], jobs=jobs))


def test_extract_many_is_lazy(extractor):
    seen = []

    def items():
        for i in range(kutip.BATCH_DOCS * 3):
            seen.append(i)
            yield TEXTS[i % len(TEXTS)]

    it = extractor.extract_many(items(), jobs=2)
    next(it)
    assert len(seen) == 2 * kutip.BATCH_DOCS  # one batch yielding, one in flight: not the stream
    assert sum(1 for _ in it) == kutip.BATCH_DOCS * 3 - 1


def test_jobs_1_and_2_identical_with_timings(extractor, capsys):
    docs = corpus(6000, seed=11)
    size = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    results, times = {}, {}
    for jobs in (1, 2):
        list(extractor.extract_many(docs[:200], jobs=jobs))  # warm the pool
        start = time.perf_counter()
        results[jobs] = list(extractor.extract_many(docs, jobs=jobs))
        times[jobs] = time.perf_counter() - start
    assert results[1] == results[2]
    assert len(results[1]) == len(docs)
    with capsys.disabled():
        print(
            f"\n[kutip] extract_many on {len(docs)} docs, {size:.1f} MB: "
            + ", ".join(f"jobs={j}: {times[j]:.2f}s = {size / times[j]:.1f} MB/s" for j in (1, 2))
            + f" (speed-up {times[1] / times[2]:.2f}x on {os.cpu_count()} cores; not asserted)"
        )


def test_threads_share_one_extractor(extractor):
    docs = corpus(400, seed=3)
    expected = [extractor.extract(t, n) for n, t in docs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: extractor.extract(d[1], d[0]), docs))
    assert got == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_extract_many_works_in_a_forked_child(extractor):
    import multiprocessing

    docs = corpus(600, seed=5)
    expected = list(extractor.extract_many(docs, jobs=2))  # the parent's pool exists now

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child():
        queue.put(list(extractor.extract_many(docs, jobs=2)) == expected)

    proc = ctx.Process(target=child)
    proc.start()
    try:
        ok = queue.get(timeout=120)
    finally:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
    assert ok is True
    assert proc.exitcode == 0


# -- records ----------------------------------------------------------------------------------


def test_to_records(extractor):
    docs = [extractor.extract(t, f"d{i}") for i, t in enumerate(TEXTS)]
    rows = kutip.to_records(docs)
    assert len(rows) == sum(len(d["quotes"]) for d in docs) > 0
    for row in rows:
        assert tuple(row) == kutip.RECORD_COLUMNS
    i = 0
    for d in docs:
        for q in d["quotes"]:
            row = rows[i]
            i += 1
            assert row["document"] == d["document"]
            assert (row["kind"], row["text"], row["rule"], row["language"], row["paragraph"]) == (
                q["kind"],
                q["text"],
                q["rule"],
                q["language"],
                q["paragraph"],
            )
            assert (row["start"], row["end"], row["char_start"], row["char_end"]) == tuple(q["span"].values())
            sp = q["speaker"] or {}
            assert row["speaker_name"] == sp.get("name") and row["speaker_resolution"] == sp.get("resolution")
            assert row["cue"] == (q["cue"]["text"] if q["cue"] else None)
            assert row["source"] == (q["source"]["name"] if q["source"] else None)
    assert kutip.to_records(docs[0]) == [r for r in rows if r["document"] == "d0"]
    assert kutip.to_records(extractor.extract_many(TEXTS)) == kutip.to_records(
        extractor.extract(t, str(i)) for i, t in enumerate(TEXTS)
    )
    with pytest.raises(TypeError):
        kutip.to_records(["not a result"])


def test_to_records_in_pandas(extractor):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(kutip.to_records(extractor.extract_many(TEXTS)), columns=kutip.RECORD_COLUMNS)
    assert list(frame.columns) == list(kutip.RECORD_COLUMNS)
    assert len(frame) > 0
    empty = pd.DataFrame(kutip.to_records([]), columns=kutip.RECORD_COLUMNS)
    assert len(empty) == 0 and list(empty.columns) == list(kutip.RECORD_COLUMNS)
