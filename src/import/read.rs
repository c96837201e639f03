//! Reading a returned workbook (calamine): the data sheet's rows by their column titles, with
//! the hidden key of each, and what the workbook holds that import does not read.

use calamine::{Data, Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One row of a returned data sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The workbook.
    pub file: PathBuf,
    /// Its row number as Excel shows it (the header is row 1).
    pub row: usize,
    /// The hidden key (`yongan/01-….yaml#rows[0]@fingerprint`).
    pub key: String,
    /// Every cell by its column title, as text.
    pub cells: BTreeMap<String, String>,
}

/// What a workbook holds: its keyed rows, and notes on what was not read (a sheet import
/// does not know, a row added without a key).
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    /// Rows with a key.
    pub rows: Vec<Returned>,
    /// (row, note) on what was not read; row 0 for the workbook as a whole.
    pub notes: Vec<(usize, String)>,
}

/// The column holding each row's key.
pub const KEY_COLUMN: &str = "键";

/// Reads `path`'s data sheet (`data_sheet`, e.g. 明细). Sheets named 附件N (the print view)
/// are known and skipped; any other sheet is noted.
pub fn read(path: &Path, data_sheet: &str) -> Result<Workbook, String> {
    if !path.is_file() {
        return Err(format!("{}: no such file", path.display()));
    }
    let mut book = open_workbook_auto(path)
        .map_err(|e| format!("{}: not a workbook huibao can read: {e}", path.display()))?;
    let mut out = Workbook::default();
    let names = book.sheet_names();
    for name in &names {
        let print_view = name
            .strip_prefix("附件")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if name != data_sheet && !print_view {
            out.notes.push((
                0,
                format!("sheet `{name}` is not read: import reads the sheet {data_sheet}"),
            ));
        }
    }
    if !names.iter().any(|n| n == data_sheet) {
        return Err(format!(
            "{}: no sheet {data_sheet}: import reads the annex and department workbooks huibao builds",
            path.display()
        ));
    }
    let range = book
        .worksheet_range(data_sheet)
        .map_err(|e| format!("{}: sheet {data_sheet}: {e}", path.display()))?;
    let top = range.start().map_or(0, |(row, _)| row);
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    let Some(key_col) = headers.iter().position(|h| h == KEY_COLUMN) else {
        return Err(format!(
            "{}: sheet {data_sheet} has no {KEY_COLUMN} column (hidden, last): import reads the workbooks huibao builds",
            path.display()
        ));
    };
    for (i, cells) in rows.enumerate() {
        let row = top as usize + i + 2;
        let values: Vec<String> = cells.iter().map(text).collect();
        let key = values.get(key_col).cloned().unwrap_or_default();
        if key.is_empty() {
            if values.iter().any(|v| !v.is_empty()) {
                out.notes.push((
                    row,
                    "a row added in the workbook (it has no key): not imported; add it to the content with huibao new".into(),
                ));
            }
            continue;
        }
        out.rows.push(Returned {
            file: path.to_path_buf(),
            row,
            key,
            cells: headers.iter().cloned().zip(values).collect(),
        });
    }
    Ok(out)
}

/// A cell as the text a person sees: numbers without a needless `.0`, line ends as `\n`.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}
