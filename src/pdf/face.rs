//! The material's fonts, cut once: each face a subset of the characters the whole material
//! draws with it (and the page numbers' characters for their face), so every section and every
//! file of the material draws with the same glyph ids and embeds the same subset.
//!
//! genpdf draws text in a font it embeds itself by looking every Unicode code point (1.1
//! million of them) up in it, 15–25 ms a font and piece for subsets whose characters huibao
//! already knows. So genpdf draws every run in one *stand-in*, a built-in font that it embeds
//! nothing for, the text spelled as printable ASCII digits of the glyph ids of the run's own
//! face ([`Face::spelled`]); the drawing is then read back and each run set in its face
//! ([`super::draw`]).

use super::deflate;
use crate::fonts::{FontId, FontSet};
use crate::layout::{Engine, page_number_chars};
use crate::style::Style;
use fontcull_skrifa::instance::{LocationRef, Size};
use fontcull_skrifa::raw::TableProvider;
use fontcull_skrifa::string::StringId;
use fontcull_skrifa::{FontRef, GlyphId, MetadataProvider};
use pdf_writer::types::{SystemInfo, UnicodeCmap};
use pdf_writer::{Name, Str};
use std::collections::{BTreeSet, HashMap};

/// The characters that spell glyph ids: printable ASCII without the space, each one byte in
/// the built-in fonts' encoding.
const FIRST_DIGIT: u8 = b'!';
const BASE: u32 = (b'~' - b'!' + 1) as u32;

/// Every face the material draws with, cut to its characters.
pub struct Fonts {
    /// Per font index, the face (None when the material does not use the font).
    faces: Vec<Option<Face>>,
    /// The font page numbers are drawn in.
    pub(super) number_font: FontId,
}

/// One face cut to the material's characters, with what its PDF objects say.
pub(super) struct Face {
    /// The subset as a TrueType file (genpdf reads the stand-in's metrics from one).
    pub raw: Vec<u8>,
    /// Glyph id of each character.
    pub glyphs: HashMap<char, u16>,
    /// How many stand-in characters spell one glyph id (2 up to 8,836 glyphs, else 3).
    digits: usize,
    /// `ABCDEF+PostScriptName`: the PDF's mark of a subset, the tag from the bytes.
    pub name: Vec<u8>,
    /// The font file, deflated.
    pub file: Vec<u8>,
    /// Advance of each glyph, in thousandths of an em.
    pub widths: Vec<f32>,
    /// Bounding box, ascent and descent, in thousandths of an em.
    pub bbox: [f32; 4],
    pub ascent: f32,
    pub descent: f32,
    /// The ToUnicode map (glyph → character), so text can be copied and searched.
    pub to_unicode: Vec<u8>,
    /// Which glyph ids the subset has: all of them, a bit each (PDF/A-1 6.3.5).
    pub cid_set: Vec<u8>,
}

impl Fonts {
    /// Cuts every face `chars` (per font index, the material's characters) has characters for,
    /// the page numbers' face with their characters too.
    pub fn new(style: &Style, fonts: &FontSet, chars: &[BTreeSet<char>]) -> Result<Fonts, String> {
        let engine = Engine::new(style, fonts);
        let number_font = engine.text_style(style.page_number.role_id, 100.0).font;
        let mut chars = chars.to_vec();
        chars.resize(fonts.names.len().max(chars.len()), BTreeSet::new());
        chars[number_font.index()].extend(page_number_chars(&engine).chars());
        let faces = chars
            .iter()
            .enumerate()
            .map(|(i, chars)| match chars.is_empty() {
                true => Ok(None),
                false => {
                    let id = FontId::new(i);
                    let named = |e: String| format!("font `{}`: {e}", fonts.name(id));
                    Face::new(fonts.subset(id, chars)?).map(Some).map_err(named)
                }
            })
            .collect::<Result<_, String>>()?;
        Ok(Fonts { faces, number_font })
    }

    /// The face of font `font`, if the material uses it.
    pub(super) fn face(&self, font: FontId) -> Result<&Face, String> {
        self.faces
            .get(font.index())
            .and_then(Option::as_ref)
            .ok_or_else(|| crate::tr!("internal-error", detail = "a font that was not cut"))
    }
}

impl Face {
    /// Reads what the PDF needs from `raw`, a subset font.
    fn new(raw: Vec<u8>) -> Result<Face, String> {
        let font = FontRef::new(&raw).map_err(|e| format!("subset unreadable: {e}"))?;
        let glyphs: HashMap<char, u16> = font
            .charmap()
            .mappings()
            .filter_map(|(cp, gid)| Some((char::from_u32(cp)?, u16::try_from(gid.to_u32()).ok()?)))
            .collect();
        let count = u32::from(font.maxp().map_err(|e| e.to_string())?.num_glyphs());
        let head = font.head().map_err(|e| e.to_string())?;
        let hhea = font.hhea().map_err(|e| e.to_string())?;
        let upem = f32::from(head.units_per_em().max(1));
        let em = |units: f32| (units * 1000.0 / upem * 100.0).round() / 100.0;
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let widths = (0..count)
            .map(|g| em(metrics.advance_width(GlyphId::new(g)).unwrap_or(0.0)))
            .collect();
        let bbox = [head.x_min(), head.y_min(), head.x_max(), head.y_max()].map(|v| em(v.into()));
        let mut cid_set = vec![0xFFu8; count.div_ceil(8) as usize];
        if let Some(last) = cid_set.last_mut()
            && !count.is_multiple_of(8)
        {
            *last = 0xFF << (8 - count % 8);
        }
        Ok(Face {
            name: subset_name(&font, &raw),
            file: deflate(&raw)?,
            to_unicode: to_unicode(&glyphs),
            digits: if count <= BASE * BASE { 2 } else { 3 },
            widths,
            bbox,
            ascent: em(hhea.ascender().to_i16().into()),
            descent: em(hhea.descender().to_i16().into()),
            cid_set,
            glyphs,
            raw,
        })
    }

    /// `text` as the stand-in draws it: each character's glyph id (0, the missing glyph, for a
    /// character the subset lacks) in base 94, most significant digit first.
    pub fn spelled(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() * self.digits);
        for c in text.chars() {
            let gid = u32::from(self.glyphs.get(&c).copied().unwrap_or(0));
            for place in (0..self.digits).rev() {
                let digit = (gid / BASE.pow(place as u32)) % BASE;
                out.push(char::from(FIRST_DIGIT + digit as u8));
            }
        }
        out
    }

    /// The glyph ids `spelled` spells (the stand-in's codes), as two-byte codes.
    pub fn codes(&self, spelled: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(spelled.len() / self.digits * 2);
        for digits in spelled.chunks_exact(self.digits) {
            let gid = digits.iter().fold(0u32, |acc, d| {
                acc * BASE + u32::from(d.saturating_sub(FIRST_DIGIT))
            });
            out.extend_from_slice(&(gid as u16).to_be_bytes());
        }
        out
    }
}

/// The ToUnicode CMap of `glyphs`: one character per glyph (the first by code point when a
/// glyph serves several), in glyph order so the map is the same in every build.
fn to_unicode(glyphs: &HashMap<char, u16>) -> Vec<u8> {
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"UCS"),
        supplement: 0,
    };
    let mut cmap = UnicodeCmap::<u16>::new(Name(b"Adobe-Identity-UCS"), info);
    let mut pairs: Vec<(u16, char)> = glyphs.iter().map(|(c, g)| (*g, *c)).collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|(g, _)| *g);
    for (g, c) in pairs {
        cmap.pair(g, c);
    }
    cmap.finish().into_vec()
}

/// A subset's name, `ABCDEF+PostScriptName` (ASCII letters, digits and `-` of its name), the
/// tag made from its bytes: the same subset always gets the same name.
fn subset_name(font: &FontRef, raw: &[u8]) -> Vec<u8> {
    let base: String = font
        .localized_strings(StringId::POSTSCRIPT_NAME)
        .english_or_first()
        .map(|s| s.chars())
        .into_iter()
        .flatten()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let base = if base.is_empty() { "Font".into() } else { base };
    let tag: String = super::fingerprint(&[raw])[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    format!("{tag}+{base}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_ids_survive_the_stand_in_spelling() {
        for digits in [2, 3] {
            let top = if digits == 2 { 8835 } else { 65535 };
            let glyphs = [('永', 0), ('安', 1), ('市', 94), ('、', 95), ('龘', top)];
            let face = Face {
                raw: Vec::new(),
                glyphs: glyphs.into_iter().collect(),
                digits,
                name: Vec::new(),
                file: Vec::new(),
                widths: Vec::new(),
                bbox: [0.0; 4],
                ascent: 0.0,
                descent: 0.0,
                to_unicode: Vec::new(),
                cid_set: Vec::new(),
            };
            let spelled = face.spelled("永安市、龘无");
            assert!(spelled.bytes().all(|b| (b'!'..=b'~').contains(&b)));
            let ids: Vec<u16> = face
                .codes(spelled.as_bytes())
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            assert_eq!(ids, [0, 1, 94, 95, top, 0]);
        }
    }
}
