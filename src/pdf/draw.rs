//! Drawing a section's [`Layout`] through genpdf: one PDF page per layout page (so portrait
//! and landscape mix), text runs with `Area::print_str`, rules with `Area::draw_line`. What
//! is kept of genpdf's file is each page's content stream, read back with lopdf (genpdf's own
//! reader) and finished: each run set in its face at its real size (genpdf sizes text in
//! whole points and draws it in the stand-in, see [`super::face`]), each rule at its width
//! (genpdf 0.2 cannot set one), printpdf's layer marks taken out (PDF/A-1 allows no optional
//! content). The files are written from these pages ([`super::file`]).

use super::face::Fonts;
use super::{DrawnPage, Section, deflate};
use crate::layout::{Drawn, Layout, PT_PER_MM, Page};
use genpdf::fonts::{FontCache, FontData, FontFamily};
use genpdf::render::Renderer;
use genpdf::style::Style;
use genpdf::{Mm, Position, Size};
use printpdf::{BuiltinFont, CustomPdfConformance, PdfConformance};

/// Pages drawn by one genpdf document: genpdf holds every page's operations (about 200 bytes a
/// character) until it saves, so an annex of 800 pages is drawn in 13 pieces and peaks at a
/// 13th of that memory.
const PAGES_PER_PIECE: usize = 64;

/// The built-in font every run is drawn in (see [`super::face`]).
const STAND_IN: BuiltinFont = BuiltinFont::Helvetica;

/// Draws `layout` with the material's `fonts`.
pub fn draw(layout: &Layout, fonts: &Fonts) -> Result<Section, String> {
    let mut section = Section::default();
    for pages in layout.pages.chunks(PAGES_PER_PIECE) {
        let bytes = draw_piece(pages, fonts)?;
        let doc = lopdf::Document::load_mem(&bytes).map_err(|e| internal(&e.to_string()))?;
        let drawn = doc.get_pages();
        if drawn.len() != pages.len() {
            return Err(internal("genpdf drew another number of pages"));
        }
        for (page, id) in pages.iter().zip(drawn.into_values()) {
            let content = doc
                .get_page_content(id)
                .map_err(|e| internal(&e.to_string()))?;
            let content = deflate(&finished(&content, page, fonts)?)?;
            // The size genpdf drew the page at (its millimetres, to a hundredth of a point):
            // its coordinates are from that page's foot.
            let [width, height] = media_box(&doc, id).unwrap_or([page.width, page.height]);
            section.pages.push(DrawnPage {
                width,
                height,
                content,
            });
        }
    }
    for page in &layout.pages {
        for item in &page.items {
            if let Drawn::Text { font, .. } = item
                && !section.fonts.contains(&font.index())
            {
                section.fonts.push(font.index());
            }
        }
    }
    section.fonts.sort_unstable();
    let contents: Vec<&[u8]> = section.pages.iter().map(|p| &p.content[..]).collect();
    section.fingerprint = super::fingerprint(&contents);
    Ok(section)
}

/// A page's width and height as genpdf's file gives them.
fn media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<[f32; 2]> {
    let dict = doc.get_dictionary(page).ok()?;
    let sides = dict
        .get(b"MediaBox")
        .and_then(lopdf::Object::as_array)
        .ok()?;
    let side = |i: usize| match sides.get(i)? {
        lopdf::Object::Integer(v) => Some(*v as f32),
        lopdf::Object::Real(v) => Some(*v as f32),
        _ => None,
    };
    Some([side(2)?, side(3)?])
}

fn internal(detail: &str) -> String {
    crate::tr!("internal-error", detail = format!("PDF drawing: {detail}"))
}

fn mm(pt: f32) -> Mm {
    Mm::from(pt / PT_PER_MM)
}

/// printpdf without its PDF/X extras (no ICC profile, no XMP metadata): only the pages are
/// kept.
fn conformance() -> PdfConformance {
    PdfConformance::Custom(CustomPdfConformance {
        identifier: String::new(),
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    })
}

/// genpdf's file of `pages`, every run in the stand-in, spelled in its face's glyph ids.
fn draw_piece(pages: &[Page], fonts: &Fonts) -> Result<Vec<u8>, String> {
    let number_face = fonts.face(fonts.number_font)?;
    // Any TrueType file gives the stand-in metrics: a run's top is worked out from the same
    // ones, so its baseline lands where the layout put it whatever the face.
    let data = FontData::new(number_face.raw.clone(), Some(STAND_IN))
        .map_err(|e| internal(&e.to_string()))?;
    let mut cache = FontCache::new(FontFamily {
        regular: data.clone(),
        bold: data.clone(),
        italic: data.clone(),
        bold_italic: data,
    });
    let font = cache.default_font_family();
    let first = pages.first().ok_or_else(|| crate::tr!("pdf-no-pages"))?;
    let mut renderer = Renderer::new(Size::new(mm(first.width), mm(first.height)), "")
        .map_err(|e| e.to_string())?
        .with_conformance(conformance());
    for page in &pages[1..] {
        renderer.add_page(Size::new(mm(page.width), mm(page.height)));
    }
    cache.load_pdf_fonts(&renderer).map_err(|e| e.to_string())?;
    for (i, page) in pages.iter().enumerate() {
        let area = renderer
            .get_page(i)
            .ok_or_else(|| internal("a page genpdf was given is missing"))?
            .first_layer()
            .area();
        for item in &page.items {
            match item {
                Drawn::Text {
                    font: id,
                    size,
                    x,
                    baseline,
                    text,
                } => {
                    // Whole points: the finished page has the real size.
                    let whole = size.round().clamp(1.0, 255.0) as u8;
                    let style = Style::new().with_font_family(font).with_font_size(whole);
                    // genpdf puts the baseline one glyph height below the given top.
                    let top = mm(*baseline) - font.regular.glyph_height(whole);
                    let spelled = fonts.face(*id)?.spelled(text);
                    let at = Position::new(mm(*x), top);
                    if !area
                        .print_str(&cache, at, style, spelled)
                        .map_err(|e| e.to_string())?
                    {
                        return Err(internal("a run below its page"));
                    }
                }
                Drawn::Rule { from, to, .. } => area.draw_line(
                    vec![
                        Position::new(mm(from.0), mm(from.1)),
                        Position::new(mm(to.0), mm(to.1)),
                    ],
                    Style::new(),
                ),
            }
        }
    }
    let mut bytes = Vec::new();
    renderer.write(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// genpdf's content stream of `page`, finished. printpdf writes one operation per line,
/// operands then operator, and no string in it holds a line break (genpdf writes text as
/// hex strings), so the lines are the operations. In drawing order, each `Tf` is a run of
/// the page (genpdf sets the font for every `print_str`) and each `m` the start of a rule.
fn finished(content: &[u8], page: &Page, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let mut runs = page.items.iter().filter_map(|item| match item {
        Drawn::Text { font, size, .. } => Some((*font, *size)),
        Drawn::Rule { .. } => None,
    });
    let mut rules = page.items.iter().filter_map(|item| match item {
        Drawn::Rule { width, .. } => Some(*width),
        Drawn::Text { .. } => None,
    });
    let mut out = Vec::with_capacity(content.len());
    let mut face = None;
    // The line width in force (the PDF's initial 1 pt), and those `q` saved for `Q`.
    let mut width = 1.0;
    let mut saved = Vec::new();
    for line in content.split_inclusive(|b| *b == b'\n') {
        let op = line.trim_ascii_end();
        if op == b"EMC" || (op.starts_with(b"/OC ") && op.ends_with(b" BDC")) {
            continue;
        }
        if op.ends_with(b" Tf") {
            let (font, size) = runs
                .next()
                .ok_or_else(|| internal("more runs than drawn"))?;
            face = Some(fonts.face(font)?);
            out.extend_from_slice(format!("/F{} {size} Tf\n", font.index()).as_bytes());
        } else if let (Some(face), Some(array)) = (face, op.strip_suffix(b" TJ")) {
            // One `<00XX>` string per stand-in character, kerning numbers between.
            let spelled: Vec<u8> = array
                .split(|b| *b == b'<')
                .skip(1)
                .filter_map(|s| {
                    let hex = s.split(|b| *b == b'>').next()?;
                    let hex = std::str::from_utf8(hex.get(hex.len().checked_sub(2)?..)?).ok()?;
                    u8::from_str_radix(hex, 16).ok()
                })
                .collect();
            out.push(b'<');
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            for b in face.codes(&spelled) {
                out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            }
            out.extend_from_slice(b"> Tj\n");
        } else {
            if op == b"q" {
                saved.push(width);
            } else if op == b"Q" {
                width = saved.pop().unwrap_or(1.0);
            } else if op.ends_with(b" m") {
                let rule = rules
                    .next()
                    .ok_or_else(|| internal("more rules than drawn"))?;
                if rule != width {
                    width = rule;
                    out.extend_from_slice(format!("{width} w\n").as_bytes());
                }
            }
            out.extend_from_slice(line);
        }
    }
    if runs.next().is_some() || rules.next().is_some() {
        return Err(internal("a run or rule genpdf did not draw"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Orientation;
    use crate::fonts::{FontId, FontSet};
    use crate::theme::Theme;
    use std::collections::BTreeSet;

    #[test]
    fn each_run_is_set_in_its_face_at_its_size_and_each_rule_at_its_width() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-templates")).unwrap();
        let fonts = FontSet::load(&theme).unwrap();
        let id = |name: &str| FontId::new(fonts.names.iter().position(|n| n == name).unwrap());
        let (song, hei) = (id("song"), id("hei"));
        let text = |font, size, text: &str| Drawn::Text {
            font,
            size,
            x: 72.0,
            baseline: 100.0,
            text: text.into(),
        };
        let rule = |width| Drawn::Rule {
            from: (72.0, 140.0),
            to: (700.0, 140.0),
            width,
        };
        let items = vec![
            text(song, 10.5, "永安市"),
            rule(0.5),
            rule(0.5),
            text(hei, 16.0, "大田县"),
            rule(2.0),
        ];
        let mut chars = vec![BTreeSet::new(); fonts.names.len()];
        chars[song.index()].extend("永安市".chars());
        chars[hei.index()].extend("大田县".chars());
        let faces = Fonts::new(&theme.style, &fonts, &chars).unwrap();
        let page = Page {
            width: 595.0,
            height: 842.0,
            orientation: Orientation::Portrait,
            items,
            areas: Vec::new(),
        };
        let bytes = draw_piece(std::slice::from_ref(&page), &faces).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let id = *doc.get_pages().values().next().unwrap();
        let content = finished(&doc.get_page_content(id).unwrap(), &page, &faces).unwrap();
        let content = String::from_utf8(content).unwrap();
        let codes = |font: FontId, text: &str| -> String {
            let face = faces.face(font).unwrap();
            text.chars()
                .map(|c| format!("{:04X}", face.glyphs[&c]))
                .collect()
        };
        let expected = [
            format!("/F{} 10.5 Tf", song.index()),
            format!("<{}> Tj", codes(song, "永安市")),
            "0.5 w".to_string(),
            format!("/F{} 16 Tf", hei.index()),
            format!("<{}> Tj", codes(hei, "大田县")),
            "2 w".to_string(),
        ];
        let mut rest = content.as_str();
        for want in &expected {
            let at = rest
                .find(want.as_str())
                .unwrap_or_else(|| panic!("{want} in {content}"));
            rest = &rest[at + want.len()..];
        }
        assert_eq!(content.matches(" w\n").count(), 2, "{content}");
        assert!(
            !content.contains("BDC") && !content.contains("TJ"),
            "{content}"
        );
    }
}
