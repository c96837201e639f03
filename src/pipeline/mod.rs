//! Stage 4: the pipeline. Loads, validates, renders, lays out and runs the writers, holding every
//! output in memory; only when all of them succeeded are the files written, all or nothing
//! ([`output`]), and a file whose bytes did not change is left untouched. The PDF and XLSX files
//! are made in parallel; their bytes do not depend on it.

pub mod output;
pub mod parallel;

pub use output::{check_output_folder, write_outputs};

use crate::content::{self, Project};
use crate::date;
use crate::diag::Diagnostics;
use crate::diag::Failure;
use crate::document::Document;
use crate::fonts::FontSet;
use crate::layout::Layout;
use crate::pdf::{self, chunk::Chunk, compose::Meta};
use crate::render::{self, RenderedProject};
use crate::theme::Theme;
use crate::xlsx::{self, XlsxMeta};
use parallel::par_map;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where `build` reads and writes, and the settings the CLI read from the environment (the
/// library reads none itself).
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The content folder.
    pub content: PathBuf,
    /// The templates folder (built-in defaults fill in what it lacks).
    pub templates: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Threads for the writers (`HUIBAO_THREADS`; 1 gives a serial build); None: every core.
    pub threads: Option<usize>,
    /// The timestamp written into PDF and XLSX (`SOURCE_DATE_EPOCH`), overriding the content's.
    pub source_date_epoch: Option<i64>,
}

/// One output file: its name in the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// File name, e.g. `yongan.xlsx`.
    pub name: String,
    /// The complete contents.
    pub bytes: Vec<u8>,
}

/// Every output of a build, made in memory and not yet written.
#[derive(Debug, Clone, Default)]
pub struct Produced {
    /// The files, by name.
    pub files: Vec<OutputFile>,
    /// Time spent per stage.
    pub timings: Timings,
    /// Problems that did not stop the build (content, fonts).
    pub warnings: Diagnostics,
    /// One line saying what the content holds.
    pub summary: String,
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Files written because they changed.
    pub written: Vec<PathBuf>,
    /// Files whose bytes were already right.
    pub unchanged: Vec<PathBuf>,
    /// Files an earlier build wrote that this one no longer makes (a removed annex's).
    pub removed: Vec<PathBuf>,
    /// Time spent per stage.
    pub timings: Timings,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
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

impl Timings {
    /// Each stage's name and time, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 7] {
        [
            ("load", self.load),
            ("validate", self.validate),
            ("render", self.render),
            ("layout", self.layout),
            ("pdf", self.pdf),
            ("xlsx", self.xlsx),
            ("writers wall", self.writers_wall),
        ]
    }
}

/// Produces every output in memory: the markup, the PDFs and the workbooks, with the time
/// each stage took and the warnings found. `check` is this without writing.
pub fn produce(opts: &BuildOptions) -> Result<Produced, Failure> {
    produce_timed(opts)
}

/// A writer job, run on any thread.
enum Job<'a> {
    Pdf {
        name: String,
        parts: Vec<(&'a Layout, &'a Chunk)>,
        outline: Vec<String>,
        title: String,
    },
    Xlsx {
        name: String,
        doc: &'a Document,
        meta: XlsxMeta,
        data: &'a [xlsx::data::DataRow],
    },
    Department {
        name: String,
        meta: XlsxMeta,
        rows: Vec<xlsx::data::DataRow>,
    },
}

fn produce_timed(opts: &BuildOptions) -> Result<Produced, Failure> {
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
    let mut warnings = project.warnings.clone();
    let rendered = render::render(&project, &theme)?;
    t.render = clock.elapsed();

    // Each section document (the report, each annex) is laid out and drawn once.
    let clock = Instant::now();
    let fonts = FontSet::load(&theme).map_err(Failure::Other)?;
    warnings.extend(fonts.warnings.clone());
    check_glyphs(&project, &rendered, &theme, &fonts)?;
    let style = &theme.style;
    let docs: Vec<&Document> = std::iter::once(&rendered.report.document)
        .chain(rendered.annexes.iter().map(|(_, r)| &r.document))
        .collect();
    let sections = par_map(opts.threads, &docs, &fonts, |doc, f| {
        let clock = Instant::now();
        let laid = crate::layout::lay_out(doc, style, f);
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
        opts.source_date_epoch,
        meeting.date.as_deref(),
        meeting.years.first().copied().unwrap_or(2000),
    );
    let mut jobs = vec![Job::Pdf {
        name: "meeting.pdf".into(),
        parts: layouts.iter().zip(&chunks).collect(),
        outline: std::iter::once(meeting.title.clone())
            .chain(
                rendered
                    .annexes
                    .iter()
                    .map(|(a, _)| format!("附件{} {}", a.number, a.title)),
            )
            .collect(),
        title: meeting.title.clone(),
    }];
    // Each annex's data rows, made once: for its workbook and for the departments'.
    let data_rows: Vec<Vec<xlsx::data::DataRow>> = project
        .annexes
        .iter()
        .map(|a| xlsx::data::rows(a, &meeting.years))
        .collect();
    for (i, (annex, r)) in rendered.annexes.iter().enumerate() {
        jobs.push(Job::Pdf {
            name: format!("{}.pdf", r.stem),
            parts: vec![(&layouts[i + 1], &chunks[i + 1])],
            outline: Vec::new(),
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
            data: &data_rows[i],
        });
    }
    if style.xlsx.department_workbooks {
        for (dept, rows) in xlsx::data::by_department(&project.annexes, &data_rows) {
            jobs.push(Job::Department {
                name: format!("departments/{}.xlsx", department_file_stem(&dept)),
                meta: XlsxMeta {
                    title: format!("{dept}：{}", meeting.title),
                    author: meeting.presenter.clone(),
                    time,
                    sheet: style.xlsx.data_sheet.name.clone(),
                },
                rows,
            });
        }
    }
    let clock = Instant::now();
    let results = par_map(opts.threads, &jobs, &fonts, |job, f| match job {
        Job::Pdf {
            name,
            parts,
            outline,
            title,
        } => {
            let meta = Meta {
                title,
                author: &meeting.presenter,
                time: &time,
                rule: style.table.rule,
            };
            (
                true,
                name.clone(),
                pdf::write_pdf(parts, outline, style, f, &meta),
            )
        }
        Job::Xlsx {
            name,
            doc,
            meta,
            data,
        } => (
            false,
            name.clone(),
            xlsx::write_xlsx(doc, style, meta, &meeting.years, data),
        ),
        Job::Department { name, meta, rows } => (
            false,
            name.clone(),
            xlsx::write_department_xlsx(style, meta, &meeting.years, rows),
        ),
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
    warnings.sort();
    Ok(Produced {
        files,
        timings: t,
        warnings,
        summary: project.summary(),
    })
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
    let docs = std::iter::once((&rendered.report, &theme.report.name))
        .chain(rendered.annexes.iter().map(|(_, r)| (r, &theme.annex.name)));
    let mut seen = std::collections::BTreeSet::new();
    for (r, template) in docs {
        for m in crate::fonts::missing_glyphs(&r.document, &theme.style, fonts) {
            if !seen.insert(m.ch) {
                continue;
            }
            let msg = format!(
                "character '{}' (U+{:04X}) is in none of the fonts of role {} ({}): use another character or add a font that has it to the role's chain in style.yaml",
                m.ch.escape_debug(),
                m.ch as u32,
                m.role,
                m.fonts.join(" → ")
            );
            match project.locate_char(m.ch, &msg) {
                Some(d) => diags.push(d),
                None => other.push(format!("{template}: {msg}")),
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

/// A department's name as a file name that is safe on Windows too.
fn department_file_stem(dept: &str) -> String {
    let stem = crate::content::scaffold::file_stem(dept);
    if stem.is_empty() {
        "部门".to_string()
    } else {
        stem
    }
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

/// The whole pipeline: produces everything, then writes the files.
pub fn run(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let produced = produce_timed(opts)?;
    write(opts, produced)
}

/// Writes what [`produce`] made into the output folder, all or nothing, after checking that the
/// folder is not inside the content or templates.
pub fn write(opts: &BuildOptions, produced: Produced) -> Result<BuildReport, Failure> {
    check_output_folder(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    )?;
    let mut report = write_outputs(&opts.output, &produced.files)?;
    report.timings = produced.timings;
    report.warnings = produced.warnings;
    Ok(report)
}
