//! Drawing a [`Layout`] through genpdf's low-level renderer: one page per layout page (so
//! portrait and landscape mix), text runs with `Area::print_str`, rules with `Area::draw_line`.

use crate::fonts::FontSet;
use crate::layout::{Drawn, Layout, PT_PER_MM};
use genpdf::fonts::{FontCache, FontData, FontFamily};
use genpdf::render::Renderer;
use genpdf::style::Style;
use genpdf::{Mm, Position, Size};
use printpdf::{CustomPdfConformance, PdfConformance};
use std::collections::BTreeSet;

fn mm(pt: f32) -> Mm {
    Mm::from(pt / PT_PER_MM)
}

fn family<T: Clone + std::fmt::Debug>(x: T) -> FontFamily<T> {
    FontFamily {
        regular: x.clone(),
        bold: x.clone(),
        italic: x.clone(),
        bold_italic: x,
    }
}

/// printpdf without its PDF/X extras (no ICC profile, no XMP metadata).
fn conformance() -> PdfConformance {
    PdfConformance::Custom(CustomPdfConformance {
        identifier: String::new(),
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..CustomPdfConformance::default()
    })
}

/// The characters each font draws, plus `extra` characters for one font (those page numbers
/// will use, drawn later).
pub fn chars_by_font(layout: &Layout, extra: Option<(usize, &str)>) -> Vec<BTreeSet<char>> {
    let mut used = vec![BTreeSet::new(); layout.fonts.len()];
    if let Some((font, chars)) = extra {
        used[font].extend(chars.chars());
    }
    for page in &layout.pages {
        for item in &page.items {
            if let Drawn::Text { font, text, .. } = item {
                used[*font].extend(text.chars());
            }
        }
    }
    used
}

/// PDF bytes straight from genpdf, and the subset font data embedded for each font index.
pub struct Rendered {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Per font index, the subset that was embedded (None when the font is unused).
    pub subsets: Vec<Option<Vec<u8>>>,
}

/// Renders `layout` to PDF bytes (before finishing). Only fonts that draw something (or are
/// named in `extra`) are embedded, each subset to its characters.
pub fn render(
    layout: &Layout,
    fonts: &FontSet,
    title: &str,
    extra: Option<(usize, &str)>,
) -> Result<Rendered, String> {
    let used = chars_by_font(layout, extra);
    let mut subsets = vec![None; layout.fonts.len()];
    let mut cache: Option<FontCache> = None;
    let mut handles = vec![None; layout.fonts.len()];
    for (i, chars) in used.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        let data = fonts.subset(i, chars)?;
        subsets[i] = Some(data.clone());
        let font_data = FontData::new(data.clone(), None)
            .map_err(|e| format!("font `{}`: {e}", fonts.names[i]))?;
        let handle = match &mut cache {
            Some(c) => c.add_font(font_data),
            None => {
                // genpdf wants a whole family as default; the unused slots are built-in PDF
                // fonts, which embed nothing.
                let builtin = |b| FontData::new(data.clone(), Some(b));
                let fam = FontFamily {
                    regular: font_data,
                    bold: builtin(printpdf::BuiltinFont::Helvetica).map_err(|e| e.to_string())?,
                    italic: builtin(printpdf::BuiltinFont::Helvetica).map_err(|e| e.to_string())?,
                    bold_italic: builtin(printpdf::BuiltinFont::Helvetica)
                        .map_err(|e| e.to_string())?,
                };
                let c = FontCache::new(fam);
                let h = c.default_font_family().regular;
                cache = Some(c);
                h
            }
        };
        handles[i] = Some(handle);
    }
    let Some(mut cache) = cache else {
        return Err("the document has no text".into());
    };
    let first = layout.pages.first().ok_or("the document has no pages")?;
    let mut renderer = Renderer::new(Size::new(mm(first.width), mm(first.height)), title)
        .map_err(|e| e.to_string())?
        .with_conformance(conformance());
    for page in &layout.pages[1..] {
        renderer.add_page(Size::new(mm(page.width), mm(page.height)));
    }
    cache.load_pdf_fonts(&renderer).map_err(|e| e.to_string())?;
    for (i, page) in layout.pages.iter().enumerate() {
        let Some(p) = renderer.get_page(i) else {
            continue;
        };
        let area = p.first_layer().area();
        for item in &page.items {
            match item {
                Drawn::Text {
                    font,
                    size,
                    x,
                    baseline,
                    text,
                } => {
                    let Some(handle) = handles[*font] else {
                        continue;
                    };
                    let style = Style::new()
                        .with_font_family(family(handle))
                        .with_font_size(*size);
                    // genpdf puts the baseline one glyph height below the given top.
                    let top = mm(*baseline) - handle.glyph_height(*size);
                    area.print_str(&cache, Position::new(mm(*x), top), style, text)
                        .map_err(|e| e.to_string())?;
                }
                Drawn::Rule { from, to, .. } => {
                    area.draw_line(
                        vec![
                            Position::new(mm(from.0), mm(from.1)),
                            Position::new(mm(to.0), mm(to.1)),
                        ],
                        Style::new(),
                    );
                }
            }
        }
    }
    let mut bytes = Vec::new();
    renderer.write(&mut bytes).map_err(|e| e.to_string())?;
    Ok(Rendered { bytes, subsets })
}
