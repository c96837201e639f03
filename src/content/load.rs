//! Finding and parsing content files.
//!
//! Files are found with walkdir in sorted order (so errors and output never depend on the file
//! system), parsed with serde_yaml into the model, and kept with their [`Source`] so that later
//! stages can point back at a file, line and field.

use super::labels::{self, FileKind};
use super::limits;
use super::locate::Locator;
use super::model::{AnnexMeta, Item, Meeting};
use super::slips::ROW_FIELDS;
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
    /// The fields a stand-in value was put in for (a missing field, a value of the wrong
    /// kind, an unknown key taken out) after their error was reported, so that the file's
    /// other fields are checked in the same run. Empty for a file that parsed as written; a
    /// file with stand-ins always carries an error, so it never reaches a build.
    pub stand_ins: Vec<String>,
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

impl RawProject {
    /// Every file that parsed, meeting first.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.meeting
            .iter()
            .map(|m| &m.source)
            .chain(self.annexes.iter().flat_map(|a| {
                a.meta
                    .iter()
                    .map(|m| &m.source)
                    .chain(a.items.iter().map(|i| &i.source))
            }))
    }
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
        diags.push(Diagnostic::file(root, crate::tr!("load-no-content")));
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
    // Item files are parsed after the walk, on every core: (annex, path, where its problems
    // go among the others).
    let mut items: Vec<(usize, PathBuf, usize)> = Vec::new();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                diags.push(Diagnostic::file(
                    &path,
                    crate::tr!("load-cannot-read", error = err.to_string()),
                ));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        if entry.file_name().to_str().is_none() {
            // A name in another encoding (GBK bytes, as unzip leaves a zip made on Chinese
            // Windows): made lossy it could become another file's name.
            diags.push(not_utf8_name(&path, entry.file_name()));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            if entry.depth() == 1 && is_ignored(&name_of(&path)) {
                walker.skip_current_dir();
                if !TOOL_FOLDERS.contains(&name_of(&path).as_str()) {
                    diags.push(
                        Diagnostic::file(&path, crate::tr!("load-hidden-folder"))
                            .warning()
                            .with_hint(crate::tr!("load-hidden-folder-hint")),
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
                Diagnostic::file(&path, crate::tr!("load-symlink"))
                    .with_hint(crate::tr!("load-symlink-hint")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe, a device or a socket: refused by kind (reading would block).
            if entry.depth() == 1 && name_of(&path) == "meeting.yaml" {
                meeting_seen = true;
            }
            let kind = crate::files::not_a_file(&path).unwrap_or_default();
            diags.push(Diagnostic::file(
                &path,
                crate::tr!("file-not-a-file", kind = kind),
            ));
            continue;
        }
        if !is_yaml(&path) {
            diags.push(
                Diagnostic::file(&path, crate::tr!("load-not-yaml"))
                    .warning()
                    .with_hint(crate::tr!("load-not-yaml-hint")),
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
            1 => diags.push(Diagnostic::file(&path, crate::tr!("load-unexpected-top"))),
            2 => {
                let Some(annex) = raw.annexes.last_mut() else {
                    continue;
                };
                if name == "_annex.yaml" || name == "_annex.yml" {
                    annex.has_meta_file = true;
                    annex.meta = parse_file(&path, FileKind::Annex, diags);
                } else {
                    items.push((raw.annexes.len() - 1, path, diags.0.len()));
                }
            }
            _ => diags.push(Diagnostic::file(&path, crate::tr!("load-unexpected-deep"))),
        }
    }
    crate::hooks::pause_mid_read();
    let parsed = parse_items(&items);
    // From the last, so each one's problems go where a walk parsing it would have put them.
    for ((annex, _, at), (item, found)) in items.iter().zip(parsed).rev() {
        if !found.0.is_empty() {
            diags.0.splice(*at..*at, found.0);
        }
        let annex = &mut raw.annexes[*annex];
        match item {
            Some(mut item) => {
                item.value.drop_blanks();
                annex.items.push(item);
            }
            None => annex.unparsed += 1,
        }
    }
    for annex in &mut raw.annexes {
        annex.items.reverse();
    }
    if !any_yaml {
        diags.push(Diagnostic::file(root, crate::tr!("load-empty")));
    } else if !meeting_seen {
        diags.push(Diagnostic::file(
            &root.join("meeting.yaml"),
            crate::tr!("load-no-meeting"),
        ));
    }
    raw.annexes
        .retain(|a| a.has_meta_file || !a.items.is_empty() || a.unparsed > 0);
    raw
}

/// The error for a file or folder whose name is not UTF-8: the name with its bytes escaped,
/// what it reads as in GBK, and the fix.
fn not_utf8_name(path: &Path, name: &std::ffi::OsStr) -> Diagnostic {
    let bytes = name.as_encoded_bytes();
    let mut shown = String::new();
    for chunk in bytes.utf8_chunks() {
        shown.push_str(chunk.valid());
        for b in chunk.invalid() {
            shown.push_str(&format!("\\x{b:02X}"));
        }
    }
    let (gbk, _, bad) = encoding_rs::GBK.decode(bytes);
    let at = path.parent().unwrap_or(path).join(&shown);
    let d = Diagnostic::file(&at, crate::tr!("load-name-not-utf8", name = shown.as_str()));
    if bad {
        d.with_hint(crate::tr!("load-name-not-utf8-hint"))
    } else {
        d.with_hint(crate::tr!("load-name-gbk-hint", name = gbk.as_ref()))
    }
}

/// Parses the item files `items` (annex, path, _) on every core, each with its own problems,
/// in the order given.
fn parse_items(items: &[(usize, PathBuf, usize)]) -> Vec<(Option<Sourced<Item>>, Diagnostics)> {
    crate::parallel::map_in_order(items, |(_, path, _)| {
        let mut found = Diagnostics::default();
        let item = parse_file::<Item>(path, FileKind::Item, &mut found);
        (item, found)
    })
}

/// Reads one file and deserializes it, reporting every problem into `diags`.
pub fn parse_file<T: DeserializeOwned>(
    path: &Path,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> Option<Sourced<T>> {
    // One byte over the limit is enough for `parse_bytes` to say how large the file is.
    let max = limits::MAX_FILE_BYTES as u64;
    let bytes = match crate::files::read(path, max) {
        Ok(b) => b,
        Err(crate::files::Refused::TooBig(size)) => {
            diags.push(Diagnostic::file(
                path,
                crate::tr!(
                    "load-too-big",
                    kb = size / 1024,
                    max = limits::MAX_FILE_BYTES / 1024
                ),
            ));
            return None;
        }
        Err(refused) => {
            diags.push(Diagnostic::file(
                path,
                crate::tr!("load-cannot-read", error = refused.reason(max)),
            ));
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
            crate::tr!(
                "load-too-big",
                kb = bytes.len() / 1024,
                max = limits::MAX_FILE_BYTES / 1024
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
    // The parsers recurse once per level: a hostile nesting is refused before either reads it.
    if let Some((line, depth)) = limits::too_deep(text) {
        let mut d = Diagnostic::file(
            path,
            crate::tr!("load-too-deep", depth = depth, max = limits::MAX_DEPTH),
        );
        d.line = line;
        d.column = 1;
        diags.push(d);
        return None;
    }
    let source = Source {
        path: path.to_path_buf(),
        kind,
        locator: Locator::new(text),
        read_as: fingerprint(bytes),
        stand_ins: Vec::new(),
    };
    if let Some((field, pos)) = source.locator.aliases.first() {
        let mut d = source.diag(field, crate::tr!("load-alias"));
        d.line = pos.line;
        d.column = pos.column;
        diags.push(d.with_hint(crate::tr!("load-alias-hint")));
        return None;
    }
    if let Some((field, tag, pos)) = source.locator.tags.first() {
        let mut d = source.diag(field, crate::tr!("load-tag", tag = tag.as_str()));
        d.line = pos.line;
        d.column = pos.column;
        diags.push(d.with_hint(crate::tr!("load-tag-hint", tag = tag.as_str())));
        return None;
    }
    // Only an error keeps a file out of the project: a file with warnings builds with every
    // string it holds (a warning that dropped the file would lose text without an error).
    let mut found = Diagnostics::default();
    limits::check_scalars(&source, &mut found);
    let scalar_errors = found.has_errors();
    diags.extend(found);
    if super::slips::scan(&source, text, diags) || scalar_errors {
        return None;
    }
    if !source.locator.duplicates.is_empty() {
        for (field, _) in &source.locator.duplicates {
            let mut d = source.diag(field, crate::tr!("load-duplicate-key"));
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
            diags.push(yaml_error(&source, text, &err, err.location()));
            super::stand_in::parse_rest(source, text, &err, diags)
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
            crate::tr!("load-control", code = format!("U+{:04X}", c as u32)),
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
            message: gbk_line(bytes, line).map_or_else(
                || {
                    crate::tr!(
                        "load-not-utf8",
                        byte = format!("0x{:02X}", bytes[e.valid_up_to()])
                    )
                },
                |text| crate::tr!("load-gbk", line = line, text = text),
            ),
        }
    })
}

/// Line `line` of `bytes` when the whole file reads as GBK (GB18030, its superset): the
/// encoding Notepad and older Windows programs save Chinese in.
fn gbk_line(bytes: &[u8], line: usize) -> Option<String> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let shown: String = text
        .lines()
        .nth(line - 1)?
        .trim()
        .chars()
        .take(40)
        .collect();
    Some(shown)
}

/// Turns a serde_yaml error into a diagnostic with the field path, a message from the
/// catalog and, for the common slips, a hint that is valid YAML.
/// `location` is where the parser stopped, when that is in `text` (not for a value checked
/// again after a stand-in was put in: the field's own position is used then).
pub(super) fn yaml_error(
    source: &Source,
    text: &str,
    err: &serde_yaml::Error,
    location: Option<serde_yaml::Location>,
) -> Diagnostic {
    let whole = crate::diag::yaml::strip_positions(&err.to_string());
    let (field, message) = crate::diag::yaml::split_field(&whole);
    let (mut field, message) = (field.to_string(), message.to_string());
    let quoted = |marker: &str| crate::diag::yaml::backticked(&message, marker);
    for marker in ["unknown field `", "missing field `", "duplicate field `"] {
        if let Some(name) = quoted(marker) {
            field = if field.is_empty() {
                name
            } else {
                format!("{field}.{name}")
            };
        }
    }
    let mut diag = source.diag(&field, String::new());
    let exact = source.locator.find(&field).is_some() && !field.is_empty();
    if message.starts_with("unknown field") && exact {
        // The locator points at the misspelt key itself.
    } else if let Some(loc) = location {
        diag.line = loc.line();
        diag.column = loc.column();
    } else if diag.line == 0 {
        // A field missing from the top of the file: the file's first line.
        (diag.line, diag.column) = (1, 1);
    }
    if let Some(key) = quoted("plan key `") {
        // The parser reports the first key of `plans`; the slip is on the key's own line.
        let own = text
            .lines()
            .enumerate()
            .skip(diag.line.saturating_sub(1))
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(key.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            });
        if let Some((n, l)) = own {
            diag.line = n + 1;
            diag.column = l.len() - l.trim_start().len() + 1;
        }
    }
    if crate::diag::yaml::is_syntax_error(&message)
        && let Some((line, column, why, hint)) = super::slips::misindented(text, diag.line)
    {
        diag.line = line;
        diag.column = column;
        diag.message = why;
        diag.hints.push(hint);
        return diag;
    }
    diag.message = crate::diag::yaml::explain(&message, &quoted);
    if message.contains("found unexpected end of stream")
        && let Some((n, column)) = unclosed_quote(text)
    {
        diag.line = n;
        diag.column = column;
    }
    if message.contains("did not find expected ',' or ")
        && let Some(n) = text.lines().position(|l| {
            let l = super::slips::without_comment(l);
            l.matches(['[', '{']).count() > l.matches([']', '}']).count()
        })
    {
        // The parser reports where it gave up (the next line); the bracket opens here.
        diag.line = n + 1;
        diag.column = text
            .lines()
            .nth(n)
            .and_then(|l| l.find(['[', '{']))
            .map_or(1, |b| b + 1);
    }
    let line_text = text.lines().nth(diag.line.saturating_sub(1)).unwrap_or("");
    if line_text.contains('\t') {
        diag.message = crate::tr!("yaml-tab");
    }
    if let Some(hint) = hint(&message, text, diag.line) {
        diag.hints.push(hint);
    }
    diag
}

/// The line and column of a `"` that is opened and never closed (the parser reports the end
/// of the file, a line that does not exist).
fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    let mut open: Option<(usize, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        for (column, c) in line.chars().enumerate() {
            if c == '"' {
                open = match open {
                    Some(_) => None,
                    None => Some((n + 1, column + 1)),
                };
            }
        }
    }
    open
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

/// A one-line hint for the common YAML slips, from the parser's message and the lines around
/// the error; never carrying the line's comment.
fn hint(message: &str, text: &str, line: usize) -> Option<String> {
    use super::slips::{without_comment, yaml_value};
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
            return Some(crate::tr!("yaml-hint-too-far", key = key));
        }
        let (key, value) = here.split_once(": ")?;
        return Some(crate::tr!(
            "yaml-hint-quote",
            line = format!("{key}: {}", yaml_value(without_comment(value)))
        ));
    }
    let quoted = |marker: &str| crate::diag::yaml::backticked(message, marker);
    if let Some(key) = quoted("plan key `") {
        if ROW_FIELDS.contains(&key.as_str()) {
            return Some(crate::tr!("yaml-hint-row-field", key = key));
        }
        // The years written in the key (`2024.6` → 2024, `2023年-2025年` → 2023-2025).
        let years: Vec<&str> = key
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| run.len() == 4)
            .collect();
        let span = match years.as_slice() {
            [year] => (*year).to_string(),
            [first, last] => format!("{first}-{last}"),
            _ => return None,
        };
        let at = here.find(key.as_str())?;
        let line = format!("{}{span}{}", &here[..at], &here[at + key.len()..]);
        return Some(crate::tr!("slip-write-line", line = without_comment(&line)));
    }
    if let Some(key) = quoted("unknown field `") {
        if super::model::YearSpan::parse(&key).is_some() {
            return Some(crate::tr!("yaml-hint-plan-year", key = key));
        }
        let allowed: Vec<&str> = message
            .split_once("expected ")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return match super::slips::closest_key(&key, &allowed) {
            Some(best) => Some(crate::tr!("check-did-you-mean", name = best)),
            None if !allowed.is_empty() => {
                Some(crate::tr!("yaml-hint-allowed", keys = allowed.join(", ")))
            }
            None => None,
        };
    }
    if message.contains("invalid type: string")
        && (message.ends_with("u16") || message.ends_with("u32") || message.ends_with("u64"))
    {
        return numbers_in_a_list(message, here)
            .or_else(|| number_in_words(message, here))
            .or_else(|| Some(crate::tr!("yaml-hint-digits")));
    }
    if message.contains("invalid type: string") && message.ends_with("a sequence") {
        let (key, value) = here.split_once(':')?;
        let value = without_comment(value).trim();
        let name = key.trim_start_matches([' ', '-']);
        let items: Vec<String> = if name == "excluded" {
            // One reason typed as a sentence: the list of feedback it belongs in.
            vec![format!("{{text: {}}}", flow_value(value))]
        } else {
            value
                .split(super::validate::SEPARATORS)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .flat_map(|v| years_of(name, v))
                .map(|v| flow_value(&v))
                .collect()
        };
        return Some(crate::tr!(
            "slip-write-line",
            line = format!("{key}: [{}]", items.join(", "))
        ));
    }
    if message.contains("found character that cannot start any token")
        && let Some((key, value)) = here.split_once(": ")
        && value.trim_start().starts_with(['@', '`', '%'])
    {
        return Some(crate::tr!(
            "slip-write-line",
            line = format!("{key}: {}", yaml_value(without_comment(value)))
        ));
    }
    None
}

/// The text serde_yaml quotes in `invalid type: string "…"`: what was typed.
fn typed_text(message: &str) -> Option<&str> {
    let start = message.find("string \"")? + "string \"".len();
    Some(&message[start..start + message[start..].find('"')?])
}

/// A number list typed with Chinese separators (`[2023，2024]` reads as one text): the line
/// with ordinary commas.
fn numbers_in_a_list(message: &str, here: &str) -> Option<String> {
    let typed = typed_text(message)?;
    let parts: Vec<&str> = typed
        .split(super::validate::SEPARATORS)
        .map(str::trim)
        .collect();
    let numbers = parts.len() > 1 && parts.iter().all(|p| p.parse::<u32>().is_ok());
    (numbers && here.contains(typed)).then(|| {
        let line = here.replacen(typed, &parts.join(", "), 1);
        crate::tr!(
            "slip-write-line",
            line = super::slips::without_comment(&line)
        )
    })
}

/// A whole number typed in Chinese numerals or full-width digits (`seq: 三`, `seq: １２`): the
/// line with the number in digits.
fn number_in_words(message: &str, here: &str) -> Option<String> {
    let typed = typed_text(message)?;
    let number = whole_number(typed.trim())?;
    let (key, value) = here.split_once(": ")?;
    let value = super::slips::without_comment(value);
    (value.trim() == typed)
        .then(|| crate::tr!("slip-write-line", line = format!("{key}: {number}")))
}

/// `三`, `十二` or `１２` as a number (Chinese numerals up to 999, read back through the
/// same writer the templates use, so the two agree).
fn whole_number(typed: &str) -> Option<u64> {
    let digits: Option<String> = typed
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect();
    if let Some(n) = digits.and_then(|d| d.parse().ok()) {
        return Some(n);
    }
    (0..1000).find(|&n| crate::render::filters::zh_number(n) == typed)
}

/// One entry of a list written as text: for `years`, a range (`2023-2026`) as its years.
fn years_of(key: &str, entry: &str) -> Vec<String> {
    match super::model::YearSpan::parse(entry) {
        Some(span) if key == "years" && span.first >= 1000 && span.first <= span.last => {
            (span.first..=span.last).map(|y| y.to_string()).collect()
        }
        _ => vec![entry.to_string()],
    }
}

/// A value as it must be written inside `[…]` or `{…}`: quoted also when it holds a comma or
/// a bracket, which end an entry there.
fn flow_value(value: &str) -> String {
    let plain = super::slips::yaml_value(value);
    if plain.starts_with('"') || !value.contains([',', '[', ']', '{', '}']) {
        plain
    } else {
        super::slips::double_quoted(value)
    }
}

/// A fingerprint of a file's bytes (FNV-1a), to tell whether it changed since it was read.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An item whose `progress` line is `line` as typed.
    fn item(line: &str) -> String {
        format!(
            "seq: 1\ntitle: 事项\nrows:\n  - content: 内容\n    plans:\n      2024: 计划\n{line}\n    lead_dept: 环保处\n"
        )
    }

    /// What a clerk types and pastes: Chinese, ASCII punctuation, tabs, runs of spaces, `#`,
    /// quotes of both kinds, a colon.
    fn typed() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("完成"),
                Just("，"),
                Just(","),
                Just("("),
                Just(")"),
                Just(";"),
                Just(" "),
                Just("  "),
                Just("\t"),
                Just(" #"),
                Just("#"),
                Just("\""),
                Just("'"),
                Just("“"),
                Just(": "),
                Just("2024"),
            ],
            1..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// Severity decides: a file whose problems are all warnings is in the project, with
        /// its text, whatever the warnings are.
        #[test]
        fn a_file_with_only_warnings_is_always_loaded(text in typed(), quoted in any::<bool>()) {
            let value = if quoted {
                serde_yaml::to_string(&text).unwrap_or_default().trim_end().to_string()
            } else {
                text.clone()
            };
            let yaml = item(&format!("    progress: {value}"));
            let mut diags = Diagnostics::default();
            let parsed = parse_bytes::<Item>(Path::new("x.yaml"), FileKind::Item, yaml.as_bytes(), &mut diags);
            if !diags.has_errors() {
                prop_assert!(parsed.is_some(), "{yaml}\n{diags}");
            }
            if parsed.is_some() && !diags.has_errors() && quoted {
                let progress = parsed.unwrap().value.rows[0].progress.clone().unwrap_or_default();
                prop_assert_eq!(progress.trim(), text.trim());
            }
        }
    }

    #[test]
    fn each_kind_of_warning_keeps_its_file() {
        for line in [
            "    progress: 以上汇报,请予审议。",
            "    progress: \"完成\\t需求\"",
            "    progress: 完成  需求",
            "    progress: “完成”",
            "    progress: 已完成 #环境日 活动",
        ] {
            let yaml = item(line);
            let mut diags = Diagnostics::default();
            let parsed = parse_bytes::<Item>(
                Path::new("x.yaml"),
                FileKind::Item,
                yaml.as_bytes(),
                &mut diags,
            );
            assert!(!diags.is_empty() && !diags.has_errors(), "{line}: {diags}");
            assert!(parsed.is_some(), "{line}");
        }
    }
}
