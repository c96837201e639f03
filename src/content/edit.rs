//! Editing a content file in place: set a field to a new text (or a list of texts), changing
//! only the characters of that value, so comments, key order, quoting style and every other
//! line stay byte for byte as they were (for `huibao import --write`).
//!
//! Where a value starts comes from the YAML events ([`super::locate`]); where it ends is read
//! from the text by the rules of its style (quoted, plain, block). Every edited file is parsed
//! again and compared with what was meant — the old document with exactly those fields set —
//! so a value the rules misjudged is refused ("edit it by hand"), never written wrong.

use super::locate::{Locator, Node, NodeStyle};
use serde_yaml::Value;
use yaml_rust2::scanner::TScalarStyle;

/// One change to a file: set the field at `path` (`rows[0].progress`) to `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The field path, as the loader names fields.
    pub path: String,
    /// The new value.
    pub value: NewValue,
}

/// A field's new value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    /// A text.
    Text(String),
    /// A list of texts (departments).
    List(Vec<String>),
    /// A whole number (an item's `seq`), replacing one written plain.
    Number(u32),
}

/// `text` with every edit applied, or why an edit cannot be made in place.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let locator = Locator::with_nodes(body);
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    for edit in edits {
        let splice = match locator.nodes.get(&edit.path) {
            Some(node) => replace(body, &locator, &edit.path, node, &edit.value)?,
            None => insert(body, &locator, &edit.path, &edit.value)?,
        };
        splices.push(splice);
    }
    // From the end, so earlier offsets stay right; two edits of one place are refused.
    splices.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = body.to_string();
    let mut last_start = usize::MAX;
    // A file written with CR LF keeps them on every line an edit writes.
    let crlf = body.contains("\r\n");
    for (start, end, replacement) in splices {
        if end > last_start {
            return Err(crate::tr!("edit-two-changes"));
        }
        let replacement = if crlf {
            replacement.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            replacement
        };
        out.replace_range(start..end, &replacement);
        last_start = start;
    }
    verify(body, &out, edits)?;
    Ok(format!("{bom}{out}"))
}

/// The byte offset where `node` starts, from its line and column: yaml-rust2's character
/// index runs ahead after a folded or literal block of Chinese text (it counts some of its
/// characters' bytes), its line and column do not.
fn node_start(text: &str, node: &Node) -> usize {
    let line_start = text
        .match_indices('\n')
        .nth(node.pos.line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1);
    let line_start = if node.pos.line <= 1 { 0 } else { line_start };
    line_start + byte_at(&text[line_start..], node.pos.column.saturating_sub(1))
}

/// The byte offset of the `index`-th character.
fn byte_at(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(b, _)| b)
}

/// Start of the line holding byte `at`, and that line's indentation in spaces.
fn line_of(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = text[start..].len() - text[start..].trim_start_matches(' ').len();
    (start, indent)
}

/// The column (0-based) below which a value's continuation lines may not start: the column of
/// its key, or of the `-` of a list entry.
fn parent_column(text: &str, locator: &Locator, path: &str, node: &Node) -> usize {
    if path.ends_with(']') {
        // A list entry: `- value`, the dash two columns before.
        return node.pos.column.saturating_sub(3);
    }
    // A mapping value: the key's column (the locator records where each key is written).
    locator
        .find(path)
        .map(|p| p.column.saturating_sub(1))
        .unwrap_or_else(|| line_of(text, node_start(text, node)).1)
}

/// The byte range of the value `node` in `text`.
fn span(text: &str, locator: &Locator, path: &str, node: &Node) -> Result<(usize, usize), String> {
    let start = node_start(text, node);
    let rest = &text[start..];
    let end = match node.style {
        NodeStyle::Scalar(TScalarStyle::DoubleQuoted) => {
            let mut escaped = false;
            let close = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| {
                    let done = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    done
                })
                .map(|(i, _)| i + 1)
                .ok_or_else(|| crate::tr!("edit-unclosed-quote"))?;
            start + close
        }
        NodeStyle::Scalar(TScalarStyle::SingleQuoted) => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => break start + i + 1,
                    Some(_) => i += 1,
                    None => return Err(crate::tr!("edit-unclosed-quote")),
                }
            }
        }
        NodeStyle::Scalar(TScalarStyle::Literal | TScalarStyle::Folded) => {
            // The mark is on the first content line; the block goes on while lines are
            // indented as deep as it.
            block_end(text, start, node.pos.column.saturating_sub(2), false)
        }
        NodeStyle::Scalar(_) => {
            if in_flow(text, start) {
                let len = rest.find([',', ']', '}', '\n']).unwrap_or(rest.len());
                start + rest[..len].trim_end().len()
            } else {
                block_end(text, start, parent_column(text, locator, path, node), true)
            }
        }
        NodeStyle::Sequence | NodeStyle::Mapping if rest.starts_with(['[', '{']) => {
            let (open, close) = if rest.starts_with('[') {
                ('[', ']')
            } else {
                ('{', '}')
            };
            let mut depth = 0;
            let at = rest
                .char_indices()
                .find(|&(_, c)| {
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                    }
                    depth == 0
                })
                .map(|(i, _)| i + 1)
                .ok_or_else(|| crate::tr!("edit-unclosed-list"))?;
            start + at
        }
        NodeStyle::Sequence | NodeStyle::Mapping => {
            block_end(text, start, parent_column(text, locator, path, node), true)
        }
    };
    Ok((start, end))
}

/// Whether byte `at` is inside `[…]` or `{…}` on its line (a flow collection).
fn in_flow(text: &str, at: usize) -> bool {
    let (line_start, _) = line_of(text, at);
    let before = &text[line_start..at];
    let opens = before.matches(['[', '{']).count();
    let closes = before.matches([']', '}']).count();
    opens > closes
}

/// The end of a value that starts at `start` and goes on over the following lines indented
/// deeper than `parent` (a block scalar, a multi-line plain scalar, a block list): the end of
/// its last non-blank line, before a comment when `plain`.
fn block_end(text: &str, start: usize, parent: usize, plain: bool) -> usize {
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    let strip = |from: usize, to: usize| {
        let line = &text[from..to];
        let line = if plain {
            line.find(" #").map_or(line, |i| &line[..i])
        } else {
            line
        };
        from + line.trim_end().len()
    };
    let mut end = strip(start, line_end(start));
    let mut next = line_end(start) + 1;
    while next < text.len() {
        let stop = line_end(next);
        let line = &text[next..stop];
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() {
            next = stop + 1;
            continue;
        }
        let indent = line.len() - content.len();
        if indent <= parent || (plain && content.starts_with('#')) {
            break;
        }
        end = strip(next, stop);
        next = stop + 1;
    }
    end
}

/// Whether `s` can be written without quotes here (and reads back as the same text).
fn plain_ok(s: &str, in_list: bool) -> bool {
    let special_start = s.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    !s.is_empty()
        && !special_start
        && !s.ends_with(' ')
        && !s.contains('\n')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !(in_list && s.contains([',', '[', ']', '{', '}']))
        && matches!(serde_yaml::from_str::<Value>(s), Ok(Value::String(v)) if v == s)
}

/// `s` in double quotes with YAML escapes.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A text as a scalar in the style the old value had where it can be.
fn scalar(s: &str, old: Option<TScalarStyle>, in_list: bool) -> String {
    match old {
        Some(TScalarStyle::SingleQuoted) if !s.contains('\n') => {
            format!("'{}'", s.replace('\'', "''"))
        }
        Some(TScalarStyle::DoubleQuoted) => quoted(s),
        _ if plain_ok(s, in_list) => s.to_string(),
        _ => quoted(s),
    }
}

/// A text of several lines as a `|-` block whose lines are indented by `indent` spaces, or
/// None when a block cannot hold it as it is (a first line starting with a space, a tab or
/// control character, spaces ending a line).
fn literal_block(s: &str, indent: usize) -> Option<String> {
    let fits = !s.starts_with(' ')
        && !s.ends_with('\n')
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.lines().all(|l| !l.ends_with(' '));
    if !fits {
        return None;
    }
    let pad = " ".repeat(indent);
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    Some(format!("|-\n{}", lines.join("\n")))
}

/// The byte offset of the colon of `key:` when the key at `path` has nothing after it on its
/// line but perhaps a comment (a field left empty), else None.
fn bare_key_colon(text: &str, locator: &Locator, path: &str) -> Option<usize> {
    if path.ends_with(']') || !locator.has(path) {
        return None;
    }
    let pos = locator.find(path)?;
    let line_start = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line = text[line_start..].split('\n').next()?;
    let key_at = line_start + byte_at(line, pos.column.saturating_sub(1));
    let colon = key_at + text[key_at..].find(':')?;
    let after = text[colon + 1..].split('\n').next()?.trim();
    (after.is_empty() || after.starts_with('#')).then_some(colon)
}

/// `[甲, 乙]`.
fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i, None, true)).collect();
    format!("[{}]", items.join(", "))
}

/// The splice that replaces the existing value `node` at `path` by `value`.
fn replace(
    text: &str,
    locator: &Locator,
    path: &str,
    node: &Node,
    value: &NewValue,
) -> Result<(usize, usize, String), String> {
    if let (Some(colon), NewValue::Text(s)) = (bare_key_colon(text, locator, path), value) {
        // `key:` with nothing after it: the value goes after the colon.
        let column = locator.find(path).map_or(0, |p| p.column.saturating_sub(1));
        let written = if s.contains('\n') {
            literal_block(s, column + 2).unwrap_or_else(|| quoted(s))
        } else {
            scalar(s, None, false)
        };
        return Ok((colon + 1, colon + 1, format!(" {written}")));
    }
    let (start, end) = span(text, locator, path, node)?;
    let replacement = match (value, node.style) {
        (NewValue::Text(s), NodeStyle::Scalar(TScalarStyle::Literal | TScalarStyle::Folded))
            if s.is_empty() =>
        {
            // Cleared: the block's header goes too.
            let header = text[..start]
                .rfind(['|', '>'])
                .ok_or_else(|| crate::tr!("edit-block-without-mark"))?;
            return Ok((header, end, "\"\"".to_string()));
        }
        (NewValue::Text(s), NodeStyle::Scalar(style))
            if s.contains('\n') && style != TScalarStyle::Literal && !in_flow(text, start) =>
        {
            let indent = parent_column(text, locator, path, node) + 2;
            literal_block(s, indent).unwrap_or_else(|| quoted(s))
        }
        (NewValue::Text(s), NodeStyle::Scalar(TScalarStyle::Literal)) if !s.is_empty() => {
            // The block's header (`|`) stays; the value starts at its first content line and
            // every further line gets the same indentation.
            let indent = " ".repeat(node.pos.column.saturating_sub(1));
            let lines: Vec<String> = s
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i == 0 || l.is_empty() {
                        l.to_string()
                    } else {
                        format!("{indent}{l}")
                    }
                })
                .collect();
            lines.join("\n")
        }
        (NewValue::Text(s), NodeStyle::Scalar(style)) => {
            scalar(s, Some(style), in_flow(text, start))
        }
        (NewValue::Number(n), NodeStyle::Scalar(TScalarStyle::Plain)) => n.to_string(),
        (NewValue::List(items), NodeStyle::Scalar(style)) => match items.as_slice() {
            [] => "[]".to_string(),
            [one] => scalar(one, Some(style), in_flow(text, start)),
            _ => flow_list(items),
        },
        (NewValue::List(items), NodeStyle::Sequence) if text[start..].starts_with('[') => {
            flow_list(items)
        }
        (NewValue::List(items), NodeStyle::Sequence) if !items.is_empty() => {
            // A block list: one `- item` line each, at the old dash's column.
            let column = text[..start]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count());
            let lines: Vec<String> = items
                .iter()
                .map(|i| format!("- {}", scalar(i, None, false)))
                .collect();
            lines.join(&format!("\n{}", " ".repeat(column)))
        }
        _ => return Err(format!("{path} is not a text here")),
    };
    Ok((start, end, replacement))
}

/// The splice that adds `key: value` for a field the file does not have yet, into its
/// mapping (which must exist and be written as `key: value` lines).
fn insert(
    text: &str,
    locator: &Locator,
    path: &str,
    value: &NewValue,
) -> Result<(usize, usize, String), String> {
    let (parent, key) = path
        .rsplit_once('.')
        .ok_or_else(|| crate::tr!("edit-no-parent", path = path))?;
    let map = locator
        .nodes
        .get(parent)
        .filter(|n| n.style == NodeStyle::Mapping)
        .ok_or_else(|| crate::tr!("edit-parent-missing", path = path, parent = parent))?;
    if text[node_start(text, map)..].starts_with('{') {
        return Err(crate::tr!("edit-parent-flow", path = path, parent = parent));
    }
    // After the last line of the mapping's last entry, at its keys' column.
    let prefix = format!("{parent}.");
    let children: Vec<(&String, &Node)> = locator
        .nodes
        .iter()
        .filter(|(p, _)| {
            p.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains(['.', '[']))
        })
        .collect();
    // In the fields' own order (a row's `due` after its `content`, a plan after the years
    // before it): after the last entry that comes before the new key, else after the last.
    let rank = |k: &str| key_rank(parent, k);
    let before: Vec<&(&String, &Node)> = children
        .iter()
        .filter(|(p, _)| {
            let k = &p[prefix.len()..];
            rank(k).zip(rank(key)).is_some_and(|(a, b)| a < b)
        })
        .collect();
    let (last_path, last) = before
        .into_iter()
        .max_by_key(|(p, _)| rank(&p[prefix.len()..]))
        .or_else(|| {
            children
                .iter()
                .max_by_key(|(_, n)| (n.pos.line, n.pos.column))
        })
        .ok_or_else(|| crate::tr!("edit-parent-empty", path = path, parent = parent))?;
    let (_, end) = span(text, locator, last_path, last)?;
    // Past the whole entry: nested lines of a list or mapping value.
    let column = locator
        .find(last_path)
        .map_or(0, |p| p.column.saturating_sub(1));
    let end = block_end(text, end, column, false).max(end);
    let line = match value {
        NewValue::Text(s) if s.contains('\n') => format!(
            "{key}: {}",
            literal_block(s, column + 2).unwrap_or_else(|| quoted(s))
        ),
        NewValue::Text(s) => format!("{key}: {}", scalar(s, None, false)),
        NewValue::List(items) => format!("{key}: {}", flow_list(items)),
        NewValue::Number(n) => format!("{key}: {n}"),
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Ok((end, end, format!("{newline}{}{line}", " ".repeat(column))))
}

/// Where `key` stands among the keys of the mapping at `parent`: a row's fields in the order
/// the model and the starter files write them, plan years by year; None for anything else.
fn key_rank(parent: &str, key: &str) -> Option<usize> {
    if parent.ends_with(".plans") {
        return super::model::YearSpan::parse(key).map(|s| usize::from(s.first));
    }
    super::slips::ROW_FIELDS.iter().position(|f| *f == key)
}

/// Parses both texts and checks that the new one is the old with exactly the edits made.
fn verify(old: &str, new: &str, edits: &[Edit]) -> Result<(), String> {
    let mut expected: Value = serde_yaml::from_str(old)
        .map_err(|e| crate::tr!("edit-old-unparsed", detail = e.to_string()))?;
    for edit in edits {
        let slot = slot(&mut expected, &edit.path)
            .ok_or_else(|| crate::tr!("edit-no-place", path = &edit.path))?;
        *slot = match &edit.value {
            NewValue::Text(s) => Value::String(s.clone()),
            NewValue::List(items) => {
                Value::Sequence(items.iter().cloned().map(Value::String).collect())
            }
            NewValue::Number(n) => Value::Number((*n).into()),
        };
    }
    let mut got: Value = serde_yaml::from_str(new).map_err(|_| crate::tr!("edit-new-unparsed"))?;
    // A block scalar (`|`) keeps its final line break: the same text for a table cell.
    for edit in edits {
        if let (NewValue::Text(want), Some(slot)) = (&edit.value, slot(&mut got, &edit.path))
            && slot
                .as_str()
                .is_some_and(|g| g.trim_end_matches('\n') == want.trim_end_matches('\n'))
        {
            *slot = Value::String(want.clone());
        }
    }
    if got == expected {
        Ok(())
    } else {
        let paths: Vec<&str> = edits.iter().map(|e| e.path.as_str()).collect();
        Err(crate::tr!(
            "edit-not-in-place",
            fields = crate::i18n::join(&paths)
        ))
    }
}

/// The value at `path` in `doc`, made (as null) when its last key is missing.
fn slot<'a>(doc: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut here = doc;
    let segments: Vec<&str> = path.split('.').collect();
    for (n, segment) in segments.iter().enumerate() {
        let (key, indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (*segment, ""),
        };
        let map = here.as_mapping_mut()?;
        let found = map
            .iter()
            .find(|(k, _)| key_text(k).as_deref() == Some(key))
            .map(|(k, _)| k.clone());
        let k = match found {
            Some(k) => k,
            None if n + 1 == segments.len() && indexes.is_empty() => {
                let k = key.parse::<u64>().map_or_else(
                    |_| Value::String(key.to_string()),
                    |y| Value::Number(y.into()),
                );
                map.insert(k.clone(), Value::Null);
                k
            }
            None => return None,
        };
        here = map.get_mut(&k)?;
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            here = here
                .as_sequence_mut()?
                .get_mut(index.parse::<usize>().ok()?)?;
        }
    }
    Some(here)
}

fn key_text(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(path: &str, value: &str) -> Edit {
        Edit {
            path: path.into(),
            value: NewValue::Text(value.into()),
        }
    }

    const ITEM: &str = "\
# 事项一
seq: 1
title: 加强生态环境保护   # 标题
rows:
  - content: 加强技术交流
    plans:
      2023-2025: 按需求，梳理技术支撑关键点。
      2024: '单引号'
    progress: \"已完成\"
    lead_dept: 环保处
    support_depts: [监测站, 环保处]
    due: |
      2025年
      年底
";

    #[test]
    fn changes_only_the_value_and_keeps_comments_and_quotes() {
        let out = apply(ITEM, &[set("title", "加强生态保护")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace("title: 加强生态环境保护", "title: 加强生态保护")
        );
        let out = apply(ITEM, &[set("rows[0].progress", "部分完成")]).unwrap();
        assert_eq!(out, ITEM.replace("\"已完成\"", "\"部分完成\""));
        let out = apply(ITEM, &[set("rows[0].plans.2024", "它's")]).unwrap();
        assert_eq!(out, ITEM.replace("'单引号'", "'它''s'"));
        let out = apply(ITEM, &[set("rows[0].plans.2023-2025", "改: 为带冒号")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace("按需求，梳理技术支撑关键点。", "\"改: 为带冒号\"")
        );
        let out = apply(ITEM, &[set("rows[0].due", "2026年\n年初")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace("      2025年\n      年底", "      2026年\n      年初")
        );
    }

    #[test]
    fn lists_and_new_fields() {
        let depts = |v: &[&str]| Edit {
            path: "rows[0].support_depts".into(),
            value: NewValue::List(v.iter().map(|s| (*s).to_string()).collect()),
        };
        let out = apply(ITEM, &[depts(&["监测站"])]).unwrap();
        assert_eq!(out, ITEM.replace("[监测站, 环保处]", "[监测站]"));
        let lead = Edit {
            path: "rows[0].lead_dept".into(),
            value: NewValue::List(vec!["环保处".into(), "绿林处".into()]),
        };
        let out = apply(ITEM, &[lead]).unwrap();
        assert_eq!(
            out,
            ITEM.replace("lead_dept: 环保处", "lead_dept: [环保处, 绿林处]")
        );
        // A field the row does not have yet goes in its place in the row's key order.
        let out = apply(ITEM, &[set("rows[0].lead_leader", "刘贵平")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace(
                "    progress: \"已完成\"\n",
                "    progress: \"已完成\"\n    lead_leader: 刘贵平\n"
            )
        );
        let out = apply(ITEM, &[set("rows[0].plans.2025", "完成")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace(
                "      2024: '单引号'\n",
                "      2024: '单引号'\n      2025: 完成\n"
            )
        );
        // Two edits at once.
        let out = apply(ITEM, &[set("title", "甲"), set("rows[0].content", "乙")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace("title: 加强生态环境保护", "title: 甲")
                .replace("content: 加强技术交流", "content: 乙")
        );
    }

    #[test]
    fn multi_line_texts_become_blocks_and_blocks_can_be_cleared_and_bare_keys_filled() {
        let out = apply(ITEM, &[set("rows[0].content", "第一行\n第二行")]).unwrap();
        assert_eq!(
            out,
            ITEM.replace(
                "content: 加强技术交流",
                "content: |-\n      第一行\n      第二行"
            )
        );
        let out = apply(ITEM, &[set("rows[0].lead_leader", "甲\n乙")]).unwrap();
        assert!(
            out.contains(
                "    progress: \"已完成\"\n    lead_leader: |-\n      甲\n      乙\n    lead_dept:"
            ),
            "{out}"
        );
        let out = apply(ITEM, &[set("rows[0].due", "")]).unwrap();
        assert!(out.contains("    due: \"\"\n"), "{out}");
        let bare =
            "seq: 1\ntitle: 甲\nrows:\n  - content: x\n    progress:\n    lead_dept: 环保处\n";
        let out = apply(bare, &[set("rows[0].progress", "已完成")]).unwrap();
        assert_eq!(out, bare.replace("progress:\n", "progress: 已完成\n"));
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        let crlf = ITEM.replace('\n', "\r\n");
        let out = apply(
            &crlf,
            &[
                set("rows[0].due", "2026年\n年初"),
                set("rows[0].lead_leader", "甲\n乙"),
            ],
        )
        .unwrap();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert!(out.contains("      2026年\r\n      年初"), "{out:?}");
    }

    #[test]
    fn a_multi_line_plain_value_and_a_block_list() {
        let text = "seq: 1\ntitle: 一行\n  接着一行\nrows:\n  - content: x\n    support_depts:\n      - 监测站\n      - 环保处\n";
        let out = apply(text, &[set("title", "新")]).unwrap();
        assert_eq!(out, text.replace("一行\n  接着一行", "新"));
        let out = apply(
            text,
            &[Edit {
                path: "rows[0].support_depts".into(),
                value: NewValue::List(vec!["绿林处".into()]),
            }],
        )
        .unwrap();
        assert_eq!(out, text.replace("- 监测站\n      - 环保处", "- 绿林处"));
    }
}
