//! Replacing a set of files in one folder all or nothing, even across a kill.
//!
//! Used by `build` (the output folder) and `import --write` (the content folder). Under a lock
//! on the folder, every new file is first written in full (and synced) as a temporary in the
//! folder's top; then a journal naming every file's relative path, its temporary and the name
//! its old version is set aside under is written and synced; only then are the files renamed
//! into place, one by one. When every rename is done the journal is marked committed, the old
//! versions are deleted and the journal removed.
//!
//! The next huibao run that opens the folder finds a journal left by a killed process and
//! settles it before anything else: a committed one is finished (the set-aside old files
//! deleted), any other is rolled back (every old file renamed back, every new one removed), so
//! the folder holds all old or all new files and no temporaries. Every step of the recovery
//! is a rename or a removal that can run again, so a kill during recovery is recovered too.

use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Prefix of a new file not yet renamed into place.
pub const TEMP_PREFIX: &str = ".huibao-tmp-";
/// Prefix of an old file set aside during the swap.
const OLD_PREFIX: &str = ".huibao-old-";
/// The lock file: a second huibao waits for the first.
const LOCK: &str = ".huibao-lock";
/// The journal of a swap under way.
const JOURNAL: &str = ".huibao-journal";
/// The longest temporary or set-aside name this module makes, in bytes (a target's own name
/// must leave no room for more: it is never part of them).
pub const LONGEST_TEMPORARY: usize = 24;

/// After how many renames a test wants the process stopped, if it does (only with the
/// `test-hooks` feature: [`crate::hooks`]).
fn crash_point() -> Option<usize> {
    crate::hooks::crash_after_renames()
}

/// The test's failure point, when a swap stopped there (`done` false): die as a kill would,
/// with nothing cleaned up.
fn die_unless(done: bool) {
    if !done {
        std::process::abort();
    }
}

/// One file of a swap: new bytes for `name`, or its removal (`bytes` None).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The path relative to the folder, `/`-separated (`departments/环保处.xlsx`).
    pub name: &'a str,
    /// The new contents, or None to remove the file.
    pub bytes: Option<&'a [u8]>,
}

/// How a new file gets its permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permissions {
    /// Those of the file it replaces, or the usual ones for a new file (outputs).
    Inherit,
    /// Those of the file it replaces; a read-only file is refused (content files).
    KeepRefuseReadOnly,
}

/// An entry of the journal: all names relative to the folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Entry {
    target: String,
    new: Option<String>,
    old: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    committed: bool,
    entries: Vec<Entry>,
}

/// A folder held under its lock, with any interrupted swap settled.
#[derive(Debug)]
pub struct Folder {
    root: PathBuf,
    _lock: File,
}

/// `path` could not be worked on: `action` is the catalog message naming what failed
/// (`io-create`, `io-write`, …), which receives the file and the system's reason.
fn io_error(path: &Path, action: &str, e: &std::io::Error) -> String {
    crate::i18n::message(
        action,
        &[
            (
                "file",
                crate::diag::escape_controls(&path.display().to_string()).into(),
            ),
            ("detail", crate::i18n::io_reason(e).into()),
        ],
    )
}

impl Folder {
    /// Creates `root` if needed, takes its lock (waiting, with a word on stderr, while another
    /// huibao holds it), settles a swap a killed run left and clears stray temporaries.
    pub fn open(root: &Path) -> Result<Folder, String> {
        fs::create_dir_all(root).map_err(|e| io_error(root, "io-create", &e))?;
        let lock = lock(root)?;
        let folder = Folder {
            root: root.to_path_buf(),
            _lock: lock,
        };
        folder.recover()?;
        Ok(folder)
    }

    /// Settles a swap left by a run that was killed: see the module's documentation.
    fn recover(&self) -> Result<(), String> {
        let path = self.root.join(JOURNAL);
        match fs::read(&path) {
            Ok(bytes) => {
                if let Ok(journal) = serde_json::from_slice::<Journal>(&bytes) {
                    let entries: Vec<Entry> = journal
                        .entries
                        .into_iter()
                        .filter(|e| is_inside(&self.root, e))
                        .collect();
                    if journal.committed {
                        self.finish(&entries);
                    } else {
                        self.roll_back(&entries);
                    }
                }
                sync_dirs(&self.root, &[]);
                fs::remove_file(&path).map_err(|e| io_error(&path, "io-remove", &e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "io-read", &e)),
        }
        self.clear_strays();
        Ok(())
    }

    /// Removes temporaries and set-aside files no journal names (a run killed before writing
    /// its journal, which renamed nothing yet).
    fn clear_strays(&self) {
        for stray in strays(&self.root) {
            let _ = fs::remove_file(stray);
        }
    }

    /// Puts every old file back and removes every new one, last entry first.
    fn roll_back(&self, entries: &[Entry]) {
        for entry in entries.iter().rev() {
            let target = self.root.join(&entry.target);
            let new_left = entry
                .new
                .as_ref()
                .is_some_and(|n| self.root.join(n).exists());
            match &entry.old {
                Some(old) if self.root.join(old).exists() => {
                    let _ = fs::rename(self.root.join(old), &target);
                }
                // The old file was never moved: it is still the target.
                Some(_) => {}
                // A file that is new in this swap and was already renamed into place.
                None if !new_left && entry.new.is_some() => {
                    let _ = fs::remove_file(&target);
                }
                None => {}
            }
            if let Some(new) = &entry.new {
                let _ = fs::remove_file(self.root.join(new));
            }
        }
    }

    /// Deletes the old files of a swap whose renames are all done.
    fn finish(&self, entries: &[Entry]) {
        for entry in entries {
            for name in [&entry.old, &entry.new].into_iter().flatten() {
                let _ = fs::remove_file(self.root.join(name));
            }
        }
    }

    /// Replaces and removes the files of `changes`, all or nothing (see the module's
    /// documentation). Parent folders are created as needed.
    pub fn commit(&self, changes: &[Change], permissions: Permissions) -> Result<(), String> {
        let done = self.commit_until(changes, permissions, crash_point())?;
        die_unless(done);
        Ok(())
    }

    /// [`Folder::commit`], stopping dead after `stop_after` renames (returning false) when
    /// given: what a kill at that point leaves behind.
    fn commit_until(
        &self,
        changes: &[Change],
        permissions: Permissions,
        stop_after: Option<usize>,
    ) -> Result<bool, String> {
        let mut entries = Vec::with_capacity(changes.len());
        let staged = self.stage(changes, permissions, &mut entries);
        if let Err(e) = staged {
            self.roll_back(&entries);
            return Err(all_old(&e));
        }
        self.commit_entries(entries, stop_after)
            .map_err(|e| all_old(&e))
    }

    /// Journals the staged `entries` and renames them into place (see the module's
    /// documentation); on a failure every old file is put back.
    fn commit_entries(
        &self,
        entries: Vec<Entry>,
        stop_after: Option<usize>,
    ) -> Result<bool, String> {
        let journal_path = self.root.join(JOURNAL);
        let mut journal = Journal {
            committed: false,
            entries,
        };
        if let Err(e) = self.write_journal(&journal) {
            self.roll_back(&journal.entries);
            return Err(e);
        }
        match self.swap(&journal.entries, stop_after) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(e) => {
                self.roll_back(&journal.entries);
                sync_dirs(&self.root, &journal.entries);
                let _ = fs::remove_file(&journal_path);
                return Err(e);
            }
        }
        sync_dirs(&self.root, &journal.entries);
        journal.committed = true;
        if let Err(e) = self.write_journal(&journal) {
            // The mark could not be written (a full disk): the journal on disk still says the
            // swap is not committed, and the next run would put every old file back. Doing
            // that now leaves the one state this error can honestly report: all old.
            self.roll_back(&journal.entries);
            sync_dirs(&self.root, &journal.entries);
            let _ = fs::remove_file(&journal_path);
            return Err(e);
        }
        self.finish(&journal.entries);
        // Committed: every file is new whatever happens now. A journal that cannot be removed
        // is finished (a no-op) by the next run, never rolled back.
        let _ = fs::remove_file(&journal_path);
        Ok(true)
    }

    /// Writes every new file as a synced temporary and chooses the set-aside names, recording
    /// each in `entries` as it goes (so a failure can remove what was made).
    fn stage(
        &self,
        changes: &[Change],
        permissions: Permissions,
        entries: &mut Vec<Entry>,
    ) -> Result<(), String> {
        for (n, change) in changes.iter().enumerate() {
            entries.push(self.stage_one(n, change, permissions)?);
        }
        Ok(())
    }

    /// Writes `change`'s new file as a synced temporary and names where its old file is set
    /// aside (`n` makes that name unique within the swap).
    fn stage_one(
        &self,
        n: usize,
        change: &Change,
        permissions: Permissions,
    ) -> Result<Entry, String> {
        // Never through a link: a linked subfolder would put the file elsewhere.
        let target = crate::paths::inside(&self.root, change.name)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "io-create", &e))?;
        }
        let existing = fs::symlink_metadata(&target).ok();
        if permissions == Permissions::KeepRefuseReadOnly
            && existing
                .as_ref()
                .is_some_and(|m| m.permissions().readonly())
        {
            return Err(crate::tr!(
                "transaction-read-only",
                file = crate::diag::escape_controls(&target.display().to_string())
            ));
        }
        if permissions == Permissions::KeepRefuseReadOnly
            && existing.as_ref().is_some_and(has_other_names)
        {
            // Replacing it by a rename would leave its other names with the old text.
            return Err(crate::tr!(
                "transaction-hard-links",
                file = crate::diag::escape_controls(&target.display().to_string())
            ));
        }
        let new = match change.bytes {
            Some(bytes) => {
                let hidden = is_bookkeeping(change.name);
                let path = write_temporary(&self.root, bytes, existing.as_ref(), hidden)
                    .map_err(|e| io_error(&target, "io-write", &e))?;
                Some(file_name(&path))
            }
            None => None,
        };
        let old = existing.map(|_| format!("{OLD_PREFIX}{n}"));
        if let Some(old) = &old {
            let _ = fs::remove_file(self.root.join(old));
        }
        Ok(Entry {
            target: change.name.to_string(),
            new,
            old,
        })
    }

    /// The renames: each old file aside, then its new one into place. False when it stopped
    /// after `stop_after` renames.
    fn swap(&self, entries: &[Entry], stop_after: Option<usize>) -> Result<bool, String> {
        let mut renames = 0;
        // A failed rename names the file the user knows (yongan.pdf, held open in a viewer),
        // not the temporary name it was being moved to or from.
        let mut step = |from: &Path, to: &Path, target: &Path| -> Result<bool, String> {
            fs::rename(from, to).map_err(|e| io_error(target, "io-replace", &e))?;
            renames += 1;
            Ok(stop_after != Some(renames))
        };
        for entry in entries {
            let target = self.root.join(&entry.target);
            if let Some(old) = &entry.old
                && !step(&target, &self.root.join(old), &target)?
            {
                return Ok(false);
            }
            if let Some(new) = &entry.new
                && !step(&self.root.join(new), &target, &target)?
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Writes the journal whole (a temporary, synced, renamed over the last one).
    fn write_journal(&self, journal: &Journal) -> Result<(), String> {
        let path = self.root.join(JOURNAL);
        let bytes = serde_json::to_vec(journal).map_err(|e| e.to_string())?;
        let tmp = write_temporary(&self.root, &bytes, None, true)
            .map_err(|e| io_error(&path, "io-write", &e))?;
        fs::rename(&tmp, &path).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            io_error(&path, "io-write", &e)
        })?;
        sync_dirs(&self.root, &[]);
        Ok(())
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// A swap prepared one file at a time, from any thread: each new file is written as a synced
/// temporary when it is added, so the caller need not hold every file in memory until the end;
/// [`Swap::commit`] renames them all into place as [`Folder::commit`] does. Dropped
/// uncommitted (a later failure), it removes its temporaries and leaves every file as it was.
pub struct Swap {
    folder: Folder,
    permissions: Permissions,
    entries: Mutex<Vec<Entry>>,
    added: AtomicUsize,
    committed: bool,
}

impl Swap {
    /// A swap of files in `folder`, whose lock it holds until it is committed or dropped.
    pub fn new(folder: Folder, permissions: Permissions) -> Swap {
        Swap {
            folder,
            permissions,
            entries: Mutex::new(Vec::new()),
            added: AtomicUsize::new(0),
            committed: false,
        }
    }

    /// The folder the files go into.
    pub fn folder(&self) -> &Folder {
        &self.folder
    }

    /// Stages `change`: its new file is written as a temporary now.
    pub fn add(&self, change: &Change) -> Result<(), String> {
        let n = self.added.fetch_add(1, Ordering::Relaxed);
        // A failure here ends the swap, whose drop puts every staged file away: all old.
        let entry = self
            .folder
            .stage_one(n, change, self.permissions)
            .map_err(|e| all_old(&e))?;
        self.entries().push(entry);
        Ok(())
    }

    /// Renames every staged file into place, all or nothing.
    pub fn commit(mut self) -> Result<(), String> {
        let mut entries = std::mem::take(&mut *self.entries());
        self.committed = true;
        if entries.is_empty() {
            return Ok(());
        }
        // Files come in as they are made; the journal lists them in one order every time.
        entries.sort_by(|a, b| a.target.cmp(&b.target));
        let done = self
            .folder
            .commit_entries(entries, crash_point())
            .map_err(|e| all_old(&e))?;
        die_unless(done);
        Ok(())
    }

    /// The staged entries; a panic on another thread while adding leaves them usable.
    fn entries(&self) -> std::sync::MutexGuard<'_, Vec<Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Swap {
    fn drop(&mut self) {
        if !self.committed {
            let entries = std::mem::take(&mut *self.entries());
            self.folder.roll_back(&entries);
        }
    }
}

/// Holds the content folder `dir` for reading (a shared lock on its lock file) while a build
/// reads it: `import --write` holds the same lock exclusively while it swaps files, so a
/// build reads all old or all new content, never half of an import. Waits, saying so, for
/// an import under way. A folder huibao may not write in (read-only) is read without a lock:
/// no import can swap files there either.
pub fn read_lock(dir: &Path) -> Result<Option<File>, String> {
    let path = own_file(dir, LOCK)?;
    let file = match bookkeeping_options().open(&path) {
        Ok(file) => file,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(io_error(&path, "io-open-lock", &e)),
    };
    if file.try_lock_shared().is_err() {
        say_waiting(dir);
        file.lock_shared()
            .map_err(|e| io_error(&path, "io-lock", &e))?;
    }
    Ok(Some(file))
}

/// A failure of a swap that put every old file back, saying so.
fn all_old(error: &str) -> String {
    format!("{error}\n  {}", crate::tr!("transaction-all-old"))
}

/// Removes the folder `root` that a swap which never happened made, with its lock and any
/// subfolders its temporaries needed, if nothing else is in it.
pub fn remove_unused(root: &Path) {
    let _ = fs::remove_file(root.join(LOCK));
    if let Ok(entries) = fs::read_dir(root) {
        for entry in entries.flatten() {
            // Only an empty folder goes (remove_dir refuses any other).
            let _ = fs::remove_dir(entry.path());
        }
    }
    let _ = fs::remove_dir(root);
}

/// Settles a swap a killed run left in `root`, if it has a journal, and removes the
/// temporaries a run killed before its swap left (for commands that write nothing there
/// themselves, such as `check`). Temporaries under a lock another huibao holds are its own
/// and stay.
pub fn recover_if_interrupted(root: &Path) -> Result<(), String> {
    if root.join(JOURNAL).exists() {
        Folder::open(root)?;
    } else if !strays(root).is_empty()
        && let Ok(path) = own_file(root, LOCK)
        && let Ok(lock) = File::options().write(true).open(path)
        && lock.try_lock().is_ok()
    {
        let folder = Folder {
            root: root.to_path_buf(),
            _lock: lock,
        };
        folder.clear_strays();
    }
    Ok(())
}

/// The temporaries and set-aside files of swaps in `root`.
fn strays(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) || name.starts_with(OLD_PREFIX)
        })
        .map(|e| e.path())
        .collect()
}

/// Whether a journal entry names only paths inside the folder, reached without a link (a
/// damaged or hostile journal, or a linked subfolder, never makes huibao touch a file
/// elsewhere): [`crate::paths::inside`].
fn is_inside(root: &Path, entry: &Entry) -> bool {
    let inside = |name: &str| crate::paths::inside(root, name).is_ok();
    inside(&entry.target)
        && entry.new.as_deref().is_none_or(inside)
        && entry.old.as_deref().is_none_or(inside)
}

/// One of huibao's own files in `dir` (the lock, the journal), refused when it is a link: it
/// would make huibao create or write a file wherever the link points.
fn own_file(dir: &Path, name: &str) -> Result<PathBuf, String> {
    crate::paths::inside(dir, name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Says on stderr that this run waits for another huibao holding `dir`'s lock.
fn say_waiting(dir: &Path) {
    eprintln!(
        "{}",
        crate::tr!(
            "transaction-waiting",
            folder = crate::diag::escape_controls(&dir.display().to_string())
        )
    );
}

/// Takes the folder's lock, waiting for another huibao that holds it.
fn lock(dir: &Path) -> Result<File, String> {
    let path = own_file(dir, LOCK)?;
    let file = bookkeeping_options()
        .open(&path)
        .map_err(|e| io_error(&path, "io-open-lock", &e))?;
    if file.try_lock().is_err() {
        say_waiting(dir);
        file.lock().map_err(|e| io_error(&path, "io-lock", &e))?;
    }
    Ok(file)
}

/// Whether `name` is one of huibao's own bookkeeping files (`.huibao-manifest.json`, the
/// lock, the journal): hidden on Windows, as a leading dot hides it elsewhere.
pub fn is_bookkeeping(name: &str) -> bool {
    name.starts_with(".huibao")
}

/// How a new file is created: on Windows with the hidden attribute when it is bookkeeping
/// (Explorer does not hide dot files); a rename keeps the attribute, and a hidden file is
/// replaced by a rename, never by truncation, which Windows refuses without the attribute.
fn new_file_options(hidden: bool) -> fs::OpenOptions {
    let mut options = File::options();
    options.write(true).create_new(true);
    #[cfg(windows)]
    if hidden {
        use std::os::windows::fs::OpenOptionsExt as _;
        /// `FILE_ATTRIBUTE_HIDDEN` of the Windows API.
        const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
        options.attributes(FILE_ATTRIBUTE_HIDDEN);
    }
    #[cfg(not(windows))]
    let _ = hidden;
    options
}

/// How the lock file is opened: created when missing (hidden on Windows), never truncated.
fn bookkeeping_options() -> fs::OpenOptions {
    let mut options = new_file_options(true);
    options.create_new(false).create(true).truncate(false);
    options
}

/// Writes `bytes` to a new synced temporary in `dir`, with the permissions of `like` (the file
/// it will replace) or the usual ones for a new file.
fn write_temporary(
    dir: &Path,
    bytes: &[u8],
    like: Option<&fs::Metadata>,
    hidden: bool,
) -> std::io::Result<PathBuf> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .make_in(dir, |path| new_file_options(hidden).open(path))?;
    tmp.write_all(bytes)?;
    let permissions = match like {
        Some(m) => m.permissions(),
        None => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    let (_, path) = tmp.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Syncs the folder and the folders of `entries`, so the renames survive a power cut (a no-op
/// where folders cannot be opened, as on Windows).
fn sync_dirs(root: &Path, entries: &[Entry]) {
    let mut dirs: Vec<PathBuf> = vec![root.to_path_buf()];
    for entry in entries {
        if let Some(parent) = root.join(&entry.target).parent()
            && !dirs.iter().any(|d| d == parent)
        {
            dirs.push(parent.to_path_buf());
        }
    }
    for dir in dirs {
        if let Ok(f) = File::open(&dir) {
            let _ = f.sync_all();
        }
    }
}

/// Whether a file has more than one name (hard links).
#[cfg(unix)]
fn has_other_names(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.is_file() && m.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_names(_: &fs::Metadata) -> bool {
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let name = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, fs::read_to_string(e.path()).unwrap_or_default())
            })
            .filter(|(n, _)| n != LOCK)
            .collect();
        out.sort();
        out
    }

    fn write_all(dir: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = dir.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn a_kill_at_any_rename_leaves_all_old_or_all_new_after_the_next_run() {
        let old = [
            ("meeting.pdf", "old meeting"),
            ("departments/环保处.xlsx", "old 环保处"),
            ("gone.pdf", "old gone"),
        ];
        let changes = [
            Change {
                name: "meeting.pdf",
                bytes: Some(b"new meeting"),
            },
            Change {
                name: "departments/环保处.xlsx",
                bytes: Some("new 环保处".as_bytes()),
            },
            Change {
                name: "departments/监测站.xlsx",
                bytes: Some("new 监测站".as_bytes()),
            },
            Change {
                name: "gone.pdf",
                bytes: None,
            },
        ];
        let all_new: Vec<(String, String)> = vec![
            ("departments/环保处.xlsx".into(), "new 环保处".into()),
            ("departments/监测站.xlsx".into(), "new 监测站".into()),
            ("meeting.pdf".into(), "new meeting".into()),
        ];
        // 2 renames for each replaced or removed file, 1 for the new one: 6 in all.
        for stop in 1..=6 {
            let dir = tempfile::tempdir().unwrap();
            write_all(dir.path(), &old);
            let all_old = listing(dir.path());
            {
                let folder = Folder::open(dir.path()).unwrap();
                let done = folder.commit_until(&changes, Permissions::Inherit, Some(stop));
                assert_eq!(done, Ok(false), "stopped at {stop}");
            }
            // The next run settles it: here, rolled back, since the swap never committed.
            drop(Folder::open(dir.path()).unwrap());
            let after = listing(dir.path());
            assert!(
                after == all_old || after == all_new,
                "after a kill at rename {stop}: {after:?}"
            );
            assert_eq!(after, all_old, "an uncommitted swap is rolled back");
        }
        // Uninterrupted: all new, the removed file gone, nothing else left.
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &old);
        Folder::open(dir.path())
            .unwrap()
            .commit(&changes, Permissions::Inherit)
            .unwrap();
        assert_eq!(listing(dir.path()), all_new);
    }

    #[test]
    fn temporaries_of_a_run_killed_before_its_swap_go_unless_a_live_run_holds_the_lock() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        write_all(dir, &[("a.pdf", "old")]);
        // While another run holds the folder, its temporaries are its own.
        let live = Folder::open(dir).unwrap();
        let stray = format!("{TEMP_PREFIX}killed");
        write_all(dir, &[(stray.as_str(), "half")]);
        recover_if_interrupted(dir).unwrap();
        assert_eq!(strays(dir), vec![dir.join(&stray)]);
        // Killed (its lock gone with it, the temporary left): the next `check` clears it.
        drop(live);
        recover_if_interrupted(dir).unwrap();
        assert!(strays(dir).is_empty());
        assert_eq!(fs::read_to_string(dir.join("a.pdf")).unwrap(), "old");
    }

    #[test]
    fn a_committed_swap_is_finished_and_a_hostile_journal_touches_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        write_all(outside.path(), &[("keep.txt", "mine")]);
        write_all(dir.path(), &[("a.pdf", "new"), (".huibao-old-0", "old")]);
        let journal = Journal {
            committed: true,
            entries: vec![
                Entry {
                    target: "a.pdf".into(),
                    new: None,
                    old: Some(".huibao-old-0".into()),
                },
                Entry {
                    target: outside.path().join("keep.txt").display().to_string(),
                    new: None,
                    old: Some("../keep.txt".into()),
                },
            ],
        };
        fs::write(
            dir.path().join(JOURNAL),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        drop(Folder::open(dir.path()).unwrap());
        assert_eq!(
            listing(dir.path()),
            vec![("a.pdf".to_string(), "new".to_string())]
        );
        assert_eq!(
            fs::read_to_string(outside.path().join("keep.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_read_only_content_file_is_refused_and_modes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[("a.yaml", "a"), ("b.yaml", "b")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path().join("a.yaml"), fs::Permissions::from_mode(0o664))
                .unwrap();
        }
        let mut ro = fs::metadata(dir.path().join("b.yaml"))
            .unwrap()
            .permissions();
        ro.set_readonly(true);
        fs::set_permissions(dir.path().join("b.yaml"), ro).unwrap();
        let folder = Folder::open(dir.path()).unwrap();
        let err = folder
            .commit(
                &[
                    Change {
                        name: "a.yaml",
                        bytes: Some(b"A"),
                    },
                    Change {
                        name: "b.yaml",
                        bytes: Some(b"B"),
                    },
                ],
                Permissions::KeepRefuseReadOnly,
            )
            .unwrap_err();
        assert!(
            err.ends_with(
                "b.yaml: the file is read-only; make it writable to import into it\n  nothing was replaced: every file is as it was"
            ),
            "{err}"
        );
        assert_eq!(fs::read_to_string(dir.path().join("a.yaml")).unwrap(), "a");
        folder
            .commit(
                &[Change {
                    name: "a.yaml",
                    bytes: Some(b"A"),
                }],
                Permissions::KeepRefuseReadOnly,
            )
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("a.yaml"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o664);
        }
        assert_eq!(listing(dir.path()).len(), 2, "no temporaries");
        // A file with another name (a hard link) is refused too: a rename would part them.
        #[cfg(unix)]
        {
            fs::hard_link(dir.path().join("a.yaml"), dir.path().join("a-link.yaml")).unwrap();
            let err = folder
                .commit(
                    &[Change {
                        name: "a.yaml",
                        bytes: Some(b"AA"),
                    }],
                    Permissions::KeepRefuseReadOnly,
                )
                .unwrap_err();
            assert!(
                err.contains("the file has other names (hard links)"),
                "{err}"
            );
        }
    }
}
