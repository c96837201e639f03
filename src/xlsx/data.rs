//! The data sheet (明细) of an annex workbook: one row per 对口合作交流内容, every field in its own
//! column with 序号 as a number and 事项 on every row, so a department can filter and sort its
//! rows in Excel (the print sheet's merged cells hold a value in their first row only). A hidden
//! key column names the item file and row with a fingerprint of the content the row was built
//! from, so a returned workbook can be matched to the content.

use crate::content::Annex;
use crate::content::model::Row;
use crate::style::Style;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Worksheet, XlsxError,
};
use std::hash::Hasher;

/// One content row, flattened.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataRow {
    /// 附件 number.
    pub annex: u32,
    /// 序号.
    pub seq: u32,
    /// 事项.
    pub title: String,
    /// 对口合作交流内容.
    pub content: String,
    /// 预计完成时间.
    pub due: String,
    /// The plan for each year of the meeting (a plan over several years in each of them).
    pub plans: Vec<String>,
    /// 事项推进情况.
    pub progress: String,
    /// 牵头领导.
    pub lead_leader: String,
    /// 牵头部门, joined with 、.
    pub lead_dept: String,
    /// 配合部门, joined with 、.
    pub support: String,
    /// Whether the item is in the plan (纳入) or was left out (不纳入).
    pub included: bool,
    /// The departments' feedback on a left-out item.
    pub feedback: String,
    /// `<annex folder>/<item file>#<row>@<fingerprint>`: which row of which file, and of what
    /// content, this line was made from.
    pub key: String,
    /// In a department's workbook: whether it leads (牵头) or supports (配合) this row.
    pub role: Option<&'static str>,
}

/// The column titles, years in between; a department's workbook starts with its 角色.
pub fn headers(years: &[u16], with_role: bool) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if with_role {
        h.push("角色".to_string());
    }
    h.extend(
        ["附件", "序号", "事项", "对口合作交流内容", "预计完成时间"]
            .iter()
            .map(|s| (*s).to_string()),
    );
    h.extend(years.iter().map(|y| format!("{y}年计划")));
    h.extend(
        [
            "事项推进情况",
            "牵头领导",
            "牵头部门",
            "配合部门",
            "纳入",
            "不纳入原因",
            "键",
        ]
        .iter()
        .map(|s| (*s).to_string()),
    );
    h
}

/// A stable fingerprint of one text (FNV-1a, the same on every machine and version), 8 hex
/// digits.
pub fn text_print(text: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(text.as_bytes());
    format!("{:08x}", h.finish() as u32)
}

impl DataRow {
    /// Every text the row's cells show, in the order of [`DataRow::field_prints`]: 事项,
    /// 对口合作交流内容, 预计完成时间, each year's plan, 事项推进情况, 牵头领导, 牵头部门, 配合部门.
    pub fn shown_fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![&self.title, &self.content, &self.due];
        out.extend(self.plans.iter().map(String::as_str));
        out.extend([
            self.progress.as_str(),
            &self.lead_leader,
            &self.lead_dept,
            &self.support,
        ]);
        out
    }

    /// The fingerprint of each field the row's cells show, joined with `.`: the key carries
    /// it, so import can tell, field by field, whether the department or the office changed
    /// a text since the workbook was built.
    pub fn field_prints(&self) -> String {
        self.shown_fields()
            .iter()
            .map(|t| text_print(t))
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// The fingerprint keys of workbooks built before fingerprints were kept per field (one for
/// the row's content; the title left out, the departments run together).
pub fn legacy_fingerprint(row: &Row) -> String {
    let mut h = fnv::FnvHasher::default();
    let mut field = |s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0);
    };
    field(&row.content);
    field(row.due.as_deref().unwrap_or(""));
    for plan in &row.plans.0 {
        field(&plan.key);
        field(&plan.text);
    }
    field(row.progress.as_deref().unwrap_or(""));
    field(row.lead_leader.as_deref().unwrap_or(""));
    for d in row.lead_dept.iter().chain(&row.support_depts) {
        field(d);
    }
    format!("{:016x}", h.finish())
}

/// The annex's folder name, as keys hold it.
pub fn annex_folder(annex: &Annex) -> String {
    annex
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Where a row is, as its key says it before the fingerprint: `folder/file#rows[N]`.
pub fn row_place(
    folder: &str,
    item: &crate::content::load::Sourced<crate::content::model::Item>,
    row: usize,
) -> String {
    let file = item
        .source
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!("{folder}/{file}#rows[{row}]")
}

/// A key's place (`folder/file#rows[N]`), without its fingerprint.
pub fn key_place(key: &str) -> &str {
    key.rsplit_once('@').map_or(key, |(place, _)| place)
}

/// The data rows of `annex`, in 序号 order.
pub fn rows(annex: &Annex, years: &[u16]) -> Vec<DataRow> {
    let number = annex.meta.value.number;
    let folder = annex_folder(annex);
    let mut out = Vec::new();
    for item in &annex.items {
        let v = &item.value;
        let feedback: Vec<String> = v
            .excluded
            .iter()
            .flatten()
            .map(|f| match &f.by {
                Some(by) => format!("{by}：{}", f.text.trim()),
                None => f.text.trim().to_string(),
            })
            .collect();
        for (i, row) in v.rows.iter().enumerate() {
            let plan_for = |y: u16| {
                row.plans
                    .0
                    .iter()
                    .find(|p| p.span.first <= y && y <= p.span.last)
                    .map(|p| p.text.trim().to_string())
                    .unwrap_or_default()
            };
            out.push(DataRow {
                annex: number,
                seq: v.seq,
                title: v.title.trim().to_string(),
                content: row.content.trim().to_string(),
                due: row.due.as_deref().unwrap_or("").trim().to_string(),
                plans: years.iter().map(|&y| plan_for(y)).collect(),
                progress: row.progress.as_deref().unwrap_or("").trim().to_string(),
                lead_leader: row.lead_leader.as_deref().unwrap_or("").trim().to_string(),
                lead_dept: row.lead_dept.join("、"),
                support: row.support_depts.join("、"),
                included: !v.is_excluded(),
                feedback: feedback.join("\n"),
                key: row_place(&folder, item, i),
                role: None,
            });
            let last = out.len() - 1;
            let prints = out[last].field_prints();
            out[last].key = format!("{}@{prints}", out[last].key);
        }
    }
    out
}

/// The data sheet's column widths: narrow for the short columns, the rest alike.
fn column_widths(headers: &[String], x: &crate::style::XlsxStyle) -> Vec<f64> {
    let narrow = ["角色", "附件", "序号", "纳入", "牵头领导"];
    headers
        .iter()
        .map(|h| {
            if narrow.contains(&h.as_str()) {
                x.data_sheet.narrow_width
            } else {
                x.data_sheet.width
            }
        })
        .collect()
}

/// The columns a department fills in: marked, and the only ones not locked.
pub fn is_fill_column(header: &str) -> bool {
    header == "预计完成时间" || header == "事项推进情况" || header.ends_with("年计划")
}

/// The sheet that tells a department what to do with the workbook.
pub const INSTRUCTIONS_SHEET: &str = "填报说明";

/// Writes `rows` into `ws` as a form: a frozen, filterable header with 序号 and 事项 frozen
/// beside it, every text cell formatted as text (`@`, so what is typed stays what was typed:
/// `2025.10` does not become 2025.1), the columns to fill marked and unlocked, the rest and the
/// hidden key locked by sheet protection without a password, and lists for 纳入 and (when
/// `departments` is given) the departments. It is the sheet the workbook opens on.
pub fn write(
    ws: &mut Worksheet,
    style: &Style,
    years: &[u16],
    rows: &[DataRow],
    departments: &[String],
) -> Result<(), XlsxError> {
    let x = &style.xlsx;
    let header = Format::new()
        .set_font_name(&x.header_font)
        .set_font_size(x.size)
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_num_format("@");
    let text = Format::new()
        .set_font_name(&x.font)
        .set_font_size(x.size)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_num_format("@");
    let number = text.clone().set_num_format("0");
    let fill = text
        .clone()
        .set_unlocked()
        .set_background_color(x.data_sheet.fill_color.as_str());
    let with_role = rows.iter().any(|r| r.role.is_some());
    let headers = headers(years, with_role);
    let formats: Vec<&Format> = headers
        .iter()
        .map(|h| if is_fill_column(h) { &fill } else { &text })
        .collect();
    // Columns before 附件: the role, in a department's workbook.
    let lead = u16::from(with_role);
    for (c, h) in headers.iter().enumerate() {
        let f = if is_fill_column(h) {
            header
                .clone()
                .set_background_color(x.data_sheet.fill_color.as_str())
        } else {
            header.clone()
        };
        ws.write_string_with_format(0, c as u16, h, &f)?;
    }
    let widths = column_widths(&headers, x);
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        if let Some(role) = row.role {
            ws.write_string_with_format(r, 0, role, &text)?;
        }
        let mut cells: Vec<&str> = vec![&row.title, &row.content, &row.due];
        cells.extend(row.plans.iter().map(String::as_str));
        cells.extend([
            row.progress.as_str(),
            &row.lead_leader,
            &row.lead_dept,
            &row.support,
            if row.included { "纳入" } else { "不纳入" },
            &row.feedback,
            &row.key,
        ]);
        let lines = cells
            .iter()
            .zip(&widths[usize::from(lead) + 2..])
            .map(|(value, &w)| super::heights::wrapped_lines(value, w, x.size))
            .max()
            .unwrap_or(1);
        ws.set_row_height(
            r,
            super::heights::cell_height(lines, x.size).min(super::heights::MAX_ROW_HEIGHT),
        )?;
        ws.write_number_with_format(r, lead, f64::from(row.annex), &number)?;
        ws.write_number_with_format(r, lead + 1, f64::from(row.seq), &number)?;
        for (c, value) in cells.iter().enumerate() {
            let col = c as u16 + lead + 2;
            ws.write_string_with_format(r, col, *value, formats[usize::from(col)])?;
        }
    }
    let last_col = headers.len() as u16 - 1;
    let last_row = (rows.len() as u32).max(1);
    for (c, width) in widths.into_iter().enumerate() {
        // Cells below the rows keep the column's format, so a typed row stays text too.
        ws.set_column_width(c as u16, width)?;
        ws.set_column_format(c as u16, formats[c])?;
    }
    validations(ws, &headers, last_row, departments)?;
    ws.set_column_hidden(last_col)?;
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    // 序号 and 事项 stay in view beside the header.
    ws.set_freeze_panes(1, lead + 3)?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        sort: true,
        ..ProtectionOptions::default()
    });
    ws.set_active(true);
    // Printed, it is a list: as wide as the paper, the header on every page.
    let [left, right, top, bottom] = x.margins;
    ws.set_paper_size(x.paper)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(
            left,
            right,
            top,
            bottom,
            x.header_footer_margin,
            x.header_footer_margin,
        )
        .set_footer(&x.footer);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Lists for 纳入 and, when the meeting lists its departments, 牵头部门 and 配合部门 (a
/// warning, not a stop: 配合部门 may name several, joined with 、).
fn validations(
    ws: &mut Worksheet,
    headers: &[String],
    last_row: u32,
    departments: &[String],
) -> Result<(), XlsxError> {
    let column = |name: &str| headers.iter().position(|h| h == name).map(|c| c as u16);
    if let Some(c) = column("纳入") {
        let v = DataValidation::new()
            .allow_list_strings(&["纳入", "不纳入"])?
            .set_error_title("纳入")?
            .set_error_message("请选择“纳入”或“不纳入”。")?;
        ws.add_data_validation(1, c, last_row, c, &v)?;
    }
    // Excel's list validation holds at most 255 characters of names.
    let list: Vec<&str> = departments.iter().map(String::as_str).collect();
    if !list.is_empty() && list.iter().map(|d| d.chars().count() + 1).sum::<usize>() <= 255 {
        for name in ["牵头部门", "配合部门"] {
            if let Some(c) = column(name) {
                let v = DataValidation::new()
                    .allow_list_strings(&list)?
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_title(name)?
                    .set_error_message("不在会议材料的部门名单中；几个部门用“、”分隔。")?;
                ws.add_data_validation(1, c, last_row, c, &v)?;
            }
        }
    }
    Ok(())
}

/// Adds the 填报说明 sheet: which sheet to fill in, which columns, what not to touch.
pub fn instructions(
    workbook: &mut rust_xlsxwriter::Workbook,
    style: &Style,
    department: bool,
) -> Result<(), XlsxError> {
    let x = &style.xlsx;
    let data = &x.data_sheet.name;
    let lines = [
        format!("请在“{data}”表中填写，填好后保存（xlsx 格式）并发回办公室。"),
        "底色标出的列可以填写：预计完成时间、各年度计划、事项推进情况。".to_string(),
        "其他列由办公室维护，已锁定；如确需修改，可在“审阅—撤销工作表保护”后修改（无密码），发回时请说明。".to_string(),
        "不要增删行、不要改动列标题，也不要修改隐藏的“键”列：办公室据此把填报内容导回。".to_string(),
        "可以筛选、排序；“附件N”表是打印用的表格，在其中修改不会被导回。".to_string(),
        if department {
            "“角色”列说明本部门在该行中是牵头部门还是配合部门。".to_string()
        } else {
            "一行为一条对口合作交流内容；同一事项有多条内容时，事项重复出现在各行。".to_string()
        },
    ];
    let ws = workbook.add_worksheet();
    ws.set_name(INSTRUCTIONS_SHEET)?;
    let title = Format::new()
        .set_font_name(&x.header_font)
        .set_font_size(14.0);
    let body = Format::new()
        .set_font_name(&x.font)
        .set_font_size(x.size)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.set_column_width(0, 100.0)?;
    ws.write_string_with_format(0, 0, INSTRUCTIONS_SHEET, &title)?;
    for (i, line) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 2, 0, format!("{}. {line}", i + 1), &body)?;
    }
    Ok(())
}

use crate::content::validate::NOT_A_DEPARTMENT;

/// Every department named as 牵头部门 or 配合部门 in `annexes`, each with the rows it leads or
/// supports and its role in each (牵头/配合), in annex and 序号 order; `data` holds each
/// annex's [`rows`]. The rows are borrowed: a department's copies (its role set) are made when
/// its workbook is written.
pub fn by_department<'a>(
    annexes: &[Annex],
    data: &'a [Vec<DataRow>],
) -> Vec<(String, Vec<(&'a DataRow, &'static str)>)> {
    let mut out: std::collections::BTreeMap<String, Vec<(&'a DataRow, &'static str)>> =
        Default::default();
    for (annex, flat) in annexes.iter().zip(data) {
        let mut next = flat.iter();
        for item in &annex.items {
            for row in &item.value.rows {
                let Some(row_data) = next.next() else { break };
                let mut named: Vec<(&str, &'static str)> =
                    row.lead_dept.iter().map(|d| (d.trim(), "牵头")).collect();
                named.extend(row.support_depts.iter().map(|d| (d.trim(), "配合")));
                let mut seen = std::collections::BTreeSet::new();
                for (dept, role) in named {
                    if dept.is_empty() || NOT_A_DEPARTMENT.contains(&dept) || !seen.insert(dept) {
                        continue;
                    }
                    out.entry(dept.to_string())
                        .or_default()
                        .push((row_data, role));
                }
            }
        }
    }
    out.into_iter().collect()
}

/// A department's rows with its role in each, as its workbook lists them.
pub fn with_roles(rows: &[(&DataRow, &'static str)]) -> Vec<DataRow> {
    rows.iter()
        .map(|(row, role)| DataRow {
            role: Some(role),
            ..(*row).clone()
        })
        .collect()
}
