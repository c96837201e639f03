//! A table as the office typed it: its cells with their merges, read from each sheet of a
//! workbook (calamine, the sheet's merged ranges) or each table of a Word file (`w:gridSpan`
//! across, `w:vMerge` down), with the paragraphs around a Word table (its 附件 line and title
//! above, its 注 below). Sizes are checked before anything is parsed.

use calamine::{Data, Reader};
use std::io::Read as _;
use std::path::Path;

/// One cell of a [`Grid`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Its text as shown (line breaks as `\n`); empty for a cell a merge covers.
    pub text: String,
    /// (rows, columns) a merge starting here spans; (1, 1) when not merged.
    pub span: (usize, usize),
    /// The first cell of the merge that covers this one, when it is not that cell.
    pub covered_by: Option<(usize, usize)>,
}

/// Where a grid comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A workbook's sheet, by name.
    Sheet(String),
    /// A Word file's table, from 1.
    WordTable(usize),
}

/// A table: rectangular cells, and the paragraphs around it in a Word file (a sheet keeps
/// them in its rows).
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file it was read from.
    pub file: String,
    /// The sheet or table.
    pub origin: Origin,
    /// Rows of cells, all of one length.
    pub cells: Vec<Vec<Cell>>,
    /// Paragraphs above a Word table, since the one before.
    pub before: Vec<String>,
    /// Paragraphs below a Word table: its 注 lines.
    pub after: Vec<String>,
}

/// A merged range: its first and last cell, (row, column) from 0.
type Merge = ((usize, usize), (usize, usize));

/// Most rows or columns a table may have (the seed's tables have 15 rows and 11 columns).
const MAX_ROWS: usize = 5_000;
const MAX_COLUMNS: usize = 64;
/// Largest `word/document.xml` once inflated.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest file.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl Grid {
    /// A cell's name as the user finds it: `项目表.xlsx 工作表“附件1” H7`, or
    /// `项目表.docx 表格 1 第 3 行第 8 列`.
    pub fn place(&self, row: usize, col: usize) -> String {
        match &self.origin {
            Origin::Sheet(sheet) => crate::tr!(
                "from-cell-sheet",
                file = self.file.as_str(),
                sheet = sheet.as_str(),
                cell = super::super::read::cell_name(row as u32, col as u32)
            ),
            Origin::WordTable(n) => crate::tr!(
                "from-cell-word",
                file = self.file.as_str(),
                table = *n,
                row = row + 1,
                col = col + 1
            ),
        }
    }

    /// The table as a whole, for messages: `项目表.xlsx 工作表“附件1”`.
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Sheet(sheet) => crate::tr!(
                "from-sheet",
                file = self.file.as_str(),
                sheet = sheet.as_str()
            ),
            Origin::WordTable(n) => {
                crate::tr!("from-word-table", file = self.file.as_str(), table = *n)
            }
        }
    }

    /// The text of cell (row, col), or of the merge that covers it.
    pub fn text(&self, row: usize, col: usize) -> &str {
        let Some(cell) = self.cells.get(row).and_then(|r| r.get(col)) else {
            return "";
        };
        match cell.covered_by {
            Some((r, c)) => &self.cells[r][c].text,
            None => &cell.text,
        }
    }

    fn with_merges(mut self, merges: &[Merge]) -> Grid {
        for &((r0, c0), (r1, c1)) in merges {
            if r0 >= self.cells.len() || c0 >= self.width() {
                continue;
            }
            let r1 = r1.min(self.cells.len() - 1);
            let c1 = c1.min(self.width() - 1);
            self.cells[r0][c0].span = (r1 - r0 + 1, c1 - c0 + 1);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        self.cells[r][c].covered_by = Some((r0, c0));
                    }
                }
            }
        }
        self
    }

    fn width(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }
}

/// Every table of `path`: each sheet of a workbook (`.xlsx`), each table of a Word file
/// (`.docx`); anything else refused with what to save it as.
pub fn read(path: &Path) -> Result<Vec<Grid>, String> {
    let refuse =
        |why: String| crate::tr!("from-refused", file = crate::diag::shown(path), why = why);
    // A pipe, a device or a folder is refused by its kind before it is opened (one could
    // block the read for ever).
    if let Some(kind) = crate::files::not_a_file(path) {
        return Err(refuse(match std::fs::symlink_metadata(path) {
            Err(e) => crate::i18n::io_reason(&e),
            Ok(_) => crate::tr!("file-not-a-file", kind = kind),
        }));
    }
    let size = std::fs::metadata(path)
        .map_err(|e| refuse(crate::i18n::io_reason(&e)))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(refuse(crate::tr!(
            "import-too-large",
            bytes = size.to_string(),
            mb = MAX_FILE_BYTES >> 20
        )));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    match extension.as_str() {
        "xlsx" | "xlsm" => sheets(path, &file).map_err(refuse),
        "docx" => word_tables(path, &file).map_err(refuse),
        _ => Err(refuse(crate::tr!("from-not-a-table-file"))),
    }
}

/// Each sheet of a workbook that has cells, with its merged ranges.
fn sheets(path: &Path, file: &str) -> Result<Vec<Grid>, String> {
    super::super::bounds::check(path, MAX_ROWS as u32)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path)
        .map_err(|_: calamine::XlsxError| crate::tr!("from-damaged"))?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let Some((bottom, right)) = range.end() else {
            continue;
        };
        let (rows, cols) = (bottom as usize + 1, right as usize + 1);
        if rows > MAX_ROWS || cols > MAX_COLUMNS {
            return Err(crate::tr!("from-too-big", rows = rows, cols = cols));
        }
        let mut cells = vec![vec![Cell::default(); cols]; rows];
        for (r, row) in cells.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                cell.span = (1, 1);
                if let Some(value) = range.get_value((r as u32, c as u32)) {
                    cell.text = shown(value);
                }
            }
        }
        let merges: Vec<_> = book
            .worksheet_merge_cells(&name)
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default()
            .iter()
            .map(|d| {
                (
                    (d.start.0 as usize, d.start.1 as usize),
                    (d.end.0 as usize, d.end.1 as usize),
                )
            })
            .collect();
        let grid = Grid {
            file: file.to_string(),
            origin: Origin::Sheet(name.clone()),
            cells,
            before: Vec::new(),
            after: Vec::new(),
        };
        grids.push(grid.with_merges(&merges));
    }
    Ok(grids)
}

/// A cell's value as the sheet shows it: text as typed (line ends as `\n`), a number as
/// `2025` or `2025.1`, a date as `2025-06-30`.
fn shown(value: &Data) -> String {
    super::super::read::cell_text(value)
}

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Each table of a Word file, with the paragraphs between it and its neighbours.
fn word_tables(path: &Path, file: &str) -> Result<Vec<Grid>, String> {
    let reader = std::fs::File::open(path).map_err(|e| crate::i18n::io_reason(&e))?;
    let mut zip = zip::ZipArchive::new(reader).map_err(|_| crate::tr!("from-damaged"))?;
    let part = zip
        .by_name("word/document.xml")
        .map_err(|_| crate::tr!("from-not-a-table-file"))?;
    let mut xml = String::new();
    part.take(MAX_PART_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(crate::tr!(
            "import-too-large",
            bytes = xml.len().to_string(),
            mb = MAX_PART_BYTES >> 20
        ));
    }
    let doc = roxmltree::Document::parse_with_options(
        &xml,
        roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: 4_000_000,
        },
    )
    .map_err(|e| e.to_string())?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| crate::tr!("from-not-a-table-file"))?;
    let mut grids: Vec<Grid> = Vec::new();
    let mut between: Vec<String> = Vec::new();
    for node in flattened(body) {
        if is(&node, "p") {
            let text = paragraph_text(node);
            if !text.trim().is_empty() {
                between.push(text.trim().to_string());
            }
        } else if is(&node, "tbl") {
            let cells = word_table(node)?;
            settle_between(grids.last_mut(), &mut between);
            grids.push(Grid {
                file: file.to_string(),
                origin: Origin::WordTable(grids.len() + 1),
                cells,
                before: std::mem::take(&mut between),
                after: Vec::new(),
            });
        }
    }
    settle_between(grids.last_mut(), &mut between);
    Ok(grids)
}

/// Gives the paragraphs after a table that are its 注 lines (`注：1、…`, `2、…`) to it;
/// the rest stay for the next table's title.
fn settle_between(table: Option<&mut Grid>, between: &mut Vec<String>) {
    let Some(table) = table else {
        return;
    };
    let mut notes = 0;
    for (i, p) in between.iter().enumerate() {
        let numbered = p.chars().next().is_some_and(|c| c.is_ascii_digit());
        if (i == 0 && p.starts_with('注')) || (notes > 0 && numbered) {
            notes = i + 1;
        } else {
            break;
        }
    }
    table.after = between.drain(..notes).collect();
}

/// Whether `node` is the WordprocessingML element `name`.
fn is(node: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// The children of `node`, with content controls (`w:sdt`) and tracked insertions opened.
fn flattened<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut out = Vec::new();
    for child in node.children().filter(roxmltree::Node::is_element) {
        if is(&child, "sdt") || is(&child, "sdtContent") || is(&child, "customXml") {
            out.extend(flattened(child));
        } else {
            out.push(child);
        }
    }
    out
}

/// A paragraph's text: its runs' `w:t`, tabs and breaks; deleted text left out.
fn paragraph_text(p: roxmltree::Node<'_, '_>) -> String {
    let mut text = String::new();
    for node in p.descendants().filter(roxmltree::Node::is_element) {
        if is(&node, "t") {
            text.push_str(node.text().unwrap_or_default());
        } else if is(&node, "tab") && node.parent().is_some_and(|r| is(&r, "r")) {
            text.push('\t');
        } else if is(&node, "br") || is(&node, "cr") {
            text.push('\n');
        }
    }
    text
}

/// A Word table's cells: a cell spanning `w:gridSpan` columns covers those to its right, a
/// `w:vMerge` cell without `restart` is covered by the one above.
fn word_table(tbl: roxmltree::Node<'_, '_>) -> Result<Vec<Vec<Cell>>, String> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for tr in flattened(tbl).into_iter().filter(|n| is(n, "tr")) {
        if rows.len() >= MAX_ROWS {
            return Err(crate::tr!("from-too-big", rows = rows.len(), cols = 0));
        }
        let r = rows.len();
        let mut row: Vec<Cell> = Vec::new();
        for tc in flattened(tr).into_iter().filter(|n| is(n, "tc")) {
            let props = tc.children().find(|n| is(n, "tcPr"));
            let prop = |name: &str| props.and_then(|p| p.children().find(|n| is(n, name)));
            let span = prop("gridSpan")
                .and_then(|s| s.attribute((W, "val")))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_COLUMNS);
            let continues =
                prop("vMerge").is_some_and(|m| m.attribute((W, "val")) != Some("restart"));
            let c0 = row.len();
            let anchor = if continues && r > 0 {
                rows[r - 1]
                    .get(c0)
                    .map(|above| above.covered_by.unwrap_or((r - 1, c0)))
            } else {
                None
            };
            let text = flattened(tc)
                .into_iter()
                .filter(|n| is(n, "p"))
                .map(paragraph_text)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string();
            for i in 0..span {
                if row.len() >= MAX_COLUMNS {
                    return Err(crate::tr!(
                        "from-too-big",
                        rows = r + 1,
                        cols = row.len() + 1
                    ));
                }
                let covered_by = match anchor {
                    Some(a) => Some(a),
                    None if i > 0 => Some((r, c0)),
                    None => None,
                };
                row.push(Cell {
                    text: if covered_by.is_none() {
                        text.clone()
                    } else {
                        String::new()
                    },
                    span: if covered_by.is_none() {
                        (1, span)
                    } else {
                        (1, 1)
                    },
                    covered_by,
                });
            }
            if let Some((ar, ac)) = anchor {
                let first = &mut rows[ar][ac];
                first.span.0 = first.span.0.max(r - ar + 1);
            }
        }
        rows.push(row);
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for row in &mut rows {
        row.resize(
            width,
            Cell {
                span: (1, 1),
                ..Cell::default()
            },
        );
    }
    Ok(rows)
}
