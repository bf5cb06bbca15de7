#!/usr/bin/env python3
"""Extract quotes from a news corpus with PySpark and kutip; write one Parquet row per quote.

    python examples/spark_extract.py --input corpus.jsonl --output quotes.parquet
    python examples/spark_extract.py --input corpus.parquet --output quotes.parquet \\
        --id-field doc_id --text-field body --rules my-rules/ --lang id

Input: JSONL (one JSON object per line, as ``kutip extract --input jsonl`` reads) or Parquet,
chosen by ``--format`` or the input's extension (a directory of part files works for both).
Each record needs a text field (default ``text``) and an id field (default ``id``; a string,
or an integer written as a string, as the CLI does); records whose text is null are skipped.

Output: Parquet with the columns of :data:`kutip.RECORD_COLUMNS` (document, kind, text,
speaker_name, speaker_mention, speaker_title, speaker_resolution, cue, source, start, end,
char_start, char_end, rule, language, paragraph): the same rows as ``kutip extract --input
jsonl --format jsonl`` flattened with ``kutip.to_records``.

How it runs: the driver builds one ``kutip.Extractor`` (so a broken rule file fails here, with
the CLI's diagnostics, before any task starts). Spark pickles it into the task closure as its
configuration only (rule paths, lang, default_rules) and every task unpickles it, compiling the
rules once: one Extractor per partition. Rule paths must exist on every executor (on a
cluster, use a shared file system, or ship the files with ``--files`` and adjust the paths).
Inside a partition, documents go through ``Extractor.extract_many`` in batches with the GIL
released; ``--jobs-per-task`` threads each (default 1: Spark already runs one task per core).
``--arrow`` uses ``mapInArrow`` (Arrow batches, one Extractor per partition all the same)
instead of ``rdd.mapPartitions`` over Rows: the same output, less JVM/Python conversion.

Use as a library: :func:`extract_quotes` takes and returns DataFrames.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import kutip

#: Spark schema of the output, in kutip.RECORD_COLUMNS order.
INT_COLUMNS = {"start", "end", "char_start", "char_end", "paragraph"}
NULLABLE = {"speaker_name", "speaker_mention", "speaker_title", "speaker_resolution", "cue", "source"}


def output_schema():
    """The output's StructType: strings, and longs for offsets and the paragraph index."""
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType(
        [
            StructField(c, LongType() if c in INT_COLUMNS else StringType(), nullable=c in NULLABLE)
            for c in kutip.RECORD_COLUMNS
        ]
    )


def _document_name(value: Any) -> str:
    """A document id as the CLI names it: a string as is, an integer in decimal."""
    if value is None:
        raise ValueError("a document has no id (every record needs one; choose it with --id-field)")
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"document ids must be strings or integers, not {type(value).__name__}: {value!r}")


def extract_partition(
    rows: Iterable[Any], extractor: kutip.Extractor, id_field: str, text_field: str, jobs: int
) -> Iterator[tuple]:
    """One partition: rows with ``id_field`` and ``text_field`` in, one tuple per quote out."""
    pairs = ((_document_name(r[id_field]), r[text_field]) for r in rows if r[text_field] is not None)
    columns = kutip.RECORD_COLUMNS
    for record in kutip.iter_records(extractor.extract_many(pairs, jobs=jobs)):
        yield tuple(record[c] for c in columns)


def arrow_partition(
    batches: Iterable[Any], extractor: kutip.Extractor, id_field: str, text_field: str, jobs: int
) -> Iterator[Any]:
    """One partition as Arrow record batches (``mapInArrow``): documents in, quotes out."""
    import pyarrow as pa

    schema = pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in kutip.RECORD_COLUMNS])
    for batch in batches:
        ids = batch.column(id_field).to_pylist()
        texts = batch.column(text_field).to_pylist()
        pairs = [(_document_name(i), t) for i, t in zip(ids, texts) if t is not None]
        rows = list(kutip.iter_records(extractor.extract_many(pairs, jobs=jobs)))
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def extract_quotes(
    documents,
    extractor: kutip.Extractor | None = None,
    id_field: str = "id",
    text_field: str = "text",
    jobs_per_task: int = 1,
    arrow: bool = False,
):
    """A DataFrame of documents in, a DataFrame of quotes (kutip.RECORD_COLUMNS) out.

    By default the documents go through ``rdd.mapPartitions`` as Rows; with ``arrow`` through
    ``DataFrame.mapInArrow`` (Spark >= 3.3 and pyarrow): the same rows, with less conversion
    work between the JVM and Python.
    """
    extractor = extractor if extractor is not None else kutip.Extractor()
    missing = [f for f in (id_field, text_field) if f not in documents.columns]
    if missing:
        raise ValueError(f"the input has no column(s) {missing}; it has {documents.columns}")
    selected = documents.select(id_field, text_field)
    if arrow:
        _pickle_this_module_by_value()

        def run_arrow(batches: Iterable[Any]) -> Iterator[Any]:
            return arrow_partition(batches, extractor, id_field, text_field, jobs_per_task)

        return selected.mapInArrow(run_arrow, output_schema())

    _pickle_this_module_by_value()

    def run(rows: Iterable[Any]) -> Iterator[tuple]:
        # `extractor` travels pickled in this closure and is rebuilt once per task.
        return extract_partition(rows, extractor, id_field, text_field, jobs_per_task)

    quotes = selected.rdd.mapPartitions(run)
    return documents.sparkSession.createDataFrame(quotes, schema=output_schema())


def _pickle_this_module_by_value() -> None:
    """Imported as a module (not run as a script), this file is not importable on the workers:
    have Spark's cloudpickle send its functions by value instead of by reference."""
    if __name__ == "__main__":
        return
    try:
        from pyspark import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    except (ImportError, AttributeError, ValueError):
        pass


def read_corpus(spark, path: str, fmt: str, id_field: str = "id", text_field: str = "text"):
    """The input DataFrame: JSONL or Parquet.

    JSONL is read with a fixed schema of the two fields as strings (no inference pass over
    the corpus; a numeric id reads as its decimal text, as the CLI names it). A line that is
    not JSON reads as nulls and is skipped, where the CLI reports it.
    """
    if fmt == "auto":
        name = path.rstrip("/").lower()
        fmt = "parquet" if name.endswith((".parquet", ".pq")) else "jsonl"
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt == "jsonl":
        ident = {f: "`" + f.replace("`", "``") + "`" for f in (id_field, text_field)}
        return spark.read.schema(f"{ident[id_field]} STRING, {ident[text_field]} STRING").json(path)
    raise ValueError(f"unknown input format {fmt!r}")


def build_session(master: str, app: str = "kutip-extract"):
    """A SparkSession; in local mode it binds to loopback only and shows no UI."""
    from pyspark.sql import SparkSession

    # Python workers must be this interpreter (the one with kutip installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).master(master)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
        )
    return builder.getOrCreate()


def add_corpus_arguments(ap: argparse.ArgumentParser) -> None:
    """The options both Spark examples share: input columns, rules, language, master, threads."""
    ap.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto", help="input format")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--rules", action="append", default=[], metavar="DIR", help="rule directory (repeatable)")
    ap.add_argument("--no-default-rules", action="store_true")
    ap.add_argument("--lang", choices=["auto", "id", "en"], default="auto")
    ap.add_argument("--master", default=os.environ.get("KUTIP_SPARK_MASTER", "local[*]"))
    ap.add_argument("--jobs-per-task", type=int, default=1, help="kutip threads inside each Spark task")


def extractor_from_args(args: argparse.Namespace) -> kutip.Extractor:
    """The Extractor the options of :func:`add_corpus_arguments` ask for (raises kutip.RuleError)."""
    return kutip.Extractor(rules=args.rules, lang=args.lang, default_rules=not args.no_default_rules)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL or Parquet file or directory")
    ap.add_argument("--output", required=True, help="Parquet directory to write (overwritten)")
    add_corpus_arguments(ap)
    ap.add_argument("--partitions", type=int, default=0, help="repartition the input to N (0: keep)")
    ap.add_argument("--arrow", action="store_true", help="mapInArrow instead of rdd.mapPartitions")
    args = ap.parse_args(argv)

    try:
        extractor = extractor_from_args(args)
    except kutip.RuleError as e:
        print(e, file=sys.stderr)
        return 2

    spark = build_session(args.master)
    try:
        started = time.perf_counter()
        docs = read_corpus(spark, args.input, args.format, args.id_field, args.text_field)
        if args.partitions > 0:
            docs = docs.repartition(args.partitions)
        quotes = extract_quotes(docs, extractor, args.id_field, args.text_field, args.jobs_per_task, args.arrow)
        quotes.write.mode("overwrite").parquet(args.output)
        elapsed = time.perf_counter() - started
        written = spark.read.parquet(args.output).count()
        print(f"kutip: wrote {written} quotes to {args.output} in {elapsed:.1f}s", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
