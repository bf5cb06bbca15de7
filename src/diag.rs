//! Diagnostics for files the user wrote (rule files) and inputs that could not be read.
//! Offsets are bytes until shown; line and column (1-based, in characters) are computed here.

use std::fmt;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code: K1xx input, K2xx rule files, K3xx failing rule examples.
    pub code: &'static str,
    pub path: String,
    pub message: String,
    /// Where, when the file's text is known: line, column, the line itself and caret width.
    pub at: Option<Location>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    /// Column of the caret in `text` (differs from `col` when a long line is shown cut).
    pub caret_col: usize,
    pub text: String,
    pub width: usize,
}

impl Diagnostic {
    pub fn new(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { code, path: path.into(), message: message.into(), at: None }
    }

    /// Points the diagnostic at `span` (bytes) of `source`, the text of `path`.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        let start = floor_boundary(source, span.start.min(source.len()));
        let end = floor_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = source[start..].find('\n').map_or(source.len(), |p| start + p);
        let line = source[..start].matches('\n').count() + 1;
        let col = source[line_start..start].chars().count() + 1;
        let width = source[start..end.min(line_end)].chars().count().max(1);
        // A very long line (minified or hostile) is shown as a window around the column.
        let (shown_start, caret_col) = if col > 60 {
            let from = floor_boundary(source, start.saturating_sub(40).max(line_start));
            (from, source[from..start].chars().count() + 5)
        } else {
            (line_start, col)
        };
        let shown_end = floor_boundary(source, (start + 80).min(line_end)).max(start);
        let mut text = source[shown_start..shown_end].trim_end_matches('\r').to_string();
        if shown_start > line_start {
            text = format!("... {text}");
        }
        if shown_end < line_end {
            text.push_str(" ...");
        }
        self.at = Some(Location { line, col, caret_col, text, width: width.min(80) });
        self
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            None => write!(f, "{}: error[{}]: {}", self.path, self.code, self.message),
            Some(at) => {
                writeln!(f, "{}:{}:{}: error[{}]: {}", self.path, at.line, at.col, self.code, self.message)?;
                let num = at.line.to_string();
                let pad = " ".repeat(num.len());
                writeln!(f, "{pad} |")?;
                writeln!(f, "{num} | {}", at.text)?;
                write!(f, "{pad} | {}{}", " ".repeat(at.caret_col - 1), "^".repeat(at.width))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_column_and_caret() {
        let src = "a = 1\ntemplate = '{cue:x}'\n";
        let start = src.find("{cue").unwrap_or(0);
        let d = Diagnostic::new("K203", "r.toml", "unknown lexicon `x`").at(src, start..start + 7);
        assert_eq!(
            d.to_string(),
            "r.toml:2:13: error[K203]: unknown lexicon `x`\n  |\n2 | template = '{cue:x}'\n  |             ^^^^^^^"
        );
    }
}
