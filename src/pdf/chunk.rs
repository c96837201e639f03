//! A chunk: the PDF of one section document (the report, or one annex), drawn once by genpdf
//! without page numbers and kept as a finished lopdf document. Output files are composed from
//! chunks ([`super::compose`]), so an annex drawn for the full material is not drawn again for
//! its own file, and no genpdf document ever holds more than one section.

use super::embed::{self, StandIn};
use super::finish;
use super::write;
use crate::fonts::FontSet;
use crate::layout::{Drawn, Layout};
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
    let rendered = write::render(layout, fonts, Some((number_font, number_chars)))?;
    finish_chunk(layout, &rendered, number_font, number_chars)
}

/// Finishes genpdf's output: the subsets in place of their stand-ins, the printpdf-embedded
/// ones named as subsets, the page-number font's glyphs found, streams compressed.
fn finish_chunk(
    layout: &Layout,
    rendered: &write::Rendered,
    number_font: usize,
    number_chars: &str,
) -> Result<Chunk, String> {
    let mut doc =
        Document::load_mem(&rendered.bytes).map_err(|e| format!("PDF post-processing: {e}"))?;
    embed::replace_stand_ins(&mut doc, &rendered.stand_ins())?;
    if rendered
        .slots
        .iter()
        .zip(&rendered.subsets)
        .any(|(slot, s)| slot.is_none() && s.is_some())
    {
        finish::name_subset_fonts(&mut doc);
    }
    // The page-number font comes first in the stand-ins' order, so it always has one.
    let (Some(subset), Some(slot)) = (&rendered.subsets[number_font], rendered.slots[number_font])
    else {
        return Err("the page-number font was not embedded".into());
    };
    let resource = StandIn::new(slot, subset).resource;
    let mut glyphs = BTreeMap::new();
    for c in number_chars.chars() {
        let gid = subset
            .glyphs
            .get(&c)
            .ok_or_else(|| format!("the page-number font has no '{c}'"))?;
        glyphs.insert(c, *gid);
    }
    finish::compress(&mut doc)?;
    Ok(Chunk {
        doc,
        number_font: NumberFont { resource, glyphs },
        fingerprint: layout_fingerprint(layout),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Orientation;
    use crate::layout::Page;
    use crate::theme::Theme;

    fn text(font: usize, text: &str, baseline: f32) -> Drawn {
        Drawn::Text {
            font,
            size: 12,
            x: 72.0,
            baseline,
            text: text.into(),
        }
    }

    /// The page's content with each font's text as the glyph codes of its subset.
    fn shown(chunk: &Chunk) -> String {
        let page = *chunk.doc.get_pages().values().next().unwrap();
        String::from_utf8_lossy(&chunk.doc.get_page_content(page).unwrap()).into_owned()
    }

    #[test]
    fn fonts_beyond_the_stand_ins_are_embedded_by_printpdf_alongside() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-templates")).unwrap();
        let fonts = FontSet::load(&theme).unwrap();
        let index = |name: &str| fonts.names.iter().position(|n| n == name).unwrap();
        let (song, hei) = (index("song"), index("hei"));
        let layout = Layout {
            fonts: fonts.names.clone(),
            pages: vec![Page {
                width: 595.0,
                height: 842.0,
                orientation: Orientation::Portrait,
                items: vec![text(song, "永安市", 100.0), text(hei, "大田县", 130.0)],
            }],
        };
        for stand_ins in [1, 14] {
            let rendered =
                write::render_with(&layout, &fonts, Some((song, "1")), stand_ins).unwrap();
            assert_eq!(rendered.slots[song], Some(0));
            assert_eq!(rendered.slots[hei], (stand_ins > 1).then_some(1));
            let chunk = finish_chunk(&layout, &rendered, song, "1").unwrap();
            let mut type0 = 0;
            for obj in chunk.doc.objects.values() {
                let Ok(d) = obj.as_dict() else { continue };
                let subtype = d.get(b"Subtype").and_then(lopdf::Object::as_name).ok();
                assert_ne!(subtype, Some(&b"Type1"[..]), "a stand-in was left");
                if subtype == Some(b"Type0") {
                    type0 += 1;
                    let name = d.get(b"BaseFont").unwrap().as_name_str().unwrap();
                    assert_eq!(name.find('+'), Some(6), "{name}");
                }
            }
            assert_eq!(type0, 2);
            // The stand-in's text is one string of the subset's glyph codes.
            let subset = rendered.subsets[song].as_ref().unwrap();
            let codes: String = "永安市"
                .chars()
                .map(|c| format!("{:04X}", subset.glyphs[&c]))
                .collect();
            assert!(
                shown(&chunk).contains(&format!("<{codes}> Tj")),
                "{}",
                shown(&chunk)
            );
            assert_eq!(chunk.number_font.glyphs[&'1'], subset.glyphs[&'1']);
        }
    }
}
