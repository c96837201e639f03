//! Which font a Word file names for each role, what its font table says about that font, and
//! the faces embedded in it.
//!
//! The names go where Word and WPS look for them: each role's runs name the official face
//! (`fonts.*.installed[0]`: 仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 黑体), so an office PC
//! that has it uses it; the font table gives the next official name as `w:altName` (仿宋 for
//! 仿宋_GB2312), which Word and WPS try for a missing face, with charset 86 (GB2312), family and
//! panose from the face the PDF is drawn with. Under the same name the file embeds that face,
//! subset to the characters its roles use and obfuscated (ECMA-376 Part 1, §17.8.1): a machine
//! without the official fonts (LibreOffice with no alias, a PC without 仿宋_GB2312) shows the
//! PDF's faces instead of a substitute sans-serif. An installed font of the same name is used
//! before an embedded one.

use crate::fonts::{FontId, FontSet};
use crate::style::{RoleId, Style};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The characters each role's text uses in a Word file.
pub type RoleChars = BTreeMap<RoleId, BTreeSet<char>>;

/// The name a Word file gives the style's font `font`: its first official face, else the
/// family the workbook names it by, else its own name.
pub fn word_name(style: &Style, font: &str) -> String {
    style
        .fonts
        .get(font)
        .and_then(|spec| spec.installed.first())
        .or_else(|| style.xlsx.families.get(font))
        .cloned()
        .unwrap_or_else(|| font.to_string())
}

/// The Word name of role `role`'s first font.
pub fn role_font(style: &Style, role: RoleId) -> String {
    style
        .role(role)
        .font
        .first()
        .map_or_else(|| style.xlsx.font.clone(), |f| word_name(style, f))
}

/// The parts a Word file's fonts take: the font table, its relationships and the embedded
/// faces (none of either when nothing is embedded).
pub struct FontParts {
    /// `word/fontTable.xml`.
    pub table: String,
    /// `word/_rels/fontTable.xml.rels`, when a face is embedded.
    pub relationships: Option<String>,
    /// The embedded faces, `word/fonts/fontN.odttf`, obfuscated.
    pub files: Vec<(String, Vec<u8>)>,
}

/// One Word font: the style font that draws it and the characters it is asked for.
struct Use {
    font: String,
    chars: BTreeSet<char>,
}

/// The font parts of a Word file whose roles use `chars`.
pub fn font_parts(style: &Style, fonts: &FontSet, chars: &RoleChars) -> Result<FontParts, String> {
    let mut uses: BTreeMap<String, Use> = BTreeMap::new();
    for (&role, used) in chars {
        let Some(font) = style.role(role).font.first() else {
            continue;
        };
        uses.entry(role_font(style, role))
            .or_insert_with(|| Use {
                font: font.clone(),
                chars: BTreeSet::new(),
            })
            .chars
            .extend(used.iter().copied().filter(|c| !c.is_control()));
    }
    let mut table = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
    );
    let mut relationships = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    let mut files = Vec::new();
    for (name, used) in &uses {
        let spec = style.fonts.get(&used.font);
        let alt = spec.and_then(|s| s.installed.get(1)).filter(|a| *a != name);
        let id = fonts
            .names
            .iter()
            .position(|n| *n == used.font)
            .map(FontId::new);
        let subset = match id {
            Some(id) if style.docx.embed_fonts && !used.chars.is_empty() => {
                Some(fonts.subset(id, &used.chars)?)
            }
            _ => None,
        };
        let facts = subset.as_deref().and_then(crate::fonts::face_facts);
        describe(&mut table, name, alt.map(String::as_str), facts);
        // The license is the bundled file's: an installed official face stands on its own flags.
        let free =
            spec.is_some_and(|s| s.free_license) && !fonts.installed().contains_key(&used.font);
        let face = match (style.docx.embed_fonts, subset, facts) {
            (true, Some(subset), Some(facts)) => embeddable(subset, facts.fs_type, free)?,
            _ => None,
        };
        if let Some(face) = face {
            let n = files.len() + 1;
            let key = font_key(&face, n);
            let rid = format!("rIdFont{n}");
            let _ = write!(
                table,
                "<w:embedRegular r:id=\"{rid}\" w:fontKey=\"{key}\" />"
            );
            let _ = write!(
                relationships,
                "<Relationship Id=\"{rid}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" Target=\"fonts/font{n}.odttf\"/>"
            );
            files.push((format!("word/fonts/font{n}.odttf"), obfuscated(face, &key)));
        }
        table.push_str("</w:font>");
    }
    table.push_str("</w:fonts>");
    relationships.push_str("</Relationships>");
    Ok(FontParts {
        table,
        relationships: (!files.is_empty()).then_some(relationships),
        files,
    })
}

/// Opens the font-table entry of `name` with what Word and WPS map a missing font by: the
/// alternate name, panose, charset 86 (GB2312), family and pitch. (Writing to a String cannot
/// fail, here and below.)
fn describe(
    table: &mut String,
    name: &str,
    alt: Option<&str>,
    facts: Option<crate::fonts::FaceFacts>,
) {
    let _ = write!(
        table,
        "<w:font w:name=\"{}\">",
        quick_xml::escape::escape(name)
    );
    if let Some(alt) = alt {
        let _ = write!(
            table,
            "<w:altName w:val=\"{}\" />",
            quick_xml::escape::escape(alt)
        );
    }
    if let Some(f) = &facts {
        let hex: String = f.panose.iter().map(|b| format!("{b:02X}")).collect();
        let _ = write!(table, "<w:panose1 w:val=\"{hex}\" />");
    }
    let family = if facts.is_some_and(|f| f.sans) {
        "swiss"
    } else {
        "roman"
    };
    let _ = write!(
        table,
        "<w:charset w:val=\"86\" /><w:family w:val=\"{family}\" /><w:pitch w:val=\"variable\" />"
    );
}

/// The face to embed: as it is when its flags allow editing a document that carries it;
/// marked installable when its license allows anything (`free_license`); else none (a Word
/// file carrying a preview-only face opens read-only, a restricted face may not be embedded).
fn embeddable(subset: Vec<u8>, fs_type: u16, free: bool) -> Result<Option<Vec<u8>>, String> {
    const RESTRICTED: u16 = 0x0002;
    const PREVIEW: u16 = 0x0004;
    const EDITABLE: u16 = 0x0008;
    if free && fs_type != 0 {
        return crate::fonts::with_fs_type(&subset, 0).map(Some);
    }
    let editable = fs_type & 0x000F == 0 || fs_type & EDITABLE != 0;
    let forbidden = fs_type & RESTRICTED != 0 || (fs_type & PREVIEW != 0 && !editable);
    Ok((!forbidden).then_some(subset))
}

/// A GUID for face `n` of a file, from the face's bytes, so the same content gives the same
/// key: `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
fn font_key(face: &[u8], n: usize) -> String {
    use std::hash::Hasher;
    let half = |seed: u64| {
        let mut h = fnv::FnvHasher::with_key(seed);
        h.write(face);
        h.write_usize(n);
        h.finish()
    };
    let hex = format!(
        "{:016X}{:016X}",
        half(0xcbf2_9ce4_8422_2325),
        half(0x1000_0000_01b3)
    );
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `face` obfuscated with `key` (ECMA-376 Part 1, §17.8.1): its first 32 bytes XORed with the
/// key's 16 bytes taken from its hex digits in reverse order.
fn obfuscated(mut face: Vec<u8>, key: &str) -> Vec<u8> {
    let digits: Vec<u8> = key
        .chars()
        .filter_map(|c| c.to_digit(16))
        .map(|d| d as u8)
        .collect();
    let bytes: Vec<u8> = digits.chunks(2).map(|p| p[0] << 4 | p[1]).rev().collect();
    for (i, b) in face.iter_mut().take(32).enumerate() {
        *b ^= bytes[i % bytes.len().max(1)];
    }
    face
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_is_its_own_inverse_and_reverses_the_key() {
        let key = "{00112233-4455-6677-8899-AABBCCDDEEFF}";
        let face: Vec<u8> = (0..40).collect();
        let once = obfuscated(face.clone(), key);
        assert_eq!(once[0], 0xFF);
        assert_eq!(once[15], 0x0F);
        assert_eq!(once[16], 16 ^ 0xFF);
        assert_eq!(&once[32..], &face[32..]);
        assert_eq!(obfuscated(once, key), face);
    }

    #[test]
    fn preview_only_faces_are_embedded_only_under_a_free_license() {
        assert!(embeddable(vec![1], 0x0004, false).unwrap().is_none());
        assert!(embeddable(vec![1], 0x0002, false).unwrap().is_none());
        assert_eq!(embeddable(vec![1], 0x0008, false).unwrap(), Some(vec![1]));
        assert_eq!(embeddable(vec![1], 0, false).unwrap(), Some(vec![1]));
    }
}
