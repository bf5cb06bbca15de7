//! kutip: attributed quotes and claims from Indonesian and English news.
//!
//! The pipeline is the module tree, one stage per module, each using only earlier ones:
//! [`text`] (paragraphs, quote marks, masking, sentences) -> [`lang`] -> [`detect`] (cue
//! prefilter) -> [`rules`] (templates from TOML) -> [`attrib`] (speaker, anaphora, source) ->
//! [`output`] (the `kutip/1` JSON contract). [`pipeline::Engine`] runs them all.
//!
//! ```
//! let engine = kutip::Engine::load(true, &[]).map_err(|e| format!("{e:?}"))?;
//! let doc = engine.extract("“Kami siap membantu,” kata Budi Santoso.", "example");
//! assert_eq!(doc.quotes[0].text, "Kami siap membantu,");
//! assert_eq!(doc.quotes[0].speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Budi Santoso"));
//! # Ok::<(), String>(())
//! ```

pub mod attrib;
pub mod audit;
pub mod cli;
pub mod detect;
pub mod diag;
pub mod eval;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod rules;
pub mod text;

pub use pipeline::Engine;
