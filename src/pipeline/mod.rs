//! Stage 4: the pipeline. Loads, validates, renders, lays out and runs the writers. A build
//! writes each output as a temporary in the output folder as soon as it is made, and only when
//! all of them succeeded are they swapped in, all or nothing ([`output`]); a file whose bytes did
//! not change is left untouched. `check` and `watch` keep the outputs in memory instead. The
//! PDF and XLSX files are made in parallel; their bytes do not depend on it.

pub mod jobs;
pub mod output;
pub mod progress;
mod schedule;
pub mod shown;

pub use output::{check_output_folder, clean, write_outputs};
pub use progress::Progress;

use crate::content::{self, Project, names};
use crate::date;
use crate::diag::Diagnostics;
use crate::diag::Failure;
use crate::document::Document;
use crate::fonts::FontSet;
use crate::layout::Layout;
use crate::render::{self, RenderedProject};
use crate::theme::Theme;
use crate::xlsx;
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
    /// Only the bundled fonts, whatever is installed (`--bundled-fonts`): the same bytes on
    /// every machine.
    pub bundled_fonts: bool,
    /// The caller holds the content folder's lock already (`import --write` checking what it
    /// wrote): the build takes no reading lock of its own, which would wait for ever.
    pub content_held: bool,
    /// Also write each section's markup (`markup/<stem>.html`), for template authors; left
    /// out by default, so output/ holds only what a clerk opens.
    pub markup: bool,
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
    /// One line saying which fonts the documents are set in.
    pub fonts: String,
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
    /// Which fonts the documents are set in, in one line.
    pub fonts: String,
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
    /// Writing the Word files (sum over files).
    pub docx: Duration,
    /// Wall time of layout, PDF and XLSX together.
    pub writers_wall: Duration,
}

impl Timings {
    /// Each stage's name and time, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 8] {
        [
            ("load", self.load),
            ("validate", self.validate),
            ("render", self.render),
            ("layout", self.layout),
            ("pdf", self.pdf),
            ("xlsx", self.xlsx),
            ("docx", self.docx),
            ("writers wall", self.writers_wall),
        ]
    }
}

/// Produces every output in memory: the markup, the PDFs and the workbooks, with the time
/// each stage took and the warnings found. `check` is this without writing.
pub fn produce(opts: &BuildOptions) -> Result<Produced, Failure> {
    produce_timed(opts, &mut Cache::default(), &output::InMemory)
}

/// What a long-running session (`huibao watch`) keeps from one build to the next, so an edit
/// re-lays only the sections whose markup changed: the fonts (until the templates change) and
/// each section's layout and drawn pages, by the markup they were made from.
#[derive(Default)]
pub struct Cache {
    fonts: Option<FontSet>,
    kept: Kept,
}

/// What a cache keeps of the last build beside the fonts.
#[derive(Default)]
struct Kept {
    sections: std::collections::HashMap<u64, (Layout, crate::pdf::Section)>,
    /// Output files by name, with the key of what they were made from (only for a session).
    files: schedule::KeptFiles,
    /// The material's faces as the PDFs embed them, by the characters they were cut for.
    faces: Option<(u64, std::sync::Arc<crate::pdf::Fonts>)>,
    /// Whether the session shows the material (`serve`), and what the last good build showed.
    show: bool,
    shown: Option<std::sync::Arc<shown::Shown>>,
}

impl Cache {
    /// A cache for a session of many builds: it also keeps every output file, so a workbook
    /// or PDF whose inputs did not change is not made again.
    pub fn for_session() -> Cache {
        Cache {
            fonts: None,
            kept: Kept {
                files: Some(Default::default()),
                ..Kept::default()
            },
        }
    }

    /// A session's cache that also keeps what the last good build shows ([`Cache::shown`]).
    pub fn for_showing() -> Cache {
        let mut cache = Cache::for_session();
        cache.kept.show = true;
        cache
    }

    /// Forgets everything: the templates (fonts, style) changed.
    pub fn clear(&mut self) {
        let session = self.kept.files.is_some();
        let show = self.kept.show;
        *self = if session {
            Cache::for_session()
        } else {
            Cache::default()
        };
        self.kept.show = show;
    }

    /// What the last good build of a showing session made: its parts, each part's laid-out
    /// pages (in the same order) and the fonts they are set in. None before the first.
    pub fn shown(&self) -> Option<(&std::sync::Arc<shown::Shown>, Vec<&Layout>, &FontSet)> {
        let shown = self.kept.shown.as_ref()?;
        let layouts = shown
            .parts
            .iter()
            .map(|p| self.kept.sections.get(&p.key).map(|(layout, _)| layout))
            .collect::<Option<Vec<_>>>()?;
        Some((shown, layouts, self.fonts.as_ref()?))
    }

    /// How many sections are kept (for tests: an edit to one annex re-lays only it and the
    /// report).
    pub fn sections(&self) -> usize {
        self.kept.sections.len()
    }
}

/// A stable-within-the-process key of what an output is made from.
fn key_of(parts: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// [`produce`] with what `cache` holds from earlier builds (updated for the next one).
pub fn produce_with(opts: &BuildOptions, cache: &mut Cache) -> Result<Produced, Failure> {
    produce_timed(opts, cache, &output::InMemory)
}

/// The stages in order: read and check the content, render it, lay out and draw each section,
/// then run the writer jobs ([`jobs`]) on every core. Each file goes to `sink` as it is made;
/// the files it hands back are returned.
fn produce_timed(
    opts: &BuildOptions,
    cache: &mut Cache,
    sink: &dyn output::Sink,
) -> Result<Produced, Failure> {
    // A swap a killed build or import left is settled before anything is read.
    for dir in [&opts.content, &opts.output] {
        crate::transaction::recover_if_interrupted(dir).map_err(Failure::Other)?;
    }
    let mut t = Timings::default();
    let (mut theme, mut project, mut rendered, fonts) =
        read_and_render(opts, &mut cache.fonts, &mut t)?;
    let mut warnings = project.warnings.clone();
    let fonts = &*cache.fonts.insert(fonts);
    warnings.extend(fonts.warnings.clone());
    // An installed font stands for a style font: the workbook and the Word file name it too.
    for (font, family) in fonts.installed() {
        theme
            .style
            .xlsx
            .families
            .insert(font.clone(), family.clone());
    }
    let shared_chars = check_glyphs(&project, &rendered, &theme, fonts)?;
    // The Word files' bookmarks say which field each paragraph and cell shows: found while
    // the fields' positions are known.
    let marks = if theme.style.docx.enabled {
        crate::fields::material_marks(&project, &rendered)
    } else {
        Vec::new()
    };
    // Positions were for the messages about content and the marks; the writers need none.
    project.forget_positions();
    // Checking the glyphs read every fallback font a character needs.
    let problems = fonts.problems();
    if !problems.is_empty() {
        return Err(Failure::Other(problems.join("\n")));
    }
    share_annex_widths(&mut rendered, &theme.style, fonts, opts.threads);
    let style = &theme.style;
    let keys = section_keys(&rendered, &shared_chars);
    // The markup is its own files, and nothing after needs it: moved into them, not copied.
    let mut files = Vec::new();
    if opts.markup {
        for file in markup_files(&mut rendered) {
            files.extend(sink.take(file).map_err(Failure::Other)?);
        }
    }
    let summary = project.summary();
    let shown = cache
        .kept
        .show
        .then(|| std::sync::Arc::new(shown::of(&project, &rendered, &keys, style)));
    let made = make_files(
        opts,
        &mut cache.kept,
        (&mut project, &rendered, &keys, &shared_chars, marks),
        style,
        fonts,
        sink,
        &mut t,
    )?;
    files.extend(made);
    if shown.is_some() {
        cache.kept.shown = shown;
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    warnings.sort();
    Ok(Produced {
        files,
        timings: t,
        warnings,
        summary,
        fonts: fonts.used(),
    })
}

/// What the output files are made of: the content, rendered, the sections' keys, the
/// characters of each face, and each section document's Word bookmarks.
type Made<'a> = (
    &'a mut Project,
    &'a RenderedProject,
    &'a [u64],
    &'a [std::collections::BTreeSet<char>],
    Vec<Vec<crate::fields::Mark>>,
);

/// Every output file but the markup: the sections not drawn before (all of them, outside
/// watch) beside the files that do not need them, then the PDFs from every section; the
/// files a session holds for the same inputs are reused.
fn make_files(
    opts: &BuildOptions,
    kept: &mut Kept,
    (project, rendered, keys, shared_chars, marks): Made<'_>,
    style: &crate::style::Style,
    fonts: &FontSet,
    sink: &dyn output::Sink,
    t: &mut Timings,
) -> Result<Vec<OutputFile>, Failure> {
    let meeting = &project.meeting.value;
    let time = date::build_time(
        opts.source_date_epoch,
        meeting.date.as_deref(),
        meeting.years.first().copied().unwrap_or(2000),
    );
    // Each annex's data rows, made once: for its workbook and for the departments'.
    let data_rows: Vec<Vec<xlsx::data::DataRow>> = project
        .annexes
        .iter()
        .map(|a| xlsx::data::rows(a, &meeting.years))
        .collect();
    let inputs = jobs::Inputs {
        project,
        rendered,
        section_keys: keys,
        data_rows: &data_rows,
        time,
    };
    let all = jobs::jobs(&inputs, style);
    // The jobs hold what they need (the data rows, the documents): the items, a 10,000-item
    // material's largest copy of its text, are not needed any more.
    project.annexes = Vec::new();
    let Kept {
        sections: kept_sections,
        files: kept_files,
        faces,
        show,
        ..
    } = kept;
    let (reused, to_run) = schedule::reusable(kept_files, &all);
    // Every Word file's body is dropped once the Word files that need it are made.
    let word_bodies = jobs::WordBodies::new(&jobs::WordBodies::uses(keys.len(), &to_run), marks);
    kept_sections.retain(|k, _| keys.contains(k));
    let draws = sections_to_draw(keys, rendered, kept_sections);
    // Each section drawn now is let go once the PDFs made from it have it (outside a session).
    let pdfs_of = |key: u64| {
        to_run
            .iter()
            .filter(|(job, _)| job.drawn_sections().contains(&key))
            .count()
    };
    let drawn = jobs::DrawnSections::new(
        kept_sections,
        draws.iter().map(|(k, _)| (*k, pdfs_of(*k))),
        kept_files.is_some(),
    );
    let faces = material_faces(faces, style, fonts, shared_chars)?;
    let cx = jobs::Context {
        style,
        author: &meeting.presenter,
        time: &time,
        years: &meeting.years,
        sections: &drawn,
        word_bodies: &word_bodies,
        faces: &faces,
        keep_runs: *show,
    };
    let made = schedule::run(opts, &draws, &to_run, &cx, fonts, sink, t)?.files;
    for (key, section) in drawn.into_drawn() {
        kept_sections.insert(key, section.map_err(Failure::Other)?);
    }
    schedule::remember(kept_files, &reused, &made);
    if kept_files.is_none() {
        // Not a session: the drawn sections are not needed again.
        kept_sections.clear();
    }
    let mut files = reused;
    files.extend(made.into_iter().map(|(_, f)| f));
    Ok(files)
}

/// The annexes of one material get one set of column widths, fitted to all their tables at
/// once, so they look alike (unless their columns differ: then each table its own); the PDF,
/// the Word file and the workbook's print sheet all take them from the table.
pub fn share_annex_widths(
    rendered: &mut RenderedProject,
    style: &crate::style::Style,
    fonts: &FontSet,
    threads: Option<usize>,
) {
    let width = style.page(true).text_width() * crate::layout::PT_PER_MM;
    let tables: Vec<&crate::document::Table> = rendered
        .annexes
        .iter()
        .flat_map(|(_, r)| r.document.sections.iter().flat_map(|s| &s.blocks))
        .filter_map(|b| match b {
            crate::document::Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let texts: Vec<_> = crate::parallel::par_map(threads, &tables, fonts, |t, f| {
        crate::layout::table::table_text(style, f, t, width)
    })
    .into_iter()
    .map(|(b, _)| b)
    .collect();
    let shared = crate::layout::table::shared_widths(style, &tables, &texts, width);
    let own: Vec<Vec<f32>> = match &shared {
        Some(_) => Vec::new(),
        None => tables
            .iter()
            .zip(&texts)
            .map(|(t, text)| crate::layout::table::own_widths(style, t, text, width))
            .collect(),
    };
    let blocks = rendered
        .annexes
        .iter_mut()
        .flat_map(|(_, r)| r.document.sections.iter_mut().flat_map(|s| &mut s.blocks));
    let tables = blocks.filter_map(|b| match b {
        crate::document::Block::Table(t) => Some(t),
        _ => None,
    });
    for (i, t) in tables.enumerate() {
        t.widths = shared.clone().or_else(|| own.get(i).cloned());
    }
}

/// The shared column widths a document's tables were given, as bits for a key: a section is
/// laid out again when they change though its markup did not.
pub(crate) fn widths_key(doc: &Document) -> Vec<u32> {
    doc.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            crate::document::Block::Table(t) => t.widths.as_ref(),
            _ => None,
        })
        .flatten()
        .map(|w| w.to_bits())
        .collect()
}

/// What [`read_and_render`] gives: the theme, the content, rendered, and the fonts.
type ReadAndRendered = Result<(Theme, Project, RenderedProject, FontSet), Failure>;

/// Reads the content and the templates and renders them, while the fonts load on another
/// thread (unless a session `kept` them; they stay kept when the content fails). Reading the
/// first fonts compares the templates folder's copies of the built-in ones byte for byte,
/// 15 MB for the default style: the largest part of a small build's serial start. A content
/// error comes before a templates error, and both before a font error, as when they ran one
/// after another.
fn read_and_render(
    opts: &BuildOptions,
    kept: &mut Option<FontSet>,
    t: &mut Timings,
) -> ReadAndRendered {
    let theme = Theme::load(&opts.templates).map(|mut theme| {
        theme.style.bundled_fonts |= opts.bundled_fonts;
        theme
    });
    let (project, rendered, fonts) = std::thread::scope(|s| {
        let loading = match (&*kept, &theme) {
            (None, Ok(theme)) => Some(s.spawn(|| FontSet::load(theme))),
            _ => None,
        };
        let project = read_content(opts, t)?;
        let clock = Instant::now();
        opts.progress.stage("rendering", 0);
        let theme = theme.as_ref().map_err(|e| Failure::Other(e.clone()))?;
        let rendered = render::render(&project, theme)?;
        t.render = clock.elapsed();
        let fonts = match (kept.take(), loading) {
            (Some(fonts), _) => fonts,
            (None, Some(loading)) => loading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                .map_err(Failure::Other)?,
            (None, None) => FontSet::load(theme).map_err(Failure::Other)?,
        };
        Ok::<_, Failure>((project, rendered, fonts))
    })?;
    // Loaded, or the scope returned its error.
    let theme = theme.map_err(Failure::Other)?;
    Ok((theme, project, rendered, fonts))
}

/// Finds, parses and checks the content.
fn read_content(opts: &BuildOptions, t: &mut Timings) -> Result<Project, Failure> {
    let clock = Instant::now();
    let mut diags = Diagnostics::default();
    opts.progress.stage("reading content", 0);
    // All old or all new content: `import --write` swaps files under the same lock.
    let reading = (opts.content.is_dir() && !opts.content_held)
        .then(|| crate::transaction::read_lock(&opts.content))
        .transpose()
        .map_err(Failure::Other)?;
    let raw = content::load::parse_tree(&opts.content, &mut diags);
    drop(reading);
    t.load = clock.elapsed();
    let clock = Instant::now();
    content::validate::validate(&raw, &mut diags);
    let project = content::assemble(&opts.content, raw, diags)?;
    t.validate = clock.elapsed();
    Ok(project)
}

/// Each section's key (its markup and shared column widths): the report first, then the
/// annexes. A section is drawn again only when its key changes.
fn section_keys(
    rendered: &RenderedProject,
    shared_chars: &[std::collections::BTreeSet<char>],
) -> Vec<u64> {
    // The material's faces are cut to its characters: a new character anywhere renumbers
    // their glyphs and draws every section again.
    let chars = key_of(&shared_chars);
    std::iter::once(&rendered.report)
        .chain(rendered.annexes.iter().map(|(_, r)| r))
        .map(|r| key_of(&(&r.markup, widths_key(&r.document), chars)))
        .collect()
}

/// The material's faces cut to `chars` (per face, the material's characters), taken from
/// `kept` when they were cut for the same characters and style (a session), kept there for the
/// next build.
fn material_faces(
    kept: &mut Option<(u64, std::sync::Arc<crate::pdf::Fonts>)>,
    style: &crate::style::Style,
    fonts: &FontSet,
    chars: &[std::collections::BTreeSet<char>],
) -> Result<std::sync::Arc<crate::pdf::Fonts>, Failure> {
    let key = key_of(&(chars, &style.page_number.format, &style.page_number.role_id));
    if let Some((k, faces)) = kept
        && *k == key
    {
        return Ok(faces.clone());
    }
    let faces =
        std::sync::Arc::new(crate::pdf::Fonts::new(style, fonts, chars).map_err(Failure::Other)?);
    *kept = Some((key, faces.clone()));
    Ok(faces)
}

/// The sections `kept` does not hold already (all of them, outside watch), each once.
fn sections_to_draw<'r>(
    keys: &[u64],
    rendered: &'r RenderedProject,
    kept: &std::collections::HashMap<u64, (Layout, crate::pdf::Section)>,
) -> Vec<(u64, &'r Document)> {
    let documents = std::iter::once(&rendered.report.document)
        .chain(rendered.annexes.iter().map(|(_, r)| &r.document));
    let mut todo: Vec<(u64, &Document)> = Vec::new();
    for (key, doc) in keys.iter().zip(documents) {
        if !kept.contains_key(key) && !todo.iter().any(|(k, _)| k == key) {
            todo.push((*key, doc));
        }
    }
    todo
}

/// A character no configured font can draw is an error naming the character and where it
/// comes from: the content file, line and field, or else the template. Returns the characters
/// each face draws in the whole material, which every section's subsets are cut from.
fn check_glyphs(
    project: &Project,
    rendered: &RenderedProject,
    theme: &Theme,
    fonts: &FontSet,
) -> Result<Vec<std::collections::BTreeSet<char>>, Failure> {
    let mut diags = Diagnostics::default();
    let mut other = Vec::new();
    let docs = std::iter::once((&rendered.report, &theme.report.name))
        .chain(rendered.annexes.iter().map(|(_, r)| (r, &theme.annex.name)));
    let mut seen = std::collections::BTreeSet::new();
    let mut glyphs = crate::fonts::GlyphUse::default();
    for (r, template) in docs {
        glyphs.missing.clear();
        glyphs.add(&r.document, &theme.style, fonts);
        for m in glyphs.missing.drain(..) {
            if !seen.insert(m.ch) {
                continue;
            }
            let msg = crate::tr!(
                "font-missing-glyph",
                char = m.ch.escape_debug().to_string(),
                code = format!("{:04X}", m.ch as u32),
                role = m.role.as_str(),
                fonts = m.fonts.join(" → ")
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
    Ok(glyphs.by_face)
}

/// Each section's markup as its file, taken out of `rendered` (no job needs it: they know a
/// section by its key).
fn markup_files(rendered: &mut RenderedProject) -> Vec<OutputFile> {
    std::iter::once(&mut rendered.report)
        .chain(rendered.annexes.iter_mut().map(|(_, r)| r))
        .map(|r| OutputFile {
            name: format!("markup/{}", names::section_file(&r.stem, "html")),
            bytes: std::mem::take(&mut r.markup).into_bytes(),
        })
        .collect()
}

/// The whole pipeline: produces everything, writing each file as a temporary in the output
/// folder as soon as it is made (so the files of a long material are not all held in memory),
/// then swaps them all in. `ready` sees the build's warnings before anything is swapped in, and
/// may stop it (`--deny-warnings`).
pub fn build(
    opts: &BuildOptions,
    ready: impl FnOnce(&Diagnostics) -> Result<(), Failure>,
) -> Result<BuildReport, Failure> {
    let staging = output::Staging::new(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    );
    let produced = produce_timed(opts, &mut Cache::default(), &staging)?;
    ready(&produced.warnings)?;
    opts.progress.stage("saving", 0);
    let mut report = staging.commit()?;
    report.timings = produced.timings;
    report.warnings = produced.warnings;
    report.fonts = produced.fonts;
    Ok(report)
}

/// [`build`] without a say before the swap.
pub fn run(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    build(opts, |_| Ok(()))
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
    report.fonts = produced.fonts;
    Ok(report)
}
