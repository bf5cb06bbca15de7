//! Stage 4, rules. Input: rule files (built-in and the user's). Output: compiled matchers, and
//! per sentence the rule matches with their bound slots (quote, content, speaker, cue, source).

pub mod cache;
pub mod compile;
pub mod examples;
pub mod load;
pub mod matcher;
pub mod model;
pub mod slots;

pub use compile::{Compiled, CompiledRule};
pub use model::Kind;

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Loads and compiles a rule set: the built-ins (unless `defaults` is false) plus `dirs`.
pub fn build(defaults: bool, dirs: &[PathBuf]) -> Result<Compiled, Vec<Diagnostic>> {
    compile::compile(load::load(defaults, dirs)?)
}
