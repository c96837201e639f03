//! Stage 3c: the XLSX writer. One workbook per annex, from the same Document as the PDF: the
//! label, the title merged across the table, the header row, the rows with the seed's merges,
//! then the notes; print setup for A4 landscape.

pub mod data;
pub mod heights;

use crate::date::DateTime;
use crate::document::{Block, Document, Paragraph, Row, Table, place};
use crate::style::{Align, Style, VAlign};
use heights::{Need, cell_height, row_heights, wrapped_lines};
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
}

fn err(e: XlsxError) -> String {
    format!("XLSX: {e}")
}

/// The format of a table cell in role `role`.
fn cell_format(style: &Style, role: &str, header: bool) -> Format {
    let r = style.role(role);
    let x = &style.xlsx;
    let mut f = Format::new()
        .set_font_name(if header { &x.header_font } else { &x.font })
        .set_font_size(x.size)
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
    let r = style.role(&p.role);
    let x = &style.xlsx;
    let (font, size, merged) = match x.paragraphs.get(&p.role) {
        Some(look) => (&look.font, look.size, look.merged),
        None => (&x.font, x.size, true),
    };
    let mut f = Format::new()
        .set_font_name(font)
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

/// Column widths in Excel units: the style's weights scaled to `xlsx.table_width`.
fn column_widths(style: &Style, table: &Table) -> Vec<f64> {
    style.column_widths(&table.columns, style.xlsx.table_width)
}

struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    style: &'a Style,
    widths: Vec<f64>,
    row: u32,
}

impl SheetWriter<'_> {
    fn last_col(&self) -> u16 {
        (self.widths.len().max(1) - 1) as u16
    }

    /// A paragraph on a row of its own, merged across the table's width.
    fn paragraph(&mut self, p: &Paragraph) -> Result<(), String> {
        let (format, size, merged) = paragraph_format(self.style, p);
        let total: f64 = self.widths.iter().sum();
        let lines = wrapped_lines(&p.text, total, size);
        if !merged || self.last_col() == 0 {
            self.ws
                .write_string_with_format(self.row, 0, &p.text, &format)
                .map_err(err)?;
        } else {
            self.ws
                .merge_range(self.row, 0, self.row, self.last_col(), &p.text, &format)
                .map_err(err)?;
        }
        self.ws
            .set_row_height(
                self.row,
                cell_height(lines, size).min(heights::MAX_ROW_HEIGHT),
            )
            .map_err(err)?;
        self.row += 1;
        Ok(())
    }

    /// Rows of a table (a header or a row group), with their merges and computed heights.
    fn rows(&mut self, rows: &[Row]) -> Result<(), String> {
        let placed = place(rows, self.widths.len());
        let size = self.style.xlsx.size;
        let mut needs = Vec::new();
        let top = self.row;
        for (r, row) in rows.iter().enumerate() {
            for (cell, &col) in row.cells.iter().zip(&placed[r]) {
                let format = cell_format(self.style, &cell.role, cell.header);
                let last_col = (col + cell.colspan).min(self.widths.len()) - 1;
                let last_row = r + cell.rowspan.min(rows.len() - r) - 1;
                let (r0, c0) = (top + r as u32, col as u16);
                let (r1, c1) = (top + last_row as u32, last_col as u16);
                if (r0, c0) == (r1, c1) {
                    self.ws
                        .write_string_with_format(r0, c0, &cell.text, &format)
                        .map_err(err)?;
                } else {
                    self.ws
                        .merge_range(r0, c0, r1, c1, &cell.text, &format)
                        .map_err(err)?;
                }
                let width: f64 = self.widths[col..=last_col].iter().sum();
                let lines: usize = cell
                    .text
                    .split('\n')
                    .map(|t| wrapped_lines(t, width, size))
                    .sum();
                needs.push(Need {
                    row: r,
                    rowspan: last_row - r + 1,
                    height: cell_height(lines, size),
                });
            }
        }
        for (r, h) in row_heights(rows.len(), &needs, cell_height(1, size))
            .into_iter()
            .enumerate()
        {
            self.ws.set_row_height(top + r as u32, h).map_err(err)?;
        }
        self.row += rows.len() as u32;
        Ok(())
    }
}

/// Writes the annex `doc` (paragraphs, one table, paragraphs) as a workbook.
pub fn write_xlsx(
    doc: &Document,
    style: &Style,
    meta: &XlsxMeta,
    years: &[u16],
    data: &[data::DataRow],
) -> Result<Vec<u8>, String> {
    let blocks: Vec<&Block> = doc.sections.iter().flat_map(|s| &s.blocks).collect();
    let table = blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .ok_or("XLSX: the annex template has no table")?;
    let mut workbook = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&meta.title)
        .set_author(&meta.author);
    let t = &meta.time;
    let when = ExcelDateTime::from_ymd(t.year, t.month, t.day)
        .and_then(|d| d.and_hms(u16::from(t.hour), t.minute, t.second))
        .map_err(err)?;
    props = props.set_creation_datetime(&when);
    workbook.set_properties(&props);
    let ws = workbook.add_worksheet();
    ws.set_name(&meta.sheet).map_err(err)?;
    let widths = column_widths(style, table);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w).map_err(err)?;
    }
    let mut sheet = SheetWriter {
        ws,
        style,
        widths,
        row: 0,
    };
    let mut header_rows = (0, 0);
    for block in &blocks {
        match block {
            Block::Paragraph(p) => sheet.paragraph(p)?,
            Block::Table(t) => {
                header_rows.0 = sheet.row;
                sheet.rows(&t.head)?;
                header_rows.1 = sheet.row.saturating_sub(1);
                for group in &t.groups {
                    sheet.rows(group)?;
                }
            }
            Block::PageBreak => {}
        }
    }
    let [left, right, top, bottom] = style.xlsx.margins;
    let header_end = header_rows.1;
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
    ws.set_freeze_panes(header_end + 1, 0).map_err(err)?;
    let ws = workbook.add_worksheet();
    ws.set_name(&style.xlsx.data_sheet.name).map_err(err)?;
    data::write(ws, style, years, data).map_err(err)?;
    workbook.save_to_buffer().map_err(err)
}
