//! `huibao check`: everything `build` does short of writing.

use super::{Environment, Failure, Outcome, options};
use std::path::Path;

/// `huibao check`: everything `build` does short of writing (content, prose, templates,
/// style, fonts, layout and both writers), so content that checks also builds; returns a
/// one-line summary and the warnings.
pub fn check(
    content_dir: &Path,
    templates: Option<&Path>,
    deny_warnings: bool,
    env: Environment,
) -> Result<Outcome, Failure> {
    let opts = options(content_dir, templates, Path::new("output"), env)?;
    let produced = crate::pipeline::produce(&opts)?;
    if deny_warnings && !produced.warnings.is_empty() {
        return Err(Failure::Denied(produced.warnings));
    }
    Ok(Outcome {
        message: produced.summary,
        warnings: produced.warnings,
        ..Outcome::default()
    })
}
