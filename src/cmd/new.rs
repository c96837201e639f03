//! `huibao new`: the next item file of an annex, or a new annex folder.

use super::{Failure, Outcome};
use std::path::Path;

/// `huibao new`: the next item file of an annex, or (`annex_folder`) a new annex folder.
pub fn new(
    content_dir: &Path,
    annex: &str,
    title: &str,
    annex_folder: bool,
) -> Result<Outcome, Failure> {
    let written = if annex_folder {
        crate::content::scaffold::new_annex(content_dir, annex, title)
    } else {
        crate::content::scaffold::new_item(content_dir, annex, title)
    }
    .map_err(Failure::Other)?;
    Ok(Outcome::from(crate::tr!(
        "new-wrote",
        file = written.display().to_string()
    )))
}
