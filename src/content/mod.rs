//! Stage 1: content. Finds, parses and validates `content/` into a [`Project`].

pub mod edit;
pub mod labels;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod renumber;
pub mod scaffold;
pub mod schema;
pub mod slips;
mod stand_in;
pub mod validate;

use crate::diag::{Diagnostic, Diagnostics};
use load::{Source, Sourced};
use model::{AnnexMeta, Item, Meeting};
use std::path::{Path, PathBuf};

/// One annex: its metadata and items ordered by seq.
#[derive(Debug, Clone)]
pub struct Annex {
    /// The annex's folder.
    pub dir: PathBuf,
    /// `_annex.yaml`.
    pub meta: Sourced<AnnexMeta>,
    /// The items, ordered by seq.
    pub items: Vec<Sourced<Item>>,
}

/// A whole, valid project: the meeting and its annexes ordered by number.
#[derive(Debug, Clone)]
pub struct Project {
    /// The content folder.
    pub root: PathBuf,
    /// `meeting.yaml`.
    pub meeting: Sourced<Meeting>,
    /// The annexes, ordered by number.
    pub annexes: Vec<Annex>,
    /// What loading and validation found that does not stop a build.
    pub warnings: Diagnostics,
}

/// Loads and validates `root`; returns every problem found when anything is wrong.
pub fn load(root: &Path) -> Result<Project, Diagnostics> {
    let mut diags = Diagnostics::default();
    let raw = load::parse_tree(root, &mut diags);
    validate::validate(&raw, &mut diags);
    assemble(root, raw, diags)
}

/// Turns parsed and validated files into a [`Project`], or returns the problems found.
pub fn assemble(
    root: &Path,
    raw: load::RawProject,
    mut diags: Diagnostics,
) -> Result<Project, Diagnostics> {
    match raw.meeting {
        Some(meeting) if !diags.has_errors() => {
            let mut annexes: Vec<Annex> = raw
                .annexes
                .into_iter()
                .filter_map(|a| {
                    let mut items = a.items;
                    items.sort_by_key(|i| i.value.seq);
                    Some(Annex {
                        dir: a.dir,
                        meta: a.meta?,
                        items,
                    })
                })
                .collect();
            annexes.sort_by_key(|a| a.meta.value.number);
            diags.sort();
            Ok(Project {
                root: root.to_path_buf(),
                meeting,
                annexes,
                warnings: diags,
            })
        }
        _ => {
            // A project that cannot be built always says why: a failed run never shows only
            // warnings (meeting.yaml unread for a reason no check named is still an error).
            if !diags.has_errors() {
                diags.push(Diagnostic::file(
                    &root.join("meeting.yaml"),
                    crate::tr!("load-no-meeting"),
                ));
            }
            diags.sort();
            Err(diags)
        }
    }
}

impl Project {
    /// Drops every file's field positions (the writers do not need them; for a large project
    /// they hold as much again as the text itself).
    pub fn forget_positions(&mut self) {
        let empty = locate::Locator::default;
        self.meeting.source.locator = empty();
        for annex in &mut self.annexes {
            annex.meta.source.locator = empty();
            for item in &mut annex.items {
                item.source.locator = empty();
            }
        }
    }

    /// Every content file, meeting first.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.meeting.source).chain(
            self.annexes.iter().flat_map(|a| {
                std::iter::once(&a.meta.source).chain(a.items.iter().map(|i| &i.source))
            }),
        )
    }

    /// Points at the first content field that contains `c`, for errors about a character.
    pub fn locate_char(&self, c: char, message: &str) -> Option<Diagnostic> {
        self.sources().find_map(|s| {
            s.locator
                .scalars
                .iter()
                .find(|(_, _, v)| v.contains(c))
                .map(|(path, pos, _)| {
                    let mut d = s.diag(path, message);
                    d.line = pos.line;
                    d.column = pos.column;
                    d
                })
        })
    }

    /// One line saying what the content holds.
    pub fn summary(&self) -> String {
        let rows: usize = self
            .annexes
            .iter()
            .flat_map(|a| &a.items)
            .map(|i| i.value.rows.len())
            .sum();
        crate::tr!(
            "check-valid",
            folder = self.root.display().to_string(),
            annexes = self.annexes.len(),
            items = self.item_count(),
            rows = rows
        )
    }

    /// Number of items over all annexes.
    pub fn item_count(&self) -> usize {
        self.annexes.iter().map(|a| a.items.len()).sum()
    }
}
