//! The heavy work of a build on every core, from one queue: first the sections not drawn yet
//! (laid out and drawn), longest first; then the PDFs, composed from the drawn sections (each
//! section is let go once the PDFs made from it have it); then the files that are not made
//! from drawn sections (workbooks, Word files). There is no barrier between them: a PDF whose
//! section is still being drawn on the other core is passed over for the work after it until
//! the section is done (or waits for it when nothing else is left), and neither core idles
//! while the other finishes a long file. The workbooks come last so they run without the
//! drawn pages in memory (the peak of a long material); in a session, which keeps the drawn
//! pages, they come before the PDFs. Results come back in queue order, so output bytes never
//! depend on scheduling.

use super::OutputFile;
use super::jobs::{self, Writer};
use super::{BuildOptions, Failure, Timings};
use crate::document::Document;
use crate::fonts::FontSet;
use crate::parallel::par_map_ready;
use crate::pdf;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Output files by name, with the key of what they were made from (kept by a session).
pub(super) type KeptFiles = Option<HashMap<String, (u64, Vec<u8>)>>;

/// One piece of work in the queue.
enum Task<'j> {
    /// Lay out and draw the section with this key.
    Draw(u64, &'j Document),
    /// Make this file (its key, for the session's memory).
    Write(&'j dyn Writer, u64),
}

/// What a task made.
enum Done {
    /// A section laid out and drawn (handed to the jobs through [`jobs::DrawnSections`]):
    /// the time the layout took and whether the drawing failed.
    Drawn(Duration, Result<(), String>),
    /// A file, unless the sink took it.
    Written(Result<Option<OutputFile>, String>),
}

/// What a run of the queue made.
#[derive(Default)]
pub(super) struct Made {
    /// Files made, with their keys.
    pub files: Vec<(u64, OutputFile)>,
}

/// The files of `jobs` a session already holds for the same key, and the jobs to run (with
/// their keys; outside a session nothing is kept, and no key is worked out).
pub(super) fn reusable<'j>(
    kept: &KeptFiles,
    jobs: &'j [Box<dyn Writer + 'j>],
) -> (Vec<OutputFile>, Vec<(&'j dyn Writer, u64)>) {
    let mut reused = Vec::new();
    let mut to_run = Vec::new();
    for job in jobs {
        let key = if kept.is_some() { job.key() } else { 0 };
        match kept.as_ref().and_then(|f| f.get(job.name())) {
            Some((k, bytes)) if *k == key => reused.push(OutputFile {
                name: job.name().to_string(),
                bytes: bytes.clone(),
            }),
            _ => to_run.push((job.as_ref(), key)),
        }
    }
    (reused, to_run)
}

/// The draws and the writes in the order the queue takes them (see [`run`]).
fn ordered_tasks<'a>(
    draws: &'a [(u64, &'a Document)],
    writes: &'a [(&'a dyn Writer, u64)],
    cx: &jobs::Context,
) -> Vec<Task<'a>> {
    let mut draws: Vec<&(u64, &Document)> = draws.iter().collect();
    draws.sort_by_key(|(_, doc)| std::cmp::Reverse(drawing_work(doc)));
    let (mut composed, mut independent): (Vec<&(&dyn Writer, u64)>, Vec<_>) = writes
        .iter()
        .partition(|(job, _)| job.needs_drawn_sections());
    // The annexes' own PDFs first, each waiting at most for its one section; the full
    // material's (which needs them all) after.
    composed.sort_by_key(|(job, _)| job.drawn_sections().len());
    // The longest files first: the short ones fill in at the end, so neither core waits long
    // for the other.
    independent.sort_by_key(|(job, _)| std::cmp::Reverse(job.work()));
    // A session keeps its drawn sections anyway: there the other files go first, so the
    // other core makes them while an edited section is drawn, instead of waiting for it;
    // and the Word files first of them (a full build counts their work low to keep the
    // largest document out of its memory peak): making a long material's Word bodies is the
    // longest task after the drawing, and an annex's Word file waits for them.
    if cx.sections.keeps_all() {
        independent.sort_by_key(|(job, _)| job.word_sections().is_empty());
    }
    let writes = if cx.sections.keeps_all() {
        [independent, composed]
    } else {
        [composed, independent]
    };
    draws
        .into_iter()
        .map(|(key, doc)| Task::Draw(*key, doc))
        .chain(
            writes
                .into_iter()
                .flatten()
                .map(|&(job, key)| Task::Write(job, key)),
        )
        .collect()
}

/// Draws `draws` (into `cx.sections`) and runs `writes` from one queue on every core: the
/// draws first, longest first (they are the longest tasks), then the jobs not made from drawn
/// sections, then the PDFs.
pub(super) fn run(
    opts: &BuildOptions,
    draws: &[(u64, &Document)],
    writes: &[(&dyn Writer, u64)],
    cx: &jobs::Context,
    fonts: &FontSet,
    sink: &dyn super::output::Sink,
    t: &mut Timings,
) -> Result<Made, Failure> {
    let tasks = ordered_tasks(draws, writes, cx);
    let clock = Instant::now();
    let counter = opts.progress.counter("writing", tasks.len());
    // A PDF whose sections are still being drawn waits its turn while there is other work.
    // So does a Word file whose bodies another core is making.
    let ready = |task: &Task| match task {
        Task::Draw(..) => true,
        Task::Write(job, _) => {
            job.drawn_sections()
                .iter()
                .all(|k| cx.sections.is_drawn(*k))
                && job
                    .word_sections()
                    .into_iter()
                    .all(|i| !cx.word_bodies.is_being_made(i))
        }
    };
    let done = par_map_ready(opts.threads, &tasks, fonts, ready, |task, f| {
        let done = match task {
            Task::Draw(key, doc) => draw(*key, doc, cx, f),
            // Made, each file goes to the sink at once (a build writes it to disk).
            Task::Write(job, _) => Done::Written(job.write(cx, f).and_then(|bytes| {
                sink.take(OutputFile {
                    name: job.name().to_string(),
                    bytes,
                })
            })),
        };
        counter.step();
        done
    });
    t.writers_wall += clock.elapsed();
    let mut made = Made::default();
    for (task, (done, spent)) in tasks.iter().zip(done) {
        match (task, done) {
            (Task::Draw(..), Done::Drawn(layout_time, drawn)) => {
                t.layout += layout_time;
                t.pdf += spent.saturating_sub(layout_time);
                drawn.map_err(Failure::Other)?;
            }
            (Task::Write(job, key), Done::Written(bytes)) => {
                match job.stage() {
                    jobs::Stage::Pdf => t.pdf += spent,
                    jobs::Stage::Xlsx => t.xlsx += spent,
                    jobs::Stage::Docx => t.docx += spent,
                }
                if let Some(file) = bytes.map_err(Failure::Other)? {
                    made.files.push((*key, file));
                }
            }
            // Each task gives its own kind of result.
            _ => {
                return Err(Failure::Other(crate::tr!(
                    "internal-error",
                    detail = "a task gave another task's result"
                )));
            }
        }
    }
    Ok(made)
}

/// How long a section takes to draw, roughly: its blocks' cells and paragraphs.
fn drawing_work(doc: &Document) -> usize {
    doc.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| match b {
            crate::document::Block::Table(t) => {
                t.groups.iter().flatten().map(|row| row.cells.len()).sum()
            }
            _ => 1,
        })
        .sum()
}

/// Lays out and draws one section into its slot in `cx.sections`. Drawn, its runs are no
/// longer needed (composing uses only the page sizes) unless the session shows the pages:
/// freeing them here keeps a long annex's glyph runs out of memory.
fn draw(key: u64, doc: &Document, cx: &jobs::Context, fonts: &FontSet) -> Done {
    let Some(slot) = cx.sections.slot(key) else {
        let detail = "a section without a slot";
        return Done::Drawn(
            Duration::ZERO,
            Err(crate::tr!("internal-error", detail = detail)),
        );
    };
    let clock = Instant::now();
    let mut laid = crate::layout::lay_out(doc, cx.style, fonts);
    let layout_time = clock.elapsed();
    let chunk = pdf::draw(&laid, cx.faces);
    if !cx.keep_runs {
        for page in &mut laid.pages {
            page.items = Vec::new();
        }
    }
    let failed = chunk.as_ref().err().cloned();
    slot.fill(chunk.map(|chunk| (laid, chunk)));
    Done::Drawn(layout_time, failed.map_or(Ok(()), Err))
}

/// Keeps the session's files for the next build: the ones reused and the ones made now.
pub(super) fn remember(kept: &mut KeptFiles, reused: &[OutputFile], made: &[(u64, OutputFile)]) {
    if let Some(kept) = kept {
        kept.retain(|name, _| reused.iter().any(|f| &f.name == name));
        for (key, file) in made {
            kept.insert(file.name.clone(), (*key, file.bytes.clone()));
        }
    }
}
