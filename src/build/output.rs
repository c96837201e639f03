//! Writing output files: atomically (a temporary file in the same folder, then a rename), and
//! not at all when the bytes did not change.

use super::{BuildReport, OutputFile};
use crate::diag::Failure;
use std::io::Write;
use std::path::Path;

/// Writes each file atomically, skipping files whose bytes are unchanged.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<BuildReport, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Other(format!("{}: cannot create: {e}", dir.display())))?;
    let mut report = BuildReport::default();
    for file in files {
        let path = dir.join(&file.name);
        if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
            report.unchanged.push(path);
            continue;
        }
        write_atomically(&path, &file.bytes)
            .map_err(|e| Failure::Other(format!("{}: cannot write: {e}", path.display())))?;
        report.written.push(path);
    }
    Ok(report)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".huibao-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // A temporary file is private; an output file gets the permissions of the file it
    // replaces, or the usual ones for a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}
