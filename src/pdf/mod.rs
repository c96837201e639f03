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

/// Lays out `doc` with the style's fonts.
pub fn layout(doc: &Document, style: &Style, fonts: &FontSet) -> Layout {
    let engine = Engine::new(style, fonts);
    layout::layout(doc, &engine)
}

/// Lays out and writes `doc` as finished PDF bytes.
pub fn write_pdf(
    doc: &Document,
    style: &Style,
    fonts: &FontSet,
    meta: &PdfMeta,
) -> Result<Vec<u8>, String> {
    let laid = layout(doc, style, fonts);
    let raw = write::render(&laid, fonts, &meta.title)?;
    finish::finish(
        &raw,
        &meta.title,
        &meta.author,
        &meta.time,
        style.table.rule,
    )
}
