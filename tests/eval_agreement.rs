//! `kutip eval` must agree with the shared scorer (`../shared/eval/score.py`) to three
//! decimals on the dev sets. Skipped, with a note, where the shared directory or python3 is
//! not there.

mod common;

use std::process::Command;

use kutip::eval::{self, Predicted};

#[test]
fn eval_agrees_with_the_shared_scorer() {
    let shared = common::root().join("../shared/eval");
    let scorer = shared.join("score.py");
    if !scorer.exists() || Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: {} or python3 not found", scorer.display());
        return;
    }
    let mut golds: Vec<_> = std::fs::read_dir(&shared)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.jsonl"))
        .collect();
    golds.sort();
    assert!(!golds.is_empty());
    for gold_path in golds {
        let gold = kutip::cli::eval::load_gold(&gold_path).unwrap_or_else(|e| panic!("{e}"));
        let predicted: Vec<Vec<Predicted>> =
            gold.iter().map(|g| Predicted::from_document(&common::ENGINE.extract(&g.text, &g.id))).collect();
        let ours = eval::score(&gold, &predicted);

        let pred_path = std::env::temp_dir().join(format!("kutip-agree-{}.jsonl", std::process::id()));
        let lines: Vec<String> = gold
            .iter()
            .zip(&predicted)
            .map(|(g, ps)| {
                let quotes: Vec<_> = ps
                    .iter()
                    .map(|p| {
                        serde_json::json!({"kind": format!("{:?}", p.kind).to_lowercase(), "start": p.start, "end": p.end,
                            "speaker": p.speaker, "source": p.source})
                    })
                    .collect();
                serde_json::json!({"id": g.id, "quotes": quotes}).to_string()
            })
            .collect();
        std::fs::write(&pred_path, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
        let out = Command::new("python3")
            .arg(&scorer)
            .arg(&gold_path)
            .arg(&pred_path)
            .arg("--json")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        let close = |a: f64, b: &serde_json::Value, what: &str| {
            let b = b.as_f64().unwrap_or(f64::NAN);
            assert!((a - b).abs() < 0.0005, "{}: {what}: kutip {a:.4} vs score.py {b:.4}", gold_path.display());
        };
        for (name, ours) in [("all", &ours.all), ("direct", &ours.direct), ("indirect", &ours.indirect)] {
            close(ours.p, &theirs[name]["P"], &format!("{name} P"));
            close(ours.r, &theirs[name]["R"], &format!("{name} R"));
            close(ours.f1, &theirs[name]["F1"], &format!("{name} F1"));
            close(ours.e2e_f1, &theirs[name]["e2e_F1"], &format!("{name} e2e F1"));
        }
        close(ours.speaker_acc, &theirs["speaker_acc"], "speaker accuracy");
        if let Some(s) = ours.source_acc {
            close(s, &theirs["source_acc"], "source accuracy");
        }
    }
}
