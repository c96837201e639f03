//! Reading a returned workbook (calamine): the data sheet's rows by their column titles, with
//! the hidden key of each, the print sheets' texts, and what the workbook holds that import
//! does not read. What a department typed is read as the text it saw: Excel's `_xHHHH_`
//! escapes decoded, a cell that became a number, date, time or truth value read as Excel
//! showed it (and warned about), a formula's saved value taken; a formula without one, or an
//! error value, refused with its cell. The workbook's size is checked before calamine reads it
//! ([`bounds`]), so a hostile file is refused in milliseconds.

use calamine::{Data, Range, Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::bounds;

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
    /// The columns whose cell the office program turned into another kind of value (a
    /// number, a date, a formula's result) with what it became: shown as it displayed, but
    /// written only with `--force`.
    pub typed: BTreeMap<String, String>,
}

/// A print sheet (附件N) as returned: its texts by (row, column) from 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintSheet {
    /// The sheet's name.
    pub name: String,
    /// Non-empty cells.
    pub cells: BTreeMap<(u32, u16), String>,
}

/// What a workbook holds: its keyed rows, its print sheets, notes on what was not read (a
/// sheet import does not know, a row added without a key) and cells it refuses.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    /// Rows with a key.
    pub rows: Vec<Returned>,
    /// The print sheets.
    pub prints: Vec<PrintSheet>,
    /// (row, note) on what was not read or was read with a warning; row 0 for the workbook
    /// as a whole.
    pub notes: Vec<(usize, String)>,
    /// Cells that cannot be imported (a formula without a value, an error value): nothing of
    /// the workbook is imported while there are any.
    pub refused: Vec<String>,
    /// The cells of the row being read that turned into another kind of value: (column, kind).
    typed_here: BTreeMap<String, String>,
}

/// The column holding each row's key.
pub const KEY_COLUMN: &str = "键";

/// Columns that hold numbers, not text (the rest is text, as typed).
const NUMBER_COLUMNS: &[&str] = &["附件", "序号"];

/// Whether a sheet is a print view (附件N).
pub fn is_print_sheet(name: &str) -> bool {
    name.strip_prefix("附件")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Reads `path`'s data sheet (`data_sheet`, e.g. 明细) and its print sheets, refusing a
/// workbook larger than one with `max_rows` rows could be ([`bounds::check`]).
pub fn read(path: &Path, data_sheet: &str, max_rows: u32) -> Result<Workbook, String> {
    bounds::regular_file(path, |why| {
        crate::tr!("import-refused", file = crate::diag::shown(path), why = why)
    })?;
    bounds::check(path, max_rows)?;
    let mut book = open_workbook_auto(path).map_err(|e| {
        crate::tr!(
            "import-unreadable",
            file = crate::diag::shown(path),
            detail = e.to_string()
        )
    })?;
    let mut out = Workbook::default();
    let names = book.sheet_names();
    for name in &names {
        if is_print_sheet(name) {
            if let Ok(range) = book.worksheet_range(name) {
                out.prints.push(print_sheet(name, &range));
            }
        } else if name != data_sheet && name != crate::xlsx::data::INSTRUCTIONS_SHEET {
            out.notes.push((
                0,
                crate::tr!(
                    "import-sheet-skipped",
                    sheet = name.as_str(),
                    data = data_sheet
                ),
            ));
        }
    }
    if !names.iter().any(|n| n == data_sheet) {
        return Err(crate::tr!(
            "import-no-data-sheet",
            file = crate::diag::shown(path),
            data = data_sheet
        ));
    }
    let range = book.worksheet_range(data_sheet).map_err(|e| {
        crate::tr!(
            "import-sheet-unreadable",
            file = crate::diag::shown(path),
            data = data_sheet,
            detail = e.to_string()
        )
    })?;
    let formulas = book.worksheet_formula(data_sheet).unwrap_or_default();
    let percents = super::percent::cells(path, data_sheet);
    data_rows(path, data_sheet, &range, &formulas, &percents, &mut out)?;
    Ok(out)
}

/// The keyed rows of the data sheet, with notes on added rows and duplicated keys.
fn data_rows(
    path: &Path,
    sheet: &str,
    range: &Range<Data>,
    formulas: &Range<String>,
    percents: &std::collections::BTreeSet<(u32, u32)>,
    out: &mut Workbook,
) -> Result<(), String> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| plain(c).unwrap_or_default()).collect())
        .unwrap_or_default();
    column_notes(sheet, &headers, out);
    let Some(key_col) = headers.iter().position(|h| h == KEY_COLUMN) else {
        return Err(crate::tr!(
            "import-no-key-column",
            file = crate::diag::shown(path),
            data = sheet,
            column = KEY_COLUMN
        ));
    };
    let mut keyed: Vec<Returned> = Vec::new();
    let mut last_item: Option<String> = None;
    for (i, cells) in rows.enumerate() {
        let row = top as usize + i + 2;
        let mut values = Vec::with_capacity(cells.len());
        out.typed_here.clear();
        for (c, cell) in cells.iter().enumerate() {
            let (r, col) = (top + i as u32 + 1, left + c as u32);
            let place = format!("{sheet}!{}", cell_name(r, col));
            let formula = formulas.get_value((r, col)).filter(|f| !f.is_empty());
            let title = headers.get(c).map_or("", String::as_str);
            let cell = match cell {
                // Shown as a percentage: what was typed was `50%`.
                Data::Float(f) if percents.contains(&(r, col)) => Data::String(percent_text(*f)),
                _ => cell.clone(),
            };
            if matches!(cell, Data::String(_)) && percents.contains(&(r, col)) {
                out.typed_here
                    .insert(title.to_string(), crate::tr!("import-kind-percent"));
                out.notes.push((
                    row,
                    crate::tr!(
                        "import-typed-value",
                        place = place.as_str(),
                        kind = crate::tr!("import-kind-percent"),
                        shown = plain(&cell).unwrap_or_default(),
                        advice = crate::tr!("import-advice-percent-shown")
                    ),
                ));
            }
            values.push(typed_text(&cell, formula, title, &place, row, out));
        }
        let key = values.get(key_col).cloned().unwrap_or_default();
        if key.is_empty() {
            if values.iter().any(|v| !v.is_empty()) {
                let note = match &last_item {
                    Some(item) => crate::tr!("import-added-row-under", item = item.as_str()),
                    None => crate::tr!("import-added-row"),
                };
                out.notes.push((row, note));
            }
            continue;
        }
        let cells: BTreeMap<String, String> = headers.iter().cloned().zip(values).collect();
        let seq = cells.get("序号").map_or("", String::as_str);
        let title = cells.get("事项").map_or("", String::as_str);
        let file = key.split('#').next().unwrap_or_default();
        last_item = Some(crate::tr!(
            "import-item-label",
            seq = seq,
            title = title,
            file = file
        ));
        keyed.push(Returned {
            file: path.to_path_buf(),
            row,
            key,
            cells,
            typed: std::mem::take(&mut out.typed_here),
        });
    }
    // A row copied in Excel brings its hidden key along: neither copy is imported.
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for r in &keyed {
        by_key.entry(&r.key).or_default().push(r.row);
    }
    let doubled: BTreeMap<String, Vec<usize>> = by_key
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .map(|(k, rows)| (k.to_string(), rows))
        .collect();
    for (key, rows) in &doubled {
        let list: Vec<String> = rows.iter().map(usize::to_string).collect();
        out.notes.push((
            rows[0],
            crate::tr!(
                "import-same-key",
                rows = crate::i18n::join(&list),
                key = key.split('@').next().unwrap_or_default()
            ),
        ));
    }
    out.rows
        .extend(keyed.into_iter().filter(|r| !doubled.contains_key(&r.key)));
    Ok(())
}

/// Notes on a reshaped sheet: a column whose title huibao does not know (renamed, or added)
/// is not read, so what is typed under it would be lost without a word; a fill-in column that
/// is gone (deleted, or renamed) cannot bring its edits back.
fn column_notes(sheet: &str, headers: &[String], out: &mut Workbook) {
    let known = |h: &str| {
        crate::xlsx::data::headers(&[], true).iter().any(|k| k == h)
            || h.strip_suffix("年计划")
                .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
    };
    for (c, h) in headers.iter().enumerate() {
        if !h.is_empty() && !known(h) {
            out.notes.push((
                1,
                crate::tr!(
                    "import-unknown-column",
                    place = format!("{sheet}!{}", cell_name(0, c as u32)),
                    title = h.as_str()
                ),
            ));
        }
    }
    for fill in ["预计完成时间", "事项推进情况"] {
        if !headers.iter().any(|h| h == fill) {
            out.notes.push((
                1,
                crate::tr!("import-missing-column", sheet = sheet, title = fill),
            ));
        }
    }
    if !headers.iter().any(|h| h.ends_with("年计划")) {
        out.notes.push((
            1,
            crate::tr!("import-missing-column", sheet = sheet, title = "……年计划"),
        ));
    }
}

/// A cell as the text its reader saw, noting or refusing what is not plain text.
fn typed_text(
    cell: &Data,
    formula: Option<&String>,
    column: &str,
    place: &str,
    row: usize,
    out: &mut Workbook,
) -> String {
    if let Data::Error(e) = cell {
        out.refused.push(crate::tr!(
            "import-error-value",
            place = place,
            value = e.to_string()
        ));
        return String::new();
    }
    if let Some(f) = formula {
        if matches!(cell, Data::Empty) || matches!(cell, Data::String(s) if s.is_empty()) {
            out.refused.push(crate::tr!(
                "import-formula-empty",
                place = place,
                formula = f
            ));
            return String::new();
        }
        out.notes.push((
            row,
            crate::tr!("import-formula", place = place, formula = f),
        ));
        out.typed_here
            .insert(column.to_string(), crate::tr!("import-kind-formula"));
    }
    match plain(cell) {
        Some(text) => text,
        None => {
            let shown = displayed(cell);
            if !NUMBER_COLUMNS.contains(&column) {
                out.notes.push((
                    row,
                    crate::tr!(
                        "import-typed-value",
                        place = place,
                        kind = kind(cell),
                        shown = &shown,
                        advice = advice(cell)
                    ),
                ));
                out.typed_here.insert(column.to_string(), kind(cell));
            }
            shown
        }
    }
}

/// Any cell as the sheet shows it: text as typed, other values as [`displayed`].
pub(crate) fn cell_text(cell: &Data) -> String {
    plain(cell).unwrap_or_else(|| displayed(cell))
}

/// The text of a text cell (`_xHHHH_` escapes decoded, line ends as `\n`), or None for a cell
/// that is not text.
fn plain(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => Some(String::new()),
        Data::String(s) => Some(decode_escapes(s).replace("\r\n", "\n").trim().to_string()),
        _ => None,
    }
}

/// What to type instead, for each kind of value a cell can turn into.
fn advice(cell: &Data) -> String {
    let id = match cell {
        Data::DateTime(d) if d.is_duration() || d.as_f64() < 1.0 => "import-advice-time",
        Data::DateTime(_) | Data::DateTimeIso(_) => "import-advice-date",
        Data::DurationIso(_) => "import-advice-time",
        Data::Bool(_) => "import-advice-boolean",
        Data::Float(f) if *f > 0.0 && *f < 1.0 => "import-advice-percent",
        _ => "import-advice-number",
    };
    crate::i18n::message(id, &[])
}

/// What a typed value turned into, in words.
fn kind(cell: &Data) -> String {
    let id = match cell {
        Data::DateTime(d) if d.is_duration() => "import-kind-duration",
        Data::DateTime(d) if d.as_f64() < 1.0 => "import-kind-time",
        Data::DateTime(_) | Data::DateTimeIso(_) => "import-kind-date",
        Data::DurationIso(_) => "import-kind-duration",
        Data::Bool(_) => "import-kind-boolean",
        _ => "import-kind-number",
    };
    crate::i18n::message(id, &[])
}

/// A non-text cell as Excel shows it by default: `2025.1`, `2025-06-30`, `09:30`, `TRUE`.
fn displayed(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(d) => serial_text(d.as_f64(), d.is_duration()),
        other => other.to_string(),
    }
}

/// An Excel serial date (days since 1899-12-30) as `2025-06-30`, a fraction of a day as
/// `09:30`, both as `2025-06-30 09:30`.
fn serial_text(serial: f64, duration: bool) -> String {
    let minutes = (serial.fract() * 24.0 * 60.0).round() as i64;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    if duration || serial < 1.0 {
        return time;
    }
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = format!("{year:04}-{month:02}-{day:02}");
    if minutes == 0 {
        date
    } else {
        format!("{date} {time}")
    }
}

/// Decodes Excel's `_xHHHH_` escapes (a pasted CR is `_x000D_`, a literal `_x` is written
/// `_x005F_x`), left to right as Office reads them.
pub fn decode_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("_x") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let code = after
            .get(2..6)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
            .filter(|_| after.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &after[7..];
            }
            None => {
                out.push_str("_x");
                rest = &after[2..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A print sheet's non-empty texts.
fn print_sheet(name: &str, range: &Range<Data>) -> PrintSheet {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut cells = BTreeMap::new();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let text = plain(cell).unwrap_or_else(|| displayed(cell));
            if !text.is_empty() {
                cells.insert((top + r as u32, (left + c as u32) as u16), text);
            }
        }
    }
    PrintSheet {
        name: name.to_string(),
        cells,
    }
}

/// A percentage as a cell shows it by default: 0.5 → `50%`, 0.125 → `12.5%`.
fn percent_text(value: f64) -> String {
    let shown = format!("{:.4}", value * 100.0);
    let shown = shown.trim_end_matches('0').trim_end_matches('.');
    format!("{shown}%")
}

/// `B3` → (2, 1): a cell's row and column from 0.
pub(crate) fn parse_cell_name(name: &str) -> Option<(u32, u32)> {
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let (col, row) = name.split_at(letters);
    let col = col.chars().try_fold(0u32, |n, c| {
        n.checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// `E5` for row 4, column 4 (both from 0).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_decoded_as_office_reads_them() {
        assert_eq!(decode_escapes("a_x000D_\nb"), "a\r\nb");
        assert_eq!(decode_escapes("_x005F_x000D_"), "_x000D_");
        assert_eq!(decode_escapes("_x00ZZ_ and _x"), "_x00ZZ_ and _x");
    }

    #[test]
    fn serial_dates_and_times_read_as_excel_shows_them() {
        assert_eq!(serial_text(45_838.0, false), "2025-06-30");
        assert_eq!(serial_text(0.395_833_333_333_333_3, false), "09:30");
        assert_eq!(cell_name(4, 4), "E5");
        assert_eq!(cell_name(0, 26), "AA1");
    }
}
