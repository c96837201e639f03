//! Comparing two versions of the content folder field by field.

use super::git::Files;
use crate::content::labels::{FileKind, label};
use crate::content::locate::Locator;
use std::collections::BTreeMap;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// New in the later version.
    Added,
    /// Gone from the later version.
    Removed,
    /// In both, with fields changed.
    Changed,
}

/// One field that differs: its old and new text (None where absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The field path, e.g. `rows[0].plans.2024`.
    pub path: String,
    /// How a reader names it: `第1条 2024年计划`.
    pub label: String,
    /// The earlier text.
    pub old: Option<String>,
    /// The later text.
    pub new: Option<String>,
    /// Its line in the later version (in the earlier one when removed).
    pub line: usize,
}

/// One content file that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path relative to the content folder.
    pub path: String,
    /// The annex folder (empty for meeting.yaml).
    pub annex: String,
    /// What happened.
    pub status: Status,
    /// What the file is, for a heading: `1. 加强生态环境保护`, `附件1 永安市`, `汇报`.
    pub title: String,
    /// The changed fields (for a changed file).
    pub fields: Vec<FieldChange>,
}

/// Every scalar of a YAML text by field path, with its line.
fn scalars(text: &str) -> BTreeMap<String, (String, usize)> {
    Locator::new(text)
        .scalars
        .into_iter()
        .map(|(path, pos, value)| (path, (value, pos.line)))
        .collect()
}

fn kind_of(path: &str) -> FileKind {
    if path == "meeting.yaml" || path == "meeting.yml" {
        FileKind::Meeting
    } else if path.ends_with("/_annex.yaml") || path.ends_with("/_annex.yml") {
        FileKind::Annex
    } else {
        FileKind::Item
    }
}

/// `第2条 2024年计划` for `rows[1].plans.2024`; the path itself when it has no label. A field
/// the material does not print (the 处室名单 of `meeting.yaml`, which only checks the items'
/// departments) is said to be internal.
fn reader_label(kind: FileKind, path: &str) -> String {
    let name = reader_name(kind, path);
    if kind == FileKind::Meeting && path.starts_with("departments") {
        return crate::tr!("changes-internal-field", field = name);
    }
    name
}

/// A field's name for a reader: its label, numbered by its row (`第2条 2024年计划`).
fn reader_name(kind: FileKind, path: &str) -> String {
    let name = label(kind, path).unwrap_or_else(|| path.to_string());
    let numbered = |prefix: &str, unit: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
            .map(|n| format!("第{}{unit} ", n + 1))
    };
    let row = numbered("rows[", "条")
        .or_else(|| numbered("excluded[", "条意见"))
        .unwrap_or_default();
    format!("{row}{name}")
}

/// The heading of a file from its scalars: an item's `seq. title`, an annex's 附件N and
/// partner, the report.
fn title_of(kind: FileKind, fields: &BTreeMap<String, (String, usize)>) -> String {
    let get = |k: &str| fields.get(k).map(|(v, _)| v.as_str()).unwrap_or("");
    match kind {
        FileKind::Meeting => "汇报".to_string(),
        FileKind::Annex => format!("附件{} {}", get("number"), get("partner")),
        FileKind::Item => format!("{}. {}", get("seq"), get("title")),
    }
}

/// The files that differ between `old` and `new`, in path order; equal files, and files whose
/// only changes are comments or layout, are left out.
pub fn compare(old: &Files, new: &Files) -> Vec<FileChange> {
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).collect();
    paths.sort();
    paths.dedup();
    let mut out = Vec::new();
    for path in paths {
        let kind = kind_of(path);
        let annex = path
            .rsplit_once('/')
            .map(|(dir, _)| dir.to_string())
            .unwrap_or_default();
        let (before, after) = (
            old.get(path).map(|t| scalars(t)),
            new.get(path).map(|t| scalars(t)),
        );
        let change = match (before, after) {
            (None, Some(after)) => FileChange {
                path: path.clone(),
                annex,
                status: Status::Added,
                title: title_of(kind, &after),
                fields: filled(field_changes(kind, &BTreeMap::new(), &after)),
            },
            (Some(before), None) => FileChange {
                path: path.clone(),
                annex,
                status: Status::Removed,
                title: title_of(kind, &before),
                fields: filled(field_changes(kind, &before, &BTreeMap::new())),
            },
            (Some(before), Some(after)) => {
                let fields = field_changes(kind, &before, &after);
                if fields.is_empty() {
                    continue;
                }
                FileChange {
                    path: path.clone(),
                    annex,
                    status: Status::Changed,
                    title: title_of(kind, &after),
                    fields,
                }
            }
            (None, None) => continue,
        };
        out.push(change);
    }
    out
}

/// The fields that hold text (an added item's empty fields say nothing).
fn filled(fields: Vec<FieldChange>) -> Vec<FieldChange> {
    fields
        .into_iter()
        .filter(|f| {
            f.old
                .as_deref()
                .or(f.new.as_deref())
                .is_some_and(|t| !t.trim().is_empty())
        })
        .collect()
}

/// The fields of one file that differ, in the order of the later file (removed ones where
/// they were).
fn field_changes(
    kind: FileKind,
    before: &BTreeMap<String, (String, usize)>,
    after: &BTreeMap<String, (String, usize)>,
) -> Vec<FieldChange> {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<FieldChange> = keys
        .into_iter()
        .filter_map(|k| {
            let (old, new) = (before.get(k), after.get(k));
            if old.map(|(v, _)| v) == new.map(|(v, _)| v) {
                return None;
            }
            Some(FieldChange {
                path: k.clone(),
                label: reader_label(kind, k),
                old: old.map(|(v, _)| v.clone()),
                new: new.map(|(v, _)| v.clone()),
                line: new.or(old).map_or(0, |(_, l)| *l),
            })
        })
        .collect();
    out.sort_by_key(|f| f.line);
    out
}

/// Each annex folder's 附件 number and heading (`附件1 永安市`), from its `_annex.yaml` in the
/// later version, else the earlier.
pub fn annex_titles(old: &Files, new: &Files) -> BTreeMap<String, (u32, String)> {
    let mut out = BTreeMap::new();
    for files in [old, new] {
        for (path, text) in files {
            if let Some(dir) = path.strip_suffix("/_annex.yaml") {
                let fields = scalars(text);
                let number = fields
                    .get("number")
                    .and_then(|(v, _)| v.trim().parse().ok())
                    .unwrap_or(u32::MAX);
                out.insert(
                    dir.to_string(),
                    (number, title_of(FileKind::Annex, &fields)),
                );
            }
        }
    }
    out
}

/// One change of a text as a 修改说明 words it: whole clauses (up to a `，`, `。` or `；`),
/// never single characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// 将“old”修改为“new”.
    Replace(String, String),
    /// 删去“old”.
    Delete(String),
    /// 在“after”后增加“text” (after is None at the start of the text).
    Insert {
        /// The clause it follows.
        after: Option<String>,
        /// The new clause.
        text: String,
    },
}

/// The clauses of a text, each with the punctuation that ends it.
fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if "，。；！？、：\n".contains(c) {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A clause as quoted in a 修改说明: without its closing comma or stop; a line break inside
/// it shown as ⏎. A clause that is only a line break is the break.
fn quoted(parts: &[&str]) -> String {
    let joined = parts.concat();
    let trimmed = joined.trim_end_matches(['，', '。', '；', '、', '：', '\n']);
    shown_breaks(if trimmed.is_empty() { &joined } else { trimmed })
}

/// A line break as a reader of a 修改说明 sees it, in every format: ⏎ (as `huibao import`
/// shows one), not a raw break that splits the line or a `<br>` tag.
pub fn shown_breaks(text: &str) -> String {
    text.replace('\n', "⏎")
}

/// The changes from `old` to `new`, clause by clause (see [`Edit`]).
pub fn edits(old: &str, new: &str) -> Vec<Edit> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let (a, b) = (clauses(old), clauses(new));
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.push(Edit::Delete(quoted(&a[old_index..old_index + old_len]))),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => out.push(Edit::Insert {
                after: old_index.checked_sub(1).map(|i| quoted(&a[i..=i])),
                text: quoted(&b[new_index..new_index + new_len]),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.push(Edit::Replace(
                quoted(&a[old_index..old_index + old_len]),
                quoted(&b[new_index..new_index + new_len]),
            )),
        }
    }
    out
}

/// One piece of a marked text: kept, deleted or inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// In both.
    Same(String),
    /// Only in the earlier text.
    Deleted(String),
    /// Only in the later text.
    Inserted(String),
}

/// The later text with what changed marked, character by character (Chinese has no spaces to
/// split words at): runs of kept, deleted and inserted characters.
pub fn mark(old: &str, new: &str) -> Vec<Piece> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_chars(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = shown_breaks(change.value());
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(s)))
            | (ChangeTag::Delete, Some(Piece::Deleted(s)))
            | (ChangeTag::Insert, Some(Piece::Inserted(s))) => s.push_str(&text),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(text)),
            (ChangeTag::Delete, _) => pieces.push(Piece::Deleted(text)),
            (ChangeTag::Insert, _) => pieces.push(Piece::Inserted(text)),
        }
    }
    // A deletion right after an insertion reads better the other way round: old, then new.
    for i in 1..pieces.len() {
        if matches!(
            (&pieces[i - 1], &pieces[i]),
            (Piece::Inserted(_), Piece::Deleted(_))
        ) {
            pieces.swap(i - 1, i);
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_changed_characters_only() {
        let pieces = mark("尽快开展需求沟通。", "尽快开展需求沟通，已约谈两次。");
        assert_eq!(
            pieces,
            [
                Piece::Same("尽快开展需求沟通".into()),
                Piece::Inserted("，已约谈两次".into()),
                Piece::Same("。".into()),
            ]
        );
        let pieces = mark("由环保处牵头", "由监测站牵头");
        assert_eq!(
            pieces,
            [
                Piece::Same("由".into()),
                Piece::Deleted("环保处".into()),
                Piece::Inserted("监测站".into()),
                Piece::Same("牵头".into()),
            ]
        );
    }

    #[test]
    fn edits_are_whole_clauses() {
        assert_eq!(
            edits(
                "前期与大田相关人员对接，尽快开展需求沟通。",
                "已与大田县对接两次，尽快开展需求沟通。"
            ),
            [Edit::Replace(
                "前期与大田相关人员对接".into(),
                "已与大田县对接两次".into()
            )]
        );
        assert_eq!(
            edits("完成需求梳理。", "完成需求梳理。已约谈两次。"),
            [Edit::Insert {
                after: Some("完成需求梳理".into()),
                text: "已约谈两次".into()
            }]
        );
        assert_eq!(
            edits("甲，乙，丙。", "甲，丙。"),
            [Edit::Delete("乙".into())]
        );
    }

    #[test]
    fn compares_fields_and_ignores_comments() {
        let mut old = Files::new();
        let mut new = Files::new();
        old.insert(
            "yongan/01-a.yaml".into(),
            "seq: 1\ntitle: 甲\nrows:\n  - content: 乙\n    plans:\n      2024: 丙\n".into(),
        );
        new.insert(
            "yongan/01-a.yaml".into(),
            "# 注释\nseq: 1\ntitle: 甲\nrows:\n  - content: 乙\n    plans:\n      2024: 丁\n      2025: 戊\n".into(),
        );
        new.insert("yongan/02-b.yaml".into(), "seq: 2\ntitle: 己\n".into());
        let changes = compare(&old, &new);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].title, "1. 甲");
        let labels: Vec<&str> = changes[0].fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["第1条 2024年计划", "第1条 2025年计划"]);
        assert_eq!(changes[0].fields[1].old, None);
        assert_eq!(changes[0].fields[0].line, 7);
        assert_eq!(
            (changes[1].status, changes[1].title.as_str()),
            (Status::Added, "2. 己")
        );
        // Only a comment differs: no change.
        let mut commented = old.clone();
        commented.insert(
            "yongan/01-a.yaml".into(),
            format!("# 待核实\n{}", old["yongan/01-a.yaml"]),
        );
        assert!(compare(&old, &commented).is_empty());
    }
}
