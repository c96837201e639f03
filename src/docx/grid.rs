//! Where the text grid's first line falls below what opens a page, as the PDF places it,
//! written as space before the paragraph that starts the grid.

use crate::document::Block;
use crate::layout::{Measure, PT_PER_MM};
use crate::style::{PageGeometry, Style};
use std::collections::BTreeMap;

/// Space before and after, in points, written on a paragraph in place of its style's.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Spacing {
    before: Option<f32>,
    after: Option<f32>,
}

impl Spacing {
    /// The `w:spacing` element.
    pub(super) fn xml(self) -> String {
        let twips = |pt: f32| (pt * 20.0).round().max(0.0) as u32;
        let mut xml = String::from("<w:spacing");
        if let Some(before) = self.before {
            xml.push_str(&format!(" w:before=\"{}\"", twips(before)));
        }
        if let Some(after) = self.after {
            xml.push_str(&format!(" w:after=\"{}\"", twips(after)));
        }
        xml.push_str(" />");
        xml
    }
}

/// The paragraph `xml` with `spacing` last in its properties, where the schema has it after
/// the style and the keeps (docx-rs would write it before `w:keepNext`).
pub(super) fn with_spacing(xml: Vec<u8>, spacing: Option<&str>) -> Vec<u8> {
    let Some(spacing) = spacing else { return xml };
    let xml = String::from_utf8_lossy(&xml);
    match xml.find("</w:pPr>") {
        Some(at) => format!("{}{spacing}{}", &xml[..at], &xml[at..]).into_bytes(),
        None => xml.into_owned().into_bytes(),
    }
}

/// Where the text grid's first line falls below the paragraphs that open a page (header,
/// title, presenter), by block index. The PDF starts the grid's roles (body, headings: those
/// that set `chars_per_line`) on a line of the page's grid, whatever the title above took; Word
/// and LibreOffice do not snap lines of exact pitch, so the difference is written as space
/// before that paragraph — with the space after the paragraph above it moved there too, since
/// Word adds the two and LibreOffice takes the larger.
pub(super) fn grid_starts(
    blocks: &[Block],
    style: &Style,
    measure: &dyn Measure,
    g: &PageGeometry,
) -> BTreeMap<usize, Spacing> {
    let width = g.text_width() * PT_PER_MM;
    let mut out = BTreeMap::new();
    let mut y = Some(0.0f32);
    let mut above: Option<(usize, f32)> = None;
    for (i, block) in blocks.iter().enumerate() {
        let p = match block {
            Block::Paragraph(p) => p,
            Block::Table(_) => {
                y = None;
                continue;
            }
            Block::PageBreak => {
                (y, above) = (Some(0.0), None);
                continue;
            }
        };
        let Some(at) = y else { continue };
        let r = style.role(p.role);
        let pitch = r.pitch();
        let before = if at > 0.0 {
            r.space_before * pitch
        } else {
            0.0
        };
        if r.chars_per_line.is_some() && pitch > 0.0 {
            let top = at + before;
            let extra = ((top - 0.01) / pitch).ceil().max(0.0) * pitch - top;
            let (moved, zeroed) = match above {
                Some((j, after)) if after > 0.0 => (after, Some(j)),
                _ => (0.0, None),
            };
            if extra > 0.01 || zeroed.is_some() {
                if let Some(j) = zeroed {
                    out.entry(j).or_insert_with(Spacing::default).after = Some(0.0);
                }
                out.entry(i).or_insert_with(Spacing::default).before =
                    Some(r.space_before * pitch + moved + extra);
            }
            y = None;
            continue;
        }
        let text = crate::layout::with_balanced_breaks(p, style, measure, width);
        let lines = crate::layout::lines_as_set(style, measure, p.role, &text, width).len();
        let after = r.space_after * pitch;
        y = Some(at + before + lines.max(1) as f32 * pitch + after);
        above = Some((i, after));
    }
    out
}
