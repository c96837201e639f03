//! The one rule for every path huibao deletes, moves or writes.
//!
//! A name that comes from a file (a journal, a manifest) or is made from the user's words
//! (`new`, `--out`) is resolved under the folder it must lie in without following links: it
//! is made of plain names only (no `..`, no root, no drive), and neither it nor any folder on
//! the way to it is a symbolic link. A link inside `output/` pointing elsewhere therefore
//! never lets a journal entry or a stale-file removal reach a file outside. The folders the
//! user keeps the sources in (`content/`, `templates/`) are never a destination for what huibao
//! writes of its own ([`not_a_source`]).

use std::path::{Component, Path, PathBuf};

/// `rel` (`departments/环保处.xlsx`, `/`-separated or native) under `root`, when it names a
/// place inside `root` reached without a symbolic link; else why not, in the user's words.
pub fn inside(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let refuse = |why: String| {
        Err(crate::tr!(
            "path-outside",
            path = crate::diag::escape_line(rel),
            folder = crate::diag::shown(root),
            why = why
        ))
    };
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return refuse(crate::tr!("path-not-plain"));
    }
    let mut at = root.to_path_buf();
    for part in rel_path.components() {
        at.push(part);
        if let Ok(meta) = std::fs::symlink_metadata(&at)
            && meta.file_type().is_symlink()
        {
            return refuse(crate::tr!("path-link", link = crate::diag::shown(&at)));
        }
    }
    Ok(at)
}

/// `path` (under `root`) as the `/`-separated name a journal and [`inside`] take.
pub fn relative_name(root: &Path, path: &Path) -> Result<String, String> {
    let rel = path.strip_prefix(root).map_err(|_| {
        crate::tr!(
            "import-outside-content",
            file = path.display().to_string(),
            folder = root.display().to_string()
        )
    })?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// Removes the folders between `path` and `root` that are left empty, nearest first, never
/// `root` itself: `remove_dir` refuses a folder with anything in it, so only empty ones go.
pub fn remove_empty_folders(path: &Path, root: &Path) {
    let mut at = path.parent();
    while let Some(folder) = at.filter(|f| *f != root && f.starts_with(root)) {
        if std::fs::remove_dir(folder).is_err() {
            break;
        }
        at = folder.parent();
    }
}

/// `path` made absolute, with symbolic links resolved as far as the path exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// Refuses a destination `path` (an output folder, a 修改说明, a schemas folder) that is one of
/// the source folders `sources` (what, folder) or lies inside one, links resolved: what huibao
/// writes of its own never replaces a source file.
pub fn not_a_source(path: &Path, sources: &[(&str, &Path)]) -> Result<(), String> {
    let dest = resolved(path);
    for (what, source) in sources {
        let source = resolved(source);
        if dest.starts_with(&source) {
            return Err(crate::tr!(
                "output-inside-source",
                output = path.display().to_string(),
                what = *what,
                source = source.display().to_string()
            ));
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_path_through_a_link_or_out_of_the_folder_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("output");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(out.join("departments")).expect("made");
        std::fs::create_dir_all(&elsewhere).expect("made");
        std::os::unix::fs::symlink(&elsewhere, out.join("shared")).expect("a link");
        std::os::unix::fs::symlink(elsewhere.join("x"), out.join("x.pdf")).expect("a link");
        assert_eq!(
            inside(&out, "departments/a.xlsx"),
            Ok(out.join("departments/a.xlsx"))
        );
        assert!(inside(&out, "shared/a.xlsx").is_err());
        assert!(inside(&out, "x.pdf").is_err());
        assert!(inside(&out, "../content/meeting.yaml").is_err());
        assert!(inside(&out, "/etc/passwd").is_err());
        assert!(inside(&out, "").is_err());
    }

    #[test]
    fn destinations_in_the_sources_are_found_through_links_too() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).expect("made");
        std::os::unix::fs::symlink(&content, dir.path().join("alias")).expect("a link");
        let sources = [("content", content.as_path())];
        assert!(not_a_source(&content.join("meeting.yaml"), &sources).is_err());
        assert!(not_a_source(&content, &sources).is_err());
        assert!(not_a_source(&dir.path().join("alias/x.docx"), &sources).is_err());
        assert!(not_a_source(&dir.path().join("修改说明.docx"), &sources).is_ok());
    }
}
