//! A chunk: the PDF of one section document (the report, or one annex), drawn once by genpdf
//! without page numbers and kept as finished lopdf documents. Output files are composed from
//! chunks ([`super::compose`]), so an annex drawn for the full material is not drawn again for
//! its own file. A long section is drawn in pieces of [`PAGES_PER_PIECE`] pages, so no genpdf
//! document holds more than that many pages' drawing operations (about 200 bytes a character
//! until it is saved); each finished piece is joined to the chunk at once, its copies of the
//! section's font subsets dropped for the chunk's own.

use super::embed::{self, StandIn};
use super::finish;
use super::pieces::{self, Pieces};
use super::write::{self, SectionFonts};
use crate::fonts::{FontId, FontSet};
use crate::layout::{Drawn, Layout};
use lopdf::{Document, Object};
use std::collections::{BTreeMap, BTreeSet};

/// Pages drawn by one genpdf document. The seed's sections are one piece each; an annex of
/// 500 long items, 800 pages, is 13 pieces and peaks at a 16th of the memory in one piece.
pub const PAGES_PER_PIECE: usize = 64;

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
/// `number_chars` whether or not the pages use it. A session passes the drawings of its last
/// build (`kept`, with this section's key): the pieces that show the same are not drawn again.
pub fn render(
    layout: &Layout,
    (fonts, shared): (&FontSet, &[BTreeSet<char>]),
    (number_font, number_chars): (FontId, &str),
    kept: Option<(&Pieces, u64)>,
) -> Result<Chunk, String> {
    render_with(
        layout,
        (fonts, shared),
        (number_font, number_chars),
        embed::STAND_INS.len(),
        kept,
    )
}

/// [`render`] with at most `stand_ins` fonts drawn through stand-ins.
fn render_with(
    layout: &Layout,
    (fonts, shared): (&FontSet, &[BTreeSet<char>]),
    (number_font, number_chars): (FontId, &str),
    stand_ins: usize,
    kept: Option<(&Pieces, u64)>,
) -> Result<Chunk, String> {
    let extra = Some((number_font, number_chars));
    let section = SectionFonts::new(layout, (fonts, shared), extra, stand_ins)?;
    // A font printpdf embeds is in its drawing: such a drawing is not kept.
    let kept = kept.filter(|_| !section.embeds_without_stand_in());
    let metrics = match kept {
        Some(_) => pieces::metrics(&section)?,
        None => Vec::new(),
    };
    let mut doc: Option<Document> = None;
    let mut deflated = finish::Deflated::default();
    for pages in layout.pages.chunks(PAGES_PER_PIECE) {
        let draw = || write::render_pages(pages, &section, fonts);
        let piece = match kept {
            Some((kept, key)) => {
                let drawn = kept.draw(key, pages, &section, &metrics, draw)?;
                let drawing = (&drawn.bytes[..], &drawn.stand_ins[..], pages);
                finish_piece(drawing, &section, &mut deflated)?
            }
            None => {
                let stand_ins = section.stand_ins();
                finish_piece((&draw()?, &stand_ins, pages), &section, &mut deflated)?
            }
        };
        match &mut doc {
            None => doc = Some(piece),
            Some(doc) => append(doc, piece)?,
        }
    }
    let doc = doc.ok_or_else(|| crate::tr!("pdf-no-pages"))?;
    // The page-number font comes first in the stand-ins' order, so it always has one.
    let (Some(subset), Some(slot)) = (
        &section.subsets[number_font.index()],
        section.slots[number_font.index()],
    ) else {
        return Err(crate::tr!(
            "internal-error",
            detail = "the page-number font was not embedded"
        ));
    };
    let mut glyphs = BTreeMap::new();
    for c in number_chars.chars() {
        let gid = subset
            .glyphs
            .get(&c)
            .ok_or_else(|| crate::tr!("pdf-page-number-glyph", char = c.to_string()))?;
        glyphs.insert(c, *gid);
    }
    Ok(Chunk {
        doc,
        number_font: NumberFont {
            resource: StandIn::new(slot, subset).resource,
            glyphs,
        },
        fingerprint: layout_fingerprint(layout),
    })
}

/// Finishes genpdf's output for one piece (its bytes, stand-ins and pages): the subsets in
/// place of their stand-ins, each text at its size, the printpdf-embedded fonts named as
/// subsets, streams compressed.
fn finish_piece(
    (bytes, stand_ins, pages): (&[u8], &[StandIn], &[crate::layout::Page]),
    section: &SectionFonts,
    deflated: &mut finish::Deflated,
) -> Result<Document, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        crate::tr!(
            "internal-error",
            detail = format!("PDF post-processing: {e}")
        )
    })?;
    let sizes: Vec<Vec<f32>> = pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Drawn::Text { size, .. } => Some(*size),
                    Drawn::Rule { .. } => None,
                })
                .collect()
        })
        .collect();
    embed::replace_stand_ins(&mut doc, stand_ins, &sizes)?;
    finish::drop_layers(&mut doc);
    if section.embeds_without_stand_in() {
        finish::name_subset_fonts(&mut doc);
    }
    finish::compress_reusing(&mut doc, deflated)?;
    Ok(doc)
}

/// Adds `piece`'s pages after `doc`'s; its font objects are replaced by
/// `doc`'s copies of the same subsets and dropped.
fn append(doc: &mut Document, piece: Document) -> Result<(), String> {
    let broken = |what: &str| {
        crate::tr!(
            "internal-error",
            detail = format!("PDF post-processing: a piece has no {what}")
        )
    };
    let tree = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| broken("page tree"))?;
    let pages = finish::move_pages(doc, piece);
    for page in &pages {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*page) {
            d.set("Parent", Object::Reference(tree));
        }
    }
    let Ok(Object::Dictionary(t)) = doc.get_object_mut(tree) else {
        return Err(broken("page tree"));
    };
    let count = t.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
    t.set("Count", Object::Integer(count + pages.len() as i64));
    let kids = t
        .get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(|_| broken("page list"))?;
    kids.extend(pages.into_iter().map(Object::Reference));
    finish::share_fonts(doc);
    doc.prune_objects();
    Ok(())
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
    use crate::pdf::pieces::Pieces;
    use crate::theme::Theme;

    fn text(font: FontId, text: &str, baseline: f32) -> Drawn {
        Drawn::Text {
            font,
            size: 12.0,
            x: 72.0,
            baseline,
            text: text.into(),
        }
    }

    /// The built-in fonts, with the ids of 宋体 and 黑体.
    fn bundled_fonts() -> (FontSet, FontId, FontId) {
        let theme = Theme::load(std::path::Path::new("/nonexistent-templates")).unwrap();
        let fonts = FontSet::load(&theme).unwrap();
        let index = |name: &str| FontId::new(fonts.names.iter().position(|n| n == name).unwrap());
        let (song, hei) = (index("song"), index("hei"));
        (fonts, song, hei)
    }

    /// The first page's content.
    fn shown(chunk: &Chunk) -> String {
        let doc = &chunk.doc;
        let page = *doc.get_pages().values().next().unwrap();
        String::from_utf8_lossy(&doc.get_page_content(page).unwrap()).into_owned()
    }

    #[test]
    fn fonts_beyond_the_stand_ins_are_embedded_by_printpdf_alongside() {
        let (fonts, song, hei) = bundled_fonts();
        let layout = Layout {
            fonts: fonts.names.clone(),
            pages: vec![Page {
                width: 595.0,
                height: 842.0,
                orientation: Orientation::Portrait,
                items: vec![text(song, "永安市", 100.0), text(hei, "大田县", 130.0)],
                areas: Vec::new(),
            }],
        };
        for stand_ins in [1, 14] {
            let section =
                SectionFonts::new(&layout, (&fonts, &[]), Some((song, "1")), stand_ins).unwrap();
            assert_eq!(section.slots[song.index()], Some(0));
            assert_eq!(section.slots[hei.index()], (stand_ins > 1).then_some(1));
            let chunk = render_with(&layout, (&fonts, &[]), (song, "1"), stand_ins, None).unwrap();
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
            let subset = section.subsets[song.index()].as_ref().unwrap();
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

    #[test]
    fn a_long_section_is_drawn_in_pieces_joined_with_one_copy_of_each_font() {
        let (fonts, song, _) = bundled_fonts();
        let pages = PAGES_PER_PIECE * 2 + 3;
        let layout = Layout {
            fonts: fonts.names.clone(),
            pages: (0..pages)
                .map(|i| Page {
                    width: 842.0,
                    height: 595.0,
                    orientation: Orientation::Landscape,
                    items: vec![text(song, &format!("第{i}页"), 100.0)],
                    areas: Vec::new(),
                })
                .collect(),
        };
        let chunk = render(&layout, (&fonts, &[]), (song, "1"), None).unwrap();
        let doc = &chunk.doc;
        assert_eq!(doc.get_pages().len(), pages);
        let fonts_in_doc = doc
            .objects
            .values()
            .filter(|o| {
                o.as_dict().is_ok_and(|d| {
                    d.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Type0")
                })
            })
            .count();
        assert_eq!(fonts_in_doc, 1, "one copy of the subset for every piece");
        // The last page of the last piece shows its own text, in the shared font.
        let section = SectionFonts::new(&layout, (&fonts, &[]), Some((song, "1")), 14).unwrap();
        let subset = section.subsets[song.index()].as_ref().unwrap();
        let last = *doc.get_pages().values().last().unwrap();
        let content = String::from_utf8_lossy(&doc.get_page_content(last).unwrap()).into_owned();
        let codes: String = format!("第{}页", pages - 1)
            .chars()
            .map(|c| format!("{:04X}", subset.glyphs[&c]))
            .collect();
        assert!(content.contains(&format!("<{codes}> Tj")), "{content}");
    }

    /// A chunk's bytes as lopdf writes them, without printpdf's document ID (random) and
    /// information (dated): the files composed from chunks have their own.
    fn saved(chunk: &Chunk) -> Vec<u8> {
        let mut doc = chunk.doc.clone();
        doc.trailer.remove(b"ID");
        if let Ok(info) = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
        {
            doc.objects.remove(&info);
            doc.trailer.remove(b"Info");
        }
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn kept_pieces_give_the_same_chunk_as_drawing_anew_even_when_the_subset_changes() {
        let (fonts, song, hei) = bundled_fonts();
        let page = |i: usize, middle: &str| Page {
            width: 842.0,
            height: 595.0,
            orientation: Orientation::Landscape,
            items: vec![
                text(song, &format!("第{i}页永安市生态环境"), 100.0),
                text(hei, &format!("大田县{i}"), 130.0),
                Drawn::Rule {
                    from: (72.0, 140.0),
                    to: (700.0, 140.0),
                    width: 0.5,
                },
                text(
                    song,
                    if i == PAGES_PER_PIECE + 5 {
                        middle
                    } else {
                        "合作"
                    },
                    160.0,
                ),
            ],
            areas: Vec::new(),
        };
        let layout = |middle: &str| Layout {
            fonts: fonts.names.clone(),
            pages: (0..PAGES_PER_PIECE * 3 + 2)
                .map(|i| page(i, middle))
                .collect(),
        };
        let kept = Pieces::default();
        let number = (song, "1234567890—");
        // 龘 is in no other page: the subset, and every glyph id after it, changes.
        for (build, middle) in ["合作", "合作龘", "交流合作", "合作"]
            .into_iter()
            .enumerate()
        {
            let laid = layout(middle);
            // An edited section has a new key, as in a build.
            let section = 7 + build as u64;
            let session = render(&laid, (&fonts, &[]), number, Some((&kept, section))).unwrap();
            let fresh = render(&laid, (&fonts, &[]), number, None).unwrap();
            assert!(
                saved(&session) == saved(&fresh),
                "build {build} ({middle}) differs"
            );
            kept.keep_sections(&[section]);
            // The first build draws the four pieces; each later one only the edited one.
            assert_eq!(kept.drawn(), 4 + build, "after build {build}");
        }
    }
}
