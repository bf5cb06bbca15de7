#!/usr/bin/env bash
# Screenshots of the HTML audit report of the bundled seeds, for a person to look at:
#
#   scripts/audit-screenshot.sh [OUT_DIR]      # default: target/
#
# writes OUT_DIR/audit-report.html and, with Debian's headless chromium (`--screenshot`),
#   OUT_DIR/audit-report.png        a 1366px-wide laptop window
#   OUT_DIR/audit-report-phone.png  a 390px-wide phone, at 2x
# Environment: KUTIP_BIN (default: `cargo build --release`), CHROMIUM (default
# /usr/bin/chromium; installed with apt-get when missing and running as root), HEIGHT and
# PHONE_HEIGHT (CSS pixels captured, default 1400 and 1800).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR=$ROOT/$CARGO_TARGET_DIR ;; esac
OUT_DIR=${1:-$CARGO_TARGET_DIR}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [[ ! -x "$CHROMIUM" ]]; then
    if [[ "$CHROMIUM" == /usr/bin/chromium && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "audit-screenshot: $CHROMIUM is missing; install it with: apt-get install chromium" >&2
        exit 1
    fi
fi

if [[ -z "${KUTIP_BIN:-}" ]]; then
    cargo build --release --quiet
    KUTIP_BIN=$CARGO_TARGET_DIR/release/kutip
fi

"$KUTIP_BIN" audit --quiet --format html tests/fixtures/seeds >"$OUT_DIR/audit-report.html"

PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT

# shot FILE WIDTH HEIGHT SCALE
shot() {
    rm -f "$1"
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --hide-scrollbars --force-device-scale-factor="$4" \
        --window-size="$2,$3" --screenshot="$1" "file://$OUT_DIR/audit-report.html" \
        >/dev/null 2>&1 || true
    if [[ ! -s "$1" ]]; then
        echo "audit-screenshot: chromium wrote no $1" >&2
        exit 1
    fi
    echo "$1 (${2}x${3} CSS px at ${4}x)"
}

shot "$OUT_DIR/audit-report.png" 1366 "${HEIGHT:-1400}" 1
shot "$OUT_DIR/audit-report-phone.png" 390 "${PHONE_HEIGHT:-1800}" 2
