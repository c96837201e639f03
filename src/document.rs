//! The document model both writers consume: sections of paragraphs and tables, with no trace
//! of Tera or YAML. Parsed from the templates' XHTML markup by [`crate::render::markup`], which
//! resolves each role's name to a [`RoleId`] of the style.

pub use crate::style::RoleId;

/// Page orientation of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orientation {
    /// Report pages.
    Portrait,
    /// Annex tables.
    Landscape,
}

/// A rendered document: one or more sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The sections in order; each starts on a new page.
    pub sections: Vec<Section>,
}

/// Pages of one orientation.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Portrait or landscape.
    pub orientation: Orientation,
    /// The content.
    pub blocks: Vec<Block>,
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph or heading.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// Continue on a new page.
    PageBreak,
}

/// A paragraph: text in one style role. `\n` is a forced line break.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Paragraph {
    /// The style role (`body`, `title`, `h1`, …).
    pub role: RoleId,
    /// The text.
    pub text: String,
}

/// A table: column classes, header rows (repeated on every page) and row groups (kept together
/// on a page when they fit; one per `<tbody>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One class per column, naming its width in the style.
    pub columns: Vec<String>,
    /// Header rows.
    pub head: Vec<Row>,
    /// Body row groups.
    pub groups: Vec<Vec<Row>>,
    /// Column widths in points for the text block, when they are not the table's own: the
    /// annexes of one material share one set ([`crate::layout::table::shared_widths`]).
    pub widths: Option<Vec<f32>>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Row {
    /// The cells that start in this row, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Cell {
    /// The text; `\n` is a forced line break.
    pub text: String,
    /// The style role (`cell`, `cell-center`, `header-cell`, …).
    pub role: RoleId,
    /// Columns spanned (≥ 1).
    pub colspan: usize,
    /// Rows spanned (≥ 1), within its row group.
    pub rowspan: usize,
    /// A header cell (`<th>`).
    pub header: bool,
}

/// Places each cell of `rows` on the grid, skipping slots taken by row spans from above.
/// Returns, per row, the column of each of its cells.
pub fn place(rows: &[Row], columns: usize) -> Vec<Vec<usize>> {
    let mut taken = vec![vec![false; columns]; rows.len()];
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut cols = Vec::with_capacity(row.cells.len());
        let mut c = 0;
        for cell in &row.cells {
            while c < columns && taken[r][c] {
                c += 1;
            }
            cols.push(c);
            for row_taken in taken.iter_mut().skip(r).take(cell.rowspan) {
                for slot in row_taken.iter_mut().skip(c).take(cell.colspan) {
                    *slot = true;
                }
            }
            c += cell.colspan;
        }
        out.push(cols);
    }
    out
}

impl Table {
    /// The table with only the body rows `keep[group][row]` says (a department's rows): a
    /// spanning cell (序号, 事项, a left-out item's feedback) shrinks to the rows it keeps, or
    /// moves down to its first kept row; groups left empty are dropped. The header stays.
    pub fn keep_rows(&self, keep: &[Vec<bool>]) -> Table {
        let n = self.columns.len();
        let groups = self
            .groups
            .iter()
            .enumerate()
            .filter_map(|(g, rows)| {
                kept_rows(rows, n, |r| {
                    keep.get(g).and_then(|k| k.get(r)).copied().unwrap_or(false)
                })
            })
            .collect();
        Table {
            columns: self.columns.clone(),
            head: self.head.clone(),
            groups,
            widths: self.widths.clone(),
        }
    }
}

/// The row group `rows` cut before row `at` into two that each stand alone: a cell spanning
/// the cut (序号, 事项, a leader over several rows) is in both, spanning the rows it has in
/// each, as the PDF shows 序号 and 事项 again at the top of a continuation page.
pub fn split_rows(rows: &[Row], columns: usize, at: usize) -> (Vec<Row>, Vec<Row>) {
    let part = |range: std::ops::Range<usize>| {
        kept_rows(rows, columns, |r| range.contains(&r)).unwrap_or_default()
    };
    (part(0..at), part(at..rows.len()))
}

/// The rows of a row group that `kept` says, None when it keeps none: a spanning cell shrinks
/// to the rows it keeps, or moves down to its first kept row.
fn kept_rows(rows: &[Row], columns: usize, kept: impl Fn(usize) -> bool) -> Option<Vec<Row>> {
    let new_index: Vec<Option<usize>> = (0..rows.len())
        .scan(0, |next, r| {
            Some(kept(r).then(|| {
                *next += 1;
                *next - 1
            }))
        })
        .collect();
    let count = new_index.iter().flatten().count();
    if count == 0 {
        return None;
    }
    let mut placed: Vec<Vec<(usize, Cell)>> = vec![Vec::new(); count];
    for (r, (row, cols)) in rows.iter().zip(place(rows, columns)).enumerate() {
        for (cell, col) in row.cells.iter().zip(cols) {
            let span = r..(r + cell.rowspan).min(rows.len());
            let mut targets = span.filter_map(|x| new_index[x]);
            let Some(first) = targets.next() else {
                continue;
            };
            let rowspan = 1 + targets.count();
            placed[first].push((
                col,
                Cell {
                    rowspan,
                    ..cell.clone()
                },
            ));
        }
    }
    Some(
        placed
            .into_iter()
            .map(|mut cells| {
                cells.sort_by_key(|(c, _)| *c);
                Row {
                    cells: cells.into_iter().map(|(_, c)| c).collect(),
                }
            })
            .collect(),
    )
}

impl Document {
    /// The document with its tables cut to the body rows `keep` says ([`Table::keep_rows`]).
    pub fn keep_rows(&self, keep: &[Vec<bool>]) -> Document {
        Document {
            sections: self
                .sections
                .iter()
                .map(|s| Section {
                    blocks: s
                        .blocks
                        .iter()
                        .map(|b| match b {
                            Block::Table(t) => Block::Table(t.keep_rows(keep)),
                            other => other.clone(),
                        })
                        .collect(),
                    ..s.clone()
                })
                .collect(),
        }
    }

    /// A fingerprint of what [`Document::keep_rows`] keeps, without cutting: every block but
    /// the tables' bodies, and of each table its header and the whole row groups that keep a
    /// row (so spanning cells are covered). A session remakes a department's workbook when
    /// this changes, not on every edit to its annex.
    pub fn kept_fingerprint(&self, keep: &[Vec<bool>]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = fnv::FnvHasher::default();
        for section in &self.sections {
            section.orientation.hash(&mut h);
            for block in &section.blocks {
                match block {
                    Block::Paragraph(p) => p.hash(&mut h),
                    Block::PageBreak => 0u8.hash(&mut h),
                    Block::Table(t) => {
                        t.columns.hash(&mut h);
                        t.head.hash(&mut h);
                        let widths: Option<Vec<u32>> = t
                            .widths
                            .as_ref()
                            .map(|w| w.iter().map(|x| x.to_bits()).collect());
                        widths.hash(&mut h);
                        for (g, rows) in t.groups.iter().enumerate() {
                            if keep.get(g).is_some_and(|k| k.iter().any(|kept| *kept)) {
                                (g, keep[g].as_slice(), rows).hash(&mut h);
                            }
                        }
                    }
                }
            }
        }
        h.finish()
    }

    /// All text of the document in reading order, for checks and searches.
    pub fn texts(&self) -> impl Iterator<Item = (RoleId, &str)> {
        self.sections.iter().flat_map(|s| {
            s.blocks
                .iter()
                .flat_map(|b| -> Box<dyn Iterator<Item = (RoleId, &str)>> {
                    match b {
                        Block::Paragraph(p) => Box::new(std::iter::once((p.role, p.text.as_str()))),
                        Block::Table(t) => Box::new(
                            t.head
                                .iter()
                                .chain(t.groups.iter().flatten())
                                .flat_map(|r| r.cells.iter())
                                .map(|c| (c.role, c.text.as_str())),
                        ),
                        Block::PageBreak => Box::new(std::iter::empty()),
                    }
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, rowspan: usize) -> Cell {
        Cell {
            text: text.into(),
            role: RoleId::default(),
            colspan: 1,
            rowspan,
            header: false,
        }
    }

    #[test]
    fn keeping_rows_shrinks_or_moves_spanning_cells() {
        // 序号 and 事项 span three rows; the content cells one each.
        let group = vec![
            Row {
                cells: vec![cell("1", 3), cell("事项", 3), cell("a", 1)],
            },
            Row {
                cells: vec![cell("b", 1)],
            },
            Row {
                cells: vec![cell("c", 1)],
            },
        ];
        let table = Table {
            columns: vec!["seq".into(), "title".into(), "content".into()],
            head: Vec::new(),
            groups: vec![group.clone(), group],
            widths: None,
        };
        let cut = table.keep_rows(&[vec![false, true, true], vec![false, false, false]]);
        assert_eq!(cut.groups.len(), 1);
        let g = &cut.groups[0];
        let texts: Vec<Vec<(&str, usize)>> = g
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.text.as_str(), c.rowspan))
                    .collect()
            })
            .collect();
        assert_eq!(
            texts,
            [vec![("1", 2), ("事项", 2), ("b", 1)], vec![("c", 1)]]
        );
        assert_eq!(place(g, 3), [vec![0, 1, 2], vec![2]]);
    }
}

/// The height one cell needs over the rows it spans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Need {
    /// First row.
    pub row: usize,
    /// Rows spanned.
    pub rowspan: usize,
    /// Height needed (any unit).
    pub height: f64,
}

/// Row heights meeting every need: each row as tall as its single-row cells need, then each
/// spanning cell's shortfall spread evenly over its rows (shorter spans first); a row nothing
/// needs gets `min`. Shared by the PDF layout and the workbook, so both agree.
pub fn row_heights(rows: usize, needs: &[Need], min: f64) -> Vec<f64> {
    let mut h = vec![0.0f64; rows];
    for n in needs.iter().filter(|n| n.rowspan == 1 && n.row < rows) {
        h[n.row] = h[n.row].max(n.height);
    }
    let mut spanning: Vec<&Need> = needs.iter().filter(|n| n.rowspan > 1).collect();
    spanning.sort_by_key(|n| n.rowspan);
    for n in spanning {
        let end = (n.row + n.rowspan).min(rows);
        if n.row >= end {
            continue;
        }
        let have: f64 = h[n.row..end].iter().sum();
        if n.height > have {
            let add = (n.height - have) / (end - n.row) as f64;
            for x in &mut h[n.row..end] {
                *x += add;
            }
        }
    }
    for x in &mut h {
        if *x <= 0.0 {
            *x = min;
        }
    }
    h
}
