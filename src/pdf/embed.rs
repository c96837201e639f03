//! Fonts embedded by huibao rather than by printpdf.
//!
//! When printpdf embeds a font it looks every Unicode code point (1.1 million of them) up in
//! the font to find which characters it has: 15–25 ms a font, a third of the seed's build, for
//! subsets whose characters huibao already knows. genpdf offers no way around that, so each
//! subset font is drawn through a *stand-in*: one of the PDF's built-in fonts, which printpdf
//! references without embedding anything. The text of a run is written in the stand-in as
//! printable ASCII that spells the subset's glyph ids ([`Subset::stand_in_text`]); after genpdf
//! has saved the file, [`replace_stand_ins`] swaps each stand-in font for the subset as a
//! CID-keyed TrueType font (glyph widths, a ToUnicode map from the characters it was cut for)
//! and turns the spelled-out glyph ids in the pages' text back into two-byte codes.

use super::finish;
use fontcull_skrifa::instance::{LocationRef, Size};
use fontcull_skrifa::raw::TableProvider;
use fontcull_skrifa::{FontRef, GlyphId, MetadataProvider};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_writer::types::{SystemInfo, UnicodeCmap};
use pdf_writer::{Name, Str};
use printpdf::BuiltinFont;
use std::collections::HashMap;
use std::sync::Arc;

/// The built-in fonts that can stand in, one per subset font of a section (genpdf names a
/// built-in font's resource after it, so two subsets cannot share one).
pub const STAND_INS: [BuiltinFont; 14] = [
    BuiltinFont::TimesRoman,
    BuiltinFont::TimesBold,
    BuiltinFont::TimesItalic,
    BuiltinFont::TimesBoldItalic,
    BuiltinFont::Helvetica,
    BuiltinFont::HelveticaBold,
    BuiltinFont::HelveticaOblique,
    BuiltinFont::HelveticaBoldOblique,
    BuiltinFont::Courier,
    BuiltinFont::CourierOblique,
    BuiltinFont::CourierBold,
    BuiltinFont::CourierBoldOblique,
    BuiltinFont::Symbol,
    BuiltinFont::ZapfDingbats,
];

/// The characters that spell glyph ids: printable ASCII without the space, so every one is a
/// single byte in the built-in fonts' WinAnsi encoding.
const FIRST_DIGIT: u8 = b'!';
const BASE: u32 = (b'~' - b'!' + 1) as u32;

/// A subset font with the glyph id of each character it was cut for.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The TrueType file.
    pub bytes: Vec<u8>,
    /// Glyph id of each character (shared with the drawings spelled in them, see
    /// [`Spelling`]).
    pub glyphs: Arc<HashMap<char, u16>>,
    /// How many stand-in characters spell one glyph id (2 up to 8,836 glyphs, else 3).
    digits: usize,
}

impl Subset {
    /// Reads the glyph ids of `bytes` (a subset font) from its cmap.
    pub fn new(bytes: Vec<u8>) -> Result<Subset, String> {
        let font = FontRef::new(&bytes).map_err(|e| {
            crate::tr!("internal-error", detail = format!("subset unreadable: {e}"))
        })?;
        let glyphs = font
            .charmap()
            .mappings()
            .filter_map(|(cp, gid)| Some((char::from_u32(cp)?, u16::try_from(gid.to_u32()).ok()?)))
            .collect();
        let count = u32::from(font.maxp().map_err(|e| e.to_string())?.num_glyphs());
        let digits = if count <= BASE * BASE { 2 } else { 3 };
        Ok(Subset {
            bytes,
            glyphs: Arc::new(glyphs),
            digits,
        })
    }

    /// How text drawn through this subset's stand-in is spelled (kept with a drawing).
    pub fn spelling(&self) -> Spelling {
        Spelling {
            glyphs: Arc::clone(&self.glyphs),
            digits: self.digits,
        }
    }

    /// `text` as the stand-in draws it: each character's glyph id (0, the missing glyph, for a
    /// character the subset lacks) in base 94, most significant digit first.
    pub fn stand_in_text(&self, text: &str) -> String {
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
}

/// The glyph ids a drawing's stand-in text spells: those of the subset it was drawn with.
#[derive(Debug, Clone)]
pub struct Spelling {
    glyphs: Arc<HashMap<char, u16>>,
    digits: usize,
}

impl Spelling {
    /// Each glyph id of this spelling as `now` numbers the same character; None when two
    /// characters sharing a glyph here have different glyphs in `now` (then the drawing
    /// cannot be respelled and is drawn again).
    fn regid(&self, now: &Subset) -> Option<HashMap<u16, u16>> {
        let mut map = HashMap::with_capacity(self.glyphs.len() + 1);
        map.insert(0, 0);
        for (c, old) in self.glyphs.iter() {
            let new = now.glyphs.get(c).copied().unwrap_or(0);
            if *map.entry(*old).or_insert(new) != new {
                return None;
            }
        }
        Some(map)
    }
}

/// A stand-in as it appears in genpdf's output: the resource name pages use, and the subset
/// it stands for.
pub struct StandIn<'a> {
    /// The built-in font's name, which is also its resource name.
    pub resource: Vec<u8>,
    /// The subset drawn through it.
    pub subset: &'a Subset,
    /// When the text was spelled in an earlier subset of the same font (a drawing kept from an
    /// earlier build, [`super::pieces`]): its digits per glyph, and its glyph ids as
    /// `subset` numbers them.
    respell: Option<(usize, HashMap<u16, u16>)>,
}

impl StandIn<'_> {
    /// The stand-in for `subset` in slot `slot` of [`STAND_INS`].
    pub fn new(slot: usize, subset: &Subset) -> StandIn<'_> {
        let name: &'static str = STAND_INS[slot].into();
        StandIn {
            resource: name.as_bytes().to_vec(),
            subset,
            respell: None,
        }
    }

    /// The stand-in for `subset` in a drawing whose text `drawn` spells; None when its
    /// glyph ids cannot be carried over ([`Spelling::regid`]).
    pub fn drawn_in<'a>(slot: usize, subset: &'a Subset, drawn: &Spelling) -> Option<StandIn<'a>> {
        let respell = if Arc::ptr_eq(&drawn.glyphs, &subset.glyphs)
            || (drawn.digits == subset.digits && drawn.glyphs == subset.glyphs)
        {
            None
        } else {
            Some((drawn.digits, drawn.regid(subset)?))
        };
        Some(StandIn {
            respell,
            ..StandIn::new(slot, subset)
        })
    }

    /// The glyph ids spelled by `bytes` (the stand-in's codes), as two-byte codes of the
    /// subset.
    fn codes(&self, bytes: &[u8]) -> Vec<u8> {
        let digits = self.respell.as_ref().map_or(self.subset.digits, |r| r.0);
        let mut out = Vec::with_capacity(bytes.len() / digits * 2);
        for spelled in bytes.chunks_exact(digits) {
            let gid = spelled.iter().fold(0u32, |acc, d| {
                acc * BASE + u32::from(d.saturating_sub(FIRST_DIGIT))
            }) as u16;
            let gid = match &self.respell {
                Some((_, regid)) => regid.get(&gid).copied().unwrap_or(0),
                None => gid,
            };
            out.extend_from_slice(&gid.to_be_bytes());
        }
        out
    }
}

/// Replaces each stand-in font of `doc` (genpdf's output, just loaded) with its subset and
/// rewrites the pages' text in it to glyph codes, each text at its size in `sizes` (a page's
/// text sizes in drawing order: genpdf drew them at whole points).
pub fn replace_stand_ins(
    doc: &mut Document,
    stand_ins: &[StandIn],
    sizes: &[Vec<f32>],
) -> Result<(), String> {
    let by_name: HashMap<&[u8], &StandIn> = stand_ins
        .iter()
        .map(|s| (s.resource.as_slice(), s))
        .collect();
    // printpdf writes a built-in font as a Type1 dictionary named after it.
    let builtin: Vec<(ObjectId, Vec<u8>)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            (d.get(b"Subtype").and_then(Object::as_name).ok()? == b"Type1").then(|| {
                Some((
                    *id,
                    d.get(b"BaseFont").and_then(Object::as_name).ok()?.to_vec(),
                ))
            })?
        })
        .collect();
    for (id, name) in builtin {
        if let Some(stand_in) = by_name.get(name.as_slice()) {
            let font = type0_font(doc, stand_in.subset)?;
            doc.objects.insert(id, Object::Dictionary(font));
        }
    }
    for (n, page) in doc.get_pages().into_values().enumerate() {
        let mut current: Option<&StandIn> = None;
        let mut page_sizes = sizes
            .get(n)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .peekable();
        for stream_id in doc.get_page_contents(page) {
            let Ok(Object::Stream(stream)) = doc.get_object_mut(stream_id) else {
                continue;
            };
            let plain = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            let rewritten = rewrite_text(&plain, &by_name, &mut current, &mut page_sizes);
            stream.dict.remove(b"Filter");
            stream.set_plain_content(rewritten);
        }
    }
    Ok(())
}

/// Rewrites the text a page's content stream shows in stand-ins: each `TJ` in a stand-in
/// (one `<00XX>` string per stand-in character, kerning numbers between) becomes one `Tj` of
/// the glyph codes it spells; `Tf` lines are followed to know the font; printpdf's layer
/// (`/OC /MC0 BDC` … `EMC`) is taken out. Every other line is kept as it is. The stream is printpdf's, written by lopdf's content encoder: one operation
/// per line, operands then operator, and no string in it can hold a line break (genpdf
/// writes text as hex strings), so the lines are the operations. Each `Tf` (genpdf writes one
/// per text run) gets the run's size from `sizes` where genpdf's whole points are its rounding.
fn rewrite_text<'a, 's>(
    content: &[u8],
    by_name: &HashMap<&[u8], &'a StandIn<'a>>,
    current: &mut Option<&'a StandIn<'a>>,
    sizes: &mut std::iter::Peekable<impl Iterator<Item = &'s f32>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    for line in content.split_inclusive(|b| *b == b'\n') {
        let op = line.trim_ascii_end();
        // printpdf's layer, an optional content group around the page: PDF/A-1 allows none.
        if op == b"EMC" || (op.starts_with(b"/OC ") && op.ends_with(b" BDC")) {
            continue;
        }
        if let Some(font) = op.strip_suffix(b" Tf") {
            let mut parts = font.rsplitn(2, |b| *b == b' ');
            let (drawn, name) = (parts.next(), parts.next());
            *current = name
                .and_then(|n| n.strip_prefix(b"/"))
                .and_then(|n| by_name.get(n).copied());
            let drawn = drawn
                .and_then(|d| std::str::from_utf8(d).ok())
                .and_then(|d| d.parse::<f32>().ok());
            if let (Some(name), Some(drawn), Some(&&size)) = (name, drawn, sizes.peek())
                && f32::from(super::write::whole_points(size)) == drawn
            {
                sizes.next();
                out.extend_from_slice(name);
                out.extend_from_slice(format!(" {size} Tf\n").as_bytes());
                continue;
            }
        } else if let (Some(stand_in), Some(array)) = (*current, op.strip_suffix(b" TJ")) {
            // Each string's last byte is a stand-in character.
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
            for b in stand_in.codes(&spelled) {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            }
            out.extend_from_slice(b"> Tj\n");
            continue;
        }
        out.extend_from_slice(line);
    }
    out
}

/// Scales font units to the PDF's thousandths of an em (to a hundredth): whole numbers stay
/// integers.
fn thousandths(units: f32, upem: f32) -> Object {
    let v = (f64::from(units) * 1000.0 / f64::from(upem) * 100.0).round() / 100.0;
    if v.fract() == 0.0 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v)
    }
}

/// The Type 0 font dictionary for `subset` (a CIDFontType2 with identity CIDs), adding its
/// descriptor, font file and ToUnicode map to `doc`.
fn type0_font(doc: &mut Document, subset: &Subset) -> Result<Dictionary, String> {
    let font = FontRef::new(&subset.bytes)
        .map_err(|e| crate::tr!("internal-error", detail = format!("subset unreadable: {e}")))?;
    let head = font.head().map_err(|e| e.to_string())?;
    let upem = f32::from(head.units_per_em().max(1));
    let name = finish::subset_name(&subset.bytes);
    let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let count = u32::from(font.maxp().map_err(|e| e.to_string())?.num_glyphs());
    let widths: Vec<Object> = (0..count)
        .map(|g| thousandths(metrics.advance_width(GlyphId::new(g)).unwrap_or(0.0), upem))
        .collect();
    let mut to_unicode = UnicodeCmap::<u16>::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    let mut pairs: Vec<(u16, char)> = subset.glyphs.iter().map(|(c, g)| (*g, *c)).collect();
    // One character per glyph (the first by code point when a glyph serves several), in
    // glyph order so the map is the same in every build.
    pairs.sort_unstable();
    pairs.dedup_by_key(|(g, _)| *g);
    for (g, c) in pairs {
        to_unicode.pair(g, c);
    }
    let descriptor = descriptor(doc, subset, &name, count)?;
    let cmap = doc.add_object(Stream::new(
        Dictionary::new(),
        to_unicode.finish().into_vec(),
    ));
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", Object::Name(name.clone())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]);
    Ok(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name)),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(cmap)),
    ]))
}

/// The font descriptor of `subset` (named `name`, `count` glyphs), with its font file and its
/// CIDSet, added to `doc`.
fn descriptor(
    doc: &mut Document,
    subset: &Subset,
    name: &[u8],
    count: u32,
) -> Result<ObjectId, String> {
    let font = FontRef::new(&subset.bytes)
        .map_err(|e| crate::tr!("internal-error", detail = format!("subset unreadable: {e}")))?;
    let head = font.head().map_err(|e| e.to_string())?;
    let upem = f32::from(head.units_per_em().max(1));
    let hhea = font.hhea().map_err(|e| e.to_string())?;
    let file = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![(
            "Length1",
            Object::Integer(subset.bytes.len() as i64),
        )]),
        subset.bytes.clone(),
    ));
    // Which CIDs the subset has (PDF/A-1 6.3.5): all of 0..count, a bit each, first bit high.
    let mut bits = vec![0xFFu8; count.div_ceil(8) as usize];
    if let Some(last) = bits.last_mut()
        && !count.is_multiple_of(8)
    {
        *last = 0xFF << (8 - count % 8);
    }
    let cid_set = doc.add_object(Stream::new(Dictionary::new(), bits));
    let bbox = [head.x_min(), head.y_min(), head.x_max(), head.y_max()]
        .iter()
        .map(|v| thousandths(f32::from(*v), upem))
        .collect();
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.to_vec())),
        // Symbolic: the glyphs are addressed by id, not by a standard encoding.
        ("Flags", Object::Integer(4)),
        ("FontBBox", Object::Array(bbox)),
        ("ItalicAngle", Object::Integer(0)),
        (
            "Ascent",
            thousandths(f32::from(hhea.ascender().to_i16()), upem),
        ),
        (
            "Descent",
            thousandths(f32::from(hhea.descender().to_i16()), upem),
        ),
        (
            "CapHeight",
            thousandths(f32::from(hhea.ascender().to_i16()), upem),
        ),
        ("StemV", Object::Integer(80)),
        ("FontFile2", Object::Reference(file)),
        ("CIDSet", Object::Reference(cid_set)),
    ]));
    Ok(descriptor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subset(digits: usize, glyphs: &[(char, u16)]) -> Subset {
        Subset {
            bytes: Vec::new(),
            glyphs: Arc::new(glyphs.iter().copied().collect()),
            digits,
        }
    }

    #[test]
    fn glyph_ids_survive_the_stand_in_spelling() {
        for digits in [2, 3] {
            let top = if digits == 2 { 8835 } else { 65535 };
            let s = subset(
                digits,
                &[('永', 0), ('安', 1), ('市', 94), ('、', 95), ('龘', top)],
            );
            let spelled = s.stand_in_text("永安市、龘无");
            assert!(spelled.bytes().all(|b| (b'!'..=b'~').contains(&b)));
            let codes = StandIn::new(0, &s).codes(spelled.as_bytes());
            let ids: Vec<u16> = codes
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            assert_eq!(ids, [0, 1, 94, 95, top, 0]);
        }
    }
}
