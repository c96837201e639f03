//! Department returns as departments and the office really work: values typed in LibreOffice
//! Calc (a workbook Calc saved, and Calc driven through UNO when soffice is here), stale and
//! duplicated workbooks, renamed files, print-sheet edits, hostile workbooks, a kill during
//! `import --write`, and the form the data sheet is.

use crate::common::*;
use crate::import::{data_sheet, out, save, set};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const YONGAN2_FILE: &str = "content/yongan/02-拓展竹林产业市场.yaml";

/// The workbook Calc saved from the seed's yongan.xlsx after typing into it
/// (`tests/it/calc/type_into.py`, the cells as in [`TYPED`]); made again with
/// `python3 tests/it/calc/type_into.py output/yongan.xlsx tests/it/fixtures/calc-typed.xlsx 明细 …`.
fn fixture(name: &str) -> PathBuf {
    repo().join("tests/it/fixtures").join(name)
}

/// What was typed, and how: `type:` through Calc's input line, `general:` into a cell whose
/// format was reset to General first (as a paste with formatting does), `paste:` as plain text.
const TYPED: &[&str] = &[
    "E2=type:2025.10",
    "E3=general:type:2025.10",
    "F3=general:type:2025-06-30",
    "G3=general:type:09:30",
    "H3=general:type:50%",
    "I3=general:type:=LEFT(\"推进中\";2)",
    "I4=paste:第一行\\r\\n第二行",
];

/// Debian's python3 when LibreOffice with Python UNO is on this machine (else the saved fixture
/// stands in).
fn calc() -> Option<&'static str> {
    libreoffice_uno().then_some("/usr/bin/python3")
}

/// Runs `expect` on the workbook Calc saved (`tests/it/fixtures/<fixture>`) in a built seed,
/// and again on one made now by typing `edits` into sheet `sheet` of a fresh build with Calc,
/// when Calc is here.
fn with_calc_workbook(
    fixture_name: &str,
    sheet: &str,
    edits: &[&str],
    expect: impl Fn(&Fixture, &str),
) {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::copy(fixture(fixture_name), f.path("back.xlsx")).unwrap();
    expect(&f, "back.xlsx");
    let g = Fixture::seed();
    g.build_ok();
    if type_into_sheet(
        &g.path("output/yongan.xlsx"),
        &g.path("back.xlsx"),
        sheet,
        edits,
    ) {
        expect(&g, "back.xlsx");
    }
}

/// Types `edits` into `from` with Calc and saves `to`; false when Calc is not here.
fn type_with_calc(from: &Path, to: &Path, edits: &[&str]) -> bool {
    type_into_sheet(from, to, "明细", edits)
}

/// Types `edits` into sheet `sheet` of `from` with Calc and saves `to`; false when Calc is not
/// here.
fn type_into_sheet(from: &Path, to: &Path, sheet: &str, edits: &[&str]) -> bool {
    let Some(python) = calc() else {
        println!(
            "soffice or Python UNO not found: using the workbook Calc saved in tests/it/fixtures"
        );
        return false;
    };
    let out = std::process::Command::new(python)
        .arg(repo().join("tests/it/calc/type_into.py"))
        .arg(from)
        .arg(to)
        .arg(sheet)
        .args(edits)
        .output()
        .unwrap();
    assert_ok(&out);
    true
}

/// Inserts a new first row (led by `dept`) into the item file `file`: every row below moves
/// one place down.
fn insert_first_row(f: &Fixture, file: &str, dept: &str) {
    let text = f.read(file);
    let row = format!("rows:\n  - content: 新插入的一条\n    lead_dept: {dept}\n");
    f.write(file, text.replacen("rows:\n", &row, 1));
}

/// The content folder's files, without huibao's lock file (`import --write` leaves it, as any
/// lock, for the next run).
fn content_tree(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    tree(&f.path("content"))
        .into_iter()
        .filter(|(n, _)| n != ".huibao-lock")
        .collect()
}

fn typed_expectations(f: &Fixture, book: &str) {
    let (ok, stdout, stderr) = out(f, &["import", book, "--message-format", "short"]);
    assert!(ok, "{stderr}");
    let left_out = |kind: &str| {
        format!("  (this cell became {kind} when typed: --write leaves it out unless --force)\n")
    };
    assert_eq!(
        stdout,
        format!(
            "\
content/yongan/01-加强生态环境保护.yaml (new field) rows[0].due (预计完成时间):  → 2025.10
content/yongan/02-拓展竹林产业市场.yaml (new field) rows[0].due (预计完成时间):  → 2025.1
{}content/yongan/02-拓展竹林产业市场.yaml (new field) rows[1].progress (事项推进情况):  → 第一行⏎第二行
content/yongan/02-拓展竹林产业市场.yaml:6 rows[0].plans.2023 (2023年计划): 在环城生态公园带中探索试点应用 → 2025-06-30
{}content/yongan/02-拓展竹林产业市场.yaml:7 rows[0].plans.2024 (2024年计划): 在环城生态公园带等公园绿地中逐步推开 → 09:30
{}content/yongan/02-拓展竹林产业市场.yaml:8 rows[0].plans.2025 (2025年计划): 在环城生态公园带等公园绿地中打造特色景观，并推广应用 → 50%
{}content/yongan/02-拓展竹林产业市场.yaml:9 rows[0].progress (事项推进情况): 初步确定方向，探索试点应用 → 推进
{}7 changes in 2 files; run again with --write to make them
",
            left_out("a number"),
            left_out("a date"),
            left_out("a time"),
            left_out("a percentage"),
            left_out("a formula's result"),
        )
    );
    // Each kind with its own advice.
    assert_eq!(
        stderr,
        format!(
            "\
warning: {book}:3:1: 明细!E3 became a number when it was typed and is read as `2025.1`; format the cell as text and type it again (so 2025.10 does not become 2025.1)
warning: {book}:3:1: 明细!F3 became a date when it was typed and is read as `2025-06-30`; type the date as text: format the cell as text, then type 2025年6月30日 or 2025.6
warning: {book}:3:1: 明细!G3 became a time when it was typed and is read as `09:30`; type the time as text: format the cell as text, then type 9:30
warning: {book}:3:1: 明细!H3 became a percentage when it was typed and is read as `50%`; read as it was shown; to keep it as text, format the cell as text before typing
warning: {book}:3:1: 明细!I3 holds the formula =LEFT(\"推进中\",2): its value is read as text
5 warnings
"
        )
    );
    // --write leaves the five typed values out and says so; the two texts go in.
    let before = f.read(YONGAN2_FILE);
    let (ok, stdout, stderr) = out(f, &["import", book, "--write"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.ends_with("wrote 2 changes to 2 files; the content checks (5 that became numbers, dates or formulas not written; add --force once they are right)\n"),
        "{stdout}"
    );
    // 2025.10 stays text in the YAML, in its place after the row's content; the pasted CR LF
    // becomes a block of two lines, after the row's plans.
    assert!(
        f.read(YONGAN1)
            .contains("帮助永安市辖区空气监测网格整合提升\n    due: \"2025.10\"\n    plans:\n")
    );
    let progress = "      2025: 支持举办竹博会\n    progress: |-\n      第一行\n      第二行\n    lead_leader: 刘军\n";
    assert_eq!(
        f.read(YONGAN2_FILE),
        before.replacen(
            "      2025: 支持举办竹博会\n    lead_leader: 刘军\n",
            progress,
            1
        )
    );
    // With --force, each as the cell displayed it (a date as its date text, never a serial).
    let (ok, stdout, stderr) = out(f, &["import", book, "--write", "--force"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.ends_with("wrote 5 changes to 1 file; the content checks\n")
            && !stdout.contains("--force)"),
        "{stdout}"
    );
    let after = f.read(YONGAN2_FILE);
    assert_eq!(
        after,
        before
            .replace(
                "      2023: 在环城生态公园带中探索试点应用\n",
                "      2023: 2025-06-30\n"
            )
            .replace(
                "      2024: 在环城生态公园带等公园绿地中逐步推开\n",
                "      2024: 09:30\n"
            )
            .replace(
                "      2025: 在环城生态公园带等公园绿地中打造特色景观，并推广应用\n",
                "      2025: 50%\n"
            )
            .replace(
                "    progress: 初步确定方向，探索试点应用\n",
                "    progress: 推进\n"
            )
            .replacen(
                "  - content: 推动公园栈道等公共设施优先使用竹制品\n",
                "  - content: 推动公园栈道等公共设施优先使用竹制品\n    due: \"2025.1\"\n",
                1
            )
            .replacen(
                "      2025: 支持举办竹博会\n    lead_leader: 刘军\n",
                progress,
                1
            )
    );
}

#[test]
fn values_typed_in_calc_come_back_as_typed_or_are_warned_about() {
    with_calc_workbook("calc-typed.xlsx", "明细", TYPED, typed_expectations);
}

#[test]
fn formulas_without_a_value_and_error_values_are_refused_with_their_cell() {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::copy(fixture("calc-error.xlsx"), f.path("back.xlsx")).unwrap();
    let before = content_tree(&f);
    let (ok, _, stderr) = out(
        &f,
        &[
            "import",
            "back.xlsx",
            "--write",
            "--message-format",
            "short",
        ],
    );
    assert!(!ok);
    assert_eq!(
        stderr,
        "\
error: back.xlsx: 明细!I2 holds the formula =B99&\"\" with no value saved (or an empty one): type the text instead of a formula
error: back.xlsx: 明细!I3 holds the error value #VALUE!: type the text instead of a formula
error: nothing was imported
"
    );
    assert!(content_tree(&f) == before);
}

#[test]
fn a_stale_workbook_never_reverts_the_offices_edits() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(
        &mut rows,
        "yongan/01-",
        "事项推进情况",
        "已开展需求沟通两次。",
    );
    save(&f.path("back.xlsx"), &rows, &[]);
    // Since the build the office renamed the item and swapped lead and supporting department.
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        "title: 加强生态环境保护合作",
    );
    f.edit(
        YONGAN1,
        "lead_dept: 环保处\n    support_depts: [监测站]",
        "lead_dept: 监测站\n    support_depts: [环保处]",
    );
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 已开展需求沟通两次。\n1 change in 1 file; run again with --write to make it\n"
            .replace("make it", "make them")
    );
    // Both sides changed the same field: a conflict, not written without --force.
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "progress: 办公室改过。",
    );
    let (ok, stdout, _) = out(&f, &["import", "back.xlsx", "--write"]);
    assert!(ok);
    assert!(stdout.starts_with("conflict: content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 办公室改过。 → 已开展需求沟通两次。\n"), "{stdout}");
    assert!(f.read(YONGAN1).contains("progress: 办公室改过。"));
}

#[test]
fn disagreeing_workbooks_and_copied_rows_import_neither_side() {
    let f = Fixture::seed();
    f.build_ok();
    let rows = data_sheet(&f.path("output/yongan.xlsx"));
    let mut a = rows.clone();
    set(&mut a, "yongan/01-", "事项推进情况", "甲说");
    save(&f.path("a.xlsx"), &a, &[]);
    let mut b = rows.clone();
    set(&mut b, "yongan/01-", "事项推进情况", "乙说");
    save(&f.path("b.xlsx"), &b, &[]);
    let (ok, stdout, stderr) = out(
        &f,
        &[
            "import",
            "a.xlsx",
            "b.xlsx",
            "--write",
            "--message-format",
            "short",
        ],
    );
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("wrote 0 changes to 0 files"), "{stdout}");
    assert!(
        stderr.contains("warning: content/yongan/01-加强生态环境保护.yaml:7:1: rows[0].progress (事项推进情况): the returned files disagree (a.xlsx row 2: “甲说”; b.xlsx row 2: “乙说”): neither is imported; settle it and import the one that is right"),
        "{stderr}"
    );
    // A row copied in Excel carries its hidden key along.
    let mut c = rows.clone();
    let copy = c[1].clone();
    c.push(copy);
    set(&mut c, "yongan/01-", "事项推进情况", "改了");
    save(&f.path("c.xlsx"), &c, &[]);
    let (ok, stdout, stderr) = out(&f, &["import", "c.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("0 changes in 0 files"), "{stdout}");
    assert!(stderr.contains("warning: c.xlsx:2:1: rows 2, 6 carry the same key (a row copied in the workbook?): none of them is imported; keep one and import again (yongan/01-加强生态环境保护.yaml#rows[0])"), "{stderr}");
}

#[test]
fn rows_are_found_again_after_a_rename_or_an_inserted_row() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(&mut rows, "yongan/03-", "事项推进情况", "新进展");
    save(&f.path("back.xlsx"), &rows, &[]);
    std::fs::rename(
        f.path("content/yongan/03-推广海西汽车产品.yaml"),
        f.path("content/yongan/03-海西汽车.yaml"),
    )
    .unwrap();
    // A row inserted above the one item 2's second row (its key said rows[1]).
    insert_first_row(&f, YONGAN2_FILE, "绿林处");
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with("content/yongan/03-海西汽车.yaml:12 rows[0].progress (事项推进情况): "),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 change in 1 file; run again with --write to make them\n"),
        "{stdout}"
    );
    assert!(stderr.contains("yongan/03-推广海西汽车产品.yaml#rows[0] is now yongan/03-海西汽车.yaml#rows[0] (renamed or moved since the workbook was built): matched by its content"), "{stderr}");
    assert!(
        stderr.contains(
            "yongan/02-拓展竹林产业市场.yaml#rows[1] is now yongan/02-拓展竹林产业市场.yaml#rows[2]"
        ),
        "{stderr}"
    );
}

/// Rewrites one part of a workbook (a zip of XML parts).
fn with_part(from: &Path, to: &Path, name: &str, part: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let entry_name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        w.start_file(entry_name.as_str(), opts).unwrap();
        w.write_all(if entry_name == name { part } else { &bytes })
            .unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn hostile_workbooks_are_refused_with_the_reason() {
    let f = Fixture::seed();
    f.build_ok();
    let built = f.path("output/yongan.xlsx");
    let mut sheet = String::new();
    zip::ZipArchive::new(std::fs::File::open(&built).unwrap())
        .unwrap()
        .by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    let far = |cell: &str| {
        sheet.replace(
            "</sheetData>",
            &format!(
                "<row r=\"{r}\"><c r=\"{cell}\" t=\"n\"><v>1</v></c></row></sheetData>",
                r = cell.trim_start_matches(char::is_alphabetic)
            ),
        )
    };
    let cases: Vec<(&str, String, Vec<u8>, &str)> = vec![
        (
            "xfd.xlsx",
            "xl/worksheets/sheet2.xml".into(),
            far("XFD1048576").into_bytes(),
            "xl/worksheets/sheet2.xml: cell XFD1048576 holds something far outside the table (row 1048576; this project's tables end before row 1112): delete what is outside the table and send it back",
        ),
        (
            "cv.xlsx",
            "xl/worksheets/sheet2.xml".into(),
            far("CV1048576").into_bytes(),
            "xl/worksheets/sheet2.xml: cell CV1048576 holds something far outside the table (row 1048576; this project's tables end before row 1112): delete what is outside the table and send it back",
        ),
        (
            "wide.xlsx",
            "xl/worksheets/sheet2.xml".into(),
            far("ZZ5").into_bytes(),
            "xl/worksheets/sheet2.xml: a cell at ZZ5, beyond the 128 columns a huibao workbook may use",
        ),
        (
            "bomb.xlsx",
            "xl/sharedStrings.xml".into(),
            {
                let mut s = String::from(
                    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
                );
                s.push_str(&"<si><t>炸</t></si>".repeat(5_000_000));
                s.push_str("</sst>");
                s.into_bytes()
            },
            "xl/sharedStrings.xml inflates to more than 64 MB",
        ),
    ];
    for (file, part, bytes, why) in cases {
        with_part(&built, &f.path(file), &part, &bytes);
        let clock = std::time::Instant::now();
        let (ok, _, stderr) = out(&f, &["import", file, "--message-format", "short"]);
        assert!(!ok, "{file}");
        assert_eq!(
            stderr,
            format!(
                "error: {file}: {why}: the workbook is not read\nerror: nothing was imported\n"
            )
        );
        println!("{file}: refused in {:?}", clock.elapsed());
    }
}

#[test]
fn print_sheet_edits_are_reported_cell_by_cell() {
    let f = Fixture::seed();
    f.build_ok();
    let rows = data_sheet(&f.path("output/yongan.xlsx"));
    // The print sheet as built, one cell changed: 事项推进情况 of item 1 (H4).
    let mut book = calamine::open_workbook_auto(f.path("output/yongan.xlsx")).unwrap();
    let range = calamine::Reader::worksheet_range(&mut book, "附件1").unwrap();
    let mut xw = rust_xlsxwriter::Workbook::new();
    let ws = xw.add_worksheet().set_name("附件1").unwrap();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let text = cell.to_string();
            let text = if (r, c) == (3, 7) {
                "已完成".to_string()
            } else {
                text
            };
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, &text).unwrap();
            }
        }
    }
    let data = xw.add_worksheet().set_name("明细").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            data.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    xw.save(f.path("back.xlsx")).unwrap();
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "0 changes in 0 files\n");
    assert_eq!(
        stderr,
        "warning: back.xlsx:4:1: 附件1!H4: “2023年年内完成需求梳理。尽快开展需求沟通。” → “已完成” was changed on the print sheet, which is not imported: make the change in the 明细 sheet and import again\n1 warning\n"
    );
}

#[test]
fn an_import_killed_at_any_rename_leaves_all_old_or_all_new_content() {
    let f = Fixture::seed();
    f.build_ok();
    // A CRLF file and a group-writable one: both kept as they are.
    let crlf = f.read(YONGAN1).replace('\n', "\r\n");
    f.write(YONGAN1, &crlf);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(f.path(YONGAN1), std::fs::Permissions::from_mode(0o664)).unwrap();
    }
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(&mut rows, "yongan/01-", "事项推进情况", "第一行\n第二行");
    set(
        &mut rows,
        "yongan/02-拓展竹林产业市场.yaml#rows[0]",
        "事项推进情况",
        "新进展",
    );
    save(&f.path("back.xlsx"), &rows, &[]);
    let all_old = content_tree(&f);
    // Two files: each set aside, then replaced.
    for k in 1..=4 {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(["import", "back.xlsx", "--write"])
            .current_dir(f.dir.path())
            .env("HUIBAO_CRASH_AFTER_RENAMES", k.to_string())
            .output()
            .unwrap();
        assert!(!o.status.success(), "stopped at rename {k}");
        assert_ok(&f.run(&["check"]));
        assert!(
            content_tree(&f) == all_old,
            "after a kill at rename {k}: all old, no temporaries"
        );
    }
    let (ok, _, stderr) = out(&f, &["import", "back.xlsx", "--write"]);
    assert!(ok, "{stderr}");
    let text = f.read(YONGAN1);
    assert!(
        text.contains("    progress: |-\r\n      第一行\r\n      第二行\r\n"),
        "{text:?}"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CR LF kept on every line"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(f.path(YONGAN1))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o664);
    }
    let left: Vec<String> = tree(&f.path("content"))
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.contains(".huibao-") && !n.ends_with(".huibao-lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn two_imports_at_once_both_land() {
    let f = Fixture::seed();
    f.build_ok();
    let rows = data_sheet(&f.path("output/yongan.xlsx"));
    let mut a = rows.clone();
    set(&mut a, "yongan/01-", "事项推进情况", "甲的进展");
    save(&f.path("a.xlsx"), &a, &[]);
    let mut b = rows;
    set(&mut b, "yongan/01-", "预计完成时间", "乙的时间");
    save(&f.path("b.xlsx"), &b, &[]);
    let spawn = |book: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(["import", book, "--write"])
            .current_dir(f.dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (x, y) = (spawn("a.xlsx"), spawn("b.xlsx"));
    assert_ok(&x.wait_with_output().unwrap());
    assert_ok(&y.wait_with_output().unwrap());
    let text = f.read(YONGAN1);
    assert!(
        text.contains("progress: 甲的进展") && text.contains("due: 乙的时间"),
        "{text}"
    );
}

#[test]
fn the_data_sheet_is_a_form_with_text_formats_lists_and_protection() {
    let f = Fixture::seed();
    f.edit("content/meeting.yaml", "title:", "departments: [环保处, 监测站, 绿林处, 基建处, 市容环卫处, 废管中心, 供排水处, 区供排水中心, 各镇, 水利处, 环境管理事务中心, 督察处]\ntitle:");
    let (ok, err) = f.build();
    assert!(ok, "{err}");
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(f.path("output/yongan.xlsx")).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet = part("xl/worksheets/sheet2.xml");
    let styles = part("xl/styles.xml");
    let workbook = part("xl/workbook.xml");
    assert!(styles.contains(r#"formatCode="@""#), "text format");
    assert!(
        sheet.contains("<sheetProtection sheet=\"1\""),
        "protected, no password"
    );
    assert!(!sheet.contains("password"));
    assert!(
        sheet.contains(r#"<pane xSplit="3" ySplit="1""#),
        "序号 and 事项 frozen beside the header"
    );
    assert!(
        sheet.contains(r#"<sheetView tabSelected="1""#),
        "明细 opens"
    );
    assert!(workbook.contains(r#"activeTab="1""#));
    assert!(
        sheet.contains("<formula1>\"纳入,不纳入\"</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("环保处,监测站"), "departments listed");
    assert!(workbook.contains("name=\"填报说明\""));
    // The columns to fill are unlocked (their style has locked="0").
    assert!(styles.contains(r#"<protection locked="0"/>"#));
}

#[test]
fn an_import_that_would_not_build_is_put_back() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    // A character no font draws: the loader accepts it, the full check does not.
    set(&mut rows, "yongan/01-", "事项推进情况", "吉\u{20BB7}祥");
    save(&f.path("back.xlsx"), &rows, &[]);
    let before = content_tree(&f);
    let (ok, _, stderr) = out(
        &f,
        &[
            "import",
            "back.xlsx",
            "--write",
            "--message-format",
            "short",
        ],
    );
    assert!(!ok);
    assert!(
        stderr.contains("the imported text does not check, so nothing was written"),
        "{stderr}"
    );
    assert!(stderr.contains("𠮷"), "{stderr}");
    assert!(content_tree(&f) == before);
}

#[test]
fn a_sheet_sorted_and_filtered_in_calc_imports_exactly_the_edit() {
    const EDITS: &[&str] = &["I2=type:已开展需求沟通两次。", "sort=2", "hide=3"];
    let expect = |f: &Fixture, book: &str| {
        let (ok, stdout, stderr) = out(f, &["import", book, "--message-format", "short"]);
        assert!(ok, "{stderr}");
        assert_eq!(
            stdout,
            "content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 已开展需求沟通两次。\n1 change in 1 file; run again with --write to make them\n"
        );
        assert_eq!(stderr, "");
    };
    with_calc_workbook("calc-sorted.xlsx", "明细", EDITS, expect);
}

#[test]
fn a_text_holding_excel_escape_sequences_comes_back_unchanged() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "progress: 代码_x000D_与_x005F_原样",
    );
    f.build_ok();
    std::fs::copy(f.path("output/yongan.xlsx"), f.path("back.xlsx")).unwrap();
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout, "0 changes in 0 files\n",
        "no change for an unchanged workbook"
    );
    // Saved again by Calc (which writes such texts its own way): still no change.
    if type_with_calc(&f.path("back.xlsx"), &f.path("again.xlsx"), &[]) {
        let (ok, stdout, stderr) = out(&f, &["import", "again.xlsx"]);
        assert!(ok, "{stderr}");
        assert_eq!(
            stdout, "0 changes in 0 files\n",
            "no change after a Calc save"
        );
    }
}

#[test]
fn a_file_saved_elsewhere_between_reading_and_writing_is_not_overwritten() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(&mut rows, "yongan/01-", "事项推进情况", "新进展");
    save(&f.path("back.xlsx"), &rows, &[]);
    // The library's import reads, then another program saves the file, then it writes.
    let project = huibao::content::load(&f.path("content")).unwrap();
    let book = huibao::import::read::read(&f.path("back.xlsx"), "明细", 10_000).unwrap();
    let plan = huibao::import::plan(&project, &book.rows);
    f.edit(
        YONGAN1,
        "lead_leader: 沈敏",
        "lead_leader: 沈敏 # 编辑器里改的",
    );
    let err = huibao::import::edited_files(&plan, &project, false).unwrap_err();
    assert!(err.ends_with("the file changed since import read it (saved in an editor meanwhile?): nothing was written; import again"), "{err}");
}

#[test]
fn a_workbook_calc_saved_still_finds_its_rows_after_a_rename_and_an_inserted_row() {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::copy(fixture("calc-sorted.xlsx"), f.path("sorted.xlsx")).unwrap();
    std::fs::rename(f.path(YONGAN1), f.path("content/yongan/01-环保.yaml")).unwrap();
    insert_first_row(&f, "content/yongan/01-环保.yaml", "环保处");
    let (ok, stdout, stderr) = out(&f, &["import", "sorted.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with("content/yongan/01-环保.yaml:9 rows[1].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 已开展需求沟通两次。\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("yongan/01-加强生态环境保护.yaml#rows[0] is now yongan/01-环保.yaml#rows[1] (renamed or moved since the workbook was built): matched by its content"),
        "{stderr}"
    );
}

#[test]
fn an_edit_calc_made_on_the_print_sheet_is_reported_with_its_cell() {
    let expect = |f: &Fixture, book: &str| {
        let (ok, stdout, stderr) = out(f, &["import", book, "--message-format", "short"]);
        assert!(ok, "{stderr}");
        assert_eq!(stdout, "0 changes in 0 files\n");
        assert_eq!(
            stderr,
            format!(
                "warning: {book}:4:1: 附件1!H4: “2023年年内完成需求梳理。尽快开展需求沟通。” → “已完成” was changed on the print sheet, which is not imported: make the change in the 明细 sheet and import again\n1 warning\n"
            )
        );
    };
    with_calc_workbook("calc-print-edit.xlsx", "附件1", &["H4=type:已完成"], expect);
}

/// A department head deletes a row of 明细 in Calc (select the row, Delete Rows) and saves as
/// .xlsx: Calc writes an empty row 1048576, which is nothing, and the deleted row is kept with a
/// warning, as for .xls and .ods. Made again with `python3 tests/it/calc/type_into.py
/// output/yongan.xlsx tests/it/fixtures/calc-deleted-row.xlsx 明细 deleterow=3`.
#[test]
fn a_row_deleted_in_calc_is_kept_with_a_warning_and_the_rest_imports() {
    with_calc_workbook(
        "calc-deleted-row.xlsx",
        "明细",
        &["deleterow=3"],
        |f, book| {
            let before = content_tree(f);
            let (ok, stdout, stderr) =
                out(f, &["import", book, "--write", "--message-format", "short"]);
            assert!(ok, "{stderr}");
            assert_eq!(stdout, "wrote 0 changes to 0 files; the content checks\n");
            assert_eq!(
                stderr,
                "warning: back.xlsx: 2. 拓展竹林产业市场 (第1条, yongan/02-拓展竹林产业市场.yaml) is not in the workbook (deleted there?): the content keeps it; delete it in the YAML if that was meant\n1 warning\n"
            );
            assert_eq!(content_tree(f), before);
        },
    );
}

/// A department that lifts the sheet's protection (it has no password) and changes a locked
/// column — the 牵头部门 reassigned, the 牵头领导 — sees the change listed with what to do, and
/// `--write` leaves it out: only the fill-in columns import.
#[test]
fn a_change_in_a_locked_column_is_reported_and_not_written() {
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    set(&mut rows, "yongan/01-", "牵头部门", "督察处");
    set(&mut rows, "yongan/01-", "事项推进情况", "已完成需求梳理");
    save(&f.path("back.xlsx"), &rows, &[]);
    let before = f.read(YONGAN1);
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 已完成需求梳理\n\
content/yongan/01-加强生态环境保护.yaml:9 rows[0].lead_dept (牵头部门): 环保处 → 督察处\n  \
(a locked column: the office changes it in the content, and import does not write it; if you agree, change this field in the YAML file)\n\
2 changes in 1 file; run again with --write to make them\n"
    );
    let (ok, stdout, stderr) = out(&f, &["import", "back.xlsx", "--write", "--force"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.ends_with(
            "wrote 1 change to 1 file; the content checks (1 in locked columns not written)\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        f.read(YONGAN1),
        before.replace(
            "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
            "    progress: 已完成需求梳理"
        )
    );
}

/// A sheet reshaped by a department never loses an edit without a word: a renamed fill-in
/// column (the text typed under it), a deleted one, and progress typed on a left-out item's
/// row are each said in the dry run, with the cell; `--write` writes none of them.
#[test]
fn a_reshaped_sheet_says_what_it_cannot_bring_back() {
    let f = Fixture::seed();
    f.build_ok();
    let rows = data_sheet(&f.path("output/yongan.xlsx"));
    let renamed: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .map(|c| {
                    if i == 0 && c == "事项推进情况" {
                        "进展".to_string()
                    } else {
                        c.clone()
                    }
                })
                .collect()
        })
        .collect();
    save(&f.path("renamed.xlsx"), &renamed, &[]);
    let (ok, stdout, stderr) = out(&f, &["import", "renamed.xlsx", "--message-format", "short"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "0 changes in 0 files\n");
    assert_eq!(
        stderr,
        "warning: renamed.xlsx:1:1: the column title `进展` at 明细!I1 is not one huibao made (renamed, or added): what is typed under it is not read; give the column its title back\n\
warning: renamed.xlsx:1:1: 明细 has no `事项推进情况` column (deleted, or renamed): the edits in that column cannot be read back\n\
2 warnings\n"
    );

    // Progress typed on the row of an item that was left out.
    let g = Fixture::seed();
    g.build_ok();
    let mut rows = data_sheet(&g.path("output/datian.xlsx"));
    set(&mut rows, "datian/06-", "事项推进情况", "已开展交流");
    save(&g.path("back.xlsx"), &rows, &[]);
    let before = content_tree(&g);
    let (ok, stdout, stderr) = out(
        &g,
        &[
            "import",
            "back.xlsx",
            "--write",
            "--message-format",
            "short",
        ],
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "wrote 0 changes to 0 files; the content checks\n");
    assert!(
        stderr.contains("this item was left out (不纳入), so only its content is kept: what was typed into 事项推进情况 is not written; to include it, delete `excluded` in content/datian/06-EOD项目.yaml"),
        "{stderr}"
    );
    assert_eq!(content_tree(&g), before);
}

/// A folder, a device or a named pipe given to import is named as what it is, never opened.
#[test]
fn import_names_what_is_not_a_workbook_file() {
    let f = Fixture::seed();
    std::fs::create_dir(f.path("返回")).unwrap();
    assert!(runs_here(
        "mkfifo",
        &[f.path("pipe.xlsx").to_str().unwrap()]
    ));
    for (given, kind) in [
        ("返回", "a folder"),
        ("/dev/zero", "a device"),
        ("pipe.xlsx", "a named pipe (FIFO)"),
    ] {
        let (ok, _, stderr) = out(&f, &["import", given]);
        assert!(!ok);
        assert_eq!(
            stderr,
            format!(
                "error: {given}: this is not an ordinary file but {kind}: put a file here: the workbook is not read\nerror: nothing was imported\n"
            )
        );
    }
}

/// Monday the workbooks go out; Tuesday one department's reply is imported with `--write`;
/// Thursday another department's untouched workbook comes back: its print sheet still shows
/// Tuesday's field as it was sent, which is no edit of the department's (the comparison is with
/// the workbook as built, not with today's content). A real print-sheet edit is still said
/// (the Calc-saved `calc-print-edit.xlsx` above).
#[test]
fn a_late_reply_after_a_write_raises_no_false_print_sheet_alarm() {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::copy(
        f.path("output/departments/监测站.xlsx"),
        f.path("thursday.xlsx"),
    )
    .unwrap();
    let mut rows = data_sheet(&f.path("output/departments/环保处.xlsx"));
    set(&mut rows, "yongan/01-", "事项推进情况", "环保处已推进");
    save(&f.path("tuesday.xlsx"), &rows, &[]);
    let (ok, _, stderr) = out(&f, &["import", "tuesday.xlsx", "--write"]);
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = out(
        &f,
        &["import", "thursday.xlsx", "--message-format", "short"],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        (stdout.as_str(), stderr.as_str()),
        ("0 changes in 0 files\n", "")
    );
}

/// An office's week, end to end with LibreOffice Calc as the departments use it. Monday: the
/// content is committed and built, three departments get their workbooks. 环保处 types two
/// progress texts through Calc's input line (one with a line break); 监测站 deletes a row
/// (select it, Delete Rows) and types a progress the office will have changed by then; 绿林处
/// sorts its sheet, inserts an empty row and types a plan. Tuesday: 环保处's reply is imported
/// with `--write`. Wednesday: the office edits a field by hand. Thursday: the other two replies
/// in one call — 监测站's edit is a conflict (not written), its deleted row kept with a
/// warning, and no false print-sheet alarm. Then the build, and `changes` lists exactly the
/// week's edits.
#[test]
fn an_office_week_with_departments_in_calc() {
    let Some(_) = calc() else {
        println!("soffice or Python UNO not found: the office week in Calc is skipped");
        return;
    };
    let f = Fixture::seed_in_git();
    f.build_ok();
    std::fs::create_dir(f.path("返回")).unwrap();
    let dept = |name: &str| f.path(&format!("output/departments/{name}.xlsx"));
    let back = |name: &str| f.path(&format!("返回/{name}.xlsx"));
    assert!(type_with_calc(
        &dept("环保处"),
        &back("环保处"),
        &[
            "J2=type:已与永安对接两次",
            "J3=type:已介绍经验\n后续加强交流"
        ],
    ));
    assert!(type_with_calc(
        &dept("监测站"),
        &back("监测站"),
        &["deleterow=3", "J2=type:已提供监测方案"],
    ));
    assert!(type_with_calc(
        &dept("绿林处"),
        &back("绿林处"),
        &["sort=4", "insertrow=3", "I2=type:打造竹制品示范点"],
    ));

    // Tuesday.
    let (ok, stdout, stderr) = out(&f, &["import", "返回/环保处.xlsx", "--write"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "content/datian/03-土壤环境保护.yaml:10 rows[0].progress (事项推进情况): 前期与大田相关人员对接，告知浦东没有相关露天矿山和尾矿库的修复工作经验。后续如有其它建设用地土壤污染状况治理修复的工作会加强交流沟通。 → 已介绍经验⏎后续加强交流\n\
content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 2023年年内完成需求梳理。尽快开展需求沟通。 → 已与永安对接两次\n\
wrote 2 changes to 2 files; the content checks\n"
    );
    assert_eq!(stderr, "");

    // Wednesday: the office's own edit.
    f.edit(
        "content/datian/04-气候投融资.yaml",
        "    progress: 与大田县工作人员保持联络，",
        "    progress: 已约大田县工作人员来沪交流；与大田县工作人员保持联络，",
    );

    // Thursday.
    let (ok, stdout, stderr) = out(
        &f,
        &["import", "返回/监测站.xlsx", "返回/绿林处.xlsx", "--write"],
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "conflict: content/yongan/01-加强生态环境保护.yaml:7 rows[0].progress (事项推进情况): 已与永安对接两次 → 已提供监测方案\n  \
the row changed in the content since 监测站.xlsx row 2 was built: not written (--force writes the workbook's text)\n\
content/yongan/02-拓展竹林产业市场.yaml:8 rows[0].plans.2025 (2025年计划): 在环城生态公园带等公园绿地中打造特色景观，并推广应用 → 打造竹制品示范点\n\
wrote 1 change to 1 file; the content checks (1 in conflict not written)\n"
    );
    assert_eq!(
        stderr,
        "warning: 返回/监测站.xlsx: 5. 环境监测、环境执法能力提升 (第1条, datian/05-环境监测环境执法能力提升.yaml) is not in the workbook (deleted there?): the content keeps it; delete it in the YAML if that was meant\n1 warning\n"
    );
    f.build_ok();
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains("已与永安对接两次") && text.contains("打造竹制品示范点"));

    // The week's edits, exactly: two from 环保处, one from 绿林处, the office's own.
    let (ok, stdout, stderr) = out(&f, &["changes", "--color", "never"]);
    assert!(ok, "{stderr}");
    let fields: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("    第"))
        .map(|l| l.split(", line").next().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "    第1条 事项推进情况",
            "    第1条 2025年计划",
            "    第1条 事项推进情况",
            "    第1条 事项推进情况",
        ]
    );
    for text in [
        "已与永安对接两次",
        "竹制品示范点",
        "已介绍",
        "已约大田县工作人员来沪交流",
    ] {
        assert!(stdout.contains(text), "{text}: {stdout}");
    }
    assert!(!stdout.contains("已提供监测方案"), "{stdout}");
    assert!(
        stdout.contains("4 files: 4 changed, 0 added, 0 removed\n"),
        "{stdout}"
    );
    // And the same four cells, as the reader of the annexes sees them change.
    for place in [
        "  附件1 第1项 事项推进情况：",
        "  附件1 第2项 2025年计划：",
        "  附件2 第3项 事项推进情况：",
        "  附件2 第4项 事项推进情况：",
    ] {
        assert_eq!(stdout.matches(place).count(), 1, "{place}: {stdout}");
    }
}
