//! The heavy work of a build on every core, from one queue: the sections not drawn yet (laid
//! out and drawn) and the files that are not made from drawn sections (workbooks, Word files)
//! run side by side, so neither core waits while the other draws a long annex; the PDFs,
//! composed from the drawn sections, follow. Results come back in queue order, so output
//! bytes never depend on scheduling.

use super::OutputFile;
use super::jobs::{self, Writer};
use super::parallel::par_map;
use super::{BuildOptions, Failure, Timings};
use crate::document::Document;
use crate::fonts::FontSet;
use crate::layout::Layout;
use crate::pdf::{self, chunk::Chunk};
use crate::style::Style;
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
    /// A section laid out (its runs dropped) and drawn, with the time the layout took.
    Drawn(Box<(Layout, Result<Chunk, String>, Duration)>),
    /// A file's bytes.
    Written(Result<Vec<u8>, String>),
}

/// What a run of the queue made.
#[derive(Default)]
pub(super) struct Made {
    /// Sections drawn, by key.
    pub sections: Vec<(u64, Layout, Chunk)>,
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

/// Draws `draws` and runs `writes` from one queue on every core (the sections first: they
/// are the longest tasks, and the PDFs wait for them).
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    opts: &BuildOptions,
    stage: &str,
    draws: &[(u64, &Document)],
    writes: &[(&dyn Writer, u64)],
    cx: &jobs::Context,
    style: &Style,
    fonts: &FontSet,
    t: &mut Timings,
) -> Result<Made, Failure> {
    let tasks: Vec<Task> = draws
        .iter()
        .map(|(key, doc)| Task::Draw(*key, doc))
        .chain(writes.iter().map(|(job, key)| Task::Write(*job, *key)))
        .collect();
    let clock = Instant::now();
    let counter = opts.progress.counter(stage, tasks.len());
    let done = par_map(opts.threads, &tasks, fonts, |task, f| {
        let done = match task {
            Task::Draw(_, doc) => draw(doc, style, f),
            Task::Write(job, _) => Done::Written(job.write(cx, f)),
        };
        counter.step();
        done
    });
    t.writers_wall += clock.elapsed();
    let mut made = Made::default();
    for (task, (done, spent)) in tasks.iter().zip(done) {
        match (task, done) {
            (Task::Draw(key, _), Done::Drawn(drawn)) => {
                let (laid, chunk, layout_time) = *drawn;
                t.layout += layout_time;
                t.pdf += spent.saturating_sub(layout_time);
                made.sections
                    .push((*key, laid, chunk.map_err(Failure::Other)?));
            }
            (Task::Write(job, key), Done::Written(bytes)) => {
                match job.stage() {
                    jobs::Stage::Pdf => t.pdf += spent,
                    jobs::Stage::Xlsx => t.xlsx += spent,
                    jobs::Stage::Docx => t.docx += spent,
                }
                let file = OutputFile {
                    name: job.name().to_string(),
                    bytes: bytes.map_err(Failure::Other)?,
                };
                made.files.push((*key, file));
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

/// Lays out and draws one section. Drawn, its runs are no longer needed (composing uses only
/// the page sizes): freeing them here keeps a long annex's glyph runs out of memory.
fn draw(doc: &Document, style: &Style, fonts: &FontSet) -> Done {
    let clock = Instant::now();
    let mut laid = crate::layout::lay_out(doc, style, fonts);
    let layout_time = clock.elapsed();
    let chunk = pdf::render_chunk(&laid, style, fonts);
    for page in &mut laid.pages {
        page.items = Vec::new();
    }
    Done::Drawn(Box::new((laid, chunk, layout_time)))
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
