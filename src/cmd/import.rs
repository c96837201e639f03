//! `huibao import FILE.xlsx…`: the changes departments made in returned workbooks, shown as
//! `file:line field: old → new`, and with `--write` made in the content files.

use super::{Failure, Outcome};
use crate::diag::escape_controls;
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
    // A dry run reads under the shared lock a build takes: never half of another's write.
    let (folder, _reading) = if opts.write {
        let folder = crate::transaction::Folder::open(content).map_err(Failure::Other)?;
        (Some(folder), None)
    } else {
        crate::transaction::recover_if_interrupted(content).map_err(Failure::Other)?;
        let reading = content
            .is_dir()
            .then(|| crate::transaction::read_lock(content))
            .transpose()
            .map_err(Failure::Other)?
            .flatten();
        (None, reading)
    };
    let look = templates.unwrap_or(Path::new("templates"));
    let gathered = import::run::gather(content, look, workbooks)?;
    let plan = &gathered.plan;
    let mut warnings = gathered.warnings.clone();
    let mut out = change_lines(plan, opts.force);
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
    let Some(folder) = folder else {
        return Err(Failure::Other(crate::tr!(
            "internal-error",
            detail = "--write without the content folder's lock"
        )));
    };
    // The same check as `huibao check`, with the flags of this run (`--bundled-fonts`).
    let check = super::options(
        content,
        templates,
        Path::new("output"),
        super::Environment {
            progress_bar: false,
            ..env
        },
    )?;
    let files = import::run::write(&folder, &gathered, opts.force, &check)?;
    let written = plan
        .changes
        .iter()
        .filter(|c| c.written(opts.force))
        .count();
    out.push_str(&crate::tr!(
        "import-wrote",
        changes = written,
        files = files
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

/// Each change as `file:line field: old → new`, with what keeps it from `--write` under it.
fn change_lines(plan: &import::Plan, force: bool) -> String {
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
        if c.revisions > 0 {
            let _ = writeln!(
                out,
                "  {}",
                crate::tr!("import-doc-change-revisions", count = c.revisions)
            );
        }
        if c.locked {
            let _ = writeln!(out, "  {}", crate::tr!("import-locked-not-written"));
        } else if let Some(kind) = c.typed.as_ref().filter(|_| !force) {
            let _ = writeln!(
                out,
                "  {}",
                crate::tr!("import-typed-not-written", kind = kind.as_str())
            );
        }
    }
    out
}
