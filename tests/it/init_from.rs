//! `huibao init --from`: the seed's two annex tables typed by hand into LibreOffice (Calc and
//! Writer, merges made as a clerk makes them, `calc/type_table.py`) become content with every
//! cell's text, which builds; a cell whose place is unclear is named with its cell.

use crate::common::*;
use serde_yaml::Value;
use std::path::Path;

/// The seed's columns, as the original tables have them.
const COLUMNS: [&str; 11] = [
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
];

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Sequence(list) => list.iter().map(text).collect::<Vec<_>>().join("、"),
        _ => String::new(),
    }
}

/// The item files of an annex folder, by seq.
fn items(dir: &Path) -> Vec<Value> {
    let mut items: Vec<Value> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "_annex.yaml")
        .map(|p| yaml(&p))
        .collect();
    items.sort_by_key(|i| i["seq"].as_u64());
    items
}

/// One annex of the seed laid out as the office's table: (cells with the header first,
/// merges, the 附件N line and title above, the 注 lines below).
fn table_of(annex: &Path) -> serde_json::Value {
    let meta = yaml(&annex.join("_annex.yaml"));
    let mut cells: Vec<Vec<String>> = vec![COLUMNS.iter().map(ToString::to_string).collect()];
    let mut merges: Vec<[usize; 4]> = Vec::new();
    for item in items(annex) {
        let first = cells.len();
        let rows = item["rows"].as_sequence().unwrap();
        for (i, row) in rows.iter().enumerate() {
            let mut line = vec![String::new(); COLUMNS.len()];
            if i == 0 {
                line[0] = text(&item["seq"]);
                line[1] = text(&item["title"]);
            }
            line[2] = text(&row["content"]);
            if let Some(excluded) = item["excluded"].as_sequence() {
                line[3] = excluded
                    .iter()
                    .map(|f| match f["by"].as_str() {
                        Some(by) => format!("{by}反馈：{}", text(&f["text"])),
                        None => text(&f["text"]),
                    })
                    .collect();
                merges.push([cells.len(), 3, cells.len(), 10]);
            } else {
                line[3] = text(&row["due"]);
                for (year, plan) in row["plans"].as_mapping().into_iter().flatten() {
                    let key = text(year);
                    let (from, to) = key.split_once('-').unwrap_or((&key, &key));
                    let col = |y: &str| 4 + (y.parse::<usize>().unwrap() - 2023);
                    line[col(from)] = text(plan);
                    if from != to {
                        merges.push([cells.len(), col(from), cells.len(), col(to)]);
                    }
                }
                line[7] = text(&row["progress"]);
                line[8] = text(&row["lead_leader"]);
                line[9] = text(&row["lead_dept"]);
                line[10] = text(&row["support_depts"]);
            }
            cells.push(line);
        }
        if rows.len() > 1 {
            merges.push([first, 0, cells.len() - 1, 0]);
            merges.push([first, 1, cells.len() - 1, 1]);
        }
    }
    let notes: Vec<String> = meta["notes"]
        .as_sequence()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let lead = if i == 0 { "注：" } else { "" };
            format!("{lead}{}、{}", i + 1, text(n))
        })
        .collect();
    serde_json::json!({
        "sheet": format!("附件{}", text(&meta["number"])),
        "above": [format!("附件{}", text(&meta["number"])), text(&meta["title"])],
        "cells": cells,
        "merges": merges,
        "below": notes,
    })
}

/// Fills in what meeting.yaml marks 必填 and builds.
fn fill_in_and_build(project: &Path) {
    let path = project.join("content/meeting.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("meeting: \"\"", "meeting: 第21次局长办公会")
        .replace("material: \"\"", "material: 会议材料之6")
        .replace("title: \"\"", "title: 合作交流项目制定情况的汇报")
        .replace("presenter: \"\"", "presenter: 办公室");
    std::fs::write(&path, text).unwrap();
    assert_ok(&run_in(project, &["build", "--markup"]));
}

/// The fields of an item that a table holds, `lead_dept` always a list.
fn fields(item: &Value) -> Value {
    let mut item = item.clone();
    for row in item["rows"].as_sequence_mut().into_iter().flatten() {
        if let Some(lead) = row.get("lead_dept").and_then(Value::as_str) {
            row["lead_dept"] = Value::Sequence(vec![Value::String(lead.to_string())]);
        }
    }
    item
}

#[test]
fn the_seeds_tables_typed_into_calc_and_writer_become_content_that_builds() {
    if !libreoffice_uno() {
        eprintln!("skipped: needs LibreOffice with Python UNO");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let seed = repo().join("content");
    let tables = [
        table_of(&seed.join("yongan")),
        table_of(&seed.join("datian")),
    ];
    // A second copy with a column huibao does not know and a stray line above.
    let mut odd = tables[0].clone();
    odd["above"]
        .as_array_mut()
        .unwrap()
        .insert(0, "（内部资料）".into());
    for (i, row) in odd["cells"].as_array_mut().unwrap().iter_mut().enumerate() {
        row.as_array_mut().unwrap().push(
            if i == 0 {
                "备注"
            } else if i == 1 {
                "请核实"
            } else {
                ""
            }
            .into(),
        );
    }
    let path = |name: &str| work.path().join(name).display().to_string();
    let books = serde_json::json!([
        {"xlsx": path("项目表.xlsx"), "docx": path("项目表.docx"), "tables": tables},
        {"xlsx": path("带备注.xlsx"), "docx": path("带备注.docx"), "tables": [odd]},
    ]);
    std::fs::write(work.path().join("books.json"), books.to_string()).unwrap();
    let typed = std::process::Command::new("/usr/bin/python3")
        .arg(repo().join("tests/it/calc/type_table.py"))
        .arg(work.path().join("books.json"))
        .output()
        .unwrap();
    assert_ok(&typed);

    for (source, name) in [("项目表.xlsx", "从工作簿"), ("项目表.docx", "从文档")] {
        let out = run_in(work.path(), &["init", name, "--from", source]);
        assert_ok(&out);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.starts_with(&format!("read 2 tables with 12 items into {name}/content;")),
            "{stdout}"
        );
        let project = work.path().join(name);
        // Every item as the seed has it: the same fields, every character.
        for (seed_dir, dir) in [("yongan", "永安"), ("datian", "大田")] {
            let ours = items(&project.join("content").join(dir));
            let theirs = items(&seed.join(seed_dir));
            assert_eq!(ours.len(), theirs.len());
            for (a, b) in ours.iter().zip(&theirs) {
                assert_eq!(fields(a), fields(b), "{source} {dir} item {:?}", b["seq"]);
            }
            let meta = yaml(&project.join("content").join(dir).join("_annex.yaml"));
            let seed_meta = yaml(&seed.join(seed_dir).join("_annex.yaml"));
            for key in ["number", "partner", "title", "short_title", "notes"] {
                assert_eq!(meta[key], seed_meta[key], "{source} {dir} {key}");
            }
        }
        let meeting = yaml(&project.join("content/meeting.yaml"));
        assert_eq!(meeting["years"], yaml(&seed.join("meeting.yaml"))["years"]);
        assert!(text(&meeting["departments"]).contains("市容环卫处、废管中心"));
        // It builds, and every cell of the typed table is in the annex's markup and PDF.
        fill_in_and_build(&project);
        for (table, stem) in tables.iter().zip(["永安", "大田"]) {
            let markup =
                std::fs::read_to_string(project.join(format!("output/markup/{stem}.html")))
                    .unwrap();
            // The markup's text: tags (a <br/> between two departments' feedback) taken out.
            let markup: String = markup
                .split('<')
                .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
                .collect();
            let pdf =
                pdf::extract(&std::fs::read(project.join(format!("output/{stem}.pdf"))).unwrap());
            let pdf_text: String = pdf.iter().map(|p| pdf::squash(&p.text)).collect();
            for row in table["cells"].as_array().unwrap() {
                for cell in row.as_array().unwrap() {
                    let cell = cell.as_str().unwrap();
                    assert!(
                        markup.contains(cell),
                        "{source}: {cell} is not in {stem}.html"
                    );
                    for c in cell.chars().filter(|c| !c.is_whitespace()) {
                        assert!(
                            pdf_text.contains(c),
                            "{source}: {c} of {cell} is not in {stem}.pdf"
                        );
                    }
                }
            }
        }
    }

    // The odd copy: built, with each cell it could not place named.
    let out = run_in(work.path(), &["init", "带备注", "--from", "带备注.xlsx"]);
    assert_ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "warning: 带备注.xlsx sheet “附件1” L5: “请核实”: the column “备注” is not one huibao knows: not placed\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "warning: 带备注.xlsx sheet “附件1” A1: “（内部资料）”: text above the table that is neither 附件N nor the table title: not placed\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(
            "2 cells were not placed (listed above): copy their text into the right file by hand\n"
        ),
        "{stdout}"
    );
    let out = run_in(work.path(), &["init", "带备注2", "--from", "带备注.docx"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("warning: 带备注.docx table 1 row 2 column 12: “请核实”: the column “备注” is not one huibao knows: not placed\n"),
        "{stdout}"
    );
    // Not a table file: refused with what to do.
    std::fs::write(work.path().join("旧表.doc"), b"\xd0\xcf\x11\xe0").unwrap();
    let out = run_in(
        work.path(),
        &["--lang", "zh", "init", "旧", "--from", "旧表.doc"],
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "错误: 旧表.doc：无法作为表格读取：不是 .xlsx 或 .docx 文件：请在 Excel、WPS 或 LibreOffice 中打开，另存为 .xlsx（工作簿）或 .docx（Word 文档）后再试\n"
    );
    assert!(!work.path().join("旧").exists());
}

/// What a clerk may hand `init --from` by mistake is named and refused before anything is
/// written (a pipe would block the read for ever); a workbook huibao built itself is read
/// from its print sheet, not twice.
#[test]
fn wrong_files_are_refused_and_huibaos_own_workbook_reads_once() {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::create_dir(f.path("旧表.docx")).unwrap();
    f.write("改名的.xlsx", "not a zip");
    let fifo = std::process::Command::new("mkfifo")
        .arg(f.path("管道.xlsx"))
        .status()
        .is_ok_and(|s| s.success());
    let refused = |source: &str, why: &str| {
        let out = f.run(&["--lang", "zh", "init", "新", "--from", source]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("错误: {source}：无法作为表格读取：{why}\n")
        );
        assert!(!f.path("新").exists());
    };
    refused("旧表.docx", "这不是普通文件，而是一个文件夹：请换成文件");
    refused(
        "改名的.xlsx",
        "无法作为工作簿或 Word 文档打开（文件已损坏，或是改了扩展名的其他文件）：请在 Excel、WPS 或 LibreOffice 中打开，重新另存为 .xlsx 或 .docx",
    );
    if fifo {
        refused(
            "管道.xlsx",
            "这不是普通文件，而是一个命名管道（FIFO）：请换成文件",
        );
    }
    let out = f.run(&["init", "再来", "--from", "output/yongan.xlsx"]);
    assert_ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("read 1 table with 3 items into 再来/content;"),
        "{stdout}"
    );
    let ours = items(&f.path("再来/content/永安"));
    let theirs = items(&repo().join("content/yongan"));
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(fields(a), fields(b));
    }
    assert_eq!(ours.len(), 3);
}
