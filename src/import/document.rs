//! Reading a revised Word file (`huibao import 修改稿.docx`): the paragraphs and table cells of
//! `word/document.xml` as a reader sees them once every tracked change is accepted, each with
//! the huibao bookmarks it holds ([`crate::fields`]), plus the revisions and comments. Bounded
//! like the workbooks: the file's size, its parts and each part's inflated size are checked
//! before any XML is parsed, and a DTD (an entity bomb) is refused by the parser.

use super::bounds::{self, MAX_PART_BYTES};
use crate::fields::{Bookmark, parse_bookmark};
use std::io::Read;
use std::path::Path;

/// A paragraph of the body, or a table cell (its paragraphs joined by line breaks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// Its text with every revision accepted; `\n` for a line break.
    pub text: String,
    /// The huibao bookmarks in it.
    pub marks: Vec<Bookmark>,
    /// Tracked changes in it not yet accepted.
    pub revisions: usize,
    /// A table cell (else a paragraph of the body).
    pub in_table: bool,
    /// The comments anchored in it: (author, text).
    pub comments: Vec<(String, String)>,
}

/// What a revised Word file holds.
#[derive(Debug, Clone, Default)]
pub struct Revised {
    /// Its paragraphs and cells in order.
    pub units: Vec<Unit>,
    /// Tracked changes not yet accepted, in the whole body.
    pub revisions: usize,
}

fn refuse(path: &Path, why: String) -> String {
    crate::tr!(
        "import-doc-refused",
        file = crate::diag::shown(path),
        why = why
    )
}

/// Reads `path`, refusing what is not a `.docx` (a Word 97 `.doc`, a `.wps`, anything else)
/// with what to do, and what is larger than a material's Word file can be.
pub fn read(path: &Path) -> Result<Revised, String> {
    bounds::regular_file(path, |why| refuse(path, why))?;
    bounds::file_size(path).map_err(|why| refuse(path, why))?;
    let mut file = std::fs::File::open(path).map_err(|e| refuse(path, e.to_string()))?;
    let mut magic = [0u8; 8];
    let n = file
        .read(&mut magic)
        .map_err(|e| refuse(path, e.to_string()))?;
    // An OLE compound file: Word 97–2003 (.doc) or WPS's own (.wps).
    if magic[..n].starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refuse(path, crate::tr!("import-doc-old-format")));
    }
    let file = std::fs::File::open(path).map_err(|e| refuse(path, e.to_string()))?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Err(refuse(path, crate::tr!("import-doc-not-docx")));
    };
    bounds::part_count(&zip).map_err(|why| refuse(path, why))?;
    let Some(body) = part(&mut zip, "word/document.xml").map_err(|why| refuse(path, why))? else {
        return Err(refuse(path, crate::tr!("import-doc-not-docx")));
    };
    let comments = part(&mut zip, "word/comments.xml").map_err(|why| refuse(path, why))?;
    let comments = match comments {
        Some(xml) => read_comments(&xml).map_err(|why| refuse(path, why))?,
        None => Vec::new(),
    };
    read_body(&body, &comments).map_err(|why| refuse(path, why))
}

/// Part `name` of the package, inflated through a cap (its declared size is checked first, so
/// a claimed gigabyte is refused before any of it is inflated).
fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Result<Option<String>, String> {
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let too_large = || {
        crate::tr!(
            "import-part-too-large",
            part = name,
            mb = MAX_PART_BYTES >> 20
        )
    };
    if entry.size() > MAX_PART_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let mut capped = entry.take(MAX_PART_BYTES + 1);
    capped
        .read_to_end(&mut bytes)
        .map_err(|e| crate::tr!("import-bad-xml", detail = e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| crate::tr!("import-bad-xml", detail = e.to_string()))
}

fn parse(xml: &str) -> Result<roxmltree::Document<'_>, String> {
    // No DTD (the default): an entity bomb is an error, not a gigabyte.
    roxmltree::Document::parse(xml)
        .map_err(|e| crate::tr!("import-bad-xml", detail = e.to_string()))
}

/// The element's name without its namespace prefix.
fn is(node: &roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

/// The `w:` attribute `name` of `node`.
fn attr<'a>(node: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// Each comment's id, author and text.
fn read_comments(xml: &str) -> Result<Vec<(String, String, String)>, String> {
    let doc = parse(xml)?;
    Ok(doc
        .descendants()
        .filter(|n| is(n, "comment"))
        .map(|c| {
            let text: String = c
                .descendants()
                .filter(|t| is(t, "t"))
                .filter_map(|t| t.text())
                .collect();
            (
                attr(&c, "id").unwrap_or_default().to_string(),
                attr(&c, "author").unwrap_or_default().to_string(),
                text,
            )
        })
        .collect())
}

/// Revision elements: an insertion, a deletion, a move, or a changed paragraph mark.
const REVISIONS: &[&str] = &["ins", "del", "moveFrom", "moveTo"];

fn read_body(xml: &str, comments: &[(String, String, String)]) -> Result<Revised, String> {
    let doc = parse(xml)?;
    let Some(body) = doc.descendants().find(|n| is(n, "body")) else {
        return Err(crate::tr!("import-doc-not-docx"));
    };
    let mut out = Revised::default();
    let mut units = Vec::new();
    collect(body, &mut units);
    // A paragraph whose mark was deleted runs on into the next once the deletion is accepted.
    let mut merged: Vec<Unit> = Vec::new();
    let mut joining = false;
    for (unit, mark_deleted) in units {
        match merged.last_mut() {
            Some(last) if joining => {
                last.text.push_str(&unit.text);
                last.marks.extend(unit.marks);
                last.revisions += unit.revisions;
                last.comments.extend(unit.comments);
            }
            _ => merged.push(unit),
        }
        joining = mark_deleted;
    }
    for unit in &mut merged {
        unit.comments = unit
            .comments
            .iter()
            .filter_map(|(id, _)| comments.iter().find(|(c, _, _)| c == id))
            .map(|(_, author, text)| (author.clone(), text.clone()))
            .collect();
    }
    out.revisions = merged.iter().map(|u| u.revisions).sum();
    out.units = merged;
    Ok(out)
}

/// The units under `node` in order, each with whether its paragraph mark is deleted.
fn collect(node: roxmltree::Node, out: &mut Vec<(Unit, bool)>) {
    for child in node.children().filter(roxmltree::Node::is_element) {
        if is(&child, "p") {
            out.push(paragraph(child));
        } else if is(&child, "tbl") {
            for row in child.children().filter(|n| is(n, "tr")) {
                let deleted = row
                    .children()
                    .filter(|n| is(n, "trPr"))
                    .any(|p| p.children().any(|n| is(&n, "del")));
                if deleted {
                    continue;
                }
                for cell in row.children().filter(|n| is(n, "tc")) {
                    let mut unit = Unit {
                        in_table: true,
                        ..Unit::default()
                    };
                    let paragraphs: Vec<(Unit, bool)> = cell
                        .descendants()
                        .filter(|n| is(n, "p"))
                        .map(paragraph)
                        .collect();
                    for (i, (p, _)) in paragraphs.into_iter().enumerate() {
                        if i > 0 {
                            unit.text.push('\n');
                        }
                        unit.text.push_str(&p.text);
                        unit.marks.extend(p.marks);
                        unit.revisions += p.revisions;
                        unit.comments.extend(p.comments);
                    }
                    out.push((unit, false));
                }
            }
        } else if is(&child, "sdt") || is(&child, "sdtContent") || is(&child, "customXml") {
            collect(child, out);
        }
    }
}

/// A paragraph's text as accepted, its marks, revisions and comment ids (in `comments` as
/// (id, "")), and whether its paragraph mark is a tracked deletion.
fn paragraph(p: roxmltree::Node) -> (Unit, bool) {
    let mut unit = Unit::default();
    let removed = |n: &roxmltree::Node| {
        n.ancestors()
            .take_while(|a| !is(a, "p") || a == &p)
            .any(|a| is(&a, "del") || is(&a, "moveFrom"))
    };
    for n in p.descendants().filter(roxmltree::Node::is_element) {
        let name = n.tag_name().name();
        match name {
            "t" if !removed(&n) => unit.text.push_str(n.text().unwrap_or_default()),
            "tab" if !removed(&n) && !n.ancestors().any(|a| is(&a, "pPr")) => unit.text.push('\t'),
            "br" | "cr" if !removed(&n) => unit.text.push('\n'),
            "noBreakHyphen" if !removed(&n) => unit.text.push('-'),
            "bookmarkStart" => {
                if let Some(mark) = attr(&n, "name").and_then(parse_bookmark) {
                    unit.marks.push(mark);
                }
            }
            "commentRangeStart" | "commentReference" => {
                if let Some(id) = attr(&n, "id")
                    && !unit.comments.iter().any(|(c, _)| c == id)
                {
                    unit.comments.push((id.to_string(), String::new()));
                }
            }
            // A paragraph mark's own revision (in `w:pPr`) is counted below.
            _ if REVISIONS.contains(&name) && !n.ancestors().any(|a| is(&a, "pPr")) => {
                unit.revisions += 1;
            }
            _ => {}
        }
    }
    // `w:pPr/w:rPr/w:del`: the paragraph mark itself is deleted.
    let mark_deleted = p
        .children()
        .filter(|n| is(n, "pPr"))
        .flat_map(|pr| pr.children().filter(|n| is(n, "rPr")))
        .any(|rpr| rpr.children().any(|n| is(&n, "del")));
    if mark_deleted {
        unit.revisions += 1;
    }
    (unit, mark_deleted)
}
