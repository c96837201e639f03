//! Stage 3b: the PDF writer. Each section document is laid out and drawn once through genpdf
//! with subset fonts ([`chunk`]); output files are composed from those chunks with their own
//! page numbers and finished with lopdf ([`compose`]).

mod archive;
pub mod chunk;
pub mod compose;
pub mod embed;
pub mod finish;
pub mod pieces;
pub mod serialize;
pub mod write;

use crate::fonts::FontSet;
use crate::layout::{self, Engine, Layout};
use crate::style::Style;
use std::collections::BTreeSet;

/// Draws one section's layout as a chunk, with the page-number font embedded, each face's
/// subset cut from `shared` (the material's characters of that face) as well as the section's
/// own; a session passes the drawings of its last build (`kept`, with the section's key; see
/// [`pieces`]).
pub fn render_chunk(
    laid: &Layout,
    (style, fonts, shared): (&Style, &FontSet, &[BTreeSet<char>]),
    kept: Option<(&pieces::Pieces, u64)>,
) -> Result<chunk::Chunk, String> {
    let engine = Engine::new(style, fonts);
    let number_font = engine.text_style(style.page_number.role_id, 100.0).font;
    chunk::render(
        laid,
        (fonts, shared),
        (number_font, &layout::page_number_chars(&engine)),
        kept,
    )
}

/// The PDF of `parts` in order, pages numbered from 1, with a bookmark per part when
/// `outline` names them (one title per part, or none).
pub fn write_pdf(
    parts: &[(&Layout, &chunk::Chunk)],
    outline: &[String],
    style: &Style,
    fonts: &FontSet,
    meta: &compose::Meta,
) -> Result<Vec<u8>, String> {
    let pages = parts.iter().map(|(l, _)| l.pages.len()).sum();
    let engine = Engine::new(style, fonts);
    let marks = layout::page_numbers(pages, &engine);
    let chunks: Vec<&chunk::Chunk> = parts.iter().map(|(_, c)| *c).collect();
    compose::compose(&chunks, &marks, outline, meta)
}
