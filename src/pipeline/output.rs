//! Writing output files all or nothing, through [`crate::transaction`]: under a lock on the
//! output folder every changed file is written as a temporary (by a build, as soon as it is
//! made: [`Staging`]), then all are renamed into place
//! under a journal, so a failed or killed build leaves every old file (the next run rolls an
//! interrupted swap back). A manifest, swapped in with the files, records what huibao wrote, so
//! the files of an annex that was removed or renamed are deleted by the same swap — never a
//! file huibao did not write.

use super::{BuildReport, OutputFile};
use crate::diag::Failure;
use crate::transaction::{Change, Folder, Permissions, Swap};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The names of the files the last build wrote: a JSON list, so no name can be misread.
const MANIFEST: &str = ".huibao-manifest.json";
/// The manifest of earlier versions, one name a line: read once, then replaced.
const OLD_MANIFEST: &str = ".huibao-manifest";

/// Where each output file goes once it is made.
pub trait Sink: Sync {
    /// Takes `file`, or hands it back to be kept in memory with the build's other outputs.
    fn take(&self, file: OutputFile) -> Result<Option<OutputFile>, String>;
}

/// Keeps every file in memory: `check`, `watch` (which keeps them for the next build) and
/// [`super::produce`].
pub struct InMemory;

impl Sink for InMemory {
    fn take(&self, file: OutputFile) -> Result<Option<OutputFile>, String> {
        Ok(Some(file))
    }
}

/// The output folder of a build under way: each file is compared with the one on disk when it
/// is made and, if it changed, written as a temporary at once, so a long material's files are
/// never all in memory; [`Staging::commit`] swaps them in all or nothing. The folder is opened
/// (checked, locked, an interrupted swap settled) when the first file arrives, so a build that
/// fails on its content touches nothing; dropped uncommitted, it removes its temporaries.
pub struct Staging {
    dir: PathBuf,
    /// The folders the output must not be inside: (what, path).
    sources: Vec<(&'static str, PathBuf)>,
    /// The swap, with whether opening it made the folder.
    swap: OnceLock<Result<(Swap, bool), String>>,
    report: Mutex<Staged>,
}

/// What the staging has seen so far.
#[derive(Default)]
struct Staged {
    names: BTreeSet<String>,
    /// Subfolders made for the files (removed again if the build fails).
    made_folders: Vec<PathBuf>,
    written: Vec<PathBuf>,
    unchanged: Vec<PathBuf>,
}

impl Staging {
    /// Staging for `dir`, refused (when the first file comes) if it is or is inside one of
    /// `sources`.
    pub fn new(dir: &Path, sources: &[(&'static str, &Path)]) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            sources: sources
                .iter()
                .map(|(what, path)| (*what, path.to_path_buf()))
                .collect(),
            swap: OnceLock::new(),
            report: Mutex::new(Staged::default()),
        }
    }

    /// The swap into the folder, opened on first use.
    fn swap(&self) -> Result<&Swap, String> {
        self.swap
            .get_or_init(|| {
                let sources: Vec<(&str, &Path)> = self
                    .sources
                    .iter()
                    .map(|(w, p)| (*w, p.as_path()))
                    .collect();
                check_output_folder(&self.dir, &sources).map_err(|e| match e {
                    Failure::Other(message) => message,
                    other => other.to_string(),
                })?;
                let made = !self.dir.exists();
                let folder = Folder::open(&self.dir)?;
                Ok((Swap::new(folder, Permissions::Inherit), made))
            })
            .as_ref()
            .map(|(swap, _)| swap)
            .map_err(Clone::clone)
    }

    fn report(&self) -> std::sync::MutexGuard<'_, Staged> {
        self.report
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Stages the file `name` with `bytes` unless the folder already holds exactly them.
    fn stage(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let swap = self.swap()?;
        let path = self.dir.join(name);
        let unchanged = same_bytes(&path, bytes);
        let new_folder = path
            .parent()
            .filter(|p| *p != self.dir && !p.exists())
            .map(Path::to_path_buf);
        if !unchanged {
            swap.add(&Change {
                name,
                bytes: Some(bytes),
            })
            .map_err(with_advice)?;
        }
        let mut report = self.report();
        report.made_folders.extend(new_folder);
        report.names.insert(name.to_string());
        if unchanged {
            report.unchanged.push(path);
        } else {
            report.written.push(path);
        }
        Ok(())
    }

    /// Stages what is left (the manifest of every file made, the removal of the files an
    /// earlier build made that this one did not) and swaps everything in.
    pub fn commit(mut self) -> Result<BuildReport, Failure> {
        let swap = self.swap().map_err(Failure::Other)?;
        let add = |change: Change| {
            swap.add(&change)
                .map_err(|e| Failure::Other(with_advice(e)))
        };
        let previous = read_manifest(&self.dir);
        let Staged {
            names,
            mut written,
            mut unchanged,
            ..
        } = std::mem::take(&mut *self.report());
        let mut report = BuildReport::default();
        for stale in previous.difference(&names) {
            // Only a name huibao wrote itself inside the output folder, reached without a
            // link; never a path elsewhere.
            let inside = crate::paths::inside(&self.dir, stale).is_ok();
            if inside && self.dir.join(stale).is_file() {
                add(Change {
                    name: stale,
                    bytes: None,
                })?;
                report.removed.push(self.dir.join(stale));
            }
        }
        let manifest =
            serde_json::to_vec_pretty(&names).map_err(|e| Failure::Other(e.to_string()))?;
        if !same_bytes(&self.dir.join(MANIFEST), &manifest) {
            add(Change {
                name: MANIFEST,
                bytes: Some(&manifest),
            })?;
        }
        if self.dir.join(OLD_MANIFEST).is_file() {
            add(Change {
                name: OLD_MANIFEST,
                bytes: None,
            })?;
        }
        let Some(Ok((swap, _))) = self.swap.take() else {
            // Opened above.
            return Err(Failure::Other(crate::tr!(
                "internal-error",
                detail = "the output folder was not opened"
            )));
        };
        swap.commit().map_err(|e| Failure::Other(with_advice(e)))?;
        // A folder the removals leave empty (`markup/` after a build without `--markup`).
        for path in &report.removed {
            crate::paths::remove_empty_folders(path, &self.dir);
        }
        // Files are staged as they are made, on any thread: listed in name order.
        written.sort();
        unchanged.sort();
        report.written = written;
        report.unchanged = unchanged;
        Ok(report)
    }
}

impl Drop for Staging {
    /// A build that failed after its first file: the temporaries go, and so does the folder if
    /// the build made it (the failure leaves no trace).
    fn drop(&mut self) {
        if let Some(Ok((swap, made))) = self.swap.take() {
            let folder = swap.folder().root().to_path_buf();
            drop(swap);
            for made in self.report().made_folders.iter().rev() {
                // Only if empty: remove_dir refuses any other.
                let _ = fs::remove_dir(made);
            }
            if made {
                crate::transaction::remove_unused(&folder);
            }
        }
    }
}

impl Sink for Staging {
    fn take(&self, file: OutputFile) -> Result<Option<OutputFile>, String> {
        self.stage(&file.name, &file.bytes)?;
        Ok(None)
    }
}

/// Writes `files` into `dir`, all or nothing; files whose bytes are unchanged are not touched.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<BuildReport, Failure> {
    let staging = Staging::new(dir, &[]);
    for file in files {
        staging
            .stage(&file.name, &file.bytes)
            .map_err(Failure::Other)?;
    }
    staging.commit()
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
        .filter(|n| crate::paths::inside(dir, n).is_ok_and(|p| p.is_file()))
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
    let in_use = crate::tr!("io-kind-in-use");
    if message.contains("ermission denied")
        || message.contains("not permitted")
        || message.contains(&denied)
        || message.contains(&in_use)
        || message.contains("os error 5)")
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
    crate::paths::not_a_source(output, sources).map_err(Failure::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn file(name: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn staged_files_are_on_disk_before_the_swap_and_all_in_after_it() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("output");
        write_outputs(&dir, &[file("a.pdf", b"old a"), file("b.xlsx", b"old b")]).unwrap();
        let staging = Staging::new(&dir, &[]);
        // The sink takes each file: none is handed back to be held in memory.
        assert!(staging.take(file("b.xlsx", b"new b")).unwrap().is_none());
        assert!(staging.take(file("a.pdf", b"old a")).unwrap().is_none());
        assert!(
            staging
                .take(file("departments/c.xlsx", b"c"))
                .unwrap()
                .is_none()
        );
        // Before the swap the old files are as they were; the new ones wait as temporaries.
        assert_eq!(fs::read(dir.join("b.xlsx")).unwrap(), b"old b");
        let waiting = names_in(&dir)
            .into_iter()
            .filter(|n| n.starts_with(crate::transaction::TEMP_PREFIX))
            .count();
        assert_eq!(waiting, 2, "b.xlsx and c.xlsx (a.pdf is unchanged)");
        let report = staging.commit().unwrap();
        assert_eq!(fs::read(dir.join("b.xlsx")).unwrap(), b"new b");
        assert_eq!(fs::read(dir.join("departments/c.xlsx")).unwrap(), b"c");
        assert_eq!(
            report.written,
            vec![dir.join("b.xlsx"), dir.join("departments/c.xlsx")],
            "listed in name order, whatever order they came in"
        );
        assert_eq!(report.unchanged, vec![dir.join("a.pdf")]);
        assert!(
            !names_in(&dir)
                .iter()
                .any(|n| n.starts_with(crate::transaction::TEMP_PREFIX))
        );
    }

    #[test]
    fn a_build_that_fails_after_staging_leaves_the_old_files_and_no_trace() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("output");
        write_outputs(&dir, &[file("a.pdf", b"old a")]).unwrap();
        let before = names_in(&dir);
        let staging = Staging::new(&dir, &[]);
        staging.take(file("a.pdf", b"new a")).unwrap();
        staging.take(file("departments/c.xlsx", b"c")).unwrap();
        drop(staging);
        assert_eq!(fs::read(dir.join("a.pdf")).unwrap(), b"old a");
        assert_eq!(names_in(&dir), before);

        // A folder the failed build made itself is gone again.
        let fresh = root.path().join("fresh");
        let staging = Staging::new(&fresh, &[]);
        staging.take(file("departments/c.xlsx", b"c")).unwrap();
        assert!(fresh.join("departments").is_dir());
        drop(staging);
        assert!(!fresh.exists());
    }
}
