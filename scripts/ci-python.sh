#!/usr/bin/env bash
# CI for the Python package (python/, pyproject.toml) and the Spark examples (examples/spark_*.py,
# tested by python/tests/test_spark*.py), on a fresh machine that has only a Rust toolchain,
# Python >= 3.11 with pip, and Java 17 (for Spark).
#
#   scripts/ci-python.sh                    # everything: venv, install, CLI, pytest + Spark
#   scripts/ci-python.sh -k parity          # extra arguments go to pytest
#   KUTIP_SPARK=0 scripts/ci-python.sh      # without pyspark and the Spark test (no Java needed)
#
# Steps, each timed:
#   1. a virtualenv ($KUTIP_VENV, default target/python-venv; `python3 -m venv`, reused if there)
#   2. pip install maturin pytest (and pyspark pandas pyarrow unless KUTIP_SPARK=0)
#   3. pip install .  (maturin builds the PyO3 extension in release mode, as a user's install)
#   4. cargo build --release: the CLI the tests compare against (a no-op when it is up to date;
#      skipped when KUTIP_BIN names a binary)
#   5. pytest python/tests with KUTIP_SPARK=1
# The Rust builds of steps 3 and 4 share one target directory ($CARGO_TARGET_DIR, default
# target/), so the CLI reuses the dependencies the extension compiled.
# Exit status: pytest's, except that 5 (no tests collected: the suite is missing or all
# deselected) is a failure too, unless KUTIP_PYTEST_ALLOW_EMPTY=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-python3}
VENV=${KUTIP_VENV:-$ROOT/target/python-venv}
export KUTIP_SPARK=${KUTIP_SPARK:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR=$ROOT/$CARGO_TARGET_DIR ;; esac
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
START=$SECONDS

step() {
    echo
    echo "== [$((SECONDS - START))s] $*"
}

fail() {
    echo "ci-python: $*" >&2
    exit 1
}

command -v cargo >/dev/null 2>&1 || fail "needs a Rust toolchain (cargo); install it with rustup"
command -v "$PYTHON" >/dev/null 2>&1 || fail "needs Python 3.11 or later ($PYTHON not found; set PYTHON)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "needs Python 3.11 or later; $PYTHON is $("$PYTHON" --version 2>&1)"
if [[ "$KUTIP_SPARK" == 1 ]]; then
    command -v java >/dev/null 2>&1 || fail "the Spark test needs Java 17 (java not found); or run with KUTIP_SPARK=0"
    java -version 2>&1 | head -1
fi

step "virtualenv $VENV"
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV" || fail "cannot create a venv (on Debian: apt-get install python3-venv)"
fi
PY=$VENV/bin/python
"$PY" --version

step "pip install test tools"
PACKAGES=(maturin pytest)
if [[ "$KUTIP_SPARK" == 1 ]]; then
    # pandas < 3: pyspark 4.x warns that it does not support pandas 3 yet.
    PACKAGES+=(pyspark "pandas<3" pyarrow)
fi
"$PY" -m pip install --quiet "${PACKAGES[@]}"
"$PY" -m pip list 2>/dev/null | grep -iE '^(maturin|pytest|pyspark|pandas|pyarrow) ' || true

step "pip install .  (builds the extension; CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
"$PY" -m pip install --force-reinstall --no-deps .
"$PY" -c 'import kutip; print("kutip", kutip.__version__, "from", kutip.__file__)'

step "release CLI"
if [[ -n "${KUTIP_BIN:-}" ]]; then
    [[ -x "$KUTIP_BIN" ]] || fail "KUTIP_BIN=$KUTIP_BIN is not an executable"
    echo "using KUTIP_BIN=$KUTIP_BIN"
else
    cargo build --release
    export KUTIP_BIN=$CARGO_TARGET_DIR/release/kutip
fi

step "pytest python/tests (KUTIP_SPARK=$KUTIP_SPARK)"
set +e
"$PY" -m pytest python/tests -ra "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
    if [[ "${KUTIP_PYTEST_ALLOW_EMPTY:-0}" == 1 ]]; then
        echo "ci-python: pytest collected no tests (allowed by KUTIP_PYTEST_ALLOW_EMPTY=1)"
        status=0
    else
        echo "ci-python: pytest collected no tests; python/tests is missing or everything was deselected" >&2
        status=1
    fi
fi
step "done: exit $status in $((SECONDS - START))s"
exit $status
