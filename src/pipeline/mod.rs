//! Stage 4: the pipeline. Loads, validates, renders, lays out and runs the writers, holding every
//! output in memory; only when all of them succeeded are the files written, all or nothing
//! ([`output`]), and a file whose bytes did not change is left untouched. The PDF and XLSX files
//! are made in parallel; their bytes do not depend on it.

pub mod output;
pub mod parallel;
pub mod progress;

pub use output::{check_output_folder, write_outputs};
pub use progress::Progress;

use crate::content::{self, Project, names};
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
    /// Where the build reports how far it has got (a progress bar), or nowhere.
    pub progress: Progress,
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
    produce_timed(opts, &mut Cache::default())
}

/// What a long-running session (`huibao watch`) keeps from one build to the next, so an edit
/// re-lays only the sections whose markup changed: the fonts (until the templates change) and
/// each section's layout and drawn pages, by the markup they were made from.
#[derive(Default)]
pub struct Cache {
    fonts: Option<FontSet>,
    sections: std::collections::HashMap<u64, (Layout, Chunk)>,
    /// Output files by name, with the key of what they were made from (only for a session).
    files: Option<std::collections::HashMap<String, (u64, Vec<u8>)>>,
}

impl Cache {
    /// A cache for a session of many builds: it also keeps every output file, so a workbook
    /// or PDF whose inputs did not change is not made again.
    pub fn for_session() -> Cache {
        Cache {
            files: Some(Default::default()),
            ..Cache::default()
        }
    }

    /// Forgets everything: the templates (fonts, style) changed.
    pub fn clear(&mut self) {
        let session = self.files.is_some();
        *self = if session {
            Cache::for_session()
        } else {
            Cache::default()
        };
    }

    /// How many sections are kept (for tests: an edit to one annex re-lays only it and the
    /// report).
    pub fn sections(&self) -> usize {
        self.sections.len()
    }
}

/// A stable-within-the-process key of what an output is made from.
fn key_of(parts: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// The key of a writer job's inputs: equal keys give equal bytes.
fn job_key(job: &Job) -> u64 {
    match job {
        Job::Pdf {
            name,
            parts,
            outline,
            title,
        } => {
            let prints: Vec<&[u8; 16]> = parts.iter().map(|(_, c)| &c.fingerprint).collect();
            key_of(&(name, prints, outline, title))
        }
        Job::Xlsx {
            name,
            markup,
            meta,
            data,
            ..
        } => key_of(&(name, markup, format!("{meta:?}"), data)),
        Job::Department {
            name,
            meta,
            rows,
            markups,
            ..
        } => key_of(&(name, format!("{meta:?}"), rows, markups)),
    }
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
        markup: &'a str,
        meta: XlsxMeta,
        data: &'a [xlsx::data::DataRow],
    },
    Department {
        name: String,
        meta: XlsxMeta,
        /// Its rows and its role in each.
        rows: Vec<(&'a xlsx::data::DataRow, &'static str)>,
        /// A print sheet per annex the department has rows in.
        prints: Vec<DepartmentPrint<'a>>,
        /// The markup of those annexes (what the print sheets were cut from), for the key.
        markups: Vec<&'a str>,
    },
}

/// [`produce`] with what `cache` holds from earlier builds (updated for the next one).
pub fn produce_with(opts: &BuildOptions, cache: &mut Cache) -> Result<Produced, Failure> {
    produce_timed(opts, cache)
}

fn produce_timed(opts: &BuildOptions, cache: &mut Cache) -> Result<Produced, Failure> {
    // A swap a killed build or import left is settled before anything is read.
    for dir in [&opts.content, &opts.output] {
        crate::transaction::recover_if_interrupted(dir).map_err(Failure::Other)?;
    }
    let mut t = Timings::default();
    let clock = Instant::now();
    let mut diags = Diagnostics::default();
    opts.progress.stage("reading content", 0);
    let raw = content::load::parse_tree(&opts.content, &mut diags);
    t.load = clock.elapsed();
    let clock = Instant::now();
    content::validate::validate(&raw, &mut diags);
    let mut project = content::assemble(&opts.content, raw, diags)?;
    t.validate = clock.elapsed();

    let clock = Instant::now();
    opts.progress.stage("rendering", 0);
    let theme = Theme::load(&opts.templates).map_err(Failure::Other)?;
    let mut warnings = project.warnings.clone();
    let rendered = render::render(&project, &theme)?;
    t.render = clock.elapsed();

    // Each section document (the report, each annex) is laid out and drawn once.
    let clock = Instant::now();
    let fonts = match cache.fonts.take() {
        Some(fonts) => fonts,
        None => FontSet::load(&theme).map_err(Failure::Other)?,
    };
    let fonts = &*cache.fonts.insert(fonts);
    warnings.extend(fonts.warnings.clone());
    check_glyphs(&project, &rendered, &theme, fonts)?;
    // Positions were for the messages about content; the writers need none.
    project.forget_positions();
    // Checking the glyphs read every fallback font a character needs.
    let problems = fonts.problems();
    if !problems.is_empty() {
        return Err(Failure::Other(problems.join("\n")));
    }
    let style = &theme.style;
    let sections: Vec<&render::Rendered> = std::iter::once(&rendered.report)
        .chain(rendered.annexes.iter().map(|(_, r)| r))
        .collect();
    let keys: Vec<u64> = sections.iter().map(|r| key_of(&r.markup)).collect();
    // Sections not laid out before (all of them, outside watch).
    let mut todo: Vec<(u64, &Document)> = Vec::new();
    for (key, r) in keys.iter().zip(&sections) {
        if !cache.sections.contains_key(key) && !todo.iter().any(|(k, _)| k == key) {
            todo.push((*key, &r.document));
        }
    }
    let counter = opts.progress.counter("laying out", todo.len());
    let drawn = par_map(opts.threads, &todo, fonts, |(_, doc), f| {
        let clock = Instant::now();
        let laid = crate::layout::lay_out(doc, style, f);
        let layout_time = clock.elapsed();
        let chunk = pdf::render_chunk(&laid, style, f);
        counter.step();
        // Drawn, a section's runs are no longer needed (composing uses only the page sizes):
        // freeing them here keeps a long annex's glyph runs from staying in memory.
        let mut laid = laid;
        for page in &mut laid.pages {
            page.items = Vec::new();
        }
        (laid, chunk, layout_time)
    });
    t.writers_wall = clock.elapsed();
    cache.sections.retain(|k, _| keys.contains(k));
    for ((key, _), ((laid, chunk, layout_time), spent)) in todo.iter().zip(drawn) {
        t.layout += layout_time;
        t.pdf += spent - layout_time;
        cache
            .sections
            .insert(*key, (laid, chunk.map_err(Failure::Other)?));
    }
    let mut layouts = Vec::with_capacity(keys.len());
    let mut chunks = Vec::with_capacity(keys.len());
    for key in &keys {
        // Every key was either cached or drawn just above.
        let Some((laid, chunk)) = cache.sections.get(key) else {
            return Err(Failure::Other(
                "internal: a section was not laid out".into(),
            ));
        };
        layouts.push(laid);
        chunks.push(chunk);
    }

    let meeting = &project.meeting.value;
    let time = date::build_time(
        opts.source_date_epoch,
        meeting.date.as_deref(),
        meeting.years.first().copied().unwrap_or(2000),
    );
    let mut jobs = vec![Job::Pdf {
        name: names::meeting_pdf(),
        parts: layouts
            .iter()
            .copied()
            .zip(chunks.iter().copied())
            .collect(),
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
            name: names::section_file(&r.stem, "pdf"),
            parts: vec![(layouts[i + 1], chunks[i + 1])],
            outline: Vec::new(),
            title: annex.title.clone(),
        });
        jobs.push(Job::Xlsx {
            name: names::section_file(&r.stem, "xlsx"),
            doc: &r.document,
            markup: &r.markup,
            meta: XlsxMeta {
                title: annex.title.clone(),
                author: meeting.presenter.clone(),
                time,
                sheet: format!("附件{}", annex.number),
                departments: meeting.departments.clone(),
            },
            data: &data_rows[i],
        });
    }
    if style.xlsx.department_workbooks {
        for (dept, rows) in xlsx::data::by_department(&project.annexes, &data_rows) {
            let (prints, markups) = department_prints(&project, &rendered, &rows);
            jobs.push(Job::Department {
                prints,
                markups,
                name: names::department_workbook(&dept),
                meta: XlsxMeta {
                    title: format!("{dept}：{}", meeting.title),
                    author: meeting.presenter.clone(),
                    time,
                    sheet: style.xlsx.data_sheet.name.clone(),
                    departments: meeting.departments.clone(),
                },
                rows,
            });
        }
    }
    // In a session, a file whose inputs did not change is taken from the last build.
    let job_keys: Vec<u64> = jobs.iter().map(job_key).collect();
    let mut reused = Vec::new();
    let (mut to_run, mut run_keys) = (Vec::new(), Vec::new());
    for (job, key) in jobs.into_iter().zip(&job_keys) {
        let name = job_name(&job);
        match cache.files.as_ref().and_then(|f| f.get(name)) {
            Some((k, bytes)) if k == key => reused.push(OutputFile {
                name: name.to_string(),
                bytes: bytes.clone(),
            }),
            _ => {
                to_run.push(job);
                run_keys.push(*key);
            }
        }
    }
    let jobs = to_run;
    let clock = Instant::now();
    let counter = opts.progress.counter("writing", jobs.len());
    let results = par_map(opts.threads, &jobs, fonts, |job, f| {
        let result = run_job(job, f, &meeting.presenter, &time, style, &meeting.years);
        counter.step();
        result
    });
    t.writers_wall += clock.elapsed();
    drop(jobs);
    if cache.files.is_none() {
        // Not a session: the drawn sections are not needed again, and the files they made
        // are all in memory now.
        cache.sections.clear();
    }

    // The markup is not needed any more: moved into its files, not copied.
    let mut files = markup_files(rendered);
    let mut made = Vec::new();
    for (((is_pdf, name, bytes), spent), key) in results.into_iter().zip(&run_keys) {
        if is_pdf {
            t.pdf += spent;
        } else {
            t.xlsx += spent;
        }
        made.push((
            *key,
            OutputFile {
                name,
                bytes: bytes.map_err(Failure::Other)?,
            },
        ));
    }
    if let Some(kept) = &mut cache.files {
        kept.retain(|name, _| reused.iter().any(|f| &f.name == name));
        for (key, file) in &made {
            kept.insert(file.name.clone(), (*key, file.bytes.clone()));
        }
    }
    files.extend(reused);
    files.extend(made.into_iter().map(|(_, f)| f));
    files.sort_by(|a, b| a.name.cmp(&b.name));
    warnings.sort();
    Ok(Produced {
        files,
        timings: t,
        warnings,
        summary: project.summary(),
    })
}

/// Runs one writer job: (is it a PDF, file name, bytes).
fn run_job(
    job: &Job,
    f: &FontSet,
    author: &str,
    time: &date::DateTime,
    style: &crate::style::Style,
    years: &[u16],
) -> (bool, String, Result<Vec<u8>, String>) {
    match job {
        Job::Pdf {
            name,
            parts,
            outline,
            title,
        } => {
            let meta = Meta {
                title,
                author,
                time,
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
            ..
        } => (
            false,
            name.clone(),
            xlsx::write_xlsx(doc, style, meta, years, data),
        ),
        Job::Department {
            name,
            meta,
            rows,
            prints,
            ..
        } => {
            let cut: Vec<(String, Document)> = prints
                .iter()
                .map(|(sheet, doc, keep)| (sheet.clone(), doc.keep_rows(keep)))
                .collect();
            let rows = xlsx::data::with_roles(rows);
            (
                false,
                name.clone(),
                xlsx::write_department_xlsx(style, meta, years, &rows, &cut),
            )
        }
    }
}

/// A department's print sheet: its name (附件N), the annex's document and which of its rows
/// to keep (cut when the job runs, so only the workbooks being written hold their copies).
type DepartmentPrint<'a> = (String, &'a Document, Vec<Vec<bool>>);

/// A department's print sheets: each annex it has rows in (sheet 附件N), the annex's table cut
/// to those rows. A row's key names its item file and row; the table has a row group per item
/// in the annex's order and a row per content row.
fn department_prints<'a>(
    project: &Project,
    rendered: &'a RenderedProject,
    rows: &[(&xlsx::data::DataRow, &'static str)],
) -> (Vec<DepartmentPrint<'a>>, Vec<&'a str>) {
    let mut prints = Vec::new();
    let mut markups = Vec::new();
    let places: std::collections::HashSet<&str> = rows
        .iter()
        .map(|(d, _)| xlsx::data::key_place(&d.key))
        .collect();
    for (annex, (meta, r)) in project.annexes.iter().zip(&rendered.annexes) {
        let folder = xlsx::data::annex_folder(annex);
        let keep: Vec<Vec<bool>> = annex
            .items
            .iter()
            .map(|item| {
                (0..item.value.rows.len())
                    .map(|i| places.contains(xlsx::data::row_place(&folder, item, i).as_str()))
                    .collect()
            })
            .collect();
        if keep.iter().flatten().any(|k| *k) {
            prints.push((format!("附件{}", meta.number), &r.document, keep));
            markups.push(r.markup.as_str());
        }
    }
    (prints, markups)
}

/// The output file a job makes.
fn job_name<'a>(job: &'a Job) -> &'a str {
    match job {
        Job::Pdf { name, .. } | Job::Xlsx { name, .. } | Job::Department { name, .. } => name,
    }
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
fn markup_files(rendered: RenderedProject) -> Vec<OutputFile> {
    std::iter::once(rendered.report)
        .chain(rendered.annexes.into_iter().map(|(_, r)| r))
        .map(|r| OutputFile {
            name: names::section_file(&r.stem, "html"),
            bytes: r.markup.into_bytes(),
        })
        .collect()
}

/// The whole pipeline: produces everything, then writes the files.
pub fn run(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let produced = produce(opts)?;
    write(opts, produced)
}

/// Writes what [`produce`] made into the output folder, all or nothing, after checking that the
/// folder is not inside the content or templates.
pub fn write(opts: &BuildOptions, produced: Produced) -> Result<BuildReport, Failure> {
    check_output_folder(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    )?;
    opts.progress.stage("saving", 0);
    let mut report = write_outputs(&opts.output, &produced.files)?;
    report.timings = produced.timings;
    report.warnings = produced.warnings;
    Ok(report)
}
