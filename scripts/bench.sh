#!/usr/bin/env bash
# End-to-end throughput of `kutip extract` on a generated JSONL news corpus.
#
#   scripts/bench.sh                 # 50 MB corpus, --jobs 1 and --jobs $(nproc)
#   KUTIP_BENCH_MB=200 scripts/bench.sh
#   KUTIP_BENCH_JOBS="1 2 4" scripts/bench.sh
#   KUTIP_BENCH_INPROCESS=1 scripts/bench.sh   # also run the in-process stage bench
#   KUTIP_BENCH_REAL=1 scripts/bench.sh        # news as scraped: the eval sets' texts
#   KUTIP_BENCH_SHUFFLED=1 scripts/bench.sh    # text never met before: those texts, words swapped
#
# The generated corpus repeats a small vocabulary, so the regexes' lazy DFAs soon hold every
# state it needs. Real pages keep meeting new states, and building them is most of the cost.
# KUTIP_BENCH_REAL=1 measures that instead: target/real-corpus.jsonl holds every text of
# eval/*.gold.jsonl and ../shared/eval/*.gold.jsonl once (about 0.4 MB, the first-pass figure),
# then the same texts repeated to KUTIP_BENCH_MB (a lower bound on a real corpus's states).
# KUTIP_BENCH_SHUFFLED=1 is the other bound: target/shuffled-corpus.jsonl holds those texts with
# a quarter of their words swapped for words drawn from all of them (a fixed seed), so nearly
# every sentence is new and the automata keep building states up to their caches' caps.
#
# Steps: build release; make target/bench-corpus.jsonl with the throughput bench
# (`cargo bench --bench throughput -- --corpus-only`, regenerated only when missing or the
# wrong size); then for each job count run
#   /usr/bin/time -v target/release/kutip extract --input jsonl --format jsonl --jobs N --quiet \
#       target/bench-corpus.jsonl > /dev/null
# and print MB/s (corpus file bytes / wall seconds, MB = 10^6 bytes), CPU use and peak memory
# ("Maximum resident set size"). Targets (issue): >= 50 MB/s at --jobs 1, near-linear with
# cores, peak RSS under 200 MB.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${KUTIP_BENCH_CORPUS:-$ROOT/target/bench-corpus.jsonl}
export KUTIP_BENCH_CORPUS=$CORPUS
export KUTIP_BENCH_MB=${KUTIP_BENCH_MB:-50}
CORES=$(nproc)
JOBS=${KUTIP_BENCH_JOBS:-"1 $CORES"}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
KUTIP=$TARGET_DIR/release/kutip

if [[ ! -x /usr/bin/time ]]; then
    echo "bench.sh: /usr/bin/time (GNU time) is missing; install it with:" >&2
    echo "    sudo apt-get install -y time      # Debian/Ubuntu" >&2
    echo "    sudo dnf install -y time          # Fedora" >&2
    exit 2
fi

echo "== build (release)"
cargo build --release --quiet

echo "== corpus (${KUTIP_BENCH_MB} MB)"
CORPORA=("$CORPUS")
if [[ "${KUTIP_BENCH_REAL:-0}" == 1 ]]; then
    CORPUS=${KUTIP_BENCH_CORPUS_REAL:-$ROOT/target/real-corpus.jsonl}
    CORPORA=("$CORPUS.once" "$CORPUS")
    python3 - "$CORPUS" "$KUTIP_BENCH_MB" "$ROOT"/eval/*.gold.jsonl "$ROOT"/../shared/eval/*.gold.jsonl <<'PY'
import json, os, sys
out, mb, golds = sys.argv[1], int(sys.argv[2]), [g for g in sys.argv[3:] if os.path.exists(g)]
texts = [json.loads(line)["text"] for g in golds for line in open(g, encoding="utf-8") if line.strip()]
line = lambda i: json.dumps({"id": f"real-{i}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n"
with open(out + ".once", "w", encoding="utf-8") as f:
    f.writelines(line(i) for i in range(len(texts)))
with open(out, "w", encoding="utf-8") as f:
    size, i = 0, 0
    while size < mb * 1_000_000:
        f.write(line(i))
        size, i = size + len(texts[i % len(texts)].encode()), i + 1
print(f"real corpus: {len(texts)} distinct texts from {len(golds)} gold files: {out}.once, and {i} documents in {out}")
PY
elif [[ "${KUTIP_BENCH_SHUFFLED:-0}" == 1 ]]; then
    CORPUS=${KUTIP_BENCH_CORPUS_SHUFFLED:-$ROOT/target/shuffled-corpus.jsonl}
    CORPORA=("$CORPUS")
    python3 - "$CORPUS" "$KUTIP_BENCH_MB" "$ROOT"/eval/*.gold.jsonl "$ROOT"/../shared/eval/*.gold.jsonl <<'PY'
import json, os, random, re, sys
out, mb, golds = sys.argv[1], int(sys.argv[2]), sorted(g for g in sys.argv[3:] if os.path.exists(g))
texts = [json.loads(line)["text"] for g in golds for line in open(g, encoding="utf-8") if line.strip()]
words = [w for t in texts for w in t.split()]
rng = random.Random(11)
with open(out, "w", encoding="utf-8") as f:
    size, i = 0, 0
    while size < mb * 1_000_000:
        text = "".join(rng.choice(words) if w.strip() and rng.random() < 0.25 else w
                       for w in re.split(r"(\s+)", rng.choice(texts)))
        f.write(json.dumps({"id": f"shuffled-{i}", "text": text}, ensure_ascii=False) + "\n")
        size, i = size + len(text.encode()), i + 1
print(f"shuffled corpus: {i} documents from {len(texts)} texts of {len(golds)} gold files: {out}")
PY
elif [[ "${KUTIP_BENCH_INPROCESS:-0}" == 1 ]]; then
    cargo bench --quiet --bench throughput
else
    cargo bench --quiet --bench throughput -- --corpus-only
fi

echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src rules Cargo.toml 2>/dev/null || echo ' + uncommitted changes in src/ rules/')"

declare -a SUMMARY
for CORPUS in "${CORPORA[@]}"; do
    BYTES=$(stat -c %s "$CORPUS")
    DOCS=$(wc -l < "$CORPUS")
    echo
    echo "== corpus: $CORPUS, $BYTES bytes, $DOCS documents"
    SUMMARY+=("$(basename "$CORPUS"):")
    base_mbs=""
    for j in $JOBS; do
        echo
        echo "== kutip extract --input jsonl --format jsonl --jobs $j --quiet $(basename "$CORPUS") > /dev/null"
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        echo "  load average before the run: $load (other work on the machine skews wall time; see cpu/user)"
        log=$(mktemp)
        start=$(date +%s.%N)
        status=0
        /usr/bin/time -v -o "$log" "$KUTIP" extract --input jsonl --format jsonl --jobs "$j" --quiet "$CORPUS" > /dev/null || status=$?
        end=$(date +%s.%N)
        if [[ $status -ne 0 ]]; then
            echo "kutip exited with status $status" >&2
            cat "$log" >&2
            rm -f "$log"
            exit 1
        fi
        wall=$(echo "$end - $start" | bc -l)
        rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
        user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$log")
        sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$log")
        cpu=$(awk -F': ' '/Percent of CPU this job got/ {print $2}' "$log")
        grep -E "Elapsed \(wall clock\)|User time|System time|Percent of CPU|Maximum resident set size" "$log" | sed 's/^\t*/  /'
        rm -f "$log"
        mbs=$(echo "$BYTES / 1000000 / $wall" | bc -l)
        rss_mb=$(echo "$rss_kb / 1024" | bc -l)
        if [[ -z "$base_mbs" ]]; then base_mbs=$mbs; fi
        speedup=$(echo "$mbs / $base_mbs" | bc -l)
        # MB per CPU-second: what one core does, whatever else the machine is running.
        per_cpu=$(echo "$BYTES / 1000000 / ($user + $sys)" | bc -l)
        line=$(printf "jobs %-3s %8.2f MB/s  wall %8.2f s  user %8.2f s  sys %6.2f s  cpu %5s  %6.2f MB/cpu-s  peak RSS %7.1f MB  x%.2f vs first" \
            "$j" "$mbs" "$wall" "$user" "$sys" "$cpu" "$per_cpu" "$rss_mb" "$speedup")
        echo "  => $line"
        SUMMARY+=("$line")
    done
done

echo
echo "== summary (JSONL in, JSONL out to /dev/null; targets: >= 50 MB/s at jobs 1, near-linear, < 200 MB RSS)"
for l in "${SUMMARY[@]}"; do echo "  $l"; done
