//! Stage 4: build. Loads, validates, renders, lays out and runs the writers, holding every
//! output in memory; only when all of them succeeded are the files written, each atomically
//! (a temporary file in the same folder, then a rename), and a file whose bytes did not
//! change is left untouched. The PDF and XLSX files are made in parallel; their bytes do not
//! depend on it.

use crate::commands::Failure;
use crate::content::{self, Project};
use crate::date;
use crate::diag::Diagnostics;
use crate::layout::Layout;
use crate::pdf::{self, chunk::Chunk, compose::Meta, fonts::FontSet};
use crate::render::document::Document;
use crate::render::{self, RenderedProject};
use crate::theme::Theme;
use crate::xlsx::{self, XlsxMeta};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// Time spent per stage.
    pub timings: Timings,
}

/// Time per stage. PDF and XLSX run in parallel: theirs is the sum over their files.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Finding and parsing content files.
    pub load: Duration,
    /// Semantic checks.
    pub validate: Duration,
    /// Templates to documents.
    pub render: Duration,
    /// Line breaking and pagination (sum over sections, which run in parallel).
    pub layout: Duration,
    /// Drawing sections and composing the PDFs (sum over files).
    pub pdf: Duration,
    /// Writing the workbooks (sum over files).
    pub xlsx: Duration,
    /// Wall time of layout, PDF and XLSX together.
    pub writers_wall: Duration,
}

/// Produces every output in memory: the markup, the PDFs and the workbooks.
pub fn produce(opts: &BuildOptions) -> Result<Vec<OutputFile>, Failure> {
    produce_timed(opts).map(|(files, _)| files)
}

/// A writer job, run on any thread.
enum Job<'a> {
    Pdf {
        name: String,
        parts: Vec<(&'a Layout, &'a Chunk)>,
        title: String,
    },
    Xlsx {
        name: String,
        doc: &'a Document,
        meta: XlsxMeta,
    },
}

/// [`produce`], with the time each stage took.
pub fn produce_timed(opts: &BuildOptions) -> Result<(Vec<OutputFile>, Timings), Failure> {
    let mut t = Timings::default();
    let clock = Instant::now();
    let mut diags = Diagnostics::default();
    let raw = content::load::parse_tree(&opts.content, &mut diags);
    t.load = clock.elapsed();
    let clock = Instant::now();
    content::validate::validate(&raw, &mut diags);
    let project = content::assemble(&opts.content, raw, diags)?;
    t.validate = clock.elapsed();

    let clock = Instant::now();
    let theme = Theme::load(&opts.templates).map_err(Failure::Other)?;
    let rendered = render::render(&project, &theme)?;
    t.render = clock.elapsed();

    // Each section document (the report, each annex) is laid out and drawn once.
    let clock = Instant::now();
    let fonts = FontSet::load(&theme).map_err(Failure::Other)?;
    check_glyphs(&project, &rendered, &theme, &fonts)?;
    let style = &theme.style;
    let docs: Vec<&Document> = std::iter::once(&rendered.report.document)
        .chain(rendered.annexes.iter().map(|(_, r)| &r.document))
        .collect();
    let sections = par_map(&docs, &fonts, |doc, f| {
        let clock = Instant::now();
        let laid = pdf::layout(doc, style, f);
        let layout_time = clock.elapsed();
        let chunk = pdf::render_chunk(&laid, style, f);
        (laid, chunk, layout_time)
    });
    t.writers_wall = clock.elapsed();
    let mut layouts = Vec::with_capacity(sections.len());
    let mut chunks = Vec::with_capacity(sections.len());
    for ((laid, chunk, layout_time), spent) in sections {
        t.layout += layout_time;
        t.pdf += spent - layout_time;
        layouts.push(laid);
        chunks.push(chunk.map_err(Failure::Other)?);
    }

    let meeting = &project.meeting.value;
    let time = date::build_time(
        meeting.date.as_deref(),
        meeting.years.first().copied().unwrap_or(2000),
    );
    let mut jobs = vec![Job::Pdf {
        name: "meeting.pdf".into(),
        parts: layouts.iter().zip(&chunks).collect(),
        title: meeting.title.clone(),
    }];
    for (i, (annex, r)) in rendered.annexes.iter().enumerate() {
        jobs.push(Job::Pdf {
            name: format!("{}.pdf", r.stem),
            parts: vec![(&layouts[i + 1], &chunks[i + 1])],
            title: annex.title.clone(),
        });
        jobs.push(Job::Xlsx {
            name: format!("{}.xlsx", r.stem),
            doc: &r.document,
            meta: XlsxMeta {
                title: annex.title.clone(),
                author: meeting.presenter.clone(),
                time,
                sheet: format!("附件{}", annex.number),
            },
        });
    }
    let clock = Instant::now();
    let results = par_map(&jobs, &fonts, |job, f| match job {
        Job::Pdf { name, parts, title } => {
            let meta = Meta {
                title,
                author: &meeting.presenter,
                time: &time,
                rule: style.table.rule,
            };
            (true, name.clone(), pdf::write_pdf(parts, style, f, &meta))
        }
        Job::Xlsx { name, doc, meta } => (false, name.clone(), xlsx::write_xlsx(doc, style, meta)),
    });
    t.writers_wall += clock.elapsed();

    let mut files = markup_files(&rendered);
    for ((is_pdf, name, bytes), spent) in results {
        if is_pdf {
            t.pdf += spent;
        } else {
            t.xlsx += spent;
        }
        files.push(OutputFile {
            name,
            bytes: bytes.map_err(Failure::Other)?,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((files, t))
}

/// How many threads the writers use: `HUIBAO_THREADS` when set (1 gives a serial build),
/// else the number of cores.
fn thread_count() -> usize {
    std::env::var("HUIBAO_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `f` over `items` on up to [`thread_count`] threads, each thread with its own fork of
/// the fonts. Results come back in the order of `items`, with the time each took.
fn par_map<T: Sync, R: Send>(
    items: &[T],
    fonts: &FontSet,
    f: impl Fn(&T, &FontSet) -> R + Sync,
) -> Vec<(R, Duration)> {
    let threads = thread_count().min(items.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R, Duration)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let local = fonts.fork();
                let (next, f) = (&next, &f);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let clock = Instant::now();
                        let r = f(item, &local);
                        done.push((i, r, clock.elapsed()));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    out.sort_by_key(|(i, _, _)| *i);
    out.into_iter().map(|(_, r, d)| (r, d)).collect()
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
    let (files, timings) = produce_timed(opts)?;
    let mut report = write_outputs(&opts.output, &files)?;
    report.timings = timings;
    Ok(report)
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
