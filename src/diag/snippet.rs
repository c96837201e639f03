//! Diagnostics as a person reads them in a terminal: the one-line `file:line:column: field:
//! message` (which editors and terminals make clickable), then the source line with a caret
//! under the place and the hints, in colour on a terminal (codespan-reporting draws it).

use super::{Diagnostic, Diagnostics, Severity, escape_controls};
use codespan_reporting::diagnostic::{self as cs, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

/// Every problem with its source snippet, then the count; ANSI colours when `colour`.
pub fn render(diags: &Diagnostics, colour: bool) -> Vec<u8> {
    let mut out = if colour {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<PathBuf, Option<usize>> = BTreeMap::new();
    let config = Config::default();
    for d in &diags.0 {
        let id = *ids.entry(d.file.clone()).or_insert_with(|| {
            // A file that cannot be read (gone since, or not text) gets no snippet.
            std::fs::read_to_string(&d.file).ok().map(|text| {
                files.add(
                    super::shown(&d.file),
                    super::escape_controls(&text).into_owned(),
                )
            })
        });
        let snippet = id.and_then(|id| {
            let source = files.get(id).ok()?.source();
            let span = span(source, d.line, d.column)?;
            Some(
                to_codespan(d)
                    .with_labels(vec![Label::primary(id, span)])
                    .with_notes(hints(d)),
            )
        });
        match snippet {
            // Writing into a memory buffer cannot fail; a file changed while being read
            // gives no snippet rather than an error.
            Some(cs) => {
                let mut one = if colour {
                    Buffer::ansi()
                } else {
                    Buffer::no_color()
                };
                if term::emit_to_write_style(&mut one, &config, &files, &cs).is_err() {
                    plain(&mut out, d);
                } else {
                    let _ = out.write_all(&relabel(one.as_slice(), d.severity));
                }
            }
            None => plain(&mut out, d),
        }
    }
    let _ = write!(out, "{}", diags.count());
    out.into_inner()
}

/// The diagnostic without a snippet: its line and its hints, as the short format.
fn plain(out: &mut Buffer, d: &Diagnostic) {
    let (label, colour) = label(d.severity);
    let _ = out.set_color(
        codespan_reporting::term::termcolor::ColorSpec::new()
            .set_fg(Some(colour))
            .set_bold(true),
    );
    let _ = write!(out, "{label}");
    let _ = out.reset();
    let _ = writeln!(out, ": {d}");
}

fn label(severity: Severity) -> (String, codespan_reporting::term::termcolor::Color) {
    use codespan_reporting::term::termcolor::Color;
    match severity {
        Severity::Error => (super::severity_word(severity), Color::Red),
        Severity::Warning => (super::severity_word(severity), Color::Yellow),
    }
}

/// codespan's rendering with its English severity word (the first word it writes) in the
/// user's language.
fn relabel(rendered: &[u8], severity: Severity) -> Vec<u8> {
    let english = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let text = String::from_utf8_lossy(rendered);
    text.replacen(english, &super::severity_word(severity), 1)
        .into_bytes()
}

/// The codespan header: the same one line as the short format (without the severity word,
/// which codespan writes).
fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<usize> {
    let header = Diagnostic {
        hints: Vec::new(),
        ..d.clone()
    };
    let message = header.to_string();
    match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_message(message)
}

fn hints(d: &Diagnostic) -> Vec<String> {
    d.hints
        .iter()
        .map(|h| crate::tr!("diag-hint", hint = escape_controls(h)))
        .collect()
}

/// The byte range the caret marks: from the 1-based (line, column) — a column counts
/// characters — to the end of the key or value there (a `: ` or the line's end). None for a
/// problem with the whole file or a place outside it.
fn span(source: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    if line == 0 {
        return None;
    }
    let mut start_of_line = 0;
    for (i, text) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let text = text.trim_end_matches(['\n', '\r']);
            let from = text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.len(), |(b, _)| b);
            let rest = &text[from..];
            let len = token_len(rest);
            let start = start_of_line + from;
            return Some(start..start + len.max(usize::from(from < text.len())));
        }
        start_of_line += text.len();
    }
    None
}

/// The length of the key or scalar `rest` starts with: up to `: `, a closing `:`, or the
/// `,`, `]` or `}` that ends an entry of a flow list; else the rest of the line.
fn token_len(rest: &str) -> usize {
    let trimmed = rest.trim_end();
    let mut chars = trimmed.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match c {
            ',' | ']' | '}' if i > 0 => return i,
            ':' if i > 0 && next.is_none_or(char::is_whitespace) => return i,
            // The caret never runs under the line's comment.
            '#' if i > 0 && trimmed[..i].ends_with(char::is_whitespace) => {
                return trimmed[..i].trim_end().len();
            }
            _ => {}
        }
    }
    trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_covers_the_key_or_value_at_the_column() {
        let src = "seq: 1\nrows:\n  - lead_dep: 环保处\n";
        let r = span(src, 3, 5).unwrap();
        assert_eq!(&src[r], "lead_dep");
        let r = span(src, 3, 15).unwrap();
        assert_eq!(&src[r], "环保处");
        let src = "rows:\n  support_depts: [监测站，环保处, 宣传处]\n";
        assert_eq!(&src[span(src, 1, 1).unwrap()], "rows");
        assert_eq!(&src[span(src, 2, 19).unwrap()], "监测站，环保处");
        assert_eq!(span(src, 0, 0), None);
        assert_eq!(span(src, 9, 1), None);
    }

    #[test]
    fn snippet_shows_the_line_with_a_caret_and_the_hint() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "seq: 1\ntitle: x\nrows:\n  - lead_dep: 环保处\n").unwrap();
        let d = Diagnostic {
            line: 4,
            column: 5,
            field: "rows[0].lead_dep".into(),
            message: "unknown field".into(),
            ..Diagnostic::file(&file, "")
        }
        .with_hint("write lead_dept");
        let text = String::from_utf8(render(&Diagnostics(vec![d]), false)).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            format!(
                "error: {}:4:5: rows[0].lead_dep: unknown field",
                file.display()
            )
        );
        assert!(text.contains("4 │   - lead_dep: 环保处"), "{text}");
        assert!(text.contains("│     ^^^^^^^^"), "{text}");
        assert!(text.contains("= hint: write lead_dept"), "{text}");
        assert!(text.ends_with("1 problem in 1 file"), "{text}");
        assert!(!text.contains('\u{1b}'));
        let d = Diagnostics(vec![Diagnostic::file(&file, "x")]);
        let coloured = String::from_utf8(render(&d, true)).unwrap();
        assert!(coloured.starts_with("\u{1b}["), "{coloured}");
    }
}
