#!/usr/bin/env python3
"""Throughput of the Python API and of Spark local mode, next to the CLI, on one corpus.

    python python/bench.py                       # 24,000 documents, every measurement
    python python/bench.py --docs 50000 --skip-spark
    KUTIP_BIN=target/release/kutip python python/bench.py

The corpus is python/tests/corpus.py's (documents of 1-6 fixture paragraphs, the one the
Spark test uses), written as JSONL to --workdir. MB/s is the UTF-8 bytes of the documents'
texts (not of the JSONL file, which is larger by its JSON escapes and ids) over wall seconds,
MB = 10^6 bytes. Measured, each with the best of --repeat runs:

* cli: ``kutip extract --input jsonl --format jsonl --quiet --jobs N FILE > /dev/null``
* extract_many: ``Extractor().extract_many(pairs, jobs=N)`` in this process, each result
  counted and dropped (the Extractor built and warmed first: a pool per jobs value is made on
  first use); and a loop of ``extract()`` calls
* spark: ``examples/spark_extract.py --input FILE --master local[N]`` (then with ``--arrow``:
  mapInArrow instead of rdd.mapPartitions), the job's own time
  (read, extract, write Parquet; printed by the example), and the process wall time with the
  JVM's start.

CPU seconds (this process and its children, from getrusage) are printed too: MB per
CPU-second stays meaningful when other work shares the machine, wall-clock MB/s does not
(the load average before and after is printed). No CPU figure for Spark: its JVM and Python
workers are not processes this one reaps.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This directory holds the kutip *source* package (no compiled module): import the installed one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE / "tests"))

import kutip
from corpus import make_corpus, write_jsonl


def default_cli() -> Path:
    if os.environ.get("KUTIP_BIN"):
        return Path(os.environ["KUTIP_BIN"])
    return Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target") / "release" / "kutip"


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(runs: int, fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the fastest of `runs` calls."""
    times = []
    for _ in range(runs):
        cpu = cpu_seconds()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start, cpu_seconds() - cpu))
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description="kutip Python/Spark throughput")
    ap.add_argument("--docs", type=int, default=24_000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated thread/core counts")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workdir", default=None, help="where the corpus and outputs go (default: a temp dir)")
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--skip-cli", action="store_true")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]

    work = Path(args.workdir or tempfile.mkdtemp(prefix="kutip-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    docs = make_corpus(args.docs)
    corpus = work / "corpus.jsonl"
    file_mb = write_jsonl(docs, corpus) / 1e6
    mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {mb:.2f} MB of text ({file_mb:.2f} MB JSONL) at {corpus}")
    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")
    results: list[tuple[str, float, float | None]] = []

    cli = default_cli()
    if not args.skip_cli and cli.is_file():
        for n in jobs:
            cmd = [
                str(cli),
                "extract",
                "--input",
                "jsonl",
                "--format",
                "jsonl",
                "--quiet",
                "--jobs",
                str(n),
                str(corpus),
            ]
            secs, cpu = best(args.repeat, lambda cmd=cmd: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True))
            results.append((f"cli --jobs {n}", secs, cpu))
    elif not args.skip_cli:
        print(f"(no CLI at {cli}: skipped)")

    # Results are consumed as a stream (counted, then dropped), as the CLI writes them out:
    # holding hundreds of thousands of result dicts in a list makes Python's cyclic garbage
    # collector rescan them again and again, which costs more than the extraction.
    # The corpus itself (hundreds of thousands of tuples) would be rescanned by every full
    # collection too; the CLI streams it from disk. Freeze it out of the collector's sight.
    gc.collect()
    gc.freeze()
    ex = kutip.Extractor()
    for n in jobs:
        sum(len(d["quotes"]) for d in ex.extract_many(docs[:500], jobs=n))
        secs, cpu = best(args.repeat, lambda n=n: sum(len(d["quotes"]) for d in ex.extract_many(docs, jobs=n)))
        results.append((f"extract_many jobs={n}", secs, cpu))
    secs, cpu = best(1, lambda: sum(len(ex.extract(t, d)["quotes"]) for d, t in docs))
    results.append(("extract() loop", secs, cpu))

    if not args.skip_spark:
        for n, arrow in [(n, a) for a in (False, True) for n in jobs]:
            out = work / f"quotes-{n}.parquet"
            api = " mapInArrow" if arrow else ""
            cmd = [
                sys.executable,
                str(ROOT / "examples" / "spark_extract.py"),
                "--input",
                str(corpus),
                "--output",
                str(out),
                "--master",
                f"local[{n}]",
                *(["--arrow"] if arrow else []),
            ]
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - start
            found = re.search(r"in ([\d.]+)s", proc.stderr)
            if proc.returncode != 0 or not found:
                print(f"spark local[{n}]{api} failed:\n{proc.stderr[-3000:]}")
                continue
            results.append((f"spark local[{n}]{api} job", float(found.group(1)), None))
            # (no CPU figure: the JVM and its Python workers are not children this process reaps)
            results.append((f"spark local[{n}]{api} process (with JVM start)", wall, None))

    print(f"load average after: {os.getloadavg()}")
    width = max(len(name) for name, _, _ in results)
    print(f"{'':<{width}}  {'wall':>9}  {'MB/s':>6}  {'CPU':>9}  {'MB/CPU-s':>8}")
    for name, secs, cpu in results:
        cpu_cols = f"{cpu:7.2f} s  {mb / cpu:8.2f}" if cpu else f"{'-':>9}  {'-':>8}"
        print(f"{name:<{width}}  {secs:7.2f} s  {mb / secs:6.2f}  {cpu_cols}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
