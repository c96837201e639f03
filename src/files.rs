//! Reading the user's files: what is at a path is looked at before it is opened, so a named
//! pipe (which would block the read for ever), a device (`/dev/zero`, endless), a folder or a
//! broken link where a file belongs is refused by its kind, and a file larger than its limit
//! is refused by its size, before a byte of it is read.

use std::fs::{self, Metadata};
use std::io;
use std::path::Path;

/// What stands at a path that should hold a file, in the user's words, or `None` for a
/// regular file (after following links).
pub fn not_a_file(path: &Path) -> Option<String> {
    match fs::metadata(path) {
        Ok(m) => kind_of(&m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                Some(crate::tr!("file-kind-broken-link"))
            } else {
                Some(crate::tr!("file-kind-missing"))
            }
        }
        Err(e) => Some(crate::i18n::io_reason(&e)),
    }
}

/// `None` for a regular file, else what it is.
pub fn kind_of(m: &Metadata) -> Option<String> {
    let t = m.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(crate::tr!("file-kind-folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some(crate::tr!("file-kind-fifo"));
        }
        if t.is_char_device() || t.is_block_device() {
            return Some(crate::tr!("file-kind-device"));
        }
        if t.is_socket() {
            return Some(crate::tr!("file-kind-socket"));
        }
    }
    Some(crate::tr!("file-kind-other"))
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: what it is instead.
    NotAFile(String),
    /// Larger than allowed: its size in bytes.
    TooBig(u64),
    /// Reading failed.
    Io(io::Error),
}

/// The bytes of the regular file at `path`, refused by kind or by size (`max` bytes) before
/// anything is read.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    // Nothing there at all: the system's own "not found".
    fs::symlink_metadata(path).map_err(Refused::Io)?;
    if let Some(kind) = not_a_file(path) {
        return Err(Refused::NotAFile(kind));
    }
    let file = fs::File::open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    // Checked again on the file opened: it may have been swapped since the look above.
    if let Some(kind) = kind_of(&meta) {
        return Err(Refused::NotAFile(kind));
    }
    if meta.len() > max {
        return Err(Refused::TooBig(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    io::Read::read_to_end(&mut io::Read::take(file, max + 1), &mut bytes).map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

impl Refused {
    /// The reason in the user's words (without the path).
    pub fn reason(&self, max: u64) -> String {
        match self {
            Refused::NotAFile(kind) => crate::tr!("file-not-a-file", kind = kind.as_str()),
            Refused::TooBig(size) => crate::tr!(
                "file-too-big",
                size = format!("{:.1}", *size as f64 / 1_048_576.0),
                max = format!("{:.1}", max as f64 / 1_048_576.0)
            ),
            Refused::Io(e) => crate::i18n::io_reason(e),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_by_kind_without_blocking() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fifo = dir.path().join("meeting.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read(&fifo, 10), Err(Refused::NotAFile(_))));
        }
        assert!(matches!(read(dir.path(), 10), Err(Refused::NotAFile(_))));
        assert!(matches!(
            read(Path::new("/dev/zero"), 10),
            Err(Refused::NotAFile(_))
        ));
        let big = dir.path().join("big");
        fs::write(&big, [0u8; 11]).expect("written");
        assert!(matches!(read(&big, 10), Err(Refused::TooBig(11))));
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("link"))
            .expect("a link");
        assert!(matches!(
            read(&dir.path().join("link"), 10),
            Err(Refused::NotAFile(_))
        ));
    }
}
