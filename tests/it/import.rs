//! `huibao import`: a department's returned workbook, saved by a writer other than huibao
//! (rust_xlsxwriter, as Excel or LibreOffice would save it), back into the content.

use crate::common::{Fixture, YONGAN1, assert_ok};
use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// The data sheet of a built workbook as text cells (header first).
pub(crate) fn data_sheet(path: &Path) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("明细").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Saves `rows` as the 明细 sheet of a new workbook (numbers as numbers), plus `extra` sheets.
pub(crate) fn save(path: &Path, rows: &[Vec<String>], extra: &[&str]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("明细").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            match value.parse::<f64>() {
                Ok(n) if r > 0 && !value.is_empty() => {
                    sheet.write_number(r as u32, c as u16, n).unwrap();
                }
                _ => {
                    sheet.write_string(r as u32, c as u16, value).unwrap();
                }
            }
        }
    }
    for name in extra {
        book.add_worksheet().set_name(*name).unwrap();
    }
    book.save(path).unwrap();
}

/// Sets the cell under `column` in the row whose key starts with `key`.
pub(crate) fn set(rows: &mut [Vec<String>], key: &str, column: &str, value: &str) {
    let c = rows[0].iter().position(|h| h == column).unwrap();
    let k = rows[0].iter().position(|h| h == "键").unwrap();
    let row = rows.iter_mut().find(|r| r[k].starts_with(key)).unwrap();
    row[c] = value.to_string();
}

pub(crate) fn out(f: &Fixture, args: &[&str]) -> (bool, String, String) {
    let o = f.run(args);
    (
        o.status.success(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

const DATIAN4: &str = "content/datian/04-气候投融资.yaml";

#[test]
fn a_department_round_trip_changes_exactly_the_edited_fields() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/departments/环保处.xlsx"));
    set(
        &mut rows,
        "yongan/01-",
        "事项推进情况",
        "2023年年内完成需求梳理。已开展需求沟通两次。",
    );
    set(
        &mut rows,
        "datian/04-",
        "2024年计划",
        "组织一次气候投融资专题交流。",
    );
    save(&f.path("返回-环保处.xlsx"), &rows, &[]);

    let before_yongan = f.read(YONGAN1);
    let before_datian = f.read(DATIAN4);
    let (ok, stdout, stderr) = out(&f, &["import", "返回-环保处.xlsx"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "\
content/datian/04-气候投融资.yaml:8 rows[0].plans.2024 (2024年计划): 加强与大田县沟通，促进合作交流。 → 组织一次气候投融资专题交流。
content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 2023年年内完成需求梳理。已开展需求沟通两次。
2 changes in 2 files; run again with --write to make them
"
    );
    assert_eq!(stderr, "");
    // Nothing written without --write.
    assert_eq!(f.read(YONGAN1), before_yongan);

    let (ok, stdout, stderr) = out(&f, &["import", "返回-环保处.xlsx", "--write"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.ends_with("wrote 2 changes to 2 files; the content checks\n"),
        "{stdout}"
    );
    // Only those lines changed, every other byte as it was.
    let changed = |before: &str, after: &str| -> Vec<(String, String)> {
        assert_eq!(before.lines().count(), after.lines().count());
        before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        changed(&before_yongan, &f.read(YONGAN1)),
        [(
            "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。".to_string(),
            "    progress: 2023年年内完成需求梳理。已开展需求沟通两次。".to_string()
        )]
    );
    assert_eq!(
        changed(&before_datian, &f.read(DATIAN4)),
        [(
            "      2024: 加强与大田县沟通，促进合作交流。".to_string(),
            "      2024: 组织一次气候投融资专题交流。".to_string()
        )]
    );
    // The next build shows the new text; the same workbook again changes nothing.
    f.build_ok();
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains("已开展需求沟通两次"), "{text}");
    // Typed with a wildcard, as Windows' cmd passes it on: the files it matches.
    let (_, stdout, _) = out(&f, &["import", "返回-*.xlsx"]);
    assert_eq!(stdout, "0 changes in 0 files\n");
}

#[test]
fn a_row_changed_in_the_content_since_the_build_is_a_conflict() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(&mut rows, "yongan/01-", "事项推进情况", "部门填写的进展。");
    save(&f.path("back.xlsx"), &rows, &["附件1"]);
    // Meanwhile the office edited the same row.
    f.edit(YONGAN1, "尽快开展需求沟通。", "已与永安对接。");
    let (ok, stdout, _) = out(&f, &["import", "back.xlsx", "--write"]);
    assert!(ok);
    assert_eq!(
        stdout,
        "\
conflict: content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。已与永安对接。 → 部门填写的进展。
  the row changed in the content since back.xlsx row 2 was built: not written (--force writes the workbook's text)
wrote 0 changes to 0 files; the content checks (1 in conflict not written)
"
    );
    assert!(f.read(YONGAN1).contains("已与永安对接。"));
    let (ok, stdout, _) = out(&f, &["import", "back.xlsx", "--write", "--force"]);
    assert!(ok);
    assert!(
        stdout.ends_with("wrote 1 change to 1 file; the content checks\n"),
        "{stdout}"
    );
    assert!(f.read(YONGAN1).contains("    progress: 部门填写的进展。\n"));
}

/// The seed built, and its yongan workbook returned as `back.xlsx` with a row added at the end
/// (no key), row 3 (yongan/02) deleted, and a sheet 草稿 added.
pub(crate) fn returned_with_added_and_deleted_rows() -> Fixture {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    let mut added = vec![String::new(); rows[0].len()];
    added[3] = "新增的合作事项".to_string();
    rows.push(added);
    rows.remove(2);
    save(&f.path("back.xlsx"), &rows, &["附件1", "草稿"]);
    f
}

#[test]
fn added_and_deleted_rows_unknown_sheets_and_wrong_files_are_reported() {
    let f = returned_with_added_and_deleted_rows();
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "0 changes in 0 files\n");
    assert_eq!(
        stderr,
        "\
warning: back.xlsx: 2. 拓展竹林产业市场 (第1条, yongan/02-拓展竹林产业市场.yaml) is not in the workbook (deleted there?): the content keeps it; delete it in the YAML if that was meant
warning: back.xlsx: sheet `草稿` is not read: import reads the sheet 明细
warning: back.xlsx:5:1: a row added in the workbook under 3. 推广海西汽车产品 (yongan/03-推广海西汽车产品.yaml) (it has no key): not imported; add it to the item's rows in the content, or start an item with huibao new
3 warnings
"
    );

    // A workbook huibao did not make, and a file that is not there.
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Sheet1").unwrap();
    book.save(f.path("other.xlsx")).unwrap();
    let (ok, _, stderr) = out(&f, &["import", "other.xlsx", "missing.xlsx"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: other.xlsx: no sheet 明细: import reads the annex and department workbooks huibao builds\nerror: missing.xlsx: no such file\nerror: nothing was imported\n"
    );
    assert_ok(&f.run(&["check"]));
}
