//! Page numbers in the GB/T 9704 place: "— N —" in 四号 below the text block, outside edge;
//! on a landscape page, where a portrait page has it in the material seen upright.

use super::{Drawn, Engine, Frame, PT_PER_MM};

/// The page numbers "— N —" for `count` pages, numbered from 1: the dash's ink `below_text`
/// under the text block, right-aligned on odd pages and left-aligned on even pages,
/// `inset_chars` in from the text block's edge; every page's on the portrait sheet, whatever
/// the page (a landscape page turns it when drawn). One [`Drawn::Text`] per page.
pub fn page_numbers(count: usize, engine: &Engine) -> Vec<Drawn> {
    let pn = &engine.style.page_number;
    let mut marks = Vec::with_capacity(count);
    // Every number stands where the portrait pages have theirs, on the sheet seen upright:
    // GB/T 9704 §10.1 puts a landscape table page's number "in line with the document's other
    // page numbers", and §7.5 puts those 7 mm under the portrait text block. On a landscape
    // page it is computed here on the portrait sheet and turned onto the landscape page when
    // drawn (`pdf::file`); its text block must end (its left margin) no nearer the
    // edge than the portrait page's foot, which `style.yaml` keeps.
    let frame = Frame::from_mm(engine.style.page(false));
    for i in 0..count {
        let ts = engine.text_style(pn.role_id, frame.text_width);
        let text = pn.format.replace("{}", &(i + 1).to_string());
        let width: f32 = text
            .chars()
            .map(|c| engine.measure.advance(ts.font, c) * ts.size)
            .sum();
        let inset = pn.inset_chars * ts.size;
        let x = if i % 2 == 0 {
            frame.left + frame.text_width - inset - width
        } else {
            frame.left + inset
        };
        // GB/T 9704 7.5: the 一字线 7 mm below the text block — its ink, measured from the
        // font, where it has one; else the top of the em box.
        let above_baseline = pn
            .format
            .chars()
            .find(|c| !c.is_whitespace() && *c != '{')
            .and_then(|c| engine.measure.ink_top(ts.font, c))
            .unwrap_or(ts.ascent);
        let baseline =
            frame.top + frame.text_height + pn.below_text * PT_PER_MM + above_baseline * ts.size;
        marks.push(Drawn::Text {
            font: ts.font,
            size: ts.size,
            x,
            baseline,
            text,
        });
    }
    marks
}

/// The characters page numbers can use: the format's and the ten digits.
pub fn page_number_chars(engine: &Engine) -> String {
    let mut chars = engine.style.page_number.format.replace("{}", "");
    chars.push_str("0123456789");
    chars
}
