//! Diagnostics: problems found in user input, each pointing at a file, line, column and field.
//!
//! Every stage collects problems instead of stopping at the first, so one run shows the user
//! everything that needs fixing (as Zola and rustc do).

use std::fmt;
use std::path::{Path, PathBuf};

pub mod snippet;
pub mod yaml;

/// How bad a problem is: errors stop the build, warnings are printed and counted (and stop it
/// only with `--deny-warnings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be built as it is.
    #[default]
    Error,
    /// The input builds, but probably not as meant.
    Warning,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it (relative to where huibao was run).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// The field path (`rows[1].plans.2024`) with its Chinese label, or empty.
    pub field: String,
    /// What is wrong, and where possible what to do.
    pub message: String,
    /// Likely fixes, each printed on a line of its own after the message.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no line).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            field: String::new(),
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// The same problem as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem with a hint of the likely fix.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", shown(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        if self.field.is_empty() {
            write!(f, ": {}", escape_controls(&self.message))?;
        } else {
            write!(
                f,
                ": {}: {}",
                escape_controls(&self.field),
                escape_controls(&self.message)
            )?;
        }
        for hint in &self.hints {
            write!(
                f,
                "\n  {}",
                crate::tr!("diag-hint", hint = escape_controls(hint))
            )?;
        }
        Ok(())
    }
}

/// `text` with control characters (an ESC sequence in a title, C1 controls) and invisible
/// direction controls (U+202E turns what follows around on screen) shown as `\u{1b}`, so
/// printing a message or a path never drives the terminal nor hides what it says; line breaks
/// and tabs stay. Everything huibao prints goes through this.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_format_control(c);
    if !text.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if is_control(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A path as text for a terminal: [`escape_controls`] of its display form, and line breaks
/// and tabs escaped too (a path is one line).
pub fn shown(path: &Path) -> String {
    escape_line(&path.display().to_string())
}

/// `text` that must stay on one line (a name, a path): [`escape_controls`], and line breaks
/// and tabs escaped too.
pub fn escape_line(text: &str) -> String {
    escape_controls(text)
        .replace('\n', "\\u{a}")
        .replace('\t', "\\u{9}")
}

/// Invisible direction and format controls (U+202E reverses what follows on screen), and
/// the line and paragraph separators that end a line in some programs but not in others.
pub fn is_format_control(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A JSON line with the invisible direction and format controls (U+202E in a file name)
/// written as `\uXXXX` escapes: the same JSON value, but nothing a terminal or an editor
/// would turn around. They can only stand inside strings, where the escape is valid.
fn json_escaped(line: &str) -> String {
    line.chars()
        .map(|c| {
            if is_format_control(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// All problems of a run, in a stable order (by file, then line).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when nothing was found, not even a warning.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems, warnings included.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorts by file, line and column so that output does not depend on discovery order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.field, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.field, b.severity, &b.message))
        });
        self.0.dedup();
    }

    /// Every problem, one per line (`error: …` / `warning: …`), without the count.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&format!("{}: {d}\n", severity_word(d.severity)));
        }
        out
    }

    /// Every problem as one JSON object a line, for tools and editors: `severity`, `file`,
    /// `line`, `column`, `field`, `message`, `hints`.
    pub fn json_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            let value = serde_json::json!({
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "file": d.file.display().to_string(),
                "line": d.line,
                "column": d.column,
                "field": d.field,
                "message": d.message,
                "hints": d.hints,
            });
            out.push_str(&json_escaped(&value.to_string()));
            out.push('\n');
        }
        out
    }

    /// The closing count: `2 problems in 1 file, 1 warning`.
    pub fn count(&self) -> String {
        let errors: Vec<&Diagnostic> = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let warnings = self.warnings().count();
        let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.file).collect();
        if errors.is_empty() {
            return crate::tr!("diag-count-warnings", warnings = warnings);
        }
        if warnings == 0 {
            return crate::tr!("diag-count", problems = errors.len(), files = files.len());
        }
        crate::tr!(
            "diag-count-and-warnings",
            problems = errors.len(),
            files = files.len(),
            warnings = warnings
        )
    }
}

/// `error` or `warning`, in the user's language, as the first word of a problem's line.
pub fn severity_word(severity: Severity) -> String {
    match severity {
        Severity::Error => crate::tr!("diag-error"),
        Severity::Warning => crate::tr!("diag-warning"),
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.lines(), self.count())
    }
}

/// Why a command failed: bad input (reported as diagnostics) or another error.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's files (errors, and the warnings found with them).
    Invalid(Diagnostics),
    /// Anything else (I/O, a template that cannot be read, …), already worded for the user.
    Other(String),
    /// Only warnings, but the user asked for them to fail the run (`--deny-warnings`).
    Denied(Diagnostics),
}

impl Failure {
    /// The failure as JSON lines: the diagnostics, or one error object for any other failure.
    pub fn json_lines(&self) -> String {
        match self {
            Failure::Invalid(d) | Failure::Denied(d) => d.json_lines(),
            Failure::Other(message) => {
                let mut line = json_escaped(
                    &serde_json::json!({
                        "severity": "error",
                        "file": "",
                        "line": 0,
                        "column": 0,
                        "field": "",
                        "message": message,
                        "hints": [],
                    })
                    .to_string(),
                );
                line.push('\n');
                line
            }
        }
    }
}

impl Failure {
    /// The failure as a person reads it: each problem with its source line and a caret (see
    /// [`snippet`]), in colour when `colour`.
    pub fn render(&self, colour: bool) -> Vec<u8> {
        match self {
            Failure::Invalid(d) => snippet::render(d, colour),
            Failure::Denied(d) => {
                let mut out = snippet::render(d, colour);
                out.extend_from_slice(denied().as_bytes());
                out
            }
            Failure::Other(_) => self.to_string().into_bytes(),
        }
    }
}

/// What `--deny-warnings` adds after the warnings.
fn denied() -> String {
    format!(
        "\n{}: {}",
        severity_word(Severity::Error),
        crate::tr!("diag-denied")
    )
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Invalid(d) => write!(f, "{d}"),
            Failure::Other(s) => write!(
                f,
                "{}: {}",
                severity_word(Severity::Error),
                escape_controls(s)
            ),
            Failure::Denied(d) => write!(f, "{d}{}", denied()),
        }
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Invalid(d)
    }
}

impl std::error::Error for Diagnostics {}
