//! Reads rule files (built-in, then the user's directories) and merges them by id: a user rule,
//! lexicon or macro with a built-in id replaces it; `disable = [ids]` switches rules off.
//! Every problem in every file is collected before anything is returned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::model::{LexiconDef, MacroDef, RuleDef, RuleFile};
use crate::diag::Diagnostic;

/// The built-in rule files, compiled into the binary so kutip runs with no files around it.
pub const BUILTIN: &[(&str, &str)] = &[
    ("rules/common/macros.toml", include_str!("../../rules/common/macros.toml")),
    ("rules/common/outlets.toml", include_str!("../../rules/common/outlets.toml")),
    ("rules/common/boilerplate.toml", include_str!("../../rules/common/boilerplate.toml")),
    ("rules/id/lexicons.toml", include_str!("../../rules/id/lexicons.toml")),
    ("rules/id/direct.toml", include_str!("../../rules/id/direct.toml")),
    ("rules/id/indirect.toml", include_str!("../../rules/id/indirect.toml")),
    ("rules/id/sources.toml", include_str!("../../rules/id/sources.toml")),
    ("rules/en/lexicons.toml", include_str!("../../rules/en/lexicons.toml")),
    ("rules/en/direct.toml", include_str!("../../rules/en/direct.toml")),
    ("rules/en/indirect.toml", include_str!("../../rules/en/indirect.toml")),
    ("rules/en/sources.toml", include_str!("../../rules/en/sources.toml")),
];

/// Rule files larger than this are refused before parsing: no real rule file is near it.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A file a definition came from, kept so later stages can point diagnostics into it.
#[derive(Clone, Debug)]
pub struct Origin {
    pub path: String,
    pub text: Arc<str>,
    pub builtin: bool,
}

#[derive(Clone, Debug)]
pub struct Def<T> {
    pub def: T,
    pub origin: usize,
    /// A user definition that replaced a built-in one with the same id.
    pub overrides: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub origins: Vec<Origin>,
    pub lexicons: BTreeMap<String, Def<LexiconDef>>,
    pub macros: BTreeMap<String, Def<MacroDef>>,
    pub rules: Vec<Def<RuleDef>>,
    pub boilerplate: Vec<String>,
    pub credits: Vec<String>,
}

/// Loads the built-in rules (unless `defaults` is false) and then every `*.toml` under each of
/// `dirs` (a directory, searched recursively, or a single file).
pub fn load(defaults: bool, dirs: &[PathBuf]) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut set = RuleSet::default();
    let mut errors = Vec::new();
    if defaults {
        for (path, text) in BUILTIN {
            add_file(&mut set, &mut errors, path.to_string(), Arc::from(*text), true);
        }
    }
    for dir in dirs {
        match rule_files(dir) {
            Ok(files) if files.is_empty() => {
                errors.push(Diagnostic::new("K201", dir.display().to_string(), "no *.toml rule files here"));
            }
            Ok(files) => {
                for file in files {
                    let path = file.display().to_string();
                    match read_rule_file(&file) {
                        Ok(text) => add_file(&mut set, &mut errors, path, Arc::from(text), false),
                        Err(d) => errors.push(d),
                    }
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(set) } else { Err(errors) }
}

fn read_rule_file(file: &Path) -> Result<String, Diagnostic> {
    let path = file.display().to_string();
    let meta = std::fs::metadata(file).map_err(|e| Diagnostic::new("K201", &path, format!("cannot read: {e}")))?;
    if meta.len() as usize > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            "K204",
            &path,
            format!("rule file is {} bytes, over the {} byte limit", meta.len(), MAX_FILE_BYTES),
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| Diagnostic::new("K201", &path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::new("K201", &path, format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })
}

fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let path = dir.display().to_string();
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    if !dir.is_dir() {
        return Err(Diagnostic::new("K201", path, "no such rule file or directory"));
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Diagnostic::new("K201", d.display().to_string(), format!("cannot read: {e}")))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn add_file(set: &mut RuleSet, errors: &mut Vec<Diagnostic>, path: String, text: Arc<str>, builtin: bool) {
    let file: RuleFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let msg = e.message().to_string();
            let d = Diagnostic::new("K202", &path, msg);
            errors.push(match e.span() {
                Some(span) => d.at(&text, span),
                None => d,
            });
            return;
        }
    };
    let origin = set.origins.len();
    set.origins.push(Origin { path: path.clone(), text: text.clone(), builtin });
    let mut seen = BTreeMap::new();
    for (id, def) in file.lexicon {
        let span = def.span();
        let def = def.into_inner();
        if def.append {
            match set.lexicons.get_mut(&id) {
                Some(existing) => existing.def.words.extend(def.words),
                None => errors.push(
                    Diagnostic::new("K203", &path, format!("`append = true` but there is no lexicon `{id}` to add to"))
                        .at(&text, span),
                ),
            }
            continue;
        }
        let overrides = !builtin && replaced(&set.lexicons, &id, &set.origins);
        set.lexicons.insert(id, Def { def, origin, overrides });
    }
    for (id, def) in file.macros {
        let overrides = !builtin && replaced(&set.macros, &id, &set.origins);
        set.macros.insert(id, Def { def: def.into_inner(), origin, overrides });
    }
    for rule in file.rule {
        let rule = rule.into_inner();
        let id = rule.id.get_ref().clone();
        if seen.insert(id.clone(), ()).is_some() {
            errors.push(
                Diagnostic::new("K205", &path, format!("duplicate rule id `{id}` in one file"))
                    .at(&text, rule.id.span()),
            );
            continue;
        }
        let lang = rule.language.get_ref().as_str();
        if lang != "id" && lang != "en" {
            errors.push(
                Diagnostic::new("K206", &path, format!("unknown language `{lang}` (expected \"id\" or \"en\")"))
                    .at(&text, rule.language.span()),
            );
            continue;
        }
        if !id.starts_with(&format!("{lang}/")) {
            errors.push(
                Diagnostic::new("K207", &path, format!("rule id `{id}` must start with its language, `{lang}/`"))
                    .at(&text, rule.id.span()),
            );
            continue;
        }
        let existing = set.rules.iter().position(|r| r.def.id.get_ref() == &id);
        match existing {
            Some(i) => {
                let previous = &set.origins[set.rules[i].origin];
                if previous.builtin == builtin {
                    let msg = format!("duplicate rule id `{id}` (also defined in {}); rename one", previous.path);
                    errors.push(Diagnostic::new("K205", &path, msg).at(&text, rule.id.span()));
                    continue;
                }
                set.rules[i] = Def { def: rule, origin, overrides: true };
            }
            None => set.rules.push(Def { def: rule, origin, overrides: false }),
        }
    }
    for id in file.disable {
        let before = set.rules.len();
        set.rules.retain(|r| r.def.id.get_ref() != id.get_ref());
        if set.rules.len() == before {
            errors.push(
                Diagnostic::new("K208", &path, format!("cannot disable unknown rule `{}`", id.get_ref()))
                    .at(&text, id.span()),
            );
        }
    }
    if let Some(b) = file.boilerplate {
        set.boilerplate.extend(b.prefixes.into_iter().map(|p| p.to_lowercase()));
        set.credits.extend(b.credits);
    }
}

fn replaced<T>(map: &BTreeMap<String, Def<T>>, id: &str, origins: &[Origin]) -> bool {
    map.get(id).is_some_and(|d| origins[d.origin].builtin)
}
