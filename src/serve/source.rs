//! From a spot on a page to the content field it shows, and back: an edit typed on the page
//! written into that field, as `import --write` writes a returned workbook's cell.
//!
//! The page knows which paragraph or cell a spot is ([`Origin`]); its text is matched against
//! the fields of the content files it can come from (an annex's row group is its item's file,
//! a row its `rows[N]`). Only text that is one field's whole value is editable; text the
//! templates make, or assemble from several fields, or that runs prose through a template
//! expression, is shown as such, never guessed.

use crate::content::labels::{self, FileKind};
use crate::content::locate::Locator;
use crate::document::{Block, Document};
use crate::fields::{Candidate, Match, is_template_only, normalized};
use crate::layout::Origin;
use crate::pipeline::shown::Shown;
use std::path::{Path, PathBuf};

/// A content field a spot of a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its file.
    pub file: PathBuf,
    /// The line its value starts on (1-based).
    pub line: usize,
    /// The field path (`rows[0].progress`).
    pub path: String,
    /// The path with its label (`rows[0].progress (事项推进情况)`).
    pub label: String,
    /// Its value in the file now.
    pub value: String,
    /// The file changed since the page was drawn: an edit would overwrite what the page
    /// does not show.
    pub changed: bool,
}

/// What a spot of a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// One field's value: editable on the page. The whole of the spot's text, or (`whole`
    /// false) inside text the templates put around it (`（一）` before a heading, `注：1、`
    /// before a note).
    Field(Field, bool),
    /// The same text in several fields: which one the page shows is not known.
    Several(Vec<Field>),
    /// Text the templates make of several fields (a list of departments, a header line).
    Composed(Vec<Field>),
    /// Text the templates make (a heading, a column head, a number) or assemble (from several
    /// fields, or prose with a template expression, `near` being that prose's field).
    Template {
        /// The page's text.
        text: String,
        /// The field whose template expressions made it, when one is recognised.
        near: Option<Field>,
    },
}

/// What area `origin` of part `part` shows (None when the part or spot does not exist).
pub fn find(shown: &Shown, part: usize, origin: Origin) -> Option<Found> {
    let part = shown.parts.get(part)?;
    let text = normalized(text_at(&part.document, origin)?);
    let (files, row_prefix): (Vec<&PathBuf>, Option<String>) = match origin {
        Origin::Paragraph { .. } => (part.files.iter().collect(), None),
        Origin::Cell {
            group: Some(g),
            row,
            ..
        } => (
            part.items.get(g).map(|(f, _)| f).into_iter().collect(),
            Some(format!("rows[{row}].")),
        ),
        Origin::Cell { group: None, .. } => (Vec::new(), None),
    };
    let mut fields = Vec::new();
    for file in files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let changed = shown.read_as.get(file).copied()
            != Some(crate::content::load::fingerprint(source.as_bytes()));
        let kind = kind_of(file);
        for (path, pos, value) in Locator::new(&source).scalars {
            fields.push(Field {
                file: file.clone(),
                line: pos.line,
                label: labels::field(kind, &path),
                path,
                value,
                changed,
            });
        }
    }
    let candidates: Vec<Candidate> = fields
        .iter()
        .map(|f| Candidate::new(&f.path, &f.value))
        .collect();
    let matched = crate::fields::find(&text, &candidates, row_prefix.as_deref());
    let take = |indices: Vec<usize>| -> Vec<Field> {
        indices.into_iter().map(|i| fields[i].clone()).collect()
    };
    Some(match matched {
        Match::Exact(mut only) if only.len() == 1 => {
            Found::Field(fields[only.remove(0)].clone(), true)
        }
        Match::Exact(several) => Found::Several(take(several)),
        Match::Inside(mut only) if only.len() == 1 => {
            Found::Field(fields[only.remove(0)].clone(), false)
        }
        Match::Inside(several) => Found::Composed(take(several)),
        Match::Template { near } => Found::Template {
            text,
            near: near.map(|i| fields[i].clone()),
        },
    })
}

/// The text of the paragraph or cell at `origin`.
fn text_at(doc: &Document, origin: Origin) -> Option<&str> {
    let (section, block) = match origin {
        Origin::Paragraph { section, block } | Origin::Cell { section, block, .. } => {
            (section, block)
        }
    };
    match (doc.sections.get(section)?.blocks.get(block)?, origin) {
        (Block::Paragraph(p), Origin::Paragraph { .. }) => Some(&p.text),
        (
            Block::Table(t),
            Origin::Cell {
                group, row, cell, ..
            },
        ) => {
            let rows = match group {
                Some(g) => t.groups.get(g)?,
                None => &t.head,
            };
            Some(&rows.get(row)?.cells.get(cell)?.text)
        }
        _ => None,
    }
}

/// What kind of content file `path` is, by its name.
fn kind_of(path: &Path) -> FileKind {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("meeting.yaml") => FileKind::Meeting,
        Some("_annex.yaml") => FileKind::Annex,
        _ => FileKind::Item,
    }
}

/// Why an edit from the page was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The file or the field changed since the page was drawn: nothing written.
    Conflict(String),
    /// Not a field the page may edit, or the edit would break the content: nothing written
    /// (or, when the content no longer built, the old file put back).
    Invalid(String),
}

/// Sets field `path` of `file` from `old` (the text the page showed) to `new`: only a field
/// of a content file the last good build read, only while that file is as the build read it
/// and the field still holds `old`. Written and checked as `import --write` does: the field's
/// characters alone change (comments, key order, line ends kept), the file is replaced all or
/// nothing, and it is put back when the content no longer builds.
pub fn edit(
    shown: &Shown,
    opts: &crate::pipeline::BuildOptions,
    (file, path): (&Path, &str),
    (old, new): (&str, &str),
) -> Result<(), Refused> {
    let shown_file = crate::diag::shown(file);
    let Some(&read_as) = shown.read_as.get(file) else {
        return Err(Refused::Invalid(crate::tr!(
            "serve-edit-not-content",
            file = shown_file
        )));
    };
    let io = |e: std::io::Error| {
        Refused::Invalid(format!("{shown_file}: {}", crate::i18n::io_reason(&e)))
    };
    let bytes = std::fs::read(file).map_err(io)?;
    let conflict =
        || Refused::Conflict(crate::tr!("serve-edit-conflict", file = shown_file.clone()));
    if crate::content::load::fingerprint(&bytes) != read_as {
        return Err(conflict());
    }
    let text = String::from_utf8(bytes.clone()).map_err(|_| conflict())?;
    let locator = Locator::new(&text);
    let Some((_, _, value)) = locator.scalars.iter().find(|(p, _, _)| p == path) else {
        return Err(Refused::Invalid(crate::tr!(
            "serve-edit-no-field",
            field = path
        )));
    };
    if is_template_only(path) {
        return Err(Refused::Invalid(crate::tr!(
            "serve-edit-no-field",
            field = path
        )));
    }
    if normalized(value) != normalized(old) {
        return Err(conflict());
    }
    let edit = crate::content::edit::Edit {
        path: path.to_string(),
        value: crate::content::edit::NewValue::Text(new.trim().to_string()),
    };
    let edited = crate::content::edit::apply(&text, &[edit])
        .map_err(|e| Refused::Invalid(format!("{shown_file}: {e}")))?;
    let folder = crate::transaction::Folder::open(&opts.content).map_err(Refused::Invalid)?;
    let write = |bytes: Vec<u8>| {
        crate::import::write_files(&folder, &[(file.to_path_buf(), bytes)])
            .map_err(Refused::Invalid)
    };
    write(edited.into_bytes())?;
    // The folder is held: the check takes no reading lock of its own.
    let checked = crate::pipeline::produce(&crate::pipeline::BuildOptions {
        content_held: true,
        markup: false,
        ..opts.clone()
    });
    if let Err(failure) = checked {
        write(bytes)?;
        let mut why = String::from_utf8_lossy(&failure.render(false)).into_owned();
        why.push_str(&crate::tr!("serve-edit-rolled-back"));
        return Err(Refused::Invalid(why));
    }
    Ok(())
}
