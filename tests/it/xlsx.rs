//! The annex workbooks read back with calamine: every cell of the seed's tables in its place,
//! every merged range, text that looks like a formula stays text, print setup, reproducibility.

use crate::common::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use huibao::document::{Block, place};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

fn open(f: &Fixture, name: &str) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(f.path(&format!("output/{name}"))).unwrap()
}

/// (first row, first col, last row, last col), 0-based.
fn merges(f: &Fixture, name: &str, sheet: &str) -> BTreeSet<(u32, u32, u32, u32)> {
    let mut wb = open(f, name);
    wb.load_merged_regions().unwrap();
    wb.merged_regions_by_sheet(sheet)
        .iter()
        .map(|(_, _, d)| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        // 序号 is a number on the print sheets (no "number stored as text" mark).
        Some(Data::Float(n)) if col == 0 && n.fract() == 0.0 => format!("{n}"),
        Some(other) => panic!("({row},{col}) is not text: {other:?}"),
    }
}

#[test]
fn merged_ranges_match_the_seed() {
    let f = Fixture::seed();
    f.build_ok();
    let full = |r| (r, 0, r, 10);
    // Row 1 is the 附件N label in one cell; row 2 the title across the table.
    let yongan: BTreeSet<_> = [
        full(1),
        (3, 4, 3, 6), // item 1: one plan over 2023-2025
        (4, 0, 5, 0), // item 2: 序号 over two rows
        (4, 1, 5, 1), // item 2: 事项 over two rows
        // The notes from the second column, 注： beside them in the first.
        (7, 1, 7, 10),
        (8, 1, 8, 10),
    ]
    .into();
    assert_eq!(merges(&f, "yongan.xlsx", "附件1"), yongan);
    let datian: BTreeSet<_> = [
        full(1),
        (4, 0, 5, 0),
        (4, 1, 5, 1),
        (9, 3, 9, 10), // items 6-9: feedback from 预计完成时间 to 配合部门
        (10, 3, 10, 10),
        (11, 3, 11, 10),
        (12, 3, 12, 10),
    ]
    .into();
    assert_eq!(merges(&f, "datian.xlsx", "附件2"), datian);
}

#[test]
fn every_cell_of_the_document_is_in_its_place() {
    let f = Fixture::seed();
    f.build_ok();
    let project = huibao::content::load(&f.path("content")).unwrap();
    let theme = huibao::theme::Theme::load(&f.path("templates")).unwrap();
    let rendered = huibao::render::render(&project, &theme).unwrap();
    for (annex, r) in &rendered.annexes {
        let mut wb = open(&f, &format!("{}.xlsx", r.stem));
        let range = wb
            .worksheet_range(&format!("附件{}", annex.number))
            .unwrap();
        let blocks = &r.document.sections[0].blocks;
        let mut row = 0u32;
        let mut checked = 0;
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    // A note: its label (注：) in the first column, the rest in the second.
                    let text = cell(&range, row, 0) + &cell(&range, row, 1);
                    assert_eq!(text, p.text);
                    row += 1;
                }
                Block::Table(t) => {
                    for rows in std::iter::once(&t.head).chain(&t.groups) {
                        let cols = place(rows, t.columns.len());
                        for (i, r) in rows.iter().enumerate() {
                            for (c, &col) in r.cells.iter().zip(&cols[i]) {
                                assert_eq!(cell(&range, row + i as u32, col as u32), c.text);
                                checked += 1;
                            }
                        }
                        row += rows.len() as u32;
                    }
                }
                Block::PageBreak => {}
            }
        }
        assert!(checked > 40);
    }
    let mut wb = open(&f, "yongan.xlsx");
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        cell(&range, 3, 4),
        "按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。"
    );
    assert_eq!(cell(&range, 5, 2), "帮助竹博会办会，发动行业企业参加竹博会");
    assert_eq!(
        cell(&range, 8, 1),
        "2、永安市提出支持永安环境监测实验室及环境行政办公搬迁改造建设合作交流意向。希望2023年年内完成需求梳理，尽快开展需求沟通，2024年12月改造项目建成。"
    );
    let mut wb = open(&f, "datian.xlsx");
    let range = wb.worksheet_range("附件2").unwrap();
    assert_eq!(
        cell(&range, 11, 3),
        "环保处反馈：“双碳”行动暂无合作交流计划；\n督察处反馈：“无废城市”创建浦东非试点区域，启动较晚，无废细胞创建尚未开始。"
    );
    assert_eq!(cell(&range, 5, 9), "供排水处");
    assert_eq!(cell(&range, 5, 10), "区供排水中心、各镇");
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "progress: \"=SUM(A1:A3)\"",
    );
    f.build_ok();
    let mut wb = open(&f, "yongan.xlsx");
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&Data::String("=SUM(A1:A3)".into()))
    );
    let formulas = wb.worksheet_formula("附件1").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

fn zipped(f: &Fixture, name: &str, member: &str) -> String {
    let file = std::fs::File::open(f.path(&format!("output/{name}"))).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn print_setup_and_properties() {
    let f = Fixture::seed();
    f.build_ok();
    let sheet = zipped(&f, "datian.xlsx", "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"fitToHeight="0""#) && sheet.contains("<pageSetUpPr fitToPage=\"1\"/>")
    );
    assert!(sheet.contains(r#"<printOptions horizontalCentered="1"/>"#));
    // The page number as the PDF prints it; 共N页 would count the data sheet's pages too.
    assert!(
        sheet.contains("<oddFooter>&amp;C— &amp;P —</oddFooter>"),
        "{sheet}"
    );
    assert!(sheet.contains(r#"ySplit="3""#), "header row frozen");
    let workbook = zipped(&f, "datian.xlsx", "xl/workbook.xml");
    assert!(
        // Only the header row repeats on printed pages, as in the PDF.
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("附件2!$3:$3"),
        "{workbook}"
    );
    let core = zipped(&f, "datian.xlsx", "docProps/core.xml");
    assert!(core.contains("<dc:creator>办公室（政策法规处）</dc:creator>"));
    assert!(core.contains(
        "<dc:title>浦东新区生态环境局与大田县生态环境领域合作交流项目表（2023—2025年）</dc:title>"
    ));
    assert!(core.contains("2023-01-01T00:00:00Z"));
}

#[test]
fn rows_are_tall_enough_for_their_wrapped_text() {
    let f = Fixture::seed();
    f.build_ok();
    let sheet = zipped(&f, "yongan.xlsx", "xl/worksheets/sheet1.xml");
    // Item 3's progress cell holds ~110 characters in a ~20-unit column: many lines.
    let row7 = sheet.split("<row r=\"7\"").nth(1).unwrap();
    let ht: f64 = row7
        .split("ht=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(ht > 150.0, "row 7 is {ht} pt");
}

#[test]
fn two_builds_give_identical_workbooks() {
    let a = Fixture::seed();
    let b = Fixture::seed();
    a.build_ok();
    b.build_ok();
    for name in ["yongan.xlsx", "datian.xlsx"] {
        assert_eq!(
            std::fs::read(a.path(&format!("output/{name}"))).unwrap(),
            std::fs::read(b.path(&format!("output/{name}"))).unwrap()
        );
    }
}

#[test]
fn the_data_sheet_has_one_filterable_row_per_content_row() {
    let f = Fixture::seed();
    f.build_ok();
    let mut wb = open(&f, "datian.xlsx");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "附件2".to_string(),
            "明细".to_string(),
            "填报说明".to_string()
        ]
    );
    let range = wb.worksheet_range("明细").unwrap();
    let header: Vec<String> = (0..range.width() as u32)
        .map(|c| cell_text(&range, 0, c))
        .collect();
    assert_eq!(
        header,
        [
            "附件",
            "序号",
            "事项",
            "对口合作交流内容",
            "预计完成时间",
            "2023年计划",
            "2024年计划",
            "2025年计划",
            "事项推进情况",
            "牵头领导",
            "牵头部门",
            "配合部门",
            "纳入",
            "不纳入原因",
            "键",
        ]
    );
    // The seed's 大田 table: 9 items, 10 rows; 序号 is a number on every row.
    assert_eq!(range.height(), 11);
    for r in 1..11 {
        assert!(
            matches!(range.get_value((r, 1)), Some(Data::Float(_))),
            "row {r}"
        );
    }
    // Filtering 牵头部门 = 环保处 finds whole rows: 序号 and 事项 on each.
    let col = |name: &str| header.iter().position(|h| h == name).unwrap() as u32;
    let rows: Vec<(String, String, String)> = (1..11)
        .filter(|&r| cell_text(&range, r, col("牵头部门")) == "环保处")
        .map(|r| {
            (
                cell_text(&range, r, col("序号")),
                cell_text(&range, r, col("事项")),
                cell_text(&range, r, col("纳入")),
            )
        })
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|(seq, title, _)| !seq.is_empty() && !title.is_empty())
    );
    // Left-out items say so, with the feedback in its own column.
    let eod = (1..11)
        .find(|&r| cell_text(&range, r, col("事项")) == "EOD项目")
        .unwrap();
    assert_eq!(cell_text(&range, eod, col("纳入")), "不纳入");
    assert_eq!(
        cell_text(&range, eod, col("不纳入原因")),
        "环保处：EOD项目浦东暂未开展过。"
    );
    // A plan over several years stands in each of its years; the key names file and row.
    let key = cell_text(&range, 1, col("键"));
    assert!(key.starts_with("datian/01-水环境.yaml#rows[0]@"), "{key}");
    let sheet = zipped(&f, "datian.xlsx", "xl/worksheets/sheet2.xml");
    assert!(sheet.contains(r#"<autoFilter ref="A1:O11"/>"#), "{sheet}");
    assert!(sheet.contains(r#"hidden="1""#));
    assert!(sheet.contains(r#"ySplit="1""#));
}

fn cell_text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        _ => String::new(),
    }
}

#[test]
fn printed_pages_break_between_items() {
    let dir = tempfile::tempdir().unwrap();
    crate::synth::write_project(dir.path(), 1, 120, 11).unwrap();
    assert_ok(&run_in(dir.path(), &["build"]));
    let path = dir.path().join("output/partner001.xlsx");
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    // <brk id="N" max="16383" man="1"/>: a manual break above zero-based row N.
    let breaks: Vec<u32> = sheet
        .split("<brk id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(breaks.len() >= 10, "{} breaks", breaks.len());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let (first_row, _) = range.start().unwrap();
    for b in breaks {
        // A break falls where an item starts: its 序号 is written in that row.
        let seq = range.get_value((b - first_row, 0));
        assert!(
            matches!(seq, Some(Data::Float(n)) if *n >= 1.0),
            "break above row {b} splits an item ({seq:?})"
        );
    }
}

/// Of each `<tag …>` element of `xml`, its `key` and `value` attributes as numbers.
fn attributes(xml: &str, tag: &str, key: &str, value: &str) -> Vec<(u32, f64)> {
    xml.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|s| {
            let head = format!(" {}", &s[..s.find('>')?]);
            let get = |k: &str| {
                head.split(&format!(" {k}=\""))
                    .nth(1)
                    .map(|v| v[..v.find('"').unwrap_or(v.len())].to_string())
            };
            Some((get(key)?.parse().ok()?, get(value)?.parse().ok()?))
        })
        .collect()
}

#[test]
fn a_cell_taller_than_an_excel_row_is_spread_over_merged_rows() {
    let f = Fixture::seed();
    let long: String = "推进情况说明，".repeat(143);
    assert!(long.chars().count() >= 1000);
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: {long}"),
    );
    f.build_ok();
    let sheet = zipped(&f, "yongan.xlsx", "xl/worksheets/sheet1.xml");
    // Row heights and column widths as written.
    let attr =
        |tag: &str, key: &str| attributes(&sheet, tag, if tag == "row" { "r" } else { "min" }, key);
    let heights: std::collections::BTreeMap<u32, f64> = attr("row", "ht").into_iter().collect();
    let widths: std::collections::BTreeMap<u32, f64> = attr("col", "width").into_iter().collect();
    // The progress cell: find its merged range.
    let mut wb = open(&f, "yongan.xlsx");
    let range = wb.worksheet_range("附件1").unwrap();
    let (row, col) = range
        .cells()
        .find(|(_, _, d)| matches!(d, Data::String(s) if *s == long))
        .map(|(r, c, _)| (r as u32, c as u32))
        .unwrap();
    let merged = merges(&f, "yongan.xlsx", "附件1");
    let (r0, _, r1, _) = *merged
        .iter()
        .find(|(r0, c0, _, c1)| *r0 == row && *c0 <= col && col <= *c1)
        .expect("the cell is merged over several rows");
    assert!(r1 > r0, "spread over more than one row");
    let have: f64 = (r0..=r1).map(|r| heights[&(r + 1)]).sum();
    // Excel's width attribute includes its padding; the need as huibao computes it.
    let width = widths[&(col + 1)];
    let style = huibao::theme::default_style().unwrap();
    let size = style.xlsx_look(style.role_id("cell").unwrap()).1;
    let need = huibao::xlsx::heights::cell_height(
        huibao::xlsx::heights::wrapped_lines(&long, width, size),
        size,
    );
    assert!(
        need > 409.0,
        "the test needs a cell taller than one Excel row ({need})"
    );
    assert!(
        have >= need - 1.0,
        "rows give {have} pt, the text needs {need} pt"
    );
    assert!((r0..=r1).all(|r| heights[&(r + 1)] <= 409.0));
}

#[test]
fn each_department_gets_a_workbook_of_its_rows() {
    let f = Fixture::seed();
    f.build_ok();
    let mut names: Vec<String> = std::fs::read_dir(f.path("output/departments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "供排水处.xlsx",
            "区供排水中心.xlsx",
            "各镇.xlsx",
            "基建处.xlsx",
            "市容环卫处.xlsx",
            "废管中心.xlsx",
            "水利处.xlsx",
            "环保处.xlsx",
            "环境管理事务中心.xlsx",
            "监测站.xlsx",
            "绿林处.xlsx",
        ]
    );
    let rows_of = |dept: &str| -> Vec<(String, String, String, String)> {
        let mut wb: Xlsx<_> =
            open_workbook(f.path(&format!("output/departments/{dept}.xlsx"))).unwrap();
        let range = wb.worksheet_range("明细").unwrap();
        (1..range.height() as u32)
            .map(|r| {
                (
                    cell_text(&range, r, 0),
                    cell_text(&range, r, 1),
                    cell_text(&range, r, 2),
                    cell_text(&range, r, 3),
                )
            })
            .collect()
    };
    let row = |role: &str, annex: &str, seq: &str, title: &str| {
        (
            role.to_string(),
            annex.to_string(),
            seq.to_string(),
            title.to_string(),
        )
    };
    assert_eq!(
        rows_of("环保处"),
        vec![
            row("牵头", "1", "1", "加强生态环境保护"),
            row("牵头", "2", "3", "土壤环境保护"),
            row("牵头", "2", "4", "气候投融资"),
            row("牵头", "2", "5", "环境监测、环境执法能力提升"),
        ]
    );
    assert_eq!(
        rows_of("监测站"),
        vec![
            row("配合", "1", "1", "加强生态环境保护"),
            row("配合", "2", "5", "环境监测、环境执法能力提升"),
        ]
    );
    // The same look as the annexes: a print sheet per annex with only its rows, the merged
    // 序号/事项 cut to them (区供排水中心 supports one of 污水垃圾处理's two rows).
    let mut wb: Xlsx<_> = open_workbook(f.path("output/departments/环保处.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["附件1", "附件2", "明细", "填报说明"]);
    let print = wb.worksheet_range("附件2").unwrap();
    let seqs: Vec<String> = (3..print.height() as u32)
        .map(|r| cell_text(&print, r, 0))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(seqs, ["3", "4", "5"]);
    let mut wb: Xlsx<_> = open_workbook(f.path("output/departments/区供排水中心.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["附件2", "明细", "填报说明"]);
    let print = wb.worksheet_range("附件2").unwrap();
    let body: Vec<(String, String)> = (3..print.height() as u32)
        .map(|r| (cell_text(&print, r, 0), cell_text(&print, r, 1)))
        .collect();
    assert_eq!(body, [("2".to_string(), "污水垃圾处理".to_string())]);
    assert!(
        !merges(&f, "departments/区供排水中心.xlsx", "附件2")
            .iter()
            .any(|(r0, c0, r1, _)| *c0 == 0 && r1 > r0),
        "a one-row item has no vertical merge left"
    );
    // Off in style.yaml: none are written, and the manifest removes the old ones.
    let g = Fixture::seed_with_templates();
    g.build_ok();
    assert!(g.path("output/departments/环保处.xlsx").is_file());
    g.edit(
        "templates/style.yaml",
        "department_workbooks: true",
        "department_workbooks: false",
    );
    g.build_ok();
    assert!(!g.path("output/departments/环保处.xlsx").exists());
}

/// The font (name, size, bold) of the cell `cell` (e.g. `A1`) of the print sheet, read from the
/// workbook's XML.
fn cell_font(path: &std::path::Path, cell: &str) -> (String, f64, bool) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let styles = read("xl/styles.xml");
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let xf: usize = sheet
        .descendants()
        .find(|n| n.has_tag_name("c") && n.attribute("r") == Some(cell))
        .and_then(|n| n.attribute("s"))
        .map_or(0, |s| s.parse().unwrap());
    let xfs: Vec<_> = styles
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .collect();
    let font_id: usize = xfs[xf].attribute("fontId").unwrap().parse().unwrap();
    let fonts: Vec<_> = styles
        .descendants()
        .find(|n| n.has_tag_name("fonts"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("font"))
        .collect();
    let font = fonts[font_id];
    let child = |tag: &str| font.children().find(|n| n.has_tag_name(tag));
    (
        child("name")
            .and_then(|n| n.attribute("val"))
            .unwrap()
            .to_string(),
        child("sz")
            .and_then(|n| n.attribute("val"))
            .unwrap()
            .parse()
            .unwrap(),
        child("b").is_some(),
    )
}

#[test]
fn the_print_sheet_sets_each_role_as_the_pdf_does() {
    let f = Fixture::seed();
    f.build_ok();
    let style = huibao::theme::default_style().unwrap();
    let path = f.path("output/yongan.xlsx");
    // 附件1 (annex-label: 黑体 三号), the title (table-title: 宋体 小二), a header cell
    // (header-cell: 黑体 10 bold), a body cell (cell: 宋体 10).
    for (cell, role, family) in [
        ("A1", "annex-label", "黑体"),
        ("A2", "table-title", "宋体"),
        ("A3", "header-cell", "黑体"),
        ("C4", "cell", "宋体"),
    ] {
        let r = style.role(style.role_id(role).unwrap());
        assert_eq!(
            cell_font(&path, cell),
            (family.to_string(), f64::from(r.size), r.bold),
            "{cell} ({role})"
        );
    }
}

/// The print sheet pages as the PDF does, at Excel's row granularity: an item taller than a
/// page starts where it is (the review found it pushed to a page of its own, 20 % used), its
/// 序号 and 事项 stand again at the top of the continuation page and no merged range crosses a
/// break; no page but the last is under half full; the notes hang (`注：` beside, `2、`
/// under `1、`).
#[test]
fn the_print_sheet_splits_a_tall_item_and_repeats_its_labels() {
    let f = Fixture::seed();
    let mut item = String::from("seq: 1\ntitle: 加强生态环境保护\nrows:\n");
    for k in 1..=14 {
        item.push_str(&format!(
            "  - content: 第{k}项，强化生态环境技术交流，做好污染防治技术的指导，帮助永安市辖区空气监测网格整合提升\n    plans:\n      2023-2025: 按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。\n    progress: 第{k}项进展，2023年年内完成需求梳理，尽快开展需求沟通，形成工作清单并逐项推进落实。\n    lead_leader: 沈敏\n    lead_dept: 环保处\n    support_depts: [监测站]\n"
        ));
    }
    f.write(YONGAN1, item);
    f.build_ok();
    let sheet = zipped(&f, "yongan.xlsx", "xl/worksheets/sheet1.xml");
    let attr = |tag: &str, key: &str, value: &str| attributes(&sheet, tag, key, value);
    let heights: BTreeMap<u32, f64> = attr("row", "r", "ht").into_iter().collect();
    let widths: Vec<f64> = attr("col", "min", "width")
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    let breaks: Vec<u32> = attr("brk", "id", "id")
        .into_iter()
        .map(|(b, _)| b)
        .collect();
    let mut wb = open(&f, "yongan.xlsx");
    let range = wb.worksheet_range("附件1").unwrap();
    let header = (0..10u32)
        .find(|&r| cell(&range, r, 0) == "序号")
        .expect("the header row");
    let first_item = (header..header + 5)
        .find(|&r| cell(&range, r, 0) == "1")
        .expect("item 1 under the header");
    assert!(!breaks.is_empty() && breaks[0] > first_item, "{breaks:?}");
    let merged = merges(&f, "yongan.xlsx", "附件1");
    assert_eq!(
        (cell(&range, breaks[0], 0), cell(&range, breaks[0], 1)),
        ("1".to_string(), "加强生态环境保护".to_string()),
        "the first page break falls inside item 1, whose labels start the next page"
    );
    for &b in &breaks {
        assert!(
            !cell(&range, b, 0).is_empty() && !cell(&range, b, 1).is_empty(),
            "row {b} starts a page without its 序号 and 事项"
        );
        for &(r0, c0, r1, c1) in &merged {
            assert!(
                !(r0 < b && b <= r1),
                "{r0},{c0}–{r1},{c1} crosses the break at {b}"
            );
        }
    }
    // Fill of each page (the header repeated on every page) as Excel prints it: one page wide,
    // scaled to fit (a width unit is 7 pixels, a pixel ¾ point; A4 landscape, the margins).
    let table_w: f64 = widths.iter().map(|w| w * 7.0 * 0.75).sum();
    let scale = ((841.89 - 0.8 * 72.0) / table_w).min(1.0);
    let room = (595.28 - 1.1 * 72.0) / scale;
    let header_h: f64 = (header..first_item).map(|r| heights[&(r + 1)]).sum();
    let table_end = (first_item..)
        .find(|r| cell(&range, *r, 0).starts_with("注"))
        .unwrap();
    let mut starts = vec![0];
    starts.extend(&breaks);
    starts.push(table_end);
    for (p, w) in starts.windows(2).enumerate() {
        let used: f64 = (w[0]..w[1]).map(|r| heights[&(r + 1)]).sum::<f64>()
            + if p > 0 { header_h } else { 0.0 };
        assert!(
            used <= room + 0.5,
            "page {} over full: {used} of {room}",
            p + 1
        );
        if w[1] != table_end {
            assert!(
                used >= 0.5 * room,
                "page {} at {:.0} %",
                p + 1,
                100.0 * used / room
            );
        }
    }
    // The notes: 注： beside the first, 2、 under 1、.
    assert_eq!(cell(&range, table_end, 0), "注：");
    assert!(cell(&range, table_end, 1).starts_with("1、"));
    assert!(cell(&range, table_end + 1, 1).starts_with("2、"));
}
