//! Stage 3a: layout. Turns a [`Document`](crate::document::Document) into pages of positioned text runs and rules, free
//! of any PDF library so it can be tested on positions alone. Lengths are in points, measured
//! from the page's top-left corner.

pub mod columns;
mod flow;
mod page_number;
pub mod table;

pub use flow::{Flow, Frame, layout};
pub use page_number::{page_number_chars, page_numbers};

use crate::document::Orientation;
pub use crate::fonts::FontId;
pub use crate::fonts::{FontChain, Measure};
use crate::style::{Align, Role, RoleId, Style, VAlign};
use crate::text::linebreak::{self, BreakOptions, Line};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawn {
    /// A run of text on one baseline.
    Text {
        /// Index into [`Layout::fonts`].
        font: FontId,
        /// Size in points (五号 is 10.5).
        size: f32,
        /// Left edge of the first character.
        x: f32,
        /// Baseline, from the page top.
        baseline: f32,
        /// The characters, drawn with their natural advances.
        text: String,
    },
    /// A straight rule.
    Rule {
        /// Start (x, y).
        from: (f32, f32),
        /// End (x, y).
        to: (f32, f32),
        /// Stroke width in points.
        width: f32,
    },
}

/// By the bits of its numbers: two runs or rules hash alike when they draw the same.
impl std::hash::Hash for Drawn {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            Drawn::Text {
                font,
                size,
                x,
                baseline,
                text,
            } => {
                (font.index(), text).hash(h);
                [size, x, baseline].map(|v| v.to_bits()).hash(h);
            }
            Drawn::Rule { from, to, width } => {
                [from.0, from.1, to.0, to.1, *width]
                    .map(f32::to_bits)
                    .hash(h);
            }
        }
    }
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Paper width in points.
    pub width: f32,
    /// Paper height in points.
    pub height: f32,
    /// Portrait or landscape.
    pub orientation: Orientation,
    /// What is drawn, in drawing order.
    pub items: Vec<Drawn>,
    /// Where each paragraph and table cell on the page stands, and which it is: what a
    /// reader pointing at the page is shown the source of (`huibao serve`).
    pub areas: Vec<Area>,
}

/// Which part of a section's document a stretch of a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Block `block` (a paragraph) of section `section`.
    Paragraph {
        /// The section, in document order.
        section: usize,
        /// The block within the section.
        block: usize,
    },
    /// A table cell: of the table at `block`, row group `group` (None: the head), its row
    /// `row` and that row's cell `cell` (in the row's order, not the column).
    Cell {
        /// The section, in document order.
        section: usize,
        /// The table's block within the section.
        block: usize,
        /// The row group (one item of an annex), or None for the table head.
        group: Option<usize>,
        /// The row within the group.
        row: usize,
        /// The cell within the row.
        cell: usize,
    },
}

/// A rectangle of a page (x, y of its top-left corner from the page's, width, height; in
/// points) and what it shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// `[x, y, width, height]`.
    pub rect: [f32; 4],
    /// The paragraph or cell.
    pub origin: Origin,
}

/// By the bits of its numbers, as [`Drawn`].
impl std::hash::Hash for Area {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.rect.map(f32::to_bits).hash(h);
        self.origin.hash(h);
    }
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Font names (keys of `style.fonts`), indexed by [`Drawn::Text::font`].
    pub fonts: Vec<String>,
    /// The pages.
    pub pages: Vec<Page>,
}

/// Lays out `doc` with the style's fonts, without page numbers.
pub fn lay_out(doc: &crate::document::Document, style: &Style, measure: &dyn Measure) -> Layout {
    let engine = Engine::new(style, measure);
    layout(doc, &engine)
}

/// The text of `p` with a line break wherever the PDF breaks a balanced title, for a column
/// `width` points wide: the Word file carries those breaks, so Word, WPS and LibreOffice break
/// the title where the PDF does (at their own pitch they would split a word).
pub fn with_balanced_breaks(
    p: &crate::document::Paragraph,
    style: &Style,
    measure: &dyn Measure,
    width: f32,
) -> String {
    flow::with_balanced_breaks(&Engine::new(style, measure), p, width).into_owned()
}

/// The lines of `text` as role `role` sets them in a column `width` points wide.
pub fn lines_as_set(
    style: &Style,
    measure: &dyn Measure,
    role: RoleId,
    text: &str,
    width: f32,
) -> Vec<String> {
    let engine = Engine::new(style, measure);
    let ts = engine.text_style(role, width);
    engine
        .lines(text, &ts, width.max(1.0))
        .iter()
        .map(crate::text::linebreak::Line::text)
        .collect()
}

/// A role resolved against a font and a line width.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// The role's first font (index), which draws whatever no font in the chain has.
    pub font: FontId,
    /// The whole fallback chain, `font` first.
    pub chain: FontChain,
    /// The first font's em-box ascent, in em.
    pub ascent: f32,
    /// Size in points.
    pub size: f32,
    /// Baseline-to-baseline distance.
    pub pitch: f32,
    /// Added to the advance of every full-width character (the GB/T 9704 character grid).
    pub tracking: f32,
    /// Horizontal alignment.
    pub align: Align,
    /// Vertical alignment in cells.
    pub valign: VAlign,
    /// Justify full lines.
    pub justify: bool,
    /// Most a justified gap may widen, in points.
    pub max_stretch: f32,
    /// First-line indent, in points.
    pub first_indent: f32,
    /// Indent of all lines, in points.
    pub left_indent: f32,
    /// Space before, in points.
    pub space_before: f32,
    /// Space after, in points.
    pub space_after: f32,
    /// What a line may break inside.
    pub units: crate::text::linebreak::Units,
}

impl TextStyle {
    /// Where the baseline sits below the top of a line box: the em box centred in the pitch.
    pub fn baseline_offset(&self) -> f32 {
        (self.pitch - self.size) / 2.0 + self.ascent * self.size
    }
}

/// Shared state of a layout run: style, fonts and measurements.
pub struct Engine<'a> {
    /// The style.
    pub style: &'a Style,
    /// Font measurements.
    pub measure: &'a dyn Measure,
    /// Font names by index.
    pub fonts: Vec<String>,
}

impl<'a> Engine<'a> {
    /// An engine over `style`'s fonts.
    pub fn new(style: &'a Style, measure: &'a dyn Measure) -> Engine<'a> {
        Engine {
            style,
            measure,
            fonts: style.fonts.keys().cloned().collect(),
        }
    }

    /// Resolves `role` for lines `width` points wide.
    pub fn text_style(&self, role: RoleId, width: f32) -> TextStyle {
        let role: &Role = self.style.role(role);
        let size = role.size.clamp(1.0, 255.0);
        let char_pitch = match role.chars_per_line {
            Some(n) if n > 0 => width / n as f32,
            _ => size,
        };
        // Fonts drawn from one face are one font on the page (one subset in the PDF).
        let chain: Vec<FontId> = crate::fonts::chain_ids(&self.fonts, &role.font)
            .into_iter()
            .map(|id| self.measure.face_of(id))
            .collect();
        let first = chain.first().copied().unwrap_or_default();
        let chain = FontChain::new(&chain);
        TextStyle {
            font: first,
            chain,
            ascent: self.measure.ascent(first),
            size,
            pitch: role.pitch(),
            tracking: char_pitch - size,
            align: role.align,
            valign: role.valign,
            justify: role.justify,
            max_stretch: role.max_stretch * size,
            first_indent: role.indent * char_pitch,
            left_indent: role.left_indent * char_pitch,
            space_before: role.space_before * role.pitch(),
            space_after: role.space_after * role.pitch(),
            units: role.breaks.units(),
        }
    }

    /// The font of `ts`'s chain that draws `ch`: the first that has it (or the first font).
    pub fn font_for(&self, ts: &TextStyle, ch: char) -> FontId {
        if ch.is_whitespace() {
            return ts.font;
        }
        ts.chain.find(self.measure, ch).unwrap_or(ts.font)
    }

    /// The advance of `ch` in `ts`, tracking included.
    pub fn advance(&self, ts: &TextStyle, ch: char) -> f32 {
        let em = self.measure.advance(self.font_for(ts, ch), ch);
        em * ts.size + if em >= 0.9 { ts.tracking } else { 0.0 }
    }

    /// Breaks `text` into lines `width` points wide in style `ts`, aligned.
    pub fn lines(&self, text: &str, ts: &TextStyle, width: f32) -> Vec<Line> {
        let opts = BreakOptions {
            width,
            first_indent: ts.first_indent,
            left_indent: ts.left_indent,
            justify: ts.justify && ts.align == Align::Left,
            max_stretch: ts.max_stretch,
            units: ts.units,
        };
        let mut lines = linebreak::break_lines(text, &opts, &|c| self.advance(ts, c));
        if ts.align != Align::Left {
            for line in &mut lines {
                let start = line.glyphs.first().map_or(0.0, |g| g.x);
                let used = line.width - start;
                let dx = match ts.align {
                    Align::Center => (width - used) / 2.0 - start,
                    Align::Right => width - used - start,
                    Align::Left => 0.0,
                };
                line.shift(dx.max(-start));
            }
        }
        lines
    }

    /// Draws a line at (`x0`, `baseline`): one run per stretch of natural spacing in one font.
    pub fn emit_line(
        &self,
        items: &mut Vec<Drawn>,
        ts: &TextStyle,
        x0: f32,
        baseline: f32,
        line: &Line,
    ) {
        let size = ts.size;
        let mut run = String::new();
        let mut run_x = 0.0;
        let mut run_font = ts.font;
        let mut next_x = f32::NAN;
        let flush = |run: &mut String, run_x: f32, font: FontId, items: &mut Vec<Drawn>| {
            if !run.is_empty() {
                items.push(Drawn::Text {
                    font,
                    size: ts.size,
                    x: x0 + run_x,
                    baseline,
                    text: std::mem::take(run),
                });
            }
        };
        for g in &line.glyphs {
            let font = self.font_for(ts, g.ch);
            let natural = self.measure.advance(font, g.ch) * size;
            if run.is_empty() || (g.x - next_x).abs() > 0.01 || font != run_font {
                flush(&mut run, run_x, run_font, items);
                run_x = g.x;
                run_font = font;
            }
            run.push(g.ch);
            next_x = g.x + natural;
        }
        flush(&mut run, run_x, run_font, items);
    }
}
