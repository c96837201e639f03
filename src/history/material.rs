//! What a reader of the material sees change between two revisions: both sides' content
//! rendered with today's templates, and the paragraphs and table cells compared in the
//! document's order. Field changes ([`super::diff`]) say which YAML changed; this says which
//! sentences of the 汇报 and cells of the 附件 did, including text the templates make from the
//! content (an item added turns 三大类 into 四大类; a new annex adds a （三） section).

use super::git::Files;
use crate::document::Document;
use crate::layout::Origin;
use std::path::Path;

/// One paragraph or cell as the reader sees it, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// `汇报`, `附件1`, `附件1 第3项 事项推进情况`.
    pub place: String,
    /// Its text.
    pub text: String,
}

/// A paragraph or cell that changed, in the later side's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where it stands (in the later side, or the earlier for one taken out).
    pub place: String,
    /// The earlier text (None: added).
    pub old: Option<String>,
    /// The later text (None: taken out).
    pub new: Option<String>,
}

/// The material `files` (the version named `version`) make with the templates in `templates`
/// (the built-in ones where it lacks them), as its paragraphs and cells in order; why not,
/// when that version does not build.
pub fn read(files: &Files, templates: &Path, version: &str) -> Result<Vec<Seen>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let content = dir.path().join("content");
    for (rel, text) in files {
        let path = content.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    let project = crate::content::load(&content).map_err(|d| {
        crate::tr!(
            "changes-material-unbuilt",
            version = version,
            problems = d.len()
        )
    })?;
    let theme = crate::theme::Theme::load(templates)?;
    let rendered = crate::render::render(&project, &theme).map_err(|f| f.to_string())?;
    let mut seen = Vec::new();
    // Places are named as the material names its parts, in Chinese whatever the interface's
    // language, like the fields' labels (第1条 事项推进情况).
    collect(&rendered.report.document, "汇报", &mut seen);
    for (heading, annex) in &rendered.annexes {
        collect(
            &annex.document,
            &format!("附件{}", heading.number),
            &mut seen,
        );
    }
    Ok(seen)
}

/// The paragraphs and body cells of `doc`, each placed under `part`; a cell by its row
/// group (第N项) and its column's head. Paragraphs are placed by their part alone: a
/// paragraph's number moves whenever one is added before it.
fn collect(doc: &Document, part: &str, out: &mut Vec<Seen>) {
    let spots = crate::fields::spots(doc);
    let places = crate::fields::places(doc, part);
    for (spot, place) in spots.iter().zip(places) {
        match spot.origin {
            Origin::Paragraph { .. } => out.push(Seen {
                place: part.to_string(),
                text: spot.text.to_string(),
            }),
            Origin::Cell { group: Some(_), .. } => out.push(Seen {
                place,
                text: spot.text.to_string(),
            }),
            Origin::Cell { group: None, .. } => {}
        }
    }
}

/// What changed from `old` to `new`: paragraphs and cells added, taken out or changed, in the
/// later side's order (one taken out where it stood).
pub fn compare(old: &[Seen], new: &[Seen]) -> Vec<Change> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    // Compared by text: a paragraph that moved (a section inserted before it) is the same.
    let (ta, tb): (Vec<&str>, Vec<&str>) = (
        old.iter().map(|s| s.text.as_str()).collect(),
        new.iter().map(|s| s.text.as_str()).collect(),
    );
    let mut out: Vec<Change> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ta, &tb) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for s in &old[old_index..old_index + old_len] {
                    out.push(Change {
                        place: s.place.clone(),
                        old: Some(s.text.clone()),
                        new: None,
                    });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for s in &new[new_index..new_index + new_len] {
                    out.push(Change {
                        place: s.place.clone(),
                        old: None,
                        new: Some(s.text.clone()),
                    });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (olds, news) = (
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                );
                for k in 0..old_len.max(new_len) {
                    let (o, n) = (olds.get(k), news.get(k));
                    out.push(Change {
                        place: n.or(o).map(|s| s.place.clone()).unwrap_or_default(),
                        old: o.map(|s| s.text.clone()),
                        new: n.map(|s| s.text.clone()),
                    });
                }
            }
        }
    }
    // An empty cell that comes or goes (a year without a plan in a new item) says nothing.
    let blank = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
    out.retain(|c| !(blank(&c.old) && blank(&c.new)));
    out
}
