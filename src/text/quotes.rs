use std::ops::Range;

/// One direct-quote candidate: a pair of marks (or one mark and the paragraph edge, when a
/// scraper cut the other). Byte offsets into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteMark {
    /// Marks included.
    pub outer: Range<usize>,
    /// Inside the marks, surrounding whitespace trimmed.
    pub content: Range<usize>,
    /// False when the closing mark is missing and the quote was closed at the paragraph end.
    pub closed: bool,
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Pairs the quote marks of one paragraph (`para` starts at byte `base` of the document).
///
/// Marks are classified by their neighbours, not paired by order, so a straight `"` or the
/// Kompas-style `”…”` opens before a word and closes after one. A quote left open runs to the
/// paragraph end and a closing mark with nothing open takes the paragraph start: quotes never
/// cross a paragraph, so an unbalanced mark cannot swallow the rest of a document.
///
/// Single quotes are quotes inside quotes, or apostrophes, wherever double marks occur. A
/// paragraph without double marks may quote with curly single ones (British house style:
/// ‘We are relieved,’ he said): then ‘ opens before a word and ’ closes after one, unless it
/// is a possessive before a name ("the Workers’ Federation"); a lone ’ is an apostrophe.
pub fn pair_quotes(para: &str, base: usize) -> Vec<QuoteMark> {
    let mut out = Vec::new();
    let mut open: Option<Range<usize>> = None;
    let singles = para.contains('‘') && !para.contains(is_mark);
    // Every mark's first byte is '"', C2 («, ») or E2 (the curly ones): only those are decoded.
    let mut from = 0;
    while let Some(p) = para.as_bytes()[from..].iter().position(|&b| matches!(b, b'"' | 0xC2 | 0xE2)) {
        let i = from + p;
        let Some(c) = para[i..].chars().next() else { break };
        from = i + c.len_utf8();
        if !(is_mark(c) || singles && matches!(c, '‘' | '’')) {
            continue;
        }
        let end = i + c.len_utf8();
        let prev = para[..i].chars().next_back();
        let next = para[end..].chars().next();
        let space_before = prev.is_none_or(|p| p.is_whitespace() || "([{—–-:/".contains(p));
        let space_after = next.is_none_or(|n| n.is_whitespace() || ",.;:!?)]".contains(n));
        let can_open = match c {
            '“' | '„' | '«' => !space_after || space_before,
            '"' | '”' | '‘' => space_before && !space_after,
            _ => false,
        };
        let possessive =
            || prev == Some('s') && para[end..].strip_prefix(' ').is_some_and(|r| r.starts_with(char::is_uppercase));
        let can_close = match c {
            '”' | '»' | '"' => !space_before || space_after,
            // A curly opening mark used as a closer, as some CMSs do: “text“ .
            '“' => !space_before && space_after,
            '’' => !space_before && space_after && !possessive(),
            _ => false,
        };
        match open.take() {
            Some(o) if can_close => push(&mut out, para, base, o.start..end, o.end..i, true),
            Some(o) if can_open => {
                push(&mut out, para, base, o.start..i, o.end..i, false);
                open = Some(i..end);
            }
            Some(o) => open = Some(o),
            None if can_open => open = Some(i..end),
            None if can_close && out.is_empty() && c != '’' => push(&mut out, para, base, 0..end, 0..i, true),
            None => {}
        }
    }
    if let Some(o) = open {
        push(&mut out, para, base, o.start..para.len(), o.end..para.len(), false);
    }
    out
}

fn push(out: &mut Vec<QuoteMark>, para: &str, base: usize, outer: Range<usize>, inner: Range<usize>, closed: bool) {
    let slice = &para[inner.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if slice.trim().is_empty() {
        return;
    }
    out.push(QuoteMark {
        outer: base + outer.start..base + outer.end,
        content: base + inner.start + lead..base + inner.end - trail,
        closed,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(p: &str) -> Vec<&str> {
        pair_quotes(p, 0).iter().map(|q| &p[q.content.clone()]).collect()
    }

    #[test]
    fn curly_and_straight() {
        assert_eq!(contents("“Satu,” kata A. \"Dua.\""), vec!["Satu,", "Dua."]);
    }

    #[test]
    fn kompas_style_closing_marks_on_both_sides() {
        assert_eq!(contents("”Kami siap,” ujar Budi."), vec!["Kami siap,"]);
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph_end() {
        let q = pair_quotes("“Kami siap membantu", 10);
        assert_eq!(q.len(), 1);
        assert!(!q[0].closed);
        assert_eq!(q[0].content, 13..31);
    }

    #[test]
    fn orphan_closer_takes_paragraph_start() {
        assert_eq!(contents("kami siap,” kata Budi."), vec!["kami siap,"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(contents("Jum'at ini Ma'ruf datang.").is_empty());
        assert!(contents("The Workers’ Federation said it was the firm’s fault.").is_empty());
    }

    #[test]
    fn single_curly_marks_quote_without_double_ones() {
        assert_eq!(
            contents("The Miners’ Union called it ‘a scandal’. ‘We’ll fight it,’ she said."),
            vec!["a scandal", "We’ll fight it,"]
        );
        // Inside double marks they are quotes inside the quote.
        assert_eq!(contents("“They said ‘wait’,” she said."), vec!["They said ‘wait’,"]);
    }
}
