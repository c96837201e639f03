//! Finding and parsing content files.
//!
//! Files are found with walkdir in sorted order (so errors and output never depend on the file
//! system), parsed with serde_yaml into the model, and kept with their [`Source`] so that later
//! stages can point back at a file, line and field.

use super::labels::{self, FileKind};
use super::limits;
use super::locate::Locator;
use super::model::{AnnexMeta, Item, Meeting};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where a value was read from, with positions of its fields.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's path as the user gave it (content dir joined with the relative path).
    pub path: PathBuf,
    /// What kind of file this is.
    pub kind: FileKind,
    /// Field positions.
    pub locator: Locator,
    /// A fingerprint of the bytes the file was read as: `import --write` refuses to replace a
    /// file that changed since (another program saved it meanwhile).
    pub read_as: u64,
}

impl Source {
    /// A diagnostic for `field_path` of this file (at the field, or its closest ancestor).
    pub fn diag(&self, field_path: &str, message: impl Into<String>) -> Diagnostic {
        let pos = self.locator.find(field_path).unwrap_or_default();
        Diagnostic {
            severity: Severity::Error,
            file: self.path.clone(),
            line: pos.line,
            column: pos.column,
            field: labels::field(self.kind, field_path),
            message: message.into(),
            hints: Vec::new(),
        }
    }
}

/// A parsed value and where it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Its file.
    pub source: Source,
}

/// The parsed files of one annex folder, before validation.
#[derive(Debug, Default)]
pub struct RawAnnex {
    /// The folder.
    pub dir: PathBuf,
    /// `_annex.yaml`, when present and parsed.
    pub meta: Option<Sourced<AnnexMeta>>,
    /// Whether `_annex.yaml` exists (parsed or not).
    pub has_meta_file: bool,
    /// The item files that parsed.
    pub items: Vec<Sourced<Item>>,
    /// How many item files did not parse (sequence checks wait until they do).
    pub unparsed: usize,
}

/// Everything that parsed, plus the problems found so far.
#[derive(Debug, Default)]
pub struct RawProject {
    /// `meeting.yaml`, when present and parsed.
    pub meeting: Option<Sourced<Meeting>>,
    /// One per folder, in folder-name order.
    pub annexes: Vec<RawAnnex>,
}

/// True for names huibao never reads: hidden files and editor leftovers.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
}

/// Hidden folders of version control and editors, skipped without a word.
const TOOL_FOLDERS: &[&str] = &[
    ".git", ".github", ".gitlab", ".svn", ".hg", ".vscode", ".idea",
];

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Reads and parses every content file under `root`.
pub fn parse_tree(root: &Path, diags: &mut Diagnostics) -> RawProject {
    let mut raw = RawProject::default();
    if !root.is_dir() {
        diags.push(Diagnostic::file(
            root,
            "content folder not found: create it (for a starter project run `huibao init DIR`) or pass --content DIR",
        ));
        return raw;
    }
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        // A hidden folder beside the annexes is let through once, to be warned about.
        .filter_entry(|e| {
            !is_ignored(&e.file_name().to_string_lossy())
                || (e.depth() == 1 && e.file_type().is_dir())
        });
    let mut walker = walker;
    let mut any_yaml = false;
    let mut meeting_seen = false;
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                diags.push(Diagnostic::file(&path, format!("cannot read: {err}")));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        if entry.file_type().is_dir() {
            if entry.depth() == 1 && is_ignored(&name_of(&path)) {
                walker.skip_current_dir();
                if !TOOL_FOLDERS.contains(&name_of(&path).as_str()) {
                    diags.push(
                        Diagnostic::file(
                            &path,
                            "a hidden folder: huibao does not read it, so it is no annex",
                        )
                        .warning()
                        .with_hint("rename the folder without the leading `.` to make it an annex"),
                    );
                }
                continue;
            }
            if entry.depth() == 1 {
                raw.annexes.push(RawAnnex {
                    dir: path,
                    ..RawAnnex::default()
                });
            }
            continue;
        }
        if entry.path_is_symlink() {
            if entry.depth() == 1 && (name_of(&path) == "meeting.yaml") {
                meeting_seen = true;
            }
            diags.push(
                Diagnostic::file(
                    &path,
                    "a symbolic link: huibao does not follow links, so it cannot read this",
                )
                .with_hint("copy the file or folder here instead of linking it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if !is_yaml(&path) {
            diags.push(
                Diagnostic::file(
                    &path,
                    "ignored: huibao reads only .yaml and .yml files in content/",
                )
                .warning()
                .with_hint("keep other files (Word drafts, notes) outside content/, or rename a YAML file to end in .yaml"),
            );
            continue;
        }
        any_yaml = true;
        let name = entry.file_name().to_string_lossy().to_string();
        match entry.depth() {
            1 if name == "meeting.yaml" || name == "meeting.yml" => {
                meeting_seen = true;
                raw.meeting = parse_file(&path, FileKind::Meeting, diags);
            }
            1 => diags.push(Diagnostic::file(
                &path,
                "unexpected file: the report lives in meeting.yaml and each annex in a folder of its own (content/<annex>/_annex.yaml)",
            )),
            2 => {
                let Some(annex) = raw.annexes.last_mut() else {
                    continue;
                };
                if name == "_annex.yaml" || name == "_annex.yml" {
                    annex.has_meta_file = true;
                    annex.meta = parse_file(&path, FileKind::Annex, diags);
                } else {
                    match parse_file::<Item>(&path, FileKind::Item, diags) {
                        Some(mut item) => {
                            item.value.drop_blanks();
                            annex.items.push(item);
                        }
                        None => annex.unparsed += 1,
                    }
                }
            }
            _ => diags.push(Diagnostic::file(
                &path,
                "unexpected file: item files sit directly in their annex folder (content/<annex>/<item>.yaml)",
            )),
        }
    }
    if !any_yaml {
        diags.push(Diagnostic::file(
            root,
            "content folder is empty: create meeting.yaml and one folder per annex with _annex.yaml and one file per item (`huibao init DIR` writes an example)",
        ));
    } else if !meeting_seen {
        diags.push(Diagnostic::file(
            &root.join("meeting.yaml"),
            "missing: create meeting.yaml with meeting, material, title, presenter, years, background, overview and closing",
        ));
    }
    raw.annexes
        .retain(|a| a.has_meta_file || !a.items.is_empty() || a.unparsed > 0);
    raw
}

/// Reads one file and deserializes it, reporting every problem into `diags`.
pub fn parse_file<T: DeserializeOwned>(
    path: &Path,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> Option<Sourced<T>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.push(Diagnostic::file(path, format!("cannot read: {err}")));
            return None;
        }
    };
    parse_bytes(path, kind, &bytes, diags)
}

/// Parses the bytes of a content file named `path` (which is not read), reporting every
/// problem into `diags`. What the fuzzer feeds.
pub fn parse_bytes<T: DeserializeOwned>(
    path: &Path,
    kind: FileKind,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<Sourced<T>> {
    if bytes.len() > limits::MAX_FILE_BYTES {
        diags.push(Diagnostic::file(
            path,
            format!(
                "the file is {} KB; a content file may hold at most {} KB (one item per file; is pasted data in it?)",
                bytes.len() / 1024,
                limits::MAX_FILE_BYTES / 1024
            ),
        ));
        return None;
    }
    let text = match decode(path, bytes) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let source = Source {
        path: path.to_path_buf(),
        kind,
        locator: Locator::new(text),
        read_as: fingerprint(bytes),
    };
    if let Some((field, pos)) = source.locator.aliases.first() {
        let mut d = source.diag(
            field,
            "a YAML alias (*name): content must write each text out, aliases are not read",
        );
        d.line = pos.line;
        d.column = pos.column;
        diags.push(d.with_hint("replace the *name by the text it stands for"));
        return None;
    }
    let before = diags.len();
    limits::check_scalars(&source, diags);
    if diags.len() > before {
        return None;
    }
    if !source.locator.duplicates.is_empty() {
        for (field, _) in &source.locator.duplicates {
            let mut d = source.diag(field, "written twice in the same mapping: keep one");
            if let Some((_, p)) = source.locator.duplicates.iter().find(|(f, _)| f == field) {
                d.line = p.line;
                d.column = p.column;
            }
            diags.push(d);
        }
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Some(Sourced { value, source }),
        Err(err) => {
            diags.push(yaml_error(&source, text, &err));
            None
        }
    }
}

/// Checks the encoding: UTF-8 required, a BOM is accepted and skipped.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = decode_utf8(path, bytes)?;
    if let Some((i, c)) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        let before = &text[..i];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let mut d = Diagnostic::file(
            path,
            format!(
                "the control character U+{:04X} is in the file here: it cannot be printed; remove it",
                c as u32
            ),
        );
        d.line = line;
        d.column = column;
        return Err(d);
    }
    Ok(text)
}

fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Diagnostic {
            severity: Severity::Error,
            hints: Vec::new(),
            file: path.to_path_buf(),
            line,
            column,
            field: String::new(),
            message: format!(
                "not valid UTF-8 (byte 0x{:02X}): save the file as UTF-8",
                bytes[e.valid_up_to()]
            ),
        }
    })
}

/// Turns a serde_yaml error into a diagnostic with the field path and a readable message.
fn yaml_error(source: &Source, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let mut message = strip_positions(&err.to_string());
    let mut field = String::new();
    if let Some((prefix, rest)) = message.split_once(": ") {
        let is_path = !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_alphanumeric() || "_.[]-".contains(c));
        if is_path {
            field = prefix.to_string();
            message = rest.to_string();
        }
    }
    for marker in ["unknown field `", "missing field `", "duplicate field `"] {
        if let Some(start) = message.find(marker) {
            let name = &message[start + marker.len()..];
            if let Some(end) = name.find('`') {
                let name = &name[..end];
                field = if field.is_empty() {
                    name.to_string()
                } else {
                    format!("{field}.{name}")
                };
            }
        }
    }
    let mut diag = source.diag(&field, message.clone());
    let exact = source.locator.find(&field).is_some() && !field.is_empty();
    if message.starts_with("unknown field") && exact {
        // The locator points at the misspelt key itself.
    } else if let Some(loc) = err.location() {
        diag.line = loc.line();
        diag.column = loc.column();
    }
    let line_text = text.lines().nth(diag.line.saturating_sub(1)).unwrap_or("");
    if line_text.contains('\t') {
        diag.message
            .push_str(" (this line has a tab: YAML indents with spaces only)");
    }
    diag.message = plain_types(&diag.message);
    if diag.message.contains("recursion limit exceeded") {
        diag.message = "nested too deeply: content is a few levels of fields and lists".into();
    }
    if let Some(hint) = hint(&diag.message, text, diag.line) {
        diag.hints.push(hint);
    }
    diag
}

/// serde's type names in the user's words.
fn plain_types(message: &str) -> String {
    let mut out = message.to_string();
    for (from, to) in [
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected a borrowed string", "expected a text"),
        ("expected a string", "expected a text"),
        ("unit value", "nothing"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// The row fields, for recognising one indented under `plans:` by mistake.
const ROW_FIELDS: &[&str] = &[
    "content",
    "due",
    "plans",
    "progress",
    "lead_leader",
    "lead_dept",
    "support_depts",
];

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

/// A one-line hint for the common YAML slips, from the parser's message and the lines around
/// the error.
fn hint(message: &str, text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = *lines.get(line.checked_sub(1)?)?;
    if message.contains("mapping values are not allowed") {
        let above = lines[..line - 1]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if let Some(above) = above
            && indent_of(here) > indent_of(above)
            && above.trim_end().contains(": ")
        {
            let key = above.trim_start_matches([' ', '-']).split(':').next()?;
            return Some(format!(
                "this line is indented further than `{key}:` above it: line it up with `{key}:`"
            ));
        }
        let (key, value) = here.trim_start_matches([' ', '-']).split_once(": ")?;
        return Some(format!(
            "the value holds `: `, which YAML reads as a new key: put it in quotes, e.g. {key}: \"{}\"",
            value.trim()
        ));
    }
    let quoted = |marker: &str| {
        let start = message.find(marker)? + marker.len();
        let rest = &message[start..];
        Some(rest[..rest.find('`')?].to_string())
    };
    if let Some(key) = quoted("plan key `")
        && ROW_FIELDS.contains(&key.as_str())
    {
        return Some(format!(
            "`{key}` is indented too far: it belongs to the row, not to plans; line it up with `plans:`"
        ));
    }
    if let Some(key) = quoted("unknown field `")
        && super::model::YearSpan::parse(&key).is_some()
    {
        return Some(format!(
            "`{key}` looks like a plan year: indent it under `plans:`, two spaces further than `plans:`"
        ));
    }
    if message.contains("invalid type: string") && message.contains("expected a whole number") {
        return Some("write the number in digits, e.g. seq: 3 or years: [2023, 2024, 2025]".into());
    }
    if message.contains("invalid type: string") && message.contains("expected a list") {
        let (key, value) = here.trim_start_matches([' ', '-']).split_once(':')?;
        let items: Vec<&str> = value
            .split(super::validate::SEPARATORS)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        return Some(format!("write a list: {key}: [{}]", items.join(", ")));
    }
    None
}

/// Removes serde_yaml's " at line N column M" phrases: the diagnostic carries the position.
fn strip_positions(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let n = digits(rest);
        let after = &rest[n..];
        let end = match after.strip_prefix(" column ") {
            Some(col) => n + " column ".len() + digits(col),
            None => n,
        };
        out.replace_range(start..start + " at line ".len() + end, "");
    }
    out
}

/// A fingerprint of a file's bytes (FNV-1a), to tell whether it changed since it was read.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish()
}
