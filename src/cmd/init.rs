//! `huibao init DIR`: a starter project.

use super::{Failure, Outcome};
use std::path::Path;

/// `huibao init DIR`: writes a starter project.
pub fn init(dir: &Path) -> Result<Outcome, Failure> {
    let written = crate::theme::init(dir).map_err(Failure::Other)?;
    Ok(Outcome::from(format!(
        "wrote {} files into {}; build it with: cd {} && huibao build",
        written.len(),
        dir.display(),
        dir.display()
    )))
}
