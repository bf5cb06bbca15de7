#!/usr/bin/env bash
# CI for the HTML audit report in a real browser: Debian's chromium, headless, driven by the
# npm package playwright-core (tests/browser/), which never downloads a browser of its own.
#
#   scripts/ci-browser.sh                      # everything
#   KUTIP_BIN=path/to/kutip scripts/ci-browser.sh
#   scripts/ci-browser.sh --test-name-pattern=sort   # extra arguments go to `node --test`
#
# Steps, each timed:
#   1. chromium: /usr/bin/chromium, else `apt-get install --no-install-recommends chromium`
#      (needs root; about 25 packages). CHROMIUM=path uses another build.
#   2. node >= 20 and `npm ci` in tests/browser (playwright-core, pinned by package-lock.json)
#   3. the release CLI: `cargo build --release` (a no-op when up to date), unless KUTIP_BIN
#   4. the corpus, in target/browser/corpus: tests/fixtures/seeds, tests/fixtures/audit and a
#      document of injected markup (script, img onerror, svg onload, iframe; inside quotes and
#      outside, and in a file name), then `kutip audit --format json` and `--format html`
#   5. `node --test tests/browser/audit.test.mjs`: counts against the JSON, the injection,
#      filtering by speaker, sorting, no horizontal overflow at 390px and 1366px
# The closing line is `browser: N passed, N failed`. Exit status: non-zero on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR=$ROOT/$CARGO_TARGET_DIR ;; esac
OUT=${KUTIP_BROWSER_OUT:-$CARGO_TARGET_DIR/browser}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# playwright-core has no install step that downloads browsers; this makes sure of it.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
START=$SECONDS

step() {
    echo
    echo "== [$((SECONDS - START))s] $*"
}

fail() {
    echo "ci-browser: $*" >&2
    echo "browser: 0 passed, 1 failed"
    exit 1
}

step "chromium"
if [[ ! -x "$CHROMIUM" ]]; then
    [[ "$CHROMIUM" == /usr/bin/chromium ]] || fail "CHROMIUM=$CHROMIUM is not an executable"
    command -v apt-get >/dev/null 2>&1 || fail "chromium is missing and there is no apt-get to install it"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || fail "installing chromium needs root (or sudo)"
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    t0=$SECONDS
    "${SUDO[@]}" apt-get update -qq || fail "apt-get update failed"
    # Recommends would add ~100 packages (systemd, perl, cups helpers) that a headless run never uses.
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null || fail "apt-get install chromium failed"
    echo "installed chromium in $((SECONDS - t0))s"
fi
"$CHROMIUM" --version 2>/dev/null || fail "$CHROMIUM does not run"

step "node and playwright-core (tests/browser)"
command -v node >/dev/null 2>&1 || fail "needs Node.js 20 or later (apt-get install nodejs npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' \
    || fail "needs Node.js 20 or later; node is $(node --version)"
command -v npm >/dev/null 2>&1 || fail "needs npm (apt-get install npm)"
node --version
(
    cd tests/browser
    want=$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')
    have=$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')
    if [[ "$have" != "$want" ]]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
    echo "playwright-core $want"
) || fail "npm ci in tests/browser failed"

step "release CLI"
if [[ -n "${KUTIP_BIN:-}" ]]; then
    [[ -x "$KUTIP_BIN" ]] || fail "KUTIP_BIN=$KUTIP_BIN is not an executable"
    echo "using KUTIP_BIN=$KUTIP_BIN"
else
    command -v cargo >/dev/null 2>&1 || fail "needs a Rust toolchain (cargo), or KUTIP_BIN"
    cargo build --release --quiet || fail "cargo build --release failed"
    KUTIP_BIN=$CARGO_TARGET_DIR/release/kutip
fi

step "corpus and reports in $OUT"
rm -rf "$OUT/corpus"
mkdir -p "$OUT/corpus"
cp tests/fixtures/seeds/*.txt tests/fixtures/audit/*.txt "$OUT/corpus/"
# Markup in the input, inside quotes and outside. None of it may run: the test checks that
# window.__pwned stays undefined and that no dialog opens.
cat >"$OUT/corpus/90-injection.txt" <<'EOF'
JAKARTA <script>window.__pwned=1</script> - Kepala Desa Budi Santoso berbicara di balai desa, Senin (3/6).

"<img src=x onerror=window.__pwned=2> Warga desa menolak rencana itu," kata Budi Santoso.

"Kami tidak akan <script>window.__pwned=3;alert(3)</script> mundur dari rencana ini," kata Budi Santoso kepada wartawan.

Menteri Dalam Negeri Siti Rahma mengatakan, "<svg onload=window.__pwned=4>pembangunan jalan dimulai tahun depan</svg>".

"Semua pihak harus bekerja sama <iframe srcdoc='<script>parent.__pwned=5</script>'></iframe>," ujar Siti Rahma.

<b onmouseover="window.__pwned=6">Catatan redaksi</b> ' " & </textarea></title><!-- --> ]]> </script>
EOF
# A file name is shown as each document's heading.
printf '"Kami menolak," kata Budi Santoso.\n' >"$OUT/corpus/91-<img src=x onerror=alert(7)>.txt"
"$KUTIP_BIN" audit --quiet --format json "$OUT/corpus" >"$OUT/audit.json" || fail "kutip audit --format json failed"
"$KUTIP_BIN" audit --quiet --format html "$OUT/corpus" >"$OUT/audit.html" || fail "kutip audit --format html failed"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e 'const t = require(process.argv[1]).totals; console.log(`${t.documents} documents, ${t.quotes} quotes, ${t.speakers} speakers`)' \
    "$OUT/audit.json"
ls -l "$OUT/audit.json" "$OUT/audit.html"

step "node --test tests/browser/audit.test.mjs"
rm -f "$OUT/summary.txt"
set +e
(
    cd tests/browser
    KUTIP_AUDIT_HTML=$OUT/audit.html KUTIP_AUDIT_JSON=$OUT/audit.json \
        node --test \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=./summary-reporter.mjs --test-reporter-destination="$OUT/summary.txt" \
        "$@" audit.test.mjs
)
status=$?
set -e
step "done: exit $status in $((SECONDS - START))s"
# The closing line: the summary reporter's count; a failure that no test counted (node could
# not start, the test file did not load) counts as one failed test.
summary=$(grep -hE '^browser: ' "$OUT/summary.txt" 2>/dev/null | tail -1 || true)
passed=$(sed -nE 's/^browser: ([0-9]+) passed.*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$summary")
passed=${passed:-0} failed=${failed:-0}
if [[ $status -eq 0 && $passed -eq 0 ]]; then
    echo "ci-browser: no test ran" >&2
    status=1
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
    failed=1
    summary="browser: $passed passed, $failed failed"
fi
[[ -n "$summary" ]] || summary="browser: $passed passed, $failed failed"
echo "$summary"
exit $status
