//! `huibao changes REV [REV2]`: what changed in the content between two git revisions (or a
//! revision and the working tree), by annex and item, field by field.

use super::{Failure, Outcome};
use crate::history::{diff, git, report};
use std::path::Path;

/// How the comparison is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangesFormat {
    /// For a terminal.
    Text,
    /// Markdown, for a 修改说明 to circulate.
    Markdown,
}

/// Compares the content at `old` with `new` (a revision) or with the working tree.
pub fn changes(
    content: &Path,
    old: &str,
    new: Option<&str>,
    format: ChangesFormat,
    colour: bool,
) -> Result<Outcome, Failure> {
    let repo = git::Repo::find(content).map_err(Failure::Other)?;
    let mut skipped = Vec::new();
    let mut side = |rev: &str| -> Result<(git::Files, String), Failure> {
        let id = repo.resolve(rev).map_err(Failure::Other)?;
        let short: String = id.chars().take(7).collect();
        let name = if short == rev || id == rev {
            short
        } else {
            format!("{short} ({rev})")
        };
        let (files, too_large) = repo.files_at(&id).map_err(Failure::Other)?;
        skipped.extend(too_large.into_iter().map(|m| format!("{name}: {m}")));
        Ok((files, name))
    };
    let (old_files, old_name) = side(old)?;
    let (new_files, new_name) = match new {
        Some(rev) => side(rev)?,
        None => (
            git::files_on_disk(content).map_err(Failure::Other)?,
            match format {
                ChangesFormat::Text => "the working tree".to_string(),
                ChangesFormat::Markdown => "工作区".to_string(),
            },
        ),
    };
    let found = diff::compare(&old_files, &new_files);
    let titles = diff::annex_titles(&old_files, &new_files);
    let sides = report::Sides {
        old: old_name,
        new: new_name,
    };
    let message = match format {
        ChangesFormat::Text => String::from_utf8_lossy(&report::text(
            &found,
            &titles,
            &sides,
            &content.display().to_string(),
            colour,
        ))
        .into_owned(),
        ChangesFormat::Markdown => report::markdown(&found, &titles, &sides)
            .trim_end()
            .to_string(),
    };
    let mut warnings = crate::diag::Diagnostics::default();
    for message in skipped {
        warnings.push(crate::diag::Diagnostic::file(content, message).warning());
    }
    Ok(Outcome {
        message,
        warnings,
        styled: colour && format == ChangesFormat::Text,
    })
}
