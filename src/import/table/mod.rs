//! `huibao init DIR --from 项目表.xlsx`: last year's annex tables, as the office keeps them in
//! Excel, WPS or Word, turned into content: one annex per table (or sheet), one file per item,
//! the years from the header, the departments collected into `meeting.yaml`. What the tables
//! do not say (the meeting, the report's paragraphs) is left blank for `huibao check` to ask
//! for; a cell whose place is unclear is listed with its cell, never guessed.

mod grid;
mod parse;

use crate::content::scaffold::{file_stem, short_name, yaml_scalar};
pub use parse::Unplaced;
use parse::{Annex, Item};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The content read from tables: each file's path under `content/` and its text.
#[derive(Debug, Default)]
pub struct FromTables {
    /// (`永安/01-加强生态环境保护.yaml`, its YAML), `meeting.yaml` first.
    pub files: Vec<(String, String)>,
    /// Cells left out, with why.
    pub unplaced: Vec<Unplaced>,
    /// Annexes and items read.
    pub annexes: usize,
    /// Items read.
    pub items: usize,
}

/// Reads every table of `paths` into content files; refuses when a file cannot be read or
/// holds no annex table.
pub fn content_from(paths: &[PathBuf], today: &str) -> Result<FromTables, String> {
    let mut unplaced = Vec::new();
    let mut annexes: Vec<Annex> = Vec::new();
    for path in paths {
        let before = annexes.len();
        for table in grid::read(path)? {
            annexes.extend(parse::annex(&table, &mut unplaced));
        }
        if annexes.len() == before {
            return Err(crate::tr!("from-no-table", file = crate::diag::shown(path)));
        }
    }
    let numbers = numbers(&annexes);
    let mut out = FromTables {
        annexes: annexes.len(),
        items: annexes.iter().map(|a| a.items.len()).sum(),
        ..FromTables::default()
    };
    out.files
        .push(("meeting.yaml".into(), meeting_text(&annexes, today)));
    let mut slugs: Vec<String> = Vec::new();
    for (annex, number) in annexes.iter().zip(numbers) {
        let mut slug = file_stem(&short_name(&annex.partner));
        if slug.is_empty() || slugs.contains(&slug) {
            slug = format!("附件{number}");
        }
        slugs.push(slug.clone());
        out.files
            .push((format!("{slug}/_annex.yaml"), annex_text(annex, number)));
        for (i, item) in annex.items.iter().enumerate() {
            let seq = i + 1;
            let name = format!("{slug}/{seq:02}-{}.yaml", file_stem(&item.title));
            out.files.push((name, item_text(item, seq)));
        }
    }
    out.unplaced = unplaced;
    Ok(out)
}

/// Each annex's 附件 number: as written above the tables when every table has its own,
/// else in the order read.
fn numbers(annexes: &[Annex]) -> Vec<u32> {
    let written: Vec<u32> = annexes.iter().filter_map(|a| a.number).collect();
    let mut unique = written.clone();
    unique.sort_unstable();
    unique.dedup();
    if written.len() == annexes.len() && unique.len() == written.len() {
        written
    } else {
        (1..=annexes.len() as u32).collect()
    }
}

/// `meeting.yaml`: years and departments from the tables, the rest blank to fill in.
fn meeting_text(annexes: &[Annex], today: &str) -> String {
    let mut years: Vec<u16> = annexes
        .iter()
        .flat_map(|a| a.years.iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut departments: Vec<String> = Vec::new();
    for item in annexes.iter().flat_map(|a| &a.items) {
        let named = item
            .rows
            .iter()
            .flat_map(|r| r.lead_dept.iter().chain(&r.support_depts))
            .chain(item.excluded.iter().filter_map(|f| f.by.as_ref()));
        for d in named {
            if d != "无" && !departments.contains(d) {
                departments.push(d.clone());
            }
        }
    }
    let list = |v: Vec<String>| v.join(", ");
    format!(
        "# 会议汇报。由 huibao init --from 从表格生成；各字段含义见 使用说明.md。\n\
         # 标“必填”的几项表格中没有，请补上，然后运行 huibao check。\n\
         meeting: \"\"        # 会议名称，如 第21次局长办公会（必填）\n\
         material: \"\"       # 材料编号，如 会议材料之6（必填）\n\
         title: \"\"          # 汇报标题（必填）\n\
         presenter: \"\"      # 汇报单位，如 办公室（政策法规处）（必填）\n\
         # 计划年度：表格的年度列。\n\
         years: [{}]\n\
         # 处室名单：表格中出现的牵头部门、配合部门和反馈处室；写错时 huibao 会提示。\n\
         departments: [{}]\n\
         # 成文日期（年-月-日）。\n\
         date: {today}\n\
         background: []       # 汇报开头的段落，每段一项\n\
         overview: []         # 第一部分的段落\n\
         closing: 以上汇报，请予审议。\n",
        list(years.iter().map(u16::to_string).collect()),
        list(departments.iter().map(|d| yaml_scalar(d)).collect()),
    )
}

/// `_annex.yaml`: number, partner, title and notes from the table; the report section's
/// heading as `huibao new --annex` writes it, its paragraphs left to write.
fn annex_text(annex: &Annex, number: u32) -> String {
    let partner = &annex.partner;
    let mut text = format!(
        "# 附件{number}：由 huibao init --from 从表格生成；各字段含义见 使用说明.md。\n\
         number: {number}\n\
         partner: {}\n\
         title: {}\n\
         short_title: {}\n\
         heading: {}\n\
         report: []           # 汇报中本部分的段落，每段一项\n",
        yaml_scalar(partner),
        yaml_scalar(&annex.title),
        yaml_scalar(&format!("{}合作交流项目表", short_name(partner))),
        yaml_scalar(&format!("{partner}生态环境部门需要支持的事项")),
    );
    text.push_str(&list_field("notes", &annex.notes));
    text
}

/// An item file, every field the table had.
fn item_text(item: &Item, seq: usize) -> String {
    let mut text = format!("seq: {seq}\ntitle: {}\nrows:\n", yaml_scalar(&item.title));
    for row in &item.rows {
        let _ = writeln!(text, "  - content: {}", yaml_scalar(&row.content));
        if !row.due.is_empty() {
            let _ = writeln!(text, "    due: {}", yaml_scalar(&row.due));
        }
        if !row.plans.is_empty() {
            text.push_str("    plans:\n");
            for (year, plan) in &row.plans {
                let _ = writeln!(text, "      {year}: {}", yaml_scalar(plan));
            }
        }
        for (key, value) in [
            ("progress", &row.progress),
            ("lead_leader", &row.lead_leader),
        ] {
            if !value.is_empty() {
                let _ = writeln!(text, "    {key}: {}", yaml_scalar(value));
            }
        }
        for (key, list) in [
            ("lead_dept", &row.lead_dept),
            ("support_depts", &row.support_depts),
        ] {
            let names: Vec<String> = list.iter().map(|d| yaml_scalar(d)).collect();
            match names.as_slice() {
                [] => {}
                // One lead department as the seed writes it; supporting ones always a list.
                [one] if key == "lead_dept" => {
                    let _ = writeln!(text, "    {key}: {one}");
                }
                _ => {
                    let _ = writeln!(text, "    {key}: [{}]", names.join(", "));
                }
            }
        }
    }
    if !item.excluded.is_empty() {
        text.push_str("excluded:\n");
        for f in &item.excluded {
            match &f.by {
                Some(by) => {
                    let _ = write!(
                        text,
                        "  - by: {}\n    text: {}\n",
                        yaml_scalar(by),
                        yaml_scalar(&f.text)
                    );
                }
                None => {
                    let _ = writeln!(text, "  - text: {}", yaml_scalar(&f.text));
                }
            }
        }
    }
    text
}

/// `key: []`, or the list one text a line.
fn list_field(key: &str, values: &[String]) -> String {
    if values.is_empty() {
        return format!("{key}: []\n");
    }
    let mut out = format!("{key}:\n");
    for v in values {
        let _ = writeln!(out, "  - {}", yaml_scalar(v));
    }
    out
}

/// The cells left out, one line each, for the user.
pub fn unplaced_lines(unplaced: &[Unplaced]) -> Vec<String> {
    unplaced
        .iter()
        .map(|u| {
            crate::tr!(
                "from-unplaced",
                place = u.place.as_str(),
                text = crate::diag::escape_line(&u.text.replace('\n', "⏎")),
                why = u.why.as_str()
            )
        })
        .collect()
}
