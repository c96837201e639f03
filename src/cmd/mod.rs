//! What each subcommand does, one file per command (as Zola's `src/cmd/`); `main.rs` only
//! parses arguments and calls these.

mod build;
mod changes;
mod check;
mod clean;
mod fonts;
pub mod help;
mod import;
mod init;
mod list;
mod new;
mod progress_bar;
mod renumber;
mod schema;
mod serve;
mod watch;

pub use build::build;
pub use changes::{ChangesFormat, changes};
pub use check::check;
pub use clean::clean;
pub use fonts::fonts;
pub use import::{ImportOptions, import};
pub use init::init;
pub use list::list;
pub use new::new;
pub use renumber::renumber;
pub use schema::{SchemaKind, schema};
pub use serve::{ServeOptions, serve};
pub use watch::watch;

use crate::diag::Diagnostics;
pub use crate::diag::Failure;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// What a successful command says: its message (stdout) and the warnings it found (stderr).
#[derive(Debug, Default)]
pub struct Outcome {
    /// What it did, for stdout.
    pub message: String,
    /// Problems that did not stop it.
    pub warnings: Diagnostics,
    /// The message holds colour codes of huibao's own (and escaped the user's text itself);
    /// any other message is escaped when printed ([`crate::diag::escape_controls`]).
    pub styled: bool,
}

impl From<String> for Outcome {
    fn from(message: String) -> Self {
        Outcome {
            message,
            warnings: Diagnostics::default(),
            styled: false,
        }
    }
}

/// What the CLI read from the environment: the library reads no variable itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Environment {
    /// `HUIBAO_THREADS`: threads for the writers (1 gives a serial build).
    pub threads: Option<usize>,
    /// `SOURCE_DATE_EPOCH`: the timestamp written into PDF and XLSX.
    pub source_date_epoch: Option<i64>,
    /// Whether a long build may show a progress bar (stderr is a terminal, not `--quiet`).
    pub progress_bar: bool,
    /// `--bundled-fonts`: only the bundled fonts, whatever is installed.
    pub bundled_fonts: bool,
    /// `--markup`: also write each part's XHTML markup, for template authors.
    pub markup: bool,
}

/// What every command runs with, resolved once by the command line: the environment and its
/// flags, and where the user was. Run in a project's subfolder (content/yongan, say), a
/// command works on the project found upward, as cargo and Zola do: the session moves into
/// it, and the paths the user typed on the command line (workbooks, `--out`) still name what
/// they named from where they were typed ([`Session::user_path`]).
#[derive(Debug, Clone)]
pub struct Session {
    /// The environment and the flags that set it.
    pub env: Environment,
    /// The folder the command was typed in.
    invoked_from: std::path::PathBuf,
}

impl Session {
    /// Starts a session: when `in_project` and the current folder holds no `content/`, moves
    /// into the nearest folder above that holds `content/meeting.yaml`.
    pub fn start(env: Environment, in_project: bool) -> Result<Session, String> {
        let here = std::env::current_dir()
            .map_err(|e| crate::tr!("env-cannot-enter", folder = crate::i18n::io_reason(&e)))?;
        if in_project
            && !Path::new("content").exists()
            && let Some(root) = project_root(&here)
        {
            std::env::set_current_dir(&root)
                .map_err(|_| crate::tr!("env-cannot-enter", folder = crate::diag::shown(&root)))?;
        }
        Ok(Session {
            env,
            invoked_from: here,
        })
    }

    /// Settles a swap a killed build or import left in any of `folders` (the command's
    /// content and output folders), before the command reads or writes anything: every
    /// command finds them all old or all new.
    pub fn settle(&self, folders: &[&Path]) -> Result<(), String> {
        for folder in folders.iter().filter(|f| f.is_dir()) {
            crate::transaction::recover_if_interrupted(folder)?;
        }
        Ok(())
    }

    /// A path the user typed, as it named a file from the folder it was typed in.
    pub fn user_path(&self, typed: &Path) -> std::path::PathBuf {
        if typed.is_absolute() {
            typed.to_path_buf()
        } else {
            let joined = self.invoked_from.join(typed);
            // Shown relative again when that is where the session is.
            std::env::current_dir()
                .ok()
                .filter(|now| *now == self.invoked_from)
                .map_or(joined, |_| typed.to_path_buf())
        }
    }
}

impl Session {
    /// The files the user typed, each where [`Session::user_path`] puts it, and a name with a
    /// wildcard (`返回\*.xlsx`) that names no file itself replaced by the files it matches, in
    /// name order: Windows' cmd and PowerShell leave wildcards to the program, as a Unix shell
    /// does not. A wildcard that matches nothing stays, for the command to say it is missing.
    pub fn user_files(&self, typed: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for path in typed.iter().map(|t| self.user_path(t)) {
            let text = path.to_string_lossy();
            let wild = text.contains(['*', '?']) && !path.exists();
            let matched: Vec<std::path::PathBuf> = if wild {
                glob::glob(&text)
                    .map(|found| found.filter_map(Result::ok).collect())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            if matched.is_empty() {
                files.push(path);
            } else {
                files.extend(matched);
            }
        }
        files
    }
}

/// The nearest folder above `here` that holds a project (`content/meeting.yaml`).
fn project_root(here: &Path) -> Option<std::path::PathBuf> {
    here.ancestors()
        .skip(1)
        .find(|dir| dir.join("content").join("meeting.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The source folders a destination of huibao's own (an output folder, a 修改说明, schemas)
/// must stay out of: the content folder given, and the templates.
pub(crate) fn sources(content: &Path) -> [(&'static str, &Path); 2] {
    [("content", content), ("templates", Path::new("templates"))]
}

/// The build options for a content folder and an optional templates folder the user named
/// (which must exist; without one, `templates` is used when present, else the built-in files).
pub(crate) fn options(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    env: Environment,
) -> Result<crate::pipeline::BuildOptions, Failure> {
    if let Some(dir) = templates.filter(|d| !d.is_dir()) {
        return Err(Failure::Other(crate::tr!(
            "templates-not-found",
            folder = dir.display().to_string()
        )));
    }
    Ok(crate::pipeline::BuildOptions {
        content: content.to_path_buf(),
        templates: templates.unwrap_or(Path::new("templates")).to_path_buf(),
        output: output.to_path_buf(),
        threads: env.threads,
        source_date_epoch: env.source_date_epoch,
        progress: crate::pipeline::Progress::default(),
        bundled_fonts: env.bundled_fonts,
        markup: env.markup,
        content_held: false,
    })
}

/// Pads columns by display width, so CJK text lines up in a terminal.
pub(crate) fn format_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(std::vec::Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        out.push_str("  ");
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                out.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push('\n');
    }
    out
}
