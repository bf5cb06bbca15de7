"""Rule files that do not load raise kutip.RuleError with the CLI's own diagnostics text."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import kutip
import pytest
from conftest import ROOT

SUMMARY = "kutip: {n} error(s) in rule files; fix them or run without --rules"
BAD_RULE_FILES = sorted((ROOT / "tests" / "fixtures").rglob("bad-rules/*.toml"))


def cli_diagnostics(run_cli, *rule_args: str) -> tuple[str, int]:
    """The CLI's diagnostics for these --rules arguments (its stderr less the summary line)."""
    proc = run_cli("extract", "--format", "json", *rule_args, "tests/fixtures/id/01-quote-cue-speaker.txt")
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == b""
    lines = proc.stderr.decode().rstrip("\n").split("\n")
    summary = lines.pop()
    n = int(summary.split()[1])
    assert summary == SUMMARY.format(n=n)
    return "\n".join(lines), n


def assert_same_error(run_cli, rules: list[str], default_rules: bool = True) -> kutip.RuleError:
    args = [a for r in rules for a in ("--rules", r)] + ([] if default_rules else ["--no-default-rules"])
    expected, n = cli_diagnostics(run_cli, *args)
    with pytest.raises(kutip.RuleError) as info:
        kutip.Extractor(rules=rules, default_rules=default_rules)
    assert str(info.value) == expected
    assert len(info.value.diagnostics) == n
    assert "\n".join(d["text"] for d in info.value.diagnostics) == expected
    return info.value


def test_malformed_rule_dir(tmp_path, run_cli):
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "a.toml").write_text(
        '[[rule]]\nid = "id/mine"\nlanguage = "id"\nkind = "direct"\n'
        "template = '{quote}\\s*,?\\s*{cue:id/no-such-lexicon}\\s+{speaker:id/speaker}'\n",
        encoding="utf-8",
    )
    (rules / "nested").mkdir()
    (rules / "nested" / "b.toml").write_text('[[rule]]\nid = "id/broken\nlanguage = "id"\n', encoding="utf-8")
    err = assert_same_error(run_cli, [str(rules)])
    text = str(err)
    assert "error[K" in text and "^" in text, text
    codes = {d["code"] for d in err.diagnostics}
    assert all(c.startswith("K2") for c in codes), codes
    for d in err.diagnostics:
        assert d["path"].startswith(str(rules))
        assert d["line"] is None or d["line"] >= 1


def test_missing_and_empty_rule_dirs(tmp_path, run_cli):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_same_error(run_cli, [str(empty)])
    assert_same_error(run_cli, [str(tmp_path / "does-not-exist")])
    assert_same_error(run_cli, [str(empty), str(tmp_path / "does-not-exist")], default_rules=False)


@pytest.mark.skipif(not BAD_RULE_FILES, reason="no tests/fixtures/**/bad-rules/*.toml")
@pytest.mark.parametrize("path", BAD_RULE_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_each_bad_rule_file(path: Path, tmp_path, run_cli):
    d = tmp_path / "rules"
    d.mkdir()
    shutil.copy(path, d / path.name)
    assert_same_error(run_cli, [str(d)])
    # A single file works as a rules path too.
    assert_same_error(run_cli, [str(path)])


def test_rule_error_is_an_exception_that_pickles(tmp_path):
    with pytest.raises(kutip.RuleError) as info:
        kutip.Extractor(rules=[tmp_path / "nothing"])
    err = info.value
    assert isinstance(err, Exception)
    assert type(err).__module__ == "kutip" and type(err).__name__ == "RuleError"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is kutip.RuleError and str(again) == str(err)


def test_good_user_rules_load(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "id", d)
    ex = kutip.Extractor(rules=[d])
    assert ex.rules == (str(d),)
    assert ex.rule_count == kutip.Extractor().rule_count
