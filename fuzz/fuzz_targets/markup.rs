//! Any text as template output: the markup parser returns a document or an error naming the
//! line, never panics.
#![no_main]

use huibao::style::Style;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn style() -> &'static Style {
    static STYLE: OnceLock<Style> = OnceLock::new();
    STYLE.get_or_init(|| huibao::theme::default_style().expect("the built-in style parses"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = huibao::render::markup::parse(text, "fuzz.html", style());
});
