//! Chinese labels for field paths, so that an error names the column the user sees in the table.

/// Which kind of content file a path belongs to (a field's label can depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `meeting.yaml`.
    Meeting,
    /// `_annex.yaml`.
    Annex,
    /// An item file.
    Item,
}

/// The label for the last named segment of a field path, e.g. `rows[1].plans.2024` → 2024年计划.
pub fn label(kind: FileKind, path: &str) -> Option<String> {
    let segments: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .collect();
    let last = *segments.last()?;
    if segments.len() >= 2 && segments[segments.len() - 2] == "plans" {
        return Some(format!("{last}年计划"));
    }
    let text = match last {
        "meeting" => "会议名称",
        "material" => "材料编号",
        "presenter" => "汇报单位",
        "years" => "计划年度",
        "background" => "背景段落",
        "overview_heading" => "第一部分标题",
        "overview" => "第一部分段落",
        "progress_heading" => "第二部分标题",
        "closing" => "结束语",
        "date" => "成文日期",
        "departments" => "处室名单",
        "number" => "附件序号",
        "partner" => "合作地区",
        "short_title" => "简称",
        "heading" => "汇报小标题",
        "report" => "汇报段落",
        "notes" => "注",
        "seq" => "序号",
        "title" => match kind {
            FileKind::Meeting => "标题",
            FileKind::Annex => "表格标题",
            FileKind::Item => "事项",
        },
        "rows" => "对口合作交流内容",
        "content" => "对口合作交流内容",
        "due" => "预计完成时间",
        "plans" => "年度计划",
        "progress" => "事项推进情况",
        "lead_leader" => "牵头领导",
        "lead_dept" => "牵头部门",
        "support_depts" => "配合部门",
        "excluded" => "不纳入意见",
        "by" => "反馈处室",
        "text" => "反馈意见",
        _ => return None,
    };
    Some(text.to_string())
}

/// `path (label)`, or just `path` when there is no label.
pub fn field(kind: FileKind, path: &str) -> String {
    match label(kind, path) {
        Some(l) if !path.is_empty() => format!("{path} ({l})"),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_plan_years_and_fields() {
        let item = FileKind::Item;
        assert_eq!(
            field(item, "rows[1].plans.2024"),
            "rows[1].plans.2024 (2024年计划)"
        );
        assert_eq!(
            field(item, "rows[0].lead_dept"),
            "rows[0].lead_dept (牵头部门)"
        );
        assert_eq!(
            field(item, "excluded[1].text"),
            "excluded[1].text (反馈意见)"
        );
        assert_eq!(field(item, "title"), "title (事项)");
        assert_eq!(field(FileKind::Annex, "title"), "title (表格标题)");
        assert_eq!(field(item, "whatever"), "whatever");
    }
}
