//! Helpers that finish printpdf's output with lopdf: subset font names, compression, dates,
//! a stable fingerprint for the document ID.

use crate::date::DateTime;
use flate2::write::ZlibEncoder;
use fontcull_skrifa::string::StringId;
use fontcull_skrifa::{FontRef, MetadataProvider};
use lopdf::{Document, Object, ObjectId, StringFormat};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;

/// A PDF date string.
pub fn pdf_date(t: &DateTime) -> Object {
    Object::String(
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            t.year, t.month, t.day, t.hour, t.minute, t.second
        )
        .into_bytes(),
        StringFormat::Literal,
    )
}

/// FNV-1a, twice with different seeds: a stable fingerprint (no randomness, no clock).
pub fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for &x in bytes {
        a = (a ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        b = (b ^ u64::from(x))
            .wrapping_mul(0x100_0000_01b3)
            .rotate_left(5);
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}

/// Deflates every stream that is not yet compressed (content, fonts, CMaps).
pub fn compress(doc: &mut Document) -> Result<(), String> {
    compress_reusing(doc, &mut Deflated::default())
}

/// Font files deflated before, by their bytes: the pieces of a section embed the same font
/// subsets, which are deflated once, not once per piece.
#[derive(Default)]
pub struct Deflated(Vec<(Vec<u8>, Option<Vec<u8>>)>);

impl Deflated {
    /// Streams smaller than this are deflated again: remembering them costs more than it saves.
    const WORTH_REMEMBERING: usize = 16 * 1024;
}

/// [`compress`], taking a large font file's deflated bytes from `deflated` when the same bytes
/// were deflated before (the result is the same either way).
pub fn compress_reusing(doc: &mut Document, deflated: &mut Deflated) -> Result<(), String> {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        // Font files (with their length in `Length1`) are what pieces share.
        let large = stream.content.len() >= Deflated::WORTH_REMEMBERING
            && stream.dict.get(b"Length1").is_ok();
        let known = large
            .then(|| deflated.0.iter().find(|(raw, _)| *raw == stream.content))
            .flatten()
            .map(|(_, packed)| packed.clone());
        let packed = match known {
            Some(packed) => packed,
            None => {
                let packed = worth_deflating(&stream.content)?;
                if large {
                    deflated.0.push((stream.content.clone(), packed.clone()));
                }
                packed
            }
        };
        if let Some(packed) = packed {
            set_deflated(stream, packed);
        }
    }
    Ok(())
}

/// Deflates `stream` if that makes it smaller (by more than a filter entry takes).
pub fn compress_stream(stream: &mut lopdf::Stream) -> Result<(), String> {
    if let Some(packed) = worth_deflating(&stream.content)? {
        set_deflated(stream, packed);
    }
    Ok(())
}

/// `bytes` deflated, if that saves more than the `Filter` entry costs.
fn worth_deflating(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut packed = deflate(bytes)?;
    if packed.len() + 20 >= bytes.len() {
        return Ok(None);
    }
    // Kept until the files are written: without the encoder's spare room.
    packed.shrink_to_fit();
    Ok(Some(packed))
}

/// Makes `packed` the content of `stream`, marked as deflated.
fn set_deflated(stream: &mut lopdf::Stream, packed: Vec<u8>) {
    stream.dict.set("Filter", "FlateDecode");
    stream.set_content(packed);
}

thread_local! {
    /// Each thread's zlib encoder, reset between streams: a new one allocates and clears about
    /// 300 KB of window and hash tables, once for every page-number stream of a 3,000-page
    /// build. A reset encoder gives the same bytes as a new one.
    static ENCODER: RefCell<Option<ZlibEncoder<Vec<u8>>>> = const { RefCell::new(None) };
}

/// `bytes` deflated as zlib data at the default level.
fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    ENCODER.with_borrow_mut(|slot| {
        let encoder = slot
            .get_or_insert_with(|| ZlibEncoder::new(Vec::new(), flate2::Compression::default()));
        let packed = encoder
            .write_all(bytes)
            .and_then(|()| encoder.reset(Vec::new()));
        if packed.is_err() {
            // An encoder that failed midway is not used again.
            *slot = None;
        }
        packed.map_err(|e| e.to_string())
    })
}

/// A PDF text string in UTF-16BE with a byte-order mark (needed for Chinese titles).
pub fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

/// The font's PostScript name, ASCII letters, digits and `-` only.
fn postscript_name(font_file: &[u8]) -> Option<String> {
    let font = FontRef::new(font_file).ok()?;
    let name: String = font
        .localized_strings(StringId::POSTSCRIPT_NAME)
        .english_or_first()?
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// A subset font's name, `ABCDEF+PostScriptName`: the PDF convention that marks a subset,
/// with a tag made from the font's bytes (the same subset always gets the same name).
pub fn subset_name(font_file: &[u8]) -> Vec<u8> {
    let base = postscript_name(font_file).unwrap_or_else(|| "Font".into());
    let tag: String = fingerprint(font_file)[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    format!("{tag}+{base}").into_bytes()
}

/// Names every embedded font `ABCDEF+PostScriptName` (a tag from its bytes), the PDF
/// convention that marks a subset font, in its descriptor, CID font and Type0 font. Returns
/// each Type0 font's object id with the bytes of its font file.
pub fn name_subset_fonts(doc: &mut Document) -> Vec<(ObjectId, Vec<u8>)> {
    let mut names: BTreeMap<ObjectId, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
    for (id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        let Ok(file_ref) = dict.get(b"FontFile2").and_then(Object::as_reference) else {
            continue;
        };
        let Ok(stream) = doc.get_object(file_ref).and_then(Object::as_stream) else {
            continue;
        };
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        names.insert(*id, (subset_name(&bytes), bytes));
    }
    let mut fonts = Vec::new();
    for (id, obj) in &mut doc.objects {
        let Object::Dictionary(dict) = obj else {
            continue;
        };
        if let Some((name, _)) = names.get(id) {
            dict.set("FontName", Object::Name(name.clone()));
            continue;
        }
        // printpdf writes the CID font inline: Type0 { DescendantFonts [ << … >> ] }.
        let Ok(Object::Array(descendants)) = dict.get_mut(b"DescendantFonts") else {
            continue;
        };
        let Some(Object::Dictionary(cid)) = descendants.first_mut() else {
            continue;
        };
        let Ok(desc) = cid.get(b"FontDescriptor").and_then(Object::as_reference) else {
            continue;
        };
        let Some((name, bytes)) = names.get(&desc) else {
            continue;
        };
        cid.set("BaseFont", Object::Name(name.clone()));
        dict.set("BaseFont", Object::Name(name.clone()));
        fonts.push((*id, bytes.clone()));
    }
    fonts
}

/// Makes the pages use one copy of each font: the pieces of a section embed the same subsets
/// (the same bytes, so the same name and file), and so may sections with the same characters;
/// every reference to a later copy is pointed at the first, and pruning drops the rest.
pub fn share_fonts(doc: &mut Document) {
    let mut first: std::collections::HashMap<(Vec<u8>, [u8; 16]), ObjectId> =
        std::collections::HashMap::new();
    let mut same: std::collections::HashMap<ObjectId, ObjectId> = std::collections::HashMap::new();
    for (id, obj) in &doc.objects {
        let Some(key) = font_key(doc, obj) else {
            continue;
        };
        match first.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => {
                same.insert(*id, *e.get());
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(*id);
            }
        }
    }
    if same.is_empty() {
        return;
    }
    for obj in doc.objects.values_mut() {
        redirect(obj, &same);
    }
}

/// What makes two embedded fonts the same: a Type0 font's name and a fingerprint of its font
/// file (`obj` is an object of `doc`); None for any other object.
pub fn font_key(doc: &Document, obj: &Object) -> Option<(Vec<u8>, [u8; 16])> {
    let font = obj.as_dict().ok()?;
    if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
        return None;
    }
    let name = font.get(b"BaseFont").and_then(Object::as_name).ok()?;
    let cid = font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .ok()?
        .first()?
        .as_dict()
        .ok()?;
    let descriptor = cid
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .ok()?;
    let file = doc
        .get_dictionary(descriptor)
        .ok()?
        .get(b"FontFile2")
        .and_then(Object::as_reference)
        .ok()?;
    let file = doc.get_object(file).and_then(Object::as_stream).ok()?;
    Some((name.to_vec(), fingerprint(&file.content)))
}

/// Points every reference in `obj` found in `to` at its target there.
fn redirect(obj: &mut Object, to: &std::collections::HashMap<ObjectId, ObjectId>) {
    match obj {
        Object::Reference(r) => {
            if let Some(t) = to.get(r) {
                *r = *t;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| redirect(o, to)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| redirect(o, to)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| redirect(o, to)),
        _ => {}
    }
}

/// Moves every object of `doc` into `into`, numbered after `into`'s own, and returns `doc`'s
/// pages in order, which the caller hangs in its own page tree.
pub fn move_pages(into: &mut Document, mut doc: Document) -> Vec<ObjectId> {
    doc.renumber_objects_with(into.max_id + 1);
    into.max_id = doc.max_id;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    into.objects.extend(doc.objects);
    pages
}

/// Takes printpdf's layers out of `doc`: the catalog's optional content and each page's
/// resource naming its group (the pages' content no longer marks it, see
/// [`super::embed::replace_stand_ins`]). PDF/A-1 allows no optional content, and a layer
/// named "Layer 1", made by "Adobe Illustrator 14.0", said nothing true of the file.
pub fn drop_layers(doc: &mut Document) {
    let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if let Some(Ok(catalog)) =
        catalog.map(|id| doc.get_object_mut(id).and_then(Object::as_dict_mut))
    {
        catalog.remove(b"OCProperties");
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let resources = match doc.get_dictionary(page).and_then(|p| p.get(b"Resources")) {
            Ok(Object::Reference(id)) => *id,
            _ => page,
        };
        let Ok(dict) = doc.get_object_mut(resources).and_then(Object::as_dict_mut) else {
            continue;
        };
        let dict = match resources == page {
            true => match dict.get_mut(b"Resources").and_then(Object::as_dict_mut) {
                Ok(inner) => inner,
                Err(_) => continue,
            },
            false => dict,
        };
        dict.remove(b"Properties");
    }
    doc.prune_objects();
}
