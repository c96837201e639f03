//! The pages as the browser shows them: each output PDF's pages (`meeting.pdf`, then each
//! annex's own file) drawn as SVG from the same laid-out pages and page numbers the PDF is
//! made from, with a clickable rectangle over every paragraph and table cell.

use crate::fonts::FontSet;
use crate::layout::{self, Area, Drawn, Engine, Layout, Page};
use crate::pipeline::shown::Shown;
use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One output file's pages.
#[derive(Debug, Clone)]
pub struct View {
    /// The PDF it shows (`meeting.pdf`).
    pub file: String,
    /// Its pages, numbered as in that file.
    pub pages: Vec<ViewPage>,
}

/// One page: its SVG, named by a hash of it (an unchanged page keeps its name, so the browser
/// fetches only the pages that changed), and where its paragraphs and cells are.
#[derive(Debug, Clone)]
pub struct ViewPage {
    /// The part (report, annex) of [`Shown::parts`] it belongs to.
    pub part: usize,
    /// The page as SVG.
    pub svg: Arc<str>,
    /// A hash of `svg`, in hex.
    pub hash: String,
    /// Its areas, indexed as the SVG's clickable rectangles are.
    pub areas: Vec<Area>,
}

/// The pages drawn by the last builds, by a hash of what they show: a page that did not
/// change is not drawn again (see `benches/RESULTS.md` for what it saves).
#[derive(Debug, Default)]
pub struct Drawings(HashMap<u64, (Arc<str>, String)>);

/// The views of the last good build: `meeting.pdf` with every part, then each annex's file.
/// `families[i]` is the CSS font family font `i` is served as; pages already in `drawn` are
/// taken from it, and it keeps only this build's pages.
pub fn views(
    shown: &Shown,
    layouts: &[&Layout],
    (fonts, families): (&FontSet, &[String]),
    drawn: &mut Drawings,
) -> Vec<View> {
    let engine = Engine::new(&shown.style, fonts);
    let mut now = HashMap::new();
    let all: Vec<usize> = (0..shown.parts.len()).collect();
    let mut files = vec![(crate::content::names::meeting_pdf(), all)];
    files.extend((1..shown.parts.len()).map(|i| (shown.parts[i].file.clone(), vec![i])));
    let views = files
        .into_iter()
        .map(|(file, parts)| {
            let pages: Vec<(usize, &Page)> = parts
                .iter()
                .flat_map(|&p| layouts[p].pages.iter().map(move |page| (p, page)))
                .collect();
            let numbers = layout::page_numbers(pages.len(), &engine);
            let pages = pages
                .iter()
                .zip(&numbers)
                .map(|(&(part, page), number)| {
                    let key = page_key(page, number, families);
                    let (svg, hash) = drawn
                        .0
                        .remove(&key)
                        .or_else(|| now.get(&key).cloned())
                        .unwrap_or_else(|| {
                            let svg: Arc<str> = svg(page, number, families).into();
                            let hash = format!(
                                "{:016x}",
                                crate::content::load::fingerprint(svg.as_bytes())
                            );
                            (svg, hash)
                        });
                    now.insert(key, (Arc::clone(&svg), hash.clone()));
                    ViewPage {
                        part,
                        hash,
                        svg,
                        areas: page.areas.clone(),
                    }
                })
                .collect();
            View { file, pages }
        })
        .collect();
    drawn.0 = now;
    views
}

/// A hash of everything a page's SVG is made from.
fn page_key(page: &Page, number: &Drawn, families: &[String]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    families.hash(&mut h);
    for side in [page.width, page.height] {
        side.to_bits().hash(&mut h);
    }
    page.items.hash(&mut h);
    number.hash(&mut h);
    page.areas.hash(&mut h);
    h.finish()
}

/// `page` with its page number `number` as an SVG document in points; text in the fonts
/// `families` name, each area a transparent rectangle (`class="area"`, `data-area` its index).
fn svg(page: &Page, number: &Drawn, families: &[String]) -> String {
    let (w, h) = (page.width, page.height);
    let mut out = String::with_capacity(page.items.len() * 80 + 512);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.2} {h:.2}" class="page" style="white-space:pre;font-kerning:none"><rect width="100%" height="100%" fill="white"/><g stroke="black" stroke-linecap="square">"#
    );
    for item in &page.items {
        if let Drawn::Rule { from, to, width } = item {
            let _ = write!(
                out,
                r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke-width="{width:.2}"/>"#,
                from.0, from.1, to.0, to.1
            );
        }
    }
    out.push_str("</g>");
    for item in page.items.iter().chain(std::iter::once(number)) {
        let Drawn::Text {
            font,
            size,
            x,
            baseline,
            text,
        } = item
        else {
            continue;
        };
        let family = families.get(font.index()).map_or("serif", String::as_str);
        let place = if std::ptr::eq(item, number) && w > h {
            // Turned a quarter as the PDF turns it (see `pdf::file`): the page number reads
            // along the foot of the portrait pages when the material is held upright.
            format!(
                r#"transform="translate({:.2} {x:.2}) rotate(90)""#,
                w - baseline
            )
        } else {
            format!(r#"x="{x:.2}" y="{baseline:.2}""#)
        };
        let _ = write!(
            out,
            r#"<text {place} font-family="{family}" font-size="{size}">{}</text>"#,
            crate::text::xml_escaped(text)
        );
    }
    for (i, area) in page.areas.iter().enumerate() {
        let [x, y, aw, ah] = area.rect;
        let _ = write!(
            out,
            r#"<rect class="area" data-area="{i}" x="{x:.2}" y="{y:.2}" width="{aw:.2}" height="{ah:.2}"/>"#
        );
    }
    out.push_str("</svg>");
    out
}
