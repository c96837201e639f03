//! Composing an output PDF from chunks: their pages in order under one page tree, the page
//! numbers of this output drawn onto them, the table rules set thin, metadata, and an ID from
//! the content.

use super::chunk::Chunk;
use super::finish;
use crate::date::DateTime;
use crate::layout::Drawn;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::fmt::Write as _;

/// What the composed file says about itself.
pub struct Meta<'a> {
    /// Document title.
    pub title: &'a str,
    /// Author.
    pub author: &'a str,
    /// Creation and modification date.
    pub time: &'a DateTime,
    /// Width of table rules, in points (genpdf draws them at the PDF default of 1 pt).
    pub rule: f32,
}

/// The content stream drawing one page number (`mark`, from the layout) in `chunk`'s
/// page-number font, on a page `height` points tall.
/// The page number's text object. `mark` is placed on the page seen upright in the bound
/// material: as it is on a portrait page; turned a quarter on a landscape page (`width` more
/// than `height`), whose table head lies towards the binding edge (GB/T 9704 §10), so the
/// number reads along the portrait pages' foot when the material is held upright.
fn number_stream(mark: &Drawn, chunk: &Chunk, width: f32, height: f32) -> Result<Vec<u8>, String> {
    let Drawn::Text {
        size,
        x,
        baseline,
        text,
        ..
    } = mark
    else {
        return Err(crate::tr!("pdf-page-number-not-text"));
    };
    let font = &chunk.number_font;
    let mut hex = String::new();
    for c in text.chars() {
        let gid = font
            .glyphs
            .get(&c)
            .ok_or_else(|| crate::tr!("pdf-page-number-glyph", char = c.to_string()))?;
        let _ = write!(hex, "{gid:04X}");
    }
    let resource = String::from_utf8_lossy(&font.resource);
    if width > height {
        // The upright (portrait) page is `width` high and `height` wide: its point (x, y from
        // the top) lies at (width - y, height - x) here, the text running down the page.
        return Ok(format!(
            "BT /{resource} {size} Tf 0 -1 1 0 {:.2} {:.2} Tm <{hex}> Tj ET\n",
            width - baseline,
            height - x
        )
        .into_bytes());
    }
    Ok(format!(
        "BT /{resource} {size} Tf {x:.2} {:.2} Td <{hex}> Tj ET\n",
        height - baseline
    )
    .into_bytes())
}

/// A page's width and height from its MediaBox.
fn page_size(page: &Dictionary) -> (f32, f32) {
    let side = |i: usize| {
        page.get(b"MediaBox")
            .and_then(Object::as_array)
            .ok()
            .and_then(|b| b.get(i))
            .map_or(0.0, |h| match h {
                Object::Integer(i) => *i as f32,
                Object::Real(r) => *r as f32,
                _ => 0.0,
            })
    };
    (side(2), side(3))
}

/// Adds a bookmark for each part: `titles[i]` pointing at `first_pages[i]`. Returns the
/// outline root.
fn outline(out: &mut Document, titles: &[String], first_pages: &[ObjectId]) -> ObjectId {
    let root = out.new_object_id();
    let ids: Vec<ObjectId> = titles.iter().map(|_| out.new_object_id()).collect();
    for (i, (title, page)) in titles.iter().zip(first_pages).enumerate() {
        let mut item = Dictionary::from_iter(vec![
            (
                "Title",
                Object::String(finish::utf16(title), StringFormat::Hexadecimal),
            ),
            ("Parent", Object::Reference(root)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"Fit".to_vec()),
                ]),
            ),
        ]);
        if i > 0 {
            item.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", Object::Reference(*next));
        }
        out.objects.insert(ids[i], Object::Dictionary(item));
    }
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(ids.len() as i64)),
    ]);
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        dict.set("First", Object::Reference(*first));
        dict.set("Last", Object::Reference(*last));
    }
    out.objects.insert(root, Object::Dictionary(dict));
    root
}

/// Joins `chunks` into one PDF with the page numbers `marks` (one per page, in order) and,
/// when `titles` has one title per chunk, a bookmark for each.
pub fn compose(
    chunks: &[&Chunk],
    marks: &[Drawn],
    titles: &[String],
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let mut out = Document::with_version("1.5");
    let width_stream = out.add_object(Stream::new(
        Dictionary::new(),
        format!("{:.2} w\n", meta.rule).into_bytes(),
    ));
    let mut kids: Vec<ObjectId> = Vec::new();
    let mut ocgs: Vec<Object> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    let mut id_source = Vec::new();
    let mut first_pages = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let (pages, layers) = finish::move_pages(&mut out, chunk.doc.clone());
        ocgs.extend(layers);
        owners.extend(std::iter::repeat_n(n, pages.len()));
        if let Some(first) = pages.first() {
            first_pages.push(*first);
        }
        kids.extend(pages);
        id_source.extend_from_slice(&chunk.fingerprint);
    }
    // Sections with the same characters in a font share one subset.
    finish::share_fonts(&mut out);
    if marks.len() != kids.len() {
        return Err(crate::tr!(
            "internal-error",
            detail = format!("{} page numbers for {} pages", marks.len(), kids.len())
        ));
    }
    let pages_id = out.new_object_id();
    for ((page_id, mark), owner) in kids.iter().zip(marks).zip(&owners) {
        let (width, height) = out
            .get_dictionary(*page_id)
            .map(page_size)
            .map_err(|e| e.to_string())?;
        let number = out.add_object(Stream::new(
            Dictionary::new(),
            number_stream(mark, chunks[*owner], width, height)?,
        ));
        if let Drawn::Text { text, .. } = mark {
            id_source.extend_from_slice(text.as_bytes());
        }
        let Ok(Object::Dictionary(page)) = out.get_object_mut(*page_id) else {
            return Err(crate::tr!(
                "internal-error",
                detail = "a page is not a dictionary"
            ));
        };
        let mut contents = vec![Object::Reference(width_stream)];
        match page.get(b"Contents") {
            Ok(Object::Array(items)) => contents.extend(items.iter().cloned()),
            Ok(other) => contents.push(other.clone()),
            Err(_) => {}
        }
        contents.push(Object::Reference(number));
        page.set("Contents", Object::Array(contents));
        page.set("Parent", Object::Reference(pages_id));
    }
    let count = kids.len() as i64;
    out.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(count)),
            (
                "Kids",
                Object::Array(kids.into_iter().map(Object::Reference).collect()),
            ),
        ])),
    );
    let mut catalog = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]);
    if !ocgs.is_empty() {
        let default = Dictionary::from_iter(vec![
            ("Order", Object::Array(ocgs.clone())),
            ("ON", Object::Array(ocgs.clone())),
        ]);
        catalog.set(
            "OCProperties",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("OCGs", Object::Array(ocgs)),
                ("D", Object::Dictionary(default)),
            ])),
        );
    }
    if !titles.is_empty() && titles.len() == first_pages.len() {
        let root = outline(&mut out, titles, &first_pages);
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let catalog_id = out.add_object(catalog);
    let info = Dictionary::from_iter(vec![
        (
            "Title",
            Object::String(finish::utf16(meta.title), StringFormat::Hexadecimal),
        ),
        (
            "Author",
            Object::String(finish::utf16(meta.author), StringFormat::Hexadecimal),
        ),
        ("Creator", Object::string_literal("huibao")),
        ("Producer", Object::string_literal("huibao")),
        ("CreationDate", finish::pdf_date(meta.time)),
        ("ModDate", finish::pdf_date(meta.time)),
    ]);
    let info_id = out.add_object(info);
    out.trailer.set("Root", Object::Reference(catalog_id));
    out.trailer.set("Info", Object::Reference(info_id));
    out.prune_objects();
    out.renumber_objects();
    finish::compress(&mut out)?;
    let id = Object::String(
        finish::fingerprint(&id_source).to_vec(),
        StringFormat::Hexadecimal,
    );
    out.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut bytes = Vec::new();
    out.save_to(&mut bytes)
        .map_err(|e| format!("PDF write: {e}"))?;
    Ok(bytes)
}
