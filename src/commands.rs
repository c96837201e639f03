//! What each subcommand does; `main.rs` only parses arguments and calls these.

use crate::content;
use std::fmt::Write as _;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

pub use crate::diag::Failure;
use crate::diag::{Diagnostics, escape_controls};

/// What a successful command says: its message (stdout) and the warnings it found (stderr).
#[derive(Debug, Default)]
pub struct Outcome {
    /// What it did, for stdout.
    pub message: String,
    /// Problems that did not stop it.
    pub warnings: Diagnostics,
}

impl From<String> for Outcome {
    fn from(message: String) -> Self {
        Outcome {
            message,
            warnings: Diagnostics::default(),
        }
    }
}

/// What the CLI read from the environment: the library reads no variable itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Environment {
    /// `HUIBAO_THREADS`: threads for the writers (1 gives a serial build).
    pub threads: Option<usize>,
    /// `SOURCE_DATE_EPOCH`: the timestamp written into PDF and XLSX.
    pub source_date_epoch: Option<i64>,
}

/// The build options for a content folder and an optional templates folder the user named
/// (which must exist; without one, `templates` is used when present, else the built-in files).
fn options(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    env: Environment,
) -> Result<crate::pipeline::BuildOptions, Failure> {
    if let Some(dir) = templates.filter(|d| !d.is_dir()) {
        return Err(Failure::Other(format!(
            "{}: templates folder not found (leave out --templates to use the built-in templates)",
            dir.display()
        )));
    }
    Ok(crate::pipeline::BuildOptions {
        content: content.to_path_buf(),
        templates: templates.unwrap_or(Path::new("templates")).to_path_buf(),
        output: output.to_path_buf(),
        threads: env.threads,
        source_date_epoch: env.source_date_epoch,
    })
}

/// `huibao build`: writes every output; returns what it did and the warnings found.
pub fn build(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    timings: bool,
    deny_warnings: bool,
    env: Environment,
) -> Result<Outcome, Failure> {
    let opts = &options(content, templates, output, env)?;
    crate::pipeline::check_output_folder(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    )?;
    let produced = crate::pipeline::produce(opts)?;
    if deny_warnings && !produced.warnings.is_empty() {
        return Err(Failure::Denied(produced.warnings));
    }
    let report = crate::pipeline::write(opts, produced)?;
    let mut out = String::new();
    for p in &report.written {
        let _ = writeln!(out, "wrote {}", p.display());
    }
    for p in &report.removed {
        let _ = writeln!(out, "removed {} (no longer built)", p.display());
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
    Ok(Outcome {
        message: out,
        warnings: report.warnings,
    })
}

/// `huibao init DIR`: writes a starter project.
pub fn init(dir: &Path) -> Result<Outcome, Failure> {
    let written = crate::theme::init(dir).map_err(Failure::Other)?;
    Ok(Outcome::from(format!(
        "wrote {} files into {}; build it with: cd {} && huibao build",
        written.len(),
        dir.display(),
        dir.display()
    )))
}

/// `huibao check`: everything `build` does short of writing (content, prose, templates,
/// style, fonts, layout and both writers), so content that checks also builds; returns a
/// one-line summary and the warnings.
pub fn check(
    content_dir: &Path,
    templates: Option<&Path>,
    deny_warnings: bool,
    env: Environment,
) -> Result<Outcome, Failure> {
    let opts = options(content_dir, templates, Path::new("output"), env)?;
    let produced = crate::pipeline::produce(&opts)?;
    if deny_warnings && !produced.warnings.is_empty() {
        return Err(Failure::Denied(produced.warnings));
    }
    Ok(Outcome {
        message: produced.summary,
        warnings: produced.warnings,
    })
}

/// `huibao list`: a terminal table of annexes, items, rows and exclusions.
pub fn list(content_dir: &Path) -> Result<Outcome, Failure> {
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
            escape_controls(&meta.partner),
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
                escape_controls(&v.title).to_string(),
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
    out.push_str(&project.summary());
    Ok(Outcome {
        message: out,
        warnings: project.warnings,
    })
}

/// Pads columns by display width, so CJK text lines up in a terminal.
fn format_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(std::vec::Vec::len).max().unwrap_or(0);
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

/// `huibao fonts`: each role's font chain, where each font comes from, and how much of CJK the
/// chain covers (Unified Ideographs U+4E00–U+9FFF and Extension A U+3400–U+4DBF).
pub fn fonts(templates: Option<&Path>) -> Result<Outcome, Failure> {
    let dir = templates.unwrap_or(Path::new("templates"));
    let theme = crate::theme::Theme::load(dir).map_err(Failure::Other)?;
    let fonts = crate::fonts::FontSet::load(&theme).map_err(Failure::Other)?;
    let style = &theme.style;
    let mut out = String::new();
    let mut table = vec![vec![
        "font".to_string(),
        "from".to_string(),
        "URO".to_string(),
        "Ext A".to_string(),
    ]];
    let count = |ids: &[usize], range: std::ops::RangeInclusive<u32>| {
        range
            .filter_map(char::from_u32)
            .filter(|&c| ids.iter().any(|&i| fonts.lookup(i, c).is_some()))
            .count()
    };
    for (i, name) in fonts.names.iter().enumerate() {
        let spec = &style.fonts[name];
        let from = match (&spec.system, &spec.file) {
            (Some(family), Some(file)) => format!("installed {family}, else {file}"),
            (Some(family), None) => format!("installed {family}"),
            (None, Some(file)) => file.clone(),
            (None, None) => String::new(),
        };
        table.push(vec![
            name.clone(),
            from,
            count(&[i], 0x4E00..=0x9FFF).to_string(),
            count(&[i], 0x3400..=0x4DBF).to_string(),
        ]);
    }
    out.push_str(&format_table(&table));
    out.push('\n');
    let mut roles = vec![vec![
        "role".to_string(),
        "chain".to_string(),
        "URO".to_string(),
        "Ext A".to_string(),
    ]];
    for (name, role) in &style.roles {
        let ids = crate::fonts::chain_ids(&fonts.names, &role.font);
        roles.push(vec![
            name.clone(),
            role.font.join(" → "),
            format!("{}/20992", count(&ids, 0x4E00..=0x9FFF)),
            format!("{}/6592", count(&ids, 0x3400..=0x4DBF)),
        ]);
    }
    out.push_str(&format_table(&roles));
    Ok(Outcome {
        message: out.trim_end().to_string(),
        warnings: fonts.warnings.clone(),
    })
}

/// `huibao new`: the next item file of an annex, or (`annex_folder`) a new annex folder.
pub fn new(
    content_dir: &Path,
    annex: &str,
    title: &str,
    annex_folder: bool,
) -> Result<Outcome, Failure> {
    let written = if annex_folder {
        crate::content::scaffold::new_annex(content_dir, annex, title)
    } else {
        crate::content::scaffold::new_item(content_dir, annex, title)
    }
    .map_err(Failure::Other)?;
    Ok(Outcome::from(format!(
        "wrote {}: fill it in, then run huibao check",
        written.display()
    )))
}
