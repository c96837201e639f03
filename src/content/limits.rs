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
    use super::ascii_punctuation;

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
