//! Tables in WordprocessingML: the PDF's column widths and padding, merges, the repeated
//! header, rows kept whole where the PDF keeps them, header words broken where it breaks them.

use super::{Marked, TWIPS_PER_MM, finish, style_id, text_run, with_bookmark};
use crate::document::{Row, Table, place};
use crate::layout::{Measure, PT_PER_MM};
use crate::style::{PageGeometry, Style, VAlign};
use docx_rs::{BuildXML, TableCell, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType};

/// A table with the PDF's column widths; 序号/事项 merged down (`vMerge`), year ranges and the
/// feedback cell across (`gridSpan`); the header rows repeat on every page. A row, and an
/// item's rows, stay together where the PDF is sure to keep them together: no taller than the
/// part of a page the PDF leaves empty rather than split it (`table.min_page_fill`); a taller
/// row may split inside its cells, as the PDF splits it.
/// `(marked, first)`: the bookmarks, and the spot number of the table's first cell.
pub(super) fn table(
    style: &Style,
    measure: &dyn Measure,
    t: &Table,
    g: &PageGeometry,
    (marked, first): (Option<&Marked>, usize),
) -> Vec<u8> {
    let width_pt = g.text_width() * PT_PER_MM;
    let widths_pt = crate::layout::table::table_column_widths(style, measure, t, width_pt);
    let widths: Vec<usize> = widths_pt
        .iter()
        .map(|w| (w * 20.0).round().max(1.0) as usize)
        .collect();
    let page = g.text_height() * PT_PER_MM;
    let cells = CellWidths {
        twips: &widths,
        points: &widths_pt,
    };
    let mut spot = first;
    let mut marks = |rows: &[Row]| {
        let at = Spots {
            marked,
            first: spot,
        };
        spot += rows.iter().map(|r| r.cells.len()).sum::<usize>();
        at
    };
    let mut rows: Vec<TableRow> =
        grid_rows(style, measure, &t.head, &cells, (false, marks(&t.head)))
            .into_iter()
            .map(TableRow::cant_split)
            .collect();
    // The PDF moves a group or row whole only when the page is already `min_page_fill` full, so
    // what is no taller than the rest of a page never splits there; anything taller may.
    let whole = (1.0 - style.table.min_page_fill) * page;
    for group in &t.groups {
        let heights = crate::layout::table::row_heights_of(style, measure, group, &widths_pt);
        let kept = heights.iter().sum::<f32>() <= whole;
        let group_rows = grid_rows(style, measure, group, &cells, (kept, marks(group)));
        for (row, height) in group_rows.into_iter().zip(heights) {
            rows.push(if height <= whole {
                row.cant_split()
            } else {
                row
            });
        }
    }
    let total: usize = widths.iter().sum();
    // The PDF's cell padding on every side (Word's default is 1.9 mm left and right, none
    // above and below: header words would break where the PDF keeps them whole).
    let pad = (style.table.padding * TWIPS_PER_MM).round() as usize;
    let xml = docx_rs::Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
        .margins(docx_rs::TableCellMargins::new().margin(pad, pad, pad, pad))
        .build();
    finish::repeat_header_rows(&String::from_utf8_lossy(&xml), t.head.len()).into_bytes()
}

/// The Word rows of one row group: each cell placed on the grid, a cell spanning rows written
/// as a `restart` cell and a `continue` cell in each row below it.
/// A table's column widths, in Word's twips and in the layout's points.
struct CellWidths<'w> {
    twips: &'w [usize],
    points: &'w [f32],
}

/// The bookmarks of a run of rows: spot `first` is their first cell.
#[derive(Clone, Copy)]
struct Spots<'m> {
    marked: Option<&'m Marked<'m>>,
    first: usize,
}

/// A grid slot's cell, whether this is the first row of its span, and its spot number.
type Slot<'c> = (&'c crate::document::Cell, bool, usize);

/// `kept`: the rows stay together on a page.
fn grid_rows(
    style: &Style,
    measure: &dyn Measure,
    rows: &[Row],
    widths: &CellWidths,
    (kept, spots): (bool, Spots),
) -> Vec<TableRow> {
    let n = widths.twips.len();
    let placed = place(rows, n);
    // (row, column) → (cell, first row of its span, its spot number).
    let mut slots: Vec<Vec<Option<Slot>>> = vec![vec![None; n]; rows.len()];
    let mut spot = spots.first;
    for (r, row) in rows.iter().enumerate() {
        for (cell, &col) in row.cells.iter().zip(&placed[r]) {
            spot += 1;
            if col >= n {
                continue;
            }
            let span = cell.rowspan.min(rows.len() - r).max(1);
            for (k, slot_row) in slots.iter_mut().skip(r).take(span).enumerate() {
                slot_row[col] = Some((cell, k == 0, spot - 1));
            }
        }
    }
    let last = slots.len().saturating_sub(1);
    slots
        .iter()
        .enumerate()
        .map(|(i, slot_row)| {
            let mut cells = Vec::new();
            let mut c = 0;
            while c < n {
                let Some((cell, first, at)) = slot_row[c] else {
                    c += 1;
                    continue;
                };
                let span = cell.colspan.clamp(1, n - c);
                let width: usize = widths.twips[c..c + span].iter().sum();
                let r = style.role(cell.role);
                let mut word = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(match r.valign {
                        VAlign::Middle => VAlignType::Center,
                        VAlign::Top => VAlignType::Top,
                    });
                if span > 1 {
                    word = word.grid_span(span);
                }
                if cell.rowspan > 1 {
                    word = word.vertical_merge(if first {
                        VMergeType::Restart
                    } else {
                        VMergeType::Continue
                    });
                }
                let mut para = docx_rs::Paragraph::new().style(&style_id(style, cell.role));
                // Word keeps rows together by keeping their paragraphs with the next.
                if kept && i < last {
                    para = para.keep_next(true);
                }
                word = word.add_paragraph(if first {
                    with_bookmark(para, spots.marked, at)
                        .add_run(text_run(&cell_text(style, measure, cell, widths, c, span)))
                } else {
                    para
                });
                cells.push(word);
                c += span;
            }
            TableRow::new(cells)
        })
        .collect()
}

/// The text of `cell` (at column `c`, `span` columns wide): a header cell's (a role that
/// breaks only between pairs of characters) with a line break where the PDF breaks it, so no
/// renderer splits 预计完成时间 inside a word; any other as it is.
fn cell_text(
    style: &Style,
    measure: &dyn Measure,
    cell: &crate::document::Cell,
    widths: &CellWidths,
    c: usize,
    span: usize,
) -> String {
    if style.role(cell.role).breaks.units() != crate::text::linebreak::Units::Pairs
        || cell.text.contains('\n')
    {
        return cell.text.clone();
    }
    let pad = style.table.padding * PT_PER_MM;
    let inner = widths.points[c..c + span].iter().sum::<f32>() - 2.0 * pad;
    crate::layout::lines_as_set(style, measure, cell.role, &cell.text, inner).join("\n")
}
