#!/usr/bin/env python3
"""Who said what across a news corpus, on Spark: ``kutip audit --format json`` as a Spark job.

    python examples/spark_audit.py --input corpus.jsonl --output audit.json
    python examples/spark_audit.py --input corpus.parquet --id-field doc_id --text-field body \\
        --rules my-rules/ --speaker Lavrov --split-mb 64
    python examples/spark_audit.py --from quotes.jsonl --output audit.json   # no extraction

Input: as examples/spark_extract.py (its reading code is used): JSONL or Parquet, a file or a
directory of part files, records with an id field (``--id-field``, default ``id``) and a text
field (``--text-field``, default ``text``); records whose text is null are skipped. Or, with
``--from``, an earlier ``kutip extract --format jsonl`` output (one quote per line).

Output: the report as JSON, to ``--output`` or standard output: byte for byte what ``kutip
audit --format json`` prints for the same corpus (``kutip audit --input jsonl corpus.jsonl``, or
``kutip audit --from quotes.jsonl``); ``--speaker NAME`` adds every quote of that speaker, as
the CLI's ``--speaker``.

How it runs (group by canonical speaker):

1. Each input partition is extracted by one ``kutip.Extractor`` (built on the driver, so a
   broken rule file fails before any task starts; pickled as its configuration and compiled
   once per task, as in spark_extract.py). ``Extractor.audit_many`` folds the results straight
   into a ``kutip.Audit`` in Rust: no row per quote is ever made. Partition ``i`` is audited as
   segment ``i``, so every quote carries its (partition, document, quote) position.
2. The partition's audit is split into one piece per speaker key, the folded canonical name
   ("Díaz-Canel" and "Diaz-Canel" have one key), plus one piece of corpus totals (key
   ``None``). Pieces travel pickled (``Audit.to_bytes``, JSON).
3. ``reduceByKey`` merges the pieces of each speaker from every partition (``Audit.merge``, Rust).
   The merge is associative and commutative: counts add up, and a speaker's three samples are
   the first three in corpus order by position, whatever order Spark merges in.
4. The driver merges the one piece per key into one ``Audit`` and finishes it: merging a
   surname quoted alone ("Lavrov") into the one full name it belongs to ("Sergei Lavrov"), or
   marking it ambiguous, needs every speaker at once and runs here, in the CLI's Rust code.
   The driver holds one entry per speaker key, as the CLI does; nothing grows with documents.

With ``--from``, the quote lines are read as text, numbered in input order
(``monotonically_increasing_id``), grouped by document (a document's lines may fall in two
input splits), and each document is added at the position of its first line; steps 2-4 follow.

Corpus order: the order in which Spark reads the input, partition after partition. Only the
samples depend on it (every count is the same in any order). A single file, JSONL or Parquet,
is read in file order, so the report equals the CLI's on that file exactly. A directory of
several files may be read in another order (Spark packs the largest files first), so a
speaker's samples may be other quotes than ``kutip audit`` gives for the files in name order.
For the same reason the documents are not repartitioned: the tasks are the input splits, and
``--split-mb`` makes them smaller (``spark.sql.files.maxPartitionBytes``) for more parallelism
on a few large files.

Left out: the CLI's table, CSV and HTML renderings (``kutip.Audit.report`` gives the dict; the
CSV and table are short loops over ``report["speakers"]``); ``--from`` reads JSONL only, not
the Parquet quotes of spark_extract.py, whose flattened rows no longer are ``kutip/1`` quotes.

Use as a library (a notebook): :func:`audit_corpus` takes a DataFrame of documents and returns
the merged ``kutip.Audit`` (``.report()`` is the dict, ``.report_json()`` the CLI's text);
:func:`audit_extracted` does the same for a DataFrame of quote lines; :func:`speaker_pieces`
gives the reduced RDD of ``(speaker key, Audit)`` before the driver's final step.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import kutip

# spark_extract.py sits next to this file: importable when this file is run as a script, or
# imported from its directory; made importable when this file is loaded from elsewhere.
if os.path.dirname(os.path.abspath(__file__)) not in map(os.path.abspath, sys.path):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spark_extract  # noqa: E402  (the reading code and session set-up of the extract job)
from spark_extract import (  # noqa: E402
    _document_name,
    add_corpus_arguments,
    build_session,
    extractor_from_args,
    read_corpus,
)

#: Bits of a monotonically_increasing_id below the partition index (Spark's layout).
_ROW_BITS = 33


def _merged(a: kutip.Audit, b: kutip.Audit) -> kutip.Audit:
    """reduceByKey's function: ``a`` with ``b`` merged in."""
    a.merge(b)
    return a


def audit_partition(
    index: int,
    rows: Iterable[Any],
    extractor: kutip.Extractor,
    speaker: str | None,
    id_field: str,
    text_field: str,
    jobs: int,
) -> Iterator[tuple[str | None, kutip.Audit]]:
    """Input partition ``index``: documents in, ``(speaker key, piece)`` pairs out."""
    pairs = ((_document_name(r[id_field]), r[text_field]) for r in rows if r[text_field] is not None)
    audit = extractor.audit_many(pairs, kutip.Audit(speaker, segment=index), jobs=jobs)
    return iter(audit.split())


def lines_partition(rows: Iterable[Any], speaker: str | None) -> Iterator[tuple[str | None, kutip.Audit]]:
    """Documents as ``(position, [line, ...])`` rows in, ``(speaker key, piece)`` pairs out."""
    audit = kutip.Audit(speaker)
    mask = (1 << _ROW_BITS) - 1
    for row in rows:
        audit.add_lines(row["lines"], position=(row["pos"] >> _ROW_BITS, row["pos"] & mask))
    return iter(audit.split())


def _finish(pieces, speaker: str | None) -> kutip.Audit:
    """The driver's step: every speaker's merged piece into one audit (one Spark job; the
    pieces together are about the size of the merged audit)."""
    total = kutip.Audit(speaker)
    for _key, piece in pieces.collect():
        total.merge(piece)
    return total


def speaker_pieces(
    documents,
    extractor: kutip.Extractor | None = None,
    speaker: str | None = None,
    id_field: str = "id",
    text_field: str = "text",
    jobs_per_task: int = 1,
):
    """An RDD of ``(speaker key, kutip.Audit)``, one per key (``None``: the corpus totals),
    each merged from every partition: the audit grouped by canonical speaker. Merging them all
    into ``kutip.Audit(speaker)`` gives the corpus's audit (:func:`audit_corpus`)."""
    extractor = extractor if extractor is not None else kutip.Extractor()
    missing = [f for f in (id_field, text_field) if f not in documents.columns]
    if missing:
        raise ValueError(f"the input has no column(s) {missing}; it has {documents.columns}")
    _pickle_by_value()

    def run(index: int, rows: Iterable[Any]) -> Iterator[tuple[str | None, kutip.Audit]]:
        # `extractor` travels pickled in this closure and is rebuilt once per task.
        return audit_partition(index, rows, extractor, speaker, id_field, text_field, jobs_per_task)

    return documents.select(id_field, text_field).rdd.mapPartitionsWithIndex(run).reduceByKey(_merged)


def audit_corpus(
    documents,
    extractor: kutip.Extractor | None = None,
    speaker: str | None = None,
    id_field: str = "id",
    text_field: str = "text",
    jobs_per_task: int = 1,
) -> kutip.Audit:
    """A DataFrame of documents in, the corpus's merged ``kutip.Audit`` out (on the driver).

    ``.report()`` is the dict of ``kutip audit --format json``, ``.report_json()`` its text.
    Corpus order is the DataFrame's partition order (see the module docstring).
    """
    pieces = speaker_pieces(documents, extractor, speaker, id_field, text_field, jobs_per_task)
    return _finish(pieces, speaker)


def audit_extracted(lines, speaker: str | None = None) -> kutip.Audit:
    """A DataFrame of ``kutip extract --format jsonl`` lines (one string column ``value``, as
    ``spark.read.text`` gives) in, the merged ``kutip.Audit`` out, as ``kutip audit --from``.

    A line that is not a kutip quote fails the job (the CLI reports it and goes on); blank lines
    are skipped. Quotes are regrouped by their ``document`` field (the CLI regroups consecutive
    lines: the same for extract output, where a document's lines are consecutive).
    """
    from pyspark.sql import functions as F

    _pickle_by_value()
    numbered = lines.where(F.trim(F.col("value")) != "").select(
        F.monotonically_increasing_id().alias("pos"),
        F.get_json_object("value", "$.document").alias("document"),
        "value",
    )
    documents = numbered.groupBy("document").agg(
        F.min("pos").alias("pos"),
        F.sort_array(F.collect_list(F.struct("pos", "value"))).alias("numbered"),
    )
    documents = documents.select("pos", F.col("numbered.value").alias("lines"))

    def run(rows: Iterable[Any]) -> Iterator[tuple[str | None, kutip.Audit]]:
        return lines_partition(rows, speaker)

    return _finish(documents.rdd.mapPartitions(run).reduceByKey(_merged), speaker)


def _pickle_by_value() -> None:
    """Neither this file nor spark_extract.py is importable on the workers: have Spark's
    cloudpickle send their functions by value. (Run as a script, this file is ``__main__``,
    which cloudpickle already sends by value.)"""
    try:
        from pyspark import cloudpickle
    except ImportError:
        return
    for module in (spark_extract, sys.modules[__name__]):
        if module.__name__ == "__main__":
            continue
        try:
            cloudpickle.register_pickle_by_value(module)
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="How it runs, what corpus order means here, and what is left out: the docstring at the top "
        "of examples/spark_audit.py.",
    )
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help="JSONL or Parquet corpus, a file or a directory")
    source.add_argument(
        "--from", dest="from_", metavar="QUOTES.jsonl", help="an earlier `kutip extract --format jsonl` output"
    )
    ap.add_argument("--output", help="file to write the JSON report to (default: standard output)")
    ap.add_argument("--speaker", metavar="NAME", help="also list every quote of this speaker")
    add_corpus_arguments(ap)
    ap.add_argument(
        "--split-mb",
        type=int,
        default=0,
        help="input split size in MB (0: Spark's default, 128 or less to give every core a split)",
    )
    args = ap.parse_args(argv)

    extractor = None
    if args.input is not None:
        try:
            extractor = extractor_from_args(args)
        except kutip.RuleError as e:
            print(e, file=sys.stderr)
            return 2

    spark = build_session(args.master, app="kutip-audit")
    try:
        if args.split_mb > 0:
            spark.conf.set("spark.sql.files.maxPartitionBytes", f"{args.split_mb}m")
        started = time.perf_counter()
        if args.input is not None:
            docs = read_corpus(spark, args.input, args.format, args.id_field, args.text_field)
            partitions = docs.rdd.getNumPartitions()
            audit = audit_corpus(docs, extractor, args.speaker, args.id_field, args.text_field, args.jobs_per_task)
        else:
            lines = spark.read.text(args.from_)
            partitions = lines.rdd.getNumPartitions()
            audit = audit_extracted(lines, args.speaker)
        report = audit.report_json()
        elapsed = time.perf_counter() - started
    finally:
        spark.stop()
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(report)
    else:
        sys.stdout.write(report)
        sys.stdout.flush()
    print(
        f"kutip: audited {audit.documents} documents, {audit.quotes} quotes, "
        f"{audit.speaker_keys} speaker keys from {partitions} input partitions in {elapsed:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
