//! Row heights for wrapped text. Excel does not grow a row for wrapped text in a merged cell,
//! and counts a CJK character like a narrow one when it autofits, so huibao computes each
//! row's height itself from the wrapped line count of its cells.

use crate::text::linebreak::{BreakOptions, break_lines};

/// Excel's limit on a row's height, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// Pixels of one unit of Excel column width (the default font's '0' plus padding).
const PX_PER_WIDTH_UNIT: f64 = 7.0;
/// Cell padding Excel keeps on each side, in pixels.
const CELL_PADDING_PX: f64 = 3.0;

/// The printed width in points of a column `units` wide (Excel adds 5 pixels of padding to the
/// width of `units` '0' characters; a pixel is ¾ point).
pub fn column_points(units: f64) -> f64 {
    (units * PX_PER_WIDTH_UNIT + 5.0) * 0.75
}

/// Advance in em of a character in 宋体-like fonts: full-width 1, everything else ½.
fn em(c: char) -> f32 {
    if c.is_ascii() || ('\u{00A0}'..='\u{02FF}').contains(&c) {
        0.5
    } else {
        1.0
    }
}

/// The Excel column width (in units) that holds `ems` of text at `size` points, padding
/// included.
pub fn width_units(ems: f32, size: f64) -> f64 {
    let px_per_pt = 96.0 / 72.0;
    (f64::from(ems) * size * px_per_pt + 2.0 * CELL_PADDING_PX + 1.0) / PX_PER_WIDTH_UNIT
}

/// The widest unit (a header word, a name) and widest line of `text`, in ems, as the
/// workbook's fonts set it. Remembered like [`wrapped_lines`]: each department's print sheet
/// fits its columns to the cells it keeps of an annex, measured for the annex before.
pub fn unit_and_natural_ems(text: &str, units: crate::text::linebreak::Units) -> (f32, f32) {
    static MEMO: Memo<(f32, f32)> = Memo::new();
    MEMO.get_or_measure(text, [units as u64, 0], || {
        crate::text::linebreak::unit_and_natural_width(text, units, &em)
    })
}

/// How many lines `text` wraps to in a cell `width_units` wide at `size` points.
///
/// Remembered by (text, width, size): a row's text is measured for its annex workbook and
/// again for each department's (the lead's and every supporting one's) at the same widths.
pub fn wrapped_lines(text: &str, width_units: f64, size: f64) -> usize {
    static MEMO: Memo<usize> = Memo::new();
    if text.is_empty() {
        return 1;
    }
    MEMO.get_or_measure(text, [width_units.to_bits(), size.to_bits()], || {
        measure_wrapped_lines(text, width_units, size)
    })
}

/// Measurements of texts, by the text and two numbers of how it was measured. The memo keeps
/// a 128-bit fingerprint of the text and its length, not the text itself (at 10,000 items the
/// texts would be the memo's bulk).
struct Memo<T>(std::sync::OnceLock<std::sync::Mutex<MemoMap<T>>>);

type MemoMap<T> = std::collections::HashMap<(u64, u64, usize, [u64; 2]), T, fnv::FnvBuildHasher>;

impl<T: Copy> Memo<T> {
    /// Enough for the cells of 10,000 items in a few ways; beyond, start again.
    const MAX_REMEMBERED: usize = 200_000;

    const fn new() -> Memo<T> {
        Memo(std::sync::OnceLock::new())
    }

    /// What `measure` gives for `text` measured by `how`, remembered.
    fn get_or_measure(&self, text: &str, how: [u64; 2], measure: impl FnOnce() -> T) -> T {
        use std::hash::{Hash, Hasher};
        let memo = self.0.get_or_init(Default::default);
        // Two unrelated 64-bit hashes: texts that share both and their length do not occur.
        let mut sip = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut sip);
        let mut fnv = fnv::FnvHasher::default();
        fnv.write(text.as_bytes());
        let key = (sip.finish(), fnv.finish(), text.len(), how);
        if let Some(known) = memo.lock().ok().and_then(|m| m.get(&key).copied()) {
            return known;
        }
        let measured = measure();
        if let Ok(mut m) = memo.lock() {
            if m.len() >= Self::MAX_REMEMBERED {
                m.clear();
            }
            m.insert(key, measured);
        }
        measured
    }
}

/// [`wrapped_lines`] without the memo.
fn measure_wrapped_lines(text: &str, width_units: f64, size: f64) -> usize {
    let px_per_pt = 96.0 / 72.0;
    let room_px = width_units * PX_PER_WIDTH_UNIT - 2.0 * CELL_PADDING_PX;
    let room_em = (room_px / (size * px_per_pt)).max(1.0) as f32;
    let opts = BreakOptions {
        width: room_em,
        first_indent: 0.0,
        left_indent: 0.0,
        justify: false,
        max_stretch: 0.0,
        units: crate::text::linebreak::Units::Chars,
    };
    break_lines(text, &opts, &em).len().max(1)
}

/// The height a cell needs for `lines` lines at `size` points.
pub fn cell_height(lines: usize, size: f64) -> f64 {
    lines as f64 * size * 1.35 + 6.0
}

pub use crate::document::Need;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double() {
        // 20 units ≈ 134 px of room: at 10.5 pt (14 px) that is 9 CJK characters a line.
        assert_eq!(wrapped_lines(&"字".repeat(9), 20.0, 10.5), 1);
        assert_eq!(wrapped_lines(&"字".repeat(10), 20.0, 10.5), 2);
        assert_eq!(wrapped_lines(&"a".repeat(18), 20.0, 10.5), 1);
    }

    #[test]
    fn spanning_cells_spread_their_need() {
        let needs = [
            Need {
                row: 0,
                rowspan: 1,
                height: 20.0,
            },
            Need {
                row: 0,
                rowspan: 2,
                height: 100.0,
            },
        ];
        let h = crate::document::row_heights(2, &needs, 15.0);
        // Row 1 needs nothing of its own: the spanning cell's shortfall (80) is shared.
        assert_eq!(h, vec![60.0, 40.0]);
    }
}
