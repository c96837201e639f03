//! Writing output files all or nothing, through [`crate::transaction`]: under a lock on the
//! output folder every changed file is written as a temporary, then all are renamed into place
//! under a journal, so a failed or killed build leaves every old file (the next run rolls an
//! interrupted swap back). A manifest, swapped in with the files, records what huibao wrote, so
//! the files of an annex that was removed or renamed are deleted by the same swap — never a
//! file huibao did not write.

use super::{BuildReport, OutputFile};
use crate::diag::Failure;
use crate::transaction::{Change, Folder, Permissions};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The names of the files the last build wrote: a JSON list, so no name can be misread.
const MANIFEST: &str = ".huibao-manifest.json";
/// The manifest of earlier versions, one name a line: read once, then replaced.
const OLD_MANIFEST: &str = ".huibao-manifest";

/// Writes `files` into `dir`, all or nothing; files whose bytes are unchanged are not touched.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<BuildReport, Failure> {
    let folder = Folder::open(dir).map_err(Failure::Other)?;
    let previous = read_manifest(dir);
    let mut report = BuildReport::default();
    let mut changes = Vec::new();
    for file in files {
        let path = dir.join(&file.name);
        if same_bytes(&path, &file.bytes) {
            report.unchanged.push(path);
        } else {
            changes.push(Change {
                name: &file.name,
                bytes: Some(&file.bytes),
            });
            report.written.push(path);
        }
    }
    let names: BTreeSet<String> = files.iter().map(|f| f.name.clone()).collect();
    for stale in previous.difference(&names) {
        // Only a name huibao wrote itself inside the output folder; never a path elsewhere.
        let inside = Path::new(stale)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if inside && dir.join(stale).is_file() {
            changes.push(Change {
                name: stale,
                bytes: None,
            });
            report.removed.push(dir.join(stale));
        }
    }
    let manifest = serde_json::to_vec_pretty(&names).map_err(|e| Failure::Other(e.to_string()))?;
    if !same_bytes(&dir.join(MANIFEST), &manifest) {
        changes.push(Change {
            name: MANIFEST,
            bytes: Some(&manifest),
        });
    }
    if dir.join(OLD_MANIFEST).is_file() {
        changes.push(Change {
            name: OLD_MANIFEST,
            bytes: None,
        });
    }
    if !changes.is_empty() {
        folder
            .commit(&changes, Permissions::Inherit)
            .map_err(|e| Failure::Other(with_advice(e)))?;
    }
    Ok(report)
}

/// Removes every file the last build wrote into `dir` (its manifest says which) and the
/// manifest, all or nothing under the folder's lock; a file huibao did not write stays.
/// Returns the removed files.
pub fn clean(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    if !dir.join(MANIFEST).is_file() && !dir.join(OLD_MANIFEST).is_file() {
        return Ok(Vec::new());
    }
    let folder = Folder::open(dir).map_err(Failure::Other)?;
    let names: Vec<String> = read_manifest(dir)
        .into_iter()
        .filter(|n| {
            Path::new(n)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
                && dir.join(n).is_file()
        })
        .collect();
    let mut changes: Vec<Change> = names
        .iter()
        .map(|name| Change { name, bytes: None })
        .collect();
    for manifest in [MANIFEST, OLD_MANIFEST] {
        if dir.join(manifest).is_file() {
            changes.push(Change {
                name: manifest,
                bytes: None,
            });
        }
    }
    folder
        .commit(&changes, Permissions::Inherit)
        .map_err(|e| Failure::Other(with_advice(e)))?;
    // Folders the build made and left empty (departments/) go too.
    for name in &names {
        if let Some(parent) = Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            let _ = fs::remove_dir(dir.join(parent));
        }
    }
    Ok(names.iter().map(|n| dir.join(n)).collect())
}

/// A failure to replace a file, with what to do when another program holds it.
fn with_advice(message: String) -> String {
    let denied = crate::tr!("io-kind-permission");
    if message.contains("ermission denied")
        || message.contains("not permitted")
        || message.contains(&denied)
    {
        format!(
            "{message}\n  {}",
            crate::tr!("diag-hint", hint = crate::tr!("output-locked-hint"))
        )
    } else {
        message
    }
}

/// Whether the file at `path` holds exactly `bytes`: compared a block at a time, so checking a
/// large unchanged PDF does not read a second copy of it into memory.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(file) = File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != u64::try_from(bytes.len()).ok() {
        return false;
    }
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut block = vec![0u8; 1 << 16];
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = rest.len().min(block.len());
        if reader.read_exact(&mut block[..want]).is_err() || block[..want] != rest[..want] {
            return false;
        }
        rest = &rest[want..];
    }
    // Nothing beyond: the file did not grow since its length was read.
    reader.read(&mut block[..1]).is_ok_and(|n| n == 0)
}

/// What the last build wrote: the JSON manifest, or the line-a-name one of earlier versions.
fn read_manifest(dir: &Path) -> BTreeSet<String> {
    if let Ok(bytes) = fs::read(dir.join(MANIFEST)) {
        return serde_json::from_slice(&bytes).unwrap_or_default();
    }
    fs::read_to_string(dir.join(OLD_MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Refuses an output folder that is, or is inside, `content` or `templates`: a build must never
/// overwrite the user's sources (an annex named `report` would replace templates/report.html).
pub fn check_output_folder(output: &Path, sources: &[(&str, &Path)]) -> Result<(), Failure> {
    let out = resolved(output);
    for (what, source) in sources {
        let source = resolved(source);
        if out.starts_with(&source) {
            return Err(Failure::Other(crate::tr!(
                "output-inside-source",
                output = output.display().to_string(),
                what = *what,
                source = source.display().to_string()
            )));
        }
    }
    Ok(())
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
    let mut out = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}
