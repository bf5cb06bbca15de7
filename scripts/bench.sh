#!/usr/bin/env bash
# End-to-end throughput of `kutip extract` on a generated JSONL news corpus.
#
#   scripts/bench.sh                 # 50 MB corpus, --jobs 1 and --jobs $(nproc)
#   KUTIP_BENCH_MB=200 scripts/bench.sh
#   KUTIP_BENCH_JOBS="1 2 4" scripts/bench.sh
#   KUTIP_BENCH_INPROCESS=1 scripts/bench.sh   # also run the in-process stage bench
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
if [[ "${KUTIP_BENCH_INPROCESS:-0}" == 1 ]]; then
    cargo bench --quiet --bench throughput
else
    cargo bench --quiet --bench throughput -- --corpus-only
fi

BYTES=$(stat -c %s "$CORPUS")
DOCS=$(wc -l < "$CORPUS")
echo "corpus: $CORPUS, $BYTES bytes, $DOCS documents"
echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src rules Cargo.toml 2>/dev/null || echo ' + uncommitted changes in src/ rules/')"

declare -a SUMMARY
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

echo
echo "== summary ($(echo "$BYTES / 1000000" | bc -l | xargs printf '%.1f') MB JSONL in, JSONL out to /dev/null; targets: >= 50 MB/s at jobs 1, near-linear, < 200 MB RSS)"
for l in "${SUMMARY[@]}"; do echo "  $l"; done
