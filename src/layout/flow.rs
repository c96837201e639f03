//! The page flow: sections start new pages, paragraphs fill lines down the text block and
//! continue on the next page, headings keep with what follows, tables hand over to
//! [`super::table`].

use super::{Area, Drawn, Engine, Layout, Origin, PT_PER_MM, Page, table};
use crate::document::{Block, Document, Orientation, Paragraph};
use crate::style::PageGeometry;

/// Page geometry in points.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Paper width.
    pub width: f32,
    /// Paper height.
    pub height: f32,
    /// Text block left edge.
    pub left: f32,
    /// Text block top edge.
    pub top: f32,
    /// Text block width.
    pub text_width: f32,
    /// Text block height.
    pub text_height: f32,
}

impl Frame {
    /// Converts a geometry in millimetres.
    pub fn from_mm(g: &PageGeometry) -> Frame {
        Frame {
            width: g.width * PT_PER_MM,
            height: g.height * PT_PER_MM,
            left: g.left * PT_PER_MM,
            top: g.top * PT_PER_MM,
            text_width: g.text_width() * PT_PER_MM,
            text_height: g.text_height() * PT_PER_MM,
        }
    }
}

/// Pages being filled: the current page, the frame and the cursor.
pub struct Flow<'e, 'a> {
    /// The engine.
    pub engine: &'e Engine<'a>,
    /// Finished and current pages.
    pub pages: Vec<Page>,
    /// The current frame.
    pub frame: Frame,
    /// The current orientation.
    pub orientation: Orientation,
    /// Cursor: distance from the text block's top, in points.
    pub y: f32,
    /// The section being laid out, in document order (for [`Origin`]).
    pub section: usize,
}

impl Flow<'_, '_> {
    /// Starts a new page with the current frame.
    pub fn new_page(&mut self) {
        self.pages.push(Page {
            width: self.frame.width,
            height: self.frame.height,
            orientation: self.orientation,
            items: Vec::new(),
            areas: Vec::new(),
        });
        self.y = 0.0;
    }

    /// Room left on the current page.
    pub fn room(&self) -> f32 {
        self.frame.text_height - self.y
    }

    /// The current page's items.
    pub fn items(&mut self) -> &mut Vec<Drawn> {
        if self.pages.is_empty() {
            self.new_page();
        }
        // Just ensured non-empty.
        &mut self.pages.last_mut().expect("a page exists").items
    }

    /// Notes that `rect` of the current page shows `origin`: joined to the page's last area
    /// when that shows the same (a paragraph's lines make one area per page).
    pub fn mark(&mut self, origin: Origin, rect: [f32; 4]) {
        if self.pages.is_empty() {
            self.new_page();
        }
        // Just ensured non-empty.
        let areas = &mut self.pages.last_mut().expect("a page exists").areas;
        match areas.last_mut() {
            Some(last) if last.origin == origin => {
                let [x, y, w, h] = last.rect;
                let (x0, y0) = (x.min(rect[0]), y.min(rect[1]));
                let x1 = (x + w).max(rect[0] + rect[2]);
                let y1 = (y + h).max(rect[1] + rect[3]);
                last.rect = [x0, y0, x1 - x0, y1 - y0];
            }
            _ => areas.push(Area { rect, origin }),
        }
    }

    fn paragraph(&mut self, p: &Paragraph, keep_with_next: f32, origin: Origin) {
        let width = self.frame.text_width;
        let ts = self.engine.text_style(p.role, width);
        let lines = self
            .engine
            .lines(&with_balanced_breaks(self.engine, p, width), &ts, width);
        if self.y > 0.0 {
            self.y += ts.space_before;
        }
        // Text on the GB/T 9704 grid (the roles that set characters per line) starts on a line
        // of it, whatever a title of another pitch above took: every page's lines align.
        if self.engine.style.role(p.role).chars_per_line.is_some() && ts.pitch > 0.0 {
            self.y = ((self.y - 0.01) / ts.pitch).ceil().max(0.0) * ts.pitch;
        }
        let needed = lines.len() as f32 * ts.pitch + keep_with_next;
        let keep_together = self.engine.style.role(p.role).keep_together;
        if self.y > 0.0
            && needed <= self.frame.text_height
            && self.y + needed > self.frame.text_height + 0.01
            && (keep_with_next > 0.0 || keep_together)
        {
            self.new_page();
        }
        // Widows and orphans: a paragraph running over a page break leaves at least two lines
        // on each side — one line alone at the page's foot moves on with the rest, and the
        // page ends a line early rather than leave its last line alone at the next one's top.
        let fit = ((self.frame.text_height + 0.01 - self.y) / ts.pitch)
            .floor()
            .max(0.0) as usize;
        let mut break_after = None;
        if self.y > 0.0 && fit < lines.len() && lines.len() >= 2 {
            if fit == 1 {
                self.new_page();
            } else if lines.len() - fit == 1 && fit >= 3 {
                break_after = Some(fit - 1);
            }
        }
        // On the grid, every role's lines share the body text's baselines (a heading in 黑体
        // sits on the same line as the 仿宋 text beside it, whatever the fonts' ascents).
        let offset = match self
            .engine
            .style
            .role_id(&self.engine.style.defaults.paragraph)
        {
            Some(body) if self.engine.style.role(p.role).chars_per_line.is_some() => {
                let body_ts = self.engine.text_style(body, width);
                if (body_ts.pitch - ts.pitch).abs() < 0.01 && (body_ts.size - ts.size).abs() < 0.01
                {
                    body_ts.baseline_offset()
                } else {
                    ts.baseline_offset()
                }
            }
            _ => ts.baseline_offset(),
        };
        for (k, line) in lines.iter().enumerate() {
            let early = break_after == Some(k);
            if (early || self.y + ts.pitch > self.frame.text_height + 0.01) && self.y > 0.0 {
                self.new_page();
            }
            let baseline = self.frame.top + self.y + offset;
            let x0 = self.frame.left;
            let engine = self.engine;
            engine.emit_line(self.items(), &ts, x0, baseline, line);
            let top = self.frame.top + self.y;
            self.mark(origin, [x0, top, self.frame.text_width, ts.pitch]);
            self.y += ts.pitch;
        }
        self.y += ts.space_after;
    }
}

/// The text of `p` as it is set in a column `width` points wide: with a line break where each
/// line ends when its role balances its lines (a title) and it has no breaks of its own.
pub fn with_balanced_breaks<'p>(
    engine: &Engine,
    p: &'p Paragraph,
    width: f32,
) -> std::borrow::Cow<'p, str> {
    if engine.style.role(p.role).balance && !p.text.contains('\n') {
        let ts = engine.text_style(p.role, width);
        std::borrow::Cow::Owned(balanced(engine, &ts, &p.text, width))
    } else {
        std::borrow::Cow::Borrowed(&p.text)
    }
}

/// `text` with a line break where each balanced line of a title ends
/// ([`crate::text::balance`]), or as it is when it fits on a line or cannot be balanced.
fn balanced(engine: &Engine, ts: &super::TextStyle, text: &str, width: f32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let widths: Vec<f32> = chars.iter().map(|&c| engine.advance(ts, c)).collect();
    let room = width - ts.left_indent - ts.first_indent.max(0.0);
    match crate::text::balance::balanced_breaks(&chars, &widths, room) {
        Some(breaks) => {
            let mut out = String::with_capacity(text.len() + breaks.len());
            let mut next = breaks.iter().peekable();
            for (i, c) in chars.iter().enumerate() {
                if next.next_if(|&&b| b == i).is_some() {
                    out.push('\n');
                }
                out.push(*c);
            }
            out
        }
        None => text.to_string(),
    }
}

/// Room a `keep_with_next` paragraph needs below it for the start of what follows (`next`, the
/// blocks after it): a line of a paragraph; the whole of a run of `keep_together` paragraphs
/// (the attachment list after the closing, so the list is never left alone on a page), when
/// that run fits on a page; the head of a table.
fn room_for_start(next: &[Block], engine: &Engine, width: f32, page: f32) -> f32 {
    let kept = |p: &Paragraph| engine.style.role(p.role).keep_together;
    match next.first() {
        Some(Block::Paragraph(p)) if kept(p) => {
            let mut total = 0.0;
            for block in next {
                let Block::Paragraph(q) = block else { break };
                if !kept(q) {
                    break;
                }
                let ts = engine.text_style(q.role, width);
                total +=
                    ts.space_before + engine.lines(&q.text, &ts, width).len() as f32 * ts.pitch;
            }
            if total <= page * 0.5 {
                total
            } else {
                engine.text_style(p.role, width).pitch
            }
        }
        // A paragraph that keeps with what follows it in turn (a heading over a heading, a
        // heading with no text over the closing): all of it and the start of what follows it,
        // when that takes at most half a page; so no heading is left alone at a page's foot.
        Some(Block::Paragraph(p)) if engine.style.role(p.role).keep_with_next => {
            let ts = engine.text_style(p.role, width);
            let own = ts.space_before
                + engine.lines(&p.text, &ts, width).len() as f32 * ts.pitch
                + ts.space_after;
            let total = own + room_for_start(&next[1..], engine, width, page);
            if total <= page * 0.5 { total } else { ts.pitch }
        }
        Some(Block::Paragraph(p)) => engine.text_style(p.role, width).pitch,
        Some(Block::Table(t)) => {
            // A two-line header row and one line of the first row, with their padding.
            let pad = engine.style.table.padding * PT_PER_MM;
            let first = t
                .head
                .iter()
                .chain(t.groups.iter().flatten())
                .find_map(|r| r.cells.first())
                .map_or(engine.style.defaults.cell_id, |c| c.role);
            3.0 * engine.text_style(first, width).pitch + 4.0 * pad
        }
        _ => 0.0,
    }
}

/// Lays out `doc` (without page numbers: see [`super::page_numbers`]).
pub fn layout(doc: &Document, engine: &Engine) -> Layout {
    let mut flow = Flow {
        engine,
        pages: Vec::new(),
        frame: Frame::from_mm(&engine.style.pages.portrait),
        orientation: Orientation::Portrait,
        y: 0.0,
        section: 0,
    };
    for (s, section) in doc.sections.iter().enumerate() {
        flow.section = s;
        flow.orientation = section.orientation;
        flow.frame = Frame::from_mm(
            engine
                .style
                .page(section.orientation == Orientation::Landscape),
        );
        flow.new_page();
        for (i, block) in section.blocks.iter().enumerate() {
            match block {
                Block::Paragraph(p) => {
                    let keep = if engine.style.role(p.role).keep_with_next {
                        room_for_start(
                            &section.blocks[i + 1..],
                            engine,
                            flow.frame.text_width,
                            flow.frame.text_height,
                        )
                    } else {
                        0.0
                    };
                    let origin = Origin::Paragraph {
                        section: s,
                        block: i,
                    };
                    flow.paragraph(p, keep, origin);
                }
                Block::Table(t) => table::layout_table(&mut flow, t, i),
                Block::PageBreak => {
                    if flow.y > 0.0 {
                        flow.new_page();
                    }
                }
            }
        }
    }
    Layout {
        fonts: engine.fonts.clone(),
        pages: flow.pages,
    }
}
