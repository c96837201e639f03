//! An import as the command runs it, in two steps: [`gather`] reads the returned workbooks
//! against the content (their notes, print-sheet edits and the plan of changes), [`write`]
//! makes the plan's changes in the content files all or nothing and runs the same check as
//! `huibao check`, swapping the old files back when the new content does not build.

use super::{Plan, prints, read};
use crate::content::Project;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::pipeline::BuildOptions;
use crate::transaction::Folder;
use std::path::{Path, PathBuf};

/// What the returned workbooks hold, compared with the content.
pub struct Gathered {
    /// The content as read.
    pub project: Project,
    /// The changes and the notes on what import leaves.
    pub plan: Plan,
    /// The workbooks' notes and print-sheet edits, and the plan's notes, as warnings.
    pub warnings: Diagnostics,
}

/// Reads `workbooks` against the content of `content` with the look of `templates`; a
/// workbook that cannot be read, or a cell that cannot be imported, is an error and nothing
/// is imported.
pub fn gather(
    content: &Path,
    templates: &Path,
    workbooks: &[PathBuf],
) -> Result<Gathered, Failure> {
    let project = crate::content::load(content)?;
    let theme = crate::theme::Theme::load(templates).map_err(Failure::Other)?;
    let sheet = &theme.style.xlsx.data_sheet.name;
    // No returned sheet needs many more rows than the content has (print sheets spread a
    // tall row over several).
    let content_rows: usize = project
        .annexes
        .iter()
        .flat_map(|a| &a.items)
        .map(|i| i.value.rows.len())
        .sum();
    let max_rows = u32::try_from(content_rows * 8 + 1000).unwrap_or(u32::MAX);
    let rendered = crate::render::render(&project, &theme)?;
    let mut rows = Vec::new();
    let mut warnings = Diagnostics::default();
    let mut errors = Vec::new();
    let mut warn = |file: &Path, row: usize, message: String| {
        let mut d = Diagnostic::file(file, message).warning();
        d.line = row;
        warnings.push(d);
    };
    let mut from_documents = Vec::new();
    for path in workbooks {
        if is_document(path) {
            let planned = super::document::read(path)
                .and_then(|revised| super::revised::plan(&project, &rendered, path, &revised));
            match planned {
                Ok((changes, notes)) => {
                    from_documents.extend(changes);
                    for n in notes {
                        warn(&n.file, n.row, n.message);
                    }
                }
                Err(e) => errors.push(e),
            }
            continue;
        }
        match read::read(path, sheet, max_rows) {
            Ok(book) => {
                for (row, message) in &book.notes {
                    warn(path, *row, message.clone());
                }
                for note in prints::print_edits(&project, &rendered, &theme.style, path, &book) {
                    warn(&note.file, note.row, note.message);
                }
                errors.extend(
                    book.refused
                        .iter()
                        .map(|m| format!("{}: {m}", crate::diag::shown(path))),
                );
                rows.extend(book.rows);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.push(crate::tr!("import-nothing"));
        let between = format!(
            "\n{}: ",
            crate::diag::severity_word(crate::diag::Severity::Error)
        );
        return Err(Failure::Other(errors.join(&between)));
    }
    let mut plan = super::plan(&project, &rows);
    if !from_documents.is_empty() {
        from_documents.append(&mut plan.changes);
        plan.changes = super::agreed(from_documents, &mut plan.notes);
    }
    for note in &plan.notes {
        warn(&note.file, note.row, note.message.clone());
    }
    Ok(Gathered {
        project,
        plan,
        warnings,
    })
}

/// Whether `path` is a word-processing document (read as a revised Word file) rather than a
/// workbook, by its extension: `.docx`, and the formats refused with what to do (`.doc`,
/// `.wps`, `.docm`, `.rtf`, `.odt`).
fn is_document(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["docx", "doc", "docm", "dotx", "wps", "wpt", "rtf", "odt"]
            .contains(&e.to_ascii_lowercase().as_str())
    })
}

/// Makes the changes of `gathered` that `--write` writes (conflicts and typed values only
/// with `force`) in the content folder held as `folder`, then checks the new content as the
/// build `check` describes would (fonts and layout included); when it does not build, every
/// old file is put back and the problems returned. Returns how many files were written.
pub fn write(
    folder: &Folder,
    gathered: &Gathered,
    force: bool,
    check: &BuildOptions,
) -> Result<usize, Failure> {
    let edited =
        super::edited_files(&gathered.plan, &gathered.project, force).map_err(Failure::Other)?;
    let mut before = Vec::with_capacity(edited.len());
    for (path, _) in &edited {
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::Other(format!(
                "{}: {}",
                path.display(),
                crate::i18n::io_reason(&e)
            ))
        })?;
        before.push((path.clone(), bytes));
    }
    let new: Vec<(PathBuf, Vec<u8>)> = edited
        .iter()
        .map(|(p, text)| (p.clone(), text.clone().into_bytes()))
        .collect();
    super::write_files(folder, &new).map_err(Failure::Other)?;
    // The caller holds the content folder: the check takes no reading lock of its own.
    let checked = crate::pipeline::produce(&BuildOptions {
        content_held: true,
        ..check.clone()
    });
    if let Err(failure) = checked {
        super::write_files(folder, &before).map_err(Failure::Other)?;
        let mut problems = match failure {
            Failure::Invalid(p) | Failure::Denied(p) => p,
            other => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::file(&check.content, other.to_string()));
                d
            }
        };
        problems.push(Diagnostic::file(
            &check.content,
            crate::tr!("import-does-not-check"),
        ));
        return Err(Failure::Invalid(problems));
    }
    Ok(edited.len())
}
