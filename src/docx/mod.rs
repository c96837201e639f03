//! Stage 3d: the Word writer. A `.docx` from the same [`Document`] the PDF and XLSX writers
//! read, for offices that revise a 汇报 in Word or WPS: each section of the document its own
//! Word section (the report A4 portrait, each annex landscape), a paragraph style per style role
//! named in Chinese (`docx.styles`), fonts by role in the families the workbook uses (East Asian
//! font set), exact line pitch, first-line indents in characters, the GB/T 9704 document grid,
//! page numbers as `— PAGE —` fields in even and odd footers, tables with the PDF's column widths
//! and merges and a header row repeated on every page.
//!
//! docx-rs builds the package. What it lacks is filled in on its output ([`finish`]): the
//! repeated header row (`w:tblHeader`), the title and author in the core properties, and a
//! zip written in a fixed order with fixed times, so the same content gives the same bytes.

mod finish;
mod fonts;
mod grid;
mod order;
mod table;

use crate::date::DateTime;
use crate::document::{Block, Document, Orientation, Paragraph};
use crate::fonts::FontSet;
use crate::layout::{Measure, PT_PER_MM};
use crate::style::{Align, PageGeometry, RoleId, Style};
use docx_rs::{
    AlignmentType, BuildXML, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, Run, RunFonts,
    Section, SpecialIndentType, StyleType,
};

/// Twips (1/20 pt) in a millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;

/// What the package says about itself.
#[derive(Debug, Clone)]
pub struct DocxMeta {
    /// The document's title (the report's or the annex's).
    pub title: String,
    /// The author (the presenting office).
    pub author: String,
    /// Creation time.
    pub time: DateTime,
}

/// One section's body in WordprocessingML: its paragraphs and tables, without the section's
/// page setup. It is made once and spliced into every Word file that holds the section (the
/// full material's and the annex's own), so no Word file holds a tree of its whole content.
#[derive(Debug, Clone)]
pub struct SectionBody {
    orientation: Orientation,
    xml: String,
    /// The characters each role's text uses (the embedded faces hold them).
    chars: fonts::RoleChars,
}

/// A section document's bodies as they wait for the Word files that hold them: deflated
/// (a 10,000-item material's bodies are about 40 MB of XML, its packed bodies a tenth of that),
/// each inflated only when it is copied into a file.
#[derive(Debug)]
pub struct PackedBodies {
    bodies: Vec<(Orientation, usize, Vec<u8>)>,
    chars: fonts::RoleChars,
}

impl PackedBodies {
    /// `bodies`, each deflated at the fastest level.
    pub fn pack(bodies: Vec<SectionBody>) -> Result<PackedBodies, String> {
        let mut chars = fonts::RoleChars::new();
        for body in &bodies {
            for (role, used) in &body.chars {
                chars.entry(*role).or_default().extend(used);
            }
        }
        let packed = bodies
            .into_iter()
            .map(|body| {
                let mut encoder =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
                std::io::Write::write_all(&mut encoder, body.xml.as_bytes())
                    .and_then(|()| encoder.finish())
                    .map(|mut bytes| {
                        bytes.shrink_to_fit();
                        (body.orientation, body.xml.len(), bytes)
                    })
                    .map_err(|e| format!("DOCX: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(PackedBodies {
            bodies: packed,
            chars,
        })
    }

    /// Each section's orientation, in order.
    fn orientations(&self) -> impl Iterator<Item = Orientation> + '_ {
        self.bodies.iter().map(|(orientation, _, _)| *orientation)
    }

    /// The bodies' length in bytes, unpacked.
    fn len(&self) -> usize {
        self.bodies.iter().map(|(_, len, _)| len).sum()
    }

    /// Each section's body XML in order, inflated one at a time.
    fn unpacked(&self) -> impl Iterator<Item = Result<String, String>> + '_ {
        self.bodies.iter().map(|(_, len, bytes)| {
            let mut xml = String::with_capacity(*len);
            std::io::Read::read_to_string(
                &mut flate2::read::DeflateDecoder::new(&bytes[..]),
                &mut xml,
            )
            .map_err(|e| format!("DOCX: {e}"))?;
            Ok(xml)
        })
    }
}

/// What the bookmarks of one section document say of its paragraphs and cells
/// ([`crate::fields`]): a revised Word file comes back field by field through them.
#[derive(Debug, Clone, Copy)]
pub struct Marked<'m> {
    /// The section document's number in the material (the report 0, 附件N N).
    pub section: usize,
    /// The mark of each paragraph and cell, in [`crate::fields::spots`] order.
    pub marks: &'m [crate::fields::Mark],
}

impl Marked<'_> {
    /// The bookmark of spot `n`: its id (unique in a material) and name.
    fn bookmark(&self, n: usize) -> Option<(usize, String)> {
        let mark = self.marks.get(n)?;
        let id = (self.section * 1_000_000 + n) % i32::MAX as usize;
        Some((
            id,
            crate::fields::bookmark(self.section, n, self.marks.len(), mark),
        ))
    }
}

/// `para` with spot `n`'s bookmark at its start, when the document is marked.
fn with_bookmark(
    para: docx_rs::Paragraph,
    marked: Option<&Marked>,
    n: usize,
) -> docx_rs::Paragraph {
    match marked.and_then(|m| m.bookmark(n)) {
        Some((id, name)) => para.add_bookmark_start(id, name).add_bookmark_end(id),
        None => para,
    }
}

/// The bodies of `doc`'s sections; `measure` gives the fonts' widths so tables get the PDF's
/// column widths; `marked`, the bookmarks that name each paragraph's and cell's field.
pub fn section_bodies(
    doc: &Document,
    style: &Style,
    measure: &dyn Measure,
    marked: Option<&Marked>,
) -> Vec<SectionBody> {
    // The spot number of each section's first paragraph or cell.
    let mut spot = 0;
    doc.sections
        .iter()
        .map(|section| {
            let geometry = geometry(style, section.orientation);
            let mut xml = Vec::new();
            let mut chars = fonts::RoleChars::new();
            let grid = grid::grid_starts(&section.blocks, style, measure, &geometry);
            for (i, block) in section.blocks.iter().enumerate() {
                used_chars(block, &mut chars);
                let part = match block {
                    Block::Paragraph(p) => {
                        let mut para =
                            with_bookmark(docx_rs::Paragraph::new(), marked, spot);
                        spot += 1;
                        para = paragraph(para, style, measure, p, &geometry);
                        let spacing = grid.get(&i).map(|s| s.xml());
                        // A run of kept-together paragraphs (the attachment list) stays on one
                        // page, as the PDF keeps it: each with the next.
                        let kept = |b: Option<&Block>| {
                            matches!(b, Some(Block::Paragraph(q)) if style.role(q.role).keep_together)
                        };
                        if kept(Some(block)) && kept(section.blocks.get(i + 1)) {
                            para = para.keep_next(true);
                        }
                        grid::with_spacing(para.build(), spacing.as_deref())
                    }
                    Block::Table(t) => {
                        let first = spot;
                        spot += t
                            .head
                            .iter()
                            .chain(t.groups.iter().flatten())
                            .map(|r| r.cells.len())
                            .sum::<usize>();
                        table::table(style, measure, t, &geometry, (marked, first))
                    }
                    Block::PageBreak => docx_rs::Paragraph::new()
                        .add_run(Run::new().add_break(docx_rs::BreakType::Page))
                        .build(),
                };
                xml.extend_from_slice(&part);
            }
            let mut xml = finish::body_fixes(&String::from_utf8_lossy(&xml));
            // It is kept until every Word file holding the section is made.
            xml.shrink_to_fit();
            SectionBody {
                orientation: section.orientation,
                xml,
                chars,
            }
        })
        .collect()
}

/// Adds the characters of `block` to its roles' in `chars`.
fn used_chars(block: &Block, chars: &mut fonts::RoleChars) {
    let mut add = |role, text: &str| chars.entry(role).or_default().extend(text.chars());
    match block {
        Block::Paragraph(p) => add(p.role, &p.text),
        Block::Table(t) => {
            for cell in t
                .head
                .iter()
                .chain(t.groups.iter().flatten())
                .flat_map(|r| &r.cells)
            {
                add(cell.role, &cell.text);
            }
        }
        Block::PageBreak => {}
    }
}

fn geometry(style: &Style, orientation: Orientation) -> PageGeometry {
    match orientation {
        Orientation::Portrait => style.pages.portrait,
        Orientation::Landscape => style.pages.landscape,
    }
}

/// Writes `doc` as a `.docx` of its own; `fonts` gives the fonts' widths (so tables get the
/// PDF's column widths) and the faces embedded.
pub fn write_document(
    doc: &Document,
    style: &Style,
    fonts: &FontSet,
    meta: &DocxMeta,
) -> Result<Vec<u8>, String> {
    let bodies = PackedBodies::pack(section_bodies(doc, style, fonts, None))?;
    write_docx(&[&bodies], style, fonts, meta)
}

/// Writes the sections of `documents` in order as a `.docx`. docx-rs builds the package around
/// a marker paragraph per section, which [`finish`] replaces with the section's body.
pub fn write_docx(
    documents: &[&PackedBodies],
    style: &Style,
    fonts: &FontSet,
    meta: &DocxMeta,
) -> Result<Vec<u8>, String> {
    let orientations: Vec<Orientation> = documents.iter().flat_map(|d| d.orientations()).collect();
    // The document's default size and font are the body's: Word measures the grid's
    // character pitch from the default size.
    let mut docx = Docx::new();
    if let Some(body) = style.role_id("body") {
        let family = fonts::role_font(style, body);
        docx = docx
            .default_size(half_points(style.role(body).size))
            .default_fonts(
                RunFonts::new()
                    .east_asia(&family)
                    .ascii(&family)
                    .hi_ansi(&family),
            );
    }
    let mut docx = docx
        .settings(docx_rs::Settings::new().even_and_odd_headers())
        .created_at(&iso(&meta.time))
        .updated_at(&iso(&meta.time));
    for s in paragraph_styles(style) {
        docx = docx.add_style(s);
    }
    let last = orientations.len().saturating_sub(1);
    for (i, &orientation) in orientations.iter().enumerate() {
        let geometry = geometry(style, orientation);
        let marker = docx_rs::Paragraph::new().add_run(Run::new().add_text(finish::marker(i)));
        if i < last {
            // The footers are the last section's, which every section refers to ([`finish`]).
            let word = page_setup(
                Section::new().add_paragraph(marker),
                style,
                orientation,
                &geometry,
            );
            docx = docx.add_section(word);
        } else {
            docx = last_section(docx, style, orientation, &geometry).add_paragraph(marker);
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| format!("DOCX: {e}"))?;
    let font_parts = fonts::font_parts(style, fonts, &file_chars(documents, style))?;
    finish::finish(bytes.into_inner(), documents, &font_parts, meta)
}

/// The characters each role uses in a file of `documents`: their text, the page number's
/// digits and dashes, and the body's (the document's default font).
fn file_chars(documents: &[&PackedBodies], style: &Style) -> fonts::RoleChars {
    let mut chars = fonts::RoleChars::new();
    for d in documents {
        for (role, used) in &d.chars {
            chars.entry(*role).or_default().extend(used);
        }
    }
    let pn = &style.page_number;
    chars.entry(pn.role_id).or_default().extend(
        pn.format
            .chars()
            .filter(|&c| c != '{' && c != '}')
            .chain('0'..='9'),
    );
    chars
}

/// A size in points as Word's half points.
fn half_points(pt: f32) -> usize {
    (pt * 2.0).round().max(1.0) as usize
}

/// `2024-03-01T00:00:00Z`.
fn iso(t: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// Page size, margins and (on portrait pages) the GB/T 9704 grid of lines and characters.
fn page_setup(
    section: Section,
    style: &Style,
    orientation: Orientation,
    g: &PageGeometry,
) -> Section {
    let (size, margin, grid) = page_parts(style, orientation, g);
    let section = section
        .page_size(size.into())
        .page_margin(margin)
        .page_orient(match orientation {
            Orientation::Portrait => PageOrientationType::Portrait,
            Orientation::Landscape => PageOrientationType::Landscape,
        });
    match grid {
        Some(grid) => section.doc_grid(grid),
        None => section,
    }
}

/// The last section is the document's own (docx-rs keeps it apart from added sections).
fn last_section(docx: Docx, style: &Style, orientation: Orientation, g: &PageGeometry) -> Docx {
    let (size, margin, grid) = page_parts(style, orientation, g);
    let mut docx = docx
        .page_size(size.w_twips(), size.h_twips())
        .page_margin(margin)
        .page_orient(match orientation {
            Orientation::Portrait => PageOrientationType::Portrait,
            Orientation::Landscape => PageOrientationType::Landscape,
        })
        .footer(footer(style, Align::Right))
        .even_footer(footer(style, Align::Left));
    if let Some(grid) = grid {
        docx.document = docx.document.doc_grid(grid);
    }
    docx
}

/// The pieces of a page setup: size, margins (the footer's distance set so the number sits
/// where the PDF puts it) and the document grid for text pages.
fn page_parts(
    style: &Style,
    orientation: Orientation,
    g: &PageGeometry,
) -> (PageSizeTwips, PageMargin, Option<DocGrid>) {
    let pn = &style.page_number;
    let number = style.role(pn.role_id);
    // The footer paragraph's top `below_text` under the text block: its distance from the
    // paper's edge is the bottom margin less that and its line.
    let footer = g.bottom - pn.below_text - number.size / PT_PER_MM * 1.2;
    let margin = PageMargin::new()
        .top(twips(g.top))
        .bottom(twips(g.bottom))
        .left(twips(g.left))
        .right(twips(g.right))
        .header(twips(g.top / 2.0))
        .footer(twips(footer.max(0.0)));
    let size = PageSizeTwips {
        w: twips(g.width),
        h: twips(g.height),
    };
    // A grid of lines only: a character grid would put each 三号 character in a cell of the
    // text width / 28 — less than its size (15.8 pt against 16) — and LibreOffice then gives every
    // character two cells (18 a line). The 28 characters come from each role's character
    // spacing instead ([`grid_spacing`]), which Word, WPS and LibreOffice all keep.
    let grid = (orientation == Orientation::Portrait)
        .then(|| style.role_id("body"))
        .flatten()
        .map(|body| {
            let r = style.role(body);
            let pitch_pt = r.line_pitch.unwrap_or(r.size * 1.5);
            DocGrid::new()
                .grid_type(DocGridType::Lines)
                .line_pitch((pitch_pt * 20.0).round() as usize)
        });
    (size, margin, grid)
}

/// A page size in twips.
struct PageSizeTwips {
    w: i32,
    h: i32,
}

impl PageSizeTwips {
    fn w_twips(&self) -> u32 {
        self.w.max(0).unsigned_abs()
    }
    fn h_twips(&self) -> u32 {
        self.h.max(0).unsigned_abs()
    }
}

impl From<PageSizeTwips> for docx_rs::PageSize {
    fn from(s: PageSizeTwips) -> Self {
        docx_rs::PageSize::new().size(s.w_twips(), s.h_twips())
    }
}

/// A style id for a role: its name, which Word shows only in the XML.
fn style_id(style: &Style, role: RoleId) -> String {
    style.role_name(role).to_string()
}

/// A paragraph style per role of the style: named in Chinese (`docx.styles`, or the role's own
/// name), its font family for East Asian and Latin text, size, exact line pitch, indents in
/// characters, alignment and spacing in lines.
fn paragraph_styles(style: &Style) -> Vec<docx_rs::Style> {
    let text_width = style.pages.portrait.text_width() * PT_PER_MM;
    style
        .roles
        .keys()
        .filter_map(|name| style.role_id(name))
        .map(|id| {
            let r = style.role(id);
            let name = style.role_name(id);
            let family = fonts::role_font(style, id);
            let size = r.size;
            let shown = style
                .docx
                .styles
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_string());
            let pitch = r.line_pitch.unwrap_or(r.size * 1.5);
            let mut spacing = LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line((pitch * 20.0).round() as i32);
            if r.space_before > 0.0 {
                spacing = spacing.before((r.space_before * pitch * 20.0).round() as u32);
            }
            if r.space_after > 0.0 {
                spacing = spacing.after((r.space_after * pitch * 20.0).round() as u32);
            }
            // A character is the grid's pitch for the roles on it (15.79 pt for 28 三号
            // characters in 156 mm, as the PDF indents), the size for any other; Word's
            // `*Chars` are hundredths of the size.
            let unit = r
                .chars_per_line
                .filter(|&n| n > 0)
                .map_or(r.size, |n| text_width / n as f32);
            let chars = |n: f32| (n * unit / r.size.max(1.0) * 100.0).round() as i32;
            let em = |n: f32| (n * unit * 20.0).round() as i32;
            let special = if r.indent < 0.0 {
                Some(SpecialIndentType::Hanging(em(-r.indent)))
            } else if r.indent > 0.0 {
                Some(SpecialIndentType::FirstLine(em(r.indent)))
            } else {
                None
            };
            // Word's left indent is where every line but the first starts; a hanging indent
            // takes the first line back from it (附件： at 2 characters, its further lines at 6).
            let left = r.left_indent;
            let mut s = docx_rs::Style::new(name, StyleType::Paragraph)
                .name(shown)
                .q_format(true)
                .fonts(
                    RunFonts::new()
                        .east_asia(&family)
                        .ascii(&family)
                        .hi_ansi(&family),
                )
                .size(half_points(size))
                // Lines at the role's exact pitch, never snapped to the document grid (which
                // LibreOffice would do, setting a 36 pt title line at 29): where the grid's first
                // line falls is written as space before ([`GridStart`]).
                .snap_to_grid(false)
                .line_spacing(spacing)
                .align(alignment(r.align, r.justify))
                .indent(
                    (left > 0.0).then(|| em(left)),
                    special,
                    None,
                    (left > 0.0).then(|| chars(left)),
                );
            if r.indent > 0.0 {
                s = s.first_line_chars(chars(r.indent));
            } else if r.indent < 0.0 {
                s = s.hanging_chars(chars(-r.indent));
            }
            if r.bold {
                s = s.bold();
            }
            if let Some(spacing) = grid_spacing(r, text_width) {
                s.run_property = s.run_property.spacing(spacing);
            }
            s
        })
        .collect()
}

/// The character spacing (twips, negative) that sets `chars_per_line` characters of role `r`
/// on a line `width` points wide: GB/T 9704's 28 三号 characters in 156 mm are 15.79 pt
/// apart, a little less than their size. Rounded down, so the line holds them all.
fn grid_spacing(r: &crate::style::Role, width: f32) -> Option<i32> {
    let chars = r.chars_per_line.filter(|&n| n > 0)? as f32;
    let spacing = ((width / chars - r.size) * 20.0).floor() as i32;
    (spacing != 0).then_some(spacing)
}

fn alignment(align: Align, justify: bool) -> AlignmentType {
    match align {
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Left if justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
    }
}

/// `para` as a paragraph in its role's style; `\n` becomes a line break, and a balanced title breaks
/// where the PDF breaks it.
fn paragraph(
    para: docx_rs::Paragraph,
    style: &Style,
    measure: &dyn Measure,
    p: &Paragraph,
    g: &PageGeometry,
) -> docx_rs::Paragraph {
    let r = style.role(p.role);
    let text = crate::layout::with_balanced_breaks(p, style, measure, g.text_width() * PT_PER_MM);
    let mut para = para
        .style(&style_id(style, p.role))
        .add_run(text_run(&text));
    if r.keep_with_next {
        para = para.keep_next(true);
    }
    if r.keep_together {
        para = para.keep_lines(true);
    }
    para
}

/// A run of text with a line break for each `\n`.
fn text_run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// A footer with the page number as a field, `— PAGE —`, at the text block's `side`, inset as
/// the PDF insets it.
fn footer(style: &Style, side: Align) -> Footer {
    let pn = &style.page_number;
    let (before, after) = pn.format.split_once("{}").unwrap_or(("", ""));
    let field = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let size = style.role(pn.role_id).size;
    let inset = (pn.inset_chars * size * 20.0).round() as i32;
    let para = docx_rs::Paragraph::new()
        .style(&style_id(style, pn.role_id))
        .align(match side {
            Align::Left => AlignmentType::Left,
            _ => AlignmentType::Right,
        })
        .indent(
            (side == Align::Left).then_some(inset),
            None,
            (side != Align::Left).then_some(inset),
            None,
        )
        .add_run(Run::new().add_text(before))
        .add_run(field)
        .add_run(Run::new().add_text(after));
    Footer::new().add_paragraph(para)
}
