//! Drawing a [`Layout`] through genpdf's low-level renderer: one page per layout page (so
//! portrait and landscape mix), text runs with `Area::print_str`, rules with `Area::draw_line`.

use super::embed::{self, StandIn, Subset};
use crate::fonts::{FontId, FontSet};
use crate::layout::{Drawn, Layout, PT_PER_MM, Page};
use genpdf::fonts::{FontCache, FontData, FontFamily};
use genpdf::render::Renderer;
use genpdf::style::Style;
use genpdf::{Mm, Position, Size};
use printpdf::{CustomPdfConformance, PdfConformance};
use std::collections::BTreeSet;

/// The whole-point size genpdf draws `size` at.
pub fn whole_points(size: f32) -> u8 {
    size.round().clamp(1.0, 255.0) as u8
}

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
pub fn chars_by_font(layout: &Layout, extra: Option<(FontId, &str)>) -> Vec<BTreeSet<char>> {
    let mut used = vec![BTreeSet::new(); layout.fonts.len()];
    if let Some((font, chars)) = extra {
        used[font.index()].extend(chars.chars());
    }
    for page in &layout.pages {
        for item in &page.items {
            if let Drawn::Text { font, text, .. } = item {
                used[font.index()].extend(text.chars());
            }
        }
    }
    used
}

/// The fonts a section is drawn with, made once for all its pieces: each used font's subset
/// and stand-in slot.
pub struct SectionFonts {
    /// Per font index, the subset (None when the font is unused).
    pub subsets: Vec<Option<Subset>>,
    /// Per font index, the slot of [`embed::STAND_INS`] it is drawn through; None when
    /// printpdf embeds it (more fonts than stand-ins, see [`embed`]).
    pub slots: Vec<Option<usize>>,
}

impl SectionFonts {
    /// Subsets every font `layout` draws with (and `extra`'s font with its characters) with
    /// its characters in `shared` too (the material's, so every section of it embeds the same
    /// subset of a face), giving stand-in slots to at most `stand_ins` of them, `extra`'s
    /// first.
    pub fn new(
        layout: &Layout,
        (fonts, shared): (&FontSet, &[BTreeSet<char>]),
        extra: Option<(FontId, &str)>,
        stand_ins: usize,
    ) -> Result<SectionFonts, String> {
        let mut used = chars_by_font(layout, extra);
        for (chars, material) in used.iter_mut().zip(shared) {
            if !chars.is_empty() {
                chars.extend(material);
            }
        }
        let slots = assign_slots(&used, extra.map(|(f, _)| f.index()), stand_ins.max(1));
        let mut subsets = vec![None; layout.fonts.len()];
        for (i, chars) in used.iter().enumerate() {
            if chars.is_empty() {
                continue;
            }
            let data = fonts.subset(FontId::new(i), chars)?;
            subsets[i] = Some(
                Subset::new(data)
                    .map_err(|e| format!("font `{}`: {e}", fonts.name(FontId::new(i))))?,
            );
        }
        Ok(SectionFonts { subsets, slots })
    }

    /// The stand-ins in a piece's PDF, for [`embed::replace_stand_ins`].
    pub fn stand_ins(&self) -> Vec<StandIn<'_>> {
        self.subsets
            .iter()
            .zip(&self.slots)
            .filter_map(|(subset, slot)| Some(StandIn::new((*slot)?, subset.as_ref()?)))
            .collect()
    }

    /// Whether printpdf embeds some font itself (it had no stand-in).
    pub fn embeds_without_stand_in(&self) -> bool {
        self.slots
            .iter()
            .zip(&self.subsets)
            .any(|(slot, s)| slot.is_none() && s.is_some())
    }
}

/// genpdf's metrics of `subset` per point of size, in mm: its glyph height (where a run's
/// baseline goes below the top genpdf is given) and its line height.
pub fn genpdf_metrics(subset: &Subset) -> Result<(f64, f64), String> {
    // As a stand-in, so genpdf keeps no copy of the bytes; the metrics are the subset's.
    let data = FontData::new(subset.bytes.clone(), Some(embed::STAND_INS[0]))
        .map_err(|e| e.to_string())?;
    let font = FontCache::new(family(data)).default_font_family().regular;
    let mm = |m: Mm| printpdf::Mm::from(m).0;
    Ok((mm(font.glyph_height(1)), mm(font.get_line_height(1))))
}

/// Which stand-in slot each used font gets: `first` (the page-number font) before the
/// others, then by font index, as long as slots last.
fn assign_slots(used: &[BTreeSet<char>], first: Option<usize>, max: usize) -> Vec<Option<usize>> {
    let mut slots = vec![None; used.len()];
    let order = first
        .into_iter()
        .chain((0..used.len()).filter(|i| Some(*i) != first))
        .filter(|i| !used[*i].is_empty());
    for (slot, i) in order.take(max.min(embed::STAND_INS.len())).enumerate() {
        slots[i] = Some(slot);
    }
    slots
}

/// Renders `pages` (some or all of a section's) to PDF bytes, before finishing, with every
/// font of `section` embedded: drawn through its stand-in ([`embed`]) when it has one, so
/// printpdf embeds none of those itself.
pub fn render_pages(
    pages: &[Page],
    section: &SectionFonts,
    fonts: &FontSet,
) -> Result<Vec<u8>, String> {
    let mut cache: Option<FontCache> = None;
    let mut handles = vec![None; section.subsets.len()];
    // Stand-ins first, in slot order: the first font added is genpdf's default family.
    let mut order: Vec<usize> = (0..section.subsets.len())
        .filter(|i| section.subsets[*i].is_some())
        .collect();
    order.sort_by_key(|i| section.slots[*i].unwrap_or(usize::MAX));
    for i in order {
        let Some(subset) = &section.subsets[i] else {
            continue;
        };
        let builtin = section.slots[i].map(|s| embed::STAND_INS[s]);
        let font_data = FontData::new(subset.bytes.clone(), builtin)
            .map_err(|e| format!("font `{}`: {e}", fonts.name(FontId::new(i))))?;
        let handle = match &mut cache {
            Some(c) => c.add_font(font_data),
            None => {
                // genpdf wants a whole family as default: the first font fills every slot
                // (nothing is drawn bold or italic). It is the first stand-in, and a
                // stand-in is added to the PDF only once whatever the slot.
                let c = FontCache::new(family(font_data));
                let h = c.default_font_family().regular;
                cache = Some(c);
                h
            }
        };
        handles[i] = Some(handle);
    }
    let Some(mut cache) = cache else {
        return Err(crate::tr!("pdf-no-text"));
    };
    let first = pages.first().ok_or_else(|| crate::tr!("pdf-no-pages"))?;
    let mut renderer = Renderer::new(Size::new(mm(first.width), mm(first.height)), "")
        .map_err(|e| e.to_string())?
        .with_conformance(conformance());
    for page in &pages[1..] {
        renderer.add_page(Size::new(mm(page.width), mm(page.height)));
    }
    cache.load_pdf_fonts(&renderer).map_err(|e| e.to_string())?;
    for (i, page) in pages.iter().enumerate() {
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
                    let Some(handle) = handles[font.index()] else {
                        continue;
                    };
                    // genpdf sizes text in whole points: it draws at the nearest one, and the
                    // post-processing writes the real size ([`embed::replace_stand_ins`]).
                    let whole = whole_points(*size);
                    let style = Style::new()
                        .with_font_family(family(handle))
                        .with_font_size(whole);
                    // genpdf puts the baseline one glyph height below the given top.
                    let top = mm(*baseline) - handle.glyph_height(whole);
                    let position = Position::new(mm(*x), top);
                    let drawn = match &section.subsets[font.index()] {
                        Some(subset) if section.slots[font.index()].is_some() => {
                            area.print_str(&cache, position, style, subset.stand_in_text(text))
                        }
                        _ => area.print_str(&cache, position, style, text),
                    };
                    drawn.map_err(|e| e.to_string())?;
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
    Ok(bytes)
}
