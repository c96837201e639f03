//! Reads text back out of huibao's PDFs (as a user's copy-paste would): fonts' ToUnicode maps
//! decode the glyph ids of each text-showing operator, in drawing order.
#![allow(dead_code)]

use lopdf::{Document, Object};
use std::collections::HashMap;

/// One page: its size in points and its text in drawing order.
pub struct PageText {
    pub width: f32,
    pub height: f32,
    pub text: String,
    /// Each drawn character with the BaseFont of the font that drew it (`ABCDEF+UMingCN`).
    pub fonts: Vec<(char, String)>,
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r as f32,
        _ => 0.0,
    }
}

fn parse_hex(s: &str) -> Option<u32> {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok()
}

/// A ToUnicode destination: UTF-16BE code units in hex (a surrogate pair for a character
/// beyond the Basic Multilingual Plane).
fn parse_utf16(s: &str) -> Option<String> {
    let hex = s.trim_matches(|c| c == '<' || c == '>');
    let units: Option<Vec<u16>> = (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(hex.get(i..i + 4)?, 16).ok())
        .collect();
    String::from_utf16(&units?).ok()
}

/// Parses the bfchar/bfrange entries of a ToUnicode CMap.
fn to_unicode(cmap: &str) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let mut mode = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [g, u]) => {
                if let (Some(g), Some(u)) = (parse_hex(g), parse_utf16(u)) {
                    map.insert(g, u);
                }
            }
            ("range", [a, b, u]) => {
                if let (Some(a), Some(b), Some(u)) = (parse_hex(a), parse_hex(b), parse_hex(u)) {
                    for (i, g) in (a..=b).enumerate() {
                        map.insert(
                            g,
                            char::from_u32(u + i as u32)
                                .map(String::from)
                                .unwrap_or_default(),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => doc.get_object(*r).unwrap_or(o),
        _ => o,
    }
}

/// The page's fonts by resource name (resources and font dicts may be references).
fn page_fonts<'a>(
    doc: &'a Document,
    page: &'a lopdf::Dictionary,
) -> Vec<(Vec<u8>, &'a lopdf::Dictionary)> {
    let Ok(res) = page.get(b"Resources") else {
        return Vec::new();
    };
    let Ok(res) = deref(doc, res).as_dict() else {
        return Vec::new();
    };
    let Ok(fonts) = res.get(b"Font") else {
        return Vec::new();
    };
    let Ok(fonts) = deref(doc, fonts).as_dict() else {
        return Vec::new();
    };
    fonts
        .iter()
        .filter_map(|(k, v)| deref(doc, v).as_dict().ok().map(|d| (k.clone(), d)))
        .collect()
}

/// The text of every page.
pub fn extract(bytes: &[u8]) -> Vec<PageText> {
    let doc = Document::load_mem(bytes).expect("a PDF lopdf can read");
    let mut pages = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let mbox = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let mut maps: HashMap<Vec<u8>, Option<HashMap<u32, String>>> = HashMap::new();
        let mut base_fonts: HashMap<Vec<u8>, String> = HashMap::new();
        for (name, font) in page_fonts(&doc, page) {
            let base = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).to_string())
                .unwrap_or_default();
            base_fonts.insert(name.clone(), base);
            let map = font
                .get(b"ToUnicode")
                .and_then(Object::as_reference)
                .ok()
                .and_then(|r| doc.get_object(r).ok())
                .and_then(|o| o.as_stream().ok())
                .map(|s| {
                    to_unicode(&String::from_utf8_lossy(
                        &s.decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                    ))
                });
            maps.insert(name, map);
        }
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let mut text = String::new();
        let mut fonts = Vec::new();
        let mut base = String::new();
        let mut font: Option<&Option<HashMap<u32, String>>> = None;
        let show = |bytes: &[u8],
                    font: Option<&Option<HashMap<u32, String>>>,
                    text: &mut String| match font {
            Some(Some(map)) => {
                for pair in bytes.chunks(2) {
                    let g = u32::from(pair[0]) << 8 | u32::from(*pair.get(1).unwrap_or(&0));
                    text.push_str(map.get(&g).map(String::as_str).unwrap_or("\u{FFFD}"));
                }
            }
            _ => text.push_str(&String::from_utf8_lossy(bytes)),
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands.first().and_then(|o| o.as_name().ok());
                    font = name.and_then(|n| maps.get(n));
                    base = name
                        .and_then(|n| base_fonts.get(n))
                        .cloned()
                        .unwrap_or_default();
                }
                "Tj" | "'" | "TJ" => {
                    let strings: Vec<&Vec<u8>> = match op.operands.first() {
                        Some(Object::String(s, _)) => vec![s],
                        Some(Object::Array(items)) => items
                            .iter()
                            .filter_map(|i| match i {
                                Object::String(s, _) => Some(s),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for s in strings {
                        let start = text.len();
                        show(s, font, &mut text);
                        fonts.extend(text[start..].chars().map(|c| (c, base.clone())));
                    }
                }
                "ET" => text.push('\n'),
                _ => {}
            }
        }
        pages.push(PageText {
            width: number(&mbox[2]) - number(&mbox[0]),
            height: number(&mbox[3]) - number(&mbox[1]),
            text,
            fonts,
        });
    }
    pages
}

/// Removes all whitespace (line breaks in the PDF are layout, not content).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
