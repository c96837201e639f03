//! What each subcommand does; `main.rs` only parses arguments and calls these.

use crate::content::{self, Project};
use crate::diag::Diagnostics;
use std::fmt::Write as _;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Why a command failed: bad input (reported as diagnostics) or another error.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's files.
    Invalid(Diagnostics),
    /// Anything else (I/O, a template that cannot be read, …), already worded for the user.
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Invalid(d) => write!(f, "{d}"),
            Failure::Other(s) => write!(f, "error: {s}"),
        }
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Invalid(d)
    }
}

/// `huibao build`: writes every output; returns what it did. A templates folder the user
/// named must exist; without one, `templates` is used when present, else the built-in files.
pub fn build(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    timings: bool,
) -> Result<String, Failure> {
    if let Some(dir) = templates.filter(|d| !d.is_dir()) {
        return Err(Failure::Other(format!(
            "{}: templates folder not found (leave out --templates to use the built-in templates)",
            dir.display()
        )));
    }
    let opts = crate::build::BuildOptions {
        content: content.to_path_buf(),
        templates: templates.unwrap_or(Path::new("templates")).to_path_buf(),
        output: output.to_path_buf(),
    };
    let opts = &opts;
    let report = crate::build::build(opts)?;
    let mut out = String::new();
    for p in &report.written {
        let _ = writeln!(out, "wrote {}", p.display());
    }
    let _ = write!(
        out,
        "{} files written, {} unchanged in {}",
        report.written.len(),
        report.unchanged.len(),
        opts.output.display()
    );
    if timings {
        let stages: Vec<String> = report
            .timings
            .stages()
            .iter()
            .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1000.0))
            .collect();
        let _ = write!(out, "\n{}", stages.join(", "));
    }
    Ok(out)
}

/// `huibao init DIR`: writes a starter project.
pub fn init(dir: &Path) -> Result<String, Failure> {
    let written = crate::theme::init(dir).map_err(Failure::Other)?;
    Ok(format!(
        "wrote {} files into {}; build it with: cd {} && huibao build",
        written.len(),
        dir.display(),
        dir.display()
    ))
}

/// `huibao check`: loads and validates (prose expressions included); returns a one-line
/// summary.
pub fn check(content_dir: &Path) -> Result<String, Failure> {
    let project = content::load(content_dir)?;
    crate::render::check_prose(&project)?;
    Ok(summary(&project))
}

/// One line saying what the content holds.
pub fn summary(project: &Project) -> String {
    let rows: usize = project
        .annexes
        .iter()
        .flat_map(|a| &a.items)
        .map(|i| i.value.rows.len())
        .sum();
    format!(
        "{} is valid: {} annexes, {} items, {} rows",
        project.root.display(),
        project.annexes.len(),
        project.item_count(),
        rows
    )
}

/// `huibao list`: a terminal table of annexes, items, rows and exclusions.
pub fn list(content_dir: &Path) -> Result<String, Failure> {
    let project = content::load(content_dir)?;
    let mut out = String::new();
    for annex in &project.annexes {
        let meta = &annex.meta.value;
        let rows: usize = annex.items.iter().map(|i| i.value.rows.len()).sum();
        let excluded = annex.items.iter().filter(|i| i.value.is_excluded()).count();
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "附件{} {}  {}: {} items, {} rows, {} excluded",
            meta.number,
            meta.partner,
            annex.dir.display(),
            annex.items.len(),
            rows,
            excluded
        );
        let mut table = vec![vec![
            "序号".to_string(),
            "事项".to_string(),
            "行".to_string(),
            "状态".to_string(),
            "文件".to_string(),
        ]];
        for item in &annex.items {
            let v = &item.value;
            table.push(vec![
                v.seq.to_string(),
                v.title.clone(),
                v.rows.len().to_string(),
                if v.is_excluded() {
                    "不纳入"
                } else {
                    "纳入"
                }
                .to_string(),
                item.source
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            ]);
        }
        out.push_str(&format_table(&table));
        out.push('\n');
    }
    out.push_str(&summary(&project));
    Ok(out)
}

/// Pads columns by display width, so CJK text lines up in a terminal.
fn format_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        out.push_str("  ");
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                out.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push('\n');
    }
    out
}
