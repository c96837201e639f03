//! `huibao changes REV [REV2]`: what changed in the content between two git revisions (or a
//! revision and the working tree), by annex and item, field by field.

use super::{Failure, Outcome};
use crate::history::{diff, git, material, report};
use std::path::Path;

/// How the comparison is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangesFormat {
    /// For a terminal.
    Text,
    /// Markdown, for a 修改说明 to circulate.
    Markdown,
    /// A Word document, for a 修改说明 offices circulate: written to a file.
    Docx,
}

/// Compares the content at `old` with `new` (a revision) or with the working tree; a Word
/// document goes to `out` (with the templates' look).
pub fn changes(
    content: &Path,
    old: &str,
    new: Option<&str>,
    format: ChangesFormat,
    colour: bool,
    out: Option<&Path>,
) -> Result<Outcome, Failure> {
    // A 修改说明 never replaces a content or template file: refused before anything is read.
    if let Some(out) = out {
        crate::paths::not_a_source(out, &super::sources(content)).map_err(Failure::Other)?;
    }
    let repo = git::Repo::find(content).map_err(Failure::Other)?;
    let mut skipped = Vec::new();
    let mut side = |rev: &str| -> Result<(git::Files, String), Failure> {
        let id = repo.resolve(rev).map_err(Failure::Other)?;
        let short: String = id.chars().take(7).collect();
        let name = match format {
            // A 修改说明 names versions by date and message, as an office does.
            ChangesFormat::Markdown | ChangesFormat::Docx => {
                repo.describe(&id).map_err(Failure::Other)?
            }
            ChangesFormat::Text if short == rev || id == rev => short,
            ChangesFormat::Text => format!("{short} ({rev})"),
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
                ChangesFormat::Text => crate::tr!("changes-working-tree"),
                ChangesFormat::Markdown | ChangesFormat::Docx => "当前工作稿".to_string(),
            },
        ),
    };
    let found = diff::compare(&old_files, &new_files);
    let titles = diff::annex_titles(&old_files, &new_files);
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let sides = report::Sides {
        title: report::title(&new_files),
        old: old_name,
        new: new_name,
        sign_off: report::sign_off(&new_files, &today),
    };
    // Both sides' material, made with today's templates (a revision's own are not kept with
    // its content).
    let templates = Path::new("templates");
    // No content changed, no material either: both sides are made with the same templates.
    let material = if found.is_empty() {
        Ok(Vec::new())
    } else {
        material::read(&old_files, templates, &sides.old).and_then(|old| {
            Ok(material::compare(
                &old,
                &material::read(&new_files, templates, &sides.new)?,
            ))
        })
    };
    let message = match format {
        ChangesFormat::Text => {
            let mut text = report::text(
                &found,
                &titles,
                &sides,
                &content.display().to_string(),
                colour,
            );
            if !found.is_empty() {
                text.extend(report::material_text(&material, colour));
            }
            String::from_utf8_lossy(&text).trim_end().to_string()
        }
        ChangesFormat::Markdown => {
            let mut text = report::markdown(&found, &titles, &sides);
            if !found.is_empty() {
                text.push_str(&report::material_markdown(&material));
            }
            text.trim_end().to_string()
        }
        ChangesFormat::Docx => {
            let Some(out) = out else {
                return Err(Failure::Other(crate::tr!("changes-docx-needs-out")));
            };
            write_docx((&found, &material), &titles, &sides, out)?;
            crate::tr!("build-wrote", file = crate::diag::shown(out))
        }
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

/// Writes the 修改说明 as a Word document into `out`, whole or not at all.
fn write_docx(
    found: (
        &[crate::history::diff::FileChange],
        &Result<Vec<material::Change>, String>,
    ),
    titles: &std::collections::BTreeMap<String, (u32, String)>,
    sides: &report::Sides,
    out: &Path,
) -> Result<(), Failure> {
    let theme = crate::theme::Theme::load(Path::new("templates")).map_err(Failure::Other)?;
    let fonts = crate::fonts::FontSet::load(&theme).map_err(Failure::Other)?;
    let doc = report::document(found, titles, sides, &theme.style).map_err(Failure::Other)?;
    let meta = crate::docx::DocxMeta {
        title: "内容修改说明".into(),
        author: String::new(),
        time: crate::date::build_time(None, None, 2000),
    };
    let bytes =
        crate::docx::write_document(&doc, &theme.style, &fonts, &meta).map_err(Failure::Other)?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Failure::Other(format!("{}: {e}", crate::diag::shown(out)));
    let mut builder = tempfile::Builder::new();
    builder.prefix(crate::transaction::TEMP_PREFIX);
    // The modes every other output gets (the umask's), not a temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, &bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(out).map_err(|e| fail(e.error))?;
    Ok(())
}
