//! The clerk's everyday YAML slips, recognised on the line where they are and explained in
//! the user's words with a fix that is itself valid YAML.
//!
//! Two halves: [`scan`] reads the lines before the parser does and catches what the parser
//! would misplace or accept silently (a full-width colon after a key, a missing space after
//! `:`, an indentation of full-width spaces, `~` for a required text, “curly quotes” around a
//! whole value, `-item` without its space); [`explain`] turns what serde_yaml says about the
//! rest into a catalog message and a hint.

use super::labels::FileKind;
use super::load::Source;
use crate::diag::{Diagnostic, Diagnostics};

/// Every key a content file may hold (any kind) besides a row's ([`ROW_FIELDS`]), for
/// recognising a key in a broken line.
pub const KEYS: &[&str] = &[
    "meeting",
    "material",
    "title",
    "presenter",
    "years",
    "background",
    "overview_heading",
    "overview",
    "progress_heading",
    "closing",
    "date",
    "departments",
    "number",
    "partner",
    "short_title",
    "heading",
    "report",
    "notes",
    "seq",
    "rows",
    "excluded",
    "by",
    "text",
];

/// The fields of a row (`rows[i]`), for recognising one indented under `plans:` by mistake.
pub const ROW_FIELDS: &[&str] = &[
    "content",
    "due",
    "plans",
    "progress",
    "lead_leader",
    "lead_dept",
    "support_depts",
];

/// Keys whose value must be a text: `~` (YAML's "nothing") there is a slip, not a choice.
const REQUIRED: &[&str] = &[
    "meeting",
    "material",
    "title",
    "presenter",
    "closing",
    "partner",
    "short_title",
    "heading",
    "content",
    "lead_dept",
    "text",
];

/// One line split as YAML writes a mapping entry: indentation, `- ` markers, key, the
/// separator and the value (without a trailing comment).
struct Entry<'a> {
    /// Characters before the key (spaces and `- `).
    prefix: &'a str,
    key: &'a str,
    value: &'a str,
}

/// The value part of `rest` without its trailing ` # comment` (outside quotes).
pub fn without_comment(rest: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if rest[..i].trim().is_empty() => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return rest[..i].trim_end(),
            _ => {}
        }
        previous = c;
    }
    rest.trim_end()
}

/// `line` as `prefix key<sep>value` when it starts with a known key and `sep`.
fn entry<'a>(line: &'a str, sep: &str) -> Option<Entry<'a>> {
    let body = line.trim_start_matches([' ', '-']);
    let prefix = &line[..line.len() - body.len()];
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let key = &body[..end];
    let rest = body[end..].strip_prefix(sep)?;
    (!key.is_empty()).then(|| Entry {
        prefix,
        key,
        value: without_comment(rest),
    })
}

fn is_key(key: &str) -> bool {
    KEYS.contains(&key) || ROW_FIELDS.contains(&key) || super::model::YearSpan::parse(key).is_some()
}

/// A value as YAML must write it: quoted when it holds `: `, ` #` or starts with a character
/// YAML reads as syntax.
pub fn yaml_value(value: &str) -> String {
    let value = value.trim();
    let already_quoted = ['"', '\'']
        .iter()
        .any(|q| value.len() >= 2 && value.starts_with(*q) && value.ends_with(*q));
    if already_quoted {
        return value.to_string();
    }
    let plain_ok = !value.is_empty()
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains('\t')
        && !value.ends_with(':')
        && !value.starts_with([
            '"', '\'', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', '#', '-', '?', ',',
        ]);
    if plain_ok {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// `text` in double quotes, YAML's way: a backslash or a quote in it escaped.
pub fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value written after a corrected key: as it was, quoted only when it holds `: ` (which
/// would make it a key of its own).
fn as_written(value: &str) -> String {
    let value = value.trim();
    if value.contains(": ") && !value.starts_with(['"', '\'', '[', '{']) {
        yaml_value(value)
    } else {
        value.to_string()
    }
}

/// The slips of `text` that the parser would misplace or accept, as diagnostics; true when
/// one is an error (the parser's own message would only confuse then).
pub fn scan(source: &Source, text: &str, diags: &mut Diagnostics) -> bool {
    let mut error = false;
    let mut block_indent: Option<usize> = None;
    // The line before, when it is a field with a plain text on it.
    let mut previous: Option<&str> = None;
    for (n, line) in text.lines().enumerate() {
        let before = previous.take();
        if let Some(e) = entry(line, ": ")
            && !e.value.trim().is_empty()
            && !e
                .value
                .trim_start()
                .starts_with(['"', '\'', '[', '{', '|', '>'])
        {
            previous = Some(line);
        }
        let previous = before;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let found = check_line(source.kind, line)
            .or_else(|| broken_off(previous, line).map(|slip| (slip, 1)));
        if let Some((slip, column)) = found {
            let mut d = Diagnostic::file(&source.path, slip.message);
            d.line = n + 1;
            d.column = column;
            if let Some(hint) = slip.hint {
                d = d.with_hint(hint);
            }
            if slip.warning {
                d = d.warning();
            } else {
                error = true;
            }
            diags.push(d);
        }
        if let Some(e) = entry(line, ":")
            && matches!(e.value.trim(), "|" | ">" | "|-" | ">-" | "|+" | ">+")
        {
            block_indent = Some(indent);
        }
    }
    error
}

/// A line that is no field, no list entry and no more indented than the field above it,
/// whose text it continues: a line break pasted into a value (YAML reports the next line).
fn broken_off(previous: Option<&str>, line: &str) -> Option<Slip> {
    let above = previous?;
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let body = line.trim();
    let is_field = entry(line, ":").is_some_and(|e| is_key(e.key)) || body.contains(": ");
    if is_field
        || body.starts_with(['-', '#'])
        || body.ends_with(':')
        || indent(line) > indent(above)
    {
        return None;
    }
    let joined = format!("{}{}", without_comment(above), without_comment(body));
    Some(error(
        crate::tr!("slip-broken-line"),
        crate::tr!("slip-join-line", line = joined),
    ))
}

/// A text typed after a value's closing quote (`"他说"好"的"`: the quote closes at the second
/// `"`), as a slip with the value in the other kind of quotes.
fn closed_early(e: &Entry<'_>) -> Option<Slip> {
    let value = e.value.trim();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = &value[1..];
    // Where the quote closes: `\"` is a quote inside "…", `''` one inside '…'.
    let mut chars = inner.char_indices().peekable();
    let close = loop {
        let (i, c) = chars.next()?;
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                break i;
            }
        }
    };
    let after = inner[close + 1..].trim();
    if after.is_empty() {
        return None;
    }
    let text = value.strip_suffix(quote).unwrap_or(value);
    let text = &text[1..];
    let fixed = if quote == '"' {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    };
    Some(error(
        crate::tr!("slip-quote-inside", key = e.key, quote = quote.to_string()),
        crate::tr!(
            "slip-write-line",
            line = format!("{}{}: {fixed}", e.prefix, e.key)
        ),
    ))
}

/// A `#` right after a space and before a word (`已完成 #环境日 活动`): YAML starts a comment
/// there and drops the rest of the text. Comments written as comments (`# 备注`, with a space)
/// are left alone.
fn cut_by_comment(e: &Entry<'_>, line: &str) -> Option<Slip> {
    let value = e.value.trim();
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '#']) {
        return None;
    }
    let at = line.find(value)? + value.len();
    let comment = line[at..].trim_start().strip_prefix('#')?;
    if comment.is_empty() || comment.starts_with(char::is_whitespace) {
        return None;
    }
    let whole = format!("{value} #{}", comment.trim_end());
    Some(Slip {
        message: crate::tr!(
            "slip-comment-cuts",
            key = e.key,
            dropped = format!("#{}", comment.trim_end())
        ),
        hint: Some(crate::tr!(
            "slip-comment-cuts-hint",
            line = format!("{}{}: {}", e.prefix, e.key, yaml_value(&whole))
        )),
        warning: true,
    })
}

/// What one slip says.
struct Slip {
    message: String,
    hint: Option<String>,
    warning: bool,
}

fn error(message: String, hint: String) -> Slip {
    Slip {
        message,
        hint: Some(hint),
        warning: false,
    }
}

/// The slip on one line and its 1-based column.
fn check_line(kind: FileKind, line: &str) -> Option<(Slip, usize)> {
    let column = |byte: usize| line[..byte].chars().count() + 1;
    if line.starts_with(['\u{3000}', '\u{a0}'])
        || line.trim_start_matches(' ').starts_with('\u{3000}')
    {
        let fixed = line.replace(['\u{3000}', '\u{a0}'], "  ");
        let slip = error(
            crate::tr!("slip-fullwidth-indent"),
            crate::tr!("slip-write-line", line = without_comment(&fixed)),
        );
        return Some((slip, 1));
    }
    if let Some(e) = entry(line, "：").filter(|e| is_key(e.key)) {
        let fixed = format!("{}{}: {}", e.prefix, e.key, as_written(e.value));
        let slip = error(
            crate::tr!("slip-fullwidth-colon", key = e.key),
            crate::tr!("slip-write-line", line = fixed.trim_end()),
        );
        return Some((slip, column(e.prefix.len() + e.key.len())));
    }
    if let Some(e) = entry(line, ":").filter(|e| is_key(e.key))
        && !e.value.is_empty()
        && !e.value.starts_with([' ', '\t'])
    {
        let fixed = format!("{}{}: {}", e.prefix, e.key, as_written(e.value));
        let slip = error(
            crate::tr!("slip-no-space", key = e.key),
            crate::tr!("slip-write-line", line = fixed),
        );
        return Some((slip, column(e.prefix.len() + e.key.len() + 1)));
    }
    let body = line.trim_start();
    if body.starts_with('-')
        && let Some(next) = body[1..].chars().next()
        && !next.is_whitespace()
        && !next.is_ascii_digit()
        && next != '-'
    {
        let at = line.len() - body.len();
        let fixed = format!(
            "{}- {}",
            &line[..at],
            yaml_value(without_comment(&body[1..]))
        );
        let slip = error(
            crate::tr!("slip-dash-space"),
            crate::tr!("slip-write-line", line = fixed),
        );
        return Some((slip, column(at)));
    }
    let e = entry(line, ": ")?;
    let value = e.value.trim();
    let value_at = line.len() - line.trim_start().len() + line.trim_start().find(": ")? + 2;
    if let Some(slip) = closed_early(&e).or_else(|| cut_by_comment(&e, line)) {
        return Some((slip, column(value_at)));
    }
    if REQUIRED.contains(&e.key)
        && matches!(value, "~" | "null" | "Null" | "NULL")
        && kind_has(kind, e.key)
    {
        let slip = error(
            crate::tr!("slip-null", key = e.key, value = value),
            crate::tr!(
                "slip-write-line",
                line = format!("{}{}: …", e.prefix, e.key)
            ),
        );
        return Some((slip, column(value_at)));
    }
    let curly = [('“', '”'), ('‘', '’'), ('「', '」')];
    if let Some(inner) = curly.iter().find_map(|(open, close)| {
        let inner = value.strip_prefix(*open)?.strip_suffix(*close)?;
        (!inner.contains([*open, *close])).then_some(inner)
    }) {
        let fixed = format!("{}{}: {}", e.prefix, e.key, yaml_value(inner));
        return Some((
            Slip {
                message: crate::tr!("slip-curly-quotes", key = e.key),
                hint: Some(crate::tr!("slip-curly-quotes-hint", line = fixed)),
                warning: true,
            },
            column(value_at),
        ));
    }
    None
}

/// Whether a required key belongs to this kind of file (`title` does to all three).
fn kind_has(kind: FileKind, key: &str) -> bool {
    match kind {
        FileKind::Meeting => matches!(
            key,
            "meeting" | "material" | "title" | "presenter" | "closing"
        ),
        FileKind::Annex => matches!(key, "partner" | "title" | "short_title" | "heading"),
        FileKind::Item => matches!(key, "title" | "content" | "lead_dept" | "text"),
    }
}

/// A line before the parser's error that is indented one space off from the line above it,
/// with the message and hint for it: (1-based line, column, message, hint).
pub fn misindented(text: &str, error_line: usize) -> Option<(usize, usize, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let key_column = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let mut previous: Option<&str> = None;
    for (i, line) in lines.iter().enumerate().take(error_line.min(lines.len())) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(above) = previous {
            let (here, there) = (key_column(line), key_column(above));
            let opens = without_comment(above.trim_end()).ends_with(':');
            let off = here.abs_diff(there) == 1 && !(opens && here > there);
            if off {
                let message = if here > there {
                    crate::tr!("slip-indent-more", key = key_name(above))
                } else {
                    crate::tr!("slip-indent-less", key = key_name(above))
                };
                let body = line.trim_start_matches([' ', '-']);
                let dashes = &line[..line.len() - body.len()];
                let dashes = dashes.trim_start();
                let fixed = format!(
                    "{}{dashes}{}",
                    " ".repeat(there - dashes.len().min(there)),
                    without_comment(body)
                );
                let hint = crate::tr!("slip-write-line", line = fixed);
                return Some((i + 1, here + 1, message, hint));
            }
        }
        previous = Some(line);
    }
    None
}

fn key_name(line: &str) -> String {
    let body = line.trim_start_matches([' ', '-']);
    body.split(':').next().unwrap_or(body).to_string()
}

/// The closest known key to a misspelt one (edit distance, as for departments).
pub fn closest_key(name: &str, allowed: &[&str]) -> Option<String> {
    allowed
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_not_values() {
        assert_eq!(without_comment(" 已完成 # 注释"), " 已完成");
        assert_eq!(without_comment(" \"a # b\" # c"), " \"a # b\"");
        assert_eq!(without_comment(" C#"), " C#");
    }

    #[test]
    fn values_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(yaml_value("沈敏"), "沈敏");
        assert_eq!(yaml_value("已完成: 第一阶段"), "\"已完成: 第一阶段\"");
        assert_eq!(yaml_value("-x"), "\"-x\"");
    }
}
