//! Every warning huibao gives leaves the content building: the run succeeds, says the warning,
//! and the text that carries it reaches the PDF and the workbook in full (a warning that
//! dropped its file would lose every string of it without an error).

use crate::common::*;
use calamine::{Data, Reader, Xlsx, open_workbook};

/// (file, what the seed says, what the clerk wrote, words of the warning, a text of the file
/// that must be in the PDF, the workbook that must hold it).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const WARNINGS: &[Case] = &[
    (
        "content/meeting.yaml",
        "closing: 以上汇报，请予审议。",
        "closing: 以上汇报,请予审议。",
        "`,` between Chinese characters",
        "以上汇报,请予审议。",
        None,
    ),
    (
        "content/yongan/_annex.yaml",
        "heading: 永安市生态环境部门需要支持的事项",
        "heading: 永安市生态环境部门(需要)支持的事项",
        "`(` between Chinese characters",
        "永安市生态环境部门(需要)支持的事项",
        None,
    ),
    (
        "content/yongan/_annex.yaml",
        "非我局职能，建议由机关事务管理局承办。",
        "非我局职能,建议由机关事务管理局承办。",
        "`,` between Chinese characters",
        "非我局职能,建议由机关事务管理局承办。",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: \"2023年年内完成需求梳理。\\t尽快开展需求沟通。\"",
        "holds a tab or a run of spaces",
        "2023年年内完成需求梳理。尽快开展需求沟通。",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: 2023年年内完成需求梳理。  尽快开展需求沟通。",
        "holds a tab or a run of spaces",
        "2023年年内完成需求梳理。尽快开展需求沟通。",
        Some("yongan.xlsx"),
    ),
    (
        "content/yongan/_annex.yaml",
        "  - 永安市提出支持",
        "  - 2、永安市提出支持",
        "its own number",
        "永安市提出支持永安环境监测实验室",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    lead_dept: 环保处",
        "    lead_dept: 环保处，监测站",
        "looks like several departments",
        "环保处，监测站",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN2,
        "title: 拓展竹林产业市场",
        "title: 加强生态环境保护",
        "already has an item called",
        "推动公园栈道等公共设施优先使用竹制品",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    lead_leader: 沈敏",
        "    lead_leader: “沈敏”",
        "Chinese quotes",
        "“沈敏”",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: 已完成第1场 #环境日 主题活动",
        "as a comment",
        "已完成第1场",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    support_depts: [监测站]",
        "    support_depts: [监测站, 环保处]",
        "already leads this row",
        "强化生态环境技术交流",
        Some("yongan.xlsx"),
    ),
    (
        "content/meeting.yaml",
        "years: [2023, 2024, 2025]",
        "years: [2023, 2024, 2025, 2026]",
        "while the plan years",
        "浦东新区生态环境局与永安市生态环境领域合作交流项目表（2023—2025年）",
        Some("yongan.xlsx"),
    ),
    (
        YONGAN1,
        "    plans:\n      2023-2025: 按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。\n",
        "",
        "no plan in any year",
        "强化生态环境技术交流",
        Some("yongan.xlsx"),
    ),
];

/// Every text of every sheet of a built workbook, whitespace removed.
fn workbook_text(f: &Fixture, name: &str) -> String {
    let mut wb: Xlsx<_> = open_workbook(f.path(&format!("output/{name}"))).unwrap();
    let mut out = String::new();
    for sheet in wb.sheet_names() {
        let range = wb.worksheet_range(&sheet).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                out.push_str(s);
            }
        }
    }
    pdf::squash(&out)
}

/// Every PDF of `output/`, its text whitespace removed.
fn all_pdf_text(f: &Fixture) -> String {
    ["meeting.pdf", "yongan.pdf", "datian.pdf"]
        .iter()
        .map(|n| f.pdf_text(n).0)
        .collect()
}

#[test]
fn every_warning_leaves_the_content_building_with_every_string() {
    for (file, from, to, says, needle, workbook) in WARNINGS {
        let f = Fixture::seed();
        f.edit(file, from, to);
        let (ok, err) = f.build();
        assert!(ok, "{to:?} stopped the build:\n{err}");
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.contains(says)),
            "{to:?}: no warning saying {says:?}:\n{err}"
        );
        assert!(!err.contains("error"), "{to:?}: {err}");
        let needle = pdf::squash(needle);
        assert!(
            all_pdf_text(&f).contains(&needle),
            "{to:?}: {needle} not in the PDFs"
        );
        if let Some(workbook) = workbook {
            assert!(
                workbook_text(&f, workbook).contains(&needle),
                "{to:?}: {needle} not in {workbook}"
            );
        }
        // The file's annex is there whole: both annexes and all 12 items are listed.
        let list = String::from_utf8_lossy(&f.run(&["list"]).stdout).to_string();
        assert!(
            list.contains("2 annexes") && list.contains("12 items"),
            "{to:?}: {list}"
        );
    }
}
