//! Composing an output PDF from chunks: their pages in order under one page tree, the page
//! numbers of this output drawn onto them, the table rules set thin, metadata, and an ID from
//! the content.
//!
//! The file is written straight from the chunks, which stay as they are (a session keeps
//! them for the next build, and the full material shares them with each annex's own file):
//! every object gets a number in the order the chunks hold them, the fonts several chunks
//! embed alike are written once, objects nothing reaches any more (a chunk's own catalog and
//! page tree) are left out, and the rest are numbered 1, 2, … as they are written.

use super::chunk::Chunk;
use super::finish;
use super::serialize::PdfFile;
use crate::date::DateTime;
use crate::layout::Drawn;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use std::collections::HashMap;
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
    /// Declare PDF/A-1b and carry what it asks (`pdf.archival` in the style).
    pub archival: bool,
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

/// Where an object of the output comes from, by its provisional number.
enum Source<'a> {
    /// An object of chunk `n`.
    Chunk(usize, ObjectId, &'a Object),
    /// An object made for this output.
    New(&'a Object),
}

/// Provisional numbers: the rule-width stream is 1, then every chunk's objects in order,
/// then the objects made for this output. References are resolved through them.
struct Numbering<'a> {
    chunks: &'a [&'a Chunk],
    /// Each chunk's object ids in order, and the provisional number of its first.
    ids: Vec<(Vec<ObjectId>, u32)>,
    /// Objects made for this output, by provisional number, in order.
    made: Vec<(u32, Object)>,
    /// A later copy of an embedded font and the first copy it is written as.
    same_font: HashMap<u32, u32>,
}

impl<'a> Numbering<'a> {
    fn new(chunks: &'a [&'a Chunk]) -> Numbering<'a> {
        let mut next = 2;
        let ids = chunks
            .iter()
            .map(|c| {
                let ids: Vec<ObjectId> = c.doc.objects.keys().copied().collect();
                let first = next;
                next += ids.len() as u32;
                (ids, first)
            })
            .collect();
        Numbering {
            chunks,
            ids,
            made: Vec::new(),
            same_font: HashMap::new(),
        }
    }

    /// The provisional number the next made object gets.
    fn next(&self) -> u32 {
        match (self.made.last(), self.ids.last()) {
            (Some((n, _)), _) => n + 1,
            (None, Some((ids, first))) => first + ids.len() as u32,
            (None, None) => 2,
        }
    }

    /// Adds an object made for this output; returns its provisional number.
    fn add(&mut self, object: impl Into<Object>) -> u32 {
        let n = self.next();
        self.made.push((n, object.into()));
        n
    }

    /// Puts `object` in place of the made object numbered `n` (taken earlier with
    /// [`Numbering::add`]).
    fn set(&mut self, n: u32, object: impl Into<Object>) {
        if let Ok(i) = self.made.binary_search_by_key(&n, |(m, _)| *m) {
            self.made[i].1 = object.into();
        }
    }

    /// The provisional number of object `id` of chunk `chunk`, a later copy of a font taken
    /// as the first. An id the chunk lacks (a dangling reference) keeps its number.
    fn of(&self, chunk: usize, id: ObjectId) -> u32 {
        let (ids, first) = &self.ids[chunk];
        let Ok(i) = ids.binary_search(&id) else {
            return id.0;
        };
        let n = first + i as u32;
        self.same_font.get(&n).copied().unwrap_or(n)
    }

    /// The object with provisional number `n`.
    fn get(&self, n: u32) -> Option<Source<'_>> {
        if let Ok(i) = self.made.binary_search_by_key(&n, |(m, _)| *m) {
            return Some(Source::New(&self.made[i].1));
        }
        let chunk = self
            .ids
            .partition_point(|(_, first)| *first <= n)
            .checked_sub(1)?;
        let (ids, first) = &self.ids[chunk];
        let id = *ids.get((n - first) as usize)?;
        let object = self.chunks[chunk].doc.objects.get(&id)?;
        Some(Source::Chunk(chunk, id, object))
    }

    /// Points every later copy of an embedded font at the first (chunks drawn with the same
    /// characters in a font embed the same subset).
    fn share_fonts(&mut self) {
        let mut first: HashMap<(Vec<u8>, [u8; 16]), u32> = HashMap::new();
        for (chunk, (ids, start)) in self.ids.iter().enumerate() {
            let doc = &self.chunks[chunk].doc;
            for (i, id) in ids.iter().enumerate() {
                let Some(key) = doc.objects.get(id).and_then(|o| finish::font_key(doc, o)) else {
                    continue;
                };
                let n = start + i as u32;
                let kept = *first.entry(key).or_insert(n);
                if kept != n {
                    self.same_font.insert(n, kept);
                }
            }
        }
    }
}

/// The references in `object`, as provisional numbers (`of` resolves a chunk's ids).
fn references(object: &Object, of: &dyn Fn(ObjectId) -> u32, out: &mut Vec<u32>) {
    match object {
        Object::Reference(id) => out.push(of(*id)),
        Object::Array(items) => items.iter().for_each(|o| references(o, of, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, of, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, of, out)),
        _ => {}
    }
}

/// What this output sets on a page of a chunk: its contents with the rule width first and the
/// page number last, and the output's page tree as its parent (provisional numbers).
struct PageEntries {
    contents: Object,
    parent: Object,
}

impl PageEntries {
    /// The entries as the page's dictionary gets them, in order.
    fn entries(&self) -> [(&'static [u8], &Object); 2] {
        [(b"Contents", &self.contents), (b"Parent", &self.parent)]
    }
}

/// Every object reached from `roots`, as a set of provisional numbers up to `last`; a page's
/// references are those this output gives it.
fn reached(
    numbering: &Numbering,
    pages: &HashMap<u32, PageEntries>,
    roots: &[u32],
    last: u32,
) -> Vec<bool> {
    let mut seen = vec![false; last as usize + 1];
    let mut todo: Vec<u32> = roots.to_vec();
    let mut refs = Vec::new();
    while let Some(n) = todo.pop() {
        match seen.get_mut(n as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        refs.clear();
        match numbering.get(n) {
            None => continue,
            Some(Source::New(object)) => references(object, &|id| id.0, &mut refs),
            Some(Source::Chunk(chunk, _, object)) => {
                let of = |id| numbering.of(chunk, id);
                match (pages.get(&n), object) {
                    (Some(page), Object::Dictionary(dict)) => {
                        for (key, value) in dict {
                            if key != b"Contents" && key != b"Parent" {
                                references(value, &of, &mut refs);
                            }
                        }
                        for (_, value) in page.entries() {
                            references(value, &|id| id.0, &mut refs);
                        }
                    }
                    _ => references(object, &of, &mut refs),
                }
            }
        }
        todo.extend(refs.iter().copied());
    }
    seen
}

/// A reference to a provisional number.
fn reference(n: u32) -> Object {
    Object::Reference((n, 0))
}

/// Adds a bookmark for each part: `titles[i]` pointing at `first_pages[i]`. Returns the
/// outline root.
fn outline(numbering: &mut Numbering, titles: &[String], first_pages: &[u32]) -> u32 {
    let root = numbering.next();
    let ids: Vec<u32> = (0..titles.len() as u32).map(|i| root + 1 + i).collect();
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(ids.len() as i64)),
    ]);
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        dict.set("First", reference(*first));
        dict.set("Last", reference(*last));
    }
    numbering.add(dict);
    for (i, (title, page)) in titles.iter().zip(first_pages).enumerate() {
        let mut item = Dictionary::from_iter(vec![
            (
                "Title",
                Object::String(finish::utf16(title), StringFormat::Hexadecimal),
            ),
            ("Parent", reference(root)),
            (
                "Dest",
                Object::Array(vec![reference(*page), Object::Name(b"Fit".to_vec())]),
            ),
        ]);
        if i > 0 {
            item.set("Prev", reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", reference(*next));
        }
        numbering.add(item);
    }
    root
}

/// The catalog: the page tree, the bookmarks, and what PDF/A-1b asks of it (its XMP
/// metadata and the output intent), `archival` the objects made for that.
fn catalog(pages: u32, outlines: Option<u32>, archival: Option<(u32, u32)>) -> Dictionary {
    let mut catalog = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", reference(pages)),
    ]);
    if let Some(root) = outlines {
        catalog.set("Outlines", reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    if let Some((metadata, intent)) = archival {
        catalog.set("Metadata", reference(metadata));
        catalog.set("OutputIntents", Object::Array(vec![reference(intent)]));
    }
    catalog
}

/// The document information: title, author, dates.
fn info(meta: &Meta) -> Dictionary {
    Dictionary::from_iter(vec![
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
    ])
}

/// A chunk's pages (provisional numbers, in order).
fn pages_of(numbering: &Numbering, n: usize) -> Vec<u32> {
    numbering.chunks[n]
        .doc
        .page_iter()
        .map(|id| numbering.of(n, id))
        .collect()
}

/// A stream made for this output, deflated when that makes it smaller.
fn new_stream(content: Vec<u8>) -> Result<Stream, String> {
    let mut stream = Stream::new(Dictionary::new(), content);
    finish::compress_stream(&mut stream)?;
    Ok(stream)
}

/// Joins `chunks` into one PDF with the page numbers `marks` (one per page, in order) and,
/// when `titles` has one title per chunk, a bookmark for each.
pub fn compose(
    chunks: &[&Chunk],
    marks: &[Drawn],
    titles: &[String],
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let mut numbering = Numbering::new(chunks);
    let width = new_stream(format!("{:.2} w\n", meta.rule).into_bytes())?;
    let mut kids: Vec<(usize, u32)> = Vec::new();
    let mut id_source = Vec::new();
    let mut first_pages = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let pages = pages_of(&numbering, n);
        if let Some(first) = pages.first() {
            first_pages.push(*first);
        }
        kids.extend(pages.into_iter().map(|p| (n, p)));
        id_source.extend_from_slice(&chunk.fingerprint);
    }
    numbering.share_fonts();
    if marks.len() != kids.len() {
        return Err(crate::tr!(
            "internal-error",
            detail = format!("{} page numbers for {} pages", marks.len(), kids.len())
        ));
    }
    // The page tree lists the pages, and each page names it as its parent: its number is
    // taken now, the tree made when every page is known.
    let pages_id = numbering.add(Object::Null);
    let page_entries = numbered_pages(
        &mut numbering,
        (chunks, &kids, marks),
        pages_id,
        &mut id_source,
    )?;
    let page_tree = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Pages".to_vec())),
        ("Count", Object::Integer(kids.len() as i64)),
        (
            "Kids",
            Object::Array(kids.iter().map(|(_, p)| reference(*p)).collect()),
        ),
    ]);
    numbering.set(pages_id, page_tree);
    let outlines = (!titles.is_empty() && titles.len() == first_pages.len())
        .then(|| outline(&mut numbering, titles, &first_pages));
    let archival = match meta.archival {
        true => {
            let metadata = numbering.add(super::archive::metadata(meta));
            let profile = numbering.add(super::archive::srgb_profile()?);
            let intent = numbering.add(super::archive::output_intent(reference(profile)));
            Some((metadata, intent))
        }
        false => None,
    };
    let catalog_id = numbering.add(catalog(pages_id, outlines, archival));
    let info_id = numbering.add(info(meta));
    numbering.made.insert(0, (1, Object::Stream(width)));
    let roots = [catalog_id, info_id];
    Ok(write_file(
        &numbering,
        chunks,
        &page_entries,
        roots,
        &id_source,
    ))
}

/// Each page of `kids` (its chunk and provisional number) with its page number `marks` drawn
/// on it in a stream of its own, added to `numbering`: the entries its dictionary gets (its
/// contents, the rule width first, and its parent `pages_id`). The page numbers' text goes
/// into `id_source`.
fn numbered_pages(
    numbering: &mut Numbering,
    (chunks, kids, marks): (&[&Chunk], &[(usize, u32)], &[Drawn]),
    pages_id: u32,
    id_source: &mut Vec<u8>,
) -> Result<HashMap<u32, PageEntries>, String> {
    let mut page_entries: HashMap<u32, PageEntries> = HashMap::new();
    for ((owner, page_id), mark) in kids.iter().zip(marks) {
        let Some(Source::Chunk(_, _, Object::Dictionary(page))) = numbering.get(*page_id) else {
            return Err(crate::tr!(
                "internal-error",
                detail = "a page is not a dictionary"
            ));
        };
        let (width, height) = page_size(page);
        let mut contents = vec![reference(1)];
        match page.get(b"Contents") {
            Ok(Object::Array(items)) => contents.extend(items.iter().map(|o| match o {
                Object::Reference(id) => reference(numbering.of(*owner, *id)),
                other => other.clone(),
            })),
            Ok(Object::Reference(id)) => contents.push(reference(numbering.of(*owner, *id))),
            Ok(other) => contents.push(other.clone()),
            Err(_) => {}
        }
        let stream = new_stream(number_stream(mark, chunks[*owner], width, height)?)?;
        if let Drawn::Text { text, .. } = mark {
            id_source.extend_from_slice(text.as_bytes());
        }
        let number = numbering.add(stream);
        contents.push(reference(number));
        page_entries.insert(
            *page_id,
            PageEntries {
                contents: Object::Array(contents),
                parent: reference(pages_id),
            },
        );
    }
    Ok(page_entries)
}

/// The file: the objects `numbering` holds that the catalog and information (`roots`) reach,
/// numbered 1, 2, … in provisional order, each page with its `page_entries`, and the
/// trailer with an ID fingerprinted from `id_source`.
fn write_file(
    numbering: &Numbering,
    chunks: &[&Chunk],
    page_entries: &HashMap<u32, PageEntries>,
    [catalog_id, info_id]: [u32; 2],
    id_source: &[u8],
) -> Vec<u8> {
    let last = numbering.next() - 1;
    let seen = reached(numbering, page_entries, &[catalog_id, info_id], last);
    // Final numbers: the objects kept, 1, 2, … in provisional order.
    let mut finals = vec![0u32; seen.len()];
    let mut count = 0;
    for (n, kept) in seen.iter().enumerate() {
        if *kept {
            count += 1;
            finals[n] = count;
        }
    }
    let final_of = |n: u32| {
        finals
            .get(n as usize)
            .copied()
            .filter(|f| *f > 0)
            .unwrap_or(n)
    };
    // The streams' bytes and about as much again as the rest takes (a tenth to a seventh
    // more at 1,000 to 10,000 items), so the file is not moved while it grows.
    let capacity = chunks
        .iter()
        .flat_map(|c| c.doc.objects.values())
        .map(|o| o.as_stream().map_or(64, |s| s.content.len() + 64))
        .sum::<usize>()
        * 5
        / 4;
    let mut file = PdfFile::new("1.4", capacity);
    let made_map = |id: ObjectId| (final_of(id.0), id.1);
    for n in (1..=last).filter(|n| seen[*n as usize]) {
        match numbering.get(n) {
            None => {}
            Some(Source::New(object)) => file.object(0, object, &made_map),
            Some(Source::Chunk(chunk, id, object)) => {
                let map = |r: ObjectId| (final_of(numbering.of(chunk, r)), r.1);
                match (page_entries.get(&n), object) {
                    (Some(page), Object::Dictionary(dict)) => {
                        file.dictionary_with(id.1, dict, &map, &page.entries(), &made_map);
                    }
                    _ => file.object(id.1, object, &map),
                }
            }
        }
    }
    let id = Object::String(
        finish::fingerprint(id_source).to_vec(),
        StringFormat::Hexadecimal,
    );
    let trailer = Dictionary::from_iter(vec![
        ("Root", reference(catalog_id)),
        ("Info", reference(info_id)),
        ("ID", Object::Array(vec![id.clone(), id])),
    ]);
    file.finish(&trailer, &made_map)
}
