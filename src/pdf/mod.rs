//! Stage 3b: the PDF writer. The material's faces are cut once ([`Fonts`]); each section's
//! layout is drawn once by genpdf into finished page contents ([`draw`], a [`Section`]); each
//! output file is written from its sections by pdf-writer ([`write`]), so the full material
//! and each annex's own file share the drawing.
//!
//! genpdf draws; lopdf (genpdf's own dependency) only reads back what genpdf drew; every file
//! is written by pdf-writer.

mod draw;
mod face;
mod file;

pub use draw::draw;
pub use face::Fonts;

use crate::date::DateTime;
use crate::fonts::FontSet;
use crate::layout::{Engine, page_numbers};
use crate::style::Style;
use flate2::write::ZlibEncoder;
use std::cell::RefCell;
use std::io::Write as _;

/// A section drawn: its pages' finished contents, ready for any file made from it.
#[derive(Debug, Default)]
pub struct Section {
    pages: Vec<DrawnPage>,
    /// The font indices its pages draw with.
    fonts: Vec<usize>,
    /// A fingerprint of the pages, for the document ID.
    fingerprint: [u8; 16],
}

/// One page of a drawn section.
#[derive(Debug)]
struct DrawnPage {
    width: f32,
    height: f32,
    /// The content stream, deflated.
    content: Vec<u8>,
}

/// What a file says about itself.
pub struct Meta<'a> {
    /// Document title.
    pub title: &'a str,
    /// Author.
    pub author: &'a str,
    /// Creation and modification date.
    pub time: &'a DateTime,
    /// Declare PDF/A-1b and carry what it asks (`pdf.archival` in the style).
    pub archival: bool,
}

/// The PDF of `sections` in order, pages numbered from 1 as `style` says, with a bookmark per
/// section when `outline` names them (one title each, or none).
pub fn write(
    sections: &[&Section],
    outline: &[String],
    (style, fonts, faces): (&Style, &FontSet, &Fonts),
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let pages = sections.iter().map(|s| s.pages.len()).sum();
    let marks = page_numbers(pages, &Engine::new(style, fonts));
    file::write(sections, outline, &marks, faces, meta)
}

/// A stable fingerprint of `parts` (no randomness, no clock): FNV-1a with two keys.
fn fingerprint(parts: &[&[u8]]) -> [u8; 16] {
    use std::hash::Hasher;
    let mut out = [0u8; 16];
    for (half, key) in out
        .chunks_mut(8)
        .zip([0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4])
    {
        let mut h = fnv::FnvHasher::with_key(key);
        for part in parts {
            h.write(part);
        }
        half.copy_from_slice(&h.finish().to_be_bytes());
    }
    out
}

thread_local! {
    /// Each thread's zlib encoder, reset between streams: a new one allocates and clears about
    /// 300 KB of window and hash tables, once for every page of a 3,000-page build. A reset
    /// encoder gives the same bytes as a new one.
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
