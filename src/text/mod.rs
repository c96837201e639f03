//! Text handling shared by layout (PDF) and the XLSX row heights: Chinese line breaking.

pub mod balance;
pub mod linebreak;

/// `text` safe inside an XML element or a quoted attribute (the PDF's XMP metadata, the pages
/// `huibao serve` draws as SVG).
pub fn xml_escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out.into()
}
