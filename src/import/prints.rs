//! Edits made on a print sheet (附件N), the sheet a workbook used to open on: it is not
//! imported (its merged cells do not map to fields one to one), but every cell the department
//! changed is reported with its sheet, cell, old and new text, so no edit is dropped without a
//! word. A cell is judged against the workbook as it was built, not against today's content:
//! one that differs from today's build but shows a field exactly as it was sent (the keys
//! carry every field's fingerprint) was left alone by the department, and the office changed
//! that field since — a reply arriving after another's `--write` raises no false alarm. A row
//! whose text stands in other cells than today's build puts it (a workbook laid out by an
//! earlier huibao) is no edit either.

use super::Note;
use super::read::{Workbook, cell_name};
use crate::content::Project;
use crate::render::RenderedProject;
use crate::style::Style;
use crate::xlsx::data;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The notes for every print-sheet cell of `book` (read from `path`) that differs from the
/// print sheet huibao would build now.
pub fn print_edits(
    project: &Project,
    rendered: &RenderedProject,
    style: &Style,
    path: &Path,
    book: &Workbook,
) -> Vec<Note> {
    let department = book.rows.iter().any(|r| r.cells.contains_key("角色"));
    let mut places: HashSet<String> = book
        .rows
        .iter()
        .map(|r| data::key_place(&r.key).to_string())
        .collect();
    // A department's print sheet was built with every row the department leads or supports,
    // a row deleted from its data sheet since included: compared with those rows, the
    // untouched print sheet shows no edit.
    let rows: Vec<&super::read::Returned> = book.rows.iter().collect();
    if let Some(dept) = department.then(|| super::department_of(&rows)).flatten() {
        for annex in &project.annexes {
            let folder = data::annex_folder(annex);
            for item in &annex.items {
                for (i, row) in item.value.rows.iter().enumerate() {
                    if row.lead_dept.contains(&dept) || row.support_depts.contains(&dept) {
                        places.insert(data::row_place(&folder, item, i));
                    }
                }
            }
        }
    }
    // Every field's fingerprint as the workbook was built (its keys carry them): what was sent.
    let sent: HashSet<String> = book
        .rows
        .iter()
        .filter_map(|r| r.key.rsplit_once('@'))
        .flat_map(|(_, prints)| prints.split('.').map(str::to_string))
        .collect();
    let mut notes = Vec::new();
    // A sheet left blank (made by another program, say) holds no edit.
    for sheet in book.prints.iter().filter(|s| !s.cells.is_empty()) {
        let number: Option<u32> = sheet.name.strip_prefix("附件").and_then(|n| n.parse().ok());
        let Some((annex, (_, r))) = project
            .annexes
            .iter()
            .zip(&rendered.annexes)
            .find(|(a, _)| Some(a.meta.value.number) == number)
        else {
            continue;
        };
        let doc = if department {
            let folder = data::annex_folder(annex);
            let keep: Vec<Vec<bool>> = annex
                .items
                .iter()
                .map(|item| {
                    (0..item.value.rows.len())
                        .map(|i| places.contains(&data::row_place(&folder, item, i)))
                        .collect()
                })
                .collect();
            r.document.keep_rows(&keep)
        } else {
            r.document.clone()
        };
        let Ok(cells) = crate::xlsx::print_cells(&doc, style) else {
            continue;
        };
        let built: BTreeMap<(u32, u16), String> = cells
            .into_iter()
            .map(|(row, col, text)| ((row, col), text.trim().to_string()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        // A row that holds the same text in other cells was laid out by another version of
        // huibao (a workbook sent before an update: the notes once in one cell, now `注：`
        // beside them), not edited.
        let row_text = |cells: &BTreeMap<(u32, u16), String>, row: u32| -> String {
            cells
                .range((row, 0)..=(row, u16::MAX))
                .map(|(_, t)| t.trim().replace("\r\n", "\n"))
                .collect()
        };
        let positions: std::collections::BTreeSet<&(u32, u16)> =
            built.keys().chain(sheet.cells.keys()).collect();
        for pos in positions {
            if row_text(&built, pos.0) == row_text(&sheet.cells, pos.0) {
                continue;
            }
            let old = built.get(pos).map_or("", String::as_str);
            let new = sheet.cells.get(pos).map_or("", String::as_str);
            if old.replace("\r\n", "\n") == new.replace("\r\n", "\n") {
                continue;
            }
            // The cell shows a field exactly as the workbook was built with it: the office
            // changed that field since (a reply arriving after another's `--write`), the
            // department did not touch the cell.
            if sent.contains(&data::text_print(&new.replace("\r\n", "\n"))) {
                continue;
            }
            let one_line = |t: &str| crate::diag::escape_line(&t.replace('\n', "⏎"));
            notes.push(Note {
                file: path.to_path_buf(),
                row: pos.0 as usize + 1,
                message: crate::tr!(
                    "import-print-changed",
                    place = format!("{}!{}", sheet.name, cell_name(pos.0, u32::from(pos.1))),
                    old = one_line(old),
                    new = one_line(new),
                    data = style.xlsx.data_sheet.name.as_str()
                ),
            });
        }
    }
    notes
}
