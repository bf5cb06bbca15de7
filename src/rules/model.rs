//! The rule-file vocabulary, exactly as written in TOML. Unknown keys are errors, so a typo in a
//! field name is reported instead of silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Word lists: cue verbs in every inflected form, titles, pronouns, outlets.
    #[serde(default)]
    pub lexicon: BTreeMap<String, Spanned<LexiconDef>>,
    /// Named regular-expression fragments that templates and other macros reference.
    #[serde(default, rename = "macro")]
    pub macros: BTreeMap<String, Spanned<MacroDef>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
    /// Built-in rule ids to switch off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub boilerplate: Option<BoilerplateDef>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct LexiconDef {
    pub description: String,
    #[serde(default)]
    pub words: Vec<String>,
    /// Every word also with each suffix ("" keeps the bare word): `suffixes = ["", "nya"]`.
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Other lexicons whose words (with their own suffixes) this one includes.
    #[serde(default)]
    pub extends: Vec<Spanned<String>>,
    /// Add these words to the lexicon of the same id instead of replacing it: the way to teach
    /// kutip a new cue word without copying the built-in list.
    #[serde(default)]
    pub append: bool,
    /// Every word also with a capital first letter ("menurut", "Menurut"): cheaper than wrapping
    /// the reference in `(?i:…)`, which makes the automaton several times larger.
    #[serde(default)]
    pub capitalized: bool,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct MacroDef {
    pub description: String,
    pub pattern: Spanned<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Direct,
    Indirect,
    /// Finds the outlet a quote came through in its attribution ("seperti dikutip dari AFP").
    Source,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub language: Spanned<String>,
    pub kind: Kind,
    pub description: String,
    pub template: Spanned<String>,
    /// Higher runs first; when two rules claim the same quote or clause, the higher one wins.
    #[serde(default)]
    pub priority: i32,
    /// The content must read as a clause (a verb or an auxiliary from `<lang>/clause-markers`),
    /// so a verb's noun-phrase object ("menjelaskan persiapan pemilu") is not taken as a claim.
    #[serde(default)]
    pub clause: bool,
    /// The claim is the sentence before the one the template matches: a frame such as "Hal itu
    /// disampaikan Kapolres X" binds only the speaker and the cue (no `{content}` slot).
    #[serde(default)]
    pub previous: bool,
    /// The speaker is the owner of a possessive -nya in the template ("pernyataannya yang
    /// menyebut …"): the latest titled name mentioned since the quote before, else the latest
    /// speaker. For rules without a `{speaker}` slot.
    #[serde(default)]
    pub possessive: bool,
    #[serde(default, rename = "example")]
    pub examples: Vec<Example>,
}

#[derive(Debug, Deserialize, Clone, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    /// The quote or claim text expected from this rule.
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// `"none"`: a guardrail, the rule must not fire.
    #[serde(default)]
    pub expect: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateDef {
    /// Lines starting with one of these (case-insensitive) are never article body.
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Lines ending with one of these (a photo credit, case-sensitive, in the last 80 bytes) are
    /// captions.
    #[serde(default)]
    pub credits: Vec<String>,
}
