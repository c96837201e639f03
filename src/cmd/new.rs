//! `huibao new`: the next item file of an annex, or a new annex folder.

use super::{Failure, Outcome};
use std::path::Path;

/// `huibao new`: the next item file of an annex (or the item at number `at`, the items from
/// there on moved one down), or (`annex_folder`) a new annex folder.
pub fn new(
    content_dir: &Path,
    annex: &str,
    title: &str,
    annex_folder: bool,
    at: Option<u32>,
) -> Result<Outcome, Failure> {
    let (written, moves) = if annex_folder {
        crate::content::scaffold::new_annex(content_dir, annex, title).map(|p| (p, Vec::new()))
    } else {
        crate::content::scaffold::new_item(content_dir, annex, title, at)
    }
    .map_err(Failure::Other)?;
    let mut out = crate::tr!("new-wrote", file = written.display().to_string());
    if !moves.is_empty() {
        out = format!("{out}\n{}", super::renumber::moved_lines(&moves));
    }
    Ok(Outcome::from(out))
}
