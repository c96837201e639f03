//! `huibao import FILE.xlsx…`: the changes departments made in returned workbooks, shown as
//! `file:line field: old → new`, and with `--write` made in the content files.

use super::{Failure, Outcome};
use crate::diag::{Diagnostic, Diagnostics, escape_controls};
use crate::import;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `import` is asked to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Edit the content files.
    pub write: bool,
    /// Also write rows whose content changed since the workbook was built.
    pub force: bool,
}

/// A text on one line: line breaks shown as ⏎.
fn one_line(s: &str) -> String {
    escape_controls(&s.replace('\n', "⏎")).into_owned()
}

/// Reads the workbooks, compares them with the content, prints the changes and (with
/// `write`) makes them.
pub fn import(
    content: &Path,
    templates: Option<&Path>,
    workbooks: &[PathBuf],
    opts: ImportOptions,
    env: super::Environment,
) -> Result<Outcome, Failure> {
    // Under the content folder's lock from before it is read, so two imports at once take
    // turns and the second sees the first one's edits.
    let folder = if opts.write {
        Some(crate::transaction::Folder::open(content).map_err(Failure::Other)?)
    } else {
        crate::transaction::recover_if_interrupted(content).map_err(Failure::Other)?;
        None
    };
    let project = crate::content::load(content)?;
    let theme = crate::theme::Theme::load(templates.unwrap_or(Path::new("templates")))
        .map_err(Failure::Other)?;
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
    for path in workbooks {
        match import::read::read(path, sheet, max_rows) {
            Ok(book) => {
                for (row, message) in &book.notes {
                    let mut d = Diagnostic::file(path, message.clone()).warning();
                    d.line = *row;
                    warnings.push(d);
                }
                for note in
                    import::prints::print_edits(&project, &rendered, &theme.style, path, &book)
                {
                    let mut d = Diagnostic::file(&note.file, note.message).warning();
                    d.line = note.row;
                    warnings.push(d);
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
    let plan = import::plan(&project, &rows);
    for note in &plan.notes {
        let mut d = Diagnostic::file(&note.file, note.message.clone()).warning();
        d.line = note.row;
        warnings.push(d);
    }
    let mut out = String::new();
    for c in &plan.changes {
        let place = if c.line > 0 {
            format!("{}:{}", c.file.display(), c.line)
        } else {
            crate::tr!("import-new-file", file = c.file.display().to_string())
        };
        let conflict = if c.conflict {
            crate::tr!("import-conflict")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{conflict}{place} {}: {} → {}",
            c.field,
            one_line(&c.old),
            one_line(&c.new)
        );
        if c.conflict {
            let _ = writeln!(
                out,
                "  {}",
                crate::tr!("import-conflict-why", origin = &c.origin)
            );
        }
        if c.locked {
            let _ = writeln!(out, "  {}", crate::tr!("import-locked-not-written"));
        } else if let Some(kind) = c.typed.as_ref().filter(|_| !opts.force) {
            let _ = writeln!(
                out,
                "  {}",
                crate::tr!("import-typed-not-written", kind = kind.as_str())
            );
        }
    }
    let typed = plan
        .changes
        .iter()
        .filter(|c| c.typed.is_some() && !c.locked)
        .count();
    let locked = plan.changes.iter().filter(|c| c.locked).count();
    let conflicts = plan.changes.iter().filter(|c| c.conflict).count();
    let files = |changes: &mut dyn Iterator<Item = &import::Change>| {
        changes
            .map(|c| c.file.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let n = plan.changes.len();
    if !opts.write {
        out.push_str(&crate::tr!(
            "import-summary",
            changes = n,
            files = files(&mut plan.changes.iter())
        ));
        if conflicts > 0 {
            out.push_str(&crate::tr!(
                "import-summary-conflicts",
                conflicts = conflicts
            ));
        }
        if n > 0 {
            out.push_str(&crate::tr!("import-run-write"));
        }
        warnings.sort();
        return Ok(Outcome {
            message: out,
            warnings,
            ..Outcome::default()
        });
    }
    let edited = import::edited_files(&plan, &project, opts.force).map_err(Failure::Other)?;
    let Some(folder) = folder else {
        return Err(Failure::Other(crate::tr!(
            "internal-error",
            detail = "--write without the content folder's lock"
        )));
    };
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
    import::write_files(&folder, &new).map_err(Failure::Other)?;
    // The same check as `huibao check` (fonts and layout included): what is imported builds.
    let checked = super::options(
        content,
        templates,
        Path::new("output"),
        // The flags of this run (`--bundled-fonts`), so the check is the build's own.
        super::Environment {
            progress_bar: false,
            ..env
        },
    )
    .and_then(|o| {
        crate::pipeline::produce(&crate::pipeline::BuildOptions {
            content_held: true,
            ..o
        })
    });
    if let Err(failure) = checked {
        import::write_files(&folder, &before).map_err(Failure::Other)?;
        let mut problems = match failure {
            Failure::Invalid(p) | Failure::Denied(p) => p,
            other => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::file(content, other.to_string()));
                d
            }
        };
        problems.push(Diagnostic::file(
            content,
            crate::tr!("import-does-not-check"),
        ));
        return Err(Failure::Invalid(problems));
    }
    let written = plan
        .changes
        .iter()
        .filter(|c| c.written(opts.force))
        .count();
    out.push_str(&crate::tr!(
        "import-wrote",
        changes = written,
        files = edited.len()
    ));
    if conflicts > 0 && !opts.force {
        out.push_str(&crate::tr!("import-wrote-conflicts", conflicts = conflicts));
    }
    if typed > 0 && !opts.force {
        out.push_str(&crate::tr!("import-wrote-typed", typed = typed));
    }
    if locked > 0 {
        out.push_str(&crate::tr!("import-wrote-locked", locked = locked));
    }
    warnings.sort();
    Ok(Outcome {
        message: out,
        warnings,
        ..Outcome::default()
    })
}
