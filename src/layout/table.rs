//! Table layout: cells wrap inside their column span, row heights grow to fit (a spanning
//! cell's need is spread over its rows), the header repeats on every page, and a row group
//! moves to the next page whole unless it does not fit on a page of its own; then it splits
//! at a row boundary, or inside a row (line by line in every cell) when one row is taller than
//! a page.

use super::columns::ColumnText;
use super::linebreak::Line;
use super::{Drawn, Flow, PT_PER_MM, TextStyle};
use crate::document::{Need, row_heights};
use crate::document::{Row, Table, place};
use crate::style::VAlign;
use std::collections::VecDeque;

const EPS: f32 = 0.01;

/// A cell with its text broken into lines.
#[derive(Debug, Clone)]
pub struct LaidCell {
    /// Row within its group.
    pub row: usize,
    /// First column.
    pub col: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// The lines, positioned within the cell's inner width.
    pub lines: Vec<Line>,
    /// The text style.
    pub ts: TextStyle,
    /// The cell's row within its group and its place in that row, as the document has them
    /// (a split renumbers `row`, not this).
    pub source: (usize, usize),
}

/// A block of rows that stays together when it can.
#[derive(Debug, Clone)]
pub struct Group {
    /// Number of rows.
    pub rows: usize,
    /// The cells.
    pub cells: Vec<LaidCell>,
    /// Row heights fixed by a split (the part before a page break), else computed.
    pub fixed: Option<Vec<f32>>,
    /// The table's row group it is (or is part of); None for the head.
    pub index: Option<usize>,
}

impl Group {
    /// Row heights: each row as tall as its single-row cells need, then spanning cells'
    /// shortfall spread evenly over their rows.
    pub fn heights(&self, pad: f32) -> Vec<f32> {
        if let Some(h) = &self.fixed {
            return h.clone();
        }
        let needs: Vec<Need> = self
            .cells
            .iter()
            .map(|c| Need {
                row: c.row,
                rowspan: c.rowspan,
                height: f64::from(2.0 * pad + c.lines.len().max(1) as f32 * c.ts.pitch),
            })
            .collect();
        let min = self.cells.iter().map(|c| c.ts.pitch).fold(0.0, f32::max) + 2.0 * pad;
        row_heights(self.rows, &needs, f64::from(min))
            .into_iter()
            .map(|x| x as f32)
            .collect()
    }
}

fn cumulative(h: &[f32]) -> Vec<f32> {
    let mut cum = Vec::with_capacity(h.len() + 1);
    cum.push(0.0);
    for x in h {
        cum.push(cum.last().copied().unwrap_or(0.0) + x);
    }
    cum
}

/// How to split a row group at a page end.
#[derive(Debug, Clone, Copy, Default)]
pub struct SplitRule<'a> {
    /// Cut at a row boundary only when the rows before it fill at least this much of `avail`;
    /// else cut inside the next row (line by line in each of its cells).
    pub min_fill: f32,
    /// Per column: a cell crossing the cut is shown whole again at the top of the second part
    /// (序号, 事项), when it fits in `repeat_room`; a taller one continues like any other cell,
    /// so every split makes progress.
    pub repeat: &'a [bool],
    /// The most a repeated cell may take (a fresh page's room for the rows).
    pub repeat_room: f32,
}

/// Splits `group` so that the first part fits in `avail`: at the last row boundary that fits
/// (when that leaves the part at least `rule.min_fill` of `avail`), or else inside the row
/// that does not fit. Cells crossing the cut keep the lines that fit and continue, with the
/// rest of their lines, at the top of the second part; cells of `rule.repeat` columns start
/// over there.
pub fn split(group: Group, avail: f32, pad: f32, rule: SplitRule) -> (Group, Group) {
    let h = group.heights(pad);
    let cum = cumulative(&h);
    let k = (1..=group.rows)
        .take_while(|&r| cum[r] <= avail + EPS)
        .count();
    let inside = k == 0 || (k < group.rows && cum[k] < rule.min_fill * avail);
    let (cut, first_rows, offset) = if inside {
        (avail, k + 1, k)
    } else {
        (cum[k], k, k)
    };
    let mut fixed = h[..k].to_vec();
    if inside {
        fixed.push(avail - cum[k]);
    }
    let mut first = Group {
        rows: first_rows,
        cells: Vec::new(),
        fixed: Some(fixed),
        index: group.index,
    };
    let mut rest = Group {
        rows: group.rows - offset,
        cells: Vec::new(),
        fixed: None,
        index: group.index,
    };
    for mut c in group.cells {
        let end = c.row + c.rowspan;
        if c.row >= first_rows {
            c.row -= offset;
            rest.cells.push(c);
        } else if end <= offset {
            first.cells.push(c);
        } else {
            let room = cut.min(cum[end]) - cum[c.row] - 2.0 * pad;
            let fit = ((room / c.ts.pitch + EPS).floor().max(0.0) as usize).min(c.lines.len());
            let whole = 2.0 * pad + c.lines.len() as f32 * c.ts.pitch;
            let repeated =
                rule.repeat.get(c.col).copied().unwrap_or(false) && whole <= rule.repeat_room + EPS;
            let tail = if repeated {
                let all = c.lines.clone();
                c.lines.truncate(fit);
                all
            } else {
                c.lines.split_off(fit)
            };
            rest.cells.push(LaidCell {
                row: 0,
                rowspan: end - offset,
                lines: tail,
                ..c.clone()
            });
            c.rowspan = first_rows - c.row;
            first.cells.push(c);
        }
    }
    (first, rest)
}

/// Each column's width from its content ([`super::columns::fit`]): the material's shared
/// widths when the pipeline set them, else this table's own.
fn column_widths(engine: &super::Engine, table: &Table, width: f32) -> Vec<f32> {
    if let Some(shared) = table
        .widths
        .as_ref()
        .filter(|w| w.len() == table.columns.len())
    {
        // Fitted for this text block with the material's other annexes.
        let sum: f32 = shared.iter().sum();
        return shared.iter().map(|w| w * width / sum.max(1.0)).collect();
    }
    own_widths(
        engine.style,
        table,
        &column_text(engine, table, width),
        width,
    )
}

/// What `table`'s text asks of each column: the least width (its widest unit, or
/// `table.min_chars`), its widest unbroken line, and each body row's text lengths, in points;
/// cells spanning several columns do not count.
fn column_text(engine: &super::Engine, table: &Table, width: f32) -> ColumnText {
    let n = table.columns.len();
    let pad = engine.style.table.padding * PT_PER_MM;
    // The first-line indent and rounding: a hair more than the text.
    let extra = 2.0 * pad + 0.5;
    let share = engine.style.table.max_unit_share.clamp(0.05, 1.0) * f64::from(width);
    let mut text = ColumnText {
        min: vec![0.0; n],
        natural: vec![0.0; n],
        rows: Vec::new(),
        padding: f64::from(extra / 2.0),
        em: 0.0,
    };
    let groups =
        std::iter::once((true, &table.head)).chain(table.groups.iter().map(|g| (false, g)));
    for (head, group) in groups {
        for (row, cols) in group.iter().zip(place(group, n)) {
            let mut lengths = vec![(0.0f32, 1u16); n];
            for (cell, col) in row.cells.iter().zip(cols) {
                if cell.colspan != 1 || col >= n {
                    continue;
                }
                let ts = engine.text_style(cell.role, width);
                text.em = text.em.max(f64::from(ts.size));
                let advance = |c| engine.advance(&ts, c);
                let (unit, nat) =
                    crate::text::linebreak::unit_and_natural_width(&cell.text, ts.units, &advance);
                // A unit wider than its fair share (a 19-character department) breaks inside
                // rather than set its column's least width: the column gets what the rows it
                // decides are worth.
                // A quarter character more: Word and LibreOffice, drawing the same widths,
                // may set the unit a hair wider than the PDF does.
                let floor = f64::from(unit + extra + 0.25 * ts.size);
                if floor <= share {
                    text.min[col] = text.min[col].max(floor);
                }
                text.natural[col] = text.natural[col].max(f64::from(nat + extra));
                if let Some(chars) = engine.style.table.min_chars.get(&table.columns[col]) {
                    let floor = chars * engine.advance(&ts, '字') + extra;
                    text.min[col] = text.min[col].max(f64::from(floor));
                }
                let length: f32 = cell.text.chars().filter(|&c| c != '\n').map(advance).sum();
                let paragraphs = cell.text.split('\n').count().min(usize::from(u16::MAX));
                lengths[col] = (length, paragraphs as u16);
            }
            if !head {
                text.rows.push(lengths);
            }
        }
    }
    text
}

/// One set of column widths for `tables` (the annexes of one material) in a text block
/// `width` points wide, fitted to all their contents at once, so every annex table looks
/// alike; None when their columns differ (annexes with other plan years). `texts` are
/// each table's [`table_text`], worked out on whichever thread.
pub fn shared_widths(
    style: &crate::style::Style,
    tables: &[&Table],
    texts: &[ColumnText],
    width: f32,
) -> Option<Vec<f32>> {
    let first = tables.first()?;
    if tables.iter().any(|t| t.columns != first.columns) {
        return None;
    }
    Some(own_widths(style, first, &ColumnText::merged(texts), width))
}

/// `table`'s own column widths for its `text` in a text block `width` points wide (when the
/// material's annexes have different columns).
pub fn own_widths(
    style: &crate::style::Style,
    table: &Table,
    text: &ColumnText,
    width: f32,
) -> Vec<f32> {
    super::columns::fit(&style.table, &table.columns, text, f64::from(width))
        .into_iter()
        .map(|w| w as f32)
        .collect()
}

/// What `table`'s text asks of each column ([`ColumnText`]), for [`shared_widths`].
pub fn table_text(
    style: &crate::style::Style,
    measure: &dyn super::Measure,
    table: &Table,
    width: f32,
) -> ColumnText {
    column_text(&super::Engine::new(style, measure), table, width)
}

/// The widths in points the PDF gives `table`'s columns in a text block `width` points wide:
/// for another writer (Word) drawing the same table.
pub fn table_column_widths(
    style: &crate::style::Style,
    measure: &dyn super::Measure,
    table: &Table,
    width: f32,
) -> Vec<f32> {
    column_widths(&super::Engine::new(style, measure), table, width)
}

/// The height of each row of the row group `rows` in columns `widths` points wide, as the PDF
/// sets them: what the Word writer needs to keep an item's rows together where the PDF does.
pub fn row_heights_of(
    style: &crate::style::Style,
    measure: &dyn super::Measure,
    rows: &[Row],
    widths: &[f32],
) -> Vec<f32> {
    let engine = super::Engine::new(style, measure);
    let pad = style.table.padding * super::PT_PER_MM;
    build_group(&engine, rows, widths, pad).heights(pad)
}

fn build_group(engine: &super::Engine, rows: &[Row], widths: &[f32], pad: f32) -> Group {
    let placed = place(rows, widths.len());
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (k, (cell, &col)) in row.cells.iter().zip(&placed[r]).enumerate() {
            let span_end = (col + cell.colspan).min(widths.len());
            let inner = widths[col.min(span_end)..span_end].iter().sum::<f32>() - 2.0 * pad;
            let ts = engine.text_style(cell.role, inner);
            cells.push(LaidCell {
                row: r,
                col,
                rowspan: cell.rowspan.min(rows.len() - r),
                colspan: span_end - col,
                lines: engine.lines(&cell.text, &ts, inner.max(1.0)),
                ts,
                source: (r, k),
            });
        }
    }
    Group {
        rows: rows.len(),
        cells,
        fixed: None,
        index: None,
    }
}

/// Draws `group` at the flow's cursor (the table at `block`) and returns its height.
fn draw_group(flow: &mut Flow, group: &Group, widths: &[f32], pad: f32, block: usize) -> f32 {
    let h = group.heights(pad);
    let cum = cumulative(&h);
    let mut xs = vec![flow.frame.left];
    for w in widths {
        xs.push(xs.last().copied().unwrap_or(0.0) + w);
    }
    let top = flow.frame.top + flow.y;
    let rule = flow.engine.style.table.rule;
    let engine = flow.engine;
    let section = flow.section;
    for c in &group.cells {
        let (x0, x1) = (xs[c.col], xs[c.col + c.colspan]);
        let (y0, y1) = (top + cum[c.row], top + cum[c.row + c.rowspan]);
        let origin = super::Origin::Cell {
            section,
            block,
            group: group.index,
            row: c.source.0,
            cell: c.source.1,
        };
        flow.mark(origin, [x0, y0, x1 - x0, y1 - y0]);
        let items = flow.items();
        for (from, to) in [
            ((x0, y0), (x1, y0)),
            ((x1, y0), (x1, y1)),
            ((x1, y1), (x0, y1)),
            ((x0, y1), (x0, y0)),
        ] {
            items.push(Drawn::Rule {
                from,
                to,
                width: rule,
            });
        }
        let text_h = c.lines.len() as f32 * c.ts.pitch;
        let voff = match c.ts.valign {
            VAlign::Middle => ((y1 - y0 - 2.0 * pad - text_h) / 2.0).max(0.0),
            VAlign::Top => 0.0,
        };
        for (i, line) in c.lines.iter().enumerate() {
            let baseline = y0 + pad + voff + i as f32 * c.ts.pitch + c.ts.baseline_offset();
            engine.emit_line(items, &c.ts, x0 + pad, baseline, line);
        }
    }
    cum[group.rows]
}

/// Lays out `table` at the flow's cursor, continuing on new pages as needed.
pub fn layout_table(flow: &mut Flow, table: &Table, block: usize) {
    let pad = flow.engine.style.table.padding * PT_PER_MM;
    let widths = column_widths(flow.engine, table, flow.frame.text_width);
    let head = build_group(flow.engine, &table.head, &widths, pad);
    let head_h: f32 = head.heights(pad).iter().sum();
    let mut queue: VecDeque<Group> = table
        .groups
        .iter()
        .enumerate()
        .map(|(i, rows)| Group {
            index: Some(i),
            ..build_group(flow.engine, rows, &widths, pad)
        })
        .collect();
    let min_split = 2.0 * pad
        + queue
            .iter()
            .flat_map(|g| g.cells.iter())
            .map(|c| c.ts.pitch)
            .fold(0.0, f32::max);
    let fresh = flow.frame.text_height - head_h;
    let table_style = &flow.engine.style.table;
    let repeat: Vec<bool> = table
        .columns
        .iter()
        .map(|c| table_style.repeat_on_split.contains(c))
        .collect();
    let min_fill = table_style.min_page_fill;
    let mut need_header = true;
    while let Some(group) = queue.pop_front() {
        let gh: f32 = group.heights(pad).iter().sum();
        let header_h = if need_header { head_h } else { 0.0 };
        let room = flow.room() - header_h;
        let full_enough = flow.y + header_h >= min_fill * flow.frame.text_height;
        if gh > room + EPS
            && ((gh <= fresh + EPS && full_enough) || room < min_split)
            && flow.y > 0.0
        {
            // Fits on a page of its own and this page is full enough (or no useful room is
            // left): move it whole.
            flow.new_page();
            need_header = true;
            queue.push_front(group);
            continue;
        }
        if need_header {
            flow.y += draw_group(flow, &head, &widths, pad, block);
            need_header = false;
        }
        if gh <= flow.room() + EPS {
            flow.y += draw_group(flow, &group, &widths, pad, block);
        } else {
            // At least one line of every cell goes on this page, so splitting always progresses.
            // Split so this page ends at least `min_fill` full: at a row boundary when that
            // does, else inside a row.
            let avail = flow.room().max(min_split);
            let wanted = (min_fill * flow.frame.text_height - flow.y).max(0.0) / avail;
            let rule = SplitRule {
                min_fill: wanted.min(1.0),
                repeat: &repeat,
                // Less than a fresh page, so what continues beside it always moves on.
                repeat_room: fresh - min_split,
            };
            let (first, rest) = split(group, avail, pad, rule);
            draw_group(flow, &first, &widths, pad, block);
            flow.new_page();
            need_header = true;
            queue.push_front(rest);
        }
    }
    if need_header && table.groups.is_empty() {
        flow.y += draw_group(flow, &head, &widths, pad, block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Cell, Document, Orientation, Section};
    use crate::fonts::FontId;
    use crate::layout::{Engine, Measure, layout};
    use crate::style::Style;
    use crate::text::linebreak::Glyph;

    struct Square;
    impl Measure for Square {
        fn advance(&self, _: FontId, _: char) -> f32 {
            1.0
        }
        fn has_glyph(&self, _: FontId, _: char) -> bool {
            true
        }
        fn ascent(&self, _: FontId) -> f32 {
            0.88
        }
    }

    fn style() -> Style {
        crate::theme::default_style().unwrap()
    }

    fn cell(engine: &Engine, row: usize, col: usize, rowspan: usize, lines: usize) -> LaidCell {
        let line = Line {
            glyphs: vec![Glyph {
                ch: '字',
                x: 0.0,
                advance: 10.0,
            }],
            width: 10.0,
        };
        LaidCell {
            row,
            col,
            rowspan,
            colspan: 1,
            lines: vec![line; lines],
            ts: engine.text_style(engine.style.role_id("cell").unwrap(), 100.0),
            source: (row, col),
        }
    }

    /// A group of `rows` rows from (row, col, rowspan, lines) cells.
    fn group(rows: usize, cells: &[(usize, usize, usize, usize)]) -> Group {
        let style = style();
        let engine = Engine::new(&style, &Square);
        Group {
            rows,
            cells: cells
                .iter()
                .map(|&(r, c, span, lines)| cell(&engine, r, c, span, lines))
                .collect(),
            fixed: None,
            index: Some(0),
        }
    }

    #[test]
    fn a_spanning_cell_spreads_its_height_over_its_rows() {
        let pad = 2.0;
        let g = group(2, &[(0, 0, 2, 6), (0, 1, 1, 1), (1, 1, 1, 1)]);
        let pitch = g.cells[0].ts.pitch;
        let h = g.heights(pad);
        assert!((h[0] - h[1]).abs() < 0.01);
        assert!((h[0] + h[1] - (2.0 * pad + 6.0 * pitch)).abs() < 0.01);
    }

    #[test]
    fn a_row_taller_than_the_room_splits_inside_its_cells() {
        let pad = 2.0;
        let g = group(2, &[(0, 0, 2, 3), (0, 1, 1, 100), (1, 1, 1, 2)]);
        let pitch = g.cells[1].ts.pitch;
        let (first, rest) = split(g, 200.0, pad, SplitRule::default());
        let fit = ((200.0 - 2.0 * pad) / pitch).floor() as usize;
        assert_eq!(first.heights(pad), vec![200.0]);
        assert_eq!(
            first
                .cells
                .iter()
                .map(|c| c.lines.len())
                .collect::<Vec<_>>(),
            vec![3, fit]
        );
        // The rest: the spanning cell continues (empty) over both rows, the tall cell keeps
        // its remaining lines, the second row is untouched.
        assert_eq!(rest.rows, 2);
        let by_col: Vec<(usize, usize, usize, usize)> = rest
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.lines.len()))
            .collect();
        assert_eq!(
            by_col,
            vec![(0, 0, 2, 0), (0, 1, 1, 100 - fit), (1, 1, 1, 2)]
        );
    }

    #[test]
    fn a_split_at_a_row_boundary_continues_spanning_cells() {
        let pad = 2.0;
        let g = group(3, &[(0, 0, 3, 1), (0, 1, 1, 5), (1, 1, 1, 5), (2, 1, 1, 5)]);
        let h = g.heights(pad);
        let (first, rest) = split(g, h[0] + h[1] + 1.0, pad, SplitRule::default());
        assert_eq!(first.rows, 2);
        assert_eq!(first.cells[0].rowspan, 2);
        assert_eq!(first.cells[0].lines.len(), 1);
        assert_eq!(rest.rows, 1);
        assert_eq!(
            (
                rest.cells[0].row,
                rest.cells[0].rowspan,
                rest.cells[0].lines.len()
            ),
            (0, 1, 0)
        );
    }

    #[test]
    fn a_split_that_would_leave_the_page_short_cuts_inside_a_row_and_repeats_columns() {
        let pad = 2.0;
        // Column 0 spans both rows (序号); row 0 is short, row 1 tall.
        let g = group(2, &[(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 40)]);
        let h = g.heights(pad);
        let avail = h[0] + 100.0;
        let rule = SplitRule {
            min_fill: 0.9,
            repeat: &[true, false],
            repeat_room: 1000.0,
        };
        let (first, rest) = split(g, avail, pad, rule);
        // Not at the row boundary (it would fill only h[0] of avail): inside row 1.
        assert_eq!(first.rows, 2);
        let used: f32 = first.heights(pad).iter().sum();
        assert!((used - avail).abs() < 0.01, "{used} against {avail}");
        // The spanning cell is whole on the first part and again on the second.
        let col0 = |g: &Group| g.cells.iter().find(|c| c.col == 0).unwrap().lines.len();
        assert_eq!((col0(&first), col0(&rest)), (1, 1));
        let tall = rest.cells.iter().find(|c| c.col == 1).unwrap();
        let fit = first
            .cells
            .iter()
            .filter(|c| c.col == 1)
            .map(|c| c.lines.len())
            .sum::<usize>();
        assert_eq!(fit + tall.lines.len(), 42);
    }

    #[test]
    fn a_repeated_cell_taller_than_a_page_continues_instead_of_starting_over() {
        let pad = 2.0;
        // 事项 (column 0, repeated) has 300 lines: more than a page of 200 pt holds.
        let g = group(1, &[(0, 0, 1, 300), (0, 1, 1, 2)]);
        let rule = SplitRule {
            min_fill: 0.0,
            repeat: &[true, false],
            repeat_room: 200.0,
        };
        let mut rest = g;
        let mut shown = 0;
        for _ in 0..100 {
            let (first, next) = split(rest, 200.0, pad, rule);
            shown += first
                .cells
                .iter()
                .filter(|c| c.col == 0)
                .map(|c| c.lines.len())
                .sum::<usize>();
            rest = next;
            if rest.heights(pad).iter().sum::<f32>() <= 200.0 {
                break;
            }
        }
        let left = rest.cells.iter().find(|c| c.col == 0).unwrap().lines.len();
        assert_eq!(shown + left, 300, "every line once, and the splitting ends");
    }

    fn table_doc(groups: usize, lines_per_cell: usize) -> Document {
        let text: String = "字".repeat(lines_per_cell * 40);
        let row = |cells: Vec<Cell>| crate::document::Row { cells };
        let style = style();
        let c = |t: &str, header: bool| Cell {
            text: t.to_string(),
            role: style
                .role_id(if header { "header-cell" } else { "cell" })
                .unwrap(),
            colspan: 1,
            rowspan: 1,
            header,
        };
        Document {
            sections: vec![Section {
                orientation: Orientation::Landscape,
                blocks: vec![Block::Table(crate::document::Table {
                    columns: vec!["seq".into(), "content".into()],
                    head: vec![row(vec![c("序号", true), c("内容", true)])],
                    groups: (0..groups)
                        .map(|i| vec![row(vec![c(&i.to_string(), false), c(&text, false)])])
                        .collect(),
                    widths: None,
                })],
            }],
        }
    }

    fn page_texts(doc: &Document) -> Vec<String> {
        let style = style();
        let engine = Engine::new(&style, &Square);
        layout(doc, &engine)
            .pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|d| match d {
                        Drawn::Text { text, .. } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_header_repeats_and_groups_move_whole_to_the_next_page() {
        let pages = page_texts(&table_doc(30, 2));
        assert!(pages.len() >= 2);
        for p in &pages {
            assert!(p.starts_with("序号内容"), "{p}");
        }
        // No group is split: each page holds whole groups (two lines of 40 characters each).
        let total: usize = pages.iter().map(|p| p.matches('字').count()).sum();
        assert_eq!(total, 30 * 2 * 40);
    }

    #[test]
    fn a_group_taller_than_a_page_splits_and_loses_nothing() {
        let pages = page_texts(&table_doc(1, 120));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let total: usize = pages.iter().map(|p| p.matches('字').count()).sum();
        assert_eq!(total, 120 * 40);
        assert!(pages.iter().all(|p| p.starts_with("序号内容")));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::document::{Block, Cell, Document, Orientation, Row, Section, Table};
    use crate::fonts::FontId;
    use crate::layout::{Engine, Measure, layout};
    use crate::style::Style;
    use proptest::prelude::*;

    /// Full-width hanzi are 1 em, everything else ½ em.
    struct HalfWidth;
    impl Measure for HalfWidth {
        fn advance(&self, _: FontId, c: char) -> f32 {
            if c.is_ascii() { 0.5 } else { 1.0 }
        }
        fn has_glyph(&self, _: FontId, _: char) -> bool {
            true
        }
        fn ascent(&self, _: FontId) -> f32 {
            0.88
        }
    }

    fn style() -> Style {
        crate::theme::default_style().unwrap()
    }

    fn cell(text: String, rowspan: usize) -> Cell {
        Cell {
            text,
            role: style().role_id("cell").unwrap(),
            colspan: 1,
            rowspan,
            header: false,
        }
    }

    /// Groups of 1–4 rows: a 序号 cell spanning the group, then two text cells per row. Body
    /// text uses 甲乙丙… and digits; the header uses other characters, so they can be counted
    /// apart.
    fn groups() -> impl Strategy<Value = Vec<Vec<(usize, usize)>>> {
        prop::collection::vec(
            prop::collection::vec((0usize..400, 0usize..60), 1..4),
            1..12,
        )
    }

    fn body_text(n: usize, seed: usize) -> String {
        (0..n)
            .map(|i| ['甲', '乙', '丙', '丁', 'x', '1'][(i + seed) % 6])
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Every character of every body cell is drawn exactly once across page breaks, and
        /// every run of text lies inside the page's text block.
        #[test]
        fn table_cells_keep_their_text_inside_the_page(groups in groups()) {
            let header_role = style().role_id("header-cell").unwrap();
            let header = |t: &str| Cell { text: t.into(), role: header_role, colspan: 1, rowspan: 1, header: true };
            let mut expected = 0usize;
            let mut seqs = 0usize;
            let groups: Vec<Vec<Row>> = groups
                .iter()
                .enumerate()
                .map(|(g, rows)| {
                    rows.iter()
                        .enumerate()
                        .map(|(r, &(a, b))| {
                            expected += a + b;
                            let mut cells = Vec::new();
                            if r == 0 {
                                // 序号: shown again when its group is split, so drawn at
                                // least once.
                                seqs += 1;
                                cells.push(cell("一".to_string(), rows.len()));
                            }
                            cells.push(cell(body_text(a, g + r), 1));
                            cells.push(cell(body_text(b, g * 7 + r), 1));
                            Row { cells }
                        })
                        .collect()
                })
                .collect();
            let doc = Document {
                sections: vec![Section {
                    orientation: Orientation::Landscape,
                    blocks: vec![Block::Table(Table {
                        columns: vec!["seq".into(), "content".into(), "progress".into()],
                        head: vec![Row { cells: vec![header("序号"), header("内容"), header("情况")] }],
                        groups,
                        widths: None,
                    })],
                }],
            };
            let style = style();
            let engine = Engine::new(&style, &HalfWidth);
            let laid = layout(&doc, &engine);
            let frame = crate::layout::Frame::from_mm(&style.pages.landscape);
            let mut drawn = 0usize;
            let mut seqs_drawn = 0usize;
            for page in &laid.pages {
                for item in &page.items {
                    if let Drawn::Text { x, baseline, text, size, .. } = item {
                        drawn += text.chars().filter(|c| "甲乙丙丁x1".contains(*c)).count();
                        seqs_drawn += text.chars().filter(|&c| c == '一').count();
                        let width: f32 = text.chars().map(|c| HalfWidth.advance(FontId::default(), c) * *size).sum();
                        prop_assert!(*x >= frame.left - 0.1, "{text} starts left of the text block");
                        prop_assert!(x + width <= frame.left + frame.text_width + 0.1, "{text} runs past the text block");
                        prop_assert!(*baseline <= frame.top + frame.text_height + 0.1, "{text} runs below the text block");
                    }
                }
            }
            prop_assert_eq!(drawn, expected);
            prop_assert!(seqs_drawn >= seqs);
        }
    }
}
