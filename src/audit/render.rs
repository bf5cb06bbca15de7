//! Audit renderings: an aligned table for terminals, CSV and JSON for tools, and one
//! self-contained HTML file for people (no network, every piece of input text escaped).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, SpeakerEntry};
use crate::output::QuoteKind;

pub fn json(report: &Report, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

pub fn csv(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "speaker",
        "quotes",
        "direct",
        "indirect",
        "mixed",
        "documents",
        "outlets",
        "roles",
        "aliases",
        "sample",
    ])?;
    for s in &report.speakers {
        w.write_record([
            s.speaker.as_str(),
            &s.quotes.to_string(),
            &s.direct.to_string(),
            &s.indirect.to_string(),
            &s.mixed.to_string(),
            &s.documents.to_string(),
            &outlets(s, usize::MAX),
            &s.roles.join("; "),
            &s.aliases.join("; "),
            s.samples.first().map_or("", |q| q.text.as_str()),
        ])?;
    }
    w.flush()
}

fn outlets(s: &SpeakerEntry, n: usize) -> String {
    s.outlets.iter().take(n).map(|(o, c)| format!("{o} ({c})")).collect::<Vec<_>>().join("; ")
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// An aligned table, fitted to `width` columns: the speaker, role and outlet columns are
/// truncated first, the counts never.
pub fn table(report: &Report, width: usize, out: &mut impl Write) -> io::Result<()> {
    let t = &report.totals;
    writeln!(
        out,
        "{} documents, {} quotes, {} speakers, {:.1}% of quotes with no resolved speaker",
        t.documents,
        t.quotes,
        t.speakers,
        t.unresolved_share * 100.0
    )?;
    if !report.top_outlets.is_empty() {
        let top: Vec<String> = report.top_outlets.iter().take(5).map(|(o, c)| format!("{o} ({c})")).collect();
        writeln!(out, "top outlets: {}", top.join(", "))?;
    }
    writeln!(out)?;
    let counts_width = 6 + 7 + 9 + 6 + 5 + 5;
    let free = width.saturating_sub(counts_width).max(30);
    let speaker_w = report.speakers.iter().map(|s| s.speaker.chars().count()).max().unwrap_or(7).clamp(7, free / 2);
    let rest = free.saturating_sub(speaker_w + 2);
    let (role_w, outlet_w) = (rest / 2, rest - rest / 2);
    writeln!(
        out,
        "{:<speaker_w$}  {:>6} {:>6} {:>8} {:>5} {:>4}  {:<role_w$} outlets",
        "speaker", "quotes", "direct", "indirect", "mixed", "docs", "role"
    )?;
    for s in &report.speakers {
        let role = s.roles.first().map_or("", String::as_str);
        writeln!(
            out,
            "{:<speaker_w$}  {:>6} {:>6} {:>8} {:>5} {:>4}  {:<role_w$} {}",
            clip(
                &if s.ambiguous_with.is_some() { format!("{} (ambiguous)", s.speaker) } else { s.speaker.clone() },
                speaker_w
            ),
            s.quotes,
            s.direct,
            s.indirect,
            s.mixed,
            s.documents,
            clip(role, role_w.saturating_sub(1)),
            clip(&outlets(s, 3), outlet_w)
        )?;
    }
    if let Some(quotes) = &report.speaker_quotes {
        writeln!(out)?;
        for q in quotes {
            writeln!(out, "{}:{}-{}  {:<8} «{}»", q.document, q.start, q.end, kind(q.kind), q.text)?;
        }
    }
    Ok(())
}

fn kind(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const PALETTE: &[&str] =
    &["#fde68a", "#bfdbfe", "#bbf7d0", "#fecaca", "#ddd6fe", "#fbcfe8", "#a5f3fc", "#fed7aa", "#d9f99d", "#e5e7eb"];

const STYLE: &str = r#"
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:12px 16px}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}
.totals{color:#444}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:4px 6px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f3f4f6;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{height:10px;background:#60a5fa;border-radius:2px;min-width:2px}
tr.speaker{cursor:pointer}tr.speaker:hover{background:#f0f9ff}tr.active{background:#dbeafe}
.doc{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:10px 12px;margin:10px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.doc h3{font-size:1em;margin:0 0 6px;white-space:normal}
mark{border-radius:3px;padding:0 1px;cursor:help}
mark.dim{background:transparent!important;outline:1px dotted #bbb}
.hidden{display:none}
.note{color:#666;font-style:italic}
#filter{margin:6px 0;color:#1d4ed8}
@media (max-width:640px){th.opt,td.opt{display:none}body{font-size:14px}}
"#;

const SCRIPT: &str = r#"
(function(){
  var rows=[].slice.call(document.querySelectorAll('tr.speaker'));
  var marks=[].slice.call(document.querySelectorAll('mark[data-speaker]'));
  var docs=[].slice.call(document.querySelectorAll('.doc'));
  var label=document.getElementById('filter');
  var active=null;
  function apply(){
    marks.forEach(function(m){m.classList.toggle('dim',active!==null&&m.dataset.speaker!==active);});
    docs.forEach(function(d){
      var has=active===null||d.querySelector('mark[data-speaker="'+CSS.escape(active)+'"]')!==null;
      d.classList.toggle('hidden',!has);
    });
    rows.forEach(function(r){r.classList.toggle('active',r.dataset.speaker===active);});
    label.textContent=active===null?'':'Showing quotes of '+rows.filter(function(r){return r.dataset.speaker===active;})[0].dataset.name+' (click again to show all)';
  }
  rows.forEach(function(r){r.addEventListener('click',function(){active=active===r.dataset.speaker?null:r.dataset.speaker;apply();});});
  [].slice.call(document.querySelectorAll('th[data-sort]')).forEach(function(th,i){
    th.addEventListener('click',function(){
      var body=th.closest('table').tBodies[0],num=th.dataset.sort==='n',dir=th.dataset.dir==='asc'?-1:1;
      th.dataset.dir=dir===1?'asc':'desc';
      var col=th.cellIndex;
      [].slice.call(body.rows).sort(function(a,b){
        var x=a.cells[col].dataset.v||a.cells[col].textContent,y=b.cells[col].dataset.v||b.cells[col].textContent;
        return num?dir*(parseFloat(y)-parseFloat(x)):dir*x.localeCompare(y);
      }).forEach(function(r){body.appendChild(r);});
    });
  });
})();
"#;

/// One self-contained page: the speaker index (sortable, with bars; a click filters the
/// documents to that speaker) and the kept documents with each quote highlighted.
pub fn html(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let speaker_ids: std::collections::HashMap<&str, usize> =
        report.speakers.iter().enumerate().flat_map(|(i, s)| s.aliases.iter().map(move |a| (a.as_str(), i))).collect();
    let max = report.speakers.first().map_or(1, |s| s.quotes.max(1));
    let t = &report.totals;
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>kutip audit</title><style>{STYLE}</style></head><body><header><h1>Who said what</h1><p class=\"totals\" id=\"totals\" data-documents=\"{}\" data-quotes=\"{}\" data-speakers=\"{}\">{} documents · {} quotes · {} speakers · {:.1}% of quotes with no resolved speaker</p>",
        t.documents,
        t.quotes,
        t.speakers,
        t.documents,
        t.quotes,
        t.speakers,
        t.unresolved_share * 100.0
    );
    if !report.top_outlets.is_empty() {
        let top: Vec<String> = report.top_outlets.iter().take(8).map(|(o, c)| format!("{} ({c})", escape(o))).collect();
        let _ = write!(page, "<p class=\"totals\">Top outlets: {}</p>", top.join(", "));
    }
    let _ = write!(
        page,
        "</header><main><h2>Speakers</h2><p class=\"note\">Click a column to sort, a speaker to show only their quotes.</p><div id=\"filter\"></div><table id=\"speakers\"><thead><tr><th data-sort=\"s\">Speaker</th><th data-sort=\"n\">Quotes</th><th class=\"opt\"></th><th data-sort=\"n\" class=\"opt\">Direct</th><th data-sort=\"n\" class=\"opt\">Indirect</th><th data-sort=\"n\" class=\"opt\">Mixed</th><th data-sort=\"n\">Docs</th><th data-sort=\"s\" class=\"opt\">Roles</th><th data-sort=\"s\" class=\"opt\">Outlets</th></tr></thead><tbody>"
    );
    for (i, s) in report.speakers.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let _ = write!(
            page,
            "<tr class=\"speaker\" data-speaker=\"s{i}\" data-name=\"{}\"><td><span style=\"background:{color}\">&nbsp;&nbsp;</span> {}{}</td><td class=\"n\">{}</td><td class=\"opt\" data-v=\"{}\"><div class=\"bar\" style=\"width:{}px\"></div></td><td class=\"n opt\">{}</td><td class=\"n opt\">{}</td><td class=\"n opt\">{}</td><td class=\"n\">{}</td><td class=\"opt\">{}</td><td class=\"opt\">{}</td></tr>",
            escape(&s.speaker),
            escape(&s.speaker),
            s.ambiguous_with.as_ref().map_or(String::new(), |a| format!(
                " <span class=\"note\">(could be {})</span>",
                escape(&a.join(" or "))
            )),
            s.quotes,
            s.quotes,
            (s.quotes * 160 / max).max(2),
            s.direct,
            s.indirect,
            s.mixed,
            s.documents,
            escape(&s.roles.iter().take(2).cloned().collect::<Vec<_>>().join("; ")),
            escape(&outlets(s, 3)),
        );
    }
    let _ = write!(page, "</tbody></table><h2>Documents</h2>");
    if report.documents_left_out > 0 {
        let _ = write!(
            page,
            "<p class=\"note\">Showing the first {} documents; {} more are in the speaker index above but not shown here (use --html-documents to show more).</p>",
            report.documents.len(),
            report.documents_left_out
        );
    }
    for d in &report.documents {
        let _ = write!(page, "<section class=\"doc\"><h3>{}</h3>", escape(&d.document));
        let mark = |page: &mut String, q: &super::QuoteRef, who: &Option<String>, body: &str| {
            let (id, color) = match who.as_deref().and_then(|w| speaker_ids.get(w)) {
                Some(&i) => (format!("s{i}"), PALETTE[i % PALETTE.len()]),
                None => ("unresolved".to_string(), "#e5e7eb"),
            };
            let tip = format!(
                "{} · {} · cue: {} · source: {} · rule: {}",
                who.as_deref().unwrap_or("unresolved"),
                kind(q.kind),
                q.cue.as_deref().unwrap_or("-"),
                q.source.as_deref().unwrap_or("-"),
                q.rule
            );
            let _ = write!(
                page,
                "<mark data-speaker=\"{id}\" style=\"background:{color}\" title=\"{}\">{}</mark>",
                escape(&tip),
                escape(body)
            );
        };
        match &d.text {
            Some(text) => {
                let mut at = 0;
                for (q, who) in &d.quotes {
                    if q.start < at
                        || q.end > text.len()
                        || !text.is_char_boundary(q.start)
                        || !text.is_char_boundary(q.end)
                    {
                        continue;
                    }
                    // Blank lines around the text would show as empty space (pre-wrap).
                    let before = &text[at..q.start];
                    page.push_str(&escape(if at == 0 { before.trim_start() } else { before }));
                    mark(&mut page, q, who, &text[q.start..q.end]);
                    at = q.end;
                }
                page.push_str(&escape(if at == 0 { text.trim() } else { text[at..].trim_end() }));
            }
            None => {
                for (q, who) in &d.quotes {
                    mark(&mut page, q, who, &q.text);
                    page.push('\n');
                }
            }
        }
        page.push_str("</section>");
    }
    let _ = writeln!(page, "</main><script>{SCRIPT}</script></body></html>");
    out.write_all(page.as_bytes())
}
