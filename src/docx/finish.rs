//! What docx-rs leaves out, filled in on its package: each section's body spliced in where
//! its marker paragraph stands, the header rows of every table marked to repeat on each page
//! (`w:tblHeader`, which docx-rs cannot write: they are the rows it wrote with `w:cantSplit`,
//! and only they), the title and author in the core properties, paragraph ids numbered per
//! part, and the zip written again in a fixed order with fixed times.

use super::fonts::FontParts;
use super::{DocxMeta, PackedBodies};
use std::fmt::Write as _;
use std::io::{Read, Write};

/// The text of the marker paragraph that stands for section `i`'s body in the package
/// docx-rs writes. Only that package's own parts are searched for it, never a body.
pub fn marker(i: usize) -> String {
    format!("@@huibao-section-body-{i}@@")
}

/// What [`finish`] would change in a section's body, done once for each body: header rows
/// repeated, empty run properties dropped (see [`sections_with_footers`]).
pub fn body_fixes(xml: &str) -> String {
    layout_before_margins(&without_grid_types(
        &xml.replace("<w:pPr><w:rPr />", "<w:pPr>"),
    ))
}

/// A table's `w:tblLayout` before its `w:tblCellMar`, as the schema orders them (docx-rs writes
/// the margins first).
fn layout_before_margins(xml: &str) -> String {
    const LAYOUT: &str = "<w:tblLayout w:type=\"fixed\" />";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tblCellMar>") {
        let Some(end) = rest[at..].find("</w:tblCellMar>").map(|e| at + e + 15) else {
            break;
        };
        out.push_str(&rest[..at]);
        if rest[end..].starts_with(LAYOUT) {
            out.push_str(LAYOUT);
            out.push_str(&rest[at..end]);
            rest = &rest[end + LAYOUT.len()..];
        } else {
            out.push_str(&rest[at..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// `w:gridCol` without the `w:type` docx-rs gives it (the schema has only `w:w` there; a
/// table's and a cell's widths keep theirs).
fn without_grid_types(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<w:gridCol ") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        out.push_str(&rest[at..end].replace(" w:type=\"dxa\"", ""));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The package `bytes` with the additions above and the sections' `bodies` (made by
/// [`body_fixes`]) in place of their markers. Each part is changed in place, one copy at a
/// time (a 10,000-item material's `document.xml` is about 40 MB).
pub fn finish(
    bytes: Vec<u8>,
    documents: &[&PackedBodies],
    fonts: &FontParts,
    meta: &DocxMeta,
) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| format!("DOCX: {e}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(err)?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(err)?;
        if entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| format!("DOCX: {e}"))?;
        parts.push((entry.name().to_string(), data));
    }
    // The package as docx-rs wrote it is not needed any more.
    drop(zip);
    with_theme(&mut parts);
    with_fonts(&mut parts, fonts);
    let embedded = !fonts.files.is_empty();
    for (name, data) in &mut parts {
        if !name.ends_with(".xml") {
            continue;
        }
        let mut text = String::from_utf8(std::mem::take(data))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        text = match name.as_str() {
            "word/document.xml" => with_bodies(&sections_with_footers(&text), documents)?,
            "docProps/core.xml" => number_paragraph_ids(&core_properties(&text, meta)),
            "word/styles.xml" => super::order::schema_order(&with_widow_control(
                &number_paragraph_ids(&indents_in_characters(&text)),
            )),
            "word/settings.xml" => super::order::schema_order(&with_settings(&text, embedded)),
            "word/numbering.xml" => super::order::schema_order(&number_paragraph_ids(&text)),
            n if n.starts_with("word/footer") || n.starts_with("word/header") => {
                super::order::schema_order(&number_paragraph_ids(&text))
            }
            _ => number_paragraph_ids(&text),
        };
        *data = text.into_bytes();
    }
    parts.sort_by(|a, b| part_rank(&a.0).cmp(&part_rank(&b.0)).then(a.0.cmp(&b.0)));
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let time = zip::DateTime::from_date_and_time(
        meta.time.year.max(1980),
        meta.time.month,
        meta.time.day,
        meta.time.hour,
        meta.time.minute,
        meta.time.second,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time);
    for (name, data) in &parts {
        out.start_file(name.as_str(), options).map_err(err)?;
        out.write_all(data).map_err(|e| format!("DOCX: {e}"))?;
    }
    Ok(out.finish().map_err(err)?.into_inner())
}

/// The theme part docx-rs leaves out, which Word's schema requires of a document (its
/// fonts name the official faces, for text with no font of its own): the part, its content
/// type and the document's relationship to it.
fn with_theme(parts: &mut Vec<(String, Vec<u8>)>) {
    const THEME: &str = "word/theme/theme1.xml";
    if parts.iter().any(|(n, _)| n.starts_with("word/theme/")) {
        return;
    }
    // Both the content type and the relationship, or neither (a package docx-rs wrote
    // otherwise is left as it is).
    let has = |n: &str| parts.iter().any(|(name, _)| name == n);
    if !has("[Content_Types].xml") || !has("word/_rels/document.xml.rels") {
        return;
    }
    let mut added = false;
    for (name, data) in parts.iter_mut() {
        let addition = match name.as_str() {
            "[Content_Types].xml" => (
                "</Types>",
                "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>",
            ),
            "word/_rels/document.xml.rels" => (
                "</Relationships>",
                "<Relationship Id=\"rIdHuibaoTheme1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>",
            ),
            _ => continue,
        };
        let text = String::from_utf8_lossy(data).into_owned();
        if let Some(at) = text.rfind(addition.0) {
            *data = format!("{}{}{}", &text[..at], addition.1, &text[at..]).into_bytes();
            added = true;
        }
    }
    if added {
        parts.push((THEME.to_string(), include_bytes!("theme1.xml").to_vec()));
    }
}

/// The settings with punctuation compressed at line ends and starts, as 公文 sets it and as
/// the PDF does (`w:characterSpacingControl`), and, when faces are embedded, Word told to keep
/// them, subset, when it saves ([`super::order`] puts each in its place).
fn with_settings(xml: &str, embedded: bool) -> String {
    let xml = added_once(
        xml,
        "characterSpacingControl",
        "</w:settings>",
        "<w:characterSpacingControl w:val=\"compressPunctuation\" /></w:settings>",
    );
    if embedded {
        added_once(
            &xml,
            "embedTrueTypeFonts",
            "</w:settings>",
            "<w:embedTrueTypeFonts /><w:saveSubsetFonts /></w:settings>",
        )
    } else {
        xml
    }
}

/// The font table of `fonts` in place of docx-rs's (which lists Times New Roman, Symbol and
/// Arial), with its relationships, the embedded faces and their content type.
fn with_fonts(parts: &mut Vec<(String, Vec<u8>)>, fonts: &FontParts) {
    const TABLE: &str = "word/fontTable.xml";
    const RELS: &str = "word/_rels/fontTable.xml.rels";
    match parts.iter_mut().find(|(n, _)| n == TABLE) {
        Some((_, data)) => *data = fonts.table.clone().into_bytes(),
        None => return,
    }
    let Some(rels) = &fonts.relationships else {
        return;
    };
    for (name, data) in parts.iter_mut() {
        if name == "[Content_Types].xml" {
            let text = String::from_utf8_lossy(data);
            *data = text
                .replacen(
                    "<Default ",
                    "<Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\"/><Default ",
                    1,
                )
                .into_bytes();
        }
    }
    parts.retain(|(n, _)| n != RELS);
    parts.push((RELS.to_string(), rels.clone().into_bytes()));
    parts.extend(fonts.files.iter().cloned());
}

/// Widow and orphan control for every paragraph (the document defaults), as the PDF keeps
/// a paragraph's first and last lines off a page of their own; and no space added between
/// Chinese and Latin letters or digits (Word's default adds a quarter em, the PDF none).
fn with_widow_control(xml: &str) -> String {
    added_once(
        xml,
        "<w:widowControl",
        "<w:pPrDefault><w:pPr>",
        "<w:pPrDefault><w:pPr><w:widowControl /><w:autoSpaceDE w:val=\"0\" /><w:autoSpaceDN w:val=\"0\" />",
    )
}

/// `xml` with its first `anchor` replaced by `with`, unless it holds `present` already.
fn added_once(xml: &str, present: &str, anchor: &str, with: &str) -> String {
    if xml.contains(present) {
        xml.to_string()
    } else {
        xml.replacen(anchor, with, 1)
    }
}

/// `[Content_Types].xml` first, as Office writes it; then the relationships; then the rest.
fn part_rank(name: &str) -> u8 {
    match name {
        "[Content_Types].xml" => 0,
        "_rels/.rels" => 1,
        _ => 2,
    }
}

/// The table `xml` with its first `n` rows (its header) repeated on every page
/// (`w:tblHeader`, which docx-rs cannot write; it writes them with `w:cantSplit`).
pub fn repeat_header_rows(xml: &str, n: usize) -> String {
    const ROW: &str = "<w:tr>";
    const KEPT: &str = "<w:cantSplit />";
    let mut out = String::with_capacity(xml.len() + 16 * n);
    let mut rest = xml;
    for _ in 0..n {
        let Some(row) = rest.find(ROW) else { break };
        let Some(end) = rest[row..].find("</w:tr>").map(|e| row + e) else {
            break;
        };
        out.push_str(&rest[..row]);
        out.push_str(&rest[row..end].replacen(KEPT, "<w:cantSplit /><w:tblHeader />", 1));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every section's properties with the footers of the document's own (last) section, their
/// references first as the schema orders them. docx-rs drops an added section's even footer
/// and writes references after the grid; one pair of footers serves every section, so the page
/// numbers look alike throughout and run on.
fn sections_with_footers(xml: &str) -> String {
    const OPEN: &str = "<w:sectPr>";
    const CLOSE: &str = "</w:sectPr>";
    let is_reference = |piece: &str| {
        piece.starts_with("<w:footerReference") || piece.starts_with("<w:headerReference")
    };
    // The references of the last section.
    let Some(last) = xml.rfind(OPEN) else {
        return xml.to_string();
    };
    let references: String = xml[last..]
        .split_inclusive("/>")
        .map(str::trim_start)
        .filter_map(|p| p.find("<w:footerReference").map(|i| &p[i..]))
        .collect();
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(start) = rest.find(OPEN) {
        let Some(len) = rest[start..].find(CLOSE) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + OPEN.len()..start + len];
        let kept: String = inner
            .split_inclusive("/>")
            .filter(|p| !is_reference(p.trim_start()))
            .collect();
        out.push_str(OPEN);
        out.push_str(&references);
        out.push_str(&kept);
        out.push_str(CLOSE);
        rest = &rest[start + len + CLOSE.len()..];
    }
    out.push_str(rest);
    // An empty run property at the head of a paragraph's properties is out of the schema's
    // order and says nothing.
    out.replace("<w:pPr><w:rPr />", "<w:pPr>")
}

/// Each style's first-line and hanging indents also in characters (`w:firstLineChars`,
/// `w:hangingChars`, hundredths of a character of the style's size), which Word and WPS keep
/// when the size changes; docx-rs writes only the twips.
fn indents_in_characters(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 512);
    let mut rest = xml;
    while let Some(start) = rest.find("<w:style ") {
        let Some(len) = rest[start..].find("</w:style>") else {
            break;
        };
        out.push_str(&rest[..start]);
        let style = &rest[start..start + len];
        let size = attr_number(style, "<w:sz w:val=\"").filter(|&s| s > 0);
        let mut style = style.to_string();
        if let Some(size) = size {
            for (twips_attr, chars_attr) in [
                ("w:firstLine=\"", "w:firstLineChars"),
                ("w:hanging=\"", "w:hangingChars"),
            ] {
                if let Some(twips) = attr_number(&style, twips_attr) {
                    let chars = twips * 10 / size;
                    style = style.replacen(
                        twips_attr,
                        &format!("{chars_attr}=\"{chars}\" {twips_attr}"),
                        1,
                    );
                }
            }
        }
        out.push_str(&style);
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// The number after `prefix` (an attribute's opening) in `text`.
fn attr_number(text: &str, prefix: &str) -> Option<i64> {
    let at = text.find(prefix)? + prefix.len();
    let end = text[at..].find('"')?;
    text[at..at + end].parse().ok()
}

/// The core properties with the document's title and author.
fn core_properties(xml: &str, meta: &DocxMeta) -> String {
    // Element text: `&`, `<` and `>` escaped.
    let esc = quick_xml::escape::partial_escape;
    let title = format!("<dc:title>{}</dc:title>", esc(&meta.title));
    let author = esc(&meta.author);
    let xml = xml
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:creator>{author}</dc:creator>{title}"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"),
        );
    if xml.contains("<dc:title>") {
        xml
    } else {
        xml.replace(
            "</cp:coreProperties>",
            &format!("{title}</cp:coreProperties>"),
        )
    }
}

/// The document part `skeleton` with each marker paragraph replaced by its section's body, and
/// the paragraph ids numbered through the whole. The part is made at its full size at once, and
/// each body is inflated only while it is copied in.
fn with_bodies(skeleton: &str, documents: &[&PackedBodies]) -> Result<String, String> {
    let total: usize = skeleton.len() + documents.iter().map(|d| d.len()).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut n = 0u32;
    let mut rest = skeleton;
    for (i, body) in documents.iter().flat_map(|d| d.unpacked()).enumerate() {
        let body = body?;
        let marker = marker(i);
        let missing = || format!("DOCX: the marker of section {i} is missing");
        let at = rest.find(&marker).ok_or_else(missing)?;
        let start = rest[..at].rfind("<w:p ").ok_or_else(missing)?;
        let end = rest[at..].find("</w:p>").ok_or_else(missing)? + at + "</w:p>".len();
        push_numbered(&mut out, &rest[..start], &mut n);
        push_numbered(&mut out, &body, &mut n);
        rest = &rest[end..];
    }
    push_numbered(&mut out, rest, &mut n);
    Ok(out)
}

/// Paragraph ids (`w14:paraId="…"`) numbered 1, 2, … in each part, whatever thread and build
/// made the paragraphs.
fn number_paragraph_ids(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    push_numbered(&mut out, xml, &mut 0);
    out
}

/// `xml` onto `out` with its paragraph ids numbered on from `n`.
fn push_numbered(out: &mut String, xml: &str, n: &mut u32) {
    const ATTR: &str = "w14:paraId=\"";
    let mut rest = xml;
    while let Some(i) = rest.find(ATTR) {
        let start = i + ATTR.len();
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('"') else {
            rest = &rest[start..];
            break;
        };
        *n += 1;
        // Writing to a String cannot fail.
        let _ = write!(out, "{:08X}", *n);
        rest = &rest[start + len..];
    }
    out.push_str(rest);
}
