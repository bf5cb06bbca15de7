"""Shared fixtures of the Python tests: the repository, the release CLI to compare against, and
one compiled Extractor.

The CLI is ``$KUTIP_BIN`` when set, else ``target/release/kutip`` under ``$CARGO_TARGET_DIR`` (or
the repository's ``target/``). scripts/ci-python.sh builds it; by hand: ``cargo build --release``.
It must be built from the same sources as the installed extension, or the comparisons fail.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import kutip
import pytest
from corpus import cli_readable

ROOT = Path(__file__).resolve().parents[2]


def cli_path() -> Path:
    """Where the release CLI is expected (see the module docstring)."""
    if os.environ.get("KUTIP_BIN"):
        return Path(os.environ["KUTIP_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    if not target.is_absolute():
        target = ROOT / target
    return target / "release" / "kutip"


def fixture_files(readable_only: bool = True) -> list[str]:
    """Every tests/fixtures/**/*.txt, as paths relative to the repository (sorted); without the
    files the CLI refuses as documents (empty, binary, not UTF-8: see corpus.cli_readable)
    unless `readable_only` is false."""
    paths = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "fixtures").rglob("*.txt"))
    return [p for p in paths if not readable_only or cli_readable((ROOT / p).read_bytes()) is not None]


def read_text(relpath: str) -> str:
    """A file's exact text: bytes decoded as UTF-8, no newline translation, BOM kept."""
    return (ROOT / relpath).read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def kutip_bin() -> Path:
    """The release CLI; a missing binary fails the test (it is never silently skipped)."""
    path = cli_path()
    if not path.is_file():
        pytest.fail(f"no kutip CLI at {path}: run `cargo build --release` (or set KUTIP_BIN)")
    return path


@pytest.fixture(scope="session")
def run_cli(kutip_bin: Path):
    """run_cli(*args, stdin=None) -> CompletedProcess, run from the repository root."""

    def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(kutip_bin), *args], cwd=ROOT, input=stdin, capture_output=True, timeout=600, check=False
        )

    return run


@pytest.fixture(scope="session")
def cli_json(run_cli):
    """cli_json(*args) -> the parsed `kutip extract --format json` array (exit 0 required)."""

    def run(*args: str) -> list[dict]:
        proc = run_cli("extract", "--format", "json", *args)
        assert proc.returncode == 0, proc.stderr.decode()
        return json.loads(proc.stdout)

    return run


@pytest.fixture(scope="session")
def extractor() -> kutip.Extractor:
    """One Extractor with the built-in rules, shared by the tests (it is thread-safe)."""
    return kutip.Extractor()
