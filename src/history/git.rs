//! Reading the content folder of a git revision with the `git` command (one `ls-tree`, one
//! `cat-file --batch` for every file), or of the working tree from disk.

use crate::content::limits::MAX_FILE_BYTES;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The YAML files of a content folder: path relative to the folder → text.
pub type Files = BTreeMap<String, String>;

/// A content folder inside a git repository.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder.
    top: PathBuf,
    /// The content folder relative to the top, with a trailing `/` (empty at the top).
    prefix: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    run(dir, args).map_err(|e| match e {
        GitError::Missing(m) | GitError::Refused(m) => m,
    })
}

/// Why git gave no answer: it could not be started (not installed), or it said no.
enum GitError {
    Missing(String),
    Refused(String),
}

fn run(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| GitError::Missing(crate::tr!("git-missing", error = e.to_string())))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        Err(GitError::Refused(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

impl Repo {
    /// The repository holding `content`, or an error saying it is not in one.
    pub fn find(content: &Path) -> Result<Repo, String> {
        if !content.is_dir() {
            return Err(crate::tr!(
                "git-no-content",
                folder = content.display().to_string()
            ));
        }
        let folder = content.display().to_string();
        let top = run(content, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
            GitError::Missing(m) => m,
            GitError::Refused(said) if said.contains("not a git repository") => {
                crate::tr!("git-no-repo", folder = folder.as_str())
            }
            // git's own refusal in its words (a folder owned by another user: "dubious
            // ownership", with the command that allows it).
            GitError::Refused(said) => crate::tr!(
                "git-refused",
                folder = folder.as_str(),
                said = said.as_str()
            ),
        })?;
        let prefix = git(content, &["rev-parse", "--show-prefix"])?;
        Ok(Repo {
            top: PathBuf::from(top),
            prefix,
        })
    }

    /// A commit as an office names a version: the day it was committed and its message
    /// (`2026年12月1日的版本（补充进展）`).
    pub fn describe(&self, id: &str) -> Result<String, String> {
        let line = git(&self.top, &["log", "-1", "--format=%cs%x09%s", id])?;
        let (day, subject) = line.split_once('\t').unwrap_or((line.as_str(), ""));
        let date = crate::date::parse_ymd(day).map_or_else(
            || day.to_string(),
            |d| format!("{}年{}月{}日", d.year, d.month, d.day),
        );
        Ok(if subject.trim().is_empty() {
            format!("{date}的版本")
        } else {
            format!("{date}的版本（{}）", subject.trim())
        })
    }

    /// The short name of a revision as the user wrote it, checked to be a commit.
    pub fn resolve(&self, rev: &str) -> Result<String, String> {
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision"));
        }
        git(
            &self.top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| {
            let repo = self.top.display().to_string();
            // A repository with no commit yet has no version to compare with: say to make one.
            if git(&self.top, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
                crate::tr!("git-no-commit", repo = repo)
            } else {
                crate::tr!("git-no-revision", rev = rev, repo = repo)
            }
        })
    }

    /// The YAML files of the content folder at commit `id`, and the files left out because
    /// they are larger than a content file may be (the loader's limit, checked from the sizes
    /// `ls-tree` gives before anything is read). Names are read NUL-separated and blobs asked
    /// for by id, so any file name works.
    pub fn files_at(&self, id: &str) -> Result<(Files, Vec<String>), String> {
        let listing = git(
            &self.top,
            &[
                "ls-tree",
                "-r",
                "-z",
                "-l",
                "--full-name",
                id,
                "--",
                if self.prefix.is_empty() {
                    "."
                } else {
                    &self.prefix
                },
            ],
        )?;
        let mut wanted: Vec<(&str, &str)> = Vec::new();
        let mut too_large = Vec::new();
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            // `<mode> blob <id> <size>\t<path>`
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let fields: Vec<&str> = meta.split_whitespace().collect();
            let [_, "blob", blob, size] = fields[..] else {
                continue;
            };
            if !is_content_yaml(path) {
                continue;
            }
            let rel = path.strip_prefix(self.prefix.as_str()).unwrap_or(path);
            if size.parse::<usize>().is_ok_and(|n| n > MAX_FILE_BYTES) {
                too_large.push(crate::tr!(
                    "git-too-large",
                    file = rel,
                    bytes = size,
                    max = MAX_FILE_BYTES / (1024 * 1024)
                ));
                continue;
            }
            wanted.push((rel, blob));
        }
        let files = self.read_blobs(&wanted)?;
        Ok((files, too_large))
    }

    /// The texts of `blobs` (name, id) through one `git cat-file --batch`.
    fn read_blobs(&self, blobs: &[(&str, &str)]) -> Result<Files, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| crate::tr!("git-missing", error = e.to_string()))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| crate::tr!("git-failed", detail = "no stdin"))?;
        let request: String = blobs.iter().map(|(_, blob)| format!("{blob}\n")).collect();
        // Written from a thread: git answers while it reads, and a full pipe would block both.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let mut reader = BufReader::new(
            child
                .stdout
                .take()
                .ok_or_else(|| crate::tr!("git-failed", detail = "no stdout"))?,
        );
        let mut files = Files::new();
        for (rel, _) in blobs {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|e| crate::tr!("git-failed", detail = e.to_string()))?;
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .filter(|&n| n <= MAX_FILE_BYTES)
                .ok_or_else(|| {
                    crate::tr!(
                        "git-failed",
                        detail = format!("cat-file: unexpected answer `{}`", header.trim())
                    )
                })?;
            let mut bytes = vec![0; size + 1];
            reader
                .read_exact(&mut bytes)
                .map_err(|e| crate::tr!("git-failed", detail = e.to_string()))?;
            bytes.pop();
            files.insert(
                (*rel).to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(files)
    }
}

/// The YAML files of the content folder on disk.
pub fn files_on_disk(content: &Path) -> Result<Files, String> {
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(content)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| format!("{}: {e}", content.display()))?;
        let Ok(rel) = entry.path().strip_prefix(content) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_file() && is_content_yaml(&rel) {
            if entry
                .metadata()
                .is_ok_and(|m| m.len() > MAX_FILE_BYTES as u64)
            {
                continue;
            }
            let text = std::fs::read(entry.path())
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
            files.insert(rel, String::from_utf8_lossy(&text).into_owned());
        }
    }
    Ok(files)
}

/// A `.yaml`/`.yml` file the loader reads (no hidden file or folder on the way).
fn is_content_yaml(path: &str) -> bool {
    !path.is_empty()
        && (path.ends_with(".yaml") || path.ends_with(".yml"))
        && !path.split('/').any(|part| part.starts_with('.'))
}
