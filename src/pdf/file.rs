//! Writing an output file from drawn sections with pdf-writer: their pages in order under one
//! page tree with this file's page numbers, each face the sections use embedded once, a
//! bookmark per section, the document information, what PDF/A-1b asks (XMP metadata and an
//! sRGB output intent) and an ID made from the content. Objects are numbered in the order
//! they are written, so the same sections give the same bytes.

use super::face::{Face, Fonts};
use super::{DrawnPage, Meta, Section};
use crate::layout::Drawn;
use pdf_writer::types::{CidFontType, FontFlags, OutputIntentSubtype, SystemInfo};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Settings, Str, TextStr};

/// The sRGB profile (ICC version 2: PDF/A-1 predates version 4); see `srgb/COPYRIGHT`.
const SRGB: &[u8] = include_bytes!("srgb/sRGB.icc");

/// Hands out object numbers in order.
struct Numbers(Ref);

impl Numbers {
    fn next(&mut self) -> Ref {
        self.0.bump()
    }
}

/// The PDF of `sections` with one page number from `marks` per page; a bookmark per section
/// when `titles` has one title for each.
pub fn write(
    sections: &[&Section],
    titles: &[String],
    marks: &[Drawn],
    fonts: &Fonts,
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let pages: Vec<&DrawnPage> = sections.iter().flat_map(|s| &s.pages).collect();
    if marks.len() != pages.len() {
        let detail = format!("{} page numbers for {} pages", marks.len(), pages.len());
        return Err(crate::tr!("internal-error", detail = detail));
    }
    // The pages and about what the fonts and the rest take, so the file is not moved as it grows.
    let capacity = pages.iter().map(|p| p.content.len() + 400).sum::<usize>() + (1 << 20);
    let mut pdf = Pdf::with_settings_and_capacity(Settings { pretty: false }, capacity);
    pdf.set_version(1, 4);
    let mut n = Numbers(Ref::new(1));
    let (catalog, tree, resources) = (n.next(), n.next(), n.next());
    let page_refs = write_pages(&mut pdf, &mut n, (&pages, marks), (tree, resources), fonts)?;
    write_fonts(&mut pdf, &mut n, resources, sections, fonts)?;
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    let firsts: Vec<Ref> = sections
        .iter()
        .scan(0, |at, s| {
            let first = page_refs.get(*at).copied();
            *at += s.pages.len();
            Some(first)
        })
        .flatten()
        .collect();
    let outline = (titles.len() == firsts.len() && !titles.is_empty())
        .then(|| write_outline(&mut pdf, &mut n, titles, &firsts));
    let archival = match meta.archival {
        true => Some(write_archival(&mut pdf, &mut n, meta)?),
        false => None,
    };
    write_catalog(&mut pdf, catalog, tree, outline, archival);
    write_info(&mut pdf, n.next(), meta);
    let mut id: Vec<&[u8]> = sections.iter().map(|s| &s.fingerprint[..]).collect();
    let texts: Vec<&[u8]> = marks.iter().filter_map(mark_text).collect();
    id.extend(texts);
    let id = super::fingerprint(&id).to_vec();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// The resources every page shares: each face the sections or the page numbers use, written
/// once as `F` and its font index.
fn write_fonts(
    pdf: &mut Pdf,
    n: &mut Numbers,
    resources: Ref,
    sections: &[&Section],
    fonts: &Fonts,
) -> Result<(), String> {
    let mut used: Vec<usize> = sections
        .iter()
        .flat_map(|s| s.fonts.iter().copied())
        .collect();
    used.push(fonts.number_font.index());
    used.sort_unstable();
    used.dedup();
    let refs: Vec<(usize, Ref)> = used.iter().map(|i| (*i, n.next())).collect();
    let mut dict = pdf
        .indirect(resources)
        .start::<pdf_writer::writers::Resources>();
    let mut named = dict.fonts();
    for (i, id) in &refs {
        named.pair(Name(format!("F{i}").as_bytes()), *id);
    }
    named.finish();
    dict.finish();
    for (i, id) in refs {
        write_font(pdf, n, id, fonts.face(crate::fonts::FontId::new(i))?);
    }
    Ok(())
}

/// The catalog: the page tree, the bookmarks shown when the file opens, and for PDF/A its
/// metadata and the sRGB output intent (`archival`: the metadata and the profile).
fn write_catalog(
    pdf: &mut Pdf,
    id: Ref,
    tree: Ref,
    outline: Option<Ref>,
    archival: Option<(Ref, Ref)>,
) {
    let mut cat = pdf.catalog(id);
    cat.pages(tree);
    if let Some(outline) = outline {
        cat.outlines(outline);
        cat.page_mode(pdf_writer::types::PageMode::UseOutlines);
    }
    if let Some((metadata, profile)) = archival {
        cat.metadata(metadata);
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(profile);
    }
}

fn mark_text(mark: &Drawn) -> Option<&[u8]> {
    match mark {
        Drawn::Text { text, .. } => Some(text.as_bytes()),
        Drawn::Rule { .. } => None,
    }
}

/// The pages, each with its drawn content and its page number; returns their numbers.
fn write_pages(
    pdf: &mut Pdf,
    n: &mut Numbers,
    (pages, marks): (&[&DrawnPage], &[Drawn]),
    (tree, resources): (Ref, Ref),
    fonts: &Fonts,
) -> Result<Vec<Ref>, String> {
    let number_face = fonts.face(fonts.number_font)?;
    let mut refs = Vec::with_capacity(pages.len());
    for (page, mark) in pages.iter().zip(marks) {
        let (id, content, number) = (n.next(), n.next(), n.next());
        let mut dict = pdf.page(id);
        dict.parent(tree)
            .media_box(Rect::new(0.0, 0.0, page.width, page.height))
            .pair(Name(b"Resources"), resources);
        dict.insert(Name(b"Contents"))
            .array()
            .items([content, number]);
        dict.finish();
        pdf.stream(content, &page.content)
            .filter(Filter::FlateDecode);
        let drawn = super::deflate(&number_stream(mark, fonts, number_face, page)?)?;
        pdf.stream(number, &drawn).filter(Filter::FlateDecode);
        refs.push(id);
    }
    Ok(refs)
}

/// The content drawing one page number, `mark` from the layout, placed on the page seen
/// upright in the bound material: as it is on a portrait page; turned a quarter on a landscape
/// page (wider than high), whose table head lies towards the binding edge (GB/T 9704 §10), so
/// the number reads along the portrait pages' foot when the material is held upright.
fn number_stream(
    mark: &Drawn,
    fonts: &Fonts,
    face: &Face,
    page: &DrawnPage,
) -> Result<Vec<u8>, String> {
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
    let mut codes = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        let gid = face
            .glyphs
            .get(&c)
            .ok_or_else(|| crate::tr!("pdf-page-number-glyph", char = c.to_string()))?;
        codes.extend_from_slice(&gid.to_be_bytes());
    }
    let mut content = Content::new();
    content.begin_text();
    content.set_font(
        Name(format!("F{}", fonts.number_font.index()).as_bytes()),
        *size,
    );
    if page.width > page.height {
        // The upright (portrait) page is `width` high and `height` wide: its point (x, y from
        // the top) lies at (width - y, height - x) here, the text running down the page.
        let (tx, ty) = (page.width - baseline, page.height - x);
        content.set_text_matrix([0.0, -1.0, 1.0, 0.0, tx, ty]);
    } else {
        content.next_line(*x, page.height - baseline);
    }
    content.show(Str(&codes));
    content.end_text();
    Ok(content.finish().into_vec())
}

/// One face as a Type 0 font (a CID-keyed TrueType with identity CIDs) under `id`, with its
/// CID font, descriptor, font file, CIDSet and ToUnicode map.
fn write_font(pdf: &mut Pdf, n: &mut Numbers, id: Ref, face: &Face) {
    let (cid, descriptor, file, cid_set, cmap) = (n.next(), n.next(), n.next(), n.next(), n.next());
    pdf.type0_font(id)
        .base_font(Name(&face.name))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut font = pdf.cid_font(cid);
    font.subtype(CidFontType::Type2)
        .base_font(Name(&face.name))
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    font.widths().consecutive(0, face.widths.iter().copied());
    font.finish();
    let [left, bottom, right, top] = face.bbox;
    pdf.font_descriptor(descriptor)
        .name(Name(&face.name))
        // Symbolic: the glyphs are addressed by id, not by a standard encoding.
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(left, bottom, right, top))
        .italic_angle(0.0)
        .ascent(face.ascent)
        .descent(face.descent)
        .cap_height(face.ascent)
        .stem_v(80.0)
        .font_file2(file)
        .cid_set(cid_set);
    pdf.stream(file, &face.file)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), face.raw.len() as i32);
    pdf.stream(cid_set, &face.cid_set);
    pdf.cmap(cmap, &face.to_unicode);
}

/// A bookmark per section, `titles[i]` opening at page `firsts[i]`; returns the outline.
fn write_outline(pdf: &mut Pdf, n: &mut Numbers, titles: &[String], firsts: &[Ref]) -> Ref {
    let root = n.next();
    let items: Vec<Ref> = titles.iter().map(|_| n.next()).collect();
    let mut outline = pdf.outline(root);
    outline.count(items.len() as i32);
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        outline.first(*first).last(*last);
    }
    outline.finish();
    for (i, (title, page)) in titles.iter().zip(firsts).enumerate() {
        let mut item = pdf.outline_item(items[i]);
        item.title(TextStr(title)).parent(root);
        if i > 0 {
            item.prev(items[i - 1]);
        }
        if let Some(next) = items.get(i + 1) {
            item.next(*next);
        }
        item.dest().page(*page).fit();
    }
    root
}

/// The date as the document information and the XMP metadata give it.
fn date(meta: &Meta) -> Date {
    let t = meta.time;
    Date::new(t.year)
        .month(t.month)
        .day(t.day)
        .hour(t.hour)
        .minute(t.minute)
        .second(t.second)
        .utc_offset_hour(0)
}

/// The document information: title, author, tool, dates.
fn write_info(pdf: &mut Pdf, id: Ref, meta: &Meta) {
    pdf.document_info(id)
        .title(TextStr(meta.title))
        .author(TextStr(meta.author))
        .creator(TextStr("huibao"))
        .producer(TextStr("huibao"))
        .creation_date(date(meta))
        .modified_date(date(meta));
}

/// What PDF/A-1b asks beyond the pages: the XMP metadata, saying what the document information
/// says and declaring part 1, level B (not compressed: PDF/A-1 6.7.2 lets a reader without
/// filters find it), and the sRGB profile the pages' grey is meant in. Returns both.
fn write_archival(pdf: &mut Pdf, n: &mut Numbers, meta: &Meta) -> Result<(Ref, Ref), String> {
    let (metadata, profile) = (n.next(), n.next());
    let t = meta.time;
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    let xml = format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n",
            "<xmp:CreatorTool>huibao</xmp:CreatorTool>\n",
            "<xmp:CreateDate>{date}</xmp:CreateDate>\n",
            "<xmp:ModifyDate>{date}</xmp:ModifyDate>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n",
            "<pdf:Producer>huibao</pdf:Producer>\n",
            "</rdf:Description>\n",
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
            "<pdfaid:part>1</pdfaid:part>\n",
            "<pdfaid:conformance>B</pdfaid:conformance>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>"
        ),
        title = crate::text::xml_escaped(meta.title),
        author = crate::text::xml_escaped(meta.author),
        date = date,
    );
    pdf.metadata(metadata, xml.as_bytes());
    pdf.icc_profile(profile, &super::deflate(SRGB)?)
        .n(3)
        .filter(Filter::FlateDecode);
    Ok((metadata, profile))
}
