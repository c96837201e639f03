//! Limits on content, checked at load with the file, line and field, so a hostile or careless
//! file is refused in milliseconds instead of exhausting memory in a later stage, and `check`
//! refuses what a writer would fail on.

use super::load::Source;
use crate::diag::Diagnostics;

/// Largest content file, in bytes (the seed's largest is under 2 KB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Most rows one item may have.
pub const MAX_ROWS: usize = 500;

/// Most characters of one text: what an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Deepest nesting a content file may have (an item needs 4: rows, a row, plans, a plan).
pub const MAX_DEPTH: usize = 32;

/// The first line where `text` nests deeper than [`MAX_DEPTH`], with the depth there: the
/// indentation levels open above it, the `- ` that start it and the brackets open in it. An
/// upper bound of what a parser would build, counted in one pass without recursion.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut brackets = 0usize;
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if brackets == 0 {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let dashes = body
            .split_inclusive(' ')
            .take_while(|part| *part == "- " || *part == "-")
            .count();
        let mut quote = None;
        let mut deepest = brackets;
        for c in body.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => {
                    brackets += 1;
                    deepest = deepest.max(brackets);
                }
                (None, ']' | '}') => brackets = brackets.saturating_sub(1),
                (None, '#') => break,
                _ => {}
            }
        }
        let depth = indents.len() + dashes + deepest;
        if depth > MAX_DEPTH {
            return Some((n + 1, depth));
        }
    }
    None
}

/// Checks every scalar of a file: no control character (other than a line break or tab) and no
/// text longer than an Excel cell; a tab or a run of spaces is warned about, since the PDF
/// (whose markup folds white space, as HTML does) shows it as one gap while the workbook keeps
/// it: in an official document spacing is the layout's, and such runs are paste or OCR leftovers.
pub fn check_scalars(source: &Source, diags: &mut Diagnostics) {
    for (path, pos, value) in &source.locator.scalars {
        let located = |message: String| {
            let mut d = source.diag(path, message);
            d.line = pos.line;
            d.column = pos.column;
            d
        };
        if let Some(c) = value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            diags.push(located(crate::tr!(
                "limits-control",
                code = format!("U+{:04X}", c as u32)
            )));
        }
        if value.contains('\t') || value.trim().contains("  ") {
            diags.push(
                located(crate::tr!("limits-spaces"))
                    .warning()
                    .with_hint(crate::tr!("limits-spaces-hint")),
            );
        }
        if let Some((ascii, full)) = ascii_punctuation(value) {
            diags.push(
                located(crate::tr!(
                    "limits-ascii-punctuation",
                    ascii = ascii.to_string(),
                    full = full.to_string()
                ))
                .warning()
                .with_hint(crate::tr!(
                    "limits-ascii-punctuation-hint",
                    ascii = ascii.to_string(),
                    full = full.to_string()
                )),
            );
        }
        let chars = value.chars().count();
        if chars > MAX_CELL_CHARS {
            diags.push(located(crate::tr!(
                "limits-cell-chars",
                chars = chars,
                max = MAX_CELL_CHARS
            )));
        }
    }
}

/// The first ASCII punctuation mark standing between Chinese characters in `text` (typed on
/// an English keyboard, or left by OCR), with the full-width mark to use: `,;:!?` between two
/// Chinese characters, `(` and `)` beside one.
pub fn ascii_punctuation(text: &str) -> Option<(char, char)> {
    let cjk = |c: Option<char>| {
        c.is_some_and(|c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || "，。、；：“”（）《》".contains(c)
        })
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let full = match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '!' => '！',
            '?' => '？',
            '(' => '（',
            ')' => '）',
            _ => continue,
        };
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let between = match c {
            '(' | ')' => cjk(before) || cjk(after),
            _ => cjk(before) && cjk(after),
        };
        if between {
            return Some((c, full));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{ascii_punctuation, too_deep};

    #[test]
    fn nesting_is_bounded_before_parsing() {
        assert_eq!(
            too_deep(&format!("rows:\n{}x\n", "- ".repeat(10_000))),
            Some((2, 10_001))
        );
        assert_eq!(
            too_deep(&format!("rows: {}\n", "[".repeat(40))),
            Some((1, 41))
        );
        let item = "seq: 1\nrows:\n  - content: x\n    plans:\n      2024: [a, \"[\"]\n";
        assert_eq!(too_deep(item), None);
        let closed = format!("x: {}{}\n", "[".repeat(5_000), "]".repeat(5_000));
        assert_eq!(too_deep(&closed), Some((1, 5_001)));
    }

    #[test]
    fn ascii_punctuation_between_chinese_characters_is_found() {
        assert_eq!(ascii_punctuation("按需求,梳理技术"), Some((',', '，')));
        assert_eq!(ascii_punctuation("成果(2023年)"), Some(('(', '（')));
        assert_eq!(
            ascii_punctuation("时间:2024年"),
            None,
            "a digit after the colon"
        );
        assert_eq!(ascii_punctuation("PM2.5, O3"), None);
        assert_eq!(ascii_punctuation("按需求，梳理"), None);
    }
}
