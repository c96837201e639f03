//! Stage 4: build. Loads, validates, renders and runs the writers, holding every output in
//! memory; only when all of them succeeded are the files written, each atomically (a
//! temporary file in the same folder, then a rename), and a file whose bytes did not change is
//! left untouched.

use crate::commands::Failure;
use crate::content;
use crate::render::{self, RenderedProject};
use crate::theme::Theme;
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

/// Produces every output in memory: the markup, and the writers' files.
pub fn produce(opts: &BuildOptions) -> Result<Vec<OutputFile>, Failure> {
    let project = content::load(&opts.content)?;
    let theme = Theme::load(&opts.templates).map_err(Failure::Other)?;
    let rendered = render::render(&project, &theme)?;
    Ok(markup_files(&rendered))
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
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
