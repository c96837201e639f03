//! The comparison written out: for a terminal (`[-deleted-]{+inserted+}`, red and green when
//! coloured, as `git diff --word-diff`) or as Markdown for a 修改说明 to circulate
//! (`~~deleted~~**inserted**`).

use super::diff::{Edit, FieldChange, FileChange, Piece, Status, edits, mark};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use std::collections::BTreeMap;
use std::io::Write;

/// The two sides of a comparison as a reader names them, e.g. `3f2a1bc (HEAD~1)` and
/// `the working tree`.
#[derive(Debug, Clone)]
pub struct Sides {
    /// The 修改说明's title (`关于《…》的修改说明`).
    pub title: String,
    /// The earlier side.
    pub old: String,
    /// The later side.
    pub new: String,
    /// Who signs the 修改说明 (the later version's presenting office) and when: the later
    /// version's document date, else today, as `2026年12月7日`.
    pub sign_off: (String, String),
}

/// The value of `field` in the report's file of `files`.
fn meeting_field(files: &super::git::Files, field: &str) -> Option<String> {
    let text = files
        .get("meeting.yaml")
        .or_else(|| files.get("meeting.yml"))?;
    crate::content::locate::Locator::new(text)
        .scalars
        .into_iter()
        .find(|(path, _, _)| path == field)
        .map(|(_, _, t)| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Who signs a 修改说明 of `files` and on what date: the presenting office and the document
/// date (`date: 2026-12-07`), or `today` (`YYYY-MM-DD`) when it has none, in Chinese.
pub fn sign_off(files: &super::git::Files, today: &str) -> (String, String) {
    let office = meeting_field(files, "presenter").unwrap_or_default();
    let date = meeting_field(files, "date").unwrap_or_else(|| today.to_string());
    let mut parts = date.split('-').map(|p| p.trim_start_matches('0'));
    let date = match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{y}年{m}月{d}日"),
        _ => date,
    };
    (office, date)
}

/// The 修改说明's title from the later version's report title: `关于《…》的修改说明`.
pub fn title(files: &super::git::Files) -> String {
    match meeting_field(files, "title") {
        Some(t) if !t.trim().is_empty() => format!("关于《{}》的修改说明", t.trim()),
        _ => "内容修改说明".to_string(),
    }
}

/// Changes grouped for reading: the report first, then each annex (by its 附件 number) with
/// its `_annex.yaml` before its items.
fn grouped<'a>(
    changes: &'a [FileChange],
    annex_titles: &BTreeMap<String, (u32, String)>,
) -> Vec<(String, Vec<&'a FileChange>)> {
    let mut groups: BTreeMap<(u32, String), Vec<&FileChange>> = BTreeMap::new();
    for c in changes {
        let key = if c.annex.is_empty() {
            (0, "汇报".to_string())
        } else {
            annex_titles
                .get(&c.annex)
                .cloned()
                .unwrap_or((u32::MAX, c.annex.clone()))
        };
        groups.entry(key).or_default().push(c);
    }
    groups
        .into_iter()
        .map(|((_, title), mut files)| {
            files.sort_by_key(|f| (!f.path.ends_with("/_annex.yaml"), f.path.clone()));
            (title, files)
        })
        .collect()
}

/// `1 changed, 1 added, 0 removed`.
fn counts(changes: &[FileChange]) -> (usize, usize, usize) {
    let n = |s: Status| changes.iter().filter(|c| c.status == s).count();
    (n(Status::Changed), n(Status::Added), n(Status::Removed))
}

/// For a terminal; ANSI colours when `colour`.
pub fn text(
    changes: &[FileChange],
    annex_titles: &BTreeMap<String, (u32, String)>,
    sides: &Sides,
    content: &str,
    colour: bool,
) -> Vec<u8> {
    let mut out = buffer(colour);
    // Writing into a memory buffer cannot fail.
    let e = |t: &str| crate::diag::escape_controls(t).into_owned();
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(
            "changes-heading",
            content = e(content),
            old = e(&sides.old),
            new = e(&sides.new)
        )
    );
    if changes.is_empty() {
        let _ = write!(out, "{}", crate::tr!("changes-none"));
        return out.into_inner();
    }
    for (title, files) in grouped(changes, annex_titles) {
        let _ = writeln!(out, "\n{}", e(&title));
        for f in files {
            match f.status {
                Status::Added => {
                    let _ = writeln!(
                        out,
                        "  {}",
                        crate::tr!(
                            "changes-added",
                            title = e(&f.title),
                            file = crate::diag::escape_line(&f.path)
                        )
                    );
                }
                Status::Removed => {
                    let _ = writeln!(
                        out,
                        "  {}",
                        crate::tr!(
                            "changes-removed",
                            title = e(&f.title),
                            file = crate::diag::escape_line(&f.path)
                        )
                    );
                }
                Status::Changed => {
                    if f.title == title {
                        let _ = writeln!(out, "  {}", crate::diag::escape_line(&f.path));
                    } else {
                        let _ = writeln!(
                            out,
                            "  {}",
                            crate::tr!(
                                "changes-item",
                                title = e(&f.title),
                                file = crate::diag::escape_line(&f.path)
                            )
                        );
                    }
                    for field in &f.fields {
                        let _ = write!(
                            out,
                            "    {}",
                            crate::tr!(
                                "changes-field",
                                label = field.label.as_str(),
                                line = field.line
                            )
                        );
                        marked_text(&mut out, field);
                        let _ = writeln!(out);
                    }
                }
            }
        }
    }
    let (changed, added, removed) = counts(changes);
    let _ = write!(
        out,
        "\n{}",
        crate::tr!(
            "changes-count",
            files = changes.len(),
            changed = changed,
            added = added,
            removed = removed
        )
    );
    out.into_inner()
}

/// A buffer for terminal text, in colour or not.
fn buffer(colour: bool) -> Buffer {
    if colour {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

fn marked_text(out: &mut Buffer, field: &FieldChange) {
    marked(out, field.old.as_deref(), field.new.as_deref());
}

/// `old` → `new` marked for a terminal: `[-deleted-]{+inserted+}`, red and green in colour.
fn marked(out: &mut Buffer, old: Option<&str>, new: Option<&str>) {
    let pieces = mark(old.unwrap_or(""), new.unwrap_or(""));
    for piece in pieces {
        let (text, colour, open, close) = match &piece {
            Piece::Same(t) => (t, None, "", ""),
            Piece::Deleted(t) => (t, Some(Color::Red), "[-", "-]"),
            Piece::Inserted(t) => (t, Some(Color::Green), "{+", "+}"),
        };
        if let Some(c) = colour {
            let _ = out.set_color(ColorSpec::new().set_fg(Some(c)));
        }
        let _ = write!(out, "{open}{}{close}", crate::diag::escape_controls(text));
        if colour.is_some() {
            let _ = out.reset();
        }
    }
}

/// Markdown for a 修改说明: a heading per annex and per item, a bullet per field with
/// deletions struck through and insertions in bold.
pub fn markdown(
    changes: &[FileChange],
    annex_titles: &BTreeMap<String, (u32, String)>,
    sides: &Sides,
) -> String {
    let mut out = format!("# {}\n\n对比：{} → {}\n", sides.title, sides.old, sides.new);
    if changes.is_empty() {
        out.push_str("\n内容无变化。\n");
        return out;
    }
    for (title, files) in grouped(changes, annex_titles) {
        out.push_str(&format!("\n## {}\n", escape(&title)));
        for f in files {
            let heading = match f.status {
                Status::Added => format!("新增：{}", f.title),
                Status::Removed => format!("删除：{}", f.title),
                Status::Changed if f.path.ends_with("_annex.yaml") || f.annex.is_empty() => {
                    String::new()
                }
                Status::Changed => f.title.clone(),
            };
            if !heading.is_empty() {
                out.push_str(&format!("\n### {}\n", escape(&heading)));
            }
            if !f.fields.is_empty() {
                out.push('\n');
            }
            for field in &f.fields {
                let line = match (f.status, &field.old, &field.new) {
                    (Status::Added, _, Some(new)) => escape(new),
                    (Status::Removed, Some(old), _) => escape(old),
                    _ => escape(&in_words(field)),
                };
                out.push_str(&format!("- {}：{line}\n", escape(&field.label)));
            }
        }
    }
    let (changed, added, removed) = counts(changes);
    out.push_str(&format!(
        "\n共 {} 个文件：修改 {changed}，新增 {added}，删除 {removed}。\n",
        changes.len()
    ));
    out
}

/// A changed field as a 修改说明 says it: 将“…”修改为“…”, 删去“…”, 增加“…”, one sentence
/// per changed clause.
pub fn in_words(field: &FieldChange) -> String {
    match (&field.old, &field.new) {
        (None, Some(new)) => format!("增加“{new}”。"),
        (Some(old), None) => format!("删去“{old}”。"),
        (Some(old), Some(new)) => {
            let edits = edits(old, new);
            if edits.is_empty() {
                return format!("将“{old}”修改为“{new}”。");
            }
            edits
                .iter()
                .map(|e| match e {
                    Edit::Replace(a, b) => format!("将“{a}”修改为“{b}”。"),
                    Edit::Delete(a) => format!("删去“{a}”。"),
                    Edit::Insert {
                        after: Some(a),
                        text,
                    } => format!("在“{a}”后增加“{text}”。"),
                    Edit::Insert { after: None, text } => format!("在开头增加“{text}”。"),
                })
                .collect()
        }
        (None, None) => String::new(),
    }
}

/// Text with Markdown's markup characters escaped, a line break shown as ⏎.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push('⏎');
            continue;
        }
        out.push(c);
    }
    out
}

/// The 修改说明 as a document for the Word writer: a title and the two sides, then per
/// annex and item a table of each changed field with its text before and after (修改前/修改后);
/// an added or removed item is named with what it is.
pub fn document(
    (changes, material): (&[FileChange], &Result<Vec<super::material::Change>, String>),
    annex_titles: &BTreeMap<String, (u32, String)>,
    sides: &Sides,
    style: &crate::style::Style,
) -> Result<crate::document::Document, String> {
    use crate::document::{Block, Cell, Document, Orientation, Paragraph, Row, Section, Table};
    let role = |name: &str| {
        style
            .role_id(name)
            .ok_or_else(|| crate::tr!("changes-no-role", role = name))
    };
    let (title, presenter, h1, h2, body) = (
        role("title")?,
        role("presenter")?,
        role("h1")?,
        role("h2")?,
        role("body")?,
    );
    let (head, cell) = (role(&style.defaults.header_cell)?, style.defaults.cell_id);
    let para = |role, text: &str| {
        Block::Paragraph(Paragraph {
            role,
            text: text.to_string(),
        })
    };
    let text_cell = |role, text: &str| Cell {
        text: text.to_string(),
        role,
        colspan: 1,
        rowspan: 1,
        header: role == head,
    };
    // A table of what, 修改前 and 修改后: one row per change, `what` naming the first column.
    let before_after =
        |what: &str, rows: &mut dyn Iterator<Item = (&str, Option<&str>, Option<&str>)>| {
            let header = Row {
                cells: [what, "修改前", "修改后"]
                    .iter()
                    .map(|t| text_cell(head, t))
                    .collect(),
            };
            let groups = rows
                .map(|(name, old, new)| {
                    vec![Row {
                        cells: vec![
                            text_cell(cell, name),
                            text_cell(cell, old.unwrap_or("（无）")),
                            text_cell(cell, new.unwrap_or("（删除）")),
                        ],
                    }]
                })
                .collect();
            Block::Table(Table {
                columns: vec!["title".into(), "progress".into(), "progress".into()],
                head: vec![header],
                groups,
                widths: None,
            })
        };
    let mut blocks = vec![
        para(title, &sides.title),
        para(presenter, &format!("{} → {}", sides.old, sides.new)),
    ];
    if changes.is_empty() {
        blocks.push(para(body, "内容无变化。"));
    }
    for (group, files) in grouped(changes, annex_titles) {
        blocks.push(para(h1, &group));
        for f in files {
            let heading = match f.status {
                Status::Added => format!("新增：{}", f.title),
                Status::Removed => format!("删除：{}", f.title),
                Status::Changed => f.title.clone(),
            };
            // The report's own file is the group (汇报): its heading is not said twice.
            if heading != group {
                blocks.push(para(h2, &heading));
            }
            if f.fields.is_empty() {
                continue;
            }
            let mut rows = f.fields.iter().map(|field| {
                (
                    field.label.as_str(),
                    field.old.as_deref(),
                    field.new.as_deref(),
                )
            });
            blocks.push(before_after("项目", &mut rows));
        }
    }
    // What the reader of the material sees change, place by place.
    blocks.push(para(h1, "材料中的变化"));
    match material {
        Err(why) => blocks.push(para(
            body,
            &crate::tr!("changes-material-skipped", why = why.as_str()),
        )),
        Ok(found) if found.is_empty() => {
            blocks.push(para(body, &crate::tr!("changes-material-none")));
        }
        Ok(found) => {
            let mut rows = found
                .iter()
                .map(|c| (c.place.as_str(), c.old.as_deref(), c.new.as_deref()));
            blocks.push(before_after("位置", &mut rows));
        }
    }
    // Signed as a document is: the office and the date at the right, a blank line above, the
    // three kept on one page.
    let signature = style.role_id("signature").unwrap_or(body);
    let (office, date) = &sides.sign_off;
    blocks.push(para(signature, ""));
    if !office.is_empty() {
        blocks.push(para(signature, office));
    }
    blocks.push(para(signature, date));
    Ok(Document {
        sections: vec![Section {
            orientation: Orientation::Portrait,
            blocks,
        }],
    })
}

/// What a reader of the material sees change ([`super::material`]), for a terminal: a heading,
/// then each paragraph or cell with its place and its text marked; or why it could not be
/// compared.
pub fn material_text(
    material: &Result<Vec<super::material::Change>, String>,
    colour: bool,
) -> Vec<u8> {
    let mut out = buffer(colour);
    // Writing into a memory buffer cannot fail.
    match material {
        Err(why) => {
            let _ = writeln!(
                out,
                "\n\n{}",
                crate::tr!("changes-material-skipped", why = why.as_str())
            );
        }
        Ok(changes) if changes.is_empty() => {
            let _ = writeln!(out, "\n\n{}", crate::tr!("changes-material-none"));
        }
        Ok(changes) => {
            let _ = writeln!(out, "\n\n{}", crate::tr!("changes-material"));
            for c in changes {
                let _ = write!(out, "  {}：", crate::diag::escape_controls(&c.place));
                marked(&mut out, c.old.as_deref(), c.new.as_deref());
                let _ = writeln!(out);
            }
        }
    }
    out.into_inner()
}

/// The same in Markdown: deletions struck through, insertions in bold.
pub fn material_markdown(material: &Result<Vec<super::material::Change>, String>) -> String {
    match material {
        Err(why) => format!(
            "\n{}\n",
            escape(&crate::tr!("changes-material-skipped", why = why.as_str()))
        ),
        Ok(changes) if changes.is_empty() => format!(
            "\n## 材料中的变化\n\n{}\n",
            crate::tr!("changes-material-none")
        ),
        Ok(changes) => {
            let mut out = "\n## 材料中的变化\n\n".to_string();
            for c in changes {
                let mut line = String::new();
                for piece in mark(
                    c.old.as_deref().unwrap_or(""),
                    c.new.as_deref().unwrap_or(""),
                ) {
                    match piece {
                        Piece::Same(t) => line.push_str(&escape(&t)),
                        Piece::Deleted(t) => line.push_str(&format!("~~{}~~", escape(&t))),
                        Piece::Inserted(t) => line.push_str(&format!("**{}**", escape(&t))),
                    }
                }
                out.push_str(&format!("- {}：{line}\n", escape(&c.place)));
            }
            out
        }
    }
}
