//! The cells of a returned sheet that show a percentage: calamine gives their value (`0.5`)
//! but not their number format, and a department that typed `50%` into a cell Excel or Calc
//! turned into a percentage meant `50%`. Read from the workbook's own parts: the sheet's part
//! (through `workbook.xml` and its relationships), the cell formats of `styles.xml`, and the
//! style index of each cell.

use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// (row, column) from 0 of every cell of sheet `sheet` in the .xlsx at `path` whose number
/// format shows a percentage; empty for anything that is not such a workbook.
pub fn cells(path: &Path, sheet: &str) -> BTreeSet<(u32, u32)> {
    read(path, sheet).unwrap_or_default()
}

fn read(path: &Path, sheet: &str) -> Option<BTreeSet<(u32, u32)>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut part = |name: &str| -> Option<String> {
        let mut text = String::new();
        zip.by_name(name)
            .ok()?
            .take(super::bounds::MAX_PART_BYTES)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    let workbook = part("xl/workbook.xml")?;
    let rels = part("xl/_rels/workbook.xml.rels")?;
    let styles = part("xl/styles.xml")?;
    let id = elements(&workbook, b"sheet")
        .into_iter()
        .find(|a| a.get("name").map(String::as_str) == Some(sheet))?
        .get("r:id")?
        .clone();
    let target = elements(&rels, b"Relationship")
        .into_iter()
        .find(|a| a.get("Id") == Some(&id))?
        .get("Target")?
        .clone();
    let target = target.trim_start_matches('/');
    let name = if target.starts_with("xl/") {
        target.to_string()
    } else {
        format!("xl/{target}")
    };
    let percent_styles = percent_styles(&styles);
    if percent_styles.is_empty() {
        return Some(BTreeSet::new());
    }
    let sheet_xml = part(&name)?;
    Some(
        elements(&sheet_xml, b"c")
            .into_iter()
            .filter(|a| {
                a.get("s")
                    .and_then(|s| s.parse::<usize>().ok())
                    .is_some_and(|s| percent_styles.contains(&s))
            })
            .filter_map(|a| super::read::parse_cell_name(a.get("r")?))
            .collect(),
    )
}

/// The indexes of `cellXfs` whose number format shows a percentage: the built-in 9 (`0%`) and
/// 10 (`0.00%`), or a custom format with a `%` outside quotes.
fn percent_styles(styles: &str) -> BTreeSet<usize> {
    let custom: BTreeMap<String, String> = elements(styles, b"numFmt")
        .into_iter()
        .filter_map(|a| Some((a.get("numFmtId")?.clone(), a.get("formatCode")?.clone())))
        .collect();
    let is_percent = |id: &str| {
        matches!(id, "9" | "10")
            || custom.get(id).is_some_and(|code| {
                code.split('"')
                    .step_by(2)
                    .any(|outside| outside.contains('%'))
            })
    };
    // The `xf`s inside `cellXfs`, in order (those of `cellStyleXfs` come before it).
    let start = styles.find("<cellXfs").unwrap_or(styles.len());
    let end = styles[start..]
        .find("</cellXfs>")
        .map_or(styles.len(), |e| start + e);
    elements(&styles[start..end], b"xf")
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.get("numFmtId").is_some_and(|id| is_percent(id)))
        .map(|(i, _)| i)
        .collect()
}

/// The attributes of every element named `name` in `xml`, in order.
fn elements(xml: &str, name: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let decoder = reader.decoder();
    let attributes = |e: &BytesStart| -> BTreeMap<String, String> {
        e.attributes()
            .flatten()
            .map(|a| {
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.decode_and_unescape_value(decoder)
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == name => {
                out.push(attributes(&e));
            }
            Ok(Event::Eof) | Err(_) => return out,
            Ok(_) => {}
        }
    }
}
