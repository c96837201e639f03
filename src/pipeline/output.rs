//! Writing output files all or nothing. Under a lock on the output folder, every changed file
//! is first written beside its target as a temporary; only when all are written are they
//! swapped in (the old file set aside until the end), and any failure puts every old file back
//! and removes the temporaries. A manifest records what huibao wrote, so the files of an annex
//! that was removed or renamed are deleted on the next build — never a file huibao did not
//! write. Temporaries left by a build that was killed are cleared by the next one.

use super::{BuildReport, OutputFile};
use crate::diag::Failure;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix of a new file not yet swapped in.
const TEMP_PREFIX: &str = ".huibao-tmp-";
/// Prefix of an old file set aside during the swap.
const OLD_PREFIX: &str = ".huibao-old-";
/// The lock file; a second build waits for the first.
const LOCK: &str = ".huibao-lock";
/// The names of the files the last build wrote, one per line.
const MANIFEST: &str = ".huibao-manifest";

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::Other(format!("{}: cannot {what}: {e}", path.display()))
}

/// Writes `files` into `dir`, all or nothing; files whose bytes are unchanged are not touched.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<BuildReport, Failure> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", e))?;
    let _lock = lock(dir)?;
    clear_temporaries(dir);
    let previous = read_manifest(dir);
    let mut report = BuildReport::default();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for file in files {
        let path = dir.join(&file.name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", e))?;
        }
        if same_bytes(&path, &file.bytes) {
            report.unchanged.push(path);
            continue;
        }
        match write_temporary(dir, &path, &file.bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = fs::remove_file(tmp);
                }
                return Err(io_error(&path, "write", e));
            }
        }
    }
    swap_in(dir, &staged)?;
    report.written = staged.into_iter().map(|(_, path)| path).collect();
    let names: BTreeSet<String> = files.iter().map(|f| f.name.clone()).collect();
    for stale in previous.difference(&names) {
        // Only a name huibao wrote itself inside the output folder; never a path elsewhere.
        if Path::new(stale)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            let path = dir.join(stale);
            if fs::remove_file(&path).is_ok() {
                report.removed.push(path);
            }
        }
    }
    write_manifest(dir, &names)?;
    Ok(report)
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

/// Takes the output folder's lock, waiting for another build that holds it.
fn lock(dir: &Path) -> Result<File, Failure> {
    let path = dir.join(LOCK);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error(&path, "open the lock", e))?;
    if file.try_lock().is_err() {
        eprintln!(
            "waiting for another huibao build writing into {} to finish…",
            dir.display()
        );
        file.lock().map_err(|e| io_error(&path, "lock", e))?;
    }
    Ok(file)
}

/// Removes the temporaries and set-aside files of a build that was killed (under the lock, so
/// no running build owns them).
fn clear_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(entry.path());
        } else if let Some(original) = name
            .strip_prefix(OLD_PREFIX)
            .and_then(|rest| rest.split_once('.'))
            .map(|(_, original)| dir.join(original))
        {
            // A set-aside old file whose replacement never arrived goes back; otherwise it is
            // superseded.
            if original.exists() {
                let _ = fs::remove_file(entry.path());
            } else {
                let _ = fs::rename(entry.path(), original);
            }
        }
    }
}

fn write_temporary(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // A temporary file is private; an output file gets the permissions of the file it
    // replaces, or the usual ones for a new file.
    let permissions = match fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    let (_, path) = tmp.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Renames every temporary onto its target; on any failure, puts every old file back and
/// removes the temporaries.
fn swap_in(dir: &Path, staged: &[(PathBuf, PathBuf)]) -> Result<(), Failure> {
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for (n, (tmp, target)) in staged.iter().enumerate() {
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let aside = dir.join(format!("{OLD_PREFIX}{n}.{name}"));
        let set_aside = if target.exists() {
            if let Err(e) = fs::rename(target, &aside) {
                failure = Some(io_error(target, "replace", e));
                break;
            }
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(tmp, target) {
            if let Some(aside) = &set_aside {
                let _ = fs::rename(aside, target);
            }
            failure = Some(io_error(target, "write", e));
            break;
        }
        done.push((target, set_aside));
    }
    match failure {
        None => {
            for (_, aside) in done {
                if let Some(aside) = aside {
                    let _ = fs::remove_file(aside);
                }
            }
            Ok(())
        }
        Some(failure) => {
            for (target, aside) in done.into_iter().rev() {
                match aside {
                    Some(aside) => {
                        let _ = fs::rename(aside, target);
                    }
                    None => {
                        let _ = fs::remove_file(target);
                    }
                }
            }
            for (tmp, _) in staged {
                let _ = fs::remove_file(tmp);
            }
            Err(failure)
        }
    }
}

fn read_manifest(dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(dir.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn write_manifest(dir: &Path, names: &BTreeSet<String>) -> Result<(), Failure> {
    let path = dir.join(MANIFEST);
    let mut text = String::new();
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    if fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let tmp =
        write_temporary(dir, &path, text.as_bytes()).map_err(|e| io_error(&path, "write", e))?;
    fs::rename(&tmp, &path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_error(&path, "write", e)
    })
}

/// Refuses an output folder that is, or is inside, `content` or `templates`: a build must never
/// overwrite the user's sources (an annex named `report` would replace templates/report.html).
pub fn check_output_folder(output: &Path, sources: &[(&str, &Path)]) -> Result<(), Failure> {
    let out = resolved(output);
    for (what, source) in sources {
        let source = resolved(source);
        if out.starts_with(&source) {
            return Err(Failure::Other(format!(
                "{}: the output folder is inside the {what} folder {}; choose another (--output output)",
                output.display(),
                source.display()
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

#[cfg(unix)]
fn default_permissions(_: &File) -> std::io::Result<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &File) -> std::io::Result<fs::Permissions> {
    Ok(file.metadata()?.permissions())
}
