//! Where the print sheet's pages break. Excel prints a row whole, so a page breaks between
//! rows; the rule is the PDF's ([`crate::layout::table`]) at row granularity: an item that
//! does not fit moves whole to the next page only when it fits on a page of its own and this
//! page is already `min_page_fill` full; otherwise it is split at the last row that fits, and
//! its merged labels (序号, 事项, a leader over several rows) start again on the next page.

use crate::document::{Row, split_rows};
use crate::style::Style;
use std::borrow::Cow;

/// A part of a row group as it prints (the group itself when it is not split: most are not,
/// and a 10,000-item table is not copied), and whether a page starts before it.
pub(super) struct Part<'a> {
    pub rows: Cow<'a, [Row]>,
    pub new_page: bool,
}

/// The height a page holds, in the sheet's points: the sheet prints one page wide, scaled
/// down to fit, so a page holds the printable height over that scale.
pub(super) fn page_room(style: &Style, widths: &[f64]) -> f64 {
    let x = &style.xlsx;
    let page = &style.pages.landscape;
    let pt_per_mm = 72.0 / 25.4;
    let [left, right, top, bottom] = x.margins;
    let printable_w = f64::from(page.width) * pt_per_mm - (left + right) * 72.0;
    let printable_h = f64::from(page.height) * pt_per_mm - (top + bottom) * 72.0;
    let table_w: f64 = widths
        .iter()
        .map(|w| super::heights::column_points(*w))
        .sum();
    let scale = (printable_w / table_w.max(1.0)).min(1.0);
    printable_h / scale
}

/// The sheet's pages so far: what the current page holds and what a page can.
struct Pages {
    room: f64,
    header: f64,
    used: f64,
    /// The current page holds no item yet.
    empty: bool,
    /// A page starts before the next part.
    pending: bool,
}

impl Pages {
    fn new_page(&mut self) {
        self.used = self.header;
        self.empty = true;
        self.pending = true;
    }

    fn place<'a>(&mut self, rows: Cow<'a, [Row]>, height: f64, out: &mut Vec<Part<'a>>) {
        out.push(Part {
            rows,
            new_page: std::mem::take(&mut self.pending),
        });
        self.used += height;
        self.empty = false;
    }
}

/// The row groups of a table as the parts they print in. `above` is the height of what
/// precedes the table on the first page, `header` the header's (repeated on every page);
/// `columns` is the table's number of columns, `measure` gives the height of a group of rows
/// as the sheet sets it.
pub(super) fn plan<'a>(
    style: &Style,
    room: f64,
    above: f64,
    header: f64,
    groups: &'a [Vec<Row>],
    columns: usize,
    measure: &dyn Fn(&[Row]) -> f64,
) -> Vec<Part<'a>> {
    const EPS: f64 = 0.01;
    let min_fill = f64::from(style.table.min_page_fill);
    let mut pages = Pages {
        room,
        header,
        used: above + header,
        empty: true,
        pending: false,
    };
    let mut out = Vec::with_capacity(groups.len());
    for group in groups {
        let mut rest: Cow<'a, [Row]> = Cow::Borrowed(group);
        loop {
            let height = measure(&rest);
            if pages.used + height <= pages.room + EPS {
                pages.place(rest, height, &mut out);
                break;
            }
            let fits_a_page = header + height <= pages.room + EPS;
            if !pages.empty && fits_a_page && pages.used >= min_fill * pages.room {
                pages.new_page();
                continue;
            }
            // Split at the last row whose part fits here.
            let cut = (1..rest.len()).rev().find_map(|at| {
                let (first, second) = split_rows(&rest, columns, at);
                let h = measure(&first);
                (pages.used + h <= pages.room + EPS).then_some((first, second, h))
            });
            match cut {
                Some((first, second, h)) => {
                    pages.place(Cow::Owned(first), h, &mut out);
                    pages.new_page();
                    rest = Cow::Owned(second);
                }
                None if !pages.empty => pages.new_page(),
                // Not one row fits on an empty page: Excel breaks inside it.
                None => {
                    pages.place(rest, height, &mut out);
                    break;
                }
            }
        }
    }
    out
}
