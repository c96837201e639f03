//! Stage 3b: the PDF writer. Lays a document out, draws it through genpdf with subset fonts,
//! and finishes the bytes with lopdf.

pub mod finish;
pub mod fonts;
pub mod system_fonts;
pub mod write;

use crate::date::DateTime;
use crate::layout::{self, Engine, Layout};
use crate::render::document::Document;
use crate::style::Style;
use fonts::FontSet;

/// Metadata written into the PDF.
#[derive(Debug, Clone)]
pub struct PdfMeta {
    /// Document title.
    pub title: String,
    /// Author (the presenting office).
    pub author: String,
    /// Creation and modification time.
    pub time: DateTime,
}

/// A character that no font of its role has: (character, role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// The role whose font lacks it.
    pub role: String,
    /// The font's name in the style.
    pub font: String,
}

/// Every character of `doc` that its role's font cannot draw (first occurrence each).
pub fn missing_glyphs(doc: &Document, style: &Style, fonts: &FontSet) -> Vec<MissingGlyph> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (role, text) in doc.texts() {
        let font_name = &style.role(role).font;
        let Some(fi) = fonts.names.iter().position(|n| n == font_name) else {
            continue;
        };
        for ch in text.chars() {
            if ch == '\n' || !seen.insert((fi, ch)) {
                continue;
            }
            if fonts.lookup(fi, ch).is_none() {
                out.push(MissingGlyph {
                    ch,
                    role: role.to_string(),
                    font: font_name.clone(),
                });
            }
        }
    }
    out
}

/// Lays out `doc` with the style's fonts, without page numbers.
pub fn layout(doc: &Document, style: &Style, fonts: &FontSet) -> Layout {
    let engine = Engine::new(style, fonts);
    layout::layout(doc, &engine)
}

/// Joins laid-out parts into one document and numbers its pages from 1.
pub fn assemble(parts: &[&Layout], style: &Style, fonts: &FontSet) -> Layout {
    let mut pages: Vec<layout::Page> = parts.iter().flat_map(|l| l.pages.iter().cloned()).collect();
    let engine = Engine::new(style, fonts);
    layout::number_pages(&mut pages, &engine);
    Layout {
        fonts: engine.fonts.clone(),
        pages,
    }
}

/// Writes laid-out, numbered pages as finished PDF bytes.
pub fn write_pdf(
    laid: &Layout,
    style: &Style,
    fonts: &FontSet,
    meta: &PdfMeta,
) -> Result<Vec<u8>, String> {
    let raw = write::render(laid, fonts, &meta.title)?;
    finish::finish(
        &raw,
        &finish::Finish {
            title: &meta.title,
            author: &meta.author,
            time: &meta.time,
            rule: style.table.rule,
            fingerprint: layout_fingerprint(laid),
        },
    )
}

/// A fingerprint of what the pages show, for the PDF's document ID.
fn layout_fingerprint(laid: &Layout) -> [u8; 16] {
    let mut bytes = Vec::new();
    for page in &laid.pages {
        bytes.extend_from_slice(&page.width.to_le_bytes());
        for item in &page.items {
            if let layout::Drawn::Text {
                text, x, baseline, ..
            } = item
            {
                bytes.extend_from_slice(text.as_bytes());
                bytes.extend_from_slice(&x.to_le_bytes());
                bytes.extend_from_slice(&baseline.to_le_bytes());
            }
        }
    }
    finish::fingerprint(&bytes)
}
