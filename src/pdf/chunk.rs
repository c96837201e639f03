//! A chunk: the PDF of one section document (the report, or one annex), drawn once by genpdf
//! without page numbers and kept as a finished lopdf document. Output files are composed from
//! chunks ([`super::compose`]), so an annex drawn for the full material is not drawn again for
//! its own file, and no genpdf document ever holds more than one section.

use super::finish;
use super::write;
use crate::fonts::FontSet;
use crate::layout::{Drawn, Layout};
use fontcull_skrifa::{FontRef, MetadataProvider};
use lopdf::Document;
use std::collections::BTreeMap;

/// The font page numbers are drawn with, as this chunk embeds it.
#[derive(Debug, Clone)]
pub struct NumberFont {
    /// Its name in the pages' font resources (`F0`, …).
    pub resource: Vec<u8>,
    /// Glyph ids of the characters page numbers use.
    pub glyphs: BTreeMap<char, u16>,
}

/// One section's finished pages.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// The finished document (fonts subset and named, streams compressed).
    pub doc: Document,
    /// The page-number font.
    pub number_font: NumberFont,
    /// A fingerprint of what the pages show.
    pub fingerprint: [u8; 16],
}

/// Draws `layout` and finishes it; the page-number font (`number_font`) is embedded with
/// `number_chars` whether or not the pages use it.
pub fn render(
    layout: &Layout,
    fonts: &FontSet,
    number_font: usize,
    number_chars: &str,
) -> Result<Chunk, String> {
    let rendered = write::render(layout, fonts, "", Some((number_font, number_chars)))?;
    let mut doc =
        Document::load_mem(&rendered.bytes).map_err(|e| format!("PDF post-processing: {e}"))?;
    let embedded = finish::name_subset_fonts(&mut doc);
    let wanted = rendered.subsets[number_font]
        .as_ref()
        .ok_or("the page-number font was not embedded")?;
    let type0 = embedded
        .iter()
        .find(|(_, bytes)| bytes == wanted)
        .map(|(id, _)| *id)
        .ok_or("the page-number font is missing from the PDF")?;
    let resource =
        font_resource_name(&doc, type0).ok_or("the page-number font has no resource name")?;
    let font = FontRef::new(wanted).map_err(|e| format!("page-number font: {e}"))?;
    let charmap = font.charmap();
    let mut glyphs = BTreeMap::new();
    for c in number_chars.chars() {
        let gid = charmap
            .map(c)
            .ok_or_else(|| format!("the page-number font has no '{c}'"))?;
        glyphs.insert(c, gid.to_u32() as u16);
    }
    drop_placeholder_fonts(&mut doc);
    finish::compress(&mut doc)?;
    Ok(Chunk {
        doc,
        number_font: NumberFont { resource, glyphs },
        fingerprint: layout_fingerprint(layout),
    })
}

/// Removes the built-in fonts that only fill genpdf's unused font-family slots (nothing is
/// drawn with them) from the pages' font resources; pruning then drops the objects.
fn drop_placeholder_fonts(doc: &mut Document) {
    let builtin: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|n| n == b"Type1")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for obj in doc.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = obj else {
            continue;
        };
        let unused: Vec<Vec<u8>> = dict
            .iter()
            .filter(|(_, v)| v.as_reference().is_ok_and(|r| builtin.contains(&r)))
            .map(|(k, _)| k.clone())
            .collect();
        for key in unused {
            dict.remove(&key);
        }
    }
    for id in builtin {
        doc.objects.remove(&id);
    }
}

/// The key under which the pages' font dictionary refers to `font`.
fn font_resource_name(doc: &Document, font: lopdf::ObjectId) -> Option<Vec<u8>> {
    doc.objects.values().find_map(|obj| {
        let dict = obj.as_dict().ok()?;
        dict.iter()
            .find(|(_, v)| v.as_reference().ok() == Some(font))
            .map(|(k, _)| k.clone())
    })
}

/// A fingerprint of what the pages show, for document IDs.
fn layout_fingerprint(laid: &Layout) -> [u8; 16] {
    let mut bytes = Vec::new();
    for page in &laid.pages {
        bytes.extend_from_slice(&page.width.to_le_bytes());
        for item in &page.items {
            if let Drawn::Text {
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
