//! Stage 4: build. Loads, validates, renders and runs the writers, holding every output in
//! memory; only when all of them succeeded are the files written, each atomically (a
//! temporary file in the same folder, then a rename), and a file whose bytes did not change is
//! left untouched.

use crate::commands::Failure;
use crate::content::{self, Project};
use crate::date;
use crate::diag::Diagnostics;
use crate::pdf::{self, fonts::FontSet, PdfMeta};
use crate::render::document::Document;
use crate::render::{self, RenderedProject};
use crate::theme::Theme;
use crate::xlsx::{self, XlsxMeta};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where `build` reads and writes.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The content folder.
    pub content: PathBuf,
    /// The templates folder (built-in defaults fill in what it lacks).
    pub templates: PathBuf,
    /// The output folder.
    pub output: PathBuf,
}

/// One output file: its name in the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// File name, e.g. `yongan.xlsx`.
    pub name: String,
    /// The complete contents.
    pub bytes: Vec<u8>,
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Files written because they changed.
    pub written: Vec<PathBuf>,
    /// Files whose bytes were already right.
    pub unchanged: Vec<PathBuf>,
}

/// Produces every output in memory: the markup, the PDFs and the workbooks.
pub fn produce(opts: &BuildOptions) -> Result<Vec<OutputFile>, Failure> {
    let project = content::load(&opts.content)?;
    let theme = Theme::load(&opts.templates).map_err(Failure::Other)?;
    let rendered = render::render(&project, &theme)?;
    let fonts = FontSet::load(&theme).map_err(Failure::Other)?;
    check_glyphs(&project, &rendered, &theme, &fonts)?;
    let meeting = &project.meeting.value;
    let time = date::build_time(
        meeting.date.as_deref(),
        meeting.years.first().copied().unwrap_or(2000),
    );
    let mut files = markup_files(&rendered);
    let full = Document {
        sections: std::iter::once(&rendered.report)
            .chain(rendered.annexes.iter().map(|(_, r)| r))
            .flat_map(|r| r.document.sections.iter().cloned())
            .collect(),
    };
    let meta = |title: &str| PdfMeta {
        title: title.to_string(),
        author: meeting.presenter.clone(),
        time,
    };
    files.push(OutputFile {
        name: "meeting.pdf".into(),
        bytes: pdf::write_pdf(&full, &theme.style, &fonts, &meta(&meeting.title))
            .map_err(Failure::Other)?,
    });
    for (annex, r) in &rendered.annexes {
        files.push(OutputFile {
            name: format!("{}.pdf", r.stem),
            bytes: pdf::write_pdf(&r.document, &theme.style, &fonts, &meta(&annex.title))
                .map_err(Failure::Other)?,
        });
        let xmeta = XlsxMeta {
            title: annex.title.clone(),
            author: meeting.presenter.clone(),
            time,
            sheet: format!("附件{}", annex.number),
        };
        files.push(OutputFile {
            name: format!("{}.xlsx", r.stem),
            bytes: xlsx::write_xlsx(&r.document, &theme.style, &xmeta).map_err(Failure::Other)?,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// A character no configured font can draw is an error naming the character and where it
/// comes from: the content file, line and field, or else the template.
fn check_glyphs(
    project: &Project,
    rendered: &RenderedProject,
    theme: &Theme,
    fonts: &FontSet,
) -> Result<(), Failure> {
    let mut diags = Diagnostics::default();
    let mut other = Vec::new();
    let docs = std::iter::once(&rendered.report).chain(rendered.annexes.iter().map(|(_, r)| r));
    let mut seen = std::collections::BTreeSet::new();
    for r in docs {
        for m in pdf::missing_glyphs(&r.document, &theme.style, fonts) {
            if !seen.insert(m.ch) {
                continue;
            }
            let msg = format!(
                "character '{}' (U+{:04X}) is not in font `{}` (role {}): use another character or name a font that has it in style.yaml",
                m.ch, m.ch as u32, m.font, m.role
            );
            match project.locate_char(m.ch, &msg) {
                Some(d) => diags.push(d),
                None => other.push(format!("{}: {msg}", theme.report.name)),
            }
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(Failure::Invalid(diags));
    }
    if !other.is_empty() {
        return Err(Failure::Other(other.join("\n")));
    }
    Ok(())
}

fn markup_files(rendered: &RenderedProject) -> Vec<OutputFile> {
    std::iter::once(&rendered.report)
        .chain(rendered.annexes.iter().map(|(_, r)| r))
        .map(|r| OutputFile {
            name: format!("{}.html", r.stem),
            bytes: r.markup.clone().into_bytes(),
        })
        .collect()
}

/// `huibao build`: produces everything, then writes the files.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let files = produce(opts)?;
    write_outputs(&opts.output, &files)
}

/// Writes each file atomically, skipping files whose bytes are unchanged.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<BuildReport, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Other(format!("{}: cannot create: {e}", dir.display())))?;
    let mut report = BuildReport::default();
    for file in files {
        let path = dir.join(&file.name);
        if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
            report.unchanged.push(path);
            continue;
        }
        write_atomically(&path, &file.bytes)
            .map_err(|e| Failure::Other(format!("{}: cannot write: {e}", path.display())))?;
        report.written.push(path);
    }
    Ok(report)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".huibao-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // A temporary file is private; an output file gets the permissions of the file it
    // replaces, or the usual ones for a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}
