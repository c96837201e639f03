//! Any bytes as an item file: loading reports problems, never panics, and a file that loads
//! passes the limits it was checked against.
#![no_main]

use huibao::content::labels::FileKind;
use huibao::content::load::parse_bytes;
use huibao::content::model::Item;
use huibao::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::default();
    let path = Path::new("content/a/01.yaml");
    if let Some(mut item) = parse_bytes::<Item>(path, FileKind::Item, data, &mut diags) {
        item.value.drop_blanks();
        for row in &item.value.rows {
            assert!(row.content.chars().count() <= huibao::content::limits::MAX_CELL_CHARS);
        }
    } else {
        assert!(diags.has_errors(), "a file that did not load must say why");
    }
});
