//! The tutorial in docs/rules.md, run step by step so the guide cannot rot: each
//! `<!-- file: PATH -->` block is written, each `<!-- run -->` block's command is run with the
//! kutip binary and its output compared (`…` in an expected line matches any text;
//! `<!-- run: contains -->` only requires the shown lines, in order).

mod common;

use std::path::Path;
use std::process::Command;

/// Splits a command line on spaces, keeping "double-quoted arguments" whole.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn line_matches(expected: &str, got: &str) -> bool {
    let parts: Vec<&str> = expected.split('…').collect();
    if parts.len() == 1 {
        return expected == got;
    }
    let mut rest = got;
    for (i, part) in parts.iter().enumerate() {
        match rest.find(part) {
            Some(p) if i > 0 || p == 0 => rest = &rest[p + part.len()..],
            _ => return false,
        }
    }
    parts.last().is_none_or(|last| last.is_empty() || got.ends_with(last))
}

#[test]
fn the_tutorial_runs_as_written() {
    let root = common::root();
    let doc = std::fs::read_to_string(root.join("docs/rules.md")).unwrap_or_else(|e| panic!("{e}"));
    let tutorial = doc.split("## Tutorial").nth(1).unwrap_or_else(|| panic!("docs/rules.md has no tutorial"));
    let work = std::env::temp_dir().join(format!("kutip-tutorial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(root.join("docs/tutorial")).into_iter().flatten().flatten() {
        std::fs::copy(entry.path(), work.join(entry.file_name())).unwrap_or_else(|e| panic!("{e}"));
    }

    let mut steps = 0;
    let mut pending: Option<String> = None;
    let mut lines = tutorial.lines();
    while let Some(line) = lines.next() {
        if let Some(marker) = line.strip_prefix("<!-- ").and_then(|l| l.strip_suffix(" -->")) {
            pending = Some(marker.to_string());
            continue;
        }
        if !line.starts_with("```") || line.trim() == "```" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let Some(marker) = pending.take() else { continue };
        steps += 1;
        if let Some(path) = marker.strip_prefix("file: ") {
            let target = work.join(path);
            std::fs::create_dir_all(target.parent().unwrap_or(Path::new("."))).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&target, block.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        let command =
            block.first().and_then(|l| l.strip_prefix("$ kutip ")).unwrap_or_else(|| panic!("bad block {block:?}"));
        let out = Command::new(env!("CARGO_BIN_EXE_kutip"))
            .args(words(command))
            .current_dir(&work)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let got: Vec<&str> = stdout.lines().collect();
        let expected = &block[1..];
        let ok = if marker == "run: contains" {
            let mut at = 0;
            expected.iter().all(|e| match got[at..].iter().position(|g| line_matches(e, g)) {
                Some(p) => {
                    at += p + 1;
                    true
                }
                None => false,
            })
        } else {
            got.len() == expected.len() && expected.iter().zip(&got).all(|(e, g)| line_matches(e, g))
        };
        assert!(
            ok,
            "tutorial step `kutip {command}`\nexpected:\n{}\ngot:\n{stdout}\nstderr:\n{}",
            expected.join("\n"),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(steps >= 9, "only {steps} tutorial steps found");
}
