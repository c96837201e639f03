//! The document model both writers consume: sections of paragraphs and tables, with no trace
//! of Tera or YAML. Parsed from the templates' XHTML markup by [`super::markup`].

/// Page orientation of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The style role (`body`, `title`, `h1`, …).
    pub role: String,
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
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The cells that start in this row, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The text; `\n` is a forced line break.
    pub text: String,
    /// The style role (`cell`, `cell-center`, `header-cell`, …).
    pub role: String,
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

impl Document {
    /// All text of the document in reading order, for checks and searches.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections.iter().flat_map(|s| {
            s.blocks
                .iter()
                .flat_map(|b| -> Box<dyn Iterator<Item = (&str, &str)>> {
                    match b {
                        Block::Paragraph(p) => {
                            Box::new(std::iter::once((p.role.as_str(), p.text.as_str())))
                        }
                        Block::Table(t) => Box::new(
                            t.head
                                .iter()
                                .chain(t.groups.iter().flatten())
                                .flat_map(|r| r.cells.iter())
                                .map(|c| (c.role.as_str(), c.text.as_str())),
                        ),
                        Block::PageBreak => Box::new(std::iter::empty()),
                    }
                })
        })
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
