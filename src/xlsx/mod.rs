//! Stage 3c: the XLSX writer. One workbook per annex, from the same Document as the PDF: the
//! label, the title merged across the table, the header row, the rows with the seed's merges,
//! then the notes; print setup for A4 landscape.

pub mod data;
pub mod heights;
mod paging;

use crate::date::DateTime;
use crate::document::{Block, Document, Paragraph, Row, Table, place};
use crate::style::{Align, RoleId, Style, VAlign};
use heights::{Need, cell_height, wrapped_lines};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Metadata written into the workbook.
#[derive(Debug, Clone)]
pub struct XlsxMeta {
    /// Title (the table title).
    pub title: String,
    /// Author (the presenting office).
    pub author: String,
    /// Creation time.
    pub time: DateTime,
    /// Sheet name, e.g. 附件1.
    pub sheet: String,
    /// The departments of `meeting.yaml` (empty when it lists none): the data sheet offers
    /// them as a list in 牵头部门 and 配合部门.
    pub departments: Vec<String>,
}

fn err(e: XlsxError) -> String {
    format!("XLSX: {e}")
}

/// The format of a table cell in role `role`.
fn cell_format(style: &Style, role: RoleId) -> Format {
    let r = style.role(role);
    let (family, size) = style.xlsx_look(role);
    let mut f = Format::new()
        .set_font_name(&family)
        .set_font_size(size)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    f = match r.align {
        Align::Left => f.set_align(FormatAlign::Left),
        Align::Center => f.set_align(FormatAlign::Center),
        Align::Right => f.set_align(FormatAlign::Right),
    };
    f = match r.valign {
        VAlign::Top => f.set_align(FormatAlign::Top),
        VAlign::Middle => f.set_align(FormatAlign::VerticalCenter),
    };
    if r.bold {
        f = f.set_bold();
    }
    f
}

/// The format of a paragraph row (label, title, note), its font size, and whether it is merged
/// across the table: the 附件N label is a single cell whose text runs over its empty neighbours.
fn paragraph_format(style: &Style, p: &Paragraph) -> (Format, f64, bool) {
    let r = style.role(p.role);
    let (font, size) = style.xlsx_look(p.role);
    let merged = style
        .xlsx
        .paragraphs
        .get(style.role_name(p.role))
        .is_none_or(|l| l.merged);
    let mut f = Format::new()
        .set_font_name(&font)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter);
    if merged {
        f = f.set_text_wrap();
    }
    f = match r.align {
        Align::Center => f.set_align(FormatAlign::Center),
        Align::Right => f.set_align(FormatAlign::Right),
        Align::Left => f.set_align(FormatAlign::Left),
    };
    if r.bold {
        f = f.set_bold();
    }
    (f, size, merged)
}

/// Column widths in Excel units: the PDF's (the table's widths, fitted to its content for
/// the material, [`crate::layout::columns`]) scaled to `xlsx.table_width`, so the print sheet
/// shares its columns out as the PDF and the Word file do; by the style's weights for a table
/// that has none.
fn column_widths(style: &Style, table: &Table) -> Vec<f64> {
    let total = style.xlsx.table_width;
    match table
        .widths
        .as_ref()
        .filter(|w| w.len() == table.columns.len())
    {
        Some(widths) => {
            let sum: f64 = widths.iter().map(|w| f64::from(*w)).sum::<f64>().max(1e-6);
            widths.iter().map(|w| f64::from(*w) * total / sum).collect()
        }
        None => style.column_widths(&table.columns, total),
    }
}

/// Excel's most manual page breaks in one sheet.
const MAX_PAGE_BREAKS: usize = 1023;

struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    style: &'a Style,
    widths: Vec<f64>,
    row: u32,
    /// Per column: it holds numbers (序号), written as numbers.
    numeric: Vec<bool>,
    /// Every text written, with its row and column (what import compares a returned print
    /// sheet with).
    cells: Vec<(u32, u16, String)>,
    /// The formats of table cells made so far, by role and whether they hold a number.
    formats: std::collections::HashMap<(RoleId, bool), Format>,
}

impl SheetWriter<'_> {
    fn last_col(&self) -> u16 {
        (self.widths.len().max(1) - 1) as u16
    }

    /// A paragraph on a row of its own, merged across the table's width. A hanging paragraph
    /// (a numbered note: `注：1、…`, then `2、…`) starts in the second column, its label
    /// (`注：`) right-aligned in the first, so `2、` stands under `1、` and the lines of a note
    /// under its text, as in the PDF.
    fn paragraph(&mut self, p: &Paragraph) -> Result<f64, String> {
        let (mut format, size, merged) = paragraph_format(self.style, p);
        let hanging = self.style.role(p.role).indent < 0.0 && merged && self.last_col() > 1;
        if hanging {
            // The label stands on the note's first line.
            format = format.set_align(FormatAlign::Top);
        }
        let (label, text) = match p.text.split_once('：') {
            Some((label, rest)) if hanging && label.chars().count() <= 2 => {
                (Some(format!("{label}：")), rest)
            }
            _ => (None, p.text.as_str()),
        };
        let first_col = u16::from(hanging);
        let width: f64 = self.widths[usize::from(first_col)..].iter().sum();
        let lines = wrapped_lines(text, width, size);
        if let Some(label) = &label {
            let right = format.clone().set_align(FormatAlign::Right);
            self.ws
                .write_string_with_format(self.row, 0, label, &right)
                .map_err(err)?;
            self.cells.push((self.row, 0, label.clone()));
        }
        if !merged || self.last_col() == 0 {
            self.ws
                .write_string_with_format(self.row, 0, text, &format)
                .map_err(err)?;
        } else {
            self.ws
                .merge_range(
                    self.row,
                    first_col,
                    self.row,
                    self.last_col(),
                    text,
                    &format,
                )
                .map_err(err)?;
        }
        let height = cell_height(lines, size).min(heights::MAX_ROW_HEIGHT);
        self.ws.set_row_height(self.row, height).map_err(err)?;
        self.cells.push((self.row, first_col, text.to_string()));
        self.row += 1;
        Ok(height)
    }

    /// The height of each of `rows` (placed on the grid as `placed`), in points: each cell's
    /// lines in its role's size, a spanning cell shared over its rows.
    fn heights(&self, rows: &[Row], placed: &[Vec<usize>]) -> Vec<f64> {
        let mut needs = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (cell, &col) in row.cells.iter().zip(&placed[r]) {
                let last_col = (col + cell.colspan).min(self.widths.len()) - 1;
                let rowspan = cell.rowspan.min(rows.len() - r);
                let width: f64 = self.widths[col..=last_col].iter().sum();
                let size = self.style.xlsx_look(cell.role).1;
                let lines: usize = cell
                    .text
                    .split('\n')
                    .map(|t| wrapped_lines(t, width, size))
                    .sum();
                needs.push(Need {
                    row: r,
                    rowspan,
                    height: cell_height(lines, size),
                });
            }
        }
        crate::document::row_heights(
            rows.len(),
            &needs,
            cell_height(1, self.style.xlsx_look(self.style.defaults.cell_id).1),
        )
    }

    /// Rows of a table (a header or a row group), with their merges and computed heights;
    /// returns their total height in points. A row that needs more than Excel's 409 points is
    /// spread over several physical rows, each of its cells merged down over them, so no text
    /// is hidden on screen or on paper.
    fn rows(&mut self, rows: &[Row]) -> Result<f64, String> {
        let placed = place(rows, self.widths.len());
        let heights = self.heights(rows, &placed);
        let span = |r: usize, cell: &crate::document::Cell, col: usize| {
            let last_col = (col + cell.colspan).min(self.widths.len()) - 1;
            let last_row = r + cell.rowspan.min(rows.len() - r) - 1;
            (last_row, last_col)
        };
        // Logical row r becomes physical rows first[r] .. first[r] + parts[r].
        let parts: Vec<u32> = heights
            .iter()
            .map(|h| (h / heights::MAX_ROW_HEIGHT).ceil().max(1.0) as u32)
            .collect();
        let mut first = Vec::with_capacity(rows.len());
        let mut next = self.row;
        for p in &parts {
            first.push(next);
            next += p;
        }
        for (r, row) in rows.iter().enumerate() {
            for (cell, &col) in row.cells.iter().zip(&placed[r]) {
                let (last_row, last_col) = span(r, cell, col);
                let (r0, c0) = (first[r], col as u16);
                let (r1, c1) = (first[last_row] + parts[last_row] - 1, last_col as u16);
                let number = cell
                    .text
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|_| self.numeric.get(col).copied().unwrap_or(false));
                let style = self.style;
                let format = self
                    .formats
                    .entry((cell.role, number.is_some()))
                    .or_insert_with(|| {
                        cell_format(style, cell.role).set_num_format(match number {
                            Some(_) => "0",
                            None => "@",
                        })
                    });
                if (r0, c0) != (r1, c1) {
                    self.ws
                        .merge_range(r0, c0, r1, c1, &cell.text, format)
                        .map_err(err)?;
                }
                match number {
                    Some(n) => self
                        .ws
                        .write_number_with_format(r0, c0, f64::from(n), format)
                        .map_err(err)?,
                    None => self
                        .ws
                        .write_string_with_format(r0, c0, &cell.text, format)
                        .map_err(err)?,
                };
                self.cells.push((r0, c0, cell.text.clone()));
            }
        }
        for (r, h) in heights.iter().enumerate() {
            for k in 0..parts[r] {
                self.ws
                    .set_row_height(first[r] + k, h / f64::from(parts[r]))
                    .map_err(err)?;
            }
        }
        self.row = next;
        Ok(heights.iter().sum())
    }
}

/// A new workbook with the title, author and date of `meta` in its properties.
fn workbook(meta: &XlsxMeta) -> Result<Workbook, String> {
    let mut workbook = Workbook::new();
    let t = &meta.time;
    let when = ExcelDateTime::from_ymd(t.year, t.month, t.day)
        .and_then(|d| d.and_hms(u16::from(t.hour), t.minute, t.second))
        .map_err(err)?;
    let props = DocProperties::new()
        .set_title(&meta.title)
        .set_author(&meta.author)
        .set_creation_datetime(&when);
    workbook.set_properties(&props);
    Ok(workbook)
}

/// Writes the annex `doc` (paragraphs, one table, paragraphs) as a workbook: its print sheet,
/// then the data sheet of `data`.
pub fn write_xlsx(
    doc: &Document,
    style: &Style,
    meta: &XlsxMeta,
    years: &[u16],
    data: &[data::DataRow],
) -> Result<Vec<u8>, String> {
    let mut workbook = workbook(meta)?;
    print_sheet(&mut workbook, doc, style, &meta.sheet)?;
    let ws = workbook.add_worksheet();
    ws.set_name(&style.xlsx.data_sheet.name).map_err(err)?;
    data::write(ws, style, years, data, &meta.departments).map_err(err)?;
    data::instructions(&mut workbook, style, data.iter().any(|r| r.role.is_some())).map_err(err)?;
    workbook.save_to_buffer().map_err(err)
}

/// Adds a sheet `name` that prints `doc` as the PDF shows it: the same cells and merges, A4
/// landscape one page wide, the header repeated, page breaks between items.
fn print_sheet(
    workbook: &mut Workbook,
    doc: &Document,
    style: &Style,
    name: &str,
) -> Result<Vec<(u32, u16, String)>, String> {
    let blocks: Vec<&Block> = doc.sections.iter().flat_map(|s| &s.blocks).collect();
    let table = blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .ok_or_else(|| crate::tr!("xlsx-no-table"))?;
    let ws = workbook.add_worksheet();
    ws.set_name(name).map_err(err)?;
    let widths = column_widths(style, table);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w).map_err(err)?;
    }
    let numeric = table
        .columns
        .iter()
        .map(|c| style.xlsx.number_columns.contains(c))
        .collect();
    let mut sheet = SheetWriter {
        ws,
        style,
        widths,
        row: 0,
        numeric,
        cells: Vec::new(),
        formats: Default::default(),
    };
    let mut header_rows = (0, 0);
    // The height in points of what precedes the table, and the rows before which a page breaks.
    let mut above = 0.0;
    let mut breaks: Vec<u32> = Vec::new();
    let mut in_table = false;
    for block in &blocks {
        match block {
            Block::Paragraph(p) => {
                let h = sheet.paragraph(p)?;
                if !in_table {
                    above += h;
                }
            }
            Block::Table(t) => {
                in_table = true;
                header_rows.0 = sheet.row;
                let header_height = sheet.rows(&t.head)?;
                header_rows.1 = sheet.row.saturating_sub(1);
                let room = paging::page_room(style, &sheet.widths);
                let columns = sheet.widths.len();
                let measure = |rows: &[Row]| -> f64 {
                    sheet.heights(rows, &place(rows, columns)).iter().sum()
                };
                let parts = paging::plan(
                    style,
                    room,
                    above,
                    header_height,
                    &t.groups,
                    columns,
                    &measure,
                );
                for part in parts {
                    if part.new_page && breaks.len() < MAX_PAGE_BREAKS {
                        breaks.push(sheet.row);
                    }
                    sheet.rows(&part.rows)?;
                }
            }
            Block::PageBreak => {}
        }
    }
    let [left, right, top, bottom] = style.xlsx.margins;
    let header_end = header_rows.1;
    let cells = std::mem::take(&mut sheet.cells);
    let ws = sheet.ws;
    ws.set_paper_size(style.xlsx.paper)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(
            left,
            right,
            top,
            bottom,
            style.xlsx.header_footer_margin,
            style.xlsx.header_footer_margin,
        )
        .set_footer(&style.xlsx.footer);
    ws.set_repeat_rows(header_rows.0, header_end).map_err(err)?;
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks).map_err(err)?;
    }
    ws.set_freeze_panes(header_end + 1, 0).map_err(err)?;
    Ok(cells)
}

/// The texts a print sheet of `doc` holds, by (row, column) from 0: what a returned print
/// sheet is compared with, made by the same code that writes it.
pub fn print_cells(doc: &Document, style: &Style) -> Result<Vec<(u32, u16, String)>, String> {
    print_sheet(&mut Workbook::new(), doc, style, "附件")
}

/// A department's workbook: a print sheet per annex with the rows it leads or supports (the
/// annex's table cut to them, `prints`: sheet name and document), then the data sheet of all
/// of them, its role marked, for the department to check and return.
pub fn write_department_xlsx(
    style: &Style,
    meta: &XlsxMeta,
    years: &[u16],
    rows: &[data::DataRow],
    prints: &[(String, Document)],
) -> Result<Vec<u8>, String> {
    let mut workbook = workbook(meta)?;
    for (name, doc) in prints {
        print_sheet(&mut workbook, doc, style, name)?;
    }
    let ws = workbook.add_worksheet();
    ws.set_name(&meta.sheet).map_err(err)?;
    data::write(ws, style, years, rows, &meta.departments).map_err(err)?;
    data::instructions(&mut workbook, style, true).map_err(err)?;
    workbook.save_to_buffer().map_err(err)
}
