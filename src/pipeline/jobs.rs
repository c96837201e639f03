//! The writer jobs: each makes one output file from borrowed inputs, on any thread. A new
//! writer is one type implementing [`Writer`] and one place in [`jobs`] that lists its files.

use super::key_of;
use crate::content::{Project, names};
use crate::date::DateTime;
use crate::document::Document;
use crate::docx::PackedBodies;
use crate::fonts::FontSet;
use crate::layout::Layout;
use crate::pdf::{self, Meta};
use crate::render::RenderedProject;
use crate::style::Style;
use crate::xlsx::{self, XlsxMeta, data::DataRow};

/// Which stage a job's time counts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// PDF files.
    Pdf,
    /// Workbooks.
    Xlsx,
    /// Word files.
    Docx,
}

/// What every job reads besides its own inputs.
pub struct Context<'a> {
    /// The look.
    pub style: &'a Style,
    /// The presenting office (the files' author).
    pub author: &'a str,
    /// The time written into the files.
    pub time: &'a DateTime,
    /// The meeting's plan years.
    pub years: &'a [u16],
    /// Each section's layout and drawn pages, by key: kept from an earlier build or drawn
    /// in the same run of the queue.
    pub sections: &'a DrawnSections<'a>,
    /// Each section document's Word body, made by the first Word file that needs it.
    pub word_bodies: &'a WordBodies,
    /// The material's faces, cut once: every section draws with them, so a PDF of several
    /// sections embeds each face once.
    pub faces: &'a pdf::Fonts,
    /// Keep each drawn section's text runs (a session that shows the pages: `serve`).
    pub keep_runs: bool,
}

/// A section laid out and drawn, or why it could not be.
type Drawn = Result<(Layout, pdf::Section), String>;

/// A drawn section as the PDFs made from it share it.
type Shared = std::sync::Arc<(Layout, pdf::Section)>;

/// The sections' layouts and drawn pages by key: those a session kept, and a slot for each one
/// being drawn in this run of the queue. A PDF that needs a section still being drawn on
/// another core waits for it; the draws come first in the queue, so it never waits for one
/// that has not started. Outside a session a drawn section is let go as soon as the last PDF
/// made from it has taken it, so the workbooks after them run without the drawn pages.
pub struct DrawnSections<'a> {
    kept: &'a std::collections::HashMap<u64, (Layout, pdf::Section)>,
    drawn: std::collections::HashMap<u64, DrawSlot>,
    /// Whether the drawn sections are kept for the next build (a session).
    keep: bool,
}

/// The slot of a section drawn in this run, and the PDFs still to take it.
struct DrawSlot {
    state: std::sync::Mutex<SlotState>,
    ready: std::sync::Condvar,
}

#[derive(Default)]
struct SlotState {
    /// Set once drawn; None again when let go.
    drawn: Option<Result<Shared, String>>,
    filled: bool,
    uses_left: usize,
}

impl DrawSlot {
    fn state(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn fill(&self, drawn: Drawn) {
        let mut state = self.state();
        if !state.filled {
            state.drawn = Some(drawn.map(std::sync::Arc::new));
            state.filled = true;
        }
        self.ready.notify_all();
    }
}

/// A section a PDF is made from: kept by the session, or drawn in this run.
pub enum Section<'a> {
    /// Kept from an earlier build.
    Kept(&'a (Layout, pdf::Section)),
    /// Drawn in this run, shared with the other PDFs that need it.
    Drawn(Shared),
}

impl std::ops::Deref for Section<'_> {
    type Target = (Layout, pdf::Section);
    fn deref(&self) -> &(Layout, pdf::Section) {
        match self {
            Section::Kept(section) => section,
            Section::Drawn(section) => section,
        }
    }
}

impl<'a> DrawnSections<'a> {
    /// The `kept` sections, and room for the sections `to_draw`, each with the number of PDFs
    /// that will take it; `keep` keeps them all for the next build.
    pub fn new(
        kept: &'a std::collections::HashMap<u64, (Layout, pdf::Section)>,
        to_draw: impl IntoIterator<Item = (u64, usize)>,
        keep: bool,
    ) -> DrawnSections<'a> {
        DrawnSections {
            kept,
            drawn: to_draw
                .into_iter()
                .map(|(k, uses_left)| {
                    let state = SlotState {
                        uses_left,
                        ..SlotState::default()
                    };
                    let slot = DrawSlot {
                        state: std::sync::Mutex::new(state),
                        ready: std::sync::Condvar::new(),
                    };
                    (k, slot)
                })
                .collect(),
            keep,
        }
    }

    /// The section with `key`, waiting while another core draws it. Each PDF takes it once:
    /// after the last, it is let go (outside a session).
    pub fn get(&self, key: u64) -> Result<Section<'_>, String> {
        if let Some(section) = self.kept.get(&key) {
            return Ok(Section::Kept(section));
        }
        let slot = self.drawn.get(&key).ok_or_else(|| {
            crate::tr!("internal-error", detail = "a PDF of a section never drawn")
        })?;
        let mut state = slot.state();
        while !state.filled {
            state = slot
                .ready
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        let section = match &state.drawn {
            Some(Ok(section)) => section.clone(),
            Some(Err(e)) => return Err(e.clone()),
            None => {
                return Err(crate::tr!(
                    "internal-error",
                    detail = "a section taken by more PDFs than counted"
                ));
            }
        };
        state.uses_left = state.uses_left.saturating_sub(1);
        if state.uses_left == 0 && !self.keep {
            state.drawn = None;
        }
        Ok(Section::Drawn(section))
    }

    /// Whether the section with `key` can be had without waiting (drawn, or kept).
    pub fn is_drawn(&self, key: u64) -> bool {
        self.drawn.get(&key).is_none_or(|slot| slot.state().filled)
    }

    /// Whether every drawn section is kept for the next build (a session).
    pub fn keeps_all(&self) -> bool {
        self.keep
    }

    /// Hands over the section drawn for `key` to the jobs waiting for it. Whatever happens
    /// while drawing, the slot gets a value when `fill` is dropped, so no job waits forever.
    pub fn slot(&self, key: u64) -> Option<SlotFiller<'_>> {
        self.drawn.get(&key).map(SlotFiller)
    }

    /// The sections drawn in this run and not let go, by key (a slot left empty is an
    /// internal error).
    pub fn into_drawn(self) -> Vec<(u64, Drawn)> {
        self.drawn
            .into_iter()
            .filter_map(|(k, slot)| {
                let state = slot
                    .state
                    .into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let internal = |detail: &str| Err(crate::tr!("internal-error", detail = detail));
                let drawn = match state.drawn {
                    Some(Ok(shared)) => std::sync::Arc::try_unwrap(shared)
                        .or_else(|_| internal("a drawn section still in use")),
                    Some(Err(e)) => Err(e),
                    None if state.filled => return None,
                    None => internal("a section was not drawn"),
                };
                Some((k, drawn))
            })
            .collect()
    }
}

/// The slot of a section being drawn; dropped unfilled (a panic while drawing), it is filled
/// with an internal error, so the jobs waiting for it go on.
pub struct SlotFiller<'s>(&'s DrawSlot);

impl SlotFiller<'_> {
    /// Fills the slot with what the drawing gave.
    pub fn fill(self, drawn: Drawn) {
        self.0.fill(drawn);
    }
}

impl Drop for SlotFiller<'_> {
    fn drop(&mut self) {
        self.0.fill(Err(crate::tr!(
            "internal-error",
            detail = "drawing a section stopped"
        )));
    }
}

/// The Word bodies of the section documents (the report first, then the annexes), each made
/// once: the full material's Word file and the annex's own splice in the same body, which is
/// dropped when the last Word file that needs it has taken it.
pub struct WordBodies {
    slots: Vec<std::sync::Mutex<BodySlot>>,
    /// Each section document's bookmarks ([`crate::fields`]).
    marks: Vec<Vec<crate::fields::Mark>>,
}

/// One section document's Word body: how many Word files still need it, and the body once
/// made.
struct BodySlot {
    uses_left: usize,
    made: Option<std::sync::Arc<PackedBodies>>,
}

impl WordBodies {
    /// Room for `uses.len()` section documents' bodies, section `i` needed by `uses[i]` files.
    /// `marks[i]` marks section document `i`'s paragraphs and cells.
    pub fn new(uses: &[usize], marks: Vec<Vec<crate::fields::Mark>>) -> WordBodies {
        WordBodies {
            slots: uses
                .iter()
                .map(|&uses_left| {
                    std::sync::Mutex::new(BodySlot {
                        uses_left,
                        made: None,
                    })
                })
                .collect(),
            marks,
        }
    }

    /// Whether another thread is making section document `i`'s bodies now (a file that
    /// needs them would wait).
    pub fn is_being_made(&self, i: usize) -> bool {
        self.slots
            .get(i)
            .is_some_and(|slot| matches!(slot.try_lock(), Err(std::sync::TryLockError::WouldBlock)))
    }

    /// How many of `jobs` need each of `n` section documents' Word bodies.
    pub fn uses(n: usize, jobs: &[(&dyn Writer, u64)]) -> Vec<usize> {
        let mut uses = vec![0; n];
        for (job, _) in jobs {
            for i in job.word_sections() {
                if let Some(u) = uses.get_mut(i) {
                    *u += 1;
                }
            }
        }
        uses
    }

    /// The bodies of `doc`, section document `i`, made now if no file has needed them yet (a
    /// file that needs them at the same time on another thread waits for them).
    fn take(
        &self,
        i: usize,
        doc: &Document,
        style: &Style,
        fonts: &FontSet,
    ) -> Result<std::sync::Arc<PackedBodies>, String> {
        let make = || {
            let marked = self
                .marks
                .get(i)
                .map(|marks| crate::docx::Marked { section: i, marks });
            PackedBodies::pack(crate::docx::section_bodies(
                doc,
                style,
                fonts,
                marked.as_ref(),
            ))
            .map(std::sync::Arc::new)
        };
        let Some(slot) = self.slots.get(i) else {
            return make();
        };
        // A poisoned slot (a panic on another thread, passed on at the join) is made again.
        let Ok(mut slot) = slot.lock() else {
            return make();
        };
        let body = match slot.made.take() {
            Some(body) => body,
            None => make()?,
        };
        slot.uses_left = slot.uses_left.saturating_sub(1);
        if slot.uses_left > 0 {
            slot.made = Some(body.clone());
        }
        Ok(body)
    }
}

/// One output file to make.
pub trait Writer: Sync {
    /// The file's name in the output folder.
    fn name(&self) -> &str;
    /// The stage its time counts to.
    fn stage(&self) -> Stage;
    /// A key of its inputs: equal keys give equal bytes (a session reuses the file).
    fn key(&self) -> u64;
    /// Makes the file.
    fn write(&self, cx: &Context, fonts: &FontSet) -> Result<Vec<u8>, String>;
    /// Roughly how much work it is, in rows: the queue starts the longest files first, so
    /// neither core is left alone with a long one at the end.
    fn work(&self) -> usize {
        0
    }
    /// Whether it is made from the drawn sections (so it waits for the ones it needs).
    fn needs_drawn_sections(&self) -> bool {
        !self.drawn_sections().is_empty()
    }
    /// The drawn sections it is made from, by key (PDFs).
    fn drawn_sections(&self) -> &[u64] {
        &[]
    }
    /// The section documents whose Word bodies it splices in ([`WordBodies`]).
    fn word_sections(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// A PDF composed of drawn sections.
struct PdfJob {
    name: String,
    /// Its sections' keys (their markup and column widths, which decide what is drawn).
    parts: Vec<u64>,
    outline: Vec<String>,
    title: String,
}

impl Writer for PdfJob {
    fn name(&self) -> &str {
        &self.name
    }
    fn stage(&self) -> Stage {
        Stage::Pdf
    }
    fn key(&self) -> u64 {
        key_of(&(&self.name, &self.parts, &self.outline, &self.title))
    }
    fn write(&self, cx: &Context, fonts: &FontSet) -> Result<Vec<u8>, String> {
        let meta = Meta {
            title: &self.title,
            author: cx.author,
            time: cx.time,
            archival: cx.style.pdf.archival,
        };
        let sections = self
            .parts
            .iter()
            .map(|key| cx.sections.get(*key))
            .collect::<Result<Vec<_>, String>>()?;
        let parts: Vec<&pdf::Section> = sections.iter().map(|s| &s.1).collect();
        pdf::write(&parts, &self.outline, (cx.style, fonts, cx.faces), &meta)
    }
    fn drawn_sections(&self) -> &[u64] {
        &self.parts
    }
}

/// An annex workbook: its print sheet and data sheet.
struct XlsxJob<'a> {
    name: String,
    doc: &'a Document,
    /// Its section's key (markup and column widths).
    section: u64,
    meta: XlsxMeta,
    data: &'a [DataRow],
}

impl Writer for XlsxJob<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn stage(&self) -> Stage {
        Stage::Xlsx
    }
    fn key(&self) -> u64 {
        key_of(&(
            &self.name,
            self.section,
            format!("{:?}", self.meta),
            self.data,
        ))
    }
    fn write(&self, cx: &Context, _: &FontSet) -> Result<Vec<u8>, String> {
        xlsx::write_xlsx(self.doc, cx.style, &self.meta, cx.years, self.data)
    }
    fn work(&self) -> usize {
        // A print sheet and a data sheet of the annex's rows.
        2 * self.data.len()
    }
}

/// A department's print sheet: its name (附件N), the annex's document and which of its rows
/// to keep (cut when the job runs, so only the workbooks being written hold their copies).
type DepartmentPrint<'a> = (String, &'a Document, Vec<Vec<bool>>);

/// A department's workbook.
struct DepartmentJob<'a> {
    name: String,
    meta: XlsxMeta,
    /// Its rows and its role in each.
    rows: Vec<(&'a DataRow, &'static str)>,
    /// A print sheet per annex the department has rows in.
    prints: Vec<DepartmentPrint<'a>>,
}

impl Writer for DepartmentJob<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn stage(&self) -> Stage {
        Stage::Xlsx
    }
    fn key(&self) -> u64 {
        // What its print sheets show, not the whole annexes they are cut from: an edit to
        // another department's row leaves this workbook as it was.
        let prints: Vec<(&String, u64)> = self
            .prints
            .iter()
            .map(|(sheet, doc, keep)| (sheet, doc.kept_fingerprint(keep)))
            .collect();
        key_of(&(&self.name, format!("{:?}", self.meta), &self.rows, prints))
    }
    fn write(&self, cx: &Context, _: &FontSet) -> Result<Vec<u8>, String> {
        let cut: Vec<(String, Document)> = self
            .prints
            .iter()
            .map(|(sheet, doc, keep)| (sheet.clone(), doc.keep_rows(keep)))
            .collect();
        let rows = xlsx::data::with_roles(&self.rows);
        xlsx::write_department_xlsx(cx.style, &self.meta, cx.years, &rows, &cut)
    }
    fn work(&self) -> usize {
        // Its data sheet and its print sheets, a row each.
        2 * self.rows.len()
    }
}

/// A Word file of one or more section documents in order.
struct DocxJob<'a> {
    name: String,
    /// Each section document with its index in [`Context::word_bodies`].
    parts: Vec<(usize, &'a Document)>,
    /// Its sections' keys (their markup and column widths).
    sections: Vec<u64>,
    meta: crate::docx::DocxMeta,
}

impl Writer for DocxJob<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn stage(&self) -> Stage {
        Stage::Docx
    }
    fn key(&self) -> u64 {
        key_of(&(&self.name, &self.sections, format!("{:?}", self.meta)))
    }
    fn write(&self, cx: &Context, fonts: &FontSet) -> Result<Vec<u8>, String> {
        let taken = self
            .parts
            .iter()
            .map(|(i, doc)| cx.word_bodies.take(*i, doc, cx.style, fonts))
            .collect::<Result<Vec<_>, String>>()?;
        let documents: Vec<&PackedBodies> = taken.iter().map(|b| &**b).collect();
        crate::docx::write_docx(&documents, cx.style, fonts, &self.meta)
    }
    fn word_sections(&self) -> Vec<usize> {
        self.parts.iter().map(|(i, _)| *i).collect()
    }
    fn work(&self) -> usize {
        // The full material's Word file makes every section's body (an annex's own then only
        // splices its body in). Counted at an eighth: it holds a long material's largest document,
        // so it runs beside the annexes' small workbooks, not beside the departments'.
        if self.parts.len() > 1 {
            self.parts
                .iter()
                .map(|(_, doc)| document_rows(doc))
                .sum::<usize>()
                / 8
        } else {
            0
        }
    }
}

/// How many paragraphs and table rows `doc` has.
fn document_rows(doc: &Document) -> usize {
    doc.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| match b {
            crate::document::Block::Table(t) => t.groups.iter().map(Vec::len).sum(),
            _ => 1,
        })
        .sum()
}

/// What the jobs are made from. No job keeps a borrow of the project (`'p`): once they are
/// made, its items may go.
pub struct Inputs<'a, 'p> {
    /// The project.
    pub project: &'p Project,
    /// Its rendered documents and markup.
    pub rendered: &'a RenderedProject,
    /// Each section's key (see [`PdfJob`]): the report first, then the annexes.
    pub section_keys: &'a [u64],
    /// Each annex's data rows.
    pub data_rows: &'a [Vec<DataRow>],
    /// The time written into the files.
    pub time: DateTime,
}

/// Every file the build makes, as jobs: the full material's PDF (and Word file), then per
/// annex its PDF, workbook (and Word file), then a workbook per department.
pub fn jobs<'a>(inputs: &Inputs<'a, '_>, style: &Style) -> Vec<Box<dyn Writer + 'a>> {
    let Inputs {
        project,
        rendered,
        section_keys,
        data_rows,
        time,
    } = inputs;
    let meeting = &project.meeting.value;
    let mut out: Vec<Box<dyn Writer + 'a>> = vec![Box::new(PdfJob {
        name: names::meeting_pdf(),
        parts: section_keys.to_vec(),
        outline: std::iter::once(meeting.title.clone())
            .chain(
                rendered
                    .annexes
                    .iter()
                    .map(|(a, _)| format!("附件{} {}", a.number, a.title)),
            )
            .collect(),
        title: meeting.title.clone(),
    })];
    let docx_meta = |title: &str| crate::docx::DocxMeta {
        title: title.to_string(),
        author: meeting.presenter.clone(),
        time: *time,
    };
    if style.docx.enabled {
        out.push(Box::new(DocxJob {
            name: names::section_file(&rendered.report.stem, "docx"),
            parts: std::iter::once(&rendered.report.document)
                .chain(rendered.annexes.iter().map(|(_, r)| &r.document))
                .enumerate()
                .collect(),
            sections: section_keys.to_vec(),
            meta: docx_meta(&meeting.title),
        }));
    }
    for (i, (annex, r)) in rendered.annexes.iter().enumerate() {
        out.push(Box::new(PdfJob {
            name: names::section_file(&r.stem, "pdf"),
            parts: vec![section_keys[i + 1]],
            outline: Vec::new(),
            title: annex.title.clone(),
        }));
        out.push(Box::new(XlsxJob {
            name: names::section_file(&r.stem, "xlsx"),
            doc: &r.document,
            section: section_keys[i + 1],
            meta: XlsxMeta {
                title: annex.title.clone(),
                author: meeting.presenter.clone(),
                time: *time,
                sheet: format!("附件{}", annex.number),
                departments: meeting.departments.clone(),
            },
            data: &data_rows[i],
        }));
        if style.docx.enabled {
            out.push(Box::new(DocxJob {
                name: names::section_file(&r.stem, "docx"),
                parts: vec![(i + 1, &r.document)],
                sections: vec![section_keys[i + 1]],
                meta: docx_meta(&annex.title),
            }));
        }
    }
    if style.xlsx.department_workbooks {
        for (dept, rows) in xlsx::data::by_department(&project.annexes, data_rows) {
            let prints = department_prints(project, rendered, &rows);
            out.push(Box::new(DepartmentJob {
                prints,
                name: names::department_workbook(&dept),
                meta: XlsxMeta {
                    title: format!("{dept}：{}", meeting.title),
                    author: meeting.presenter.clone(),
                    time: *time,
                    sheet: style.xlsx.data_sheet.name.clone(),
                    departments: meeting.departments.clone(),
                },
                rows,
            }));
        }
    }
    out
}

/// A department's print sheets: each annex it has rows in (sheet 附件N), the annex's table cut
/// to those rows. A row's key names its item file and row; the table has a row group per item
/// in the annex's order and a row per content row.
fn department_prints<'a>(
    project: &Project,
    rendered: &'a RenderedProject,
    rows: &[(&DataRow, &'static str)],
) -> Vec<DepartmentPrint<'a>> {
    let mut prints = Vec::new();
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
        }
    }
    prints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_whose_drawing_stopped_is_an_error_not_a_wait() {
        let kept = std::collections::HashMap::new();
        let sections = DrawnSections::new(&kept, [(7, 1), (8, 1)], true);
        std::thread::scope(|s| {
            // The drawing of section 7 stops (a panic) before filling its slot.
            s.spawn(|| {
                let _slot = sections.slot(7);
            });
        });
        let err = sections.get(7).err().unwrap_or_default();
        assert!(!err.is_empty(), "a stopped drawing must give an error");
        // Section 8 is filled by another thread while this one waits for it.
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                if let Some(slot) = sections.slot(8) {
                    slot.fill(Err("no fonts".to_string()));
                }
            });
            assert_eq!(sections.get(8).err().as_deref(), Some("no fonts"));
        });
        assert!(
            sections.get(9).is_err(),
            "a section never drawn is an error"
        );
        let drawn = sections.into_drawn();
        assert_eq!(drawn.len(), 2);
    }

    #[test]
    fn a_drawn_section_is_let_go_after_its_last_pdf_unless_a_session_keeps_it() {
        let kept = std::collections::HashMap::new();
        let empty = || {
            let layout = Layout {
                fonts: Vec::new(),
                pages: Vec::new(),
            };
            (layout, pdf::Section::default())
        };
        for keep in [false, true] {
            let sections = DrawnSections::new(&kept, [(7, 2)], keep);
            if let Some(slot) = sections.slot(7) {
                slot.fill(Ok(empty()));
            }
            let first = sections.get(7).map(|s| matches!(s, Section::Drawn(_)));
            assert_eq!(first, Ok(true));
            assert!(sections.get(7).is_ok(), "the second PDF gets it too");
            // Outside a session nothing holds it now; a session keeps it for the next build.
            assert_eq!(sections.into_drawn().len(), usize::from(keep));
        }
    }
}
